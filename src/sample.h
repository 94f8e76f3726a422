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
	/*
	 * 1 + the index of the record with the same identity in the sample
	 * whose id is the base of this one (a source that remembers its last
	 * read knows it), or 0 when unknown.
	 */
	uint32_t same;
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
	uint64_t id;		/* unique in the process, 0: none */
	uint64_t base;		/* id of the sample rec->same refers to */
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
	/*
	 * The records: its own, or a cache's lent while every record of a
	 * read passed (valid until the next read through that cache).
	 */
	struct rec *recs;
	size_t nrecs;
	size_t caprecs;		/* room in recs; 0 while they are lent */
	struct rec *own;	/* its own array, owncap long */
	size_t owncap;
	struct strpool pool;
};

/*
 * What a source remembers of its last read, by record position, so that
 * a record whose identity did not move is handed on without copying or
 * hashing its names again: the identities live in the cache's own
 * string pool and stay valid until the next read through the cache.
 */
struct sample_slot {
	/* text: where its line starts, and its length */
	uint32_t off;
	uint32_t len;
	uint32_t name_off;	/* text: where the tag info starts in its line */
	/* 1 + the record's index in the sample, 0: filtered (or too far). */
	uint32_t index : 31;
	/* The names pass the filter's tests (all but the sizes). */
	uint32_t name_pass : 1;
};

/* The records a slot's index can point at. */
#define SAMPLE_SLOT_INDEX_MAX ((1u << 31) - 1)

struct sample_cache {
	struct sample_slot *slots;
	struct rec *recs;	/* each slot's record, strings in the pool */
	size_t nslots;
	size_t cap;
	size_t nrecs;		/* of those, records the last read gave */
	struct strpool pool;
	size_t pool_used;	/* bytes taken from the pool */
	size_t pool_keep;	/* bytes it held after the last compaction */
	uint64_t id;		/* of the last sample read through it, 0: none */
	const char *prev;	/* text sources: the text of that sample */
	size_t prev_len;
};

void sample_init(struct sample *s);
void sample_fini(struct sample *s);
/* Forget every record, keep the memory for the next reading. */
void sample_clear(struct sample *s);
/* Append a record; strings are copied (len bytes, not NUL-terminated). */
struct rec *sample_add(struct sample *s);
void sample_grow(struct sample *s);
/* Room for n records in all, so that a sample of known size fits exactly. */
void sample_reserve(struct sample *s, size_t n);

/* Append a copy of r (its strings are not copied). */
static inline void sample_push(struct sample *s, const struct rec *r)
{
	if (s->nrecs >= s->caprecs)
		sample_grow(s);
	s->recs[s->nrecs++] = *r;
}
const char *sample_strndup(struct sample *s, const char *str, size_t len);
/* A string of len bytes from a pool, NUL-terminated. */
const char *strpool_strndup(struct strpool *p, const char *str, size_t len);

/*
 * Start a read through the cache into s: give s a new id and, when the
 * cache knows its last read, that read's id as s->base.  Returns whether
 * the slots may be used.
 */
bool sample_cache_begin(struct sample_cache *c, struct sample *s);
/* Slot i, grown into when needed. */
struct sample_slot *sample_cache_grow(struct sample_cache *c, size_t i);

static inline struct sample_slot *sample_cache_slot(struct sample_cache *c,
						    size_t i)
{
	return i < c->cap ? &c->slots[i] : sample_cache_grow(c, i);
}
/*
 * s, empty, takes the cache's first n records as they are, without a
 * copy; the first record s gets after that makes them a copy of its own.
 */
void sample_cache_lend(struct sample_cache *c, struct sample *s, size_t n);
/* Room for n slots in all. */
void sample_cache_reserve(struct sample_cache *c, size_t n);
/* The read is over: nslots records, or failed (ok false: forget all). */
void sample_cache_end(struct sample_cache *c, struct sample *s, size_t nslots,
		      bool ok);
const char *sample_cache_strndup(struct sample_cache *c, const char *str,
				 size_t len);
void sample_cache_reset(struct sample_cache *c);
void sample_cache_fini(struct sample_cache *c);
const char *sample_origin_name(enum sample_origin o);
enum sample_origin sample_origin_parse(const char *name);

#endif
