/* check_pty_c.c - C pasted into the interactive shell: a multi-line if
 * block and an echo while loop, collected behind the continuation prompt,
 * the loop ended by Ctrl-C while the shell goes on. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptyshell.h"

static char state[256];

static void child_env(void *arg)
{
	(void)arg;
	setenv("XDG_STATE_HOME", state, 1);
	setenv("SOCKREPL_NO_OFFER", "1", 1);
}

static void start(struct pty *p)
{
	char *argv[] = { NULL, (char *)"--color=never", NULL };

	snprintf(state, sizeof(state), "%s/sockrepl-pty-c-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(state));
	pty_spawn(p, argv, child_env, NULL);
}

static void finish(struct pty *p)
{
	char cmd[300];

	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state);
	ck_assert_int_eq(system(cmd), 0);
}

/* Pasted (bracketed paste) as a learner pastes from the course notes. */
static void paste(struct pty *p, const char *text)
{
	pty_send(p, "\033[200~");
	pty_send(p, text);
	pty_send(p, "\033[201~");
}

START_TEST(test_if_block_pasted)
{
	static struct pty pt;
	struct pty *p = &pt;

	start(p);
	EXPECT(p, "sock> ");
	paste(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);\n"
		 "if (listen(lfd, 5) == 0) {\n"
		 "\tprintf(\"listening on fd %d\\n\", lfd);\n"
		 "} else {\n"
		 "\tperror(\"listen\");\n"
		 "}\n");
	EXPECT(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(p, "  ...> ");	/* the block is collected */
	EXPECT(p, "listen(lfd, 5);");
	EXPECT(p, "listening on fd ");
	EXPECT(p, "sock> ");
	/* an unfinished block: Ctrl-C drops it, the shell goes on */
	pty_send(p, "while (1) {\n");
	EXPECT(p, "  ...> ");
	pty_send(p, "\003");
	EXPECT(p, "dropped");
	EXPECT(p, "sock> ");
	pty_send(p, "vars\n");
	EXPECT(p, "int lfd = ");
	EXPECT(p, "sock> ");
	finish(p);
}
END_TEST

START_TEST(test_echo_loop_ctrl_c)
{
	static struct pty pt;
	struct pty *p = &pt;

	start(p);
	EXPECT(p, "sock> ");
	paste(p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);\n"
		 "bind lfd 127.0.0.1 0\n"
		 "listen(lfd, 5);\n"
		 "c = socket inet stream\n"
		 "connect c lfd\n"
		 "int cfd = accept(lfd, NULL, NULL);\n"
		 "char buf[100];\n"
		 "send c \"nihao\\n\"\n");
	EXPECT(p, "send(c, \"nihao\\n\", 6, 0);");
	EXPECT(p, "sock> ");
	/* the course's echo loop: no break, only Ctrl-C ends it */
	paste(p, "while (1) {\n"
		 "\tssize_t n = read(cfd, buf, sizeof(buf));\n"
		 "\tif (n > 0) {\n"
		 "\t\twrite(STDOUT_FILENO, buf, n);\n"
		 "\t\twrite(cfd, buf, n);\n"
		 "\t}\n"
		 "}\n");
	EXPECT(p, "read(cfd, buf, sizeof(buf));");
	EXPECT(p, "write(cfd, \"nihao\\n\", 6);");
	EXPECT(p, "press Ctrl-C");	/* the next read waits */
	ck_assert(pty_wait_read(p));
	pty_send(p, "\003");
	EXPECT(p, "-1 EINTR");
	EXPECT(p, "the loop stopped");
	EXPECT(p, "sock> ");
	pty_send(p, "recv c\n");	/* the shell is alive: the echo came */
	EXPECT(p, "\"nihao\\n\"  (6 bytes)");
	EXPECT(p, "sock> ");
	finish(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pty-c");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_if_block_pasted);
	tcase_add_test(tc, test_echo_loop_ctrl_c);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
