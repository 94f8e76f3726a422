/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UI_H
#define UI_H

#include "config.h"
#include "opts.h"

/*
 * The interactive screen, with the settings file the command line loaded
 * (its columns, where W saves, why it was not used).  Returns the exit
 * status; prints its own errors (after curses is torn down).
 */
int ui_run(const struct opts *o, const struct config *c);

#endif
