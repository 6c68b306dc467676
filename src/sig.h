/* sig.h - SIGINT interrupts only the running call; SIGPIPE never kills. */
#ifndef SOCKREPL_SIG_H
#define SOCKREPL_SIG_H

#include <signal.h>

extern volatile sig_atomic_t sig_int_pending;	/* Ctrl-C seen */

/* Ignore SIGPIPE; catch SIGINT without SA_RESTART so that a blocked call
 * returns EINTR. Start-up only. */
void sig_init(void);
/* Around a call that may block: arm a time-out of ms milliseconds (0:
 * none) that interrupts it with EINTR. A Ctrl-C before or during the call
 * interrupts it with EINTR too, however close to the call it lands. The
 * caller clears sig_int_pending when it has dealt with it. */
void sig_block_begin(long ms);
/* Disarm; returns 1 if the time-out (not Ctrl-C) ended the wait, else 0. */
int sig_block_end(void);

#endif
