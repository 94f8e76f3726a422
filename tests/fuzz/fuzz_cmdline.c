// SPDX-License-Identifier: GPL-2.0
/*
 * The command line on any arguments: the input split at NUL bytes into
 * argv.  Parsing alone: nothing is opened or run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"

#define FUZZ_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char name[] = "allocinfo-top";
	static FILE *null;
	char *copy = malloc(size + 1), *argv[FUZZ_ARGS + 2], *p;
	struct opts o;
	int argc = 1, ret;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!copy || !null)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = name;
	for (p = copy; p < copy + size && argc <= FUZZ_ARGS;
	     p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	cmdline_defaults(&o);
	ret = cmdline_parse(&o, argc, argv, null, null);
	if (ret != -1 && ret != 0 && ret != EXIT_USAGE)
		abort();
	if (ret == -1 && (!(o.delay >= 0.01 && o.delay <= 86400) ||
			  !(o.window >= 0.01 && o.window <= 86400) ||
			  o.iterations < 0))
		abort();
	free(copy);
	return 0;
}
