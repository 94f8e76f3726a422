// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel filter form.  The form edits a copy; applying validates every
 * switched-on field first, so an invalid value stays in the form with its
 * error and the filter in force stays in force.
 */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "editor.h"
#include "screen.h"

static const char *const editor_hints[FILTER_NFIELDS] = {
	[FILTER_MODULE] = "module name, exact (built-in code has none)",
	[FILTER_FUNCTION] = "function name, exact",
	[FILTER_FILE] = "source file, exact, as the kernel prints it",
	[FILTER_LINE] = "line number",
	[FILTER_INACCURATE] =
		"yes: only inaccurate counters; no: only accurate",
	[FILTER_MIN_BYTES] = "at least this many bytes (K, M, G, T)",
	[FILTER_MAX_BYTES] = "at most this many bytes (K, M, G, T)",
};

void editor_load(struct editor *ed, const struct filter *f)
{
	int i;

	memset(ed, 0, sizeof(*ed));
	for (i = 0; i < FILTER_NFIELDS; i++)
		ed->on[i] = f->mask & (1ULL << i);
	snprintf(ed->text[FILTER_MODULE], sizeof(ed->text[0]), "%s", f->module);
	snprintf(ed->text[FILTER_FUNCTION], sizeof(ed->text[0]), "%s",
		 f->function);
	snprintf(ed->text[FILTER_FILE], sizeof(ed->text[0]), "%s", f->file);
	if (ed->on[FILTER_LINE])
		snprintf(ed->text[FILTER_LINE], sizeof(ed->text[0]),
			 "%" PRIu64, f->line);
	snprintf(ed->text[FILTER_INACCURATE], sizeof(ed->text[0]), "%s",
		 ed->on[FILTER_INACCURATE] && !f->inaccurate ? "no" : "yes");
	if (ed->on[FILTER_MIN_BYTES])
		snprintf(ed->text[FILTER_MIN_BYTES], sizeof(ed->text[0]),
			 "%" PRId64, f->min_bytes);
	if (ed->on[FILTER_MAX_BYTES])
		snprintf(ed->text[FILTER_MAX_BYTES], sizeof(ed->text[0]),
			 "%" PRId64, f->max_bytes);
}

int editor_build(struct editor *ed, struct filter *f)
{
	int i, err;

	memset(f, 0, sizeof(*f));
	ed->error[0] = '\0';
	for (i = 0; i < FILTER_NFIELDS; i++) {
		if (!ed->on[i])
			continue;
		err = filter_set(f, i, ed->text[i], NULL);
		if (err) {
			ed->field = i;
			snprintf(ed->error, sizeof(ed->error),
				 "invalid %s '%.64s': expected %s",
				 filter_field_name(i), ed->text[i],
				 editor_hints[i]);
			return -EINVAL;
		}
	}
	if (filter_check(f)) {
		ed->field = FILTER_MIN_BYTES;
		snprintf(ed->error, sizeof(ed->error),
			 "invalid: min-bytes is larger than max-bytes");
		return -EINVAL;
	}
	return 0;
}

void editor_open(struct ui *ui)
{
	editor_load(&ui->ed, sampler_filter(&ui->app.sampler));
	ui->back = ui->state == STATE_DETAIL ? STATE_DETAIL : STATE_TABLE;
	ui->state = STATE_EDITOR;
}

int editor_apply(struct ui *ui)
{
	struct filter f;
	int err = editor_build(&ui->ed, &f);

	if (err)
		return err;
	ui_set_filter(ui, &f);
	return 0;
}

void editor_draw(struct ui *ui, int y, int height)
{
	const struct editor *ed = &ui->ed;
	bool kernel = source_caps(&ui->app.src) & SOURCE_KERNEL_FILTER;
	int i, row, end = y + height;

	for (row = y; row < end; row++) {
		move(row, 0);
		clrtoeol();
	}
	screen_put(y, 0, COLS, crt_attr(CRT_TITLE),
		   kernel ? " Kernel filter (sent to the kernel with GET_AT)" :
		   " Kernel filter (this source applies it in userspace, with the kernel's semantics)");
	y += 2;
	for (i = 0; i < FILTER_NFIELDS && y < end; i++, y++) {
		int attr = i == ed->field ? crt_attr(CRT_SELECTED) : 0;
		char buf[200];

		snprintf(buf, sizeof(buf), "[%c] %-11s %s%s",
			 ed->on[i] ? 'x' : ' ', filter_field_name(i),
			 ed->text[i], i == ed->field ? "_" : "");
		screen_put(y, 2, COLS - 2, attr, buf);
	}
	y++;
	if (y < end)
		screen_put(y++, 2, COLS - 2, A_DIM, editor_hints[ed->field]);
	if (y < end)
		screen_put(y++, 2, COLS - 2, 0,
			   "Typing switches a field on, emptying it off; Space or F2 on/off; Enter applies");
	if (ed->error[0] && y < end)
		screen_put(y, 2, COLS - 2, crt_attr(CRT_ERROR), ed->error);
}

static int editor_prev(struct ui *ui)
{
	ui->ed.field = (ui->ed.field + FILTER_NFIELDS - 1) % FILTER_NFIELDS;
	return 0;
}

static int editor_next(struct ui *ui)
{
	ui->ed.field = (ui->ed.field + 1) % FILTER_NFIELDS;
	return 0;
}

/*
 * An empty field is off: switched on, an empty module would keep only
 * built-in code and hide every module, which no one types by accident on
 * purpose.  (--module "" on the command line still asks for that.)
 */
static int editor_toggle(struct ui *ui)
{
	struct editor *ed = &ui->ed;

	if (!ed->on[ed->field] && !ed->text[ed->field][0]) {
		snprintf(ed->error, sizeof(ed->error),
			 "%s is empty: type a value to switch it on",
			 filter_field_name(ed->field));
		return 0;
	}
	ed->on[ed->field] = !ed->on[ed->field];
	return 0;
}

static int editor_ok(struct ui *ui)
{
	if (!editor_apply(ui))
		ui->state = ui->back;
	return 0;
}

static int editor_cancel(struct ui *ui)
{
	ui->state = ui->back;
	return 0;
}

/* Erasing a field to nothing switches it off. */
static int editor_erase(struct ui *ui)
{
	char *text = ui->ed.text[ui->ed.field];
	size_t len = strlen(text);

	if (len)
		text[len - 1] = '\0';
	if (len <= 1)
		ui->ed.on[ui->ed.field] = false;
	return 0;
}

static int editor_kill(struct ui *ui)
{
	ui->ed.text[ui->ed.field][0] = '\0';
	ui->ed.on[ui->ed.field] = false;
	return 0;
}

/* Typing into a field switches it on. */
static int editor_type(struct ui *ui, int key)
{
	struct editor *ed = &ui->ed;
	char *text = ed->text[ed->field];
	size_t len = strlen(text);

	if (key >= 0x20 && key < 0x7f && len + 1 < sizeof(ed->text[0]) &&
	    len < FILTER_NAME_MAX + 8) {
		text[len] = (char)key;
		text[len + 1] = '\0';
		ed->on[ed->field] = true;
		ed->error[0] = '\0';
	}
	return 0;
}

static const struct keys_action editor_actions[] = {
	{ "prev", { KEY_UP }, "previous field", NULL, 0, editor_prev },
	{ "next", { KEY_DOWN, '\t' }, "next field", NULL, 0, editor_next },
	{ "toggle", { KEY_F(2), KEYS_CTRL('t'), ' ' },
	  "switch the field on or off", NULL, 0, editor_toggle },
	{ "apply", { '\n' },
	  "apply the filter (an invalid one stays here with the error)",
	  NULL, 0, editor_ok },
	{ "cancel", { KEYS_ESC }, "leave; the filter in force stays", NULL, 0,
	  editor_cancel },
	{ "erase", { KEY_BACKSPACE, 127 }, "erase a character", NULL, 0,
	  editor_erase },
	{ "kill-line", { KEYS_CTRL('u') }, "erase the field", NULL, 0,
	  editor_kill },
};

const struct keys_mode editor_keys = {
	"Kernel filter form", editor_actions,
	sizeof(editor_actions) / sizeof(editor_actions[0]), editor_type,
};
