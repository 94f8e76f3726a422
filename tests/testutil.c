// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the unit tests: data files, temp files, samples. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "testutil.h"

/*
 * TEST_DATA, else tests/data under the current directory (make runs the
 * tests from the top), else relative to the binary in $(BUILD)/tests/.
 */
static const char *test_data_dir(void)
{
	static char dir[4096 + 32];
	const char *env = getenv("TEST_DATA");
	char exe[4096];
	ssize_t n;

	if (env && *env)
		return env;
	if (!access("tests/data", R_OK))
		return "tests/data";
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "tests/data";
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	snprintf(dir, sizeof(dir), "%s/../../../tests/data", exe);
	return dir;
}

const char *test_data_path(const char *name)
{
	static char path[8192];

	snprintf(path, sizeof(path), "%s/%s", test_data_dir(), name);
	return path;
}

char *test_read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(source_slurp(fd, &buf, &n, &cap), 0);
	close(fd);
	if (len)
		*len = n;
	return buf;
}

void test_write_file(const char *path, const char *data, size_t len,
		     bool append)
{
	int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC),
		      0644);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	while (len) {
		ssize_t n = write(fd, data, len);

		ck_assert_msg(n > 0, "%s: %s", path, strerror(errno));
		data += n;
		len -= (size_t)n;
	}
	close(fd);
}

void test_load_dump(struct sample *s, const char *name)
{
	struct parse_error err = { 0 };
	size_t len, used = 0;
	char *buf = test_read_file(test_data_path(name), &len);
	int ret = parse_text(s, buf, len, 1, NULL, &used, &err);

	ck_assert_msg(ret == 0, "%s:%zu: %s", name, err.line, err.msg);
	ck_assert_uint_eq(used, len);
	free(buf);
}

void test_ingest(struct model *m, struct sample *s, double t)
{
	s->time = t;
	model_ingest(m, s, false);
	sample_clear(s);
}

struct rec *test_add(struct sample *s, const char *module, const char *file,
		     uint64_t line, const char *function, int64_t bytes,
		     uint64_t calls, bool accurate)
{
	/* Copy the strings first: sample_add() may move the records. */
	const char *m = sample_strndup(s, module, strlen(module));
	const char *fi = sample_strndup(s, file, strlen(file));
	const char *fn = sample_strndup(s, function, strlen(function));
	struct rec *r = sample_add(s);

	r->module = m;
	r->file = fi;
	r->function = fn;
	r->line = line;
	r->bytes = bytes;
	r->calls = calls;
	r->accurate = accurate;
	s->total++;
	return r;
}

static char tmpdir[256];

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/allocinfo-test.XXXXXX",
			 base && *base ? base : "/tmp");
		ck_assert_msg(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	}
	return tmpdir;
}

const char *test_tmp_path(const char *name)
{
	static char paths[4][512];
	static unsigned int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "%s/%s", test_tmpdir(), name);
	return p;
}

void test_tmpdir_remove(void)
{
	DIR *d;
	struct dirent *e;

	if (!tmpdir[0])
		return;
	d = opendir(tmpdir);
	if (d) {
		while ((e = readdir(d))) {
			char p[600];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	tmpdir[0] = '\0';
}
