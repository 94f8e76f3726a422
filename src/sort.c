// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"

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
	if (!top || top > (n - 1) / 4) {
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
