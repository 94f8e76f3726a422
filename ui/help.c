// SPDX-License-Identifier: GPL-2.0
/* The help screen, generated from the key table. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "screen.h"

/*
 * Add "keys  help" as lines of at most width cells: a long help wraps at a
 * space, under its own column, so that no line is cut.
 */
static int help_add(char out[][200], int n, int max, const char *keys,
		    const char *help, int width)
{
	const char *p = help;
	int room = width - 17;

	if (room < 20)
		room = 20;
	do {
		int len = (int)strlen(p);

		if (len > room) {
			len = room;
			while (len > 0 && p[len] != ' ')
				len--;
			if (!len)
				len = room;
		}
		if (n < max)
			snprintf(out[n], 200, "%-16s %.*s", p == help ? keys : "",
				 len, p);
		n++;
		p += len;
		while (*p == ' ')
			p++;
	} while (*p);
	return n;
}

/* Lines of help: one per action, its keys joined; '@' marks a heading. */
static int help_lines(char out[][200], int max, int width)
{
	int n = 0, ctx;
	size_t i, j, k;

	if (n < max)
		snprintf(out[n], 200,
			 "F column: N new, G gone (shown once more), %c inaccurate counters",
			 FIELD_INACCURATE_MARK);
	n++;
	for (ctx = 0; ctx < KEYS_NCONTEXTS; ctx++) {
		const struct keys_mode *m = keys_mode(ctx);

		if (n < max)
			snprintf(out[n], 200, "@%s", m->title);
		n++;
		for (i = 0; i < m->n; i++) {
			const struct keys_action *a = &m->actions[i];
			char keys[64] = "", name[16], prev[16];

			for (j = 0; j < KEYS_MAX && a->keys[j]; j++) {
				bool seen = false;

				keys_name(a->keys[j], name, sizeof(name));
				/* Two codes of one key (Backspace) once. */
				for (k = 0; k < j; k++)
					if (!strcmp(keys_name(a->keys[k], prev,
							      sizeof(prev)),
						    name))
						seen = true;
				if (!seen)
					snprintf(keys + strlen(keys),
						 sizeof(keys) - strlen(keys),
						 "%s%s", keys[0] ? " " : "",
						 name);
			}
			n = help_add(out, n, max, keys, a->help, width);
		}
	}
	return n;
}

void help_draw(struct ui *ui, int y, int height)
{
	static char lines[160][200];
	int n = help_lines(lines, 160, COLS - 2), row;

	if (n > 160)
		n = 160;
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

static int help_scroll(struct ui *ui, int by)
{
	ui->help_top += by;
	return 0;
}

static int help_up(struct ui *ui)
{
	return help_scroll(ui, -1);
}

static int help_down(struct ui *ui)
{
	return help_scroll(ui, 1);
}

static int help_page_up(struct ui *ui)
{
	return help_scroll(ui, -(screen_table_height() - 2));
}

static int help_page_down(struct ui *ui)
{
	return help_scroll(ui, screen_table_height() - 2);
}

static int help_home(struct ui *ui)
{
	ui->help_top = 0;
	return 0;
}

/* help_draw stops at the last line. */
static int help_end(struct ui *ui)
{
	ui->help_top = 1000;
	return 0;
}

static int help_leave(struct ui *ui, int key)
{
	(void)key;
	ui->state = ui->back;
	return 0;
}

static const struct keys_action help_actions[] = {
	{ "up", { KEY_UP, 'k' }, "scroll up", NULL, 0, help_up },
	{ "down", { KEY_DOWN, 'j' }, "scroll down", NULL, 0, help_down },
	{ "page-up", { KEY_PPAGE }, "one page up", NULL, 0, help_page_up },
	{ "page-down", { KEY_NPAGE }, "one page down", NULL, 0,
	  help_page_down },
	{ "home", { KEY_HOME }, "first line", NULL, 0, help_home },
	{ "end", { KEY_END }, "last line", NULL, 0, help_end },
};

/* Any other key returns to where help was opened. */
const struct keys_mode help_keys = {
	"Help (any other key returns)", help_actions,
	sizeof(help_actions) / sizeof(help_actions[0]), help_leave,
};
