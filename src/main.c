// SPDX-License-Identifier: GPL-2.0
/*
 * The program: the command line (src/) decides, then main runs the batch
 * output (src/) or the interactive screen (ui/).  This is the one file
 * that knows both: no other file in src/ includes a ui/ header.
 */
#include "batch.h"
#include "cmdline.h"
#include "ui.h"

int main(int argc, char **argv)
{
	struct opts o;
	struct config c;
	int ret = cmdline_read(&o, &c, argc, argv);

	if (ret >= 0)
		return ret;
	if (o.batch)
		return batch_run(&o);
	return ui_run(&o, &c);
}
