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

/* Keep the end of a long name: the file's tail says more than its head. */
static void table_put_tail(int y, int x, int w, int attr, const char *s,
			   bool utf8)
{
	int len = (int)strlen(s);
	char buf[512];

	if (w <= 0)
		return;
	if (len <= w) {
		screen_put(y, x, w, attr, s);
		return;
	}
	snprintf(buf, sizeof(buf), "%s%s", utf8 ? "\u2026" : "<",
		 s + len - (w - 1));
	screen_put(y, x, w, attr, buf);
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
		snprintf(buf, sizeof(buf), "%s%s", t,
			 !sorted ? "" : v->sort.ascending ?
			 (ui->utf8 ? "\u2191" : "^") :
			 (ui->utf8 ? "\u2193" : "v"));
		a = attr | (sorted ? A_BOLD : 0);
		if (table_is_number(f))
			screen_put_right(y, l->x[col], l->w[col], a, buf);
		else
			screen_put(y, l->x[col], l->w[col], a, buf);
	}
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
		spark_render(cell, sizeof(cell), hist, k, n, ui->utf8);
		screen_put(y, x, w, attr, cell);
		return;
	}
	field_format(cell, sizeof(cell), f, t, &st);
	if (table_is_number(f))
		screen_put_right(y, x, w, attr, cell);
	else if (f == FIELD_FILE)
		table_put_tail(y, x, w, attr, cell, ui->utf8);
	else if (f == FIELD_FUNCTION && indent) {
		snprintf(buf, sizeof(buf), "  %s", cell);
		screen_put(y, x, w, attr, buf);
	} else
		screen_put(y, x, w, attr, cell);
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

void table_draw(struct ui *ui, int y, int height)
{
	struct view *v = &ui->view;
	size_t i;
	int row;

	layout_compute(&ui->layout, ui->columns, COLS, v->module_width);
	table_heading(ui, y);
	y++;
	height--;
	if (height < 1)
		return;
	/* Scroll only as far as needed to show the selection. */
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)height)
		v->top = v->sel - (size_t)height + 1;
	if (v->top + (size_t)height > v->nlines)
		v->top = v->nlines > (size_t)height ?
			 v->nlines - (size_t)height : 0;
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
