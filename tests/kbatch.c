// SPDX-License-Identifier: GPL-2.0
/*
 * The batch double: ALLOCINFO_IOC_BATCH over the tags of a kdouble, with
 * the checks, the caller-held cursor, the restart on a content id change
 * and the full-length names of doc/kernel-interface.md, written apart from
 * the kernel and from src/source_batch.c.  The cursor is the index of the
 * next tag; a record's id is its tag's index plus one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kbatch.h"

static struct kbatch *kb_current;

static int kb_fail(int err)
{
	errno = err;
	return -1;
}

static const char *kb_name(const char *name)
{
	return name ? name : "";
}

/* A filter name from the caller's memory, as strndup_user() reads it. */
static int kb_name_in(uint64_t mask, uint64_t bit, uint64_t ptr, char *dst,
		      size_t size)
{
	const char *s = (const char *)(uintptr_t)ptr;
	size_t len;

	dst[0] = '\0';
	if (!(mask & bit))
		return 0;
	if (!s)
		return -EFAULT;
	len = strnlen(s, ALLOCINFO_BATCH_NAME_MAX);
	if (len == ALLOCINFO_BATCH_NAME_MAX)
		return -EINVAL;
	snprintf(dst, size, "%s", s);
	return 0;
}

static int kb_check(const struct allocinfo_batch *b)
{
	const struct allocinfo_batch_filter *f = &b->filter;
	uint64_t both = ALLOCINFO_BATCH_FILTER_MIN_BYTES |
			ALLOCINFO_BATCH_FILTER_MAX_BYTES;

	if (b->size < ALLOCINFO_BATCH_SIZE_VER0)
		return -EINVAL;
	if (b->size > sizeof(*b))
		return -E2BIG;	/* the double knows no later version */
	if ((b->flags & ~ALLOCINFO_BATCH_FLAGS) || b->__reserved ||
	    f->__reserved || (f->mask & ~ALLOCINFO_BATCH_FILTER_MASK))
		return -EINVAL;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_INACCURATE) && f->inaccurate > 1)
		return -EINVAL;
	if ((f->mask & both) == both && f->min_bytes > f->max_bytes)
		return -EINVAL;
	if (!b->nr_records)
		return -EINVAL;
	if ((b->flags & ALLOCINFO_BATCH_NAMES) &&
	    b->names_size < sizeof(struct allocinfo_name))
		return -EINVAL;
	return 0;
}

static bool kb_match(const struct kbatch *kb, const struct kd_tag *t)
{
	const struct allocinfo_batch_filter *f = &kb->last.filter;
	uint64_t m = f->mask;

	if ((m & ALLOCINFO_BATCH_FILTER_MODNAME) &&
	    strcmp(kb_name(t->module), kb->last_modname))
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_FUNCTION) &&
	    strcmp(kb_name(t->function), kb->last_function))
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_FILENAME) &&
	    strcmp(kb_name(t->file), kb->last_file))
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_LINENO) && t->line != f->lineno)
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_INACCURATE) &&
	    (uint32_t)!t->accurate != f->inaccurate)
		return false;
	if ((kb->last.flags & ALLOCINFO_BATCH_LIVE) && !t->calls)
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_MIN_BYTES) && t->bytes < f->min_bytes)
		return false;
	if ((m & ALLOCINFO_BATCH_FILTER_MAX_BYTES) && t->bytes > f->max_bytes)
		return false;
	return true;
}

/* Append the names of tag i; false when they do not fit. */
static bool kb_add_names(struct kbatch *kb, size_t i, char *buf,
			 size_t *used, size_t room)
{
	const struct kd_tag *t = &kb->kd.tags[i];
	const char *mod = kb_name(t->module);
	struct allocinfo_name n;
	size_t len;
	char *p;

	memset(&n, 0, sizeof(n));
	n.id = i + 1;
	n.lineno = t->line;
	n.modname_len = strlen(mod);
	n.function_len = strlen(t->function);
	n.filename_len = strlen(t->file);
	len = sizeof(n) + n.modname_len + n.function_len + n.filename_len + 3;
	len = (len + 7) & ~(size_t)7;
	if (len > room - *used)
		return false;
	n.size = kb->bad_names ? len + 8 : len;
	p = buf + *used;
	memset(p, 0, len);
	memcpy(p, &n, sizeof(n));
	p += sizeof(n);
	memcpy(p, mod, n.modname_len);
	p += n.modname_len + 1;
	memcpy(p, t->function, n.function_len);
	p += n.function_len + 1;
	memcpy(p, t->file, n.filename_len);
	*used += len;
	return true;
}

static int kb_batch(struct kbatch *kb, struct allocinfo_batch *b)
{
	struct allocinfo_record *recs = (void *)(uintptr_t)b->records;
	char *names = (char *)(uintptr_t)b->names;
	bool want_names = b->flags & ALLOCINFO_BATCH_NAMES;
	struct kdouble *kd = &kb->kd;
	size_t i, nr = 0, used = 0, limit;
	uint32_t out = 0;
	int err;

	kb->n_batch++;
	kb->last = *b;
	err = kb_check(b);
	if (!err)
		err = kb_name_in(b->filter.mask, ALLOCINFO_BATCH_FILTER_MODNAME,
				 b->filter.modname, kb->last_modname,
				 sizeof(kb->last_modname));
	if (!err)
		err = kb_name_in(b->filter.mask,
				 ALLOCINFO_BATCH_FILTER_FUNCTION,
				 b->filter.function, kb->last_function,
				 sizeof(kb->last_function));
	if (!err)
		err = kb_name_in(b->filter.mask,
				 ALLOCINFO_BATCH_FILTER_FILENAME,
				 b->filter.filename, kb->last_file,
				 sizeof(kb->last_file));
	if (err)
		return kb_fail(-err);
	if (kb->batch_errno)
		return kb_fail(kb->batch_errno);
	if (!recs || (want_names && !names))
		return kb_fail(EFAULT);
	if (want_names)
		kb->n_names++;
	if (kb->change_at && kb->n_batch >= kb->change_at &&
	    (kb->n_batch == kb->change_at ||
	     (kb->change_every &&
	      (kb->n_batch - kb->change_at) % kb->change_every == 0)))
		kbatch_change(kb);

	i = b->cursor.index;
	if (b->cursor.mod_seq && b->cursor.content_id != kd->content_id) {
		out |= ALLOCINFO_BATCH_RESTARTED;
		kb->n_restarted++;
		i = 0;
	} else if (!b->cursor.mod_seq) {
		i = 0;
	}
	limit = kb->per_call && kb->per_call < b->nr_records ?
		kb->per_call : b->nr_records;
	for (; i < kd->visible && nr < limit; i++) {
		const struct kd_tag *t = &kd->tags[i];

		if (!kb_match(kb, t))
			continue;
		if (want_names &&
		    !kb_add_names(kb, i, names, &used, b->names_size)) {
			if (!nr)
				return kb_fail(ENOSPC);
			break;
		}
		memset(&recs[nr], 0, sizeof(recs[nr]));
		recs[nr].id = i + 1;
		recs[nr].bytes = t->bytes;
		recs[nr].calls = t->calls;
		recs[nr].flags = t->accurate ? 0 : ALLOCINFO_RECORD_INACCURATE;
		nr++;
	}
	if (i >= kd->visible)
		out |= ALLOCINFO_BATCH_END;
	b->nr_records = nr;
	b->names_size = used;
	b->cursor.content_id = kd->content_id;
	b->cursor.mod_seq = 1;
	b->cursor.mod_id = 0;
	b->cursor.index = i;
	b->out_flags = out;
	return 0;
}

static int kb_ioctl(int fd, unsigned long request, void *arg)
{
	struct kbatch *kb = kb_current;

	if (request != ALLOCINFO_IOC_BATCH)
		return kdouble_ioctl(fd, request, arg);
	if (!kb->kd.is_open || fd != kb->kd.fd)
		return kb_fail(EBADF);
	if (kb->absent)
		return kb_fail(ENOTTY);
	return kb_batch(kb, arg);
}

void kbatch_init(struct kbatch *kb)
{
	memset(kb, 0, sizeof(*kb));
	kdouble_init(&kb->kd);
}

void kbatch_fini(struct kbatch *kb)
{
	kdouble_fini(&kb->kd);
	if (kb_current == kb)
		kb_current = NULL;
}

const struct source_sys *kbatch_sys(struct kbatch *kb)
{
	const struct source_sys *kd = kdouble_sys(&kb->kd);

	kb_current = kb;
	kb->sys = *kd;
	kb->sys.ioctl = kb_ioctl;
	kb->sys.ctx = kb;
	return &kb->sys;
}

void kbatch_change(struct kbatch *kb)
{
	kb->kd.content_id++;
	kb->kd.visible = kb->kd.ntags;
}
