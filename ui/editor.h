/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EDITOR_H
#define EDITOR_H

#include <stdbool.h>

#include "filter.h"

struct ui;

/*
 * The kernel filter form: one line per filter field, each switched on or
 * off, edited as text.  The form is a copy; the filter in force changes
 * only when the whole form is valid.
 */
struct editor {
	int field;		/* the line being edited */
	bool on[FILTER_NFIELDS];
	char text[FILTER_NFIELDS][ALLOCINFO_STR_SIZE + 8];
	char error[200];	/* why the last apply was refused, or "" */
};

/* Fill the form from a filter. */
void editor_load(struct editor *ed, const struct filter *f);
/*
 * The filter the form describes: 0, or -EINVAL with ed->error and
 * ed->field on the first invalid line (*f is then undefined).
 */
int editor_build(struct editor *ed, struct filter *f);

/*
 * The form on the screen: open it on the filter in force and draw it; its
 * keys are editor_keys (keys.h).
 */
void editor_open(struct ui *ui);
void editor_draw(struct ui *ui, int y, int height);
/* Apply the form; 0, or -EINVAL with ed->error set and nothing changed. */
int editor_apply(struct ui *ui);

#endif
