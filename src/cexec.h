/* cexec.h - run C statements: socket calls through the command table. */
#ifndef SOCKREPL_CEXEC_H
#define SOCKREPL_CEXEC_H

#include <stddef.h>

#include "cmd.h"
#include "cparse.h"
#include "session.h"
#include "util.h"

/*
 * Run C text (one line or several, complete: cparse() said CPARSE_OK) in
 * session s, statement by statement. A socket call runs as the command
 * that makes it (the same record, output and expectation); the value it
 * returns goes back into the C. res gathers every call's outcome: its
 * status is the worst seen (EXEC_ERROR for C that cannot run: the
 * message is shown), has_expect is set when a "// => ..." was checked.
 * Ctrl-C ends a running loop, not the shell.
 */
enum exec_status cexec_run(struct session *s, const char *text, size_t len,
			   struct exec_result *res);

/* Append the session's C variables, one a line: type, name, value. */
void cexec_list_vars(struct session *s, struct sbuf *out);

/*
 * Collecting C a line at a time, for the drivers: cexec_feed() adds a
 * line and says whether the C is complete (CPARSE_OK: run it with
 * cexec_take()), needs more lines (CPARSE_INCOMPLETE: show the
 * continuation prompt) or cannot be C (CPARSE_ERROR: the message is in
 * err and the text is dropped, with the rest of a block left open: the
 * lines up to its closing brace come back CPARSE_INCOMPLETE).
 */
struct cinput {
	struct sbuf text;
	int lines;
	int skip;	/* after an error in an open block: its depth, and
			 * the lines up to its end are dropped */
};

#define CEXEC_PROMPT "  ...> "

enum cparse_status cexec_feed(struct cinput *in, const char *line,
			      struct sbuf *err);
/* 1 when a line should go to C: C is being collected, or it reads as C. */
int cexec_wants(const struct cinput *in, const char *line);
void cinput_reset(struct cinput *in);

#endif
