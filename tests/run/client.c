/* client.c - the course's echo client, for --run tests: connects to
 * 127.0.0.1:argv[1], sends "hello\n", prints "sent", reads the echo,
 * closes; with a second argument, only after a line on stdin (so that a
 * test sees the server's state before the close). */
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
	char buf[256];
	ssize_t n;
	int fd;

	if (argc < 2)
		return 2;
	addr.sin_port = htons(atoi(argv[1]));
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("connect");
		return 1;
	}
	send(fd, "hello\n", 6, 0);
	printf("sent\n");
	fflush(stdout);
	n = recv(fd, buf, sizeof(buf), 0);
	printf("echo: %.*s", (int)(n > 0 ? n : 0), buf);
	fflush(stdout);
	if (argc > 2 && fgets(buf, sizeof(buf), stdin) == NULL)
		return 1;
	close(fd);
	return 0;
}
