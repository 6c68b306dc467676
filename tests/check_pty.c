/* check_pty.c - drives the real interactive shell on a pseudo-terminal:
 * prompt, Tab completion, Ctrl-C at the prompt and in a blocked accept,
 * Ctrl-D, the history file, and the descriptors --step leaves free. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* no_home: no $HOME and an XDG_STATE_HOME that cannot be created. */
static struct pty *shell_start(struct shell *sh, int no_home)
{
	char *argv[] = { NULL, (char *)"--color=never", NULL };

	snprintf(sh->state, sizeof(sh->state), "%s/sockrepl-pty-XXXXXX",
		 pty_tmpdir());
	ck_assert_ptr_nonnull(mkdtemp(sh->state));
	sh->no_home = no_home;
	pty_spawn(&sh->p, argv, child_env, sh);
	return &sh->p;
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
	pty_send(p, "quit\n");
	ck_assert_int_eq(pty_wait(p), 0);
	shell_cleanup(&sh);
}
END_TEST

START_TEST(test_ctrl_c_accept)
{
	struct shell sh;
	struct pty *p = shell_start(&sh, 0);

	EXPECT(p, "sock> ");
	pty_send(p, "l = socket inet stream\n");
	EXPECT(p, "sock> ");
	pty_send(p, "bind l 127.0.0.1 0\n");
	EXPECT(p, "sock> ");
	pty_send(p, "listen l\n");
	EXPECT(p, "sock> ");
	pty_send(p, "accept l\n");
	EXPECT(p, "press Ctrl-C");
	usleep(200000);		/* let accept() block */
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

int main(void)
{
	Suite *s = suite_create("pty");
	TCase *tc = tcase_create("interactive");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_prompt_and_eof);
	tcase_add_test(tc, test_tab_completion);
	tcase_add_test(tc, test_ctrl_c_accept);
	tcase_add_test(tc, test_history_saved);
	tcase_add_test(tc, test_no_home);
	tcase_add_loop_test(tc, test_step_descriptors, 0, 2);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
