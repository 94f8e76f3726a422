// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/allocinfo text reader.  The whole file is read into one of two
 * buffers kept between samples, the other holding the last read, so that
 * the parser can take the lines that did not change as they were; it is
 * parsed in one pass, and the kernel filter applied here with the
 * kernel's semantics.  A single read (--once) keeps nothing for a next.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "xalloc.h"

struct text_buf {
	char *buf;
	size_t len;
	size_t cap;
};

struct text_priv {
	struct text_buf bufs[2];
	unsigned int cur;	/* the buffer of the last read */
	struct parse_cache cache;
};

static int text_open(struct source *src)
{
	struct stat st;
	int fd = source_open_file(src, src->path, SOURCE_TEXT_MAX, &st);

	if (fd < 0)
		return fd;
	close(fd);
	src->priv = xcalloc(1, sizeof(struct text_priv));
	return 0;
}

static int text_read(struct source *src, struct sample *s)
{
	struct text_priv *tp = src->priv;
	struct text_buf *b = &tp->bufs[!tp->cur];
	struct parse_error perr;
	struct stat st;
	int fd, err;

	sample_clear(s);
	s->origin = ORIGIN_TEXT;
	s->time = source_now();
	fd = source_open_file(src, src->path, SOURCE_TEXT_MAX, &st);
	if (fd < 0)
		return fd;
	err = source_slurp_max(fd, &b->buf, &b->len, &b->cap,
			       SOURCE_TEXT_MAX);
	close(fd);
	if (err) {
		source_set_error(src, "%s: %s", src->path,
				 err == -EFBIG ? "more text than a sample may have (256 MiB)" :
				 strerror(-err));
		return err;
	}
	if (src->once)
		err = parse_text(s, b->buf, b->len, 1, &src->filter, NULL,
				 &perr);
	else
		err = parse_text_cached(&tp->cache, s, b->buf, b->len, 1,
					&src->filter, NULL, &perr);
	if (!err)
		tp->cur = !tp->cur;
	if (err) {
		source_set_error(src, "%s:%zu: %s", src->path, perr.line,
				 perr.msg);
		sample_clear(s);
	}
	return err;
}

static void text_close(struct source *src)
{
	struct text_priv *tp = src->priv;

	if (tp) {
		free(tp->bufs[0].buf);
		free(tp->bufs[1].buf);
		parse_cache_fini(&tp->cache);
	}
	free(tp);
	src->priv = NULL;
}

const struct source_ops source_text_ops = {
	.name = "text",
	.caps = SOURCE_LIVE,
	.open = text_open,
	.read = text_read,
	.close = text_close,
};
