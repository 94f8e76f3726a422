// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "output.h"
#include "textfile.h"

struct batch {
	struct app app;
	struct output out;
	struct textfile tf;
};

static int batch_fill_cb(FILE *fp, void *arg)
{
	struct batch *b = arg;

	b->out.fp = fp;
	output_sample(&b->out, b->app.model, source_name(&b->app.src));
	return ferror(fp) ? -EIO : 0;
}

/* Write the sample out: to stdout, or to the textfile.  0 or -errno. */
static int batch_print(struct batch *b)
{
	const struct opts *o = &b->app.opts;
	int err;

	if (!o->textfile) {
		output_sample(&b->out, b->app.model, source_name(&b->app.src));
		return ferror(stdout) ? -EIO : 0;
	}
	err = textfile_write(&b->tf, batch_fill_cb, b);
	if (err)
		fprintf(stderr, "allocinfo-top: %s/%s: %s\n", o->textfile,
			TEXTFILE_NAME, strerror(-err));
	return err;
}

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
	if (batch_print(b)) {
		if (!a->opts.textfile)
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
	b.tf.dirfd = -1;
	if (o->textfile) {
		err = textfile_open(&b.tf, o->textfile);
		if (err) {
			fprintf(stderr, "allocinfo-top: --textfile %s: %s\n",
				o->textfile,
				err == -ELOOP ? "a symbolic link, not a directory" :
				err == -EPERM ? "not owned by this user" :
				strerror(-err));
			return 1;
		}
	}
	err = app_open(&b.app, o, batch_sample_cb);
	if (err) {
		fprintf(stderr, "allocinfo-top: %s\n", b.app.error);
		textfile_close(&b.tf);
		return 1;
	}
	if (b.app.notice[0])
		fprintf(stderr, "allocinfo-top: %s\n", b.app.notice);
	output_init(&b.out, stdout);
	/* The textfile collector reads the Prometheus text format. */
	b.out.format = o->textfile ? OUTPUT_PROMETHEUS : o->format;
	b.out.exact = o->exact_bytes;
	b.out.color = o->color;
	b.out.lines = o->lines;
	b.out.key = o->sort;
	b.out.match = o->match;
	/*
	 * A capture is printed as fast as it reads; the kernel is paced, and
	 * so is a textfile, which is there to be scraped over time: a replay
	 * into it keeps the recorded gaps, sped up by --speed.
	 */
	b.app.sampler.paced = !o->replay || o->textfile;
	sampler_start(&b.app.sampler);
	uv_run(&b.app.loop, UV_RUN_DEFAULT);
	err = app_close(&b.app);
	output_fini(&b.out);
	textfile_close(&b.tf);
	if (err) {
		fprintf(stderr, "allocinfo-top: event loop: %s\n",
			uv_strerror(err));
		return 1;
	}
	return b.app.status;
}
