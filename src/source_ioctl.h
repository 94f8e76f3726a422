/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SOURCE_IOCTL_H
#define SOURCE_IOCTL_H

#include <stddef.h>

#include "source.h"

/*
 * The published layouts of the allocinfo ioctls that the ioctl source
 * speaks, in the order it probes them: the name of the i-th ("v3", "mm",
 * ...) and its GET_AT and GET_NEXT numbers; NULL and 0 past the last.
 */
const char *ioctl_layout_name(size_t i);
unsigned long ioctl_layout_get_at(size_t i);
unsigned long ioctl_layout_get_next(size_t i);

/* For tests: the most records one read takes before it gives up. */
void source_ioctl_set_max_records(struct source *src, unsigned long n);

#endif
