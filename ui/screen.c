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

static void screen_message_cb(uv_timer_t *t)
{
	struct ui *ui = t->data;

	ui->msg[0] = '\0';
	ui->dirty = true;
}

void screen_message_timer(struct ui *ui)
{
	if (ui->msg_timer_ready && !ui->quit)
		uv_timer_start(&ui->msg_timer, screen_message_cb,
			       SCREEN_MESSAGE_MS, 0);
}

/* A message stays a few seconds, or until the next key. */
void screen_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	va_end(ap);
	ui->msg_error = error;
	ui->dirty = true;
	screen_message_timer(ui);
}

/* The header's height at the last draw. */
static int screen_top = SCREEN_HEADER_LINES;

int screen_table_height(void)
{
	return LINES - screen_top - 1;
}

/* The htop-style key bar, from the key table: each action's first key. */
static void screen_footer(void)
{
	const struct keys_action *bar[16];
	size_t n = keys_bar(bar, 16), i;
	int x = 0, y = LINES - 1;

	move(y, 0);
	clrtoeol();
	for (i = 0; i < n && x < COLS; i++) {
		char key[16];
		int kl, wl = (int)strlen(bar[i]->bar);

		keys_name(bar[i]->keys[0], key, sizeof(key));
		kl = (int)strlen(key);
		screen_put(y, x, kl, crt_attr(CRT_KEY) | A_BOLD, key);
		x += kl;
		screen_put(y, x, wl + 1, crt_attr(CRT_KEYTEXT), bar[i]->bar);
		x += wl + 1;
	}
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
	screen_put(screen_top - 1, 0, COLS, A_BOLD, buf);
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
	int y, h;

	if (ui->clear) {
		clearok(curscr, TRUE);
		ui->clear = false;
	}
	if (COLS < SCREEN_MIN_COLS || LINES < SCREEN_MIN_LINES) {
		screen_too_small();
		refresh();
		return;
	}
	screen_top = header_lines(ui);
	y = screen_top;
	h = screen_table_height();
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
	screen_footer();
	refresh();
}

static int screen_prompt_done(struct ui *ui, bool accept)
{
	struct view *v = &ui->view;
	double d;

	ui->state = STATE_TABLE;
	switch (ui->prompt) {
	case PROMPT_MATCH:
		if (!accept)
			view_set_match(v, "");
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
	return 0;
}

/* Typing updates the match or the search at once (incremental). */
static int screen_prompt_changed(struct ui *ui)
{
	if (ui->prompt == PROMPT_MATCH) {
		view_set_match(&ui->view, ui->input);
	} else if (ui->prompt == PROMPT_SEARCH) {
		snprintf(ui->view.search, sizeof(ui->view.search), "%s",
			 ui->input);
		view_search(&ui->view, ui->view.sel);
	}
	return 0;
}

static int screen_prompt_accept(struct ui *ui)
{
	return screen_prompt_done(ui, true);
}

static int screen_prompt_cancel(struct ui *ui)
{
	return screen_prompt_done(ui, false);
}

static int screen_prompt_erase(struct ui *ui)
{
	size_t len = strlen(ui->input);

	if (len)
		ui->input[len - 1] = '\0';
	return screen_prompt_changed(ui);
}

static int screen_prompt_kill(struct ui *ui)
{
	ui->input[0] = '\0';
	return screen_prompt_changed(ui);
}

static int screen_prompt_type(struct ui *ui, int key)
{
	size_t len = strlen(ui->input);

	if (key < 0x20 || key >= 0x7f || len + 1 >= sizeof(ui->input))
		return 0;
	ui->input[len] = (char)key;
	ui->input[len + 1] = '\0';
	return screen_prompt_changed(ui);
}

static const struct keys_action screen_prompt_actions[] = {
	{ "accept", { '\n' }, "accept", NULL, 0, screen_prompt_accept },
	{ "cancel", { KEYS_ESC }, "cancel (a userspace filter is cleared)",
	  NULL, 0, screen_prompt_cancel },
	{ "erase", { KEY_BACKSPACE, 127 }, "erase a character", NULL, 0,
	  screen_prompt_erase },
	{ "kill-line", { KEYS_CTRL('u') }, "erase the line", NULL, 0,
	  screen_prompt_kill },
};

const struct keys_mode screen_prompt_keys = {
	"Typing a filter, search or delay", screen_prompt_actions,
	sizeof(screen_prompt_actions) / sizeof(screen_prompt_actions[0]),
	screen_prompt_type,
};

/* The chooser walks the fields that can sort. */
static int screen_chooser_step(struct ui *ui, int dir)
{
	int f;

	for (f = ui->chooser + dir; f >= 0 && f < FIELD_N; f += dir)
		if (field_is(f, FIELD_SORT)) {
			ui->chooser = f;
			break;
		}
	return 0;
}

static int screen_chooser_prev(struct ui *ui)
{
	return screen_chooser_step(ui, -1);
}

static int screen_chooser_next(struct ui *ui)
{
	return screen_chooser_step(ui, 1);
}

/* The direction stays: only the field changes. */
static int screen_chooser_pick(struct ui *ui)
{
	struct sort_key key = ui->view.sort;

	key.field = ui->chooser;
	ui->state = STATE_TABLE;
	view_set_sort(&ui->view, key);
	return 0;
}

static int screen_chooser_cancel(struct ui *ui)
{
	ui->state = STATE_TABLE;
	return 0;
}

static const struct keys_action screen_chooser_actions[] = {
	{ "prev", { KEY_UP }, "previous field", NULL, 0, screen_chooser_prev },
	{ "next", { KEY_DOWN }, "next field", NULL, 0, screen_chooser_next },
	{ "pick", { '\n' }, "sort by this field", NULL, 0,
	  screen_chooser_pick },
	{ "cancel", { KEYS_ESC }, "keep the sort", NULL, 0,
	  screen_chooser_cancel },
};

const struct keys_mode screen_chooser_keys = {
	"Sort chooser", screen_chooser_actions,
	sizeof(screen_chooser_actions) / sizeof(screen_chooser_actions[0]),
	NULL,
};

/* The key context of each state. */
static const enum keys_context screen_contexts[] = {
	[STATE_TABLE] = KEYS_TABLE,
	[STATE_DETAIL] = KEYS_DETAIL,
	[STATE_HELP] = KEYS_HELP,
	[STATE_EDITOR] = KEYS_EDITOR,
	[STATE_PROMPT] = KEYS_PROMPT,
	[STATE_CHOOSER] = KEYS_CHOOSER,
};

/*
 * Find the key's action in the state's context (the detail pane falls
 * back to the table's), run it, and do what it asks.
 */
void screen_key(struct ui *ui, int key)
{
	enum keys_context ctx = screen_contexts[ui->state];
	const struct keys_action *k;
	int react = 0;

	ui->dirty = true;
	if (key == KEY_RESIZE)
		return;
	k = keys_lookup(ctx, key);
	if (!k && ctx == KEYS_DETAIL) {
		ctx = KEYS_TABLE;
		k = keys_lookup(ctx, key);
	}
	if (k) {
		/* A table key answers the last message. */
		if (ctx == KEYS_TABLE || ctx == KEYS_DETAIL)
			ui->msg[0] = '\0';
		react = k->run(ui);
	} else if (keys_mode(ctx)->other) {
		react = keys_mode(ctx)->other(ui, key);
	}
	if (react & KEYS_REFRESH)
		view_refresh(&ui->view);
	if (react & KEYS_REPAINT)
		ui->clear = true;
	if (react & KEYS_QUIT)
		ui_stop(ui, 0);
}
