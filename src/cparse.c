/* cparse.c - the C subset sockrepl runs: tokens, then recursive descent. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cparse.h"
#include "i18n.h"

#define CPARSE_MAX_DEPTH 64	/* nesting of expressions and blocks */
#define CPARSE_MAX_TOKENS 65536

/* ---- memory: every node lives in one arena, freed at once ------------ */

struct chunk {
	struct chunk *next;
	max_align_t mem[];
};

static void *arena_alloc(void **arena, size_t n)
{
	struct chunk *c = xcalloc(1, sizeof(*c) + n);

	c->next = *arena;
	*arena = c;
	return c->mem;
}

void cprog_free(struct cprog *prog)
{
	struct chunk *c = prog->arena, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	memset(prog, 0, sizeof(*prog));
}

/* ---- tokens ------------------------------------------------------------ */

enum tok_kind {
	T_EOF, T_IDENT, T_NUM, T_STR, T_PUNCT, T_DEFINE, T_PPEND,
};

struct tok {
	enum tok_kind kind;
	int op;			/* T_PUNCT: a character or an OP_ */
	long num;
	char *s;		/* T_IDENT, T_STR (bytes) */
	size_t len;
	int line;
	size_t start, end;
};

struct expect_note {
	int line;
	char *text;
};

struct parser {
	const char *src;
	size_t len, pos;
	int line;
	struct tok *toks;
	size_t ntoks, cap, at;
	struct expect_note *notes;
	size_t nnotes;
	struct cexpr **calls;	/* every call, for the notes */
	size_t ncalls;
	struct sbuf str;	/* a string literal being read */
	void **arena;
	struct sbuf *err;
	enum cparse_status status;
	jmp_buf fail;
	int depth;
	int top;		/* parsing a statement at the top level */
	int multiline;		/* the text has several lines: errors say
				 * which */
};

static void *palloc(struct parser *p, size_t n)
{
	return arena_alloc(p->arena, n);
}

static char *pstrndup(struct parser *p, const char *s, size_t n)
{
	char *d = palloc(p, n + 1);

	memcpy(d, s, n);
	return d;
}

/* Stop parsing: the text needs more lines. */
static _Noreturn void incomplete(struct parser *p)
{
	p->status = CPARSE_INCOMPLETE;
	longjmp(p->fail, 1);
}

static _Noreturn void fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Stop parsing with a message; line 0 leaves the line out. */
static _Noreturn void fail(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0 && p->multiline)
		sbuf_addf(p->err, _("line %d: "), line);
	va_start(ap, fmt);
	sbuf_vaddf(p->err, fmt, ap);
	va_end(ap);
	p->status = CPARSE_ERROR;
	longjmp(p->fail, 1);
}

static struct tok *push_tok(struct parser *p, enum tok_kind k, size_t start)
{
	struct tok *t;

	if (p->ntoks == CPARSE_MAX_TOKENS)
		fail(p, p->line, _("too much C at once: paste it in parts"));
	if (p->ntoks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = xrealloc(p->toks, p->cap * sizeof(*p->toks));
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->line = p->line;
	t->start = start;
	t->end = p->pos;
	return t;
}

static void add_note(struct parser *p, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	if (n < 2 || s[0] != '=' || s[1] != '>')
		return;
	p->notes = xrealloc(p->notes, (p->nnotes + 1) * sizeof(*p->notes));
	p->notes[p->nnotes].line = p->line;
	p->notes[p->nnotes++].text = pstrndup(p, s, n);
}

/* Skip blanks and comments; 1 if a newline was crossed. */
static int skip_space(struct parser *p)
{
	const char *s = p->src;
	int nl = 0;

	while (p->pos < p->len) {
		if (s[p->pos] == '\n') {
			p->line++, p->pos++, nl = 1;
		} else if (isspace((unsigned char)s[p->pos])) {
			p->pos++;
		} else if (s[p->pos] == '/' && p->pos + 1 < p->len &&
			   s[p->pos + 1] == '/') {
			size_t e = p->pos + 2;

			while (e < p->len && s[e] != '\n')
				e++;
			add_note(p, s + p->pos + 2, e - p->pos - 2);
			p->pos = e;
		} else if (s[p->pos] == '/' && p->pos + 1 < p->len &&
			   s[p->pos + 1] == '*') {
			const char *end = memmem(s + p->pos + 2,
						 p->len - p->pos - 2, "*/", 2);

			if (end == NULL)
				incomplete(p);
			for (; s + p->pos < end + 2; p->pos++)
				if (s[p->pos] == '\n')
					p->line++, nl = 1;
		} else if (s[p->pos] == '\\' && p->pos + 1 < p->len &&
			   s[p->pos + 1] == '\n') {
			p->pos += 2, p->line++;	/* a spliced line */
		} else {
			break;
		}
	}
	return nl;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static void lex_number(struct parser *p)
{
	const char *s = p->src;
	size_t start = p->pos;
	unsigned long v = 0;
	int base = 10, d;
	struct tok *t;

	if (s[p->pos] == '0' && p->pos + 1 < p->len &&
	    (s[p->pos + 1] == 'x' || s[p->pos + 1] == 'X')) {
		base = 16;
		p->pos += 2;
	} else if (s[p->pos] == '0') {
		base = 8;
	}
	while (p->pos < p->len && (d = digit_value(s[p->pos])) < base) {
		if (v > (ULONG_MAX - (unsigned long)d) / (unsigned long)base)
			fail(p, p->line, _("number too large"));
		v = v * (unsigned long)base + (unsigned long)d;
		p->pos++;
	}
	while (p->pos < p->len && strchr("uUlL", s[p->pos]))
		p->pos++;
	if (p->pos < p->len && (isalnum((unsigned char)s[p->pos]) ||
				s[p->pos] == '.' || s[p->pos] == '_'))
		fail(p, p->line, _("bad number '%.*s': the subset has whole numbers only (decimal, 0x hex, 0 octal)"),
		     (int)(p->pos - start + 1), s + start);
	t = push_tok(p, T_NUM, start);
	t->num = (long)v;
}

/* One character of a literal, escapes undone; returns its value. */
static int lex_char(struct parser *p, char quote)
{
	const char *s = p->src;
	int c, n, v;

	if (p->pos >= p->len || s[p->pos] == '\n')
		fail(p, p->line, _("missing closing %c: a string or character ends on its line"),
		     quote);
	c = (unsigned char)s[p->pos++];
	if (c != '\\')
		return c;
	if (p->pos >= p->len)
		fail(p, p->line, _("a backslash ends the line inside a string"));
	c = (unsigned char)s[p->pos++];
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'v': return '\v';
	case '\\': case '\'': case '"': case '?': return c;
	case 'x':
		for (v = 0, n = 0; p->pos < p->len &&
		     digit_value(s[p->pos]) < 16; n++)
			v = (v * 16 + digit_value(s[p->pos++])) & 0xfff;
		if (n == 0 || v > 255)
			fail(p, p->line, _("bad \\x escape: write \\xHH, two hex digits"));
		return v;
	default:
		if (c < '0' || c > '7')
			fail(p, p->line, _("unknown escape \\%c"), c);
		for (v = c - '0', n = 1; n < 3 && p->pos < p->len &&
		     s[p->pos] >= '0' && s[p->pos] <= '7'; n++)
			v = v * 8 + s[p->pos++] - '0';
		if (v > 255)
			fail(p, p->line, _("octal escape above \\377"));
		return v;
	}
}

/* The bytes go to p->str, which cparse() frees: a bad escape longjmps
 * out of here. */
static void lex_string(struct parser *p)
{
	size_t start = p->pos++;
	struct tok *t;
	char c;

	sbuf_reset(&p->str);
	while (p->pos < p->len && p->src[p->pos] != '"') {
		c = (char)lex_char(p, '"');
		sbuf_addn(&p->str, &c, 1);
		if (p->str.len > 65536)
			fail(p, p->line, _("string too long"));
	}
	if (p->pos >= p->len)
		fail(p, p->line, _("missing closing %c: a string or character ends on its line"),
		     '"');
	p->pos++;
	t = push_tok(p, T_STR, start);
	t->s = pstrndup(p, p->str.s ? p->str.s : "", p->str.len);
	t->len = p->str.len;
}

static void lex_charlit(struct parser *p)
{
	size_t start = p->pos++;
	struct tok *t;
	int c;

	if (p->pos < p->len && p->src[p->pos] == '\'')
		fail(p, p->line, _("empty character constant ''"));
	c = lex_char(p, '\'');
	if (p->pos >= p->len || p->src[p->pos] != '\'')
		fail(p, p->line, _("a character constant holds one character: use \"...\" for a string"));
	p->pos++;
	t = push_tok(p, T_NUM, start);
	t->num = (signed char)c;
}

static const struct {
	const char *s;
	int op;
} two_char_ops[] = {
	{ "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
	{ "&&", OP_AND }, { "||", OP_OR }, { "<<", OP_SHL }, { ">>", OP_SHR },
	{ "++", OP_INC }, { "--", OP_DEC }, { "+=", OP_ADD_EQ },
	{ "-=", OP_SUB_EQ }, { "->", OP_ARROW },
};

static void lex_punct(struct parser *p)
{
	const char *s = p->src + p->pos;
	size_t start = p->pos, i;
	struct tok *t;

	for (i = 0; i < ARRAY_SIZE(two_char_ops); i++)
		if (p->len - p->pos >= 2 &&
		    memcmp(s, two_char_ops[i].s, 2) == 0) {
			p->pos += 2;
			t = push_tok(p, T_PUNCT, start);
			t->op = two_char_ops[i].op;
			return;
		}
	if (!strchr("(){}[];,.&*=<>+-/%!~|^?:", *s) || *s == '\0') {
		if ((unsigned char)*s >= 0x80)
			fail(p, p->line, _("unexpected non-ASCII text: C code here is ASCII (text goes inside \"quotes\")"));
		fail(p, p->line, _("unexpected character '%c' in C"), *s);
	}
	p->pos++;
	t = push_tok(p, T_PUNCT, start);
	t->op = (unsigned char)*s;
}

/* A preprocessor line: #include is skipped, #define NAME becomes tokens
 * up to T_PPEND, anything else is refused. */
static int lex_directive(struct parser *p)
{
	const char *s = p->src;
	size_t start = p->pos, w, e;

	p->pos++;
	while (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t'))
		p->pos++;
	for (w = p->pos; w < p->len && isalpha((unsigned char)s[w]); w++)
		;
	if (w - p->pos == 7 && memcmp(s + p->pos, "include", 7) == 0) {
		for (e = w; e < p->len && s[e] != '\n'; e++)
			;
		p->pos = e;
		return 0;
	}
	if (w - p->pos == 6 && memcmp(s + p->pos, "define", 6) == 0) {
		p->pos = w;
		push_tok(p, T_DEFINE, start);
		return 1;
	}
	fail(p, p->line, _("#%.*s is outside the subset: only #include and #define NAME VALUE are understood"),
	     (int)(w - p->pos > 20 ? 20 : w - p->pos), s + p->pos);
}

static void lex(struct parser *p)
{
	const char *s = p->src;
	int in_define = 0, at_line_start = 1;
	size_t start;

	for (;;) {
		if (skip_space(p) || p->ntoks == 0)
			at_line_start = 1;
		if (in_define && (at_line_start || p->pos >= p->len)) {
			push_tok(p, T_PPEND, p->pos);
			in_define = 0;
		}
		if (p->pos >= p->len)
			break;
		start = p->pos;
		if (s[p->pos] == '#' && at_line_start)
			in_define = lex_directive(p);
		else if (isalpha((unsigned char)s[p->pos]) || s[p->pos] == '_') {
			while (p->pos < p->len &&
			       (isalnum((unsigned char)s[p->pos]) ||
				s[p->pos] == '_'))
				p->pos++;
			if (p->pos - start > 63)
				fail(p, p->line, _("name too long"));
			push_tok(p, T_IDENT, start)->s =
				pstrndup(p, s + start, p->pos - start);
		} else if (isdigit((unsigned char)s[p->pos]))
			lex_number(p);
		else if (s[p->pos] == '"')
			lex_string(p);
		else if (s[p->pos] == '\'')
			lex_charlit(p);
		else
			lex_punct(p);
		at_line_start = 0;
	}
	push_tok(p, T_EOF, p->pos);
}

/* ---- the parser's view of tokens ------------------------------------- */

static struct tok *peek(struct parser *p)
{
	return &p->toks[p->at];
}

static struct tok *peek_at(struct parser *p, size_t k)
{
	size_t i = p->at + k;

	return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

static struct tok *next(struct parser *p)
{
	struct tok *t = &p->toks[p->at];

	if (t->kind != T_EOF)
		p->at++;
	return t;
}

static int is_op(const struct tok *t, int op)
{
	return t->kind == T_PUNCT && t->op == op;
}

static int is_word(const struct tok *t, const char *w)
{
	return t->kind == T_IDENT && strcmp(t->s, w) == 0;
}

static int accept_op(struct parser *p, int op)
{
	if (!is_op(peek(p), op))
		return 0;
	next(p);
	return 1;
}

/* What a token is, in a message. */
static const char *tok_text(struct parser *p, const struct tok *t)
{
	static char buf[48];

	if (t->kind == T_EOF)
		return _("the end");
	if (t->kind == T_PPEND)
		return _("the end of the #define line");
	snprintf(buf, sizeof(buf), "%.*s",
		 (int)(t->end - t->start > 40 ? 40 : t->end - t->start),
		 p->src + t->start);
	return buf;
}

static void expect_op(struct parser *p, int op, const char *what)
{
	struct tok *t = peek(p);

	if (is_op(t, op)) {
		next(p);
		return;
	}
	if (t->kind == T_EOF)
		incomplete(p);
	fail(p, t->line, _("expected %s before '%s'"), what, tok_text(p, t));
}

static void enter(struct parser *p)
{
	if (++p->depth > CPARSE_MAX_DEPTH)
		fail(p, peek(p)->line, _("nested too deeply for the shell: split the expression"));
}

/* ---- types ------------------------------------------------------------- */

static const struct {
	const char *name;
	enum cbase base;
} type_names[] = {
	{ "ssize_t", CT_LONG }, { "size_t", CT_ULONG },
	{ "socklen_t", CT_UINT }, { "in_port_t", CT_USHORT },
	{ "in_addr_t", CT_UINT }, { "uint16_t", CT_USHORT },
	{ "uint32_t", CT_UINT }, { "uint8_t", CT_UCHAR },
	{ "int32_t", CT_INT }, { "int16_t", CT_SHORT },
	{ "sa_family_t", CT_USHORT }, { "void", CT_VOID },
	{ "int", CT_INT }, { "char", CT_CHAR }, { "short", CT_SHORT },
	{ "long", CT_LONG }, { "unsigned", CT_UINT }, { "signed", CT_INT },
	{ "const", CT_INT }, { "struct", CT_INT }, { "volatile", CT_INT },
};

static const struct {
	const char *name;
	enum cbase base;
} struct_names[] = {
	{ "sockaddr", CT_SA }, { "sockaddr_in", CT_SA_IN },
	{ "sockaddr_in6", CT_SA_IN6 }, { "sockaddr_un", CT_SA_UN },
	{ "sockaddr_storage", CT_SA_STORAGE }, { "in_addr", CT_IN_ADDR },
	{ "in6_addr", CT_IN6_ADDR },
};

static int is_type_word(const struct tok *t)
{
	size_t i;

	if (t->kind != T_IDENT)
		return 0;
	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (strcmp(t->s, type_names[i].name) == 0)
			return 1;
	return strcmp(t->s, "static") == 0;
}

static enum cbase struct_type(struct parser *p)
{
	struct tok *t = next(p);
	size_t i;

	if (t->kind == T_EOF)
		incomplete(p);
	if (t->kind != T_IDENT)
		fail(p, t->line, _("expected a struct's name after 'struct'"));
	for (i = 0; i < ARRAY_SIZE(struct_names); i++)
		if (strcmp(t->s, struct_names[i].name) == 0)
			return struct_names[i].base;
	if (is_op(peek(p), '{'))
		fail(p, t->line, _("defining struct %s is outside the subset: the shell knows struct sockaddr, sockaddr_in, sockaddr_in6, sockaddr_un, sockaddr_storage and in_addr"),
		     t->s);
	fail(p, t->line, _("unknown struct %s: the shell knows struct sockaddr, sockaddr_in, sockaddr_in6, sockaddr_un, sockaddr_storage and in_addr"),
	     t->s);
}

/* The specifiers of a declaration: "const unsigned long", "struct
 * sockaddr_in", "socklen_t". */
static void parse_specifiers(struct parser *p, struct ctype *ty)
{
	size_t start = peek(p)->start, i;
	int is_unsigned = 0, have = 0, longs = 0;
	struct tok *t;

	memset(ty, 0, sizeof(*ty));
	ty->base = CT_INT;
	ty->arr = -1;
	while (is_type_word(t = peek(p))) {
		next(p);
		if (is_word(t, "const") || is_word(t, "volatile") ||
		    is_word(t, "signed") || is_word(t, "static"))
			continue;
		if (is_word(t, "unsigned")) {
			is_unsigned = 1;
			continue;
		}
		if (is_word(t, "struct")) {
			ty->base = struct_type(p);
			have = 1;
			continue;
		}
		if (is_word(t, "long")) {
			longs++;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(type_names); i++)
			if (strcmp(t->s, type_names[i].name) == 0)
				ty->base = type_names[i].base;
		have = 1;
	}
	if (longs && (!have || ty->base == CT_INT))
		ty->base = CT_LONG;
	if (is_unsigned) {
		if (ty->base == CT_CHAR)
			ty->base = CT_UCHAR;
		else if (ty->base == CT_SHORT)
			ty->base = CT_USHORT;
		else if (ty->base == CT_LONG)
			ty->base = CT_ULONG;
		else if (ty->base == CT_INT)
			ty->base = CT_UINT;
	}
	ty->spelled = pstrndup(p, p->src + start,
			       p->toks[p->at - 1].end - start);
}

/* A type name in a cast or sizeof: specifiers and '*'s. */
static void parse_type_name(struct parser *p, struct ctype *ty)
{
	size_t start = peek(p)->start;

	parse_specifiers(p, ty);
	while (accept_op(p, '*') || (is_word(peek(p), "const") && next(p)))
		ty->ptr++;
	ty->spelled = pstrndup(p, p->src + start,
			       p->toks[p->at - 1].end - start);
}

size_t ctype_size(const struct ctype *t)
{
	static const size_t sizes[] = {
		[CT_VOID] = 0, [CT_CHAR] = 1, [CT_UCHAR] = 1,
		[CT_SHORT] = 2, [CT_USHORT] = 2, [CT_INT] = 4, [CT_UINT] = 4,
		[CT_LONG] = sizeof(long), [CT_ULONG] = sizeof(long),
		[CT_SA] = sizeof(struct sockaddr),
		[CT_SA_IN] = sizeof(struct sockaddr_in),
		[CT_SA_IN6] = sizeof(struct sockaddr_in6),
		[CT_SA_UN] = sizeof(struct sockaddr_un),
		[CT_SA_STORAGE] = sizeof(struct sockaddr_storage),
		[CT_IN_ADDR] = sizeof(struct in_addr),
		[CT_IN6_ADDR] = sizeof(struct in6_addr),
	};
	size_t one = t->ptr ? sizeof(void *) : sizes[t->base];

	return t->arr >= 0 ? one * (size_t)t->arr : one;
}

/* ---- expressions ----------------------------------------------------- */

static struct cexpr *parse_expr(struct parser *p);
static struct cexpr *parse_assign(struct parser *p);
static struct cexpr *parse_unary(struct parser *p);

static struct cexpr *new_expr(struct parser *p, enum cexpr_kind k,
			      const struct tok *first)
{
	struct cexpr *e = palloc(p, sizeof(*e));

	e->kind = k;
	e->start = first->start;
	e->line = first->line;
	return e;
}

static struct cexpr *finish(struct parser *p, struct cexpr *e)
{
	e->end = p->toks[p->at ? p->at - 1 : 0].end;
	return e;
}

/* Adjacent string literals are one ("a" "b"). */
static struct cexpr *parse_string(struct parser *p)
{
	struct cexpr *e = new_expr(p, CE_STR, peek(p));
	struct sbuf b = SBUF_INIT;
	struct tok *t;

	while (peek(p)->kind == T_STR) {
		t = next(p);
		sbuf_addn(&b, t->s, t->len);
	}
	e->str = pstrndup(p, b.s ? b.s : "", b.len);
	e->len = b.len;
	sbuf_free(&b);
	return finish(p, e);
}

static struct cexpr *parse_call(struct parser *p, struct cexpr *fn)
{
	struct cexpr *e = new_expr(p, CE_CALL, p->toks + p->at - 1);
	struct cexpr *args[16];
	int n = 0;

	e->start = fn->start;
	if (fn->kind != CE_IDENT)
		fail(p, peek(p)->line, _("only a function's name can be called here"));
	e->str = fn->str;
	if (!is_op(peek(p), ')'))
		do {
			if (n == (int)ARRAY_SIZE(args))
				fail(p, peek(p)->line, _("too many arguments to %s"),
				     fn->str);
			args[n++] = parse_assign(p);
		} while (accept_op(p, ','));
	expect_op(p, ')', _("')' or ','"));
	e->args = palloc(p, sizeof(*e->args) * (size_t)(n ? n : 1));
	memcpy(e->args, args, sizeof(*args) * (size_t)n);
	e->nargs = n;
	e->line = fn->line;
	p->calls = xrealloc(p->calls, (p->ncalls + 1) * sizeof(*p->calls));
	p->calls[p->ncalls++] = e;
	return finish(p, e);
}

static struct cexpr *parse_primary(struct parser *p)
{
	struct tok *t = peek(p);
	struct cexpr *e;

	switch (t->kind) {
	case T_NUM:
		next(p);
		e = new_expr(p, CE_NUM, t);
		e->num = t->num;
		return finish(p, e);
	case T_STR:
		return parse_string(p);
	case T_IDENT:
		if (is_type_word(t))
			fail(p, t->line, _("a declaration (%s ...) cannot stand inside an expression: declare the variable on its own line first"),
			     t->s);
		next(p);
		e = new_expr(p, CE_IDENT, t);
		e->str = t->s;
		return finish(p, e);
	case T_EOF:
		incomplete(p);
	default:
		break;
	}
	if (accept_op(p, '(')) {
		e = parse_expr(p);
		expect_op(p, ')', "')'");
		return e;
	}
	if (is_op(t, '{'))
		fail(p, t->line, _("'{' inside an expression: a list { ... } may only initialise a declaration"));
	fail(p, t->line, _("expected a value before '%s'"), tok_text(p, t));
}

static struct cexpr *parse_postfix(struct parser *p)
{
	struct cexpr *e = parse_primary(p), *n;
	struct tok *t;

	for (;;) {
		t = peek(p);
		if (accept_op(p, '(')) {
			e = parse_call(p, e);
		} else if (accept_op(p, '[')) {
			n = new_expr(p, CE_INDEX, t);
			n->start = e->start;
			n->a = e;
			n->b = parse_expr(p);
			expect_op(p, ']', "']'");
			e = finish(p, n);
		} else if (is_op(t, '.') || is_op(t, OP_ARROW)) {
			next(p);
			n = new_expr(p, CE_MEMBER, t);
			n->start = e->start;
			n->arrow = t->op != '.';
			n->a = e;
			t = next(p);
			if (t->kind == T_EOF)
				incomplete(p);
			if (t->kind != T_IDENT)
				fail(p, t->line, _("expected a field's name after '.'"));
			n->str = t->s;
			e = finish(p, n);
		} else if (is_op(t, OP_INC) || is_op(t, OP_DEC)) {
			next(p);
			n = new_expr(p, CE_POST, t);
			n->start = e->start;
			n->op = t->op;
			n->a = e;
			e = finish(p, n);
		} else {
			return e;
		}
	}
}

/* '(' starts a cast when a type name follows. */
static int cast_ahead(struct parser *p)
{
	return is_op(peek(p), '(') && is_type_word(peek_at(p, 1));
}

static struct cexpr *parse_sizeof(struct parser *p, struct tok *t)
{
	struct cexpr *e;

	if (cast_ahead(p)) {
		next(p);
		e = new_expr(p, CE_SIZEOF_TYPE, t);
		parse_type_name(p, &e->type);
		if (accept_op(p, '[')) {
			struct tok *n = next(p);

			if (n->kind != T_NUM)
				fail(p, n->line, _("expected a number of elements"));
			e->type.arr = n->num;
			expect_op(p, ']', "']'");
		}
		expect_op(p, ')', "')'");
		return finish(p, e);
	}
	e = new_expr(p, CE_SIZEOF_EXPR, t);
	e->a = parse_unary(p);
	return finish(p, e);
}

static struct cexpr *parse_unary(struct parser *p)
{
	struct tok *t = peek(p);
	struct cexpr *e;

	enter(p);
	if (is_word(t, "sizeof")) {
		next(p);
		e = parse_sizeof(p, t);
	} else if (cast_ahead(p)) {
		next(p);
		e = new_expr(p, CE_CAST, t);
		parse_type_name(p, &e->type);
		expect_op(p, ')', "')'");
		e->a = parse_unary(p);
		e = finish(p, e);
	} else if (t->kind == T_PUNCT && strchr("!-+~&*", t->op) && t->op < 256) {
		next(p);
		e = new_expr(p, CE_UNARY, t);
		e->op = t->op == '-' ? OP_NEG : t->op;
		e->a = parse_unary(p);
		e = finish(p, e);
	} else if (is_op(t, OP_INC) || is_op(t, OP_DEC)) {
		next(p);
		e = new_expr(p, CE_UNARY, t);
		e->op = t->op;
		e->a = parse_unary(p);
		e = finish(p, e);
	} else {
		e = parse_postfix(p);
	}
	p->depth--;
	return e;
}

/* Binary operators by precedence, tightest last. */
static const int binops[][4] = {
	{ OP_OR }, { OP_AND }, { '|' }, { '^' }, { '&' }, { OP_EQ, OP_NE },
	{ '<', '>', OP_LE, OP_GE }, { OP_SHL, OP_SHR }, { '+', '-' },
	{ '*', '/', '%' },
};

static int binop_at(const struct tok *t, int level)
{
	int i;

	for (i = 0; i < 4 && binops[level][i]; i++)
		if (is_op(t, binops[level][i]))
			return 1;
	return 0;
}

static struct cexpr *parse_binary(struct parser *p, int level)
{
	struct cexpr *e, *n;
	struct tok *t;

	if (level == (int)ARRAY_SIZE(binops))
		return parse_unary(p);
	enter(p);
	e = parse_binary(p, level + 1);
	while (binop_at(t = peek(p), level)) {
		next(p);
		n = new_expr(p, CE_BINARY, t);
		n->start = e->start;
		n->op = t->op;
		n->a = e;
		n->b = parse_binary(p, level + 1);
		e = finish(p, n);
	}
	p->depth--;
	return e;
}

static struct cexpr *parse_cond(struct parser *p)
{
	struct cexpr *e = parse_binary(p, 0), *n;
	struct tok *t = peek(p);

	if (!accept_op(p, '?'))
		return e;
	n = new_expr(p, CE_COND, t);
	n->start = e->start;
	n->a = e;
	n->b = parse_expr(p);
	expect_op(p, ':', "':'");
	n->c = parse_cond(p);
	return finish(p, n);
}

static struct cexpr *parse_assign(struct parser *p)
{
	struct cexpr *e, *n;
	struct tok *t;

	enter(p);
	e = parse_cond(p);
	t = peek(p);
	if (is_op(t, '=') || is_op(t, OP_ADD_EQ) || is_op(t, OP_SUB_EQ)) {
		next(p);
		n = new_expr(p, CE_ASSIGN, t);
		n->start = e->start;
		n->op = t->op;
		n->a = e;
		n->b = parse_assign(p);
		e = finish(p, n);
	}
	p->depth--;
	return e;
}

static struct cexpr *parse_expr(struct parser *p)
{
	struct cexpr *e = parse_assign(p);

	if (is_op(peek(p), ','))
		fail(p, peek(p)->line, _("the comma operator is outside the subset: write one statement per expression"));
	return e;
}

/* ---- statements ------------------------------------------------------ */

static struct cstmt *parse_stmt(struct parser *p);

static struct cstmt *new_stmt(struct parser *p, enum cstmt_kind k,
			      const struct tok *first)
{
	struct cstmt *s = palloc(p, sizeof(*s));

	s->kind = k;
	s->line = first->line;
	s->start = first->start;
	return s;
}

static struct cstmt *end_stmt(struct parser *p, struct cstmt *s)
{
	s->end = p->toks[p->at ? p->at - 1 : 0].end;
	return s;
}

/* The ';' that ends a simple statement; at the very end of the input at
 * the top level it may be left out, as a learner types at a prompt. */
static void end_simple(struct parser *p)
{
	struct tok *t = peek(p);

	if (accept_op(p, ';'))
		return;
	if (t->kind == T_EOF && p->top && p->depth == 0)
		return;
	if (t->kind == T_EOF)
		incomplete(p);
	fail(p, t->line, _("expected ';' before '%s'"), tok_text(p, t));
}

static struct cstmt *parse_block(struct parser *p, struct tok *first)
{
	struct cstmt *s = new_stmt(p, CS_BLOCK, first), *items[256];
	struct cstmt **list = items;
	int n = 0, cap = (int)ARRAY_SIZE(items);

	enter(p);
	while (!accept_op(p, '}')) {
		if (peek(p)->kind == T_EOF)
			incomplete(p);
		if (n == cap) {
			struct cstmt **bigger = palloc(p, sizeof(*list) *
						       (size_t)cap * 2);

			memcpy(bigger, list, sizeof(*list) * (size_t)n);
			list = bigger;
			cap *= 2;
		}
		list[n++] = parse_stmt(p);
	}
	s->list = palloc(p, sizeof(*list) * (size_t)(n ? n : 1));
	memcpy(s->list, list, sizeof(*list) * (size_t)n);
	s->n = n;
	p->depth--;
	return end_stmt(p, s);
}

/* The length of an array: a number or a #define'd name (arrlen); 0 when
 * the initialiser gives it ("char msg[] = ..."). */
static long array_length(struct parser *p, struct cdecl *d)
{
	struct cexpr *e;
	int line = peek(p)->line;

	if (accept_op(p, ']'))
		return 0;
	e = parse_expr(p);
	expect_op(p, ']', "']'");
	if (e->kind == CE_IDENT) {
		d->arrlen = e;
		return 1;
	}
	if (e->kind != CE_NUM)
		fail(p, line, _("an array's length must be a number or a #define'd name"));
	if (e->num <= 0 || e->num > 1 << 20)
		fail(p, line, _("an array's length must be from 1 to 1048576"));
	return e->num;
}

/* "int main(int argc, char *argv[]) { ... }": the body runs. */
static struct cstmt *parse_function(struct parser *p, struct tok *first,
				    struct tok *name)
{
	struct cstmt *s;
	int depth = 1;

	if (strcmp(name->s, "main") != 0)
		fail(p, name->line, _("defining function %s is outside the subset: paste its body instead, or compile the program"),
		     name->s);
	while (depth > 0) {	/* the parameters are not used */
		struct tok *t = next(p);

		if (t->kind == T_EOF)
			incomplete(p);
		depth += is_op(t, '(') - is_op(t, ')');
	}
	if (accept_op(p, ';'))
		return end_stmt(p, new_stmt(p, CS_EMPTY, first));
	if (!is_op(peek(p), '{')) {
		if (peek(p)->kind == T_EOF)
			incomplete(p);
		fail(p, peek(p)->line, _("expected '{' to start main's body"));
	}
	s = new_stmt(p, CS_MAIN, first);
	s->body = parse_block(p, next(p));
	return end_stmt(p, s);
}

static void parse_init_list(struct parser *p, struct cdecl *d)
{
	struct cexpr *items[64];
	int n = 0;

	if (!is_op(peek(p), '}'))
		do {
			if (is_op(peek(p), '}'))
				break;	/* a trailing comma */
			if (is_op(peek(p), '.'))
				fail(p, peek(p)->line, _("designated initialisers are outside the subset: assign each field on a line of its own"));
			if (n == (int)ARRAY_SIZE(items))
				fail(p, peek(p)->line, _("too many initialisers"));
			items[n++] = parse_assign(p);
		} while (accept_op(p, ','));
	expect_op(p, '}', "'}'");
	d->inits = palloc(p, sizeof(*items) * (size_t)(n ? n : 1));
	memcpy(d->inits, items, sizeof(*items) * (size_t)n);
	d->ninits = n;
}

static void parse_declarator(struct parser *p, const struct ctype *spec,
			     struct cdecl *d)
{
	struct tok *t;

	d->type = *spec;
	while (accept_op(p, '*'))
		d->type.ptr++;
	t = next(p);
	if (t->kind == T_EOF)
		incomplete(p);
	if (t->kind != T_IDENT || is_type_word(t))
		fail(p, t->line, _("expected a variable's name, not '%s'"),
		     tok_text(p, t));
	d->name = t->s;
	if (accept_op(p, '[')) {
		d->type.arr = array_length(p, d);
		if (is_op(peek(p), '['))
			fail(p, peek(p)->line, _("arrays of arrays are outside the subset"));
	}
	if (!accept_op(p, '='))
		return;
	if (accept_op(p, '{'))
		parse_init_list(p, d);
	else
		d->init = parse_assign(p);
}

static struct cstmt *parse_decl(struct parser *p, struct tok *first)
{
	struct cstmt *s = new_stmt(p, CS_DECL, first);
	struct cdecl ds[16];
	struct ctype spec;
	int n = 0;

	parse_specifiers(p, &spec);
	if (spec.base == CT_VOID && !is_op(peek(p), '*') &&
	    !(peek(p)->kind == T_IDENT && is_op(peek_at(p, 1), '(')))
		fail(p, first->line, _("a variable cannot be void"));
	if (peek(p)->kind == T_IDENT && is_op(peek_at(p, 1), '(')) {
		struct tok *name = next(p);

		next(p);
		return parse_function(p, first, name);
	}
	if (accept_op(p, ';'))
		fail(p, first->line, _("a declaration without a name: write %s NAME;"),
		     spec.spelled);
	do {
		if (n == (int)ARRAY_SIZE(ds))
			fail(p, peek(p)->line, _("too many names in one declaration"));
		memset(&ds[n], 0, sizeof(ds[n]));
		parse_declarator(p, &spec, &ds[n++]);
	} while (accept_op(p, ','));
	end_simple(p);
	s->decls = palloc(p, sizeof(*ds) * (size_t)n);
	memcpy(s->decls, ds, sizeof(*ds) * (size_t)n);
	s->ndecls = n;
	return end_stmt(p, s);
}

static struct cexpr *parse_paren_cond(struct parser *p, const char *what)
{
	struct cexpr *e;

	expect_op(p, '(', what);
	e = parse_expr(p);
	expect_op(p, ')', "')'");
	return e;
}

/* The statement a control statement runs: at the end of the text, more
 * lines are coming. */
static struct cstmt *parse_body(struct parser *p)
{
	int top = p->top;
	struct cstmt *s;

	if (peek(p)->kind == T_EOF)
		incomplete(p);
	p->top = 0;
	s = parse_stmt(p);
	p->top = top;
	return s;
}

static struct cstmt *parse_for(struct parser *p, struct tok *first)
{
	struct cstmt *s = new_stmt(p, CS_FOR, first);
	int top = p->top;

	p->top = 0;
	expect_op(p, '(', "'(' after for");
	if (is_type_word(peek(p)))
		s->init = parse_decl(p, peek(p));	/* eats the ';' */
	else if (!accept_op(p, ';')) {
		s->init = new_stmt(p, CS_EXPR, peek(p));
		s->init->e = parse_expr(p);
		expect_op(p, ';', "';'");
	}
	if (!is_op(peek(p), ';'))
		s->e = parse_expr(p);
	expect_op(p, ';', "';'");
	if (!is_op(peek(p), ')'))
		s->step = parse_expr(p);
	expect_op(p, ')', "')'");
	p->top = top;
	s->body = parse_body(p);
	return end_stmt(p, s);
}

static struct cstmt *parse_keyword(struct parser *p, struct tok *t)
{
	struct cstmt *s;

	if (is_word(t, "if")) {
		s = new_stmt(p, CS_IF, next(p));
		s->e = parse_paren_cond(p, "'(' after if");
		s->body = parse_body(p);
		if (is_word(peek(p), "else")) {
			next(p);
			s->els = parse_body(p);
		}
		return end_stmt(p, s);
	}
	if (is_word(t, "while")) {
		s = new_stmt(p, CS_WHILE, next(p));
		s->e = parse_paren_cond(p, "'(' after while");
		s->body = parse_body(p);
		return end_stmt(p, s);
	}
	if (is_word(t, "do")) {
		s = new_stmt(p, CS_DO, next(p));
		s->body = parse_body(p);
		if (peek(p)->kind == T_EOF)
			incomplete(p);
		if (!is_word(peek(p), "while"))
			fail(p, peek(p)->line, _("expected while after do's body"));
		next(p);
		s->e = parse_paren_cond(p, "'(' after while");
		end_simple(p);
		return end_stmt(p, s);
	}
	if (is_word(t, "for"))
		return parse_for(p, next(p));
	if (is_word(t, "break") || is_word(t, "continue")) {
		s = new_stmt(p, is_word(t, "break") ? CS_BREAK : CS_CONTINUE,
			     next(p));
		end_simple(p);
		return end_stmt(p, s);
	}
	/* return */
	s = new_stmt(p, CS_RETURN, next(p));
	if (!is_op(peek(p), ';') && peek(p)->kind != T_EOF)
		s->e = parse_expr(p);
	end_simple(p);
	return end_stmt(p, s);
}

static struct cstmt *parse_define(struct parser *p, struct tok *first)
{
	struct cstmt *s = new_stmt(p, CS_DEFINE, first);
	struct tok *name = next(p);

	if (name->kind != T_IDENT)
		fail(p, first->line, _("#define needs a NAME and a VALUE"));
	if (is_op(peek(p), '(') && peek(p)->start == name->end)
		fail(p, first->line, _("macros with parameters are outside the subset: #define NAME VALUE only"));
	s->name = name->s;
	if (peek(p)->kind == T_PPEND)
		fail(p, first->line, _("#define %s needs a value: a number or a \"string\""),
		     name->s);
	s->e = parse_expr(p);
	if (peek(p)->kind != T_PPEND)
		fail(p, first->line, _("#define %s: one value only, a number, a \"string\" or an expression"),
		     name->s);
	next(p);
	return end_stmt(p, s);
}

static const char *const unsupported[][2] = {
	{ "switch", N_("switch is outside the subset: use if / else if") },
	{ "goto", N_("goto is outside the subset: use a loop with break") },
	{ "typedef", N_("typedef is outside the subset: write the type out") },
	{ "union", N_("unions are outside the subset: the endian command shows the union trick") },
	{ "enum", N_("enum is outside the subset: use #define NAME VALUE") },
	{ "float", N_("floating point is outside the subset: use whole numbers") },
	{ "double", N_("floating point is outside the subset: use whole numbers") },
	{ "case", N_("case is outside the subset: use if / else if") },
	{ "default", N_("default is outside the subset: use if / else") },
	{ "else", N_("else without if: put else on the line of the if's closing }") },
};

static struct cstmt *parse_stmt(struct parser *p)
{
	struct tok *t = peek(p);
	struct cstmt *s;
	size_t i;

	if (t->kind == T_EOF)
		incomplete(p);
	if (t->kind == T_DEFINE) {
		next(p);
		return parse_define(p, t);
	}
	if (accept_op(p, ';'))
		return end_stmt(p, new_stmt(p, CS_EMPTY, t));
	if (accept_op(p, '{'))
		return parse_block(p, t);
	if (is_op(t, '}'))
		fail(p, t->line, _("'}' closes nothing: paste the block whole, from its '{' (an else goes on the line of the if's '}')"));
	if (t->kind == T_IDENT) {
		for (i = 0; i < ARRAY_SIZE(unsupported); i++)
			if (strcmp(t->s, unsupported[i][0]) == 0)
				fail(p, t->line, "%s", _(unsupported[i][1]));
		if (is_word(t, "if") || is_word(t, "while") ||
		    is_word(t, "do") || is_word(t, "for") ||
		    is_word(t, "break") || is_word(t, "continue") ||
		    is_word(t, "return"))
			return parse_keyword(p, t);
		if (is_type_word(t))
			return parse_decl(p, t);
	}
	s = new_stmt(p, CS_EXPR, t);
	s->e = parse_expr(p);
	end_simple(p);
	return end_stmt(p, s);
}

/* The socket calls, which a "// => RESULT" comment can check. */
static int is_socket_call(const char *name)
{
	static const char *const names[] = {
		"socket", "bind", "listen", "accept", "accept4", "connect",
		"send", "recv", "read", "write", "sendto", "recvfrom", "close",
		"shutdown", "setsockopt", "getsockopt", "getsockname",
		"getpeername",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* Each "// => RESULT" checks the first socket call of its line. */
static void place_notes(struct parser *p)
{
	struct cexpr *best;
	size_t i, j;

	for (i = 0; i < p->nnotes; i++) {
		best = NULL;
		for (j = 0; j < p->ncalls; j++)
			if (p->calls[j]->line == p->notes[i].line &&
			    is_socket_call(p->calls[j]->str) &&
			    (best == NULL || p->calls[j]->start < best->start))
				best = p->calls[j];
		if (best == NULL)
			fail(p, p->notes[i].line, _("'// => ...' checks a socket call, and this line makes none"));
		best->expect = p->notes[i].text;
	}
}

static void parse_all(struct parser *p, struct cprog *prog)
{
	struct cstmt **list = NULL;
	int n = 0, cap = 0;

	while (peek(p)->kind != T_EOF) {
		if (n == cap) {
			struct cstmt **bigger;

			cap = cap ? cap * 2 : 16;
			bigger = palloc(p, sizeof(*list) * (size_t)cap);
			if (n)
				memcpy(bigger, list, sizeof(*list) * (size_t)n);
			list = bigger;
		}
		p->top = 1;
		p->depth = 0;
		list[n++] = parse_stmt(p);
	}
	place_notes(p);
	prog->list = list;
	prog->n = n;
}

enum cparse_status cparse(const char *text, size_t len, struct cprog *prog,
			  struct sbuf *err)
{
	struct parser p;

	memset(prog, 0, sizeof(*prog));
	memset(&p, 0, sizeof(p));
	prog->src = text;
	prog->srclen = len;
	p.src = text;
	p.len = len;
	p.line = 1;
	p.multiline = len > 1 && memchr(text, '\n', len - 1) != NULL;
	p.arena = &prog->arena;
	p.err = err;
	p.status = CPARSE_OK;
	if (memchr(text, '\0', len))
		sbuf_add(err, _("a NUL byte in C text"));
	else if (setjmp(p.fail) == 0) {
		lex(&p);
		parse_all(&p, prog);
	}
	if (err->len && p.status == CPARSE_OK)
		p.status = CPARSE_ERROR;
	free(p.toks);
	free(p.notes);
	free(p.calls);
	sbuf_free(&p.str);
	if (p.status != CPARSE_OK) {
		prog->list = NULL;
		prog->n = 0;
	}
	return p.status;
}

/* ---- telling C from commands ----------------------------------------- */

static const char *const c_words[] = {
	"int", "char", "short", "long", "unsigned", "signed", "const",
	"struct", "ssize_t", "size_t", "socklen_t", "in_port_t", "in_addr_t",
	"uint16_t", "uint32_t", "uint8_t", "void", "if", "else", "while",
	"for", "do", "return", "break", "continue", "static", "switch",
	"typedef", "union", "enum", "goto", "float", "double",
};

int cparse_is_c(const char *line)
{
	const char *s = line + strspn(line, " \t"), *w;
	size_t n, i, len;
	char q;

	if (strncmp(s, "//", 2) == 0 || strncmp(s, "/*", 2) == 0 ||
	    *s == '{' || *s == '}')
		return 1;
	if (*s == '#') {
		w = s + 1 + strspn(s + 1, " \t");
		return strncmp(w, "include", 7) == 0 ||
		       strncmp(w, "define", 6) == 0;
	}
	for (n = 0; isalnum((unsigned char)s[n]) || s[n] == '_'; n++)
		;
	if (n == 0)
		return 0;
	for (i = 0; i < ARRAY_SIZE(c_words); i++)
		if (c_words[i][0] == *s && strncmp(s, c_words[i], n) == 0 &&
		    c_words[i][n] == '\0')
			return 1;
	w = s + n + strspn(s + n, " \t");
	/* A field or an element right after the name ("a.sin_port",
	 * "buf[0]"), but "sockaddr [::1]:80" is a command. */
	if ((s[n] == '.' || s[n] == '[') &&
	    (isalpha((unsigned char)s[n + 1]) || s[n + 1] == '_' ||
	     (s[n] == '[' && isalnum((unsigned char)s[n + 1]))))
		return 1;
	/* "n++", but "trace --draw" is a command with an option word */
	if (*w == '(' || strncmp(w, "->", 2) == 0 ||
	    ((strncmp(w, "++", 2) == 0 || strncmp(w, "--", 2) == 0) &&
	     !isalnum((unsigned char)w[2]) && w[2] != '_' && w[2] != '-') ||
	    strncmp(w, "+=", 2) == 0 || strncmp(w, "-=", 2) == 0)
		return 1;
	/* "x = 5;" is C, "lfd = socket inet stream" a command; a trailing
	 * "// => 0" comment (outside quotes) does not count. */
	len = strlen(s);
	for (i = 0, q = 0; i < len; i++) {
		if (q && s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '"' || s[i] == '\'')
			q = q == s[i] ? 0 : q ? q : s[i];
		else if (!q && s[i] == '/' && s[i + 1] == '/')
			len = i;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return len && s[len - 1] == ';';
}
