// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "xalloc.h"

int sort_key_parse(const char *s, struct sort_key *key)
{
	bool ascending = false;
	enum field_id f;

	if (*s == '-' || *s == '+')
		ascending = *s++ == '-';
	f = field_find(s, strlen(s));
	if (!field_is(f, FIELD_SORT))
		return -EINVAL;
	key->field = f;
	key->ascending = ascending;
	return 0;
}

int sort_cmp(const struct tag *a, const struct tag *b, struct sort_key key)
{
	int c = field_cmp(key.field, a, b);

	if (c)
		return key.ascending ? c : -c;
	return model_tag_cmp(a, b);
}

/* What a sort compares by: the key, and whether ties may use ranks. */
struct sort_ctx {
	struct sort_key key;
	bool ranked;
};

static int sort_cmp_ctx(const struct tag *a, const struct tag *b,
			const struct sort_ctx *ctx)
{
	const struct field *fd = &field_table[ctx->key.field];
	int c;

	/* Whole numbers compare in line, as field_cmp() would. */
	if (!fd->cmp && fd->type == FIELD_T_I64) {
		int64_t x = *(const int64_t *)((const char *)a + fd->offset);
		int64_t y = *(const int64_t *)((const char *)b + fd->offset);

		c = (x > y) - (x < y);
	} else if (!fd->cmp && fd->type == FIELD_T_U64) {
		uint64_t x = *(const uint64_t *)((const char *)a + fd->offset);
		uint64_t y = *(const uint64_t *)((const char *)b + fd->offset);

		c = (x > y) - (x < y);
	} else {
		c = field_cmp(ctx->key.field, a, b);
	}

	if (c)
		return ctx->key.ascending ? c : -c;
	if (ctx->ranked)
		return a->rank < b->rank ? -1 : a->rank > b->rank;
	return model_tag_cmp(a, b);
}

static int sort_qsort_cmp(const void *a, const void *b, void *ctx)
{
	return sort_cmp_ctx(*(struct tag *const *)a, *(struct tag *const *)b,
			    ctx);
}

/* Max-heap on key order: the root is the last of the best top kept. */
static void sort_sift_down(struct tag **h, size_t n, size_t i,
			   const struct sort_ctx *key)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;
		struct tag *t;

		if (l < n && sort_cmp_ctx(h[l], h[big], key) > 0)
			big = l;
		if (r < n && sort_cmp_ctx(h[r], h[big], key) > 0)
			big = r;
		if (big == i)
			return;
		t = h[i];
		h[i] = h[big];
		h[big] = t;
		i = big;
	}
}

static void sort_run(struct tag **v, size_t n, const struct sort_ctx *ctx,
		     size_t top)
{
	const struct field *fd = &field_table[ctx->key.field];
	bool whole = !fd->cmp && fd->type == FIELD_T_I64;
	size_t i;

	/* Nothing to order; v may be NULL, which qsort_r() must not get. */
	if (n < 2)
		return;
	if (!top || top > (n - 1) / 4) {
		qsort_r(v, n, sizeof(*v), sort_qsort_cmp, (void *)ctx);
		return;
	}
	/* Keep the best top in a heap at the front of v. */
	for (i = top / 2; i-- > 0;)
		sort_sift_down(v, top, i, ctx);
	for (i = top; i < n; i++) {
		/* Most tags lose to the root on the key alone: see here. */
		if (whole) {
			int64_t x = *(const int64_t *)((const char *)v[i] +
						       fd->offset);
			int64_t y = *(const int64_t *)((const char *)v[0] +
						       fd->offset);

			if (ctx->key.ascending ? x > y : x < y)
				continue;
		}
		if (sort_cmp_ctx(v[i], v[0], ctx) < 0) {
			struct tag *t = v[0];

			v[0] = v[i];
			v[i] = t;
			sort_sift_down(v, top, 0, ctx);
		}
	}
	qsort_r(v, top, sizeof(*v), sort_qsort_cmp, (void *)ctx);
}

void sort_tags(struct tag **v, size_t n, struct sort_key key, size_t top)
{
	struct sort_ctx ctx = { key, false };

	sort_run(v, n, &ctx, top);
}

struct sort_item {
	uint64_t key;
	struct tag *t;
};

/* The field as an unsigned integer of the same order, if it is a number. */
static bool sort_bits(const struct tag *t, enum field_id f, uint64_t *out)
{
	double d;

	if (field_table[f].cmp)
		return false;
	switch (field_table[f].type) {
	case FIELD_T_I64:
		*out = (uint64_t)field_int(f, t) ^ (1ULL << 63);
		return true;
	case FIELD_T_U64:
		*out = (uint64_t)field_int(f, t);
		return true;
	case FIELD_T_F64:
		/* -0 as 0, as the comparison has it; NaN has no order. */
		d = field_double(f, t);
		if (d != d)
			return false;
		if (d == 0)
			d = 0;
		memcpy(out, &d, sizeof(*out));
		*out = *out >> 63 ? ~*out : *out | (1ULL << 63);
		return true;
	default:
		return false;
	}
}

/* One stable pass on the byte at shift; false when all share it. */
static bool sort_radix_pass(const struct sort_item *from, struct sort_item *to,
			    size_t n, unsigned int shift, bool rank)
{
	size_t count[256] = { 0 }, i, sum = 0;

	for (i = 0; i < n; i++)
		count[((rank ? from[i].t->rank : from[i].key) >> shift) &
		      0xff]++;
	for (i = 0; i < 256; i++) {
		size_t c = count[i];

		if (c == n)
			return false;
		count[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		to[count[((rank ? from[i].t->rank : from[i].key) >> shift) &
			 0xff]++] = from[i];
	return true;
}

/* Sort by key then rank, least significant byte first. */
static bool sort_radix(struct tag **v, size_t n, struct sort_key key,
		       struct sort_scratch *scratch)
{
	struct sort_item *a, *b, *t;
	uint64_t diff = 0;
	uint32_t ranks = 0;
	unsigned int shift;
	size_t i;

	if (scratch->cap < 2 * n * sizeof(*a)) {
		free(scratch->buf);
		scratch->cap = 2 * n * sizeof(*a);
		scratch->buf = xmalloc(scratch->cap);
	}
	a = scratch->buf;
	b = a + n;
	for (i = 0; i < n; i++) {
		if (!sort_bits(v[i], key.field, &a[i].key))
			return false;
		/* Descending by key, still ascending by identity. */
		if (!key.ascending)
			a[i].key = ~a[i].key;
		a[i].t = v[i];
		/* The bytes that differ somewhere are the only passes. */
		diff |= a[i].key ^ a[0].key;
		ranks |= v[i]->rank;
	}
	for (shift = 0; shift < 32 && ranks >> shift; shift += 8)
		if (sort_radix_pass(a, b, n, shift, true)) {
			t = a;
			a = b;
			b = t;
		}
	for (shift = 0; shift < 64; shift += 8)
		if ((diff >> shift & 0xff) &&
		    sort_radix_pass(a, b, n, shift, false)) {
			t = a;
			a = b;
			b = t;
		}
	for (i = 0; i < n; i++)
		v[i] = a[i].t;
	return true;
}

void sort_tags_ranked(struct tag **v, size_t n, struct sort_key key,
		      size_t top, struct sort_scratch *scratch)
{
	struct sort_ctx ctx = { key, true };

	if (n >= 64 && (!top || top > (n - 1) / 4) &&
	    sort_radix(v, n, key, scratch))
		return;
	sort_run(v, n, &ctx, top);
}

void sort_scratch_fini(struct sort_scratch *scratch)
{
	free(scratch->buf);
	scratch->buf = NULL;
	scratch->cap = 0;
}
