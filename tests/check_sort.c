// SPDX-License-Identifier: GPL-2.0
/*
 * Sorting: every field both ways, ties broken by identity whatever the
 * input order, and the top-N selection agreeing with a full sort.
 */
#include <check.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"

enum { NTAGS = 400 };

/* The sortable fields lead the field table (test_sort_fields checks). */
#define NSORT (FIELD_FILE + 1)

static struct tag tags[NTAGS];
static char names[NTAGS][3][16];

/* Tags with few distinct values per field, so ties are common. */
static void sort_setup(void)
{
	unsigned int seed = 7;
	int i;

	memset(tags, 0, sizeof(tags));
	for (i = 0; i < NTAGS; i++) {
		struct tag *t = &tags[i];

		snprintf(names[i][0], 16, "%s",
			 rand_r(&seed) % 3 ? "" : rand_r(&seed) % 2 ? "ext4" :
			 "xfs");
		snprintf(names[i][1], 16, "fn%d", rand_r(&seed) % 9);
		snprintf(names[i][2], 16, "f%d.c", rand_r(&seed) % 7);
		t->module = names[i][0];
		t->function = names[i][1];
		t->file = names[i][2];
		t->line = (uint64_t)(rand_r(&seed) % 5);
		/* Identity is unique: ordinal by index breaks the rest. */
		t->ordinal = (unsigned int)i;
		t->bytes = (int64_t)(rand_r(&seed) % 11) - 5;
		t->calls = (uint64_t)(rand_r(&seed) % 6);
		t->dbytes = (int64_t)(rand_r(&seed) % 9) - 4;
		t->dcalls = (int64_t)(rand_r(&seed) % 5) - 2;
		t->rate = ((int)(rand_r(&seed) % 7) - 3) * 0.5;
		t->growth = (int64_t)(rand_r(&seed) % 9) - 4;
		t->avg = (rand_r(&seed) % 4) * 1.25;
		t->slope = ((int)(rand_r(&seed) % 5) - 2) * 0.25;
		t->grew = (rand_r(&seed) % 3) / 2.0;
		t->leak = ((int)(rand_r(&seed) % 3) - 1) * 0.5;
	}
}

static void shuffle(struct tag **v, size_t n, unsigned int *seed)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)rand_r(seed) % i;
		struct tag *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void fill(struct tag **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = &tags[i];
}

/* The field's own order, independent of sort.c. */
static int ref_cmp(const struct tag *a, const struct tag *b,
		     enum field_id f)
{
#define C(x, y) ((x) < (y) ? -1 : (x) > (y))
	switch (f) {
	case FIELD_BYTES: return C(a->bytes, b->bytes);
	case FIELD_CALLS: return C(a->calls, b->calls);
	case FIELD_DBYTES: return C(a->dbytes, b->dbytes);
	case FIELD_DCALLS: return C(a->dcalls, b->dcalls);
	case FIELD_RATE: return C(a->rate, b->rate);
	case FIELD_GROWTH: return C(a->growth, b->growth);
	case FIELD_AVG: return C(a->avg, b->avg);
	case FIELD_SLOPE:
		return a->leak != b->leak ? C(a->leak, b->leak) :
		       a->slope != b->slope ? C(a->slope, b->slope) :
		       C(a->grew, b->grew);
	case FIELD_MODULE: return C(strcmp(a->module, b->module), 0);
	case FIELD_FUNCTION: return C(strcmp(a->function, b->function), 0);
	case FIELD_FILE: return C(strcmp(a->file, b->file), 0);
	default: return 0;
	}
#undef C
}

/* Loop index: field * 2 + ascending. */
START_TEST(test_sort_field)
{
	struct sort_key key = { (enum field_id)(_i / 2), _i % 2 };
	static struct tag *v[NTAGS], *w[NTAGS];
	unsigned int seed = 99;
	size_t i;
	int round;

	fill(v, NTAGS);
	sort_tags(v, NTAGS, key, 0);
	for (i = 1; i < NTAGS; i++) {
		int c = ref_cmp(v[i - 1], v[i], key.field);

		ck_assert_msg(key.ascending ? c <= 0 : c >= 0,
			      "%s %s: rows %zu and %zu out of order",
			      field_name(key.field),
			      key.ascending ? "ascending" : "descending",
			      i - 1, i);
		/* Ties in identity order, in both directions. */
		if (!c)
			ck_assert_int_lt(model_tag_cmp(v[i - 1], v[i]), 0);
	}
	/* Any input order gives the same rows. */
	for (round = 0; round < 5; round++) {
		fill(w, NTAGS);
		shuffle(w, NTAGS, &seed);
		sort_tags(w, NTAGS, key, 0);
		ck_assert(!memcmp(v, w, sizeof(v)));
	}
}
END_TEST

static int ptr_cmp(const void *a, const void *b)
{
	const struct tag *x = *(struct tag *const *)a;
	const struct tag *y = *(struct tag *const *)b;

	return x < y ? -1 : x > y;
}

/* top-N gives the same first N rows as a full sort. */
START_TEST(test_sort_top)
{
	static struct tag *full[NTAGS], *part[NTAGS];
	unsigned int seed = 2024 + (unsigned int)_i;
	int round;

	for (round = 0; round < 200; round++) {
		struct sort_key key = {
			(enum field_id)(rand_r(&seed) % NSORT),
			rand_r(&seed) % 2,
		};
		size_t n = (size_t)rand_r(&seed) % (NTAGS + 1);
		size_t top = 1 + (size_t)rand_r(&seed) %
			     (rand_r(&seed) % 2 ? 12 : n + 5);
		size_t k = top < n ? top : n;

		fill(full, n);
		shuffle(full, n, &seed);
		memcpy(part, full, n * sizeof(*full));
		sort_tags(full, n, key, 0);
		sort_tags(part, n, key, top);
		ck_assert_msg(!memcmp(full, part, k * sizeof(*full)),
			      "n %zu top %zu by %s%s differs", n, top,
			      key.ascending ? "-" : "",
			      field_name(key.field));
		/* The rest are the other tags, none lost or repeated. */
		qsort(full, n, sizeof(*full), ptr_cmp);
		qsort(part, n, sizeof(*part), ptr_cmp);
		ck_assert(!memcmp(full, part, n * sizeof(*full)));
	}
}
END_TEST

static int ident_cmp(const void *a, const void *b)
{
	return model_tag_cmp(*(struct tag *const *)a, *(struct tag *const *)b);
}

/* Ties by rank (and the radix sort) give what ties by names give. */
START_TEST(test_sort_ranked)
{
	static struct tag *ref[NTAGS], *got[NTAGS];
	static const size_t tops[] = { 0, 1, 7, 50, NTAGS };
	struct sort_scratch scratch = { NULL, 0 };
	unsigned int seed = 3;
	struct sort_key key;
	size_t i, k;

	fill(ref, NTAGS);
	qsort(ref, NTAGS, sizeof(*ref), ident_cmp);
	for (i = 0; i < NTAGS; i++)
		ref[i]->rank = (uint32_t)i;
	key.field = (enum field_id)_i;
	for (key.ascending = false;; key.ascending = true) {
		for (k = 0; k < sizeof(tops) / sizeof(tops[0]); k++) {
			size_t top = tops[k], n = top ? top : NTAGS;

			fill(ref, NTAGS);
			fill(got, NTAGS);
			shuffle(got, NTAGS, &seed);
			sort_tags(ref, NTAGS, key, 0);
			sort_tags_ranked(got, NTAGS, key, top, &scratch);
			for (i = 0; i < n; i++)
				ck_assert_msg(ref[i] == got[i],
					      "%s %s top %zu: row %zu differs",
					      field_name(key.field),
					      key.ascending ? "asc" : "desc",
					      top, i);
		}
		if (key.ascending)
			break;
	}
	sort_scratch_fini(&scratch);
}
END_TEST

START_TEST(test_sort_small)
{
	struct sort_key key = { FIELD_BYTES, false };
	struct tag *v[3];

	sort_tags(NULL, 0, key, 0);
	sort_tags(NULL, 0, key, 10);
	fill(v, 1);
	sort_tags(v, 1, key, 1);
	ck_assert_ptr_eq(v[0], &tags[0]);
	fill(v, 3);
	sort_tags(v, 3, key, 100);
	ck_assert_int_ge(v[0]->bytes, v[1]->bytes);
	ck_assert_int_ge(v[1]->bytes, v[2]->bytes);
	/* -N 2^62 and beyond: top * 4 once wrapped to 0 and read past v. */
	fill(v, 3);
	sort_tags(v, 3, key, (size_t)1 << 62);
	ck_assert_int_ge(v[0]->bytes, v[1]->bytes);
	ck_assert_int_ge(v[1]->bytes, v[2]->bytes);
	fill(v, 3);
	sort_tags(v, 3, key, SIZE_MAX);
	ck_assert_int_ge(v[0]->bytes, v[1]->bytes);
	ck_assert_int_ge(v[1]->bytes, v[2]->bytes);
}
END_TEST

/* The reference order above knows every sortable field, and only those. */
START_TEST(test_sort_fields)
{
	int f;

	for (f = 0; f < FIELD_N; f++)
		ck_assert_msg(field_is(f, FIELD_SORT) == (f < NSORT),
			      "%s: sortable or not, unlike this test",
			      field_name(f));
}
END_TEST

struct key_case {
	const char *text;
	int ret;
	enum field_id field;
	bool ascending;
};

static const struct key_case key_cases[] = {
	{ "bytes", 0, FIELD_BYTES, false },
	{ "+bytes", 0, FIELD_BYTES, false },
	{ "-bytes", 0, FIELD_BYTES, true },
	{ "calls", 0, FIELD_CALLS, false },
	{ "dbytes", 0, FIELD_DBYTES, false },
	{ "-dcalls", 0, FIELD_DCALLS, true },
	{ "rate", 0, FIELD_RATE, false },
	{ "growth", 0, FIELD_GROWTH, false },
	{ "avg", 0, FIELD_AVG, false },
	{ "slope", 0, FIELD_SLOPE, false },
	{ "module", 0, FIELD_MODULE, false },
	{ "-function", 0, FIELD_FUNCTION, true },
	{ "+file", 0, FIELD_FILE, false },
	{ "", -EINVAL, 0, false },
	{ "-", -EINVAL, 0, false },
	{ "Bytes", -EINVAL, 0, false },
	{ "bytes ", -EINVAL, 0, false },
	{ "--bytes", -EINVAL, 0, false },
	{ "line", -EINVAL, 0, false },
	{ "trend", -EINVAL, 0, false },
	{ "state", -EINVAL, 0, false },
};

START_TEST(test_sort_key_parse)
{
	const struct key_case *c = &key_cases[_i];
	struct sort_key key = { FIELD_AVG, true };

	ck_assert_int_eq(sort_key_parse(c->text, &key), c->ret);
	if (!c->ret) {
		ck_assert_int_eq(key.field, c->field);
		ck_assert_int_eq(key.ascending, c->ascending);
		ck_assert_str_eq(field_name(key.field),
				 c->text + (*c->text == '-' || *c->text == '+'));
	}
}
END_TEST

Suite *sort_suite(void)
{
	Suite *s = suite_create("sort");
	TCase *tc = tcase_create("order");

	tcase_add_checked_fixture(tc, sort_setup, NULL);
	tcase_add_loop_test(tc, test_sort_field, 0, NSORT * 2);
	tcase_add_loop_test(tc, test_sort_top, 0, 5);
	tcase_add_test(tc, test_sort_small);
	tcase_add_test(tc, test_sort_fields);
	tcase_add_loop_test(tc, test_sort_ranked, 0, NSORT);
	tcase_add_loop_test(tc, test_sort_key_parse, 0,
			    (int)(sizeof(key_cases) / sizeof(key_cases[0])));
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
