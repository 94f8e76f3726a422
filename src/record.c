// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "parse.h"
#include "record.h"
#include "xalloc.h"

#define RECORD_CHUNK 65536
#define RECORD_SEP_MAX 4096

/* pread() all of len bytes, or say why not. */
static int record_pread(int fd, char *buf, size_t len, off_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		got += (size_t)n;
	}
	return 0;
}

/*
 * Does a sample start at buf[i] (file offset off + i, file size size)?
 * At a line start, "@sample" and a blank, or the start of "@sample" cut by
 * the end of the file; after a cut line (an older recorder appended there),
 * "@sample " and a digit.
 */
static bool record_is_start(const char *buf, size_t n, size_t i, off_t off,
			    off_t size)
{
	static const char sep[] = PARSE_SEPARATOR;
	size_t k = sizeof(sep) - 1, have = n - i;
	bool line_start = off + (off_t)i == 0 || (i && buf[i - 1] == '\n');

	if (have < k)
		return line_start && off + (off_t)n == size &&
		       !memcmp(buf + i, sep, have);
	if (memcmp(buf + i, sep, k))
		return false;
	if (line_start)
		return have == k || strchr(" \t\r\n", buf[i + k]);
	return have > k + 1 && buf[i + k] == ' ' && buf[i + k + 1] >= '0' &&
	       buf[i + k + 1] <= '9';
}

/* Where the last sample starts, or -1 when there is no separator. */
static off_t record_last_start(int fd, off_t size, char *buf)
{
	off_t hi = size;

	while (hi > 0) {
		off_t lo = hi > RECORD_CHUNK ? hi - RECORD_CHUNK : 0;
		off_t from = lo ? lo - 1 : 0;
		off_t to = hi + 9 < size ? hi + 9 : size;
		size_t n = (size_t)(to - from), i;
		int err = record_pread(fd, buf, n, from);

		if (err)
			return err;
		for (i = (size_t)(hi - from); i-- > (size_t)(lo - from);)
			if (buf[i] == '@' &&
			    record_is_start(buf, n, i, from, size))
				return from + (off_t)i;
		hi = lo;
	}
	return -1;
}

/*
 * Is the sample at start complete: the file ends with a newline and, when
 * the separator gives tags=N, N records follow it?
 */
static int record_complete(int fd, off_t start, off_t size, char *buf)
{
	struct parse_separator sep;
	const char *why, *nl;
	size_t records = 0, n;
	off_t off;
	int err, state = 0;

	err = record_pread(fd, buf, 1, size - 1);
	if (err)
		return err;
	if (buf[0] != '\n')
		return 0;
	n = size - start < RECORD_SEP_MAX ? (size_t)(size - start) :
	    RECORD_SEP_MAX;
	err = record_pread(fd, buf, n, start);
	if (err)
		return err;
	nl = memchr(buf, '\n', n);
	if (!nl)
		return 0;
	/* A separator that does not parse is the reader's to report. */
	if (parse_separator(buf, (size_t)(nl - buf), &sep, &why) ||
	    !sep.has_tags)
		return 1;
	/* Count record lines as parse_is_record() sees them. */
	for (off = start + (nl - buf) + 1; off < size; off += (off_t)n) {
		size_t i;

		n = size - off < RECORD_CHUNK ? (size_t)(size - off) :
		    RECORD_CHUNK;
		err = record_pread(fd, buf, n, off);
		if (err)
			return err;
		for (i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\n')
				state = 0;
			else if (state == 0 && (c == ' ' || c == '\t' ||
						c == '\r'))
				continue;
			else if (state == 0 && c == '-')
				state = 1;
			else if (state <= 1 && c >= '0' && c <= '9') {
				records++;
				state = 2;
			} else {
				state = 2;
			}
		}
	}
	return records == sep.tags;
}

off_t record_repair(int fd, off_t size, off_t *at)
{
	off_t start, removed = 0;
	char *buf;
	int done;

	*at = size;
	if (size <= 0)
		return 0;
	buf = xmalloc(RECORD_CHUNK + 16);
	start = record_last_start(fd, size, buf);
	if (start < -1) {
		removed = start;
		goto out_free;
	}
	done = start < 0 ? 1 : record_complete(fd, start, size, buf);
	if (done < 0) {
		removed = done;
		goto out_free;
	}
	if (!done) {
		if (ftruncate(fd, start)) {
			removed = -errno;
			goto out_free;
		}
		*at = start;
		removed = size - start;
		size = start;
	}
	/* A cut line before the cut sample, or a file not ended. */
	if (size > 0 && !record_pread(fd, buf, 1, size - 1) &&
	    buf[0] != '\n' && write(fd, "\n", 1) != 1)
		removed = -EIO;
out_free:
	free(buf);
	return removed;
}

int record_open(struct recorder *r, const char *path, const struct stat *avoid)
{
	struct stat st;
	off_t fixed;
	int err;

	memset(r, 0, sizeof(*r));
	r->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW |
		     O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
	if (r->fd < 0) {
		err = -errno;
		/* Some kernels refuse a planted link before O_NOFOLLOW does. */
		if (err == -ELOOP || (!lstat(path, &st) && S_ISLNK(st.st_mode)))
			r->why = "a symbolic link, which a recording never follows: name the file itself";
		return err;
	}
	err = -EINVAL;
	if (fstat(r->fd, &st)) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode))
		r->why = "not a regular file: record to a file";
	else if (avoid && st.st_dev == avoid->st_dev &&
		 st.st_ino == avoid->st_ino)
		r->why = "the file being read: record to another file";
	else if (st.st_uid != geteuid())
		r->why = "owned by another user, who could read what is recorded: remove it or record to a new file";
	else if (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))
		r->why = "readable or writable by group or others: chmod 600 it, or record to a new file";
	else if (st.st_nlink > 1)
		r->why = "has another name (a hard link): record to a new file";
	if (r->why)
		goto out_close;
	if (fcntl(r->fd, F_SETFL, O_APPEND) ||
	    flock(r->fd, LOCK_EX | LOCK_NB)) {
		err = -errno;
		if (err == -EWOULDBLOCK)
			r->why = "another allocinfo-top is recording to it (the file is locked)";
		goto out_close;
	}
	fixed = record_repair(r->fd, st.st_size, &r->repaired_at);
	if (fixed < 0) {
		err = (int)fixed;
		goto out_close;
	}
	r->repaired = fixed;
	return 0;
out_close:
	close(r->fd);
	r->fd = -1;
	return err;
}

static void record_reserve(struct recorder *r, size_t n)
{
	while (r->cap - r->len < n) {
		r->cap = r->cap ? r->cap * 2 : 65536;
		r->buf = xrealloc(r->buf, r->cap);
	}
}

static void record_printf(struct recorder *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void record_printf(struct recorder *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < r->cap - r->len)
			break;
		record_reserve(r, r->cap - r->len + 1);
	}
	r->len += (size_t)n;
}

/* A name goes in the separator only if it is one token of plain text. */
static bool record_token_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	for (; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return false;
	return *name;
}

/* Where the sample was read: host, release and the meminfo totals. */
static void record_origin(struct recorder *r, const struct sample *s)
{
	int f;

	if (record_token_ok(s->host))
		record_printf(r, " host=%s", s->host);
	if (record_token_ok(s->release))
		record_printf(r, " release=%s", s->release);
	for (f = 0; f < MEMINFO_NFIELDS; f++)
		if (meminfo_has(&s->mem, f))
			record_printf(r, " %s=%" PRIu64, meminfo_name(f),
				      s->mem.bytes[f] / 1024);
}

/*
 * A name as one token: bytes that would end it (blanks, newlines), bytes a
 * terminal acts on, and the backslash are written as \xNN, which the parser
 * decodes.
 */
static void record_name(struct recorder *r, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	record_reserve(r, strlen(s) * 4 + 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f || c == '\\') {
			r->buf[r->len++] = '\\';
			r->buf[r->len++] = 'x';
			r->buf[r->len++] = hex[c >> 4];
			r->buf[r->len++] = hex[c & 15];
		} else {
			r->buf[r->len++] = (char)c;
		}
	}
}

void record_format(struct recorder *r, const struct sample *s)
{
	enum sample_origin o = s->origin == ORIGIN_CAPTURE ?
			       s->recorded_origin : s->origin;
	size_t i;

	r->len = 0;
	record_reserve(r, 65536);
	record_printf(r, "%s %.6f", PARSE_SEPARATOR, s->time);
	if (s->has_content_id)
		record_printf(r, " content_id=%" PRIu64, s->content_id);
	if (o != ORIGIN_NONE)
		record_printf(r, " source=%s", sample_origin_name(o));
	record_printf(r, " tags=%zu", s->nrecs);
	record_origin(r, s);
	record_printf(r, "\n");
	for (i = 0; i < s->nrecs; i++) {
		const struct rec *t = &s->recs[i];

		record_printf(r, "%12" PRId64 " %8" PRIu64 " ", t->bytes,
			      t->calls);
		record_name(r, t->file);
		record_printf(r, ":%" PRIu64 " ", t->line);
		if (*t->module) {
			record_printf(r, "[");
			record_name(r, t->module);
			record_printf(r, "] ");
		}
		record_printf(r, "func:");
		record_name(r, t->function);
		record_printf(r, "%s \n", t->accurate ? "" : " accurate:no");
	}
}

int record_write(struct recorder *r, const struct sample *s)
{
	off_t start = lseek(r->fd, 0, SEEK_END);
	size_t off = 0;
	int err;

	record_format(r, s);
	while (off < r->len) {
		ssize_t n = write(r->fd, r->buf + off, r->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			/*
			 * The lock is ours: take the cut sample back out.  If
			 * that fails too, the next record_open() removes it.
			 */
			if (start >= 0)
				(void)!ftruncate(r->fd, start);
			return err;
		}
		off += (size_t)n;
	}
	return 0;
}

void record_close(struct recorder *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
