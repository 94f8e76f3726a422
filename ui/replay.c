// SPDX-License-Identifier: GPL-2.0
/*
 * Replaying a capture: each sample stays on screen for as long as the
 * recording waited before the next one (divided by the speed), and a
 * paused replay steps forward by reading one more sample and back by
 * re-reading the capture from its start into a fresh model.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "screen.h"
#include "xalloc.h"

/* The time of every sample, from the capture's separator lines. */
static size_t replay_scan(const char *path, double **times)
{
	char *buf = NULL, *p, *end;
	size_t len = 0, cap = 0, n = 0, alloc = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*times = NULL;
	if (fd < 0)
		return 0;
	if (source_slurp(fd, &buf, &len, &cap)) {
		close(fd);
		free(buf);
		return 0;
	}
	close(fd);
	for (p = buf, end = buf + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		struct parse_separator sep;
		const char *why;

		if (!nl)
			nl = end;
		if (parse_is_separator(p, (size_t)(nl - p)) &&
		    !parse_separator(p, (size_t)(nl - p), &sep, &why)) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				*times = xreallocarray(*times, alloc,
						       sizeof(**times));
			}
			(*times)[n++] = sep.time;
		}
		p = nl + 1;
	}
	free(buf);
	return n;
}

int replay_init(struct ui *ui)
{
	struct source *src = &ui->app.src;
	size_t n;

	ui->speed = 1;
	if (!ui->replay)
		return 0;
	ui->replay_count = src->ops->count ? src->ops->count(src) : 0;
	n = replay_scan(src->path, &ui->replay_times);
	/* No separators: one sample, nothing to pace. */
	if (n < ui->replay_count) {
		free(ui->replay_times);
		ui->replay_times = NULL;
	}
	return 0;
}

void replay_sampled(struct ui *ui)
{
	size_t k = ui->replay_next ? ui->replay_next - 1 : 0;
	double gap;

	if (!ui->replay || ui->paused || ui->replay_end)
		return;
	if (!ui->replay_times || k + 1 >= ui->replay_count)
		gap = ui->app.opts.delay;
	else
		gap = ui->replay_times[k + 1] - ui->replay_times[k];
	gap /= ui->speed;
	if (gap < 0.01)
		gap = 0.01;
	if (gap > 3600)
		gap = 3600;
	sampler_set_delay(&ui->app.sampler, gap);
}

void replay_step_back(struct ui *ui)
{
	struct app *a = &ui->app;
	struct sample s;
	size_t i, want;
	int err = 0;

	if (ui->replay_next < 2) {
		screen_message(ui, false, "at the first sample");
		return;
	}
	if (a->sampler.busy) {
		screen_message(ui, false, "reading a sample; try again");
		return;
	}
	want = ui->replay_next - 1;
	sample_init(&s);
	model_reset(a->model);
	err = a->src.ops->seek(&a->src, 0);
	for (i = 0; !err && i < want; i++) {
		err = source_read(&a->src, &s);
		if (!err)
			model_ingest(a->model, &s, false);
	}
	ui->total = s.total;
	sample_fini(&s);
	ui->replay_next = i;
	ui->replay_end = false;
	if (err)
		screen_message(ui, true, "%s", a->src.error);
	view_refresh(ui);
}

void replay_fini(struct ui *ui)
{
	free(ui->replay_times);
	ui->replay_times = NULL;
}
