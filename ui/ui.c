// SPDX-License-Identifier: GPL-2.0
/*
 * The interactive screen on the event loop: keys from a uv_poll_t on
 * stdin, signals through uv_signal_t, samples from the sampler, and one
 * uv_prepare_t that draws once per loop pass when a callback marked the
 * screen dirty.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"
#include "crt.h"
#include "screen.h"
#include "ui.h"

static const int ui_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };

void ui_stop(struct ui *ui, int status)
{
	if (ui->quit)
		return;
	ui->quit = true;
	ui->app.status = status;
	uv_stop(&ui->app.loop);
}

/* Is this a replay, a capture one can step through? */
bool ui_replay(const struct ui *ui)
{
	return source_caps(&ui->app.src) & SOURCE_SEEKABLE;
}

void ui_set_filter(struct ui *ui, const struct filter *f)
{
	char desc[300];
	int err = sampler_set_filter(&ui->app.sampler, f);

	if (err) {
		screen_message(ui, true, "filter not applied: min-bytes > max-bytes");
		return;
	}
	sampler_refresh(&ui->app.sampler);
	if (!ui->view.follow)
		view_home(&ui->view);
	filter_describe(f, desc, sizeof(desc));
	screen_message(ui, false, "kernel filter: %s", desc);
}

static double ui_ms(struct timeval a, struct timeval b)
{
	return (double)(a.tv_sec - b.tv_sec) * 1e3 +
	       (double)(a.tv_usec - b.tv_usec) / 1e3;
}

/* What the process (reading, ingesting, drawing) cost since last time. */
static void ui_account(struct ui *ui)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return;
	ui->cost_user = ui_ms(ru.ru_utime, ui->ru_user);
	ui->cost_sys = ui_ms(ru.ru_stime, ui->ru_sys);
	ui->ru_user = ru.ru_utime;
	ui->ru_sys = ru.ru_stime;
}

static void ui_sample_cb(struct sampler *sp, int err)
{
	struct ui *ui = sp->data;

	if (err == -ENODATA) {
		screen_message(ui, false,
			       "end of the capture: Z and [ step back, q quits");
		return;
	}
	if (err) {
		screen_message(ui, true, "%s",
			       ui->app.src.error[0] ? ui->app.src.error :
			       strerror(-err));
	} else {
		if (ui->app.src.notice_new) {
			ui->app.src.notice_new = false;
			screen_message(ui, false, "%s", ui->app.src.notice);
		}
		ui->total = sp->cur.total;
		view_refresh(&ui->view);
		ui_account(ui);
	}
	if (sp->rec_err)
		screen_message(ui, true, "%s: %s", ui->app.opts.record,
			       strerror(-sp->rec_err));
	ui->dirty = true;
	if (ui->app.opts.iterations &&
	    sp->taken >= (unsigned long)ui->app.opts.iterations)
		ui_stop(ui, 0);
}

static void ui_input_cb(uv_poll_t *h, int status, int events)
{
	struct ui *ui = h->data;
	int key, got = 0, avail = 0;

	(void)events;
	if (status < 0) {
		ui_stop(ui, 1);
		return;
	}
	while (!ui->quit && (key = getch()) != ERR) {
		got++;
		screen_key(ui, key);
	}
	/* Readable again and again, nothing to read: the terminal is gone. */
	if (got || ioctl(STDIN_FILENO, FIONREAD, &avail) || avail)
		ui->idle_wakeups = 0;
	else if (++ui->idle_wakeups >= 3)
		ui_stop(ui, 1);
}

static void ui_signal_cb(uv_signal_t *h, int signum)
{
	struct ui *ui = h->data;

	if (signum == SIGWINCH) {
		crt_resize();
		/* A new size shows the top, unless the selection follows. */
		if (!ui->view.follow)
			view_home(&ui->view);
		ui->dirty = true;
		return;
	}
	ui_stop(ui, 128 + signum);
}

static void ui_draw_cb(uv_prepare_t *h)
{
	struct ui *ui = h->data;

	if (!ui->dirty || ui->quit)
		return;
	screen_draw(ui);
	ui->dirty = false;
}

/* Settings only the screen has (the rest came through the command line). */
static void ui_load_config(struct ui *ui, const struct config *c)
{
	layout_defaults(ui->columns);
	ui->config = c;
	if (c->error[0])
		screen_message(ui, true, "%s", c->error);
	else if (c->columns[0] && layout_parse(c->columns, ui->columns))
		screen_message(ui, true, "%s: columns: unknown column",
			       c->path);
}

static int ui_start(struct ui *ui, char *err, size_t errsize)
{
	uv_loop_t *loop = &ui->app.loop;
	size_t i;
	int ret;

	/* Before curses: then ncurses leaves these signals to libuv. */
	for (i = 0; i < 4; i++) {
		uv_signal_init(loop, &ui->signals[i]);
		ui->signals[i].data = ui;
		uv_signal_start(&ui->signals[i], ui_signal_cb, ui_signals[i]);
	}
	ui->stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
	if (crt_init(ui->color, err, errsize))
		return -1;
	ui->utf8 = crt_utf8();
	ret = uv_poll_init(loop, &ui->stdin_poll, STDIN_FILENO);
	/*
	 * libuv made stdin non-blocking, but it only polls it and curses
	 * never blocks in nodelay mode: give the terminal its flags back
	 * now, so that a shell sharing it (after Ctrl-Z, or a crash) does
	 * not see EAGAIN.
	 */
	if (ui->stdin_flags >= 0)
		fcntl(STDIN_FILENO, F_SETFL, ui->stdin_flags);
	if (!ret) {
		ui->stdin_poll.data = ui;
		ret = uv_poll_start(&ui->stdin_poll, UV_READABLE, ui_input_cb);
	}
	if (ret) {
		snprintf(err, errsize, "stdin: %s", uv_strerror(ret));
		return -1;
	}
	uv_prepare_init(loop, &ui->draw);
	ui->draw.data = ui;
	uv_prepare_start(&ui->draw, ui_draw_cb);
	uv_timer_init(loop, &ui->msg_timer);
	ui->msg_timer.data = ui;
	ui->msg_timer_ready = true;
	if (ui->msg[0])
		screen_message_timer(ui);
	return 0;
}

int ui_run(const struct opts *o, const struct config *c)
{
	static struct ui ui;
	struct utsname un;
	char err[640] = "";
	int ret, status;

	memset(&ui, 0, sizeof(ui));
	setlocale(LC_CTYPE, "");
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"allocinfo-top: stdin is not a terminal; use -b for batch output\n");
		return 1;
	}
	if (app_open(&ui.app, o, ui_sample_cb)) {
		fprintf(stderr, "allocinfo-top: %s\n", ui.app.error);
		return 1;
	}
	ui.app.sampler.data = &ui;
	view_init(&ui.view, ui.app.model);
	ui.view.sort = o->sort;
	ui.color = o->color;
	if (o->match)
		snprintf(ui.view.match, sizeof(ui.view.match), "%s", o->match);
	if (uname(&un) == 0) {
		snprintf(ui.host, sizeof(ui.host), "%s", un.nodename);
		snprintf(ui.release, sizeof(ui.release), "%s", un.release);
	}
	/*
	 * A stock kernel has no ioctl: the header's "Source text" says all
	 * there is to say, so the screen does not raise it as a message.
	 */
	if (ui.app.notice[0] && !ui.app.src.fell_back)
		screen_message(&ui, false, "%s", ui.app.notice);
	ui_load_config(&ui, c);
	ui.dirty = true;
	ret = ui_start(&ui, err, sizeof(err));
	if (!ret) {
		ui_account(&ui);
		ui.cost_user = ui.cost_sys = 0;
		sampler_start(&ui.app.sampler);
		uv_run(&ui.app.loop, UV_RUN_DEFAULT);
	}
	ui.quit = true;
	crt_fini();
	status = ui.app.status;
	ret = app_close(&ui.app) || ret;
	if (ui.stdin_flags >= 0)
		fcntl(STDIN_FILENO, F_SETFL, ui.stdin_flags);
	view_fini(&ui.view);
	if (err[0]) {
		fprintf(stderr, "allocinfo-top: %s\n", err);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "allocinfo-top: event loop did not close\n");
		return 1;
	}
	return status;
}
