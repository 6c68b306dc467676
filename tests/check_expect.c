/* check_expect.c - unit tests of "=> RESULT" parsing and matching. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "expect.h"
#include "suites.h"

static struct expect e;
static struct sbuf err;

static int parse_exp(const char *text)
{
	struct line l;
	struct sbuf perr = SBUF_INIT;
	int r;

	expect_free(&e);
	sbuf_reset(&err);
	ck_assert_int_eq(parse_line(text, strlen(text), &l, &perr), 0);
	r = expect_parse(l.expect, l.nexpect, &e, &err);
	line_free(&l);
	sbuf_free(&perr);
	return r;
}

static void teardown(void)
{
	expect_free(&e);
	sbuf_free(&err);
}

static struct record rec(long ret, int errnum)
{
	struct record r;

	record_init(&r);
	record_result(&r, ret, errnum);
	return r;
}

START_TEST(test_values)
{
	struct record r0 = rec(0, 0), r3 = rec(3, 0), rf = rec(-1, EADDRINUSE);

	ck_assert_int_eq(parse_exp("x => 0"), 0);
	ck_assert(expect_match(&e, &r0));
	ck_assert(!expect_match(&e, &r3));
	ck_assert(!expect_match(&e, &rf));
	ck_assert_int_eq(parse_exp("x => -1 EADDRINUSE"), 0);
	ck_assert(expect_match(&e, &rf));
	ck_assert(!expect_match(&e, &r0));
	ck_assert_int_eq(parse_exp("x => EADDRINUSE"), 0);
	ck_assert(expect_match(&e, &rf));
	ck_assert_int_eq(parse_exp("x => -1 ECONNREFUSED"), 0);
	ck_assert(!expect_match(&e, &rf));
	ck_assert_int_eq(parse_exp("x => -1"), 0);
	ck_assert(expect_match(&e, &rf));
	ck_assert_int_eq(parse_exp("x => *"), 0);
	ck_assert(expect_match(&e, &rf));
	ck_assert(expect_match(&e, &r3));
}
END_TEST

START_TEST(test_alternatives)
{
	struct record r0 = rec(0, 0), ra = rec(-1, EACCES),
		      rb = rec(-1, EPERM);

	ck_assert_int_eq(parse_exp("x => 0 | -1 EACCES"), 0);
	ck_assert_int_eq(e.nalts, 2);
	ck_assert(expect_match(&e, &r0));
	ck_assert(expect_match(&e, &ra));
	ck_assert(!expect_match(&e, &rb));
}
END_TEST

START_TEST(test_data)
{
	struct record r = rec(3, 0);

	r.data = (unsigned char *)xstrdup("hi\n");
	r.datalen = 3;
	r.has_data = 1;
	ck_assert_int_eq(parse_exp("x => \"hi\\n\""), 0);
	ck_assert(expect_match(&e, &r));
	ck_assert_int_eq(parse_exp("x => \"hi\""), 0);
	ck_assert(!expect_match(&e, &r));
	record_free(&r);
}
END_TEST

START_TEST(test_bad)
{
	ck_assert_int_eq(parse_exp("x => EWHATEVER"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "EWHATEVER"));
	ck_assert_int_eq(parse_exp("x => -1 ENOPE"), -1);
	ck_assert_int_eq(parse_exp("x => banana"), -1);
	ck_assert_int_eq(parse_exp("x => 0 1"), -1);
	ck_assert_int_eq(parse_exp("x => 0 |"), -1);
	ck_assert_int_eq(parse_exp("x => 0 | 1 | 2 | 3 | 4"), -1);
	ck_assert_int_eq(parse_exp("x => -2"), -1);
}
END_TEST

START_TEST(test_format)
{
	struct sbuf out = SBUF_INIT;
	struct record r = rec(-1, ECONNREFUSED);

	ck_assert_int_eq(parse_exp("x => 0 | -1 EACCES | \"a\\n\" | *"), 0);
	expect_format(&out, &e);
	ck_assert_str_eq(out.s, "0 | -1 EACCES | \"a\\n\" | *");
	sbuf_reset(&out);
	expect_format_got(&out, &r);
	ck_assert_str_eq(out.s, "-1 ECONNREFUSED");
	sbuf_free(&out);
}
END_TEST

START_TEST(test_check_failed)
{
	struct record r = rec(0, 0);

	r.check_failed = 1;
	sbuf_add(&r.got, "SYN-SENT");
	ck_assert_int_eq(parse_exp("x => *"), 0);
	ck_assert(!expect_match(&e, &r));
	record_free(&r);
}
END_TEST

Suite *expect_suite(void)
{
	Suite *s = suite_create("expect");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_alternatives);
	tcase_add_test(tc, test_data);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_check_failed);
	suite_add_tcase(s, tc);
	return s;
}
