// SPDX-License-Identifier: GPL-2.0
/*
 * How wide the name columns are.  During an incident the function name is
 * what identifies the leak, so it gets its room before the file, and the
 * columns that say little on most kernels (a blank MODULE for built-in
 * code, an empty F) take none unless a row on screen uses them.
 */
#include <string.h>

#include "fit.h"

/* Cells each name column keeps for itself before FUNCTION grows. */
#define FIT_FILE_KEEP 11
#define FIT_MODULE_KEEP 6
/* A function name this long is shown whole before TREND gets its cells. */
#define FIT_FUNCTION_WHOLE 24
/* A sparkline narrower than this says nothing. */
#define FIT_TREND_MIN 4
/* Their titles, with the sort arrow. */
#define FIT_FUNCTION_TITLE 9
#define FIT_FILE_TITLE 10
#define FIT_MODULE_TITLE 7

static int fit_min(int a, int b)
{
	return a < b ? a : b;
}

static int fit_max(int a, int b)
{
	return a > b ? a : b;
}

/* The TREND sparkline: a few cells on a narrow screen, more on wide ones. */
static int fit_trend(int width)
{
	return width >= 160 ? 16 : width >= 120 ? 12 : width >= 100 ? 8 : 5;
}

void fit_compute(struct fit *f, int width, int fixed,
		 const struct fit_need *need)
{
	int fn = fit_max(need->function, FIT_FUNCTION_TITLE);
	int file = fit_max(need->file, FIT_FILE_TITLE);
	int mod = need->module ? fit_max(need->module, FIT_MODULE_TITLE) : 0;
	int keep_file = fit_min(file, FIT_FILE_KEEP);
	int keep_mod = fit_min(mod, FIT_MODULE_KEEP);
	int rest;

	memset(f, 0, sizeof(*f));
	f->flags = need->flags ? 2 : 0;
	f->trend = need->trend ? fit_trend(width) : 0;
	/* The names, their separators, then what is left for them. */
	rest = width - fixed - (f->flags ? f->flags + 1 : 0) - 1 -
	       (mod ? 1 : 0);
	/* TREND takes what the names leave, or goes. */
	if (f->trend)
		f->trend = fit_min(f->trend, rest - 1 - keep_file - keep_mod -
				   fit_min(fn, FIT_FUNCTION_WHOLE));
	if (f->trend < FIT_TREND_MIN)
		f->trend = 0;
	if (f->trend)
		rest -= f->trend + 1;
	if (rest < 0)
		rest = 0;
	f->function = fit_max(fit_min(fn, rest - keep_file - keep_mod),
			      fit_min(rest, FIT_FUNCTION_TITLE));
	rest -= f->function;
	f->file = fit_max(fit_min(file, rest - keep_mod), fit_min(rest, 1));
	rest -= f->file;
	if (mod) {
		f->module = fit_min(mod, rest);
		rest -= f->module;
	}
	f->file += rest;
}

char *fit_cut(char *out, size_t size, const char *s, int w, bool tail,
	      bool utf8)
{
	const char *mark = utf8 ? "\u2026" : tail ? "<" : ">";
	size_t len = strlen(s), ml = strlen(mark), keep;

	if (!size)
		return out;
	out[0] = '\0';
	if (w <= 0)
		return out;
	if (len <= (size_t)w) {
		keep = fit_min((int)len, (int)size - 1);
		memcpy(out, s, keep);
		out[keep] = '\0';
		return out;
	}
	keep = (size_t)w - 1;
	if (keep + ml + 1 > size)
		return out;
	if (tail) {
		memcpy(out, mark, ml);
		memcpy(out + ml, s + len - keep, keep);
	} else {
		memcpy(out, s, keep);
		memcpy(out + keep, mark, ml);
	}
	out[keep + ml] = '\0';
	return out;
}
