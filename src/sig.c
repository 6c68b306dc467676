/* sig.c - SIGINT interrupts only the running call; SIGPIPE never kills;
 * job control at the prompt; SIGHUP and SIGTERM end the shell in order. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "sig.h"
#include "util.h"

volatile sig_atomic_t sig_int_pending;
volatile sig_atomic_t sig_int_count;
volatile sig_atomic_t sig_stop_pending;
volatile sig_atomic_t sig_cont_pending;
volatile sig_atomic_t sig_exit_pending;
static volatile sig_atomic_t alarm_fired;
static volatile sig_atomic_t blocking;	/* between block_begin and _end */
static volatile sig_atomic_t armed;	/* the timer may be running */

/* The job-control signals caught at the prompt, and what they did before
 * (put back between prompts, and to stop). */
static const int stop_signals[] = { SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT };
static struct sigaction stop_saved[ARRAY_SIZE(stop_signals)];
static int stop_caught;		/* stop_saved holds what to put back */

static void arm(long ms, long interval_ms);

/* A Ctrl-C that lands after the call was set up but before it entered the
 * kernel would interrupt nothing: while a call may block, keep
 * interrupting it (SIGALRM every 10 ms) until it returns. */
static void interrupt_call(void)
{
	arm(1, 10);
}

static void on_sigint(int signo)
{
	int saved = errno;

	(void)signo;
	sig_int_pending = 1;
	sig_int_count++;
	if (blocking)
		interrupt_call();
	errno = saved;
}

static void on_sigalrm(int signo)
{
	(void)signo;
	alarm_fired = 1;
}

static void on_stop(int signo)
{
	if (signo == SIGCONT)
		sig_cont_pending = 1;
	else
		sig_stop_pending = signo;
}

/* A hang-up interrupts what runs, as Ctrl-C does, and ends the shell. */
static void on_exit_signal(int signo)
{
	int saved = errno;

	sig_exit_pending = signo;
	sig_int_pending = 1;
	if (blocking)
		interrupt_call();
	errno = saved;
}

static struct sigaction handler(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: blocked calls get EINTR */
	return sa;
}

static void catch(int signo, void (*fn)(int))
{
	struct sigaction sa = handler(fn);

	sigaction(signo, &sa, NULL);
}

/* As catch, saving the old action in old (may be NULL); but a signal
 * ignored by whoever started us stays ignored. */
static void catch_saving(int signo, void (*fn)(int), struct sigaction *old)
{
	struct sigaction sa = handler(fn), prev;

	sigaction(signo, &sa, &prev);
	if (prev.sa_handler == SIG_IGN)
		sigaction(signo, &prev, NULL);
	if (old)
		*old = prev;
}

int sig_hung_up(int fd)
{
	struct sigaction cur;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (sig_exit_pending)
		return 1;
	if (sigaction(SIGHUP, NULL, &cur) != 0 ||
	    cur.sa_handler != on_exit_signal)
		return 0;	/* not caught: ignored (nohup), or not asked */
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLHUP))
		return 0;
	sig_exit_pending = SIGHUP;
	return 1;
}

void sig_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* SIGINT restarts what it lands in: a write to a terminal whose
	 * output is held (Ctrl-S) or slow must not fail, which would end
	 * the shell with a write error. A blocked socket call is still cut
	 * short: the handler then has SIGALRM, which restarts nothing,
	 * interrupt it (interrupt_call). poll and nanosleep, the prompt's
	 * and sleep's waits, return EINTR whatever SA_RESTART says. */
	sa = handler(on_sigint);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	catch(SIGALRM, on_sigalrm);
}

void sig_catch_exit(void)
{
	catch_saving(SIGHUP, on_exit_signal, NULL);
	catch_saving(SIGTERM, on_exit_signal, NULL);
}

void sig_exit_now(void)
{
	int signo = sig_exit_pending;
	sigset_t set;

	if (signo == 0)
		return;
	fflush(NULL);
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
}

void sig_prompt_begin(void)
{
	size_t i;

	sig_stop_pending = sig_cont_pending = 0;
	if (stop_caught)
		return;
	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		catch_saving(stop_signals[i], on_stop, &stop_saved[i]);
	stop_caught = 1;
}

void sig_prompt_end(void)
{
	size_t i;

	for (i = 0; stop_caught && i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &stop_saved[i], NULL);
	stop_caught = 0;
}

void sig_stop_now(void)
{
	int signo = sig_stop_pending;

	sig_stop_pending = 0;
	if (signo)
		raise(signo);
}

/* The time-out timer: once after ms, then every interval_ms (0: once). */
static void arm(long ms, long interval_ms)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	it.it_interval.tv_sec = interval_ms / 1000;
	it.it_interval.tv_usec = (interval_ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
	armed = ms > 0;
}

void sig_block_begin(long ms)
{
	alarm_fired = 0;
	if (ms > 0)
		arm(ms, 0);
	blocking = 1;
	/* A Ctrl-C already pending (in a replay, between commands) or a
	 * hang-up that came before the call stops this call too. */
	if (sig_int_pending || sig_exit_pending)
		interrupt_call();
}

int sig_block_end(void)
{
	blocking = 0;
	if (armed)	/* no system call for a call that was never timed */
		arm(0, 0);
	return alarm_fired && !sig_int_pending;
}
