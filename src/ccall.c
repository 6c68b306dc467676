/* ccall.c - the calls of the C bridge: each socket call made by the
 * command that makes it (so that its output is the command's), and the C
 * library functions the subset has, run here. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cexec-int.h"
#include "i18n.h"
#include "parse.h"

/* ---- socket calls, made by the commands ---------------------------- */

/* The words of the command line a call becomes. */
struct cline {
	struct line l;
	int cap;
};

static void cl_add(struct cline *c, const void *s, size_t n, int quoted)
{
	struct word *w;

	if (c->l.nwords == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->l.words = xrealloc(c->l.words,
				      sizeof(*c->l.words) * (size_t)c->cap);
	}
	w = &c->l.words[c->l.nwords++];
	w->s = xmalloc(n + 1);
	memcpy(w->s, s, n);
	w->s[n] = '\0';
	w->len = n;
	w->quoted = quoted;
}

static void cl_word(struct cline *c, const char *s)
{
	cl_add(c, s, strlen(s), 0);
}

static void cl_num(struct cline *c, long n)
{
	char b[32];

	snprintf(b, sizeof(b), "%ld", n);
	cl_word(c, b);
}


/* A descriptor argument: the socket's name when the C names it by the
 * same name, else its number. */
static int cl_fd(struct cx *x, struct cline *c, const struct cexpr *e,
		 long *fd)
{
	const struct cexpr *u = cx_uncast(e);
	struct sock *sk;

	if (cx_eval_int(x, e, fd) < 0)
		return -1;
	if (u->kind == CE_IDENT) {
		/* A closed socket by its name: the command says what
		 * happens to a closed descriptor. */
		sk = session_find_name(x->s, u->str);
		if (sk && (sk->fd == *fd || sk->fd < 0)) {
			cl_word(c, u->str);
			return 0;
		}
	}
	cl_num(c, *fd);
	return 0;
}

/* A constant argument: as written when it is a constant's name. */
static int cl_const(struct cx *x, struct cline *c, const struct cexpr *e)
{
	const struct cexpr *u = cx_uncast(e);
	long n;

	if (cx_eval_int(x, e, &n) < 0)
		return -1;
	if (u->kind == CE_IDENT && cx_var_find(x->vs, u->str) == NULL &&
	    cx_const_value(u->str, &n) == 0)
		cl_word(c, u->str);
	else
		cl_num(c, n);
	return 0;
}

/* A pointer argument to at least need bytes (0: any). */
static int ptr_arg(struct cx *x, const struct cexpr *e, size_t need,
		   struct val *v, const char *what)
{
	if (cx_eval(x, e, v) < 0 || cx_rvalue(x, v) < 0)
		return -1;
	if (v->kind == V_INT && v->i == 0) {
		v->kind = V_PTR;
		v->p = NULL;
		v->cap = 0;
		return 0;
	}
	if (v->kind != V_PTR)
		return cx_err(x, _("%s: '%.*s' is not a pointer (did you mean &%.*s?)"),
			    what, (int)(e->end - e->start), x->src + e->start,
			    (int)(e->end - e->start), x->src + e->start);
	if (v->cap < need)
		return cx_err(x, _("%s: %zu bytes asked for, but '%.*s' holds %zu"),
			    what, need, (int)(e->end - e->start),
			    x->src + e->start, v->cap);
	return 0;
}

/* A struct sockaddr argument as the words of an address. */
static int cl_addr(struct cx *x, struct cline *c, const struct cexpr *e,
		   const char *call)
{
	struct sockaddr_storage ss;
	struct val v;
	char text[INET6_ADDRSTRLEN + 8];
	sa_family_t fam;

	if (ptr_arg(x, e, sizeof(sa_family_t), &v, call) < 0)
		return -1;
	if (v.p == NULL)
		return cx_err(x, _("%s: the address is NULL"), call);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, v.p, v.cap < sizeof(ss) ? v.cap : sizeof(ss));
	fam = ss.ss_family;
	if (fam == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
		cl_word(c, text);
		cl_num(c, ntohs(in->sin_port));
	} else if (fam == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
		cl_word(c, text);
		cl_num(c, ntohs(in6->sin6_port));
	} else if (fam == AF_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)&ss;
		size_t n = strnlen(un->sun_path, sizeof(un->sun_path));

		if (n == 0)
			return cx_err(x, _("%s: the sun_path is empty: strcpy a path into it"),
				    call);
		cl_add(c, un->sun_path, n, 1);
	} else {
		return cx_err(x, _("%s: the address's family is %d: set its sin_family to AF_INET (or sin6_family, sun_family) first"),
			    call, fam);
	}
	return 0;
}

/* Write the socket's address (getsockname or getpeername) into the C's
 * struct and length, as the call would have. */
static void fill_addr(struct val *sa, struct val *lenp, int fd, int peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss), room;

	if (sa->p == NULL || fd < 0)
		return;
	memset(&ss, 0, sizeof(ss));
	if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &len) :
		    getsockname(fd, (struct sockaddr *)&ss, &len)) < 0)
		return;
	room = (socklen_t)(sa->cap < sizeof(ss) ? sa->cap : sizeof(ss));
	if (lenp && lenp->p && lenp->cap >= sizeof(socklen_t)) {
		socklen_t given;

		memcpy(&given, lenp->p, sizeof(given));
		if (given < room)
			room = given;
		memcpy(lenp->p, &len, sizeof(len));
	}
	memcpy(sa->p, &ss, len < room ? len : room);
}

/* Run the command line c; the call's result goes into v, the record into
 * rec (the caller frees it). names: the C variable a socket or accept
 * result is assigned to. */
static int run_cmd(struct cx *x, struct cline *c, const struct cexpr *e,
		   const char *name, struct record *rec, struct val *v)
{
	struct exec_result res;
	enum exec_status st;
	struct sbuf tmp = SBUF_INIT;

	record_init(rec);
	if (name && parse_is_name(name)) {
		c->l.names[0] = xstrdup(name);
		c->l.nnames = 1;
	}
	if (e->expect) {	/* "// => RESULT" on its line */
		struct line el;
		struct sbuf perr = SBUF_INIT;

		sbuf_addf(&tmp, "x %s", e->expect);
		if (parse_line(tmp.s, tmp.len, &el, &perr) == 0 &&
		    el.has_expect) {
			c->l.expect = el.expect;
			c->l.nexpect = el.nexpect;
			c->l.has_expect = 1;
			el.expect = NULL;
			el.nexpect = 0;
		}
		line_free(&el);
		if (perr.len)
			cx_err(x, "%s", sbuf_str(&perr));
		sbuf_free(&perr);
	}
	sbuf_free(&tmp);
	if (x->err.len) {
		line_free(&c->l);
		return -1;
	}
	exec_result_init(&res);
	res.probe = x->res->probe;	/* a challenge's "ran" check */
	st = cmd_execute_line(x->s, x->src + e->start, e->end - e->start,
			      &c->l, &res, rec);
	if (res.probe && res.probe_held && !x->res->probe_held) {
		x->res->probe_held = 1;
		x->res->entry = res.entry;
	}
	line_free(&c->l);
	x->res->has_expect |= res.has_expect;
	if (res.interrupted)	/* ends the loop running, if any */
		x->interrupted = res.interrupted;
	if (x->res->status == EXEC_OK && st != EXEC_EMPTY)
		x->res->status = st;	/* the first failure says most */
	if (st == EXEC_MISMATCH) {
		sbuf_reset(&x->res->expected);
		sbuf_reset(&x->res->got);
		sbuf_add(&x->res->expected, sbuf_str(&res.expected));
		sbuf_add(&x->res->got, sbuf_str(&res.got));
	}
	exec_result_free(&res);
	if (st == EXEC_ERROR) {
		record_free(rec);
		x->failed = 1;	/* the command said why */
		return -1;
	}
	memset(v, 0, sizeof(*v));
	v->i = rec->has_ret ? rec->ret : 0;
	if (rec->has_ret && rec->ret == -1)
		x->vs->last_err = rec->err;
	return 0;
}


static int need_args(struct cx *x, const struct cexpr *e, int n)
{
	if (e->nargs == n)
		return 0;
	return cx_err(x, _("%s takes %d arguments, not %d"), e->str, n,
		    e->nargs);
}

static int c_socket(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct cline c = { 0 };
	struct record rec;
	int i;

	if (need_args(x, e, 3) < 0)
		return -1;
	cl_word(&c, "socket");
	for (i = 0; i < 3; i++)
		if (cl_const(x, &c, e->args[i]) < 0) {
			line_free(&c.l);
			return -1;
		}
	if (run_cmd(x, &c, e, x->result_name, &rec, v) < 0)
		return -1;
	record_free(&rec);
	return 0;
}

/* bind and connect: FD, address, length. */
static int c_bind(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct cline c = { 0 };
	struct record rec;
	long fd, len;

	if (need_args(x, e, 3) < 0)
		return -1;
	cl_word(&c, e->str);
	if (cl_fd(x, &c, e->args[0], &fd) < 0 ||
	    cl_addr(x, &c, e->args[1], e->str) < 0 ||
	    cx_eval_int(x, e->args[2], &len) < 0) {
		line_free(&c.l);
		return -1;
	}
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	record_free(&rec);
	return 0;
}

static int c_listen(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct cline c = { 0 };
	struct record rec;
	long fd, n;

	if (need_args(x, e, e->str[0] == 'l' ? 2 : 1) < 0)
		return -1;
	cl_word(&c, e->str);
	if (cl_fd(x, &c, e->args[0], &fd) < 0 ||
	    (e->nargs > 1 && cx_eval_int(x, e->args[1], &n) < 0)) {
		line_free(&c.l);
		return -1;
	}
	if (e->nargs > 1)
		cl_num(&c, n);
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	record_free(&rec);
	return 0;
}

static int c_shutdown(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct cline c = { 0 };
	struct record rec;
	long fd;

	if (need_args(x, e, 2) < 0)
		return -1;
	cl_word(&c, "shutdown");
	if (cl_fd(x, &c, e->args[0], &fd) < 0 ||
	    cl_const(x, &c, e->args[1]) < 0) {
		line_free(&c.l);
		return -1;
	}
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	record_free(&rec);
	return 0;
}

/* accept(fd, addr, &len) and accept4(..., 0); getsockname and
 * getpeername, which fill the same two. */
static int c_accept(struct cx *x, const struct cexpr *e, struct val *v)
{
	int is4 = strcmp(e->str, "accept4") == 0;
	int acc = is4 || strcmp(e->str, "accept") == 0;
	struct cline c = { 0 };
	struct val sa, lenp;
	struct record rec;
	long fd, flags = 0;

	if (need_args(x, e, is4 ? 4 : 3) < 0)
		return -1;
	cl_word(&c, acc ? "accept" : e->str);
	if (cl_fd(x, &c, e->args[0], &fd) < 0 ||
	    ptr_arg(x, e->args[1], 0, &sa, e->str) < 0 ||
	    ptr_arg(x, e->args[2], 0, &lenp, e->str) < 0 ||
	    (is4 && cx_eval_int(x, e->args[3], &flags) < 0)) {
		line_free(&c.l);
		return -1;
	}
	if (flags) {
		line_free(&c.l);
		return cx_err(x, _("accept4 with flags is outside the subset: accept, then nonblock the new socket"));
	}
	if (run_cmd(x, &c, e, acc ? x->result_name : NULL, &rec, v) < 0)
		return -1;
	if (v->i >= 0)
		fill_addr(&sa, &lenp, acc ? (int)v->i : (int)fd,
			  acc || e->str[3] == 'p');
	record_free(&rec);
	return 0;
}

/* What the C program itself prints (printf, perror, a write to fd 1):
 * the transcript's, but no JSON object's (--format=json). */
static void c_write(struct cx *x, const void *p, size_t n)
{
	if (x->s->opt.json)
		return;
	fwrite(p, 1, n, x->s->out);
	fflush(x->s->out);
}

/* fd 1 and 2 are the terminal: a C program's write there prints. */
static int c_write_out(struct cx *x, const struct val *buf, long n,
		       struct val *v)
{
	c_write(x, buf->p, (size_t)n);
	memset(v, 0, sizeof(*v));
	v->i = n;
	return 0;
}

/* send, write, sendto: FD, buffer, length (, flags (, address, len)). */
static int c_send(struct cx *x, const struct cexpr *e, struct val *v)
{
	int is_write = strcmp(e->str, "write") == 0;
	int is_to = strcmp(e->str, "sendto") == 0;
	struct cline c = { 0 };
	struct record rec;
	struct val buf;
	long fd, n, flags = 0, len;

	if (need_args(x, e, is_write ? 3 : is_to ? 6 : 4) < 0)
		return -1;
	if (cx_eval_int(x, e->args[0], &fd) < 0 ||
	    cx_eval_int(x, e->args[2], &n) < 0)
		return -1;
	if (n < 0)
		return cx_err(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[1], (size_t)n, &buf, e->str) < 0)
		return -1;
	if (is_write && (fd == 1 || fd == 2))
		return c_write_out(x, &buf, n, v);
	if (!is_write && cx_eval_int(x, e->args[3], &flags) < 0)
		return -1;
	if (is_to && flags)
		return cx_err(x, _("sendto with flags is outside the subset: pass 0"));
	cl_word(&c, e->str);
	cl_fd(x, &c, e->args[0], &fd);
	cl_add(&c, buf.p ? (const char *)buf.p : "", buf.p ? (size_t)n : 0, 1);
	if (is_to && (cl_addr(x, &c, e->args[4], e->str) < 0 ||
		      cx_eval_int(x, e->args[5], &len) < 0)) {
		line_free(&c.l);
		return -1;
	}
	if (!is_write && !is_to && flags)
		cl_const(x, &c, e->args[3]);
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	record_free(&rec);
	return 0;
}

/* The sender recvfrom found, from its fact. */
static void fill_from(const struct record *rec, struct val *sa,
		      struct val *lenp)
{
	int i;
	size_t n;

	for (i = 0; i < rec->nfacts; i++) {
		const struct fact_param *fp = &rec->facts[i].p[0];

		if (rec->facts[i].id != FACT_FROM || fp->kind != FP_ADDR)
			continue;
		n = fp->len < sa->cap ? fp->len : sa->cap;
		if (sa->p)
			memcpy(sa->p, &fp->ss, n);
		if (lenp->p && lenp->cap >= sizeof(socklen_t))
			memcpy(lenp->p, &fp->len, sizeof(socklen_t));
	}
}

/* recv, read, recvfrom: the bytes the command received go into the C's
 * buffer. */
static int c_recv(struct cx *x, const struct cexpr *e, struct val *v)
{
	int is_read = strcmp(e->str, "read") == 0;
	int is_from = strcmp(e->str, "recvfrom") == 0;
	struct cline c = { 0 };
	struct val buf, sa = { 0 }, lenp = { 0 };
	struct record rec;
	long fd, n, flags = 0;

	if (need_args(x, e, is_read ? 3 : is_from ? 6 : 4) < 0)
		return -1;
	if (cx_eval_int(x, e->args[0], &fd) < 0 ||
	    cx_eval_int(x, e->args[2], &n) < 0)
		return -1;
	if (n < 0)
		return cx_err(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[1], (size_t)n, &buf, e->str) < 0)
		return -1;
	if (buf.ro)
		return cx_err(x, _("%s: a string constant cannot be written: receive into a char array"),
			    e->str);
	if (fd == 0)
		return cx_err(x, _("%s from the terminal (fd 0) is outside the subset: the shell reads sockets"),
			    e->str);
	if (!is_read && cx_eval_int(x, e->args[3], &flags) < 0)
		return -1;
	if (is_from && (ptr_arg(x, e->args[4], 0, &sa, e->str) < 0 ||
			ptr_arg(x, e->args[5], 0, &lenp, e->str) < 0))
		return -1;
	cl_word(&c, e->str);
	cl_fd(x, &c, e->args[0], &fd);
	cl_num(&c, n);
	if (!is_read && flags)
		cl_const(x, &c, e->args[3]);
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	if (rec.data && buf.p)
		memcpy(buf.p, rec.data, rec.datalen < (size_t)n ?
		       rec.datalen : (size_t)n);
	if (is_from)
		fill_from(&rec, &sa, &lenp);
	record_free(&rec);
	return 0;
}

/* setsockopt(fd, level, opt, &val, sizeof(val)) with an int value;
 * getsockopt(fd, level, opt, &val, &len) reads it back into val. */
static int c_sockopt(struct cx *x, const struct cexpr *e, struct val *v)
{
	int set = e->str[0] == 's';
	struct cline c = { 0 };
	struct val pv, lenp = { 0 };
	struct record rec;
	long fd, level, opt;

	if (need_args(x, e, 5) < 0)
		return -1;
	if (cx_eval_int(x, e->args[1], &level) < 0 ||
	    cx_eval_int(x, e->args[2], &opt) < 0 ||
	    ptr_arg(x, e->args[3], sizeof(int), &pv, e->str) < 0 ||
	    (!set && ptr_arg(x, e->args[4], 0, &lenp, e->str) < 0))
		return -1;
	if (pv.p == NULL || (!cx_is_int(&pv.t) && pv.t.base != CT_VOID))
		return cx_err(x, _("%s: the subset passes an int option value (int on = 1; ... &on, sizeof(on))"),
			    e->str);
	cl_word(&c, e->str);
	cl_fd(x, &c, e->args[0], &fd);
	cl_const(x, &c, e->args[1]);
	cl_const(x, &c, e->args[2]);
	if (set)
		cl_num(&c, cx_load_int(pv.p, CT_INT));
	if (run_cmd(x, &c, e, NULL, &rec, v) < 0)
		return -1;
	if (!set && v->i == 0) {
		int val = 0, i;
		socklen_t len = sizeof(val);

		for (i = 0; i < rec.nfacts; i++)
			if (rec.facts[i].id == FACT_SO_ERROR)
				val = (int)rec.facts[i].p[0].num;
		if (!(level == SOL_SOCKET && opt == SO_ERROR))
			getsockopt((int)fd, (int)level, (int)opt, &val, &len);
		memcpy(pv.p, &val, sizeof(val));
		if (lenp.p && lenp.cap >= sizeof(socklen_t))
			memcpy(lenp.p, &len, sizeof(len));
	}
	record_free(&rec);
	return 0;
}

/* ---- C library functions, run here ---------------------------------- */

static int c_byteorder(struct cx *x, const struct cexpr *e, struct val *v)
{
	long n;

	if (need_args(x, e, 1) < 0 || cx_eval_int(x, e->args[0], &n) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	if (strcmp(e->str, "htons") == 0)
		v->i = htons((uint16_t)n);
	else if (strcmp(e->str, "ntohs") == 0)
		v->i = ntohs((uint16_t)n);
	else if (strcmp(e->str, "htonl") == 0)
		v->i = htonl((uint32_t)n);
	else
		v->i = ntohl((uint32_t)n);
	return 0;
}

static int c_string(struct cx *x, const struct cexpr *e, int i,
		    struct val *v)
{
	if (ptr_arg(x, e->args[i], 1, v, e->str) < 0)
		return -1;
	if (v->p == NULL)
		return cx_err(x, _("%s: a NULL string"), e->str);
	if (memchr(v->p, '\0', v->cap) == NULL)
		return cx_err(x, _("%s: the string has no NUL byte within its %zu bytes"),
			    e->str, v->cap);
	return 0;
}

static int c_inet(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct val a, b;
	long af, size;

	if (strcmp(e->str, "inet_addr") == 0) {
		if (need_args(x, e, 1) < 0 || c_string(x, e, 0, &a) < 0)
			return -1;
		memset(v, 0, sizeof(*v));
		v->i = (long)inet_addr((const char *)a.p);
		if (v->i == (long)INADDR_NONE)
			v->i = (long)(in_addr_t)INADDR_NONE;
		return 0;
	}
	if (strcmp(e->str, "inet_pton") == 0) {
		if (need_args(x, e, 3) < 0 ||
		    cx_eval_int(x, e->args[0], &af) < 0 ||
		    c_string(x, e, 1, &a) < 0 ||
		    ptr_arg(x, e->args[2], af == AF_INET6 ? 16 : 4, &b,
			    e->str) < 0)
			return -1;
		if (b.p == NULL || b.ro)
			return cx_err(x, _("inet_pton: the third argument must point to an in_addr (&a.sin_addr)"));
		memset(v, 0, sizeof(*v));
		v->i = inet_pton((int)af, (const char *)a.p, b.p);
		if (v->i < 0)
			x->vs->last_err = errno;
		return 0;
	}
	/* inet_ntop(af, src, dst, size) */
	if (need_args(x, e, 4) < 0 || cx_eval_int(x, e->args[0], &af) < 0 ||
	    ptr_arg(x, e->args[1], af == AF_INET6 ? 16 : 4, &a, e->str) < 0 ||
	    cx_eval_int(x, e->args[3], &size) < 0 ||
	    ptr_arg(x, e->args[2], size > 0 ? (size_t)size : 0, &b,
		    e->str) < 0)
		return -1;
	if (a.p == NULL || b.p == NULL || b.ro || size <= 0)
		return cx_err(x, _("inet_ntop: give the address, a char array and its size"));
	memset(v, 0, sizeof(*v));
	if (inet_ntop((int)af, a.p, (char *)b.p, (socklen_t)size) == NULL) {
		x->vs->last_err = errno;
		return 0;	/* NULL */
	}
	*v = b;
	return 0;
}

static int c_mem(struct cx *x, const struct cexpr *e, struct val *v)
{
	int is_bzero = strcmp(e->str, "bzero") == 0;
	long n, c = 0;
	struct val d;

	if (need_args(x, e, is_bzero ? 2 : 3) < 0 ||
	    cx_eval_int(x, e->args[is_bzero ? 1 : 2], &n) < 0 ||
	    (!is_bzero && cx_eval_int(x, e->args[1], &c) < 0))
		return -1;
	if (n < 0)
		return cx_err(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[0], (size_t)n, &d, e->str) < 0)
		return -1;
	if (d.p == NULL || d.ro)
		return cx_err(x, _("%s: the first argument must be a variable's address"),
			    e->str);
	memset(d.p, (int)c, (size_t)n);
	*v = d;
	return 0;
}

static int c_strcpy(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct val d, s;
	size_t n;

	if (need_args(x, e, 2) < 0 || c_string(x, e, 1, &s) < 0 ||
	    ptr_arg(x, e->args[0], 1, &d, e->str) < 0)
		return -1;
	n = strlen((const char *)s.p) + 1;
	if (d.p == NULL || d.ro)
		return cx_err(x, _("strcpy: the first argument must be a char array"));
	if (n > d.cap)
		return cx_err(x, _("strcpy: %zu bytes do not fit in %zu: C would overflow the array"),
			    n, d.cap);
	memmove(d.p, s.p, n);
	*v = d;
	return 0;
}

static int c_strlen(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct val s;

	if (need_args(x, e, 1) < 0 || c_string(x, e, 0, &s) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->i = (long)strlen((const char *)s.p);
	return 0;
}

static int c_perror(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct sbuf line = SBUF_INIT;
	struct val s;

	if (need_args(x, e, 1) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	if (cx_eval(x, e->args[0], &s) < 0 || cx_rvalue(x, &s) < 0)
		return -1;
	if (!(s.kind == V_INT && s.i == 0) && c_string(x, e, 0, &s) < 0)
		return -1;
	sbuf_addf(&line, "%s%s%s\n", s.kind == V_INT ? "" : (const char *)s.p,
		  s.kind == V_INT ? "" : ": ", strerror(x->vs->last_err));
	c_write(x, line.s, line.len);
	sbuf_free(&line);
	return 0;
}

/* The format is made here from the learner's, checked conversion by
 * conversion, with the argument of the matching type. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* One conversion of printf ("%-5ld"), with its argument. */
static int printf_one(struct cx *x, const struct cexpr *e, const char *spec,
		      size_t n, int *argi, struct sbuf *out)
{
	char fmt[32], conv = spec[n - 1];
	struct val a;
	long num;

	if (n >= sizeof(fmt) || strchr(spec, '*'))
		return cx_err(x, _("printf: this conversion is outside the subset"));
	if (*argi >= e->nargs)
		return cx_err(x, _("printf: too few arguments for the format"));
	if (conv == 's') {
		if (c_string(x, e, (*argi)++, &a) < 0)
			return -1;
		snprintf(fmt, sizeof(fmt), "%.*s", (int)n, spec);
		sbuf_addf(out, fmt, (const char *)a.p);
		return 0;
	}
	if (conv == 'p' || conv == 'n' || conv == 'f' || conv == 'g' ||
	    conv == 'e')
		return cx_err(x, _("printf: %%%c is outside the subset"), conv);
	if (cx_eval_int(x, e->args[(*argi)++], &num) < 0)
		return -1;
	/* Every integer is printed as a long: drop h/l/z/ll, add l. */
	{
		size_t k = 0, i;

		for (i = 0; i + 1 < n; i++)
			if (!strchr("hlzjt", spec[i]))
				fmt[k++] = spec[i];
		if (conv == 'c') {
			fmt[k++] = 'c';
			fmt[k] = '\0';
			sbuf_addf(out, fmt, (int)num);
			return 0;
		}
		fmt[k++] = 'l';
		fmt[k++] = conv;
		fmt[k] = '\0';
	}
	if (strchr("uxXo", conv))
		sbuf_addf(out, fmt, (unsigned long)num);
	else
		sbuf_addf(out, fmt, num);
	return 0;
}

#pragma GCC diagnostic pop

static int c_printf(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct sbuf out = SBUF_INIT;
	const char *f;
	struct val fv;
	int argi = 1;
	size_t n;

	if (e->nargs < 1)
		return cx_err(x, _("printf needs a format"));
	if (c_string(x, e, 0, &fv) < 0)
		return -1;
	for (f = (const char *)fv.p; *f; f++) {
		if (*f != '%') {
			sbuf_addc(&out, *f);
			continue;
		}
		if (f[1] == '%') {
			sbuf_addc(&out, '%');
			f++;
			continue;
		}
		n = 1 + strspn(f + 1, "-+ #0123456789.hlzjt");
		if (f[n] == '\0' || !strchr("diouxXcspnfge", f[n])) {
			sbuf_free(&out);
			return cx_err(x, _("printf: bad conversion in the format"));
		}
		if (printf_one(x, e, f, n + 1, &argi, &out) < 0) {
			sbuf_free(&out);
			return -1;
		}
		f += n;
	}
	c_write(x, out.s ? out.s : "", out.len);
	memset(v, 0, sizeof(*v));
	v->i = (long)out.len;
	sbuf_free(&out);
	return 0;
}

/* toupper and tolower, of the "C" locale, as the course's servers use. */
static int c_case(struct cx *x, const struct cexpr *e, struct val *v)
{
	long c;

	if (need_args(x, e, 1) < 0 || cx_eval_int(x, e->args[0], &c) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->i = c;
	if (e->str[2] == 'u' && c >= 'a' && c <= 'z')
		v->i = c - 'a' + 'A';
	else if (e->str[2] == 'l' && c >= 'A' && c <= 'Z')
		v->i = c - 'A' + 'a';
	return 0;
}

static int c_exit(struct cx *x, const struct cexpr *e, struct val *v)
{
	if (need_args(x, e, 1) < 0 || cx_eval_int(x, e->args[0], &x->ret) < 0)
		return -1;
	x->returned = 1;
	memset(v, 0, sizeof(*v));
	return 0;
}

static int c_nothing(struct cx *x, const struct cexpr *e, struct val *v)
{
	int i;

	for (i = 0; i < e->nargs; i++)	/* fflush(stdout), sleep's ... */
		if (e->args[i]->kind != CE_IDENT &&
		    cx_eval(x, e->args[i], v) < 0)
			return -1;
	memset(v, 0, sizeof(*v));
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct cx *x, const struct cexpr *e, struct val *v);
} calls[] = {
	{ "socket", c_socket }, { "bind", c_bind }, { "connect", c_bind },
	{ "listen", c_listen }, { "close", c_listen },
	{ "accept", c_accept }, { "accept4", c_accept },
	{ "getsockname", c_accept }, { "getpeername", c_accept },
	{ "shutdown", c_shutdown },
	{ "send", c_send }, { "write", c_send }, { "sendto", c_send },
	{ "recv", c_recv }, { "read", c_recv }, { "recvfrom", c_recv },
	{ "setsockopt", c_sockopt }, { "getsockopt", c_sockopt },
	{ "htons", c_byteorder }, { "htonl", c_byteorder },
	{ "ntohs", c_byteorder }, { "ntohl", c_byteorder },
	{ "inet_addr", c_inet }, { "inet_pton", c_inet },
	{ "inet_ntop", c_inet },
	{ "memset", c_mem }, { "bzero", c_mem }, { "strcpy", c_strcpy },
	{ "strlen", c_strlen }, { "perror", c_perror },
	{ "printf", c_printf }, { "exit", c_exit }, { "fflush", c_nothing },
	{ "toupper", c_case }, { "tolower", c_case },
};

int ccall_eval(struct cx *x, const struct cexpr *e, struct val *v)
{
	const char *name = x->result_name;
	size_t i;
	int rc;

	x->result_name = NULL;	/* only the outermost call takes it */
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		if (strcmp(calls[i].name, e->str) == 0) {
			x->result_name = name;
			rc = calls[i].fn(x, e, v);
			x->result_name = NULL;
			return rc;
		}
	return cx_err(x, _("%s() is outside the subset: the shell runs socket, bind, listen, accept, connect, send, recv, read, write, sendto, recvfrom, close, shutdown, setsockopt, getsockopt, getsockname, getpeername, the inet_ and byte-order functions, memset, bzero, strcpy, strlen, toupper, tolower, perror and printf"),
		    e->str);
}
