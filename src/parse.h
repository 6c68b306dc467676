/* parse.h - turn one input line into words, names and an expectation. */
#ifndef SOCKREPL_PARSE_H
#define SOCKREPL_PARSE_H

#include <stddef.h>

#include "util.h"

#define PARSE_MAX_LINE 16384	/* bytes in one command line */
#define PARSE_MAX_NAMES 2	/* "a b = socketpair ..." */
#define PARSE_NAME_MAX 31	/* characters in a socket name */

/* One word after unquoting; s is NUL-terminated but may also hold NUL
 * bytes ("\0" escapes), so len is the true length. */
struct word {
	char *s;
	size_t len;
	int quoted;	/* some part of it was quoted */
};

struct line {
	char *names[PARSE_MAX_NAMES];	/* "lfd" in "lfd = socket ..." */
	int nnames;
	struct word *words;	/* the command and its arguments */
	int nwords;
	struct word *expect;	/* the words after "=>" */
	int nexpect;
	int has_expect;
};

/* Split text into a struct line. Returns 0, or -1 with a one-line message
 * in err (which the caller owns) for unterminated quotes, bad escapes,
 * over-long lines, invalid UTF-8, bad names. A blank or comment-only line
 * parses to nwords == 0. Free with line_free() in both cases. */
int parse_line(const char *text, size_t len, struct line *out,
	       struct sbuf *err);
void line_free(struct line *l);

/* 1 if s is a valid socket name: [A-Za-z_][A-Za-z0-9_]*, at most
 * PARSE_NAME_MAX characters. */
int parse_is_name(const char *s);

/* Append s (n bytes) as a C string literal body: printable ASCII as is,
 * the rest as C escapes; where C would read an escape on into the next
 * character ("\x01a", "\0001", "??=") the literal is split ("\x01""a"),
 * so the text means exactly these n bytes both in C and to the shell. */
void parse_quote_c(struct sbuf *out, const void *s, size_t n);

#endif
