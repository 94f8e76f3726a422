// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own memory from /proc/meminfo, beside the allocinfo total:
 * it tells an on-call engineer whether the callsites' growth is a large
 * share of the machine.  The file is read like any other: it may be a
 * symlink to /dev/zero, a FIFO, huge or cut short.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meminfo.h"

/* /proc/meminfo is about 1.5 KiB; anything larger is not it. */
#define MEMINFO_MAX_READ 65536

static const char *const meminfo_names[MEMINFO_NFIELDS] = {
	[MEMINFO_TOTAL] = "MemTotal",
	[MEMINFO_SLAB] = "Slab",
	[MEMINFO_VMALLOC] = "VmallocUsed",
	[MEMINFO_PAGE_TABLES] = "PageTables",
	[MEMINFO_KERNEL_STACK] = "KernelStack",
	[MEMINFO_PERCPU] = "Percpu",
};

const char *meminfo_name(enum meminfo_field f)
{
	return meminfo_names[f];
}

int meminfo_field_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < MEMINFO_NFIELDS; i++)
		if (strlen(meminfo_names[i]) == len &&
		    !memcmp(meminfo_names[i], name, len))
			return i;
	return -1;
}

int meminfo_set_kb(struct meminfo *mi, enum meminfo_field f, uint64_t kb)
{
	if (kb > UINT64_MAX / 1024)
		return -EOVERFLOW;
	mi->bytes[f] = kb * 1024;
	mi->has |= 1u << f;
	return 0;
}

/* "   123 kB" after the colon: the count, in kB. */
static int meminfo_parse_value(const char *p, const char *end, uint64_t *kb)
{
	uint64_t v = 0;
	const char *digits;

	while (p < end && *p == ' ')
		p++;
	digits = p;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -EOVERFLOW;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == digits)
		return -EINVAL;
	if (end - p != 3 || memcmp(p, " kB", 3))
		return -EINVAL;
	*kb = v;
	return 0;
}

int meminfo_parse(struct meminfo *mi, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl, *colon;

	memset(mi, 0, sizeof(*mi));
	for (; p < end; p = nl + 1) {
		uint64_t kb;
		int f, err;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		colon = memchr(p, ':', (size_t)(nl - p));
		if (!colon)
			continue;
		f = meminfo_field_lookup(p, (size_t)(colon - p));
		if (f < 0)
			continue;
		err = meminfo_parse_value(colon + 1, nl, &kb);
		if (!err)
			err = meminfo_set_kb(mi, f, kb);
		if (err) {
			memset(mi, 0, sizeof(*mi));
			return err;
		}
	}
	return 0;
}

int meminfo_read(struct meminfo *mi, const char *path)
{
	char buf[MEMINFO_MAX_READ];
	size_t len = 0;
	struct stat st;
	int fd, err = 0;

	memset(mi, 0, sizeof(*mi));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out_close;
	}
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_close;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	/* A file cut at the limit ends in a partial line: leave it out. */
	if (len == sizeof(buf)) {
		while (len && buf[len - 1] != '\n')
			len--;
	}
	err = meminfo_parse(mi, buf, len);
out_close:
	close(fd);
	return err;
}
