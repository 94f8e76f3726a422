// SPDX-License-Identifier: GPL-2.0
/*
 * Per-sample CPU of the ways to read /proc/allocinfo, many samples in one
 * process so that process start-up is left out (tests/bench/vm.sh runs it
 * in the test VM).
 *
 * usage: allocinfo_bench METHOD SAMPLES [FILE]
 *
 * At least SAMPLES samples are taken, and more until they used 2 s of CPU,
 * since the guest kernel accounts CPU time in whole ticks.
 *   text        read the whole text file, as cat does (128 KiB reads)
 *   grep        the same, then keep the lines holding FILE, as grep -F does
 *   getnext     GET_AT(0) and GET_NEXT to the end (v3), filtered on FILE
 *   batch       ALLOCINFO_IOC_BATCH, counters only, filtered on FILE; the
 *               names are fetched once before the timed samples
 *   batchnames  ALLOCINFO_IOC_BATCH with the names in every sample
 * Without FILE nothing is filtered.  Prints one line:
 *   METHOD FILE tags=N samples=N cpu_ms=X user_ms=X sys_ms=X
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <linux/alloc_tag.h>

#define PATH "/proc/allocinfo"

static char *buf;
static size_t cap = 1 << 20;
static struct allocinfo_record *recs;
static char *names;
#define NRECS (1 << 17)
#define NAMES_SIZE (32 << 20)

static void die(const char *what)
{
	fprintf(stderr, "allocinfo_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t text_read(void)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(PATH, O_RDONLY);

	if (fd < 0)
		die(PATH);
	for (;;) {
		if (cap - len < 131072) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("realloc");
		}
		n = read(fd, buf + len, 131072);
		if (n < 0)
			die("read");
		if (!n)
			break;
		len += n;
	}
	close(fd);
	return len;
}

static size_t text_lines(size_t len, const char *needle)
{
	const char *p = buf, *end = buf + len, *nl, *hit;
	size_t n = 0, nlen = needle ? strlen(needle) : 0;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (!needle) {
			n++;
		} else {
			hit = memmem(p, nl - p, needle, nlen);
			if (hit)
				n++;
		}
		p = nl + 1;
	}
	return n;
}

static size_t getnext(int fd, const char *file)
{
	struct allocinfo_get_at g;
	size_t n = 0;

	memset(&g, 0, sizeof(g));
	if (file) {
		g.filter.mask = ALLOCINFO_FILTER_MASK_FILENAME;
		snprintf(g.filter.fields.filename, ALLOCINFO_STR_SIZE, "%s",
			 file);
	}
	if (ioctl(fd, ALLOCINFO_IOC_GET_AT, &g))
		return errno == ENOENT ? 0 : (die("GET_AT"), 0);
	n++;
	while (!ioctl(fd, ALLOCINFO_IOC_GET_NEXT, &g.data))
		n++;
	if (errno != ENOENT)
		die("GET_NEXT");
	return n;
}

static size_t batch(int fd, const char *file, uint32_t flags)
{
	struct allocinfo_batch_cursor cur;
	struct allocinfo_batch b;
	size_t n = 0;

	memset(&cur, 0, sizeof(cur));
	for (;;) {
		memset(&b, 0, sizeof(b));
		b.size = sizeof(b);
		b.flags = flags;
		if (file) {
			b.filter.mask = ALLOCINFO_BATCH_FILTER_FILENAME;
			b.filter.filename = (uintptr_t)file;
		}
		b.records = (uintptr_t)recs;
		b.nr_records = NRECS;
		b.names = (uintptr_t)names;
		b.names_size = flags & ALLOCINFO_BATCH_NAMES ? NAMES_SIZE : 0;
		b.cursor = cur;
		if (ioctl(fd, ALLOCINFO_IOC_BATCH, &b))
			die("BATCH");
		if (b.out_flags & ALLOCINFO_BATCH_RESTARTED)
			n = 0;
		n += b.nr_records;
		cur = b.cursor;
		if (b.out_flags & ALLOCINFO_BATCH_END)
			return n;
	}
}

static double ms(const struct timeval *tv)
{
	return tv->tv_sec * 1e3 + tv->tv_usec / 1e3;
}

/* CPU used since *r0. */
static double cpu_ms(const struct rusage *r0)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return ms(&r.ru_utime) - ms(&r0->ru_utime) +
	       ms(&r.ru_stime) - ms(&r0->ru_stime);
}

int main(int argc, char **argv)
{
	const char *method, *file;
	struct rusage r0, r1;
	size_t tags = 0;
	long i, samples;
	double user, sys;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: allocinfo_bench METHOD SAMPLES [FILE]\n");
		return 2;
	}
	method = argv[1];
	samples = strtol(argv[2], NULL, 10);
	file = argc > 3 ? argv[3] : NULL;
	buf = malloc(cap);
	recs = malloc(NRECS * sizeof(*recs));
	names = malloc(NAMES_SIZE);
	fd = open(PATH, O_RDONLY);
	if (!buf || !recs || !names || fd < 0)
		die("setup");
	/* Names once, as a viewer does when the content id changes. */
	if (!strcmp(method, "batch"))
		batch(fd, file, ALLOCINFO_BATCH_NAMES);

	getrusage(RUSAGE_SELF, &r0);
	for (i = 0; i < samples || cpu_ms(&r0) < 2000; i++) {
		if (!strcmp(method, "text"))
			tags = text_lines(text_read(), NULL) - 2;
		else if (!strcmp(method, "grep"))
			tags = text_lines(text_read(), file);
		else if (!strcmp(method, "getnext"))
			tags = getnext(fd, file);
		else if (!strcmp(method, "batch"))
			tags = batch(fd, file, 0);
		else if (!strcmp(method, "batchnames"))
			tags = batch(fd, file, ALLOCINFO_BATCH_NAMES);
		else
			return fprintf(stderr, "unknown method %s\n", method), 2;
	}
	getrusage(RUSAGE_SELF, &r1);
	samples = i;
	user = (ms(&r1.ru_utime) - ms(&r0.ru_utime)) / samples;
	sys = (ms(&r1.ru_stime) - ms(&r0.ru_stime)) / samples;
	printf("%s %s tags=%zu samples=%ld cpu_ms=%.3f user_ms=%.3f sys_ms=%.3f\n",
	       method, file ? file : "-", tags, samples, user + sys, user, sys);
	return 0;
}
