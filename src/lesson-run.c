/* lesson-run.c - find the lessons, list them, run one interactively. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cexec.h"
#include "cmd.h"
#include "i18n.h"
#include "lesson.h"
#include "parse.h"
#include "repl.h"
#include "show.h"

/* The lesson in progress; the session points at it while it runs. */
struct lesson_run {
	struct session *s;
	struct lesson *l;
	size_t step;		/* the step being worked on */
	int narrated;		/* NARRATE_*: its narration has been shown */
	int quit;		/* the learner left */
};

enum { NARRATE_OWN, NARRATE_DONE, NARRATE_CONTEXT };

struct lesson_file {
	char *name;		/* "03-bind" */
	long num;		/* 3 */
};

static struct lesson_file *files;
static size_t nfiles;
static int scanned;
static const char *lang_given;	/* the last --lang, for "lesson N" */
/* The build tree's lessons when this binary is src/sockrepl of a build
 * tree: DIR/lessons beside DIR/src, or DIR/src/lessons (a VPATH build's
 * link to the source tree's); else NULL. */
static char *build_tree_lessons(void)
{
	static const char *const rel[] = { "/../lessons", "/lessons" };

	return build_tree_dir(rel, ARRAY_SIZE(rel));
}

/* Where the lessons are: $SOCKREPL_LESSONS, the build tree's when this is
 * the build tree's binary, else the installed copy. */
static const char *lessons_dir(void)
{
	static char *dir;
	const char *env = getenv("SOCKREPL_LESSONS");

	if (dir)
		return dir;
	if (env && *env)
		return dir = xstrdup(env);
	dir = build_tree_lessons();
	if (dir == NULL)
		dir = xstrdup(PKGDATADIR "/lessons");
	return dir;
}

/* 1 when lessons should come from lessons/zh_CN/ (with English as the
 * fallback for each lesson), 0 for English. */
static int want_zh(const char *lang)
{
	if (lang)
		lang_given = lang;
	return i18n_want_zh(lang_given);
}

static int file_cmp(const void *a, const void *b)
{
	const struct lesson_file *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Find the NN-name.md files once. */
static void scan(void)
{
	DIR *d;
	struct dirent *e;
	char *end;
	long num;

	if (scanned)
		return;
	scanned = 1;
	d = opendir(lessons_dir());
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    !lesson_is_markdown(e->d_name))
			continue;
		num = strtol(e->d_name, &end, 10);
		if (*end != '-')
			continue;
		files = xrealloc(files, sizeof(*files) * (nfiles + 1));
		files[nfiles].name = xstrndup(e->d_name,
					      strlen(e->d_name) - 3);
		files[nfiles++].num = num;
	}
	closedir(d);
	qsort(files, nfiles, sizeof(*files), file_cmp);
}

const char *lesson_name_at(size_t i)
{
	scan();
	return i < nfiles ? files[i].name : NULL;
}

/* The file of lesson name in the chosen language; malloc'd. */
static char *lesson_path(const char *name, int zh)
{
	struct sbuf p = SBUF_INIT;

	if (zh) {
		sbuf_addf(&p, "%s/zh_CN/%s.md", lessons_dir(), name);
		if (access(p.s, R_OK) == 0)
			return p.s;
		sbuf_reset(&p);
	}
	sbuf_addf(&p, "%s/%s.md", lessons_dir(), name);
	return p.s;
}

/* "bind" in "03-bind". */
static const char *short_name(const char *name)
{
	const char *dash = strchr(name, '-');

	return dash ? dash + 1 : name;
}

/* The index of the lesson which names: a number (3), a file name
 * (03-bind, 03-bind.md), a short name or a unique prefix of one (bind,
 * listen). -1 when none or several match. */
static long lesson_find(const char *which)
{
	size_t i, n = strlen(which);
	long num, hit = -1;
	int nhits = 0;

	scan();
	if (n > 3 && strcmp(which + n - 3, ".md") == 0)
		n -= 3;
	if (n && strspn(which, "0123456789") == n) {	/* "08" is decimal */
		num = strtol(which, NULL, 10);
		for (i = 0; i < nfiles; i++)
			if (files[i].num == num)
				return (long)i;
		return -1;
	}
	for (i = 0; i < nfiles; i++) {
		const char *sn = short_name(files[i].name);

		if ((strlen(files[i].name) == n &&
		     strncmp(files[i].name, which, n) == 0) ||
		    (strlen(sn) == n && strncmp(sn, which, n) == 0))
			return (long)i;
		if (n && strncmp(sn, which, n) == 0) {
			hit = (long)i;
			nhits++;
		}
	}
	return nhits == 1 ? hit : -1;
}

/* The title without its "N. " number. */
static const char *bare_title(const char *t)
{
	const char *p = t;

	while (isdigit((unsigned char)*p))
		p++;
	if (p != t && p[0] == '.' && p[1] == ' ')
		return p + 2;
	return t;
}

/* One row of the list: the state padded to 10 columns of the terminal
 * (a Chinese state takes two a character), then the title. */
static void print_row(FILE *out, long num, const char *state,
		      const char *title, const char *why)
{
	size_t w = i18n_width(state);

	fprintf(out, "%3ld  %s%*s %s", num, state, w < 10 ? (int)(10 - w) : 0,
		"", title);
	if (why)
		fprintf(out, " (%s)", why);
	fputc('\n', out);
}

int lesson_list(FILE *out, const char *lang)
{
	int zh = want_zh(lang);
	struct sbuf err = SBUF_INIT, state = SBUF_INIT;
	struct lesson *l;
	size_t i;
	long p;

	scan();
	if (nfiles == 0) {
		fprintf(stderr, _("sockrepl: no lessons found in %s\n"),
			lessons_dir());
		return 1;
	}
	for (i = 0; i < nfiles; i++) {
		char *path = lesson_path(files[i].name, zh);

		sbuf_reset(&err);
		sbuf_reset(&state);
		if (lesson_load(path, &l, &err) < 0) {
			print_row(out, files[i].num, _("broken"), files[i].name,
				  sbuf_str(&err));
			free(path);
			continue;
		}
		p = lesson_progress_get(l);
		if (p == LESSON_PROGRESS_DONE)
			sbuf_add(&state, _("done"));
		else if (p == LESSON_PROGRESS_CHANGED)
			sbuf_add(&state, _("changed"));
		else if (p > 0 && (size_t)p < l->nsteps)
			sbuf_addf(&state, _("step %ld/%zu"), p + 1,
				  l->nsteps);
		else
			sbuf_add(&state, _("new"));
		print_row(out, files[i].num, sbuf_str(&state),
			  bare_title(l->title), NULL);
		lesson_free(l);
		free(path);
	}
	fputs(_("Start or resume one with: sockrepl --lesson N (or lesson N in the shell)\n"),
	      out);
	sbuf_free(&err);
	sbuf_free(&state);
	return 0;
}

/* ---- the interactive run ---- */

static void say(struct lesson_run *r, enum show_style st, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));

static void say(struct lesson_run *r, enum show_style st, const char *fmt,
		...)
{
	struct session *s = r->s;
	va_list ap;

	fputs(show_color(s, st), s->out);
	va_start(ap, fmt);
	vfprintf(s->out, fmt, ap);
	va_end(ap);
	fprintf(s->out, "%s\n", show_reset(s));
}

/* Length of the command part of text: up to an unquoted "=>" word or a
 * "#" comment. *exp is set to the start of the expectation, or NULL. */
static size_t command_part(const char *text, const char **exp)
{
	const char *p = text, *w;
	char q;

	*exp = NULL;
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			return (size_t)(p - text);
		w = p;
		for (q = 0; *p && (q || (*p != ' ' && *p != '\t')); p++) {
			if (q == '"' && *p == '\\' && p[1])
				p++;
			else if (q && *p == q)
				q = 0;
			else if (!q && (*p == '"' || *p == '\''))
				q = *p;
		}
		if (p - w == 2 && strncmp(w, "=>", 2) == 0) {
			*exp = p + strspn(p, " \t");
			return (size_t)(w - text);
		}
	}
}

static size_t trimmed_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* Run a line as the learner would; returns the status. */
static enum exec_status run_line(struct lesson_run *r, const char *text,
				 struct exec_result *res)
{
	exec_result_init(res);
	if (cparse_is_c(text))	/* a step may be a line of C */
		return cexec_run(r->s, text, strlen(text), res);
	return cmd_execute(r->s, text, strlen(text), res);
}

/* Show the current step's narration. With context (repeat, back,
 * resume) a step that shares its paragraph with the steps before it gets
 * that paragraph and those steps, dimmed, so that it is never bare. */
static void narrate(struct lesson_run *r)
{
	const struct lesson_step *steps = r->l->steps, *st = &steps[r->step];
	size_t j = r->step;

	if (r->narrated == NARRATE_CONTEXT)
		while (j > 0 && *steps[j].before == '\0')
			j--;
	r->narrated = NARRATE_DONE;
	if (*steps[j].before)
		fprintf(r->s->out, "\n%s\n\n", steps[j].before);
	for (; j < r->step; j++)
		say(r, STYLE_DIM, _("%s%s   (done)"),
		    steps[j].kind == LESSON_RUN ? "sock> " : "your turn> ",
		    steps[j].command);
	if (st->kind == LESSON_YOUR_TURN)
		say(r, STYLE_BOLD, _("Your turn (step %zu of %zu): type the command yourself."),
		    r->step + 1, r->l->nsteps);
}

static void show_hint(struct lesson_run *r)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	struct line ref;
	struct sbuf err = SBUF_INIT;

	if (st->hint) {
		say(r, STYLE_NOTE, _("hint: %s"), st->hint);
	} else if (st->kind == LESSON_RUN) {
		say(r, STYLE_NOTE, _("hint: the command is ready on the line: press Enter to run it."));
	} else if (parse_line(st->command, strlen(st->command), &ref,
			      &err) == 0 && ref.nwords) {
		say(r, STYLE_NOTE, _("hint: this step wants a '%s' command (help %s explains it)."),
		    ref.words[0].s, ref.words[0].s);
		line_free(&ref);
	} else {
		line_free(&ref);
	}
	sbuf_free(&err);
}

/* Run the step's own command (skip, or Enter on an emptied line). */
static void run_reference(struct lesson_run *r)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	const char *prompt = st->kind == LESSON_RUN ? "sock> " : "your turn> ";
	struct exec_result res;

	fprintf(r->s->out, "%s%s%s%s\n", show_color(r->s, STYLE_PROMPT),
		prompt, show_reset(r->s), st->command);
	run_line(r, st->command, &res);
	exec_result_free(&res);
}

static void lesson_help(struct lesson_run *r)
{
	struct exec_result res;

	run_line(r, "help", &res);
	exec_result_free(&res);
	say(r, STYLE_BOLD, _("In a lesson:"));
	fputs(_("  Enter    run the command on the line (edit it first if you like)\n"
		"  next     skip this step: the lesson runs its command for you (also: skip)\n"
		"  back     go back one step (the kernel state is not undone)\n"
		"  repeat   show this step's explanation again\n"
		"  hint     a hint for this step\n"
		"  quit     save your place and leave (Ctrl-D too)\n"),
	      r->s->out);
}

enum lesson_word { W_NONE, W_NEXT, W_BACK, W_REPEAT, W_HINT, W_QUIT, W_HELP };

/* Is line one of the words a lesson answers itself (or a unique prefix
 * of one, as the shell would take it)? */
static enum lesson_word lesson_word(const char *line)
{
	static const struct {
		const char *name;
		enum lesson_word w;
	} words[] = {
		{ "next", W_NEXT }, { "back", W_BACK }, { "repeat", W_REPEAT },
		{ "hint", W_HINT }, { "quit", W_QUIT }, { "help", W_HELP },
	};
	struct line l;
	struct sbuf err = SBUF_INIT;
	const struct cmd_entry *e = NULL;
	enum lesson_word w = W_NONE;
	size_t i;

	if (parse_line(line, strlen(line), &l, &err) == 0 && l.nwords == 1 &&
	    l.nnames == 0 && !l.has_expect && !l.words[0].quoted)
		e = cmd_lookup(l.words[0].s, &err);
	for (i = 0; e && i < ARRAY_SIZE(words); i++)
		if (strcmp(e->name, words[i].name) == 0)
			w = words[i].w;
	line_free(&l);
	sbuf_free(&err);
	return w;
}

/* The step's command as put on the prompt: a bare "=> *" is noise. */
static char *prefill_of(const char *cmd)
{
	const char *exp;
	size_t n = command_part(cmd, &exp);

	if (exp && strcmp(exp, "*") == 0)
		return xstrndup(cmd, trimmed_len(cmd, n));
	return xstrdup(cmd);
}

/* A "sock>" step: whatever the learner submits runs. 1 when done. */
static int do_run_step(struct lesson_run *r, const char *line)
{
	struct exec_result res;
	enum exec_status st;

	if (line[strspn(line, " \t")] == '\0') {
		run_reference(r);
		return 1;
	}
	st = run_line(r, line, &res);
	exec_result_free(&res);
	if (st == EXEC_QUIT)
		r->quit = 1;
	if (st == EXEC_ERROR) {
		say(r, STYLE_NOTE, _("That did not run; the lesson's command is back on the line."));
		return 0;
	}
	if (st == EXEC_MISMATCH)
		say(r, STYLE_NOTE, _("That is not what the lesson expected here; later steps may go differently."));
	return st != EXEC_EMPTY;
}

/* 1 if the learner names the results as the reference does (later
 * steps use those names); a reference without names takes any. */
static int same_names(const struct line *ref, const struct line *mine)
{
	int i;

	if (ref->nnames == 0)
		return 1;
	if (ref->nnames != mine->nnames)
		return 0;
	for (i = 0; i < ref->nnames; i++)
		if (strcmp(ref->names[i], mine->names[i]) != 0)
			return 0;
	return 1;
}

/* Run the learner's line with the reference's expectation in place of
 * any of their own. Returns 1 when it holds. */
static int check_turn(struct lesson_run *r, const char *line)
{
	const char *rexp, *mexp;
	struct sbuf text = SBUF_INIT;
	struct exec_result res;
	int done;

	command_part(r->l->steps[r->step].command, &rexp);
	sbuf_addn(&text, line, trimmed_len(line, command_part(line, &mexp)));
	sbuf_addf(&text, " => %s", rexp ? rexp : "*");
	run_line(r, sbuf_str(&text), &res);
	done = res.status == EXEC_OK && !res.interrupted;
	if (res.interrupted)
		say(r, STYLE_NOTE, _("Interrupted: the call did not finish. Try again."));
	else if (done)
		say(r, STYLE_OK, _("Right: that was the goal of this step."));
	else if (res.status == EXEC_MISMATCH)
		say(r, STYLE_NOTE, _("Not yet: the goal is %s, you got %s."),
		    sbuf_str(&res.expected), sbuf_str(&res.got));
	else if (res.status == EXEC_QUIT)
		r->quit = 1;
	exec_result_free(&res);
	sbuf_free(&text);
	return done;
}

/* A "your turn>" step: the learner's command runs for real; done when
 * it is the reference's command and the reference's expectation holds. */
static int do_turn_step(struct lesson_run *r, const char *line)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	struct line ref, mine;
	struct sbuf err = SBUF_INIT;
	struct exec_result res;
	const struct cmd_entry *eref = NULL, *emine = NULL;
	struct sbuf names = SBUF_INIT;
	int done = 0, ok, i;

	if (parse_line(st->command, strlen(st->command), &ref, &err) == 0 &&
	    ref.nwords)
		eref = cmd_lookup(ref.words[0].s, &err);
	ok = parse_line(line, strlen(line), &mine, &err) == 0;
	if (ok && mine.nwords == 0)
		goto out;	/* blank or a comment: ask again */
	if (ok)
		emine = cmd_lookup(mine.words[0].s, &err);
	if (emine == NULL || emine != eref) {
		run_line(r, line, &res);
		if (res.status == EXEC_QUIT)
			r->quit = 1;
		exec_result_free(&res);
		if (emine && eref)
			say(r, STYLE_NOTE, _("Not yet: this step wants a '%s' command; you ran '%s'."),
			    eref->name, emine->name);
	} else if (!same_names(&ref, &mine)) {
		for (i = 0; i < ref.nnames; i++)
			sbuf_addf(&names, "%s%s", i ? " " : "", ref.names[i]);
		say(r, STYLE_NOTE, _("Almost: the lesson calls the result '%s' and later steps use that name. Start the line with it: %s = ..."),
		    sbuf_str(&names), sbuf_str(&names));
	} else {
		done = check_turn(r, line);
	}
	if (!done && !r->quit) {
		show_hint(r);
		say(r, STYLE_DIM, _("(Try again; skip lets the lesson do it for you.)"));
	}
out:
	line_free(&ref);
	line_free(&mine);
	sbuf_free(&err);
	sbuf_free(&names);
	return done;
}

static void advance(struct lesson_run *r)
{
	r->step++;
	r->narrated = NARRATE_OWN;
	if (r->step < r->l->nsteps)
		lesson_progress_set(r->l, (long)r->step);
}

static void handle_line(struct lesson_run *r, const char *line)
{
	int done;

	switch (lesson_word(line)) {
	case W_NEXT:
		say(r, STYLE_NOTE, _("Skipping: the lesson runs this step's command for you, so that later steps still work."));
		run_reference(r);
		advance(r);
		return;
	case W_BACK:
		if (r->step == 0) {
			say(r, STYLE_NOTE, _("This is the first step."));
			return;
		}
		r->step--;
		r->narrated = NARRATE_CONTEXT;
		lesson_progress_set(r->l, (long)r->step);
		say(r, STYLE_NOTE, _("Back one step. The kernel state is not undone: the sockets made since are still there."));
		return;
	case W_REPEAT:
		r->narrated = NARRATE_CONTEXT;
		return;
	case W_HINT:
		show_hint(r);
		return;
	case W_QUIT:
		r->quit = 1;
		return;
	case W_HELP:
		lesson_help(r);
		return;
	case W_NONE:
		break;
	}
	if (r->l->steps[r->step].kind == LESSON_RUN)
		done = do_run_step(r, line);
	else
		done = do_turn_step(r, line);
	if (done)
		advance(r);
}

static void step_loop(struct lesson_run *r)
{
	const struct lesson_step *st;
	char *prefill, *line;

	while (!r->quit && r->step < r->l->nsteps) {
		st = &r->l->steps[r->step];
		if (r->narrated != NARRATE_DONE)
			narrate(r);
		prefill = st->kind == LESSON_RUN ? prefill_of(st->command) :
						   NULL;
		fflush(r->s->out);
		line = repl_readline(r->s, st->kind == LESSON_RUN ?
				     "sock> " : "your turn> ", prefill);
		free(prefill);
		if (line == NULL) {	/* Ctrl-D */
			fputc('\n', r->s->out);
			r->quit = 1;
			break;
		}
		handle_line(r, line);
		free(line);
	}
}

/* "socket, bind, listen": the commands of the first upto steps. */
static void step_commands(const struct lesson *l, size_t upto,
			  struct sbuf *out)
{
	struct sbuf err = SBUF_INIT;
	struct line ln;
	size_t i;

	for (i = 0; i < upto; i++) {
		const char *cmd = l->steps[i].command;

		if (i)
			sbuf_add(out, ", ");
		if (parse_line(cmd, strlen(cmd), &ln, &err) == 0 && ln.nwords)
			sbuf_add(out, ln.words[0].s);
		else
			sbuf_add(out, cmd);
		line_free(&ln);
		sbuf_reset(&err);
	}
	sbuf_free(&err);
}

/* Resuming: say which steps run again, then run them with the output
 * thrown away, so that the sockets the next step needs exist again. */
static void replay_quietly(struct lesson_run *r, size_t upto)
{
	struct session *s = r->s;
	FILE *real = s->out, *mem;
	struct sbuf notes = SBUF_INIT, range = SBUF_INIT, cmds = SBUF_INIT;
	struct exec_result res;
	char *buf = NULL;
	size_t i, size = 0;
	int interactive = s->opt.interactive;

	if (upto == 1)
		sbuf_add(&range, _("step 1"));
	else
		sbuf_addf(&range, _("steps 1%s%zu"),
			  s->opt.utf8 ? "\u2013" : "-", upto);
	step_commands(r->l, upto, &cmds);
	say(r, STYLE_NOTE, _("Resuming at step %zu of %zu: replaying %s quietly, so that your sockets exist again: %s."),
	    upto + 1, r->l->nsteps, sbuf_str(&range), sbuf_str(&cmds));
	sbuf_free(&range);
	sbuf_free(&cmds);
	mem = open_memstream(&buf, &size);
	if (mem)
		s->out = mem;
	s->opt.interactive = 0;	/* a blocked call gives up, as in replay */
	for (i = 0; i < upto; i++) {
		run_line(r, r->l->steps[i].command, &res);
		if (res.status == EXEC_MISMATCH)
			sbuf_addf(&notes, _("step %zu did not go as before (expected %s, got %s); later steps may differ.\n"),
				  i + 1, sbuf_str(&res.expected),
				  sbuf_str(&res.got));
		else if (res.status == EXEC_ERROR)
			sbuf_addf(&notes, _("step %zu could not be run again: %s\n"),
				  i + 1, r->l->steps[i].command);
		exec_result_free(&res);
	}
	s->opt.interactive = interactive;
	s->out = real;
	if (mem)
		fclose(mem);
	free(buf);
	if (notes.len)
		fprintf(s->out, _("%snote:%s %s"), show_color(s, STYLE_NOTE),
			show_reset(s), sbuf_str(&notes));
	sbuf_free(&notes);
}

static void finish(struct lesson_run *r, long next)
{
	struct lesson *nl;
	struct sbuf err = SBUF_INIT;
	char *path;

	if (*r->l->after)
		fprintf(r->s->out, "\n%s\n\n", r->l->after);
	lesson_progress_set(r->l, LESSON_PROGRESS_DONE);
	say(r, STYLE_OK, _("Well done: you finished \"%s\"."),
	    bare_title(r->l->title));
	if (next < 0) {
		say(r, STYLE_NOTE, _("That was the last lesson. The shell is yours: help lists every command."));
		return;
	}
	path = lesson_path(files[next].name, want_zh(NULL));
	if (lesson_load(path, &nl, &err) == 0) {
		say(r, STYLE_BOLD, _("Next: lesson %ld, \"%s\": type lesson %ld in the shell, or run sockrepl --lesson %ld."),
		    files[next].num, bare_title(nl->title), files[next].num,
		    files[next].num);
		lesson_free(nl);
	}
	free(path);
	sbuf_free(&err);
}

static void unknown_lesson(const char *which)
{
	size_t i;

	scan();
	if (nfiles == 0) {
		fprintf(stderr, _("sockrepl: no lessons found in %s (SOCKREPL_LESSONS names another directory)\n"),
			lessons_dir());
		return;
	}
	fprintf(stderr, _("sockrepl: no lesson '%s'; the lessons are:\n"), which);
	for (i = 0; i < nfiles; i++)
		fprintf(stderr, "  %-3ld %s\n", files[i].num, files[i].name);
}

/* Start at the saved step (replaying the ones before), or at 0. */
static void resume(struct lesson_run *r)
{
	long p = lesson_progress_get(r->l);

	if (p == LESSON_PROGRESS_DONE) {
		say(r, STYLE_NOTE, _("You finished this lesson before; here it is again from the start."));
	} else if (p == LESSON_PROGRESS_CHANGED) {
		say(r, STYLE_NOTE, _("This lesson's file has changed since you last worked on it, so it starts again from the beginning."));
	} else if (p > 0 && (size_t)p < r->l->nsteps) {
		replay_quietly(r, (size_t)p);
		r->step = (size_t)p;
		r->narrated = NARRATE_CONTEXT;
	}
	lesson_progress_set(r->l, (long)r->step);
}

/* The learner quits: save the place and say how to come back. */
static void leave(struct lesson_run *r, const char *again)
{
	r->s->quit = 1;
	if (lesson_progress_set(r->l, (long)r->step) < 0) {
		say(r, STYLE_NOTE, _("Your place could not be saved: there is no writable state directory (XDG_STATE_HOME)."));
		return;
	}
	say(r, STYLE_NOTE, _("Your place is saved (step %zu of %zu): sockrepl --lesson %s, or lesson %s in the shell, resumes here."),
	    r->step + 1, r->l->nsteps, again, again);
}

/* Run lesson l (resumed with "sockrepl --lesson again") to its end or
 * until the learner leaves; next: the index of the lesson after it, or
 * -1. */
static void run(struct session *s, struct lesson *l, const char *again,
		long next)
{
	struct lesson_run r;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.l = l;
	s->lesson = &r;
	say(&r, STYLE_BOLD, "# %s", l->title);
	say(&r, STYLE_DIM, _("(Enter runs the command on the line. In a lesson you can also type next, back, repeat, hint, quit; help lists them.)"));
	resume(&r);
	step_loop(&r);
	if (r.quit)
		leave(&r, again);
	else
		finish(&r, next);
	fflush(s->out);
	s->lesson = NULL;
}

int lesson_run(struct session *s, const char *which, const char *lang)
{
	int zh = want_zh(lang);
	struct sbuf err = SBUF_INIT, again = SBUF_INIT;
	struct lesson *l;
	char *path;
	long i = -1;
	int st;

	if (s->lesson) {
		fputs(_("sockrepl: a lesson is already running\n"), stderr);
		return 2;
	}
	if (strchr(which, '/')) {	/* a lesson file of one's own */
		path = xstrdup(which);
		sbuf_add(&again, which);
	} else if ((i = lesson_find(which)) >= 0) {
		path = lesson_path(files[i].name, zh);
		sbuf_addf(&again, "%ld", files[i].num);
	} else {
		unknown_lesson(which);
		return 2;
	}
	if ((st = lesson_load(path, &l, &err)) < 0) {
		fprintf(stderr, "sockrepl: %s\n", sbuf_str(&err));
		free(path);
		sbuf_free(&err);
		sbuf_free(&again);
		return st == -2 ? 2 : 1;	/* -2: unreadable */
	}
	run(s, l, sbuf_str(&again),
	    i >= 0 && (size_t)i + 1 < nfiles ? i + 1 : -1);
	lesson_free(l);
	free(path);
	sbuf_free(&again);
	return 0;
}

/* The answer to the newcomer's offer: 1 yes (y, yes or nothing), 0 no
 * (n, no, or end of input), -1 neither: a command, typed at once. */
static int offer_answer(const char *ans)
{
	char w[4];
	size_t len;

	if (ans == NULL)
		return 0;
	ans += strspn(ans, " \t");
	len = strlen(ans);
	while (len > 0 && (ans[len - 1] == ' ' || ans[len - 1] == '\t'))
		len--;
	if (len == 0)
		return 1;
	if (len >= sizeof(w))
		return -1;
	memcpy(w, ans, len);
	w[len] = '\0';
	if (strcasecmp(w, "y") == 0 || strcasecmp(w, "yes") == 0)
		return 1;
	if (strcasecmp(w, "n") == 0 || strcasecmp(w, "no") == 0)
		return 0;
	return -1;
}

int lesson_offer(struct session *s, const char *lang)
{
	char *path, *ans;
	FILE *f;
	int yes;

	want_zh(lang);		/* remember --lang for "lesson N" */
	if (!s->opt.interactive || !isatty(STDIN_FILENO) ||
	    getenv("SOCKREPL_NO_OFFER") || lesson_name_at(0) == NULL)
		return 0;
	path = repl_state_path("progress");
	if (path == NULL || access(path, F_OK) == 0) {
		free(path);
		return 0;
	}
	ans = repl_ask(s, _("New to sockrepl? Start lesson 1 now? [Y/n] "));
	yes = offer_answer(ans);
	f = fopen(path, "a");	/* ask only once */
	if (f)
		fclose(f);
	free(path);
	if (yes != 1) {
		if (ans == NULL)
			fputc('\n', s->out);
		fputs(_("Fine. help lists the commands; lesson lists the lessons.\n"),
		      s->out);
		/* Not an answer: the newcomer started typing a command. */
		if (yes < 0)
			repl_push_line(ans);
		free(ans);
		return 0;
	}
	free(ans);
	lesson_run(s, files[0].name, NULL);
	return 1;
}
