/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

#include "filter.h"
#include "model.h"
#include "opts.h"
#include "sample.h"
#include "source.h"

/*
 * Read the last complete sample of path, a capture or a plain copy of
 * /proc/allocinfo, through the kernel-side filter f, with src.  0 or a
 * negative errno, with one line naming the file in error.  On success src
 * stays open: the sample's names live in its reader until source_close().
 */
int diff_read(struct source *src, const char *path, const struct filter *f,
	      struct sample *s, char *error, size_t size);
/*
 * Put old then new into the empty model m.  Tags are matched as the model
 * matches them, twins by their ordinal.  Afterwards every tag's dbytes and
 * dcalls are new minus old: a tag that appeared is new (dbytes = bytes), a
 * tag that vanished is gone with bytes and calls 0 and minus its old
 * values as deltas.
 */
void diff_samples(struct model *m, const struct sample *old,
		  const struct sample *new);
/* --diff OLD NEW: print the comparison in o->format; the exit status. */
int diff_run(const struct opts *o);

#endif
