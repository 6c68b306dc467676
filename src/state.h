/* state.h - the kernel's view of the session's sockets around a command:
 * snapshots before and after, and the transition lines between them. */
#ifndef SOCKREPL_STATE_H
#define SOCKREPL_STATE_H

#include <sys/types.h>

#include "diag.h"
#include "record.h"
#include "session.h"

enum state_kind {
	STATE_OPEN,		/* a descriptor of the session */
	STATE_CLOSED,		/* a closed name: what became of it */
	STATE_KERNEL,		/* no descriptor: in a listener's accept
				 * queue, or left over after a close */
};

/* One socket in a snapshot. */
struct state_row {
	enum state_kind kind;
	sock_id id;		/* the session socket; 0 for STATE_KERNEL */
	sock_id owner_id;	/* STATE_KERNEL: its listener's */
	int fd;			/* STATE_OPEN: the descriptor, else -1 */
	char name[PARSE_NAME_MAX + 1];	/* the session's name, "" for none */
	/* STATE_KERNEL: the listener whose port it is on, "lfd" or "3" */
	char owner[PARSE_NAME_MAX + 1];
	int found;		/* the kernel lists it */
	int in_queue;		/* STATE_KERNEL: waits for accept() */
	struct diag_sock d;	/* the kernel's view when found; else what
				 * the descriptor or the remembered addresses
				 * say, with state TCP_CLOSE */
};

struct state_snap {
	struct state_row *rows;
	size_t n, cap;
};

/* Snapshot every socket of the session (open, and closed names with
 * their remembered addresses) and the connections waiting in its
 * listeners' accept queues. Never NULL: without netlink, diag reads
 * /proc/net. */
struct state_snap *state_capture(struct session *s);
/* Append one line per socket whose state changed between before and
 * after, or that rec touched: "fd 3 lfd  CLOSED → LISTEN  0.0.0.0:8001
 * backlog 64". */
void state_report(struct session *s, const struct state_snap *before,
		  const struct state_snap *after, const struct record *rec,
		  struct sbuf *out);
/* An empty snapshot, and its end (NULL is none). */
struct state_snap *state_snap_new(void);
void state_snap_free(struct state_snap *snap);
/* A new row at the end of snap, zeroed, fd -1. */
struct state_row *state_add_row(struct state_snap *snap);
/* 1 if row a of after is one of the sockets state_report() speaks of
 * (new, changed, or touched by rec); *b is its row in before, or NULL. */
int state_row_involved(const struct state_snap *before,
		       const struct state_snap *after,
		       const struct record *rec, const struct state_row *a,
		       const struct state_row **b);
/*
 * The sockets a command may change, by handle, in ascending order: what
 * the snapshots around it look at (all: every socket of the session).
 * A command's own sockets (its arguments, the listener or receiver an
 * address names, the descriptors it created or touched) and their
 * partners in the session: the other end of a connection, a listener
 * that may hold it in its accept queue, the clients of a listener, the
 * session's other unix sockets.
 */
struct state_set {
	sock_id *ids;
	size_t n, cap;
	int all;
};

/* Around one command: the sockets watched and the first new handle. */
struct state_watch {
	struct state_set set;
	sock_id next_id;	/* s->next_id before the call */
};

/*
 * The snapshot before rec's call (its typed arguments are in), of the
 * sockets it may change; all: of every socket (sleep lets time pass).
 * A socket's row is the one the last snapshot took when that is less
 * than STATE_FRESH_MS old (nothing but a command that watched the socket
 * could have changed it since, and such a command refreshed it), else
 * the kernel is asked: in a replay, one command's "after" is the next
 * one's "before"; at a prompt a person's pause makes every row stale.
 */
#define STATE_FRESH_MS 10
struct state_snap *state_before(struct session *s, const struct record *rec,
				int all, struct state_watch *w);
/* The snapshot after the call: the watched sockets that remain, those it
 * created or touched, and their partners. Rows of before are added for
 * sockets first watched now. Frees w's set. */
struct state_snap *state_after(struct session *s, const struct record *rec,
			       struct state_watch *w,
			       struct state_snap *before);
/* A snapshot of one session socket (and its accept queue). */
struct state_snap *state_capture_sock(struct session *s,
				      const struct sock *sk);

/* state_capture() plus what is left on the listeners' ports of
 * connections the session no longer names (TIME-WAIT of an unnamed
 * accepted socket): one more kernel walk, for the state table. */
struct state_snap *state_capture_all(struct session *s);

/* The row of session socket sk (open, or a closed name), or NULL. */
const struct state_row *state_find(const struct state_snap *snap,
				   const struct sock *sk);
/* The state as shown: "LISTEN", "UNCONN"; "CLOSED" for a TCP socket or
 * closed name the kernel does not list. */
const char *state_row_state(const struct state_row *r);
/* The protocol column, as ss: "tcp", "tcp6", "udp", "udp6", "u_str",
 * "u_dgr", "u_seq". */
const char *state_row_proto(const struct state_row *r);
/* How the row is called in lines: "fd 3 lfd", "c (closed)",
 * "(lfd's accept queue)". */
void state_row_label(const struct state_row *r, struct sbuf *out);
/* Append the row's addresses: "127.0.0.1:8001", "a <-> b"; a unix peer
 * as the session socket it is in snap (may be NULL), else its inode. */
void state_row_addrs(const struct state_snap *snap, const struct state_row *r,
		     struct sbuf *out);
/* Append the unix peer of r: "fd 4 b", or "inode 1234". */
void state_unix_peer(const struct state_snap *snap, const struct state_row *r,
		     struct sbuf *out);
/* 1 if r is a TCP listener whose accept queue is known to be full
 * (Linux queues backlog + 1): new SYNs are dropped. */
int state_row_full(const struct state_row *r);
/* Append a listener's backlog: "backlog 8", or "backlog unknown" where
 * neither the kernel's view nor the session's listen() says it. */
void state_row_backlog(const struct state_row *r, struct sbuf *out);
/* Append a few plain words on what the row's state and queues mean;
 * snap (may be NULL) lets a SYN-SENT row name the full listener. */
void state_row_note(const struct state_snap *snap, const struct state_row *r,
		    struct sbuf *out);
/* Append what Send-Q (d->wqueue) of a connection holds unacknowledged:
 * "3 bytes not yet acknowledged"; after our FIN it counts the FIN as 1:
 * "the FIN is not yet acknowledged", "2 bytes and the FIN ...". */
void state_unacked(const struct diag_sock *d, struct sbuf *out);

/*
 * Snapshot the sockets behind descriptors fds[0 .. n - 1] of another
 * process pid (a program traced by --run: sockrepl may take copies of
 * its descriptors, pidfd_getfd), each row labelled by the program's
 * descriptor and name (NULL: none, else e.g. "1234:3"), plus the
 * connections waiting in its listeners' accept queues. A descriptor
 * that is not (or no longer) an open socket has no row. Never NULL.
 */
struct state_snap *state_capture_proc(struct session *s, pid_t pid,
				      const int *fds, size_t n,
				      const char *const *names);
/* 1 if descriptor fd of process pid is a socket; its inode in *ino. */
int state_proc_is_socket(pid_t pid, int fd, unsigned long *ino);

#endif
