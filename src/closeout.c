/* closeout.c - output errors are errors: checked on every flush, and once
 * at exit as coreutils' close_stdout does. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>

#include "closeout.h"
#include "i18n.h"

static int out_errno;	/* the first write error seen on a flush, or -1 */
static FILE *lazy;	/* written in full buffers: out_lazy() */

/* Why an earlier write failed, once stdio no longer says (a long string
 * that overflowed the buffer is dropped with its error): a pipe whose
 * reader is gone polls POLLERR; a device that refuses every write
 * (/dev/full) refuses an empty one too, which writes nothing anywhere.
 * -1: unknown. */
static int lost_errno(FILE *f)
{
	struct pollfd p = { .fd = fileno(f), .events = POLLOUT };

	if (p.fd >= 0 && poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
		return EPIPE;
	if (p.fd >= 0 && write(p.fd, "", 0) < 0)
		return errno;
	return -1;
}

void out_lazy(FILE *f)
{
	if (lazy && lazy != f)
		fflush(lazy);
	lazy = f;
}

int out_check(FILE *f)
{
	int flushed;

	if (f == lazy && !ferror(f))
		return 0;
	flushed = fflush(f) == 0;

	if (flushed && !ferror(f))
		return 0;
	/* A write that failed in an implicit flush (a full buffer) left no
	 * errno behind. */
	if (out_errno == 0)
		out_errno = flushed ? lost_errno(f) : errno;
	return -1;
}

/* gnulib's close_stream(): fclose(f), but an error that happened before,
 * or data that could not be written, also fails. errno is 0 when the
 * reason is not known. */
static int close_stream(FILE *f)
{
	int pending = __fpending(f) != 0;
	int prev_fail = ferror(f) != 0;
	int fclose_fail = fclose(f) != 0;

	if (prev_fail || (fclose_fail && (pending || errno != EBADF))) {
		if (!fclose_fail)
			errno = 0;
		return -1;
	}
	return 0;
}

void close_stdout(void)
{
	int e;

	if (close_stream(stdout) != 0) {
		e = out_errno > 0 ? out_errno : errno;
		if (e != EPIPE && e)
			fprintf(stderr, _("sockrepl: write error: %s\n"),
				strerror(e));
		else if (e != EPIPE)
			fputs(_("sockrepl: write error\n"), stderr);
		_exit(1);
	}
	if (close_stream(stderr) != 0)
		_exit(1);
}
