// SPDX-License-Identifier: GPL-2.0
/* The table's layout: what fits at which width, and the columns list. */
#include <check.h>
#include <errno.h>

#include "layout.h"

static bool all[FIELD_N];
/* What the rows on screen need: with a module and a flag, and without. */
static const struct fit_need names8 = { 20, 20, 8, true, true };
static const struct fit_need names0 = { 20, 20, 0, false, true };

static void layout_setup(void)
{
	layout_defaults(all);
}

/* Columns never overlap and never pass the right edge. */
static void check_fits(const struct layout *l, int width)
{
	int end = -1;
	size_t i;

	for (i = 0; i < field_ncolumns; i++) {
		enum field_id c = field_columns[i];

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

	layout_compute(&l, all, w, &names8, false);
	check_fits(&l, w);
	/* The bytes and the names are always there. */
	ck_assert(l.shown[FIELD_BYTES]);
	ck_assert(l.shown[FIELD_FUNCTION]);
	ck_assert(l.shown[FIELD_FILE]);
	ck_assert(l.shown[FIELD_MODULE]);
	/* About half the line is the trend, the flags and the names. */
	ck_assert_int_ge(w - l.names_x, w * 45 / 100);
}
END_TEST

START_TEST(test_layout_80_columns)
{
	struct layout l;

	layout_compute(&l, all, 80, &names8, false);
	ck_assert(l.shown[FIELD_DBYTES]);
	ck_assert(l.shown[FIELD_SLOPE]);
	ck_assert(l.shown[FIELD_TREND]);
	/* The least useful numbers go first. */
	ck_assert(!l.shown[FIELD_DCALLS]);
	ck_assert(!l.shown[FIELD_AVG]);
	ck_assert_int_eq(l.x[FIELD_FILE] + l.w[FIELD_FILE], 80);
	/* The names are whole: 20 cells each. */
	ck_assert_int_ge(l.w[FIELD_FUNCTION], 20);
}
END_TEST

/* No flag and no module on screen: no F, no MODULE. */
START_TEST(test_layout_no_flags)
{
	struct layout l;

	layout_compute(&l, all, 80, &names0, false);
	ck_assert(!l.shown[FIELD_FLAGS]);
	ck_assert(!l.shown[FIELD_MODULE]);
	ck_assert(l.shown[FIELD_TREND]);
	check_fits(&l, 80);
}
END_TEST

/* Full names: as wide as they are, past the line; numbers make room. */
START_TEST(test_layout_full_names)
{
	struct fit_need need = { 47, 60, 26, true, true };
	struct layout l;

	layout_compute(&l, all, 80, &need, true);
	ck_assert_int_eq(l.w[FIELD_FUNCTION], 47);
	ck_assert_int_eq(l.w[FIELD_FILE], 60);
	ck_assert_int_eq(l.w[FIELD_MODULE], 26);
	ck_assert(!l.shown[FIELD_TREND]);
	ck_assert(!l.shown[FIELD_SLOPE]);
	ck_assert(l.shown[FIELD_BYTES] && l.shown[FIELD_DBYTES]);
	ck_assert_int_eq(l.names_x, l.x[FIELD_FLAGS]);
	ck_assert_int_eq(l.end, l.x[FIELD_FILE] + 59);
	ck_assert_int_gt(l.end, 79);
}
END_TEST

START_TEST(test_layout_wide_shows_all)
{
	struct layout l;
	size_t i;

	layout_compute(&l, all, 200, &names8, false);
	for (i = 0; i < field_ncolumns; i++)
		ck_assert_msg(l.shown[field_columns[i]],
			      "column %s hidden at 200",
			      field_name(field_columns[i]));
}
END_TEST

START_TEST(test_layout_no_modules)
{
	struct layout l;

	layout_compute(&l, all, 120, &names0, false);
	ck_assert(!l.shown[FIELD_MODULE]);
	check_fits(&l, 120);
}
END_TEST

START_TEST(test_layout_parse_and_format)
{
	bool on[FIELD_N];
	char buf[256];

	ck_assert_int_eq(layout_parse("bytes, slope,function,file", on), 0);
	ck_assert(on[FIELD_BYTES] && on[FIELD_SLOPE] && on[FIELD_FUNCTION]);
	ck_assert(!on[FIELD_DBYTES] && !on[FIELD_TREND]);
	layout_format(on, buf, sizeof(buf));
	ck_assert_str_eq(buf, "bytes,slope,function,file");
	ck_assert_int_eq(layout_parse("bytes,nonsense,file", on), -EINVAL);
	/* Only columns: the rate shows in the dbytes column. */
	ck_assert_int_eq(layout_parse("bytes,rate,file", on), -EINVAL);
	/* Without a name a row would mean nothing. */
	ck_assert_int_eq(layout_parse("bytes,dbytes", on), -EINVAL);
	/* The failures left the columns alone. */
	ck_assert(on[FIELD_SLOPE]);
}
END_TEST

START_TEST(test_layout_chosen_columns)
{
	struct layout l;
	bool on[FIELD_N];

	ck_assert_int_eq(layout_parse("bytes,function", on), 0);
	layout_compute(&l, on, 80, &names8, false);
	ck_assert(l.shown[FIELD_BYTES] && l.shown[FIELD_FUNCTION]);
	ck_assert(!l.shown[FIELD_FILE] && !l.shown[FIELD_MODULE]);
	ck_assert_int_eq(l.x[FIELD_FUNCTION] + l.w[FIELD_FUNCTION], 80);
}
END_TEST

START_TEST(test_layout_columns_of_fields)
{
	bool on[FIELD_N];
	char buf[256];

	ck_assert_int_eq(field_shown(FIELD_DBYTES, false), FIELD_DBYTES);
	ck_assert_int_eq(field_shown(FIELD_DBYTES, true), FIELD_RATE);
	ck_assert_int_eq(field_shown(FIELD_DCALLS, true), FIELD_DCALLS);
	ck_assert_str_eq(field_title(FIELD_DBYTES, false), "dBYTES");
	ck_assert_str_eq(field_title(FIELD_RATE, true), "\u0394B/s");
	/* The defaults are every column, in display order. */
	layout_defaults(on);
	layout_format(on, buf, sizeof(buf));
	ck_assert_str_eq(buf, "bytes,dbytes,calls,dcalls,avg,growth,slope,"
			 "trend,flags,module,function,file");
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
	tcase_add_test(tc, test_layout_no_flags);
	tcase_add_test(tc, test_layout_full_names);
	tcase_add_test(tc, test_layout_wide_shows_all);
	tcase_add_test(tc, test_layout_no_modules);
	tcase_add_test(tc, test_layout_parse_and_format);
	tcase_add_test(tc, test_layout_chosen_columns);
	tcase_add_test(tc, test_layout_columns_of_fields);
	suite_add_tcase(s, tc);
	return s;
}
