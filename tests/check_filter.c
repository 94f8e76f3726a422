// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel filter, with the kernel's semantics exactly: names compared
 * on their last 63 bytes, built-in tags in module "", line equality, the
 * inaccurate flag, inclusive signed min/max.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "filter.h"
#include "testutil.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static struct filter f;

static void filter_setup(void)
{
	memset(&f, 0, sizeof(f));
}

/* A record on the stack; strings are the caller's. */
static struct rec mkrec(const char *module, const char *file, uint64_t line,
			const char *function, int64_t bytes, bool accurate)
{
	struct rec r = {
		.module = module, .file = file, .line = line,
		.function = function, .bytes = bytes, .calls = 1,
		.accurate = accurate,
	};

	return r;
}

/* A name of n bytes whose bytes differ by position ("a".."z" cycling). */
static char *long_name(char *buf, size_t n, char first)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)(i == 0 ? first : 'a' + (char)(i % 26));
	buf[n] = '\0';
	return buf;
}

START_TEST(test_filter_empty_matches_all)
{
	struct rec r = mkrec("", "a.c", 1, "f", -5, false);

	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_check(&f), 0);
}
END_TEST

static const enum filter_field name_fields[] = {
	FILTER_MODULE, FILTER_FUNCTION, FILTER_FILE,
};

static struct rec rec_with_name(enum filter_field field, const char *name)
{
	struct rec r = mkrec("m", "x.c", 1, "fn", 0, true);

	if (field == FILTER_MODULE)
		r.module = name;
	else if (field == FILTER_FUNCTION)
		r.function = name;
	else
		r.file = name;
	return r;
}

/* Exact match: not a prefix, substring or case-insensitive one. */
START_TEST(test_filter_name_exact)
{
	enum filter_field field = name_fields[_i];
	struct rec r = rec_with_name(field, "ext4_fill");
	bool trimmed = true;

	ck_assert_int_eq(filter_set(&f, field, "ext4_fill", &trimmed), 0);
	ck_assert(!trimmed);
	ck_assert_uint_eq(f.mask, 1ull << field);
	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, field, "ext4", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, field, "ext4_fill_", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, field, "xt4_fill", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, field, "EXT4_FILL", NULL), 0);
	ck_assert(!filter_match(&f, &r));
}
END_TEST

/*
 * Names of 63, 64 and 100 bytes: the kernel compares the last 63.  The
 * full name given to filter_set() is reduced to that suffix (and says so);
 * the suffix itself matches; the first 63 bytes never do.
 */
static const size_t long_lens[] = { 62, 63, 64, 65, 100, 200 };

START_TEST(test_filter_name_long)
{
	size_t len = long_lens[_i % N(long_lens)];
	enum filter_field field = name_fields[_i / N(long_lens)];
	char name[256], other[256], prefix[64];
	const char *suffix;
	bool trimmed;
	struct rec r;

	long_name(name, len, 'A');
	r = rec_with_name(field, name);
	suffix = filter_name_suffix(name);
	ck_assert_uint_eq(strlen(suffix), len > 63 ? 63 : len);
	ck_assert_str_eq(suffix, name + (len > 63 ? len - 63 : 0));

	/* The full name. */
	ck_assert_int_eq(filter_set(&f, field, name, &trimmed), 0);
	ck_assert_int_eq(trimmed, len > 63);
	ck_assert(filter_match(&f, &r));

	/* The suffix of 63 bytes. */
	ck_assert_int_eq(filter_set(&f, field, suffix, &trimmed), 0);
	ck_assert(!trimmed);
	ck_assert(filter_match(&f, &r));

	/* The first 63 bytes (strncpy truncation) match only short names. */
	memcpy(prefix, name, sizeof(prefix) - 1);
	prefix[len < 63 ? len : 63] = '\0';
	ck_assert_int_eq(filter_set(&f, field, prefix, NULL), 0);
	ck_assert_int_eq(filter_match(&f, &r), len <= 63);

	/* One byte less of the suffix does not match. */
	ck_assert_int_eq(filter_set(&f, field, suffix + 1, NULL), 0);
	ck_assert(!filter_match(&f, &r));

	/* Another long name with the same last 63 bytes collides. */
	if (len > 63) {
		memcpy(other, name, len + 1);
		other[0] = 'Z';
		r = rec_with_name(field, other);
		ck_assert_int_eq(filter_set(&f, field, name, NULL), 0);
		ck_assert(filter_match(&f, &r));
	}
}
END_TEST

/* Built-in tags are in module "": the filter "" keeps them only. */
START_TEST(test_filter_builtin_module)
{
	struct rec builtin = mkrec("", "a.c", 1, "f", 1, true);
	struct rec mod = mkrec("ext4", "a.c", 1, "f", 1, true);

	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
	ck_assert_uint_eq(f.mask, ALLOCINFO_FILTER_MASK_MODNAME);
	ck_assert(filter_match(&f, &builtin));
	ck_assert(!filter_match(&f, &mod));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "ext4", NULL), 0);
	ck_assert(!filter_match(&f, &builtin));
	ck_assert(filter_match(&f, &mod));
}
END_TEST

START_TEST(test_filter_line)
{
	struct rec r = mkrec("", "a.c", 1311, "f", 1, true);

	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "1311", NULL), 0);
	ck_assert_uint_eq(f.mask, ALLOCINFO_FILTER_MASK_LINENO);
	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "131", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "0", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	r.line = UINT64_MAX;
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "18446744073709551615",
				    NULL), 0);
	ck_assert(filter_match(&f, &r));
}
END_TEST

/* inaccurate=yes keeps accurate:no tags, inaccurate=no the others. */
START_TEST(test_filter_inaccurate)
{
	struct rec acc = mkrec("", "a.c", 1, "f", 1, true);
	struct rec inacc = mkrec("", "a.c", 1, "f", 1, false);

	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "yes", NULL), 0);
	ck_assert_uint_eq(f.mask, ALLOCINFO_FILTER_MASK_INACCURATE);
	ck_assert(!filter_match(&f, &acc));
	ck_assert(filter_match(&f, &inacc));
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "no", NULL), 0);
	ck_assert(filter_match(&f, &acc));
	ck_assert(!filter_match(&f, &inacc));
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "1", NULL), 0);
	ck_assert(filter_match(&f, &inacc));
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "0", NULL), 0);
	ck_assert(filter_match(&f, &acc));
}
END_TEST

/* min and max are inclusive and signed: negative bytes compare below 0. */
struct size_case {
	int64_t bytes;
	bool has_min;
	int64_t min;
	bool has_max;
	int64_t max;
	bool match;
};

static const struct size_case size_cases[] = {
	{ 100, true, 100, false, 0, true },
	{ 99, true, 100, false, 0, false },
	{ 100, false, 0, true, 100, true },
	{ 101, false, 0, true, 100, false },
	{ 100, true, 100, true, 100, true },
	{ 0, true, 0, true, 0, true },
	{ -5, true, 0, false, 0, false },	/* unsigned would pass */
	{ -5, false, 0, true, 0, true },	/* unsigned would fail */
	{ -5, true, -10, true, -1, true },
	{ -5, true, -5, true, -5, true },
	{ -11, true, -10, true, -1, false },
	{ 0, true, -10, true, -1, false },
	{ INT64_MIN, false, 0, true, INT64_MIN, true },
	{ INT64_MIN, true, INT64_MIN + 1, false, 0, false },
	{ INT64_MAX, true, INT64_MAX, false, 0, true },
	{ INT64_MAX, false, 0, true, INT64_MAX - 1, false },
	{ 1, true, 0, true, INT64_MAX, true },
};

START_TEST(test_filter_size)
{
	const struct size_case *c = &size_cases[_i];
	struct rec r = mkrec("", "a.c", 1, "f", c->bytes, true);

	if (c->has_min) {
		f.mask |= ALLOCINFO_FILTER_MASK_MIN_SIZE;
		f.min_bytes = c->min;
	}
	if (c->has_max) {
		f.mask |= ALLOCINFO_FILTER_MASK_MAX_SIZE;
		f.max_bytes = c->max;
	}
	ck_assert_int_eq(filter_check(&f), 0);
	ck_assert_msg(filter_match(&f, &r) == c->match,
		      "bytes %lld min %lld max %lld", (long long)c->bytes,
		      (long long)c->min, (long long)c->max);
}
END_TEST

/* Every selected field must match (AND); unselected ones are ignored. */
START_TEST(test_filter_and)
{
	struct rec r = mkrec("ext4", "fs/ext4/super.c", 12, "ext4_fill",
			     4096, false);

	strcpy(f.function, "other");	/* not selected: ignored */
	f.line = 99;
	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "ext4", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_FILE, "fs/ext4/super.c", NULL),
			 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "4K", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "yes", NULL), 0);
	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "13", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "12", NULL), 0);
	ck_assert(filter_match(&f, &r));
	ck_assert_int_eq(filter_set(&f, FILTER_MAX_BYTES, "4095", NULL), 0);
	ck_assert(!filter_match(&f, &r));
	/* A field not in the mask is ignored: another module passes. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_FILE, "fs/ext4/super.c", NULL),
			 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "4K", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "yes", NULL), 0);
	ck_assert_str_eq(f.module, "");
	ck_assert_uint_eq(f.mask, ALLOCINFO_FILTER_MASK_FILENAME |
			  ALLOCINFO_FILTER_MASK_MIN_SIZE |
			  ALLOCINFO_FILTER_MASK_INACCURATE);
	r.module = "xfs";
	ck_assert(filter_match(&f, &r));
}
END_TEST

START_TEST(test_filter_check)
{
	ck_assert_int_eq(filter_check(&f), 0);
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE | ALLOCINFO_FILTER_MASK_MAX_SIZE;
	f.min_bytes = 10;
	f.max_bytes = 9;
	ck_assert_int_eq(filter_check(&f), -EINVAL);
	f.max_bytes = 10;
	ck_assert_int_eq(filter_check(&f), 0);
	f.min_bytes = -1;
	f.max_bytes = -2;
	ck_assert_int_eq(filter_check(&f), -EINVAL);
	/* min > max matters only when both are selected. */
	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE;
	ck_assert_int_eq(filter_check(&f), 0);
	f.mask = ALLOCINFO_FILTER_MASK_MAX_SIZE;
	ck_assert_int_eq(filter_check(&f), 0);
	/* Bits the kernel does not know. */
	f.mask = 0x80;
	ck_assert_int_eq(filter_check(&f), -EINVAL);
	f.mask = 1ull << 63;
	ck_assert_int_eq(filter_check(&f), -EINVAL);
	f.mask = ALLOCINFO_FILTER_MASKS;
	f.min_bytes = 0;
	f.max_bytes = 0;
	ck_assert_int_eq(filter_check(&f), 0);
}
END_TEST

struct psize_case {
	const char *text;
	int ret;
	int64_t want;
};

static const struct psize_case psize_cases[] = {
	{ "0", 0, 0 },
	{ "123", 0, 123 },
	{ "4K", 0, 4096 },
	{ "4k", 0, 4096 },
	{ "4KiB", 0, 4096 },
	{ "4KB", 0, 4096 },
	{ "1M", 0, 1048576 },
	{ "1MiB", 0, 1048576 },
	{ "1.5M", 0, 1572864 },
	{ "0.5K", 0, 512 },
	{ "2G", 0, 2147483648ll },
	{ "1T", 0, 1099511627776ll },
	{ "1.25G", 0, 1342177280ll },
	{ "9223372036854775807", 0, INT64_MAX },
	{ "8191P", 0, 8191ll << 50 },
	{ "7E", 0, 7ll << 60 },
	{ "9223372036854775808", -ERANGE, 0 },
	{ "99999999999999999999", -ERANGE, 0 },
	{ "8E", -ERANGE, 0 },
	{ "8192P", -ERANGE, 0 },
	{ "8388608T", -ERANGE, 0 },
	{ "8388607.99999999999999999T", -ERANGE, 0 },
	{ "7.99999999999999999999E", -ERANGE, 0 },
	{ "", -EINVAL, 0 },
	{ "abc", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ " 1", -EINVAL, 0 },
	{ "1 ", -EINVAL, 0 },
	{ "1X", -EINVAL, 0 },
	{ "1KX", -EINVAL, 0 },
	{ "1KiBB", -EINVAL, 0 },
	{ "1.", -EINVAL, 0 },
	{ ".5", -EINVAL, 0 },
	{ "1.5.3", -EINVAL, 0 },
	{ "K", -EINVAL, 0 },
	{ "1e3", -EINVAL, 0 },
	{ "0x10", -EINVAL, 0 },
};

START_TEST(test_filter_parse_size)
{
	const struct psize_case *c = &psize_cases[_i];
	int64_t v = -12345;
	int ret = filter_parse_size(c->text, &v);

	ck_assert_msg(ret == c->ret, "'%s': ret %d, want %d", c->text, ret,
		      c->ret);
	if (!ret)
		ck_assert_msg(v == c->want, "'%s': %lld, want %lld", c->text,
			      (long long)v, (long long)c->want);
	else
		ck_assert_int_eq(v, -12345);
}
END_TEST

/* filter_set() refuses bad values and then leaves the filter alone. */
struct bad_set {
	enum filter_field field;
	const char *value;
};

static const struct bad_set bad_sets[] = {
	{ FILTER_MODULE, "two words" },
	{ FILTER_FUNCTION, "a\nb" },
	{ FILTER_FILE, "a b.c" },
	{ FILTER_LINE, "" },
	{ FILTER_LINE, "x" },
	{ FILTER_LINE, "-1" },
	{ FILTER_LINE, "12x" },
	{ FILTER_LINE, "18446744073709551616" },
	{ FILTER_INACCURATE, "maybe" },
	{ FILTER_INACCURATE, "" },
	{ FILTER_MIN_BYTES, "lots" },
	{ FILTER_MAX_BYTES, "-4K" },
	{ FILTER_MIN_BYTES, "9E" },
};

START_TEST(test_filter_set_bad)
{
	const struct bad_set *c = &bad_sets[_i];
	struct filter before;

	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "keep", NULL), 0);
	before = f;
	ck_assert_int_ne(filter_set(&f, c->field, c->value, NULL), 0);
	ck_assert_msg(!memcmp(&f, &before, sizeof(f)),
		      "%s '%s' changed the filter",
		      filter_field_name(c->field), c->value);
}
END_TEST

START_TEST(test_filter_set_trimmed)
{
	char name[101];
	bool trimmed = false;

	long_name(name, 100, 'Q');
	ck_assert_int_eq(filter_set(&f, FILTER_FILE, name, &trimmed), 0);
	ck_assert(trimmed);
	ck_assert_str_eq(f.file, name + 37);
	ck_assert_uint_eq(strlen(f.file), FILTER_NAME_MAX);
	/* A later short name does not inherit "trimmed". */
	ck_assert_int_eq(filter_set(&f, FILTER_FILE, "a.c", &trimmed), 0);
	ck_assert(!trimmed);
	ck_assert_str_eq(f.file, "a.c");
	/* Non-name fields never report trimming. */
	trimmed = true;
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "7", &trimmed), 0);
	ck_assert(!trimmed);
}
END_TEST

/* Only the selected fields reach the kernel; every other byte is zero. */
START_TEST(test_filter_to_uapi)
{
	struct allocinfo_filter u;
	unsigned char *p = (unsigned char *)&u;
	char name[101];
	size_t i;

	memset(&f, 0xAA, sizeof(f));
	f.mask = 0;
	/* A long name first, then a short one in the same slot. */
	ck_assert_int_eq(filter_set(&f, FILTER_FUNCTION,
				    long_name(name, 100, 'F'), NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_FUNCTION, "kmalloc", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "42", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "1K", NULL), 0);
	memset(&u, 0x55, sizeof(u));
	filter_to_uapi(&f, &u);
	ck_assert_uint_eq(u.mask, ALLOCINFO_FILTER_MASK_FUNCTION |
			  ALLOCINFO_FILTER_MASK_LINENO |
			  ALLOCINFO_FILTER_MASK_MIN_SIZE);
	ck_assert_str_eq(u.fields.function, "kmalloc");
	ck_assert_uint_eq(u.fields.lineno, 42);
	ck_assert_uint_eq(u.min_size, 1024);
	/* Zero out what was checked; everything left must be zero. */
	u.mask = 0;
	memset(u.fields.function, 0, strlen("kmalloc"));
	u.fields.lineno = 0;
	u.min_size = 0;
	for (i = 0; i < sizeof(u); i++)
		ck_assert_msg(p[i] == 0, "byte %zu is %#x", i, p[i]);
}
END_TEST

START_TEST(test_filter_to_uapi_signed)
{
	struct allocinfo_filter u;

	f.mask = ALLOCINFO_FILTER_MASK_MIN_SIZE |
		 ALLOCINFO_FILTER_MASK_MAX_SIZE |
		 ALLOCINFO_FILTER_MASK_MODNAME |
		 ALLOCINFO_FILTER_MASK_INACCURATE;
	f.min_bytes = -4096;
	f.max_bytes = -1;
	f.inaccurate = true;
	filter_to_uapi(&f, &u);
	ck_assert_int_eq((int64_t)u.min_size, -4096);
	ck_assert_int_eq((int64_t)u.max_size, -1);
	ck_assert_str_eq(u.fields.modname, "");
	ck_assert_uint_eq(u.fields.inaccurate, 1);
	f.inaccurate = false;
	filter_to_uapi(&f, &u);
	ck_assert_uint_eq(u.fields.inaccurate, 0);
	ck_assert_uint_eq(u.mask, f.mask);
}
END_TEST

START_TEST(test_filter_describe)
{
	char buf[256];

	filter_describe(&f, buf, sizeof(buf));
	ck_assert_str_eq(buf, "none");
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "ext4", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_LINE, "12", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_INACCURATE, "no", NULL), 0);
	ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "1M", NULL), 0);
	filter_describe(&f, buf, sizeof(buf));
	ck_assert_str_eq(buf,
			 "module=ext4 line=12 inaccurate=no min-bytes=1048576");
	/* A small buffer stays terminated. */
	memset(buf, 'x', sizeof(buf));
	filter_describe(&f, buf, 16);
	ck_assert_uint_lt(strlen(buf), 16);
}
END_TEST

START_TEST(test_filter_field_names)
{
	static const char *const want[FILTER_NFIELDS] = {
		"module", "function", "file", "line", "inaccurate",
		"min-bytes", "max-bytes",
	};
	int i;

	for (i = 0; i < FILTER_NFIELDS; i++)
		ck_assert_str_eq(filter_field_name(i), want[i]);
	/* The fields are in uapi mask-bit order. */
	ck_assert_int_eq(1 << FILTER_MODULE, ALLOCINFO_FILTER_MASK_MODNAME);
	ck_assert_int_eq(1 << FILTER_MAX_BYTES, ALLOCINFO_FILTER_MASK_MAX_SIZE);
	ck_assert_int_eq((1 << FILTER_NFIELDS) - 1, ALLOCINFO_FILTER_MASKS);
}
END_TEST

Suite *filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("match");

	tcase_add_checked_fixture(tc, filter_setup, NULL);
	tcase_add_test(tc, test_filter_empty_matches_all);
	tcase_add_loop_test(tc, test_filter_name_exact, 0, N(name_fields));
	tcase_add_loop_test(tc, test_filter_name_long, 0,
			    N(long_lens) * N(name_fields));
	tcase_add_test(tc, test_filter_builtin_module);
	tcase_add_test(tc, test_filter_line);
	tcase_add_test(tc, test_filter_inaccurate);
	tcase_add_loop_test(tc, test_filter_size, 0, N(size_cases));
	tcase_add_test(tc, test_filter_and);
	tcase_add_test(tc, test_filter_check);
	suite_add_tcase(s, tc);

	tc = tcase_create("set");
	tcase_add_checked_fixture(tc, filter_setup, NULL);
	tcase_add_loop_test(tc, test_filter_parse_size, 0, N(psize_cases));
	tcase_add_loop_test(tc, test_filter_set_bad, 0, N(bad_sets));
	tcase_add_test(tc, test_filter_set_trimmed);
	tcase_add_test(tc, test_filter_to_uapi);
	tcase_add_test(tc, test_filter_to_uapi_signed);
	tcase_add_test(tc, test_filter_describe);
	tcase_add_test(tc, test_filter_field_names);
	suite_add_tcase(s, tc);
	return s;
}
