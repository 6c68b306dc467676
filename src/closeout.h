/* closeout.h - output errors are errors: checked on every flush, and once
 * at exit as coreutils' close_stdout does. */
#ifndef SOCKREPL_CLOSEOUT_H
#define SOCKREPL_CLOSEOUT_H

#include <stdio.h>

/*
 * Flush f. Returns 0 while everything written to it arrived, or -1 once a
 * write failed (a closed pipe, a full disk): the caller stops producing
 * output. The first failure's errno is kept for close_stdout().
 */
int out_check(FILE *f);

/*
 * An atexit() handler: close standard output and standard error, and if
 * anything written to standard output was lost, say
 * "sockrepl: write error: REASON" on standard error and _exit(1). A
 * closed pipe (EPIPE) exits 1 without a message, as a reader that stopped
 * early (head) wants no noise.
 */
void close_stdout(void);

#endif
