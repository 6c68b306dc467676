/* sig.h - SIGINT interrupts only the running call; SIGPIPE never kills;
 * job control at the prompt; SIGHUP and SIGTERM end the shell in order. */
#ifndef SOCKREPL_SIG_H
#define SOCKREPL_SIG_H

#include <signal.h>

extern volatile sig_atomic_t sig_int_pending;	/* Ctrl-C seen */
extern volatile sig_atomic_t sig_int_count;	/* Ctrl-Cs, never reset */
extern volatile sig_atomic_t sig_stop_pending;	/* SIGTSTP, SIGTTIN, SIGTTOU */
extern volatile sig_atomic_t sig_cont_pending;	/* SIGCONT at the prompt */
extern volatile sig_atomic_t sig_exit_pending;	/* SIGHUP or SIGTERM */

/* Ignore SIGPIPE; catch SIGINT (with SA_RESTART: a write to the terminal
 * goes on) so that a blocked call, between sig_block_begin() and
 * sig_block_end(), returns EINTR: SIGALRM, which restarts nothing,
 * interrupts it. Start-up only. */
void sig_init(void);
/* Interactive only: SIGHUP and SIGTERM set sig_exit_pending to their
 * number and interrupt a blocked call as Ctrl-C does; the driver saves
 * what it must and exits. Left alone if ignored (nohup). */
void sig_catch_exit(void);
/* After a SIGTERM or SIGHUP that sig_catch_exit() caught: write out what
 * stdio holds and end by that signal, as if it had not been caught (the
 * parent sees the signal, the shell's 128 + N). Returns if none came. */
void sig_exit_now(void);
/* A read of terminal fd found nothing more: if the terminal hung up and
 * SIGHUP is caught, note SIGHUP as pending and return 1. The kernel wakes
 * the reader of a hung-up terminal before it sends the signal, so the
 * read can end first; the exit must still say that the terminal closed. */
int sig_hung_up(int fd);
/* While the terminal is in Readline's modes: Ctrl-Z (and SIGTTIN,
 * SIGTTOU, SIGCONT) only set the flags, so that the driver can give the
 * terminal back before it stops. Otherwise they act as they did before
 * (a blocked call stops and resumes unharmed; a shell started in the
 * background stops when it first sets the modes). */
void sig_prompt_begin(void);
void sig_prompt_end(void);
/* After sig_prompt_end: stop for the pending stop signal, if any, as
 * without a handler; returns once continued. */
void sig_stop_now(void);
/* Around a call that may block: arm a time-out of ms milliseconds (0:
 * none) that interrupts it with EINTR. A Ctrl-C (or hang-up) before or
 * during the call interrupts it with EINTR too, however close to the call
 * it lands. The caller clears sig_int_pending when it has dealt with it. */
void sig_block_begin(long ms);
/* Disarm; returns 1 if the time-out (not Ctrl-C) ended the wait, else 0. */
int sig_block_end(void);

#endif
