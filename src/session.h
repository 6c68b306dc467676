/* session.h - the descriptors this session created, their names, options. */
#ifndef SOCKREPL_SESSION_H
#define SOCKREPL_SESSION_H

#include <stdio.h>
#include <sys/socket.h>

#include "diag.h"
#include "parse.h"

/*
 * A stable handle for one socket of the session: it names the same socket
 * for as long as the session remembers it, however the table grows and
 * whatever names are reused; an id is never given out twice. 0 is none.
 * A struct sock pointer, by contrast, is a view into the table that is
 * valid only until the table next changes (session_add, session_closed):
 * keep the id across such calls, never the pointer.
 */
typedef unsigned int sock_id;

struct sock_cache;

struct sock {
	sock_id id;
	int fd;				/* -1 once closed */
	char name[PARSE_NAME_MAX + 1];	/* "" when unnamed */
	int domain, type, protocol;
	/* Last addresses seen; kept after close so that a closed name still
	 * stands for its address (and finds its TIME-WAIT leftover). */
	struct sockaddr_storage local, peer;
	socklen_t local_len, peer_len;
	/* The backlog the last listen() left in the kernel, for when the
	 * kernel's view (/proc/net) does not show it. */
	int listened;
	unsigned int backlog;
	/* What the descriptor is (inode, family, type, protocol), asked
	 * once when it is added; inode 0 if that failed. */
	struct diag_ident ident;
	/* The kernel's id of the socket, from the last answer about the
	 * socket itself (0: none yet); its TIME-WAIT keeps it. */
	unsigned long long cookie;
	/* The kernel's view of it at the last snapshot (state.c), or NULL:
	 * one heap block, freed with the entry. */
	struct sock_cache *cache;
};

/*
 * What searches over the table compare, one small entry per socket in
 * the table's order (s->keys[i] for s->socks[i]): a scan of a thousand
 * sockets reads 16 KB, not the table's 300. Kept by session.c.
 */
struct sock_key {
	int fd;			/* -1 once closed */
	unsigned int name_hash;	/* of the name; 0 when unnamed */
	unsigned short lport, pport;	/* inet ports, host order; 0 none */
	int domain;
	/* Its entries in the port index (node number + 1; 0: none). */
	unsigned int lnode, pnode;
};

/* The port index: which sockets have a local (or peer) port, found
 * without a scan of the table. Chains of nodes from PORT_BUCKETS heads. */
#define PORT_BUCKETS 1024
struct port_node {
	unsigned short port;
	unsigned char peer;	/* 1: a peer port, 0: a local one */
	sock_id id;
	unsigned int next;	/* node number + 1; 0 ends the chain */
};

/*
 * The four-tuple of a TCP connection the session forgot (an unnamed
 * socket closed, a closed name given to a new socket): what is left of
 * it in the kernel (TIME-WAIT on a listener's port) is still found by an
 * exact lookup, without a walk of every connection on the machine.
 */
struct ghost {
	struct sockaddr_storage local, peer;
	socklen_t local_len, peer_len;
	int family;
};
#define SESSION_GHOSTS 64

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	int color;		/* resolved: 1 to colour output */
	int interactive;	/* a person at a terminal */
	int echo;		/* echo each line after the prompt (replay) */
	long block_timeout_ms;	/* give up a blocking call after this; 0 never */
	int show_c;		/* print the C statement */
	int show_state;		/* print state transition lines */
	int explain;		/* print errno explanations */
	int utf8;		/* terminal takes UTF-8 (arrows) */
	int json;		/* --format=json: one JSON object per command
				 * instead of the transcript */
	int columns;		/* the terminal's width, for wrapped notes;
				 * 0: not a terminal, nothing wraps */
	int netns;		/* --netns/--join: in a private namespace */
};

struct lesson_run;
struct cvars;
struct journal;
struct addr;
struct trace;

struct session {
	/* In order of creation, so ascending ids: session_sock() bisects. */
	struct sock *socks;
	struct sock_key *keys;	/* keys[i] for socks[i] */
	size_t nsocks, cap;
	unsigned int *port_head;	/* PORT_BUCKETS chains, or NULL */
	struct port_node *port_nodes;
	unsigned int nport_nodes, port_free;	/* free list: node + 1 */
	/* The newest last; at least the newest SESSION_GHOSTS / 2. */
	struct ghost ghosts[SESSION_GHOSTS];
	size_t nghosts;
	sock_id next_id;
	int nlfd;		/* netlink socket for diag; -1 until used */
	struct options opt;
	FILE *out;
	struct lesson_run *lesson;	/* the lesson in progress, if any */
	struct trace *trace;	/* the packet capture; NULL: trace off */
	int quit;
	int lineno;		/* the script line being run, for JSON; 0 */
	FILE *json_out;		/* where JSON goes while a line runs */
	/* The driver's history, for the history command: appends it,
	 * numbered, one entry a line. NULL: the driver keeps none. */
	void (*list_history)(struct sbuf *out);
	/* The C variables and #defines of C typed in this session (cexec.c
	 * makes them on first use, and sets the function that frees them). */
	struct cvars *cvars;
	void (*cvars_free)(struct cvars *v);
	/* The address a C struct sockaddr variable holds, for the
	 * commands' address arguments ("sockaddr serAddr", "bind lfd
	 * serAddr"): 0; -1 when name is no such variable, -2 when its
	 * family is not set. */
	int (*c_addr)(struct session *s, const char *name, struct addr *a);
	/* What export writes: the calls so far (export.c makes it). */
	struct journal *journal;
	void (*journal_free)(struct journal *j);
};

/* Set up an empty session writing to out with default options. */
void session_init(struct session *s, FILE *out);
/* Close every descriptor the session created, and free it. */
void session_free(struct session *s);

/* Register a new descriptor (from socket, accept, socketpair) and its
 * name (NULL or "" for none); a name already in use moves to it. Returns
 * the new socket's handle. Invalidates every struct sock pointer. */
sock_id session_add(struct session *s, int fd, const char *name,
		    int domain, int type, int protocol);
/* session_add for a descriptor socket() has just made: a plain TCP, UDP
 * or unix socket has no address yet, and the kernel need not be asked. */
sock_id session_add_new(struct session *s, int fd, const char *name,
			int domain, int type, int protocol);
/* The socket with handle id, or NULL once the session has forgotten it.
 * The pointer is valid until the table next changes. */
struct sock *session_sock(struct session *s, sock_id id);
/* The i-th socket in order of creation, or NULL past the end: for
 * iterating. Valid until the table next changes. */
struct sock *session_at(struct session *s, size_t i);
/* The open socket with descriptor fd, or NULL. */
struct sock *session_find_fd(struct session *s, int fd);
/* The socket (open, or closed but remembered) called name, or NULL. */
struct sock *session_find_name(struct session *s, const char *name);
/* Resolve an FD argument: a name or a number of an open socket. Returns
 * it, or NULL with a one-line reason in err (refusing 0, 1, 2, our own
 * netlink descriptor and anything not created here). */
struct sock *session_resolve(struct session *s, const char *word,
			     struct sbuf *err);
/* Mark the socket id closed: drop it if unnamed, else remember its
 * addresses. Invalidates every struct sock pointer. */
void session_closed(struct session *s, sock_id id);
/* Refresh sk's remembered addresses from the kernel. */
void session_refresh(struct session *s, struct sock *sk);
/* What the kernel last said of sk's ports (a socket in SYN-SENT has no
 * peer name, but the kernel knows where it connects): keys only. */
void session_key_ports(struct session *s, const struct sock *sk,
		       const struct sockaddr_storage *local, socklen_t llen,
		       const struct sockaddr_storage *peer, socklen_t plen);
/* The sockets with local (peer: 1) port port, one per call: *cursor
 * starts at 0; returns 0 after the last. */
sock_id session_port_next(const struct session *s, unsigned short port,
			  int peer, unsigned int *cursor);
/* The i-th socket's index in the table of the socket with handle id, or
 * -1. */
long session_index(const struct session *s, sock_id id);
/* Forget ghost i (nothing is left of it in the kernel). */
void session_ghost_drop(struct session *s, size_t i);
/* The key of the i-th socket in order of creation (session_at). */
const struct sock_key *session_key(const struct session *s, size_t i);
/* "lfd" or "3": how C code and messages should call the socket. */
const char *session_label(const struct sock *sk, char *buf, size_t n);
/* Move a descriptor of sockrepl's own (script file, --step's terminal,
 * netlink) to the highest free number below the descriptor limit, capped
 * at SESSION_PRIVATE_TOP, so that the learner's sockets get the numbers a
 * C program would (3, 4, ...) under any limit. Returns the new
 * descriptor, or fd itself when no free number lies above it; fd < 0 is
 * returned as is. */
#define SESSION_PRIVATE_TOP 4096
int session_high_fd(int fd);
/* The netlink descriptor, opened on first use (-1 if refused). */
int session_nlfd(struct session *s);

#endif
