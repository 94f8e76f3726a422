// SPDX-License-Identifier: GPL-2.0
/*
 * Checkpoints of a replay's model.  A copy costs O(tags + history) to
 * take and to restore, so taking one every `every` samples keeps reading
 * forward at its cost per sample, and a step back costs one restore and
 * at most every - 1 samples read again, however far into the capture.
 */
#include <stdlib.h>
#include <string.h>

#include "ckpt.h"
#include "xalloc.h"

void ckpt_init(struct ckpt_set *s, size_t every, size_t budget)
{
	memset(s, 0, sizeof(*s));
	s->every = s->first_every = every ? every : 1;
	s->budget = budget;
}

void ckpt_clear(struct ckpt_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		model_ckpt_free(s->v[i].c);
	s->n = 0;
	model_names_free(s->names);
	s->names = NULL;
	s->bytes = 0;
	s->every = s->first_every;
}

void ckpt_fini(struct ckpt_set *s)
{
	ckpt_clear(s);
	free(s->v);
	s->v = NULL;
	s->cap = 0;
}

/* The index of the last copy at or before pos, or n when none is. */
static size_t ckpt_find(const struct ckpt_set *s, size_t pos)
{
	size_t lo = 0, hi = s->n;

	/* The first copy past pos is at lo once lo == hi. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : s->n;
}

bool ckpt_wanted(const struct ckpt_set *s, size_t pos)
{
	size_t i;

	if (!pos || pos % s->every)
		return false;
	i = ckpt_find(s, pos);
	return i == s->n || s->v[i].pos != pos;
}

/* Over budget: keep every other copy, spaced twice as far apart. */
static void ckpt_thin(struct ckpt_set *s)
{
	size_t i, kept;

	while (s->bytes > s->budget && s->n > 1) {
		s->every *= 2;
		for (i = kept = 0; i < s->n; i++) {
			if (s->v[i].pos % s->every) {
				s->bytes -= model_ckpt_size(s->v[i].c);
				model_ckpt_free(s->v[i].c);
				continue;
			}
			s->v[kept++] = s->v[i];
		}
		s->n = kept;
	}
}

void ckpt_offer(struct ckpt_set *s, size_t pos, const struct model *m)
{
	size_t i, names;

	if (!ckpt_wanted(s, pos))
		return;
	if (!s->names)
		s->names = model_names_new();
	names = model_names_size(s->names);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	i = ckpt_find(s, pos);
	i = i == s->n ? 0 : i + 1;
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(*s->v));
	s->v[i].pos = pos;
	s->v[i].c = model_save(m, s->names);
	s->n++;
	s->bytes += model_ckpt_size(s->v[i].c) +
		    model_names_size(s->names) - names;
	ckpt_thin(s);
}

size_t ckpt_restore(const struct ckpt_set *s, size_t pos, struct model *m)
{
	size_t i = ckpt_find(s, pos);

	if (i == s->n) {
		if (m->seq)
			model_reset(m);
		return 0;
	}
	model_restore(m, s->v[i].c, s->names);
	return s->v[i].pos;
}
