// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader.  A capture is allocinfo text with a separator line,
 * "@sample <time> [key=value]...", before each sample; a file without any
 * separator is one sample taken at the file's modification time.  The file
 * is mapped and indexed once; samples are parsed when they are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "xalloc.h"

struct capture_span {
	size_t start;		/* first byte after the separator line */
	size_t end;
	size_t line;		/* line number of start */
	struct parse_separator sep;
	bool has_sep;
};

struct capture_priv {
	const char *data;
	size_t len;
	bool mapped;
	char *buf;		/* when the file could not be mapped */
	size_t cap;
	double mtime;
	struct capture_span *spans;
	size_t nspans;
	size_t next;
};

static void capture_push(struct capture_priv *cp, size_t *alloc, size_t start,
			 size_t line)
{
	struct capture_span *sp;

	if (cp->nspans == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		cp->spans = xreallocarray(cp->spans, *alloc, sizeof(*sp));
	}
	sp = &cp->spans[cp->nspans++];
	memset(sp, 0, sizeof(*sp));
	sp->start = start;
	sp->line = line;
}

/* Count lines that look like records, for the truncation check. */
static size_t capture_count_records(const char *p, const char *end)
{
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;

		if (!nl)
			nl = end;
		while (q < nl && *q == ' ')
			q++;
		if (q < nl && ((*q >= '0' && *q <= '9') || *q == '-'))
			n++;
		p = nl + 1;
	}
	return n;
}

static int capture_index(struct source *src, struct capture_priv *cp)
{
	const char *d = cp->data, *p = d, *end = d + cp->len;
	size_t alloc = 0, line = 1;
	struct capture_span *last;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		/* A separator cut short starts a sample never written. */
		if (nl == end && cp->nspans && n &&
		    (n < sizeof(PARSE_SEPARATOR) - 1 ?
		     !memcmp(p, PARSE_SEPARATOR, n) :
		     parse_is_separator(p, n))) {
			cp->spans[cp->nspans - 1].end = (size_t)(p - d);
			capture_push(cp, &alloc, cp->len, line);
			break;
		}
		if (parse_is_separator(p, n)) {
			const char *why;
			struct capture_span *sp;

			if (cp->nspans)
				cp->spans[cp->nspans - 1].end = (size_t)(p - d);
			capture_push(cp, &alloc, (size_t)(nl - d) + 1,
				     line + 1);
			sp = &cp->spans[cp->nspans - 1];
			sp->has_sep = true;
			if (parse_separator(p, n, &sp->sep, &why)) {
				source_set_error(src, "%s:%zu: %s", src->path,
						 line, why);
				return -EINVAL;
			}
		} else if (!cp->nspans) {
			capture_push(cp, &alloc, 0, 1);
			cp->spans[0].sep.time = cp->mtime;
		}
		line++;
		p = nl + 1;
	}
	if (!cp->nspans) {
		source_set_error(src, "%s: empty capture", src->path);
		return -EINVAL;
	}
	last = &cp->spans[cp->nspans - 1];
	last->end = cp->len;
	if (last->start > cp->len)
		last->start = cp->len;
	/*
	 * A plain copy of the file with separated samples appended after it:
	 * the copy was taken before the first of them, not at the file's
	 * modification time, which is the newest sample's.
	 */
	if (!cp->spans[0].has_sep && cp->nspans > 1)
		cp->spans[0].sep.time = cp->spans[1].sep.time;
	/* A recorder killed mid-sample leaves a cut line or too few tags. */
	if ((cp->len && d[cp->len - 1] != '\n') ||
	    (last->sep.has_tags &&
	     capture_count_records(d + last->start, d + last->end) !=
	     last->sep.tags)) {
		snprintf(src->notice, sizeof(src->notice),
			 "%s:%zu: the last sample is truncated; dropped it, kept %zu",
			 src->path, last->line > 1 && last->has_sep ?
			 last->line - 1 : last->line, cp->nspans - 1);
		cp->nspans--;
		if (!cp->nspans) {
			source_set_error(src, "%s: no complete sample",
					 src->path);
			return -EINVAL;
		}
	}
	return 0;
}

static int capture_open(struct source *src)
{
	struct capture_priv *cp;
	struct stat st;
	int fd, err;

	fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		source_set_error(src, "%s: %s", src->path, strerror(errno));
		return err;
	}
	cp = xcalloc(1, sizeof(*cp));
	src->priv = cp;
	if (fstat(fd, &st) == 0) {
		cp->mtime = (double)st.st_mtim.tv_sec +
			    st.st_mtim.tv_nsec / 1e9;
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			void *m = mmap(NULL, (size_t)st.st_size, PROT_READ,
				       MAP_PRIVATE, fd, 0);

			if (m != MAP_FAILED) {
				cp->data = m;
				cp->len = (size_t)st.st_size;
				cp->mapped = true;
			}
		}
	}
	if (!cp->mapped) {
		err = source_slurp(fd, &cp->buf, &cp->len, &cp->cap);
		if (err) {
			source_set_error(src, "%s: %s", src->path,
					 strerror(-err));
			goto out_close;
		}
		cp->data = cp->buf;
	}
	err = capture_index(src, cp);
out_close:
	close(fd);
	if (err)
		src->ops->close(src);
	return err;
}

static int capture_read(struct source *src, struct sample *s)
{
	struct capture_priv *cp = src->priv;
	struct capture_span *sp;
	struct parse_error perr;
	size_t used;
	int err;

	sample_clear(s);
	if (cp->next >= cp->nspans)
		return -ENODATA;
	sp = &cp->spans[cp->next];
	s->origin = ORIGIN_CAPTURE;
	s->time = sp->sep.time;
	s->has_content_id = sp->sep.has_content_id;
	s->content_id = sp->sep.content_id;
	s->recorded_origin = sp->sep.origin;
	memcpy(s->host, sp->sep.host, sizeof(s->host));
	memcpy(s->release, sp->sep.release, sizeof(s->release));
	s->mem = sp->sep.mem;
	err = parse_text(s, cp->data + sp->start, sp->end - sp->start,
			 sp->line, &src->filter, &used, &perr);
	if (err) {
		source_set_error(src, "%s:%zu: %s", src->path, perr.line,
				 perr.msg);
		sample_clear(s);
		return err;
	}
	if (sp->sep.has_tags && s->total != sp->sep.tags) {
		source_set_error(src,
				 "%s:%zu: the sample has %zu tags, its separator says tags=%zu",
				 src->path, sp->line - 1, s->total,
				 sp->sep.tags);
		sample_clear(s);
		return -EINVAL;
	}
	cp->next++;
	return 0;
}

static size_t capture_count(struct source *src)
{
	struct capture_priv *cp = src->priv;

	return cp->nspans;
}

static int capture_seek(struct source *src, size_t i)
{
	struct capture_priv *cp = src->priv;

	if (i > cp->nspans)
		return -EINVAL;
	cp->next = i;
	return 0;
}

static int capture_time(struct source *src, size_t i, double *t)
{
	struct capture_priv *cp = src->priv;

	if (i >= cp->nspans)
		return -ERANGE;
	if (!cp->spans[i].has_sep)
		return -ENODATA;
	*t = cp->spans[i].sep.time;
	return 0;
}

static void capture_close(struct source *src)
{
	struct capture_priv *cp = src->priv;

	if (!cp)
		return;
	if (cp->mapped)
		munmap((void *)cp->data, cp->len);
	free(cp->buf);
	free(cp->spans);
	free(cp);
	src->priv = NULL;
}

const struct source_ops source_capture_ops = {
	.name = "capture",
	.caps = SOURCE_SEEKABLE,
	.open = capture_open,
	.read = capture_read,
	.count = capture_count,
	.seek = capture_seek,
	.time = capture_time,
	.close = capture_close,
};
