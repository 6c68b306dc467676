/* record.h - what one command did: the call record a handler fills in. */
#ifndef SOCKREPL_RECORD_H
#define SOCKREPL_RECORD_H

#include <stddef.h>

#include "addr.h"
#include "parse.h"
#include "util.h"

#define RECORD_MAX_FDS 8
#define RECORD_MAX_ARGS 8

struct state_snap;

/* One argument as the command table parsed it (struct cmd_val), copied
 * before the handler runs, so that renderers (JSON) see it typed. */
struct record_arg {
	int kind;		/* enum cmd_arg_kind */
	const char *name;	/* as declared: "FD", "--no-htons" */
	int fd;			/* ARG_FD: the descriptor then, -1 closed */
	char sock_name[PARSE_NAME_MAX + 1];	/* ARG_FD: "" for none */
	struct addr addr;	/* ARG_ADDR */
	const struct const_table *set;	/* ARG_CONST */
	long num;		/* ARG_CONST, ARG_INT, ARG_FLAG */
	const char *str;	/* ARG_DATA, ARG_WORD: into the line */
	size_t len;
	const struct word *words;	/* repeated: each word as typed */
	int nwords;
};

/*
 * A handler performs its syscall and describes it here; show.c renders it
 * (the C statement, the result, the errno explanation), state.c adds the
 * kernel's view before and after, expect.c checks it. Handlers print
 * nothing themselves.
 */
struct record {
	const char *call;	/* syscall name; NULL: no syscall made */
	const char *ret_type;	/* C type of the result: "int", "ssize_t" */
	const char *ret_var;	/* the C assigns the result to this when the
				 * learner named none (a bare htons(8001);
				 * is a statement with no effect) */
	struct sbuf setup;	/* C statements before the call */
	struct sbuf args;	/* the call's argument list, as C */
	struct sbuf note;	/* trailing C comment after the call */
	struct sbuf after;	/* C statements after the call */
	int has_ret;
	long ret;
	int err;		/* errno saved the instant the call returned */
	/* Integer arguments an explanation depends on (socket: domain,
	 * type, protocol); narg 0 for none. */
	long arg[3];
	int narg;
	int interrupted;	/* EINTR by Ctrl-C (1) or replay time-out (2) */
	int fds[RECORD_MAX_FDS];	/* descriptors created or touched */
	int nfds;
	int changes_state;	/* take kernel snapshots around the call */
	struct sbuf out;	/* further lines: peer, data, help text */
	unsigned char *data;	/* bytes received, for => "text" */
	size_t datalen;
	int has_data;
	int check_failed;	/* an expect command's check did not hold */
	struct sbuf expected;	/* ... what it wanted */
	struct sbuf got;	/* ... what it found */
	/* The typed arguments given, in declaration order. */
	struct record_arg typed[RECORD_MAX_ARGS];
	int ntyped;
	/* The kernel snapshots around the call (NULL: none taken); the
	 * record owns them. */
	struct state_snap *snap_before, *snap_after;
};

void record_init(struct record *r);
void record_free(struct record *r);
/* Note that the command touched descriptor fd (ignored when full). */
void record_touch(struct record *r, int fd);
/* Record the result of a call: ret and, when ret == -1, err. */
void record_result(struct record *r, long ret, int err);

#endif
