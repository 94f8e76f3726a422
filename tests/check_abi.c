// SPDX-License-Identifier: GPL-2.0
/*
 * Pin the uapi of /proc/allocinfo (kernel/include/uapi/linux/alloc_tag.h)
 * to the v3 layout (doc/kernel-interface.md): every size, offset, mask and
 * ioctl number.  The header is included first and alone, so this file also
 * proves that it is self-contained.
 */
#include <linux/alloc_tag.h>

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "source_ioctl.h"

#define SIZE(type, n) { #type, sizeof(struct type), n, _Alignof(struct type) }
#define OFF(type, field, n) \
	{ #type "." #field, offsetof(struct type, field), n }

/* Compile-time too: a drifted header does not even build the tests. */
_Static_assert(sizeof(struct allocinfo_get_at) == 472, "get_at size");
_Static_assert(ALLOCINFO_IOC_GET_AT == 0xC1D8A601u, "GET_AT number");

struct abi_size {
	const char *name;
	size_t size;
	size_t want;
	size_t align;
};

static const struct abi_size abi_sizes[] = {
	SIZE(allocinfo_content_id, 8),
	SIZE(allocinfo_tag, 208),
	SIZE(allocinfo_counter, 24),
	SIZE(allocinfo_tag_data, 232),
	SIZE(allocinfo_filter, 232),
	SIZE(allocinfo_get_at, 472),
};

START_TEST(test_abi_size)
{
	const struct abi_size *s = &abi_sizes[_i];

	ck_assert_msg(s->size == s->want, "sizeof(struct %s) is %zu, not %zu",
		      s->name, s->size, s->want);
	ck_assert_msg(s->align == 8, "struct %s aligns to %zu, not 8",
		      s->name, s->align);
}
END_TEST

struct abi_offset {
	const char *name;
	size_t off;
	size_t want;
};

static const struct abi_offset abi_offsets[] = {
	OFF(allocinfo_content_id, id, 0),
	OFF(allocinfo_tag, modname, 0),
	OFF(allocinfo_tag, function, 64),
	OFF(allocinfo_tag, filename, 128),
	OFF(allocinfo_tag, lineno, 192),
	OFF(allocinfo_tag, inaccurate, 200),
	OFF(allocinfo_counter, bytes, 0),
	OFF(allocinfo_counter, calls, 8),
	OFF(allocinfo_counter, accurate, 16),
	OFF(allocinfo_tag_data, tag, 0),
	OFF(allocinfo_tag_data, counter, 208),
	OFF(allocinfo_filter, mask, 0),
	OFF(allocinfo_filter, fields, 8),
	OFF(allocinfo_filter, min_size, 216),
	OFF(allocinfo_filter, max_size, 224),
	OFF(allocinfo_get_at, pos, 0),
	OFF(allocinfo_get_at, filter, 8),
	OFF(allocinfo_get_at, data, 240),
	/* Nested, as the kernel and the tool address them. */
	OFF(allocinfo_get_at, filter.fields.lineno, 8 + 8 + 192),
	OFF(allocinfo_get_at, data.counter.bytes, 240 + 208),
	OFF(allocinfo_get_at, data.counter.accurate, 240 + 208 + 16),
};

START_TEST(test_abi_offset)
{
	const struct abi_offset *o = &abi_offsets[_i];

	ck_assert_msg(o->off == o->want, "offsetof(%s) is %zu, not %zu",
		      o->name, o->off, o->want);
}
END_TEST

START_TEST(test_abi_field_sizes)
{
	struct allocinfo_tag t;
	struct allocinfo_counter c;

	ck_assert_int_eq(ALLOCINFO_STR_SIZE, 64);
	ck_assert_uint_eq(sizeof(t.modname), 64);
	ck_assert_uint_eq(sizeof(t.function), 64);
	ck_assert_uint_eq(sizeof(t.filename), 64);
	ck_assert_uint_eq(sizeof(t.lineno), 8);
	ck_assert_uint_eq(sizeof(t.inaccurate), 8);
	ck_assert_uint_eq(sizeof(c.bytes), 8);
	ck_assert_uint_eq(sizeof(c.calls), 8);
	ck_assert_uint_eq(sizeof(c.accurate), 1);
}
END_TEST

struct abi_number {
	const char *name;
	unsigned long value;
	unsigned long want;
};

static const struct abi_number abi_numbers[] = {
	{ "ALLOCINFO_IOC_CONTENT_ID", ALLOCINFO_IOC_CONTENT_ID, 0x8008A600 },
	{ "ALLOCINFO_IOC_GET_AT", ALLOCINFO_IOC_GET_AT, 0xC1D8A601 },
	{ "ALLOCINFO_IOC_GET_NEXT", ALLOCINFO_IOC_GET_NEXT, 0x80E8A602 },
	{ "ALLOCINFO_IOC_BASE", ALLOCINFO_IOC_BASE, 0xA6 },
	{ "_ALLOCINFO_IOC_CONTENT_ID", _ALLOCINFO_IOC_CONTENT_ID, 0 },
	{ "_ALLOCINFO_IOC_GET_AT", _ALLOCINFO_IOC_GET_AT, 1 },
	{ "_ALLOCINFO_IOC_GET_NEXT", _ALLOCINFO_IOC_GET_NEXT, 2 },
	{ "ALLOCINFO_FILTER_MASK_MODNAME", ALLOCINFO_FILTER_MASK_MODNAME, 0x1 },
	{ "ALLOCINFO_FILTER_MASK_FUNCTION", ALLOCINFO_FILTER_MASK_FUNCTION, 0x2 },
	{ "ALLOCINFO_FILTER_MASK_FILENAME", ALLOCINFO_FILTER_MASK_FILENAME, 0x4 },
	{ "ALLOCINFO_FILTER_MASK_LINENO", ALLOCINFO_FILTER_MASK_LINENO, 0x8 },
	{ "ALLOCINFO_FILTER_MASK_INACCURATE", ALLOCINFO_FILTER_MASK_INACCURATE, 0x10 },
	{ "ALLOCINFO_FILTER_MASK_MIN_SIZE", ALLOCINFO_FILTER_MASK_MIN_SIZE, 0x20 },
	{ "ALLOCINFO_FILTER_MASK_MAX_SIZE", ALLOCINFO_FILTER_MASK_MAX_SIZE, 0x40 },
	{ "ALLOCINFO_FILTER_MASKS", ALLOCINFO_FILTER_MASKS, 0x7f },
	{ "__ALLOCINFO_FILTER_LAST", __ALLOCINFO_FILTER_LAST, 6 },
};

START_TEST(test_abi_number)
{
	const struct abi_number *n = &abi_numbers[_i];

	ck_assert_msg(n->value == n->want, "%s is %#lx, not %#lx", n->name,
		      n->value, n->want);
}
END_TEST

/* The ioctl numbers decode to the direction and size they claim. */
START_TEST(test_abi_ioctl_encoding)
{
	ck_assert_uint_eq(_IOC_TYPE(ALLOCINFO_IOC_GET_AT), 0xA6);
	ck_assert_uint_eq(_IOC_SIZE(ALLOCINFO_IOC_CONTENT_ID),
			  sizeof(struct allocinfo_content_id));
	ck_assert_uint_eq(_IOC_SIZE(ALLOCINFO_IOC_GET_AT),
			  sizeof(struct allocinfo_get_at));
	ck_assert_uint_eq(_IOC_SIZE(ALLOCINFO_IOC_GET_NEXT),
			  sizeof(struct allocinfo_tag_data));
	ck_assert_uint_eq(_IOC_DIR(ALLOCINFO_IOC_CONTENT_ID), _IOC_READ);
	ck_assert_uint_eq(_IOC_DIR(ALLOCINFO_IOC_GET_AT),
			  _IOC_READ | _IOC_WRITE);
	ck_assert_uint_eq(_IOC_DIR(ALLOCINFO_IOC_GET_NEXT), _IOC_READ);
}
END_TEST

/* Widened to u64, the complement of the masks rejects every unknown bit. */
START_TEST(test_abi_mask_complement)
{
	ck_assert_uint_eq(~(uint64_t)ALLOCINFO_FILTER_MASKS,
			  0xffffffffffffff80ull);
	ck_assert_uint_eq((uint64_t)~ALLOCINFO_FILTER_MASKS,
			  0xffffffffffffff80ull);
}
END_TEST

/* The 7 bytes after counter.accurate are padding, not fields. */
START_TEST(test_abi_counter_padding)
{
	ck_assert_uint_eq(sizeof(struct allocinfo_counter) -
			  offsetof(struct allocinfo_counter, accurate) - 1, 7);
	ck_assert_uint_eq(offsetof(struct allocinfo_get_at, data) -
			  offsetof(struct allocinfo_get_at, filter),
			  sizeof(struct allocinfo_filter));
}
END_TEST

/*
 * The layouts the ioctl source speaks, with the numbers that the published
 * headers give on x86-64 (doc/kernel-interface.md says where each was
 * found), in the order they are probed.
 */
static const struct {
	const char *name;
	unsigned long get_at;
	unsigned long get_next;
} layouts[] = {
	{ "v3", 0xC1D8A601, 0x80E8A602 },
	{ "mm", 0xC1D0A601, 0x80E0A602 },
	{ "mm-tag", 0xC1E8A601, 0x80F8A602 },
	{ "mm-names", 0xC1B8A601, 0x80E0A602 },
	{ "mm-nofilter", 0xC0E8A601, 0x80E0A602 },
};

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

START_TEST(test_abi_layout_numbers)
{
	ck_assert_str_eq(ioctl_layout_name(_i), layouts[_i].name);
	ck_assert_msg(ioctl_layout_get_at(_i) == layouts[_i].get_at,
		      "%s: GET_AT %#lx, not %#lx", layouts[_i].name,
		      ioctl_layout_get_at(_i), layouts[_i].get_at);
	ck_assert_msg(ioctl_layout_get_next(_i) == layouts[_i].get_next,
		      "%s: GET_NEXT %#lx, not %#lx", layouts[_i].name,
		      ioctl_layout_get_next(_i), layouts[_i].get_next);
}
END_TEST

/* Each GET_AT number belongs to one layout; the table ends. */
START_TEST(test_abi_layout_unique)
{
	size_t i, j;

	for (i = 0; ioctl_layout_name(i); i++)
		for (j = 0; j < i; j++)
			ck_assert_uint_ne(ioctl_layout_get_at(i),
					  ioctl_layout_get_at(j));
	ck_assert_uint_eq(i, N(layouts));
	ck_assert_uint_eq(ioctl_layout_get_at(i), 0);
	ck_assert_uint_eq(ioctl_layout_get_at(0), ALLOCINFO_IOC_GET_AT);
	ck_assert_uint_eq(ioctl_layout_get_next(0), ALLOCINFO_IOC_GET_NEXT);
}
END_TEST

Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("layout");

	tcase_add_loop_test(tc, test_abi_size, 0, N(abi_sizes));
	tcase_add_loop_test(tc, test_abi_offset, 0, N(abi_offsets));
	tcase_add_test(tc, test_abi_field_sizes);
	tcase_add_test(tc, test_abi_counter_padding);
	suite_add_tcase(s, tc);

	tc = tcase_create("numbers");
	tcase_add_loop_test(tc, test_abi_number, 0, N(abi_numbers));
	tcase_add_test(tc, test_abi_ioctl_encoding);
	tcase_add_test(tc, test_abi_mask_complement);
	tcase_add_loop_test(tc, test_abi_layout_numbers, 0, N(layouts));
	tcase_add_test(tc, test_abi_layout_unique);
	suite_add_tcase(s, tc);
	return s;
}
