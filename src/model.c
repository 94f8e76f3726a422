// SPDX-License-Identifier: GPL-2.0
/*
 * The sample model: tags keyed by identity in a hash table, deltas against
 * the previous sample, and the history of bytes per tag over the window.
 * Refreshing is mark-and-sweep: every tag found in a sample is stamped
 * with the sample's sequence number, the ones left unstamped are gone.
 *
 * History costs what it holds: a tag whose bytes did not change over its
 * window has none (every entry is its bytes); one that changed keeps the
 * changes as a stream of varint deltas, with runs of unchanged samples
 * folded into one token, and the sums of a least-squares fit, updated as
 * samples come in and leave the window, so that the slope is O(1).  The
 * sums are exact integers (times in microseconds), kept modulo 2^128: a
 * sum over the window is exact whenever its true value fits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model.h"
#include "sat.h"
#include "xalloc.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

/* One sample in the window. */
struct model_point {
	double time;
	int64_t x;		/* microseconds since the first sample */
	u128 sx;		/* sums of x and x * x before this sample */
	u128 sxx;
};

struct tag_hist {
	u128 sy;		/* sums of bytes and x * bytes over the entries */
	u128 sxy;
	int64_t front;		/* bytes at the oldest entry */
	unsigned long front_seq;
	uint32_t up;		/* intervals that grew, that shrank */
	uint32_t down;
	uint64_t gaps;		/* samples in it that did not see the tag */
	/*
	 * The deltas between entries, oldest first, in nibbles [head, len)
	 * of buf (the low one of a byte first): a change's zigzag value in a
	 * nibble (1 to 14) or 15 and a varint of the rest (three bits a
	 * nibble, the fourth says more follow), or a 0 nibble and a varint,
	 * 2n for a run of n unchanged samples (of which skip are already
	 * gone), 2n + 1 for n samples that did not see the tag (a kernel
	 * filter left it out).  A change of a few objects, the most common,
	 * takes one nibble.  last: where the newest token starts; cap:
	 * nibbles of room.
	 */
	uint32_t head;
	uint32_t len;
	uint32_t cap;
	uint32_t last;
	uint64_t skip;
	/*
	 * Changes are stored shifted right by the trailing zero bits they all
	 * share: sizes are multiples of the objects', mostly a power of two.
	 */
	unsigned int shift;
	/* cap bytes, in the same block: one allocation a history. */
	unsigned char buf[];
};

/* The bytes of a history of cap nibbles; the first fills 160 heap bytes. */
#define MODEL_HIST_SIZE(cap) (offsetof(struct tag_hist, buf) + (cap) / 2)
#define MODEL_HIST_FIRST 120
/* Room for a token: a 0 nibble and a varint of 64 bits. */
#define MODEL_HIST_TOKEN 24

#define HASH_MUL 0x9e3779b97f4a7c15ULL

/* Word at a time over a string, its NUL included. */
static uint64_t model_hash_str(uint64_t h, const char *s)
{
	size_t n = strlen(s) + 1, i;
	uint64_t w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * HASH_MUL;
		h ^= h >> 29;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = (h ^ w) * HASH_MUL;
		h ^= h >> 29;
	}
	return h;
}

static uint32_t model_hash(const struct rec *r)
{
	uint64_t h = r->line * HASH_MUL;

	h = model_hash_str(h, r->module);
	h = model_hash_str(h, r->file);
	h = model_hash_str(h, r->function);
	h ^= h >> 32;
	return (uint32_t)h;
}

struct model *model_new(double window)
{
	struct model *m = xcalloc(1, sizeof(*m));

	m->window = window;
	m->pts_cap = 64;
	m->pts = xcalloc(m->pts_cap, sizeof(*m->pts));
	m->table_size = 1024;
	m->table = xcalloc(m->table_size, sizeof(*m->table));
	m->ranked_gen = xcalloc(1, sizeof(*m->ranked_gen));
	m->tags_gen = 1;
	return m;
}

struct model *model_new_like(const struct model *m)
{
	return model_new(m->window);
}

void model_swap(struct model *a, struct model *b)
{
	struct model t = *a;

	*a = *b;
	*b = t;
}

static void model_hist_free(struct tag *t)
{
	free(t->hist);
	t->hist = NULL;
}

/* A chunk of tags; what follows it is carved into them. */
struct model_chunk {
	struct model_chunk *next;
	size_t size;
};

#define MODEL_CHUNK_SIZE ((size_t)64 << 10)

/* The bytes of t and its names, which follow it unless m borrows them. */
static size_t model_tag_size(const struct model *m, const struct tag *t)
{
	if (m->borrow_names)
		return sizeof(*t);
	return (size_t)(t->file + strlen(t->file) + 1 - (const char *)t);
}

/*
 * Tags come from chunks, in the order first seen, so that a sample's walk
 * over them reads memory in order and nothing is spent on a heap header
 * per tag; a freed tag goes on the list of its size for the next of that
 * size.  A tag with very long names is a heap block of its own.
 */
static struct tag *model_tag_alloc(struct model *m, size_t size)
{
	size_t cls = (size + MODEL_SLAB_ALIGN - 1) / MODEL_SLAB_ALIGN;
	size_t need = cls * MODEL_SLAB_ALIGN;
	void *p;

	if (size > MODEL_SLAB_MAX)
		return xcalloc(1, size);
	p = m->free_tags[cls];
	if (p) {
		memcpy(&m->free_tags[cls], p, sizeof(void *));
		return memset(p, 0, need);
	}
	if ((size_t)(m->chunk_end - m->chunk_at) < need) {
		struct model_chunk *c = xmalloc(MODEL_CHUNK_SIZE);
		size_t head = (sizeof(*c) + MODEL_SLAB_ALIGN - 1) &
			      ~(size_t)(MODEL_SLAB_ALIGN - 1);

		c->next = m->chunks;
		c->size = MODEL_CHUNK_SIZE;
		m->chunks = c;
		m->chunk_at = (char *)c + head;
		m->chunk_end = (char *)c + MODEL_CHUNK_SIZE;
	}
	p = m->chunk_at;
	m->chunk_at += need;
	return memset(p, 0, need);
}

static void model_tag_free(struct model *m, struct tag *t)
{
	size_t size = model_tag_size(m, t);
	size_t cls = (size + MODEL_SLAB_ALIGN - 1) / MODEL_SLAB_ALIGN;

	model_hist_free(t);
	if (size > MODEL_SLAB_MAX) {
		free(t);
		return;
	}
	memcpy(t, &m->free_tags[cls], sizeof(void *));
	m->free_tags[cls] = t;
}

/* Every tag at once: the chunks go back to the heap. */
static void model_tags_release(const struct model *m, struct tag **list,
			       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct tag *t = list[i];

		if (t->hist)
			model_hist_free(t);
		if (model_tag_size(m, t) > MODEL_SLAB_MAX)
			free(t);
	}
}

void model_reset(struct model *m)
{
	model_tags_release(m, m->tags, m->ntags);
	m->ntags = 0;
	model_tags_release(m, m->out, m->nout);
	m->nout = 0;
	while (m->chunks) {
		struct model_chunk *c = m->chunks;

		m->chunks = c->next;
		free(c);
	}
	m->chunk_at = m->chunk_end = NULL;
	memset(m->free_tags, 0, sizeof(m->free_tags));
	m->tags_gen++;
	memset(m->table, 0, m->table_size * sizeof(*m->table));
	m->seq = 0;
	m->lo = m->keep = m->prev_lo = m->inv_seq = 0;
	m->last_id = 0;
	m->by_rec_n = 0;
	m->time = m->prev_time = m->first_time = 0;
	m->has_content_id = false;
	m->content_id = 0;
	m->has_known_id = false;
	m->known_id = 0;
	m->content_changes = 0;
	m->retries = 0;
	m->nlive = 0;
	m->bytes = m->dbytes = 0;
	m->calls = 0;
	m->marked = false;
	m->mark_time = 0;
	m->host[0] = m->release[0] = '\0';
	memset(&m->mem, 0, sizeof(m->mem));
	memset(&m->prev_mem, 0, sizeof(m->prev_mem));
}

void model_free(struct model *m)
{
	if (!m)
		return;
	model_reset(m);
	free(m->tags);
	free(m->out);
	free(m->table);
	free(m->pts);
	free(m->by_rec);
	free(m->by_rec_next);
	free(m->ranked_gen);
	free(m);
}

static struct model_point *model_pt(const struct model *m, unsigned long seq)
{
	return &m->pts[seq & (m->pts_cap - 1)];
}

/* Sums of x and x * x over the samples first..last. */
static void model_sums(const struct model *m, unsigned long first,
		       unsigned long last, u128 *sx, u128 *sxx)
{
	const struct model_point *a = model_pt(m, first);
	const struct model_point *b = model_pt(m, last);

	*sx = b->sx + (u128)(s128)b->x - a->sx;
	*sxx = b->sxx + (u128)((s128)b->x * b->x) - a->sxx;
}

/* Microseconds since the first sample, bounded so that products fit. */
static int64_t model_x(const struct model *m, double t)
{
	double us = (t - m->first_time) * 1e6;

	if (!(us > -4e15))
		us = -4e15;
	if (us > 4e15)
		us = 4e15;
	return (int64_t)llround(us);
}

/* Take the sample's time in, and move the window to end at it. */
static void model_push_time(struct model *m, double time)
{
	struct model_point *p, *prev;
	unsigned long lo = m->lo;

	m->prev_lo = m->lo;
	if (m->keep > m->prev_lo || !m->keep)
		m->keep = m->prev_lo;
	if (m->seq - m->keep + 1 > m->pts_cap) {
		size_t cap = m->pts_cap * 2;
		struct model_point *pts = xcalloc(cap, sizeof(*pts));
		unsigned long s;

		for (s = m->keep; s < m->seq; s++)
			pts[s & (cap - 1)] = *model_pt(m, s);
		free(m->pts);
		m->pts = pts;
		m->pts_cap = cap;
	}
	p = model_pt(m, m->seq);
	p->time = time;
	p->x = model_x(m, time);
	if (m->seq == 1) {
		p->sx = p->sxx = 0;
		lo = 1;
	} else {
		prev = model_pt(m, m->seq - 1);
		p->sx = prev->sx + (u128)(s128)prev->x;
		p->sxx = prev->sxx + (u128)((s128)prev->x * prev->x);
		if (time < prev->time)
			m->inv_seq = m->seq;
	}
	if (m->window > 0)
		while (lo < m->seq && time - model_pt(m, lo)->time > m->window)
			lo++;
	if (m->seq - lo >= MODEL_HIST_MAX)
		lo = m->seq - MODEL_HIST_MAX + 1;
	m->lo = lo;
}

static bool model_key_eq(const struct tag *t, const struct rec *r,
			 uint32_t hash, unsigned int ordinal)
{
	return t->hash == hash && t->ordinal == ordinal && t->line == r->line &&
	       !strcmp(t->function, r->function) &&
	       !strcmp(t->file, r->file) && !strcmp(t->module, r->module);
}

static void model_table_insert(struct model *m, struct tag *t)
{
	size_t mask = m->table_size - 1, i = t->hash & mask;

	while (m->table[i])
		i = (i + 1) & mask;
	m->table[i] = t;
}

static void model_table_rebuild(struct model *m, size_t size)
{
	size_t i;

	if (size != m->table_size) {
		free(m->table);
		m->table = xcalloc(size, sizeof(*m->table));
		m->table_size = size;
	} else {
		memset(m->table, 0, size * sizeof(*m->table));
	}
	for (i = 0; i < m->ntags; i++)
		model_table_insert(m, m->tags[i]);
	for (i = 0; i < m->nout; i++)
		model_table_insert(m, m->out[i]);
}

static void model_push(struct tag ***list, size_t *n, size_t *cap,
		       struct tag *t)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*list = xreallocarray(*list, *cap, sizeof(**list));
	}
	(*list)[(*n)++] = t;
}

static struct tag **model_slot(struct model *m, const struct rec *r,
			       uint32_t hash, unsigned int ordinal)
{
	size_t mask = m->table_size - 1, i = hash & mask;

	while (m->table[i] && !model_key_eq(m->table[i], r, hash, ordinal))
		i = (i + 1) & mask;
	return &m->table[i];
}

/*
 * Can the name (n bytes) be written in JSON as it is: printable ASCII but
 * '"' and '\\'?  Eight bytes at a time (a flagged byte is always a true
 * match, so no false alarm).
 */
static bool model_plain(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v, q, b;

		memcpy(&v, s + i, 8);
		q = v ^ (ones * '"');
		b = v ^ (ones * '\\');
		if ((v | ((v - ones * 0x20) & ~v) |
		     ((q - ones) & ~q) | ((b - ones) & ~b) |
		     (((v ^ (ones * 0x7f)) - ones) & ~(v ^ (ones * 0x7f)))) &
		    high)
			return false;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return false;
	}
	return true;
}

bool model_tag_plain_find(const struct tag *t)
{
	/* Asked of tags the model owns: the answer is kept in the tag. */
	struct tag *w = (struct tag *)t;

	w->plain = model_plain(t->module, strlen(t->module)) &&
		   model_plain(t->function, strlen(t->function)) &&
		   model_plain(t->file, strlen(t->file)) ? 1 : 2;
	return t->plain == 1;
}

/*
 * A zeroed tag of m's holding a copy of its names, the file last:
 * model_tag_size() finds the end by it.
 */
static struct tag *model_tag_make(struct model *m, const char *module,
				  const char *function, const char *file)
{
	size_t lm = strlen(module) + 1, lf = strlen(function) + 1;
	size_t lp = strlen(file) + 1;
	struct tag *t = model_tag_alloc(m, sizeof(*t) + lm + lf + lp);
	char *p = (char *)(t + 1);

	t->module = memcpy(p, module, lm);
	t->function = memcpy(p + lm, function, lf);
	t->file = memcpy(p + lm + lf, file, lp);
	return t;
}

static struct tag *model_tag_new(struct model *m, const struct rec *r,
				 uint32_t hash, unsigned int ordinal)
{
	struct tag *t;

	if (m->borrow_names) {
		t = model_tag_alloc(m, sizeof(*t));
		t->module = r->module;
		t->function = r->function;
		t->file = r->file;
	} else {
		t = model_tag_make(m, r->module, r->function, r->file);
	}

	t->line = r->line;
	t->ordinal = ordinal;
	t->hash = hash;
	t->first_seq = m->seq;
	t->first_time = m->time;
	model_push(&m->tags, &m->ntags, &m->tags_cap, t);
	m->tags_gen++;
	if ((m->ntags + m->nout) * 2 > m->table_size)
		model_table_rebuild(m, m->table_size * 2);
	else
		model_table_insert(m, t);
	return t;
}

/* Find the tag for r, the first of its key not yet seen in this sample. */
static struct tag *model_lookup(struct model *m, const struct rec *r,
				bool *created)
{
	uint32_t hash = model_hash(r);
	unsigned int ordinal = 0;
	struct tag **slot;

	for (;;) {
		slot = model_slot(m, r, hash, ordinal);
		if (!*slot) {
			*created = true;
			return model_tag_new(m, r, hash, ordinal);
		}
		if ((*slot)->last_seq != m->seq) {
			*created = false;
			/* Let back in by the filter: shown again. */
			if ((*slot)->out) {
				model_push(&m->tags, &m->ntags, &m->tags_cap,
					   *slot);
				m->tags_gen++;
			}
			return *slot;
		}
		ordinal++;
	}
}

/*
 * Room for n more bytes in t's history, which may move.  The entries that
 * left the window go first; the room left over is an eighth at most, so
 * that a full window's stream costs little more than its bytes.
 */
static struct tag_hist *model_hist_make_room(struct tag *t, uint32_t n)
{
	struct tag_hist *h = t->hist;
	uint32_t gone = h->head & ~1u;

	/* Whole bytes move: head keeps its place in its byte. */
	if (gone) {
		memmove(h->buf, h->buf + gone / 2, (h->len - gone + 1) / 2);
		h->len -= gone;
		h->last -= gone;
		h->head -= gone;
		if (h->cap - h->len >= n + h->len / 16)
			return h;
	}
	h->cap = h->cap + h->cap / 8 > h->len + n + h->len / 8 ?
		 h->cap + h->cap / 8 : h->len + n + h->len / 8;
	h->cap = (h->cap + 1) & ~1u;
	h = xrealloc(h, MODEL_HIST_SIZE(h->cap));
	t->hist = h;
	return h;
}

static inline struct tag_hist *model_hist_reserve(struct tag *t, uint32_t n)
{
	struct tag_hist *h = t->hist;

	return h->cap - h->len >= n ? h : model_hist_make_room(t, n);
}

static unsigned int model_hist_nib(const unsigned char *buf, uint32_t pos)
{
	return buf[pos / 2] >> (pos % 2 * 4) & 15;
}

/* Write nibble c at the end of the stream. */
static void model_hist_put_nib(struct tag_hist *h, unsigned int c)
{
	unsigned char *b = &h->buf[h->len / 2];

	*b = h->len % 2 ? (unsigned char)((*b & 15) | c << 4) :
	     (unsigned char)c;
	h->len++;
}

static void model_hist_put(struct tag_hist *h, uint64_t v)
{
	while (v >= 8) {
		model_hist_put_nib(h, (unsigned int)(v & 7) | 8);
		v >>= 3;
	}
	model_hist_put_nib(h, (unsigned int)v);
}

static uint64_t model_hist_get(const unsigned char *buf, uint32_t *pos)
{
	uint64_t v = 0;
	unsigned int shift = 0, c;

	do {
		c = model_hist_nib(buf, (*pos)++);
		v |= (uint64_t)(c & 7) << shift;
		shift += 3;
	} while (c & 8);
	return v;
}

/*
 * A change (its zigzag value, not 0): one nibble for 1 to 14, the most
 * common, else 15 and the varint of the rest.
 */
static void model_hist_put_delta(struct tag_hist *h, uint64_t zz)
{
	if (zz < 15) {
		model_hist_put_nib(h, (unsigned int)zz);
		return;
	}
	model_hist_put_nib(h, 15);
	model_hist_put(h, zz - 15);
}

static uint64_t model_hist_get_delta(const unsigned char *buf, uint32_t *pos)
{
	unsigned int c = model_hist_nib(buf, (*pos)++);

	return c < 15 ? c : 15 + model_hist_get(buf, pos);
}

static uint64_t model_hist_zigzag(const struct tag_hist *h, uint64_t d)
{
	uint64_t v = (uint64_t)((int64_t)d >> h->shift);

	return (v << 1) ^ (uint64_t)((int64_t)v >> 63);
}

static uint64_t model_hist_unzigzag(const struct tag_hist *h, uint64_t zz)
{
	return ((zz >> 1) ^ (0 - (zz & 1))) << h->shift;
}

/* A change with fewer trailing zeros: write t's stream again for it. */
static struct tag_hist *model_hist_reshift(struct tag *t, unsigned int shift)
{
	struct tag_hist *old = t->hist, *h;
	uint32_t pos = old->head;

	h = xmalloc(MODEL_HIST_SIZE(old->cap));
	memcpy(h, old, offsetof(struct tag_hist, buf));
	h->head = h->len = h->last = 0;
	h->shift = shift;
	t->hist = h;
	while (pos < old->len) {
		h = model_hist_reserve(t, MODEL_HIST_TOKEN);
		h->last = h->len;
		if (!model_hist_nib(old->buf, pos)) {
			pos++;
			model_hist_put_nib(h, 0);
			model_hist_put(h, model_hist_get(old->buf, &pos));
		} else {
			uint64_t d = model_hist_unzigzag(old,
					model_hist_get_delta(old->buf, &pos));

			model_hist_put_delta(h, model_hist_zigzag(h, d));
		}
	}
	free(old);
	return h;
}

/* Append the delta to t's next entry, d modulo 2^64. */
static void model_hist_append(struct tag *t, uint64_t d)
{
	struct tag_hist *h = model_hist_reserve(t, MODEL_HIST_TOKEN);

	if (!d && h->len > h->head && !model_hist_nib(h->buf, h->last)) {
		uint32_t pos = h->last + 1;
		uint64_t v = model_hist_get(h->buf, &pos);

		if (!(v & 1)) {
			h->len = h->last + 1;
			model_hist_put(h, v + 2);
			return;
		}
	}
	if (d && (unsigned int)__builtin_ctzll(d) < h->shift) {
		model_hist_reshift(t, (unsigned int)__builtin_ctzll(d));
		h = model_hist_reserve(t, MODEL_HIST_TOKEN);
	}
	h->last = h->len;
	if (!d) {
		model_hist_put_nib(h, 0);
		model_hist_put(h, 2);
	} else {
		model_hist_put_delta(h, model_hist_zigzag(h, d));
	}
}

/*
 * Drop the oldest entry: the delta to the next entry with a value, with
 * *skipped the samples without one in between.
 */
static uint64_t model_hist_pop(struct tag_hist *h, uint64_t *skipped)
{
	*skipped = 0;
	for (;;) {
		uint32_t pos = h->head;
		uint64_t v;

		if (model_hist_nib(h->buf, pos)) {
			v = model_hist_get_delta(h->buf, &pos);
			h->head = pos;
			return model_hist_unzigzag(h, v);
		}
		pos++;
		v = model_hist_get(h->buf, &pos);
		if (v & 1) {
			*skipped += v >> 1;
			h->head = pos;
			continue;
		}
		if (++h->skip == v >> 1) {
			h->head = pos;
			h->skip = 0;
		}
		return 0;
	}
}

/* Start a history for t: old at every sample from front to last. */
static struct tag_hist *model_hist_new(struct model *m, struct tag *t,
				       unsigned long front, unsigned long last,
				       int64_t old)
{
	struct tag_hist *h = xcalloc(1, MODEL_HIST_SIZE(MODEL_HIST_FIRST));
	u128 sx, sxx;

	t->hist = h;
	h->cap = MODEL_HIST_FIRST;
	h->shift = 63;
	h->front = old;
	h->front_seq = front;
	model_sums(m, front, last, &sx, &sxx);
	h->sy = (u128)(s128)old * (last - front + 1);
	h->sxy = sx * (u128)(s128)old;
	if (last > front) {
		model_hist_put_nib(h, 0);
		model_hist_put(h, (uint64_t)(last - front) << 1);
	}
	return h;
}

static void model_hist_add(struct model *m, struct tag_hist *h,
			   unsigned long seq, int64_t y)
{
	h->sy += (u128)(s128)y;
	h->sxy += (u128)((s128)model_pt(m, seq)->x * y);
}

static void model_hist_sub(struct model *m, struct tag_hist *h,
			   unsigned long seq, int64_t y)
{
	h->sy -= (u128)(s128)y;
	h->sxy -= (u128)((s128)model_pt(m, seq)->x * y);
}

/*
 * The newest sample gave t its bytes, old before: extend its history and
 * drop what left the window.
 */
static void model_hist_update(struct model *m, struct tag *t, int64_t old)
{
	struct tag_hist *h = t->hist;
	uint64_t d = (uint64_t)t->bytes - (uint64_t)old, skipped;
	unsigned long front = t->first_seq > m->lo ? t->first_seq : m->lo;
	unsigned long gap = m->seq - t->last_seq - 1;

	/* Back from outside the filter: the samples it missed are a gap. */
	if (t->out && gap) {
		if (!h)
			h = model_hist_new(m, t, front, t->last_seq, old);
		h = model_hist_reserve(t, MODEL_HIST_TOKEN);
		h->last = h->len;
		model_hist_put_nib(h, 0);
		model_hist_put(h, (uint64_t)gap << 1 | 1);
		h->gaps += gap;
	} else if (!h) {
		if (!d || front == m->seq)
			return;
		/* The first change: its history so far held old throughout. */
		h = model_hist_new(m, t, front, m->seq - 1, old);
	}
	model_hist_append(t, d);
	h = t->hist;
	model_hist_add(m, h, m->seq, t->bytes);
	if (t->bytes > old)
		h->up++;
	else if (t->bytes < old)
		h->down++;
	while (h->front_seq < m->lo) {
		int64_t next = (int64_t)((uint64_t)h->front +
					 model_hist_pop(h, &skipped));

		model_hist_sub(m, h, h->front_seq, h->front);
		if (next > h->front)
			h->up--;
		else if (next < h->front)
			h->down--;
		h->front = next;
		h->front_seq += 1 + skipped;
		h->gaps -= skipped;
	}
	/* Nothing moved in the window: it holds bytes throughout again. */
	if (!h->up && !h->down && !h->gaps)
		model_hist_free(t);
}

/* The oldest entry of t's history and its newest. */
static unsigned long model_hist_range(const struct model *m,
				      const struct tag *t, unsigned long *last)
{
	unsigned long lo = t->state == TAG_GONE ? m->prev_lo : m->lo;

	*last = t->state == TAG_GONE || t->out ? t->last_seq : m->seq;
	if (t->hist)
		return t->hist->front_seq;
	return t->first_seq > lo ? t->first_seq : lo;
}

size_t model_history_len(const struct model *m, const struct tag *t)
{
	unsigned long first, last;

	if (!m->seq)
		return 0;
	first = model_hist_range(m, t, &last);
	return last >= first ? last - first + 1 : 0;
}

/* A walk over a history's deltas, oldest first. */
struct model_hist_iter {
	const struct tag_hist *h;
	uint32_t pos;
	uint64_t run;		/* unchanged samples left of the current run */
	uint64_t gap;		/* samples left of the current gap */
};

static void model_hist_iter_init(struct model_hist_iter *it,
				 const struct tag_hist *h)
{
	it->h = h;
	it->pos = h->head;
	it->run = it->gap = 0;
	if (it->pos < h->len && !model_hist_nib(h->buf, it->pos)) {
		uint32_t pos = it->pos + 1;
		uint64_t v = model_hist_get(h->buf, &pos);

		if (!(v & 1)) {
			it->pos = pos;
			it->run = (v >> 1) - h->skip;
		}
	}
}

/*
 * The delta from one entry to the next, modulo 2^64; *gap: the next
 * sample did not see the tag (the delta then counts from the last that
 * did, once one does).
 */
static uint64_t model_hist_iter_next(struct model_hist_iter *it, bool *gap)
{
	uint64_t v;

	*gap = false;
	if (it->run) {
		it->run--;
		return 0;
	}
	if (it->gap) {
		it->gap--;
		*gap = true;
		return 0;
	}
	if (model_hist_nib(it->h->buf, it->pos)) {
		v = model_hist_get_delta(it->h->buf, &it->pos);
		return model_hist_unzigzag(it->h, v);
	}
	it->pos++;
	v = model_hist_get(it->h->buf, &it->pos);
	if (v & 1) {
		it->gap = (v >> 1) - 1;
		*gap = true;
	} else {
		it->run = (v >> 1) - 1;
	}
	return 0;
}

size_t model_history(const struct model *m, const struct tag *t,
		     int64_t *out, double *times, size_t max)
{
	size_t len = model_history_len(m, t), skip, n = 0;
	struct model_hist_iter it;
	unsigned long seq, last;
	bool gap = false;
	int64_t y;

	if (!len)
		return 0;
	skip = len > max ? len - max : 0;
	seq = model_hist_range(m, t, &last);
	y = t->hist ? t->hist->front : t->bytes;
	if (t->hist)
		model_hist_iter_init(&it, t->hist);
	for (;; seq++) {
		if (skip) {
			skip--;
		} else if (!gap) {
			/* MODEL_GAP read as a gap once: keep it a value. */
			out[n] = y == MODEL_GAP ? MODEL_GAP + 1 : y;
			if (times)
				times[n] = model_pt(m, seq)->time;
			n++;
		}
		if (seq == last)
			break;
		if (t->hist)
			y = (int64_t)((uint64_t)y +
				      model_hist_iter_next(&it, &gap));
	}
	return n;
}

/*
 * The fit the slow way, over the entries whose time is within the window
 * of the newest: for a window whose times are not in order, or with a
 * gap.
 */
static void model_fit_walk(const struct model *m, struct tag *t,
			   unsigned long last)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, x;
	double t0 = model_pt(m, last)->time;
	size_t n = 0, up = 0, down = 0, steps = 0;
	struct model_hist_iter it;
	unsigned long seq;
	bool gap = false;
	int64_t y, prev = 0;

	model_hist_iter_init(&it, t->hist);
	y = t->hist->front;
	for (seq = t->hist->front_seq;; seq++) {
		double when = model_pt(m, seq)->time;

		if (!gap && !(m->window > 0 && t0 - when > m->window)) {
			x = when - t0;
			sx += x;
			sy += (double)y;
			sxx += x * x;
			sxy += x * (double)y;
			if (n) {
				steps++;
				if (y > prev)
					up++;
				else if (y < prev)
					down++;
			}
			prev = y;
			n++;
		}
		if (seq == last)
			break;
		y = (int64_t)((uint64_t)y + model_hist_iter_next(&it, &gap));
	}
	t->grew = steps ? (double)up / (double)steps : 0;
	t->slope = 0;
	if (n >= 2) {
		double d = n * sxx - sx * sx;

		if (d > 1e-12)
			t->slope = (n * sxy - sx * sy) / d;
	}
	if (t->slope > 0)
		t->leak = t->slope * t->grew;
	else
		t->leak = steps ? t->slope * (double)down / (double)steps : 0;
}

void model_fit(const struct model *m, struct tag *t)
{
	const struct tag_hist *h = t->hist;
	unsigned long last, n;
	u128 sx, sxx;
	s128 num, den;

	if (t->fit_seq == m->seq)
		return;
	t->fit_seq = m->seq;
	t->slope = t->grew = t->leak = 0;
	/* A history that never moved has no slope. */
	if (!h)
		return;
	model_hist_range(m, t, &last);
	if (m->inv_seq > h->front_seq || h->gaps) {
		model_fit_walk(m, t, last);
		return;
	}
	n = last - h->front_seq + 1;
	if (n < 2)
		return;
	model_sums(m, h->front_seq, last, &sx, &sxx);
	num = (s128)(h->sxy * n - sx * h->sy);
	den = (s128)(sxx * n - sx * sx);
	if (den > 0)
		t->slope = (double)num / (double)den * 1e6;
	t->grew = (double)h->up / (double)(n - 1);
	/*
	 * A steady leak moves the same way in most intervals; a one-off spike
	 * in one.  Weighting the slope by that share ranks the leak first.
	 */
	if (t->slope > 0)
		t->leak = t->slope * t->grew;
	else
		t->leak = t->slope * (double)h->down / (double)(n - 1);
}

static void model_update(struct model *m, struct tag *t, const struct rec *r,
			 bool created, bool rebase)
{
	double dt = m->time - m->prev_time;
	int64_t old = t->bytes;
	bool back = false;

	/* A gone tag back in the next sample was unloaded and loaded again. */
	if (created || t->state == TAG_GONE) {
		bool news = m->seq > 1 && !rebase;

		t->first_seq = m->seq;
		t->first_time = m->time;
		t->state = news ? TAG_NEW : TAG_LIVE;
		t->first_bytes = news ? 0 : r->bytes;
		t->base_bytes = t->first_bytes;
		t->dbytes = news ? r->bytes : 0;
		t->dcalls = news ? sat_s64_from_u64(r->calls) : 0;
		t->min_bytes = t->max_bytes = r->bytes;
		model_hist_free(t);
		old = r->bytes;
	} else if (t->out) {
		/* Back from outside the filter: a gap, not news, no delta. */
		back = true;
		t->state = TAG_LIVE;
		t->dbytes = 0;
		t->dcalls = 0;
	} else {
		t->state = TAG_LIVE;
		t->dbytes = sat_sub_s64(r->bytes, t->bytes);
		t->dcalls = sat_diff_u64(r->calls, t->calls);
	}
	t->bytes = r->bytes;
	t->calls = r->calls;
	t->accurate = r->accurate;
	t->rate = dt > 0 ? (double)t->dbytes / dt : 0;
	t->growth = sat_sub_s64(t->bytes, t->base_bytes);
	t->avg = t->calls ? (double)t->bytes / (double)t->calls : 0;
	if (t->bytes < t->min_bytes)
		t->min_bytes = t->bytes;
	if (t->bytes > t->max_bytes)
		t->max_bytes = t->bytes;
	if (t->hist || t->bytes != old || back)
		model_hist_update(m, t, old);
	t->out = false;
	t->last_seq = m->seq;
}

/* The tag the source says r is (rec->same), when the model can trust it. */
static struct tag *model_hint(struct model *m, const struct rec *r,
			      bool hints)
{
	struct tag *t;

	if (!hints || !r->same || r->same > m->by_rec_n)
		return NULL;
	t = m->by_rec[r->same - 1];
	/*
	 * A duplicate key takes the first of its tags not yet seen in this
	 * sample: only the first tag of a key is that without a search.
	 */
	if (t->ordinal || t->last_seq == m->seq)
		return NULL;
	return t;
}

/*
 * The tags set aside: those let back in leave the list, those whose whole
 * history has left the window are freed, so the memory stays bounded; the
 * samples of the oldest history kept stay in the window's ring.
 */
static void model_sweep_out(struct model *m, bool *dropped)
{
	unsigned long keep = m->lo;
	size_t i, kept = 0;

	for (i = 0; i < m->nout; i++) {
		struct tag *t = m->out[i];

		if (!t->out)
			continue;
		if (t->last_seq < m->lo) {
			model_tag_free(m, t);
			*dropped = true;
			continue;
		}
		if (t->hist && t->hist->front_seq < keep)
			keep = t->hist->front_seq;
		m->out[kept++] = t;
	}
	m->nout = kept;
	m->keep = keep;
}

void model_ingest(struct model *m, const struct sample *s, bool rebase)
{
	/* Exact sums, so the order of the tags does not change a total. */
	__int128 bytes = 0, dbytes = 0;
	bool hints = s->base && s->base == m->last_id;
	bool dropped = false;
	size_t i, kept = 0, size;
	struct tag **tmp;

	m->seq++;
	m->prev_time = m->seq > 1 ? m->time : s->time;
	m->time = s->time;
	if (m->seq == 1)
		m->first_time = s->time;
	model_push_time(m, s->time);
	m->has_content_id = s->has_content_id;
	m->content_id = s->has_content_id ? s->content_id : 0;
	if (s->has_content_id) {
		if (m->has_known_id && s->content_id != m->known_id)
			m->content_changes++;
		m->has_known_id = true;
		m->known_id = s->content_id;
	}
	m->retries += s->retries;
	memcpy(m->host, s->host, sizeof(m->host));
	memcpy(m->release, s->release, sizeof(m->release));
	m->prev_mem = m->seq > 1 ? m->mem : s->mem;
	m->mem = s->mem;

	if (s->nrecs > m->by_rec_cap) {
		m->by_rec_cap = s->nrecs;
		m->by_rec = xreallocarray(m->by_rec, m->by_rec_cap,
					  sizeof(*m->by_rec));
		m->by_rec_next = xreallocarray(m->by_rec_next, m->by_rec_cap,
					       sizeof(*m->by_rec_next));
	}
	/*
	 * Room for the sample's tags at once: a first sample of 100k tags
	 * would otherwise rebuild the table at each of eight doublings.
	 */
	size = m->table_size;
	while ((m->nout + (s->nrecs > m->ntags ? s->nrecs : m->ntags)) * 2 >
	       size)
		size *= 2;
	if (size != m->table_size)
		model_table_rebuild(m, size);
	m->nlive = s->nrecs;
	m->bytes = 0;
	m->calls = 0;
	m->dbytes = 0;
	for (i = 0; i < s->nrecs; i++) {
		const struct rec *r = &s->recs[i];
		bool created = false;
		struct tag *t = model_hint(m, r, hints);

		if (!t) {
			t = model_lookup(m, r, &created);
			model_update(m, t, r, created, rebase);
		} else if (r->bytes == t->bytes && r->calls == t->calls &&
			   !t->hist && t->state == TAG_LIVE) {
			/* Nothing moved: only the deltas and the stamp. */
			t->dbytes = 0;
			t->dcalls = 0;
			t->rate = 0;
			t->accurate = r->accurate;
			t->last_seq = m->seq;
		} else {
			model_update(m, t, r, false, rebase);
		}
		m->by_rec_next[i] = t;
		bytes += t->bytes;
		m->calls = sat_add_u64(m->calls, t->calls);
		dbytes += t->dbytes;
	}
	m->bytes = sat_s64_from_wide(bytes);
	m->dbytes = sat_s64_from_wide(dbytes);
	tmp = m->by_rec;
	m->by_rec = m->by_rec_next;
	m->by_rec_next = tmp;
	m->by_rec_n = s->nrecs;
	m->last_id = s->id;

	/*
	 * Sweep: mark the unseen gone, drop those gone since last time; after
	 * a filter change, set the unseen aside.  Each tag is stamped once per
	 * sample, so when every tag was, none is gone.
	 */
	if (s->nrecs != m->ntags) {
		for (i = 0; i < m->ntags; i++) {
			struct tag *t = m->tags[i];

			if (t->last_seq == m->seq) {
				m->tags[kept++] = t;
				continue;
			}
			if (t->state == TAG_GONE) {
				model_tag_free(m, t);
				dropped = true;
				continue;
			}
			t->fit_seq = 0;
			t->dbytes = 0;
			t->dcalls = 0;
			t->rate = 0;
			if (rebase) {
				t->out = true;
				model_push(&m->out, &m->nout, &m->out_cap, t);
				dropped = true;
				continue;
			}
			t->state = TAG_GONE;
			m->tags[kept++] = t;
		}
		m->ntags = kept;
	}
	model_sweep_out(m, &dropped);
	if (dropped) {
		m->tags_gen++;
		model_table_rebuild(m, m->table_size);
	}
}

/* Count growth from each tag's bytes now (a mark), or from first sight. */
static void model_set_base(struct model *m, bool now)
{
	struct tag **lists[2] = { m->tags, m->out };
	size_t counts[2] = { m->ntags, m->nout }, i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < counts[k]; i++) {
			struct tag *t = lists[k][i];

			t->base_bytes = now ? t->bytes : t->first_bytes;
			t->growth = sat_sub_s64(t->bytes, t->base_bytes);
		}
	}
	m->marked = now;
	m->mark_time = now ? m->time : 0;
}

void model_mark(struct model *m)
{
	model_set_base(m, true);
}

void model_unmark(struct model *m)
{
	model_set_base(m, false);
}

int model_tag_cmp(const struct tag *a, const struct tag *b)
{
	int c = strcmp(a->module, b->module);

	if (c)
		return c;
	c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	c = strcmp(a->function, b->function);
	if (c)
		return c;
	if (a->ordinal != b->ordinal)
		return a->ordinal < b->ordinal ? -1 : 1;
	return 0;
}

static int model_rank_cmp(const void *a, const void *b)
{
	return model_tag_cmp(*(struct tag *const *)a, *(struct tag *const *)b);
}

void model_rank(const struct model *m)
{
	struct tag **v;
	size_t i;

	if (*m->ranked_gen == m->tags_gen || !m->ntags)
		return;
	v = xreallocarray(NULL, m->ntags, sizeof(*v));
	memcpy(v, m->tags, m->ntags * sizeof(*v));
	qsort(v, m->ntags, sizeof(*v), model_rank_cmp);
	for (i = 0; i < m->ntags; i++)
		v[i]->rank = (uint32_t)i;
	free(v);
	*m->ranked_gen = m->tags_gen;
}

bool model_ranked(const struct model *m)
{
	return *m->ranked_gen == m->tags_gen;
}

const char *model_state_name(enum tag_state s)
{
	static const char *const names[] = {
		[TAG_LIVE] = "live",
		[TAG_NEW] = "new",
		[TAG_GONE] = "gone",
	};

	return names[s];
}

/*
 * Checkpoints, for a replay that steps back: a copy of the model as a
 * byte stream, numbers as varints (most of them relative to the tag's
 * bytes or to the sample count, so that they stay short), each history's
 * deltas as they are, and names by number in a store that every copy of
 * one replay shares, since they never change.
 */
/* A stream being written. */
struct model_out {
	unsigned char *p;
	size_t len;
	size_t cap;
};

struct model_names {
	struct model_out out;	/* the stream of the checkpoint being taken */
	char *arena;		/* module, function, file, NUL-ended, each */
	size_t len;
	size_t cap;
	/* Each entry: where it starts in the arena, its line and tag hash. */
	struct model_name {
		size_t off;
		uint64_t line;
		uint32_t hash;
	} *v;
	size_t n;
	size_t v_cap;
	uint32_t *table;	/* 1 + entry, open addressing */
	size_t table_size;
};

struct model_ckpt {
	struct model hdr;	/* the model's own fields, no pointers */
	unsigned long pts_lo;	/* the oldest sample time kept */
	/*
	 * Tags, set-aside tags, sample times: pages of their own, so that a
	 * checkpoint let go gives its memory back (heap blocks of this size
	 * would stay with the process, between smaller ones).
	 */
	unsigned char *data;
	size_t len;
	bool mapped;
};

/*
 * Room for the varints of a tag's fixed part (23 of at most 10 bytes) or
 * of its history's (13), reserved once for each.
 */
#define MODEL_TAG_MAX 256

/* A stream being read back: written by this file, so trusted. */
struct model_in {
	const unsigned char *p;
};

struct model_names *model_names_new(void)
{
	struct model_names *nm = xcalloc(1, sizeof(*nm));

	nm->table_size = 1024;
	nm->table = xcalloc(nm->table_size, sizeof(*nm->table));
	return nm;
}

void model_names_free(struct model_names *nm)
{
	if (!nm)
		return;
	free(nm->out.p);
	free(nm->arena);
	free(nm->v);
	free(nm->table);
	free(nm);
}

size_t model_names_size(const struct model_names *nm)
{
	return sizeof(*nm) + nm->out.cap + nm->cap +
	       nm->v_cap * sizeof(*nm->v) +
	       nm->table_size * sizeof(*nm->table);
}

/* The entry's three names, one after the other. */
static const char *model_names_get(const struct model_names *nm, size_t i)
{
	return nm->arena + nm->v[i].off;
}

static void model_names_grow(struct model_names *nm)
{
	size_t size = nm->table_size * 2, mask = size - 1, i;
	uint32_t *table = xcalloc(size, sizeof(*table));

	for (i = 0; i < nm->n; i++) {
		size_t j = nm->v[i].hash & mask;

		while (table[j])
			j = (j + 1) & mask;
		table[j] = (uint32_t)i + 1;
	}
	free(nm->table);
	nm->table = table;
	nm->table_size = size;
}

/*
 * The number of t's names and line in the store, added if new: keyed by
 * the tag's own hash, so that a checkpoint hashes nothing.
 */
static size_t model_names_add(struct model_names *nm, const struct tag *t)
{
	size_t lm, lf, lp, mask, i;

	if ((nm->n + 1) * 2 > nm->table_size)
		model_names_grow(nm);
	mask = nm->table_size - 1;
	for (i = t->hash & mask; nm->table[i]; i = (i + 1) & mask) {
		const struct model_name *e = &nm->v[nm->table[i] - 1];
		const char *mo = nm->arena + e->off, *fn, *fi;

		if (e->hash != t->hash || e->line != t->line ||
		    strcmp(mo, t->module))
			continue;
		fn = mo + strlen(mo) + 1;
		fi = fn + strlen(fn) + 1;
		if (!strcmp(fn, t->function) && !strcmp(fi, t->file))
			return nm->table[i] - 1;
	}
	lm = strlen(t->module) + 1;
	lf = strlen(t->function) + 1;
	lp = strlen(t->file) + 1;
	if (nm->cap - nm->len < lm + lf + lp) {
		nm->cap = nm->cap * 2 > nm->len + lm + lf + lp ?
			  nm->cap * 2 : nm->len + lm + lf + lp + 4096;
		nm->arena = xrealloc(nm->arena, nm->cap);
	}
	if (nm->n == nm->v_cap) {
		nm->v_cap = nm->v_cap ? nm->v_cap * 2 : 1024;
		nm->v = xreallocarray(nm->v, nm->v_cap, sizeof(*nm->v));
	}
	nm->v[nm->n].off = nm->len;
	nm->v[nm->n].line = t->line;
	nm->v[nm->n].hash = t->hash;
	memcpy(nm->arena + nm->len, t->module, lm);
	memcpy(nm->arena + nm->len + lm, t->function, lf);
	memcpy(nm->arena + nm->len + lm + lf, t->file, lp);
	nm->len += lm + lf + lp;
	nm->table[i] = (uint32_t)nm->n + 1;
	return nm->n++;
}

static void model_out_reserve(struct model_out *o, size_t n)
{
	if (o->cap - o->len >= n)
		return;
	o->cap = o->cap * 2 > o->len + n ? o->cap * 2 : o->len + n + 4096;
	o->p = xrealloc(o->p, o->cap);
}

/* Room for it reserved: a tag's fixed part reserves MODEL_TAG_MAX. */
static inline void model_out_u64(struct model_out *o, uint64_t v)
{
	while (v >= 0x80) {
		o->p[o->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	o->p[o->len++] = (unsigned char)v;
}

/* A difference modulo 2^64, small either side of zero: zigzag. */
static inline void model_out_s64(struct model_out *o, uint64_t d)
{
	model_out_u64(o, (d << 1) ^ (uint64_t)((int64_t)d >> 63));
}

/* Byte-swapped, so that 0 and round numbers take few bytes. */
static inline void model_out_f64(struct model_out *o, double x)
{
	uint64_t v;

	memcpy(&v, &x, sizeof(v));
	model_out_u64(o, __builtin_bswap64(v));
}

static inline void model_out_u128(struct model_out *o, u128 v)
{
	model_out_u64(o, (uint64_t)v);
	model_out_u64(o, (uint64_t)(v >> 64));
}

static uint64_t model_in_u64(struct model_in *in)
{
	uint64_t v = 0;
	unsigned int shift = 0;
	unsigned char c;

	do {
		c = *in->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

static uint64_t model_in_s64(struct model_in *in)
{
	uint64_t v = model_in_u64(in);

	return (v >> 1) ^ (0 - (v & 1));
}

static double model_in_f64(struct model_in *in)
{
	uint64_t v = __builtin_bswap64(model_in_u64(in));
	double x;

	memcpy(&x, &v, sizeof(x));
	return x;
}

static u128 model_in_u128(struct model_in *in)
{
	u128 lo = model_in_u64(in);

	return lo | (u128)model_in_u64(in) << 64;
}

static void model_save_hist(struct model_out *o, const struct model *m,
			    const struct tag *t)
{
	const struct tag_hist *h = t->hist;
	uint32_t base = h->head & ~1u, n = h->len - base;

	model_out_reserve(o, MODEL_TAG_MAX);
	model_out_u128(o, h->sy);
	model_out_u128(o, h->sxy);
	model_out_s64(o, (uint64_t)h->front - (uint64_t)t->bytes);
	model_out_u64(o, m->seq - h->front_seq);
	model_out_u64(o, h->up);
	model_out_u64(o, h->down);
	model_out_u64(o, h->gaps);
	model_out_u64(o, h->skip);
	model_out_u64(o, h->shift);
	/* Nibbles from the byte of the head on, and the head's in it. */
	model_out_u64(o, n);
	model_out_u64(o, h->head - base);
	model_out_u64(o, (h->last >= h->head ? h->last : h->head) - base);
	model_out_reserve(o, (n + 1) / 2);
	memcpy(o->p + o->len, h->buf + base / 2, (n + 1) / 2);
	o->len += (n + 1) / 2;
}

static void model_load_hist(struct model_in *in, const struct model *m,
			    struct tag *t)
{
	struct tag_hist hd = { 0 }, *h;

	hd.sy = model_in_u128(in);
	hd.sxy = model_in_u128(in);
	hd.front = (int64_t)(model_in_s64(in) + (uint64_t)t->bytes);
	hd.front_seq = m->seq - (unsigned long)model_in_u64(in);
	hd.up = (uint32_t)model_in_u64(in);
	hd.down = (uint32_t)model_in_u64(in);
	hd.gaps = model_in_u64(in);
	hd.skip = model_in_u64(in);
	hd.shift = (unsigned int)model_in_u64(in);
	hd.len = (uint32_t)model_in_u64(in);
	hd.head = (uint32_t)model_in_u64(in);
	hd.last = (uint32_t)model_in_u64(in);
	hd.cap = hd.len > MODEL_HIST_FIRST ? (hd.len + 1) & ~1u :
		 MODEL_HIST_FIRST;
	h = xmalloc(MODEL_HIST_SIZE(hd.cap));
	memcpy(h, &hd, offsetof(struct tag_hist, buf));
	memcpy(h->buf, in->p, (h->len + 1) / 2);
	in->p += (h->len + 1) / 2;
	t->hist = h;
}

/* Growth from first sight, as model_unmark() would count it. */
static void model_save_tag(struct model_out *o, const struct model *m,
			   const struct tag *t, struct model_names *nm)
{
	uint64_t bytes = (uint64_t)t->bytes;
	int64_t base = m->marked ? t->first_bytes : t->base_bytes;
	int64_t growth = m->marked ? sat_sub_s64(t->bytes, base) : t->growth;

	model_out_reserve(o, MODEL_TAG_MAX);
	model_out_u64(o, model_names_add(nm, t));
	model_out_u64(o, t->line);
	model_out_u64(o, t->ordinal);
	model_out_u64(o, t->hash);
	model_out_u64(o, t->rank);
	/* plain as found out so far: 0 not yet, 1 or 2 (two bits). */
	model_out_u64(o, (uint64_t)t->state << 5 | (uint64_t)!!t->hist << 4 |
		      (uint64_t)t->out << 3 | (uint64_t)(t->plain & 3) << 1 |
		      (uint64_t)t->accurate);
	model_out_s64(o, bytes);
	model_out_u64(o, t->calls);
	model_out_s64(o, (uint64_t)t->dbytes);
	model_out_s64(o, (uint64_t)t->dcalls);
	model_out_f64(o, t->rate);
	model_out_s64(o, (uint64_t)growth);
	model_out_f64(o, t->slope);
	model_out_f64(o, t->grew);
	model_out_f64(o, t->leak);
	model_out_u64(o, m->seq - t->fit_seq);
	model_out_s64(o, (uint64_t)t->first_bytes - bytes);
	model_out_s64(o, (uint64_t)base - bytes);
	model_out_s64(o, bytes - (uint64_t)t->min_bytes);
	model_out_s64(o, (uint64_t)t->max_bytes - bytes);
	model_out_f64(o, t->first_time);
	model_out_u64(o, m->seq - t->first_seq);
	model_out_u64(o, m->seq - t->last_seq);
	if (t->hist)
		model_save_hist(o, m, t);
}

static struct tag *model_load_tag(struct model_in *in, struct model *m,
				  const struct model_names *nm)
{
	const char *mo = model_names_get(nm, (size_t)model_in_u64(in));
	const char *fn = mo + strlen(mo) + 1;
	const char *fi = fn + strlen(fn) + 1;
	struct tag *t = model_tag_make(m, mo, fn, fi);
	uint64_t flags, bytes;

	t->line = model_in_u64(in);
	t->ordinal = (unsigned int)model_in_u64(in);
	t->hash = (uint32_t)model_in_u64(in);
	t->rank = (uint32_t)model_in_u64(in);
	flags = model_in_u64(in);
	t->state = (enum tag_state)(flags >> 5);
	t->out = flags & 8;
	t->plain = (unsigned char)(flags >> 1 & 3);
	t->accurate = flags & 1;
	bytes = model_in_s64(in);
	t->bytes = (int64_t)bytes;
	t->calls = model_in_u64(in);
	t->dbytes = (int64_t)model_in_s64(in);
	t->dcalls = (int64_t)model_in_s64(in);
	t->rate = model_in_f64(in);
	t->growth = (int64_t)model_in_s64(in);
	/* As model_update() sets it, from what it is set from. */
	t->avg = t->calls ? (double)t->bytes / (double)t->calls : 0;
	t->slope = model_in_f64(in);
	t->grew = model_in_f64(in);
	t->leak = model_in_f64(in);
	t->fit_seq = m->seq - (unsigned long)model_in_u64(in);
	t->first_bytes = (int64_t)(model_in_s64(in) + bytes);
	t->base_bytes = (int64_t)(model_in_s64(in) + bytes);
	t->min_bytes = (int64_t)(bytes - model_in_s64(in));
	t->max_bytes = (int64_t)(model_in_s64(in) + bytes);
	t->first_time = model_in_f64(in);
	t->first_seq = m->seq - (unsigned long)model_in_u64(in);
	t->last_seq = m->seq - (unsigned long)model_in_u64(in);
	if (flags & 16)
		model_load_hist(in, m, t);
	return t;
}

/* The oldest sample whose time a tag or the next sample still reads. */
static unsigned long model_pts_lo(const struct model *m)
{
	struct tag **lists[2] = { m->tags, m->out };
	size_t counts[2] = { m->ntags, m->nout }, i, k;
	unsigned long lo = m->lo;

	if (m->prev_lo && m->prev_lo < lo)
		lo = m->prev_lo;
	if (m->keep && m->keep < lo)
		lo = m->keep;
	for (k = 0; k < 2; k++)
		for (i = 0; i < counts[k]; i++)
			if (lists[k][i]->hist &&
			    lists[k][i]->hist->front_seq < lo)
				lo = lists[k][i]->hist->front_seq;
	if (!lo)
		lo = 1;
	if (m->seq >= m->pts_cap && lo < m->seq - m->pts_cap + 1)
		lo = m->seq - m->pts_cap + 1;
	return lo;
}

struct model_ckpt *model_save(const struct model *m, struct model_names *nm)
{
	struct model_out *o = &nm->out;
	struct model_ckpt *c;
	unsigned long lo = model_pts_lo(m), s;
	size_t i;

	o->len = 0;
	model_out_reserve(o, MODEL_TAG_MAX);
	model_out_u64(o, m->ntags);
	model_out_u64(o, m->nout);
	for (i = 0; i < m->ntags; i++)
		model_save_tag(o, m, m->tags[i], nm);
	for (i = 0; i < m->nout; i++)
		model_save_tag(o, m, m->out[i], nm);
	for (s = lo; s <= m->seq; s++) {
		model_out_reserve(o, sizeof(struct model_point));
		memcpy(o->p + o->len, model_pt(m, s),
		       sizeof(struct model_point));
		o->len += sizeof(struct model_point);
	}
	c = xmalloc(sizeof(*c));
	c->len = o->len;
	c->data = mmap(NULL, c->len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	c->mapped = c->data != MAP_FAILED;
	if (!c->mapped)
		c->data = xmalloc(c->len);
	memcpy(c->data, o->p, c->len);
	c->hdr = *m;
	c->hdr.table = c->hdr.tags = c->hdr.out = NULL;
	c->hdr.by_rec = c->hdr.by_rec_next = NULL;
	c->hdr.pts = NULL;
	c->hdr.ranked_gen = NULL;
	c->hdr.chunks = NULL;
	c->hdr.chunk_at = c->hdr.chunk_end = NULL;
	memset(c->hdr.free_tags, 0, sizeof(c->hdr.free_tags));
	c->hdr.marked = false;
	c->hdr.mark_time = 0;
	c->pts_lo = lo;
	return c;
}

void model_restore(struct model *m, const struct model_ckpt *c,
		   const struct model_names *nm)
{
	struct model old;
	struct model_in in = { c->data };
	size_t ntags, nout, i;
	unsigned long s;

	model_reset(m);
	old = *m;
	*m = c->hdr;
	m->tags = old.tags;
	m->tags_cap = old.tags_cap;
	m->out = old.out;
	m->out_cap = old.out_cap;
	m->ntags = m->nout = 0;
	m->table = old.table;
	m->table_size = old.table_size;
	m->ranked_gen = old.ranked_gen;
	*m->ranked_gen = 0;
	/* The next sample is matched by lookup: no record hints. */
	m->by_rec = old.by_rec;
	m->by_rec_next = old.by_rec_next;
	m->by_rec_cap = old.by_rec_cap;
	m->by_rec_n = 0;
	m->last_id = 0;
	/* The tags are carved anew from m's own chunks, freed as any. */
	m->chunks = old.chunks;
	m->chunk_at = old.chunk_at;
	m->chunk_end = old.chunk_end;
	memcpy(m->free_tags, old.free_tags, sizeof(m->free_tags));
	free(old.pts);
	m->pts = xcalloc(m->pts_cap, sizeof(*m->pts));

	ntags = (size_t)model_in_u64(&in);
	nout = (size_t)model_in_u64(&in);
	for (i = 0; i < ntags; i++)
		model_push(&m->tags, &m->ntags, &m->tags_cap,
			   model_load_tag(&in, m, nm));
	for (i = 0; i < nout; i++)
		model_push(&m->out, &m->nout, &m->out_cap,
			   model_load_tag(&in, m, nm));
	for (s = c->pts_lo; s <= m->seq; s++) {
		memcpy(model_pt(m, s), in.p, sizeof(struct model_point));
		in.p += sizeof(struct model_point);
	}
	model_table_rebuild(m, c->hdr.table_size);
}

size_t model_ckpt_size(const struct model_ckpt *c)
{
	return sizeof(*c) + c->len;
}

void model_ckpt_free(struct model_ckpt *c)
{
	if (!c)
		return;
	if (c->mapped)
		munmap(c->data, c->len);
	else
		free(c->data);
	free(c);
}
