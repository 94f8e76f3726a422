// SPDX-License-Identifier: GPL-2.0
/*
 * The lines at the top: when, what is read and where, how much against
 * the machine's memory, the kernel's own memory when meminfo says, which
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
	snprintf(buf, size, "%s%s%s%s %s", source_name(&a->src),
		 a->src.detail[0] ? " (" : "", a->src.detail,
		 a->src.detail[0] ? ")" : "", path);
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

/* Does the newest sample say how much the kernel itself holds? */
static bool header_has_kernel_mem(const struct model *m)
{
	return meminfo_has(&m->mem, MEMINFO_SLAB) ||
	       meminfo_has(&m->mem, MEMINFO_VMALLOC) ||
	       meminfo_has(&m->mem, MEMINFO_PAGE_TABLES);
}

int header_lines(const struct ui *ui)
{
	return SCREEN_HEADER_LINES + header_has_kernel_mem(ui->app.model);
}

/* "Slab 684M (+8.0K)": a meminfo field now, and its change. */
static void header_mem(struct ui *ui, int y, int *x, enum meminfo_field f,
		       const char *label)
{
	const struct model *m = ui->app.model;
	bool exact = ui->app.opts.exact_bytes;
	uint64_t now = m->mem.bytes[f], was = m->prev_mem.bytes[f];
	int64_t d = meminfo_has(&m->prev_mem, f) ?
		    (now >= was ? (int64_t)(now - was) : -(int64_t)(was - now)) :
		    0;
	char v[80], a[32], b[32];

	if (!meminfo_has(&m->mem, f))
		return;
	snprintf(v, sizeof(v), "%s (%s)",
		 format_size(a, sizeof(a), (int64_t)now, exact),
		 format_delta(b, sizeof(b), d, exact));
	header_seg(y, x, label, v, d > 0 ? crt_attr(CRT_GROW) : d < 0 ?
		   crt_attr(CRT_SHRINK) : crt_attr(CRT_NORMAL));
}

void header_draw(struct ui *ui)
{
	const struct app *a = &ui->app;
	const struct model *m = a->model;
	const struct filter *f = sampler_filter(&a->sampler);
	const struct sampler *sp = &a->sampler;
	const struct view *vw = &ui->view;
	char v[320], w[64], b1[32], b2[32], when[32];
	int x, y, norm = crt_attr(CRT_NORMAL);
	bool exact = a->opts.exact_bytes;

	/* Line 0: when, where, how often. */
	header_clear(0);
	x = 0;
	header_seg(0, &x, "",
		   m->seq ? format_time(when, sizeof(when), m->time) :
		   "waiting for the first sample", A_BOLD);
	if (sp->paused)
		header_seg(0, &x, "", "PAUSED", crt_attr(CRT_ERROR));
	if (vw->follow)
		header_seg(0, &x, "", "FOLLOW", A_BOLD);
	/* Where the sample was read: a capture says, else this machine. */
	if (m->host[0] || m->release[0]) {
		char host[80], rel[80];

		format_escape(host, sizeof(host), m->host[0] ? m->host : "?");
		format_escape(rel, sizeof(rel),
			      m->release[0] ? m->release : "?");
		snprintf(v, sizeof(v), "%s %s", host, rel);
	} else if (ui_replay(ui)) {
		snprintf(v, sizeof(v), "host unknown");
	} else {
		snprintf(v, sizeof(v), "%s %s", ui->host, ui->release);
	}
	header_seg(0, &x, "", v, norm);
	if (ui_replay(ui))
		snprintf(v, sizeof(v), "x%g %zu/%zu%s%s", sp->speed, sp->pos,
			 source_count(&a->src),
			 source_indexing(&a->src) ? "+" : "",
			 sp->at_end ? " end" : "");
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
	if (vw->hide_zero)
		snprintf(v + strlen(v), sizeof(v) - strlen(v),
			 " (%zu zero hidden)", vw->zero_hidden);
	header_seg(2, &x, "Tags ", v, norm);
	format_size(b1, sizeof(b1), m->bytes, exact);
	format_delta(b2, sizeof(b2), m->dbytes, exact);
	snprintf(v, sizeof(v), "%s (%s)", b1, b2);
	/* Against the machine's memory, when the sample says how much. */
	if (meminfo_has(&m->mem, MEMINFO_TOTAL) &&
	    m->mem.bytes[MEMINFO_TOTAL]) {
		uint64_t total = m->mem.bytes[MEMINFO_TOTAL];
		double share = m->bytes > 0 ?
			       100.0 * (double)m->bytes / (double)total : 0;

		format_size(b1, sizeof(b1), total > INT64_MAX ? INT64_MAX :
			    (int64_t)total, exact);
		snprintf(v + strlen(v), sizeof(v) - strlen(v),
			 " of %s MemTotal, %.1f%%", b1, share);
	}
	header_seg(2, &x, "Bytes ", v, m->dbytes > 0 ? crt_attr(CRT_GROW) :
		   m->dbytes < 0 ? crt_attr(CRT_SHRINK) : norm);
	snprintf(v, sizeof(v), "%.1fms (usr %.1f sys %.1f)",
		 ui->cost_user + ui->cost_sys, ui->cost_user, ui->cost_sys);
	header_seg(2, &x, "Cost ", v, norm);

	/* The kernel's own memory, only where the sample says. */
	y = 3;
	if (header_has_kernel_mem(m)) {
		header_clear(y);
		x = 0;
		header_mem(ui, y, &x, MEMINFO_SLAB, "Slab ");
		header_mem(ui, y, &x, MEMINFO_VMALLOC, "VmallocUsed ");
		header_mem(ui, y, &x, MEMINFO_PAGE_TABLES, "PageTables ");
		y++;
	}

	/* The filters in force, the sort, the trend scale, the mark. */
	header_clear(y);
	x = 0;
	filter_describe(f, v, sizeof(v));
	if (f->mask)
		snprintf(v + strlen(v), sizeof(v) - strlen(v),
			 " (mask %#llx, %s)",
			 (unsigned long long)f->mask,
			 header_filter_where(&a->src, w, sizeof(w)));
	header_seg(y, &x, "Kernel filter ", v, f->mask ? (int)A_BOLD : norm);
	format_escape(v, sizeof(v), vw->match[0] ? vw->match : "none");
	header_seg(y, &x, "Match ", v, vw->match[0] ? (int)A_BOLD : norm);
	snprintf(v, sizeof(v), "%s%s%s%s", field_name(vw->sort.field),
		 vw->sort.ascending ? " asc" : "",
		 vw->group ? " by " : "",
		 vw->group ? view_group_name(vw->group) : "");
	header_seg(y, &x, "Sort ", v, norm);
	header_seg(y, &x, "Trend ", ui->spark_shared ? "shared" : "row", norm);
	if (m->marked)
		header_seg(y, &x, "Growth since ",
			   format_time(when, sizeof(when), m->mark_time) + 11,
			   A_BOLD);

	/* Then the message, if any. */
	y++;
	header_clear(y);
	if (ui->msg[0])
		screen_put(y, 0, COLS, crt_attr(ui->msg_error ? CRT_ERROR :
						CRT_NORMAL), ui->msg);
}
