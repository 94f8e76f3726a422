// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance test of the /proc/allocinfo ioctls (doc/kernel-interface.md):
 * the ioctl enumeration against the text file, every filter against the
 * subset computed from the full dump, the errors, the zeroed output bytes,
 * content_id on module load and unload, and a cursor kept across an unload
 * and a load.
 *
 * usage: alloc_tag_test [-m MODULE_DIR] [-s SEED] [-r ROUNDS]
 *
 * The module tests load alloc_long.ko and alloc_grow2.ko from MODULE_DIR
 * (default /modules); without them those tests are skipped.
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

#define ALLOCINFO "/proc/allocinfo"
#define NAME_MAX_LEN (ALLOCINFO_STR_SIZE - 1)

/* The layout the kernel and the tool agree on, the same under -m32. */
_Static_assert(sizeof(struct allocinfo_tag) == 208, "allocinfo_tag");
_Static_assert(sizeof(struct allocinfo_counter) == 24, "allocinfo_counter");
_Static_assert(sizeof(struct allocinfo_tag_data) == 232, "allocinfo_tag_data");
_Static_assert(sizeof(struct allocinfo_filter) == 232, "allocinfo_filter");
_Static_assert(sizeof(struct allocinfo_get_at) == 472, "allocinfo_get_at");
_Static_assert(offsetof(struct allocinfo_get_at, data) == 240, "data");
_Static_assert(ALLOCINFO_IOC_GET_AT == 0xC1D8A601u, "GET_AT number");
_Static_assert(ALLOCINFO_IOC_GET_NEXT == 0x80E8A602u, "GET_NEXT number");
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
static const char *moddir = "/modules";
static unsigned int seed;
static unsigned int rounds = 300;

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

static int text_read(struct dump *d)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap), *line, *save;
	ssize_t got;
	int tfd;

	tfd = open(ALLOCINFO, O_RDONLY);
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
		struct rec *r = dump_add(d);

		if (!text_parse_line(line, r))
			d->n--;
	}
	free(buf);
	return 0;
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

	dump_free(d);
	ret = get_at(0, f, dump_add(d));
	if (ret) {
		d->n = 0;
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
 * content_id window.  0, or -errno, or -EAGAIN when the set of tags kept
 * changing.
 */
static int snapshot(struct dump *t1, struct dump *io, struct dump *t2)
{
	uint64_t a = 0, b = 0;
	int i, ret;

	for (i = 0; i < 20; i++) {
		ret = content_id(&a);
		if (!ret)
			ret = text_read(t1);
		if (!ret)
			ret = ioctl_list(NULL, io);
		if (!ret)
			ret = text_read(t2);
		if (!ret)
			ret = content_id(&b);
		if (ret)
			return ret;
		if (a == b)
			return 0;
		ksft_print_msg("content_id changed during a snapshot, retrying\n");
	}
	return -EAGAIN;
}

/* Loading and unloading the test modules. */
static int mod_load(const char *name)
{
	char path[512];
	long ret;
	int mfd;

	snprintf(path, sizeof(path), "%s/%s.ko", moddir, name);
	mfd = open(path, O_RDONLY | O_CLOEXEC);
	if (mfd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, mfd, "", 0);
	close(mfd);
	if (ret && errno != EEXIST)
		return -errno;
	return 0;
}

static int mod_unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK) && errno != ENOENT)
		return -errno;
	return 0;
}

static bool mod_available(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.ko", moddir, name);
	return access(path, R_OK) == 0;
}

/* Test 1: CONTENT_ID works and is stable while no module comes or goes. */
static void test_content_id_stable(void)
{
	uint64_t a, b;
	struct dump d = { 0 };
	int ra, rb;

	ra = content_id(&a);
	text_read(&d);
	rb = content_id(&b);
	dump_free(&d);
	if (ra || rb)
		ksft_test_result_fail("content_id: %s\n", strerror(-(ra ? ra : rb)));
	else
		ksft_test_result(a == b, "content_id is stable (%" PRIu64
				 " then %" PRIu64 ")\n", a, b);
}

/*
 * Test 2: the whole enumeration equals the text file, record by record.
 * Counters are compared for stable tags only: tags whose text counters are
 * the same before and after and that have no live allocation (calls == 0),
 * or belong to the alloc_long test module.
 */
static void test_enumeration_matches_text(void)
{
	struct dump t1 = { 0 }, io = { 0 }, t2 = { 0 };
	size_t i, bad = 0, counted = 0, trimmed = 0, modtags = 0;
	int ret;

	ret = snapshot(&t1, &io, &t2);
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
			 t->calls == t2.r[i].calls &&
			 (t->calls == 0 || !strcmp(t->mod, "alloc_long"));
		if (!stable)
			continue;
		counted++;
		if (t->bytes != o->bytes || t->calls != o->calls) {
			if (bad++ < 10)
				ksft_print_msg("record %zu counters: text %s, ioctl %s\n",
					       i, rec_str(t), rec_str(o));
		}
	}
	ksft_print_msg("%zu records (%zu of modules, %zu with trimmed names), counters compared on %zu\n",
		       io.n, modtags, trimmed, counted);
	ksft_test_result(!bad && io.n > 0,
			 "enumeration matches text record by record\n");
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
	    r->accurate != !f->fields.inaccurate)
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
			      (uint64_t)f->fields.inaccurate);
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
			size_t *nmatch)
{
	struct dump got = { 0 }, after = { 0 };
	bool sized = f->mask & (ALLOCINFO_FILTER_MASK_MIN_SIZE |
				ALLOCINFO_FILTER_MASK_MAX_SIZE);
	size_t i, j, expected = 0;
	int ret, bad = 0;
	struct rec r;

	ret = ioctl_list(f, &got);
	if (!ret)
		ret = ioctl_list(NULL, &after);
	if (ret) {
		ksft_print_msg("%s: %s\n", filter_str(f), strerror(-ret));
		bad++;
		goto out;
	}
	if (after.n != before->n) {
		/* The caller holds no module lock: tell it to retry. */
		bad = -1;
		goto out;
	}
	/* Walk the dump and the result together: result is a subsequence. */
	for (i = 0, j = 0; i < before->n; i++) {
		const struct rec *b = &before->r[i];
		bool stable = !sized || b->bytes == after.r[i].bytes;
		bool want = rec_matches(b, f);
		bool have = j < got.n && same_tag(b, &got.r[j]);
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
			if (!rec_matches(&got.r[j], f) && bad++ < 5)
				ksft_print_msg("%s: returned %s, which does not match\n",
					       filter_str(f), rec_str(&got.r[j]));
			j++;
		}
		if (want)
			expected++;
		if (stable && want != have && bad++ < 5)
			ksft_print_msg("%s: %s %s\n", filter_str(f), rec_str(b),
				       want ? "missing" : "returned but does not match");
	}
	if (j != got.n && bad++ < 5)
		ksft_print_msg("%s: %zu records out of order or unknown\n",
			       filter_str(f), got.n - j);
	/*
	 * GET_AT(k) is the k-th match, and GET_AT(n) is the end.  With a size
	 * filter the matches move: compare only when the list is the same
	 * before and after the GET_AT.
	 */
	for (i = 0; i < 4 && got.n; i++) {
		size_t ks[] = { 0, 1, got.n / 2, got.n - 1 };
		int tries;

		if (ks[i] >= got.n)
			continue;
		for (tries = 0; tries < 10; tries++) {
			ret = get_at(ks[i], f, &r);
			if (!sized || (!ioctl_list(f, &after) &&
				       same_list(&got, &after)))
				break;
			if (ioctl_list(f, &got) || ks[i] >= got.n)
				break;
		}
		if (tries == 10 || ks[i] >= got.n)
			continue;
		if ((ret || !same_tag(&r, &got.r[ks[i]])) && bad++ < 5)
			ksft_print_msg("%s: GET_AT(%zu) gave %s (%s)\n",
				       filter_str(f), ks[i],
				       ret ? "-" : rec_str(&r), strerror(-ret));
		if (!ret && !rec_matches(&r, f) && bad++ < 5)
			ksft_print_msg("%s: GET_AT(%zu) gave %s, which does not match\n",
				       filter_str(f), ks[i], rec_str(&r));
	}
	if (!sized) {
		ret = get_at(got.n, f, NULL);
		if (ret != -ENOENT && bad++ < 5)
			ksft_print_msg("%s: GET_AT(%zu), one past the end, gave %d\n",
				       filter_str(f), got.n, ret);
	}
	if (nmatch)
		*nmatch = got.n;
out:
	dump_free(&got);
	dump_free(&after);
	return bad;
}

/* check_filter() on a fresh dump, retried when the tag set changes. */
static int check_filter_retry(const struct allocinfo_filter *f, size_t *nmatch)
{
	struct dump d = { 0 };
	int bad = -1, i;

	for (i = 0; i < 10 && bad < 0; i++) {
		if (ioctl_list(NULL, &d))
			break;
		bad = check_filter(f, &d, nmatch);
	}
	dump_free(&d);
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
		f.fields.inaccurate = k;
		bad[4] += check_filter_retry(&f, &n);
		total[4] += n;
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

	for (k = 0; k < 7; k++)
		ksft_test_result(!bad[k], "filter %s alone (%zu matches in all)\n",
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
		f.fields.inaccurate = (rand() % 8) ? !r->accurate : r->accurate;
		lo = r->bytes - (rand() % 3 ? 0 : rand() % 65536);
		hi = r->bytes + (rand() % 3 ? 0 : rand() % 65536);
		f.min_size = (uint64_t)lo;
		f.max_size = (uint64_t)hi;
		bad += check_filter_retry(&f, &n);
		nonempty += n > 0;
		if (bad > 10)
			break;
	}
	ksft_test_result(!bad, "random filter combinations (%u rounds, seed %u, %zu non-empty)\n",
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

#define EXPECT(cond, ...) do { if (!(cond) && bad++ < 10) ksft_print_msg(__VA_ARGS__); } while (0)
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
	g.filter.fields.inaccurate = 2;
	ret = get_at_raw(&g);
	EXPECT(ret == -EINVAL, "inaccurate 2: %d, want EINVAL\n", ret);
	g.filter.fields.inaccurate = ~0ull;
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
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[464]),
		_IOWR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_AT, char[232]),
		_IOR(ALLOCINFO_IOC_BASE, _ALLOCINFO_IOC_GET_NEXT, char[224]),
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
	if (t->tag.inaccurate && bad++ < 3)
		ksft_print_msg("%s: tag.inaccurate is 0x%" PRIx64 "\n", what,
			       (uint64_t)t->tag.inaccurate);
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
	ksft_test_result(!bad, "unused name bytes, tag.inaccurate and padding are zero (%zu records)\n",
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
			ret = get_next(&r);
			if (ret)
				break;
			if ((memchr(r.func, 0, sizeof(r.func)) == NULL || !r.func[0] ||
			     !r.file[0]) && bad++ < 10)
				ksft_print_msg("round %d: garbage record %s\n", i, rec_str(&r));
		}
		EXPECT(ret == -ENOENT, "round %d: GET_NEXT after rmmod+insmod: %d\n", i, ret);
	}
	mod_unload("alloc_grow2");
	ksft_test_result(!bad, "GET_AT, rmmod, insmod, GET_NEXT is safe\n");
}

/* Test 20: a timing note, not a correctness check: a full enumeration. */
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

#define NTESTS 20

int main(int argc, char **argv)
{
	struct allocinfo_content_id c;
	bool have_mods;
	int opt, i;

	seed = (unsigned int)time(NULL);
	while ((opt = getopt(argc, argv, "m:s:r:")) != -1) {
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
		default:
			fprintf(stderr, "usage: %s [-m MODULE_DIR] [-s SEED] [-r ROUNDS]\n",
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

	have_mods = mod_available("alloc_long") && mod_available("alloc_grow2");
	if (have_mods && mod_load("alloc_long")) {
		ksft_print_msg("insmod alloc_long: %s\n", strerror(errno));
		have_mods = false;
	}

	test_content_id_stable();
	test_enumeration_matches_text();
	test_filters_single();
	test_filters_random();
	test_get_at_every_k();
	test_einval();
	test_enoent();
	test_efault();
	test_enotty();
	test_zeroed_output();
	if (have_mods) {
		test_long_names();
		test_content_id_modules();
		test_stale_cursor();
		mod_unload("alloc_long");
	} else {
		for (i = 0; i < 3; i++)
			ksft_test_result_skip("module tests: no %s/alloc_long.ko or alloc_grow2.ko\n",
					      moddir);
	}
	test_enumeration_time();
	close(fd);
	ksft_finished();
}
