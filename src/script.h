/* script.h - replay a script or lesson file as a transcript, or check it. */
#ifndef SOCKREPL_SCRIPT_H
#define SOCKREPL_SCRIPT_H

#include "session.h"

struct script_opts {
	int check;		/* verify expectations, quietly */
	int step;		/* wait for Enter before each command */
	int verbose;		/* with check: print the transcript too */
};

/*
 * Replay path ("-": standard input) in session s. Plain scripts run line
 * by line; a Markdown lesson runs its steps (your-turn steps with their
 * reference answer). Returns 0 when every line ran and every expectation
 * held; 1 at the first failing expectation in check mode (reported on
 * stderr as PATH:LINE: expected X, got Y), or after a line that could not
 * be parsed; 2 if the file cannot be read. *nexpect counts the
 * expectations that were checked.
 */
int script_run(struct session *s, const char *path,
	       const struct script_opts *o, int *nexpect);

#endif
