// SPDX-License-Identifier: GPL-2.0
/*
 * What the table shows: the model's tags through the userspace match and
 * the sort, optionally rolled up into groups, and the selection.  By
 * default the selection keeps its place, as in htop: during an incident
 * the top of the order is what must stay in sight.  Following ('F') keeps
 * it on its tag (or group) by identity, when a refresh reorders or frees
 * the rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "xalloc.h"

const char *view_group_name(enum group_by g)
{
	static const char *const names[GROUP_N] = {
		[GROUP_NONE] = "none",
		[GROUP_MODULE] = "module",
		[GROUP_FILE] = "file",
		[GROUP_DIR] = "directory",
	};

	return names[g];
}

/* The group key of a tag: a prefix of one of its names. */
static const char *view_group_key(const struct tag *t, enum group_by g,
				  size_t *len)
{
	const char *slash;

	switch (g) {
	case GROUP_MODULE:
		*len = strlen(t->module);
		return t->module;
	case GROUP_FILE:
		*len = strlen(t->file);
		return t->file;
	default:
		slash = strrchr(t->file, '/');
		*len = slash ? (size_t)(slash - t->file) : 0;
		return t->file;
	}
}

static int view_key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c)
		return c;
	return al < bl ? -1 : al > bl ? 1 : 0;
}

struct view_ctx {
	enum group_by group;
	struct sort_key key;
};

static uint64_t view_key_hash(const char *k, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 0x100000001b3ULL;
	return h;
}

/* Groups sort by a rolled-up number, or by name (A first unless reversed). */
static int view_group_cmp(const void *pa, const void *pb, void *arg)
{
	const struct group *a = pa, *b = pb;
	const struct view_ctx *ctx = arg;
	int c;

	if (field_rolls_up(ctx->key.field))
		c = field_cmp(ctx->key.field, &a->sum, &b->sum);
	else
		c = -strcmp(a->name, b->name);
	if (!ctx->key.ascending)
		c = -c;
	return c ? c : strcmp(a->name, b->name);
}

static bool view_is_expanded(const struct view *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nexpanded; i++)
		if (!strcmp(v->expanded[i], name))
			return true;
	return false;
}

static void view_free_groups(struct view *v)
{
	size_t i;

	for (i = 0; i < v->ngroups; i++)
		free(v->groups[i].name);
	v->ngroups = 0;
}

/* The group of key k (kl bytes), made if it is new. */
static uint32_t view_group_of(struct view *v, const char *k, size_t kl)
{
	size_t mask = v->gtable_size - 1;
	size_t i = view_key_hash(k, kl) & mask;
	struct group *g;

	for (; v->gtable[i]; i = (i + 1) & mask) {
		g = &v->groups[v->gtable[i] - 1];
		if (!view_key_cmp(g->name, strlen(g->name), k, kl))
			return v->gtable[i] - 1;
	}
	if (v->ngroups == v->groups_cap) {
		v->groups_cap = v->groups_cap ? v->groups_cap * 2 : 64;
		v->groups = xreallocarray(v->groups, v->groups_cap,
					  sizeof(*g));
	}
	g = &v->groups[v->ngroups++];
	memset(g, 0, sizeof(*g));
	g->name = xmalloc(kl + 1);
	memcpy(g->name, k, kl);
	g->name[kl] = '\0';
	g->sum.module = g->sum.function = g->sum.file = "";
	v->gtable[i] = (uint32_t)v->ngroups;
	return (uint32_t)(v->ngroups - 1);
}

/*
 * Roll the rows up into groups, found by a hash of their names; only the
 * tags of expanded groups are shown, so only those are sorted.
 */
static void view_build_groups(struct view *v)
{
	struct view_ctx ctx = { v->group, v->sort };
	size_t i, n = v->rows.n, size = 64, first = 0;

	view_free_groups(v);
	if (v->gtags_cap < n) {
		v->gtags_cap = n;
		v->gtags = xreallocarray(v->gtags, n, sizeof(*v->gtags));
		v->gidx = xreallocarray(v->gidx, n, sizeof(*v->gidx));
	}
	while (size < 2 * n)
		size *= 2;
	if (v->gtable_size != size) {
		free(v->gtable);
		v->gtable = xcalloc(size, sizeof(*v->gtable));
		v->gtable_size = size;
	} else {
		memset(v->gtable, 0, size * sizeof(*v->gtable));
	}
	for (i = 0; i < n; i++) {
		size_t kl;
		const char *k = view_group_key(v->rows.v[i], v->group, &kl);

		v->gidx[i] = view_group_of(v, k, kl);
		v->groups[v->gidx[i]].n++;
	}
	/* Each group's tags together, in the order of the rows. */
	for (i = 0; i < v->ngroups; i++) {
		v->groups[i].first = first;
		first += v->groups[i].n;
		v->groups[i].n = 0;
	}
	for (i = 0; i < n; i++) {
		struct group *g = &v->groups[v->gidx[i]];
		struct tag *t = v->rows.v[i];

		v->gtags[g->first + g->n++] = t;
		model_fit(v->model, t);
		if (t->state != TAG_GONE)
			field_rollup_add(&g->sum, t);
	}
	for (i = 0; i < v->ngroups; i++)
		field_rollup_end(&v->groups[i].sum);
	qsort_r(v->groups, v->ngroups, sizeof(*v->groups), view_group_cmp,
		&ctx);
	for (i = 0; i < v->ngroups; i++) {
		struct group *g = &v->groups[i];

		g->expanded = view_is_expanded(v, g->name);
		if (g->expanded)
			sort_tags(v->gtags + g->first, g->n, v->sort, 0);
	}
}

static void view_push(struct view *v, struct tag *t, struct group *g)
{
	if (v->nlines == v->lines_cap) {
		v->lines_cap = v->lines_cap ? v->lines_cap * 2 : 1024;
		v->lines = xreallocarray(v->lines, v->lines_cap,
					 sizeof(*v->lines));
	}
	v->lines[v->nlines].tag = t;
	v->lines[v->nlines].group = g;
	v->nlines++;
}

static void view_remember(struct view *v);

static bool view_line_is_selection(const struct view *v,
				   const struct vline *l)
{
	const struct selection *s = &v->selkey;

	if (!s->valid)
		return false;
	if (s->is_group)
		return l->group && !l->tag && !strcmp(l->group->name, s->group);
	return l->tag && !model_tag_cmp(l->tag, &s->key);
}

/* The totals of the rows stay: what is dropped adds nothing to them. */
/* Drop the zero rows; *sorted: the rows in order, before and after. */
static void view_drop_zero(struct view *v, size_t *sorted)
{
	size_t i, kept = 0, in_order = 0;

	v->zero_hidden = 0;
	if (!v->hide_zero)
		return;
	for (i = 0; i < v->rows.n; i++) {
		struct tag *t = v->rows.v[i];

		if (!t->bytes && !t->calls && !t->dbytes) {
			v->zero_hidden++;
			continue;
		}
		if (i < *sorted)
			in_order++;
		v->rows.v[kept++] = t;
	}
	v->rows.n = kept;
	*sorted = in_order;
}

/*
 * How many lines from the first must be in order for the table to show
 * the selection at line at: the view sorts only what the screen can show
 * (partial selection), the rest when a move or a search goes there.  0:
 * all of them, when the screen's height is not known.
 */
static size_t view_want(const struct view *v, size_t at)
{
	size_t want;

	if (!v->height || v->group != GROUP_NONE)
		return 0;
	if (v->top > at)
		at = v->top;
	want = at + 2 * (v->height + 1);
	return want > v->model->ntags / 4 ? 0 : want;
}

/* Sort the rows again so that the lines up to want are in order. */
static void view_sort_to(struct view *v, size_t want)
{
	size_t i;

	if (v->group != GROUP_NONE || v->sorted >= v->nlines)
		return;
	rows_sort(&v->rows, v->model, v->sort, want);
	for (i = 0; i < v->nlines; i++)
		v->lines[i].tag = v->rows.v[i];
	v->sorted = want && want < v->nlines ? want : v->nlines;
}

void view_refresh(struct view *v)
{
	const struct model *m = v->model;
	size_t i, j, want, sorted;
	int mw = 0;

	want = view_want(v, v->sel);
	/* Groups sort their own tags, those of the groups expanded. */
	if (v->group == GROUP_NONE)
		rows_build(&v->rows, m, v->match, v->sort, want);
	else
		rows_select(&v->rows, m, v->match, v->sort);
	sorted = want && want < v->rows.n ? want : v->rows.n;
	view_drop_zero(v, &sorted);
	for (i = 0; i < v->rows.n; i++) {
		int l = (int)strlen(v->rows.v[i]->module);

		if (l > mw)
			mw = l;
	}
	v->module_width = mw;
	v->nlines = 0;
	if (v->group == GROUP_NONE) {
		view_free_groups(v);
		for (i = 0; i < v->rows.n; i++)
			view_push(v, v->rows.v[i], NULL);
		v->sorted = sorted;
	} else {
		view_build_groups(v);
		for (i = 0; i < v->ngroups; i++) {
			struct group *g = &v->groups[i];

			view_push(v, NULL, g);
			if (!g->expanded)
				continue;
			for (j = 0; j < g->n; j++)
				view_push(v, v->gtags[g->first + j], g);
		}
		v->sorted = v->nlines;
	}
	/* Following: keep the selection on its tag; else keep its place. */
	i = v->nlines;
	if (v->follow || v->hold)
		for (i = 0; i < v->nlines; i++)
			if (view_line_is_selection(v, &v->lines[i]))
				break;
	/* Out of the lines in order: its place is known once all are. */
	if (i < v->nlines && i >= v->sorted) {
		view_sort_to(v, 0);
		for (i = 0; i < v->nlines; i++)
			if (view_line_is_selection(v, &v->lines[i]))
				break;
	}
	if (i < v->nlines)
		v->sel = i;
	else if (v->sel >= v->nlines)
		v->sel = v->nlines ? v->nlines - 1 : 0;
	view_remember(v);
}

void view_home(struct view *v)
{
	v->sel = 0;
	v->top = 0;
	view_remember(v);
}

void view_hidden(const struct view *v, size_t height, size_t *above,
		 size_t *below)
{
	size_t end = v->top + height;

	*above = v->top < v->nlines ? v->top : v->nlines;
	*below = end < v->nlines ? v->nlines - end : 0;
}

static void view_forget(struct view *v)
{
	struct selection *s = &v->selkey;

	free(s->group);
	free((char *)s->key.module);
	free((char *)s->key.function);
	free((char *)s->key.file);
	memset(s, 0, sizeof(*s));
}

/* Copy what the selection is, to find it again after a refresh. */
static void view_remember(struct view *v)
{
	struct selection *s = &v->selkey;
	const struct vline *l;

	if (v->sel < v->nlines) {
		l = &v->lines[v->sel];
		/* Unchanged: nothing to copy (this runs on every refresh). */
		if (view_line_is_selection(v, l))
			return;
	}
	view_forget(v);
	if (v->sel >= v->nlines)
		return;
	l = &v->lines[v->sel];
	s->valid = true;
	if (!l->tag) {
		s->is_group = true;
		s->group = xstrdup(l->group->name);
		return;
	}
	s->key.module = xstrdup(l->tag->module);
	s->key.function = xstrdup(l->tag->function);
	s->key.file = xstrdup(l->tag->file);
	s->key.line = l->tag->line;
	s->key.ordinal = l->tag->ordinal;
}

void view_move_to(struct view *v, size_t line)
{
	if (!v->nlines)
		line = 0;
	else if (line >= v->nlines)
		line = v->nlines - 1;
	if (v->sorted < v->nlines && (!view_want(v, line) ||
				      view_want(v, line) > v->sorted))
		view_sort_to(v, view_want(v, line));
	v->sel = line;
	view_remember(v);
}

void view_move(struct view *v, long delta)
{
	long to = (long)v->sel + delta;

	view_move_to(v, to < 0 ? 0 : (size_t)to);
}

struct tag *view_selected_tag(const struct view *v)
{
	return v->sel < v->nlines ? v->lines[v->sel].tag : NULL;
}

struct group *view_selected_group(const struct view *v)
{
	if (v->sel >= v->nlines || v->lines[v->sel].tag)
		return NULL;
	return v->lines[v->sel].group;
}

void view_toggle_group(struct view *v, struct group *g, int how)
{
	bool on = how < 0 ? !g->expanded : how > 0;
	size_t i;

	if (on == g->expanded)
		return;
	if (on) {
		v->expanded = xreallocarray(v->expanded, v->nexpanded + 1,
					    sizeof(*v->expanded));
		v->expanded[v->nexpanded++] = xstrdup(g->name);
	} else {
		for (i = 0; i < v->nexpanded; i++) {
			if (strcmp(v->expanded[i], g->name))
				continue;
			free(v->expanded[i]);
			v->expanded[i] = v->expanded[--v->nexpanded];
			break;
		}
	}
	view_refresh(v);
}

static bool view_line_matches(const struct vline *l, const char *text)
{
	if (l->tag)
		return rows_match(l->tag, text);
	return strstr(l->group->name, text) != NULL;
}

bool view_search(struct view *v, size_t from)
{
	size_t i, n = v->nlines;

	if (!v->search[0] || !n)
		return false;
	/* A search goes through every line in order. */
	view_sort_to(v, 0);
	for (i = 0; i < n; i++) {
		size_t k = (from + i) % n;

		if (view_line_matches(&v->lines[k], v->search)) {
			view_move_to(v, k);
			return true;
		}
	}
	return false;
}

void view_collapse_selected(struct view *v)
{
	size_t i;

	if (v->sel >= v->nlines || !v->lines[v->sel].group)
		return;
	/* From a tag, collapse its group and select the group. */
	for (i = v->sel + 1; i-- > 0;)
		if (!v->lines[i].tag)
			break;
	view_move_to(v, i);
	view_toggle_group(v, v->lines[i].group, 0);
}

static void view_forget_expanded(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nexpanded; i++)
		free(v->expanded[i]);
	v->nexpanded = 0;
}

/* A new order or filter shows its top, unless the selection follows. */
static void view_reorder(struct view *v)
{
	view_refresh(v);
	if (!v->follow)
		view_home(v);
}

void view_set_sort(struct view *v, struct sort_key key)
{
	v->sort = key;
	view_reorder(v);
}

void view_set_group(struct view *v, enum group_by g)
{
	v->group = g;
	view_forget_expanded(v);
	v->sel = 0;
	v->top = 0;
	view_refresh(v);
}

void view_set_match(struct view *v, const char *text)
{
	snprintf(v->match, sizeof(v->match), "%s", text);
	view_reorder(v);
}

void view_init(struct view *v, const struct model *m)
{
	memset(v, 0, sizeof(*v));
	v->model = m;
	v->sort.field = FIELD_BYTES;
}

void view_fini(struct view *v)
{
	view_forget(v);
	view_free_groups(v);
	view_forget_expanded(v);
	free(v->expanded);
	free(v->groups);
	free(v->gtags);
	free(v->gidx);
	free(v->gtable);
	free(v->lines);
	rows_fini(&v->rows);
}
