/* sig.c - SIGINT interrupts only the running call; SIGPIPE never kills. */
#include "config.h"

#include <string.h>
#include <sys/time.h>

#include "sig.h"

volatile sig_atomic_t sig_int_pending;
volatile sig_atomic_t sig_int_count;
static volatile sig_atomic_t alarm_fired;

static void on_sigint(int signo)
{
	(void)signo;
	sig_int_pending = 1;
	sig_int_count++;
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

static void arm(long ms)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

void sig_block_begin(long ms)
{
	sig_int_pending = 0;
	alarm_fired = 0;
	if (ms > 0)
		arm(ms);
}

int sig_block_end(void)
{
	arm(0);
	return alarm_fired;
}
