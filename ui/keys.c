// SPDX-License-Identifier: GPL-2.0
/*
 * The one key table.  Dispatch, the help screen and the man page test all
 * read it, so they cannot drift apart.  Every function key has a letter
 * twin, for terminals (and ssh clients) that do not send F-keys.
 */
#include <curses.h>

#include "keys.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

const struct keys_binding keys_table[] = {
	{ KEY_F(1), "F1", KEYS_TABLE, ACT_HELP, "show this help" },
	{ 'h', "h", KEYS_TABLE, ACT_HELP, "show this help" },
	{ '?', "?", KEYS_TABLE, ACT_HELP, "show this help" },
	{ KEY_F(10), "F10", KEYS_TABLE, ACT_QUIT, "quit" },
	{ 'q', "q", KEYS_TABLE, ACT_QUIT, "quit" },
	{ KEY_UP, "Up", KEYS_TABLE, ACT_UP, "select the row above" },
	{ 'k', "k", KEYS_TABLE, ACT_UP, "select the row above" },
	{ KEY_DOWN, "Down", KEYS_TABLE, ACT_DOWN, "select the row below" },
	{ 'j', "j", KEYS_TABLE, ACT_DOWN, "select the row below" },
	{ KEY_PPAGE, "PgUp", KEYS_TABLE, ACT_PAGE_UP, "one page up" },
	{ KEY_NPAGE, "PgDn", KEYS_TABLE, ACT_PAGE_DOWN, "one page down" },
	{ KEY_HOME, "Home", KEYS_TABLE, ACT_HOME, "first row" },
	{ KEY_END, "End", KEYS_TABLE, ACT_END, "last row" },
	{ '\n', "Enter", KEYS_TABLE, ACT_ENTER,
	  "detail of the selected tag; in the group view, expand or collapse" },
	{ KEY_RIGHT, "Right", KEYS_TABLE, ACT_EXPAND, "expand the group" },
	{ KEY_LEFT, "Left", KEYS_TABLE, ACT_COLLAPSE, "collapse the group" },
	{ 'f', "f", KEYS_TABLE, ACT_EDIT_FILTER,
	  "edit the kernel filter (module, function, file, line, inaccurate, min, max)" },
	{ KEY_F(4), "F4", KEYS_TABLE, ACT_MATCH,
	  "userspace filter: substring, '!' first negates" },
	{ '\\', "\\", KEYS_TABLE, ACT_MATCH,
	  "userspace filter: substring, '!' first negates" },
	{ KEY_F(3), "F3", KEYS_TABLE, ACT_SEARCH, "search" },
	{ '/', "/", KEYS_TABLE, ACT_SEARCH, "search" },
	{ 'n', "n", KEYS_TABLE, ACT_SEARCH_NEXT, "next search match" },
	{ KEY_F(5), "F5", KEYS_TABLE, ACT_GROUP,
	  "group view: by module, by file, by directory, off" },
	{ 't', "t", KEYS_TABLE, ACT_GROUP,
	  "group view: by module, by file, by directory, off" },
	{ KEY_F(6), "F6", KEYS_TABLE, ACT_SORT_CHOOSE,
	  "choose the sort field" },
	{ 'o', "o", KEYS_TABLE, ACT_SORT_CHOOSE, "choose the sort field" },
	{ '<', "<", KEYS_TABLE, ACT_SORT_PREV,
	  "sort by the column to the left" },
	{ '>', ">", KEYS_TABLE, ACT_SORT_NEXT,
	  "sort by the column to the right" },
	{ 'R', "R", KEYS_TABLE, ACT_SORT_REVERSE, "reverse the sort order" },
	{ 'M', "M", KEYS_TABLE, ACT_SORT_BYTES, "sort by bytes" },
	{ 'D', "D", KEYS_TABLE, ACT_SORT_DBYTES, "sort by bytes per interval" },
	{ 'L', "L", KEYS_TABLE, ACT_SORT_SLOPE,
	  "sort by slope: sustained growth over the window (leaks first)" },
	{ 'm', "m", KEYS_TABLE, ACT_PIN_MODULE,
	  "kernel filter: the selected tag's module only" },
	{ 'u', "u", KEYS_TABLE, ACT_PIN_FUNCTION,
	  "kernel filter: the selected tag's function only" },
	{ 'l', "l", KEYS_TABLE, ACT_PIN_FILE,
	  "kernel filter: the selected tag's file only" },
	{ '=', "=", KEYS_TABLE, ACT_CLEAR_FILTERS,
	  "clear every filter, search and userspace filter" },
	{ '1', "1", KEYS_TABLE, ACT_PER_SECOND,
	  "deltas per interval or per second" },
	{ 'Z', "Z", KEYS_TABLE, ACT_PAUSE,
	  "pause: freeze the frame; again: jump to the newest sample" },
	{ 'd', "d", KEYS_TABLE, ACT_DELAY, "set the delay between samples" },
	{ 's', "s", KEYS_TABLE, ACT_DELAY, "set the delay between samples" },
	{ ' ', "Space", KEYS_TABLE, ACT_SAMPLE_NOW, "take a sample now" },
	{ CTRL('l'), "Ctrl-L", KEYS_TABLE, ACT_REDRAW, "redraw the screen" },
	{ '+', "+", KEYS_TABLE, ACT_FASTER, "replay: faster" },
	{ '-', "-", KEYS_TABLE, ACT_SLOWER, "replay: slower" },
	{ ']', "]", KEYS_TABLE, ACT_STEP_FORWARD,
	  "replay, paused: one sample forward" },
	{ '[', "[", KEYS_TABLE, ACT_STEP_BACK,
	  "replay, paused: one sample back" },
	{ 'W', "W", KEYS_TABLE, ACT_SAVE,
	  "save sort, delay, columns and window to the config file" },

	{ ESC, "Esc", KEYS_DETAIL, ACT_BACK, "back to the table" },
	{ '\n', "Enter", KEYS_DETAIL, ACT_BACK, "back to the table" },
	{ KEY_LEFT, "Left", KEYS_DETAIL, ACT_BACK, "back to the table" },

	{ KEY_UP, "Up", KEYS_EDITOR, ACT_FIELD_PREV, "previous field" },
	{ KEY_DOWN, "Down", KEYS_EDITOR, ACT_FIELD_NEXT, "next field" },
	{ '\t', "Tab", KEYS_EDITOR, ACT_FIELD_NEXT, "next field" },
	{ KEY_F(2), "F2", KEYS_EDITOR, ACT_FIELD_TOGGLE,
	  "switch the field on or off" },
	{ CTRL('t'), "Ctrl-T", KEYS_EDITOR, ACT_FIELD_TOGGLE,
	  "switch the field on or off" },
	{ ' ', "Space", KEYS_EDITOR, ACT_FIELD_TOGGLE,
	  "switch the field on or off (no value has a space)" },
	{ '\n', "Enter", KEYS_EDITOR, ACT_APPLY,
	  "apply the filter (an invalid one stays here with the error)" },
	{ ESC, "Esc", KEYS_EDITOR, ACT_CANCEL,
	  "leave; the filter in force stays" },
	{ KEY_BACKSPACE, "Backspace", KEYS_EDITOR, ACT_ERASE,
	  "erase a character" },
	{ 127, "Backspace", KEYS_EDITOR, ACT_ERASE, "erase a character" },
	{ CTRL('u'), "Ctrl-U", KEYS_EDITOR, ACT_KILL_LINE, "erase the field" },

	{ '\n', "Enter", KEYS_PROMPT, ACT_APPLY, "accept" },
	{ ESC, "Esc", KEYS_PROMPT, ACT_CANCEL,
	  "cancel (a userspace filter is cleared)" },
	{ KEY_BACKSPACE, "Backspace", KEYS_PROMPT, ACT_ERASE,
	  "erase a character" },
	{ 127, "Backspace", KEYS_PROMPT, ACT_ERASE, "erase a character" },
	{ CTRL('u'), "Ctrl-U", KEYS_PROMPT, ACT_KILL_LINE, "erase the line" },

	{ KEY_UP, "Up", KEYS_CHOOSER, ACT_FIELD_PREV, "previous field" },
	{ KEY_DOWN, "Down", KEYS_CHOOSER, ACT_FIELD_NEXT, "next field" },
	{ '\n', "Enter", KEYS_CHOOSER, ACT_APPLY, "sort by this field" },
	{ ESC, "Esc", KEYS_CHOOSER, ACT_CANCEL, "keep the sort" },
};

const size_t keys_count = sizeof(keys_table) / sizeof(keys_table[0]);

const struct keys_binding *keys_lookup(enum keys_context ctx, int key)
{
	size_t i;

	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	if (key == '\b')
		key = KEY_BACKSPACE;
	for (i = 0; i < keys_count; i++)
		if (keys_table[i].ctx == ctx && keys_table[i].key == key)
			return &keys_table[i];
	return NULL;
}

const char *keys_context_name(enum keys_context ctx)
{
	static const char *const names[KEYS_NCONTEXTS] = {
		[KEYS_TABLE] = "Table, group view and detail",
		[KEYS_DETAIL] = "Detail",
		[KEYS_EDITOR] = "Kernel filter form",
		[KEYS_PROMPT] = "Typing a filter, search or delay",
		[KEYS_CHOOSER] = "Sort chooser",
	};

	return names[ctx];
}
