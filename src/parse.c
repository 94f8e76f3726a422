// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static bool parse_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static const char *parse_skip_space(const char *p, const char *end)
{
	while (p < end && parse_space(*p))
		p++;
	return p;
}

static const char *parse_token_end(const char *p, const char *end)
{
	while (p < end && !parse_space(*p))
		p++;
	return p;
}

static int parse_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Copy a name into s, decoding the \xNN escapes the recorder writes for
 * bytes that would end a token or reach a terminal raw.
 */
static const char *parse_name(struct sample *s, const char *p, size_t len)
{
	char *buf, *q;
	const char *n;
	size_t i;

	if (!memchr(p, '\\', len))
		return sample_strndup(s, p, len);
	n = sample_strndup(s, p, len);
	buf = (char *)n;
	for (i = 0, q = buf; i < len; i++) {
		if (p[i] == '\\' && i + 3 < len && p[i + 1] == 'x' &&
		    parse_hex(p[i + 2]) >= 0 && parse_hex(p[i + 3]) >= 0 &&
		    (p[i + 2] != '0' || p[i + 3] != '0')) {
			*q++ = (char)(parse_hex(p[i + 2]) * 16 +
				      parse_hex(p[i + 3]));
			i += 3;
			continue;
		}
		*q++ = p[i];
	}
	*q = '\0';
	return buf;
}

bool parse_is_record(const char *line, size_t len)
{
	const char *p = parse_skip_space(line, line + len), *end = line + len;

	if (p < end && *p == '-')
		p++;
	return p < end && *p >= '0' && *p <= '9';
}

/* Unsigned decimal; false on overflow or no digits. */
static bool parse_u64(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;

	if (p == end || *p < '0' || *p > '9')
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*pp = p;
	*out = v;
	return true;
}

static bool parse_s64(const char **pp, const char *end, int64_t *out)
{
	bool neg = *pp < end && **pp == '-';
	uint64_t v;

	if (neg)
		(*pp)++;
	if (!parse_u64(pp, end, &v))
		return false;
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > INT64_MAX)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

int parse_record(struct sample *s, const char *line, size_t len,
		 const char **why)
{
	const char *p = line, *end = line + len, *tok, *tend, *colon;
	struct rec *r;
	int64_t bytes;
	uint64_t calls, lineno;

	p = parse_skip_space(p, end);
	if (!parse_s64(&p, end, &bytes) || (p < end && !parse_space(*p))) {
		*why = "bad byte count";
		return -EINVAL;
	}
	p = parse_skip_space(p, end);
	if (!parse_u64(&p, end, &calls) || (p < end && !parse_space(*p))) {
		*why = "bad call count";
		return -EINVAL;
	}
	p = parse_skip_space(p, end);
	tok = p;
	tend = parse_token_end(p, end);
	for (colon = tend; colon > tok && colon[-1] != ':'; colon--)
		;
	/* An empty file name is the recorder's for a tag that had none. */
	if (colon == tok || colon == tend) {
		*why = "expected <file>:<line>";
		return -EINVAL;
	}
	p = colon;
	if (!parse_u64(&p, tend, &lineno) || p != tend) {
		*why = "bad line number";
		return -EINVAL;
	}
	r = sample_add(s);
	r->bytes = bytes;
	r->calls = calls;
	r->line = lineno;
	r->file = parse_name(s, tok, (size_t)(colon - 1 - tok));
	p = parse_skip_space(tend, end);
	if (p < end && *p == '[') {
		tok = p + 1;
		tend = parse_token_end(p, end);
		if (tend[-1] != ']' || tend - tok < 2) {
			*why = "bad [module]";
			goto fail;
		}
		r->module = parse_name(s, tok, (size_t)(tend - 1 - tok));
		p = parse_skip_space(tend, end);
	}
	tend = parse_token_end(p, end);
	if (tend - p < 5 || memcmp(p, "func:", 5)) {
		*why = "expected func:<name>";
		goto fail;
	}
	r->function = parse_name(s, p + 5, (size_t)(tend - p - 5));
	for (p = parse_skip_space(tend, end); p < end;
	     p = parse_skip_space(tend, end)) {
		tend = parse_token_end(p, end);
		colon = memchr(p, ':', (size_t)(tend - p));
		if (!colon || colon == p) {
			*why = "expected <key>:<value> after the function";
			goto fail;
		}
		if (colon - p == 8 && !memcmp(p, "accurate", 8)) {
			size_t vlen = (size_t)(tend - colon - 1);

			if (vlen == 2 && !memcmp(colon + 1, "no", 2))
				r->accurate = false;
			else if (vlen == 3 && !memcmp(colon + 1, "yes", 3))
				r->accurate = true;
			else {
				*why = "accurate: takes yes or no";
				goto fail;
			}
		}
	}
	return 0;
fail:
	s->nrecs--;
	return -EINVAL;
}

bool parse_is_separator(const char *line, size_t len)
{
	size_t n = sizeof(PARSE_SEPARATOR) - 1;

	return len >= n && !memcmp(line, PARSE_SEPARATOR, n) &&
	       (len == n || parse_space(line[n]));
}

int parse_separator(const char *line, size_t len, struct parse_separator *sep,
		    const char **why)
{
	const char *p, *end = line + len, *tend, *eq;
	char num[64];
	char *nend;

	memset(sep, 0, sizeof(*sep));
	p = parse_skip_space(line + sizeof(PARSE_SEPARATOR) - 1, end);
	tend = parse_token_end(p, end);
	if (tend == p || (size_t)(tend - p) >= sizeof(num)) {
		*why = "separator without a time";
		return -EINVAL;
	}
	memcpy(num, p, (size_t)(tend - p));
	num[tend - p] = '\0';
	errno = 0;
	sep->time = strtod(num, &nend);
	if (errno || *nend || num[0] < '0' || num[0] > '9') {
		*why = "bad time in separator";
		return -EINVAL;
	}
	if (!(sep->time <= PARSE_TIME_MAX)) {
		*why = "time in separator out of range (0 to 253402300799, the year 9999)";
		return -ERANGE;
	}
	for (p = parse_skip_space(tend, end); p < end;
	     p = parse_skip_space(tend, end)) {
		uint64_t v;
		const char *q;
		int f;

		tend = parse_token_end(p, end);
		eq = memchr(p, '=', (size_t)(tend - p));
		if (!eq) {
			*why = "expected <key>=<value> in separator";
			return -EINVAL;
		}
		q = eq + 1;
		if (eq - p == 10 && !memcmp(p, "content_id", 10)) {
			if (!parse_u64(&q, tend, &v) || q != tend) {
				*why = "bad content_id in separator";
				return -EINVAL;
			}
			sep->has_content_id = true;
			sep->content_id = v;
		} else if (eq - p == 4 && !memcmp(p, "tags", 4)) {
			if (!parse_u64(&q, tend, &v) || q != tend) {
				*why = "bad tags count in separator";
				return -EINVAL;
			}
			sep->has_tags = true;
			sep->tags = (size_t)v;
		} else if (eq - p == 6 && !memcmp(p, "source", 6)) {
			char name[16];
			size_t n = (size_t)(tend - q);

			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			memcpy(name, q, n);
			name[n] = '\0';
			sep->origin = sample_origin_parse(name);
		} else if ((eq - p == 4 && !memcmp(p, "host", 4)) ||
			   (eq - p == 7 && !memcmp(p, "release", 7))) {
			char *dst = *p == 'h' ? sep->host : sep->release;
			size_t n = (size_t)(tend - q);

			if (n >= SAMPLE_NAME_MAX) {
				*why = *p == 'h' ?
				       "host longer than 64 bytes in separator" :
				       "release longer than 64 bytes in separator";
				return -EINVAL;
			}
			memcpy(dst, q, n);
			dst[n] = '\0';
		} else if ((f = meminfo_field_lookup(p, (size_t)(eq - p))) >= 0) {
			if (!parse_u64(&q, tend, &v) || q != tend ||
			    meminfo_set_kb(&sep->mem, f, v)) {
				*why = "bad meminfo count (kB) in separator";
				return -EINVAL;
			}
		}
	}
	return 0;
}

int parse_text(struct sample *s, const char *buf, size_t len,
	       size_t first_line, const struct filter *f, size_t *used,
	       struct parse_error *err)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t lineno = first_line;
	bool filtering = f && f->mask;

	/* The last line may lack its newline: never step past end. */
	for (; p < end; p = nl < end ? nl + 1 : end, lineno++) {
		const char *why;
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		if (*p == PARSE_SEPARATOR[0] && parse_is_separator(p, n))
			break;
		if (!parse_is_record(p, n))
			continue;
		if (s->total >= PARSE_TAGS_MAX) {
			err->line = lineno;
			snprintf(err->msg, sizeof(err->msg),
				 "more than %d tags in one sample", PARSE_TAGS_MAX);
			return -E2BIG;
		}
		if (parse_record(s, p, n, &why)) {
			err->line = lineno;
			snprintf(err->msg, sizeof(err->msg), "%s", why);
			return -EINVAL;
		}
		s->total++;
		if (filtering && !filter_match(f, &s->recs[s->nrecs - 1]))
			s->nrecs--;
	}
	if (used)
		*used = (size_t)(p - buf);
	return 0;
}
