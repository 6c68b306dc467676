/* check_parse.c - unit tests of the lexer: words, quotes, names, "=>". */
#include "config.h"

#include <string.h>

#include "parse.h"
#include "suites.h"

static struct line l;
static struct sbuf err;

static int parse(const char *text)
{
	line_free(&l);
	sbuf_free(&err);
	return parse_line(text, strlen(text), &l, &err);
}

static void teardown(void)
{
	line_free(&l);
	sbuf_free(&err);
}

START_TEST(test_words)
{
	ck_assert_int_eq(parse("  bind lfd\t0.0.0.0 8001  "), 0);
	ck_assert_int_eq(l.nwords, 4);
	ck_assert_str_eq(l.words[0].s, "bind");
	ck_assert_str_eq(l.words[3].s, "8001");
	ck_assert_int_eq(l.nnames, 0);
	ck_assert_int_eq(l.has_expect, 0);
}
END_TEST

START_TEST(test_blank_and_comment)
{
	ck_assert_int_eq(parse(""), 0);
	ck_assert_int_eq(l.nwords, 0);
	ck_assert_int_eq(parse("   # just a comment"), 0);
	ck_assert_int_eq(l.nwords, 0);
	ck_assert_int_eq(parse("listen lfd 8 # backlog"), 0);
	ck_assert_int_eq(l.nwords, 3);
	ck_assert_int_eq(parse("send c \"a#b\""), 0);
	ck_assert_str_eq(l.words[2].s, "a#b");
}
END_TEST

START_TEST(test_escapes)
{
	ck_assert_int_eq(parse("send c \"ni\\thao\\n\\0\\x41\\\\\\\"\""), 0);
	ck_assert_uint_eq(l.words[2].len, 11);
	ck_assert_int_eq(memcmp(l.words[2].s, "ni\thao\n\0A\\\"", 11), 0);
	ck_assert_int_eq(l.words[2].quoted, 1);
	ck_assert_int_eq(parse("send c 'a\\nb'"), 0);
	ck_assert_str_eq(l.words[2].s, "a\\nb");
	ck_assert_int_eq(parse("send c ab\"c d\"e"), 0);
	ck_assert_str_eq(l.words[2].s, "abc de");
	ck_assert_int_eq(parse("send c \"\""), 0);
	ck_assert_uint_eq(l.words[2].len, 0);
}
END_TEST

START_TEST(test_bad_input)
{
	ck_assert_int_eq(parse("send c \"open"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "unterminated \" quote"));
	ck_assert_ptr_nonnull(strstr(err.s, "column 8"));
	ck_assert_int_eq(parse("send c 'open"), -1);
	ck_assert_int_eq(parse("send c \"\\q\""), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "unknown escape"));
	ck_assert_int_eq(parse("send c \"\\x4\""), -1);
	ck_assert_int_eq(parse("send c \"ab\\"), -1);
	ck_assert_int_eq(parse("send c \xff"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "UTF-8"));
	ck_assert_int_eq(parse("send c \xc0\xaf"), -1);	/* overlong '/' */
	ck_assert_int_eq(parse("send c a\x01"), -1);
	ck_assert_int_eq(parse("send c \"\xe4\xbd\xa0\xe5\xa5\xbd\""), 0);
	ck_assert_uint_eq(l.words[2].len, 6);
}
END_TEST

START_TEST(test_long_line_and_nul)
{
	static char big[PARSE_MAX_LINE + 2];

	memset(big, 'a', sizeof(big) - 1);
	ck_assert_int_eq(parse_line(big, sizeof(big) - 1, &l, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "too long"));
	line_free(&l);
	sbuf_reset(&err);
	ck_assert_int_eq(parse_line("ab\0cd", 5, &l, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "NUL"));
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(parse("lfd = socket inet stream"), 0);
	ck_assert_int_eq(l.nnames, 1);
	ck_assert_str_eq(l.names[0], "lfd");
	ck_assert_int_eq(l.nwords, 3);
	ck_assert_str_eq(l.words[0].s, "socket");
	ck_assert_int_eq(parse("a b = socketpair unix stream"), 0);
	ck_assert_int_eq(l.nnames, 2);
	ck_assert_str_eq(l.names[1], "b");
	ck_assert_int_eq(parse("cfd=accept lfd"), 0);
	ck_assert_int_eq(l.nnames, 1);
	ck_assert_str_eq(l.names[0], "cfd");
	ck_assert_str_eq(l.words[0].s, "accept");
	ck_assert_int_eq(parse("3x = socket inet stream"), -1);
	ck_assert_int_eq(parse("= socket"), -1);
	ck_assert_int_eq(parse("x ="), -1);
	ck_assert_int_eq(parse("a b c = socket inet stream"), 0);
	ck_assert_int_eq(l.nnames, 0);	/* too many: '=' stays a word */
	/* a bad second name after a good first one (was a double free) */
	ck_assert_int_eq(parse("a \"b\" = socket inet stream"), -1);
	ck_assert_int_eq(l.nnames, 0);
	ck_assert_int_eq(parse("sendto  \"twwo\"u = > 3"), -1);
	ck_assert_int_eq(parse("send c \"=\""), 0);
	ck_assert_int_eq(l.nnames, 0);
}
END_TEST

START_TEST(test_expect_words)
{
	ck_assert_int_eq(parse("bind b lfd => -1 EADDRINUSE # taken"), 0);
	ck_assert_int_eq(l.has_expect, 1);
	ck_assert_int_eq(l.nwords, 3);
	ck_assert_int_eq(l.nexpect, 2);
	ck_assert_str_eq(l.expect[1].s, "EADDRINUSE");
	ck_assert_int_eq(parse("recv c => \"hi\\n\""), 0);
	ck_assert_int_eq(l.expect[0].quoted, 1);
	ck_assert_int_eq(parse("send c \"=>\""), 0);
	ck_assert_int_eq(l.has_expect, 0);
	ck_assert_int_eq(parse("close c =>"), -1);
	ck_assert_int_eq(parse("=> 0"), -1);
}
END_TEST

START_TEST(test_is_name_and_quote)
{
	struct sbuf q = SBUF_INIT;

	ck_assert(parse_is_name("lfd"));
	ck_assert(parse_is_name("_x9"));
	ck_assert(!parse_is_name("9x"));
	ck_assert(!parse_is_name("a-b"));
	ck_assert(!parse_is_name("abcdefghijabcdefghijabcdefghijab"));
	parse_quote_c(&q, "a\n\"\\\x01\0", 6);
	ck_assert_str_eq(q.s, "a\\n\\\"\\\\\\x01\\0");
	sbuf_free(&q);
}
END_TEST

/* In C, \x reads every hex digit after it and \0 up to three octal
 * digits: "\x01a" is one byte, "\0001" two. */
static struct sbuf quoted;

static const char *quote(const char *s, size_t n)
{
	sbuf_reset(&quoted);
	parse_quote_c(&quoted, s, n);
	return sbuf_str(&quoted);
}

START_TEST(test_quote_is_exact_c)
{
	ck_assert_str_eq(quote("\x01" "a", 2), "\\x01\"\"a");
	ck_assert_str_eq(quote("\x01" "g", 2), "\\x01g");
	ck_assert_str_eq(quote("\x01" "F9", 3), "\\x01\"\"F9");
	ck_assert_str_eq(quote("\0" "001", 4), "\\0\"\"001");
	ck_assert_str_eq(quote("\0" "8", 2), "\\08");
	ck_assert_str_eq(quote("\0\0", 2), "\\0\\0");
	ck_assert_str_eq(quote("\xc3\xa9" "a", 3), "\\xc3\\xa9\"\"a");
	ck_assert_str_eq(quote("?" "?=?" "?", 5), "?\"\"?=?\"\"?");
	ck_assert_str_eq(quote("a?b", 3), "a?b");
	sbuf_free(&quoted);
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_blank_and_comment);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_long_line_and_nul);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_expect_words);
	tcase_add_test(tc, test_is_name_and_quote);
	tcase_add_test(tc, test_quote_is_exact_c);
	suite_add_tcase(s, tc);
	return s;
}
