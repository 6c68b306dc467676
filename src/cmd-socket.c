/* cmd-socket.c - socket, bind, listen, accept, connect, close, shutdown,
 * getsockname, getpeername, socketpair: a socket's life cycle. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "cmd.h"
#include "consts.h"
#include "i18n.h"
#include "kernel.h"

#define LABEL(sk) session_label((sk), lbuf, sizeof(lbuf))

/* The arguments most commands here take. */
static const struct cmd_arg fd_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_END },
};

/* DOMAIN TYPE [PROTOCOL] of socket and socketpair. */
static const struct cmd_arg socket_args[] = {
	{ .kind = ARG_CONST, .name = "DOMAIN", .set = &consts_domain },
	{ .kind = ARG_CONST, .name = "TYPE", .set = &consts_type },
	{ .kind = ARG_CONST, .name = "PROTOCOL", .set = &consts_proto,
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_END },
};

/* The parsed DOMAIN TYPE [PROTOCOL], written into the record's C
 * arguments. */
static void socket_vals(struct cmd_ctx *ctx, long *domain, long *type,
			long *proto)
{
	struct record *r = ctx->rec;

	*domain = ctx->arg[0].num;
	*type = ctx->arg[1].num;
	*proto = ctx->arg[2].num;	/* 0 when left out */
	consts_format(&consts_domain, *domain, &r->args);
	sbuf_add(&r->args, ", ");
	consts_format(&consts_type, *type, &r->args);
	sbuf_add(&r->args, ", ");
	consts_format(&consts_proto, *proto, &r->args);
}

/* The type the kernel made, which the session must list: AF_UNIX makes
 * SOCK_RAW a SOCK_DGRAM. The other families keep the type asked for. */
static int kernel_type(int fd, long domain, long type)
{
	int t;
	socklen_t len = sizeof(t);

	if (domain == AF_UNIX &&
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &len) == 0)
		return t;
	return (int)type & 0xf;
}

static int socket_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	long domain, type, proto;
	int fd;

	socket_vals(ctx, &domain, &type, &proto);
	r->call = "socket";
	r->ret_type = "int";
	r->changes_state = 1;
	fd = socket((int)domain, (int)type, (int)proto);
	record_result(r, fd, errno);
	/* The explanation of an error depends on them (raw, SCTP, ping). */
	r->arg[0] = domain;
	r->arg[1] = type;
	r->arg[2] = proto;
	r->narg = 3;
	if (fd < 0)
		return CMD_OK;
	session_add_new(ctx->s, fd, ctx->nnames ? ctx->names[0] : NULL,
			(int)domain, kernel_type(fd, domain, type),
			(int)proto);
	record_touch(r, fd);
	return CMD_OK;
}

static const struct cmd_entry socket_entry = {
	.name = "socket",
	.summary = N_("create a socket: an endpoint, named by a new descriptor"),
	.help = N_("Creates a socket and returns its descriptor. DOMAIN is the address\n"
		"family (AF_INET or inet, AF_INET6, AF_UNIX), TYPE the kind of\n"
		"communication (SOCK_STREAM or stream for TCP, SOCK_DGRAM or dgram\n"
		"for UDP; add |SOCK_NONBLOCK), PROTOCOL usually 0: the one default\n"
		"protocol for that type. Name it: lfd = socket inet stream."),
	.flags = CMD_NAMES | CMD_STATE,
	.args = socket_args,
	.exec = socket_exec,
};

/* Describe a sockaddr argument: set-up lines and "(struct sockaddr *)&addr,
 * sizeof(addr)" (an abstract name's exact length instead). */
static void c_sockaddr(struct record *r, const struct addr *a)
{
	addr_c_setup(&r->setup, a, "addr");
	sbuf_add(&r->args, "(struct sockaddr *)&addr, ");
	addr_c_len(&r->args, a, "addr");
	addr_format(&r->note, (const void *)&a->ss, a->len);
}

/* FD ADDR PORT [--no-htons] of bind and connect. */
static const struct cmd_arg bind_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_ADDR, .name = "ADDR PORT" },
	{ .kind = ARG_FLAG, .name = "--no-htons" },
	{ .kind = ARG_END },
};

static const struct cmd_arg connect_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_ADDR, .name = "ADDR PORT", .flags = ARG_TARGET },
	{ .kind = ARG_FLAG, .name = "--no-htons" },
	{ .kind = ARG_END },
};

static int bind_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct addr a = ctx->arg[1].addr;
	int no_htons = (int)ctx->arg[2].num;
	char lbuf[16];
	int ret;

	r->call = "bind";
	sbuf_addf(&r->args, "%s, ", LABEL(sk));
	c_sockaddr(r, &a);
	r->changes_state = 1;
	ret = bind(sk->fd, (struct sockaddr *)&a.ss, a.len);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	session_refresh(ctx->s, sk);
	if (ret == 0 && a.ss.ss_family != AF_UNIX && a.typed_port == 0)
		record_fact(r, FACT_PORT_PICKED, FP_SOCK, LABEL(sk), sk->fd,
			    FP_INT, (long)addr_port((void *)&sk->local), -1);
	if (ret == 0 && no_htons && a.typed_port != 0)
		record_fact(r, FACT_NO_HTONS, FP_INT, (long)a.typed_port,
			    FP_INT, (long)addr_port((void *)&sk->local), -1);
	return CMD_OK;
}

static const struct cmd_entry bind_entry = {
	.name = "bind",
	.summary = N_("give a socket its local address and port"),
	.help = N_("Binds FD to ADDR PORT (also ADDR:PORT, [::1]:PORT, a path for\n"
		"AF_UNIX, @name for an abstract one). ADDR 0.0.0.0 (any, INADDR_ANY)\n"
		"means every local address. Port 0 lets the kernel pick a free one;\n"
		"a socket's name stands for its address (bind b lfd). --no-htons\n"
		"stores the port in host byte order, the classic bug, so you can see\n"
		"where the socket really lands."),
	.flags = CMD_STATE,
	.args = bind_args,
	.exec = bind_exec,
};

static const struct cmd_arg listen_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_INT, .name = "BACKLOG", .flags = ARG_OPTIONAL,
	  .min = -1, .max = 2147483647L, .what = N_("backlog") },
	{ .kind = ARG_END },
};

static int listen_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	long backlog = ctx->arg[1].given ? ctx->arg[1].num : SOMAXCONN;
	char lbuf[16];
	int ret;

	r->call = "listen";
	if (ctx->arg[1].given)
		sbuf_addf(&r->args, "%s, %ld", LABEL(sk), backlog);
	else
		sbuf_addf(&r->args, "%s, SOMAXCONN", LABEL(sk));
	r->changes_state = 1;
	ret = listen(sk->fd, (int)backlog);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	if (ret == 0)
		sk->listened = kernel_backlog(backlog, &sk->backlog) == 0;
	if (ret == 0 && addr_port((void *)&sk->local) == 0) {
		session_refresh(ctx->s, sk);
		if (sk->domain != AF_UNIX)
			record_fact(r, FACT_LISTEN_BOUND, FP_SOCK, LABEL(sk),
				    sk->fd, FP_INT,
				    (long)addr_port((void *)&sk->local), -1);
	}
	return CMD_OK;
}

static const struct cmd_entry listen_entry = {
	.name = "listen",
	.summary = N_("make a socket passive: the kernel accepts connections for it"),
	.help = N_("Marks FD as a listening socket. From now on the kernel completes\n"
		"the three-way handshake for clients by itself and queues the new\n"
		"connections; accept() only takes them out of that queue. BACKLOG\n"
		"(default SOMAXCONN) bounds the queue: Linux holds BACKLOG+1."),
	.flags = CMD_STATE,
	.args = listen_args,
	.exec = listen_exec,
};

/* Why accept would wait, and how a learner can give it a client. */
static void accept_why(struct session *s, struct sock *sk, char *why,
		       size_t n)
{
	struct sockaddr_storage ss;
	struct sbuf a = SBUF_INIT;
	char lbuf[16];
	int port;

	/* A listener's address no longer changes: ask only if unknown. */
	if (sk->local_len == 0 || addr_port((void *)&sk->local) <= 0)
		session_refresh(s, sk);
	ss = sk->local;
	addr_wildcard_to_loopback(&ss);
	port = sk->local_len ? addr_port((void *)&ss) : -1;
	if (port > 0) {
		addr_format(&a, (void *)&ss, sk->local_len);
		*strrchr(a.s, ':') = ' ';
		snprintf(why, n, "no client is waiting in the accept queue of %s\n(another terminal can connect: nc %s)",
			 LABEL(sk), sbuf_str(&a));
	} else {
		snprintf(why, n, "no client is waiting in the accept queue of %s",
			 LABEL(sk));
	}
	sbuf_free(&a);
}

static int accept_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock, *nk;
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	char lbuf[16], why[256];
	sock_id lid, nid;
	int fd;

	r->call = "accept";
	r->ret_type = "int";
	sbuf_add(&r->setup, "struct sockaddr_storage peer;\nsocklen_t len = sizeof(peer);");
	sbuf_addf(&r->args, "%s, (struct sockaddr *)&peer, &len", LABEL(sk));
	r->changes_state = 1;
	accept_why(ctx->s, sk, why, sizeof(why));
	cmd_block_begin(ctx, sk->fd, POLLIN | CMD_BLOCK_READY, why);
	fd = accept(sk->fd, (struct sockaddr *)&peer, &len);
	record_result(r, fd, errno);
	cmd_block_end(ctx);
	record_touch(r, sk->fd);
	if (fd < 0)
		return CMD_OK;
	/* Adding the new descriptor changes the table: hold the listener
	 * by its handle, not by the pointer, across it. */
	lid = sk->id;
	nid = session_add(ctx->s, fd, ctx->nnames ? ctx->names[0] : NULL,
			  sk->domain, sk->type, sk->protocol);
	sk = session_sock(ctx->s, lid);
	nk = session_sock(ctx->s, nid);
	record_touch(r, fd);
	record_fact(r, FACT_FOUR_TUPLE, FP_ADDR, &nk->local, nk->local_len,
		    FP_ADDR, &peer, len, -1);
	record_fact(r, FACT_STILL_LISTENS, FP_SOCK, LABEL(sk), sk->fd, -1);
	return CMD_OK;
}

static const struct cmd_entry accept_entry = {
	.name = "accept",
	.summary = N_("take the next connection out of a listener's accept queue"),
	.help = N_("Returns a new descriptor for the next connection in FD's accept\n"
		"queue, and the client's address. The handshake was already done by\n"
		"the kernel. Blocks while the queue is empty (Ctrl-C interrupts it);\n"
		"on a non-blocking socket fails with EAGAIN instead."),
	.flags = CMD_NAMES | CMD_STATE | CMD_BLOCKS,
	.args = fd_args,
	.exec = accept_exec,
};

static int connect_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct addr *a = &ctx->arg[1].addr;
	int was_bound, ret;
	char lbuf[16];

	/* The session's record of the address is current: every call that
	 * changes it (bind, connect, listen, sendto) reads it back. */
	was_bound = sk->local_len && (sk->domain == AF_UNIX ||
				      addr_port((void *)&sk->local) != 0);
	r->call = "connect";
	sbuf_addf(&r->args, "%s, ", LABEL(sk));
	c_sockaddr(r, a);
	r->changes_state = 1;
	cmd_block_begin(ctx, sk->fd, 0, NULL);
	ret = connect(sk->fd, (const struct sockaddr *)&a->ss, a->len);
	record_result(r, ret, errno);
	cmd_block_end(ctx);
	record_touch(r, sk->fd);
	session_refresh(ctx->s, sk);
	if ((ret == 0 || r->err == EINPROGRESS) && !was_bound &&
	    sk->domain != AF_UNIX) {
		record_fact(r, FACT_EPHEMERAL_PORT, FP_SOCK, LABEL(sk), sk->fd,
			    FP_ADDR, &sk->local, sk->local_len, FP_INT, 0L, -1);
	}
	return CMD_OK;
}

static const struct cmd_entry connect_entry = {
	.name = "connect",
	.summary = N_("connect to a server (TCP: the three-way handshake)"),
	.help = N_("Connects FD to ADDR PORT, or to the address of a socket you name\n"
		"(connect c lfd). For TCP this sends SYN and waits for SYN+ACK; the\n"
		"kernel gives an unbound socket an ephemeral port. For UDP it only\n"
		"records the peer."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = connect_args,
	.exec = connect_exec,
};

static int close_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	char lbuf[16];
	int fd = sk->fd, ret;


	r->call = "close";
	sbuf_add(&r->args, LABEL(sk));
	r->changes_state = 1;
	ret = close(fd);
	record_result(r, ret, errno);
	record_touch(r, fd);
	/* Even a failing close(2) releases the descriptor on Linux. */
	session_closed(ctx->s, sk->id);
	return CMD_OK;
}

static const struct cmd_entry close_entry = {
	.name = "close",
	.summary = N_("release a descriptor; the last close of a connection sends FIN"),
	.help = N_("Closes FD. For a connected TCP socket the kernel sends FIN and the\n"
		"connection goes on without you: FIN-WAIT, then TIME-WAIT on the side\n"
		"that closed first. A closed name still stands for its old address."),
	.flags = CMD_STATE,
	.args = fd_args,
	.exec = close_exec,
};

static const struct cmd_arg shutdown_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_CONST, .name = "SHUT_RD|SHUT_WR|SHUT_RDWR",
	  .set = &consts_shut },
	{ .kind = ARG_END },
};

static int shutdown_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	long how = ctx->arg[1].num;
	char lbuf[16];
	int ret;

	r->call = "shutdown";
	sbuf_addf(&r->args, "%s, ", LABEL(sk));
	consts_format(&consts_shut, how, &r->args);
	r->changes_state = 1;
	ret = shutdown(sk->fd, (int)how);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	return CMD_OK;
}

static const struct cmd_entry shutdown_entry = {
	.name = "shutdown",
	.summary = N_("close one direction of a connection (SHUT_WR sends FIN)"),
	.help = N_("Unlike close, shutdown acts on the connection, not the descriptor:\n"
		"SHUT_WR sends FIN (the peer reads 0, end of file) but you can still\n"
		"receive; the descriptor stays open until close."),
	.flags = CMD_STATE,
	.args = shutdown_args,
	.exec = shutdown_exec,
};

static int name_exec(struct cmd_ctx *ctx, int peer)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char lbuf[16];
	int ret;

	r->call = peer ? "getpeername" : "getsockname";
	sbuf_add(&r->setup, "struct sockaddr_storage addr;\nsocklen_t len = sizeof(addr);");
	sbuf_addf(&r->args, "%s, (struct sockaddr *)&addr, &len", LABEL(sk));
	memset(&ss, 0, sizeof(ss));
	ret = peer ? getpeername(sk->fd, (struct sockaddr *)&ss, &len)
		   : getsockname(sk->fd, (struct sockaddr *)&ss, &len);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	if (ret == 0) {
		record_fact(r, FACT_NAME, FP_ADDR, &ss, len, -1);
	}
	return CMD_OK;
}

static int getsockname_exec(struct cmd_ctx *ctx)
{
	return name_exec(ctx, 0);
}

static int getpeername_exec(struct cmd_ctx *ctx)
{
	return name_exec(ctx, 1);
}

static const struct cmd_entry getsockname_entry = {
	.name = "getsockname",
	.summary = N_("the local address a socket is bound to"),
	.help = N_("Shows FD's own address: the port the kernel picked after bind to\n"
		"port 0, or the ephemeral port a client got from connect."),
	.flags = 0,
	.args = fd_args,
	.exec = getsockname_exec,
};

static const struct cmd_entry getpeername_entry = {
	.name = "getpeername",
	.summary = N_("the address of the connected peer"),
	.help = N_("Shows the address of the other end of a connected socket;\n"
		"ENOTCONN if it is not connected."),
	.flags = 0,
	.args = fd_args,
	.exec = getpeername_exec,
};

/* The label of socketpair's end i: the name the learner gave, or fd. */
static const char *end_label(const struct cmd_ctx *ctx, int i, int fd,
			     char *buf, size_t n)
{
	if (ctx->nnames > i)
		return ctx->names[i];
	snprintf(buf, n, "%d", fd);
	return buf;
}

static int socketpair_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	long domain, type, proto;
	char b0[16], b1[16], vbuf[PARSE_NAME_MAX + 8];
	const char *var = cmd_c_var(ctx, "sv", vbuf, sizeof(vbuf));
	int sv[2], ret;

	socket_vals(ctx, &domain, &type, &proto);
	r->call = "socketpair";
	sbuf_addf(&r->setup, "int %s[2];", var);
	sbuf_addf(&r->args, ", %s", var);
	r->changes_state = 1;
	ret = socketpair((int)domain, (int)type, (int)proto, sv);
	record_result(r, ret, errno);
	if (ret < 0)
		return CMD_OK;
	session_add(ctx->s, sv[0], ctx->nnames > 0 ? ctx->names[0] : NULL,
		    (int)domain, kernel_type(sv[0], domain, type), (int)proto);
	session_add(ctx->s, sv[1], ctx->nnames > 1 ? ctx->names[1] : NULL,
		    (int)domain, kernel_type(sv[1], domain, type), (int)proto);
	record_touch(r, sv[0]);
	record_touch(r, sv[1]);
	/* The names the learner gave are what later C statements use. */
	if (ctx->nnames > 1)
		sbuf_addf(&r->after, "int %s = %s[0], %s = %s[1];",
			  ctx->names[0], var, ctx->names[1], var);
	else if (ctx->nnames)
		sbuf_addf(&r->after, "int %s = %s[0];", ctx->names[0], var);
	record_fact(r, FACT_SOCKETPAIR,
		    FP_SOCK, end_label(ctx, 0, sv[0], b0, sizeof(b0)), sv[0],
		    FP_SOCK, end_label(ctx, 1, sv[1], b1, sizeof(b1)), sv[1], -1);
	return CMD_OK;
}

static const struct cmd_entry socketpair_entry = {
	.name = "socketpair",
	.summary = N_("two sockets already connected to each other (AF_UNIX)"),
	.help = N_("Creates a connected pair, as a pipe that works both ways. Name both:\n"
		"a b = socketpair unix stream."),
	.flags = CMD_NAMES2 | CMD_STATE,
	.args = socket_args,
	.exec = socketpair_exec,
};

const struct cmd_entry *const cmd_socket_entries[] = {
	&socket_entry, &bind_entry, &listen_entry, &accept_entry,
	&connect_entry, &close_entry, &shutdown_entry, &getsockname_entry,
	&getpeername_entry, &socketpair_entry, NULL,
};
