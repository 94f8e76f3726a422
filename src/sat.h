/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SAT_H
#define SAT_H

#include <stdint.h>

/*
 * Saturating arithmetic for byte and call counts: a capture may hold any
 * 64-bit value, and a total or a difference that does not fit stops at the
 * limit instead of wrapping (or, signed, being undefined).
 */
static inline int64_t sat_add_s64(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static inline int64_t sat_sub_s64(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static inline uint64_t sat_add_u64(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

/* a - b for two unsigned counts, as a signed change. */
static inline int64_t sat_diff_u64(uint64_t a, uint64_t b)
{
	if (a >= b)
		return a - b > (uint64_t)INT64_MAX ? INT64_MAX :
		       (int64_t)(a - b);
	return b - a > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)(b - a);
}

static inline int64_t sat_s64_from_u64(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

/* An exact sum of many int64_t, then stopped at the limits. */
static inline int64_t sat_s64_from_wide(__int128 v)
{
	return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN :
	       (int64_t)v;
}

/* A double as an int64_t, truncated like a cast; NaN is 0. */
static inline int64_t sat_s64_from_double(double v)
{
	if (!(v == v))
		return 0;
	if (v >= 9223372036854775807.0)
		return INT64_MAX;
	if (v <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)v;
}

#endif
