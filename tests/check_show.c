/* check_show.c - unit tests of output: records, errors, bytes, colour. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "show.h"
#include "suites.h"

static char *buf;
static size_t size;
static struct session s;

static void setup(void)
{
	session_init(&s, open_memstream(&buf, &size));
	s.opt.utf8 = 0;
}

static const char *output(void)
{
	fflush(s.out);
	return buf;
}

static void teardown(void)
{
	fclose(s.out);
	free(buf);
	buf = NULL;
	session_free(&s);
}

START_TEST(test_bytes_text)
{
	struct sbuf out = SBUF_INIT;

	show_bytes(&out, "nihao\n", 6);
	ck_assert_str_eq(out.s, "  \"nihao\\n\"  (6 bytes)\n");
	sbuf_free(&out);
}
END_TEST

START_TEST(test_bytes_binary)
{
	struct sbuf out = SBUF_INIT;

	show_bytes(&out, "\x00\x01\xff" "AB", 5);
	ck_assert_ptr_nonnull(strstr(out.s, "\"\\0\\x01\\xff\"\"AB\"  (5 bytes)"));
	ck_assert_ptr_nonnull(strstr(out.s, "  0000  00 01 ff 41 42 "));
	ck_assert_ptr_nonnull(strstr(out.s, "...AB\n"));
	sbuf_free(&out);
}
END_TEST

START_TEST(test_bytes_long)
{
	struct sbuf out = SBUF_INIT;
	static char big[2000];

	memset(big, 0x80, sizeof(big));
	show_bytes(&out, big, sizeof(big));
	ck_assert_ptr_nonnull(strstr(out.s, "(2000 bytes)"));
	ck_assert_ptr_nonnull(strstr(out.s, "1488 more bytes not shown"));
	sbuf_free(&out);
}
END_TEST

START_TEST(test_record_success)
{
	struct record r;

	record_init(&r);
	r.call = "socket";
	r.ret_type = "int";
	sbuf_add(&r.args, "AF_INET, SOCK_STREAM, 0");
	record_result(&r, 3, 0);
	show_record(&s, &r, "lfd");
	ck_assert_str_eq(output(),
			 "int lfd = socket(AF_INET, SOCK_STREAM, 0);   -> 3\n");
	record_free(&r);
}
END_TEST

START_TEST(test_record_failure_explained)
{
	struct record r;

	record_init(&r);
	r.call = "connect";
	sbuf_add(&r.args, "c, (struct sockaddr *)&addr, sizeof(addr)");
	record_result(&r, -1, ECONNREFUSED);
	show_record(&s, &r, NULL);
	ck_assert_ptr_nonnull(strstr(output(),
		"connect(c, (struct sockaddr *)&addr, sizeof(addr));   -> -1 ECONNREFUSED (Connection refused)\n  "));
	ck_assert_ptr_nonnull(strstr(output(), "listen"));
	record_free(&r);
}
END_TEST

START_TEST(test_quiet_options)
{
	struct record r;

	record_init(&r);
	r.call = "bind";
	sbuf_add(&r.args, "lfd, ...");
	record_result(&r, -1, EADDRINUSE);
	s.opt.show_c = 0;
	s.opt.explain = 0;
	show_record(&s, &r, NULL);
	ck_assert_str_eq(output(), "-> -1 EADDRINUSE (Address already in use)\n");
	record_free(&r);
}
END_TEST

START_TEST(test_color_only_when_on)
{
	show_error(&s, "x");
	ck_assert_str_eq(output(), "error: x\n");
	s.opt.color = 1;
	show_error(&s, "y");
	ck_assert_ptr_nonnull(strstr(output(), "\033[1;31merror:\033[0m y\n"));
}
END_TEST

Suite *show_suite(void)
{
	Suite *su = suite_create("show");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bytes_text);
	tcase_add_test(tc, test_bytes_binary);
	tcase_add_test(tc, test_bytes_long);
	tcase_add_test(tc, test_record_success);
	tcase_add_test(tc, test_record_failure_explained);
	tcase_add_test(tc, test_quiet_options);
	tcase_add_test(tc, test_color_only_when_on);
	suite_add_tcase(su, tc);
	return su;
}
