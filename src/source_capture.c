// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader.  A capture is allocinfo text with a separator line,
 * "@sample <time> [key=value]...", before each sample; a file without any
 * separator is one sample taken at the file's modification time.  The file
 * is indexed once, reading it in chunks; each sample is read with pread()
 * when it is replayed, a chunk at a time, so a file that shrinks
 * underneath is an error, not a fault, and memory holds one sample's text
 * (the last one's, which the cached parse compares the next with as it
 * comes in, and replaces with it).
 *
 * Opened lazily (the screen), only the first samples are indexed before
 * the open returns and a thread indexes the rest, so that the first frame
 * of a long capture does not wait for a scan of all of it: readers wait
 * for the samples they ask for, the count grows as the index does, and
 * what the index finds wrong past the first samples comes with the first
 * read beyond the last good sample (an error) or with the next read (a
 * notice).
 *
 * A sample cut short (a recorder killed or out of disk: its last line has
 * no newline, it has other than its separator's tags=, or the next sample
 * was appended onto its cut line) is skipped with a notice naming its line;
 * every complete sample is replayed.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
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
#define CAPTURE_OFF_MAX ((off_t)INT64_MAX)

/*
 * One sample: what the index and the count need of its separator line;
 * the rest of the line (host, meminfo...) is read again with the sample,
 * so that a long capture's index stays small.
 */
struct capture_span {
	off_t start;		/* first byte after the separator line */
	off_t end;
	off_t sep_off;		/* where the separator line starts */
	size_t line;		/* line number of start */
	size_t sep_line;	/* line of the separator, 0 for none */
	size_t records;		/* lines that look like records */
	size_t tags;		/* what its tags= says, if has_tags */
	double time;
	bool has_sep;
	bool has_tags;
	bool more;		/* the separator says more than time and tags */
	bool cut;
};

/* Where the index is in the file, so that it can stop and go on. */
struct capture_scan {
	char *buf;
	size_t cap;
	size_t have;		/* bytes in buf from base on */
	size_t line;		/* line number of base */
	off_t base;
	bool eof;
};

/* Samples cut short, for the notice. */
struct capture_cuts {
	size_t n;
	size_t first;
	size_t used;
	char lines[256];
};

struct capture_priv {
	int fd;
	const char *path;	/* src->path, for messages */
	double mtime;
	/*
	 * spans[0, npub) are complete samples; the one after, if any, is the
	 * sample being indexed.  The index thread appends under lock.
	 */
	struct capture_span *spans;
	size_t nspans;
	size_t npub;
	size_t alloc;
	size_t raw;		/* samples found, those cut short included */
	size_t next;
	struct capture_scan scan;
	struct capture_cuts cuts;
	int err;		/* of the index, with why */
	char why[512];
	char notice[512];	/* of the index, once done */
	bool done;		/* the index reached the end, or failed */
	bool notice_given;	/* to src->notice, lazily opened */
	bool threaded;
	bool stop;		/* the source is closing: stop indexing */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct parse_cache cache;	/* the last read, for the next */
};

/* Fill cp->why: "fmt...", for the open or the read that meets it. */
static int __attribute__((format(printf, 3, 4)))
capture_fail(struct capture_priv *cp, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cp->why, sizeof(cp->why), fmt, ap);
	va_end(ap);
	return err;
}

static struct capture_span *capture_push(struct capture_priv *cp, off_t start,
					 size_t line)
{
	struct capture_span *sp;

	if (cp->nspans == cp->alloc) {
		/* Readers copy published spans under the lock. */
		pthread_mutex_lock(&cp->lock);
		cp->alloc = cp->alloc ? cp->alloc * 2 : 64;
		cp->spans = xreallocarray(cp->spans, cp->alloc, sizeof(*sp));
		pthread_mutex_unlock(&cp->lock);
	}
	sp = &cp->spans[cp->nspans++];
	memset(sp, 0, sizeof(*sp));
	sp->start = start;
	sp->end = start;
	sp->line = line;
	cp->raw++;
	return sp;
}

static struct capture_span *capture_last(struct capture_priv *cp)
{
	return cp->nspans > cp->npub ? &cp->spans[cp->nspans - 1] : NULL;
}

/* A sample cut short at line at: count it and name it in the notice. */
static void capture_cut(struct capture_cuts *c, size_t at)
{
	if (!c->n++)
		c->first = at;
	else if (c->used < sizeof(c->lines) - 24)
		c->used += (size_t)snprintf(c->lines + c->used,
					    sizeof(c->lines) - c->used,
					    "%s%zu", c->n > 2 ? ", " : "", at);
	else if (!strstr(c->lines, "..."))
		c->used += (size_t)snprintf(c->lines + c->used,
					    sizeof(c->lines) - c->used,
					    ", ...");
}

/*
 * The samples before the last (all: every one) are complete: keep them,
 * but those cut short, which are dropped.  Returns how many are kept.
 */
static size_t capture_compact(struct capture_priv *cp, bool all)
{
	size_t end = all ? cp->nspans : cp->nspans - 1, i, kept = cp->npub;

	for (i = cp->npub; i < end; i++) {
		struct capture_span *sp = &cp->spans[i];

		if (sp->has_sep && sp->has_tags && !sp->cut &&
		    sp->records != sp->tags)
			sp->cut = true;
		if (sp->cut) {
			capture_cut(&cp->cuts, sp->has_sep ? sp->sep_line :
				    sp->line);
			continue;
		}
		if (kept != i)
			cp->spans[kept] = *sp;
		kept++;
	}
	/* The sample being indexed moves down over those dropped. */
	if (end < cp->nspans && kept != end)
		cp->spans[kept] = cp->spans[end];
	cp->nspans = kept + (cp->nspans - end);
	return kept;
}

/* Publish the complete samples but the last, for the readers. */
static void capture_settle(struct capture_priv *cp)
{
	size_t kept = capture_compact(cp, false);

	pthread_mutex_lock(&cp->lock);
	cp->npub = kept;
	pthread_cond_broadcast(&cp->cond);
	pthread_mutex_unlock(&cp->lock);
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
static int capture_separator(struct capture_priv *cp, const char *p, size_t n,
			     off_t off, size_t line, bool has_nl)
{
	struct capture_span *sp = capture_last(cp);
	struct parse_separator sep;
	const char *why;

	if (sp)
		sp->end = off;
	if (cp->raw >= CAPTURE_SAMPLES_MAX)
		return capture_fail(cp, -EFBIG, "%s:%zu: more than %zu samples",
				    cp->path, line, CAPTURE_SAMPLES_MAX);
	sp = capture_push(cp, off + (off_t)n + (has_nl ? 1 : 0), line + 1);
	sp->has_sep = true;
	sp->sep_line = line;
	sp->sep_off = off;
	/* A separator cut by the end of the file starts a sample never written. */
	if (!has_nl) {
		sp->cut = true;
	} else if (parse_separator(p, n, &sep, &why)) {
		/* The samples before it are good: a lazy reader has them. */
		capture_settle(cp);
		return capture_fail(cp, -EINVAL, "%s:%zu: %s", cp->path, line,
				    why);
	} else {
		sp->time = sep.time;
		sp->has_tags = sep.has_tags;
		sp->tags = sep.tags;
		sp->more = sep.has_content_id || sep.origin != ORIGIN_NONE ||
			   sep.host[0] || sep.release[0] || sep.mem.has;
	}
	/*
	 * A plain copy of the file with separated samples appended after it:
	 * the copy was taken before the first of them, not at the file's
	 * modification time, which is the newest sample's.
	 */
	if (cp->raw == 2 && cp->nspans == 2 && !cp->spans[0].has_sep)
		cp->spans[0].time = sp->time;
	capture_settle(cp);
	return 0;
}

/* Index one line (no newline) at off; has_nl: it ended with one. */
static int capture_line(struct capture_priv *cp, const char *p, size_t n,
			off_t off, size_t line, bool has_nl)
{
	static const char sep[] = PARSE_SEPARATOR;
	struct capture_span *sp;
	size_t glue;

	if (n && *p == '@' &&
	    (parse_is_separator(p, n) ||
	     (!has_nl && n < sizeof(sep) - 1 && !memcmp(p, sep, n))))
		return capture_separator(cp, p, n, off, line, has_nl);
	glue = capture_glued(p, n);
	if (glue) {
		if (!cp->raw && parse_is_record(p, glue))
			capture_push(cp, 0, 1)->time = cp->mtime;
		sp = capture_last(cp);
		if (sp)
			sp->cut = true;
		return capture_separator(cp, p + glue, n - glue,
					 off + (off_t)glue, line, has_nl);
	}
	if (parse_is_record(p, n)) {
		if (!cp->raw)
			capture_push(cp, 0, 1)->time = cp->mtime;
		sp = capture_last(cp);
		if (sp)
			sp->records++;
	}
	sp = capture_last(cp);
	if (!has_nl && sp)
		sp->cut = true;
	return 0;
}

/*
 * Read the file on from where the index is, in chunks, line by line, to
 * the end, or until limit bytes are behind and a sample is complete.
 */
static int capture_scan(struct capture_priv *cp, off_t limit)
{
	struct capture_scan *sc = &cp->scan;
	int err;

	while (!sc->eof) {
		const char *p = sc->buf, *end, *nl;
		ssize_t n;

		if ((sc->base >= limit && cp->npub) ||
		    __atomic_load_n(&cp->stop, __ATOMIC_RELAXED))
			return 0;
		n = read(cp->fd, sc->buf + sc->have, sc->cap - sc->have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return capture_fail(cp, -errno, "%s: %s", cp->path,
					    strerror(errno));
		sc->eof = n == 0;
		sc->have += (size_t)n;
		end = sc->buf + sc->have;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) ||
		       (sc->eof && p < end)) {
			size_t len = (size_t)((nl ? nl : end) - p);

			err = capture_line(cp, p, len,
					   sc->base + (p - sc->buf), sc->line,
					   nl != NULL);
			if (err)
				return err;
			sc->line++;
			p = nl ? nl + 1 : end;
		}
		sc->base += p - sc->buf;
		sc->have = (size_t)(end - p);
		memmove(sc->buf, p, sc->have);
		/* A line longer than the buffer: grow it, up to the limit. */
		if (sc->have == sc->cap && sc->cap < CAPTURE_LINE_MAX) {
			sc->cap *= 2;
			sc->buf = xrealloc(sc->buf, sc->cap);
		} else if (sc->have == sc->cap) {
			return capture_fail(cp, -EINVAL,
					    "%s:%zu: a line longer than %zu bytes",
					    cp->path, sc->line,
					    CAPTURE_LINE_MAX);
		}
	}
	return 0;
}

/*
 * The index is over (err: it failed): the last sample ends the file, and
 * is published with the end, so that the read of it knows all the index
 * found.
 */
static int capture_end(struct capture_priv *cp, int err)
{
	struct capture_span *last = capture_last(cp);
	struct capture_cuts *c = &cp->cuts;
	size_t kept = cp->npub;

	if (!err) {
		if (last)
			last->end = cp->scan.base;
		kept = capture_compact(cp, true);
		if (!kept)
			err = capture_fail(cp, -EINVAL, "%s: %s", cp->path,
					   cp->raw ? "no complete sample" :
					   "empty capture");
	}
	if (!err && c->n == 1)
		snprintf(cp->notice, sizeof(cp->notice),
			 "%s:%zu: a sample is truncated (cut short); skipped it, kept %zu",
			 cp->path, c->first, kept);
	else if (!err && c->n)
		snprintf(cp->notice, sizeof(cp->notice),
			 "%s:%zu: %zu samples are truncated (cut short), also at lines %s; skipped them, kept %zu",
			 cp->path, c->first, c->n, c->lines, kept);
	free(cp->scan.buf);
	cp->scan.buf = NULL;
	pthread_mutex_lock(&cp->lock);
	cp->npub = kept;
	cp->err = err;
	cp->done = true;
	pthread_cond_broadcast(&cp->cond);
	pthread_mutex_unlock(&cp->lock);
	return err;
}

static void *capture_index_thread(void *arg)
{
	struct capture_priv *cp = arg;

	capture_end(cp, capture_scan(cp, CAPTURE_OFF_MAX));
	return NULL;
}

/*
 * Index the first now bytes (and at least one sample) here, the rest on
 * a thread of its own (or here too, if none can be had).
 */
static int capture_index(struct capture_priv *cp, size_t now)
{
	int err;

	/* No more read ahead than asked for (a test asks for a few bytes). */
	cp->scan.cap = now < 65536 ? (now < 64 ? 64 : now) : 65536;
	cp->scan.buf = xmalloc(cp->scan.cap);
	cp->scan.line = 1;
	err = capture_scan(cp, now >= (size_t)CAPTURE_OFF_MAX ?
			   CAPTURE_OFF_MAX : (off_t)now);
	if (err || cp->scan.eof)
		return capture_end(cp, err);
	if (!pthread_create(&cp->thread, NULL, capture_index_thread, cp)) {
		cp->threaded = true;
		return 0;
	}
	return capture_end(cp, capture_scan(cp, CAPTURE_OFF_MAX));
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
	cp->path = src->path;
	pthread_mutex_init(&cp->lock, NULL);
	pthread_cond_init(&cp->cond, NULL);
	cp->mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
	if (!(cp->mtime >= 0 && cp->mtime <= PARSE_TIME_MAX))
		cp->mtime = 0;
	err = capture_index(cp, src->index_now);
	if (err) {
		source_set_error(src, "%s", cp->why);
		src->ops->close(src);
		return err;
	}
	/* Indexed whole here: what it found is said now. */
	if (!cp->threaded) {
		memcpy(src->notice, cp->notice, sizeof(src->notice));
		cp->notice_given = true;
	}
	return 0;
}

/*
 * Wait until sample i is indexed or the index is over; under the lock.
 * Returns whether it is.
 */
static bool capture_wait(struct capture_priv *cp, size_t i)
{
	while (i >= cp->npub && !cp->done)
		pthread_cond_wait(&cp->cond, &cp->lock);
	return i < cp->npub;
}

/* Where the text of a sample is read from, and why it failed. */
struct capture_fill {
	struct source *src;
	struct capture_priv *cp;
	const struct capture_span *sp;
	off_t at;
	bool failed;
};

/* The next chunk of a sample's text, read again from the file. */
static int capture_fill(void *arg, char *dst, size_t room, size_t *got)
{
	struct capture_fill *cf = arg;
	const struct capture_span *sp = cf->sp;
	size_t left = (size_t)(sp->end - cf->at);
	ssize_t n;

	*got = 0;
	if (!left)
		return 0;
	if (room > left)
		room = left;
	do
		n = pread(cf->cp->fd, dst, room, cf->at);
	while (n < 0 && errno == EINTR);
	cf->failed = n <= 0;
	if (n < 0) {
		int err = -errno;

		source_set_error(cf->src, "%s: %s", cf->src->path,
				 strerror(-err));
		return err;
	}
	if (n == 0) {
		source_set_error(cf->src,
				 "%s:%zu: the file shrank while being replayed (the sample ended at byte %jd)",
				 cf->src->path, sp->line, (intmax_t)sp->end);
		return -EIO;
	}
	cf->at += n;
	*got = (size_t)n;
	return 0;
}

/* What the sample's separator line says, read again from the file. */
static int capture_read_separator(struct source *src, struct capture_priv *cp,
				  const struct capture_span *sp,
				  struct sample *s)
{
	struct capture_fill cf = { src, cp, NULL, sp->sep_off, false };
	struct capture_span line = *sp;
	struct parse_separator sep;
	size_t n = 0, len;
	const char *why;
	char *buf;
	int err = 0;

	s->origin = ORIGIN_CAPTURE;
	s->time = sp->time;
	if (!sp->has_sep || !sp->more)
		return 0;
	/* The line and its newline: the index saw both. */
	len = (size_t)(sp->start - sp->sep_off);
	line.end = sp->start;
	cf.sp = &line;
	buf = xmalloc(len);
	while (n < len && !err) {
		size_t got;

		err = capture_fill(&cf, buf + n, len - n, &got);
		n += got;
	}
	if (!err && parse_separator(buf, len - 1, &sep, &why)) {
		source_set_error(src, "%s:%zu: %s (the file changed while being replayed)",
				 src->path, sp->sep_line, why);
		err = -EINVAL;
	}
	free(buf);
	if (err)
		return err;
	s->has_content_id = sep.has_content_id;
	s->content_id = sep.content_id;
	s->recorded_origin = sep.origin;
	memcpy(s->host, sep.host, sizeof(s->host));
	memcpy(s->release, sep.release, sizeof(s->release));
	s->mem = sep.mem;
	return 0;
}

static int capture_read(struct source *src, struct sample *s)
{
	struct capture_priv *cp = src->priv;
	struct capture_span span = { 0 }, *sp = &span;
	struct capture_fill cf = { src, cp, sp, 0, false };
	struct parse_error perr;
	size_t len;
	int err = 0;
	bool have;

	sample_clear(s);
	pthread_mutex_lock(&cp->lock);
	have = capture_wait(cp, cp->next);
	if (have)
		span = cp->spans[cp->next];
	else
		err = cp->err;
	/* What the index found past the first samples, said once. */
	if (cp->done && !cp->notice_given) {
		cp->notice_given = true;
		if (cp->notice[0]) {
			memcpy(src->notice, cp->notice, sizeof(src->notice));
			src->notice_new = true;
		}
	}
	pthread_mutex_unlock(&cp->lock);
	if (err) {
		source_set_error(src, "%s", cp->why);
		return err;
	}
	if (!have)
		return -ENODATA;
	len = (size_t)(sp->end - sp->start);
	if (len > SOURCE_TEXT_MAX) {
		source_set_error(src, "%s:%zu: a sample of more than %zu MiB",
				 src->path, sp->line, SOURCE_TEXT_MAX >> 20);
		return -EFBIG;
	}
	err = capture_read_separator(src, cp, sp, s);
	if (err)
		return err;
	cf.at = sp->start;
	err = parse_stream_cached(&cp->cache, s, capture_fill, &cf, len,
				  sp->line, &src->filter, &perr);
	if (err && cf.failed) {
		sample_clear(s);
		return err;
	}
	if (err) {
		source_set_error(src, "%s:%zu: %s", src->path, perr.line,
				 perr.msg);
		sample_clear(s);
		return err;
	}
	/* The index counted them: the file changed since. */
	if (sp->has_tags && s->total != sp->tags) {
		source_set_error(src,
				 "%s:%zu: the sample has %zu tags, its separator says tags=%zu (the file changed while being replayed)",
				 src->path, sp->sep_line, s->total,
				 sp->tags);
		sample_clear(s);
		return -EINVAL;
	}
	cp->next++;
	return 0;
}

/* The samples indexed so far. */
static size_t capture_count(struct source *src)
{
	struct capture_priv *cp = src->priv;
	size_t n;

	pthread_mutex_lock(&cp->lock);
	n = cp->npub;
	pthread_mutex_unlock(&cp->lock);
	return n;
}

static int capture_seek(struct source *src, size_t i)
{
	struct capture_priv *cp = src->priv;
	bool ok;

	pthread_mutex_lock(&cp->lock);
	ok = !i || capture_wait(cp, i - 1);
	pthread_mutex_unlock(&cp->lock);
	if (!ok)
		return -EINVAL;
	cp->next = i;
	return 0;
}

static int capture_time(struct source *src, size_t i, double *t)
{
	struct capture_priv *cp = src->priv;
	int err = 0;

	pthread_mutex_lock(&cp->lock);
	if (!capture_wait(cp, i))
		err = -ERANGE;
	else if (!cp->spans[i].has_sep)
		err = -ENODATA;
	else
		*t = cp->spans[i].time;
	pthread_mutex_unlock(&cp->lock);
	return err;
}

static bool capture_indexing(struct source *src)
{
	struct capture_priv *cp = src->priv;
	bool done;

	pthread_mutex_lock(&cp->lock);
	done = cp->done;
	pthread_mutex_unlock(&cp->lock);
	return !done;
}

static int capture_index_wait(struct source *src)
{
	struct capture_priv *cp = src->priv;
	int err;

	pthread_mutex_lock(&cp->lock);
	while (!cp->done)
		pthread_cond_wait(&cp->cond, &cp->lock);
	err = cp->err;
	if (err)
		source_set_error(src, "%s", cp->why);
	else if (!cp->notice_given)
		memcpy(src->notice, cp->notice, sizeof(src->notice));
	cp->notice_given = true;
	pthread_mutex_unlock(&cp->lock);
	return err;
}

static void capture_close(struct source *src)
{
	struct capture_priv *cp = src->priv;

	if (!cp)
		return;
	if (cp->threaded) {
		__atomic_store_n(&cp->stop, true, __ATOMIC_RELAXED);
		pthread_join(cp->thread, NULL);
	}
	pthread_mutex_destroy(&cp->lock);
	pthread_cond_destroy(&cp->cond);
	free(cp->scan.buf);
	close(cp->fd);
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
	.indexing = capture_indexing,
	.wait = capture_index_wait,
	.close = capture_close,
};
