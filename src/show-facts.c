/* show-facts.c - record facts, and the only place that words them. */
#include "config.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>

#include "addr.h"
#include "byteorder.h"
#include "consts.h"
#include "i18n.h"
#include "parse.h"
#include "show.h"
#include "show-facts.h"
#include "show-trace.h"

/* A socket's whole name fits in a fact. */
_Static_assert(FACT_LABEL_MAX > PARSE_NAME_MAX, "FACT_LABEL_MAX too small");

static const char *const names[FACT_COUNT] = {
	[FACT_PORT_PICKED] = "port_picked",
	[FACT_NO_HTONS] = "no_htons",
	[FACT_LISTEN_BOUND] = "listen_bound",
	[FACT_FOUR_TUPLE] = "four_tuple",
	[FACT_STILL_LISTENS] = "still_listens",
	[FACT_EPHEMERAL_PORT] = "ephemeral_port",
	[FACT_NAME] = "name",
	[FACT_SOCKETPAIR] = "socketpair",
	[FACT_DGRAM_SENT] = "dgram_sent",
	[FACT_DGRAM_EMPTY] = "dgram_empty",
	[FACT_DGRAM_FILLED] = "dgram_filled",
	[FACT_ICMP_REFUSED] = "icmp_refused",
	[FACT_FROM_STREAM] = "from_stream",
	[FACT_FROM] = "from",
	[FACT_SHORT_SEND] = "short_send",
	[FACT_EOF] = "eof",
	[FACT_DATA] = "data",
	[FACT_TRUNC_TCP] = "trunc_tcp",
	[FACT_TRUNC_UDP] = "trunc_udp",
	[FACT_OPT_NEEDS_TCP] = "opt_needs_tcp",
	[FACT_OPT_NEEDS_IP] = "opt_needs_ip",
	[FACT_OPT_NEEDS_IPV6] = "opt_needs_ipv6",
	[FACT_OPT_READ_ONLY] = "opt_read_only",
	[FACT_LINGER] = "linger",
	[FACT_TIMEOUT] = "timeout",
	[FACT_BUF_DOUBLED] = "buf_doubled",
	[FACT_OPT_BOOL] = "opt_bool",
	[FACT_OPT_HELP] = "opt_help",
	[FACT_FLAGS] = "flags",
	[FACT_NONBLOCK] = "nonblock",
	[FACT_GOT_LINGER] = "got_linger",
	[FACT_GOT_TIMEOUT] = "got_timeout",
	[FACT_GOT_NAME] = "got_name",
	[FACT_PEERCRED] = "peercred",
	[FACT_SO_ERROR] = "so_error",
	[FACT_GOT_CONST] = "got_const",
	[FACT_GOT_BOOL] = "got_bool",
	[FACT_GOT_BUF] = "got_buf",
	[FACT_GOT_INT] = "got_int",
	[FACT_REVENTS] = "revents",
	[FACT_POLL_RESULT] = "poll_result",
	[FACT_ENDIAN] = "endian",
	[FACT_CONV] = "conv",
	[FACT_ADDR_BYTES] = "addr_bytes",
	[FACT_PTON_ZERO] = "pton_zero",
	[FACT_NTOP_NUMBER] = "ntop_number",
	[FACT_SOCKADDR] = "sockaddr",
	[FACT_SLEEP_INTERRUPTED] = "sleep_interrupted",
	[FACT_SLEEP_GAVE_UP] = "sleep_gave_up",
	[FACT_EXPECT_STATE] = "expect_state",
	[FACT_EXPECT_QUEUE] = "expect_queue",
	[FACT_EXPECT_RECV] = "expect_recv",
	[FACT_TRACE_STATUS] = "trace_status",
	[FACT_TRACE_DENIED] = "trace_denied",
	[FACT_EXPECT_TRACE] = "expect_trace",
	[FACT_RUN_EXITED] = "run_exited",
	[FACT_RUN_KILLED] = "run_killed",
	[FACT_RUN_SHARED] = "run_shared",
};

const char *fact_name(enum fact_id id)
{
	return (unsigned int)id < FACT_COUNT ? names[id] : NULL;
}

static void param_get(struct fact_param *p, int kind, va_list *ap)
{
	const char *label;

	memset(p, 0, sizeof(*p));
	p->kind = (enum fact_param_kind)kind;
	switch (kind) {
	case FP_INT:
		p->num = va_arg(*ap, long);
		break;
	case FP_SOCK:
		label = va_arg(*ap, const char *);
		snprintf(p->label, sizeof(p->label), "%s", label);
		p->num = va_arg(*ap, int);
		break;
	case FP_ADDR:
		p->ss = *va_arg(*ap, const struct sockaddr_storage *);
		p->len = va_arg(*ap, socklen_t);
		break;
	case FP_BYTES:
		p->bytes = va_arg(*ap, const unsigned char *);
		p->n = va_arg(*ap, size_t);
		break;
	}
}

void record_fact(struct record *r, enum fact_id id, ...)
{
	struct fact *f;
	va_list ap;
	int kind;

	if (r->nfacts >= RECORD_MAX_FACTS)
		return;
	f = &r->facts[r->nfacts++];
	f->id = id;
	f->nparam = 0;
	va_start(ap, id);
	while ((kind = va_arg(ap, int)) != -1 && f->nparam < FACT_MAX_PARAMS)
		param_get(&f->p[f->nparam++], kind, &ap);
	va_end(ap);
}

/* The address of parameter i as text, in a buffer of the caller's. */
static const char *addr_text(struct sbuf *b, const struct fact *f, int i)
{
	sbuf_reset(b);
	addr_format(b, (const void *)&f->p[i].ss, f->p[i].len);
	return sbuf_str(b);
}

/* A socketpair end: "5", or "5 a" when it has a name. */
static const char *end_text(struct sbuf *b, const struct fact_param *p)
{
	char fd[16];

	sbuf_reset(b);
	snprintf(fd, sizeof(fd), "%ld", p->num);
	sbuf_add(b, fd);
	if (strcmp(fd, p->label) != 0)
		sbuf_addf(b, " %s", p->label);
	return sbuf_str(b);
}

static void socket_fact(struct sbuf *out, const struct fact *f,
			struct sbuf *a, struct sbuf *b)
{
	const struct fact_param *p = f->p;

	switch (f->id) {
	case FACT_PORT_PICKED:
		sbuf_addf(out, _("  port 0: the kernel picked port %ld (getsockname(%s) shows it)"),
			  p[1].num, p[0].label);
		break;
	case FACT_NO_HTONS:
		sbuf_addf(out, _("  without htons() the kernel reads the bytes of %ld in network order: the socket is on port %ld, not %ld"),
			  p[0].num, p[1].num, p[0].num);
		break;
	case FACT_LISTEN_BOUND:
		sbuf_addf(out, _("  %s was not bound: listen() bound it to port %ld, picked by the kernel"),
			  p[0].label, p[1].num);
		break;
	case FACT_FOUR_TUPLE:
		addr_text(a, f, 0);
		addr_text(b, f, 1);
		sbuf_addf(out, _("  peer: %s   four-tuple: %s <-> %s"),
			  sbuf_str(b), sbuf_str(a), sbuf_str(b));
		break;
	case FACT_STILL_LISTENS:
		sbuf_addf(out, _("  %s still listens; the new descriptor talks to this one client"),
			  p[0].label);
		break;
	case FACT_EPHEMERAL_PORT:
		sbuf_addf(out, p[2].num
			  ? _("  %s had no address: the kernel bound it to %s (an ephemeral port), where replies will come")
			  : _("  %s had no address: the kernel bound it to %s (an ephemeral port)"),
			  p[0].label, addr_text(a, f, 1));
		break;
	case FACT_NAME:
		sbuf_addf(out, _("  addr = %s  (len = %u)"), addr_text(a, f, 0),
			  (unsigned int)p[0].len);
		break;
	case FACT_SOCKETPAIR:
		sbuf_addf(out, _("  sv[0] = %s, sv[1] = %s: already connected to each other"),
			  end_text(a, &p[0]), end_text(b, &p[1]));
		break;
	default:
		break;
	}
}

static void dgram_fact(struct sbuf *out, const struct fact *f,
		       struct sbuf *a)
{
	const struct fact_param *p = f->p;

	switch (f->id) {
	case FACT_DGRAM_SENT:
		sbuf_add(out, _("  one datagram sent; UDP does not say whether anyone received it"));
		break;
	case FACT_DGRAM_EMPTY:
		sbuf_add(out, _("  a datagram of 0 bytes: for UDP, 0 is an empty message, not end of file"));
		break;
	case FACT_DGRAM_FILLED:
		sbuf_addf(out, _("  the datagram filled buf (%ld bytes): if it was longer, the rest is discarded, not kept for the next call"),
			  p[0].num);
		break;
	case FACT_ICMP_REFUSED:
		sbuf_add(out, _("  (the ICMP port-unreachable came back for an earlier datagram of this\n  connected socket; the error is reported once, then cleared)"));
		break;
	case FACT_FROM_STREAM:
		sbuf_add(out, _("  from: not filled in on a stream socket: its peer is fixed (getpeername)"));
		break;
	case FACT_FROM:
		/* A sender with no address fills in only the family. */
		sbuf_addf(out, p[0].len <= sizeof(sa_family_t)
			  ? _("  from: %s  (fromlen = %u): the sender's socket has no address")
			  : _("  from: %s  (fromlen = %u)"),
			  addr_text(a, f, 0), (unsigned int)p[0].len);
		break;
	default:
		break;
	}
}

static void io_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	unsigned long n = (unsigned long)p[0].num;

	switch (f->id) {
	case FACT_SHORT_SEND:
		sbuf_addf(out, _("  only %ld of %ld bytes went into the send buffer: send the rest again"),
			  p[0].num, p[1].num);
		break;
	case FACT_EOF:
		sbuf_addf(out, _("  0 bytes: end of file. The peer closed its side (its FIN reached %s);\n  recv will return 0 from now on."),
			  p[0].label);
		break;
	case FACT_DATA:
		show_bytes(out, p[0].bytes, p[0].n);
		break;
	case FACT_TRUNC_TCP:
		sbuf_addf(out, p[1].num
			  ? ngettext("  MSG_PEEK|MSG_TRUNC on TCP: %ld byte is queued; none were copied into buf,\n  and they stay queued",
				     "  MSG_PEEK|MSG_TRUNC on TCP: %ld bytes are queued; none were copied into buf,\n  and they stay queued", n)
			  : ngettext("  MSG_TRUNC on TCP discards %ld byte without copying them into buf\n  (buf is left untouched)",
				     "  MSG_TRUNC on TCP discards %ld bytes without copying them into buf\n  (buf is left untouched)", n),
			  p[0].num);
		break;
	case FACT_TRUNC_UDP:
		sbuf_addf(out, p[2].num
			  ? _("  MSG_TRUNC: the datagram has %ld bytes; %ld were copied into buf, and\n  MSG_PEEK left the whole datagram queued")
			  : _("  MSG_TRUNC: the datagram had %ld bytes; %ld fit in the buffer, the rest\n  was discarded"),
			  p[0].num, p[1].num);
		break;
	default:
		break;
	}
}

/* "O_RDWR|O_NONBLOCK": C constants, never translated. */
static void flags_text(struct sbuf *out, long fl)
{
	long acc = fl & O_ACCMODE;

	sbuf_add(out, acc == O_RDONLY ? "O_RDONLY"
		      : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR");
	if (fl & O_NONBLOCK)
		sbuf_add(out, "|O_NONBLOCK");
	if (fl & O_APPEND)
		sbuf_add(out, "|O_APPEND");
	if (fl & O_ASYNC)
		sbuf_add(out, "|O_ASYNC");
}

static void linger_fact(struct sbuf *out, const struct fact *f)
{
	long onoff = f->p[0].num, secs = f->p[1].num;

	if (!onoff)
		sbuf_add(out, _("  off: close() returns at once; the kernel still sends unsent data in the background"));
	else if (secs == 0)
		sbuf_add(out, _("  on, 0 seconds: close() resets the connection (RST): unsent data is dropped, no TIME-WAIT"));
	else
		sbuf_addf(out, _("  on, %ld s: close() waits up to %ld s for unsent data to be sent and acknowledged"),
			  secs, secs);
}

/* A boolean option's value; "on" and "off" are the words typed for it. */
static void bool_fact(struct sbuf *out, const struct fact *f)
{
	const char *help = consts_opt_help(f->p[0].num, f->p[1].num);

	if (help == NULL)
		sbuf_add(out, f->p[2].num ? "  on" : "  off");
	else if (f->p[2].num)
		sbuf_addf(out, "  on: %s", help);
	else
		sbuf_addf(out, _("  off (on means: %s)"), help);
}

static void opt_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	const char *help;

	switch (f->id) {
	case FACT_OPT_NEEDS_TCP:
		sbuf_add(out, _("  TCP_* options need a TCP socket: AF_INET or AF_INET6 with SOCK_STREAM"));
		break;
	case FACT_OPT_NEEDS_IP:
		sbuf_add(out, _("  IP options need an AF_INET or AF_INET6 socket"));
		break;
	case FACT_OPT_NEEDS_IPV6:
		sbuf_add(out, _("  IPV6_* options need an AF_INET6 socket"));
		break;
	case FACT_OPT_READ_ONLY:
		sbuf_add(out, _("  this option is read-only: only getsockopt reads it"));
		break;
	case FACT_LINGER:
		linger_fact(out, f);
		break;
	case FACT_TIMEOUT:
		if (p[1].num == 0)
			sbuf_add(out, _("  0: no time-out, blocking calls wait for ever"));
		else
			sbuf_addf(out, p[2].num
				  ? _("  a blocking recv or accept on %s now gives up after %ld ms with -1 EAGAIN")
				  : _("  a blocking send on %s now gives up after %ld ms with -1 EAGAIN"),
				  p[0].label, p[1].num);
		break;
	case FACT_BUF_DOUBLED:
		sbuf_addf(out, _("  the kernel doubles it (half is for its own bookkeeping): getsockopt will show %ld,\n  within the limit net.core.%s"),
			  p[0].num, p[1].num ? "rmem_max" : "wmem_max");
		break;
	case FACT_OPT_BOOL:
		bool_fact(out, f);
		break;
	case FACT_OPT_HELP:
		help = consts_opt_help(p[0].num, p[1].num);
		if (help)
			sbuf_addf(out, "  %s", help);
		break;
	default:
		break;
	}
}

static void fcntl_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	struct sbuf fl = SBUF_INIT;

	if (f->id == FACT_FLAGS) {
		flags_text(&fl, p[1].num);
		sbuf_addf(out, (p[1].num & O_NONBLOCK)
			  ? _("  flags = 0x%lx = %s: %s is non-blocking, calls that would wait fail with EAGAIN")
			  : _("  flags = 0x%lx = %s: %s is blocking (O_NONBLOCK is off), calls wait until they can complete"),
			  (unsigned long)p[1].num, sbuf_str(&fl), p[0].label);
	} else if (p[1].num) {
		sbuf_addf(out, _("  %s is non-blocking: accept, recv and recvfrom return -1 EAGAIN instead of waiting,\n  connect returns -1 EINPROGRESS. Wait with poll: POLLIN to read or accept,\n  POLLOUT for a connect to finish (then getsockopt SO_ERROR tells how it went)."),
			  p[0].label);
	} else {
		sbuf_addf(out, _("  %s is blocking again: calls wait until they can complete"),
			  p[0].label);
	}
	sbuf_free(&fl);
}

/* SO_ERROR's value: the errno, and why connect would have failed. */
static void so_error_fact(struct sbuf *out, long e)
{
	const char *n = consts_errno_name((int)e);
	const char *why = consts_errno_explain("connect", (int)e);

	if (e == 0) {
		sbuf_add(out, _("  val = 0: no error pending (after a non-blocking connect: it succeeded)"));
		return;
	}
	sbuf_addf(out, _("  val = %ld = %s (%s): the error the socket kept for you; reading SO_ERROR cleared it"),
		  e, n ? n : "?", strerror((int)e));
	if (why == NULL)
		return;
	sbuf_add(out, "\n  ");
	for (; *why; why++) {
		sbuf_addc(out, *why);
		if (*why == '\n')
			sbuf_add(out, "  ");
	}
}

/* "  val = 1: on: HELP", "  val = 5: HELP": a value and its meaning. */
static void got_val_fact(struct sbuf *out, const struct fact *f)
{
	const char *help = consts_opt_help(f->p[0].num, f->p[1].num);
	long v = f->p[2].num;

	sbuf_addf(out, "  val = %ld", v);
	if (f->id == FACT_GOT_BOOL && f->p[0].num == SOL_SOCKET &&
	    f->p[1].num == SO_ACCEPTCONN)
		sbuf_addf(out, ": %s", v ? _("the socket is listening (listen() was called)")
					 : _("not listening"));
	else if (f->id == FACT_GOT_INT)
		sbuf_addf(out, "%s%s", help ? ": " : "", help ? help : "");
	else if (help == NULL)
		sbuf_add(out, v ? ": on" : ": off");
	else if (v)
		sbuf_addf(out, ": on: %s", help);
	else
		sbuf_addf(out, _(": off (on means: %s)"), help);
}

static void got_struct_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	long ms = p[0].num * 1000 + p[1].num / 1000;

	switch (f->id) {
	case FACT_GOT_LINGER:
		sbuf_addf(out, "  lg = { .l_onoff = %ld, .l_linger = %ld }\n",
			  p[0].num, p[1].num);
		linger_fact(out, f);
		if (!p[0].num && p[1].num)
			sbuf_add(out, _(" (l_linger is ignored while l_onoff is 0)"));
		break;
	case FACT_GOT_TIMEOUT:
		sbuf_addf(out, ms ? _("  tv = { .tv_sec = %ld, .tv_usec = %ld } = %ld ms")
				  : _("  tv = { .tv_sec = %ld, .tv_usec = %ld } = %ld ms: no time-out, wait for ever"),
			  p[0].num, p[1].num, ms);
		if (p[1].num)
			sbuf_add(out, _("\n  (kept in clock ticks: a value read back may be rounded up a little)"));
		break;
	case FACT_PEERCRED:
		sbuf_addf(out, _("  cred = { .pid = %ld, .uid = %ld, .gid = %ld }: the peer's process and user"),
			  p[0].num, p[1].num, p[2].num);
		break;
	default:
		break;
	}
}

static void got_fact(struct sbuf *out, const struct fact *f)
{
	static const struct const_table *const sets[] = {
		&consts_type, &consts_domain, &consts_proto,
	};
	const struct fact_param *p = f->p;
	const char *help;

	switch (f->id) {
	case FACT_GOT_NAME:
		help = consts_opt_help(p[0].num, p[1].num);
		sbuf_addf(out, "  name = \"%.*s\"%s%s", (int)p[2].n,
			  (const char *)p[2].bytes, help ? ": " : "",
			  help ? help : "");
		break;
	case FACT_SO_ERROR:
		so_error_fact(out, p[0].num);
		break;
	case FACT_GOT_CONST:
		sbuf_addf(out, "  val = %ld = ", p[1].num);
		if (p[0].num >= 0 && p[0].num < 3)
			consts_format(sets[p[0].num], p[1].num, out);
		break;
	case FACT_GOT_BUF:
		sbuf_addf(out, _("  val = %ld bytes: twice what was set (or the default); the kernel keeps half\n  for its own bookkeeping, so about %ld bytes of data fit"),
			  p[0].num, p[0].num / 2);
		break;
	case FACT_GOT_BOOL:
	case FACT_GOT_INT:
		got_val_fact(out, f);
		break;
	default:
		got_struct_fact(out, f);
	}
}

/* What POLLIN means, as the handler found it (enum fact_pollin). */
static void pollin_text(struct sbuf *out, long how, long queued)
{
	switch (how) {
	case POLLIN_ACCEPT:
		sbuf_add(out, _("a connection is waiting for accept"));
		break;
	case POLLIN_DATAGRAM:
		sbuf_addf(out, ngettext("a datagram to read (%ld byte): recvfrom will not block",
					"a datagram to read (%ld bytes): recvfrom will not block",
					(unsigned long)queued),
			  queued);
		break;
	case POLLIN_DATA:
		sbuf_addf(out, _("data to read (%ld bytes queued): recv will not block"),
			  queued);
		break;
	case POLLIN_EOF:
		sbuf_add(out, _("nothing queued, so end of file or an error: recv will return 0 (the peer closed) or fail"));
		break;
	default:
		sbuf_add(out, _("data to read: recv will not block"));
	}
}

static const char *revent_text(short bit)
{
	switch (bit) {
	case POLLOUT:
		return _("room in the send buffer: send will not block (after a non-blocking connect:\n      the handshake is over, getsockopt SO_ERROR says how it went)");
	case POLLERR:
		return _("an error is pending: getsockopt SO_ERROR reads and clears it (so does the next call)");
	case POLLHUP:
		return _("hang-up: both directions are closed (peer closed and we shut down writing,\n      a reset, or a connect that failed); reads return 0 or the error");
	case POLLRDHUP:
		return _("the peer shut down its sending side (its FIN arrived): recv will return 0 after the data");
	case POLLPRI:
		return _("urgent data (MSG_OOB) to read");
	case POLLNVAL:
		return _("not an open descriptor");
	}
	return "";
}

/* "  c: revents = POLLIN|POLLOUT", then a line for each bit. */
static void revents_fact(struct sbuf *out, const struct fact *f)
{
	static const short bits[] = { POLLIN, POLLPRI, POLLOUT, POLLRDHUP,
				      POLLERR, POLLHUP, POLLNVAL };
	const struct fact_param *p = f->p;
	size_t j;

	sbuf_addf(out, "  %s: revents = ", p[0].label);
	if (p[1].num == 0) {
		sbuf_add(out, _("0, not ready"));
		return;
	}
	consts_format(&consts_poll, p[1].num, out);
	for (j = 0; j < sizeof(bits) / sizeof(bits[0]); j++) {
		if (!(p[1].num & bits[j]))
			continue;
		sbuf_add(out, "\n    ");
		consts_format(&consts_poll, bits[j], out);
		sbuf_add(out, ": ");
		if (bits[j] == POLLIN)
			pollin_text(out, p[2].num, p[3].num);
		else
			sbuf_add(out, revent_text(bits[j]));
	}
}

static void poll_fact(struct sbuf *out, const struct fact *f)
{
	long ret = f->p[0].num, timeout = f->p[1].num;

	if (f->id == FACT_REVENTS)
		revents_fact(out, f);
	else if (ret == 0 && timeout == 0)
		sbuf_add(out, _("  0: nothing is ready right now (timeout 0 only looks)"));
	else if (ret == 0)
		sbuf_addf(out, _("  0: the timeout (%ld ms) ran out and nothing became ready"),
			  timeout);
	else
		sbuf_addf(out, ngettext("  %ld descriptor is ready",
					"  %ld descriptors are ready",
					(unsigned long)ret),
			  ret);
}

/* The address a binary address fact carries: in_addr or in6_addr. */
static const void *addr_bin(const struct fact_param *p)
{
	const struct sockaddr_in *in = (const void *)&p->ss;
	const struct sockaddr_in6 *in6 = (const void *)&p->ss;

	return p->ss.ss_family == AF_INET ? (const void *)&in->sin_addr
					  : (const void *)&in6->sin6_addr;
}

/* The C that builds the address, each line indented, then its fields. */
static void sockaddr_fact(struct sbuf *out, const struct fact *f,
			  struct sbuf *c)
{
	const struct fact_param *p = f->p;
	struct addr a;
	const char *l, *nl;

	memset(&a, 0, sizeof(a));
	memcpy(&a.ss, &p[0].ss, sizeof(a.ss));
	a.len = p[0].len;
	a.no_htons = (int)p[1].num;
	a.typed_port = (unsigned int)p[2].num;
	if (p[3].kind == FP_BYTES && p[3].n > 0 && p[3].n < sizeof(a.scope))
		memcpy(a.scope, p[3].bytes, p[3].n);
	addr_c_setup(c, &a, "addr");
	for (l = sbuf_str(c); *l; l = nl + 1) {
		nl = strchr(l, '\n');
		sbuf_add(out, "  ");
		sbuf_addn(out, l, nl ? (size_t)(nl - l) : strlen(l));
		sbuf_addc(out, '\n');
		if (nl == NULL)
			break;
	}
	byteorder_explain_sockaddr(out, (const void *)&p[0].ss, p[0].len,
				   a.no_htons);
}

/* Byte order: byteorder.c's formatting functions are this renderer's
 * helpers. */
static void byteorder_fact(struct sbuf *out, const struct fact *f,
			   struct sbuf *b)
{
	const struct fact_param *p = f->p;

	switch (f->id) {
	case FACT_ENDIAN:
		byteorder_explain_endian(out);
		break;
	case FACT_CONV:
		byteorder_explain_fn(out, (enum byteorder_fn)p[0].num,
				     (unsigned long)p[1].num,
				     p[2].num ? "\xe2\x86\x92" : "->");
		break;
	case FACT_ADDR_BYTES:
		byteorder_explain_addr(out, p[0].ss.ss_family, addr_bin(p));
		break;
	case FACT_PTON_ZERO:
		sbuf_add(out, _("  0, not -1: inet_pton returns 0 when the text is not an address\n  (errno is not set; test for == 1, not for < 0)\n"));
		sbuf_addn(b, (const char *)p[1].bytes, p[1].n);
		byteorder_pton_why(out, (int)p[0].num, sbuf_str(b));
		break;
	case FACT_NTOP_NUMBER:
		sbuf_add(out, _("  a number is the address's value, stored with htonl(); give the bytes in hex (c0a80a80) to store them as they are"));
		break;
	default:
		sockaddr_fact(out, f, b);
	}
}

/* What an expect state or queue found: "c is ESTABLISHED". */
static void expect_what(struct sbuf *b, const struct fact *f)
{
	const struct fact_param *p = f->p;
	struct sbuf st = SBUF_INIT;

	if (f->id == FACT_EXPECT_QUEUE) {
		sbuf_addf(b, _("%ld waiting in the accept queue of %s"),
			  p[0].num, p[1].label);
		return;
	}
	sbuf_addn(&st, p[1].bytes, p[1].n);
	sbuf_addf(b, _("%s is %s"), p[0].label, sbuf_str(&st));
	sbuf_free(&st);
}

/* The shell's own commands: sleep's end, expect's verdicts. */
static void shell_fact(struct sbuf *out, const struct fact *f,
		       struct sbuf *b)
{
	const struct fact_param *p = f->p;

	switch (f->id) {
	case FACT_SLEEP_INTERRUPTED:
		sbuf_add(out, _("(interrupted)"));
		break;
	case FACT_SLEEP_GAVE_UP:
		sbuf_addf(out, _("(sockrepl gave up waiting after %ld ms, the replay time-out: see --timeout and 'set timeout')"),
			  p[0].num);
		break;
	case FACT_EXPECT_RECV:
		sbuf_addc(b, '"');
		parse_quote_c(b, p[0].bytes, p[0].n);
		sbuf_addc(b, '"');
		sbuf_addf(out, _("  received %s, as expected"), sbuf_str(b));
		break;
	default:
		expect_what(b, f);
		sbuf_addf(out, _("  %s, as expected"), sbuf_str(b));
	}
}

/* A program followed by --run: how it ended, what its calls meant. */
static void run_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	const char *abbrev;

	switch (f->id) {
	case FACT_RUN_EXITED:
		sbuf_addf(out, _("process %ld exited with status %ld"),
			  p[0].num, p[1].num);
		break;
	case FACT_RUN_KILLED:
		abbrev = sigabbrev_np((int)p[1].num);
		sbuf_addf(out, _("process %ld was ended by signal SIG%s (%s)"),
			  p[0].num, abbrev ? abbrev : "?",
			  strsignal((int)p[1].num));
		break;
	default:
		sbuf_add(out, _("  another descriptor still holds this socket (a copy a fork gave\n  the other process): close() dropped only this one, the connection stays"));
	}
}

void show_fact(struct sbuf *out, const struct fact *f)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;

	if (f->id <= FACT_SOCKETPAIR)
		socket_fact(out, f, &a, &b);
	else if (f->id <= FACT_FROM)
		dgram_fact(out, f, &a);
	else if (f->id <= FACT_TRUNC_UDP)
		io_fact(out, f);
	else if (f->id <= FACT_OPT_HELP)
		opt_fact(out, f);
	else if (f->id <= FACT_NONBLOCK)
		fcntl_fact(out, f);
	else if (f->id <= FACT_GOT_INT)
		got_fact(out, f);
	else if (f->id <= FACT_POLL_RESULT)
		poll_fact(out, f);
	else if (f->id <= FACT_SOCKADDR)
		byteorder_fact(out, f, &a);
	else if (f->id >= FACT_TRACE_STATUS && f->id <= FACT_EXPECT_TRACE)
		show_trace_fact(out, f);
	else if (f->id <= FACT_EXPECT_RECV)
		shell_fact(out, f, &a);
	else
		run_fact(out, f);
	sbuf_free(&a);
	sbuf_free(&b);
}
