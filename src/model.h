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
	/*
	 * What every sample reads or writes of every tag comes first, in one
	 * cache line: with a million tags the walk is bound by memory.
	 */
	int64_t bytes;
	uint64_t calls;
	int64_t dbytes;		/* against the previous sample */
	int64_t dcalls;
	double rate;		/* dbytes per second */
	/* History since it last changed; NULL: it held bytes all along. */
	struct tag_hist *hist;
	unsigned long last_seq;
	unsigned int ordinal;
	bool accurate;
	/* Names of printable ASCII but '"' and '\\': 0 not known yet, 1, 2. */
	unsigned char plain;
	unsigned char state;	/* enum tag_state, in a byte */
	bool out;		/* outside the kernel filter: kept, not shown */

	uint32_t hash;
	uint32_t rank;		/* place in identity order, see model_rank() */
	const char *module;
	const char *function;
	const char *file;
	uint64_t line;

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
};

/*
 * What model_history() gives for a byte count equal to this: the value
 * once marked a sample that did not see the tag.
 */
#define MODEL_GAP INT64_MIN

struct model_point;
struct model_chunk;

/* Tags up to this size, names included, are carved from chunks. */
#define MODEL_SLAB_MAX 512
#define MODEL_SLAB_ALIGN 8

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
	/*
	 * The samples of the window, by time: lo is the oldest of the newest
	 * sample's window, keep the oldest kept (the window of the sample
	 * before, which a tag gone since still uses, and those of tags set
	 * aside).  A ring of pts_cap.
	 */
	struct model_point *pts;
	size_t pts_cap;
	unsigned long lo;
	unsigned long prev_lo;
	unsigned long keep;
	unsigned long inv_seq;	/* last sample older than the one before */
	double window;		/* seconds of history to fit */

	unsigned long tags_gen;	/* changes whenever a tag comes or goes */
	unsigned long *ranked_gen;	/* tags_gen the ranks were given at */

	/* The sample taken in last, and the tag of each of its records. */
	uint64_t last_id;
	struct tag **by_rec;
	struct tag **by_rec_next;
	size_t by_rec_n;
	size_t by_rec_cap;

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

	/* Where tags are carved from, and those freed, by size, for reuse. */
	struct model_chunk *chunks;
	char *chunk_at;
	char *chunk_end;
	void *free_tags[MODEL_SLAB_MAX / MODEL_SLAB_ALIGN + 1];

	/*
	 * Tags point at the names of the records taken in, not copies: for
	 * a single read, whose names outlive every use of the model (its
	 * tags' names are not read again once the model is being freed).
	 */
	bool borrow_names;
	bool marked;		/* growth counts from a mark, not first sight */
	double mark_time;
	/* Where the newest sample was read, and its meminfo and the last's. */
	char host[SAMPLE_NAME_MAX];
	char release[SAMPLE_NAME_MAX];
	struct meminfo mem;
	struct meminfo prev_mem;
};

/*
 * window: seconds of history kept per tag, counted on the samples' own
 * times (at most MODEL_HIST_MAX samples); 0 keeps MODEL_HIST_MAX samples.
 */
#define MODEL_HIST_MAX 65536
struct model *model_new(double window);
/* An empty model with m's window. */
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
 * Copy the tag's history, oldest first, into out: of its last max
 * samples, those that saw it; times gets the matching sample times if not
 * NULL.  Returns the count.
 */
size_t model_history(const struct model *m, const struct tag *t,
		     int64_t *out, double *times, size_t max);
/* How many samples the tag's history spans (gaps included). */
size_t model_history_len(const struct model *m, const struct tag *t);
/*
 * Compute t->slope, t->grew and t->leak over the history window, from
 * sums kept as samples come and go: O(1), once per sample.
 */
void model_fit(const struct model *m, struct tag *t);
/*
 * Can the tag's names be written in JSON as they are: printable ASCII but
 * '"' and '\\'?  Found out the first time it is asked (model_tag_plain_find).
 */
bool model_tag_plain_find(const struct tag *t);

static inline bool model_tag_plain(const struct tag *t)
{
	return t->plain ? t->plain == 1 : model_tag_plain_find(t);
}
/* Count growth from now on, for every tag; model_unmark goes back. */
void model_mark(struct model *m);
void model_unmark(struct model *m);
/* Identity order, for stable ties: module, file, line, function, ordinal. */
int model_tag_cmp(const struct tag *a, const struct tag *b);
/*
 * Give every tag its rank in identity order (t->rank), so that ties
 * compare integers; only when tags came or went since the last call.
 */
void model_rank(const struct model *m);
/* Are the ranks those of the tags now? */
bool model_ranked(const struct model *m);
const char *model_state_name(enum tag_state s);

/*
 * Checkpoints, for stepping back through a replay: model_save() copies
 * a model (O(tags + history), a few dozen bytes a tag), model_restore()
 * makes a model of that copy again, equal in every field to what was
 * saved but the mark (growth counts from first sight, as model_unmark()
 * leaves it) and the record hints (the next sample is matched by lookup).
 * Names are kept once, in a store that every checkpoint of one replay
 * shares and that must outlive them.
 */
struct model_names;
struct model_ckpt;

struct model_names *model_names_new(void);
void model_names_free(struct model_names *nm);
/* Bytes the store holds. */
size_t model_names_size(const struct model_names *nm);
struct model_ckpt *model_save(const struct model *m, struct model_names *nm);
void model_restore(struct model *m, const struct model_ckpt *c,
		   const struct model_names *nm);
/* Bytes the checkpoint holds, its names aside. */
size_t model_ckpt_size(const struct model_ckpt *c);
void model_ckpt_free(struct model_ckpt *c);

#endif
