/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A byte count in IEC units ("512", "1.5K", "12M"), or exact. */
char *format_size(char *buf, size_t size, int64_t v, bool exact);
/* The same, with a sign always shown ("+4.0K", "-12", "0"). */
char *format_delta(char *buf, size_t size, int64_t v, bool exact);
/* A plain count with K/M/G (decimal) past 99999. */
char *format_count(char *buf, size_t size, int64_t v, bool exact);
/*
 * Copy a name for a terminal: control bytes, DEL, bytes >= 0x80 and the
 * backslash come out as \xNN or \\, so a name cannot move the cursor or
 * change the terminal.  Always NUL-terminates; returns buf.
 */
char *format_escape(char *buf, size_t size, const char *s);
/* "2026-11-27 08:10:01" in local time. */
char *format_time(char *buf, size_t size, double t);

#endif
