/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BATCH_H
#define BATCH_H

#include "opts.h"

/* Print samples to stdout until -n, the end of a capture, or an error. */
int batch_run(const struct opts *o);

#endif
