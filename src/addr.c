/* addr.c - socket addresses: parse what a learner types, print them, and
 * write the C that would build them. */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>

#include "addr.h"
#include "i18n.h"
#include "parse.h"

static int is_any(const char *h)
{
	return strcmp(h, "any") == 0 || strcmp(h, "INADDR_ANY") == 0 ||
	       strcmp(h, "*") == 0 || strcmp(h, "in6addr_any") == 0;
}

static int is_loopback(const char *h)
{
	return strcasecmp(h, "localhost") == 0 ||
	       strcmp(h, "loopback") == 0 ||
	       strcmp(h, "INADDR_LOOPBACK") == 0 ||
	       strcmp(h, "in6addr_loopback") == 0;
}

static int parse_port(const char *p, unsigned int *port, struct sbuf *err)
{
	long v;

	if (parse_long(p, 0, 65535, &v) < 0 || p[0] == '-' || p[0] == '+') {
		sbuf_addf(err, _("bad port '%s': a port is a number from 0 to 65535 (0: let the kernel choose)"),
			  p);
		return -1;
	}
	*port = (unsigned int)v;
	return 0;
}

static int parse_unix(const char *path, struct addr *out, struct sbuf *err)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&out->ss;
	size_t n = strlen(path);

	if (n >= sizeof(un->sun_path)) {
		sbuf_addf(err, _("path too long: %zu bytes, sun_path holds %zu"),
			  n, sizeof(un->sun_path) - 1);
		return -1;
	}
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, n);
	if (path[0] == '@')	/* abstract: a NUL, then the name */
		un->sun_path[0] = '\0';
	else
		n++;		/* count the terminating NUL, as SUN_LEN does */
	out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	return 1;
}

/* Host text to an address of family (AF_UNSPEC: whichever parses). */
static int parse_host(const char *h, int family, struct addr *out,
		      struct sbuf *err)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&out->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&out->ss;
	int want6 = family == AF_INET6;

	if (is_any(h) || is_loopback(h) || strcmp(h, "0.0.0.0") == 0 ||
	    inet_pton(AF_INET, h, &in->sin_addr) == 1) {
		int lo = is_loopback(h), any = !lo && !isdigit((unsigned char)h[0]);

		if (want6 && (lo || any)) {
			in6->sin6_family = AF_INET6;
			in6->sin6_addr = lo ? in6addr_loopback : in6addr_any;
			out->len = sizeof(*in6);
			return 0;
		}
		in->sin_family = AF_INET;
		if (lo)
			in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		else if (any)
			in->sin_addr.s_addr = htonl(INADDR_ANY);
		else
			inet_pton(AF_INET, h, &in->sin_addr);
		out->len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, h, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		out->len = sizeof(*in6);
		return 0;
	}
	sbuf_addf(err, _("bad address '%s': write an IPv4 address like 127.0.0.1, an IPv6 one like ::1, any, localhost, or a socket's name"),
		  h);
	return -1;
}

/* The scope after '%' of an IPv6 address: an interface name or index. */
static int parse_scope(const char *z, struct addr *out, struct sbuf *err)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&out->ss;
	long v;

	if (out->ss.ss_family != AF_INET6) {
		sbuf_addf(err, _("bad address: a scope id (%%%s) belongs to an IPv6 address, as in [fe80::1%%lo]:8001"),
			  z);
		return -1;
	}
	if (isdigit((unsigned char)z[0])) {
		if (parse_long(z, 1, 0xffffffffL, &v) < 0) {
			sbuf_addf(err, _("bad scope id '%s': an interface index from 1 up, or its name"),
				  z);
			return -1;
		}
		in6->sin6_scope_id = (uint32_t)v;
		return 0;
	}
	if (strlen(z) >= sizeof(out->scope) ||
	    (in6->sin6_scope_id = if_nametoindex(z)) == 0) {
		sbuf_addf(err, _("bad scope id '%s': no such network interface ('ip link' lists them; lo is the loopback)"),
			  z);
		return -1;
	}
	strcpy(out->scope, z);
	return 0;
}

static void set_port(struct addr *out, unsigned int port, int no_htons)
{
	unsigned short p = no_htons ? (unsigned short)port
				    : htons((unsigned short)port);

	out->typed_port = port;
	out->no_htons = no_htons;
	if (out->ss.ss_family == AF_INET)
		((struct sockaddr_in *)&out->ss)->sin_port = p;
	else
		((struct sockaddr_in6 *)&out->ss)->sin6_port = p;
}

/* Split "host:port" or "[v6]:port" in place; *port NULL when absent. */
static char *split_host_port(char *t, char **port)
{
	char *c;

	*port = NULL;
	if (t[0] == '[') {
		c = strchr(t, ']');
		if (c == NULL)
			return NULL;
		*c = '\0';
		if (c[1] == ':')
			*port = c + 2;
		else if (c[1] != '\0')
			return NULL;
		return t + 1;
	}
	c = strrchr(t, ':');
	if (c && strchr(t, ':') == c) {	/* exactly one colon: v4:port */
		*c = '\0';
		*port = c + 1;
	}
	return t;
}

int addr_parse(const char *const *words, int n, int family, int no_htons,
	       struct addr *out, struct sbuf *err)
{
	char *copy, *host, *port, *scope;
	unsigned int p;
	int used = 1, r = -1;

	memset(out, 0, sizeof(*out));
	if (n < 1) {
		sbuf_add(err, _("missing address: write ADDR PORT, ADDR:PORT or a socket's name"));
		return -1;
	}
	if (family == AF_UNIX || words[0][0] == '/' || words[0][0] == '@' ||
	    (words[0][0] == '.' && words[0][1] == '/'))
		return parse_unix(words[0], out, err);
	copy = xstrdup(words[0]);
	host = split_host_port(copy, &port);
	if (host == NULL) {
		sbuf_addf(err, _("bad address '%s': write IPv6 as [::1]:8001"),
			  words[0]);
		goto out;
	}
	if (port == NULL) {
		if (n < 2) {
			sbuf_addf(err, _("missing port after '%s' (0 lets the kernel choose one)"),
				  words[0]);
			goto out;
		}
		port = (char *)words[1];
		used = 2;
	}
	scope = strchr(host, '%');
	if (scope)
		*scope++ = '\0';
	if (parse_host(host, family, out, err) < 0 ||
	    (scope && parse_scope(scope, out, err) < 0) ||
	    parse_port(port, &p, err) < 0)
		goto out;
	set_port(out, p, no_htons);
	r = used;
out:
	free(copy);
	return r;
}

/* Append v's decimal digits at p; returns the end. */
static char *put_uint(char *p, unsigned int v)
{
	char d[10];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = d[--n];
	return p;
}

/* "a.b.c.d:port" into buf (at least INET6_ADDRSTRLEN bytes). */
static const char *ipv4_text(char *buf, const struct in_addr *a,
			     unsigned int port)
{
	const unsigned char *b = (const unsigned char *)&a->s_addr;
	char *p = buf;
	int i;

	for (i = 0; i < 4; i++) {
		p = put_uint(p, b[i]);
		*p++ = i < 3 ? '.' : ':';
	}
	p = put_uint(p, port);
	*p = '\0';
	return buf;
}

void addr_format(struct sbuf *out, const struct sockaddr *sa, socklen_t len)
{
	char buf[INET6_ADDRSTRLEN];

	if (len == 0 || sa == NULL) {
		sbuf_add(out, "(unnamed)");
		return;
	}
	switch (sa->sa_family) {
	case AF_INET: {
		const struct sockaddr_in *in = (const void *)sa;

		/* What inet_ntop and "%s:%u" give, a few times per line
		 * of every state table: written out directly. */
		sbuf_add(out, ipv4_text(buf, &in->sin_addr,
					ntohs(in->sin_port)));
		return;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		char ifname[IF_NAMESIZE];

		inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof(buf));
		sbuf_addf(out, "[%s", buf);
		if (in6->sin6_scope_id &&
		    if_indextoname(in6->sin6_scope_id, ifname))
			sbuf_addf(out, "%%%s", ifname);
		else if (in6->sin6_scope_id)
			sbuf_addf(out, "%%%u", in6->sin6_scope_id);
		sbuf_addf(out, "]:%u", ntohs(in6->sin6_port));
		return;
	}
	case AF_UNIX: {
		const struct sockaddr_un *un = (const void *)sa;
		size_t off = offsetof(struct sockaddr_un, sun_path);
		size_t n = len > off ? len - off : 0;

		if (n == 0) {
			sbuf_add(out, "(unnamed)");
		} else if (un->sun_path[0] == '\0') {
			sbuf_addc(out, '@');
			sbuf_addn(out, un->sun_path + 1, n - 1);
		} else {
			sbuf_addn(out, un->sun_path,
				  strnlen(un->sun_path, n));
		}
		return;
	}
	default:
		sbuf_addf(out, "(family %d)", sa->sa_family);
	}
}

int addr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return -1;
}

void addr_wildcard_to_loopback(struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET && in->sin_addr.s_addr == INADDR_ANY)
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (ss->ss_family == AF_INET6 &&
		 IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr))
		in6->sin6_addr = in6addr_loopback;
}

static void c_port(struct sbuf *out, const struct addr *a)
{
	if (a->no_htons)
		sbuf_addf(out, "%u /* no htons()! */", a->typed_port);
	else
		sbuf_addf(out, "htons(%u)", addr_port((const void *)&a->ss));
}

static void c_scope(struct sbuf *out, const struct addr *a)
{
	const struct sockaddr_in6 *in6 = (const void *)&a->ss;

	if (a->scope[0])
		sbuf_addf(out, ", .sin6_scope_id = if_nametoindex(\"%s\")",
			  a->scope);
	else if (in6->sin6_scope_id)
		sbuf_addf(out, ", .sin6_scope_id = %u", in6->sin6_scope_id);
}

void addr_c_setup(struct sbuf *out, const struct addr *a, const char *var)
{
	char buf[INET6_ADDRSTRLEN];

	if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&a->ss;
		in_addr_t h = ntohl(in->sin_addr.s_addr);

		sbuf_addf(out, "struct sockaddr_in %s = { .sin_family = AF_INET, .sin_port = ",
			  var);
		c_port(out, a);
		if (h == INADDR_ANY || h == INADDR_LOOPBACK) {
			sbuf_addf(out, ", .sin_addr.s_addr = htonl(%s) };\n",
				  h == INADDR_ANY ? "INADDR_ANY"
						  : "INADDR_LOOPBACK");
			return;
		}
		inet_ntop(AF_INET, &in->sin_addr, buf, sizeof(buf));
		sbuf_addf(out, " };\ninet_pton(AF_INET, \"%s\", &%s.sin_addr);\n",
			  buf, var);
	} else if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&a->ss;

		sbuf_addf(out, "struct sockaddr_in6 %s = { .sin6_family = AF_INET6, .sin6_port = ",
			  var);
		c_port(out, a);
		if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ||
		    IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr)) {
			sbuf_addf(out, ", .sin6_addr = %s",
				  IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ?
				  "in6addr_loopback" : "in6addr_any");
			c_scope(out, a);
			sbuf_add(out, " };\n");
			return;
		}
		c_scope(out, a);
		inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof(buf));
		sbuf_addf(out, " };\ninet_pton(AF_INET6, \"%s\", &%s.sin6_addr);\n",
			  buf, var);
	} else if (a->ss.ss_family == AF_UNIX) {
		const struct sockaddr_un *un = (const void *)&a->ss;
		size_t off = offsetof(struct sockaddr_un, sun_path);
		size_t n = a->len > off ? a->len - off : 0;

		sbuf_addf(out, "struct sockaddr_un %s = { .sun_family = AF_UNIX };\n",
			  var);
		if (n == 0)
			return;
		if (un->sun_path[0] == '\0') {
			sbuf_addf(out, "memcpy(%s.sun_path, \"", var);
			parse_quote_c(out, un->sun_path, n);
			sbuf_addf(out, "\", %zu); /* abstract: no NUL at the end */\n",
				  n);
		} else {
			sbuf_addf(out, "strcpy(%s.sun_path, \"", var);
			parse_quote_c(out, un->sun_path,
				      strnlen(un->sun_path, n));
			sbuf_add(out, "\");\n");
		}
	}
}

/* The sun_path bytes of an abstract AF_UNIX address, else 0. */
static size_t abstract_len(const struct addr *a)
{
	const struct sockaddr_un *un = (const void *)&a->ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);

	if (a->ss.ss_family != AF_UNIX || a->len <= off ||
	    un->sun_path[0] != '\0')
		return 0;
	return a->len - off;
}

void addr_c_len(struct sbuf *out, const struct addr *a, const char *var)
{
	size_t n = abstract_len(a);

	/* An abstract name is every byte up to the length passed, so
	 * sizeof() would bind a longer name, padded with NULs. */
	if (n)
		sbuf_addf(out, "offsetof(struct sockaddr_un, sun_path) + %zu",
			  n);
	else
		sbuf_addf(out, "sizeof(%s)", var);
}
