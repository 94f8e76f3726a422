/* SPDX-License-Identifier: GPL-2.0 */
#ifndef OPENMETRICS_H
#define OPENMETRICS_H

#include <stdbool.h>
#include <stdio.h>

#include "output.h"

/*
 * Write s as the inside of a label value: backslash, double quote and
 * line feed escaped as the OpenMetrics text format says; any other control
 * byte, DEL and every byte >= 0x80 as the four characters \xNN (written
 * \\xNN), so the value is printable ASCII and valid UTF-8 whatever a
 * capture holds.
 */
void openmetrics_label(FILE *fp, const char *s);
/*
 * Print the first nrows of o->rows as metric families: OpenMetrics 1.0
 * text for OUTPUT_OPENMETRICS, the Prometheus text format 0.0.4 (what
 * node_exporter's textfile collector reads) for OUTPUT_PROMETHEUS.  With
 * o->diff, the families of a comparison of two snapshots instead.
 */
void openmetrics_write(const struct output *o, const struct model *m,
		       const char *source, size_t nrows);

#endif
