/* threads.c - a threaded program, for --run tests: a second thread
 * connects to the main thread's listener and sends "hi"; the main thread
 * accepts and receives it. One process: no [pid] prefixes. */
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in addr = { .sin_family = AF_INET };

static void *client(void *arg)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)arg;
	connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	send(fd, "hi", 2, 0);
	return (void *)(long)fd;
}

int main(void)
{
	socklen_t len = sizeof(addr);
	pthread_t t;
	char buf[16];
	void *fd;
	int lfd, cfd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	bind(lfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	if (pthread_create(&t, NULL, client, NULL) != 0)
		return 1;
	cfd = accept(lfd, NULL, NULL);
	recv(cfd, buf, 2, MSG_WAITALL);
	pthread_join(t, &fd);
	close((int)(long)fd);
	close(cfd);
	close(lfd);
	return 0;
}
