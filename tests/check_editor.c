// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel filter form without the screen: a filter loaded into the form
 * comes back the same, and an invalid line is refused with its reason.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "editor.h"

static struct filter f;

static void editor_setup(void)
{
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "ext4", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "12", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "no", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "4K", NULL), 0);
}

START_TEST(test_editor_round_trip)
{
	struct editor ed;
	struct filter back;

	editor_load(&ed, &f);
	ck_assert(ed.on[FILTER_MODULE] && !ed.on[FILTER_FUNCTION]);
	ck_assert_str_eq(ed.text[FILTER_MODULE], "ext4");
	ck_assert_str_eq(ed.text[FILTER_LINE], "12");
	ck_assert_str_eq(ed.text[FILTER_INACCURATE], "no");
	ck_assert_str_eq(ed.text[FILTER_MIN_BYTES], "4096");
	ck_assert_int_eq(editor_build(&ed, &back), 0);
	ck_assert_str_eq(ed.error, "");
	ck_assert(!memcmp(&back, &f, sizeof(f)));
	/* A field switched off is left out, whatever its text. */
	ed.on[FILTER_MODULE] = false;
	ck_assert_int_eq(editor_build(&ed, &back), 0);
	ck_assert_uint_eq(back.mask, f.mask & ~ALLOCINFO_FILTER_MASK_MODNAME);
	ck_assert_str_eq(back.module, "");
}
END_TEST

START_TEST(test_editor_invalid)
{
	struct editor ed;
	struct filter back;

	editor_load(&ed, &f);
	strcpy(ed.text[FILTER_LINE], "twelve");
	ck_assert_int_eq(editor_build(&ed, &back), -EINVAL);
	ck_assert_int_eq(ed.field, FILTER_LINE);
	ck_assert_str_eq(ed.error,
			 "invalid line 'twelve': expected line number");
	strcpy(ed.text[FILTER_LINE], "12");
	ed.on[FILTER_MAX_BYTES] = true;
	strcpy(ed.text[FILTER_MAX_BYTES], "1K");
	ck_assert_int_eq(editor_build(&ed, &back), -EINVAL);
	ck_assert_int_eq(ed.field, FILTER_MIN_BYTES);
	ck_assert_str_eq(ed.error,
			 "invalid: min-bytes is larger than max-bytes");
}
END_TEST

Suite *editor_suite(void)
{
	Suite *s = suite_create("editor");
	TCase *tc = tcase_create("form");

	tcase_add_checked_fixture(tc, editor_setup, NULL);
	tcase_add_test(tc, test_editor_round_trip);
	tcase_add_test(tc, test_editor_invalid);
	suite_add_tcase(s, tc);
	return s;
}
