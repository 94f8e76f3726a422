// SPDX-License-Identifier: GPL-2.0
/*
 * The unit test runner: the suites of tests/check_*.c, each test in its own
 * process (CK_FORK, unless the environment says otherwise).  CK_RUN_SUITE
 * and CK_RUN_CASE pick a single suite or case.
 */
#include <check.h>
#include <stdlib.h>

/*
 * One line per suite: X(name) runs name_suite().  The core's suites link
 * without ui/ (check_core); those of ui/ modules run in check_ui.
 */
#define CORE_SUITES \
	X(abi) \
	X(parse) \
	X(filter) \
	X(model) \
	X(field) \
	X(sort) \
	X(format) \
	X(capture) \
	X(source_ioctl) \
	X(source_batch) \
	X(source_text) \
	X(sampler) \
	X(rows) \
	X(output) \
	X(cmdline) \
	X(config) \
	X(slope) \
	X(meminfo) \
	X(openmetrics) \
	X(diff)

#define UI_SUITES \
	X(spark) \
	X(layout) \
	X(view) \
	X(keys) \
	X(editor) \
	X(fit)

#ifdef CHECK_UI
#define SUITES UI_SUITES
#else
#define SUITES CORE_SUITES
#endif

#define X(name) Suite *name##_suite(void);
SUITES
#undef X

static Suite *(*const suites[])(void) = {
#define X(name) name##_suite,
	SUITES
#undef X
};

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
