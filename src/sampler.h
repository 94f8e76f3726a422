/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SAMPLER_H
#define SAMPLER_H

#include <stdbool.h>

#include <uv.h>

#include "filter.h"
#include "model.h"
#include "record.h"
#include "sample.h"
#include "source.h"

struct sampler;

/* Called on the loop thread after a sample went into the model, or failed. */
typedef void (*sampler_cb)(struct sampler *sp, int err);

/*
 * Takes a sample every delay on a uv timer.  The read itself (and writing
 * the recording) runs on libuv's thread pool, so a slow source never holds
 * up the loop; the model is updated back on the loop thread.
 */
struct sampler {
	uv_loop_t *loop;
	uv_timer_t timer;
	uv_work_t work;
	struct source *src;
	struct model *model;
	struct recorder *rec;	/* NULL when not recording */
	sampler_cb cb;
	void *data;

	double delay;		/* seconds */
	bool paced;		/* false: read the next sample at once */
	bool busy;		/* a read is on the thread pool */
	bool stopped;
	bool again;		/* sample once more as soon as possible */
	bool rebase;		/* the filter changed before this read */
	bool has_pending;
	struct filter pending;	/* filter for the next read */

	struct sample cur;	/* being read */
	int err;		/* of the last read */
	int rec_err;		/* of the last write to the recording */
	unsigned long taken;	/* samples in the model */
};

int sampler_init(struct sampler *sp, uv_loop_t *loop, struct source *src,
		 struct model *model, double delay, sampler_cb cb);
/* Take the first sample now, then one every delay. */
void sampler_start(struct sampler *sp);
/* Take a sample as soon as the current one (if any) is done. */
void sampler_now(struct sampler *sp);
void sampler_set_delay(struct sampler *sp, double delay);
/* Use a new kernel filter from the next read on; -EINVAL keeps the old. */
int sampler_set_filter(struct sampler *sp, const struct filter *f);
/* The filter in force, or the one waiting for the next read. */
const struct filter *sampler_filter(const struct sampler *sp);
/* Stop sampling and close the timer (the loop must then run to finish). */
void sampler_stop(struct sampler *sp);
void sampler_fini(struct sampler *sp);

#endif
