/* diag.h - the kernel's view of sockets, asked through NETLINK_SOCK_DIAG. */
#ifndef SOCKREPL_DIAG_H
#define SOCKREPL_DIAG_H

#include <stddef.h>
#include <sys/socket.h>
#include <linux/netlink.h>

/* TCP details from TCP_INFO (INET_DIAG_INFO), the fields a learner can
 * read; zero where the kernel did not report them. */
struct diag_tcpinfo {
	unsigned int rtt_us, rttvar_us;	/* smoothed round-trip time */
	unsigned int rto_us;		/* retransmission time-out */
	unsigned int snd_cwnd;		/* congestion window (segments) */
	unsigned int snd_mss, rcv_mss;
	unsigned int retransmits;	/* unanswered retransmissions now */
	unsigned int total_retrans;	/* segments retransmitted, ever */
	unsigned int unacked, lost;
	unsigned int segs_out, segs_in;
	unsigned int last_data_sent_ms, last_data_recv_ms;
	unsigned long long bytes_sent, bytes_acked, bytes_received;
};

/* The kernel's view of one socket. */
struct diag_sock {
	int family;		/* AF_INET, AF_INET6, AF_UNIX */
	int protocol;		/* IPPROTO_TCP, IPPROTO_UDP; 0 for unix */
	int type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int state;		/* kernel TCP_* numbering (netinet/tcp.h) */
	struct sockaddr_storage local, peer;
	socklen_t local_len, peer_len;	/* 0: no address */
	unsigned int rqueue, wqueue;	/* LISTEN: accept queue, backlog */
	unsigned long inode;	/* 0: kernel only (queue, TIME-WAIT) */
	unsigned int uid;
	unsigned long long cookie;	/* the kernel's socket id */
	int timer;		/* 0 none, 1 retransmit, 2 keepalive,
				 * 3 TIME-WAIT, 4 zero-window probe */
	unsigned int expires_ms;	/* when that timer fires */
	unsigned int retrans;	/* retransmissions of the timer */
	int has_tcpinfo;
	struct diag_tcpinfo ti;
	unsigned long unix_peer_inode;	/* unix only; 0 none */
	unsigned int unix_pending;	/* unix LISTEN: connections waiting */
	unsigned int unknown; /* DIAG_NO_*: what /proc/net does not say */
};

/* Read from /proc/net or the descriptor, not netlink: LISTEN's backlog
 * is not in /proc/net/tcp (wqueue is 0 there), and of a unix socket
 * neither the accept queue of a listener nor the peer is known. */
#define DIAG_NO_BACKLOG 1U
#define DIAG_NO_ACCEPTQ 2U
#define DIAG_NO_PEER	4U

/* Open the netlink socket the queries go through (close-on-exec).
 * Returns its descriptor, or -1 with errno kept (EPROTONOSUPPORT, EACCES:
 * pass -1 to the queries below and they read /proc/net instead). The
 * environment variable SOCKREPL_NO_NETLINK (set, not "0") makes it fail
 * with EPROTONOSUPPORT, so that tests can run the fallback. */
int diag_open(void);

/*
 * The socket behind descriptor fd, found by inode through its own
 * addresses: an exact kernel lookup; a dump filtered to its port only for
 * a TCP socket in SYN-SENT (no peer name yet) or on a port it shares.
 * Returns 0 when the kernel lists it. Returns -1 with errno ENOENT when it
 * is in no kernel table (an unbound socket, a bound TCP socket that never
 * listened or connected, or whose connection has ended: CLOSED; what is
 * left of it is found by diag_lookup_addr); out then still holds what
 * the descriptor itself says (family, protocol, type, addresses, inode)
 * with state TCP_CLOSE. Other errno: ENOTSOCK, EBADF, netlink errors.
 * nlfd < 0 reads /proc/net/{tcp,udp}{,6}, and for a unix socket asks the
 * descriptor itself (state, queues; unknown sets DIAG_NO_*).
 */
int diag_lookup_fd(int nlfd, int fd, struct diag_sock *out);
/* Flags: DIAG_TCPINFO also asks for TCP_INFO (has_tcpinfo, ti), which
 * makes the kernel's answer cost about twice as much; DIAG_LEFTOVER, see
 * diag_lookup_fd_at(). */
#define DIAG_TCPINFO 1U
#define DIAG_LEFTOVER 2U

/*
 * The same, trying first the addresses the caller remembers for fd
 * (local, and peer or NULL; either may be stale): when the kernel lists
 * this very socket (its inode) there, one exact lookup answers and the
 * descriptor's own addresses are not asked for. Same results; TCP_INFO
 * only with flags DIAG_TCPINFO (diag_lookup_fd always asks for it).
 * With DIAG_LEFTOVER, when the kernel does not list fd's TCP socket (its
 * connection ended while fd stays open) but something is left of it on
 * exactly local and peer (TIME-WAIT), returns 1 with that in out, its
 * inode set to fd's: what diag_lookup_addr(local, peer) would find.
 */
int diag_lookup_fd_at(int nlfd, int fd, const struct sockaddr *local,
		      const struct sockaddr *peer, unsigned int flags,
		      struct diag_sock *out);

/* What a socket descriptor is, for as long as it is open: asked once
 * (fstat and three getsockopt calls), then given with each query. */
struct diag_ident {
	unsigned long inode;	/* 0: not known */
	unsigned int uid;
	int family, type, protocol;
};
/* Ask descriptor fd what it is. 0, or -1 with errno (ENOTSOCK). */
int diag_fd_ident(int fd, struct diag_ident *id);

/* One descriptor for diag_lookup_fds_at(): as diag_lookup_fd_at's; ident
 * (may be NULL) is what diag_fd_ident() said of fd, and spares asking. */
struct diag_fd_query {
	int fd;
	const struct sockaddr *local, *peer;
	const struct diag_ident *ident;
	/* 1: local and peer are the socket's own now, as the caller keeps
	 * them (read back after every call that changes them): with no
	 * port it is in no table, without asking the descriptor. 0: they
	 * are a hint, checked. */
	int current;
	/* The kernel's id of this socket in an earlier answer (0: none). A
	 * TIME-WAIT keeps its socket's cookie: one on the four-tuple with
	 * this cookie is this socket's connection, ended, without asking
	 * the descriptor (another socket may have used the four-tuple
	 * since, and the descriptor listen or connect again). */
	unsigned long long cookie;
};
/* diag_lookup_fd_at() for n descriptors: rc[i] (0, 1 or -1) and out[i]
 * as it returns them (out[i] all zero when fd is no socket). Their first
 * lookups go to the kernel together, in one message. A query with fd -1
 * asks for no descriptor but for what diag_lookup_addr() finds on its
 * local and peer (both given; ident gives family and protocol): rc 0, or
 * -1 when nothing is there, or -2 when the kernel could not be asked. */
void diag_lookup_fds_at(int nlfd, const struct diag_fd_query *q, size_t n,
			unsigned int flags, struct diag_sock *out, int *rc);

/*
 * The TCP or UDP socket with this local address and, if peer is not
 * NULL, this peer: what became of a closed name (TIME-WAIT, FIN-WAIT-2).
 * Without a peer, the first socket bound to local (a wildcard local
 * address matches any). flags DIAG_TCPINFO: with TCP_INFO. Returns 0, or
 * -1 with errno ENOENT (none), EAFNOSUPPORT, or a netlink error.
 */
int diag_lookup_addr(int nlfd, int family, int protocol,
		     const struct sockaddr *local, const struct sockaddr *peer,
		     unsigned int flags, struct diag_sock *out);

/* Socket states, as bits for diag_list_port_states(): 1 << TCP_LISTEN. */
#define DIAG_ALL_STATES 0x1ffeU	/* TCP_ESTABLISHED .. TCP_NEW_SYN_RECV */
#define DIAG_NO_LISTEN (DIAG_ALL_STATES & ~(1U << 10))

/*
 * All sockets of one family and protocol (IPPROTO_TCP or IPPROTO_UDP)
 * whose local port is port (the listener, the connections in its accept
 * queue, TIME-WAIT leftovers); with all, also those whose peer port is
 * port (the clients). Filtered in the kernel (the request's port and
 * inet_diag bytecode), so the cost does not grow with unrelated sockets.
 * Returns the count and an xmalloc'd array in *out (free() it; NULL when
 * 0), or -1 with errno.
 */
int diag_list_port(int nlfd, int family, int protocol, unsigned short port,
		   int all, struct diag_sock **out);
/* The same, limited to the states in the bit mask states (1 << TCP_*).
 * Leaving out LISTEN spares the kernel its walk of every listener. */
int diag_list_port_states(int nlfd, int family, int protocol,
			  unsigned short port, int all, unsigned int states,
			  struct diag_sock **out);

/* diag_hold(1) until diag_hold(0): without netlink, each /proc/net file
 * is read once, for a snapshot of several sockets (consistent, and not
 * one read of every socket on the machine per socket). */
void diag_hold(int on);

/* The unix socket with inode ino (e.g. the peer of another). 0, or -1
 * with errno (ENOENT when gone). */
int diag_lookup_unix(int nlfd, unsigned long ino, struct diag_sock *out);

/* 1 if a and b are the same kernel socket: the same cookie, else (read
 * from /proc/net, no cookie) the same inode, or for kernel-only sockets
 * (inode 0) the same protocol and four-tuple. */
int diag_same_sock(const struct diag_sock *a, const struct diag_sock *b);

/* The state's name as ss prints it: "LISTEN", "SYN-SENT", "ESTABLISHED",
 * "TIME-WAIT", ...; TCP_CLOSE is "CLOSED" for TCP and "UNCONN" for UDP and
 * unix; "UNKNOWN" for what the kernel should never report. */
const char *diag_state_name(int protocol, int state);
/* The inverse, case-insensitive, '_' or '-': also ss's "ESTAB", netstat's
 * "SYN_RECV", "UNCONN" and "CLOSED" (both TCP_CLOSE). -1 if unknown. */
int diag_state_value(const char *name);
/* A sentence for a learner about what the state means, or NULL: marked
 * with N_(), English; translate it with _() where it is shown. */
const char *diag_state_help(int protocol, int state);

/*
 * Decode one SOCK_DIAG_BY_FAMILY reply (inet_diag_msg and its attributes:
 * TCP_INFO, protocol, shutdown). Checks every length against nlmsg_len.
 * Returns 0, or -1 with errno EBADMSG for a truncated or malformed
 * message, EPROTO for a message of another kind. protocol is 0 when the
 * message does not carry INET_DIAG_PROTOCOL (the queries fill it in).
 */
int diag_decode_inet(const struct nlmsghdr *h, struct diag_sock *out);
/* The same for unix_diag_msg (name, peer inode, queue lengths, uid). */
int diag_decode_unix(const struct nlmsghdr *h, struct diag_sock *out);

/* Who holds the socket with this inode open: "nc(1234)" into buf (from
 * /proc/[pid]/fd; other users' processes need root). 0, or -1 with errno
 * ENOENT when no process we may look at holds it. */
int diag_owner(unsigned long inode, char *buf, size_t n);

#endif
