/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

struct ui;

/* Where a key binding applies: one context per state of the screen. */
enum keys_context {
	KEYS_TABLE,	/* the table, the group view and the detail pane */
	KEYS_DETAIL,	/* the detail pane, looked up before the table */
	KEYS_HELP,	/* the help screen; any other key leaves it */
	KEYS_EDITOR,	/* the kernel filter form */
	KEYS_PROMPT,	/* a line being typed: filter, search, delay */
	KEYS_CHOOSER,	/* the sort chooser */
	KEYS_NCONTEXTS,
};

/* What the screen does once an action has run (flags, 0: just redraw). */
#define KEYS_QUIT	0x1	/* leave with status 0 */
#define KEYS_REFRESH	0x2	/* rebuild the view from the model */
#define KEYS_REPAINT	0x4	/* send every cell again */

#define KEYS_MAX 4
#define KEYS_CTRL(c) ((c) & 0x1f)
#define KEYS_ESC 27

/*
 * One action, all of it: its keys, its name, its help line, its place in
 * the key bar and its handler.  The help screen, the key bar and the
 * tests (against the man page too) read these entries.
 */
struct keys_action {
	const char *name;	/* "sort-slope" */
	int keys[KEYS_MAX];	/* curses codes, 0 ends; first is shown */
	const char *help;
	const char *bar;	/* label in the key bar, or NULL */
	int bar_slot;		/* its place there, from the left */
	int (*run)(struct ui *ui);	/* returns KEYS_* flags */
};

/* The actions of one context, defined by the file that owns the state. */
struct keys_mode {
	const char *title;	/* heading in the help screen */
	const struct keys_action *actions;
	size_t n;
	/* A key no action has (typed into a line, or unknown). */
	int (*other)(struct ui *ui, int key);
};

extern const struct keys_mode actions_table_keys;	/* actions.c */
extern const struct keys_mode actions_detail_keys;	/* actions.c */
extern const struct keys_mode help_keys;		/* help.c */
extern const struct keys_mode editor_keys;		/* editor.c */
extern const struct keys_mode screen_prompt_keys;	/* screen.c */
extern const struct keys_mode screen_chooser_keys;	/* screen.c */

const struct keys_mode *keys_mode(enum keys_context ctx);
/* The action for key in ctx, or NULL. */
const struct keys_action *keys_lookup(enum keys_context ctx, int key);
/* A key's name for help and man page: "F1", "Ctrl-L", "Space", "q". */
const char *keys_name(int key, char *buf, size_t size);
/* The key bar: the actions with a label, left to right; returns n. */
size_t keys_bar(const struct keys_action **out, size_t max);

#endif
