// SPDX-License-Identifier: GPL-2.0
/*
 * Metrics for Prometheus: one family per quantity, every tag a series
 * labelled by its identity.  Two dialects share the writer: OpenMetrics 1.0
 * (-f openmetrics) and the Prometheus text format 0.0.4 (-f prometheus,
 * --textfile), which node_exporter's textfile collector parses.  They differ
 * only where the formats disagree: a counter's family is "x" with samples
 * "x_total" in OpenMetrics but "x_total" in 0.0.4, which has no info type,
 * no UNIT line and no "# EOF".
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "openmetrics.h"
#include "sat.h"

enum om_type {
	OM_GAUGE,
	OM_COUNTER,
	OM_INFO,
};

struct om {
	FILE *fp;
	bool strict;		/* OpenMetrics rather than 0.0.4 */
};

void openmetrics_label(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(fp, "\\\\x%02x", c);
		else
			fputc(c, fp);
	}
}

/* The name a family's samples carry. */
static void om_sample_name(const struct om *om, const char *name,
			   enum om_type type)
{
	fputs(name, om->fp);
	if (type == OM_COUNTER)
		fputs("_total", om->fp);
	else if (type == OM_INFO)
		fputs("_info", om->fp);
}

static void om_family(const struct om *om, const char *name,
		      enum om_type type, const char *unit, const char *help)
{
	static const char *const types[] = {
		[OM_GAUGE] = "gauge",
		[OM_COUNTER] = "counter",
		[OM_INFO] = "info",
	};
	FILE *fp = om->fp;

	if (om->strict) {
		fprintf(fp, "# TYPE %s %s\n", name, types[type]);
		if (unit)
			fprintf(fp, "# UNIT %s %s\n", name, unit);
		fprintf(fp, "# HELP %s %s\n", name, help);
		return;
	}
	fputs("# HELP ", fp);
	om_sample_name(om, name, type);
	fprintf(fp, " %s\n# TYPE ", help);
	om_sample_name(om, name, type);
	fprintf(fp, " %s\n", type == OM_COUNTER ? "counter" : "gauge");
}

/* A gauge per tag: its family and the field it shows. */
struct om_tag_family {
	const char *name;
	enum field_id field;
	const char *unit;
	const char *help;
};

static const struct om_tag_family om_sample_families[] = {
	{ "allocinfo_bytes", FIELD_BYTES, "bytes",
	  "Bytes allocated at the callsite and not yet freed." },
	{ "allocinfo_calls", FIELD_CALLS, NULL,
	  "Allocations made at the callsite and not yet freed." },
	{ "allocinfo_accurate", FIELD_ACCURATE, NULL,
	  "1 when the callsite's counters are accurate, 0 when the kernel marks them inaccurate." },
};

static const struct om_tag_family om_diff_families[] = {
	{ "allocinfo_diff_bytes", FIELD_DBYTES, "bytes",
	  "Bytes at the callsite in the new snapshot minus in the old." },
	{ "allocinfo_diff_calls", FIELD_DCALLS, NULL,
	  "Live allocations in the new snapshot minus in the old." },
};

/*
 * name{module="",function="",file="",line="",ordinal=""[,extra]}: the
 * identity fields of the field table, then the ordinal that tells twins
 * apart.
 */
static void om_tag(const struct om *om, const char *name,
		   const struct tag *t, const char *extra)
{
	FILE *fp = om->fp;
	const char *sep = "{";
	int f;

	fputs(name, fp);
	for (f = 0; f < FIELD_N; f++) {
		if (!field_is(f, FIELD_ID))
			continue;
		fprintf(fp, "%s%s=\"", sep, field_name(f));
		if (field_table[f].type == FIELD_T_STR)
			openmetrics_label(fp, field_string(f, t));
		else
			fprintf(fp, "%" PRIu64, (uint64_t)field_int(f, t));
		fputc('"', fp);
		sep = ",";
	}
	fprintf(fp, ",ordinal=\"%u\"%s%s}", t->ordinal, extra ? "," : "",
		extra ? extra : "");
}

/* The field's value as a sample value: a whole number, or 1 and 0. */
static void om_value(const struct om *om, enum field_id f,
		     const struct tag *t)
{
	switch (field_table[f].type) {
	case FIELD_T_U64:
		fprintf(om->fp, " %" PRIu64 "\n", (uint64_t)field_int(f, t));
		break;
	case FIELD_T_BOOL:
		fprintf(om->fp, " %d\n",
			!strcmp(field_string(f, t), "true"));
		break;
	default:
		fprintf(om->fp, " %" PRId64 "\n", field_int(f, t));
		break;
	}
}

/* One family per field, a series per tag; gone tags only in a diff. */
static size_t om_tag_families(const struct om *om, const struct output *o,
			      const struct om_tag_family *fam, size_t nfam,
			      size_t nrows)
{
	size_t i, k, shown = 0;

	for (k = 0; k < nfam; k++) {
		om_family(om, fam[k].name, OM_GAUGE, fam[k].unit,
			  fam[k].help);
		shown = 0;
		for (i = 0; i < nrows; i++) {
			const struct tag *t = o->rows.v[i];

			if (t->state == TAG_GONE && !o->diff)
				continue;
			om_tag(om, fam[k].name, t, NULL);
			om_value(om, fam[k].field, t);
			shown++;
		}
	}
	return shown;
}

static void om_source(const struct om *om, const char *source)
{
	om_family(om, "allocinfo_source", OM_INFO, NULL,
		  "Where the samples were read: ioctl, text, capture or diff.");
	om_sample_name(om, "allocinfo_source", OM_INFO);
	fputs("{source=\"", om->fp);
	openmetrics_label(om->fp, source);
	fputs("\"} 1\n", om->fp);
}

/* A sample: gone tags are left out, so their series end. */
static void om_write_sample(const struct om *om, const struct output *o,
			    const struct model *m, const char *source,
			    size_t nrows)
{
	FILE *fp = om->fp;
	size_t shown;

	shown = om_tag_families(om, o, om_sample_families,
				sizeof(om_sample_families) /
				sizeof(om_sample_families[0]), nrows);
	om_family(om, "allocinfo_total_bytes", OM_GAUGE, "bytes",
		  "Bytes over every tag that passes the filters, before --lines.");
	fprintf(fp, "allocinfo_total_bytes %" PRId64 "\n", o->rows.bytes);
	om_family(om, "allocinfo_total_calls", OM_GAUGE, NULL,
		  "Live allocations over every tag that passes the filters, before --lines.");
	fprintf(fp, "allocinfo_total_calls %" PRIu64 "\n", o->rows.calls);
	om_family(om, "allocinfo_tags", OM_GAUGE, NULL,
		  "Tags in the sample that pass the kernel-side filter.");
	fprintf(fp, "allocinfo_tags %zu\n", m->nlive);
	om_family(om, "allocinfo_exported_tags", OM_GAUGE, NULL,
		  "Tags exported here, after --match and --lines.");
	fprintf(fp, "allocinfo_exported_tags %zu\n", shown);
	om_family(om, "allocinfo_sample_time_seconds", OM_GAUGE, "seconds",
		  "When the sample was taken, in seconds since the epoch.");
	fprintf(fp, "allocinfo_sample_time_seconds %.3f\n", m->time);
	om_source(om, source);
	om_family(om, "allocinfo_content_changes", OM_COUNTER, NULL,
		  "Changes of the kernel's content id (module loads and unloads) seen since the start.");
	om_sample_name(om, "allocinfo_content_changes", OM_COUNTER);
	fprintf(fp, " %lu\n", m->content_changes);
}

/* A comparison of two snapshots: vanished tags are part of it. */
static void om_write_diff(const struct om *om, const struct output *o,
			  const struct model *m, const char *source,
			  size_t nrows)
{
	static const char *const changes[] = {
		"change=\"appeared\"", "change=\"vanished\""
	};
	FILE *fp = om->fp;
	size_t i, count[2] = { 0, 0 };
	__int128 dbytes = 0, dcalls = 0;

	om_tag_families(om, o, om_diff_families,
			sizeof(om_diff_families) / sizeof(om_diff_families[0]),
			nrows);
	om_family(om, "allocinfo_diff_changed", OM_GAUGE, NULL,
		  "1 for a tag that appeared (only in the new snapshot) or vanished (only in the old).");
	for (i = 0; i < nrows; i++) {
		const struct tag *t = o->rows.v[i];

		if (t->state == TAG_LIVE)
			continue;
		om_tag(om, "allocinfo_diff_changed", t,
		       changes[t->state == TAG_GONE]);
		fputs(" 1\n", fp);
	}
	for (i = 0; i < o->rows.n; i++) {
		const struct tag *t = o->rows.v[i];

		dbytes += t->dbytes;
		dcalls += t->dcalls;
		if (t->state != TAG_LIVE)
			count[t->state == TAG_GONE]++;
	}
	om_family(om, "allocinfo_diff_total_bytes", OM_GAUGE, "bytes",
		  "Bytes in the new snapshot minus in the old, over every tag that passes the filters.");
	fprintf(fp, "allocinfo_diff_total_bytes %" PRId64 "\n",
		sat_s64_from_wide(dbytes));
	om_family(om, "allocinfo_diff_total_calls", OM_GAUGE, NULL,
		  "Live allocations in the new snapshot minus in the old, over every tag that passes the filters.");
	fprintf(fp, "allocinfo_diff_total_calls %" PRId64 "\n",
		sat_s64_from_wide(dcalls));
	om_family(om, "allocinfo_diff_tags", OM_GAUGE, NULL,
		  "Tags that appeared or vanished between the snapshots.");
	for (i = 0; i < 2; i++)
		fprintf(fp, "allocinfo_diff_tags{%s} %zu\n", changes[i],
			count[i]);
	om_family(om, "allocinfo_diff_interval_seconds", OM_GAUGE, "seconds",
		  "Time from the old snapshot to the new.");
	fprintf(fp, "allocinfo_diff_interval_seconds %.3f\n",
		m->time - m->prev_time);
	om_source(om, source);
}

void openmetrics_write(const struct output *o, const struct model *m,
		       const char *source, size_t nrows)
{
	struct om om = {
		.fp = o->fp,
		.strict = o->format == OUTPUT_OPENMETRICS,
	};

	if (o->diff)
		om_write_diff(&om, o, m, source, nrows);
	else
		om_write_sample(&om, o, m, source, nrows);
	if (om.strict)
		fputs("# EOF\n", o->fp);
}
