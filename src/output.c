// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "openmetrics.h"
#include "output.h"
#include "xalloc.h"

int output_format_parse(const char *name, enum output_format *f)
{
	if (!strcmp(name, "text"))
		*f = OUTPUT_TEXT;
	else if (!strcmp(name, "json"))
		*f = OUTPUT_JSON;
	else if (!strcmp(name, "csv"))
		*f = OUTPUT_CSV;
	else if (!strcmp(name, "openmetrics"))
		*f = OUTPUT_OPENMETRICS;
	else if (!strcmp(name, "prometheus"))
		*f = OUTPUT_PROMETHEUS;
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
	free(o->buf);
	rows_fini(&o->rows);
}

/* JSON has no NaN or infinity. */
static double output_finite(double v)
{
	return isfinite(v) ? v : 0;
}

/*
 * Output is built in o->buf and written in large pieces: a record has a
 * dozen values per tag, and a stdio call for each would cost more than
 * the rest of the program.
 */
static void output_reserve(struct output *o, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2;
		o->buf = xrealloc(o->buf, o->cap);
	}
}

static void output_mem(struct output *o, const char *s, size_t n)
{
	output_reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void output_str(struct output *o, const char *s)
{
	output_mem(o, s, strlen(s));
}

static void output_char(struct output *o, char c)
{
	output_reserve(o, 1);
	o->buf[o->len++] = c;
}

static void output_printf(struct output *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void output_printf(struct output *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Formatted in place; a second time if it did not fit. */
	output_reserve(o, 128);
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= o->cap - o->len) {
		output_reserve(o, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

static void output_flush(struct output *o)
{
	/* The metrics formats write to fp themselves: buf may be NULL. */
	if (o->len)
		fwrite(o->buf, 1, o->len, o->fp);
	o->len = 0;
}

/* Rows are written out in pieces of this size, not one by one. */
#define OUTPUT_CHUNK 65536

static void output_flush_some(struct output *o)
{
	if (o->len >= OUTPUT_CHUNK)
		output_flush(o);
}

/* A whole number, without printf. */
static void output_int(struct output *o, uint64_t v, bool negative)
{
	char buf[24], *p = buf + sizeof(buf);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		*--p = '-';
	output_mem(o, p, (size_t)(buf + sizeof(buf) - p));
}

/*
 * What printf's "%.3f" prints, without printf: v * 1000 rounded, unless
 * that product is too near a half (or too large) to round as the exact
 * value would; printf formats those.
 */
static void output_fixed3(struct output *o, double v)
{
	double x = fabs(v) * 1000, fl = floor(x);
	uint64_t n;
	char *p;

	if (!(x < 4503599627370496.0) ||
	    fabs(x - fl - 0.5) <= x * 1e-15 + 1e-300) {
		output_printf(o, "%.3f", v);
		return;
	}
	n = (uint64_t)fl + (x - fl > 0.5);
	output_int(o, n / 1000, signbit(v));
	output_reserve(o, 4);
	p = o->buf + o->len;
	p[0] = '.';
	p[1] = (char)('0' + n / 100 % 10);
	p[2] = (char)('0' + n / 10 % 10);
	p[3] = (char)('0' + n % 10);
	o->len += 4;
}

/* s in a field of width cells: right-aligned when width > 0. */
static void output_pad(struct output *o, const char *s, int width)
{
	int pad = abs(width) - (int)strlen(s);

	if (width < 0)
		output_str(o, s);
	for (; pad > 0; pad--)
		output_char(o, ' ');
	if (width > 0)
		output_str(o, s);
}

/*
 * Kernel names are ASCII; any other byte is written as \u00XX so that the
 * line stays valid JSON whatever a capture holds.
 */
static void output_json_string(struct output *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	output_char(o, '"');
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = 0;

		/* A run that needs no escape goes in one piece. */
		while ((unsigned char)s[n] >= 0x20 &&
		       (unsigned char)s[n] < 0x7f && s[n] != '"' &&
		       s[n] != '\\')
			n++;
		if (n) {
			output_mem(o, s, n);
			s += n;
			continue;
		}
		if (c == '"' || c == '\\') {
			output_char(o, '\\');
			output_char(o, (char)c);
		} else {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4],
					hex[c & 15] };

			output_mem(o, esc, sizeof(esc));
		}
		s++;
	}
	output_char(o, '"');
}

/*
 * Control bytes, bytes above 0x7e and the backslash as \xNN, as the text
 * format writes them, so that no byte of a name reaches a terminal raw;
 * quoted as RFC 4180 says where a comma or a quote is left.
 */
static void output_csv_string(struct output *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	bool quote = strpbrk(s, ",\"") != NULL;

	if (quote)
		output_char(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			output_mem(o, esc, sizeof(esc));
		} else if (c == '"') {
			output_str(o, "\"\"");
		} else {
			output_char(o, (char)c);
		}
	}
	if (quote)
		output_char(o, '"');
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
static void output_value(struct output *o, enum field_id f,
			 const struct tag *t)
{
	int64_t v;

	switch (field_table[f].type) {
	case FIELD_T_I64:
		v = field_int(f, t);
		output_int(o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v,
			   v < 0);
		break;
	case FIELD_T_U64:
		output_int(o, field_uint(f, t), false);
		break;
	case FIELD_T_F64:
		output_fixed3(o, output_finite(field_double(f, t)));
		break;
	case FIELD_T_STR:
		/* Names known to need no escape go in whole. */
		if (o->format == OUTPUT_JSON && model_tag_plain(t)) {
			const char *s = field_string(f, t);

			output_char(o, '"');
			output_str(o, s);
			output_char(o, '"');
			break;
		}
		/* fall through */
	case FIELD_T_STATE:
		if (o->format == OUTPUT_JSON)
			output_json_string(o, field_string(f, t));
		else
			output_csv_string(o, field_string(f, t));
		break;
	default:
		output_str(o, field_string(f, t));
		break;
	}
}

/* Digits of v at p, two at a time; returns the end. */
static char *output_put_u64(char *p, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	uint64_t t = v;
	size_t n = 1;
	char *e;

	while (t >= 10) {
		t /= 10;
		n++;
	}
	e = p + n;
	while (v >= 100) {
		e -= 2;
		memcpy(e, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(e - 2, pairs + 2 * v, 2);
	else
		e[-1] = (char)('0' + v);
	return p + n;
}

/* Room one JSON value of a record may take, names aside. */
#define OUTPUT_VALUE_MAX 336

/*
 * One value of a JSON record at p, room made by the caller: names
 * (6 * length + 2) and OUTPUT_VALUE_MAX for the rest.
 */
static char *output_json_value(char *p, enum field_id f, const struct tag *t)
{
	static const char hex[] = "0123456789abcdef";
	/* The field itself, as field.c finds it, read here in line. */
	const void *at = (const char *)t + field_table[f].offset;
	const char *s;
	int64_t v;
	double d, x, fl;
	uint64_t n;

	switch (field_table[f].type) {
	case FIELD_T_I64:
		v = *(const int64_t *)at;
		if (v < 0)
			*p++ = '-';
		return output_put_u64(p, v < 0 ? (uint64_t)0 - (uint64_t)v :
					       (uint64_t)v);
	case FIELD_T_U64:
		return output_put_u64(p, *(const uint64_t *)at);
	case FIELD_T_F64:
		/* What "%.3f" prints; printf for what rounds too near a half. */
		d = output_finite(*(const double *)at);
		x = fabs(d) * 1000;
		fl = floor(x);
		if (!(x < 4503599627370496.0) ||
		    fabs(x - fl - 0.5) <= x * 1e-15 + 1e-300)
			return p + snprintf(p, OUTPUT_VALUE_MAX, "%.3f", d);
		n = (uint64_t)fl + (x - fl > 0.5);
		if (signbit(d))
			*p++ = '-';
		p = output_put_u64(p, n / 1000);
		p[0] = '.';
		p[1] = (char)('0' + n / 100 % 10);
		p[2] = (char)('0' + n / 10 % 10);
		p[3] = (char)('0' + n % 10);
		return p + 4;
	case FIELD_T_BOOL:
		/* As field_string() words it, without the call. */
		if (*(const bool *)at) {
			memcpy(p, "true", 4);
			return p + 4;
		}
		memcpy(p, "false", 5);
		return p + 5;
	case FIELD_T_STR:
	case FIELD_T_STATE:
		s = field_table[f].type == FIELD_T_STR ?
		    *(const char *const *)at :
		    model_state_name(*(const unsigned char *)at);
		*p++ = '"';
		if (field_table[f].type == FIELD_T_STR &&
		    model_tag_plain(t)) {
			n = strlen(s);
			memcpy(p, s, n);
			p += n;
		} else {
			for (; *s; s++) {
				unsigned char c = (unsigned char)*s;

				if (c == '"' || c == '\\') {
					*p++ = '\\';
					*p++ = (char)c;
				} else if (c < 0x20 || c >= 0x7f) {
					memcpy(p, "\\u00", 4);
					p[4] = hex[c >> 4];
					p[5] = hex[c & 15];
					p += 6;
				} else {
					*p++ = (char)c;
				}
			}
		}
		*p++ = '"';
		return p;
	default:
		s = field_string(f, t);
		n = strlen(s);
		memcpy(p, s, n < OUTPUT_VALUE_MAX ? n : OUTPUT_VALUE_MAX);
		return p + (n < OUTPUT_VALUE_MAX ? n : OUTPUT_VALUE_MAX);
	}
}

static void output_json(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	enum field_id rec[FIELD_N];
	size_t nrec = output_record_fields(rec), i, j, keys = 0;
	char key[FIELD_N][48];
	size_t keylen[FIELD_N];

	output_printf(o, "{\"time\":%.6f,\"source\":", m->time);
	output_json_string(o, source);
	if (m->has_content_id)
		output_printf(o, ",\"content_id\":%" PRIu64, m->content_id);
	else
		output_str(o, ",\"content_id\":null");
	output_printf(o, ",\"tags\":%zu,\"shown\":%zu,\"bytes\":%" PRId64
		      ",\"calls\":%" PRIu64 ",\"dbytes\":%" PRId64
		      ",\"rows\":[",
		      m->nlive, o->rows.n, o->rows.bytes, o->rows.calls,
		      o->rows.dbytes);
	/* Each field's key, with what goes before it, once per sample. */
	for (j = 0; j < nrec; j++) {
		keylen[j] = (size_t)snprintf(key[j], sizeof(key[j]),
					     "%s\"%s\":", j ? "," : "{",
					     field_name(rec[j]));
		keys += keylen[j];
	}
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];
		size_t names = strlen(t->module) + strlen(t->function) +
			       strlen(t->file);
		char *p, *start;

		output_reserve(o, keys + 6 * names +
				  nrec * (OUTPUT_VALUE_MAX + 16) + 4);
		start = p = o->buf + o->len;
		if (i)
			*p++ = ',';
		for (j = 0; j < nrec; j++) {
			/* A fixed size copies inline; the room allows for it. */
			if (keylen[j] <= 16)
				memcpy(p, key[j], 16);
			else
				memcpy(p, key[j], keylen[j]);
			p = output_json_value(p + keylen[j], rec[j], t);
		}
		*p++ = '}';
		o->len += (size_t)(p - start);
		output_flush_some(o);
	}
	output_str(o, "]}\n");
}

static void output_csv(struct output *o, const struct model *m,
		       const char *source, size_t nrows)
{
	enum field_id rec[FIELD_N];
	size_t nrec = output_record_fields(rec), i, j;

	if (!o->samples) {
		output_str(o, "time,source,content_id");
		for (j = 0; j < nrec; j++) {
			output_char(o, ',');
			output_str(o, field_name(rec[j]));
		}
		output_char(o, '\n');
	}
	for (i = 0; i < nrows; i++) {
		output_printf(o, "%.6f,%s,", m->time, source);
		if (m->has_content_id)
			output_int(o, m->content_id, false);
		for (j = 0; j < nrec; j++) {
			output_char(o, ',');
			output_value(o, rec[j], o->rows.v[i]);
		}
		output_char(o, '\n');
		output_flush_some(o);
	}
}

/* The columns of text output: the screen's, less those it alone has. */
static void output_text(struct output *o, const struct model *m,
			const char *source, size_t nrows)
{
	struct field_style st = { .exact = o->exact };
	char when[32], total[16], delta[16], cell[1200];
	size_t i, c;

	if (o->samples)
		output_char(o, '\n');
	output_printf(o, "allocinfo-top - %s  source: %s  tags: %zu shown: %zu  total: %s (%s)",
		      format_time(when, sizeof(when), m->time), source,
		      m->nlive, o->rows.n,
		      format_size(total, sizeof(total), o->rows.bytes,
				  o->exact),
		      format_delta(delta, sizeof(delta), o->rows.dbytes,
				   o->exact));
	if (m->has_content_id)
		output_printf(o, "  content_id: %" PRIu64, m->content_id);
	for (c = 0; c < field_ncolumns; c++) {
		const struct field *f = &field_table[field_columns[c]];

		if (!f->text_width)
			continue;
		output_char(o, c ? ' ' : '\n');
		output_pad(o, f->title_ascii, f->text_width);
	}
	output_char(o, '\n');
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];

		for (c = 0; c < field_ncolumns; c++) {
			enum field_id f = field_columns[c];
			int64_t v = field_int(f, t);
			bool color = o->color && v && field_is(f, FIELD_CHANGE);

			if (!field_table[f].text_width)
				continue;
			field_format(cell, sizeof(cell), f, t, &st);
			if (c)
				output_char(o, ' ');
			if (color)
				output_str(o, v > 0 ? "\033[31m" : "\033[32m");
			output_pad(o, cell, field_table[f].text_width);
			if (color)
				output_str(o, "\033[0m");
		}
		output_char(o, '\n');
		output_flush(o);
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
	case OUTPUT_OPENMETRICS:
	case OUTPUT_PROMETHEUS:
		openmetrics_write(o, m, source, nrows);
		break;
	}
	output_flush(o);
	fflush(o->fp);
	o->samples++;
}
