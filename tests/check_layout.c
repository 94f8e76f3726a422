// SPDX-License-Identifier: GPL-2.0
/* The table's layout: what fits at which width, and the columns list. */
#include <check.h>
#include <errno.h>

#include "layout.h"

static bool all[COL_N];

static void layout_setup(void)
{
	layout_defaults(all);
}

/* Columns never overlap and never pass the right edge. */
static void check_fits(const struct layout *l, int width)
{
	int c, end = -1;

	for (c = 0; c < COL_N; c++) {
		if (!l->shown[c])
			continue;
		ck_assert_int_gt(l->x[c], end);
		ck_assert_int_ge(l->w[c], 1);
		end = l->x[c] + l->w[c] - 1;
		ck_assert_int_lt(end, width);
	}
}

static const int widths[] = { 40, 60, 80, 100, 132, 200, 300 };

START_TEST(test_layout_fits_every_width)
{
	struct layout l;
	int w = widths[_i];

	layout_compute(&l, all, w, 8);
	check_fits(&l, w);
	/* The bytes and the names are always there. */
	ck_assert(l.shown[COL_BYTES]);
	ck_assert(l.shown[COL_FUNCTION]);
	ck_assert(l.shown[COL_FILE]);
	ck_assert(l.shown[COL_MODULE]);
	/* About half the line is names. */
	ck_assert_int_ge(w - l.x[COL_MODULE], w * 45 / 100);
}
END_TEST

START_TEST(test_layout_80_columns)
{
	struct layout l;

	layout_compute(&l, all, 80, 8);
	ck_assert(l.shown[COL_DBYTES]);
	ck_assert(l.shown[COL_SLOPE]);
	ck_assert(l.shown[COL_TREND]);
	/* The least useful numbers go first. */
	ck_assert(!l.shown[COL_DCALLS]);
	ck_assert(!l.shown[COL_AVG]);
	ck_assert_int_eq(l.x[COL_FILE] + l.w[COL_FILE], 80);
}
END_TEST

START_TEST(test_layout_wide_shows_all)
{
	struct layout l;
	int c;

	layout_compute(&l, all, 200, 8);
	for (c = 0; c < COL_N; c++)
		ck_assert_msg(l.shown[c], "column %s hidden at 200",
			      layout_col_name(c));
}
END_TEST

START_TEST(test_layout_no_modules)
{
	struct layout l;

	layout_compute(&l, all, 120, 0);
	ck_assert(!l.shown[COL_MODULE]);
	check_fits(&l, 120);
}
END_TEST

START_TEST(test_layout_parse_and_format)
{
	bool on[COL_N];
	char buf[256];

	ck_assert_int_eq(layout_parse("bytes, slope,function,file", on), 0);
	ck_assert(on[COL_BYTES] && on[COL_SLOPE] && on[COL_FUNCTION]);
	ck_assert(!on[COL_DBYTES] && !on[COL_TREND]);
	layout_format(on, buf, sizeof(buf));
	ck_assert_str_eq(buf, "bytes,slope,function,file");
	ck_assert_int_eq(layout_parse("bytes,nonsense,file", on), -EINVAL);
	/* Without a name a row would mean nothing. */
	ck_assert_int_eq(layout_parse("bytes,dbytes", on), -EINVAL);
	/* The failures left the columns alone. */
	ck_assert(on[COL_SLOPE]);
}
END_TEST

START_TEST(test_layout_chosen_columns)
{
	struct layout l;
	bool on[COL_N];

	ck_assert_int_eq(layout_parse("bytes,function", on), 0);
	layout_compute(&l, on, 80, 8);
	ck_assert(l.shown[COL_BYTES] && l.shown[COL_FUNCTION]);
	ck_assert(!l.shown[COL_FILE] && !l.shown[COL_MODULE]);
	ck_assert_int_eq(l.x[COL_FUNCTION] + l.w[COL_FUNCTION], 80);
}
END_TEST

START_TEST(test_layout_sort_fields)
{
	ck_assert_int_eq(layout_col_sort(COL_DBYTES, false), SORT_DBYTES);
	ck_assert_int_eq(layout_col_sort(COL_DBYTES, true), SORT_RATE);
	ck_assert_int_eq(layout_col_sort(COL_SLOPE, false), SORT_SLOPE);
	ck_assert_int_eq(layout_col_sort(COL_TREND, false), SORT_NFIELDS);
	ck_assert_str_eq(layout_col_title(COL_DBYTES, false, false), "dBYTES");
}
END_TEST

Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("compute");

	tcase_add_checked_fixture(tc, layout_setup, NULL);
	tcase_add_loop_test(tc, test_layout_fits_every_width, 0,
			    sizeof(widths) / sizeof(widths[0]));
	tcase_add_test(tc, test_layout_80_columns);
	tcase_add_test(tc, test_layout_wide_shows_all);
	tcase_add_test(tc, test_layout_no_modules);
	tcase_add_test(tc, test_layout_parse_and_format);
	tcase_add_test(tc, test_layout_chosen_columns);
	tcase_add_test(tc, test_layout_sort_fields);
	suite_add_tcase(s, tc);
	return s;
}
