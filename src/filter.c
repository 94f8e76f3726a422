// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

static const char *const field_names[FILTER_NFIELDS] = {
	[FILTER_MODULE] = "module",
	[FILTER_FUNCTION] = "function",
	[FILTER_FILE] = "file",
	[FILTER_LINE] = "line",
	[FILTER_INACCURATE] = "inaccurate",
	[FILTER_MIN_BYTES] = "min-bytes",
	[FILTER_MAX_BYTES] = "max-bytes",
};

const char *filter_field_name(enum filter_field f)
{
	return field_names[f];
}

const char *filter_name_suffix(const char *name)
{
	size_t len = strlen(name);

	return len > FILTER_NAME_MAX ? name + len - FILTER_NAME_MAX : name;
}

static char *filter_name_slot(struct filter *f, enum filter_field field)
{
	switch (field) {
	case FILTER_MODULE:
		return f->module;
	case FILTER_FUNCTION:
		return f->function;
	case FILTER_FILE:
		return f->file;
	default:
		return NULL;
	}
}

int filter_parse_size(const char *s, int64_t *out)
{
	static const char units[] = "KMGTPE";
	const char *p = s, *u;
	unsigned long long whole = 0;
	double frac = 0, scale = 1;
	int64_t v, extra;
	int shift = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (ULLONG_MAX - 9) / 10)
			return -ERANGE;
		whole = whole * 10 + (unsigned long long)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			scale /= 10;
			frac += scale * (*p - '0');
		}
	}
	if (*p) {
		u = strchr(units, *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		if (!u || !*u)
			return -EINVAL;
		shift = 10 * (int)(u - units + 1);
		p++;
		if (*p == 'i')
			p++;
		if (*p == 'B')
			p++;
		if (*p)
			return -EINVAL;
	}
	if (shift >= 64 || (shift && whole >= (1ULL << (63 - shift))))
		return -ERANGE;
	if (whole > INT64_MAX)
		return -ERANGE;
	/* The fraction can round up to a whole unit: "7.99999999999999999999E". */
	v = (int64_t)(whole << shift);
	extra = (int64_t)ldexp(frac, shift);
	if (extra > INT64_MAX - v)
		return -ERANGE;
	*out = v + extra;
	return 0;
}

int filter_set(struct filter *f, enum filter_field field, const char *value,
	       bool *trimmed)
{
	char *slot = filter_name_slot(f, field);
	unsigned long long n;
	int64_t size;
	char *end;
	int err;

	if (trimmed)
		*trimmed = false;
	switch (field) {
	case FILTER_MODULE:
	case FILTER_FUNCTION:
	case FILTER_FILE:
		if (strchr(value, ' ') || strchr(value, '\n'))
			return -EINVAL;
		if (trimmed && strlen(value) > FILTER_NAME_MAX)
			*trimmed = true;
		snprintf(slot, ALLOCINFO_STR_SIZE, "%s",
			 filter_name_suffix(value));
		break;
	case FILTER_LINE:
		if (*value < '0' || *value > '9')
			return -EINVAL;
		errno = 0;
		n = strtoull(value, &end, 10);
		if (errno || *end)
			return -EINVAL;
		f->line = n;
		break;
	case FILTER_INACCURATE:
		if (!strcmp(value, "yes") || !strcmp(value, "1"))
			f->inaccurate = true;
		else if (!strcmp(value, "no") || !strcmp(value, "0"))
			f->inaccurate = false;
		else
			return -EINVAL;
		break;
	case FILTER_MIN_BYTES:
	case FILTER_MAX_BYTES:
		err = filter_parse_size(value, &size);
		if (err)
			return err;
		if (field == FILTER_MIN_BYTES)
			f->min_bytes = size;
		else
			f->max_bytes = size;
		break;
	default:
		return -EINVAL;
	}
	f->mask |= 1ULL << field;
	return 0;
}

int filter_check(const struct filter *f)
{
	uint64_t both = ALLOCINFO_FILTER_MASK_MIN_SIZE |
			ALLOCINFO_FILTER_MASK_MAX_SIZE;

	if (f->mask & ~(uint64_t)ALLOCINFO_FILTER_MASKS)
		return -EINVAL;
	if ((f->mask & both) == both && f->min_bytes > f->max_bytes)
		return -EINVAL;
	return 0;
}

bool filter_match_name(const struct filter *f, const struct rec *r)
{
	uint64_t m = f->mask;

	if (!m)
		return true;
	if ((m & ALLOCINFO_FILTER_MASK_MODNAME) &&
	    strcmp(filter_name_suffix(r->module), f->module))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FUNCTION) &&
	    strcmp(filter_name_suffix(r->function), f->function))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FILENAME) &&
	    strcmp(filter_name_suffix(r->file), f->file))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_LINENO) && r->line != f->line)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_INACCURATE) &&
	    r->accurate == f->inaccurate)
		return false;
	return true;
}

bool filter_match_bytes(const struct filter *f, int64_t bytes)
{
	uint64_t m = f->mask;

	if ((m & ALLOCINFO_FILTER_MASK_MIN_SIZE) && bytes < f->min_bytes)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_MAX_SIZE) && bytes > f->max_bytes)
		return false;
	return true;
}

bool filter_match(const struct filter *f, const struct rec *r)
{
	return filter_match_name(f, r) && filter_match_bytes(f, r->bytes);
}

bool filter_equal(const struct filter *a, const struct filter *b)
{
	uint64_t m = a->mask;

	if (m != b->mask)
		return false;
	return (!(m & ALLOCINFO_FILTER_MASK_MODNAME) ||
		!strcmp(a->module, b->module)) &&
	       (!(m & ALLOCINFO_FILTER_MASK_FUNCTION) ||
		!strcmp(a->function, b->function)) &&
	       (!(m & ALLOCINFO_FILTER_MASK_FILENAME) ||
		!strcmp(a->file, b->file)) &&
	       (!(m & ALLOCINFO_FILTER_MASK_LINENO) || a->line == b->line) &&
	       (!(m & ALLOCINFO_FILTER_MASK_INACCURATE) ||
		a->inaccurate == b->inaccurate) &&
	       (!(m & ALLOCINFO_FILTER_MASK_MIN_SIZE) ||
		a->min_bytes == b->min_bytes) &&
	       (!(m & ALLOCINFO_FILTER_MASK_MAX_SIZE) ||
		a->max_bytes == b->max_bytes);
}

void filter_to_uapi(const struct filter *f, struct allocinfo_filter *u)
{
	memset(u, 0, sizeof(*u));
	u->mask = f->mask;
	/* Up to the NUL only: bytes after it may be left from a longer name. */
	if (f->mask & ALLOCINFO_FILTER_MASK_MODNAME)
		memcpy(u->fields.modname, f->module,
		       strnlen(f->module, FILTER_NAME_MAX));
	if (f->mask & ALLOCINFO_FILTER_MASK_FUNCTION)
		memcpy(u->fields.function, f->function,
		       strnlen(f->function, FILTER_NAME_MAX));
	if (f->mask & ALLOCINFO_FILTER_MASK_FILENAME)
		memcpy(u->fields.filename, f->file,
		       strnlen(f->file, FILTER_NAME_MAX));
	if (f->mask & ALLOCINFO_FILTER_MASK_LINENO)
		u->fields.lineno = f->line;
	if (f->mask & ALLOCINFO_FILTER_MASK_INACCURATE)
		u->fields.inaccurate = f->inaccurate;
	if (f->mask & ALLOCINFO_FILTER_MASK_MIN_SIZE)
		u->min_size = (uint64_t)f->min_bytes;
	if (f->mask & ALLOCINFO_FILTER_MASK_MAX_SIZE)
		u->max_size = (uint64_t)f->max_bytes;
}

void filter_describe(const struct filter *f, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < FILTER_NFIELDS; i++) {
		const char *sep = len ? " " : "";
		int n = 0;

		if (!(f->mask & (1ULL << i)))
			continue;
		switch (i) {
		case FILTER_MODULE:
		case FILTER_FUNCTION:
		case FILTER_FILE:
			n = snprintf(buf + len, size - len, "%s%s=%s", sep,
				     field_names[i],
				     filter_name_slot((struct filter *)f, i));
			break;
		case FILTER_LINE:
			n = snprintf(buf + len, size - len, "%sline=%" PRIu64,
				     sep, f->line);
			break;
		case FILTER_INACCURATE:
			n = snprintf(buf + len, size - len, "%sinaccurate=%s",
				     sep, f->inaccurate ? "yes" : "no");
			break;
		case FILTER_MIN_BYTES:
		case FILTER_MAX_BYTES:
			n = snprintf(buf + len, size - len, "%s%s=%" PRId64,
				     sep, field_names[i],
				     i == FILTER_MIN_BYTES ? f->min_bytes :
							     f->max_bytes);
			break;
		}
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += n;
	}
	if (!len)
		snprintf(buf, size, "none");
}
