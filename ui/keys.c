// SPDX-License-Identifier: GPL-2.0
/*
 * Keys as data.  Each file that owns a state of the screen exports its
 * actions as one table (actions.c the table and the detail pane, help.c,
 * editor.c, screen.c the prompt and the sort chooser); this file finds a
 * key in them and names keys.  Dispatch, the help screen, the key bar and
 * the man page test all read those tables, so they cannot drift apart.
 * Every function key has a letter twin, for terminals (and ssh clients)
 * that do not send F-keys.
 */
#include <curses.h>
#include <stdio.h>

#include "keys.h"

static const struct keys_mode *const keys_modes[KEYS_NCONTEXTS] = {
	[KEYS_TABLE] = &actions_table_keys,
	[KEYS_DETAIL] = &actions_detail_keys,
	[KEYS_HELP] = &help_keys,
	[KEYS_EDITOR] = &editor_keys,
	[KEYS_PROMPT] = &screen_prompt_keys,
	[KEYS_CHOOSER] = &screen_chooser_keys,
};

const struct keys_mode *keys_mode(enum keys_context ctx)
{
	return keys_modes[ctx];
}

const struct keys_action *keys_lookup(enum keys_context ctx, int key)
{
	const struct keys_mode *m = keys_modes[ctx];
	size_t i, j;

	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	if (key == '\b')
		key = KEY_BACKSPACE;
	for (i = 0; i < m->n; i++)
		for (j = 0; j < KEYS_MAX && m->actions[i].keys[j]; j++)
			if (m->actions[i].keys[j] == key)
				return &m->actions[i];
	return NULL;
}

const char *keys_name(int key, char *buf, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" }, { KEY_PPAGE, "PgUp" },
		{ KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
		{ KEY_BACKSPACE, "Backspace" }, { 127, "Backspace" },
		{ '\n', "Enter" }, { '\t', "Tab" }, { KEYS_ESC, "Esc" },
		{ ' ', "Space" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(63))
		snprintf(buf, size, "F%d", key - KEY_F0);
	else if (key > 0 && key < 0x20)
		snprintf(buf, size, "Ctrl-%c", key + 'A' - 1);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "key %d", key);
	return buf;
}

size_t keys_bar(const struct keys_action **out, size_t max)
{
	const struct keys_mode *m = keys_modes[KEYS_TABLE];
	size_t n = 0, i;
	int slot;

	/* Slots are few and small: find each in turn. */
	for (slot = 1; slot <= (int)m->n && n < max; slot++)
		for (i = 0; i < m->n; i++)
			if (m->actions[i].bar &&
			    m->actions[i].bar_slot == slot && n < max)
				out[n++] = &m->actions[i];
	return n;
}
