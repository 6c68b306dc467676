/* multiplex.c - select and epoll_wait, for --run tests: each waits once
 * on a pipe only (not shown: no socket) and once on a socket (shown). */
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

/* select on one descriptor, ready to read. */
static int select_one(int fd)
{
	struct timeval tv = { 5, 0 };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(fd, &r);
	return select(fd + 1, &r, NULL, NULL, &tv);
}

/* epoll_wait on an instance watching fd alone, ready to read. */
static int epoll_one(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN }, got;
	int ep = epoll_create1(0), n;

	ev.data.fd = fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	n = epoll_wait(ep, &got, 1, 5000);
	close(ep);
	return n;
}

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int p[2], lfd, c, fd;
	char buf[8];

	if (pipe(p) < 0 || write(p[1], "x", 1) != 1)
		return 1;
	select_one(p[0]);
	epoll_one(p[0]);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	bind(lfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, sizeof(addr));
	select_one(lfd);
	fd = accept(lfd, NULL, NULL);
	send(c, "hi", 2, 0);
	epoll_one(fd);
	recv(fd, buf, sizeof(buf), 0);
	return 0;
}
