// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader.  A capture is allocinfo text with a separator line,
 * "@sample <time> [key=value]...", before each sample; a file without any
 * separator is one sample taken at the file's modification time.  The file
 * is indexed once, reading it in chunks; each sample is read with pread()
 * when it is replayed, so a file that shrinks underneath is an error, not
 * a fault, and memory holds one sample at a time.
 *
 * A sample cut short (a recorder killed or out of disk: its last line has
 * no newline, it has other than its separator's tags=, or the next sample
 * was appended onto its cut line) is skipped with a notice naming its line;
 * every complete sample is replayed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "xalloc.h"

/* No line of a capture is this long; nor are there this many samples. */
#define CAPTURE_LINE_MAX ((size_t)1 << 20)
#define CAPTURE_SAMPLES_MAX ((size_t)4 << 20)

struct capture_span {
	off_t start;		/* first byte after the separator line */
	off_t end;
	size_t line;		/* line number of start */
	size_t sep_line;	/* line of the separator, 0 for none */
	size_t records;		/* lines that look like records */
	struct parse_separator sep;
	bool has_sep;
	bool cut;
};

struct capture_priv {
	int fd;
	double mtime;
	struct capture_span *spans;
	size_t nspans;
	size_t alloc;
	size_t next;
	/*
	 * The text of the sample being read, and of the last read, which the
	 * parser compares it with (cache).
	 */
	char *bufs[2];
	size_t caps[2];
	unsigned int cur;	/* the buffer of the last read */
	struct parse_cache cache;
};

static struct capture_span *capture_push(struct capture_priv *cp, off_t start,
					 size_t line)
{
	struct capture_span *sp;

	if (cp->nspans == cp->alloc) {
		cp->alloc = cp->alloc ? cp->alloc * 2 : 64;
		cp->spans = xreallocarray(cp->spans, cp->alloc, sizeof(*sp));
	}
	sp = &cp->spans[cp->nspans++];
	memset(sp, 0, sizeof(*sp));
	sp->start = start;
	sp->end = start;
	sp->line = line;
	return sp;
}

static struct capture_span *capture_last(struct capture_priv *cp)
{
	return cp->nspans ? &cp->spans[cp->nspans - 1] : NULL;
}

/*
 * Where a separator was appended onto a cut line: "@sample " and a digit
 * after the start of a record or of a separator (a comment may mention
 * one).
 */
static size_t capture_glued(const char *p, size_t n)
{
	static const char sep[] = PARSE_SEPARATOR " ";
	const char *q = p + 1, *end = p + n;

	if (!n || !strchr(" \t-0123456789@", *p))
		return 0;
	while (q < end && (q = memchr(q, '@', (size_t)(end - q)))) {
		size_t left = (size_t)(end - q);

		if (left > sizeof(sep) - 1 && !memcmp(q, sep, sizeof(sep) - 1) &&
		    q[sizeof(sep) - 1] >= '0' && q[sizeof(sep) - 1] <= '9')
			return (size_t)(q - p);
		q++;
	}
	return 0;
}

/* Start a sample at the separator line p (n bytes, at off, line). */
static int capture_separator(struct source *src, struct capture_priv *cp,
			     const char *p, size_t n, off_t off, size_t line,
			     bool has_nl)
{
	struct capture_span *sp = capture_last(cp);
	const char *why;

	if (sp)
		sp->end = off;
	if (cp->nspans >= CAPTURE_SAMPLES_MAX) {
		source_set_error(src, "%s:%zu: more than %zu samples",
				 src->path, line, CAPTURE_SAMPLES_MAX);
		return -EFBIG;
	}
	sp = capture_push(cp, off + (off_t)n + (has_nl ? 1 : 0), line + 1);
	sp->has_sep = true;
	sp->sep_line = line;
	/* A separator cut by the end of the file starts a sample never written. */
	if (!has_nl) {
		sp->cut = true;
		return 0;
	}
	if (parse_separator(p, n, &sp->sep, &why)) {
		source_set_error(src, "%s:%zu: %s", src->path, line, why);
		return -EINVAL;
	}
	return 0;
}

/* Index one line (no newline) at off; has_nl: it ended with one. */
static int capture_line(struct source *src, struct capture_priv *cp,
			const char *p, size_t n, off_t off, size_t line,
			bool has_nl)
{
	static const char sep[] = PARSE_SEPARATOR;
	struct capture_span *sp;
	size_t glue;

	if (n && *p == '@' &&
	    (parse_is_separator(p, n) ||
	     (!has_nl && n < sizeof(sep) - 1 && !memcmp(p, sep, n))))
		return capture_separator(src, cp, p, n, off, line, has_nl);
	glue = capture_glued(p, n);
	if (glue) {
		if (!cp->nspans && parse_is_record(p, glue))
			capture_push(cp, 0, 1)->sep.time = cp->mtime;
		sp = capture_last(cp);
		if (sp)
			sp->cut = true;
		return capture_separator(src, cp, p + glue, n - glue,
					 off + (off_t)glue, line, has_nl);
	}
	if (parse_is_record(p, n)) {
		if (!cp->nspans)
			capture_push(cp, 0, 1)->sep.time = cp->mtime;
		capture_last(cp)->records++;
	}
	sp = capture_last(cp);
	if (!has_nl && sp)
		sp->cut = true;
	return 0;
}

/* Read the file once, in chunks, line by line. */
static int capture_scan(struct source *src, struct capture_priv *cp,
			off_t *size)
{
	size_t have = 0, line = 1, cap = 65536;
	char *buf = xmalloc(cap);
	off_t base = 0;
	bool eof = false;
	int err = 0;

	while (!eof) {
		const char *p = buf, *end, *nl;
		ssize_t n = read(cp->fd, buf + have, cap - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			source_set_error(src, "%s: %s", src->path,
					 strerror(-err));
			goto out_free;
		}
		eof = n == 0;
		have += (size_t)n;
		end = buf + have;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) ||
		       (eof && p < end)) {
			size_t len = (size_t)((nl ? nl : end) - p);

			err = capture_line(src, cp, p, len, base + (p - buf),
					   line, nl != NULL);
			if (err)
				goto out_free;
			line++;
			p = nl ? nl + 1 : end;
		}
		base += p - buf;
		have = (size_t)(end - p);
		memmove(buf, p, have);
		/* A line longer than the buffer: grow it, up to the limit. */
		if (have == cap && cap < CAPTURE_LINE_MAX) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		} else if (have == cap) {
			source_set_error(src, "%s:%zu: a line longer than %zu bytes",
					 src->path, line, CAPTURE_LINE_MAX);
			err = -EINVAL;
			goto out_free;
		}
	}
	*size = base;
out_free:
	free(buf);
	return err;
}

/* Drop the samples cut short, and say which. */
static void capture_drop_cut(struct source *src, struct capture_priv *cp)
{
	char lines[256];
	size_t i, kept = 0, cut = 0, first = 0, used = 0;

	lines[0] = '\0';
	for (i = 0; i < cp->nspans; i++) {
		struct capture_span *sp = &cp->spans[i];
		size_t at = sp->has_sep ? sp->sep_line : sp->line;

		if (sp->has_sep && sp->sep.has_tags && !sp->cut &&
		    sp->records != sp->sep.tags)
			sp->cut = true;
		if (!sp->cut) {
			cp->spans[kept++] = *sp;
			continue;
		}
		if (!cut++)
			first = at;
		else if (used < sizeof(lines) - 24)
			used += (size_t)snprintf(lines + used,
						 sizeof(lines) - used,
						 "%s%zu", cut > 2 ? ", " : "",
						 at);
		else if (!strstr(lines, "..."))
			used += (size_t)snprintf(lines + used,
						 sizeof(lines) - used, ", ...");
	}
	cp->nspans = kept;
	if (cut == 1)
		snprintf(src->notice, sizeof(src->notice),
			 "%s:%zu: a sample is truncated (cut short); skipped it, kept %zu",
			 src->path, first, kept);
	else if (cut)
		snprintf(src->notice, sizeof(src->notice),
			 "%s:%zu: %zu samples are truncated (cut short), also at lines %s; skipped them, kept %zu",
			 src->path, first, cut, lines, kept);
}

static int capture_index(struct source *src, struct capture_priv *cp)
{
	struct capture_span *last;
	off_t size = 0;
	bool any;
	int err;

	err = capture_scan(src, cp, &size);
	if (err)
		return err;
	any = cp->nspans > 0;
	last = capture_last(cp);
	if (last)
		last->end = size;
	/*
	 * A plain copy of the file with separated samples appended after it:
	 * the copy was taken before the first of them, not at the file's
	 * modification time, which is the newest sample's.
	 */
	if (cp->nspans > 1 && !cp->spans[0].has_sep)
		cp->spans[0].sep.time = cp->spans[1].sep.time;
	capture_drop_cut(src, cp);
	if (!cp->nspans) {
		source_set_error(src, "%s: %s", src->path,
				 any ? "no complete sample" : "empty capture");
		return -EINVAL;
	}
	return 0;
}

static int capture_open(struct source *src)
{
	struct capture_priv *cp;
	struct stat st;
	int fd, err;

	fd = source_open_file(src, src->path, (size_t)-1, &st);
	if (fd < 0)
		return fd;
	cp = xcalloc(1, sizeof(*cp));
	src->priv = cp;
	cp->fd = fd;
	cp->mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
	if (!(cp->mtime >= 0 && cp->mtime <= PARSE_TIME_MAX))
		cp->mtime = 0;
	err = capture_index(src, cp);
	if (err)
		src->ops->close(src);
	return err;
}

/* The text of a sample, read again from the file. */
static int capture_fetch(struct source *src, struct capture_priv *cp,
			 const struct capture_span *sp)
{
	size_t len = (size_t)(sp->end - sp->start), got = 0;
	char **buf = &cp->bufs[!cp->cur];
	size_t *cap = &cp->caps[!cp->cur];

	if (len > SOURCE_TEXT_MAX) {
		source_set_error(src, "%s:%zu: a sample of more than %zu MiB",
				 src->path, sp->line, SOURCE_TEXT_MAX >> 20);
		return -EFBIG;
	}
	if (*cap < len + 1) {
		*cap = len + 1;
		*buf = xrealloc(*buf, *cap);
	}
	while (got < len) {
		ssize_t n = pread(cp->fd, *buf + got, len - got,
				  sp->start + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			source_set_error(src, "%s: %s", src->path,
					 strerror(-err));
			return err;
		}
		if (n == 0) {
			source_set_error(src,
					 "%s:%zu: the file shrank while being replayed (the sample ended at byte %jd)",
					 src->path, sp->line,
					 (intmax_t)sp->end);
			return -EIO;
		}
		got += (size_t)n;
	}
	(*buf)[len] = '\0';
	return 0;
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
	err = capture_fetch(src, cp, sp);
	if (err)
		return err;
	s->origin = ORIGIN_CAPTURE;
	s->time = sp->sep.time;
	s->has_content_id = sp->sep.has_content_id;
	s->content_id = sp->sep.content_id;
	s->recorded_origin = sp->sep.origin;
	memcpy(s->host, sp->sep.host, sizeof(s->host));
	memcpy(s->release, sp->sep.release, sizeof(s->release));
	s->mem = sp->sep.mem;
	err = parse_text_cached(&cp->cache, s, cp->bufs[!cp->cur],
				(size_t)(sp->end - sp->start), sp->line,
				&src->filter, &used, &perr);
	if (!err)
		cp->cur = !cp->cur;
	if (err) {
		source_set_error(src, "%s:%zu: %s", src->path, perr.line,
				 perr.msg);
		sample_clear(s);
		return err;
	}
	/* The index counted them: the file changed since. */
	if (sp->sep.has_tags && s->total != sp->sep.tags) {
		source_set_error(src,
				 "%s:%zu: the sample has %zu tags, its separator says tags=%zu (the file changed while being replayed)",
				 src->path, sp->sep_line, s->total,
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
	close(cp->fd);
	free(cp->bufs[0]);
	free(cp->bufs[1]);
	free(cp->spans);
	parse_cache_fini(&cp->cache);
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
