/* repl.c - the interactive driver: GNU Readline, history, completion.
 * Readline stays behind this file; the rest of sockrepl never sees it. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "closeout.h"
#include "cmd.h"
#include "consts.h"
#include "lesson.h"
#include "repl.h"
#include "show.h"
#include "sig.h"

#define HISTORY_MAX 1000

static struct session *cur;	/* the session completion looks at */
static char *history_path;
static const char *prefill_text;

/* Candidates for the word being completed, gathered once per Tab. */
static const char **cands;
static size_t ncands, cands_cap;

static void cand_add(const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	if (ncands == cands_cap) {
		cands_cap = cands_cap ? 2 * cands_cap : 64;
		cands = xrealloc(cands, sizeof(*cands) * cands_cap);
	}
	cands[ncands++] = s;
}

static void cand_table(const struct const_table *t)
{
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		cand_add(t->defs[i].name);
		cand_add(t->defs[i].short_name);
	}
}

static void cand_commands(void)
{
	const struct cmd_entry *e;
	size_t i;

	for (i = 0; (e = cmd_at(i)) != NULL; i++)
		cand_add(e->name);
}

static void cand_sockets(int with_closed)
{
	static char nums[64][12];
	size_t i, k = 0;

	for (i = 0; i < cur->nsocks; i++) {
		struct sock *sk = &cur->socks[i];

		if (sk->fd < 0 && !with_closed)
			continue;
		cand_add(sk->name);
		if (sk->fd >= 0 && k < ARRAY_SIZE(nums)) {
			snprintf(nums[k], sizeof(nums[k]), "%d", sk->fd);
			cand_add(nums[k++]);
		}
	}
}

/* poll's FD[:EVENTS]: each open socket, alone and with its events. */
static void cand_pollfds(void)
{
	static const char *const evs[] = { "in", "out", "in|out" };
	static char ev[64][PARSE_NAME_MAX + 8];
	size_t i, j, k = 0;

	cand_sockets(0);
	for (i = 0; i < cur->nsocks; i++) {
		struct sock *sk = &cur->socks[i];

		if (sk->fd < 0 || sk->name[0] == '\0')
			continue;
		for (j = 0; j < ARRAY_SIZE(evs) && k < ARRAY_SIZE(ev); j++) {
			snprintf(ev[k], sizeof(ev[k]), "%s:%s", sk->name,
				 evs[j]);
			cand_add(ev[k++]);
		}
	}
}

static void cand_kind(const char *kind, size_t len)
{
	static const char *const addrs[] = { "127.0.0.1", "0.0.0.0", "any",
					     "localhost", "::1", "[::1]" };
	static const char *const onoff[] = { "on", "off" };
	static const char *const checks[] = { "state", "queue", "recv" };
	static const char *const states[] = {
		"LISTEN", "SYN-SENT", "SYN-RECV", "ESTABLISHED", "FIN-WAIT-1",
		"FIN-WAIT-2", "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING",
		"CLOSED", "UNCONN",
	};
	static const char *const sets[] = { "color", "c", "state", "explain",
					    "timeout" };
	char k[16];
	size_t i;

	snprintf(k, sizeof(k), "%.*s", (int)len, kind);
	if (strcmp(k, "fd") == 0) {
		cand_sockets(0);
	} else if (strcmp(k, "addr") == 0) {
		cand_sockets(1);
		for (i = 0; i < ARRAY_SIZE(addrs); i++)
			cand_add(addrs[i]);
	} else if (strcmp(k, "cmd") == 0) {
		cand_commands();
	} else if (strcmp(k, "onoff") == 0) {
		for (i = 0; i < ARRAY_SIZE(onoff); i++)
			cand_add(onoff[i]);
	} else if (strcmp(k, "set") == 0) {
		for (i = 0; i < ARRAY_SIZE(sets); i++)
			cand_add(sets[i]);
	} else if (strcmp(k, "lesson") == 0) {
		for (i = 0; lesson_name_at(i); i++)
			cand_add(lesson_name_at(i));
	} else if (strcmp(k, "errno") == 0) {
		for (i = 0; consts_errno_at(i); i++)
			cand_add(consts_errno_at(i));
	} else if (strcmp(k, "expect") == 0) {
		for (i = 0; i < ARRAY_SIZE(checks); i++)
			cand_add(checks[i]);
	} else if (strcmp(k, "state") == 0) {
		for (i = 0; i < ARRAY_SIZE(states); i++)
			cand_add(states[i]);
	} else if (strcmp(k, "pollfd") == 0) {
		cand_pollfds();
	} else if (strcmp(k, "level") == 0) {
		cand_table(&consts_level);	/* the level may be left out */
		cand_kind("sockopt", 7);
	} else if (strcmp(k, "sockopt") == 0) {
		cand_table(&consts_opt_socket);
		cand_table(&consts_opt_tcp);
		cand_table(&consts_opt_ip);
		cand_table(&consts_opt_ipv6);
	} else {
		cand_table(consts_by_kind(k));
	}
}

/* The kind of argument number argi of e (the last kind repeats). */
static void cand_for_arg(const struct cmd_entry *e, int argi)
{
	const char *p = e->complete, *kind = NULL;
	size_t len = 0;

	while (p && *p) {
		kind = p;
		len = strcspn(p, " ");
		if (argi-- == 0)
			break;
		p += len;
		p += strspn(p, " ");
	}
	if (kind)
		cand_kind(kind, len);
}

/* Work out what the word at start completes to, from the words before. */
static void gather(int start)
{
	char *before = xstrndup(rl_line_buffer, (size_t)start), *w, *save;
	char *words[64];
	int n = 0, i, first = 0;
	struct sbuf err = SBUF_INIT;
	const struct cmd_entry *e;

	ncands = 0;
	for (w = strtok_r(before, " \t", &save); w && n < 64;
	     w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	for (i = 0; i < n; i++) {
		if (strcmp(words[i], "=>") == 0) {
			cand_add("*");
			cand_kind("errno", 5);
			goto out;
		}
		if (strcmp(words[i], "=") == 0)
			first = i + 1;
	}
	if (n == first) {
		cand_commands();
		goto out;
	}
	e = cmd_lookup(words[first], &err);
	if (e)
		cand_for_arg(e, n - first - 1);
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

/* Ctrl-C at the prompt: drop the line and start a fresh one, as a shell
 * does. Readline calls this when a read is interrupted by our handler. */
static int on_signal(void)
{
	if (!sig_int_pending)
		return 0;
	sig_int_pending = 0;
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	fputs("^C\n", rl_outstream ? rl_outstream : stdout);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Readline's getc, but a Ctrl-C that lands while Readline is busy (not
 * blocked in read) is still seen within a tenth of a second. */
static int getc_interruptible(FILE *in)
{
	struct pollfd p = { .fd = fileno(in), .events = POLLIN };

	for (;;) {
		if (sig_int_pending)
			on_signal();
		if (poll(&p, 1, 100) > 0)
			return rl_getc(in);
		rl_check_signals();	/* e.g. a resized terminal */
	}
}

static int insert_prefill(void)
{
	if (prefill_text)
		rl_insert_text(prefill_text);
	prefill_text = NULL;
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
	cur = s;
	if (history_path || !s->opt.interactive)
		return;
	rl_readline_name = "sockrepl";
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = " \t\n\"'=|";
	rl_catch_signals = 0;	/* sig.c owns SIGINT */
	rl_signal_event_hook = on_signal;
	rl_getc_function = getc_interruptible;
	rl_startup_hook = insert_prefill;
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
	free(cands);
	cands = NULL;
	ncands = cands_cap = 0;
}

char *repl_readline(struct session *s, const char *prompt,
		    const char *prefill)
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
	sig_int_pending = 0;
	line = readline(sbuf_str(&p));
	sbuf_free(&p);
	if (line && line[strspn(line, " \t")] != '\0')
		add_history(line);
	return line;
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

int repl_run(struct session *s)
{
	struct exec_result res;
	char *line;
	int st;

	repl_init(s);
	for (;;) {
		line = repl_readline(s, "sock> ", NULL);
		if (line == NULL) {
			fputc('\n', s->out);
			break;
		}
		exec_result_init(&res);
		st = cmd_execute(s, line, strlen(line), &res);
		exec_result_free(&res);
		free(line);
		if (st == EXEC_QUIT || out_check(s->out) < 0)
			break;
	}
	repl_done();
	return 0;
}
