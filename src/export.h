/* export.h - the session as a C program: every call as it ran, checked. */
#ifndef SOCKREPL_EXPORT_H
#define SOCKREPL_EXPORT_H

#include "record.h"
#include "session.h"
#include "util.h"

/* Keep what a command did for the export: its record (the C it showed,
 * the result), the names its result was given (nnames 0, 1, or 2 for
 * socketpair) and the state lines shown after it (lines, may be empty).
 * Records of no call are left out, but for sleep (sleep_ms > 0: the
 * program waits as long). */
void export_keep(struct session *s, const struct record *r,
		 char *const *names, int nnames, const char *lines,
		 long sleep_ms);

/* The session so far as one C program (split 0), or as the server's and
 * the client's (split 1: out is the server, out2 the client); path names
 * the file for the program's opening comment. Returns the number of
 * calls written, or -1 with a reason in err (split and the session
 * played one role only). */
int export_program(struct session *s, int split, const char *path,
		   struct sbuf *out, struct sbuf *out2, struct sbuf *err);

/* Write the program(s) to path ("x.c"; with split, x-server.c and
 * x-client.c). 0, or -1 with a message in err. On success names gets the
 * files written, separated by " and ". */
int export_write(struct session *s, const char *path, int split,
		 struct sbuf *names, struct sbuf *err);

#endif
