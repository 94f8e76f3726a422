// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl reader: GET_AT(0) with the kernel filter, then GET_NEXT until
 * ENOENT, between two CONTENT_IDs.  A read during which a module came or
 * went is done again, so a sample never mixes two sets of tags.
 *
 * Kernels carry one of several published layouts of the interface (see
 * doc/kernel-interface.md).  Their sizes differ, so their GET_AT numbers do:
 * open() finds the layout by trying each GET_AT, and every record is
 * decoded from its layout into the same struct rec.  Kernels also differ in
 * how they filter (sizes compared unsigned, a missing name passing every
 * name filter, fields a layout lacks), so the kernel gets only the part of
 * the filter it applies correctly everywhere, and every record is checked
 * against the whole filter here.
 *
 * The kernel lists its tags in a stable order, and most of them keep
 * their names from one read to the next: a record whose names and line
 * are those of the last read's record at the same position takes that
 * record's decoded names and says which it was (rec->same), so that the
 * model finds its tag without hashing or comparing names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/alloc_tag.h>

#include "source_ioctl.h"
#include "xalloc.h"

#define ALLOCINFO_GET_AT_NR(size) \
	_IOC(_IOC_READ | _IOC_WRITE, ALLOCINFO_IOC_BASE, \
	     _ALLOCINFO_IOC_GET_AT, (size))
#define ALLOCINFO_GET_NEXT_NR(size) \
	_IOC(_IOC_READ, ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, (size))

/* Every layout starts its record and its filter the same way. */
#define REC_MODNAME	0
#define REC_FUNCTION	64
#define REC_FILENAME	128
#define REC_LINENO	192
#define CNT_BYTES	0
#define CNT_CALLS	8
#define CNT_ACCURATE	16
#define GA_POS		0
#define GA_MASK		8
#define GA_FIELDS	16
#define NO_FIELD	SIZE_MAX

/* The filter fields every layout with a filter has. */
#define MASK_NAMES_LINE (ALLOCINFO_FILTER_MASK_MODNAME | \
			 ALLOCINFO_FILTER_MASK_FUNCTION | \
			 ALLOCINFO_FILTER_MASK_FILENAME | \
			 ALLOCINFO_FILTER_MASK_LINENO)
#define MASK_SIZES (ALLOCINFO_FILTER_MASK_MIN_SIZE | \
		    ALLOCINFO_FILTER_MASK_MAX_SIZE)

/*
 * One published layout: the sizes of the GET_AT argument and of a record,
 * and where the fields are.  Offsets of the GET_AT argument count from its
 * start; counter_off counts from the start of a record.
 */
struct ioctl_layout {
	const char *name;
	size_t get_at_size;
	size_t rec_size;
	size_t data_off;	/* the record in the GET_AT argument */
	size_t counter_off;	/* struct allocinfo_counter in a record */
	uint64_t mask;		/* the filter fields the layout has */
	size_t inaccurate_off;
	size_t min_off;
	size_t max_off;
};

#define LAYOUT_MAX_GET_AT 488
#define LAYOUT_MAX_REC 248

static const struct ioctl_layout ioctl_layouts[] = {
	/* v3 as posted, and our series: inaccurate in the tag. */
	{ "v3", 472, 232, 240, 208, ALLOCINFO_FILTER_MASKS, 216, 224, 232 },
	/* mm: inaccurate moved to the end of the filter, out of records. */
	{ "mm", 464, 224, 240, 200, ALLOCINFO_FILTER_MASKS, 232, 216, 224 },
	/* mm, earlier: inaccurate and both sizes in the tag itself. */
	{ "mm-tag", 488, 248, 240, 224, ALLOCINFO_FILTER_MASKS, 216, 224,
	  232 },
	/* mm, earlier: a filter on names and the line only. */
	{ "mm-names", 440, 224, 216, 200, MASK_NAMES_LINE, NO_FIELD,
	  NO_FIELD, NO_FIELD },
	/* mm, earliest: no filter at all. */
	{ "mm-nofilter", 232, 224, 8, 200, 0, NO_FIELD, NO_FIELD, NO_FIELD },
};

#define NLAYOUTS (sizeof(ioctl_layouts) / sizeof(ioctl_layouts[0]))

/*
 * Most records a read takes: far more tags than any kernel has, but a
 * bound, should a kernel's GET_NEXT never end.
 */
#define IOCTL_MAX_RECORDS (1UL << 22)

struct ioctl_priv {
	int fd;
	const struct ioctl_layout *layout;
	unsigned long max_records;
	/* The last read's records by position, their names decoded. */
	struct sample_cache cache;
	bool cached;		/* this read goes through the cache */
	bool lend;		/* every record so far passed: lend them */
	size_t k;		/* records of this read so far */
	uint64_t get_at[LAYOUT_MAX_GET_AT / 8];
	uint64_t data[LAYOUT_MAX_REC / 8];
};

_Static_assert(sizeof(struct allocinfo_get_at) <= LAYOUT_MAX_GET_AT,
	       "room for the v3 GET_AT argument");

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

unsigned long ioctl_layout_get_at(size_t i)
{
	return i < NLAYOUTS ?
	       ALLOCINFO_GET_AT_NR(ioctl_layouts[i].get_at_size) : 0;
}

unsigned long ioctl_layout_get_next(size_t i)
{
	return i < NLAYOUTS ?
	       ALLOCINFO_GET_NEXT_NR(ioctl_layouts[i].rec_size) : 0;
}

const char *ioctl_layout_name(size_t i)
{
	return i < NLAYOUTS ? ioctl_layouts[i].name : NULL;
}

/*
 * Which layout the kernel speaks: the first whose GET_AT it knows.  The
 * probe asks for a position past any tag with no filter, which every
 * layout answers with ENOENT without a search; any answer but ENOTTY means
 * the number is known.
 */
static int ioctl_probe(struct source *src)
{
	struct ioctl_priv *ip = src->priv;
	size_t i;
	int err;

	for (i = 0; i < NLAYOUTS; i++) {
		memset(ip->get_at, 0, sizeof(ip->get_at));
		memset(ip->get_at, 0xff, 8);	/* pos */
		err = ioctl_call(src, ioctl_layout_get_at(i), ip->get_at);
		if (err != -ENOTTY) {
			ip->layout = &ioctl_layouts[i];
			snprintf(src->detail, sizeof(src->detail), "%s layout",
				 ip->layout->name);
			return 0;
		}
	}
	return -ENOTTY;
}

static int ioctl_open(struct source *src)
{
	const struct source_sys *sys = ioctl_sys(src);
	struct ioctl_priv *ip;
	struct stat st;
	uint64_t id;
	int err;

	ip = xcalloc(1, sizeof(*ip));
	ip->max_records = IOCTL_MAX_RECORDS;
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
	if (!err)
		err = ioctl_probe(src);
	if (err) {
		source_set_error(src, "%s: %s", src->path,
				 err == -ENOTTY ?
				 "the kernel has no allocinfo ioctl of a known layout" :
				 strerror(-err));
		sys->close(ip->fd);
		free(ip);
		src->priv = NULL;
	}
	return err;
}

static uint64_t get_u64(const void *base, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)base + off, sizeof(v));
	return v;
}

static void put_u64(void *base, size_t off, uint64_t v)
{
	memcpy((char *)base + off, &v, sizeof(v));
}

/* A name field, NUL-terminated whatever the kernel put there. */
static void get_name(char *dst, const void *rec, size_t off)
{
	const char *p = (const char *)rec + off;
	size_t len = strnlen(p, ALLOCINFO_STR_SIZE - 1);

	memcpy(dst, p, len);
	dst[len] = '\0';
}

/*
 * The part of the filter that the kernel applies as we do, whichever
 * kernel it is.  Sizes are compared unsigned by some kernels: that keeps
 * every tag a signed comparison keeps only when the minimum is selected and
 * not negative (then both agree, or the unsigned one keeps more).
 */
static uint64_t ioctl_kernel_mask(const struct ioctl_layout *l,
				  const struct filter *f)
{
	uint64_t known = ALLOCINFO_FILTER_MASKS;
	uint64_t mask = (f->mask & ~known) | (f->mask & l->mask);

	if (!(mask & ALLOCINFO_FILTER_MASK_MIN_SIZE) || f->min_bytes < 0 ||
	    ((mask & ALLOCINFO_FILTER_MASK_MAX_SIZE) && f->max_bytes < 0))
		mask &= ~(uint64_t)MASK_SIZES;
	return mask;
}

/* The GET_AT argument: position 0 and the filter, every other byte 0. */
static void ioctl_fill_get_at(struct ioctl_priv *ip, const struct filter *f)
{
	const struct ioctl_layout *l = ip->layout;
	struct allocinfo_filter u;
	uint64_t mask = ioctl_kernel_mask(l, f);
	char *ga = (char *)ip->get_at;

	memset(ip->get_at, 0, sizeof(ip->get_at));
	if (!l->mask)
		return;
	filter_to_uapi(f, &u);
	put_u64(ga, GA_MASK, mask);
	if (mask & ALLOCINFO_FILTER_MASK_MODNAME)
		memcpy(ga + GA_FIELDS + REC_MODNAME, u.fields.modname,
		       ALLOCINFO_STR_SIZE);
	if (mask & ALLOCINFO_FILTER_MASK_FUNCTION)
		memcpy(ga + GA_FIELDS + REC_FUNCTION, u.fields.function,
		       ALLOCINFO_STR_SIZE);
	if (mask & ALLOCINFO_FILTER_MASK_FILENAME)
		memcpy(ga + GA_FIELDS + REC_FILENAME, u.fields.filename,
		       ALLOCINFO_STR_SIZE);
	if (mask & ALLOCINFO_FILTER_MASK_LINENO)
		put_u64(ga, GA_FIELDS + REC_LINENO, u.fields.lineno);
	if (mask & ALLOCINFO_FILTER_MASK_INACCURATE)
		put_u64(ga, l->inaccurate_off, u.fields.inaccurate);
	if (mask & ALLOCINFO_FILTER_MASK_MIN_SIZE)
		put_u64(ga, l->min_off, u.min_size);
	if (mask & ALLOCINFO_FILTER_MASK_MAX_SIZE)
		put_u64(ga, l->max_off, u.max_size);
}

/* Is the name the kernel put at raw the one decoded into name? */
static bool ioctl_name_eq(const char *name, const void *rec, size_t off)
{
	const char *raw = (const char *)rec + off;
	size_t n = strlen(name);

	return n < ALLOCINFO_STR_SIZE && !memcmp(raw, name, n) &&
	       (n == ALLOCINFO_STR_SIZE - 1 || !raw[n]);
}

/* Decode one record and keep it when it passes the whole filter. */
static void ioctl_add(struct source *src, struct sample *s, const void *d)
{
	struct ioctl_priv *ip = src->priv;
	const struct ioctl_layout *l = ip->layout;
	char module[ALLOCINFO_STR_SIZE], function[ALLOCINFO_STR_SIZE];
	char file[ALLOCINFO_STR_SIZE];
	struct sample_slot *slot = NULL;
	struct rec tmp, *r = &tmp;
	uint32_t prev = 0;

	if (ip->cached) {
		struct sample_cache *c = &ip->cache;
		bool known = ip->k < c->nslots;

		slot = sample_cache_slot(c, ip->k);
		r = &c->recs[ip->k];
		if (known && r->line == get_u64(d, REC_LINENO) &&
		    ioctl_name_eq(r->function, d, REC_FUNCTION) &&
		    ioctl_name_eq(r->file, d, REC_FILENAME) &&
		    ioctl_name_eq(r->module, d, REC_MODNAME)) {
			/* The same tag as last time: only the counters moved. */
			prev = slot->index;
		} else {
			get_name(module, d, REC_MODNAME);
			get_name(function, d, REC_FUNCTION);
			get_name(file, d, REC_FILENAME);
			r->module = sample_cache_strndup(c, module,
							 strlen(module));
			r->function = sample_cache_strndup(c, function,
							   strlen(function));
			r->file = sample_cache_strndup(c, file, strlen(file));
			r->line = get_u64(d, REC_LINENO);
		}
		slot->index = 0;
		ip->k++;
	} else {
		get_name(module, d, REC_MODNAME);
		get_name(function, d, REC_FUNCTION);
		get_name(file, d, REC_FILENAME);
		tmp.module = module;
		tmp.function = function;
		tmp.file = file;
		tmp.line = get_u64(d, REC_LINENO);
	}
	r->bytes = (int64_t)get_u64(d, l->counter_off + CNT_BYTES);
	r->calls = get_u64(d, l->counter_off + CNT_CALLS);
	r->accurate = ((const unsigned char *)d)[l->counter_off +
						CNT_ACCURATE] != 0;
	r->same = prev;
	if (!filter_match(&src->filter, r)) {
		/* The records so far become the sample's own (see parse). */
		if (slot && ip->lend) {
			sample_cache_lend(&ip->cache, s, ip->k - 1);
			sample_reserve(s, ip->k - 1);
			ip->lend = false;
		}
		return;
	}
	if (slot) {
		if (!ip->lend)
			sample_push(s, r);
		if ((ip->lend ? ip->k : s->nrecs) <= SAMPLE_SLOT_INDEX_MAX)
			slot->index = (uint32_t)(ip->lend ? ip->k : s->nrecs);
		return;
	}
	r = sample_add(s);
	*r = tmp;
	r->module = sample_strndup(s, module, strlen(module));
	r->function = sample_strndup(s, function, strlen(function));
	r->file = sample_strndup(s, file, strlen(file));
}

/*
 * One pass over every matching tag.  It ends at the first ENOENT: some
 * kernels wrap around to the first tag on the GET_NEXT after it, so there
 * is never a GET_NEXT after an ENOENT, and a kernel that never says ENOENT
 * meets the record bound.
 */
static int ioctl_enumerate(struct source *src, struct sample *s)
{
	struct ioctl_priv *ip = src->priv;
	const struct ioctl_layout *l = ip->layout;
	unsigned long n = 1;
	int err;

	ioctl_fill_get_at(ip, &src->filter);
	err = ioctl_call(src, ALLOCINFO_GET_AT_NR(l->get_at_size),
			 ip->get_at);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	ioctl_add(src, s, (const char *)ip->get_at + l->data_off);
	for (;;) {
		err = ioctl_call(src, ALLOCINFO_GET_NEXT_NR(l->rec_size),
				 ip->data);
		if (err == -ENOENT)
			return 0;
		if (err)
			return err;
		if (++n > ip->max_records)
			return -EOVERFLOW;
		ioctl_add(src, s, ip->data);
	}
}

void source_ioctl_set_max_records(struct source *src, unsigned long n)
{
	struct ioctl_priv *ip = src->priv;

	if (ip && src->ops == &source_ioctl_ops)
		ip->max_records = n;
}

static int ioctl_read(struct source *src, struct sample *s)
{
	uint64_t before, after;
	unsigned int tries;
	int err;

	struct ioctl_priv *ip = src->priv;

	for (tries = 0; tries <= src->max_retries; tries++) {
		sample_clear(s);
		s->origin = ORIGIN_IOCTL;
		s->time = source_now();
		/* A single read (--once) keeps nothing for a next. */
		ip->cached = !src->once;
		ip->lend = true;
		ip->k = 0;
		if (ip->cached)
			sample_cache_begin(&ip->cache, s);
		err = ioctl_content_id(src, &before);
		if (!err)
			err = ioctl_enumerate(src, s);
		if (!err)
			err = ioctl_content_id(src, &after);
		if (ip->cached && ip->lend)
			sample_cache_lend(&ip->cache, s, ip->k);
		if (ip->cached)
			sample_cache_end(&ip->cache, s, ip->k,
					 !err && before == after);
		if (err) {
			source_set_error(src, "%s: ioctl: %s", src->path,
					 err == -EOVERFLOW ?
					 "GET_NEXT never reached the end" :
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
	sample_cache_fini(&ip->cache);
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
