/* check_pkt.c - unit tests of the segment decoder and connection
 * tracking (pkt.c), on frames built by hand as they cross loopback. */
#include "config.h"

#include <string.h>
#include <netinet/in.h>

#include "pkt.h"
#include "suites.h"

/* A SYN from 127.0.0.1:40000 to 127.0.0.1:5000 as captured on lo:
 * Ethernet (zero MACs), IPv4, TCP with MSS 65495, SACK permitted,
 * timestamps, window scale 7: what connect() sends. */
static const unsigned char syn_frame[] = {
	/* Ethernet */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00,
	/* IPv4: 20 bytes, total 60, TTL 64, TCP */
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0, 0,
	127, 0, 0, 1, 127, 0, 0, 1,
	/* TCP: ports, seq 1000, ack 0, 40 bytes, SYN, window 65495 */
	0x9c, 0x40, 0x13, 0x88, 0x00, 0x00, 0x03, 0xe8, 0, 0, 0, 0,
	0xa0, 0x02, 0xff, 0xd7, 0, 0, 0, 0,
	/* options: MSS 65495, SACK_PERM, TS, NOP, WS 7 */
	0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0, 1,
	0, 0, 0, 0, 0x01, 0x03, 0x03, 0x07,
};

/* Build an Ethernet + IPv4 + TCP frame into buf; returns its length. */
static size_t tcp_frame(unsigned char *buf, unsigned int sport,
			unsigned int dport, uint32_t seq, uint32_t ack,
			unsigned int flags, const char *data)
{
	size_t dl = data ? strlen(data) : 0, tot = 20 + 20 + dl;
	unsigned char *ip = buf + 14, *tcp = ip + 20;

	memset(buf, 0, 14 + tot);
	buf[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (unsigned char)(tot >> 8);
	ip[3] = (unsigned char)tot;
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = ip[16] = 127;
	ip[15] = ip[19] = 1;
	tcp[0] = (unsigned char)(sport >> 8);
	tcp[1] = (unsigned char)sport;
	tcp[2] = (unsigned char)(dport >> 8);
	tcp[3] = (unsigned char)dport;
	tcp[4] = (unsigned char)(seq >> 24);
	tcp[5] = (unsigned char)(seq >> 16);
	tcp[6] = (unsigned char)(seq >> 8);
	tcp[7] = (unsigned char)seq;
	tcp[8] = (unsigned char)(ack >> 24);
	tcp[9] = (unsigned char)(ack >> 16);
	tcp[10] = (unsigned char)(ack >> 8);
	tcp[11] = (unsigned char)ack;
	tcp[12] = 0x50;
	tcp[13] = (unsigned char)flags;
	tcp[14] = 0x02;	/* window 512 */
	if (dl)
		memcpy(tcp + 20, data, dl);
	return 14 + tot;
}

START_TEST(test_syn)
{
	struct pkt p;
	char w[32];

	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 0, &p), 0);
	ck_assert_int_eq(p.proto, PKT_TCP);
	ck_assert_int_eq(p.family, AF_INET);
	ck_assert_uint_eq(pkt_port(&p.src), 40000);
	ck_assert_uint_eq(pkt_port(&p.dst), 5000);
	ck_assert_uint_eq(p.seq, 1000);
	ck_assert_uint_eq(p.flags, PKT_SYN);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "SYN");
	ck_assert_uint_eq(p.win, 65495);
	ck_assert_int_eq(p.mss, 65495);
	ck_assert_int_eq(p.sack_ok, 1);
	ck_assert_int_eq(p.wscale, 7);
	ck_assert_uint_eq(p.paylen, 0);
}
END_TEST

/* The handshake, data with its ACK, and the close: numbers relative to
 * each side's first sequence number, as textbooks count them. */
START_TEST(test_conversation)
{
	struct pkt_tracker t;
	unsigned char f[128];
	struct pkt p;
	char w[32];
	size_t n;

	pkt_tracker_init(&t);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 0, &p), 0);
	pkt_track(&t, &p);
	ck_assert_uint_eq(p.rseq, 0);
	ck_assert_int_eq(p.retrans, 0);

	n = tcp_frame(f, 5000, 40000, 777, 1001, PKT_SYN | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 1, &p), 0);
	pkt_track(&t, &p);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "SYN-ACK");
	ck_assert_uint_eq(p.rseq, 0);
	ck_assert_uint_eq(p.rack, 1);
	ck_assert_int_eq(p.mss, -1);

	n = tcp_frame(f, 40000, 5000, 1001, 778, PKT_PSH | PKT_ACK, "hello");
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 2, &p), 0);
	pkt_track(&t, &p);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "PSH-ACK");
	ck_assert_uint_eq(p.rseq, 1);
	ck_assert_uint_eq(p.rack, 1);
	ck_assert_uint_eq(p.paylen, 5);
	ck_assert_uint_eq(p.previewlen, 5);
	ck_assert_mem_eq(p.preview, "hello", 5);
	ck_assert_uint_eq(p.win, 512);
	ck_assert_int_eq(p.retrans, 0);

	n = tcp_frame(f, 5000, 40000, 778, 1006, PKT_FIN | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 3, &p), 0);
	pkt_track(&t, &p);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "FIN-ACK");
	ck_assert_uint_eq(p.rseq, 1);
	ck_assert_uint_eq(p.rack, 6);
	pkt_tracker_free(&t);
}
END_TEST

START_TEST(test_rst)
{
	unsigned char f[128];
	struct pkt p;
	char w[32];
	size_t n = tcp_frame(f, 5000, 40000, 0, 1001, PKT_RST | PKT_ACK, NULL);

	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 0, &p), 0);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "RST-ACK");
	n = tcp_frame(f, 5000, 40000, 0, 0, PKT_RST, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 0, &p), 0);
	ck_assert_str_eq(pkt_flag_words(p.flags, w, sizeof(w)), "RST");
}
END_TEST

/* A SYN sent again (a full accept queue drops it) and data sent again
 * are retransmissions, with the time since the copy before. */
START_TEST(test_retransmission)
{
	struct pkt_tracker t;
	unsigned char f[128];
	struct pkt p;
	size_t n;

	pkt_tracker_init(&t);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 0, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.retrans, 0);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 1000000, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.retrans, 1);
	ck_assert_int_eq(p.retrans_usec, 1000000);
	ck_assert_uint_eq(p.rseq, 0);

	n = tcp_frame(f, 40000, 5000, 1001, 0, PKT_PSH | PKT_ACK, "hi");
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 2000000, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.retrans, 0);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 2200000, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.retrans, 1);
	ck_assert_int_eq(p.retrans_usec, 200000);
	/* A pure ACK repeated is no retransmission. */
	n = tcp_frame(f, 40000, 5000, 1003, 0, PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 2300000, &p), 0);
	pkt_track(&t, &p);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.retrans, 0);
	pkt_tracker_free(&t);
}
END_TEST

/* A RST's likely cause, from the segments before it. */
START_TEST(test_rst_cause)
{
	struct pkt_tracker t;
	unsigned char f[128];
	struct pkt p;
	size_t n;

	/* A SYN answered by RST: nothing listens. */
	pkt_tracker_init(&t);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 0, &p), 0);
	pkt_track(&t, &p);
	n = tcp_frame(f, 5000, 40000, 0, 1001, PKT_RST | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 1, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.rst_why, RST_NO_LISTENER);
	pkt_tracker_free(&t);

	/* In a connection, data then RST from the receiver: an abort. */
	pkt_tracker_init(&t);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame,
				    sizeof(syn_frame), 0, &p), 0);
	pkt_track(&t, &p);
	n = tcp_frame(f, 5000, 40000, 777, 1001, PKT_SYN | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 1, &p), 0);
	pkt_track(&t, &p);
	n = tcp_frame(f, 40000, 5000, 1001, 778, PKT_PSH | PKT_ACK, "x");
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 2, &p), 0);
	pkt_track(&t, &p);
	n = tcp_frame(f, 5000, 40000, 778, 1002, PKT_RST | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 3, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.rst_why, RST_ABORT);

	/* After its own FIN, a RST refuses what still comes. */
	n = tcp_frame(f, 40000, 5000, 1002, 778, PKT_FIN | PKT_ACK, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 4, &p), 0);
	pkt_track(&t, &p);
	n = tcp_frame(f, 40000, 5000, 1003, 0, PKT_RST, NULL);
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, n, 5, &p), 0);
	pkt_track(&t, &p);
	ck_assert_int_eq(p.rst_why, RST_AFTER_CLOSE);
	pkt_tracker_free(&t);
}
END_TEST

/* A UDP datagram of 5 bytes over IPv6, on a cooked (SLL) capture. */
START_TEST(test_udp6)
{
	unsigned char f[16 + 40 + 8 + 5];
	struct pkt p;

	memset(f, 0, sizeof(f));
	f[14] = 0x86;
	f[15] = 0xdd;
	f[16] = 0x60;
	f[16 + 5] = 13;		/* payload length */
	f[16 + 6] = 17;		/* UDP */
	f[16 + 23] = 1;		/* ::1 */
	f[16 + 39] = 1;		/* ::1 */
	f[56] = 0x30;		/* port 12345 */
	f[57] = 0x39;
	f[58] = 0x00;		/* port 53 */
	f[59] = 53;
	f[61] = 13;
	memcpy(f + 64, "hello", 5);
	ck_assert_int_eq(pkt_decode(PKT_DLT_LINUX_SLL, f, sizeof(f), 0, &p),
			 0);
	ck_assert_int_eq(p.proto, PKT_UDP);
	ck_assert_int_eq(p.family, AF_INET6);
	ck_assert_uint_eq(pkt_port(&p.src), 12345);
	ck_assert_uint_eq(pkt_port(&p.dst), 53);
	ck_assert_uint_eq(p.paylen, 5);
	ck_assert_mem_eq(p.preview, "hello", 5);
}
END_TEST

/* ICMP port unreachable for a UDP datagram 127.0.0.1:40000 -> :5000:
 * the error names the datagram it answers. */
START_TEST(test_icmp_unreachable)
{
	unsigned char f[14 + 20 + 8 + 20 + 8];
	unsigned char *ip = f + 14, *icmp = ip + 20, *in = icmp + 8;
	struct pkt p;

	memset(f, 0, sizeof(f));
	f[12] = 0x08;
	ip[0] = in[0] = 0x45;
	ip[3] = 20 + 8 + 20 + 8;
	ip[9] = 1;
	in[3] = 20 + 8 + 5;
	in[9] = 17;
	ip[12] = ip[16] = in[12] = in[16] = 127;
	ip[15] = ip[19] = in[15] = in[19] = 1;
	icmp[0] = 3;
	icmp[1] = 3;
	in[20] = 0x9c;		/* 40000 */
	in[21] = 0x40;
	in[22] = 0x13;		/* 5000 */
	in[23] = 0x88;
	ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, f, sizeof(f), 0, &p), 0);
	ck_assert_int_eq(p.proto, PKT_ICMP);
	ck_assert_int_eq(p.unreach_port, 1);
	ck_assert_uint_eq(pkt_port(&p.orig_src), 40000);
	ck_assert_uint_eq(pkt_port(&p.orig_dst), 5000);
}
END_TEST

/* Cut short, or not IP: refused, never read past the end. */
START_TEST(test_short)
{
	struct pkt p;
	size_t n;

	for (n = 0; n < sizeof(syn_frame) - 20; n++)
		ck_assert_int_eq(pkt_decode(PKT_DLT_EN10MB, syn_frame, n, 0,
					    &p), -1);
	ck_assert_int_eq(pkt_decode(105, syn_frame, sizeof(syn_frame), 0, &p),
			 -1);
}
END_TEST

Suite *pkt_suite(void)
{
	Suite *s = suite_create("pkt");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_syn);
	tcase_add_test(tc, test_conversation);
	tcase_add_test(tc, test_rst);
	tcase_add_test(tc, test_retransmission);
	tcase_add_test(tc, test_rst_cause);
	tcase_add_test(tc, test_udp6);
	tcase_add_test(tc, test_icmp_unreachable);
	tcase_add_test(tc, test_short);
	suite_add_tcase(s, tc);
	return s;
}
