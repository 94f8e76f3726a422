/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UI_H
#define UI_H

#include "opts.h"

/*
 * The interactive screen.  Returns the exit status; prints its own errors
 * (after curses is torn down).
 */
int ui_run(const struct opts *o);

#endif
