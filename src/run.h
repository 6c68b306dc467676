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

struct run_opts {
	char *const *argv;	/* --run: the program and its arguments */
	pid_t pid;		/* --pid: the process to attach to */
	int step;		/* --step: wait before each socket call */
};

/* Follow the program until it (and every process it started) ended;
 * returns its exit status as sockrepl's: the status, 128 + N for signal
 * N; 2 when it could not be started or attached to (said why on
 * stderr). */
int run_program(struct session *s, const struct run_opts *o);

/* Fill r from call c (run-decode.c): the C, the result, the facts; label
 * names the descriptor in facts ("3"). */
void run_decode(const struct run_call *c, const char *label,
		struct record *r);
/* Facts that need the kernel's view around call c (r->snap_before,
 * snap_after): the port bind(0) got, connect's ephemeral port, accept's
 * four-tuple. */
void run_facts(const struct run_call *c, struct record *r);
/* 1 if the call name acts on any descriptor (read, write, close): shown
 * only when that descriptor is a socket. */
int run_call_on_fd(const char *name);

#endif
