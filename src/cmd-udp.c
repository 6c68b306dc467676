/* cmd-udp.c - sendto, recvfrom: datagrams with an address on each call. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "cmd.h"
#include "consts.h"
#include "i18n.h"

static const struct cmd_arg sendto_args[] = {
	{ .kind = ARG_FD, .name = "FD" },
	{ .kind = ARG_DATA, .name = "DATA" },
	{ .kind = ARG_ADDR, .name = "ADDR PORT", .flags = ARG_TARGET },
	{ .kind = ARG_FLAG, .name = "--no-htons" },
	{ .kind = ARG_END },
};

static int sendto_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct cmd_val *data = &ctx->arg[1];
	const struct addr *a = &ctx->arg[2].addr;
	int was_bound;
	char lbuf[16];
	const char *label;
	ssize_t ret;

	/* The record of the address is current (connect_exec). */
	was_bound = sk->local_len && (sk->domain == AF_UNIX ||
				      addr_port((void *)&sk->local) != 0);
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = "sendto";
	r->ret_type = "ssize_t";
	addr_c_setup(&r->setup, a, "addr");
	if (r->setup.len && r->setup.s[r->setup.len - 1] == '\n')
		r->setup.s[--r->setup.len] = '\0';
	sbuf_addf(&r->args, "%s, \"", label);
	parse_quote_c(&r->args, data->str, data->len);
	sbuf_addf(&r->args, "\", %zu, 0, (struct sockaddr *)&addr, ",
		  data->len);
	addr_c_len(&r->args, a, "addr");
	addr_format(&r->note, (const void *)&a->ss, a->len);
	r->changes_state = 1;
	ret = cmd_send(ctx, sk->fd, data->str, data->len, 0,
		       (const struct sockaddr *)&a->ss, a->len);
	record_result(r, ret, errno);
	record_touch(r, sk->fd);
	session_refresh(ctx->s, sk);
	if (ret >= 0 && !was_bound && sk->domain != AF_UNIX) {
		record_fact(r, FACT_EPHEMERAL_PORT, FP_SOCK, label, sk->fd,
			    FP_ADDR, &sk->local, sk->local_len, FP_INT, 1L, -1);
	}
	if (ret >= 0 && sk->type == SOCK_DGRAM)
		record_fact(r, FACT_DGRAM_SENT, -1);
	return CMD_OK;
}

static const struct cmd_entry sendto_entry = {
	.name = "sendto",
	.summary = N_("send one datagram to an address given in the call (UDP)"),
	.help = N_("Sends DATA as one datagram to ADDR PORT (ADDR:PORT, [::1]:PORT, a\n"
		"path, or a socket's name: sendto v \"hi\" u). An unbound socket gets\n"
		"an ephemeral port first. Success only means the datagram left: if\n"
		"nobody listens there, an unconnected socket never hears of it.\n"
		"--no-htons stores the port without htons()."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = sendto_args,
	.exec = sendto_exec,
};

/* What a datagram of n bytes into a buffer of len means. */
static void datagram_lines(struct record *r, const struct sock *sk,
			   ssize_t n, long len, long flags)
{
	if (sk->type != SOCK_DGRAM)
		return;
	if (n == 0) {
		record_fact(r, FACT_DGRAM_EMPTY, -1);
		return;
	}
	if (n == len && !(flags & MSG_TRUNC))
		record_fact(r, FACT_DGRAM_FILLED, FP_INT, len, -1);
}

static int recvfrom_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	long len, flags;
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	char lbuf[16], why[128];
	const char *label;
	ssize_t n;

	cmd_io_recv_vals(ctx, &len, &flags);
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = "recvfrom";
	r->ret_type = "ssize_t";
	sbuf_addf(&r->setup, "char buf[%ld];\nstruct sockaddr_storage from;\nsocklen_t fromlen = sizeof(from);",
		  len);
	sbuf_addf(&r->args, "%s, buf, sizeof(buf), ", label);
	consts_format(&consts_msg, flags, &r->args);
	sbuf_add(&r->args, ", (struct sockaddr *)&from, &fromlen");
	r->changes_state = 1;
	r->data = xmalloc((size_t)len);
	memset(&from, 0, sizeof(from));
	snprintf(why, sizeof(why), "no datagram has arrived on %s yet", label);
	cmd_block_begin(ctx, sk->fd,
			POLLIN | ((flags & MSG_WAITALL) ? 0 : CMD_BLOCK_READY),
			(flags & MSG_DONTWAIT) ? NULL : why);
	n = recvfrom(sk->fd, r->data, (size_t)len, (int)flags,
		     (struct sockaddr *)&from, &fromlen);
	record_result(r, n, errno);
	cmd_block_end(ctx);
	record_touch(r, sk->fd);
	if (n < 0) {
		if (r->err == ECONNREFUSED && sk->type == SOCK_DGRAM)
			record_fact(r, FACT_ICMP_REFUSED, -1);
		return CMD_OK;
	}
	cmd_io_show_recv(r, label, sk->domain, sk->type, len, flags);
	if (sk->type == SOCK_STREAM)
		record_fact(r, FACT_FROM_STREAM, -1);
	else
		record_fact(r, FACT_FROM, FP_ADDR, &from, fromlen, -1);
	datagram_lines(r, sk, n, len, flags);
	return CMD_OK;
}

static const struct cmd_entry recvfrom_entry = {
	.name = "recvfrom",
	.summary = N_("receive one datagram (default up to 1024 bytes) and its sender"),
	.help = N_("Takes the next datagram from FD's queue and fills in the sender's\n"
		"address: reply to it with sendto. A datagram longer than LEN is cut:\n"
		"the rest is discarded (MSG_TRUNC returns the real length). Blocks\n"
		"while the queue is empty (Ctrl-C interrupts); EAGAIN when\n"
		"non-blocking. On a connected UDP socket an earlier ICMP\n"
		"port-unreachable shows here as ECONNREFUSED."),
	.flags = CMD_STATE | CMD_BLOCKS,
	.args = cmd_io_recv_args,
	.exec = recvfrom_exec,
};

const struct cmd_entry *const cmd_udp_entries[] = {
	&sendto_entry, &recvfrom_entry, NULL,
};
