/* check_goal.c - unit tests of the your-turn goal comparison
 * (lesson-goal.c): spellings, sockets, addresses, loose positions, and
 * the words that say what differs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lesson-goal.h"
#include "lesson.h"
#include "suites.h"
#include "tsession.h"

static struct tsession t;
static struct sbuf why;

static void setup(void)
{
	enum exec_status st;

	tsession_open(&t);
	tsession_run(&t, "s = socket inet stream", &st);
	ck_assert_int_eq(st, EXEC_OK);
	tsession_run(&t, "u = socket inet dgram", &st);
	ck_assert_int_eq(st, EXEC_OK);
	tsession_run(&t, "w = socket inet stream", &st);
	ck_assert_int_eq(st, EXEC_OK);
}

static void teardown(void)
{
	tsession_close(&t);
	sbuf_free(&why);
	check_lang_zh(0);
}

static enum goal_verdict cmp(const char *ref, const char *mine,
			     unsigned long loose)
{
	sbuf_reset(&why);
	return lesson_goal_compare(&t.s, ref, mine, loose, &why);
}

#define SAME(ref, mine, loose) \
	ck_assert_msg(cmp(ref, mine, loose) == GOAL_SAME, \
		      "%s vs %s: %s", ref, mine, sbuf_str(&why))
#define DIFFERS(ref, mine, loose, says) \
	do { \
		ck_assert_int_eq(cmp(ref, mine, loose), GOAL_DIFFERS); \
		ck_assert_msg(strstr(sbuf_str(&why), says), \
			      "%s vs %s: \"%s\" not in: %s", ref, mine, \
			      says, sbuf_str(&why)); \
	} while (0)

/* Constants in any spelling; a left-out protocol is 0. */
START_TEST(test_spellings)
{
	const char *ref = "v = socket AF_INET SOCK_DGRAM 0";

	SAME(ref, "v = socket AF_INET SOCK_DGRAM 0", 0);
	SAME(ref, "v = socket inet dgram 0", 0);
	SAME(ref, "v = socket inet DGRAM", 0);
	SAME(ref, "v = socket af_inet sock_dgram ip", 0);
	SAME("htonl 0", "htonl 0x0", 0);
}
END_TEST

START_TEST(test_wrong_constant)
{
	DIFFERS("v = socket AF_INET SOCK_DGRAM 0",
		"v = socket AF_INET SOCK_STREAM 0", 0,
		"Not yet: you made a SOCK_STREAM socket; this step asks for a "
		"SOCK_DGRAM socket: datagrams (UDP).\n");
	DIFFERS("v = socket AF_INET SOCK_DGRAM 0", "v = socket inet6 dgram",
		0, "you made an AF_INET6 socket; this step asks for an AF_INET "
		   "socket");
	DIFFERS("v = socket AF_INET SOCK_DGRAM 0",
		"v = socket inet dgram udp", 0, "IPPROTO_UDP");
	DIFFERS("setsockopt s SOL_SOCKET SO_REUSEADDR 1",
		"setsockopt s SOL_SOCKET SO_REUSEPORT 1", 0, "SO_REUSEADDR");
	/* Every difference has its line. */
	ck_assert_int_eq(cmp("v = socket AF_INET SOCK_DGRAM 0",
			     "v = socket inet6 stream", 0), GOAL_DIFFERS);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&why), "AF_INET6"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&why), "SOCK_STREAM"));
}
END_TEST

/* Sockets by handle: a name or its descriptor number. */
START_TEST(test_sockets)
{
	char mine[32];

	SAME("close u", "close u", 0);
	snprintf(mine, sizeof(mine), "close %d",
		 session_find_name(&t.s, "u")->fd);
	SAME("close u", mine, 0);
	DIFFERS("close u", "close s", 0,
		"Not yet: you closed s; this step asks to close u.\n");
	DIFFERS("send u \"x\"", "send s \"x\"", 0,
		"you used the socket s; this step uses u");
}
END_TEST

/* Addresses by value; loose positions may differ. */
START_TEST(test_addresses_loose)
{
	SAME("bind w 0.0.0.0 0", "bind w any 0", 0);
	SAME("bind w 0.0.0.0 0", "bind w INADDR_ANY:0", 0);
	DIFFERS("bind w 0.0.0.0 0", "bind w 127.0.0.1 0", 0,
		"you gave the address 127.0.0.1:0; this step asks for "
		"0.0.0.0:0");
	DIFFERS("bind w 0.0.0.0 0", "bind w 0.0.0.0 8080", 0, "0.0.0.0:8080");
	SAME("bind w 0.0.0.0 0", "bind w 0.0.0.0 8080", 1UL << 3);
	DIFFERS("bind w 0.0.0.0 0", "bind w 127.0.0.1 8080", 1UL << 3,
		"127.0.0.1");
	SAME("bind w 0.0.0.0 0", "bind w 127.0.0.1 8080", (1UL << 2) |
							       (1UL << 3));
	SAME("bind w 0.0.0.0 0", "bind s 10.0.0.1 1", LESSON_LOOSE_ALL);
	DIFFERS("send s \"hello?\\n\"", "send s \"hi\"", 0,
		"you gave the data \"hi\"; this step asks for \"hello?\\n\"");
	SAME("send s \"hello?\\n\"", "send s \"hi\"", 1UL << 2);
	SAME("poll s:in 1000", "poll s:in 500", 1UL << 2);
	DIFFERS("poll s:in 1000", "poll s:in 500", 0, "500");
	DIFFERS("recv s 100", "recv s", 0,
		"you left out LEN; this step gives 100");
}
END_TEST

START_TEST(test_command_and_names)
{
	DIFFERS("send u \"x\"", "sendto u \"x\" s", 0,
		"this step wants a 'send' command; you ran 'sendto'");
	DIFFERS("expect state u UNCONN", "expect queue u 0", 0,
		"this step wants a 'expect state' command; you ran 'expect "
		"queue'");
	ck_assert_int_eq(cmp("v = socket inet dgram", "x = socket inet dgram",
			     LESSON_LOOSE_ALL), GOAL_NAMES);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&why), "v = ..."));
	ck_assert_int_eq(cmp("v = socket inet dgram", "socket inet dgram", 0),
			 GOAL_NAMES);
	/* Other arguments and no name: both said. */
	DIFFERS("v = socket AF_INET SOCK_DGRAM 0",
		"socket AF_INET SOCK_DGRAM IPPROTO_TCP", 0, "IPPROTO_TCP");
	ck_assert_ptr_nonnull(strstr(sbuf_str(&why), "v = ..."));
	/* Unreadable: running it says why. */
	ck_assert_int_eq(cmp("close u", "close nosuch", 0), GOAL_UNREADABLE);
	ck_assert_int_eq(cmp("close u", "nosuchcommand u", 0),
			 GOAL_UNREADABLE);
	ck_assert_int_eq(cmp("close u", "close \"u", 0), GOAL_UNREADABLE);
	/* A reference naming a socket made later compares words. */
	ck_assert_int_eq(cmp("close later", "close u", 0), GOAL_DIFFERS);
}
END_TEST

START_TEST(test_chinese)
{
	if (check_lang_zh(1) < 0)
		return;
	DIFFERS("v = socket AF_INET SOCK_DGRAM 0",
		"v = socket AF_INET SOCK_STREAM 0", 0, "SOCK_STREAM");
	ck_assert_ptr_null(strstr(sbuf_str(&why), "you made"));
	/* The constant's description is Chinese too. */
	ck_assert_ptr_null(strstr(sbuf_str(&why), "datagrams (UDP)"));
	ck_assert_msg(strstr(sbuf_str(&why), "数据报（UDP）"), "%s",
		      sbuf_str(&why));
	DIFFERS("close u", "close s", 0, "s");
	ck_assert_ptr_null(strstr(sbuf_str(&why), "you closed"));
}
END_TEST

Suite *goal_suite(void)
{
	Suite *s = suite_create("goal");
	TCase *tc = tcase_create("goal");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_spellings);
	tcase_add_test(tc, test_wrong_constant);
	tcase_add_test(tc, test_sockets);
	tcase_add_test(tc, test_addresses_loose);
	tcase_add_test(tc, test_command_and_names);
	tcase_add_test(tc, test_chinese);
	suite_add_tcase(s, tc);
	return s;
}
