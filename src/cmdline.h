/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdio.h>

#include "config.h"
#include "opts.h"

/* Exit statuses. */
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* Defaults for every option. */
void cmdline_defaults(struct opts *o);
/*
 * Parse argv into o.  Returns -1 to go on, or an exit status (0 after
 * --help or --version, EXIT_USAGE after a one-line error on err).
 */
int cmdline_parse(struct opts *o, int argc, char **argv, FILE *out,
		  FILE *err);
/*
 * The whole command line: parse argv into o, with batch output when asked
 * for or when stdout is not a terminal.  For the screen, the settings file
 * is loaded once into c; its settings sit between the defaults and the
 * command line, and c keeps its path, columns and why it was not used.
 * Returns -1 to go on, or an exit status (after its messages).
 */
int cmdline_read(struct opts *o, struct config *c, int argc, char **argv);
/* The --help text. */
void cmdline_usage(FILE *fp);

#endif
