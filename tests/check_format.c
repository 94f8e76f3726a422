// SPDX-License-Identifier: GPL-2.0
/* Formatting: sizes, deltas, counts, escaping names, small buffers. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

enum fmt_kind { SIZE, DELTA, COUNT };

struct fmt_case {
	enum fmt_kind kind;
	int64_t v;
	bool exact;
	const char *want;
};

static const struct fmt_case fmt_cases[] = {
	{ SIZE, 0, false, "0" },
	{ SIZE, 1, false, "1" },
	{ SIZE, 512, false, "512" },
	{ SIZE, 1023, false, "1023" },
	{ SIZE, 1024, false, "1.0K" },
	{ SIZE, 1536, false, "1.5K" },
	{ SIZE, 10188, false, "9.9K" },
	{ SIZE, 10240, false, "10K" },
	{ SIZE, 999 * 1024, false, "999K" },
	{ SIZE, 1023 * 1024, false, "1.0M" },	/* not "1023K" */
	{ SIZE, 1048575, false, "1.0M" },
	{ SIZE, 1048576, false, "1.0M" },
	{ SIZE, 5775360, false, "5.5M" },
	{ SIZE, 3LL << 30, false, "3.0G" },
	{ SIZE, 5LL << 40, false, "5.0T" },
	{ SIZE, 1LL << 50, false, "1.0P" },
	{ SIZE, INT64_MAX, false, "8.0E" },
	{ SIZE, -1, false, "-1" },
	{ SIZE, -2048, false, "-2.0K" },
	{ SIZE, INT64_MIN, false, "-8.0E" },
	{ SIZE, 1048576, true, "1048576" },
	{ SIZE, -4096, true, "-4096" },
	{ SIZE, INT64_MIN, true, "-9223372036854775808" },
	{ SIZE, INT64_MAX, true, "9223372036854775807" },
	{ DELTA, 0, false, "0" },
	{ DELTA, 12, false, "+12" },
	{ DELTA, -12, false, "-12" },
	{ DELTA, 4096, false, "+4.0K" },
	{ DELTA, -4096, false, "-4.0K" },
	{ DELTA, 4096, true, "+4096" },
	{ DELTA, INT64_MIN, true, "-9223372036854775808" },
	{ DELTA, INT64_MAX, false, "+8.0E" },
	{ COUNT, 0, false, "0" },
	{ COUNT, 99999, false, "99999" },
	{ COUNT, 100000, false, "100K" },
	{ COUNT, 1500000, false, "1.5M" },
	{ COUNT, 999999, false, "1.0M" },
	{ COUNT, -100000, false, "-100K" },
	{ COUNT, -99999, false, "-99999" },
	{ COUNT, 1500000, true, "1500000" },
	{ COUNT, INT64_MIN, true, "-9223372036854775808" },
};

static char *fmt(const struct fmt_case *c, char *buf, size_t size)
{
	switch (c->kind) {
	case SIZE:
		return format_size(buf, size, c->v, c->exact);
	case DELTA:
		return format_delta(buf, size, c->v, c->exact);
	default:
		return format_count(buf, size, c->v, c->exact);
	}
}

START_TEST(test_format_number)
{
	const struct fmt_case *c = &fmt_cases[_i];
	char buf[64];

	ck_assert_ptr_eq(fmt(c, buf, sizeof(buf)), buf);
	ck_assert_msg(!strcmp(buf, c->want), "%lld: '%s', want '%s'",
		      (long long)c->v, buf, c->want);
}
END_TEST

/* Small buffers: truncated, terminated, nothing written past size. */
START_TEST(test_format_number_truncated)
{
	const struct fmt_case *c = &fmt_cases[_i];
	char buf[64];
	size_t size;

	for (size = 1; size <= strlen(c->want) + 1; size++) {
		memset(buf, '#', sizeof(buf));
		fmt(c, buf, size);
		ck_assert_uint_eq(strlen(buf), size - 1 < strlen(c->want) ?
				  size - 1 : strlen(c->want));
		ck_assert(!strncmp(buf, c->want, size - 1));
		ck_assert_int_eq(buf[size], '#');
	}
}
END_TEST

struct esc_case {
	const char *in;
	const char *want;
};

static const struct esc_case esc_cases[] = {
	{ "", "" },
	{ "kmalloc_node", "kmalloc_node" },
	{ "fs/ext4/super.c", "fs/ext4/super.c" },
	{ "a b~!", "a b~!" },
	{ "\x1b[31mred", "\\x1b[31mred" },
	{ "\x1b]0;title\x07", "\\x1b]0;title\\x07" },
	{ "a\\b", "a\\\\b" },
	{ "\\", "\\\\" },
	{ "\t\n\r", "\\x09\\x0a\\x0d" },
	{ "\x01\x1f", "\\x01\\x1f" },
	{ "\x7f", "\\x7f" },
	{ "caf\xc3\xa9", "caf\\xc3\\xa9" },
	{ "\x80\xff", "\\x80\\xff" },
};

START_TEST(test_format_escape)
{
	const struct esc_case *c = &esc_cases[_i];
	char buf[128];

	ck_assert_ptr_eq(format_escape(buf, sizeof(buf), c->in), buf);
	ck_assert_str_eq(buf, c->want);
}
END_TEST

/*
 * Every size from 0: terminated, nothing past size written, and the
 * result a prefix of the full escape that never ends in half a sequence.
 */
START_TEST(test_format_escape_truncated)
{
	const struct esc_case *c = &esc_cases[_i];
	char buf[128];
	size_t size, len;

	for (size = 0; size <= strlen(c->want) + 2; size++) {
		memset(buf, '#', sizeof(buf));
		format_escape(buf, size, c->in);
		if (!size) {
			ck_assert_int_eq(buf[0], '#');
			continue;
		}
		len = strlen(buf);
		ck_assert_uint_lt(len, size);
		ck_assert_int_eq(buf[size], '#');
		ck_assert(!strncmp(buf, c->want, len));
		/* Cut between escapes only: the rest starts a new char. */
		if (len < strlen(c->want)) {
			size_t i, bs = 0;

			for (i = len; i > 0 && buf[i - 1] == '\\'; i--)
				bs++;
			ck_assert_msg(bs % 2 == 0, "'%s' ends in a lone \\",
				      buf);
			ck_assert(c->want[len] == '\\' ||
				  (unsigned char)c->want[len] >= 0x20);
			if (len >= 2 && buf[len - 2] == '\\' &&
			    buf[len - 1] == 'x')
				ck_abort_msg("'%s' cut inside \\x", buf);
		}
	}
}
END_TEST

/* A long hostile name through a small buffer: no overflow (ASan). */
START_TEST(test_format_escape_long)
{
	char in[1000], *buf = malloc(37);
	size_t i;

	for (i = 0; i < sizeof(in) - 1; i++)
		in[i] = (char)(i % 3 ? 0x1b : 0xff);
	in[sizeof(in) - 1] = '\0';
	format_escape(buf, 37, in);
	ck_assert_uint_le(strlen(buf), 36);
	ck_assert_uint_eq(strlen(buf) % 4, 0);
	free(buf);
}
END_TEST

START_TEST(test_format_time)
{
	char buf[64];

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(format_time(buf, sizeof(buf), 0),
			 "1970-01-01 00:00:00");
	ck_assert_str_eq(format_time(buf, sizeof(buf), 1795737600.75),
			 "2026-11-27 00:00:00");
	/* Beyond time_t or any clock: the number, never a conversion. */
	ck_assert_str_eq(format_time(buf, sizeof(buf), 1e20),
			 "100000000000000000000.000");
	ck_assert_str_eq(format_time(buf, sizeof(buf), -1), "-1.000");
	ck_assert_str_eq(format_time(buf, sizeof(buf), NAN), "nan");
	ck_assert_str_eq(format_time(buf, sizeof(buf), INFINITY), "inf");
}
END_TEST

Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("numbers");

	tcase_add_loop_test(tc, test_format_number, 0, N(fmt_cases));
	tcase_add_loop_test(tc, test_format_number_truncated, 0, N(fmt_cases));
	tcase_add_test(tc, test_format_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("escape");
	tcase_add_loop_test(tc, test_format_escape, 0, N(esc_cases));
	tcase_add_loop_test(tc, test_format_escape_truncated, 0, N(esc_cases));
	tcase_add_test(tc, test_format_escape_long);
	suite_add_tcase(s, tc);
	return s;
}
