/* listeners.c - benchmark helper: hold N unrelated listening TCP sockets on
 * loopback (127.0.0.2, port 0), and C established connections (to
 * 127.0.0.3), for at most SECONDS, then exit by itself. The session being
 * measured keeps 127.0.0.1's ports to itself.
 *
 * usage: listeners N SECONDS [C]
 * Prints "ready N C" on stdout once all exist (fewer if the machine ran
 * out of ports or descriptors: the numbers say how many). Each child
 * makes its connections to a listener of its own, so that the clients'
 * ports can repeat across children. Descriptors are
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
	/* 127.0.0.2: ports taken there leave 127.0.0.1's free for the
	 * session being measured. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);
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

/* Open n connections (a client and its accepted end each) to a listener
 * of their own; returns how many succeeded. */
static long open_conns(long n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	long i;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 2);	/* 127.0.0.3 */
	if (n == 0 || lfd < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(lfd, 4096) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);

		if (c < 0 || connect(c, (struct sockaddr *)&sa, len) < 0 ||
		    accept(lfd, NULL, NULL) < 0)
			break;
	}
	return i;
}

/* A child: open its share, report the counts on the pipe, wait. */
static void child(long n, long nconn, int wfd, unsigned int seconds)
{
	long got[2];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(seconds);
	got[0] = open_listeners(n);
	got[1] = open_conns(nconn);
	if (write(wfd, got, sizeof(got)) != sizeof(got))
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
	long n, nconn = 0, per, total = 0, tconn = 0, got[2], left, cleft;
	pid_t pids[MAX_CHILDREN];
	int nchild = 0, p[2], i;
	unsigned int seconds;

	if ((argc != 3 && argc != 4) || (n = atol(argv[1])) < 0 ||
	    (seconds = (unsigned int)atol(argv[2])) == 0 ||
	    (argc == 4 && (nconn = atol(argv[3])) < 0)) {
		fprintf(stderr, "usage: listeners N SECONDS [C]\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGALRM, on_term);
	per = raise_nofile(n + 2 * nconn + 64);
	if (per < 100)
		per = 100;
	if (per > 5000)
		per = 5000;
	if (pipe(p) < 0)
		return 1;
	/* Listeners and then connections (two descriptors each), per
	 * descriptors a child may hold. */
	for (left = n, cleft = nconn; (left > 0 || cleft > 0) &&
				      nchild < MAX_CHILDREN;) {
		long mine = left < per ? left : per;
		long conns = (per - mine) / 2;
		pid_t pid;

		if (conns > cleft)
			conns = cleft;
		pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			close(p[0]);
			child(mine, conns, p[1], seconds);
		}
		pids[nchild++] = pid;
		left -= mine;
		cleft -= conns;
	}
	close(p[1]);
	for (i = 0; i < nchild; i++) {
		if (read(p[0], got, sizeof(got)) != sizeof(got))
			break;
		total += got[0];
		tconn += got[1];
	}
	printf("ready %ld %ld\n", total, tconn);
	fflush(stdout);
	alarm(seconds);
	for (i = 0; i < nchild; i++)
		waitpid(pids[i], NULL, 0);
	return 0;
}
