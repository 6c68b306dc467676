/* check_diag.c - unit tests of diag.c: decoders on hand-built netlink
 * messages, the state name table, and live lookups on loopback. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "addr.h"
#include "diag.h"
#include "kernel.h"
#include "session.h"
#include "state.h"
#include "suites.h"

/* ---- building messages ------------------------------------------------- */

/* A reply message under construction, aligned like a netlink buffer. */
struct msg {
	union {
		struct nlmsghdr h;
		unsigned char b[2048];
	} u;
};

static struct nlmsghdr *msg_start(struct msg *m, const void *body, size_t n)
{
	memset(m, 0, sizeof(*m));
	m->u.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	m->u.h.nlmsg_len = NLMSG_LENGTH(n);
	memcpy(NLMSG_DATA(&m->u.h), body, n);
	return &m->u.h;
}

static void msg_attr(struct msg *m, int type, const void *data, size_t n)
{
	struct nlattr a = { (unsigned short)(NLA_HDRLEN + n),
			    (unsigned short)type };
	size_t off = NLMSG_ALIGN(m->u.h.nlmsg_len);

	ck_assert_uint_le(off + NLA_ALIGN(a.nla_len), sizeof(m->u.b));
	memcpy(m->u.b + off, &a, sizeof(a));
	memcpy(m->u.b + off + NLA_HDRLEN, data, n);
	m->u.h.nlmsg_len = off + a.nla_len;
}

static struct inet_diag_msg inet_msg(int family, int state, const char *src,
				     int sport, const char *dst, int dport)
{
	struct inet_diag_msg d;

	memset(&d, 0, sizeof(d));
	d.idiag_family = family;
	d.idiag_state = state;
	d.id.idiag_sport = htons(sport);
	d.id.idiag_dport = htons(dport);
	ck_assert_int_eq(inet_pton(family, src, d.id.idiag_src), 1);
	ck_assert_int_eq(inet_pton(family, dst, d.id.idiag_dst), 1);
	d.id.idiag_cookie[0] = 0x11223344;
	d.id.idiag_cookie[1] = 0x1;
	return d;
}

/* The address in ss as "ip:port" for comparisons. */
static const char *fmt_addr(const struct sockaddr_storage *ss, char *buf,
			    size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ss;

		inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
		port = ntohs(s->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ss;

		inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
		port = ntohs(s->sin6_port);
	}
	snprintf(buf, n, "%s:%u", ip, port);
	return buf;
}

/* ---- decoders ---------------------------------------------------------- */

START_TEST(test_decode_tcp4_listen)
{
	struct inet_diag_msg d = inet_msg(AF_INET, TCP_LISTEN, "127.0.0.1",
					  8001, "0.0.0.0", 0);
	unsigned char proto = IPPROTO_TCP;
	struct diag_sock s;
	struct msg m;
	char buf[64];

	d.idiag_rqueue = 3;
	d.idiag_wqueue = 64;
	d.idiag_inode = 123456;
	d.idiag_uid = 1000;
	msg_start(&m, &d, sizeof(d));
	msg_attr(&m, INET_DIAG_PROTOCOL, &proto, 1);
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.family, AF_INET);
	ck_assert_int_eq(s.protocol, IPPROTO_TCP);
	ck_assert_int_eq(s.type, SOCK_STREAM);
	ck_assert_int_eq(s.state, TCP_LISTEN);
	ck_assert_str_eq(fmt_addr(&s.local, buf, sizeof(buf)),
			 "127.0.0.1:8001");
	ck_assert_uint_eq(s.local_len, sizeof(struct sockaddr_in));
	ck_assert_uint_eq(s.peer_len, 0);
	ck_assert_uint_eq(s.rqueue, 3);
	ck_assert_uint_eq(s.wqueue, 64);
	ck_assert_uint_eq(s.inode, 123456);
	ck_assert_uint_eq(s.uid, 1000);
	ck_assert(s.cookie == 0x111223344ULL);
	ck_assert_int_eq(s.has_tcpinfo, 0);
}
END_TEST

START_TEST(test_decode_tcp4_established_info)
{
	struct inet_diag_msg d = inet_msg(AF_INET, TCP_ESTABLISHED,
					  "10.0.0.1", 40000, "10.0.0.2", 80);
	unsigned char info[232];
	struct tcp_info ti;	/* glibc's copy of the UAPI layout */
	unsigned long long acked = 5000000000ULL, sent = 7;
	struct diag_sock s;
	struct msg m;
	char buf[64];

	d.idiag_rqueue = 5;
	d.idiag_wqueue = 7;
	d.idiag_timer = 1;
	d.idiag_retrans = 2;
	d.idiag_expires = 200;
	memset(&ti, 0, sizeof(ti));
	ti.tcpi_rtt = 1234;
	ti.tcpi_rttvar = 56;
	ti.tcpi_snd_cwnd = 10;
	ti.tcpi_total_retrans = 3;
	ti.tcpi_retransmits = 1;
	ti.tcpi_snd_mss = 1448;
	memset(info, 0, sizeof(info));
	memcpy(info, &ti, sizeof(ti));
	memcpy(info + 120, &acked, 8);	/* tcpi_bytes_acked */
	memcpy(info + 200, &sent, 8);	/* tcpi_bytes_sent */
	msg_start(&m, &d, sizeof(d));
	msg_attr(&m, INET_DIAG_INFO, info, sizeof(info));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.state, TCP_ESTABLISHED);
	ck_assert_int_eq(s.protocol, 0);	/* no INET_DIAG_PROTOCOL */
	ck_assert_str_eq(fmt_addr(&s.local, buf, sizeof(buf)),
			 "10.0.0.1:40000");
	ck_assert_str_eq(fmt_addr(&s.peer, buf, sizeof(buf)), "10.0.0.2:80");
	ck_assert_uint_eq(s.rqueue, 5);
	ck_assert_uint_eq(s.wqueue, 7);
	ck_assert_int_eq(s.timer, 1);
	ck_assert_uint_eq(s.retrans, 2);
	ck_assert_uint_eq(s.expires_ms, 200);
	ck_assert_int_eq(s.has_tcpinfo, 1);
	ck_assert_uint_eq(s.ti.rtt_us, 1234);
	ck_assert_uint_eq(s.ti.rttvar_us, 56);
	ck_assert_uint_eq(s.ti.snd_cwnd, 10);
	ck_assert_uint_eq(s.ti.total_retrans, 3);
	ck_assert_uint_eq(s.ti.retransmits, 1);
	ck_assert_uint_eq(s.ti.snd_mss, 1448);
	ck_assert(s.ti.bytes_acked == acked);
	ck_assert(s.ti.bytes_sent == sent);
}
END_TEST

START_TEST(test_decode_tcpinfo_short)
{
	/* An old kernel's shorter tcp_info: later fields read as 0. */
	struct inet_diag_msg d = inet_msg(AF_INET, TCP_ESTABLISHED, "1.2.3.4",
					  1, "5.6.7.8", 2);
	struct tcp_info ti;
	struct diag_sock s;
	struct msg m;

	memset(&ti, 0xff, sizeof(ti));
	ti.tcpi_rtt = 77;
	msg_start(&m, &d, sizeof(d));
	/* Cut just before tcpi_total_retrans (offset 100). */
	msg_attr(&m, INET_DIAG_INFO, &ti, 100);
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.has_tcpinfo, 1);
	ck_assert_uint_eq(s.ti.rtt_us, 77);
	ck_assert_uint_eq(s.ti.total_retrans, 0);
	ck_assert(s.ti.bytes_acked == 0);
	ck_assert(s.ti.bytes_sent == 0);
}
END_TEST

START_TEST(test_decode_tcp6)
{
	struct inet_diag_msg d = inet_msg(AF_INET6, TCP_ESTABLISHED, "::1",
					  8001, "2001:db8::7", 51234);
	struct diag_sock s;
	struct msg m;
	char buf[64];

	d.idiag_rqueue = 11;
	d.idiag_wqueue = 22;
	msg_start(&m, &d, sizeof(d));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.family, AF_INET6);
	ck_assert_uint_eq(s.local_len, sizeof(struct sockaddr_in6));
	ck_assert_str_eq(fmt_addr(&s.local, buf, sizeof(buf)), "::1:8001");
	ck_assert_str_eq(fmt_addr(&s.peer, buf, sizeof(buf)),
			 "2001:db8::7:51234");
	ck_assert_uint_eq(s.rqueue, 11);
	ck_assert_uint_eq(s.wqueue, 22);
}
END_TEST

START_TEST(test_decode_tcp6_listen_and_synrecv)
{
	struct inet_diag_msg d = inet_msg(AF_INET6, TCP_LISTEN, "::", 443,
					  "::", 0);
	struct diag_sock s;
	struct msg m;

	d.idiag_wqueue = 4096;
	msg_start(&m, &d, sizeof(d));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.state, TCP_LISTEN);
	ck_assert_uint_eq(s.peer_len, 0);
	ck_assert_uint_eq(s.wqueue, 4096);
	/* A request socket (TCP_NEW_SYN_RECV, 12) reads as SYN-RECV. */
	d.idiag_state = 12;
	msg_start(&m, &d, sizeof(d));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.state, TCP_SYN_RECV);
}
END_TEST

START_TEST(test_decode_udp)
{
	struct inet_diag_msg d = inet_msg(AF_INET, TCP_CLOSE, "0.0.0.0", 53,
					  "0.0.0.0", 0);
	unsigned char proto = IPPROTO_UDP;
	struct diag_sock s;
	struct msg m;

	d.idiag_rqueue = 768;
	msg_start(&m, &d, sizeof(d));
	msg_attr(&m, INET_DIAG_PROTOCOL, &proto, 1);
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), 0);
	ck_assert_int_eq(s.protocol, IPPROTO_UDP);
	ck_assert_int_eq(s.type, SOCK_DGRAM);
	ck_assert_int_eq(s.state, TCP_CLOSE);
	ck_assert_uint_eq(s.rqueue, 768);
	ck_assert_uint_eq(s.peer_len, 0);
	ck_assert_str_eq(diag_state_name(s.protocol, s.state), "UNCONN");
}
END_TEST

START_TEST(test_decode_unix)
{
	struct unix_diag_msg u;
	struct unix_diag_rqlen rq = { 2, 100 };
	unsigned int peer = 4242, uid = 1001, icons[3] = { 1, 2, 3 };
	static const char path[] = "/tmp/x.sock";
	const struct sockaddr_un *sun;
	struct diag_sock s;
	struct msg m;

	memset(&u, 0, sizeof(u));
	u.udiag_family = AF_UNIX;
	u.udiag_type = SOCK_STREAM;
	u.udiag_state = TCP_ESTABLISHED;
	u.udiag_ino = 777;
	msg_start(&m, &u, sizeof(u));
	msg_attr(&m, UNIX_DIAG_NAME, path, sizeof(path));	/* with NUL */
	msg_attr(&m, UNIX_DIAG_PEER, &peer, 4);
	msg_attr(&m, UNIX_DIAG_RQLEN, &rq, sizeof(rq));
	msg_attr(&m, UNIX_DIAG_UID, &uid, 4);
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), 0);
	ck_assert_int_eq(s.family, AF_UNIX);
	ck_assert_int_eq(s.type, SOCK_STREAM);
	ck_assert_int_eq(s.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(s.inode, 777);
	ck_assert_uint_eq(s.unix_peer_inode, 4242);
	ck_assert_uint_eq(s.rqueue, 2);
	ck_assert_uint_eq(s.wqueue, 100);
	ck_assert_uint_eq(s.uid, 1001);
	sun = (const struct sockaddr_un *)&s.local;
	ck_assert_int_eq(sun->sun_family, AF_UNIX);
	ck_assert_str_eq(sun->sun_path, path);
	ck_assert_uint_eq(s.local_len,
			  offsetof(struct sockaddr_un, sun_path) +
				  sizeof(path));

	/* An abstract listener: leading NUL, pending connections. */
	u.udiag_state = TCP_LISTEN;
	msg_start(&m, &u, sizeof(u));
	msg_attr(&m, UNIX_DIAG_NAME, "\0abc", 4);
	msg_attr(&m, UNIX_DIAG_ICONS, icons, sizeof(icons));
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), 0);
	ck_assert_int_eq(s.state, TCP_LISTEN);
	ck_assert_uint_eq(s.unix_pending, 3);
	ck_assert_uint_eq(s.unix_peer_inode, 0);
	sun = (const struct sockaddr_un *)&s.local;
	ck_assert_int_eq(sun->sun_path[0], '\0');
	ck_assert_int_eq(memcmp(sun->sun_path + 1, "abc", 3), 0);
	ck_assert_uint_eq(s.local_len,
			  offsetof(struct sockaddr_un, sun_path) + 4);

	/* Unnamed: just the family. */
	msg_start(&m, &u, sizeof(u));
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), 0);
	ck_assert_uint_eq(s.local_len, offsetof(struct sockaddr_un, sun_path));
}
END_TEST

START_TEST(test_decode_rejects)
{
	struct inet_diag_msg d = inet_msg(AF_INET, TCP_LISTEN, "127.0.0.1", 1,
					  "0.0.0.0", 0);
	struct unix_diag_msg u;
	struct diag_sock s;
	struct msg m;
	struct nlattr bad;
	size_t off;

	/* Truncated: shorter than the fixed message. */
	msg_start(&m, &d, sizeof(d));
	m.u.h.nlmsg_len = NLMSG_LENGTH(sizeof(d) - 1);
	errno = 0;
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EBADMSG);
	m.u.h.nlmsg_len = 0;
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), -1);

	/* An attribute running past the end of the message. */
	msg_start(&m, &d, sizeof(d));
	msg_attr(&m, INET_DIAG_INFO, "abcdefgh", 8);
	off = NLMSG_LENGTH(sizeof(d));
	bad.nla_len = 200;
	bad.nla_type = INET_DIAG_INFO;
	memcpy(m.u.b + off, &bad, sizeof(bad));
	errno = 0;
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EBADMSG);

	/* An attribute claiming less than its own header. */
	bad.nla_len = 2;
	memcpy(m.u.b + off, &bad, sizeof(bad));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EBADMSG);

	/* Garbage: wrong message type, wrong family. */
	msg_start(&m, &d, sizeof(d));
	m.u.h.nlmsg_type = NLMSG_ERROR;
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EPROTO);
	d.idiag_family = AF_UNIX;
	msg_start(&m, &d, sizeof(d));
	ck_assert_int_eq(diag_decode_inet(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EPROTO);

	/* A unix decoder fed an inet message, and a truncated unix one. */
	memset(&u, 0, sizeof(u));
	u.udiag_family = AF_INET;
	msg_start(&m, &u, sizeof(u));
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EPROTO);
	u.udiag_family = AF_UNIX;
	msg_start(&m, &u, sizeof(u));
	msg_attr(&m, UNIX_DIAG_NAME, "/x", 3);
	m.u.h.nlmsg_len -= 2;	/* cut into the attribute */
	ck_assert_int_eq(diag_decode_unix(&m.u.h, &s), -1);
	ck_assert_int_eq(errno, EBADMSG);
}
END_TEST

/* ---- state names ------------------------------------------------------- */

START_TEST(test_state_names)
{
	static const struct {
		int state;
		const char *name;
	} t[] = {
		{ TCP_LISTEN, "LISTEN" }, { TCP_SYN_SENT, "SYN-SENT" },
		{ TCP_SYN_RECV, "SYN-RECV" },
		{ TCP_ESTABLISHED, "ESTABLISHED" },
		{ TCP_FIN_WAIT1, "FIN-WAIT-1" },
		{ TCP_FIN_WAIT2, "FIN-WAIT-2" },
		{ TCP_TIME_WAIT, "TIME-WAIT" },
		{ TCP_CLOSE_WAIT, "CLOSE-WAIT" },
		{ TCP_LAST_ACK, "LAST-ACK" }, { TCP_CLOSING, "CLOSING" },
		{ TCP_CLOSE, "CLOSED" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_str_eq(diag_state_name(IPPROTO_TCP, t[i].state),
				 t[i].name);
		ck_assert_int_eq(diag_state_value(t[i].name), t[i].state);
		ck_assert_ptr_nonnull(diag_state_help(IPPROTO_TCP,
						      t[i].state));
	}
	ck_assert_str_eq(diag_state_name(IPPROTO_UDP, TCP_CLOSE), "UNCONN");
	ck_assert_str_eq(diag_state_name(0, TCP_CLOSE), "UNCONN");
	ck_assert_str_eq(diag_state_name(IPPROTO_UDP, TCP_ESTABLISHED),
			 "ESTABLISHED");
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, 12), "SYN-RECV");
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, 0), "UNKNOWN");
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, 99), "UNKNOWN");
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, -1), "UNKNOWN");
	ck_assert_int_eq(diag_state_value("estab"), TCP_ESTABLISHED);
	ck_assert_int_eq(diag_state_value("time_wait"), TCP_TIME_WAIT);
	ck_assert_int_eq(diag_state_value("Syn_Recv"), TCP_SYN_RECV);
	ck_assert_int_eq(diag_state_value("UNCONN"), TCP_CLOSE);
	ck_assert_int_eq(diag_state_value("listening"), -1);
	ck_assert_int_eq(diag_state_value(""), -1);
	ck_assert_int_eq(diag_state_value("ESTABLISHEDESTABLISHED"), -1);
}
END_TEST

/* Rows read from /proc/net have no cookie: a connection in an accept
 * queue (no inode yet) is known by its four-tuple. */
START_TEST(test_same_sock)
{
	struct diag_sock a, b;
	struct sockaddr_in *l = (struct sockaddr_in *)&a.local;
	struct sockaddr_in *p = (struct sockaddr_in *)&a.peer;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	a.protocol = IPPROTO_TCP;
	l->sin_family = p->sin_family = AF_INET;
	l->sin_addr.s_addr = p->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l->sin_port = htons(40000);
	p->sin_port = htons(50000);
	a.local_len = a.peer_len = sizeof(*l);
	b = a;
	ck_assert(diag_same_sock(&a, &b));
	/* accept() gave it an inode: still the same connection. */
	b.inode = 77;
	ck_assert(diag_same_sock(&a, &b));
	((struct sockaddr_in *)&b.peer)->sin_port = htons(50001);
	ck_assert(!diag_same_sock(&a, &b));
	/* Both inodes known: they decide. */
	b = a;
	a.inode = 1;
	b.inode = 2;
	ck_assert(!diag_same_sock(&a, &b));
	/* Both cookies known (netlink): they decide. */
	a.cookie = b.cookie = 9;
	ck_assert(diag_same_sock(&a, &b));
	b.cookie = 10;
	b.inode = 1;
	ck_assert(!diag_same_sock(&a, &b));
	/* No addresses, no cookies, no inodes: nothing to go by. */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ck_assert(!diag_same_sock(&a, &b));
}
END_TEST

/* A listener whose backlog nobody knows is never called full. */
START_TEST(test_row_backlog_unknown)
{
	struct state_row r;
	struct sbuf b = SBUF_INIT;

	memset(&r, 0, sizeof(r));
	r.found = 1;
	r.d.family = AF_INET;
	r.d.protocol = IPPROTO_TCP;
	r.d.state = TCP_LISTEN;
	r.d.rqueue = 1;
	r.d.unknown = DIAG_NO_BACKLOG;
	ck_assert(!state_row_full(&r));
	state_row_backlog(&r, &b);
	ck_assert_str_eq(sbuf_str(&b), "backlog unknown");
	/* listen(fd, 0): Linux still queues one, and then it is full. */
	r.d.unknown = 0;
	ck_assert(state_row_full(&r));
	sbuf_reset(&b);
	state_row_backlog(&r, &b);
	ck_assert_str_eq(sbuf_str(&b), "backlog 0");
	sbuf_free(&b);
}
END_TEST

/* What listen() leaves in the kernel, for when /proc/net cannot say. */
START_TEST(test_backlog_clamp)
{
	ck_assert_uint_eq(kernel_backlog_clamp(8, 4096), 8);
	ck_assert_uint_eq(kernel_backlog_clamp(0, 4096), 0);
	ck_assert_uint_eq(kernel_backlog_clamp(5000, 4096), 4096);
	/* Negative: as unsigned, huge, so somaxconn. */
	ck_assert_uint_eq(kernel_backlog_clamp(-1, 128), 128);
}
END_TEST

static void want_schedule(unsigned int retries, unsigned int linear,
			  const unsigned int *want, size_t n,
			  unsigned int want_giveup)
{
	unsigned int at[16], giveup = 0;
	size_t i;

	ck_assert_uint_eq(kernel_syn_schedule(retries, linear, at,
					      ARRAY_SIZE(at), &giveup), n);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(at[i], want[i]);
	ck_assert_uint_eq(giveup, want_giveup);
}

/* SYN retransmissions: Linux 6.5's tcp_syn_linear_timeouts (default 4)
 * and older kernels (no such sysctl: 0), as ip-sysctl.rst documents
 * them (67 s to the last one and 131 s to ETIMEDOUT, or 63 s and 127 s),
 * and as measured with TCP_SYNCNT 1, 2 and 3 (gives up at 3, 7, 19 s). */
START_TEST(test_syn_schedule)
{
	static const unsigned int linear[] = {1, 2, 3, 4, 5, 7, 11, 19, 35, 67};
	static const unsigned int doubling[] = {1, 3, 7, 15, 31, 63};
	static const unsigned int capped[] = {1, 3, 7, 15, 31, 63, 127, 247};
	unsigned int at[3];

	want_schedule(6, 4, linear, 10, 131);
	want_schedule(6, 0, doubling, 6, 127);
	/* The time retries doubling waits take also ends it: 7 s. */
	want_schedule(2, 4, linear, 5, 7);
	want_schedule(3, 4, linear, 7, 19);
	want_schedule(1, 4, linear, 2, 3);
	want_schedule(1, 0, doubling, 1, 3);
	/* The wait never grows past TCP_RTO_MAX, 120 s. */
	want_schedule(8, 0, capped, 8, 367);
	/* Only max times are stored; the count is all of them. */
	ck_assert_uint_eq(kernel_syn_schedule(6, 4, at, 3, NULL), 10);
	ck_assert_uint_eq(at[2], 3);
}
END_TEST

/* The words say this kernel's own values. */
START_TEST(test_syn_words)
{
	char buf[256], want[64];
	long v;

	kernel_syn_words(-1, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "1, ", 3) == 0, "%s", buf);
	if (kernel_sysctl("net/ipv4/tcp_syn_retries", &v) == 0) {
		snprintf(want, sizeof(want), "tcp_syn_retries=%ld", v);
		ck_assert_msg(strstr(buf, want) != NULL, "%s", buf);
	}
	if (kernel_sysctl("net/ipv4/tcp_syn_linear_timeouts", &v) == 0) {
		snprintf(want, sizeof(want), "tcp_syn_linear_timeouts=%ld", v);
		ck_assert_msg(strstr(buf, want) != NULL, "%s", buf);
	} else {
		ck_assert_msg(strstr(buf, "before Linux 6.5") != NULL, "%s",
			      buf);
	}
}
END_TEST

/* A client knocking at a full listener is told this kernel's times, not
 * a fixed list ("1 s, 3 s, 7 s" is wrong since Linux 6.5). */
START_TEST(test_syn_note)
{
	struct state_row rows[2];
	struct state_snap snap = {rows, 2, 2};
	struct sockaddr_in *sin;
	struct sbuf b = SBUF_INIT;
	char words[256];

	memset(rows, 0, sizeof(rows));
	rows[0].kind = rows[1].kind = STATE_OPEN;
	rows[0].found = rows[1].found = 1;
	rows[0].fd = rows[1].fd = -1;
	snprintf(rows[0].name, sizeof(rows[0].name), "lfd");
	rows[0].d.family = rows[1].d.family = AF_INET;
	rows[0].d.protocol = rows[1].d.protocol = IPPROTO_TCP;
	rows[0].d.state = TCP_LISTEN;
	rows[0].d.rqueue = 3;
	rows[0].d.wqueue = 2;
	sin = (struct sockaddr_in *)&rows[0].d.local;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(5000);
	rows[0].d.local_len = sizeof(*sin);
	rows[1].d.state = TCP_SYN_SENT;
	rows[1].d.peer = rows[0].d.local;
	rows[1].d.peer_len = sizeof(*sin);
	state_row_note(&snap, &rows[1], &b);
	kernel_syn_words(-1, words, sizeof(words));
	ck_assert_msg(strstr(sbuf_str(&b), "lfd's accept queue is full") &&
			      strstr(sbuf_str(&b), words),
		      "%s", sbuf_str(&b));
	sbuf_free(&b);
}
END_TEST

/* ---- live, on loopback ------------------------------------------------- */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A TCP listener on 127.0.0.1, port 0; its address in sa. */
static int listener(int backlog, struct sockaddr_in *sa)
{
	socklen_t len = sizeof(*sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)sa, sizeof(*sa)), 0);
	ck_assert_int_eq(listen(fd, backlog), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)sa, &len), 0);
	return fd;
}

static int connect_to(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (const struct sockaddr *)sa, sizeof(*sa)),
			 0);
	return fd;
}

static unsigned long inode_of(int fd)
{
	struct stat st;

	ck_assert_int_eq(fstat(fd, &st), 0);
	return st.st_ino;
}

/* Wait (up to 2 s) until fd's socket reaches state; the last lookup. */
static struct diag_sock wait_state(int nl, int fd, int state)
{
	struct diag_sock d;
	int i;

	for (i = 0; i < 200; i++) {
		if (diag_lookup_fd(nl, fd, &d) == 0 && d.state == state)
			break;
		sleep_ms(10);
	}
	return d;
}

START_TEST(test_live_listen)
{
	struct sockaddr_in sa;
	struct diag_sock d;
	int nl = diag_open(), lfd = listener(64, &sa);
	char owner[64], want[32];

	ck_assert_int_ge(nl, 0);
	ck_assert_int_eq(diag_lookup_fd(nl, lfd, &d), 0);
	ck_assert_int_eq(d.family, AF_INET);
	ck_assert_int_eq(d.protocol, IPPROTO_TCP);
	ck_assert_int_eq(d.type, SOCK_STREAM);
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "LISTEN");
	ck_assert_uint_eq(d.wqueue, 64);	/* the backlog */
	ck_assert_uint_eq(d.rqueue, 0);
	ck_assert_uint_eq(d.inode, inode_of(lfd));
	ck_assert_int_eq(((struct sockaddr_in *)&d.local)->sin_port,
			 sa.sin_port);
	/* The owner is this very process. */
	ck_assert_int_eq(diag_owner(d.inode, owner, sizeof(owner)), 0);
	snprintf(want, sizeof(want), "(%ld)", (long)getpid());
	ck_assert_ptr_nonnull(strstr(owner, want));
	ck_assert_uint_eq(d.unknown, 0);
	/* The /proc fallback sees the same listener, but not its backlog:
	 * /proc/net/tcp's tx_queue is 0 for a listener, and says so. */
	ck_assert_int_eq(diag_lookup_fd(-1, lfd, &d), 0);
	ck_assert_int_eq(d.state, TCP_LISTEN);
	ck_assert_uint_eq(d.inode, inode_of(lfd));
	ck_assert_uint_eq(d.rqueue, 0);
	ck_assert_uint_eq(d.unknown, DIAG_NO_BACKLOG);
	close(lfd);
	close(nl);
}
END_TEST

START_TEST(test_live_unbound)
{
	struct diag_sock d;
	int nl = diag_open(), fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	errno = 0;
	ck_assert_int_eq(diag_lookup_fd(nl, fd, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	ck_assert_int_eq(d.protocol, IPPROTO_TCP);
	ck_assert_uint_eq(d.inode, inode_of(fd));
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "CLOSED");
	ck_assert_int_eq(diag_lookup_fd(nl, 0x7ffff, &d), -1);
	ck_assert_int_eq(errno, EBADF);
	close(fd);
	close(nl);
}
END_TEST

START_TEST(test_live_accept_queue)
{
	struct sockaddr_in sa, cl;
	socklen_t len = sizeof(cl);
	struct diag_sock d, *v;
	int nl = diag_open(), lfd = listener(8, &sa), c, n, i, child = -1;
	int lis = -1, cli = -1, ours = 0;

	ck_assert_int_ge(nl, 0);
	c = connect_to(&sa);
	ck_assert_int_eq(getsockname(c, (struct sockaddr *)&cl, &len), 0);
	d = wait_state(nl, c, TCP_ESTABLISHED);
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, d.state), "ESTABLISHED");
	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(diag_lookup_fd(nl, lfd, &d), 0);
		if (d.rqueue == 1)
			break;
		sleep_ms(10);
	}
	ck_assert_uint_eq(d.rqueue, 1); /* one waits for accept */

	n = diag_list_port(nl, AF_INET, IPPROTO_TCP, ntohs(sa.sin_port), 0,
			   &v);
	ck_assert_int_eq(n, 2);			/* listener + child */
	for (i = 0; i < n; i++) {
		if (v[i].state == TCP_LISTEN)
			lis = i;
		else if (v[i].state == TCP_ESTABLISHED)
			child = i;
	}
	ck_assert_int_ge(lis, 0);
	ck_assert_int_ge(child, 0);
	ck_assert_uint_eq(v[lis].rqueue, 1);
	ck_assert_uint_eq(v[lis].inode, inode_of(lfd));
	ck_assert_uint_eq(v[child].inode, 0);	/* no descriptor yet */
	ck_assert_int_eq(((struct sockaddr_in *)&v[child].peer)->sin_port,
			 cl.sin_port);
	free(v);

	/* With all, the client (peer port == port) shows up too. Count
	 * only ours: another run's TIME-WAIT may still point at this port
	 * from when an earlier listener had it. */
	n = diag_list_port(nl, AF_INET, IPPROTO_TCP, ntohs(sa.sin_port), 1,
			   &v);
	ck_assert_int_ge(n, 3);
	for (i = 0; i < n; i++) {
		if (v[i].inode == inode_of(c))
			cli = i;
		ours += v[i].inode == inode_of(c) ||
		       addr_port((struct sockaddr *)&v[i].local) ==
			       ntohs(sa.sin_port);
	}
	ck_assert_int_ge(cli, 0);
	ck_assert_int_eq(ours, 3);
	free(v);

	/* Without LISTEN in the states, only the child. */
	n = diag_list_port_states(nl, AF_INET, IPPROTO_TCP,
				  ntohs(sa.sin_port), 0, DIAG_NO_LISTEN, &v);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(v[0].state, TCP_ESTABLISHED);
	free(v);
	close(c);
	close(lfd);
	close(nl);
}
END_TEST

START_TEST(test_live_close_states)
{
	struct sockaddr_in sa, cl, sv;
	socklen_t len = sizeof(cl);
	struct diag_sock d;
	int nl = diag_open(), lfd = listener(8, &sa), c, s, i, r = -1;

	ck_assert_int_ge(nl, 0);
	c = connect_to(&sa);
	s = accept(lfd, NULL, NULL);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(getsockname(c, (struct sockaddr *)&cl, &len), 0);
	len = sizeof(sv);
	ck_assert_int_eq(getpeername(c, (struct sockaddr *)&sv, &len), 0);
	d = wait_state(nl, s, TCP_ESTABLISHED);
	ck_assert_int_eq(d.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(d.inode, inode_of(s));
	ck_assert_int_eq(send(c, "hello", 5, 0), 5);
	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(diag_lookup_fd(nl, s, &d), 0);
		if (d.rqueue == 5)
			break;
		sleep_ms(10);
	}
	ck_assert_uint_eq(d.rqueue, 5);		/* bytes not read yet */
	ck_assert_int_eq(diag_lookup_fd(nl, c, &d), 0);
	ck_assert_int_eq(d.has_tcpinfo, 1);
	ck_assert(d.ti.bytes_sent == 5);
	/* Read it: a close() with unread data would send RST, not FIN. */
	{
		char buf[8];

		ck_assert_int_eq(recv(s, buf, sizeof(buf), 0), 5);
	}

	/* Active close by the client: the server sees CLOSE-WAIT. */
	close(c);
	d = wait_state(nl, s, TCP_CLOSE_WAIT);
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, d.state), "CLOSE-WAIT");
	/* The client's name now finds the orphan by its 4-tuple. */
	ck_assert_int_eq(diag_lookup_addr(nl, AF_INET, IPPROTO_TCP,
					  (struct sockaddr *)&cl,
					  (struct sockaddr *)&sv, DIAG_TCPINFO, &d), 0);
	ck_assert_uint_eq(d.inode, 0);
	close(s);
	for (i = 0; i < 200; i++) {
		r = diag_lookup_addr(nl, AF_INET, IPPROTO_TCP,
				     (struct sockaddr *)&cl,
				     (struct sockaddr *)&sv, DIAG_TCPINFO, &d);
		if (r == 0 && d.state == TCP_TIME_WAIT)
			break;
		sleep_ms(10);
	}
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(diag_state_name(IPPROTO_TCP, d.state), "TIME-WAIT");
	ck_assert_int_eq(d.timer, 3);
	/* /proc/net/tcp has its timer too (in clock ticks): some of the
	 * 60 s are left, not 0. */
	ck_assert_int_eq(diag_lookup_addr(-1, AF_INET, IPPROTO_TCP,
					  (struct sockaddr *)&cl,
					  (struct sockaddr *)&sv, 0, &d),
			 0);
	ck_assert_int_eq(d.state, TCP_TIME_WAIT);
	ck_assert_int_eq(d.timer, 3);
	ck_assert_uint_gt(d.expires_ms, 0);
	ck_assert_uint_le(d.expires_ms, 60000);
	/* ...and it is on the listener's port list too. */
	{
		struct diag_sock *v;
		int n, tw = 0;

		n = diag_list_port(nl, AF_INET, IPPROTO_TCP,
				   ntohs(cl.sin_port), 0, &v);
		/* Count only this 4-tuple: a test running at the same time
		 * may reuse the client's port towards another server. */
		for (i = 0; i < n; i++)
			tw += v[i].state == TCP_TIME_WAIT &&
			      addr_port((struct sockaddr *)&v[i].peer) ==
				      ntohs(sa.sin_port);
		ck_assert_int_eq(tw, 1);
		free(v);
	}
	/* A 4-tuple nobody uses: not the listener by mistake. */
	cl.sin_port = sa.sin_port;
	errno = 0;
	ck_assert_int_eq(diag_lookup_addr(nl, AF_INET, IPPROTO_TCP,
					  (struct sockaddr *)&sa,
					  (struct sockaddr *)&sv, DIAG_TCPINFO, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	close(lfd);
	close(nl);
}
END_TEST

/* A bound TCP socket that never listened or connected, and sockets
 * whose connection ended while their descriptors stay open: in no kernel
 * table (CLOSED), not the listener on the same port by mistake; the
 * TIME-WAIT leftover is found by its four-tuple instead. */
START_TEST(test_live_ended)
{
	struct sockaddr_in sa, cl, b = { .sin_family = AF_INET };
	socklen_t len = sizeof(cl);
	struct diag_sock d;
	int nl = diag_open(), lfd = listener(8, &sa), c, s, bound, i;
	char buf[8];

	ck_assert_int_ge(nl, 0);
	bound = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(bound, 0);
	b.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(bound, (struct sockaddr *)&b, sizeof(b)), 0);
	errno = 0;
	ck_assert_int_eq(diag_lookup_fd(nl, bound, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	ck_assert_uint_eq(d.inode, inode_of(bound));
	ck_assert_int_gt(addr_port((struct sockaddr *)&d.local), 0);

	c = connect_to(&sa);
	s = accept(lfd, NULL, NULL);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(getsockname(c, (struct sockaddr *)&cl, &len), 0);
	/* The client closes first (TIME-WAIT), the server after it. */
	ck_assert_int_eq(shutdown(c, SHUT_WR), 0);
	ck_assert_int_eq(recv(s, buf, sizeof(buf), 0), 0);
	ck_assert_int_eq(shutdown(s, SHUT_WR), 0);
	ck_assert_int_eq(recv(c, buf, sizeof(buf), 0), 0);
	for (i = 0; i < 200; i++) {
		if (diag_lookup_addr(nl, AF_INET, IPPROTO_TCP,
				     (struct sockaddr *)&cl,
				     (struct sockaddr *)&sa, DIAG_TCPINFO, &d) == 0 &&
		    d.state == TCP_TIME_WAIT)
			break;
		sleep_ms(10);
	}
	ck_assert_int_eq(d.state, TCP_TIME_WAIT);
	ck_assert_uint_eq(d.inode, 0);
	errno = 0;
	ck_assert_int_eq(diag_lookup_fd(nl, c, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	ck_assert_uint_eq(d.inode, inode_of(c));
	/* With DIAG_LEFTOVER, what is left of it comes along. */
	ck_assert_int_eq(diag_lookup_fd_at(nl, c, (struct sockaddr *)&cl,
					   (struct sockaddr *)&sa,
					   DIAG_LEFTOVER, &d), 1);
	ck_assert_int_eq(d.state, TCP_TIME_WAIT);
	ck_assert_uint_eq(d.inode, inode_of(c));
	ck_assert_int_eq(addr_port((struct sockaddr *)&d.peer),
			 ntohs(sa.sin_port));
	/* ...but not on another four-tuple, nor without the flag. */
	errno = 0;
	ck_assert_int_eq(diag_lookup_fd_at(nl, c, (struct sockaddr *)&cl,
					   (struct sockaddr *)&b,
					   DIAG_LEFTOVER, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	ck_assert_int_eq(diag_lookup_fd_at(nl, c, (struct sockaddr *)&cl,
					   (struct sockaddr *)&sa, 0, &d), -1);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	/* The server end is on the listener's port, and CLOSED too. */
	for (i = 0; i < 200; i++) {
		errno = 0;
		if (diag_lookup_fd(nl, s, &d) < 0)
			break;
		sleep_ms(10);
	}
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d.state, TCP_CLOSE);
	ck_assert_uint_eq(d.inode, inode_of(s));
	/* It closed second: nothing left of it. */
	ck_assert_int_eq(diag_lookup_fd_at(nl, s, (struct sockaddr *)&sa,
					   (struct sockaddr *)&cl,
					   DIAG_LEFTOVER, &d), -1);
	ck_assert_int_eq(diag_lookup_fd(nl, lfd, &d), 0);
	ck_assert_int_eq(d.state, TCP_LISTEN);
	close(s);
	close(c);
	close(bound);
	close(lfd);
	close(nl);
}
END_TEST

/* diag_lookup_fd_at answers as diag_lookup_fd whatever the addresses it
 * is given: right, stale, another socket's, or of another family. */
static void same_answer(int nl, int fd, const void *local, const void *peer)
{
	struct diag_sock a, b;
	int ra, rb;

	ra = diag_lookup_fd(nl, fd, &a);
	rb = diag_lookup_fd_at(nl, fd, local, peer, DIAG_TCPINFO, &b);
	ck_assert_int_eq(ra, rb);
	ck_assert_int_eq(a.state, b.state);
	ck_assert_int_eq(a.family, b.family);
	ck_assert_int_eq(a.type, b.type);
	ck_assert_int_eq(a.protocol, b.protocol);
	ck_assert_uint_eq(a.inode, b.inode);
	ck_assert_uint_eq(a.local_len, b.local_len);
	ck_assert_uint_eq(a.peer_len, b.peer_len);
	ck_assert_int_eq(memcmp(&a.local, &b.local, a.local_len), 0);
	ck_assert_int_eq(memcmp(&a.peer, &b.peer, a.peer_len), 0);
	ck_assert_uint_eq(a.wqueue, b.wqueue);
	ck_assert_int_eq(a.has_tcpinfo, b.has_tcpinfo);
	/* Without DIAG_TCPINFO, the same but for TCP_INFO. */
	rb = diag_lookup_fd_at(nl, fd, local, peer, 0, &b);
	ck_assert_int_eq(ra, rb);
	ck_assert_int_eq(a.state, b.state);
	ck_assert_uint_eq(a.inode, b.inode);
	ck_assert_int_eq(b.has_tcpinfo, 0);
}

START_TEST(test_live_lookup_at)
{
	struct sockaddr_in sa, cl, other;
	struct sockaddr_in6 six = { .sin6_family = AF_INET6 };
	socklen_t len = sizeof(cl);
	int nl = diag_open(), lfd = listener(8, &sa), c, s, i;
	char buf[8];

	ck_assert_int_ge(nl, 0);
	c = connect_to(&sa);
	s = accept(lfd, NULL, NULL);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(getsockname(c, (struct sockaddr *)&cl, &len), 0);
	other = cl;
	other.sin_port = htons(ntohs(cl.sin_port) ^ 1);
	six.sin6_port = sa.sin_port;
	for (i = 0; i < 2; i++) {
		same_answer(nl, lfd, &sa, NULL);
		same_answer(nl, lfd, &sa, &cl);
		same_answer(nl, lfd, &six, NULL);
		same_answer(nl, c, &cl, &sa);
		same_answer(nl, c, &other, &sa);
		same_answer(nl, c, &sa, NULL);	/* the listener's */
		same_answer(nl, c, NULL, NULL);
		same_answer(nl, s, &sa, &cl);
		same_answer(nl, s, &sa, NULL);	/* the listener's */
		same_answer(nl, s, &cl, &sa);	/* the client's */
		if (i)
			break;
		/* Then once more after both ends are done. */
		ck_assert_int_eq(shutdown(c, SHUT_WR), 0);
		ck_assert_int_eq(recv(s, buf, sizeof(buf), 0), 0);
		ck_assert_int_eq(shutdown(s, SHUT_WR), 0);
		ck_assert_int_eq(recv(c, buf, sizeof(buf), 0), 0);
		sleep_ms(20);
	}
	close(s);
	close(c);
	close(lfd);
	close(nl);
}
END_TEST

/* diag_lookup_fds_at answers each descriptor of a batch as
 * diag_lookup_fd_at does alone: TCP, UDP, unix, a pipe, an unbound
 * socket; right and stale addresses; more than one message's worth. */
START_TEST(test_live_lookup_batch)
{
	struct sockaddr_in sa, cl, stale;
	socklen_t len = sizeof(cl);
	struct diag_fd_query q[40];
	struct diag_sock out[40], one;
	int rc[40], fds[8], sv[2], pfd[2], nl = diag_open(), i, n = 0, r;

	memset(q, 0, sizeof(q));	/* no ident, addresses only hints */
	ck_assert_int_ge(nl, 0);
	fds[0] = listener(8, &sa);
	fds[1] = connect_to(&sa);
	fds[2] = accept(fds[0], NULL, NULL);
	ck_assert_int_ge(fds[2], 0);
	ck_assert_int_eq(getsockname(fds[1], (struct sockaddr *)&cl, &len), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(pipe(pfd), 0);
	fds[3] = sv[0];
	fds[4] = pfd[0];
	fds[5] = socket(AF_INET, SOCK_DGRAM, 0);
	fds[6] = socket(AF_INET, SOCK_STREAM, 0);
	fds[7] = sv[1];
	stale = cl;
	stale.sin_port = htons(ntohs(cl.sin_port) ^ 1);
	for (i = 0; i < 40; i++) {
		q[i].fd = fds[i % 8];
		q[i].local = NULL;
		q[i].peer = NULL;
	}
	q[0].local = (struct sockaddr *)&sa;
	q[1].local = (struct sockaddr *)&cl;
	q[1].peer = (struct sockaddr *)&sa;
	q[2].local = (struct sockaddr *)&sa;
	q[2].peer = (struct sockaddr *)&cl;
	q[9].local = (struct sockaddr *)&stale;
	q[9].peer = (struct sockaddr *)&sa;
	q[10].local = (struct sockaddr *)&sa;	/* the listener's */
	n = 40;
	diag_lookup_fds_at(nl, q, n, DIAG_LEFTOVER, out, rc);
	for (i = 0; i < n; i++) {
		memset(&one, 0, sizeof(one));
		r = diag_lookup_fd_at(nl, q[i].fd, q[i].local, q[i].peer,
				      DIAG_LEFTOVER, &one);
		ck_assert_int_eq(rc[i], r);
		ck_assert_int_eq(out[i].family, one.family);
		ck_assert_int_eq(out[i].type, one.type);
		ck_assert_int_eq(out[i].protocol, one.protocol);
		ck_assert_int_eq(out[i].state, one.state);
		ck_assert_uint_eq(out[i].inode, one.inode);
		ck_assert_uint_eq(out[i].local_len, one.local_len);
		ck_assert_uint_eq(out[i].peer_len, one.peer_len);
		ck_assert_uint_eq(out[i].unix_peer_inode, one.unix_peer_inode);
	}
	ck_assert_int_eq(rc[0], 0);
	ck_assert_int_eq(out[0].state, TCP_LISTEN);
	ck_assert_int_eq(rc[3], 0);
	ck_assert_uint_eq(out[3].unix_peer_inode, inode_of(sv[1]));
	ck_assert_int_eq(rc[4], -1);		/* the pipe */
	ck_assert_int_eq(out[4].family, 0);
	ck_assert_int_eq(rc[5], -1);		/* unbound UDP */
	ck_assert_int_eq(out[5].protocol, IPPROTO_UDP);
	ck_assert_int_eq(rc[9], 0);		/* stale: found anyway */
	ck_assert_uint_eq(out[9].inode, inode_of(fds[1]));
	for (i = 0; i < 8; i++)
		close(fds[i]);
	close(pfd[1]);
	close(nl);
}
END_TEST

/* The kernel rows of a snapshot waiting in lfd's accept queue; each of
 * their peer ports is looked up among want[0..n) and counted in hits. */
static int queue_rows(const struct state_snap *snap, const int *want,
		      int n, int *hits)
{
	size_t i;
	int k, rows = 0;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];

		if (r->kind != STATE_KERNEL)
			continue;
		ck_assert_int_eq(r->in_queue, 1);
		ck_assert_str_eq(r->owner, "lfd");
		ck_assert_str_eq(state_row_state(r), "ESTABLISHED");
		for (k = 0; k < n; k++)
			hits[k] += addr_port((const void *)&r->d.peer) ==
				   want[k];
		rows++;
	}
	return rows;
}

static int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	return ntohs(a.sin_port);
}

/* The accept queue in a snapshot: the session's own clients' connections
 * (found by exact lookups), then one from a client the session does not
 * know (found by the dump of the port), each exactly once. */
START_TEST(test_live_snapshot_queue)
{
	struct session s;
	struct state_snap *snap;
	struct sockaddr_in sa;
	struct diag_sock d;
	int lfd = listener(8, &sa), c[3], port[3], hits[3] = { 0 }, i, w;
	FILE *out = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(out);
	session_init(&s, out);
	session_add(&s, lfd, "lfd", AF_INET, SOCK_STREAM, 0);
	for (i = 0; i < 3; i++) {
		c[i] = connect_to(&sa);
		port[i] = local_port(c[i]);
		if (i < 2)	/* the third is not the session's */
			session_add(&s, c[i], i ? "c2" : "c1", AF_INET,
				    SOCK_STREAM, 0);
		/* Wait until the kernel has queued it. */
		for (w = 0; w < 200; w++) {
			ck_assert_int_eq(diag_lookup_fd(session_nlfd(&s), lfd,
							&d), 0);
			if (d.rqueue >= (unsigned int)i + 1)
				break;
			sleep_ms(10);
		}
		ck_assert_uint_eq(d.rqueue, i + 1);
		snap = state_capture(&s);
		memset(hits, 0, sizeof(hits));
		ck_assert_int_eq(queue_rows(snap, port, i + 1, hits), i + 1);
		ck_assert_int_eq(hits[0], 1);
		ck_assert_int_eq(hits[i], 1);
		state_snap_free(snap);
	}
	/* accept() takes one out: a descriptor, no longer a queue row. */
	i = accept(lfd, NULL, NULL);
	ck_assert_int_ge(i, 0);
	session_add(&s, i, "s1", AF_INET, SOCK_STREAM, 0);
	snap = state_capture(&s);
	memset(hits, 0, sizeof(hits));
	ck_assert_int_eq(queue_rows(snap, port, 3, hits), 2);
	ck_assert_int_eq(hits[0] + hits[1] + hits[2], 2);
	state_snap_free(snap);
	close(c[2]);
	session_free(&s);
	fclose(out);
}
END_TEST

START_TEST(test_live_syn_sent)
{
	/* backlog 0: the queue holds one connection; the next SYN is
	 * dropped and its sender stays in SYN-SENT. */
	struct sockaddr_in sa;
	struct diag_sock d;
	int nl = diag_open(), lfd = listener(0, &sa), c1, c2, r;

	ck_assert_int_ge(nl, 0);
	c1 = connect_to(&sa);
	c2 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(c2, 0);
	r = connect(c2, (struct sockaddr *)&sa, sizeof(sa));
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(errno, EINPROGRESS);
	ck_assert_int_eq(diag_lookup_fd(nl, c2, &d), 0);
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "SYN-SENT");
	ck_assert_uint_eq(d.inode, inode_of(c2));
	ck_assert_int_eq(diag_lookup_fd(nl, lfd, &d), 0);
	ck_assert_uint_eq(d.rqueue, 1);
	ck_assert_uint_eq(d.wqueue, 0);
	close(c2);
	close(c1);
	close(lfd);
	close(nl);
}
END_TEST

START_TEST(test_live_udp)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct sockaddr_in b;
	socklen_t len = sizeof(a);
	struct diag_sock d;
	int nl = diag_open();
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int w = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(nl, 0);
	ck_assert_int_ge(u, 0);
	ck_assert_int_ge(w, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(diag_lookup_fd(nl, u, &d), -1);	/* unbound */
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(bind(u, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(u, (struct sockaddr *)&a, &len), 0);
	ck_assert_int_eq(diag_lookup_fd(nl, u, &d), 0);
	ck_assert_int_eq(d.protocol, IPPROTO_UDP);
	ck_assert_int_eq(d.type, SOCK_DGRAM);
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "UNCONN");
	ck_assert_uint_eq(d.inode, inode_of(u));
	/* A datagram waiting: Recv-Q grows. */
	ck_assert_int_eq(sendto(w, "12345678", 8, 0, (struct sockaddr *)&a,
				sizeof(a)), 8);
	ck_assert_int_eq(diag_lookup_fd(nl, u, &d), 0);
	ck_assert_uint_gt(d.rqueue, 0);
	/* w connected to u: ESTABLISHED, with the peer. */
	ck_assert_int_eq(connect(w, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(diag_lookup_fd(nl, w, &d), 0);
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "ESTABLISHED");
	memcpy(&b, &d.peer, sizeof(b));
	ck_assert_int_eq(b.sin_port, a.sin_port);
	ck_assert_uint_eq(d.inode, inode_of(w));
	close(u);
	close(w);
	close(nl);
}
END_TEST

START_TEST(test_live_tcp6)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	socklen_t len = sizeof(a);
	struct diag_sock d;
	int nl = diag_open(), fd = socket(AF_INET6, SOCK_STREAM, 0);

	ck_assert_int_ge(nl, 0);
	if (fd < 0)
		return;		/* no IPv6 here: nothing to check */
	a.sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		close(nl);
		return;
	}
	ck_assert_int_eq(listen(fd, 5), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	ck_assert_int_eq(diag_lookup_fd(nl, fd, &d), 0);
	ck_assert_int_eq(d.family, AF_INET6);
	ck_assert_int_eq(d.state, TCP_LISTEN);
	ck_assert_uint_eq(d.wqueue, 5);
	ck_assert_uint_eq(d.inode, inode_of(fd));
	ck_assert_int_eq(((struct sockaddr_in6 *)&d.local)->sin6_port,
			 a.sin6_port);
	close(fd);
	close(nl);
}
END_TEST

START_TEST(test_live_unix_pair)
{
	struct diag_sock d, p;
	int nl = diag_open(), sv[2];

	ck_assert_int_ge(nl, 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(write(sv[0], "abc", 3), 3);
	ck_assert_int_eq(diag_lookup_fd(nl, sv[0], &d), 0);
	ck_assert_int_eq(diag_lookup_fd(nl, sv[1], &p), 0);
	ck_assert_int_eq(d.family, AF_UNIX);
	ck_assert_int_eq(d.type, SOCK_STREAM);
	ck_assert_str_eq(diag_state_name(d.protocol, d.state), "ESTABLISHED");
	ck_assert_uint_eq(d.inode, inode_of(sv[0]));
	ck_assert_uint_eq(d.unix_peer_inode, inode_of(sv[1]));
	ck_assert_uint_eq(p.unix_peer_inode, inode_of(sv[0]));
	ck_assert_uint_eq(p.rqueue, 3);
	ck_assert_int_eq(diag_lookup_unix(nl, d.unix_peer_inode, &p), 0);
	ck_assert_uint_eq(p.inode, inode_of(sv[1]));
	/* Without netlink the descriptor tells its state and queues, not
	 * its peer. */
	ck_assert_int_eq(diag_lookup_fd(-1, sv[1], &p), 0);
	ck_assert_int_eq(p.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(p.rqueue, 3);
	ck_assert_uint_eq(p.inode, inode_of(sv[1]));
	ck_assert_uint_eq(p.unknown, DIAG_NO_PEER);
	close(sv[0]);
	close(sv[1]);
	close(nl);
}
END_TEST

/* Send-Q after our FIN counts the FIN: a sequence number, not a byte. */
START_TEST(test_note_fin_unacked)
{
	struct state_row r = { .kind = STATE_OPEN, .fd = 3, .found = 1 };
	struct sbuf out = SBUF_INIT;

	r.d.family = AF_INET;
	r.d.protocol = IPPROTO_TCP;
	r.d.type = SOCK_STREAM;
	r.d.state = TCP_FIN_WAIT1;
	r.d.wqueue = 1;
	state_row_note(NULL, &r, &out);
	ck_assert_str_eq(sbuf_str(&out), "the FIN is not yet acknowledged");
	sbuf_reset(&out);
	r.d.state = TCP_LAST_ACK;
	r.d.wqueue = 4;
	state_row_note(NULL, &r, &out);
	ck_assert_str_eq(sbuf_str(&out),
			 "3 bytes and the FIN not yet acknowledged");
	sbuf_reset(&out);
	r.d.state = TCP_ESTABLISHED;
	r.d.wqueue = 1;
	state_row_note(NULL, &r, &out);
	ck_assert_str_eq(sbuf_str(&out), "1 byte not yet acknowledged");
	sbuf_free(&out);
}
END_TEST

Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *t = tcase_create("decode");

	tcase_add_test(t, test_decode_tcp4_listen);
	tcase_add_test(t, test_decode_tcp4_established_info);
	tcase_add_test(t, test_decode_tcpinfo_short);
	tcase_add_test(t, test_decode_tcp6);
	tcase_add_test(t, test_decode_tcp6_listen_and_synrecv);
	tcase_add_test(t, test_decode_udp);
	tcase_add_test(t, test_decode_unix);
	tcase_add_test(t, test_decode_rejects);
	tcase_add_test(t, test_state_names);
	tcase_add_test(t, test_note_fin_unacked);
	tcase_add_test(t, test_same_sock);
	tcase_add_test(t, test_row_backlog_unknown);
	tcase_add_test(t, test_backlog_clamp);
	tcase_add_test(t, test_syn_schedule);
	tcase_add_test(t, test_syn_words);
	tcase_add_test(t, test_syn_note);
	suite_add_tcase(s, t);

	t = tcase_create("live");
	tcase_set_timeout(t, 20);
	tcase_add_test(t, test_live_listen);
	tcase_add_test(t, test_live_unbound);
	tcase_add_test(t, test_live_accept_queue);
	tcase_add_test(t, test_live_close_states);
	tcase_add_test(t, test_live_ended);
	tcase_add_test(t, test_live_lookup_at);
	tcase_add_test(t, test_live_lookup_batch);
	tcase_add_test(t, test_live_snapshot_queue);
	tcase_add_test(t, test_live_syn_sent);
	tcase_add_test(t, test_live_udp);
	tcase_add_test(t, test_live_tcp6);
	tcase_add_test(t, test_live_unix_pair);
	suite_add_tcase(s, t);
	return s;
}
