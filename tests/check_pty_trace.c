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
	EXPECT(&p, "sock[netns]> ");
	pty_send(&p, "trace on\n");
	EXPECT(&p, "trace: on");
	pty_send(&p, "lfd = socket inet stream\nbind lfd 127.0.0.1 0\n"
		     "listen lfd 0\na = socket inet stream\nconnect a lfd\n"
		     "b = socket inet stream\nnonblock b on\n");
	EXPECT(&p, "O_NONBLOCK");
	pty_send(&p, "connect b lfd\n");
	EXPECT(&p, "b → lfd         SYN");
	EXPECT(&p, "sock[netns]> ");
	pty_send(&p, "getsockna");
	EXPECT(&p, "(retransmission");
	/* Drawn again under the segment, and still being edited. */
	EXPECT(&p, "sock[netns]> getsockna");
	pty_send(&p, "me b\n");
	EXPECT(&p, "getsockname(b,");
	pty_send(&p, "quit\n");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pty_trace");
	TCase *tc = tcase_create("trace");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_segment_above_half_line);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
