/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FILTER_H
#define FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/alloc_tag.h>

#include "sample.h"

/* Longest name the kernel compares: the last 63 bytes of a tag's name. */
#define FILTER_NAME_MAX (ALLOCINFO_STR_SIZE - 1)

/*
 * The kernel-side filter: ALLOCINFO_FILTER_MASK_* bits and their values.
 * The ioctl source hands it to the kernel; the text and capture sources
 * apply it themselves with the same semantics (filter_match()).
 */
struct filter {
	uint64_t mask;
	char module[ALLOCINFO_STR_SIZE];
	char function[ALLOCINFO_STR_SIZE];
	char file[ALLOCINFO_STR_SIZE];
	uint64_t line;
	bool inaccurate;
	int64_t min_bytes;
	int64_t max_bytes;
};

/* The filter fields, in mask bit order. */
enum filter_field {
	FILTER_MODULE,
	FILTER_FUNCTION,
	FILTER_FILE,
	FILTER_LINE,
	FILTER_INACCURATE,
	FILTER_MIN_BYTES,
	FILTER_MAX_BYTES,
	FILTER_NFIELDS,
};

/* Name of a field as the command line spells it ("module", "min-bytes"). */
const char *filter_field_name(enum filter_field f);

/*
 * Set one field from its textual value and select it in the mask.  Names
 * longer than 63 bytes are reduced to their last 63 bytes and *trimmed is
 * set.  Returns 0, or -EINVAL and leaves the filter unchanged.
 */
int filter_set(struct filter *f, enum filter_field field, const char *value,
	       bool *trimmed);
/* -EINVAL when the filter cannot be sent (min > max). */
int filter_check(const struct filter *f);
/* Does the record pass, with the kernel's semantics? */
bool filter_match(const struct filter *f, const struct rec *r);
/* The same, split: every test but the sizes, and the sizes alone. */
bool filter_match_name(const struct filter *f, const struct rec *r);
bool filter_match_bytes(const struct filter *f, int64_t bytes);
/* Do two filters select the same records? */
bool filter_equal(const struct filter *a, const struct filter *b);
/* The last 63 bytes of a name, as the kernel compares and reports it. */
const char *filter_name_suffix(const char *name);
/* Fill the uapi struct (zeroing every unused byte). */
void filter_to_uapi(const struct filter *f, struct allocinfo_filter *u);
/* "module=ext4 min-bytes=1048576", or "none". */
void filter_describe(const struct filter *f, char *buf, size_t size);

/* Parse "123", "4K", "1.5M", "2G", "1T" (IEC).  0 or -EINVAL/-ERANGE. */
int filter_parse_size(const char *s, int64_t *out);

#endif
