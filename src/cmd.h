/* cmd.h - the command table: entries, lookup, arity, execution. */
#ifndef SOCKREPL_CMD_H
#define SOCKREPL_CMD_H

#include "parse.h"
#include "record.h"
#include "session.h"

enum {
	CMD_OK = 0,
	CMD_ERROR = -1,		/* bad usage: the message is in ctx->err */
};

/* Entry flags. */
#define CMD_NAMES 0x01		/* may be assigned: "lfd = socket ..." */
#define CMD_NAMES2 0x02		/* two names: "a b = socketpair ..." */
#define CMD_STATE 0x04		/* may change socket state: snapshot around */
#define CMD_BLOCKS 0x08		/* may block: Ctrl-C and replay time-out */
#define CMD_LESSON 0x10		/* a lesson-control word (next, back, ...) */
#define CMD_CHECK 0x20		/* a check itself: counts as an expectation */

struct cmd_ctx {
	struct session *s;
	const struct cmd_entry *entry;
	int argc;			/* arguments after the command name */
	const struct word *argv;
	char *const *names;		/* the names being assigned */
	int nnames;
	struct record *rec;
	struct sbuf *err;
};

struct cmd_entry {
	const char *name;
	const char *alias;	/* space-separated other names, or NULL */
	const char *usage;	/* argument synopsis: "FD ADDR PORT" */
	const char *summary;	/* one line for help and the man page */
	const char *help;	/* a paragraph for "help CMD" */
	int min_args, max_args;	/* max_args -1: no limit */
	int flags;
	/* What each argument completes to, space-separated kinds; the last
	 * repeats: fd, domain, type, proto, level, sockopt, shut, msg,
	 * addr, cmd, lesson, state, set, onoff, errno, poll, -. */
	const char *complete;
	int (*exec)(struct cmd_ctx *ctx);
};

/* One group of related commands, titled, for help and the man page. */
struct cmd_family {
	const char *title;
	const struct cmd_entry *const *entries;	/* NULL-terminated */
};

extern const struct cmd_family cmd_families[];	/* ends with title NULL */

extern const struct cmd_entry *const cmd_socket_entries[];
extern const struct cmd_entry *const cmd_io_entries[];
extern const struct cmd_entry *const cmd_udp_entries[];
extern const struct cmd_entry *const cmd_opt_entries[];
extern const struct cmd_entry *const cmd_byteorder_entries[];
extern const struct cmd_entry *const cmd_state_entries[];
extern const struct cmd_entry *const cmd_lesson_entries[];
extern const struct cmd_entry *const cmd_session_entries[];

/* Find a command by name, alias, or unique prefix of a name. Returns
 * NULL with "unknown command" or "ambiguous command: x, could be: a, b"
 * in err. */
const struct cmd_entry *cmd_lookup(const char *name, struct sbuf *err);
/* Iterate every entry: returns the i-th, NULL past the end. */
const struct cmd_entry *cmd_at(size_t i);

/* Report a usage error: formats into ctx->err, returns CMD_ERROR. */
int cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Helpers shared by handlers. */
/* Resolve argument i as a descriptor; NULL after cmd_error(). */
struct sock *cmd_sock(struct cmd_ctx *ctx, int i);
/* Argument i as an integer in [min, max], else cmd_error() and -1. */
int cmd_long(struct cmd_ctx *ctx, int i, long min, long max,
	     const char *what, long *out);

struct addr;
#define CMD_ADDR_TARGET 0x1	/* connecting: a wildcard name means loopback */
#define CMD_ADDR_NO_HTONS 0x2	/* store the port without htons() */
/* Parse the address at argument i: a socket's name (its bound address)
 * or ADDR PORT / ADDR:PORT / path. Returns the number of arguments used,
 * or CMD_ERROR after cmd_error(). */
int cmd_addr(struct cmd_ctx *ctx, int i, int family, int flags,
	     struct addr *a);
/* Remove the option word flag ("--no-htons") from the arguments; 1 if it
 * was there. */
int cmd_take_flag(struct cmd_ctx *ctx, const char *flag);

/* The [LEN] [FLAGS] arguments at 1 and 2 of recv, read and recvfrom
 * (defaults 1024 and 0). CMD_OK, or CMD_ERROR after cmd_error(). */
int cmd_io_recv_args(struct cmd_ctx *ctx, long *len, long *flags);
/* After a recv-like call filled r->data/datalen: show the bytes, or what
 * a 0 return means, and make them available to => "data". */
void cmd_io_show_data(struct record *r, const char *label);
/* After recv, read or recvfrom of up to len bytes with flags on a socket
 * of domain and type: set r->datalen to what buf really holds (MSG_TRUNC
 * returns a datagram's full length, and on TCP copies nothing), show it,
 * and say what MSG_TRUNC did. */
void cmd_io_show_recv(struct record *r, const char *label, int domain,
		      int type, long len, long flags);

/* Help generated from the table: the list grouped by family, one entry
 * in full, and the list as man-page troff (for sockrepl.1). */
void cmd_help_all(struct sbuf *out);
void cmd_help_one(const struct cmd_entry *e, struct sbuf *out);
void cmd_help_man(struct sbuf *out);

/* 1 if fd is blocking and poll() finds none of events ready now. */
int cmd_would_block(int fd, short events);
/* Around a call that may block on fd: when nothing is ready, tell the
 * learner why it waits (why: "no client has connected yet") and how to
 * interrupt it; arm the replay time-out. cmd_block_end() disarms, marks
 * the record interrupted when the time-out fired, and forgets a Ctrl-C in
 * an interactive session only: a replay stops after the call. */
void cmd_block_begin(struct cmd_ctx *ctx, int fd, short events,
		     const char *why);
void cmd_block_end(struct cmd_ctx *ctx);

enum exec_status {
	EXEC_OK,		/* ran (a failing syscall is still OK) */
	EXEC_EMPTY,		/* blank or comment line */
	EXEC_ERROR,		/* could not parse or bad usage */
	EXEC_MISMATCH,		/* an expectation did not hold */
	EXEC_QUIT,		/* quit/exit */
};

struct exec_result {
	enum exec_status status;
	const struct cmd_entry *entry;	/* the command run, if any */
	int has_expect;			/* "=> ..." or a CMD_CHECK command */
	struct sbuf expected, got;	/* for EXEC_MISMATCH */
	int interrupted;
};

void exec_result_init(struct exec_result *r);
void exec_result_free(struct exec_result *r);

/* Run one line: parse, look up, check arity, call the handler with the
 * state snapshots around it, show the record, check the expectation.
 * Everything is written to s->out. */
enum exec_status cmd_execute(struct session *s, const char *text, size_t len,
			     struct exec_result *res);

#endif
