// SPDX-License-Identifier: GPL-2.0
/*
 * The column-width rule at 80, 120 and 200 columns, with and without
 * modules and flags, and the marked cut of a name.
 */
#include <check.h>
#include <string.h>

#include "fit.h"

/*
 * The numbers the layout keeps, separators included: BYTES ΔBYTES GROWTH
 * SLOPE at 80 columns; CALLS ΔCALLS AVG besides from 100 on.
 */
static int fixed_for(int width)
{
	return width < 100 ? 31 : 51;
}

/* The columns fill the line exactly and none is negative. */
static void check_sum(const struct fit *f, int width, int fixed)
{
	int used = fixed + f->function + 1 + f->file;

	ck_assert_int_ge(f->function, 0);
	ck_assert_int_ge(f->file, 1);
	if (f->trend)
		used += f->trend + 1;
	if (f->flags)
		used += f->flags + 1;
	if (f->module)
		used += f->module + 1;
	ck_assert_int_eq(used, width);
}

struct fit_case {
	int width;
	struct fit_need need;
	/* Expected: 0 for a column not shown. */
	int trend, flags, module, function, file;
};

static const struct fit_case cases[] = {
	/* 80x24, built-in code only, no flags: no MODULE, no F. */
	{ 80, { 19, 14, 0, false, true }, 5, 0, 0, 19, 23 },
	/* A 24-character function is whole at 80, with a module too. */
	{ 80, { 24, 30, 0, false, true }, 5, 0, 0, 24, 18 },
	{ 80, { 24, 30, 10, false, true }, 5, 0, 6, 24, 11 },
	/* Flags take F; the function keeps its 24 cells, the file gives. */
	{ 80, { 24, 30, 0, true, true }, 5, 2, 0, 24, 15 },
	{ 80, { 24, 30, 10, true, true }, 0, 2, 6, 24, 14 },
	/* A long function at 80: cut, but FILE:LINE keeps 11 cells. */
	{ 80, { 45, 30, 0, false, true }, 5, 0, 0, 31, 11 },
	/* 120: room for every name of the defconfig kernel. */
	{ 120, { 22, 30, 0, false, true }, 12, 0, 0, 22, 33 },
	{ 120, { 22, 30, 10, true, true }, 12, 2, 6, 22, 23 },
	{ 120, { 22, 20, 10, true, true }, 12, 2, 9, 22, 20 },
	{ 120, { 40, 40, 16, true, true }, 12, 2, 6, 34, 11 },
	/* 200: everything whole, the rest pads FILE:LINE. */
	{ 200, { 40, 50, 16, true, true }, 16, 2, 16, 40, 71 },
	{ 200, { 63, 80, 0, false, true }, 16, 0, 0, 63, 68 },
	/* Short names: at least the titles. */
	{ 200, { 3, 5, 2, false, false }, 0, 0, 7, 9, 131 },
};

START_TEST(test_fit_widths)
{
	const struct fit_case *c = &cases[_i];
	int fixed = fixed_for(c->width);
	struct fit f;

	fit_compute(&f, c->width, fixed, &c->need);
	ck_assert_msg(f.trend == c->trend && f.flags == c->flags &&
		      f.module == c->module && f.function == c->function &&
		      f.file == c->file,
		      "case %d at %d: trend %d flags %d module %d function %d file %d",
		      _i, c->width, f.trend, f.flags, f.module, f.function,
		      f.file);
	check_sum(&f, c->width, fixed);
}
END_TEST

/* Every width from 60 to 300: the line is filled, FUNCTION comes first. */
START_TEST(test_fit_every_width)
{
	struct fit_need need = { 24, 20, 8, true, true };
	int w, fixed;
	struct fit f;

	for (w = 60; w <= 300; w++) {
		fixed = fixed_for(w);
		fit_compute(&f, w, fixed, &need);
		check_sum(&f, w, fixed);
		/* The function is cut only when the others are at their floor. */
		if (f.function < need.function) {
			ck_assert_int_le(f.file, 11);
			ck_assert_int_le(f.module, 6);
			ck_assert_int_eq(f.trend, 0);
		}
		/* The file is cut only when the function is whole. */
		if (f.file < need.file)
			ck_assert(f.function == need.function || f.file <= 11);
		/* The module is cut only when the others are whole or floored. */
		if (f.module < need.module)
			ck_assert(f.module <= 6 || (f.function == need.function &&
						    f.file >= need.file));
	}
}
END_TEST

/* No room for the sparkline and the names: TREND goes first. */
START_TEST(test_fit_trend_goes_first)
{
	struct fit_need need = { 30, 20, 8, true, true };
	struct fit f;

	fit_compute(&f, 70, 31, &need);
	ck_assert_int_eq(f.trend, 0);
	check_sum(&f, 70, 31);
	fit_compute(&f, 100, 48, &need);
	ck_assert_int_eq(f.trend, 5);
	ck_assert_int_eq(f.function, 24);
	fit_compute(&f, 100, 31, &need);
	ck_assert_int_eq(f.trend, 8);
}
END_TEST

START_TEST(test_fit_cut)
{
	char out[64];

	ck_assert_str_eq(fit_cut(out, sizeof(out), "__filemap_get_folio", 19,
				 false, true), "__filemap_get_folio");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "__filemap_get_folio", 10,
				 false, true), "__filemap\u2026");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "mm/filemap.c:1950", 10,
				 true, true), "\u2026ap.c:1950");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "alloc_grow_chunk", 6,
				 false, false), "alloc>");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "mm/filemap.c:1950", 6,
				 true, false), "<:1950");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "abc", 1, false, true),
			 "\u2026");
	ck_assert_str_eq(fit_cut(out, sizeof(out), "abc", 0, false, true), "");
	/* A buffer too small for the cut name gives an empty one. */
	ck_assert_str_eq(fit_cut(out, 4, "abcdef", 3, false, true), "");
	ck_assert_str_eq(fit_cut(out, 3, "abcdef", 9, false, true), "ab");
}
END_TEST

Suite *fit_suite(void)
{
	Suite *s = suite_create("fit");
	TCase *tc = tcase_create("widths");

	tcase_add_loop_test(tc, test_fit_widths, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_fit_every_width);
	tcase_add_test(tc, test_fit_trend_goes_first);
	tcase_add_test(tc, test_fit_cut);
	suite_add_tcase(s, tc);
	return s;
}
