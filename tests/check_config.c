// SPDX-License-Identifier: GPL-2.0
/* The settings file: parsing, errors with their line, saving, paths. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "config.h"
#include "testutil.h"

START_TEST(test_config_parse_all_keys)
{
	struct config c;
	char err[128] = "";

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(config_parse(&c,
				      "# comment\n"
				      "\n"
				      "sort = -slope\n"
				      "  delay=0.5  \r\n"
				      "columns = bytes,function,file\n"
				      "window = 60", err, sizeof(err)), 0);
	ck_assert(c.has_sort);
	ck_assert_int_eq(c.sort.field, FIELD_SLOPE);
	ck_assert(c.sort.ascending);
	ck_assert(c.has_delay);
	ck_assert_double_eq(c.delay, 0.5);
	ck_assert_str_eq(c.columns, "bytes,function,file");
	ck_assert(c.has_window);
	ck_assert_double_eq(c.window, 60);
}
END_TEST

static const struct {
	const char *text;
	const char *err;
} bad[] = {
	{ "sort = bytes\nnonsense\n", "line 2: expected key = value" },
	{ "colour = red\n", "line 1: unknown key" },
	{ "sort = sideways\n", "line 1: sort" },
	{ "\n\ndelay = 0\n", "line 3: delay" },
	{ "window = -1\n", "line 1: window" },
	{ "delay = 2s\n", "line 1: delay" },
};

START_TEST(test_config_parse_errors)
{
	struct config c;
	char err[128] = "";

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(config_parse(&c, bad[_i].text, err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(!strncmp(err, bad[_i].err, strlen(bad[_i].err)),
		      "'%s' gave '%s'", bad[_i].text, err);
}
END_TEST

START_TEST(test_config_save_load)
{
	const char *path = test_tmp_path("deep/er/config");
	struct config c, d;
	char err[128] = "";

	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	c.has_sort = true;
	c.sort.field = FIELD_DBYTES;
	c.has_delay = true;
	c.delay = 1.25;
	c.has_window = true;
	c.window = 600;
	strcpy(c.columns, "bytes,dbytes,file");
	ck_assert_int_eq(config_save(&c, path), 0);
	ck_assert_int_eq(config_load(&d, path, err, sizeof(err)), 0);
	ck_assert_int_eq(d.sort.field, FIELD_DBYTES);
	ck_assert(!d.sort.ascending);
	ck_assert_double_eq(d.delay, 1.25);
	ck_assert_double_eq(d.window, 600);
	ck_assert_str_eq(d.columns, "bytes,dbytes,file");
	ck_assert_int_eq(config_load(&d, test_tmp_path("none"), err,
				     sizeof(err)), -ENOENT);
	test_tmpdir_remove();
}
END_TEST

/* The file only sets what it names; the command line then wins. */
START_TEST(test_config_apply_then_cmdline)
{
	char *argv[] = { "allocinfo-top", "-d", "5", NULL };
	struct config c;
	struct opts o;
	char err[128];

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(config_parse(&c, "delay = 1\nsort = calls\n", err,
				      sizeof(err)), 0);
	cmdline_defaults(&o);
	config_apply(&c, &o);
	ck_assert_double_eq(o.delay, 1);
	ck_assert_int_eq(o.sort.field, FIELD_CALLS);
	ck_assert_double_eq(o.window, 300);
	ck_assert_int_eq(cmdline_parse(&o, 3, argv, stdout, stderr), -1);
	ck_assert_double_eq(o.delay, 5);
	ck_assert_int_eq(o.sort.field, FIELD_CALLS);
}
END_TEST

START_TEST(test_config_path)
{
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *xdg = getenv("XDG_CONFIG_HOME") ?
		    strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char buf[256];

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	ck_assert_int_eq(config_path(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/x/cfg/allocinfo-top/config");
	setenv("XDG_CONFIG_HOME", "", 1);
	setenv("HOME", "/home/u", 1);
	ck_assert_int_eq(config_path(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/home/u/.config/allocinfo-top/config");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ck_assert_int_eq(config_path(buf, sizeof(buf)), -ENOENT);
	/* For CK_FORK=no, where the next test shares the environment. */
	if (home)
		setenv("HOME", home, 1);
	if (xdg)
		setenv("XDG_CONFIG_HOME", xdg, 1);
	free(home);
	free(xdg);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, test_config_parse_all_keys);
	tcase_add_loop_test(tc, test_config_parse_errors, 0,
			    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_config_save_load);
	tcase_add_test(tc, test_config_apply_then_cmdline);
	tcase_add_test(tc, test_config_path);
	suite_add_tcase(s, tc);
	return s;
}
