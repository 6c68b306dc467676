/* show.c - all output of a session: records, state lines, errors, bytes.
 * Colour, arrows and quiet options live here and only here. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "cmd.h"
#include "consts.h"
#include "i18n.h"
#include "mdterm.h"
#include "parse.h"
#include "show.h"
#include "show-facts.h"

#define HEXDUMP_MAX 512		/* bytes shown in a hex dump */

static const char *const colors[] = {
	[STYLE_PLAIN] = "",
	[STYLE_CODE] = "\033[36m",	/* cyan: the C statement */
	[STYLE_OK] = "\033[32m",	/* green: success */
	[STYLE_ERR] = "\033[1;31m",	/* bold red: failure */
	[STYLE_NOTE] = "\033[33m",	/* yellow: explanations */
	[STYLE_STATE] = "\033[35m",	/* magenta: kernel state */
	[STYLE_DIM] = "\033[2m",
	[STYLE_BOLD] = "\033[1m",
	[STYLE_PROMPT] = "\033[1;34m",
};

const char *show_color(const struct session *s, enum show_style st)
{
	return s->opt.color ? colors[st] : "";
}

const char *show_reset(const struct session *s)
{
	return s->opt.color ? "\033[0m" : "";
}

const char *show_arrow(const struct session *s)
{
	return s->opt.utf8 ? "\xe2\x86\x92" : "->";
}

#define PROSE_WIDTH_MAX 100	/* longer lines are hard to read */
#define PROSE_WIDTH_NO_TTY 80	/* when the output is no terminal */

void show_markdown(struct session *s, const char *md)
{
	size_t cols = s->opt.columns > 0 ? (size_t)s->opt.columns :
					   PROSE_WIDTH_NO_TTY;
	struct md_style st = {
		.width = cols < PROSE_WIDTH_MAX ? cols : PROSE_WIDTH_MAX,
		.color = s->opt.color,
		.utf8 = s->opt.utf8,
	};
	struct sbuf out = SBUF_INIT;

	md_render(md, strlen(md), &st, &out);
	fprintf(s->out, "\n%s\n", sbuf_str(&out));
	sbuf_free(&out);
}

void show_styled(struct session *s, enum show_style st, const char *text)
{
	fprintf(s->out, "%s%s%s", show_color(s, st), text,
		*show_color(s, st) ? show_reset(s) : "");
}

/* Print each line of text indented, in a style. */
static void print_lines(struct session *s, enum show_style st,
			const char *indent, const char *text)
{
	const char *p = text, *nl;

	const char *on = show_color(s, st), *off = show_reset(s);
	size_t n;

	if (*indent == '\0' && *on == '\0' && *off == '\0') {
		/* Nothing to put around each line: the text as it is. */
		n = strlen(text);
		fwrite(text, 1, n, s->out);
		if (n && text[n - 1] != '\n')
			putc('\n', s->out);
		return;
	}
	while (*p) {
		nl = strchrnul(p, '\n');
		fputs(indent, s->out);
		fputs(on, s->out);
		fwrite(p, 1, (size_t)(nl - p), s->out);
		fputs(off, s->out);
		putc('\n', s->out);
		if (*nl == '\0')
			break;
		p = nl + 1;
	}
}

void show_error(struct session *s, const char *msg)
{
	/* TRANSLATORS: the colour, "error:", the colour's end, the message. */
	fprintf(s->out, _("%serror:%s %s\n"), show_color(s, STYLE_ERR),
		show_reset(s), msg);
}

void show_note(struct session *s, const char *msg)
{
	/* TRANSLATORS: the colour, "note:", the colour's end. */
	fprintf(s->out, _("%snote:%s "), show_color(s, STYLE_NOTE),
		show_reset(s));
	print_lines(s, STYLE_PLAIN, "", msg);
}

static size_t wait_width;	/* of the wait line on the screen */

void show_wait(struct session *s, long left_s, const char *next)
{
	struct sbuf line = SBUF_INIT;
	size_t w;

	sbuf_add(&line, "  ");
	if (left_s >= 0)
		sbuf_addf(&line, _("waiting: %ld s left"), left_s);
	else
		sbuf_add(&line, _("waiting (Ctrl-C stops it)"));
	if (next)
		sbuf_addf(&line, "; %s", next);
	w = i18n_width(sbuf_str(&line));
	fprintf(s->out, "\r%s%s%s%*s", show_color(s, STYLE_DIM),
		sbuf_str(&line), show_reset(s),
		w < wait_width ? (int)(wait_width - w) : 0, "");
	wait_width = w;
	fflush(s->out);
	sbuf_free(&line);
}

void show_wait_end(struct session *s)
{
	if (wait_width == 0)
		return;
	fprintf(s->out, "\r%*s\r", (int)wait_width, "");
	wait_width = 0;
}

static void show_result(struct session *s, const struct record *r)
{
	const char *name;

	if (r->ret != -1) {
		struct sbuf b = SBUF_INIT;

		sbuf_add(&b, show_color(s, STYLE_OK));
		sbuf_add(&b, show_arrow(s));
		sbuf_addc(&b, ' ');
		sbuf_addnum(&b, r->ret);
		sbuf_add(&b, show_reset(s));
		fputs(sbuf_str(&b), s->out);
		sbuf_free(&b);
		return;
	}
	name = consts_errno_name(r->err);
	fprintf(s->out, "%s%s -1 %s%s (%s)", show_color(s, STYLE_ERR),
		show_arrow(s), name ? name : "", show_reset(s),
		strerror(r->err));
}

const char *show_explanation(const struct record *r)
{
	const char *why = NULL;
	int i;

	if (!r->has_ret || r->ret != -1)
		return NULL;
	if (r->interrupted == 2)
		return _("sockrepl gave up waiting (replay time-out, see 'set timeout'):\nin a live session this call would still be blocked.");
	/* The same errno means another mistake for a path than for a port. */
	for (i = 0; i < r->ntyped && why == NULL; i++)
		if (r->typed[i].kind == ARG_ADDR)
			why = consts_errno_explain_family(
				r->call, r->err, r->typed[i].addr.ss.ss_family);
	return why ? why : consts_errno_explain_args(r->call, r->err, r->arg,
						     r->narg);
}

void show_c_call(struct sbuf *out, const struct record *r, const char *lhs)
{
	if (lhs == NULL)
		lhs = r->ret_var;
	if (lhs && r->ret_type) {	/* "int lfd = " */
		sbuf_add(out, r->ret_type);
		sbuf_addc(out, ' ');
		sbuf_add(out, lhs);
		sbuf_add(out, " = ");
	}
	sbuf_add(out, r->call);
	sbuf_addc(out, '(');
	sbuf_addn(out, sbuf_str(&r->args), r->args.len);
	sbuf_add(out, ");");
}

/* A string literal of more units (characters, or escapes) than this is
 * shown cut to its first SHOW_LITERAL_KEEP: a send of 60,000 bytes is one
 * statement, not a screenful of \0. */
#define SHOW_LITERAL_MAX 96
#define SHOW_LITERAL_KEEP 48

/* The length of the unit at p inside a literal: a character, or a whole
 * escape (\n, \xHH, \0 and its octal digits). */
static size_t literal_unit(const char *p)
{
	size_t n = 2;

	if (*p != '\\' || p[1] == '\0')
		return 1;
	if (p[1] == 'x')
		while (n < 4 && isxdigit((unsigned char)p[n]))
			n++;
	else if (p[1] >= '0' && p[1] <= '7')
		while (n < 4 && p[n] >= '0' && p[n] <= '7')
			n++;
	return n;
}

/* The C statement c as shown: each run of string literals (split ones,
 * "\0""1", count as one) longer than SHOW_LITERAL_MAX units is cut, and
 * a comment says so; the record, export and JSON keep it whole. */
static void shorten_literals(const char *c, struct sbuf *out)
{
	while (*c) {
		const char *q = c, *cut = NULL;
		size_t units = 0, u;

		if (*c != '"') {
			q = strchrnul(c, '"');
			sbuf_addn(out, c, (size_t)(q - c));
			c = q;
			continue;
		}
		while (*q == '"') {	/* a run of adjacent literals */
			for (q++; *q && *q != '"'; q += u) {
				u = literal_unit(q);
				if (++units == SHOW_LITERAL_KEEP)
					cut = q + u;
			}
			if (*q == '"')
				q++;
		}
		if (units <= SHOW_LITERAL_MAX) {
			sbuf_addn(out, c, (size_t)(q - c));
		} else {
			sbuf_addn(out, c, (size_t)(cut - c));
			/* TRANSLATORS: in C, after the start of a long string. */
			sbuf_addf(out, _("\" /* ... %zu characters shortened */"),
				  units - SHOW_LITERAL_KEEP);
		}
		c = q;
	}
}

static void show_call(struct session *s, const struct record *r,
		      const char *lhs)
{
	const char *why;

	if (r->interrupted == 1 && s->opt.interactive)
		fputc('\n', s->out);	/* after the terminal's "^C" */
	if (s->opt.show_c && r->setup.len)
		print_lines(s, STYLE_CODE, "", sbuf_str(&r->setup));
	if (s->opt.show_c) {
		struct sbuf c = SBUF_INIT;

		struct sbuf call = SBUF_INIT;

		sbuf_add(&c, show_color(s, STYLE_CODE));
		show_c_call(&call, r, lhs);
		if (call.len > SHOW_LITERAL_MAX)
			shorten_literals(sbuf_str(&call), &c);
		else
			sbuf_addn(&c, sbuf_str(&call), call.len);
		sbuf_free(&call);
		sbuf_add(&c, show_reset(s));
		sbuf_add(&c, "   ");
		fputs(sbuf_str(&c), s->out);
		sbuf_free(&c);
	}
	if (r->has_ret)
		show_result(s, r);
	if (r->note.len)
		fprintf(s->out, "  %s%s%s", show_color(s, STYLE_DIM),
			sbuf_str(&r->note), show_reset(s));
	fputc('\n', s->out);
	if (s->opt.show_c && r->after.len)
		print_lines(s, STYLE_CODE, "", sbuf_str(&r->after));
	why = s->opt.explain ? show_explanation(r) : NULL;
	if (why)
		print_lines(s, STYLE_NOTE, "  ", why);
}

/* The facts a handler recorded, each worded by show-facts.c. */
static void show_facts(struct session *s, const struct record *r)
{
	struct sbuf b = SBUF_INIT;
	int i;

	for (i = 0; i < r->nfacts; i++) {
		sbuf_reset(&b);
		show_fact(&b, &r->facts[i]);
		print_lines(s, STYLE_PLAIN, "", sbuf_str(&b));
	}
	sbuf_free(&b);
}

void show_record(struct session *s, const struct record *r, const char *lhs)
{
	if (r->call)
		show_call(s, r, lhs);
	show_facts(s, r);
	if (r->draw) {
		struct sbuf b = SBUF_INIT;

		show_draw(&b, r->draw, s->opt.utf8,
			  s->opt.columns > 0 ? (size_t)s->opt.columns : 0);
		print_lines(s, STYLE_PLAIN, "", sbuf_str(&b));
		sbuf_free(&b);
	}
	if (r->out.len)
		print_lines(s, STYLE_PLAIN, "", sbuf_str(&r->out));
}

static int is_text(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' &&
		     p[i] != '\t') || p[i] >= 0x7f)
			return 0;
	return 1;
}

void show_bytes(struct sbuf *out, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t off, i, shown = n < HEXDUMP_MAX ? n : HEXDUMP_MAX;

	sbuf_add(out, "  \"");
	parse_quote_c(out, b, shown);
	sbuf_addf(out, "\"%s  ", shown < n ? "..." : "");
	sbuf_addf(out, ngettext("(%zu byte)\n", "(%zu bytes)\n", n), n);
	if (is_text(b, n))
		return;
	for (off = 0; off < shown; off += 16) {
		sbuf_addf(out, "  %04zx  ", off);
		for (i = off; i < off + 16; i++) {
			if (i < shown)
				sbuf_addf(out, "%02x ", b[i]);
			else
				sbuf_add(out, "   ");
			if (i == off + 7)
				sbuf_addc(out, ' ');
		}
		sbuf_add(out, " ");
		for (i = off; i < off + 16 && i < shown; i++)
			sbuf_addc(out, b[i] >= 0x20 && b[i] < 0x7f ?
				  (char)b[i] : '.');
		sbuf_addc(out, '\n');
	}
	if (shown < n)
		sbuf_addf(out, _("  ... %zu more bytes not shown\n"),
			  n - shown);
}

void show_state_lines(struct session *s, const char *lines)
{
	print_lines(s, STYLE_STATE, "", lines);
}
