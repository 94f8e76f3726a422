// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"

int app_open(struct app *a, const struct opts *o, sampler_cb cb)
{
	enum source_kind kind = o->replay ? SOURCE_CAPTURE : o->source;
	const char *path = o->replay ? o->replay : o->path;
	int err;

	memset(a, 0, sizeof(*a));
	a->opts = *o;
	a->rec.fd = -1;
	/*
	 * The screen shows a long capture's first sample while the rest is
	 * indexed; a batch run reads it all anyway, and fails before printing
	 * on a capture it cannot read whole.
	 */
	if (o->batch)
		err = source_open(&a->src, kind, path, &o->filter, NULL);
	else
		err = source_open_lazy(&a->src, kind, path, &o->filter,
				       SOURCE_INDEX_NOW);
	if (err) {
		snprintf(a->error, sizeof(a->error), "%s", a->src.error);
		return err;
	}
	a->src.once = o->batch && o->iterations == 1;
	if (a->src.notice[0])
		snprintf(a->notice, sizeof(a->notice), "%s", a->src.notice);
	if (o->record) {
		struct stat st;
		bool reading = !stat(path, &st);

		/* Never append to the file being read, under any name. */
		err = record_open(&a->rec, o->record, reading ? &st : NULL);
		if (err) {
			snprintf(a->error, sizeof(a->error), "%s: %s",
				 o->record, a->rec.why ? a->rec.why :
				 strerror(-err));
			goto out_source;
		}
		if (a->rec.repaired)
			snprintf(a->notice + strlen(a->notice),
				 sizeof(a->notice) - strlen(a->notice),
				 "%s%s: removed a last sample cut short (%jd bytes from byte %jd) before appending",
				 a->notice[0] ? "; " : "", o->record,
				 (intmax_t)a->rec.repaired,
				 (intmax_t)a->rec.repaired_at);
		a->recording = true;
	}
	err = uv_loop_init(&a->loop);
	if (err) {
		snprintf(a->error, sizeof(a->error), "event loop: %s",
			 uv_strerror(err));
		goto out_record;
	}
	a->loop_open = true;
	a->model = model_new(o->window);
	err = sampler_init(&a->sampler, &a->loop, &a->src, a->model,
			   o->delay, cb);
	if (err) {
		snprintf(a->error, sizeof(a->error), "timer: %s",
			 uv_strerror(err));
		app_close(a);
		return err;
	}
	a->sampler.data = a;
	a->sampler.inline_read = a->src.once;
	/* The one sample is kept until the model is freed. */
	a->model->borrow_names = a->src.once;
	/* Only the screen steps back through a replay. */
	a->sampler.keep_ckpts = !o->batch;
	sampler_set_speed(&a->sampler, o->speed);
	a->sampler.rec = a->recording ? &a->rec : NULL;
	return 0;
out_record:
	if (a->recording)
		record_close(&a->rec);
out_source:
	source_close(&a->src);
	return err;
}

static void app_close_cb(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

int app_close(struct app *a)
{
	int err = 0;

	if (a->loop_open) {
		sampler_stop(&a->sampler);
		uv_walk(&a->loop, app_close_cb, NULL);
		uv_run(&a->loop, UV_RUN_DEFAULT);
		err = uv_loop_close(&a->loop);
		a->loop_open = false;
	}
	sampler_fini(&a->sampler);
	model_free(a->model);
	a->model = NULL;
	if (a->recording)
		record_close(&a->rec);
	a->recording = false;
	source_close(&a->src);
	return err;
}
