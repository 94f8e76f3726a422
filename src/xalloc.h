/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

/* Allocation wrappers: they abort with a message when memory runs out. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
