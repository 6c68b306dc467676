/* sig.c - SIGINT interrupts only the running call; SIGPIPE never kills. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/time.h>

#include "sig.h"

volatile sig_atomic_t sig_int_pending;
static volatile sig_atomic_t alarm_fired;
static volatile sig_atomic_t blocking;	/* between block_begin and _end */

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
	if (blocking)
		interrupt_call();
	errno = saved;
}

static void on_sigalrm(int signo)
{
	(void)signo;
	alarm_fired = 1;
}

static void catch(int signo, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: blocked calls get EINTR */
	sigaction(signo, &sa, NULL);
}

void sig_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	catch(SIGINT, on_sigint);
	catch(SIGALRM, on_sigalrm);
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
}

void sig_block_begin(long ms)
{
	alarm_fired = 0;
	if (ms > 0)
		arm(ms, 0);
	blocking = 1;
	/* A Ctrl-C already pending (in a replay, between commands) stops
	 * this call too: the replay ends after it. */
	if (sig_int_pending)
		interrupt_call();
}

int sig_block_end(void)
{
	blocking = 0;
	arm(0, 0);
	return alarm_fired && !sig_int_pending;
}
