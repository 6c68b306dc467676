/* mdterm.c - Markdown (a lesson's narration) rendered for a terminal. */
#include "config.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mdterm.h"

#define DEPTH_MAX 16	/* nesting kept; deeper blocks share the last level */
#define CODE_INDENT "    "	/* code blocks stand out by indentation */
#define TAB_STOP 4	/* a tab in code: to the next multiple of this */
#define CELL_MIN 12	/* a table column shrinks to no less (i18n_wrap) */
#define RULE_MAX 40	/* a rule's columns when nothing limits it */

#define SGR_RESET "\033[0m"

/* The inline styles open, as bits. */
enum { SP_STRONG = 1, SP_EM = 2, SP_CODE = 4, SP_DEL = 8, SP_LINK = 16,
       SP_HEAD = 32 };

/* A container's prefix: a list item's marker on its first line and
 * spaces on the others, or a block quote's bar on every line. */
struct level {
	char lead[32], rest[32];
	size_t w;		/* their columns */
	int pending;		/* the lead is still to be written */
};

struct list {
	int ordered;
	unsigned next;		/* an ordered list's next number */
};

struct table {
	char **cell;		/* rendered inline text, row by row */
	size_t ncell, cap;
	size_t *row;		/* index of each row's first cell */
	size_t nrows;
	unsigned ncols;
	MD_ALIGN align[64];	/* per column, the first 64 */
};

struct md {
	const struct md_style *st;
	struct sbuf *out;
	struct level lv[DEPTH_MAX];
	size_t nlv, lv_over;	/* levels, and those past DEPTH_MAX */
	struct list lists[DEPTH_MAX];
	size_t nlists, lists_over;
	struct sbuf in;		/* the inline text of the current block */
	unsigned spans;		/* SP_* open */
	unsigned shown;		/* SP_* in effect at the end of 'in' */
	int softbr;		/* a soft line break waits */
	int last;		/* CH_*: the last character in 'in' */
	int need_blank;		/* a block ended: a blank line comes first */
	int started;		/* a line was written */
	unsigned hlevel;	/* the heading being read, 0: none */
	int in_code, code_c;	/* a code block, in C */
	struct sbuf code;
	struct table *t;	/* the table being read */
	struct sbuf href;	/* the link being read: its target */
	size_t link_at;		/* where its text starts in 'in' */
};

/* ---- lines and their prefixes ---- */

static size_t prefix_width(const struct md *m)
{
	size_t i, w = 0;

	for (i = 0; i < m->nlv; i++)
		w += m->lv[i].w;
	return w;
}

/* The columns left for text, 0: no limit. */
static size_t avail(const struct md *m)
{
	size_t w = prefix_width(m);

	if (m->st->width == 0)
		return 0;
	return m->st->width > w + 1 ? m->st->width - w : 1;
}

static void put_prefix(struct md *m, int blank)
{
	size_t i, start = m->out->len;

	for (i = 0; i < m->nlv; i++) {
		sbuf_add(m->out, m->lv[i].pending && !blank ? m->lv[i].lead :
							     m->lv[i].rest);
		if (!blank)
			m->lv[i].pending = 0;
	}
	if (blank)	/* no trailing spaces on a blank line */
		while (m->out->len > start && m->out->s[m->out->len - 1] == ' ')
			m->out->s[--m->out->len] = '\0';
}

/* Write one line of text (no '\n' in it) after the prefixes. */
static void put_line(struct md *m, const char *s, size_t n)
{
	put_prefix(m, 0);
	sbuf_addn(m->out, s, n);
	sbuf_addc(m->out, '\n');
	m->started = 1;
}

static void blank_if_needed(struct md *m)
{
	if (m->need_blank && m->started) {
		put_prefix(m, 1);
		sbuf_addc(m->out, '\n');
	}
	m->need_blank = 0;
}

/* Track the style open after n bytes of s (escape sequences "ESC [ ...
 * m"): the last one, or none after a reset. */
static void track_sgr(char sgr[32], const char *s, size_t n)
{
	const char *p = s, *e;

	while ((p = memchr(p, '\033', n - (size_t)(p - s))) != NULL) {
		e = memchr(p, 'm', n - (size_t)(p - s));
		if (e == NULL)
			break;
		sgr[0] = '\0';
		if (strncmp(p, SGR_RESET, strlen(SGR_RESET)) != 0 &&
		    (size_t)(e - p) < 31) {
			memcpy(sgr, p, (size_t)(e - p) + 1);
			sgr[e - p + 1] = '\0';
		}
		p = e;
	}
}

/* Split text at '\n' into lines that each stand alone: a style open at a
 * line's end is closed there and opened again on the next, so that no
 * prefix or padding takes it. Returns the count; free with free_lines. */
static size_t split_lines(const char *text, char ***lines)
{
	struct sbuf b = SBUF_INIT;
	char sgr[32] = "";
	const char *p = text, *nl;
	size_t n = 0, len;

	*lines = NULL;
	while (*p || n == 0) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		sbuf_reset(&b);
		sbuf_add(&b, sgr);
		sbuf_addn(&b, p, len);
		track_sgr(sgr, p, len);
		if (*sgr)
			sbuf_add(&b, SGR_RESET);
		*lines = xrealloc(*lines, sizeof(**lines) * (n + 1));
		(*lines)[n++] = xstrdup(sbuf_str(&b));
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	sbuf_free(&b);
	return n;
}

static void free_lines(char **lines, size_t n)
{
	while (n)
		free(lines[--n]);
	free(lines);
}

static void emit_lines(struct md *m, const char *text)
{
	char **lines;
	size_t i, n = split_lines(text, &lines);

	for (i = 0; i < n; i++)
		put_line(m, lines[i], strlen(lines[i]));
	free_lines(lines, n);
}

/* The text without its escape sequences, for its display width. */
static size_t plain_width(const char *s)
{
	struct sbuf b = SBUF_INIT;
	const char *e;
	size_t w;

	while (*s) {
		if (*s == '\033' && (e = strchr(s, 'm')) != NULL) {
			s = e + 1;
			continue;
		}
		sbuf_addc(&b, *s++);
	}
	w = i18n_width(sbuf_str(&b));
	sbuf_free(&b);
	return w;
}

/* ---- inline text ---- */

/* Append n bytes of s, a control character (an escape of the file's own,
 * which could take over the terminal) shown as '?'; a tab is a space
 * outside code. */
static void add_clean(struct sbuf *b, const char *s, size_t n, int code)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\t' && !code)
			c = ' ';
		else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			c = '?';
		sbuf_addc(b, (char)c);
	}
}

/* Write the escape sequences that change the style shown in 'in' to
 * spans. Styles are shown lazily, just before the text they apply to,
 * so that no style opens at the end of a line or on a space. */
static void show_spans(struct md *m, unsigned spans)
{
	static const struct {
		unsigned bit;
		const char *code;
	} sgr[] = {
		{ SP_STRONG | SP_HEAD, "1" }, { SP_EM, "3" }, { SP_LINK, "4" },
		{ SP_DEL, "9" }, { SP_CODE, "36" },
	};
	const char *sep = "";
	size_t i;

	if (!m->st->color || m->shown == spans)
		return;
	if (m->shown)
		sbuf_add(&m->in, SGR_RESET);
	m->shown = spans;
	if (spans == 0)
		return;
	sbuf_add(&m->in, "\033[");
	for (i = 0; i < ARRAY_SIZE(sgr); i++) {
		if (spans & sgr[i].bit) {
			sbuf_addf(&m->in, "%s%s", sep, sgr[i].code);
			sep = ";";
		}
	}
	sbuf_addc(&m->in, 'm');
}

enum { CH_NARROW, CH_WIDE, CH_WIDE_PUNCT };

/* The character at s (n bytes, n > 0): CH_WIDE if it takes two columns,
 * CH_WIDE_PUNCT if it is also CJK punctuation (U+3000-U+303F, or a
 * full-width form's), else CH_NARROW. */
static int char_class(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char c[8] = "";
	size_t k = utf8_len(u, u + n);

	if (k == 0 || k >= sizeof(c))
		return CH_NARROW;
	memcpy(c, s, k);
	if (i18n_width(c) != 2)
		return CH_NARROW;
	if (k == 3 && ((u[0] == 0xe3 && u[1] == 0x80) ||
		       (u[0] == 0xef && u[1] == 0xbc &&
			(u[2] <= 0x8f || (u[2] >= 0x9a && u[2] <= 0xa0)))))
		return CH_WIDE_PUNCT;
	return CH_WIDE;
}

/* Append visible text; a waiting soft break becomes a space, a new line
 * when nothing wraps, or nothing between two CJK characters or next to
 * CJK punctuation: Chinese puts no space between words, and the break
 * is only the source's. */
static void add_text(struct md *m, const char *s, size_t n)
{
	size_t k;
	int next;

	if (n == 0)
		return;
	if (m->softbr) {
		/* The break takes only the styles on both of its sides. */
		show_spans(m, m->shown & m->spans);
		next = char_class(s, n);
		if (m->st->width == 0)
			sbuf_addc(&m->in, '\n');
		else if (!((m->last && next) || m->last == CH_WIDE_PUNCT ||
			   next == CH_WIDE_PUNCT))
			sbuf_addc(&m->in, ' ');
		m->softbr = 0;
	}
	show_spans(m, m->spans);
	add_clean(&m->in, s, n, 0);
	for (k = n - 1; k > 0 && n - k < 4 && (s[k] & 0xc0) == 0x80; k--)
		;
	m->last = char_class(s + k, n - k);
}

static void add_codepoint(struct md *m, unsigned long cp)
{
	char b[5];

	if (cp >= 0xd800 && cp <= 0xdfff)
		cp = 0;		/* a surrogate is no character: '?' */
	if (cp < 0x80 || !m->st->utf8) {
		b[0] = cp < 0x80 && cp > 0 ? (char)cp : '?';
		add_text(m, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		add_text(m, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		add_text(m, b, 3);
	} else if (cp < 0x110000) {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		add_text(m, b, 4);
	} else {
		add_text(m, "?", 1);
	}
}

/* An entity ("&amp;", "&#20013;", "&#x4e2d;"): the character it names;
 * one it does not know, as written. */
static void add_entity(struct md *m, const char *s, size_t n)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} names[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", ' ' },
	};
	char num[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n &&
		    memcmp(names[i].name, s, n) == 0) {
			add_codepoint(m, names[i].cp);
			return;
		}
	if (n > 3 && n < sizeof(num) && s[1] == '#') {
		memcpy(num, s + 2, n - 3);
		num[n - 3] = '\0';
		if (num[0] == 'x' || num[0] == 'X')
			add_codepoint(m, strtoul(num + 1, NULL, 16));
		else
			add_codepoint(m, strtoul(num, NULL, 10));
		return;
	}
	add_text(m, s, n);
}

/* Write the inline text read so far as a wrapped paragraph. */
static void flush_inline(struct md *m)
{
	struct sbuf w = SBUF_INIT;

	m->softbr = 0;
	if (m->in.len == 0)
		return;
	show_spans(m, 0);
	i18n_wrap(&w, sbuf_str(&m->in), 0, 0, avail(m));
	emit_lines(m, sbuf_str(&w));
	sbuf_free(&w);
	sbuf_reset(&m->in);
	m->last = CH_NARROW;
}

/* ---- code blocks ---- */

static int c_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {
		"auto", "break", "case", "char", "const", "continue",
		"default", "do", "double", "else", "enum", "extern", "float",
		"for", "goto", "if", "inline", "int", "long", "register",
		"return", "short", "signed", "sizeof", "static", "struct",
		"switch", "typedef", "union", "unsigned", "void", "volatile",
		"while", "#include", "#define", "#if", "#ifdef", "#ifndef",
		"#endif", "#else",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kw); i++)
		if (strlen(kw[i]) == n && memcmp(kw[i], s, n) == 0)
			return 1;
	return 0;
}

static int ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The length of the token of C at s: a comment, a string or character
 * literal, a word, or one other byte; its colour in *sgr ("" plain).
 * *comment: inside a comment that began on an earlier line. */
static size_t c_token(const char *s, const char **sgr, int *comment)
{
	const char *e;
	size_t n = 1;

	*sgr = "";
	if (*comment || strncmp(s, "/*", 2) == 0) {
		e = strstr(s + (*comment ? 0 : 2), "*/");
		*comment = e == NULL;
		*sgr = "\033[2m";
		return e ? (size_t)(e + 2 - s) : strlen(s);
	}
	if (strncmp(s, "//", 2) == 0) {
		*sgr = "\033[2m";
		return strlen(s);
	}
	if (*s == '"' || *s == '\'') {
		while (s[n] && s[n] != *s)
			n += s[n] == '\\' && s[n + 1] ? 2 : 1;
		*sgr = "\033[32m";
		return n + (s[n] != '\0');
	}
	if (ident_char(*s) || *s == '#') {
		while (ident_char(s[n]))
			n++;
		if (c_keyword(s, n))
			*sgr = "\033[1;34m";
	}
	return n;
}

/* A line of C, coloured: keywords, literals and comments. */
static void c_line(struct sbuf *out, const char *s, int *comment)
{
	const char *sgr;
	size_t n;

	while (*s) {
		n = c_token(s, &sgr, comment);
		if (*sgr)
			sbuf_addf(out, "%s%.*s" SGR_RESET, sgr, (int)n, s);
		else
			sbuf_addn(out, s, n);
		s += n;
	}
}

/* Tabs in s to spaces, to the next multiple of TAB_STOP. */
static void expand_tabs(struct sbuf *out, const char *s, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\t') {
			do
				sbuf_addc(out, ' ');
			while (++col % TAB_STOP);
		} else {
			sbuf_addc(out, s[i]);
			col += ((unsigned char)s[i] & 0xc0) != 0x80;
		}
	}
}

static void emit_code(struct md *m)
{
	struct sbuf line = SBUF_INIT, out = SBUF_INIT;
	const char *p = sbuf_str(&m->code), *nl;
	int comment = 0;

	while (*p) {
		nl = strchr(p, '\n');
		sbuf_reset(&line);
		expand_tabs(&line, p, nl ? (size_t)(nl - p) : strlen(p));
		sbuf_reset(&out);
		sbuf_add(&out, CODE_INDENT);
		if (m->st->color && m->code_c)
			c_line(&out, sbuf_str(&line), &comment);
		else if (m->st->color && line.len)
			sbuf_addf(&out, "\033[36m%s" SGR_RESET, sbuf_str(&line));
		else
			sbuf_add(&out, sbuf_str(&line));
		while (out.len && out.s[out.len - 1] == ' ')
			out.s[--out.len] = '\0';
		put_line(m, out.s, out.len);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	sbuf_free(&line);
	sbuf_free(&out);
}

static int is_c(const MD_BLOCK_CODE_DETAIL *d)
{
	static const char *const names[] = { "c", "C", "h" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (d->lang.size == strlen(names[i]) &&
		    memcmp(d->lang.text, names[i], d->lang.size) == 0)
			return 1;
	return 0;
}

/* ---- tables ---- */

static void table_free(struct table *t)
{
	if (t == NULL)
		return;
	while (t->ncell)
		free(t->cell[--t->ncell]);
	free(t->cell);
	free(t->row);
	free(t);
}

static void table_add_cell(struct table *t, const char *s)
{
	if (t->ncell == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cell = xrealloc(t->cell, sizeof(*t->cell) * t->cap);
	}
	t->cell[t->ncell++] = xstrdup(s);
}

static void table_add_row(struct table *t)
{
	t->row = xrealloc(t->row, sizeof(*t->row) * (t->nrows + 1));
	t->row[t->nrows++] = t->ncell;
}

/* Row r's cell j, "" where the row has none. */
static const char *cell_at(const struct table *t, size_t r, size_t j)
{
	size_t end = r + 1 < t->nrows ? t->row[r + 1] : t->ncell;

	return t->row[r] + j < end ? t->cell[t->row[r] + j] : "";
}

/* The columns' widths: as wide as their widest cell, the widest shrunk
 * (to CELL_MIN at least) until the table fits the columns left. */
static void col_widths(const struct md *m, size_t *w)
{
	const struct table *t = m->t;
	size_t r, j, cw, sum = 0, a = avail(m), widest;

	for (j = 0; j < t->ncols; j++) {
		w[j] = 0;
		for (r = 0; r < t->nrows; r++)
			if ((cw = plain_width(cell_at(t, r, j))) > w[j])
				w[j] = cw;
		sum += w[j];
	}
	while (a && sum + 3 * (t->ncols - 1) > a) {
		for (widest = 0, j = 1; j < t->ncols; j++)
			if (w[j] > w[widest])
				widest = j;
		if (w[widest] <= CELL_MIN)
			break;
		w[widest]--;
		sum--;
	}
}

/* Row r's cells wrapped to their columns: cl[j] gets cn[j] lines.
 * Returns the row's height in lines. */
static size_t row_wrap(const struct md *m, size_t r, const size_t *w,
		       char ***cl, size_t *cn)
{
	struct sbuf b = SBUF_INIT;
	size_t j, h = 1;

	for (j = 0; j < m->t->ncols; j++) {
		sbuf_reset(&b);
		i18n_wrap(&b, cell_at(m->t, r, j), 0, 0,
			  m->st->width ? w[j] : 0);
		cn[j] = split_lines(sbuf_str(&b), &cl[j]);
		if (cn[j] > h)
			h = cn[j];
	}
	sbuf_free(&b);
	return h;
}

static void pad(struct sbuf *out, size_t n)
{
	sbuf_addf(out, "%*s", (int)n, "");
}

/* Append s in a column of w, aligned; last: no spaces after it. */
static void put_cell(struct sbuf *out, const char *s, size_t w, MD_ALIGN al,
		     int last)
{
	size_t sw = plain_width(s), gap = w > sw ? w - sw : 0;
	size_t left = al == MD_ALIGN_RIGHT ? gap :
		      al == MD_ALIGN_CENTER ? gap / 2 : 0;

	pad(out, left);
	sbuf_add(out, s);
	if (!last)
		pad(out, gap - left);
}

static void put_rule(struct md *m, const size_t *w)
{
	const char *h = m->st->utf8 ? "\u2500" : "-";
	const char *x = m->st->utf8 ? "\u2500\u253c\u2500" : "-+-";
	struct sbuf b = SBUF_INIT;
	size_t j, k;

	for (j = 0; j < m->t->ncols; j++) {
		if (j)
			sbuf_add(&b, x);
		for (k = 0; k < w[j]; k++)
			sbuf_add(&b, h);
	}
	put_line(m, b.s, b.len);
	sbuf_free(&b);
}

/* Write row r (count: only count its lines); its height in lines. */
static size_t put_row(struct md *m, size_t r, const size_t *w, int count)
{
	const struct table *t = m->t;
	const char *bar = m->st->utf8 ? " \u2502 " : " | ";
	struct sbuf b = SBUF_INIT;
	char ***cl = xcalloc(t->ncols, sizeof(*cl));
	size_t *cn = xcalloc(t->ncols, sizeof(*cn));
	size_t j, k, h = row_wrap(m, r, w, cl, cn);

	for (k = 0; k < h && !count; k++) {
		sbuf_reset(&b);
		for (j = 0; j < t->ncols; j++) {
			if (j)
				sbuf_add(&b, bar);
			put_cell(&b, k < cn[j] ? cl[j][k] : "", w[j],
				 j < ARRAY_SIZE(t->align) ? t->align[j] :
							    MD_ALIGN_DEFAULT,
				 j + 1 == t->ncols);
		}
		while (b.len && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		put_line(m, sbuf_str(&b), b.len);
	}
	for (j = 0; j < t->ncols; j++)
		free_lines(cl[j], cn[j]);
	free(cl);
	free(cn);
	sbuf_free(&b);
	return h;
}

/* The table: the header, a rule, the body; a rule between the body's
 * rows too when one of them takes more than a line. */
static void table_emit(struct md *m)
{
	struct table *t = m->t;
	size_t *w, r, tall = 0;

	if (t->ncols == 0 || t->nrows == 0)
		return;
	w = xcalloc(t->ncols, sizeof(*w));
	col_widths(m, w);
	for (r = 1; r < t->nrows; r++)
		tall |= put_row(m, r, w, 1) > 1;
	for (r = 0; r < t->nrows; r++) {
		if (r == 1 || (r > 1 && tall))
			put_rule(m, w);
		put_row(m, r, w, 0);
	}
	free(w);
}

/* ---- containers: list items and block quotes ---- */

static void push_level(struct md *m, const char *lead, const char *rest,
		       size_t w)
{
	struct level *l;

	if (m->nlv == DEPTH_MAX) {
		m->lv_over++;
		return;
	}
	l = &m->lv[m->nlv++];
	snprintf(l->lead, sizeof(l->lead), "%s", lead);
	snprintf(l->rest, sizeof(l->rest), "%s", rest);
	l->w = w;
	l->pending = 1;
}

static void pop_level(struct md *m)
{
	if (m->lv_over)
		m->lv_over--;
	else if (m->nlv)
		m->nlv--;
}

static void enter_quote(struct md *m)
{
	char bar[32];

	snprintf(bar, sizeof(bar), "%s%s%s ", m->st->color ? "\033[2m" : "",
		 m->st->utf8 ? "\u2502" : "|", m->st->color ? SGR_RESET : "");
	push_level(m, bar, bar, 2);
}

static void enter_list(struct md *m, int ordered, unsigned start)
{
	if (m->nlists == DEPTH_MAX) {
		m->lists_over++;
		return;
	}
	m->lists[m->nlists].ordered = ordered;
	m->lists[m->nlists++].next = start;
}

static void leave_list(struct md *m)
{
	if (m->lists_over)
		m->lists_over--;
	else if (m->nlists)
		m->nlists--;
	if (m->nlists == 0)	/* a nested list's items go on tight */
		m->need_blank = 1;
}

/* A list item: its marker ("•", "◦", "▪" by depth, or "3."), and as
 * many spaces on its further lines. */
static void enter_item(struct md *m)
{
	static const char *const bullets[2][3] = {
		{ "-", "*", "+" }, { "\u2022", "\u25e6", "\u25aa" }
	};
	struct list *l = m->nlists ? &m->lists[m->nlists - 1] : NULL;
	char lead[32], rest[32];
	size_t w;

	if (l && l->ordered)
		snprintf(lead, sizeof(lead), "%u. ", l->next++);
	else
		snprintf(lead, sizeof(lead), "%s ",
			 bullets[m->st->utf8 != 0][(m->nlists + 2) % 3]);
	w = l && l->ordered ? strlen(lead) : 2;
	snprintf(rest, sizeof(rest), "%*s", (int)w, "");
	push_level(m, lead, rest, w);
}

/* ---- headings and rules ---- */

static void put_hr(struct md *m, size_t w)
{
	struct sbuf b = SBUF_INIT;
	const char *h = m->st->utf8 ? "\u2500" : "-";

	if (w == 0 || w > RULE_MAX)
		w = RULE_MAX;
	if (m->st->color)
		sbuf_add(&b, "\033[2m");
	while (w--)
		sbuf_add(&b, h);
	if (m->st->color)
		sbuf_add(&b, SGR_RESET);
	put_line(m, b.s, b.len);
	sbuf_free(&b);
}

/* A heading: its text, bold with colour, and under levels 1 and 2 a
 * rule as wide as the text, so that it stands out without colour too. */
static void leave_heading(struct md *m)
{
	struct sbuf b = SBUF_INIT;
	size_t w = plain_width(sbuf_str(&m->in)), a = avail(m);
	const char *h = m->hlevel == 1 ? (m->st->utf8 ? "\u2550" : "=") :
					 (m->st->utf8 ? "\u2500" : "-");

	m->spans &= ~(unsigned)SP_HEAD;
	flush_inline(m);
	if (m->hlevel <= 2) {
		if (a && w > a)
			w = a;
		while (w--)
			sbuf_add(&b, h);
		put_line(m, b.s, b.len);
	}
	sbuf_free(&b);
	m->hlevel = 0;
	m->need_blank = 1;
}

/* ---- md4c's callbacks ---- */

static void enter_table(struct md *m, const MD_BLOCK_TABLE_DETAIL *d)
{
	table_free(m->t);
	m->t = xcalloc(1, sizeof(*m->t));
	m->t->ncols = d->col_count;
}

static void enter_cell(struct md *m, int head, const MD_BLOCK_TD_DETAIL *d)
{
	struct table *t = m->t;
	size_t j;

	sbuf_reset(&m->in);
	if (t && t->nrows && (j = t->ncell - t->row[t->nrows - 1]) <
				     ARRAY_SIZE(t->align))
		t->align[j] = d->align;
	if (head)
		m->spans |= SP_HEAD;
}

static void leave_cell(struct md *m)
{
	m->spans = 0;
	show_spans(m, 0);
	if (m->t)
		table_add_cell(m->t, sbuf_str(&m->in));
	sbuf_reset(&m->in);
	m->softbr = 0;
}

/* Before a block starts: the text of a tight list item before it, then
 * the blank line that separates blocks. */
static void begin_block(struct md *m)
{
	flush_inline(m);
	blank_if_needed(m);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct md *m = u;

	if (type == MD_BLOCK_DOC || type == MD_BLOCK_THEAD ||
	    type == MD_BLOCK_TBODY)
		return 0;
	if (m->t && type == MD_BLOCK_TR) {
		table_add_row(m->t);
		return 0;
	}
	if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
		enter_cell(m, type == MD_BLOCK_TH, detail);
		return 0;
	}
	begin_block(m);
	switch (type) {
	case MD_BLOCK_QUOTE: enter_quote(m); break;
	case MD_BLOCK_UL: enter_list(m, 0, 0); break;
	case MD_BLOCK_OL:
		enter_list(m, 1, ((MD_BLOCK_OL_DETAIL *)detail)->start);
		break;
	case MD_BLOCK_LI: enter_item(m); break;
	case MD_BLOCK_HR:
		put_hr(m, avail(m));
		m->need_blank = 1;
		break;
	case MD_BLOCK_H:
		m->hlevel = ((MD_BLOCK_H_DETAIL *)detail)->level;
		m->spans |= SP_HEAD;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		m->in_code = 1;
		m->code_c = type == MD_BLOCK_CODE && is_c(detail);
		sbuf_reset(&m->code);
		break;
	case MD_BLOCK_TABLE: enter_table(m, detail); break;
	default: break;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct md *m = u;

	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
		flush_inline(m);
		pop_level(m);
		m->need_blank = 1;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL: leave_list(m); break;
	case MD_BLOCK_LI:
		flush_inline(m);
		pop_level(m);
		break;
	case MD_BLOCK_H: leave_heading(m); break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		emit_code(m);
		m->in_code = 0;
		m->need_blank = 1;
		break;
	case MD_BLOCK_P:
		flush_inline(m);
		m->need_blank = 1;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: leave_cell(m); break;
	case MD_BLOCK_TABLE:
		if (m->t)
			table_emit(m);
		table_free(m->t);
		m->t = NULL;
		m->need_blank = 1;
		break;
	default: break;
	}
	return 0;
}

static const unsigned span_bits[] = {
	[MD_SPAN_EM] = SP_EM,	  [MD_SPAN_STRONG] = SP_STRONG,
	[MD_SPAN_A] = SP_LINK,	  [MD_SPAN_CODE] = SP_CODE,
	[MD_SPAN_DEL] = SP_DEL,	  [MD_SPAN_U] = SP_LINK,
};

static int enter_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct md *m = u;
	const MD_SPAN_A_DETAIL *a = detail;

	if (type == MD_SPAN_A) {
		sbuf_reset(&m->href);
		sbuf_addn(&m->href, a->href.text, a->href.size);
		m->link_at = m->in.len;
	}
	if ((size_t)type < ARRAY_SIZE(span_bits))
		m->spans |= span_bits[type];
	return 0;
}

/* After a link's text, its target, unless the text says it already. */
static void link_target(struct md *m)
{
	const char *text = m->in.len > m->link_at ? m->in.s + m->link_at : "";

	if (m->href.len == 0 || strstr(text, sbuf_str(&m->href)))
		return;
	add_text(m, " (", 2);
	add_text(m, m->href.s, m->href.len);
	add_text(m, ")", 1);
}

static int leave_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct md *m = u;

	(void)detail;
	if ((size_t)type < ARRAY_SIZE(span_bits))
		m->spans &= ~span_bits[type];
	if (type == MD_SPAN_A)
		link_target(m);
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
		   void *u)
{
	struct md *m = u;

	if (m->in_code) {
		add_clean(&m->code, text, size, 1);
		return 0;
	}
	switch (type) {
	case MD_TEXT_SOFTBR: m->softbr = 1; break;
	case MD_TEXT_BR:
		m->softbr = 0;
		sbuf_addc(&m->in, '\n');
		m->last = CH_NARROW;
		break;
	case MD_TEXT_ENTITY: add_entity(m, text, size); break;
	case MD_TEXT_NULLCHAR: add_codepoint(m, 0xfffd); break;
	default: add_text(m, text, size); break;
	}
	return 0;
}

int md_render(const char *md, size_t len, const struct md_style *st,
	      struct sbuf *out)
{
	MD_PARSER parser = {
		.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
			 MD_FLAG_NOHTML,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = on_text,
	};
	struct md m;
	size_t start = out->len;
	int r;

	memset(&m, 0, sizeof(m));
	m.st = st;
	m.out = out;
	r = md_parse(md, (MD_SIZE)len, &parser, &m);
	if (r == 0)
		flush_inline(&m);	/* nothing should be left: defensive */
	table_free(m.t);
	sbuf_free(&m.in);
	sbuf_free(&m.code);
	sbuf_free(&m.href);
	if (r != 0) {
		out->len = start;
		sbuf_addn(out, md, len);	/* terminates the string */
		return -1;
	}
	return 0;
}
