/* script.c - replay a script or lesson file as a transcript, or check it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson.h"
#include "script.h"
#include "show.h"
#include "sig.h"

struct replay {
	struct session *s;
	const struct script_opts *o;
	const char *path;
	FILE *real_out;		/* where the transcript goes */
	FILE *tty;		/* for --step */
	int nexpect;
	int status;
};

static void echo(struct replay *r, const char *prompt, const char *line)
{
	struct session *s = r->s;

	const unsigned char *p;

	/* Echo control bytes escaped: a script must not drive the terminal. */
	fprintf(s->out, "%s%s%s", show_color(s, STYLE_PROMPT), prompt,
		show_reset(s));
	for (p = (const unsigned char *)line; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			fprintf(s->out, "\\x%02x", *p);
		else
			fputc(*p, s->out);
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

/* Run one line; in check mode its output is kept aside and shown only if
 * it fails. Returns 0 to go on, 1 to stop. */
static int replay_line(struct replay *r, int lineno, const char *prompt,
		       const char *line)
{
	struct session *s = r->s;
	struct exec_result res;
	char *buf = NULL;
	size_t size = 0;
	int stop = 0;

	if (r->o->step && line[strspn(line, " \t")] &&
	    line[strspn(line, " \t")] != '#')
		wait_enter(r);
	if (s->quit)
		return 1;
	if (r->o->check && !r->o->verbose)
		s->out = open_memstream(&buf, &size);
	if (s->out == NULL)
		s->out = r->real_out;
	if (!r->o->check || r->o->verbose)
		echo(r, prompt, line);
	exec_result_init(&res);
	cmd_execute(s, line, strlen(line), &res);
	if (buf || s->out != r->real_out) {
		fclose(s->out);
		s->out = r->real_out;
	}
	r->nexpect += res.has_expect;
	if (res.status == EXEC_MISMATCH || res.status == EXEC_ERROR) {
		r->status = 1;
		fflush(r->real_out);	/* the report after the transcript */
		if (res.status == EXEC_MISMATCH)
			fprintf(stderr, _("%s:%d: expected %s, got %s\n"), r->path,
				lineno, sbuf_str(&res.expected),
				sbuf_str(&res.got));
		else
			fprintf(stderr, _("%s:%d: this line could not be run\n"),
				r->path, lineno);
		if (r->o->check && !r->o->verbose) {
			fprintf(stderr, "  %s%s\n%s", prompt, line,
				buf ? buf : "");
		}
		stop = r->o->check;
	}
	if (res.status == EXEC_QUIT)
		stop = 1;
	if (sig_int_pending) {
		fprintf(stderr, _("%s:%d: interrupted\n"), r->path, lineno);
		r->status = 130;
		stop = 1;
	}
	exec_result_free(&res);
	free(buf);
	return stop;
}

/* A comment line of a script reads as narration in the transcript. */
static void comment(struct replay *r, const char *line)
{
	if (r->o->check && !r->o->verbose)
		return;
	fprintf(r->s->out, "%s%s%s\n", show_color(r->s, STYLE_DIM), line,
		show_reset(r->s));
}

static int replay_lines(struct replay *r, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;

	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strlen(line) != (size_t)n) {
			fprintf(stderr, _("%s:%d: NUL byte in line\n"), r->path,
				lineno);
			r->status = 1;
			if (r->o->check)
				break;
			continue;
		}
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (line[strspn(line, " \t")] == '#') {
			comment(r, line);
			continue;
		}
		if (replay_line(r, lineno, "sock> ", line))
			break;
	}
	free(line);
	return r->status;
}

static void narrate(struct replay *r, const char *text)
{
	if (r->o->check || *text == '\0')
		return;
	fprintf(r->s->out, "%s%s%s\n\n", show_color(r->s, STYLE_DIM), text,
		show_reset(r->s));
}

static int replay_lesson(struct replay *r)
{
	struct lesson *l;
	struct sbuf err = SBUF_INIT;
	size_t i;

	if (lesson_load(r->path, &l, &err) < 0) {
		fprintf(stderr, "sockrepl: %s\n", sbuf_str(&err));
		sbuf_free(&err);
		return errno == ENOENT ? 2 : 1;
	}
	if (!r->o->check)
		fprintf(r->s->out, "%s# %s%s\n\n", show_color(r->s, STYLE_BOLD),
			l->title, show_reset(r->s));
	for (i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];

		narrate(r, st->before);
		if (replay_line(r, st->lineno, st->kind == LESSON_RUN ?
				"sock> " : "your turn> ", st->command))
			break;
	}
	if (i == l->nsteps)
		narrate(r, l->after);
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
	if (strcmp(path, "-") != 0 && lesson_is_markdown(path)) {
		status = replay_lesson(&r);
	} else {
		f = strcmp(path, "-") == 0 ? stdin : open_high(path);
		if (f == NULL) {
			fprintf(stderr, "sockrepl: %s: %s\n", path,
				strerror(errno));
			status = 2;
		} else {
			status = replay_lines(&r, f);
			if (f != stdin)
				fclose(f);
		}
	}
	if (r.tty)
		fclose(r.tty);
	fflush(s->out);
	if (nexpect)
		*nexpect += r.nexpect;
	return status;
}
