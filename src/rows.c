// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"
#include "sat.h"
#include "xalloc.h"

bool rows_match(const struct tag *t, const char *text)
{
	bool negate = false, found;
	char line[32];

	if (!text || !*text)
		return true;
	if (*text == '!') {
		negate = true;
		text++;
	}
	snprintf(line, sizeof(line), ":%" PRIu64 " ", t->line);
	found = strstr(t->file, text) || strstr(t->function, text) ||
		strstr(t->module, text) || strstr(line, text);
	if (!found) {
		/* Only a match that spans two parts needs the whole line. */
		size_t n = strlen(t->file) + strlen(t->module) +
			   strlen(t->function) + 40;
		char *all = xmalloc(n);

		if (*t->module)
			snprintf(all, n, "%s:%" PRIu64 " [%s] %s", t->file,
				 t->line, t->module, t->function);
		else
			snprintf(all, n, "%s:%" PRIu64 " %s", t->file,
				 t->line, t->function);
		found = strstr(all, text) != NULL;
		free(all);
	}
	return found != negate;
}

void rows_select(struct rows *r, const struct model *m, const char *match,
		 struct sort_key key)
{
	__int128 bytes = 0, dbytes = 0;
	size_t i;

	if (r->cap < m->ntags) {
		r->cap = m->ntags;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	/* Every tag shown: the model has the totals, no need to visit them. */
	if ((!match || !*match) && key.field != FIELD_SLOPE) {
		if (m->ntags)
			memcpy(r->v, m->tags, m->ntags * sizeof(*r->v));
		r->n = m->ntags;
		r->bytes = m->bytes;
		r->calls = m->calls;
		r->dbytes = m->dbytes;
		return;
	}
	r->n = 0;
	r->bytes = 0;
	r->calls = 0;
	r->dbytes = 0;
	for (i = 0; i < m->ntags; i++) {
		struct tag *t = m->tags[i];

		if (!rows_match(t, match))
			continue;
		r->v[r->n++] = t;
		if (key.field == FIELD_SLOPE)
			model_fit(m, t);
		/* A gone tag's delta is 0 in a sample, its loss in a diff. */
		dbytes += t->dbytes;
		if (t->state == TAG_GONE)
			continue;
		bytes += t->bytes;
		r->calls = sat_add_u64(r->calls, t->calls);
	}
	r->bytes = sat_s64_from_wide(bytes);
	r->dbytes = sat_s64_from_wide(dbytes);
}

void rows_build(struct rows *r, const struct model *m, const char *match,
		struct sort_key key, size_t top)
{
	rows_select(r, m, match, key);
	rows_sort(r, m, key, top);
}

void rows_sort(struct rows *r, const struct model *m, struct sort_key key,
	       size_t top)
{
	/*
	 * Ranking costs a sort by names, worth it for a full sort, where ties
	 * are many, and kept until tags come or go.
	 */
	if (!top || top > r->n / 4)
		model_rank(m);
	if (model_ranked(m))
		sort_tags_ranked(r->v, r->n, key, top, &r->scratch);
	else
		sort_tags(r->v, r->n, key, top);
}

void rows_fini(struct rows *r)
{
	sort_scratch_fini(&r->scratch);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
