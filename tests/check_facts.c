/* check_facts.c - unit tests of facts: recorded as data, worded by
 * show-facts.c in English and in Simplified Chinese. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "byteorder.h"
#include "record.h"
#include "show-facts.h"
#include "suites.h"

static struct record r;
static struct sbuf out;

static void setup(void)
{
	record_init(&r);
	sbuf_reset(&out);
}

static void teardown(void)
{
	sbuf_free(&out);
	memset(&r, 0, sizeof(r));
	check_lang_zh(0);
}

static void in4(struct sockaddr_storage *ss, const char *ip, int port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
}

/* The words of fact i, in the language set now. */
static const char *words(int i)
{
	sbuf_reset(&out);
	show_fact(&out, &r.facts[i]);
	return sbuf_str(&out);
}

/* Switch to Chinese: the build tree's catalog must be readable. */
static void zh(void)
{
	ck_assert_int_eq(check_lang_zh(1), 0);
}

START_TEST(test_data)
{
	struct sockaddr_storage ss;

	in4(&ss, "127.0.0.1", 8001);
	record_fact(&r, FACT_EPHEMERAL_PORT, FP_SOCK, "c", 4, FP_ADDR, &ss,
		    (socklen_t)sizeof(struct sockaddr_in), FP_INT, 1L, -1);
	ck_assert_int_eq(r.nfacts, 1);
	ck_assert_int_eq(r.facts[0].id, FACT_EPHEMERAL_PORT);
	ck_assert_str_eq(fact_name(r.facts[0].id), "ephemeral_port");
	ck_assert_int_eq(r.facts[0].nparam, 3);
	ck_assert_int_eq(r.facts[0].p[0].kind, FP_SOCK);
	ck_assert_str_eq(r.facts[0].p[0].label, "c");
	ck_assert_int_eq(r.facts[0].p[0].num, 4);
	ck_assert_int_eq(r.facts[0].p[1].kind, FP_ADDR);
	ck_assert_int_eq(r.facts[0].p[2].num, 1);
	ck_assert_ptr_null(fact_name(FACT_COUNT));
}
END_TEST

/* A socket's longest name is kept whole. */
START_TEST(test_long_label)
{
	static const char name[] = "abcdefghijklmnopqrstuvwxyz01234";

	record_fact(&r, FACT_STILL_LISTENS, FP_SOCK, name, 3, -1);
	ck_assert_str_eq(r.facts[0].p[0].label, name);
	ck_assert_str_eq(words(0), "  abcdefghijklmnopqrstuvwxyz01234 still listens; the new descriptor talks to this one client");
}
END_TEST

/* Every id has a distinct name, for machine-readable output. */
START_TEST(test_names)
{
	int i, j;

	for (i = 0; i < FACT_COUNT; i++) {
		ck_assert_ptr_nonnull(fact_name((enum fact_id)i));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(fact_name((enum fact_id)i),
					 fact_name((enum fact_id)j));
	}
}
END_TEST

START_TEST(test_full)
{
	int i;

	for (i = 0; i < RECORD_MAX_FACTS + 2; i++)
		record_fact(&r, FACT_DGRAM_SENT, -1);
	ck_assert_int_eq(r.nfacts, RECORD_MAX_FACTS);
}
END_TEST

/* The life cycle: bind, listen, accept, connect, names, socketpair. */
START_TEST(test_socket)
{
	struct sockaddr_storage l, p;
	socklen_t n = sizeof(struct sockaddr_in);

	in4(&l, "127.0.0.1", 8001);
	in4(&p, "127.0.0.1", 41517);
	record_fact(&r, FACT_PORT_PICKED, FP_SOCK, "lfd", 3, FP_INT, 41517L, -1);
	record_fact(&r, FACT_FOUR_TUPLE, FP_ADDR, &l, n, FP_ADDR, &p, n, -1);
	record_fact(&r, FACT_STILL_LISTENS, FP_SOCK, "lfd", 3, -1);
	record_fact(&r, FACT_EPHEMERAL_PORT, FP_SOCK, "c", 4, FP_ADDR, &p, n,
		    FP_INT, 0L, -1);
	record_fact(&r, FACT_SOCKETPAIR, FP_SOCK, "a", 5, FP_SOCK, "6", 6, -1);
	ck_assert_str_eq(words(0),
			 "  port 0: the kernel picked port 41517 (getsockname(lfd) shows it)");
	ck_assert_str_eq(words(1),
			 "  peer: 127.0.0.1:41517   four-tuple: 127.0.0.1:8001 <-> 127.0.0.1:41517");
	ck_assert_str_eq(words(2),
			 "  lfd still listens; the new descriptor talks to this one client");
	ck_assert_str_eq(words(3),
			 "  c had no address: the kernel bound it to 127.0.0.1:41517 (an ephemeral port)");
	ck_assert_str_eq(words(4),
			 "  sv[0] = 5 a, sv[1] = 6: already connected to each other");
	zh();
	ck_assert_str_eq(words(0),
			 "  端口 0：内核选了端口号 41517（getsockname(lfd) 可以看到）");
	ck_assert_str_eq(words(1),
			 "  对端：127.0.0.1:41517   四元组：127.0.0.1:8001 <-> 127.0.0.1:41517");
	ck_assert_str_eq(words(2),
			 "  lfd 仍是监听套接字；新的描述符是通信套接字，只与这一个客户端通信");
	ck_assert_str_eq(words(3),
			 "  c 没有地址：内核把它绑定到 127.0.0.1:41517（临时端口）");
	ck_assert_str_eq(words(4), "  sv[0] = 5 a，sv[1] = 6：两者已经彼此连接");
}
END_TEST

/* UDP: sendto's ephemeral port, recvfrom's sender, datagram sizes. */
START_TEST(test_udp)
{
	struct sockaddr_storage p;
	socklen_t n = sizeof(struct sockaddr_in);

	in4(&p, "127.0.0.1", 9000);
	record_fact(&r, FACT_EPHEMERAL_PORT, FP_SOCK, "u", 3, FP_ADDR, &p, n,
		    FP_INT, 1L, -1);
	record_fact(&r, FACT_DGRAM_SENT, -1);
	record_fact(&r, FACT_FROM, FP_ADDR, &p, n, -1);
	record_fact(&r, FACT_DGRAM_FILLED, FP_INT, 4L, -1);
	ck_assert_str_eq(words(0),
			 "  u had no address: the kernel bound it to 127.0.0.1:9000 (an ephemeral port), where replies will come");
	ck_assert_str_eq(words(1),
			 "  one datagram sent; UDP does not say whether anyone received it");
	ck_assert_str_eq(words(2), "  from: 127.0.0.1:9000  (fromlen = 16)");
	ck_assert_str_eq(words(3),
			 "  the datagram filled buf (4 bytes): if it was longer, the rest is discarded, not kept for the next call");
	zh();
	ck_assert_str_eq(words(0),
			 "  u 没有地址：内核把它绑定到 127.0.0.1:9000（临时端口），回复会发到这里");
	ck_assert_str_eq(words(1), "  发出了一个数据报；UDP 不会告诉你是否有人收到");
	ck_assert_str_eq(words(2), "  from：127.0.0.1:9000  （fromlen = 16）");
	ck_assert_str_eq(words(3),
			 "  数据报填满了 buf（4 字节）：如果它更长，多出的部分被丢弃，不会留给下一次调用");
}
END_TEST

/* I/O: short send, end of file, bytes, MSG_TRUNC (plural forms). */
START_TEST(test_io)
{
	static const unsigned char hi[] = "hi";

	record_fact(&r, FACT_SHORT_SEND, FP_INT, 3L, FP_INT, 10L, -1);
	record_fact(&r, FACT_EOF, FP_SOCK, "c", -1, -1);
	record_fact(&r, FACT_DATA, FP_BYTES, hi, (size_t)2, -1);
	record_fact(&r, FACT_TRUNC_TCP, FP_INT, 1L, FP_INT, 1L, -1);
	record_fact(&r, FACT_TRUNC_UDP, FP_INT, 9L, FP_INT, 4L, FP_INT, 0L, -1);
	ck_assert_str_eq(words(0),
			 "  only 3 of 10 bytes went into the send buffer: send the rest again");
	ck_assert_str_eq(words(1),
			 "  0 bytes: end of file. The peer closed its side (its FIN reached c);\n  recv will return 0 from now on.");
	ck_assert_str_eq(words(2), "  \"hi\"  (2 bytes)\n");
	ck_assert_str_eq(words(3),
			 "  MSG_PEEK|MSG_TRUNC on TCP: 1 byte is queued; none were copied into buf,\n  and they stay queued");
	ck_assert_str_eq(words(4),
			 "  MSG_TRUNC: the datagram had 9 bytes; 4 fit in the buffer, the rest\n  was discarded");
	zh();
	ck_assert_str_eq(words(0),
			 "  10 字节中只有 3 字节进入了发送缓冲区：请再发送剩下的部分");
	ck_assert_str_eq(words(1),
			 "  0 字节：文件结束。对端关闭了它那一端（它的 FIN 到达了 c）；\n  从现在起 recv 都会返回 0。");
	ck_assert_str_eq(words(3),
			 "  TCP 上的 MSG_PEEK|MSG_TRUNC：队列中有 1 字节；没有复制到 buf，\n  它们仍留在队列中");
	ck_assert_str_eq(words(4),
			 "  MSG_TRUNC：数据报有 9 字节；缓冲区放下了 4 字节，其余的\n  被丢弃了");
}
END_TEST

/* Socket options and O_NONBLOCK: "on" and "off" stay as typed. */
START_TEST(test_opt)
{
	record_fact(&r, FACT_LINGER, FP_INT, 1L, FP_INT, 0L, -1);
	record_fact(&r, FACT_TIMEOUT, FP_SOCK, "c", 4, FP_INT, 250L,
		    FP_INT, 0L, -1);
	record_fact(&r, FACT_BUF_DOUBLED, FP_INT, 16384L, FP_INT, 1L, -1);
	record_fact(&r, FACT_OPT_BOOL, FP_INT, (long)SOL_SOCKET,
		    FP_INT, (long)SO_KEEPALIVE, FP_INT, 0L, -1);
	record_fact(&r, FACT_FLAGS, FP_SOCK, "c", 4, FP_INT, 02L, -1);
	record_fact(&r, FACT_NONBLOCK, FP_SOCK, "c", 4, FP_INT, 0L, -1);
	record_fact(&r, FACT_OPT_NEEDS_IPV6, -1);
	ck_assert_str_eq(words(0), "  on, 0 seconds: close() resets the connection (RST): unsent data is dropped, no TIME-WAIT");
	ck_assert_str_eq(words(1), "  a blocking send on c now gives up after 250 ms with -1 EAGAIN");
	ck_assert_str_eq(words(2), "  the kernel doubles it (half is for its own bookkeeping): getsockopt will show 16384,\n  within the limit net.core.rmem_max");
	ck_assert_ptr_nonnull(strstr(words(3), "  off (on means: probe an idle"));
	ck_assert_str_eq(words(4), "  flags = 0x2 = O_RDWR: c is blocking (O_NONBLOCK is off), calls wait until they can complete");
	ck_assert_str_eq(words(5), "  c is blocking again: calls wait until they can complete");
	ck_assert_str_eq(words(6), "  IPV6_* options need an AF_INET6 socket");
	zh();
	ck_assert_str_eq(words(0), "  on，0 秒：close() 重置连接（RST）：未发出的数据被丢弃，没有 TIME-WAIT");
	ck_assert_str_eq(words(1), "  现在 c 上阻塞的 send 在 250 毫秒后放弃，返回 -1 EAGAIN");
	ck_assert_str_eq(words(2), "  内核把它加倍（一半留作内核自己的簿记）：getsockopt 会显示 16384，\n  不超过上限 net.core.rmem_max");
	ck_assert_ptr_nonnull(strstr(words(3), "  off（on 表示：探测空闲的 TCP 连接"));
	ck_assert_str_eq(words(4), "  flags = 0x2 = O_RDWR：c 是阻塞的（O_NONBLOCK 关闭），调用会等到能够完成为止");
	ck_assert_str_eq(words(5), "  c 又是阻塞的了：调用会等到能够完成为止");
	ck_assert_str_eq(words(6), "  IPV6_* 选项需要 AF_INET6 套接字");
}
END_TEST

/* getsockopt's values: C stays C, the meaning is translated. */
START_TEST(test_got)
{
	record_fact(&r, FACT_GOT_LINGER, FP_INT, 0L, FP_INT, 5L, -1);
	record_fact(&r, FACT_GOT_TIMEOUT, FP_INT, 0L, FP_INT, 0L, -1);
	record_fact(&r, FACT_GOT_BOOL, FP_INT, (long)SOL_SOCKET,
		    FP_INT, (long)SO_ACCEPTCONN, FP_INT, 0L, -1);
	record_fact(&r, FACT_SO_ERROR, FP_INT, 0L, -1);
	record_fact(&r, FACT_PEERCRED, FP_INT, 7L, FP_INT, 0L, FP_INT, 0L,
		    -1);
	record_fact(&r, FACT_GOT_CONST, FP_INT, 0L, FP_INT, (long)SOCK_DGRAM,
		    -1);
	ck_assert_str_eq(words(0), "  lg = { .l_onoff = 0, .l_linger = 5 }\n  off: close() returns at once; the kernel still sends unsent data in the background (l_linger is ignored while l_onoff is 0)");
	ck_assert_str_eq(words(1), "  tv = { .tv_sec = 0, .tv_usec = 0 } = 0 ms: no time-out, wait for ever");
	ck_assert_str_eq(words(2), "  val = 0: not listening");
	ck_assert_str_eq(words(3), "  val = 0: no error pending (after a non-blocking connect: it succeeded)");
	ck_assert_str_eq(words(4), "  cred = { .pid = 7, .uid = 0, .gid = 0 }: the peer's process and user");
	ck_assert_str_eq(words(5), "  val = 2 = SOCK_DGRAM");
	zh();
	ck_assert_str_eq(words(0), "  lg = { .l_onoff = 0, .l_linger = 5 }\n  off：close() 立即返回；内核仍在后台发送未发出的数据（l_onoff 为 0 时 l_linger 被忽略）");
	ck_assert_str_eq(words(1), "  tv = { .tv_sec = 0, .tv_usec = 0 } = 0 毫秒：没有超时，一直等待");
	ck_assert_str_eq(words(2), "  val = 0: 不在监听");
	ck_assert_str_eq(words(3), "  val = 0：没有待处理的错误（非阻塞 connect 之后：表示连接成功）");
	ck_assert_str_eq(words(4), "  cred = { .pid = 7, .uid = 0, .gid = 0 }：对端的进程和用户");
	ck_assert_str_eq(words(5), "  val = 2 = SOCK_DGRAM");
}
END_TEST

/* poll: a line per descriptor with its revents, then the count. */
START_TEST(test_poll)
{
	record_fact(&r, FACT_REVENTS, FP_SOCK, "d", 3, FP_INT,
		    (long)(POLLIN | POLLOUT), FP_INT, (long)POLLIN_DATAGRAM,
		    FP_INT, 1L, -1);
	record_fact(&r, FACT_REVENTS, FP_SOCK, "e", 4, FP_INT, 0L,
		    FP_INT, (long)POLLIN_PLAIN, FP_INT, -1L, -1);
	record_fact(&r, FACT_POLL_RESULT, FP_INT, 1L, FP_INT, 0L, -1);
	record_fact(&r, FACT_POLL_RESULT, FP_INT, 0L, FP_INT, 10L, -1);
	ck_assert_int_eq(r.facts[0].nparam, 4);
	ck_assert_str_eq(words(0), "  d: revents = POLLIN|POLLOUT\n    POLLIN: a datagram to read (1 byte): recvfrom will not block\n    POLLOUT: room in the send buffer: send will not block (after a non-blocking connect:\n      the handshake is over, getsockopt SO_ERROR says how it went)");
	ck_assert_str_eq(words(1), "  e: revents = 0, not ready");
	ck_assert_str_eq(words(2), "  1 descriptor is ready");
	ck_assert_str_eq(words(3), "  0: the timeout (10 ms) ran out and nothing became ready");
	zh();
	ck_assert_str_eq(words(0), "  d: revents = POLLIN|POLLOUT\n    POLLIN: 有一个数据报可读（1 字节）：recvfrom 不会阻塞\n    POLLOUT: 发送缓冲区有空间：send 不会阻塞（非阻塞 connect 之后：\n      握手已经结束，getsockopt SO_ERROR 告诉你结果）");
	ck_assert_str_eq(words(1), "  e: revents = 0，未就绪");
	ck_assert_str_eq(words(2), "  1 个描述符就绪");
	ck_assert_str_eq(words(3), "  0：超时（10 毫秒）已到，没有描述符就绪");
}
END_TEST

/* Byte order: the facts carry the values; byteorder.c's helpers word
 * them for the renderer, as the handlers' text read before. */
START_TEST(test_byteorder)
{
	struct sockaddr_storage ss;
	struct sbuf want = SBUF_INIT;
	const char *text = "1.2.3";

	in4(&ss, "192.168.10.128", 0);
	record_fact(&r, FACT_CONV, FP_INT, (long)BO_HTONS, FP_INT, 8001L,
		    FP_INT, 0L, -1);
	record_fact(&r, FACT_ADDR_BYTES, FP_ADDR, &ss,
		    (socklen_t)sizeof(struct sockaddr_in), -1);
	record_fact(&r, FACT_PTON_ZERO, FP_INT, (long)AF_INET, FP_BYTES,
		    (const unsigned char *)text, strlen(text), -1);
	record_fact(&r, FACT_NTOP_NUMBER, -1);
	in4(&ss, "127.0.0.1", 8001);
	record_fact(&r, FACT_SOCKADDR, FP_ADDR, &ss,
		    (socklen_t)sizeof(struct sockaddr_in), FP_INT, 0L,
		    FP_INT, 8001L, FP_BYTES, (const unsigned char *)"",
		    (size_t)0, -1);
	ck_assert_str_eq(fact_name(FACT_CONV), "conv");
	byteorder_explain_fn(&want, BO_HTONS, 8001, "->");
	ck_assert_str_eq(words(0), sbuf_str(&want));
	ck_assert_ptr_nonnull(strstr(words(0), "0x1f41 -> 0x411f"));
	sbuf_reset(&want);
	byteorder_explain_addr(&want, AF_INET, "\xc0\xa8\x0a\x80");
	ck_assert_str_eq(words(1), sbuf_str(&want));
	ck_assert_ptr_nonnull(strstr(words(2), "inet_pton returns 0"));
	ck_assert_str_eq(words(3), "  a number is the address's value, stored with htonl(); give the bytes in hex (c0a80a80) to store them as they are");
	ck_assert_ptr_nonnull(strstr(words(4), "  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(8001), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };\n  struct sockaddr_in, 16 bytes"));
	zh();
	ck_assert_str_eq(words(3), "  数表示地址的值，用 htonl() 存储；用十六进制给出字节（c0a80a80）则按原样存储");
	sbuf_free(&want);
}
END_TEST

/* sleep's end and expect's verdicts: facts like the others. */
START_TEST(test_shell)
{
	record_fact(&r, FACT_SLEEP_INTERRUPTED, -1);
	record_fact(&r, FACT_SLEEP_GAVE_UP, FP_INT, 50L, -1);
	record_fact(&r, FACT_EXPECT_STATE, FP_SOCK, "c", 4, FP_BYTES,
		    (const unsigned char *)"TIME-WAIT", (size_t)9, -1);
	record_fact(&r, FACT_EXPECT_QUEUE, FP_INT, 2L, FP_SOCK, "l", 3, -1);
	record_fact(&r, FACT_EXPECT_RECV, FP_BYTES,
		    (const unsigned char *)"hi\n", (size_t)3, -1);
	ck_assert_str_eq(words(0), "(interrupted)");
	ck_assert_str_eq(words(1), "(sockrepl gave up waiting after 50 ms, the replay time-out: see --timeout and 'set timeout')");
	ck_assert_str_eq(words(2), "  c is TIME-WAIT, as expected");
	ck_assert_str_eq(words(3), "  2 waiting in the accept queue of l, as expected");
	ck_assert_str_eq(words(4), "  received \"hi\\n\", as expected");
	zh();
	ck_assert_str_eq(words(2), "  c 处于 TIME-WAIT，符合预期");
	ck_assert_str_eq(words(3), "  2 个在 l 的全连接队列中等待，符合预期");
	ck_assert_str_eq(words(4), "  收到 \"hi\\n\"，符合预期");
}
END_TEST

Suite *facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("facts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_data);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_long_label);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_socket);
	tcase_add_test(tc, test_udp);
	tcase_add_test(tc, test_io);
	tcase_add_test(tc, test_opt);
	tcase_add_test(tc, test_got);
	tcase_add_test(tc, test_poll);
	tcase_add_test(tc, test_byteorder);
	tcase_add_test(tc, test_shell);
	suite_add_tcase(s, tc);
	return s;
}
