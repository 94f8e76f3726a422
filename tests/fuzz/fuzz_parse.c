// SPDX-License-Identifier: GPL-2.0
/*
 * The text parser on any bytes: parse_text() with and without a filter,
 * each line through parse_record() and parse_separator(); and every
 * record parsed, written by the recorder and parsed again, must come back
 * the same.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"
#include "record.h"

static void fuzz_same(const struct sample *a, const struct sample *b)
{
	size_t i;

	if (a->nrecs != b->nrecs)
		abort();
	for (i = 0; i < a->nrecs; i++) {
		const struct rec *x = &a->recs[i], *y = &b->recs[i];

		if (strcmp(x->module, y->module) ||
		    strcmp(x->function, y->function) ||
		    strcmp(x->file, y->file) || x->line != y->line ||
		    x->bytes != y->bytes || x->calls != y->calls ||
		    x->accurate != y->accurate)
			abort();
	}
}

/* What the recorder writes, the parser reads back. */
static void fuzz_round_trip(const struct sample *s)
{
	struct parse_separator sep;
	struct parse_error perr;
	struct recorder r;
	struct sample back;
	const char *why, *nl;

	memset(&r, 0, sizeof(r));
	r.fd = -1;
	sample_init(&back);
	record_format(&r, s);
	nl = memchr(r.buf, '\n', r.len);
	if (!nl || !parse_is_separator(r.buf, (size_t)(nl - r.buf)) ||
	    parse_separator(r.buf, (size_t)(nl - r.buf), &sep, &why) ||
	    !sep.has_tags || sep.tags != s->nrecs)
		abort();
	if (parse_text(&back, nl + 1, r.len - (size_t)(nl + 1 - r.buf), 2,
		       NULL, NULL, &perr))
		abort();
	fuzz_same(s, &back);
	sample_fini(&back);
	record_close(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *p, *end = buf + size;
	struct parse_separator sep;
	struct parse_error perr;
	struct filter f;
	struct sample s;
	const char *why;
	size_t used;

	sample_init(&s);
	if (!parse_text(&s, buf, size, 1, NULL, &used, &perr)) {
		if (used > size)
			abort();
		fuzz_round_trip(&s);
	}
	sample_clear(&s);
	memset(&f, 0, sizeof(f));
	filter_set(&f, FILTER_MIN_BYTES, "1K", NULL);
	filter_set(&f, FILTER_MODULE, "", NULL);
	parse_text(&s, buf, size, 1, &f, &used, &perr);
	for (p = buf; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		sample_clear(&s);
		if (!parse_record(&s, p, n, &why) && s.nrecs != 1)
			abort();
		if (parse_is_separator(p, n))
			parse_separator(p, n, &sep, &why);
		p += n + 1;
	}
	sample_fini(&s);
	return 0;
}
