/* consts.c - symbolic tables for socket constants, parsed and printed. */
#include "config.h"

#include <netinet/in.h>
#include <strings.h>
#include <string.h>
#include <sys/socket.h>

#include "consts.h"
#include "i18n.h"

#define DEF(c, s, h) { #c, s, c, h }
#define TABLE(var, kind, flags, arr) \
	const struct const_table var = { kind, arr, ARRAY_SIZE(arr), flags }

static const struct const_def domain_defs[] = {
	DEF(AF_INET, "inet", N_("IPv4")),
	DEF(AF_INET6, "inet6", N_("IPv6")),
	DEF(AF_UNIX, "unix", N_("local, named by a path")),
	DEF(AF_LOCAL, "local", N_("same as AF_UNIX")),
	DEF(AF_UNSPEC, "unspec", N_("unspecified")),
	DEF(AF_NETLINK, "netlink", N_("kernel messages")),
	DEF(AF_PACKET, "packet", N_("raw link-layer frames")),
};
TABLE(consts_domain, "domain", 0, domain_defs);

static const struct const_def type_defs[] = {
	DEF(SOCK_STREAM, "stream", N_("reliable byte stream (TCP)")),
	DEF(SOCK_DGRAM, "dgram", N_("datagrams (UDP)")),
	DEF(SOCK_SEQPACKET, "seqpacket", N_("reliable records")),
	DEF(SOCK_RAW, "raw", N_("raw packets (needs root)")),
	DEF(SOCK_NONBLOCK, "nonblock", N_("flag: non-blocking")),
	DEF(SOCK_CLOEXEC, "cloexec", N_("flag: close on exec")),
};
TABLE(consts_type, "type", 1, type_defs);

static const struct const_def proto_defs[] = {
	{ "0", NULL, 0, N_("the default for the type") },
	DEF(IPPROTO_TCP, "tcp", N_("TCP")),
	DEF(IPPROTO_UDP, "udp", N_("UDP")),
	DEF(IPPROTO_SCTP, "sctp", N_("SCTP")),
	DEF(IPPROTO_ICMP, "icmp", N_("ICMP")),
	DEF(IPPROTO_ICMPV6, "icmpv6", N_("ICMPv6")),
	DEF(IPPROTO_IP, "ip", N_("0, the default")),
};
TABLE(consts_proto, "proto", 0, proto_defs);

static const struct const_def shut_defs[] = {
	DEF(SHUT_RD, "rd", N_("no more receiving")),
	DEF(SHUT_WR, "wr", N_("no more sending: sends FIN")),
	DEF(SHUT_RDWR, "rdwr", N_("both")),
};
TABLE(consts_shut, "shut", 0, shut_defs);

static const struct const_def msg_defs[] = {
	{ "0", NULL, 0, N_("no flags") },
	DEF(MSG_PEEK, "peek", N_("look without taking the data out")),
	DEF(MSG_DONTWAIT, "dontwait", N_("do not block, this call only")),
	DEF(MSG_WAITALL, "waitall", N_("wait for the full length")),
	DEF(MSG_NOSIGNAL, "nosignal", N_("EPIPE instead of SIGPIPE")),
	DEF(MSG_OOB, "oob", N_("urgent data")),
	DEF(MSG_TRUNC, "trunc", N_("return the real datagram length")),
	DEF(MSG_MORE, "more", N_("more data follows")),
	DEF(MSG_CONFIRM, "confirm", N_("neighbour is reachable")),
};
TABLE(consts_msg, "msg", 1, msg_defs);

static const struct const_def level_defs[] = {
	DEF(SOL_SOCKET, "socket", N_("socket-level options (SO_*)")),
	DEF(IPPROTO_TCP, "tcp", N_("TCP options (TCP_*)")),
	DEF(IPPROTO_IP, "ip", N_("IPv4 options (IP_*)")),
	DEF(IPPROTO_IPV6, "ipv6", N_("IPv6 options (IPV6_*)")),
	DEF(IPPROTO_UDP, "udp", N_("UDP options")),
};
TABLE(consts_level, "level", 0, level_defs);

static const struct const_def inaddr_defs[] = {
	DEF(INADDR_ANY, "any", N_("0.0.0.0: every local address")),
	DEF(INADDR_LOOPBACK, "loopback", N_("127.0.0.1")),
	DEF(INADDR_BROADCAST, "broadcast", N_("255.255.255.255")),
};
TABLE(consts_inaddr, "inaddr", 0, inaddr_defs);

static const struct const_table *const all_tables[] = {
	&consts_domain, &consts_type, &consts_proto, &consts_shut,
	&consts_msg, &consts_level, &consts_opt_socket, &consts_opt_tcp,
	&consts_opt_ip, &consts_opt_ipv6, &consts_poll, &consts_inaddr,
};

const struct const_table *consts_table_at(size_t i)
{
	return i < ARRAY_SIZE(all_tables) ? all_tables[i] : NULL;
}

const struct const_table *consts_by_kind(const char *kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_tables); i++)
		if (strcmp(all_tables[i]->kind, kind) == 0)
			return all_tables[i];
	return NULL;
}

static int parse_one(const struct const_table *t, const char *w, size_t len,
		     long *out)
{
	size_t i;
	char num[32];

	for (i = 0; i < t->n; i++) {
		const struct const_def *d = &t->defs[i];

		/* sock_dgram is SOCK_DGRAM too: any case, as a learner
		 * types it (the lesson format promises it). */
		if ((strlen(d->name) == len &&
		     strncasecmp(d->name, w, len) == 0) ||
		    (d->short_name && strlen(d->short_name) == len &&
		     strncasecmp(d->short_name, w, len) == 0)) {
			*out = d->value;
			return 0;
		}
	}
	if (len == 0 || len >= sizeof(num))
		return -1;
	memcpy(num, w, len);
	num[len] = '\0';
	return parse_long(num, -2147483647L - 1, 2147483647L, out);
}

static void list_choices(const struct const_table *t, struct sbuf *err)
{
	size_t i;

	sbuf_add(err, _("; one of:"));
	for (i = 0; i < t->n; i++) {
		sbuf_addf(err, " %s", t->defs[i].name);
		if (t->defs[i].short_name)
			sbuf_addf(err, " (%s)", t->defs[i].short_name);
	}
}

int consts_parse(const struct const_table *t, const char *word, long *out,
		 struct sbuf *err)
{
	const char *p = word, *bar;
	long v, acc = 0;

	for (;;) {
		bar = t->is_flags ? strchr(p, '|') : NULL;
		if (parse_one(t, p, bar ? (size_t)(bar - p) : strlen(p),
			      &v) < 0) {
			sbuf_addf(err, _("unknown %s '%s'"), t->kind, word);
			list_choices(t, err);
			return -1;
		}
		acc |= v;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	*out = acc;
	return 0;
}

const char *consts_name(const struct const_table *t, long value)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->defs[i].value == value)
			return t->defs[i].name;
	return NULL;
}

void consts_format(const struct const_table *t, long value, struct sbuf *out)
{
	const char *name = consts_name(t, value);
	long rest = value;
	size_t i, start = out->len;

	if (name || !t->is_flags) {
		if (name)
			sbuf_add(out, name);
		else
			sbuf_addf(out, "%ld", value);
		return;
	}
	/* Flags: the largest names first would be nicer, but table order
	 * puts the base value (e.g. SOCK_STREAM) before its flags. */
	for (i = 0; i < t->n && rest; i++) {
		long v = t->defs[i].value;

		if (v == 0 || (rest & v) != v)
			continue;
		if (t == &consts_type && i < 4 && (rest & 0xf) != v)
			continue;
		sbuf_addf(out, "%s%s", out->len > start ? "|" : "",
			  t->defs[i].name);
		rest &= ~v;
	}
	if (rest || out->len == start)
		sbuf_addf(out, "%s%ld", out->len > start ? "|" : "", rest);
}

int consts_name_value(const struct const_table *t, const char *word,
		      long *out)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->defs[i].name, word) == 0 ||
		    (t->defs[i].short_name &&
		     strcasecmp(t->defs[i].short_name, word) == 0)) {
			*out = t->defs[i].value;
			return 0;
		}
	return -1;
}
