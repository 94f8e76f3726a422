/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FIT_H
#define FIT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What the columns after the numbers need, measured over the rows on
 * screen, in terminal cells (names are escaped to plain ASCII first).
 */
struct fit_need {
	int function;		/* the longest function name */
	int file;		/* the longest "file:line" */
	int module;		/* the longest module name; 0: none on screen */
	bool flags;		/* a row on screen is new, gone or inaccurate */
	bool trend;		/* the TREND column is enabled */
};

/* Their widths in cells, 0 for a column not shown. */
struct fit {
	int trend;
	int flags;
	int module;
	int function;
	int file;		/* the last column: it takes what is left */
};

/*
 * The column-width rule.  width: the terminal's columns; fixed: the cells
 * the number columns take, their separators included.  MODULE is shown
 * only when a row has a module, F only when a row has a flag, TREND is
 * narrower on narrow screens and gives way to a function name of up to 24
 * characters.
 * FUNCTION gets the room it needs first, then FILE:LINE, then MODULE, each
 * keeping a few cells for the others; what is left pads FILE:LINE.
 */
void fit_compute(struct fit *f, int width, int fixed,
		 const struct fit_need *need);

/*
 * Copy s (plain ASCII) cut to w cells: the head kept and a mark at the
 * end, or with tail, the tail kept and a mark at the start ("…" in UTF-8,
 * '>' and '<' otherwise).  Returns out.
 */
char *fit_cut(char *out, size_t size, const char *s, int w, bool tail,
	      bool utf8);

#endif
