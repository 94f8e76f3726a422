// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/allocinfo text reader.  The whole file is read into one buffer
 * kept between samples, parsed in one pass, and the kernel filter applied
 * here with the kernel's semantics.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "xalloc.h"

struct text_priv {
	char *buf;
	size_t len;
	size_t cap;
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
	struct parse_error perr;
	struct stat st;
	int fd, err;

	sample_clear(s);
	s->origin = ORIGIN_TEXT;
	s->time = source_now();
	fd = source_open_file(src, src->path, SOURCE_TEXT_MAX, &st);
	if (fd < 0)
		return fd;
	err = source_slurp_max(fd, &tp->buf, &tp->len, &tp->cap,
			       SOURCE_TEXT_MAX);
	close(fd);
	if (err) {
		source_set_error(src, "%s: %s", src->path,
				 err == -EFBIG ? "more text than a sample may have (256 MiB)" :
				 strerror(-err));
		return err;
	}
	err = parse_text(s, tp->buf, tp->len, 1, &src->filter, NULL, &perr);
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

	if (tp)
		free(tp->buf);
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
