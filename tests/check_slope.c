// SPDX-License-Identifier: GPL-2.0
/*
 * Leak hunting through the model and the sort, as the screen's L key uses
 * them: a steady leak ranks above a one-off spike of a few times its rate,
 * above flat tags always, and the spike drops out of the ranking when it
 * leaves the window.  The sort weights the slope by the share of intervals
 * that moved its way, so even a spike whose raw slope is far above the
 * leak's ranks below it.
 */
#include <check.h>
#include <string.h>

#include "model.h"
#include "rows.h"
#include "sample.h"
#include "testutil.h"

static struct model *m;
static struct sample s;
static struct rows r;
static int64_t spike = 16384;

static void slope_setup(void)
{
	m = model_new(60);
	sample_init(&s);
	memset(&r, 0, sizeof(r));
}

static void slope_teardown(void)
{
	rows_fini(&r);
	sample_fini(&s);
	model_free(m);
}

/* Sample i: a leak of 1 KiB a second, a 16 KiB spike at 5 s, a flat tag. */
static void slope_sample(int i)
{
	sample_clear(&s);
	s.time = 1000 + i;
	test_add(&s, "leakmod", "leak.c", 1, "leaky", 1000000 + i * 1024, 1,
		 true);
	test_add(&s, "", "spike.c", 1, "spiky", i >= 5 ? spike + 4096 : 4096,
		 1, true);
	test_add(&s, "", "flat.c", 1, "flat", 1 << 20, 1, true);
	model_ingest(m, &s, false);
}

static const char *slope_first(void)
{
	struct sort_key key = { FIELD_SLOPE, false };

	rows_build(&r, m, NULL, key, 0);
	ck_assert_uint_eq(r.n, 3);
	return r.v[0]->function;
}

static struct tag *slope_find(const char *function)
{
	size_t i;

	for (i = 0; i < m->ntags; i++)
		if (!strcmp(m->tags[i]->function, function)) {
			model_fit(m, m->tags[i]);
			return m->tags[i];
		}
	ck_abort_msg("no tag %s", function);
	return NULL;
}

START_TEST(test_slope_leak_outranks_spike)
{
	int i;

	for (i = 0; i <= 40; i++)
		slope_sample(i);
	ck_assert_str_eq(slope_first(), "leaky");
	ck_assert_double_eq_tol(slope_find("leaky")->slope, 1024, 1e-6);
	ck_assert_double_eq_tol(slope_find("leaky")->grew, 1, 1e-9);
	/* The spike grew in one interval of forty. */
	ck_assert_double_eq_tol(slope_find("spiky")->grew, 1.0 / 40, 1e-9);
	ck_assert_double_lt(slope_find("spiky")->slope, 1024);
	ck_assert_double_eq_tol(slope_find("flat")->slope, 0, 1e-9);
	ck_assert_str_eq(r.v[2]->function, "flat");
}
END_TEST

/* A spike worth a quarter hour of the leak: its slope is higher, it ranks lower. */
START_TEST(test_slope_leak_outranks_big_spike)
{
	int i;

	spike = 1 << 20;
	for (i = 0; i <= 40; i++)
		slope_sample(i);
	spike = 16384;
	ck_assert_double_gt(slope_find("spiky")->slope,
			    slope_find("leaky")->slope);
	ck_assert_str_eq(slope_first(), "leaky");
	ck_assert_str_eq(r.v[1]->function, "spiky");
}
END_TEST

START_TEST(test_slope_spike_leaves_the_window)
{
	int i;

	for (i = 0; i <= 80; i++)
		slope_sample(i);
	/* 60 s of window: the spike at 5 s is out of it. */
	ck_assert_double_eq_tol(slope_find("spiky")->slope, 0, 1e-9);
	ck_assert_double_eq(slope_find("spiky")->grew, 0);
	ck_assert_double_eq_tol(slope_find("leaky")->slope, 1024, 1e-6);
	ck_assert_str_eq(slope_first(), "leaky");
}
END_TEST

START_TEST(test_slope_one_sample_is_flat)
{
	slope_sample(0);
	ck_assert_double_eq(slope_find("leaky")->slope, 0);
	ck_assert_double_eq(slope_find("leaky")->grew, 0);
}
END_TEST

Suite *slope_suite(void)
{
	Suite *suite = suite_create("slope");
	TCase *tc = tcase_create("leaks");

	tcase_add_checked_fixture(tc, slope_setup, slope_teardown);
	tcase_add_test(tc, test_slope_leak_outranks_spike);
	tcase_add_test(tc, test_slope_leak_outranks_big_spike);
	tcase_add_test(tc, test_slope_spike_leaves_the_window);
	tcase_add_test(tc, test_slope_one_sample_is_flat);
	suite_add_tcase(suite, tc);
	return suite;
}
