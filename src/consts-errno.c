/* consts-errno.c - errno names and teaching explanations of socket errors. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "consts.h"
#include "i18n.h"

struct errno_name {
	int value;
	const char *name;
};

/*
 * Every errno Linux defines, in numeric order, each guarded so that an
 * older libc without it still builds. Aliases come last, so the first
 * match for a value is its canonical name (EAGAIN, not EWOULDBLOCK).
 */
#define ERRNO_NAME(e) { e, #e },

static const struct errno_name errno_names[] = {
#ifdef EPERM
	ERRNO_NAME(EPERM)
#endif
#ifdef ENOENT
	ERRNO_NAME(ENOENT)
#endif
#ifdef ESRCH
	ERRNO_NAME(ESRCH)
#endif
#ifdef EINTR
	ERRNO_NAME(EINTR)
#endif
#ifdef EIO
	ERRNO_NAME(EIO)
#endif
#ifdef ENXIO
	ERRNO_NAME(ENXIO)
#endif
#ifdef E2BIG
	ERRNO_NAME(E2BIG)
#endif
#ifdef ENOEXEC
	ERRNO_NAME(ENOEXEC)
#endif
#ifdef EBADF
	ERRNO_NAME(EBADF)
#endif
#ifdef ECHILD
	ERRNO_NAME(ECHILD)
#endif
#ifdef EAGAIN
	ERRNO_NAME(EAGAIN)
#endif
#ifdef ENOMEM
	ERRNO_NAME(ENOMEM)
#endif
#ifdef EACCES
	ERRNO_NAME(EACCES)
#endif
#ifdef EFAULT
	ERRNO_NAME(EFAULT)
#endif
#ifdef ENOTBLK
	ERRNO_NAME(ENOTBLK)
#endif
#ifdef EBUSY
	ERRNO_NAME(EBUSY)
#endif
#ifdef EEXIST
	ERRNO_NAME(EEXIST)
#endif
#ifdef EXDEV
	ERRNO_NAME(EXDEV)
#endif
#ifdef ENODEV
	ERRNO_NAME(ENODEV)
#endif
#ifdef ENOTDIR
	ERRNO_NAME(ENOTDIR)
#endif
#ifdef EISDIR
	ERRNO_NAME(EISDIR)
#endif
#ifdef EINVAL
	ERRNO_NAME(EINVAL)
#endif
#ifdef ENFILE
	ERRNO_NAME(ENFILE)
#endif
#ifdef EMFILE
	ERRNO_NAME(EMFILE)
#endif
#ifdef ENOTTY
	ERRNO_NAME(ENOTTY)
#endif
#ifdef ETXTBSY
	ERRNO_NAME(ETXTBSY)
#endif
#ifdef EFBIG
	ERRNO_NAME(EFBIG)
#endif
#ifdef ENOSPC
	ERRNO_NAME(ENOSPC)
#endif
#ifdef ESPIPE
	ERRNO_NAME(ESPIPE)
#endif
#ifdef EROFS
	ERRNO_NAME(EROFS)
#endif
#ifdef EMLINK
	ERRNO_NAME(EMLINK)
#endif
#ifdef EPIPE
	ERRNO_NAME(EPIPE)
#endif
#ifdef EDOM
	ERRNO_NAME(EDOM)
#endif
#ifdef ERANGE
	ERRNO_NAME(ERANGE)
#endif
#ifdef EDEADLK
	ERRNO_NAME(EDEADLK)
#endif
#ifdef ENAMETOOLONG
	ERRNO_NAME(ENAMETOOLONG)
#endif
#ifdef ENOLCK
	ERRNO_NAME(ENOLCK)
#endif
#ifdef ENOSYS
	ERRNO_NAME(ENOSYS)
#endif
#ifdef ENOTEMPTY
	ERRNO_NAME(ENOTEMPTY)
#endif
#ifdef ELOOP
	ERRNO_NAME(ELOOP)
#endif
#ifdef ENOMSG
	ERRNO_NAME(ENOMSG)
#endif
#ifdef EIDRM
	ERRNO_NAME(EIDRM)
#endif
#ifdef ECHRNG
	ERRNO_NAME(ECHRNG)
#endif
#ifdef EL2NSYNC
	ERRNO_NAME(EL2NSYNC)
#endif
#ifdef EL3HLT
	ERRNO_NAME(EL3HLT)
#endif
#ifdef EL3RST
	ERRNO_NAME(EL3RST)
#endif
#ifdef ELNRNG
	ERRNO_NAME(ELNRNG)
#endif
#ifdef EUNATCH
	ERRNO_NAME(EUNATCH)
#endif
#ifdef ENOCSI
	ERRNO_NAME(ENOCSI)
#endif
#ifdef EL2HLT
	ERRNO_NAME(EL2HLT)
#endif
#ifdef EBADE
	ERRNO_NAME(EBADE)
#endif
#ifdef EBADR
	ERRNO_NAME(EBADR)
#endif
#ifdef EXFULL
	ERRNO_NAME(EXFULL)
#endif
#ifdef ENOANO
	ERRNO_NAME(ENOANO)
#endif
#ifdef EBADRQC
	ERRNO_NAME(EBADRQC)
#endif
#ifdef EBADSLT
	ERRNO_NAME(EBADSLT)
#endif
#ifdef EBFONT
	ERRNO_NAME(EBFONT)
#endif
#ifdef ENOSTR
	ERRNO_NAME(ENOSTR)
#endif
#ifdef ENODATA
	ERRNO_NAME(ENODATA)
#endif
#ifdef ETIME
	ERRNO_NAME(ETIME)
#endif
#ifdef ENOSR
	ERRNO_NAME(ENOSR)
#endif
#ifdef ENONET
	ERRNO_NAME(ENONET)
#endif
#ifdef ENOPKG
	ERRNO_NAME(ENOPKG)
#endif
#ifdef EREMOTE
	ERRNO_NAME(EREMOTE)
#endif
#ifdef ENOLINK
	ERRNO_NAME(ENOLINK)
#endif
#ifdef EADV
	ERRNO_NAME(EADV)
#endif
#ifdef ESRMNT
	ERRNO_NAME(ESRMNT)
#endif
#ifdef ECOMM
	ERRNO_NAME(ECOMM)
#endif
#ifdef EPROTO
	ERRNO_NAME(EPROTO)
#endif
#ifdef EMULTIHOP
	ERRNO_NAME(EMULTIHOP)
#endif
#ifdef EDOTDOT
	ERRNO_NAME(EDOTDOT)
#endif
#ifdef EBADMSG
	ERRNO_NAME(EBADMSG)
#endif
#ifdef EOVERFLOW
	ERRNO_NAME(EOVERFLOW)
#endif
#ifdef ENOTUNIQ
	ERRNO_NAME(ENOTUNIQ)
#endif
#ifdef EBADFD
	ERRNO_NAME(EBADFD)
#endif
#ifdef EREMCHG
	ERRNO_NAME(EREMCHG)
#endif
#ifdef ELIBACC
	ERRNO_NAME(ELIBACC)
#endif
#ifdef ELIBBAD
	ERRNO_NAME(ELIBBAD)
#endif
#ifdef ELIBSCN
	ERRNO_NAME(ELIBSCN)
#endif
#ifdef ELIBMAX
	ERRNO_NAME(ELIBMAX)
#endif
#ifdef ELIBEXEC
	ERRNO_NAME(ELIBEXEC)
#endif
#ifdef EILSEQ
	ERRNO_NAME(EILSEQ)
#endif
#ifdef ERESTART
	ERRNO_NAME(ERESTART)
#endif
#ifdef ESTRPIPE
	ERRNO_NAME(ESTRPIPE)
#endif
#ifdef EUSERS
	ERRNO_NAME(EUSERS)
#endif
#ifdef ENOTSOCK
	ERRNO_NAME(ENOTSOCK)
#endif
#ifdef EDESTADDRREQ
	ERRNO_NAME(EDESTADDRREQ)
#endif
#ifdef EMSGSIZE
	ERRNO_NAME(EMSGSIZE)
#endif
#ifdef EPROTOTYPE
	ERRNO_NAME(EPROTOTYPE)
#endif
#ifdef ENOPROTOOPT
	ERRNO_NAME(ENOPROTOOPT)
#endif
#ifdef EPROTONOSUPPORT
	ERRNO_NAME(EPROTONOSUPPORT)
#endif
#ifdef ESOCKTNOSUPPORT
	ERRNO_NAME(ESOCKTNOSUPPORT)
#endif
#ifdef EOPNOTSUPP
	ERRNO_NAME(EOPNOTSUPP)
#endif
#ifdef EPFNOSUPPORT
	ERRNO_NAME(EPFNOSUPPORT)
#endif
#ifdef EAFNOSUPPORT
	ERRNO_NAME(EAFNOSUPPORT)
#endif
#ifdef EADDRINUSE
	ERRNO_NAME(EADDRINUSE)
#endif
#ifdef EADDRNOTAVAIL
	ERRNO_NAME(EADDRNOTAVAIL)
#endif
#ifdef ENETDOWN
	ERRNO_NAME(ENETDOWN)
#endif
#ifdef ENETUNREACH
	ERRNO_NAME(ENETUNREACH)
#endif
#ifdef ENETRESET
	ERRNO_NAME(ENETRESET)
#endif
#ifdef ECONNABORTED
	ERRNO_NAME(ECONNABORTED)
#endif
#ifdef ECONNRESET
	ERRNO_NAME(ECONNRESET)
#endif
#ifdef ENOBUFS
	ERRNO_NAME(ENOBUFS)
#endif
#ifdef EISCONN
	ERRNO_NAME(EISCONN)
#endif
#ifdef ENOTCONN
	ERRNO_NAME(ENOTCONN)
#endif
#ifdef ESHUTDOWN
	ERRNO_NAME(ESHUTDOWN)
#endif
#ifdef ETOOMANYREFS
	ERRNO_NAME(ETOOMANYREFS)
#endif
#ifdef ETIMEDOUT
	ERRNO_NAME(ETIMEDOUT)
#endif
#ifdef ECONNREFUSED
	ERRNO_NAME(ECONNREFUSED)
#endif
#ifdef EHOSTDOWN
	ERRNO_NAME(EHOSTDOWN)
#endif
#ifdef EHOSTUNREACH
	ERRNO_NAME(EHOSTUNREACH)
#endif
#ifdef EALREADY
	ERRNO_NAME(EALREADY)
#endif
#ifdef EINPROGRESS
	ERRNO_NAME(EINPROGRESS)
#endif
#ifdef ESTALE
	ERRNO_NAME(ESTALE)
#endif
#ifdef EUCLEAN
	ERRNO_NAME(EUCLEAN)
#endif
#ifdef ENOTNAM
	ERRNO_NAME(ENOTNAM)
#endif
#ifdef ENAVAIL
	ERRNO_NAME(ENAVAIL)
#endif
#ifdef EISNAM
	ERRNO_NAME(EISNAM)
#endif
#ifdef EREMOTEIO
	ERRNO_NAME(EREMOTEIO)
#endif
#ifdef EDQUOT
	ERRNO_NAME(EDQUOT)
#endif
#ifdef ENOMEDIUM
	ERRNO_NAME(ENOMEDIUM)
#endif
#ifdef EMEDIUMTYPE
	ERRNO_NAME(EMEDIUMTYPE)
#endif
#ifdef ECANCELED
	ERRNO_NAME(ECANCELED)
#endif
#ifdef ENOKEY
	ERRNO_NAME(ENOKEY)
#endif
#ifdef EKEYEXPIRED
	ERRNO_NAME(EKEYEXPIRED)
#endif
#ifdef EKEYREVOKED
	ERRNO_NAME(EKEYREVOKED)
#endif
#ifdef EKEYREJECTED
	ERRNO_NAME(EKEYREJECTED)
#endif
#ifdef EOWNERDEAD
	ERRNO_NAME(EOWNERDEAD)
#endif
#ifdef ENOTRECOVERABLE
	ERRNO_NAME(ENOTRECOVERABLE)
#endif
#ifdef ERFKILL
	ERRNO_NAME(ERFKILL)
#endif
#ifdef EHWPOISON
	ERRNO_NAME(EHWPOISON)
#endif
	/* Aliases: parsed, never printed for their value. */
#ifdef EWOULDBLOCK
	ERRNO_NAME(EWOULDBLOCK)
#endif
#ifdef EDEADLOCK
	ERRNO_NAME(EDEADLOCK)
#endif
#ifdef ENOTSUP
	ERRNO_NAME(ENOTSUP)
#endif
};

#undef ERRNO_NAME

/* The canonical name of err ("EAGAIN" for EWOULDBLOCK), NULL if unknown. */
const char *consts_errno_name(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].value == err)
			return errno_names[i].name;
	return NULL;
}

/* The value of an exact, case-sensitive name (aliases too); -1 if unknown. */
int consts_errno_value(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (strcmp(errno_names[i].name, name) == 0)
			return errno_names[i].value;
	return -1;
}

/* The i-th name, canonical names first, then aliases; NULL past the end. */
const char *consts_errno_at(size_t i)
{
	return i < ARRAY_SIZE(errno_names) ? errno_names[i].name : NULL;
}

struct errno_text {
	const char *call;	/* syscall name, or NULL for any call */
	int err;
	const char *text;	/* 1-2 lines < 76 columns, '\n' between */
};

/*
 * Texts used for more than one errno. The strings below are user-visible
 * text and are kept whole (so they can be grepped), even where the source
 * line passes 80 columns; each printed line stays under 76.
 */
#define TXT_CLOSE_LOST \
	N_("Data written earlier could not be stored (e.g. on NFS). The descriptor\n" \
	   "is closed anyway: do not close it again; treat the data as lost.")
#define TXT_FCNTL_LOCK \
	N_("Another process holds a conflicting record lock (F_SETLK), or the file\n" \
	   "is memory-mapped. Retry later, or wait for the lock with F_SETLKW.")

/*
 * Call-specific texts first, then the generic ones (call NULL). A call
 * missing here borrows from its sibling (see call_siblings), then from
 * the generic text.
 */
static const struct errno_text errno_texts[] = {
	/* socket(2) */
	{ "socket", EACCES,
	  N_("You may not create this kind of socket: a security policy (SELinux,\n"
	     "AppArmor) refuses it. A raw socket without CAP_NET_RAW gets EPERM.") },
	{ "socket", EAFNOSUPPORT,
	  N_("The kernel does not support this domain (address family). Use AF_INET,\n"
	     "AF_INET6 or AF_UNIX; AF_INET6 also needs IPv6 enabled.") },
	{ "socket", EINVAL,
	  N_("Unknown socket type, or a flag in type other than SOCK_NONBLOCK and\n"
	     "SOCK_CLOEXEC. Use SOCK_STREAM or SOCK_DGRAM, maybe |SOCK_NONBLOCK.") },

	/* socketpair(2) */
	{ "socketpair", EOPNOTSUPP,
	  N_("Only AF_UNIX sockets come in pairs; AF_INET cannot (TCP needs a real\n"
	     "handshake). Use socketpair unix stream, or connect two TCP sockets.") },
	{ "socketpair", EAFNOSUPPORT,
	  N_("This domain is unknown to the kernel; on Linux socketpair works only\n"
	     "for AF_UNIX (also spelled AF_LOCAL).") },
	{ "socketpair", EPROTONOSUPPORT,
	  N_("A UNIX socket pair takes protocol 0 (the default); any other protocol\n"
	     "is refused.") },

	/* bind(2), with the errors of ip(7) and unix(7) */
	{ "bind", EADDRINUSE,
	  N_("Another socket holds this address:port: a running server, or an old\n"
	     "connection in TIME-WAIT (set SO_REUSEADDR before bind). Or use port 0.") },
	{ "bind", EACCES,
	  N_("Ports below net.ipv4.ip_unprivileged_port_start (1024) need root or\n"
	     "CAP_NET_BIND_SERVICE: use a port >= 1024. UNIX: check path permissions.") },
	{ "bind", EINVAL,
	  N_("The socket is already bound (bind once per socket; connect binds it\n"
	     "too), or the address length/family is wrong for the socket's domain.") },
	{ "bind", EADDRNOTAVAIL,
	  N_("That IP is not one of this host's addresses, so nothing can bind it.\n"
	     "Use 127.0.0.1, 0.0.0.0 (INADDR_ANY) or an address from `ip addr`.") },
	{ "bind", EAFNOSUPPORT,
	  N_("The address family does not match the socket: e.g. an IPv6 address on\n"
	     "an AF_INET socket. Create the socket with the address's family.") },
	{ "bind", ENOENT,
	  N_("A directory in the UNIX socket path does not exist. Create it first\n"
	     "(mkdir -p), or bind to a path in an existing directory such as /tmp.") },

	/* listen(2) */
	{ "listen", EADDRINUSE,
	  N_("Another socket already listens on this port (SO_REUSEADDR let both\n"
	     "bind it, but only one may listen), or no ephemeral port was free.") },
	{ "listen", EOPNOTSUPP,
	  N_("This socket type cannot listen: UDP (SOCK_DGRAM) has no connections to\n"
	     "queue. Use a SOCK_STREAM socket, or just recvfrom on the UDP socket.") },
	{ "listen", EINVAL,
	  N_("This socket cannot listen: it is already connected (a client socket),\n"
	     "or it is an unbound UNIX socket. Use a new socket: bind, then listen.") },

	/* accept(2) */
	{ "accept", EAGAIN,
	  N_("Non-blocking listener and nobody waits in the accept queue yet. Wait\n"
	     "with poll() for POLLIN on the listener, then accept again.") },
	{ "accept", EINVAL,
	  N_("This socket is not listening: the order is socket, bind, listen, then\n"
	     "accept. (Also: a negative addrlen, or bad accept4 flags.)") },
	{ "accept", EINTR,
	  N_("A signal (Ctrl-C in sockrepl) interrupted accept while it waited for a\n"
	     "client. Nothing is lost: queued connections stay queued.") },
	{ "accept", EMFILE,
	  N_("Out of descriptors: each accepted connection needs a new one. Close\n"
	     "some, or raise the per-process limit (ulimit -n, RLIMIT_NOFILE).") },
	{ "accept", EOPNOTSUPP,
	  N_("Only connection sockets (SOCK_STREAM, SOCK_SEQPACKET) accept; UDP has\n"
	     "no connections: read its datagrams with recvfrom instead.") },
	{ "accept", ECONNABORTED,
	  N_("A queued connection was reset by the client before you took it. Your\n"
	     "listener is fine: just accept() again.") },
	{ "accept", EPERM,
	  N_("A firewall rule refused the new connection (netfilter). Check the\n"
	     "rules (nft list ruleset, iptables -L), then accept again.") },

	/* connect(2) */
	{ "connect", ECONNREFUSED,
	  N_("Nothing listens on that address:port, so the kernel answered with RST.\n"
	     "Start the server first (socket, bind, listen), or check the port.") },
	{ "connect", EISCONN,
	  N_("The socket is already connected; a TCP socket connects once (after a\n"
	     "non-blocking connect, EISCONN means it succeeded). Use a new socket.") },
	{ "connect", ETIMEDOUT,
	  N_("No answer to the SYNs: TCP retried (net.ipv4.tcp_syn_retries, about\n"
	     "2 min) and gave up. Host down, or a firewall silently dropping them?") },
	{ "connect", EADDRNOTAVAIL,
	  N_("No free local port for this destination (ephemeral ports used up, see\n"
	     "net.ipv4.ip_local_port_range), or the address is not usable here.") },
	{ "connect", EAFNOSUPPORT,
	  N_("The address family does not match the socket's: e.g. an IPv6 address\n"
	     "on an AF_INET socket. Create the socket with the address's family.") },
	{ "connect", EINVAL,
	  N_("The address does not fit this socket: wrong length or family (e.g. an\n"
	     "IPv4 address on an AF_INET6 socket). Match the socket's domain.") },
	{ "connect", EACCES,
	  N_("Denied: a UNIX socket file without write permission, a broadcast\n"
	     "address without SO_BROADCAST, or a firewall or SELinux rule.") },
	{ "connect", EPERM,
	  N_("A local firewall rule blocked the connection, or the address is a\n"
	     "broadcast one and SO_BROADCAST is not set.") },
	{ "connect", EADDRINUSE,
	  N_("This 4-tuple is taken: the address:port you bound already has a\n"
	     "connection to that peer. Do not bind client sockets, or use port 0.") },
	{ "connect", EAGAIN,
	  N_("Non-blocking UNIX socket and the listener's queue is full, so connect\n"
	     "cannot complete now; retry later. (IP: routing cache exhausted.)") },
	{ "connect", EINTR,
	  N_("A signal (Ctrl-C) interrupted connect; the handshake goes on in the\n"
	     "background. poll() for POLLOUT and read SO_ERROR, or close the socket.") },
	{ "connect", ENOENT,
	  N_("No socket file at that path. Is the server running and bound to\n"
	     "exactly this path? Bind the server first, then connect.") },

	/* send(2); sendto and write borrow these */
	{ "send", EPIPE,
	  N_("Can't send: the peer closed, you did SHUT_WR, or TCP never connected.\n"
	     "SIGPIPE kills programs unless ignored or MSG_NOSIGNAL; sockrepl ignores it.") },
	{ "send", EAGAIN,
	  N_("Non-blocking socket and the send buffer is full: the peer reads slower\n"
	     "than you write. Wait with poll() for POLLOUT, then send the rest.") },
	{ "send", EISCONN,
	  N_("The socket is connected, so it cannot take a destination address\n"
	     "(sendto). Use send, or an unconnected socket for sendto.") },
	{ "send", EOPNOTSUPP,
	  N_("A flag does not fit this socket type (e.g. MSG_OOB on a UDP or UNIX\n"
	     "socket). Leave the flag out.") },
	{ "send", EACCES,
	  N_("Sending to a broadcast address needs SO_BROADCAST set first; for a\n"
	     "UNIX socket path, you need write permission on the socket file.") },
	{ "send", ECONNREFUSED,
	  N_("An earlier datagram drew an ICMP port-unreachable: nothing listens at\n"
	     "the peer's port. Start the receiver there; the error is reported once.") },
	{ "send", EALREADY,
	  N_("A TCP Fast Open connect (MSG_FASTOPEN) is already in progress on this\n"
	     "socket. Wait for it to finish.") },
	{ "send", EINTR,
	  N_("A signal (Ctrl-C) interrupted the call before any data was sent.\n"
	     "Nothing was sent, so send it again.") },
	{ "send", EINVAL,
	  N_("Invalid argument: an unknown flag, a bad address length for sendto,\n"
	     "or a destination on a blackhole route.") },

	/* write(2) */
	{ "write", EPIPE,
	  N_("Can't write: the peer closed, you did SHUT_WR, or TCP never connected.\n"
	     "Programs die of SIGPIPE here unless they ignore it, as sockrepl does.") },
	{ "write", EINVAL,
	  N_("This descriptor cannot be written (e.g. opened read-only), or the\n"
	     "length is invalid.") },

	/* recv(2); recvfrom and read borrow these */
	{ "recv", EAGAIN,
	  N_("Nothing to read yet: the socket is non-blocking (or SO_RCVTIMEO ran\n"
	     "out). Wait with poll() for POLLIN, then read again.") },
	{ "recv", ENOTCONN,
	  N_("Not connected: read from the socket accept() returned (server) or\n"
	     "after connect() (client), never from the listening socket.") },
	{ "recv", ECONNREFUSED,
	  N_("Connected UDP: an earlier datagram drew an ICMP port-unreachable, so\n"
	     "nothing listens at the peer. Start the receiver there, then retry.") },
	{ "recv", ECONNRESET,
	  N_("The peer reset the connection (RST): it closed with data unread or\n"
	     "with SO_LINGER 0. Data still in flight is lost; close this socket.") },
	{ "recv", EINTR,
	  N_("A signal (Ctrl-C in sockrepl) interrupted the wait before data came.\n"
	     "No data was lost; real programs simply call it again.") },
	{ "recv", ETIMEDOUT,
	  N_("The connection died: retransmissions or keepalive probes got no\n"
	     "answer (peer gone or network down). Close the socket.") },
	{ "recv", EINVAL,
	  N_("Invalid argument: an unknown flag, or MSG_OOB with no urgent data\n"
	     "waiting. Leave the flag out.") },

	/* read(2) */
	{ "read", EINVAL,
	  N_("This descriptor cannot be read (e.g. opened write-only), or the\n"
	     "length is invalid.") },

	/* close(2) */
	{ "close", EBADF,
	  N_("Not an open descriptor: it was already closed, or never opened. Close\n"
	     "each descriptor exactly once.") },
	{ "close", EINTR,
	  N_("A signal interrupted close. On Linux the descriptor is released anyway:\n"
	     "do not close it again (the number may already be reused).") },
	{ "close", EIO, TXT_CLOSE_LOST },
	{ "close", ENOSPC, TXT_CLOSE_LOST },
	{ "close", EDQUOT, TXT_CLOSE_LOST },

	/* shutdown(2) */
	{ "shutdown", ENOTCONN,
	  N_("The socket is not connected, so there is nothing to half-close.\n"
	     "connect() or accept() first; to drop the socket itself, use close.") },
	{ "shutdown", EINVAL,
	  N_("The how argument must be SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2).") },

	/* getpeername(2); getsockname has only generic errors */
	{ "getpeername", ENOTCONN,
	  N_("No peer: the socket is not connected (a listener, a fresh socket, or\n"
	     "unconnected UDP). Ask the socket that accept() or connect() gave you.") },

	/* setsockopt(2); getsockopt borrows these */
	{ "setsockopt", EINVAL,
	  N_("The option's value or length is wrong: most options take an int, a few\n"
	     "a struct (SO_LINGER: struct linger, SO_RCVTIMEO: struct timeval).") },
	{ "setsockopt", EPERM,
	  N_("This option or value needs privilege: e.g. SO_MARK, SO_PRIORITY above\n"
	     "6, or SO_RCVBUFFORCE need CAP_NET_ADMIN.") },

	{ "setsockopt", EOPNOTSUPP,
	  N_("This option does not apply to this kind of socket: TCP_* needs a TCP\n"
	     "socket, IP_* an AF_INET one, IPV6_* an AF_INET6 one.") },
	{ "setsockopt", ENOENT,
	  N_("No such thing to select: for TCP_CONGESTION, no algorithm of that name\n"
	     "(see /proc/sys/net/ipv4/tcp_available_congestion_control).") },

	/* fcntl(2), used for O_NONBLOCK */
	{ "fcntl", EINVAL,
	  N_("The command is unknown to this kernel, or its argument is out of range.\n"
	     "For O_NONBLOCK: F_GETFL, then F_SETFL with flags | O_NONBLOCK.") },
	{ "fcntl", EACCES, TXT_FCNTL_LOCK },
	{ "fcntl", EAGAIN, TXT_FCNTL_LOCK },
	{ "fcntl", EPERM,
	  N_("Not allowed: e.g. clearing O_APPEND on an append-only file, or a pipe\n"
	     "size or file seal change beyond your limits.") },

	/* poll(2) */
	{ "poll", EINTR,
	  N_("A signal (Ctrl-C in sockrepl) interrupted poll before any event.\n"
	     "Nothing is lost: poll again (with the time that remains).") },
	{ "poll", EINVAL,
	  N_("Too many descriptors: nfds exceeds RLIMIT_NOFILE (ulimit -n). Poll\n"
	     "fewer descriptors at once.") },

	/* inet_pton(3) */
	{ "inet_pton", EAFNOSUPPORT,
	  N_("inet_pton knows only AF_INET and AF_INET6; pass one of them as af.\n"
	     "(A return of 0, not -1, means the text is not a valid address.)") },

	/* Any call */
	{ NULL, EPERM,
	  N_("The kernel refused on policy, not because of a bad argument: usually\n"
	     "a firewall rule, or a missing capability (CAP_NET_ADMIN, CAP_NET_RAW).") },
	{ NULL, ENOENT,
	  N_("No such file: for a UNIX socket, the path (or a directory in it) does\n"
	     "not exist. Check the path; connect needs a server bound to it first.") },
	{ NULL, ESRCH,
	  N_("No such process: a PID passed with the call (e.g. in SCM_CREDENTIALS)\n"
	     "does not name a running process.") },
	{ NULL, EINTR,
	  N_("A signal arrived while the call was waiting (in sockrepl: Ctrl-C), so\n"
	     "it gave up. Nothing is broken: run it again; programs retry on EINTR.") },
	{ NULL, EIO,
	  N_("A low-level I/O error. Sockets rarely report it; on a terminal it means\n"
	     "a background job tried to read. Check dmesg for device errors.") },
	{ NULL, EBADF,
	  N_("This number is not an open descriptor: never opened, or already\n"
	     "closed. Use the number that socket() or accept() returned.") },
	{ NULL, EAGAIN,
	  N_("The descriptor is non-blocking and the call would have to wait. Wait\n"
	     "with poll() until it is ready, then try again.") },
	{ NULL, ENOMEM,
	  N_("Out of kernel memory: usually the socket memory limits (sysctl\n"
	     "net.ipv4.tcp_mem, udp_mem), not RAM. Free unused sockets and retry.") },
	{ NULL, EACCES,
	  N_("Permission denied: for a UNIX socket, write permission on the file and\n"
	     "search (x) on its directories; for IP, a firewall or security policy.") },
	{ NULL, EFAULT,
	  N_("A pointer argument points outside the process's memory. sockrepl\n"
	     "passes valid buffers; in C, check the address and length you pass.") },
	{ NULL, EBUSY,
	  N_("The resource is busy (fcntl: the pipe holds more than the new size, or\n"
	     "a write seal meets a shared mapping). Retry later.") },
	{ NULL, EEXIST,
	  N_("Something already exists under that name. For a UNIX socket path,\n"
	     "remove the old file (unlink) before binding again.") },
	{ NULL, ENOTDIR,
	  N_("A component of the path prefix is not a directory. Check the path:\n"
	     "every part before the last '/' must be a directory.") },
	{ NULL, EISDIR,
	  N_("The descriptor refers to a directory, which read() cannot read. Use a\n"
	     "socket or a regular file.") },
	{ NULL, EINVAL,
	  N_("An argument is not valid for this call, or not in the socket's current\n"
	     "state. Check each argument against the man page.") },
	{ NULL, ENFILE,
	  N_("The whole system is out of open-file slots (sysctl fs.file-max). Close\n"
	     "descriptors you no longer need; an administrator may raise the limit.") },
	{ NULL, EMFILE,
	  N_("This process has as many descriptors open as it may (ulimit -n,\n"
	     "RLIMIT_NOFILE). Close ones you no longer need, or raise the limit.") },
	{ NULL, EFBIG,
	  N_("The write would make a file larger than allowed (ulimit -f or the\n"
	     "filesystem's maximum). Sockets never report this.") },
	{ NULL, ENOSPC,
	  N_("No space left on the device holding the file. Free space first;\n"
	     "sockets themselves never report this.") },
	{ NULL, EROFS,
	  N_("The filesystem is read-only, so the UNIX socket file cannot be\n"
	     "created. Bind to a path on a writable filesystem, e.g. under /tmp.") },
	{ NULL, EPIPE,
	  N_("The connection is closed for sending: the peer closed, you shut down\n"
	     "writing, or it never connected. sockrepl ignores SIGPIPE to show this.") },
	{ NULL, EDEADLK,
	  N_("Granting this record lock (fcntl F_SETLKW) would deadlock with another\n"
	     "process's lock. Release your locks and retry.") },
	{ NULL, ENAMETOOLONG,
	  N_("The path is too long. A UNIX socket path must fit in sun_path: at most\n"
	     "107 bytes (108 with the NUL). Use a shorter path, e.g. under /tmp.") },
	{ NULL, ENOLCK,
	  N_("The kernel's lock table is full (fcntl record locks). Release locks\n"
	     "you no longer need and retry.") },
	{ NULL, ENOSYS,
	  N_("This kernel does not implement the call (too old, or left out of its\n"
	     "configuration).") },
	{ NULL, ELOOP,
	  N_("Too many symbolic links while resolving the path (a link loop?).\n"
	     "Check it with realpath or ls -l.") },
	{ NULL, ENOTSOCK,
	  N_("The descriptor is open but is not a socket (a file, pipe or terminal).\n"
	     "Socket calls need a descriptor from socket(), accept() or socketpair().") },
	{ NULL, EDESTADDRREQ,
	  N_("No destination: the socket is not connected and no address was given.\n"
	     "Use sendto with an address, or connect() the socket first.") },
	{ NULL, EMSGSIZE,
	  N_("The datagram is too large to send in one piece (UDP over IPv4: at most\n"
	     "65507 bytes of data). Send smaller messages.") },
	{ NULL, EPROTOTYPE,
	  N_("The socket types do not match, e.g. a SOCK_DGRAM UNIX socket connecting\n"
	     "to a SOCK_STREAM one. Use the same type on both ends.") },
	{ NULL, ENOPROTOOPT,
	  N_("The option is unknown at this level: check the pair, e.g. SO_REUSEADDR\n"
	     "with SOL_SOCKET, TCP_NODELAY with IPPROTO_TCP, IP_TTL with IPPROTO_IP.") },
	{ NULL, EPROTONOSUPPORT,
	  N_("The protocol does not fit the domain and type (e.g. SOCK_DGRAM with\n"
	     "IPPROTO_TCP). Pass 0 to let the kernel pick the right protocol.") },
	{ NULL, ESOCKTNOSUPPORT,
	  N_("This socket type does not exist in this domain (e.g. SOCK_SEQPACKET\n"
	     "with AF_INET). Use SOCK_STREAM (TCP) or SOCK_DGRAM (UDP).") },
	{ NULL, EOPNOTSUPP,
	  N_("This operation or flag does not fit the socket type: e.g. listen or\n"
	     "accept on a UDP socket, or MSG_OOB on a UDP socket.") },
	{ NULL, EPFNOSUPPORT,
	  N_("This protocol family is not supported by the kernel (not built in, or\n"
	     "its module is not loaded).") },
	{ NULL, EAFNOSUPPORT,
	  N_("The address family does not fit: the address does not match the\n"
	     "socket's domain (e.g. IPv6 on an AF_INET socket), or is unsupported.") },
	{ NULL, EADDRINUSE,
	  N_("The local address:port is already taken by another socket. Pick\n"
	     "another port (0 lets the kernel choose), or SO_REUSEADDR for TIME-WAIT.") },
	{ NULL, EADDRNOTAVAIL,
	  N_("The address is not available here: not one of this host's addresses,\n"
	     "or no free local port. See `ip addr`; 127.0.0.1 always works.") },
	{ NULL, ENETDOWN,
	  N_("The network interface this route needs is down. Check `ip link` and\n"
	     "bring it up.") },
	{ NULL, ENETUNREACH,
	  N_("No route to that network (no default gateway, or no IPv6 address).\n"
	     "Check the address and `ip route`; 127.0.0.1 is always reachable.") },
	{ NULL, ENETRESET,
	  N_("The network dropped the connection (e.g. keepalive found it gone).\n"
	     "Close the socket and connect again.") },
	{ NULL, ECONNABORTED,
	  N_("The connection was aborted on this host (e.g. reset while it waited to\n"
	     "be accepted, or timed out). Close the socket and start over.") },
	{ NULL, ECONNRESET,
	  N_("The peer reset the connection (RST): it closed with unread data, set\n"
	     "SO_LINGER to 0, or crashed. The connection is gone: close this socket.") },
	{ NULL, ENOBUFS,
	  N_("No buffer space: the socket memory limits or a device queue are full.\n"
	     "Usually passing: close sockets you no longer need and retry.") },
	{ NULL, EISCONN,
	  N_("The socket is already connected. A TCP socket connects only once; to\n"
	     "connect again, create a new socket.") },
	{ NULL, ENOTCONN,
	  N_("The socket is not connected. Connect it first (client), or use the\n"
	     "socket accept() returned (server), not the listening one.") },
	{ NULL, ESHUTDOWN,
	  N_("Sending was shut down on this socket (shutdown SHUT_WR), so it cannot\n"
	     "send any more. Use a new connection.") },
	{ NULL, ETOOMANYREFS,
	  N_("Too many descriptors are in flight over UNIX sockets (SCM_RIGHTS) and\n"
	     "not yet received. Let the receiver collect them first.") },
	{ NULL, ETIMEDOUT,
	  N_("No answer from the peer in time: TCP retransmitted and gave up. Is the\n"
	     "host up? A firewall that silently drops packets causes this too.") },
	{ NULL, ECONNREFUSED,
	  N_("Nothing listens at the peer's address:port, so it refused (TCP RST, or\n"
	     "ICMP port-unreachable for UDP). Start the server, or check the port.") },
	{ NULL, EHOSTDOWN,
	  N_("The host is down: it does not answer on the local network (ARP or\n"
	     "neighbour discovery failed). Check the address and that it is on.") },
	{ NULL, EHOSTUNREACH,
	  N_("No route to the host: the local routing table or an ICMP reply from a\n"
	     "router says it cannot be reached. Check the address and `ip route`.") },
	{ NULL, EALREADY,
	  N_("A non-blocking connect on this socket is still in progress. Wait with\n"
	     "poll() for POLLOUT, then read SO_ERROR; do not call connect again.") },
	{ NULL, EINPROGRESS,
	  N_("Not a failure: the non-blocking connect has started. Wait with poll()\n"
	     "for POLLOUT, then read the outcome with getsockopt SO_ERROR.") },
	{ NULL, EDQUOT,
	  N_("Your disk quota on this filesystem is used up. Free space first;\n"
	     "sockets themselves never report this.") },
	{ NULL, EPROTO,
	  N_("A protocol error on a connection being set up (e.g. it failed while\n"
	     "queued). Usually passing: retry the call.") },
	{ NULL, ENOPKG,
	  N_("A kernel subsystem this needs is not configured (module not loaded).") },
	{ NULL, ENOSR,
	  N_("Out of stream resources (old kernels). Treat it like ENOBUFS: retry\n"
	     "later.") },
};

/* Calls whose errors read like a sibling's: "sendto" falls back to "send". */
static const char *const call_siblings[][2] = {
	{ "sendto", "send" },
	{ "write", "send" },
	{ "recvfrom", "recv" },
	{ "read", "recv" },
	{ "getsockopt", "setsockopt" },
	{ "inet_ntop", "inet_pton" },
	{ "socketpair", "socket" },
};

/* The text for exactly (call, err); call NULL finds the generic text. */
static const char *find_text(const char *call, int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_texts); i++) {
		const struct errno_text *t = &errno_texts[i];

		if (t->err != err)
			continue;
		if (call == NULL ? t->call == NULL
				 : t->call && strcmp(t->call, call) == 0)
			return t->text;
	}
	return NULL;
}

static const char *sibling_of(const char *call)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(call_siblings); i++)
		if (strcmp(call_siblings[i][0], call) == 0)
			return call_siblings[i][1];
	return NULL;
}

/*
 * socket()'s errors that depend on its arguments: the same errno means
 * a different mistake for a raw socket, SCTP, a ping socket, AF_UNIX.
 * Each text: 1-2 lines < 76 columns.
 */
#define TXT_SCTP \
	N_("SCTP is not available in this kernel: the sctp module is not loaded\n" \
	   "(as root: modprobe sctp; some distributions ship or allow it apart).")
#define TXT_RAW_PROTO \
	N_("A raw socket has no default protocol: name one, e.g. IPPROTO_ICMP or\n" \
	   "IPPROTO_RAW (whole IP packets). It also needs root or CAP_NET_RAW.")
#define TXT_RAW_PERM \
	N_("Raw sockets need root or the CAP_NET_RAW capability (anyone could\n" \
	   "forge packets otherwise). For ping, see SOCK_DGRAM with IPPROTO_ICMP.")
#define TXT_PING \
	N_("Ping sockets (SOCK_DGRAM, IPPROTO_ICMP) are for the groups in sysctl\n" \
	   "net.ipv4.ping_group_range (by default \"1 0\": none, not even root).")
#define TXT_UNIX_PROTO \
	N_("A UNIX socket takes protocol 0, the only one it has: TCP and UDP are\n" \
	   "for AF_INET and AF_INET6.")
#define TXT_NO_DEFAULT \
	N_("No protocol of this type exists in this domain: 0 already asks for\n" \
	   "the default. Check the type (SOCK_STREAM, SOCK_DGRAM) and domain.")
#define TXT_INET_SEQPACKET \
	N_("IP has SOCK_SEQPACKET only through SCTP, not loaded in this kernel\n" \
	   "(modprobe sctp as root). TCP is SOCK_STREAM, UDP is SOCK_DGRAM.")

static int is_inet(long domain)
{
	return domain == AF_INET || domain == AF_INET6;
}

/* The text for err from socket(domain, type, proto), or NULL. */
static const char *socket_text(int err, long domain, long type, long proto)
{
	type &= 0xf;	/* without SOCK_NONBLOCK, SOCK_CLOEXEC */
	switch (err) {
	case EPROTONOSUPPORT:
		if (is_inet(domain) && proto == IPPROTO_SCTP)
			return TXT_SCTP;
		if (type == SOCK_RAW && proto == 0)
			return TXT_RAW_PROTO;
		if (domain == AF_UNIX && proto != 0)
			return TXT_UNIX_PROTO;
		if (proto == 0)
			return TXT_NO_DEFAULT;
		break;
	case ESOCKTNOSUPPORT:
		/* No SOCK_SEQPACKET list at all in IP without SCTP. */
		if (is_inet(domain) && proto == IPPROTO_SCTP)
			return TXT_SCTP;
		if (is_inet(domain) && type == SOCK_SEQPACKET && proto == 0)
			return TXT_INET_SEQPACKET;
		break;
	case EPERM:
		if (type == SOCK_RAW)
			return TXT_RAW_PERM;
		break;
	case EACCES:
		if (is_inet(domain) && type == SOCK_DGRAM &&
		    (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6))
			return TXT_PING;
		break;
	}
	return NULL;
}

/* The errors that mean something else for an AF_UNIX address: a path,
 * not a port. */
static const struct errno_text unix_texts[] = {
	{ "connect", ECONNREFUSED,
	  N_("Nothing listens at that path: the socket file is there, but nobody\n"
	     "called listen() on it (or its server has exited). Start it first.") },
	{ "sendto", ECONNREFUSED,
	  N_("The socket at that path is not receiving (its owner closed it):\n"
	     "the file stays until someone unlink()s it.") },
	{ "bind", EADDRINUSE,
	  N_("A file already exists at that path, often left by an earlier bind:\n"
	     "unix sockets never reuse it. unlink() the path first, then bind.") },
};

const char *consts_errno_explain_family(const char *call, int err,
					int family)
{
	size_t i;

	if (call == NULL || family != AF_UNIX)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(unix_texts); i++)
		if (unix_texts[i].err == err &&
		    strcmp(unix_texts[i].call, call) == 0)
			return _(unix_texts[i].text);
	return NULL;
}

const char *consts_errno_explain_args(const char *call, int err,
				      const long *arg, int narg)
{
	const char *text = NULL;

	if (call && strcmp(call, "socket") == 0 && narg >= 3)
		text = socket_text(err, arg[0], arg[1], arg[2]);
	return text ? _(text) : consts_errno_explain(call, err);
}

/*
 * The teaching text for err returned by call: the call's own text, else
 * its sibling's, else the generic text for err, else NULL. call may be
 * NULL or unknown. The text is static: 1-2 lines, no trailing newline,
 * in the language of LC_MESSAGES.
 */
const char *consts_errno_explain(const char *call, int err)
{
	const char *text = NULL, *sib;

	if (call) {
		text = find_text(call, err);
		sib = sibling_of(call);
		if (text == NULL && sib)
			text = find_text(sib, err);
	}
	if (text == NULL)
		text = find_text(NULL, err);
	/* The English text is the msgid: translated here, at the lookup. */
	return text ? _(text) : NULL;
}
