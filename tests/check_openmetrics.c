// SPDX-License-Identifier: GPL-2.0
/*
 * Metrics output: label escaping, the families of both dialects, gone tags
 * left out, and the totals.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openmetrics.h"
#include "output.h"
#include "testutil.h"

static struct model *m;
static struct sample s;
static struct output o;
static char *text;
static size_t textlen;
static FILE *fp;

static void om_setup(void)
{
	m = model_new(60);
	sample_init(&s);
	fp = open_memstream(&text, &textlen);
	output_init(&o, fp);
}

static void om_teardown(void)
{
	output_fini(&o);
	fclose(fp);
	free(text);
	sample_fini(&s);
	model_free(m);
}

static const char *print(enum output_format f)
{
	rewind(fp);
	o.format = f;
	output_sample(&o, m, "capture");
	fflush(fp);
	return text;
}

static void starts(const char *want)
{
	ck_assert_msg(!strncmp(text, want, strlen(want)), "%s", text);
}

static const char *label(const char *in)
{
	rewind(fp);
	openmetrics_label(fp, in);
	fputc('\0', fp);
	fflush(fp);
	return text;
}

static const struct {
	const char *in;
	const char *out;
} label_cases[] = {
	{ "", "" },
	{ "mm/slub.c", "mm/slub.c" },
	{ "a\"b", "a\\\"b" },
	{ "a\\b", "a\\\\b" },
	{ "a\nb", "a\\nb" },
	/* Not in the spec's three: the text \xNN, its backslash escaped. */
	{ "\x1b[2J", "\\\\x1b[2J" },
	{ "tab\there", "tab\\\\x09here" },
	{ "\x7f", "\\\\x7f" },
	{ "caf\xc3\xa9", "caf\\\\xc3\\\\xa9" },
	{ "\xff\xfe", "\\\\xff\\\\xfe" },
	{ "{x=\"1\"} 2\n# EOF", "{x=\\\"1\\\"} 2\\n# EOF" },
};

START_TEST(test_om_label)
{
	const char *got = label(label_cases[_i].in);

	ck_assert_str_eq(got, label_cases[_i].out);
}
END_TEST

/* Every escaped value is printable ASCII: no byte can end the line. */
START_TEST(test_om_label_all_bytes)
{
	char in[256];
	size_t i;
	const char *got;

	for (i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	got = label(in);
	for (i = 0; got[i]; i++)
		ck_assert_msg((unsigned char)got[i] >= 0x20 &&
			      (unsigned char)got[i] < 0x7f,
			      "byte %#x at %zu", (unsigned char)got[i], i);
	/* 0x22 and 0x5c are the only printable bytes escaped. */
	ck_assert_ptr_nonnull(strstr(got, " !\\\"#"));
	ck_assert_ptr_nonnull(strstr(got, "[\\\\]"));
}
END_TEST

START_TEST(test_om_openmetrics)
{
	test_add(&s, "", "a.c", 1, "f", 100, 1, true);
	test_add(&s, "", "gone.c", 1, "f", 5, 1, true);
	s.has_content_id = true;
	s.content_id = 4;
	test_ingest(m, &s, 1700000000);
	test_add(&s, "", "a.c", 1, "f", 100, 1, false);
	test_add(&s, "ext4", "b.c", 2, "g", 4096, 2, true);
	test_add(&s, "ext4", "b.c", 2, "g", 8, 3, true);
	s.has_content_id = true;
	s.content_id = 5;
	test_ingest(m, &s, 1700000002.5);
	print(OUTPUT_OPENMETRICS);
	starts("# TYPE allocinfo_bytes gauge\n"
	       "# UNIT allocinfo_bytes bytes\n"
	       "# HELP allocinfo_bytes ");
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_bytes{module=\"\",function=\"f\",file=\"a.c\","
		"line=\"1\",ordinal=\"0\"} 100\n"));
	/* Twins: the ordinal tells them apart. */
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_bytes{module=\"ext4\",function=\"g\",file=\"b.c\","
		"line=\"2\",ordinal=\"0\"} 4096\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_calls{module=\"ext4\",function=\"g\",file=\"b.c\","
		"line=\"2\",ordinal=\"1\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_accurate{module=\"\",function=\"f\",file=\"a.c\","
		"line=\"1\",ordinal=\"0\"} 0\n"));
	/* A gone tag's series ends. */
	ck_assert_ptr_null(strstr(text, "gone.c"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_total_bytes 4204\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_total_calls 6\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_tags 3\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_exported_tags 3\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"# TYPE allocinfo_source info\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"\nallocinfo_source_info{source=\"capture\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"# TYPE allocinfo_content_changes counter\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"\nallocinfo_content_changes_total 1\n# EOF\n"));
	ck_assert_ptr_eq(strstr(text, "# EOF\n"), text + textlen - 6);
}
END_TEST

START_TEST(test_om_prometheus)
{
	test_add(&s, "", "a.c", 1, "f", 100, 1, true);
	test_ingest(m, &s, 1);
	print(OUTPUT_PROMETHEUS);
	starts("# HELP allocinfo_bytes Bytes allocated at the callsite and not yet freed.\n"
	       "# TYPE allocinfo_bytes gauge\n"
	       "allocinfo_bytes{");
	ck_assert_ptr_null(strstr(text, "# UNIT"));
	ck_assert_ptr_null(strstr(text, "# EOF"));
	ck_assert_ptr_nonnull(strstr(text,
		"# TYPE allocinfo_content_changes_total counter\n"
		"allocinfo_content_changes_total 0\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"# TYPE allocinfo_source_info gauge\n"
		"allocinfo_source_info{source=\"capture\"} 1\n"));
}
END_TEST

/* -N cuts the series; the totals still cover every tag. */
START_TEST(test_om_lines)
{
	test_add(&s, "", "a.c", 1, "f", 1, 1, true);
	test_add(&s, "", "b.c", 1, "f", 2, 1, true);
	test_add(&s, "", "c.c", 1, "f", 3, 1, true);
	test_ingest(m, &s, 1);
	o.lines = 2;
	print(OUTPUT_OPENMETRICS);
	ck_assert_ptr_null(strstr(text, "a.c"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_bytes{module=\"\",function=\"f\",file=\"c.c\""));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_total_bytes 6\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nallocinfo_exported_tags 2\n"));
}
END_TEST

Suite *openmetrics_suite(void)
{
	Suite *s = suite_create("openmetrics");
	TCase *tc = tcase_create("openmetrics");

	tcase_add_checked_fixture(tc, om_setup, om_teardown);
	tcase_add_loop_test(tc, test_om_label, 0,
			    sizeof(label_cases) / sizeof(label_cases[0]));
	tcase_add_test(tc, test_om_label_all_bytes);
	tcase_add_test(tc, test_om_openmetrics);
	tcase_add_test(tc, test_om_prometheus);
	tcase_add_test(tc, test_om_lines);
	suite_add_tcase(s, tc);
	return s;
}
