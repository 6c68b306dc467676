/* consts.h - every symbolic table: AF_*, SOCK_*, SO_*, MSG_*, errno. */
#ifndef SOCKREPL_CONSTS_H
#define SOCKREPL_CONSTS_H

#include <stddef.h>

#include "util.h"

struct const_def {
	const char *name;	/* as in C: "AF_INET" */
	const char *short_name;	/* lower-case short form: "inet", or NULL */
	long value;
	const char *help;	/* a few words, or NULL */
};

struct const_table {
	const char *kind;	/* completion kind and messages: "domain" */
	const struct const_def *defs;
	size_t n;
	int is_flags;		/* values combine with '|' */
};

extern const struct const_table consts_domain;	/* AF_* */
extern const struct const_table consts_type;	/* SOCK_* (+ flags) */
extern const struct const_table consts_proto;	/* IPPROTO_* */
extern const struct const_table consts_shut;	/* SHUT_* */
extern const struct const_table consts_msg;	/* MSG_* */
extern const struct const_table consts_level;	/* SOL_SOCKET, IPPROTO_* */
extern const struct const_table consts_inaddr;	/* INADDR_ANY, ... */

/* Parse a constant: its C name, its short form (case-insensitive), or a
 * number; for flag tables also A|B|C. 0 on success; -1 with a message
 * listing the choices in err. */
int consts_parse(const struct const_table *t, const char *word, long *out,
		 struct sbuf *err);
/* Only a name or short form of t (no number): 0 and its value, or -1. */
int consts_name_value(const struct const_table *t, const char *word,
		      long *out);
/* The C name of value, or NULL. */
const char *consts_name(const struct const_table *t, long value);
/* Append value as C: a name, "A|B" for flags, else the number. */
void consts_format(const struct const_table *t, long value, struct sbuf *out);

/* Socket options per level and poll events (consts-opt.c). */
extern const struct const_table consts_opt_socket;	/* SO_* */
extern const struct const_table consts_opt_tcp;	/* TCP_* */
extern const struct const_table consts_opt_ip;	/* IP_* */
extern const struct const_table consts_opt_ipv6;	/* IPV6_* */
extern const struct const_table consts_poll;	/* POLLIN, ... */

/* d's help, translated (help texts are marked N_() in their tables), or
 * NULL. Show this, not d->help. */
const char *consts_help(const struct const_def *d);
/* The option table of a level (SOL_SOCKET, IPPROTO_TCP, ...), or NULL. */
const struct const_table *consts_opt_table(long level);
/* What option name of level does, translated; NULL if unknown. */
const char *consts_opt_help(long level, long name);
/* The table for a completion kind ("domain", "msg", ...), or NULL. */
const struct const_table *consts_by_kind(const char *kind);
/* Every table, for completion: the i-th, or NULL past the end. */
const struct const_table *consts_table_at(size_t i);

/* errno names and teaching explanations (consts-errno.c). */
/* "EADDRINUSE" for EADDRINUSE, NULL for an unknown number. */
const char *consts_errno_name(int err);
/* EADDRINUSE for "EADDRINUSE", -1 if unknown. */
int consts_errno_value(const char *name);
/* One or two lines on the usual cause and fix of err from call; falls
 * back to a text for err from any call, then NULL. Translated, like
 * every explanation below. */
const char *consts_errno_explain(const char *call, int err);
/* The same for a call made with these integer arguments (socket:
 * domain, type, protocol), when err means something else for them: a
 * raw socket with protocol 0, SCTP not loaded, a ping socket. narg 0:
 * consts_errno_explain(). */
const char *consts_errno_explain_args(const char *call, int err,
				      const long *arg, int narg);
/* The text for err from call when its address is of family (AF_UNIX: a
 * path, where the usual text speaks of ports and RST), else NULL. */
const char *consts_errno_explain_family(const char *call, int err,
					int family);
/* The i-th errno name, NULL past the end (completion). */
const char *consts_errno_at(size_t i);

#endif
