// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "sampler.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

enum {
	OPT_ONCE = 256,
	OPT_BYTES,
	OPT_MODULE,
	OPT_FUNCTION,
	OPT_FILE,
	OPT_LINE,
	OPT_INACCURATE,
	OPT_MIN_BYTES,
	OPT_MAX_BYTES,
	OPT_WINDOW,
	OPT_SPEED,
	OPT_TEXTFILE,
	OPT_DIFF,
};

static const struct option cmdline_options[] = {
	{ "delay", required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "batch", no_argument, NULL, 'b' },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "sort", required_argument, NULL, 'o' },
	{ "lines", required_argument, NULL, 'N' },
	{ "format", required_argument, NULL, 'f' },
	{ "bytes", no_argument, NULL, OPT_BYTES },
	{ "replay", required_argument, NULL, 'r' },
	{ "record", required_argument, NULL, 'w' },
	{ "allocinfo", required_argument, NULL, 'F' },
	{ "source", required_argument, NULL, 's' },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "function", required_argument, NULL, OPT_FUNCTION },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "line", required_argument, NULL, OPT_LINE },
	{ "inaccurate", required_argument, NULL, OPT_INACCURATE },
	{ "min-bytes", required_argument, NULL, OPT_MIN_BYTES },
	{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
	{ "match", required_argument, NULL, 'm' },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "textfile", required_argument, NULL, OPT_TEXTFILE },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "no-color", no_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void cmdline_usage(FILE *fp)
{
	fputs("Usage: allocinfo-top [options]\n"
	      "Show the kernel's allocations per callsite (/proc/allocinfo), live.\n"
	      "\n"
	      "  -d, --delay SECS       seconds between samples, fractions allowed (default 2)\n"
	      "  -n, --iterations N     stop after N samples\n"
	      "  -b, --batch            print samples to stdout instead of the interactive\n"
	      "                         screen (implied when stdout is not a terminal)\n"
	      "      --once             same as -b -n 1\n"
	      "  -o, --sort FIELD       bytes calls dbytes dcalls rate growth avg slope module\n"
	      "                         function file; prefix '-' for ascending, '+' (or\n"
	      "                         nothing) for descending; default bytes\n"
	      "  -N, --lines N          rows per sample in batch output (default: all)\n"
	      "  -f, --format FMT       text (default), json (one object per sample per\n"
	      "                         line), csv (one header row, then one row per tag per\n"
	      "                         sample), openmetrics (OpenMetrics 1.0 text, each\n"
	      "                         sample ending in # EOF), prometheus (the Prometheus\n"
	      "                         text format 0.0.4)\n"
	      "      --bytes            exact byte counts instead of K/M/G (text format)\n"
	      "  -r, --replay FILE      read samples from a capture instead of the kernel\n"
	      "  -w, --record FILE      append every sample taken to FILE\n"
	      "  -F, --allocinfo PATH   read PATH instead of /proc/allocinfo\n"
	      "  -s, --source SRC       auto (default), batch, ioctl, text\n"
	      "      --module NAME      \\\n"
	      "      --function NAME     |  the kernel-side filter, ALLOCINFO_FILTER_MASK_*:\n"
	      "      --file NAME         |  exact match; names longer than 63 bytes compare\n"
	      "      --line N            |  on their last 63 bytes\n"
	      "      --inaccurate yes|no |\n"
	      "      --min-bytes SIZE    |  SIZE: bytes, optional K/M/G/T suffix (IEC)\n"
	      "      --max-bytes SIZE   /\n"
	      "  -m, --match TEXT       userspace: keep tags whose \"file:line [module] func\"\n"
	      "                         contains TEXT\n"
	      "      --window SECS      history kept for trends and slope (default 300)\n"
	      "      --speed X          replay X times as fast as recorded, 1/64 to 64\n"
	      "                         (default 1; batch output replays at once but\n"
	      "                         into --textfile)\n"
	      "      --textfile DIR     write DIR/allocinfo.prom (Prometheus text format) at\n"
	      "                         every sample, atomically, for node_exporter's\n"
	      "                         textfile collector; nothing goes to stdout\n"
	      "      --diff OLD NEW     compare two snapshots or captures (the last sample\n"
	      "                         of each): per-tag deltas, tags that appeared\n"
	      "                         and vanished, in any -f format\n"
	      "  -C, --no-color         (and the NO_COLOR environment variable)\n"
	      "  -h, --help\n"
	      "  -V, --version\n",
	      fp);
}

void cmdline_defaults(struct opts *o)
{
	const char *nc = getenv("NO_COLOR");

	memset(o, 0, sizeof(*o));
	o->delay = 2;
	o->sort.field = FIELD_BYTES;
	o->format = OUTPUT_TEXT;
	o->path = SOURCE_DEFAULT_PATH;
	o->source = SOURCE_AUTO;
	o->color = !(nc && *nc);
	o->window = 300;
	o->speed = 1;
}

static int cmdline_count(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A replay speed: a number, or a fraction like 1/4. */
static int cmdline_speed(const char *s, double *out)
{
	double v, d = 1;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (!errno && end != s && *end == '/')
		d = strtod(end + 1, &end);
	if (errno || end == s || *end || !isfinite(v) || !isfinite(d) ||
	    d <= 0)
		return -EINVAL;
	v /= d;
	if (!(v >= 1 / SAMPLER_SPEED_MAX && v <= SAMPLER_SPEED_MAX))
		return -EINVAL;
	*out = v;
	return 0;
}

static const char *cmdline_opt_name(int c)
{
	const struct option *opt;

	for (opt = cmdline_options; opt->name; opt++)
		if (opt->val == c)
			return opt->name;
	return "?";
}

int cmdline_parse(struct opts *o, int argc, char **argv, FILE *out,
		  FILE *err)
{
	bool trim_said = false;
	int c;

	/* 0, not 1: also forget where a previous parse stopped in a cluster. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:bo:N:f:r:w:F:s:m:ChV",
				cmdline_options, NULL)) != -1) {
		const char *bad = NULL;
		bool trimmed = false;
		long n;

		switch (c) {
		case 'd':
			if (config_parse_seconds(optarg, &o->delay))
				bad = "a number of seconds from 0.01 to 86400";
			break;
		case 'n':
			if (cmdline_count(optarg, &o->iterations))
				bad = "a whole number of samples, 1 or more";
			break;
		case 'b':
			o->batch = true;
			break;
		case OPT_ONCE:
			o->batch = true;
			o->iterations = 1;
			break;
		case 'o':
			if (sort_key_parse(optarg, &o->sort))
				bad = "one of bytes calls dbytes dcalls rate growth avg slope module function file, with an optional - or + before it";
			break;
		case 'N':
			if (cmdline_count(optarg, &n))
				bad = "a whole number of rows, 1 or more";
			else
				o->lines = (size_t)n;
			break;
		case 'f':
			if (output_format_parse(optarg, &o->format))
				bad = "text, json, csv, openmetrics or prometheus";
			break;
		case OPT_BYTES:
			o->exact_bytes = true;
			break;
		case 'r':
			o->replay = optarg;
			break;
		case 'w':
			o->record = optarg;
			break;
		case 'F':
			o->path = optarg;
			break;
		case 's':
			if (source_kind_parse(optarg, &o->source))
				bad = "auto, batch, ioctl or text";
			break;
		case OPT_MODULE:
		case OPT_FUNCTION:
		case OPT_FILE:
		case OPT_LINE:
		case OPT_INACCURATE:
		case OPT_MIN_BYTES:
		case OPT_MAX_BYTES: {
			enum filter_field f = (enum filter_field)(c - OPT_MODULE);
			int e = filter_set(&o->filter, f, optarg, &trimmed);

			if (e == -ERANGE)
				bad = "a size below 8E";
			else if (e && f == FILTER_LINE)
				bad = "a line number";
			else if (e && f == FILTER_INACCURATE)
				bad = "yes or no";
			else if (e && f >= FILTER_MIN_BYTES)
				bad = "a size in bytes, with an optional K, M, G or T suffix";
			else if (e)
				bad = "a name without spaces";
			if (trimmed && !trim_said) {
				fprintf(err,
					"allocinfo-top: --%s: longer than 63 bytes; the kernel compares the last 63 bytes: '%s'\n",
					cmdline_opt_name(c),
					filter_name_suffix(optarg));
				trim_said = true;
			}
			break;
		}
		case 'm':
			o->match = optarg;
			break;
		case OPT_WINDOW:
			if (config_parse_seconds(optarg, &o->window))
				bad = "a number of seconds from 0.01 to 86400";
			break;
		case OPT_SPEED:
			if (cmdline_speed(optarg, &o->speed))
				bad = "a speed from 0.015625 (1/64) to 64";
			break;
		case OPT_TEXTFILE:
			o->textfile = optarg;
			o->batch = true;
			break;
		case OPT_DIFF:
			o->diff_old = optarg;
			o->batch = true;
			break;
		case 'C':
			o->color = false;
			break;
		case 'h':
			cmdline_usage(out);
			return 0;
		case 'V':
			fprintf(out, "allocinfo-top %s\n", VERSION);
			return 0;
		case ':':
			/* optopt: the option, short or long, by its value. */
			fprintf(err, "allocinfo-top: --%s needs a value\n",
				cmdline_opt_name(optopt));
			return EXIT_USAGE;
		default:
			fprintf(err,
				"allocinfo-top: unknown option '%s' (see --help)\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (bad) {
			fprintf(err, "allocinfo-top: --%s '%s': expected %s\n",
				cmdline_opt_name(c), optarg, bad);
			return EXIT_USAGE;
		}
	}
	/* --diff OLD NEW: NEW is the one argument that is not an option. */
	if (o->diff_old && optind < argc)
		o->diff_new = argv[optind++];
	if (o->diff_old && !o->diff_new) {
		fprintf(err, "allocinfo-top: --diff needs two files: OLD NEW\n");
		return EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(err, "allocinfo-top: unexpected argument '%s' (see --help)\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	if (o->diff_old && (o->replay || o->record || o->textfile)) {
		fprintf(err, "allocinfo-top: --diff reads its own two files: it takes no --replay, --record or --textfile\n");
		return EXIT_USAGE;
	}
	if (filter_check(&o->filter)) {
		fprintf(err, "allocinfo-top: --min-bytes is larger than --max-bytes\n");
		return EXIT_USAGE;
	}
	if (o->replay && o->record && !strcmp(o->replay, o->record)) {
		fprintf(err, "allocinfo-top: --record and --replay name the same file\n");
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * The screen's settings file sits between the defaults and the command
 * line: load it over the defaults, then parse the command line again over
 * that (it parsed once already, so it cannot fail now).  A file that cannot
 * be used is left out, and c->error says why for the screen to show.
 */
static int cmdline_config(struct opts *o, struct config *c, int argc,
			  char **argv)
{
	char why[200];
	int err;

	if (config_path(c->path, sizeof(c->path))) {
		c->path[0] = '\0';
		return -1;
	}
	err = config_load(c, c->path, why, sizeof(why));
	if (err == -ENOENT)
		return -1;
	if (err) {
		snprintf(c->error, sizeof(c->error), "%s: %s", c->path,
			 err == -EINVAL ? why : strerror(-err));
		c->columns[0] = '\0';
		return -1;
	}
	cmdline_defaults(o);
	config_apply(c, o);
	return cmdline_parse(o, argc, argv, stdout, stderr);
}

int cmdline_read(struct opts *o, struct config *c, int argc, char **argv)
{
	int ret;

	memset(c, 0, sizeof(*c));
	cmdline_defaults(o);
	ret = cmdline_parse(o, argc, argv, stdout, stderr);
	if (ret >= 0)
		return ret;
	if (!isatty(STDOUT_FILENO)) {
		o->color = false;
		o->batch = true;
	}
	if (o->batch)
		return -1;
	return cmdline_config(o, c, argc, argv);
}
