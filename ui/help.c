// SPDX-License-Identifier: GPL-2.0
/* The help screen, generated from the key table. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "screen.h"

/* Lines of help: one per action and context, its keys joined. */
static int help_lines(char out[][200], int max)
{
	int n = 0, ctx;
	size_t i, j;

	if (n < max)
		snprintf(out[n], 200,
			 "F column: N new, G gone (shown once more), %c inaccurate counters",
			 FIELD_INACCURATE_MARK);
	n++;
	for (ctx = 0; ctx < KEYS_NCONTEXTS; ctx++) {
		if (n < max)
			snprintf(out[n], 200, "@%s", keys_context_name(ctx));
		n++;
		for (i = 0; i < keys_count; i++) {
			const struct keys_binding *k = &keys_table[i];
			char keys[64] = "";
			bool seen = false;

			if ((int)k->ctx != ctx)
				continue;
			for (j = 0; j < i; j++)
				if ((int)keys_table[j].ctx == ctx &&
				    keys_table[j].action == k->action)
					seen = true;
			if (seen)
				continue;
			for (j = i; j < keys_count; j++) {
				const struct keys_binding *o = &keys_table[j];

				if ((int)o->ctx != ctx ||
				    o->action != k->action ||
				    (strstr(keys, o->name) &&
				     strlen(o->name) > 1))
					continue;
				snprintf(keys + strlen(keys),
					 sizeof(keys) - strlen(keys), "%s%s",
					 keys[0] ? " " : "", o->name);
			}
			if (n < max)
				snprintf(out[n], 200, "%-16s %s", keys,
					 k->help);
			n++;
		}
	}
	return n;
}

void help_draw(struct ui *ui, int y, int height)
{
	static char lines[128][200];
	int n = help_lines(lines, 128), row;

	if (n > 128)
		n = 128;
	/* One line goes to the title. */
	if (ui->help_top > n - (height - 1))
		ui->help_top = n - (height - 1) > 0 ? n - (height - 1) : 0;
	if (ui->help_top < 0)
		ui->help_top = 0;
	screen_put(y, 0, COLS, crt_attr(CRT_TITLE),
		   " Help: arrows, PgUp and PgDn scroll; any other key returns");
	for (row = 1; row < height; row++) {
		int i = ui->help_top + row - 1;

		move(y + row, 0);
		clrtoeol();
		if (i >= n)
			continue;
		if (lines[i][0] == '@')
			screen_put(y + row, 0, COLS, crt_attr(CRT_LABEL),
				   lines[i] + 1);
		else
			screen_put(y + row, 2, COLS - 2, 0, lines[i]);
	}
}

void help_key(struct ui *ui, int key)
{
	const struct keys_binding *k = keys_lookup(KEYS_TABLE, key);
	int page = screen_table_height() - 2;

	switch (k ? k->action : ACT_NONE) {
	case ACT_UP:
		ui->help_top--;
		break;
	case ACT_DOWN:
		ui->help_top++;
		break;
	case ACT_PAGE_UP:
		ui->help_top -= page;
		break;
	case ACT_PAGE_DOWN:
		ui->help_top += page;
		break;
	case ACT_HOME:
		ui->help_top = 0;
		break;
	case ACT_END:
		ui->help_top = 1000;
		break;
	default:
		ui->state = ui->back;
		break;
	}
	ui->dirty = true;
}
