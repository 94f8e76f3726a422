/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"

/* Whether a tag came or went since the previous sample. */
enum tag_state {
	TAG_LIVE,
	TAG_NEW,	/* appeared: a module was loaded, or it now passes */
	TAG_GONE,	/* vanished: shown once more with its last values */
};

/*
 * One callsite across samples.  Its identity is (module, file, line,
 * function, ordinal): the ordinal tells apart tags that share the rest,
 * counted in the kernel's listing order, which is stable.
 */
struct tag {
	const char *module;
	const char *function;
	const char *file;
	uint64_t line;
	unsigned int ordinal;
	uint32_t hash;

	int64_t bytes;
	uint64_t calls;
	bool accurate;
	enum tag_state state;

	int64_t dbytes;		/* against the previous sample */
	int64_t dcalls;
	double rate;		/* dbytes per second */
	int64_t growth;		/* bytes now minus bytes at the first sample */
	double avg;		/* bytes per live allocation */
	double slope;		/* least-squares bytes per second, history */
	double grew;		/* share of history intervals that grew */
	double leak;		/* slope times the share that moved its way */
	unsigned long fit_seq;	/* sample slope and grew were computed for */

	int64_t first_bytes;
	int64_t base_bytes;	/* growth is counted from here: first or mark */
	int64_t min_bytes;
	int64_t max_bytes;
	double first_time;	/* when it was first seen */

	unsigned long first_seq;
	unsigned long last_seq;
	bool out;		/* outside the kernel filter: kept, not shown */
	int64_t *hist;		/* bytes, one slot per sample, ring */
};

/* A history slot of a sample that did not see the tag (it was filtered). */
#define MODEL_GAP INT64_MIN

struct model {
	struct tag **table;	/* open addressing, power-of-two size */
	size_t table_size;
	struct tag **tags;	/* every tag, in the order first seen */
	size_t ntags;
	size_t tags_cap;
	/*
	 * Tags left out by a kernel filter change, with their history, until
	 * a filter lets them back or their history leaves the window.
	 */
	struct tag **out;
	size_t nout;
	size_t out_cap;

	unsigned long seq;	/* samples taken in, from 1 */
	double *times;		/* sample times, ring of hist_cap */
	size_t hist_cap;
	double window;		/* seconds of history to fit */

	double time;		/* of the newest sample */
	double prev_time;
	double first_time;
	bool has_content_id;	/* of the newest sample */
	uint64_t content_id;
	bool has_known_id;	/* the last content id any sample had */
	uint64_t known_id;
	unsigned long content_changes;	/* module loads/unloads seen */
	unsigned long retries;		/* reads repeated by the source */

	size_t nlive;		/* tags in the newest sample */
	int64_t bytes;		/* totals over the newest sample */
	uint64_t calls;
	int64_t dbytes;

	bool marked;		/* growth counts from a mark, not first sight */
	double mark_time;
	/* Where the newest sample was read, and its meminfo and the last's. */
	char host[SAMPLE_NAME_MAX];
	char release[SAMPLE_NAME_MAX];
	struct meminfo mem;
	struct meminfo prev_mem;
};

/*
 * window: seconds of history kept per tag; delay: the expected seconds
 * between samples, to size the history.
 */
struct model *model_new(double window, double delay);
/* An empty model with m's window and history size. */
struct model *model_new_like(const struct model *m);
/*
 * Exchange what two models hold, so that pointers to either stay valid
 * (tags move with their model).
 */
void model_swap(struct model *a, struct model *b);
void model_free(struct model *m);
/* Forget every tag and sample. */
void model_reset(struct model *m);
/*
 * Take in a sample.  rebase: the kernel filter changed since the previous
 * sample, so tags that appear or vanish now are not news: they are added or
 * set aside without being marked new or gone.  A tag set aside keeps its
 * history, growth baseline and first sight; if a later filter lets it back
 * within the window, it carries on with a gap (MODEL_GAP) in its history.
 */
void model_ingest(struct model *m, const struct sample *s, bool rebase);
/*
 * Copy the tag's history, oldest first, into out (at most max entries);
 * times gets the matching sample times if not NULL.  Returns the count.
 */
size_t model_history(const struct model *m, const struct tag *t,
		     int64_t *out, double *times, size_t max);
/*
 * Compute t->slope and t->grew over the history window.  They cost a pass
 * over the history, so they are computed on demand, once per sample.
 */
void model_fit(const struct model *m, struct tag *t);
/* Count growth from now on, for every tag; model_unmark goes back. */
void model_mark(struct model *m);
void model_unmark(struct model *m);
/* Identity order, for stable ties: module, file, line, function, ordinal. */
int model_tag_cmp(const struct tag *a, const struct tag *b);
const char *model_state_name(enum tag_state s);

#endif
