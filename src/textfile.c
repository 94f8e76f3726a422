// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textfile.h"

int textfile_open(struct textfile *tf, const char *dir)
{
	struct stat st;
	int fd;

	tf->dirfd = -1;
	tf->seq = 0;
	/* O_NOFOLLOW refuses a symbolic link: with ENOTDIR, say which. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOTDIR && !lstat(dir, &st) &&
	    S_ISLNK(st.st_mode))
		return -ELOOP;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* Whoever owns the directory can swap the file under us. */
	if (st.st_uid != geteuid()) {
		close(fd);
		return -EPERM;
	}
	tf->dirfd = fd;
	return 0;
}

/* Create a temporary file that no one else named first. */
static int textfile_create(struct textfile *tf, char *name, size_t size)
{
	int tries, fd;

	for (tries = 0; tries < 100; tries++) {
		/* node_exporter reads *.prom only: this name is not one. */
		snprintf(name, size, "." TEXTFILE_NAME ".%ld.%lu.tmp",
			 (long)getpid(), tf->seq++);
		fd = openat(tf->dirfd, name,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			    O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

int textfile_write(struct textfile *tf, textfile_fill_fn fill, void *arg)
{
	char name[96];
	FILE *fp;
	int fd, err;

	fd = textfile_create(tf, name, sizeof(name));
	if (fd < 0)
		return fd;
	/* The umask must not hide the file from node_exporter's user. */
	if (fchmod(fd, 0644)) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	err = fill(fp, arg);
	if (!err && fflush(fp))
		err = -errno;
	if (!err && ferror(fp))
		err = -EIO;
	if (!err && fsync(fd))
		err = -errno;
	if (fclose(fp) && !err)
		err = -errno;
	if (err)
		goto out_unlink;
	if (renameat(tf->dirfd, name, tf->dirfd, TEXTFILE_NAME)) {
		err = -errno;
		goto out_unlink;
	}
	/* The rename is durable once the directory is on disk. */
	if (fsync(tf->dirfd))
		return -errno;
	return 0;
out_unlink:
	unlinkat(tf->dirfd, name, 0);
	return err;
}

void textfile_close(struct textfile *tf)
{
	if (tf->dirfd >= 0)
		close(tf->dirfd);
	tf->dirfd = -1;
}
