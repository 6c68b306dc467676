/* cycles-time.c - benchmark helper: run a command RUNS times and print the
 * median and minimum wall time, without a shell's fork/exec in the interval.
 *
 * usage: cycles-time RUNS INPUT COMMAND [ARG]...
 * INPUT is the file given to the command as standard input ("-" for
 * /dev/null); its output goes to /dev/null. Prints one line:
 *   median_us min_us maxrss_kib failed_runs
 * where maxrss_kib is the largest peak RSS of one run (from wait4) and
 * failed_runs counts runs that did not exit 0. Exit 2 on bad usage. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Run argv once with input on stdin; its wall time in microseconds, or -1
 * if it could not be started. *status and *rss get its exit status and
 * peak RSS (KiB). */
static long long run_once(char **argv, const char *input, int *status,
			  long *rss)
{
	struct rusage ru;
	long long t0, t1;
	pid_t pid;

	t0 = now_us();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open(input, O_RDONLY);
		int out = open("/dev/null", O_WRONLY);

		if (in < 0 || out < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		close(in);
		close(out);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, status, 0, &ru) < 0)
		return -1;
	t1 = now_us();
	*rss = ru.ru_maxrss;
	return t1 - t0;
}

int main(int argc, char **argv)
{
	long long *t;
	long runs, i, rss, maxrss = 0, failed = 0;
	const char *input;
	int status;

	if (argc < 4 || (runs = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: cycles-time RUNS INPUT COMMAND [ARG]...\n");
		return 2;
	}
	input = argv[2][0] == '-' && argv[2][1] == '\0' ? "/dev/null" : argv[2];
	t = calloc((size_t)runs, sizeof(*t));
	if (t == NULL)
		return 2;
	for (i = 0; i < runs; i++) {
		t[i] = run_once(argv + 3, input, &status, &rss);
		if (t[i] < 0) {
			perror("cycles-time");
			free(t);
			return 2;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
		if (rss > maxrss)
			maxrss = rss;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_ll);
	printf("%lld %lld %ld %ld\n",
	       runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
	       t[0], maxrss, failed);
	free(t);
	return 0;
}
