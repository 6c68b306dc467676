/* pkt.h - decode one captured frame into a segment (TCP, UDP, ICMP) and
 * follow connections: relative sequence numbers, retransmissions. */
#ifndef SOCKREPL_PKT_H
#define SOCKREPL_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define PKT_PREVIEW 24	/* payload bytes kept for the preview */

/* Link types we decode (pcap's DLT_ numbers, so that this header needs no
 * pcap.h). */
#define PKT_DLT_NULL 0
#define PKT_DLT_EN10MB 1
#define PKT_DLT_RAW 12
#define PKT_DLT_LINUX_SLL 113

enum pkt_proto { PKT_TCP, PKT_UDP, PKT_ICMP };

/* Why a RST was sent, as far as the segments before it tell. */
enum pkt_rst {
	RST_UNKNOWN,
	RST_NO_LISTENER,	/* it answers a SYN: nothing listens there */
	RST_AFTER_CLOSE,	/* its sender had sent FIN: data came after */
	RST_ABORT,		/* in a connection: close() with data unread,
				 * or SO_LINGER 0 */
};

/* TCP flags, as in the header's byte 13. */
#define PKT_FIN 0x01
#define PKT_SYN 0x02
#define PKT_RST 0x04
#define PKT_PSH 0x08
#define PKT_ACK 0x10
#define PKT_URG 0x20

/* One decoded segment (or datagram, or ICMP error). */
struct pkt {
	enum pkt_proto proto;
	int family;				/* AF_INET, AF_INET6 */
	struct sockaddr_storage src, dst;	/* with the ports */
	long long usec;				/* capture time */
	/* TCP */
	unsigned int flags;
	uint32_t seq, ack;			/* as on the wire */
	uint32_t rseq, rack;			/* relative (pkt_track) */
	unsigned int win;			/* unscaled, as sent */
	int mss, wscale, sack_ok;		/* options; -1: absent */
	int retrans;				/* seen before (pkt_track) */
	int rst_why;		/* a RST's likely cause (pkt_track) */
	long long retrans_usec;			/* since the previous copy */
	/* TCP and UDP */
	size_t paylen;				/* payload bytes */
	unsigned char preview[PKT_PREVIEW];
	size_t previewlen;
	/* ICMP (and ICMPv6) errors */
	int icmp_type, icmp_code;
	int unreach_port;	/* a port unreachable: the datagram it
				 * answers is in orig_src -> orig_dst */
	struct sockaddr_storage orig_src, orig_dst;
};

/*
 * Decode one frame of link type dlt (PKT_DLT_*), caplen bytes at p
 * captured at usec. Returns 0 and fills *out, or -1 for a frame that is
 * not IPv4/IPv6 TCP, UDP or ICMP, or is cut short.
 */
int pkt_decode(int dlt, const unsigned char *p, size_t caplen,
	       long long usec, struct pkt *out);

/* The connections seen so far: each direction's first sequence number
 * and how far it has sent, for relative numbers and retransmissions. */
struct pkt_flow;
struct pkt_tracker {
	struct pkt_flow *flows;
	size_t n, cap;
};

void pkt_tracker_init(struct pkt_tracker *t);
void pkt_tracker_free(struct pkt_tracker *t);
/* Fill p's relative numbers and retransmission mark from the segments
 * tracked before it, and track it. Does nothing for UDP and ICMP. */
void pkt_track(struct pkt_tracker *t, struct pkt *p);

/* "SYN", "SYN-ACK", "ACK", "FIN-ACK", "RST-ACK", "PSH-ACK": the flags in
 * words, as textbooks write them. */
const char *pkt_flag_words(unsigned int flags, char *buf, size_t n);
/* The port of a sockaddr_in or _in6 (host order), 0 for others. */
unsigned int pkt_port(const struct sockaddr_storage *ss);
/* 1 if a and b are the same address and port. */
int pkt_same_endpoint(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b);

#endif
