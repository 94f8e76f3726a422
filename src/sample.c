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

void sample_init(struct sample *s)
{
	memset(s, 0, sizeof(*s));
}

void sample_fini(struct sample *s)
{
	free(s->recs);
	strpool_free_list(s->pool.head);
	strpool_free_list(s->pool.spare);
	memset(s, 0, sizeof(*s));
}

void sample_clear(struct sample *s)
{
	s->nrecs = 0;
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

struct rec *sample_add(struct sample *s)
{
	struct rec *r;

	if (s->nrecs == s->caprecs) {
		s->caprecs = s->caprecs ? s->caprecs * 2 : 1024;
		s->recs = xreallocarray(s->recs, s->caprecs, sizeof(*s->recs));
	}
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
	char *p;

	if (!len)
		return "";
	p = strpool_alloc(&s->pool, len + 1);
	memcpy(p, str, len);
	p[len] = '\0';
	return p;
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
