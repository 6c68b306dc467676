/* syscalls.c - benchmark helper for --run's overhead: makes N system
 * calls of one kind and exits.
 *
 * usage: syscalls N getppid|write|socket
 *   getppid: N getppid() calls, which the seccomp filter lets through;
 *   write:   N one-byte writes to /dev/null (descriptor 3 or above: the
 *            filter stops them, sockrepl sees no socket and lets them go);
 *   socket:  N socket calls, socket() and close() by turns, each shown. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n;
	int fd;

	if (argc != 3 || (n = atol(argv[1])) <= 0)
		return 2;
	if (strcmp(argv[2], "getppid") == 0) {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);	/* never cached by libc */
	} else if (strcmp(argv[2], "write") == 0) {
		fd = open("/dev/null", O_WRONLY);
		for (i = 0; i < n; i++)
			if (write(fd, "x", 1) != 1)
				return 1;
	} else if (strcmp(argv[2], "socket") == 0) {
		for (i = 0; i < n; i += 2)
			close(socket(AF_INET, SOCK_STREAM, 0));
	} else {
		return 2;
	}
	return 0;
}
