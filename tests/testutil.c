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

/*
 * Doubles bit for bit: a copy must not even turn 0 into -0.  Checked
 * before asserting: a model comparison makes thousands of them, and each
 * assertion Check sees costs a message.
 */
#define TEST_SAME(x, y, what, field)					\
	do {								\
		if (memcmp(&(x), &(y), sizeof(x)))			\
			ck_abort_msg("%s: %s differs", what, field);	\
	} while (0)
#define TEST_TRUE(cond, ...)						\
	do {								\
		if (!(cond))						\
			ck_abort_msg(__VA_ARGS__);			\
	} while (0)

static void test_tag_eq(struct model *a, struct model *b, struct tag *x,
			struct tag *y, const char *what)
{
	int64_t hx[512], hy[512];
	double tx[512], ty[512];
	size_t nx, ny;

	TEST_TRUE(!model_tag_cmp(x, y), "%s: tag %s:%llu vs %s:%llu", what,
		  x->file, (unsigned long long)x->line, y->file,
		  (unsigned long long)y->line);
	TEST_SAME(x->plain, y->plain, what, "plain");
	TEST_SAME(x->hash, y->hash, what, "hash");
	TEST_SAME(x->rank, y->rank, what, "rank");
	TEST_SAME(x->bytes, y->bytes, what, "bytes");
	TEST_SAME(x->calls, y->calls, what, "calls");
	TEST_SAME(x->accurate, y->accurate, what, "accurate");
	TEST_SAME(x->state, y->state, what, "state");
	TEST_SAME(x->dbytes, y->dbytes, what, "dbytes");
	TEST_SAME(x->dcalls, y->dcalls, what, "dcalls");
	TEST_SAME(x->rate, y->rate, what, "rate");
	TEST_SAME(x->growth, y->growth, what, "growth");
	TEST_SAME(x->avg, y->avg, what, "avg");
	TEST_SAME(x->slope, y->slope, what, "slope");
	TEST_SAME(x->grew, y->grew, what, "grew");
	TEST_SAME(x->leak, y->leak, what, "leak");
	TEST_SAME(x->fit_seq, y->fit_seq, what, "fit_seq");
	TEST_SAME(x->first_bytes, y->first_bytes, what, "first_bytes");
	TEST_SAME(x->base_bytes, y->base_bytes, what, "base_bytes");
	TEST_SAME(x->min_bytes, y->min_bytes, what, "min_bytes");
	TEST_SAME(x->max_bytes, y->max_bytes, what, "max_bytes");
	TEST_SAME(x->first_time, y->first_time, what, "first_time");
	TEST_SAME(x->first_seq, y->first_seq, what, "first_seq");
	TEST_SAME(x->last_seq, y->last_seq, what, "last_seq");
	TEST_SAME(x->out, y->out, what, "out");
	TEST_TRUE(!x->hist == !y->hist, "%s: history kept in one only", what);
	TEST_TRUE(model_history_len(a, x) == model_history_len(b, y),
		  "%s: history lengths differ", what);
	nx = model_history(a, x, hx, tx, 512);
	ny = model_history(b, y, hy, ty, 512);
	TEST_TRUE(nx == ny, "%s: history lengths differ", what);
	TEST_TRUE(!memcmp(hx, hy, nx * sizeof(*hx)), "%s: history differs",
		  what);
	TEST_TRUE(!memcmp(tx, ty, nx * sizeof(*tx)),
		  "%s: history times differ", what);
}

void test_model_eq(struct model *a, struct model *b, const char *what)
{
	size_t i;

	TEST_SAME(a->seq, b->seq, what, "seq");
	TEST_SAME(a->lo, b->lo, what, "lo");
	TEST_SAME(a->prev_lo, b->prev_lo, what, "prev_lo");
	TEST_SAME(a->keep, b->keep, what, "keep");
	TEST_SAME(a->inv_seq, b->inv_seq, what, "inv_seq");
	TEST_SAME(a->window, b->window, what, "window");
	TEST_SAME(a->tags_gen, b->tags_gen, what, "tags_gen");
	TEST_SAME(a->time, b->time, what, "time");
	TEST_SAME(a->prev_time, b->prev_time, what, "prev_time");
	TEST_SAME(a->first_time, b->first_time, what, "first_time");
	TEST_SAME(a->has_content_id, b->has_content_id, what, "content id");
	TEST_SAME(a->content_id, b->content_id, what, "content_id");
	TEST_SAME(a->has_known_id, b->has_known_id, what, "known id");
	TEST_SAME(a->known_id, b->known_id, what, "known_id");
	TEST_SAME(a->content_changes, b->content_changes, what,
		  "content_changes");
	TEST_SAME(a->retries, b->retries, what, "retries");
	TEST_SAME(a->nlive, b->nlive, what, "nlive");
	TEST_SAME(a->bytes, b->bytes, what, "bytes");
	TEST_SAME(a->calls, b->calls, what, "calls");
	TEST_SAME(a->dbytes, b->dbytes, what, "dbytes");
	TEST_SAME(a->marked, b->marked, what, "marked");
	TEST_SAME(a->mark_time, b->mark_time, what, "mark_time");
	TEST_TRUE(!strcmp(a->host, b->host), "%s: host differs", what);
	TEST_TRUE(!strcmp(a->release, b->release), "%s: release differs",
		  what);
	TEST_SAME(a->mem.bytes, b->mem.bytes, what, "mem");
	TEST_SAME(a->mem.has, b->mem.has, what, "mem");
	TEST_SAME(a->prev_mem.bytes, b->prev_mem.bytes, what, "prev_mem");
	TEST_SAME(a->prev_mem.has, b->prev_mem.has, what, "prev_mem");
	TEST_SAME(a->ntags, b->ntags, what, "ntags");
	TEST_SAME(a->nout, b->nout, what, "nout");
	model_rank(a);
	model_rank(b);
	for (i = 0; i < a->ntags; i++) {
		model_fit(a, a->tags[i]);
		model_fit(b, b->tags[i]);
		test_tag_eq(a, b, a->tags[i], b->tags[i], what);
	}
	for (i = 0; i < a->nout; i++)
		test_tag_eq(a, b, a->out[i], b->out[i], what);
}
