// SPDX-License-Identifier: GPL-2.0
/*
 * The sample model: tags keyed by identity in a hash table, deltas against
 * the previous sample, and a bounded history of bytes per tag.  Refreshing
 * is mark-and-sweep: every tag found in a sample is stamped with the
 * sample's sequence number, the ones left unstamped are gone, or, when the
 * kernel filter changed, set aside with their history.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sat.h"
#include "xalloc.h"

#define MODEL_HIST_MAX 4096

static uint32_t model_hash(const struct rec *r)
{
	const char *strs[3] = { r->module, r->file, r->function };
	uint32_t h = 2166136261u;
	const unsigned char *p;
	int i;

	for (i = 0; i < 3; i++) {
		for (p = (const unsigned char *)strs[i]; *p; p++)
			h = (h ^ *p) * 16777619u;
		h = (h ^ 0xff) * 16777619u;
	}
	for (i = 0; i < 8; i++)
		h = (h ^ (uint32_t)((r->line >> (8 * i)) & 0xff)) * 16777619u;
	return h;
}

static struct model *model_alloc(double window, size_t hist_cap)
{
	struct model *m = xcalloc(1, sizeof(*m));

	m->window = window;
	m->hist_cap = hist_cap;
	m->times = xcalloc(m->hist_cap, sizeof(*m->times));
	m->table_size = 1024;
	m->table = xcalloc(m->table_size, sizeof(*m->table));
	return m;
}

struct model *model_new(double window, double delay)
{
	double n = delay > 0 ? ceil(window / delay) + 1 : MODEL_HIST_MAX;

	return model_alloc(window, n < 2 ? 2 : n > MODEL_HIST_MAX ?
			   MODEL_HIST_MAX : (size_t)n);
}

struct model *model_new_like(const struct model *m)
{
	return model_alloc(m->window, m->hist_cap);
}

void model_swap(struct model *a, struct model *b)
{
	struct model t = *a;

	*a = *b;
	*b = t;
}

static void model_tag_free(struct tag *t)
{
	free(t->hist);
	free(t);
}

void model_reset(struct model *m)
{
	size_t i;

	for (i = 0; i < m->ntags; i++)
		model_tag_free(m->tags[i]);
	m->ntags = 0;
	for (i = 0; i < m->nout; i++)
		model_tag_free(m->out[i]);
	m->nout = 0;
	memset(m->table, 0, m->table_size * sizeof(*m->table));
	m->seq = 0;
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
	free(m->times);
	free(m);
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

static struct tag *model_tag_new(struct model *m, const struct rec *r,
				 uint32_t hash, unsigned int ordinal)
{
	size_t lm = strlen(r->module) + 1, lf = strlen(r->function) + 1;
	size_t lp = strlen(r->file) + 1;
	struct tag *t = xcalloc(1, sizeof(*t) + lm + lf + lp);
	char *p = (char *)(t + 1);

	t->module = memcpy(p, r->module, lm);
	t->function = memcpy(p + lm, r->function, lf);
	t->file = memcpy(p + lm + lf, r->file, lp);
	t->line = r->line;
	t->ordinal = ordinal;
	t->hash = hash;
	t->hist = xcalloc(m->hist_cap, sizeof(*t->hist));
	t->first_seq = m->seq;
	t->first_time = m->time;
	model_push(&m->tags, &m->ntags, &m->tags_cap, t);
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
			if ((*slot)->out)
				model_push(&m->tags, &m->ntags, &m->tags_cap,
					   *slot);
			return *slot;
		}
		ordinal++;
	}
}

void model_fit(const struct model *m, struct tag *t)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, t0, x, y;
	unsigned long first = t->first_seq, seq;
	unsigned long last = t->state == TAG_GONE ? t->last_seq : m->seq;
	size_t n = 0, up = 0, down = 0, steps = 0;
	int64_t prev = 0;

	if (t->fit_seq == m->seq)
		return;
	t->fit_seq = m->seq;
	if (m->seq - first >= m->hist_cap)
		first = m->seq - m->hist_cap + 1;
	t0 = m->times[last % m->hist_cap];
	for (seq = first; seq <= last; seq++) {
		double when = m->times[seq % m->hist_cap];
		int64_t b = t->hist[seq % m->hist_cap];

		if (b == MODEL_GAP ||
		    (m->window > 0 && t0 - when > m->window))
			continue;
		x = when - t0;
		y = (double)b;
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
		if (n) {
			steps++;
			if (b > prev)
				up++;
			else if (b < prev)
				down++;
		}
		prev = b;
		n++;
	}
	t->grew = steps ? (double)up / (double)steps : 0;
	t->slope = 0;
	t->leak = 0;
	if (n >= 2) {
		double d = n * sxx - sx * sx;

		if (d > 1e-12)
			t->slope = (n * sxy - sx * sy) / d;
	}
	/*
	 * A steady leak moves the same way in most intervals; a one-off spike
	 * in one.  Weighting the slope by that share ranks the leak first.
	 */
	if (t->slope > 0)
		t->leak = t->slope * t->grew;
	else
		t->leak = steps ? t->slope * (double)down / (double)steps : 0;
}

static void model_update(struct model *m, struct tag *t, const struct rec *r,
			 bool created, bool rebase)
{
	double dt = m->time - m->prev_time;

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
	} else if (t->out) {
		unsigned long seq = t->last_seq + 1;

		/* Back from outside the filter: a gap, not news, no delta. */
		if (m->seq - seq > m->hist_cap)
			seq = m->seq - m->hist_cap;
		for (; seq < m->seq; seq++)
			t->hist[seq % m->hist_cap] = MODEL_GAP;
		t->out = false;
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
	t->last_seq = m->seq;
	/* The one value that would read as a gap is a byte less. */
	t->hist[m->seq % m->hist_cap] = t->bytes == MODEL_GAP ? MODEL_GAP + 1 :
					t->bytes;
}

/*
 * The tags set aside: those let back in leave the list, those whose whole
 * history has left the window are freed, so the memory stays bounded.
 */
static void model_sweep_out(struct model *m, bool *dropped)
{
	size_t i, kept = 0;

	for (i = 0; i < m->nout; i++) {
		struct tag *t = m->out[i];

		if (!t->out)
			continue;
		if (m->seq - t->last_seq >= m->hist_cap) {
			model_tag_free(t);
			*dropped = true;
			continue;
		}
		m->out[kept++] = t;
	}
	m->nout = kept;
}

void model_ingest(struct model *m, const struct sample *s, bool rebase)
{
	/* Exact sums, so the order of the tags does not change a total. */
	__int128 bytes = 0, dbytes = 0;
	size_t i, kept = 0;
	bool dropped = false;

	m->seq++;
	m->prev_time = m->seq > 1 ? m->time : s->time;
	m->time = s->time;
	if (m->seq == 1)
		m->first_time = s->time;
	m->times[m->seq % m->hist_cap] = s->time;
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

	m->nlive = s->nrecs;
	m->bytes = 0;
	m->calls = 0;
	m->dbytes = 0;
	for (i = 0; i < s->nrecs; i++) {
		const struct rec *r = &s->recs[i];
		bool created;
		struct tag *t = model_lookup(m, r, &created);

		model_update(m, t, r, created, rebase);
		bytes += t->bytes;
		m->calls = sat_add_u64(m->calls, t->calls);
		dbytes += t->dbytes;
	}
	m->bytes = sat_s64_from_wide(bytes);
	m->dbytes = sat_s64_from_wide(dbytes);

	/*
	 * Sweep: mark the unseen gone, drop those gone since last time; after
	 * a filter change, set the unseen aside.
	 */
	for (i = 0; i < m->ntags; i++) {
		struct tag *t = m->tags[i];

		if (t->last_seq != m->seq) {
			if (t->state == TAG_GONE) {
				model_tag_free(t);
				dropped = true;
				continue;
			}
			if (rebase) {
				t->out = true;
				t->fit_seq = 0;
				t->dbytes = 0;
				t->dcalls = 0;
				t->rate = 0;
				model_push(&m->out, &m->nout, &m->out_cap, t);
				continue;
			}
			t->state = TAG_GONE;
			t->fit_seq = 0;
			t->dbytes = 0;
			t->dcalls = 0;
			t->rate = 0;
		}
		m->tags[kept++] = t;
	}
	m->ntags = kept;
	model_sweep_out(m, &dropped);
	if (dropped)
		model_table_rebuild(m, m->table_size);
}

size_t model_history(const struct model *m, const struct tag *t,
		     int64_t *out, double *times, size_t max)
{
	unsigned long first = t->first_seq, seq;
	unsigned long last = t->state == TAG_GONE ? t->last_seq : m->seq;
	size_t n = 0;

	if (!m->seq)
		return 0;
	if (last - first >= m->hist_cap)
		first = last - m->hist_cap + 1;
	if (m->seq - first >= m->hist_cap)
		first = m->seq - m->hist_cap + 1;
	if (last - first + 1 > max)
		first = last + 1 - max;
	for (seq = first; seq <= last; seq++) {
		if (t->hist[seq % m->hist_cap] == MODEL_GAP)
			continue;
		out[n] = t->hist[seq % m->hist_cap];
		if (times)
			times[n] = m->times[seq % m->hist_cap];
		n++;
	}
	return n;
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

const char *model_state_name(enum tag_state s)
{
	static const char *const names[] = {
		[TAG_LIVE] = "live",
		[TAG_NEW] = "new",
		[TAG_GONE] = "gone",
	};

	return names[s];
}
