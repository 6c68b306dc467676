/* parse.c - the shell-like lexer: words, quotes, escapes, names, "=>". */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "parse.h"

struct lexer {
	const unsigned char *p;
	const unsigned char *start;
	const unsigned char *end;
	struct sbuf *err;
};

static int lex_error(struct lexer *lx, const unsigned char *at,
		     const char *msg)
{
	sbuf_addf(lx->err, _("%s (column %zu)"), msg,
		  (size_t)(at - lx->start) + 1);
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One escape after a backslash inside double quotes. */
static int lex_escape(struct lexer *lx, struct sbuf *w)
{
	const unsigned char *at = lx->p - 1;
	int c, hi, lo;

	if (lx->p >= lx->end)
		return lex_error(lx, at, _("backslash at end of line"));
	c = *lx->p++;
	switch (c) {
	case 'n': sbuf_addc(w, '\n'); return 0;
	case 'r': sbuf_addc(w, '\r'); return 0;
	case 't': sbuf_addc(w, '\t'); return 0;
	case '0': sbuf_addc(w, '\0'); return 0;
	case 'a': sbuf_addc(w, '\a'); return 0;
	case 'b': sbuf_addc(w, '\b'); return 0;
	case 'f': sbuf_addc(w, '\f'); return 0;
	case 'v': sbuf_addc(w, '\v'); return 0;
	case 'e': sbuf_addc(w, '\033'); return 0;
	case '\\': case '"': case '\'':
		sbuf_addc(w, (char)c);
		return 0;
	case 'x':
		hi = lx->p < lx->end ? hexval(lx->p[0]) : -1;
		lo = lx->p + 1 < lx->end ? hexval(lx->p[1]) : -1;
		if (hi < 0 || lo < 0)
			return lex_error(lx, at,
					 _("\\x needs two hex digits, as in \\x0a"));
		sbuf_addc(w, (char)(hi * 16 + lo));
		lx->p += 2;
		return 0;
	default:
		return lex_error(lx, at,
				 _("unknown escape: use \\n \\r \\t \\0 \\\\ \\\" or \\xHH"));
	}
}

/* Copy one UTF-8 character into w, or refuse a byte that is not one. */
static int lex_utf8(struct lexer *lx, struct sbuf *w)
{
	size_t n = utf8_len(lx->p, lx->end);

	if (n == 0)
		return lex_error(lx, lx->p,
				 _("invalid UTF-8 byte: write it as \\xHH inside double quotes"));
	sbuf_addn(w, lx->p, n);
	lx->p += n;
	return 0;
}

static int lex_quoted(struct lexer *lx, struct sbuf *w, unsigned char q)
{
	const unsigned char *open = lx->p - 1;

	while (lx->p < lx->end && *lx->p != q) {
		if (q == '"' && *lx->p == '\\') {
			lx->p++;
			if (lex_escape(lx, w) < 0)
				return -1;
			continue;
		}
		if (lex_utf8(lx, w) < 0)
			return -1;
	}
	if (lx->p >= lx->end)
		return lex_error(lx, open, q == '"' ?
				 _("unterminated \" quote") :
				 _("unterminated ' quote"));
	lx->p++;
	return 0;
}

/* Next word into w; returns 1 for a word, 0 at end of line, -1 on error. */
static int lex_word(struct lexer *lx, struct sbuf *w, int *quoted)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
				   *lx->p == '\r' || *lx->p == '\n'))
		lx->p++;
	if (lx->p >= lx->end || *lx->p == '#')
		return 0;
	sbuf_reset(w);
	*quoted = 0;
	while (lx->p < lx->end && *lx->p != ' ' && *lx->p != '\t' &&
	       *lx->p != '\r' && *lx->p != '\n') {
		unsigned char c = *lx->p;

		if (c == '"' || c == '\'') {
			lx->p++;
			*quoted = 1;
			if (lex_quoted(lx, w, c) < 0)
				return -1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return lex_error(lx, lx->p,
					 _("control character in line: write it as \\xHH inside double quotes"));
		if (c < 0x80) {	/* a run of plain ASCII at once */
			const unsigned char *q = lx->p;

			while (q < lx->end && *q > 0x20 && *q < 0x7f &&
			       *q != '"' && *q != '\'')
				q++;
			sbuf_addn(w, lx->p, (size_t)(q - lx->p));
			lx->p = q;
			continue;
		}
		if (lex_utf8(lx, w) < 0)
			return -1;
	}
	return 1;
}

int parse_is_name(const char *s)
{
	size_t i;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	for (i = 1; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return i <= PARSE_NAME_MAX;
}

static void push_word(struct word **v, int *n, const struct sbuf *w,
		      int quoted)
{
	/* Room for 4, then doubled at each power of two. */
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0))
		*v = xrealloc(*v, sizeof(**v) * (size_t)(*n ? 2 * *n : 4));
	(*v)[*n].s = xmalloc(w->len + 1);
	memcpy((*v)[*n].s, sbuf_str(w), w->len);
	(*v)[*n].s[w->len] = '\0';
	(*v)[*n].len = w->len;
	(*v)[*n].quoted = quoted;
	(*n)++;
}

static int is_op(const struct word *w, const char *op)
{
	return !w->quoted && strcmp(w->s, op) == 0;
}

/* Move "a b =" off the front of the words into l->names. */
static int take_names(struct line *l, struct sbuf *err)
{
	int eq = -1, i;

	for (i = 0; i < l->nwords && i <= PARSE_MAX_NAMES; i++)
		if (is_op(&l->words[i], "=")) {
			eq = i;
			break;
		}
	if (eq < 0)
		return 0;
	if (eq == 0 || eq == l->nwords - 1) {
		sbuf_add(err, eq == 0 ? _("a name must come before '='")
				      : _("a command must follow '='"));
		return -1;
	}
	/* Check every name before moving any: a word must be owned either
	 * by words[] or by names[], never both (line_free frees each). */
	for (i = 0; i < eq; i++)
		if (l->words[i].quoted || !parse_is_name(l->words[i].s)) {
			sbuf_addf(err,
				  _("bad name '%s': use letters, digits and _, starting with a letter (at most %d)"),
				  l->words[i].s, PARSE_NAME_MAX);
			return -1;
		}
	for (i = 0; i < eq; i++)
		l->names[l->nnames++] = l->words[i].s;
	free(l->words[eq].s);
	memmove(l->words, l->words + eq + 1,
		sizeof(*l->words) * (size_t)(l->nwords - eq - 1));
	l->nwords -= eq + 1;
	return 0;
}

/* Split "name=cmd" written without spaces into "name", "=", "cmd". */
static void split_first_assign(struct line *l)
{
	char *eq;
	struct word rest;

	if (l->nwords == 0 || l->words[0].quoted)
		return;
	eq = strchr(l->words[0].s, '=');
	if (eq == NULL || eq == l->words[0].s || eq[1] == '>' ||
	    eq[1] == '\0')
		return;
	*eq = '\0';
	if (!parse_is_name(l->words[0].s)) {
		*eq = '=';
		return;
	}
	rest.s = xstrdup(eq + 1);
	rest.len = strlen(rest.s);
	rest.quoted = 0;
	l->words[0].len = strlen(l->words[0].s);
	l->words = xrealloc(l->words, sizeof(*l->words) *
					      (size_t)(l->nwords + 2));
	memmove(l->words + 3, l->words + 1,
		sizeof(*l->words) * (size_t)(l->nwords - 1));
	l->words[1].s = xstrdup("=");
	l->words[1].len = 1;
	l->words[1].quoted = 0;
	l->words[2] = rest;
	l->nwords += 2;
}

int parse_line(const char *text, size_t len, struct line *out,
	       struct sbuf *err)
{
	struct lexer lx;
	struct sbuf w = SBUF_INIT;
	int quoted, r, in_expect = 0;

	memset(out, 0, sizeof(*out));
	if (len > PARSE_MAX_LINE) {
		sbuf_addf(err, _("line too long (%zu bytes; the limit is %d)"),
			  len, PARSE_MAX_LINE);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		sbuf_add(err, _("NUL byte in line: write it as \\0 inside double quotes"));
		return -1;
	}
	lx.p = lx.start = (const unsigned char *)text;
	lx.end = lx.p + len;
	lx.err = err;
	while ((r = lex_word(&lx, &w, &quoted)) > 0) {
		if (!quoted && strcmp(sbuf_str(&w), "=>") == 0 && !in_expect) {
			in_expect = 1;
			out->has_expect = 1;
			continue;
		}
		if (in_expect)
			push_word(&out->expect, &out->nexpect, &w, quoted);
		else
			push_word(&out->words, &out->nwords, &w, quoted);
	}
	sbuf_free(&w);
	if (r < 0)
		return -1;
	if (out->has_expect && out->nexpect == 0) {
		sbuf_add(err, _("'=>' needs a result after it, e.g. => 0, => -1 ECONNREFUSED or => *"));
		return -1;
	}
	if (out->has_expect && out->nwords == 0) {
		sbuf_add(err, _("'=>' must follow a command"));
		return -1;
	}
	split_first_assign(out);
	return take_names(out, err);
}

static void free_words(struct word *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

void line_free(struct line *l)
{
	int i;

	/* names point into words that take_names() moved out: free them. */
	for (i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free_words(l->words, l->nwords);
	free_words(l->expect, l->nexpect);
	memset(l, 0, sizeof(*l));
}

/* Escapes that a following character would extend in C: \x takes every
 * hex digit after it, \0 up to two more octal digits, and "??" starts a
 * trigraph. Closing and reopening the literal ("\x01""a") ends them, in
 * C as in the shell. */
static int needs_split(int prev, int next)
{
	return (prev == 'x' && isxdigit(next)) ||
	       (prev == '0' && next >= '0' && next <= '7') ||
	       (prev == '?' && next == '?');
}

void parse_quote_c(struct sbuf *out, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;
	int prev = 0;	/* 'x' or '0' after those escapes, '?' after '?' */

	for (i = 0; i < n; i++) {
		if (needs_split(prev, p[i]))
			sbuf_add(out, "\"\"");
		prev = 0;
		switch (p[i]) {
		case '\n': sbuf_add(out, "\\n"); break;
		case '\r': sbuf_add(out, "\\r"); break;
		case '\t': sbuf_add(out, "\\t"); break;
		case '\\': sbuf_add(out, "\\\\"); break;
		case '"': sbuf_add(out, "\\\""); break;
		case '\0': sbuf_add(out, "\\0"); prev = '0'; break;
		default:
			if (p[i] >= 0x20 && p[i] < 0x7f) {
				sbuf_addc(out, (char)p[i]);
				prev = p[i] == '?' ? '?' : 0;
			} else {
				sbuf_addf(out, "\\x%02x", p[i]);
				prev = 'x';
			}
		}
	}
}
