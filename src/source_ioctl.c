// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl reader: GET_AT(0) with the kernel filter, then GET_NEXT until
 * ENOENT, between two CONTENT_IDs.  A read during which a module came or
 * went is done again, so a sample never mixes two sets of tags.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/alloc_tag.h>

#include "source.h"
#include "xalloc.h"

struct ioctl_priv {
	int fd;
	struct allocinfo_get_at get_at;
	struct allocinfo_tag_data data;
};

static int sys_open(const char *path, int flags)
{
	return open(path, flags);
}

static int sys_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static const struct source_sys ioctl_sys_default = {
	.open = sys_open,
	.ioctl = sys_ioctl,
	.close = close,
};

static const struct source_sys *ioctl_sys(struct source *src)
{
	return src->sys ? src->sys : &ioctl_sys_default;
}

static int ioctl_call(struct source *src, unsigned long req, void *arg)
{
	struct ioctl_priv *ip = src->priv;
	int ret;

	do
		ret = ioctl_sys(src)->ioctl(ip->fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

static int ioctl_content_id(struct source *src, uint64_t *id)
{
	struct allocinfo_content_id cid;
	int err;

	memset(&cid, 0, sizeof(cid));
	err = ioctl_call(src, ALLOCINFO_IOC_CONTENT_ID, &cid);
	if (!err)
		*id = cid.id;
	return err;
}

static int ioctl_open(struct source *src)
{
	const struct source_sys *sys = ioctl_sys(src);
	struct ioctl_priv *ip;
	struct stat st;
	uint64_t id;
	int err;

	ip = xcalloc(1, sizeof(*ip));
	ip->fd = sys->open(src->path,
			   O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (ip->fd < 0) {
		err = -errno;
		source_open_error(src, err, true);
		free(ip);
		return err;
	}
	/* No ioctl on a FIFO or a device that is not the kernel's file. */
	if (!src->sys && (fstat(ip->fd, &st) || !S_ISREG(st.st_mode))) {
		source_set_error(src, "%s: not a regular file: name a file",
				 src->path);
		sys->close(ip->fd);
		free(ip);
		return -EINVAL;
	}
	src->priv = ip;
	err = ioctl_content_id(src, &id);
	if (err) {
		source_set_error(src, "%s: %s", src->path,
				 err == -ENOTTY ?
				 "the kernel has no allocinfo ioctl" :
				 strerror(-err));
		sys->close(ip->fd);
		free(ip);
		src->priv = NULL;
	}
	return err;
}

static void ioctl_add(struct sample *s, const struct allocinfo_tag_data *d)
{
	struct rec *r = sample_add(s);

	r->module = sample_strndup(s, d->tag.modname,
				   strnlen(d->tag.modname, ALLOCINFO_STR_SIZE));
	r->function = sample_strndup(s, d->tag.function,
				     strnlen(d->tag.function,
					     ALLOCINFO_STR_SIZE));
	r->file = sample_strndup(s, d->tag.filename,
				 strnlen(d->tag.filename, ALLOCINFO_STR_SIZE));
	r->line = d->tag.lineno;
	r->bytes = (int64_t)d->counter.bytes;
	r->calls = d->counter.calls;
	r->accurate = d->counter.accurate != 0;
}

/* One pass over every matching tag. */
static int ioctl_enumerate(struct source *src, struct sample *s)
{
	struct ioctl_priv *ip = src->priv;
	int err;

	memset(&ip->get_at, 0, sizeof(ip->get_at));
	ip->get_at.pos = 0;
	filter_to_uapi(&src->filter, &ip->get_at.filter);
	err = ioctl_call(src, ALLOCINFO_IOC_GET_AT, &ip->get_at);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	ioctl_add(s, &ip->get_at.data);
	for (;;) {
		err = ioctl_call(src, ALLOCINFO_IOC_GET_NEXT, &ip->data);
		if (err == -ENOENT)
			return 0;
		if (err)
			return err;
		ioctl_add(s, &ip->data);
	}
}

static int ioctl_read(struct source *src, struct sample *s)
{
	uint64_t before, after;
	unsigned int tries;
	int err;

	for (tries = 0; tries <= src->max_retries; tries++) {
		sample_clear(s);
		s->origin = ORIGIN_IOCTL;
		s->time = source_now();
		err = ioctl_content_id(src, &before);
		if (!err)
			err = ioctl_enumerate(src, s);
		if (!err)
			err = ioctl_content_id(src, &after);
		if (err) {
			source_set_error(src, "%s: ioctl: %s", src->path,
					 strerror(-err));
			sample_clear(s);
			return err;
		}
		if (before == after) {
			s->has_content_id = true;
			s->content_id = after;
			s->retries = tries;
			s->total = s->nrecs;
			return 0;
		}
		/* Count the reads repeated, not the last one given up. */
		if (tries < src->max_retries)
			src->retries++;
	}
	source_set_error(src,
			 "%s: modules kept loading or unloading: no consistent read in %u tries",
			 src->path, tries);
	sample_clear(s);
	return -EAGAIN;
}

static void ioctl_close(struct source *src)
{
	struct ioctl_priv *ip = src->priv;

	if (!ip)
		return;
	ioctl_sys(src)->close(ip->fd);
	free(ip);
	src->priv = NULL;
}

const struct source_ops source_ioctl_ops = {
	.name = "ioctl",
	.caps = SOURCE_LIVE | SOURCE_KERNEL_FILTER,
	.open = ioctl_open,
	.read = ioctl_read,
	.close = ioctl_close,
};
