// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "record.h"
#include "xalloc.h"

int record_open(struct recorder *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	return r->fd < 0 ? -errno : 0;
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
		r->cap = r->cap ? r->cap * 2 : 65536;
		r->buf = xrealloc(r->buf, r->cap);
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

void record_format(struct recorder *r, const struct sample *s)
{
	enum sample_origin o = s->origin == ORIGIN_CAPTURE ?
			       s->recorded_origin : s->origin;
	size_t i;

	r->len = 0;
	if (!r->cap) {
		r->cap = 65536;
		r->buf = xmalloc(r->cap);
	}
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

		record_printf(r, "%12" PRId64 " %8" PRIu64 " %s:%" PRIu64 " ",
			      t->bytes, t->calls, t->file, t->line);
		if (*t->module)
			record_printf(r, "[%s] ", t->module);
		record_printf(r, "func:%s%s \n", t->function,
			      t->accurate ? "" : " accurate:no");
	}
}

int record_write(struct recorder *r, const struct sample *s)
{
	size_t off = 0;

	record_format(r, s);
	while (off < r->len) {
		ssize_t n = write(r->fd, r->buf + off, r->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
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
