/* diag.c - the kernel's view of sockets, asked through NETLINK_SOCK_DIAG
 * (inet_diag for TCP/UDP, unix_diag for AF_UNIX), with a small
 * /proc/net fallback for when netlink is refused. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "diag.h"
#include "i18n.h"
#include "util.h"

#ifndef TCP_NEW_SYN_RECV
#define TCP_NEW_SYN_RECV 12	/* a request socket: SYN-RECV to ss */
#endif

/* A reply datagram: dumps come in chunks of up to 32 KiB. */
#define DIAG_BUFSIZE 32768
/* Lookups sent to the kernel in one message (diag_lookup_fds_at): their
 * answers must fit the netlink socket's receive buffer. */
#define DIAG_BATCH 16

/* Requests carry a growing sequence number; replies to an earlier request
 * (never expected, but harmless) are skipped by it. */
static unsigned int diag_seq;

int diag_open(void)
{
	struct timeval tv = { 2, 0 };
	const char *off = getenv("SOCKREPL_NO_NETLINK");
	int fd;

	/* For tests: the /proc/net fallback, as where netlink is refused. */
	if (off && *off && strcmp(off, "0") != 0) {
		errno = EPROTONOSUPPORT;
		return -1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -1;
	/* The kernel always answers; the time-out only guards a bug. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* ---- decoding ---------------------------------------------------------- */

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Walk the attributes in [p, end): call fn for each. Returns 0, or -1
 * (EBADMSG) when an attribute's length runs past the end.
 */
static int walk_attrs(const unsigned char *p, const unsigned char *end,
		      void (*fn)(int type, const unsigned char *data,
				 size_t len, struct diag_sock *out),
		      struct diag_sock *out)
{
	while (end - p >= (ptrdiff_t)NLA_HDRLEN) {
		struct nlattr a;

		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > end - p) {
			errno = EBADMSG;
			return -1;
		}
		fn(a.nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN,
		   a.nla_len - NLA_HDRLEN, out);
		if ((size_t)NLA_ALIGN(a.nla_len) >= (size_t)(end - p))
			break;
		p += NLA_ALIGN(a.nla_len);
	}
	return 0;
}

/* Offsets of the fields we read in struct tcp_info (linux/tcp.h, a
 * stable UAPI layout that only ever grows at the end). */
enum {
	TI_RETRANSMITS = 2, TI_RTO = 8, TI_SND_MSS = 16, TI_RCV_MSS = 20,
	TI_UNACKED = 24, TI_LOST = 32, TI_LAST_DATA_SENT = 44,
	TI_LAST_DATA_RECV = 52, TI_RTT = 68, TI_RTTVAR = 72,
	TI_SND_CWND = 80, TI_TOTAL_RETRANS = 100, TI_BYTES_ACKED = 120,
	TI_BYTES_RECEIVED = 128, TI_SEGS_OUT = 136, TI_SEGS_IN = 140,
	TI_BYTES_SENT = 200,
};

/* Read a u32/u64 at off if the attribute is long enough, else 0. */
static unsigned int ti32(const unsigned char *d, size_t len, size_t off)
{
	return len >= off + 4 ? get_u32(d + off) : 0;
}

static unsigned long long ti64(const unsigned char *d, size_t len,
			       size_t off)
{
	return len >= off + 8 ? get_u64(d + off) : 0;
}

static void decode_tcpinfo(const unsigned char *d, size_t len,
			   struct diag_tcpinfo *t)
{
	t->retransmits = len > TI_RETRANSMITS ? d[TI_RETRANSMITS] : 0;
	t->rto_us = ti32(d, len, TI_RTO);
	t->snd_mss = ti32(d, len, TI_SND_MSS);
	t->rcv_mss = ti32(d, len, TI_RCV_MSS);
	t->unacked = ti32(d, len, TI_UNACKED);
	t->lost = ti32(d, len, TI_LOST);
	t->last_data_sent_ms = ti32(d, len, TI_LAST_DATA_SENT);
	t->last_data_recv_ms = ti32(d, len, TI_LAST_DATA_RECV);
	t->rtt_us = ti32(d, len, TI_RTT);
	t->rttvar_us = ti32(d, len, TI_RTTVAR);
	t->snd_cwnd = ti32(d, len, TI_SND_CWND);
	t->total_retrans = ti32(d, len, TI_TOTAL_RETRANS);
	t->bytes_acked = ti64(d, len, TI_BYTES_ACKED);
	t->bytes_received = ti64(d, len, TI_BYTES_RECEIVED);
	t->segs_out = ti32(d, len, TI_SEGS_OUT);
	t->segs_in = ti32(d, len, TI_SEGS_IN);
	t->bytes_sent = ti64(d, len, TI_BYTES_SENT);
}

static void inet_attr(int type, const unsigned char *data, size_t len,
		      struct diag_sock *out)
{
	if (type == INET_DIAG_INFO && len >= TI_SND_MSS) {
		decode_tcpinfo(data, len, &out->ti);
		out->has_tcpinfo = 1;
	} else if (type == INET_DIAG_PROTOCOL && len >= 1) {
		out->protocol = data[0];
		out->type = data[0] == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
	}
}

/* Fill an inet address from the wire form (network order already). */
static socklen_t set_inet(struct sockaddr_storage *ss, int family,
			  const uint32_t addr[4], uint16_t port,
			  uint32_t ifindex)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = port;
		memcpy(&sin->sin_addr, addr, 4);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = port;
		memcpy(&sin6->sin6_addr, addr, 16);
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			sin6->sin6_scope_id = ifindex;
		return sizeof(*sin6);
	}
}

static int is_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return 0;
	return 1;
}

int diag_decode_inet(const struct nlmsghdr *h, struct diag_sock *out)
{
	struct inet_diag_msg m;
	const unsigned char *p = (const unsigned char *)h;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(m))) {
		errno = EBADMSG;
		return -1;
	}
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&m, NLMSG_DATA(h), sizeof(m));
	if (m.idiag_family != AF_INET && m.idiag_family != AF_INET6) {
		errno = EPROTO;
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->family = m.idiag_family;
	out->type = SOCK_STREAM;
	out->state = m.idiag_state == TCP_NEW_SYN_RECV ? TCP_SYN_RECV
						       : m.idiag_state;
	out->local_len = set_inet(&out->local, m.idiag_family, m.id.idiag_src,
				  m.id.idiag_sport, m.id.idiag_if);
	if (m.id.idiag_dport || !is_zero(m.id.idiag_dst, 16))
		out->peer_len = set_inet(&out->peer, m.idiag_family,
					 m.id.idiag_dst, m.id.idiag_dport,
					 m.id.idiag_if);
	out->rqueue = m.idiag_rqueue;
	out->wqueue = m.idiag_wqueue;
	out->inode = m.idiag_inode;
	out->uid = m.idiag_uid;
	out->cookie = m.id.idiag_cookie[0] |
		      (unsigned long long)m.id.idiag_cookie[1] << 32;
	out->timer = m.idiag_timer;
	out->expires_ms = m.idiag_expires;
	out->retrans = m.idiag_retrans;
	return walk_attrs(p + NLMSG_LENGTH(sizeof(m)), p + h->nlmsg_len,
			  inet_attr, out);
}

static void unix_attr(int type, const unsigned char *data, size_t len,
		      struct diag_sock *out)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&out->local;

	switch (type) {
	case UNIX_DIAG_NAME:
		if (len > sizeof(sun->sun_path))
			len = sizeof(sun->sun_path);
		memcpy(sun->sun_path, data, len);
		/* A path name arrives with its NUL, an abstract one
		 * (leading NUL) without: keep the length the kernel gave. */
		out->local_len = offsetof(struct sockaddr_un, sun_path) + len;
		break;
	case UNIX_DIAG_PEER:
		if (len >= 4)
			out->unix_peer_inode = get_u32(data);
		break;
	case UNIX_DIAG_RQLEN:
		if (len >= 8) {
			out->rqueue = get_u32(data);
			out->wqueue = get_u32(data + 4);
		}
		break;
	case UNIX_DIAG_ICONS:
		out->unix_pending = len / 4;
		break;
	case UNIX_DIAG_UID:
		if (len >= 4)
			out->uid = get_u32(data);
		break;
	}
}

int diag_decode_unix(const struct nlmsghdr *h, struct diag_sock *out)
{
	struct unix_diag_msg m;
	const unsigned char *p = (const unsigned char *)h;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(m))) {
		errno = EBADMSG;
		return -1;
	}
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&m, NLMSG_DATA(h), sizeof(m));
	if (m.udiag_family != AF_UNIX) {
		errno = EPROTO;
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->family = AF_UNIX;
	out->type = m.udiag_type;
	out->state = m.udiag_state;
	out->inode = m.udiag_ino;
	out->cookie = m.udiag_cookie[0] |
		      (unsigned long long)m.udiag_cookie[1] << 32;
	out->local.ss_family = AF_UNIX;
	out->local_len = offsetof(struct sockaddr_un, sun_path);
	return walk_attrs(p + NLMSG_LENGTH(sizeof(m)), p + h->nlmsg_len,
			  unix_attr, out);
}

/* ---- talking to the kernel --------------------------------------------- */

/* Called for each reply message; returns 0 to go on. */
typedef int (*diag_cb)(const struct nlmsghdr *h, void *arg);

/* Handle one reply message of ours: 1 at the end of the answer, 0 to read
 * on, -1 with errno on an error reply. */
static int diag_msg(const struct nlmsghdr *h, diag_cb cb, void *arg,
		    int *cb_err)
{
	if (h->nlmsg_type == NLMSG_DONE) {
		int e = 0;

		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
			memcpy(&e, NLMSG_DATA(h), sizeof(e));
		if (e < 0) {
			errno = -e;
			return -1;
		}
		return 1;
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr e;

		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(e))) {
			errno = EBADMSG;
			return -1;
		}
		memcpy(&e, NLMSG_DATA(h), sizeof(e));
		if (e.error == 0)
			return 1;
		errno = -e.error;
		return -1;
	}
	if (!*cb_err && cb(h, arg) < 0)
		*cb_err = errno ? errno : EBADMSG;
	return 0;
}

/*
 * Send the request req (its nlmsg_len set) and give every reply message to
 * cb, until NLMSG_DONE (a dump) or the one answer (an exact lookup).
 * Returns 0, or -1 with errno (the kernel's error, e.g. ENOENT for an
 * exact lookup that found nothing; or the first error cb reported).
 */
static int diag_talk(int nlfd, struct nlmsghdr *req, diag_cb cb, void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int dump = (req->nlmsg_flags & NLM_F_DUMP) != 0;
	/* One buffer for every answer: nothing below calls back in. */
	static uint32_t buf[DIAG_BUFSIZE / sizeof(uint32_t)];
	int cb_err = 0, r = 0;

	req->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req->nlmsg_flags |= NLM_F_REQUEST;
	req->nlmsg_seq = ++diag_seq;
	while (sendto(nlfd, req, req->nlmsg_len, 0,
		      (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		if (errno != EINTR)
			return -1;
	while (r == 0) {
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		const struct nlmsghdr *h = (const void *)buf;
		ssize_t n = recvmsg(nlfd, &mh, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (mh.msg_flags & MSG_TRUNC)) {
			if (n >= 0)
				errno = EMSGSIZE;
			r = -1;
			break;
		}
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != req->nlmsg_seq)
				continue;
			r = diag_msg(h, cb, arg, &cb_err);
			if (r == 0 && !dump)
				r = 1; /* an exact lookup's one answer */
			if (r != 0)
				break;
		}
	}
	if (r < 0)
		return -1;
	if (cb_err) {
		errno = cb_err;
		return -1;
	}
	return 0;
}

/* A request: header, inet_diag_req_v2 and room for bytecode. */
struct inet_request {
	struct nlmsghdr nh;
	struct inet_diag_req_v2 r;
	struct nlattr bc_attr;
	struct inet_diag_bc_op bc[5];
};

/* Fill the request's socket id from sockaddrs (either may be NULL). */
static void set_id(struct inet_diag_sockid *id, const struct sockaddr *local,
		   const struct sockaddr *peer)
{
	const struct sockaddr *sa[2] = { local, peer };
	int i;

	for (i = 0; i < 2; i++) {
		uint16_t *port = i ? &id->idiag_dport : &id->idiag_sport;
		uint32_t *addr = i ? id->idiag_dst : id->idiag_src;

		if (sa[i] == NULL)
			continue;
		if (sa[i]->sa_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)sa[i];

			*port = s->sin_port;
			memcpy(addr, &s->sin_addr, 4);
		} else if (sa[i]->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s = (const void *)sa[i];

			*port = s->sin6_port;
			memcpy(addr, &s->sin6_addr, 16);
			if (s->sin6_scope_id)
				id->idiag_if = s->sin6_scope_id;
		}
	}
	id->idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	id->idiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

static void inet_request_init(struct inet_request *q, int family,
			      int protocol, unsigned int states, int dump)
{
	memset(q, 0, sizeof(*q));
	q->nh.nlmsg_len = NLMSG_LENGTH(sizeof(q->r));
	q->nh.nlmsg_flags = dump ? NLM_F_DUMP : 0;
	q->r.sdiag_family = family;
	q->r.sdiag_protocol = protocol;
	q->r.idiag_states = states;
	if (protocol == IPPROTO_TCP && !dump)
		q->r.idiag_ext = 1 << (INET_DIAG_INFO - 1);
	q->r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	q->r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

/*
 * Append the bytecode "local port == port" or, with all, "local port ==
 * port || peer port == port". Each test goes on to the next op when true
 * ("yes", which must be the op's own length: the kernel checks jump
 * targets along that chain) and jumps by "no" when false. Running off
 * the end exactly accepts; 4 bytes past it rejects.
 */
static void add_port_filter(struct inet_request *q, unsigned short port,
			    int all)
{
	struct inet_diag_bc_op *bc = q->bc;
	unsigned short len;

	if (all) {
		/* 0: S_EQ, true -> 8, false -> 12
		 * 8: JMP to 20 (accept)
		 * 12: D_EQ, true -> 20 (accept), false -> 24 (reject) */
		bc[0] = (struct inet_diag_bc_op){ INET_DIAG_BC_S_EQ, 8, 12 };
		bc[1] = (struct inet_diag_bc_op){ 0, 0, port };
		bc[2] = (struct inet_diag_bc_op){ INET_DIAG_BC_JMP, 4, 12 };
		bc[3] = (struct inet_diag_bc_op){ INET_DIAG_BC_D_EQ, 8, 12 };
		bc[4] = (struct inet_diag_bc_op){ 0, 0, port };
		len = 20;
	} else {
		bc[0] = (struct inet_diag_bc_op){ INET_DIAG_BC_S_EQ, 8, 12 };
		bc[1] = (struct inet_diag_bc_op){ 0, 0, port };
		len = 8;
	}
	q->bc_attr.nla_type = INET_DIAG_REQ_BYTECODE;
	q->bc_attr.nla_len = NLA_HDRLEN + len;
	q->nh.nlmsg_len = NLMSG_ALIGN(q->nh.nlmsg_len) + NLA_HDRLEN + len;
}

/* Collects decoded sockets; protocol fills in what messages leave out. */
struct collect {
	int protocol;
	int unix_msgs;
	struct diag_sock *v;
	size_t n, cap;
};

static int collect_cb(const struct nlmsghdr *h, void *arg)
{
	struct collect *c = arg;
	struct diag_sock d;
	int r;

	r = c->unix_msgs ? diag_decode_unix(h, &d) : diag_decode_inet(h, &d);
	if (r < 0)
		return -1;
	if (!c->unix_msgs) {
		d.protocol = c->protocol;
		d.type = c->protocol == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = d;
	return 0;
}

static int proc_list(int family, int protocol, unsigned short port, int all,
		     struct collect *c);

int diag_list_port_states(int nlfd, int family, int protocol,
			  unsigned short port, int all, unsigned int states,
			  struct diag_sock **out)
{
	struct collect c = { .protocol = protocol };
	struct inet_request q;
	int r;

	*out = NULL;
	if ((family != AF_INET && family != AF_INET6) ||
	    (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (nlfd < 0) {
		r = proc_list(family, protocol, port, all, &c);
	} else {
		inet_request_init(&q, family, protocol, states, 1);
		/* The kernel skips other local ports before the bytecode. */
		if (!all)
			q.r.id.idiag_sport = htons(port);
		add_port_filter(&q, port, all);
		r = diag_talk(nlfd, &q.nh, collect_cb, &c);
	}
	if (r < 0) {
		free(c.v);
		return -1;
	}
	*out = c.v;
	return (int)c.n;
}

int diag_list_port(int nlfd, int family, int protocol, unsigned short port,
		   int all, struct diag_sock **out)
{
	return diag_list_port_states(nlfd, family, protocol, port, all,
				     DIAG_ALL_STATES, out);
}

/* ---- single sockets ---------------------------------------------------- */

static unsigned short sa_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return 0;
}

/* 1 if the two inet addresses (not ports) are equal; with wild, a
 * wildcard on either side matches too. */
static int same_host(const struct sockaddr *a, const struct sockaddr *b,
		     int wild)
{
	const void *pa, *pb;
	size_t n = a->sa_family == AF_INET ? 4 : 16;

	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET) {
		pa = &((const struct sockaddr_in *)a)->sin_addr;
		pb = &((const struct sockaddr_in *)b)->sin_addr;
	} else {
		pa = &((const struct sockaddr_in6 *)a)->sin6_addr;
		pb = &((const struct sockaddr_in6 *)b)->sin6_addr;
	}
	if (wild && (is_zero(pa, n) || is_zero(pb, n)))
		return 1;
	return memcmp(pa, pb, n) == 0;
}

/* The request of an exact lookup by 4-tuple (peer may be NULL). */
static void exact_request_init(struct inet_request *q, int family,
			       int protocol, const struct sockaddr *local,
			       const struct sockaddr *peer, unsigned int flags)
{
	inet_request_init(q, family, protocol, DIAG_ALL_STATES, 0);
	/* TCP_INFO makes the kernel's answer cost about twice as much. */
	if (!(flags & DIAG_TCPINFO))
		q->r.idiag_ext = 0;
	/* UDP's lookup takes the id from the packet's point of view, the
	 * other way round ("swapped for historical reasons" in the kernel). */
	if (protocol == IPPROTO_UDP)
		set_id(&q->r.id, peer, local);
	else
		set_id(&q->r.id, local, peer);
}

/* An exact lookup by 4-tuple (peer may be NULL: a listener or an
 * unconnected UDP socket). 0 with the kernel's answer in out, or -1. */
static int exact_inet(int nlfd, int family, int protocol,
		      const struct sockaddr *local,
		      const struct sockaddr *peer, unsigned int flags,
		      struct diag_sock *out)
{
	struct collect c = { .protocol = protocol };
	struct inet_request q;

	exact_request_init(&q, family, protocol, local, peer, flags);
	if (diag_talk(nlfd, &q.nh, collect_cb, &c) < 0) {
		free(c.v);
		return -1;
	}
	if (c.n == 0) {
		errno = ENOENT;
		return -1;
	}
	*out = c.v[0];
	free(c.v);
	return 0;
}

/* Pick from v[0..n) the socket with this inode (inode != 0), or else the
 * one on local (and peer); 0 and *out, or -1 ENOENT. */
static int pick(const struct diag_sock *v, int n, unsigned long inode,
		const struct sockaddr *local, const struct sockaddr *peer,
		struct diag_sock *out)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct diag_sock *d = &v[i];

		if (inode && d->inode != inode)
			continue;
		if (!inode && !same_host((const void *)&d->local, local, 1))
			continue;
		if (!inode && peer &&
		    (d->peer_len == 0 ||
		     sa_port((const void *)&d->peer) != sa_port(peer) ||
		     !same_host((const void *)&d->peer, peer, 0)))
			continue;
		*out = *d;
		return 0;
	}
	errno = ENOENT;
	return -1;
}

/* Find by port with a filtered dump, then pick; for the rare cases an
 * exact lookup gets wrong (SO_REUSEPORT groups) and for /proc. */
static int dump_pick(int nlfd, int family, int protocol, unsigned int states,
		     unsigned long inode, const struct sockaddr *local,
		     const struct sockaddr *peer, struct diag_sock *out)
{
	struct diag_sock *v;
	int n, r;

	n = diag_list_port_states(nlfd, family, protocol, sa_port(local), 0,
				  states, &v);
	if (n < 0)
		return -1;
	r = pick(v, n, inode, local, peer, out);
	free(v);
	return r;
}

int diag_lookup_addr(int nlfd, int family, int protocol,
		     const struct sockaddr *local, const struct sockaddr *peer,
		     unsigned int flags, struct diag_sock *out)
{
	if ((family != AF_INET && family != AF_INET6) ||
	    local->sa_family != family ||
	    (peer && peer->sa_family != family)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (peer == NULL || nlfd < 0)
		return dump_pick(nlfd, family, protocol, DIAG_ALL_STATES, 0,
				 local, peer, out);
	if (exact_inet(nlfd, family, protocol, local, peer, flags, out) < 0)
		return -1;
	/* With no connection on the 4-tuple, the kernel's lookup falls
	 * back to the listener or unconnected socket: not what was asked. */
	if (out->peer_len == 0 ||
	    sa_port((const void *)&out->peer) != sa_port(peer) ||
	    !same_host((const void *)&out->peer, peer, 0)) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/* The request of a unix socket by inode. */
struct unix_request {
	struct nlmsghdr nh;
	struct unix_diag_req r;
};

static void unix_request_init(struct unix_request *q, unsigned long ino)
{
	memset(q, 0, sizeof(*q));
	q->nh.nlmsg_len = sizeof(*q);
	q->r.sdiag_family = AF_UNIX;
	q->r.udiag_states = ~0U;
	q->r.udiag_ino = ino;
	q->r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER |
			  UDIAG_SHOW_RQLEN | UDIAG_SHOW_ICONS | UDIAG_SHOW_UID;
	q->r.udiag_cookie[0] = INET_DIAG_NOCOOKIE;
	q->r.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

int diag_lookup_unix(int nlfd, unsigned long ino, struct diag_sock *out)
{
	struct unix_request q;
	struct collect c = { .unix_msgs = 1 };

	if (nlfd < 0) {
		errno = EPROTONOSUPPORT;
		return -1;
	}
	unix_request_init(&q, ino);
	if (diag_talk(nlfd, &q.nh, collect_cb, &c) < 0) {
		free(c.v);
		return -1;
	}
	if (c.n == 0) {
		errno = ENOENT;
		return -1;
	}
	*out = c.v[0];
	free(c.v);
	return 0;
}

/* A socket's family, type and protocol never change while it lives:
 * remembered by descriptor (below FD_KINDS) and inode, they spare three
 * getsockopt() calls per socket in every snapshot. */
#define FD_KINDS 256
static struct fd_kind {
	unsigned long inode;	/* 0: nothing remembered */
	int family, type, protocol;
} fd_kinds[FD_KINDS];

/* Fill out's family, type and protocol from the socket fd. 0, or -1. */
static int fd_kind(int fd, struct diag_sock *out)
{
	struct fd_kind *k = fd < FD_KINDS ? &fd_kinds[fd] : NULL;
	socklen_t len;
	int v;

	if (k && k->inode == out->inode) {
		out->family = k->family;
		out->type = k->type;
		out->protocol = k->protocol;
		return 0;
	}
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) < 0)
		return -1;
	out->family = v;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) < 0)
		return -1;
	out->type = v;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) < 0)
		return -1;
	out->protocol = out->family == AF_UNIX ? 0 : v;
	if (k)
		*k = (struct fd_kind){ out->inode, out->family, out->type,
				       out->protocol };
	return 0;
}

/* What the descriptor itself tells of its identity: family, protocol,
 * type, inode; state TCP_CLOSE and no addresses yet. 0, or -1 with
 * errno. */
static int fd_ident(int fd, struct diag_sock *out)
{
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = ENOTSOCK;
		return -1;
	}
	out->inode = st.st_ino;
	out->uid = st.st_uid;
	out->state = TCP_CLOSE;
	return fd_kind(fd, out);
}

int diag_fd_ident(int fd, struct diag_ident *id)
{
	struct diag_sock d;

	memset(id, 0, sizeof(*id));
	if (fd_ident(fd, &d) < 0)
		return -1;
	id->inode = d.inode;
	id->uid = d.uid;
	id->family = d.family;
	id->type = d.type;
	id->protocol = d.protocol;
	return 0;
}

/* fd_ident() from what the caller knows of the descriptor. */
static void ident_known(const struct diag_ident *id, struct diag_sock *out)
{
	memset(out, 0, sizeof(*out));
	out->inode = id->inode;
	out->uid = id->uid;
	out->state = TCP_CLOSE;
	out->family = id->family;
	out->type = id->type;
	out->protocol = id->protocol;
}

/* Add the descriptor's own addresses to out (length 0: none). */
static void fd_addrs(int fd, struct diag_sock *out)
{
	int e = errno;

	out->local_len = sizeof(out->local);
	if (getsockname(fd, (struct sockaddr *)&out->local,
			&out->local_len) < 0)
		out->local_len = 0;
	out->peer_len = sizeof(out->peer);
	if (getpeername(fd, (struct sockaddr *)&out->peer,
			&out->peer_len) < 0)
		out->peer_len = 0;
	errno = e;
}

/* The TCP state of descriptor fd as the socket itself tells (the first
 * byte of TCP_INFO, tcpi_state), or -1 if it does not say. */
static int fd_tcp_state(int fd)
{
	unsigned char st;
	socklen_t len = sizeof(st);
	int e = errno;

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &st, &len) < 0 || len < 1)
		st = 0;
	errno = e;
	return st ? st : -1;
}

/* The inet socket self (fd_ident and fd_addrs filled in) through its
 * own addresses: an exact lookup, a dump of its port only where no
 * exact lookup can find it. 0 with the kernel's view in out, or -1. */
static int lookup_inet(int nlfd, int fd, const struct diag_sock *self,
		       unsigned int flags, struct diag_sock *out)
{
	const struct sockaddr *local = (const void *)&self->local;
	const struct sockaddr *peer = self->peer_len ? (const void *)&self->peer
						     : NULL;
	unsigned int states;
	int r;

	/* Read after getpeername(): a TCP socket that had no peer name then
	 * is CLOSED, LISTEN or SYN-SENT, or just left it. CLOSED (bound but
	 * not listening, or its connection has ended) is in no table: a
	 * TIME-WAIT leftover is no longer this socket. */
	if (self->protocol == IPPROTO_TCP && peer == NULL &&
	    fd_tcp_state(fd) == TCP_CLOSE) {
		errno = ENOENT;
		return -1;
	}
	r = exact_inet(nlfd, self->family, self->protocol, local, peer, flags,
		       out);
	if (r == 0 && out->inode == self->inode)
		return 0;
	if (r < 0) {
		/* In SYN-SENT (or just out of it) a TCP socket has no peer
		 * name, so no exact lookup finds it: look through its port,
		 * a dump, so only for this rare state. */
		if (errno != ENOENT || peer || self->protocol != IPPROTO_TCP)
			return -1;
		states = DIAG_NO_LISTEN;
	} else {
		/* Another socket on the same port (SO_REUSEPORT): look
		 * through that port's sockets for ours. */
		states = peer ? DIAG_NO_LISTEN : DIAG_ALL_STATES;
	}
	return dump_pick(nlfd, self->family, self->protocol, states,
			 self->inode, local, peer, out);
}

/* The answer to the lookup of the caller's addresses, kept for
 * leftover(): r 0 (found d), -1 (nothing there), 1 (not asked). */
struct diag_at {
	int r;
	struct diag_sock d;
};

/*
 * With DIAG_LEFTOVER, for a TCP descriptor the kernel does not list:
 * what is left of its connection on exactly local and peer (TIME-WAIT),
 * as diag_lookup_addr finds it, into out with the descriptor's inode;
 * the answer in at spares asking again. 1, or -1 with errno unchanged.
 */
static int leftover(int nlfd, const struct diag_sock *self,
		    const struct sockaddr *local, const struct sockaddr *peer,
		    unsigned int flags, const struct diag_at *at,
		    struct diag_sock *out)
{
	struct diag_sock d;
	int e = errno, r;

	if (!(flags & DIAG_LEFTOVER) || self->type != SOCK_STREAM ||
	    (self->family != AF_INET && self->family != AF_INET6) ||
	    local == NULL || peer == NULL || sa_port(local) == 0) {
		errno = e;
		return -1;
	}
	if (at->r == 1) {
		r = diag_lookup_addr(nlfd, self->family, IPPROTO_TCP, local,
				     peer, flags & DIAG_TCPINFO, &d);
	} else {
		/* diag_lookup_addr's own check of the kernel's answer. */
		d = at->d;
		r = at->r == 0 && d.peer_len != 0 &&
				    sa_port((const void *)&d.peer) ==
					    sa_port(peer) &&
				    same_host((const void *)&d.peer, peer, 0)
			    ? 0
			    : -1;
	}
	errno = e;
	if (r < 0)
		return -1;
	d.inode = self->inode;	/* still the descriptor's */
	*out = d;
	return 1;
}

/* 1 if the caller's addresses can be asked about for the socket self. */
static int hint_usable(int nlfd, const struct diag_sock *self,
		       const struct sockaddr *local,
		       const struct sockaddr *peer)
{
	return nlfd >= 0 && local && local->sa_family == self->family &&
	       sa_port(local) != 0 &&
	       (!peer || peer->sa_family == self->family);
}

/* diag_lookup_fd_at once fd_ident() has filled self in (*out too), and
 * at holds the answer for the caller's addresses if already asked. */
static int lookup_fd_self(int nlfd, const struct diag_fd_query *q,
			  struct diag_sock *self, unsigned int flags,
			  struct diag_at *at, struct diag_sock *out)
{
	const struct sockaddr *local = q->local, *peer = q->peer;
	int fd = q->fd;
	struct diag_sock d;

	if ((self->family != AF_INET && self->family != AF_INET6) ||
	    (self->protocol != IPPROTO_TCP &&
	     self->protocol != IPPROTO_UDP)) {
		fd_addrs(fd, out);
		errno = EAFNOSUPPORT;
		return -1;
	}
	/* The addresses the caller remembers, if the kernel still lists
	 * this very socket (its inode) on them: its answer is the truth,
	 * and the descriptor need not be asked. */
	if (at->r == 1 && hint_usable(nlfd, self, local, peer)) {
		at->r = exact_inet(nlfd, self->family, self->protocol, local,
				   peer, flags, &at->d);
		if (at->r < 0 && errno != ENOENT)
			at->r = 1;	/* no answer: ask again */
	}
	if (at->r == 0 && at->d.inode == self->inode) {
		at->d.type = self->type;
		*out = at->d;
		return 0;
	}
	/* Addresses the caller keeps current: with no port, the socket is
	 * in no table. A TIME-WAIT with the socket's own cookie is its
	 * connection: the socket has been left CLOSED with no peer, and
	 * leftover() shows what is left. */
	if (q->current && local && peer == NULL &&
	    (self->type == SOCK_STREAM || self->type == SOCK_DGRAM) &&
	    local->sa_family == self->family && sa_port(local) == 0) {
		*out = *self;
		out->local_len = self->family == AF_INET
					 ? sizeof(struct sockaddr_in)
					 : sizeof(struct sockaddr_in6);
		memcpy(&out->local, local, out->local_len);
		errno = ENOENT;
		return -1;
	}
	if (q->cookie && at->r == 0 && at->d.state == TCP_TIME_WAIT &&
	    at->d.cookie == q->cookie && self->type == SOCK_STREAM &&
	    self->protocol == IPPROTO_TCP) {
		*out = *self;
		errno = ENOENT;
		return -1;
	}
	fd_addrs(fd, self);
	*out = *self;
	/* Not bound: no port, in no table. */
	if (self->local_len == 0 || sa_port((const void *)&self->local) == 0) {
		errno = ENOENT;
		return -1;
	}
	if (nlfd < 0)
		return dump_pick(nlfd, self->family, self->protocol,
				 DIAG_ALL_STATES, self->inode,
				 (const void *)&self->local,
				 self->peer_len ? (const void *)&self->peer
						: NULL,
				 out);
	if (lookup_inet(nlfd, fd, self, flags, &d) < 0)
		return -1;
	d.type = self->type;
	*out = d;
	return 0;
}

/* One descriptor of a batch: what it is, and the first answer. */
struct batch_item {
	const struct diag_fd_query *q;
	int ident;		/* fd_ident() succeeded */
	int asked;		/* its first lookup went in the batch */
	struct diag_sock self;
	struct diag_at at;
};

/* Append item i's first lookup (unix by inode, inet on the caller's
 * addresses) to the batch buf at *len, with sequence number seq. */
static void batch_add(int nlfd, struct batch_item *it, unsigned int flags,
		      unsigned int seq, unsigned char *buf, size_t *len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(buf + *len);
	const struct diag_sock *self = &it->self;

	if (self->family == AF_UNIX) {
		unix_request_init((struct unix_request *)h, self->inode);
	} else if ((self->family == AF_INET || self->family == AF_INET6) &&
		   (self->protocol == IPPROTO_TCP ||
		    self->protocol == IPPROTO_UDP) &&
		   hint_usable(nlfd, self, it->q->local, it->q->peer)) {
		struct inet_request *q = (struct inet_request *)h;

		exact_request_init(q, self->family, self->protocol,
				   it->q->local, it->q->peer, flags);
	} else {
		return;
	}
	h->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	h->nlmsg_flags |= NLM_F_REQUEST;
	h->nlmsg_seq = seq;
	*len += NLMSG_ALIGN(h->nlmsg_len);
	it->asked = 1;
}

/* The pending item a reply of the batch (sequence numbers from base)
 * answers, or NULL. */
static struct batch_item *batch_of(const struct nlmsghdr *h,
				   struct batch_item *it, size_t n,
				   unsigned int base)
{
	struct batch_item *b;

	if (h->nlmsg_seq - base >= n)
		return NULL;
	b = &it[h->nlmsg_seq - base];
	return b->asked && b->at.r == 2 ? b : NULL;
}

/* A reply too long to read: its item asks again. 1 if it was pending. */
static int batch_cut(const struct nlmsghdr *h, struct batch_item *it,
		     size_t n, unsigned int base)
{
	struct batch_item *b = batch_of(h, it, n, base);

	if (b == NULL)
		return 0;
	b->at.r = 1;
	return 1;
}

/* Take one reply of the batch (sequence numbers from base) into its
 * item's answer; returns 1 if it answered a pending item. */
static int batch_reply(const struct nlmsghdr *h, struct batch_item *it,
		       size_t n, unsigned int base)
{
	struct batch_item *b = batch_of(h, it, n, base);
	struct nlmsgerr e;

	if (b == NULL)
		return 0;
	b->at.r = 1;		/* unreadable: ask again, alone */
	if (h->nlmsg_type == NLMSG_ERROR) {
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(e))) {
			memcpy(&e, NLMSG_DATA(h), sizeof(e));
			if (e.error == -ENOENT)
				b->at.r = -1;
		}
	} else if (b->self.family == AF_UNIX) {
		if (diag_decode_unix(h, &b->at.d) == 0)
			b->at.r = 0;
	} else if (diag_decode_inet(h, &b->at.d) == 0) {
		b->at.d.protocol = b->self.protocol;
		b->at.d.type = b->self.protocol == IPPROTO_UDP ? SOCK_DGRAM
							       : SOCK_STREAM;
		b->at.r = 0;
	}
	return 1;
}

/* Read up to want answers of the batch in one call. Returns how many
 * pending items they answered, or -1 with errno. */
static int batch_recv(int nlfd, struct batch_item *it, size_t n,
		      unsigned int base, size_t want)
{
	/* Each answer is one datagram of well under 4 KiB. */
	static uint32_t buf[DIAG_BATCH][4096 / sizeof(uint32_t)];
	struct mmsghdr mm[DIAG_BATCH];
	struct iovec iov[DIAG_BATCH];
	int i, got, done = 0;

	if (want > DIAG_BATCH)
		want = DIAG_BATCH;
	memset(mm, 0, want * sizeof(mm[0]));
	for (i = 0; i < (int)want; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	got = recvmmsg(nlfd, mm, (unsigned int)want, MSG_WAITFORONE, NULL);
	for (i = 0; i < got; i++) {
		const struct nlmsghdr *h = (const void *)buf[i];
		ssize_t len = mm[i].msg_len;

		if (mm[i].msg_hdr.msg_flags & MSG_TRUNC) {
			/* Too long to read: that item asks again, alone. */
			if (len >= (ssize_t)sizeof(*h))
				done += batch_cut(h, it, n, base);
			continue;
		}
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
			done += batch_reply(h, it, n, base);
	}
	return got < 0 ? -1 : done;
}

/* The first lookups of it[0..n) in one message to the kernel; their
 * answers into each item's at (r 2 while pending, then 0, -1 or 1). */
static void batch_talk(int nlfd, struct batch_item *it, size_t n,
		       unsigned int flags)
{
	static uint32_t req[DIAG_BATCH * sizeof(struct inet_request) /
			    sizeof(uint32_t)];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned int base = diag_seq + 1;
	size_t i, len = 0, pending = 0;

	diag_seq += (unsigned int)n;
	for (i = 0; i < n; i++) {
		if (!it[i].ident)
			continue;
		batch_add(nlfd, &it[i], flags, base + (unsigned int)i,
			  (unsigned char *)req, &len);
		if (it[i].asked) {
			it[i].at.r = 2;
			pending++;
		}
	}
	if (pending == 0)
		return;
	while (sendto(nlfd, req, len, 0, (struct sockaddr *)&kernel,
		      sizeof(kernel)) < 0) {
		if (errno != EINTR)
			goto out;
	}
	/* The kernel has answered them all by now, one datagram each. */
	while (pending > 0) {
		int got = batch_recv(nlfd, it, n, base, pending);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		pending -= (size_t)got;
	}
out:
	for (i = 0; i < n; i++)
		if (it[i].asked && it[i].at.r == 2)
			it[i].at.r = 1;
}

/* Without netlink, what a unix descriptor tells of itself (out holds its
 * fd_ident): listening (SO_ACCEPTCONN), connected (a peer name), and the
 * queues as unix_diag counts them (SIOCINQ, SIOCOUTQ). Its peer's inode
 * is not known, nor a listener's queue and backlog. Returns 0. */
static int unix_from_fd(int fd, struct diag_sock *out)
{
	int v = 0, in = 0, outq = 0;
	socklen_t len = sizeof(v);

	fd_addrs(fd, out);
	out->unknown = DIAG_NO_PEER;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v) {
		out->state = TCP_LISTEN;
		out->unknown |= DIAG_NO_BACKLOG | DIAG_NO_ACCEPTQ;
		return 0;
	}
	out->state = out->peer_len ? TCP_ESTABLISHED : TCP_CLOSE;
	if (ioctl(fd, SIOCINQ, &in) == 0 && in > 0)
		out->rqueue = (unsigned int)in;
	if (ioctl(fd, SIOCOUTQ, &outq) == 0 && outq > 0)
		out->wqueue = (unsigned int)outq;
	return 0;
}

/* diag_lookup_fd_at for one item whose first lookup may be answered. */
/* An address-only query (fd -1) of a batch: what is on exactly its
 * local and peer, as diag_lookup_addr() checks the kernel's answer. */
static int batch_finish_addr(int nlfd, struct batch_item *it,
			     unsigned int flags, struct diag_sock *out)
{
	const struct diag_fd_query *q = it->q;
	const struct diag_sock *d = &it->at.d;

	if (it->at.r == 1) {	/* not asked, or no answer: on its own */
		if (diag_lookup_addr(nlfd, it->self.family, it->self.protocol,
				     q->local, q->peer, flags, out) == 0)
			return 0;
		return errno == ENOENT ? -1 : -2;
	}
	if (it->at.r != 0 || d->peer_len == 0 ||
	    sa_port((const void *)&d->peer) != sa_port(q->peer) ||
	    !same_host((const void *)&d->peer, q->peer, 0)) {
		errno = ENOENT;
		return -1;
	}
	*out = *d;
	return 0;
}

static int batch_finish(int nlfd, struct batch_item *it, unsigned int flags,
			struct diag_sock *out)
{
	const struct diag_fd_query *q = it->q;
	int r;

	if (q->fd < 0 && it->ident)
		return batch_finish_addr(nlfd, it, flags, out);
	if (!it->ident)
		return -1;
	*out = it->self;
	if (it->self.family == AF_UNIX) {
		if (it->at.r == 0) {
			*out = it->at.d;
			return 0;
		}
		r = -1;
		errno = ENOENT;
		if (it->at.r == 1 && nlfd < 0)
			return unix_from_fd(q->fd, out);
		if (it->at.r == 1)
			r = diag_lookup_unix(nlfd, it->self.inode, out);
		if (r < 0) {
			*out = it->self;
			fd_addrs(q->fd, out);
		}
		return r;
	}
	if (lookup_fd_self(nlfd, q, &it->self, flags, &it->at, out) == 0)
		return 0;
	return leftover(nlfd, &it->self, q->local, q->peer, flags, &it->at,
			out);
}

void diag_lookup_fds_at(int nlfd, const struct diag_fd_query *q, size_t n,
			unsigned int flags, struct diag_sock *out, int *rc)
{
	struct batch_item it[DIAG_BATCH];
	size_t i, k, m;

	for (k = 0; k < n; k += m) {
		m = n - k < DIAG_BATCH ? n - k : DIAG_BATCH;
		for (i = 0; i < m; i++) {
			memset(&it[i], 0, sizeof(it[i]));
			it[i].q = &q[k + i];
			it[i].at.r = 1;
			memset(&out[k + i], 0, sizeof(out[k + i]));
			if (q[k + i].fd < 0) {
				it[i].ident = q[k + i].ident && q[k + i].local &&
					      q[k + i].peer;
				if (it[i].ident)
					ident_known(q[k + i].ident,
						    &it[i].self);
			} else if (q[k + i].ident && q[k + i].ident->inode) {
				ident_known(q[k + i].ident, &it[i].self);
				it[i].ident = 1;
			} else {
				it[i].ident = fd_ident(q[k + i].fd,
						       &it[i].self) == 0;
			}
		}
		if (nlfd >= 0)
			batch_talk(nlfd, it, m, flags);
		for (i = 0; i < m; i++)
			rc[k + i] = batch_finish(nlfd, &it[i], flags,
						 &out[k + i]);
	}
}

int diag_lookup_fd_at(int nlfd, int fd, const struct sockaddr *local,
		      const struct sockaddr *peer, unsigned int flags,
		      struct diag_sock *out)
{
	struct diag_fd_query q = { fd, local, peer, NULL, 0, 0 };
	struct batch_item it;

	memset(&it, 0, sizeof(it));
	it.q = &q;
	it.at.r = 1;
	it.ident = fd_ident(fd, &it.self) == 0;
	if (!it.ident)
		return -1;
	return batch_finish(nlfd, &it, flags, out);
}

int diag_lookup_fd(int nlfd, int fd, struct diag_sock *out)
{
	return diag_lookup_fd_at(nlfd, fd, NULL, NULL, DIAG_TCPINFO, out);
}

/* 1 if the inet addresses and ports of a and b are the same. */
static int same_endpoint(const struct sockaddr *a, const struct sockaddr *b)
{
	return sa_port(a) == sa_port(b) && same_host(a, b, 0);
}

int diag_same_sock(const struct diag_sock *a, const struct diag_sock *b)
{
	if (a->cookie && b->cookie)
		return a->cookie == b->cookie;
	if (a->inode && b->inode)
		return a->inode == b->inode;
	/* A connection in an accept queue has no inode until accept(). */
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    a->family != b->family || a->protocol != b->protocol ||
	    !a->local_len || !b->local_len || !a->peer_len || !b->peer_len)
		return 0;
	return same_endpoint((const void *)&a->local, (const void *)&b->local) &&
	       same_endpoint((const void *)&a->peer, (const void *)&b->peer);
}

/* ---- state names ------------------------------------------------------- */

static const char *const state_names[] = {
	[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN-SENT",
	[TCP_SYN_RECV] = "SYN-RECV", [TCP_FIN_WAIT1] = "FIN-WAIT-1",
	[TCP_FIN_WAIT2] = "FIN-WAIT-2", [TCP_TIME_WAIT] = "TIME-WAIT",
	[TCP_CLOSE] = "CLOSED", [TCP_CLOSE_WAIT] = "CLOSE-WAIT",
	[TCP_LAST_ACK] = "LAST-ACK", [TCP_LISTEN] = "LISTEN",
	[TCP_CLOSING] = "CLOSING", [TCP_NEW_SYN_RECV] = "SYN-RECV",
};

const char *diag_state_name(int protocol, int state)
{
	if (state == TCP_CLOSE && protocol != IPPROTO_TCP)
		return "UNCONN";
	if (state <= 0 || state >= (int)ARRAY_SIZE(state_names))
		return "UNKNOWN";
	return state_names[state];
}

int diag_state_value(const char *name)
{
	static const struct {
		const char *name;
		int state;
	} extra[] = {
		{ "ESTAB", TCP_ESTABLISHED }, { "UNCONN", TCP_CLOSE },
		{ "CLOSE", TCP_CLOSE }, { "FIN-WAIT1", TCP_FIN_WAIT1 },
		{ "FIN-WAIT2", TCP_FIN_WAIT2 },
	};
	char buf[16];
	size_t i;

	for (i = 0; i < sizeof(buf) - 1 && name[i]; i++)
		buf[i] = name[i] == '_' ? '-' : name[i];
	if (name[i])
		return -1;
	buf[i] = '\0';
	for (i = 1; i < ARRAY_SIZE(state_names); i++)
		if (state_names[i] && strcasecmp(buf, state_names[i]) == 0)
			return (int)i;
	for (i = 0; i < ARRAY_SIZE(extra); i++)
		if (strcasecmp(buf, extra[i].name) == 0)
			return extra[i].state;
	return -1;
}

const char *diag_state_help(int protocol, int state)
{
	switch (state) {
	case TCP_LISTEN:
		return N_("waits for connections; the kernel completes the "
		          "handshakes and queues them for accept()");
	case TCP_SYN_SENT:
		return N_("connect() sent a SYN and waits for SYN+ACK");
	case TCP_SYN_RECV:
	case TCP_NEW_SYN_RECV:
		return N_("a SYN arrived and SYN+ACK went back; waiting for "
		          "the last ACK of the handshake");
	case TCP_ESTABLISHED:
		return protocol == IPPROTO_UDP
			       ? N_("connected: default destination set, "
				    "datagrams from others dropped")
			       : N_("connected: data can flow both ways");
	case TCP_FIN_WAIT1:
		return N_("this end closed and sent FIN; waiting for its ACK");
	case TCP_FIN_WAIT2:
		return N_("our FIN was acknowledged; waiting for the peer's FIN");
	case TCP_TIME_WAIT:
		return N_("closed first: the kernel keeps the connection "
		          "for 60 s so that late segments die out");
	case TCP_CLOSE:
		return protocol == IPPROTO_TCP
			       ? N_("no connection: nothing in the kernel's tables")
			       : N_("not connected: takes datagrams from anyone");
	case TCP_CLOSE_WAIT:
		return N_("the peer closed (FIN received); read what is left, "
		          "then close() this end");
	case TCP_LAST_ACK:
		return N_("closed after the peer; waiting for the ACK of our FIN");
	case TCP_CLOSING:
		return N_("both ends closed at once; waiting for the ACK of "
		          "our FIN");
	}
	return NULL;
}

/* ---- /proc/net fallback ------------------------------------------------ */

/* Parse "0100007F:1F90" (or 32 hex digits for IPv6) into ss. */
static int proc_addr(const char *s, int family, struct sockaddr_storage *ss,
		     socklen_t *len)
{
	uint32_t w[4];
	unsigned int port;
	int i, nw = family == AF_INET ? 1 : 4;
	char hex[9];

	for (i = 0; i < nw; i++) {
		memcpy(hex, s + 8 * i, 8);
		hex[8] = '\0';
		if (strlen(hex) != 8)
			return -1;
		/* The kernel printed each 32-bit word as a host number. */
		w[i] = (uint32_t)strtoul(hex, NULL, 16);
	}
	if (sscanf(s + 8 * nw, ":%x", &port) != 1)
		return -1;
	*len = set_inet(ss, family, w, htons(port), 0);
	return 0;
}

/*
 * One line of /proc/net/{tcp,udp}{,6}: "sl local rem st tx:rx tr:when
 * retrnsmt uid timeout inode ...". For a listener rx is the accept
 * queue, as netlink's rqueue, but tx is 0: the backlog is not there.
 * The timer (tr, netlink's numbering) fires in when clock ticks.
 */
static int proc_line(const char *line, int family, int protocol,
		     struct diag_sock *d)
{
	char la[64], ra[64];
	unsigned int st, tx, rx, tr, retr, uid;
	unsigned long when, ino;
	long hz = sysconf(_SC_CLK_TCK);

	if (sscanf(line, "%*d: %63s %63s %x %x:%x %x:%lx %x %u %*d %lu", la, ra,
		   &st, &tx, &rx, &tr, &when, &retr, &uid, &ino) != 10)
		return -1;
	memset(d, 0, sizeof(*d));
	d->family = family;
	d->protocol = protocol;
	d->type = protocol == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
	d->state = st == TCP_NEW_SYN_RECV ? TCP_SYN_RECV : (int)st;
	d->rqueue = rx;
	d->wqueue = tx;
	if (protocol == IPPROTO_TCP && st == TCP_LISTEN) {
		d->wqueue = 0;
		d->unknown = DIAG_NO_BACKLOG;
	}
	d->timer = (int)tr;
	d->expires_ms = (unsigned int)(when * 1000 / (hz > 0 ? hz : 100));
	d->retrans = retr;
	d->uid = uid;
	d->inode = ino;
	if (proc_addr(la, family, &d->local, &d->local_len) < 0 ||
	    proc_addr(ra, family, &d->peer, &d->peer_len) < 0)
		return -1;
	if (sa_port((const struct sockaddr *)&d->peer) == 0)
		d->peer_len = 0;
	return 0;
}

/* 1 if d is on port (with all, or talks to port). */
static int on_port(const struct diag_sock *d, unsigned short port, int all)
{
	return sa_port((const void *)&d->local) == port ||
	       (all && d->peer_len && sa_port((const void *)&d->peer) == port);
}

static void collect_add(struct collect *c, const struct diag_sock *d)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = *d;
}

/* The sockets of /proc/net/{tcp,udp}{,6} on port (with all, also those
 * whose peer is on port); every one with port -1. */
static int proc_read(int family, int protocol, int port, int all,
		     struct collect *c)
{
	char path[32], line[512];
	struct diag_sock d;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s%s",
		 protocol == IPPROTO_TCP ? "tcp" : "udp",
		 family == AF_INET6 ? "6" : "");
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (proc_line(line, family, protocol, &d) < 0 ||
		    (port >= 0 && !on_port(&d, (unsigned short)port, all)))
			continue;
		collect_add(c, &d);
	}
	fclose(f);
	return 0;
}

/*
 * While held (diag_hold), each /proc/net file is read once, whole: the
 * kernel prints every socket of the machine into it, so a snapshot that
 * looks up each of its sockets would otherwise read it again for each.
 */
static struct {
	int hold;
	int have[4];
	struct collect all[4];
} proc_cache;

void diag_hold(int on)
{
	size_t i;

	proc_cache.hold = on;
	for (i = 0; !on && i < ARRAY_SIZE(proc_cache.all); i++) {
		free(proc_cache.all[i].v);
		memset(&proc_cache.all[i], 0, sizeof(proc_cache.all[i]));
		proc_cache.have[i] = 0;
	}
}

static int proc_list(int family, int protocol, unsigned short port, int all,
		     struct collect *c)
{
	int k = (protocol == IPPROTO_UDP) * 2 + (family == AF_INET6);
	struct collect *a = &proc_cache.all[k];
	size_t i;

	if (!proc_cache.hold)
		return proc_read(family, protocol, port, all, c);
	if (!proc_cache.have[k]) {
		if (proc_read(family, protocol, -1, 0, a) < 0)
			return -1;
		proc_cache.have[k] = 1;
	}
	for (i = 0; i < a->n; i++)
		if (on_port(&a->v[i], port, all))
			collect_add(c, &a->v[i]);
	return 0;
}

/* ---- owners ------------------------------------------------------------ */

/* 1 if process pid holds a descriptor whose link reads target. */
static int pid_holds(const char *pid, const char *target)
{
	char path[64], link[64];
	struct dirent *e;
	int found = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%.24s/fd", pid);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		char fdpath[96];
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(fdpath, sizeof(fdpath), "%s/%.24s", path,
			 e->d_name);
		n = readlink(fdpath, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			found = strcmp(link, target) == 0;
		}
	}
	closedir(d);
	return found;
}

int diag_owner(unsigned long inode, char *buf, size_t n)
{
	char target[40], comm[64] = "?", path[64];
	struct dirent *e;
	DIR *proc;
	FILE *f;

	snprintf(target, sizeof(target), "socket:[%lu]", inode);
	proc = opendir("/proc");
	if (proc == NULL)
		return -1;
	while ((e = readdir(proc)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    !pid_holds(e->d_name, target))
			continue;
		snprintf(path, sizeof(path), "/proc/%.24s/comm", e->d_name);
		f = fopen(path, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		snprintf(buf, n, "%s(%s)", comm, e->d_name);
		closedir(proc);
		return 0;
	}
	closedir(proc);
	errno = ENOENT;
	return -1;
}
