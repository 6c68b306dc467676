/* pkt.c - decode one captured frame into a segment (TCP, UDP, ICMP) and
 * follow connections: relative sequence numbers, retransmissions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "pkt.h"
#include "util.h"

#define ETH_HLEN 14
#define SLL_HLEN 16
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd

static unsigned int get16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Fill ss with an IPv4 or IPv6 address (at a) and a port. */
static void set_addr(struct sockaddr_storage *ss, int family,
		     const unsigned char *a, unsigned int port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		memcpy(&in->sin_addr, a, 4);
		in->sin_port = htons((uint16_t)port);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		memcpy(&in6->sin6_addr, a, 16);
		in6->sin6_port = htons((uint16_t)port);
	}
}

unsigned int pkt_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return 0;
}

int pkt_same_endpoint(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family || pkt_port(a) != pkt_port(b))
		return 0;
	if (a->ss_family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			      &((const struct sockaddr_in *)b)->sin_addr,
			      4) == 0;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)b)->sin6_addr,
			      16) == 0;
	return 0;
}

/* The network header's offset and ethertype behind the link header, or
 * -1 for a link type or protocol we do not decode. */
static long link_skip(int dlt, const unsigned char *p, size_t n,
		      unsigned int *type)
{
	switch (dlt) {
	case PKT_DLT_EN10MB:
		if (n < ETH_HLEN)
			return -1;
		*type = get16(p + 12);
		return ETH_HLEN;
	case PKT_DLT_LINUX_SLL:
		if (n < SLL_HLEN)
			return -1;
		*type = get16(p + 14);
		return SLL_HLEN;
	case PKT_DLT_NULL:	/* a host-order address family */
		if (n < 4)
			return -1;
		*type = p[0] == AF_INET6 || p[3] == AF_INET6 ||
				p[0] == 24 || p[0] == 28 || p[0] == 30 ?
			ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
		return 4;
	case PKT_DLT_RAW:
		if (n < 1)
			return -1;
		*type = (p[0] >> 4) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
		return 0;
	}
	return -1;
}

/* TCP options of a SYN: MSS, window scale, SACK permitted. */
static void tcp_options(const unsigned char *o, size_t n, struct pkt *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned int kind = o[i], len;

		if (kind == 0)	/* end of options */
			break;
		if (kind == 1) {	/* no-operation */
			i++;
			continue;
		}
		if (i + 1 >= n || (len = o[i + 1]) < 2 || i + len > n)
			break;
		if (kind == 2 && len == 4)
			out->mss = (int)get16(o + i + 2);
		else if (kind == 3 && len == 3)
			out->wscale = o[i + 2];
		else if (kind == 4 && len == 2)
			out->sack_ok = 1;
		i += len;
	}
}

static void keep_preview(struct pkt *out, const unsigned char *p, size_t n)
{
	out->previewlen = n < PKT_PREVIEW ? n : PKT_PREVIEW;
	memcpy(out->preview, p, out->previewlen);
}

/* The transport header at p (n bytes captured, len bytes in the IP
 * payload); addresses a (source) and b (destination) of af. */
static int decode_tcp(const unsigned char *p, size_t n, size_t len,
		      struct pkt *out)
{
	size_t doff;

	if (n < 20 || (doff = (size_t)(p[12] >> 4) * 4) < 20 || doff > n ||
	    doff > len)
		return -1;
	out->seq = get32(p + 4);
	out->ack = get32(p + 8);
	out->flags = p[13] & 0x3f;
	out->win = get16(p + 14);
	tcp_options(p + 20, doff - 20, out);
	out->paylen = len - doff;
	keep_preview(out, p + doff, n - doff < out->paylen ? n - doff :
			  out->paylen);
	return 0;
}

static int decode_ip(const unsigned char *p, size_t n, struct pkt *out,
		     int inner);

/* An ICMP(v6) destination unreachable carries the head of the datagram
 * it answers: keep its addresses and ports. */
static int decode_icmp(const unsigned char *p, size_t n, int v6,
		       struct pkt *out)
{
	struct pkt orig;

	if (n < 8)
		return -1;
	out->proto = PKT_ICMP;
	out->icmp_type = p[0];
	out->icmp_code = p[1];
	out->unreach_port = v6 ? p[0] == 1 && p[1] == 4 :
				 p[0] == 3 && p[1] == 3;
	if (decode_ip(p + 8, n - 8, &orig, 1) == 0) {
		out->orig_src = orig.src;
		out->orig_dst = orig.dst;
	} else {
		out->unreach_port = 0;
	}
	return 0;
}

/* The transport of an IP packet: proto, its header at p. An inner
 * packet (inside ICMP) needs only its ports. */
static int decode_l4(unsigned int proto, const unsigned char *p, size_t n,
		     size_t len, const unsigned char *sa,
		     const unsigned char *da, struct pkt *out, int inner)
{
	int af = out->family;
	size_t ulen;

	if (proto == 1 || proto == 58)
		return inner ? -1 : decode_icmp(p, n < len ? n : len,
						proto == 58, out);
	if ((proto != 6 && proto != 17) || n < (inner ? 4u : 8u))
		return -1;
	set_addr(&out->src, af, sa, get16(p));
	set_addr(&out->dst, af, da, get16(p + 2));
	if (inner)
		return 0;
	if (proto == 6) {
		out->proto = PKT_TCP;
		return decode_tcp(p, n, len, out);
	}
	out->proto = PKT_UDP;
	ulen = get16(p + 4);
	out->paylen = ulen >= 8 && ulen <= len ? ulen - 8 : len - 8;
	keep_preview(out, p + 8, n - 8 < out->paylen ? n - 8 : out->paylen);
	return 0;
}

/* An IPv4 or IPv6 packet at p, n bytes captured. */
static int decode_ip(const unsigned char *p, size_t n, struct pkt *out,
		     int inner)
{
	size_t hl, len;

	memset(out, 0, sizeof(*out));
	out->mss = out->wscale = -1;
	if (n < 1)
		return -1;
	if ((p[0] >> 4) == 4) {
		if (n < 20 || (hl = (size_t)(p[0] & 0xf) * 4) < 20 || hl > n)
			return -1;
		len = get16(p + 2);
		if (len < hl || (get16(p + 6) & 0x1fff) != 0)
			return -1;	/* not the first fragment */
		out->family = AF_INET;
		if (!inner)
			n = n < len ? n : len;
		return decode_l4(p[9], p + hl, n - hl, len - hl, p + 12,
				 p + 16, out, inner);
	}
	if ((p[0] >> 4) != 6 || n < 40)
		return -1;
	/* Extension headers are not followed: sockets on loopback send
	 * none. */
	len = get16(p + 4);
	out->family = AF_INET6;
	if (!inner)
		n = n - 40 < len ? n : 40 + len;
	return decode_l4(p[6], p + 40, n - 40, len, p + 8, p + 24, out, inner);
}

int pkt_decode(int dlt, const unsigned char *p, size_t caplen,
	       long long usec, struct pkt *out)
{
	unsigned int type = 0;
	long off = link_skip(dlt, p, caplen, &type);

	if (off < 0 || (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6))
		return -1;
	if (decode_ip(p + off, caplen - (size_t)off, out, 0) < 0)
		return -1;
	out->usec = usec;
	return 0;
}

/* Connection tracking. */

#define FLOW_TX 8	/* recent transmissions kept, for their timing */

struct pkt_flow {
	struct sockaddr_storage src, dst;	/* this direction */
	uint32_t isn, nxt;	/* first sequence number, next new one */
	int syn, fin, data;	/* sent: a SYN, a FIN, any payload */
	struct {
		uint32_t seq;
		long long usec;
	} tx[FLOW_TX];
	unsigned int ntx;
};

void pkt_tracker_init(struct pkt_tracker *t)
{
	memset(t, 0, sizeof(*t));
}

void pkt_tracker_free(struct pkt_tracker *t)
{
	free(t->flows);
	memset(t, 0, sizeof(*t));
}

static struct pkt_flow *flow_find(struct pkt_tracker *t,
				  const struct sockaddr_storage *src,
				  const struct sockaddr_storage *dst)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (pkt_same_endpoint(&t->flows[i].src, src) &&
		    pkt_same_endpoint(&t->flows[i].dst, dst))
			return &t->flows[i];
	return NULL;
}

/* The flow of a direction first seen now, based at isn. */
static struct pkt_flow *flow_add(struct pkt_tracker *t,
				 const struct sockaddr_storage *src,
				 const struct sockaddr_storage *dst,
				 uint32_t isn)
{
	struct pkt_flow *f;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->flows = xrealloc(t->flows, t->cap * sizeof(*t->flows));
	}
	f = &t->flows[t->n++];
	memset(f, 0, sizeof(*f));
	f->src = *src;
	f->dst = *dst;
	f->isn = f->nxt = isn;
	return f;
}

/* Note a transmission of seq at usec; returns the time of the previous
 * one of the same seq, or -1. */
static long long flow_tx(struct pkt_flow *f, uint32_t seq, long long usec)
{
	long long prev = -1;
	unsigned int i, n = f->ntx < FLOW_TX ? f->ntx : FLOW_TX;

	for (i = 0; i < n; i++)
		if (f->tx[i].seq == seq) {
			prev = f->tx[i].usec;
			f->tx[i].usec = usec;
			return prev;
		}
	f->tx[f->ntx % FLOW_TX].seq = seq;
	f->tx[f->ntx % FLOW_TX].usec = usec;
	f->ntx++;
	return prev;
}

/* The likely cause of a RST sent on flow f, r the other direction. */
static int rst_cause(const struct pkt_flow *f, const struct pkt_flow *r)
{
	if (r && r->syn && !r->data && !f->syn)
		return RST_NO_LISTENER;	/* a SYN, answered by this alone */
	if (f->fin)
		return RST_AFTER_CLOSE;
	if (f->syn || (r && r->syn))
		return RST_ABORT;
	return RST_UNKNOWN;
}

void pkt_track(struct pkt_tracker *t, struct pkt *p)
{
	struct pkt_flow *f, *r;
	uint32_t seglen;
	long long prev;
	size_t fi;

	if (p->proto != PKT_TCP)
		return;
	seglen = (uint32_t)p->paylen + !!(p->flags & PKT_SYN) +
		 !!(p->flags & PKT_FIN);
	f = flow_find(t, &p->src, &p->dst);
	if (f && (p->flags & PKT_SYN) && p->seq != f->isn) {
		/* The same ports again: a new connection. */
		f->isn = f->nxt = p->seq;
		f->ntx = 0;
	}
	if (f == NULL)
		f = flow_add(t, &p->src, &p->dst, p->seq);
	fi = (size_t)(f - t->flows);
	r = flow_find(t, &p->dst, &p->src);
	if (r == NULL && (p->flags & PKT_ACK))
		r = flow_add(t, &p->dst, &p->src, p->ack);
	f = &t->flows[fi];	/* flow_add may have moved it */
	p->rseq = p->seq - f->isn;
	p->rack = r ? p->ack - r->isn : 0;
	if (p->flags & PKT_RST)
		p->rst_why = rst_cause(f, r);
	f->syn |= !!(p->flags & PKT_SYN);
	f->fin |= !!(p->flags & PKT_FIN);
	f->data |= p->paylen > 0;
	if (seglen == 0)
		return;
	if ((int32_t)(p->seq - f->nxt) < 0) {
		p->retrans = 1;
		prev = flow_tx(f, p->seq, p->usec);
		p->retrans_usec = prev >= 0 ? p->usec - prev : 0;
	} else {
		flow_tx(f, p->seq, p->usec);
	}
	if ((int32_t)(p->seq + seglen - f->nxt) > 0)
		f->nxt = p->seq + seglen;
}

const char *pkt_flag_words(unsigned int flags, char *buf, size_t n)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ PKT_SYN, "SYN" }, { PKT_FIN, "FIN" }, { PKT_RST, "RST" },
		{ PKT_PSH, "PSH" }, { PKT_URG, "URG" }, { PKT_ACK, "ACK" },
	};
	size_t i, len = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0,
					"%s%s", len ? "-" : "",
					names[i].name);
		if (len >= n)
			break;
	}
	if (len == 0)
		snprintf(buf, n, "-");
	return buf;
}
