/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SCREEN_H
#define SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include <uv.h>

#include "app.h"
#include "config.h"
#include "editor.h"
#include "filter.h"
#include "keys.h"
#include "layout.h"
#include "view.h"

/* What the screen shows; one draw and one key function each. */
enum screen_state {
	STATE_TABLE,
	STATE_DETAIL,
	STATE_HELP,
	STATE_EDITOR,
	STATE_PROMPT,
	STATE_CHOOSER,
};

enum prompt_kind {
	PROMPT_MATCH,
	PROMPT_SEARCH,
	PROMPT_DELAY,
};

struct ui {
	struct app app;
	uv_poll_t stdin_poll;
	uv_signal_t signals[4];
	uv_prepare_t draw;
	int stdin_flags;
	int idle_wakeups;	/* stdin readable, yet nothing came */

	enum screen_state state;
	enum screen_state back;	/* where help and forms return to */
	bool dirty;		/* draw at the end of this loop pass */
	bool clear;		/* repaint every cell (Ctrl-L) */
	bool quit;
	bool per_second;
	bool utf8;
	bool color;

	struct view view;
	bool columns[FIELD_N];
	struct layout layout;
	bool full_names;	/* names whole, scrolled sideways ('w') */
	int hscroll;		/* cells the names are scrolled by */
	bool spark_shared;	/* one trend scale for the rows on screen */
	uint64_t spark_span;	/* that scale, in bytes */
	size_t total;		/* tags the kernel has, unfiltered */

	enum prompt_kind prompt;
	char input[256];
	struct editor ed;
	int chooser;
	int help_top;

	char msg[300];
	bool msg_error;
	uv_timer_t msg_timer;	/* clears the message */
	bool msg_timer_ready;

	/* CPU the whole process used between the last two samples, in ms. */
	double cost_user;
	double cost_sys;
	struct timeval ru_user;
	struct timeval ru_sys;
	char host[65];
	char release[65];
	const struct config *config;	/* the settings file, loaded once */
};

/* The screen regions, from the top. */
#define SCREEN_HEADER_LINES 5
#define SCREEN_MIN_COLS 40
#define SCREEN_MIN_LINES 10
/* How long a message stays without a key. */
#define SCREEN_MESSAGE_MS 4000

/* screen.c: the one place that draws, and key dispatch per state. */
void screen_draw(struct ui *ui);
void screen_key(struct ui *ui, int key);
int screen_table_height(void);
void screen_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* (Re)start the timer that clears the message. */
void screen_message_timer(struct ui *ui);
/* Write s at (y, x) in at most w cells, padded with blanks to w. */
void screen_put(int y, int x, int w, int attr, const char *s);
/* The same, right-aligned. */
void screen_put_right(int y, int x, int w, int attr, const char *s);
/* Bytes of s that fill at most cols cells (UTF-8 aware). */
size_t screen_bytes_for(const char *s, int cols);

/* header.c, table.c, detail.c, help.c: drawing (editor.h: the form). */
void header_draw(struct ui *ui);
/* The header's height: one line more when meminfo is known. */
int header_lines(const struct ui *ui);
void table_draw(struct ui *ui, int y, int height);
void detail_draw(struct ui *ui, int y, int height);
void help_draw(struct ui *ui, int y, int height);

/* ui.c */
bool ui_replay(const struct ui *ui);
void ui_stop(struct ui *ui, int status);
void ui_set_filter(struct ui *ui, const struct filter *f);

#endif
