/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RECORD_H
#define RECORD_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sample.h"

/*
 * A capture being written.  The file is created with mode 0600, only ever
 * appended to, locked against a second recorder, and each sample goes out
 * in one write() as soon as it is taken.  A sample cut short (a killed
 * recorder, a full disk) is removed when the next recorder opens the file,
 * so appending never glues a sample onto a cut one.
 */
struct recorder {
	int fd;
	char *buf;
	size_t len;
	size_t cap;
	/* Why record_open() refused the file, and what to do; or NULL. */
	const char *why;
	/* Bytes of a cut last sample that record_open() removed. */
	off_t repaired;
	off_t repaired_at;
};

/*
 * Open path for appending samples.  A symbolic link, anything but a regular
 * file, a file owned by another user, one that group or others may read or
 * write, one with another hard link, and the file *avoid (the one being
 * read, may be NULL) are refused with r->why set.  Another recorder's lock
 * is -EWOULDBLOCK.  Returns 0 or a negative errno.
 */
int record_open(struct recorder *r, const char *path, const struct stat *avoid);
/* Append one sample; on error the partial sample is removed again. */
int record_write(struct recorder *r, const struct sample *s);
void record_close(struct recorder *r);

/* Format one sample as capture text into r->buf (exposed for tests). */
void record_format(struct recorder *r, const struct sample *s);
/*
 * Remove a cut last sample from the capture open on fd (size bytes), and
 * end the file with a newline.  Returns the bytes removed (0 when the last
 * sample is complete) or a negative errno; *at gets where it was cut.
 */
off_t record_repair(int fd, off_t size, off_t *at);

#endif
