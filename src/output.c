// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "output.h"

int output_format_parse(const char *name, enum output_format *f)
{
	if (!strcmp(name, "text"))
		*f = OUTPUT_TEXT;
	else if (!strcmp(name, "json"))
		*f = OUTPUT_JSON;
	else if (!strcmp(name, "csv"))
		*f = OUTPUT_CSV;
	else
		return -EINVAL;
	return 0;
}

void output_init(struct output *o, FILE *fp)
{
	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->key.field = SORT_BYTES;
}

void output_fini(struct output *o)
{
	rows_fini(&o->rows);
}

/* JSON has no NaN or infinity. */
static double output_finite(double v)
{
	return isfinite(v) ? v : 0;
}

/*
 * Kernel names are ASCII; any other byte is written as \u00XX so that the
 * line stays valid JSON whatever a capture holds.
 */
static void output_json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static void output_csv_string(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void output_json(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	FILE *fp = o->fp;
	size_t i;

	fprintf(fp, "{\"time\":%.6f,\"source\":", m->time);
	output_json_string(fp, source);
	if (m->has_content_id)
		fprintf(fp, ",\"content_id\":%" PRIu64, m->content_id);
	else
		fputs(",\"content_id\":null", fp);
	fprintf(fp, ",\"tags\":%zu,\"shown\":%zu,\"bytes\":%" PRId64
		",\"calls\":%" PRIu64 ",\"dbytes\":%" PRId64 ",\"rows\":[",
		m->nlive, o->rows.n, o->rows.bytes, o->rows.calls,
		o->rows.dbytes);
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];

		fputs(i ? ",{\"module\":" : "{\"module\":", fp);
		output_json_string(fp, t->module);
		fputs(",\"function\":", fp);
		output_json_string(fp, t->function);
		fputs(",\"file\":", fp);
		output_json_string(fp, t->file);
		fprintf(fp, ",\"line\":%" PRIu64 ",\"bytes\":%" PRId64
			",\"calls\":%" PRIu64 ",\"dbytes\":%" PRId64
			",\"dcalls\":%" PRId64 ",\"rate\":%.3f"
			",\"growth\":%" PRId64 ",\"avg\":%.3f,\"slope\":%.3f"
			",\"accurate\":%s,\"state\":\"%s\"}",
			t->line, t->bytes, t->calls, t->dbytes, t->dcalls,
			output_finite(t->rate), t->growth,
			output_finite(t->avg), output_finite(t->slope),
			t->accurate ? "true" : "false",
			model_state_name(t->state));
	}
	fputs("]}\n", fp);
}

static void output_csv(struct output *o, const struct model *m,
		       const char *source, size_t nrows)
{
	FILE *fp = o->fp;
	size_t i;

	if (!o->samples)
		fputs("time,source,content_id,module,function,file,line,bytes,calls,dbytes,dcalls,rate,growth,avg,slope,accurate,state\n",
		      fp);
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];

		fprintf(fp, "%.6f,%s,", m->time, source);
		if (m->has_content_id)
			fprintf(fp, "%" PRIu64, m->content_id);
		fputc(',', fp);
		output_csv_string(fp, t->module);
		fputc(',', fp);
		output_csv_string(fp, t->function);
		fputc(',', fp);
		output_csv_string(fp, t->file);
		fprintf(fp, ",%" PRIu64 ",%" PRId64 ",%" PRIu64 ",%" PRId64
			",%" PRId64 ",%.3f,%" PRId64 ",%.3f,%.3f,%s,%s\n",
			t->line, t->bytes, t->calls, t->dbytes, t->dcalls,
			output_finite(t->rate), t->growth,
			output_finite(t->avg), output_finite(t->slope),
			t->accurate ? "true" : "false",
			model_state_name(t->state));
	}
}

static void output_text(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	char when[32], total[16], delta[16], a[16], b[16], c[16], d[16];
	char e[16], f[16], mod[256], fn[512], file[1024];
	FILE *fp = o->fp;
	size_t i;

	if (o->samples)
		fputc('\n', fp);
	fprintf(fp, "allocinfo-top - %s  source: %s  tags: %zu shown: %zu  total: %s (%s)",
		format_time(when, sizeof(when), m->time), source, m->nlive,
		o->rows.n, format_size(total, sizeof(total), o->rows.bytes,
				       o->exact),
		format_delta(delta, sizeof(delta), o->rows.dbytes, o->exact));
	if (m->has_content_id)
		fprintf(fp, "  content_id: %" PRIu64, m->content_id);
	fprintf(fp, "\n%10s %9s %9s %7s %8s %9s %2s %-12s %-28s %s\n",
		"BYTES", "DBYTES", "CALLS", "DCALLS", "AVG", "GROWTH", "FL",
		"MODULE", "FUNCTION", "FILE:LINE");
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];
		const char *on = "", *off = "";

		if (o->color && t->dbytes) {
			on = t->dbytes > 0 ? "\033[31m" : "\033[32m";
			off = "\033[0m";
		}
		fprintf(fp, "%10s %s%9s%s %9s %7s %8s %9s %c%c %-12s %-28s %s:%" PRIu64 "\n",
			format_size(a, sizeof(a), t->bytes, o->exact), on,
			format_delta(b, sizeof(b), t->dbytes, o->exact), off,
			format_count(c, sizeof(c), (int64_t)t->calls, o->exact),
			format_delta(d, sizeof(d), t->dcalls, true),
			format_size(e, sizeof(e), (int64_t)llround(t->avg),
				    o->exact),
			format_delta(f, sizeof(f), t->growth, o->exact),
			t->state == TAG_NEW ? 'N' :
			t->state == TAG_GONE ? 'G' : ' ',
			t->accurate ? ' ' : '!',
			format_escape(mod, sizeof(mod), t->module),
			format_escape(fn, sizeof(fn), t->function),
			format_escape(file, sizeof(file), t->file), t->line);
	}
}

void output_sample(struct output *o, const struct model *m,
		   const char *source)
{
	size_t nrows;

	size_t i;

	rows_build(&o->rows, m, o->match, o->key, o->lines);
	nrows = o->lines && o->lines < o->rows.n ? o->lines : o->rows.n;
	for (i = 0; i < nrows; i++)
		model_fit(m, o->rows.v[i]);
	switch (o->format) {
	case OUTPUT_TEXT:
		output_text(o, m, source, nrows);
		break;
	case OUTPUT_JSON:
		output_json(o, m, source, nrows);
		break;
	case OUTPUT_CSV:
		output_csv(o, m, source, nrows);
		break;
	}
	fflush(o->fp);
	o->samples++;
}
