// SPDX-License-Identifier: GPL-2.0
/*
 * The program: the command line (src/) decides, then main runs the batch
 * output or a comparison of two snapshots (src/), or the interactive
 * screen (ui/).  This is the one file that knows both: no other file in
 * src/ includes a ui/ header.
 */
#include "batch.h"
#include "cmdline.h"
#include "diff.h"
#include "ui.h"

int main(int argc, char **argv)
{
	struct opts o;
	struct config c;
	int ret = cmdline_read(&o, &c, argc, argv);

	if (ret >= 0)
		return ret;
	if (o.diff_old)
		return diff_run(&o);
	if (o.batch)
		return batch_run(&o);
	return ui_run(&o, &c);
}
