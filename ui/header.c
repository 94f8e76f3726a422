// SPDX-License-Identifier: GPL-2.0
/*
 * The five lines at the top: when and what is read, how much, which
 * filters, and the message line.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "screen.h"

/* Draw "label value  " at *x on line y; returns false when full. */
static bool header_seg(int y, int *x, const char *label, const char *value,
		       int vattr)
{
	int left = COLS - *x, n;

	if (left <= 0)
		return false;
	if (label && *label) {
		n = (int)strlen(label);
		if (n > left)
			n = left;
		screen_put(y, *x, n, crt_attr(CRT_LABEL), label);
		*x += n;
		left -= n;
	}
	if (left <= 0)
		return false;
	n = (int)strlen(value) + 2;
	if (n > left)
		n = left;
	screen_put(y, *x, n, vattr, value);
	*x += n;
	return true;
}

static void header_clear(int y)
{
	move(y, 0);
	clrtoeol();
}

static const char *header_source(const struct ui *ui, char *buf, size_t size)
{
	const struct app *a = &ui->app;
	char path[200];

	format_escape(path, sizeof(path), a->src.path ? a->src.path : "");
	snprintf(buf, size, "%s %s", source_name(&a->src), path);
	return buf;
}

/* Where the kernel filter is applied, as the source says it can. */
static const char *header_filter_where(const struct source *src, char *buf,
				       size_t size)
{
	unsigned int caps = source_caps(src);

	if (caps & SOURCE_KERNEL_FILTER)
		return "in the kernel";
	if (!(caps & SOURCE_LIVE))
		return "in userspace";
	snprintf(buf, size, "in userspace: %s source", source_name(src));
	return buf;
}

void header_draw(struct ui *ui)
{
	const struct app *a = &ui->app;
	const struct model *m = a->model;
	const struct filter *f = sampler_filter(&a->sampler);
	const struct sampler *sp = &a->sampler;
	const struct view *vw = &ui->view;
	char v[320], w[64], b1[32], b2[32], when[32];
	int x, norm = crt_attr(CRT_NORMAL);

	/* Line 0: when, where, how often. */
	header_clear(0);
	x = 0;
	header_seg(0, &x, "",
		   m->seq ? format_time(when, sizeof(when), m->time) :
		   "waiting for the first sample", A_BOLD);
	if (sp->paused)
		header_seg(0, &x, "", "PAUSED", crt_attr(CRT_ERROR));
	snprintf(v, sizeof(v), "%s %s", ui->host, ui->release);
	header_seg(0, &x, "", v, norm);
	if (ui_replay(ui))
		snprintf(v, sizeof(v), "x%g %zu/%zu%s", sp->speed, sp->pos,
			 source_count(&a->src), sp->at_end ? " end" : "");
	else
		snprintf(v, sizeof(v), "%gs", sp->delay);
	header_seg(0, &x, ui_replay(ui) ? "replay " : "every ", v, norm);

	/* Line 1: the source. */
	header_clear(1);
	x = 0;
	header_seg(1, &x, "Source ", header_source(ui, v, sizeof(v)), norm);
	snprintf(v, sizeof(v), "%lu", m->content_changes);
	header_seg(1, &x, "Loads/unloads ", v, norm);

	/* Line 2: counts, totals, and what the last refresh cost. */
	header_clear(2);
	x = 0;
	if (f->mask)
		snprintf(v, sizeof(v), "%zu shown / %zu passed / %zu",
			 vw->rows.n, m->nlive, ui->total);
	else
		snprintf(v, sizeof(v), "%zu shown / %zu", vw->rows.n,
			 ui->total);
	header_seg(2, &x, "Tags ", v, norm);
	format_size(b1, sizeof(b1), m->bytes, false);
	format_delta(b2, sizeof(b2), m->dbytes, false);
	snprintf(v, sizeof(v), "%s (%s)", b1, b2);
	header_seg(2, &x, "Bytes ", v, m->dbytes > 0 ? crt_attr(CRT_GROW) :
		   m->dbytes < 0 ? crt_attr(CRT_SHRINK) : norm);
	snprintf(v, sizeof(v), "%.1fms (usr %.1f sys %.1f)",
		 ui->cost_user + ui->cost_sys, ui->cost_user, ui->cost_sys);
	header_seg(2, &x, "Cost ", v, norm);

	/* Line 3: the filters in force and the sort. */
	header_clear(3);
	x = 0;
	filter_describe(f, v, sizeof(v));
	if (f->mask)
		snprintf(v + strlen(v), sizeof(v) - strlen(v),
			 " (mask %#llx, %s)",
			 (unsigned long long)f->mask,
			 header_filter_where(&a->src, w, sizeof(w)));
	header_seg(3, &x, "Kernel filter ", v, f->mask ? (int)A_BOLD : norm);
	format_escape(v, sizeof(v), vw->match[0] ? vw->match : "none");
	header_seg(3, &x, "Match ", v, vw->match[0] ? (int)A_BOLD : norm);
	snprintf(v, sizeof(v), "%s%s%s%s", field_name(vw->sort.field),
		 vw->sort.ascending ? " asc" : "",
		 vw->group ? " by " : "",
		 vw->group ? view_group_name(vw->group) : "");
	header_seg(3, &x, "Sort ", v, norm);

	/* Line 4: the message, if any. */
	header_clear(4);
	if (ui->msg[0])
		screen_put(4, 0, COLS, crt_attr(ui->msg_error ? CRT_ERROR :
						CRT_NORMAL), ui->msg);
}
