// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/allocinfo text parser: one table of record lines, good and
 * malformed, the buffer parser (headers, comments, line numbers) on the
 * real dumps, and the capture separator.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "testutil.h"

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

struct rec_case {
	const char *text;
	bool ok;
	/* For good lines, the record; for bad ones, words of the reason. */
	int64_t bytes;
	uint64_t calls;
	const char *file;
	uint64_t line;
	const char *module;
	const char *function;
	bool accurate;
	const char *why;
};

#define GOOD(t, b, c, f, l, m, fn, acc) \
	{ t, true, b, c, f, l, m, fn, acc, NULL }
#define BAD(t, w) { t, false, 0, 0, NULL, 0, NULL, NULL, false, w }

static const struct rec_case rec_cases[] = {
	/* Format 1.0 as 6.12 prints it: "%12lli %8llu " ... " \n". */
	GOOD("           0        0 init/main.c:1311 func:do_initcalls ",
	     0, 0, "init/main.c", 1311, "", "do_initcalls", true),
	GOOD("     4194304     1024 mm/slub.c:2433 func:alloc_slab_page ",
	     4194304, 1024, "mm/slub.c", 2433, "", "alloc_slab_page", true),
	/* Module present and absent. */
	GOOD("       20480        5 samples/allocmod/allocmod.c:31 [allocmod] func:allocmod_alloc_chunk ",
	     20480, 5, "samples/allocmod/allocmod.c", 31, "allocmod",
	     "allocmod_alloc_chunk", true),
	GOOD("1 2 fs/ext4/super.c:9 [ext4] func:ext4_fill_super",
	     1, 2, "fs/ext4/super.c", 9, "ext4", "ext4_fill_super", true),
	/* Signed bytes: per-CPU sums dip below zero. */
	GOOD("       -4096        1 mm/percpu.c:1 func:pcpu_alloc ",
	     -4096, 1, "mm/percpu.c", 1, "", "pcpu_alloc", true),
	GOOD("-9223372036854775808 0 a.c:1 func:f ",
	     INT64_MIN, 0, "a.c", 1, "", "f", true),
	GOOD("9223372036854775807 18446744073709551615 a.c:18446744073709551615 func:f",
	     INT64_MAX, UINT64_MAX, "a.c", UINT64_MAX, "", "f", true),
	/* Whitespace: no trailing space, tabs, CRLF, runs of blanks. */
	GOOD("1 2 a.c:3 func:f", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1\t2\ta.c:3\tfunc:f\t", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1 2 a.c:3 func:f \r", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1 2 a.c:3 func:f\r", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1 2 a.c:3 [m] func:f accurate:no\r", 1, 2, "a.c", 3, "m", "f",
	     false),
	GOOD("   1    2    a.c:3    [m]    func:f   ", 1, 2, "a.c", 3, "m", "f",
	     true),
	/*
	 * Control bytes inside a long name are part of it (the word-wise
	 * scan looks at each byte below ' '), a tab or CR after it ends it.
	 */
	GOOD("1 2 drivers/very/long\x01path\x1f/file.c:3 func:a_long\x02function_name\ttail:x",
	     1, 2, "drivers/very/long\x01path\x1f/file.c", 3, "",
	     "a_long\x02function_name", true),
	GOOD("1 2 drivers/very/long/path/file.c:3\tfunc:a_long_function\raccurate:no",
	     1, 2, "drivers/very/long/path/file.c", 3, "", "a_long_function",
	     false),
	/* Format 2.0: key:value pairs after func:, unknown keys tolerated. */
	GOOD("1 2 a.c:3 func:f accurate:no ", 1, 2, "a.c", 3, "", "f", false),
	GOOD("1 2 a.c:3 [m] func:f accurate:no ", 1, 2, "a.c", 3, "m", "f",
	     false),
	GOOD("1 2 a.c:3 func:f accurate:yes ", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1 2 a.c:3 func:f color:blue ", 1, 2, "a.c", 3, "", "f", true),
	GOOD("1 2 a.c:3 func:f x:1 accurate:no y:a:b ", 1, 2, "a.c", 3, "",
	     "f", false),
	/* File names with ':' in them: the line is after the last one. */
	GOOD("1 2 drivers/a:b.c:12 func:f", 1, 2, "drivers/a:b.c", 12, "", "f",
	     true),
	GOOD("1 2 ::x.h:7 func:f", 1, 2, "::x.h", 7, "", "f", true),
	/* Paths as the kernel prints them, not normalised. */
	GOOD("0 0 drivers/iommu/intel/../iommu-pages.h:94 func:iommu_alloc_pages_node ",
	     0, 0, "drivers/iommu/intel/../iommu-pages.h", 94, "",
	     "iommu_alloc_pages_node", true),
	/* Function names end at whitespace only. */
	GOOD("1 2 a.c:3 func:f.cold.1 ", 1, 2, "a.c", 3, "", "f.cold.1", true),
	GOOD("1 2 a.c:3 func:func:x ", 1, 2, "a.c", 3, "", "func:x", true),
	/* Empty names, as the recorder writes a tag that had none. */
	GOOD("1 2 :3 func:f", 1, 2, "", 3, "", "f", true),
	GOOD("1 2 a.c:3 func:", 1, 2, "a.c", 3, "", "", true),
	GOOD("1 2 a.c:3 [m] func: accurate:no ", 1, 2, "a.c", 3, "m", "",
	     false),
	/* The recorder's escapes: decoded; anything else kept as it is. */
	GOOD("1 2 a\\x20b.c:3 [m\\x5d] func:f\\x0a\\x1b[2J ", 1, 2, "a b.c", 3,
	     "m]", "f\n\x1b[2J", true),
	GOOD("1 2 a\\x2.c:3 func:\\x00\\xzz\\ ", 1, 2, "a\\x2.c", 3, "",
	     "\\x00\\xzz\\", true),

	/* Byte counts. */
	BAD("", "byte count"),
	BAD("   ", "byte count"),
	BAD("x 2 a.c:3 func:f", "byte count"),
	BAD("12a 2 a.c:3 func:f", "byte count"),
	BAD("+1 2 a.c:3 func:f", "byte count"),
	BAD("- 2 a.c:3 func:f", "byte count"),
	BAD("1.5 2 a.c:3 func:f", "byte count"),
	BAD("9223372036854775808 2 a.c:3 func:f", "byte count"),
	BAD("-9223372036854775809 2 a.c:3 func:f", "byte count"),
	BAD("99999999999999999999999 2 a.c:3 func:f", "byte count"),
	BAD("0x10 2 a.c:3 func:f", "byte count"),
	/* Call counts. */
	BAD("1", "call count"),
	BAD("1 -2 a.c:3 func:f", "call count"),
	BAD("1 2x a.c:3 func:f", "call count"),
	BAD("1 18446744073709551616 a.c:3 func:f", "call count"),
	BAD("1 a.c:3 func:f", "call count"),
	/* file:line. */
	BAD("1 2", "<file>:<line>"),
	BAD("1 2 ", "<file>:<line>"),
	BAD("1 2 a.c func:f", "<file>:<line>"),
	BAD("1 2 a.c: func:f", "<file>:<line>"),
	BAD("1 2 a.c:x func:f", "line number"),
	BAD("1 2 a.c:12x func:f", "line number"),
	BAD("1 2 a.c:-1 func:f", "line number"),
	BAD("1 2 a.c:18446744073709551616 func:f", "line number"),
	BAD("1 2 func:f", "line number"),
	/* [module]. */
	BAD("1 2 a.c:3 [] func:f", "[module]"),
	BAD("1 2 a.c:3 [m func:f", "[module]"),
	BAD("1 2 a.c:3 [m]func:f", "[module]"),
	/* func:. */
	BAD("1 2 a.c:3", "func:"),
	BAD("1 2 a.c:3 ", "func:"),
	BAD("1 2 a.c:3 f", "func:"),
	BAD("1 2 a.c:3 [m]", "func:"),
	BAD("1 2 a.c:3 [m] fn:f", "func:"),
	BAD("1 2 a.c:3 [m] [n] func:f", "func:"),
	/* key:value pairs. */
	BAD("1 2 a.c:3 func:f accurate", "<key>:<value>"),
	BAD("1 2 a.c:3 func:f junk", "<key>:<value>"),
	BAD("1 2 a.c:3 func:f :no", "<key>:<value>"),
	BAD("1 2 a.c:3 func:f accurate:maybe", "yes or no"),
	BAD("1 2 a.c:3 func:f accurate:", "yes or no"),
	BAD("1 2 a.c:3 func:f accurate:NO", "yes or no"),
};

START_TEST(test_parse_record)
{
	const struct rec_case *c = &rec_cases[_i];
	const char *why = NULL;
	struct sample s;
	int ret;

	sample_init(&s);
	ret = parse_record(&s, c->text, strlen(c->text), &why);
	if (!c->ok) {
		ck_assert_msg(ret == -EINVAL, "'%s' parsed (ret %d)", c->text,
			      ret);
		ck_assert_msg(why && strstr(why, c->why),
			      "'%s': reason '%s' does not say '%s'", c->text,
			      why ? why : "(null)", c->why);
		ck_assert_msg(s.nrecs == 0, "'%s' left a record", c->text);
		sample_fini(&s);
		return;
	}
	ck_assert_msg(ret == 0, "'%s': %s", c->text, why ? why : "?");
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_int_eq(s.recs[0].bytes, c->bytes);
	ck_assert_uint_eq(s.recs[0].calls, c->calls);
	ck_assert_str_eq(s.recs[0].file, c->file);
	ck_assert_uint_eq(s.recs[0].line, c->line);
	ck_assert_str_eq(s.recs[0].module, c->module);
	ck_assert_str_eq(s.recs[0].function, c->function);
	ck_assert_int_eq(s.recs[0].accurate, c->accurate);
	sample_fini(&s);
}
END_TEST

/* The line is parsed up to len only: no reading past it. */
START_TEST(test_parse_record_len)
{
	const char *text = "1 2 a.c:3 func:foo accurate:no";
	const char *why;
	struct sample s;
	char *exact;

	sample_init(&s);
	ck_assert_int_eq(parse_record(&s, text, strlen("1 2 a.c:3 func:fo"),
				      &why), 0);
	ck_assert_str_eq(s.recs[0].function, "fo");
	ck_assert(s.recs[0].accurate);
	/* A heap copy without a NUL: ASan catches any over-read. */
	exact = malloc(strlen(text));
	memcpy(exact, text, strlen(text));
	ck_assert_int_eq(parse_record(&s, exact, strlen(text), &why), 0);
	ck_assert_str_eq(s.recs[1].function, "foo");
	ck_assert(!s.recs[1].accurate);
	free(exact);
	sample_fini(&s);
}
END_TEST

/* Many records: the strings stay valid while the array grows. */
START_TEST(test_parse_record_many)
{
	struct sample s;
	char line[128];
	const char *why;
	int i;

	sample_init(&s);
	for (i = 0; i < 5000; i++) {
		int n = snprintf(line, sizeof(line),
				 "%d %d dir/file%d.c:%d [m%d] func:fn%d ", -i,
				 i, i, i + 1, i % 7, i);

		ck_assert_int_eq(parse_record(&s, line, (size_t)n, &why), 0);
	}
	ck_assert_uint_eq(s.nrecs, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(line, sizeof(line), "dir/file%d.c", i);
		ck_assert_str_eq(s.recs[i].file, line);
		snprintf(line, sizeof(line), "fn%d", i);
		ck_assert_str_eq(s.recs[i].function, line);
		ck_assert_int_eq(s.recs[i].bytes, -i);
	}
	sample_fini(&s);
}
END_TEST

static int parse_buf(struct sample *s, const char *buf, size_t first_line,
		     const struct filter *f, size_t *used,
		     struct parse_error *err)
{
	memset(err, 0, sizeof(*err));
	return parse_text(s, buf, strlen(buf), first_line, f, used, err);
}

/* Header, comment, blank and indented-blank lines are skipped. */
START_TEST(test_parse_text_skips)
{
	const char *buf =
		"allocinfo - version: 1.0\n"
		"#     <size>  <calls> <tag info>\n"
		"\n"
		"   \n"
		"\t\n"
		"# a comment 1 2 a.c:3 func:f\n"
		"allocinfo - version: 2.0\n"
		"           5        1 a.c:1 func:f \n"
		"          -6        2 b.c:2 [m] func:g accurate:no \n"
		"\r\n"
		"--- a rule, as the capture format allows\n"
		"-- 1\n"
		"  # an indented comment 1 2 a.c:3 func:f\n"
		"\t# a tab-indented one\n"
		"\t\t8 4 d.c:4 func:tabbed \n"
		"7 3 c.c:3 func:h";
	struct parse_error err;
	struct sample s;
	size_t used;

	sample_init(&s);
	ck_assert_int_eq(parse_buf(&s, buf, 1, NULL, &used, &err), 0);
	ck_assert_uint_eq(used, strlen(buf));
	ck_assert_uint_eq(s.nrecs, 4);
	ck_assert_uint_eq(s.total, 4);
	ck_assert_str_eq(s.recs[0].function, "f");
	ck_assert_int_eq(s.recs[1].bytes, -6);
	ck_assert_str_eq(s.recs[1].module, "m");
	ck_assert(!s.recs[1].accurate);
	/* Tab-indented records are records, not dropped. */
	ck_assert_str_eq(s.recs[2].function, "tabbed");
	ck_assert_int_eq(s.recs[2].bytes, 8);
	ck_assert_str_eq(s.recs[3].function, "h");
	sample_fini(&s);
}
END_TEST

/*
 * A last line without its newline that is not a record: *used stops at
 * the end of the buffer (it was one past it; found by the fuzzer).
 */
START_TEST(test_parse_text_used_unterminated)
{
	static const char *const bufs[] = {
		"1 2 a.c:1 func:f\n# no newline", "x", "\n\n--", "1 2 a.c:1 func:f",
	};
	struct parse_error err;
	struct sample s;
	size_t used, i;

	sample_init(&s);
	for (i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) {
		ck_assert_int_eq(parse_buf(&s, bufs[i], 1, NULL, &used, &err),
				 0);
		ck_assert_uint_eq(used, strlen(bufs[i]));
	}
	sample_fini(&s);
}
END_TEST

/* A sample of more tags than any kernel has is refused, with its line. */
START_TEST(test_parse_text_too_many)
{
	size_t n = PARSE_TAGS_MAX + 1, i, len = 0;
	char *buf = malloc(n * 24 + 1);
	struct parse_error err;
	struct sample s;

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "0 0 a.c:%zu func:f\n", i % 10);
	sample_init(&s);
	ck_assert_int_eq(parse_text(&s, buf, len, 1, NULL, NULL, &err),
			 -E2BIG);
	ck_assert_uint_eq(err.line, n);
	ck_assert_ptr_nonnull(strstr(err.msg, "tags in one sample"));
	sample_fini(&s);
	free(buf);
}
END_TEST

/* Times a capture may hold: 0 up to the year 9999, nothing beyond. */
START_TEST(test_parse_separator_time_range)
{
	static const char *const bad[] = {
		"@sample 1e20", "@sample 253402300800", "@sample 1e309",
		"@sample 99999999999999999999999999999",
	};
	struct parse_separator sep;
	const char *why = NULL;
	size_t i;

	ck_assert_int_eq(parse_separator("@sample 0", 9, &sep, &why), 0);
	ck_assert_int_eq(parse_separator("@sample 253402300799 tags=1", 27,
					 &sep, &why), 0);
	ck_assert_double_eq(sep.time, 253402300799.0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		ck_assert_int_ne(parse_separator(bad[i], strlen(bad[i]), &sep,
						 &why), 0);
		ck_assert_msg(why && (strstr(why, "out of range") ||
				      strstr(why, "bad time")), "%s: %s",
			      bad[i], why);
	}
	ck_assert_int_eq(parse_separator("@sample 1e20", 12, &sep, &why),
			 -ERANGE);
}
END_TEST

/* A whole file with CRLF line ends parses like the LF one. */
START_TEST(test_parse_text_crlf)
{
	const char *buf = "allocinfo - version: 1.0\r\n"
			  "#     <size>  <calls> <tag info>\r\n"
			  "  1 2 a.c:1 func:f \r\n"
			  "  3 4 b.c:2 [m] func:g \r\n";
	struct parse_error err;
	struct sample s;

	sample_init(&s);
	ck_assert_int_eq(parse_buf(&s, buf, 1, NULL, NULL, &err), 0);
	ck_assert_uint_eq(s.nrecs, 2);
	ck_assert_str_eq(s.recs[0].function, "f");
	ck_assert_str_eq(s.recs[1].function, "g");
	ck_assert_str_eq(s.recs[1].module, "m");
	sample_fini(&s);
}
END_TEST

/* The error names the line, counted from first_line. */
struct line_case {
	const char *buf;
	size_t first_line;
	size_t want_line;
	const char *why;
};

static const struct line_case line_cases[] = {
	{ "1 x a.c:1 func:f\n", 1, 1, "call count" },
	{ "allocinfo - version: 1.0\n#\n1 2 a.c:1 func:f\n1 2 a.c func:f\n",
	  1, 4, "<file>:<line>" },
	{ "1 2 a.c:1 func:f\n\n\n1 2 a.c:1 func:f bad\n", 1, 4, "<key>" },
	{ "1 2 a.c:1 func:f\n1 2 a.c:1 [x func:f\n", 100, 101, "[module]" },
	{ "1 2 a.c:1 func:f\r\n1 2 a.c:1 func:f accurate:maybe\r\n", 7, 8,
	  "yes or no" },
	{ "1 2 a.c:1 func:f\n-1x 2 a.c:1 func:f", 1, 2, "byte count" },
	{ "# c\n\t1 2 a.c:1 func:f\n\t1 x a.c:1 func:f\n", 1, 3,
	  "call count" },
	{ "   \n  12 2\n", 1, 2, "<file>:<line>" },
};

START_TEST(test_parse_text_error_line)
{
	const struct line_case *c = &line_cases[_i];
	struct parse_error err;
	struct sample s;

	sample_init(&s);
	ck_assert_int_eq(parse_buf(&s, c->buf, c->first_line, NULL, NULL,
				   &err), -EINVAL);
	ck_assert_uint_eq(err.line, c->want_line);
	ck_assert_msg(strstr(err.msg, c->why), "'%s' lacks '%s'", err.msg,
		      c->why);
	sample_fini(&s);
}
END_TEST

/* Parsing stops before a separator line and says how far it got. */
START_TEST(test_parse_text_stops_at_separator)
{
	const char *buf = "1 2 a.c:1 func:f\n"
			  "@sample 12.5 tags=1\n"
			  "3 4 b.c:2 func:g\n";
	struct parse_error err;
	struct sample s;
	size_t used;

	sample_init(&s);
	ck_assert_int_eq(parse_buf(&s, buf, 1, NULL, &used, &err), 0);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_uint_eq(used, strlen("1 2 a.c:1 func:f\n"));
	/* "@samples" is not a separator, and is skipped like a header. */
	sample_clear(&s);
	ck_assert_int_eq(parse_buf(&s, "@samples\n1 2 a.c:1 func:f\n", 1,
				   NULL, &used, &err), 0);
	ck_assert_uint_eq(s.nrecs, 1);
	sample_fini(&s);
}
END_TEST

/* With a filter, total counts every tag and recs keeps the matches. */
START_TEST(test_parse_text_filter)
{
	const char *buf = "1 2 a.c:1 func:f\n"
			  "3 4 b.c:2 [m] func:g\n"
			  "5 6 c.c:3 func:h accurate:no\n";
	struct parse_error err;
	struct filter f;
	struct sample s;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "", NULL), 0);
	sample_init(&s);
	ck_assert_int_eq(parse_buf(&s, buf, 1, &f, NULL, &err), 0);
	ck_assert_uint_eq(s.total, 3);
	ck_assert_uint_eq(s.nrecs, 2);
	ck_assert_str_eq(s.recs[0].function, "f");
	ck_assert_str_eq(s.recs[1].function, "h");
	sample_fini(&s);
}
END_TEST

/* The real dumps parse completely, with the right counts and records. */
START_TEST(test_parse_tinyconfig)
{
	struct sample s;
	size_t i, nonzero = 0;

	sample_init(&s);
	test_load_dump(&s, TINY_DUMP);
	ck_assert_uint_eq(s.nrecs, TINY_TAGS);
	ck_assert_uint_eq(s.total, TINY_TAGS);
	ck_assert_str_eq(s.recs[0].file, "init/main.c");
	ck_assert_uint_eq(s.recs[0].line, 1311);
	ck_assert_str_eq(s.recs[0].function, "do_initcalls");
	ck_assert_str_eq(s.recs[0].module, "");
	ck_assert_int_eq(s.recs[0].bytes, 0);
	for (i = 0; i < s.nrecs; i++) {
		ck_assert_str_eq(s.recs[i].module, "");
		ck_assert(s.recs[i].accurate);
		ck_assert(*s.recs[i].file && *s.recs[i].function);
		nonzero += s.recs[i].bytes != 0;
	}
	ck_assert_uint_gt(nonzero, 0);
	sample_fini(&s);
}
END_TEST

static const struct rec *find_rec(const struct sample *s, const char *file,
				  uint64_t line, const char *function,
				  unsigned int nth)
{
	size_t i;

	for (i = 0; i < s->nrecs; i++)
		if (s->recs[i].line == line &&
		    !strcmp(s->recs[i].file, file) &&
		    !strcmp(s->recs[i].function, function) && !nth--)
			return &s->recs[i];
	return NULL;
}

START_TEST(test_parse_defconfig)
{
	struct sample s;
	const struct rec *r;

	sample_init(&s);
	test_load_dump(&s, DEFCONFIG_DUMP);
	ck_assert_uint_eq(s.nrecs, DEFCONFIG_TAGS);
	ck_assert_uint_eq(s.total, DEFCONFIG_TAGS);
	/* Duplicate keys are all there. */
	ck_assert_ptr_nonnull(find_rec(&s, "fs/binfmt_elf.c", 1671,
				       "fill_files_note", 1));
	ck_assert_ptr_null(find_rec(&s, "fs/binfmt_elf.c", 1671,
				    "fill_files_note", 2));
	r = find_rec(&s, "drivers/iommu/intel/../iommu-pages.h", 94,
		     "iommu_alloc_pages_node", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->module, "");
	r = find_rec(&s, "mm/slub.c", 2478, "alloc_slab_page", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->bytes, 5775360);
	ck_assert_uint_eq(r->calls, 1015);
	ck_assert_ptr_eq(r, &s.recs[634 - 3]);
	r = find_rec(&s, "fs/kernfs/dir.c", 624, "__kernfs_new_node", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->bytes, 1562640);
	ck_assert_uint_eq(r->calls, 11490);
	sample_fini(&s);
}
END_TEST

/* Spot checks against lines of the files, read independently. */
START_TEST(test_parse_dump_spot)
{
	static const char *const dumps[] = { TINY_DUMP, DEFCONFIG_DUMP };
	size_t len, i, k = 0;
	char *buf = test_read_file(test_data_path(dumps[_i]), &len);
	char *p = buf, *nl;
	struct sample s;

	sample_init(&s);
	test_load_dump(&s, dumps[_i]);
	/* Every record line, in order, against sscanf of the same line. */
	for (i = 0; (nl = strchr(p, '\n')); p = nl + 1, i++) {
		long long bytes;
		unsigned long long calls;
		char where[512], fn[256];

		*nl = '\0';
		if (i < 2)
			continue;
		ck_assert_int_eq(sscanf(p, "%lld %llu %511s func:%255s", &bytes,
					&calls, where, fn), 4);
		ck_assert_uint_lt(k, s.nrecs);
		ck_assert_int_eq(s.recs[k].bytes, bytes);
		ck_assert_uint_eq(s.recs[k].calls, calls);
		ck_assert_str_eq(s.recs[k].function, fn);
		*strrchr(where, ':') = '\0';
		ck_assert_str_eq(s.recs[k].file, where);
		k++;
	}
	ck_assert_uint_eq(k, s.nrecs);
	free(buf);
	sample_fini(&s);
}
END_TEST

struct sep_case {
	const char *text;
	int ret;
	double time;
	bool has_cid;
	unsigned long long cid;
	enum sample_origin origin;
	bool has_tags;
	size_t tags;
	const char *why;
};

static const struct sep_case sep_cases[] = {
	{ "@sample 1700000000.123456789", 0, 1700000000.123456789, false, 0,
	  ORIGIN_NONE, false, 0, NULL },
	{ "@sample 12.5 content_id=7 source=ioctl tags=3", 0, 12.5, true, 7,
	  ORIGIN_IOCTL, true, 3, NULL },
	{ "@sample\t3\tsource=text\ttags=0\r", 0, 3, false, 0, ORIGIN_TEXT,
	  true, 0, NULL },
	{ "@sample 3 content_id=18446744073709551615 ", 0, 3, true,
	  18446744073709551615ull, ORIGIN_NONE, false, 0, NULL },
	{ "@sample 3 source=martian future=1", 0, 3, false, 0, ORIGIN_NONE,
	  false, 0, NULL },
	{ "@sample", -EINVAL, 0, false, 0, 0, false, 0, "without a time" },
	{ "@sample   ", -EINVAL, 0, false, 0, 0, false, 0, "without a time" },
	{ "@sample abc", -EINVAL, 0, false, 0, 0, false, 0, "bad time" },
	{ "@sample -1", -EINVAL, 0, false, 0, 0, false, 0, "bad time" },
	{ "@sample 1.5x", -EINVAL, 0, false, 0, 0, false, 0, "bad time" },
	{ "@sample 1 tags", -EINVAL, 0, false, 0, 0, false, 0, "key>=<value" },
	{ "@sample 1 tags=x", -EINVAL, 0, false, 0, 0, false, 0, "tags" },
	{ "@sample 1 tags=-1", -EINVAL, 0, false, 0, 0, false, 0, "tags" },
	{ "@sample 1 content_id=", -EINVAL, 0, false, 0, 0, false, 0,
	  "content_id" },
	{ "@sample 1 content_id=18446744073709551616", -EINVAL, 0, false, 0,
	  0, false, 0, "content_id" },
	{ "@sample 1 host=db-7 release=6.12.9 MemTotal=16 Slab=2", 0, 1, false,
	  0, ORIGIN_NONE, false, 0, NULL },
	{ "@sample 1 host=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  -EINVAL, 0, false, 0, 0, false, 0, "host longer than 64" },
	{ "@sample 1 release=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  -EINVAL, 0, false, 0, 0, false, 0, "release longer than 64" },
	{ "@sample 1 MemTotal=12kB", -EINVAL, 0, false, 0, 0, false, 0,
	  "meminfo" },
	{ "@sample 1 Slab=18014398509481984", -EINVAL, 0, false, 0, 0, false,
	  0, "meminfo" },
	{ "@sample 1 Slab=", -EINVAL, 0, false, 0, 0, false, 0, "meminfo" },
};

START_TEST(test_parse_separator)
{
	const struct sep_case *c = &sep_cases[_i];
	struct parse_separator sep;
	const char *why = NULL;
	int ret;

	ck_assert(parse_is_separator(c->text, strlen(c->text)));
	ret = parse_separator(c->text, strlen(c->text), &sep, &why);
	ck_assert_msg(ret == c->ret, "'%s': ret %d", c->text, ret);
	if (ret) {
		ck_assert_msg(why && strstr(why, c->why), "'%s': '%s'", c->text,
			      why ? why : "(null)");
		return;
	}
	ck_assert_double_eq_tol(sep.time, c->time, 1e-6);
	ck_assert_int_eq(sep.has_content_id, c->has_cid);
	ck_assert_uint_eq(sep.content_id, c->cid);
	ck_assert_int_eq(sep.origin, c->origin);
	ck_assert_int_eq(sep.has_tags, c->has_tags);
	ck_assert_uint_eq(sep.tags, c->tags);
}
END_TEST

/* Where the sample was read, and names at their 64-byte limit. */
START_TEST(test_parse_separator_origin)
{
	static const char line[] =
		"@sample 1 host=db-7 release=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa MemTotal=16 Slab=0 Future=9";
	struct parse_separator sep;
	const char *why = NULL;

	ck_assert_int_eq(parse_separator(line, strlen(line), &sep, &why), 0);
	ck_assert_str_eq(sep.host, "db-7");
	ck_assert_uint_eq(strlen(sep.release), 64);
	ck_assert_uint_eq(sep.mem.has, (1u << MEMINFO_TOTAL) |
			  (1u << MEMINFO_SLAB));
	ck_assert_uint_eq(sep.mem.bytes[MEMINFO_TOTAL], 16 * 1024);
	ck_assert_uint_eq(sep.mem.bytes[MEMINFO_SLAB], 0);
}
END_TEST

START_TEST(test_parse_is_separator)
{
	ck_assert(parse_is_separator("@sample", 7));
	ck_assert(parse_is_separator("@sample 1", 9));
	ck_assert(parse_is_separator("@sample\t1", 9));
	ck_assert(!parse_is_separator("@samples 1", 10));
	ck_assert(!parse_is_separator("@sampl", 6));
	ck_assert(!parse_is_separator(" @sample 1", 10));
	ck_assert(!parse_is_separator("#sample 1", 9));
	ck_assert(!parse_is_separator("", 0));
	/* Only len bytes count. */
	ck_assert(!parse_is_separator("@sample 1", 5));
}
END_TEST

/* Successive reads of a kernel whose listing moves in every way. */
static const char *const cache_reads[] = {
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        4096        1 a.c:1 func:f \n"
	"           0        0 b.c:2 [m] func:g \n"
	"           0        0 b.c:2 [m] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k \n",
	/* The counters of two lines move. */
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        8192        2 a.c:1 func:f \n"
	"           0        0 b.c:2 [m] func:g \n"
	"          32        1 b.c:2 [m] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k \n",
	/* A tag is replaced in place, and the last line loses its newline. */
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        8192        2 a.c:1 func:f \n"
	"           0        0 b.c:2 [m] func:g \n"
	"          32        1 b.c:2 [n] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k ",
	/* A module loads in the middle, with a comment. */
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        8192        2 a.c:1 func:f \n"
	"# loaded\n"
	"         100        1 x.c:9 [x] func:x \n"
	"           0        0 b.c:2 [m] func:g \n"
	"          32        1 b.c:2 [n] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k \n",
	/* It unloads; the rest as before. */
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        8192        2 a.c:1 func:f \n"
	"           0        0 b.c:2 [m] func:g \n"
	"          32        1 b.c:2 [n] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k \n",
	/* Nothing moved. */
	"allocinfo - version: 1.0\n"
	"#     <size>  <calls> <tag info>\n"
	"        8192        2 a.c:1 func:f \n"
	"           0        0 b.c:2 [m] func:g \n"
	"          32        1 b.c:2 [n] func:g \n"
	"         512        2 c.c:3 func:h accurate:no \n"
	"          64        1 d.c:4 func:k \n",
	/* Other counters, CRLF endings. */
	"allocinfo - version: 1.0\r\n"
	"        8192        3 a.c:1 func:f \r\n"
	"           0        0 b.c:2 [m] func:g \r\n"
	"          32        1 b.c:2 [n] func:g \r\n"
	"        1024        4 c.c:3 func:h accurate:no \r\n"
	"          64        1 d.c:4 func:k \r\n",
};

/* A text in memory, handed out a chunk at a time. */
struct parse_mem {
	const char *p;
	size_t left;
};

static int test_mem_fill(void *arg, char *dst, size_t room, size_t *got)
{
	struct parse_mem *m = arg;

	*got = room < m->left ? room : m->left;
	memcpy(dst, m->p, *got);
	m->p += *got;
	m->left -= *got;
	return 0;
}

static void cache_same_recs(const struct rec *a, const struct rec *b)
{
	ck_assert_str_eq(a->module, b->module);
	ck_assert_str_eq(a->function, b->function);
	ck_assert_str_eq(a->file, b->file);
	ck_assert_uint_eq(a->line, b->line);
}

/*
 * Read after read, the cached parse gives what the plain one gives, and
 * each record it says is the same (rec->same) has the identity of that
 * record of the read before.  _i picks the filter (_i % 3) and how much
 * of the text comes in at a time (_i / 3): lines cut across chunks and
 * longer than a chunk read the same.
 */
START_TEST(test_parse_cached)
{
	static const size_t chunks[] = { 0, 1, 5, 17 };
	struct sample s, want, prev, once;
	struct parse_cache pc, one;
	struct parse_error err;
	struct filter f;
	size_t r, i, same = 0;
	bool trimmed;

	memset(&pc, 0, sizeof(pc));
	pc.chunk = chunks[_i / 3];
	memset(&one, 0, sizeof(one));
	one.chunk = chunks[_i / 3];
	memset(&f, 0, sizeof(f));
	if (_i % 3 == 1)
		ck_assert_int_eq(filter_set(&f, FILTER_MIN_BYTES, "1", &trimmed),
				 0);
	if (_i % 3 == 2)
		ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "m", &trimmed),
				 0);
	sample_init(&s);
	sample_init(&want);
	sample_init(&prev);
	sample_init(&once);
	for (r = 0; r < 2 * N(cache_reads); r++) {
		struct parse_mem m;
		const char *buf = cache_reads[r % N(cache_reads)];

		/* The second round changes the filter on the way. */
		if (r == N(cache_reads) + 2 && _i % 3)
			memset(&f, 0, sizeof(f));
		sample_clear(&s);
		sample_clear(&want);
		ck_assert_int_eq(parse_text_cached(&pc, &s, buf, strlen(buf), 1,
						   &f, NULL, &err), 0);
		ck_assert_int_eq(parse_text(&want, buf, strlen(buf), 1, &f,
					    NULL, &err), 0);
		/* A single read, streamed through a window, reads the same. */
		sample_clear(&once);
		m.p = buf;
		m.left = strlen(buf);
		ck_assert_int_eq(parse_stream(&one, &once, test_mem_fill, &m,
					      strlen(buf), 1, &f, &err), 0);
		ck_assert_uint_eq(once.total, want.total);
		ck_assert_uint_eq(once.nrecs, want.nrecs);
		for (i = 0; i < once.nrecs; i++) {
			cache_same_recs(&once.recs[i], &want.recs[i]);
			ck_assert_int_eq(once.recs[i].bytes, want.recs[i].bytes);
			ck_assert_uint_eq(once.recs[i].calls,
					  want.recs[i].calls);
		}
		ck_assert_uint_eq(s.total, want.total);
		ck_assert_uint_eq(s.nrecs, want.nrecs);
		ck_assert_uint_ne(s.id, 0);
		ck_assert(!r || s.base == prev.id);
		for (i = 0; i < s.nrecs; i++) {
			const struct rec *a = &s.recs[i], *b = &want.recs[i];

			cache_same_recs(a, b);
			ck_assert_int_eq(a->bytes, b->bytes);
			ck_assert_uint_eq(a->calls, b->calls);
			ck_assert_int_eq(a->accurate, b->accurate);
			if (!a->same)
				continue;
			same++;
			ck_assert_uint_le(a->same, prev.nrecs);
			cache_same_recs(a, &prev.recs[a->same - 1]);
		}
		/* Keep this read to check the next one's hints against. */
		sample_clear(&prev);
		prev.id = s.id;
		for (i = 0; i < want.nrecs; i++)
			test_add(&prev, want.recs[i].module, want.recs[i].file,
				 want.recs[i].line, want.recs[i].function, 0, 0,
				 true);
	}
	/* The fast paths were taken. */
	ck_assert_uint_gt(same, 10);
	parse_cache_fini(&pc);
	parse_cache_fini(&one);
	sample_fini(&once);
	sample_fini(&s);
	sample_fini(&want);
	sample_fini(&prev);
}
END_TEST

/* A bad line fails the read with its number; the next read is whole. */
START_TEST(test_parse_cached_error)
{
	const char *bad = "1 1 a.c:1 func:f \n12x 1 b.c:2 func:g \n";
	const char *good = cache_reads[0];
	struct parse_cache pc;
	struct parse_error err;
	struct sample s;

	memset(&pc, 0, sizeof(pc));
	sample_init(&s);
	ck_assert_int_eq(parse_text_cached(&pc, &s, good, strlen(good), 1,
					   NULL, NULL, &err), 0);
	sample_clear(&s);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(parse_text_cached(&pc, &s, bad, strlen(bad), 7, NULL,
					   NULL, &err), -EINVAL);
	ck_assert_uint_eq(err.line, 8);
	sample_clear(&s);
	ck_assert_int_eq(parse_text_cached(&pc, &s, good, strlen(good), 1,
					   NULL, NULL, &err), 0);
	ck_assert_uint_eq(s.nrecs, 5);
	ck_assert_uint_eq(s.base, 0);
	parse_cache_fini(&pc);
	sample_fini(&s);
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("record");

	tcase_add_loop_test(tc, test_parse_record, 0, N(rec_cases));
	tcase_add_test(tc, test_parse_record_len);
	tcase_add_test(tc, test_parse_record_many);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_parse_text_skips);
	tcase_add_test(tc, test_parse_text_crlf);
	tcase_add_loop_test(tc, test_parse_text_error_line, 0, N(line_cases));
	tcase_add_test(tc, test_parse_text_stops_at_separator);
	tcase_add_test(tc, test_parse_text_used_unterminated);
	tcase_add_test(tc, test_parse_text_too_many);
	tcase_add_test(tc, test_parse_text_filter);
	tcase_add_loop_test(tc, test_parse_cached, 0, 12);
	tcase_add_test(tc, test_parse_cached_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("dumps");
	tcase_add_test(tc, test_parse_tinyconfig);
	tcase_add_test(tc, test_parse_defconfig);
	tcase_add_loop_test(tc, test_parse_dump_spot, 0, 2);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("separator");
	tcase_add_loop_test(tc, test_parse_separator, 0, N(sep_cases));
	tcase_add_test(tc, test_parse_is_separator);
	tcase_add_test(tc, test_parse_separator_origin);
	tcase_add_test(tc, test_parse_separator_time_range);
	suite_add_tcase(s, tc);
	return s;
}
