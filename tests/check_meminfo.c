// SPDX-License-Identifier: GPL-2.0
/* /proc/meminfo: the fields we keep, malformed text, hostile files. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meminfo.h"
#include "testutil.h"

/* A real /proc/meminfo. */
START_TEST(test_meminfo_real)
{
	struct meminfo mi;

	ck_assert_int_eq(meminfo_read(&mi, test_data_path("meminfo.txt")), 0);
	ck_assert_uint_eq(mi.has, (1u << MEMINFO_NFIELDS) - 1);
	ck_assert_uint_eq(mi.bytes[MEMINFO_TOTAL], 24684092ULL * 1024);
	ck_assert_uint_eq(mi.bytes[MEMINFO_SLAB], 676032ULL * 1024);
	ck_assert_uint_eq(mi.bytes[MEMINFO_VMALLOC], 14892ULL * 1024);
	ck_assert_uint_eq(mi.bytes[MEMINFO_PAGE_TABLES], 4548ULL * 1024);
	ck_assert_uint_eq(mi.bytes[MEMINFO_KERNEL_STACK], 2128ULL * 1024);
	ck_assert_uint_eq(mi.bytes[MEMINFO_PERCPU], 760ULL * 1024);
}
END_TEST

/* Fields that are not there stay unknown; similar names do not match. */
START_TEST(test_meminfo_partial)
{
	static const char text[] =
		"MemTotal:        1000 kB\n"
		"SlabX:             5 kB\n"
		"VmallocTotal:   34359738367 kB\n"
		"HugePages_Total:       0\n"
		"PageTables:        7 kB";
	struct meminfo mi;

	ck_assert_int_eq(meminfo_parse(&mi, text, strlen(text)), 0);
	ck_assert(meminfo_has(&mi, MEMINFO_TOTAL));
	ck_assert(!meminfo_has(&mi, MEMINFO_SLAB));
	ck_assert(!meminfo_has(&mi, MEMINFO_VMALLOC));
	ck_assert(meminfo_has(&mi, MEMINFO_PAGE_TABLES));
	ck_assert_uint_eq(mi.bytes[MEMINFO_PAGE_TABLES], 7 * 1024);
	ck_assert_int_eq(meminfo_parse(&mi, "", 0), 0);
	ck_assert_uint_eq(mi.has, 0);
}
END_TEST

/* A known field that is not a count of kB empties the whole reading. */
static const struct {
	const char *text;
	int err;
} bad[] = {
	{ "MemTotal: 12 kB\nSlab: x kB\n", -EINVAL },
	{ "MemTotal: 12\n", -EINVAL },
	{ "MemTotal: 12 MB\n", -EINVAL },
	{ "MemTotal: -12 kB\n", -EINVAL },
	{ "MemTotal: 12 kB junk\n", -EINVAL },
	{ "MemTotal:\n", -EINVAL },
	{ "MemTotal: 18446744073709551615 kB\n", -EOVERFLOW },
	{ "MemTotal: 18014398509481984 kB\n", -EOVERFLOW },
	{ "MemTotal: 99999999999999999999999 kB\n", -EOVERFLOW },
};

START_TEST(test_meminfo_bad)
{
	struct meminfo mi;

	ck_assert_int_eq(meminfo_parse(&mi, bad[_i].text,
				       strlen(bad[_i].text)), bad[_i].err);
	ck_assert_uint_eq(mi.has, 0);
}
END_TEST

/* The largest count of kB that fits 64 bits in bytes. */
START_TEST(test_meminfo_limit)
{
	static const char text[] = "MemTotal: 18014398509481983 kB\n";
	struct meminfo mi;

	ck_assert_int_eq(meminfo_parse(&mi, text, strlen(text)), 0);
	ck_assert_uint_eq(mi.bytes[MEMINFO_TOTAL], 18014398509481983ULL * 1024);
}
END_TEST

START_TEST(test_meminfo_names)
{
	int i;

	for (i = 0; i < MEMINFO_NFIELDS; i++)
		ck_assert_int_eq(meminfo_field_lookup(meminfo_name(i),
				 strlen(meminfo_name(i))), i);
	ck_assert_int_eq(meminfo_field_lookup("MemTotalX", 9), -1);
	ck_assert_int_eq(meminfo_field_lookup("MemTota", 7), -1);
}
END_TEST

/* Not a regular file: refused at once, without blocking or reading. */
START_TEST(test_meminfo_hostile_files)
{
	const char *fifo = test_tmp_path("fifo");
	const char *link = test_tmp_path("zero-link");
	struct meminfo mi;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(meminfo_read(&mi, fifo), -EINVAL);
	ck_assert_int_eq(symlink("/dev/zero", link), 0);
	ck_assert_int_eq(meminfo_read(&mi, link), -EINVAL);
	ck_assert_int_eq(meminfo_read(&mi, "/dev/zero"), -EINVAL);
	ck_assert_int_eq(meminfo_read(&mi, test_tmpdir()), -EINVAL);
	ck_assert_int_eq(meminfo_read(&mi, test_tmp_path("none")), -ENOENT);
	ck_assert_uint_eq(mi.has, 0);
	test_tmpdir_remove();
}
END_TEST

/* A huge file: only its first 64 KiB are read, and no partial line. */
START_TEST(test_meminfo_huge_file)
{
	const char *path = test_tmp_path("huge");
	size_t len = 200000, i;
	char *buf = malloc(len);
	struct meminfo mi;
	const char *head = "Slab: 5 kB\n";
	char *p;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, strlen(head));
	for (i = strlen(head); i < len; i++)
		buf[i] = (i % 64) == 63 ? '\n' : 'x';
	/* A field across the 64 KiB boundary, then one far past it. */
	p = buf + 65536 - 10;
	memcpy(p, "\nMemTotal: 77 kB\n", 17);
	p = buf + 100000;
	memcpy(p, "\nPageTables: 3 kB\n", 18);
	test_write_file(path, buf, len, false);
	ck_assert_int_eq(meminfo_read(&mi, path), 0);
	ck_assert(meminfo_has(&mi, MEMINFO_SLAB));
	ck_assert(!meminfo_has(&mi, MEMINFO_TOTAL));
	ck_assert(!meminfo_has(&mi, MEMINFO_PAGE_TABLES));
	free(buf);
	test_tmpdir_remove();
}
END_TEST

Suite *meminfo_suite(void)
{
	Suite *s = suite_create("meminfo");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_meminfo_real);
	tcase_add_test(tc, test_meminfo_partial);
	tcase_add_loop_test(tc, test_meminfo_bad, 0,
			    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_meminfo_limit);
	tcase_add_test(tc, test_meminfo_names);
	tcase_add_test(tc, test_meminfo_hostile_files);
	tcase_add_test(tc, test_meminfo_huge_file);
	suite_add_tcase(s, tc);
	return s;
}
