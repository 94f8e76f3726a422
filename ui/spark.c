// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "spark.h"

static const char *const spark_utf8[SPARK_LEVELS] = {
	"\u2581", "\u2582", "\u2583", "\u2584",
	"\u2585", "\u2586", "\u2587", "\u2588",
};

/* Rising ink, readable on any terminal. */
static const char *const spark_ascii[SPARK_LEVELS] = {
	"_", ".", ",", "-", "=", "+", "*", "#",
};

const char *spark_glyph(int level, bool utf8)
{
	if (level < 0)
		level = 0;
	if (level >= SPARK_LEVELS)
		level = SPARK_LEVELS - 1;
	return utf8 ? spark_utf8[level] : spark_ascii[level];
}

int spark_level(int64_t v, int64_t lo, int64_t hi)
{
	double f;

	if (hi <= lo)
		return 0;
	f = ((double)v - (double)lo) / ((double)hi - (double)lo);
	if (f <= 0)
		return 0;
	if (f >= 1)
		return SPARK_LEVELS - 1;
	return (int)(f * (SPARK_LEVELS - 1) + 0.5);
}

void spark_range(const int64_t *v, size_t n, int64_t *lo, int64_t *hi)
{
	size_t i;

	*lo = *hi = v[0];
	for (i = 1; i < n; i++) {
		if (v[i] < *lo)
			*lo = v[i];
		if (v[i] > *hi)
			*hi = v[i];
	}
}

char *spark_render(char *out, size_t size, const int64_t *v, size_t n,
		   size_t width, bool utf8)
{
	return spark_render_span(out, size, v, n, width, utf8, 0);
}

char *spark_render_span(char *out, size_t size, const int64_t *v, size_t n,
			size_t width, bool utf8, uint64_t span)
{
	size_t i, first, len = 0, blanks;
	int64_t lo, hi;

	if (!size)
		return out;
	out[0] = '\0';
	first = n > width ? n - width : 0;
	blanks = n - first < width ? width - (n - first) : 0;
	for (i = 0; i < blanks && len + 1 < size; i++)
		out[len++] = ' ';
	if (first < n) {
		spark_range(v + first, n - first, &lo, &hi);
		/* The top may pass INT64_MAX: clamp, the level caps anyway. */
		if (span)
			hi = span > (uint64_t)INT64_MAX - (uint64_t)(lo < 0 ? 0 : lo) ?
			     INT64_MAX : lo + (int64_t)span;
		for (i = first; i < n; i++) {
			const char *g = spark_glyph(spark_level(v[i], lo, hi),
						    utf8);
			size_t gl = strlen(g);

			if (len + gl + 1 > size)
				break;
			memcpy(out + len, g, gl);
			len += gl;
		}
	}
	out[len] = '\0';
	return out;
}
