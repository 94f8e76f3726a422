// SPDX-License-Identifier: GPL-2.0
/*
 * Captures: the recorder's output parses back to the same sample; the
 * capture source reads many samples, a bare dump, a truncated last sample
 * (dropped with a notice), a bad middle sample (an error naming the
 * line), and seeks; recordings are 0600 and only ever appended to.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "record.h"
#include "source.h"
#include "testutil.h"

static struct source src;
static struct sample s;

static void capture_setup(void)
{
	memset(&src, 0, sizeof(src));
	sample_init(&s);
}

static void capture_teardown(void)
{
	source_close(&src);
	sample_fini(&s);
	test_tmpdir_remove();
}

/* A small sample with every kind of record. */
static void make_sample(struct sample *x, double time, int64_t base)
{
	sample_clear(x);
	x->time = time;
	x->origin = ORIGIN_IOCTL;
	x->has_content_id = true;
	x->content_id = 42;
	snprintf(x->host, sizeof(x->host), "db-7");
	snprintf(x->release, sizeof(x->release), "6.12.9");
	meminfo_set_kb(&x->mem, MEMINFO_TOTAL, 16318288);
	meminfo_set_kb(&x->mem, MEMINFO_SLAB, 0);
	meminfo_set_kb(&x->mem, MEMINFO_PAGE_TABLES, 18014398509481983ULL);
	test_add(x, "", "init/main.c", 1311, "do_initcalls", base, 1, true);
	test_add(x, "ext4", "fs/ext4/super.c", 5, "ext4_fill_super",
		 base * 2, 3, true);
	test_add(x, "", "mm/percpu.c", 7, "pcpu_alloc", -base, 0, false);
	test_add(x, "m", "drivers/a:b.c", 9, "f.cold", INT64_MIN, UINT64_MAX,
		 false);
}

/* Format x as capture text and append it to path. */
static void append_sample(const char *path, const struct sample *x)
{
	struct recorder r;

	memset(&r, 0, sizeof(r));
	r.fd = -1;
	record_format(&r, x);
	test_write_file(path, r.buf, r.len, true);
	record_close(&r);
}

static void assert_same(const struct sample *a, const struct sample *b)
{
	size_t i;

	ck_assert_uint_eq(a->nrecs, b->nrecs);
	for (i = 0; i < a->nrecs; i++) {
		ck_assert_str_eq(a->recs[i].module, b->recs[i].module);
		ck_assert_str_eq(a->recs[i].file, b->recs[i].file);
		ck_assert_uint_eq(a->recs[i].line, b->recs[i].line);
		ck_assert_str_eq(a->recs[i].function, b->recs[i].function);
		ck_assert_int_eq(a->recs[i].bytes, b->recs[i].bytes);
		ck_assert_uint_eq(a->recs[i].calls, b->recs[i].calls);
		ck_assert_int_eq(a->recs[i].accurate, b->recs[i].accurate);
	}
}

/*
 * The lazy tcases open every capture as the screen does, a few bytes
 * indexed at the open and the rest on the index thread, then wait for it:
 * whatever the open would have said, the wait says.
 */
static bool lazy;

static void capture_setup_lazy(void)
{
	capture_setup();
	lazy = true;
}

static int open_capture(const char *path, const struct filter *f)
{
	int err;

	if (!lazy)
		return source_open(&src, SOURCE_CAPTURE, path, f, NULL);
	err = source_open_lazy(&src, SOURCE_CAPTURE, path, f, 1);
	if (!err) {
		err = source_index_wait(&src);
		ck_assert(!source_indexing(&src));
	}
	if (err)
		source_close(&src);
	return err;
}

START_TEST(test_capture_round_trip)
{
	const char *path = test_tmp_path("rt.cap");
	struct sample want;

	sample_init(&want);
	make_sample(&want, 1700000000.25, 4096);
	append_sample(path, &want);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_str_eq(source_name(&src), "capture");
	ck_assert(!source_is_live(&src));
	ck_assert_uint_eq(source_caps(&src), SOURCE_SEEKABLE);
	ck_assert_uint_eq(source_count(&src), 1);
	ck_assert_int_eq(source_read(&src, &s), 0);
	assert_same(&want, &s);
	ck_assert_double_eq_tol(s.time, 1700000000.25, 1e-6);
	ck_assert(s.has_content_id);
	ck_assert_uint_eq(s.content_id, 42);
	ck_assert_int_eq(s.origin, ORIGIN_CAPTURE);
	ck_assert_int_eq(s.recorded_origin, ORIGIN_IOCTL);
	ck_assert_uint_eq(s.total, 4);
	ck_assert_str_eq(s.host, "db-7");
	ck_assert_str_eq(s.release, "6.12.9");
	ck_assert_uint_eq(s.mem.has, want.mem.has);
	ck_assert_mem_eq(s.mem.bytes, want.mem.bytes, sizeof(s.mem.bytes));
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	sample_fini(&want);
}
END_TEST

/* A replayed sample recorded again keeps the source it was taken by. */
START_TEST(test_capture_rerecord)
{
	const char *a = test_tmp_path("a.cap"), *b = test_tmp_path("b.cap");
	struct sample want;
	char *ta, *tb;

	sample_init(&want);
	make_sample(&want, 12.5, 1);
	append_sample(a, &want);
	ck_assert_int_eq(open_capture(a, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	append_sample(b, &s);
	ta = test_read_file(a, NULL);
	tb = test_read_file(b, NULL);
	ck_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	sample_fini(&want);
}
END_TEST

/* The real dumps, recorded and replayed, come back record for record. */
START_TEST(test_capture_round_trip_dumps)
{
	const char *path = test_tmp_path("dumps.cap");
	struct sample tiny, def;

	sample_init(&tiny);
	sample_init(&def);
	test_load_dump(&tiny, TINY_DUMP);
	test_load_dump(&def, DEFCONFIG_DUMP);
	tiny.time = 100;
	def.time = 200;
	append_sample(path, &tiny);
	append_sample(path, &def);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 2);
	ck_assert_int_eq(source_read(&src, &s), 0);
	assert_same(&tiny, &s);
	ck_assert_int_eq(source_read(&src, &s), 0);
	assert_same(&def, &s);
	ck_assert_uint_eq(s.nrecs, DEFCONFIG_TAGS);
	sample_fini(&tiny);
	sample_fini(&def);
}
END_TEST

/* What a shell loop writes: separators with only a time, full dumps. */
START_TEST(test_capture_shell_loop)
{
	const char *path = test_tmp_path("loop.cap");
	size_t len;
	char *dump = test_read_file(test_data_path(TINY_DUMP), &len);
	int i;

	for (i = 0; i < 3; i++) {
		char sep[64];
		int n = snprintf(sep, sizeof(sep),
				 "@sample 1700000000.%09d\n", i * 5);

		test_write_file(path, sep, (size_t)n, true);
		test_write_file(path, dump, len, true);
	}
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	/* The times come from the index, before any sample is read. */
	for (i = 0; i < 3; i++) {
		double t;

		ck_assert_int_eq(source_time(&src, i, &t), 0);
		ck_assert_double_eq_tol(t, 1700000000 + i * 5e-9, 1e-6);
	}
	{
		double t;

		ck_assert_int_eq(source_time(&src, 3, &t), -ERANGE);
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_uint_eq(s.nrecs, TINY_TAGS);
		ck_assert(!s.has_content_id);
		ck_assert_int_eq(s.recorded_origin, ORIGIN_NONE);
		ck_assert_double_eq_tol(s.time, 1700000000 + i * 5e-9, 1e-6);
	}
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	ck_assert_str_eq(src.notice, "");
	free(dump);
}
END_TEST

/*
 * The README's shell loop: host, release and meminfo in kB; a capture
 * without them says nothing of where it was taken.
 */
START_TEST(test_capture_shell_loop_origin)
{
	static const char text[] =
		"@sample 1700000000 host=db-7 release=6.12.9 MemTotal=1000 Slab=20 VmallocUsed=3 PageTables=4\n"
		"        4096        1 mm/slub.c:2478 func:alloc_slab_page \n"
		"@sample 1700000005\n"
		"        4096        1 mm/slub.c:2478 func:alloc_slab_page \n";
	const char *path = test_tmp_path("origin.cap");

	test_write_file(path, text, strlen(text), false);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_str_eq(s.host, "db-7");
	ck_assert_str_eq(s.release, "6.12.9");
	ck_assert_uint_eq(s.mem.bytes[MEMINFO_TOTAL], 1000 * 1024);
	ck_assert_uint_eq(s.mem.bytes[MEMINFO_SLAB], 20 * 1024);
	ck_assert_uint_eq(s.mem.bytes[MEMINFO_VMALLOC], 3 * 1024);
	ck_assert_uint_eq(s.mem.bytes[MEMINFO_PAGE_TABLES], 4 * 1024);
	ck_assert(!meminfo_has(&s.mem, MEMINFO_PERCPU));
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_str_eq(s.host, "");
	ck_assert_str_eq(s.release, "");
	ck_assert_uint_eq(s.mem.has, 0);
}
END_TEST

/* A name that is not one plain token is not written: it would not parse. */
START_TEST(test_capture_record_odd_host)
{
	struct recorder r;
	struct sample x;

	sample_init(&x);
	x.time = 1;
	snprintf(x.host, sizeof(x.host), "db 7");
	snprintf(x.release, sizeof(x.release), "6.12\033[2J");
	memset(&r, 0, sizeof(r));
	r.fd = -1;
	record_format(&r, &x);
	ck_assert(!memmem(r.buf, r.len, "host=", 5));
	ck_assert(!memmem(r.buf, r.len, "release=", 8));
	record_close(&r);
	sample_fini(&x);
}
END_TEST

/* A plain dump is one sample, taken at the file's modification time. */
START_TEST(test_capture_bare_dump)
{
	const char *path = test_tmp_path("bare.txt");
	struct timespec ts[2] = { { 1700000000, 500000000 },
				  { 1700000000, 500000000 } };
	size_t len;
	char *dump = test_read_file(test_data_path(DEFCONFIG_DUMP), &len);

	test_write_file(path, dump, len, false);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 1);
	{
		double t;

		/* No separator: no recorded time to pace a replay by. */
		ck_assert_int_eq(source_time(&src, 0, &t), -ENODATA);
	}
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, DEFCONFIG_TAGS);
	ck_assert_double_eq_tol(s.time, 1700000000.5, 1e-6);
	ck_assert(!s.has_content_id);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	free(dump);
}
END_TEST

/* A bare dump with separated samples after it: it was taken first. */
START_TEST(test_capture_bare_then_separated)
{
	const char *path = test_tmp_path("mixed.cap");
	size_t len;
	char *dump = test_read_file(test_data_path(DEFCONFIG_DUMP), &len);

	test_write_file(path, dump, len, false);
	test_write_file(path, "@sample 1000.5\n", 15, true);
	test_write_file(path, dump, len, true);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 2);
	{
		double t;

		ck_assert_int_eq(source_time(&src, 0, &t), -ENODATA);
		ck_assert_int_eq(source_time(&src, 1, &t), 0);
		ck_assert_double_eq_tol(t, 1000.5, 1e-6);
	}
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq_tol(s.time, 1000.5, 1e-6);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq_tol(s.time, 1000.5, 1e-6);
	free(dump);
}
END_TEST

/* The capture filter: kernel semantics, total counts every tag. */
START_TEST(test_capture_filter)
{
	const char *path = test_tmp_path("f.cap");
	struct sample x;
	struct filter f;

	sample_init(&x);
	make_sample(&x, 1, 100);
	append_sample(path, &x);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
	ck_assert_int_eq(open_capture(path, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.total, 4);
	ck_assert_uint_eq(s.nrecs, 2);
	ck_assert_str_eq(s.recs[1].function, "pcpu_alloc");
	/* A filter matching nothing is a valid empty sample. */
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "12345", NULL), 0);
	src.filter = f;	/* as the sampler does before a read */
	ck_assert_int_eq(source_seek(&src, 0), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_uint_eq(s.total, 4);
	sample_fini(&x);
}
END_TEST

static void write_three(const char *path)
{
	struct sample x;
	int i;

	sample_init(&x);
	for (i = 0; i < 3; i++) {
		make_sample(&x, 100 + i, 1000 * (i + 1));
		append_sample(path, &x);
	}
	sample_fini(&x);
}

START_TEST(test_capture_seek)
{
	const char *path = test_tmp_path("seek.cap");

	write_three(path);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_int_eq(source_seek(&src, 2), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 102);
	ck_assert_int_eq(s.recs[0].bytes, 3000);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	ck_assert_int_eq(source_seek(&src, 1), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 101);
	ck_assert_int_eq(source_seek(&src, 0), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 100);
	ck_assert_int_eq(source_seek(&src, 3), 0);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	ck_assert_int_eq(source_seek(&src, 4), -EINVAL);
}
END_TEST

/* Append raw text to a capture. */
static void append_text(const char *path, const char *text)
{
	test_write_file(path, text, strlen(text), true);
}

/* Count the lines of a file, to name the line of a later one. */
static size_t file_lines(const char *path)
{
	size_t n = 0;
	char *buf = test_read_file(path, NULL), *p;

	for (p = buf; *p; p++)
		n += *p == '\n';
	free(buf);
	return n;
}

/* A recorder killed inside a line: the last sample is dropped. */
START_TEST(test_capture_truncated_cut_line)
{
	const char *path = test_tmp_path("cut.cap");
	char want[64];
	size_t sep_line;
	int i;

	write_three(path);
	sep_line = file_lines(path) + 1;
	append_text(path, "@sample 103.0 tags=4\n"
			  "        1000        1 init/main.c:1311 func:do_in");
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_ptr_nonnull(strstr(src.notice, "truncated"));
	snprintf(want, sizeof(want), "cut.cap:%zu:", sep_line);
	ck_assert_msg(strstr(src.notice, want), "notice '%s' lacks '%s'",
		      src.notice, want);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_uint_eq(s.nrecs, 4);
		ck_assert_double_eq(s.time, 100 + i);
	}
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
}
END_TEST

/* Killed between lines: fewer tags than the separator announced. */
START_TEST(test_capture_truncated_few_tags)
{
	const char *path = test_tmp_path("few.cap");

	write_three(path);
	append_text(path, "@sample 103.0 tags=4\n"
			  "        1000        1 init/main.c:1311 func:do_initcalls \n"
			  "           1        1 a.c:1 func:f \n");
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_ptr_nonnull(strstr(src.notice, "truncated"));
	ck_assert_int_eq(source_seek(&src, 2), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 102);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
}
END_TEST

/* Killed right after the separator. */
START_TEST(test_capture_truncated_separator_only)
{
	const char *path = test_tmp_path("sep.cap");

	write_three(path);
	append_text(path, "@sample 103.0 content_id=42 source=ioctl tags=4\n");
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_ptr_nonnull(strstr(src.notice, "truncated"));
}
END_TEST

/* Killed inside the separator line itself, at any byte of it. */
START_TEST(test_capture_truncated_in_separator)
{
	const char *sep = "@sample 103.5 content_id=42 source=ioctl tags=4\n";
	const char *path = test_tmp_path("insep.cap");
	size_t cut, lines;
	char want[64];

	write_three(path);
	lines = file_lines(path);
	snprintf(want, sizeof(want), "insep.cap:%zu:", lines + 1);
	for (cut = 1; cut < strlen(sep); cut++) {
		char *text;
		size_t len;

		text = test_read_file(path, &len);
		test_write_file(path, sep, cut, true);
		ck_assert_msg(open_capture(path, NULL) == 0, "cut at %zu: %s",
			      cut, src.error);
		ck_assert_msg(source_count(&src) == 3, "cut at %zu: %zu samples",
			      cut, source_count(&src));
		ck_assert_msg(strstr(src.notice, "truncated") &&
			      strstr(src.notice, want),
			      "cut at %zu: notice '%s'", cut, src.notice);
		ck_assert_int_eq(source_seek(&src, 2), 0);
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_double_eq(s.time, 102);
		source_close(&src);
		test_write_file(path, text, len, false);
		free(text);
	}
}
END_TEST

/* One sample only, and it is cut: nothing to replay is an error. */
START_TEST(test_capture_truncated_only_sample)
{
	const char *path = test_tmp_path("one.cap");

	append_text(path, "@sample 1 tags=2\n1 1 a.c:1 func:f \n");
	ck_assert_int_eq(open_capture(path, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(src.error, "one.cap"));
	ck_assert_ptr_eq(src.ops, NULL);
}
END_TEST

/* A malformed record in a middle sample: an error naming file:line. */
START_TEST(test_capture_bad_middle)
{
	const char *path = test_tmp_path("bad.cap");
	struct sample x;
	char want[64];
	size_t bad_line;

	sample_init(&x);
	make_sample(&x, 1, 10);
	append_sample(path, &x);
	append_text(path, "@sample 2 tags=2\n"
			  "allocinfo - version: 1.0\n"
			  "1 1 a.c:1 func:f \n");
	bad_line = file_lines(path) + 1;
	append_text(path, "1 1 a.c:x func:f \n");
	make_sample(&x, 3, 30);
	append_sample(path, &x);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_str_eq(src.notice, "");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_int_eq(source_read(&src, &s), -EINVAL);
	ck_assert_uint_eq(s.nrecs, 0);
	snprintf(want, sizeof(want), "bad.cap:%zu: bad line number", bad_line);
	ck_assert_msg(strstr(src.error, want), "error '%s' lacks '%s'",
		      src.error, want);
	sample_fini(&x);
}
END_TEST

/*
 * A middle sample with fewer tags than it announced was cut short (a
 * recorder restarted after it): skipped with a notice naming its line,
 * every complete sample after it replayed.
 */
START_TEST(test_capture_bad_middle_count)
{
	const char *path = test_tmp_path("count.cap");
	struct sample x;
	char want[64];
	size_t sep_line;

	sample_init(&x);
	make_sample(&x, 1, 10);
	append_sample(path, &x);
	sep_line = file_lines(path) + 1;
	append_text(path, "@sample 2 tags=3\n1 1 a.c:1 func:f \n");
	make_sample(&x, 3, 30);
	append_sample(path, &x);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 2);
	snprintf(want, sizeof(want), "count.cap:%zu:", sep_line);
	ck_assert_msg(strstr(src.notice, want) &&
		      strstr(src.notice, "truncated"),
		      "notice '%s' lacks '%s'", src.notice, want);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 1);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 3);
	ck_assert_uint_eq(s.nrecs, 4);
	sample_fini(&x);
}
END_TEST

/*
 * What an older recorder left when restarted on a cut file: the next
 * separator glued onto the cut line.  Both the cut sample and the line
 * are named; the glued sample and every later one replay.
 */
START_TEST(test_capture_glued)
{
	const char *path = test_tmp_path("glued.cap");
	struct sample x;
	char want[64];
	size_t sep_line;
	int i;

	sample_init(&x);
	make_sample(&x, 1, 10);
	append_sample(path, &x);
	sep_line = file_lines(path) + 1;
	append_text(path, "@sample 2 tags=4\n"
			  "          10        1 init/main.c:1311 func:do_initcalls \n"
			  "          20        3 fs/ext4/su");
	for (i = 3; i < 6; i++) {
		make_sample(&x, i, 10 * i);
		append_sample(path, &x);
	}
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 4);
	snprintf(want, sizeof(want), "glued.cap:%zu: a sample", sep_line);
	ck_assert_msg(strstr(src.notice, want), "notice '%s' lacks '%s'",
		      src.notice, want);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 1);
	for (i = 3; i < 6; i++) {
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_double_eq(s.time, i);
		ck_assert_uint_eq(s.nrecs, 4);
		ck_assert_int_eq(s.recs[0].bytes, 10 * i);
	}
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	sample_fini(&x);
}
END_TEST

/* Several cut samples: one notice line naming each of them. */
START_TEST(test_capture_many_cut)
{
	const char *path = test_tmp_path("many.cap");
	size_t lines[3], i;
	struct sample x;
	char want[64];

	sample_init(&x);
	for (i = 0; i < 3; i++) {
		make_sample(&x, 10 * i, 1);
		append_sample(path, &x);
		lines[i] = file_lines(path) + 1;
		append_text(path, "@sample 5 tags=9\n1 1 a.c:1 func:f \n");
	}
	make_sample(&x, 99, 1);
	append_sample(path, &x);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 4);
	ck_assert_ptr_null(strchr(src.notice, '\n'));
	ck_assert_ptr_nonnull(strstr(src.notice, "3 samples"));
	snprintf(want, sizeof(want), "many.cap:%zu:", lines[0]);
	ck_assert_msg(strstr(src.notice, want), "'%s'", src.notice);
	snprintf(want, sizeof(want), "%zu, %zu;", lines[1], lines[2]);
	ck_assert_msg(strstr(src.notice, want), "'%s' lacks '%s'", src.notice,
		      want);
	sample_fini(&x);
}
END_TEST

/* Comments before the first separator do not make an empty sample. */
START_TEST(test_capture_leading_comments)
{
	const char *path = test_tmp_path("lead.cap");

	append_text(path, "# recorded on box 7\n"
			  "--- before the incident\n\n"
			  "  # indented\n");
	write_three(path);
	/* A comment that mentions a separator is still a comment. */
	append_text(path, "# then @sample 1 per second, by hand\n");
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_str_eq(src.notice, "");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 100);
	ck_assert_uint_eq(s.nrecs, 4);
}
END_TEST

/* A time no clock gives is refused where the capture is opened. */
START_TEST(test_capture_time_range)
{
	const char *path = test_tmp_path("time.cap");
	char want[64];

	write_three(path);
	snprintf(want, sizeof(want), "time.cap:%zu: ", file_lines(path) + 1);
	append_text(path, "@sample 1e20 tags=1\n1 1 a.c:1 func:f \n");
	ck_assert_int_eq(open_capture(path, NULL), -EINVAL);
	ck_assert_msg(strstr(src.error, want) &&
		      strstr(src.error, "out of range"), "'%s' lacks '%s'",
		      src.error, want);
}
END_TEST

/* Lines up to the limit are read whole; a longer one is an error. */
START_TEST(test_capture_long_lines)
{
	const char *path = test_tmp_path("long.cap");
	size_t n = ((size_t)1 << 20) - 2;
	char *line = malloc(n + 2);

	memset(line, '#', n);
	line[n] = '\n';
	line[n + 1] = '\0';
	write_three(path);
	append_text(path, line);
	write_three(path);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 6);
	source_close(&src);
	line[n] = '#';
	append_text(path, line);
	append_text(path, line);
	append_text(path, "\n");
	ck_assert_int_eq(open_capture(path, NULL), -EINVAL);
	ck_assert_msg(strstr(src.error, "longer than"), "'%s'", src.error);
	free(line);
}
END_TEST

/* A capture that shrinks under a replay: an error, never a signal. */
START_TEST(test_capture_shrinks)
{
	const char *path = test_tmp_path("shrink.cap");

	write_three(path);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_int_eq(truncate(path, 10), 0);
	ck_assert_int_eq(source_read(&src, &s), -EIO);
	ck_assert_msg(strstr(src.error, "shrank"), "'%s'", src.error);
	ck_assert_int_eq(source_seek(&src, 0), 0);
	ck_assert_int_eq(source_read(&src, &s), -EIO);
}
END_TEST

/*
 * Names a recorder may be handed (from the ioctl, or a capture of a hostile
 * box): blanks, newlines, terminal escapes, bytes above 0x7f, backslashes,
 * look-alikes of separators and keys, empty names.  Each is read back as
 * it was, and the capture stays one record per line.
 */
START_TEST(test_capture_odd_names)
{
	static const char *const names[] = {
		"", " ", "a b", "tab\there", "new\nline", "cr\r", "\x1b[2J",
		"\a\x7f\x80\x9b\xff", "back\\slash", "\\x41", "@sample 1 tags=1",
		"]", "[m]", "x]", ":", "a.c:12", "func:f", "accurate:no", "#",
		"-1", "9 9 a.c:1 func:f",
	};
	const char *path = test_tmp_path("odd.cap");
	size_t n = sizeof(names) / sizeof(names[0]), i, lines;
	struct sample want;

	sample_init(&want);
	want.time = 1700000000;
	for (i = 0; i < n; i++) {
		test_add(&want, names[i], names[(i + 1) % n], i,
			 names[(i + 2) % n], (int64_t)i - 5, i, i & 1);
	}
	append_sample(path, &want);
	append_sample(path, &want);
	lines = file_lines(path);
	ck_assert_uint_eq(lines, 2 * (n + 1));
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_str_eq(src.notice, "");
	ck_assert_uint_eq(source_count(&src), 2);
	ck_assert_int_eq(source_read(&src, &s), 0);
	assert_same(&want, &s);
	ck_assert_int_eq(source_read(&src, &s), 0);
	assert_same(&want, &s);
	sample_fini(&want);
}
END_TEST

/* A bad separator is found when the capture is opened. */
START_TEST(test_capture_bad_separator)
{
	const char *path = test_tmp_path("badsep.cap");

	write_three(path);
	append_text(path, "@sample yesterday\n1 1 a.c:1 func:f \n");
	ck_assert_int_eq(open_capture(path, NULL), -EINVAL);
	ck_assert_msg(strstr(src.error, "badsep.cap:") &&
		      strstr(src.error, "bad time"), "error '%s'", src.error);
}
END_TEST

START_TEST(test_capture_empty_and_missing)
{
	const char *path = test_tmp_path("empty.cap");

	append_text(path, "");
	ck_assert_int_eq(open_capture(path, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(src.error, "empty"));
	ck_assert_int_eq(open_capture(test_tmp_path("nope.cap"), NULL),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(src.error, "nope.cap"));
}
END_TEST

/* An empty sample (a filter that matched nothing) is a valid one. */
START_TEST(test_capture_empty_sample)
{
	const char *path = test_tmp_path("zero.cap");
	struct sample x;

	sample_init(&x);
	x.time = 5;
	append_sample(path, &x);
	make_sample(&x, 6, 1);
	append_sample(path, &x);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 2);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 4);
	sample_fini(&x);
}
END_TEST

/* Created 0600 whatever the umask; appended to, never truncated. */
START_TEST(test_capture_recorder_file)
{
	const char *path = test_tmp_path("rec.cap");
	const char *old = "@sample 1 tags=1\n1 1 old.c:1 func:old \n";
	struct recorder r;
	struct sample x;
	struct stat st;
	char *text;

	umask(0);
	sample_init(&x);
	make_sample(&x, 10, 5);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_eq(record_write(&r, &x), 0);
	record_close(&r);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);

	/* An existing file keeps what it had. */
	unlink(path);
	test_write_file(path, old, strlen(old), false);
	chmod(path, 0600);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_eq(record_write(&r, &x), 0);
	make_sample(&x, 11, 6);
	ck_assert_int_eq(record_write(&r, &x), 0);
	record_close(&r);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_eq(record_write(&r, &x), 0);
	record_close(&r);
	text = test_read_file(path, NULL);
	ck_assert(!strncmp(text, old, strlen(old)));
	free(text);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 4);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_str_eq(s.recs[0].function, "old");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 10);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 11);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 11);
	sample_fini(&x);
}
END_TEST

START_TEST(test_capture_recorder_errors)
{
	struct recorder r;

	ck_assert_int_eq(record_open(&r, test_tmp_path("no/such/dir.cap"), NULL),
			 -ENOENT);
	record_close(&r);
}
END_TEST

/* Open path for recording, expecting a refusal whose reason has why. */
static void assert_refused(const char *path, const struct stat *avoid,
			   const char *why)
{
	struct recorder r;
	int err = record_open(&r, path, avoid);

	ck_assert_msg(err < 0, "%s: recorded to", path);
	ck_assert_msg(r.why && strstr(r.why, why), "%s: '%s' lacks '%s'",
		      path, r.why ? r.why : strerror(-err), why);
	record_close(&r);
}

/*
 * A recording is root-only data: never through a symbolic link, never
 * into a FIFO or a device, a file others may read or write, one with a
 * second name, or the file being read; and what was refused is untouched.
 */
START_TEST(test_capture_recorder_refuses)
{
	char target[512], slink[512], fifo[512], open_[512], hard[512];
	char nowhere[512], dangling[512];
	struct recorder r;
	struct stat st;
	char *text;

	/* test_tmp_path() reuses its buffers: keep copies. */
	snprintf(target, sizeof(target), "%s", test_tmp_path("target"));
	snprintf(slink, sizeof(slink), "%s", test_tmp_path("link.cap"));
	snprintf(fifo, sizeof(fifo), "%s", test_tmp_path("fifo.cap"));
	snprintf(open_, sizeof(open_), "%s", test_tmp_path("open.cap"));
	snprintf(hard, sizeof(hard), "%s", test_tmp_path("hard.cap"));
	snprintf(nowhere, sizeof(nowhere), "%s", test_tmp_path("nowhere"));
	snprintf(dangling, sizeof(dangling), "%s",
		 test_tmp_path("dangling.cap"));
	test_write_file(target, "mine\n", 5, false);
	chmod(target, 0600);
	ck_assert_int_eq(symlink(target, slink), 0);
	assert_refused(slink, NULL, "symbolic link");
	/* A dangling link is not created through either. */
	ck_assert_int_eq(symlink(nowhere, dangling), 0);
	assert_refused(dangling, NULL, "symbolic link");
	ck_assert_int_ne(access(nowhere, F_OK), 0);

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	assert_refused(fifo, NULL, "not a regular file");
	assert_refused("/dev/null", NULL, "not a regular file");

	test_write_file(open_, "", 0, false);
	chmod(open_, 0644);
	assert_refused(open_, NULL, "chmod 600");
	chmod(open_, 0620);
	assert_refused(open_, NULL, "chmod 600");

	ck_assert_int_eq(link(target, hard), 0);
	assert_refused(hard, NULL, "hard link");
	unlink(hard);

	ck_assert_int_eq(stat(target, &st), 0);
	assert_refused(target, &st, "the file being read");
	text = test_read_file(target, NULL);
	ck_assert_str_eq(text, "mine\n");
	free(text);

	/* Another user's file, where this test may give one away. */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(target, 65534, 65534), 0);
		assert_refused(target, NULL, "another user");
		text = test_read_file(target, NULL);
		ck_assert_str_eq(text, "mine\n");
		free(text);
	}
	ck_assert_int_eq(record_open(&r, test_tmp_path("fine.cap"), &st), 0);
	record_close(&r);
}
END_TEST

/* Two recorders on one file: the second is refused while the first runs. */
START_TEST(test_capture_recorder_lock)
{
	const char *path = test_tmp_path("lock.cap");
	struct recorder a, b;

	ck_assert_int_eq(record_open(&a, path, NULL), 0);
	ck_assert_int_eq(record_open(&b, path, NULL), -EWOULDBLOCK);
	ck_assert_ptr_nonnull(strstr(b.why, "locked"));
	record_close(&b);
	record_close(&a);
	ck_assert_int_eq(record_open(&b, path, NULL), 0);
	record_close(&b);
}
END_TEST

/*
 * Cut tails a killed recorder leaves, at every byte of a sample: the next
 * recorder removes the cut sample before appending, and the capture then
 * replays every sample with no notice.
 */
START_TEST(test_capture_recorder_repairs)
{
	const char *path = test_tmp_path("repair.cap");
	struct recorder w, r;
	struct sample x;
	size_t cut, whole;
	char *text;

	sample_init(&x);
	memset(&w, 0, sizeof(w));
	make_sample(&x, 200, 7);
	record_format(&w, &x);
	for (cut = 0; cut < w.len; cut++) {
		unlink(path);
		write_three(path);
		whole = strlen(text = test_read_file(path, NULL));
		free(text);
		test_write_file(path, w.buf, cut, true);
		chmod(path, 0600);
		ck_assert_int_eq(record_open(&r, path, NULL), 0);
		ck_assert_msg(r.repaired == (off_t)cut && (cut == 0 ||
			      r.repaired_at == (off_t)whole),
			      "cut at %zu: removed %jd at %jd", cut,
			      (intmax_t)r.repaired, (intmax_t)r.repaired_at);
		make_sample(&x, 300, 9);
		ck_assert_int_eq(record_write(&r, &x), 0);
		record_close(&r);
		ck_assert_int_eq(open_capture(path, NULL), 0);
		ck_assert_msg(source_count(&src) == 4 && !src.notice[0],
			      "cut at %zu: %zu samples, '%s'", cut,
			      source_count(&src), src.notice);
		ck_assert_int_eq(source_seek(&src, 3), 0);
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_double_eq(s.time, 300);
		source_close(&src);
	}
	/* A complete file is left as it was. */
	unlink(path);
	write_three(path);
	chmod(path, 0600);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_eq(r.repaired, 0);
	record_close(&r);
	record_close(&w);
	sample_fini(&x);
}
END_TEST

/*
 * An older recorder's glued tail, and a shell loop's capture without
 * tags= cut inside a line: repaired so that every sample after replays.
 */
START_TEST(test_capture_recorder_repairs_foreign)
{
	const char *path = test_tmp_path("foreign.cap");
	struct recorder r;
	struct sample x;

	sample_init(&x);
	write_three(path);
	append_text(path, "  10 1 a.c:1 func:f \n  20 2 a.c:2 fu"
			  "@sample 5 tags=2\n1 1 a.c:1 func:f \n");
	chmod(path, 0600);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_gt(r.repaired, 0);
	make_sample(&x, 400, 1);
	ck_assert_int_eq(record_write(&r, &x), 0);
	record_close(&r);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	/* The glued sample's cut predecessor is named; the rest replay. */
	ck_assert_uint_eq(source_count(&src), 3);
	ck_assert_ptr_nonnull(strstr(src.notice, "truncated"));
	source_close(&src);

	unlink(path);
	append_text(path, "@sample 1\n1 1 a.c:1 func:f \n"
			  "@sample 2\n1 1 a.c:1 func:f \n2 2 b.c:2 fun");
	chmod(path, 0600);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_gt(r.repaired, 0);
	ck_assert_int_eq(record_write(&r, &x), 0);
	record_close(&r);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 2);
	ck_assert_str_eq(src.notice, "");
	sample_fini(&x);
}
END_TEST

/*
 * A full disk (here: the file size limit) in the middle of a sample: the
 * write fails, and the part written is taken out again.
 */
START_TEST(test_capture_recorder_full)
{
	const char *path = test_tmp_path("full.cap");
	struct recorder r;
	struct rlimit rl;
	struct sample x;
	struct stat st;
	off_t before;
	int i;

	sample_init(&x);
	make_sample(&x, 1, 1);
	for (i = 0; i < 2000; i++)
		test_add(&x, "m", "drivers/big.c", (uint64_t)i, "big", i, 1,
			 true);
	ck_assert_int_eq(record_open(&r, path, NULL), 0);
	ck_assert_int_eq(record_write(&r, &x), 0);
	ck_assert_int_eq(fstat(r.fd, &st), 0);
	before = st.st_size;
	signal(SIGXFSZ, SIG_IGN);
	rl.rlim_cur = rl.rlim_max = (rlim_t)before + 1000;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	ck_assert_int_eq(record_write(&r, &x), -EFBIG);
	ck_assert_int_eq(fstat(r.fd, &st), 0);
	ck_assert_int_eq(st.st_size, before);
	record_close(&r);
	ck_assert_int_eq(open_capture(path, NULL), 0);
	ck_assert_uint_eq(source_count(&src), 1);
	ck_assert_str_eq(src.notice, "");
	sample_fini(&x);
}
END_TEST

/* Sample i of a long capture: 40 tags, bytes counting with i. */
static void write_long(const char *path, size_t n)
{
	struct sample x;
	size_t i, k;

	sample_init(&x);
	for (i = 0; i < n; i++) {
		sample_clear(&x);
		x.time = 100 + (double)i;
		for (k = 0; k < 40; k++)
			test_add(&x, "", "mm/long_file_name.c", k + 1,
				 "a_function", (int64_t)(i * 1000 + k), i, true);
		append_sample(path, &x);
	}
	sample_fini(&x);
}

/*
 * Opened lazily, a capture is read while the index thread goes on: every
 * sample comes in order, the count only grows, and ends as the eager
 * open's.
 */
START_TEST(test_capture_lazy_reads)
{
	const char *path = test_tmp_path("lazy.cap");
	size_t i, count = 0;

	write_long(path, 60);
	ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE, path, NULL,
					  1), 0);
	ck_assert_uint_ge(source_count(&src), 1);
	for (i = 0; i < 60; i++) {
		size_t now = source_count(&src);
		double t;

		ck_assert_uint_ge(now, count);
		count = now;
		ck_assert_int_eq(source_time(&src, i, &t), 0);
		ck_assert_double_eq(t, 100 + (double)i);
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_double_eq(s.time, 100 + (double)i);
		ck_assert_uint_eq(s.nrecs, 40);
		ck_assert_int_eq(s.recs[39].bytes, (int64_t)(i * 1000 + 39));
	}
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	ck_assert(!source_indexing(&src));
	ck_assert_uint_eq(source_count(&src), 60);
	ck_assert_int_eq(source_seek(&src, 60), 0);
	ck_assert_int_eq(source_seek(&src, 61), -EINVAL);
	ck_assert_int_eq(source_seek(&src, 59), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 159);
	ck_assert_str_eq(src.notice, "");
	ck_assert(!src.notice_new);
}
END_TEST

/* Seeking far ahead waits for the index to get there. */
START_TEST(test_capture_lazy_seek)
{
	const char *path = test_tmp_path("lazyseek.cap");

	write_long(path, 50);
	ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE, path, NULL,
					  1), 0);
	ck_assert_int_eq(source_seek(&src, 49), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_double_eq(s.time, 149);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
}
END_TEST

/* Closed while the thread still indexes: it stops, nothing leaks. */
START_TEST(test_capture_lazy_close)
{
	const char *path = test_tmp_path("lazyclose.cap");

	write_long(path, 200);
	ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE, path, NULL,
					  1), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	source_close(&src);
	ck_assert_ptr_eq(src.ops, NULL);
}
END_TEST

/*
 * What the index finds wrong after the first samples: an error comes with
 * the read after the last good sample, a notice with a read once the index
 * is done.
 */
START_TEST(test_capture_lazy_late_damage)
{
	const char *path = test_tmp_path("late.cap");
	size_t i, sep_line;
	char want[64];
	int err;

	write_long(path, 20);
	sep_line = file_lines(path) + 1;
	append_text(path, "@sample 200 tags=3\n1 1 a.c:1 func:f \n");
	write_long(path, 20);
	ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE, path, NULL,
					  1), 0);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_msg(src.notice_new, "notice %s count %zu", src.notice, source_count(&src));
	snprintf(want, sizeof(want), "late.cap:%zu: a sample is truncated",
		 sep_line);
	ck_assert_msg(strstr(src.notice, want), "notice '%s' lacks '%s'",
		      src.notice, want);
	ck_assert_int_eq(source_read(&src, &s), -ENODATA);
	source_close(&src);

	append_text(path, "@sample yesterday\n1 1 a.c:1 func:f \n");
	sep_line = file_lines(path) - 1;
	write_long(path, 2);
	ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE, path, NULL,
					  1), 0);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(source_read(&src, &s), 0);
	err = source_read(&src, &s);
	ck_assert_int_eq(err, -EINVAL);
	snprintf(want, sizeof(want), "late.cap:%zu: bad time", sep_line);
	ck_assert_msg(strstr(src.error, want), "error '%s' lacks '%s'",
		      src.error, want);
	ck_assert_int_eq(source_index_wait(&src), -EINVAL);
	/* The eager open says the same at once. */
	source_close(&src);
	ck_assert_int_eq(source_open(&src, SOURCE_CAPTURE, path, NULL, NULL),
			 -EINVAL);
	ck_assert_msg(strstr(src.error, want), "error '%s' lacks '%s'",
		      src.error, want);
}
END_TEST

/* The reads and the damage, opened eagerly or (setup) lazily. */
static void capture_add_reads(Suite *s, const char *read, const char *damage,
			      void (*setup)(void))
{
	TCase *tc = tcase_create(read);

	tcase_add_checked_fixture(tc, setup, capture_teardown);
	tcase_add_test(tc, test_capture_round_trip);
	tcase_add_test(tc, test_capture_rerecord);
	tcase_add_test(tc, test_capture_round_trip_dumps);
	tcase_add_test(tc, test_capture_shell_loop);
	tcase_add_test(tc, test_capture_shell_loop_origin);
	tcase_add_test(tc, test_capture_record_odd_host);
	tcase_add_test(tc, test_capture_bare_dump);
	tcase_add_test(tc, test_capture_bare_then_separated);
	tcase_add_test(tc, test_capture_filter);
	tcase_add_test(tc, test_capture_seek);
	tcase_add_test(tc, test_capture_empty_sample);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create(damage);
	tcase_add_checked_fixture(tc, setup, capture_teardown);
	tcase_add_test(tc, test_capture_truncated_cut_line);
	tcase_add_test(tc, test_capture_truncated_few_tags);
	tcase_add_test(tc, test_capture_truncated_separator_only);
	tcase_add_test(tc, test_capture_truncated_in_separator);
	tcase_add_test(tc, test_capture_truncated_only_sample);
	tcase_add_test(tc, test_capture_bad_middle);
	tcase_add_test(tc, test_capture_bad_middle_count);
	tcase_add_test(tc, test_capture_glued);
	tcase_add_test(tc, test_capture_many_cut);
	tcase_add_test(tc, test_capture_leading_comments);
	tcase_add_test(tc, test_capture_time_range);
	tcase_add_test(tc, test_capture_shrinks);
	tcase_add_test(tc, test_capture_long_lines);
	tcase_add_test(tc, test_capture_odd_names);
	tcase_add_test(tc, test_capture_bad_separator);
	tcase_add_test(tc, test_capture_empty_and_missing);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
}

Suite *capture_suite(void)
{
	Suite *s = suite_create("capture");
	TCase *tc;

	capture_add_reads(s, "read", "damage", capture_setup);
	capture_add_reads(s, "read-lazy", "damage-lazy", capture_setup_lazy);

	tc = tcase_create("lazy");
	tcase_add_checked_fixture(tc, capture_setup, capture_teardown);
	tcase_add_test(tc, test_capture_lazy_reads);
	tcase_add_test(tc, test_capture_lazy_seek);
	tcase_add_test(tc, test_capture_lazy_close);
	tcase_add_test(tc, test_capture_lazy_late_damage);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("record");
	tcase_add_checked_fixture(tc, capture_setup, capture_teardown);
	tcase_add_test(tc, test_capture_recorder_file);
	tcase_add_test(tc, test_capture_recorder_errors);
	tcase_add_test(tc, test_capture_recorder_refuses);
	tcase_add_test(tc, test_capture_recorder_lock);
	tcase_add_test(tc, test_capture_recorder_repairs);
	tcase_add_test(tc, test_capture_recorder_repairs_foreign);
	tcase_add_test(tc, test_capture_recorder_full);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
