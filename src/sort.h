/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SORT_H
#define SORT_H

#include <stdbool.h>
#include <stddef.h>

#include "field.h"
#include "model.h"

/* A sortable field (see field.c) and its direction. */
struct sort_key {
	enum field_id field;
	bool ascending;
};

/* "bytes", "-dbytes" (ascending), "+file" (descending).  0 or -EINVAL. */
int sort_key_parse(const char *s, struct sort_key *key);
/* Compare by key, ties broken by identity so rows never swap at random. */
int sort_cmp(const struct tag *a, const struct tag *b, struct sort_key key);
/*
 * Order v so that its first min(top, n) entries are the first in key
 * order, sorted; the rest are left in no particular order.  top == 0 sorts
 * everything.  Costs O(n log top) when top is small.
 */
void sort_tags(struct tag **v, size_t n, struct sort_key key, size_t top);

/* Memory a sort may reuse from one call to the next. */
struct sort_scratch {
	void *buf;
	size_t cap;
};

/*
 * The same, ties broken by t->rank (see model_rank()), not by names; a
 * full sort by a number is a radix sort in scratch.
 */
void sort_tags_ranked(struct tag **v, size_t n, struct sort_key key,
		      size_t top, struct sort_scratch *scratch);
void sort_scratch_fini(struct sort_scratch *scratch);

#endif
