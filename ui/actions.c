// SPDX-License-Identifier: GPL-2.0
/*
 * What the key table's actions do, one small function each, found through
 * a table indexed by action.  They change state; screen_draw shows it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "screen.h"

typedef void (*action_fn)(struct ui *ui);

static void act_quit(struct ui *ui)
{
	ui_stop(ui, 0);
}

static void act_help(struct ui *ui)
{
	ui->back = ui->state;
	ui->help_top = 0;
	ui->state = STATE_HELP;
}

static void act_up(struct ui *ui)
{
	view_move(&ui->view, -1);
}

static void act_down(struct ui *ui)
{
	view_move(&ui->view, 1);
}

static void act_page_up(struct ui *ui)
{
	view_move(&ui->view, -(long)(screen_table_height() - 1));
}

static void act_page_down(struct ui *ui)
{
	view_move(&ui->view, screen_table_height() - 1);
}

static void act_home(struct ui *ui)
{
	view_move_to(&ui->view, 0);
}

static void act_end(struct ui *ui)
{
	view_move_to(&ui->view, ui->view.nlines ? ui->view.nlines - 1 : 0);
}

static void act_enter(struct ui *ui)
{
	struct group *g = view_selected_group(&ui->view);

	if (g) {
		view_toggle_group(&ui->view, g, -1);
		return;
	}
	if (view_selected_tag(&ui->view))
		ui->state = ui->state == STATE_DETAIL ? STATE_TABLE :
			    STATE_DETAIL;
}

static void act_expand(struct ui *ui)
{
	struct group *g = view_selected_group(&ui->view);

	if (g)
		view_toggle_group(&ui->view, g, 1);
}

static void act_collapse(struct ui *ui)
{
	view_collapse_selected(&ui->view);
}

static void act_back(struct ui *ui)
{
	ui->state = STATE_TABLE;
}

static void act_edit_filter(struct ui *ui)
{
	editor_open(ui);
}

static void ui_prompt(struct ui *ui, enum prompt_kind kind, const char *init)
{
	ui->prompt = kind;
	snprintf(ui->input, sizeof(ui->input), "%s", init);
	ui->state = STATE_PROMPT;
}

static void act_match(struct ui *ui)
{
	ui_prompt(ui, PROMPT_MATCH, ui->view.match);
}

static void act_search(struct ui *ui)
{
	ui_prompt(ui, PROMPT_SEARCH, "");
}

static void act_search_next(struct ui *ui)
{
	struct view *v = &ui->view;

	if (!v->search[0])
		screen_message(ui, false, "no search yet: / or F3");
	else if (!view_search(v, v->sel + 1))
		screen_message(ui, true, "not found: %s", v->search);
}

static void act_group(struct ui *ui)
{
	struct view *v = &ui->view;

	view_set_group(v, (v->group + 1) % GROUP_N);
	screen_message(ui, false, "group view: %s", view_group_name(v->group));
}

static void act_sort_choose(struct ui *ui)
{
	ui->chooser = ui->view.sort.field;
	ui->state = STATE_CHOOSER;
}

/* Another field sorts descending first: the largest is what is sought. */
static void ui_sort_by(struct ui *ui, enum field_id f)
{
	struct sort_key key = ui->view.sort;

	if (key.field != f)
		key.ascending = false;
	key.field = f;
	view_set_sort(&ui->view, key);
}

/* Move the sort to the next shown column that can sort. */
static void ui_sort_step(struct ui *ui, int dir)
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

		if (ui->layout.shown[col] && field_is(f, FIELD_SORT)) {
			ui_sort_by(ui, f);
			return;
		}
	}
}

static void act_sort_prev(struct ui *ui)
{
	ui_sort_step(ui, -1);
}

static void act_sort_next(struct ui *ui)
{
	ui_sort_step(ui, 1);
}

static void act_sort_reverse(struct ui *ui)
{
	struct sort_key key = ui->view.sort;

	key.ascending = !key.ascending;
	view_set_sort(&ui->view, key);
}

static void act_sort_bytes(struct ui *ui)
{
	ui_sort_by(ui, FIELD_BYTES);
}

static void act_sort_dbytes(struct ui *ui)
{
	ui_sort_by(ui, field_shown(FIELD_DBYTES, ui->per_second));
}

static void act_sort_slope(struct ui *ui)
{
	ui_sort_by(ui, FIELD_SLOPE);
}

static void ui_pin(struct ui *ui, enum filter_field field)
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
		return;
	}
	if (!*v || filter_set(&f, field, v, NULL)) {
		screen_message(ui, true, "this tag has no %s to filter on",
			       filter_field_name(field));
		return;
	}
	ui_set_filter(ui, &f);
}

static void act_pin_module(struct ui *ui)
{
	ui_pin(ui, FILTER_MODULE);
}

static void act_pin_function(struct ui *ui)
{
	ui_pin(ui, FILTER_FUNCTION);
}

static void act_pin_file(struct ui *ui)
{
	ui_pin(ui, FILTER_FILE);
}

static void act_clear_filters(struct ui *ui)
{
	struct filter none;

	memset(&none, 0, sizeof(none));
	ui->view.match[0] = '\0';
	ui->view.search[0] = '\0';
	if (sampler_filter(&ui->app.sampler)->mask)
		ui_set_filter(ui, &none);
	view_refresh(&ui->view);
	screen_message(ui, false, "every filter cleared");
}

/* The dbytes column shows the rate: so does the sort. */
static void act_per_second(struct ui *ui)
{
	struct sort_key *key = &ui->view.sort;

	if (field_shown(FIELD_DBYTES, ui->per_second) == key->field)
		key->field = field_shown(FIELD_DBYTES, !ui->per_second);
	ui->per_second = !ui->per_second;
	view_refresh(&ui->view);
}

static void act_pause(struct ui *ui)
{
	struct sampler *sp = &ui->app.sampler;

	/* Resuming jumps to the newest sample (a replay goes on). */
	if (sp->paused)
		sampler_resume(sp);
	else
		sampler_pause(sp);
}

static void act_delay(struct ui *ui)
{
	char buf[32];

	if (ui_replay(ui)) {
		screen_message(ui, false,
			       "a replay is paced by its capture: + and - change the speed");
		return;
	}
	snprintf(buf, sizeof(buf), "%g", ui->app.sampler.delay);
	ui_prompt(ui, PROMPT_DELAY, buf);
}

static void act_sample_now(struct ui *ui)
{
	if (ui->app.sampler.at_end) {
		screen_message(ui, false, "end of the capture");
		return;
	}
	sampler_now(&ui->app.sampler);
}

static void act_redraw(struct ui *ui)
{
	ui->clear = true;
}

static void ui_speed(struct ui *ui, double factor)
{
	struct sampler *sp = &ui->app.sampler;

	if (!ui_replay(ui)) {
		screen_message(ui, false, "+ and - set the speed of a replay (-r)");
		return;
	}
	sampler_set_speed(sp, sp->speed * factor);
	screen_message(ui, false, "replay speed x%g", sp->speed);
}

static void act_faster(struct ui *ui)
{
	ui_speed(ui, 2);
}

static void act_slower(struct ui *ui)
{
	ui_speed(ui, 0.5);
}

/* ] and [: one sample on or back through a paused replay. */
static void ui_step(struct ui *ui, long n)
{
	if (!ui_replay(ui) || !ui->app.sampler.paused) {
		screen_message(ui, false, "] and [ step through a paused replay (Z pauses)");
		return;
	}
	if (sampler_step(&ui->app.sampler, n))
		screen_message(ui, false, n > 0 ? "at the last sample" :
			       "at the first sample");
}

static void act_step_forward(struct ui *ui)
{
	ui_step(ui, 1);
}

static void act_step_back(struct ui *ui)
{
	ui_step(ui, -1);
}

static void act_save(struct ui *ui)
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
		return;
	}
	err = config_save(&c, ui->config->path);
	if (err)
		screen_message(ui, true, "%s: %s", ui->config->path,
			       strerror(-err));
	else
		screen_message(ui, false, "saved %s", ui->config->path);
}

static const action_fn actions[] = {
	[ACT_QUIT] = act_quit,
	[ACT_HELP] = act_help,
	[ACT_UP] = act_up,
	[ACT_DOWN] = act_down,
	[ACT_PAGE_UP] = act_page_up,
	[ACT_PAGE_DOWN] = act_page_down,
	[ACT_HOME] = act_home,
	[ACT_END] = act_end,
	[ACT_ENTER] = act_enter,
	[ACT_EXPAND] = act_expand,
	[ACT_COLLAPSE] = act_collapse,
	[ACT_BACK] = act_back,
	[ACT_EDIT_FILTER] = act_edit_filter,
	[ACT_MATCH] = act_match,
	[ACT_SEARCH] = act_search,
	[ACT_SEARCH_NEXT] = act_search_next,
	[ACT_GROUP] = act_group,
	[ACT_SORT_CHOOSE] = act_sort_choose,
	[ACT_SORT_PREV] = act_sort_prev,
	[ACT_SORT_NEXT] = act_sort_next,
	[ACT_SORT_REVERSE] = act_sort_reverse,
	[ACT_SORT_BYTES] = act_sort_bytes,
	[ACT_SORT_DBYTES] = act_sort_dbytes,
	[ACT_SORT_SLOPE] = act_sort_slope,
	[ACT_PIN_MODULE] = act_pin_module,
	[ACT_PIN_FUNCTION] = act_pin_function,
	[ACT_PIN_FILE] = act_pin_file,
	[ACT_CLEAR_FILTERS] = act_clear_filters,
	[ACT_PER_SECOND] = act_per_second,
	[ACT_PAUSE] = act_pause,
	[ACT_DELAY] = act_delay,
	[ACT_SAMPLE_NOW] = act_sample_now,
	[ACT_REDRAW] = act_redraw,
	[ACT_FASTER] = act_faster,
	[ACT_SLOWER] = act_slower,
	[ACT_STEP_FORWARD] = act_step_forward,
	[ACT_STEP_BACK] = act_step_back,
	[ACT_SAVE] = act_save,
};

void actions_run(struct ui *ui, enum keys_action a)
{
	if ((size_t)a < sizeof(actions) / sizeof(actions[0]) && actions[a])
		actions[a](ui);
}
