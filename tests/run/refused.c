/* refused.c - a client of a closed port, for --run tests: the port is
 * held by a socket bound but not listening (so no other test can take
 * it), and connect() fails with ECONNREFUSED. */
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int hold, fd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	hold = socket(AF_INET, SOCK_STREAM, 0);
	bind(hold, (struct sockaddr *)&addr, sizeof(addr));
	getsockname(hold, (struct sockaddr *)&addr, &len);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		perror("connect");
	close(fd);
	close(hold);
	return 3;
}
