// SPDX-License-Identifier: GPL-2.0
/* The rows a view shows: the userspace match, totals, the top-N cut. */
#include <check.h>
#include <string.h>

#include "rows.h"
#include "testutil.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

struct match_case {
	const char *text;
	bool builtin;	/* matches "mm/slub.c:2478 alloc_slab_page" */
	bool module;	/* matches "fs/ext4/super.c:31 [ext4] ext4_fill" */
};

static const struct match_case match_cases[] = {
	{ NULL, true, true },
	{ "", true, true },
	{ "slub", true, false },
	{ "mm/slub.c", true, false },
	{ "alloc_slab", true, false },
	{ "ext4", false, true },
	{ "[ext4]", false, true },
	{ ":2478", true, false },
	{ ":2478 ", true, false },
	{ ":247 ", false, false },	/* not a prefix of the line */
	{ ":31 [ext4] ext4_", false, true },	/* across parts */
	{ "slub.c:2478 alloc", true, false },
	{ "c:2478 [", false, false },	/* no module, no brackets */
	{ "!slub", false, true },
	{ "!", true, true },	/* "not the empty string": nothing? */
	{ "!ext4", true, false },
	{ "SLUB", false, false },
	{ "func:", false, false },	/* the text has no func: */
};

START_TEST(test_rows_match)
{
	const struct match_case *c = &match_cases[_i];
	struct tag a = { .module = "", .file = "mm/slub.c", .line = 2478,
			 .function = "alloc_slab_page" };
	struct tag b = { .module = "ext4", .file = "fs/ext4/super.c",
			 .line = 31, .function = "ext4_fill" };

	if (c->text && !strcmp(c->text, "!")) {
		/* '!' with nothing after it: every tag contains "". */
		ck_assert(!rows_match(&a, c->text));
		ck_assert(!rows_match(&b, c->text));
		return;
	}
	ck_assert_msg(rows_match(&a, c->text) == c->builtin, "'%s' on a",
		      c->text ? c->text : "(null)");
	ck_assert_msg(rows_match(&b, c->text) == c->module, "'%s' on b",
		      c->text ? c->text : "(null)");
}
END_TEST

/* Totals cover the shown tags that are not gone; top cuts nothing else. */
START_TEST(test_rows_build)
{
	struct model *m = model_new(60);
	struct sort_key key = { FIELD_BYTES, false };
	struct rows r;
	struct sample s;

	memset(&r, 0, sizeof(r));
	sample_init(&s);
	/* No tags at all yet. */
	rows_build(&r, m, NULL, key, 3);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_int_eq(r.bytes, 0);

	s.time = 1;
	test_add(&s, "", "a.c", 1, "f", 100, 1, true);
	test_add(&s, "m", "b.c", 2, "g", 200, 2, true);
	test_add(&s, "", "c.c", 3, "h", 300, 3, true);
	test_add(&s, "", "d.c", 4, "slub_thing", -50, 4, true);
	model_ingest(m, &s, false);
	sample_clear(&s);
	s.time = 2;
	test_add(&s, "", "a.c", 1, "f", 110, 1, true);
	test_add(&s, "", "c.c", 3, "h", 330, 3, true);
	test_add(&s, "", "d.c", 4, "slub_thing", -40, 4, true);
	model_ingest(m, &s, false);	/* b.c is gone */

	rows_build(&r, m, NULL, key, 0);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_int_eq(r.bytes, 110 + 330 - 40);
	ck_assert_uint_eq(r.calls, 1 + 3 + 4);
	ck_assert_int_eq(r.dbytes, 10 + 30 + 10);
	ck_assert_str_eq(r.v[0]->file, "c.c");
	ck_assert_str_eq(r.v[1]->file, "b.c");	/* gone, last 200 bytes */
	ck_assert_str_eq(r.v[3]->file, "d.c");

	/* top 1: the same totals and count, the best row first. */
	rows_build(&r, m, NULL, key, 1);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_int_eq(r.bytes, 400);
	ck_assert_str_eq(r.v[0]->file, "c.c");

	/* A match: totals over the matching rows only. */
	rows_build(&r, m, "!slub", key, 0);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_int_eq(r.bytes, 440);
	rows_build(&r, m, "nothing matches this", key, 0);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_int_eq(r.bytes, 0);

	rows_fini(&r);
	sample_fini(&s);
	model_free(m);
}
END_TEST

Suite *rows_suite(void)
{
	Suite *s = suite_create("rows");
	TCase *tc = tcase_create("rows");

	tcase_add_loop_test(tc, test_rows_match, 0, N(match_cases));
	tcase_add_test(tc, test_rows_build);
	suite_add_tcase(s, tc);
	return s;
}
