/* check_pty.c - drives the real interactive shell on a pseudo-terminal:
 * prompt, Tab completion, Ctrl-C at the prompt and in a blocked accept,
 * Ctrl-D, and the history file. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 15000	/* a hang guard for a busy machine, not a timing */

struct pty {
	pid_t pid;
	int fd;
	char buf[1 << 16];
	size_t len, mark;
	char state[256];
};

static void pty_start_env(struct pty *p, const char *arg, int no_home);

static void pty_start(struct pty *p, const char *arg)
{
	pty_start_env(p, arg, 0);
}

/* no_home: no $HOME and an XDG_STATE_HOME that cannot be created. */
static void pty_start_env(struct pty *p, const char *arg, int no_home)
{
	const char *bin = getenv("SOCKREPL");
	struct winsize ws = { .ws_row = 40, .ws_col = 200 };

	ck_assert_msg(bin != NULL, "SOCKREPL must name the binary");
	snprintf(p->state, sizeof(p->state), "/tmp/sockrepl-pty-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(p->state));
	p->len = p->mark = 0;
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	ck_assert_int_ge(p->pid, 0);
	if (p->pid == 0) {
		setenv("XDG_STATE_HOME", no_home ? "/proc/sockrepl-none" :
			p->state, 1);
		if (no_home)
			unsetenv("HOME");
		setenv("TERM", "dumb", 1);
		setenv("SOCKREPL_NO_OFFER", "1", 1);
		execl(bin, bin, "--color=never", arg, (char *)NULL);
		_exit(127);
	}
}

/* Read until needle appears after the previous match; 1 if it did. */
static int pty_expect(struct pty *p, const char *needle)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	char *hit;
	ssize_t n;
	int waited = 0;

	for (;;) {
		p->buf[p->len] = '\0';
		hit = strstr(p->buf + p->mark, needle);
		if (hit) {
			p->mark = (size_t)(hit - p->buf) + strlen(needle);
			return 1;
		}
		if (waited >= WAIT_MS || p->len + 1 >= sizeof(p->buf))
			return 0;
		if (poll(&pfd, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		n = read(p->fd, p->buf + p->len, sizeof(p->buf) - 1 - p->len);
		if (n <= 0)
			return 0;
		p->len += (size_t)n;
	}
}

static void pty_send(struct pty *p, const char *s)
{
	ck_assert_int_eq(write(p->fd, s, strlen(s)), (ssize_t)strlen(s));
}

#define EXPECT(p, s) \
	ck_assert_msg(pty_expect(p, s), "never saw \"%s\" in:\n%s", s, \
		      (p)->buf + (p)->mark)

/* Read whatever output is there (for up to 10 ms), so that a child
 * blocked writing to the terminal can go on and exit. */
static void pty_drain(struct pty *p)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	ssize_t n = -1;

	if (poll(&pfd, 1, 10) > 0) {
		if (p->len + 1 >= sizeof(p->buf))
			p->len = p->mark = 0;	/* only draining */
		n = read(p->fd, p->buf + p->len, sizeof(p->buf) - 1 - p->len);
	}
	if (n > 0)
		p->len += (size_t)n;
	else
		usleep(10000);	/* nothing, or the terminal is gone */
}

static int pty_wait(struct pty *p)
{
	int status = -1, i;

	for (i = 0; i < WAIT_MS / 10; i++) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid)
			break;
		pty_drain(p);
	}
	close(p->fd);
	return status;
}

static void pty_cleanup(struct pty *p)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p->state);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_prompt_and_eof)
{
	struct pty p;
	int st;

	pty_start(&p, NULL);
	EXPECT(&p, "sock> ");
	pty_send(&p, "\004");	/* Ctrl-D at an empty prompt */
	st = pty_wait(&p);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	pty_cleanup(&p);
}
END_TEST

START_TEST(test_tab_completion)
{
	struct pty p;

	pty_start(&p, NULL);
	EXPECT(&p, "sock> ");
	pty_send(&p, "lfd = socke\t");	/* socket, socketpair: "socket" */
	pty_send(&p, " AF_INET\t");	/* AF_INET or AF_INET6 */
	pty_send(&p, " SOCK_STR\t\n");
	EXPECT(&p, "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	EXPECT(&p, "sock> ");
	pty_send(&p, "getsockn\t l\t\n");	/* command, then a socket name */
	EXPECT(&p, "getsockname(lfd,");
	EXPECT(&p, "sock> ");
	pty_send(&p, "quit\n");
	ck_assert_int_eq(WEXITSTATUS(pty_wait(&p)), 0);
	pty_cleanup(&p);
}
END_TEST

START_TEST(test_ctrl_c_accept)
{
	struct pty p;

	pty_start(&p, NULL);
	EXPECT(&p, "sock> ");
	pty_send(&p, "l = socket inet stream\n");
	EXPECT(&p, "sock> ");
	pty_send(&p, "bind l 127.0.0.1 0\n");
	EXPECT(&p, "sock> ");
	pty_send(&p, "listen l\n");
	EXPECT(&p, "sock> ");
	pty_send(&p, "accept l\n");
	EXPECT(&p, "press Ctrl-C");
	usleep(200000);		/* let accept() block */
	pty_send(&p, "\003");
	EXPECT(&p, "-1 EINTR");
	EXPECT(&p, "sock> ");
	/* still alive, and Ctrl-C at the prompt drops the line */
	pty_send(&p, "half a line\003");
	EXPECT(&p, "^C");
	EXPECT(&p, "sock> ");
	pty_send(&p, "getsockname l\n");
	EXPECT(&p, "getsockname(l,");
	pty_send(&p, "quit\n");
	ck_assert_int_eq(WEXITSTATUS(pty_wait(&p)), 0);
	pty_cleanup(&p);
}
END_TEST

START_TEST(test_history_saved)
{
	struct pty p;
	char path[400], line[256];
	FILE *f;
	int found = 0;

	pty_start(&p, NULL);
	EXPECT(&p, "sock> ");
	pty_send(&p, "help socket\n");
	EXPECT(&p, "usage: socket");
	pty_send(&p, "quit\n");
	ck_assert_int_eq(WEXITSTATUS(pty_wait(&p)), 0);
	snprintf(path, sizeof(path), "%s/sockrepl/history", p.state);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "no history file at %s", path);
	while (fgets(line, sizeof(line), f))
		found |= strcmp(line, "help socket\n") == 0;
	fclose(f);
	ck_assert(found);
	pty_cleanup(&p);
}
END_TEST

START_TEST(test_no_home)
{
	struct pty p;

	pty_start_env(&p, NULL, 1);
	EXPECT(&p, "sock> ");
	pty_send(&p, "s = socket inet stream\n");
	EXPECT(&p, "int s = socket(AF_INET, SOCK_STREAM, 0);");
	pty_send(&p, "quit\n");
	ck_assert_int_eq(WEXITSTATUS(pty_wait(&p)), 0);
	pty_cleanup(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pty");
	TCase *tc = tcase_create("interactive");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_prompt_and_eof);
	tcase_add_test(tc, test_tab_completion);
	tcase_add_test(tc, test_ctrl_c_accept);
	tcase_add_test(tc, test_history_saved);
	tcase_add_test(tc, test_no_home);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
