// SPDX-License-Identifier: GPL-2.0
/*
 * The sample model: deltas, rates, growth, averages, duplicate keys, tags
 * that come and go, rebasing, totals, the history ring and its slope.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "testutil.h"

static struct model *m;
static struct sample s;

static void model_setup(void)
{
	m = model_new(300);
	sample_init(&s);
}

static void model_teardown(void)
{
	model_free(m);
	sample_fini(&s);
}

/* Start a new sample taken at time t. */
static void at(double t)
{
	sample_clear(&s);
	s.time = t;
}

static void add(const char *module, const char *file, uint64_t line,
		const char *function, int64_t bytes, uint64_t calls)
{
	test_add(&s, module, file, line, function, bytes, calls, true);
}

static struct tag *find(const char *file, uint64_t line, unsigned int ordinal)
{
	size_t i;

	for (i = 0; i < m->ntags; i++)
		if (m->tags[i]->line == line && m->tags[i]->ordinal == ordinal &&
		    !strcmp(m->tags[i]->file, file))
			return m->tags[i];
	return NULL;
}

START_TEST(test_model_first_sample)
{
	struct tag *t;

	at(100);
	add("", "a.c", 1, "f", 1000, 10);
	add("ext4", "b.c", 2, "g", -8, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_uint_eq(m->seq, 1);
	t = find("a.c", 1, 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TAG_LIVE);
	ck_assert_int_eq(t->bytes, 1000);
	ck_assert_uint_eq(t->calls, 10);
	ck_assert_int_eq(t->dbytes, 0);
	ck_assert_int_eq(t->dcalls, 0);
	ck_assert_double_eq(t->rate, 0);
	ck_assert_int_eq(t->growth, 0);
	ck_assert_double_eq_tol(t->avg, 100, 1e-9);
	ck_assert_str_eq(find("b.c", 2, 0)->module, "ext4");
	ck_assert_double_eq(m->time, 100);
	ck_assert_double_eq(m->first_time, 100);
}
END_TEST

/* Deltas against the previous sample, rate from the sample times. */
START_TEST(test_model_deltas)
{
	struct tag *t;

	at(100);
	add("", "a.c", 1, "f", 1000, 10);
	model_ingest(m, &s, false);
	at(102);
	add("", "a.c", 1, "f", 3000, 30);
	model_ingest(m, &s, false);
	t = find("a.c", 1, 0);
	ck_assert_int_eq(t->dbytes, 2000);
	ck_assert_int_eq(t->dcalls, 20);
	ck_assert_double_eq_tol(t->rate, 1000, 1e-9);
	ck_assert_int_eq(t->growth, 2000);
	ck_assert_double_eq_tol(t->avg, 100, 1e-9);
	ck_assert_int_eq(t->state, TAG_LIVE);

	/* Going down: signed deltas, negative rate and growth. */
	at(102.5);
	add("", "a.c", 1, "f", 500, 4);
	model_ingest(m, &s, false);
	ck_assert_int_eq(t->dbytes, -2500);
	ck_assert_int_eq(t->dcalls, -26);
	ck_assert_double_eq_tol(t->rate, -5000, 1e-6);
	ck_assert_int_eq(t->growth, -500);
	ck_assert_double_eq_tol(t->avg, 125, 1e-9);

	/* Below zero bytes, and no allocations: avg is 0, not NaN. */
	at(103.5);
	add("", "a.c", 1, "f", -24, 0);
	model_ingest(m, &s, false);
	ck_assert_int_eq(t->bytes, -24);
	ck_assert_int_eq(t->dbytes, -524);
	ck_assert_int_eq(t->growth, -1024);
	ck_assert_double_eq(t->avg, 0);
	ck_assert_int_eq(t->min_bytes, -24);
	ck_assert_int_eq(t->max_bytes, 3000);

	/* The same time twice: no rate, not infinity. */
	at(103.5);
	add("", "a.c", 1, "f", 76, 1);
	model_ingest(m, &s, false);
	ck_assert_int_eq(t->dbytes, 100);
	ck_assert(isfinite(t->rate));
}
END_TEST

/* Totals are over the newest sample, gone tags not included. */
START_TEST(test_model_totals)
{
	at(10);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 1, "f", 200, 2);
	add("m", "c.c", 1, "f", -50, 3);
	model_ingest(m, &s, false);
	ck_assert_int_eq(m->bytes, 250);
	ck_assert_uint_eq(m->calls, 6);
	ck_assert_int_eq(m->dbytes, 0);
	ck_assert_uint_eq(m->nlive, 3);
	at(11);
	add("", "a.c", 1, "f", 150, 1);
	add("m", "c.c", 1, "f", -40, 3);
	add("", "d.c", 1, "f", 1000, 7);
	model_ingest(m, &s, false);
	ck_assert_int_eq(m->bytes, 1110);
	ck_assert_uint_eq(m->calls, 11);
	ck_assert_int_eq(m->dbytes, 50 + 10 + 1000);
	ck_assert_uint_eq(m->nlive, 3);
	ck_assert_uint_eq(m->ntags, 4);
}
END_TEST

/* Appear: new, with its bytes as delta; vanish: gone once, then removed. */
START_TEST(test_model_new_gone)
{
	struct tag *t;

	at(10);
	add("", "a.c", 1, "f", 100, 1);
	add("mod", "b.c", 2, "g", 200, 2);
	model_ingest(m, &s, false);

	at(12);
	add("", "a.c", 1, "f", 150, 1);
	add("new", "c.c", 3, "h", 300, 3);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 3);
	t = find("c.c", 3, 0);
	ck_assert_int_eq(t->state, TAG_NEW);
	ck_assert_int_eq(t->dbytes, 300);
	ck_assert_int_eq(t->dcalls, 3);
	ck_assert_int_eq(t->growth, 300);
	ck_assert_double_eq_tol(t->rate, 150, 1e-9);
	ck_assert_double_eq(t->first_time, 12);
	t = find("b.c", 2, 0);
	ck_assert_int_eq(t->state, TAG_GONE);
	ck_assert_int_eq(t->bytes, 200);	/* its last values */
	ck_assert_int_eq(t->dbytes, 0);
	ck_assert_int_eq(t->dcalls, 0);
	ck_assert_double_eq(t->rate, 0);
	ck_assert_int_eq(find("a.c", 1, 0)->state, TAG_LIVE);

	/* After the gone sample it is removed; the new one is live. */
	at(14);
	add("", "a.c", 1, "f", 150, 1);
	add("new", "c.c", 3, "h", 300, 3);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_ptr_null(find("b.c", 2, 0));
	ck_assert_int_eq(find("c.c", 3, 0)->state, TAG_LIVE);
	ck_assert_int_eq(find("c.c", 3, 0)->dbytes, 0);

	/* And it can come back, as new again. */
	at(16);
	add("", "a.c", 1, "f", 150, 1);
	add("mod", "b.c", 2, "g", 64, 1);
	model_ingest(m, &s, false);
	t = find("b.c", 2, 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TAG_NEW);
	ck_assert_int_eq(t->dbytes, 64);
	ck_assert_int_eq(find("c.c", 3, 0)->state, TAG_GONE);
}
END_TEST

/* Unloaded and loaded again between two samples: new, deltas from 0. */
START_TEST(test_model_gone_back)
{
	struct tag *t;

	at(10);
	add("mod", "b.c", 2, "g", 200, 2);
	model_ingest(m, &s, false);
	at(12);
	model_ingest(m, &s, false);
	t = find("b.c", 2, 0);
	ck_assert_int_eq(t->state, TAG_GONE);
	at(14);
	add("mod", "b.c", 2, "g", 50, 1);
	model_ingest(m, &s, false);
	ck_assert_ptr_eq(find("b.c", 2, 0), t);
	ck_assert_int_eq(t->state, TAG_NEW);
	ck_assert_int_eq(t->dbytes, 50);
	ck_assert_int_eq(t->dcalls, 1);
	ck_assert_int_eq(t->growth, 50);
	ck_assert_double_eq(t->first_time, 14);
	ck_assert_int_eq(m->dbytes, 50);
}
END_TEST

/* Everything vanishes (an empty sample) and comes back. */
START_TEST(test_model_empty_sample)
{
	at(1);
	add("", "a.c", 1, "f", 100, 1);
	model_ingest(m, &s, false);
	at(2);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->nlive, 0);
	ck_assert_int_eq(m->bytes, 0);
	ck_assert_uint_eq(m->ntags, 1);
	ck_assert_int_eq(m->tags[0]->state, TAG_GONE);
	at(3);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 0);
	at(4);
	add("", "a.c", 1, "f", 100, 1);
	model_ingest(m, &s, false);
	ck_assert_int_eq(m->tags[0]->state, TAG_NEW);
}
END_TEST

/* A filter change: what appears or vanishes is not news. */
START_TEST(test_model_rebase)
{
	struct tag *t;

	at(10);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 2, "g", 200, 2);
	model_ingest(m, &s, false);
	at(12);
	add("", "a.c", 1, "f", 120, 1);
	add("", "c.c", 3, "h", 300, 3);
	model_ingest(m, &s, true);
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_ptr_null(find("b.c", 2, 0));
	t = find("c.c", 3, 0);
	ck_assert_int_eq(t->state, TAG_LIVE);
	ck_assert_int_eq(t->dbytes, 0);
	ck_assert_int_eq(t->growth, 0);
	/* A tag in both keeps its deltas. */
	ck_assert_int_eq(find("a.c", 1, 0)->dbytes, 20);
	ck_assert_int_eq(m->dbytes, 20);
	/* The next plain sample carries on from there. */
	at(14);
	add("", "a.c", 1, "f", 120, 1);
	add("", "c.c", 3, "h", 310, 3);
	model_ingest(m, &s, false);
	ck_assert_int_eq(t->dbytes, 10);
	ck_assert_int_eq(t->growth, 10);
	ck_assert_int_eq(t->state, TAG_LIVE);
}
END_TEST

/*
 * A kernel filter round trip: the tag left out keeps its history, growth
 * baseline and first sight, and comes back with a gap, not a reset.
 */
START_TEST(test_model_filter_round_trip)
{
	int64_t hist[16];
	double times[16];
	struct tag *b;
	size_t n;
	int i;

	for (i = 0; i < 3; i++) {
		at(10 + i);
		add("", "a.c", 1, "f", 100, 1);
		add("", "b.c", 2, "g", 1000 + 10 * i, 2);
		model_ingest(m, &s, false);
	}
	b = find("b.c", 2, 0);
	ck_assert_int_eq(b->growth, 20);
	/* Filter to a.c: b.c is set aside, not shown. */
	for (i = 3; i < 6; i++) {
		at(10 + i);
		add("", "a.c", 1, "f", 100, 1);
		model_ingest(m, &s, i == 3);
	}
	ck_assert_ptr_null(find("b.c", 2, 0));
	ck_assert_uint_eq(m->ntags, 1);
	ck_assert_uint_eq(m->nout, 1);
	ck_assert_uint_eq(m->nlive, 1);
	/* Clear the filter: b.c is back, grown while away. */
	at(16);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 2, "g", 1060, 2);
	model_ingest(m, &s, true);
	ck_assert_ptr_eq(find("b.c", 2, 0), b);
	ck_assert_uint_eq(m->nout, 0);
	ck_assert_int_eq(b->state, TAG_LIVE);
	ck_assert_int_eq(b->growth, 60);
	ck_assert_int_eq(b->dbytes, 0);
	ck_assert_double_eq(b->first_time, 10);
	ck_assert_uint_eq(b->first_seq, 1);
	n = model_history(m, b, hist, times, 16);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(hist[0], 1000);
	ck_assert_int_eq(hist[2], 1020);
	ck_assert_int_eq(hist[3], 1060);
	ck_assert_double_eq(times[3], 16);
	/* 10 bytes a second, seen through the gap. */
	model_fit(m, b);
	ck_assert_double_eq_tol(b->slope, 10, 1e-9);
	/* The next plain sample has deltas again. */
	at(17);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 2, "g", 1070, 2);
	model_ingest(m, &s, false);
	ck_assert_int_eq(b->dbytes, 10);
	ck_assert_int_eq(b->growth, 70);
	ck_assert_uint_eq(model_history(m, b, hist, NULL, 16), 5);
}
END_TEST

/* A tag kept out longer than the history holds is forgotten. */
START_TEST(test_model_filter_bounded)
{
	/* A window of 4 s holds 5 samples 1 s apart. */
	struct model *small = model_new(4);
	size_t cap = 5;
	unsigned long i;

	model_free(m);
	m = small;
	at(0);
	add("", "a.c", 1, "f", 1, 1);
	add("", "b.c", 2, "g", 2, 1);
	model_ingest(m, &s, false);
	for (i = 1; i < cap; i++) {
		at((double)i);
		add("", "a.c", 1, "f", 1, 1);
		model_ingest(m, &s, i == 1);
		ck_assert_uint_eq(m->nout, 1);
	}
	at((double)cap);
	add("", "a.c", 1, "f", 1, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->nout, 0);
	/* Back after that: a new tag, not news under a filter change. */
	at((double)cap + 1);
	add("", "a.c", 1, "f", 1, 1);
	add("", "b.c", 2, "g", 5, 1);
	model_ingest(m, &s, true);
	ck_assert_int_eq(find("b.c", 2, 0)->growth, 0);
	ck_assert_double_eq(find("b.c", 2, 0)->first_time, (double)cap + 1);
}
END_TEST

/* A mark counts growth from now; clearing it counts from first sight. */
START_TEST(test_model_mark)
{
	struct tag *a;

	at(1);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 2, "g", 100, 1);
	model_ingest(m, &s, false);
	at(2);
	add("", "a.c", 1, "f", 150, 1);
	model_ingest(m, &s, true);
	a = find("a.c", 1, 0);
	ck_assert_int_eq(a->growth, 50);
	model_mark(m);
	ck_assert(m->marked);
	ck_assert_double_eq(m->mark_time, 2);
	ck_assert_int_eq(a->growth, 0);
	at(3);
	add("", "a.c", 1, "f", 170, 1);
	add("", "b.c", 2, "g", 130, 1);
	model_ingest(m, &s, true);
	ck_assert_int_eq(a->growth, 20);
	/* The tag that was out at the mark counts from its last value. */
	ck_assert_int_eq(find("b.c", 2, 0)->growth, 30);
	model_unmark(m);
	ck_assert(!m->marked);
	ck_assert_int_eq(a->growth, 70);
	ck_assert_int_eq(find("b.c", 2, 0)->growth, 30);
}
END_TEST

/* Where the sample was read, and the meminfo before it for deltas. */
START_TEST(test_model_origin)
{
	at(1);
	snprintf(s.host, sizeof(s.host), "db-7");
	meminfo_set_kb(&s.mem, MEMINFO_SLAB, 10);
	model_ingest(m, &s, false);
	ck_assert_str_eq(m->host, "db-7");
	ck_assert_uint_eq(m->mem.bytes[MEMINFO_SLAB], 10240);
	ck_assert_uint_eq(m->prev_mem.bytes[MEMINFO_SLAB], 10240);
	at(2);
	meminfo_set_kb(&s.mem, MEMINFO_SLAB, 12);
	model_ingest(m, &s, false);
	ck_assert_str_eq(m->host, "");
	ck_assert_uint_eq(m->mem.bytes[MEMINFO_SLAB], 12288);
	ck_assert_uint_eq(m->prev_mem.bytes[MEMINFO_SLAB], 10240);
}
END_TEST

/* The one byte count equal to the gap marker is not taken for a gap. */
START_TEST(test_model_gap_value)
{
	int64_t hist[4];

	at(1);
	add("", "a.c", 1, "f", INT64_MIN, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(model_history(m, find("a.c", 1, 0), hist, NULL, 4),
			  1);
	ck_assert_int_eq(hist[0], INT64_MIN + 1);
}
END_TEST

/*
 * The defconfig dump lists 14 keys more than once (31 lines): every line
 * is its own tag, and each keeps its own deltas.
 */
START_TEST(test_model_duplicates_defconfig)
{
	struct sample s2;
	size_t i, dups = 0;

	test_load_dump(&s, DEFCONFIG_DUMP);
	s.time = 1000;
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, DEFCONFIG_TAGS);
	for (i = 0; i < m->ntags; i++)
		dups += m->tags[i]->ordinal > 0;
	ck_assert_uint_eq(dups, 31 - 14);

	/* Every line's bytes and calls change by a different amount. */
	sample_init(&s2);
	test_load_dump(&s2, DEFCONFIG_DUMP);
	s2.time = 1002;
	for (i = 0; i < s2.nrecs; i++) {
		s2.recs[i].bytes += (int64_t)(i + 1) * (i % 2 ? -1 : 1);
		s2.recs[i].calls += i % 5;
	}
	model_ingest(m, &s2, false);
	ck_assert_uint_eq(m->ntags, DEFCONFIG_TAGS);
	for (i = 0; i < m->ntags; i++) {
		const struct tag *t = m->tags[i];
		int64_t want = (int64_t)(i + 1) * (i % 2 ? -1 : 1);

		ck_assert_int_eq(t->state, TAG_LIVE);
		ck_assert_str_eq(t->file, s2.recs[i].file);
		ck_assert_uint_eq(t->line, s2.recs[i].line);
		ck_assert_msg(t->dbytes == want, "%s:%llu #%u: dbytes %lld, want %lld",
			      t->file, (unsigned long long)t->line, t->ordinal,
			      (long long)t->dbytes, (long long)want);
		ck_assert_int_eq(t->dcalls, (int64_t)(i % 5));
		ck_assert_int_eq(t->bytes, s2.recs[i].bytes);
		ck_assert_double_eq_tol(t->rate, want / 2.0, 1e-9);
	}
	/* The same again: nothing moved. */
	s2.time = 1004;
	model_ingest(m, &s2, false);
	for (i = 0; i < m->ntags; i++)
		ck_assert_int_eq(m->tags[i]->dbytes, 0);
	sample_fini(&s2);
}
END_TEST

/* Duplicates by hand: the ordinal follows the listing order. */
START_TEST(test_model_duplicates_order)
{
	at(1);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 10, 1);
	add("", "x.c", 1, "x", 0, 0);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 20, 2);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 30, 3);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 4);
	at(2);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 11, 1);
	add("", "x.c", 1, "x", 0, 0);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 25, 2);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 27, 3);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 4);
	ck_assert_int_eq(find("fs/binfmt_elf.c", 1671, 0)->dbytes, 1);
	ck_assert_int_eq(find("fs/binfmt_elf.c", 1671, 1)->dbytes, 5);
	ck_assert_int_eq(find("fs/binfmt_elf.c", 1671, 2)->dbytes, -3);
	/* One fewer: the last ordinal is gone. */
	at(3);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 11, 1);
	add("", "fs/binfmt_elf.c", 1671, "fill_files_note", 25, 2);
	model_ingest(m, &s, false);
	ck_assert_int_eq(find("fs/binfmt_elf.c", 1671, 2)->state, TAG_GONE);
	ck_assert_int_eq(find("fs/binfmt_elf.c", 1671, 1)->dbytes, 0);
	ck_assert_int_eq(find("x.c", 1, 0)->state, TAG_GONE);
}
END_TEST

/* Same (file, line, function) in two modules: two tags, not duplicates. */
START_TEST(test_model_identity_module)
{
	at(1);
	add("a", "x.c", 1, "f", 1, 1);
	add("b", "x.c", 1, "f", 2, 1);
	add("", "x.c", 1, "f", 3, 1);
	add("", "x.c", 1, "g", 4, 1);
	add("", "x.c", 2, "f", 5, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 5);
	for (size_t i = 0; i < m->ntags; i++)
		ck_assert_uint_eq(m->tags[i]->ordinal, 0);
}
END_TEST

/*
 * Random churn against a reference: each of 300 keys is present or not
 * in each of 60 samples; the model's states, deltas and count must agree.
 */
START_TEST(test_model_churn)
{
	enum { KEYS = 300, SAMPLES = 60 };
	static bool was[KEYS], is[KEYS];
	static int64_t prev[KEYS];
	unsigned int seed = 12345;
	int k, n;

	for (n = 0; n < SAMPLES; n++) {
		size_t want_tags = 0;
		char file[32];

		at(n * 1.5);
		for (k = 0; k < KEYS; k++) {
			is[k] = rand_r(&seed) % 4 != 0;
			if (is[k]) {
				snprintf(file, sizeof(file), "k%d.c", k);
				add(k % 3 ? "" : "mod", file, (uint64_t)k,
				    "fn", (int64_t)(n * 10 + k) - 200,
				    (uint64_t)n);
			}
		}
		model_ingest(m, &s, false);
		for (k = 0; k < KEYS; k++) {
			struct tag *t;

			snprintf(file, sizeof(file), "k%d.c", k);
			t = find(file, (uint64_t)k, 0);
			if (is[k]) {
				int64_t b = (int64_t)(n * 10 + k) - 200;

				ck_assert_ptr_nonnull(t);
				ck_assert_int_eq(t->state,
						 n && !was[k] ? TAG_NEW :
						 TAG_LIVE);
				ck_assert_int_eq(t->dbytes,
						 !n ? 0 : was[k] ? b - prev[k] :
						 b);
				prev[k] = b;
				want_tags++;
			} else if (was[k]) {
				ck_assert_ptr_nonnull(t);
				ck_assert_int_eq(t->state, TAG_GONE);
				want_tags++;
			} else {
				ck_assert_ptr_null(t);
			}
			was[k] = is[k];
		}
		ck_assert_uint_eq(m->ntags, want_tags);
	}
}
END_TEST

/* JSON-plain names are found out when asked, and kept. */
START_TEST(test_model_plain)
{
	at(1);
	add("", "a.c", 1, "f", 1, 1);
	add("m", "b\"c.c", 2, "f", 1, 1);
	add("", "d.c", 3, "g\x1b", 1, 1);
	add("", "e.c", 4, "caf\xc3\xa9", 1, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(find("a.c", 1, 0)->plain, 0);
	ck_assert(model_tag_plain(find("a.c", 1, 0)));
	ck_assert_uint_eq(find("a.c", 1, 0)->plain, 1);
	ck_assert(!model_tag_plain(find("b\"c.c", 2, 0)));
	ck_assert(!model_tag_plain(find("d.c", 3, 0)));
	ck_assert(!model_tag_plain(find("e.c", 4, 0)));
	ck_assert(!model_tag_plain(find("e.c", 4, 0)));
}
END_TEST

/*
 * Tags gone for good give their memory to new ones of their size, which
 * start from nothing; tags with very long names are heap blocks of their
 * own.
 */
START_TEST(test_model_tag_reuse)
{
	static char longname[2048];
	struct tag *gone, *t;
	int n;

	memset(longname, 'x', sizeof(longname) - 1);
	at(1);
	add("", "a.c", 1, "f", 100, 1);
	add("", "b.c", 2, "g", 200, 2);
	add("", longname, 3, "h", 300, 3);
	model_ingest(m, &s, false);
	gone = find("b.c", 2, 0);
	for (n = 2; n <= 6; n++) {
		at(n);
		add("", "a.c", 1, "f", 100 + n, 1);
		if (n >= 4)
			add("", "c.c", 9, "k", 7, 1);
		if (n == 2)
			add("", longname, 3, "h", 300, 3);
		model_ingest(m, &s, false);
		if (n == 2)
			ck_assert_int_eq(gone->state, TAG_GONE);
	}
	/* b.c went (sample 2) and was dropped (3): c.c took its place. */
	t = find("c.c", 9, 0);
	ck_assert_ptr_eq(t, gone);
	ck_assert_str_eq(t->function, "k");
	ck_assert_int_eq(t->bytes, 7);
	ck_assert_int_eq(t->min_bytes, 7);
	ck_assert_int_eq(t->max_bytes, 7);
	ck_assert_uint_eq(t->first_seq, 4);
	ck_assert_ptr_null(t->hist);
	ck_assert_uint_eq(t->plain, 0);
	ck_assert_ptr_null(find(longname, 3, 0));
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_ptr_nonnull(find("a.c", 1, 0)->hist);
}
END_TEST

/* Enough tags to grow the hash table several times, all found again. */
START_TEST(test_model_many_tags)
{
	char file[32];
	int i, round;

	for (round = 0; round < 3; round++) {
		at(round);
		for (i = 0; i < 20000; i++) {
			snprintf(file, sizeof(file), "dir/f%d.c", i % 5000);
			add("", file, (uint64_t)(i / 5000), "fn", i + round,
			    1);
		}
		model_ingest(m, &s, false);
		ck_assert_uint_eq(m->ntags, 20000);
	}
	for (i = 0; i < 20000; i++) {
		ck_assert_int_eq(m->tags[i]->state, TAG_LIVE);
		ck_assert_int_eq(m->tags[i]->dbytes, 1);
	}
}
END_TEST

START_TEST(test_model_content_id)
{
	unsigned long i;

	for (i = 0; i < 4; i++) {
		at((double)i);
		s.has_content_id = true;
		s.content_id = i < 2 ? 7 : 8 + i;
		s.retries = (unsigned int)i;
		model_ingest(m, &s, false);
	}
	ck_assert(m->has_content_id);
	ck_assert_uint_eq(m->content_id, 11);
	ck_assert_uint_eq(m->content_changes, 2);
	ck_assert_uint_eq(m->retries, 0 + 1 + 2 + 3);
	/* A sample without an id has none; the last known one is kept. */
	at(5);
	s.has_content_id = false;
	model_ingest(m, &s, false);
	ck_assert(!m->has_content_id);
	ck_assert_uint_eq(m->known_id, 11);
	ck_assert_uint_eq(m->content_changes, 2);
}
END_TEST

/* The history: the window on the samples' times, oldest first. */
START_TEST(test_model_history_wrap)
{
	int64_t out[64];
	double times[64];
	struct tag *t;
	size_t n, i;

	model_free(m);
	m = model_new(10);
	for (i = 0; i < 30; i++) {
		at(1000 + (double)i);
		add("", "a.c", 1, "f", (int64_t)(i * i), 1);
		model_ingest(m, &s, false);
	}
	t = find("a.c", 1, 0);
	n = model_history(m, t, out, times, 64);
	ck_assert_uint_eq(n, 11);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(out[i], (int64_t)((19 + i) * (19 + i)));
		ck_assert_double_eq(times[i], 1019 + (double)i);
	}
	/* At most max entries, the newest ones. */
	n = model_history(m, t, out, NULL, 3);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[0], 27 * 27);
	ck_assert_int_eq(out[2], 29 * 29);
}
END_TEST

/* A tag that appeared late has only its own samples in its history. */
START_TEST(test_model_history_short)
{
	int64_t out[16];
	struct tag *t;
	size_t n;
	int i;

	for (i = 0; i < 5; i++) {
		at(i);
		add("", "a.c", 1, "f", 1, 1);
		if (i >= 3)
			add("", "late.c", 1, "f", 100 + i, 1);
		model_ingest(m, &s, false);
	}
	t = find("late.c", 1, 0);
	n = model_history(m, t, out, NULL, 16);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(out[0], 103);
	ck_assert_int_eq(out[1], 104);
	/* Gone: its history ends at its last sample. */
	at(5);
	add("", "a.c", 1, "f", 1, 1);
	model_ingest(m, &s, false);
	ck_assert_int_eq(t->state, TAG_GONE);
	n = model_history(m, t, out, NULL, 16);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(out[1], 104);
}
END_TEST

/* The slope of a linear series is its rate, even with uneven spacing. */
START_TEST(test_model_slope_linear)
{
	static const double times[] = { 0, 0.5, 2, 3, 3.25, 5, 8, 8.1, 13 };
	struct tag *t;
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		at(5000 + times[i]);
		add("", "a.c", 1, "f", 1000 + (int64_t)(times[i] * 400), 1);
		add("", "flat.c", 1, "f", 77, 1);
		add("", "down.c", 1, "f", 1000000 - (int64_t)(times[i] * 40),
		    1);
		model_ingest(m, &s, false);
		t = find("a.c", 1, 0);
		if (i)
			ck_assert_double_eq_tol(t->rate, 400, 1e-6);
	}
	model_fit(m, t);
	ck_assert_double_eq_tol(t->slope, 400, 1e-6);
	ck_assert_double_eq_tol(t->slope, t->rate, 1e-6);
	ck_assert_double_eq_tol(t->grew, 1, 1e-9);
	t = find("flat.c", 1, 0);
	model_fit(m, t);
	ck_assert_double_eq_tol(t->slope, 0, 1e-9);
	ck_assert_double_eq(t->grew, 0);
	t = find("down.c", 1, 0);
	model_fit(m, t);
	ck_assert_double_eq_tol(t->slope, -40, 1e-6);
	ck_assert_double_eq_tol(t->slope, t->rate, 1e-6);
}
END_TEST

/* Only the window is fitted: an old step does not bend the slope. */
START_TEST(test_model_slope_window)
{
	struct tag *t;
	int i;

	model_free(m);
	m = model_new(10);
	for (i = 0; i < 40; i++) {
		at(i);
		/* Flat at 0 until 20, then +3 per second. */
		add("", "a.c", 1, "f", i < 20 ? 0 : (i - 20) * 3, 1);
		model_ingest(m, &s, false);
	}
	t = find("a.c", 1, 0);
	model_fit(m, t);
	ck_assert_double_eq_tol(t->slope, 3, 1e-6);
	/* One sample only: no slope. */
	model_reset(m);
	at(1);
	add("", "a.c", 1, "f", 100, 1);
	model_ingest(m, &s, false);
	t = find("a.c", 1, 0);
	model_fit(m, t);
	ck_assert_double_eq(t->slope, 0);
}
END_TEST

/* The least-squares slope and the share that grew, the plain way. */
static void brute_fit(const double *t, const int64_t *y, size_t n,
		      double window, double *slope, double *grew)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, t0 = t[n - 1];
	size_t i, k = 0, up = 0, steps = 0;
	int64_t prev = 0;

	for (i = 0; i < n; i++) {
		double x = t[i] - t0;

		if (t0 - t[i] > window)
			continue;
		sx += x;
		sy += (double)y[i];
		sxx += x * x;
		sxy += x * (double)y[i];
		if (k) {
			steps++;
			up += y[i] > prev;
		}
		prev = y[i];
		k++;
	}
	*grew = steps ? (double)up / (double)steps : 0;
	*slope = k >= 2 && k * sxx - sx * sx > 1e-12 ?
		 (k * sxy - sx * sy) / (k * sxx - sx * sx) : 0;
}

/*
 * History and slope against a plain recomputation, sample by sample: a
 * tag that moves by odd and even amounts, rests longer than the window,
 * and moves again; _i == 1 sends times out of order.
 */
START_TEST(test_model_history_brute)
{
	static const int64_t steps[] = { 4096, 0, 0, 8192, -3, 0, 0, 0, 0, 0,
					 0, 0, 0, 0, 0, 1 << 20, 0, -4096, 7,
					 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					 0, 0, 0, 0, 0, 0, 0, 0, 5 };
	double times[64], ht[64];
	int64_t ys[64], out[64], v = 1000;
	size_t i, j, n, first = 0;
	struct tag *t;

	model_free(m);
	m = model_new(8);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		double slope, grew;

		v += steps[i];
		times[i] = 100 + (double)i * 0.5 +
			   (_i && i % 7 == 3 ? -6 : 0);
		ys[i] = v;
		at(times[i]);
		add("", "a.c", 1, "f", v, 1);
		model_ingest(m, &s, false);
		t = find("a.c", 1, 0);
		model_fit(m, t);
		/*
		 * The samples the window keeps: from the oldest within it,
		 * never again one it dropped.
		 */
		for (; first < i && times[i] - times[first] > 8; first++)
			;
		n = model_history(m, t, out, ht, 64);
		ck_assert_uint_eq(n, i - first + 1);
		ck_assert_uint_eq(n, model_history_len(m, t));
		for (j = 0; j < n; j++) {
			ck_assert_int_eq(out[j], ys[first + j]);
			ck_assert_double_eq(ht[j], times[first + j]);
		}
		brute_fit(times + first, ys + first, n, 8, &slope, &grew);
		ck_assert_double_eq_tol(t->slope, slope,
					1e-6 * (1 + fabs(slope)));
		ck_assert_double_eq_tol(t->grew, grew, 1e-9);
	}
}
END_TEST

/*
 * Records the parser vouches for (rec->same) find the tags a lookup
 * would, duplicate keys included, as lines come, go and move.
 */
START_TEST(test_model_hints)
{
	static const char *const reads[] = {
		"1 1 d.c:1 func:f \n2 1 d.c:1 func:f \n3 1 e.c:1 func:g \n"
		"4 1 d.c:1 func:f \n",
		"1 1 d.c:1 func:f \n5 1 d.c:1 func:f \n3 1 e.c:1 func:g \n"
		"4 1 d.c:1 func:f \n",
		"1 1 x.c:1 func:x \n5 1 d.c:1 func:f \n3 1 e.c:1 func:g \n"
		"4 1 d.c:1 func:f \n",
		"1 1 d.c:1 func:f \n5 1 d.c:1 func:f \n3 1 e.c:1 func:g \n"
		"9 1 d.c:1 func:f \n",
		"5 1 d.c:1 func:f \n3 1 e.c:1 func:g \n9 1 d.c:1 func:f \n",
		"5 1 d.c:1 func:f \n3 1 e.c:1 func:g \n9 1 d.c:1 func:f \n",
		"6 1 d.c:1 func:f \n3 1 e.c:1 func:g \n9 1 d.c:1 func:f \n"
		"1 1 d.c:1 func:f \n",
	};
	struct model *plain = model_new(300);
	struct parse_cache pc;
	struct parse_error err;
	size_t k, i, hinted = 0;

	memset(&pc, 0, sizeof(pc));
	for (k = 0; k < sizeof(reads) / sizeof(reads[0]); k++) {
		sample_clear(&s);
		ck_assert_int_eq(parse_text_cached(&pc, &s, reads[k],
						   strlen(reads[k]), 1, NULL,
						   NULL, &err), 0);
		s.time = (double)k;
		model_ingest(m, &s, false);
		for (i = 0; i < s.nrecs; i++) {
			hinted += s.recs[i].same != 0;
			s.recs[i].same = 0;
		}
		s.id = s.base = 0;
		model_ingest(plain, &s, false);
		ck_assert_uint_eq(m->ntags, plain->ntags);
		for (i = 0; i < m->ntags; i++) {
			const struct tag *a = m->tags[i], *b = plain->tags[i];

			ck_assert_str_eq(a->file, b->file);
			ck_assert_uint_eq(a->ordinal, b->ordinal);
			ck_assert_int_eq(a->bytes, b->bytes);
			ck_assert_int_eq(a->dbytes, b->dbytes);
			ck_assert_int_eq(a->state, b->state);
		}
	}
	ck_assert_uint_gt(hinted, 5);
	parse_cache_fini(&pc);
	model_free(plain);
}
END_TEST

START_TEST(test_model_reset)
{
	struct tag *t;

	at(10);
	add("", "a.c", 1, "f", 100, 1);
	s.has_content_id = true;
	s.content_id = 5;
	model_ingest(m, &s, false);
	at(11);
	add("", "a.c", 1, "f", 200, 1);
	model_ingest(m, &s, false);
	model_reset(m);
	ck_assert_uint_eq(m->ntags, 0);
	ck_assert_uint_eq(m->seq, 0);
	ck_assert_uint_eq(m->nlive, 0);
	ck_assert_int_eq(m->bytes, 0);
	ck_assert(!m->has_content_id);
	/* The next sample is a first sample again. */
	at(50);
	add("", "a.c", 1, "f", 300, 1);
	add("", "b.c", 1, "f", 1, 1);
	model_ingest(m, &s, false);
	ck_assert_uint_eq(m->ntags, 2);
	t = find("b.c", 1, 0);
	ck_assert_int_eq(t->state, TAG_LIVE);
	t = find("a.c", 1, 0);
	ck_assert_int_eq(t->dbytes, 0);
	ck_assert_int_eq(t->growth, 0);
	ck_assert_double_eq(m->first_time, 50);
}
END_TEST

START_TEST(test_model_tag_cmp)
{
	struct tag a = { .module = "", .file = "a.c", .line = 2,
			 .function = "f" };
	struct tag b = a;

	ck_assert_int_eq(model_tag_cmp(&a, &b), 0);
	b.ordinal = 1;
	ck_assert_int_lt(model_tag_cmp(&a, &b), 0);
	ck_assert_int_gt(model_tag_cmp(&b, &a), 0);
	b = a;
	b.line = 10;
	ck_assert_int_lt(model_tag_cmp(&a, &b), 0);
	b = a;
	b.function = "g";
	ck_assert_int_lt(model_tag_cmp(&a, &b), 0);
	b = a;
	b.file = "b.c";
	b.line = 1;
	ck_assert_int_lt(model_tag_cmp(&a, &b), 0);
	b = a;
	b.module = "m";
	b.file = "0.c";
	ck_assert_int_lt(model_tag_cmp(&a, &b), 0);
	ck_assert_str_eq(model_state_name(TAG_NEW), "new");
	ck_assert_str_eq(model_state_name(TAG_GONE), "gone");
	ck_assert_str_eq(model_state_name(TAG_LIVE), "live");
}
END_TEST

/*
 * Sample n of a replay that has everything a model keeps: tags that come,
 * go and come back, duplicate keys, bytes that move or rest past the
 * window, huge values, a time out of order, content id changes, meminfo,
 * and a kernel filter that leaves half the tags out for a while (*rebase
 * where it changes).
 */
static void ckpt_sample(int n, bool *rebase)
{
	unsigned int seed = 7919u * (unsigned int)n + 1;
	bool filtered = n >= 40 && n < 52;
	char file[32];
	int k;

	at(n == 30 ? 20.5 : 10 + n * 1.25 + (n % 3) * 0.1);
	s.has_content_id = true;
	s.content_id = 1 + n / 17;
	snprintf(s.host, sizeof(s.host), "h%d", n / 20);
	meminfo_set_kb(&s.mem, MEMINFO_SLAB, 1000 + (uint64_t)n * 3);
	*rebase = n == 40 || n == 52;
	for (k = 0; k < 60; k++) {
		int64_t b = 4096 * (k + 1);

		if (rand_r(&seed) % 5 == 0 && k % 7)
			continue;
		if (filtered && k % 2)
			continue;
		if (k % 3 == 1)
			b += (int64_t)(n * 64 * (k % 5)) - 128 * (n % 4);
		else if (k % 3 == 2 && n % 13 < 3)
			b += n * 8;
		if (k == 59)
			b = INT64_MAX - 7 + n % 5;
		snprintf(file, sizeof(file), "k%d.c", k % 50);
		add(k % 4 ? "" : "mod", file, (uint64_t)(k % 50), "fn", b,
		    (uint64_t)(n + k));
	}
}

/*
 * A checkpoint taken after any sample p, restored into a used model and
 * read on to any later sample k, gives the model reading 0 .. k - 1 gives,
 * field for field.  _i == 1: the saved model was marked, which a
 * checkpoint leaves out (growth from first sight).
 */
START_TEST(test_model_ckpt)
{
	enum { N = 70 };
	struct model_ckpt *ck[N + 1];
	struct model *ref[N + 1];
	struct model_names *nm = model_names_new();
	struct model *b;
	bool rebase;
	char what[64];
	int p, k, j;

	model_free(m);
	m = model_new(8);
	for (k = 0; k <= N; k++) {
		ref[k] = model_new(8);
		for (j = 0; j < k; j++) {
			ckpt_sample(j, &rebase);
			model_ingest(ref[k], &s, rebase);
		}
	}
	for (p = 0; p <= N; p++) {
		if (p) {
			ckpt_sample(p - 1, &rebase);
			model_ingest(m, &s, rebase);
		}
		if (_i && p == 25)
			model_mark(m);
		ck[p] = model_save(m, nm);
		ck_assert_uint_gt(model_ckpt_size(ck[p]), 0);
	}
	b = model_new(8);
	for (p = 0; p <= N; p++) {
		for (k = p; k <= N && k <= p + 17; k++) {
			model_restore(b, ck[p], nm);
			for (j = p; j < k; j++) {
				ckpt_sample(j, &rebase);
				model_ingest(b, &s, rebase);
			}
			snprintf(what, sizeof(what), "from %d to %d", p, k);
			test_model_eq(b, ref[k], what);
		}
	}
	for (p = 0; p <= N; p++) {
		model_ckpt_free(ck[p]);
		model_free(ref[p]);
	}
	model_free(b);
	model_names_free(nm);
}
END_TEST

/* Whether the names of m's tag at file:line are plain, asked of m. */
static bool ask_plain(struct model *in, const char *file, uint64_t line)
{
	struct model *save = m;
	struct tag *t;

	m = in;
	t = find(file, line, 0);
	m = save;
	ck_assert_ptr_nonnull(t);
	return model_tag_plain(t);
}

/*
 * A restored model's tags are its own, carved from its chunks (a tag with
 * long names a heap block of its own), and freed as any when they go;
 * whether names are plain, as far as it was found out (not yet, plain,
 * not plain), comes back as it was saved.
 */
START_TEST(test_model_ckpt_tags)
{
	static char longname[2048];
	struct model_names *nm = model_names_new();
	struct model *b = model_new(300), *ref = model_new(300);
	struct model_ckpt *ck;
	int n, k;

	memset(longname, 'x', sizeof(longname) - 1);
	for (n = 1; n <= 3; n++) {
		at(n);
		add("", "a.c", 1, "f", 100 * n, 1);
		add("m", "b\"c.c", 2, "f", 200, 2);
		add("", "d.c", 3, "g\x1b", 300, 3);
		add("", longname, 4, "h", 400 * n, 4);
		if (n == 1)
			add("", "gone.c", 5, "k", 5, 5);
		model_ingest(m, &s, false);
		model_ingest(ref, &s, false);
	}
	/* Asked of two tags only: the others stay not known. */
	ck_assert(ask_plain(m, "a.c", 1) && ask_plain(ref, "a.c", 1));
	ck_assert(!ask_plain(m, "b\"c.c", 2) && !ask_plain(ref, "b\"c.c", 2));
	ck = model_save(m, nm);
	/* Into a used model, which lets its own tags go first. */
	for (n = 1; n <= 2; n++) {
		at(n);
		add("", "z.c", 9, "z", n, 1);
		add("", longname, 8, "h", n, 1);
		model_ingest(b, &s, false);
	}
	model_restore(b, ck, nm);
	test_model_eq(b, ref, "restored");
	model_free(m);
	m = b;
	ck_assert_uint_eq(find("a.c", 1, 0)->plain, 1);
	ck_assert_uint_eq(find("b\"c.c", 2, 0)->plain, 2);
	ck_assert_uint_eq(find("d.c", 3, 0)->plain, 0);
	ck_assert_uint_eq(find(longname, 4, 0)->plain, 0);
	ck_assert_str_eq(find(longname, 4, 0)->file, longname);
	for (k = 0; k < 2; k++) {
		struct model *x = k ? ref : m;

		ck_assert(!ask_plain(x, "d.c", 3));
		ck_assert(ask_plain(x, longname, 4));
	}
	/* Read on: tags go, are freed and their room taken, as forward. */
	for (n = 4; n <= 8; n++) {
		at(n);
		add("", "a.c", 1, "f", 100 * n, 1);
		if (n < 5)
			add("", longname, 4, "h", 400 * n, 4);
		if (n >= 6)
			add("", "new.c", 6, "n", 6, 6);
		model_ingest(m, &s, false);
		model_ingest(ref, &s, false);
	}
	ck_assert_ptr_null(find(longname, 4, 0));
	ck_assert_ptr_null(find("d.c", 3, 0));
	ck_assert(ask_plain(m, "new.c", 6) && ask_plain(ref, "new.c", 6));
	test_model_eq(m, ref, "read on");
	model_ckpt_free(ck);
	model_free(ref);
	model_names_free(nm);
}
END_TEST

Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("deltas");

	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, test_model_first_sample);
	tcase_add_test(tc, test_model_deltas);
	tcase_add_test(tc, test_model_totals);
	tcase_add_test(tc, test_model_content_id);
	tcase_add_test(tc, test_model_reset);
	tcase_add_test(tc, test_model_tag_cmp);
	suite_add_tcase(s, tc);

	tc = tcase_create("tags");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, test_model_new_gone);
	tcase_add_test(tc, test_model_gone_back);
	tcase_add_test(tc, test_model_empty_sample);
	tcase_add_test(tc, test_model_rebase);
	tcase_add_test(tc, test_model_filter_round_trip);
	tcase_add_test(tc, test_model_filter_bounded);
	tcase_add_test(tc, test_model_mark);
	tcase_add_test(tc, test_model_origin);
	tcase_add_test(tc, test_model_gap_value);
	tcase_add_test(tc, test_model_duplicates_defconfig);
	tcase_add_test(tc, test_model_duplicates_order);
	tcase_add_test(tc, test_model_identity_module);
	tcase_add_test(tc, test_model_churn);
	tcase_add_test(tc, test_model_plain);
	tcase_add_test(tc, test_model_tag_reuse);
	tcase_add_test(tc, test_model_many_tags);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("history");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, test_model_history_wrap);
	tcase_add_test(tc, test_model_history_short);
	tcase_add_test(tc, test_model_slope_linear);
	tcase_add_test(tc, test_model_slope_window);
	tcase_add_loop_test(tc, test_model_history_brute, 0, 2);
	tcase_add_test(tc, test_model_hints);
	tcase_add_loop_test(tc, test_model_ckpt, 0, 2);
	tcase_add_test(tc, test_model_ckpt_tags);
	suite_add_tcase(s, tc);
	return s;
}
