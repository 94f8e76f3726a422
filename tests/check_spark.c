// SPDX-License-Identifier: GPL-2.0
/* Sparklines: levels, scaling, width, UTF-8 and ASCII. */
#include <check.h>
#include <string.h>

#include "spark.h"

START_TEST(test_spark_level_bounds)
{
	ck_assert_int_eq(spark_level(0, 0, 100), 0);
	ck_assert_int_eq(spark_level(100, 0, 100), SPARK_LEVELS - 1);
	ck_assert_int_eq(spark_level(-5, 0, 100), 0);
	ck_assert_int_eq(spark_level(500, 0, 100), SPARK_LEVELS - 1);
	/* A flat series sits on the baseline. */
	ck_assert_int_eq(spark_level(7, 7, 7), 0);
	ck_assert_int_eq(spark_level(50, 0, 100), 4);
}
END_TEST

START_TEST(test_spark_ascii_rising)
{
	int64_t v[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	char out[64];

	spark_render(out, sizeof(out), v, 8, 8, false);
	ck_assert_str_eq(out, "_.,-=+*#");
}
END_TEST

START_TEST(test_spark_utf8_blocks)
{
	int64_t v[3] = { 10, 20, 30 };
	char out[64];

	spark_render(out, sizeof(out), v, 3, 3, true);
	ck_assert_str_eq(out, "\u2581\u2585\u2588");
}
END_TEST

/* Fewer values than cells: blanks first, the newest at the right. */
START_TEST(test_spark_pads_left)
{
	int64_t v[2] = { 1, 2 };
	char out[64];

	spark_render(out, sizeof(out), v, 2, 5, false);
	ck_assert_str_eq(out, "   _#");
}
END_TEST

/* More values than cells: the newest ones, scaled among themselves. */
START_TEST(test_spark_keeps_newest)
{
	int64_t v[6] = { 1000, 0, 5, 5, 5, 10 };
	char out[64];

	spark_render(out, sizeof(out), v, 6, 3, false);
	ck_assert_str_eq(out, "__#");
}
END_TEST

START_TEST(test_spark_empty_and_small_buffer)
{
	int64_t v[4] = { 1, 2, 3, 4 };
	char out[4];

	spark_render(out, sizeof(out), v, 0, 3, true);
	ck_assert_str_eq(out, "   ");
	/* A UTF-8 glyph that does not fit whole is left out. */
	spark_render(out, sizeof(out), v, 4, 4, true);
	ck_assert_uint_eq(strlen(out), 3);
	spark_render(out, 1, v, 4, 4, false);
	ck_assert_str_eq(out, "");
}
END_TEST

/* A shared span: small noise stays low, the same rise as the span tops. */
START_TEST(test_spark_span)
{
	int64_t noise[4] = { 5500000, 5540000, 5500000, 5540000 };
	int64_t leak[4] = { 1000, 101000, 201000, 301000 };
	int64_t neg[2] = { -10, INT64_MAX };
	char out[64];

	spark_render_span(out, sizeof(out), noise, 4, 4, false, 300000);
	ck_assert_str_eq(out, "_._.");
	spark_render_span(out, sizeof(out), leak, 4, 4, false, 300000);
	ck_assert_str_eq(out, "_,+#");
	/* Its own range, as before. */
	spark_render_span(out, sizeof(out), noise, 4, 4, false, 0);
	ck_assert_str_eq(out, "_#_#");
	/* A span past INT64_MAX does not wrap. */
	spark_render_span(out, sizeof(out), neg, 2, 2, false, UINT64_MAX);
	ck_assert_str_eq(out, "_#");
	spark_render_span(out, sizeof(out), leak, 4, 4, false, UINT64_MAX);
	ck_assert_str_eq(out, "____");
}
END_TEST

Suite *spark_suite(void)
{
	Suite *s = suite_create("spark");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, test_spark_level_bounds);
	tcase_add_test(tc, test_spark_ascii_rising);
	tcase_add_test(tc, test_spark_utf8_blocks);
	tcase_add_test(tc, test_spark_pads_left);
	tcase_add_test(tc, test_spark_keeps_newest);
	tcase_add_test(tc, test_spark_empty_and_small_buffer);
	tcase_add_test(tc, test_spark_span);
	suite_add_tcase(s, tc);
	return s;
}
