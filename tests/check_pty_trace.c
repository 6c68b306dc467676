/* check_pty_trace.c - trace on at a real prompt: a segment that arrives
 * while a line is half typed is printed above the prompt, and the line
 * goes on being edited, whole. Runs under --netns (no root needed). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ptyshell.h"

static void child_env(void *arg)
{
	setenv("XDG_STATE_HOME", (const char *)arg, 1);
	setenv("SOCKREPL_NO_OFFER", "1", 1);
}

/* A full accept queue makes b's SYN come again about a second later,
 * while "getsockna" waits on the prompt. */
START_TEST(test_segment_above_half_line)
{
	char *argv[] = { NULL, (char *)"--color=never", (char *)"--netns",
			 NULL };
	char state[256];
	struct pty p;

	snprintf(state, sizeof(state), "%s/sockrepl-pty-trace", pty_tmpdir());
	pty_spawn(&p, argv, child_env, state);
	TALK(&p, "sock[netns]> ", KEYS("trace on\n"),
	     "trace: on",
	     KEYS("lfd = socket inet stream\nbind lfd 127.0.0.1 0\n"
	          "listen lfd 0\na = socket inet stream\nconnect a lfd\n"
	          "b = socket inet stream\nnonblock b on\n"),
	     "O_NONBLOCK", KEYS("connect b lfd\n"),
	     "b → lfd         SYN",
	     "sock[netns]> ", KEYS("getsockna"),
	     "(retransmission");
	/* Drawn again under the segment, and still being edited. */
	TALK(&p, "sock[netns]> getsockna", KEYS("me b\n"),
	     "getsockname(b,", KEYS("quit\n"));
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_segment_above_half_line, NULL };

	return pty_run_tests("pty_trace", "trace", tests, NULL, NULL);
}
