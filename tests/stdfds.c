/* stdfds.c - run a command with descriptors 0, 1 and 2 only, as from a
 * terminal: every descriptor from 3 up that the caller left open (make's
 * jobserver pipe, CI's own files, a shell's descriptor 10 or 255) is
 * closed first. The test harness runs every test through it, so that the
 * descriptor numbers a transcript shows (a learner's first socket is 3,
 * the eighth is 10) do not depend on how the suite was started.
 *
 * usage: stdfds COMMAND [ARG...] */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Close every descriptor from 3 up. */
static void close_above_stderr(void)
{
#ifdef HAVE_CLOSEFROM
	closefrom(3);
#else
	struct rlimit rl;
	long top = 1024, fd;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		top = (long)rl.rlim_cur;
	for (fd = 3; fd < top; fd++)
		(void)close((int)fd);
#endif
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: stdfds COMMAND [ARG...]\n", stderr);
		return 2;
	}
	close_above_stderr();
	execvp(argv[1], argv + 1);
	fprintf(stderr, "stdfds: %s: %s\n", argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
