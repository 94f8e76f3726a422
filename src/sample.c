// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "xalloc.h"

#define STRPOOL_CHUNK 65536

struct strpool_chunk {
	struct strpool_chunk *next;
	size_t used;
	size_t size;
	char data[];
};

static void strpool_free_list(struct strpool_chunk *c)
{
	while (c) {
		struct strpool_chunk *next = c->next;

		free(c);
		c = next;
	}
}

static void strpool_reset(struct strpool *p)
{
	while (p->head) {
		struct strpool_chunk *c = p->head;

		p->head = c->next;
		c->used = 0;
		c->next = p->spare;
		p->spare = c;
	}
}

static char *strpool_alloc(struct strpool *p, size_t len)
{
	struct strpool_chunk *c = p->head;

	if (!c || c->size - c->used < len) {
		size_t size = len > STRPOOL_CHUNK ? len : STRPOOL_CHUNK;

		if (p->spare && p->spare->size >= size) {
			c = p->spare;
			p->spare = c->next;
		} else {
			c = xmalloc(sizeof(*c) + size);
			c->size = size;
		}
		c->used = 0;
		c->next = p->head;
		p->head = c;
	}
	c->used += len;
	return c->data + c->used - len;
}

const char *strpool_strndup(struct strpool *p, const char *str, size_t len)
{
	char *d;

	if (!len)
		return "";
	d = strpool_alloc(p, len + 1);
	memcpy(d, str, len);
	d[len] = '\0';
	return d;
}

static void strpool_fini(struct strpool *p)
{
	strpool_free_list(p->head);
	strpool_free_list(p->spare);
	p->head = p->spare = NULL;
}

void sample_init(struct sample *s)
{
	memset(s, 0, sizeof(*s));
}

void sample_fini(struct sample *s)
{
	free(s->own);
	strpool_fini(&s->pool);
	memset(s, 0, sizeof(*s));
}

void sample_clear(struct sample *s)
{
	s->recs = s->own;
	s->caprecs = s->owncap;
	s->nrecs = 0;
	s->id = 0;
	s->base = 0;
	s->total = 0;
	s->retries = 0;
	s->time = 0;
	s->content_id = 0;
	s->has_content_id = false;
	s->origin = ORIGIN_NONE;
	s->recorded_origin = ORIGIN_NONE;
	s->host[0] = '\0';
	s->release[0] = '\0';
	memset(&s->mem, 0, sizeof(s->mem));
	strpool_reset(&s->pool);
}

/*
 * A quarter more each time, not double: a sample of 100k tags that grows
 * by one must not leave room for 100k more.
 */
static size_t sample_next_cap(size_t cap)
{
	return cap < 1024 ? 1024 : cap + cap / 4;
}

void sample_grow(struct sample *s)
{
	sample_reserve(s, sample_next_cap(s->nrecs > s->owncap ? s->nrecs :
							       s->owncap));
}

/* Lent records are copied to its own array first. */
void sample_reserve(struct sample *s, size_t n)
{
	bool lent = s->recs != s->own;

	if (!lent && n <= s->caprecs)
		return;
	if (n < s->nrecs)
		n = s->nrecs;
	if (n > s->owncap) {
		/* What the array held before the lending is not kept. */
		if (lent) {
			free(s->own);
			s->own = NULL;
		}
		s->own = xreallocarray(s->own, n, sizeof(*s->own));
		s->owncap = n;
	}
	if (lent && s->nrecs)
		memcpy(s->own, s->recs, s->nrecs * sizeof(*s->own));
	s->recs = s->own;
	s->caprecs = s->owncap;
}

struct rec *sample_add(struct sample *s)
{
	struct rec *r;

	if (s->nrecs >= s->caprecs)
		sample_grow(s);
	r = &s->recs[s->nrecs++];
	memset(r, 0, sizeof(*r));
	r->module = "";
	r->function = "";
	r->file = "";
	r->accurate = true;
	return r;
}

const char *sample_strndup(struct sample *s, const char *str, size_t len)
{
	return strpool_strndup(&s->pool, str, len);
}

const char *sample_cache_strndup(struct sample_cache *c, const char *str,
				 size_t len)
{
	c->pool_used += len + 1;
	return strpool_strndup(&c->pool, str, len);
}

/* Copy the names in use to a fresh pool, dropping those of old reads. */
static void sample_cache_compact(struct sample_cache *c)
{
	struct strpool old = c->pool;
	size_t i;

	memset(&c->pool, 0, sizeof(c->pool));
	c->pool_used = 0;
	for (i = 0; i < c->nslots; i++) {
		struct rec *r = &c->recs[i];

		r->module = sample_cache_strndup(c, r->module,
						 strlen(r->module));
		r->function = sample_cache_strndup(c, r->function,
						   strlen(r->function));
		r->file = sample_cache_strndup(c, r->file, strlen(r->file));
	}
	c->pool_keep = c->pool_used;
	strpool_fini(&old);
}

bool sample_cache_begin(struct sample_cache *c, struct sample *s)
{
	static uint64_t next_id;

	/* Reads of several sources may run on the thread pool at once. */
	s->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
	s->base = c->id;
	/*
	 * A read from scratch starts the pool afresh: its names are all in
	 * use after it, with none to compact away.
	 */
	if (!c->id) {
		strpool_reset(&c->pool);
		c->pool_used = 0;
	} else if (c->pool_used > 2 * c->pool_keep + (1 << 20)) {
		sample_cache_compact(c);
	}
	return c->id != 0;
}

struct sample_slot *sample_cache_grow(struct sample_cache *c, size_t i)
{
	size_t cap = c->cap;

	while (i >= cap)
		cap = sample_next_cap(cap);
	sample_cache_reserve(c, cap);
	return &c->slots[i];
}

void sample_cache_reserve(struct sample_cache *c, size_t n)
{
	if (n <= c->cap)
		return;
	c->cap = n;
	c->slots = xreallocarray(c->slots, c->cap, sizeof(*c->slots));
	c->recs = xreallocarray(c->recs, c->cap, sizeof(*c->recs));
}

void sample_cache_lend(struct sample_cache *c, struct sample *s, size_t n)
{
	s->recs = c->recs;
	s->nrecs = n;
	s->caprecs = 0;
}

void sample_cache_end(struct sample_cache *c, struct sample *s, size_t nslots,
		      bool ok)
{
	if (!ok) {
		sample_cache_reset(c);
		return;
	}
	c->nslots = nslots;
	c->nrecs = s->nrecs;
	if (!c->id)
		c->pool_keep = c->pool_used;
	c->id = s->id;
}

void sample_cache_reset(struct sample_cache *c)
{
	c->nslots = 0;
	c->nrecs = 0;
	c->id = 0;
	c->prev = NULL;
	c->prev_len = 0;
}

void sample_cache_fini(struct sample_cache *c)
{
	free(c->slots);
	free(c->recs);
	strpool_fini(&c->pool);
	memset(c, 0, sizeof(*c));
}

static const char *const origin_names[] = {
	[ORIGIN_NONE] = "none",
	[ORIGIN_IOCTL] = "ioctl",
	[ORIGIN_TEXT] = "text",
	[ORIGIN_CAPTURE] = "capture",
};

const char *sample_origin_name(enum sample_origin o)
{
	return origin_names[o];
}

enum sample_origin sample_origin_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(origin_names) / sizeof(origin_names[0]); i++)
		if (!strcmp(name, origin_names[i]))
			return i;
	return ORIGIN_NONE;
}
