/* signals.c - a signal while a server waits in accept(), for --run
 * tests. A child waits until the parent sleeps in accept, signals it and
 * connects. First with SA_RESTART: the kernel runs accept again, the
 * program never sees the signal's EINTR; then without: accept fails with
 * EINTR, as the program sees it. */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

/* Until process pid sleeps in system call nr (/proc/PID/syscall). */
static void wait_in_call(pid_t pid, long nr)
{
	char path[64];
	long got = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	while (got != nr) {
		usleep(1000);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fscanf(f, "%ld", &got) != 1)
			got = -1;
		fclose(f);
	}
}

static void child(const struct sockaddr_in *addr, int connect_too)
{
	int fd;

	wait_in_call(getppid(), SYS_accept);
	kill(getppid(), SIGUSR1);
	if (connect_too) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		connect(fd, (const struct sockaddr *)addr, sizeof(*addr));
	}
	_exit(0);
}

static void serve(int lfd, const struct sockaddr_in *addr, int flags)
{
	struct sigaction sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
	if (fork() == 0)
		child(addr, flags == SA_RESTART);
	fd = accept(lfd, NULL, NULL);
	if (fd >= 0)
		close(fd);
	wait(NULL);
}

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lfd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	bind(lfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(lfd, 5);
	getsockname(lfd, (struct sockaddr *)&addr, &len);
	serve(lfd, &addr, SA_RESTART);
	serve(lfd, &addr, 0);
	close(lfd);
	return 0;
}
