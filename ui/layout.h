/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "field.h"
#include "fit.h"

/*
 * Where each column goes on a line of the table.  Columns are fields
 * (field.c lists them left to right); arrays are indexed by field.
 */
struct layout {
	bool shown[FIELD_N];
	int x[FIELD_N];
	int w[FIELD_N];
	int names_x;		/* where the trend, flags and names start */
	int end;		/* the last cell used; past the line: scroll */
};

/* "bytes,dbytes,...": which columns to show.  0 or -EINVAL. */
int layout_parse(const char *s, bool enabled[FIELD_N]);
/* The reverse of layout_parse. */
void layout_format(const bool enabled[FIELD_N], char *buf, size_t size);
/* Every column on. */
void layout_defaults(bool enabled[FIELD_N]);

/*
 * Fit the enabled columns into width: numbers are dropped, least useful
 * first, until the names get over half the line; fit.c sizes the trend,
 * the flags and the names from what the rows on screen need.  full: the
 * names whole, as wide as they are, past the line if need be.
 */
void layout_compute(struct layout *l, const bool enabled[FIELD_N], int width,
		    const struct fit_need *need, bool full);

#endif
