// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance test of ALLOCINFO_IOC_BATCH (doc/kernel-interface.md): the
 * batched walk against the text file and against GET_AT/GET_NEXT, for every
 * filter; resuming across module loads and unloads; tiny buffers; the
 * checks on flags, reserved fields and sizes; zeroed output bytes.
 *
 * usage: alloc_tag_batch_test [-m MODULE_DIR]
 *
 * The module tests load alloc_long.ko and alloc_grow2.ko from MODULE_DIR
 * (default /modules); without them those tests are skipped.  alloc_odd.ko,
 * when there, brings an inaccurate tag and one of negative bytes, which the
 * inaccurate and signed filters must then return.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/alloc_tag.h>

#include "kselftest.h"
#include "alloc_tag_modules.h"

#define ALLOCINFO "/proc/allocinfo"
#define V3_NAME (ALLOCINFO_STR_SIZE - 1)
#define NAME_LEN 512

/* The batch layout, the same under -m32 (the compat path passes it as is). */
_Static_assert(sizeof(struct allocinfo_batch_filter) == 64, "batch_filter");
_Static_assert(sizeof(struct allocinfo_batch_cursor) == 24, "cursor");
_Static_assert(sizeof(struct allocinfo_record) == 32, "record");
_Static_assert(sizeof(struct allocinfo_name) == 32, "name");
_Static_assert(sizeof(struct allocinfo_batch) == ALLOCINFO_BATCH_SIZE_VER0,
	       "batch");
_Static_assert(offsetof(struct allocinfo_batch, records) == 72, "records");
_Static_assert(offsetof(struct allocinfo_batch, nr_records) == 88, "nr");
_Static_assert(offsetof(struct allocinfo_batch, cursor) == 96, "cursor");
_Static_assert(offsetof(struct allocinfo_batch, out_flags) == 120, "out");
_Static_assert(ALLOCINFO_IOC_BATCH == 0xC080A603u, "BATCH number");

/*
 * The one-tag filter the batch is compared with: v3's, or with
 * -DALLOCINFO_LAYOUT_MM the mm tree's, whose inaccurate criterion sits at
 * the end of the filter.  The batch is the same in both.
 */
#ifdef ALLOCINFO_LAYOUT_MM
#define FILTER_INACCURATE(f) ((f)->inaccurate)
#else
#define FILTER_INACCURATE(f) ((f)->fields.inaccurate)
#endif

/* One tag: from the text file, a batch (with names) or GET_NEXT. */
struct rec {
	uint64_t id;
	char mod[ALLOCINFO_STR_SIZE];
	char func[NAME_LEN];
	char file[NAME_LEN];
	uint64_t line;
	int64_t bytes;
	uint64_t calls;
	bool accurate;
};

struct dump {
	struct rec *r;
	size_t n, cap;
};

static int fd = -1;
static struct allocinfo_record *recbuf;
static char *namebuf;
#define RECBUF_N 65536
#define NAMEBUF_SIZE (16 << 20)

#define EXPECT(cond, ...) do {						\
	if (!(cond) && bad++ < 10)					\
		ksft_print_msg(__VA_ARGS__);				\
} while (0)

static void dump_free(struct dump *d)
{
	free(d->r);
	memset(d, 0, sizeof(*d));
}

static struct rec *dump_add(struct dump *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->r = realloc(d->r, d->cap * sizeof(*d->r));
		if (!d->r)
			ksft_exit_fail_msg("out of memory\n");
	}
	memset(&d->r[d->n], 0, sizeof(d->r[0]));
	return &d->r[d->n++];
}

static void suffix(char *dst, const char *src)
{
	size_t len = strlen(src);

	if (len > V3_NAME) {
		src += len - V3_NAME;
		len = V3_NAME;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Same tag; v3 compares names after the 63-byte suffix rule. */
static bool same_tag(const struct rec *a, const struct rec *b, bool v3)
{
	char x[ALLOCINFO_STR_SIZE], y[ALLOCINFO_STR_SIZE];

	if (strcmp(a->mod, b->mod) || a->line != b->line)
		return false;
	if (!v3)
		return !strcmp(a->func, b->func) && !strcmp(a->file, b->file);
	suffix(x, a->func);
	suffix(y, b->func);
	if (strcmp(x, y))
		return false;
	suffix(x, a->file);
	suffix(y, b->file);
	return !strcmp(x, y);
}

static const char *rec_str(const struct rec *r)
{
	static char buf[4][NAME_LEN * 2 + 128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s:%" PRIu64 " [%s] %s %" PRId64
		 "/%" PRIu64 "%s", r->file, r->line, r->mod, r->func, r->bytes,
		 r->calls, r->accurate ? "" : " accurate:no");
	return buf[i];
}

static bool text_parse_line(char *line, struct rec *r)
{
	char *save, *tok, *colon, *end;

	tok = strtok_r(line, " \t", &save);
	if (!tok || !(*tok == '-' || (*tok >= '0' && *tok <= '9')))
		return false;
	r->bytes = strtoll(tok, &end, 10);
	if (*end)
		return false;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		return false;
	r->calls = strtoull(tok, &end, 10);
	if (*end)
		return false;
	tok = strtok_r(NULL, " \t", &save);
	colon = tok ? strrchr(tok, ':') : NULL;
	if (!colon)
		return false;
	*colon = '\0';
	r->line = strtoull(colon + 1, NULL, 10);
	snprintf(r->file, sizeof(r->file), "%s", tok);
	r->accurate = true;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		size_t len = strlen(tok);

		if (tok[0] == '[' && tok[len - 1] == ']') {
			tok[len - 1] = '\0';
			snprintf(r->mod, sizeof(r->mod), "%s", tok + 1);
		} else if (!strncmp(tok, "func:", 5)) {
			snprintf(r->func, sizeof(r->func), "%s", tok + 5);
		} else if (!strcmp(tok, "accurate:no")) {
			r->accurate = false;
		}
	}
	return true;
}

static int text_read(struct dump *d)
{
	size_t len = 0, cap = 1 << 20;
	char *buf = malloc(cap), *line, *save;
	ssize_t got;
	int tfd;

	tfd = open(ALLOCINFO, O_RDONLY);
	if (tfd < 0 || !buf) {
		free(buf);
		return -errno;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				ksft_exit_fail_msg("out of memory\n");
		}
		got = read(tfd, buf + len, cap - len - 1);
		if (got < 0) {
			close(tfd);
			free(buf);
			return -errno;
		}
		if (!got)
			break;
		len += got;
	}
	close(tfd);
	buf[len] = '\0';
	dump_free(d);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!text_parse_line(line, dump_add(d)))
			d->n--;
	}
	free(buf);
	return 0;
}

static int content_id(uint64_t *id)
{
	struct allocinfo_content_id c;

	if (ioctl(fd, ALLOCINFO_IOC_CONTENT_ID, &c))
		return -errno;
	*id = c.id;
	return 0;
}

/* Every match of a v3 filter: GET_AT(0), then GET_NEXT until ENOENT. */
static int v3_list(const struct allocinfo_filter *f, struct dump *d)
{
	struct allocinfo_get_at g;
	struct allocinfo_tag_data *t = &g.data;
	int ret;

	dump_free(d);
	memset(&g, 0, sizeof(g));
	if (f)
		g.filter = *f;
	ret = ioctl(fd, ALLOCINFO_IOC_GET_AT, &g);
	while (!ret) {
		struct rec *r = dump_add(d);

		snprintf(r->mod, sizeof(r->mod), "%s", t->tag.modname);
		snprintf(r->func, sizeof(r->func), "%s", t->tag.function);
		snprintf(r->file, sizeof(r->file), "%s", t->tag.filename);
		r->line = t->tag.lineno;
		r->bytes = (int64_t)t->counter.bytes;
		r->calls = t->counter.calls;
		r->accurate = t->counter.accurate;
		ret = ioctl(fd, ALLOCINFO_IOC_GET_NEXT, t);
	}
	return errno == ENOENT ? 0 : -errno;
}

static void batch_init(struct allocinfo_batch *b, uint32_t flags)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->records = (uintptr_t)recbuf;
	b->nr_records = RECBUF_N;
	if (flags & ALLOCINFO_BATCH_NAMES) {
		b->names = (uintptr_t)namebuf;
		b->names_size = NAMEBUF_SIZE;
	}
}

static int batch_call(struct allocinfo_batch *b)
{
	return ioctl(fd, ALLOCINFO_IOC_BATCH, b) ? -errno : 0;
}

/*
 * Append what one call returned to d.  Names, when asked for, must come one
 * entry per record with the same id, well formed.  Returns 0, or -EPROTO
 * (with a message) for a malformed answer.
 */
static int batch_collect(const struct allocinfo_batch *b, struct dump *d)
{
	const char *p = namebuf, *end = namebuf + b->names_size;
	uint32_t i;

	for (i = 0; i < b->nr_records; i++) {
		const struct allocinfo_record *x = &recbuf[i];
		struct rec *r = dump_add(d);

		if (x->__reserved || (x->flags & ~ALLOCINFO_RECORD_INACCURATE)) {
			ksft_print_msg("record %u: reserved 0x%x flags 0x%x\n",
				       i, x->__reserved, x->flags);
			return -EPROTO;
		}
		r->id = x->id;
		r->bytes = x->bytes;
		r->calls = x->calls;
		r->accurate = !(x->flags & ALLOCINFO_RECORD_INACCURATE);
		if (b->flags & ALLOCINFO_BATCH_NAMES) {
			struct allocinfo_name n;
			const char *s;
			size_t need, k;

			if (end - p < (ptrdiff_t)sizeof(n)) {
				ksft_print_msg("record %u: no name entry\n", i);
				return -EPROTO;
			}
			memcpy(&n, p, sizeof(n));
			need = sizeof(n) + n.modname_len + n.function_len +
			       n.filename_len + 3;
			if (n.id != x->id || n.size % 8 || n.size < need ||
			    n.size - need >= 8 || n.size > end - p ||
			    n.modname_len >= sizeof(r->mod) ||
			    n.function_len >= NAME_LEN ||
			    n.filename_len >= NAME_LEN) {
				ksft_print_msg("record %u: bad name entry (id %" PRIx64
					       "/%" PRIx64 " size %u)\n", i,
					       (uint64_t)n.id, (uint64_t)x->id,
					       n.size);
				return -EPROTO;
			}
			s = p + sizeof(n);
			if (s[n.modname_len] ||
			    s[n.modname_len + 1 + n.function_len] ||
			    s[n.modname_len + n.function_len + 2 +
			      n.filename_len]) {
				ksft_print_msg("record %u: names not NUL-terminated\n",
					       i);
				return -EPROTO;
			}
			for (k = need; k < n.size; k++) {
				if (p[k]) {
					ksft_print_msg("record %u: padding not zero\n",
						       i);
					return -EPROTO;
				}
			}
			memcpy(r->mod, s, n.modname_len + 1);
			s += n.modname_len + 1;
			memcpy(r->func, s, n.function_len + 1);
			s += n.function_len + 1;
			memcpy(r->file, s, n.filename_len + 1);
			r->line = n.lineno;
			p += n.size;
		}
	}
	if ((b->flags & ALLOCINFO_BATCH_NAMES) && p != end) {
		ksft_print_msg("names_size %u, entries end at %td\n",
			       b->names_size, p - namebuf);
		return -EPROTO;
	}
	return 0;
}

/*
 * A whole walk with the given flags, filter and buffer room (0: all of it),
 * restarted as the kernel says.  *restarts counts the restarts.
 */
static int batch_list(uint32_t flags, const struct allocinfo_batch_filter *f,
		      uint32_t nr, uint32_t names_size, struct dump *d,
		      unsigned int *restarts, unsigned int *calls)
{
	struct allocinfo_batch_cursor cur;
	struct allocinfo_batch b;
	int ret;

	memset(&cur, 0, sizeof(cur));
	dump_free(d);
	if (restarts)
		*restarts = 0;
	if (calls)
		*calls = 0;
	for (;;) {
		batch_init(&b, flags);
		if (f)
			b.filter = *f;
		if (nr)
			b.nr_records = nr;
		if (names_size && (flags & ALLOCINFO_BATCH_NAMES))
			b.names_size = names_size;
		b.cursor = cur;
		ret = batch_call(&b);
		if (ret)
			return ret;
		if (calls)
			(*calls)++;
		if (b.out_flags & ALLOCINFO_BATCH_RESTARTED) {
			d->n = 0;
			if (restarts)
				(*restarts)++;
		}
		ret = batch_collect(&b, d);
		if (ret)
			return ret;
		cur = b.cursor;
		if (b.out_flags & ALLOCINFO_BATCH_END)
			return 0;
		/* A call fills the room it is given or reaches the end. */
		if (!b.nr_records) {
			ksft_print_msg("a call gave no record and no END\n");
			return -EPROTO;
		}
	}
}

/* A tag whose counters did not move between two reads. */
static bool stable(const struct rec *a, const struct rec *b)
{
	return a->bytes == b->bytes && a->calls == b->calls;
}

/*
 * Test 1: a whole batch with names equals the text file, record by record,
 * full-length names included; counters on the tags that held still.  The
 * text is read before and after the batch within one content id.
 */
static struct dump full;	/* the batch of test 1, for the filter tests */

static void test_batch_matches_text(void)
{
	struct dump t1 = {}, t2 = {};
	uint64_t a = 0, b = 1;
	size_t i, nstable = 0;
	int bad = 0, tries, ret = 0;

	for (tries = 0; tries < 20 && a != b; tries++) {
		ret = content_id(&a);
		if (!ret)
			ret = text_read(&t1);
		if (!ret)
			ret = batch_list(ALLOCINFO_BATCH_NAMES, NULL, 0, 0,
					 &full, NULL, NULL);
		if (!ret)
			ret = text_read(&t2);
		if (!ret)
			ret = content_id(&b);
		if (ret)
			break;
	}
	EXPECT(!ret && a == b, "no consistent read: %s\n", strerror(-ret));
	EXPECT(full.n == t1.n && full.n == t2.n,
	       "batch %zu tags, text %zu and %zu\n", full.n, t1.n, t2.n);
	for (i = 0; !bad && i < full.n && i < t1.n && i < t2.n; i++) {
		const struct rec *x = &full.r[i], *t = &t1.r[i];

		EXPECT(same_tag(x, t, false), "#%zu: batch %s, text %s\n", i,
		       rec_str(x), rec_str(t));
		EXPECT(x->accurate == t->accurate, "#%zu: accuracy %s / %s\n",
		       i, rec_str(x), rec_str(t));
		/*
		 * Counters move between reads: judge the tags that read the
		 * same before and after and have no live allocation (or are
		 * alloc_long's, which holds its own still), but not the
		 * batch's own buffers, live while it reads.
		 */
		if (stable(t, &t2.r[i]) &&
		    (!t->calls || !strcmp(t->mod, "alloc_long")) &&
		    strcmp(t->file, "lib/alloc_tag.c")) {
			nstable++;
			EXPECT(stable(x, t), "#%zu: counters %s, text %s\n", i,
			       rec_str(x), rec_str(t));
		}
		EXPECT(!i || x->id != full.r[i - 1].id, "#%zu: id repeated\n",
		       i);
	}
	ksft_test_result(!bad && full.n > 0,
			 "batch with names equals the text file (%zu tags, %zu with stable counters)\n",
			 full.n, nstable);
	dump_free(&t1);
	dump_free(&t2);
}

/* Test 2: counters only, same ids in the same order as with names. */
static void test_counters_only(void)
{
	struct dump d = {};
	size_t i;
	int bad = 0, ret;

	ret = batch_list(0, NULL, 0, 0, &d, NULL, NULL);
	EXPECT(!ret, "batch: %s\n", strerror(-ret));
	EXPECT(d.n == full.n, "%zu records without names, %zu with\n", d.n,
	       full.n);
	for (i = 0; !bad && i < d.n && i < full.n; i++)
		EXPECT(d.r[i].id == full.r[i].id,
		       "#%zu: id %" PRIx64 " without names, %" PRIx64 " with\n",
		       i, d.r[i].id, full.r[i].id);
	ksft_test_result(!ret && !bad, "counters-only batch has the same ids\n");
	dump_free(&d);
}

/* One filter case: a batch filter, the v3 filter that means the same. */
struct fcase {
	char what[160];
	uint32_t flags;
	struct allocinfo_batch_filter f;
	bool v3;			/* compare with GET_AT/GET_NEXT too */
	struct allocinfo_filter v3f;
	bool by_size;			/* depends on counters */
	size_t least;			/* matches the test modules guarantee */
	/* the names the pointers in f point to */
	char mod[ALLOCINFO_STR_SIZE], func[NAME_LEN], file[NAME_LEN];
};

static bool rec_matches(const struct rec *r, const struct fcase *c)
{
	const struct allocinfo_batch_filter *f = &c->f;

	if ((f->mask & ALLOCINFO_BATCH_FILTER_MODNAME) && strcmp(r->mod, c->mod))
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_FUNCTION) &&
	    strcmp(r->func, c->func))
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_FILENAME) &&
	    strcmp(r->file, c->file))
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_LINENO) && r->line != f->lineno)
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_INACCURATE) &&
	    r->accurate == !!f->inaccurate)
		return false;
	if ((c->flags & ALLOCINFO_BATCH_LIVE) && !r->calls)
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_MIN_BYTES) &&
	    r->bytes < f->min_bytes)
		return false;
	if ((f->mask & ALLOCINFO_BATCH_FILTER_MAX_BYTES) &&
	    r->bytes > f->max_bytes)
		return false;
	return true;
}

static void fcase_names(struct fcase *c)
{
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_MODNAME) {
		c->f.modname = (uintptr_t)c->mod;
		snprintf(c->v3f.fields.modname, ALLOCINFO_STR_SIZE, "%s",
			 c->mod);
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_MODNAME;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_FUNCTION) {
		c->f.function = (uintptr_t)c->func;
		suffix(c->v3f.fields.function, c->func);
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_FUNCTION;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_FILENAME) {
		c->f.filename = (uintptr_t)c->file;
		suffix(c->v3f.fields.filename, c->file);
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_FILENAME;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_LINENO) {
		c->v3f.fields.lineno = c->f.lineno;
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_LINENO;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_INACCURATE) {
		FILTER_INACCURATE(&c->v3f) = c->f.inaccurate;
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_INACCURATE;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_MIN_BYTES) {
		c->v3f.min_size = (uint64_t)c->f.min_bytes;
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_MIN_SIZE;
	}
	if (c->f.mask & ALLOCINFO_BATCH_FILTER_MAX_BYTES) {
		c->v3f.max_size = (uint64_t)c->f.max_bytes;
		c->v3f.mask |= ALLOCINFO_FILTER_MASK_MAX_SIZE;
	}
	c->by_size = (c->f.mask & (ALLOCINFO_BATCH_FILTER_MIN_BYTES |
				   ALLOCINFO_BATCH_FILTER_MAX_BYTES)) ||
		     (c->flags & ALLOCINFO_BATCH_LIVE);
}

/* Is r in d (by id); its index or -1. */
static long find_id(const struct dump *d, uint64_t id)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->r[i].id == id)
			return (long)i;
	return -1;
}

static long find_tag(const struct dump *d, const struct rec *r, bool v3)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (same_tag(&d->r[i], r, v3))
			return (long)i;
	return -1;
}

static size_t count_tag(const struct dump *d, const struct rec *r)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += same_tag(&d->r[i], r, true);
	return n;
}

/*
 * The filtered batch against the subset computed from unfiltered batches
 * before and after it, and against GET_AT/GET_NEXT with the v3 filter.
 * Counter-dependent filters are judged on tags whose counters held still.
 */
static int check_case(const struct fcase *c, size_t *nmatch)
{
	struct dump before = {}, got = {}, after = {}, v3 = {};
	size_t i, want = 0;
	int bad = 0, ret;

	ret = batch_list(ALLOCINFO_BATCH_NAMES, NULL, 0, 0, &before, NULL,
			 NULL);
	if (!ret)
		ret = batch_list(c->flags | ALLOCINFO_BATCH_NAMES, &c->f, 0, 0,
				 &got, NULL, NULL);
	if (!ret && c->v3)
		ret = v3_list(&c->v3f, &v3);
	if (!ret)
		ret = batch_list(ALLOCINFO_BATCH_NAMES, NULL, 0, 0, &after,
				 NULL, NULL);
	if (ret) {
		ksft_print_msg("%s: %s\n", c->what, strerror(-ret));
		bad++;
		goto out;
	}
	if (before.n != after.n) {
		ret = -EAGAIN;
		goto out;
	}
	for (i = 0; i < got.n; i++)
		EXPECT(rec_matches(&got.r[i], c), "%s: returned %s\n", c->what,
		       rec_str(&got.r[i]));
	for (i = 0; i < before.n; i++) {
		const struct rec *r = &before.r[i];
		bool held = stable(r, &after.r[i]);
		long k = find_id(&got, r->id);

		if (c->by_size && !held)
			continue;
		if (rec_matches(r, c))
			want++;
		EXPECT(rec_matches(r, c) == (k >= 0), "%s: %s %s\n", c->what,
		       rec_str(r), k >= 0 ? "returned" : "missing");
		if (k >= 0)
			EXPECT(same_tag(r, &got.r[k], false),
			       "%s: id %" PRIx64 " is %s, was %s\n", c->what,
			       r->id, rec_str(&got.r[k]), rec_str(r));
	}
	if (c->v3) {
		if (!c->by_size) {
			EXPECT(v3.n == got.n, "%s: %zu by batch, %zu by GET_NEXT\n",
			       c->what, got.n, v3.n);
			for (i = 0; i < v3.n && i < got.n; i++)
				EXPECT(same_tag(&got.r[i], &v3.r[i], true),
				       "%s: #%zu batch %s, GET_NEXT %s\n",
				       c->what, i, rec_str(&got.r[i]),
				       rec_str(&v3.r[i]));
		} else {
			for (i = 0; i < before.n; i++) {
				const struct rec *r = &before.r[i];

				/*
				 * The batch's own buffers are live while it
				 * reads, and not while GET_NEXT does.
				 */
				bool in_batch, in_v3;

				if (!stable(r, &after.r[i]) ||
				    !strcmp(r->file, "lib/alloc_tag.c"))
					continue;
				in_batch = find_id(&got, r->id) >= 0;
				in_v3 = find_tag(&v3, r, true) >= 0;
				/*
				 * GET_NEXT names a tag by its key, and a key
				 * may occur twice (a file included twice, as
				 * compat_binfmt_elf.c includes binfmt_elf.c):
				 * such a tag cannot be told from its twin.
				 */
				if (in_batch != in_v3 && count_tag(&before, r) > 1)
					continue;
				EXPECT(in_batch == in_v3,
				       "%s: %s: batch and GET_NEXT disagree\n",
				       c->what, rec_str(r));
			}
		}
	}
	*nmatch = want;
out:
	dump_free(&before);
	dump_free(&got);
	dump_free(&after);
	dump_free(&v3);
	return ret ? ret : bad ? -EPROTO : 0;
}

static void run_case(struct fcase *c)
{
	size_t n = 0;
	int ret = -EAGAIN, i;

	fcase_names(c);
	for (i = 0; i < 10 && ret == -EAGAIN; i++)
		ret = check_case(c, &n);
	/* A filter that matches nothing would pass every comparison above. */
	if (!ret && n < c->least) {
		ksft_print_msg("%s: %zu match, at least %zu expected\n", c->what,
			       n, c->least);
		ret = -ENOENT;
	}
	ksft_test_result(!ret, "filter %s (%zu match)\n", c->what, n);
}

/* Whether alloc_odd is loaded: an inaccurate tag and negative bytes. */
static bool have_odd;

/* Tests 3-16: every filter field alone, the signed bounds, combinations. */
static void test_filters(void)
{
	const struct rec *some = NULL, *mod = NULL;
	struct fcase c;
	size_t i;

	for (i = 0; i < full.n; i++) {
		if (!some && !full.r[i].mod[0] && full.r[i].calls)
			some = &full.r[i];
		if (!mod && full.r[i].mod[0])
			mod = &full.r[i];
	}
	if (!some)
		some = &full.r[0];

#define CASE(...) do {							\
	memset(&c, 0, sizeof(c));					\
	c.v3 = true;							\
	snprintf(c.what, sizeof(c.what), __VA_ARGS__);			\
} while (0)
	CASE("modname \"\"");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MODNAME;
	c.least = 1;
	run_case(&c);

	CASE("modname %s", mod ? mod->mod : "alloc_long");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MODNAME;
	c.least = mod != NULL;
	snprintf(c.mod, sizeof(c.mod), "%s", mod ? mod->mod : "alloc_long");
	run_case(&c);

	CASE("modname unknown");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MODNAME;
	snprintf(c.mod, sizeof(c.mod), "no_such_module");
	run_case(&c);

	CASE("function %.100s", some->func);
	c.f.mask = ALLOCINFO_BATCH_FILTER_FUNCTION;
	snprintf(c.func, sizeof(c.func), "%s", some->func);
	c.least = 1;
	run_case(&c);

	CASE("filename %.100s", some->file);
	c.f.mask = ALLOCINFO_BATCH_FILTER_FILENAME;
	snprintf(c.file, sizeof(c.file), "%s", some->file);
	c.least = 1;
	run_case(&c);

	CASE("lineno %" PRIu64, some->line);
	c.f.mask = ALLOCINFO_BATCH_FILTER_LINENO;
	c.f.lineno = some->line;
	c.least = 1;
	run_case(&c);

	CASE("inaccurate 0");
	c.f.mask = ALLOCINFO_BATCH_FILTER_INACCURATE;
	c.least = 1;
	run_case(&c);

	CASE("inaccurate 1");
	c.f.mask = ALLOCINFO_BATCH_FILTER_INACCURATE;
	c.f.inaccurate = 1;
	c.least = have_odd;
	run_case(&c);

	CASE("min_bytes 4096");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MIN_BYTES;
	c.f.min_bytes = 4096;
	run_case(&c);

	CASE("max_bytes 0");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	run_case(&c);

	/* Only a negative count passes; alloc_odd holds one still. */
	CASE("max_bytes -1 (signed)");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	c.f.max_bytes = -1;
	c.least = have_odd;
	run_case(&c);

	CASE("min_bytes -1 max_bytes 4096 (signed)");
	c.f.mask = ALLOCINFO_BATCH_FILTER_MIN_BYTES |
		   ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	c.f.min_bytes = -1;
	c.f.max_bytes = 4096;
	run_case(&c);

	CASE("live only");
	c.flags = ALLOCINFO_BATCH_LIVE;
	c.v3 = false;
	run_case(&c);

	CASE("live, filename %.100s, min_bytes 1", some->file);
	c.flags = ALLOCINFO_BATCH_LIVE;
	c.v3 = false;
	c.f.mask = ALLOCINFO_BATCH_FILTER_FILENAME |
		   ALLOCINFO_BATCH_FILTER_MIN_BYTES;
	snprintf(c.file, sizeof(c.file), "%s", some->file);
	c.f.min_bytes = 1;
	run_case(&c);
#undef CASE
}

/* Test 17: alloc_long's names come in full; the full name filters. */
static void test_long_names(void)
{
	struct fcase c;
	size_t i, n = 0, nlong = 0;
	int bad = 0;

	for (i = 0; i < full.n; i++) {
		const struct rec *r = &full.r[i];

		if (strcmp(r->mod, "alloc_long"))
			continue;
		n++;
		if (strlen(r->func) > V3_NAME || strlen(r->file) > V3_NAME)
			nlong++;
	}
	EXPECT(n == 3 && nlong == 3, "alloc_long: %zu tags, %zu long names\n",
	       n, nlong);
	for (i = 0; i < full.n && !bad; i++) {
		const struct rec *r = &full.r[i];
		struct dump d = {};
		int ret;

		if (strcmp(r->mod, "alloc_long") || strlen(r->func) <= V3_NAME)
			continue;
		memset(&c, 0, sizeof(c));
		c.f.mask = ALLOCINFO_BATCH_FILTER_FUNCTION |
			   ALLOCINFO_BATCH_FILTER_FILENAME;
		snprintf(c.func, sizeof(c.func), "%s", r->func);
		snprintf(c.file, sizeof(c.file), "%s", r->file);
		fcase_names(&c);
		ret = batch_list(ALLOCINFO_BATCH_NAMES, &c.f, 0, 0, &d, NULL,
				 NULL);
		EXPECT(!ret && d.n == 1 && d.r[0].id == r->id,
		       "full-name filter on %s: %d, %zu records\n", r->func,
		       ret, d.n);
		/* The 63-byte suffix is not the name. */
		suffix(c.func, r->func);
		ret = batch_list(ALLOCINFO_BATCH_NAMES, &c.f, 0, 0, &d, NULL,
				 NULL);
		EXPECT(!ret && d.n == 0, "suffix filter matched %zu\n", d.n);
		dump_free(&d);
	}
	ksft_test_result(!bad, "full-length names (%zu long of %zu alloc_long tags)\n",
			 nlong, n);
}

/* Test 18: one record per call, and one name entry per call. */
static void test_tiny_buffers(void)
{
	struct dump a = {}, b = {};
	unsigned int calls = 0, r1 = 0, r2 = 0;
	struct allocinfo_batch x;
	size_t i, biggest = 0;
	int bad = 0, ret;

	ret = batch_list(0, NULL, 1, 0, &a, &r1, &calls);
	EXPECT(!ret, "nr_records 1: %s\n", strerror(-ret));
	EXPECT(!r1 && a.n == full.n && calls >= a.n,
	       "nr_records 1: %zu records in %u calls, want %zu\n", a.n, calls,
	       full.n);
	for (i = 0; !bad && i < a.n && i < full.n; i++)
		EXPECT(a.r[i].id == full.r[i].id, "#%zu: id differs\n", i);

	/* The biggest name entry in the system is the room of every call. */
	for (i = 0; i < full.n; i++) {
		size_t len = 32 + strlen(full.r[i].mod) +
			     strlen(full.r[i].func) + strlen(full.r[i].file) + 3;

		len = (len + 7) & ~(size_t)7;
		if (len > biggest)
			biggest = len;
	}
	ret = batch_list(ALLOCINFO_BATCH_NAMES, NULL, 0, biggest, &b, &r2,
			 &calls);
	EXPECT(!ret, "names_size %zu: %s\n", biggest, strerror(-ret));
	EXPECT(!r2 && b.n == full.n, "names_size %zu: %zu records, want %zu\n",
	       biggest, b.n, full.n);
	for (i = 0; !bad && i < b.n && i < full.n; i++)
		EXPECT(same_tag(&b.r[i], &full.r[i], false) &&
		       b.r[i].id == full.r[i].id, "#%zu: %s, want %s\n", i,
		       rec_str(&b.r[i]), rec_str(&full.r[i]));

	/* Room for a header but not for the first names: ENOSPC. */
	batch_init(&x, ALLOCINFO_BATCH_NAMES);
	x.names_size = sizeof(struct allocinfo_name);
	ret = batch_call(&x);
	EXPECT(ret == -ENOSPC, "names_size 32: %d, want ENOSPC\n", ret);
	ksft_test_result(!bad, "one record per call (%u calls), one name entry per call\n",
			 calls);
	dump_free(&a);
	dump_free(&b);
}

/* Test 19: END is sticky, no wrap; a cursor at the end gives nothing. */
static void test_end(void)
{
	struct allocinfo_batch b;
	int bad = 0, ret, i;

	batch_init(&b, 0);
	ret = batch_call(&b);
	EXPECT(!ret && (b.out_flags & ALLOCINFO_BATCH_END),
	       "full batch: %d, out_flags 0x%x\n", ret, b.out_flags);
	for (i = 0; i < 3; i++) {
		struct allocinfo_batch_cursor cur = b.cursor;

		batch_init(&b, 0);
		b.cursor = cur;
		ret = batch_call(&b);
		EXPECT(!ret && b.nr_records == 0 &&
		       b.out_flags == ALLOCINFO_BATCH_END,
		       "after END: %d, %u records, out_flags 0x%x\n", ret,
		       b.nr_records, b.out_flags);
	}
	ksft_test_result(!bad, "END is sticky and the walk never wraps\n");
}

/*
 * Test 20: a cursor kept across insmod, rmmod, and rmmod + insmod (the same
 * module id, likely the same addresses) restarts, and the walk that follows
 * is complete.
 */
static void test_resume_modules(void)
{
	static const char *const step[] = { "insmod", "rmmod", "rmmod+insmod" };
	struct allocinfo_batch_cursor cur;
	struct allocinfo_batch b;
	struct dump d = {}, ref = {};
	int bad = 0, ret, s;
	size_t i;

	mod_unload("alloc_grow2");
	for (s = 0; s < 3; s++) {
		bool loaded = s != 1;

		if (s == 1 || s == 2)
			EXPECT(!mod_load("alloc_grow2"), "insmod failed\n");
		/* Stop inside the last module, where alloc_grow2 would go. */
		batch_init(&b, ALLOCINFO_BATCH_NAMES);
		b.nr_records = full.n > 2 ? full.n - 2 : 1;
		ret = batch_call(&b);
		EXPECT(!ret && !(b.out_flags & ALLOCINFO_BATCH_END),
		       "%s: first call %d, out_flags 0x%x\n", step[s], ret,
		       b.out_flags);
		cur = b.cursor;
		if (s == 0) {
			EXPECT(!mod_load("alloc_grow2"), "insmod failed\n");
		} else {
			EXPECT(!mod_unload("alloc_grow2"), "rmmod failed\n");
			if (s == 2)
				EXPECT(!mod_load("alloc_grow2"),
				       "insmod failed\n");
		}
		loaded = s != 1;
		batch_init(&b, ALLOCINFO_BATCH_NAMES);
		b.cursor = cur;
		ret = batch_call(&b);
		dump_free(&d);
		EXPECT(!ret && (b.out_flags & ALLOCINFO_BATCH_RESTARTED) &&
		       (b.out_flags & ALLOCINFO_BATCH_END),
		       "%s: resumed call %d, out_flags 0x%x\n", step[s], ret,
		       b.out_flags);
		if (ret || batch_collect(&b, &d)) {
			bad++;
			continue;
		}
		ret = batch_list(ALLOCINFO_BATCH_NAMES, NULL, 0, 0, &ref, NULL,
				 NULL);
		EXPECT(!ret && ref.n == d.n, "%s: %zu after restart, %zu fresh\n",
		       step[s], d.n, ref.n);
		for (i = 0; !bad && i < d.n && i < ref.n; i++)
			EXPECT(same_tag(&d.r[i], &ref.r[i], false),
			       "%s: #%zu %s, fresh %s\n", step[s], i,
			       rec_str(&d.r[i]), rec_str(&ref.r[i]));
		for (i = 0; i < d.n && strcmp(d.r[i].mod, "alloc_grow2"); i++)
			;
		EXPECT((i < d.n) == loaded, "%s: alloc_grow2 %s\n", step[s],
		       i < d.n ? "present" : "missing");
	}
	mod_unload("alloc_grow2");
	dump_free(&d);
	dump_free(&ref);
	ksft_test_result(!bad, "a cursor kept across insmod, rmmod and rmmod+insmod restarts\n");
}

/* Test 21: forged cursors are safe: a restart or valid records. */
static void test_forged_cursor(void)
{
	struct allocinfo_batch b;
	uint64_t cid = 0;
	int bad = 0, ret, i;

	content_id(&cid);
	srand(1);
	for (i = 0; i < 200; i++) {
		batch_init(&b, ALLOCINFO_BATCH_NAMES);
		b.cursor.content_id = i % 2 ? cid : (uint64_t)rand();
		b.cursor.mod_seq = i < 100 ? (uint64_t)(rand() % 8) + 1 :
				   ((uint64_t)rand() << 32) | rand();
		b.cursor.mod_id = i % 3 ? rand() % 4 : rand();
		b.cursor.index = i % 5 ? rand() % 20000 : (uint32_t)rand();
		ret = batch_call(&b);
		EXPECT(!ret && (b.out_flags & ALLOCINFO_BATCH_END),
		       "cursor %d: %d, out_flags 0x%x\n", i, ret, b.out_flags);
		EXPECT(b.nr_records <= full.n + 16, "cursor %d: %u records\n",
		       i, b.nr_records);
	}
	ksft_test_result(!bad, "forged cursors restart or resume safely\n");
}

/* Test 22: EINVAL and E2BIG for what the interface cannot mean. */
static void test_einval(void)
{
	static char longname[ALLOCINFO_BATCH_NAME_MAX + 8];
	struct {
		struct allocinfo_batch b;
		uint64_t more[2];
	} big;
	struct allocinfo_batch b;
	int bad = 0, ret;

#define TRY(want, what, setup) do {					\
	batch_init(&b, 0);						\
	setup;								\
	ret = batch_call(&b);						\
	EXPECT(ret == (want), "%s: %d, want %d\n", what, ret, want);	\
} while (0)
	TRY(-EINVAL, "unknown flag", b.flags = 1U << 31);
	TRY(-EINVAL, "next flag", b.flags = ALLOCINFO_BATCH_FLAGS + 1);
	TRY(-EINVAL, "reserved", b.__reserved = 1);
	TRY(-EINVAL, "filter reserved", b.filter.__reserved = 0x80000000u);
	TRY(-EINVAL, "unknown mask bit",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_MASK + 1);
	TRY(-EINVAL, "mask bit 63", b.filter.mask = 1ULL << 63);
	TRY(-EINVAL, "inaccurate 2",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_INACCURATE;
	    b.filter.inaccurate = 2);
	TRY(0, "inaccurate 2 unselected", b.filter.inaccurate = 2);
	TRY(-EINVAL, "min > max (signed)",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_MIN_BYTES |
			    ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	    b.filter.min_bytes = 0; b.filter.max_bytes = -1);
	TRY(0, "min -2 <= max -1",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_MIN_BYTES |
			    ALLOCINFO_BATCH_FILTER_MAX_BYTES;
	    b.filter.min_bytes = -2; b.filter.max_bytes = -1);
	TRY(-EINVAL, "size 0", b.size = 0);
	TRY(-EINVAL, "size 127", b.size = ALLOCINFO_BATCH_SIZE_VER0 - 1);
	TRY(-E2BIG, "size 1 MiB", b.size = 1 << 20);
	TRY(-EINVAL, "nr_records 0", b.nr_records = 0);
	TRY(-EINVAL, "names without room",
	    b.flags = ALLOCINFO_BATCH_NAMES; b.names = (uintptr_t)namebuf;
	    b.names_size = sizeof(struct allocinfo_name) - 1);
	memset(longname, 'a', sizeof(longname));
	TRY(-EINVAL, "filename without NUL in 4096 bytes",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_FILENAME;
	    b.filter.filename = (uintptr_t)longname);
	longname[ALLOCINFO_BATCH_NAME_MAX - 1] = '\0';
	TRY(0, "filename of 4095 bytes",
	    b.filter.mask = ALLOCINFO_BATCH_FILTER_FILENAME;
	    b.filter.filename = (uintptr_t)longname);
	TRY(0, "unselected name pointer is ignored",
	    b.filter.function = 1);
#undef TRY
	/* A later, longer struct: zeroes are fine, anything else is not. */
	memset(&big, 0, sizeof(big));
	batch_init(&big.b, 0);
	big.b.size = sizeof(big);
	ret = ioctl(fd, ALLOCINFO_IOC_BATCH, &big) ? -errno : 0;
	EXPECT(ret == 0, "size %zu, zero tail: %d\n", sizeof(big), ret);
	big.more[1] = 1;
	ret = ioctl(fd, ALLOCINFO_IOC_BATCH, &big) ? -errno : 0;
	EXPECT(ret == -E2BIG, "size %zu, non-zero tail: %d, want E2BIG\n",
	       sizeof(big), ret);
	ksft_test_result(!bad, "EINVAL and E2BIG for flags, reserved fields, filters and sizes\n");
}

/* Test 23: EFAULT for every pointer; nothing moves on failure. */
static void test_efault(void)
{
	struct allocinfo_batch b;
	long pg = sysconf(_SC_PAGESIZE);
	void *none;
	int bad = 0, ret;

	none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ret = ioctl(fd, ALLOCINFO_IOC_BATCH, NULL) ? -errno : 0;
	EXPECT(ret == -EFAULT, "NULL argument: %d\n", ret);
	ret = ioctl(fd, ALLOCINFO_IOC_BATCH, none) ? -errno : 0;
	EXPECT(ret == -EFAULT, "PROT_NONE argument: %d\n", ret);

	batch_init(&b, 0);
	b.records = 0;
	ret = batch_call(&b);
	EXPECT(ret == -EFAULT, "NULL records: %d\n", ret);
	batch_init(&b, 0);
	b.records = (uintptr_t)none;
	ret = batch_call(&b);
	EXPECT(ret == -EFAULT, "PROT_NONE records: %d\n", ret);
	EXPECT(b.nr_records == RECBUF_N && !b.cursor.mod_seq && !b.out_flags,
	       "a failed call wrote its outputs\n");
	batch_init(&b, ALLOCINFO_BATCH_NAMES);
	b.names = (uintptr_t)none;
	ret = batch_call(&b);
	EXPECT(ret == -EFAULT, "PROT_NONE names: %d\n", ret);
	batch_init(&b, 0);
	b.filter.mask = ALLOCINFO_BATCH_FILTER_MODNAME;
	b.filter.modname = (uintptr_t)none;
	ret = batch_call(&b);
	EXPECT(ret == -EFAULT, "PROT_NONE modname: %d\n", ret);
	munmap(none, pg);
	ksft_test_result(!bad, "EFAULT on NULL and PROT_NONE pointers\n");
}

/*
 * Test 24: with every buffer byte 0xAA, the records' reserved field, the
 * name padding and the unused buffer space come back as they should, and
 * the inputs are not written.
 */
static void test_zeroed_output(void)
{
	struct allocinfo_batch b, in;
	struct dump d = {};
	uint32_t i;
	int bad = 0, ret;

	memset(recbuf, 0xAA, RECBUF_N * sizeof(*recbuf));
	memset(namebuf, 0xAA, NAMEBUF_SIZE);
	batch_init(&b, ALLOCINFO_BATCH_NAMES);
	in = b;
	ret = batch_call(&b);
	EXPECT(!ret, "batch: %d\n", ret);
	EXPECT(b.size == in.size && b.flags == in.flags &&
	       !memcmp(&b.filter, &in.filter, sizeof(b.filter)) &&
	       b.records == in.records && b.names == in.names && !b.__reserved,
	       "the inputs changed\n");
	if (!ret)
		EXPECT(!batch_collect(&b, &d), "records or names malformed\n");
	for (i = b.nr_records; i < b.nr_records + 4 && i < RECBUF_N; i++)
		EXPECT(recbuf[i].id == 0xAAAAAAAAAAAAAAAAull,
		       "record %u beyond nr_records written\n", i);
	EXPECT((unsigned char)namebuf[b.names_size] == 0xAA,
	       "names written beyond names_size\n");
	dump_free(&d);
	ksft_test_result(!bad, "reserved fields and name padding are zero, nothing beyond\n");
}

/* Test 25: what a full read costs, by batch and by GET_NEXT. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_timing(void)
{
	struct dump d = {};
	unsigned int calls = 0;
	double t0, t1, t2;
	int ret;

	t0 = now();
	ret = batch_list(0, NULL, 0, 0, &d, NULL, &calls);
	t1 = now();
	if (!ret)
		ret = v3_list(NULL, &d);
	t2 = now();
	ksft_test_result(!ret, "a full read of %zu tags: batch %.2f ms (%u calls), GET_NEXT %.2f ms\n",
			 d.n, (t1 - t0) * 1e3, calls, (t2 - t1) * 1e3);
	dump_free(&d);
}

#define NTESTS 25

int main(int argc, char **argv)
{
	struct allocinfo_batch b;
	bool have_mods;
	int opt;

	while ((opt = getopt(argc, argv, "m:")) != -1) {
		switch (opt) {
		case 'm':
			moddir = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-m MODULE_DIR]\n", argv[0]);
			return 2;
		}
	}

	ksft_print_header();
	fd = open(ALLOCINFO, O_RDONLY);
	if (fd < 0)
		ksft_exit_skip("%s: %s (CONFIG_MEM_ALLOC_PROFILING off?)\n",
			       ALLOCINFO, strerror(errno));
	recbuf = calloc(RECBUF_N, sizeof(*recbuf));
	namebuf = calloc(1, NAMEBUF_SIZE);
	if (!recbuf || !namebuf)
		ksft_exit_fail_msg("out of memory\n");
	batch_init(&b, 0);
	if (ioctl(fd, ALLOCINFO_IOC_BATCH, &b) && errno == ENOTTY)
		ksft_exit_skip("%s has no batch ioctl (ENOTTY): kernel without it\n",
			       ALLOCINFO);
	ksft_set_plan(NTESTS);
	ksft_print_msg("%zu-bit, modules from %s\n", sizeof(long) * 8, moddir);

	have_mods = mod_available("alloc_long") && mod_available("alloc_grow2");
	if (have_mods && mod_load("alloc_long")) {
		ksft_print_msg("insmod alloc_long: %s\n", strerror(errno));
		have_mods = false;
	}
	have_odd = mod_available("alloc_odd");
	if (have_odd && mod_load("alloc_odd")) {
		ksft_print_msg("insmod alloc_odd: %s\n", strerror(errno));
		have_odd = false;
	}
	if (!have_odd)
		ksft_print_msg("no alloc_odd: the inaccurate 1 and negative filters may match nothing\n");

	test_batch_matches_text();
	test_counters_only();
	test_filters();
	if (have_mods)
		test_long_names();
	else
		ksft_test_result_skip("long names: no %s/alloc_long.ko\n",
				      moddir);
	test_tiny_buffers();
	test_end();
	if (have_mods)
		test_resume_modules();
	else
		ksft_test_result_skip("module tests: no %s/alloc_grow2.ko\n",
				      moddir);
	test_forged_cursor();
	test_einval();
	test_efault();
	test_zeroed_output();
	test_timing();
	if (have_mods)
		mod_unload("alloc_long");
	if (have_odd)
		mod_unload("alloc_odd");
	dump_free(&full);
	close(fd);
	ksft_finished();
}
