/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "opts.h"
#include "sort.h"

/*
 * The settings file, $XDG_CONFIG_HOME/allocinfo-top/config: plain
 * "key = value" lines, '#' comments.  Keys: sort, delay, columns, window.
 */
struct config {
	bool has_sort;
	struct sort_key sort;
	bool has_delay;
	double delay;
	bool has_window;
	double window;
	char columns[256];	/* "" when not set */
	/* Filled by the command line, which reads the file once. */
	char path[4096];	/* where it is (W saves there), or "" */
	char error[4400];	/* "path: why" it was not used, or "" */
};

/* The file's path ($XDG_CONFIG_HOME, else $HOME/.config).  0 or -ENOENT. */
int config_path(char *buf, size_t size);
/*
 * Parse the text of a config file into c (which keeps what it had for keys
 * not in the text).  0, or -EINVAL with "line N: reason" in err.
 */
int config_parse(struct config *c, const char *text, char *err,
		 size_t errsize);
/* Read and parse a file; -ENOENT when there is none. */
int config_load(struct config *c, const char *path, char *err,
		size_t errsize);
/* Write c to path, creating its directory.  0 or a negative errno. */
int config_save(const struct config *c, const char *path);
/* Seconds for a delay or window: 0.01 to 86400.  0 or -EINVAL. */
int config_parse_seconds(const char *s, double *out);
/* Put the settings c has into o. */
void config_apply(const struct config *c, struct opts *o);

#endif
