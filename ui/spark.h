/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SPARK_H
#define SPARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Levels a sparkline cell can show. */
#define SPARK_LEVELS 8

/* The level (0 .. SPARK_LEVELS - 1) of v between lo and hi. */
int spark_level(int64_t v, int64_t lo, int64_t hi);

/*
 * Draw the last width values of v (n of them) into out as a sparkline of
 * width cells, right-aligned (blanks first when n < width), scaled between
 * their minimum and maximum: UTF-8 block characters, or ASCII when utf8 is
 * false.  Always NUL-terminates; returns out.
 */
char *spark_render(char *out, size_t size, const int64_t *v, size_t n,
		   size_t width, bool utf8);

/*
 * The same on a shared scale: span > 0 is the byte range the full height
 * stands for, from the row's own minimum, so that rows drawn with one span
 * compare (0.7 % of noise stays low beside a leak); span 0 is the row's
 * own range, as spark_render.
 */
char *spark_render_span(char *out, size_t size, const int64_t *v, size_t n,
			size_t width, bool utf8, uint64_t span);

/* The smallest and largest of v[0 .. n - 1]; n must be at least 1. */
void spark_range(const int64_t *v, size_t n, int64_t *lo, int64_t *hi);

/* The glyph for one level. */
const char *spark_glyph(int level, bool utf8);

#endif
