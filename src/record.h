/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RECORD_H
#define RECORD_H

#include "sample.h"

/*
 * A capture being written.  The file is created with mode 0600, only ever
 * appended to, and each sample goes out in one write() as soon as it is
 * taken, so a killed recorder loses at most the sample being written.
 */
struct recorder {
	int fd;
	char *buf;
	size_t len;
	size_t cap;
};

/* Returns 0 or a negative errno. */
int record_open(struct recorder *r, const char *path);
int record_write(struct recorder *r, const struct sample *s);
void record_close(struct recorder *r);

/* Format one sample as capture text into r->buf (exposed for tests). */
void record_format(struct recorder *r, const struct sample *s);

#endif
