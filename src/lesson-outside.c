/* lesson-outside.c - the two-terminal experiment: what the learner does
 * in another terminal (nc), waited for, or played by a stand-in client. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "lesson.h"
#include "record.h"
#include "show.h"
#include "sig.h"

/* A loopback handshake takes microseconds: 5 s is a hang guard. */
#define STANDIN_CONNECT_MS 5000

void lesson_outside_init(struct lesson_outside *o)
{
	o->fd = -1;
	o->port = 0;
}

void lesson_outside_done(struct lesson_outside *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

static unsigned int port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return 0;
}

int lesson_outside_expand(struct session *s, const char *cmd,
			  struct sbuf *out, struct sbuf *err)
{
	const char *p = cmd, *open, *close_;
	char name[PARSE_NAME_MAX + 1];
	struct sock *sk;
	size_t n;

	while ((open = strstr(p, "{port ")) != NULL) {
		sbuf_addn(out, p, (size_t)(open - p));
		open += strlen("{port ");
		close_ = strchr(open, '}');
		n = close_ ? (size_t)(close_ - open) : 0;
		if (n == 0 || n > PARSE_NAME_MAX) {
			sbuf_addf(err, _("bad {port NAME} in: %s"), cmd);
			return -1;
		}
		memcpy(name, open, n);
		name[n] = '\0';
		sk = session_find_name(s, name);
		if (sk)
			session_refresh(s, sk);
		if (sk == NULL || sk->fd < 0 || port_of(&sk->local) == 0) {
			sbuf_addf(err, _("{port %s}: no open socket %s with a port"),
				  name, name);
			return -1;
		}
		sbuf_addf(out, "%u", port_of(&sk->local));
		p = close_ + 1;
	}
	sbuf_add(out, p);
	return 0;
}

/* "nc HOST PORT": host and port into the caller's buffers. */
static int nc_target(const char *cmd, char *host, size_t hn, char *port,
		     size_t pn)
{
	const char *h, *sp;
	size_t n;

	if (strncmp(cmd, "nc ", 3) != 0)
		return -1;
	h = cmd + 3 + strspn(cmd + 3, " ");
	sp = strchr(h, ' ');
	if (sp == NULL || (size_t)(sp - h) >= hn)
		return -1;
	memcpy(host, h, (size_t)(sp - h));
	host[sp - h] = '\0';
	sp += strspn(sp, " ");
	n = strcspn(sp, " ");
	if (n == 0 || n >= pn)
		return -1;
	memcpy(port, sp, n);
	port[n] = '\0';
	return 0;
}

/* Connect the stand-in to host:port, on a descriptor of the runner's own
 * (high, as sockrepl's other private ones). */
static int standin_connect(struct lesson_outside *o, const char *cmd,
			   struct sbuf *err)
{
	struct addrinfo hints, *ai = NULL;
	char host[64], port[16];
	struct pollfd p;
	int fd = -1, e, soerr = 0;
	socklen_t len = sizeof(soerr);

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (nc_target(cmd, host, sizeof(host), port, sizeof(port)) < 0 ||
	    (e = getaddrinfo(host, port, &hints, &ai)) != 0) {
		sbuf_addf(err, _("the stand-in client cannot read: %s"), cmd);
		return -1;
	}
	lesson_outside_done(o);
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	fd = session_high_fd(fd);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
	    errno == EINPROGRESS) {
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(&p, 1, STANDIN_CONNECT_MS) != 1)
			soerr = ETIMEDOUT;
		else
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
	} else if (fd >= 0) {
		soerr = errno;
	}
	o->port = (unsigned int)atoi(port);
	freeaddrinfo(ai);
	if (fd < 0 || soerr) {
		sbuf_addf(err, _("the stand-in client could not connect to %s port %s: %s"),
			  host, port, strerror(fd < 0 ? errno : soerr));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	o->fd = fd;
	return 0;
}

int lesson_outside_standin(struct lesson_outside *o, const char *cmd,
			   struct sbuf *err)
{
	struct sbuf line = SBUF_INIT;
	char buf[4096];
	ssize_t n;

	if (strncmp(cmd, "nc ", 3) == 0)
		return standin_connect(o, cmd, err);
	if (o->fd < 0) {
		sbuf_addf(err, _("%s: the stand-in client is not connected"),
			  cmd);
		return -1;
	}
	if (strcmp(cmd, "close") == 0) {
		/* nc has read (and printed) what the server sent: a close
		 * with nothing unread ends with a FIN, not a reset. */
		while (recv(o->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
		lesson_outside_done(o);
		return 0;
	}
	sbuf_addf(&line, "%s\n", cmd + strlen("type "));
	n = send(o->fd, line.s, line.len, MSG_NOSIGNAL);
	if (n < 0 || (size_t)n != line.len)
		sbuf_addf(err, _("the stand-in client could not send: %s"),
			  n < 0 ? strerror(errno) : "short send");
	sbuf_free(&line);
	return err->len ? -1 : 0;
}

/* The session's sockets the outside step cmd waits on, into p (at most
 * max); returns how many. nc: the listeners on the port; type and close:
 * the connections accepted on it. */
static nfds_t wait_targets(struct session *s, const struct lesson_outside *o,
			   const char *cmd, struct pollfd *p, nfds_t max)
{
	char host[64], port[16];
	unsigned int want = o->port;
	int nc = nc_target(cmd, host, sizeof(host), port, sizeof(port)) == 0;
	struct sock *sk;
	nfds_t n = 0;
	size_t i;

	if (nc)
		want = (unsigned int)atoi(port);
	for (i = 0; (sk = session_at(s, i)) != NULL && n < max; i++) {
		if (sk->fd < 0 || sk->type != SOCK_STREAM)
			continue;
		session_refresh(s, sk);
		if (port_of(&sk->local) != want || (nc && !sk->listened) ||
		    (!nc && (sk->listened || sk->peer_len == 0)))
			continue;
		p[n].fd = sk->fd;
		p[n].events = strcmp(cmd, "close") == 0 ? POLLRDHUP : POLLIN;
		p[n++].revents = 0;
	}
	return n;
}

/* Read the line the learner typed while waiting (the terminal is in its
 * line mode between prompts): 1 for Enter or skip (the stand-in), 2 for
 * quit or end of input, 0 for anything else. */
static int waiting_answer(void)
{
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf) - 1);
	char *w;

	if (n <= 0)
		return 2;
	buf[n] = '\0';
	w = buf + strspn(buf, " \t");
	w[strcspn(w, " \t\r\n")] = '\0';
	if (*w == '\0' || strcmp(w, "skip") == 0 || strcmp(w, "next") == 0)
		return 1;
	return strcmp(w, "quit") == 0 ? 2 : 0;
}

static long now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec;
}

enum lesson_wait lesson_outside_wait(struct session *s,
				     struct lesson_outside *o,
				     const char *cmd, int timeout_s)
{
	struct pollfd p[RECORD_MAX_FDS + 1];
	long end = now_s() + timeout_s, left;
	nfds_t n, i;
	int a, r;

	if (strncmp(cmd, "nc ", 3) == 0) {
		char host[64], port[16];

		if (nc_target(cmd, host, sizeof(host), port, sizeof(port)) == 0)
			o->port = (unsigned int)atoi(port);
	}
	while ((left = end - now_s()) > 0) {
		n = wait_targets(s, o, cmd, p, RECORD_MAX_FDS);
		if (n == 0)
			return WAIT_NOTHING;
		p[n].fd = STDIN_FILENO;
		p[n].events = POLLIN;
		p[n].revents = 0;
		show_wait(s, left, NULL);
		r = poll(p, n + 1, 1000);
		if (sig_exit_pending) {
			show_wait_end(s);
			return WAIT_QUIT;	/* hung up: the driver saves */
		}
		/* A Ctrl-C between two polls counts as well as one inside. */
		if (sig_int_pending || (r < 0 && errno != EINTR)) {
			sig_int_pending = 0;
			show_wait_end(s);
			return WAIT_STOPPED;
		}
		if (r < 0)
			continue;
		for (i = 0; i < n; i++)
			if (p[i].revents)
				break;
		if (i < n) {
			show_wait_end(s);
			return WAIT_ARRIVED;
		}
		if (p[n].revents && (a = waiting_answer()) != 0) {
			show_wait_end(s);
			return a == 1 ? WAIT_STANDIN : WAIT_QUIT;
		}
	}
	show_wait_end(s);
	return WAIT_TIMEOUT;
}
