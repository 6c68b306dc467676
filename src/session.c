/* session.c - the descriptors this session created, their names, options. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "session.h"
#include "trace.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SESSION_MOVING_TABLE 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
#define SESSION_MOVING_TABLE 1
#endif

void session_init(struct session *s, FILE *out)
{
	const char *cs = nl_langinfo(CODESET);

	memset(s, 0, sizeof(*s));
	s->nlfd = -1;
	s->out = out;
	s->opt.show_c = 1;
	s->opt.show_state = 1;
	s->opt.explain = 1;
	s->opt.utf8 = cs && strcmp(cs, "UTF-8") == 0;
}

void session_free(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nsocks; i++) {
		if (s->socks[i].fd >= 0)
			close(s->socks[i].fd);
		free(s->socks[i].cache);
	}
	if (s->nlfd >= 0)
		close(s->nlfd);
	if (s->cvars)
		s->cvars_free(s->cvars);
	s->cvars = NULL;
	if (s->journal)
		s->journal_free(s->journal);
	s->journal = NULL;
	trace_stop(s);
	free(s->socks);
	free(s->keys);
	free(s->port_head);
	free(s->port_nodes);
	s->socks = NULL;
	s->keys = NULL;
	s->port_head = NULL;
	s->port_nodes = NULL;
	s->nport_nodes = s->port_free = 0;
	s->nsocks = s->cap = 0;
	s->nlfd = -1;
}

/* Make room for n entries. Built with AddressSanitizer, the table moves
 * on every change, so that a struct sock pointer kept across
 * a change is caught by any test, not only when the table grows. */
static void table_reserve(struct session *s, size_t n)
{
#ifdef SESSION_MOVING_TABLE
	size_t cap = n > s->cap ? 2 * n : s->cap;
	struct sock *v = xmalloc(sizeof(*v) * (cap ? cap : 1));

	if (s->nsocks)
		memcpy(v, s->socks, sizeof(*v) * s->nsocks);
	free(s->socks);
	s->socks = v;
	s->cap = cap;
#else
	if (n <= s->cap)
		return;
	s->cap = s->cap ? 2 * s->cap : 8;
	if (s->cap < n)
		s->cap = n;
	s->socks = xrealloc(s->socks, sizeof(*s->socks) * s->cap);
#endif
	s->keys = xrealloc(s->keys, sizeof(*s->keys) * (s->cap ? s->cap : 1));
}

/* FNV-1a of a name; never 0, which stands for no name. */
static unsigned int name_hash(const char *name)
{
	unsigned int h = 2166136261u;

	if (*name == '\0')
		return 0;
	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h ? h : 1;
}

static unsigned short inet_port(const struct sockaddr_storage *ss,
				socklen_t len)
{
	if (len == 0 || (ss->ss_family != AF_INET && ss->ss_family != AF_INET6))
		return 0;
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/* Link socket id under port (peer or local); its node number + 1. */
static unsigned int port_link(struct session *s, unsigned short port,
			      int peer, sock_id id)
{
	unsigned int n, *head;
	struct port_node *node;

	if (port == 0)
		return 0;
	if (s->port_head == NULL)
		s->port_head = xcalloc(PORT_BUCKETS, sizeof(*s->port_head));
	if (s->port_free) {
		n = s->port_free;
		s->port_free = s->port_nodes[n - 1].next;
	} else {
		if ((s->nport_nodes & (s->nport_nodes - 1)) == 0)
			s->port_nodes = xrealloc(
				s->port_nodes,
				(s->nport_nodes ? 2 * s->nport_nodes : 16) *
					sizeof(*s->port_nodes));
		n = ++s->nport_nodes;
	}
	head = &s->port_head[port % PORT_BUCKETS];
	node = &s->port_nodes[n - 1];
	node->port = port;
	node->peer = (unsigned char)peer;
	node->id = id;
	node->next = *head;
	*head = n;
	return n;
}

/* Unlink node n (+ 1) from its chain and free it. */
static void port_unlink(struct session *s, unsigned int n)
{
	unsigned int *p;

	if (n == 0)
		return;
	p = &s->port_head[s->port_nodes[n - 1].port % PORT_BUCKETS];
	while (*p && *p != n)
		p = &s->port_nodes[*p - 1].next;
	if (*p)
		*p = s->port_nodes[n - 1].next;
	s->port_nodes[n - 1].next = s->port_free;
	s->port_free = n;
}

/* Set the key's ports, moving its port-index entries. */
static void key_ports(struct session *s, size_t i, unsigned short lport,
		      unsigned short pport)
{
	struct sock_key *k = &s->keys[i];

	if (k->lport != lport || (lport && !k->lnode)) {
		port_unlink(s, k->lnode);
		k->lport = lport;
		k->lnode = port_link(s, lport, 0, s->socks[i].id);
	}
	if (k->pport != pport || (pport && !k->pnode)) {
		port_unlink(s, k->pnode);
		k->pport = pport;
		k->pnode = port_link(s, pport, 1, s->socks[i].id);
	}
}

/* Make s->keys[i] say what s->socks[i] is now. */
static void key_update(struct session *s, size_t i)
{
	const struct sock *sk = &s->socks[i];
	struct sock_key *k = &s->keys[i];

	k->fd = sk->fd;
	k->name_hash = name_hash(sk->name);
	k->domain = sk->domain;
	key_ports(s, i, inet_port(&sk->local, sk->local_len),
		  inet_port(&sk->peer, sk->peer_len));
}

sock_id session_port_next(const struct session *s, unsigned short port,
			  int peer, unsigned int *cursor)
{
	unsigned int n;

	if (s->port_head == NULL || port == 0)
		return 0;
	n = *cursor ? s->port_nodes[*cursor - 1].next
		    : s->port_head[port % PORT_BUCKETS];
	while (n && (s->port_nodes[n - 1].port != port ||
		     s->port_nodes[n - 1].peer != peer))
		n = s->port_nodes[n - 1].next;
	*cursor = n;
	return n ? s->port_nodes[n - 1].id : 0;
}

void session_key_ports(struct session *s, const struct sock *sk,
		       const struct sockaddr_storage *local, socklen_t llen,
		       const struct sockaddr_storage *peer, socklen_t plen)
{
	size_t i = (size_t)(sk - s->socks);
	unsigned short lport = inet_port(local, llen);
	unsigned short pport = inet_port(peer, plen);

	key_ports(s, i, lport ? lport : s->keys[i].lport,
		  pport ? pport : s->keys[i].pport);
}

const struct sock_key *session_key(const struct session *s, size_t i)
{
	return i < s->nsocks ? &s->keys[i] : NULL;
}

/* Remember the connection of entry i, about to be forgotten. When the
 * list is full the older half goes at once: one move per
 * SESSION_GHOSTS / 2 connections, not a move of the whole list each. */
static void ghost_add(struct session *s, size_t i)
{
	const struct sock *sk = &s->socks[i];
	struct ghost *g;

	if ((sk->domain != AF_INET && sk->domain != AF_INET6) ||
	    sk->type != SOCK_STREAM || sk->local_len == 0 ||
	    sk->peer_len == 0)
		return;
	if (s->nghosts == SESSION_GHOSTS) {
		memmove(&s->ghosts[0], &s->ghosts[SESSION_GHOSTS / 2],
			sizeof(s->ghosts[0]) * (SESSION_GHOSTS / 2));
		s->nghosts = SESSION_GHOSTS / 2;
	}
	g = &s->ghosts[s->nghosts++];
	g->local = sk->local;
	g->peer = sk->peer;
	g->local_len = sk->local_len;
	g->peer_len = sk->peer_len;
	g->family = sk->domain;
}

void session_ghost_drop(struct session *s, size_t i)
{
	if (i >= s->nghosts)
		return;
	memmove(&s->ghosts[i], &s->ghosts[i + 1],
		sizeof(s->ghosts[0]) * (s->nghosts - i - 1));
	s->nghosts--;
}

/* Remove entry i, keeping the order (and so ascending ids). */
static void table_remove(struct session *s, size_t i)
{
	ghost_add(s, i);
	free(s->socks[i].cache);
	port_unlink(s, s->keys[i].lnode);
	port_unlink(s, s->keys[i].pnode);
	memmove(&s->socks[i], &s->socks[i + 1],
		sizeof(*s->socks) * (s->nsocks - i - 1));
	memmove(&s->keys[i], &s->keys[i + 1],
		sizeof(*s->keys) * (s->nsocks - i - 1));
	s->nsocks--;
	table_reserve(s, s->nsocks);
}

/* Forget closed entries called name, and unname open ones. */
static void release_name(struct session *s, const char *name)
{
	size_t i = 0;

	unsigned int h = name_hash(name);

	while (i < s->nsocks) {
		struct sock *sk = &s->socks[i];

		if (s->keys[i].name_hash != h || strcmp(sk->name, name) != 0) {
			i++;
			continue;
		}
		if (sk->fd >= 0) {
			sk->name[0] = '\0';
			key_update(s, i);
			i++;
			continue;
		}
		table_remove(s, i);
	}
}

/* 1 if a socket made so is a TCP, UDP or unix stream or datagram socket:
 * what it is and where it stands follow from how it was made. */
static int plain_kind(int domain, int type, int protocol)
{
	int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);

	return (domain == AF_INET || domain == AF_INET6 || domain == AF_UNIX) &&
	       (kind == SOCK_STREAM || kind == SOCK_DGRAM) &&
	       (protocol == 0 ||
		(domain != AF_UNIX &&
		 protocol == (kind == SOCK_STREAM ? IPPROTO_TCP
						  : IPPROTO_UDP)));
}

/* What descriptor fd is: its inode from fstat, the rest from how it was
 * made when that says it (protocol 0 of an inet stream or datagram
 * socket is TCP or UDP), else asked (diag_fd_ident). */
static void ident_of(int fd, int domain, int type, int protocol,
		     struct diag_ident *id)
{
	struct stat st;
	int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (!plain_kind(domain, type, protocol) ||
	    fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		diag_fd_ident(fd, id);
		return;
	}
	memset(id, 0, sizeof(*id));
	id->inode = st.st_ino;
	id->uid = st.st_uid;
	id->family = domain;
	id->type = kind;
	id->protocol = domain == AF_UNIX ? 0
		       : kind == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
}

/* A new entry for fd, its addresses not yet filled in. */
static struct sock *add_entry(struct session *s, int fd,
			      const char *name, int domain, int type,
			      int protocol)
{
	struct sock *sk;

	if (name && *name)
		release_name(s, name);
	table_reserve(s, s->nsocks + 1);
	sk = &s->socks[s->nsocks];
	memset(&s->keys[s->nsocks++], 0, sizeof(*s->keys));
	memset(sk, 0, sizeof(*sk));
	sk->id = ++s->next_id;
	sk->fd = fd;
	if (name)
		snprintf(sk->name, sizeof(sk->name), "%s", name);
	sk->domain = domain;
	sk->type = type;
	sk->protocol = protocol;
	ident_of(fd, domain, type, protocol, &sk->ident);
	return sk;
}

/* The addresses getsockname gives a plain socket socket() has just made:
 * the family's and nothing else (no port, no path); no peer. */
static void unbound_addrs(struct sock *sk)
{
	memset(&sk->local, 0, sizeof(sk->local));
	sk->local.ss_family = (sa_family_t)sk->domain;
	sk->local_len = sk->domain == AF_INET ? sizeof(struct sockaddr_in)
			: sk->domain == AF_INET6
				? sizeof(struct sockaddr_in6)
				: offsetof(struct sockaddr_un, sun_path);
	sk->peer_len = 0;
}

sock_id session_add_new(struct session *s, int fd, const char *name,
			int domain, int type, int protocol)
{
	struct sock *sk;

	if (!plain_kind(domain, type, protocol))
		return session_add(s, fd, name, domain, type, protocol);
	sk = add_entry(s, fd, name, domain, type, protocol);
	unbound_addrs(sk);
	key_update(s, (size_t)(sk - s->socks));
	return sk->id;
}

sock_id session_add(struct session *s, int fd, const char *name,
		    int domain, int type, int protocol)
{
	struct sock *sk = add_entry(s, fd, name, domain, type, protocol);

	session_refresh(s, sk);
	return sk->id;
}

/* The index of id in the table, or -1. */
static long sock_index(const struct session *s, sock_id id)
{
	size_t lo = 0, hi = s->nsocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->socks[mid].id == id)
			return (long)mid;
		if (s->socks[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long session_index(const struct session *s, sock_id id)
{
	return id ? sock_index(s, id) : -1;
}

struct sock *session_sock(struct session *s, sock_id id)
{
	long i = id ? sock_index(s, id) : -1;

	return i < 0 ? NULL : &s->socks[i];
}

struct sock *session_at(struct session *s, size_t i)
{
	return i < s->nsocks ? &s->socks[i] : NULL;
}

struct sock *session_find_fd(struct session *s, int fd)
{
	size_t i;

	for (i = 0; fd >= 0 && i < s->nsocks; i++)
		if (s->keys[i].fd == fd)
			return &s->socks[i];
	return NULL;
}

struct sock *session_find_name(struct session *s, const char *name)
{
	unsigned int h = name_hash(name);
	size_t i;

	for (i = 0; h && i < s->nsocks; i++)
		if (s->keys[i].name_hash == h &&
		    strcmp(s->socks[i].name, name) == 0)
			return &s->socks[i];
	return NULL;
}

/* The open sockets, to choose from: a few, then how many more. */
#define LIST_OPEN_MAX 12
static void list_open(struct session *s, struct sbuf *err)
{
	struct sbuf yours = SBUF_INIT;
	size_t i, shown = 0, more = 0;

	for (i = 0; i < s->nsocks; i++) {
		if (s->socks[i].fd < 0)
			continue;
		if (shown == LIST_OPEN_MAX) {
			more++;
			continue;
		}
		sbuf_addf(&yours, "%s%d%s%s", shown ? ", " : "",
			  s->socks[i].fd, s->socks[i].name[0] ? " " : "",
			  s->socks[i].name);
		shown++;
	}
	/* TRANSLATORS: %s lists the open sockets: "3 lfd, 4 c". */
	if (more)
		sbuf_addf(err, _(" (yours: %s and %zu more: fds lists them)"),
			  yours.s, more);
	else if (shown)
		sbuf_addf(err, _(" (yours: %s)"), yours.s);
	else
		sbuf_add(err, _(" (you have none yet: try socket inet stream)"));
	sbuf_free(&yours);
}

struct sock *session_resolve(struct session *s, const char *word,
			     struct sbuf *err)
{
	static const char *const std[] = { N_("standard input"),
					   N_("standard output"),
					   N_("standard error") };
	struct sock *sk;
	long fd;

	if (parse_long(word, 0, 1L << 30, &fd) < 0) {
		sk = session_find_name(s, word);
		if (sk && sk->fd >= 0)
			return sk;
		if (sk)
			sbuf_addf(err, _("%s is closed"), word);
		else if (parse_is_name(word))
			sbuf_addf(err, _("no socket is called '%s'"), word);
		else
			sbuf_addf(err, _("'%s' is not a descriptor: give a number or a socket's name"),
				  word);
		list_open(s, err);
		return NULL;
	}
	sk = session_find_fd(s, (int)fd);
	if (sk)
		return sk;
	if (fd <= 2)
		sbuf_addf(err, _("refusing to touch fd %ld: it is sockrepl's %s, not a socket you created"),
			  fd, _(std[fd]));
	else if (fd == s->nlfd)
		sbuf_addf(err, _("refusing to touch fd %ld: it is sockrepl's own netlink socket, used to read socket state"),
			  fd);
	else
		sbuf_addf(err, _("fd %ld is not a socket this session created; sockrepl only touches its own"),
			  fd);
	list_open(s, err);
	return NULL;
}

void session_refresh(struct session *s, struct sock *sk)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (sk->fd < 0)
		return;
	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	if (getsockname(sk->fd, (struct sockaddr *)&ss, &len) == 0) {
		sk->local = ss;
		sk->local_len = len;
	}
	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	if (getpeername(sk->fd, (struct sockaddr *)&ss, &len) == 0) {
		sk->peer = ss;
		sk->peer_len = len;
	}
	key_update(s, (size_t)(sk - s->socks));
}

void session_closed(struct session *s, sock_id id)
{
	long i = id ? sock_index(s, id) : -1;

	if (i < 0)
		return;
	if (s->socks[i].name[0] == '\0') {
		table_remove(s, (size_t)i);
	} else {
		s->socks[i].fd = -1;
		s->keys[i].fd = -1;
	}
}

const char *session_label(const struct sock *sk, char *buf, size_t n)
{
	if (sk->name[0])
		return sk->name;
	snprintf(buf, n, "%d", sk->fd);
	return buf;
}

/* One past the highest descriptor sockrepl gives itself: the limit, but
 * no more than SESSION_PRIVATE_TOP (a higher number would only make the
 * kernel's descriptor table bigger). */
static int private_top(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > SESSION_PRIVATE_TOP)
		return SESSION_PRIVATE_TOP;
	return (int)rl.rlim_cur;
}

int session_high_fd(int fd)
{
	int want, hi;

	if (fd < 0)
		return fd;
	/* From the top down: the first number that is not open. */
	for (want = private_top() - 1; want > fd; want--) {
		if (fcntl(want, F_GETFD) >= 0 || errno != EBADF)
			continue;
		hi = fcntl(fd, F_DUPFD_CLOEXEC, want);
		if (hi < 0)
			return fd;
		close(fd);
		return hi;
	}
	return fd;
}

int session_nlfd(struct session *s)
{
	if (s->nlfd < 0)
		s->nlfd = session_high_fd(diag_open());
	return s->nlfd;
}
