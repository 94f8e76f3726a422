// SPDX-License-Identifier: GPL-2.0
/*
 * What the table shows: the model's tags through the userspace match and
 * the sort, optionally rolled up into groups, and the selection, which is
 * kept by identity so that it stays on its tag (or group) when a refresh
 * reorders or frees the rows.
 */
#include <stdlib.h>
#include <string.h>

#include "screen.h"
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

static int view_tag_cmp(const void *pa, const void *pb, void *arg)
{
	const struct tag *a = *(struct tag *const *)pa;
	const struct tag *b = *(struct tag *const *)pb;
	const struct view_ctx *ctx = arg;
	size_t al, bl;
	const char *ka = view_group_key(a, ctx->group, &al);
	const char *kb = view_group_key(b, ctx->group, &bl);
	int c = view_key_cmp(ka, al, kb, bl);

	return c ? c : sort_cmp(a, b, ctx->key);
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

static bool view_is_expanded(const struct ui *ui, const char *name)
{
	size_t i;

	for (i = 0; i < ui->nexpanded; i++)
		if (!strcmp(ui->expanded[i], name))
			return true;
	return false;
}

static void view_free_groups(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->ngroups; i++)
		free(ui->groups[i].name);
	ui->ngroups = 0;
}

static void view_build_groups(struct ui *ui)
{
	struct view_ctx ctx = { ui->group, ui->sort };
	size_t i, n = ui->rows.n;

	view_free_groups(ui);
	if (ui->gtags_cap < n) {
		ui->gtags_cap = n;
		ui->gtags = xreallocarray(ui->gtags, n, sizeof(*ui->gtags));
	}
	if (n)
		memcpy(ui->gtags, ui->rows.v, n * sizeof(*ui->gtags));
	qsort_r(ui->gtags, n, sizeof(*ui->gtags), view_tag_cmp, &ctx);
	for (i = 0; i < n; i++) {
		struct tag *t = ui->gtags[i];
		size_t kl, gl = 0;
		const char *k = view_group_key(t, ui->group, &kl);
		struct group *g = ui->ngroups ?
				  &ui->groups[ui->ngroups - 1] : NULL;

		if (g)
			gl = strlen(g->name);
		if (!g || view_key_cmp(g->name, gl, k, kl)) {
			if (ui->ngroups == ui->groups_cap) {
				ui->groups_cap = ui->groups_cap ?
						 ui->groups_cap * 2 : 64;
				ui->groups = xreallocarray(ui->groups,
							   ui->groups_cap,
							   sizeof(*g));
			}
			g = &ui->groups[ui->ngroups++];
			memset(g, 0, sizeof(*g));
			g->name = xmalloc(kl + 1);
			memcpy(g->name, k, kl);
			g->name[kl] = '\0';
			g->first = i;
			g->sum.module = g->sum.function = g->sum.file = "";
		}
		g->n++;
		model_fit(ui->app.model, t);
		if (t->state != TAG_GONE)
			field_rollup_add(&g->sum, t);
	}
	for (i = 0; i < ui->ngroups; i++)
		field_rollup_end(&ui->groups[i].sum);
	qsort_r(ui->groups, ui->ngroups, sizeof(*ui->groups), view_group_cmp,
		&ctx);
	for (i = 0; i < ui->ngroups; i++)
		ui->groups[i].expanded = view_is_expanded(ui,
							  ui->groups[i].name);
}

static void view_push(struct ui *ui, struct tag *t, struct group *g)
{
	if (ui->nlines == ui->lines_cap) {
		ui->lines_cap = ui->lines_cap ? ui->lines_cap * 2 : 1024;
		ui->lines = xreallocarray(ui->lines, ui->lines_cap,
					  sizeof(*ui->lines));
	}
	ui->lines[ui->nlines].tag = t;
	ui->lines[ui->nlines].group = g;
	ui->nlines++;
}

static bool view_line_is_selection(const struct ui *ui,
				   const struct vline *l)
{
	const struct selection *s = &ui->selkey;

	if (!s->valid)
		return false;
	if (s->is_group)
		return l->group && !l->tag && !strcmp(l->group->name, s->group);
	return l->tag && !model_tag_cmp(l->tag, &s->key);
}

void view_refresh(struct ui *ui)
{
	const struct model *m = ui->app.model;
	size_t i, j;
	int mw = 0;

	rows_build(&ui->rows, m, ui->match, ui->sort, 0);
	for (i = 0; i < ui->rows.n; i++) {
		int l = (int)strlen(ui->rows.v[i]->module);

		if (l > mw)
			mw = l;
	}
	ui->module_width = mw;
	ui->nlines = 0;
	if (ui->group == GROUP_NONE) {
		view_free_groups(ui);
		for (i = 0; i < ui->rows.n; i++)
			view_push(ui, ui->rows.v[i], NULL);
	} else {
		view_build_groups(ui);
		for (i = 0; i < ui->ngroups; i++) {
			struct group *g = &ui->groups[i];

			view_push(ui, NULL, g);
			if (!g->expanded)
				continue;
			for (j = 0; j < g->n; j++)
				view_push(ui, ui->gtags[g->first + j], g);
		}
	}
	/* Keep the selection on its tag; else keep its place. */
	for (i = 0; i < ui->nlines; i++)
		if (view_line_is_selection(ui, &ui->lines[i]))
			break;
	if (i < ui->nlines)
		ui->sel = i;
	else if (ui->sel >= ui->nlines)
		ui->sel = ui->nlines ? ui->nlines - 1 : 0;
	view_remember(ui);
}

static void view_forget(struct ui *ui)
{
	struct selection *s = &ui->selkey;

	free(s->group);
	free((char *)s->key.module);
	free((char *)s->key.function);
	free((char *)s->key.file);
	memset(s, 0, sizeof(*s));
}

void view_remember(struct ui *ui)
{
	struct selection *s = &ui->selkey;
	const struct vline *l;

	if (ui->sel < ui->nlines) {
		l = &ui->lines[ui->sel];
		/* Unchanged: nothing to copy (this runs on every refresh). */
		if (view_line_is_selection(ui, l))
			return;
	}
	view_forget(ui);
	if (ui->sel >= ui->nlines)
		return;
	l = &ui->lines[ui->sel];
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

void view_move_to(struct ui *ui, size_t line)
{
	if (!ui->nlines)
		line = 0;
	else if (line >= ui->nlines)
		line = ui->nlines - 1;
	ui->sel = line;
	view_remember(ui);
}

void view_move(struct ui *ui, long delta)
{
	long to = (long)ui->sel + delta;

	view_move_to(ui, to < 0 ? 0 : (size_t)to);
}

struct tag *view_selected_tag(const struct ui *ui)
{
	return ui->sel < ui->nlines ? ui->lines[ui->sel].tag : NULL;
}

struct group *view_selected_group(const struct ui *ui)
{
	if (ui->sel >= ui->nlines || ui->lines[ui->sel].tag)
		return NULL;
	return ui->lines[ui->sel].group;
}

/* how: 1 expand, 0 collapse, -1 toggle. */
void view_toggle_group(struct ui *ui, struct group *g, int how)
{
	bool on = how < 0 ? !g->expanded : how > 0;
	size_t i;

	if (on == g->expanded)
		return;
	if (on) {
		ui->expanded = xreallocarray(ui->expanded, ui->nexpanded + 1,
					     sizeof(*ui->expanded));
		ui->expanded[ui->nexpanded++] = xstrdup(g->name);
	} else {
		for (i = 0; i < ui->nexpanded; i++) {
			if (strcmp(ui->expanded[i], g->name))
				continue;
			free(ui->expanded[i]);
			ui->expanded[i] = ui->expanded[--ui->nexpanded];
			break;
		}
	}
	view_refresh(ui);
}

static bool view_line_matches(const struct vline *l, const char *text)
{
	if (l->tag)
		return rows_match(l->tag, text);
	return strstr(l->group->name, text) != NULL;
}

bool view_search(struct ui *ui, size_t from)
{
	size_t i, n = ui->nlines;

	if (!ui->search[0] || !n)
		return false;
	for (i = 0; i < n; i++) {
		size_t k = (from + i) % n;

		if (view_line_matches(&ui->lines[k], ui->search)) {
			view_move_to(ui, k);
			return true;
		}
	}
	return false;
}

void view_fini(struct ui *ui)
{
	size_t i;

	view_forget(ui);
	view_free_groups(ui);
	for (i = 0; i < ui->nexpanded; i++)
		free(ui->expanded[i]);
	free(ui->expanded);
	free(ui->groups);
	free(ui->gtags);
	free(ui->lines);
	rows_fini(&ui->rows);
}
