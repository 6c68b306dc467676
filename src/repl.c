/* repl.c - the interactive driver: GNU Readline, history, completion.
 * Readline stays behind this file; the rest of sockrepl never sees it. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "closeout.h"
#include "cexec.h"
#include "cmd.h"
#include "i18n.h"
#include "repl.h"
#include "show.h"
#include "show-trace.h"
#include "sig.h"
#include "trace.h"

#define HISTORY_MAX 1000

static struct session *cur;	/* the session completion looks at */
static char *history_path;
static const char *prefill_text;

/* The lines of a multi-line paste not yet run; the next one, taken off
 * for the coming prompt, and whether it ended in a newline (then it runs
 * at once, as if typed). */
static struct sbuf pasted = SBUF_INIT;
static size_t pasted_off;
static char *paste_line;
static int paste_run;
static sig_atomic_t int_count_seen;	/* sig_int_count at the paste */

/* Candidates for the word being completed, gathered once per Tab: copies,
 * as the table code lends its strings only for the call. */
static char **cands;
static size_t ncands, cands_cap;

static void cand_add(void *data, const char *s)
{
	(void)data;
	if (s == NULL || *s == '\0')
		return;
	if (ncands == cands_cap) {
		cands_cap = cands_cap ? 2 * cands_cap : 64;
		cands = xrealloc(cands, sizeof(*cands) * cands_cap);
	}
	cands[ncands++] = xstrdup(s);
}

static void cands_clear(void)
{
	while (ncands)
		free(cands[--ncands]);
}

/* Split the text before the word being completed into words; the first
 * written "name=cmd" counts as "name = cmd", as the parser reads it. */
static int split_words(char *before, char **words, int max)
{
	char *w, *save, *eq;
	int n = 0;

	for (w = strtok_r(before, " \t", &save); w && n < max - 2;
	     w = strtok_r(NULL, " \t", &save)) {
		eq = n == 0 ? strchr(w, '=') : NULL;
		if (eq == NULL || eq == w || eq[1] == '>') {
			words[n++] = w;
			continue;
		}
		*eq = '\0';
		words[n++] = w;
		words[n++] = (char *)"=";
		if (eq[1] != '\0')
			words[n++] = eq + 1;
	}
	return n;
}

/* Work out what the word at start completes to, from the words before.
 * Readline breaks words at '|' and '=' too: after "x=" the command name
 * is completed, after "MSG_PEEK|" the same argument goes on. */
static void gather(int start)
{
	char *before = xstrndup(rl_line_buffer, (size_t)start);
	char *words[64], *cont = NULL;
	int n, i, first = 0;
	struct sbuf err = SBUF_INIT;
	const struct cmd_entry *e;

	cands_clear();
	n = split_words(before, words, 64);
	if (start > 0 && rl_line_buffer[start - 1] == '|' && n > 0)
		cont = words[--n];
	for (i = 0; i < n; i++) {
		if (strcmp(words[i], "=>") == 0) {
			cand_add(NULL, "*");
			cmd_complete_kind(cur, "errno", cand_add, NULL);
			goto out;
		}
		if (strcmp(words[i], "=") == 0)
			first = i + 1;
	}
	if (n == first) {
		cmd_complete_kind(cur, "cmd", cand_add, NULL);
		goto out;
	}
	e = cmd_lookup(words[first], &err);
	if (e)
		cmd_complete(cur, e, words + first + 1, n - first - 1, cont,
			     cand_add, NULL);
out:
	sbuf_free(&err);
	free(before);
}

static char *generator(const char *text, int state)
{
	static size_t i, len;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (i < ncands) {
		const char *c = cands[i++];

		if (strncmp(c, text, len) == 0)
			return xstrdup(c);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;	/* never file names */
	gather(start);
	return rl_completion_matches(text, generator);
}

static int in_readline;	/* the terminal is Readline's */

/* SIGHUP (the terminal closed) or SIGTERM: put the terminal back, keep
 * the history, and go with 128 + the signal's number, as a shell does.
 * Lesson progress needs nothing: it is saved at every step. _exit, as
 * the terminal may be gone: only the history matters now. */
static void exit_on_signal(void)
{
	int signo = sig_exit_pending;

	if (in_readline) {
		rl_cleanup_after_signal();
		fputc('\n', rl_outstream ? rl_outstream : stdout);
	}
	repl_done();
	fflush(stdout);
	_exit(128 + signo);
}

/* C being collected over several lines (a continuation prompt is up),
 * and a Ctrl-C that dropped it. */
static int collecting_c, c_dropped;

/* Ctrl-C at the prompt: drop the line and start a fresh one, as a shell
 * does. */
static void drop_line(void)
{
	sig_int_pending = 0;
	if (collecting_c)	/* and the C collected so far: the read
				 * ends (getc_interruptible) */
		c_dropped = 1;
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	fputs("^C\n", rl_outstream ? rl_outstream : stdout);
	rl_on_new_line();
	rl_redisplay();
}

/* Ctrl-Z at the prompt: give the terminal back in the modes it had, stop,
 * and once continued take it again and redraw the line (rl_catch_signals
 * is 0, so Readline does none of it). A SIGCONT alone (after a SIGSTOP)
 * does the same but the stop: the shell that ran fg may have changed the
 * modes meanwhile. */
static void stop_and_resume(void)
{
	if (sig_stop_pending == SIGTSTP)
		rl_echo_signal_char(SIGTSTP);	/* ^Z, as the tty would */
	rl_cleanup_after_signal();	/* deprep_terminal */
	sig_stop_now();
	sig_cont_pending = 0;
	rl_reset_after_signal();	/* prep_terminal */
	fputc('\r', rl_outstream ? rl_outstream : stdout);
	rl_forced_update_display();
}

/* Act on the signals sig.c noted. Readline calls this when a read is
 * interrupted by one of our handlers, and so does our getc. */
static int on_signal(void)
{
	if (sig_exit_pending)
		exit_on_signal();
	if (sig_stop_pending || sig_cont_pending)
		stop_and_resume();
	if (sig_int_pending)
		drop_line();
	return 0;
}

/* Segments that arrive while the learner types (trace on): printed above
 * the prompt, and the prompt and the line being typed drawn again below
 * them, as they were. */
static void show_segments_above(void)
{
	struct record r;

	record_init(&r);
	trace_take(cur, &r, 1);
	if (r.nsegs) {
		rl_clear_visible_line();
		show_trace_segs(cur, &r, 1);
		fflush(cur->out);
		rl_on_new_line();
		rl_forced_update_display();
	}
	record_free(&r);
}

/* Readline's getc, but a Ctrl-C that lands while Readline is busy (not
 * blocked in read) is still seen within a tenth of a second; and with
 * trace on, segments are shown as they come. */
static int getc_interruptible(FILE *in)
{
	struct pollfd p[2] = { { .fd = fileno(in), .events = POLLIN },
			       { .fd = -1, .events = POLLIN } };

	for (;;) {
		on_signal();
		if (c_dropped)
			return '\n';	/* the line is thrown away */
		p[1].fd = cur ? trace_fd(cur) : -1;
		if (poll(p, 2, 100) > 0) {
			if (p[0].revents)
				return rl_getc(in);
			if (p[1].revents)
				show_segments_above();
		}
		rl_check_signals();	/* e.g. a resized terminal */
	}
}

/* Our signal handlers for job control are in place exactly while the
 * terminal is in Readline's modes: set before, a SIGTTOU in the
 * background would make Readline retry setting the modes for ever. */
static void prep_terminal(int meta)
{
	rl_prep_terminal(meta);
	sig_prompt_begin();
}

static void deprep_terminal(void)
{
	sig_prompt_end();
	rl_deprep_terminal();
}

/* Readline puts a bracketed paste on the line whole, newlines and all.
 * Run it as typed instead: the first line now, each further line at the
 * next prompt, and a last line without a newline left on the prompt for
 * editing, as bash leaves it. */
static int paste(int count, int key)
{
	int r = rl_bracketed_paste_begin(count, key);
	char *nl = memchr(rl_line_buffer, '\n', (size_t)rl_end);

	if (nl == NULL)
		return r;
	sbuf_add(&pasted, nl + 1);
	int_count_seen = sig_int_count;	/* a Ctrl-C from now on drops it */
	rl_delete_text((int)(nl - rl_line_buffer), rl_end);
	rl_point = rl_end;
	rl_deactivate_mark();
	rl_redisplay();
	return rl_newline(1, '\n');
}

/* Take the next pasted line off the queue into paste_line; blank lines
 * (a CR LF paste gives one after each line) are passed over. */
static void paste_next(void)
{
	const char *p, *nl;
	size_t len;

	free(paste_line);
	paste_line = NULL;
	if (sig_int_count != int_count_seen) {	/* Ctrl-C drops the rest */
		int_count_seen = sig_int_count;
		pasted_off = pasted.len;
	}
	while (pasted_off < pasted.len) {
		p = pasted.s + pasted_off;
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		pasted_off += len + (nl != NULL);
		if (p[strspn(p, " \t")] == (nl ? '\n' : '\0'))
			continue;
		paste_line = xstrndup(p, len);
		paste_run = nl != NULL;
		return;
	}
	sbuf_free(&pasted);
	pasted_off = 0;
}

static int insert_prefill(void)
{
	if (prefill_text)
		rl_insert_text(prefill_text);
	prefill_text = NULL;
	if (paste_line) {
		rl_insert_text(paste_line);
		if (paste_run)
			rl_execute_next('\n');	/* Enter, as typed */
	}
	return 0;
}

char *repl_state_path(const char *name)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct sbuf p = SBUF_INIT;
	char *slash;

	if (xdg && *xdg == '/')
		sbuf_addf(&p, "%s/sockrepl/%s", xdg, name);
	else if (home && *home == '/')
		sbuf_addf(&p, "%s/.local/state/sockrepl/%s", home, name);
	else
		return NULL;
	/* mkdir -p of the directory part; failure means no saved state. */
	for (slash = strchr(p.s + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p.s, 0700) < 0 && errno != EEXIST) {
			sbuf_free(&p);
			return NULL;
		}
		*slash = '/';
	}
	return p.s;
}

void repl_init(struct session *s)
{
	s->list_history = repl_history;
	cur = s;
	if (history_path || !s->opt.interactive)
		return;
	rl_readline_name = "sockrepl";
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = " \t\n\"'=|";
	rl_catch_signals = 0;	/* sig.c owns SIGINT; see stop_and_resume */
	rl_signal_event_hook = on_signal;
	rl_getc_function = getc_interruptible;
	rl_prep_term_function = prep_terminal;
	rl_deprep_term_function = deprep_terminal;
	rl_startup_hook = insert_prefill;
	rl_bind_keyseq_in_map("\033[200~", paste, emacs_standard_keymap);
	rl_bind_keyseq_in_map("\033[200~", paste, vi_insertion_keymap);
	sig_catch_exit();
	using_history();
	stifle_history(HISTORY_MAX);
	history_path = repl_state_path("history");
	if (history_path)
		read_history(history_path);
}

void repl_done(void)
{
	if (history_path) {
		write_history(history_path);	/* unwritable: no matter */
		free(history_path);
		history_path = NULL;
	}
	cands_clear();
	free(cands);
	cands = NULL;
	cands_cap = 0;
	sbuf_free(&pasted);
	pasted_off = 0;
	free(paste_line);
	paste_line = NULL;
}

/* The terminal's width now (the learner may have resized it), for the
 * notes that wrap; 0 when the output is no terminal. */
static int term_columns(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) < 0)
		return 0;
	return ws.ws_col;
}

int repl_columns(struct session *s)
{
	s->opt.columns = s->opt.json ? 0 : term_columns(s->out);
	return s->opt.columns;
}

static char *read_line(struct session *s, const char *prompt,
		       const char *prefill, int keep)
{
	struct sbuf p = SBUF_INIT;
	char *line;

	repl_init(s);
	/* \001 \002 tell Readline the colour codes take no columns. */
	if (s->opt.color)
		sbuf_addf(&p, "\001%s\002%s\001%s\002",
			  show_color(s, STYLE_PROMPT), prompt, show_reset(s));
	else
		sbuf_add(&p, prompt);
	prefill_text = prefill;
	paste_next();
	if (sig_exit_pending)	/* came while a command ran */
		exit_on_signal();
	sig_int_pending = 0;
	in_readline = 1;
	line = readline(sbuf_str(&p));
	in_readline = 0;
	sig_stop_now();	/* a Ctrl-Z after the last key: the modes are back */
	sbuf_free(&p);
	/* The hang-up can end the read before its SIGHUP comes, or after. */
	if (sig_exit_pending ||
	    (line == NULL &&
	     sig_hung_up(fileno(rl_instream ? rl_instream : stdin)))) {
		free(line);
		exit_on_signal();
	}
	if (keep && line && line[strspn(line, " \t")] != '\0')
		add_history(line);
	repl_columns(s);
	return line;
}

char *repl_readline(struct session *s, const char *prompt,
		    const char *prefill)
{
	return read_line(s, prompt, prefill, 1);
}

char *repl_ask(struct session *s, const char *question)
{
	return read_line(s, question, NULL, 0);
}

void repl_push_line(const char *line)
{
	sbuf_add(&pasted, line);
	sbuf_addc(&pasted, '\n');
	int_count_seen = sig_int_count;
}

void repl_history(struct sbuf *out)
{
	HIST_ENTRY **h = history_list();
	int i;

	for (i = 0; h && h[i]; i++)
		sbuf_addf(out, "%5d  %s\n", i + history_base, h[i]->line);
	if (out->len)
		out->s[--out->len] = '\0';
}

/* A line of C: collect it until the C is complete, then run it. */
static enum exec_status repl_c_line(struct session *s, struct cinput *cin,
				    const char *line)
{
	struct exec_result res;
	struct sbuf err = SBUF_INIT;
	enum exec_status st = EXEC_EMPTY;

	switch (cexec_feed(cin, line, &err)) {
	case CPARSE_ERROR:
		show_error(s, sbuf_str(&err));
		st = EXEC_ERROR;
		break;
	case CPARSE_OK:
		exec_result_init(&res);
		st = cexec_run(s, cin->text.s, cin->text.len, &res);
		exec_result_free(&res);
		cinput_reset(cin);
		break;
	case CPARSE_INCOMPLETE:
		break;
	}
	sbuf_free(&err);
	return st;
}

int repl_run(struct session *s)
{
	struct exec_result res;
	struct cinput cin = { SBUF_INIT, 0, 0 };
	char *line;
	int st;

	repl_init(s);
	for (;;) {
		collecting_c = cin.lines > 0 || cin.skip > 0;
		c_dropped = 0;
		line = repl_readline(s, collecting_c ? CEXEC_PROMPT :
					s->opt.netns ? "sock[netns]> " : "sock> ",
				     NULL);
		collecting_c = 0;
		if (c_dropped || (line == NULL && cin.lines)) {
			show_note(s, _("the C typed so far was dropped"));
			cinput_reset(&cin);
			free(line);
			if (line == NULL)
				break;
			continue;
		}
		if (line == NULL) {
			fputc('\n', s->out);
			break;
		}
		if (cexec_wants(&cin, line)) {
			st = repl_c_line(s, &cin, line);
		} else {
			exec_result_init(&res);
			st = cmd_execute(s, line, strlen(line), &res);
			exec_result_free(&res);
		}
		free(line);
		/* A hang-up that interrupted the command: its output went to
		 * a terminal that is gone, and the exit says why. */
		if (sig_exit_pending)
			exit_on_signal();
		if (st == EXEC_QUIT || out_check(s->out) < 0)
			break;
	}
	cinput_reset(&cin);
	repl_done();
	return 0;
}
