/* cexec.c - run C statements: variables, values, expressions and control
 * flow (the calls are ccall.c's), vars, and collecting C over lines. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cexec-int.h"
#include "cexec.h"
#include "consts.h"
#include "i18n.h"
#include "parse.h"
#include "show-json.h"
#include "show.h"
#include "sig.h"

#define CEXEC_MAX_TURNS 100000	/* a replayed loop's turns, at most */
#define CEXEC_MAX_VARS 1024

/* ---- variables ----------------------------------------------------- */

static void cvars_free(struct cvars *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].mem);
		free(vs->v[i].str);
		free(vs->v[i].spelled);
	}
	for (i = 0; i < vs->nstrs; i++)
		free(vs->strs[i]);
	free(vs->strs);
	free(vs->v);
	free(vs);
}

static int c_addr(struct session *s, const char *name, struct addr *a);

static struct cvars *cvars_of(struct session *s)
{
	if (s->cvars == NULL) {
		s->cvars = xcalloc(1, sizeof(*s->cvars));
		s->cvars_free = cvars_free;
		s->c_addr = c_addr;
	}
	return s->cvars;
}

struct cvar *cx_var_find(struct cvars *vs, const char *name)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return &vs->v[i];
	return NULL;
}

/* A new variable (a redeclaration replaces the old one, as a fresh
 * scope would), or NULL when there are too many. */
static struct cvar *var_new(struct cvars *vs, const char *name)
{
	struct cvar *v = cx_var_find(vs, name);

	if (v) {
		free(v->mem);
		free(v->str);
	} else {
		if (vs->n == CEXEC_MAX_VARS)
			return NULL;
		vs->v = xrealloc(vs->v, (vs->n + 1) * sizeof(*vs->v));
		v = &vs->v[vs->n++];
		memset(v, 0, sizeof(*v));
		v->name = xstrdup(name);
	}
	free(v->spelled);
	{
		char *keep = v->name;

		memset(v, 0, sizeof(*v));
		v->name = keep;
	}
	return v;
}

/* A struct sockaddr variable's address, its length that of its family's
 * struct, for a command's address argument. */
static int c_addr(struct session *s, const char *name, struct addr *a)
{
	struct cvar *v = cx_var_find(s->cvars, name);
	sa_family_t fam;
	socklen_t len;

	if (v == NULL || v->is_define || v->type.ptr || v->type.arr >= 0 ||
	    v->type.base < CT_SA || v->type.base > CT_SA_STORAGE)
		return -1;
	memcpy(&fam, v->mem, sizeof(fam));
	if (fam == AF_INET)
		len = sizeof(struct sockaddr_in);
	else if (fam == AF_INET6)
		len = sizeof(struct sockaddr_in6);
	else if (fam == AF_UNIX)
		len = sizeof(struct sockaddr_un);
	else
		return -2;	/* its family is not set yet */
	if (len > v->size)
		len = (socklen_t)v->size;
	memset(a, 0, sizeof(*a));
	memcpy(&a->ss, v->mem, len);
	a->len = len;
	if (fam != AF_UNIX)
		a->typed_port = (unsigned int)addr_port((void *)&a->ss);
	return 0;
}

int cx_err(struct cx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err.len)
		return -1;	/* the first error says most */
	va_start(ap, fmt);
	sbuf_vaddf(&x->err, fmt, ap);
	va_end(ap);
	return -1;
}

int cx_is_int(const struct ctype *t)
{
	return t->ptr == 0 && t->arr < 0 && t->base <= CT_ULONG &&
	       t->base != CT_VOID;
}

static int is_struct_type(const struct ctype *t)
{
	return t->ptr == 0 && t->arr < 0 && t->base >= CT_SA;
}

long cx_load_int(const unsigned char *p, enum cbase b)
{
	switch (b) {
	case CT_CHAR: { signed char c; memcpy(&c, p, 1); return c; }
	case CT_UCHAR: return *p;
	case CT_SHORT: { short v; memcpy(&v, p, 2); return v; }
	case CT_USHORT: { unsigned short v; memcpy(&v, p, 2); return v; }
	case CT_INT: { int v; memcpy(&v, p, 4); return v; }
	case CT_UINT: { unsigned int v; memcpy(&v, p, 4); return (long)v; }
	default: { long v; memcpy(&v, p, sizeof(v)); return v; }
	}
}

static void store_int(unsigned char *p, enum cbase b, long v)
{
	switch (b) {
	case CT_CHAR: case CT_UCHAR: *p = (unsigned char)v; break;
	case CT_SHORT: case CT_USHORT: {
		unsigned short u = (unsigned short)v;

		memcpy(p, &u, 2);
		break;
	}
	case CT_INT: case CT_UINT: {
		unsigned int u = (unsigned int)v;

		memcpy(p, &u, 4);
		break;
	}
	default: memcpy(p, &v, sizeof(v)); break;
	}
}

/* An object's value: a number, an array decayed to a pointer, or the
 * struct itself (left an object). */
int cx_rvalue(struct cx *x, struct val *v)
{
	if (v->kind != V_OBJ)
		return 0;
	if (v->t.arr >= 0) {
		v->kind = V_PTR;
		v->t.arr = -1;
		return 0;
	}
	if (v->t.ptr) {
		/* Pointers live in the shell's own memory: only string
		 * pointers are kept, as an offset-free copy. */
		memcpy(&v->p, v->p, sizeof(v->p));
		if (v->p == NULL)
			return cx_err(x, _("%s is a null pointer"),
				    v->name ? v->name : "pointer");
		v->t.ptr--;
		v->cap = strlen((char *)v->p) + 1;
		v->kind = V_PTR;
		v->ro = 1;
		return 0;
	}
	if (cx_is_int(&v->t)) {
		v->i = cx_load_int(v->p, v->t.base);
		v->kind = V_INT;
		return 0;
	}
	return 0;	/* a struct stays an object */
}

/* ---- the fields of the structs the subset knows -------------------- */

struct field {
	enum cbase in;
	const char *name;
	size_t off;
	enum cbase type;
	long arr;
};

#define F(st, b, f, t, a) { b, #f, offsetof(struct st, f), t, a }
static const struct field fields[] = {
	F(sockaddr_in, CT_SA_IN, sin_family, CT_USHORT, -1),
	F(sockaddr_in, CT_SA_IN, sin_port, CT_USHORT, -1),
	F(sockaddr_in, CT_SA_IN, sin_addr, CT_IN_ADDR, -1),
	F(sockaddr_in, CT_SA_IN, sin_zero, CT_UCHAR, 8),
	F(in_addr, CT_IN_ADDR, s_addr, CT_UINT, -1),
	F(sockaddr_in6, CT_SA_IN6, sin6_family, CT_USHORT, -1),
	F(sockaddr_in6, CT_SA_IN6, sin6_port, CT_USHORT, -1),
	F(sockaddr_in6, CT_SA_IN6, sin6_flowinfo, CT_UINT, -1),
	F(sockaddr_in6, CT_SA_IN6, sin6_addr, CT_IN6_ADDR, -1),
	F(sockaddr_in6, CT_SA_IN6, sin6_scope_id, CT_UINT, -1),
	F(sockaddr_un, CT_SA_UN, sun_family, CT_USHORT, -1),
	F(sockaddr_un, CT_SA_UN, sun_path, CT_CHAR, 108),
	F(sockaddr, CT_SA, sa_family, CT_USHORT, -1),
	F(sockaddr, CT_SA, sa_data, CT_CHAR, 14),
	F(sockaddr_storage, CT_SA_STORAGE, ss_family, CT_USHORT, -1),
	F(in6_addr, CT_IN6_ADDR, s6_addr, CT_UCHAR, 16),
};
#undef F

static const char *struct_name(enum cbase b)
{
	static const char *const names[] = {
		[CT_SA] = "struct sockaddr", [CT_SA_IN] = "struct sockaddr_in",
		[CT_SA_IN6] = "struct sockaddr_in6",
		[CT_SA_UN] = "struct sockaddr_un",
		[CT_SA_STORAGE] = "struct sockaddr_storage",
		[CT_IN_ADDR] = "struct in_addr",
		[CT_IN6_ADDR] = "struct in6_addr",
	};

	return b >= CT_SA && b <= CT_IN6_ADDR ? names[b] : "?";
}

/* ---- expressions --------------------------------------------------- */

int cx_eval_int(struct cx *x, const struct cexpr *e, long *out)
{
	struct val v;

	if (cx_eval(x, e, &v) < 0 || cx_rvalue(x, &v) < 0)
		return -1;
	if (v.kind != V_INT)
		return cx_err(x, _("'%.*s' is not a number here"),
			    (int)(e->end - e->start), x->src + e->start);
	*out = v.i;
	return 0;
}

/* A constant of C: AF_INET, SOCK_STREAM, INADDR_ANY, EINTR, ... */
int cx_const_value(const char *name, long *out)
{
	static const struct { const char *n; long v; } extra[] = {
		{ "STDIN_FILENO", 0 }, { "STDOUT_FILENO", 1 },
		{ "STDERR_FILENO", 2 }, { "NULL", 0 }, { "EOF", -1 },
		{ "INET_ADDRSTRLEN", INET_ADDRSTRLEN },
		{ "INET6_ADDRSTRLEN", INET6_ADDRSTRLEN },
		{ "EXIT_SUCCESS", 0 }, { "EXIT_FAILURE", 1 },
		{ "BUFSIZ", BUFSIZ },
		{ "true", 1 }, { "false", 0 },
	};
	const struct const_table *t;
	size_t i, j;
	int e;

	for (i = 0; i < ARRAY_SIZE(extra); i++)
		if (strcmp(extra[i].n, name) == 0) {
			*out = extra[i].v;
			return 0;
		}
	for (i = 0; (t = consts_table_at(i)) != NULL; i++)
		for (j = 0; j < t->n; j++)
			if (strcmp(t->defs[j].name, name) == 0) {
				*out = t->defs[j].value;
				return 0;
			}
	if (name[0] == 'E' && (e = consts_errno_value(name)) >= 0) {
		*out = e;
		return 0;
	}
	return -1;
}

static int eval_ident(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct cvar *var = cx_var_find(x->vs, e->str);
	struct sock *sk;

	memset(v, 0, sizeof(*v));
	v->name = e->str;
	if (var && var->is_define && var->str) {
		v->kind = V_PTR;
		v->p = (unsigned char *)var->str;
		v->cap = var->len + 1;
		v->t.base = CT_CHAR;
		v->t.arr = -1;
		v->ro = 1;
		return 0;
	}
	if (var && var->is_define) {
		v->i = var->num;
		return 0;
	}
	if (var) {
		v->kind = V_OBJ;
		v->p = var->mem;
		v->cap = var->size;
		v->t = var->type;
		return 0;
	}
	if (strcmp(e->str, "errno") == 0) {
		v->i = x->vs->last_err;
		return 0;
	}
	if (cx_const_value(e->str, &v->i) == 0)
		return 0;
	sk = session_find_name(x->s, e->str);
	if (sk && sk->fd >= 0) {	/* a socket named by a command */
		v->i = sk->fd;
		return 0;
	}
	return cx_err(x, _("'%s' is not declared: declare it first (int %s = ...;)"),
		    e->str, e->str);
}

static int eval_member(struct cx *x, const struct cexpr *e, struct val *v)
{
	size_t i;

	if (cx_eval(x, e->a, v) < 0)
		return -1;
	if (e->arrow) {
		if (cx_rvalue(x, v) < 0)
			return -1;
		if (v->kind != V_PTR)
			return cx_err(x, _("'->' needs a pointer to a struct"));
		v->kind = V_OBJ;
	}
	if (v->kind != V_OBJ || !is_struct_type(&v->t))
		return cx_err(x, _("'.%s' needs a struct on its left"), e->str);
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (fields[i].in != v->t.base ||
		    strcmp(fields[i].name, e->str) != 0)
			continue;
		if (fields[i].off >= v->cap)
			break;
		v->p += fields[i].off;
		v->cap -= fields[i].off;
		memset(&v->t, 0, sizeof(v->t));
		v->t.base = fields[i].type;
		v->t.arr = fields[i].arr;
		v->name = NULL;
		return 0;
	}
	return cx_err(x, _("%s has no field %s"), struct_name(v->t.base),
		    e->str);
}

static int eval_index(struct cx *x, const struct cexpr *e, struct val *v)
{
	size_t one;
	long i;

	if (cx_eval(x, e->a, v) < 0 || cx_rvalue(x, v) < 0 ||
	    cx_eval_int(x, e->b, &i) < 0)
		return -1;
	if (v->kind != V_PTR)
		return cx_err(x, _("'[...]' needs an array"));
	one = ctype_size(&v->t);
	if (i < 0 || one == 0 || (size_t)i >= v->cap / one)
		return cx_err(x, _("index %ld is outside the array (%zu elements)"),
			    i, one ? v->cap / one : 0);
	v->p += (size_t)i * one;
	v->cap -= (size_t)i * one;
	v->kind = V_OBJ;
	v->name = NULL;
	return 0;
}

static size_t val_size(const struct val *v)
{
	if (v->kind == V_OBJ)
		return ctype_size(&v->t) ? ctype_size(&v->t) : v->cap;
	if (v->kind == V_PTR && v->ro && v->t.base == CT_CHAR)
		return v->cap;	/* sizeof "text" */
	return v->kind == V_PTR ? sizeof(void *) : sizeof(int);
}

static int eval_unary(struct cx *x, const struct cexpr *e, struct val *v)
{
	long n;

	if (e->op == '&') {
		if (cx_eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ)
			return cx_err(x, _("'&' needs a variable"));
		v->kind = V_PTR;
		return 0;
	}
	if (e->op == '*') {
		if (cx_eval(x, e->a, v) < 0 || cx_rvalue(x, v) < 0)
			return -1;
		if (v->kind != V_PTR)
			return cx_err(x, _("'*' needs a pointer"));
		v->kind = V_OBJ;
		return 0;
	}
	if (e->op == OP_INC || e->op == OP_DEC) {
		if (cx_eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ || !cx_is_int(&v->t))
			return cx_err(x, _("++ and -- need an integer variable"));
		n = cx_load_int(v->p, v->t.base) + (e->op == OP_INC ? 1 : -1);
		store_int(v->p, v->t.base, n);
		v->i = cx_load_int(v->p, v->t.base);
		v->kind = V_INT;
		return 0;
	}
	if (cx_eval_int(x, e->a, &n) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->i = e->op == '!' ? !n : e->op == '~' ? ~n :
	       e->op == OP_NEG ? (long)(0UL - (unsigned long)n) : n;
	return 0;
}

static int arith(struct cx *x, int op, long a, long b, long *out)
{
	unsigned long ua = (unsigned long)a, ub = (unsigned long)b;

	switch (op) {
	case '+': *out = (long)(ua + ub); break;
	case '-': *out = (long)(ua - ub); break;
	case '*': *out = (long)(ua * ub); break;
	case '/': case '%':
		if (b == 0)
			return cx_err(x, _("division by zero"));
		if (a == LONG_MIN && b == -1)
			return cx_err(x, _("the division overflows"));
		*out = op == '/' ? a / b : a % b;
		break;
	case '<': *out = a < b; break;
	case '>': *out = a > b; break;
	case OP_LE: *out = a <= b; break;
	case OP_GE: *out = a >= b; break;
	case OP_EQ: *out = a == b; break;
	case OP_NE: *out = a != b; break;
	case '&': *out = a & b; break;
	case '|': *out = a | b; break;
	case '^': *out = a ^ b; break;
	case OP_SHL: *out = b < 0 || b > 63 ? 0 : (long)(ua << b); break;
	case OP_SHR: *out = b < 0 || b > 63 ? 0 : a >> b; break;
	default:
		return cx_err(x, _("operator not in the subset"));
	}
	return 0;
}

static int eval_binary(struct cx *x, const struct cexpr *e, struct val *v)
{
	long a, b;

	if (cx_eval_int(x, e->a, &a) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	if (e->op == OP_AND || e->op == OP_OR) {	/* short-circuit */
		if ((e->op == OP_AND) != (a != 0)) {
			v->i = a != 0;
			return 0;
		}
		if (cx_eval_int(x, e->b, &b) < 0)
			return -1;
		v->i = b != 0;
		return 0;
	}
	if (cx_eval_int(x, e->b, &b) < 0)
		return -1;
	return arith(x, e->op, a, b, &v->i);
}

static int assign_to(struct cx *x, struct val *dst, struct val *src)
{
	if (dst->kind != V_OBJ)
		return cx_err(x, _("the left of '=' must be a variable or a field"));
	if (cx_is_int(&dst->t)) {
		if (cx_rvalue(x, src) < 0)
			return -1;
		if (src->kind != V_INT)
			return cx_err(x, _("a number is needed on the right of '='"));
		store_int(dst->p, dst->t.base, src->i);
		return 0;
	}
	if (is_struct_type(&dst->t) && src->kind == V_OBJ &&
	    src->t.base == dst->t.base && is_struct_type(&src->t)) {
		memmove(dst->p, src->p, ctype_size(&dst->t));
		return 0;
	}
	if (dst->t.ptr == 1 && dst->t.arr < 0 && dst->t.base == CT_CHAR &&
	    cx_rvalue(x, src) == 0 && src->kind == V_PTR && src->ro) {
		struct cvars *vs = x->vs;
		char *keep = xstrndup((const char *)src->p,
				      strnlen((const char *)src->p, src->cap));

		vs->strs = xrealloc(vs->strs,
				    (vs->nstrs + 1) * sizeof(*vs->strs));
		vs->strs[vs->nstrs++] = keep;
		memcpy(dst->p, &keep, sizeof(keep));
		return 0;
	}
	if (dst->t.arr >= 0)
		return cx_err(x, _("an array cannot be assigned: use strcpy or memcpy"));
	return cx_err(x, _("this assignment is outside the subset"));
}

/* Strip casts: (struct sockaddr *)&a is &a. */
const struct cexpr *cx_uncast(const struct cexpr *e)
{
	while (e->kind == CE_CAST)
		e = e->a;
	return e;
}

static int eval_assign(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct val dst, src;
	long a;
	int rc;

	if (cx_eval(x, e->a, &dst) < 0)
		return -1;
	if (e->op != '=') {
		if (dst.kind != V_OBJ || !cx_is_int(&dst.t))
			return cx_err(x, _("+= and -= need an integer variable"));
		a = cx_load_int(dst.p, dst.t.base);
		if (cx_eval(x, e->b, &src) < 0 || cx_rvalue(x, &src) < 0)
			return -1;
		if (src.kind != V_INT)
			return cx_err(x, _("a number is needed on the right of '='"));
		src.i = (long)((unsigned long)a + (e->op == OP_ADD_EQ ?
			(unsigned long)src.i : 0UL - (unsigned long)src.i));
	} else {
		/* lfd = socket(...), alone or inside a condition
		 * (if ((lfd = socket(...)) < 0)): the socket is named lfd */
		if (cx_uncast(e->a)->kind == CE_IDENT &&
		    cx_uncast(e->b)->kind == CE_CALL)
			x->result_name = cx_uncast(e->a)->str;
		rc = cx_eval(x, e->b, &src);
		x->result_name = NULL;
		if (rc < 0)
			return -1;
	}
	if (assign_to(x, &dst, &src) < 0)
		return -1;
	*v = dst;
	return cx_rvalue(x, v);
}

int cx_eval(struct cx *x, const struct cexpr *e, struct val *v)
{
	long n;

	if (x->err.len || x->failed)
		return -1;
	memset(v, 0, sizeof(*v));
	v->t.arr = -1;
	switch (e->kind) {
	case CE_NUM:
		v->i = e->num;
		return 0;
	case CE_STR:
		v->kind = V_PTR;
		v->p = (unsigned char *)e->str;
		v->cap = e->len + 1;
		v->t.base = CT_CHAR;
		v->ro = 1;
		return 0;
	case CE_IDENT:
		return eval_ident(x, e, v);
	case CE_MEMBER:
		return eval_member(x, e, v);
	case CE_INDEX:
		return eval_index(x, e, v);
	case CE_UNARY:
		return eval_unary(x, e, v);
	case CE_BINARY:
		return eval_binary(x, e, v);
	case CE_ASSIGN:
		return eval_assign(x, e, v);
	case CE_CAST:
		if (cx_eval(x, e->a, v) < 0)
			return -1;
		if (cx_is_int(&e->type) && cx_rvalue(x, v) == 0 &&
		    v->kind == V_INT) {
			unsigned char b[8] = { 0 };

			store_int(b, e->type.base, v->i);
			v->i = cx_load_int(b, e->type.base);
		}
		return 0;	/* (struct sockaddr *)&a keeps a */
	case CE_SIZEOF_TYPE:
		v->i = (long)ctype_size(&e->type);
		return 0;
	case CE_SIZEOF_EXPR:
		if (cx_eval(x, e->a, v) < 0)
			return -1;
		n = (long)val_size(v);
		memset(v, 0, sizeof(*v));
		v->i = n;
		return 0;
	case CE_COND:
		if (cx_eval_int(x, e->a, &n) < 0)
			return -1;
		return cx_eval(x, n ? e->b : e->c, v);
	case CE_POST:
		if (cx_eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ || !cx_is_int(&v->t))
			return cx_err(x, _("++ and -- need an integer variable"));
		n = cx_load_int(v->p, v->t.base);
		store_int(v->p, v->t.base, n + (e->op == OP_INC ? 1 : -1));
		memset(v, 0, sizeof(*v));
		v->i = n;
		return 0;
	case CE_CALL:
		return ccall_eval(x, e, v);
	}
	return cx_err(x, _("expression outside the subset"));
}

/* ---- statements ---------------------------------------------------- */

enum flow { FLOW_NEXT, FLOW_BREAK, FLOW_CONTINUE, FLOW_STOP };

static enum flow run_stmt(struct cx *x, const struct cstmt *st);

static int init_list(struct cx *x, struct cvar *var, const struct cdecl *d)
{
	long n;

	/* = { 0 } clears; more is outside the subset. */
	if (d->ninits > 1 || (d->ninits == 1 && (cx_eval_int(x, d->inits[0], &n)
						 < 0 || n != 0)))
		return cx_err(x, _("only = { 0 } initialises a struct or array here: set the fields on lines of their own"));
	memset(var->mem, 0, var->size);
	return 0;
}

static int declare(struct cx *x, const struct cdecl *d)
{
	struct cvar *var;
	struct val dst, src;
	long n;

	if (d->arrlen && cx_eval_int(x, d->arrlen, &n) < 0)
		return -1;
	var = var_new(x->vs, d->name);
	if (var == NULL)
		return cx_err(x, _("too many variables"));
	var->type = d->type;
	var->spelled = xstrdup(d->type.spelled ? d->type.spelled : "int");
	var->type.spelled = var->spelled;
	if (d->arrlen) {
		if (n <= 0 || n > 1 << 20)
			return cx_err(x, _("an array's length must be from 1 to 1048576"));
		var->type.arr = n;
	}
	if (var->type.arr == 0) {	/* char msg[] = "..." */
		if (d->init == NULL || d->init->kind != CE_STR)
			return cx_err(x, _("char %s[] needs a string to size it"),
				    d->name);
		var->type.arr = (long)d->init->len + 1;
	}
	var->size = ctype_size(&var->type);
	var->mem = xcalloc(1, var->size ? var->size : 1);
	if (d->inits)
		return init_list(x, var, d);
	if (d->init == NULL)
		return 0;
	if (var->type.arr > 0 && d->init->kind == CE_STR) {
		if (d->init->len + 1 > var->size)
			return cx_err(x, _("the string does not fit in %s"),
				    d->name);
		memcpy(var->mem, d->init->str, d->init->len);
		return 0;
	}
	x->result_name = d->name;
	if (cx_eval(x, d->init, &src) < 0) {
		x->result_name = NULL;
		return -1;
	}
	x->result_name = NULL;
	/* eval may have grown the table: find the variable again. */
	var = cx_var_find(x->vs, d->name);
	memset(&dst, 0, sizeof(dst));
	dst.kind = V_OBJ;
	dst.p = var->mem;
	dst.cap = var->size;
	dst.t = var->type;
	return assign_to(x, &dst, &src);
}

static int define(struct cx *x, const struct cstmt *st)
{
	struct cvar *var;
	struct val v;

	if (cx_eval(x, st->e, &v) < 0 || cx_rvalue(x, &v) < 0)
		return -1;
	if (v.kind == V_OBJ)
		return cx_err(x, _("#define %s: a number or a \"string\""),
			    st->name);
	var = var_new(x->vs, st->name);
	if (var == NULL)
		return cx_err(x, _("too many variables"));
	var->is_define = 1;
	if (v.kind == V_PTR) {
		var->len = strnlen((const char *)v.p, v.cap);
		var->str = xstrndup((const char *)v.p, var->len);
	} else {
		var->num = v.i;
	}
	return 0;
}

/* An expression statement: a call's value is dropped; at the prompt a
 * bare value is shown, as a calculator would ("sizeof(a)"). */
static int run_expr(struct cx *x, const struct cstmt *st, int top)
{
	const struct cexpr *e = st->e;
	struct val v;

	if (cx_eval(x, e, &v) < 0)
		return -1;
	if (top && e->kind != CE_CALL && e->kind != CE_ASSIGN &&
	    e->kind != CE_POST && !(e->kind == CE_UNARY &&
				    (e->op == OP_INC || e->op == OP_DEC)) &&
	    cx_rvalue(x, &v) == 0 && v.kind == V_INT && !x->s->opt.json)
		fprintf(x->s->out, "= %ld\n", v.i);
	return 0;
}

/* Ctrl-C (since the loop began: ints), a call the replay's time-out
 * interrupted, or too many turns end a loop; the note is said once for
 * loops inside loops. */
static int loop_goes_on(struct cx *x, int ints)
{
	if (sig_int_count != ints || x->interrupted) {
		if (!x->s->opt.json && !x->noted)
			show_note(x->s, sig_int_count != ints ||
					x->interrupted == 1 ?
				  _("Ctrl-C: the loop stopped; the shell goes on") :
				  _("the replay gave up waiting: the loop stopped"));
		x->noted = 1;
		return 0;
	}
	if (!x->s->opt.interactive && ++x->turns > CEXEC_MAX_TURNS) {
		cx_err(x, _("the loop ran %d turns: a replay stops it there"),
		       CEXEC_MAX_TURNS);
		return 0;
	}
	return 1;
}

/* A loop's turns; x->interrupted is the interruptions of this loop's
 * calls, which end it and the loops around it. */
static enum flow loop_turns(struct cx *x, const struct cstmt *st)
{
	int ints = sig_int_count;
	enum flow f;
	long c = 1;
	struct val v;

	for (;;) {
		if (st->kind != CS_DO && st->e && cx_eval_int(x, st->e, &c) < 0)
			return FLOW_STOP;
		if (!c || !loop_goes_on(x, ints))
			break;
		f = run_stmt(x, st->body);
		if (f == FLOW_STOP)
			return f;
		if (f == FLOW_BREAK)
			break;
		if (x->interrupted || sig_int_count != ints)
			continue;	/* loop_goes_on says so */
		if (st->kind == CS_FOR && st->step && cx_eval(x, st->step, &v) < 0)
			return FLOW_STOP;
		if (st->kind == CS_DO && cx_eval_int(x, st->e, &c) < 0)
			return FLOW_STOP;
	}
	return x->err.len || x->failed ? FLOW_STOP : FLOW_NEXT;
}

static enum flow run_loop(struct cx *x, const struct cstmt *st)
{
	int before = x->interrupted;
	enum flow f;

	if (st->kind == CS_FOR && st->init &&
	    run_stmt(x, st->init) == FLOW_STOP)
		return FLOW_STOP;
	x->interrupted = 0;	/* a call interrupted before does not count */
	f = loop_turns(x, st);
	if (!x->interrupted)
		x->interrupted = before;
	return f;
}

static enum flow run_block(struct cx *x, const struct cstmt *st)
{
	enum flow f;
	int i;

	for (i = 0; i < st->n; i++) {
		f = run_stmt(x, st->list[i]);
		if (f != FLOW_NEXT)
			return f;
	}
	return FLOW_NEXT;
}

static enum flow run_stmt(struct cx *x, const struct cstmt *st)
{
	long c;
	int i;

	if (x->err.len || x->failed || x->returned)
		return FLOW_STOP;
	switch (st->kind) {
	case CS_EMPTY:
		break;
	case CS_EXPR:
		if (run_expr(x, st, 0) < 0)
			return FLOW_STOP;
		break;
	case CS_DECL:
		for (i = 0; i < st->ndecls; i++)
			if (declare(x, &st->decls[i]) < 0)
				return FLOW_STOP;
		break;
	case CS_DEFINE:
		if (define(x, st) < 0)
			return FLOW_STOP;
		break;
	case CS_IF:
		if (cx_eval_int(x, st->e, &c) < 0)
			return FLOW_STOP;
		if (c)
			return run_stmt(x, st->body);
		return st->els ? run_stmt(x, st->els) : FLOW_NEXT;
	case CS_WHILE: case CS_DO: case CS_FOR:
		return run_loop(x, st);
	case CS_BLOCK:
		return run_block(x, st);
	case CS_MAIN:
		return run_stmt(x, st->body);
	case CS_BREAK:
		return FLOW_BREAK;
	case CS_CONTINUE:
		return FLOW_CONTINUE;
	case CS_RETURN:
		x->ret = 0;
		if (st->e && cx_eval_int(x, st->e, &x->ret) < 0)
			return FLOW_STOP;
		x->returned = 1;
		return FLOW_STOP;
	}
	return x->err.len || x->failed ? FLOW_STOP : FLOW_NEXT;
}

/* A statement at the top level: a bare value is shown. */
static void run_top_expr(struct cx *x, const struct cstmt *st)
{
	run_expr(x, st, 1);
}

enum exec_status cexec_run(struct session *s, const char *text, size_t len,
			   struct exec_result *res)
{
	struct cprog prog;
	struct cx x;
	int i;

	memset(&x, 0, sizeof(x));
	x.s = s;
	x.vs = cvars_of(s);
	x.res = res;
	x.src = text;
	res->status = EXEC_OK;
	if (cparse(text, len, &prog, &x.err) != CPARSE_OK) {
		if (x.err.len == 0)
			sbuf_add(&x.err, _("the C is not complete: a block, comment or parenthesis is left open"));
	} else {
		x.src = prog.src;
		for (i = 0; i < prog.n && !x.returned && !x.err.len && !x.failed;
		     i++) {
			if (prog.list[i]->kind == CS_EXPR) {
				run_top_expr(&x, prog.list[i]);
				continue;
			}
			run_stmt(&x, prog.list[i]);
		}
	}
	if (x.returned && !x.err.len && !s->opt.json) {
		char msg[96];

		snprintf(msg, sizeof(msg),
			 _("return %ld: the program would end here; the shell goes on"),
			 x.ret);
		show_note(s, msg);
	}
	cprog_free(&prog);
	if (x.err.len) {
		if (s->opt.json)	/* one object for the line, as a
					 * command that cannot run gets */
			show_json_error(s, text, len, NULL, sbuf_str(&x.err));
		else
			show_error(s, sbuf_str(&x.err));
		res->status = EXEC_ERROR;
	}
	sbuf_free(&x.err);
	return res->status;
}

/* ---- vars ----------------------------------------------------------- */

static void list_value(const struct cvar *v, struct sbuf *out)
{
	struct sockaddr_storage ss;
	size_t n;

	if (v->is_define) {
		if (v->str) {
			sbuf_addc(out, '"');
			parse_quote_c(out, v->str, v->len);
			sbuf_addc(out, '"');
		} else {
			sbuf_addf(out, "%ld", v->num);
		}
	} else if (cx_is_int(&v->type)) {
		sbuf_addf(out, "%ld", cx_load_int(v->mem, v->type.base));
	} else if (v->type.arr > 0 && v->type.base <= CT_UCHAR) {
		n = strnlen((const char *)v->mem, v->size);
		sbuf_addc(out, '"');
		parse_quote_c(out, v->mem, n > 60 ? 60 : n);
		sbuf_add(out, n > 60 ? "\"..." : "\"");
	} else if (v->type.ptr == 1 && v->type.base == CT_CHAR &&
		   v->type.arr < 0) {
		const char *p;

		memcpy(&p, v->mem, sizeof(p));
		sbuf_addc(out, '"');
		if (p)
			parse_quote_c(out, p, strlen(p));
		sbuf_addc(out, '"');
	} else if (v->type.base >= CT_SA && v->type.base <= CT_SA_STORAGE) {
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, v->mem, v->size < sizeof(ss) ? v->size : sizeof(ss));
		if (ss.ss_family == AF_UNSPEC)
			sbuf_add(out, "{ 0 }");
		else
			addr_format(out, (struct sockaddr *)&ss,
				    (socklen_t)v->size);
	} else {
		sbuf_addf(out, _("(%zu bytes)"), v->size);
	}
}

void cexec_list_vars(struct session *s, struct sbuf *out)
{
	struct cvars *vs = cvars_of(s);
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct cvar *v = &vs->v[i];

		if (v->is_define)
			sbuf_addf(out, "#define %s ", v->name);
		else if (v->type.arr >= 0)
			sbuf_addf(out, "%s %s[%ld] = ", v->type.spelled,
				  v->name, v->type.arr);
		else
			sbuf_addf(out, "%s %s%s = ", v->type.spelled,
				  v->type.ptr ? "*" : "", v->name);
		list_value(v, out);
		sbuf_addc(out, '\n');
	}
	if (out->len)
		out->s[--out->len] = '\0';
}

/* ---- collecting lines ---------------------------------------------- */

int cexec_wants(const struct cinput *in, const char *line)
{
	return in->lines > 0 || in->skip > 0 || cparse_is_c(line);
}

void cinput_reset(struct cinput *in)
{
	sbuf_free(&in->text);
	in->lines = 0;
	in->skip = 0;
}

/* '{' minus '}' in text, outside strings, characters and comments (a
 * comment left open hides the rest). */
static int brace_depth(const char *s)
{
	int depth = 0;
	char q;

	for (; *s; s++) {
		if (s[0] == '/' && s[1] == '/')
			break;
		if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");

			if (end == NULL)
				break;
			s = end + 1;
		} else if (*s == '"' || *s == '\'') {
			for (q = *s++; *s && *s != q; s++)
				if (*s == '\\' && s[1])
					s++;
			if (*s == '\0')
				break;
		} else if (*s == '{') {
			depth++;
		} else if (*s == '}') {
			depth--;
		}
	}
	return depth;
}

enum cparse_status cexec_feed(struct cinput *in, const char *line,
			      struct sbuf *err)
{
	struct cprog prog;
	enum cparse_status st;

	if (in->skip > 0) {	/* the rest of a block that was refused */
		in->skip += brace_depth(line);
		if (in->skip <= 0)
			in->skip = 0;
		return CPARSE_INCOMPLETE;
	}
	sbuf_add(&in->text, line);
	sbuf_addc(&in->text, '\n');
	in->lines++;
	st = cparse(in->text.s, in->text.len, &prog, err);
	cprog_free(&prog);
	if (st == CPARSE_ERROR) {
		/* An error inside an open block: its lines up to the
		 * closing brace are dropped with it, not read as new C. */
		int depth = brace_depth(in->text.s);

		cinput_reset(in);
		in->skip = depth > 0 ? depth : 0;
	}
	return st;
}
