/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SOURCE_H
#define SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "filter.h"
#include "sample.h"

#define SOURCE_DEFAULT_PATH "/proc/allocinfo"

/*
 * Which reader to use; auto tries the batch ioctl, then GET_AT/GET_NEXT,
 * then the text.
 */
enum source_kind {
	SOURCE_AUTO,
	SOURCE_IOCTL,
	SOURCE_TEXT,
	SOURCE_CAPTURE,
	SOURCE_BATCH,
};

struct source;

/*
 * What a reader can do, so that callers ask instead of comparing readers:
 * the sampler paces and steps by them, the screen words its header by them.
 */
enum source_cap {
	SOURCE_LIVE = 1 << 0,		/* reads the kernel as it is now */
	SOURCE_KERNEL_FILTER = 1 << 1,	/* the kernel applies the filter */
	SOURCE_SEEKABLE = 1 << 2,	/* numbered samples: a capture */
};

/* What every reader implements.  Functions return 0 or a negative errno. */
struct source_ops {
	const char *name;
	unsigned int caps;	/* enum source_cap */
	int (*open)(struct source *src);
	/* Read one sample of the tags that pass src->filter into s. */
	int (*read)(struct source *src, struct sample *s);
	/* Seekable sources only: how many samples, and go to sample i. */
	size_t (*count)(struct source *src);
	int (*seek)(struct source *src, size_t i);
	/* The recorded time of sample i; -ENODATA where none was recorded. */
	int (*time)(struct source *src, size_t i, double *t);
	/* Optional: is the index still growing; wait for all of it. */
	bool (*indexing)(struct source *src);
	int (*wait)(struct source *src);
	void (*close)(struct source *src);
};

/* The system calls the ioctl reader makes, replaceable by a test double. */
struct source_sys {
	int (*open)(const char *path, int flags);
	int (*ioctl)(int fd, unsigned long request, void *arg);
	int (*close)(int fd);
	void *ctx;		/* for the double's own use */
};

struct source {
	const struct source_ops *ops;
	char *path;
	struct filter filter;
	const struct source_sys *sys;
	unsigned int max_retries;	/* reads when the content id moves */
	unsigned long retries;		/* repeated reads, in all */
	void *priv;
	/* The meminfo that live samples read; NULL: /proc/meminfo. */
	const char *meminfo_path;
	/* Detail for the last error: "path:line: reason". */
	char error[512];
	/* SOURCE_AUTO found no ioctl (a stock kernel) and reads the text. */
	bool fell_back;
	/* Something the user should hear of that is not an error. */
	char notice[512];
	/* A read put a new notice there (one the index found late). */
	bool notice_new;
	/* Bytes of a capture to index before the open returns. */
	size_t index_now;
	/*
	 * Only one sample will be read (--once): a reader need not keep what
	 * would make the next read cheaper.
	 */
	bool once;
	/* What the source speaks, for the header ("v3 layout"), or "". */
	char detail[48];
};

extern const struct source_ops source_batch_ops;
extern const struct source_ops source_ioctl_ops;
extern const struct source_ops source_text_ops;
extern const struct source_ops source_capture_ops;

/*
 * Open a source of the given kind on path (a capture file for
 * SOURCE_CAPTURE).  SOURCE_AUTO opens the batch reader and falls back to the
 * GET_AT/GET_NEXT reader, then to the text reader, while the kernel lacks the
 * ioctl (ENOTTY), saying so in src->notice when it reads text.  sys may be
 * NULL.  On
 * error returns a negative errno with the detail in *src->error (src is
 * then closed but src->error stays readable).
 */
int source_open(struct source *src, enum source_kind kind, const char *path,
		const struct filter *filter, const struct source_sys *sys);
/*
 * The same, but a capture is indexed past its first now bytes (and its
 * first complete sample) in the background: source_count() then grows
 * while source_indexing(), reads and seeks wait for the samples they
 * need, an error the index meets later is that of the read past the last
 * good sample, and a notice it has later comes with a read (notice_new).
 */
int source_open_lazy(struct source *src, enum source_kind kind,
		     const char *path, const struct filter *filter,
		     size_t now);
/* Is the capture's index still growing? */
bool source_indexing(const struct source *src);
/*
 * Wait for the whole index: 0, with any notice in src->notice, or the
 * error the open would have had, in src->error.
 */
int source_index_wait(struct source *src);
/* What the screen indexes of a capture before its first frame. */
#define SOURCE_INDEX_NOW ((size_t)4 << 20)
/* Read the next sample; -ENODATA when a capture has no more. */
int source_read(struct source *src, struct sample *s);
void source_close(struct source *src);
const char *source_name(const struct source *src);
/* What the open source can do: enum source_cap bits, 0 when closed. */
unsigned int source_caps(const struct source *src);
/* Does this source read the kernel (not a capture)? */
bool source_is_live(const struct source *src);
/* Samples in a seekable source (indexed so far), else 0. */
size_t source_count(const struct source *src);
/* Make sample i the next one read; -EOPNOTSUPP unless seekable. */
int source_seek(struct source *src, size_t i);
/*
 * The recorded time of sample i of a seekable source, from its index
 * without reading the sample: 0, or -ENODATA when the sample has none (a
 * plain copy of the file), -ERANGE past the end, -EOPNOTSUPP when live.
 */
int source_time(const struct source *src, size_t i, double *t);
/* The wall-clock time, in seconds since the epoch, for a sample. */
double source_now(void);
/*
 * Fill src->error for a failed open of src->path (err, a negative errno),
 * saying that the file is root-only on EACCES, and, with kernel_hint, what
 * kernel it needs on ENOENT.
 */
void source_open_error(struct source *src, int err, bool kernel_hint);
/* Fill src->error: "fmt..." */
void source_set_error(struct source *src, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int source_kind_parse(const char *name, enum source_kind *kind);

/*
 * Read a whole file (or pipe) into *buf, growing it, and end it with a NUL
 * (not counted in *len); returns 0 or -errno.
 */
int source_slurp(int fd, char **buf, size_t *len, size_t *cap);
/* The same, -EFBIG past max bytes. */
int source_slurp_max(int fd, char **buf, size_t *len, size_t *cap,
		     size_t max);

/* The most text one sample may have: /proc/allocinfo is a few MiB. */
#define SOURCE_TEXT_MAX ((size_t)256 << 20)

/*
 * Open path for reading without blocking on a FIFO or a device, and refuse
 * anything but a regular file (procfs files are regular) or one larger than
 * max bytes: -EINVAL or -EFBIG, with the reason in src->error.  Returns the
 * descriptor or a negative errno; *st gets its status.
 */
int source_open_file(struct source *src, const char *path, size_t max,
		     struct stat *st);

#endif
