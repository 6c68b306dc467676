/* cexec-int.h - inside the C bridge: the variables, the values and the
 * state of a run that cexec.c (expressions, statements) and ccall.c (the
 * calls) share. Not for other modules: they use cexec.h. */
#ifndef SOCKREPL_CEXEC_INT_H
#define SOCKREPL_CEXEC_INT_H

#include <stddef.h>

#include "cexec.h"
#include "cparse.h"
#include "session.h"
#include "util.h"

/* A C variable of the session, or a #define. */
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
	int interrupted;	/* a call of the loop running was interrupted:
				 * 1 Ctrl-C, 2 the replay's time-out */
	int noted;		/* the note that a loop stopped was said */
	int returned;
	long ret;
	int turns;
	int failed;		/* a command refused its line (shown) */
	const char *result_name;	/* int lfd = socket(...): lfd */
};

/* Note the first error of the run (formatted) in x->err; returns -1. */
int cx_err(struct cx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Evaluate e into v; 0, or -1 after cx_err() (or a command's own error,
 * x->failed). */
int cx_eval(struct cx *x, const struct cexpr *e, struct val *v);
/* Evaluate e as an integer; 0, or -1 after cx_err(). */
int cx_eval_int(struct cx *x, const struct cexpr *e, long *out);
/* An object's value: a number, an array decayed to a pointer, a struct
 * left an object; 0, or -1 after cx_err(). */
int cx_rvalue(struct cx *x, struct val *v);
/* 1 if t is an integer type (not a pointer, not an array). */
int cx_is_int(const struct ctype *t);
/* The integer of type b stored at p. */
long cx_load_int(const unsigned char *p, enum cbase b);
/* The variable or #define called name, or NULL. */
struct cvar *cx_var_find(struct cvars *vs, const char *name);
/* e without its casts: (struct sockaddr *)&a is &a. */
const struct cexpr *cx_uncast(const struct cexpr *e);
/* The value of a C constant (AF_INET, INADDR_ANY, EINTR,
 * STDOUT_FILENO, ...): 0, or -1 if name is none. */
int cx_const_value(const char *name, long *out);

/* A call (ccall.c): a socket call made by its command, or a C library
 * function run here. 0, or -1 after cx_err() or the command's error. */
int ccall_eval(struct cx *x, const struct cexpr *e, struct val *v);

#endif
