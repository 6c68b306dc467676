/* kernel.c - facts of the running kernel that teaching text depends on:
 * its sysctls, and the rules they feed (SYN retransmissions, backlog). */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "i18n.h"
#include "kernel.h"
#include "util.h"

int kernel_sysctl(const char *name, long *out)
{
	char path[128], line[64];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (ok) {
		line[strcspn(line, "\n")] = '\0';
		ok = parse_long(line, -2147483648L, 2147483647L, out) == 0;
	}
	if (!ok) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

unsigned int kernel_backlog_clamp(long backlog, unsigned long somaxconn)
{
	/* __sys_listen(): if ((unsigned int)backlog > somaxconn) ... */
	unsigned int b = (unsigned int)backlog;

	return b > somaxconn ? (unsigned int)somaxconn : b;
}

int kernel_backlog(long backlog, unsigned int *out)
{
	long max;

	if (kernel_sysctl("net/core/somaxconn", &max) < 0 || max < 0)
		return -1;
	*out = kernel_backlog_clamp(backlog, (unsigned long)max);
	return 0;
}

/* tcp_model_timeout() with a 1 s base: how long retries exponentially
 * backed-off SYNs take. A SYN-SENT socket also gives up once that much
 * time has passed since its first SYN, however many it has sent. */
static unsigned int model_timeout(unsigned int retries)
{
	const unsigned int thresh = 6; /* ilog2(TCP_RTO_MAX / 1 s) */

	if (retries <= thresh)
		return (2U << retries) - 1;
	return (2U << thresh) - 1 + (retries - thresh) * KERNEL_RTO_MAX;
}

size_t kernel_syn_schedule(unsigned int retries, unsigned int linear,
			   unsigned int *at, size_t max, unsigned int *giveup)
{
	unsigned int rto = KERNEL_RTO_INIT, t = 0, limit;
	size_t n = 0;

	if (retries > KERNEL_SYNCNT_MAX)
		retries = KERNEL_SYNCNT_MAX;
	if (linear > KERNEL_SYNCNT_MAX)
		linear = KERNEL_SYNCNT_MAX;
	limit = model_timeout(retries);
	for (;;) {
		t += rto; /* the retransmission timer fires */
		/* tcp_write_timeout(): since 6.5 a SYN-SENT socket sends
		 * retries + linear SYNs again, within the time limit. */
		if (n >= (size_t)retries + linear || (n > 0 && t >= limit))
			break;
		if (n < max)
			at[n] = t;
		n++;
		/* tcp_retransmit_timer(): icsk_backoff is n now; the RTO
		 * only doubles once it is past the linear ones. */
		if (n > linear)
			rto = 2 * rto < KERNEL_RTO_MAX ? 2 * rto
						       : KERNEL_RTO_MAX;
	}
	if (giveup)
		*giveup = t;
	return n;
}

/* TCP_SYNCNT of socket fd when it differs from the sysctl's sys, or -1. */
static long own_syncnt(int fd, long sys)
{
	int v;
	socklen_t len = sizeof(v);

	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &v, &len) < 0 ||
	    v <= 0 || v == sys)
		return -1;
	return v;
}

void kernel_syn_words(int fd, char *buf, size_t n)
{
	unsigned int at[16], giveup;
	long retries = 6, linear = 0, own;
	int have_r, have_l;
	size_t i, k;
	struct sbuf b = SBUF_INIT;

	have_r = kernel_sysctl("net/ipv4/tcp_syn_retries", &retries) == 0 &&
		 retries >= 0;
	/* Linux 6.5 and later; older kernels back off from the start. */
	have_l = kernel_sysctl("net/ipv4/tcp_syn_linear_timeouts",
			       &linear) == 0 && linear >= 0;
	if (!have_r)
		retries = 6;
	if (!have_l)
		linear = 0;
	/* setsockopt(TCP_SYNCNT) replaces tcp_syn_retries for one socket. */
	own = own_syncnt(fd, have_r ? retries : -1);
	k = kernel_syn_schedule((unsigned int)(own > 0 ? own : retries),
				(unsigned int)linear, at, ARRAY_SIZE(at),
				&giveup);
	for (i = 0; i < k && i < ARRAY_SIZE(at); i++)
		sbuf_addf(&b, "%s%u", i ? ", " : "", at[i]);
	sbuf_addf(&b, _("%s s after connect() and gives up at %u s ("),
		  k > ARRAY_SIZE(at) ? ", ..." : "", giveup);
	if (own > 0)
		sbuf_addf(&b, "TCP_SYNCNT=%ld", own);
	else if (have_r)
		sbuf_addf(&b, "tcp_syn_retries=%ld", retries);
	else
		sbuf_addf(&b, _("tcp_syn_retries unreadable, %ld assumed"),
			  retries);
	if (have_l)
		sbuf_addf(&b, _(", tcp_syn_linear_timeouts=%ld)"), linear);
	else
		sbuf_add(&b, _("; no tcp_syn_linear_timeouts: before Linux 6.5)"));
	snprintf(buf, n, "%s", sbuf_str(&b));
	sbuf_free(&b);
}
