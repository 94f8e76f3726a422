// SPDX-License-Identifier: GPL-2.0
/*
 * The view over a model, without a screen: the selection that stays on its
 * tag while refreshes reorder and free the rows, grouping by module, file
 * and directory with the roll-up of each field, the userspace match, and
 * sorting both ways, of tags and of groups.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "view.h"

static struct model *m;
static struct sample s;
static struct view v;

static void view_setup(void)
{
	m = model_new(60);
	sample_init(&s);
	view_init(&v, m);
}

static void view_teardown(void)
{
	view_fini(&v);
	sample_fini(&s);
	model_free(m);
}

static void ingest(double t)
{
	test_ingest(m, &s, t);
	view_refresh(&v);
}

/* A line's function, or its group's name in brackets. */
static const char *line_name(size_t i)
{
	static char buf[64];

	ck_assert_uint_lt(i, v.nlines);
	if (v.lines[i].tag)
		return v.lines[i].tag->function;
	snprintf(buf, sizeof(buf), "[%s]", v.lines[i].group->name);
	return buf;
}

/* The lines, joined by spaces. */
static const char *lines(void)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < v.nlines; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " " : "", line_name(i));
	return buf;
}

static const char *selected(void)
{
	return v.sel < v.nlines ? line_name(v.sel) : "(none)";
}

static void add3(int64_t a, int64_t b, int64_t c)
{
	test_add(&s, "", "a.c", 1, "a", a, 1, true);
	test_add(&s, "", "b.c", 2, "b", b, 1, true);
	test_add(&s, "", "c.c", 3, "c", c, 1, true);
}

/* By default the selection keeps its place: the top stays in sight. */
START_TEST(test_view_selection_keeps_place)
{
	size_t above, below;

	add3(100, 200, 300);
	ingest(1);
	/* The first frame selects the top row. */
	ck_assert_uint_eq(v.sel, 0);
	ck_assert_str_eq(selected(), "c");
	view_move(&v, 1);
	/* b drops to the bottom: the place is kept, a is selected now. */
	add3(500, 50, 300);
	ingest(2);
	ck_assert_str_eq(lines(), "a c b");
	ck_assert_uint_eq(v.sel, 1);
	ck_assert_str_eq(selected(), "c");
	/* The detail pane holds its tag, as following does. */
	v.hold = true;
	add3(1, 900, 2);
	ingest(3);
	ck_assert_str_eq(lines(), "b c a");
	ck_assert_str_eq(selected(), "c");
	v.hold = false;
	/* A new sort or match shows the top of the new order. */
	v.top = 2;
	view_set_sort(&v, (struct sort_key){ FIELD_BYTES, true });
	ck_assert_uint_eq(v.sel, 0);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_str_eq(selected(), "a");
	view_move(&v, 2);
	view_set_match(&v, "c");
	ck_assert_uint_eq(v.sel, 0);
	view_set_match(&v, "");
	ck_assert_str_eq(selected(), "a");
	/* What lies above and below two lines on screen from the second. */
	v.top = 1;
	view_hidden(&v, 1, &above, &below);
	ck_assert_uint_eq(above, 1);
	ck_assert_uint_eq(below, 1);
	view_hidden(&v, 5, &above, &below);
	ck_assert_uint_eq(below, 0);
}
END_TEST

/* Tags with no bytes, no calls and no change can be left out, counted. */
static void add_zero(int64_t a, int64_t b, int64_t c)
{
	test_add(&s, "", "a.c", 1, "a", a, a ? 1 : 0, true);
	test_add(&s, "", "b.c", 2, "b", b, b ? 1 : 0, true);
	test_add(&s, "", "c.c", 3, "c", c, c ? 1 : 0, true);
	/* Calls but no bytes: not empty. */
	test_add(&s, "", "d.c", 4, "d", 0, 3, true);
}

START_TEST(test_view_hide_zero)
{
	add_zero(0, 200, 0);
	ingest(1);
	ck_assert_str_eq(lines(), "b a c d");
	v.hide_zero = true;
	view_refresh(&v);
	ck_assert_str_eq(lines(), "b d");
	ck_assert_uint_eq(v.zero_hidden, 2);
	/* A tag that just fell to zero changed: it stays, for this sample. */
	add_zero(0, 0, 0);
	ingest(2);
	ck_assert_str_eq(lines(), "b d");
	ck_assert_uint_eq(v.zero_hidden, 2);
	add_zero(0, 0, 0);
	ingest(3);
	ck_assert_str_eq(lines(), "d");
	ck_assert_uint_eq(v.zero_hidden, 3);
	v.hide_zero = false;
	view_refresh(&v);
	ck_assert_uint_eq(v.zero_hidden, 0);
}
END_TEST

START_TEST(test_view_selection_follows_reorder)
{
	v.follow = true;
	add3(100, 200, 300);
	ingest(1);
	ck_assert_str_eq(lines(), "c b a");
	ck_assert_str_eq(selected(), "c");
	view_move(&v, 1);
	ck_assert_str_eq(selected(), "b");
	/* b drops to the bottom: the selection goes with it. */
	add3(500, 50, 300);
	ingest(2);
	ck_assert_str_eq(lines(), "a c b");
	ck_assert_uint_eq(v.sel, 2);
	ck_assert_str_eq(selected(), "b");
	/* And back to the top. */
	add3(1, 900, 2);
	ingest(3);
	ck_assert_str_eq(lines(), "b c a");
	ck_assert_uint_eq(v.sel, 0);
	ck_assert_str_eq(selected(), "b");
}
END_TEST

/* A gone tag keeps the selection; once freed, the place is kept. */
START_TEST(test_view_selection_survives_free)
{
	v.follow = true;
	add3(100, 200, 300);
	ingest(1);
	view_move_to(&v, 1);
	test_add(&s, "", "a.c", 1, "a", 100, 1, true);
	test_add(&s, "", "c.c", 3, "c", 300, 1, true);
	ingest(2);
	ck_assert_str_eq(selected(), "b");
	ck_assert_int_eq(view_selected_tag(&v)->state, TAG_GONE);
	/* Now the model frees b; the view must not look at it again. */
	test_add(&s, "", "a.c", 1, "a", 100, 1, true);
	test_add(&s, "", "c.c", 3, "c", 300, 1, true);
	ingest(3);
	ck_assert_str_eq(lines(), "c a");
	ck_assert_uint_eq(v.sel, 1);
	ck_assert_str_eq(selected(), "a");
	/* Everything goes: nothing is selected, and that is no error. */
	ingest(4);
	ingest(5);
	ck_assert_uint_eq(v.nlines, 0);
	ck_assert_ptr_null(view_selected_tag(&v));
	ck_assert_ptr_null(view_selected_group(&v));
	view_move(&v, -3);
	ck_assert_uint_eq(v.sel, 0);
}
END_TEST

/* Two modules, a built-in tag, and a tag that is gone. */
static void add_modules(double t, bool with_gone)
{
	test_add(&s, "ext4", "fs/ext4/super.c", 10, "ext4_fill", 4000, 4,
		 true);
	test_add(&s, "ext4", "fs/ext4/inode.c", 20, "ext4_iget", 1000, 1,
		 true);
	test_add(&s, "xfs", "fs/xfs/xfs_buf.c", 30, "xfs_buf_alloc", 3000,
		 10, true);
	test_add(&s, "", "mm/slub.c", 40, "alloc_slab", 2000, 2, false);
	if (with_gone)
		test_add(&s, "xfs", "fs/xfs/xfs_log.c", 50, "xlog_alloc",
			 7000, 7, true);
	ingest(t);
}

static const struct group *group_named(const char *name)
{
	size_t i;

	for (i = 0; i < v.ngroups; i++)
		if (!strcmp(v.groups[i].name, name))
			return &v.groups[i];
	ck_abort_msg("no group %s", name);
	return NULL;
}

/*
 * Many tags in a few groups: each group holds exactly its tags, and an
 * expanded group shows them in the order of a whole sort (ties by
 * identity), whatever the order the model has them in.
 */
START_TEST(test_view_group_order)
{
	static const char *const mods[] = { "", "ext4", "xfs", "kvm" };
	struct sort_key key = { FIELD_BYTES, false };
	size_t i, k, seen = 0;

	sample_clear(&s);
	for (i = 0; i < 400; i++) {
		char file[32], fn[32];

		snprintf(file, sizeof(file), "d%zu/f%zu.c", i % 7, i % 13);
		snprintf(fn, sizeof(fn), "fn%zu", i);
		/* Few distinct sizes: many ties, broken by identity. */
		test_add(&s, mods[i % 4], file, i % 5 + 1, fn,
			 (int64_t)((i * 37) % 11) * 100, i, true);
	}
	test_ingest(m, &s, 1);
	view_set_sort(&v, key);
	view_set_group(&v, GROUP_MODULE);
	ck_assert_uint_eq(v.ngroups, 4);
	for (k = 0; k < v.ngroups; k++)
		view_toggle_group(&v, &v.groups[k], 1);
	view_refresh(&v);
	for (k = 0; k < v.ngroups; k++) {
		const struct group *g = &v.groups[k];

		ck_assert(g->expanded);
		ck_assert_uint_eq(g->n, 100);
		seen += g->n;
		for (i = 0; i < g->n; i++) {
			const struct tag *t = v.gtags[g->first + i];

			ck_assert_str_eq(t->module, g->name);
			if (i)
				ck_assert_int_lt(sort_cmp(v.gtags[g->first +
								  i - 1],
							  t, key), 0);
		}
	}
	ck_assert_uint_eq(seen, 400);
	ck_assert_uint_eq(v.nlines, 404);
	/* Collapsed, a group shows its heading only. */
	view_toggle_group(&v, &v.groups[0], 0);
	view_refresh(&v);
	ck_assert_uint_eq(v.nlines, 304);
}
END_TEST

START_TEST(test_view_group_module)
{
	const struct group *g;

	add_modules(1, true);
	add_modules(3, false);
	view_set_group(&v, GROUP_MODULE);
	/* By bytes, largest first; the gone tag counts in no sum. */
	ck_assert_str_eq(lines(), "[ext4] [xfs] []");
	g = group_named("ext4");
	ck_assert_uint_eq(g->n, 2);
	ck_assert_int_eq(g->sum.bytes, 5000);
	ck_assert_uint_eq(g->sum.calls, 5);
	ck_assert(g->sum.avg == 1000.0);
	g = group_named("xfs");
	ck_assert_uint_eq(g->n, 2);
	ck_assert_int_eq(g->sum.bytes, 3000);
	ck_assert_int_eq(g->sum.dbytes, 0);
	ck_assert(g->sum.avg == 300.0);
	/* The sums of deltas and rates: the gone tag's were cleared. */
	ck_assert_int_eq(g->sum.dcalls, 0);
	ck_assert(g->sum.rate == 0);
	ck_assert_int_eq(group_named("")->sum.bytes, 2000);
}
END_TEST

START_TEST(test_view_group_rollup_of_deltas)
{
	add_modules(1, false);
	test_add(&s, "ext4", "fs/ext4/super.c", 10, "ext4_fill", 5000, 6,
		 true);
	test_add(&s, "ext4", "fs/ext4/inode.c", 20, "ext4_iget", 500, 1,
		 true);
	test_add(&s, "xfs", "fs/xfs/xfs_buf.c", 30, "xfs_buf_alloc", 3000,
		 10, true);
	test_add(&s, "", "mm/slub.c", 40, "alloc_slab", 2000, 2, false);
	ingest(3);
	view_set_group(&v, GROUP_MODULE);
	ck_assert_int_eq(group_named("ext4")->sum.dbytes, 1000 - 500);
	ck_assert_int_eq(group_named("ext4")->sum.dcalls, 2);
	ck_assert(group_named("ext4")->sum.rate == 250.0);
	ck_assert_int_eq(group_named("ext4")->sum.growth, 500);
	/* Sorted by the rolled-up delta, both ways. */
	view_set_sort(&v, (struct sort_key){ FIELD_DBYTES, false });
	ck_assert_str_eq(lines(), "[ext4] [] [xfs]");
	view_set_sort(&v, (struct sort_key){ FIELD_DBYTES, true });
	ck_assert_str_eq(lines(), "[] [xfs] [ext4]");
}
END_TEST

START_TEST(test_view_group_expand_and_select)
{
	add_modules(1, false);
	view_set_group(&v, GROUP_MODULE);
	ck_assert_str_eq(selected(), "[ext4]");
	ck_assert_ptr_null(view_selected_tag(&v));
	view_toggle_group(&v, view_selected_group(&v), -1);
	/* Its tags follow it, in the sort's order. */
	ck_assert_str_eq(lines(), "[ext4] ext4_fill ext4_iget [xfs] []");
	view_move(&v, 2);
	ck_assert_str_eq(selected(), "ext4_iget");
	/* The expansion and the selection survive a refresh. */
	add_modules(2, false);
	ck_assert_str_eq(lines(), "[ext4] ext4_fill ext4_iget [xfs] []");
	ck_assert_str_eq(selected(), "ext4_iget");
	/* Collapsing from a tag selects its group. */
	view_collapse_selected(&v);
	ck_assert_str_eq(lines(), "[ext4] [xfs] []");
	ck_assert_str_eq(selected(), "[ext4]");
	/* A group stays selected when the order changes. */
	view_move(&v, 1);
	view_set_sort(&v, (struct sort_key){ FIELD_CALLS, false });
	ck_assert_str_eq(lines(), "[xfs] [ext4] []");
	view_move(&v, 2);
	add_modules(3, false);
	ck_assert_str_eq(selected(), "[]");
	/* A new grouping starts at the top, collapsed. */
	view_set_group(&v, GROUP_FILE);
	ck_assert_uint_eq(v.sel, 0);
	ck_assert_uint_eq(v.nexpanded, 0);
}
END_TEST

START_TEST(test_view_group_file_and_dir)
{
	add_modules(1, false);
	test_add(&s, "", "init.c", 1, "start", 1, 1, true);
	test_add(&s, "ext4", "fs/ext4/super.c", 10, "ext4_fill", 4000, 4,
		 true);
	ingest(2);
	view_set_group(&v, GROUP_FILE);
	/* Gone tags are listed, but not summed: ties go by name. */
	ck_assert_str_eq(lines(), "[fs/ext4/super.c] [init.c] "
			 "[fs/ext4/inode.c] [fs/xfs/xfs_buf.c] [mm/slub.c]");
	ck_assert_uint_eq(group_named("fs/ext4/super.c")->n, 1);
	ck_assert_uint_eq(group_named("mm/slub.c")->n, 1);
	ck_assert_int_eq(group_named("mm/slub.c")->sum.bytes, 0);
	view_set_group(&v, GROUP_DIR);
	/* A file without a directory is in the group with no name. */
	ck_assert_uint_eq(group_named("fs/ext4")->n, 2);
	ck_assert_int_eq(group_named("fs/ext4")->sum.bytes, 4000);
	ck_assert_uint_eq(group_named("")->n, 1);
	ck_assert_uint_eq(group_named("fs/xfs")->n, 1);
	ck_assert_uint_eq(group_named("mm")->n, 1);
	ck_assert_str_eq(view_group_name(GROUP_DIR), "directory");
}
END_TEST

/* Groups sorted by a name: A first, unless reversed. */
START_TEST(test_view_group_by_name)
{
	add_modules(1, false);
	view_set_group(&v, GROUP_MODULE);
	view_set_sort(&v, (struct sort_key){ FIELD_MODULE, false });
	ck_assert_str_eq(lines(), "[] [ext4] [xfs]");
	view_set_sort(&v, (struct sort_key){ FIELD_FUNCTION, true });
	ck_assert_str_eq(lines(), "[xfs] [ext4] []");
}
END_TEST

START_TEST(test_view_match)
{
	add_modules(1, false);
	view_set_match(&v, "ext4");
	ck_assert_str_eq(lines(), "ext4_fill ext4_iget");
	ck_assert_int_eq(v.rows.bytes, 5000);
	/* '!' keeps the others. */
	view_set_match(&v, "!ext4");
	ck_assert_str_eq(lines(), "xfs_buf_alloc alloc_slab");
	/* Across the parts of "file:line [module] function". */
	view_set_match(&v, "slub.c:40 alloc");
	ck_assert_str_eq(lines(), "alloc_slab");
	view_set_match(&v, "no such tag");
	ck_assert_uint_eq(v.nlines, 0);
	ck_assert_ptr_null(view_selected_tag(&v));
	view_set_match(&v, "");
	ck_assert_uint_eq(v.nlines, 4);
	/* The groups are made of what passes. */
	view_set_match(&v, "!xfs");
	view_set_group(&v, GROUP_MODULE);
	ck_assert_str_eq(lines(), "[ext4] []");
}
END_TEST

START_TEST(test_view_sort_both_ways)
{
	add_modules(1, false);
	ck_assert_str_eq(lines(),
			 "ext4_fill xfs_buf_alloc alloc_slab ext4_iget");
	view_move(&v, 2);
	view_set_sort(&v, (struct sort_key){ FIELD_BYTES, true });
	ck_assert_str_eq(lines(),
			 "ext4_iget alloc_slab xfs_buf_alloc ext4_fill");
	/* A new order starts at its top. */
	ck_assert_uint_eq(v.sel, 0);
	view_set_sort(&v, (struct sort_key){ FIELD_CALLS, false });
	ck_assert_str_eq(lines(),
			 "xfs_buf_alloc ext4_fill alloc_slab ext4_iget");
	view_set_sort(&v, (struct sort_key){ FIELD_FUNCTION, true });
	ck_assert_str_eq(lines(),
			 "alloc_slab ext4_fill ext4_iget xfs_buf_alloc");
	view_set_sort(&v, (struct sort_key){ FIELD_FUNCTION, false });
	ck_assert_str_eq(lines(),
			 "xfs_buf_alloc ext4_iget ext4_fill alloc_slab");
	ck_assert_int_eq(v.module_width, 4);
}
END_TEST

START_TEST(test_view_search)
{
	add_modules(1, false);
	v.sel = 0;
	snprintf(v.search, sizeof(v.search), "%s", "ext4");
	ck_assert(view_search(&v, 1));
	ck_assert_str_eq(selected(), "ext4_iget");
	/* From past the end it wraps to the first. */
	ck_assert(view_search(&v, v.sel + 1));
	ck_assert_str_eq(selected(), "ext4_fill");
	snprintf(v.search, sizeof(v.search), "%s", "nothing");
	ck_assert(!view_search(&v, 0));
	ck_assert_str_eq(selected(), "ext4_fill");
	/* A group heading matches by its name. */
	view_set_group(&v, GROUP_MODULE);
	snprintf(v.search, sizeof(v.search), "%s", "xfs");
	ck_assert(view_search(&v, 0));
	ck_assert_str_eq(selected(), "[xfs]");
}
END_TEST

Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("view");

	tcase_add_checked_fixture(tc, view_setup, view_teardown);
	tcase_add_test(tc, test_view_selection_keeps_place);
	tcase_add_test(tc, test_view_hide_zero);
	tcase_add_test(tc, test_view_selection_follows_reorder);
	tcase_add_test(tc, test_view_selection_survives_free);
	tcase_add_test(tc, test_view_group_module);
	tcase_add_test(tc, test_view_group_order);
	tcase_add_test(tc, test_view_group_rollup_of_deltas);
	tcase_add_test(tc, test_view_group_expand_and_select);
	tcase_add_test(tc, test_view_group_file_and_dir);
	tcase_add_test(tc, test_view_group_by_name);
	tcase_add_test(tc, test_view_match);
	tcase_add_test(tc, test_view_sort_both_ways);
	tcase_add_test(tc, test_view_search);
	suite_add_tcase(s, tc);
	return s;
}
