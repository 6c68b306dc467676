/* abtime.c - benchmark helper: time several commands in interleaved runs
 * (A B C A B C ...) after warm-up runs, so that a slow moment of a busy
 * machine falls on every command alike, and print each one's median,
 * minimum and maximum wall time.
 *
 * usage: abtime RUNS WARMUP INPUT -- COMMAND [ARG]... [-- COMMAND ...]
 * INPUT is given to each command as standard input ("-" for /dev/null);
 * output goes to /dev/null. Prints one line per command, in order:
 *   median_us min_us max_us failed_runs
 * (failed_runs: runs that did not exit 0). Exit 2 on bad usage. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

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

/* Run argv once; its wall time in microseconds (-1: not started), its
 * exit status in *status. */
static long long run_once(char **argv, const char *input, int *status)
{
	long long t0 = now_us();
	pid_t pid = fork();

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
	if (waitpid(pid, status, 0) < 0)
		return -1;
	return now_us() - t0;
}

int main(int argc, char **argv)
{
	char **cmd[MAX_CMDS];
	long long *t[MAX_CMDS];
	long runs, warm, i, failed[MAX_CMDS] = { 0 };
	const char *input;
	int n = 0, k, a, status;

	if (argc < 6 || (runs = strtol(argv[1], NULL, 10)) <= 0 ||
	    (warm = strtol(argv[2], NULL, 10)) < 0 ||
	    strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: abtime RUNS WARMUP INPUT -- COMMAND"
				" [ARG]... [-- COMMAND ...]\n");
		return 2;
	}
	input = strcmp(argv[3], "-") == 0 ? "/dev/null" : argv[3];
	for (a = 4; a < argc; a++) {
		if (strcmp(argv[a], "--") != 0)
			continue;
		argv[a] = NULL;	/* ends the previous command */
		if (a + 1 >= argc || n == MAX_CMDS) {
			fprintf(stderr, "abtime: an empty or extra command\n");
			return 2;
		}
		cmd[n++] = &argv[a + 1];
	}
	for (k = 0; k < n; k++)
		if ((t[k] = calloc((size_t)runs, sizeof(**t))) == NULL)
			return 2;
	for (i = -warm; i < runs; i++) {
		for (k = 0; k < n; k++) {
			long long us = run_once(cmd[k], input, &status);

			if (us < 0) {
				perror("abtime");
				return 2;
			}
			if (i < 0)
				continue;
			t[k][i] = us;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				failed[k]++;
		}
	}
	for (k = 0; k < n; k++) {
		qsort(t[k], (size_t)runs, sizeof(**t), cmp_ll);
		printf("%lld %lld %lld %ld\n",
		       runs % 2 ? t[k][runs / 2]
				: (t[k][runs / 2 - 1] + t[k][runs / 2]) / 2,
		       t[k][0], t[k][runs - 1], failed[k]);
		free(t[k]);
	}
	return 0;
}
