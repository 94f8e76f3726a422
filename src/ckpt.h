/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CKPT_H
#define CKPT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/*
 * Copies of a replay's model taken every `every` samples on the way, so
 * that going back to sample k restores the nearest copy at or before it
 * and reads on at most every - 1 samples, wherever k is.  The copies
 * hold the model as a forward replay under one filter makes it; when
 * they outgrow their budget, every other one goes and the spacing
 * doubles.
 */
struct ckpt_set {
	struct model_names *names;
	struct ckpt_entry {
		size_t pos;	/* samples read into the copy */
		struct model_ckpt *c;
	} *v;			/* by pos */
	size_t n;
	size_t cap;
	size_t every;		/* a power of two */
	size_t first_every;
	size_t bytes;		/* held by the copies and their names */
	size_t budget;
};

/* every: the spacing to start with (a power of two); budget in bytes. */
void ckpt_init(struct ckpt_set *s, size_t every, size_t budget);
void ckpt_fini(struct ckpt_set *s);
/* Forget every copy: the model they show is not the one read any more. */
void ckpt_clear(struct ckpt_set *s);
/* Does a copy belong at pos and is none there yet? */
bool ckpt_wanted(const struct ckpt_set *s, size_t pos);
/* Keep a copy of m, which holds samples 0 .. pos - 1, if wanted. */
void ckpt_offer(struct ckpt_set *s, size_t pos, const struct model *m);
/*
 * Make m the model after samples 0 .. at - 1 for the nearest copy at or
 * before pos (an empty model, at 0, when there is none: m as it is if it
 * holds no sample, so that a new one stays as new).  Returns at.
 */
size_t ckpt_restore(const struct ckpt_set *s, size_t pos, struct model *m);

#endif
