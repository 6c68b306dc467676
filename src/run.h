/* run.h - --run PROG and --pid PID: a real program's socket calls shown
 * as the shell shows its commands. */
#ifndef SOCKREPL_RUN_H
#define SOCKREPL_RUN_H

#include <sys/types.h>

#include "record.h"
#include "session.h"

/* One finished call of a traced program. */
struct run_call {
	pid_t pid;		/* its process */
	long nr;
	const char *name;	/* "connect" */
	unsigned long long a[6];
	long long ret;		/* -errno when is_error */
	int is_error;
};

struct run_check;

struct run_opts {
	char *const *argv;	/* --run: the program and its arguments */
	const char *check;	/* --run --check FILE: its expectations */
	pid_t pid;		/* --pid: the process to attach to */
	int step;		/* --step: wait before each socket call */
};

/* Follow the program until it (and every process it started) ended;
 * returns its exit status as sockrepl's: the status, 128 + N for signal
 * N; 2 when it could not be started or attached to (said why on
 * stderr). */
int run_program(struct session *s, const struct run_opts *o);

/*
 * --run --check FILE (run-check.c). The file: one call name a line, in
 * the order the program makes them, each with an optional "=> RESULT"
 * as in scripts ("bind => 0", "accept => *", "read => \"hi\n\""); '#'
 * comments. A call of that name answers the next expectation; other
 * calls are skipped. Load returns NULL after a message on stderr.
 */
struct run_check *run_check_load(const char *path);
void run_check_free(struct run_check *rc);
/* Check record r against the next expectation if it is for r's call;
 * the verdict line into out. */
void run_check_call(struct run_check *rc, const struct record *r,
		    struct sbuf *out, int utf8);
/* The expectations never reached, and the summary, to out; 0 if all
 * held, else 1. */
int run_check_done(const struct run_check *rc, const char *path, FILE *out);

/* Fill r from call c (run-decode.c): the C, the result, the facts; label
 * names the descriptor in facts ("3"). */
void run_decode(const struct run_call *c, const char *label,
		struct record *r);
/* Facts that need the kernel's view around call c (r->snap_before,
 * snap_after): the port bind(0) got, connect's ephemeral port, accept's
 * four-tuple. */
void run_facts(const struct run_call *c, struct record *r);
/* The descriptors in select's sets (at most max, ascending), read from
 * the program's memory: before the call those it waits on, after it the
 * ready ones. */
size_t run_select_fds(const struct run_call *c, int *fds, size_t max);
/* 1 if the call name acts on any descriptor (read, write, close): shown
 * only when that descriptor is a socket. */
int run_call_on_fd(const char *name);

#endif
