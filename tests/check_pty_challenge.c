/* check_pty_challenge.c - drives challenges and the two-terminal steps of
 * a lesson on a pseudo-terminal: a wrong solution is not accepted and
 * gets one hint, an unusual right one is; reset and skip; a real nc in
 * "another terminal", and the stand-in client after Enter or skip. And
 * a learner's pace: a wait on a kernel timer counts down, and a step
 * whose state has gone since it was set up is set up afresh. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptyshell.h"

static const char challenge_lesson[] =
	"# 1. Challenge test\n"
	"\n"
	"A listener.\n"
	"\n"
	"    sock> lfd = socket inet stream => *\n"
	"    sock> bind lfd 127.0.0.1 0 => 0\n"
	"    sock> listen lfd 2 => 0\n"
	"\n"
	"Recap: connections wait in the accept queue.\n"
	"\n"
	"    challenge> make lfd's accept queue hold exactly 2 connections\n"
	"    hint: first hint\n"
	"    hint: second hint\n"
	"    solution> c1 = socket inet stream => *\n"
	"    solution> connect c1 lfd => 0\n"
	"    solution> c2 = socket inet stream\n"
	"    solution> connect c2 lfd => 0\n"
	"    check> expect queue lfd 2\n"
	"    check> ran connect => 0\n"
	"\n"
	"Two, as asked.\n"
	"\n"
	"    sock> expect queue lfd 2\n";

static const char outside_lesson[] =
	"# 2. Two terminals\n"
	"\n"
	"    sock> srv = socket inet stream => *\n"
	"    sock> bind srv 127.0.0.1 0 => 0\n"
	"    sock> listen srv 4 => 0\n"
	"    outside> nc 127.0.0.1 {port srv}\n"
	"    sock> expect queue srv 1\n"
	"    sock> peer = accept srv => *\n"
	"    outside> type hello\n"
	"    sock> recv peer 1024 => *\n"
	"    sock> send peer \"echo\\n\" => 5\n"
	"    outside> close\n"
	"    sock> recv peer 1024 => 0 | -1 ECONNRESET\n";

static const char pace_lesson[] =
	"# 3. Pace\n"
	"\n"
	"    sock> lfd = socket inet stream => *\n"
	"    sock> bind lfd 127.0.0.1 0 => 0\n"
	"    sock> listen lfd 0 => 0\n"
	"    sock> c1 = socket inet stream => *\n"
	"    sock> connect c1 lfd => 0\n"
	"    sock> c4 = socket inet stream => *\n"
	"    sock> nonblock c4 on => 0\n"
	"    sock> connect c4 lfd => -1 EINPROGRESS\n"
	"    sock> poll c4:out 2500 => 0 | 1\n"
	"    sock> expect state lfd LISTEN\n";

static const char fresh_lesson[] =
	"# 4. Fresh\n"
	"\n"
	"    sock> srv = socket inet stream => *\n"
	"    sock> bind srv 127.0.0.1 0 => 0\n"
	"    sock> listen srv 4 => 0\n"
	"    outside> nc 127.0.0.1 {port srv}\n"
	"    sock> peer = accept srv => *\n"
	"    sock> expect state peer ESTABLISHED\n";

static char top[256];

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	char path[512];

	snprintf(top, sizeof(top), "%s/sockrepl-ptyc-XXXXXX", pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(path, sizeof(path), "%s/lessons", top);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	write_file("lessons/01-challenge.md", challenge_lesson);
	write_file("lessons/02-outside.md", outside_lesson);
	write_file("lessons/03-pace.md", pace_lesson);
	write_file("lessons/04-fresh.md", fresh_lesson);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	ck_assert_int_eq(system(cmd), 0);
}

static void child_env(void *arg)
{
	char lessons[300], state[300];

	(void)arg;
	snprintf(lessons, sizeof(lessons), "%s/lessons", top);
	snprintf(state, sizeof(state), "%s/state", top);
	setenv("XDG_STATE_HOME", state, 1);
	setenv("SOCKREPL_LESSONS", lessons, 1);
	setenv("SOCKREPL_NO_OFFER", "1", 1);
	setenv("LANG", "C.UTF-8", 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
}

static void start_lesson(struct pty *p, const char *which)
{
	char *argv[] = { NULL, (char *)"--color=never", (char *)"--lesson",
			 (char *)which, NULL };

	pty_spawn(p, argv, child_env, NULL);
}

/* After the lesson the learner is in the shell: Ctrl-D ends it. */
static int finish(struct pty *p)
{
	ssize_t n;

	EXPECT(p, "sock> ");
	n = write(p->fd, "\004", 1);
	(void)n;
	return pty_wait(p);
}

/* The three set-up steps of the challenge lesson, up to its prompt. */
static void to_challenge(struct pty *p)
{
	int i;

	EXPECT(p, "# 1. Challenge test");
	for (i = 0; i < 3; i++) {
		EXPECT(p, "sock> ");
		pty_send(p, "\r");
	}
	EXPECT(p, "Recap: connections wait in the accept queue.");
	EXPECT(p, "Challenge (step 4 of 5): make lfd's accept queue hold exactly 2 connections");
	EXPECT(p, "challenge> ");
}

/* A wrong solution is not praised: done says what the kernel shows and
 * gives the first hint only; hint gives the next; a solution unlike the
 * reference (other names, a socket too many) passes on state. */
START_TEST(test_wrong_then_unusual)
{
	struct pty p;

	start_lesson(&p, "1");
	to_challenge(&p);
	pty_send(&p, "a1 = socket inet stream\r");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "connect a1 lfd\r");
	EXPECT(&p, "accept queue 0 → 1");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "done\r");
	EXPECT(&p, "Not yet:");
	EXPECT(&p, "expect queue lfd 2: expected 2 waiting, got 1 waiting");
	EXPECT(&p, "hint 1 of 2: first hint");
	EXPECT(&p, "challenge> ");
	ck_assert_ptr_null(strstr(p.buf, "second hint"));
	ck_assert_ptr_null(strstr(p.buf, "Solved"));
	pty_send(&p, "hint\r");
	EXPECT(&p, "hint 2 of 2: second hint");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "other = socket inet dgram\r");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "zz = socket inet stream\r");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "connect zz lfd\r");
	EXPECT(&p, "accept queue 1 → 2");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "done\r");
	EXPECT(&p, "Solved: the kernel shows what the challenge asked for.");
	EXPECT(&p, "Two, as asked.");
	EXPECT(&p, "sock> expect queue lfd 2");
	pty_send(&p, "\r");
	EXPECT(&p, "Your steps: 0 on your own, 1 with hints, 0 skipped.");
	EXPECT(&p, "Well done");
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

/* Too many connections: reset closes them and replays the lesson's
 * steps, so that the queue is empty again; then it can be solved. */
START_TEST(test_reset)
{
	struct pty p;
	int i;
	char line[64];

	start_lesson(&p, "1");
	to_challenge(&p);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "k%d = socket inet stream\r", i);
		pty_send(&p, line);
		EXPECT(&p, "challenge> ");
		snprintf(line, sizeof(line), "connect k%d lfd\r", i);
		pty_send(&p, line);
		EXPECT(&p, "challenge> ");
	}
	pty_send(&p, "done\r");
	EXPECT(&p, "expected 2 waiting, got 3 waiting");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "reset\r");
	EXPECT(&p, "Starting afresh: the lesson's sockets are closed, and "
		   "steps 1");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "expect queue lfd 0\r");
	EXPECT(&p, "0 waiting in the accept queue of lfd, as expected");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "expect state k0 CLOSED\r");
	EXPECT(&p, "as expected");
	EXPECT(&p, "challenge> ");
	pty_send(&p, "skip\r");
	EXPECT(&p, "the lesson runs its own solution");
	EXPECT(&p, "solution> c1 = socket inet stream\r\n");	/* no "=> *" */
	EXPECT(&p, "solution> connect c2 lfd => 0");
	EXPECT(&p, "sock> expect queue lfd 2");
	pty_send(&p, "\r");
	EXPECT(&p, "2 waiting in the accept queue of lfd, as expected");
	/* A challenge skipped is not the learner's: no "Well done". */
	EXPECT(&p, "Your steps: 0 on your own, 0 with hints, 1 skipped.");
	EXPECT(&p, "not every step was yours");
	ck_assert_ptr_null(strstr(p.buf, "Well done"));
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

/* The port the lesson asks nc to connect to, from what it printed. */
static const char *asked_port(const struct pty *p)
{
	static char port[16];
	const char *at = strstr(p->buf, "run:   nc 127.0.0.1 ");

	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(sscanf(at, "run:   nc 127.0.0.1 %15[0-9]", port), 1);
	return port;
}

/* Run the lesson's three set-up steps, up to the wait for nc. */
static void to_wait(struct pty *p)
{
	int i;

	EXPECT(p, "# 2. Two terminals");
	for (i = 0; i < 3; i++) {
		EXPECT(p, "sock> ");
		pty_send(p, "\r");
	}
	EXPECT(p, "In another terminal, run:   nc 127.0.0.1 ");
	EXPECT(p, "waiting:");
}

struct nc {
	pid_t pid;
	int in, out;	/* its standard input and output */
};

static int have_nc(void)
{
	return system("command -v nc >/dev/null 2>&1") == 0;
}

/* Start nc 127.0.0.1 port as the learner would in another terminal. */
static void nc_start(struct nc *n, const char *port)
{
	int in[2], out[2];

	ck_assert_int_eq(pipe(in), 0);
	ck_assert_int_eq(pipe(out), 0);
	n->pid = fork();
	ck_assert_int_ge(n->pid, 0);
	if (n->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("nc", "nc", "127.0.0.1", port, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	n->in = in[1];
	n->out = out[0];
}

/* What nc printed (the server's echo), read until want is seen. */
static int nc_saw(struct nc *n, const char *want)
{
	static char buf[256];
	size_t len = 0;
	struct pollfd pfd = { .fd = n->out, .events = POLLIN };
	ssize_t r;

	while (len < sizeof(buf) - 1 && poll(&pfd, 1, PTY_WAIT_MS) == 1) {
		r = read(n->out, buf + len, sizeof(buf) - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, want))
			return 1;
	}
	return 0;
}

/* A real nc in "another terminal": its connection arrives in the accept
 * queue, what it types reaches the server, the echo reaches it, and its
 * Ctrl-C ends the connection. */
START_TEST(test_real_nc)
{
	struct pty p;
	struct nc n;
	int st;

	if (!have_nc()) {
		fputs("SKIP: test_real_nc: no nc (Debian netcat-openbsd)\n",
		      stderr);
		return;
	}
	start_lesson(&p, "2");
	to_wait(&p);
	nc_start(&n, asked_port(&p));
	EXPECT(&p, "A connection has arrived: the kernel finished the handshake with nc.");
	EXPECT(&p, "sock> expect queue srv 1");
	pty_send(&p, "\r");
	EXPECT(&p, "1 waiting in the accept queue of srv, as expected");
	EXPECT(&p, "sock> peer = accept srv");
	pty_send(&p, "\r");
	EXPECT(&p, "In the terminal with nc, type:   hello   and press Enter.");
	EXPECT(&p, "waiting:");
	ck_assert_int_eq(write(n.in, "hi from nc\n", 11), 11);
	EXPECT(&p, "Bytes from nc have arrived on the server's side.");
	EXPECT(&p, "sock> recv peer 1024");
	pty_send(&p, "\r");
	EXPECT(&p, "\"hi from nc\\n\"  (11 bytes)");
	EXPECT(&p, "sock> send peer \"echo\\n\"");
	pty_send(&p, "\r");
	ck_assert_msg(nc_saw(&n, "echo\n"), "nc did not get the echo");
	EXPECT(&p, "In the terminal with nc, end it");
	EXPECT(&p, "waiting:");
	kill(n.pid, SIGINT);
	EXPECT(&p, "nc has closed its end of the connection.");
	EXPECT(&p, "sock> recv peer 1024");
	pty_send(&p, "\r");
	EXPECT(&p, "as expected");
	EXPECT(&p, "Well done");
	ck_assert_int_eq(finish(&p), 0);
	close(n.in);
	close(n.out);
	ck_assert_int_eq(waitpid(n.pid, &st, 0), n.pid);
}
END_TEST

/* Enter at the wait, skip at the next, Ctrl-C then Enter at the last:
 * the stand-in client plays nc. */
START_TEST(test_standin)
{
	struct pty p;

	start_lesson(&p, "2");
	to_wait(&p);
	pty_send(&p, "\r");
	EXPECT(&p, "outside> nc 127.0.0.1 ");
	EXPECT(&p, "A stand-in client of the lesson's own did this for you.");
	EXPECT(&p, "sock> expect queue srv 1");
	pty_send(&p, "\r");
	EXPECT(&p, "1 waiting in the accept queue of srv, as expected");
	EXPECT(&p, "sock> peer = accept srv");
	pty_send(&p, "\r");
	EXPECT(&p, "waiting:");
	pty_send(&p, "skip\r");
	EXPECT(&p, "outside> type hello");
	EXPECT(&p, "sock> recv peer 1024");
	pty_send(&p, "\r");
	EXPECT(&p, "\"hello\\n\"  (6 bytes)");
	EXPECT(&p, "sock> send peer");
	pty_send(&p, "\r");
	EXPECT(&p, "end it");
	EXPECT(&p, "waiting:");
	pty_send(&p, "\003");
	EXPECT(&p, "Stopped waiting.");
	EXPECT(&p, "outside> ");
	pty_send(&p, "\r");
	EXPECT(&p, "A stand-in client of the lesson's own did this for you.");
	EXPECT(&p, "sock> recv peer 1024");
	pty_send(&p, "\r");
	EXPECT(&p, "end of file");
	EXPECT(&p, "Well done");
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

/* Enter on the lesson's first ten steps; the last one is on the line. */
static void to_pace_poll(struct pty *p)
{
	int i;

	EXPECT(p, "# 3. Pace");
	for (i = 0; i < 8; i++) {
		EXPECT(p, "sock> ");
		pty_send(p, "\r");
	}
	EXPECT(p, "sock> poll c4:out 2500");
}

/* A poll that waits on a kernel timer counts down and says, from the
 * kernel's retransmission timer, when the dropped SYN goes out again. */
START_TEST(test_countdown)
{
	struct pty p;

	start_lesson(&p, "3");
	to_pace_poll(&p);
	pty_send(&p, "\r");
	EXPECT(&p, "waiting: ");
	EXPECT(&p, "c4 sends its SYN again in ");
	EXPECT(&p, "poll(&pfd, 1, 2500);");
	EXPECT(&p, "sock> expect state lfd LISTEN");
	pty_send(&p, "\r");
	EXPECT(&p, "Well done");
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

/* The state changed while the learner read, by no command of theirs
 * (nc in the other terminal ended): the lesson's next step, as it is on
 * the line, no longer holds, so the steps are set up afresh at once (the
 * stand-in plays nc) and the step runs again. */
START_TEST(test_fresh_again)
{
	struct pty p;
	struct nc n;
	int st;

	if (!have_nc()) {
		fputs("SKIP: test_fresh_again: no nc (Debian netcat-openbsd)\n",
		      stderr);
		return;
	}
	start_lesson(&p, "4");
	for (st = 0; st < 3; st++) {
		EXPECT(&p, "sock> ");
		pty_send(&p, "\r");
	}
	EXPECT(&p, "waiting:");
	nc_start(&n, asked_port(&p));
	EXPECT(&p, "A connection has arrived");
	EXPECT(&p, "sock> peer = accept srv");
	pty_send(&p, "\r");
	EXPECT(&p, "sock> expect state peer ESTABLISHED");
	close(n.in);
	close(n.out);
	kill(n.pid, SIGINT);	/* its socket is closed once it is gone */
	ck_assert_int_eq(waitpid(n.pid, &st, 0), n.pid);
	pty_send(&p, "\r");
	EXPECT(&p, "The kernel's state has changed since the lesson set it up");
	EXPECT(&p, "sock> expect state peer ESTABLISHED");
	EXPECT(&p, "as expected");
	EXPECT(&p, "Well done");
	ck_assert_ptr_null(strstr(p.buf, "did not go as the lesson expects"));
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

/* The learner closed lfd on the side: the lesson's next step no longer
 * holds, and that is theirs to put right: the lesson stops and offers
 * reset, which sets the steps up afresh; then the step holds. */
START_TEST(test_own_change_stuck)
{
	struct pty p;

	start_lesson(&p, "3");
	to_pace_poll(&p);
	pty_send(&p, "\025close lfd\r");	/* Ctrl-U: the line, mine */
	EXPECT(&p, "close(lfd);");
	EXPECT(&p, "sock> expect state lfd LISTEN");
	pty_send(&p, "\r");
	EXPECT(&p, "This step did not go as the lesson expects");
	EXPECT(&p, "retry, reset, skip or quit> ");
	ck_assert_ptr_null(strstr(p.buf, "The kernel's state has changed"));
	pty_send(&p, "reset\r");
	EXPECT(&p, "Starting afresh");
	EXPECT(&p, "sock> expect state lfd LISTEN");
	pty_send(&p, "\r");
	EXPECT(&p, "as expected");
	EXPECT(&p, "Well done");
	ck_assert_int_eq(finish(&p), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pty_challenge");
	TCase *tc = tcase_create("challenge");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_wrong_then_unusual);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_real_nc);
	tcase_add_test(tc, test_standin);
	tcase_add_test(tc, test_countdown);
	tcase_add_test(tc, test_fresh_again);
	tcase_add_test(tc, test_own_change_stuck);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
