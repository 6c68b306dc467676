/* check_draw.c - unit tests of pictures (draw.c, show-draw.c): snapshots
 * made by hand, the groups they fall into, and the text drawn. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "draw.h"
#include "i18n.h"
#include "show.h"
#include "suites.h"

static struct state_snap snap;

static void setup(void)
{
	memset(&snap, 0, sizeof(snap));
	check_lang_zh(0);
}

static void teardown(void)
{
	free(snap.rows);
	memset(&snap, 0, sizeof(snap));
	check_lang_zh(0);
}

/* "127.0.0.1:8001" into ss; "" for none. */
static socklen_t addr_of(const char *text, struct sockaddr_storage *ss)
{
	const char *words[1] = { text };
	struct sbuf err = SBUF_INIT;
	struct addr a;

	if (*text == '\0')
		return 0;
	ck_assert_int_eq(addr_parse(words, 1, AF_INET, 0, &a, &err), 1);
	sbuf_free(&err);
	*ss = a.ss;
	return a.len;
}

/* Add a TCP row to snap as state.c would make it: kind, fd (-1 none),
 * name, state (-1: not found), addresses, queues. */
static struct state_row *row(enum state_kind kind, int fd, const char *name,
			     int state, const char *local, const char *peer,
			     unsigned int rq, unsigned int wq)
{
	struct state_row *r;

	snap.rows = realloc(snap.rows, (snap.n + 1) * sizeof(*snap.rows));
	ck_assert_ptr_nonnull(snap.rows);
	r = &snap.rows[snap.n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->fd = fd;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->found = state >= 0;
	r->d.family = AF_INET;
	r->d.protocol = IPPROTO_TCP;
	r->d.type = SOCK_STREAM;
	r->d.state = state >= 0 ? state : TCP_CLOSE;
	r->d.local_len = addr_of(local, &r->d.local);
	r->d.peer_len = addr_of(peer, &r->d.peer);
	r->d.rqueue = rq;
	r->d.wqueue = wq;
	r->d.inode = fd >= 0 ? 1000 + (unsigned long)fd : 0;
	return r;
}

/* A connection with no descriptor on lfd's port (state.c: capture). */
static void kernel_row(int state, const char *peer, int in_queue)
{
	struct state_row *r = row(STATE_KERNEL, -1, "", state,
				  "127.0.0.1:8001", peer, 0, 0);

	r->in_queue = in_queue;
	snprintf(r->owner, sizeof(r->owner), "lfd");
}

static char *drawn_in(size_t i, int utf8, size_t columns)
{
	struct draw *d = draw_build(&snap, &snap.rows[i]);
	struct sbuf out = SBUF_INIT;

	ck_assert_ptr_nonnull(d);
	show_draw(&out, d, utf8, columns);
	draw_free(d);
	return out.s;
}

static char *drawn(size_t i, int utf8)
{
	return drawn_in(i, utf8, 0);
}

START_TEST(test_empty_listener)
{
	char *s;

	row(STATE_OPEN, 3, "lfd", TCP_LISTEN, "127.0.0.1:8001", "", 0, 2);
	s = drawn(0, 0);
	ck_assert_str_eq(s,
		"lfd  LISTEN  127.0.0.1:8001  backlog 2\n"
		" |- SYN queue (half-open):    [ ]  <- SYN-RECV\n"
		" `- accept queue (complete):  [ ]  0 of 3  -> accept()\n");
	free(s);
}
END_TEST

/* A listener with something in every group: the SYN queue holds a
 * request whose client thinks it is connected (its final ACK was
 * lost), the accept queue two of the session's clients and one from
 * elsewhere, and it is full. */
static void busy_listener(void)
{
	row(STATE_OPEN, 3, "lfd", TCP_LISTEN, "127.0.0.1:8001", "", 3, 2);
	row(STATE_OPEN, 4, "c0", TCP_ESTABLISHED, "127.0.0.1:40000",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 5, "c1", TCP_ESTABLISHED, "127.0.0.1:40001",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 6, "c2", TCP_ESTABLISHED, "127.0.0.1:40002",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 7, "c4", TCP_SYN_SENT, "127.0.0.1:40004",
	    "127.0.0.1:8001", 0, 1);
	row(STATE_OPEN, 8, "c5", TCP_ESTABLISHED, "127.0.0.1:40005",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 9, "cfd", TCP_ESTABLISHED, "127.0.0.1:8001",
	    "127.0.0.1:40000", 0, 0);
	/* Not on lfd's port: in no group. */
	row(STATE_OPEN, 10, "x", TCP_ESTABLISHED, "127.0.0.1:9000",
	    "127.0.0.1:40100", 0, 0);
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:40001", 1);
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:40002", 1);
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:50003", 1);
	kernel_row(TCP_SYN_RECV, "127.0.0.1:40005", 1);
	kernel_row(TCP_TIME_WAIT, "127.0.0.1:40009", 0);
}

START_TEST(test_groups)
{
	struct draw *d;

	busy_listener();
	d = draw_build(&snap, &snap.rows[0]);
	ck_assert_int_eq(d->kind, DRAW_LISTENER);
	ck_assert_uint_eq(d->n[DRAW_SYN_QUEUE], 1);
	ck_assert_str_eq(d->items[DRAW_SYN_QUEUE][0].peer, "c5");
	ck_assert_uint_eq(d->n[DRAW_ACCEPT_QUEUE], 3);
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][0].peer, "c1");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][2].peer, "");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][2].label,
			 "127.0.0.1:50003");
	ck_assert_uint_eq(d->n[DRAW_ACCEPTED], 1);
	ck_assert_str_eq(d->items[DRAW_ACCEPTED][0].label, "cfd");
	ck_assert_str_eq(d->items[DRAW_ACCEPTED][0].peer, "c0");
	ck_assert_uint_eq(d->n[DRAW_DROPPED], 1);
	ck_assert_str_eq(d->items[DRAW_DROPPED][0].label, "c4");
	ck_assert_uint_eq(d->n[DRAW_LEFTOVER], 1);
	draw_free(d);
}
END_TEST

START_TEST(test_busy_listener_utf8)
{
	char *s;

	busy_listener();
	s = drawn(0, 1);
	ck_assert_str_eq(s,
		"lfd  LISTEN  127.0.0.1:8001  backlog 2\n"
		" \u251c\u2500 SYN queue (half-open):    [c5]                         \u2190 SYN-RECV\n"
		" \u251c\u2500 accept queue (complete):  [c1] [c2] [127.0.0.1:50003]  3 of 3: full  \u2192 accept() \u2192 c1\n"
		" \u251c\u2500 accepted:                 cfd \u2194 c0  ESTABLISHED\n"
		" \u251c\u2500 SYN dropped:              c4  SYN-SENT, retrying\n"
		" \u2514\u2500 left over:                (no fd) \u2194 127.0.0.1:40009  TIME-WAIT\n");
	free(s);
}
END_TEST

/* Without UTF-8 nothing but ASCII is drawn. */
START_TEST(test_ascii_only)
{
	char *s[3];
	size_t i, k;

	busy_listener();
	s[0] = drawn(0, 0);
	s[1] = drawn(1, 0);	/* c0: a connection */
	s[2] = drawn(4, 0);	/* c4: knocking at a full listener */
	for (i = 0; i < 3; i++) {
		for (k = 0; s[i][k]; k++)
			ck_assert_msg((unsigned char)s[i][k] < 0x80,
				      "not ASCII: %s", s[i]);
		free(s[i]);
	}
}
END_TEST

START_TEST(test_connection)
{
	char *s;

	busy_listener();
	s = drawn(6, 0);	/* cfd, accepted from lfd */
	ck_assert_str_eq(s,
		"+- server cfd -------+        +- client c0 --------+\n"
		"| fd 9               |        | fd 4               |\n"
		"| 127.0.0.1:8001     | <----> | 127.0.0.1:40000    |\n"
		"| ESTABLISHED        |        | ESTABLISHED        |\n"
		"| Recv-Q 0  Send-Q 0 |        | Recv-Q 0  Send-Q 0 |\n"
		"+--------------------+        +--------------------+\n"
		"  cfd  SYN-RECV -> [ESTABLISHED]\n"
		"  c0   SYN-SENT -> [ESTABLISHED]\n"
		"  the end that calls close() first goes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the other CLOSE-WAIT, LAST-ACK\n");
	free(s);
}
END_TEST

START_TEST(test_dropped_client)
{
	char *s;

	busy_listener();
	s = drawn(4, 1);
	ck_assert_ptr_nonnull(strstr(s, "\u2500 listener lfd \u2500"));
	ck_assert_ptr_nonnull(strstr(s, " \u2500SYN\u2500\u2192 "));
	ck_assert_ptr_nonnull(strstr(s, "lfd's accept queue is full"));
	ck_assert_ptr_nonnull(strstr(s, "  c4  [SYN-SENT] \u2192 ESTABLISHED\n"));
	free(s);
}
END_TEST

/* c5's final ACK did not count (TCP_DEFER_ACCEPT, or lost): it is
 * ESTABLISHED, its server end a request in the SYN queue. */
START_TEST(test_request)
{
	char *s;

	busy_listener();
	s = drawn(5, 0);
	ck_assert_ptr_nonnull(strstr(s, "| no fd yet: in lfd's SYN queue |"));
	ck_assert_ptr_nonnull(strstr(s, "| SYN-RECV                      |"));
	ck_assert_ptr_nonnull(strstr(s, "  (no fd)  [SYN-RECV] -> ESTABLISHED\n"));
	free(s);
}
END_TEST

/* The client closed first and is in TIME-WAIT; the server end is
 * closed and gone. */
START_TEST(test_time_wait)
{
	char *s;

	row(STATE_OPEN, 3, "lfd", TCP_LISTEN, "127.0.0.1:8001", "", 0, 8);
	row(STATE_CLOSED, -1, "c", TCP_TIME_WAIT, "127.0.0.1:40000",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_CLOSED, -1, "cfd", -1, "127.0.0.1:8001",
	    "127.0.0.1:40000", 0, 0);
	s = drawn(1, 0);
	ck_assert_str_eq(s,
		"+- client c ---------+        +- server cfd -------+\n"
		"| closed: no fd      |        | closed: no fd      |\n"
		"| 127.0.0.1:40000    | <----> | 127.0.0.1:8001     |\n"
		"| TIME-WAIT          |        | CLOSED             |\n"
		"| Recv-Q 0  Send-Q 0 |        | Recv-Q -  Send-Q - |\n"
		"+--------------------+        +--------------------+\n"
		"  c    SYN-SENT -> ESTABLISHED -> FIN-WAIT-1 -> FIN-WAIT-2 -> [TIME-WAIT] -> CLOSED\n"
		"  cfd  SYN-RECV -> ESTABLISHED -> CLOSE-WAIT -> LAST-ACK -> [CLOSED]\n");
	free(s);
}
END_TEST

/* An end the session does not know (nc in another terminal): its
 * address beside the box. A socket with no peer: the box alone. */
START_TEST(test_unknown_peer)
{
	char *s;

	row(STATE_OPEN, 3, "c", TCP_CLOSE_WAIT, "127.0.0.1:40000",
	    "127.0.0.1:9999", 1, 0);
	row(STATE_OPEN, 4, "b", -1, "127.0.0.1:7777", "", 0, 0);
	s = drawn(0, 0);
	ck_assert_ptr_nonnull(strstr(s, "| 127.0.0.1:40000    | <----> 127.0.0.1:9999 (not a socket of this session)\n"));
	ck_assert_ptr_nonnull(strstr(s, "  c  ESTABLISHED -> [CLOSE-WAIT] -> LAST-ACK -> CLOSED\n"));
	free(s);
	s = drawn(1, 0);
	ck_assert_ptr_nonnull(strstr(s, "| CLOSED             |\n"));
	ck_assert_ptr_nonnull(strstr(s, "  not connected: no other end to draw\n"));
	free(s);
}
END_TEST

/* The accept queue is drawn in the order accept() takes it: oldest
 * first by the kernel's clock where it tells them apart, else in the
 * order the session made the clients. */
START_TEST(test_queue_order)
{
	struct draw *d;
	struct state_row *k[3];
	size_t i;

	row(STATE_OPEN, 3, "lfd", TCP_LISTEN, "127.0.0.1:8001", "", 3, 8);
	row(STATE_OPEN, 4, "a", TCP_ESTABLISHED, "127.0.0.1:40001",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 5, "b", TCP_ESTABLISHED, "127.0.0.1:40002",
	    "127.0.0.1:8001", 0, 0);
	row(STATE_OPEN, 6, "c", TCP_ESTABLISHED, "127.0.0.1:40003",
	    "127.0.0.1:8001", 0, 0);
	/* The kernel lists them in its hash order: c, a, b. */
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:40003", 1);
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:40001", 1);
	kernel_row(TCP_ESTABLISHED, "127.0.0.1:40002", 1);
	d = draw_build(&snap, &snap.rows[0]);
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][0].peer, "a");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][1].peer, "b");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][2].peer, "c");
	draw_free(d);
	/* b connected first, then c, then a (its data does not count). */
	for (i = 0; i < 3; i++) {
		k[i] = &snap.rows[4 + i];
		k[i]->d.has_tcpinfo = 1;
	}
	k[0]->d.ti.last_data_recv_ms = 200;	/* c */
	k[1]->d.ti.last_data_recv_ms = 100;	/* a */
	k[2]->d.ti.last_data_recv_ms = 300;	/* b */
	d = draw_build(&snap, &snap.rows[0]);
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][0].peer, "b");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][1].peer, "c");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][2].peer, "a");
	draw_free(d);
	k[2]->d.ti.bytes_received = 5;	/* b's age unknown: by creation */
	k[0]->d.ti.last_data_recv_ms = 100;	/* c and a: the same tick */
	d = draw_build(&snap, &snap.rows[0]);
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][0].peer, "a");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][1].peer, "b");
	ck_assert_str_eq(d->items[DRAW_ACCEPT_QUEUE][2].peer, "c");
	draw_free(d);
}
END_TEST

/* On a narrow terminal the boxes go one above the other and the long
 * lines wrap: no line is wider than the terminal. */
START_TEST(test_narrow)
{
	char *s, *line, *save = NULL;
	size_t n = 0;

	busy_listener();
	s = drawn_in(2, 1, 100);	/* c1, its server end in the queue */
	ck_assert_ptr_nonnull(strstr(s, "\u2502 \u2190\u2500"));
	free(s);
	s = drawn_in(2, 1, 50);
	ck_assert_ptr_nonnull(strstr(s, "\n    \u2195\n"));
	for (line = strtok_r(s, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++)
		ck_assert_msg(i18n_width(line) <= 50, "%zu columns: %s",
			      i18n_width(line), line);
	ck_assert_uint_ge(n, 16);	/* two boxes of 6 lines, the life */
	free(s);
}
END_TEST

START_TEST(test_not_tcp)
{
	struct state_row *r = row(STATE_OPEN, 3, "u", -1, "127.0.0.1:53",
				  "", 0, 0);

	r->d.protocol = IPPROTO_UDP;
	r->d.type = SOCK_DGRAM;
	ck_assert_ptr_null(draw_build(&snap, r));
}
END_TEST

/* The display column where the last c starts on the first line of s
 * that has line_has. */
static size_t column_of(const char *s, const char *line_has, const char *c)
{
	const char *l = strstr(s, line_has), *p = NULL, *q, *end;
	char buf[256];

	ck_assert_ptr_nonnull(l);
	while (l > s && l[-1] != '\n')
		l--;
	end = strchr(l, '\n');
	for (q = strstr(l, c); q && q < end; q = strstr(q + 1, c))
		p = q;
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt((size_t)(p - l), sizeof(buf));
	memcpy(buf, l, (size_t)(p - l));
	buf[p - l] = '\0';
	return i18n_width(buf);
}

/* In Chinese the titles are CJK (two columns a character): the queues
 * and their arrows still line up, and so do the boxes' borders. */
START_TEST(test_zh_columns)
{
	char *s;

	if (check_lang_zh(1) < 0) {
		printf("SKIP: test_zh_columns: no NLS or no UTF-8 locale\n");
		return;
	}
	busy_listener();
	s = drawn(0, 1);
	ck_assert_ptr_nonnull(strstr(s, "\u534a\u8fde\u63a5\u961f\u5217"));
	ck_assert_uint_eq(column_of(s, "SYN-RECV", "[c5]"),
			  column_of(s, "accept()", "[c1]"));
	ck_assert_uint_eq(column_of(s, "SYN-RECV", "\u2190"),
			  column_of(s, "accept()", "3 / 3"));
	ck_assert_uint_eq(column_of(s, "c4", "c4"),
			  column_of(s, "cfd", "cfd"));
	free(s);
	s = drawn(4, 1);
	/* The top border and a line inside end in the same column. */
	ck_assert_uint_eq(column_of(s, "lfd \u2500", "\u2510"),
			  column_of(s, "LISTEN", "\u2502"));
	free(s);
}
END_TEST

Suite *draw_suite(void)
{
	Suite *s = suite_create("draw");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty_listener);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_busy_listener_utf8);
	tcase_add_test(tc, test_ascii_only);
	tcase_add_test(tc, test_connection);
	tcase_add_test(tc, test_dropped_client);
	tcase_add_test(tc, test_request);
	tcase_add_test(tc, test_time_wait);
	tcase_add_test(tc, test_unknown_peer);
	tcase_add_test(tc, test_queue_order);
	tcase_add_test(tc, test_narrow);
	tcase_add_test(tc, test_not_tcp);
	tcase_add_test(tc, test_zh_columns);
	suite_add_tcase(s, tc);
	return s;
}
