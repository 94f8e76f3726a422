// SPDX-License-Identifier: GPL-2.0
/* The table: column headings and one line per tag or group. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "screen.h"
#include "spark.h"

#define TABLE_TREND_MAX 64

/*
 * Draw s in the cell [x, x + w).  With full names, the trend, flags and
 * names are shifted left by the sideways scroll, and clipped at the
 * numbers on the left and the edge on the right.
 */
static void table_put(struct ui *ui, int y, int x, int w, int attr,
		      const char *s, bool right)
{
	const struct layout *l = &ui->layout;
	int lo = l->names_x, skip, n;
	char buf[1400];

	if (!ui->full_names || x < lo) {
		if (right)
			screen_put_right(y, x, w, attr, s);
		else
			screen_put(y, x, w, attr, s);
		return;
	}
	x -= ui->hscroll;
	if (x + w <= lo || x >= COLS || w <= 0)
		return;
	n = snprintf(buf, sizeof(buf), "%-*s", w, s);
	if (n < 0)
		return;
	skip = x < lo ? lo - x : 0;
	screen_put(y, x + skip, w - skip, attr,
		   buf + screen_bytes_for(buf, skip));
}

/* Marks where full names go on past the line, or scrolled off its left. */
static void table_scroll_marks(struct ui *ui, int y, int attr, int end)
{
	const char *mark = ui->utf8 ? "\u2026" : "<";

	if (!ui->full_names)
		return;
	if (ui->hscroll > 0)
		screen_put(y, ui->layout.names_x, 1, attr, mark);
	if (end - ui->hscroll > COLS)
		screen_put(y, COLS - 1, 1, attr, ui->utf8 ? "\u2026" : ">");
}

/* The name cells: cut to their width with a mark, unless shown whole. */
static void table_put_name(struct ui *ui, int y, int x, int w, int attr,
			   const char *s, bool tail)
{
	char buf[1400];

	if (ui->full_names)
		table_put(ui, y, x, w, attr, s, false);
	else
		screen_put(y, x, w, attr,
			   fit_cut(buf, sizeof(buf), s, w, tail, ui->utf8));
}

/*
 * The L ranking is the slope weighted by the share of intervals that
 * grew: while it sorts, the slope column shows that, titled for it.
 */
static bool table_shows_leak(const struct ui *ui, enum field_id f)
{
	return f == FIELD_SLOPE && ui->view.sort.field == FIELD_SLOPE &&
	       !ui->view.group;
}

/* Numbers are right-aligned; names, marks and the trend are not. */
static bool table_is_number(enum field_id f)
{
	enum field_type t = field_table[f].type;

	return t == FIELD_T_I64 || t == FIELD_T_U64 || t == FIELD_T_F64;
}

static void table_heading(struct ui *ui, int y)
{
	const struct layout *l = &ui->layout;
	const struct view *v = &ui->view;
	int attr = crt_attr(CRT_TITLE);
	size_t c;

	move(y, 0);
	attron(attr);
	hline(' ', COLS);
	attroff(attr);
	for (c = 0; c < field_ncolumns; c++) {
		enum field_id col = field_columns[c];
		enum field_id f = field_shown(col, ui->per_second);
		const char *t = field_title(f, ui->utf8);
		int a;
		char buf[64];
		bool sorted;

		if (!l->shown[col])
			continue;
		sorted = field_is(f, FIELD_SORT) && f == v->sort.field;
		if (col == FIELD_FUNCTION && v->group)
			t = view_group_name(v->group);
		if (f == FIELD_SLOPE)
			t = table_shows_leak(ui, f) ? "LEAK/s" : "SLOPE/s";
		snprintf(buf, sizeof(buf), "%s%s", t,
			 !sorted ? "" : v->sort.ascending ?
			 (ui->utf8 ? "\u2191" : "^") :
			 (ui->utf8 ? "\u2193" : "v"));
		a = attr | (sorted ? A_BOLD : 0);
		table_put(ui, y, l->x[col], l->w[col], a, buf,
			  table_is_number(f));
	}
	table_scroll_marks(ui, y, attr, l->end + 1);
}

/* The colour of a cell beyond the line's own. */
static int table_attr(enum field_id f, const struct tag *t)
{
	int64_t v;

	if (field_is(f, FIELD_CHANGE)) {
		v = field_int(f, t);
		return v > 0 ? crt_attr(CRT_GROW) : v < 0 ?
		       crt_attr(CRT_SHRINK) : crt_attr(CRT_NORMAL);
	}
	if (f == FIELD_TREND)
		return t->slope > 0 ? crt_attr(CRT_GROW) : 0;
	if (f == FIELD_FLAGS || f == FIELD_FUNCTION)
		return t->state == TAG_NEW && f == FIELD_FLAGS ?
		       crt_attr(CRT_NEW) :
		       t->state == TAG_GONE ? crt_attr(CRT_GONE) : 0;
	return 0;
}

/*
 * One cell: t is a tag, or a group's roll-up (then only the numbers
 * groups sum are drawn).  The trend and the names of a tag in a group
 * are drawn their own way.
 */
static void table_cell(struct ui *ui, int y, enum field_id col,
		       const struct tag *t, int base, bool indent)
{
	const struct layout *l = &ui->layout;
	struct field_style st = { .exact = ui->app.opts.exact_bytes };
	enum field_id f = field_shown(col, ui->per_second);
	int x = l->x[col], w = l->w[col], attr = base | table_attr(f, t);
	char cell[1200], buf[1300];

	if (f == FIELD_TREND) {
		int64_t hist[TABLE_TREND_MAX];
		size_t n = (size_t)w, k;

		if (n > TABLE_TREND_MAX)
			n = TABLE_TREND_MAX;
		k = model_history(ui->view.model, t, hist, NULL, n);
		spark_render_span(cell, sizeof(cell), hist, k, n, ui->utf8,
				  ui->spark_shared ? ui->spark_span : 0);
		table_put(ui, y, x, w, attr, cell, false);
		return;
	}
	if (table_shows_leak(ui, f)) {
		format_delta(cell, sizeof(cell), (int64_t)t->leak, st.exact);
		screen_put_right(y, x, w, base | (t->leak > 0 ?
			crt_attr(CRT_GROW) : t->leak < 0 ?
			crt_attr(CRT_SHRINK) : 0), (int64_t)t->leak ? cell :
			"0");
		return;
	}
	field_format(cell, sizeof(cell), f, t, &st);
	if (table_is_number(f)) {
		screen_put_right(y, x, w, attr, cell);
	} else if (f == FIELD_FILE || f == FIELD_MODULE) {
		table_put_name(ui, y, x, w, attr, cell, f == FIELD_FILE);
	} else if (f == FIELD_FUNCTION) {
		snprintf(buf, sizeof(buf), "%s%s", indent ? "  " : "", cell);
		table_put_name(ui, y, x, w, attr, buf, false);
	} else {
		table_put(ui, y, x, w, attr, cell, false);
	}
}

static void table_tag_line(struct ui *ui, int y, const struct tag *t,
			   bool selected, bool indent)
{
	int base = selected ? crt_attr(CRT_SELECTED) : 0;
	size_t c;

	if (selected) {
		move(y, 0);
		attron(base);
		hline(' ', COLS);
		attroff(base);
	}
	for (c = 0; c < field_ncolumns; c++)
		if (ui->layout.shown[field_columns[c]])
			table_cell(ui, y, field_columns[c], t, base, indent);
	if (ui->full_names && ui->layout.shown[FIELD_FILE]) {
		char name[1200];

		field_format(name, sizeof(name), FIELD_FILE, t, NULL);
		table_scroll_marks(ui, y, base, ui->layout.x[FIELD_FILE] +
				   (int)strlen(name));
	}
}

/* The rolled-up numbers, then the name where the first other column is. */
static void table_group_line(struct ui *ui, int y, const struct group *g,
			     bool selected)
{
	const struct layout *l = &ui->layout;
	int base = selected ? crt_attr(CRT_SELECTED) : 0, x = -1;
	char name[300], buf[400];
	size_t c;

	move(y, 0);
	attron(base);
	hline(' ', COLS);
	attroff(base);
	for (c = 0; c < field_ncolumns; c++) {
		enum field_id col = field_columns[c];

		if (!l->shown[col])
			continue;
		if (field_rolls_up(field_shown(col, ui->per_second)))
			table_cell(ui, y, col, &g->sum, base, false);
		else if (x < 0)
			x = l->x[col];
	}
	if (x < 0)
		x = 0;
	format_escape(name, sizeof(name), g->name[0] ? g->name :
		      ui->view.group == GROUP_MODULE ? "(built-in)" : ".");
	snprintf(buf, sizeof(buf), "%s %s  (%zu tag%s)",
		 g->expanded ? (ui->utf8 ? "\u25be" : "-") :
		 (ui->utf8 ? "\u25b8" : "+"), name, g->n, g->n == 1 ? "" : "s");
	screen_put(y, x, COLS - x, base | crt_attr(CRT_GROUP), buf);
}

/* What the rows on screen need: their longest names, whether one has a flag. */
static void table_measure(struct ui *ui, size_t first, size_t n,
			  struct fit_need *need)
{
	struct view *v = &ui->view;
	char buf[1200];
	size_t i;
	int len;

	memset(need, 0, sizeof(*need));
	for (i = first; i < first + n && i < v->nlines; i++) {
		const struct tag *t = v->lines[i].tag;

		if (!t)
			continue;
		len = (int)strlen(format_escape(buf, sizeof(buf),
						t->function)) +
		      (v->group ? 2 : 0);
		if (len > need->function)
			need->function = len;
		len = (int)strlen(field_format(buf, sizeof(buf), FIELD_FILE, t,
					       NULL));
		if (len > need->file)
			need->file = len;
		len = (int)strlen(format_escape(buf, sizeof(buf), t->module));
		if (len > need->module)
			need->module = len;
		if (t->state != TAG_LIVE || !t->accurate)
			need->flags = true;
	}
}

/* A shared trend scale: the widest range the rows on screen show. */
static void table_span(struct ui *ui, size_t first, size_t n)
{
	struct view *v = &ui->view;
	size_t w = (size_t)ui->layout.w[FIELD_TREND], i, k;
	int64_t hist[TABLE_TREND_MAX], lo, hi;

	ui->spark_span = 0;
	if (!ui->spark_shared || !ui->layout.shown[FIELD_TREND])
		return;
	if (w > TABLE_TREND_MAX)
		w = TABLE_TREND_MAX;
	for (i = first; i < first + n && i < v->nlines; i++) {
		if (!v->lines[i].tag)
			continue;
		k = model_history(v->model, v->lines[i].tag, hist, NULL, w);
		if (!k)
			continue;
		spark_range(hist, k, &lo, &hi);
		if ((uint64_t)hi - (uint64_t)lo > ui->spark_span)
			ui->spark_span = (uint64_t)hi - (uint64_t)lo;
	}
}

/* How many lines are above and below the screen: "↑3 ↓812". */
static void table_hidden(struct ui *ui, int y, size_t height)
{
	size_t above, below;
	char buf[64] = "";
	int n;

	view_hidden(&ui->view, height, &above, &below);
	if (above)
		snprintf(buf, sizeof(buf), "%s%zu", ui->utf8 ? "\u2191" : "^",
			 above);
	if (below)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "%s%s%zu", above ? " " : "",
			 ui->utf8 ? "\u2193" : "v", below);
	if (!buf[0] || ui->state != STATE_TABLE)
		return;
	n = (int)strlen(buf) - (above && ui->utf8 ? 2 : 0) -
	    (below && ui->utf8 ? 2 : 0);
	screen_put(y, COLS - n, n, A_BOLD, buf);
}

void table_draw(struct ui *ui, int y, int height)
{
	struct view *v = &ui->view;
	struct fit_need need;
	size_t i;
	int row;

	if (height < 2)
		return;
	/* The view keeps in order what this many lines can show. */
	v->height = (size_t)height;
	/* Scroll only as far as needed to show the selection. */
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)height - 1)
		v->top = v->sel - (size_t)height + 2;
	if (v->top + (size_t)height - 1 > v->nlines)
		v->top = v->nlines > (size_t)height - 1 ?
			 v->nlines - (size_t)height + 1 : 0;
	table_measure(ui, v->top, (size_t)height - 1, &need);
	layout_compute(&ui->layout, ui->columns, COLS, &need,
		       ui->full_names);
	table_span(ui, v->top, (size_t)height - 1);
	if (ui->hscroll > ui->layout.end + 1 - COLS)
		ui->hscroll = ui->layout.end + 1 > COLS ?
			      ui->layout.end + 1 - COLS : 0;
	table_hidden(ui, y - 1, (size_t)height - 1);
	table_heading(ui, y);
	y++;
	height--;
	for (row = 0; row < height; row++) {
		i = v->top + (size_t)row;
		move(y + row, 0);
		clrtoeol();
		if (i >= v->nlines)
			continue;
		if (v->lines[i].tag) {
			model_fit(v->model, v->lines[i].tag);
			table_tag_line(ui, y + row, v->lines[i].tag,
				       i == v->sel, v->group != GROUP_NONE);
		} else {
			table_group_line(ui, y + row, v->lines[i].group,
					 i == v->sel);
		}
	}
	if (!v->nlines && height > 1)
		screen_put(y + 1, 2, COLS - 2, A_DIM,
			   v->model->seq ? "no tag passes the filters (= clears them)" :
			   "waiting for the first sample");
}
