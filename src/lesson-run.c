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
#include "lesson-goal.h"
#include "parse.h"
#include "repl.h"
#include "show.h"

/* How long an outside step waits for the learner's other terminal. */
#define LESSON_OUTSIDE_WAIT_S 180

/* The lesson in progress; the session points at it while it runs. */
struct lesson_run {
	struct session *s;
	struct lesson *l;
	size_t step;		/* the step being worked on */
	int narrated;		/* NARRATE_*: its narration has been shown */
	int quit;		/* the learner left */
	size_t hints;		/* hints of this step shown so far */
	int helped;		/* a hint was shown at this step */
	int stuck;		/* a check failed: retry, reset, skip, quit */
	int own;		/* a command of the learner's own may have changed
				 * sockets since the lesson last set them up */
	sock_id before_id;	/* sockets of ids above it are the lesson's */
	unsigned char *marks;	/* MARK_* of each step, in this run */
	struct lesson_challenge ch;	/* the challenge at this step */
	struct lesson_outside out;	/* the stand-in client */
	int waited;		/* the outside step's wait has run */
};

enum { NARRATE_OWN, NARRATE_DONE, NARRATE_CONTEXT };

/* How a step went, for the summary at the end. */
enum { MARK_NONE, MARK_ALONE, MARK_HINTED, MARK_SKIPPED };

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
	struct sbuf text = SBUF_INIT, out = SBUF_INIT;
	const char *p, *nl;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	/* Each line wrapped at the terminal's width, between words (a
	 * terminal would cut a word in two). */
	for (p = sbuf_str(&text);; p = nl + 1) {
		char *line;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		i18n_wrap(&out, line, 0, 0,
			  s->opt.columns > 0 ? (size_t)s->opt.columns : 0);
		free(line);
		if (nl == NULL)
			break;
		sbuf_addc(&out, '\n');
	}
	fprintf(s->out, "%s%s%s\n", show_color(s, st), sbuf_str(&out),
		show_reset(s));
	sbuf_free(&text);
	sbuf_free(&out);
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

/* The prompt of a step of kind k. */
static const char *step_prompt(enum lesson_step_kind k)
{
	switch (k) {
	case LESSON_RUN:
		return "sock> ";
	case LESSON_CHALLENGE:
		return "challenge> ";
	case LESSON_OUTSIDE:
		return "outside> ";
	case LESSON_YOUR_TURN:
		break;
	}
	return "your turn> ";
}

static void narrate_outside(struct lesson_run *r,
			    const struct lesson_step *st);
static void replay_steps(struct lesson_run *r, size_t upto, int fresh);
static void step_range(struct lesson_run *r, size_t upto, struct sbuf *out);
static void step_commands(const struct lesson *l, size_t upto,
			  struct sbuf *out);

/* Print narration, rendered for the terminal at its width now: before
 * the first prompt too, and after the learner resized it. */
static void print_prose(struct lesson_run *r, const char *md)
{
	repl_columns(r->s);
	show_markdown(r->s, md);
}

/* A step done, dimmed: its command without the expectation, which is
 * for replays and --check, not for the learner. */
static void say_done(struct lesson_run *r, const struct lesson_step *st)
{
	const char *exp;
	char *cmd = xstrndup(st->command,
			     trimmed_len(st->command,
					 command_part(st->command, &exp)));

	say(r, STYLE_DIM, _("%s%s   (done)"),
	    step_prompt(st->kind), cmd);
	free(cmd);
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
		print_prose(r, steps[j].before);
	for (; j < r->step; j++)
		say_done(r, &steps[j]);
	if (st->kind == LESSON_YOUR_TURN && st->goal)
		say(r, STYLE_BOLD, _("Your turn (step %zu of %zu): %s"),
		    r->step + 1, r->l->nsteps, st->goal);
	else if (st->kind == LESSON_YOUR_TURN)
		say(r, STYLE_BOLD, _("Your turn (step %zu of %zu): type the command yourself."),
		    r->step + 1, r->l->nsteps);
	if (st->kind == LESSON_CHALLENGE) {
		say(r, STYLE_BOLD, _("Challenge (step %zu of %zu): %s"),
		    r->step + 1, r->l->nsteps, st->command);
		say(r, STYLE_DIM, _("Solve it with any commands you like; nothing is on the line for you. Type done when you think it is solved; hint, reset (start it again from a fresh state), skip, quit."));
	}
	if (st->kind == LESSON_OUTSIDE)
		narrate_outside(r, st);
}

/*
 * The next of the step's own "hint:" lines (a your-turn step's or a
 * challenge's), one at a time: each wrong try and each "hint" shows one
 * more; the last, the answer, stays the last. 0 when the step has none.
 */
static int next_hint(struct lesson_run *r, const struct lesson_step *st)
{
	size_t n = 0;
	char *h;

	while ((h = lesson_nth_line(st->hint, n)) != NULL) {
		free(h);
		n++;
	}
	if (n == 0)
		return 0;
	r->helped = 1;
	h = lesson_nth_line(st->hint, r->hints < n ? r->hints : n - 1);
	if (n == 1)
		say(r, STYLE_NOTE, _("hint: %s"), h);
	else
		say(r, STYLE_NOTE, _("hint %zu of %zu: %s"),
		    r->hints < n ? r->hints + 1 : n, n, h);
	free(h);
	if (r->hints < n)
		r->hints++;
	return 1;
}

static void show_hint(struct lesson_run *r)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	struct line ref;
	struct sbuf err = SBUF_INIT;

	if (next_hint(r, st))
		return;
	if (st->kind == LESSON_CHALLENGE) {
		say(r, STYLE_NOTE, _("This challenge has no hints. skip lets the lesson solve it for you."));
		return;
	}
	if (st->kind == LESSON_OUTSIDE) {
		say(r, STYLE_NOTE, _("hint: do it in your other terminal, or press Enter here and a stand-in client does it for you."));
		return;
	}
	if (st->kind == LESSON_RUN) {
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

static char *prefill_of(const char *cmd);

/* The challenge's reference solution, shown and run. */
static void run_solution(struct lesson_run *r, const struct lesson_step *st)
{
	struct exec_result res;
	char *line, *shown;
	size_t i;

	for (i = 0; (line = lesson_nth_line(st->solution, i)) != NULL; i++) {
		shown = prefill_of(line);	/* no "=> *" */
		fprintf(r->s->out, "%ssolution> %s%s\n",
			show_color(r->s, STYLE_PROMPT), show_reset(r->s), shown);
		free(shown);
		lesson_challenge_run(&r->ch, r->s, line, &res);
		exec_result_free(&res);
		free(line);
	}
}

/* The stand-in client does the outside step; 1 when it did. */
static int run_standin(struct lesson_run *r, const struct lesson_step *st)
{
	struct sbuf cmd = SBUF_INIT, err = SBUF_INIT;
	int ok;

	if (lesson_outside_expand(r->s, st->command, &cmd, &err) == 0) {
		fprintf(r->s->out, "%soutside> %s%s\n",
			show_color(r->s, STYLE_PROMPT), show_reset(r->s),
			sbuf_str(&cmd));
		lesson_outside_standin(&r->out, sbuf_str(&cmd), &err);
	}
	ok = err.len == 0;
	if (ok)
		say(r, STYLE_NOTE, _("A stand-in client of the lesson's own did this for you."));
	else
		say(r, STYLE_NOTE, "%s", sbuf_str(&err));
	sbuf_free(&cmd);
	sbuf_free(&err);
	return ok;
}

/* Run the step's own command (skip, or Enter on an emptied line). */
static enum exec_status run_reference(struct lesson_run *r)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	char *shown;
	struct exec_result res;
	enum exec_status status;

	if (st->kind == LESSON_CHALLENGE) {
		run_solution(r, st);
		return EXEC_OK;
	}
	if (st->kind == LESSON_OUTSIDE)
		return run_standin(r, st) ? EXEC_OK : EXEC_ERROR;
	shown = prefill_of(st->command);
	fprintf(r->s->out, "%s%s%s%s\n", show_color(r->s, STYLE_PROMPT),
		step_prompt(st->kind), show_reset(r->s), shown);
	free(shown);
	status = run_line(r, st->command, &res);
	exec_result_free(&res);
	return status;
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
		"  hint     a hint for this step: one more each time\n"
		"  retry    try this step again\n"
		"  reset    start afresh: close the lesson's sockets and replay the\n"
		"           steps before this one quietly\n"
		"  quit     save your place and leave (Ctrl-D too)\n"),
	      r->s->out);
}

enum lesson_word {
	W_NONE, W_NEXT, W_BACK, W_REPEAT, W_HINT, W_QUIT, W_HELP, W_RETRY,
	W_RESET,
};

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
		{ "retry", W_RETRY }, { "reset", W_RESET },
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

/* Note a command of the learner's own (not the lesson's, not a your-turn
 * goal) that may have changed sockets: a check that fails after it is
 * the learner's to put right (retry, reset...), not a timer's. */
static void note_own(struct lesson_run *r, const struct exec_result *res)
{
	if (res->entry && (res->entry->flags & CMD_STATE) &&
	    res->status != EXEC_ERROR)
		r->own = 1;
}

/*
 * The lesson's own command (not edited) did not give what the lesson
 * expects, and no command of the learner's own changed its sockets. What
 * a step finds can depend on time: a TIME-WAIT that lasts 60 s, a timer
 * that gave up while the learner read. A lesson must hold whatever the
 * learner's pace, so the steps before this one run again at once,
 * quietly, in a fresh state (the lesson's sockets closed first),
 * and the step once more. 1 when it then holds.
 */
static int run_again_fresh(struct lesson_run *r)
{
	const char *cmd = r->l->steps[r->step].command;
	char *shown;
	struct sbuf range = SBUF_INIT;
	struct exec_result res;
	int ok;

	if (r->step == 0)
		return 0;
	step_range(r, r->step, &range);
	say(r, STYLE_NOTE, _("The kernel's state has changed since the lesson set it up (a timer may have run out while you read). The lesson closes your sockets and replays %s quietly, then runs this step again:"),
	    sbuf_str(&range));
	sbuf_free(&range);
	replay_steps(r, r->step, 1);
	shown = prefill_of(cmd);
	fprintf(r->s->out, "%s%s%s%s\n", show_color(r->s, STYLE_PROMPT),
		step_prompt(LESSON_RUN), show_reset(r->s), shown);
	free(shown);
	run_line(r, cmd, &res);
	ok = res.status == EXEC_OK;
	exec_result_free(&res);
	return ok;
}

/* A check of the lesson failed in the learner's run: the steps after it
 * would not work either, so the lesson stops here and says what now. */
static void get_stuck(struct lesson_run *r)
{
	r->stuck = 1;
	say(r, STYLE_BOLD, _("This step did not go as the lesson expects, so the steps after it would not work either. What now?"));
	fputs(_("  retry   try this step again\n"
		"  reset   start afresh: close the lesson's sockets and replay the steps\n"
		"          before this one quietly\n"
		"  skip    go on anyway\n"
		"  quit    save your place and leave\n"),
	      r->s->out);
}

/* A "sock>" step: whatever the learner submits runs. 1 when done. */
static int do_run_step(struct lesson_run *r, const char *line)
{
	struct exec_result res;
	enum exec_status st;
	char *own = prefill_of(r->l->steps[r->step].command);
	int as_is = strcmp(line, own) == 0;	/* the lesson's own line */
	int interrupted = 0;

	free(own);
	if (line[strspn(line, " \t")] == '\0') {
		as_is = 1;
		st = run_reference(r);
	} else {
		st = run_line(r, line, &res);
		interrupted = res.interrupted;
		if (!as_is)
			note_own(r, &res);
		exec_result_free(&res);
	}
	if (st == EXEC_QUIT)
		r->quit = 1;
	if (st == EXEC_ERROR && as_is) {
		get_stuck(r);	/* a socket it needs is gone */
		return 0;
	}
	if (st == EXEC_ERROR) {
		say(r, STYLE_NOTE, _("That did not run; the lesson's command is back on the line."));
		return 0;
	}
	if (st == EXEC_MISMATCH && as_is && !interrupted && !r->own &&
	    run_again_fresh(r))
		return 1;
	if (st == EXEC_MISMATCH) {
		get_stuck(r);
		return 0;
	}
	return st != EXEC_EMPTY;
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
	else if (res.status == EXEC_MISMATCH)
		say(r, STYLE_NOTE, _("Not yet: the goal is %s, you got %s."),
		    sbuf_str(&res.expected), sbuf_str(&res.got));
	else if (res.status == EXEC_QUIT)
		r->quit = 1;
	exec_result_free(&res);
	sbuf_free(&text);
	return done;
}

/* The "sock> expect" lines of the current your-turn step, run after the
 * learner's command. 1 when they all hold. */
static int check_attached(struct lesson_run *r)
{
	const struct lesson_step *st;
	struct exec_result res;
	size_t i;
	int ok = 1;

	for (i = r->step + 1; ok && i < r->l->nsteps; i++) {
		st = &r->l->steps[i];
		if (!st->attached)
			break;
		fprintf(r->s->out, "%s%s%s%s\n", show_color(r->s, STYLE_PROMPT),
			step_prompt(st->kind), show_reset(r->s), st->command);
		run_line(r, st->command, &res);
		ok = res.status == EXEC_OK;
		if (res.status == EXEC_MISMATCH)
			say(r, STYLE_NOTE, _("Not yet: your command ran, but the check '%s' found %s where this step needs %s."),
			    st->command, sbuf_str(&res.got),
			    sbuf_str(&res.expected));
		exec_result_free(&res);
	}
	return ok;
}

/* Say each line of why as a note. */
static void say_lines(struct lesson_run *r, const struct sbuf *why)
{
	const char *p = sbuf_str(why), *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		say(r, STYLE_NOTE, "%.*s", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

/* A wrong answer runs for real. 1 if it changed sockets the lesson has
 * (closed, bound, connected one: a new one harms none), so that the way
 * back may be reset. */
static int run_wrong(struct lesson_run *r, const char *line)
{
	struct exec_result res;
	int changed;

	run_line(r, line, &res);
	if (res.status == EXEC_QUIT)
		r->quit = 1;
	note_own(r, &res);
	changed = res.status == EXEC_OK && res.entry &&
		  (res.entry->flags & CMD_STATE) &&
		  !(res.entry->flags & CMD_NAMES);
	exec_result_free(&res);
	return changed;
}

/* A "your turn>" step: the learner's command runs for real; done when it
 * is the step's goal: the command and its significant arguments, the
 * reference's result and the step's expect lines. */
static int do_turn_step(struct lesson_run *r, const char *line)
{
	const struct lesson_step *st = &r->l->steps[r->step];
	struct sbuf why = SBUF_INIT;
	enum goal_verdict v;
	struct line mine;
	int done = 0, blank;

	blank = parse_line(line, strlen(line), &mine, &why) == 0 &&
		mine.nwords == 0;
	line_free(&mine);
	sbuf_reset(&why);
	if (blank)
		goto out;	/* blank or a comment: ask again */
	v = lesson_goal_compare(r->s, st->command, line, st->loose, &why);
	if (v == GOAL_SAME) {
		done = check_turn(r, line) && check_attached(r);
	} else if (v == GOAL_NAMES) {
		say_lines(r, &why);
	} else if (run_wrong(r, line)) {
		say_lines(r, &why);
		say(r, STYLE_NOTE, _("Your command changed the lesson's sockets. If the steps after this one need them as they were, type reset."));
	} else {
		say_lines(r, &why);
	}
	if (done) {
		say(r, STYLE_OK, _("Right: that was the goal of this step."));
	} else if (!r->quit) {
		show_hint(r);
		say(r, STYLE_DIM, _("(Try again; hint shows the next hint, skip lets the lesson do it, reset starts afresh.)"));
	}
out:
	sbuf_free(&why);
	return done;
}

/* An outside step's words: what to do in the other terminal. */
static void narrate_outside(struct lesson_run *r, const struct lesson_step *st)
{
	struct sbuf cmd = SBUF_INIT, err = SBUF_INIT;
	const char *c;

	if (lesson_outside_expand(r->s, st->command, &cmd, &err) < 0) {
		say(r, STYLE_NOTE, "%s", sbuf_str(&err));
		goto out;
	}
	c = sbuf_str(&cmd);
	if (strncmp(c, "nc ", 3) == 0)
		say(r, STYLE_BOLD, _("In another terminal, run:   %s"), c);
	else if (strcmp(c, "close") == 0)
		say(r, STYLE_BOLD, _("In the terminal with nc, end it: press Ctrl-C (or Ctrl-D)."));
	else
		say(r, STYLE_BOLD, _("In the terminal with nc, type:   %s   and press Enter."),
		    c + strlen("type "));
	say(r, STYLE_DIM, _("The lesson waits until the kernel shows it, at most %d minutes. Enter (or skip) here: a stand-in client does it instead. Ctrl-C stops waiting."),
	    LESSON_OUTSIDE_WAIT_S / 60);
out:
	sbuf_free(&cmd);
	sbuf_free(&err);
}

/* Wait for the learner's other terminal; 1 when the step is done (by
 * them or by the stand-in). */
static int outside_wait(struct lesson_run *r, const struct lesson_step *st)
{
	struct sbuf cmd = SBUF_INIT, err = SBUF_INIT;
	enum lesson_wait w = WAIT_NOTHING;
	int done = 0;

	if (lesson_outside_expand(r->s, st->command, &cmd, &err) == 0)
		w = lesson_outside_wait(r->s, &r->out, sbuf_str(&cmd),
					LESSON_OUTSIDE_WAIT_S);
	switch (w) {
	case WAIT_ARRIVED:
		if (strncmp(sbuf_str(&cmd), "nc ", 3) == 0)
			say(r, STYLE_OK, _("A connection has arrived: the kernel finished the handshake with nc."));
		else if (strcmp(sbuf_str(&cmd), "close") == 0)
			say(r, STYLE_OK, _("nc has closed its end of the connection."));
		else
			say(r, STYLE_OK, _("Bytes from nc have arrived on the server's side."));
		done = 1;
		break;
	case WAIT_STANDIN:
		done = run_standin(r, st);
		break;
	case WAIT_QUIT:
		r->quit = 1;
		break;
	case WAIT_NOTHING:
		say(r, STYLE_NOTE, _("There is no socket to wait on for this step (did a step before it go differently?)."));
		/* fall through */
	case WAIT_STOPPED:
	case WAIT_TIMEOUT:
		say(r, STYLE_NOTE, _("Stopped waiting. Enter: a stand-in client does it; wait: wait for your other terminal again; quit: leave."));
		break;
	}
	sbuf_free(&cmd);
	sbuf_free(&err);
	return done;
}

/* 1 if line is the word w alone. */
static int is_word(const char *line, const char *w)
{
	size_t n = strlen(w);

	line += strspn(line, " \t");
	return strncmp(line, w, n) == 0 && line[n + strspn(line + n, " \t")] == '\0';
}

/* done: run the challenge's checks on the kernel's state and on what
 * was run; 1 when solved. The checks' own output is not shown: the
 * verdict says what is missing. */
static int challenge_done(struct lesson_run *r)
{
	struct session *s = r->s;
	FILE *real = s->out, *mem;
	struct sbuf why = SBUF_INIT;
	char *buf = NULL;
	size_t size = 0;
	int ok;

	mem = open_memstream(&buf, &size);
	if (mem)
		s->out = mem;
	ok = lesson_challenge_verify(&r->ch, s, &why);
	s->out = real;
	if (mem)
		fclose(mem);
	free(buf);
	if (ok) {
		say(r, STYLE_OK, _("Solved: the kernel shows what the challenge asked for."));
	} else {
		say(r, STYLE_NOTE, _("Not yet:"));
		fputs(sbuf_str(&why), s->out);
		next_hint(r, &r->l->steps[r->step]);
		say(r, STYLE_DIM, _("(Keep going, then type done again. reset starts the challenge again from a fresh state; skip lets the lesson solve it.)"));
	}
	sbuf_free(&why);
	return ok;
}

/* A "challenge>" step: the learner's commands run for real; done
 * checks (reset starts again, as at any step). 1 when solved. */
static int do_challenge_step(struct lesson_run *r, const char *line)
{
	struct exec_result res;

	if (is_word(line, "done"))
		return challenge_done(r);
	lesson_challenge_run(&r->ch, r->s, line, &res);
	if (res.status == EXEC_QUIT)
		r->quit = 1;
	note_own(r, &res);
	exec_result_free(&res);
	return 0;
}

/* At the "outside>" prompt (after a wait that ended): Enter uses the
 * stand-in, wait waits again. 1 when the step is done. */
static int do_outside_step(struct lesson_run *r, const char *line)
{
	if (is_word(line, "wait")) {
		r->waited = 0;
		return 0;
	}
	if (line[strspn(line, " \t")] == '\0')
		return run_standin(r, &r->l->steps[r->step]);
	say(r, STYLE_NOTE, _("Here: Enter lets a stand-in client do it, wait waits for your other terminal again, quit leaves."));
	return 0;
}

/* Mark how the current step went, then go to the next one; an expect
 * line that belongs to a your-turn step has been checked with it. */
static void advance(struct lesson_run *r, int mark)
{
	if (r->marks[r->step] != MARK_SKIPPED)
		r->marks[r->step] = (unsigned char)mark;
	do
		r->step++;
	while (r->step < r->l->nsteps && r->l->steps[r->step].attached);
	r->narrated = NARRATE_OWN;
	r->hints = 0;
	r->helped = 0;
	r->stuck = 0;
	r->waited = 0;
	if (r->step < r->l->nsteps)
		lesson_progress_set(r->l, (long)r->step);
}

/* How a step the learner worked on went: alone or with hints. */
static int mark_of(const struct lesson_run *r)
{
	if (r->l->steps[r->step].kind == LESSON_RUN ||
	    r->l->steps[r->step].kind == LESSON_OUTSIDE)
		return MARK_NONE;
	return r->helped ? MARK_HINTED : MARK_ALONE;
}

/*
 * reset, at any step: close the lesson's sockets (and the learner's in
 * it) and replay the steps before this one quietly, so that this step
 * (a your-turn step, a challenge, one whose check failed) starts again
 * from the state the lesson made.
 */
static void reset(struct lesson_run *r)
{
	struct sbuf range = SBUF_INIT, cmds = SBUF_INIT;

	if (r->step == 0) {
		say(r, STYLE_NOTE, _("Starting afresh: the lesson's sockets are closed."));
	} else {
		step_range(r, r->step, &range);
		step_commands(r->l, r->step, &cmds);
		say(r, STYLE_NOTE, _("Starting afresh: the lesson's sockets are closed, and %s run again quietly: %s."),
		    sbuf_str(&range), sbuf_str(&cmds));
	}
	sbuf_free(&range);
	sbuf_free(&cmds);
	replay_steps(r, r->step, 1);
	if (r->l->steps[r->step].kind == LESSON_CHALLENGE)
		lesson_challenge_begin(&r->ch, &r->l->steps[r->step]);
	r->stuck = 0;
	r->hints = 0;
	r->waited = 0;
	r->narrated = NARRATE_CONTEXT;
}

static void go_back(struct lesson_run *r)
{
	if (r->step == 0) {
		say(r, STYLE_NOTE, _("This is the first step."));
		return;
	}
	do
		r->step--;
	while (r->step > 0 && r->l->steps[r->step].attached);
	r->narrated = NARRATE_CONTEXT;
	r->hints = 0;
	r->stuck = 0;
	r->waited = 0;
	lesson_progress_set(r->l, (long)r->step);
	say(r, STYLE_NOTE, _("Back one step. The kernel state is not undone: the sockets made since are still there (reset starts afresh)."));
}

/* Stuck after a failed check: the learner picks the way on; any other
 * line runs as in the shell, to look around. */
static void handle_stuck(struct lesson_run *r, const char *line,
			 enum lesson_word w)
{
	struct exec_result res;

	switch (w) {
	case W_RETRY:
		r->stuck = 0;
		r->narrated = NARRATE_CONTEXT;
		return;
	case W_NEXT:
		say(r, STYLE_NOTE, _("Going on. Later steps may go differently; reset at any step starts afresh."));
		r->marks[r->step] = MARK_SKIPPED;
		advance(r, MARK_SKIPPED);
		return;
	default:
		break;
	}
	if (run_line(r, line, &res) == EXEC_QUIT)
		r->quit = 1;
	note_own(r, &res);
	exec_result_free(&res);
}

static void handle_line(struct lesson_run *r, const char *line)
{
	enum lesson_word w = lesson_word(line);
	enum lesson_step_kind kind = r->l->steps[r->step].kind;
	int done;

	switch (w) {
	case W_BACK:
		go_back(r);
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
	case W_RESET:
		reset(r);
		return;
	default:
		break;
	}
	if (r->stuck) {
		handle_stuck(r, line, w);
		return;
	}
	if (w == W_NEXT) {
		if (kind == LESSON_CHALLENGE)
			say(r, STYLE_NOTE, _("Skipping: the lesson runs its own solution, so that later steps still work."));
		else
			say(r, STYLE_NOTE, _("Skipping: the lesson runs this step's command for you, so that later steps still work."));
		run_reference(r);
		advance(r, kind == LESSON_YOUR_TURN || kind == LESSON_CHALLENGE ?
				   MARK_SKIPPED : MARK_NONE);
		return;
	}
	if (w == W_RETRY) {
		r->narrated = NARRATE_CONTEXT;
		return;
	}
	if (kind == LESSON_RUN)
		done = do_run_step(r, line);
	else if (kind == LESSON_CHALLENGE)
		done = do_challenge_step(r, line);
	else if (kind == LESSON_OUTSIDE)
		done = do_outside_step(r, line);
	else
		done = do_turn_step(r, line);
	if (done)
		advance(r, mark_of(r));
}

/*
 * A learner who types a lesson word (quit, hint, ...) at a step whose
 * command is already on the line adds it to that command: "s = socket
 * AF_INET SOCK_STREAM 0quit". Such a line means the word alone.
 */
static char *word_after_prefill(char *line, const char *prefill)
{
	size_t n = strlen(prefill);
	char *word;

	if (strncmp(line, prefill, n) != 0 || lesson_word(line + n) == W_NONE)
		return line;
	word = xstrdup(line + n + strspn(line + n, " \t"));
	free(line);
	return word;
}

static void step_loop(struct lesson_run *r)
{
	const struct lesson_step *st;
	char *prefill, *line;

	while (!r->quit && r->step < r->l->nsteps) {
		st = &r->l->steps[r->step];
		if (r->narrated != NARRATE_DONE && !r->stuck)
			narrate(r);
		if (st->kind == LESSON_CHALLENGE && r->ch.st != st)
			lesson_challenge_begin(&r->ch, st);
		if (st->kind == LESSON_OUTSIDE && !r->waited) {
			r->waited = 1;
			if (outside_wait(r, st))
				advance(r, MARK_NONE);
			continue;
		}
		prefill = st->kind == LESSON_RUN && !r->stuck ?
				  prefill_of(st->command) : NULL;
		fflush(r->s->out);
		line = repl_readline(r->s, r->stuck ?
				     _("retry, reset, skip or quit> ") :
				     step_prompt(st->kind), prefill);
		if (line && prefill)
			line = word_after_prefill(line, prefill);
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
		if (l->steps[i].kind == LESSON_CHALLENGE) {
			sbuf_add(out, _("the challenge's solution"));
			continue;
		}
		if (parse_line(cmd, strlen(cmd), &ln, &err) == 0 && ln.nwords)
			sbuf_add(out, ln.words[0].s);
		else
			sbuf_add(out, cmd);
		line_free(&ln);
		sbuf_reset(&err);
	}
	sbuf_free(&err);
}

/* Run step i again for the replay (a challenge: its solution; an outside
 * step: the stand-in), noting in notes what did not go as before. */
static void replay_step(struct lesson_run *r, size_t i, struct sbuf *notes)
{
	const struct lesson_step *st = &r->l->steps[i];
	struct exec_result res;
	struct sbuf err = SBUF_INIT, cmd = SBUF_INIT;

	if (st->kind == LESSON_CHALLENGE) {
		lesson_challenge_begin(&r->ch, st);
		run_solution(r, st);
		return;
	}
	if (st->kind == LESSON_OUTSIDE) {
		if (lesson_outside_expand(r->s, st->command, &cmd, &err) == 0)
			lesson_outside_standin(&r->out, sbuf_str(&cmd), &err);
		if (err.len)
			sbuf_addf(notes, _("step %zu could not be run again: %s\n"),
				  i + 1, sbuf_str(&err));
		sbuf_free(&cmd);
		sbuf_free(&err);
		return;
	}
	run_line(r, st->command, &res);
	if (res.status == EXEC_MISMATCH)
		sbuf_addf(notes, _("step %zu did not go as before (expected %s, got %s); later steps may differ.\n"),
			  i + 1, sbuf_str(&res.expected), sbuf_str(&res.got));
	else if (res.status == EXEC_ERROR)
		sbuf_addf(notes, _("step %zu could not be run again: %s\n"),
			  i + 1, st->command);
	exec_result_free(&res);
}

/* Close every socket the lesson (and the learner in it) opened, with
 * close commands as the learner would type them (output goes where s->out
 * points); the session's sockets from before the lesson stay. */
static void close_all(struct lesson_run *r)
{
	struct session *s = r->s;
	struct exec_result res;
	struct sbuf line = SBUF_INIT;
	struct sock *sk;
	size_t i = 0;
	int fd;

	lesson_outside_done(&r->out);
	/* Each close changes the table: look it up afresh every time. */
	while ((sk = session_at(s, i)) != NULL) {
		if (sk->fd < 0 || sk->id <= r->before_id) {
			i++;
			continue;
		}
		fd = sk->fd;
		sbuf_reset(&line);
		sbuf_addf(&line, "close %d", fd);
		run_line(r, sbuf_str(&line), &res);
		exec_result_free(&res);
		sk = session_at(s, i);
		if (sk && sk->fd == fd)
			i++;	/* could not be closed: do not loop */
	}
	sbuf_free(&line);
}

/* Run the first upto steps again with the output thrown away (after
 * closing every socket first, when fresh), so that the sockets the next
 * step needs exist again. */
static void replay_steps(struct lesson_run *r, size_t upto, int fresh)
{
	struct session *s = r->s;
	FILE *real = s->out, *mem;
	struct sbuf notes = SBUF_INIT;
	char *buf = NULL;
	size_t i, size = 0;
	int interactive = s->opt.interactive;

	mem = open_memstream(&buf, &size);
	if (mem)
		s->out = mem;
	s->opt.interactive = 0;	/* a blocked call gives up, as in replay */
	if (fresh) {
		close_all(r);
		r->own = 0;
	}
	for (i = 0; i < upto; i++)
		replay_step(r, i, &notes);
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

/* "step 1" or "steps 1-5". */
static void step_range(struct lesson_run *r, size_t upto, struct sbuf *out)
{
	if (upto == 1)
		sbuf_add(out, _("step 1"));
	else
		sbuf_addf(out, _("steps 1%s%zu"),
			  r->s->opt.utf8 ? "\u2013" : "-", upto);
}

/* Resuming: say which steps run again, then run them quietly. */
static void replay_quietly(struct lesson_run *r, size_t upto)
{
	struct sbuf range = SBUF_INIT, cmds = SBUF_INIT;

	step_range(r, upto, &range);
	step_commands(r->l, upto, &cmds);
	say(r, STYLE_NOTE, _("Resuming at step %zu of %zu: replaying %s quietly, so that your sockets exist again: %s."),
	    upto + 1, r->l->nsteps, sbuf_str(&range), sbuf_str(&cmds));
	sbuf_free(&range);
	sbuf_free(&cmds);
	replay_steps(r, upto, 0);
}

/* Count how the learner's steps went in this run and say it; the number
 * of steps skipped. */
static size_t summarize(struct lesson_run *r)
{
	size_t i, n[MARK_SKIPPED + 1] = { 0 };

	for (i = 0; i < r->l->nsteps; i++)
		n[r->marks[i]]++;
	if (n[MARK_ALONE] + n[MARK_HINTED] + n[MARK_SKIPPED])
		say(r, STYLE_NOTE, _("Your steps: %zu on your own, %zu with hints, %zu skipped."),
		    n[MARK_ALONE], n[MARK_HINTED], n[MARK_SKIPPED]);
	return n[MARK_SKIPPED];
}

static void finish(struct lesson_run *r, const char *again, long next)
{
	struct lesson *nl;
	struct sbuf err = SBUF_INIT;
	char *path;

	if (*r->l->after)
		print_prose(r, r->l->after);
	lesson_progress_set(r->l, LESSON_PROGRESS_DONE);
	/* "Well done" only when earned: nothing skipped. */
	if (summarize(r) == 0)
		say(r, STYLE_OK, _("Well done: you finished \"%s\"."),
		    bare_title(r->l->title));
	else
		say(r, STYLE_BOLD, _("You reached the end of \"%s\", but not every step was yours. Try it again when you like: lesson %s starts it over."),
		    bare_title(r->l->title), again);
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
	r.before_id = s->next_id;
	r.marks = xcalloc(l->nsteps, 1);
	lesson_outside_init(&r.out);
	s->lesson = &r;
	{	/* the title as a heading, at the terminal's width now */
		struct sbuf h = SBUF_INIT;

		sbuf_add(&h, "# ");
		sbuf_add(&h, l->title);
		print_prose(&r, sbuf_str(&h));
		sbuf_free(&h);
	}
	say(&r, STYLE_DIM, _("(Enter runs the command on the line. In a lesson you can also type next, back, repeat, hint, reset, quit; help lists them.)"));
	resume(&r);
	step_loop(&r);
	if (r.quit)
		leave(&r, again);
	else
		finish(&r, again, next);
	fflush(s->out);
	lesson_outside_done(&r.out);
	free(r.marks);
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
