/* script.c - replay a script or lesson file as a transcript, or check it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "closeout.h"
#include "cexec.h"
#include "cmd.h"
#include "i18n.h"
#include "lesson.h"
#include "parse.h"
#include "script.h"
#include "show-json.h"
#include "show.h"
#include "sig.h"

struct replay {
	struct session *s;
	const struct script_opts *o;
	const char *path;
	FILE *real_out;		/* where the transcript goes */
	FILE *tty;		/* for --step */
	struct cinput cin;	/* C collected over several lines */
	int c_lineno;		/* the line where it began */
	struct lesson_challenge *ch;	/* the challenge being solved */
	int nexpect;
	int status;
};

/* Whether f is a regular file: all of it is there, nobody writes it line
 * by line while waiting for answers. */
static int input_is_file(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
}

/* Nothing but the verdicts (--check) or the JSON objects: no echo, no
 * narration. */
static int quiet(const struct replay *r)
{
	return (r->o->check && !r->o->verbose) || r->s->opt.json;
}

static void echo(struct replay *r, const char *prompt, const char *line)
{
	struct session *s = r->s;

	const unsigned char *p;

	/* Echo control bytes escaped: a script must not drive the terminal. */
	fputs(show_color(s, STYLE_PROMPT), s->out);
	fputs(prompt, s->out);
	fputs(show_reset(s), s->out);
	for (p = (const unsigned char *)line; *p; p++) {
		size_t n = 0;

		while (p[n] && !((p[n] < 0x20 && p[n] != '\t') || p[n] == 0x7f))
			n++;
		fwrite(p, 1, n, s->out);	/* the printable run */
		p += n;
		if (*p == '\0')
			break;
		fprintf(s->out, "\\x%02x", *p);
	}
	fputc('\n', s->out);
}

static void wait_enter(struct replay *r)
{
	char buf[256];

	if (r->tty == NULL)
		return;
	fprintf(r->real_out, _("%s[Enter runs the next command]%s "),
		show_color(r->s, STYLE_DIM), show_reset(r->s));
	fflush(r->real_out);
	if (fgets(buf, sizeof(buf), r->tty) == NULL)
		r->s->quit = 1;
}

/* Say on stderr why the replay of a line failed or stops; in quiet check
 * mode its output (buf) comes with it. Returns the new status. */
static int report(struct replay *r, int lineno, const char *prompt,
		  const char *line, const char *buf,
		  const struct exec_result *res)
{
	int status = 1;

	fflush(r->real_out);	/* the report after the transcript */
	if (res->status == EXEC_MISMATCH)
		fprintf(stderr, _("%s:%d: expected %s, got %s\n"), r->path,
			lineno, sbuf_str(&res->expected), sbuf_str(&res->got));
	else if (res->status == EXEC_ERROR)
		fprintf(stderr, _("%s:%d: this line could not be run\n"), r->path,
			lineno);
	if (sig_int_pending) {
		fprintf(stderr, _("%s:%d: interrupted\n"), r->path, lineno);
		/* Ctrl-C; SIGTERM or SIGHUP end with their own number */
		status = 128 + (sig_exit_pending ? sig_exit_pending : SIGINT);
	}
	if (r->o->check && !r->o->verbose && buf)
		fprintf(stderr, "  %s%s\n%s", prompt, line, buf);
	return status > r->status ? status : r->status;
}

/* Run one line; in check mode its output is kept aside and shown only if
 * it fails. A Ctrl-C (in a blocked call, or before the line runs) stops
 * the replay after it. Returns 0 to go on, 1 to stop. */
static int replay_line(struct replay *r, int lineno, const char *prompt,
		       const char *line, int is_c)
{
	struct session *s = r->s;
	struct exec_result res;
	char *buf = NULL;
	size_t size = 0;
	int stop = 0, failed;

	if (r->o->step && line[strspn(line, " \t")] &&
	    line[strspn(line, " \t")] != '#')
		wait_enter(r);
	exec_result_init(&res);
	if (s->quit || sig_int_pending) {
		if (sig_int_pending)	/* never run a line after Ctrl-C */
			r->status = report(r, lineno, prompt, line, NULL, &res);
		return 1;
	}
	if (r->o->check && !r->o->verbose && !s->opt.json)
		s->out = open_memstream(&buf, &size);
	if (s->out == NULL)
		s->out = r->real_out;
	if (!quiet(r) && is_c <= 0)
		echo(r, prompt, line);
	s->lineno = lineno;
	if (r->ch)
		lesson_challenge_run(r->ch, s, line, &res);
	else if (is_c > 0 || (is_c == 0 && cparse_is_c(line)))
		/* C: a lesson's step may be; -1: known not to be */
		cexec_run(s, line, strlen(line), &res);
	else
		cmd_execute(s, line, strlen(line), &res);
	if (buf || s->out != r->real_out) {
		fclose(s->out);
		s->out = r->real_out;
	}
	r->nexpect += res.has_expect;
	failed = res.status == EXEC_MISMATCH || res.status == EXEC_ERROR;
	if (failed || sig_int_pending) {
		r->status = report(r, lineno, prompt, line, buf, &res);
		stop = r->o->check || sig_int_pending;
	}
	if (res.status == EXEC_QUIT)
		stop = 1;
	if (out_check(r->real_out) < 0) {
		if (r->status == 0)
			r->status = 1;	/* close_stdout() reports it */
		stop = 1;
	}
	exec_result_free(&res);
	free(buf);
	return stop;
}

/* A comment line of a script reads as narration in the transcript. */
static void comment(struct replay *r, const char *line)
{
	if (quiet(r))
		return;
	fprintf(r->s->out, "%s%s%s\n", show_color(r->s, STYLE_DIM), line,
		show_reset(r->s));
}

/* A "line" that runs on this far without a newline is not a script
 * (/dev/zero, a binary): reading stops, where a shorter overlong line is
 * skipped and the replay goes on. */
#define SCRIPT_MAX_RUNAWAY (1 << 20)

enum read_status { READ_LINE, READ_EOF, READ_ERROR, READ_TOO_LONG,
		   READ_RUNAWAY };

/*
 * Read one line into buf (PARSE_MAX_LINE + 2 bytes), without its "\n" or
 * "\r\n", and set *len. Of a longer line only the first bytes are kept,
 * so that memory stays small whatever the input. READ_ERROR leaves errno
 * set (EISDIR for a directory).
 */
static enum read_status read_line(FILE *f, char *buf, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n <= PARSE_MAX_LINE)	/* the limit, and a '\r' */
			buf[n] = (char)c;
		else if (n == SCRIPT_MAX_RUNAWAY)
			return READ_RUNAWAY;
		n++;
	}
	if (c == EOF && ferror(f))
		return READ_ERROR;
	if (c == EOF && n == 0)
		return READ_EOF;
	if (n > PARSE_MAX_LINE + 1)
		return READ_TOO_LONG;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (n > PARSE_MAX_LINE)
		return READ_TOO_LONG;
	buf[n] = '\0';
	*len = n;
	return READ_LINE;
}

/* A UTF-8 byte-order mark that some editors put first is not part of
 * line 1. */
static char *skip_bom(char *line, size_t *n)
{
	if (*n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		*n -= 3;
		return line + 3;
	}
	return line;
}

/* A line that cannot be run at all: an error in the transcript as for a
 * line that does not parse, FILE:LINE on stderr, and status 1. */
static void bad_line(struct replay *r, int lineno, const char *line,
		     const char *what)
{
	r->s->lineno = lineno;
	if (r->s->opt.json)
		show_json_error(r->s, line, strlen(line), NULL, what);
	else if (!r->o->check || r->o->verbose)
		show_error(r->s, what);
	fflush(r->real_out);	/* the report after the transcript */
	fprintf(stderr, "sockrepl: %s:%d: %s\n", r->path, lineno, what);
	r->status = 1;
}

/* A line of C: echoed, collected until the C is complete, then run as
 * one line would be. Returns 1 to stop. */
static int replay_c(struct replay *r, int lineno, const char *line)
{
	struct sbuf err = SBUF_INIT;
	int stop = 0;

	if (r->cin.lines == 0)
		r->c_lineno = lineno;
	if (!quiet(r))
		echo(r, r->cin.lines || r->cin.skip ? CEXEC_PROMPT : "sock> ",
		     line);
	switch (cexec_feed(&r->cin, line, &err)) {
	case CPARSE_ERROR:
		bad_line(r, lineno, line, sbuf_str(&err));
		stop = r->o->check;
		break;
	case CPARSE_OK:
		stop = replay_line(r, r->c_lineno, "sock> ", r->cin.text.s, 1);
		cinput_reset(&r->cin);
		break;
	case CPARSE_INCOMPLETE:
		break;
	}
	sbuf_free(&err);
	return stop;
}

/* The replay stops at line lineno for a signal (report() says which). */
static void interrupted(struct replay *r, int lineno)
{
	struct exec_result res;

	exec_result_init(&res);
	r->status = report(r, lineno, "", "", NULL, &res);
	exec_result_free(&res);
}

/* Run the lines of f until its end, a failure --check stops at, quit,
 * or input that is no script. */

static int replay_lines(struct replay *r, FILE *f)
{
	char *buf = xmalloc(PARSE_MAX_LINE + 2), *line = buf, msg[128];
	enum read_status st;
	size_t n;
	int lineno = 0;

	snprintf(msg, sizeof(msg), _("line longer than %d bytes"),
		 PARSE_MAX_LINE);
	for (;;) {
		/* A signal that came after the last line ran and before this
		 * read, or with the end of the input: stop now, saying so. */
		if (sig_int_pending) {
			interrupted(r, lineno + 1);
			break;
		}
		if ((st = read_line(f, buf, &n)) == READ_EOF) {
			if (sig_int_pending)
				interrupted(r, lineno + 1);
			break;
		}
		lineno++;
		line = lineno == 1 && st == READ_LINE ? skip_bom(buf, &n) : buf;
		if (st == READ_ERROR && errno == EINTR && sig_int_pending) {
			/* Ctrl-C, SIGTERM or SIGHUP while the next line was
			 * awaited (a pipe): the input is not at fault. */
			interrupted(r, lineno);
			break;
		}
		if (st == READ_ERROR) {
			fflush(r->real_out);
			fprintf(stderr, "sockrepl: %s: %s\n", r->path,
				strerror(errno));
			r->status = 2;
			break;
		}
		if (st == READ_TOO_LONG || st == READ_RUNAWAY ||
		    strlen(line) != n) {
			bad_line(r, lineno, line, st == READ_LINE ?
					    _("NUL byte in line") : msg);
			if (st == READ_RUNAWAY)
				fprintf(stderr, _("sockrepl: %s:%d: no newline in %d bytes: not a script, replay stopped\n"),
					r->path, lineno, SCRIPT_MAX_RUNAWAY);
			if (r->o->check || st == READ_RUNAWAY)
				break;
			continue;
		}
		if (line[strspn(line, " \t")] == '\0' && r->cin.lines == 0)
			continue;
		if (cexec_wants(&r->cin, line)) {
			if (replay_c(r, lineno, line))
				break;
			continue;
		}
		if (line[strspn(line, " \t")] == '#') {
			comment(r, line);
			if (out_check(r->real_out) < 0)
				break;
			continue;
		}
		if (replay_line(r, lineno, "sock> ", line, -1))
			break;
	}
	if (r->cin.lines && r->status < 2)
		bad_line(r, r->c_lineno, r->cin.text.s,
			 _("the C ends inside a construct: a block, comment or parenthesis is left open"));
	cinput_reset(&r->cin);
	free(buf);
	return r->status;
}

static void narrate(struct replay *r, const char *text)
{
	if (r->o->check || r->s->opt.json || *text == '\0')
		return;
	fprintf(r->s->out, "%s%s%s\n\n", show_color(r->s, STYLE_DIM), text,
		show_reset(r->s));
}

/* A challenge: its reference solution, then its checks. Returns 1 to
 * stop. */
static int replay_challenge(struct replay *r, const struct lesson_step *st)
{
	struct lesson_challenge ch;
	char *line;
	size_t i, k = 0;
	int stop = 0;

	if (!quiet(r))
		echo(r, "challenge> ", st->command);
	lesson_challenge_begin(&ch, st);
	r->ch = &ch;
	for (i = 0; !stop && (line = lesson_nth_line(st->solution, i)); i++) {
		stop = replay_line(r, st->lineno, "solution> ", line, 0);
		free(line);
	}
	r->ch = NULL;
	for (i = 0; !stop && (line = lesson_nth_line(st->check, i)); i++) {
		if (strncmp(line, "ran ", 4) != 0) {
			stop = replay_line(r, st->lineno, "check> ", line, 0);
		} else if (k++ >= ch.ran) {
			fflush(r->real_out);
			fprintf(stderr, _("%s:%d: no command of the solution matched: %s\n"),
				r->path, st->lineno, line);
			r->status = r->status ? r->status : 1;
			stop = r->o->check;
		}
		r->nexpect += strncmp(line, "ran ", 4) == 0;
		free(line);
	}
	return stop;
}

/* An outside step: the stand-in client plays the learner's other
 * terminal. Returns 1 to stop. */
static int replay_outside(struct replay *r, const struct lesson_step *st,
			  struct lesson_outside *o)
{
	struct sbuf cmd = SBUF_INIT, err = SBUF_INIT;
	int stop = 0;

	if (lesson_outside_expand(r->s, st->command, &cmd, &err) == 0 &&
	    !quiet(r)) {
		echo(r, "outside> ", sbuf_str(&cmd));
		comment(r, _("(a stand-in client plays this part)"));
	}
	if (err.len == 0)
		lesson_outside_standin(o, sbuf_str(&cmd), &err);
	if (err.len) {
		fflush(r->real_out);
		fprintf(stderr, "sockrepl: %s:%d: %s\n", r->path, st->lineno,
			sbuf_str(&err));
		r->status = r->status ? r->status : 1;
		stop = 1;
	}
	sbuf_free(&cmd);
	sbuf_free(&err);
	return stop;
}

/* Replay step st of a lesson; 1 to stop. */
static int replay_step(struct replay *r, const struct lesson_step *st,
		       struct lesson_outside *o)
{
	switch (st->kind) {
	case LESSON_CHALLENGE:
		return replay_challenge(r, st);
	case LESSON_OUTSIDE:
		return replay_outside(r, st, o);
	case LESSON_RUN:
		return replay_line(r, st->lineno, "sock> ", st->command, 0);
	case LESSON_YOUR_TURN:
		break;
	}
	return replay_line(r, st->lineno, "your turn> ", st->command, 0);
}

static int replay_lesson(struct replay *r)
{
	struct lesson_outside o;
	struct lesson *l;
	struct sbuf err = SBUF_INIT;
	size_t i;
	int loaded = lesson_load(r->path, &l, &err);

	if (loaded < 0) {
		fprintf(stderr, "sockrepl: %s\n", sbuf_str(&err));
		sbuf_free(&err);
		return loaded == -2 ? 2 : 1;	/* -2: unreadable */
	}
	lesson_outside_init(&o);
	if (!r->o->check && !r->s->opt.json)
		fprintf(r->s->out, "%s# %s%s\n\n", show_color(r->s, STYLE_BOLD),
			l->title, show_reset(r->s));
	for (i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];

		narrate(r, st->before);
		if (replay_step(r, st, &o))
			break;
	}
	if (i == l->nsteps)
		narrate(r, l->after);
	lesson_outside_done(&o);
	lesson_free(l);
	return r->status;
}

/* Open path on a high descriptor, leaving 3, 4, ... to the learner. */
static FILE *open_high(const char *path)
{
	int fd = session_high_fd(open(path, O_RDONLY | O_CLOEXEC));
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	if (f == NULL && fd >= 0)
		close(fd);
	return f;
}

/* 1 if path names a README.md, which sits among the lessons but is none. */
static int is_readme(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcasecmp(base ? base + 1 : path, "README.md") == 0;
}

int script_run(struct session *s, const char *path,
	       const struct script_opts *o, int *nexpect)
{
	struct replay r;
	FILE *f;
	int status;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.o = o;
	r.path = strcmp(path, "-") == 0 ? "(stdin)" : path;
	r.real_out = s->out;
	if (o->step) {
		r.tty = open_high("/dev/tty");
		if (r.tty == NULL) {
			fprintf(stderr, _("sockrepl: --step needs a terminal: %s\n"),
				strerror(errno));
			return 2;
		}
	}
	if (strcmp(path, "-") != 0 && is_readme(path)) {
		/* a glob of the lessons takes the folder's README along */
		fprintf(stderr, _("sockrepl: %s: a README, not a lesson: skipped\n"),
			path);
		status = 0;
	} else if (strcmp(path, "-") != 0 && lesson_is_markdown(path)) {
		out_lazy(r.real_out);	/* read whole before it runs */
		status = replay_lesson(&r);
	} else {
		f = strcmp(path, "-") == 0 ? stdin : open_high(path);
		if (f == NULL) {
			fprintf(stderr, "sockrepl: %s: %s\n", path,
				strerror(errno));
			status = 2;
		} else {
			/* A pipe or a terminal may be a program or a person
			 * that waits for each answer before it writes the
			 * next line: each line's output is written at once. */
			if (input_is_file(f))
				out_lazy(r.real_out);
			status = replay_lines(&r, f);
			if (f != stdin)
				fclose(f);
		}
	}
	out_lazy(NULL);
	if (r.tty)
		fclose(r.tty);
	fflush(s->out);
	if (nexpect)
		*nexpect += r.nexpect;
	return status;
}
