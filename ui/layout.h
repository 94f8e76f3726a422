/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "sort.h"

/* The table's columns, in display order. */
enum layout_col {
	COL_BYTES,
	COL_DBYTES,
	COL_CALLS,
	COL_DCALLS,
	COL_AVG,
	COL_GROWTH,
	COL_SLOPE,
	COL_TREND,
	COL_FLAGS,
	COL_MODULE,
	COL_FUNCTION,
	COL_FILE,
	COL_N,
};

/* Where each column goes on a line of the table. */
struct layout {
	bool shown[COL_N];
	int x[COL_N];
	int w[COL_N];
	int width;
};

/* The name in the config file and -C lists ("dbytes"). */
const char *layout_col_name(enum layout_col c);
/* The column heading ("ΔBYTES" or "dBYTES" without UTF-8). */
const char *layout_col_title(enum layout_col c, bool utf8, bool per_second);
/* The sort field of a column, or SORT_NFIELDS when it has none. */
enum sort_field layout_col_sort(enum layout_col c, bool per_second);
/* "bytes,dbytes,...": which columns to show.  0 or -EINVAL. */
int layout_parse(const char *s, bool enabled[COL_N]);
/* The reverse of layout_parse. */
void layout_format(const bool enabled[COL_N], char *buf, size_t size);
/* Every column on. */
void layout_defaults(bool enabled[COL_N]);

/*
 * Fit the enabled columns into width: numbers are dropped, least useful
 * first, until the names get about half the line; the module column is
 * left out when no tag has a module (module_width 0).
 */
void layout_compute(struct layout *l, const bool enabled[COL_N], int width,
		    int module_width);

#endif
