// SPDX-License-Identifier: GPL-2.0
/*
 * The field table: names, what each kind of field must have, values read
 * through it, cells, the order of records and the roll-up of groups.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "field.h"

START_TEST(test_field_names)
{
	int f, g;

	for (f = 0; f < FIELD_N; f++) {
		const char *n = field_name(f);

		ck_assert_msg(n && n[0], "field %d has no name", f);
		ck_assert_int_eq(field_find(n, strlen(n)), f);
		ck_assert(field_title(f, true)[0] && field_title(f, false)[0]);
		for (g = 0; g < f; g++)
			ck_assert_str_ne(field_name(g), n);
	}
	ck_assert_int_eq(field_find("bytesx", 5), FIELD_BYTES);
	ck_assert_int_eq(field_find("byte", 4), FIELD_N);
	ck_assert_int_eq(field_find("", 0), FIELD_N);
}
END_TEST

/* What each kind of field needs to be drawn, sorted and printed. */
START_TEST(test_field_kinds)
{
	size_t c;
	int f;

	for (f = 0; f < FIELD_N; f++) {
		const struct field *fd = &field_table[f];

		if (field_is(f, FIELD_SORT))
			ck_assert_msg(fd->cmp || fd->type == FIELD_T_I64 ||
				      fd->type == FIELD_T_U64 ||
				      fd->type == FIELD_T_F64 ||
				      fd->type == FIELD_T_STR,
				      "%s sorts by nothing", fd->name);
		if (field_is(f, FIELD_RECORD))
			ck_assert_msg(fd->type != FIELD_T_NONE &&
				      fd->type != FIELD_T_FLAGS,
				      "%s has no value to print", fd->name);
		if (fd->rollup == FIELD_ROLL_RATIO)
			ck_assert(field_rolls_up(fd->ratio[0]) &&
				  field_rolls_up(fd->ratio[1]));
		ck_assert(fd->per_second == FIELD_N ||
			  field_table[fd->per_second].per_second == FIELD_N);
	}
	/* Columns are listed once each, and only columns. */
	for (f = 0; f < FIELD_N; f++) {
		int seen = 0;

		for (c = 0; c < field_ncolumns; c++)
			seen += field_columns[c] == (enum field_id)f;
		ck_assert_int_eq(seen, field_is(f, FIELD_COLUMN));
	}
	/* A name column shares the room; every other one has its width. */
	for (c = 0; c < field_ncolumns; c++) {
		const struct field *fd = &field_table[field_columns[c]];

		ck_assert_msg(fd->width > 0 || fd->type == FIELD_T_STR,
			      "%s has no width", fd->name);
	}
}
END_TEST

static struct tag tag = {
	.module = "ext4", .function = "ext4_fill", .file = "fs/ext4/a.c",
	.line = 42, .bytes = 3 << 20, .calls = 1234567, .accurate = false,
	.state = TAG_NEW, .dbytes = -4096, .dcalls = 7, .rate = -2048.9,
	.growth = 4096, .avg = 2047.9, .slope = 12.75,
};

START_TEST(test_field_values)
{
	ck_assert_int_eq(field_int(FIELD_BYTES, &tag), 3 << 20);
	ck_assert_int_eq(field_int(FIELD_CALLS, &tag), 1234567);
	ck_assert_int_eq(field_int(FIELD_RATE, &tag), -2048);
	ck_assert(field_double(FIELD_SLOPE, &tag) == 12.75);
	ck_assert_int_eq(field_int(FIELD_LINE, &tag), 42);
	ck_assert_str_eq(field_string(FIELD_MODULE, &tag), "ext4");
	ck_assert_str_eq(field_string(FIELD_ACCURATE, &tag), "false");
	ck_assert_str_eq(field_string(FIELD_STATE, &tag), "new");
	ck_assert_int_gt(field_cmp(FIELD_BYTES, &tag, &(struct tag){
		.bytes = 1 }), 0);
	ck_assert_int_lt(field_cmp(FIELD_FILE, &tag, &(struct tag){
		.file = "mm/slub.c" }), 0);
}
END_TEST

/*
 * A NaN or a number past int64 is no undefined behaviour: NaN is 0, the
 * rest stops at the limits; an unsigned count reads back exactly.
 */
START_TEST(test_field_int_out_of_range)
{
	struct tag t = tag;

	t.slope = __builtin_nan("");
	ck_assert_int_eq(field_int(FIELD_SLOPE, &t), 0);
	t.slope = 1e300;
	ck_assert_int_eq(field_int(FIELD_SLOPE, &t), INT64_MAX);
	t.slope = -1e300;
	ck_assert_int_eq(field_int(FIELD_SLOPE, &t), INT64_MIN);
	t.slope = __builtin_inf();
	ck_assert_int_eq(field_int(FIELD_SLOPE, &t), INT64_MAX);
	t.calls = UINT64_MAX;
	ck_assert_int_eq(field_int(FIELD_CALLS, &t), INT64_MAX);
	ck_assert_uint_eq(field_uint(FIELD_CALLS, &t), UINT64_MAX);
}
END_TEST

START_TEST(test_field_cells)
{
	struct field_style scaled = { .exact = false };
	struct field_style exact = { .exact = true };
	char b[64];

	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_BYTES, &tag,
				      &scaled), "3.0M");
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_BYTES, &tag,
				      &exact), "3145728");
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_DBYTES, &tag,
				      &scaled), "-4.0K");
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_CALLS, &tag,
				      &scaled), "1.2M");
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_AVG, &tag,
				      &exact), "2047");
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_FILE, &tag,
				      &scaled), "fs/ext4/a.c:42");
	/* The one inaccurate mark, after the state's. */
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_FLAGS, &tag,
				      &scaled), "N~");
	ck_assert_int_eq(FIELD_INACCURATE_MARK, '~');
	ck_assert_str_eq(field_format(b, sizeof(b), FIELD_TREND, &tag,
				      &scaled), "");
}
END_TEST

START_TEST(test_field_rollup)
{
	struct tag sum, a = tag, b = tag;

	memset(&sum, 0, sizeof(sum));
	b.bytes = 1 << 20;
	b.calls = 2;
	b.rate = 1.0;
	field_rollup_add(&sum, &a);
	field_rollup_add(&sum, &b);
	field_rollup_end(&sum);
	ck_assert_int_eq(sum.bytes, 4 << 20);
	ck_assert_uint_eq(sum.calls, 1234569);
	ck_assert_int_eq(sum.dbytes, -8192);
	ck_assert_int_eq(sum.dcalls, 14);
	ck_assert(fabs(sum.rate + 2047.9) < 1e-9);
	ck_assert(sum.slope == 25.5);
	ck_assert(sum.avg == (double)(4 << 20) / 1234569);
	/* Identity and marks are not summed. */
	ck_assert_uint_eq(sum.line, 0);
	ck_assert(!field_rolls_up(FIELD_MODULE));
	ck_assert(!field_rolls_up(FIELD_TREND));
	ck_assert(field_rolls_up(FIELD_AVG));
	/* A group of two 8 EiB tags stops at the limit, as the totals do. */
	memset(&sum, 0, sizeof(sum));
	a.bytes = b.bytes = INT64_MAX;
	a.dbytes = b.dbytes = INT64_MIN;
	a.calls = b.calls = UINT64_MAX;
	field_rollup_add(&sum, &a);
	field_rollup_add(&sum, &b);
	ck_assert_int_eq(sum.bytes, INT64_MAX);
	ck_assert_int_eq(sum.dbytes, INT64_MIN);
	ck_assert_uint_eq(sum.calls, UINT64_MAX);
}
END_TEST

Suite *field_suite(void)
{
	Suite *s = suite_create("field");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_field_names);
	tcase_add_test(tc, test_field_kinds);
	tcase_add_test(tc, test_field_values);
	tcase_add_test(tc, test_field_int_out_of_range);
	tcase_add_test(tc, test_field_cells);
	tcase_add_test(tc, test_field_rollup);
	suite_add_tcase(s, tc);
	return s;
}
