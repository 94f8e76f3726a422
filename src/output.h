/* SPDX-License-Identifier: GPL-2.0 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "rows.h"
#include "sort.h"

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_JSON,
	OUTPUT_CSV,
	OUTPUT_OPENMETRICS,	/* OpenMetrics 1.0 text */
	OUTPUT_PROMETHEUS,	/* the Prometheus text format 0.0.4 */
};

/* Batch output: one block (text), line (json) or set of rows (csv) per sample. */
struct output {
	FILE *fp;
	enum output_format format;
	bool exact;
	bool color;
	size_t lines;
	bool diff;		/* the model holds two snapshots to compare */
	struct sort_key key;
	const char *match;
	unsigned long samples;
	struct rows rows;
	char *buf;		/* what is not written yet */
	size_t len;
	size_t cap;
};

int output_format_parse(const char *name, enum output_format *f);
void output_init(struct output *o, FILE *fp);
/* Print the newest sample of m, read through the named source. */
void output_sample(struct output *o, const struct model *m,
		   const char *source);
void output_fini(struct output *o);

#endif
