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

#endif
