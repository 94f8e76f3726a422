/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sample.h"

/* The real samples under tests/data/ (TEST_DATA overrides the directory). */
#define TINY_DUMP "allocinfo-6.12-tinyconfig.txt"
#define DEFCONFIG_DUMP "allocinfo-6.12-defconfig.txt"
#define TINY_TAGS 759
#define DEFCONFIG_TAGS 3880

/* Path of a file under the test data directory (static buffer). */
const char *test_data_path(const char *name);
/* Read a whole file; aborts the test on failure.  Free the result. */
char *test_read_file(const char *path, size_t *len);
/* Write (or append) len bytes to path; aborts the test on failure. */
void test_write_file(const char *path, const char *data, size_t len,
		     bool append);
/* Parse a real dump into s (no filter); aborts the test on failure. */
void test_load_dump(struct sample *s, const char *name);
/* Append a record with copied strings. */
struct rec *test_add(struct sample *s, const char *module, const char *file,
		     uint64_t line, const char *function, int64_t bytes,
		     uint64_t calls, bool accurate);

/* Take s into m as the sample at time t, and empty s. */
void test_ingest(struct model *m, struct sample *s, double t);

/*
 * Fail unless a and b hold the same model: every field the screen and the
 * outputs read, of the model and of each tag in order, its history with
 * the times, its fit and rank (both computed here on each), and each
 * tag's place.  What a model keeps only to go faster (record hints,
 * capacities) may differ.  what names the comparison in a failure.
 */
void test_model_eq(struct model *a, struct model *b, const char *what);

/* A private directory for the test, removed by test_tmpdir_remove(). */
const char *test_tmpdir(void);
/* Path of a file inside test_tmpdir() (static ring of buffers). */
const char *test_tmp_path(const char *name);
void test_tmpdir_remove(void);

#endif
