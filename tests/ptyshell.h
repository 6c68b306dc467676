/* ptyshell.h - drive the real sockrepl on a pseudo-terminal, for the tests. */
#ifndef SOCKREPL_TEST_PTYSHELL_H
#define SOCKREPL_TEST_PTYSHELL_H

#include <check.h>
#include <sys/types.h>

#define PTY_WAIT_MS 15000	/* a hang guard for a busy machine, not a timing */

struct pty {
	pid_t pid;
	int fd;
	char buf[1 << 16];	/* everything read so far */
	size_t len, mark;	/* mark: the end of the last match */
};

/* Start $SOCKREPL with argv (argv[0] is replaced by the binary) on a new
 * terminal of 40x200; in the child, setup(arg) may set the environment.
 * TERM is dumb. */
void pty_spawn(struct pty *p, char *argv[], void (*setup)(void *),
	       void *arg);
/* Read until needle appears after the previous match; 1 if it did. */
int pty_expect(struct pty *p, const char *needle);
/* Type s. */
void pty_send(struct pty *p, const char *s);
/* Wait for the exit, reading what it prints; the exit status, or -1 if it
 * did not exit by itself in time. */
int pty_wait(struct pty *p);

/* Where a test makes its temporary files: $TMPDIR (make check gives each
 * test its own, removed afterwards), else /tmp. */
const char *pty_tmpdir(void);

/* Run the suite; the exit status for make check. */
int pty_run_suite(Suite *s);

#define EXPECT(p, s) \
	ck_assert_msg(pty_expect(p, s), "never saw \"%s\" in:\n%s", s, \
		      (p)->buf + (p)->mark)

#endif
