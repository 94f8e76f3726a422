// SPDX-License-Identifier: GPL-2.0
/*
 * The batch reader: ALLOCINFO_IOC_BATCH, many counter records per call with
 * a cursor that this reader holds.  Names come only when the kernel's
 * content id differs from that of the names kept (or a record's id is not
 * among them): a refresh of an unchanged set of tags moves counters only.
 * A walk that the kernel restarts (a module came or went) is read again, so
 * a sample never mixes two sets of tags.
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

/* The room of the first call; the buffers grow to what the kernel has. */
#define BATCH_RECS_MIN 4096
#define BATCH_NAMES_MIN (256 * 1024)

/* The names of one tag, kept while the content id stays. */
struct batch_name {
	uint64_t id;
	uint64_t line;
	const char *module;
	const char *function;
	const char *file;
};

struct batch_priv {
	int fd;
	struct allocinfo_record *recs;
	size_t nrecs, caprecs;
	char *names;
	size_t names_len, names_cap;
	/* The names of the last walk that asked for them, sorted by id. */
	struct batch_name *cache;
	size_t ncache;
	char *cache_text;	/* the names buffer they point into */
	uint64_t cache_cid;
	bool cache_valid;
	uint64_t cid;		/* content id of the last walk */
	unsigned int restarts;	/* walks restarted in this read */
};

static int sys_open(const char *path, int flags)
{
	return open(path, flags);
}

static int sys_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static const struct source_sys batch_sys_default = {
	.open = sys_open,
	.ioctl = sys_ioctl,
	.close = close,
};

static const struct source_sys *batch_sys(struct source *src)
{
	return src->sys ? src->sys : &batch_sys_default;
}

static int batch_call(struct source *src, unsigned long req, void *arg)
{
	struct batch_priv *bp = src->priv;
	int ret;

	do
		ret = batch_sys(src)->ioctl(bp->fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/*
 * Names of exactly FILTER_NAME_MAX bytes may be the suffix of a longer
 * name, which the kernel compares in full: those are matched here instead.
 */
static uint64_t batch_name_filter(const char *name, uint64_t bit,
				  __u64 *ptr)
{
	if (strlen(name) >= FILTER_NAME_MAX)
		return 0;
	*ptr = (uintptr_t)name;
	return bit;
}

static void batch_filter(const struct filter *f,
			 struct allocinfo_batch_filter *u)
{
	uint64_t m = f->mask;

	memset(u, 0, sizeof(*u));
	if (m & ALLOCINFO_FILTER_MASK_MODNAME)
		u->mask |= batch_name_filter(f->module,
					     ALLOCINFO_BATCH_FILTER_MODNAME,
					     &u->modname);
	if (m & ALLOCINFO_FILTER_MASK_FUNCTION)
		u->mask |= batch_name_filter(f->function,
					     ALLOCINFO_BATCH_FILTER_FUNCTION,
					     &u->function);
	if (m & ALLOCINFO_FILTER_MASK_FILENAME)
		u->mask |= batch_name_filter(f->file,
					     ALLOCINFO_BATCH_FILTER_FILENAME,
					     &u->filename);
	if (m & ALLOCINFO_FILTER_MASK_LINENO) {
		u->mask |= ALLOCINFO_BATCH_FILTER_LINENO;
		u->lineno = f->line;
	}
	if (m & ALLOCINFO_FILTER_MASK_INACCURATE) {
		u->mask |= ALLOCINFO_BATCH_FILTER_INACCURATE;
		u->inaccurate = f->inaccurate;
	}
	if (m & ALLOCINFO_FILTER_MASK_MIN_SIZE) {
		u->mask |= ALLOCINFO_BATCH_FILTER_MIN_BYTES;
		u->min_bytes = f->min_bytes;
	}
	if (m & ALLOCINFO_FILTER_MASK_MAX_SIZE) {
		u->mask |= ALLOCINFO_BATCH_FILTER_MAX_BYTES;
		u->max_bytes = f->max_bytes;
	}
}

/*
 * One whole walk into bp->recs (and bp->names with names), from a zeroed
 * cursor to ALLOCINFO_BATCH_END.  A walk the kernel restarts starts over
 * here too.  Returns 0 or a negative errno.
 */
static int batch_walk(struct source *src, bool names)
{
	struct batch_priv *bp = src->priv;
	struct allocinfo_batch b;
	struct allocinfo_batch_cursor cur;
	int err;

	memset(&cur, 0, sizeof(cur));
	bp->nrecs = 0;
	bp->names_len = 0;
	for (;;) {
		/* Room for at least as much again as we have. */
		if (bp->caprecs - bp->nrecs < BATCH_RECS_MIN / 2) {
			bp->caprecs = bp->caprecs ? bp->caprecs * 2 :
				      BATCH_RECS_MIN;
			bp->recs = xreallocarray(bp->recs, bp->caprecs,
						 sizeof(*bp->recs));
		}
		if (names && bp->names_cap - bp->names_len <
		    BATCH_NAMES_MIN / 2) {
			bp->names_cap = bp->names_cap ? bp->names_cap * 2 :
					BATCH_NAMES_MIN;
			bp->names = xrealloc(bp->names, bp->names_cap);
		}
		memset(&b, 0, sizeof(b));
		b.size = sizeof(b);
		b.flags = names ? ALLOCINFO_BATCH_NAMES : 0;
		batch_filter(&src->filter, &b.filter);
		b.records = (uintptr_t)(bp->recs + bp->nrecs);
		b.nr_records = bp->caprecs - bp->nrecs > UINT32_MAX ?
			       UINT32_MAX : (uint32_t)(bp->caprecs - bp->nrecs);
		if (names) {
			size_t room = bp->names_cap - bp->names_len;

			b.names = (uintptr_t)(bp->names + bp->names_len);
			b.names_size = room > UINT32_MAX ? UINT32_MAX :
				       (uint32_t)room;
		}
		b.cursor = cur;
		err = batch_call(src, ALLOCINFO_IOC_BATCH, &b);
		if (err)
			return err;
		if (b.nr_records > bp->caprecs - bp->nrecs ||
		    b.names_size > bp->names_cap - bp->names_len)
			return -EPROTO;
		if (b.out_flags & ALLOCINFO_BATCH_RESTARTED) {
			/* Records of earlier calls describe another set. */
			memmove(bp->recs, bp->recs + bp->nrecs,
				b.nr_records * sizeof(*bp->recs));
			if (names)
				memmove(bp->names, bp->names + bp->names_len,
					b.names_size);
			bp->nrecs = 0;
			bp->names_len = 0;
			if (bp->restarts++ >= src->max_retries)
				return -EAGAIN;
			src->retries++;
		}
		bp->nrecs += b.nr_records;
		bp->names_len += b.names_size;
		cur = b.cursor;
		bp->cid = cur.content_id;
		if (b.out_flags & ALLOCINFO_BATCH_END)
			return 0;
		/* A call fills its room or reaches the end. */
		if (!b.nr_records)
			return -EPROTO;
	}
}

static int batch_name_cmp(const void *a, const void *b)
{
	const struct batch_name *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Keep the names just read: parse the entries (the kernel's lengths are
 * checked, never trusted), sort them by id.  -EPROTO for a malformed buffer.
 */
static int batch_keep_names(struct batch_priv *bp)
{
	const char *p = bp->names, *end = bp->names + bp->names_len;
	size_t i;

	bp->cache_valid = false;
	free(bp->cache);
	free(bp->cache_text);
	bp->cache = xreallocarray(NULL, bp->nrecs ? bp->nrecs : 1,
				  sizeof(*bp->cache));
	/* The strings stay where they are: the buffer moves to the cache. */
	bp->cache_text = bp->names;
	bp->names = NULL;
	bp->names_cap = 0;
	bp->ncache = 0;
	for (i = 0; i < bp->nrecs; i++) {
		struct allocinfo_name n;
		struct batch_name *c = &bp->cache[i];
		size_t need;
		const char *s;

		if ((size_t)(end - p) < sizeof(n))
			return -EPROTO;
		memcpy(&n, p, sizeof(n));
		need = sizeof(n) + (size_t)n.modname_len + n.function_len +
		       n.filename_len + 3;
		if (n.id != bp->recs[i].id || n.size < need ||
		    n.size > (size_t)(end - p))
			return -EPROTO;
		s = p + sizeof(n);
		if (s[n.modname_len] || s[n.modname_len + 1 + n.function_len] ||
		    s[need - sizeof(n) - 1])
			return -EPROTO;
		c->id = n.id;
		c->line = n.lineno;
		c->module = s;
		c->function = s + n.modname_len + 1;
		c->file = c->function + n.function_len + 1;
		p += n.size;
		bp->ncache++;
	}
	qsort(bp->cache, bp->ncache, sizeof(*bp->cache), batch_name_cmp);
	bp->cache_cid = bp->cid;
	bp->cache_valid = true;
	return 0;
}

static const struct batch_name *batch_lookup(const struct batch_priv *bp,
					     uint64_t id)
{
	struct batch_name key = { .id = id };

	return bsearch(&key, bp->cache, bp->ncache, sizeof(*bp->cache),
		       batch_name_cmp);
}

/*
 * The sample from the records and the kept names.  -ESTALE when a record
 * has no names kept: the walk is then done again with names.
 */
static int batch_fill(struct source *src, struct sample *s)
{
	struct batch_priv *bp = src->priv;
	size_t i;

	for (i = 0; i < bp->nrecs; i++) {
		const struct allocinfo_record *x = &bp->recs[i];
		const struct batch_name *n = batch_lookup(bp, x->id);
		struct rec r, *out;

		if (!n)
			return -ESTALE;
		r.module = n->module;
		r.function = n->function;
		r.file = n->file;
		r.line = n->line;
		r.bytes = x->bytes;
		r.calls = x->calls;
		r.accurate = !(x->flags & ALLOCINFO_RECORD_INACCURATE);
		/* What the kernel was not asked to filter (long names). */
		if (!filter_match(&src->filter, &r))
			continue;
		out = sample_add(s);
		*out = r;
		out->module = sample_strndup(s, r.module, strlen(r.module));
		out->function = sample_strndup(s, r.function,
					       strlen(r.function));
		out->file = sample_strndup(s, r.file, strlen(r.file));
	}
	return 0;
}

static void batch_free(struct batch_priv *bp)
{
	free(bp->recs);
	free(bp->names);
	free(bp->cache);
	free(bp->cache_text);
	free(bp);
}

static int batch_open(struct source *src)
{
	const struct source_sys *sys = batch_sys(src);
	struct allocinfo_record rec;
	struct allocinfo_batch b;
	struct batch_priv *bp;
	struct stat st;
	int err;

	bp = xcalloc(1, sizeof(*bp));
	bp->fd = sys->open(src->path,
			   O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (bp->fd < 0) {
		err = -errno;
		source_open_error(src, err, true);
		free(bp);
		return err;
	}
	/* No ioctl on a FIFO or a device that is not the kernel's file. */
	if (!src->sys && (fstat(bp->fd, &st) || !S_ISREG(st.st_mode))) {
		source_set_error(src, "%s: not a regular file: name a file",
				 src->path);
		sys->close(bp->fd);
		free(bp);
		return -EINVAL;
	}
	src->priv = bp;
	/* One record: does the kernel have the batch at all? */
	memset(&b, 0, sizeof(b));
	b.size = sizeof(b);
	b.records = (uintptr_t)&rec;
	b.nr_records = 1;
	err = batch_call(src, ALLOCINFO_IOC_BATCH, &b);
	if (err) {
		source_set_error(src, "%s: %s", src->path,
				 err == -ENOTTY ?
				 "the kernel has no allocinfo batch ioctl" :
				 strerror(-err));
		sys->close(bp->fd);
		batch_free(bp);
		src->priv = NULL;
	}
	return err;
}

static int batch_read(struct source *src, struct sample *s)
{
	struct batch_priv *bp = src->priv;
	int pass, err = 0;

	bp->restarts = 0;
	/* Counters only, or names too; the names when the counters are new. */
	for (pass = 0; pass < 2; pass++) {
		bool names = !bp->cache_valid;

		sample_clear(s);
		s->origin = ORIGIN_IOCTL;
		s->time = source_now();
		err = batch_walk(src, names);
		/* Counters of another set of tags than the names kept. */
		if (!err && !names && bp->cid != bp->cache_cid)
			err = -ESTALE;
		if (!err && names)
			err = batch_keep_names(bp);
		if (!err)
			err = batch_fill(src, s);
		if (err != -ESTALE || names)
			break;
		bp->cache_valid = false;
	}
	if (err == -EAGAIN) {
		source_set_error(src,
				 "%s: modules kept loading or unloading: no consistent read in %u tries",
				 src->path, bp->restarts);
	} else if (err) {
		source_set_error(src, "%s: ioctl: %s", src->path,
				 err == -EPROTO || err == -ESTALE ?
				 "malformed batch answer" : strerror(-err));
	}
	if (err) {
		sample_clear(s);
		return err == -ESTALE ? -EPROTO : err;
	}
	s->has_content_id = true;
	s->content_id = bp->cid;
	s->retries = bp->restarts;
	s->total = s->nrecs;
	return 0;
}

static void batch_close(struct source *src)
{
	struct batch_priv *bp = src->priv;

	if (!bp)
		return;
	batch_sys(src)->close(bp->fd);
	batch_free(bp);
	src->priv = NULL;
}

const struct source_ops source_batch_ops = {
	.name = "batch",
	.caps = SOURCE_LIVE | SOURCE_KERNEL_FILTER,
	.open = batch_open,
	.read = batch_read,
	.close = batch_close,
};
