// SPDX-License-Identifier: GPL-2.0
/*
 * Comparing two snapshots: deltas, tags that appeared and vanished, twins
 * matched by their ordinal, the last sample of a capture, and the metrics
 * of a comparison.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "output.h"
#include "testutil.h"

static struct model *m;
static struct sample old, new;

static void diff_setup(void)
{
	m = model_new(300);
	sample_init(&old);
	sample_init(&new);
}

static void diff_teardown(void)
{
	sample_fini(&old);
	sample_fini(&new);
	model_free(m);
	test_tmpdir_remove();
}

static struct tag *find(const char *file, unsigned int ordinal)
{
	size_t i;

	for (i = 0; i < m->ntags; i++)
		if (!strcmp(m->tags[i]->file, file) &&
		    m->tags[i]->ordinal == ordinal)
			return m->tags[i];
	return NULL;
}

START_TEST(test_diff_deltas)
{
	struct tag *t;

	test_add(&old, "", "kept.c", 1, "f", 1000, 10, true);
	test_add(&old, "mod", "vanished.c", 2, "g", 300, 3, true);
	old.time = 100;
	test_add(&new, "", "kept.c", 1, "f", 400, 12, true);
	test_add(&new, "new", "appeared.c", 3, "h", 64, 1, false);
	new.time = 110;
	diff_samples(m, &old, &new);

	t = find("kept.c", 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TAG_LIVE);
	ck_assert_int_eq(t->bytes, 400);
	ck_assert_int_eq(t->dbytes, -600);
	ck_assert_int_eq(t->dcalls, 2);
	ck_assert_int_eq(t->growth, -600);
	ck_assert(t->rate == -60);

	t = find("appeared.c", 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TAG_NEW);
	ck_assert_int_eq(t->dbytes, 64);
	ck_assert_int_eq(t->dcalls, 1);
	ck_assert(!t->accurate);

	t = find("vanished.c", 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TAG_GONE);
	ck_assert_int_eq(t->bytes, 0);
	ck_assert_uint_eq(t->calls, 0);
	ck_assert_int_eq(t->dbytes, -300);
	ck_assert_int_eq(t->dcalls, -3);
	ck_assert(t->rate == -30);
	ck_assert_uint_eq(m->ntags, 3);
}
END_TEST

/*
 * Twins (same module, file, line and function) are told apart by their
 * place in the listing, as the model does: the second of two in the old
 * snapshot vanished when the new one lists only one.
 */
START_TEST(test_diff_twins)
{
	struct tag *a, *b;

	test_add(&old, "", "fs/binfmt_elf.c", 1671, "elf_core_dump", 10, 1,
		 true);
	test_add(&old, "", "fs/binfmt_elf.c", 1671, "elf_core_dump", 20, 2,
		 true);
	test_add(&new, "", "fs/binfmt_elf.c", 1671, "elf_core_dump", 15, 1,
		 true);
	diff_samples(m, &old, &new);
	a = find("fs/binfmt_elf.c", 0);
	b = find("fs/binfmt_elf.c", 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->state, TAG_LIVE);
	ck_assert_int_eq(a->dbytes, 5);
	ck_assert_int_eq(b->state, TAG_GONE);
	ck_assert_int_eq(b->dbytes, -20);
	ck_assert_int_eq(b->dcalls, -2);
}
END_TEST

/* The same dump on both sides: nothing moved, nothing came or went. */
START_TEST(test_diff_same_dump)
{
	size_t i;

	test_load_dump(&old, DEFCONFIG_DUMP);
	test_load_dump(&new, DEFCONFIG_DUMP);
	diff_samples(m, &old, &new);
	ck_assert_uint_eq(m->ntags, DEFCONFIG_TAGS);
	for (i = 0; i < m->ntags; i++) {
		ck_assert_int_eq(m->tags[i]->state, TAG_LIVE);
		ck_assert_int_eq(m->tags[i]->dbytes, 0);
		ck_assert_int_eq(m->tags[i]->dcalls, 0);
	}
}
END_TEST

/* Sorted like any output; the total delta counts what vanished. */
START_TEST(test_diff_output)
{
	struct output o;
	char *text;
	size_t len;
	FILE *fp = open_memstream(&text, &len);

	test_add(&old, "", "kept.c", 1, "f", 1000, 10, true);
	test_add(&old, "", "vanished.c", 2, "g", 300, 3, true);
	test_add(&new, "", "kept.c", 1, "f", 1100, 12, true);
	test_add(&new, "", "appeared.c", 3, "h", 64, 1, true);
	diff_samples(m, &old, &new);
	output_init(&o, fp);
	o.diff = true;
	o.key.field = FIELD_DBYTES;
	o.format = OUTPUT_JSON;
	output_sample(&o, m, "diff");
	fflush(fp);
	ck_assert_ptr_nonnull(strstr(text, "\"bytes\":1164,\"calls\":13,"
					   "\"dbytes\":-136,"));
	ck_assert_ptr_nonnull(strstr(text, "\"file\":\"kept.c\""));
	ck_assert(strstr(text, "kept.c") < strstr(text, "appeared.c"));
	ck_assert(strstr(text, "appeared.c") < strstr(text, "vanished.c"));
	ck_assert_ptr_nonnull(strstr(text, "\"dbytes\":-300,\"dcalls\":-3,"));

	rewind(fp);
	o.format = OUTPUT_OPENMETRICS;
	output_sample(&o, m, "diff");
	fputc('\0', fp);
	fflush(fp);
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_diff_bytes{module=\"\",function=\"g\","
		"file=\"vanished.c\",line=\"2\",ordinal=\"0\"} -300\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"allocinfo_diff_changed{module=\"\",function=\"h\","
		"file=\"appeared.c\",line=\"3\",ordinal=\"0\","
		"change=\"appeared\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "change=\"vanished\"} 1\n"));
	ck_assert_ptr_null(strstr(text, "file=\"kept.c\",line=\"1\","
					"ordinal=\"0\",change="));
	ck_assert_ptr_nonnull(strstr(text,
		"\nallocinfo_diff_total_bytes -136\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"\nallocinfo_diff_tags{change=\"appeared\"} 1\n"
		"allocinfo_diff_tags{change=\"vanished\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "# EOF\n"));
	output_fini(&o);
	fclose(fp);
	free(text);
}
END_TEST

/* A capture stands for its last sample; a plain dump is one sample. */
START_TEST(test_diff_read)
{
	const char *cap = test_tmp_path("two.cap");
	const char *data =
		"@sample 10 tags=1\n"
		"  100 1 a.c:1 func:f\n"
		"@sample 20 tags=2\n"
		"  300 3 a.c:1 func:f\n"
		"  7 1 b.c:2 [mod] func:g\n";
	struct source src;
	struct filter f;
	char error[640];

	test_write_file(cap, data, strlen(data), false);
	ck_assert_int_eq(diff_read(&src, cap, NULL, &new, error,
				   sizeof(error)), 0);
	ck_assert(new.time == 20);
	ck_assert_uint_eq(new.nrecs, 2);
	ck_assert_int_eq(new.recs[0].bytes, 300);
	source_close(&src);

	/* The kernel-side filter applies as to any capture. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(filter_set(&f, FILTER_MODULE, "mod", NULL), 0);
	ck_assert_int_eq(diff_read(&src, cap, &f, &new, error,
				   sizeof(error)), 0);
	ck_assert_uint_eq(new.nrecs, 1);
	ck_assert_str_eq(new.recs[0].module, "mod");
	source_close(&src);

	ck_assert_int_eq(diff_read(&src, test_data_path(TINY_DUMP), NULL, &old,
				   error, sizeof(error)), 0);
	ck_assert_uint_eq(old.nrecs, TINY_TAGS);
	source_close(&src);

	ck_assert_int_eq(diff_read(&src, test_tmp_path("missing"), NULL, &old,
				   error, sizeof(error)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(error, "missing"));
}
END_TEST

Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_checked_fixture(tc, diff_setup, diff_teardown);
	tcase_add_test(tc, test_diff_deltas);
	tcase_add_test(tc, test_diff_twins);
	tcase_add_test(tc, test_diff_same_dump);
	tcase_add_test(tc, test_diff_output);
	tcase_add_test(tc, test_diff_read);
	suite_add_tcase(s, tc);
	return s;
}
