// SPDX-License-Identifier: GPL-2.0
/*
 * The batch source against the in-process double of ALLOCINFO_IOC_BATCH
 * (kbatch.c): full names, names fetched only when the content id moves,
 * restarts, the filter it sends, errors, the fallbacks; and the same rows
 * as the text source for the same filter on the real dumps.  The first
 * cases check the double itself against doc/kernel-interface.md.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbatch.h"
#include "parse.h"
#include "source.h"
#include "testutil.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

/* The batch layout (doc/kernel-interface.md), the same for 32-bit callers. */
_Static_assert(sizeof(struct allocinfo_batch) == 128, "batch size");
_Static_assert(sizeof(struct allocinfo_batch) == ALLOCINFO_BATCH_SIZE_VER0,
	       "batch version 0");
_Static_assert(sizeof(struct allocinfo_batch_filter) == 64, "filter size");
_Static_assert(sizeof(struct allocinfo_batch_cursor) == 24, "cursor size");
_Static_assert(sizeof(struct allocinfo_record) == 32, "record size");
_Static_assert(sizeof(struct allocinfo_name) == 32, "name size");
_Static_assert(offsetof(struct allocinfo_batch, filter) == 8, "filter");
_Static_assert(offsetof(struct allocinfo_batch, records) == 72, "records");
_Static_assert(offsetof(struct allocinfo_batch, names) == 80, "names");
_Static_assert(offsetof(struct allocinfo_batch, nr_records) == 88, "nr");
_Static_assert(offsetof(struct allocinfo_batch, names_size) == 92, "room");
_Static_assert(offsetof(struct allocinfo_batch, cursor) == 96, "cursor");
_Static_assert(offsetof(struct allocinfo_batch, out_flags) == 120, "out");
_Static_assert(offsetof(struct allocinfo_batch_filter, min_bytes) == 40,
	       "min_bytes");
_Static_assert(offsetof(struct allocinfo_batch_filter, inaccurate) == 56,
	       "inaccurate");
_Static_assert(ALLOCINFO_IOC_BATCH == 0xC080A603u, "BATCH number");

#define LONG_FUNC "a_very_long_function_name_that_goes_on_and_on_past_the_limit_of_the_kernel"
#define LONG_FILE "/home/someone/src/out-of-tree/modules/with/a/deep/path/to/the/source/file.c"

static struct kbatch kb;
static struct source src;
static struct sample s;

static void batch_setup(void)
{
	kbatch_init(&kb);
	memset(&src, 0, sizeof(src));
	sample_init(&s);
}

static void batch_teardown(void)
{
	source_close(&src);
	sample_fini(&s);
	ck_assert_uint_eq(kb.kd.n_open - (kb.kd.open_errno ? kb.kd.n_open : 0),
			  kb.kd.n_close);
	kbatch_fini(&kb);
	test_tmpdir_remove();
}

/* Six tags: modules, an inaccurate one, a negative one, long names. */
static void kb_small(void)
{
	kdouble_add(&kb.kd, NULL, "mm/slub.c", 10, "alloc_slab_page", 4096, 1,
		    true);
	kdouble_add(&kb.kd, "ext4", "fs/ext4/super.c", 20, "ext4_fill_super",
		    100, 2, true);
	kdouble_add(&kb.kd, "", "mm/percpu.c", 30, "pcpu_alloc", -64, 0, false);
	kdouble_add(&kb.kd, "xfs", "fs/xfs/xfs_buf.c", 10, "xfs_buf_alloc",
		    8192, 3, true);
	kdouble_add(&kb.kd, NULL, "mm/slub.c", 12, "alloc_slab_page", 0, 0,
		    true);
	kdouble_add(&kb.kd, "longmod", LONG_FILE, 7, LONG_FUNC, 64, 1, true);
}

static int open_batch(enum source_kind kind, const struct filter *f)
{
	return source_open(&src, kind, NULL, f, kbatch_sys(&kb));
}

/* --- the double itself --- */

static int kb_call(struct allocinfo_batch *b, struct allocinfo_record *r,
		   uint32_t nr, char *names, uint32_t names_size)
{
	b->size = sizeof(*b);
	b->records = (uintptr_t)r;
	b->nr_records = nr;
	b->names = (uintptr_t)names;
	b->names_size = names_size;
	return kb.sys.ioctl(kb.kd.fd, ALLOCINFO_IOC_BATCH, b) ? -errno : 0;
}

START_TEST(test_kbatch_cursor)
{
	struct allocinfo_record r[8];
	struct allocinfo_batch b;
	struct allocinfo_batch_cursor cur;
	char names[4096];
	uint32_t got = 0;

	kb_small();
	ck_assert_int_ge(kbatch_sys(&kb)->open("/proc/allocinfo", 0), 0);
	/* Two at a time: 2, 2, 2 and the end. */
	memset(&cur, 0, sizeof(cur));
	do {
		memset(&b, 0, sizeof(b));
		b.cursor = cur;
		ck_assert_int_eq(kb_call(&b, r, 2, NULL, 0), 0);
		ck_assert_uint_le(b.nr_records, 2);
		if (b.nr_records)
			ck_assert_uint_eq(r[0].id, got + 1);
		got += b.nr_records;
		cur = b.cursor;
	} while (!(b.out_flags & ALLOCINFO_BATCH_END));
	ck_assert_uint_eq(got, 6);
	/* At the end it stays there. */
	memset(&b, 0, sizeof(b));
	b.cursor = cur;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), 0);
	ck_assert_uint_eq(b.nr_records, 0);
	ck_assert_uint_eq(b.out_flags, ALLOCINFO_BATCH_END);
	/* A content id change restarts from the first tag. */
	kbatch_change(&kb);
	memset(&b, 0, sizeof(b));
	b.cursor = cur;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), 0);
	ck_assert_uint_eq(b.out_flags,
			  ALLOCINFO_BATCH_END | ALLOCINFO_BATCH_RESTARTED);
	ck_assert_uint_eq(b.nr_records, 6);
	/* Names: full length, one entry per record. */
	memset(&b, 0, sizeof(b));
	b.flags = ALLOCINFO_BATCH_NAMES;
	ck_assert_int_eq(kb_call(&b, r, 8, names, sizeof(names)), 0);
	ck_assert_uint_eq(b.nr_records, 6);
	ck_assert_uint_eq(b.names_size % 8, 0);
	/* Room for one entry header only: ENOSPC. */
	memset(&b, 0, sizeof(b));
	b.flags = ALLOCINFO_BATCH_NAMES;
	ck_assert_int_eq(kb_call(&b, r, 8, names, 32), -ENOSPC);
	ck_assert_int_eq(kb.sys.close(kb.kd.fd), 0);
}
END_TEST

START_TEST(test_kbatch_einval)
{
	struct allocinfo_record r[8];
	struct allocinfo_batch b;
	char names[64];

	kb_small();
	ck_assert_int_ge(kbatch_sys(&kb)->open("/proc/allocinfo", 0), 0);
	memset(&b, 0, sizeof(b));
	b.flags = 4;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.__reserved = 1;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.filter.__reserved = 1;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.filter.mask = 0x80;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.filter.mask = ALLOCINFO_BATCH_FILTER_MIN_BYTES |
			ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	b.filter.min_bytes = 0;
	b.filter.max_bytes = -1;
	ck_assert_int_eq(kb_call(&b, r, 8, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(kb_call(&b, r, 0, NULL, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.flags = ALLOCINFO_BATCH_NAMES;
	ck_assert_int_eq(kb_call(&b, r, 8, names, 31), -EINVAL);
	ck_assert_int_eq(kb.sys.close(kb.kd.fd), 0);
}
END_TEST

/* --- the batch source --- */

START_TEST(test_batch_read)
{
	kb_small();
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), 0);
	ck_assert_str_eq(source_name(&src), "batch");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 6);
	ck_assert(s.has_content_id);
	ck_assert_uint_eq(s.content_id, kb.kd.content_id);
	ck_assert_str_eq(s.recs[0].module, "");
	ck_assert_str_eq(s.recs[1].module, "ext4");
	ck_assert_str_eq(s.recs[1].function, "ext4_fill_super");
	ck_assert_uint_eq(s.recs[1].line, 20);
	ck_assert_int_eq(s.recs[2].bytes, -64);
	ck_assert(!s.recs[2].accurate);
	ck_assert_uint_eq(s.recs[3].calls, 3);
	/* Names in full, not their last 63 bytes. */
	ck_assert_str_eq(s.recs[5].function, LONG_FUNC);
	ck_assert_str_eq(s.recs[5].file, LONG_FILE);
}
END_TEST

/* Counters every refresh, names only when the content id moves. */
START_TEST(test_batch_names_once)
{
	unsigned int calls;

	kb_small();
	kdouble_hide_from(&kb.kd, 5);
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.n_names, 1);
	ck_assert_uint_eq(s.nrecs, 5);
	kb.kd.tags[0].bytes = 12345;
	calls = kb.n_batch;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.n_names, 1);
	ck_assert_uint_eq(kb.n_batch, calls + 2);	/* one call a refresh */
	ck_assert_int_eq(s.recs[0].bytes, 12345);
	ck_assert_str_eq(s.recs[1].function, "ext4_fill_super");
	/* A module comes: the next refresh fetches the names again. */
	kbatch_change(&kb);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.n_names, 2);
	ck_assert_uint_eq(s.nrecs, 6);
	ck_assert_str_eq(s.recs[5].module, "longmod");
	ck_assert_uint_eq(s.content_id, kb.kd.content_id);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.n_names, 2);
}
END_TEST

/* A tag the names kept do not know (a size filter let it in): names. */
START_TEST(test_batch_unknown_id)
{
	struct filter f;

	kb_small();
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "4K", NULL), 0);
	ck_assert_int_eq(open_batch(SOURCE_BATCH, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 2);
	kb.kd.tags[1].bytes = 1 << 20;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 3);
	ck_assert_str_eq(s.recs[1].function, "ext4_fill_super");
	ck_assert_uint_eq(kb.n_names, 2);
}
END_TEST

/* The set of tags changes during a walk: the sample is of the new set. */
START_TEST(test_batch_restart)
{
	size_t i;

	kb_small();
	kdouble_hide_from(&kb.kd, 3);
	kb.per_call = 2;
	kb.change_at = 2;
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), 0);
	kb.n_batch = 0;	/* the probe at open does not count */
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.n_restarted, 1);
	ck_assert_uint_eq(s.nrecs, 6);
	ck_assert_uint_eq(s.retries, 1);
	for (i = 0; i < s.nrecs; i++)
		ck_assert_uint_eq(s.recs[i].line, kb.kd.tags[i].line);
}
END_TEST

START_TEST(test_batch_restart_forever)
{
	kb_small();
	kb.per_call = 1;
	kb.change_at = 2;
	kb.change_every = 1;
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), -EAGAIN);
	ck_assert_ptr_nonnull(strstr(src.error, "kept loading"));
	ck_assert_uint_eq(s.nrecs, 0);
}
END_TEST

/* The filter as the kernel receives it; long names stay in user space. */
START_TEST(test_batch_filter_sent)
{
	struct filter f;

	kb_small();
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "ext4", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_FILE, "fs/ext4/super.c", NULL),
			 0);
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "20", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "no", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "0", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MAX_BYTES, "1K", NULL), 0);
	ck_assert_int_eq(open_batch(SOURCE_BATCH, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_uint_eq(kb.last.filter.mask,
			  ALLOCINFO_BATCH_FILTER_MODNAME |
			  ALLOCINFO_BATCH_FILTER_FILENAME |
			  ALLOCINFO_BATCH_FILTER_LINENO |
			  ALLOCINFO_BATCH_FILTER_INACCURATE |
			  ALLOCINFO_BATCH_FILTER_MIN_BYTES |
			  ALLOCINFO_BATCH_FILTER_MAX_BYTES);
	ck_assert_str_eq(kb.last_modname, "ext4");
	ck_assert_str_eq(kb.last_file, "fs/ext4/super.c");
	ck_assert_uint_eq(kb.last.filter.lineno, 20);
	ck_assert_uint_eq(kb.last.filter.inaccurate, 0);
	ck_assert_int_eq(kb.last.filter.min_bytes, 0);
	ck_assert_int_eq(kb.last.filter.max_bytes, 1024);
	/* The first read asked for names, the next one does not. */
	ck_assert_uint_eq(kb.last.flags, ALLOCINFO_BATCH_NAMES);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.last.flags, 0);

	/* A name cut to its last 63 bytes is matched here, by that suffix. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_FUNCTION, LONG_FUNC, NULL), 0);
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kb.last.filter.mask, 0);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_str_eq(s.recs[0].function, LONG_FUNC);
}
END_TEST

START_TEST(test_batch_errors)
{
	kb_small();
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), 0);
	kb.batch_errno = EFAULT;
	ck_assert_int_eq(source_read(&src, &s), -EFAULT);
	ck_assert_ptr_nonnull(strstr(src.error, "/proc/allocinfo: ioctl: "));
	ck_assert_uint_eq(s.nrecs, 0);
	kb.batch_errno = 0;
	kb.bad_names = true;
	ck_assert_int_eq(source_read(&src, &s), -EPROTO);
	ck_assert_ptr_nonnull(strstr(src.error, "malformed"));
	kb.bad_names = false;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 6);
}
END_TEST

/* auto: the batch, else GET_AT/GET_NEXT; batch alone gives ENOTTY. */
START_TEST(test_batch_fallback)
{
	kb_small();
	kb.absent = true;
	ck_assert_int_eq(open_batch(SOURCE_BATCH, NULL), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(src.error, "no allocinfo batch ioctl"));
	ck_assert_int_eq(open_batch(SOURCE_AUTO, NULL), 0);
	ck_assert_str_eq(source_name(&src), "ioctl");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 6);
	source_close(&src);
	kb.absent = false;
	ck_assert_int_eq(open_batch(SOURCE_AUTO, NULL), 0);
	ck_assert_str_eq(source_name(&src), "batch");
}
END_TEST

START_TEST(test_batch_kind_parse)
{
	enum source_kind k;

	ck_assert_int_eq(source_kind_parse("batch", &k), 0);
	ck_assert_int_eq(k, SOURCE_BATCH);
	ck_assert_int_eq(source_kind_parse("ioctl", &k), 0);
	ck_assert_int_eq(k, SOURCE_IOCTL);
	ck_assert_int_eq(source_kind_parse("auto", &k), 0);
	ck_assert_int_eq(k, SOURCE_AUTO);
	ck_assert_int_eq(source_kind_parse("text", &k), 0);
	ck_assert_int_eq(k, SOURCE_TEXT);
	ck_assert_int_eq(source_kind_parse("batches", &k), -EINVAL);
}
END_TEST

/* --- the batch source and the text source agree --- */

static const char *const same_filters[] = {
	"",
	"module=",
	"module=nope",
	"function=alloc_slab_page",
	"file=mm/slub.c",
	"line=94",
	"min-bytes=4K",
	"max-bytes=0",
	"min-bytes=1 max-bytes=64K",
	"inaccurate=no",
	"inaccurate=yes",
	"function=fill_files_note file=fs/binfmt_elf.c",
	"module= min-bytes=1M inaccurate=no",
};

static void filter_from(struct filter *f, const char *spec)
{
	char buf[256], *tok, *save;

	memset(f, 0, sizeof(*f));
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		int i;

		*eq = '\0';
		for (i = 0; i < FILTER_NFIELDS; i++)
			if (!strcmp(tok, filter_field_name(i)))
				break;
		ck_assert_int_lt(i, FILTER_NFIELDS);
		ck_assert_int_eq(filter_set(f, i, eq + 1, NULL), 0);
	}
}

START_TEST(test_batch_same_as_text)
{
	const char *path = test_data_path(_i ? DEFCONFIG_DUMP : TINY_DUMP);
	char *p = strdup(path), *buf;
	struct parse_error perr;
	struct sample x;
	size_t i, j, len, all = 0;

	buf = test_read_file(p, &len);
	sample_init(&x);
	ck_assert_int_eq(parse_text(&x, buf, len, 1, NULL, NULL, &perr), 0);
	kdouble_add_sample(&kb.kd, &x);
	sample_fini(&x);
	free(buf);
	ck_assert_int_eq(source_open(&src, SOURCE_BATCH, p, NULL,
				     kbatch_sys(&kb)), 0);
	for (i = 0; i < N(same_filters); i++) {
		struct source text;
		struct sample t;
		struct filter f;

		filter_from(&f, same_filters[i]);
		memset(&text, 0, sizeof(text));
		sample_init(&t);
		ck_assert_int_eq(source_open(&text, SOURCE_TEXT, p, &f, NULL),
				 0);
		ck_assert_int_eq(source_read(&text, &t), 0);
		src.filter = f;
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_msg(s.nrecs == t.nrecs, "%s: batch %zu rows, text %zu",
			      same_filters[i], s.nrecs, t.nrecs);
		for (j = 0; j < s.nrecs; j++) {
			const struct rec *a = &s.recs[j], *b = &t.recs[j];

			ck_assert_str_eq(a->module, b->module);
			ck_assert_str_eq(a->function, b->function);
			ck_assert_str_eq(a->file, b->file);
			ck_assert_uint_eq(a->line, b->line);
			ck_assert_int_eq(a->bytes, b->bytes);
			ck_assert_uint_eq(a->calls, b->calls);
			ck_assert_int_eq(a->accurate, b->accurate);
		}
		if (!i)
			all = s.nrecs;
		source_close(&text);
		sample_fini(&t);
	}
	ck_assert_uint_eq(all, _i ? DEFCONFIG_TAGS : TINY_TAGS);
	/* One set of names served every filter after the first read. */
	ck_assert_uint_le(kb.n_names, 2);
	free(p);
}
END_TEST

Suite *source_batch_suite(void)
{
	Suite *s = suite_create("source_batch");
	TCase *tc = tcase_create("double");

	tcase_add_checked_fixture(tc, batch_setup, batch_teardown);
	tcase_add_test(tc, test_kbatch_cursor);
	tcase_add_test(tc, test_kbatch_einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, batch_setup, batch_teardown);
	tcase_add_test(tc, test_batch_read);
	tcase_add_test(tc, test_batch_names_once);
	tcase_add_test(tc, test_batch_unknown_id);
	tcase_add_test(tc, test_batch_restart);
	tcase_add_test(tc, test_batch_restart_forever);
	tcase_add_test(tc, test_batch_filter_sent);
	tcase_add_test(tc, test_batch_errors);
	tcase_add_test(tc, test_batch_fallback);
	tcase_add_test(tc, test_batch_kind_parse);
	suite_add_tcase(s, tc);

	tc = tcase_create("same_as_text");
	tcase_add_checked_fixture(tc, batch_setup, batch_teardown);
	tcase_add_loop_test(tc, test_batch_same_as_text, 0, 2);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
