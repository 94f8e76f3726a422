// SPDX-License-Identifier: GPL-2.0
/* The /proc/allocinfo text source: a fresh read each sample, errors. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "source.h"
#include "testutil.h"

static struct source src;
static struct sample s;

static void text_setup(void)
{
	memset(&src, 0, sizeof(src));
	sample_init(&s);
}

static void text_teardown(void)
{
	source_close(&src);
	sample_fini(&s);
	test_tmpdir_remove();
}

START_TEST(test_text_dump)
{
	const char *path = test_data_path(DEFCONFIG_DUMP);

	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL), 0);
	ck_assert_str_eq(source_name(&src), "text");
	ck_assert(source_is_live(&src));
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, DEFCONFIG_TAGS);
	ck_assert_uint_eq(s.total, DEFCONFIG_TAGS);
	ck_assert_int_eq(s.origin, ORIGIN_TEXT);
	ck_assert(!s.has_content_id);
	ck_assert_double_gt(s.time, 1.7e9);
	/* Live, filtered here, and not a capture one can seek in. */
	ck_assert_uint_eq(source_caps(&src), SOURCE_LIVE);
	ck_assert_uint_eq(source_count(&src), 0);
	ck_assert_int_eq(source_seek(&src, 0), -EOPNOTSUPP);
	{
		double t;

		ck_assert_int_eq(source_time(&src, 0, &t), -EOPNOTSUPP);
	}
}
END_TEST

/*
 * A single read (--once) parses without the cache, and reads what the
 * cached read does: the same records, filtered the same way.
 */
START_TEST(test_text_once)
{
	const char *path = test_data_path(DEFCONFIG_DUMP);
	struct source cached;
	struct sample want;
	struct filter f;
	size_t i, k;

	sample_init(&want);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "4096", NULL), 0);
	for (k = 0; k < 2; k++) {
		const struct filter *pf = k ? &f : NULL;

		/* The cached read's names live in its source: keep it open. */
		ck_assert_int_eq(source_open(&cached, SOURCE_TEXT, path, pf,
					     NULL), 0);
		ck_assert_int_eq(source_read(&cached, &want), 0);
		ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, pf,
					     NULL), 0);
		src.once = true;
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_uint_eq(s.total, DEFCONFIG_TAGS);
		ck_assert_uint_eq(s.total, want.total);
		ck_assert_uint_eq(s.nrecs, want.nrecs);
		ck_assert_uint_lt(s.nrecs, k ? DEFCONFIG_TAGS : SIZE_MAX);
		for (i = 0; i < s.nrecs; i++) {
			ck_assert_str_eq(s.recs[i].module, want.recs[i].module);
			ck_assert_str_eq(s.recs[i].file, want.recs[i].file);
			ck_assert_str_eq(s.recs[i].function,
					 want.recs[i].function);
			ck_assert_uint_eq(s.recs[i].line, want.recs[i].line);
			ck_assert_int_eq(s.recs[i].bytes, want.recs[i].bytes);
			ck_assert_uint_eq(s.recs[i].calls, want.recs[i].calls);
			ck_assert_int_eq(s.recs[i].accurate,
					 want.recs[i].accurate);
		}
		source_close(&src);
		source_close(&cached);
	}
	sample_fini(&want);
}
END_TEST

/* A live sample says where it was read: this host, its meminfo. */
START_TEST(test_text_origin)
{
	struct meminfo want;
	struct utsname un;

	ck_assert_int_eq(uname(&un), 0);
	ck_assert_int_eq(meminfo_read(&want, test_data_path("meminfo.txt")), 0);
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT,
				     test_data_path(TINY_DUMP), NULL, NULL), 0);
	src.meminfo_path = test_data_path("meminfo.txt");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_str_eq(s.host, un.nodename);
	ck_assert_str_eq(s.release, un.release);
	ck_assert_uint_eq(s.mem.has, want.has);
	ck_assert_mem_eq(s.mem.bytes, want.bytes, sizeof(want.bytes));
	/* No meminfo: the sample says nothing of it, and is still read. */
	src.meminfo_path = test_tmp_path("none");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.mem.has, 0);
	ck_assert_uint_eq(s.nrecs, TINY_TAGS);
}
END_TEST

/* Each read reads the file again: the kernel's counters move. */
START_TEST(test_text_reread)
{
	const char *path = test_tmp_path("allocinfo");
	const char *one = "allocinfo - version: 1.0\n1 1 a.c:1 func:f \n";
	const char *two = "allocinfo - version: 2.0\n"
			  "5 2 a.c:1 func:f accurate:no \n"
			  "7 1 b.c:2 [m] func:g \n";
	struct filter f;

	test_write_file(path, one, strlen(one), false);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "2", NULL), 0);
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 1);
	test_write_file(path, two, strlen(two), false);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 2);
	ck_assert_int_eq(s.recs[0].bytes, 5);
	ck_assert(!s.recs[0].accurate);
	src.filter = f;	/* as the sampler does before a read */
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.total, 2);
	ck_assert_uint_eq(s.nrecs, 2);
	test_write_file(path, one, strlen(one), false);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.total, 1);
	ck_assert_uint_eq(s.nrecs, 0);
	/* An empty file is an empty sample. */
	test_write_file(path, "", 0, false);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 0);
}
END_TEST

/* A line that does not parse: the error names path:line and why. */
START_TEST(test_text_bad_line)
{
	const char *path = test_tmp_path("bad");
	const char *text = "allocinfo - version: 1.0\n"
			   "#     <size>  <calls> <tag info>\n"
			   "1 1 a.c:1 func:f \n"
			   "1 1 a.c:1 [] func:f \n";
	char want[600];

	test_write_file(path, text, strlen(text), false);
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), -EINVAL);
	ck_assert_uint_eq(s.nrecs, 0);
	snprintf(want, sizeof(want), "%s:4: bad [module]", path);
	ck_assert_str_eq(src.error, want);
}
END_TEST

START_TEST(test_text_missing)
{
	const char *path = test_tmp_path("gone");

	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(src.error, path));
	ck_assert_ptr_null(src.ops);
	/* A file that goes away after the open. */
	test_write_file(path, "", 0, false);
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL), 0);
	unlink(path);
	ck_assert_int_eq(source_read(&src, &s), -ENOENT);
	ck_assert_ptr_nonnull(strstr(src.error, path));
}
END_TEST

START_TEST(test_text_directory)
{
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, test_tmpdir(), NULL,
				     NULL), -EISDIR);
	ck_assert_ptr_nonnull(strstr(src.error, test_tmpdir()));
	ck_assert_ptr_nonnull(strstr(src.error, "not a regular file"));
}
END_TEST

/*
 * Inputs that are not regular files fail at once, in one line, and never
 * block: a FIFO without a writer, a device that never ends; every source
 * that reads a path does the same.
 */
START_TEST(test_text_not_regular)
{
	static const enum source_kind kinds[] = {
		SOURCE_TEXT, SOURCE_AUTO, SOURCE_IOCTL, SOURCE_CAPTURE,
		SOURCE_BATCH,
	};
	const char *fifo = test_tmp_path("fifo");
	const char *paths[] = { fifo, "/dev/zero", "/dev/null" };
	size_t i, k;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			ck_assert_int_eq(source_open(&src, kinds[k], paths[i],
						     NULL, NULL), -EINVAL);
			ck_assert_msg(strstr(src.error, paths[i]) &&
				      strstr(src.error, "not a regular file") &&
				      !strchr(src.error, '\n'),
				      "%s, kind %zu: '%s'", paths[i], k,
				      src.error);
		}
	}
}
END_TEST

/* A text larger than a sample may be is refused, not read. */
START_TEST(test_text_too_large)
{
	const char *path = test_tmp_path("huge.txt");
	int fd = open(path, O_WRONLY | O_CREAT, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)SOURCE_TEXT_MAX + 1), 0);
	close(fd);
	ck_assert_int_eq(source_open(&src, SOURCE_TEXT, path, NULL, NULL),
			 -EFBIG);
	ck_assert_ptr_nonnull(strstr(src.error, "too large"));
}
END_TEST

START_TEST(test_text_kind_parse)
{
	enum source_kind k = SOURCE_CAPTURE;

	ck_assert_int_eq(source_kind_parse("auto", &k), 0);
	ck_assert_int_eq(k, SOURCE_AUTO);
	ck_assert_int_eq(source_kind_parse("ioctl", &k), 0);
	ck_assert_int_eq(k, SOURCE_IOCTL);
	ck_assert_int_eq(source_kind_parse("text", &k), 0);
	ck_assert_int_eq(k, SOURCE_TEXT);
	ck_assert_int_eq(source_kind_parse("capture", &k), -EINVAL);
	ck_assert_int_eq(source_kind_parse("", &k), -EINVAL);
}
END_TEST

Suite *source_text_suite(void)
{
	Suite *s = suite_create("source_text");
	TCase *tc = tcase_create("text");

	tcase_add_checked_fixture(tc, text_setup, text_teardown);
	tcase_add_test(tc, test_text_dump);
	tcase_add_test(tc, test_text_once);
	tcase_add_test(tc, test_text_origin);
	tcase_add_test(tc, test_text_reread);
	tcase_add_test(tc, test_text_bad_line);
	tcase_add_test(tc, test_text_missing);
	tcase_add_test(tc, test_text_directory);
	tcase_add_test(tc, test_text_not_regular);
	tcase_add_test(tc, test_text_too_large);
	tcase_add_test(tc, test_text_kind_parse);
	suite_add_tcase(s, tc);
	return s;
}
