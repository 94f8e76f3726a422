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

void layout_compute(struct layout *l, const bool enabled[FIELD_N], int width,
		    int module_width)
{
	int names_min = width * 45 / 100, fixed = 0, rest, x = 0;
	const struct field *ft = field_table;
	enum field_id f;
	size_t c;
	int fw, mw;

	memset(l, 0, sizeof(*l));
	if (names_min < 20)
		names_min = 20;
	for (c = 0; c < field_ncolumns; c++) {
		f = field_columns[c];
		l->shown[f] = enabled[f];
		if (enabled[f] && ft[f].width)
			fixed += ft[f].width + 1;
	}
	l->shown[FIELD_MODULE] = enabled[FIELD_MODULE] && module_width > 0;
	/* Drop the least useful numbers until the names fit. */
	while (width - fixed < names_min) {
		int worst = -1;

		for (c = 0; c < field_ncolumns; c++) {
			f = field_columns[c];
			if (l->shown[f] && ft[f].drop &&
			    (worst < 0 || ft[f].drop > ft[worst].drop))
				worst = (int)f;
		}
		if (worst < 0)
			break;
		l->shown[worst] = false;
		fixed -= ft[worst].width + 1;
	}
	rest = width - fixed;
	if (rest < 0)
		rest = 0;
	mw = 0;
	if (l->shown[FIELD_MODULE]) {
		mw = module_width < 6 ? 6 : module_width;
		if (mw > rest / 5)
			mw = rest / 5;
		if (mw > 16)
			mw = 16;
		rest -= mw + 1;
	}
	fw = 0;
	if (l->shown[FIELD_FUNCTION] && l->shown[FIELD_FILE])
		fw = rest * 45 / 100;
	else if (l->shown[FIELD_FUNCTION])
		fw = rest;
	for (c = 0; c < field_ncolumns; c++) {
		int w;

		f = field_columns[c];
		w = ft[f].width;
		if (!l->shown[f])
			continue;
		if (f == FIELD_MODULE)
			w = mw;
		else if (f == FIELD_FUNCTION)
			w = fw;
		else if (f == FIELD_FILE)
			w = rest - (l->shown[FIELD_FUNCTION] ? fw + 1 : 0);
		if (w < 0)
			w = 0;
		l->x[f] = x;
		l->w[f] = w;
		x += w + 1;
	}
}
