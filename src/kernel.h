/* kernel.h - facts of the running kernel that teaching text depends on:
 * its sysctls, and the rules they feed (SYN retransmissions, backlog). */
#ifndef SOCKREPL_KERNEL_H
#define SOCKREPL_KERNEL_H

#include <stddef.h>

/* Read the integer sysctl name ("net/ipv4/tcp_syn_retries") of this
 * process's network namespace from /proc/sys. 0 and *out, or -1 with
 * errno (ENOENT: this kernel has no such sysctl). */
int kernel_sysctl(const char *name, long *out);

/* The backlog listen(fd, backlog) leaves in the kernel
 * (sk_max_ack_backlog): as unsigned, at most somaxconn. Pure. */
unsigned int kernel_backlog_clamp(long backlog, unsigned long somaxconn);
/* The same with this namespace's net.core.somaxconn. 0 and *out, or -1
 * when it cannot be read. */
int kernel_backlog(long backlog, unsigned int *out);

/* Linux's initial and largest retransmission time-out (TCP_TIMEOUT_INIT,
 * TCP_RTO_MAX), in seconds. */
#define KERNEL_RTO_INIT 1U
#define KERNEL_RTO_MAX	120U
/* The largest tcp_syn_retries and tcp_syn_linear_timeouts (MAX_TCP_SYNCNT). */
#define KERNEL_SYNCNT_MAX 127U

/*
 * When a SYN that gets no answer is sent again, in seconds after
 * connect(), with tcp_syn_retries (or TCP_SYNCNT) = retries and
 * tcp_syn_linear_timeouts = linear (0 before Linux 6.5, which has no
 * such sysctl). The first linear + 1 waits are the initial 1 s, later
 * ones double, up to 120 s. The socket gives up when retries + linear
 * SYNs went unanswered (before 6.5: retries), or when the time retries
 * doubling waits would take has passed (1 + 2 + ... s: 127 s for 6),
 * whichever comes first. Pure. Stores up to max times in at[] and, if
 * giveup is not NULL, when connect() fails with ETIMEDOUT; returns how
 * many times the SYN is sent again (possibly more than max).
 */
size_t kernel_syn_schedule(unsigned int retries, unsigned int linear,
			   unsigned int *at, size_t max, unsigned int *giveup);

/* The schedule of this kernel (this network namespace's sysctls), in
 * words: "1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s after connect() and gives
 * up at 131 s (tcp_syn_retries=6, tcp_syn_linear_timeouts=4)"; where a
 * sysctl is missing, Linux's default or older rule, said so. With fd >=
 * 0, that TCP socket's own TCP_SYNCNT counts instead of
 * tcp_syn_retries. Into buf of n bytes. */
void kernel_syn_words(int fd, char *buf, size_t n);

#endif
