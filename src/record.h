/* record.h - what one command did: the call record a handler fills in. */
#ifndef SOCKREPL_RECORD_H
#define SOCKREPL_RECORD_H

#include <stddef.h>
#include <sys/socket.h>

#include "addr.h"
#include "parse.h"
#include "util.h"

#define RECORD_MAX_FDS 8
#define RECORD_MAX_ARGS 8

struct state_snap;
struct trace_seg;
struct draw;

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

#define RECORD_MAX_FACTS (RECORD_MAX_FDS + 4)	/* poll: one per fd */
#define FACT_MAX_PARAMS 4
#define FACT_LABEL_MAX 32	/* a socket name: PARSE_NAME_MAX + 1 */

/*
 * A fact: what the kernel did or what a result means, for a teaching
 * note. A handler records the fact (an id and typed parameters); only
 * show-facts.c words it, through gettext, so the same fact reads the same
 * everywhere and in every language. Each id has a stable name
 * (fact_name()) for machine-readable output. The ids are grouped by
 * family (socket, datagram, I/O, options, fcntl, getsockopt, poll, byte
 * order, the shell's own commands) and
 * show_fact() dispatches on those ranges: add an id inside its family.
 */
enum fact_id {
	FACT_PORT_PICKED,	/* sock, port: bind to port 0 */
	FACT_NO_HTONS,		/* typed port, real port */
	FACT_LISTEN_BOUND,	/* sock, port: listen on an unbound socket */
	FACT_FOUR_TUPLE,	/* local addr, peer addr: accept's peer */
	FACT_STILL_LISTENS,	/* listener sock */
	FACT_EPHEMERAL_PORT,	/* sock, local addr, reply (1: UDP sendto) */
	FACT_NAME,		/* addr: getsockname/getpeername's answer */
	FACT_SOCKETPAIR,	/* sv[0] sock, sv[1] sock */
	FACT_DGRAM_SENT,	/* (none): sendto on UDP */
	FACT_DGRAM_EMPTY,	/* (none): a datagram of 0 bytes */
	FACT_DGRAM_FILLED,	/* buf len: a datagram exactly filled buf */
	FACT_ICMP_REFUSED,	/* (none): ECONNREFUSED on connected UDP */
	FACT_FROM_STREAM,	/* (none): recvfrom on a stream socket */
	FACT_FROM,		/* addr: recvfrom's sender */
	FACT_SHORT_SEND,	/* sent, asked */
	FACT_EOF,		/* sock: recv returned 0 */
	FACT_DATA,		/* bytes: what a receive brought */
	FACT_TRUNC_TCP,		/* discarded count, peek (0/1) */
	FACT_TRUNC_UDP,		/* real len, buf len, peek (0/1) */
	FACT_OPT_NEEDS_TCP,	/* (none): TCP_* on another socket */
	FACT_OPT_NEEDS_IP,	/* (none): IP options on a non-IP socket */
	FACT_OPT_NEEDS_IPV6,	/* (none): IPV6_* on a non-AF_INET6 socket */
	FACT_OPT_READ_ONLY,	/* (none): setsockopt of a read-only option */
	FACT_LINGER,		/* l_onoff, l_linger: what close() will do */
	FACT_TIMEOUT,		/* sock, ms, rcv (1: SO_RCVTIMEO) */
	FACT_BUF_DOUBLED,	/* doubled size, rcv (1: SO_RCVBUF) */
	FACT_OPT_BOOL,		/* level, option, value (0/1) */
	FACT_OPT_HELP,		/* level, option: what it does */
	FACT_FLAGS,		/* sock, F_GETFL flags */
	FACT_NONBLOCK,		/* sock, on (0/1): after F_SETFL */
	FACT_GOT_LINGER,	/* l_onoff, l_linger: getsockopt SO_LINGER */
	FACT_GOT_TIMEOUT,	/* tv_sec, tv_usec: getsockopt SO_*TIMEO */
	FACT_GOT_NAME,		/* level, option, bytes: a string option */
	FACT_PEERCRED,		/* pid, uid, gid: SO_PEERCRED */
	FACT_SO_ERROR,		/* errno the socket kept (0: none) */
	FACT_GOT_CONST,		/* set (0 type, 1 domain, 2 protocol), value */
	FACT_GOT_BOOL,		/* level, option, value */
	FACT_GOT_BUF,		/* SO_RCVBUF/SO_SNDBUF as read */
	FACT_GOT_INT,		/* level, option, value */
	FACT_REVENTS,		/* sock, revents, enum fact_pollin, bytes
				 * queued: one descriptor after poll */
	FACT_POLL_RESULT,	/* poll's result, its timeout */
	FACT_ENDIAN,		/* (none): the union test, 0x01020304 */
	FACT_CONV,		/* enum byteorder_fn, value, arrow (1: UTF-8):
				 * the value and its bytes before and after */
	FACT_ADDR_BYTES,	/* addr (port 0): a binary address's bytes */
	FACT_PTON_ZERO,		/* family, text (bytes): inet_pton's 0 */
	FACT_NTOP_NUMBER,	/* (none): a number is stored with htonl */
	FACT_SOCKADDR,		/* addr, --no-htons (0/1), typed port, the
				 * scope's name as typed (bytes, may be
				 * empty): its C and its fields */
	FACT_SLEEP_INTERRUPTED,	/* (none): Ctrl-C cut a sleep short */
	FACT_SLEEP_GAVE_UP,	/* ms: a replayed sleep hit the time-out */
	FACT_EXPECT_STATE,	/* sock, state (bytes): expect state held */
	FACT_EXPECT_QUEUE,	/* count, listener sock: expect queue held */
	FACT_EXPECT_RECV,	/* bytes: expect recv got what it wanted */
	FACT_TRACE_STATUS,	/* on (0/1), in a netns (0/1), segments
				 * captured: trace alone, trace on/off */
	FACT_TRACE_DENIED,	/* enum trace_denied, enum trace_userns, uid,
				 * libpcap's message (bytes) */
	FACT_EXPECT_TRACE,	/* from, to, flags (bytes), arrow (1: UTF-8):
				 * expect trace found the segment */
	FACT_RUN_EXITED,	/* pid, status: a traced program exited */
	FACT_RUN_KILLED,	/* pid, signal: a signal ended it */
	FACT_RUN_SHARED,	/* (none): close() of a socket another
				 * descriptor still holds (a fork's copy) */
	FACT_COUNT
};

/* What POLLIN means for a socket, as the handler found out. */
enum fact_pollin {
	POLLIN_ACCEPT,		/* a listener: a connection waits */
	POLLIN_DATAGRAM,	/* a datagram of "queued" bytes */
	POLLIN_DATA,		/* "queued" bytes on a stream */
	POLLIN_EOF,		/* nothing queued on a stream: EOF or error */
	POLLIN_PLAIN,		/* data, of unknown size */
};

enum fact_param_kind { FP_INT, FP_SOCK, FP_ADDR, FP_BYTES };

struct fact_param {
	enum fact_param_kind kind;
	long num;			/* FP_INT; FP_SOCK: its fd (-1: unknown) */
	char label[FACT_LABEL_MAX];	/* FP_SOCK: its name, or fd */
	struct sockaddr_storage ss;	/* FP_ADDR */
	socklen_t len;			/* FP_ADDR: the address length */
	const unsigned char *bytes;	/* FP_BYTES: not owned (r->data) */
	size_t n;			/* FP_BYTES: how many */
};

struct fact {
	enum fact_id id;
	int nparam;
	struct fact_param p[FACT_MAX_PARAMS];
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
	int nfacts;		/* facts[0 .. nfacts - 1] hold facts */
	/* A document, not a call: help, history, set's options, state's
	 * tables, a lesson's text. What a call did goes in facts. */
	struct sbuf out;
	unsigned char *data;	/* bytes received, for => "text" */
	size_t datalen;
	int has_data;
	int check_failed;	/* an expect command's check did not hold */
	struct sbuf expected;	/* ... what it wanted */
	struct sbuf got;	/* ... what it found */
	int ntyped;		/* typed[0 .. ntyped - 1] hold arguments */
	/* The kernel snapshots around the call (NULL: none taken); the
	 * record owns them. */
	struct state_snap *snap_before, *snap_after;
	/* The segments captured while the command ran (trace on), and
	 * before it while the shell waited (early); the record owns them. */
	struct trace_seg *segs;
	size_t nsegs, segs_cap;
	int draw_segs;	/* trace --draw: segs as a ladder diagram */
	/* A picture (draw, state FD --draw) from the kernel's state, drawn
	 * by show-draw.c; NULL: none. The record owns it. */
	struct draw *draw;
	/* The tail, past RECORD_HEAD: record_init() clears only the head
	 * (the arrays are large, and only their first n entries are ever
	 * read). Keep every other member above facts. */
	/* Facts for the teaching notes, in the order they happened: read
	 * them as r->facts[0 .. r->nfacts - 1] (each with its id and its
	 * params p[0 .. nparam - 1], kinds as enum fact_id lists); show.c
	 * prints them before out. Fixed size: record_free need not care. */
	struct fact facts[RECORD_MAX_FACTS];
	/* The typed arguments given, in declaration order. */
	struct record_arg typed[RECORD_MAX_ARGS];
};
#define RECORD_HEAD offsetof(struct record, facts)

void record_init(struct record *r);
void record_free(struct record *r);
/* Note that the command touched descriptor fd (ignored when full). */
void record_touch(struct record *r, int fd);
/* Record the result of a call: ret and, when ret == -1, err. */
void record_result(struct record *r, long ret, int err);

/*
 * Add a fact (ignored when the record is full). Its parameters follow id
 * as its kinds say (record.h, enum fact_id), each given by kind:
 *	FP_INT, long;  FP_SOCK, const char *label, int fd;
 *	FP_ADDR, const struct sockaddr_storage *, socklen_t;
 *	FP_BYTES, const unsigned char *, size_t;
 * ended by -1. Example: record_fact(r, FACT_EOF, FP_SOCK, "c", 5, -1);
 */
void record_fact(struct record *r, enum fact_id id, ...);
/* The stable name of a fact id ("ephemeral_port"), NULL if out of range. */
const char *fact_name(enum fact_id id);

#endif
