/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMINFO_H
#define MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEMINFO_DEFAULT_PATH "/proc/meminfo"

/* The lines of /proc/meminfo that say how much the kernel itself holds. */
enum meminfo_field {
	MEMINFO_TOTAL,		/* MemTotal */
	MEMINFO_SLAB,		/* Slab */
	MEMINFO_VMALLOC,	/* VmallocUsed */
	MEMINFO_PAGE_TABLES,	/* PageTables */
	MEMINFO_KERNEL_STACK,	/* KernelStack */
	MEMINFO_PERCPU,		/* Percpu */
	MEMINFO_NFIELDS,
};

/* One reading; a field is known only where its bit in has is set. */
struct meminfo {
	uint64_t bytes[MEMINFO_NFIELDS];
	unsigned int has;
};

/* The field's name in /proc/meminfo and in a capture: "MemTotal". */
const char *meminfo_name(enum meminfo_field f);
/* The field named by the len bytes at name, or -1. */
int meminfo_field_lookup(const char *name, size_t len);
static inline bool meminfo_has(const struct meminfo *mi, enum meminfo_field f)
{
	return mi->has & (1u << f);
}
/*
 * Set a field from a count of kB, as /proc/meminfo and captures give it.
 * Returns 0, or -EOVERFLOW when the bytes do not fit 64 bits.
 */
int meminfo_set_kb(struct meminfo *mi, enum meminfo_field f, uint64_t kb);
/*
 * Parse the text of /proc/meminfo ("Name:   123 kB" lines).  Unknown lines
 * are skipped.  Returns 0, or -EINVAL when a known field's line is not a
 * count of kB, -EOVERFLOW when it does not fit; mi is then empty.
 */
int meminfo_parse(struct meminfo *mi, const char *buf, size_t len);
/*
 * Read and parse path (a regular file of at most 64 KiB is read; anything
 * but a regular file is refused with -EINVAL).  On error mi is empty.
 */
int meminfo_read(struct meminfo *mi, const char *path);

#endif
