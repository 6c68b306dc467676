/* gen.c - the soak test's generator: a long random sockrepl session,
 * the same lines for the same seed.
 *
 * The session starts from an empty table with a ramp: a client connects
 * to a listener, is accepted and closed, GEN_RAMP times, so the table
 * gains one entry a step and accept runs at every size up to GEN_RAMP,
 * across each of the table's growths (at 8, 16, 32, ...); then it goes on
 * as a grow phase to GEN_MAX_OPEN sockets. After that it runs in phases,
 * over and over:
 *
 *   drain  close every descriptor number the cycle can have used, then
 *          the pool names: the table shrinks back.
 *   mixed  200-800 random actions (below); a few stretches of 100-300
 *          actions run with "set state on" (state.c and diag.c at work),
 *          the rest with state lines off, which keeps the run fast.
 *   grow   sockets pile up until this cycle has opened a target number
 *          (mostly 8-80 more, sometimes 80-300; every eighth grow phase
 *          goes to GEN_MAX_OPEN): a third of the steps connect a client
 *          to a listener and accept it, the rest make TCP, UDP, IPv6 and
 *          AF_UNIX sockets and socket pairs, close pool names (a later
 *          "x = accept" then reuses a closed name) or run a random action.
 *
 * A mixed action, by weight (per 1000):
 *   socket 110, bind 70, listen 40, accept 50, connect 60, send/write 70,
 *   recv/read 80 (MSG_TRUNC|MSG_PEEK|MSG_DONTWAIT, ...), sendto/recvfrom
 *   60, shutdown 25, close 50 (names and numbers, 0-2 too), setsockopt/
 *   getsockopt 80 (about 20 options, good and bad values), getsockname/
 *   getpeername 25, nonblock 20, poll 30 (timeout 0), socketpair 25,
 *   byte order and addresses 50 (endian, htons, htonl, ntohs, ntohl,
 *   inet_pton, inet_ntop, sockaddr), state/fds 20, expect 10 (forms
 *   that fail before waiting), session words 25 (help, history, set,
 *   sleep 0/1, lesson, next, back, ..., quit with an argument), garbage
 *   50 (random bytes, unknown and ambiguous commands, overlong words and
 *   names, bad quotes and escapes, => expectations, bad names, comments,
 *   blank lines, invalid UTF-8, a line near the 16 KiB limit), and
 *   recipes 60: short valid stories whose outcome is known (a TCP or
 *   IPv6 connection with expect state/queue/recv, UDP datagrams cut by
 *   MSG_TRUNC, AF_UNIX streams on a path, abstract datagrams, a
 *   non-blocking connect and poll, accept into a closed name, a socket
 *   pair shut down, options then an abortive close).
 *
 * Names come from a pool of GEN_NAMES, so they are reused all the time.
 * No command may block: every socket is made non-blocking when it is
 * made (SOCK_NONBLOCK or nonblock on), "nonblock off" is followed by
 * "nonblock on", poll always has timeout 0, and only recipes use
 * blocking calls, where a client is known to be waiting. Addresses are
 * 127.0.0.1 (127.0.0.2), ::1, paths under the private directory and
 * abstract names with the run's tag; ports are always 0 (the kernel
 * picks) or a socket's name (only sockaddr, which makes no call, and
 * invalid ports show numbers). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

enum gen_kind { K_TCP4, K_TCP6, K_UDP4, K_UDP6, K_USTREAM, K_UDGRAM,
		K_USEQ, NKINDS };
enum { PH_MIXED, PH_GROW };	/* a drain is written in one go */

static const char *const pool[GEN_NAMES] = {
	"lfd", "cfd", "c", "s", "u", "v", "p", "q", "x", "y", "a", "b",
};

/* --- randomness (splitmix64: tiny, and the same stream everywhere) --- */

static uint64_t rnd(struct soak_gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long below(struct soak_gen *g, long n)
{
	return n > 0 ? (long)(rnd(g) % (uint64_t)n) : 0;
}

static long between(struct soak_gen *g, long lo, long hi)
{
	return lo + below(g, hi - lo + 1);
}

#define PICK(g, a) ((a)[below((g), (long)ARRAY_SIZE(a))])

/* --- the queue of lines an action wrote --- */

static void emit(struct soak_gen *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct soak_gen *g, const char *fmt, ...)
{
	struct gen_fifo *f = &g->fifo;
	struct sbuf b = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (f->head + f->n == f->cap) {
		if (f->head > 0) {
			memmove(f->lines, f->lines + f->head,
				f->n * sizeof(*f->lines));
			f->head = 0;
		} else {
			f->cap = f->cap ? 2 * f->cap : 32;
			f->lines = xrealloc(f->lines,
					    f->cap * sizeof(*f->lines));
		}
	}
	f->lines[f->head + f->n++] = b.s ? b.s : xstrdup("");
}

/* --- the model of the pool names --- */

static struct gen_name *any_name(struct soak_gen *g)
{
	return &g->names[below(g, GEN_NAMES)];
}

/* A name that matches (open, of a kind in mask, bound or listening as
 * asked), else any name: a wrong one makes an invalid command. */
static struct gen_name *find_name(struct soak_gen *g, unsigned int mask,
				  int bound, int listening)
{
	long i, start = below(g, GEN_NAMES);

	for (i = 0; i < GEN_NAMES; i++) {
		struct gen_name *n = &g->names[(start + i) % GEN_NAMES];

		if (n->open && n->kind >= 0 && (mask & (1u << n->kind)) &&
		    (!bound || n->bound) && (!listening || n->listening))
			return n;
	}
	return any_name(g);
}

#define STREAMS ((1u << K_TCP4) | (1u << K_TCP6) | (1u << K_USTREAM) | \
		 (1u << K_USEQ))
#define DGRAMS ((1u << K_UDP4) | (1u << K_UDP6) | (1u << K_UDGRAM))
#define ALL_KINDS ((1u << NKINDS) - 1)

static void made(struct soak_gen *g, struct gen_name *n, int kind)
{
	n->kind = kind;
	n->open = 1;
	n->bound = n->listening = 0;
	g->opened++;
}

/* --- words --- */

static const char *domain_word(struct soak_gen *g, int kind)
{
	static const char *const in4[] = { "inet", "AF_INET", "PF_INET" };
	static const char *const in6[] = { "inet6", "AF_INET6" };
	static const char *const un[] = { "unix", "AF_UNIX" };

	if (kind == K_TCP4 || kind == K_UDP4)
		return PICK(g, in4);
	if (kind == K_TCP6 || kind == K_UDP6)
		return PICK(g, in6);
	return PICK(g, un);
}

static const char *type_word(struct soak_gen *g, int kind)
{
	static const char *const st[] = { "stream", "SOCK_STREAM" };
	static const char *const dg[] = { "dgram", "SOCK_DGRAM" };

	if (kind == K_USEQ)
		return "SOCK_SEQPACKET";
	if (kind == K_UDP4 || kind == K_UDP6 || kind == K_UDGRAM)
		return PICK(g, dg);
	return PICK(g, st);
}

/* "inet stream|SOCK_NONBLOCK 0": nb 1 adds the flag. */
static void socket_args(struct soak_gen *g, struct sbuf *b, int kind, int nb)
{
	static const char *const nbw[] = { "|SOCK_NONBLOCK", "|nonblock",
					   "|SOCK_NONBLOCK|SOCK_CLOEXEC" };

	sbuf_addf(b, "%s %s%s", domain_word(g, kind), type_word(g, kind),
		  nb ? PICK(g, nbw) : "");
	if (below(g, 3) == 0)
		sbuf_add(b, " 0");
	else if (below(g, 8) == 0 && (kind == K_TCP4 || kind == K_TCP6))
		sbuf_add(b, below(g, 2) ? " IPPROTO_TCP" : " tcp");
	else if (below(g, 8) == 0 && (kind == K_UDP4 || kind == K_UDP6))
		sbuf_add(b, " udp");
}

/* A fresh local address of the kind's family, port 0. */
static void local_addr(struct soak_gen *g, struct sbuf *b, int kind)
{
	static const char *const in4[] = { "127.0.0.1 0", "127.0.0.1:0",
					   "loopback 0", "localhost 0",
					   "127.0.0.2 0" };
	static const char *const in6[] = { "::1 0", "[::1]:0" };

	if (kind == K_TCP4 || kind == K_UDP4)
		sbuf_add(b, PICK(g, in4));
	else if (kind == K_TCP6 || kind == K_UDP6)
		sbuf_add(b, PICK(g, in6));
	else if (below(g, 2))
		sbuf_addf(b, "@soak-%s-%u", g->tag, g->upath++);
	else	/* now and then one used before: EADDRINUSE */
		sbuf_addf(b, "%s/s%u", g->dir,
			  below(g, 10) == 0 && g->upath ?
			  (unsigned int)below(g, g->upath) : g->upath++);
}

/* An argument that should name a socket: mostly a pool name, sometimes a
 * number (ours or not), sometimes nonsense. Only for commands that cannot
 * block: a number may be an accepted socket that is still blocking. */
static const char *fd_word(struct soak_gen *g, struct gen_name *n,
			   char *buf, size_t len)
{
	static const char *const bad[] = { "0", "1", "2", "-1", "999999",
					   "nosuch", "9x", "''", "lfd2" };
	long r = below(g, 20);

	if (r < 16)
		return n->name;
	if (r < 19) {
		snprintf(buf, len, "%ld", between(g, 3, 40));
		return buf;
	}
	return PICK(g, bad);
}

static const char *data_word(struct soak_gen *g, char *buf, size_t len)
{
	static const char *const data[] = {
		"\"hello\\n\"", "'single'", "\"\\x00\\x01\\xff\"",
		"\"\\0001\"", "x", "\"\"", "\"h\\xc3\\xa9llo\"",
		"\"GET / HTTP/1.0\\r\\n\\r\\n\"", "\"\\x01a\"", "'a b c'",
		"\"tab\\there\"", "\"\\\\ \\\"\"",
	};
	size_t n, i;

	if (below(g, 10) != 0 || len < 8)
		return PICK(g, data);
	n = (size_t)between(g, 100, (long)len - 3);
	buf[0] = '"';
	for (i = 1; i <= n; i++)
		buf[i] = (char)('a' + (char)(i % 26));
	buf[n + 1] = '"';
	buf[n + 2] = '\0';
	return buf;
}

static const char *msg_flags(struct soak_gen *g)
{
	static const char *const f[] = {
		"0", "MSG_PEEK", "MSG_TRUNC", "MSG_DONTWAIT",
		"MSG_TRUNC|MSG_PEEK|MSG_DONTWAIT", "MSG_PEEK|MSG_DONTWAIT",
		"MSG_TRUNC|MSG_DONTWAIT", "MSG_WAITALL|MSG_DONTWAIT",
		"MSG_OOB", "MSG_OOB|MSG_PEEK", "peek|trunc", "MSG_BOGUS",
		"MSG_PEEK|", "MSG_NOSIGNAL",
	};

	return PICK(g, f);
}

static const char *recv_len(struct soak_gen *g)
{
	static const char *const l[] = { "1", "2", "5", "16", "1024",
					 "65536", "1048576", "0", "-5",
					 "lots", "1048577", "0x10" };

	return PICK(g, l);
}

/* --- mixed actions: sockets and their life --- */

static void act_socket(struct soak_gen *g)
{
	struct gen_name *n = any_name(g);
	struct sbuf b = SBUF_INIT;
	int kind = (int)below(g, NKINDS), nb = (int)below(g, 2);
	static const char *const bad[] = {
		"socket inet stream 17", "socket AF_PACKET SOCK_STREAM 0",
		"socket 99 stream", "socket inet SOCK_RAW 0",
		"socket inet stream|SOCK_BOGUS", "socket inet",
		"socket unix SOCK_SEQPACKET IPPROTO_SCTP",
		"socket inet6 dgram tcp",
	};

	if (below(g, 8) == 0) {
		emit(g, "%s%s", below(g, 2) ? "" : "x = ", PICK(g, bad));
		return;
	}
	socket_args(g, &b, kind, nb);
	if (below(g, 10) == 0) {	/* unnamed: reachable by number */
		emit(g, "socket %s", sbuf_str(&b));
		g->opened++;
	} else {
		emit(g, "%s = socket %s", n->name, sbuf_str(&b));
		if (!nb)
			emit(g, "nonblock %s on", n->name);
		made(g, n, kind);
	}
	sbuf_free(&b);
}

static void act_bind(struct soak_gen *g)
{
	struct gen_name *n = find_name(g, ALL_KINDS, 0, 0);
	struct gen_name *o = any_name(g);
	struct sbuf b = SBUF_INIT;
	static const char *const bad[] = {
		"999.1.1.1 0", "127.0.0.1 70000", "127.0.0.1 -1",
		"nosuchhost.invalid 0", "127.0.0.1", "[::1]", "::1 0",
		"127.0.0.1 0", "@", "\"\"", "[::1]:0 --no-htons",
	};
	long r = below(g, 10);

	if (r < 6)
		local_addr(g, &b, n->kind < 0 ? K_TCP4 : n->kind);
	else if (r < 8)
		sbuf_add(&b, o->name);	/* its address: in use, or none */
	else
		sbuf_add(&b, PICK(g, bad));
	if (below(g, 12) == 0)
		sbuf_add(&b, " --no-htons");
	emit(g, "bind %s %s", n->name, sbuf_str(&b));
	n->bound = 1;
	sbuf_free(&b);
}

static void act_listen(struct soak_gen *g)
{
	static const char *const bl[] = { "", " 0", " 1", " 8", " 128",
					  " -1", " 4096", " 99999999999",
					  " SOMAXCONN", " many" };
	struct gen_name *n = find_name(g, STREAMS, 1, 0);

	emit(g, "listen %s%s", n->name, PICK(g, bl));
	n->listening = n->kind >= 0 && (STREAMS & (1u << n->kind));
}

static void act_accept(struct soak_gen *g)
{
	struct gen_name *l = find_name(g, STREAMS, 1, 1);
	struct gen_name *n = any_name(g);

	if (below(g, 6) == 0) {
		emit(g, "accept %s", l->name);	/* stays blocking */
		g->opened++;
		return;
	}
	emit(g, "%s = accept %s", n->name, l->name);
	emit(g, "nonblock %s on", n->name);
	if (l->open && l->listening)
		made(g, n, l->kind);
}

static void act_connect(struct soak_gen *g)
{
	struct gen_name *n = any_name(g), *t;
	static const char *const bad[] = {
		"127.0.0.1 0", "[::1]:0", "127.0.0.1", "localhost:0",
		"/nonexistent/soak", "@nobody-here",
	};

	if (n->kind < 0 || below(g, 8) == 0) {
		emit(g, "connect %s %s", n->name, PICK(g, bad));
		return;
	}
	t = find_name(g, 1u << n->kind, 1, (STREAMS >> n->kind) & 1);
	emit(g, "connect %s %s", n->name, t->name);
}

static void act_send(struct soak_gen *g)
{
	static const char *const fl[] = { "", " 0", " MSG_NOSIGNAL",
					  " MSG_DONTWAIT", " MSG_OOB",
					  " MSG_MORE", " nosignal|dontwait",
					  " MSG_BOGUS", " MSG_TRUNC" };
	struct gen_name *n = any_name(g);
	char buf[2100];
	const char *d = data_word(g, buf, sizeof(buf));

	if (below(g, 4) == 0)
		emit(g, "write %s %s", n->name, d);
	else
		emit(g, "send %s %s%s", n->name, d, PICK(g, fl));
}

static void act_recv(struct soak_gen *g)
{
	struct gen_name *n = any_name(g);
	long r = below(g, 10);

	if (r == 0)
		emit(g, "recv %s", n->name);
	else if (r == 1)
		emit(g, "read %s %s", n->name, recv_len(g));
	else if (r == 2)
		emit(g, "recv %s %s", n->name, recv_len(g));
	else
		emit(g, "recv %s %s %s", n->name, recv_len(g), msg_flags(g));
}

static void act_udp(struct soak_gen *g)
{
	struct gen_name *n = find_name(g, DGRAMS, 0, 0), *t;
	char buf[2100];
	struct sbuf b = SBUF_INIT;

	if (below(g, 2)) {
		emit(g, "recvfrom %s %s%s%s", n->name, recv_len(g),
		     below(g, 4) ? " " : "", below(g, 4) ? msg_flags(g) : "");
		return;
	}
	if (below(g, 4) == 0) {
		local_addr(g, &b, n->kind < 0 ? K_UDP4 : n->kind);
		emit(g, "sendto %s %s %s", n->name, data_word(g, buf, 64),
		     sbuf_str(&b));
		sbuf_free(&b);
		return;
	}
	t = find_name(g, n->kind < 0 ? DGRAMS : 1u << n->kind, 1, 0);
	emit(g, "sendto %s %s %s", n->name, data_word(g, buf, sizeof(buf)),
	     t->name);
}

static void act_shutdown(struct soak_gen *g)
{
	static const char *const how[] = { "SHUT_RD", "SHUT_WR", "SHUT_RDWR",
					   "shut_wr", "1", "SHUT_BOGUS" };
	char buf[16];
	struct gen_name *n = any_name(g);

	emit(g, "shutdown %s %s", fd_word(g, n, buf, sizeof(buf)),
	     PICK(g, how));
}

static void act_close(struct soak_gen *g)
{
	char buf[16];
	struct gen_name *n = any_name(g);

	emit(g, "close %s", fd_word(g, n, buf, sizeof(buf)));
	n->open = 0;
}

/* --- mixed actions: options, poll, pairs --- */

struct gen_opt {
	const char *opt;		/* with its level when given */
	const char *values[6];		/* NULL-terminated */
};

/* SO_LINGER on with a time would make close wait: only on,0 and off. */
static const struct gen_opt set_opts[] = {
	{ "SO_REUSEADDR", { "1", "0", "on", "off", "2", "x" } },
	{ "SOL_SOCKET SO_REUSEADDR", { "1", NULL } },
	{ "SO_REUSEPORT", { "1", "0", NULL } },
	{ "SO_KEEPALIVE", { "1", "on", NULL } },
	{ "SO_LINGER", { "on,0", "off", "on,-1", "on", "bogus", NULL } },
	{ "SO_RCVBUF", { "4096", "0", "-1", "1048576", NULL } },
	{ "SO_SNDBUF", { "8192", "1", NULL } },
	{ "SO_RCVTIMEO", { "10", "0", "-5", NULL } },
	{ "SO_SNDTIMEO", { "10", NULL } },
	{ "SO_RCVLOWAT", { "1", "4", NULL } },
	{ "SO_OOBINLINE", { "1", NULL } },
	{ "SO_BROADCAST", { "1", NULL } },
	{ "SO_PRIORITY", { "3", "7", NULL } },
	{ "SO_ERROR", { "0", NULL } },
	{ "IPPROTO_TCP TCP_NODELAY", { "1", "on", NULL } },
	{ "TCP_NODELAY", { "0", NULL } },
	{ "TCP_CORK", { "1", "0", NULL } },
	{ "TCP_CONGESTION", { "reno", "cubic", "nosuchcc", NULL } },
	{ "TCP_MAXSEG", { "536", "1", NULL } },
	{ "TCP_KEEPIDLE", { "60", "0", NULL } },
	{ "IP_TTL", { "64", "0", "256", NULL } },
	{ "IPPROTO_IP IP_TTL", { "1", NULL } },
	{ "IPV6_V6ONLY", { "1", "0", NULL } },
	{ "SO_BOGUS", { "1", NULL } },
	{ "IPPROTO_TCP SO_REUSEADDR", { "1", NULL } },
	{ "SOL_SOCKET", { "1", NULL } },
};

static const char *const get_opts[] = {
	"SO_TYPE", "SO_ERROR", "SO_RCVBUF", "SO_SNDBUF", "SO_LINGER",
	"SO_RCVTIMEO", "SO_REUSEADDR", "SO_KEEPALIVE", "SO_ACCEPTCONN",
	"SO_DOMAIN", "SO_PROTOCOL", "SO_PEERCRED", "SOL_SOCKET SO_TYPE",
	"TCP_NODELAY", "TCP_CONGESTION", "TCP_MAXSEG", "IP_TTL",
	"IPV6_V6ONLY", "SO_BOGUS", "IPPROTO_TCP SO_TYPE", "type", "linger",
};

static void act_opt(struct soak_gen *g)
{
	char buf[16];
	const char *fd = fd_word(g, any_name(g), buf, sizeof(buf));
	const struct gen_opt *o = &PICK(g, set_opts);
	long nv = 0;

	if (below(g, 2)) {
		emit(g, "getsockopt %s %s", fd, PICK(g, get_opts));
		return;
	}
	while (nv < 6 && o->values[nv])
		nv++;
	emit(g, "setsockopt %s %s %s", fd, o->opt, o->values[below(g, nv)]);
}

static void act_names(struct soak_gen *g)
{
	char buf[16];

	emit(g, "%s %s", below(g, 2) ? "getsockname" : "getpeername",
	     fd_word(g, any_name(g), buf, sizeof(buf)));
}

static void act_nonblock(struct soak_gen *g)
{
	struct gen_name *n = any_name(g);
	long r = below(g, 4);

	if (r == 0) {
		emit(g, "nonblock %s off", n->name);
		emit(g, "nonblock %s => \"off\"", n->name);
		emit(g, "nonblock %s on", n->name);
	} else if (r == 1) {
		emit(g, "nonblock %s maybe", n->name);
	} else {
		emit(g, "nonblock %s", n->name);
	}
}

static void act_poll(struct soak_gen *g)
{
	static const char *const ev[] = { "", ":in", ":out", ":in|out",
					  ":rdhup", ":pri", ":POLLIN",
					  ":POLLOUT|POLLRDHUP", ":bogus" };
	struct sbuf b = SBUF_INIT;
	char buf[16];
	long i, n = between(g, 1, 3);

	for (i = 0; i < n; i++)
		sbuf_addf(&b, " %s%s", fd_word(g, any_name(g), buf,
					       sizeof(buf)), PICK(g, ev));
	/* Always a time-out of 0: a soak test must not wait. */
	emit(g, "poll%s 0", sbuf_str(&b));
	sbuf_free(&b);
}

static void act_socketpair(struct soak_gen *g)
{
	static const char *const bad[] = {
		"socketpair inet stream", "socketpair unix",
		"a a = socketpair unix stream", "socketpair unix raw",
		"socketpair inet6 dgram 0",
	};
	static const char *const ty[] = { "stream", "dgram", "SOCK_SEQPACKET",
					  "SOCK_STREAM|SOCK_NONBLOCK" };
	struct gen_name *a = any_name(g), *b = any_name(g);
	const char *t = PICK(g, ty);
	int kind = t[0] == 'd' ? K_UDGRAM : t[5] == 'S' ? K_USEQ : K_USTREAM;

	if (below(g, 6) == 0) {
		emit(g, "%s", PICK(g, bad));
		return;
	}
	if (a == b || below(g, 8) == 0) {	/* the other one by number */
		emit(g, "%s = socketpair unix %s", a->name, t);
		emit(g, "nonblock %s on", a->name);
		made(g, a, kind);
		g->opened++;
		return;
	}
	emit(g, "%s %s = socketpair %s %s%s", a->name, b->name,
	     below(g, 2) ? "unix" : "AF_UNIX", t, below(g, 3) ? "" : " 0");
	emit(g, "nonblock %s on", a->name);
	emit(g, "nonblock %s on", b->name);
	made(g, a, kind);
	made(g, b, kind);
}

/* --- mixed actions: everything that is not a socket --- */

static void act_byteorder(struct soak_gen *g)
{
	static const char *const num[] = {
		"0", "1", "8001", "65535", "65536", "0x1f41", "-1",
		"4294967295", "4294967296", "abc", "0x", "INADDR_ANY",
		"INADDR_LOOPBACK", "INADDR_BROADCAST", "010",
	};
	static const char *const conv[] = { "htons", "htonl", "ntohs",
					    "ntohl" };
	static const char *const pton[] = {
		"192.168.10.128", "inet 127.0.0.1", "inet6 ::1",
		"::ffff:1.2.3.4", "256.1.1.1", "\"\"", "inet6 fe80::1",
		"inet 1.2.3", "unix /tmp/x", "1.2.3.4.5",
	};
	static const char *const ntop[] = {
		"3232238208", "0xc0a80a80", "c0a80a80", "inet \"c0 a8 0a 80\"",
		"inet6 00000000000000000000000000000001", "zz", "inet6 12",
		"2148182208",
	};
	static const char *const sa[] = {
		"127.0.0.1 8001", "192.168.10.128:8001", "[::1]:8001",
		"any 80", "127.0.0.1 8001 --no-htons", "/tmp/soak.sock",
		"@abstract", "[fe80::1%lo]:0", "127.0.0.1 99999", "lfd", "s",
	};
	long r = below(g, 6);

	if (r == 0)
		emit(g, "endian%s", below(g, 4) ? "" : " => 1");
	else if (r <= 2)
		emit(g, "%s %s", PICK(g, conv), PICK(g, num));
	else if (r == 3)
		emit(g, "%s %s", below(g, 3) ? "inet_pton" : "pton",
		     PICK(g, pton));
	else if (r == 4)
		emit(g, "%s %s", below(g, 3) ? "inet_ntop" : "ntop",
		     PICK(g, ntop));
	else
		emit(g, "sockaddr %s", PICK(g, sa));
}

static void act_state(struct soak_gen *g)
{
	static const char *const st[] = { "state", "ss", "netstat", "fds",
					  "state --all", "fds", "trace",
					  "trace bogus" };
	char buf[16];

	if (below(g, 3) == 0)
		emit(g, "state %s", fd_word(g, any_name(g), buf, sizeof(buf)));
	else
		emit(g, "%s", PICK(g, st));
}

/* Only forms that fail before the kernel is asked: a mismatching
 * expect state waits up to a second for the kernel to settle. */
static void act_expect(struct soak_gen *g)
{
	/* A name goes between the two halves when the second is not NULL. */
	static const char *const ex[][2] = {
		{ "expect", NULL }, { "expect state", NULL },
		{ "expect state ", " BOGUS" }, { "expect bogus ", " 1" },
		{ "expect queue ", " many" },
		{ "expect state nosuch LISTEN", NULL },
		{ "expect recv ", " \"\"" }, { "expect queue nosuch 0", NULL },
		{ "expect recv nosuch \"x\"", NULL },
		{ "expect state ", " LISTEN extra" },
	};
	const char *const *e = PICK(g, ex);

	if (e[1])
		emit(g, "%s%s%s", e[0], any_name(g)->name, e[1]);
	else
		emit(g, "%s", e[0]);
}

static void act_session(struct soak_gen *g)
{
	static const char *const w[] = {
		"help", "help socket", "help recv", "help nosuch", "? poll",
		"help setsockopt", "history", "set", "set c off", "set c on",
		"set explain off", "set explain on", "set color on",
		"set color off", "set timeout 100", "set timeout -1",
		"set bogus on", "set c maybe", "sleep 0", "sleep 1",
		"sleep -1", "sleep forever", "lesson", "lesson 3",
		"lessons nosuch", "next", "back", "repeat", "hint", "skip",
		"quit now", "exit 1", "help help", "set state",
		"vars", "export", "export x", "export /nonexistent/x.c",
	};

	emit(g, "%s", PICK(g, w));
}

/* --- mixed actions: lines that are wrong in every way --- */

static void random_bytes(struct soak_gen *g)
{
	struct sbuf b = SBUF_INIT;
	long i, n = between(g, 1, 80);

	for (i = 0; i < n; i++) {
		char c = (char)between(g, 1, 255);

		sbuf_addc(&b, c == '\n' || c == '\r' ? ' ' : c);
	}
	emit(g, "%s", sbuf_str(&b));
	sbuf_free(&b);
}

/* A word of n characters, for lines that are long but not over the
 * 16 KiB limit (a reader may stop a replay at an overlong line). */
static void long_line(struct soak_gen *g, const char *pre, long n,
		      const char *post)
{
	char *w = xmalloc((size_t)n + 1);

	memset(w, 'A' + (char)below(g, 26), (size_t)n);
	w[n] = '\0';
	emit(g, "%s%s%s", pre, w, post);
	free(w);
}

static void act_garbage(struct soak_gen *g)
{
	static const char *const lines[] = {
		"frobnicate x", "s", "get", "re", "n", "sock", "send x \"abc",
		"send x 'abc", "send x \"\\q\"", "send x \"\\x\"",
		"send x \"\\xZZ\"", "socket inet stream => 3",
		"close nosuch => -1 EBADF", "fds => *", "endian => bogus",
		"htons 1 =>", "=> 0", "=", "any = socket inet stream",
		"tcp = socket inet stream", "9x = socket inet stream",
		"a b = socket inet stream", "x = htons 5",
		"= socket inet stream", "x =",
		"x y z = socketpair unix stream", "# a comment",
		"   # an indented comment", "", "   ", "\t",
		"help # a trailing comment", "sock\xc3\xa9t inet stream",
		"\xff\xfe", "socket \xe2\x80\x8binet stream", "'quoted help'",
		"htons 8001 => 16671", "htons 8001 => -1 EBADF",
		"close 3 => 0 | -1 EBADF", "\"\\0\"", "help\tsocket",
	};
	long r = below(g, 10);

	if (r < 5)
		emit(g, "%s", PICK(g, lines));
	else if (r < 7)
		random_bytes(g);
	else if (r == 7)
		long_line(g, "send x ", between(g, 100, 6000), "");
	else if (r == 8)
		long_line(g, "", between(g, 32, 40), " = socket inet stream");
	else
		long_line(g, below(g, 2) ? "# " : "send x \"",
			  between(g, 16000, 16300), "\"");
}

/* --- recipes: valid stories whose outcome is known --- */

static struct gen_name *nm(struct soak_gen *g, const char *name)
{
	size_t i;

	for (i = 0; i < GEN_NAMES; i++)
		if (strcmp(g->names[i].name, name) == 0)
			return &g->names[i];
	abort();	/* only called with pool names */
}

static void nonblock_all(struct soak_gen *g, const char *const *names,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		emit(g, "nonblock %s on", names[i]);
}

static void bind_fresh(struct soak_gen *g, const char *name, int kind)
{
	struct sbuf b = SBUF_INIT;

	local_addr(g, &b, kind);
	emit(g, "bind %s %s", name, sbuf_str(&b));
	nm(g, name)->bound = 1;
	sbuf_free(&b);
}

/* A connection: listen, connect, accept, then one of four endings. The
 * blocking connect and accept cannot wait: the client is on loopback. */
static void recipe_tcp(struct soak_gen *g, int kind)
{
	static const char *const all[] = { "lfd", "c", "cfd" };
	const char *dom = kind == K_TCP6 ? "inet6" : "inet";

	emit(g, "lfd = socket %s stream", dom);
	made(g, nm(g, "lfd"), kind);
	if (below(g, 2))
		emit(g, "setsockopt lfd SO_REUSEADDR 1");
	bind_fresh(g, "lfd", kind);
	emit(g, "listen lfd 8");
	nm(g, "lfd")->listening = 1;
	emit(g, "expect state lfd LISTEN");
	emit(g, "c = socket %s stream", dom);
	made(g, nm(g, "c"), kind);
	emit(g, "connect c lfd => 0");
	emit(g, "expect queue lfd 1");
	emit(g, "cfd = accept lfd");
	made(g, nm(g, "cfd"), kind);
	emit(g, "expect state c ESTABLISHED");
	emit(g, "send c \"hello\"");
	emit(g, "expect recv cfd \"hello\"");
	nonblock_all(g, all, ARRAY_SIZE(all));
	switch (below(g, 4)) {
	case 0:	/* MSG_TRUNC on a stream discards without copying */
		emit(g, "send c \"0123456789\"");
		emit(g, "recv cfd 2 MSG_TRUNC|MSG_DONTWAIT");
		emit(g, "recv cfd 2 MSG_TRUNC|MSG_PEEK|MSG_DONTWAIT");
		emit(g, "recv cfd 1024 MSG_DONTWAIT");
		break;
	case 1:
		emit(g, "shutdown c SHUT_WR");
		emit(g, "recv cfd 16 MSG_DONTWAIT");
		emit(g, "state c");
		break;
	case 2:
		emit(g, "close c");
		nm(g, "c")->open = 0;
		emit(g, "recv cfd 16");
		emit(g, "send cfd \"late\" MSG_NOSIGNAL");
		emit(g, "send cfd \"later\"");
		emit(g, "getpeername cfd");
		break;
	default:
		emit(g, "send c \"urgent\" MSG_OOB");
		emit(g, "recv cfd 16 MSG_OOB|MSG_DONTWAIT");
		emit(g, "poll cfd:in|pri c:out 0");
		break;
	}
}

/* Datagrams, one of them longer than the buffer: MSG_TRUNC. */
static void recipe_udp(struct soak_gen *g, int kind)
{
	static const char *const all[] = { "u", "v" };
	const char *dom = kind == K_UDP6 ? "inet6" : "inet";

	emit(g, "u = socket %s dgram", dom);
	made(g, nm(g, "u"), kind);
	bind_fresh(g, "u", kind);
	emit(g, "v = socket %s dgram|SOCK_NONBLOCK", dom);
	made(g, nm(g, "v"), kind);
	emit(g, "sendto v \"a datagram of thirty-six bytes, so\" u");
	emit(g, "recv u 2 MSG_TRUNC|MSG_DONTWAIT");
	emit(g, "sendto v \"x\" u");
	emit(g, "recvfrom u 1024 MSG_PEEK|MSG_DONTWAIT");
	emit(g, "recvfrom u 1 MSG_TRUNC|MSG_DONTWAIT");
	emit(g, "connect v u");
	emit(g, "send v \"connected\"");
	emit(g, "recv u 4 MSG_TRUNC|MSG_PEEK|MSG_DONTWAIT");
	emit(g, "recvfrom u 1024 MSG_DONTWAIT");
	emit(g, "recv u 16 MSG_DONTWAIT");
	emit(g, "getpeername v");
	nonblock_all(g, all, ARRAY_SIZE(all));
}

/* A stream (or seqpacket) server on a path in the private directory. */
static void recipe_unix_stream(struct soak_gen *g)
{
	static const char *const all[] = { "p", "q", "x" };
	const char *ty = below(g, 3) ? "stream" : "SOCK_SEQPACKET";
	int kind = ty[0] == 's' ? K_USTREAM : K_USEQ;

	emit(g, "p = socket unix %s", ty);
	made(g, nm(g, "p"), kind);
	emit(g, "bind p %s/s%u", g->dir, g->upath++);
	nm(g, "p")->bound = 1;
	emit(g, "listen p 4");
	nm(g, "p")->listening = 1;
	emit(g, "q = socket unix %s", ty);
	made(g, nm(g, "q"), kind);
	emit(g, "connect q p");
	emit(g, "x = accept p");
	made(g, nm(g, "x"), kind);
	nonblock_all(g, all, ARRAY_SIZE(all));
	emit(g, "send q \"hi there\"");
	emit(g, "recv x 2 MSG_PEEK|MSG_TRUNC");
	emit(g, "shutdown q SHUT_WR");
	emit(g, "recv x 16");
	emit(g, "recv x 16");
	emit(g, "getpeername x");
	emit(g, "getsockname p");
	emit(g, "getsockopt x SO_PEERCRED");
}

/* Abstract datagrams; the receiver closes: ECONNREFUSED. */
static void recipe_unix_dgram(struct soak_gen *g)
{
	emit(g, "a = socket unix dgram|SOCK_NONBLOCK");
	made(g, nm(g, "a"), K_UDGRAM);
	emit(g, "bind a @soak-%s-%u", g->tag, g->upath++);
	emit(g, "b = socket unix dgram|SOCK_NONBLOCK");
	made(g, nm(g, "b"), K_UDGRAM);
	emit(g, "sendto b \"dgram\" a");
	emit(g, "recvfrom a 3 MSG_TRUNC");
	emit(g, "connect b a");
	emit(g, "send b \"x\"");
	emit(g, "recv a 16 MSG_TRUNC|MSG_PEEK");
	emit(g, "close a");
	nm(g, "a")->open = 0;
	emit(g, "send b \"y\"");
}

static void recipe_nbconnect(struct soak_gen *g)
{
	emit(g, "s = socket inet stream|SOCK_NONBLOCK");
	made(g, nm(g, "s"), K_TCP4);
	emit(g, "connect s lfd");
	emit(g, "poll s:out 0");
	emit(g, "getsockopt s SO_ERROR");
	emit(g, "getpeername s");
}

/* The name of a closed socket, reused by accept: the table entry moves
 * under the listener's feet (issue 9, defect 1). */
static void recipe_accept_reuse(struct soak_gen *g)
{
	static const char *const all[] = { "lfd", "c", "x" };

	emit(g, "x = socket inet stream");
	emit(g, "close x");
	emit(g, "lfd = socket inet stream");
	made(g, nm(g, "lfd"), K_TCP4);
	bind_fresh(g, "lfd", K_TCP4);
	emit(g, "listen lfd");
	nm(g, "lfd")->listening = 1;
	emit(g, "c = socket inet stream");
	made(g, nm(g, "c"), K_TCP4);
	emit(g, "connect c lfd");
	emit(g, "x = accept lfd");
	made(g, nm(g, "x"), K_TCP4);
	nonblock_all(g, all, ARRAY_SIZE(all));
}

static void recipe_pair(struct soak_gen *g)
{
	emit(g, "a b = socketpair unix stream");
	made(g, nm(g, "a"), K_USTREAM);
	made(g, nm(g, "b"), K_USTREAM);
	emit(g, "nonblock a on");
	emit(g, "nonblock b on");
	emit(g, "send a \"ping\"");
	emit(g, "recv b 2 MSG_PEEK");
	emit(g, "recv b 16");
	emit(g, "shutdown a SHUT_WR");
	emit(g, "recv b 16 => 0");
	emit(g, "close a");
	nm(g, "a")->open = 0;
	emit(g, "send b \"x\"");
	emit(g, "send b \"x\" MSG_NOSIGNAL");
	emit(g, "poll b:in|rdhup 0");
}

/* Options, then close with SO_LINGER 0: an abortive close (RST). */
static void recipe_opts(struct soak_gen *g)
{
	emit(g, "s = socket inet stream|SOCK_NONBLOCK");
	made(g, nm(g, "s"), K_TCP4);
	emit(g, "getsockopt s SO_TYPE => \"SOCK_STREAM\"");
	emit(g, "setsockopt s SO_RCVBUF 4096");
	emit(g, "getsockopt s SO_RCVBUF");
	emit(g, "setsockopt s IPPROTO_TCP TCP_NODELAY on");
	bind_fresh(g, "s", K_TCP4);
	emit(g, "listen s 2");
	emit(g, "getsockopt s SO_ACCEPTCONN");
	emit(g, "c = socket inet stream|SOCK_NONBLOCK");
	made(g, nm(g, "c"), K_TCP4);
	emit(g, "setsockopt c SO_LINGER on,0");
	emit(g, "getsockopt c SO_LINGER");
	emit(g, "connect c s");
	emit(g, "close c");
	nm(g, "c")->open = 0;
	emit(g, "accept s");	/* non-blocking: the connection or EAGAIN */
	g->opened++;
	emit(g, "close s");
	nm(g, "s")->open = 0;
}

static void act_recipe(struct soak_gen *g)
{
	switch (below(g, 10)) {
	case 0: recipe_tcp(g, K_TCP4); break;
	case 1: recipe_tcp(g, K_TCP6); break;
	case 2: recipe_udp(g, K_UDP4); break;
	case 3: recipe_udp(g, K_UDP6); break;
	case 4: recipe_unix_stream(g); break;
	case 5: recipe_unix_dgram(g); break;
	case 6: recipe_nbconnect(g); break;
	case 7: recipe_accept_reuse(g); break;
	case 8: recipe_pair(g); break;
	default: recipe_opts(g); break;
	}
}

/* --- phases --- */

struct gen_action {
	int weight;
	void (*fn)(struct soak_gen *g);
};

static const struct gen_action mixed_actions[] = {
	{ 110, act_socket }, { 70, act_bind }, { 40, act_listen },
	{ 50, act_accept }, { 60, act_connect }, { 70, act_send },
	{ 80, act_recv }, { 60, act_udp }, { 25, act_shutdown },
	{ 50, act_close }, { 80, act_opt }, { 25, act_names },
	{ 20, act_nonblock }, { 30, act_poll }, { 25, act_socketpair },
	{ 50, act_byteorder }, { 20, act_state }, { 10, act_expect },
	{ 25, act_session }, { 50, act_garbage }, { 60, act_recipe },
};

static void mixed_action(struct soak_gen *g)
{
	long total = 0, r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mixed_actions); i++)
		total += mixed_actions[i].weight;
	r = below(g, total);
	for (i = 0; r >= mixed_actions[i].weight; i++)
		r -= mixed_actions[i].weight;
	mixed_actions[i].fn(g);
}

/* State lines cost a netlink round trip or two per command: on only in
 * stretches, and while the table is small. */
static void state_stretch(struct soak_gen *g)
{
	if (g->state_on && --g->state_left <= 0) {
		emit(g, "set state off");
		g->state_on = 0;
	} else if (!g->state_on && g->opened < 100 && below(g, 250) == 0) {
		emit(g, "set state on");
		g->state_on = 1;
		g->state_left = (int)between(g, 100, 300);
	}
}

static void grow_listeners(struct soak_gen *g);

static void start_grow(struct soak_gen *g)
{
	long more = below(g, 4) ? between(g, 8, 80) : between(g, 80, 300);

	if (g->state_on)
		emit(g, "set state off");
	g->state_on = 0;
	g->target = g->opened + more;
	if (g->ngrow % 8 == 7 || g->target > GEN_MAX_OPEN)
		g->target = GEN_MAX_OPEN;
	g->ngrow++;
	grow_listeners(g);
}

/* The listeners grow phases connect to; the cycle's drain closes them. */
static void grow_listeners(struct soak_gen *g)
{
	emit(g, "# grow: up to %ld sockets opened", g->target);
	emit(g, "glfd = socket inet stream|SOCK_NONBLOCK");
	emit(g, "bind glfd 127.0.0.1 0");
	emit(g, "listen glfd 4096");
	emit(g, "gux = socket unix stream|SOCK_NONBLOCK");
	emit(g, "bind gux @soak-%s-%u", g->tag, g->upath++);
	emit(g, "listen gux 4096");
	g->opened += 2;
	g->phase = PH_GROW;
}

/* A client connects to one of the grow listeners and is accepted. */
static void grow_accept(struct soak_gen *g)
{
	static const char *const cl[] = { "c", "cfd", "s", "q" };
	static const char *const ac[] = { "a", "b", "x", "y" };
	int tcp = below(g, 3) != 0;
	const char *c = PICK(g, cl), *a = PICK(g, ac);

	emit(g, "%s = socket %s stream|SOCK_NONBLOCK", c,
	     tcp ? "inet" : "unix");
	made(g, nm(g, c), tcp ? K_TCP4 : K_USTREAM);
	emit(g, "connect %s %s", c, tcp ? "glfd" : "gux");
	if (below(g, 5) == 0) {
		emit(g, "accept %s", tcp ? "glfd" : "gux");
		g->opened++;
		return;
	}
	emit(g, "%s = accept %s", a, tcp ? "glfd" : "gux");
	emit(g, "nonblock %s on", a);
	made(g, nm(g, a), tcp ? K_TCP4 : K_USTREAM);
}

/* One more socket in the table per step, an accept at every size: the
 * client's closed name is dropped when the name is reused, so only the
 * accepted socket stays. */
static void ramp_step(struct soak_gen *g)
{
	int tcp = below(g, 3) != 0;

	emit(g, "c = socket %s stream|SOCK_NONBLOCK", tcp ? "inet" : "unix");
	emit(g, "connect c %s", tcp ? "glfd" : "gux");
	emit(g, "accept %s", tcp ? "glfd" : "gux");
	emit(g, "close c");
	g->opened++;
}

static void grow_step(struct soak_gen *g)
{
	static const char *const cl[] = { "a", "b", "x", "y", "c" };
	struct sbuf b = SBUF_INIT;
	long r = below(g, 100);
	int kind = (int)below(g, NKINDS);

	if (g->opened < g->ramp) {
		ramp_step(g);
	} else if (r < 33) {
		grow_accept(g);
	} else if (r < 63) {
		struct gen_name *n = any_name(g);

		socket_args(g, &b, kind, 1);
		if (below(g, 3) == 0) {
			emit(g, "socket %s", sbuf_str(&b));
			g->opened++;
		} else {
			emit(g, "%s = socket %s", n->name, sbuf_str(&b));
			made(g, n, kind);
		}
	} else if (r < 73) {
		emit(g, "%ssocketpair unix stream|SOCK_NONBLOCK",
		     below(g, 2) ? "" : "x y = ");
		g->opened += 2;
	} else if (r < 83) {
		emit(g, "close %s", PICK(g, cl));
	} else if (r < 84) {
		emit(g, "%s", below(g, 2) ? "fds" : "state glfd");
	} else {
		mixed_action(g);
	}
	sbuf_free(&b);
}

/* Close every number this cycle can have used (sockrepl refuses the ones
 * that are not the session's), then the names. */
static void drain(struct soak_gen *g)
{
	long fd, hi = g->opened + 48;
	size_t i;

	emit(g, "# drain: close 3 to %ld", hi);
	for (fd = 3; fd <= hi; fd++)
		emit(g, "close %ld", fd);
	emit(g, "close glfd");
	emit(g, "close gux");
	for (i = 0; i < GEN_NAMES; i++) {
		emit(g, "close %s", g->names[i].name);
		g->names[i].open = 0;
	}
	emit(g, "fds");
	emit(g, "%s", GEN_DRAINED);
	g->opened = 0;
	g->ramp = 0;
	g->phase = PH_MIXED;
	g->left = (int)between(g, 200, 800);
}

static void next_action(struct soak_gen *g)
{
	switch (g->phase) {
	case PH_MIXED:
		if (g->left-- > 0) {
			state_stretch(g);
			mixed_action(g);
		} else {
			start_grow(g);
		}
		break;
	default:
		if (g->opened + 2 <= g->target)
			grow_step(g);
		else
			drain(g);
		break;
	}
}

void soak_gen_init(struct soak_gen *g, uint64_t seed, const char *dir,
		   const char *tag)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	g->rng = seed;
	snprintf(g->dir, sizeof(g->dir), "%s", dir);
	snprintf(g->tag, sizeof(g->tag), "%s", tag);
	for (i = 0; i < GEN_NAMES; i++) {
		g->names[i].name = pool[i];
		g->names[i].kind = -1;
	}
	emit(g, "# sockrepl soak test, seed %llu", (unsigned long long)seed);
	/* A blocking call is a bug of the generator: give up soon. */
	emit(g, "set timeout 100");
	emit(g, "set state off");
	/* First from an empty table: a ramp to GEN_RAMP, then on to
	 * GEN_MAX_OPEN. */
	g->target = GEN_MAX_OPEN;
	g->ramp = GEN_RAMP;
	grow_listeners(g);
}

void soak_gen_next(struct soak_gen *g, struct sbuf *line)
{
	struct gen_fifo *f = &g->fifo;

	while (f->n == 0)
		next_action(g);
	sbuf_reset(line);
	sbuf_add(line, f->lines[f->head]);
	free(f->lines[f->head]);
	f->head++;
	f->n--;
	g->line++;
}

void soak_gen_free(struct soak_gen *g)
{
	struct gen_fifo *f = &g->fifo;

	while (f->n) {
		free(f->lines[f->head++]);
		f->n--;
	}
	free(f->lines);
	memset(f, 0, sizeof(*f));
}
