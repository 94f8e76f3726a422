// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler on a real libuv loop: samples from a capture go into the
 * model in order, a filter change rebases (nothing new or gone), a
 * recording gets every sample, and the sampler's own pace: pause, steps
 * back and forth through a capture, the recorded gaps and the speed.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "record.h"
#include "sampler.h"
#include "testutil.h"

static uv_loop_t loop;
static struct source src;
static struct model *m;
static struct sampler sp;
static int calls, errors, news, gones;
static size_t ntags[8];

static void sampler_setup(void)
{
	const char *path = test_tmp_path("s.cap");
	const char *cap =
		"@sample 10 content_id=1 tags=3\n"
		"1 1 a.c:1 func:f \n"
		"2 1 b.c:2 [mod] func:g \n"
		"3 1 c.c:3 func:h \n"
		"@sample 11 content_id=1 tags=3\n"
		"5 1 a.c:1 func:f \n"
		"6 1 b.c:2 [mod] func:g \n"
		"7 1 c.c:3 func:h \n"
		"@sample 12 content_id=1 tags=3\n"
		"9 1 a.c:1 func:f \n"
		"10 1 b.c:2 [mod] func:g \n"
		"11 1 c.c:3 func:h \n";

	test_write_file(path, cap, strlen(cap), false);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(source_open(&src, SOURCE_CAPTURE, path, NULL, NULL),
			 0);
	m = model_new(60);
	calls = errors = news = gones = 0;
}

static void sampler_teardown(void)
{
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
	sampler_fini(&sp);
	model_free(m);
	source_close(&src);
	test_tmpdir_remove();
}

static void count_states(void)
{
	size_t i;

	for (i = 0; i < m->ntags; i++) {
		news += m->tags[i]->state == TAG_NEW;
		gones += m->tags[i]->state == TAG_GONE;
	}
}

static void plain_cb(struct sampler *s, int err)
{
	if (err) {
		ck_assert_int_eq(err, -ENODATA);
		errors++;
		sampler_stop(s);
		return;
	}
	ntags[calls++] = m->ntags;
	ck_assert_uint_eq(s->taken, (unsigned long)calls);
	ck_assert_uint_eq(m->seq, (unsigned long)calls);
	count_states();
}

START_TEST(test_sampler_replay)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, plain_cb), 0);
	sp.paced = false;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 3);
	ck_assert_int_eq(errors, 1);
	ck_assert_double_eq(m->time, 12);
	ck_assert_int_eq(m->bytes, 30);
	ck_assert_int_eq(m->dbytes, 12);
	ck_assert_int_eq(news + gones, 0);
}
END_TEST

/* After the first sample the filter changes to built-in tags only. */
static void filter_cb(struct sampler *s, int err)
{
	struct filter f;

	if (err) {
		sampler_stop(s);
		return;
	}
	ntags[calls++] = m->ntags;
	count_states();
	if (calls == 1) {
		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
		ck_assert_int_eq(sampler_set_filter(s, &f), 0);
		ck_assert_uint_eq(sampler_filter(s)->mask,
				  ALLOCINFO_FILTER_MASK_MODNAME);
		/* min > max is refused. */
		f.mask |= ALLOCINFO_FILTER_MASK_MIN_SIZE |
			  ALLOCINFO_FILTER_MASK_MAX_SIZE;
		f.min_bytes = 2;
		f.max_bytes = 1;
		ck_assert_int_eq(sampler_set_filter(s, &f), -EINVAL);
	}
}

START_TEST(test_sampler_rebase)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, filter_cb), 0);
	sp.paced = false;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 3);
	ck_assert_uint_eq(ntags[0], 3);
	ck_assert_uint_eq(ntags[1], 2);	/* the module's tag dropped, not gone */
	ck_assert_uint_eq(ntags[2], 2);
	ck_assert_int_eq(news + gones, 0);
	ck_assert_int_eq(m->tags[0]->dbytes, 4);
}
END_TEST

START_TEST(test_sampler_record)
{
	const char *path = test_tmp_path("rec.cap");
	struct recorder rec;
	struct source again;
	struct sample s;
	int i;

	ck_assert_int_eq(record_open(&rec, path, NULL), 0);
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, plain_cb), 0);
	sp.paced = false;
	sp.rec = &rec;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	record_close(&rec);
	ck_assert_int_eq(calls, 3);
	sample_init(&s);
	ck_assert_int_eq(source_open(&again, SOURCE_CAPTURE, path, NULL, NULL),
			 0);
	ck_assert_uint_eq(source_count(&again), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(source_read(&again, &s), 0);
		ck_assert_double_eq(s.time, 10 + i);
		ck_assert_uint_eq(s.content_id, 1);
		ck_assert_int_eq(s.recs[2].bytes, 3 + 4 * i);
	}
	source_close(&again);
	sample_fini(&s);
}
END_TEST

/* Sample k of the fixture, with its bytes, as a step back must show it. */
static void assert_model_at(size_t k)
{
	struct model *want = model_new(60);
	struct source again;
	struct sample x;
	size_t i;

	sample_init(&x);
	ck_assert_int_eq(source_open(&again, SOURCE_CAPTURE,
				     test_tmp_path("s.cap"), NULL, NULL), 0);
	for (i = 0; i <= k; i++) {
		ck_assert_int_eq(source_read(&again, &x), 0);
		model_ingest(want, &x, false);
	}
	ck_assert_uint_eq(m->seq, want->seq);
	ck_assert_double_eq(m->time, want->time);
	ck_assert_int_eq(m->bytes, want->bytes);
	ck_assert_int_eq(m->dbytes, want->dbytes);
	ck_assert_uint_eq(m->ntags, want->ntags);
	for (i = 0; i < m->ntags; i++) {
		ck_assert_int_eq(m->tags[i]->bytes, want->tags[i]->bytes);
		ck_assert_int_eq(m->tags[i]->dbytes, want->tags[i]->dbytes);
		ck_assert_int_eq(m->tags[i]->growth, want->tags[i]->growth);
	}
	source_close(&again);
	sample_fini(&x);
	model_free(want);
}

/*
 * Paused from the start: ] twice to the end, then [ back one, then two [
 * at once (they add up), then [ at the first sample is refused.
 */
static size_t positions[16];

static void step_cb(struct sampler *s, int err)
{
	ck_assert_int_eq(err, 0);
	positions[calls++] = s->pos;
	ck_assert_uint_eq(m->seq, s->pos);
	assert_model_at(s->pos - 1);
	switch (calls) {
	case 1:
	case 2:
		ck_assert_int_eq(sampler_step(s, 1), 0);
		break;
	case 3:
		ck_assert_int_eq(sampler_step(s, 1), -ERANGE);
		ck_assert_int_eq(sampler_step(s, -1), 0);
		break;
	case 4:
		ck_assert_int_eq(sampler_step(s, 1), 0);
		break;
	case 5:
		ck_assert_int_eq(sampler_step(s, -1), 0);
		ck_assert_int_eq(sampler_step(s, -1), 0);
		ck_assert_int_eq(sampler_step(s, -1), -ERANGE);
		break;
	default:
		ck_assert_int_eq(sampler_step(s, -1), -ERANGE);
		sampler_stop(s);
		break;
	}
}

START_TEST(test_sampler_step)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, step_cb), 0);
	sampler_pause(&sp);
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 6);
	ck_assert_uint_eq(positions[0], 1);
	ck_assert_uint_eq(positions[1], 2);
	ck_assert_uint_eq(positions[2], 3);
	ck_assert_uint_eq(positions[3], 2);	/* rebuilt */
	ck_assert_uint_eq(positions[4], 3);
	ck_assert_uint_eq(positions[5], 1);	/* two steps, one rebuild */
	/* Only reads forward count as samples taken. */
	ck_assert_uint_eq(sp.taken, 4);
}
END_TEST

/*
 * Stepping back through a longer capture: tags come, go and come back,
 * some move, some rest past the window.  For every k, the model after a
 * replay to the end and steps back to k equals a replay to k, field for
 * field.  _i: 0 the sampler's checkpoints, 1 one every sample (a step
 * back then reads nothing on), 2 a budget so small that they thin out
 * as they come, 3 a filter set at the end (the checkpoints, read without
 * it, are dropped), 4 opened as the screen opens it, indexed on a thread,
 * and a step on from the first sample to the last taken while the index
 * is said to hold only two samples, 5 no checkpoints kept (as in a batch
 * run: every step back reads from the first sample).
 */
enum { BACK_SAMPLES = 50 };
static bool back_phase, back_filtered, back_held;
static size_t back_seen;
static int back_variant;

/*
 * The capture reader, but for what it says of its index while held: two
 * samples so far, more to come.  Reads and seeks are its own.
 */
static struct source_ops held_ops;
static size_t (*real_count)(struct source *src);
static bool (*real_indexing)(struct source *src);

static size_t held_count(struct source *s)
{
	size_t n = real_count(s);

	return back_held && n > 2 ? 2 : n;
}

static bool held_indexing(struct source *s)
{
	return back_held || real_indexing(s);
}

static const char *back_capture(void)
{
	const char *path = test_tmp_path("b.cap");
	static char buf[1 << 17];
	size_t len = 0;
	int n, k;

	for (n = 0; n < BACK_SAMPLES; n++) {
		unsigned int seed = 31u * (unsigned int)n + 7;
		bool here[24];
		int count = 0;

		for (k = 0; k < 24; k++) {
			here[k] = rand_r(&seed) % 6 || k < 4;
			count += here[k];
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"@sample %g content_id=%d tags=%d\n",
					100 + n * 1.25, 1 + n / 20, count);
		for (k = 0; k < 24; k++)
			if (here[k])
				len += (size_t)snprintf(buf + len,
					sizeof(buf) - len,
					"%d %d t%d.c:%d %sfunc:f%d \n",
					4096 * (k + 1) +
					(k % 3 ? 64 * n * (k % 5) : 0),
					n + k, k, k, k % 4 ? "" : "[mod] ",
					k);
	}
	ck_assert_uint_lt(len, sizeof(buf) - 1);
	test_write_file(path, buf, len, false);
	return path;
}

static void back_filter(struct filter *f)
{
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(filter_set(f, FILTER_MODULE, "", NULL), 0);
}

/* The model a replay of samples 0 .. k - 1 makes. */
static void assert_replayed(size_t k)
{
	struct model *want = model_new(8);
	struct source again;
	struct sample x;
	char what[32];
	size_t i;

	sample_init(&x);
	ck_assert_int_eq(source_open(&again, SOURCE_CAPTURE,
				     test_tmp_path("b.cap"), NULL, NULL), 0);
	if (back_filtered)
		back_filter(&again.filter);
	for (i = 0; i < k; i++) {
		ck_assert_int_eq(source_read(&again, &x), 0);
		model_ingest(want, &x, false);
	}
	snprintf(what, sizeof(what), "back at %zu", k);
	test_model_eq(m, want, what);
	source_close(&again);
	sample_fini(&x);
	model_free(want);
}

static void back_cb(struct sampler *s, int err)
{
	struct filter f;

	ck_assert_int_eq(err, 0);
	if (!back_phase) {
		if (s->pos == 1)
			ck_assert_int_eq(sampler_step(s, BACK_SAMPLES - 1), 0);
		if (s->pos < BACK_SAMPLES || s->stepping)
			return;
		if (back_held) {
			/* The index is whole: no step past the end. */
			back_held = false;
			ck_assert_int_eq(source_index_wait(s->src), 0);
			ck_assert_uint_eq(source_count(s->src), BACK_SAMPLES);
			ck_assert_int_eq(sampler_step(s, 1), -ERANGE);
		}
		back_phase = true;
		if (back_variant == 3 && !back_filtered) {
			back_filter(&f);
			ck_assert_int_eq(sampler_set_filter(s, &f), 0);
			sampler_refresh(s);
			back_filtered = true;
			back_phase = false;
			return;
		}
	} else {
		ck_assert_uint_eq(s->pos, BACK_SAMPLES - ++back_seen);
		assert_replayed(s->pos);
		/* The sample shown is the one read last. */
		ck_assert_double_eq(s->cur.time, 100 + (s->pos - 1) * 1.25);
	}
	if (s->pos > 1)
		ck_assert_int_eq(sampler_step(s, -1), 0);
	else
		sampler_stop(s);
}

START_TEST(test_sampler_step_back)
{
	source_close(&src);
	if (_i == 4) {
		ck_assert_int_eq(source_open_lazy(&src, SOURCE_CAPTURE,
						  back_capture(), NULL, 1), 0);
		held_ops = *src.ops;
		real_count = held_ops.count;
		real_indexing = held_ops.indexing;
		held_ops.count = held_count;
		held_ops.indexing = held_indexing;
		src.ops = &held_ops;
	} else {
		ck_assert_int_eq(source_open(&src, SOURCE_CAPTURE,
					     back_capture(), NULL, NULL), 0);
	}
	back_held = _i == 4;
	model_free(m);
	m = model_new(8);
	back_phase = back_filtered = false;
	back_seen = 0;
	back_variant = _i;
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, back_cb), 0);
	if (_i == 1 || _i == 2) {
		ckpt_fini(&sp.ckpts);
		ckpt_init(&sp.ckpts, 1, _i == 1 ? SIZE_MAX : 1);
	}
	if (_i == 5)
		sp.keep_ckpts = false;
	sampler_pause(&sp);
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_uint_eq(back_seen, BACK_SAMPLES - 1);
	if (_i == 1)
		ck_assert_uint_eq(sp.ckpts.n, BACK_SAMPLES);
	else if (_i == 2)
		ck_assert_uint_eq(sp.ckpts.n, 1);
	else if (_i == 5)
		ck_assert_uint_eq(sp.ckpts.n, 0);
	else
		ck_assert_uint_eq(sp.ckpts.n,
				  BACK_SAMPLES / SAMPLER_CKPT_EVERY);
}
END_TEST

/* A live source cannot step. */
START_TEST(test_sampler_step_live)
{
	struct source live;

	ck_assert_int_eq(source_open(&live, SOURCE_TEXT,
				     test_data_path(TINY_DUMP), NULL, NULL), 0);
	ck_assert_int_eq(sampler_init(&sp, &loop, &live, m, 1, NULL), 0);
	ck_assert_int_eq(sampler_step(&sp, 1), -EOPNOTSUPP);
	ck_assert_int_eq(sampler_step(&sp, -1), -EOPNOTSUPP);
	sampler_stop(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	source_close(&live);
}
END_TEST

/* A new filter on a capture reads the sample shown again through it. */
static void refresh_cb(struct sampler *s, int err)
{
	struct filter f;

	if (err) {
		ck_assert_int_eq(err, -ENODATA);
		ck_assert(s->at_end);
		sampler_stop(s);
		return;
	}
	positions[calls] = s->pos;
	ntags[calls++] = m->ntags;
	if (calls == 1) {
		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
		ck_assert_int_eq(sampler_set_filter(s, &f), 0);
		sampler_refresh(s);
	}
}

START_TEST(test_sampler_refresh)
{
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 1, refresh_cb), 0);
	sp.paced = false;
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 4);
	ck_assert_uint_eq(positions[0], 1);
	ck_assert_uint_eq(positions[1], 1);	/* the same sample again */
	ck_assert_uint_eq(ntags[0], 3);
	ck_assert_uint_eq(ntags[1], 2);
	ck_assert_uint_eq(positions[3], 3);
}
END_TEST

/*
 * A replay waits between samples as long as the capture did, divided by
 * the speed; where no time was recorded it waits the delay.
 */
static double periods[8];

static void pace_cb(struct sampler *s, int err)
{
	if (err) {
		ck_assert_int_eq(err, -ENODATA);
		sampler_stop(s);
		return;
	}
	/* What the sampler set after the previous sample. */
	periods[calls++] = s->period;
	if (calls == 3)
		sampler_set_speed(s, 2);
}

START_TEST(test_sampler_pace)
{
	const char *path = test_tmp_path("pace.cap");
	const char *cap =
		"1 1 a.c:1 func:f \n"
		"@sample 20.00\n"
		"1 1 a.c:1 func:f \n"
		"@sample 20.04\n"
		"1 1 a.c:1 func:f \n"
		"@sample 20.10\n"
		"1 1 a.c:1 func:f \n";
	struct source pace;
	uint64_t t0;

	test_write_file(path, cap, strlen(cap), false);
	ck_assert_int_eq(source_open(&pace, SOURCE_CAPTURE, path, NULL, NULL),
			 0);
	ck_assert_int_eq(sampler_init(&sp, &loop, &pace, m, 0.02, pace_cb),
			 0);
	t0 = uv_hrtime();
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 4);
	ck_assert_double_eq_tol(periods[1], 0.02, 1e-9);  /* no time: delay */
	ck_assert_double_eq_tol(periods[2], 0.04, 1e-9);
	ck_assert_double_eq_tol(periods[3], 0.03, 1e-9);  /* 0.06 at x2 */
	/* And it waited them, and half the delay after the last sample. */
	ck_assert_double_ge((double)(uv_hrtime() - t0) / 1e9, 0.095);
	/* The speed stays within 1/64 to 64. */
	sampler_set_speed(&sp, 1000);
	ck_assert_double_eq(sp.speed, 64);
	sampler_set_speed(&sp, 0);
	ck_assert_double_eq(sp.speed, 1.0 / 64);
	source_close(&pace);
}
END_TEST

/* Paused, the timer reads nothing; sampler_now reads one; resume goes on. */
static uv_timer_t later;

static void later_cb(uv_timer_t *t)
{
	(void)t;
	ck_assert_int_eq(calls, 2);
	sampler_resume(&sp);
}

static void pause_cb(struct sampler *s, int err)
{
	if (err) {
		ck_assert_int_eq(err, -ENODATA);
		sampler_stop(s);
		uv_close((uv_handle_t *)&later, NULL);
		return;
	}
	calls++;
	if (calls == 1) {
		sampler_pause(s);
		sampler_now(s);
	} else if (calls == 2) {
		ck_assert(s->paused);
		uv_timer_start(&later, later_cb, 100, 0);
	}
}

START_TEST(test_sampler_pause)
{
	ck_assert_int_eq(uv_timer_init(&loop, &later), 0);
	ck_assert_int_eq(sampler_init(&sp, &loop, &src, m, 0.01, pause_cb),
			 0);
	sampler_start(&sp);
	uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(calls, 3);
	ck_assert(sp.at_end);
}
END_TEST

Suite *sampler_suite(void)
{
	Suite *s = suite_create("sampler");
	TCase *tc = tcase_create("loop");

	tcase_add_checked_fixture(tc, sampler_setup, sampler_teardown);
	tcase_add_test(tc, test_sampler_replay);
	tcase_add_test(tc, test_sampler_rebase);
	tcase_add_test(tc, test_sampler_record);
	tcase_add_test(tc, test_sampler_step);
	tcase_add_test(tc, test_sampler_step_live);
	tcase_add_loop_test(tc, test_sampler_step_back, 0, 6);
	tcase_add_test(tc, test_sampler_refresh);
	tcase_add_test(tc, test_sampler_pace);
	tcase_add_test(tc, test_sampler_pause);
	suite_add_tcase(s, tc);
	return s;
}
