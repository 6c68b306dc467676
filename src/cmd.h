/* cmd.h - the command table: entries, lookup, arity, execution. */
#ifndef SOCKREPL_CMD_H
#define SOCKREPL_CMD_H

#include <poll.h>

#include "addr.h"
#include "expect.h"
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
#define CMD_TIME 0x40		/* lets time pass (sleep): any socket may
				 * change, so snapshots take them all */

/*
 * What an argument is. A command declares its arguments as an array of
 * struct cmd_arg ending with kind ARG_END; the table code parses and
 * checks them before the handler runs, and help, the man page and Tab
 * completion read the same array.
 */
enum cmd_arg_kind {
	ARG_END = 0,
	ARG_FD,		/* a socket of the session, by name or number: .sock */
	ARG_ADDR,	/* ADDR PORT | ADDR:PORT | path | a socket's name */
	ARG_CONST,	/* a constant of .set (A|B for flag sets): .num */
	ARG_INT,	/* a whole number in [.min, .max]: .num */
	ARG_DATA,	/* bytes as typed, quotes and escapes undone: .str */
	ARG_WORD,	/* any one word: .str (completes to .words) */
	ARG_FLAG,	/* an option word, anywhere on the line: .num 1 */
};

/* Argument flags. */
#define ARG_OPTIONAL 0x01	/* may be left out (then .given is 0) */
#define ARG_TARGET 0x02		/* ARG_ADDR connects: a wildcard name means
				 * loopback */
#define ARG_CLOSED 0x04		/* ARG_FD: a closed socket's name will do */
#define ARG_PAIR 0x08		/* optional together with the next argument:
				 * both or neither ("[OPTION VALUE]") */
#define ARG_REPEAT 0x10		/* one or more words ("FD[:EVENTS]..."); an
				 * optional argument after it is given when
				 * the last word reads as one (a number) */

struct cmd_arg {
	enum cmd_arg_kind kind;
	const char *name;	/* in the synopsis: "FD", "--no-htons" */
	int flags;
	const struct const_table *set;	/* ARG_CONST */
	long min, max;			/* ARG_INT */
	const char *what;		/* ARG_INT, in errors: "backlog" */
	const char *words;	/* ARG_WORD: the words it completes to */
	/* Or the completion kind, if not the kind's own: cmd, lesson,
	 * state, errno, pollfd, level, sockopt, or a constant table's. */
	const char *complete;
};

/* One parsed argument, as the handler takes it. */
struct cmd_val {
	int given;
	struct sock *sock;	/* ARG_FD: valid until the table changes */
	long num;		/* ARG_CONST, ARG_INT, ARG_FLAG */
	struct addr addr;	/* ARG_ADDR */
	const char *str;	/* ARG_DATA, ARG_WORD */
	size_t len;
	const struct word *words;	/* ARG_REPEAT: its words */
	int nwords;
	/* Where it was typed: its first word's index in the arguments
	 * (after a sub-command's name and with option words taken out),
	 * and how many words it took. */
	int word, nword;
};

#define CMD_MAX_ARGS 8

struct cmd_ctx {
	struct session *s;
	const struct cmd_entry *entry;
	int argc;			/* arguments after the command name */
	const struct word *argv;
	char *const *names;		/* the names being assigned */
	int nnames;
	struct record *rec;
	struct sbuf *err;
	const struct cmd_entry *sub;	/* the sub-command picked, if any */
	/* The declared arguments, parsed, in declaration order. */
	struct cmd_val arg[CMD_MAX_ARGS];
};

struct cmd_entry {
	const char *name;
	const char *alias;	/* space-separated other names, or NULL */
	const char *summary;	/* one line for help and the man page */
	const char *help;	/* a paragraph for "help CMD" */
	int flags;
	/* The arguments, ending with ARG_END (cmd_no_args for none); or
	 * else a choice of sub-commands by the first word ("expect state"),
	 * each with its own args and exec, NULL-terminated. */
	const struct cmd_arg *args;
	const struct cmd_entry *const *subs;
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
extern const struct cmd_entry *const cmd_c_entries[];
extern const struct cmd_entry *const cmd_trace_entries[];
/* expect trace, a sub-command of expect (cmd-trace.c). */
extern const struct cmd_entry cmd_expect_trace_entry;

/* The arguments of a command that takes none. */
extern const struct cmd_arg cmd_no_args[];

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

/* FD [LEN] [FLAGS] of recv and recvfrom, and their values (defaults 1024
 * and 0) once parsed. */
extern const struct cmd_arg cmd_io_recv_args[];
void cmd_io_recv_vals(struct cmd_ctx *ctx, long *len, long *flags);
/* After a recv-like call filled r->data/datalen: show the bytes, or what
 * a 0 return means, and make them available to => "data". */
void cmd_io_show_data(struct record *r, const char *label);
/* After recv, read or recvfrom of up to len bytes with flags on a socket
 * of domain and type: set r->datalen to what buf really holds (MSG_TRUNC
 * returns a datagram's full length, and on TCP copies nothing), show it,
 * and say what MSG_TRUNC did. */
void cmd_io_show_recv(struct record *r, const char *label, int domain,
		      int type, long len, long flags);

/* Append e's argument synopsis ("FD ADDR PORT [--no-htons]"). */
void cmd_synopsis(const struct cmd_entry *e, struct sbuf *out);
/* Parse the words of ctx into ctx->arg as e->args declares them.
 * CMD_OK, or CMD_ERROR after cmd_error() with a usage message. */
int cmd_parse_args(struct cmd_ctx *ctx);

/* Completion: call add for each candidate of the argument word after the
 * nwords words already typed after e's name; cont is the part of that
 * word before a '|', or NULL. The strings live until add returns. */
typedef void cmd_cand_fn(void *data, const char *cand);
void cmd_complete(struct session *s, const struct cmd_entry *e,
		  char *const *words, int nwords, const char *cont,
		  cmd_cand_fn *add, void *data);
/* The candidates of a completion kind ("fd", "addr", "domain", ...). */
void cmd_complete_kind(struct session *s, const char *kind,
		       cmd_cand_fn *add, void *data);

/* Help generated from the table: the list grouped by family, one entry
 * in full, and the list as man-page troff (for sockrepl.1). */
void cmd_help_all(struct sbuf *out);
void cmd_help_one(const struct cmd_entry *e, struct sbuf *out);
void cmd_help_man(struct sbuf *out);

/* A name for a variable of the call's C: want, or want_ (want__, ...)
 * where the learner has a socket or a name on this line called so; in
 * buf (n bytes). For the set-ups that use the learner's sockets too
 * ("int flags = fcntl(flags, F_GETFL)"), where no later renaming can
 * tell the two apart. */
const char *cmd_c_var(struct cmd_ctx *ctx, const char *want, char *buf,
		      size_t n);
/* Before a wait (a sleep, a call that may block): write out what came
 * before, the transcript or, with --format=json, the lines' objects. */
void cmd_flush(struct session *s);
/*
 * send(2), or sendto(2) when to is not NULL, as a command runs it: around
 * cmd_block_begin() and cmd_block_end(). Where a replay would arm its
 * time-out, the call is first made with MSG_DONTWAIT: when the kernel
 * takes all of it at once (nearly always) no timer is armed and disarmed;
 * what it could not take is then sent by the call itself, under the
 * time-out. The result, and errno, are those of one blocking call.
 */
ssize_t cmd_send(struct cmd_ctx *ctx, int fd, const void *buf, size_t len,
		 int flags, const struct sockaddr *to, socklen_t tolen);
/* 1 if fd is blocking and poll() finds none of events ready now. */
int cmd_would_block(int fd, short events);
/* Around a call that may block on fd: when nothing is ready, tell the
 * learner why it waits (why: "no client has connected yet") and how to
 * interrupt it; arm the replay time-out. cmd_block_end() disarms, marks
 * the record interrupted when the time-out fired, and forgets a Ctrl-C in
 * an interactive session only: a replay stops after the call. */
void cmd_block_begin(struct cmd_ctx *ctx, int fd, short events,
		     const char *why);
/* Or'ed into cmd_block_begin's events: once poll() reports the events,
 * the call cannot block (accept, a receive without MSG_WAITALL), so a
 * ready descriptor needs no replay time-out armed. */
#define CMD_BLOCK_READY 0x4000
void cmd_block_end(struct cmd_ctx *ctx);
/* poll(2) for a command, between cmd_block_begin and _end: at a terminal
 * a wait longer than a moment is cut in one-second slices with a
 * countdown (and when a polled socket in SYN-SENT sends its SYN again,
 * from the kernel's timer) between them, so that a wait on a kernel
 * timer never looks like a frozen shell. Ctrl-C interrupts it as it does
 * one poll. Returns as poll does, errno kept. */
int cmd_poll(struct cmd_ctx *ctx, struct pollfd *p, int n, long timeout);

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
	/* Set by the caller after exec_result_init: an expectation asked
	 * about without being shown or counted (a challenge's "ran"
	 * check); probe_held is 1 when the command's record satisfied it. */
	const struct expect *probe;
	int probe_held;
};

void exec_result_init(struct exec_result *r);
void exec_result_free(struct exec_result *r);

/* Run one line: parse, look up, check arity, call the handler with the
 * state snapshots around it, show the record, check the expectation.
 * Everything is written to s->out. */
enum exec_status cmd_execute(struct session *s, const char *text, size_t len,
			     struct exec_result *res);
/* The same for a line already split into words (the C bridge builds
 * them from a C call; text is the C, for errors and JSON). When keep is
 * not NULL and the command ran, its record is handed over there, for the
 * caller to read and record_free(). The words may be reordered. */
enum exec_status cmd_execute_line(struct session *s, const char *text,
				  size_t len, struct line *l,
				  struct exec_result *res, struct record *keep);

#endif
