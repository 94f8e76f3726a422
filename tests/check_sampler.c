// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler on a real libuv loop: samples from a capture go into the
 * model in order, a filter change rebases (nothing new or gone), and a
 * recording gets every sample.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "record.h"
#include "sampler.h"
#include "testutil.h"

static uv_loop_t loop;
static struct source src;
static struct model *m;
static struct sampler sp;
static int calls, errors, news, gones;
static size_t ntags[8];

static void sampler_setup(void)
{
	const char *path = test_tmp_path("s.cap");
	const char *cap =
		"@sample 10 content_id=1 tags=3\n"
		"1 1 a.c:1 func:f \n"
		"2 1 b.c:2 [mod] func:g \n"
		"3 1 c.c:3 func:h \n"
		"@sample 11 content_id=1 tags=3\n"
		"5 1 a.c:1 func:f \n"
		"6 1 b.c:2 [mod] func:g \n"
		"7 1 c.c:3 func:h \n"
		"@sample 12 content_id=1 tags=3\n"
		"9 1 a.c:1 func:f \n"
		"10 1 b.c:2 [mod] func:g \n"
		"11 1 c.c:3 func:h \n";

	test_write_file(path, cap, strlen(cap), false);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(source_open(&src, SOURCE_CAPTURE, path, NULL, NULL),
			 0);
	m = model_new(60, 1);
	calls = errors = news = gones = 0;
}

static void sampler_teardown(void)
{
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
	sampler_fini(&sp);
	model_free(m);
	source_close(&src);
	test_tmpdir_remove();
}

static void count_states(void)
{
	size_t i;

	for (i = 0; i < m->ntags; i++) {
		news += m->tags[i]->state == TAG_NEW;
		gones += m->tags[i]->state == TAG_GONE;
	}
}

static void plain_cb(struct sampler *s, int err)
{
	if (err) {
		ck_assert_int_eq(err, -ENODATA);
		errors++;
		sampler_stop(s);
		return;
	}
	ntags[calls++] = m->ntags;
	ck_assert_uint_eq(s->taken, (unsigned long)calls);
	ck_assert_uint_eq(m->seq, (unsigned long)calls);
	count_states();
}

START_TEST(test_sampler_replay)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, plain_cb), 0);
	sp.paced = false;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 3);
	ck_assert_int_eq(errors, 1);
	ck_assert_double_eq(m->time, 12);
	ck_assert_int_eq(m->bytes, 30);
	ck_assert_int_eq(m->dbytes, 12);
	ck_assert_int_eq(news + gones, 0);
}
END_TEST

/* After the first sample the filter changes to built-in tags only. */
static void filter_cb(struct sampler *s, int err)
{
	struct filter f;

	if (err) {
		sampler_stop(s);
		return;
	}
	ntags[calls++] = m->ntags;
	count_states();
	if (calls == 1) {
		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
		ck_assert_int_eq(sampler_set_filter(s, &f), 0);
		ck_assert_uint_eq(sampler_filter(s)->mask,
				  ALLOCINFO_FILTER_MASK_MODNAME);
		/* min > max is refused. */
		f.mask |= ALLOCINFO_FILTER_MASK_MIN_SIZE |
			  ALLOCINFO_FILTER_MASK_MAX_SIZE;
		f.min_bytes = 2;
		f.max_bytes = 1;
		ck_assert_int_eq(sampler_set_filter(s, &f), -EINVAL);
	}
}

START_TEST(test_sampler_rebase)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, filter_cb), 0);
	sp.paced = false;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 3);
	ck_assert_uint_eq(ntags[0], 3);
	ck_assert_uint_eq(ntags[1], 2);	/* the module's tag dropped, not gone */
	ck_assert_uint_eq(ntags[2], 2);
	ck_assert_int_eq(news + gones, 0);
	ck_assert_int_eq(m->tags[0]->dbytes, 4);
}
END_TEST

START_TEST(test_sampler_record)
{
	const char *path = test_tmp_path("rec.cap");
	struct recorder rec;
	struct source again;
	struct sample s;
	int i;

	ck_assert_int_eq(record_open(&rec, path), 0);
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, plain_cb), 0);
	sp.paced = false;
	sp.rec = &rec;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	record_close(&rec);
	ck_assert_int_eq(calls, 3);
	sample_init(&s);
	ck_assert_int_eq(source_open(&again, SOURCE_CAPTURE, path, NULL, NULL),
			 0);
	ck_assert_uint_eq(source_count(&again), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(source_read(&again, &s), 0);
		ck_assert_double_eq(s.time, 10 + i);
		ck_assert_uint_eq(s.content_id, 1);
		ck_assert_int_eq(s.recs[2].bytes, 3 + 4 * i);
	}
	source_close(&again);
	sample_fini(&s);
}
END_TEST

Suite *sampler_suite(void)
{
	Suite *s = suite_create("sampler");
	TCase *tc = tcase_create("loop");

	tcase_add_checked_fixture(tc, sampler_setup, sampler_teardown);
	tcase_add_test(tc, test_sampler_replay);
	tcase_add_test(tc, test_sampler_rebase);
	tcase_add_test(tc, test_sampler_record);
	suite_add_tcase(s, tc);
	return s;
}
