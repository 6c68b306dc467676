/* consts-opt.c - socket option tables per level, and poll events. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include "consts.h"
#include "i18n.h"

#define DEF(c, s, h) { #c, s, c, h }
#define TABLE(var, kind, flags, arr) \
	const struct const_table var = { kind, arr, ARRAY_SIZE(arr), flags }

static const struct const_def opt_socket_defs[] = {
	DEF(SO_REUSEADDR, "reuseaddr",
	    N_("bind may reuse a local port whose old connections linger in TIME-WAIT")),
	DEF(SO_REUSEPORT, "reuseport",
	    N_("several sockets (same user) may bind the same address:port; the kernel spreads connections over them")),
	DEF(SO_KEEPALIVE, "keepalive",
	    N_("probe an idle TCP connection to find a dead peer (after 2 h by default, see TCP_KEEPIDLE)")),
	DEF(SO_LINGER, "linger",
	    N_("what close() does with unsent data: struct linger { l_onoff, l_linger seconds }")),
	DEF(SO_RCVBUF, "rcvbuf",
	    N_("receive buffer size in bytes; the kernel doubles what you set (room for its bookkeeping)")),
	DEF(SO_SNDBUF, "sndbuf",
	    N_("send buffer size in bytes; the kernel doubles what you set (room for its bookkeeping)")),
	DEF(SO_ERROR, "error",
	    N_("the pending error, as an errno value; reading it clears it (read-only)")),
	DEF(SO_TYPE, "type", N_("the socket type: SOCK_STREAM, SOCK_DGRAM (read-only)")),
	DEF(SO_DOMAIN, NULL, N_("the address family: AF_INET, ... (read-only)")),
	DEF(SO_PROTOCOL, NULL, N_("the protocol: IPPROTO_TCP, ... (read-only)")),
	DEF(SO_ACCEPTCONN, "acceptconn",
	    N_("is the socket listening? (read-only)")),
	DEF(SO_RCVTIMEO, "rcvtimeo",
	    N_("receive time-out: a blocking recv/accept gives up with EAGAIN after it (struct timeval; 0: never)")),
	DEF(SO_SNDTIMEO, "sndtimeo",
	    N_("send time-out: a blocking send gives up with EAGAIN after it (struct timeval; 0: never)")),
	DEF(SO_BROADCAST, "broadcast",
	    N_("a UDP socket may send to a broadcast address")),
	DEF(SO_RCVLOWAT, "rcvlowat",
	    N_("bytes that must be queued before recv/poll report data (default 1)")),
	DEF(SO_OOBINLINE, "oobinline",
	    N_("urgent (MSG_OOB) data stays in the normal stream")),
	DEF(SO_DONTROUTE, "dontroute",
	    N_("send only to directly connected hosts, bypassing routing")),
	DEF(SO_PRIORITY, "priority",
	    N_("queueing priority of outgoing packets, 0 to 6 without privilege")),
	DEF(SO_PASSCRED, "passcred",
	    N_("UNIX sockets: receive the sender's credentials (SCM_CREDENTIALS)")),
	DEF(SO_PEERCRED, "peercred",
	    N_("UNIX sockets: pid, uid, gid of the connected peer (read-only)")),
};
TABLE(consts_opt_socket, "sockopt", 0, opt_socket_defs);

static const struct const_def opt_tcp_defs[] = {
	DEF(TCP_NODELAY, "nodelay",
	    N_("turn off Nagle's algorithm: small writes go out at once instead of waiting for the ACK of earlier data")),
	DEF(TCP_MAXSEG, "maxseg", N_("maximum segment size: payload bytes per TCP segment")),
	DEF(TCP_CORK, "cork",
	    N_("hold back partial segments until uncorked or full (batch headers and body)")),
	DEF(TCP_KEEPIDLE, "keepidle",
	    N_("seconds of idleness before the first keepalive probe (needs SO_KEEPALIVE)")),
	DEF(TCP_KEEPINTVL, "keepintvl", N_("seconds between keepalive probes")),
	DEF(TCP_KEEPCNT, "keepcnt",
	    N_("unanswered keepalive probes before the connection is declared dead")),
	DEF(TCP_QUICKACK, "quickack", N_("send ACKs at once instead of delaying them")),
	DEF(TCP_DEFER_ACCEPT, "defer_accept",
	    N_("seconds a listener waits for the client's first data before accept() sees the connection")),
	DEF(TCP_USER_TIMEOUT, "user_timeout",
	    N_("milliseconds unacknowledged data may wait before the connection is dropped (ETIMEDOUT)")),
	DEF(TCP_SYNCNT, "syncnt",
	    N_("SYN retries before connect gives up, instead of tcp_syn_retries (Linux 6.5+: plus tcp_syn_linear_timeouts)")),
	DEF(TCP_LINGER2, "linger2",
	    N_("seconds an orphaned socket stays in FIN-WAIT-2")),
	DEF(TCP_FASTOPEN, "fastopen",
	    N_("listener: queue length for TCP Fast Open (data in the SYN)")),
	DEF(TCP_CONGESTION, "congestion",
	    N_("the congestion control algorithm, by name (cubic, reno, bbr)")),
};
TABLE(consts_opt_tcp, "tcpopt", 0, opt_tcp_defs);

static const struct const_def opt_ip_defs[] = {
	DEF(IP_TTL, "ttl",
	    N_("time to live: routers a packet may cross before it is dropped")),
	DEF(IP_TOS, "tos", N_("type of service byte (DSCP and ECN bits)")),
	DEF(IP_RECVERR, "recverr",
	    N_("queue ICMP errors (even on unconnected UDP) for MSG_ERRQUEUE")),
	DEF(IP_MTU_DISCOVER, "mtu_discover",
	    N_("path MTU discovery: IP_PMTUDISC_DONT 0, WANT 1, DO 2, PROBE 3")),
	DEF(IP_MTU, "mtu", N_("the path MTU known for a connected socket (read-only)")),
	DEF(IP_FREEBIND, "freebind",
	    N_("bind to an address this host does not have (yet)")),
	DEF(IP_PKTINFO, "pktinfo",
	    N_("UDP: recvmsg reports the local address each datagram was sent to")),
	DEF(IP_MULTICAST_TTL, "multicast_ttl",
	    N_("time to live of outgoing multicast datagrams (default 1: this network only)")),
	DEF(IP_MULTICAST_LOOP, "multicast_loop",
	    N_("deliver our own multicast datagrams back to this host")),
};
TABLE(consts_opt_ip, "ipopt", 0, opt_ip_defs);

static const struct const_def opt_ipv6_defs[] = {
	DEF(IPV6_V6ONLY, "v6only",
	    N_("IPv6 only; off lets the socket also serve IPv4 peers, seen as ::ffff:a.b.c.d (set before bind)")),
	DEF(IPV6_UNICAST_HOPS, "unicast_hops",
	    N_("hop limit of outgoing packets (IPv6's TTL); -1: the route's default")),
	DEF(IPV6_RECVERR, "recverr6",
	    N_("queue ICMPv6 errors for MSG_ERRQUEUE")),
	DEF(IPV6_TCLASS, "tclass", N_("traffic class byte (DSCP and ECN bits)")),
	DEF(IPV6_RECVPKTINFO, "recvpktinfo",
	    N_("UDP: recvmsg reports the local address and interface of each datagram")),
	DEF(IPV6_MULTICAST_HOPS, "multicast_hops",
	    N_("hop limit of outgoing multicast datagrams")),
	DEF(IPV6_MULTICAST_LOOP, "multicast_loop6",
	    N_("deliver our own multicast datagrams back to this host")),
};
TABLE(consts_opt_ipv6, "ipv6opt", 0, opt_ipv6_defs);

static const struct const_def poll_defs[] = {
	DEF(POLLIN, "in",
	    N_("data to read, end of file, or (listener) a connection to accept")),
	DEF(POLLOUT, "out",
	    N_("room in the send buffer; a connecting socket: the handshake is over")),
	DEF(POLLPRI, "pri", N_("urgent data (MSG_OOB) to read")),
	DEF(POLLRDHUP, "rdhup", N_("the peer shut down its sending side (sent FIN)")),
	DEF(POLLERR, "err",
	    N_("an error is pending (SO_ERROR); always reported, no need to ask")),
	DEF(POLLHUP, "hup",
	    N_("hang-up: both directions are closed; always reported")),
	DEF(POLLNVAL, "nval", N_("not an open descriptor; always reported")),
};
TABLE(consts_poll, "poll", 1, poll_defs);

/* The help of d in the language of LC_MESSAGES; its English is the msgid. */
const char *consts_help(const struct const_def *d)
{
	return d->help && *d->help ? _(d->help) : d->help;
}

const struct const_table *consts_opt_table(long level)
{
	switch (level) {
	case SOL_SOCKET: return &consts_opt_socket;
	case IPPROTO_TCP: return &consts_opt_tcp;
	case IPPROTO_IP: return &consts_opt_ip;
	case IPPROTO_IPV6: return &consts_opt_ipv6;
	}
	return NULL;
}

const char *consts_opt_help(long level, long name)
{
	const struct const_table *t = consts_opt_table(level);
	size_t i;

	for (i = 0; t && i < t->n; i++)
		if (t->defs[i].value == name)
			return consts_help(&t->defs[i]);
	return NULL;
}
