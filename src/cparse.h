/* cparse.h - the C subset sockrepl runs: a recursive-descent parser. */
#ifndef SOCKREPL_CPARSE_H
#define SOCKREPL_CPARSE_H

#include <stddef.h>

#include "util.h"

/* The types a declaration, a cast or sizeof may name. */
enum cbase {
	CT_VOID, CT_CHAR, CT_UCHAR, CT_SHORT, CT_USHORT, CT_INT, CT_UINT,
	CT_LONG, CT_ULONG,
	CT_SA, CT_SA_IN, CT_SA_IN6, CT_SA_UN, CT_SA_STORAGE, CT_IN_ADDR,
	CT_IN6_ADDR,
};

struct ctype {
	enum cbase base;
	int ptr;		/* levels of '*' */
	long arr;		/* elements of an array; -1: not an array */
	const char *spelled;	/* as written: "socklen_t", "struct ..." */
};

enum cexpr_kind {
	CE_NUM, CE_STR, CE_IDENT, CE_CALL, CE_MEMBER, CE_INDEX, CE_UNARY,
	CE_BINARY, CE_ASSIGN, CE_CAST, CE_SIZEOF_TYPE, CE_SIZEOF_EXPR,
	CE_COND, CE_POST,
};

/* Operators: a character ('+', '!', '&' address-of or and, '*' deref or
 * times) or one of these for the two-character ones. */
enum {
	OP_EQ = 256, OP_NE, OP_LE, OP_GE, OP_AND, OP_OR, OP_SHL, OP_SHR,
	OP_INC, OP_DEC, OP_ADD_EQ, OP_SUB_EQ, OP_NEG, OP_ARROW,
};

struct cexpr {
	enum cexpr_kind kind;
	int op;
	long num;			/* CE_NUM */
	char *str;			/* CE_STR bytes, CE_IDENT, CE_CALL,
					 * CE_MEMBER: the name */
	size_t len;			/* CE_STR */
	struct cexpr *a, *b, *c;	/* operands */
	struct cexpr **args;		/* CE_CALL */
	int nargs;
	struct ctype type;		/* CE_CAST, CE_SIZEOF_TYPE */
	int arrow;			/* CE_MEMBER: '->' */
	const char *expect;		/* CE_CALL: "=> 0" from a trailing
					 * comment on its line */
	int line;			/* 1-based */
	size_t start, end;		/* its text in the source */
};

enum cstmt_kind {
	CS_EMPTY, CS_EXPR, CS_DECL, CS_IF, CS_WHILE, CS_DO, CS_FOR, CS_BLOCK,
	CS_BREAK, CS_CONTINUE, CS_RETURN, CS_DEFINE, CS_MAIN,
};

struct cdecl {
	struct ctype type;
	char *name;
	struct cexpr *arrlen;		/* char buf[N]: N, a #define */
	struct cexpr *init;		/* NULL for none */
	struct cexpr **inits;		/* = { a, b } */
	int ninits;
};

struct cstmt {
	enum cstmt_kind kind;
	struct cexpr *e;		/* EXPR, IF/WHILE/DO/FOR condition,
					 * RETURN value, DEFINE value */
	struct cexpr *step;		/* FOR */
	struct cstmt *init;		/* FOR: a declaration or expression */
	struct cstmt *body, *els;	/* IF, loops, MAIN */
	struct cstmt **list;		/* BLOCK */
	int n;
	struct cdecl *decls;		/* DECL */
	int ndecls;
	char *name;			/* DEFINE */
	int line;			/* 1-based line of its first token */
	size_t start, end;		/* its text in the source */
};

enum cparse_status {
	CPARSE_OK,
	CPARSE_INCOMPLETE,	/* more lines needed: a block left open */
	CPARSE_ERROR,		/* the message is in err */
};

/* A parsed piece of C: top-level statements, and the memory they use. */
struct cprog {
	struct cstmt **list;
	int n;
	const char *src;	/* the text parsed (not owned) */
	size_t srclen;
	void *arena;		/* every node, freed at once */
};

/*
 * Parse text (several lines) as C statements of the subset. CPARSE_OK
 * fills prog; CPARSE_INCOMPLETE when the text ends inside a construct (a
 * block, a comment, a parenthesis, an if waiting for its statement);
 * CPARSE_ERROR with a one-line message naming the construct outside the
 * subset and what to do instead. Free prog with cprog_free() whatever the
 * status. A comment "// => RESULT" is the expectation of the first socket
 * call on its line (an error if there is none).
 */
enum cparse_status cparse(const char *text, size_t len, struct cprog *prog,
			  struct sbuf *err);
void cprog_free(struct cprog *prog);

/* 1 if line reads as C rather than as a command: a declaration, a call
 * written with parentheses, a statement ending in ';' '{' or '}', a
 * keyword of C, a preprocessor line or a C comment. */
int cparse_is_c(const char *line);

/* The size in bytes of a value of type t (0 for void). */
size_t ctype_size(const struct ctype *t);

#endif
