// SPDX-License-Identifier: GPL-2.0
/*
 * The one description of every field a tag shows: sorting (sort.c), the
 * screen's columns (ui/layout.c, ui/table.c), the group view's roll-up
 * (ui/view.c) and batch text, JSON and CSV (output.c) all read it.  A new
 * field is one entry here plus its value in struct tag.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "format.h"
#include "sat.h"

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)
#define AT(m) offsetof(struct tag, m)

/* A leak ranks first: slope weighted by steadiness, then slope, then grew. */
static int field_cmp_slope(const struct tag *a, const struct tag *b)
{
	if (a->leak != b->leak)
		return CMP(a->leak, b->leak);
	if (a->slope != b->slope)
		return CMP(a->slope, b->slope);
	return CMP(a->grew, b->grew);
}

/* A number: sortable, in records, a column unless fl says otherwise. */
#define NUMBER(n, t, tt, ty, member, u, w, d, tw, fl) \
	.name = n, .title = t, .title_ascii = tt, .type = ty, \
	.offset = AT(member), .unit = u, .width = w, .drop = d, \
	.text_width = tw, .flags = FIELD_SORT | FIELD_RECORD | (fl)
#define COL FIELD_COLUMN
#define CHANGE (FIELD_COLUMN | FIELD_CHANGE)
#define SUM .per_second = FIELD_N, .rollup = FIELD_ROLL_SUM

const struct field field_table[FIELD_N] = {
	[FIELD_BYTES] = { NUMBER("bytes", "BYTES", "BYTES", FIELD_T_I64,
				 bytes, FIELD_U_SIZE, 6, 0, 10, COL), SUM },
	[FIELD_CALLS] = { NUMBER("calls", "CALLS", "CALLS", FIELD_T_U64,
				 calls, FIELD_U_COUNT, 6, 7, 9, COL), SUM },
	[FIELD_DBYTES] = { NUMBER("dbytes", "\u0394BYTES", "dBYTES",
				  FIELD_T_I64, dbytes, FIELD_U_DELTA, 7, 0, 9,
				  CHANGE),
			   .per_second = FIELD_RATE,
			   .rollup = FIELD_ROLL_SUM },
	[FIELD_DCALLS] = { NUMBER("dcalls", "\u0394CALLS", "dCALLS",
				  FIELD_T_I64, dcalls, FIELD_U_COUNT, 6, 9, 7,
				  CHANGE), SUM },
	/* Shown in the dbytes column after '1'. */
	[FIELD_RATE] = { NUMBER("rate", "\u0394B/s", "dB/s", FIELD_T_F64,
				rate, FIELD_U_DELTA, 7, 0, 0, FIELD_CHANGE),
			 SUM },
	[FIELD_GROWTH] = { NUMBER("growth", "GROWTH", "GROWTH", FIELD_T_I64,
				  growth, FIELD_U_DELTA, 7, 6, 9, CHANGE),
			   SUM },
	/* Bytes per live allocation; a group's from its sums. */
	[FIELD_AVG] = { NUMBER("avg", "AVG", "AVG", FIELD_T_F64, avg,
			       FIELD_U_SIZE, 5, 8, 8, COL),
			.per_second = FIELD_N, .rollup = FIELD_ROLL_RATIO,
			.ratio = { FIELD_BYTES, FIELD_CALLS } },
	[FIELD_SLOPE] = { NUMBER("slope", "SLOPE", "SLOPE", FIELD_T_F64,
				 slope, FIELD_U_DELTA, 7, 4, 0, CHANGE), SUM,
			  .cmp = field_cmp_slope },
	[FIELD_MODULE] = {
		.name = "module", .title = "MODULE", .title_ascii = "MODULE",
		.type = FIELD_T_STR, .offset = AT(module),
		.flags = FIELD_ID | FIELD_SORT | FIELD_RECORD | FIELD_COLUMN,
		.unit = FIELD_U_NAME, .text_width = -12,
		.per_second = FIELD_N, .rollup = FIELD_ROLL_NAME,
	},
	[FIELD_FUNCTION] = {
		.name = "function", .title = "FUNCTION",
		.title_ascii = "FUNCTION", .type = FIELD_T_STR,
		.offset = AT(function),
		.flags = FIELD_ID | FIELD_SORT | FIELD_RECORD | FIELD_COLUMN,
		.unit = FIELD_U_NAME, .text_width = -28,
		.per_second = FIELD_N, .rollup = FIELD_ROLL_NAME,
	},
	/* The column shows file:line; records have the line apart. */
	[FIELD_FILE] = {
		.name = "file", .title = "FILE:LINE",
		.title_ascii = "FILE:LINE", .type = FIELD_T_STR,
		.offset = AT(file),
		.flags = FIELD_ID | FIELD_SORT | FIELD_RECORD | FIELD_COLUMN,
		.unit = FIELD_U_PLACE, .text_width = -1,
		.per_second = FIELD_N, .rollup = FIELD_ROLL_NAME,
	},
	[FIELD_LINE] = {
		.name = "line", .title = "LINE", .title_ascii = "LINE",
		.type = FIELD_T_U64, .offset = AT(line),
		.flags = FIELD_ID | FIELD_RECORD, .unit = FIELD_U_COUNT,
		.per_second = FIELD_N,
	},
	[FIELD_ACCURATE] = {
		.name = "accurate", .title = "ACCURATE",
		.title_ascii = "ACCURATE", .type = FIELD_T_BOOL,
		.offset = AT(accurate), .flags = FIELD_RECORD,
		.per_second = FIELD_N,
	},
	[FIELD_STATE] = {
		.name = "state", .title = "STATE", .title_ascii = "STATE",
		.type = FIELD_T_STATE, .offset = AT(state),
		.flags = FIELD_RECORD, .per_second = FIELD_N,
	},
	/* A sparkline of the history, drawn by the screen itself. */
	[FIELD_TREND] = {
		.name = "trend", .title = "TREND", .title_ascii = "TREND",
		.flags = FIELD_COLUMN, .width = 8, .drop = 5,
		.per_second = FIELD_N,
	},
	/* N new, G gone, then the inaccurate mark. */
	[FIELD_FLAGS] = {
		.name = "flags", .title = "F", .title_ascii = "F",
		.type = FIELD_T_FLAGS, .flags = FIELD_COLUMN,
		.unit = FIELD_U_MARKS, .width = 2, .drop = 3,
		.text_width = -2, .per_second = FIELD_N,
	},
};

/* Left to right: the bytes and their deltas first, the names last. */
const enum field_id field_columns[] = {
	FIELD_BYTES, FIELD_DBYTES, FIELD_CALLS, FIELD_DCALLS, FIELD_AVG,
	FIELD_GROWTH, FIELD_SLOPE, FIELD_TREND, FIELD_FLAGS, FIELD_MODULE,
	FIELD_FUNCTION, FIELD_FILE,
};

const size_t field_ncolumns = sizeof(field_columns) /
			      sizeof(field_columns[0]);

const char *field_name(enum field_id f)
{
	return field_table[f].name;
}

enum field_id field_find(const char *name, size_t len)
{
	int f;

	for (f = 0; f < FIELD_N; f++)
		if (strlen(field_table[f].name) == len &&
		    !strncmp(field_table[f].name, name, len))
			return (enum field_id)f;
	return FIELD_N;
}

bool field_is(enum field_id f, unsigned int flags)
{
	return f < FIELD_N && (field_table[f].flags & flags) == flags;
}

const char *field_title(enum field_id f, bool utf8)
{
	return utf8 ? field_table[f].title : field_table[f].title_ascii;
}

enum field_id field_shown(enum field_id f, bool per_second)
{
	if (per_second && field_table[f].per_second != FIELD_N)
		return field_table[f].per_second;
	return f;
}

static const void *field_ptr(enum field_id f, const struct tag *t)
{
	return (const char *)t + field_table[f].offset;
}

double field_double(enum field_id f, const struct tag *t)
{
	const void *p = field_ptr(f, t);

	switch (field_table[f].type) {
	case FIELD_T_I64:
		return (double)*(const int64_t *)p;
	case FIELD_T_U64:
		return (double)*(const uint64_t *)p;
	case FIELD_T_F64:
		return *(const double *)p;
	default:
		return 0;
	}
}

int64_t field_int(enum field_id f, const struct tag *t)
{
	const void *p = field_ptr(f, t);

	/* Beyond int64_t, a value stops at the limit (a cast is undefined). */
	switch (field_table[f].type) {
	case FIELD_T_I64:
		return *(const int64_t *)p;
	case FIELD_T_U64:
		return sat_s64_from_u64(*(const uint64_t *)p);
	case FIELD_T_F64:
		return sat_s64_from_double(*(const double *)p);
	default:
		return 0;
	}
}

uint64_t field_uint(enum field_id f, const struct tag *t)
{
	if (field_table[f].type == FIELD_T_U64)
		return *(const uint64_t *)field_ptr(f, t);
	return (uint64_t)field_int(f, t);
}

const char *field_string(enum field_id f, const struct tag *t)
{
	const void *p = field_ptr(f, t);

	switch (field_table[f].type) {
	case FIELD_T_STR:
		return *(const char *const *)p;
	case FIELD_T_BOOL:
		return *(const bool *)p ? "true" : "false";
	case FIELD_T_STATE:
		return model_state_name(*(const unsigned char *)p);
	default:
		return "";
	}
}

int field_cmp(enum field_id f, const struct tag *a, const struct tag *b)
{
	const struct field *fd = &field_table[f];

	if (fd->cmp)
		return fd->cmp(a, b);
	switch (fd->type) {
	case FIELD_T_I64:
		return CMP(field_int(f, a), field_int(f, b));
	case FIELD_T_U64:
		return CMP(*(const uint64_t *)field_ptr(f, a),
			   *(const uint64_t *)field_ptr(f, b));
	case FIELD_T_F64:
		return CMP(field_double(f, a), field_double(f, b));
	case FIELD_T_STR:
		return strcmp(field_string(f, a), field_string(f, b));
	default:
		return 0;
	}
}

char *field_format(char *buf, size_t size, enum field_id f,
		   const struct tag *t, const struct field_style *st)
{
	const struct field *fd = &field_table[f];
	char name[1024];

	switch (fd->unit) {
	case FIELD_U_SIZE:
		return format_size(buf, size, field_int(f, t), st->exact);
	case FIELD_U_DELTA:
		return format_delta(buf, size, field_int(f, t), st->exact);
	case FIELD_U_COUNT:
		return format_count(buf, size, field_int(f, t), st->exact);
	case FIELD_U_NAME:
		return format_escape(buf, size, field_string(f, t));
	case FIELD_U_PLACE:
		format_escape(name, sizeof(name), field_string(f, t));
		snprintf(buf, size, "%s:%" PRIu64, name, t->line);
		return buf;
	case FIELD_U_MARKS:
		snprintf(buf, size, "%c%c",
			 t->state == TAG_NEW ? 'N' :
			 t->state == TAG_GONE ? 'G' : ' ',
			 t->accurate ? ' ' : FIELD_INACCURATE_MARK);
		return buf;
	default:
		if (size)
			buf[0] = '\0';
		return buf;
	}
}

bool field_rolls_up(enum field_id f)
{
	return field_table[f].rollup == FIELD_ROLL_SUM ||
	       field_table[f].rollup == FIELD_ROLL_RATIO;
}

void field_rollup_add(struct tag *sum, const struct tag *t)
{
	int f;

	for (f = 0; f < FIELD_N; f++) {
		void *p = (char *)sum + field_table[f].offset;

		if (field_table[f].rollup != FIELD_ROLL_SUM)
			continue;
		switch (field_table[f].type) {
		case FIELD_T_I64:
			*(int64_t *)p = sat_add_s64(*(int64_t *)p,
						    field_int(f, t));
			break;
		case FIELD_T_U64:
			*(uint64_t *)p = sat_add_u64(*(uint64_t *)p,
						     *(const uint64_t *)field_ptr(f, t));
			break;
		case FIELD_T_F64:
			*(double *)p += field_double(f, t);
			break;
		default:
			break;
		}
	}
}

void field_rollup_end(struct tag *sum)
{
	int f;

	for (f = 0; f < FIELD_N; f++) {
		const struct field *fd = &field_table[f];
		double den;

		if (fd->rollup != FIELD_ROLL_RATIO || fd->type != FIELD_T_F64)
			continue;
		den = field_double(fd->ratio[1], sum);
		*(double *)((char *)sum + fd->offset) =
			den ? field_double(fd->ratio[0], sum) / den : 0;
	}
}
