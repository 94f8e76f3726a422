// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "sampler.h"

/* The pace of a replay, within what a person can watch. */
#define SAMPLER_GAP_MIN 0.01
#define SAMPLER_GAP_MAX 3600

static bool sampler_seekable(const struct sampler *sp)
{
	return source_caps(sp->src) & SOURCE_SEEKABLE;
}

/* Keep a copy of m, which holds samples 0 .. pos - 1, if one is due. */
static void sampler_offer(struct sampler *sp, size_t pos,
			  const struct model *m)
{
	if (sp->keep_ckpts)
		ckpt_offer(&sp->ckpts, pos, m);
}

/*
 * The model as it was after sample job.at - 1, here on the thread pool
 * into a model of its own.  Growth, min/max and the history go back to
 * the first sample, so the model starts from the nearest checkpoint at
 * or before it and reads on from there, taking the checkpoints it passes
 * that are missing; the sample shown is read once more if none is left
 * to read.
 */
static int sampler_rebuild(struct sampler *sp)
{
	size_t i = ckpt_restore(&sp->ckpts, sp->job.at, sp->job.spare);
	int err;

	if (i == sp->job.at) {
		err = source_seek(sp->src, i - 1);
		return err ? err : source_read(sp->src, &sp->cur);
	}
	err = source_seek(sp->src, i);
	for (; !err && i < sp->job.at; i++) {
		err = source_read(sp->src, &sp->cur);
		if (err)
			break;
		model_ingest(sp->job.spare, &sp->cur, false);
		sampler_offer(sp, i + 1, sp->job.spare);
	}
	return err;
}

static void sampler_work_cb(uv_work_t *req)
{
	struct sampler *sp = req->data;

	sp->rec_err = 0;
	if (sp->job.rebuild) {
		sp->err = sampler_rebuild(sp);
		return;
	}
	sp->err = sampler_seekable(sp) ? source_seek(sp->src, sp->job.at) : 0;
	if (!sp->err)
		sp->err = source_read(sp->src, &sp->cur);
	if (!sp->err && sp->rec)
		sp->rec_err = record_write(sp->rec, &sp->cur);
}

static uint64_t sampler_ms(double secs)
{
	uint64_t ms = (uint64_t)(secs * 1000 + 0.5);

	return ms ? ms : 1;
}

static void sampler_timer_cb(uv_timer_t *timer);

/* The timer, first after secs; it repeats every period unless paused. */
static void sampler_schedule(struct sampler *sp, double secs)
{
	uint64_t repeat = sp->paced && !sp->paused ?
			  sampler_ms(sp->period) : 0;

	uv_timer_start(&sp->timer, sampler_timer_cb,
		       (uint64_t)(secs * 1000 + 0.5), repeat);
}

/* Seconds from the sample just read to the next: as recorded, sped up. */
static double sampler_gap(const struct sampler *sp)
{
	double a, b, gap = sp->delay;

	if (sp->pos && !source_time(sp->src, sp->pos - 1, &a) &&
	    !source_time(sp->src, sp->pos, &b))
		gap = b - a;
	gap /= sp->speed;
	if (gap < SAMPLER_GAP_MIN)
		gap = SAMPLER_GAP_MIN;
	if (gap > SAMPLER_GAP_MAX)
		gap = SAMPLER_GAP_MAX;
	return gap;
}

/* After a job: when the next one runs. */
static void sampler_pace(struct sampler *sp, int err)
{
	if (sp->stopped)
		return;
	if (sp->again || sp->stepping) {
		sampler_schedule(sp, 0);
		return;
	}
	if (sp->at_end || sp->paused) {
		uv_timer_stop(&sp->timer);
		return;
	}
	if (!sp->paced) {
		sampler_schedule(sp, 0);
		return;
	}
	/* A live source keeps its timer; a replay waits as recorded. */
	if (!err && sampler_seekable(sp)) {
		sp->period = sampler_gap(sp);
		sampler_schedule(sp, sp->period);
	}
}

static void sampler_after_work_cb(uv_work_t *req, int status)
{
	struct sampler *sp = req->data;
	int err = status ? status : sp->err;

	if (sp->job.rebuild) {
		if (!err) {
			model_swap(sp->model, sp->job.spare);
			sp->pos = sp->job.at;
			sp->at_end = false;
			sp->rebase = false;
			sp->clean = true;
		}
		model_free(sp->job.spare);
		sp->job.spare = NULL;
	} else if (!err) {
		/*
		 * A sample read again, or one rebased on a new filter, leaves
		 * a model that reading from the first sample would not make.
		 */
		if (sp->job.at != sp->pos || (sp->rebase && sp->model->seq))
			sp->clean = false;
		model_ingest(sp->model, &sp->cur, sp->rebase);
		sp->rebase = false;
		sp->taken++;
		sp->pos = sp->job.at + 1;
		sp->at_end = false;
		if (sp->clean && sampler_seekable(sp))
			sampler_offer(sp, sp->pos, sp->model);
	} else if (err == -ENODATA) {
		sp->at_end = true;
	}
	if (sp->stepping && (err || sp->pos == sp->goal))
		sp->stepping = false;
	/* Still busy in the callback: what it asks for runs after. */
	if (sp->cb)
		sp->cb(sp, err);
	sp->busy = false;
	sampler_pace(sp, err);
}

static void sampler_read(struct sampler *sp)
{
	if (sp->busy || sp->stopped)
		return;
	sp->again = false;
	if (sp->has_pending) {
		sp->src->filter = sp->pending;
		sp->has_pending = false;
		sp->rebase = true;
		/* The checkpoints were read through the old filter. */
		ckpt_clear(&sp->ckpts);
	}
	sp->job.rebuild = false;
	sp->job.at = sp->pos;
	if (sampler_seekable(sp)) {
		if (sp->reread && sp->pos) {
			sp->job.at = sp->pos - 1;
		} else if (sp->stepping && sp->goal < sp->pos) {
			sp->job.rebuild = true;
			sp->job.at = sp->goal;
			sp->job.spare = model_new_like(sp->model);
		}
		sp->reread = false;
	}
	sp->busy = true;
	sp->work.data = sp;
	if (sp->inline_read) {
		sampler_work_cb(&sp->work);
		sampler_after_work_cb(&sp->work, 0);
		return;
	}
	if (uv_queue_work(sp->loop, &sp->work, sampler_work_cb,
			  sampler_after_work_cb)) {
		sp->busy = false;
		sp->stepping = false;
		model_free(sp->job.spare);
		sp->job.spare = NULL;
		if (sp->cb)
			sp->cb(sp, -EAGAIN);
	}
}

static void sampler_timer_cb(uv_timer_t *timer)
{
	struct sampler *sp = timer->data;

	if (sp->busy)
		sp->again = true;
	else
		sampler_read(sp);
}

int sampler_init(struct sampler *sp, uv_loop_t *loop, struct source *src,
		 struct model *model, double delay, sampler_cb cb)
{
	memset(sp, 0, sizeof(*sp));
	sp->loop = loop;
	sp->src = src;
	sp->model = model;
	sp->delay = delay;
	sp->period = delay;
	sp->speed = 1;
	sp->paced = true;
	sp->cb = cb;
	sp->clean = true;
	sp->keep_ckpts = true;
	ckpt_init(&sp->ckpts, SAMPLER_CKPT_EVERY, SAMPLER_CKPT_BUDGET);
	sample_init(&sp->cur);
	sp->timer.data = sp;
	return uv_timer_init(loop, &sp->timer);
}

void sampler_start(struct sampler *sp)
{
	sampler_schedule(sp, 0);
}

void sampler_now(struct sampler *sp)
{
	if (sp->busy)
		sp->again = true;
	else
		sampler_schedule(sp, 0);
}

void sampler_pause(struct sampler *sp)
{
	sp->paused = true;
	uv_timer_stop(&sp->timer);
}

void sampler_resume(struct sampler *sp)
{
	sp->paused = false;
	if (!sp->at_end)
		sampler_now(sp);
}

void sampler_set_delay(struct sampler *sp, double delay)
{
	sp->delay = delay;
	if (sampler_seekable(sp))
		return;
	sp->period = delay;
	if (sp->stopped || !sp->paced || sp->paused)
		return;
	/* A read under way keeps its turn; the next period is the new one. */
	if (sp->busy)
		uv_timer_set_repeat(&sp->timer, sampler_ms(delay));
	else
		sampler_schedule(sp, delay);
}

void sampler_set_speed(struct sampler *sp, double speed)
{
	if (speed > SAMPLER_SPEED_MAX)
		speed = SAMPLER_SPEED_MAX;
	if (speed < 1 / SAMPLER_SPEED_MAX)
		speed = 1 / SAMPLER_SPEED_MAX;
	sp->speed = speed;
	if (!sampler_seekable(sp) || sp->stopped || !sp->paced ||
	    sp->paused || sp->at_end || sp->busy || !sp->pos)
		return;
	sp->period = sampler_gap(sp);
	sampler_schedule(sp, sp->period);
}

int sampler_step(struct sampler *sp, long n)
{
	size_t from = sp->stepping ? sp->goal : sp->pos;
	size_t count = source_count(sp->src);
	unsigned long m = n < 0 ? -(unsigned long)n : (unsigned long)n;

	if (!sampler_seekable(sp))
		return -EOPNOTSUPP;
	/*
	 * While a capture is being indexed, its count is only what is indexed
	 * so far: a step past it is taken, its reads wait for the samples, and
	 * one past the last ends at it.
	 */
	if (n < 0 ? m >= from :
	    !source_indexing(sp->src) && (from > count || m > count - from))
		return -ERANGE;
	sp->goal = n < 0 ? from - m : from + m;
	sp->stepping = sp->goal != sp->pos;
	if (sp->stepping)
		sampler_now(sp);
	return 0;
}

int sampler_set_filter(struct sampler *sp, const struct filter *f)
{
	int err = filter_check(f);

	if (err)
		return err;
	sp->pending = *f;
	sp->has_pending = true;
	return 0;
}

void sampler_refresh(struct sampler *sp)
{
	if (sampler_seekable(sp))
		sp->reread = true;
	sampler_now(sp);
}

const struct filter *sampler_filter(const struct sampler *sp)
{
	return sp->has_pending ? &sp->pending : &sp->src->filter;
}

void sampler_stop(struct sampler *sp)
{
	if (sp->stopped)
		return;
	sp->stopped = true;
	uv_timer_stop(&sp->timer);
	if (!uv_is_closing((uv_handle_t *)&sp->timer))
		uv_close((uv_handle_t *)&sp->timer, NULL);
}

void sampler_fini(struct sampler *sp)
{
	model_free(sp->job.spare);
	sp->job.spare = NULL;
	ckpt_fini(&sp->ckpts);
	sample_fini(&sp->cur);
}
