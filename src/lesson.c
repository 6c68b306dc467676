/* lesson.c - parse executable Markdown lessons into steps. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson.h"
#include "parse.h"

#define PROMPT_RUN "sock> "
#define PROMPT_TURN "your turn> "
#define PROMPT_HINT "hint:"
#define PROMPT_GOAL "goal:"
#define PROMPT_LOOSE "loose:"
#define PROMPT_CHALLENGE "challenge> "
#define PROMPT_SOLUTION "solution> "
#define PROMPT_CHECK "check> "
#define PROMPT_OUTSIDE "outside> "

struct lesson_parser {
	struct lesson *l;
	struct sbuf prose;	/* narration waiting for the next step */
	const char *path;
	int lineno;
	struct sbuf *err;
};

static int perr(struct lesson_parser *p, const char *msg)
{
	sbuf_addf(p->err, "%s:%d: %s", p->path, p->lineno, msg);
	return -1;
}

/* The text after the indentation of a code line, or NULL if the line is
 * not indented as Markdown code (four spaces or a tab). */
static const char *code_text(const char *line)
{
	if (line[0] == '\t')
		line++;
	else if (strncmp(line, "    ", 4) == 0)
		line += 4;
	else
		return NULL;
	return line + strspn(line, " \t");
}

static char *take_prose(struct lesson_parser *p)
{
	char *s;
	size_t n = p->prose.len;

	/* Trim blank lines around the narration. */
	while (n && p->prose.s[n - 1] == '\n')
		n--;
	s = xstrndup(p->prose.len ? p->prose.s : "", n);
	sbuf_reset(&p->prose);
	return s;
}

/* 0 when the last step, if a challenge, has its solution and checks. */
static int challenge_complete(struct lesson_parser *p)
{
	const struct lesson_step *st;

	if (p->l->nsteps == 0)
		return 0;
	st = &p->l->steps[p->l->nsteps - 1];
	if (st->kind != LESSON_CHALLENGE || (st->solution && st->check))
		return 0;
	return perr(p, _("a 'challenge>' needs 'solution>' and 'check>' lines after it"));
}

/* 1 if cmd (n bytes) is an outside step the runner knows: "nc HOST
 * PORT", "type TEXT" or "close". */
static int outside_known(const char *cmd, size_t n)
{
	if (n > 3 && strncmp(cmd, "nc ", 3) == 0)
		return strchr(cmd + 3 + strspn(cmd + 3, " "), ' ') != NULL;
	if (n > 5 && strncmp(cmd, "type ", 5) == 0)
		return 1;
	return n == 5 && strncmp(cmd, "close", 5) == 0;
}

static int add_step(struct lesson_parser *p, enum lesson_step_kind kind,
		    const char *cmd)
{
	struct lesson *l = p->l;
	struct lesson_step *st;
	size_t n = strlen(cmd);

	while (n && (cmd[n - 1] == ' ' || cmd[n - 1] == '\t' ||
		     cmd[n - 1] == '\r'))
		n--;
	if (challenge_complete(p) < 0)
		return -1;
	if (n == 0)
		return perr(p, _("a step needs a command after the prompt"));
	if (kind == LESSON_YOUR_TURN && strstr(cmd, "=>") == NULL)
		return perr(p, _("a 'your turn>' step needs an expectation: your turn> CMD => RESULT"));
	if (kind == LESSON_OUTSIDE && !outside_known(cmd, n))
		return perr(p, _("an 'outside>' step is nc HOST PORT, type TEXT or close"));
	l->steps = xrealloc(l->steps, sizeof(*l->steps) * (l->nsteps + 1));
	st = &l->steps[l->nsteps++];
	st->kind = kind;
	st->lineno = p->lineno;
	st->command = xstrndup(cmd, n);
	st->hint = NULL;
	st->before = take_prose(p);
	st->goal = NULL;
	st->loose = 0;
	st->solution = NULL;
	st->check = NULL;
	st->attached = kind == LESSON_RUN && strncmp(cmd, "expect", 6) == 0 &&
		       (cmd[6] == ' ' || cmd[6] == '\t') && l->nsteps > 1 &&
		       (st[-1].kind == LESSON_YOUR_TURN || st[-1].attached) &&
		       *st->before == '\0';
	return 0;
}

/* The your-turn step a goal or loose line belongs to: the last step, with
 * no narration since; NULL after perr(). */
static struct lesson_step *turn_step(struct lesson_parser *p,
				     const char *what)
{
	struct lesson_step *st;
	struct sbuf m = SBUF_INIT;

	if (p->l->nsteps == 0 || p->prose.len ||
	    p->l->steps[p->l->nsteps - 1].kind != LESSON_YOUR_TURN) {
		sbuf_addf(&m, _("'%s' must follow a 'your turn>' step"), what);
		perr(p, sbuf_str(&m));
		sbuf_free(&m);
		return NULL;
	}
	st = &p->l->steps[p->l->nsteps - 1];
	return st;
}

static int add_goal(struct lesson_parser *p, const char *text)
{
	struct lesson_step *st = turn_step(p, PROMPT_GOAL);

	if (st == NULL)
		return -1;
	text += strspn(text, " \t");
	if (st->goal || *text == '\0')
		return perr(p, _("a 'your turn>' step takes one 'goal:' line, with text"));
	st->goal = xstrdup(text);
	return 0;
}

/* "loose: 2 3" or "loose: all". */
static int add_loose(struct lesson_parser *p, const char *text)
{
	struct lesson_step *st = turn_step(p, PROMPT_LOOSE);
	char *end;
	long n;

	if (st == NULL)
		return -1;
	text += strspn(text, " \t");
	if (strncmp(text, "all", 3) == 0 && text[3 + strspn(text + 3, " \t")]
	    == '\0') {
		st->loose = LESSON_LOOSE_ALL;
		return 0;
	}
	if (*text == '\0')
		goto bad;
	while (*text) {
		n = strtol(text, &end, 10);
		if (end == text || n < 1 || n > LESSON_LOOSE_MAX ||
		    (*end && *end != ' ' && *end != '\t'))
			goto bad;
		st->loose |= 1UL << n;
		text = end + strspn(end, " \t");
	}
	return 0;
bad:
	return perr(p, _("'loose:' takes argument numbers (1 is the first word after the command) or all"));
}

/* Append line to *field, joining with '\n'. */
static void join_line(char **field, const char *line)
{
	struct sbuf b = SBUF_INIT;

	if (*field) {
		sbuf_add(&b, *field);
		sbuf_addc(&b, '\n');
		free(*field);
	}
	sbuf_add(&b, line);
	*field = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
}

/* A challenge's "solution>" (check 0) or "check>" (check 1) line. */
static int add_challenge_line(struct lesson_parser *p, const char *text,
			      int check)
{
	struct lesson_step *st;
	char *t;
	size_t n;
	int r = 0;

	if (p->l->nsteps == 0 ||
	    p->l->steps[p->l->nsteps - 1].kind != LESSON_CHALLENGE ||
	    p->prose.len)
		return perr(p, check ? _("'check>' must follow a 'challenge>'") :
				       _("'solution>' must follow a 'challenge>'"));
	st = &p->l->steps[p->l->nsteps - 1];
	text += strspn(text, " \t");
	n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	t = xstrndup(text, n);
	if (n == 0)
		r = perr(p, _("a step needs a command after the prompt"));
	else if (check && strncmp(t, "ran ", 4) == 0 && !strstr(t, "=>"))
		r = perr(p, _("a 'check> ran' line needs a result: check> ran CMD => RESULT"));
	else
		join_line(check ? &st->check : &st->solution, t);
	free(t);
	return r;
}

static int add_hint(struct lesson_parser *p, const char *text)
{
	struct lesson_step *st;
	struct sbuf h = SBUF_INIT;

	if (p->l->nsteps == 0 ||
	    (p->l->steps[p->l->nsteps - 1].kind != LESSON_YOUR_TURN &&
	     p->l->steps[p->l->nsteps - 1].kind != LESSON_CHALLENGE) ||
	    p->prose.len)
		return perr(p, _("'hint:' must follow a 'your turn>' step"));
	st = &p->l->steps[p->l->nsteps - 1];
	text += strspn(text, " \t");
	if (st->hint) {
		sbuf_add(&h, st->hint);
		sbuf_addc(&h, '\n');
		free(st->hint);
	}
	sbuf_add(&h, text);
	st->hint = xstrdup(sbuf_str(&h));
	sbuf_free(&h);
	return 0;
}

static int parse_one_line(struct lesson_parser *p, const char *line)
{
	const char *code = code_text(line);

	if (p->l->title == NULL && strncmp(line, "# ", 2) == 0) {
		p->l->title = xstrdup(line + 2);
		return 0;
	}
	if (code && strncmp(code, PROMPT_RUN, strlen(PROMPT_RUN)) == 0)
		return add_step(p, LESSON_RUN, code + strlen(PROMPT_RUN));
	if (code && strncmp(code, PROMPT_TURN, strlen(PROMPT_TURN)) == 0)
		return add_step(p, LESSON_YOUR_TURN,
				code + strlen(PROMPT_TURN));
	if (code && strncmp(code, PROMPT_HINT, strlen(PROMPT_HINT)) == 0)
		return add_hint(p, code + strlen(PROMPT_HINT));
	if (code && strncmp(code, PROMPT_GOAL, strlen(PROMPT_GOAL)) == 0)
		return add_goal(p, code + strlen(PROMPT_GOAL));
	if (code && strncmp(code, PROMPT_LOOSE, strlen(PROMPT_LOOSE)) == 0)
		return add_loose(p, code + strlen(PROMPT_LOOSE));
	if (code && strncmp(code, PROMPT_CHALLENGE,
			    strlen(PROMPT_CHALLENGE)) == 0)
		return add_step(p, LESSON_CHALLENGE,
				code + strlen(PROMPT_CHALLENGE));
	if (code && strncmp(code, PROMPT_SOLUTION,
			    strlen(PROMPT_SOLUTION)) == 0)
		return add_challenge_line(p, code + strlen(PROMPT_SOLUTION), 0);
	if (code && strncmp(code, PROMPT_CHECK, strlen(PROMPT_CHECK)) == 0)
		return add_challenge_line(p, code + strlen(PROMPT_CHECK), 1);
	if (code && strncmp(code, PROMPT_OUTSIDE, strlen(PROMPT_OUTSIDE)) == 0)
		return add_step(p, LESSON_OUTSIDE,
				code + strlen(PROMPT_OUTSIDE));
	if (p->prose.len == 0 && line[strspn(line, " \t\r")] == '\0')
		return 0;	/* no leading blank lines */
	sbuf_add(&p->prose, line);
	sbuf_addc(&p->prose, '\n');
	return 0;
}

int lesson_parse(const char *path, const char *text, size_t len,
		 struct lesson **out, struct sbuf *err)
{
	struct lesson_parser p;
	const char *s = text, *end = text + len, *nl;
	char *line;
	size_t n;
	int r = 0;

	memset(&p, 0, sizeof(p));
	p.l = xcalloc(1, sizeof(*p.l));
	p.l->path = xstrdup(path);
	p.path = path;
	p.err = err;
	if (memchr(text, '\0', len))
		r = perr(&p, _("NUL byte in lesson file"));
	p.l->hash = lesson_hash(text, len);
	/* A UTF-8 byte-order mark some editors write is not the title. */
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (r == 0 && s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		p.lineno++;
		if (n && s[n - 1] == '\r')
			n--;	/* a CRLF file reads as the same lesson */
		if (n > PARSE_MAX_LINE) {
			sbuf_addf(err, _("%s:%d: line longer than %d bytes"), path,
				  p.lineno, PARSE_MAX_LINE);
			r = -1;
			break;
		}
		line = xstrndup(s, n);
		r = parse_one_line(&p, line);
		free(line);
		s = nl ? nl + 1 : end;
	}
	if (r == 0)
		r = challenge_complete(&p);
	if (r == 0 && p.l->title == NULL)
		r = perr(&p, _("a lesson starts with a title line: # N. Title"));
	if (r == 0 && p.l->nsteps == 0)
		r = perr(&p, _("a lesson needs at least one '    sock> ' step"));
	p.l->after = take_prose(&p);
	sbuf_free(&p.prose);
	if (r < 0) {
		lesson_free(p.l);
		return -1;
	}
	*out = p.l;
	return 0;
}

/* Read at most LESSON_MAX_SIZE + 1 bytes of f into text: one more tells
 * a file that is too large. Returns 0, or -1 with errno set. */
static int read_text(FILE *f, struct sbuf *text)
{
	char buf[8192];
	size_t n;

	while (text->len <= LESSON_MAX_SIZE &&
	       (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_addn(text, buf, n);
	return ferror(f) ? -1 : 0;
}

int lesson_load(const char *path, struct lesson **out, struct sbuf *err)
{
	struct sbuf text = SBUF_INIT;
	FILE *f = fopen(path, "r");
	int r = -1;

	if (f == NULL || read_text(f, &text) < 0) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		r = -2;
	} else if (text.len > LESSON_MAX_SIZE) {
		sbuf_addf(err, _("%s: larger than %d bytes: not a lesson"), path,
			  LESSON_MAX_SIZE);
	} else {
		r = lesson_parse(path, sbuf_str(&text), text.len, out, err);
	}
	if (f)
		fclose(f);
	sbuf_free(&text);
	return r;
}

void lesson_free(struct lesson *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nsteps; i++) {
		free(l->steps[i].command);
		free(l->steps[i].hint);
		free(l->steps[i].before);
		free(l->steps[i].goal);
		free(l->steps[i].solution);
		free(l->steps[i].check);
	}
	free(l->steps);
	free(l->path);
	free(l->title);
	free(l->after);
	free(l);
}

uint64_t lesson_hash(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a offset basis */

	while (len--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;		/* FNV prime */
	}
	return h;
}

int lesson_is_markdown(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".md") == 0;
}
