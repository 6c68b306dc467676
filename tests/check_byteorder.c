/* check_byteorder.c - unit tests of byteorder.c and of the byte-order, UDP
 * and option commands' argument checks. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "byteorder.h"
#include "cmd.h"
#include "suites.h"

static struct sbuf out;

static void teardown(void)
{
	sbuf_free(&out);
}

/* out contains needle; on failure show out. */
#define HAS(needle) \
	ck_assert_msg(strstr(sbuf_str(&out), (needle)) != NULL, \
		      "missing \"%s\" in:\n%s", (needle), sbuf_str(&out))

START_TEST(test_hex)
{
	byteorder_hex(&out, "", 0);
	ck_assert_str_eq(sbuf_str(&out), "");
	byteorder_hex(&out, "\x41\x1f\x00\xff", 4);
	ck_assert_str_eq(sbuf_str(&out), "41 1f 00 ff");
}
END_TEST

START_TEST(test_endianness)
{
	ck_assert_int_eq(byteorder_little_endian(), htons(1) != 1);
}
END_TEST

START_TEST(test_apply)
{
	ck_assert_uint_eq(byteorder_apply(BO_HTONS, 8001), htons(8001));
	ck_assert_uint_eq(byteorder_apply(BO_NTOHS,
					  byteorder_apply(BO_HTONS, 8001)),
			  8001);
	ck_assert_uint_eq(byteorder_apply(BO_HTONS, 0), 0);
	ck_assert_uint_eq(byteorder_apply(BO_HTONS, 65535), 65535);
	ck_assert_uint_eq(byteorder_apply(BO_HTONL, 0xffffffffUL),
			  0xffffffffUL);
	ck_assert_uint_eq(byteorder_apply(BO_NTOHL, htonl(0xc0a80a80)),
			  0xc0a80a80UL);
	ck_assert_uint_eq(byteorder_fn_max(BO_NTOHS), 65535);
	ck_assert_uint_eq(byteorder_fn_max(BO_HTONL), 4294967295UL);
	ck_assert_str_eq(byteorder_fn_name(BO_NTOHL), "ntohl");
	if (byteorder_little_endian()) {
		ck_assert_uint_eq(byteorder_apply(BO_HTONS, 8001), 16671);
		ck_assert_uint_eq(byteorder_apply(BO_HTONL, 0xc0a80a80),
				  0x800aa8c0UL);
	}
}
END_TEST

START_TEST(test_htons_8001)
{
	byteorder_explain_fn(&out, BO_HTONS, 8001, "->");
	HAS("before: 8001 = 0x1f41");
	if (!byteorder_little_endian()) {
		HAS("changes nothing");
		return;
	}
	HAS("bytes in memory: 41 1f  (host order, little-endian)");
	HAS("after:  16671 = 0x411f  bytes in memory: 1f 41  (network order");
	HAS("the value 0x1f41 -> 0x411f");
	HAS("(= 16671 when read back in host order)");
	HAS("forget htons() and the kernel reads the bytes 41 1f in network order: port 16671, not 8001");
}
END_TEST

START_TEST(test_ntohl)
{
	byteorder_explain_fn(&out, BO_NTOHL, 0x800aa8c0UL, "->");
	HAS("before: 2148182208 = 0x800aa8c0");
	if (byteorder_little_endian()) {
		HAS("bytes in memory: c0 a8 0a 80  (as stored in a network-order field)");
		HAS("after:  3232238208 = 0xc0a80a80  bytes in memory: 80 0a a8 c0");
		HAS("a network-order field holding the bytes of 2148182208 means 3232238208");
	}
}
END_TEST

START_TEST(test_htonl_forgotten)
{
	byteorder_explain_fn(&out, BO_HTONL, 0xc0a80a80UL, "->");
	HAS("before: 3232238208 = 0xc0a80a80");
	if (byteorder_little_endian())
		HAS("forget htonl() and the kernel reads the bytes 80 0a a8 c0 in network order: address 128.10.168.192, not 192.168.10.128");
}
END_TEST

START_TEST(test_symmetric)
{
	byteorder_explain_fn(&out, BO_HTONS, 0, "->");
	HAS("0 = 0x0000  bytes in memory: 00 00");
	if (byteorder_little_endian())
		HAS("reads the same in both orders");
	sbuf_reset(&out);
	byteorder_explain_fn(&out, BO_HTONS, 65535, "->");
	HAS("65535 = 0xffff  bytes in memory: ff ff");
	sbuf_reset(&out);
	byteorder_explain_fn(&out, BO_HTONL, 0xffffffffUL, "->");
	HAS("4294967295 = 0xffffffff  bytes in memory: ff ff ff ff");
}
END_TEST

START_TEST(test_range)
{
	byteorder_range_error(&out, BO_HTONS, 70000);
	HAS("htons takes a uint16_t, a whole number from 0 to 65535");
	HAS("70000 does not fit in 16 bits");
	HAS("4464 = 0x1170");
	sbuf_reset(&out);
	byteorder_range_error(&out, BO_HTONL, -1);
	HAS("0 to 4294967295");
	HAS("-1 is negative");
	HAS("4294967295 = 0xffffffff");
}
END_TEST

START_TEST(test_endian)
{
	byteorder_explain_endian(&out);
	HAS("union { int a; char c; } u;");
	HAS("little-endian:  04  03  02  01");
	HAS("big-endian:     01  02  03  04");
	if (byteorder_little_endian()) {
		HAS("bytes of u in memory, lowest address first: 01 00 00 00");
		HAS("u.c = 1");
		HAS("verdict: this host is little-endian");
		HAS("here: 04 03 02 01");
	} else {
		HAS("u.c = 0");
		HAS("here: 01 02 03 04");
	}
}
END_TEST

/* In Chinese: htons's explanation and the endian picture, whose rows
 * keep their columns under p+0..p+3 (CJK labels padded by width). */
START_TEST(test_byteorder_zh)
{
	if (check_lang_zh(1) < 0) {
		printf("SKIP: test_byteorder_zh: no NLS or no UTF-8 locale\n");
		return;
	}
	byteorder_explain_fn(&out, BO_HTONS, 8001, "->");
	HAS("  之前：8001 = 0x1f41  内存中的字节：41 1f");
	if (byteorder_little_endian())
		HAS("  忘了 htons()，内核就会把字节 41 1f 按网络字节序读取：端口 16671，而不是 8001");
	sbuf_reset(&out);
	byteorder_explain_endian(&out);
	check_lang_zh(0);
	HAS("                  p+0 p+1 p+2 p+3\n  小端：          04  03  02  01");
	HAS("\n  大端：          01  02  03  04");
}
END_TEST

static void explain4(const char *text)
{
	unsigned char bin[4];

	ck_assert_int_eq(inet_pton(AF_INET, text, bin), 1);
	sbuf_reset(&out);
	byteorder_explain_addr(&out, AF_INET, bin);
}

START_TEST(test_addr4)
{
	explain4("192.168.10.128");
	HAS("4 bytes in memory: c0 a8 0a 80");
	HAS("network-order integer: 3232238208 = 0xc0a80a80");
	if (byteorder_little_endian())
		HAS("host-order integer:    2148182208 = 0x800aa8c0");
	explain4("255.255.255.255");
	HAS("ff ff ff ff");
	HAS("4294967295 = 0xffffffff");
	HAS("INADDR_BROADCAST");
	explain4("0.0.0.0");
	HAS("00 00 00 00");
	HAS("INADDR_ANY");
	explain4("127.0.0.1");
	HAS("7f 00 00 01");
	HAS("loopback");
}
END_TEST

START_TEST(test_addr6)
{
	unsigned char bin[16];

	ck_assert_int_eq(inet_pton(AF_INET6, "::ffff:1.2.3.4", bin), 1);
	byteorder_explain_addr(&out, AF_INET6, bin);
	HAS("16 bytes in memory: 00 00 00 00 00 00 00 00");
	HAS("00 00 ff ff 01 02 03 04");
	HAS("0000:0000:0000:0000:0000:ffff:0102:0304");
	HAS("IPv4-mapped");
	HAS("(1.2.3.4)");
	sbuf_reset(&out);
	ck_assert_int_eq(inet_pton(AF_INET6, "::1", bin), 1);
	byteorder_explain_addr(&out, AF_INET6, bin);
	HAS("in6addr_loopback");
}
END_TEST

static void why(int af, const char *text)
{
	unsigned char bin[16];

	ck_assert_int_eq(inet_pton(af, text, bin), 0);
	sbuf_reset(&out);
	byteorder_pton_why(&out, af, text);
}

START_TEST(test_pton_why)
{
	why(AF_INET, "300.1.1.1");
	HAS("300 is more than 255");
	why(AF_INET, "1.2.3");
	HAS("3 parts, but inet_pton wants exactly four");
	why(AF_INET, "1.2.3.4.5");
	HAS("5 parts");
	why(AF_INET, "");
	HAS("empty");
	why(AF_INET, "1.2.3.4.");
	HAS("ends with a dot");
	why(AF_INET, "1..2.3");
	HAS("an empty part");
	why(AF_INET, "localhost");
	HAS("'l' is not a digit");
	why(AF_INET, "01.2.3.4");
	HAS("leading zero");
	why(AF_INET, "::1");
	HAS("IPv6 text");
	why(AF_INET6, "::1::2");
	HAS("'::' appears twice");
	why(AF_INET6, "12345::1");
	HAS("more than 4 hex digits");
	why(AF_INET6, "1.2.3.4");
	HAS("IPv4 text");
	why(AF_INET6, "[::1]");
	HAS("'[' is not a hex digit");
}
END_TEST

static int bin(const char *w, int af, unsigned char *b)
{
	struct sbuf err = SBUF_INIT;
	int r = byteorder_parse_bin(w, af, b, &err);

	ck_assert_int_eq(r < 0, err.len > 0);
	sbuf_free(&err);
	return r;
}

START_TEST(test_parse_bin)
{
	unsigned char b[16];
	char text[INET6_ADDRSTRLEN];

	ck_assert_int_eq(bin("0xc0a80a80", AF_INET, b), 0);
	ck_assert_mem_eq(b, "\xc0\xa8\x0a\x80", 4);
	ck_assert_int_eq(bin("3232238208", AF_INET, b), 0);
	ck_assert_mem_eq(b, "\xc0\xa8\x0a\x80", 4);
	ck_assert_int_eq(bin("c0a80a80", AF_INET, b), 1);
	ck_assert_mem_eq(b, "\xc0\xa8\x0a\x80", 4);
	ck_assert_int_eq(bin("c0 a8 0a 80", AF_INET, b), 1);
	ck_assert_mem_eq(b, "\xc0\xa8\x0a\x80", 4);
	ck_assert_int_eq(bin("0", AF_INET, b), 0);
	ck_assert_mem_eq(b, "\0\0\0\0", 4);
	ck_assert_int_eq(bin("4294967295", AF_INET, b), 0);
	ck_assert_mem_eq(b, "\xff\xff\xff\xff", 4);
	ck_assert_int_eq(bin("4294967296", AF_INET, b), -1);
	ck_assert_int_eq(bin("c0a80a", AF_INET, b), -1);
	ck_assert_int_eq(bin("zz", AF_INET, b), -1);
	ck_assert_int_eq(bin("00000000000000000000ffff01020304", AF_INET6, b),
			 1);
	ck_assert_ptr_nonnull(inet_ntop(AF_INET6, b, text, sizeof(text)));
	ck_assert_str_eq(text, "::ffff:1.2.3.4");
	ck_assert_int_eq(bin("1", AF_INET6, b), -1);
}
END_TEST

static void layout(const char *host, const char *port, int no_htons)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	unsigned short p = (unsigned short)atoi(port);
	socklen_t len;

	memset(&ss, 0, sizeof(ss));
	if (strchr(host, ':')) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = no_htons ? p : htons(p);
		ck_assert_int_eq(inet_pton(AF_INET6, host, &in6->sin6_addr), 1);
		len = sizeof(*in6);
	} else {
		in->sin_family = AF_INET;
		in->sin_port = no_htons ? p : htons(p);
		ck_assert_int_eq(inet_pton(AF_INET, host, &in->sin_addr), 1);
		len = sizeof(*in);
	}
	sbuf_reset(&out);
	byteorder_explain_sockaddr(&out, (struct sockaddr *)&ss, len,
				   no_htons);
}

START_TEST(test_sockaddr_in)
{
	layout("127.0.0.1", "8001", 0);
	HAS("struct sockaddr_in, 16 bytes");
	HAS("sin_port              2     2  1f 41");
	HAS("sin_addr.s_addr       4     4  7f 00 00 01");
	HAS("sin_zero              8     8  00 00 00 00 00 00 00 00");
	if (byteorder_little_endian()) {
		HAS("sin_family            0     2  02 00");
		HAS("would hold bytes 41 1f and the kernel would use port 16671 instead of 8001");
	}
	layout("0.0.0.0", "8001", 1);
	HAS("8001, no htons(): host order!");
	if (byteorder_little_endian()) {
		HAS("sin_port              2     2  41 1f");
		HAS("so it uses port 16671");
	}
	layout("255.255.255.255", "65535", 0);
	HAS("ff ff ff ff");
	HAS("port 65535 (the same: symmetric bytes)");
	layout("127.0.0.1", "0", 0);
	HAS("port 0: the kernel picks a free port");
}
END_TEST

/* The sockaddr table in Chinese: its titles padded by display width,
 * so they stay over the columns of the rows. */
START_TEST(test_sockaddr_zh)
{
	if (check_lang_zh(1) < 0) {
		printf("SKIP: test_sockaddr_zh: no NLS or no UTF-8 locale\n");
		return;
	}
	layout("127.0.0.1", "8001", 0);
	check_lang_zh(0);
	HAS("  字段               偏移  大小  字节                     含义\n"
	    "  sin_family            0     2  ");
	HAS("00 00 00 00 00 00 00 00  填充，必须为零");
}
END_TEST

START_TEST(test_sockaddr_in6)
{
	layout("::ffff:1.2.3.4", "8001", 0);
	HAS("struct sockaddr_in6, 28 bytes");
	HAS("sin6_port             2     2  1f 41");
	HAS("sin6_addr             8    16  00 00 00 00 00 00 00 00  ::ffff:1.2.3.4");
	HAS("00 00 ff ff 01 02 03 04");
	HAS("sin6_scope_id        24     4");
}
END_TEST

START_TEST(test_sockaddr_un)
{
	struct sockaddr_un un;
	socklen_t len;

	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, "/tmp/x.sock");
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 12);
	byteorder_explain_sockaddr(&out, (struct sockaddr *)&un, len, 0);
	HAS("sun_path              2   108  2f 74 6d 70 2f 78 2e 73");
	HAS("6f 63 6b 00");
	HAS("addrlen = 14");
	sbuf_reset(&out);
	memset(un.sun_path, 0, sizeof(un.sun_path));
	memcpy(un.sun_path, "\0ab", 3);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 3);
	byteorder_explain_sockaddr(&out, (struct sockaddr *)&un, len, 0);
	HAS("00 61 62");
	HAS("abstract");
}
END_TEST

/* Commands run through the shell, for the usage errors a replayed script
 * cannot check (they stop the replay). */
static char *cbuf;
static size_t csize;
static struct session cs;

static void cmd_setup(void)
{
	session_init(&cs, open_memstream(&cbuf, &csize));
	cs.opt.utf8 = 0;
	cs.opt.color = 0;
}

static void cmd_teardown(void)
{
	session_free(&cs);
	fclose(cs.out);
	free(cbuf);
	cbuf = NULL;
}

/* Run line; check its status and that the output holds want. */
static void run(const char *line, enum exec_status st, const char *want)
{
	struct exec_result res;
	long start;

	fflush(cs.out);
	start = (long)csize;
	exec_result_init(&res);
	ck_assert_int_eq(cmd_execute(&cs, line, strlen(line), &res), st);
	exec_result_free(&res);
	fflush(cs.out);
	ck_assert_msg(strstr(cbuf + start, want) != NULL,
		      "%s: missing \"%s\" in:\n%s", line, want, cbuf + start);
}

START_TEST(test_cmd_byteorder_errors)
{
	run("htons 70000", EXEC_ERROR, "does not fit in 16 bits");
	run("htons -1", EXEC_ERROR, "-1 is negative");
	run("htonl -1", EXEC_ERROR, "0 to 4294967295");
	run("ntohl 4294967296", EXEC_ERROR, "does not fit in 32 bits");
	run("ntohs x", EXEC_ERROR, "bad number 'x'");
	run("htons", EXEC_ERROR, "missing argument");
	run("inet_pton bogus 1.2.3.4", EXEC_ERROR, "error:");
	run("inet_ntop c0a80a", EXEC_ERROR, "4 bytes in hex");
	run("inet_ntop inet6 1", EXEC_ERROR, "32 hex digits");
	run("inet_ntop inet 4294967296", EXEC_ERROR, "32-bit number");
	run("sockaddr 127.0.0.1", EXEC_ERROR, "missing port");
	run("sockaddr 127.0.0.1 70000", EXEC_ERROR, "bad port");
	run("sockaddr 127.0.0.1 1 2", EXEC_ERROR, "too many arguments");
	run("endian x", EXEC_ERROR, "too many arguments");
}
END_TEST

START_TEST(test_cmd_byteorder_ok)
{
	/* the result is kept: a bare htons(8001); has no effect (-Wall) */
	run("htons 8001 => 16671 | 8001", EXEC_OK,
	    "uint16_t net = htons(8001);");
	run("ntohl 1 => *", EXEC_OK, "uint32_t host = ntohl(1);");
	run("inet_pton 192.168.10.128 => \"\\xc0\\xa8\\x0a\\x80\"", EXEC_OK,
	    "bytes in memory: c0 a8 0a 80");
	run("inet_pton 1.2.3 => 0", EXEC_OK, "returns 0 when the text");
	run("inet_ntop 0xc0a80a80 => \"192.168.10.128\"", EXEC_OK,
	    "htonl(0xc0a80a80)");
	run("sockaddr 127.0.0.1 8001 => \"\\x02\\x00\\x1f\\x41\\x7f\\0\\0\\x01\\0\\0\\0\\0\\0\\0\\0\\0\"",
	    EXEC_OK, "sin_port              2     2  1f 41");
}
END_TEST

START_TEST(test_cmd_udp_errors)
{
	run("s = socket inet dgram => *", EXEC_OK, "socket(AF_INET, SOCK_DGRAM, 0)");
	run("sendto s \"x\"", EXEC_ERROR, "missing argument");
	run("sendto s \"x\" 127.0.0.1", EXEC_ERROR, "missing port");
	run("sendto s \"x\" 127.0.0.1 1 2", EXEC_ERROR, "too many arguments");
	run("sendto s \"x\" 300.1.1.1 1", EXEC_ERROR, "bad address");
	run("sendto nosuch \"x\" 127.0.0.1 1", EXEC_ERROR, "error:");
	run("recvfrom s 0", EXEC_ERROR, "bad length");
	run("recvfrom s 10 MSG_BOGUS", EXEC_ERROR, "error:");
	run("recvfrom s 10 0 extra", EXEC_ERROR, "too many arguments");
	run("sendto s \"x\" 127.0.0.1 0 => -1 EINVAL", EXEC_OK,
	    "sendto(s, \"x\", 1, 0, (struct sockaddr *)&addr, sizeof(addr));");
}
END_TEST

START_TEST(test_cmd_opt_errors)
{
	run("s = socket inet stream => *", EXEC_OK, "");
	run("setsockopt s SO_BOGUS 1", EXEC_ERROR, "unknown option 'SO_BOGUS'");
	run("setsockopt s SOL_SOCKET TCP_NODELAY 1", EXEC_ERROR,
	    "belongs to level IPPROTO_TCP");
	run("setsockopt s SOL_BOGUS SO_REUSEADDR 1", EXEC_ERROR, "error:");
	run("setsockopt s SO_LINGER maybe", EXEC_ERROR, "on,SECONDS");
	run("setsockopt s SO_LINGER on,x", EXEC_ERROR, "on,SECONDS");
	run("setsockopt s SO_RCVTIMEO -5", EXEC_ERROR, "milliseconds");
	run("setsockopt s SO_REUSEADDR maybe", EXEC_ERROR, "bad value");
	run("setsockopt s SO_REUSEADDR", EXEC_ERROR, "missing argument");
	run("getsockopt s", EXEC_ERROR, "missing argument");
	run("getsockopt s SOL_SOCKET SO_TYPE x", EXEC_ERROR,
	    "too many arguments");
	run("nonblock s maybe", EXEC_ERROR, "write on or off");
	run("nonblock s 2", EXEC_ERROR, "write on or off");
	run("poll", EXEC_ERROR, "missing argument");
	run("poll s:bogus 0", EXEC_ERROR, "error:");
	run("poll nosuch 0", EXEC_ERROR, "error:");
	run("poll s s s s s s s s s 0", EXEC_ERROR, "at most 8");
	run("poll s -2", EXEC_ERROR, "bad timeout '-2'");
	run("poll s 99999999999", EXEC_ERROR, "bad timeout");
	run("setsockopt s IPPROTO_UDP nodelay 1", EXEC_ERROR, "bad option");
	run("setsockopt s SO_REUSEADDR 1 => 0", EXEC_OK,
	    "int on = 1;\nsetsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));");
	run("getsockopt s SO_TYPE => \"SOCK_STREAM\"", EXEC_OK,
	    "val = 1 = SOCK_STREAM");
	run("nonblock s on => 0", EXEC_OK,
	    "fcntl(s, F_SETFL, flags | O_NONBLOCK);");
	run("poll s:out 0 => 1", EXEC_OK, "POLLOUT");
}
END_TEST

/* IPv6 UDP on ::1, when this machine has IPv6 loopback. */
START_TEST(test_cmd_udp6)
{
	long start;

	run("s6 = socket inet6 dgram => *", EXEC_OK, "AF_INET6");
	fflush(cs.out);
	start = (long)csize;
	run("bind s6 [::1]:0 => *", EXEC_OK, "bind(s6,");
	if (strstr(cbuf + start, "-> 0") == NULL)
		return;		/* no ::1 here (IPv6 disabled) */
	run("sendto s6 \"v6\" s6 => 2", EXEC_OK, ".sin6_addr = in6addr_loopback");
	run("recvfrom s6 => \"v6\"", EXEC_OK, "from: [::1]:");
	run("sendto s6 \"x\" 127.0.0.1:9 => *",
	    EXEC_OK, "sendto(s6,");
}
END_TEST

/* AF_UNIX datagrams by path, in a directory of this run's own. */
START_TEST(test_cmd_udp_unix)
{
	char dir[] = "/tmp/sockrepl-lab-XXXXXX", line[256], want[160];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	run("x = socket unix dgram => *", EXEC_OK, "AF_UNIX");
	snprintf(line, sizeof(line), "bind x %s/x.sock => 0", dir);
	run(line, EXEC_OK, "strcpy(addr.sun_path");
	run("y = socket unix dgram => *", EXEC_OK, "AF_UNIX");
	snprintf(line, sizeof(line), "bind y %s/y.sock => 0", dir);
	run(line, EXEC_OK, "bind(y,");
	run("sendto y \"hey\" x => 3", EXEC_OK, "sendto(y, \"hey\", 3, 0,");
	snprintf(want, sizeof(want), "from: %s/y.sock", dir);
	run("recvfrom x => \"hey\"", EXEC_OK, want);
	snprintf(line, sizeof(line), "sendto x \"back\" %s/y.sock => 4", dir);
	run(line, EXEC_OK, "sendto(x,");
	run("recvfrom y 2 => \"ba\"", EXEC_OK, "the datagram filled buf");
	snprintf(line, sizeof(line), "sendto x \"gone\" %s/none.sock => -1 ENOENT",
		 dir);
	run(line, EXEC_OK, "ENOENT");
	snprintf(line, sizeof(line), "%s/x.sock", dir);
	unlink(line);
	snprintf(line, sizeof(line), "%s/y.sock", dir);
	unlink(line);
	rmdir(dir);
}
END_TEST

Suite *byteorder_suite(void)
{
	Suite *s = suite_create("byteorder");
	TCase *tc = tcase_create("format");
	TCase *tcmd = tcase_create("commands");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_endianness);
	tcase_add_test(tc, test_apply);
	tcase_add_test(tc, test_htons_8001);
	tcase_add_test(tc, test_ntohl);
	tcase_add_test(tc, test_htonl_forgotten);
	tcase_add_test(tc, test_symmetric);
	tcase_add_test(tc, test_range);
	tcase_add_test(tc, test_endian);
	tcase_add_test(tc, test_byteorder_zh);
	tcase_add_test(tc, test_addr4);
	tcase_add_test(tc, test_addr6);
	tcase_add_test(tc, test_pton_why);
	tcase_add_test(tc, test_parse_bin);
	tcase_add_test(tc, test_sockaddr_in);
	tcase_add_test(tc, test_sockaddr_zh);
	tcase_add_test(tc, test_sockaddr_in6);
	tcase_add_test(tc, test_sockaddr_un);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tcmd, cmd_setup, cmd_teardown);
	tcase_add_test(tcmd, test_cmd_byteorder_errors);
	tcase_add_test(tcmd, test_cmd_byteorder_ok);
	tcase_add_test(tcmd, test_cmd_udp_errors);
	tcase_add_test(tcmd, test_cmd_opt_errors);
	tcase_add_test(tcmd, test_cmd_udp6);
	tcase_add_test(tcmd, test_cmd_udp_unix);
	suite_add_tcase(s, tcmd);
	return s;
}
