// SPDX-License-Identifier: GPL-2.0
/* The table: column headings, one line per tag or group, a key bar. */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "screen.h"
#include "spark.h"

#define TABLE_TREND_MAX 64

static int table_delta_attr(int64_t v)
{
	return v > 0 ? crt_attr(CRT_GROW) : v < 0 ? crt_attr(CRT_SHRINK) :
	       crt_attr(CRT_NORMAL);
}

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

static void table_heading(struct ui *ui, int y)
{
	const struct layout *l = &ui->layout;
	int attr = crt_attr(CRT_TITLE);
	int c;

	move(y, 0);
	attron(attr);
	hline(' ', COLS);
	attroff(attr);
	for (c = 0; c < COL_N; c++) {
		const char *t = layout_col_title(c, ui->utf8, ui->per_second);
		char buf[64];
		bool sorted;

		if (!l->shown[c])
			continue;
		sorted = layout_col_sort(c, ui->per_second) == ui->sort.field;
		if (c == COL_FUNCTION && ui->group)
			t = view_group_name(ui->group);
		snprintf(buf, sizeof(buf), "%s%s", t,
			 !sorted ? "" : ui->sort.ascending ?
			 (ui->utf8 ? "\u2191" : "^") :
			 (ui->utf8 ? "\u2193" : "v"));
		if (c >= COL_TREND || c == COL_FLAGS)
			screen_put(y, l->x[c], l->w[c],
				   attr | (sorted ? A_BOLD : 0), buf);
		else
			screen_put_right(y, l->x[c], l->w[c],
					 attr | (sorted ? A_BOLD : 0), buf);
	}
}

struct table_nums {
	int64_t bytes, dbytes, growth;
	uint64_t calls;
	int64_t dcalls;
	double rate, slope, avg;
};

static void table_numbers(struct ui *ui, int y, const struct table_nums *n,
			  int base)
{
	const struct layout *l = &ui->layout;
	bool exact = ui->app.opts.exact_bytes;
	char b[40];

	if (l->shown[COL_BYTES])
		screen_put_right(y, l->x[COL_BYTES], l->w[COL_BYTES], base,
				 format_size(b, sizeof(b), n->bytes, exact));
	if (l->shown[COL_DBYTES]) {
		int64_t d = ui->per_second ? (int64_t)n->rate : n->dbytes;

		screen_put_right(y, l->x[COL_DBYTES], l->w[COL_DBYTES],
				 base | table_delta_attr(d),
				 d ? format_delta(b, sizeof(b), d, exact) :
				 "0");
	}
	if (l->shown[COL_CALLS])
		screen_put_right(y, l->x[COL_CALLS], l->w[COL_CALLS], base,
				 format_count(b, sizeof(b),
					      (int64_t)n->calls, false));
	if (l->shown[COL_DCALLS])
		screen_put_right(y, l->x[COL_DCALLS], l->w[COL_DCALLS],
				 base | table_delta_attr(n->dcalls),
				 format_count(b, sizeof(b), n->dcalls, false));
	if (l->shown[COL_AVG])
		screen_put_right(y, l->x[COL_AVG], l->w[COL_AVG], base,
				 format_size(b, sizeof(b), (int64_t)n->avg,
					     false));
	if (l->shown[COL_GROWTH])
		screen_put_right(y, l->x[COL_GROWTH], l->w[COL_GROWTH],
				 base | table_delta_attr(n->growth),
				 n->growth ? format_delta(b, sizeof(b),
							  n->growth, exact) :
				 "0");
	if (l->shown[COL_SLOPE])
		screen_put_right(y, l->x[COL_SLOPE], l->w[COL_SLOPE],
				 base | table_delta_attr((int64_t)n->slope),
				 (int64_t)n->slope ?
				 format_delta(b, sizeof(b), (int64_t)n->slope,
					      false) : "0");
}

static void table_tag_line(struct ui *ui, int y, const struct tag *t,
			   bool selected, bool indent)
{
	const struct layout *l = &ui->layout;
	int base = selected ? crt_attr(CRT_SELECTED) : 0;
	struct table_nums n = {
		t->bytes, t->dbytes, t->growth, t->calls, t->dcalls,
		t->rate, t->slope, t->avg,
	};
	char name[512], buf[600];

	if (selected) {
		move(y, 0);
		attron(base);
		hline(' ', COLS);
		attroff(base);
	}
	table_numbers(ui, y, &n, base);
	if (l->shown[COL_TREND]) {
		int64_t hist[TABLE_TREND_MAX];
		size_t w = (size_t)l->w[COL_TREND], k;

		if (w > TABLE_TREND_MAX)
			w = TABLE_TREND_MAX;
		k = model_history(ui->app.model, t, hist, NULL, w);
		spark_render(buf, sizeof(buf), hist, k, w, ui->utf8);
		screen_put(y, l->x[COL_TREND], l->w[COL_TREND],
			   base | (t->slope > 0 ? crt_attr(CRT_GROW) : 0), buf);
	}
	if (l->shown[COL_FLAGS]) {
		snprintf(buf, sizeof(buf), "%c%c",
			 t->state == TAG_NEW ? 'N' :
			 t->state == TAG_GONE ? 'G' : ' ',
			 t->accurate ? ' ' : '~');
		screen_put(y, l->x[COL_FLAGS], l->w[COL_FLAGS],
			   base | (t->state == TAG_NEW ? crt_attr(CRT_NEW) :
				   t->state == TAG_GONE ? crt_attr(CRT_GONE) :
				   0), buf);
	}
	if (l->shown[COL_MODULE]) {
		format_escape(name, sizeof(name), t->module);
		screen_put(y, l->x[COL_MODULE], l->w[COL_MODULE], base, name);
	}
	if (l->shown[COL_FUNCTION]) {
		format_escape(name, sizeof(name), t->function);
		snprintf(buf, sizeof(buf), "%s%s", indent ? "  " : "", name);
		screen_put(y, l->x[COL_FUNCTION], l->w[COL_FUNCTION],
			   base | (t->state == TAG_GONE ? crt_attr(CRT_GONE) :
				   0), buf);
	}
	if (l->shown[COL_FILE]) {
		format_escape(name, sizeof(name), t->file);
		snprintf(buf, sizeof(buf), "%s:%" PRIu64, name, t->line);
		table_put_tail(y, l->x[COL_FILE], l->w[COL_FILE], base, buf,
			       ui->utf8);
	}
}

static void table_group_line(struct ui *ui, int y, const struct group *g,
			     bool selected)
{
	const struct layout *l = &ui->layout;
	int base = selected ? crt_attr(CRT_SELECTED) : 0, x = 0, c;
	struct table_nums n = {
		g->bytes, g->dbytes, g->growth, g->calls, g->dcalls,
		g->rate, g->slope, g->calls ? (double)g->bytes / g->calls : 0,
	};
	char name[300], buf[400];

	move(y, 0);
	attron(base);
	hline(' ', COLS);
	attroff(base);
	table_numbers(ui, y, &n, base);
	for (c = COL_TREND; c < COL_N; c++)
		if (l->shown[c]) {
			x = l->x[c];
			break;
		}
	format_escape(name, sizeof(name), g->name[0] ? g->name :
		      ui->group == GROUP_MODULE ? "(built-in)" : ".");
	snprintf(buf, sizeof(buf), "%s %s  (%zu tag%s)",
		 g->expanded ? (ui->utf8 ? "\u25be" : "-") :
		 (ui->utf8 ? "\u25b8" : "+"), name, g->n, g->n == 1 ? "" : "s");
	screen_put(y, x, COLS - x, base | crt_attr(CRT_GROUP), buf);
}

void table_draw(struct ui *ui, int y, int height)
{
	size_t i;
	int row;

	layout_compute(&ui->layout, ui->columns, COLS, ui->module_width);
	table_heading(ui, y);
	y++;
	height--;
	if (height < 1)
		return;
	/* Scroll only as far as needed to show the selection. */
	if (ui->sel < ui->top)
		ui->top = ui->sel;
	if (ui->sel >= ui->top + (size_t)height)
		ui->top = ui->sel - (size_t)height + 1;
	if (ui->top + (size_t)height > ui->nlines)
		ui->top = ui->nlines > (size_t)height ?
			  ui->nlines - (size_t)height : 0;
	for (row = 0; row < height; row++) {
		i = ui->top + (size_t)row;
		move(y + row, 0);
		clrtoeol();
		if (i >= ui->nlines)
			continue;
		if (ui->lines[i].tag)
			model_fit(ui->app.model, ui->lines[i].tag);
		if (ui->lines[i].tag)
			table_tag_line(ui, y + row, ui->lines[i].tag,
				       i == ui->sel,
				       ui->group != GROUP_NONE);
		else
			table_group_line(ui, y + row, ui->lines[i].group,
					 i == ui->sel);
	}
	if (!ui->nlines && height > 1)
		screen_put(y + 1, 2, COLS - 2, A_DIM,
			   ui->app.model->seq ? "no tag passes the filters (= clears them)" :
			   "waiting for the first sample");
}
