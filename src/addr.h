/* addr.h - socket addresses: parse what a learner types, print them, and
 * write the C that would build them. */
#ifndef SOCKREPL_ADDR_H
#define SOCKREPL_ADDR_H

#include <sys/socket.h>

#include "util.h"

struct addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int no_htons;		/* port stored without htons() on purpose */
	unsigned int typed_port;	/* the port as typed */
	char scope[16];		/* IPv6 scope as an interface name ("lo"; at
				 * most IF_NAMESIZE - 1 bytes),
				 * "" when given as a number or not at all */
};

/*
 * Parse an address from words[0] and maybe words[1]: "ADDR PORT",
 * "ADDR:PORT", "[V6]:PORT", "[V6] PORT", an IPv6 scope ("[fe80::1%lo]:0",
 * "fe80::1%2 0"), "any"/"INADDR_ANY"/"0.0.0.0",
 * "localhost"/"loopback", an AF_UNIX path ("/tmp/x.sock", "./x") or
 * abstract name ("@x"). family is the socket's domain, or AF_UNSPEC to
 * guess from the text. With no_htons the port is stored in host order, as
 * a program that forgot htons() would. Returns the number of words used
 * (1 or 2), or -1 with a one-line message in err.
 */
int addr_parse(const char *const *words, int n, int family, int no_htons,
	       struct addr *out, struct sbuf *err);
/* Append the address as text: "127.0.0.1:8001", "[::1]:8001",
 * "[fe80::1%lo]:8001",
 * "/tmp/x.sock", "@name", "(unnamed)". */
void addr_format(struct sbuf *out, const struct sockaddr *sa, socklen_t len);
/* Append C statements that build the address in a variable named var
 * ("addr"), as the learner's program would. */
void addr_c_setup(struct sbuf *out, const struct addr *a, const char *var);
/* Append the C length argument that passes that variable to bind,
 * connect or sendto as the shell did: "sizeof(addr)", or for an abstract
 * AF_UNIX name its exact length, "offsetof(struct sockaddr_un, sun_path)
 * + 5". */
void addr_c_len(struct sbuf *out, const struct addr *a, const char *var);
/* The port of an AF_INET/AF_INET6 address in host order, else -1. */
int addr_port(const struct sockaddr *sa);
/* Turn a wildcard address (0.0.0.0, ::) into loopback, for connecting to
 * a socket bound to "any" by its name. */
void addr_wildcard_to_loopback(struct sockaddr_storage *ss);

#endif
