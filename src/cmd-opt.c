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
		if (consts_parse(consts_opt_table(levels[i]), word, name,
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
	t = consts_opt_table(*level);
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
	const struct const_table *t = consts_opt_table(level);

	sbuf_addf(&r->args, "%s, ", label);
	consts_format(&consts_level, level, &r->args);
	sbuf_add(&r->args, ", ");
	if (t)
		consts_format(t, name, &r->args);
	else
		sbuf_addf(&r->args, "%ld", name);
}

/* A word on why an option call failed, beyond the errno text. */
static void opt_error_note(struct record *r, const struct sock *sk,
			   long level)
{
	int ip = sk->domain == AF_INET || sk->domain == AF_INET6;

	if (!r->has_ret || r->ret != -1)
		return;
	if (level == IPPROTO_TCP && (!ip || sk->type != SOCK_STREAM))
		record_fact(r, FACT_OPT_NEEDS_TCP, -1);
	else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && !ip)
		record_fact(r, FACT_OPT_NEEDS_IP, -1);
	else if (level == IPPROTO_IPV6 && sk->domain != AF_INET6)
		record_fact(r, FACT_OPT_NEEDS_IPV6, -1);
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

/* What a successful setsockopt changed. */
static void set_meaning(struct record *r, long level, long name,
			const struct opt_kind *k, const struct opt_value *v,
			const struct sock *sk, const char *label)
{
	switch (k->kind) {
	case V_LINGER:
		record_fact(r, FACT_LINGER, FP_INT, (long)v->lg.l_onoff,
			    FP_INT, (long)v->lg.l_linger, -1);
		return;
	case V_TIMEVAL:
		record_fact(r, FACT_TIMEOUT, FP_SOCK, label, sk->fd,
			    FP_INT, timeval_ms(&v->tv),
			    FP_INT, (long)(name == SO_RCVTIMEO), -1);
		return;
	case V_BUF:
		record_fact(r, FACT_BUF_DOUBLED, FP_INT, 2L * v->i,
			    FP_INT, (long)(name == SO_RCVBUF), -1);
		return;
	case V_BOOL:
		record_fact(r, FACT_OPT_BOOL, FP_INT, level, FP_INT, name,
			    FP_INT, (long)v->i, -1);
		return;
	default:
		record_fact(r, FACT_OPT_HELP, FP_INT, level, FP_INT, name, -1);
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
		record_fact(r, FACT_OPT_READ_ONLY, -1);
	else if (ret == 0)
		set_meaning(r, level, name, k, &v, sk, label);
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

/* A value named by a constant set (0 SOCK_*, 1 AF_*, 2 IPPROTO_*). */
static void show_named(struct record *r, const struct const_table *t,
		       long set, int v)
{
	struct sbuf name = SBUF_INIT;

	consts_format(t, v, &name);
	record_fact(r, FACT_GOT_CONST, FP_INT, set, FP_INT, (long)v, -1);
	set_text(r, sbuf_str(&name));
	sbuf_free(&name);
}

static void show_errno_val(struct record *r, int e)
{
	const char *n = consts_errno_name(e);

	record_fact(r, FACT_SO_ERROR, FP_INT, (long)e, -1);
	set_text(r, e == 0 ? "0" : n ? n : "?");
}

static void get_meaning(struct record *r, long level, long name,
			enum val_kind k, const union opt_buf *b,
			socklen_t len)
{
	char text[96];

	switch (k) {
	case V_LINGER:
		record_fact(r, FACT_GOT_LINGER, FP_INT, (long)b->lg.l_onoff,
			    FP_INT, (long)b->lg.l_linger, -1);
		snprintf(text, sizeof(text), b->lg.l_onoff ? "on,%d" : "off",
			 b->lg.l_linger);
		break;
	case V_TIMEVAL:
		record_fact(r, FACT_GOT_TIMEOUT, FP_INT, (long)b->tv.tv_sec,
			    FP_INT, (long)b->tv.tv_usec, -1);
		snprintf(text, sizeof(text), "%ld", timeval_ms(&b->tv));
		break;
	case V_STRING:
		snprintf(text, sizeof(text), "%.*s", (int)strnlen(b->s, len),
			 b->s);
		set_text(r, text);
		/* The text is the record's data: the fact points at it. */
		record_fact(r, FACT_GOT_NAME, FP_INT, level, FP_INT, name,
			    FP_BYTES, r->data, r->datalen, -1);
		return;
	case V_UCRED:
		record_fact(r, FACT_PEERCRED, FP_INT, (long)b->cred.pid,
			    FP_INT, (long)b->cred.uid, FP_INT, (long)b->cred.gid,
			    -1);
		snprintf(text, sizeof(text), "%ld,%ld,%ld", (long)b->cred.pid,
			 (long)b->cred.uid, (long)b->cred.gid);
		break;
	case V_ERRNO:
		show_errno_val(r, b->i);
		return;
	case V_SOTYPE:
		show_named(r, &consts_type, 0, b->i);
		return;
	case V_DOMAIN:
		show_named(r, &consts_domain, 1, b->i);
		return;
	case V_PROTO:
		show_named(r, &consts_proto, 2, b->i);
		return;
	case V_BOOL:
		record_fact(r, FACT_GOT_BOOL, FP_INT, level, FP_INT, name,
			    FP_INT, (long)b->i, -1);
		snprintf(text, sizeof(text), "%d", b->i);
		break;
	case V_BUF:
		record_fact(r, FACT_GOT_BUF, FP_INT, (long)b->i, -1);
		snprintf(text, sizeof(text), "%d", b->i);
		break;
	default:
		record_fact(r, FACT_GOT_INT, FP_INT, level, FP_INT, name,
			    FP_INT, (long)b->i, -1);
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
	char lbuf[16], vbuf[PARSE_NAME_MAX + 8];
	const char *var;
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
		record_fact(r, FACT_FLAGS, FP_SOCK, label, sk->fd,
			    FP_INT, (long)ret, -1);
		set_text(r, (ret & O_NONBLOCK) ? "on" : "off");
		return CMD_OK;
	}
	fl = fcntl(sk->fd, F_GETFL);
	if (fl < 0) {
		sbuf_addf(&r->args, "%s, F_GETFL", label);
		record_result(r, fl, errno);
		return CMD_OK;
	}
	var = cmd_c_var(ctx, "flags", vbuf, sizeof(vbuf));
	sbuf_addf(&r->setup, "int %s = fcntl(%s, F_GETFL);", var, label);
	sbuf_addf(&r->args, "%s, F_SETFL, %s %s", label, var,
		  on ? "| O_NONBLOCK" : "& ~O_NONBLOCK");
	ret = fcntl(sk->fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
	record_result(r, ret, errno);
	if (ret < 0)
		return CMD_OK;
	record_fact(r, FACT_NONBLOCK, FP_SOCK, label, sk->fd,
		    FP_INT, (long)on, -1);
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

static void poll_c(struct cmd_ctx *ctx, const struct pollfd *p,
		   struct sock *const *sks, int n, long timeout)
{
	struct record *r = ctx->rec;
	char lbuf[16], vbuf[PARSE_NAME_MAX + 8];
	const char *var = cmd_c_var(ctx, n == 1 ? "pfd" : "fds", vbuf,
				    sizeof(vbuf));
	int i;

	if (n == 1)
		sbuf_addf(&r->setup, "struct pollfd %s = { .fd = %s, .events = ",
			  var, session_label(sks[0], lbuf, sizeof(lbuf)));
	else
		sbuf_addf(&r->setup, "struct pollfd %s[] = {\n", var);
	for (i = 0; i < n; i++) {
		if (n > 1)
			sbuf_addf(&r->setup, "\t{ .fd = %s, .events = ",
				  session_label(sks[i], lbuf, sizeof(lbuf)));
		consts_format(&consts_poll, p[i].events, &r->setup);
		sbuf_add(&r->setup, n > 1 ? " },\n" : " };");
	}
	if (n > 1)
		sbuf_add(&r->setup, "};");
	sbuf_addf(&r->args, "%s%s, %d, %ld", n == 1 ? "&" : "", var, n,
		  timeout);
}

/* What POLLIN means for sk: ask the kernel while the state is fresh. */
static enum fact_pollin pollin_how(const struct sock *sk, int *queued)
{
	int listening = 0;
	socklen_t len = sizeof(listening);

	*queued = -1;
	getsockopt(sk->fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
	if (listening)
		return POLLIN_ACCEPT;
	if (ioctl(sk->fd, FIONREAD, queued) < 0)
		*queued = -1;
	if (*queued > 0)
		return sk->type == SOCK_DGRAM ? POLLIN_DATAGRAM : POLLIN_DATA;
	if (*queued == 0 && sk->type == SOCK_STREAM)
		return POLLIN_EOF;
	return POLLIN_PLAIN;
}

static void poll_report(struct record *r, const struct pollfd *p,
			struct sock *const *sks, int n, long timeout)
{
	enum fact_pollin how;
	char lbuf[16];
	int i, queued = -1;

	for (i = 0; i < n; i++) {
		how = POLLIN_PLAIN;
		queued = -1;
		if (p[i].revents & POLLIN)
			how = pollin_how(sks[i], &queued);
		record_fact(r, FACT_REVENTS,
			    FP_SOCK, session_label(sks[i], lbuf, sizeof(lbuf)),
			    sks[i]->fd, FP_INT, (long)p[i].revents,
			    FP_INT, (long)how, FP_INT, (long)queued, -1);
	}
	if (r->ret >= 0)
		record_fact(r, FACT_POLL_RESULT, FP_INT, r->ret,
			    FP_INT, timeout, -1);
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
	poll_c(ctx, p, sks, n, timeout);
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
	ret = cmd_poll(ctx, p, n, timeout);
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
