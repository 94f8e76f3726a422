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
	o->key.field = FIELD_BYTES;
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

/*
 * The fields of a record, in the order JSON and CSV give them: the tag's
 * identity first, then the rest, each in table order.
 */
static size_t output_record_fields(enum field_id *out)
{
	size_t n = 0;
	int pass, f;

	for (pass = 0; pass < 2; pass++)
		for (f = 0; f < FIELD_N; f++)
			if (field_is(f, FIELD_RECORD) &&
			    field_is(f, FIELD_ID) == !pass)
				out[n++] = (enum field_id)f;
	return n;
}

/* One value of a record; strings are quoted the format's way. */
static void output_value(FILE *fp, enum output_format format,
			 enum field_id f, const struct tag *t)
{
	switch (field_table[f].type) {
	case FIELD_T_I64:
		fprintf(fp, "%" PRId64, field_int(f, t));
		break;
	case FIELD_T_U64:
		fprintf(fp, "%" PRIu64, (uint64_t)field_int(f, t));
		break;
	case FIELD_T_F64:
		fprintf(fp, "%.3f", output_finite(field_double(f, t)));
		break;
	case FIELD_T_STR:
	case FIELD_T_STATE:
		if (format == OUTPUT_JSON)
			output_json_string(fp, field_string(f, t));
		else
			output_csv_string(fp, field_string(f, t));
		break;
	default:
		fputs(field_string(f, t), fp);
		break;
	}
}

static void output_json(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	enum field_id rec[FIELD_N];
	size_t nrec = output_record_fields(rec), i, j;
	FILE *fp = o->fp;

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
		fputs(i ? ",{" : "{", fp);
		for (j = 0; j < nrec; j++) {
			fprintf(fp, "%s\"%s\":", j ? "," : "",
				field_name(rec[j]));
			output_value(fp, OUTPUT_JSON, rec[j], o->rows.v[i]);
		}
		fputc('}', fp);
	}
	fputs("]}\n", fp);
}

static void output_csv(struct output *o, const struct model *m,
		       const char *source, size_t nrows)
{
	enum field_id rec[FIELD_N];
	size_t nrec = output_record_fields(rec), i, j;
	FILE *fp = o->fp;

	if (!o->samples) {
		fputs("time,source,content_id", fp);
		for (j = 0; j < nrec; j++)
			fprintf(fp, ",%s", field_name(rec[j]));
		fputc('\n', fp);
	}
	for (i = 0; i < nrows; i++) {
		fprintf(fp, "%.6f,%s,", m->time, source);
		if (m->has_content_id)
			fprintf(fp, "%" PRIu64, m->content_id);
		for (j = 0; j < nrec; j++) {
			fputc(',', fp);
			output_value(fp, OUTPUT_CSV, rec[j], o->rows.v[i]);
		}
		fputc('\n', fp);
	}
}

/* The columns of text output: the screen's, less those it alone has. */
static void output_text(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	struct field_style st = { .exact = o->exact };
	char when[32], total[16], delta[16], cell[1200];
	FILE *fp = o->fp;
	size_t i, c;

	if (o->samples)
		fputc('\n', fp);
	fprintf(fp, "allocinfo-top - %s  source: %s  tags: %zu shown: %zu  total: %s (%s)",
		format_time(when, sizeof(when), m->time), source, m->nlive,
		o->rows.n, format_size(total, sizeof(total), o->rows.bytes,
				       o->exact),
		format_delta(delta, sizeof(delta), o->rows.dbytes, o->exact));
	if (m->has_content_id)
		fprintf(fp, "  content_id: %" PRIu64, m->content_id);
	for (c = 0; c < field_ncolumns; c++) {
		const struct field *f = &field_table[field_columns[c]];

		if (f->text_width)
			fprintf(fp, "%s%*s", c ? " " : "\n", f->text_width,
				f->title_ascii);
	}
	fputc('\n', fp);
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];

		for (c = 0; c < field_ncolumns; c++) {
			enum field_id f = field_columns[c];
			int64_t v = field_int(f, t);
			bool color = o->color && v &&
				     field_is(f, FIELD_CHANGE);

			if (!field_table[f].text_width)
				continue;
			field_format(cell, sizeof(cell), f, t, &st);
			fprintf(fp, "%s%s%*s%s", c ? " " : "",
				!color ? "" : v > 0 ? "\033[31m" : "\033[32m",
				field_table[f].text_width, cell,
				color ? "\033[0m" : "");
		}
		fputc('\n', fp);
	}
}

void output_sample(struct output *o, const struct model *m,
		   const char *source)
{
	size_t nrows, i;

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
