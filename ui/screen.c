// SPDX-License-Identifier: GPL-2.0
/*
 * The screen's states, each with one draw and one key function, and the
 * one place that draws (screen_draw, called once per loop pass when
 * something is dirty).  Drawing goes to curses' virtual screen only;
 * refresh() then sends the cells that changed, so a refresh never clears
 * the terminal.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "crt.h"
#include "screen.h"

size_t screen_bytes_for(const char *s, int cols)
{
	size_t i = 0;
	int n = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == cols)
				break;
			n++;
		}
		i++;
	}
	return i;
}

static int screen_cells(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void screen_put(int y, int x, int w, int attr, const char *s)
{
	int n;

	if (w <= 0 || x >= COLS || y >= LINES)
		return;
	if (x + w > COLS)
		w = COLS - x;
	n = screen_cells(s);
	if (n > w)
		n = w;
	attron(attr);
	mvaddnstr(y, x, s, (int)screen_bytes_for(s, w));
	if (n < w)
		mvhline(y, x + n, ' ', w - n);
	attroff(attr);
}

void screen_put_right(int y, int x, int w, int attr, const char *s)
{
	int n = screen_cells(s);

	if (n >= w) {
		screen_put(y, x, w, attr, s);
		return;
	}
	attron(attr);
	mvhline(y, x, ' ', w - n);
	attroff(attr);
	screen_put(y, x + w - n, n, attr, s);
}

void screen_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	va_end(ap);
	ui->msg_error = error;
	ui->dirty = true;
}

int screen_table_height(void)
{
	return LINES - SCREEN_HEADER_LINES - 1;
}

/* The htop-style key bar: F-keys with their letter twins. */
static void screen_footer(struct ui *ui)
{
	static const struct {
		const char *key, *what;
	} bar[] = {
		{ "F1", "Help" }, { "F3", "Search" }, { "F4", "Filter" },
		{ "F5", "Group" }, { "F6", "Sort" }, { "f", "Kernel" },
		{ "Z", "Pause" }, { "L", "Leaks" }, { "F10", "Quit" },
	};
	int x = 0, y = LINES - 1;
	size_t i;

	move(y, 0);
	clrtoeol();
	for (i = 0; i < sizeof(bar) / sizeof(bar[0]) && x < COLS; i++) {
		int kl = (int)strlen(bar[i].key), wl = (int)strlen(bar[i].what);

		screen_put(y, x, kl, crt_attr(CRT_KEY) | A_BOLD, bar[i].key);
		x += kl;
		screen_put(y, x, wl + 1, crt_attr(CRT_KEYTEXT), bar[i].what);
		x += wl + 1;
	}
	(void)ui;
}

static void screen_prompt_draw(struct ui *ui)
{
	static const char *const label[] = {
		[PROMPT_MATCH] = "Filter (! negates): ",
		[PROMPT_SEARCH] = "Search: ",
		[PROMPT_DELAY] = "Delay in seconds: ",
	};
	char buf[400];

	snprintf(buf, sizeof(buf), "%s%s_", label[ui->prompt], ui->input);
	screen_put(SCREEN_HEADER_LINES - 1, 0, COLS, A_BOLD, buf);
}

static void screen_chooser_draw(struct ui *ui, int y, int height)
{
	int i, row;

	for (row = y; row < y + height; row++) {
		move(row, 0);
		clrtoeol();
	}
	screen_put(y, 0, COLS, crt_attr(CRT_TITLE),
		   " Sort by (Enter picks, Esc keeps)");
	for (i = 0, row = y + 1; i < FIELD_N && row < y + height; i++)
		if (field_is(i, FIELD_SORT))
			screen_put(row++, 2, 20,
				   i == ui->chooser ? crt_attr(CRT_SELECTED) :
				   0, field_name(i));
}

static void screen_too_small(void)
{
	char buf[80];

	erase();
	snprintf(buf, sizeof(buf), "terminal too small (%dx%d); need %dx%d",
		 COLS, LINES, SCREEN_MIN_COLS, SCREEN_MIN_LINES);
	mvaddnstr(0, 0, buf, COLS);
	mvaddnstr(LINES > 1 ? 1 : 0, 0, "q quits", COLS);
}

void screen_draw(struct ui *ui)
{
	int y = SCREEN_HEADER_LINES, h = screen_table_height();

	if (ui->clear) {
		clearok(curscr, TRUE);
		ui->clear = false;
	}
	if (COLS < SCREEN_MIN_COLS || LINES < SCREEN_MIN_LINES) {
		screen_too_small();
		refresh();
		return;
	}
	header_draw(ui);
	switch (ui->state) {
	case STATE_TABLE:
	case STATE_PROMPT:
		table_draw(ui, y, h);
		if (ui->state == STATE_PROMPT)
			screen_prompt_draw(ui);
		break;
	case STATE_DETAIL:
		detail_draw(ui, y, h);
		break;
	case STATE_HELP:
		help_draw(ui, y, h);
		break;
	case STATE_EDITOR:
		editor_draw(ui, y, h);
		break;
	case STATE_CHOOSER:
		screen_chooser_draw(ui, y, h);
		break;
	}
	screen_footer(ui);
	refresh();
}

static void screen_prompt_done(struct ui *ui, bool accept)
{
	struct view *v = &ui->view;
	double d;

	ui->state = STATE_TABLE;
	switch (ui->prompt) {
	case PROMPT_MATCH:
		if (!accept)
			view_set_match(&ui->view, "");
		break;
	case PROMPT_SEARCH:
		if (accept && v->search[0] && !view_search(v, v->sel))
			screen_message(ui, true, "not found: %s", v->search);
		break;
	case PROMPT_DELAY:
		if (!accept || !ui->input[0])
			break;
		if (config_parse_seconds(ui->input, &d)) {
			screen_message(ui, true,
				       "delay: expected seconds from 0.01 to 86400");
			break;
		}
		sampler_set_delay(&ui->app.sampler, d);
		screen_message(ui, false, "delay %gs", d);
		break;
	}
}

/* Typing updates the match or the search at once (incremental). */
static void screen_prompt_changed(struct ui *ui)
{
	if (ui->prompt == PROMPT_MATCH) {
		view_set_match(&ui->view, ui->input);
	} else if (ui->prompt == PROMPT_SEARCH) {
		snprintf(ui->view.search, sizeof(ui->view.search), "%s",
			 ui->input);
		view_search(&ui->view, ui->view.sel);
	}
}

static void screen_prompt_key(struct ui *ui, int key)
{
	const struct keys_binding *k = keys_lookup(KEYS_PROMPT, key);
	size_t len = strlen(ui->input);

	switch (k ? k->action : ACT_NONE) {
	case ACT_APPLY:
		screen_prompt_done(ui, true);
		return;
	case ACT_CANCEL:
		screen_prompt_done(ui, false);
		return;
	case ACT_ERASE:
		if (len)
			ui->input[len - 1] = '\0';
		break;
	case ACT_KILL_LINE:
		ui->input[0] = '\0';
		break;
	default:
		if (key < 0x20 || key >= 0x7f || len + 1 >= sizeof(ui->input))
			return;
		ui->input[len] = (char)key;
		ui->input[len + 1] = '\0';
		break;
	}
	screen_prompt_changed(ui);
}

/* The chooser walks the fields that can sort. */
static void screen_chooser_step(struct ui *ui, int dir)
{
	int f;

	for (f = ui->chooser + dir; f >= 0 && f < FIELD_N; f += dir)
		if (field_is(f, FIELD_SORT)) {
			ui->chooser = f;
			return;
		}
}

static void screen_chooser_key(struct ui *ui, int key)
{
	const struct keys_binding *k = keys_lookup(KEYS_CHOOSER, key);
	struct sort_key sort = ui->view.sort;

	switch (k ? k->action : ACT_NONE) {
	case ACT_FIELD_PREV:
		screen_chooser_step(ui, -1);
		break;
	case ACT_FIELD_NEXT:
		screen_chooser_step(ui, 1);
		break;
	case ACT_APPLY:
		/* The direction stays: only the field changes. */
		sort.field = ui->chooser;
		ui->state = STATE_TABLE;
		view_set_sort(&ui->view, sort);
		break;
	case ACT_CANCEL:
		ui->state = STATE_TABLE;
		break;
	default:
		break;
	}
}

void screen_key(struct ui *ui, int key)
{
	const struct keys_binding *k = NULL;

	ui->dirty = true;
	if (key == KEY_RESIZE)
		return;
	switch (ui->state) {
	case STATE_HELP:
		help_key(ui, key);
		return;
	case STATE_EDITOR:
		editor_key(ui, key);
		return;
	case STATE_PROMPT:
		screen_prompt_key(ui, key);
		return;
	case STATE_CHOOSER:
		screen_chooser_key(ui, key);
		return;
	case STATE_DETAIL:
		k = keys_lookup(KEYS_DETAIL, key);
		/* fall through */
	case STATE_TABLE:
		if (!k)
			k = keys_lookup(KEYS_TABLE, key);
		break;
	}
	if (!k) {
		if (key != 27)
			screen_message(ui, false, "unknown key; h for help");
		return;
	}
	ui->msg[0] = '\0';
	actions_run(ui, k->action);
}
