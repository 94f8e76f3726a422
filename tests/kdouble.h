/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDOUBLE_H
#define KDOUBLE_H

/*
 * An in-process double of the /proc/allocinfo ioctls, with the semantics
 * of doc/kernel-interface.md, over an array of tags, plus fault injection.
 * It stands in for open/ioctl/close through struct source_sys.  One double
 * is current at a time (the system calls carry no context).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/alloc_tag.h>

#include "sample.h"
#include "source.h"

/* A tag as the kernel holds it: full names, possibly long, or NULL. */
struct kd_tag {
	char *module;		/* NULL for built-in code */
	char *function;
	char *file;
	uint64_t line;
	int64_t bytes;
	uint64_t calls;
	bool accurate;
};

/*
 * The layout the double speaks (doc/kernel-interface.md): its ioctl numbers
 * and structures.  Calls with the numbers of another layout get ENOTTY.
 */
enum kd_abi {
	KD_ABI_V3,		/* ours: inaccurate in the tag */
	KD_ABI_MM,		/* inaccurate at the end of the filter */
	KD_ABI_MM_TAG,		/* inaccurate, min and max in the tag */
	KD_ABI_MM_NAMES,	/* a filter on names and the line only */
	KD_ABI_MM_NOFILTER,	/* no filter */
};

/* When the content id moves under a reader. */
enum kd_change {
	KD_STABLE,
	KD_ONCE,	/* during the first GET_AT only */
	KD_ALWAYS,	/* during every GET_AT */
};

struct kdouble {
	struct source_sys sys;
	struct kd_tag *tags;
	size_t ntags;
	size_t cap;
	uint64_t content_id;

	/* Faults. */
	int open_errno;		/* open() fails with this */
	int content_id_errno;	/* every CONTENT_ID fails with this */
	enum kd_change change;	/* the content id moves during GET_AT */
	unsigned int change_on_next;	/* or during this GET_NEXT (from 1) */
	size_t load_from;	/* tags from here on appear at the change */
	int get_at_errno;	/* GET_AT fails with this */
	long next_fail_after;	/* GET_NEXT fails after this many, or -1 */
	int next_errno;		/* ... with this (EFAULT keeps the cursor) */
	unsigned int eintr;	/* the next calls fail with EINTR, untouched */

	/* The kernel's dialect. */
	enum kd_abi abi;
	/*
	 * The behaviour of the series as posted: sizes compared unsigned, a
	 * missing function or file name passes every filter on it, and the
	 * GET_NEXT after an ENOENT starts again at the first tag.
	 */
	bool posted;
	bool endless;		/* GET_NEXT wraps without an ENOENT */

	/* The one open file: its filter and cursor. */
	int fd;
	bool is_open;
	struct allocinfo_filter filter;
	enum { KD_BEFORE, KD_ON, KD_END } where;
	size_t cursor;
	size_t visible;		/* tags listed now (load_from hides some) */

	/* What the reader did. */
	unsigned int n_open, n_close, n_content_id, n_get_at, n_get_next;
	unsigned long next_ok;	/* GET_NEXTs that returned a record */
	unsigned int changes;
	struct allocinfo_filter last_filter;	/* as GET_AT received it */
};

void kdouble_init(struct kdouble *kd);
void kdouble_fini(struct kdouble *kd);
/* Append a tag (strings copied; module NULL or "" for built-in). */
void kdouble_add(struct kdouble *kd, const char *module, const char *file,
		 uint64_t line, const char *function, int64_t bytes,
		 uint64_t calls, bool accurate);
/* Append every record of a sample. */
void kdouble_add_sample(struct kdouble *kd, const struct sample *s);
/* Hide the tags from index i on until the content id moves. */
void kdouble_hide_from(struct kdouble *kd, size_t i);
/* Make kd current and return its system calls for source_open(). */
const struct source_sys *kdouble_sys(struct kdouble *kd);
/* The system call itself, for tests of the double. */
int kdouble_ioctl(int fd, unsigned long request, void *arg);

#endif
