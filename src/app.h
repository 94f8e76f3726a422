/* SPDX-License-Identifier: GPL-2.0 */
#ifndef APP_H
#define APP_H

#include <stdbool.h>

#include <uv.h>

#include "model.h"
#include "opts.h"
#include "record.h"
#include "sampler.h"
#include "source.h"

/* What both views share: one loop, one source, one model, one sampler. */
struct app {
	struct opts opts;
	uv_loop_t loop;
	struct source src;
	struct model *model;
	struct sampler sampler;
	struct recorder rec;
	bool recording;
	bool loop_open;
	int status;		/* exit status the view decided on */
	char error[640];	/* why app_open failed */
	char notice[640];	/* what to tell the user once, or "" */
};

/* Open the source, recording, model and sampler.  0 or a negative errno. */
int app_open(struct app *a, const struct opts *o, sampler_cb cb);
/* Close every handle, run the loop until they are closed, free it all. */
int app_close(struct app *a);

#endif
