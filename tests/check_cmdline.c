// SPDX-License-Identifier: GPL-2.0
/*
 * The command line contract of issue §6: every option into struct opts,
 * usage errors as one line naming the option, the 63-byte notice once.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static struct opts o;
static char *out, *err;
static size_t outlen, errlen;

/* Parse a NULL-terminated list of arguments (after the program name). */
static int parse_args(const char *const *args)
{
	char *argv[32];
	FILE *fo, *fe;
	int argc = 0, ret;

	argv[argc++] = "allocinfo-top";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	free(out);
	free(err);
	fo = open_memstream(&out, &outlen);
	fe = open_memstream(&err, &errlen);
	cmdline_defaults(&o);
	ret = cmdline_parse(&o, argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	return ret;
}

#define PARSE(...) parse_args((const char *const[]){ __VA_ARGS__, NULL })

static void cmdline_setup(void)
{
	out = err = NULL;
	unsetenv("NO_COLOR");
}

static void cmdline_teardown(void)
{
	free(out);
	free(err);
}

START_TEST(test_cmdline_defaults)
{
	ck_assert_int_eq(parse_args((const char *const[]){ NULL }), -1);
	ck_assert_double_eq(o.delay, 2);
	ck_assert_int_eq(o.iterations, 0);
	ck_assert(!o.batch);
	ck_assert_int_eq(o.sort.field, FIELD_BYTES);
	ck_assert(!o.sort.ascending);
	ck_assert_uint_eq(o.lines, 0);
	ck_assert_int_eq(o.format, OUTPUT_TEXT);
	ck_assert(!o.exact_bytes);
	ck_assert_ptr_null(o.replay);
	ck_assert_ptr_null(o.record);
	ck_assert_str_eq(o.path, "/proc/allocinfo");
	ck_assert_int_eq(o.source, SOURCE_AUTO);
	ck_assert_uint_eq(o.filter.mask, 0);
	ck_assert_ptr_null(o.match);
	ck_assert(o.color);
	ck_assert_uint_eq(errlen, 0);
}
END_TEST

START_TEST(test_cmdline_short)
{
	ck_assert_int_eq(PARSE("-d", "0.25", "-n", "3", "-b", "-o", "-dbytes",
			       "-N", "10", "-f", "json", "-r", "cap", "-w",
			       "rec", "-F", "/tmp/x", "-s", "text", "-m",
			       "slub", "-C"), -1);
	ck_assert_double_eq(o.delay, 0.25);
	ck_assert_int_eq(o.iterations, 3);
	ck_assert(o.batch);
	ck_assert_int_eq(o.sort.field, FIELD_DBYTES);
	ck_assert(o.sort.ascending);
	ck_assert_uint_eq(o.lines, 10);
	ck_assert_int_eq(o.format, OUTPUT_JSON);
	ck_assert_str_eq(o.replay, "cap");
	ck_assert_str_eq(o.record, "rec");
	ck_assert_str_eq(o.path, "/tmp/x");
	ck_assert_int_eq(o.source, SOURCE_TEXT);
	ck_assert_str_eq(o.match, "slub");
	ck_assert(!o.color);
}
END_TEST

START_TEST(test_cmdline_long)
{
	ck_assert_int_eq(PARSE("--delay=1.5", "--iterations", "7", "--batch",
			       "--sort", "+file", "--lines=2", "--format",
			       "csv", "--bytes", "--replay", "c",
			       "--record=r", "--allocinfo", "p", "--source",
			       "ioctl", "--match", "x", "--no-color"), -1);
	ck_assert_double_eq(o.delay, 1.5);
	ck_assert_int_eq(o.iterations, 7);
	ck_assert(o.batch);
	ck_assert_int_eq(o.sort.field, FIELD_FILE);
	ck_assert(!o.sort.ascending);
	ck_assert_uint_eq(o.lines, 2);
	ck_assert_int_eq(o.format, OUTPUT_CSV);
	ck_assert(o.exact_bytes);
	ck_assert_str_eq(o.replay, "c");
	ck_assert_str_eq(o.record, "r");
	ck_assert_str_eq(o.path, "p");
	ck_assert_int_eq(o.source, SOURCE_IOCTL);
	ck_assert(!o.color);
}
END_TEST

/*
 * A parse that stopped inside an option cluster ("-xb": x is unknown) does
 * not leave the rest of it for the next parse (the settings file's second
 * parse, or the fuzzer's next input), which would read the old argv.
 */
START_TEST(test_cmdline_reparse)
{
	ck_assert_int_eq(PARSE("-xb"), EXIT_USAGE);
	ck_assert_int_eq(PARSE("-C"), -1);
	ck_assert(!o.batch);
	ck_assert(!o.color);
}
END_TEST

START_TEST(test_cmdline_once)
{
	ck_assert_int_eq(PARSE("--once"), -1);
	ck_assert(o.batch);
	ck_assert_int_eq(o.iterations, 1);
}
END_TEST

START_TEST(test_cmdline_filters)
{
	ck_assert_int_eq(PARSE("--module", "", "--function", "kmalloc",
			       "--file", "mm/slub.c", "--line", "42",
			       "--inaccurate", "yes", "--min-bytes", "4K",
			       "--max-bytes", "1M"), -1);
	ck_assert_uint_eq(o.filter.mask, ALLOCINFO_FILTER_MASKS);
	ck_assert_str_eq(o.filter.module, "");
	ck_assert_str_eq(o.filter.function, "kmalloc");
	ck_assert_str_eq(o.filter.file, "mm/slub.c");
	ck_assert_uint_eq(o.filter.line, 42);
	ck_assert(o.filter.inaccurate);
	ck_assert_int_eq(o.filter.min_bytes, 4096);
	ck_assert_int_eq(o.filter.max_bytes, 1048576);
	ck_assert_uint_eq(errlen, 0);
}
END_TEST

/* A long name is accepted, reduced to its last 63 bytes, said once. */
START_TEST(test_cmdline_long_name)
{
	char a[101], b[81];

	memset(a, 'a', 100);
	a[100] = '\0';
	a[37] = 'S';	/* the first byte of the suffix */
	memset(b, 'b', 80);
	b[80] = '\0';
	ck_assert_int_eq(PARSE("--function", a, "--file", b), -1);
	ck_assert_str_eq(o.filter.function, a + 37);
	ck_assert_str_eq(o.filter.file, b + 17);
	ck_assert_ptr_nonnull(strstr(err, "--function"));
	ck_assert_ptr_nonnull(strstr(err, "63"));
	ck_assert_ptr_nonnull(strstr(err, a + 37));
	ck_assert_ptr_eq(strchr(err, '\n'), err + errlen - 1);
}
END_TEST

START_TEST(test_cmdline_no_color_env)
{
	setenv("NO_COLOR", "1", 1);
	ck_assert_int_eq(PARSE("-b"), -1);
	ck_assert(!o.color);
	setenv("NO_COLOR", "", 1);
	ck_assert_int_eq(PARSE("-b"), -1);
	ck_assert(o.color);
}
END_TEST

/* --help lists every option of the contract; --version says the name. */
START_TEST(test_cmdline_help_version)
{
	static const char *const opts[] = {
		"-d, --delay", "-n, --iterations", "-b, --batch", "--once",
		"-o, --sort", "-N, --lines", "-f, --format", "--bytes",
		"-r, --replay", "-w, --record", "-F, --allocinfo",
		"-s, --source", "--module", "--function", "--file", "--line",
		"--inaccurate", "--min-bytes", "--max-bytes", "-m, --match",
		"-C, --no-color", "-h, --help", "-V, --version",
		"--textfile", "--diff", "openmetrics", "prometheus", "--speed",
	};
	size_t i;

	ck_assert_int_eq(PARSE("--help"), 0);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		ck_assert_msg(strstr(out, opts[i]), "--help lacks %s", opts[i]);
	ck_assert_uint_eq(errlen, 0);
	ck_assert_int_eq(PARSE("-h"), 0);
	ck_assert_int_eq(PARSE("-V"), 0);
	ck_assert(!strncmp(out, "allocinfo-top ", 14));
	ck_assert_int_eq(PARSE("--version"), 0);
}
END_TEST

/* --diff takes NEW from the arguments; --textfile implies batch. */
START_TEST(test_cmdline_fleet)
{
	ck_assert_int_eq(PARSE("--diff", "old", "-f", "openmetrics", "new",
			       "--module", "ext4"), -1);
	ck_assert_str_eq(o.diff_old, "old");
	ck_assert_str_eq(o.diff_new, "new");
	ck_assert_int_eq(o.format, OUTPUT_OPENMETRICS);
	ck_assert_str_eq(o.filter.module, "ext4");
	ck_assert_int_eq(PARSE("--textfile", "/var/lib/x", "-f",
			       "prometheus"), -1);
	ck_assert_str_eq(o.textfile, "/var/lib/x");
	ck_assert(o.batch);
	ck_assert_int_eq(o.format, OUTPUT_PROMETHEUS);
	ck_assert_ptr_null(o.diff_old);
	ck_assert_double_eq(o.speed, 1);
	ck_assert_int_eq(PARSE("--speed", "1/4"), -1);
	ck_assert_double_eq(o.speed, 0.25);
	ck_assert_int_eq(PARSE("--speed=64"), -1);
	ck_assert_double_eq(o.speed, 64);
	ck_assert_uint_eq(errlen, 0);
}
END_TEST

struct usage_case {
	const char *args[6];
	const char *names;	/* what the one line must name */
};

static const struct usage_case usage_cases[] = {
	{ { "-d", "0" }, "--delay" },
	{ { "-d", "nan" }, "--delay" },
	{ { "-d", "inf" }, "--delay" },
	{ { "-d", "1e9" }, "--delay" },
	{ { "-d" }, "--delay" },
	{ { "-n", "0" }, "--iterations" },
	{ { "-n", "-1" }, "--iterations" },
	{ { "-n", "99999999999999999999999" }, "--iterations" },
	{ { "-o", "size" }, "--sort" },
	{ { "-N", "0" }, "--lines" },
	{ { "-f", "yaml" }, "--format" },
	{ { "-s", "proc" }, "--source" },
	{ { "--line", "x" }, "--line" },
	{ { "--inaccurate", "perhaps" }, "--inaccurate" },
	{ { "--min-bytes", "10Q" }, "--min-bytes" },
	{ { "--max-bytes", "99999999999999999999" }, "--max-bytes" },
	{ { "--min-bytes", "2", "--max-bytes", "1" }, "--min-bytes" },
	{ { "--module", "a b" }, "--module" },
	{ { "--window", "-5" }, "--window" },
	{ { "--frobnicate" }, "--frobnicate" },
	{ { "-Z" }, "-Z" },
	{ { "extra" }, "extra" },
	{ { "-r", "same", "-w", "same" }, "--record" },
	{ { "--diff", "old" }, "--diff" },
	{ { "--diff", "old", "new", "extra" }, "extra" },
	{ { "--diff", "old", "new", "-r", "cap" }, "--diff" },
	{ { "--diff", "old", "new", "--textfile", "dir" }, "--diff" },
	{ { "--textfile" }, "--textfile" },
	{ { "-f", "openmetrics1" }, "--format" },
	{ { "--speed", "65" }, "--speed" },
	{ { "--speed", "1/65" }, "--speed" },
	{ { "--speed", "0" }, "--speed" },
	{ { "--speed", "1/0" }, "--speed" },
	{ { "--speed", "nan" }, "--speed" },
};

START_TEST(test_cmdline_usage)
{
	const struct usage_case *c = &usage_cases[_i];

	ck_assert_int_eq(parse_args(c->args), EXIT_USAGE);
	ck_assert_msg(errlen && strchr(err, '\n') == err + errlen - 1,
		      "not one line: '%s'", err);
	ck_assert_msg(!strncmp(err, "allocinfo-top: ", 15), "'%s'", err);
	ck_assert_msg(strstr(err, c->names), "'%s' does not name %s", err,
		      c->names);
	ck_assert_uint_eq(outlen, 0);
}
END_TEST

Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, cmdline_setup, cmdline_teardown);
	tcase_add_test(tc, test_cmdline_defaults);
	tcase_add_test(tc, test_cmdline_short);
	tcase_add_test(tc, test_cmdline_long);
	tcase_add_test(tc, test_cmdline_once);
	tcase_add_test(tc, test_cmdline_reparse);
	tcase_add_test(tc, test_cmdline_filters);
	tcase_add_test(tc, test_cmdline_long_name);
	tcase_add_test(tc, test_cmdline_no_color_env);
	tcase_add_test(tc, test_cmdline_help_version);
	tcase_add_test(tc, test_cmdline_fleet);
	tcase_add_loop_test(tc, test_cmdline_usage, 0, N(usage_cases));
	suite_add_tcase(s, tc);
	return s;
}
