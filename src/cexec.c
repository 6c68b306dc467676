/* cexec.c - run C statements: variables, control flow, and each socket
 * call made by the command that makes it, so that the output is the
 * command's. */
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

struct cvar {
	char *name;
	struct ctype type;	/* type.spelled is spelled, below */
	char *spelled;
	unsigned char *mem;	/* ctype_size(&type) bytes */
	size_t size;
	int is_define;		/* #define NAME VALUE */
	long num;		/* ... a number */
	char *str;		/* ... or a string */
	size_t len;
};

struct cvars {
	struct cvar *v;
	size_t n;
	int last_err;		/* errno as C sees it */
	/* The strings char pointers point to (char *msg = "hi"): kept for
	 * the session, as a program keeps its string constants. */
	char **strs;
	size_t nstrs;
};

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

static struct cvar *var_find(struct cvars *vs, const char *name)
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
	struct cvar *v = var_find(vs, name);

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
	struct cvar *v = var_find(s->cvars, name);
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

/* ---- values -------------------------------------------------------- */

enum vkind { V_INT, V_PTR, V_OBJ };

/*
 * A value: a number, or bytes somewhere (a pointer, or an object that
 * can be assigned). For V_PTR and V_OBJ, p points at cap bytes and t is
 * the type of what is there (V_PTR: the pointee's). A string literal is a
 * V_PTR that must not be written (ro).
 */
struct val {
	enum vkind kind;
	long i;
	unsigned char *p;
	size_t cap;
	struct ctype t;
	int ro;
	const char *name;	/* a plain identifier: its name */
};

/* The state of one run: where to write, what went wrong. */
struct cx {
	struct session *s;
	struct cvars *vs;
	struct exec_result *res;
	struct sbuf err;
	const char *src;
	int interrupted;	/* Ctrl-C or a replay time-out */
	int returned;
	long ret;
	int turns;
	int failed;		/* a command refused its line (shown) */
	const char *result_name;	/* int lfd = socket(...): lfd */
	int ints;		/* sig_int_count when the run began */
	/* Strings a call returned (inet_ntop), freed with the run. */
	struct sbuf scratch[8];
	int nscratch;
};

static int cerr(struct cx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int cerr(struct cx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err.len)
		return -1;	/* the first error says most */
	va_start(ap, fmt);
	sbuf_vaddf(&x->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_int_type(const struct ctype *t)
{
	return t->ptr == 0 && t->arr < 0 && t->base <= CT_ULONG &&
	       t->base != CT_VOID;
}

static int is_struct_type(const struct ctype *t)
{
	return t->ptr == 0 && t->arr < 0 && t->base >= CT_SA;
}

static long load_int(const unsigned char *p, enum cbase b)
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
static int rvalue(struct cx *x, struct val *v)
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
			return cerr(x, _("%s is a null pointer"),
				    v->name ? v->name : "pointer");
		v->t.ptr--;
		v->cap = strlen((char *)v->p) + 1;
		v->kind = V_PTR;
		v->ro = 1;
		return 0;
	}
	if (is_int_type(&v->t)) {
		v->i = load_int(v->p, v->t.base);
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

static int eval(struct cx *x, const struct cexpr *e, struct val *v);

static int eval_int(struct cx *x, const struct cexpr *e, long *out)
{
	struct val v;

	if (eval(x, e, &v) < 0 || rvalue(x, &v) < 0)
		return -1;
	if (v.kind != V_INT)
		return cerr(x, _("'%.*s' is not a number here"),
			    (int)(e->end - e->start), x->src + e->start);
	*out = v.i;
	return 0;
}

/* A constant of C: AF_INET, SOCK_STREAM, INADDR_ANY, EINTR, ... */
static int const_value(const char *name, long *out)
{
	static const struct { const char *n; long v; } extra[] = {
		{ "STDIN_FILENO", 0 }, { "STDOUT_FILENO", 1 },
		{ "STDERR_FILENO", 2 }, { "NULL", 0 }, { "EOF", -1 },
		{ "INET_ADDRSTRLEN", INET_ADDRSTRLEN },
		{ "INET6_ADDRSTRLEN", INET6_ADDRSTRLEN },
		{ "EXIT_SUCCESS", 0 }, { "EXIT_FAILURE", 1 },
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
	struct cvar *var = var_find(x->vs, e->str);
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
	if (const_value(e->str, &v->i) == 0)
		return 0;
	sk = session_find_name(x->s, e->str);
	if (sk && sk->fd >= 0) {	/* a socket named by a command */
		v->i = sk->fd;
		return 0;
	}
	return cerr(x, _("'%s' is not declared: declare it first (int %s = ...;)"),
		    e->str, e->str);
}

static int eval_member(struct cx *x, const struct cexpr *e, struct val *v)
{
	size_t i;

	if (eval(x, e->a, v) < 0)
		return -1;
	if (e->arrow) {
		if (rvalue(x, v) < 0)
			return -1;
		if (v->kind != V_PTR)
			return cerr(x, _("'->' needs a pointer to a struct"));
		v->kind = V_OBJ;
	}
	if (v->kind != V_OBJ || !is_struct_type(&v->t))
		return cerr(x, _("'.%s' needs a struct on its left"), e->str);
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
	return cerr(x, _("%s has no field %s"), struct_name(v->t.base),
		    e->str);
}

static int eval_index(struct cx *x, const struct cexpr *e, struct val *v)
{
	size_t one;
	long i;

	if (eval(x, e->a, v) < 0 || rvalue(x, v) < 0 ||
	    eval_int(x, e->b, &i) < 0)
		return -1;
	if (v->kind != V_PTR)
		return cerr(x, _("'[...]' needs an array"));
	one = ctype_size(&v->t);
	if (i < 0 || one == 0 || (size_t)i >= v->cap / one)
		return cerr(x, _("index %ld is outside the array (%zu elements)"),
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
		if (eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ)
			return cerr(x, _("'&' needs a variable"));
		v->kind = V_PTR;
		return 0;
	}
	if (e->op == '*') {
		if (eval(x, e->a, v) < 0 || rvalue(x, v) < 0)
			return -1;
		if (v->kind != V_PTR)
			return cerr(x, _("'*' needs a pointer"));
		v->kind = V_OBJ;
		return 0;
	}
	if (e->op == OP_INC || e->op == OP_DEC) {
		if (eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ || !is_int_type(&v->t))
			return cerr(x, _("++ and -- need an integer variable"));
		n = load_int(v->p, v->t.base) + (e->op == OP_INC ? 1 : -1);
		store_int(v->p, v->t.base, n);
		v->i = load_int(v->p, v->t.base);
		v->kind = V_INT;
		return 0;
	}
	if (eval_int(x, e->a, &n) < 0)
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
			return cerr(x, _("division by zero"));
		if (a == LONG_MIN && b == -1)
			return cerr(x, _("the division overflows"));
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
		return cerr(x, _("operator not in the subset"));
	}
	return 0;
}

static int eval_binary(struct cx *x, const struct cexpr *e, struct val *v)
{
	long a, b;

	if (eval_int(x, e->a, &a) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	if (e->op == OP_AND || e->op == OP_OR) {	/* short-circuit */
		if ((e->op == OP_AND) != (a != 0)) {
			v->i = a != 0;
			return 0;
		}
		if (eval_int(x, e->b, &b) < 0)
			return -1;
		v->i = b != 0;
		return 0;
	}
	if (eval_int(x, e->b, &b) < 0)
		return -1;
	return arith(x, e->op, a, b, &v->i);
}

static int assign_to(struct cx *x, struct val *dst, struct val *src)
{
	if (dst->kind != V_OBJ)
		return cerr(x, _("the left of '=' must be a variable or a field"));
	if (is_int_type(&dst->t)) {
		if (rvalue(x, src) < 0)
			return -1;
		if (src->kind != V_INT)
			return cerr(x, _("a number is needed on the right of '='"));
		store_int(dst->p, dst->t.base, src->i);
		return 0;
	}
	if (is_struct_type(&dst->t) && src->kind == V_OBJ &&
	    src->t.base == dst->t.base && is_struct_type(&src->t)) {
		memmove(dst->p, src->p, ctype_size(&dst->t));
		return 0;
	}
	if (dst->t.ptr == 1 && dst->t.arr < 0 && dst->t.base == CT_CHAR &&
	    rvalue(x, src) == 0 && src->kind == V_PTR && src->ro) {
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
		return cerr(x, _("an array cannot be assigned: use strcpy or memcpy"));
	return cerr(x, _("this assignment is outside the subset"));
}

/* Strip casts: (struct sockaddr *)&a is &a. */
static const struct cexpr *uncast(const struct cexpr *e)
{
	while (e->kind == CE_CAST)
		e = e->a;
	return e;
}

static int eval_call(struct cx *x, const struct cexpr *e, struct val *v);

static int eval_assign(struct cx *x, const struct cexpr *e, struct val *v)
{
	struct val dst, src;
	long a;
	int rc;

	if (eval(x, e->a, &dst) < 0)
		return -1;
	if (e->op != '=') {
		if (dst.kind != V_OBJ || !is_int_type(&dst.t))
			return cerr(x, _("+= and -= need an integer variable"));
		a = load_int(dst.p, dst.t.base);
		if (eval(x, e->b, &src) < 0 || rvalue(x, &src) < 0)
			return -1;
		if (src.kind != V_INT)
			return cerr(x, _("a number is needed on the right of '='"));
		src.i = (long)((unsigned long)a + (e->op == OP_ADD_EQ ?
			(unsigned long)src.i : 0UL - (unsigned long)src.i));
	} else {
		/* lfd = socket(...), alone or inside a condition
		 * (if ((lfd = socket(...)) < 0)): the socket is named lfd */
		if (uncast(e->a)->kind == CE_IDENT &&
		    uncast(e->b)->kind == CE_CALL)
			x->result_name = uncast(e->a)->str;
		rc = eval(x, e->b, &src);
		x->result_name = NULL;
		if (rc < 0)
			return -1;
	}
	if (assign_to(x, &dst, &src) < 0)
		return -1;
	*v = dst;
	return rvalue(x, v);
}

static int eval(struct cx *x, const struct cexpr *e, struct val *v)
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
		if (eval(x, e->a, v) < 0)
			return -1;
		if (is_int_type(&e->type) && rvalue(x, v) == 0 &&
		    v->kind == V_INT) {
			unsigned char b[8] = { 0 };

			store_int(b, e->type.base, v->i);
			v->i = load_int(b, e->type.base);
		}
		return 0;	/* (struct sockaddr *)&a keeps a */
	case CE_SIZEOF_TYPE:
		v->i = (long)ctype_size(&e->type);
		return 0;
	case CE_SIZEOF_EXPR:
		if (eval(x, e->a, v) < 0)
			return -1;
		n = (long)val_size(v);
		memset(v, 0, sizeof(*v));
		v->i = n;
		return 0;
	case CE_COND:
		if (eval_int(x, e->a, &n) < 0)
			return -1;
		return eval(x, n ? e->b : e->c, v);
	case CE_POST:
		if (eval(x, e->a, v) < 0)
			return -1;
		if (v->kind != V_OBJ || !is_int_type(&v->t))
			return cerr(x, _("++ and -- need an integer variable"));
		n = load_int(v->p, v->t.base);
		store_int(v->p, v->t.base, n + (e->op == OP_INC ? 1 : -1));
		memset(v, 0, sizeof(*v));
		v->i = n;
		return 0;
	case CE_CALL:
		return eval_call(x, e, v);
	}
	return cerr(x, _("expression outside the subset"));
}

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
	const struct cexpr *u = uncast(e);
	struct sock *sk;

	if (eval_int(x, e, fd) < 0)
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
	const struct cexpr *u = uncast(e);
	long n;

	if (eval_int(x, e, &n) < 0)
		return -1;
	if (u->kind == CE_IDENT && var_find(x->vs, u->str) == NULL &&
	    const_value(u->str, &n) == 0)
		cl_word(c, u->str);
	else
		cl_num(c, n);
	return 0;
}

/* A pointer argument to at least need bytes (0: any). */
static int ptr_arg(struct cx *x, const struct cexpr *e, size_t need,
		   struct val *v, const char *what)
{
	if (eval(x, e, v) < 0 || rvalue(x, v) < 0)
		return -1;
	if (v->kind == V_INT && v->i == 0) {
		v->kind = V_PTR;
		v->p = NULL;
		v->cap = 0;
		return 0;
	}
	if (v->kind != V_PTR)
		return cerr(x, _("%s: '%.*s' is not a pointer (did you mean &%.*s?)"),
			    what, (int)(e->end - e->start), x->src + e->start,
			    (int)(e->end - e->start), x->src + e->start);
	if (v->cap < need)
		return cerr(x, _("%s: %zu bytes asked for, but '%.*s' holds %zu"),
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
		return cerr(x, _("%s: the address is NULL"), call);
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
			return cerr(x, _("%s: the sun_path is empty: strcpy a path into it"),
				    call);
		cl_add(c, un->sun_path, n, 1);
	} else {
		return cerr(x, _("%s: the address's family is %d: set its sin_family to AF_INET (or sin6_family, sun_family) first"),
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
			cerr(x, "%s", sbuf_str(&perr));
		sbuf_free(&perr);
	}
	sbuf_free(&tmp);
	if (x->err.len) {
		line_free(&c->l);
		return -1;
	}
	exec_result_init(&res);
	st = cmd_execute_line(x->s, x->src + e->start, e->end - e->start,
			      &c->l, &res, rec);
	line_free(&c->l);
	x->res->has_expect |= res.has_expect;
	if (res.interrupted || sig_int_count != x->ints)
		x->interrupted = 1;
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
	return cerr(x, _("%s takes %d arguments, not %d"), e->str, n,
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
	    eval_int(x, e->args[2], &len) < 0) {
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
	    (e->nargs > 1 && eval_int(x, e->args[1], &n) < 0)) {
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
	    (is4 && eval_int(x, e->args[3], &flags) < 0)) {
		line_free(&c.l);
		return -1;
	}
	if (flags) {
		line_free(&c.l);
		return cerr(x, _("accept4 with flags is outside the subset: accept, then nonblock the new socket"));
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
	if (eval_int(x, e->args[0], &fd) < 0 ||
	    eval_int(x, e->args[2], &n) < 0)
		return -1;
	if (n < 0)
		return cerr(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[1], (size_t)n, &buf, e->str) < 0)
		return -1;
	if (is_write && (fd == 1 || fd == 2))
		return c_write_out(x, &buf, n, v);
	if (!is_write && eval_int(x, e->args[3], &flags) < 0)
		return -1;
	if (is_to && flags)
		return cerr(x, _("sendto with flags is outside the subset: pass 0"));
	cl_word(&c, e->str);
	cl_fd(x, &c, e->args[0], &fd);
	cl_add(&c, buf.p ? (const char *)buf.p : "", buf.p ? (size_t)n : 0, 1);
	if (is_to && (cl_addr(x, &c, e->args[4], e->str) < 0 ||
		      eval_int(x, e->args[5], &len) < 0)) {
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
	if (eval_int(x, e->args[0], &fd) < 0 ||
	    eval_int(x, e->args[2], &n) < 0)
		return -1;
	if (n < 0)
		return cerr(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[1], (size_t)n, &buf, e->str) < 0)
		return -1;
	if (buf.ro)
		return cerr(x, _("%s: a string constant cannot be written: receive into a char array"),
			    e->str);
	if (fd == 0)
		return cerr(x, _("%s from the terminal (fd 0) is outside the subset: the shell reads sockets"),
			    e->str);
	if (!is_read && eval_int(x, e->args[3], &flags) < 0)
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
	if (eval_int(x, e->args[1], &level) < 0 ||
	    eval_int(x, e->args[2], &opt) < 0 ||
	    ptr_arg(x, e->args[3], sizeof(int), &pv, e->str) < 0 ||
	    (!set && ptr_arg(x, e->args[4], 0, &lenp, e->str) < 0))
		return -1;
	if (pv.p == NULL || (!is_int_type(&pv.t) && pv.t.base != CT_VOID))
		return cerr(x, _("%s: the subset passes an int option value (int on = 1; ... &on, sizeof(on))"),
			    e->str);
	cl_word(&c, e->str);
	cl_fd(x, &c, e->args[0], &fd);
	cl_const(x, &c, e->args[1]);
	cl_const(x, &c, e->args[2]);
	if (set)
		cl_num(&c, load_int(pv.p, CT_INT));
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

	if (need_args(x, e, 1) < 0 || eval_int(x, e->args[0], &n) < 0)
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
		return cerr(x, _("%s: a NULL string"), e->str);
	if (memchr(v->p, '\0', v->cap) == NULL)
		return cerr(x, _("%s: the string has no NUL byte within its %zu bytes"),
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
		    eval_int(x, e->args[0], &af) < 0 ||
		    c_string(x, e, 1, &a) < 0 ||
		    ptr_arg(x, e->args[2], af == AF_INET6 ? 16 : 4, &b,
			    e->str) < 0)
			return -1;
		if (b.p == NULL || b.ro)
			return cerr(x, _("inet_pton: the third argument must point to an in_addr (&a.sin_addr)"));
		memset(v, 0, sizeof(*v));
		v->i = inet_pton((int)af, (const char *)a.p, b.p);
		if (v->i < 0)
			x->vs->last_err = errno;
		return 0;
	}
	/* inet_ntop(af, src, dst, size) */
	if (need_args(x, e, 4) < 0 || eval_int(x, e->args[0], &af) < 0 ||
	    ptr_arg(x, e->args[1], af == AF_INET6 ? 16 : 4, &a, e->str) < 0 ||
	    eval_int(x, e->args[3], &size) < 0 ||
	    ptr_arg(x, e->args[2], size > 0 ? (size_t)size : 0, &b,
		    e->str) < 0)
		return -1;
	if (a.p == NULL || b.p == NULL || b.ro || size <= 0)
		return cerr(x, _("inet_ntop: give the address, a char array and its size"));
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
	    eval_int(x, e->args[is_bzero ? 1 : 2], &n) < 0 ||
	    (!is_bzero && eval_int(x, e->args[1], &c) < 0))
		return -1;
	if (n < 0)
		return cerr(x, _("%s: a negative length"), e->str);
	if (ptr_arg(x, e->args[0], (size_t)n, &d, e->str) < 0)
		return -1;
	if (d.p == NULL || d.ro)
		return cerr(x, _("%s: the first argument must be a variable's address"),
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
		return cerr(x, _("strcpy: the first argument must be a char array"));
	if (n > d.cap)
		return cerr(x, _("strcpy: %zu bytes do not fit in %zu: C would overflow the array"),
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
	if (eval(x, e->args[0], &s) < 0 || rvalue(x, &s) < 0)
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
		return cerr(x, _("printf: this conversion is outside the subset"));
	if (*argi >= e->nargs)
		return cerr(x, _("printf: too few arguments for the format"));
	if (conv == 's') {
		if (c_string(x, e, (*argi)++, &a) < 0)
			return -1;
		snprintf(fmt, sizeof(fmt), "%.*s", (int)n, spec);
		sbuf_addf(out, fmt, (const char *)a.p);
		return 0;
	}
	if (conv == 'p' || conv == 'n' || conv == 'f' || conv == 'g' ||
	    conv == 'e')
		return cerr(x, _("printf: %%%c is outside the subset"), conv);
	if (eval_int(x, e->args[(*argi)++], &num) < 0)
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
		return cerr(x, _("printf needs a format"));
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
			return cerr(x, _("printf: bad conversion in the format"));
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

static int c_exit(struct cx *x, const struct cexpr *e, struct val *v)
{
	if (need_args(x, e, 1) < 0 || eval_int(x, e->args[0], &x->ret) < 0)
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
		    eval(x, e->args[i], v) < 0)
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
};

static int eval_call(struct cx *x, const struct cexpr *e, struct val *v)
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
	return cerr(x, _("%s() is outside the subset: the shell runs socket, bind, listen, accept, connect, send, recv, read, write, sendto, recvfrom, close, shutdown, setsockopt, getsockopt, getsockname, getpeername, the inet_ and byte-order functions, memset, bzero, strcpy, strlen, perror and printf"),
		    e->str);
}

/* ---- statements ---------------------------------------------------- */

enum flow { FLOW_NEXT, FLOW_BREAK, FLOW_CONTINUE, FLOW_STOP };

static enum flow run_stmt(struct cx *x, const struct cstmt *st);

static int init_list(struct cx *x, struct cvar *var, const struct cdecl *d)
{
	long n;

	/* = { 0 } clears; more is outside the subset. */
	if (d->ninits > 1 || (d->ninits == 1 && (eval_int(x, d->inits[0], &n)
						 < 0 || n != 0)))
		return cerr(x, _("only = { 0 } initialises a struct or array here: set the fields on lines of their own"));
	memset(var->mem, 0, var->size);
	return 0;
}

static int declare(struct cx *x, const struct cdecl *d)
{
	struct cvar *var;
	struct val dst, src;
	long n;

	if (d->arrlen && eval_int(x, d->arrlen, &n) < 0)
		return -1;
	var = var_new(x->vs, d->name);
	if (var == NULL)
		return cerr(x, _("too many variables"));
	var->type = d->type;
	var->spelled = xstrdup(d->type.spelled ? d->type.spelled : "int");
	var->type.spelled = var->spelled;
	if (d->arrlen) {
		if (n <= 0 || n > 1 << 20)
			return cerr(x, _("an array's length must be from 1 to 1048576"));
		var->type.arr = n;
	}
	if (var->type.arr == 0) {	/* char msg[] = "..." */
		if (d->init == NULL || d->init->kind != CE_STR)
			return cerr(x, _("char %s[] needs a string to size it"),
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
			return cerr(x, _("the string does not fit in %s"),
				    d->name);
		memcpy(var->mem, d->init->str, d->init->len);
		return 0;
	}
	x->result_name = d->name;
	if (eval(x, d->init, &src) < 0) {
		x->result_name = NULL;
		return -1;
	}
	x->result_name = NULL;
	/* eval may have grown the table: find the variable again. */
	var = var_find(x->vs, d->name);
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

	if (eval(x, st->e, &v) < 0 || rvalue(x, &v) < 0)
		return -1;
	if (v.kind == V_OBJ)
		return cerr(x, _("#define %s: a number or a \"string\""),
			    st->name);
	var = var_new(x->vs, st->name);
	if (var == NULL)
		return cerr(x, _("too many variables"));
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

	if (eval(x, e, &v) < 0)
		return -1;
	if (top && e->kind != CE_CALL && e->kind != CE_ASSIGN &&
	    e->kind != CE_POST && !(e->kind == CE_UNARY &&
				    (e->op == OP_INC || e->op == OP_DEC)) &&
	    rvalue(x, &v) == 0 && v.kind == V_INT && !x->s->opt.json)
		fprintf(x->s->out, "= %ld\n", v.i);
	return 0;
}

/* Ctrl-C, a replay's time-out or too many turns end a loop. */
static int loop_goes_on(struct cx *x, const struct cstmt *st)
{
	if (sig_int_count != x->ints || x->interrupted) {
		x->interrupted = 1;
		if (!x->s->opt.json)
			show_note(x->s, _("Ctrl-C: the loop stopped; the shell goes on"));
		return 0;
	}
	if (!x->s->opt.interactive && ++x->turns > CEXEC_MAX_TURNS) {
		cerr(x, _("line %d: the loop ran %d turns: a replay stops it there"),
		     st->line, CEXEC_MAX_TURNS);
		return 0;
	}
	return 1;
}

static enum flow run_loop(struct cx *x, const struct cstmt *st)
{
	enum flow f;
	long c = 1;
	struct val v;

	if (st->kind == CS_FOR && st->init &&
	    run_stmt(x, st->init) == FLOW_STOP)
		return FLOW_STOP;
	for (;;) {
		if (st->kind != CS_DO && st->e && eval_int(x, st->e, &c) < 0)
			return FLOW_STOP;
		if (!c || !loop_goes_on(x, st))
			break;
		f = run_stmt(x, st->body);
		if (f == FLOW_STOP)
			return f;
		if (f == FLOW_BREAK)
			break;
		if (x->interrupted)
			continue;	/* loop_goes_on says so */
		if (st->kind == CS_FOR && st->step && eval(x, st->step, &v) < 0)
			return FLOW_STOP;
		if (st->kind == CS_DO && eval_int(x, st->e, &c) < 0)
			return FLOW_STOP;
	}
	return x->err.len || x->failed ? FLOW_STOP : FLOW_NEXT;
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
		if (eval_int(x, st->e, &c) < 0)
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
		if (st->e && eval_int(x, st->e, &x->ret) < 0)
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
	x.ints = sig_int_count;
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
	} else if (is_int_type(&v->type)) {
		sbuf_addf(out, "%ld", load_int(v->mem, v->type.base));
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
