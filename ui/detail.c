// SPDX-License-Identifier: GPL-2.0
/* The detail pane: one tag in full, and its history as a graph. */
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "sat.h"
#include "screen.h"
#include "spark.h"
#include "xalloc.h"

static void detail_line(int *y, int end, const char *label, const char *fmt,
			...) __attribute__((format(printf, 4, 5)));

static void detail_line(int *y, int end, const char *label, const char *fmt,
			...)
{
	char buf[1200];
	va_list ap;

	if (*y >= end)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	move(*y, 0);
	clrtoeol();
	screen_put(*y, 1, 14, crt_attr(CRT_LABEL), label);
	screen_put(*y, 15, COLS - 15, 0, buf);
	(*y)++;
}

/* A bar graph of v, height lines tall, in eighths of a cell. */
static void detail_graph(const struct ui *ui, int y, int x, int w, int h,
			 const int64_t *v, size_t n)
{
	size_t first = n > (size_t)w ? n - (size_t)w : 0, i;
	int64_t lo, hi;
	int row;

	if (!n || h < 1 || w < 1)
		return;
	spark_range(v + first, n - first, &lo, &hi);
	for (i = first; i < n; i++) {
		int col = x + (int)(i - first);
		int eighths = hi > lo ?
			      (int)((((double)v[i] - (double)lo) /
				     ((double)hi - (double)lo)) *
				    (h * 8 - 1) + 0.5) + 1 : 1;

		for (row = 0; row < h; row++) {
			int fill = eighths - row * 8;
			const char *g = fill <= 0 ? " " :
					spark_glyph(fill >= 8 ? 7 : fill - 1,
						    ui->utf8);

			mvaddstr(y + h - 1 - row, col, g);
		}
	}
}

/* Which filters the tag passes, checked again, not assumed. */
static void detail_filters(const struct ui *ui, const struct tag *t,
			   const struct filter *f, int *y, int end)
{
	struct rec r = {
		.module = t->module, .function = t->function, .file = t->file,
		.line = t->line, .bytes = t->bytes, .calls = t->calls,
		.accurate = t->accurate,
	};
	const char *um = ui->view.match;
	char kf[300], match[300];

	filter_describe(f, kf, sizeof(kf));
	format_escape(match, sizeof(match), um);
	detail_line(y, end, "filters", "kernel %s: %s; match %s%s%s: %s",
		    kf,
		    !f->mask ? "-" : filter_match(f, &r) ? "passes" : "fails",
		    um[0] ? "'" : "", um[0] ? match : "none",
		    um[0] ? "'" : "",
		    !um[0] ? "-" : rows_match(t, um) ? "passes" : "fails");
}

void detail_draw(struct ui *ui, int y, int height)
{
	const struct model *m = ui->app.model;
	const struct filter *f = sampler_filter(&ui->app.sampler);
	struct tag *t = view_selected_tag(&ui->view);
	int end = y + height, gh, row;
	char a[64], b[64], c[64], name[600];

	int64_t *hist;
	size_t n;

	for (row = y; row < end; row++) {
		move(row, 0);
		clrtoeol();
	}
	screen_put(y, 0, COLS, crt_attr(CRT_TITLE), " Detail (Esc, Enter, Left or q: back)");
	y++;
	if (!t) {
		screen_put(y + 1, 2, COLS - 2, 0, "no tag selected");
		return;
	}
	model_fit(m, t);
	format_escape(name, sizeof(name), t->function);
	detail_line(&y, end, "function", "%s", name);
	format_escape(name, sizeof(name), t->file);
	detail_line(&y, end, "file", "%s:%" PRIu64 "%s", name, t->line,
		    t->ordinal ? " (a second tag at this place)" : "");
	format_escape(name, sizeof(name), t->module);
	detail_line(&y, end, "module", "%s",
		    t->module[0] ? name : "(built-in)");
	detail_line(&y, end, "state", "%s, %s", model_state_name(t->state),
		    t->accurate ? "accurate" : "inaccurate counters");
	detail_line(&y, end, "now", "%s in %" PRIu64 " calls, avg %s",
		    format_size(a, sizeof(a), t->bytes, false), t->calls,
		    format_size(b, sizeof(b), sat_s64_from_double(t->avg), false));
	detail_line(&y, end, "last interval", "%s, %s/s, %s calls",
		    format_delta(a, sizeof(a), t->dbytes, false),
		    format_delta(b, sizeof(b), sat_s64_from_double(t->rate), false),
		    format_delta(c, sizeof(c), t->dcalls, true));
	detail_line(&y, end, "min / max", "%s / %s, first seen %s",
		    format_size(a, sizeof(a), t->min_bytes, false),
		    format_size(b, sizeof(b), t->max_bytes, false),
		    format_time(c, sizeof(c), t->first_time));
	detail_line(&y, end, "trend", "growth %s since start; slope %s/s over %gs; grew in %.0f%% of intervals",
		    format_delta(a, sizeof(a), t->growth, false),
		    format_delta(b, sizeof(b), sat_s64_from_double(t->slope), false),
		    m->window, t->grew * 100);
	detail_filters(ui, t, f, &y, end);
	gh = end - y - 2;
	if (gh < 1)
		return;
	n = model_history_len(m, t);
	hist = xcalloc(n ? n : 1, sizeof(*hist));
	n = model_history(m, t, hist, NULL, n);
	if (n) {
		int64_t lo = hist[0], hi = hist[0];
		size_t i;

		for (i = 0; i < n; i++) {
			lo = hist[i] < lo ? hist[i] : lo;
			hi = hist[i] > hi ? hist[i] : hi;
		}
		detail_line(&y, end, "history", "%zu samples, %s .. %s", n,
			    format_size(a, sizeof(a), lo, false),
			    format_size(b, sizeof(b), hi, false));
	}
	detail_graph(ui, y, 2, COLS - 4, end - y, hist, n);
	free(hist);
}
