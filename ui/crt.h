/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CRT_H
#define CRT_H

#include <stdbool.h>
#include <stddef.h>

/* The screen's colours (attributes alone on monochrome or -C). */
enum crt_color {
	CRT_NORMAL,
	CRT_HEADER,
	CRT_LABEL,
	CRT_TITLE,
	CRT_SELECTED,
	CRT_GROW,
	CRT_SHRINK,
	CRT_NEW,
	CRT_GONE,
	CRT_ERROR,
	CRT_KEY,
	CRT_KEYTEXT,
	CRT_GROUP,
	CRT_NCOLORS,
};

/*
 * Set up curses on the terminal: 0, or -1 with the reason in err (curses
 * is then not active).  Installs the handlers that restore the terminal on
 * SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE and SIGQUIT.
 */
int crt_init(bool color, char *err, size_t errsize);
/* Tear curses down; the terminal is as it was before crt_init. */
void crt_fini(void);
/* Follow the terminal's new size (libuv owns SIGWINCH, not curses). */
void crt_resize(void);
/* The attribute for a colour. */
int crt_attr(enum crt_color c);
/* Does the locale speak UTF-8? */
bool crt_utf8(void);

#endif
