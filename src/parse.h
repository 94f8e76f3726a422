/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PARSE_H
#define PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "filter.h"
#include "sample.h"

/* The line that starts each sample in a capture file. */
#define PARSE_SEPARATOR "@sample"

/*
 * The most tags one sample may have: kernels have a few thousand, the
 * largest machines a hundred thousand, and each costs the model its
 * history; a million is what the benchmark reads.
 */
#define PARSE_TAGS_MAX (1 << 20)

/* The latest sample time a capture may hold: 9999-12-31 23:59:59 UTC. */
#define PARSE_TIME_MAX 253402300799.0

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
 * [key:value]...".  Names may hold the recorder's \xNN escapes, which are
 * decoded.  On success the record is appended to s.  Returns 0, or -EINVAL
 * with a short reason in *why.
 */
int parse_record(struct sample *s, const char *line, size_t len,
		 const char **why);

/*
 * Is this line (no newline) a tag record: after optional blanks (spaces or
 * tabs), a digit, or '-' and a digit?  Every other line is skipped.
 */
bool parse_is_record(const char *line, size_t len);

/*
 * Parse a whole text buffer.  Lines that are not records (the header,
 * comments, "--- x", blank lines) are skipped.  Records passing f are
 * appended to s, s->total counts them all.  first_line is the line number
 * of buf[0].
 * Stops at the end of buf or at a separator line, which is not consumed;
 * *used gets the bytes consumed.  Returns 0, or -EINVAL (a bad record) or
 * -E2BIG (over PARSE_TAGS_MAX records) with err filled.
 */
int parse_text(struct sample *s, const char *buf, size_t len,
	       size_t first_line, const struct filter *f, size_t *used,
	       struct parse_error *err);

/*
 * Where a streamed text comes from: up to room bytes into dst, *got 0 at
 * the end; 0 or a negative errno.
 */
typedef int (*parse_fill_fn)(void *arg, char *dst, size_t room, size_t *got);

/*
 * A text source's memory of its last read: its slots and its text, which
 * the next read is compared with line by line as it comes in and which it
 * replaces in the same buffer.
 */
struct parse_cache {
	struct sample_cache sc;
	struct filter filter;	/* the filter of the last read */
	char *text;
	size_t text_cap;
	char *win;		/* what is read, a chunk at a time */
	size_t win_cap;
	size_t chunk;		/* bytes a chunk, 0: 64 KiB (tests: less) */
	size_t used;		/* bytes the last read consumed */
};

/*
 * parse_text() that compares each line with the line at the same place
 * in the last text parsed through pc: a line that did not change is
 * taken as it was, one whose counters alone changed is read for its
 * counters only, and both hand the model the record's identity
 * (rec->same).  Record strings live in pc until the next call.  The
 * text is read through fill, at most max bytes (-EFBIG past them), and
 * kept in pc for the next read: the text is held once, not twice.
 * Returns 0, -EINVAL or -E2BIG with err filled, or fill's error (err's
 * line 0).
 */
int parse_stream_cached(struct parse_cache *pc, struct sample *s,
			parse_fill_fn fill, void *arg, size_t max,
			size_t first_line, const struct filter *f,
			struct parse_error *err);
/*
 * parse_text() of a text read through fill (at most max bytes, -EFBIG
 * past them), a chunk at a time through pc's window, keeping nothing of
 * it: a single read.  Record strings live in s.
 */
int parse_stream(struct parse_cache *pc, struct sample *s,
		 parse_fill_fn fill, void *arg, size_t max, size_t first_line,
		 const struct filter *f, struct parse_error *err);
/* parse_stream_cached() of a text in memory; *used: the bytes consumed. */
int parse_text_cached(struct parse_cache *pc, struct sample *s,
		      const char *buf, size_t len, size_t first_line,
		      const struct filter *f, size_t *used,
		      struct parse_error *err);
/* Forget the last read. */
void parse_cache_reset(struct parse_cache *pc);
void parse_cache_fini(struct parse_cache *pc);

/* Is this line (no newline) a capture separator? */
bool parse_is_separator(const char *line, size_t len);
/*
 * Parse "@sample <time> [content_id=N] [source=S] [tags=N] [host=H]
 * [release=R] [<meminfo field>=<kB>]..."; a time beyond PARSE_TIME_MAX is
 * -ERANGE.
 */
int parse_separator(const char *line, size_t len, struct parse_separator *sep,
		    const char **why);

#endif
