/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Binary interface of /proc/allocinfo: enumerate allocation tags with a
 * kernel-side filter.
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
	/* Filter criterion only: always 0 in output records. */
	__u64 inaccurate;
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

/*
 * ALLOCINFO_IOC_BATCH: many tags per call, with a cursor held by the caller.
 *
 * Each matching tag gives one fixed-size struct allocinfo_record in the
 * records buffer and, when ALLOCINFO_BATCH_NAMES is set, one struct
 * allocinfo_name followed by its full-length names in the names buffer.
 * The cursor starts zeroed and is handed back to the next call unchanged;
 * when the set of tags changed since the cursor was written (a module came
 * or went), the walk starts again from the first tag and
 * ALLOCINFO_BATCH_RESTARTED says that the records of earlier calls are
 * stale.  ALLOCINFO_BATCH_END says that the walk has reached the last tag.
 */

/*
 * allocinfo_batch.flags: NAMES fills the names buffer, LIVE skips tags with
 * no live allocation.
 */
#define ALLOCINFO_BATCH_NAMES		(1U << 0)
#define ALLOCINFO_BATCH_LIVE		(1U << 1)
#define ALLOCINFO_BATCH_FLAGS \
	(ALLOCINFO_BATCH_NAMES | ALLOCINFO_BATCH_LIVE)

/*
 * allocinfo_batch.out_flags: END when no tag follows the cursor, RESTARTED
 * when the walk started over from the first tag.
 */
#define ALLOCINFO_BATCH_END		(1U << 0)
#define ALLOCINFO_BATCH_RESTARTED	(1U << 1)

/* allocinfo_batch_filter.mask */
#define ALLOCINFO_BATCH_FILTER_MODNAME		(1ULL << 0)
#define ALLOCINFO_BATCH_FILTER_FUNCTION		(1ULL << 1)
#define ALLOCINFO_BATCH_FILTER_FILENAME		(1ULL << 2)
#define ALLOCINFO_BATCH_FILTER_LINENO		(1ULL << 3)
#define ALLOCINFO_BATCH_FILTER_INACCURATE	(1ULL << 4)
#define ALLOCINFO_BATCH_FILTER_MIN_BYTES	(1ULL << 5)
#define ALLOCINFO_BATCH_FILTER_MAX_BYTES	(1ULL << 6)
#define ALLOCINFO_BATCH_FILTER_MASK		((1ULL << 7) - 1)

/* The longest name a filter may give, its NUL included. */
#define ALLOCINFO_BATCH_NAME_MAX	4096

/*
 * Names are user pointers to NUL-terminated strings, compared with the full
 * names of the tags; a tag of the kernel itself has the module name "".
 * min_bytes and max_bytes bound the signed byte count, both inclusive.
 */
struct allocinfo_batch_filter {
	__u64 mask;
	__u64 modname;
	__u64 function;
	__u64 filename;
	__u64 lineno;
	__s64 min_bytes;
	__s64 max_bytes;
	__u32 inaccurate;	/* 0 or 1 */
	__u32 __reserved;	/* must be zero */
};

/*
 * Where the next call continues.  Opaque to the caller, except that all
 * zeroes is the first tag.
 */
struct allocinfo_batch_cursor {
	__u64 content_id;
	__u64 mod_seq;
	__u32 mod_id;
	__u32 index;
};

/* allocinfo_record.flags: INACCURATE is the text file's accurate:no. */
#define ALLOCINFO_RECORD_INACCURATE	(1U << 0)

/*
 * id names the tag for as long as its module stays loaded, and is never
 * given to another tag; it links a record to its struct allocinfo_name.
 */
struct allocinfo_record {
	__u64 id;
	__s64 bytes;
	__u64 calls;
	__u32 flags;
	__u32 __reserved;	/* zero */
};

/*
 * One entry of the names buffer, followed by the module name, the function
 * and the file name, each NUL-terminated (the lengths leave the NULs out),
 * then zeroes up to size, a multiple of 8.
 */
struct allocinfo_name {
	__u64 id;
	__u64 lineno;
	__u32 size;
	__u32 modname_len;
	__u32 function_len;
	__u32 filename_len;
};

struct allocinfo_batch {
	__u32 size;		/* in: sizeof(struct allocinfo_batch) */
	__u32 flags;		/* in: ALLOCINFO_BATCH_* */
	struct allocinfo_batch_filter filter;	/* in */
	__u64 records;		/* in: struct allocinfo_record[] */
	__u64 names;		/* in: names_size bytes */
	__u32 nr_records;	/* in: room; out: records written */
	__u32 names_size;	/* in: room in bytes; out: bytes written */
	struct allocinfo_batch_cursor cursor;	/* in and out */
	__u32 out_flags;	/* out: ALLOCINFO_BATCH_END, _RESTARTED */
	__u32 __reserved;	/* must be zero */
};

#define ALLOCINFO_BATCH_SIZE_VER0 128 /* sizeof first published struct */

#define _ALLOCINFO_IOC_BATCH 3
#define ALLOCINFO_IOC_BATCH _IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_BATCH, \
		struct allocinfo_batch)

#endif /* _UAPI_LINUX_ALLOC_TAG_H */
