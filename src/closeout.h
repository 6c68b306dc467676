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
 * From now on write f in full buffers (NULL: flush on every out_check()
 * again): a replay of a file, where no reader waits for each line and a
 * write per command would cost more than the command. out_check(f) then
 * only reports a write that already failed (stdio marks the stream when
 * a full buffer cannot be written); whoever is about to wait (a sleep, a
 * call that blocks) or to write to standard error flushes first.
 */
void out_lazy(FILE *f);

/*
 * An atexit() handler: close standard output and standard error, and if
 * anything written to standard output was lost, say
 * "sockrepl: write error: REASON" on standard error and _exit(1). A
 * closed pipe (EPIPE) exits 1 without a message, as a reader that stopped
 * early (head) wants no noise.
 */
void close_stdout(void);

#endif
