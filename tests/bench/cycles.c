/* cycles.c - benchmark baseline: the syscalls of N connect/accept/echo/close
 * cycles on loopback, as a plain C program, to set beside sockrepl's replay.
 *
 * usage: cycles N
 * One listener bound to 127.0.0.1 port 0; then N times: socket, connect,
 * accept, send, recv, send, recv, shutdown, recv (EOF), close, recv (EOF),
 * close -- the same twelve calls run.sh puts in the sockrepl script.
 * Exit 0 when every call did what was expected, 1 otherwise. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Print what failed and return 1, so main can bail out in one line. */
static int fail(const char *what, long n)
{
	perror(what);
	fprintf(stderr, "cycles: %s failed in cycle %ld\n", what, n);
	return 1;
}

/* One listener on loopback, kernel-chosen port; -1 on error. */
static int make_listener(struct sockaddr_in *sa)
{
	socklen_t len = sizeof(*sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	if (lfd < 0)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)sa, sizeof(*sa)) < 0 ||
	    listen(lfd, 64) < 0 ||
	    getsockname(lfd, (struct sockaddr *)sa, &len) < 0) {
		close(lfd);
		return -1;
	}
	return lfd;
}

/* One full cycle against the listener; 0, or 1 after a message. */
static int cycle(int lfd, const struct sockaddr_in *sa, long n)
{
	static const char msg[] = "hello\n";
	char buf[1024];
	int c, cfd;

	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0)
		return fail("socket", n);
	if (connect(c, (const struct sockaddr *)sa, sizeof(*sa)) < 0)
		return fail("connect", n);
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0)
		return fail("accept", n);
	if (send(c, msg, sizeof(msg) - 1, 0) != (ssize_t)sizeof(msg) - 1 ||
	    recv(cfd, buf, sizeof(buf), 0) != (ssize_t)sizeof(msg) - 1)
		return fail("send/recv c->cfd", n);
	if (send(cfd, msg, sizeof(msg) - 1, 0) != (ssize_t)sizeof(msg) - 1 ||
	    recv(c, buf, sizeof(buf), 0) != (ssize_t)sizeof(msg) - 1)
		return fail("send/recv cfd->c", n);
	if (shutdown(c, SHUT_WR) < 0 || recv(cfd, buf, sizeof(buf), 0) != 0)
		return fail("shutdown/recv EOF", n);
	if (close(cfd) < 0 || recv(c, buf, sizeof(buf), 0) != 0)
		return fail("close/recv EOF", n);
	if (close(c) < 0)
		return fail("close", n);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	long i, n;
	int lfd;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: cycles N\n");
		return 2;
	}
	lfd = make_listener(&sa);
	if (lfd < 0)
		return fail("listener", 0);
	for (i = 0; i < n; i++)
		if (cycle(lfd, &sa, i) != 0)
			return 1;
	close(lfd);
	return 0;
}
