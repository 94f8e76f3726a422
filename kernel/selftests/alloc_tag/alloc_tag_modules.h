/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading and unloading the test modules, shared by the allocinfo
 * selftests: MODULE_DIR/NAME.ko, MODULE_DIR from -m (default /modules).
 */
#ifndef ALLOC_TAG_MODULES_H
#define ALLOC_TAG_MODULES_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

static const char *moddir = "/modules";

static int mod_load(const char *name)
{
	char path[512];
	long ret;
	int mfd;

	snprintf(path, sizeof(path), "%s/%s.ko", moddir, name);
	mfd = open(path, O_RDONLY | O_CLOEXEC);
	if (mfd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, mfd, "", 0);
	close(mfd);
	if (ret && errno != EEXIST)
		return -errno;
	return 0;
}

static int mod_unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK) && errno != ENOENT)
		return -errno;
	return 0;
}

static bool mod_available(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.ko", moddir, name);
	return access(path, R_OK) == 0;
}

#endif /* ALLOC_TAG_MODULES_H */
