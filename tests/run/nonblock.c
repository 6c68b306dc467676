/* nonblock.c - accept4 on a non-blocking listener with poll, for --run
 * tests: accept4 first fails with EAGAIN; the program connects to
 * itself, poll says the listener is readable, accept4 takes the
 * connection, and poll then read get the client's bytes. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	struct pollfd p;
	char buf[16];
	int lfd, c, fd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	bind(lfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	accept4(lfd, NULL, NULL, SOCK_NONBLOCK);	/* EAGAIN */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, sizeof(addr));
	p.fd = lfd;
	p.events = POLLIN;
	poll(&p, 1, 5000);
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	write(c, "ping", 4);
	p.fd = fd;
	poll(&p, 1, 5000);
	read(fd, buf, sizeof(buf));
	close(fd);
	close(c);
	close(lfd);
	return 0;
}
