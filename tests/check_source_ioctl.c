// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl source against the in-process double of the kernel
 * (kdouble.c): enumeration, the filter it sends, content id changes,
 * errors and the fallback to text; and the same rows as the text source
 * for the same filter on the real dumps.  The first case checks the
 * double itself against doc/kernel-interface.md.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdouble.h"
#include "model.h"
#include "parse.h"
#include "source.h"
#include "source_ioctl.h"
#include "testutil.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static struct kdouble kd;
static struct source src;
static struct sample s;

static void ioctl_setup(void)
{
	kdouble_init(&kd);
	memset(&src, 0, sizeof(src));
	sample_init(&s);
}

static void ioctl_teardown(void)
{
	source_close(&src);
	sample_fini(&s);
	/* Every descriptor the source opened, it closed. */
	ck_assert_uint_eq(kd.n_open - (kd.open_errno ? kd.n_open : 0),
			  kd.n_close);
	kdouble_fini(&kd);
	test_tmpdir_remove();
}

/* Five tags: two in modules, one inaccurate, one negative. */
static void kd_small(void)
{
	kdouble_add(&kd, NULL, "mm/slub.c", 10, "alloc_slab_page", 4096, 1,
		    true);
	kdouble_add(&kd, "ext4", "fs/ext4/super.c", 20, "ext4_fill_super",
		    100, 2, true);
	kdouble_add(&kd, "", "mm/percpu.c", 30, "pcpu_alloc", -64, 0, false);
	kdouble_add(&kd, "xfs", "fs/xfs/xfs_buf.c", 10, "xfs_buf_alloc",
		    8192, 3, true);
	kdouble_add(&kd, NULL, "mm/slub.c", 12, "alloc_slab_page", 0, 0,
		    true);
}

static int open_ioctl(enum source_kind kind, const char *path,
		      const struct filter *f)
{
	return source_open(&src, kind, path, f, kdouble_sys(&kd));
}

/* --- the double itself --- */

static int kd_get_at(uint64_t pos, const struct allocinfo_filter *f,
		     struct allocinfo_get_at *ga)
{
	memset(ga, 0, sizeof(*ga));
	ga->pos = pos;
	if (f)
		ga->filter = *f;
	return kdouble_ioctl(kd.fd, ALLOCINFO_IOC_GET_AT, ga) ? -errno : 0;
}

static int kd_next(struct allocinfo_tag_data *d)
{
	memset(d, 0xAA, sizeof(*d));
	return kdouble_ioctl(kd.fd, ALLOCINFO_IOC_GET_NEXT, d) ? -errno : 0;
}

START_TEST(test_kdouble_cursor)
{
	const struct source_sys *sys;
	struct allocinfo_get_at ga;
	struct allocinfo_tag_data d;
	struct allocinfo_filter f;

	kd_small();
	sys = kdouble_sys(&kd);
	ck_assert_int_ge(sys->open("/proc/allocinfo", 0), 0);
	/* A fresh file: GET_NEXT gives the first tag. */
	ck_assert_int_eq(kd_next(&d), 0);
	ck_assert_str_eq(d.tag.filename, "mm/slub.c");
	ck_assert_uint_eq(d.tag.lineno, 10);
	/* GET_AT(pos) counts matches only: the 2nd tag of mm/slub.c. */
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_FILENAME;
	strcpy(f.fields.filename, "mm/slub.c");
	ck_assert_int_eq(kd_get_at(1, &f, &ga), 0);
	ck_assert_uint_eq(ga.data.tag.lineno, 12);
	ck_assert_int_eq(kd_next(&d), -ENOENT);
	ck_assert_int_eq(kd_next(&d), -ENOENT);	/* never wraps */
	/* Line 10: the 1st and the 4th tag. */
	f.mask = ALLOCINFO_FILTER_MASK_LINENO;
	f.fields.lineno = 10;
	ck_assert_int_eq(kd_get_at(0, &f, &ga), 0);
	ck_assert_str_eq(ga.data.tag.function, "alloc_slab_page");
	ck_assert_int_eq(kd_next(&d), 0);
	ck_assert_str_eq(d.tag.function, "xfs_buf_alloc");
	ck_assert_str_eq(d.tag.modname, "xfs");
	ck_assert_int_eq(kd_next(&d), -ENOENT);
	/* Past the matches: ENOENT, and the cursor is at the end. */
	ck_assert_int_eq(kd_get_at(2, &f, &ga), -ENOENT);
	ck_assert_int_eq(kd_next(&d), -ENOENT);
	/* A bad filter: EINVAL, and the cursor is at the end too. */
	ck_assert_int_eq(kd_get_at(0, NULL, &ga), 0);
	f.mask = 0x80;
	ck_assert_int_eq(kd_get_at(0, &f, &ga), -EINVAL);
	ck_assert_int_eq(kd_next(&d), -ENOENT);
	/* EFAULT on GET_NEXT: the same record comes next. */
	ck_assert_int_eq(kd_get_at(0, NULL, &ga), 0);
	kd.next_fail_after = (long)kd.next_ok;
	kd.next_errno = EFAULT;
	ck_assert_int_eq(kd_next(&d), -EFAULT);
	kd.next_fail_after = -1;
	ck_assert_int_eq(kd_next(&d), 0);
	ck_assert_str_eq(d.tag.modname, "ext4");
	/* Unknown commands. */
	ck_assert_int_eq(kdouble_ioctl(kd.fd, 0xA603, &d), -1);
	ck_assert_int_eq(errno, ENOTTY);
	ck_assert_int_eq(sys->close(kd.fd), 0);
}
END_TEST

struct bad_filter {
	uint64_t mask;
	int what;
};

START_TEST(test_kdouble_einval)
{
	struct allocinfo_get_at ga;
	struct allocinfo_filter f;
	int i;

	kd_small();
	ck_assert_int_ge(kdouble_sys(&kd)->open("x", 0), 0);
	for (i = 0; i < 5; i++) {
		memset(&f, 0, sizeof(f));
		switch (i) {
		case 0:
			f.mask = 1ull << 7;
			break;
		case 1:
			f.mask = ALLOCINFO_FILTER_MASK_FUNCTION;
			memset(f.fields.function, 'a', ALLOCINFO_STR_SIZE);
			break;
		case 2:
			f.mask = ALLOCINFO_FILTER_MASK_INACCURATE;
			f.fields.inaccurate = 2;
			break;
		case 3:
			f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE |
				 ALLOCINFO_FILTER_MASK_MAX_SIZE;
			f.min_size = 1;
			f.max_size = (uint64_t)-1;	/* -1 signed */
			break;
		case 4:
			/* Unselected fields are ignored. */
			f.mask = ALLOCINFO_FILTER_MASK_LINENO;
			f.fields.lineno = 10;
			memset(f.fields.function, 'a', ALLOCINFO_STR_SIZE);
			f.fields.inaccurate = 7;
			f.min_size = 5;
			break;
		}
		ck_assert_int_eq(kd_get_at(0, &f, &ga), i < 4 ? -EINVAL : 0);
	}
	ck_assert_int_eq(kd.sys.close(kd.fd), 0);
}
END_TEST

/* Output records: zeroed, names trimmed to their last 63 bytes. */
START_TEST(test_kdouble_output)
{
	char name[101];
	struct allocinfo_tag_data d;
	unsigned char *p = (unsigned char *)&d;
	size_t i;

	for (i = 0; i < 100; i++)
		name[i] = (char)('a' + i % 26);
	name[100] = '\0';
	kdouble_add(&kd, name, name, 5, name, -1, 2, false);
	ck_assert_int_ge(kdouble_sys(&kd)->open("x", 0), 0);
	ck_assert_int_eq(kd_next(&d), 0);
	ck_assert_str_eq(d.tag.modname, name + 37);
	ck_assert_str_eq(d.tag.function, name + 37);
	ck_assert_str_eq(d.tag.filename, name + 37);
	ck_assert_int_eq((int64_t)d.counter.bytes, -1);
	ck_assert_uint_eq(d.counter.accurate, 0);
	ck_assert_uint_eq(d.tag.inaccurate, 0);
	for (i = offsetof(struct allocinfo_tag_data, counter.accurate) + 1;
	     i < sizeof(d); i++)
		ck_assert_uint_eq(p[i], 0);
	ck_assert_int_eq(kd.sys.close(kd.fd), 0);
}
END_TEST

/* --- the ioctl source --- */

START_TEST(test_ioctl_read)
{
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	ck_assert_str_eq(source_name(&src), "ioctl");
	ck_assert(source_is_live(&src));
	ck_assert_uint_eq(source_caps(&src), SOURCE_LIVE | SOURCE_KERNEL_FILTER);
	ck_assert_uint_eq(source_count(&src), 0);
	ck_assert_str_eq(src.path, SOURCE_DEFAULT_PATH);
	kd_small();
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(s.total, 5);
	ck_assert_int_eq(s.origin, ORIGIN_IOCTL);
	ck_assert(s.has_content_id);
	ck_assert_uint_eq(s.content_id, 1000);
	ck_assert_uint_eq(s.retries, 0);
	ck_assert_str_eq(s.recs[0].module, "");
	ck_assert_str_eq(s.recs[1].module, "ext4");
	ck_assert_str_eq(s.recs[2].module, "");
	ck_assert_int_eq(s.recs[2].bytes, -64);
	ck_assert(!s.recs[2].accurate);
	ck_assert_uint_eq(s.recs[3].calls, 3);
	ck_assert_uint_eq(s.recs[4].line, 12);
	ck_assert_double_gt(s.time, 1.7e9);
	/*
	 * One CONTENT_ID and the GET_AT that finds the layout at open, then
	 * two CONTENT_IDs per read: before and after.
	 */
	ck_assert_uint_eq(kd.n_content_id, 3);
	ck_assert_uint_eq(kd.n_get_at, 2);
	ck_assert_uint_eq(kd.n_get_next, 5);
	/* Again: the same. */
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	source_close(&src);
	ck_assert_uint_eq(kd.n_close, 1);
}
END_TEST

/*
 * A record whose names and line are the last read's at its position says
 * so (rec->same), and takes its names from there; one that moved, was
 * renamed or newly filtered does not, and the counters are always read.
 */
START_TEST(test_ioctl_same_records)
{
	struct filter f;
	size_t i;

	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	kd_small();
	ck_assert_int_eq(source_read(&src, &s), 0);
	for (i = 0; i < s.nrecs; i++)
		ck_assert_uint_eq(s.recs[i].same, 0);
	ck_assert_uint_ne(s.id, 0);
	kd.tags[1].bytes = 777;
	free(kd.tags[3].function);
	kd.tags[3].function = strdup("xfs_buf_alloc2");
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_ne(s.base, 0);
	ck_assert_uint_eq(s.recs[0].same, 1);
	ck_assert_uint_eq(s.recs[1].same, 2);
	ck_assert_int_eq(s.recs[1].bytes, 777);
	ck_assert_str_eq(s.recs[1].function, "ext4_fill_super");
	ck_assert_str_eq(s.recs[1].module, "ext4");
	ck_assert_uint_eq(s.recs[2].same, 3);
	ck_assert_uint_eq(s.recs[3].same, 0);
	ck_assert_str_eq(s.recs[3].function, "xfs_buf_alloc2");
	ck_assert_uint_eq(s.recs[4].same, 5);
	ck_assert_uint_eq(s.recs[4].line, 12);
	/* A line moved: not the same tag. */
	kd.tags[4].line = 13;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.recs[3].same, 4);
	ck_assert_uint_eq(s.recs[4].same, 0);
	ck_assert_uint_eq(s.recs[4].line, 13);
	/*
	 * Filtered by the kernel: the records move up, and are found the
	 * slow way once; the index is into the sample as filtered.
	 */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "100", NULL), 0);
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 3);
	ck_assert_str_eq(s.recs[0].file, "mm/slub.c");
	ck_assert_uint_eq(s.recs[0].same, 1);
	ck_assert_uint_eq(s.recs[1].same, 2);
	ck_assert_str_eq(s.recs[2].file, "fs/xfs/xfs_buf.c");
	ck_assert_uint_eq(s.recs[2].same, 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.recs[2].same, 3);
	/* A name as long as the field allows is compared whole. */
	memset(&f, 0, sizeof(f));
	src.filter = f;
	free(kd.tags[0].file);
	kd.tags[0].file = calloc(1, 80);
	memset(kd.tags[0].file, 'a', 70);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(strlen(s.recs[0].file), ALLOCINFO_STR_SIZE - 1);
	ck_assert_uint_eq(s.recs[0].same, 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.recs[0].same, 1);
	kd.tags[0].file[ALLOCINFO_STR_SIZE - 2] = 'b';
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.recs[0].same, 0);
	ck_assert_ptr_nonnull(strchr(s.recs[0].file, 'b'));
}
END_TEST

/*
 * Ingested with the hints or without, the model is the same: every tag,
 * delta and history, over reads that load, unload and change tags.
 */
START_TEST(test_ioctl_same_model)
{
	struct model *a = model_new(60), *b = model_new(60);
	struct sample copy;
	int n;
	size_t i;

	sample_init(&copy);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	kd_small();
	kdouble_add(&kd, NULL, "mm/slub.c", 10, "alloc_slab_page", 1, 1,
		    true);
	for (n = 0; n < 12; n++) {
		kd.tags[n % 6].bytes += 4096 * (n % 3);
		if (n == 5) {
			free(kd.tags[2].function);
			kd.tags[2].function = strdup("pcpu_alloc_noprof");
		}
		ck_assert_int_eq(source_read(&src, &s), 0);
		s.time = 100 + n;
		sample_clear(&copy);
		for (i = 0; i < s.nrecs; i++)
			test_add(&copy, s.recs[i].module, s.recs[i].file,
				 s.recs[i].line, s.recs[i].function,
				 s.recs[i].bytes, s.recs[i].calls,
				 s.recs[i].accurate);
		copy.time = s.time;
		model_ingest(a, &s, false);
		model_ingest(b, &copy, false);
		ck_assert_uint_eq(a->ntags, b->ntags);
		for (i = 0; i < a->ntags; i++) {
			const struct tag *x = a->tags[i], *y = b->tags[i];

			ck_assert_int_eq(model_tag_cmp(x, y), 0);
			ck_assert_int_eq(x->bytes, y->bytes);
			ck_assert_int_eq(x->dbytes, y->dbytes);
			ck_assert_int_eq(x->state, y->state);
			ck_assert_uint_eq(model_history_len(a, x),
					  model_history_len(b, y));
		}
	}
	sample_fini(&copy);
	model_free(a);
	model_free(b);
}
END_TEST

/* The filter reaches the kernel as filter_to_uapi() makes it. */
START_TEST(test_ioctl_filter_sent)
{
	struct allocinfo_filter want;
	struct filter f;

	kd_small();
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_FUNCTION, "alloc_slab_page",
				    NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "1", NULL), 0);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	filter_to_uapi(&f, &want);
	ck_assert(!memcmp(&kd.last_filter, &want, sizeof(want)));
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_uint_eq(s.recs[0].line, 10);
	/* A new filter (set as the sampler sets it) applies to the next read. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "xfs", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "1", NULL), 0);
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	filter_to_uapi(&f, &want);
	ck_assert(!memcmp(&kd.last_filter, &want, sizeof(want)));
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_str_eq(s.recs[0].function, "xfs_buf_alloc");
}
END_TEST

/* An empty match is a valid empty sample, with its content id. */
START_TEST(test_ioctl_empty_match)
{
	struct filter f;

	kd_small();
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_FUNCTION, "no_such_function",
				    NULL), 0);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert(s.has_content_id);
	ck_assert_uint_eq(s.content_id, 1000);
	/* No tags at all, no filter: the same. */
	source_close(&src);
	kdouble_fini(&kd);
	kdouble_init(&kd);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert(s.has_content_id);
}
END_TEST

/* A module loads during the read: read once more, never mix. */
START_TEST(test_ioctl_content_id_once)
{
	kd_small();
	kdouble_hide_from(&kd, 3);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	/* After the probe for the layout, a GET_AT of its own. */
	ck_assert_uint_eq(kd.n_get_at, 1);
	kd.change = KD_ONCE;
	kd.change_on_next = _i ? 2 : 0;	/* during GET_AT, or mid-GET_NEXT */
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.changes, 1);
	ck_assert_uint_eq(kd.n_get_at, 3);
	ck_assert_uint_eq(s.retries, 1);
	ck_assert_uint_eq(src.retries, 1);
	ck_assert_uint_eq(s.content_id, 1001);
	/* All five: the set after the load, not a mix. */
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(s.total, 5);
	ck_assert_str_eq(s.recs[4].file, "mm/slub.c");
	/* The next read needs no retry. */
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.retries, 0);
	ck_assert_uint_eq(src.retries, 1);
}
END_TEST

/* Modules never settle: give up after max_retries repeats. */
START_TEST(test_ioctl_content_id_always)
{
	kd_small();
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	kd.change = KD_ALWAYS;
	src.max_retries = 3;
	ck_assert_int_eq(source_read(&src, &s), -EAGAIN);
	/* The probe at open, then one read and three repeats. */
	ck_assert_uint_eq(kd.n_get_at, 5);
	ck_assert_uint_eq(src.retries, 3);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_ptr_nonnull(strstr(src.error, "modules kept loading"));
	ck_assert_ptr_nonnull(strstr(src.error, "4 tries"));
	/* The default bound. */
	source_close(&src);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	ck_assert_uint_eq(src.max_retries, 8);
	ck_assert_int_eq(source_read(&src, &s), -EAGAIN);
	ck_assert_uint_eq(src.retries, 8);
	/* Once it settles, reads work again. */
	kd.change = KD_STABLE;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
}
END_TEST

/* Errors in the middle of a read: reported, nothing half read kept. */
struct fault_case {
	int get_at_errno;
	long next_after;
	int next_errno;
};

static const struct fault_case fault_cases[] = {
	{ EINVAL, -1, 0 },
	{ EFAULT, -1, 0 },
	{ EIO, -1, 0 },
	{ 0, 0, EFAULT },
	{ 0, 2, EFAULT },
	{ 0, 3, EIO },
	{ 0, 1, EINVAL },
};

START_TEST(test_ioctl_fault)
{
	const struct fault_case *c = &fault_cases[_i];
	int err = c->get_at_errno ? c->get_at_errno : c->next_errno;

	kd_small();
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, "/proc/allocinfo", NULL), 0);
	kd.get_at_errno = c->get_at_errno;
	kd.next_fail_after = c->next_after;
	kd.next_errno = c->next_errno;
	ck_assert_int_eq(source_read(&src, &s), -err);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_ptr_nonnull(strstr(src.error, "/proc/allocinfo"));
	ck_assert_msg(strstr(src.error, strerror(err)), "'%s'", src.error);
	/* The fault passes; the next read is whole. */
	kd.get_at_errno = 0;
	kd.next_fail_after = -1;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
}
END_TEST

/* A filter the kernel refuses (set behind the source's back): EINVAL. */
START_TEST(test_ioctl_einval_filter)
{
	kd_small();
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	src.filter.mask = ALLOCINFO_FILTER_MASKS + 1;
	ck_assert_int_eq(source_read(&src, &s), -EINVAL);
	ck_assert_uint_eq(s.nrecs, 0);
	/* And source_open refuses min > max before asking the kernel. */
	source_close(&src);
	{
		struct filter f;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE |
			 ALLOCINFO_FILTER_MASK_MAX_SIZE;
		f.min_bytes = 2;
		f.max_bytes = 1;
		ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, &f), -EINVAL);
		ck_assert_ptr_nonnull(strstr(src.error, "min-bytes"));
	}
}
END_TEST

/* EINTR is retried without the caller seeing it. */
START_TEST(test_ioctl_eintr)
{
	kd_small();
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	kd.eintr = 3;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(kd.eintr, 0);
}
END_TEST

/* No ioctl (ENOTTY): auto reads the same path as text; ioctl says so. */
START_TEST(test_ioctl_enotty)
{
	const char *path = test_data_path(TINY_DUMP);
	char *p = strdup(path);

	kd.content_id_errno = ENOTTY;
	ck_assert_int_eq(open_ioctl(SOURCE_AUTO, p, NULL), 0);
	ck_assert_str_eq(source_name(&src), "text");
	ck_assert(src.fell_back);
	ck_assert_str_eq(src.path, p);
	/* The batch reader and the ioctl reader each tried the file. */
	ck_assert_uint_eq(kd.n_open, 2);
	ck_assert_uint_eq(kd.n_close, 2);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, TINY_TAGS);
	ck_assert_int_eq(s.origin, ORIGIN_TEXT);
	ck_assert(!s.has_content_id);
	source_close(&src);

	/* The fallback keeps the filter. */
	{
		struct filter f;

		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(filter_set(&f, FILTER_FILE, "mm/slub.c",
					    NULL), 0);
		ck_assert_int_eq(open_ioctl(SOURCE_AUTO, p, &f), 0);
		ck_assert_str_eq(source_name(&src), "text");
		ck_assert_int_eq(source_read(&src, &s), 0);
		ck_assert_uint_gt(s.nrecs, 0);
		ck_assert_uint_lt(s.nrecs, TINY_TAGS);
		ck_assert_str_eq(s.recs[0].file, "mm/slub.c");
		ck_assert_str_eq(s.recs[s.nrecs - 1].file, "mm/slub.c");
		source_close(&src);
	}

	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, p, NULL), -ENOTTY);
	ck_assert_ptr_null(src.ops);
	ck_assert_ptr_nonnull(strstr(src.error, "no allocinfo ioctl"));
	ck_assert_ptr_nonnull(strstr(src.error, p));
	ck_assert_uint_eq(kd.n_close, 5);
	free(p);
}
END_TEST

/* Other CONTENT_ID errors do not fall back. */
START_TEST(test_ioctl_content_id_error)
{
	kd.content_id_errno = EIO;
	ck_assert_int_eq(open_ioctl(SOURCE_AUTO, NULL, NULL), -EIO);
	ck_assert_ptr_null(src.ops);
	ck_assert_ptr_nonnull(strstr(src.error, strerror(EIO)));
}
END_TEST

/* The file is root-only: say so, and how to run it. */
START_TEST(test_ioctl_eacces)
{
	enum source_kind kind = _i ? SOURCE_AUTO : SOURCE_IOCTL;

	kd.open_errno = EACCES;
	ck_assert_int_eq(open_ioctl(kind, NULL, NULL), -EACCES);
	ck_assert_ptr_null(src.ops);
	ck_assert_ptr_nonnull(strstr(src.error, "/proc/allocinfo"));
	ck_assert_ptr_nonnull(strstr(src.error, "root"));
	ck_assert_ptr_nonnull(strstr(src.error, "0400"));
	ck_assert_ptr_nonnull(strstr(src.error, "sudo"));
}
END_TEST

START_TEST(test_ioctl_enoent)
{
	kd.open_errno = ENOENT;
	ck_assert_int_eq(open_ioctl(SOURCE_AUTO, NULL, NULL), -ENOENT);
	ck_assert_ptr_nonnull(strstr(src.error, "CONFIG_MEM_ALLOC_PROFILING"));
}
END_TEST

/* --- the ioctl source and the text source agree --- */

/* Filters as the command line gives them: field=value ... */
static const char *const same_filters[] = {
	"",
	"module=",
	"module=nope",
	"function=alloc_slab_page",
	"file=mm/slub.c",
	"line=94",
	"file=drivers/iommu/intel/../iommu-pages.h line=94",
	"min-bytes=4K",
	"max-bytes=0",
	"min-bytes=0 max-bytes=0",
	"min-bytes=1 max-bytes=64K",
	"inaccurate=no",
	"inaccurate=yes",
	"function=fill_files_note file=fs/binfmt_elf.c",
	"function=no_such_function",
	"module= min-bytes=1M inaccurate=no",
};

static void filter_from(struct filter *f, const char *spec)
{
	char buf[256], *tok, *save;

	memset(f, 0, sizeof(*f));
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		int i;

		*eq = '\0';
		for (i = 0; i < FILTER_NFIELDS; i++)
			if (!strcmp(tok, filter_field_name(i)))
				break;
		ck_assert_int_lt(i, FILTER_NFIELDS);
		ck_assert_int_eq(filter_set(f, i, eq + 1, NULL), 0);
	}
}

/* Read path through the text source and through the double; compare. */
static void compare_sources(const char *path, const struct filter *f,
			    const char *what, size_t *matched)
{
	struct source text;
	struct sample t;
	size_t i;

	memset(&text, 0, sizeof(text));
	sample_init(&t);
	ck_assert_int_eq(source_open(&text, SOURCE_TEXT, path, f, NULL), 0);
	ck_assert_int_eq(source_read(&text, &t), 0);
	ck_assert_int_eq(filter_check(f), 0);
	src.filter = *f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_msg(s.nrecs == t.nrecs, "%s: ioctl %zu rows, text %zu",
		      what, s.nrecs, t.nrecs);
	for (i = 0; i < s.nrecs; i++) {
		const struct rec *a = &s.recs[i], *b = &t.recs[i];

		ck_assert_str_eq(a->module, filter_name_suffix(b->module));
		ck_assert_str_eq(a->function, filter_name_suffix(b->function));
		ck_assert_str_eq(a->file, filter_name_suffix(b->file));
		ck_assert_uint_eq(a->line, b->line);
		ck_assert_int_eq(a->bytes, b->bytes);
		ck_assert_uint_eq(a->calls, b->calls);
		ck_assert_int_eq(a->accurate, b->accurate);
		ck_assert(filter_match(f, b));
	}
	*matched = s.nrecs;
	source_close(&text);
	sample_fini(&t);
}

static void load_file(const char *path)
{
	struct sample x;
	struct parse_error err;
	size_t len;
	char *buf = test_read_file(path, &len);

	sample_init(&x);
	ck_assert_int_eq(parse_text(&x, buf, len, 1, NULL, NULL, &err), 0);
	kdouble_add_sample(&kd, &x);
	sample_fini(&x);
	free(buf);
}

START_TEST(test_ioctl_same_as_text_dumps)
{
	const char *path = test_data_path(_i ? DEFCONFIG_DUMP : TINY_DUMP);
	char *p = strdup(path);
	size_t i, n, none = 0;

	load_file(p);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, p, NULL), 0);
	for (i = 0; i < N(same_filters); i++) {
		struct filter f;

		filter_from(&f, same_filters[i]);
		compare_sources(p, &f, same_filters[i], &n);
		if (!i)
			none = n;
		else
			ck_assert_uint_le(n, none);
	}
	ck_assert_uint_eq(none, _i ? DEFCONFIG_TAGS : TINY_TAGS);
	free(p);
}
END_TEST

/* Long names, modules, negatives, accurate:no: ioctl names are trimmed. */
START_TEST(test_ioctl_same_as_text_long)
{
	static const char *const filters[] = {
		"",
		"module=",
		"module=a_module_with_a_name_that_is_longer_than_sixty_three_bytes_in_all",
		"module=module_with_a_name_that_is_longer_than_sixty_three_bytes_in_all",
		"module=odule_with_a_name_that_is_longer_than_sixty_three_bytes_in_all",
		"module=a_module_with_a_name_that_is_longer_than_sixty_three_byte",
		"file=samples/allocmod/allocmod.c",
		"function=a_very_long_function_name_that_goes_on_and_on_past_the_limit_of_the_kernel",
		"inaccurate=yes",
		"max-bytes=0",
		"min-bytes=1",
	};
	const char *path = test_tmp_path("long.txt");
	const char *text =
		"allocinfo - version: 2.0\n"
		"#     <size>  <calls> <tag info>\n"
		"       20480        5 samples/allocmod/allocmod.c:31 [allocmod] func:allocmod_alloc_chunk \n"
		"        8192        1 samples/allocmod/allocmod.c:26 [allocmod] func:allocmod_init_buf \n"
		"       -4096        1 mm/percpu.c:1 func:pcpu_alloc accurate:no \n"
		"          64        1 /home/someone/src/out-of-tree/modules/with/a/deep/path/to/the/source/file.c:7 [a_module_with_a_name_that_is_longer_than_sixty_three_bytes_in_all] func:a_very_long_function_name_that_goes_on_and_on_past_the_limit_of_the_kernel \n"
		"           0        0 /elsewhere/modules/with/a/deep/path/to/the/source/file.c:7 [another_module_with_a_name_that_is_longer_than_sixty_three_bytes_in_all] func:f accurate:no \n"
		"           1        1 mm/slub.c:1 func:f \n";
	size_t i, n;

	test_write_file(path, text, strlen(text), false);
	load_file(path);
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, path, NULL), 0);
	for (i = 0; i < N(filters); i++) {
		struct filter f;
		/* The two long module names share their last 63 bytes. */
		static const size_t want[] = { 6, 2, 2, 2, 0, 0, 2, 1, 2, 2, 4 };

		filter_from(&f, filters[i]);
		compare_sources(path, &f, filters[i], &n);
		ck_assert_msg(n == want[i], "%s: %zu rows, want %zu",
			      filters[i], n, want[i]);
	}
	/* The ioctl's names are the last 63 bytes. */
	src.filter.mask = 0;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(strlen(s.recs[3].module), 63);
	ck_assert_str_eq(s.recs[3].module,
			 "module_with_a_name_that_is_longer_than_sixty_three_bytes_in_all");
	ck_assert_str_eq(s.recs[3].module, s.recs[4].module);
	ck_assert_uint_eq(strlen(s.recs[3].file), 63);
	ck_assert_uint_eq(strlen(s.recs[3].function), 63);
}
END_TEST

/* --- the published layouts and their semantics --- */

static const char *const layout_names[] = {
	"v3", "mm", "mm-tag", "mm-names", "mm-nofilter",
};

/* What the text source's rules give for a filter over kd's tags. */
static size_t expected_rows(const struct filter *f, struct sample *want)
{
	size_t i;

	sample_clear(want);
	for (i = 0; i < kd.ntags; i++) {
		const struct kd_tag *t = &kd.tags[i];
		struct rec r = {
			.module = t->module ? t->module : "",
			.function = t->function ? t->function : "",
			.file = t->file ? t->file : "",
			.line = t->line,
			.bytes = t->bytes,
			.calls = t->calls,
			.accurate = t->accurate,
		};

		if (filter_match(f, &r))
			*sample_add(want) = r;
	}
	return want->nrecs;
}

static const char *const layout_filters[] = {
	"",
	"function=alloc_slab_page",
	"file=mm/slub.c",
	"module=",
	"line=10",
	"inaccurate=yes",
	"inaccurate=no",
	"min-bytes=1",
	"max-bytes=100",
	"max-bytes=0",
	"min-bytes=0 max-bytes=0",
	"module=ext4 min-bytes=100 max-bytes=100",
};

/*
 * Every layout, with our semantics (_i even) or those of the series as
 * posted (_i odd): the same rows as the filter's own rules give, and the
 * header says which layout.
 */
START_TEST(test_ioctl_layouts)
{
	size_t i, j;
	struct sample want;

	sample_init(&want);
	kd.abi = (enum kd_abi)(_i / 2);
	kd.posted = _i % 2;
	kd_small();
	/* A tag without function and file names: never a name match. */
	kdouble_add(&kd, NULL, NULL, 10, NULL, 256, 1, true);
	ck_assert_int_eq(open_ioctl(SOURCE_AUTO, NULL, NULL), 0);
	ck_assert_str_eq(source_name(&src), "ioctl");
	ck_assert_ptr_nonnull(strstr(src.detail, layout_names[_i / 2]));
	ck_assert_uint_eq(strlen(src.detail),
			  strlen(layout_names[_i / 2]) + strlen(" layout"));
	for (i = 0; i < N(layout_filters); i++) {
		struct filter f;

		filter_from(&f, layout_filters[i]);
		src.filter = f;
		ck_assert_int_eq(source_read(&src, &s), 0);
		expected_rows(&f, &want);
		ck_assert_msg(s.nrecs == want.nrecs, "%s, %s: %zu rows, want %zu",
			      layout_names[_i / 2], layout_filters[i], s.nrecs,
			      want.nrecs);
		for (j = 0; j < s.nrecs; j++) {
			ck_assert_str_eq(s.recs[j].module, want.recs[j].module);
			ck_assert_str_eq(s.recs[j].function,
					 want.recs[j].function);
			ck_assert_str_eq(s.recs[j].file, want.recs[j].file);
			ck_assert_uint_eq(s.recs[j].line, want.recs[j].line);
			ck_assert_int_eq(s.recs[j].bytes, want.recs[j].bytes);
			ck_assert_uint_eq(s.recs[j].calls, want.recs[j].calls);
			ck_assert_int_eq(s.recs[j].accurate,
					 want.recs[j].accurate);
		}
	}
	ck_assert_uint_gt(kd.n_get_next, 0);
	sample_fini(&want);
}
END_TEST

/* The kernel filters what it can; never what it would get wrong. */
START_TEST(test_ioctl_layout_mask_sent)
{
	struct filter f;

	kd_small();
	kd.abi = KD_ABI_MM;
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	filter_from(&f, "module=ext4 inaccurate=no min-bytes=1 max-bytes=200");
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.last_filter.mask, f.mask);
	ck_assert_uint_eq(kd.last_filter.fields.inaccurate, 0);
	ck_assert_uint_eq(kd.last_filter.min_size, 1);
	ck_assert_uint_eq(kd.last_filter.max_size, 200);
	ck_assert_str_eq(kd.last_filter.fields.modname, "ext4");
	ck_assert_uint_eq(s.nrecs, 1);
	/* A maximum alone, or a negative minimum: sizes stay here. */
	filter_from(&f, "max-bytes=200");
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.last_filter.mask, 0);
	ck_assert_uint_eq(s.nrecs, 3);
	filter_from(&f, "min-bytes=1 max-bytes=200 line=30");
	f.min_bytes = -64;
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.last_filter.mask, ALLOCINFO_FILTER_MASK_LINENO);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_int_eq(s.recs[0].bytes, -64);
	/* The inaccurate bit goes where this layout keeps it. */
	filter_from(&f, "inaccurate=yes");
	src.filter = f;
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.last_filter.mask, ALLOCINFO_FILTER_MASK_INACCURATE);
	ck_assert_uint_eq(kd.last_filter.fields.inaccurate, 1);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_str_eq(s.recs[0].function, "pcpu_alloc");
	/* A layout without sizes gets names and lines only. */
	source_close(&src);
	kd.abi = KD_ABI_MM_NAMES;
	filter_from(&f, "file=mm/slub.c min-bytes=1");
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, &f), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(kd.last_filter.mask, ALLOCINFO_FILTER_MASK_FILENAME);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_uint_eq(s.recs[0].line, 10);
}
END_TEST

/*
 * A kernel that wraps after ENOENT gives each tag once; one that never says
 * ENOENT ends the read with an error instead of looping forever.
 */
START_TEST(test_ioctl_layout_wrap)
{
	kd_small();
	kd.abi = KD_ABI_MM;
	kd.posted = true;
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, NULL, NULL), 0);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(kd.n_get_next, 5);
	ck_assert_int_eq(source_read(&src, &s), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(kd.n_get_next, 10);
	kd.endless = true;
	source_ioctl_set_max_records(&src, 1000);
	ck_assert_int_eq(source_read(&src, &s), -EOVERFLOW);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_uint_eq(kd.n_get_next, 10 + 1000);
	ck_assert_ptr_nonnull(strstr(src.error, "never reached the end"));
}
END_TEST

/* A kernel of none of the layouts: ENOTTY, and auto falls back to text. */
START_TEST(test_ioctl_layout_unknown)
{
	const char *path = test_data_path(TINY_DUMP);
	char *p = strdup(path);

	kd.abi = (enum kd_abi)99;
	ck_assert_int_eq(open_ioctl(SOURCE_IOCTL, p, NULL), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(src.error, "known layout"));
	/* CONTENT_ID worked, then one GET_AT per layout. */
	ck_assert_uint_eq(kd.n_content_id, 1);
	ck_assert_int_eq(open_ioctl(SOURCE_AUTO, p, NULL), 0);
	ck_assert_str_eq(source_name(&src), "text");
	ck_assert_str_eq(src.detail, "");
	free(p);
}
END_TEST

Suite *source_ioctl_suite(void)
{
	Suite *s = suite_create("source_ioctl");
	TCase *tc = tcase_create("double");

	tcase_add_checked_fixture(tc, ioctl_setup, ioctl_teardown);
	tcase_add_test(tc, test_kdouble_cursor);
	tcase_add_test(tc, test_kdouble_einval);
	tcase_add_test(tc, test_kdouble_output);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, ioctl_setup, ioctl_teardown);
	tcase_add_test(tc, test_ioctl_read);
	tcase_add_test(tc, test_ioctl_same_records);
	tcase_add_test(tc, test_ioctl_same_model);
	tcase_add_test(tc, test_ioctl_filter_sent);
	tcase_add_test(tc, test_ioctl_empty_match);
	tcase_add_loop_test(tc, test_ioctl_content_id_once, 0, 2);
	tcase_add_test(tc, test_ioctl_content_id_always);
	tcase_add_loop_test(tc, test_ioctl_fault, 0, N(fault_cases));
	tcase_add_test(tc, test_ioctl_einval_filter);
	tcase_add_test(tc, test_ioctl_eintr);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, ioctl_setup, ioctl_teardown);
	tcase_add_test(tc, test_ioctl_enotty);
	tcase_add_test(tc, test_ioctl_content_id_error);
	tcase_add_loop_test(tc, test_ioctl_eacces, 0, 2);
	tcase_add_test(tc, test_ioctl_enoent);
	suite_add_tcase(s, tc);

	tc = tcase_create("same_as_text");
	tcase_add_checked_fixture(tc, ioctl_setup, ioctl_teardown);
	tcase_add_loop_test(tc, test_ioctl_same_as_text_dumps, 0, 2);
	tcase_add_test(tc, test_ioctl_same_as_text_long);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("layouts");
	tcase_add_checked_fixture(tc, ioctl_setup, ioctl_teardown);
	tcase_add_loop_test(tc, test_ioctl_layouts, 0, 2 * N(layout_names));
	tcase_add_test(tc, test_ioctl_layout_mask_sent);
	tcase_add_test(tc, test_ioctl_layout_wrap);
	tcase_add_test(tc, test_ioctl_layout_unknown);
	suite_add_tcase(s, tc);
	return s;
}
