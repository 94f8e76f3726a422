// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "output.h"

struct batch {
	struct app app;
	struct output out;
};

static void batch_sample_cb(struct sampler *sp, int err)
{
	struct app *a = sp->data;
	struct batch *b = (struct batch *)a;

	if (err == -ENODATA) {
		sampler_stop(sp);
		return;
	}
	if (err) {
		fprintf(stderr, "allocinfo-top: %s\n",
			a->src.error[0] ? a->src.error : strerror(-err));
		a->status = 1;
		sampler_stop(sp);
		return;
	}
	if (sp->rec_err) {
		fprintf(stderr, "allocinfo-top: %s: %s\n", a->opts.record,
			strerror(-sp->rec_err));
		a->status = 1;
		sampler_stop(sp);
		return;
	}
	output_sample(&b->out, a->model, source_name(&a->src));
	if (ferror(stdout)) {
		fprintf(stderr, "allocinfo-top: stdout: write error\n");
		a->status = 1;
		sampler_stop(sp);
		return;
	}
	if (a->opts.iterations && sp->taken >= (unsigned long)a->opts.iterations)
		sampler_stop(sp);
}

int batch_run(const struct opts *o)
{
	static struct batch b;
	int err;

	memset(&b, 0, sizeof(b));
	err = app_open(&b.app, o, batch_sample_cb);
	if (err) {
		fprintf(stderr, "allocinfo-top: %s\n", b.app.error);
		return 1;
	}
	if (b.app.notice[0])
		fprintf(stderr, "allocinfo-top: %s\n", b.app.notice);
	output_init(&b.out, stdout);
	b.out.format = o->format;
	b.out.exact = o->exact_bytes;
	b.out.color = o->color;
	b.out.lines = o->lines;
	b.out.key = o->sort;
	b.out.match = o->match;
	/* A capture is printed as fast as it reads; the kernel is paced. */
	b.app.sampler.paced = !o->replay;
	sampler_start(&b.app.sampler);
	uv_run(&b.app.loop, UV_RUN_DEFAULT);
	err = app_close(&b.app);
	output_fini(&b.out);
	if (err) {
		fprintf(stderr, "allocinfo-top: event loop: %s\n",
			uv_strerror(err));
		return 1;
	}
	return b.app.status;
}
