// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"

static const char *const sort_names[SORT_NFIELDS] = {
	[SORT_BYTES] = "bytes",
	[SORT_CALLS] = "calls",
	[SORT_DBYTES] = "dbytes",
	[SORT_DCALLS] = "dcalls",
	[SORT_RATE] = "rate",
	[SORT_GROWTH] = "growth",
	[SORT_AVG] = "avg",
	[SORT_SLOPE] = "slope",
	[SORT_MODULE] = "module",
	[SORT_FUNCTION] = "function",
	[SORT_FILE] = "file",
};

const char *sort_field_name(enum sort_field f)
{
	return sort_names[f];
}

int sort_key_parse(const char *s, struct sort_key *key)
{
	bool ascending = false;
	int i;

	if (*s == '-' || *s == '+')
		ascending = *s++ == '-';
	for (i = 0; i < SORT_NFIELDS; i++) {
		if (!strcmp(s, sort_names[i])) {
			key->field = (enum sort_field)i;
			key->ascending = ascending;
			return 0;
		}
	}
	return -EINVAL;
}

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)

static int sort_cmp_field(const struct tag *a, const struct tag *b,
			  enum sort_field f)
{
	switch (f) {
	case SORT_BYTES:
		return CMP(a->bytes, b->bytes);
	case SORT_CALLS:
		return CMP(a->calls, b->calls);
	case SORT_DBYTES:
		return CMP(a->dbytes, b->dbytes);
	case SORT_DCALLS:
		return CMP(a->dcalls, b->dcalls);
	case SORT_RATE:
		return CMP(a->rate, b->rate);
	case SORT_GROWTH:
		return CMP(a->growth, b->growth);
	case SORT_AVG:
		return CMP(a->avg, b->avg);
	case SORT_SLOPE:
		if (a->leak != b->leak)
			return CMP(a->leak, b->leak);
		if (a->slope != b->slope)
			return CMP(a->slope, b->slope);
		return CMP(a->grew, b->grew);
	case SORT_MODULE:
		return strcmp(a->module, b->module);
	case SORT_FUNCTION:
		return strcmp(a->function, b->function);
	case SORT_FILE:
		return strcmp(a->file, b->file);
	default:
		return 0;
	}
}

int sort_cmp(const struct tag *a, const struct tag *b, struct sort_key key)
{
	int c = sort_cmp_field(a, b, key.field);

	if (c)
		return key.ascending ? c : -c;
	return model_tag_cmp(a, b);
}

static int sort_qsort_cmp(const void *a, const void *b, void *key)
{
	return sort_cmp(*(struct tag *const *)a, *(struct tag *const *)b,
			*(const struct sort_key *)key);
}

/* Max-heap on key order: the root is the last of the best top kept. */
static void sort_sift_down(struct tag **h, size_t n, size_t i,
			   struct sort_key key)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;
		struct tag *t;

		if (l < n && sort_cmp(h[l], h[big], key) > 0)
			big = l;
		if (r < n && sort_cmp(h[r], h[big], key) > 0)
			big = r;
		if (big == i)
			return;
		t = h[i];
		h[i] = h[big];
		h[big] = t;
		i = big;
	}
}

void sort_tags(struct tag **v, size_t n, struct sort_key key, size_t top)
{
	size_t i;

	/* Nothing to order; v may be NULL, which qsort_r() must not get. */
	if (n < 2)
		return;
	if (!top || top * 4 >= n) {
		qsort_r(v, n, sizeof(*v), sort_qsort_cmp, &key);
		return;
	}
	/* Keep the best top in a heap at the front of v. */
	for (i = top / 2; i-- > 0;)
		sort_sift_down(v, top, i, key);
	for (i = top; i < n; i++) {
		if (sort_cmp(v[i], v[0], key) < 0) {
			struct tag *t = v[0];

			v[0] = v[i];
			v[i] = t;
			sort_sift_down(v, top, 0, key);
		}
	}
	qsort_r(v, top, sizeof(*v), sort_qsort_cmp, &key);
}
