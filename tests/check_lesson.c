/* check_lesson.c - unit tests of the lesson parser. */
#include "config.h"

#include <string.h>

#include "lesson.h"
#include "suites.h"

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

START_TEST(test_steps)
{
	ck_assert_int_eq(parse("# 1. Hello\n"
			       "\n"
			       "Some prose\nover two lines.\n"
			       "\n"
			       "    sock> lfd = socket inet stream\n"
			       "    sock> bind lfd 127.0.0.1 0 => 0\n"
			       "\n"
			       "Now you.\n"
			       "\n"
			       "    your turn> listen lfd 8 => 0\n"
			       "    hint: listen takes the socket and a backlog\n"
			       "    hint: listen lfd 8\n"
			       "\n"
			       "The end.\n"), 0);
	ck_assert_str_eq(l->title, "1. Hello");
	ck_assert_uint_eq(l->nsteps, 3);
	ck_assert_int_eq(l->steps[0].kind, LESSON_RUN);
	ck_assert_int_eq(l->steps[0].lineno, 6);
	ck_assert_str_eq(l->steps[0].command, "lfd = socket inet stream");
	ck_assert_str_eq(l->steps[0].before, "Some prose\nover two lines.");
	ck_assert_str_eq(l->steps[1].before, "");
	ck_assert_int_eq(l->steps[2].kind, LESSON_YOUR_TURN);
	ck_assert_str_eq(l->steps[2].command, "listen lfd 8 => 0");
	ck_assert_str_eq(l->steps[2].hint,
			 "listen takes the socket and a backlog\nlisten lfd 8");
	ck_assert_str_eq(l->steps[2].before, "Now you.");
	ck_assert_str_eq(l->after, "The end.");
}
END_TEST

START_TEST(test_tab_indent_and_other_code)
{
	ck_assert_int_eq(parse("# T\n\tsock> endian\n    int a = 1;\n"), 0);
	ck_assert_uint_eq(l->nsteps, 1);
	ck_assert_str_eq(l->after, "    int a = 1;");
	/* not indented: prose, not a step */
	ck_assert_int_eq(parse("# T\nsock> endian\n    sock> fds\n"), 0);
	ck_assert_uint_eq(l->nsteps, 1);
	ck_assert_str_eq(l->steps[0].command, "fds");
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_int_eq(parse("# T\n    your turn> listen lfd 8\n"), -1);
	ck_assert_str_eq(err.s, "t.md:2: a 'your turn>' step needs an expectation: your turn> CMD => RESULT");
	ck_assert_int_eq(parse("# T\n    sock> fds\n    hint: no\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "t.md:3:"));
	ck_assert_int_eq(parse("no title\n    sock> fds\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "title"));
	ck_assert_int_eq(parse("# T\nonly prose\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "at least one"));
	ck_assert_int_eq(parse("# T\n    sock>    \n"), -1);
	ck_assert_ptr_null(l);
}
END_TEST

START_TEST(test_is_markdown)
{
	ck_assert(lesson_is_markdown("lessons/01-x.md"));
	ck_assert(!lesson_is_markdown("x.sr"));
	ck_assert(!lesson_is_markdown(".md"));
}
END_TEST

Suite *lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("parser");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_steps);
	tcase_add_test(tc, test_tab_indent_and_other_code);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_is_markdown);
	suite_add_tcase(s, tc);
	return s;
}
