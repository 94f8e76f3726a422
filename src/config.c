// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "source.h"

#define CONFIG_MAX (64 * 1024)

int config_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg == '/')
		n = snprintf(buf, size, "%s/allocinfo-top/config", xdg);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.config/allocinfo-top/config",
			     home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static char *config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int config_parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0.01 ||
	    v > 86400)
		return -EINVAL;
	*out = v;
	return 0;
}

static int config_line(struct config *c, char *line, const char **why)
{
	char *eq, *key, *val;

	line = config_trim(line);
	if (!*line || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		*why = "expected key = value";
		return -EINVAL;
	}
	*eq = '\0';
	key = config_trim(line);
	val = config_trim(eq + 1);
	if (!strcmp(key, "sort")) {
		if (sort_key_parse(val, &c->sort)) {
			*why = "sort: unknown field";
			return -EINVAL;
		}
		c->has_sort = true;
	} else if (!strcmp(key, "delay")) {
		if (config_parse_seconds(val, &c->delay)) {
			*why = "delay: expected seconds from 0.01 to 86400";
			return -EINVAL;
		}
		c->has_delay = true;
	} else if (!strcmp(key, "window")) {
		if (config_parse_seconds(val, &c->window)) {
			*why = "window: expected seconds from 0.01 to 86400";
			return -EINVAL;
		}
		c->has_window = true;
	} else if (!strcmp(key, "columns")) {
		if (strlen(val) >= sizeof(c->columns)) {
			*why = "columns: too long";
			return -EINVAL;
		}
		strcpy(c->columns, val);
	} else {
		*why = "unknown key (sort, delay, columns, window)";
		return -EINVAL;
	}
	return 0;
}

int config_parse(struct config *c, const char *text, char *err,
		 size_t errsize)
{
	const char *p = text;
	size_t lineno = 1;

	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *why = NULL;
		char line[512];

		if (n >= sizeof(line)) {
			snprintf(err, errsize, "line %zu: too long", lineno);
			return -EINVAL;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (config_line(c, line, &why)) {
			snprintf(err, errsize, "line %zu: %s", lineno, why);
			return -EINVAL;
		}
		p += n;
		if (*p)
			p++;
		lineno++;
	}
	return 0;
}

int config_load(struct config *c, const char *path, char *err,
		size_t errsize)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct source src;
	struct stat st;
	int fd, ret;

	/* The same checks as every input: no FIFO, no device, bounded. */
	memset(&src, 0, sizeof(src));
	src.path = (char *)path;
	fd = source_open_file(&src, path, CONFIG_MAX, &st);
	if (fd < 0) {
		if (fd != -ENOENT)
			snprintf(err, errsize, "%s", src.error);
		return fd;
	}
	ret = source_slurp_max(fd, &buf, &len, &cap, CONFIG_MAX);
	close(fd);
	if (ret == -EFBIG) {
		snprintf(err, errsize, "%s: larger than %d bytes", path,
			 CONFIG_MAX);
		goto out_free;
	}
	if (ret)
		goto out_free;
	if (len > CONFIG_MAX || memchr(buf, '\0', len)) {
		snprintf(err, errsize, "not a config file");
		ret = -EINVAL;
		goto out_free;
	}
	/* source_slurp ends the text with a NUL. */
	ret = config_parse(c, buf, err, errsize);
out_free:
	free(buf);
	return ret;
}

/* mkdir -p for the directory part of path. */
static int config_mkdirs(const char *path)
{
	char dir[4096];
	char *p;

	if (strlen(path) >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(dir, path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

int config_save(const struct config *c, const char *path)
{
	char tmp[4096 + 8];
	FILE *fp;
	int fd, err;

	err = config_mkdirs(path);
	if (err)
		return err;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/* Never through a symbolic link planted where the file will be. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return -errno;
	fp = fdopen(fd, "w");
	if (!fp) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	fputs("# allocinfo-top settings, written by W; see allocinfo-top(1).\n",
	      fp);
	if (c->has_sort)
		fprintf(fp, "sort = %s%s\n", c->sort.ascending ? "-" : "",
			field_name(c->sort.field));
	if (c->has_delay)
		fprintf(fp, "delay = %g\n", c->delay);
	if (c->columns[0])
		fprintf(fp, "columns = %s\n", c->columns);
	if (c->has_window)
		fprintf(fp, "window = %g\n", c->window);
	if (fclose(fp)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	if (rename(tmp, path)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	return 0;
}

void config_apply(const struct config *c, struct opts *o)
{
	if (c->has_sort)
		o->sort = c->sort;
	if (c->has_delay)
		o->delay = c->delay;
	if (c->has_window)
		o->window = c->window;
}
