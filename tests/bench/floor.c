/* floor.c - benchmark baseline: cycles.c's calls plus, after each call,
 * the one batched NETLINK_SOCK_DIAG round trip that showing its state
 * lines costs -- the floor under any shell that shows live kernel state.
 *
 * usage: floor N
 * The same N connect/accept/echo/close cycles as cycles.c. After each call
 * one sendto carries an exact lookup by four-tuple for every socket whose
 * line the call can change, and one recvmmsg takes the answers: the same
 * 13 round trips and 26 lookups a cycle as sockrepl's replay of cycle.sr
 * (strace shows them), two of them the second look at a FIN still waiting
 * for its ACK. Plus the getsockname that learns the client's port. Nothing
 * is decoded or printed: this is the kernel's part alone.
 * Exit 0 when every call did what was expected, 1 otherwise. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXQ 3

struct lookup {
	struct nlmsghdr nh;
	struct inet_diag_req_v2 r;
};

/* The four-tuples of one cycle's sockets. */
struct tuples {
	struct sockaddr_in lis;		/* the listener */
	struct sockaddr_in cli;		/* the client's own address */
};

enum which { LIS, CLI, SRV };

static int nl = -1;

static int fail(const char *what, long n)
{
	perror(what);
	fprintf(stderr, "floor: %s failed in cycle %ld\n", what, n);
	return 1;
}

static void set_id(struct inet_diag_sockid *id, const struct sockaddr_in *l,
		   const struct sockaddr_in *p)
{
	memset(id, 0, sizeof(*id));
	id->idiag_sport = l->sin_port;
	memcpy(id->idiag_src, &l->sin_addr, 4);
	if (p != NULL) {
		id->idiag_dport = p->sin_port;
		memcpy(id->idiag_dst, &p->sin_addr, 4);
	}
	id->idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	id->idiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

/* One round trip: an exact lookup of each socket in w[0..n-1]. */
static int round_trip(const struct tuples *t, const enum which *w, int n)
{
	static unsigned int seq;
	struct lookup q[MAXQ];
	char buf[MAXQ][512];
	struct iovec iov[MAXQ];
	struct mmsghdr mm[MAXQ];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int i, got = 0;

	memset(q, 0, sizeof(q));
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < n; i++) {
		q[i].nh.nlmsg_len = sizeof(q[i]);
		q[i].nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
		q[i].nh.nlmsg_flags = NLM_F_REQUEST;
		q[i].nh.nlmsg_seq = ++seq;
		q[i].r.sdiag_family = AF_INET;
		q[i].r.sdiag_protocol = IPPROTO_TCP;
		q[i].r.idiag_states = ~0U;
		if (w[i] == LIS)
			set_id(&q[i].r.id, &t->lis, NULL);
		else if (w[i] == CLI)
			set_id(&q[i].r.id, &t->cli, &t->lis);
		else
			set_id(&q[i].r.id, &t->lis, &t->cli);
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (sendto(nl, q, n * sizeof(q[0]), 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -1;
	while (got < n) {
		int r = recvmmsg(nl, mm + got, n - got, 0, NULL);

		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

#define RT(...) do { \
	static const enum which w_[] = { __VA_ARGS__ }; \
	if (round_trip(&t, w_, sizeof(w_) / sizeof(w_[0])) < 0) \
		return fail("netlink", n); \
} while (0)

static int cycle(int lfd, const struct sockaddr_in *sa, long n)
{
	static const char msg[] = "hello\n";
	struct tuples t = { .lis = *sa };
	socklen_t len = sizeof(t.cli);
	char buf[1024];
	int c, cfd;

	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0)
		return fail("socket", n);
	if (connect(c, (const struct sockaddr *)sa, sizeof(*sa)) < 0 ||
	    getsockname(c, (struct sockaddr *)&t.cli, &len) < 0)
		return fail("connect", n);
	RT(CLI, LIS, SRV);
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0)
		return fail("accept", n);
	RT(LIS, SRV, CLI);
	if (send(c, msg, sizeof(msg) - 1, 0) != (ssize_t)sizeof(msg) - 1)
		return fail("send c", n);
	RT(CLI, SRV);
	if (recv(cfd, buf, sizeof(buf), 0) != (ssize_t)sizeof(msg) - 1)
		return fail("recv cfd", n);
	RT(SRV, CLI);
	if (send(cfd, msg, sizeof(msg) - 1, 0) != (ssize_t)sizeof(msg) - 1)
		return fail("send cfd", n);
	RT(SRV, CLI);
	if (recv(c, buf, sizeof(buf), 0) != (ssize_t)sizeof(msg) - 1)
		return fail("recv c", n);
	RT(CLI, SRV);
	if (shutdown(c, SHUT_WR) < 0)
		return fail("shutdown", n);
	RT(CLI, SRV);
	RT(CLI, SRV);
	if (recv(cfd, buf, sizeof(buf), 0) != 0)
		return fail("recv EOF", n);
	RT(SRV, CLI);
	RT(CLI, SRV);
	if (close(cfd) < 0)
		return fail("close cfd", n);
	RT(CLI, SRV);
	if (recv(c, buf, sizeof(buf), 0) != 0)
		return fail("recv EOF c", n);
	RT(CLI);
	if (close(c) < 0)
		return fail("close c", n);
	RT(CLI);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	long i, n;
	int lfd;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: floor N\n");
		return 2;
	}
	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (nl < 0 || lfd < 0)
		return fail("socket", 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(lfd, 64) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) < 0)
		return fail("listener", 0);
	for (i = 0; i < n; i++)
		if (cycle(lfd, &sa, i) != 0)
			return 1;
	close(lfd);
	close(nl);
	return 0;
}
