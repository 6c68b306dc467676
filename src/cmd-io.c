/* cmd-io.c - send, recv, write, read: moving bytes over a connection. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "consts.h"
#include "i18n.h"

#define RECV_DEFAULT 1024
#define RECV_MAX (1L << 20)

static const struct cmd_arg send_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_DATA, .name = "DATA" },
	{ .kind = ARG_CONST, .name = "FLAGS", .set = &consts_msg,
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_END },
};

/* write is send without FLAGS. */
static const struct cmd_arg write_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_DATA, .name = "DATA" },
	{ .kind = ARG_END },
};

/* Common to send and write: which call, with flags or not. */
static int out_exec(struct cmd_ctx *ctx, int is_send)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct cmd_val *data = &ctx->arg[1];
	long flags = ctx->arg[2].num;	/* 0 when left out */
	char lbuf[16];
	ssize_t n;

	r->call = is_send ? "send" : "write";
	r->ret_type = "ssize_t";
	sbuf_addf(&r->args, "%s, \"", session_label(sk, lbuf, sizeof(lbuf)));
	parse_quote_c(&r->args, data->str, data->len);
	sbuf_addf(&r->args, "\", %zu", data->len);
	if (is_send) {
		sbuf_add(&r->args, ", ");
		consts_format(&consts_msg, flags, &r->args);
	}
	r->changes_state = 1;
	if (is_send) {
		n = cmd_send(ctx, sk->fd, data->str, data->len, (int)flags,
			     NULL, 0);
		record_result(r, n, errno);
	} else {
		cmd_block_begin(ctx, sk->fd, 0, NULL);
		n = write(sk->fd, data->str, data->len);
		record_result(r, n, errno);
		cmd_block_end(ctx);
	}
	record_touch(r, sk->fd);
	/* Any send or write gives an unbound UDP socket a port, even one
	 * that fails (EDESTADDRREQ): the session reads it back, as after
	 * every call that changes an address. */
	if (sk->type == SOCK_DGRAM && sk->domain != AF_UNIX &&
	    addr_port((const void *)&sk->local) == 0)
		session_refresh(ctx->s, sk);
	if (n >= 0 && (size_t)n < data->len)
		record_fact(r, FACT_SHORT_SEND, FP_INT, (long)n,
			    FP_INT, (long)data->len, -1);
	return CMD_OK;
}

static int send_exec(struct cmd_ctx *ctx)
{
	return out_exec(ctx, 1);
}

static int write_exec(struct cmd_ctx *ctx)
{
	return out_exec(ctx, 0);
}

static const struct cmd_entry send_entry = {
	.name = "send",
	.summary = N_("send bytes on a connected socket"),
	.help = N_("Copies DATA into the kernel's send buffer for FD and returns how many\n"
		"bytes it took. \"double quotes\" take C escapes (\\n \\0 \\xHH).\n"
		"FLAGS: MSG_NOSIGNAL, MSG_DONTWAIT, MSG_OOB, ... joined with |."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = send_args,
	.exec = send_exec,
};

static const struct cmd_entry write_entry = {
	.name = "write",
	.summary = N_("write(2) bytes to a descriptor: send() without flags"),
	.help = N_("For a connected socket write(fd, buf, n) is send(fd, buf, n, 0)."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = write_args,
	.exec = write_exec,
};

const struct cmd_arg cmd_io_recv_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_INT, .name = "LEN", .flags = ARG_OPTIONAL, .min = 1,
	  .max = RECV_MAX, .what = N_("length") },
	{ .kind = ARG_CONST, .name = "FLAGS", .set = &consts_msg,
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_END },
};

/* read is recv without FLAGS. */
static const struct cmd_arg read_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_INT, .name = "LEN", .flags = ARG_OPTIONAL, .min = 1,
	  .max = RECV_MAX, .what = N_("length") },
	{ .kind = ARG_END },
};

void cmd_io_recv_vals(struct cmd_ctx *ctx, long *len, long *flags)
{
	*len = ctx->arg[1].given ? ctx->arg[1].num : RECV_DEFAULT;
	*flags = ctx->arg[2].num;	/* 0 when left out (or read) */
}

/* Show what a receive brought: the bytes, or what 0 means. */
void cmd_io_show_data(struct record *r, const char *label)
{
	if (!r->has_ret || r->ret < 0)
		return;
	r->has_data = 1;
	if (r->ret == 0) {
		record_fact(r, FACT_EOF, FP_SOCK, label, -1, -1);
		return;
	}
	record_fact(r, FACT_DATA, FP_BYTES, r->data, r->datalen, -1);
}

/* MSG_TRUNC on TCP: the kernel skips the bytes without copying them. */
static void tcp_trunc_note(struct record *r, long flags)
{
	record_fact(r, FACT_TRUNC_TCP, FP_INT, r->ret,
		    FP_INT, (long)!!(flags & MSG_PEEK), -1);
}

/* MSG_TRUNC on a datagram longer than buf: ret is its real length. */
static void dgram_trunc_note(struct record *r, long len, long flags)
{
	record_fact(r, FACT_TRUNC_UDP, FP_INT, r->ret, FP_INT, len,
		    FP_INT, (long)!!(flags & MSG_PEEK), -1);
}

void cmd_io_show_recv(struct record *r, const char *label, int domain,
		      int type, long len, long flags)
{
	int tcp = (domain == AF_INET || domain == AF_INET6) &&
		  type == SOCK_STREAM;

	r->datalen = 0;
	if (!r->has_ret || r->ret < 0)
		return;
	if ((flags & MSG_TRUNC) && tcp && r->ret > 0) {
		r->has_data = 1;	/* buf holds nothing: => "" */
		tcp_trunc_note(r, flags);
		return;
	}
	/* With MSG_TRUNC a datagram's length can exceed len: only len
	 * bytes are in buf. */
	r->datalen = (size_t)(r->ret < len ? r->ret : len);
	if (r->ret == 0 && type == SOCK_DGRAM) {
		r->has_data = 1;	/* an empty datagram, not end of file */
		return;
	}
	cmd_io_show_data(r, label);
	if ((flags & MSG_TRUNC) && r->ret > len)
		dgram_trunc_note(r, len, flags);
}

static int in_exec(struct cmd_ctx *ctx, int is_recv)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	long len, flags;
	char lbuf[16], why[128];
	const char *label;
	ssize_t n;

	cmd_io_recv_vals(ctx, &len, &flags);
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = is_recv ? "recv" : "read";
	r->ret_type = "ssize_t";
	sbuf_addf(&r->setup, "char buf[%ld];", len);
	sbuf_addf(&r->args, "%s, buf, sizeof(buf)", label);
	if (is_recv) {
		sbuf_add(&r->args, ", ");
		consts_format(&consts_msg, flags, &r->args);
	}
	r->changes_state = 1;
	r->data = xmalloc((size_t)len);
	snprintf(why, sizeof(why), "nothing has arrived on %s yet", label);
	cmd_block_begin(ctx, sk->fd,
			POLLIN | ((flags & MSG_WAITALL) ? 0 : CMD_BLOCK_READY),
			(flags & MSG_DONTWAIT) ? NULL : why);
	n = is_recv ? recv(sk->fd, r->data, (size_t)len, (int)flags)
		    : read(sk->fd, r->data, (size_t)len);
	record_result(r, n, errno);
	cmd_block_end(ctx);
	record_touch(r, sk->fd);
	cmd_io_show_recv(r, label, sk->domain, sk->type, len, flags);
	return CMD_OK;
}

static int recv_exec(struct cmd_ctx *ctx)
{
	return in_exec(ctx, 1);
}

static int read_exec(struct cmd_ctx *ctx)
{
	return in_exec(ctx, 0);
}

static const struct cmd_entry recv_entry = {
	.name = "recv",
	.summary = N_("receive up to LEN bytes (default 1024) from a connected socket"),
	.help = N_("Returns what is queued, up to LEN bytes: a byte stream keeps no\n"
		"message boundaries. 0 means the peer closed (end of file). Blocks\n"
		"while nothing is queued (Ctrl-C interrupts). FLAGS: MSG_PEEK looks\n"
		"without taking, MSG_DONTWAIT, MSG_WAITALL; MSG_TRUNC returns a\n"
		"datagram's full length even when buf is shorter, and on TCP\n"
		"discards the bytes without copying them."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = cmd_io_recv_args,
	.exec = recv_exec,
};

static const struct cmd_entry read_entry = {
	.name = "read",
	.summary = N_("read(2) up to LEN bytes: recv() without flags"),
	.help = N_("For a connected socket read(fd, buf, n) is recv(fd, buf, n, 0)."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = read_args,
	.exec = read_exec,
};

const struct cmd_entry *const cmd_io_entries[] = {
	&send_entry, &recv_entry, &write_entry, &read_entry, NULL,
};
