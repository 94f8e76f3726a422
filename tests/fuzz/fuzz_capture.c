// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader on any file: open it, read every sample into the
 * model, print each in every output format, step back and forth, and check
 * that each sample the recorder writes again reads back the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "field.h"
#include "fuzz.h"
#include "model.h"
#include "output.h"
#include "parse.h"
#include "record.h"
#include "source.h"

static FILE *fuzz_null(void)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	return null;
}

static void fuzz_print(struct model *m, enum output_format f, size_t lines,
		       struct sort_key key)
{
	struct output o;

	output_init(&o, fuzz_null());
	o.format = f;
	o.lines = lines;
	o.key = key;
	o.exact = lines & 1;
	output_sample(&o, m, "capture");
	output_fini(&o);
}

static void fuzz_rerecord(const struct sample *s)
{
	struct parse_error perr;
	struct recorder r;
	struct sample back;
	const char *nl;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.fd = -1;
	sample_init(&back);
	record_format(&r, s);
	nl = memchr(r.buf, '\n', r.len);
	if (!nl || parse_text(&back, nl + 1,
			      r.len - (size_t)(nl + 1 - r.buf), 2, NULL, NULL,
			      &perr) || back.nrecs != s->nrecs)
		abort();
	for (i = 0; i < s->nrecs; i++)
		if (strcmp(back.recs[i].function, s->recs[i].function) ||
		    strcmp(back.recs[i].module, s->recs[i].module) ||
		    strcmp(back.recs[i].file, s->recs[i].file) ||
		    back.recs[i].bytes != s->recs[i].bytes)
			abort();
	sample_fini(&back);
	record_close(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum output_format formats[] = {
		OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_CSV,
	};
	struct sort_key key = { FIELD_SLOPE, false };
	struct source src;
	struct sample s;
	struct model *m;
	char path[64];
	size_t i, n;
	int fd, err;

	fd = memfd_create("capture", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (source_open(&src, SOURCE_CAPTURE, path, NULL, NULL)) {
		close(fd);
		return 0;
	}
	sample_init(&s);
	m = model_new(size & 1 ? 5 : 300);
	n = src.ops->count(&src);
	for (i = 0; (err = source_read(&src, &s)) == 0; i++) {
		model_ingest(m, &s, false);
		fuzz_rerecord(&s);
		/* Every sortable field in turn. */
		key.field = (enum field_id)(i % FIELD_N);
		while (!field_is(key.field, FIELD_SORT))
			key.field = (enum field_id)((key.field + 1) % FIELD_N);
		key.ascending = i & 1;
		fuzz_print(m, formats[i % 3], i & 2 ? 0 : (size_t)1 << 62, key);
	}
	if (err != -ENODATA && err != -EINVAL)
		abort();
	if (err == -ENODATA && i != n)
		abort();
	/* Back to the start and once more, as a paused replay steps. */
	if (n && src.ops->seek(&src, n - 1) == 0)
		source_read(&src, &s);
	src.ops->seek(&src, 0);
	source_read(&src, &s);
	model_free(m);
	sample_fini(&s);
	source_close(&src);
	close(fd);
	return 0;
}
