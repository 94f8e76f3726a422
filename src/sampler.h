/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SAMPLER_H
#define SAMPLER_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

#include "ckpt.h"
#include "filter.h"
#include "model.h"
#include "record.h"
#include "sample.h"
#include "source.h"

struct sampler;

/* A replay's speed is kept within 1/64 to 64 times as recorded. */
#define SAMPLER_SPEED_MAX 64.0

/*
 * A replay keeps a copy of its model every SAMPLER_CKPT_EVERY samples
 * (farther apart once the copies would pass SAMPLER_CKPT_BUDGET bytes),
 * so that a step back reads at most that many samples again.
 */
#define SAMPLER_CKPT_EVERY 16
#define SAMPLER_CKPT_BUDGET (16u << 20)

/*
 * Called on the loop thread after a sample went into the model (or the
 * model was rebuilt by a step back), or a read failed: -ENODATA at the end
 * of a capture.
 */
typedef void (*sampler_cb)(struct sampler *sp, int err);

/*
 * Takes a sample every delay on a uv timer.  The read itself (and writing
 * the recording) runs on libuv's thread pool, so a slow source never holds
 * up the loop; the model is updated back on the loop thread.  The sampler
 * owns the pace: pausing, the delay, and for a seekable source (a capture)
 * the recorded gaps between samples, the replay speed and stepping.
 * Callers read the fields; they change them through the functions below.
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

	double delay;		/* seconds between live samples */
	double speed;		/* of a replay: 2 is twice as fast as recorded */
	double period;		/* of the timer now */
	bool paced;		/* false: read the next sample at once */
	bool paused;		/* only sampler_now and sampler_step read */
	bool busy;		/* a job is on the thread pool */
	/*
	 * Read on the loop's own thread: a single read (--once) waits for
	 * its sample anyway, and starts no thread pool.
	 */
	bool inline_read;
	bool stopped;
	bool again;		/* sample once more as soon as possible */
	bool rebase;		/* the filter changed before this read */
	bool has_pending;
	struct filter pending;	/* filter for the next read */

	/* Where a seekable source is. */
	size_t pos;		/* samples read into the model: the next index */
	size_t goal;		/* where sampler_step goes, while stepping */
	bool stepping;
	bool reread;		/* read sample pos - 1 again: a new filter */
	bool at_end;		/* the last read found no more samples */
	/*
	 * The model is what reading samples 0 .. pos - 1 through the filter
	 * now makes (no sample read again, no filter change on the way):
	 * checkpoints may be taken of it.
	 */
	bool clean;
	/*
	 * A step back may come (the screen): keep checkpoints.  A batch run
	 * only reads forward, and they would be memory and time for nothing.
	 */
	bool keep_ckpts;
	struct ckpt_set ckpts;

	/* The job on the thread pool, fixed when it is queued. */
	struct {
		bool rebuild;	/* samples 0 .. at - 1 into spare */
		size_t at;	/* else: the index of the sample read */
		struct model *spare;
	} job;

	struct sample cur;	/* being read, then the newest read */
	int err;		/* of the last job */
	int rec_err;		/* of the last write to the recording */
	unsigned long taken;	/* samples read into the model */
};

int sampler_init(struct sampler *sp, uv_loop_t *loop, struct source *src,
		 struct model *model, double delay, sampler_cb cb);
/* Take the first sample now, then one every delay. */
void sampler_start(struct sampler *sp);
/*
 * Take a sample as soon as the current one (if any) is done; while paused,
 * that one only.
 */
void sampler_now(struct sampler *sp);
/* Stop the timer; a read under way still goes into the model. */
void sampler_pause(struct sampler *sp);
/* Sample now and on from there, unless a capture is at its end. */
void sampler_resume(struct sampler *sp);
/* Seconds between live samples (and for a replay's unrecorded gaps). */
void sampler_set_delay(struct sampler *sp, double delay);
/* A replay's speed, kept within 1/64 to 64; the next gap follows it. */
void sampler_set_speed(struct sampler *sp, double speed);
/*
 * Move a seekable source n samples on (n > 0: read them in turn) or back
 * (n < 0: the model is rebuilt on the thread pool up to that sample, from
 * the nearest checkpoint before it).
 * Steps asked for while a job runs add up.  0, -ERANGE past the first or
 * the last sample (one on is taken while the source is still indexed, and
 * ends at the last), -EOPNOTSUPP for a live source.
 */
int sampler_step(struct sampler *sp, long n);
/* Use a new kernel filter from the next read on; -EINVAL keeps the old. */
int sampler_set_filter(struct sampler *sp, const struct filter *f);
/*
 * Show the model through a new filter: a capture reads the sample shown
 * again, a live source takes a new one.
 */
void sampler_refresh(struct sampler *sp);
/* The filter in force, or the one waiting for the next read. */
const struct filter *sampler_filter(const struct sampler *sp);
/* Stop sampling and close the timer (the loop must then run to finish). */
void sampler_stop(struct sampler *sp);
void sampler_fini(struct sampler *sp);

#endif
