/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TEXTFILE_H
#define TEXTFILE_H

#include <stdio.h>

#define TEXTFILE_NAME "allocinfo.prom"

/*
 * DIR/allocinfo.prom for node_exporter's textfile collector, replaced
 * whole at every sample: a reader sees the old file or the new one, never
 * a part.
 */
struct textfile {
	int dirfd;
	unsigned long seq;	/* for the temporary names */
};

/* Prints the file's contents; returns 0 or a negative errno. */
typedef int (*textfile_fill_fn)(FILE *fp, void *arg);

/*
 * Open dir: it must be a directory, not a symbolic link, owned by the
 * effective user (-ELOOP, -ENOTDIR, -EPERM otherwise).  0 or -errno.
 */
int textfile_open(struct textfile *tf, const char *dir);
/*
 * Write a temporary file in the directory (created exclusively, never
 * through a symbolic link), fill it, fsync it, give it mode 0644 and
 * rename it over allocinfo.prom.  On error the temporary file is removed
 * and the old allocinfo.prom stays.  0 or a negative errno.
 */
int textfile_write(struct textfile *tf, textfile_fill_fn fill, void *arg);
void textfile_close(struct textfile *tf);

#endif
