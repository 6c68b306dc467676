/* state.c - snapshots of the session's sockets as the kernel sees them,
 * and the transition lines between two snapshots. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <time.h>

#include "addr.h"
#include "i18n.h"
#include "kernel.h"
#include "show.h"
#include "state.h"

/* The fewest columns a wrapped note keeps in its own column. */
#define NOTE_ROOM 20

/* The transport of a session socket: TCP, UDP, or 0 (unix, other). */
static int sock_proto(const struct sock *sk)
{
	if (sk->domain != AF_INET && sk->domain != AF_INET6)
		return 0;
	if (sk->type == SOCK_STREAM)
		return IPPROTO_TCP;
	if (sk->type == SOCK_DGRAM)
		return IPPROTO_UDP;
	return sk->protocol;
}

/* Snapshots freed, kept with their rows for the next ones: every command
 * makes two or three, and a row is half a kilobyte (its addresses), past
 * what malloc hands out cheaply. */
#define SNAP_POOL 4
#define SNAP_POOL_ROWS 16
static struct state_snap *snap_pool[SNAP_POOL];
static size_t snap_pooled;

struct state_snap *state_snap_new(void)
{
	if (snap_pooled > 0)
		return snap_pool[--snap_pooled];
	return xcalloc(1, sizeof(struct state_snap));
}

void state_snap_free(struct state_snap *snap)
{
	if (snap == NULL)
		return;
	if (snap_pooled < SNAP_POOL && snap->cap <= SNAP_POOL_ROWS) {
		snap->n = 0;
		snap_pool[snap_pooled++] = snap;
		return;
	}
	free(snap->rows);
	free(snap);
}

struct state_row *state_add_row(struct state_snap *snap)
{
	struct state_row *r;

	if (snap->n == snap->cap) {
		snap->cap = snap->cap ? 2 * snap->cap : 8;
		snap->rows = xrealloc(snap->rows,
				      snap->cap * sizeof(*snap->rows));
	}
	r = &snap->rows[snap->n++];
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	return r;
}

/* What the session remembers of sk, for a socket the kernel no longer
 * (or never) lists. */
static void remembered(const struct sock *sk, struct diag_sock *d)
{
	memset(d, 0, sizeof(*d));
	d->family = sk->domain;
	d->type = sk->type;
	d->protocol = sock_proto(sk);
	d->state = TCP_CLOSE;
	d->local = sk->local;
	d->local_len = sk->local_len;
	d->peer = sk->peer;
	d->peer_len = sk->peer_len;
}

/* The row of open socket sk from diag's answer d, rc (capture_socks). */
static void capture_open(int nl, const struct sock *sk, unsigned int flags,
			 const struct diag_sock *d, int rc,
			 struct state_row *r)
{
	struct diag_sock tw;
	int asked;

	r->kind = STATE_OPEN;
	r->fd = sk->fd;
	r->d = *d;
	r->found = rc >= 0;
	/* /proc/net has no backlog: the one listen() set is known here. */
	if (r->found && r->d.state == TCP_LISTEN && sk->listened &&
	    (r->d.unknown & DIAG_NO_BACKLOG)) {
		r->d.wqueue = sk->backlog;
		r->d.unknown &= ~DIAG_NO_BACKLOG;
	}
	if (r->found)
		return;
	asked = r->d.family != 0;	/* else the descriptor said nothing */
	if (!asked)
		remembered(sk, &r->d);
	r->d.state = TCP_CLOSE;
	if (r->d.peer_len == 0 && sk->peer_len) {
		r->d.peer = sk->peer;	/* the last peer it had */
		r->d.peer_len = sk->peer_len;
	}
	if (!asked && sock_proto(sk) == IPPROTO_TCP && sk->peer_len &&
	    addr_port((const void *)&sk->local) > 0 &&
	    diag_lookup_addr(nl, sk->domain, IPPROTO_TCP,
			     (const void *)&sk->local, (const void *)&sk->peer,
			     flags, &tw) == 0) {
		tw.inode = r->d.inode; /* still the descriptor's row */
		r->d = tw;
		r->found = 1;
	}
}

/*
 * Closed names that had nothing left in the kernel at the last snapshot.
 * What is left of a closed socket (FIN-WAIT, TIME-WAIT) only ever goes
 * away, so such a name needs no new lookup while it keeps its addresses;
 * a name given to a new socket is open, and out of the list.
 */
#define GONE_MAX 32
struct gone_name {
	const struct session *s;
	char name[PARSE_NAME_MAX + 1];
	struct sockaddr_storage local, peer;
	socklen_t local_len, peer_len;
};

struct gone_list {
	struct gone_name v[GONE_MAX];
	size_t n;
};

static struct gone_list gone;	/* as of the last snapshot */

static int gone_is(const struct gone_name *g, const struct session *s,
		   const struct sock *sk)
{
	return g->s == s && strcmp(g->name, sk->name) == 0 &&
	       g->local_len == sk->local_len && g->peer_len == sk->peer_len &&
	       memcmp(&g->local, &sk->local, sk->local_len) == 0 &&
	       memcmp(&g->peer, &sk->peer, sk->peer_len) == 0;
}

static int gone_known(const struct session *s, const struct sock *sk)
{
	size_t i;

	for (i = 0; i < gone.n; i++)
		if (gone_is(&gone.v[i], s, sk))
			return 1;
	return 0;
}

static void gone_add(struct gone_list *l, const struct session *s,
		     const struct sock *sk)
{
	struct gone_name *g;

	if (l->n == GONE_MAX)
		return;
	g = &l->v[l->n++];
	g->s = s;
	memcpy(g->name, sk->name, sizeof(g->name));
	g->local = sk->local;
	g->peer = sk->peer;
	g->local_len = sk->local_len;
	g->peer_len = sk->peer_len;
}

/* 1 if g's name has a row in snap: checked again by this snapshot. */
static int gone_watched(const struct gone_name *g, const struct session *s,
			const struct state_snap *snap)
{
	size_t i;

	for (i = 0; g->s == s && i < snap->n; i++)
		if (snap->rows[i].kind == STATE_CLOSED &&
		    strcmp(snap->rows[i].name, g->name) == 0)
			return 1;
	return 0;
}

/* A closed TCP name may live on in the kernel (FIN-WAIT, TIME-WAIT):
 * found by its four-tuple. UDP and unix sockets end with close(). 1 if
 * closed socket sk must be looked up; names known to have nothing left
 * go into next instead. */
static int closed_needs_lookup(const struct session *s, const struct sock *sk,
			       struct gone_list *next)
{
	if (sock_proto(sk) != IPPROTO_TCP || sk->local_len == 0 ||
	    sk->peer_len == 0 || addr_port((const void *)&sk->local) <= 0)
		return 0;
	if (gone_known(s, sk)) {
		gone_add(next, s, sk);
		return 0;
	}
	return 1;
}

/* The row of closed socket sk; rc and d: the lookup's answer if asked. */
static void capture_closed(const struct session *s, const struct sock *sk,
			   int asked, int rc, const struct diag_sock *d,
			   struct state_row *r, struct gone_list *next)
{
	r->kind = STATE_CLOSED;
	remembered(sk, &r->d);
	if (!asked)
		return;
	if (rc == 0) {
		r->d = *d;
		r->found = 1;
	} else if (rc == -1) {	/* nothing there (-2: not asked) */
		gone_add(next, s, sk);
	}
}

/* 1 if a row of snap is the kernel socket d. */
static int has_sock(const struct state_snap *snap, const struct diag_sock *d)
{
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->rows[i].found && diag_same_sock(&snap->rows[i].d, d))
			return 1;
	return 0;
}

/* 1 if a connection with local address child belongs to a listener on
 * lis (the same address, or the listener's is the wildcard). */
static int on_listener(const struct diag_sock *lis,
		       const struct sockaddr_storage *child)
{
	const void *a, *b;
	size_t n;

	if (lis->family == AF_INET) {
		a = &((const struct sockaddr_in *)&lis->local)->sin_addr;
		b = &((const struct sockaddr_in *)child)->sin_addr;
		n = 4;
	} else {
		a = &((const struct sockaddr_in6 *)&lis->local)->sin6_addr;
		b = &((const struct sockaddr_in6 *)child)->sin6_addr;
		n = 16;
	}
	return memcmp(a, b, n) == 0 ||
	       (lis->family == AF_INET ? memcmp(a, "\0\0\0\0", 4) == 0
		: IN6_IS_ADDR_UNSPECIFIED((const struct in6_addr *)a));
}

/* 1 if the two inet addresses are the same, ports included. */
static int same_inet(const struct sockaddr_storage *a,
		     const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family ||
	    addr_port((const void *)a) != addr_port((const void *)b))
		return 0;
	if (a->ss_family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			      &((const struct sockaddr_in *)b)->sin_addr,
			      4) == 0;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

/* 1 if row c of snap is a client of listener lis whose server end is not
 * a row of snap yet (not accepted): its child may wait in the queue. */
static int queued_client(const struct state_snap *snap,
			 const struct diag_sock *lis,
			 const struct state_row *c)
{
	size_t k;

	if (!c->found || c->kind == STATE_KERNEL ||
	    c->d.protocol != IPPROTO_TCP || c->d.family != lis->family ||
	    c->d.peer_len == 0 || c->d.state == TCP_LISTEN ||
	    addr_port((const void *)&c->d.peer) !=
		    addr_port((const void *)&lis->local) ||
	    !on_listener(lis, &c->d.peer))
		return 0;
	for (k = 0; k < snap->n; k++) {
		const struct state_row *a = &snap->rows[k];

		if (a->found && a->kind == STATE_OPEN &&
		    same_inet(&a->d.local, &c->d.peer) &&
		    same_inet(&a->d.peer, &c->d.local))
			return 0;
	}
	return 1;
}

/*
 * The server ends, not yet accepted, of the session's own clients of
 * listener lis, each found by an exact lookup of its four-tuple (the
 * client's, reversed) instead of a dump of the port. Returns their count
 * and an xmalloc'd array in *out, or -1 when they may not be all of the
 * accept queue (a client from elsewhere): then the caller dumps.
 */
/*
 * Lookups asked in the snapshot's one batch ahead of need: the server
 * end of each session client of a listener being captured (its
 * four-tuple reversed), in case the listener's accept queue holds it.
 */
struct prefetch {
	int ghost;		/* 1: a ghost's four-tuple (session.h) */
	sock_id id;		/* the client */
	struct sockaddr_storage local, peer;	/* the server end's */
	int rc;
	struct diag_sock d;
};

struct prefetches {
	struct prefetch *v;
	size_t n;
};

/* The server end of client row c, from the batch or else asked now. */
static int server_end(int nl, const struct prefetches *pf,
		      const struct state_row *c, struct diag_sock *d)
{
	size_t k;

	for (k = 0; pf && k < pf->n; k++) {
		const struct prefetch *p = &pf->v[k];

		if (!p->ghost && p->id == c->id &&
		    same_inet(&p->local, &c->d.peer) &&
		    same_inet(&p->peer, &c->d.local)) {
			if (p->rc < 0)
				return -1;
			*d = p->d;
			return 0;
		}
	}
	return diag_lookup_addr(nl, c->d.family, IPPROTO_TCP,
				(const void *)&c->d.peer,
				(const void *)&c->d.local, 0, d);
}

static int known_children(int nl, const struct state_snap *snap,
			  const struct diag_sock *lis,
			  const struct prefetches *pf, struct diag_sock **out)
{
	struct diag_sock *v = NULL, d;
	size_t i, n = 0;
	unsigned int full = 0;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *c = &snap->rows[i];

		if (!queued_client(snap, lis, c) ||
		    server_end(nl, pf, c, &d) < 0 ||
		    d.inode != 0 || !on_listener(lis, &d.local))
			continue;
		/* Full connections count in the listener's Recv-Q; a
		 * request (SYN-RECV) does not. */
		if (d.state == TCP_ESTABLISHED || d.state == TCP_CLOSE_WAIT)
			full++;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = d;
	}
	if (full < lis->rqueue) {
		free(v);
		return -1;
	}
	*out = v;
	return (int)n;
}

/*
 * The kernel-side sockets on listener i's port that no descriptor holds:
 * connections waiting in its accept queue and, with leftovers, what is
 * left of closed ones (TIME-WAIT of connections the session no longer
 * names). When the accept queue holds only connections from the
 * session's own clients, exact lookups find them; else one dump filtered
 * in the kernel to the port, without the walk over every listener on the
 * machine (DIAG_NO_LISTEN). A dump costs the kernel a walk of its whole
 * connection hash table, so the snapshots around each command skip it
 * while the accept queue is empty.
 */
/* Append to v[0 .. n - 1] what is left of the session's forgotten
 * connections on listener lis's port (the batch asked); the new count. */
static int add_ghosts(const struct prefetches *pf,
		      const struct diag_sock *lis, struct diag_sock **v, int n)
{
	size_t k;
	int j, dup;

	for (k = 0; pf && k < pf->n; k++) {
		const struct prefetch *p = &pf->v[k];

		if (!p->ghost || p->rc != 0 ||
		    addr_port((const void *)&p->local) !=
			    addr_port((const void *)&lis->local) ||
		    !on_listener(lis, &p->d.local))
			continue;
		for (j = 0, dup = 0; j < n && !dup; j++)
			dup = diag_same_sock(&(*v)[j], &p->d);
		if (dup)
			continue;
		*v = xrealloc(*v, (size_t)(n + 1) * sizeof(**v));
		(*v)[n++] = p->d;
	}
	return n;
}

static void capture_children(int nl, struct state_snap *snap, size_t i,
			     const char *label, int leftovers,
			     const struct prefetches *pf)
{
	struct diag_sock lis = snap->rows[i].d, *v;
	int n = -1, j;

	if (!leftovers && lis.rqueue == 0)
		return;
	if (nl >= 0)
		n = known_children(nl, snap, &lis, pf, &v);
	if (n >= 0 && leftovers)
		n = add_ghosts(pf, &lis, &v, n);
	if (n < 0)
		n = diag_list_port_states(nl, lis.family, IPPROTO_TCP,
					  (unsigned short)addr_port(
						  (void *)&lis.local),
					  0, DIAG_NO_LISTEN, &v);
	for (j = 0; j < n; j++) {
		struct state_row *r;

		int queued = v[j].state == TCP_ESTABLISHED ||
			     v[j].state == TCP_SYN_RECV ||
			     v[j].state == TCP_CLOSE_WAIT;

		if (v[j].inode != 0 || !on_listener(&lis, &v[j].local) ||
		    has_sock(snap, &v[j]) || (!queued && !leftovers))
			continue;
		r = state_add_row(snap);
		r->kind = STATE_KERNEL;
		r->owner_id = snap->rows[i].id;
		r->found = 1;
		r->d = v[j];
		r->in_queue = queued;
		snprintf(r->owner, sizeof(r->owner), "%s", label);
	}
	free(v);
}

static int accepted(const struct session *s, sock_id id,
		    unsigned short lport);

/* The server ends of the session's clients of listener sk (not those
 * it holds: accepted), into the batch q and pf. */
static void add_prefetch(struct session *s, const struct sock *sk,
			 struct diag_fd_query **q, struct diag_ident **id,
			 size_t *nq, struct prefetches *pf)
{
	const struct sock_key *k = session_key(s, (size_t)(sk - s->socks));
	unsigned int cur = 0;
	sock_id cid;

	while (k->lport && (cid = session_port_next(s, k->lport, 1, &cur))) {
		const struct sock *c = session_sock(s, cid);
		struct prefetch *p;

		if (c == NULL || c->fd < 0 || c->local_len == 0 ||
		    c->peer_len == 0 || sock_proto(c) != IPPROTO_TCP ||
		    c == sk || accepted(s, cid, k->lport))
			continue;
		*q = xrealloc(*q, (*nq + 1) * sizeof(**q));
		*id = xrealloc(*id, (*nq + 1) * sizeof(**id));
		pf->v = xrealloc(pf->v, (pf->n + 1) * sizeof(*pf->v));
		p = &pf->v[pf->n++];
		memset(p, 0, sizeof(*p));
		p->id = cid;
		p->local = c->peer;
		p->peer = c->local;
		(*nq)++;
	}
}

/* The four-tuples of the session's forgotten connections on the ports
 * of the selected listeners, into the batch (for the state table). */
static void add_ghost_queries(struct session *s, const size_t *sel,
			      size_t nsel, struct diag_fd_query **q,
			      struct diag_ident **id, size_t *nq,
			      struct prefetches *pf)
{
	size_t g, i;

	for (g = 0; g < s->nghosts; g++) {
		const struct ghost *gh = &s->ghosts[g];
		int port = addr_port((const void *)&gh->local), mine = 0;
		struct prefetch *p;

		for (i = 0; i < nsel && !mine; i++) {
			const struct sock *sk = &s->socks[sel[i]];

			mine = sk->fd >= 0 && sk->listened &&
			       sk->local_len &&
			       addr_port((const void *)&sk->local) == port;
		}
		if (!mine)
			continue;
		*q = xrealloc(*q, (*nq + 1) * sizeof(**q));
		*id = xrealloc(*id, (*nq + 1) * sizeof(**id));
		pf->v = xrealloc(pf->v, (pf->n + 1) * sizeof(*pf->v));
		p = &pf->v[pf->n++];
		memset(p, 0, sizeof(*p));
		p->ghost = 1;
		p->id = (sock_id)g;	/* the ghost's index */
		p->local = gh->local;
		p->peer = gh->peer;
		(*nq)++;
	}
}

/* Rows for the session's sockets at table indices sel[0 .. nsel - 1]
 * (ascending), open and closed names, in its order; closed names with
 * nothing left go into next. One batch asks the kernel for the open
 * sockets, the closed names' four-tuples and, ahead of need, the server
 * ends of the selected listeners' clients (answers in pf). */
static void capture_socks(struct session *s, int nl, unsigned int flags,
			  const size_t *sel, size_t nsel, int leftovers,
			  struct state_snap *snap, struct gone_list *next,
			  struct prefetches *pf)
{
	struct diag_fd_query *q = xmalloc((nsel + 1) * sizeof(*q));
	struct diag_ident *id = xmalloc((nsel + 1) * sizeof(*id));
	struct diag_sock *d;
	int *rc, *slot = xmalloc((nsel + 1) * sizeof(*slot));
	size_t i, k, nq = 0, npf0;

	/* The open sockets, each through the addresses the session
	 * remembers. A connection that ended while the descriptor stays
	 * open (both sides shut down) lives on in TIME-WAIT without the
	 * socket: with DIAG_LEFTOVER, diag finds it there. */
	for (i = 0; i < nsel; i++) {
		const struct sock *sk = &s->socks[sel[i]];

		slot[i] = -1;
		if (sk->fd < 0 && !closed_needs_lookup(s, sk, next))
			continue;
		slot[i] = (int)nq;
		q[nq].fd = sk->fd;
		/* Every call that changes an address reads it back
		 * (session_refresh): what the session has is current. */
		q[nq].current = sk->fd >= 0;
		q[nq].cookie = sk->fd >= 0 ? sk->cookie : 0;
		q[nq].local = sk->local_len ? (const void *)&sk->local : NULL;
		q[nq].peer = sk->peer_len ? (const void *)&sk->peer : NULL;
		id[nq] = sk->ident;
		id[nq].family = sk->domain;
		if (sk->fd < 0)
			id[nq].protocol = IPPROTO_TCP;
		nq++;
	}
	npf0 = nq;
	for (i = 0; nl >= 0 && i < nsel; i++) {
		const struct sock *sk = &s->socks[sel[i]];

		if (sk->fd >= 0 && sk->listened && sock_proto(sk) == IPPROTO_TCP)
			add_prefetch(s, sk, &q, &id, &nq, pf);
	}
	if (leftovers && nl >= 0)
		add_ghost_queries(s, sel, nsel, &q, &id, &nq, pf);
	for (k = 0; k < pf->n; k++) {
		q[npf0 + k].fd = -1;
		q[npf0 + k].current = 0;
		q[npf0 + k].cookie = 0;
		q[npf0 + k].local = (const void *)&pf->v[k].local;
		q[npf0 + k].peer = (const void *)&pf->v[k].peer;
		memset(&id[npf0 + k], 0, sizeof(id[0]));
		id[npf0 + k].family = pf->v[k].local.ss_family;
		id[npf0 + k].protocol = IPPROTO_TCP;
	}
	for (k = 0; k < nq; k++)
		q[k].ident = &id[k];
	d = xmalloc((nq + 1) * sizeof(*d));
	rc = xmalloc((nq + 1) * sizeof(*rc));
	diag_lookup_fds_at(nl, q, nq, flags | DIAG_LEFTOVER, d, rc);
	for (k = 0; k < pf->n; k++) {
		pf->v[k].rc = rc[npf0 + k];
		pf->v[k].d = d[npf0 + k];
	}
	for (i = 0; i < nsel; i++) {
		struct sock *sk = &s->socks[sel[i]];
		struct state_row *r = state_add_row(snap);
		int j = slot[i];

		if (sk->fd >= 0 && j >= 0 && rc[j] == 0 && d[j].cookie)
			sk->cookie = d[j].cookie;	/* the socket itself */
		r->id = sk->id;
		memcpy(r->name, sk->name, sizeof(r->name));
		if (sk->fd >= 0)
			capture_open(nl, sk, flags, &d[j], rc[j], r);
		else
			capture_closed(s, sk, j >= 0, j >= 0 ? rc[j] : -1,
				       j >= 0 ? &d[j] : NULL, r, next);
	}
	free(q);
	free(id);
	free(d);
	free(rc);
	free(slot);
}

/* The snapshot of the sockets at table indices sel (NULL: all), and
 * their listeners' accept queues; with leftovers, TIME-WAIT too. */
static struct state_snap *capture_sel(struct session *s, const size_t *sel,
				      size_t nsel, int leftovers)
{
	struct state_snap *snap = state_snap_new();
	int nl = session_nlfd(s);	/* -1: diag reads /proc/net */
	size_t i, nsess, *all = NULL;
	struct gone_list next;
	struct prefetches pf = { NULL, 0 };
	/* TCP_INFO only for the state table (state FD shows it). */
	unsigned int flags = leftovers ? DIAG_TCPINFO : 0;

	if (sel == NULL) {
		all = xmalloc((s->nsocks + 1) * sizeof(*all));
		for (i = 0; i < s->nsocks; i++)
			all[i] = i;
		sel = all;
		nsel = s->nsocks;
	}
	next.n = 0;
	diag_hold(1);
	capture_socks(s, nl, flags, sel, nsel, leftovers, snap, &next, &pf);
	free(all);
	/* Names checked now replace what was known of them; the others
	 * stay known as gone. */
	for (i = 0; i < gone.n && next.n < GONE_MAX; i++)
		if (!gone_watched(&gone.v[i], s, snap))
			next.v[next.n++] = gone.v[i];
	gone.n = next.n;
	memcpy(gone.v, next.v, next.n * sizeof(next.v[0]));
	nsess = snap->n;
	for (i = 0; i < nsess; i++) {
		const struct state_row *r = &snap->rows[i];
		char label[PARSE_NAME_MAX + 1];

		if (r->kind != STATE_OPEN || !r->found ||
		    r->d.state != TCP_LISTEN || r->d.protocol != IPPROTO_TCP)
			continue;
		if (r->name[0])
			snprintf(label, sizeof(label), "%s", r->name);
		else
			snprintf(label, sizeof(label), "%d", r->fd);
		capture_children(nl, snap, i, label, leftovers, &pf);
	}
	diag_hold(0);
	/* Ghosts with nothing left in the kernel are forgotten for good. */
	for (i = pf.n; i > 0; i--)
		if (pf.v[i - 1].ghost && pf.v[i - 1].rc == -1)
			session_ghost_drop(s, pf.v[i - 1].id);
	free(pf.v);
	return snap;
}

static struct state_snap *capture(struct session *s, int leftovers)
{
	return capture_sel(s, NULL, 0, leftovers);
}

/* ---- the sockets a command may change -------------------------------- */

/* What the last snapshot saw of one socket: its row and, for a
 * listener, its accept queue. One block, freed with the table entry. */
struct sock_cache {
	unsigned long long at;	/* CLOCK_MONOTONIC, ns */
	struct state_row row;
	size_t nkids;
	struct state_row kids[];
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

static int set_find(const struct state_set *set, sock_id id, size_t *at)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->ids[mid] == id) {
			*at = mid;
			return 1;
		}
		if (set->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

static void set_add(struct state_set *set, sock_id id)
{
	size_t at;

	if (id == 0 || set_find(set, id, &at))
		return;
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 8;
		set->ids = xrealloc(set->ids, set->cap * sizeof(*set->ids));
	}
	memmove(&set->ids[at + 1], &set->ids[at],
		(set->n - at) * sizeof(*set->ids));
	set->ids[at] = id;
	set->n++;
}

/* 1 if the session holds the server end, on port lport, of client id:
 * the client is no longer in that listener's accept queue, and nothing
 * the listener does changes it. */
static int accepted(const struct session *s, sock_id id, unsigned short lport)
{
	const struct sock_key *c, *z;
	unsigned int cur = 0;
	sock_id zid;
	long k = session_index(s, id);

	if (k < 0)
		return 0;
	c = session_key(s, (size_t)k);
	while (c->lport && (zid = session_port_next(s, c->lport, 1, &cur))) {
		k = session_index(s, zid);
		z = k < 0 ? NULL : session_key(s, (size_t)k);
		if (z && z->lport == lport && z->fd >= 0)
			return 1;
	}
	return 0;
}

/*
 * Add the partners of the i-th socket of the table, found by port in
 * the session's port index: the other end of its connection; a listener
 * (or unconnected receiver) on its peer's port while that other end is
 * not the session's (it may wait in the accept queue); for a listener or
 * unconnected socket, the clients of its port. A unix socket: every unix
 * socket of the session (a scan).
 */
static void add_partners(struct session *s, struct state_set *set, size_t i)
{
	const struct sock_key *x = session_key(s, i), *y;
	unsigned int cur = 0;
	sock_id id, lis = 0;
	int other_end = 0;
	size_t j;
	long k;

	if (x->domain == AF_UNIX) {
		for (j = 0; (y = session_key(s, j)) != NULL; j++)
			if (j != i && y->domain == AF_UNIX)
				set_add(set, s->socks[j].id);
		return;
	}
	while (x->pport && (id = session_port_next(s, x->pport, 0, &cur))) {
		if ((k = session_index(s, id)) < 0 || (size_t)k == i)
			continue;
		y = session_key(s, (size_t)k);
		if (y->pport == x->lport) {
			set_add(set, id);
			other_end = 1;
		} else if (y->pport == 0) {
			lis = id;
		}
	}
	if (lis && !other_end)
		set_add(set, lis);
	cur = 0;
	while (x->lport && !x->pport &&
	       (id = session_port_next(s, x->lport, 1, &cur)))
		if (!accepted(s, id, x->lport))
			set_add(set, id);
}

/* Close set over partners (one level: what a call on its sockets can
 * reach). */
static void add_all_partners(struct session *s, struct state_set *set)
{
	size_t k, n = set->n;
	sock_id *own = xmalloc((n + 1) * sizeof(*own));

	if (n)	/* an empty set may have no array: memcpy wants one */
		memcpy(own, set->ids, n * sizeof(*own));
	for (k = 0; k < n; k++) {
		const struct sock *sk = session_sock(s, own[k]);

		if (sk)
			add_partners(s, set, (size_t)(sk - s->socks));
	}
	free(own);
}

/* The socket a word names ("c", "5", "c:in" as poll takes it), or 0. */
static sock_id word_sock(struct session *s, const char *w, size_t len)
{
	char buf[PARSE_NAME_MAX + 1];
	const struct sock *sk;
	size_t n = strcspn(w, ":");
	long fd;

	if (n > len)
		n = len;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	sk = parse_long(buf, 0, 1L << 30, &fd) == 0
		     ? session_find_fd(s, (int)fd)
		     : session_find_name(s, buf);
	return sk ? sk->id : 0;
}

/* The receivers an address names: sockets with that local port and no
 * peer (a listener, an unconnected UDP socket); unix: every unix one. */
static void add_receivers(struct session *s, struct state_set *set,
			  const struct sockaddr_storage *ss)
{
	const struct sock_key *y;
	unsigned int cur = 0;
	sock_id id;
	size_t j;
	long k;

	if (ss->ss_family == AF_UNIX) {
		for (j = 0; (y = session_key(s, j)) != NULL; j++)
			if (y->domain == AF_UNIX)
				set_add(set, s->socks[j].id);
		return;
	}
	if (ss->ss_family != AF_INET && ss->ss_family != AF_INET6)
		return;
	while ((id = session_port_next(s, (unsigned short)addr_port(
						  (const void *)ss),
				       0, &cur)))
		if ((k = session_index(s, id)) >= 0 &&
		    session_key(s, (size_t)k)->pport == 0)
			set_add(set, id);
}

/* The sockets rec's typed arguments name. */
static void add_args(struct session *s, struct state_set *set,
		     const struct record *rec)
{
	int i, k;

	for (i = 0; i < rec->ntyped; i++) {
		const struct record_arg *a = &rec->typed[i];
		const struct sock *sk;

		if (a->fd >= 0) {
			sk = session_find_fd(s, a->fd);
			if (sk)
				set_add(set, sk->id);
		} else if (a->sock_name[0]) {
			sk = session_find_name(s, a->sock_name);
			if (sk)
				set_add(set, sk->id);
		}
		if (a->addr.len)
			add_receivers(s, set, &a->addr.ss);
		for (k = 0; k < a->nwords; k++)
			set_add(set, word_sock(s, a->words[k].s,
					       strlen(a->words[k].s)));
	}
}

/* The table indices of set's sockets, ascending; their count. */
static size_t set_indices(struct session *s, const struct state_set *set,
			  size_t *sel)
{
	size_t k, n = 0;

	for (k = 0; k < set->n; k++) {
		const struct sock *sk = session_sock(s, set->ids[k]);

		if (sk)
			sel[n++] = (size_t)(sk - s->socks);
	}
	return n;
}

/* Capture set's sockets (all: every one). */
static struct state_snap *capture_set(struct session *s,
				      const struct state_set *set)
{
	struct state_snap *snap;
	size_t *sel;

	if (set->all)
		return capture(s, 0);
	sel = xmalloc((set->n + 1) * sizeof(*sel));
	snap = capture_sel(s, sel, set_indices(s, set, sel), 0);
	free(sel);
	return snap;
}

/* Keep snap's rows as the sockets' last known state. */
static void remember(struct session *s, const struct state_snap *snap)
{
	unsigned long long at = now_ns();
	size_t i, k;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];
		struct sock *sk;
		struct sock_cache *c;
		size_t nkids = 0;

		if (r->kind == STATE_KERNEL || (sk = session_sock(s, r->id)) ==
							  NULL)
			continue;
		for (k = 0; k < snap->n; k++)
			nkids += snap->rows[k].kind == STATE_KERNEL &&
				 snap->rows[k].owner_id == r->id;
		if (r->found)
			session_key_ports(s, sk, &r->d.local, r->d.local_len,
					  &r->d.peer, r->d.peer_len);
		c = xrealloc(sk->cache,
			     sizeof(*c) + nkids * sizeof(c->kids[0]));
		c->at = at;
		c->row = *r;
		c->nkids = 0;
		for (k = 0; k < snap->n; k++)
			if (snap->rows[k].kind == STATE_KERNEL &&
			    snap->rows[k].owner_id == r->id)
				c->kids[c->nkids++] = snap->rows[k];
		sk->cache = c;
	}
}

/* 1 if the kernel will change row r by itself soon: a handshake or a
 * close under way, data not yet acknowledged. Never taken from the
 * cache: the ACK of a FIN may be processed just after the snapshot. */
static int unsettled(const struct state_row *r)
{
	const struct diag_sock *d = &r->d;

	if (!r->found || d->protocol != IPPROTO_TCP)
		return 0;
	switch (d->state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
	case TCP_FIN_WAIT1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		return 1;
	case TCP_LISTEN:
		return 0;
	default:
		return d->wqueue != 0;
	}
}

/* How long a row stays fresh: STATE_FRESH_MS, or SOCKREPL_FRESH_MS (a
 * test that counts system calls takes time out of the picture). */
static unsigned long long fresh_ns(void)
{
	static unsigned long long ns;

	if (ns == 0) {
		const char *e = getenv("SOCKREPL_FRESH_MS");
		long ms;

		ns = (e && parse_long(e, 1, 3600000, &ms) == 0
			      ? (unsigned long long)ms
			      : STATE_FRESH_MS) * 1000000ULL;
	}
	return ns;
}

/* The row of sk that the last snapshot took, if still fresh at now and
 * settled. */
static const struct sock_cache *fresh(const struct sock *sk,
				      unsigned long long now)
{
	const struct sock_cache *c = sk->cache;
	size_t k;

	if (c == NULL || now - c->at > fresh_ns() ||
	    unsettled(&c->row))
		return NULL;
	for (k = 0; k < c->nkids; k++)
		if (unsettled(&c->kids[k]))
			return NULL;
	if ((sk->fd < 0) != (c->row.kind == STATE_CLOSED) ||
	    (sk->fd >= 0 && c->row.fd != sk->fd))
		return NULL;
	return c;
}

/* Append sk's remembered row (named as now) to snap. */
static void add_cached(struct state_snap *snap, const struct sock *sk,
		       const struct sock_cache *c)
{
	struct state_row *r = state_add_row(snap);

	*r = c->row;
	memcpy(r->name, sk->name, sizeof(r->name));
}

/* The snapshot of set from what the last snapshots remember, or NULL
 * when a row is missing or stale. */
static struct state_snap *from_cache(struct session *s,
				     const struct state_set *set)
{
	unsigned long long now = now_ns();
	struct state_snap *snap;
	size_t k, j;

	if (set->all)
		return NULL;
	for (k = 0; k < set->n; k++) {
		const struct sock *sk = session_sock(s, set->ids[k]);

		if (sk && !fresh(sk, now))
			return NULL;
	}
	snap = state_snap_new();
	for (k = 0; k < set->n; k++) {
		const struct sock *sk = session_sock(s, set->ids[k]);

		if (sk)
			add_cached(snap, sk, sk->cache);
	}
	for (k = 0; k < set->n; k++) {
		const struct sock *sk = session_sock(s, set->ids[k]);

		for (j = 0; sk && j < sk->cache->nkids; j++)
			*state_add_row(snap) = sk->cache->kids[j];
	}
	return snap;
}

struct state_snap *state_before(struct session *s, const struct record *rec,
				int all, struct state_watch *w)
{
	struct state_snap *snap;

	memset(w, 0, sizeof(*w));
	w->next_id = s->next_id;
	w->set.all = all;
	if (!all) {
		add_args(s, &w->set, rec);
		add_all_partners(s, &w->set);
	}
	snap = from_cache(s, &w->set);
	if (snap == NULL) {
		snap = capture_set(s, &w->set);
		remember(s, snap);
	}
	return snap;
}

/* 1 if snap has a row for session socket id. */
static int has_id(const struct state_snap *snap, sock_id id)
{
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->rows[i].kind != STATE_KERNEL &&
		    snap->rows[i].id == id)
			return 1;
	return 0;
}

struct state_snap *state_after(struct session *s, const struct record *rec,
			       struct state_watch *w,
			       struct state_snap *before)
{
	struct state_set *set = &w->set;
	struct state_snap *after;
	unsigned long long now = now_ns();
	size_t i;
	int k;

	if (!set->all) {
		/* What it created (at the end of the table), and what it
		 * touched. */
		for (i = s->nsocks; i > 0 && s->socks[i - 1].id > w->next_id;
		     i--)
			set_add(set, s->socks[i - 1].id);
		for (k = 0; k < rec->nfds; k++) {
			const struct sock *sk = session_find_fd(s, rec->fds[k]);

			if (sk)
				set_add(set, sk->id);
		}
		add_all_partners(s, set);
	}
	after = capture_set(s, set);
	/* Sockets first watched after the call: as last seen if that is
	 * fresh, else as now (nothing to compare with). */
	for (i = 0; before && i < after->n; i++) {
		const struct state_row *a = &after->rows[i];
		const struct sock *sk;
		const struct sock_cache *c;

		if (a->kind == STATE_KERNEL || a->id > w->next_id ||
		    has_id(before, a->id) ||
		    (sk = session_sock(s, a->id)) == NULL)
			continue;
		c = fresh(sk, now);
		if (c)
			add_cached(before, sk, c);
		else
			*state_add_row(before) = *a;
	}
	remember(s, after);
	free(set->ids);
	memset(set, 0, sizeof(*set));
	return after;
}

struct state_snap *state_capture_sock(struct session *s,
				      const struct sock *sk)
{
	size_t i = (size_t)(sk - s->socks);
	struct state_snap *snap = capture_sel(s, &i, 1, 0);

	remember(s, snap);
	return snap;
}

struct state_snap *state_capture(struct session *s)
{
	return capture(s, 0);
}

struct state_snap *state_capture_all(struct session *s)
{
	return capture(s, 1);
}

const struct state_row *state_find(const struct state_snap *snap,
				   const struct sock *sk)
{
	size_t i;

	for (i = 0; snap && i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];

		if (sk->fd >= 0 ? r->kind == STATE_OPEN && r->fd == sk->fd
				: r->kind == STATE_CLOSED && sk->name[0] &&
					  strcmp(r->name, sk->name) == 0)
			return r;
	}
	return NULL;
}

/* ---- words ------------------------------------------------------------- */

/* 1 if kernel row r is a connection request (SYN-RECV): in the SYN
 * queue, not the accept queue. */
static int row_request(const struct state_row *r)
{
	return r->found &&
	       (r->d.state == TCP_SYN_RECV || r->d.state == 12 /* NEW_SYN_RECV */);
}

const char *state_row_state(const struct state_row *r)
{
	if (!r->found && (r->kind == STATE_CLOSED ||
			  r->d.protocol == IPPROTO_TCP))
		return "CLOSED";
	return diag_state_name(r->d.protocol, r->d.state);
}

const char *state_row_proto(const struct state_row *r)
{
	int v6 = r->d.family == AF_INET6;

	switch (r->d.family == AF_UNIX ? -r->d.type : r->d.protocol) {
	case IPPROTO_TCP:
		return v6 ? "tcp6" : "tcp";
	case IPPROTO_UDP:
		return v6 ? "udp6" : "udp";
	case -SOCK_STREAM:
		return "u_str";
	case -SOCK_DGRAM:
		return "u_dgr";
	case -SOCK_SEQPACKET:
		return "u_seq";
	}
	return "?";
}

/* "fd 4 c", or "fd 4" for an unnamed socket. */
static void fd_label(int fd, const char *name, struct sbuf *out)
{
	sbuf_add(out, "fd ");
	sbuf_addnum(out, fd);
	if (name[0]) {
		sbuf_addc(out, ' ');
		sbuf_add(out, name);
	}
}

void state_row_label(const struct state_row *r, struct sbuf *out)
{
	switch (r->kind) {
	case STATE_OPEN:
		fd_label(r->fd, r->name, out);
		break;
	case STATE_CLOSED:
		sbuf_addf(out, _("%s (closed)"), r->name);
		break;
	case STATE_KERNEL:
		if (r->in_queue && row_request(r))
			sbuf_addf(out, _("(%s's SYN queue)"), r->owner);
		else if (r->in_queue)
			sbuf_addf(out, _("(%s's accept queue)"), r->owner);
		else
			sbuf_addf(out, _("(no fd, port of %s)"), r->owner);
		break;
	}
}

/* An address, or "*" when there is none yet. */
static void one_addr(const struct diag_sock *d, const struct sockaddr *sa,
		     socklen_t len, struct sbuf *out)
{
	if (len == 0 || (d->family != AF_UNIX && addr_port(sa) <= 0)) {
		sbuf_add(out, "*");
		return;
	}
	addr_format(out, sa, len);
}

void state_unix_peer(const struct state_snap *snap, const struct state_row *r,
		     struct sbuf *out)
{
	size_t i;

	for (i = 0; snap && i < snap->n; i++) {
		const struct state_row *p = &snap->rows[i];

		if (p->kind == STATE_OPEN &&
		    p->d.inode == r->d.unix_peer_inode) {
			state_row_label(p, out);
			return;
		}
	}
	sbuf_addf(out, "inode %lu", r->d.unix_peer_inode);
}

void state_row_addrs(const struct state_snap *snap, const struct state_row *r,
		     struct sbuf *out)
{
	const struct diag_sock *d = &r->d;

	one_addr(d, (const void *)&d->local, d->local_len, out);
	if (d->family == AF_UNIX && d->unix_peer_inode) {
		sbuf_add(out, " <-> ");
		state_unix_peer(snap, r, out);
	} else if (d->peer_len) {
		sbuf_add(out, " <-> ");
		one_addr(d, (const void *)&d->peer, d->peer_len, out);
	}
}

int state_row_full(const struct state_row *r)
{
	const struct diag_sock *d = &r->d;

	return r->found && d->state == TCP_LISTEN &&
	       d->protocol == IPPROTO_TCP &&
	       !(d->unknown & (DIAG_NO_BACKLOG | DIAG_NO_ACCEPTQ)) &&
	       d->rqueue > d->wqueue;
}

void state_row_backlog(const struct state_row *r, struct sbuf *out)
{
	if (r->d.unknown & DIAG_NO_BACKLOG)
		sbuf_add(out, _("backlog unknown"));
	else
		sbuf_addf(out, _("backlog %u"), r->d.wqueue);
}

/* For a SYN-SENT row: the session's listener it is knocking at when
 * that listener's accept queue is full (the kernel drops the SYN). */
static const struct state_row *full_listener(const struct state_snap *snap,
					     const struct state_row *r)
{
	size_t i;

	if (snap == NULL || !r->found || r->d.state != TCP_SYN_SENT ||
	    r->d.peer_len == 0)
		return NULL;
	for (i = 0; i < snap->n; i++) {
		const struct state_row *l = &snap->rows[i];

		if (l->kind == STATE_OPEN && state_row_full(l) &&
		    addr_port((const void *)&l->d.local) ==
			    addr_port((const void *)&r->d.peer))
			return l;
	}
	return NULL;
}

/* Append why a SYN-SENT row waits, when it is a full accept queue. */
static void full_note(const struct state_snap *snap,
		      const struct state_row *r, struct sbuf *out)
{
	const struct state_row *l = full_listener(snap, r);
	char buf[24], when[256];

	if (l == NULL)
		return;
	if (!l->name[0])
		snprintf(buf, sizeof(buf), "%d", l->fd);
	/* The retry times depend on the kernel (tcp_syn_linear_timeouts
	 * since 6.5): computed from its sysctls, never a fixed list. */
	kernel_syn_words(r->fd, when, sizeof(when));
	sbuf_addf(out, _(": %s's accept queue is full (%u = backlog + 1), so the kernel dropped the SYN; this kernel sends it again %s, unless accept() makes room first"),
		  l->name[0] ? l->name : buf, l->d.rqueue, when);
}

void state_unacked(const struct diag_sock *d, struct sbuf *out)
{
	unsigned int n = d->wqueue;
	/* Once our FIN is queued it takes a sequence number of its own, so
	 * the kernel's count (write_seq - snd_una) includes it as 1. */
	int fin = d->protocol == IPPROTO_TCP &&
		  (d->state == TCP_FIN_WAIT1 || d->state == TCP_CLOSING ||
		   d->state == TCP_LAST_ACK);

	if (fin && n == 1)
		sbuf_add(out, _("the FIN is not yet acknowledged"));
	else if (fin && n > 1)
		sbuf_addf(out,
			  ngettext("%u byte and the FIN not yet acknowledged",
				   "%u bytes and the FIN not yet acknowledged",
				   n - 1),
			  n - 1);
	else
		sbuf_addf(out, ngettext("%u byte not yet acknowledged",
					"%u bytes not yet acknowledged", n),
			  n);
}

/* Drop a separator left at the end of a note (the closed descriptor's
 * note with nothing after it); translated, it may be "；". */
static void strip_sep(struct sbuf *out, size_t start)
{
	const char *sep = _("; ");
	size_t n = strlen(sep);

	if (out->len >= start + n && out->len >= n &&
	    strcmp(out->s + out->len - n, sep) == 0)
		out->s[out->len -= n] = '\0';
}

void state_row_note(const struct state_snap *snap, const struct state_row *r,
		    struct sbuf *out)
{
	const struct diag_sock *d = &r->d;
	size_t start = out->len;

	if (r->kind == STATE_KERNEL && r->in_queue && row_request(r)) {
		sbuf_addf(out, _("handshake not finished (the client's last ACK has not come): in %s's SYN queue, not yet one accept() can take"),
			  r->owner);
		return;
	}
	if (r->kind == STATE_KERNEL && r->in_queue) {
		sbuf_addf(out, _("handshake done, no descriptor yet: accept(%s) only takes it out of the queue"),
			  r->owner);
		return;
	}
	if (r->kind == STATE_CLOSED && !r->found) {
		sbuf_add(out, _("descriptor closed; nothing left in the kernel"));
		return;
	}
	if (r->kind == STATE_CLOSED)
		sbuf_add(out, _("descriptor closed, the kernel carries on; "));
	switch (r->found ? d->state : -1) {
	case TCP_LISTEN:
		if (d->unknown & DIAG_NO_ACCEPTQ)
			sbuf_add(out, _("Recv-Q: accept queue unknown without netlink"));
		else
			sbuf_addf(out, _("Recv-Q: %u waiting for accept()"),
				  d->rqueue);
		sbuf_add(out, _("; Send-Q: "));
		state_row_backlog(r, out);
		if (d->unknown & DIAG_NO_BACKLOG)
			sbuf_add(out, _(" without netlink"));
		if (state_row_full(r))
			sbuf_add(out, _(" (full: new SYNs are dropped)"));
		break;
	case TCP_TIME_WAIT:
		sbuf_addf(out, _("closed first: kept %u s more so late segments die out"),
			  (d->expires_ms + 999) / 1000);
		break;
	case TCP_CLOSE_WAIT:
		sbuf_add(out, _("the peer closed: read what is left, then close()"));
		if (d->rqueue)
			sbuf_add(out, _(" (Recv-Q counts its FIN as 1)"));
		break;
	case TCP_SYN_SENT:
		sbuf_add(out, _("SYN sent, no answer yet"));
		if (d->retrans)
			sbuf_addf(out, _(" (%u retries)"), d->retrans);
		full_note(snap, r, out);
		break;
	case TCP_FIN_WAIT2:
		sbuf_add(out, _("our FIN was acknowledged; waiting for the peer's"));
		break;
	case TCP_CLOSE:
		if (d->protocol == IPPROTO_UDP && d->local_len &&
		    addr_port((const void *)&d->local) > 0)
			sbuf_add(out, _("bound, not connected: datagrams from anyone"));
		else if (d->family != AF_UNIX && r->found == 0 &&
			 d->local_len && addr_port((const void *)&d->local) > 0)
			sbuf_add(out, _("bound, not listening or connected"));
		else if (d->family != AF_UNIX)
			sbuf_add(out, _("no address yet"));
		break;
	default:
		if (d->rqueue)
			sbuf_addf(out, _("%u bytes not read yet"), d->rqueue);
		if (d->wqueue) {
			if (d->rqueue)
				sbuf_add(out, _("; "));
			state_unacked(d, out);
		}
	}
	strip_sep(out, start);
}

/* ---- transitions ------------------------------------------------------- */

static int touched(const struct record *rec, int fd)
{
	int i;

	for (i = 0; rec && fd >= 0 && i < rec->nfds; i++)
		if (rec->fds[i] == fd)
			return 1;
	return 0;
}

static int open_inode_in(const struct state_snap *snap, unsigned long ino)
{
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->rows[i].kind == STATE_OPEN &&
		    snap->rows[i].d.inode == ino)
			return 1;
	return 0;
}

/* The row of before that a is the continuation of, or NULL (new). */
static const struct state_row *match(const struct state_snap *before,
				     const struct state_snap *after,
				     const struct state_row *a)
{
	size_t i;

	for (i = 0; i < before->n; i++) {
		const struct state_row *b = &before->rows[i];

		switch (a->kind) {
		case STATE_OPEN:
			if (b->kind == STATE_OPEN && b->d.inode == a->d.inode)
				return b;
			break;
		case STATE_CLOSED:
			/* The same name, and not a socket still open. */
			if (strcmp(b->name, a->name) == 0 &&
			    (b->kind == STATE_CLOSED ||
			     (b->kind == STATE_OPEN &&
			      !open_inode_in(after, b->d.inode))))
				return b;
			break;
		case STATE_KERNEL:
			if (b->kind == STATE_KERNEL &&
			    diag_same_sock(&b->d, &a->d))
				return b;
			break;
		}
	}
	return NULL;
}

/* A connection that left the accept queue: accept() gave it a fd. */
static const struct state_row *from_queue(const struct state_snap *before,
					  const struct state_row *a)
{
	size_t i;

	for (i = 0; a->found && i < before->n; i++)
		if (before->rows[i].kind == STATE_KERNEL &&
		    diag_same_sock(&before->rows[i].d, &a->d))
			return &before->rows[i];
	return NULL;
}

static int same_addr(const struct sockaddr_storage *x, socklen_t xl,
		     const struct sockaddr_storage *y, socklen_t yl)
{
	return xl == yl && memcmp(x, y, xl) == 0;
}

static int row_changed(const struct state_row *b, const struct state_row *a)
{
	return strcmp(state_row_state(b), state_row_state(a)) != 0 ||
	       b->d.rqueue != a->d.rqueue ||
	       (a->d.state != TCP_LISTEN && b->d.wqueue != a->d.wqueue) ||
	       !same_addr(&b->d.local, b->d.local_len, &a->d.local,
			  a->d.local_len) ||
	       !same_addr(&b->d.peer, b->d.peer_len, &a->d.peer,
			  a->d.peer_len);
}

/* Queue figures for a line: "backlog 2, accept queue 0 → 1". */
/* For datagrams (and a unix socket's Send-Q) the kernel reports the
 * memory its buffers take, as ss shows it, not the bytes of data. */
#define MEMORY_NOTE _(" (kernel memory, not bytes)")

/* "  Recv-Q 0 → 6" (arrow given), or "  Recv-Q 6". */
static void queue_change(struct sbuf *out, const char *what, unsigned int was,
			 const char *arrow, unsigned int now)
{
	sbuf_add(out, what);
	sbuf_addnum(out, (long)was);
	if (arrow) {
		sbuf_addc(out, ' ');
		sbuf_add(out, arrow);
		sbuf_addc(out, ' ');
		sbuf_addnum(out, (long)now);
	}
}

static void line_queues(struct session *s, const struct state_row *b,
			const struct state_row *a, struct sbuf *out)
{
	const struct diag_sock *d = &a->d;
	const char *arrow = show_arrow(s);

	if (!a->found)
		return;
	if (d->state == TCP_LISTEN) {
		sbuf_add(out, "  ");
		state_row_backlog(a, out);
		if (d->unknown & DIAG_NO_ACCEPTQ)
			return;
		if (b && b->found && b->d.state == TCP_LISTEN &&
		    b->d.rqueue != d->rqueue)
			sbuf_addf(out, _(", accept queue %u %s %u"), b->d.rqueue,
				  arrow, d->rqueue);
		else if (d->rqueue)
			sbuf_addf(out, _(", accept queue %u"), d->rqueue);
		if (state_row_full(a))
			sbuf_add(out, _(" (full)"));
		return;
	}
	if (b && b->found && b->d.rqueue != d->rqueue)
		queue_change(out, "  Recv-Q ", b->d.rqueue, arrow, d->rqueue);
	else if (d->rqueue)
		queue_change(out, "  Recv-Q ", d->rqueue, NULL, 0);
	if (d->rqueue && d->protocol == IPPROTO_UDP)
		sbuf_add(out, MEMORY_NOTE);
	if (b && b->found && b->d.wqueue != d->wqueue)
		queue_change(out, "  Send-Q ", b->d.wqueue, arrow, d->wqueue);
	else if (d->wqueue)
		queue_change(out, "  Send-Q ", d->wqueue, NULL, 0);
	if (d->wqueue && (d->protocol == IPPROTO_UDP || d->family == AF_UNIX))
		sbuf_add(out, MEMORY_NOTE);
}

/* The note after a transition line begun at start: under its column when
 * the terminal's width is known, or under the line's label when that
 * column leaves too little room. */
static void note_wrap(const struct session *s, struct sbuf *out,
		      size_t start, const char *note)
{
	size_t width = s->opt.columns > 0 ? (size_t)s->opt.columns : 0;
	size_t col, indent;

	if (width == 0) {	/* not a terminal: lines are not wrapped */
		sbuf_add(out, note);
		return;
	}
	col = i18n_width(out->s + start);
	indent = col + 2 + NOTE_ROOM <= width ? col + 2 : 4;
	i18n_wrap(out, note, col, indent, width);
}

/* One transition line; b is NULL for a socket new in this command. */
static void line(struct session *s, const struct state_snap *after,
		 const struct state_row *b, const struct state_row *a,
		 const struct state_row *queued, struct sbuf *out)
{
	const char *was = b ? state_row_state(b) : NULL;
	const char *now = state_row_state(a);
	size_t start = out->len;
	struct sbuf note = SBUF_INIT;

	sbuf_add(out, "  ");
	if (a->kind == STATE_CLOSED && b && b->kind == STATE_OPEN)
		fd_label(b->fd, a->name, out);
	else
		state_row_label(a, out);
	sbuf_add(out, "  ");
	if (was && strcmp(was, now) != 0) {
		sbuf_add(out, was);	/* "CLOSED → LISTEN" */
		sbuf_addc(out, ' ');
		sbuf_add(out, show_arrow(s));
		sbuf_addc(out, ' ');
	}
	sbuf_add(out, now);
	sbuf_add(out, "  ");
	state_row_addrs(after, a, out);
	line_queues(s, b, a, out);
	if (queued)
		sbuf_addf(&note, _("  (taken out of %s's accept queue)"),
			  queued->owner);
	else if (a->kind == STATE_KERNEL && a->in_queue && !b &&
		 row_request(a))
		sbuf_addf(&note, _("  waits in %s's SYN queue: the handshake is not finished"),
			  a->owner);
	else if (a->kind == STATE_KERNEL && a->in_queue && !b)
		sbuf_addf(&note,
			  _("  waits in %s's accept queue: no fd until accept()"),
			  a->owner);
	else if (a->kind == STATE_CLOSED && a->found && b &&
		 b->kind == STATE_OPEN)
		sbuf_add(&note, _("  (the kernel carries on without a descriptor)"));
	else if (a->found && a->d.state == TCP_TIME_WAIT &&
		 (!b || b->d.state != TCP_TIME_WAIT))
		sbuf_add(&note, _("  (kept about 60 s)"));
	else if (!b && a->kind == STATE_OPEN)
		sbuf_add(&note, _("  (new)"));
	note_wrap(s, out, start, sbuf_str(&note));
	sbuf_free(&note);
	if (full_listener(after, a) && (!b || b->d.state != TCP_SYN_SENT)) {
		sbuf_add(out, "\n    SYN-SENT");
		full_note(after, a, out);
	}
	sbuf_addc(out, '\n');
}

/* A kernel-only socket of before that is gone: reset, accepted (then
 * shown as its new descriptor), or its TIME-WAIT is over. */
static void gone_lines(struct session *s, const struct state_snap *before,
		       const struct state_snap *after, struct sbuf *out)
{
	size_t i, j;

	for (i = 0; i < before->n; i++) {
		const struct state_row *b = &before->rows[i];
		int seen = 0;

		if (b->kind != STATE_KERNEL)
			continue;
		for (j = 0; j < after->n && !seen; j++)
			seen = after->rows[j].found &&
			       diag_same_sock(&after->rows[j].d, &b->d);
		if (seen)
			continue;
		sbuf_add(out, "  ");
		state_row_label(b, out);
		sbuf_addf(out, "  %s %s CLOSED  ", state_row_state(b),
			  show_arrow(s));
		state_row_addrs(before, b, out);
		sbuf_addc(out, '\n');
	}
}

/* 1 if row b (open before) is still in after, open or as its name. */
static int still_known(const struct state_snap *after,
		       const struct state_row *b)
{
	size_t i;

	for (i = 0; i < after->n; i++) {
		const struct state_row *a = &after->rows[i];

		if ((a->kind == STATE_OPEN && a->d.inode == b->d.inode) ||
		    (a->kind == STATE_CLOSED && b->name[0] &&
		     strcmp(a->name, b->name) == 0))
			return 1;
	}
	return 0;
}

/* Descriptors the session forgot in this command (an unnamed socket
 * closed): where their connection went, found by its four-tuple. */
static void forgotten_lines(struct session *s, const struct state_snap *before,
			    const struct state_snap *after, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < before->n; i++) {
		const struct state_row *b = &before->rows[i];
		struct state_row a;

		if (b->kind != STATE_OPEN || still_known(after, b))
			continue;
		a = *b;
		a.kind = STATE_CLOSED;
		a.fd = -1;
		a.found = 0;
		a.d.state = TCP_CLOSE;
		if (b->d.protocol == IPPROTO_TCP && b->d.peer_len &&
		    addr_port((const void *)&b->d.local) > 0 &&
		    diag_lookup_addr(session_nlfd(s), b->d.family, IPPROTO_TCP,
				     (const void *)&b->d.local,
				     (const void *)&b->d.peer, 0, &a.d) == 0)
			a.found = 1;
		line(s, after, b, &a, NULL, out);
	}
}

void state_report(struct session *s, const struct state_snap *before,
		  const struct state_snap *after, const struct record *rec,
		  struct sbuf *out)
{
	size_t i;

	if (before == NULL || after == NULL)
		return;
	for (i = 0; i < after->n; i++) {
		const struct state_row *a = &after->rows[i], *b;
		const struct state_row *queued = NULL;
		int show = state_row_involved(before, after, rec, a, &b);

		if (b == NULL && a->kind == STATE_OPEN)
			queued = from_queue(before, a);
		if (show)
			line(s, after, queued ? queued : b, a, queued, out);
	}
	forgotten_lines(s, before, after, out);
	gone_lines(s, before, after, out);
}

int state_row_involved(const struct state_snap *before,
		       const struct state_snap *after,
		       const struct record *rec, const struct state_row *a,
		       const struct state_row **b)
{
	*b = match(before, after, a);
	if (a->kind == STATE_OPEN)
		return touched(rec, a->fd) || !*b || row_changed(*b, a);
	if (a->kind == STATE_CLOSED)
		return *b && (row_changed(*b, a) ||
			      ((*b)->kind == STATE_OPEN &&
			       touched(rec, (*b)->fd)));
	return !*b || row_changed(*b, a);
}
