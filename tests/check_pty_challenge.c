/* check_pty_challenge.c - drives challenges and the two-terminal steps of
 * a lesson on a pseudo-terminal: a wrong solution is not accepted and
 * gets one hint, an unusual right one is; reset and skip; a real nc in
 * "another terminal", and the stand-in client after Enter or skip. And
 * a learner's pace: a wait on a kernel timer counts down, and a step
 * whose state has gone since it was set up is set up afresh. */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptylesson.h"

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

static void setup(void)
{
	ptyl_setup("ptyc");
	ptyl_write("lessons/01-challenge.md", challenge_lesson);
	ptyl_write("lessons/02-outside.md", outside_lesson);
	ptyl_write("lessons/03-pace.md", pace_lesson);
	ptyl_write("lessons/04-fresh.md", fresh_lesson);
}

/* The three set-up steps of the challenge lesson, up to its prompt. */
static void to_challenge(struct pty *p)
{
	EXPECT(p, "1. Challenge test");
	ptyl_enter(p, 3);
	TALK(p, "Recap: connections wait in the accept queue.",
	     "Challenge (step 4 of 5): make lfd's accept queue hold exactly 2 connections",
	     "challenge> ");
}

/* A wrong solution is not praised: done says what the kernel shows and
 * gives the first hint only; hint gives the next; a solution unlike the
 * reference (other names, a socket too many) passes on state. */
START_TEST(test_wrong_then_unusual)
{
	struct pty p;

	ptyl_lesson(&p, "1");
	to_challenge(&p);
	TALK(&p, KEYS("a1 = socket inet stream\r"),
	     "challenge> ", KEYS("connect a1 lfd\r"),
	     "accept queue 0 → 1",
	     "challenge> ", KEYS("done\r"),
	     "Not yet:",
	     "expect queue lfd 2: expected 2 waiting, got 1 waiting",
	     "hint 1 of 2: first hint",
	     "challenge> ");
	ck_assert_ptr_null(strstr(p.buf, "second hint"));
	ck_assert_ptr_null(strstr(p.buf, "Solved"));
	TALK(&p, KEYS("hint\r"),
	     "hint 2 of 2: second hint",
	     "challenge> ", KEYS("other = socket inet dgram\r"),
	     "challenge> ", KEYS("zz = socket inet stream\r"),
	     "challenge> ", KEYS("connect zz lfd\r"),
	     "accept queue 1 → 2",
	     "challenge> ", KEYS("done\r"),
	     "Solved: the kernel shows what the challenge asked for.",
	     "Two, as asked.",
	     "sock> expect queue lfd 2", KEYS("\r"),
	     "Your steps: 0 on your own, 1 with hints, 0 skipped.",
	     "Well done");
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
}
END_TEST

/* Too many connections: reset closes them and replays the lesson's
 * steps, so that the queue is empty again; then it can be solved. */
START_TEST(test_reset)
{
	struct pty p;
	int i;
	char line[64];

	ptyl_lesson(&p, "1");
	to_challenge(&p);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "k%d = socket inet stream\r", i);
		pty_send(&p, line);
		EXPECT(&p, "challenge> ");
		snprintf(line, sizeof(line), "connect k%d lfd\r", i);
		pty_send(&p, line);
		EXPECT(&p, "challenge> ");
	}
	TALK(&p, KEYS("done\r"),
	     "expected 2 waiting, got 3 waiting",
	     "challenge> ", KEYS("reset\r"),
	     "Starting afresh: the lesson's sockets are closed, and "
	     "steps 1",
	     "challenge> ", KEYS("expect queue lfd 0\r"),
	     "0 waiting in the accept queue of lfd, as expected",
	     "challenge> ", KEYS("expect state k0 CLOSED\r"),
	     "as expected",
	     "challenge> ", KEYS("skip\r"),
	     "the lesson runs its own solution",
	     "solution> c1 = socket inet stream\r\n",	/* no "=> *" */
	     "solution> connect c2 lfd => 0",
	     "sock> expect queue lfd 2", KEYS("\r"),
	     "2 waiting in the accept queue of lfd, as expected");
	/* A challenge skipped is not the learner's: no "Well done". */
	TALK(&p, "Your steps: 0 on your own, 0 with hints, 1 skipped.",
	     "not every step was yours");
	ck_assert_ptr_null(strstr(p.buf, "Well done"));
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
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
	EXPECT(p, "2. Two terminals");
	ptyl_enter(p, 3);
	TALK(p, "In another terminal, run:   nc 127.0.0.1 ", "waiting:");
}

struct nc {
	pid_t pid;
	int in, out;	/* its standard input and output */
};

/* 1 if there is an nc to run; else say that test skips, and why. */
static int have_nc(const char *test)
{
	if (system("command -v nc >/dev/null 2>&1") == 0)
		return 1;
	fprintf(stderr, "SKIP: %s: no nc (Debian netcat-openbsd)\n", test);
	return 0;
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

	if (!have_nc("test_real_nc"))
		return;
	ptyl_lesson(&p, "2");
	to_wait(&p);
	nc_start(&n, asked_port(&p));
	TALK(&p, "A connection has arrived: the kernel finished the handshake with nc.",
	     "sock> expect queue srv 1", KEYS("\r"),
	     "1 waiting in the accept queue of srv, as expected",
	     "sock> peer = accept srv", KEYS("\r"),
	     "In the terminal with nc, type:   hello   and press Enter.",
	     "waiting:");
	ck_assert_int_eq(write(n.in, "hi from nc\n", 11), 11);
	TALK(&p, "Bytes from nc have arrived on the server's side.",
	     "sock> recv peer 1024", KEYS("\r"),
	     "\"hi from nc\\n\"  (11 bytes)",
	     "sock> send peer \"echo\\n\"", KEYS("\r"));
	ck_assert_msg(nc_saw(&n, "echo\n"), "nc did not get the echo");
	TALK(&p, "In the terminal with nc, end it", "waiting:");
	kill(n.pid, SIGINT);
	TALK(&p, "nc has closed its end of the connection.",
	     "sock> recv peer 1024", KEYS("\r"),
	     "as expected",
	     "Well done");
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
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

	ptyl_lesson(&p, "2");
	to_wait(&p);
	TALK(&p, KEYS("\r"),
	     "outside> nc 127.0.0.1 ",
	     "A stand-in client of the lesson's own did this for you.",
	     "sock> expect queue srv 1", KEYS("\r"),
	     "1 waiting in the accept queue of srv, as expected",
	     "sock> peer = accept srv", KEYS("\r"),
	     "waiting:", KEYS("skip\r"),
	     "outside> type hello",
	     "sock> recv peer 1024", KEYS("\r"),
	     "\"hello\\n\"  (6 bytes)",
	     "sock> send peer", KEYS("\r"),
	     "end it",
	     "waiting:", KEYS("\003"),
	     "Stopped waiting.",
	     "outside> ", KEYS("\r"),
	     "A stand-in client of the lesson's own did this for you.",
	     "sock> recv peer 1024", KEYS("\r"),
	     "end of file",
	     "Well done");
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
}
END_TEST

/* Enter on the lesson's first ten steps; the last one is on the line. */
static void to_pace_poll(struct pty *p)
{
	EXPECT(p, "3. Pace");
	ptyl_enter(p, 8);
	EXPECT(p, "sock> poll c4:out 2500");
}

/* A poll that waits on a kernel timer counts down and says, from the
 * kernel's retransmission timer, when the dropped SYN goes out again. */
START_TEST(test_countdown)
{
	struct pty p;

	ptyl_lesson(&p, "3");
	to_pace_poll(&p);
	TALK(&p, KEYS("\r"),
	     "waiting: ",
	     "c4 sends its SYN again in ",
	     "poll(&pfd, 1, 2500);",
	     "sock> expect state lfd LISTEN", KEYS("\r"),
	     "Well done");
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
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

	if (!have_nc("test_fresh_again"))
		return;
	ptyl_lesson(&p, "4");
	ptyl_enter(&p, 3);
	EXPECT(&p, "waiting:");
	nc_start(&n, asked_port(&p));
	TALK(&p, "A connection has arrived",
	     "sock> peer = accept srv", KEYS("\r"),
	     "sock> expect state peer ESTABLISHED");
	close(n.in);
	close(n.out);
	kill(n.pid, SIGINT);	/* its socket is closed once it is gone */
	ck_assert_int_eq(waitpid(n.pid, &st, 0), n.pid);
	TALK(&p, KEYS("\r"),
	     "The kernel's state has changed since the lesson set it up",
	     "sock> expect state peer ESTABLISHED",
	     "as expected",
	     "Well done");
	ck_assert_ptr_null(strstr(p.buf, "did not go as the lesson expects"));
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
}
END_TEST

/* The learner closed lfd on the side: the lesson's next step no longer
 * holds, and that is theirs to put right: the lesson stops and offers
 * reset, which sets the steps up afresh; then the step holds. */
START_TEST(test_own_change_stuck)
{
	struct pty p;

	ptyl_lesson(&p, "3");
	to_pace_poll(&p);
	TALK(&p, KEYS("\025close lfd\r"),	/* Ctrl-U: the line, mine */
	     "close(lfd);",
	     "sock> expect state lfd LISTEN", KEYS("\r"),
	     "This step did not go as the lesson expects",
	     "retry, reset, skip or quit> ");
	ck_assert_ptr_null(strstr(p.buf, "The kernel's state has changed"));
	TALK(&p, KEYS("reset\r"),
	     "Starting afresh",
	     "sock> expect state lfd LISTEN", KEYS("\r"),
	     "as expected",
	     "Well done");
	ck_assert_int_eq(ptyl_finish(&p, 1), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_wrong_then_unusual, test_reset, test_real_nc, test_standin,
		test_countdown, test_fresh_again, test_own_change_stuck, NULL
	};

	return pty_run_tests("pty_challenge", "challenge", tests, setup,
			     ptyl_teardown);
}
