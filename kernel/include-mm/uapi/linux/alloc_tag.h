/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Binary interface of /proc/allocinfo: enumerate allocation tags with a
 * kernel-side filter.  This is the layout of the mm tree, where the
 * inaccurate criterion is part of the filter only, not of every record.
 */

#ifndef _UAPI_LINUX_ALLOC_TAG_H
#define _UAPI_LINUX_ALLOC_TAG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ALLOCINFO_STR_SIZE 64

struct allocinfo_content_id {
	__u64 id;
};

struct allocinfo_tag {
	/*
	 * Names longer than ALLOCINFO_STR_SIZE - 1 bytes are reduced to their
	 * last ALLOCINFO_STR_SIZE - 1 bytes, in output and when matching.
	 */
	char modname[ALLOCINFO_STR_SIZE];
	char function[ALLOCINFO_STR_SIZE];
	char filename[ALLOCINFO_STR_SIZE];
	__u64 lineno;
};

/*
 * bytes is a signed quantity carried in a __u64: per-CPU counters can sum to
 * a small negative value for a moment.  The alignment keeps the layout the
 * same for 32-bit callers.
 */
struct allocinfo_counter {
	__u64 bytes;
	__u64 calls;
	__u8 accurate;
} __attribute__((aligned(8)));

struct allocinfo_tag_data {
	struct allocinfo_tag tag;
	struct allocinfo_counter counter;
};

enum {
	ALLOCINFO_FILTER_MODNAME,
	ALLOCINFO_FILTER_FUNCTION,
	ALLOCINFO_FILTER_FILENAME,
	ALLOCINFO_FILTER_LINENO,
	ALLOCINFO_FILTER_INACCURATE,
	ALLOCINFO_FILTER_MIN_SIZE,
	ALLOCINFO_FILTER_MAX_SIZE,
	__ALLOCINFO_FILTER_LAST = ALLOCINFO_FILTER_MAX_SIZE
};

#define ALLOCINFO_FILTER_MASK_MODNAME (1 << ALLOCINFO_FILTER_MODNAME)
#define ALLOCINFO_FILTER_MASK_FUNCTION (1 << ALLOCINFO_FILTER_FUNCTION)
#define ALLOCINFO_FILTER_MASK_FILENAME (1 << ALLOCINFO_FILTER_FILENAME)
#define ALLOCINFO_FILTER_MASK_LINENO (1 << ALLOCINFO_FILTER_LINENO)
#define ALLOCINFO_FILTER_MASK_INACCURATE (1 << ALLOCINFO_FILTER_INACCURATE)
#define ALLOCINFO_FILTER_MASK_MIN_SIZE (1 << ALLOCINFO_FILTER_MIN_SIZE)
#define ALLOCINFO_FILTER_MASK_MAX_SIZE (1 << ALLOCINFO_FILTER_MAX_SIZE)

#define ALLOCINFO_FILTER_MASKS \
	((1 << (__ALLOCINFO_FILTER_LAST + 1)) - 1)

/*
 * min_size and max_size bound the signed byte count, both inclusive.  Names
 * must be NUL-terminated; a tag without a module matches the modname "".
 */
struct allocinfo_filter {
	__u64 mask; /* bitmask of the filter fields used */
	struct allocinfo_tag fields;
	__u64 min_size;
	__u64 max_size;
	/* 1: only tags whose counters are inaccurate, 0: only accurate ones */
	__u64 inaccurate;
};

struct allocinfo_get_at {
	/* inputs */
	__u64 pos;
	struct allocinfo_filter filter;
	/* output */
	struct allocinfo_tag_data data;
};

#define _ALLOCINFO_IOC_CONTENT_ID 0
#define _ALLOCINFO_IOC_GET_AT 1
#define _ALLOCINFO_IOC_GET_NEXT 2

#define ALLOCINFO_IOC_BASE 0xA6
#define ALLOCINFO_IOC_CONTENT_ID _IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_CONTENT_ID, \
		struct allocinfo_content_id)
#define ALLOCINFO_IOC_GET_AT _IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, \
		struct allocinfo_get_at)
#define ALLOCINFO_IOC_GET_NEXT _IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, \
		struct allocinfo_tag_data)

#endif /* _UAPI_LINUX_ALLOC_TAG_H */
