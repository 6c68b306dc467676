/* kernel.c - facts of the running kernel that teaching text depends on:
 * its sysctls, and the rules they feed (SYN retransmissions, backlog). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
