/* forking.c - a forking server and its client, for --run tests: the
 * first child is a client, the parent accepts and forks a handler that
 * closes its copy of the listener and echoes; the parent closes its copy
 * of the connection and waits for both. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void client(const struct sockaddr_in *addr)
{
	char buf[16];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	connect(fd, (const struct sockaddr *)addr, sizeof(*addr));
	send(fd, "hi", 2, 0);
	recv(fd, buf, sizeof(buf), 0);
	close(fd);
	_exit(0);
}

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[16];
	ssize_t n;
	int lfd, cfd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	bind(lfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	if (fork() == 0) {
		close(lfd);
		client(&addr);
	}
	cfd = accept(lfd, NULL, NULL);
	if (fork() == 0) {
		close(lfd);
		n = recv(cfd, buf, sizeof(buf), 0);
		send(cfd, buf, n > 0 ? (size_t)n : 0, 0);
		close(cfd);
		_exit(0);
	}
	close(cfd);
	while (wait(NULL) > 0)
		;
	close(lfd);
	return 0;
}
