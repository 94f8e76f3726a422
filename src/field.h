/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FIELD_H
#define FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/*
 * Every value a tag shows, in the order the sort chooser and -o list them.
 * JSON and CSV records follow this order too, the identity fields first;
 * a new field goes at the end so that CSV readers keep their columns.
 */
enum field_id {
	FIELD_BYTES,
	FIELD_CALLS,
	FIELD_DBYTES,
	FIELD_DCALLS,
	FIELD_RATE,
	FIELD_GROWTH,
	FIELD_AVG,
	FIELD_SLOPE,
	FIELD_MODULE,
	FIELD_FUNCTION,
	FIELD_FILE,
	FIELD_LINE,
	FIELD_ACCURATE,
	FIELD_STATE,
	FIELD_TREND,
	FIELD_FLAGS,
	FIELD_N,
};

/* How a field's value is stored in struct tag. */
enum field_type {
	FIELD_T_NONE,		/* drawn from the history: no value */
	FIELD_T_I64,
	FIELD_T_U64,
	FIELD_T_F64,
	FIELD_T_STR,
	FIELD_T_BOOL,
	FIELD_T_STATE,
	FIELD_T_FLAGS,		/* state and accuracy as two marks */
};

/* How a cell shows the value. */
enum field_unit {
	FIELD_U_NONE,
	FIELD_U_SIZE,		/* "1.5K" */
	FIELD_U_DELTA,		/* "+4.0K" */
	FIELD_U_COUNT,		/* "12345", "1.2M" */
	FIELD_U_NAME,		/* escaped for a terminal */
	FIELD_U_PLACE,		/* "file:line", escaped */
	FIELD_U_MARKS,		/* "N~" */
};

/* What a group of tags shows for the field. */
enum field_rollup {
	FIELD_ROLL_NONE,	/* nothing: the group's name goes there */
	FIELD_ROLL_SUM,		/* the sum over the group's live tags */
	FIELD_ROLL_RATIO,	/* ratio[0] / ratio[1] of the sums */
	FIELD_ROLL_NAME,	/* the group's name; groups sort by it */
};

/* Field flags. */
#define FIELD_ID	0x1	/* of the tag's identity: records lead */
#define FIELD_SORT	0x2	/* rows can be ordered by it (-o) */
#define FIELD_RECORD	0x4	/* a key of JSON, a column of CSV */
#define FIELD_COLUMN	0x8	/* a screen column (config "columns") */
#define FIELD_CHANGE	0x10	/* a change: coloured by its sign */

/* The mark of a tag whose counters the kernel knows to be inaccurate. */
#define FIELD_INACCURATE_MARK '~'

struct field {
	const char *name;	/* -o, config file, JSON and CSV key */
	const char *title;	/* column heading, UTF-8 */
	const char *title_ascii;
	enum field_type type;
	size_t offset;		/* of the value in struct tag */
	unsigned int flags;
	enum field_unit unit;
	/* Screen cells; 0 for a name, which shares what numbers leave. */
	int width;
	/* Narrow screens drop the highest first; 0: never dropped. */
	int drop;
	/* Width in text output; 0: not in text output. */
	int text_width;
	/* What the column shows per second (after '1'); FIELD_N: itself. */
	enum field_id per_second;
	enum field_rollup rollup;
	enum field_id ratio[2];
	/* Order of two tags by the field, or NULL to compare the values. */
	int (*cmp)(const struct tag *a, const struct tag *b);
};

/* What a cell's text depends on besides the value. */
struct field_style {
	bool exact;		/* whole numbers instead of K/M/G */
};

extern const struct field field_table[FIELD_N];
/* The screen's columns and text output's, left to right. */
extern const enum field_id field_columns[];
extern const size_t field_ncolumns;

const char *field_name(enum field_id f);
/* The field of that name, or FIELD_N. */
enum field_id field_find(const char *name, size_t len);
bool field_is(enum field_id f, unsigned int flags);
const char *field_title(enum field_id f, bool utf8);
/* Which field the column f shows, per second or not. */
enum field_id field_shown(enum field_id f, bool per_second);

/* Order by the field alone: <0, 0 or >0, ascending. */
int field_cmp(enum field_id f, const struct tag *a, const struct tag *b);
/*
 * A number as a whole count: doubles are truncated, NaN is 0, and what
 * does not fit int64_t stops at its limits.
 */
int64_t field_int(enum field_id f, const struct tag *t);
/* An unsigned count exactly (calls); other numbers as field_int(). */
uint64_t field_uint(enum field_id f, const struct tag *t);
/* A number as a double. */
double field_double(enum field_id f, const struct tag *t);
/* A name, a state or a bool as text. */
const char *field_string(enum field_id f, const struct tag *t);

/* The cell of the field for t: what the screen and text output show. */
char *field_format(char *buf, size_t size, enum field_id f,
		   const struct tag *t, const struct field_style *st);

/* Roll-up of groups: sum starts zeroed, takes each live tag, then ends. */
void field_rollup_add(struct tag *sum, const struct tag *t);
void field_rollup_end(struct tag *sum);
/* Does a group show a number for the field (and sort by it)? */
bool field_rolls_up(enum field_id f);

#endif
