// SPDX-License-Identifier: GPL-2.0
/*
 * All curses set-up and tear-down.  Nothing else calls newterm() or
 * endwin().
 */
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "crt.h"

static SCREEN *crt_screen;
static bool crt_active;
static int crt_attrs[CRT_NCOLORS];
static struct termios crt_saved;
static bool crt_saved_ok;
/* What the fatal-signal handler writes: leave the alternate screen etc. */
static char crt_exit_seq[256];
static size_t crt_exit_len;

static const int crt_fatal[] = {
	SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGQUIT,
};

/* Only async-signal-safe calls: tcsetattr, write, raise. */
static void crt_fatal_handler(int sig)
{
	ssize_t unused;

	if (crt_exit_len)
		unused = write(STDOUT_FILENO, crt_exit_seq, crt_exit_len);
	(void)unused;
	if (crt_saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &crt_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void crt_add_exit(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (crt_exit_len + n >= sizeof(crt_exit_seq))
		return;
	memcpy(crt_exit_seq + crt_exit_len, s, n);
	crt_exit_len += n;
}

static void crt_install_fatal(void)
{
	struct sigaction sa;
	size_t i;

	crt_exit_len = 0;
	crt_add_exit("sgr0");
	crt_add_exit("cnorm");
	crt_add_exit("rmkx");
	crt_add_exit("rmcup");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crt_fatal_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof(crt_fatal) / sizeof(crt_fatal[0]); i++)
		sigaction(crt_fatal[i], &sa, NULL);
}

static void crt_remove_fatal(void)
{
	size_t i;

	for (i = 0; i < sizeof(crt_fatal) / sizeof(crt_fatal[0]); i++)
		signal(crt_fatal[i], SIG_DFL);
}

static void crt_colors(bool color)
{
	static const struct {
		short fg, bg;
		int mono;
	} spec[CRT_NCOLORS] = {
		[CRT_NORMAL] = { -1, -1, A_NORMAL },
		[CRT_HEADER] = { -1, -1, A_NORMAL },
		[CRT_LABEL] = { COLOR_CYAN, -1, A_BOLD },
		[CRT_TITLE] = { COLOR_BLACK, COLOR_GREEN, A_REVERSE },
		[CRT_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
		[CRT_GROW] = { COLOR_RED, -1, A_BOLD },
		[CRT_SHRINK] = { COLOR_GREEN, -1, A_NORMAL },
		[CRT_NEW] = { COLOR_YELLOW, -1, A_BOLD },
		[CRT_GONE] = { COLOR_BLUE, -1, A_DIM },
		[CRT_ERROR] = { COLOR_WHITE, COLOR_RED, A_REVERSE },
		[CRT_KEY] = { -1, -1, A_NORMAL },
		[CRT_KEYTEXT] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
		[CRT_GROUP] = { COLOR_MAGENTA, -1, A_BOLD },
	};
	bool use = color && has_colors() && start_color() == OK;
	int i;

	if (use)
		use_default_colors();
	for (i = 0; i < CRT_NCOLORS; i++) {
		crt_attrs[i] = spec[i].mono;
		if (use && (spec[i].fg != -1 || spec[i].bg != -1) &&
		    i < COLOR_PAIRS) {
			init_pair((short)i, spec[i].fg, spec[i].bg);
			crt_attrs[i] = COLOR_PAIR(i);
			if (i == CRT_GROW || i == CRT_NEW || i == CRT_LABEL ||
			    i == CRT_GROUP)
				crt_attrs[i] |= A_BOLD;
		}
	}
}

int crt_init(bool color, char *err, size_t errsize)
{
	const char *term = getenv("TERM");
	int terr = 0;

	if (!term || !*term || !strcmp(term, "dumb")) {
		snprintf(err, errsize,
			 "TERM=%s cannot show the interactive screen; use -b for batch output",
			 term && *term ? term : "(unset)");
		return -1;
	}
	/* Ask terminfo first, so curses cannot exit on us. */
	if (setupterm(NULL, STDOUT_FILENO, &terr) != OK) {
		snprintf(err, errsize,
			 "no terminfo entry for TERM=%s; use -b for batch output",
			 term);
		return -1;
	}
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		del_curterm(cur_term);
		snprintf(err, errsize,
			 "TERM=%s cannot move the cursor; use -b for batch output",
			 term);
		return -1;
	}
	del_curterm(cur_term);
	crt_saved_ok = tcgetattr(STDIN_FILENO, &crt_saved) == 0;
	crt_screen = newterm(NULL, stdout, stdin);
	if (!crt_screen) {
		snprintf(err, errsize,
			 "cannot start curses on TERM=%s; use -b for batch output",
			 term);
		return -1;
	}
	set_term(crt_screen);
	crt_active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	crt_colors(color);
	crt_install_fatal();
	return 0;
}

void crt_fini(void)
{
	if (!crt_active)
		return;
	crt_remove_fatal();
	curs_set(1);
	endwin();
	delscreen(crt_screen);
	crt_screen = NULL;
	crt_active = false;
	if (crt_saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &crt_saved);
}

void crt_resize(void)
{
	struct winsize ws;

	if (!crt_active)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row &&
	    ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
}

int crt_attr(enum crt_color c)
{
	return crt_attrs[c];
}

bool crt_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && !strcmp(cs, "UTF-8");
}
