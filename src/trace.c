/* trace.c - capture the session's segments on loopback (libpcap) and
 * name their endpoints by the session's sockets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>

#include "pcap-dl.h"
#include "trace.h"
#include "util.h"

#define TRACE_SNAPLEN 256	/* headers and a preview are all we show */
#define TRACE_MAX_PORTS 64	/* past this, capture every port */
#define TRACE_LOG_MAX 10000	/* segments kept for --draw and expect */
#define TRACE_PCAP_FDS 3	/* descriptors libpcap opens at once */
#define TRACE_LOW_FDS 64	/* the capture's socket goes above these */

/* An accept-queue child seen in a segment: the listener's handle and
 * the peer it talks to, numbered per listener ("lfd#1"). */
struct trace_child {
	sock_id listener;
	struct sockaddr_storage peer;
	int n;
};

struct trace {
	pcap_t *pc;
	int dlt;
	struct pkt_tracker trk;
	unsigned int ports[TRACE_MAX_PORTS];
	int nports;		/* TRACE_MAX_PORTS + 1: every port */
	struct trace_child *children;
	size_t nchildren;
	unsigned long count;
	/* Every segment so far, for expect trace and trace --draw. */
	struct trace_seg *log;
	size_t nlog, logcap, cursor;
	/* While a dispatch runs: where its segments go. */
	struct session *s;
	struct record *r;
	int early;
};

int trace_active(const struct session *s)
{
	return s->trace != NULL;
}

unsigned long trace_count(const struct session *s)
{
	return s->trace ? s->trace->count : 0;
}

int trace_fd(const struct session *s)
{
	return s->trace ? pcap_api.get_selectable_fd(s->trace->pc) : -1;
}

/* Read a number from a /proc/sys file; -1 if it is not there. */
static long sysctl_num(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

enum trace_userns trace_userns(void)
{
	if (sysctl_num("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return USERNS_NO_CLONE;
	if (sysctl_num("/proc/sys/user/max_user_namespaces") == 0)
		return USERNS_NO_MAX;
	return USERNS_OK;
}

/* The filter: the session's ports, and ICMP errors (a connected UDP
 * socket's port unreachable). Ports are only ever added: a new filter
 * drops what waits unread that it does not match. */
static int set_filter(struct trace *t)
{
	struct sbuf f = SBUF_INIT;
	struct bpf_program prog;
	int i, ret = -1;

	if (t->nports > TRACE_MAX_PORTS)
		sbuf_add(&f, "tcp or udp or icmp or icmp6");
	else if (t->nports == 0)
		sbuf_add(&f, "less 1");	/* nothing yet */
	else
		sbuf_add(&f, "icmp or icmp6");
	for (i = 0; i < t->nports && i < TRACE_MAX_PORTS; i++)
		sbuf_addf(&f, " or port %u", t->ports[i]);
	if (pcap_api.compile(t->pc, &prog, sbuf_str(&f), 1,
			 PCAP_NETMASK_UNKNOWN) == 0) {
		ret = pcap_api.setfilter(t->pc, &prog);
		pcap_api.freecode(&prog);
	}
	sbuf_free(&f);
	return ret;
}

/* Add a port to the filter; 1 if it was new. */
static int add_port(struct trace *t, unsigned int port)
{
	int i;

	if (port == 0 || t->nports > TRACE_MAX_PORTS)
		return 0;
	for (i = 0; i < t->nports; i++)
		if (t->ports[i] == port)
			return 0;
	if (t->nports < TRACE_MAX_PORTS)
		t->ports[t->nports] = port;
	t->nports++;
	return 1;
}

/* The ports of the session's sockets (open, or closed but named). */
static int add_session_ports(struct session *s)
{
	struct sock *sk;
	size_t i;
	int changed = 0;

	for (i = 0; (sk = session_at(s, i)) != NULL; i++) {
		session_refresh(s, sk);
		if (sk->domain != AF_INET && sk->domain != AF_INET6)
			continue;
		changed |= add_port(s->trace, pkt_port(&sk->local));
	}
	return changed;
}

static int open_lo(struct trace *t, enum trace_denied *why, char *msg,
		   size_t n)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int rc;

	if (pcap_api_load(errbuf, sizeof(errbuf)) < 0) {
		*why = TRACE_NO_PCAP;
		t->pc = NULL;
		goto fail;
	}
	t->pc = pcap_api.create("lo", errbuf);
	if (t->pc == NULL)
		goto fail;
	pcap_api.set_snaplen(t->pc, TRACE_SNAPLEN);
	/* Each segment at once, not when a buffer block fills. */
	pcap_api.set_immediate_mode(t->pc, 1);
	pcap_api.set_timeout(t->pc, 1);
	rc = pcap_api.activate(t->pc);
	if (rc < 0) {
		*why = rc == PCAP_ERROR_PERM_DENIED ? TRACE_NO_PRIVILEGE :
						      TRACE_NO_PCAP;
		snprintf(errbuf, sizeof(errbuf), "%s", pcap_api.geterr(t->pc));
		goto fail;
	}
	if (pcap_api.setnonblock(t->pc, 1, errbuf) < 0)
		goto fail;
	t->dlt = pcap_api.datalink(t->pc);
	return 0;
fail:
	snprintf(msg, n, "%s", errbuf);
	if (t->pc)
		pcap_api.close(t->pc);
	t->pc = NULL;
	return -1;
}

/* libpcap opens its socket itself and keeps its number: let it find the
 * low numbers taken, so that the learner's next socket still gets the
 * number a C program would (3, 4, ...). */
static int open_high(struct trace *t, enum trace_denied *why, char *msg,
		     size_t n)
{
	int hold[TRACE_LOW_FDS], nhold = 0, fd, rc, i;

	while (nhold < TRACE_LOW_FDS) {
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			/* A low limit: leave the highest numbers free,
			 * for libpcap's socket and what it opens while
			 * it sets it up. */
			for (i = 0; i < TRACE_PCAP_FDS && nhold > 0; i++)
				close(hold[--nhold]);
			break;
		}
		hold[nhold++] = fd;
		if (fd >= TRACE_LOW_FDS)
			break;
	}
	rc = open_lo(t, why, msg, n);
	while (nhold > 0)
		close(hold[--nhold]);
	return rc;
}

int trace_start(struct session *s, enum trace_denied *why, char *msg,
		size_t n)
{
	struct trace *t;

	if (s->trace)
		return 0;
	t = xcalloc(1, sizeof(*t));
	*why = TRACE_NO_PCAP;
	if (open_high(t, why, msg, n) < 0) {
		free(t);
		return -1;
	}
	pkt_tracker_init(&t->trk);
	s->trace = t;
	add_session_ports(s);
	set_filter(t);
	return 0;
}

void trace_stop(struct session *s)
{
	struct trace *t = s->trace;

	if (t == NULL)
		return;
	pcap_api.close(t->pc);
	pkt_tracker_free(&t->trk);
	free(t->children);
	free(t->log);
	free(t);
	s->trace = NULL;
}

static void addr_label(const struct sockaddr_storage *ss, char *buf,
		       size_t n)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
			  a, sizeof(a));
		snprintf(buf, n, "%s:%u", a, pkt_port(ss));
	} else {
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)ss)->sin6_addr, a,
			  sizeof(a));
		snprintf(buf, n, "[%s]:%u", a, pkt_port(ss));
	}
}

/* Does a socket bound to local (maybe a wildcard) receive for ep? */
static int covers(const struct sockaddr_storage *local,
		  const struct sockaddr_storage *ep)
{
	static const struct in6_addr any6 = IN6ADDR_ANY_INIT;
	const struct sockaddr_in *l4 = (const void *)local;
	const struct sockaddr_in6 *l6 = (const void *)local;

	if (pkt_port(local) != pkt_port(ep))
		return 0;
	if (pkt_same_endpoint(local, ep))
		return 1;
	if (local->ss_family == AF_INET)
		return ep->ss_family == AF_INET &&
		       l4->sin_addr.s_addr == htonl(INADDR_ANY);
	return local->ss_family == AF_INET6 &&
	       memcmp(&l6->sin6_addr, &any6, sizeof(any6)) == 0;
}

/* The number of the accept-queue child of listener that talks to peer,
 * given in order of appearance. */
static int child_number(struct trace *t, sock_id listener,
			const struct sockaddr_storage *peer)
{
	size_t i;
	int n = 0;

	for (i = 0; i < t->nchildren; i++) {
		if (t->children[i].listener != listener)
			continue;
		if (pkt_same_endpoint(&t->children[i].peer, peer))
			return t->children[i].n;
		n = t->children[i].n;
	}
	t->children = xrealloc(t->children,
			       (t->nchildren + 1) * sizeof(*t->children));
	t->children[t->nchildren].listener = listener;
	t->children[t->nchildren].peer = *peer;
	t->children[t->nchildren].n = n + 1;
	t->nchildren++;
	return n + 1;
}

/*
 * The session's name for endpoint ep talking to other: the socket with
 * exactly that pair; else a listener on ep's port: the handshake (syn)
 * is the listener's, the connection it makes its accept-queue child's
 * ("lfd#1"); else an unconnected socket bound there (open, else closed
 * but remembered); else the address.
 */
static void name_endpoint(struct session *s,
			  const struct sockaddr_storage *ep,
			  const struct sockaddr_storage *other, int syn,
			  char *buf, size_t n)
{
	struct sock *sk, *listener = NULL, *bound = NULL, *closed = NULL;
	char lb[TRACE_LABEL_MAX];
	size_t i;

	for (i = 0; (sk = session_at(s, i)) != NULL; i++) {
		if (sk->local_len == 0 || !covers(&sk->local, ep))
			continue;
		if (sk->peer_len && pkt_same_endpoint(&sk->peer, other)) {
			snprintf(buf, n, "%s", session_label(sk, lb,
							     sizeof(lb)));
			return;
		}
		if (sk->listened && sk->fd >= 0 && listener == NULL)
			listener = sk;
		else if (sk->peer_len == 0 && sk->fd >= 0 && bound == NULL)
			bound = sk;
		else if (sk->peer_len == 0 && sk->fd < 0)
			closed = sk;	/* connect d lfd after close lfd */
	}
	if (bound == NULL)
		bound = closed;
	if (listener && syn)
		snprintf(buf, n, "%s", session_label(listener, lb,
						     sizeof(lb)));
	else if (listener)
		snprintf(buf, n, "%s#%d", session_label(listener, lb,
							sizeof(lb)),
			 child_number(s->trace, listener->id, other));
	else if (bound)
		snprintf(buf, n, "%s", session_label(bound, lb, sizeof(lb)));
	else
		addr_label(ep, buf, n);
}

void record_add_seg(struct record *r, const struct trace_seg *seg)
{
	if (r->nsegs == r->segs_cap) {
		r->segs_cap = r->segs_cap ? 2 * r->segs_cap : 8;
		r->segs = xrealloc(r->segs, r->segs_cap * sizeof(*r->segs));
	}
	r->segs[r->nsegs++] = *seg;
}

/* 1 if the datagram an ICMP error answers came from or went to a port
 * of the session's: the filter lets every ICMP error through, as BPF
 * cannot look inside it for the ports. */
static int icmp_ours(const struct trace *t, const struct pkt *p)
{
	int a = addr_port((const void *)&p->orig_src);
	int b = addr_port((const void *)&p->orig_dst);
	int i;

	if (t->nports > TRACE_MAX_PORTS)
		return 1;	/* every port is captured */
	for (i = 0; i < t->nports; i++)
		if ((int)t->ports[i] == a || (int)t->ports[i] == b)
			return 1;
	return 0;
}

static void on_frame(u_char *user, const struct pcap_pkthdr *h,
		     const u_char *bytes)
{
	struct trace *t = (struct trace *)user;
	struct trace_seg seg;
	int syn;

	memset(&seg, 0, sizeof(seg));
	if (pkt_decode(t->dlt, bytes, h->caplen,
		       (long long)h->ts.tv_sec * 1000000 + h->ts.tv_usec,
		       &seg.p) < 0)
		return;
	if (seg.p.proto == PKT_ICMP) {
		if (!seg.p.unreach_port || !icmp_ours(t, &seg.p))
			return;	/* pings, other programs' errors */
		name_endpoint(t->s, &seg.p.orig_src, &seg.p.orig_dst, 0,
			      seg.orig_from, sizeof(seg.orig_from));
		name_endpoint(t->s, &seg.p.orig_dst, &seg.p.orig_src, 0,
			      seg.orig_to, sizeof(seg.orig_to));
		/* The error's own ports are those of the datagram. */
		seg.p.src = seg.p.orig_dst;
		seg.p.dst = seg.p.orig_src;
	}
	pkt_track(&t->trk, &seg.p);
	syn = seg.p.proto == PKT_TCP && (seg.p.flags & PKT_SYN);
	name_endpoint(t->s, &seg.p.src, &seg.p.dst, syn, seg.from,
		      sizeof(seg.from));
	name_endpoint(t->s, &seg.p.dst, &seg.p.src, syn, seg.to,
		      sizeof(seg.to));
	seg.early = t->early;
	t->count++;
	if (t->nlog < TRACE_LOG_MAX) {
		if (t->nlog == t->logcap) {
			t->logcap = t->logcap ? 2 * t->logcap : 64;
			t->log = xrealloc(t->log,
					  t->logcap * sizeof(*t->log));
		}
		t->log[t->nlog++] = seg;
	}
	if (t->r)
		record_add_seg(t->r, &seg);
}

/* Read every segment waiting into r. */
static void drain(struct session *s, struct record *r, int early)
{
	struct trace *t = s->trace;
	size_t i;
	struct sock *sk;

	if (t == NULL)
		return;
	for (i = 0; (sk = session_at(s, i)) != NULL; i++)
		session_refresh(s, sk);
	t->s = s;
	t->r = r;
	t->early = early;
	while (pcap_api.dispatch(t->pc, -1, on_frame, (u_char *)t) > 0)
		;
	t->r = NULL;
}

void trace_before(struct session *s, struct record *r,
		  const struct sockaddr_storage *const *addrs, int naddrs)
{
	int i, changed;

	if (s->trace == NULL)
		return;
	drain(s, r, 1);
	changed = add_session_ports(s);
	for (i = 0; i < naddrs; i++)
		changed |= add_port(s->trace, pkt_port(addrs[i]));
	if (changed)
		set_filter(s->trace);
}

void trace_after(struct session *s, struct record *r)
{
	if (s->trace == NULL)
		return;
	drain(s, r, 0);
	if (add_session_ports(s))
		set_filter(s->trace);
}

void trace_take(struct session *s, struct record *r, int early)
{
	drain(s, r, early);
}

size_t trace_log(const struct session *s, const struct trace_seg **segs)
{
	*segs = s->trace ? s->trace->log : NULL;
	return s->trace ? s->trace->nlog : 0;
}

size_t *trace_cursor(struct session *s)
{
	return s->trace ? &s->trace->cursor : NULL;
}

int trace_wait(struct session *s, int ms)
{
	struct pollfd p;

	if (s->trace == NULL)
		return -1;
	p.fd = pcap_api.get_selectable_fd(s->trace->pc);
	p.events = POLLIN;
	return poll(&p, 1, ms) > 0;
}
