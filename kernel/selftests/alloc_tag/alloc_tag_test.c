// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance test of the /proc/allocinfo ioctls (doc/kernel-interface.md):
 * the ioctl enumeration against the text file, every filter against the
 * subset computed from the full dump, the errors, the zeroed output bytes,
 * content_id on module load and unload, a cursor kept across an unload and
 * a load, an inaccurate tag and negative bytes, and one open file shared by
 * processes and threads, by read() and the ioctls, and racing module loads.
 *
 * usage: alloc_tag_test [-m MODULE_DIR] [-s SEED] [-r ROUNDS] [-c CYCLES]
 *
 * The module tests load the test modules (alloc_long, alloc_grow2, alloc_odd,
 * alloc_none, alloc_scale) from MODULE_DIR (default /modules); without them
 * those tests are skipped, and say so.  Built with -DALLOCINFO_LAYOUT_MM
 * against the mm tree's header, it tests that layout.
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
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/alloc_tag.h>
#include <linux/futex.h>

#include "kselftest.h"
#include "alloc_tag_modules.h"

#define ALLOCINFO "/proc/allocinfo"
#define NAME_MAX_LEN (ALLOCINFO_STR_SIZE - 1)

/* The layout the kernel and the tool agree on, the same under -m32. */
#ifdef ALLOCINFO_LAYOUT_MM
/* The mm tree's: the inaccurate criterion at the end of the filter. */
_Static_assert(sizeof(struct allocinfo_tag) == 200, "allocinfo_tag");
_Static_assert(sizeof(struct allocinfo_tag_data) == 224, "allocinfo_tag_data");
_Static_assert(sizeof(struct allocinfo_filter) == 232, "allocinfo_filter");
_Static_assert(sizeof(struct allocinfo_get_at) == 464, "allocinfo_get_at");
_Static_assert(offsetof(struct allocinfo_filter, inaccurate) == 224, "inaccurate");
_Static_assert(ALLOCINFO_IOC_GET_AT == 0xC1D0A601u, "GET_AT number");
_Static_assert(ALLOCINFO_IOC_GET_NEXT == 0x80E0A602u, "GET_NEXT number");
#define FILTER_INACCURATE(f) ((f)->inaccurate)
/* The other layout's sizes, which must give ENOTTY. */
#define OTHER_GET_AT_SIZE 472
#define OTHER_GET_NEXT_SIZE 232
#else
_Static_assert(sizeof(struct allocinfo_tag) == 208, "allocinfo_tag");
_Static_assert(sizeof(struct allocinfo_tag_data) == 232, "allocinfo_tag_data");
_Static_assert(sizeof(struct allocinfo_filter) == 232, "allocinfo_filter");
_Static_assert(sizeof(struct allocinfo_get_at) == 472, "allocinfo_get_at");
_Static_assert(ALLOCINFO_IOC_GET_AT == 0xC1D8A601u, "GET_AT number");
_Static_assert(ALLOCINFO_IOC_GET_NEXT == 0x80E8A602u, "GET_NEXT number");
#define FILTER_INACCURATE(f) ((f)->fields.inaccurate)
#define OTHER_GET_AT_SIZE 464
#define OTHER_GET_NEXT_SIZE 224
#endif
_Static_assert(sizeof(struct allocinfo_counter) == 24, "allocinfo_counter");
_Static_assert(offsetof(struct allocinfo_get_at, data) == 240, "data");
_Static_assert(ALLOCINFO_IOC_CONTENT_ID == 0x8008A600u, "CONTENT_ID number");

/* One tag, as the text file or the ioctl shows it. */
struct rec {
	char mod[ALLOCINFO_STR_SIZE];
	char func[ALLOCINFO_STR_SIZE];
	char file[ALLOCINFO_STR_SIZE];
	char full_func[256];	/* text only: the untrimmed names */
	char full_file[256];
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
static unsigned int seed;
static unsigned int rounds = 300;
static unsigned int cycles = 200;
static bool have_mods;
/* Why this process cannot use threads, or NULL. */
static const char *no_threads;

/* Count a problem in the caller's bad, and say what it is (the first 10). */
#define EXPECT(cond, ...) do { if (!(cond) && bad++ < 10) ksft_print_msg(__VA_ARGS__); } while (0)

static void dump_free(struct dump *d)
{
	free(d->r);
	memset(d, 0, sizeof(*d));
}

/* Empty, keeping the memory: see check_filter_retry(). */
static void dump_clear(struct dump *d)
{
	d->n = 0;
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

/* The 63-byte suffix rule: names that do not fit keep their last 63 bytes. */
static void suffix_copy(char *dst, const char *src)
{
	size_t len = strlen(src);

	if (len > NAME_MAX_LEN) {
		src += len - NAME_MAX_LEN;
		len = NAME_MAX_LEN;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static bool same_tag(const struct rec *a, const struct rec *b)
{
	return !strcmp(a->mod, b->mod) && !strcmp(a->func, b->func) &&
	       !strcmp(a->file, b->file) && a->line == b->line;
}

static const char *rec_str(const struct rec *r)
{
	static char buf[4][320];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s:%" PRIu64 " [%s] %s %" PRId64
		 "/%" PRIu64 "%s", r->file, r->line, r->mod, r->func, r->bytes,
		 r->calls, r->accurate ? "" : " accurate:no");
	return buf[i];
}

/* Parse one line of the text file; false for lines that are not records. */
static bool text_parse_line(char *line, struct rec *r)
{
	char *save, *tok, *colon, *end;
	long long bytes;
	unsigned long long calls;

	tok = strtok_r(line, " \t", &save);
	if (!tok || !(*tok == '-' || (*tok >= '0' && *tok <= '9')))
		return false;
	bytes = strtoll(tok, &end, 10);
	if (*end)
		return false;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		return false;
	calls = strtoull(tok, &end, 10);
	if (*end)
		return false;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		return false;
	colon = strrchr(tok, ':');
	if (!colon)
		return false;
	*colon = '\0';
	r->line = strtoull(colon + 1, NULL, 10);
	snprintf(r->full_file, sizeof(r->full_file), "%s", tok);
	r->bytes = bytes;
	r->calls = calls;
	r->accurate = true;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		size_t len = strlen(tok);

		if (tok[0] == '[' && tok[len - 1] == ']') {
			tok[len - 1] = '\0';
			snprintf(r->mod, sizeof(r->mod), "%s", tok + 1);
		} else if (!strncmp(tok, "func:", 5)) {
			snprintf(r->full_func, sizeof(r->full_func), "%s",
				 tok + 5);
		} else if (!strcmp(tok, "accurate:no")) {
			r->accurate = false;
		}
		/* Other key:value pairs are allowed and ignored. */
	}
	suffix_copy(r->func, r->full_func);
	suffix_copy(r->file, r->full_file);
	return true;
}

/* Read the text file whole, from an open file (tfd >= 0) or a new one. */
static int text_read_fd(int tfd, struct dump *d)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap), *line, *save;
	bool own = tfd < 0;
	ssize_t got;

	if (own)
		tfd = open(ALLOCINFO, O_RDONLY);
	else if (lseek(tfd, 0, SEEK_SET))
		tfd = -1;
	if (tfd < 0 || !buf) {
		free(buf);
		return -errno;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				ksft_exit_fail_msg("out of memory\n");
		}
		got = read(tfd, buf + len, cap - len - 1);
		if (got < 0) {
			if (own)
				close(tfd);
			free(buf);
			return -errno;
		}
		if (!got)
			break;
		len += got;
	}
	if (own)
		close(tfd);
	buf[len] = '\0';
	dump_free(d);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct rec *r = dump_add(d);

		if (!text_parse_line(line, r))
			d->n--;
	}
	free(buf);
	return 0;
}

static int text_read(struct dump *d)
{
	return text_read_fd(-1, d);
}

static void rec_from_data(struct rec *r, const struct allocinfo_tag_data *t)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->mod, sizeof(r->mod), "%.*s", NAME_MAX_LEN, t->tag.modname);
	snprintf(r->func, sizeof(r->func), "%.*s", NAME_MAX_LEN,
		 t->tag.function);
	snprintf(r->file, sizeof(r->file), "%.*s", NAME_MAX_LEN,
		 t->tag.filename);
	r->line = t->tag.lineno;
	r->bytes = (int64_t)t->counter.bytes;
	r->calls = t->counter.calls;
	r->accurate = t->counter.accurate;
}

static int content_id(uint64_t *id)
{
	struct allocinfo_content_id c;

	if (ioctl(fd, ALLOCINFO_IOC_CONTENT_ID, &c))
		return -errno;
	*id = c.id;
	return 0;
}

/* GET_AT(pos, filter); the record in *r.  0 or -errno. */
static int get_at(uint64_t pos, const struct allocinfo_filter *f,
		  struct rec *r)
{
	struct allocinfo_get_at g;

	memset(&g, 0, sizeof(g));
	g.pos = pos;
	if (f)
		g.filter = *f;
	if (ioctl(fd, ALLOCINFO_IOC_GET_AT, &g))
		return -errno;
	if (r)
		rec_from_data(r, &g.data);
	return 0;
}

static int get_next(struct rec *r)
{
	struct allocinfo_tag_data t;

	memset(&t, 0, sizeof(t));
	if (ioctl(fd, ALLOCINFO_IOC_GET_NEXT, &t))
		return -errno;
	if (r)
		rec_from_data(r, &t);
	return 0;
}

/* Every match of the filter: GET_AT(0), then GET_NEXT until ENOENT. */
static int ioctl_list(const struct allocinfo_filter *f, struct dump *d)
{
	int ret;

	dump_clear(d);
	ret = get_at(0, f, dump_add(d));
	if (ret) {
		dump_clear(d);
		return ret == -ENOENT ? 0 : ret;
	}
	for (;;) {
		struct rec *r = dump_add(d);

		ret = get_next(r);
		if (ret) {
			d->n--;
			return ret == -ENOENT ? 0 : ret;
		}
	}
}

/*
 * The text file twice and the ioctl enumeration in between, all inside one
 * content_id window.  Both texts are read from one open file that stays
 * open throughout, so that what reading the text allocates (the file, the
 * seq_file and its buffer) is there for all three reads.  0, or -errno, or
 * -EAGAIN when the set of tags kept changing.
 */
static int snapshot(struct dump *t1, struct dump *io, struct dump *t2)
{
	uint64_t a = 0, b = 0;
	int i, ret, tfd;

	for (i = 0; i < 20; i++) {
		tfd = open(ALLOCINFO, O_RDONLY);
		if (tfd < 0)
			return -errno;
		ret = content_id(&a);
		if (!ret)
			ret = text_read_fd(tfd, t1);
		if (!ret)
			ret = ioctl_list(NULL, io);
		if (!ret)
			ret = text_read_fd(tfd, t2);
		if (!ret)
			ret = content_id(&b);
		close(tfd);
		if (ret)
			return ret;
		if (a == b)
			return 0;
		ksft_print_msg("content_id changed during a snapshot, retrying\n");
	}
	return -EAGAIN;
}

/*
 * Test 1: CONTENT_ID is stable while no module comes or goes, and changes
 * when one does, even a module without a single tag (alloc_none), whose
 * load and unload leave the tags as they were.
 */
static void test_content_id_stable(void)
{
	uint64_t a = 0, b = 0, c = 0, e = 0;
	struct dump d0 = { 0 }, d1 = { 0 };
	int bad = 0, ret;

	ret = content_id(&a);
	EXPECT(!ret, "CONTENT_ID: %s\n", strerror(-ret));
	text_read(&d0);
	ret = content_id(&b);
	EXPECT(!ret && a == b, "content_id moved without a module: %" PRIu64
	       " then %" PRIu64 "\n", a, b);
	if (!mod_available("alloc_none")) {
		ksft_test_result_skip("content_id: no %s/alloc_none.ko\n", moddir);
		dump_free(&d0);
		return;
	}
	ret = mod_load("alloc_none");
	EXPECT(!ret, "insmod alloc_none: %s\n", strerror(-ret));
	content_id(&c);
	ioctl_list(NULL, &d1);
	ret = mod_unload("alloc_none");
	EXPECT(!ret, "rmmod alloc_none: %s\n", strerror(-ret));
	content_id(&e);
	ioctl_list(NULL, &d0);
	EXPECT(c != b, "content_id did not change on insmod of a module without tags\n");
	EXPECT(e != c, "content_id did not change on rmmod of a module without tags\n");
	EXPECT(d0.n == d1.n && d0.n > 0,
	       "a module without tags changed the tag count: %zu, then %zu\n",
	       d1.n, d0.n);
	ksft_test_result(!bad, "content_id is stable, and moves on a module without tags (%"
			 PRIu64 ", %" PRIu64 ", %" PRIu64 ")\n", b, c, e);
	dump_free(&d0);
	dump_free(&d1);
}

/*
 * Test 2: the whole enumeration equals the text file, record by record, and
 * so do the counters of every tag that held still: the same in the text
 * before and after.  A tag can move and come back between the two reads,
 * so a mismatch is only one when it shows in every one of five snapshots.
 */
static void test_enumeration_matches_text(void)
{
	struct dump t1 = { 0 }, io = { 0 }, t2 = { 0 };
	size_t i, bad = 0, counted = 0, nonzero = 0, trimmed = 0, modtags = 0;
	int ret, tries;

	for (tries = 0; tries < 5; tries++) {
		ret = snapshot(&t1, &io, &t2);
		if (ret)
			break;
		bad = 0;
		for (i = 0; i < t1.n && i < io.n && i < t2.n; i++) {
			const struct rec *t = &t1.r[i], *o = &io.r[i];

			if (!same_tag(t, &t2.r[i]) || !same_tag(t, o) ||
			    t->bytes != t2.r[i].bytes ||
			    t->calls != t2.r[i].calls)
				continue;
			if (t->bytes != o->bytes || t->calls != o->calls)
				bad++;
		}
		if (!bad)
			break;
		ksft_print_msg("%zu still tags with other counters in the ioctl, retrying\n",
			       bad);
	}
	bad = 0;
	if (ret) {
		ksft_test_result_fail("enumeration matches text: snapshot: %s\n",
				      strerror(-ret));
		goto out;
	}
	if (t1.n != io.n || t2.n != io.n) {
		ksft_print_msg("text has %zu records, ioctl %zu\n", t1.n, io.n);
		bad++;
	}
	for (i = 0; i < t1.n && i < io.n; i++) {
		const struct rec *t = &t1.r[i], *o = &io.r[i];
		bool stable;

		if (strcmp(t->full_func, t->func) || strcmp(t->full_file, t->file))
			trimmed++;
		if (t->mod[0])
			modtags++;
		if (!same_tag(t, o) || t->accurate != o->accurate) {
			if (bad++ < 10)
				ksft_print_msg("record %zu: text %s, ioctl %s\n",
					       i, rec_str(t), rec_str(o));
			continue;
		}
		stable = i < t2.n && same_tag(t, &t2.r[i]) &&
			 t->bytes == t2.r[i].bytes &&
			 t->calls == t2.r[i].calls;
		if (!stable)
			continue;
		counted++;
		nonzero += t->bytes != 0;
		if (t->bytes != o->bytes || t->calls != o->calls) {
			if (bad++ < 10)
				ksft_print_msg("record %zu counters: text %s, ioctl %s\n",
					       i, rec_str(t), rec_str(o));
		}
	}
	ksft_print_msg("%zu records (%zu of modules, %zu with trimmed names), counters compared on %zu (%zu not 0)\n",
		       io.n, modtags, trimmed, counted, nonzero);
	/* Most tags of an idle system hold still, many with live bytes. */
	if (counted < io.n / 2 || nonzero < counted / 10) {
		ksft_print_msg("too few still tags to judge the counters\n");
		bad++;
	}
	ksft_test_result(!bad && io.n > 0,
			 "enumeration matches text record by record, counters of every still tag\n");
out:
	dump_free(&t1);
	dump_free(&io);
	dump_free(&t2);
}

static bool rec_matches(const struct rec *r, const struct allocinfo_filter *f)
{
	if ((f->mask & ALLOCINFO_FILTER_MASK_MODNAME) &&
	    strcmp(r->mod, f->fields.modname))
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_FUNCTION) &&
	    strcmp(r->func, f->fields.function))
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_FILENAME) &&
	    strcmp(r->file, f->fields.filename))
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_LINENO) &&
	    r->line != f->fields.lineno)
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_INACCURATE) &&
	    r->accurate != !FILTER_INACCURATE(f))
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_MIN_SIZE) &&
	    r->bytes < (int64_t)f->min_size)
		return false;
	if ((f->mask & ALLOCINFO_FILTER_MASK_MAX_SIZE) &&
	    r->bytes > (int64_t)f->max_size)
		return false;
	return true;
}

static const char *filter_str(const struct allocinfo_filter *f)
{
	static char buf[512];
	int n = snprintf(buf, sizeof(buf), "mask 0x%" PRIx64, (uint64_t)f->mask);

	if (f->mask & ALLOCINFO_FILTER_MASK_MODNAME)
		n += snprintf(buf + n, sizeof(buf) - n, " mod '%s'", f->fields.modname);
	if (f->mask & ALLOCINFO_FILTER_MASK_FUNCTION)
		n += snprintf(buf + n, sizeof(buf) - n, " func '%s'", f->fields.function);
	if (f->mask & ALLOCINFO_FILTER_MASK_FILENAME)
		n += snprintf(buf + n, sizeof(buf) - n, " file '%s'", f->fields.filename);
	if (f->mask & ALLOCINFO_FILTER_MASK_LINENO)
		n += snprintf(buf + n, sizeof(buf) - n, " line %" PRIu64,
			      (uint64_t)f->fields.lineno);
	if (f->mask & ALLOCINFO_FILTER_MASK_INACCURATE)
		n += snprintf(buf + n, sizeof(buf) - n, " inaccurate %" PRIu64,
			      (uint64_t)FILTER_INACCURATE(f));
	if (f->mask & ALLOCINFO_FILTER_MASK_MIN_SIZE)
		n += snprintf(buf + n, sizeof(buf) - n, " min %" PRId64,
			      (int64_t)f->min_size);
	if (f->mask & ALLOCINFO_FILTER_MASK_MAX_SIZE)
		snprintf(buf + n, sizeof(buf) - n, " max %" PRId64,
			 (int64_t)f->max_size);
	return buf;
}

static bool same_list(const struct dump *a, const struct dump *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!same_tag(&a->r[i], &b->r[i]))
			return false;
	return true;
}

/*
 * Check one filter against the subset of the full dump.  Counters move, so
 * with a size filter: every returned record must be within the bounds (the
 * kernel returns the snapshot it filtered on), the returned records must be
 * in dump order, and membership is checked for the tags whose bytes were the
 * same in the dumps before and after.  GET_AT(k) must return the k-th match.
 * Returns the number of problems.
 */
static int check_filter(const struct allocinfo_filter *f, const struct dump *before,
			struct dump *got, struct dump *after, size_t *nmatch)
{
	bool sized = f->mask & (ALLOCINFO_FILTER_MASK_MIN_SIZE |
				ALLOCINFO_FILTER_MASK_MAX_SIZE);
	size_t i, j, expected = 0;
	int ret, bad = 0;
	struct rec r;

	ret = ioctl_list(f, got);
	if (!ret)
		ret = ioctl_list(NULL, after);
	if (ret) {
		ksft_print_msg("%s: %s\n", filter_str(f), strerror(-ret));
		bad++;
		goto out;
	}
	if (after->n != before->n) {
		/* The caller holds no module lock: tell it to retry. */
		bad = -1;
		goto out;
	}
	/* Walk the dump and the result together: result is a subsequence. */
	for (i = 0, j = 0; i < before->n; i++) {
		const struct rec *b = &before->r[i];
		bool stable = !sized || b->bytes == after->r[i].bytes;
		bool want = rec_matches(b, f);
		bool have = j < got->n && same_tag(b, &got->r[j]);
		size_t k;

		/*
		 * Tags can share module, function, file and line (inline
		 * functions in headers, files built twice): when this one
		 * should not match, the record may be a later twin's.
		 */
		for (k = i + 1; have && stable && !want && k < before->n; k++)
			if (same_tag(b, &before->r[k]) &&
			    rec_matches(&before->r[k], f))
				have = false;

		if (have) {
			if (!rec_matches(&got->r[j], f) && bad++ < 5)
				ksft_print_msg("%s: returned %s, which does not match\n",
					       filter_str(f), rec_str(&got->r[j]));
			j++;
		}
		if (want)
			expected++;
		if (stable && want != have && bad++ < 5)
			ksft_print_msg("%s: %s %s\n", filter_str(f), rec_str(b),
				       want ? "missing" : "returned but does not match");
	}
	if (j != got->n && bad++ < 5)
		ksft_print_msg("%s: %zu records out of order or unknown\n",
			       filter_str(f), got->n - j);
	/*
	 * GET_AT(k) is the k-th match, and GET_AT(n) is the end.  With a size
	 * filter the matches move: compare only when the list is the same
	 * before and after the GET_AT.  Even then a tag may cross a bound and
	 * cross back between the two lists, so a disagreement is retried: a
	 * wrong GET_AT(k) gives the same wrong answer every time, a race does
	 * not.
	 */
	for (i = 0; i < 4 && got->n; i++) {
		size_t ks[] = { 0, 1, got->n / 2, got->n - 1 };
		char why[768] = "";
		bool checked = false, agreed = false;
		int tries;

		if (ks[i] >= got->n)
			continue;
		for (tries = 0; tries < 10 && ks[i] < got->n; tries++) {
			ret = get_at(ks[i], f, &r);
			if (!sized || (!ioctl_list(f, after) &&
				       same_list(got, after))) {
				checked = true;
				agreed = !ret && same_tag(&r, &got->r[ks[i]]) &&
					 rec_matches(&r, f);
				if (!agreed)
					snprintf(why, sizeof(why),
						 "GET_AT(%zu) gave %s (%s), the list has %s",
						 ks[i], ret ? "-" : rec_str(&r),
						 strerror(-ret),
						 rec_str(&got->r[ks[i]]));
				if (agreed || !sized)
					break;
			}
			if (ioctl_list(f, got))
				break;
		}
		if (ks[i] >= got->n)
			continue;
		if (!checked) {
			if (bad++ < 5)
				ksft_print_msg("%s: GET_AT(%zu) not checked: the matches kept moving\n",
					       filter_str(f), ks[i]);
		} else if (!agreed && bad++ < 5) {
			ksft_print_msg("%s: %s%s\n", filter_str(f), why,
				       sized ? ", every time the list held still" : "");
		}
	}
	if (!sized) {
		ret = get_at(got->n, f, NULL);
		if (ret != -ENOENT && bad++ < 5)
			ksft_print_msg("%s: GET_AT(%zu), one past the end, gave %d\n",
				       filter_str(f), got->n, ret);
	}
	if (nmatch)
		*nmatch = got->n;
out:
	return bad;
}

/*
 * check_filter() on a fresh dump, retried when the tag set changes.  With
 * a size bound a disagreement is retried too: a counter may cross the
 * bound and back while the lists are read, on a busy debug kernel often,
 * and that does not happen every time, while a wrong filter gives the
 * same wrong answer every time.
 *
 * The dumps keep their memory from one check to the next.  This process's
 * own mappings are counted by tags (vm_area_alloc, vma_lock_alloc), and a
 * random bound can sit right at such a counter: lists that were mapped
 * afresh for each walk would move it between the walk of the list and the
 * walk of GET_AT, the same way every time, and no retry would help.
 */
static int check_filter_retry(const struct allocinfo_filter *f, size_t *nmatch)
{
	static struct dump d, got, after;
	bool sized = f->mask & (ALLOCINFO_FILTER_MASK_MIN_SIZE |
				ALLOCINFO_FILTER_MASK_MAX_SIZE);
	int bad = -1, i;

	for (i = 0; i < 10 && (bad < 0 || (bad > 0 && sized)); i++) {
		if (bad > 0)
			ksft_print_msg("%s: checked again, the counters may have moved\n",
				       filter_str(f));
		if (ioctl_list(NULL, &d))
			break;
		bad = check_filter(f, &d, &got, &after, nmatch);
	}
	return bad < 0 ? 1 : bad;
}

static void name_set(char *dst, const char *src)
{
	memset(dst, 0, ALLOCINFO_STR_SIZE);
	snprintf(dst, ALLOCINFO_STR_SIZE, "%s", src);
}

/* Tests 3-9: each filter field alone, on values taken from the dump. */
static void test_filters_single(void)
{
	struct dump d = { 0 };
	struct allocinfo_filter f;
	size_t picks[5], i, n, total[7] = { 0 };
	int bad[7] = { 0 }, k;
	static const char *const names[7] = {
		"modname", "function", "filename", "lineno", "inaccurate",
		"min_size", "max_size",
	};

	if (ioctl_list(NULL, &d) || !d.n) {
		for (k = 0; k < 7; k++)
			ksft_test_result_fail("filter %s alone: no dump\n", names[k]);
		dump_free(&d);
		return;
	}
	picks[0] = 0;
	picks[1] = d.n / 3;
	picks[2] = d.n / 2;
	picks[3] = d.n - 1;
	picks[4] = rand() % d.n;

	for (i = 0; i < 5; i++) {
		const struct rec *r = &d.r[picks[i]];

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_MODNAME;
		name_set(f.fields.modname, r->mod);
		bad[0] += check_filter_retry(&f, &n);
		total[0] += n;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_FUNCTION;
		name_set(f.fields.function, r->func);
		bad[1] += check_filter_retry(&f, &n);
		total[1] += n;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_FILENAME;
		name_set(f.fields.filename, r->file);
		bad[2] += check_filter_retry(&f, &n);
		total[2] += n;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_LINENO;
		f.fields.lineno = r->line;
		bad[3] += check_filter_retry(&f, &n);
		total[3] += n;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
		f.min_size = (uint64_t)r->bytes;
		bad[5] += check_filter_retry(&f, &n);
		total[5] += n;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_MAX_SIZE;
		f.max_size = (uint64_t)r->bytes;
		bad[6] += check_filter_retry(&f, &n);
		total[6] += n;
	}
	/* Names that match nothing, and the built-in module "". */
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MODNAME;
	name_set(f.fields.modname, "no_such_module");
	bad[0] += check_filter_retry(&f, NULL);
	name_set(f.fields.modname, "");
	bad[0] += check_filter_retry(&f, NULL);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_FUNCTION;
	name_set(f.fields.function, "no_such_function");
	bad[1] += check_filter_retry(&f, NULL);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_FILENAME;
	name_set(f.fields.filename, "no/such/file.c");
	bad[2] += check_filter_retry(&f, NULL);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_LINENO;
	f.fields.lineno = 999999;
	bad[3] += check_filter_retry(&f, NULL);
	for (k = 0; k < 2; k++) {
		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_INACCURATE;
		FILTER_INACCURATE(&f) = k;
		bad[4] += check_filter_retry(&f, &n);
		total[4] += n;
		/* alloc_odd holds an inaccurate tag; most tags are accurate. */
		if (!n && (!k || have_mods)) {
			ksft_print_msg("filter inaccurate %d matched nothing\n", k);
			bad[4]++;
		}
	}
	/* Signed sizes: min -1 takes every tag with bytes >= -1. */
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
	f.min_size = (uint64_t)-1;
	bad[5] += check_filter_retry(&f, NULL);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MAX_SIZE;
	f.max_size = (uint64_t)INT64_MAX;
	bad[6] += check_filter_retry(&f, NULL);

	/* Every value came from a record: each field matched something. */
	for (k = 0; k < 7; k++)
		ksft_test_result(!bad[k] && total[k] >= 5,
				 "filter %s alone (%zu matches in all)\n",
				 names[k], total[k]);
	dump_free(&d);
}

/* Test 10: random combinations of fields taken from random records. */
static void test_filters_random(void)
{
	struct dump d = { 0 };
	struct allocinfo_filter f;
	unsigned int i;
	size_t n, nonempty = 0;
	int bad = 0;

	if (ioctl_list(NULL, &d) || !d.n) {
		ksft_test_result_fail("random filter combinations: no dump\n");
		dump_free(&d);
		return;
	}
	for (i = 0; i < rounds; i++) {
		const struct rec *r = &d.r[rand() % d.n];
		const struct rec *o = &d.r[rand() % d.n];
		int64_t lo, hi;

		memset(&f, 0, sizeof(f));
		f.mask = rand() & ALLOCINFO_FILTER_MASKS;
		/* Mostly the fields of one record, sometimes of another. */
		name_set(f.fields.modname, (rand() % 8) ? r->mod : o->mod);
		name_set(f.fields.function, (rand() % 8) ? r->func : o->func);
		name_set(f.fields.filename, (rand() % 8) ? r->file : o->file);
		f.fields.lineno = (rand() % 8) ? r->line : o->line;
		FILTER_INACCURATE(&f) = (rand() % 8) ? !r->accurate : r->accurate;
		lo = r->bytes - (rand() % 3 ? 0 : rand() % 65536);
		hi = r->bytes + (rand() % 3 ? 0 : rand() % 65536);
		f.min_size = (uint64_t)lo;
		f.max_size = (uint64_t)hi;
		bad += check_filter_retry(&f, &n);
		nonempty += n > 0;
		if (bad > 10)
			break;
	}
	/*
	 * Most filters take all their fields from one record, which then
	 * matches: a quarter of them empty at most, or the kernel lost tags.
	 */
	ksft_test_result(!bad && nonempty >= i / 4,
			 "random filter combinations (%u rounds, seed %u, %zu non-empty)\n",
			 i, seed, nonempty);
	dump_free(&d);
}

/* Test 11: GET_AT(k) is the k-th record, for every k. */
static void test_get_at_every_k(void)
{
	struct dump d = { 0 };
	size_t k, bad = 0;
	struct rec r;
	int ret, tries;

	for (tries = 0; tries < 10; tries++) {
		uint64_t a = 0, b = 0;

		bad = 0;
		content_id(&a);
		if (ioctl_list(NULL, &d))
			break;
		for (k = 0; k < d.n; k++) {
			ret = get_at(k, NULL, &r);
			if ((ret || !same_tag(&r, &d.r[k])) && bad++ < 5)
				ksft_print_msg("GET_AT(%zu): %s, want %s\n", k,
					       ret ? strerror(-ret) : rec_str(&r),
					       rec_str(&d.r[k]));
		}
		content_id(&b);
		if (a == b)
			break;
	}
	ksft_test_result(!bad && d.n, "GET_AT(k) is the k-th tag for every k (%zu)\n", d.n);
	dump_free(&d);
}

static int get_at_raw(struct allocinfo_get_at *g)
{
	return ioctl(fd, ALLOCINFO_IOC_GET_AT, g) ? -errno : 0;
}

/* After a failed GET_AT the cursor is at the end. */
static bool next_is_enoent(void)
{
	return get_next(NULL) == -ENOENT;
}

/* Test 12: EINVAL for a bad filter, and the cursor left at the end. */
static void test_einval(void)
{
	struct allocinfo_get_at g;
	static const uint64_t badmasks[] = {
		0x80, 0x100, 1ull << 31, 1ull << 32, 1ull << 63, ~0ull,
	};
	static const uint64_t namebits[] = {
		ALLOCINFO_FILTER_MASK_MODNAME, ALLOCINFO_FILTER_MASK_FUNCTION,
		ALLOCINFO_FILTER_MASK_FILENAME,
	};
	char *names[3];
	unsigned int i;
	int bad = 0, ret;

	for (i = 0; i < sizeof(badmasks) / sizeof(badmasks[0]); i++) {
		get_at(0, NULL, NULL);
		memset(&g, 0, sizeof(g));
		g.filter.mask = badmasks[i];
		ret = get_at_raw(&g);
		EXPECT(ret == -EINVAL, "mask 0x%" PRIx64 ": %d, want EINVAL\n",
		       badmasks[i], ret);
		EXPECT(next_is_enoent(), "mask 0x%" PRIx64 ": GET_NEXT after EINVAL is not ENOENT\n",
		       badmasks[i]);
	}

	/* min > max, compared signed. */
	memset(&g, 0, sizeof(g));
	g.filter.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE | ALLOCINFO_FILTER_MASK_MAX_SIZE;
	g.filter.min_size = 10;
	g.filter.max_size = 5;
	ret = get_at_raw(&g);
	EXPECT(ret == -EINVAL, "min 10 > max 5: %d, want EINVAL\n", ret);
	memset(&g, 0, sizeof(g));
	g.filter.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE | ALLOCINFO_FILTER_MASK_MAX_SIZE;
	g.filter.min_size = 0;
	g.filter.max_size = (uint64_t)-1;
	ret = get_at_raw(&g);
	EXPECT(ret == -EINVAL, "min 0 > max -1 (signed): %d, want EINVAL\n", ret);
	memset(&g, 0, sizeof(g));
	g.filter.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE | ALLOCINFO_FILTER_MASK_MAX_SIZE;
	g.filter.min_size = (uint64_t)-5;
	g.filter.max_size = 1ull << 40;
	ret = get_at_raw(&g);
	EXPECT(ret == 0 || ret == -ENOENT, "min -5 <= max 2^40 (signed): %d, want success\n", ret);
	/* min > max without both bits set is not an error. */
	memset(&g, 0, sizeof(g));
	g.filter.mask = ALLOCINFO_FILTER_MASK_MAX_SIZE;
	g.filter.min_size = 10;
	g.filter.max_size = 1ull << 40;
	ret = get_at_raw(&g);
	EXPECT(ret == 0 || ret == -ENOENT, "max only, min 10 ignored: %d\n", ret);

	/* Unterminated names, only when selected. */
	for (i = 0; i < 3; i++) {
		memset(&g, 0, sizeof(g));
		names[0] = g.filter.fields.modname;
		names[1] = g.filter.fields.function;
		names[2] = g.filter.fields.filename;
		memset(names[i], 'a', ALLOCINFO_STR_SIZE);
		g.filter.mask = namebits[i];
		ret = get_at_raw(&g);
		EXPECT(ret == -EINVAL, "unterminated name, mask 0x%" PRIx64 ": %d, want EINVAL\n",
		       namebits[i], ret);
		EXPECT(next_is_enoent(), "GET_NEXT after an unterminated name is not ENOENT\n");
		g.filter.mask = 0;
		ret = get_at_raw(&g);
		EXPECT(ret == 0, "unterminated but unselected name, field %u: %d, want 0\n",
		       i, ret);
	}

	/* inaccurate must be 0 or 1 when selected. */
	memset(&g, 0, sizeof(g));
	g.filter.mask = ALLOCINFO_FILTER_MASK_INACCURATE;
	FILTER_INACCURATE(&g.filter) = 2;
	ret = get_at_raw(&g);
	EXPECT(ret == -EINVAL, "inaccurate 2: %d, want EINVAL\n", ret);
	FILTER_INACCURATE(&g.filter) = ~0ull;
	ret = get_at_raw(&g);
	EXPECT(ret == -EINVAL, "inaccurate ~0: %d, want EINVAL\n", ret);
	g.filter.mask = 0;
	ret = get_at_raw(&g);
	EXPECT(ret == 0, "inaccurate 2 unselected: %d, want 0\n", ret);
	ksft_test_result(!bad, "EINVAL: unknown mask bits, min > max, unterminated names, inaccurate not 0/1\n");
}

/* Test 13: ENOENT at and after the end; no wrap around. */
static void test_enoent(void)
{
	struct dump d = { 0 };
	int bad = 0, ret, i;
	struct rec r;

	ioctl_list(NULL, &d);
	ret = get_at(d.n, NULL, NULL);
	EXPECT(ret == -ENOENT, "GET_AT(count %zu): %d, want ENOENT\n", d.n, ret);
	ret = get_at(d.n + 1000000, NULL, NULL);
	EXPECT(ret == -ENOENT, "GET_AT(count + 10^6): %d, want ENOENT\n", ret);
	ret = get_at(~0ull, NULL, NULL);
	EXPECT(ret == -ENOENT, "GET_AT(~0): %d, want ENOENT\n", ret);
	EXPECT(next_is_enoent(), "GET_NEXT after GET_AT ENOENT is not ENOENT\n");

	/* Walk to the end: GET_NEXT stays at ENOENT. */
	ret = get_at(d.n ? d.n - 1 : 0, NULL, &r);
	EXPECT(ret == 0, "GET_AT(last): %d\n", ret);
	for (i = 0; i < 5; i++) {
		ret = get_next(&r);
		EXPECT(ret == -ENOENT, "GET_NEXT #%d after the last tag: %d%s%s, want ENOENT (wrapped?)\n",
		       i, ret, ret ? "" : " ", ret ? "" : rec_str(&r));
	}
	/* A GET_AT starts again. */
	ret = get_at(0, NULL, &r);
	EXPECT(ret == 0 && d.n && same_tag(&r, &d.r[0]), "GET_AT(0) after the end: %d\n", ret);
	ret = get_next(&r);
	EXPECT(ret == 0 && d.n > 1 && same_tag(&r, &d.r[1]), "GET_NEXT after GET_AT(0): %d\n", ret);

	/* A filter with no match. */
	{
		struct allocinfo_filter f;

		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_FUNCTION;
		name_set(f.fields.function, "no_such_function_at_all");
		ret = get_at(0, &f, NULL);
		EXPECT(ret == -ENOENT, "GET_AT(0) with no match: %d\n", ret);
		EXPECT(next_is_enoent(), "GET_NEXT after a GET_AT without match is not ENOENT\n");
		EXPECT(next_is_enoent(), "second GET_NEXT after a GET_AT without match is not ENOENT\n");
	}

	/* A fresh open file starts before the first tag. */
	{
		int nfd = open(ALLOCINFO, O_RDONLY), ofd = fd;

		fd = nfd;
		ret = get_next(&r);
		fd = ofd;
		close(nfd);
		EXPECT(ret == 0 && d.n && same_tag(&r, &d.r[0]),
		       "GET_NEXT on a fresh file: %d, want the first tag\n", ret);
	}
	ksft_test_result(!bad, "ENOENT at and after the end, never wrapping\n");
	dump_free(&d);
}

/* Test 14: EFAULT, and a failed GET_NEXT copy does not move the cursor. */
static void test_efault(void)
{
	struct dump d = { 0 };
	int bad = 0, ret;
	struct rec r;
	void *ro, *none;
	long page = sysconf(_SC_PAGESIZE);

	ioctl_list(NULL, &d);
	/* A read-only page: copy_from_user works, copy_to_user faults. */
	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED || none == MAP_FAILED) {
		ksft_test_result_fail("EFAULT: mmap: %s\n", strerror(errno));
		dump_free(&d);
		return;
	}
	ret = ioctl(fd, ALLOCINFO_IOC_CONTENT_ID, NULL) ? -errno : 0;
	EXPECT(ret == -EFAULT, "CONTENT_ID(NULL): %d, want EFAULT\n", ret);
	ret = ioctl(fd, ALLOCINFO_IOC_CONTENT_ID, ro) ? -errno : 0;
	EXPECT(ret == -EFAULT, "CONTENT_ID(read-only): %d, want EFAULT\n", ret);
	ret = ioctl(fd, ALLOCINFO_IOC_GET_AT, NULL) ? -errno : 0;
	EXPECT(ret == -EFAULT, "GET_AT(NULL): %d, want EFAULT\n", ret);
	EXPECT(next_is_enoent(), "GET_NEXT after GET_AT EFAULT is not ENOENT\n");
	ret = ioctl(fd, ALLOCINFO_IOC_GET_AT, none) ? -errno : 0;
	EXPECT(ret == -EFAULT, "GET_AT(PROT_NONE): %d, want EFAULT\n", ret);
	get_at(0, NULL, NULL);
	ret = ioctl(fd, ALLOCINFO_IOC_GET_AT, ro) ? -errno : 0;	/* zeros: a valid GET_AT(0) */
	EXPECT(ret == -EFAULT, "GET_AT(read-only): %d, want EFAULT\n", ret);
	EXPECT(next_is_enoent(), "GET_NEXT after GET_AT copy-out EFAULT is not ENOENT\n");

	if (d.n >= 3) {
		ret = get_at(0, NULL, &r);
		EXPECT(ret == 0, "GET_AT(0): %d\n", ret);
		ret = ioctl(fd, ALLOCINFO_IOC_GET_NEXT, NULL) ? -errno : 0;
		EXPECT(ret == -EFAULT, "GET_NEXT(NULL): %d, want EFAULT\n", ret);
		ret = ioctl(fd, ALLOCINFO_IOC_GET_NEXT, ro) ? -errno : 0;
		EXPECT(ret == -EFAULT, "GET_NEXT(read-only): %d, want EFAULT\n", ret);
		ret = get_next(&r);
		EXPECT(ret == 0 && same_tag(&r, &d.r[1]),
		       "GET_NEXT after GET_NEXT EFAULT: %d %s, want the second tag %s\n",
		       ret, ret ? "" : rec_str(&r), rec_str(&d.r[1]));
		ret = get_next(&r);
		EXPECT(ret == 0 && same_tag(&r, &d.r[2]), "then the third tag: %d\n", ret);
	}
	munmap(ro, page);
	munmap(none, page);
	ksft_test_result(!bad, "EFAULT on bad pointers; a failed GET_NEXT copy keeps the cursor\n");
	dump_free(&d);
}

/* Test 15: unknown commands and wrong sizes give ENOTTY. */
static void test_enotty(void)
{
	static const unsigned long cmds[] = {
		_IOR(ALLOCINFO_IOC_BASE, 3, struct allocinfo_content_id),
		_IOR(ALLOCINFO_IOC_BASE, 0xff, struct allocinfo_content_id),
		_IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_CONTENT_ID, uint32_t),
		_IOW(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_CONTENT_ID, struct allocinfo_content_id),
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[OTHER_GET_AT_SIZE]),
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[232]),
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[488]),
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[440]),
		_IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, char[OTHER_GET_NEXT_SIZE]),
		_IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, char[248]),
		_IOR(0xA7, _ALLOCINFO_IOC_CONTENT_ID, struct allocinfo_content_id),
		_IO(ALLOCINFO_IOC_BASE, 0),
		0x5401, /* TCGETS */
	};
	char buf[1024];
	unsigned int i;
	int bad = 0, ret;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(buf, 0, sizeof(buf));
		ret = ioctl(fd, cmds[i], buf) ? -errno : 0;
		EXPECT(ret == -ENOTTY, "command 0x%lx: %d, want ENOTTY\n", cmds[i], ret);
	}
	ksft_test_result(!bad, "ENOTTY for unknown commands and wrong sizes\n");
}

static int check_zeroed(const struct allocinfo_tag_data *t, const char *what)
{
	const unsigned char *p;
	const char *names[3] = { t->tag.modname, t->tag.function, t->tag.filename };
	size_t i, len;
	int bad = 0;

	for (i = 0; i < 3; i++) {
		len = strnlen(names[i], ALLOCINFO_STR_SIZE);
		if (len == ALLOCINFO_STR_SIZE) {
			if (bad++ < 3)
				ksft_print_msg("%s: name %zu not terminated\n", what, i);
			continue;
		}
		for (p = (const unsigned char *)names[i] + len;
		     p < (const unsigned char *)names[i] + ALLOCINFO_STR_SIZE; p++)
			if (*p && bad++ < 3)
				ksft_print_msg("%s: name %zu byte %td is 0x%02x\n", what,
					       i, p - (const unsigned char *)names[i], *p);
	}
#ifndef ALLOCINFO_LAYOUT_MM
	if (t->tag.inaccurate && bad++ < 3)
		ksft_print_msg("%s: tag.inaccurate is 0x%" PRIx64 "\n", what,
			       (uint64_t)t->tag.inaccurate);
#endif
	if (t->counter.accurate > 1 && bad++ < 3)
		ksft_print_msg("%s: accurate is 0x%x\n", what, t->counter.accurate);
	p = (const unsigned char *)&t->counter;
	for (i = offsetof(struct allocinfo_counter, accurate) + 1;
	     i < sizeof(struct allocinfo_counter); i++)
		if (p[i] && bad++ < 3)
			ksft_print_msg("%s: counter padding byte %zu is 0x%02x\n",
				       what, i, p[i]);
	return bad;
}

/* Test 16: output bytes the kernel does not fill come back zero. */
static void test_zeroed_output(void)
{
	struct allocinfo_get_at g;
	struct allocinfo_tag_data t;
	size_t n = 0;
	int bad = 0, ret;
	char what[64];

	/* GET_AT with everything but the inputs set to 0xAA. */
	memset(&g, 0xAA, sizeof(g));
	g.pos = 0;
	g.filter.mask = 0;
	ret = get_at_raw(&g);
	EXPECT(ret == 0, "GET_AT(0) with 0xAA: %d\n", ret);
	if (!ret)
		bad += check_zeroed(&g.data, "GET_AT(0)");
	/* A filter with 0xAA in the fields it selects and the others. */
	memset(&g, 0xAA, sizeof(g));
	g.pos = 0;
	g.filter.mask = ALLOCINFO_FILTER_MASK_MODNAME;
	memset(g.filter.fields.modname, 0, ALLOCINFO_STR_SIZE);
	ret = get_at_raw(&g);
	EXPECT(ret == 0, "GET_AT(0, built-in) with 0xAA: %d\n", ret);
	if (!ret)
		bad += check_zeroed(&g.data, "GET_AT(0, built-in)");
	/* Every record through GET_NEXT. */
	get_at(0, NULL, NULL);
	for (;;) {
		memset(&t, 0xAA, sizeof(t));
		ret = ioctl(fd, ALLOCINFO_IOC_GET_NEXT, &t) ? -errno : 0;
		if (ret)
			break;
		snprintf(what, sizeof(what), "GET_NEXT #%zu", ++n);
		bad += check_zeroed(&t, what);
	}
	EXPECT(ret == -ENOENT, "GET_NEXT ended with %d\n", ret);
	ksft_test_result(!bad, "unused name bytes, input-only fields and padding are zero (%zu records)\n",
			 n + 1);
}

/* The records of one module, by the modname filter. */
static int module_tags(const char *mod, struct dump *d)
{
	struct allocinfo_filter f;

	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MODNAME;
	name_set(f.fields.modname, mod);
	return ioctl_list(&f, d);
}

/*
 * Test 17: long names.  With alloc_long loaded, its tags carry the last 63
 * bytes of names longer than 63 bytes, the modname filter returns exactly
 * its tags, and the suffix finds the tag.
 */
static void test_long_names(void)
{
	static const char *const fns[] = {
		"alloc_long_fn_exactly_sixty_three_bytes_long_xxxxxxxxxxxxxxxxxx",
		"alloc_long_fn_exactly_sixty_four_bytes_long_yyyyyyyyyyyyyyyyyyyy",
		"alloc_long_fn_with_an_identifier_far_longer_than_sixty_three_bytes_so_only_its_tail_is_reported",
	};
	struct dump d = { 0 }, all = { 0 };
	struct allocinfo_filter f;
	unsigned int i;
	size_t j, n, inmod = 0;
	int bad = 0, ret;
	struct rec r;

	ret = module_tags("alloc_long", &d);
	if (ret || !d.n) {
		ksft_test_result_fail("long names: alloc_long has no tags (%d)\n", ret);
		return;
	}
	ioctl_list(NULL, &all);
	for (j = 0; j < all.n; j++)
		inmod += !strcmp(all.r[j].mod, "alloc_long");
	EXPECT(inmod == d.n, "modname filter gave %zu tags, the dump has %zu\n", d.n, inmod);
	for (i = 0; i < 3; i++) {
		char want[ALLOCINFO_STR_SIZE];

		suffix_copy(want, fns[i]);
		for (j = 0; j < d.n; j++)
			if (!strcmp(d.r[j].func, want))
				break;
		EXPECT(j < d.n, "no alloc_long tag with function '%s'\n", want);
		if (j == d.n)
			continue;
		EXPECT(strlen(d.r[j].file) == NAME_MAX_LEN,
		       "file name '%s' should be the 63-byte tail\n", d.r[j].file);
		EXPECT(!strcmp(d.r[j].file + NAME_MAX_LEN - 2, ".c"),
		       "file name '%s' does not end the source name\n", d.r[j].file);
		/* The suffix matches; the full name (if it fits) too. */
		memset(&f, 0, sizeof(f));
		f.mask = ALLOCINFO_FILTER_MASK_FUNCTION | ALLOCINFO_FILTER_MASK_FILENAME;
		name_set(f.fields.function, want);
		name_set(f.fields.filename, d.r[j].file);
		ret = get_at(0, &f, &r);
		EXPECT(ret == 0 && same_tag(&r, &d.r[j]), "suffix filter for %s: %d\n", want, ret);
		ret = get_next(NULL);
		EXPECT(ret == -ENOENT, "suffix filter for %s matched twice\n", want);
		if (strlen(fns[i]) > NAME_MAX_LEN) {
			/* The first 63 bytes are not the name. */
			memcpy(f.fields.function, fns[i], NAME_MAX_LEN);
			f.fields.function[NAME_MAX_LEN] = '\0';
			ret = get_at(0, &f, NULL);
			EXPECT(ret == -ENOENT, "the 63-byte prefix of %s matched: %d\n",
			       fns[i], ret);
		}
	}
	n = d.n;
	ksft_test_result(!bad, "names longer than 63 bytes keep their last 63 (%zu tags of alloc_long)\n",
			 n);
	dump_free(&d);
	dump_free(&all);
}

/* Test 18: content_id changes on insmod and on rmmod. */
static void test_content_id_modules(void)
{
	uint64_t a = 0, b = 0, c = 0;
	struct dump d = { 0 };
	int bad = 0, ret;

	mod_unload("alloc_grow2");
	content_id(&a);
	ret = mod_load("alloc_grow2");
	EXPECT(!ret, "insmod alloc_grow2: %s\n", strerror(-ret));
	content_id(&b);
	module_tags("alloc_grow2", &d);
	EXPECT(d.n > 0, "alloc_grow2 has no tags after insmod\n");
	ret = mod_unload("alloc_grow2");
	EXPECT(!ret, "rmmod alloc_grow2: %s\n", strerror(-ret));
	content_id(&c);
	module_tags("alloc_grow2", &d);
	EXPECT(d.n == 0, "alloc_grow2 has %zu tags after rmmod\n", d.n);
	EXPECT(a != b, "content_id did not change on insmod (%" PRIu64 ")\n", a);
	EXPECT(b != c, "content_id did not change on rmmod (%" PRIu64 ")\n", b);
	ksft_test_result(!bad, "content_id changes on insmod and rmmod (%" PRIu64 ", %" PRIu64
			 ", %" PRIu64 ")\n", a, b, c);
	dump_free(&d);
}

/*
 * Test 19: a cursor inside a module's tags survives the module going away
 * and another one coming (same id, maybe same address): GET_NEXT returns
 * valid records or ENOENT.  A use-after-free shows as a KASAN report on the
 * debug kernel (the harness fails on it) or as garbage here.
 */
static void test_stale_cursor(void)
{
	struct allocinfo_filter f;
	int bad = 0, ret, i, j;
	struct rec r;

	for (i = 0; i < 10; i++) {
		const char *mod = (i & 1) ? "alloc_long" : "alloc_grow2";

		ret = mod_load("alloc_grow2");
		EXPECT(!ret, "insmod alloc_grow2: %s\n", strerror(-ret));
		memset(&f, 0, sizeof(f));
		if (i & 2) {
			f.mask = ALLOCINFO_FILTER_MASK_MODNAME;
			name_set(f.fields.modname, "alloc_grow2");
		}
		/* Position on alloc_grow2's first tag. */
		ret = get_at(0, &f, &r);
		if (!(i & 2)) {
			uint64_t k;

			for (k = 0; !ret && strcmp(r.mod, "alloc_grow2"); k++)
				ret = get_at(k + 1, NULL, &r);
		}
		EXPECT(!ret && !strcmp(r.mod, "alloc_grow2"),
		       "round %d: no alloc_grow2 tag to stand on\n", i);
		mod_unload("alloc_grow2");
		if (i & 1)
			mod_unload(mod);
		ret = mod_load("alloc_grow2");
		EXPECT(!ret, "insmod alloc_grow2 again: %s\n", strerror(-ret));
		if (i & 1)
			mod_load(mod);
		for (j = 0; j < 100000; j++) {
			struct allocinfo_tag_data t;

			memset(&t, 0xAA, sizeof(t));
			ret = ioctl(fd, ALLOCINFO_IOC_GET_NEXT, &t) ? -errno : 0;
			if (ret)
				break;
			rec_from_data(&r, &t);
			if ((!memchr(t.tag.modname, 0, ALLOCINFO_STR_SIZE) ||
			     !memchr(t.tag.function, 0, ALLOCINFO_STR_SIZE) ||
			     !memchr(t.tag.filename, 0, ALLOCINFO_STR_SIZE) ||
			     !r.func[0] || !r.file[0] || !r.line ||
			     t.counter.accurate > 1) && bad++ < 10)
				ksft_print_msg("round %d: garbage record %s\n", i, rec_str(&r));
		}
		EXPECT(ret == -ENOENT, "round %d: GET_NEXT after rmmod+insmod: %d\n", i, ret);
	}
	mod_unload("alloc_grow2");
	ksft_test_result(!bad, "GET_AT, rmmod, insmod, GET_NEXT is safe\n");
}


/* A module parameter of a loaded module, or -1. */
static long long mod_param(const char *mod, const char *name)
{
	char path[256], buf[64];
	long long v = -1;
	ssize_t n;
	int pfd;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", mod, name);
	pfd = open(path, O_RDONLY);
	if (pfd < 0)
		return -1;
	n = read(pfd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		v = strtoll(buf, NULL, 10);
	}
	close(pfd);
	return v;
}

/* The one tag of a module's function, from the text and the ioctl. */
static int odd_tag(const char *func, struct rec *text, struct rec *io)
{
	struct dump d = { 0 };
	struct allocinfo_filter f;
	size_t i, n = 0;
	int ret;

	ret = text_read(&d);
	for (i = 0; !ret && i < d.n; i++) {
		if (!strcmp(d.r[i].mod, "alloc_odd") &&
		    !strcmp(d.r[i].func, func)) {
			*text = d.r[i];
			n++;
		}
	}
	dump_free(&d);
	if (ret || n != 1)
		return ret ? ret : -ENOENT;
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MODNAME | ALLOCINFO_FILTER_MASK_FUNCTION;
	name_set(f.fields.modname, "alloc_odd");
	name_set(f.fields.function, func);
	ret = ioctl_list(&f, &d);
	if (!ret && d.n == 1)
		*io = d.r[0];
	else if (!ret)
		ret = -ENOENT;
	dump_free(&d);
	return ret;
}

/* How many of alloc_odd's tags a filter (on its module) returns. */
static size_t odd_count(struct allocinfo_filter *f, const char *func)
{
	struct dump d = { 0 };
	size_t i, n = 0;

	f->mask |= ALLOCINFO_FILTER_MASK_MODNAME;
	name_set(f->fields.modname, "alloc_odd");
	if (ioctl_list(f, &d))
		return (size_t)-1;
	for (i = 0; i < d.n; i++)
		n += !func || !strcmp(d.r[i].func, func);
	dump_free(&d);
	return n;
}

/*
 * Test 20: alloc_odd's inaccurate tag and its tag with negative bytes, as
 * the text file shows them: the ioctl reports the same, and the filters
 * treat them as documented (inaccurate 1 finds exactly the one, and sizes
 * are compared signed).
 */
static void test_odd_tags(void)
{
	struct allocinfo_filter f;
	long long neg = mod_param("alloc_odd", "neg_bytes");
	struct rec t, o;
	int bad = 0, ret;
	size_t n;

	if (neg <= 0) {
		ksft_test_result_fail("odd tags: alloc_odd is not loaded\n");
		return;
	}
	ret = odd_tag("alloc_odd_inaccurate", &t, &o);
	EXPECT(!ret, "alloc_odd_inaccurate: no single tag (%s)\n", strerror(-ret));
	if (!ret) {
		EXPECT(!t.accurate, "text: %s is not accurate:no\n", rec_str(&t));
		EXPECT(!o.accurate, "ioctl: %s is accurate\n", rec_str(&o));
		/* 4 KiB, rounded up to the slab object (KASAN adds to it). */
		EXPECT(t.bytes >= 4096 && o.bytes == t.bytes && o.calls == 1 &&
		       t.calls == 1,
		       "alloc_odd_inaccurate: text %s, ioctl %s, want 4096+/1\n",
		       rec_str(&t), rec_str(&o));
	}
	ret = odd_tag("alloc_odd_negative", &t, &o);
	EXPECT(!ret, "alloc_odd_negative: no single tag (%s)\n", strerror(-ret));
	if (!ret) {
		EXPECT(t.bytes == -neg && o.bytes == -neg,
		       "alloc_odd_negative: text %s, ioctl %s, want %lld bytes\n",
		       rec_str(&t), rec_str(&o), -neg);
		EXPECT(o.accurate, "ioctl: %s is not accurate\n", rec_str(&o));
	}

	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_INACCURATE;
	FILTER_INACCURATE(&f) = 1;
	n = odd_count(&f, NULL);
	EXPECT(n == 1, "inaccurate 1: %zu of alloc_odd's tags, want 1\n", n);
	n = odd_count(&f, "alloc_odd_inaccurate");
	EXPECT(n == 1, "inaccurate 1 does not return alloc_odd_inaccurate\n");
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_INACCURATE;
	FILTER_INACCURATE(&f) = 0;
	n = odd_count(&f, "alloc_odd_inaccurate");
	EXPECT(n == 0, "inaccurate 0 returns alloc_odd_inaccurate\n");
	n = odd_count(&f, "alloc_odd_negative");
	EXPECT(n == 1, "inaccurate 0 does not return alloc_odd_negative\n");

	/* Signed: min 0 leaves the negative tag out, max -1 keeps only it. */
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
	f.min_size = 0;
	n = odd_count(&f, "alloc_odd_negative");
	EXPECT(n == 0, "min 0 returns the tag of %lld bytes\n", -neg);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MAX_SIZE;
	f.max_size = (uint64_t)-1;
	n = odd_count(&f, NULL);
	EXPECT(n == 1 && odd_count(&f, "alloc_odd_negative") == 1,
	       "max -1: %zu of alloc_odd's tags, want only the negative one\n", n);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE | ALLOCINFO_FILTER_MASK_MAX_SIZE;
	f.min_size = (uint64_t)-neg;
	f.max_size = (uint64_t)-neg;
	n = odd_count(&f, NULL);
	EXPECT(n == 1, "min = max = %lld: %zu tags, want 1\n", -neg, n);
	f.min_size = (uint64_t)(-neg + 1);
	f.max_size = (uint64_t)INT64_MAX;
	n = odd_count(&f, "alloc_odd_negative");
	EXPECT(n == 0, "min %lld returns the tag of %lld bytes\n", -neg + 1, -neg);
	ksft_test_result(!bad, "an inaccurate tag and a tag of %lld bytes, as the text shows them\n",
			 -neg);
}

/* A long GET_AT in a thread of ours: every tag's counters summed. */
struct long_get_at {
	uint64_t pos;
	struct rec r;
	int ret;
	int started;
	int done;
	pthread_t thread;
};

static void *long_get_at_thread(void *arg)
{
	struct long_get_at *lg = arg;
	struct sched_param sp = { 0 };
	struct allocinfo_filter f;

	/*
	 * The walk takes a millisecond or so.  Run it as SCHED_IDLE while
	 * spinners keep the CPUs busy: it then sits preempted in its
	 * cond_resched() calls, holding the file's lock, for as long as the
	 * spinners run.
	 */
	pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
	memset(&f, 0, sizeof(f));
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
	f.min_size = (uint64_t)INT64_MIN;
	__atomic_store_n(&lg->started, 1, __ATOMIC_RELEASE);
	lg->ret = get_at(lg->pos, &f, &lg->r);
	__atomic_store_n(&lg->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The state letter of a process, from /proc/PID/stat. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int sfd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	sfd = open(path, O_RDONLY);
	if (sfd < 0)
		return '?';
	n = read(sfd, buf, sizeof(buf) - 1);
	close(sfd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static int spin_stop;

static void *spin_thread(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&spin_stop, __ATOMIC_RELAXED))
		;
	return NULL;
}

/*
 * Test 21: fork + SIGKILL.  Our GET_AT walks far (alloc_scale's 10,000 tags,
 * every counter summed up) while a forked child sharing the open file waits
 * for the file's lock and is killed.  The killed call must have no effect:
 * our GET_NEXT returns the tag after ours.  Should the child get the lock
 * after all, before or after us, its GET_AT stands on the first built-in
 * tag at once (no walk a signal could cut short), and our GET_NEXT returns
 * the next built-in tag: never ENOENT.  Rounds count when the child was
 * seen waiting for the lock (state D) and was killed there; three must.
 * Then children killed in the middle of their own walks leave the file
 * usable.
 */
static void test_fork_sigkill(void)
{
	struct dump d = { 0 };
	struct long_get_at lg;
	int bad = 0, ret, round, status, waited, conclusive = 0, polls, i;
	pthread_t spin[2];
	char last = 0;
	struct rec r;
	pid_t pid;

	if (no_threads) {
		ksft_test_result_fail("fork + SIGKILL: not run: %s\n", no_threads);
		return;
	}
	if (ioctl_list(NULL, &d) || d.n < 1000 || d.r[0].mod[0] || d.r[1].mod[0]) {
		ksft_test_result_fail("fork + SIGKILL: %zu tags, want alloc_scale's 10,000 and more\n",
				      d.n);
		dump_free(&d);
		return;
	}
	for (round = 0; round < 30 && conclusive < 5; round++) {
		int go[2];
		char c = 0;

		if (pipe(go))
			ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
		/* The child is ready before our walk starts: it only waits. */
		pid = fork();
		if (pid == 0) {
			struct allocinfo_filter f;

			memset(&f, 0, sizeof(f));
			f.mask = ALLOCINFO_FILTER_MASK_MODNAME;
			close(go[1]);
			if (read(go[0], &c, 1) == 1)
				get_at(0, &f, NULL);
			_exit(0);
		}
		close(go[0]);
		memset(&lg, 0, sizeof(lg));
		lg.pos = d.n - 2;
		__atomic_store_n(&spin_stop, 0, __ATOMIC_RELAXED);
		for (i = 0; i < 2; i++)
			pthread_create(&spin[i], NULL, spin_thread, NULL);
		pthread_create(&lg.thread, NULL, long_get_at_thread, &lg);
		while (!__atomic_load_n(&lg.started, __ATOMIC_ACQUIRE))
			usleep(100);
		/* Time for our slow walk to take the file's lock first. */
		usleep(20000);
		if (write(go[1], &c, 1) != 1)
			ksft_exit_fail_msg("write: %s\n", strerror(errno));
		close(go[1]);
		/* Kill the child once it sleeps on the lock (killable: D). */
		waited = 0;
		polls = 0;
		while (!__atomic_load_n(&lg.done, __ATOMIC_ACQUIRE)) {
			char st = proc_state(pid);

			polls++;
			last = st;
			if (st == 'D') {
				waited = 1;
				break;
			}
			if (st == 'Z' || st == '?')
				break;
		}
		if (!waited)
			ksft_print_msg("round %d: child state '%c' after %d looks, our walk %s\n",
				       round, last ? last : '-', polls,
				       __atomic_load_n(&lg.done, __ATOMIC_ACQUIRE) ?
				       "done" : "going on");
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		/* Only a kill that came before our GET_AT ended counts. */
		waited &= !__atomic_load_n(&lg.done, __ATOMIC_ACQUIRE);
		__atomic_store_n(&spin_stop, 1, __ATOMIC_RELAXED);
		for (i = 0; i < 2; i++)
			pthread_join(spin[i], NULL);
		pthread_join(lg.thread, NULL);
		EXPECT(!lg.ret && same_tag(&lg.r, &d.r[d.n - 2]),
		       "round %d: our GET_AT(%zu): %s\n", round, d.n - 2,
		       strerror(-lg.ret));
		ret = get_next(&r);
		if (!ret && same_tag(&r, &d.r[d.n - 1])) {
			conclusive += waited;
			continue;
		}
		/* The child got the lock after us, and its GET_AT stands. */
		EXPECT(!ret && same_tag(&r, &d.r[1]),
		       "round %d: GET_NEXT after GET_AT(%zu) gave %s (%s), want %s\n",
		       round, d.n - 2, ret ? "-" : rec_str(&r), strerror(-ret),
		       rec_str(&d.r[d.n - 1]));
	}
	EXPECT(conclusive >= 3, "only %d of %d rounds killed the child while it waited\n",
	       conclusive, round);

	/* Killed in the middle of its walks: the file stays usable. */
	for (round = 0; round < 5; round++) {
		pid = fork();
		if (pid == 0) {
			struct allocinfo_filter f;

			memset(&f, 0, sizeof(f));
			f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
			f.min_size = (uint64_t)INT64_MIN;
			for (;;)
				get_at(d.n - 1, &f, NULL);
		}
		usleep(2000 + 3000 * round);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		ret = get_at(1, NULL, &r);
		EXPECT(!ret && same_tag(&r, &d.r[1]), "after a killed walker: GET_AT(1): %s\n",
		       strerror(-ret));
		ret = get_next(&r);
		EXPECT(!ret && same_tag(&r, &d.r[2]), "after a killed walker: GET_NEXT: %s\n",
		       strerror(-ret));
	}
	ksft_test_result(!bad, "fork + SIGKILL: a call killed before it has the lock has no effect (%d rounds)\n",
			 conclusive);
	dump_free(&d);
}

/* Two threads calling GET_NEXT on one open file. */
struct walker {
	struct dump got;
	size_t *idx;	/* index of each record in the full dump */
	const struct dump *all;
	int ret;
	pthread_t thread;
};

static void *walker_thread(void *arg)
{
	struct walker *w = arg;
	struct rec r;

	for (;;) {
		w->ret = get_next(&r);
		if (w->ret)
			break;
		*dump_add(&w->got) = r;
	}
	if (w->ret == -ENOENT)
		w->ret = 0;
	return NULL;
}

/*
 * Test 22: two threads on one open file.  After one GET_AT(0), both call
 * GET_NEXT until ENOENT: the cursor is the file's, so between them they get
 * every other tag exactly once, each in the file's order.  Keys are not
 * unique (an inline function in a header, a file built twice), so each
 * thread's records must be a subsequence of the file's, and together they
 * must be the file's records as a multiset: every one of them used once.
 */
static void test_two_threads(void)
{
	struct dump all = { 0 };
	struct walker w[2];
	int bad = 0, round, i;
	unsigned char *seen = NULL;
	size_t j, k, total;
	struct rec first;

	if (no_threads) {
		ksft_test_result_fail("two threads on one file: not run: %s\n", no_threads);
		return;
	}
	for (round = 0; round < 5; round++) {
		uint64_t a = 0, b = 0;

		content_id(&a);
		if (ioctl_list(NULL, &all) || all.n < 2) {
			EXPECT(0, "no dump\n");
			break;
		}
		free(seen);
		seen = calloc(all.n, 1);
		memset(w, 0, sizeof(w));
		EXPECT(!get_at(0, NULL, &first) && same_tag(&first, &all.r[0]),
		       "GET_AT(0) is not the first tag\n");
		seen[0] = 1;
		for (i = 0; i < 2; i++)
			pthread_create(&w[i].thread, NULL, walker_thread, &w[i]);
		for (i = 0; i < 2; i++)
			pthread_join(w[i].thread, NULL);
		content_id(&b);
		if (a != b) {
			ksft_print_msg("content_id changed, again\n");
			round--;
			continue;
		}
		total = 1;
		for (i = 0; i < 2; i++) {
			EXPECT(!w[i].ret, "thread %d: %s\n", i, strerror(-w[i].ret));
			/* Each thread's records come in the file's order. */
			for (j = 0, k = 1; j < w[i].got.n; j++, k++) {
				while (k < all.n && !same_tag(&all.r[k], &w[i].got.r[j]))
					k++;
				EXPECT(k < all.n,
				       "thread %d: record %s out of order or unknown\n", i,
				       rec_str(&w[i].got.r[j]));
			}
			/* And no record of the file comes twice. */
			for (j = 0; j < w[i].got.n; j++) {
				for (k = 1; k < all.n; k++)
					if (!seen[k] && same_tag(&all.r[k], &w[i].got.r[j]))
						break;
				EXPECT(k < all.n, "thread %d: record %s returned twice\n",
				       i, rec_str(&w[i].got.r[j]));
				if (k < all.n)
					seen[k] = 1;
			}
			total += w[i].got.n;
			dump_free(&w[i].got);
		}
		EXPECT(total == all.n, "round %d: %zu records between the threads, want %zu\n",
		       round, total, all.n);
	}
	free(seen);
	ksft_test_result(!bad, "two threads on one file share its cursor: every tag once (%zu)\n",
			 all.n);
	dump_free(&all);
}

/*
 * Test 23: read() and the ioctls interleaved on one open file: the text
 * comes out whole in small reads while GET_NEXT walks every tag, and the
 * two agree.
 */
static void test_read_interleaved(void)
{
	struct dump all = { 0 }, text = { 0 }, io = { 0 };
	size_t len = 0, cap = 1 << 16, i;
	char *buf = malloc(cap), *line, *save;
	int bad = 0, ret = 0, tries;
	ssize_t got;

	for (tries = 0; tries < 10; tries++) {
		uint64_t a = 0, b = 0;
		bool walking = true;

		content_id(&a);
		ioctl_list(NULL, &all);
		dump_free(&io);
		lseek(fd, 0, SEEK_SET);
		len = 0;
		ret = get_at(0, NULL, dump_add(&io));
		for (;;) {
			if (cap - len < 512) {
				cap *= 2;
				buf = realloc(buf, cap);
				if (!buf)
					ksft_exit_fail_msg("out of memory\n");
			}
			got = read(fd, buf + len, 100);
			if (got < 0) {
				ret = -errno;
				break;
			}
			len += got;
			if (walking) {
				ret = get_next(dump_add(&io));
				if (ret) {
					io.n--;
					walking = false;
					if (ret != -ENOENT)
						break;
					ret = 0;
				}
			}
			if (!got && !walking)
				break;
		}
		content_id(&b);
		if (a == b)
			break;
	}
	EXPECT(!ret, "read or GET_NEXT failed: %s\n", strerror(-ret));
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct rec *r = dump_add(&text);

		if (!text_parse_line(line, r))
			text.n--;
	}
	EXPECT(text.n == all.n && io.n == all.n,
	       "text %zu records, ioctl walk %zu, full enumeration %zu\n",
	       text.n, io.n, all.n);
	for (i = 0; i < all.n && i < text.n && i < io.n; i++) {
		EXPECT(same_tag(&text.r[i], &all.r[i]) && same_tag(&io.r[i], &all.r[i]),
		       "record %zu: text %s, ioctl %s, want %s\n", i,
		       rec_str(&text.r[i]), rec_str(&io.r[i]), rec_str(&all.r[i]));
	}
	ksft_test_result(!bad && all.n, "read() and GET_NEXT interleaved on one file (%zu bytes)\n",
			 len);
	free(buf);
	dump_free(&all);
	dump_free(&text);
	dump_free(&io);
}

/*
 * Test 24: walks racing module loads and unloads: a child loads and
 * unloads alloc_grow2 CYCLES times while we walk.  Every record must be
 * sane, every walk must end, the content id must move under some of them,
 * and a walk in one content id window afterwards must be whole.  On the
 * debug kernel, KASAN and lockdep watch (the harness fails on a report).
 */
static void test_reload_race(void)
{
	struct dump d = { 0 }, base = { 0 };
	unsigned long walks = 0, moved = 0, recs = 0;
	int bad = 0, ret, status;
	unsigned int c;
	pid_t pid;

	mod_unload("alloc_grow2");
	ioctl_list(NULL, &base);
	pid = fork();
	if (pid == 0) {
		for (c = 0; c < cycles; c++) {
			if (mod_load("alloc_grow2") || mod_unload("alloc_grow2"))
				_exit(1);
		}
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		uint64_t a = 0, b = 0;
		size_t i;

		content_id(&a);
		ret = ioctl_list(NULL, &d);
		content_id(&b);
		EXPECT(!ret, "walk %lu: %s\n", walks, strerror(-ret));
		for (i = 0; i < d.n; i++) {
			const struct rec *r = &d.r[i];

			if ((!r->func[0] || !r->file[0] || !r->line ||
			     (r->mod[0] && strcmp(r->mod, "alloc_grow2") &&
			      strcmp(r->mod, "alloc_odd") && strcmp(r->mod, "alloc_long") &&
			      strcmp(r->mod, "alloc_scale"))) && bad++ < 10)
				ksft_print_msg("walk %lu: record %zu is %s\n", walks, i,
					       rec_str(r));
		}
		EXPECT(d.n < base.n + 1000, "walk %lu: %zu records, %zu without alloc_grow2\n",
		       walks, d.n, base.n);
		walks++;
		recs += d.n;
		moved += a != b;
	}
	EXPECT(WIFEXITED(status) && !WEXITSTATUS(status),
	       "the insmod/rmmod child failed (status 0x%x)\n", status);
	ret = ioctl_list(NULL, &d);
	EXPECT(!ret && same_list(&d, &base), "after the race: %zu records, %zu before\n",
	       d.n, base.n);
	EXPECT(moved > 0, "no walk of %lu saw the content id move\n", walks);
	ksft_test_result(!bad, "%lu walks (%lu records) racing %u insmod/rmmod cycles, %lu of them overtaken\n",
			 walks, recs, cycles, moved);
	dump_free(&d);
	dump_free(&base);
}

/* Test 25: a timing note, not a correctness check: a full enumeration. */
static void test_enumeration_time(void)
{
	struct timespec t0, t1;
	struct dump d = { 0 };
	double ms;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = ioctl_list(NULL, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	ksft_test_result(!ret, "full enumeration: %zu tags in %.1f ms\n", d.n, ms);
	dump_free(&d);
}

/*
 * A 32-bit glibc that must run on kernels older than 5.1 waits on futexes
 * (pthread_join(), contended mutexes) with futex(), the call of 32-bit
 * time, not futex_time64().  A 64-bit kernel has that call for 32-bit
 * processes only with CONFIG_COMPAT_32BIT_TIME; without it every wait gets
 * ENOSYS and glibc aborts the process ("The futex facility returned an
 * unexpected error code"), taking the remaining test points with it.  Ask
 * the kernel once, and fail the threaded tests with the reason instead.
 */
static const char *threads_check(void)
{
#ifdef __i386__
	unsigned int word = 0;

	if (syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) < 0 &&
	    errno == ENOSYS)
		return "futex() of 32-bit time gives ENOSYS: a 64-bit kernel without CONFIG_COMPAT_32BIT_TIME, where a 32-bit glibc's pthread_join() aborts";
#endif
	return NULL;
}

/* Run one test and say how long it took. */
static void timed(void (*test)(void), const char *name)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	test();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ksft_print_msg("%s took %.2f s\n", name, (double)(t1.tv_sec - t0.tv_sec) +
		       (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

#define NTESTS 25
#define NMODTESTS 8

int main(int argc, char **argv)
{
	struct allocinfo_content_id c;
	int opt, i;

	seed = (unsigned int)time(NULL);
	while ((opt = getopt(argc, argv, "m:s:r:c:")) != -1) {
		switch (opt) {
		case 'm':
			moddir = optarg;
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			cycles = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: %s [-m MODULE_DIR] [-s SEED] [-r ROUNDS] [-c CYCLES]\n",
				argv[0]);
			return 2;
		}
	}
	srand(seed);

	ksft_print_header();
	fd = open(ALLOCINFO, O_RDONLY);
	if (fd < 0)
		ksft_exit_skip("%s: %s (CONFIG_MEM_ALLOC_PROFILING off?)\n",
			       ALLOCINFO, strerror(errno));
	if (ioctl(fd, ALLOCINFO_IOC_CONTENT_ID, &c) && errno == ENOTTY)
		ksft_exit_skip("%s has no ioctls (ENOTTY): kernel without the series\n",
			       ALLOCINFO);
	ksft_set_plan(NTESTS);
	ksft_print_msg("seed %u, %zu-bit, modules from %s\n", seed,
		       sizeof(long) * 8, moddir);
	no_threads = threads_check();
	if (no_threads)
		ksft_print_msg("no threads: %s\n", no_threads);

	have_mods = mod_available("alloc_long") && mod_available("alloc_grow2") &&
		    mod_available("alloc_odd") && mod_available("alloc_none") &&
		    mod_available("alloc_scale");
	if (have_mods && (mod_load("alloc_long") || mod_load("alloc_odd"))) {
		ksft_print_msg("insmod alloc_long, alloc_odd: %s\n", strerror(errno));
		have_mods = false;
	}

	timed(test_content_id_stable, "content id");
	timed(test_enumeration_matches_text, "enumeration");
	timed(test_filters_single, "single filters");
	timed(test_filters_random, "random filters");
	timed(test_get_at_every_k, "GET_AT(k)");
	test_einval();
	test_enoent();
	test_efault();
	test_enotty();
	timed(test_zeroed_output, "zeroed output");
	if (have_mods) {
		test_long_names();
		timed(test_content_id_modules, "content id, modules");
		timed(test_stale_cursor, "stale cursor");
		timed(test_odd_tags, "odd tags");
		if (mod_load("alloc_scale"))
			ksft_print_msg("insmod alloc_scale: %s\n", strerror(errno));
		timed(test_fork_sigkill, "fork + SIGKILL");
		mod_unload("alloc_scale");
		timed(test_two_threads, "two threads");
		timed(test_read_interleaved, "read() and ioctl");
		timed(test_reload_race, "reload race");
		mod_unload("alloc_odd");
		mod_unload("alloc_long");
	} else {
		for (i = 0; i < NMODTESTS; i++)
			ksft_test_result_skip("module tests: no %s/alloc_{long,grow2,odd,none,scale}.ko\n",
					      moddir);
	}
	test_enumeration_time();
	close(fd);
	ksft_finished();
}
