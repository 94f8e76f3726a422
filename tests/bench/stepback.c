// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of one step back through a replay, at chosen samples, through
 * the sampler as the screen drives it: a paused replay read forward to
 * each sample, then one step back.
 *
 *   stepback [--every N] CAPTURE WINDOW POS...
 *
 * Prints, per POS, the CPU time of reading forward to it and of the step
 * back (all threads: the rebuild runs on libuv's thread pool), and the
 * checkpoints kept then.
 * Under valgrind --tool=callgrind each reading forward and each step back
 * is also a dump of its own ("forward to POS", "back at POS"), counted in
 * instructions.
 * --every 0: no checkpoints (every step back reads from the first
 * sample, as before them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <valgrind/callgrind.h>

#include "sampler.h"

static int failed;

static void bench_cb(struct sampler *sp, int err)
{
	(void)sp;
	if (err)
		failed = err;
}

static double bench_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	size_t every = SAMPLER_CKPT_EVERY;
	struct sampler sp;
	struct source src;
	struct model *m;
	uv_loop_t loop;
	char label[64];
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--every")) {
		every = strtoul(argv[2], NULL, 10);
		i = 3;
	}
	if (argc - i < 3) {
		fprintf(stderr,
			"usage: stepback [--every N] CAPTURE WINDOW POS...\n");
		return 2;
	}
	if (source_open(&src, SOURCE_CAPTURE, argv[i], NULL, NULL)) {
		fprintf(stderr, "stepback: cannot open %s\n", argv[i]);
		return 1;
	}
	m = model_new(atof(argv[i + 1]));
	uv_loop_init(&loop);
	sampler_init(&sp, &loop, &src, m, 1, bench_cb);
	ckpt_fini(&sp.ckpts);
	ckpt_init(&sp.ckpts, every ? every : (size_t)1 << 62,
		  SAMPLER_CKPT_BUDGET);
	sampler_pause(&sp);
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	for (i += 2; i < argc && !failed; i++) {
		size_t pos = strtoul(argv[i], NULL, 10);
		double t0 = bench_cpu_ms(), fwd;

		if (pos != sp.pos &&
		    sampler_step(&sp, (long)pos - (long)sp.pos)) {
			fprintf(stderr, "stepback: no sample %zu\n", pos);
			return 1;
		}
		uv_run(&loop, UV_RUN_DEFAULT);
		fwd = bench_cpu_ms() - t0;
		snprintf(label, sizeof(label), "forward to %zu", pos);
		CALLGRIND_DUMP_STATS_AT(label);
		snprintf(label, sizeof(label), "back at %zu", pos);
		t0 = bench_cpu_ms();
		sampler_step(&sp, -1);
		uv_run(&loop, UV_RUN_DEFAULT);
		t0 = bench_cpu_ms() - t0;
		CALLGRIND_DUMP_STATS_AT(label);
		printf("pos=%zu forward_cpu_ms=%.1f back_cpu_ms=%.2f ",
		       pos, fwd, t0);
		printf("ckpts=%zu every=%zu ckpt_kib=%zu\n", sp.ckpts.n,
		       sp.ckpts.every, sp.ckpts.bytes >> 10);
	}
	sampler_stop(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	sampler_fini(&sp);
	model_free(m);
	source_close(&src);
	if (failed)
		fprintf(stderr, "stepback: a read failed: %d\n", failed);
	return !!failed;
}
