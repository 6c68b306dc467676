/* consts-opt.c - socket option tables per level, and poll events. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include "consts.h"

#define DEF(c, s, h) { #c, s, c, h }
#define TABLE(var, kind, flags, arr) \
	const struct const_table var = { kind, arr, ARRAY_SIZE(arr), flags }

static const struct const_def opt_socket_defs[] = {
	DEF(SO_REUSEADDR, "reuseaddr",
	    "bind may reuse a local port whose old connections linger in TIME-WAIT"),
	DEF(SO_REUSEPORT, "reuseport",
	    "several sockets (same user) may bind the same address:port; the kernel spreads connections over them"),
	DEF(SO_KEEPALIVE, "keepalive",
	    "probe an idle TCP connection to find a dead peer (after 2 h by default, see TCP_KEEPIDLE)"),
	DEF(SO_LINGER, "linger",
	    "what close() does with unsent data: struct linger { l_onoff, l_linger seconds }"),
	DEF(SO_RCVBUF, "rcvbuf",
	    "receive buffer size in bytes; the kernel doubles what you set (room for its bookkeeping)"),
	DEF(SO_SNDBUF, "sndbuf",
	    "send buffer size in bytes; the kernel doubles what you set (room for its bookkeeping)"),
	DEF(SO_ERROR, "error",
	    "the pending error, as an errno value; reading it clears it (read-only)"),
	DEF(SO_TYPE, "type", "the socket type: SOCK_STREAM, SOCK_DGRAM (read-only)"),
	DEF(SO_DOMAIN, NULL, "the address family: AF_INET, ... (read-only)"),
	DEF(SO_PROTOCOL, NULL, "the protocol: IPPROTO_TCP, ... (read-only)"),
	DEF(SO_ACCEPTCONN, "acceptconn",
	    "is the socket listening? (read-only)"),
	DEF(SO_RCVTIMEO, "rcvtimeo",
	    "receive time-out: a blocking recv/accept gives up with EAGAIN after it (struct timeval; 0: never)"),
	DEF(SO_SNDTIMEO, "sndtimeo",
	    "send time-out: a blocking send gives up with EAGAIN after it (struct timeval; 0: never)"),
	DEF(SO_BROADCAST, "broadcast",
	    "a UDP socket may send to a broadcast address"),
	DEF(SO_RCVLOWAT, "rcvlowat",
	    "bytes that must be queued before recv/poll report data (default 1)"),
	DEF(SO_OOBINLINE, "oobinline",
	    "urgent (MSG_OOB) data stays in the normal stream"),
	DEF(SO_DONTROUTE, "dontroute",
	    "send only to directly connected hosts, bypassing routing"),
	DEF(SO_PRIORITY, "priority",
	    "queueing priority of outgoing packets, 0 to 6 without privilege"),
	DEF(SO_PASSCRED, "passcred",
	    "UNIX sockets: receive the sender's credentials (SCM_CREDENTIALS)"),
	DEF(SO_PEERCRED, "peercred",
	    "UNIX sockets: pid, uid, gid of the connected peer (read-only)"),
};
TABLE(consts_opt_socket, "sockopt", 0, opt_socket_defs);

static const struct const_def opt_tcp_defs[] = {
	DEF(TCP_NODELAY, "nodelay",
	    "turn off Nagle's algorithm: small writes go out at once instead of waiting for the ACK of earlier data"),
	DEF(TCP_MAXSEG, "maxseg", "maximum segment size: payload bytes per TCP segment"),
	DEF(TCP_CORK, "cork",
	    "hold back partial segments until uncorked or full (batch headers and body)"),
	DEF(TCP_KEEPIDLE, "keepidle",
	    "seconds of idleness before the first keepalive probe (needs SO_KEEPALIVE)"),
	DEF(TCP_KEEPINTVL, "keepintvl", "seconds between keepalive probes"),
	DEF(TCP_KEEPCNT, "keepcnt",
	    "unanswered keepalive probes before the connection is declared dead"),
	DEF(TCP_QUICKACK, "quickack", "send ACKs at once instead of delaying them"),
	DEF(TCP_DEFER_ACCEPT, "defer_accept",
	    "seconds a listener waits for the client's first data before accept() sees the connection"),
	DEF(TCP_USER_TIMEOUT, "user_timeout",
	    "milliseconds unacknowledged data may wait before the connection is dropped (ETIMEDOUT)"),
	DEF(TCP_SYNCNT, "syncnt",
	    "SYN retries before connect gives up, instead of tcp_syn_retries (Linux 6.5+: plus tcp_syn_linear_timeouts)"),
	DEF(TCP_LINGER2, "linger2",
	    "seconds an orphaned socket stays in FIN-WAIT-2"),
	DEF(TCP_FASTOPEN, "fastopen",
	    "listener: queue length for TCP Fast Open (data in the SYN)"),
	DEF(TCP_CONGESTION, "congestion",
	    "the congestion control algorithm, by name (cubic, reno, bbr)"),
};
TABLE(consts_opt_tcp, "tcpopt", 0, opt_tcp_defs);

static const struct const_def opt_ip_defs[] = {
	DEF(IP_TTL, "ttl",
	    "time to live: routers a packet may cross before it is dropped"),
	DEF(IP_TOS, "tos", "type of service byte (DSCP and ECN bits)"),
	DEF(IP_RECVERR, "recverr",
	    "queue ICMP errors (even on unconnected UDP) for MSG_ERRQUEUE"),
	DEF(IP_MTU_DISCOVER, "mtu_discover",
	    "path MTU discovery: IP_PMTUDISC_DONT 0, WANT 1, DO 2, PROBE 3"),
	DEF(IP_MTU, "mtu", "the path MTU known for a connected socket (read-only)"),
	DEF(IP_FREEBIND, "freebind",
	    "bind to an address this host does not have (yet)"),
	DEF(IP_PKTINFO, "pktinfo",
	    "UDP: recvmsg reports the local address each datagram was sent to"),
	DEF(IP_MULTICAST_TTL, "multicast_ttl",
	    "time to live of outgoing multicast datagrams (default 1: this network only)"),
	DEF(IP_MULTICAST_LOOP, "multicast_loop",
	    "deliver our own multicast datagrams back to this host"),
};
TABLE(consts_opt_ip, "ipopt", 0, opt_ip_defs);

static const struct const_def opt_ipv6_defs[] = {
	DEF(IPV6_V6ONLY, "v6only",
	    "IPv6 only; off lets the socket also serve IPv4 peers, seen as ::ffff:a.b.c.d (set before bind)"),
	DEF(IPV6_UNICAST_HOPS, "unicast_hops",
	    "hop limit of outgoing packets (IPv6's TTL); -1: the route's default"),
	DEF(IPV6_RECVERR, "recverr6",
	    "queue ICMPv6 errors for MSG_ERRQUEUE"),
	DEF(IPV6_TCLASS, "tclass", "traffic class byte (DSCP and ECN bits)"),
	DEF(IPV6_RECVPKTINFO, "recvpktinfo",
	    "UDP: recvmsg reports the local address and interface of each datagram"),
	DEF(IPV6_MULTICAST_HOPS, "multicast_hops",
	    "hop limit of outgoing multicast datagrams"),
	DEF(IPV6_MULTICAST_LOOP, "multicast_loop6",
	    "deliver our own multicast datagrams back to this host"),
};
TABLE(consts_opt_ipv6, "ipv6opt", 0, opt_ipv6_defs);

static const struct const_def poll_defs[] = {
	DEF(POLLIN, "in",
	    "data to read, end of file, or (listener) a connection to accept"),
	DEF(POLLOUT, "out",
	    "room in the send buffer; a connecting socket: the handshake is over"),
	DEF(POLLPRI, "pri", "urgent data (MSG_OOB) to read"),
	DEF(POLLRDHUP, "rdhup", "the peer shut down its sending side (sent FIN)"),
	DEF(POLLERR, "err",
	    "an error is pending (SO_ERROR); always reported, no need to ask"),
	DEF(POLLHUP, "hup",
	    "hang-up: both directions are closed; always reported"),
	DEF(POLLNVAL, "nval", "not an open descriptor; always reported"),
};
TABLE(consts_poll, "poll", 1, poll_defs);
