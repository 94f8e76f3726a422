/* SPDX-License-Identifier: GPL-2.0 */
#ifndef OPTS_H
#define OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "filter.h"
#include "output.h"
#include "sort.h"
#include "source.h"

/* Everything the command line (and later the config file) decides. */
struct opts {
	double delay;		/* seconds between samples */
	long iterations;	/* samples to take, 0: no limit */
	bool batch;
	struct sort_key sort;
	size_t lines;		/* rows per sample in batch output, 0: all */
	enum output_format format;
	bool exact_bytes;
	const char *replay;	/* capture to read, or NULL */
	const char *record;	/* capture to append to, or NULL */
	const char *path;	/* /proc/allocinfo or what -F gave */
	enum source_kind source;
	struct filter filter;
	const char *match;	/* userspace substring filter */
	bool color;
	double window;		/* seconds of history for trends and slope */
	double speed;		/* of a replay, 1: as recorded */
	const char *textfile;	/* directory for allocinfo.prom, or NULL */
	const char *diff_old;	/* --diff OLD NEW, or NULL */
	const char *diff_new;
};

#endif
