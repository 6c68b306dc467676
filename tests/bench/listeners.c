/* listeners.c - benchmark helper: hold N unrelated listening TCP sockets on
 * loopback (port 0) for at most SECONDS, then exit by itself.
 *
 * usage: listeners N SECONDS
 * Prints "ready N" on stdout once all exist (fewer if the machine ran out
 * of ports or descriptors: the number says how many). Descriptors are
 * spread over child processes so that no process needs more than its
 * RLIMIT_NOFILE allows; the children die with the parent. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CHILDREN 64

/* Raise the soft descriptor limit as far as allowed; the usable count. */
static long raise_nofile(long want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 1000;
	if (rl.rlim_max != RLIM_INFINITY && (long)rl.rlim_max < want) {
		struct rlimit more = { (rlim_t)want, (rlim_t)want };

		if (setrlimit(RLIMIT_NOFILE, &more) == 0)
			return want - 32;
	}
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	getrlimit(RLIMIT_NOFILE, &rl);
	return (long)rl.rlim_cur - 32;
}

/* Open n listeners; returns how many succeeded. */
static long open_listeners(long n)
{
	struct sockaddr_in sa;
	long i;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0)
			break;
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
		    listen(fd, 4) < 0) {
			close(fd);
			break;
		}
	}
	return i;
}

/* A child: open its share, report the count on the pipe, wait. */
static void child(long n, int wfd, unsigned int seconds)
{
	long got;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(seconds);
	got = open_listeners(n);
	if (write(wfd, &got, sizeof(got)) != sizeof(got))
		_exit(1);
	close(wfd);
	pause();
	_exit(0);
}

/* The children get SIGKILL when we go (PR_SET_PDEATHSIG). */
static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	long n, per, total = 0, got, left;
	pid_t pids[MAX_CHILDREN];
	int nchild = 0, p[2], i;
	unsigned int seconds;

	if (argc != 3 || (n = atol(argv[1])) <= 0 ||
	    (seconds = (unsigned int)atol(argv[2])) == 0) {
		fprintf(stderr, "usage: listeners N SECONDS\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGALRM, on_term);
	per = raise_nofile(n + 64);
	if (per < 100)
		per = 100;
	if (per > 5000)
		per = 5000;
	if (pipe(p) < 0)
		return 1;
	for (left = n; left > 0 && nchild < MAX_CHILDREN; left -= per) {
		pid_t pid = fork();

		if (pid < 0)
			break;
		if (pid == 0) {
			close(p[0]);
			child(left < per ? left : per, p[1], seconds);
		}
		pids[nchild++] = pid;
	}
	close(p[1]);
	for (i = 0; i < nchild; i++) {
		if (read(p[0], &got, sizeof(got)) != sizeof(got))
			break;
		total += got;
	}
	printf("ready %ld\n", total);
	fflush(stdout);
	alarm(seconds);
	for (i = 0; i < nchild; i++)
		waitpid(pids[i], NULL, 0);
	return 0;
}
