// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/allocinfo text reader.  The file is read a chunk at a time
 * and parsed as it comes, beside the last read's text, so that the parser
 * can take the lines that did not change as they were; the new text takes
 * the old one's place in one buffer.  The kernel filter is applied here
 * with the kernel's semantics.  A single read (--once) keeps nothing for
 * a next: only the chunk being parsed is in memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "source.h"
#include "xalloc.h"

struct text_priv {
	struct parse_cache cache;
};

static int text_fill(void *arg, char *dst, size_t room, size_t *got)
{
	int fd = *(int *)arg;
	ssize_t n;

	do
		n = read(fd, dst, room);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*got = (size_t)n;
	return 0;
}

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
	if (src->once) {
		err = parse_stream(&tp->cache, s, text_fill, &fd,
				   SOURCE_TEXT_MAX, 1, &src->filter, &perr);
	} else {
		err = parse_stream_cached(&tp->cache, s, text_fill, &fd,
					  SOURCE_TEXT_MAX, 1, &src->filter,
					  &perr);
	}
	close(fd);
	if (err && !perr.line)
		source_set_error(src, "%s: %s", src->path,
				 err == -EFBIG ? "more text than a sample may have (256 MiB)" :
				 strerror(-err));
	else if (err)
		source_set_error(src, "%s:%zu: %s", src->path, perr.line,
				 perr.msg);
	if (err)
		sample_clear(s);
	return err;
}

static void text_close(struct source *src)
{
	struct text_priv *tp = src->priv;

	if (tp) {
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
