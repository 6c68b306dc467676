/* check_io.c - unit tests of recv, read and recvfrom (cmd-io.c,
 * cmd-udp.c): what the shell shows of the bytes a receive brought. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "session.h"
#include "suites.h"
#include "tsession.h"

static struct tsession t;

static void setup(void)
{
	tsession_open(&t);
	t.s.opt.show_state = 0;
}

static void teardown(void)
{
	tsession_close(&t);
}

/* Run line, which must succeed; return its output (valid until the next
 * call). */
static const char *run(const char *line)
{
	enum exec_status st;
	const char *out = tsession_run(&t, line, &st);

	ck_assert_msg(st == EXEC_OK, "%s: status %d:\n%s", line, st, out);
	return out;
}

#define HAS(out, text) \
	ck_assert_msg(strstr(out, text) != NULL, "missing \"%s\" in:\n%s", \
		      text, out)
#define LACKS(out, text) \
	ck_assert_msg(strstr(out, text) == NULL, "unwanted \"%s\" in:\n%s", \
		      text, out)

/* UDP: recv returns 36 but buf holds 2; only those may be shown. */
START_TEST(test_trunc_udp)
{
	const char *out;

	run("u = socket inet dgram => *");
	run("bind u 127.0.0.1 0 => 0");
	run("v = socket inet dgram => *");
	run("sendto v \"abcdefghijklmnopqrstuvwxyz0123456789\" u => 36");
	out = run("recv u 2 MSG_TRUNC => 36");
	HAS(out, "  \"ab\"  (2 bytes)\n");
	HAS(out, "the datagram had 36 bytes; 2 fit in the buffer, the rest\n  was discarded");
	LACKS(out, "(36 bytes)");
	run("sendto v \"abcdefghijklmnopqrstuvwxyz0123456789\" u => 36");
	out = run("recvfrom u 3 MSG_PEEK|MSG_TRUNC => 36");
	HAS(out, "  \"abc\"  (3 bytes)\n");
	HAS(out, "MSG_PEEK left the whole datagram queued");
	out = run("recv u 100 => 36");
	HAS(out, "(36 bytes)");
}
END_TEST

/* TCP: MSG_TRUNC skips bytes without copying: nothing may be shown. */
START_TEST(test_trunc_tcp)
{
	const char *out;

	run("lfd = socket inet stream => *");
	run("bind lfd 127.0.0.1 0 => 0");
	run("listen lfd 1 => 0");
	run("c = socket inet stream => *");
	run("connect c lfd => 0");
	run("s = accept lfd => *");
	run("send c \"hello world\" => 11");
	out = run("recv s 5 MSG_PEEK|MSG_TRUNC => 5");
	LACKS(out, "bytes)");
	HAS(out, "5 bytes are queued; none were copied into buf");
	out = run("recv s 5 MSG_TRUNC => \"\"");
	LACKS(out, "bytes)");
	HAS(out, "MSG_TRUNC on TCP discards 5 bytes without copying them into buf");
	out = run("recv s 100 => \" world\"");
	HAS(out, "(6 bytes)");
}
END_TEST

Suite *io_suite(void)
{
	Suite *su = suite_create("io");
	TCase *tc = tcase_create("trunc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_trunc_udp);
	tcase_add_test(tc, test_trunc_tcp);
	suite_add_tcase(su, tc);
	return su;
}
