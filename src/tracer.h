/* tracer.h - follow a real program's system calls with ptrace: start it
 * under a seccomp filter that stops only its socket calls, or attach to
 * it; report each call's entry and exit. Knows nothing of sockets. */
#ifndef SOCKREPL_TRACER_H
#define SOCKREPL_TRACER_H

#include <stddef.h>
#include <sys/types.h>

enum tracer_mode {
	TRACER_SECCOMP,		/* the filter stops the calls of interest */
	TRACER_SYSCALL,		/* every call stops (attached: no filter) */
};

enum tracer_ev {
	TRACER_ENTRY,		/* a call is about to run */
	TRACER_EXIT,		/* a call returned: ret, is_error */
	TRACER_EXITED,		/* a process ended: status as waitpid's */
	TRACER_DONE,		/* nothing left to trace */
};

struct tracer_event {
	enum tracer_ev kind;
	pid_t tid;		/* the thread */
	pid_t pid;		/* its process (thread group) */
	long nr;		/* the system call's number */
	unsigned long long args[6];
	long long ret;		/* TRACER_EXIT: -errno when is_error */
	int is_error;
	int status;		/* TRACER_EXITED */
};

/* A traced thread. */
struct tracer_thread {
	pid_t tid, pid;		/* the thread and its process */
	int started;		/* past its first stop */
	int in_call;		/* between an entry we reported and its exit */
	int skip_exit;		/* TRACER_SYSCALL: swallow the next exit */
};

struct tracer {
	enum tracer_mode mode;
	pid_t main_pid;		/* the program started or attached to */
	int attached;		/* --pid: detach, never kill, at the end */
	struct tracer_thread *t;
	size_t n, cap;
	int nprocs_seen;	/* distinct processes, ever: >1 prefixes */
	unsigned int execs;	/* exec()s seen, ever */
};

/*
 * Start argv[0] (searched in PATH) traced, with the filter installed
 * before exec; SIGINT and SIGQUIT at their defaults in it. Returns 0, or
 * -1 with errno (fork, ptrace). A program that cannot be run exits 127
 * after a message on its standard error.
 */
int tracer_spawn(struct tracer *tr, char *const *argv);
/* Attach to process pid and all its threads (TRACER_SYSCALL). Returns 0,
 * or -1 with errno: EPERM (not allowed: see Yama), ESRCH (no such). */
int tracer_attach(struct tracer *tr, pid_t pid);
/* Wait for the next entry, exit or end; other stops (new children,
 * signals, exec) are dealt with inside. After TRACER_ENTRY and
 * TRACER_EXIT the thread stays stopped until tracer_resume(). Returns 0;
 * kind TRACER_DONE when no traced thread is left. EINTR (a signal to
 * sockrepl) returns -1 with errno EINTR, nothing lost. */
int tracer_wait(struct tracer *tr, struct tracer_event *ev);
/* Let the thread of ev run on: after TRACER_ENTRY, want_exit 1 stops it
 * again at the call's exit; 0 lets the call run unobserved. */
void tracer_resume(struct tracer *tr, const struct tracer_event *ev,
		  int want_exit);
/* Stop following every thread (attached: the program runs on; started:
 * it runs on too, without its filter's tracer it would fail its socket
 * calls with ENOSYS, so it is killed). */
void tracer_detach_all(struct tracer *tr);
void tracer_free(struct tracer *tr);
/* Read n bytes at addr of process pid. Returns the bytes read (may be
 * short), or -1 with errno. */
ssize_t tracer_read(pid_t pid, unsigned long long addr, void *buf, size_t n);
/* The name of system call nr ("connect"), or NULL when not one the
 * filter stops (it also stops dup2, dup3 and close_range, which change
 * what a descriptor is). */
const char *tracer_call_name(long nr);

#endif
