/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PARSE_H
#define PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "filter.h"
#include "sample.h"

/* The line that starts each sample in a capture file. */
#define PARSE_SEPARATOR "@sample"

/* Why and where a parse failed; line counts from 1. */
struct parse_error {
	size_t line;
	char msg[160];
};

/* What a capture's separator line says about the sample after it. */
struct parse_separator {
	double time;
	bool has_content_id;
	unsigned long long content_id;
	enum sample_origin origin;
	bool has_tags;
	size_t tags;
	char host[SAMPLE_NAME_MAX];	/* "" when the line has none */
	char release[SAMPLE_NAME_MAX];
	struct meminfo mem;
};

/*
 * Parse one record line (no newline) of the /proc/allocinfo text, format
 * 1.0 or 2.0: "<bytes> <calls> <file>:<line> [<module>] func:<name>
 * [key:value]...".  On success the record is appended to s.  Returns 0, or
 * -EINVAL with a short reason in *why.
 */
int parse_record(struct sample *s, const char *line, size_t len,
		 const char **why);

/*
 * Parse a whole text buffer.  Lines that do not start with a digit or '-'
 * (the header, comments) are skipped.  Records passing f are appended to s,
 * s->total counts them all.  first_line is the line number of buf[0].
 * Stops at the end of buf or at a separator line, which is not consumed;
 * *used gets the bytes consumed.  Returns 0 or -EINVAL with err filled.
 */
int parse_text(struct sample *s, const char *buf, size_t len,
	       size_t first_line, const struct filter *f, size_t *used,
	       struct parse_error *err);

/* Is this line (no newline) a capture separator? */
bool parse_is_separator(const char *line, size_t len);
/*
 * Parse "@sample <time> [content_id=N] [source=S] [tags=N] [host=H]
 * [release=R] [<meminfo field>=<kB>]...".
 */
int parse_separator(const char *line, size_t len, struct parse_separator *sep,
		    const char **why);

#endif
