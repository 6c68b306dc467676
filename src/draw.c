/* draw.c - the data of a picture: which sockets of a snapshot sit in a
 * listener's queues, and which two make one connection. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "draw.h"

/* TCP_NEW_SYN_RECV: a request sock, as a dump asked for it may call
 * it (the kernel's number, not in netinet/tcp.h). */
#define DRAW_NEW_SYN_RECV 12

int draw_is_request(int st)
{
	return st == TCP_SYN_RECV || st == DRAW_NEW_SYN_RECV;
}

const char *draw_group_name(enum draw_group g)
{
	static const char *const names[DRAW_NGROUPS] = {
		[DRAW_SYN_QUEUE] = "syn_queue",
		[DRAW_ACCEPT_QUEUE] = "accept_queue",
		[DRAW_ACCEPTED] = "accepted",
		[DRAW_DROPPED] = "dropped",
		[DRAW_LEFTOVER] = "left_over",
	};

	return g < DRAW_NGROUPS ? names[g] : NULL;
}

const char *draw_role_name(enum draw_role r)
{
	static const char *const names[] = {
		[DRAW_END] = "end", [DRAW_CLIENT] = "client",
		[DRAW_SERVER] = "server", [DRAW_LISTENING] = "listener",
	};

	return (size_t)r < ARRAY_SIZE(names) ? names[r] : NULL;
}

/* The inet address of sa, without the port: its bytes and their count. */
static const void *in_addr(const struct sockaddr_storage *sa, size_t *n)
{
	if (sa->ss_family == AF_INET) {
		*n = 4;
		return &((const struct sockaddr_in *)sa)->sin_addr;
	}
	*n = 16;
	return &((const struct sockaddr_in6 *)sa)->sin6_addr;
}

static int is_wildcard(const struct sockaddr_storage *sa)
{
	static const unsigned char zero[16];
	size_t n;
	const void *a = in_addr(sa, &n);

	return memcmp(a, zero, n) == 0;
}

/* 1 if a and b are the same inet address and port. */
static int same_inet(const struct sockaddr_storage *a, socklen_t alen,
		     const struct sockaddr_storage *b, socklen_t blen)
{
	size_t n, m;
	const void *x, *y;

	if (alen == 0 || blen == 0 || a->ss_family != b->ss_family ||
	    (a->ss_family != AF_INET && a->ss_family != AF_INET6) ||
	    addr_port((const void *)a) != addr_port((const void *)b))
		return 0;
	x = in_addr(a, &n);
	y = in_addr(b, &m);
	return memcmp(x, y, n) == 0;
}

/* 1 if sa (a connection's local address, or a client's peer) is an
 * address listener l takes connections on: its port, and its address
 * or any when l listens on the wildcard. */
static int on_port(const struct diag_sock *l, const struct sockaddr_storage *sa,
		   socklen_t len)
{
	size_t n, m;
	const void *x, *y;

	if (len == 0 || l->local_len == 0 || sa->ss_family != l->family ||
	    addr_port((const void *)sa) != addr_port((const void *)&l->local))
		return 0;
	if (is_wildcard(&l->local))
		return 1;
	x = in_addr(&l->local, &n);
	y = in_addr(sa, &m);
	return memcmp(x, y, n) == 0;
}

static int is_tcp(const struct state_row *r)
{
	return (r->d.family == AF_INET || r->d.family == AF_INET6) &&
	       r->d.protocol == IPPROTO_TCP;
}

static int is_listener(const struct state_row *r)
{
	return r->kind == STATE_OPEN && r->found && is_tcp(r) &&
	       r->d.state == TCP_LISTEN;
}

/* What the picture calls a row: its name, "fd N", or its peer address
 * (a kernel-side socket is told apart by the client it serves). */
static void row_label(const struct state_row *r, char *buf, size_t n)
{
	struct sbuf b = SBUF_INIT;

	if (r->name[0])
		snprintf(buf, n, "%s", r->name);
	else if (r->kind == STATE_OPEN)
		snprintf(buf, n, "fd %d", r->fd);
	else {
		addr_format(&b, (const void *)&r->d.peer, r->d.peer_len);
		snprintf(buf, n, "%s", sbuf_str(&b));
	}
	sbuf_free(&b);
}

/* The row of snap at the other end of r's connection, or NULL. */
static const struct state_row *other_end(const struct state_snap *snap,
					 const struct state_row *r)
{
	size_t i;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *p = &snap->rows[i];

		if (p != r && is_tcp(p) &&
		    same_inet(&p->d.local, p->d.local_len, &r->d.peer,
			      r->d.peer_len) &&
		    same_inet(&p->d.peer, p->d.peer_len, &r->d.local,
			      r->d.local_len))
			return p;
	}
	return NULL;
}

/* How long ago a connection's handshake completed, from TCP_INFO: the
 * kernel stamps the last receive when it makes the socket, so while no
 * data has come that is its age. -1: unknown. */
static long age_of(const struct diag_sock *d)
{
	if (!d->has_tcpinfo || d->ti.bytes_received != 0)
		return -1;
	return (long)d->ti.last_data_recv_ms;
}

static void item_set(struct draw_item *it, const struct state_snap *snap,
		     const struct state_row *r)
{
	const struct state_row *p = other_end(snap, r);

	memset(it, 0, sizeof(*it));
	it->row = *r;
	row_label(r, it->label, sizeof(it->label));
	it->age_ms = age_of(&r->d);
	it->order = SIZE_MAX;
	if (p && p->kind != STATE_KERNEL) {
		row_label(p, it->peer, sizeof(it->peer));
		it->order = (size_t)(p - snap->rows);
	}
}

/* In the order the session made the clients (none known: last). */
static int by_order(const void *a, const void *b)
{
	const struct draw_item *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return 0;
}

/* Oldest first; the same tick of the kernel's clock, by order. */
static int by_age(const void *a, const void *b)
{
	const struct draw_item *x = a, *y = b;

	if (x->age_ms != y->age_ms)
		return x->age_ms > y->age_ms ? -1 : 1;
	return by_order(a, b);
}

/* A queue oldest first where the kernel told every age, else in the
 * order the session made the clients: one rule for the whole queue, as
 * qsort() needs a consistent order. */
static void sort_queues(struct draw *d)
{
	int g;
	size_t i, known;

	for (g = DRAW_SYN_QUEUE; g <= DRAW_ACCEPT_QUEUE; g++) {
		for (i = known = 0; i < d->n[g]; i++)
			known += d->items[g][i].age_ms >= 0;
		if (d->n[g] > 1)
			qsort(d->items[g], d->n[g], sizeof(*d->items[g]),
			      known == d->n[g] ? by_age : by_order);
	}
}

void draw_order_queue(struct draw *d, int nlfd)
{
	struct draw_item *q = d->items[DRAW_ACCEPT_QUEUE];
	struct diag_sock k;
	size_t i;

	if (d->kind != DRAW_LISTENER || d->n[DRAW_ACCEPT_QUEUE] > DRAW_AGE_MAX)
		return;
	for (i = 0; i < d->n[DRAW_ACCEPT_QUEUE]; i++)
		if (q[i].age_ms < 0 &&
		    diag_lookup_addr(nlfd, q[i].row.d.family, IPPROTO_TCP,
				     (const void *)&q[i].row.d.local,
				     (const void *)&q[i].row.d.peer,
				     DIAG_TCPINFO, &k) == 0 &&
		    k.inode == 0)
			q[i].age_ms = age_of(&k);
	sort_queues(d);
}

static void add_item(struct draw *d, enum draw_group g,
		     const struct state_snap *snap, const struct state_row *r)
{
	d->items[g] = xrealloc(d->items[g], (d->n[g] + 1) * sizeof(**d->items));
	item_set(&d->items[g][d->n[g]++], snap, r);
}

/* The group of row r around listener l, or -1 for none. */
static int group_of(const struct state_row *l, const char *owner,
		    const struct state_row *r)
{
	const struct diag_sock *d = &r->d;

	if (r == l || !is_tcp(r) || d->family != l->d.family)
		return -1;
	if (r->kind == STATE_KERNEL) {
		if (strcmp(r->owner, owner) != 0)
			return -1;
		if (draw_is_request(d->state))
			return DRAW_SYN_QUEUE;
		return r->in_queue ? DRAW_ACCEPT_QUEUE : DRAW_LEFTOVER;
	}
	if (r->found && d->state == TCP_SYN_SENT &&
	    on_port(&l->d, &d->peer, d->peer_len))
		return DRAW_DROPPED;
	if (!r->found || d->state == TCP_LISTEN || d->peer_len == 0 ||
	    !on_port(&l->d, &d->local, d->local_len))
		return -1;
	return r->kind == STATE_OPEN ? DRAW_ACCEPTED : DRAW_LEFTOVER;
}

static void build_listener(struct draw *d, const struct state_snap *snap,
			   const struct state_row *l)
{
	char owner[PARSE_NAME_MAX + 1];
	size_t i;
	int g;

	/* Kernel rows name their listener as state.c does: name, or fd. */
	if (l->name[0])
		snprintf(owner, sizeof(owner), "%s", l->name);
	else
		snprintf(owner, sizeof(owner), "%d", l->fd);
	for (i = 0; i < snap->n; i++)
		if ((g = group_of(l, owner, &snap->rows[i])) >= 0)
			add_item(d, (enum draw_group)g, snap, &snap->rows[i]);
}

/* 1 if r is the server end of its connection: on the port of one of
 * the session's listeners, or still in its queue. */
static int is_server(const struct state_snap *snap, const struct state_row *r)
{
	size_t i;

	if (r->kind == STATE_KERNEL)
		return 1;
	for (i = 0; i < snap->n; i++)
		if (is_listener(&snap->rows[i]) &&
		    on_port(&snap->rows[i].d, &r->d.local, r->d.local_len))
			return 1;
	return 0;
}

/* For a client in SYN-SENT: the session's listener it knocks at. */
static const struct state_row *knocked(const struct state_snap *snap,
				       const struct state_row *r)
{
	size_t i;

	if (!r->found || r->d.state != TCP_SYN_SENT)
		return NULL;
	for (i = 0; i < snap->n; i++)
		if (is_listener(&snap->rows[i]) &&
		    on_port(&snap->rows[i].d, &r->d.peer, r->d.peer_len))
			return &snap->rows[i];
	return NULL;
}

static void build_connection(struct draw *d, const struct state_snap *snap,
			     const struct state_row *r)
{
	const struct state_row *p = other_end(snap, r);
	int main_server = is_server(snap, r);

	if (p == NULL && (p = knocked(snap, r)) != NULL) {
		d->has_peer = 1;
		item_set(&d->peer, snap, p);
		d->main_role = DRAW_CLIENT;
		d->peer_role = DRAW_LISTENING;
		return;
	}
	if (p) {
		d->has_peer = 1;
		item_set(&d->peer, snap, p);
	}
	if (main_server) {
		d->main_role = DRAW_SERVER;
		d->peer_role = DRAW_CLIENT;
	} else if (p && is_server(snap, p)) {
		d->main_role = DRAW_CLIENT;
		d->peer_role = DRAW_SERVER;
	}
}

struct draw *draw_build(const struct state_snap *snap,
			const struct state_row *r)
{
	struct draw *d;

	if (!is_tcp(r))
		return NULL;
	d = xcalloc(1, sizeof(*d));
	item_set(&d->main, snap, r);
	if (is_listener(r)) {
		d->kind = DRAW_LISTENER;
		d->main_role = DRAW_LISTENING;
		build_listener(d, snap, r);
		sort_queues(d);
	} else {
		d->kind = DRAW_CONNECTION;
		build_connection(d, snap, r);
	}
	return d;
}

void draw_free(struct draw *d)
{
	int g;

	if (d == NULL)
		return;
	for (g = 0; g < DRAW_NGROUPS; g++)
		free(d->items[g]);
	free(d);
}
