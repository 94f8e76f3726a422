// SPDX-License-Identifier: GPL-2.0
/*
 * Batch output: JSON and CSV field by field, escaping of hostile names in
 * every format, totals and the -N cut.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "testutil.h"

static struct model *m;
static struct sample s;
static struct output o;
static char *text;
static size_t textlen;
static FILE *fp;

static void output_setup(void)
{
	m = model_new(60);
	sample_init(&s);
	fp = open_memstream(&text, &textlen);
	output_init(&o, fp);
}

static void output_teardown(void)
{
	output_fini(&o);
	fclose(fp);
	free(text);
	sample_fini(&s);
	model_free(m);
}

static void ingest(double t)
{
	test_ingest(m, &s, t);
}

static const char *print(enum output_format f)
{
	o.format = f;
	output_sample(&o, m, "capture");
	fflush(fp);
	return text;
}

START_TEST(test_output_json)
{
	const char *want =
		"{\"time\":1700000002.500000,\"source\":\"capture\","
		"\"content_id\":null,\"tags\":2,\"shown\":3,\"bytes\":4196,"
		"\"calls\":3,\"dbytes\":4096,\"rows\":["
		"{\"module\":\"ext4\",\"function\":\"g\",\"file\":\"b.c\","
		"\"line\":2,\"bytes\":4096,\"calls\":2,\"dbytes\":4096,"
		"\"dcalls\":2,\"rate\":1638.400,\"growth\":4096,"
		"\"avg\":2048.000,\"slope\":";

	test_add(&s, "", "a.c", 1, "f", 100, 1, true);
	test_add(&s, "", "gone.c", 1, "f", 1, 1, true);
	ingest(1700000000);
	test_add(&s, "", "a.c", 1, "f", 100, 1, false);
	test_add(&s, "ext4", "b.c", 2, "g", 4096, 2, true);
	ingest(1700000002.5);
	print(OUTPUT_JSON);
	ck_assert_msg(!strncmp(text, want, strlen(want)), "%s", text);
	ck_assert_ptr_nonnull(strstr(text, ",\"accurate\":true,\"state\":\"new\"}"));
	ck_assert_ptr_nonnull(strstr(text,
		"{\"module\":\"\",\"function\":\"f\",\"file\":\"a.c\",\"line\":1,"
		"\"bytes\":100,\"calls\":1,\"dbytes\":0,\"dcalls\":0,"
		"\"rate\":0.000,\"growth\":0,\"avg\":100.000,"));
	ck_assert_ptr_nonnull(strstr(text, "\"accurate\":false,\"state\":\"live\"}"));
	ck_assert_ptr_nonnull(strstr(text, "\"file\":\"gone.c\""));
	ck_assert_ptr_nonnull(strstr(text, "\"state\":\"gone\"}]}\n"));
	/* One line per sample. */
	ck_assert_ptr_eq(strchr(text, '\n'), text + textlen - 1);
}
END_TEST

START_TEST(test_output_json_content_id_lines)
{
	test_add(&s, "", "a.c", 1, "f", 1, 1, true);
	test_add(&s, "", "b.c", 1, "f", 2, 1, true);
	test_add(&s, "", "c.c", 1, "f", 3, 1, true);
	s.has_content_id = true;
	s.content_id = 18446744073709551615ull;
	ingest(1);
	o.lines = 2;
	print(OUTPUT_JSON);
	ck_assert_ptr_nonnull(strstr(text,
		"\"content_id\":18446744073709551615,\"tags\":3,\"shown\":3,"
		"\"bytes\":6,\"calls\":3,"));
	ck_assert_ptr_nonnull(strstr(text, "\"file\":\"b.c\""));
	ck_assert_ptr_null(strstr(text, "\"file\":\"a.c\""));
}
END_TEST

/* A name can hold anything but NUL and whitespace: escape it. */
START_TEST(test_output_json_escape)
{
	test_add(&s, "m\"q", "a\\b.c", 1, "f\x1b[2J\x01\x7f", 1, 1, true);
	ingest(1);
	print(OUTPUT_JSON);
	ck_assert_ptr_nonnull(strstr(text, "\"module\":\"m\\\"q\""));
	ck_assert_ptr_nonnull(strstr(text, "\"file\":\"a\\\\b.c\""));
	ck_assert_ptr_nonnull(strstr(text,
				     "\"function\":\"f\\u001b[2J\\u0001\\u007f\""));
	ck_assert_ptr_null(strchr(text, '\x1b'));
}
END_TEST

START_TEST(test_output_csv)
{
	const char *header = "time,source,content_id,module,function,file,"
			     "line,bytes,calls,dbytes,dcalls,rate,growth,avg,"
			     "slope,accurate,state\n";

	test_add(&s, "", "a,b.c", 7, "f\"x", -5, 0, false);
	test_add(&s, "m", "plain.c", 8, "g", 10, 2, true);
	ingest(3.5);
	print(OUTPUT_CSV);
	ck_assert(!strncmp(text, header, strlen(header)));
	ck_assert_ptr_nonnull(strstr(text,
		"3.500000,capture,,m,g,plain.c,8,10,2,0,0,0.000,0,5.000,"));
	ck_assert_ptr_nonnull(strstr(text,
		"3.500000,capture,,,\"f\"\"x\",\"a,b.c\",7,-5,0,0,0,0.000,0,"
		"0.000,"));
	ck_assert_ptr_nonnull(strstr(text, ",false,live\n"));
	/* The header only once. */
	test_add(&s, "m", "plain.c", 8, "g", 10, 2, true);
	ingest(4.5);
	print(OUTPUT_CSV);
	ck_assert_ptr_eq(strstr(text + 1, "time,source"), NULL);
}
END_TEST

/* Text output never carries a raw control byte from a name. */
START_TEST(test_output_text_escape)
{
	size_t i;

	test_add(&s, "\x1b]0;pwned\x07", "evil\x1b[2J.c", 1,
		 "f\r\nfake line", 4096, 1, true);
	ingest(1);
	print(OUTPUT_TEXT);
	for (i = 0; i < textlen; i++)
		ck_assert_msg(text[i] == '\n' || (unsigned char)text[i] >= 0x20,
			      "raw byte %#x at %zu", text[i], i);
	ck_assert_ptr_nonnull(strstr(text, "evil\\x1b[2J.c:1"));
	ck_assert_ptr_nonnull(strstr(text, "f\\x0d\\x0afake"));
	/* Header, column titles, one row. */
	ck_assert_ptr_eq(strchr(text, '\n') ? text : NULL, text);
	ck_assert_int_eq((int)(strchr(strchr(strchr(text, '\n') + 1, '\n') + 1,
				      '\n') - text), (int)textlen - 1);
}
END_TEST

/* Nor does CSV: ESC, BEL, C1 and DEL escaped as the text format does. */
START_TEST(test_output_csv_escape)
{
	size_t i;

	test_add(&s, "\x1b]0;pwned\x07", "evil\x9b" "2J.c", 1,
		 "f\r\nfake,line\x7f\\", 4096, 1, true);
	ingest(1);
	print(OUTPUT_CSV);
	for (i = 0; i < textlen; i++)
		ck_assert_msg(text[i] == '\n' ||
			      ((unsigned char)text[i] >= 0x20 &&
			       (unsigned char)text[i] < 0x7f),
			      "raw byte %#x at %zu", text[i], i);
	ck_assert_ptr_nonnull(strstr(text, ",\\x1b]0;pwned\\x07,"));
	ck_assert_ptr_nonnull(strstr(text,
				     ",\"f\\x0d\\x0afake,line\\x7f\\x5c\","));
	ck_assert_ptr_nonnull(strstr(text, ",evil\\x9b2J.c,1,"));
	/* The header and one row. */
	ck_assert_ptr_eq(strchr(strchr(text, '\n') + 1, '\n'),
			 text + textlen - 1);
}
END_TEST

/*
 * Totals and changes of counts near the 64-bit limits stop at the limit:
 * two 8 EiB tags, a tag that swings from the most negative to the most
 * positive count, calls beyond INT64_MAX.
 */
START_TEST(test_output_saturates)
{
	const char *max = "9223372036854775807", *min = "-9223372036854775808";
	char want[128];

	test_add(&s, "", "a.c", 1, "f", INT64_MAX, UINT64_MAX, true);
	test_add(&s, "", "b.c", 2, "g", INT64_MAX, UINT64_MAX, true);
	test_add(&s, "", "c.c", 3, "h", INT64_MIN, 0, true);
	ingest(1);
	test_add(&s, "", "a.c", 1, "f", INT64_MAX, 0, true);
	test_add(&s, "", "b.c", 2, "g", INT64_MIN, UINT64_MAX, true);
	test_add(&s, "", "c.c", 3, "h", INT64_MAX, UINT64_MAX, true);
	ingest(1.000001);
	print(OUTPUT_JSON);
	/* Exact totals where they fit, whatever the order of the tags. */
	ck_assert_msg(strstr(text, ",\"tags\":3,\"shown\":3,\"bytes\":9223372036854775806,\"calls\":18446744073709551615,\"dbytes\":-1,\"rows\""),
		      "%s", text);
	/* Per tag: a's calls fell by 2^64-1, b's bytes by 2^64-1. */
	snprintf(want, sizeof(want), "\"dbytes\":0,\"dcalls\":%s,", min);
	ck_assert_msg(strstr(text, want), "%s lacks %s", text, want);
	snprintf(want, sizeof(want), "\"bytes\":%s,\"calls\":18446744073709551615,\"dbytes\":%s,",
		 min, min);
	ck_assert_msg(strstr(text, want), "%s lacks %s", text, want);
	snprintf(want, sizeof(want), "\"dbytes\":%s,\"dcalls\":%s,", max,
		 max);
	ck_assert_msg(strstr(text, want), "%s lacks %s", text, want);
	print(OUTPUT_TEXT);
	print(OUTPUT_CSV);
	o.exact = true;
	print(OUTPUT_TEXT);
}
END_TEST

/* -N far beyond the rows: every row once, in order (2^62 wrapped). */
/* Two 8 EiB tags: the total stops at the limit (it was -2). */
START_TEST(test_output_two_8eib)
{
	test_add(&s, "", "a.c", 1, "f", INT64_MAX, 1, true);
	test_add(&s, "", "b.c", 2, "g", INT64_MAX, 1, true);
	ingest(1);
	print(OUTPUT_JSON);
	ck_assert_msg(strstr(text, ",\"bytes\":9223372036854775807,\"calls\":2,\"dbytes\":0,\"rows\""),
		      "%s", text);
	ck_assert_int_eq(m->bytes, INT64_MAX);
}
END_TEST

START_TEST(test_output_huge_lines)
{
	int i;

	for (i = 0; i < 40; i++)
		test_add(&s, "", "a.c", (uint64_t)i, "f", i, 1, true);
	ingest(1);
	o.lines = (size_t)1 << 62;
	print(OUTPUT_JSON);
	ck_assert_ptr_nonnull(strstr(text, "\"shown\":40,"));
	ck_assert_ptr_nonnull(strstr(text, "{\"module\":\"\",\"function\":\"f\",\"file\":\"a.c\",\"line\":39,"));
	o.lines = SIZE_MAX;
	print(OUTPUT_CSV);
}
END_TEST

START_TEST(test_output_text_color)
{
	test_add(&s, "", "a.c", 1, "f", 100, 1, true);
	ingest(1);
	test_add(&s, "", "a.c", 1, "f", 200, 1, true);
	ingest(2);
	o.color = false;
	print(OUTPUT_TEXT);
	ck_assert_ptr_null(strchr(text, '\x1b'));
	o.color = true;
	print(OUTPUT_TEXT);
	ck_assert_ptr_nonnull(strstr(text, "\x1b[31m"));
}
END_TEST

/* Text output has the screen's headings and its inaccurate mark. */
START_TEST(test_output_text_columns)
{
	const char *head = "     BYTES    dBYTES     CALLS  dCALLS      AVG"
			   "    GROWTH F  MODULE       FUNCTION     "
			   "                FILE:LINE\n";
	const char *row = "       100      +100        12      12        8"
			  "      +100 N~ m            f          "
			  "                  a.c:1\n";

	test_add(&s, "", "gone.c", 1, "g", 1, 1, true);
	ingest(1);
	test_add(&s, "m", "a.c", 1, "f", 100, 12, false);
	ingest(2);
	o.exact = true;
	print(OUTPUT_TEXT);
	ck_assert_ptr_nonnull(strstr(text, head));
	ck_assert_msg(strstr(text, row), "%s", text);
	ck_assert_ptr_nonnull(strstr(text, " G  "));
}
END_TEST

START_TEST(test_output_format_parse)
{
	enum output_format f = OUTPUT_TEXT;

	ck_assert_int_eq(output_format_parse("json", &f), 0);
	ck_assert_int_eq(f, OUTPUT_JSON);
	ck_assert_int_eq(output_format_parse("csv", &f), 0);
	ck_assert_int_eq(f, OUTPUT_CSV);
	ck_assert_int_eq(output_format_parse("text", &f), 0);
	ck_assert_int_eq(f, OUTPUT_TEXT);
	ck_assert_int_ne(output_format_parse("JSON", &f), 0);
	ck_assert_int_ne(output_format_parse("", &f), 0);
}
END_TEST

Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("formats");

	tcase_add_checked_fixture(tc, output_setup, output_teardown);
	tcase_add_test(tc, test_output_json);
	tcase_add_test(tc, test_output_json_content_id_lines);
	tcase_add_test(tc, test_output_json_escape);
	tcase_add_test(tc, test_output_csv);
	tcase_add_test(tc, test_output_csv_escape);
	tcase_add_test(tc, test_output_saturates);
	tcase_add_test(tc, test_output_huge_lines);
	tcase_add_test(tc, test_output_two_8eib);
	tcase_add_test(tc, test_output_text_escape);
	tcase_add_test(tc, test_output_text_color);
	tcase_add_test(tc, test_output_text_columns);
	tcase_add_test(tc, test_output_format_parse);
	suite_add_tcase(s, tc);
	return s;
}
