/* run-decode.c - a traced program's socket call as a record: the call,
 * its arguments read from the program's memory, written as C, its result
 * and the facts the renderer words, as a shell command's. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "cmd.h"
#include "addr.h"
#include "consts.h"
#include "parse.h"
#include "run.h"
#include "state.h"
#include "tracer.h"

#define DATA_SHOWN 40		/* bytes of a buffer written into the C */
#define DATA_KEPT 4096		/* bytes of a receive kept for the facts */
#define POLL_MAX 16		/* pollfds decoded */

/* Kernel-internal restart codes a tracer sees when a signal cut a call
 * short: the program itself sees EINTR (or the call restarted). */
#define ERESTARTSYS 512
#define ERESTART_MAX 516

static const char *const fd_calls[] = { "read", "write", "readv", "writev",
					"close" };

int run_call_on_fd(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fd_calls) / sizeof(fd_calls[0]); i++)
		if (strcmp(name, fd_calls[i]) == 0)
			return 1;
	return 0;
}

/* A sockaddr of the program at addr (len bytes) into ss; its length. */
static socklen_t read_sockaddr(pid_t pid, unsigned long long addr,
			       unsigned long long len,
			       struct sockaddr_storage *ss)
{
	ssize_t n;

	memset(ss, 0, sizeof(*ss));
	if (len > sizeof(*ss))
		len = sizeof(*ss);
	n = tracer_read(pid, addr, ss, (size_t)len);
	return n < 0 ? 0 : (socklen_t)n;
}

/* "{AF_INET, htons(8001), INADDR_ANY}": the address as the program
 * built it, in C words. */
static void c_sockaddr(struct sbuf *out, const struct sockaddr_storage *ss,
		       socklen_t len)
{
	char buf[INET6_ADDRSTRLEN];

	if (len < sizeof(sa_family_t)) {
		sbuf_add(out, "NULL");
		return;
	}
	sbuf_addc(out, '{');
	consts_format(&consts_domain, ss->ss_family, out);
	if (ss->ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)ss;
		in_addr_t h = ntohl(in->sin_addr.s_addr);

		sbuf_addf(out, ", htons(%u), ", ntohs(in->sin_port));
		if (h == INADDR_ANY || h == INADDR_LOOPBACK)
			sbuf_add(out, h == INADDR_ANY ? "INADDR_ANY"
						      : "INADDR_LOOPBACK");
		else
			sbuf_addf(out, "inet_addr(\"%s\")",
				  inet_ntop(AF_INET, &in->sin_addr, buf,
					    sizeof(buf)));
	} else if (ss->ss_family == AF_INET6 &&
		   len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		sbuf_addf(out, ", htons(%u), ", ntohs(in6->sin6_port));
		if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr))
			sbuf_add(out, "in6addr_any");
		else if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			sbuf_add(out, "in6addr_loopback");
		else
			sbuf_addf(out, "\"%s\"",
				  inet_ntop(AF_INET6, &in6->sin6_addr, buf,
					    sizeof(buf)));
	} else if (ss->ss_family == AF_UNIX) {
		const struct sockaddr_un *un = (const void *)ss;
		size_t n = len - offsetof(struct sockaddr_un, sun_path);

		sbuf_add(out, ", \"");
		if (n > 0 && un->sun_path[0] == '\0')
			parse_quote_c(out, un->sun_path, n);
		else
			parse_quote_c(out, un->sun_path,
				      strnlen(un->sun_path, n));
		sbuf_addc(out, '"');
	}
	sbuf_addc(out, '}');
}

/* A buffer the program passed, as a C string literal (cut short). */
static void c_data(struct sbuf *out, pid_t pid, unsigned long long addr,
		   unsigned long long len)
{
	unsigned char buf[DATA_SHOWN];
	size_t want = len < DATA_SHOWN ? (size_t)len : DATA_SHOWN;
	ssize_t n = want ? tracer_read(pid, addr, buf, want) : 0;

	if (n < 0) {
		sbuf_add(out, "buf");
		return;
	}
	sbuf_addc(out, '"');
	parse_quote_c(out, buf, (size_t)n);
	sbuf_addf(out, "\"%s", (unsigned long long)n < len ? "..." : "");
}

/* Keep what a receive brought (for the data fact and => "text"). */
static void keep_data(struct record *r, const char *label, pid_t pid,
		      unsigned long long addr, long long ret)
{
	size_t n = ret > DATA_KEPT ? DATA_KEPT : (size_t)ret;
	ssize_t got;

	if (ret < 0)
		return;
	r->data = xmalloc(n ? n : 1);
	got = n ? tracer_read(pid, addr, r->data, n) : 0;
	r->datalen = got > 0 ? (size_t)got : 0;
	r->has_data = 1;
	if (ret == 0)
		record_fact(r, FACT_EOF, FP_SOCK, label, -1, -1);
	else if (r->datalen)
		record_fact(r, FACT_DATA, FP_BYTES, r->data, r->datalen, -1);
}

static void addr_arg(struct record *r, const struct sockaddr_storage *ss,
		     socklen_t len)
{
	struct record_arg *t;

	if (r->ntyped == RECORD_MAX_ARGS || len == 0)
		return;
	t = &r->typed[r->ntyped++];
	t->kind = ARG_ADDR;
	t->name = "ADDR";
	t->addr.ss = *ss;
	t->addr.len = len;
}

static void dec_socket(const struct run_call *c, struct record *r)
{
	consts_format(&consts_domain, (long)c->a[0], &r->args);
	sbuf_add(&r->args, ", ");
	consts_format(&consts_type, (long)c->a[1], &r->args);
	sbuf_add(&r->args, ", ");
	consts_format(&consts_proto, (long)c->a[2], &r->args);
	r->ret_type = "int";
	r->arg[0] = (long)c->a[0];
	r->arg[1] = (long)c->a[1];
	r->arg[2] = (long)c->a[2];
	r->narg = 3;
}

static void dec_socketpair(const struct run_call *c, struct record *r)
{
	int sv[2];

	dec_socket(c, r);
	r->ret_type = NULL;
	sbuf_add(&r->args, ", sv");
	if (r->ret == 0 && tracer_read(c->pid, c->a[3], sv, sizeof(sv)) ==
				   (ssize_t)sizeof(sv)) {
		sbuf_addf(&r->note, "sv = {%d, %d}", sv[0], sv[1]);
		record_touch(r, sv[0]);
		record_touch(r, sv[1]);
	}
}

/* bind, connect: (fd, addr, len). */
static void dec_addr_in(const struct run_call *c, struct record *r)
{
	struct sockaddr_storage ss;
	socklen_t len = read_sockaddr(c->pid, c->a[1], c->a[2], &ss);

	sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
	c_sockaddr(&r->args, &ss, len);
	sbuf_addf(&r->args, ", %llu", c->a[2]);
	addr_arg(r, &ss, len);
}

/* accept, accept4, getsockname, getpeername: the address comes back. */
static void dec_addr_out(const struct run_call *c, struct record *r)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	unsigned int alen = 0;

	sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
	if (c->a[1] == 0) {
		sbuf_add(&r->args, "NULL, NULL");
	} else if (r->ret >= 0 &&
		   tracer_read(c->pid, c->a[2], &alen, sizeof(alen)) ==
			   (ssize_t)sizeof(alen)) {
		len = read_sockaddr(c->pid, c->a[1], alen, &ss);
		c_sockaddr(&r->args, &ss, len);
		sbuf_addf(&r->args, ", [%u]", alen);
	} else {
		sbuf_add(&r->args, "&addr, &len");
	}
	if (strcmp(r->call, "accept4") == 0) {
		sbuf_add(&r->args, ", ");
		consts_format(&consts_type, (long)c->a[3], &r->args);
	}
}

static void dec_send(const struct run_call *c, struct record *r)
{
	struct sockaddr_storage ss;
	socklen_t len;

	sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
	c_data(&r->args, c->pid, c->a[1], c->a[2]);
	sbuf_addf(&r->args, ", %llu, ", c->a[2]);
	consts_format(&consts_msg, (long)c->a[3], &r->args);
	if (c->a[4] == 0) {
		r->call = "send";	/* what glibc's send() makes */
		return;
	}
	len = read_sockaddr(c->pid, c->a[4], c->a[5], &ss);
	sbuf_add(&r->args, ", ");
	c_sockaddr(&r->args, &ss, len);
	sbuf_addf(&r->args, ", %llu", c->a[5]);
	addr_arg(r, &ss, len);
}

static void dec_recv(const struct run_call *c, struct record *r,
		     const char *label)
{
	struct sockaddr_storage ss;
	unsigned int alen = 0;

	sbuf_addf(&r->args, "%d, buf, %llu, ", (int)c->a[0], c->a[2]);
	consts_format(&consts_msg, (long)c->a[3], &r->args);
	if (c->a[4] == 0)
		r->call = "recv";	/* what glibc's recv() makes */
	else if (r->ret >= 0 &&
		 tracer_read(c->pid, c->a[5], &alen, sizeof(alen)) ==
			 (ssize_t)sizeof(alen)) {
		socklen_t len = read_sockaddr(c->pid, c->a[4], alen, &ss);

		sbuf_add(&r->args, ", ");
		c_sockaddr(&r->args, &ss, len);
		sbuf_addf(&r->args, ", [%u]", alen);
	} else {
		sbuf_add(&r->args, ", &from, &fromlen");
	}
	keep_data(r, label, c->pid, c->a[1], r->ret);
}

static void dec_rw(const struct run_call *c, struct record *r,
		   const char *label)
{
	if (strcmp(r->call, "write") == 0) {
		sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
		c_data(&r->args, c->pid, c->a[1], c->a[2]);
		sbuf_addf(&r->args, ", %llu", c->a[2]);
		return;
	}
	if (strcmp(r->call, "read") == 0) {
		sbuf_addf(&r->args, "%d, buf, %llu", (int)c->a[0], c->a[2]);
		keep_data(r, label, c->pid, c->a[1], r->ret);
		return;
	}
	/* readv, writev, sendmsg, recvmsg: the vector is not decoded. */
	sbuf_addf(&r->args, "%d, %s, %llu", (int)c->a[0],
		  r->call[0] == 's' || r->call[0] == 'r' ? "&msg" : "iov",
		  c->a[2]);
}

static void dec_sockopt(const struct run_call *c, struct record *r)
{
	const struct const_table *opts = consts_opt_table((long)c->a[1]);
	int v = 0;
	unsigned int len = (unsigned int)c->a[4];
	int get = strcmp(r->call, "getsockopt") == 0;

	sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
	consts_format(&consts_level, (long)c->a[1], &r->args);
	sbuf_add(&r->args, ", ");
	if (opts)
		consts_format(opts, (long)c->a[2], &r->args);
	else
		sbuf_addf(&r->args, "%llu", c->a[2]);
	if (get && (r->ret < 0 ||
		    tracer_read(c->pid, c->a[4], &len, sizeof(len)) < 0))
		len = 0;
	if (len == sizeof(int) &&
	    tracer_read(c->pid, c->a[3], &v, sizeof(v)) == (ssize_t)sizeof(v))
		sbuf_addf(&r->args, get ? ", [%d], [%u]" : ", &(int){%d}, %u",
			  v, len);
	else
		sbuf_addf(&r->args, get ? ", &val, &len" : ", &val, %u", len);
}

static void dec_poll(const struct run_call *c, struct record *r)
{
	struct pollfd p[POLL_MAX];
	unsigned long long n = c->a[1] < POLL_MAX ? c->a[1] : POLL_MAX, i;
	ssize_t got = tracer_read(c->pid, c->a[0], p, n * sizeof(p[0]));

	if (got < (ssize_t)(n * sizeof(p[0])))
		n = 0;
	sbuf_add(&r->args, "(struct pollfd[]){");
	for (i = 0; i < n; i++) {
		sbuf_addf(&r->args, "%s{%d, ", i ? ", " : "", p[i].fd);
		consts_format(&consts_poll, p[i].events, &r->args);
		sbuf_addc(&r->args, '}');
		if (r->ret > 0 && p[i].revents) {
			sbuf_addf(&r->note, "%s%d: ", r->note.len ? ", " : "",
				  p[i].fd);
			consts_format(&consts_poll, p[i].revents, &r->note);
		}
		if (p[i].fd >= 0)
			record_touch(r, p[i].fd);
	}
	sbuf_addf(&r->args, "%s}, %llu", n < c->a[1] ? ", ..." : "", c->a[1]);
	if (strcmp(r->call, "poll") == 0)
		sbuf_addf(&r->args, ", %d", (int)c->a[2]);
	else
		sbuf_add(&r->args, ", &ts, &sigmask");
}

size_t run_select_fds(const struct run_call *c, int *fds, size_t max)
{
	unsigned long set[3][1024 / (8 * sizeof(unsigned long))];
	size_t n = 0, bits = sizeof(set[0]) * 8;
	int fd, k;
	int nfds = (int)c->a[0] < (int)bits ? (int)c->a[0] : (int)bits;

	memset(set, 0, sizeof(set));
	for (k = 0; k < 3; k++)
		if (c->a[k + 1] &&
		    tracer_read(c->pid, c->a[k + 1], set[k],
			       ((size_t)nfds + 7) / 8) < 0)
			memset(set[k], 0, sizeof(set[k]));
	for (fd = 0; fd < nfds && n < max; fd++)
		for (k = 0; k < 3; k++)
			if (set[k][fd / (8 * sizeof(long))] &
			    (1UL << (fd % (8 * sizeof(long))))) {
				fds[n++] = fd;
				break;
			}
	return n;
}

/* select, pselect6: the descriptors it waits on (as they are at the
 * exit: the ready ones, when it returned more than 0). */
static void dec_select(const struct run_call *c, struct record *r)
{
	int fds[RECORD_MAX_FDS * 4];
	size_t n = run_select_fds(c, fds, sizeof(fds) / sizeof(fds[0])), i;

	sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
	for (i = 1; i <= 3; i++)
		sbuf_add(&r->args, c->a[i] ? (i == 1 ? "&readfds, "
					      : i == 2 ? "&writefds, "
						       : "&exceptfds, ")
					   : "NULL, ");
	sbuf_add(&r->args, c->a[4] ? "&timeout" : "NULL");
	if (strcmp(r->call, "pselect6") == 0) {
		unsigned long long mask[2] = { 0, 0 };

		/* glibc's select() is pselect6 without a signal mask. */
		if (c->a[5] == 0 ||
		    (tracer_read(c->pid, c->a[5], mask, sizeof(mask)) ==
			     (ssize_t)sizeof(mask) && mask[0] == 0))
			r->call = "select";
		else
			sbuf_add(&r->args, ", &sigmask");
	}
	if (r->ret <= 0)
		return;
	sbuf_add(&r->note, "ready:");
	for (i = 0; i < n; i++) {
		sbuf_addf(&r->note, " %d", fds[i]);
		record_touch(r, fds[i]);
	}
}

void run_decode(const struct run_call *c, const char *label, struct record *r)
{
	const char *name = c->name;

	r->call = name;
	r->changes_state = 1;
	if (c->is_error && -c->ret >= ERESTARTSYS && -c->ret <= ERESTART_MAX)
		record_result(r, -1, EINTR);	/* what the program sees */
	else
		record_result(r, c->is_error ? -1 : (long)c->ret,
			      c->is_error ? (int)-c->ret : 0);
	if (strcmp(name, "poll") == 0 || strcmp(name, "ppoll") == 0) {
		dec_poll(c, r);
		return;
	}
	if (strcmp(name, "select") == 0 || strcmp(name, "pselect6") == 0) {
		dec_select(c, r);
		return;
	}
	if (strncmp(name, "epoll_", 6) == 0) {
		/* The descriptors are the epoll instance's: not decoded.
		 * epoll_pwait without a mask is epoll_wait (aarch64). */
		if (name[6] == 'p' && c->a[4] == 0)
			r->call = "epoll_wait";
		sbuf_addf(&r->args, "%d, events, %d, %d%s", (int)c->a[0],
			  (int)c->a[2], (int)c->a[3],
			  strcmp(r->call, "epoll_pwait") == 0 ? ", &sigmask" : "");
		return;
	}
	if (strcmp(name, "socket") != 0 && strcmp(name, "socketpair") != 0)
		record_touch(r, (int)c->a[0]);
	if (strcmp(name, "socket") == 0)
		dec_socket(c, r);
	else if (strcmp(name, "socketpair") == 0)
		dec_socketpair(c, r);
	else if (strcmp(name, "bind") == 0 || strcmp(name, "connect") == 0)
		dec_addr_in(c, r);
	else if (strncmp(name, "accept", 6) == 0 ||
		 strcmp(name, "getsockname") == 0 ||
		 strcmp(name, "getpeername") == 0)
		dec_addr_out(c, r);
	else if (strcmp(name, "listen") == 0)
		sbuf_addf(&r->args, "%d, %d", (int)c->a[0], (int)c->a[1]);
	else if (strcmp(name, "shutdown") == 0) {
		sbuf_addf(&r->args, "%d, ", (int)c->a[0]);
		consts_format(&consts_shut, (long)c->a[1], &r->args);
	} else if (strcmp(name, "close") == 0)
		sbuf_addf(&r->args, "%d", (int)c->a[0]);
	else if (strcmp(name, "sendto") == 0)
		dec_send(c, r);
	else if (strcmp(name, "recvfrom") == 0)
		dec_recv(c, r, label);
	else if (strcmp(name, "setsockopt") == 0 ||
		 strcmp(name, "getsockopt") == 0)
		dec_sockopt(c, r);
	else
		dec_rw(c, r, label);
	if ((strcmp(name, "socket") == 0 || strncmp(name, "accept", 6) == 0) &&
	    r->ret >= 0) {
		r->ret_type = "int";
		record_touch(r, (int)r->ret);
	}
	if (strcmp(name, "read") == 0 || strncmp(name, "recv", 4) == 0 ||
	    strncmp(name, "send", 4) == 0 || strcmp(name, "write") == 0)
		r->ret_type = "ssize_t";
}

/* The open row of fd in snap, or NULL. */
static const struct state_row *row_of(const struct state_snap *snap, int fd)
{
	size_t i;

	for (i = 0; snap && i < snap->n; i++)
		if (snap->rows[i].kind == STATE_OPEN && snap->rows[i].fd == fd)
			return &snap->rows[i];
	return NULL;
}

void run_facts(const struct run_call *c, struct record *r)
{
	const struct state_row *b = row_of(r->snap_before, (int)c->a[0]);
	const struct state_row *a = row_of(r->snap_after, (int)c->a[0]);
	const struct state_row *n;
	char label[16];

	snprintf(label, sizeof(label), "%d", (int)c->a[0]);
	if (a == NULL || a->d.family == AF_UNIX)
		return;
	if (strcmp(c->name, "bind") == 0 && r->ret == 0 &&
	    r->ntyped && addr_port((const void *)&r->typed[0].addr.ss) == 0)
		record_fact(r, FACT_PORT_PICKED, FP_SOCK, label, (int)c->a[0],
			    FP_INT, (long)addr_port((const void *)&a->d.local),
			    -1);
	if (strcmp(c->name, "connect") == 0 &&
	    (r->ret == 0 || r->err == EINPROGRESS) && b &&
	    addr_port((const void *)&b->d.local) <= 0 &&
	    addr_port((const void *)&a->d.local) > 0)
		record_fact(r, FACT_EPHEMERAL_PORT, FP_SOCK, label,
			    (int)c->a[0], FP_ADDR, &a->d.local, a->d.local_len,
			    FP_INT, 0L, -1);
	if (strncmp(c->name, "accept", 6) == 0 && r->ret >= 0 &&
	    (n = row_of(r->snap_after, (int)r->ret)) != NULL) {
		record_fact(r, FACT_FOUR_TUPLE, FP_ADDR, &n->d.local,
			    n->d.local_len, FP_ADDR, &n->d.peer, n->d.peer_len,
			    -1);
		record_fact(r, FACT_STILL_LISTENS, FP_SOCK, label,
			    (int)c->a[0], -1);
	}
}
