/* check_challenge.c - unit tests of challenges (parsed, solved, checked
 * by state and results) and of the two-terminal steps' stand-in. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "suites.h"
#include "tsession.h"

static struct lesson *l;
static struct sbuf err;

static int parse(const char *text)
{
	lesson_free(l);
	l = NULL;
	sbuf_reset(&err);
	return lesson_parse("t.md", text, strlen(text), &l, &err);
}

static void teardown(void)
{
	lesson_free(l);
	l = NULL;
	sbuf_free(&err);
}

static const char queue_lesson[] =
	"# 1. Queue\n"
	"\n"
	"    sock> lfd = socket inet stream\n"
	"    sock> bind lfd 127.0.0.1 0 => 0\n"
	"    sock> listen lfd 2 => 0\n"
	"\n"
	"Recap.\n"
	"\n"
	"    challenge> make lfd's accept queue hold exactly 2 connections\n"
	"    hint: a connect nobody accepts waits\n"
	"    hint: c1 = socket inet stream, connect c1 lfd; again for c2\n"
	"    solution> c1 = socket inet stream\n"
	"    solution> connect c1 lfd => 0\n"
	"    solution> c2 = socket inet stream\n"
	"    solution> connect c2 lfd => 0\n"
	"    check> expect queue lfd 2\n"
	"\n"
	"The end.\n";

START_TEST(test_parse_challenge)
{
	const struct lesson_step *st;
	char *line;

	ck_assert_int_eq(parse(queue_lesson), 0);
	ck_assert_uint_eq(l->nsteps, 4);
	st = &l->steps[3];
	ck_assert_int_eq(st->kind, LESSON_CHALLENGE);
	ck_assert_str_eq(st->command,
			 "make lfd's accept queue hold exactly 2 connections");
	ck_assert_str_eq(st->before, "Recap.");
	ck_assert_str_eq(st->hint, "a connect nobody accepts waits\n"
			 "c1 = socket inet stream, connect c1 lfd; again for c2");
	ck_assert_str_eq(st->check, "expect queue lfd 2");
	line = lesson_nth_line(st->solution, 3);
	ck_assert_str_eq(line, "connect c2 lfd => 0");
	free(line);
	ck_assert_ptr_null(lesson_nth_line(st->solution, 4));
	ck_assert_ptr_null(l->steps[0].solution);
	ck_assert_str_eq(l->after, "The end.");
}
END_TEST

START_TEST(test_parse_outside)
{
	ck_assert_int_eq(parse("# 7. Two\n\n"
			       "    outside> nc 127.0.0.1 {port lfd}\n"
			       "    outside> type hello there\n"
			       "    outside> close\n"), 0);
	ck_assert_uint_eq(l->nsteps, 3);
	ck_assert_int_eq(l->steps[0].kind, LESSON_OUTSIDE);
	ck_assert_str_eq(l->steps[0].command, "nc 127.0.0.1 {port lfd}");
	ck_assert_str_eq(l->steps[1].command, "type hello there");
	ck_assert_str_eq(l->steps[2].command, "close");
}
END_TEST

START_TEST(test_parse_errors)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "# 1. T\n\n    challenge> do it\n    check> expect queue a 1\n",
		  "t.md:4: a 'challenge>' needs 'solution>' and 'check>' lines after it" },
		{ "# 1. T\n\n    challenge> do it\n    solution> a = socket inet stream\n\n"
		  "    sock> b = socket inet stream\n",
		  "t.md:6: a 'challenge>' needs 'solution>' and 'check>' lines after it" },
		{ "# 1. T\n\n    sock> a = socket inet stream\n    solution> close a\n",
		  "t.md:4: 'solution>' must follow a 'challenge>'" },
		{ "# 1. T\n\n    challenge> do it\n    solution> close a\n\nProse.\n\n"
		  "    check> expect state a CLOSED\n",
		  "t.md:8: 'check>' must follow a 'challenge>'" },
		{ "# 1. T\n\n    challenge> do it\n    solution> bind a 127.0.0.1 0\n"
		  "    check> ran bind 0\n",
		  "t.md:5: a 'check> ran' line needs a result: check> ran CMD => RESULT" },
		{ "# 1. T\n\n    outside> telnet 127.0.0.1 80\n",
		  "t.md:3: an 'outside>' step is nc HOST PORT, type TEXT or close" },
		{ "# 1. T\n\n    outside> nc 127.0.0.1\n",
		  "t.md:3: an 'outside>' step is nc HOST PORT, type TEXT or close" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(parse(bad[i].text), -1);
		ck_assert_ptr_null(l);
		ck_assert_str_eq(sbuf_str(&err), bad[i].msg);
	}
}
END_TEST

static struct tsession ts;

static void run_ok(const char *line)
{
	enum exec_status st;

	tsession_run(&ts, line, &st);
	ck_assert_msg(st == EXEC_OK, "%s failed", line);
}

/* Run the learner's lines through the challenge of step i of text, then
 * say whether it is solved; why gets the verdict's reasons. */
static int solve(const char *text, size_t i, const char *const *lines,
		 struct sbuf *why)
{
	struct lesson_challenge ch;
	struct exec_result res;
	int ok;

	ck_assert_int_eq(parse(text), 0);
	ck_assert_int_eq(l->steps[i].kind, LESSON_CHALLENGE);
	lesson_challenge_begin(&ch, &l->steps[i]);
	for (; *lines; lines++) {
		lesson_challenge_run(&ch, &ts.s, *lines, &res);
		exec_result_free(&res);
	}
	ok = lesson_challenge_verify(&ch, &ts.s, why);
	return ok;
}

static void open_listener(void)
{
	tsession_open(&ts);
	run_ok("lfd = socket inet stream");
	run_ok("bind lfd 127.0.0.1 0 => 0");
	run_ok("listen lfd 2 => 0");
}

/* Not the reference's names, an extra socket that fails to connect, and
 * a connect by descriptor number: the state is right, so it passes. */
START_TEST(test_unusual_solution_passes)
{
	static const char *const lines[] = {
		"t = socket inet stream", "bind t 127.0.0.1 0", "close t",
		"x = socket inet stream", "connect x t",
		"alpha = socket inet stream", "connect alpha lfd",
		"beta = socket inet stream", "connect beta lfd", NULL,
	};
	struct sbuf why = SBUF_INIT;

	open_listener();
	ck_assert_int_eq(solve(queue_lesson, 3, lines, &why), 1);
	ck_assert_str_eq(sbuf_str(&why), "");
	sbuf_free(&why);
	tsession_close(&ts);
}
END_TEST

START_TEST(test_wrong_solution_fails)
{
	static const char *const lines[] = {
		"c1 = socket inet stream", "connect c1 lfd",
		"c2 = socket inet stream", "connect c2 lfd",
		"a = accept lfd", NULL,
	};
	struct sbuf why = SBUF_INIT;

	open_listener();
	ck_assert_int_eq(solve(queue_lesson, 3, lines, &why), 0);
	ck_assert_str_eq(sbuf_str(&why),
			 "expect queue lfd 2: expected 2 waiting, got 1 waiting\n");
	sbuf_free(&why);
	tsession_close(&ts);
}
END_TEST

static const char ran_lesson[] =
	"# 3. Bind\n"
	"\n"
	"    sock> a = socket inet stream\n"
	"    sock> bind a 127.0.0.1 0 => 0\n"
	"    sock> listen a 1 => 0\n"
	"    challenge> make a bind fail with EADDRINUSE, then succeed\n"
	"    solution> b = socket inet stream\n"
	"    solution> bind b a => -1 EADDRINUSE\n"
	"    solution> bind b 127.0.0.1 0 => 0\n"
	"    check> ran bind => -1 EADDRINUSE\n"
	"    check> ran bind => 0\n";

static void open_bound(void)
{
	tsession_open(&ts);
	run_ok("a = socket inet stream");
	run_ok("bind a 127.0.0.1 0 => 0");
	run_ok("listen a 1 => 0");
}

/* "ran" checks are met in their order: a success first does not count
 * for the second check. */
START_TEST(test_ran_in_order)
{
	static const char *const wrong[] = {
		"b = socket inet stream", "bind b 127.0.0.1 0",
		"c = socket inet stream", "bind c a", NULL,
	};
	static const char *const right[] = {
		"b = socket inet stream", "bind b 127.0.0.1 0",
		"c = socket inet stream", "bind c a", "b2 = socket inet stream",
		"bind b2 127.0.0.1 0", NULL,
	};
	struct sbuf why = SBUF_INIT;

	open_bound();
	ck_assert_int_eq(solve(ran_lesson, 3, wrong, &why), 0);
	ck_assert_str_eq(sbuf_str(&why),
			 "not yet seen: a bind that returns 0\n");
	tsession_close(&ts);
	sbuf_reset(&why);
	open_bound();
	ck_assert_int_eq(solve(ran_lesson, 3, right, &why), 1);
	sbuf_free(&why);
	tsession_close(&ts);
}
END_TEST

/* The stand-in connects to {port lfd} from a descriptor of its own (not
 * one of the session's), sends a line, and closes. */
START_TEST(test_standin)
{
	struct lesson_outside o;
	struct sbuf cmd = SBUF_INIT, e = SBUF_INIT;
	const char *out;

	tsession_open(&ts);
	run_ok("lfd = socket inet stream");
	lesson_outside_init(&o);
	ck_assert_int_eq(lesson_outside_expand(&ts.s, "nc 127.0.0.1 {port lfd}",
					       &cmd, &e), -1);
	ck_assert_str_eq(sbuf_str(&e), "{port lfd}: no open socket lfd with a port");
	sbuf_reset(&e);
	sbuf_reset(&cmd);
	run_ok("bind lfd 127.0.0.1 0 => 0");
	run_ok("listen lfd 2 => 0");
	ck_assert_int_eq(lesson_outside_expand(&ts.s, "nc 127.0.0.1 {port lfd}",
					       &cmd, &e), 0);
	ck_assert_int_eq(lesson_outside_standin(&o, sbuf_str(&cmd), &e), 0);
	ck_assert_int_gt(o.fd, 100);
	run_ok("expect queue lfd 1");
	run_ok("cfd = accept lfd");
	ck_assert_int_eq(lesson_outside_standin(&o, "type hi there", &e), 0);
	out = tsession_run(&ts, "recv cfd 100 => \"hi there\\n\"", NULL);
	ck_assert_ptr_nonnull(strstr(out, "as expected"));
	ck_assert_int_eq(lesson_outside_standin(&o, "close", &e), 0);
	ck_assert_int_eq(o.fd, -1);
	run_ok("recv cfd 100 => 0");
	ck_assert_int_eq(lesson_outside_standin(&o, "type more", &e), -1);
	ck_assert_str_eq(sbuf_str(&e),
			 "type more: the stand-in client is not connected");
	lesson_outside_done(&o);
	sbuf_free(&cmd);
	sbuf_free(&e);
	tsession_close(&ts);
}
END_TEST

Suite *challenge_suite(void)
{
	Suite *s = suite_create("challenge");
	TCase *tc = tcase_create("challenge");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_parse_challenge);
	tcase_add_test(tc, test_parse_outside);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_unusual_solution_passes);
	tcase_add_test(tc, test_wrong_solution_fails);
	tcase_add_test(tc, test_ran_in_order);
	tcase_add_test(tc, test_standin);
	suite_add_tcase(s, tc);
	return s;
}
