/* check_pty.c - drives the real interactive shell on a pseudo-terminal:
 * prompt, Tab completion, pasted lines, Ctrl-C at the prompt and in a
 * blocked accept, Ctrl-D, the history file, Ctrl-Z and fg, hang-up and
 * SIGTERM, the descriptors --step leaves free, and notes wrapped at the
 * terminal's width. */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "ptyshell.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A state directory of the test's own, removed at the end. */
struct shell {
	struct pty p;
	char state[256];
	int no_home;
};

static void child_env(void *arg)
{
	struct shell *sh = arg;

	setenv("XDG_STATE_HOME", sh->no_home ? "/proc/sockrepl-none" :
		sh->state, 1);
	if (sh->no_home)
		unsetenv("HOME");
	setenv("SOCKREPL_NO_OFFER", "1", 1);
}

/* no_home: no $HOME and an XDG_STATE_HOME that cannot be created;
 * as_job: under a job-control shell (pty_spawn_job), 2 in the background,
 * 3 in the foreground of a shell that ignores SIGHUP. */
static struct pty *shell_spawn(struct shell *sh, int no_home, int as_job)
{
	char *argv[] = { NULL, (char *)"--color=never", NULL };

	snprintf(sh->state, sizeof(sh->state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh->state));
	sh->no_home = no_home;
	if (as_job == 3)
		pty_spawn_job_nohangup(&sh->p, argv, child_env, sh);
	else if (as_job)
		pty_spawn_job(&sh->p, argv, child_env, sh, as_job == 2);
	else
		pty_spawn(&sh->p, argv, child_env, sh);
	return &sh->p;
}

static struct pty *shell_start(struct shell *sh, int no_home)
{
	return shell_spawn(sh, no_home, 0);
}

/* 1 if the history file has line (with its newline). */
static int history_has(struct shell *sh, const char *line)
{
	char path[400], got[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/sockrepl/history", sh->state);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(got, sizeof(got), f))
		found |= strcmp(got, line) == 0;
	fclose(f);
	return found;
}

static void shell_cleanup(struct shell *sh)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sh->state);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_prompt_and_eof)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "\004");	/* Ctrl-D at an empty prompt */
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

START_TEST(test_tab_completion)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "lfd = socke\t");	/* socket, socketpair: "socket" */
	pty_send(p, " AF_INET\t");	/* AF_INET or AF_INET6 */
	pty_send(p, " SOCK_STR\t\n");
	EXPECT(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "sock> ");
	pty_send(p, "getsockn\t l\t\n");	/* command, then a socket name */
	EXPECT(p, "getsockname(lfd,");
	EXPECT(p, "sock> ");
	/* past the address, the option words the command declares */
	pty_send(p, "sockaddr 127.0.0.1 8001 --n\t\n");
	EXPECT(p, ".sin_port = 8001 /* no htons()! */");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* Readline breaks words at '|' and '=': after "a:in|" come more poll
 * events, and "x=socke" (no spaces) completes the command name. */
START_TEST(test_tab_after_break)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "x=sock\t\t");	/* Tab Tab lists the candidates */
	EXPECT(p, "sockaddr");
	EXPECT(p, "socketpair");
	EXPECT(p, "sock> x=sock");
	pty_send(p, "\025");		/* Ctrl-U: start again */
	pty_send(p, "x=socke\t");	/* socket, socketpair: "socket" */
	pty_send(p, " inet str\t\n");
	EXPECT(p, "int x = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "sock> ");
	pty_send(p, "poll x:in|o\t 0\n");	/* out, not a descriptor */
	EXPECT(p, ".events = POLLIN|POLLOUT");
	EXPECT(p, "sock> ");
	pty_send(p, "send x hi MSG_DONTWAIT|MSG_NOS\t\n");
	EXPECT(p, "MSG_DONTWAIT|MSG_NOSIGNAL");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* A bracketed paste of several lines runs them one by one, each shown
 * after its prompt and kept in history; a last line without a newline
 * waits on the prompt, as bash leaves it. */
START_TEST(test_bracketed_paste)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "half a line\003");	/* a Ctrl-C before is no matter */
	EXPECT(p, "^C");
	EXPECT(p, "sock> ");
	pty_send(p, "\033[200~lfd = socket inet stream\n"
		    "bind lfd 127.0.0.1 0\n\033[201~");
	EXPECT(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "sock> bind lfd 127.0.0.1 0");
	EXPECT(p, "bind(lfd,");
	EXPECT(p, "sock> ");
	ck_assert_ptr_null(strstr(p->buf, "too many arguments"));
	pty_send(p, "\033[200~listen lfd\ngetsockname l\033[201~");
	EXPECT(p, "listen(lfd, ");
	EXPECT(p, "sock> getsockname l");
	pty_send(p, "fd\t\n");	/* edited, then run */
	EXPECT(p, "getsockname(lfd,");
	EXPECT(p, "sock> ");
	pty_send(p, "history\n");
	EXPECT(p, "1  lfd = socket inet stream");
	EXPECT(p, "2  bind lfd 127.0.0.1 0");
	EXPECT(p, "3  listen lfd");
	EXPECT(p, "4  getsockname lfd");
	EXPECT(p, "sock> ");
	/* Ctrl-C drops the rest of a paste, as it flushes typed-ahead input */
	pty_send(p, "\033[200~accept lfd\nclose lfd\n\033[201~");
	EXPECT(p, "press Ctrl-C");
	ck_assert(pty_wait_accept(p));
	pty_send(p, "\003");
	EXPECT(p, "-1 EINTR");
	EXPECT(p, "sock> ");
	pty_send(p, "getsockname lfd\n");
	EXPECT(p, "getsockname(lfd,");
	ck_assert_ptr_null(strstr(p->buf, "close(lfd)"));
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* Without bracketed paste the lines simply arrive typed. */
START_TEST(test_plain_paste)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "lfd = socket inet stream\nbind lfd 127.0.0.1 0\n"
		    "listen lfd\n");
	EXPECT(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "bind(lfd,");
	EXPECT(p, "listen(lfd, ");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* A fresh shell whose "accept l" now waits in accept(2), nobody
 * connecting. */
static struct pty *blocked_in_accept(struct shell *sh)
{
	struct pty *p = shell_start(sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "l = socket inet stream\n");
	EXPECT(p, "sock> ");
	pty_send(p, "bind l 127.0.0.1 0\n");
	EXPECT(p, "sock> ");
	pty_send(p, "listen l\n");
	EXPECT(p, "sock> ");
	pty_send(p, "accept l\n");
	EXPECT(p, "press Ctrl-C");
	ck_assert(pty_wait_accept(p));
	return p;
}

START_TEST(test_ctrl_c_accept)
{
	struct shell sh;
	struct pty *p = blocked_in_accept(&sh);

	pty_send(p, "\003");
	EXPECT(p, "-1 EINTR");
	EXPECT(p, "sock> ");
	/* still alive, and Ctrl-C at the prompt drops the line */
	pty_send(p, "half a line\003");
	EXPECT(p, "^C");
	EXPECT(p, "sock> ");
	pty_send(p, "getsockname l\n");
	EXPECT(p, "getsockname(l,");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

START_TEST(test_history_saved)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);
	char path[400], line[256];
	FILE *f;
	int found = 0;

	EXPECT(p, "sock> ");
	pty_send(p, "help socket\n");
	EXPECT(p, "usage: socket");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	snprintf(path, sizeof(path), "%s/sockrepl/history", sh.state);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "no history file at %s", path);
	while (fgets(line, sizeof(line), f))
		found |= strcmp(line, "help socket\n") == 0;
	fclose(f);
	ck_assert(found);
	shell_cleanup(&sh);
}
END_TEST

/* Ctrl-Z gives the terminal back; after fg the line is redrawn and
 * Readline has its modes again: Tab completes at once, nothing is echoed
 * twice (the shell restored its own modes while we were stopped). */
START_TEST(test_ctrl_z_fg)
{
	struct shell sh;
	struct pty *p = shell_spawn(&sh, 0, 1);

	EXPECT(p, "sock> ");
	pty_send(p, "l = socket inet stream\n");
	EXPECT(p, "int l = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "sock> ");
	pty_send(p, "getsockn");
	EXPECT(p, "getsockn");	/* read: Ctrl-Z flushes what is not */
	pty_send(p, "\032");		/* Ctrl-Z on a half-typed line */
	EXPECT(p, "[stopped]");
	pty_send(p, "fg\n");
	EXPECT(p, "fg\r\n");
	EXPECT(p, "sock> getsockn");	/* redrawn */
	pty_send(p, "\t");
	EXPECT(p, "ame ");		/* completed before Enter */
	ck_assert_ptr_nonnull(strstr(p->buf, "sock> getsockname "));
	pty_send(p, "l\n");
	EXPECT(p, "getsockname(l,");
	ck_assert_ptr_nonnull(strstr(p->buf, "sock> getsockname l\r\n"
				 "struct sockaddr_storage addr;"));	/* once */
	EXPECT(p, "sock> ");
	pty_send(p, "\032");		/* again, at an empty prompt */
	EXPECT(p, "[stopped]");
	pty_send(p, "fg\n");
	EXPECT(p, "sock> ");
	/* A blocked call goes on waiting after fg. */
	pty_send(p, "bind l 127.0.0.1 0\n");
	EXPECT(p, "sock> ");
	pty_send(p, "listen l\n");
	EXPECT(p, "sock> ");
	pty_send(p, "accept l\n");
	EXPECT(p, "press Ctrl-C");
	ck_assert(pty_wait_accept(p));
	pty_send(p, "\032");
	EXPECT(p, "[stopped]");
	pty_send(p, "fg\n");
	EXPECT(p, "[continued]");
	ck_assert(pty_wait_accept(p));	/* waiting again */
	pty_send(p, "\003");
	EXPECT(p, "-1 EINTR");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	ck_assert(history_has(&sh, "getsockname l\n"));
	shell_cleanup(&sh);
}
END_TEST

/* Started in the background, the shell stops when it first takes the
 * terminal (SIGTTOU), as any Readline program does, and works after fg. */
START_TEST(test_started_in_background)
{
	struct shell sh;
	struct pty *p = shell_spawn(&sh, 0, 2);

	EXPECT(p, "[stopped]");
	pty_send(p, "fg\n");
	EXPECT(p, "[continued]");
	EXPECT(p, "sock> ");
	pty_send(p, "getsockn\t\n");
	EXPECT(p, "usage: getsockname");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* Closing the terminal: the history is saved, the exit status is 128 +
 * SIGHUP as from a shell. _i 0: sockrepl leads the terminal's session,
 * a line half typed; 1: the hang-up without its SIGHUP (as when the read
 * of the hung-up terminal ends before the signal comes), sockrepl being
 * the job of a shell that ignores SIGHUP. */
START_TEST(test_hangup_saves_history)
{
	struct shell sh;
	struct pty *p = _i ? shell_spawn(&sh, 0, 3) : shell_start(&sh, 0);
	int st;

	EXPECT(p, "sock> ");
	pty_send(p, "help socket\n");
	EXPECT(p, "usage: socket");
	EXPECT(p, "sock> ");
	if (_i == 0)
		pty_send(p, "half a line");
	pty_hangup(p);
	st = pty_wait(p);
	ck_assert_msg(history_has(&sh, "help socket\n"), "history lost");
	ck_assert_int_eq(st, 128 + SIGHUP);
	shell_cleanup(&sh);
}
END_TEST

/* SIGTERM while accept waits: the call is interrupted, the history saved,
 * the exit status 128 + SIGTERM. */
START_TEST(test_sigterm_in_accept)
{
	struct shell sh;
	struct pty *p = blocked_in_accept(&sh);
	int st;

	ck_assert_int_eq(kill(p->pid, SIGTERM), 0);
	st = pty_wait(p);
	ck_assert_msg(history_has(&sh, "listen l\n"), "history lost");
	ck_assert(history_has(&sh, "accept l\n"));
	ck_assert_int_eq(st, 128 + SIGTERM);
	shell_cleanup(&sh);
}
END_TEST

/* The terminal closed while accept waits: the call is interrupted, its
 * lines go nowhere, and the exit still says SIGHUP (not the write error
 * of the lines that found no terminal). */
START_TEST(test_hangup_in_accept)
{
	struct shell sh;
	struct pty *p = blocked_in_accept(&sh);

	pty_hangup(p);
	ck_assert_int_eq(pty_wait(p), 128 + SIGHUP);
	ck_assert(history_has(&sh, "accept l\n"));
	shell_cleanup(&sh);
}
END_TEST

/* Output held with Ctrl-S while a command writes, then Ctrl-C: the write
 * waits on and goes on after Ctrl-Q; the shell does not end with a write
 * error (SIGINT restarts a write; it interrupts only a blocked call). */
START_TEST(test_ctrl_s_then_ctrl_c)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "sleep 800\n");
	usleep(100000);
	pty_send(p, "\023");		/* Ctrl-S: output stops */
	usleep(1500000);		/* the sleep ends; its lines wait */
	pty_send(p, "\003");		/* Ctrl-C */
	usleep(200000);
	pty_send(p, "\021");		/* Ctrl-Q: output goes on */
	EXPECT(p, "sock> ");
	pty_send(p, "socket inet stream\n");
	EXPECT(p, "(new)");
	EXPECT(p, "sock> ");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	ck_assert_ptr_null(strstr(p->buf, "write error"));
	shell_cleanup(&sh);
}
END_TEST

START_TEST(test_no_home)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 1);

	EXPECT(p, "sock> ");
	pty_send(p, "s = socket inet stream\n");
	EXPECT(p, "int s = socket(AF_INET, SOCK_STREAM, 0);");
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* ---- notes wrapped at the terminal's width ------------------------------ */

#define NARROW 100	/* columns: the state table's note gets a few */

/* The columns the n bytes at s take on a terminal (UTF-8: a CJK
 * character takes two, an arrow one). */
static size_t cols(const char *s, size_t n)
{
	mbstate_t st;
	wchar_t wc;
	size_t k, w = 0;

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	memset(&st, 0, sizeof(st));
	while (n > 0 && (k = mbrtowc(&wc, s, n, &st)) > 0 &&
	       k != (size_t)-1 && k != (size_t)-2) {
		w += wcwidth(wc) > 0 ? (size_t)wcwidth(wc) : 0;
		s += k;
		n -= k;
	}
	return w;
}

/* The line of p's output that begins at from, without "\r\n"; its end
 * in *next (0 at the mark). */
static size_t line_at(const struct pty *p, size_t from, size_t *next)
{
	const char *nl = memchr(p->buf + from, '\n', p->mark - from);
	size_t end = nl ? (size_t)(nl - p->buf) : p->mark;

	*next = nl ? end + 1 : 0;
	if (end > from && p->buf[end - 1] == '\r')
		end--;
	return end - from;
}

/* Each line of p's output from from to the mark that has key ("": every
 * line) fits in NARROW columns; the number of lines that begin with
 * indent spaces, then a word: continued notes. */
static int lines_fit(const struct pty *p, size_t from, const char *key,
		     size_t indent)
{
	size_t n, next;
	int continued = 0;

	for (; from; from = next) {
		n = line_at(p, from, &next);
		if (memmem(p->buf + from, n, key, strlen(key)))
			ck_assert_msg(cols(p->buf + from, n) <= NARROW,
				      "%zu columns: %.*s",
				      cols(p->buf + from, n), (int)n,
				      p->buf + from);
		if (n > indent && strspn(p->buf + from, " ") == indent)
			continued++;
	}
	return continued;
}

/* The column where word first is in p's output after from. */
static size_t column_of(const struct pty *p, size_t from, const char *word)
{
	const char *at = strstr(p->buf + from, word);
	const char *line = at;

	ck_assert_msg(at != NULL, "no \"%s\" in: %s", word, p->buf + from);
	while (line > p->buf + from && line[-1] != '\n')
		line--;
	return cols(line, (size_t)(at - line));
}

static size_t run(struct pty *p, const char *line)
{
	size_t from = p->mark;

	pty_send(p, line);
	EXPECT(p, "sock> ");
	return from;
}

/* A terminal of 100 columns: the notes of the state table go on under
 * their column, and a transition line's note under its start. */
START_TEST(test_notes_wrap)
{
	struct shell sh;
	struct pty *p;
	size_t from, col;

	pty_columns = NARROW;
	p = shell_start(&sh, 0);
	EXPECT(p, "sock> ");
	run(p, "lfd = socket inet stream\n");
	run(p, "bind lfd 127.0.0.1 0\n");
	run(p, "listen lfd 1\n");
	run(p, "c = socket inet stream\n");
	from = run(p, "connect c lfd\n");
	col = column_of(p, from, "waits in");
	ck_assert_int_gt(lines_fit(p, from, "waits in", col), 0);
	from = run(p, "state\n");
	col = column_of(p, from, "note");
	ck_assert_int_ge(lines_fit(p, from, "", col), 2);
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* A terminal of 80 columns leaves the note column too little room: each
 * note goes under its row, indented, and no line is cut by the terminal. */
START_TEST(test_notes_under_rows)
{
	struct shell sh;
	struct pty *p;
	size_t from, next, n;
	int under = 0;

	pty_columns = 80;
	p = shell_start(&sh, 0);
	EXPECT(p, "sock> ");
	run(p, "lfd = socket inet stream\n");
	run(p, "bind lfd 127.0.0.1 0\n");
	run(p, "listen lfd 1\n");
	run(p, "c = socket inet stream\n");
	run(p, "connect c lfd\n");
	from = run(p, "state\n");
	for (; from; from = next) {
		n = line_at(p, from, &next);
		ck_assert_msg(cols(p->buf + from, n) <= 80, "%zu columns: %.*s",
			      cols(p->buf + from, n), (int)n, p->buf + from);
		if (n > 4 && strspn(p->buf + from, " ") == 4)
			under++;
	}
	ck_assert_int_ge(under, 2);
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* The shell in Chinese: the prompt, an error explained in Chinese, Tab
 * completion of a command and a constant, and the state table's Chinese
 * notes wrapped under their column, measured in display columns. */
START_TEST(test_chinese)
{
	struct shell sh;
	char *argv[] = { NULL, (char *)"--color=never",
			 (char *)"--lang=zh_CN", NULL };
	struct pty *p = &sh.p;
	size_t from;

	snprintf(sh.state, sizeof(sh.state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh.state));
	sh.no_home = 0;
	pty_columns = NARROW;
	pty_spawn(p, argv, child_env, &sh);
	EXPECT(p, "sock> ");
	run(p, "s = socket inet stream\n");
	run(p, "bind s 127.0.0.1 0\n");	/* bound, not listening */
	run(p, "c = socket inet stream\n");
	pty_send(p, "conn\t c s\n");
	EXPECT(p, "connect(c, ");
	EXPECT(p, "ECONNREFUSED");
	EXPECT(p, "没有程序在监听，所以内核回了 RST。");
	EXPECT(p, "sock> ");
	pty_send(p, "u = socket inet SOCK_DG\t\n");
	EXPECT(p, "int u = socket(AF_INET, SOCK_DGRAM, 0);");
	EXPECT(p, "（新）");
	EXPECT(p, "sock> ");
	run(p, "lfd = socket inet stream\n");
	run(p, "bind lfd 127.0.0.1 0\n");
	run(p, "listen lfd 1\n");
	run(p, "d = socket inet stream\n");
	run(p, "connect d lfd\n");
	from = run(p, "sta\t\n");
	ck_assert_int_ge(lines_fit(p, from, "", column_of(p, from, "说明")),
			 2);
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* --step: a child with only 0, 1, 2 open and, for _i == 1, a limit of 9
 * descriptors (the terminal, the script and netlink are sockrepl's, three
 * sockets the learner's), where 3, 4, 5 must still be the learner's. */
static int step_limit;

static void step_env(void *arg)
{
	struct rlimit rl = { 9, 9 };
	int fd;

	child_env(arg);
	for (fd = 3; fd < 1024; fd++)
		close(fd);	/* whatever check or make left open */
	if (step_limit)
		setrlimit(RLIMIT_NOFILE, &rl);
}

START_TEST(test_step_descriptors)
{
	static const char *const script[][2] = {
		{ "a = socket inet stream => 3", "as expected (=> 3)" },
		{ "state a", "CLOSED" },
		{ "b = socket inet stream => 4", "as expected (=> 4)" },
		{ "c = socket inet stream => 5", "as expected (=> 5)" },
	};
	struct shell sh;
	char path[300], *argv[] = { NULL, (char *)"--color=never",
				    (char *)"--step", path, NULL };
	FILE *f;
	size_t i;

	snprintf(sh.state, sizeof(sh.state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh.state));
	sh.no_home = 0;
	snprintf(path, sizeof(path), "%s/fds.sr", sh.state);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < ARRAY_LEN(script); i++)
		fprintf(f, "%s\n", script[i][0]);
	ck_assert_int_eq(fclose(f), 0);
	step_limit = _i;
	pty_spawn(&sh.p, argv, step_env, &sh);
	for (i = 0; i < ARRAY_LEN(script); i++) {
		EXPECT(&sh.p, "[Enter runs the next command]");
		pty_send(&sh.p, "\n");
		EXPECT(&sh.p, script[i][1]);
	}
	ck_assert_int_eq(pty_wait(&sh.p), 0);
	shell_cleanup(&sh);
}
END_TEST

/* The test programs run through env: in a sanitizer build LeakSanitizer
 * cannot work in a traced program and would fail it. */
#define NOLSAN (char *)"ASAN_OPTIONS=detect_leaks=0"

/* A test program of tests/run/, built by make check. */
static void run_prog_path(char *buf, size_t n, const char *name)
{
	const char *b = getenv("top_builddir");

	snprintf(buf, n, "%s/tests/run/%s", b ? b : ".", name);
}

/* --run --step: each socket call waits for Enter, shown as C first;
 * "state" shows the program's sockets; "c" lets it run on; the
 * program's exit status is sockrepl's. */
START_TEST(test_run_step)
{
	struct shell sh;
	char prog[300], *argv[] = { NULL, (char *)"--color=never",
				    (char *)"--run", (char *)"--step",
				    (char *)"env", NOLSAN, prog, NULL };

	run_prog_path(prog, sizeof(prog), "refused");
	snprintf(sh.state, sizeof(sh.state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh.state));
	sh.no_home = 0;
	step_limit = 0;		/* only 0, 1, 2 open: the program's socket is 3 */
	pty_spawn(&sh.p, argv, step_env, &sh);
	EXPECT(&sh.p, "next: socket(AF_INET, SOCK_STREAM, 0);");
	pty_send(&sh.p, "run\n");	/* a mistake: not run, explained */
	EXPECT(&sh.p, "Enter runs the call; c runs on");
	EXPECT(&sh.p, "next: socket(AF_INET, SOCK_STREAM, 0);");
	pty_send(&sh.p, "\n");
	EXPECT(&sh.p, "socket(AF_INET, SOCK_STREAM, 0);   \xe2\x86\x92 3");
	EXPECT(&sh.p, "next: bind(3, {AF_INET, htons(0), INADDR_LOOPBACK}, 16);");
	pty_send(&sh.p, "\n");
	EXPECT(&sh.p, "the kernel picked port");
	EXPECT(&sh.p, "next: getsockname(3, &addr, &len);");
	pty_send(&sh.p, "state\n");
	EXPECT(&sh.p, "fd 3  CLOSED  127.0.0.1:");
	EXPECT(&sh.p, "next: getsockname(3,");
	pty_send(&sh.p, "c\n");
	EXPECT(&sh.p, "-1 ECONNREFUSED");
	EXPECT(&sh.p, "exited with status 3");
	ck_assert_int_eq(pty_wait(&sh.p), 3);
	shell_cleanup(&sh);
}
END_TEST

/* --run: Ctrl-C at the terminal reaches the program (once: sockrepl
 * passes on only a SIGINT sent to it alone), which it ends. */
START_TEST(test_run_ctrl_c)
{
	struct shell sh;
	char prog[300], *argv[] = { NULL, (char *)"--color=never",
				    (char *)"--run", (char *)"env", NOLSAN,
				    prog, NULL };

	run_prog_path(prog, sizeof(prog), "echo_server");
	snprintf(sh.state, sizeof(sh.state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh.state));
	sh.no_home = 0;
	pty_spawn(&sh.p, argv, child_env, &sh);
	EXPECT(&sh.p, "port ");
	pty_send(&sh.p, "\003");
	EXPECT(&sh.p, "was ended by signal SIGINT");
	ck_assert_int_eq(pty_wait(&sh.p), 130);
	shell_cleanup(&sh);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pty");
	TCase *tc = tcase_create("interactive");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_prompt_and_eof);
	tcase_add_test(tc, test_tab_completion);
	tcase_add_test(tc, test_tab_after_break);
	tcase_add_test(tc, test_bracketed_paste);
	tcase_add_test(tc, test_plain_paste);
	tcase_add_test(tc, test_ctrl_c_accept);
	tcase_add_test(tc, test_history_saved);
	tcase_add_test(tc, test_no_home);
	tcase_add_test(tc, test_ctrl_z_fg);
	tcase_add_test(tc, test_started_in_background);
	tcase_add_loop_test(tc, test_hangup_saves_history, 0, 2);
	tcase_add_test(tc, test_sigterm_in_accept);
	tcase_add_test(tc, test_ctrl_s_then_ctrl_c);
	tcase_add_test(tc, test_hangup_in_accept);
	tcase_add_loop_test(tc, test_step_descriptors, 0, 2);
	tcase_add_test(tc, test_notes_wrap);
	tcase_add_test(tc, test_notes_under_rows);
	tcase_add_test(tc, test_chinese);
	tcase_add_test(tc, test_run_step);
	tcase_add_test(tc, test_run_ctrl_c);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
