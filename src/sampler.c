// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "sampler.h"

static void sampler_work_cb(uv_work_t *req)
{
	struct sampler *sp = req->data;

	sp->err = source_read(sp->src, &sp->cur);
	sp->rec_err = 0;
	if (!sp->err && sp->rec)
		sp->rec_err = record_write(sp->rec, &sp->cur);
}

static void sampler_schedule(struct sampler *sp, double secs);

static void sampler_after_work_cb(uv_work_t *req, int status)
{
	struct sampler *sp = req->data;
	int err = status ? status : sp->err;

	sp->busy = false;
	if (!err) {
		model_ingest(sp->model, &sp->cur, sp->rebase);
		sp->rebase = false;
		sp->taken++;
	}
	if (sp->cb)
		sp->cb(sp, err);
	if (sp->stopped)
		return;
	if (sp->again || !sp->paced)
		sampler_schedule(sp, 0);
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
	}
	sp->busy = true;
	sp->work.data = sp;
	if (uv_queue_work(sp->loop, &sp->work, sampler_work_cb,
			  sampler_after_work_cb)) {
		sp->busy = false;
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

static void sampler_schedule(struct sampler *sp, double secs)
{
	uint64_t ms = (uint64_t)(secs * 1000 + 0.5);
	uint64_t repeat = sp->paced ? (uint64_t)(sp->delay * 1000 + 0.5) : 0;

	if (sp->paced && !repeat)
		repeat = 1;
	uv_timer_start(&sp->timer, sampler_timer_cb, ms, repeat);
}

int sampler_init(struct sampler *sp, uv_loop_t *loop, struct source *src,
		 struct model *model, double delay, sampler_cb cb)
{
	memset(sp, 0, sizeof(*sp));
	sp->loop = loop;
	sp->src = src;
	sp->model = model;
	sp->delay = delay;
	sp->paced = true;
	sp->cb = cb;
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

void sampler_set_delay(struct sampler *sp, double delay)
{
	sp->delay = delay;
	if (!sp->stopped && sp->paced && !sp->busy)
		sampler_schedule(sp, delay);
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
	sample_fini(&sp->cur);
}
