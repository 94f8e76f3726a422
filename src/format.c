// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"

static char *format_scaled(char *buf, size_t size, int64_t v, bool exact,
			   bool sign, double base, const char *units)
{
	double x = v < 0 ? -(double)v : (double)v;
	const char *s = v < 0 ? "-" : sign && v > 0 ? "+" : "";
	int u = 0;

	if (exact || x < base) {
		snprintf(buf, size, "%s%" PRIu64, s,
			 v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
		return buf;
	}
	while (x >= base && units[u + 1]) {
		x /= base;
		u++;
	}
	/* Round first, so 1023.96K becomes 1.0M and not 1024K. */
	if (x >= 999.5 && units[u + 1]) {
		x /= base;
		u++;
	}
	if (x < 9.95)
		snprintf(buf, size, "%s%.1f%c", s, x, units[u]);
	else
		snprintf(buf, size, "%s%.0f%c", s, x, units[u]);
	return buf;
}

char *format_size(char *buf, size_t size, int64_t v, bool exact)
{
	return format_scaled(buf, size, v, exact, false, 1024, " KMGTPE");
}

char *format_delta(char *buf, size_t size, int64_t v, bool exact)
{
	return format_scaled(buf, size, v, exact, true, 1024, " KMGTPE");
}

char *format_count(char *buf, size_t size, int64_t v, bool exact)
{
	if (!exact && (v > 99999 || v < -99999))
		return format_scaled(buf, size, v, false, false, 1000,
				     " KMGTPE");
	snprintf(buf, size, "%" PRId64, v);
	return buf;
}

char *format_escape(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			if (n + 4 >= size)
				break;
			buf[n++] = '\\';
			if (c == '\\') {
				buf[n++] = '\\';
				continue;
			}
			buf[n++] = 'x';
			buf[n++] = hex[c >> 4];
			buf[n++] = hex[c & 15];
			continue;
		}
		if (n + 1 >= size)
			break;
		buf[n++] = (char)c;
	}
	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return buf;
}

char *format_time(char *buf, size_t size, double t)
{
	time_t secs;
	struct tm tm;

	/* Only times a capture may hold: anything else does not fit time_t. */
	if (!(t >= 0 && t <= 253402300799.0)) {
		snprintf(buf, size, "%.3f", t);
		return buf;
	}
	secs = (time_t)t;
	if (!localtime_r(&secs, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "%.3f", t);
	return buf;
}
