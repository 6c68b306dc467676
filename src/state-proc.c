/* state-proc.c - snapshots of another process's sockets (a program that
 * --run follows), as state.c takes the session's: rows for state_report. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "addr.h"
#include "state.h"

int state_proc_is_socket(pid_t pid, int fd, unsigned long *ino)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = '\0';
	return sscanf(link, "socket:[%lu]", ino) == 1;
}

/* 1 if connection address c is on listener lis's address (the same, or
 * the listener's is the wildcard) and port. */
static int on_port_of(const struct diag_sock *lis,
		      const struct sockaddr_storage *c)
{
	struct sockaddr_storage any;

	if (c->ss_family != lis->family ||
	    addr_port((const void *)c) != addr_port((const void *)&lis->local))
		return 0;
	if (memcmp(c, &lis->local, lis->local_len) == 0)
		return 1;
	memset(&any, 0, sizeof(any));
	any.ss_family = lis->local.ss_family;
	if (any.ss_family == AF_INET)
		((struct sockaddr_in *)&any)->sin_port =
			((const struct sockaddr_in *)&lis->local)->sin_port;
	else
		((struct sockaddr_in6 *)&any)->sin6_port =
			((const struct sockaddr_in6 *)&lis->local)->sin6_port;
	return memcmp(&any, &lis->local, lis->local_len) == 0;
}

/* The connections waiting in the accept queue of listener row i. */
static void proc_queue(int nl, struct state_snap *snap, size_t i)
{
	struct diag_sock lis = snap->rows[i].d, *v = NULL;
	char owner[PARSE_NAME_MAX + 1];
	int n, j;

	if (lis.rqueue == 0)
		return;
	if (snap->rows[i].name[0])
		snprintf(owner, sizeof(owner), "%s", snap->rows[i].name);
	else
		snprintf(owner, sizeof(owner), "%d", snap->rows[i].fd);
	n = diag_list_port_states(nl, lis.family, IPPROTO_TCP,
				  (unsigned short)addr_port(
					  (const void *)&lis.local),
				  0, DIAG_NO_LISTEN, &v);
	for (j = 0; j < n; j++) {
		struct state_row *r;

		if (v[j].inode != 0 || !on_port_of(&lis, &v[j].local) ||
		    (v[j].state != TCP_ESTABLISHED &&
		     v[j].state != TCP_SYN_RECV &&
		     v[j].state != TCP_CLOSE_WAIT))
			continue;
		r = state_add_row(snap);
		r->kind = STATE_KERNEL;
		r->found = 1;
		r->in_queue = 1;
		r->d = v[j];
		snprintf(r->owner, sizeof(r->owner), "%s", owner);
	}
	free(v);
}

/* One row: the socket behind fd of the process behind pidfd. */
static void proc_fd(int nl, int pidfd, int fd, const char *name,
		    struct state_snap *snap)
{
	struct diag_sock d;
	struct state_row *r;
	int ours, rc;

	ours = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (ours < 0)
		return;
	memset(&d, 0, sizeof(d));
	rc = diag_lookup_fd(nl, ours, &d);
	close(ours);	/* never keep the program's socket alive */
	if (rc < 0 && errno != ENOENT)
		return;		/* ENOTSOCK: a file, a pipe */
	r = state_add_row(snap);
	r->kind = STATE_OPEN;
	r->fd = fd;
	r->found = rc == 0;
	r->d = d;
	if (name)
		snprintf(r->name, sizeof(r->name), "%s", name);
}

struct state_snap *state_capture_proc(struct session *s, pid_t pid,
				      const int *fds, size_t n,
				      const char *const *names)
{
	struct state_snap *snap = state_snap_new();
	int nl = session_nlfd(s);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	size_t i, j, nopen;

	if (pidfd < 0)
		return snap;
	diag_hold(1);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && fds[j] != fds[i]; j++)
			;
		if (j == i && fds[i] >= 0)
			proc_fd(nl, pidfd, fds[i], names ? names[i] : NULL,
				snap);
	}
	nopen = snap->n;
	for (i = 0; i < nopen; i++)
		if (snap->rows[i].found &&
		    snap->rows[i].d.state == TCP_LISTEN &&
		    snap->rows[i].d.protocol == IPPROTO_TCP)
			proc_queue(nl, snap, i);
	diag_hold(0);
	close(pidfd);
	return snap;
}
