// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "source.h"
#include "xalloc.h"

void source_set_error(struct source *src, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(src->error, sizeof(src->error), fmt, ap);
	va_end(ap);
}

double source_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

void source_open_error(struct source *src, int err, bool kernel_hint)
{
	source_set_error(src, "%s: %s%s", src->path, strerror(-err),
			 err == -EACCES ?
			 " (the file is readable by root only, mode 0400: run as root, e.g. with sudo)" :
			 err == -ENOENT && kernel_hint ?
			 " (the kernel needs CONFIG_MEM_ALLOC_PROFILING, Linux 6.10 or later)" : "");
}

static int source_try(struct source *src, const struct source_ops *ops)
{
	int err;

	src->ops = ops;
	src->error[0] = '\0';
	err = ops->open(src);
	if (err)
		src->ops = NULL;
	return err;
}

static int source_open_now(struct source *src, enum source_kind kind,
			   const char *path, const struct filter *filter,
			   const struct source_sys *sys, size_t now)
{
	int err;

	memset(src, 0, sizeof(*src));
	src->index_now = now;
	src->path = xstrdup(path ? path : SOURCE_DEFAULT_PATH);
	if (filter)
		src->filter = *filter;
	src->sys = sys;
	src->max_retries = 8;
	err = filter_check(&src->filter);
	if (err) {
		source_set_error(src, "the filter has min-bytes > max-bytes");
		goto out_free;
	}
	switch (kind) {
	case SOURCE_AUTO:
		err = source_try(src, &source_batch_ops);
		if (err == -ENOTTY)
			err = source_try(src, &source_ioctl_ops);
		if (err == -ENOTTY) {
			err = source_try(src, &source_text_ops);
			if (!err) {
				src->fell_back = true;
				snprintf(src->notice, sizeof(src->notice),
					 "reading %s as text: the kernel has no allocinfo ioctl",
					 src->path);
			}
		}
		break;
	case SOURCE_BATCH:
		err = source_try(src, &source_batch_ops);
		break;
	case SOURCE_IOCTL:
		err = source_try(src, &source_ioctl_ops);
		break;
	case SOURCE_TEXT:
		err = source_try(src, &source_text_ops);
		break;
	case SOURCE_CAPTURE:
		err = source_try(src, &source_capture_ops);
		break;
	}
	if (!err)
		return 0;
out_free:
	free(src->path);
	src->path = NULL;
	return err;
}

int source_open(struct source *src, enum source_kind kind, const char *path,
		const struct filter *filter, const struct source_sys *sys)
{
	return source_open_now(src, kind, path, filter, sys, SIZE_MAX);
}

int source_open_lazy(struct source *src, enum source_kind kind,
		     const char *path, const struct filter *filter,
		     size_t now)
{
	return source_open_now(src, kind, path, filter, NULL, now);
}

bool source_indexing(const struct source *src)
{
	return src->ops && src->ops->indexing &&
	       src->ops->indexing((struct source *)src);
}

int source_index_wait(struct source *src)
{
	return src->ops && src->ops->wait ? src->ops->wait(src) : 0;
}

/* A live sample says where it was read: this machine, its meminfo now. */
static void source_read_origin(struct source *src, struct sample *s)
{
	struct utsname un;

	if (!uname(&un)) {
		snprintf(s->host, sizeof(s->host), "%s", un.nodename);
		snprintf(s->release, sizeof(s->release), "%s", un.release);
	}
	/* Without a readable meminfo the sample says nothing of it. */
	meminfo_read(&s->mem, src->meminfo_path ? src->meminfo_path :
		     MEMINFO_DEFAULT_PATH);
}

int source_read(struct source *src, struct sample *s)
{
	int err = src->ops->read(src, s);

	if (!err && source_is_live(src))
		source_read_origin(src, s);
	return err;
}

void source_close(struct source *src)
{
	if (src->ops)
		src->ops->close(src);
	src->ops = NULL;
	free(src->path);
	src->path = NULL;
}

const char *source_name(const struct source *src)
{
	return src->ops ? src->ops->name : "none";
}

unsigned int source_caps(const struct source *src)
{
	return src->ops ? src->ops->caps : 0;
}

bool source_is_live(const struct source *src)
{
	return source_caps(src) & SOURCE_LIVE;
}

size_t source_count(const struct source *src)
{
	if (!(source_caps(src) & SOURCE_SEEKABLE))
		return 0;
	return src->ops->count((struct source *)src);
}

int source_seek(struct source *src, size_t i)
{
	if (!(source_caps(src) & SOURCE_SEEKABLE))
		return -EOPNOTSUPP;
	return src->ops->seek(src, i);
}

int source_time(const struct source *src, size_t i, double *t)
{
	if (!(source_caps(src) & SOURCE_SEEKABLE))
		return -EOPNOTSUPP;
	return src->ops->time((struct source *)src, i, t);
}

int source_kind_parse(const char *name, enum source_kind *kind)
{
	static const struct {
		const char *name;
		enum source_kind kind;
	} kinds[] = {
		{ "auto", SOURCE_AUTO },
		{ "batch", SOURCE_BATCH },
		{ "ioctl", SOURCE_IOCTL },
		{ "text", SOURCE_TEXT },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(name, kinds[i].name)) {
			*kind = kinds[i].kind;
			return 0;
		}
	}
	return -EINVAL;
}

int source_open_file(struct source *src, const char *path, size_t max,
		     struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int err;

	if (fd < 0) {
		err = -errno;
		source_open_error(src, err, false);
		return err;
	}
	if (fstat(fd, st)) {
		err = -errno;
		source_open_error(src, err, false);
		goto out_close;
	}
	err = S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	if (!S_ISREG(st->st_mode)) {
		source_set_error(src, "%s: not a regular file (%s): name a file",
				 path, S_ISFIFO(st->st_mode) ? "a FIFO" :
				 S_ISDIR(st->st_mode) ? "a directory" :
				 S_ISCHR(st->st_mode) ? "a character device" :
				 S_ISBLK(st->st_mode) ? "a block device" :
				 S_ISSOCK(st->st_mode) ? "a socket" : "odd");
		goto out_close;
	}
	if ((uintmax_t)st->st_size > max) {
		source_set_error(src, "%s: too large (%jd bytes, the limit is %zu MiB)",
				 path, (intmax_t)st->st_size, max >> 20);
		err = -EFBIG;
		goto out_close;
	}
	/* Regular files never block: read them in the usual way. */
	if (fcntl(fd, F_SETFL, 0)) {
		err = -errno;
		source_open_error(src, err, false);
		goto out_close;
	}
	return fd;
out_close:
	close(fd);
	return err;
}

int source_slurp(int fd, char **buf, size_t *len, size_t *cap)
{
	return source_slurp_max(fd, buf, len, cap, SIZE_MAX / 2);
}

int source_slurp_max(int fd, char **buf, size_t *len, size_t *cap,
		     size_t max)
{
	ssize_t n;

	*len = 0;
	for (;;) {
		if (*len > max)
			return -EFBIG;
		if (*cap - *len < 65536) {
			*cap = *cap ? *cap * 2 : 262144;
			*buf = xrealloc(*buf, *cap);
		}
		n = read(fd, *buf + *len, *cap - *len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	(*buf)[*len] = '\0';
	return 0;
}
