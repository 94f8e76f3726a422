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
#include <sys/ioctl.h>

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

/* A name filter; as posted, a missing name passed every one. */
static bool kd_name_differs(const struct kdouble *kd, const char *name,
			    const char *want)
{
	if (!name && kd->posted)
		return false;
	return strcmp(kd_name(name), want) != 0;
}

static bool kd_match(const struct kdouble *kd, const struct allocinfo_filter *f,
		     const struct kd_tag *t)
{
	uint64_t m = f->mask;

	if ((m & ALLOCINFO_FILTER_MASK_MODNAME) &&
	    strcmp(kd_name(t->module), f->fields.modname))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FUNCTION) &&
	    kd_name_differs(kd, t->function, f->fields.function))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_FILENAME) &&
	    kd_name_differs(kd, t->file, f->fields.filename))
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_LINENO) && t->line != f->fields.lineno)
		return false;
	if ((m & ALLOCINFO_FILTER_MASK_INACCURATE) &&
	    (uint64_t)!t->accurate != f->fields.inaccurate)
		return false;
	if (kd->posted) {
		if ((m & ALLOCINFO_FILTER_MASK_MIN_SIZE) &&
		    (uint64_t)t->bytes < f->min_size)
			return false;
		if ((m & ALLOCINFO_FILTER_MASK_MAX_SIZE) &&
		    (uint64_t)t->bytes > f->max_size)
			return false;
		return true;
	}
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
	while (i < kd->visible && !kd_match(kd, &kd->filter, &kd->tags[i]))
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
	if (i >= kd->visible && kd->endless)
		i = kd_find(kd, 0);
	if (i >= kd->visible) {
		/* As posted, the next GET_NEXT starts over. */
		kd->where = kd->posted ? KD_BEFORE : KD_END;
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

/*
 * The mm tree's layouts, as their headers define them, for the double's own
 * translation to and from the v3 structures it works on.
 */
struct kd_mm_tag {
	char modname[ALLOCINFO_STR_SIZE];
	char function[ALLOCINFO_STR_SIZE];
	char filename[ALLOCINFO_STR_SIZE];
	uint64_t lineno;
};

struct kd_mm_counter {
	uint64_t bytes;
	uint64_t calls;
	uint8_t accurate;
	uint8_t pad[7];
};

struct kd_mm_data {
	struct kd_mm_tag tag;
	struct kd_mm_counter counter;
};

struct kd_mm_get_at {
	uint64_t pos;
	struct {
		uint64_t mask;
		struct kd_mm_tag fields;
		uint64_t min_size;
		uint64_t max_size;
		uint64_t inaccurate;
	} filter;
	struct kd_mm_data data;
};

struct kd_mmtag_tag {
	struct kd_mm_tag t;
	uint64_t inaccurate;
	uint64_t min_size;
	uint64_t max_size;
};

struct kd_mmtag_data {
	struct kd_mmtag_tag tag;
	struct kd_mm_counter counter;
};

struct kd_mmtag_get_at {
	uint64_t pos;
	struct {
		uint64_t mask;
		struct kd_mmtag_tag fields;
	} filter;
	struct kd_mmtag_data data;
};

struct kd_names_get_at {
	uint64_t pos;
	struct {
		uint64_t mask;
		struct kd_mm_tag fields;
	} filter;
	struct kd_mm_data data;
};

struct kd_nofilter_get_at {
	uint64_t pos;
	struct kd_mm_data data;
};

#define KD_GET_AT(type) _IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, type)
#define KD_GET_NEXT(type) \
	_IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, type)

static void kd_names_in(struct allocinfo_tag *t, const struct kd_mm_tag *m)
{
	memcpy(t->modname, m->modname, sizeof(t->modname));
	memcpy(t->function, m->function, sizeof(t->function));
	memcpy(t->filename, m->filename, sizeof(t->filename));
	t->lineno = m->lineno;
}

static void kd_data_out(struct kd_mm_data *m, const struct allocinfo_tag_data *d)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->tag.modname, d->tag.modname, sizeof(m->tag.modname));
	memcpy(m->tag.function, d->tag.function, sizeof(m->tag.function));
	memcpy(m->tag.filename, d->tag.filename, sizeof(m->tag.filename));
	m->tag.lineno = d->tag.lineno;
	m->counter.bytes = d->counter.bytes;
	m->counter.calls = d->counter.calls;
	m->counter.accurate = d->counter.accurate;
}

static void kd_mmtag_out(struct kd_mmtag_data *m,
			 const struct allocinfo_tag_data *d)
{
	struct kd_mm_data tmp;

	kd_data_out(&tmp, d);
	memset(m, 0, sizeof(*m));
	m->tag.t = tmp.tag;
	m->counter = tmp.counter;
}

/* A GET_AT in another layout, done on the v3 structures. */
static int kd_get_at_abi(struct kdouble *kd, void *arg)
{
	struct allocinfo_get_at ga;
	int ret;

	memset(&ga, 0, sizeof(ga));
	switch (kd->abi) {
	case KD_ABI_MM: {
		struct kd_mm_get_at *m = arg;

		ga.pos = m->pos;
		ga.filter.mask = m->filter.mask;
		kd_names_in(&ga.filter.fields, &m->filter.fields);
		ga.filter.fields.inaccurate = m->filter.inaccurate;
		ga.filter.min_size = m->filter.min_size;
		ga.filter.max_size = m->filter.max_size;
		ret = kd_get_at(kd, &ga);
		if (!ret)
			kd_data_out(&m->data, &ga.data);
		return ret;
	}
	case KD_ABI_MM_TAG: {
		struct kd_mmtag_get_at *m = arg;

		ga.pos = m->pos;
		ga.filter.mask = m->filter.mask;
		kd_names_in(&ga.filter.fields, &m->filter.fields.t);
		ga.filter.fields.inaccurate = m->filter.fields.inaccurate;
		ga.filter.min_size = m->filter.fields.min_size;
		ga.filter.max_size = m->filter.fields.max_size;
		ret = kd_get_at(kd, &ga);
		if (!ret)
			kd_mmtag_out(&m->data, &ga.data);
		return ret;
	}
	case KD_ABI_MM_NAMES: {
		struct kd_names_get_at *m = arg;

		kd->last_filter.mask = m->filter.mask;
		if (m->filter.mask & ~(uint64_t)0xf) {
			kd->where = KD_END;
			return kd_fail(EINVAL);
		}
		ga.pos = m->pos;
		ga.filter.mask = m->filter.mask;
		kd_names_in(&ga.filter.fields, &m->filter.fields);
		ret = kd_get_at(kd, &ga);
		if (!ret)
			kd_data_out(&m->data, &ga.data);
		return ret;
	}
	case KD_ABI_MM_NOFILTER: {
		struct kd_nofilter_get_at *m = arg;

		ga.pos = m->pos;
		ret = kd_get_at(kd, &ga);
		if (!ret)
			kd_data_out(&m->data, &ga.data);
		return ret;
	}
	default:
		return kd_fail(ENOTTY);
	}
}

static int kd_get_next_abi(struct kdouble *kd, void *arg)
{
	struct allocinfo_tag_data d;
	int ret;

	ret = kd_get_next(kd, &d);
	if (ret)
		return ret;
	if (kd->abi == KD_ABI_MM_TAG)
		kd_mmtag_out(arg, &d);
	else
		kd_data_out(arg, &d);
	return 0;
}

/* The GET_AT and GET_NEXT numbers of the double's layout. */
static void kd_numbers(const struct kdouble *kd, unsigned long *get_at,
		       unsigned long *get_next)
{
	switch (kd->abi) {
	case KD_ABI_V3:
		*get_at = ALLOCINFO_IOC_GET_AT;
		*get_next = ALLOCINFO_IOC_GET_NEXT;
		break;
	case KD_ABI_MM:
		*get_at = KD_GET_AT(struct kd_mm_get_at);
		*get_next = KD_GET_NEXT(struct kd_mm_data);
		break;
	case KD_ABI_MM_TAG:
		*get_at = KD_GET_AT(struct kd_mmtag_get_at);
		*get_next = KD_GET_NEXT(struct kd_mmtag_data);
		break;
	case KD_ABI_MM_NAMES:
		*get_at = KD_GET_AT(struct kd_names_get_at);
		*get_next = KD_GET_NEXT(struct kd_mm_data);
		break;
	case KD_ABI_MM_NOFILTER:
		*get_at = KD_GET_AT(struct kd_nofilter_get_at);
		*get_next = KD_GET_NEXT(struct kd_mm_data);
		break;
	}
}

int kdouble_ioctl(int fd, unsigned long request, void *arg)
{
	struct kdouble *kd = kd_current;
	unsigned long get_at = 0, get_next = 0;

	if (!kd->is_open || fd != kd->fd)
		return kd_fail(EBADF);
	kd_numbers(kd, &get_at, &get_next);
	/* Interrupted before the file's lock: no effect at all. */
	if (kd->eintr && (request == ALLOCINFO_IOC_CONTENT_ID ||
			  request == get_at)) {
		kd->eintr--;
		return kd_fail(EINTR);
	}
	if (request == ALLOCINFO_IOC_CONTENT_ID) {
		kd->n_content_id++;
		if (kd->content_id_errno)
			return kd_fail(kd->content_id_errno);
		((struct allocinfo_content_id *)arg)->id = kd->content_id;
		return 0;
	}
	if (request == get_at)
		return kd->abi == KD_ABI_V3 ? kd_get_at(kd, arg) :
		       kd_get_at_abi(kd, arg);
	if (request == get_next)
		return kd->abi == KD_ABI_V3 ? kd_get_next(kd, arg) :
		       kd_get_next_abi(kd, arg);
	return kd_fail(ENOTTY);
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
	t->function = function ? xstrdup(function) : NULL;
	t->file = file ? xstrdup(file) : NULL;
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

/* The sizes the mm tree's headers give, and so its ioctl numbers. */
_Static_assert(sizeof(struct kd_mm_get_at) == 464, "mm get_at");
_Static_assert(sizeof(struct kd_mm_data) == 224, "mm tag_data");
_Static_assert(sizeof(struct kd_mmtag_get_at) == 488, "mm-tag get_at");
_Static_assert(sizeof(struct kd_mmtag_data) == 248, "mm-tag tag_data");
_Static_assert(sizeof(struct kd_names_get_at) == 440, "mm-names get_at");
_Static_assert(sizeof(struct kd_nofilter_get_at) == 232, "mm-nofilter get_at");
