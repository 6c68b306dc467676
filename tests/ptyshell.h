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

/* The width of the terminals pty_spawn makes: 200 unless a test says. */
extern unsigned short pty_columns;

/* Start $SOCKREPL with argv (argv[0] is replaced by the binary) on a new
 * terminal of 40 lines and pty_columns; in the child, setup(arg) may set
 * the environment. TERM is dumb. */
void pty_spawn(struct pty *p, char *argv[], void (*setup)(void *),
	       void *arg);
/* As pty_spawn, but as a job of a small job-control shell that acts as
 * bash does: when the job stops (Ctrl-Z), the shell takes the terminal
 * back in its own modes and prints "[stopped]"; typing the line "fg" gives
 * the terminal back, prints "[continued]" and continues the job. A job
 * started in the background has no terminal until fg. (A session leader
 * cannot stop: its process group is orphaned.) p->pid is the shell's; it
 * exits with the job's exit status. */
void pty_spawn_job(struct pty *p, char *argv[], void (*setup)(void *),
		   void *arg, int background);
/* As pty_spawn_job in the foreground, but the shell ignores SIGHUP (the
 * job has the default action): on a hang-up the job gets no signal from
 * the kernel (only a session leader does), and its read of the terminal
 * ends, as it can before the signal. The shell exits with the job's
 * status. */
void pty_spawn_job_nohangup(struct pty *p, char *argv[],
			    void (*setup)(void *), void *arg);
/* Read until needle appears after the previous match; 1 if it did. */
int pty_expect(struct pty *p, const char *needle);
/* Wait until the terminal's foreground process (the shell, or the job)
 * sleeps in accept(2), so that a key sent next interrupts the call itself
 * (a signal that lands while a call is being restarted, after a stop,
 * runs its handler but does not interrupt it); 1 if it was seen there. */
int pty_wait_accept(struct pty *p);
/* The same for read(2) on a socket (a C loop's read). */
int pty_wait_read(struct pty *p);
/* Type s. */
void pty_send(struct pty *p, const char *s);
/* Close the terminal, as closing its window does: the kernel hangs it
 * up and sends SIGHUP. */
void pty_hangup(struct pty *p);
/* Wait for the exit, reading what it prints; the exit status, or -1 if it
 * did not exit by itself in time. */
int pty_wait(struct pty *p);

/* Where a test makes its temporary files: $TMPDIR (make check gives each
 * test its own, removed afterwards), else /tmp. */
const char *pty_tmpdir(void);

/* Run the suite; the exit status for make check. */
int pty_run_suite(Suite *s);
/* Run tests (NULL-ended) as the suite name of one test case tcase, each
 * between setup and teardown (either may be NULL), with a hang guard of
 * 60 s each; the exit status for make check. */
int pty_run_tests(const char *name, const char *tcase,
		  const TTest *const *tests, void (*setup)(void),
		  void (*teardown)(void));

#define EXPECT(p, s) \
	ck_assert_msg(pty_expect(p, s), "never saw \"%s\" in:\n%s", s, \
		      (p)->buf + (p)->mark)

/* A dialogue with the terminal, in order: each of the strings is awaited
 * as EXPECT does, but those made by KEYS(), which are typed. */
#define KEYS(s) PTY_KEYS s
#define PTY_KEYS "\036"	/* a mark no awaited text starts with */
#define TALK(p, ...) \
	pty_talk(p, __FILE__, __LINE__, \
		 (const char *const[]){ __VA_ARGS__, NULL })
/* TALK's work: lines is NULL-ended; file and line say where it is. */
void pty_talk(struct pty *p, const char *file, int line,
	      const char *const *lines);

#endif
