/* cmd-opt.c - setsockopt, getsockopt, nonblock, poll: socket options,
 * non-blocking mode and waiting on several sockets. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "cmd.h"
#include "consts.h"
#include "i18n.h"

#define POLL_MAX RECORD_MAX_FDS	/* descriptors in one poll */

/* How an option's value is passed and shown. */
enum val_kind {
	V_INT,		/* a plain int */
	V_BOOL,		/* int used as on/off */
	V_BUF,		/* int, a buffer size the kernel doubles */
	V_LINGER,	/* struct linger */
	V_TIMEVAL,	/* struct timeval, typed in milliseconds */
	V_ERRNO,	/* int errno value, read-only */
	V_SOTYPE,	/* SOCK_*, read-only */
	V_DOMAIN,	/* AF_*, read-only */
	V_PROTO,	/* IPPROTO_*, read-only */
	V_STRING,	/* a name: TCP_CONGESTION */
	V_UCRED,	/* struct ucred, read-only */
};

struct opt_kind {
	int level, name;
	enum val_kind kind;
	int read_only;
};

static const struct opt_kind opt_kinds[] = {
	{ SOL_SOCKET, SO_REUSEADDR, V_BOOL, 0 },
	{ SOL_SOCKET, SO_REUSEPORT, V_BOOL, 0 },
	{ SOL_SOCKET, SO_KEEPALIVE, V_BOOL, 0 },
	{ SOL_SOCKET, SO_LINGER, V_LINGER, 0 },
	{ SOL_SOCKET, SO_RCVBUF, V_BUF, 0 },
	{ SOL_SOCKET, SO_SNDBUF, V_BUF, 0 },
	{ SOL_SOCKET, SO_ERROR, V_ERRNO, 1 },
	{ SOL_SOCKET, SO_TYPE, V_SOTYPE, 1 },
	{ SOL_SOCKET, SO_DOMAIN, V_DOMAIN, 1 },
	{ SOL_SOCKET, SO_PROTOCOL, V_PROTO, 1 },
	{ SOL_SOCKET, SO_ACCEPTCONN, V_BOOL, 1 },
	{ SOL_SOCKET, SO_RCVTIMEO, V_TIMEVAL, 0 },
	{ SOL_SOCKET, SO_SNDTIMEO, V_TIMEVAL, 0 },
	{ SOL_SOCKET, SO_BROADCAST, V_BOOL, 0 },
	{ SOL_SOCKET, SO_OOBINLINE, V_BOOL, 0 },
	{ SOL_SOCKET, SO_DONTROUTE, V_BOOL, 0 },
	{ SOL_SOCKET, SO_PASSCRED, V_BOOL, 0 },
	{ SOL_SOCKET, SO_PEERCRED, V_UCRED, 1 },
	{ IPPROTO_TCP, TCP_NODELAY, V_BOOL, 0 },
	{ IPPROTO_TCP, TCP_CORK, V_BOOL, 0 },
	{ IPPROTO_TCP, TCP_QUICKACK, V_BOOL, 0 },
	{ IPPROTO_TCP, TCP_CONGESTION, V_STRING, 0 },
	{ IPPROTO_IP, IP_RECVERR, V_BOOL, 0 },
	{ IPPROTO_IP, IP_FREEBIND, V_BOOL, 0 },
	{ IPPROTO_IP, IP_PKTINFO, V_BOOL, 0 },
	{ IPPROTO_IP, IP_MULTICAST_LOOP, V_BOOL, 0 },
	{ IPPROTO_IP, IP_MTU, V_INT, 1 },
	{ IPPROTO_IPV6, IPV6_V6ONLY, V_BOOL, 0 },
	{ IPPROTO_IPV6, IPV6_RECVERR, V_BOOL, 0 },
	{ IPPROTO_IPV6, IPV6_RECVPKTINFO, V_BOOL, 0 },
	{ IPPROTO_IPV6, IPV6_MULTICAST_LOOP, V_BOOL, 0 },
};

static const struct opt_kind *kind_of(long level, long name)
{
	static const struct opt_kind plain = { 0, 0, V_INT, 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_kinds); i++)
		if (opt_kinds[i].level == level && opt_kinds[i].name == name)
			return &opt_kinds[i];
	return &plain;
}

/* The option table of a level, or NULL (options given as numbers). */
static const struct const_table *level_table(long level)
{
	switch (level) {
	case SOL_SOCKET: return &consts_opt_socket;
	case IPPROTO_TCP: return &consts_opt_tcp;
	case IPPROTO_IP: return &consts_opt_ip;
	case IPPROTO_IPV6: return &consts_opt_ipv6;
	}
	return NULL;
}

static const long levels[] = { SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP,
			       IPPROTO_IPV6 };

/* Which level's table knows word by name or short form: 0 and the level,
 * or -1 (numbers name no level). */
static int find_level(const char *word, long *level, long *name)
{
	struct sbuf scratch = SBUF_INIT;
	size_t i;
	int found = -1;

	if (parse_long(word, LONG_MIN, LONG_MAX, name) == 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(levels) && found < 0; i++) {
		if (consts_parse(level_table(levels[i]), word, name,
				 &scratch) == 0) {
			*level = levels[i];
			found = 0;
		}
		sbuf_reset(&scratch);
	}
	sbuf_free(&scratch);
	return found;
}

/* FD [LEVEL] OPTION of getsockopt; setsockopt adds a VALUE. The option's
 * table depends on the level, so the handler reads the two. */
static const struct cmd_arg getsockopt_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_WORD, .name = "LEVEL", .flags = ARG_OPTIONAL,
	  .complete = "level" },
	{ .kind = ARG_WORD, .name = "OPTION", .complete = "sockopt" },
	{ .kind = ARG_END },
};

static const struct cmd_arg setsockopt_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_WORD, .name = "LEVEL", .flags = ARG_OPTIONAL,
	  .complete = "level" },
	{ .kind = ARG_WORD, .name = "OPTION", .complete = "sockopt" },
	{ .kind = ARG_WORD, .name = "VALUE" },
	{ .kind = ARG_END },
};

/*
 * The LEVEL (arguments 1, maybe not given) and OPTION (2) words. The
 * level may be left out when the option's name tells it. Returns 0, or
 * CMD_ERROR after cmd_error().
 */
static int parse_level_opt(struct cmd_ctx *ctx, long *level, long *name)
{
	const struct const_table *t;
	const char *lw = ctx->arg[1].str, *ow = ctx->arg[2].str;
	long other_level, other;

	if (!ctx->arg[1].given) {
		if (find_level(ow, level, name) == 0)
			return 0;
		return cmd_error(ctx, "unknown option '%s': write LEVEL OPTION, e.g. SOL_SOCKET SO_REUSEADDR",
				 ow);
	}
	if (consts_parse(&consts_level, lw, level, ctx->err) < 0)
		return CMD_ERROR;
	t = level_table(*level);
	if (parse_long(ow, INT_MIN, INT_MAX, name) == 0)
		return 0;
	if (t == NULL)
		return cmd_error(ctx, "bad option '%s': this level's options are given as numbers",
				 ow);
	if (consts_parse(t, ow, name, ctx->err) == 0)
		return 0;
	if (find_level(ow, &other_level, &other) == 0) {
		sbuf_reset(ctx->err);
		return cmd_error(ctx, "%s is not a %s option: it belongs to level %s (the same number at another level is another option)",
				 ow, consts_name(&consts_level, *level),
				 consts_name(&consts_level, other_level));
	}
	return CMD_ERROR;
}

/* "lfd, SOL_SOCKET, SO_REUSEADDR" */
static void c_head(struct record *r, const char *label, long level,
		   long name)
{
	const struct const_table *t = level_table(level);

	sbuf_addf(&r->args, "%s, ", label);
	consts_format(&consts_level, level, &r->args);
	sbuf_add(&r->args, ", ");
	if (t)
		consts_format(t, name, &r->args);
	else
		sbuf_addf(&r->args, "%ld", name);
}

static const char *opt_help(long level, long name)
{
	const struct const_table *t = level_table(level);
	size_t i;

	for (i = 0; t && i < t->n; i++)
		if (t->defs[i].value == name)
			return consts_help(&t->defs[i]);
	return NULL;
}

/* A word on why an option call failed, beyond the errno text. */
static void opt_error_note(struct record *r, const struct sock *sk,
			   long level)
{
	int ip = sk->domain == AF_INET || sk->domain == AF_INET6;

	if (!r->has_ret || r->ret != -1)
		return;
	if (level == IPPROTO_TCP && (!ip || sk->type != SOCK_STREAM))
		sbuf_add(&r->out, "  TCP_* options need a TCP socket: AF_INET or AF_INET6 with SOCK_STREAM");
	else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && !ip)
		sbuf_add(&r->out, "  IP options need an AF_INET or AF_INET6 socket");
	else if (level == IPPROTO_IPV6 && sk->domain != AF_INET6)
		sbuf_add(&r->out, "  IPV6_* options need an AF_INET6 socket");
}

/* An option's value as typed, parsed for setsockopt. */
struct opt_value {
	int i;
	struct linger lg;
	struct timeval tv;
	const char *s;
};

static int parse_bool(const char *w, int *out)
{
	static const char *const on[] = { "on", "yes", "true" };
	static const char *const off[] = { "off", "no", "false" };
	long v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(on); i++) {
		if (strcasecmp(w, on[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(w, off[i]) == 0)
			return *out = 0, 0;
	}
	if (parse_long(w, INT_MIN, INT_MAX, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_linger(const char *w, struct linger *lg)
{
	const char *comma = strchr(w, ',');
	char head[8];
	long secs = 0;
	int on;

	if (comma == NULL)
		return parse_bool(w, &on) < 0 || on ? -1
		       : (lg->l_onoff = 0, lg->l_linger = 0, 0);
	if ((size_t)(comma - w) >= sizeof(head))
		return -1;
	memcpy(head, w, (size_t)(comma - w));
	head[comma - w] = '\0';
	if (parse_bool(head, &on) < 0 ||
	    parse_long(comma + 1, 0, INT_MAX, &secs) < 0)
		return -1;
	lg->l_onoff = on != 0;
	lg->l_linger = (int)secs;
	return 0;
}

static int parse_value(struct cmd_ctx *ctx, enum val_kind k, const char *w,
		       struct opt_value *v)
{
	long n;

	memset(v, 0, sizeof(*v));
	switch (k) {
	case V_LINGER:
		if (parse_linger(w, &v->lg) == 0)
			return 0;
		return cmd_error(ctx, "bad SO_LINGER value '%s': write on,SECONDS (on,0: reset at close) or off",
				 w);
	case V_TIMEVAL:
		if (parse_long(w, 0, INT_MAX, &n) == 0) {
			v->tv.tv_sec = n / 1000;
			v->tv.tv_usec = (n % 1000) * 1000;
			return 0;
		}
		return cmd_error(ctx, "bad time-out '%s': milliseconds, 0 or more (0: no time-out)",
				 w);
	case V_STRING:
		v->s = w;
		return 0;
	default:
		if (parse_bool(w, &v->i) == 0)
			return 0;
		return cmd_error(ctx, "bad value '%s': an int (on/off for a flag)",
				 w);
	}
}

/* The C set-up and the pointer and length arguments for setsockopt. */
static void set_c(struct record *r, enum val_kind k,
		  const struct opt_value *v)
{
	switch (k) {
	case V_LINGER:
		sbuf_addf(&r->setup, "struct linger lg = { .l_onoff = %d, .l_linger = %d };",
			  v->lg.l_onoff, v->lg.l_linger);
		sbuf_add(&r->args, ", &lg, sizeof(lg)");
		break;
	case V_TIMEVAL:
		sbuf_addf(&r->setup, "struct timeval tv = { .tv_sec = %ld, .tv_usec = %ld };",
			  (long)v->tv.tv_sec, (long)v->tv.tv_usec);
		sbuf_add(&r->args, ", &tv, sizeof(tv)");
		break;
	case V_STRING:
		sbuf_add(&r->setup, "const char name[] = \"");
		parse_quote_c(&r->setup, v->s, strlen(v->s));
		sbuf_add(&r->setup, "\";");
		sbuf_add(&r->args, ", name, strlen(name)");
		break;
	case V_BOOL:
		sbuf_addf(&r->setup, "int on = %d;", v->i);
		sbuf_add(&r->args, ", &on, sizeof(on)");
		break;
	default:
		sbuf_addf(&r->setup, "int val = %d;", v->i);
		sbuf_add(&r->args, ", &val, sizeof(val)");
	}
}

static long timeval_ms(const struct timeval *tv)
{
	return (long)tv->tv_sec * 1000 + (long)tv->tv_usec / 1000;
}

/* "val = 1: on: HELP" or "val = 0: off (on means: HELP)". */
static void bool_line(struct sbuf *out, const char *head, int v,
		      const char *help)
{
	sbuf_add(out, head);
	if (strcmp(head, "  ") != 0)
		sbuf_addf(out, "%d: ", v);
	if (help == NULL)
		sbuf_add(out, v ? "on" : "off");
	else if (v)
		sbuf_addf(out, "on: %s", help);
	else
		sbuf_addf(out, "off (on means: %s)", help);
}

static void linger_meaning(struct sbuf *out, const struct linger *lg)
{
	if (!lg->l_onoff)
		sbuf_add(out, "  off: close() returns at once; the kernel still sends unsent data in the background");
	else if (lg->l_linger == 0)
		sbuf_add(out, "  on, 0 seconds: close() resets the connection (RST): unsent data is dropped, no TIME-WAIT");
	else
		sbuf_addf(out, "  on, %d s: close() waits up to %d s for unsent data to be sent and acknowledged",
			  lg->l_linger, lg->l_linger);
}

/* What a successful setsockopt changed. */
static void set_meaning(struct record *r, long level, long name,
			const struct opt_kind *k, const struct opt_value *v,
			const char *label)
{
	const char *help = opt_help(level, name);

	switch (k->kind) {
	case V_LINGER:
		linger_meaning(&r->out, &v->lg);
		return;
	case V_TIMEVAL:
		if (timeval_ms(&v->tv) == 0)
			sbuf_add(&r->out, "  0: no time-out, blocking calls wait for ever");
		else
			sbuf_addf(&r->out, "  a blocking %s on %s now gives up after %ld ms with -1 EAGAIN",
				  name == SO_RCVTIMEO ? "recv or accept"
						      : "send",
				  label, timeval_ms(&v->tv));
		return;
	case V_BUF:
		sbuf_addf(&r->out, "  the kernel doubles it (half is for its own bookkeeping): getsockopt will show %ld,\n  within the limit net.core.%s",
			  2L * v->i, name == SO_RCVBUF ? "rmem_max" : "wmem_max");
		return;
	case V_BOOL:
		bool_line(&r->out, "  ", v->i, help);
		return;
	default:
		if (help)
			sbuf_addf(&r->out, "  %s", help);
	}
}

static int setsockopt_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct opt_kind *k;
	struct opt_value v;
	long level, name;
	char lbuf[16];
	const char *label;
	const void *p;
	socklen_t len;
	int ret;

	if (parse_level_opt(ctx, &level, &name) < 0)
		return CMD_ERROR;
	k = kind_of(level, name);
	if (parse_value(ctx, k->read_only ? V_INT : k->kind, ctx->arg[3].str,
			&v) < 0)
		return CMD_ERROR;
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = "setsockopt";
	c_head(r, label, level, name);
	set_c(r, k->read_only ? V_INT : k->kind, &v);
	switch (k->read_only ? V_INT : k->kind) {
	case V_LINGER: p = &v.lg; len = sizeof(v.lg); break;
	case V_TIMEVAL: p = &v.tv; len = sizeof(v.tv); break;
	case V_STRING: p = v.s; len = (socklen_t)strlen(v.s); break;
	default: p = &v.i; len = sizeof(v.i);
	}
	r->changes_state = 1;
	ret = setsockopt(sk->fd, (int)level, (int)name, p, len);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	if (k->read_only)
		sbuf_add(&r->out, "  this option is read-only: only getsockopt reads it");
	else if (ret == 0)
		set_meaning(r, level, name, k, &v, label);
	else
		opt_error_note(r, sk, level);
	return CMD_OK;
}

static const struct cmd_entry setsockopt_entry = {
	.name = "setsockopt",
	.summary = N_("set a socket option: SO_REUSEADDR, SO_LINGER, TCP_NODELAY, ..."),
	.help = N_("LEVEL is SOL_SOCKET (socket), IPPROTO_TCP (tcp), IPPROTO_IP (ip) or\n"
		"IPPROTO_IPV6 (ipv6); it may be left out when the option's name says\n"
		"it. VALUE: an int, on/off for flags, on,SECONDS or off for\n"
		"SO_LINGER, milliseconds for SO_RCVTIMEO/SO_SNDTIMEO (a struct\n"
		"timeval), a name for TCP_CONGESTION. Example:\n"
		"setsockopt lfd SOL_SOCKET SO_REUSEADDR 1 before bind."),
	.flags = CMD_STATE,
	.args = setsockopt_args,
	.exec = setsockopt_exec,
};

/* Buffers for getsockopt of any kind. */
union opt_buf {
	int i;
	struct linger lg;
	struct timeval tv;
	struct ucred cred;
	char s[64];
};

static void get_c(struct record *r, enum val_kind k)
{
	const char *var = "val", *type = "int ";

	switch (k) {
	case V_LINGER: var = "lg"; type = "struct linger "; break;
	case V_TIMEVAL: var = "tv"; type = "struct timeval "; break;
	case V_UCRED: var = "cred"; type = "struct ucred "; break;
	case V_STRING: var = "name"; type = "char "; break;
	default: break;
	}
	sbuf_addf(&r->setup, "%s%s%s;\nsocklen_t len = sizeof(%s);", type, var,
		  k == V_STRING ? "[64]" : "", var);
	sbuf_addf(&r->args, ", %s%s, &len", k == V_STRING ? "" : "&", var);
}

/* Keep the decoded value as the record's data, for => "SOCK_STREAM". */
static void set_text(struct record *r, const char *text)
{
	size_t n = strlen(text);

	free(r->data);
	r->data = xmalloc(n + 1);
	memcpy(r->data, text, n + 1);
	r->datalen = n;
	r->has_data = 1;
}

static void show_named(struct record *r, const struct const_table *t,
		       int v, const char *help)
{
	struct sbuf name = SBUF_INIT;

	consts_format(t, v, &name);
	sbuf_addf(&r->out, "  val = %d = %s%s%s", v, sbuf_str(&name),
		  help ? ": " : "", help ? help : "");
	set_text(r, sbuf_str(&name));
	sbuf_free(&name);
}

static void show_errno_val(struct record *r, int e)
{
	const char *n = consts_errno_name(e);
	const char *why = consts_errno_explain("connect", e);

	if (e == 0) {
		sbuf_add(&r->out, "  val = 0: no error pending (after a non-blocking connect: it succeeded)");
		set_text(r, "0");
		return;
	}
	sbuf_addf(&r->out, "  val = %d = %s (%s): the error the socket kept for you; reading SO_ERROR cleared it",
		  e, n ? n : "?", strerror(e));
	if (why) {
		sbuf_add(&r->out, "\n  ");
		for (; *why; why++) {
			sbuf_addc(&r->out, *why);
			if (*why == '\n')
				sbuf_add(&r->out, "  ");
		}
	}
	set_text(r, n ? n : "?");
}

static void get_meaning(struct record *r, long level, long name,
			enum val_kind k, const union opt_buf *b,
			socklen_t len)
{
	const char *help = opt_help(level, name);
	char text[96];

	switch (k) {
	case V_LINGER:
		sbuf_addf(&r->out, "  lg = { .l_onoff = %d, .l_linger = %d }\n",
			  b->lg.l_onoff, b->lg.l_linger);
		linger_meaning(&r->out, &b->lg);
		if (!b->lg.l_onoff && b->lg.l_linger)
			sbuf_add(&r->out, " (l_linger is ignored while l_onoff is 0)");
		snprintf(text, sizeof(text), b->lg.l_onoff ? "on,%d" : "off",
			 b->lg.l_linger);
		break;
	case V_TIMEVAL:
		sbuf_addf(&r->out, "  tv = { .tv_sec = %ld, .tv_usec = %ld } = %ld ms%s",
			  (long)b->tv.tv_sec, (long)b->tv.tv_usec,
			  timeval_ms(&b->tv),
			  timeval_ms(&b->tv) ? "" : ": no time-out, wait for ever");
		if (b->tv.tv_usec)
			sbuf_add(&r->out, "\n  (kept in clock ticks: a value read back may be rounded up a little)");
		snprintf(text, sizeof(text), "%ld", timeval_ms(&b->tv));
		break;
	case V_STRING:
		snprintf(text, sizeof(text), "%.*s", (int)strnlen(b->s, len),
			 b->s);
		sbuf_addf(&r->out, "  name = \"%s\"%s%s", text,
			  help ? ": " : "", help ? help : "");
		break;
	case V_UCRED:
		sbuf_addf(&r->out, "  cred = { .pid = %ld, .uid = %ld, .gid = %ld }: the peer's process and user",
			  (long)b->cred.pid, (long)b->cred.uid,
			  (long)b->cred.gid);
		snprintf(text, sizeof(text), "%ld,%ld,%ld", (long)b->cred.pid,
			 (long)b->cred.uid, (long)b->cred.gid);
		break;
	case V_ERRNO:
		show_errno_val(r, b->i);
		return;
	case V_SOTYPE:
		show_named(r, &consts_type, b->i, NULL);
		return;
	case V_DOMAIN:
		show_named(r, &consts_domain, b->i, NULL);
		return;
	case V_PROTO:
		show_named(r, &consts_proto, b->i, NULL);
		return;
	case V_BOOL:
		if (level == SOL_SOCKET && name == SO_ACCEPTCONN)
			sbuf_addf(&r->out, "  val = %d: %s", b->i, b->i
				  ? "the socket is listening (listen() was called)"
				  : "not listening");
		else
			bool_line(&r->out, "  val = ", b->i, help);
		snprintf(text, sizeof(text), "%d", b->i);
		break;
	case V_BUF:
		sbuf_addf(&r->out, "  val = %d bytes: twice what was set (or the default); the kernel keeps half\n  for its own bookkeeping, so about %d bytes of data fit",
			  b->i, b->i / 2);
		snprintf(text, sizeof(text), "%d", b->i);
		break;
	default:
		sbuf_addf(&r->out, "  val = %d%s%s", b->i, help ? ": " : "",
			  help ? help : "");
		snprintf(text, sizeof(text), "%d", b->i);
	}
	set_text(r, text);
}

static int getsockopt_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct opt_kind *k;
	union opt_buf b;
	long level, name;
	socklen_t len;
	char lbuf[16];
	int ret;

	if (parse_level_opt(ctx, &level, &name) < 0)
		return CMD_ERROR;
	k = kind_of(level, name);
	r->call = "getsockopt";
	c_head(r, session_label(sk, lbuf, sizeof(lbuf)), level, name);
	get_c(r, k->kind);
	memset(&b, 0, sizeof(b));
	switch (k->kind) {
	case V_LINGER: len = sizeof(b.lg); break;
	case V_TIMEVAL: len = sizeof(b.tv); break;
	case V_UCRED: len = sizeof(b.cred); break;
	case V_STRING: len = sizeof(b.s); break;
	default: len = sizeof(b.i);
	}
	/* SO_ERROR is read and cleared: the state may change. */
	r->changes_state = 1;
	ret = getsockopt(sk->fd, (int)level, (int)name, &b, &len);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	if (ret == 0)
		get_meaning(r, level, name, k->kind, &b, len);
	else
		opt_error_note(r, sk, level);
	return CMD_OK;
}

static const struct cmd_entry getsockopt_entry = {
	.name = "getsockopt",
	.summary = N_("read a socket option, decoded: SO_ERROR as an errno name, ..."),
	.help = N_("Reads OPTION and explains its value: SO_ERROR as an errno name (and\n"
		"clears it: how a non-blocking connect reports failure), SO_TYPE as\n"
		"SOCK_STREAM, SO_LINGER as a struct linger, SO_RCVTIMEO as a struct\n"
		"timeval, SO_RCVBUF doubled by the kernel. The result is getsockopt's\n"
		"return value (=> 0); the decoded value can be checked as text:\n"
		"=> \"SOCK_STREAM\", => \"ECONNREFUSED\", => \"on,5\", => \"8192\"."),
	.flags = CMD_STATE,
	.args = getsockopt_args,
	.exec = getsockopt_exec,
};

static void flags_text(struct sbuf *out, int fl)
{
	int acc = fl & O_ACCMODE;

	sbuf_add(out, acc == O_RDONLY ? "O_RDONLY"
		      : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR");
	if (fl & O_NONBLOCK)
		sbuf_add(out, "|O_NONBLOCK");
	if (fl & O_APPEND)
		sbuf_add(out, "|O_APPEND");
	if (fl & O_ASYNC)
		sbuf_add(out, "|O_ASYNC");
}

static const struct cmd_arg nonblock_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_WORD, .name = "on|off", .flags = ARG_OPTIONAL,
	  .words = "on off" },
	{ .kind = ARG_END },
};

static int nonblock_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const char *mode = ctx->arg[1].str;	/* NULL: show it */
	char lbuf[16];
	const char *label;
	int on = 0, fl, ret;

	if (mode && (parse_bool(mode, &on) < 0 || (on != 0 && on != 1)))
		return cmd_error(ctx, "bad mode '%s': write on or off", mode);
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = "fcntl";
	r->ret_type = "int";
	record_touch(r, sk->fd);
	if (mode == NULL) {
		sbuf_addf(&r->args, "%s, F_GETFL", label);
		ret = fcntl(sk->fd, F_GETFL);
		record_result(r, ret, errno);
		if (ret < 0)
			return CMD_OK;
		sbuf_addf(&r->out, "  flags = 0x%x = ", ret);
		flags_text(&r->out, ret);
		sbuf_addf(&r->out, (ret & O_NONBLOCK)
			  ? ": %s is non-blocking, calls that would wait fail with EAGAIN"
			  : ": %s is blocking (O_NONBLOCK is off), calls wait until they can complete",
			  label);
		set_text(r, (ret & O_NONBLOCK) ? "on" : "off");
		return CMD_OK;
	}
	fl = fcntl(sk->fd, F_GETFL);
	if (fl < 0) {
		sbuf_addf(&r->args, "%s, F_GETFL", label);
		record_result(r, fl, errno);
		return CMD_OK;
	}
	sbuf_addf(&r->setup, "int flags = fcntl(%s, F_GETFL);", label);
	sbuf_addf(&r->args, "%s, F_SETFL, flags %s", label,
		  on ? "| O_NONBLOCK" : "& ~O_NONBLOCK");
	ret = fcntl(sk->fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
	record_result(r, ret, errno);
	if (ret < 0)
		return CMD_OK;
	if (on)
		sbuf_addf(&r->out, "  %s is non-blocking: accept, recv and recvfrom return -1 EAGAIN instead of waiting,\n  connect returns -1 EINPROGRESS. Wait with poll: POLLIN to read or accept,\n  POLLOUT for a connect to finish (then getsockopt SO_ERROR tells how it went).",
			  label);
	else
		sbuf_addf(&r->out, "  %s is blocking again: calls wait until they can complete",
			  label);
	return CMD_OK;
}

static const struct cmd_entry nonblock_entry = {
	.name = "nonblock",
	.summary = N_("set or show O_NONBLOCK: EAGAIN and EINPROGRESS instead of waiting"),
	.help = N_("fcntl(fd, F_SETFL, flags | O_NONBLOCK) makes every call on FD return\n"
		"at once: accept/recv fail with EAGAIN when nothing is there, connect\n"
		"with EINPROGRESS while the handshake runs. Wait for readiness with\n"
		"poll. Without on/off, shows the current mode (fcntl F_GETFL;\n"
		"=> \"on\" checks it)."),
	.flags = CMD_STATE,
	.args = nonblock_args,
	.exec = nonblock_exec,
};

/* One "FD[:EVENTS]" argument. */
static int parse_pollfd(struct cmd_ctx *ctx, const char *w, struct pollfd *p,
			struct sock **skp)
{
	const char *colon = strchr(w, ':');
	char fdw[PARSE_NAME_MAX + 16];
	long ev = POLLIN;

	if (colon == NULL)
		colon = w + strlen(w);
	if ((size_t)(colon - w) >= sizeof(fdw))
		return cmd_error(ctx, "bad descriptor '%s'", w);
	memcpy(fdw, w, (size_t)(colon - w));
	fdw[colon - w] = '\0';
	*skp = session_resolve(ctx->s, fdw, ctx->err);
	if (*skp == NULL)
		return CMD_ERROR;
	if (*colon && consts_parse(&consts_poll, colon + 1, &ev, ctx->err) < 0)
		return CMD_ERROR;
	p->fd = (*skp)->fd;
	p->events = (short)ev;
	p->revents = 0;
	return 0;
}

static void poll_c(struct record *r, const struct pollfd *p,
		   struct sock *const *sks, int n, long timeout)
{
	char lbuf[16];
	int i;

	if (n == 1)
		sbuf_addf(&r->setup, "struct pollfd pfd = { .fd = %s, .events = ",
			  session_label(sks[0], lbuf, sizeof(lbuf)));
	else
		sbuf_add(&r->setup, "struct pollfd fds[] = {\n");
	for (i = 0; i < n; i++) {
		if (n > 1)
			sbuf_addf(&r->setup, "\t{ .fd = %s, .events = ",
				  session_label(sks[i], lbuf, sizeof(lbuf)));
		consts_format(&consts_poll, p[i].events, &r->setup);
		sbuf_add(&r->setup, n > 1 ? " },\n" : " };");
	}
	if (n > 1)
		sbuf_add(&r->setup, "};");
	sbuf_addf(&r->args, "%s, %d, %ld", n == 1 ? "&pfd" : "fds", n,
		  timeout);
}

/* Explain one bit of revents for socket sk. */
static void revent_line(struct record *r, short bit, const struct sock *sk)
{
	int listening = 0, queued = -1;
	socklen_t len = sizeof(listening);

	sbuf_add(&r->out, "\n    ");
	consts_format(&consts_poll, bit, &r->out);
	sbuf_add(&r->out, ": ");
	switch (bit) {
	case POLLIN:
		getsockopt(sk->fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
		if (listening) {
			sbuf_add(&r->out, "a connection is waiting for accept");
			return;
		}
		if (ioctl(sk->fd, FIONREAD, &queued) < 0)
			queued = -1;
		if (queued > 0 && sk->type == SOCK_DGRAM)
			sbuf_addf(&r->out, "a datagram to read (%d byte%s): recvfrom will not block",
				  queued, queued == 1 ? "" : "s");
		else if (queued > 0)
			sbuf_addf(&r->out, "data to read (%d bytes queued): recv will not block",
				  queued);
		else if (queued == 0 && sk->type == SOCK_STREAM)
			sbuf_add(&r->out, "nothing queued, so end of file or an error: recv will return 0 (the peer closed) or fail");
		else
			sbuf_add(&r->out, "data to read: recv will not block");
		return;
	case POLLOUT:
		sbuf_add(&r->out, "room in the send buffer: send will not block (after a non-blocking connect:\n      the handshake is over, getsockopt SO_ERROR says how it went)");
		return;
	case POLLERR:
		sbuf_add(&r->out, "an error is pending: getsockopt SO_ERROR reads and clears it (so does the next call)");
		return;
	case POLLHUP:
		sbuf_add(&r->out, "hang-up: both directions are closed (peer closed and we shut down writing,\n      a reset, or a connect that failed); reads return 0 or the error");
		return;
	case POLLRDHUP:
		sbuf_add(&r->out, "the peer shut down its sending side (its FIN arrived): recv will return 0 after the data");
		return;
	case POLLPRI:
		sbuf_add(&r->out, "urgent data (MSG_OOB) to read");
		return;
	case POLLNVAL:
		sbuf_add(&r->out, "not an open descriptor");
		return;
	}
}

static void poll_report(struct record *r, const struct pollfd *p,
			struct sock *const *sks, int n, long timeout)
{
	static const short bits[] = { POLLIN, POLLPRI, POLLOUT, POLLRDHUP,
				      POLLERR, POLLHUP, POLLNVAL };
	char lbuf[16];
	size_t j;
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			sbuf_addc(&r->out, '\n');
		sbuf_addf(&r->out, "  %s: revents = ",
			  session_label(sks[i], lbuf, sizeof(lbuf)));
		if (p[i].revents == 0) {
			sbuf_add(&r->out, "0, not ready");
			continue;
		}
		consts_format(&consts_poll, p[i].revents, &r->out);
		for (j = 0; j < ARRAY_SIZE(bits); j++)
			if (p[i].revents & bits[j])
				revent_line(r, bits[j], sks[i]);
	}
	if (r->ret == 0)
		sbuf_addf(&r->out, timeout == 0
			  ? "\n  0: nothing is ready right now (timeout 0 only looks)"
			  : "\n  0: the timeout (%ld ms) ran out and nothing became ready",
			  timeout);
	else if (r->ret > 0)
		sbuf_addf(&r->out, "\n  %ld descriptor%s ready", r->ret,
			  r->ret == 1 ? " is" : "s are");
}

/* A trailing number is the timeout: poll lfd:in c:out 1000. */
static const struct cmd_arg poll_args[] = {
	{ .kind = ARG_WORD, .name = "FD[:EVENTS]", .flags = ARG_REPEAT,
	  .complete = "pollfd" },
	{ .kind = ARG_INT, .name = "TIMEOUT_MS", .flags = ARG_OPTIONAL,
	  .min = -1, .max = INT_MAX, .what = N_("timeout") },
	{ .kind = ARG_END },
};

static int poll_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct pollfd p[POLL_MAX];
	struct sock *sks[POLL_MAX];
	long timeout = ctx->arg[1].given ? ctx->arg[1].num : -1;
	int n = ctx->arg[0].nwords, i, ret;
	char why[96];

	if (n > POLL_MAX)
		return cmd_error(ctx, "poll: at most %d descriptors at once",
				 POLL_MAX);
	for (i = 0; i < n; i++)
		if (parse_pollfd(ctx, ctx->arg[0].words[i].s, &p[i],
				 &sks[i]) < 0)
			return CMD_ERROR;
	r->call = "poll";
	r->ret_type = "int";
	poll_c(r, p, sks, n, timeout);
	for (i = 0; i < n; i++)
		record_touch(r, p[i].fd);
	r->changes_state = 1;
	snprintf(why, sizeof(why), timeout < 0
		 ? "nothing is ready yet and the timeout is -1 (wait for ever)"
		 : "nothing is ready yet (timeout %ld ms)", timeout);
	/* Say why it waits only when nothing is ready now. */
	if (timeout == 0 || poll(p, (nfds_t)n, 0) != 0)
		cmd_block_begin(ctx, p[0].fd, p[0].events, NULL);
	else
		cmd_block_begin(ctx, p[0].fd, p[0].events, why);
	ret = poll(p, (nfds_t)n, (int)timeout);
	record_result(r, ret, errno);
	cmd_block_end(ctx);
	if (ret >= 0)
		poll_report(r, p, sks, n, timeout);
	return CMD_OK;
}

static const struct cmd_entry poll_entry = {
	.name = "poll",
	.summary = N_("wait until one of several sockets is ready; says which, in words"),
	.help = N_("Waits on every FD at once for its EVENTS (default in; in, out,\n"
		"in|out, rdhup, pri or the POLL* names) and returns how many are\n"
		"ready, with each one's revents explained. TIMEOUT_MS: 0 only looks,\n"
		"-1 (the default) waits for ever (Ctrl-C interrupts). A trailing\n"
		"number is the timeout: poll lfd:in c:out 1000. To poll descriptors\n"
		"by number, give the last one with its events (poll 3 4:in)."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = poll_args,
	.exec = poll_exec,
};

const struct cmd_entry *const cmd_opt_entries[] = {
	&setsockopt_entry, &getsockopt_entry, &nonblock_entry, &poll_entry,
	NULL,
};
