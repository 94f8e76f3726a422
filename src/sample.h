/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meminfo.h"

/* One callsite as a source read it.  Strings live in the owning sample. */
struct rec {
	const char *module;	/* "" for built-in code */
	const char *function;
	const char *file;
	uint64_t line;
	int64_t bytes;		/* signed: per-CPU sums can dip below zero */
	uint64_t calls;
	bool accurate;
};

/* Chunked string storage: strings never move once stored. */
struct strpool_chunk;

struct strpool {
	struct strpool_chunk *head;	/* chunk being filled */
	struct strpool_chunk *spare;	/* chunks kept for reuse */
};

/* uname's limit on a host name and a kernel release, with the NUL. */
#define SAMPLE_NAME_MAX 65

/* Where a sample came from. */
enum sample_origin {
	ORIGIN_NONE,
	ORIGIN_IOCTL,
	ORIGIN_TEXT,
	ORIGIN_CAPTURE,
};

/* One reading of every tag that passed the kernel filter. */
struct sample {
	double time;		/* seconds since the epoch */
	uint64_t content_id;
	bool has_content_id;
	enum sample_origin origin;
	/* For captures: the source the recorder used, if it said. */
	enum sample_origin recorded_origin;
	unsigned int retries;	/* reads repeated for a content id change */
	/* The machine read: host name and kernel release, "" if unknown. */
	char host[SAMPLE_NAME_MAX];
	char release[SAMPLE_NAME_MAX];
	struct meminfo mem;	/* its /proc/meminfo then, where known */
	size_t total;		/* tags the source saw, before its filter */
	struct rec *recs;
	size_t nrecs;
	size_t caprecs;
	struct strpool pool;
};

void sample_init(struct sample *s);
void sample_fini(struct sample *s);
/* Forget every record, keep the memory for the next reading. */
void sample_clear(struct sample *s);
/* Append a record; strings are copied (len bytes, not NUL-terminated). */
struct rec *sample_add(struct sample *s);
const char *sample_strndup(struct sample *s, const char *str, size_t len);
const char *sample_origin_name(enum sample_origin o);
enum sample_origin sample_origin_parse(const char *name);

#endif
