/* addrinuse.c - a server restarted too soon, for --run tests: a second
 * socket binds the port the first listens on, without SO_REUSEADDR, and
 * fails with EADDRINUSE. Exits 1, as a real server would. */
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int a, b;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a = socket(AF_INET, SOCK_STREAM, 0);
	bind(a, (struct sockaddr *)&addr, sizeof(addr));
	listen(a, 5);
	getsockname(a, (struct sockaddr *)&addr, &len);
	b = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(b, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("bind");
		return 1;
	}
	close(b);
	close(a);
	return 0;
}
