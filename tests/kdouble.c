// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl double: GET_AT/GET_NEXT/CONTENT_ID over an array of tags, with
 * the cursor rules, the EINVAL checks and the 63-byte suffix rule of
 * doc/kernel-interface.md, written apart from src/filter.c so the tests
 * compare two implementations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kdouble.h"
#include "xalloc.h"

#define KD_FD 4242

static struct kdouble *kd_current;

static int kd_fail(int err)
{
	errno = err;
	return -1;
}

static int kd_open(const char *path, int flags)
{
	struct kdouble *kd = kd_current;

	(void)path;
	(void)flags;
	kd->n_open++;
	if (kd->open_errno)
		return kd_fail(kd->open_errno);
	if (kd->is_open)
		return kd_fail(EMFILE);
	kd->is_open = true;
	kd->fd = KD_FD;
	kd->where = KD_BEFORE;
	memset(&kd->filter, 0, sizeof(kd->filter));
	return kd->fd;
}

static int kd_close(int fd)
{
	struct kdouble *kd = kd_current;

	kd->n_close++;
	if (!kd->is_open || fd != kd->fd)
		return kd_fail(EBADF);
	kd->is_open = false;
	return 0;
}

/* The kernel's view of a name: NULL is "", long ones their last 63. */
static const char *kd_name(const char *name)
{
	size_t len;

	if (!name)
		return "";
	len = strlen(name);
	return len > ALLOCINFO_STR_SIZE - 1 ?
	       name + len - (ALLOCINFO_STR_SIZE - 1) : name;
}

static bool kd_terminated(const char *s)
{
	return memchr(s, '\0', ALLOCINFO_STR_SIZE) != NULL;
}

static int kd_check(const struct allocinfo_filter *f)
{
	uint64_t both = ALLOCINFO_FILTER_MASK_MIN_SIZE |
			ALLOCINFO_FILTER_MASK_MAX_SIZE;

	if (f->mask & ~(uint64_t)ALLOCINFO_FILTER_MASKS)
		return -EINVAL;
	if ((f->mask & ALLOCINFO_FILTER_MASK_MODNAME) &&
	    !kd_terminated(f->fields.modname))
		return -EINVAL;
	if ((f->mask & ALLOCINFO_FILTER_MASK_FUNCTION) &&
	    !kd_terminated(f->fields.function))
		return -EINVAL;
	if ((f->mask & ALLOCINFO_FILTER_MASK_FILENAME) &&
	    !kd_terminated(f->fields.filename))
		return -EINVAL;
	if ((f->mask & ALLOCINFO_FILTER_MASK_INACCURATE) &&
	    f->fields.inaccurate > 1)
		return -EINVAL;
	if ((f->mask & both) == both &&
	    (int64_t)f->min_size > (int64_t)f->max_size)
		return -EINVAL;
	return 0;
}

static bool kd_match(const struct allocinfo_filter *f, const struct kd_tag *t)
{
	uint64_t m = f->mask;

	if ((m & ALLOCINFO_FILTER_MASK_MODNAME) &&
	    strcmp(kd_name(t->module), f->fields.modname))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FUNCTION) &&
	    strcmp(kd_name(t->function), f->fields.function))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FILENAME) &&
	    strcmp(kd_name(t->file), f->fields.filename))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_LINENO) && t->line != f->fields.lineno)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_INACCURATE) &&
	    (uint64_t)!t->accurate != f->fields.inaccurate)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_MIN_SIZE) &&
	    t->bytes < (int64_t)f->min_size)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_MAX_SIZE) &&
	    t->bytes > (int64_t)f->max_size)
		return false;
	return true;
}

static void kd_fill(struct allocinfo_tag_data *d, const struct kd_tag *t)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->tag.modname, kd_name(t->module));
	strcpy(d->tag.function, kd_name(t->function));
	strcpy(d->tag.filename, kd_name(t->file));
	d->tag.lineno = t->line;
	d->counter.bytes = (uint64_t)t->bytes;
	d->counter.calls = t->calls;
	d->counter.accurate = t->accurate;
}

/* The next matching tag from index i, or visible when there is none. */
static size_t kd_find(struct kdouble *kd, size_t i)
{
	while (i < kd->visible && !kd_match(&kd->filter, &kd->tags[i]))
		i++;
	return i;
}

/* A module comes (the hidden tags show) while the reader enumerates. */
static void kd_change(struct kdouble *kd)
{
	if (kd->change == KD_ALWAYS ||
	    (kd->change == KD_ONCE && !kd->changes)) {
		kd->changes++;
		kd->content_id++;
		kd->visible = kd->ntags;
	}
}

static int kd_get_at(struct kdouble *kd, struct allocinfo_get_at *ga)
{
	uint64_t pos = ga->pos;
	size_t i;
	int err;

	kd->n_get_at++;
	kd->where = KD_END;
	kd->last_filter = ga->filter;
	err = kd_check(&ga->filter);
	if (err)
		return kd_fail(-err);
	if (kd->get_at_errno)
		return kd_fail(kd->get_at_errno);
	if (!kd->change_on_next)
		kd_change(kd);
	kd->filter = ga->filter;
	for (i = kd_find(kd, 0); i < kd->visible && pos;
	     i = kd_find(kd, i + 1))
		pos--;
	if (i >= kd->visible)
		return kd_fail(ENOENT);
	kd_fill(&ga->data, &kd->tags[i]);
	kd->cursor = i;
	kd->where = KD_ON;
	return 0;
}

static int kd_get_next(struct kdouble *kd, struct allocinfo_tag_data *d)
{
	size_t i;

	kd->n_get_next++;
	if (kd->change_on_next && kd->n_get_next % kd->change_on_next == 0)
		kd_change(kd);
	if (kd->where == KD_END)
		return kd_fail(ENOENT);
	i = kd_find(kd, kd->where == KD_BEFORE ? 0 : kd->cursor + 1);
	if (i >= kd->visible) {
		kd->where = KD_END;
		return kd_fail(ENOENT);
	}
	/* A failed copy-out leaves the cursor where it was. */
	if (kd->next_fail_after >= 0 &&
	    kd->next_ok >= (unsigned long)kd->next_fail_after)
		return kd_fail(kd->next_errno);
	kd_fill(d, &kd->tags[i]);
	kd->cursor = i;
	kd->where = KD_ON;
	kd->next_ok++;
	return 0;
}

int kdouble_ioctl(int fd, unsigned long request, void *arg)
{
	struct kdouble *kd = kd_current;

	if (!kd->is_open || fd != kd->fd)
		return kd_fail(EBADF);
	if (kd->eintr && (request == ALLOCINFO_IOC_CONTENT_ID ||
			  request == ALLOCINFO_IOC_GET_AT)) {
		kd->eintr--;
		if (request == ALLOCINFO_IOC_GET_AT)
			kd->where = KD_END;
		return kd_fail(EINTR);
	}
	switch (request) {
	case ALLOCINFO_IOC_CONTENT_ID:
		kd->n_content_id++;
		if (kd->content_id_errno)
			return kd_fail(kd->content_id_errno);
		((struct allocinfo_content_id *)arg)->id = kd->content_id;
		return 0;
	case ALLOCINFO_IOC_GET_AT:
		return kd_get_at(kd, arg);
	case ALLOCINFO_IOC_GET_NEXT:
		return kd_get_next(kd, arg);
	default:
		return kd_fail(ENOTTY);
	}
}

void kdouble_init(struct kdouble *kd)
{
	memset(kd, 0, sizeof(*kd));
	kd->sys.open = kd_open;
	kd->sys.ioctl = kdouble_ioctl;
	kd->sys.close = kd_close;
	kd->sys.ctx = kd;
	kd->content_id = 1000;
	kd->next_fail_after = -1;
	kd->fd = -1;
}

void kdouble_fini(struct kdouble *kd)
{
	size_t i;

	for (i = 0; i < kd->ntags; i++) {
		free(kd->tags[i].module);
		free(kd->tags[i].function);
		free(kd->tags[i].file);
	}
	free(kd->tags);
	if (kd_current == kd)
		kd_current = NULL;
	memset(kd, 0, sizeof(*kd));
}

void kdouble_add(struct kdouble *kd, const char *module, const char *file,
		 uint64_t line, const char *function, int64_t bytes,
		 uint64_t calls, bool accurate)
{
	struct kd_tag *t;
	bool all = kd->visible == kd->ntags;

	if (kd->ntags == kd->cap) {
		kd->cap = kd->cap ? kd->cap * 2 : 256;
		kd->tags = xreallocarray(kd->tags, kd->cap, sizeof(*kd->tags));
	}
	t = &kd->tags[kd->ntags++];
	t->module = module && *module ? xstrdup(module) : NULL;
	t->function = xstrdup(function);
	t->file = xstrdup(file);
	t->line = line;
	t->bytes = bytes;
	t->calls = calls;
	t->accurate = accurate;
	if (all)
		kd->visible = kd->ntags;
}

void kdouble_add_sample(struct kdouble *kd, const struct sample *s)
{
	size_t i;

	for (i = 0; i < s->nrecs; i++) {
		const struct rec *r = &s->recs[i];

		kdouble_add(kd, r->module, r->file, r->line, r->function,
			    r->bytes, r->calls, r->accurate);
	}
}

void kdouble_hide_from(struct kdouble *kd, size_t i)
{
	kd->visible = i < kd->ntags ? i : kd->ntags;
}

const struct source_sys *kdouble_sys(struct kdouble *kd)
{
	kd_current = kd;
	return &kd->sys;
}
