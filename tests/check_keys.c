// SPDX-License-Identifier: GPL-2.0
/*
 * The key table: no key means two things, every F-key has a letter twin,
 * and the man page lists every key (MAN_PAGE overrides its path).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "testutil.h"

START_TEST(test_keys_unique_per_context)
{
	size_t i, j;

	for (i = 0; i < keys_count; i++)
		for (j = i + 1; j < keys_count; j++)
			ck_assert_msg(keys_table[i].ctx != keys_table[j].ctx ||
				      keys_table[i].key != keys_table[j].key,
				      "key %s bound twice", keys_table[i].name);
}
END_TEST

START_TEST(test_keys_fkeys_have_letter_twins)
{
	size_t i, j;

	for (i = 0; i < keys_count; i++) {
		const struct keys_binding *k = &keys_table[i];
		bool twin = false;

		if (k->name[0] != 'F' || k->name[1] < '0' || k->name[1] > '9')
			continue;
		for (j = 0; j < keys_count; j++)
			if (keys_table[j].ctx == k->ctx &&
			    keys_table[j].action == k->action &&
			    (strlen(keys_table[j].name) == 1 ||
			     !strncmp(keys_table[j].name, "Ctrl-", 5)))
				twin = true;
		ck_assert_msg(twin, "%s has no letter twin", k->name);
	}
}
END_TEST

START_TEST(test_keys_described)
{
	size_t i;

	for (i = 0; i < keys_count; i++) {
		ck_assert(keys_table[i].name && keys_table[i].name[0]);
		ck_assert(keys_table[i].help && keys_table[i].help[0]);
		ck_assert_int_ne(keys_table[i].action, ACT_NONE);
	}
}
END_TEST

START_TEST(test_keys_lookup)
{
	const struct keys_binding *k;

	k = keys_lookup(KEYS_TABLE, 'q');
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->action, ACT_QUIT);
	/* Enter arrives as CR when curses does not translate it. */
	k = keys_lookup(KEYS_TABLE, '\r');
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->action, ACT_ENTER);
	k = keys_lookup(KEYS_EDITOR, '\r');
	ck_assert_int_eq(k->action, ACT_APPLY);
	ck_assert_ptr_null(keys_lookup(KEYS_TABLE, 0x7));
	ck_assert_int_eq(keys_lookup(KEYS_TABLE, 'L')->action, ACT_SORT_SLOPE);
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
	char *page, *sec, *end, *line;
	size_t i, len;

	page = test_read_file(path, &len);
	page = realloc(page, len + 1);
	ck_assert_ptr_nonnull(page);
	page[len] = '\0';

	sec = strstr(page, "\n.Sh INTERACTIVE COMMANDS");
	ck_assert_msg(sec, "%s has no INTERACTIVE COMMANDS section", path);
	end = strstr(sec + 1, "\n.Sh ");
	if (end)
		*end = '\0';
	for (i = 0; i < keys_count; i++) {
		const char *name = keys_table[i].name;
		bool found = false;

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
			      name, keys_table[i].help, path);
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
	tcase_add_test(tc, test_keys_in_man_page);
	suite_add_tcase(s, tc);
	return s;
}
