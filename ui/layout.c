// SPDX-License-Identifier: GPL-2.0
/* Where the screen's columns go; field.c gives widths and drop order. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

void layout_defaults(bool enabled[FIELD_N])
{
	int f;

	for (f = 0; f < FIELD_N; f++)
		enabled[f] = field_is(f, FIELD_COLUMN);
}

int layout_parse(const char *s, bool enabled[FIELD_N])
{
	bool on[FIELD_N] = { false };
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, ", ");

		if (n) {
			enum field_id f = field_find(p, n);

			if (!field_is(f, FIELD_COLUMN))
				return -EINVAL;
			on[f] = true;
		}
		p += n;
		if (*p)
			p++;
	}
	/* Rows without a name would mean nothing. */
	if (!on[FIELD_FUNCTION] && !on[FIELD_FILE])
		return -EINVAL;
	memcpy(enabled, on, sizeof(on));
	return 0;
}

void layout_format(const bool enabled[FIELD_N], char *buf, size_t size)
{
	size_t len = 0, c;

	if (size)
		buf[0] = '\0';
	for (c = 0; c < field_ncolumns; c++) {
		enum field_id f = field_columns[c];
		int n;

		if (!enabled[f])
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
			     field_name(f));
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

/* The columns fit.c sizes: the trend, the flags and the names. */
static bool layout_is_fitted(enum field_id f)
{
	return f == FIELD_TREND || f == FIELD_FLAGS || !field_table[f].width;
}

void layout_compute(struct layout *l, const bool enabled[FIELD_N], int width,
		    const struct fit_need *need_in, bool full)
{
	const struct field *ft = field_table;
	struct fit_need need = *need_in;
	int fixed = 0, names, x = 0;
	struct fit fit;
	enum field_id f;
	size_t c;

	memset(l, 0, sizeof(*l));
	need.trend = enabled[FIELD_TREND] && !full;
	need.flags = need.flags && enabled[FIELD_FLAGS];
	if (!enabled[FIELD_MODULE])
		need.module = 0;
	if (!enabled[FIELD_FUNCTION])
		need.function = 0;
	for (c = 0; c < field_ncolumns; c++) {
		f = field_columns[c];
		l->shown[f] = enabled[f];
		if (enabled[f] && !layout_is_fitted(f))
			fixed += ft[f].width + 1;
	}
	/*
	 * Drop the least useful numbers until the names get over half the
	 * line, or, for full names, all they need.
	 */
	names = full ? need.module + need.function + need.file + 2 +
		       (need.flags ? 3 : 0) : width * 55 / 100;
	if (names < 20)
		names = 20;
	while (width - fixed < names) {
		int worst = -1;

		for (c = 0; c < field_ncolumns; c++) {
			f = field_columns[c];
			if (l->shown[f] && !layout_is_fitted(f) && ft[f].drop &&
			    (worst < 0 || ft[f].drop > ft[worst].drop))
				worst = (int)f;
		}
		if (worst < 0)
			break;
		l->shown[worst] = false;
		fixed -= ft[worst].width + 1;
	}
	fit_compute(&fit, width, fixed, &need);
	if (full) {
		/* Whole names; the screen scrolls them sideways. */
		fit.function = need.function > 9 ? need.function : 9;
		fit.file = need.file > 10 ? need.file : 10;
		fit.module = need.module ? (need.module > 7 ? need.module :
					    7) : 0;
	}
	l->shown[FIELD_TREND] = fit.trend > 0;
	l->shown[FIELD_FLAGS] = fit.flags > 0;
	l->shown[FIELD_MODULE] = fit.module > 0;
	l->shown[FIELD_FUNCTION] = enabled[FIELD_FUNCTION];
	for (c = 0; c < field_ncolumns; c++) {
		int w;

		f = field_columns[c];
		if (!l->shown[f])
			continue;
		w = f == FIELD_TREND ? fit.trend : f == FIELD_FLAGS ?
		    fit.flags : f == FIELD_MODULE ? fit.module :
		    f == FIELD_FUNCTION ? fit.function :
		    f == FIELD_FILE ? fit.file : ft[f].width;
		if (f == FIELD_FILE && !enabled[FIELD_FUNCTION])
			w += fit.function + 1;
		if (f == FIELD_FUNCTION && !enabled[FIELD_FILE])
			w += fit.file + 1;
		l->x[f] = x;
		l->w[f] = w;
		x += w + 1;
		if (layout_is_fitted(f) && !l->names_x)
			l->names_x = l->x[f];
	}
	l->end = x > 1 ? x - 2 : 0;
}
