/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdio.h>

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
/* The whole program: parse, then run the batch or interactive view. */
int cmdline_main(int argc, char **argv);
/* The --help text. */
void cmdline_usage(FILE *fp);

#endif
