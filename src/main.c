// SPDX-License-Identifier: GPL-2.0
#include "cmdline.h"

int main(int argc, char **argv)
{
	return cmdline_main(argc, argv);
}
