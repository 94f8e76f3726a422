// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

struct layout_info {
	const char *name;
	const char *title;
	const char *title_ascii;
	int width;
	int drop;		/* dropped first when highest; 0: never */
	enum sort_field sort;
};

static const struct layout_info layout_info[COL_N] = {
	[COL_BYTES] = { "bytes", "BYTES", "BYTES", 6, 0, SORT_BYTES },
	[COL_DBYTES] = { "dbytes", "\u0394BYTES", "dBYTES", 7, 0,
			 SORT_DBYTES },
	[COL_CALLS] = { "calls", "CALLS", "CALLS", 6, 7, SORT_CALLS },
	[COL_DCALLS] = { "dcalls", "\u0394CALLS", "dCALLS", 6, 9,
			 SORT_DCALLS },
	[COL_AVG] = { "avg", "AVG", "AVG", 5, 8, SORT_AVG },
	[COL_GROWTH] = { "growth", "GROWTH", "GROWTH", 7, 6, SORT_GROWTH },
	[COL_SLOPE] = { "slope", "SLOPE", "SLOPE", 7, 4, SORT_SLOPE },
	[COL_TREND] = { "trend", "TREND", "TREND", 8, 5, SORT_NFIELDS },
	[COL_FLAGS] = { "flags", "F", "F", 2, 3, SORT_NFIELDS },
	[COL_MODULE] = { "module", "MODULE", "MODULE", 0, 0, SORT_MODULE },
	[COL_FUNCTION] = { "function", "FUNCTION", "FUNCTION", 0, 0,
			   SORT_FUNCTION },
	[COL_FILE] = { "file", "FILE:LINE", "FILE:LINE", 0, 0, SORT_FILE },
};

const char *layout_col_name(enum layout_col c)
{
	return layout_info[c].name;
}

const char *layout_col_title(enum layout_col c, bool utf8, bool per_second)
{
	if (c == COL_DBYTES && per_second)
		return utf8 ? "\u0394B/s" : "dB/s";
	if (c == COL_DCALLS && per_second)
		return utf8 ? "\u0394CALLS" : "dCALLS";
	return utf8 ? layout_info[c].title : layout_info[c].title_ascii;
}

enum sort_field layout_col_sort(enum layout_col c, bool per_second)
{
	if (c == COL_DBYTES && per_second)
		return SORT_RATE;
	return layout_info[c].sort;
}

void layout_defaults(bool enabled[COL_N])
{
	int c;

	for (c = 0; c < COL_N; c++)
		enabled[c] = true;
}

int layout_parse(const char *s, bool enabled[COL_N])
{
	bool on[COL_N] = { false };
	const char *p = s;
	int c;

	while (*p) {
		size_t n = strcspn(p, ", ");

		if (n) {
			for (c = 0; c < COL_N; c++)
				if (strlen(layout_info[c].name) == n &&
				    !strncmp(p, layout_info[c].name, n))
					break;
			if (c == COL_N)
				return -EINVAL;
			on[c] = true;
		}
		p += n;
		if (*p)
			p++;
	}
	/* Rows without a name would mean nothing. */
	if (!on[COL_FUNCTION] && !on[COL_FILE])
		return -EINVAL;
	memcpy(enabled, on, sizeof(on));
	return 0;
}

void layout_format(const bool enabled[COL_N], char *buf, size_t size)
{
	size_t len = 0;
	int c;

	if (size)
		buf[0] = '\0';
	for (c = 0; c < COL_N; c++) {
		int n;

		if (!enabled[c])
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
			     layout_info[c].name);
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

void layout_compute(struct layout *l, const bool enabled[COL_N], int width,
		    int module_width)
{
	int names_min = width * 45 / 100, fixed = 0, rest, x = 0, c;
	int fw, mw;

	memset(l, 0, sizeof(*l));
	l->width = width;
	if (names_min < 20)
		names_min = 20;
	for (c = 0; c < COL_N; c++) {
		l->shown[c] = enabled[c];
		if (enabled[c] && layout_info[c].width)
			fixed += layout_info[c].width + 1;
	}
	l->shown[COL_MODULE] = enabled[COL_MODULE] && module_width > 0;
	/* Drop the least useful numbers until the names fit. */
	while (width - fixed < names_min) {
		int worst = -1;

		for (c = 0; c < COL_N; c++)
			if (l->shown[c] && layout_info[c].drop &&
			    (worst < 0 ||
			     layout_info[c].drop > layout_info[worst].drop))
				worst = c;
		if (worst < 0)
			break;
		l->shown[worst] = false;
		fixed -= layout_info[worst].width + 1;
	}
	rest = width - fixed;
	if (rest < 0)
		rest = 0;
	mw = 0;
	if (l->shown[COL_MODULE]) {
		mw = module_width < 6 ? 6 : module_width;
		if (mw > rest / 5)
			mw = rest / 5;
		if (mw > 16)
			mw = 16;
		rest -= mw + 1;
	}
	fw = 0;
	if (l->shown[COL_FUNCTION] && l->shown[COL_FILE])
		fw = rest * 45 / 100;
	else if (l->shown[COL_FUNCTION])
		fw = rest;
	for (c = 0; c < COL_N; c++) {
		int w = layout_info[c].width;

		if (!l->shown[c])
			continue;
		if (c == COL_MODULE)
			w = mw;
		else if (c == COL_FUNCTION)
			w = fw;
		else if (c == COL_FILE)
			w = rest - (l->shown[COL_FUNCTION] ? fw + 1 : 0);
		if (w < 0)
			w = 0;
		l->x[c] = x;
		l->w[c] = w;
		x += w + 1;
	}
}
