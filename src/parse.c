// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "xalloc.h"

static bool parse_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Word-at-a-time scanning: eight bytes per step where the line has them,
 * on little-endian machines (the lowest byte flagged by the zero-byte
 * test is always a true match).
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PARSE_SWAR 1
#define PARSE_ONES 0x0101010101010101ULL
#define PARSE_HIGHS 0x8080808080808080ULL

static uint64_t parse_load(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}
#endif

static const char *parse_skip_space(const char *p, const char *end)
{
#ifdef PARSE_SWAR
	for (; end - p >= 8; p += 8) {
		uint64_t x = parse_load(p) ^ (PARSE_ONES * ' ');

		if (x) {
			p += __builtin_ctzll(x) >> 3;
			break;
		}
	}
#endif
	while (p < end && parse_space(*p))
		p++;
	return p;
}

/*
 * One test per word for the bytes up to ' ' (the lowest flagged is always
 * one, those above may not be): each flagged byte is then checked, so a
 * control byte in a name costs a look, never a wrong end.
 */
static const char *parse_token_end(const char *p, const char *end)
{
#ifdef PARSE_SWAR
	for (; end - p >= 8; p += 8) {
		uint64_t v = parse_load(p);
		uint64_t m = (v - PARSE_ONES * 0x21) & ~v & PARSE_HIGHS;

		for (; m; m &= m - 1) {
			const char *q = p + (__builtin_ctzll(m) >> 3);

			if (parse_space(*q))
				return q;
		}
	}
#endif
	while (p < end && !parse_space(*p))
		p++;
	return p;
}

static bool parse_digit(const char *p, const char *end)
{
	return p < end && (unsigned char)(*p - '0') < 10;
}

/*
 * Unsigned decimal; false on overflow or no digits.  Nineteen digits
 * cannot overflow, so only longer numbers pay for the check.
 */
static bool parse_u64(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp, *fast = end - *pp > 19 ? *pp + 19 : end;
	uint64_t v = 0;

	if (!parse_digit(p, end))
		return false;
	for (; p < fast && (unsigned char)(*p - '0') < 10; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	for (; parse_digit(p, end); p++) {
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

/* The two counters; *name gets where the tag info starts. */
static int parse_numbers(const char *line, const char *end, int64_t *bytes,
			 uint64_t *calls, const char **name, const char **why)
{
	const char *p = parse_skip_space(line, end);

	if (!parse_s64(&p, end, bytes) || (p < end && !parse_space(*p))) {
		*why = "bad byte count";
		return -EINVAL;
	}
	p = parse_skip_space(p, end);
	if (!parse_u64(&p, end, calls) || (p < end && !parse_space(*p))) {
		*why = "bad call count";
		return -EINVAL;
	}
	*name = parse_skip_space(p, end);
	return 0;
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
 * Copy a name into the pool, decoding the \\xNN escapes the recorder
 * writes for bytes that would end a token or reach a terminal raw.
 */
static const char *parse_dup(struct strpool *pool, size_t *taken,
			     const char *str, size_t len)
{
	const char *n;
	char *q;
	size_t i;

	if (taken)
		*taken += len + 1;
	n = strpool_strndup(pool, str, len);
	if (!len || !memchr(str, '\\', len))
		return n;
	q = (char *)n;
	for (i = 0; i < len; i++) {
		if (str[i] == '\\' && i + 3 < len && str[i + 1] == 'x' &&
		    parse_hex(str[i + 2]) >= 0 && parse_hex(str[i + 3]) >= 0 &&
		    (str[i + 2] != '0' || str[i + 3] != '0')) {
			*q++ = (char)(parse_hex(str[i + 2]) * 16 +
				      parse_hex(str[i + 3]));
			i += 3;
			continue;
		}
		*q++ = str[i];
	}
	*q = '\0';
	return n;
}

/* The tag info: "<file>:<line> [<module>] func:<name> [key:value]...". */
static int parse_names(const char *p, const char *end, struct rec *r,
		       struct strpool *pool, size_t *taken, const char **why)
{
	const char *tok = p, *tend, *colon, *q;
	uint64_t lineno;

	tend = parse_token_end(p, end);
	colon = memrchr(tok, ':', (size_t)(tend - tok));
	/* An empty file name is the recorder's for a tag that had none. */
	if (!colon || ++colon == tend) {
		*why = "expected <file>:<line>";
		return -EINVAL;
	}
	q = colon;
	if (!parse_u64(&q, tend, &lineno) || q != tend) {
		*why = "bad line number";
		return -EINVAL;
	}
	r->line = lineno;
	p = parse_skip_space(tend, end);
	if (p < end && *p == '[') {
		const char *mod = p + 1;

		tend = parse_token_end(p, end);
		if (tend[-1] != ']' || tend - mod < 2) {
			*why = "bad [module]";
			return -EINVAL;
		}
		r->module = parse_dup(pool, taken, mod,
				      (size_t)(tend - 1 - mod));
		p = parse_skip_space(tend, end);
	}
	tend = parse_token_end(p, end);
	if (tend - p < 5 || memcmp(p, "func:", 5)) {
		*why = "expected func:<name>";
		return -EINVAL;
	}
	r->function = parse_dup(pool, taken, p + 5, (size_t)(tend - p - 5));
	r->file = parse_dup(pool, taken, tok, (size_t)(colon - 1 - tok));
	for (p = parse_skip_space(tend, end); p < end;
	     p = parse_skip_space(tend, end)) {
		tend = parse_token_end(p, end);
		colon = memchr(p, ':', (size_t)(tend - p));
		if (!colon || colon == p) {
			*why = "expected <key>:<value> after the function";
			return -EINVAL;
		}
		if (colon - p == 8 && !memcmp(p, "accurate", 8)) {
			size_t vlen = (size_t)(tend - colon - 1);

			if (vlen == 2 && !memcmp(colon + 1, "no", 2))
				r->accurate = false;
			else if (vlen == 3 && !memcmp(colon + 1, "yes", 3))
				r->accurate = true;
			else {
				*why = "accurate: takes yes or no";
				return -EINVAL;
			}
		}
	}
	return 0;
}

static void parse_rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->module = "";
	r->function = "";
	r->file = "";
	r->accurate = true;
}

int parse_record(struct sample *s, const char *line, size_t len,
		 const char **why)
{
	const char *end = line + len, *name;
	struct rec r;
	int err;

	parse_rec_init(&r);
	err = parse_numbers(line, end, &r.bytes, &r.calls, &name, why);
	if (!err)
		err = parse_names(name, end, &r, &s->pool, NULL, why);
	if (!err)
		*sample_add(s) = r;
	return err;
}

bool parse_is_record(const char *line, size_t len)
{
	const char *p = parse_skip_space(line, line + len), *end = line + len;

	if (p < end && *p == '-')
		p++;
	return p < end && *p >= '0' && *p <= '9';
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

/* One line of a text: a record is added to s when it passes f. */
static int parse_line(struct sample *s, const char *p, size_t n,
		      size_t lineno, const struct filter *f,
		      struct parse_error *err)
{
	const char *why;

	if (!parse_is_record(p, n))
		return 0;
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
	if (f && f->mask && !filter_match(f, &s->recs[s->nrecs - 1]))
		s->nrecs--;
	return 0;
}

int parse_text(struct sample *s, const char *buf, size_t len,
	       size_t first_line, const struct filter *f, size_t *used,
	       struct parse_error *err)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t lineno = first_line;

	/* The last line may lack its newline: never step past end. */
	for (; p < end; p = nl < end ? nl + 1 : end, lineno++) {
		size_t n;
		int e;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		if (*p == PARSE_SEPARATOR[0] && parse_is_separator(p, n))
			break;
		e = parse_line(s, p, n, lineno, f, err);
		if (e)
			return e;
	}
	if (used)
		*used = (size_t)(p - buf);
	return 0;
}

void parse_cache_fini(struct parse_cache *pc)
{
	sample_cache_fini(&pc->sc);
	free(pc->text);
	free(pc->win);
	pc->text = pc->win = NULL;
	pc->text_cap = pc->win_cap = 0;
}

void parse_cache_reset(struct parse_cache *pc)
{
	sample_cache_reset(&pc->sc);
}

/* Lines in the text, as many as it may have records. */
static size_t parse_count_lines(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		p++;
		n++;
	}
	return n + 1;
}

/*
 * Room for the records before reading them, so that slots are as many as
 * the sample has, not the next power of two: as many as the last read
 * had (for the first, a line count of the first chunk, scaled to the
 * whole when its size is known).  The sample borrows the records while
 * all of them pass the filter, and makes room for its own only then.
 */
static void parse_reserve(struct sample_cache *c, size_t lines)
{
	sample_cache_reserve(c, c->id ? c->nslots : lines);
}

/* The window a text is read through, a chunk at a time. */
struct parse_stream {
	parse_fill_fn fill;
	void *arg;
	struct parse_cache *pc;
	size_t at;		/* the unread bytes are win[at, have) */
	size_t have;
	size_t total;		/* bytes read, at most max */
	size_t max;
	bool eof;
};

#define PARSE_CHUNK ((size_t)64 << 10)

/* Read on until want bytes are unread or the text ends. */
static int parse_stream_more(struct parse_stream *st, size_t want)
{
	struct parse_cache *pc = st->pc;
	size_t chunk = pc->chunk ? pc->chunk : PARSE_CHUNK;

	while (st->have - st->at < want && !st->eof) {
		size_t left = st->have - st->at, got = 0, room;
		int err;

		/* The line begun moves down; a long one grows the window. */
		if (left)
			memmove(pc->win, pc->win + st->at, left);
		st->at = 0;
		st->have = left;
		room = want > left + chunk ? want - left : chunk;
		if (pc->win_cap - left < room) {
			pc->win_cap = left + room;
			pc->win = xrealloc(pc->win, pc->win_cap);
		}
		room = pc->win_cap - left < chunk ? pc->win_cap - left : chunk;
		err = st->fill(st->arg, pc->win + left, room, &got);
		if (err)
			return err;
		st->eof = got == 0;
		st->have += got;
		st->total += got;
		if (st->total > st->max)
			return -EFBIG;
	}
	return 0;
}

static inline int parse_stream_need(struct parse_stream *st, size_t want)
{
	if (st->have - st->at >= want || st->eof)
		return 0;
	return parse_stream_more(st, want);
}

/*
 * The next line: *line and *n (no newline), *has_nl; 1 at the end of the
 * text, or a negative errno.  The line stays until the next call.
 */
static int parse_stream_line(struct parse_stream *st, const char **line,
			     size_t *n, bool *has_nl)
{
	size_t scanned = 0;

	for (;;) {
		const char *p = st->pc->win + st->at, *q;
		size_t left = st->have - st->at;
		int err;

		q = left > scanned ? memchr(p + scanned, '\n', left - scanned) :
		    NULL;
		if (q || (st->eof && left)) {
			*line = p;
			*n = (size_t)((q ? q : p + left) - p);
			*has_nl = q != NULL;
			st->at += *n + (q != NULL);
			return 0;
		}
		if (st->eof)
			return 1;
		scanned = left;
		err = parse_stream_need(st, left + 1);
		if (err)
			return err;
	}
}

int parse_stream(struct parse_cache *pc, struct sample *s,
		 parse_fill_fn fill, void *arg, size_t max, size_t first_line,
		 const struct filter *f, struct parse_error *err)
{
	struct parse_stream st = { fill, arg, pc, 0, 0, 0, max, false };
	size_t lineno = first_line;
	int e;

	if (!pc->win) {
		pc->win_cap = pc->chunk ? pc->chunk : PARSE_CHUNK;
		pc->win = xmalloc(pc->win_cap);
	}
	for (;; lineno++) {
		const char *p;
		size_t n;
		bool nl;

		e = parse_stream_line(&st, &p, &n, &nl);
		if (e > 0)
			return 0;
		if (e < 0)
			break;
		if (*p == PARSE_SEPARATOR[0] && parse_is_separator(p, n))
			return 0;
		e = parse_line(s, p, n, lineno, f, err);
		if (e)
			return e;
	}
	err->line = 0;
	snprintf(err->msg, sizeof(err->msg), "%s", strerror(-e));
	return e;
}

/*
 * The text being read is kept, line by line, over the last one's: text
 * holds what is written of it in [0, w) and what is left of the last
 * read's (old offsets po to len) at od + po, moved up out of the way when
 * a line written would reach it.
 */
struct parse_keep {
	size_t w;
	size_t od;
	size_t po;
	size_t len;		/* of the last read's text */
	bool old;		/* its text is still read */
};

static void parse_keep_make_room(struct parse_cache *pc,
				 struct parse_keep *k, size_t n)
{
	size_t need = k->w + n;

	if (k->old && k->po < k->len) {
		size_t rest = k->len - k->po;

		if (need > k->od + k->po) {
			size_t d = need - (k->od + k->po) + rest / 16 + 256;

			if (pc->text_cap < k->od + k->len + d) {
				pc->text_cap = k->od + k->len + d;
				pc->text = xrealloc(pc->text, pc->text_cap);
			}
			memmove(pc->text + k->od + k->po + d,
				pc->text + k->od + k->po, rest);
			k->od += d;
		}
	} else if (pc->text_cap < need) {
		pc->text_cap = need + need / 4 + PARSE_CHUNK;
		pc->text = xrealloc(pc->text, pc->text_cap);
	}
}

/* Keep a line of n bytes: in place when it reaches no old line. */
static inline void parse_keep_copy(struct parse_cache *pc,
				   struct parse_keep *k, const char *p,
				   size_t n)
{
	size_t need = k->w + n;

	if (k->old && k->po < k->len ? need > k->od + k->po :
	    pc->text_cap < need)
		parse_keep_make_room(pc, k, n);
	memcpy(pc->text + k->w, p, n);
	k->w = need;
}

/* Keep the line; one that did not change nor move is there already. */
static inline void parse_keep_line(struct parse_cache *pc,
				   struct parse_keep *k, const char *p,
				   size_t n, bool unchanged)
{
	if (unchanged)
		k->w += n;
	else
		parse_keep_copy(pc, k, p, n);
}

int parse_stream_cached(struct parse_cache *pc, struct sample *s,
			parse_fill_fn fill, void *arg, size_t max,
			size_t first_line, const struct filter *f,
			struct parse_error *err)
{
	struct sample_cache *c = &pc->sc;
	struct parse_stream st = { fill, arg, pc, 0, 0, 0, max, false };
	struct parse_keep keep = { 0 };
	size_t lineno = first_line, k = 0, pk = 0, nslots = c->nslots;
	size_t total = 0;
	const char *why;
	struct filter none;
	bool aligned, lend = s->nrecs == 0;
	int e;

	if (!f) {
		memset(&none, 0, sizeof(none));
		f = &none;
	}
	/* Offsets are kept in 32 bits: a longer text is read afresh. */
	aligned = sample_cache_begin(c, s) && c->prev &&
		  c->prev_len <= UINT32_MAX && filter_equal(&pc->filter, f);
	pc->filter = *f;
	/* The window is there from the start: NULL + 0 is undefined. */
	if (!pc->win) {
		pc->win_cap = pc->chunk ? pc->chunk : PARSE_CHUNK;
		pc->win = xmalloc(pc->win_cap);
	}
	keep.len = aligned ? c->prev_len : 0;
	keep.old = aligned;
	c->prev = NULL;
	if (!c->id) {
		size_t lines;

		e = parse_stream_need(&st, PARSE_CHUNK);
		if (e)
			goto fail_io;
		/* The first chunk's lines, scaled when max is the size. */
		lines = parse_count_lines(pc->win, st.have);
		if (!st.eof)
			lines = st.have && max / st.have < 64 ?
				lines * (max / st.have + 1) : 0;
		parse_reserve(c, lines);
	} else {
		parse_reserve(c, 0);
	}
	for (;; lineno++) {
		const char *p, *pl = NULL, *name;
		struct sample_slot *slot;
		struct rec *r;
		uint32_t prev_index = 0;
		bool same = false, prec = false, pass, nl, nlp = false;
		bool moved = true;
		size_t n, pn = 0, pat = 0;

		/*
		 * Walk the previous text beside this one, line for line: the
		 * line there is the previous read's record k when it starts
		 * where that record's did.
		 */
		if (aligned && keep.po < keep.len) {
			pat = keep.od + keep.po;
			pl = pc->text + pat;
			if (pk < nslots && pk == k &&
			    keep.po == c->slots[pk].off) {
				size_t room;

				prec = true;
				pn = c->slots[pk].len;
				nlp = keep.po + pn < keep.len;
				e = parse_stream_need(&st, pn + 1);
				if (e)
					goto fail_io;
				room = st.have - st.at;
				p = pc->win + st.at;
				same = room >= pn + nlp &&
				       !memcmp(p, pl, pn + nlp) &&
				       (nlp || room == pn || p[pn] == '\n');
			} else {
				size_t left = keep.len - keep.po;
				const char *q = memchr(pl, '\n', left);

				pn = q ? (size_t)(q - pl) : left;
				nlp = q != NULL;
				prec = parse_is_record(pl, pn);
			}
			keep.po += pn + nlp;
		} else {
			aligned = false;
			keep.old = false;
		}
		if (same) {
			p = pc->win + st.at;
			n = pn;
			nl = nlp || (st.have - st.at > pn && p[pn] == '\n');
			st.at += n + nl;
		} else {
			e = parse_stream_line(&st, &p, &n, &nl);
			if (e < 0)
				goto fail_io;
			if (e)
				break;
			if (*p == PARSE_SEPARATOR[0] &&
			    parse_is_separator(p, n))
				break;
			if (!parse_is_record(p, n)) {
				pk += prec;
				if (pk != k) {
					aligned = false;
					keep.old = false;
				}
				parse_keep_line(pc, &keep, p, n + nl, false);
				continue;
			}
		}
		if (s->total + total >= PARSE_TAGS_MAX) {
			sample_cache_end(c, s, 0, false);
			err->line = lineno;
			snprintf(err->msg, sizeof(err->msg),
				 "more than %d tags in one sample", PARSE_TAGS_MAX);
			return -E2BIG;
		}
		slot = sample_cache_slot(c, k);
		r = &c->recs[k];
		if (same) {
			/* The line did not move: nothing to read again. */
			prev_index = slot->index;
			pass = slot->index != 0;
			moved = keep.w != pat || nl != nlp;
		} else {
			bool use = aligned && prec && pk == k;
			int64_t bytes;
			uint64_t calls;
			size_t off;

			if (parse_numbers(p, p + n, &bytes, &calls, &name,
					  &why))
				goto fail;
			off = (size_t)(name - p);
			if (use && pn - slot->name_off == n - off &&
			    !memcmp(pl + slot->name_off, name, n - off)) {
				/* The same tag info: only the counters moved. */
				prev_index = slot->index;
			} else {
				parse_rec_init(r);
				if (parse_names(name, p + n, r, &c->pool,
						&c->pool_used, &why))
					goto fail;
				slot->name_pass = filter_match_name(f, r);
			}
			r->bytes = bytes;
			r->calls = calls;
			slot->name_off = (uint32_t)off;
			pass = slot->name_pass && filter_match_bytes(f, bytes);
		}
		slot->off = (uint32_t)keep.w;
		slot->len = (uint32_t)n;
		parse_keep_line(pc, &keep, p, n + nl, !moved);
		pk += prec;
		k++;
		if (pk != k) {
			aligned = false;
			keep.old = false;
		}
		total++;
		slot->index = 0;
		r->same = prev_index;
		if (!pass) {
			/*
			 * The records so far, all passed, become the sample's
			 * own: the cache's array may move as it grows.
			 */
			if (lend) {
				sample_cache_lend(c, s, k - 1);
				sample_reserve(s, k - 1);
			}
			lend = false;
			continue;
		}
		if (!lend)
			sample_push(s, r);
		if ((lend ? k : s->nrecs) <= SAMPLE_SLOT_INDEX_MAX)
			slot->index = (uint32_t)(lend ? k : s->nrecs);
	}
	if (lend)
		sample_cache_lend(c, s, k);
	s->total += total;
	sample_cache_end(c, s, k, true);
	c->prev = pc->text;
	c->prev_len = keep.w;
	pc->used = keep.w;
	return 0;
fail:
	sample_cache_end(c, s, 0, false);
	err->line = lineno;
	snprintf(err->msg, sizeof(err->msg), "%s", why);
	return -EINVAL;
fail_io:
	sample_cache_end(c, s, 0, false);
	err->line = 0;
	snprintf(err->msg, sizeof(err->msg), "%s", strerror(-e));
	return e;
}

/* A text in memory, handed out a chunk at a time. */
struct parse_mem {
	const char *p;
	size_t left;
};

static int parse_mem_fill(void *arg, char *dst, size_t room, size_t *got)
{
	struct parse_mem *m = arg;

	*got = room < m->left ? room : m->left;
	if (*got)
		memcpy(dst, m->p, *got);
	m->p += *got;
	m->left -= *got;
	return 0;
}

int parse_text_cached(struct parse_cache *pc, struct sample *s,
		      const char *buf, size_t len, size_t first_line,
		      const struct filter *f, size_t *used,
		      struct parse_error *err)
{
	struct parse_mem m = { buf, len };
	int e = parse_stream_cached(pc, s, parse_mem_fill, &m, len,
				    first_line, f, err);

	if (!e && used)
		*used = pc->used;
	return e;
}
