// SPDX-License-Identifier: GPL-2.0
/*
 * The actions of the table and the detail pane: one small handler each and
 * one entry each in the tables at the end.  Handlers change state and
 * return what the screen must do next (KEYS_*); screen_draw shows it.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "screen.h"

static int act_quit(struct ui *ui)
{
	(void)ui;
	return KEYS_QUIT;
}

static int act_help(struct ui *ui)
{
	ui->back = ui->state;
	ui->help_top = 0;
	ui->state = STATE_HELP;
	return 0;
}

static int act_up(struct ui *ui)
{
	view_move(&ui->view, -1);
	return 0;
}

static int act_down(struct ui *ui)
{
	view_move(&ui->view, 1);
	return 0;
}

static int act_page_up(struct ui *ui)
{
	view_move(&ui->view, -(long)(screen_table_height() - 1));
	return 0;
}

static int act_page_down(struct ui *ui)
{
	view_move(&ui->view, screen_table_height() - 1);
	return 0;
}

static int act_home(struct ui *ui)
{
	view_move_to(&ui->view, 0);
	return 0;
}

static int act_end(struct ui *ui)
{
	view_move_to(&ui->view, ui->view.nlines ? ui->view.nlines - 1 : 0);
	return 0;
}

static int act_enter(struct ui *ui)
{
	struct group *g = view_selected_group(&ui->view);

	if (g) {
		view_toggle_group(&ui->view, g, -1);
		return 0;
	}
	if (view_selected_tag(&ui->view))
		ui->state = ui->state == STATE_DETAIL ? STATE_TABLE :
			    STATE_DETAIL;
	ui->view.hold = ui->state == STATE_DETAIL;
	return 0;
}

/* Full names scroll sideways, eight cells a key. */
static int ui_hscroll(struct ui *ui, int cells)
{
	ui->hscroll += cells;
	if (ui->hscroll < 0)
		ui->hscroll = 0;
	return 0;
}

static int act_expand(struct ui *ui)
{
	struct group *g = view_selected_group(&ui->view);

	if (g)
		view_toggle_group(&ui->view, g, 1);
	else if (ui->full_names)
		return ui_hscroll(ui, 8);
	return 0;
}

static int act_collapse(struct ui *ui)
{
	if (ui->full_names && !ui->view.group)
		return ui_hscroll(ui, -8);
	view_collapse_selected(&ui->view);
	return 0;
}

static int act_back(struct ui *ui)
{
	ui->state = STATE_TABLE;
	ui->view.hold = false;
	return 0;
}

static int act_follow(struct ui *ui)
{
	ui->view.follow = !ui->view.follow;
	screen_message(ui, false, "%s",
		       ui->view.follow ? "the selection follows its tag" :
		       "the selection keeps its place");
	return 0;
}

static int act_full_names(struct ui *ui)
{
	ui->full_names = !ui->full_names;
	ui->hscroll = 0;
	if (ui->full_names)
		screen_message(ui, false,
			       "full names: Right and Left scroll them; w again cuts them");
	return 0;
}

static int act_mark(struct ui *ui)
{
	model_mark(ui->app.model);
	screen_message(ui, false, "GROWTH counts from now; B counts from first seen");
	return KEYS_REFRESH;
}

static int act_unmark(struct ui *ui)
{
	model_unmark(ui->app.model);
	screen_message(ui, false, "GROWTH counts from first seen");
	return KEYS_REFRESH;
}

static int act_hide_zero(struct ui *ui)
{
	ui->view.hide_zero = !ui->view.hide_zero;
	return KEYS_REFRESH;
}

static int act_exact(struct ui *ui)
{
	ui->app.opts.exact_bytes = !ui->app.opts.exact_bytes;
	return 0;
}

static int act_spark_scale(struct ui *ui)
{
	ui->spark_shared = !ui->spark_shared;
	return 0;
}

static int act_edit_filter(struct ui *ui)
{
	editor_open(ui);
	return 0;
}

static int ui_prompt(struct ui *ui, enum prompt_kind kind, const char *init)
{
	ui->prompt = kind;
	snprintf(ui->input, sizeof(ui->input), "%s", init);
	ui->state = STATE_PROMPT;
	return 0;
}

static int act_match(struct ui *ui)
{
	return ui_prompt(ui, PROMPT_MATCH, "");
}

static int act_search(struct ui *ui)
{
	return ui_prompt(ui, PROMPT_SEARCH, "");
}

static int act_search_next(struct ui *ui)
{
	struct view *v = &ui->view;

	if (!v->search[0])
		screen_message(ui, false, "no search yet: / or F3");
	else if (!view_search(v, v->sel + 1))
		screen_message(ui, true, "not found: %s", v->search);
	return 0;
}

static int act_group(struct ui *ui)
{
	struct view *v = &ui->view;

	view_set_group(v, (v->group + 1) % GROUP_N);
	screen_message(ui, false, "group view: %s", view_group_name(v->group));
	return 0;
}

static int act_sort_choose(struct ui *ui)
{
	ui->chooser = ui->view.sort.field;
	ui->state = STATE_CHOOSER;
	return 0;
}

/* Another field sorts descending first: the largest is what is sought. */
static int ui_sort_by(struct ui *ui, enum field_id f)
{
	struct sort_key key = ui->view.sort;

	if (key.field != f)
		key.ascending = false;
	key.field = f;
	view_set_sort(&ui->view, key);
	return 0;
}

/* Move the sort to the next shown column that can sort. */
static int ui_sort_step(struct ui *ui, int dir)
{
	int c, start = -1, n = (int)field_ncolumns;

	for (c = 0; c < n; c++)
		if (field_shown(field_columns[c], ui->per_second) ==
		    ui->view.sort.field)
			start = c;
	if (start < 0)
		start = dir > 0 ? -1 : n;
	for (c = start + dir; c >= 0 && c < n; c += dir) {
		enum field_id col = field_columns[c];
		enum field_id f = field_shown(col, ui->per_second);

		if (ui->layout.shown[col] && field_is(f, FIELD_SORT))
			return ui_sort_by(ui, f);
	}
	return 0;
}

static int act_sort_prev(struct ui *ui)
{
	return ui_sort_step(ui, -1);
}

static int act_sort_next(struct ui *ui)
{
	return ui_sort_step(ui, 1);
}

static int act_sort_reverse(struct ui *ui)
{
	struct sort_key key = ui->view.sort;

	key.ascending = !key.ascending;
	view_set_sort(&ui->view, key);
	return 0;
}

static int act_sort_bytes(struct ui *ui)
{
	return ui_sort_by(ui, FIELD_BYTES);
}

static int act_sort_dbytes(struct ui *ui)
{
	return ui_sort_by(ui, field_shown(FIELD_DBYTES, ui->per_second));
}

static int act_sort_slope(struct ui *ui)
{
	return ui_sort_by(ui, FIELD_SLOPE);
}

static int ui_pin(struct ui *ui, enum filter_field field)
{
	struct tag *t = view_selected_tag(&ui->view);
	struct group *g = view_selected_group(&ui->view);
	struct filter f = *sampler_filter(&ui->app.sampler);
	enum group_by by = ui->view.group;
	const char *v;

	/* A group of one module or one file pins that. */
	if (!t && g && ((field == FILTER_MODULE && by == GROUP_MODULE) ||
			(field == FILTER_FILE && by == GROUP_FILE))) {
		v = g->name;
	} else if (t) {
		v = field == FILTER_MODULE ? t->module :
		    field == FILTER_FUNCTION ? t->function : t->file;
	} else {
		screen_message(ui, true, "select a tag first");
		return 0;
	}
	if (!*v || filter_set(&f, field, v, NULL)) {
		screen_message(ui, true, "this tag has no %s to filter on",
			       filter_field_name(field));
		return 0;
	}
	ui_set_filter(ui, &f);
	return 0;
}

static int act_pin_module(struct ui *ui)
{
	return ui_pin(ui, FILTER_MODULE);
}

static int act_pin_function(struct ui *ui)
{
	return ui_pin(ui, FILTER_FUNCTION);
}

static int act_pin_file(struct ui *ui)
{
	return ui_pin(ui, FILTER_FILE);
}

static int act_clear_filters(struct ui *ui)
{
	struct filter none;

	memset(&none, 0, sizeof(none));
	ui->view.match[0] = '\0';
	ui->view.search[0] = '\0';
	if (sampler_filter(&ui->app.sampler)->mask)
		ui_set_filter(ui, &none);
	screen_message(ui, false, "every filter cleared");
	return KEYS_REFRESH;
}

/* The dbytes column shows the rate: so does the sort. */
static int act_per_second(struct ui *ui)
{
	struct sort_key *key = &ui->view.sort;

	if (field_shown(FIELD_DBYTES, ui->per_second) == key->field)
		key->field = field_shown(FIELD_DBYTES, !ui->per_second);
	ui->per_second = !ui->per_second;
	return KEYS_REFRESH;
}

static int act_pause(struct ui *ui)
{
	struct sampler *sp = &ui->app.sampler;

	/* Resuming jumps to the newest sample (a replay goes on). */
	if (sp->paused)
		sampler_resume(sp);
	else
		sampler_pause(sp);
	return 0;
}

/* The prompt opens empty: what is typed replaces the delay shown. */
static int act_delay(struct ui *ui)
{
	if (ui_replay(ui)) {
		screen_message(ui, false,
			       "a replay is paced by its capture: + and - change the speed");
		return 0;
	}
	return ui_prompt(ui, PROMPT_DELAY, "");
}

static int act_sample_now(struct ui *ui)
{
	if (ui->app.sampler.at_end) {
		screen_message(ui, false, "end of the capture");
		return 0;
	}
	sampler_now(&ui->app.sampler);
	return 0;
}

static int act_redraw(struct ui *ui)
{
	(void)ui;
	return KEYS_REPAINT;
}

static int ui_speed(struct ui *ui, double factor)
{
	struct sampler *sp = &ui->app.sampler;

	if (!ui_replay(ui)) {
		screen_message(ui, false, "+ and - set the speed of a replay (-r)");
		return 0;
	}
	sampler_set_speed(sp, sp->speed * factor);
	screen_message(ui, false, "replay speed x%g", sp->speed);
	return 0;
}

static int act_faster(struct ui *ui)
{
	return ui_speed(ui, 2);
}

static int act_slower(struct ui *ui)
{
	return ui_speed(ui, 0.5);
}

/* ] and [: one sample on or back through a paused replay. */
static int ui_step(struct ui *ui, long n)
{
	if (!ui_replay(ui) || !ui->app.sampler.paused) {
		screen_message(ui, false, "] and [ step through a paused replay (Z pauses)");
		return 0;
	}
	if (sampler_step(&ui->app.sampler, n))
		screen_message(ui, false, n > 0 ? "at the last sample" :
			       "at the first sample");
	return 0;
}

static int act_step_forward(struct ui *ui)
{
	return ui_step(ui, 1);
}

static int act_step_back(struct ui *ui)
{
	return ui_step(ui, -1);
}

static int act_save(struct ui *ui)
{
	struct config c;
	int err;

	memset(&c, 0, sizeof(c));
	c.has_sort = true;
	c.sort = ui->view.sort;
	c.has_delay = true;
	c.delay = ui->app.sampler.delay;
	c.has_window = true;
	c.window = ui->app.opts.window;
	layout_format(ui->columns, c.columns, sizeof(c.columns));
	if (!ui->config->path[0]) {
		screen_message(ui, true, "no config file: set HOME or XDG_CONFIG_HOME");
		return 0;
	}
	err = config_save(&c, ui->config->path);
	if (err)
		screen_message(ui, true, "%s: %s", ui->config->path,
			       strerror(-err));
	else
		screen_message(ui, false, "saved %s", ui->config->path);
	return 0;
}

/* A key the table has no action for. */
static int act_unknown(struct ui *ui, int key)
{
	if (key != KEYS_ESC)
		screen_message(ui, false, "unknown key; h for help");
	return 0;
}

/* In the order of the help screen; the bar slots order the key bar. */
static const struct keys_action actions_table[] = {
	{ "help", { KEY_F(1), 'h', '?' }, "show this help", "Help", 1,
	  act_help },
	{ "quit", { KEY_F(10), 'q' }, "quit", "Quit", 9, act_quit },
	{ "up", { KEY_UP, 'k' }, "select the row above", NULL, 0, act_up },
	{ "down", { KEY_DOWN, 'j' }, "select the row below", NULL, 0,
	  act_down },
	{ "page-up", { KEY_PPAGE }, "one page up", NULL, 0, act_page_up },
	{ "page-down", { KEY_NPAGE }, "one page down", NULL, 0,
	  act_page_down },
	{ "home", { KEY_HOME }, "first row", NULL, 0, act_home },
	{ "end", { KEY_END }, "last row", NULL, 0, act_end },
	{ "enter", { '\n' },
	  "detail of the selected tag; in the group view, expand or collapse",
	  NULL, 0, act_enter },
	{ "expand", { KEY_RIGHT },
	  "expand the group; with full names, scroll them left", NULL, 0,
	  act_expand },
	{ "collapse", { KEY_LEFT },
	  "collapse the group; with full names, scroll them back", NULL, 0,
	  act_collapse },
	{ "follow", { 'F' },
	  "the selection follows its tag, or keeps its place (default)",
	  NULL, 0, act_follow },
	{ "full-names", { 'w' }, "full names, scrolled sideways, or cut",
	  NULL, 0, act_full_names },
	{ "edit-filter", { 'f' },
	  "edit the kernel filter (module, function, file, line, inaccurate, min, max)",
	  "Kernel", 6, act_edit_filter },
	{ "match", { KEY_F(4), '\\' },
	  "userspace filter: substring, '!' first negates", "Filter", 3,
	  act_match },
	{ "search", { KEY_F(3), '/' }, "search", "Search", 2, act_search },
	{ "search-next", { 'n' }, "next search match", NULL, 0,
	  act_search_next },
	{ "group", { KEY_F(5), 't' },
	  "group view: by module, by file, by directory, off", "Group", 4,
	  act_group },
	{ "sort-choose", { KEY_F(6), 'o' }, "choose the sort field", "Sort",
	  5, act_sort_choose },
	{ "sort-prev", { '<' }, "sort by the column to the left", NULL, 0,
	  act_sort_prev },
	{ "sort-next", { '>' }, "sort by the column to the right", NULL, 0,
	  act_sort_next },
	{ "sort-reverse", { 'R' }, "reverse the sort order", NULL, 0,
	  act_sort_reverse },
	{ "sort-bytes", { 'M' }, "sort by bytes", NULL, 0, act_sort_bytes },
	{ "sort-dbytes", { 'D' }, "sort by bytes per interval", NULL, 0,
	  act_sort_dbytes },
	{ "sort-slope", { 'L' },
	  "sort by slope: sustained growth over the window (leaks first)",
	  "Leaks", 8, act_sort_slope },
	{ "pin-module", { 'm' },
	  "kernel filter: the selected tag's module only", NULL, 0,
	  act_pin_module },
	{ "pin-function", { 'u' },
	  "kernel filter: the selected tag's function only", NULL, 0,
	  act_pin_function },
	{ "pin-file", { 'l' }, "kernel filter: the selected tag's file only",
	  NULL, 0, act_pin_file },
	{ "clear-filters", { '=' },
	  "clear every filter, search and userspace filter", NULL, 0,
	  act_clear_filters },
	{ "per-second", { '1' }, "deltas per interval or per second", NULL,
	  0, act_per_second },
	{ "mark", { 'b' }, "mark: GROWTH counts from now, for every tag",
	  NULL, 0, act_mark },
	{ "unmark", { 'B' }, "clear the mark: GROWTH from first seen", NULL,
	  0, act_unmark },
	{ "hide-zero", { '0' },
	  "hide the tags with no bytes, no calls, no change", NULL, 0,
	  act_hide_zero },
	{ "exact", { 'e' }, "sizes in exact bytes or in K/M/G (IEC)", NULL,
	  0, act_exact },
	{ "trend-scale", { 'T' },
	  "sparklines: each row's own scale, or one for all rows", NULL, 0,
	  act_spark_scale },
	{ "pause", { 'Z' },
	  "pause: freeze the frame; again: jump to the newest sample",
	  "Pause", 7, act_pause },
	{ "delay", { 'd', 's' }, "set the delay between samples", NULL, 0,
	  act_delay },
	{ "sample-now", { ' ' }, "take a sample now", NULL, 0,
	  act_sample_now },
	{ "redraw", { KEYS_CTRL('l') }, "redraw the screen", NULL, 0,
	  act_redraw },
	{ "faster", { '+' }, "replay: faster", NULL, 0, act_faster },
	{ "slower", { '-' }, "replay: slower", NULL, 0, act_slower },
	{ "step-forward", { ']' }, "replay, paused: one sample forward", NULL,
	  0, act_step_forward },
	{ "step-back", { '[' }, "replay, paused: one sample back", NULL, 0,
	  act_step_back },
	{ "save", { 'W' },
	  "save sort, delay, columns and window to the config file", NULL, 0,
	  act_save },
};

const struct keys_mode actions_table_keys = {
	"Table, group view and detail", actions_table,
	sizeof(actions_table) / sizeof(actions_table[0]), act_unknown,
};

static const struct keys_action actions_detail[] = {
	{ "back", { KEYS_ESC, '\n', KEY_LEFT, 'q' }, "back to the table",
	  NULL, 0, act_back },
};

/* Other keys act on the table, under the pane. */
const struct keys_mode actions_detail_keys = {
	"Detail", actions_detail,
	sizeof(actions_detail) / sizeof(actions_detail[0]), NULL,
};
