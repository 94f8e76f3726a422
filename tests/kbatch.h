/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KBATCH_H
#define KBATCH_H

/*
 * An in-process double of ALLOCINFO_IOC_BATCH, with the semantics of
 * doc/kernel-interface.md, over the tags of a struct kdouble (which answers
 * every other ioctl), plus fault injection.  One double is current at a time.
 */
#include <stdbool.h>
#include <stdint.h>

#include "kdouble.h"

struct kbatch {
	struct kdouble kd;	/* the tags, the content id, GET_AT/GET_NEXT */
	struct source_sys sys;

	/* Faults. */
	bool absent;		/* BATCH fails with ENOTTY (an older kernel) */
	int batch_errno;	/* every BATCH fails with this */
	uint32_t per_call;	/* at most this many records a call (0: room) */
	unsigned int change_at;	/* the content id moves at this call (from 1) */
	unsigned int change_every;	/* ... and every this many after */
	bool bad_names;		/* the names buffer is malformed */

	/* What the reader did. */
	unsigned int n_batch, n_names, n_restarted;
	struct allocinfo_batch last;	/* as received */
	char last_modname[512], last_function[512], last_file[512];
};

void kbatch_init(struct kbatch *kb);
void kbatch_fini(struct kbatch *kb);
/* Make kb current and return its system calls for source_open(). */
const struct source_sys *kbatch_sys(struct kbatch *kb);
/* The content id moves and hidden tags show, as on a module load. */
void kbatch_change(struct kbatch *kb);

#endif
