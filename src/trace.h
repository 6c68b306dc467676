/* trace.h - capture the session's segments on loopback (libpcap) and
 * name their endpoints by the session's sockets. */
#ifndef SOCKREPL_TRACE_H
#define SOCKREPL_TRACE_H

#include "pkt.h"
#include "record.h"
#include "session.h"

#define TRACE_LABEL_MAX 64	/* "lfd#12", "[::1]:65535" */

/* One captured segment, its endpoints named when it was read. */
struct trace_seg {
	struct pkt p;
	char from[TRACE_LABEL_MAX], to[TRACE_LABEL_MAX];
	/* ICMP port unreachable: the datagram it answers, named. */
	char orig_from[TRACE_LABEL_MAX], orig_to[TRACE_LABEL_MAX];
	int early;	/* arrived before the command ran (while idle) */
};

/* Why tracing cannot start (FACT_TRACE_DENIED's reason). */
enum trace_denied {
	TRACE_NO_PRIVILEGE,	/* no CAP_NET_RAW: not root, not --netns */
	TRACE_NO_PCAP,		/* libpcap failed otherwise: its message */
};

/* Whether this machine lets a plain user make a user namespace. */
enum trace_userns {
	USERNS_OK,
	USERNS_NO_CLONE,	/* kernel.unprivileged_userns_clone = 0 */
	USERNS_NO_MAX,		/* user.max_user_namespaces = 0 */
};

/*
 * Start capturing on the loopback interface. Returns 0, or -1 with the
 * reason in *why and libpcap's message in msg (n bytes).
 */
int trace_start(struct session *s, enum trace_denied *why, char *msg,
		size_t n);
/* Stop capturing (nothing when off). */
void trace_stop(struct session *s);
/* 1 while capturing. */
int trace_active(const struct session *s);
/* Segments captured so far. */
unsigned long trace_count(const struct session *s);
/* The state of user namespaces for a plain user, from /proc/sys. */
enum trace_userns trace_userns(void);

/* Before a command runs: take the segments that arrived while idle into
 * r (marked early), and widen the capture filter to the ports the
 * command names (a connect's target). */
void trace_before(struct session *s, struct record *r,
		  const struct sockaddr_storage *const *addrs, int naddrs);
/* After it ran: take the segments it caused into r. */
void trace_after(struct session *s, struct record *r);
/* Wait up to ms milliseconds for a segment to arrive; 1 if one did (or
 * is already waiting), 0 if not, -1 when not capturing. */
int trace_wait(struct session *s, int ms);
/* The capture's descriptor, for a prompt to wait on; -1 when off. */
int trace_fd(const struct session *s);
/* Take the segments waiting now into r, marked early or not. */
void trace_take(struct session *s, struct record *r, int early);
/* Every segment captured since trace on, in order (*segs; the count);
 * valid until the next capture. */
size_t trace_log(const struct session *s, const struct trace_seg **segs);
/* Where expect trace goes on looking in the log; NULL when off. */
size_t *trace_cursor(struct session *s);

/* Append a segment to a record (the record owns its list). */
void record_add_seg(struct record *r, const struct trace_seg *seg);

#endif
