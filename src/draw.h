/* draw.h - the data of a picture (draw, state FD --draw): a listener's
 * two queues and the connections in each, or the two ends of one
 * connection, taken from a state snapshot. show-draw.c draws it. */
#ifndef SOCKREPL_DRAW_H
#define SOCKREPL_DRAW_H

#include <stddef.h>

#include "state.h"

enum draw_kind {
	DRAW_LISTENER,		/* a TCP socket in LISTEN */
	DRAW_CONNECTION,	/* any other TCP socket: one connection */
};

/* The sockets around a listener, by where the kernel keeps them. */
enum draw_group {
	DRAW_SYN_QUEUE,		/* requests: SYN received, SYN-ACK sent */
	DRAW_ACCEPT_QUEUE,	/* handshake done, waiting for accept() */
	DRAW_ACCEPTED,		/* server ends accept() gave a descriptor */
	DRAW_DROPPED,		/* clients in SYN-SENT: their SYN dropped */
	DRAW_LEFTOVER,		/* what is left of ended connections */
	DRAW_NGROUPS
};

#define DRAW_LABEL_MAX 64	/* a name, "fd 12", or an address */

/* One socket in a picture, and what the picture calls it. */
struct draw_item {
	struct state_row row;
	char label[DRAW_LABEL_MAX];	/* "c1", "fd 5", "127.0.0.1:5678" */
	/* The other end of its connection: the session's client of a
	 * queued connection, "" when none is known. */
	char peer[DRAW_LABEL_MAX];
	/* For the order of a queue: how long ago the handshake completed
	 * (ms, -1 unknown), and the index of its client in the snapshot
	 * (the order the session made them; SIZE_MAX for none). */
	long age_ms;
	size_t order;
};

/* Which end of a connection an item is. */
enum draw_role { DRAW_END, DRAW_CLIENT, DRAW_SERVER, DRAW_LISTENING };

struct draw {
	enum draw_kind kind;
	struct draw_item main;		/* the listener, or this end */
	/* DRAW_LISTENER: the sockets of each group, in snapshot order. */
	struct draw_item *items[DRAW_NGROUPS];
	size_t n[DRAW_NGROUPS];
	/* DRAW_CONNECTION: the other end, when the session knows it (else
	 * only its address, in main's row); for a client in SYN-SENT, the
	 * session's listener it knocks at. */
	int has_peer;
	struct draw_item peer;
	enum draw_role main_role, peer_role;
};

/*
 * The picture of row r of snap (a state_capture_all() snapshot, which
 * holds the kernel-side sockets on the listeners' ports). Returns an
 * xmalloc'd picture (draw_free() it), or NULL when r is no TCP socket:
 * only TCP has queues and a handshake to draw.
 */
struct draw *draw_build(const struct state_snap *snap,
			const struct state_row *r);
void draw_free(struct draw *d);
/* Ask the kernel (netlink nlfd, TCP_INFO) how old each connection in
 * the accept queue of listener picture d is, and put the queue in the
 * order accept() takes it: oldest first. Without an answer, the order
 * the session made their clients stands. A few exact lookups, only for
 * a short queue (DRAW_AGE_MAX). */
#define DRAW_AGE_MAX 16
void draw_order_queue(struct draw *d, int nlfd);
/* The stable name of a group ("syn_queue", "accept_queue", "accepted",
 * "dropped", "left_over") and of a role ("client", ...), for JSON. */
const char *draw_group_name(enum draw_group g);
const char *draw_role_name(enum draw_role r);
/* 1 if st, a TCP state the kernel reports, is a request in the SYN
 * queue (SYN-RECV; TCP_NEW_SYN_RECV where a kernel says so). */
int draw_is_request(int st);

#endif
