/* ptyshell.c - drive the real sockrepl on a pseudo-terminal, for the tests. */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ptyshell.h"

/* Read a line from the terminal, in its canonical mode; 0 at its end. */
static int read_line(char *buf, size_t size)
{
	ssize_t n = read(STDIN_FILENO, buf, size - 1);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return 1;
}

/* The job, in a process group of its own, once it has the terminal. */
static void job_exec(char *argv[], int go[2])
{
	char c;

	signal(SIGTTOU, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	setpgid(0, 0);
	close(go[1]);
	if (read(go[0], &c, 1) < 0)	/* 0: the shell gave it the terminal */
		_exit(127);
	close(go[0]);
	execv(argv[0], argv);
	_exit(127);
}

/* A job-control shell in miniature, as bash treats a job: when the job
 * stops it takes the terminal back in its own modes and says "[stopped]";
 * the line "fg" gives the terminal back, says "[continued]" and continues
 * the job, without touching the modes. bg: start it in the background
 * (no terminal until fg). Exits with the job's status. */
static void job_shell(char *argv[], int bg, int keep_on_hangup)
{
	struct termios modes;
	char line[64];
	int go[2], st;
	pid_t job;

	if (tcgetattr(STDIN_FILENO, &modes) < 0 || pipe(go) < 0)
		_exit(127);
	signal(SIGTTOU, SIG_IGN);	/* to take the terminal back */
	if (keep_on_hangup)	/* the job keeps SIGHUP's default action */
		signal(SIGHUP, SIG_IGN);
	job = fork();
	if (job < 0)
		_exit(127);
	if (job == 0)
		job_exec(argv, go);
	setpgid(job, job);
	if (!bg)
		tcsetpgrp(STDIN_FILENO, job);
	close(go[0]);
	close(go[1]);
	for (;;) {
		if (waitpid(job, &st, WUNTRACED) < 0)
			_exit(127);
		if (WIFEXITED(st))
			_exit(WEXITSTATUS(st));
		if (WIFSIGNALED(st))
			_exit(128 + WTERMSIG(st));
		tcsetpgrp(STDIN_FILENO, getpgrp());
		tcsetattr(STDIN_FILENO, TCSADRAIN, &modes);
		if (write(STDOUT_FILENO, "\n[stopped]\n", 11) < 0)
			_exit(127);
		do {
			if (!read_line(line, sizeof(line)))
				_exit(127);
		} while (strcmp(line, "fg\n") != 0);
		tcsetpgrp(STDIN_FILENO, job);
		if (write(STDOUT_FILENO, "[continued]\n", 12) < 0)
			_exit(127);
		kill(-job, SIGCONT);
	}
}

unsigned short pty_columns = 200;

/* as_job: 0 run the binary itself, 1 as a foreground job, 2 as a
 * background job, 3 as a foreground job of a shell that ignores SIGHUP. */
static void spawn(struct pty *p, char *argv[], void (*setup)(void *),
		  void *arg, int as_job)
{
	const char *bin = getenv("SOCKREPL");
	struct winsize ws = { .ws_row = 40, .ws_col = pty_columns };

	ck_assert_msg(bin != NULL, "SOCKREPL must name the binary");
	p->len = p->mark = 0;
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	ck_assert_int_ge(p->pid, 0);
	if (p->pid == 0) {
		/* As a terminal's shell starts a program: whatever the suite
		 * was started under (nohup ignores SIGHUP), the signals a
		 * terminal sends have their default actions, none blocked. */
		static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTSTP,
					    SIGTTIN, SIGTTOU, SIGPIPE, SIGTERM };
		sigset_t none;
		size_t i;

		for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			signal(sigs[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setenv("TERM", "dumb", 1);
		if (setup)
			setup(arg);
		argv[0] = (char *)bin;
		if (as_job)
			job_shell(argv, as_job == 2, as_job == 3);
		execv(bin, argv);
		_exit(127);
	}
}

void pty_spawn(struct pty *p, char *argv[], void (*setup)(void *),
	       void *arg)
{
	spawn(p, argv, setup, arg, 0);
}

void pty_spawn_job(struct pty *p, char *argv[], void (*setup)(void *),
		   void *arg, int background)
{
	spawn(p, argv, setup, arg, background ? 2 : 1);
}

void pty_spawn_job_nohangup(struct pty *p, char *argv[],
			    void (*setup)(void *), void *arg)
{
	spawn(p, argv, setup, arg, 3);
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

/* Read /proc/PID/name into buf; the length, or -1. */
static ssize_t read_proc(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* 1 if pid sleeps in system call nr or nr2 now: its state is S (not T,
 * which a stopped process shows while still inside the call) and a line
 * of /proc/PID/syscall starts with the call's number. 0 if not, -1 if
 * that file cannot be read (no ptrace access). */
static int sleeping_in(pid_t pid, long nr, long nr2)
{
	char buf[512], *st;
	long now;

	if (read_proc(pid, "stat", buf, sizeof(buf)) <= 0 ||
	    (st = strrchr(buf, ')')) == NULL || st[1] != ' ' || st[2] != 'S')
		return 0;
	if (read_proc(pid, "syscall", buf, sizeof(buf)) < 0)
		return -1;
	if (buf[0] < '0' || buf[0] > '9')
		return 0;
	now = strtol(buf, NULL, 10);
	return now == nr || now == nr2;
}

/* Wait until the terminal's foreground process sleeps in nr or nr2. */
static int wait_sleeping_in(struct pty *p, long nr, long nr2)
{
	int i, in;

	for (i = 0; i < PTY_WAIT_MS / 10; i++) {
		in = sleeping_in(tcgetpgrp(p->fd), nr, nr2);
		if (in < 0) {	/* cannot tell: give it time */
			usleep(200000);
			return 1;
		}
		if (in)
			return 1;
		usleep(10000);
	}
	return 0;
}

int pty_wait_read(struct pty *p)
{
	return wait_sleeping_in(p, SYS_read, SYS_read);
}

int pty_wait_accept(struct pty *p)
{
#ifdef SYS_accept
	return wait_sleeping_in(p, SYS_accept, SYS_accept4);
#else
	return wait_sleeping_in(p, SYS_accept4, SYS_accept4);
#endif
}

void pty_send(struct pty *p, const char *s)
{
	ck_assert_int_eq(write(p->fd, s, strlen(s)), (ssize_t)strlen(s));
}

void pty_talk(struct pty *p, const char *file, int line,
	      const char *const *lines)
{
	size_t n = strlen(PTY_KEYS);

	for (; *lines; lines++) {
		if (strncmp(*lines, PTY_KEYS, n) == 0)
			pty_send(p, *lines + n);
		else
			ck_assert_msg(pty_expect(p, *lines),
				      "%s:%d: never saw \"%s\" in:\n%s", file,
				      line, *lines, p->buf + p->mark);
	}
}

void pty_hangup(struct pty *p)
{
	ck_assert_int_eq(close(p->fd), 0);
	p->fd = -1;
}

/* Read whatever output is there (for up to 10 ms), so that a child
 * blocked writing to the terminal can go on and exit. */
static void pty_drain(struct pty *p)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	ssize_t n = -1;

	if (p->fd >= 0 && poll(&pfd, 1, 10) > 0) {
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
	if (p->fd >= 0)
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

int pty_run_tests(const char *name, const char *tcase,
		  const TTest *const *tests, void (*setup)(void),
		  void (*teardown)(void))
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(tcase);

	tcase_set_timeout(tc, 60);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return pty_run_suite(s);
}
