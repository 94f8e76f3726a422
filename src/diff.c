// SPDX-License-Identifier: GPL-2.0
/*
 * Two snapshots compared: the model takes them as two samples, so tags
 * are matched, twins told apart, and rows sorted and printed the way a
 * live view does it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "output.h"
#include "sat.h"

int diff_read(struct source *src, const char *path, const struct filter *f,
	      struct sample *s, char *error, size_t size)
{
	size_t n;
	int err;

	err = source_open(src, SOURCE_CAPTURE, path, f, NULL);
	if (err) {
		snprintf(error, size, "%s", src->error);
		return err;
	}
	n = source_count(src);
	if (!n) {
		snprintf(error, size, "%s: no sample in the file", path);
		err = -ENODATA;
		goto out_close;
	}
	err = source_seek(src, n - 1);
	if (!err)
		err = source_read(src, s);
	if (!err)
		return 0;
	snprintf(error, size, "%s", src->error[0] ? src->error : strerror(-err));
out_close:
	source_close(src);
	return err;
}

void diff_samples(struct model *m, const struct sample *old,
		  const struct sample *new)
{
	double dt = new->time - old->time;
	__int128 dbytes = 0;
	size_t i;

	model_ingest(m, old, false);
	model_ingest(m, new, false);
	for (i = 0; i < m->ntags; i++) {
		struct tag *t = m->tags[i];

		if (t->state != TAG_GONE) {
			dbytes += t->dbytes;
			continue;
		}
		/* The model keeps a gone tag's last values; a diff wants 0. */
		t->dbytes = sat_sub_s64(0, t->bytes);
		t->dcalls = sat_diff_u64(0, t->calls);
		t->bytes = 0;
		t->calls = 0;
		t->growth = t->dbytes;
		t->avg = 0;
		t->rate = dt > 0 ? (double)t->dbytes / dt : 0;
		dbytes += t->dbytes;
	}
	/* The total change counts what vanished too. */
	m->dbytes = sat_s64_from_wide(dbytes);
}

int diff_run(const struct opts *o)
{
	struct source src_old, src_new;
	struct sample old, new;
	struct output out;
	struct model *m;
	char error[640];
	int status = 1;

	sample_init(&old);
	sample_init(&new);
	if (diff_read(&src_old, o->diff_old, &o->filter, &old, error,
		      sizeof(error))) {
		fprintf(stderr, "allocinfo-top: %s\n", error);
		goto out_free;
	}
	if (diff_read(&src_new, o->diff_new, &o->filter, &new, error,
		      sizeof(error))) {
		fprintf(stderr, "allocinfo-top: %s\n", error);
		goto out_old;
	}
	m = model_new(o->window);
	diff_samples(m, &old, &new);
	output_init(&out, stdout);
	out.format = o->format;
	out.exact = o->exact_bytes;
	out.color = o->color;
	out.lines = o->lines;
	out.key = o->sort;
	out.match = o->match;
	out.diff = true;
	output_sample(&out, m, "diff");
	output_fini(&out);
	model_free(m);
	if (fflush(stdout) || ferror(stdout))
		fprintf(stderr, "allocinfo-top: stdout: write error\n");
	else
		status = 0;
	source_close(&src_new);
out_old:
	source_close(&src_old);
out_free:
	sample_fini(&old);
	sample_fini(&new);
	return status;
}
