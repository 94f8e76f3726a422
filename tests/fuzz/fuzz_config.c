// SPDX-License-Identifier: GPL-2.0
/* The settings file parser on any text, and its settings applied. */
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[200];
	struct config c;
	struct opts o;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&c, 0, sizeof(c));
	err[0] = '\0';
	if (config_parse(&c, text, err, sizeof(err)) && !err[0])
		abort();
	cmdline_defaults(&o);
	config_apply(&c, &o);
	if (c.has_delay && !(o.delay >= 0.01 && o.delay <= 86400))
		abort();
	free(text);
	return 0;
}
