/* echo_server.c - the course's echo server, for --run tests: listens on
 * 127.0.0.1 (port argv[1], default 0: the kernel picks), prints the port,
 * waits for a line on stdin (so that a test can connect first), accepts
 * one client and echoes until it closes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[256];
	int lfd, cfd, on = 1;
	ssize_t n;

	addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("bind");
		return 1;
	}
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	printf("port %d\n", ntohs(addr.sin_port));
	fflush(stdout);
	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return 1;
	cfd = accept(lfd, NULL, NULL);
	while ((n = read(cfd, buf, sizeof(buf))) > 0)
		write(cfd, buf, (size_t)n);
	close(cfd);
	close(lfd);
	return 0;
}
