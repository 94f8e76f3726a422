/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ROWS_H
#define ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sort.h"

/* The tags a view shows: those passing the userspace match, sorted. */
struct rows {
	struct tag **v;
	size_t n;
	size_t cap;
	/* Totals over the shown tags that are not gone; dbytes over all. */
	int64_t bytes;
	uint64_t calls;
	int64_t dbytes;
	struct sort_scratch scratch;
};

/*
 * Does "file:line [module] function" contain text?  A leading '!' keeps
 * the tags that do not.  NULL or "" matches everything.
 */
bool rows_match(const struct tag *t, const char *text);
/* Select and order; the first top rows are sorted (0: all of them). */
void rows_build(struct rows *r, const struct model *m, const char *match,
		struct sort_key key, size_t top);
/* Select only, in the model's order. */
void rows_select(struct rows *r, const struct model *m, const char *match,
		 struct sort_key key);
/* Order the rows again so that the first top are sorted (0: all). */
void rows_sort(struct rows *r, const struct model *m, struct sort_key key,
	       size_t top);
void rows_fini(struct rows *r);

#endif
