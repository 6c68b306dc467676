/* ptyshell.c - drive the real sockrepl on a pseudo-terminal, for the tests. */
#include "config.h"

#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptyshell.h"

void pty_spawn(struct pty *p, char *argv[], void (*setup)(void *),
	       void *arg)
{
	const char *bin = getenv("SOCKREPL");
	struct winsize ws = { .ws_row = 40, .ws_col = 200 };

	ck_assert_msg(bin != NULL, "SOCKREPL must name the binary");
	p->len = p->mark = 0;
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	ck_assert_int_ge(p->pid, 0);
	if (p->pid == 0) {
		setenv("TERM", "dumb", 1);
		if (setup)
			setup(arg);
		argv[0] = (char *)bin;
		execv(bin, argv);
		_exit(127);
	}
}

int pty_expect(struct pty *p, const char *needle)
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
		if (waited >= PTY_WAIT_MS || p->len + 1 >= sizeof(p->buf))
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

void pty_send(struct pty *p, const char *s)
{
	ck_assert_int_eq(write(p->fd, s, strlen(s)), (ssize_t)strlen(s));
}

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

int pty_wait(struct pty *p)
{
	int status = -1, i;

	for (i = 0; i < PTY_WAIT_MS / 10; i++) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid)
			break;
		pty_drain(p);
	}
	if (i == PTY_WAIT_MS / 10) {	/* hung: do not leave it behind */
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &status, 0);
		status = -1;
	}
	close(p->fd);
	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *pty_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

int pty_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
