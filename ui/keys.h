/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

/* Where a key binding applies. */
enum keys_context {
	KEYS_TABLE,	/* the table, the group view and the detail pane */
	KEYS_DETAIL,	/* the detail pane, looked up before the table */
	KEYS_EDITOR,	/* the kernel filter form */
	KEYS_PROMPT,	/* a line being typed: filter, search, delay */
	KEYS_CHOOSER,	/* the sort chooser */
	KEYS_NCONTEXTS,
};

/* What a key does.  Handlers live in screen.c. */
enum keys_action {
	ACT_NONE,
	ACT_QUIT,
	ACT_HELP,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_ENTER,
	ACT_EXPAND,
	ACT_COLLAPSE,
	ACT_BACK,
	ACT_EDIT_FILTER,
	ACT_MATCH,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_GROUP,
	ACT_SORT_CHOOSE,
	ACT_SORT_PREV,
	ACT_SORT_NEXT,
	ACT_SORT_REVERSE,
	ACT_SORT_BYTES,
	ACT_SORT_DBYTES,
	ACT_SORT_SLOPE,
	ACT_PIN_MODULE,
	ACT_PIN_FUNCTION,
	ACT_PIN_FILE,
	ACT_CLEAR_FILTERS,
	ACT_PER_SECOND,
	ACT_PAUSE,
	ACT_DELAY,
	ACT_SAMPLE_NOW,
	ACT_REDRAW,
	ACT_FASTER,
	ACT_SLOWER,
	ACT_STEP_FORWARD,
	ACT_STEP_BACK,
	ACT_SAVE,
	/* Forms and prompts. */
	ACT_FIELD_PREV,
	ACT_FIELD_NEXT,
	ACT_FIELD_TOGGLE,
	ACT_APPLY,
	ACT_CANCEL,
	ACT_ERASE,
	ACT_KILL_LINE,
};

/* One key: its code (curses), its name for help and man page, its action. */
struct keys_binding {
	int key;
	const char *name;
	enum keys_context ctx;
	enum keys_action action;
	const char *help;
};

extern const struct keys_binding keys_table[];
extern const size_t keys_count;

/* The binding for key in ctx, or NULL. */
const struct keys_binding *keys_lookup(enum keys_context ctx, int key);
/* Heading for a context in the help screen. */
const char *keys_context_name(enum keys_context ctx);

#endif
