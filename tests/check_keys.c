// SPDX-License-Identifier: GPL-2.0
/*
 * The key tables: no key means two things, every F-key has a letter twin,
 * every action is described and handled, the key bar comes from them, and
 * the man page lists every key (MAN_PAGE overrides its path).
 */
#include <check.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "testutil.h"

/* Every key of every action of every context. */
#define FOR_EACH_KEY(ctx, a, j) \
	for (ctx = 0; ctx < KEYS_NCONTEXTS; ctx++) \
		for (a = keys_mode(ctx)->actions; \
		     a < keys_mode(ctx)->actions + keys_mode(ctx)->n; a++) \
			for (j = 0; j < KEYS_MAX && a->keys[j]; j++)

START_TEST(test_keys_unique_per_context)
{
	const struct keys_action *a;
	size_t j;
	int ctx;

	FOR_EACH_KEY(ctx, a, j) {
		char name[16];

		ck_assert_msg(keys_lookup(ctx, a->keys[j]) == a,
			      "%s: key %s bound twice",
			      keys_mode(ctx)->title,
			      keys_name(a->keys[j], name, sizeof(name)));
	}
}
END_TEST

START_TEST(test_keys_fkeys_have_letter_twins)
{
	const struct keys_action *a;
	size_t j, k;
	int ctx;

	FOR_EACH_KEY(ctx, a, j) {
		char name[16], twin[16];
		bool found = false;

		keys_name(a->keys[j], name, sizeof(name));
		if (name[0] != 'F' || name[1] < '0' || name[1] > '9')
			continue;
		for (k = 0; k < KEYS_MAX && a->keys[k]; k++) {
			keys_name(a->keys[k], twin, sizeof(twin));
			if (strlen(twin) == 1 || !strncmp(twin, "Ctrl-", 5))
				found = true;
		}
		ck_assert_msg(found, "%s has no letter twin", name);
	}
}
END_TEST

START_TEST(test_keys_described)
{
	size_t i, j;
	int ctx;

	for (ctx = 0; ctx < KEYS_NCONTEXTS; ctx++) {
		const struct keys_mode *m = keys_mode(ctx);

		ck_assert(m->title && m->title[0] && m->n);
		for (i = 0; i < m->n; i++) {
			const struct keys_action *a = &m->actions[i];

			ck_assert(a->name && a->name[0]);
			ck_assert_msg(a->help && a->help[0], "%s", a->name);
			ck_assert_msg(a->run, "%s has no handler", a->name);
			ck_assert_msg(a->keys[0], "%s has no key", a->name);
			/* Names tell actions apart within a context. */
			for (j = 0; j < i; j++)
				ck_assert_str_ne(m->actions[j].name, a->name);
		}
	}
}
END_TEST

START_TEST(test_keys_lookup)
{
	ck_assert_str_eq(keys_lookup(KEYS_TABLE, 'q')->name, "quit");
	ck_assert_ptr_eq(keys_lookup(KEYS_TABLE, KEY_F(10)),
			 keys_lookup(KEYS_TABLE, 'q'));
	/* Enter arrives as CR when curses does not translate it. */
	ck_assert_str_eq(keys_lookup(KEYS_TABLE, '\r')->name, "enter");
	ck_assert_str_eq(keys_lookup(KEYS_EDITOR, '\r')->name, "apply");
	ck_assert_str_eq(keys_lookup(KEYS_PROMPT, '\b')->name, "erase");
	ck_assert_ptr_null(keys_lookup(KEYS_TABLE, 0x7));
	ck_assert_str_eq(keys_lookup(KEYS_TABLE, 'L')->name, "sort-slope");
	ck_assert_str_eq(keys_lookup(KEYS_DETAIL, KEYS_ESC)->name, "back");
	ck_assert_ptr_null(keys_lookup(KEYS_HELP, 'q'));
}
END_TEST

START_TEST(test_keys_names)
{
	char b[16];

	ck_assert_str_eq(keys_name(KEY_F(1), b, sizeof(b)), "F1");
	ck_assert_str_eq(keys_name(KEY_F(10), b, sizeof(b)), "F10");
	ck_assert_str_eq(keys_name(KEYS_CTRL('l'), b, sizeof(b)), "Ctrl-L");
	ck_assert_str_eq(keys_name(' ', b, sizeof(b)), "Space");
	ck_assert_str_eq(keys_name('\n', b, sizeof(b)), "Enter");
	ck_assert_str_eq(keys_name(127, b, sizeof(b)), "Backspace");
	ck_assert_str_eq(keys_name(KEY_NPAGE, b, sizeof(b)), "PgDn");
	ck_assert_str_eq(keys_name('\\', b, sizeof(b)), "\\");
}
END_TEST

/* The bar shows each labelled action once, by its first key, in order. */
START_TEST(test_keys_bar)
{
	const struct keys_action *bar[32];
	const struct keys_mode *m = keys_mode(KEYS_TABLE);
	size_t n = keys_bar(bar, 32), labelled = 0, i;
	char line[256] = "", name[16];

	for (i = 0; i < m->n; i++)
		labelled += m->actions[i].bar != NULL;
	ck_assert_uint_eq(n, labelled);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_eq(keys_lookup(KEYS_TABLE, bar[i]->keys[0]),
				 bar[i]);
		if (i)
			ck_assert_int_lt(bar[i - 1]->bar_slot,
					 bar[i]->bar_slot);
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%s%s ", keys_name(bar[i]->keys[0], name,
					    sizeof(name)), bar[i]->bar);
	}
	ck_assert_str_eq(line, "F1Help F3Search F4Filter F5Group F6Sort "
			 "fKernel ZPause LLeaks F10Quit ");
}
END_TEST

/* The man page's spelling of a key name as an mdoc token. */
static bool keys_man_token(const char *tok, const char *name)
{
	char buf[64];

	if (!strcmp(tok, name))
		return true;
	snprintf(buf, sizeof(buf), "\\&%s", name);
	if (!strcmp(tok, buf))
		return true;
	if (!strcmp(name, "\\") && !strcmp(tok, "\\e"))
		return true;
	if (!strcmp(name, "-") && !strcmp(tok, "\\-"))
		return true;
	return false;
}

START_TEST(test_keys_in_man_page)
{
	const char *path = getenv("MAN_PAGE") ? getenv("MAN_PAGE") :
			   "allocinfo-top.1";
	const struct keys_action *a;
	char *page, *sec, *end, *line;
	size_t len, j;
	int ctx;

	page = test_read_file(path, &len);
	page = realloc(page, len + 1);
	ck_assert_ptr_nonnull(page);
	page[len] = '\0';

	sec = strstr(page, "\n.Sh INTERACTIVE COMMANDS");
	ck_assert_msg(sec, "%s has no INTERACTIVE COMMANDS section", path);
	end = strstr(sec + 1, "\n.Sh ");
	if (end)
		*end = '\0';
	FOR_EACH_KEY(ctx, a, j) {
		char name[16];
		bool found = false;

		keys_name(a->keys[j], name, sizeof(name));
		for (line = strstr(sec, "\n.It "); line && !found;
		     line = strstr(line + 1, "\n.It ")) {
			char copy[256], *tok, *save;
			size_t n = strcspn(line + 5, "\n");

			if (n >= sizeof(copy))
				n = sizeof(copy) - 1;
			memcpy(copy, line + 5, n);
			copy[n] = '\0';
			for (tok = strtok_r(copy, " ,", &save); tok && !found;
			     tok = strtok_r(NULL, " ,", &save))
				found = keys_man_token(tok, name);
		}
		ck_assert_msg(found, "key %s (%s) is not in %s INTERACTIVE COMMANDS",
			      name, a->help, path);
	}
	free(page);
}
END_TEST

Suite *keys_suite(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_keys_unique_per_context);
	tcase_add_test(tc, test_keys_fkeys_have_letter_twins);
	tcase_add_test(tc, test_keys_described);
	tcase_add_test(tc, test_keys_lookup);
	tcase_add_test(tc, test_keys_names);
	tcase_add_test(tc, test_keys_bar);
	tcase_add_test(tc, test_keys_in_man_page);
	suite_add_tcase(s, tc);
	return s;
}
