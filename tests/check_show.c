/* check_show.c - unit tests of output: records, errors, bytes, colour. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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

/* ---- notes wrapped to the terminal's width ------------------------------ */

/* text wrapped by i18n_wrap in a UTF-8 locale, where a CJK character
 * takes two columns; the caller frees it. */
static char *wrapped(const char *text, size_t col, size_t indent,
		     size_t width)
{
	struct sbuf out = SBUF_INIT;
	char *old = xstrdup(setlocale(LC_CTYPE, NULL));

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	i18n_wrap(&out, text, col, indent, width);
	setlocale(LC_CTYPE, old);
	free(old);
	old = xstrdup(sbuf_str(&out));
	sbuf_free(&out);
	return old;
}

static void wrap_is(const char *text, size_t col, size_t indent, size_t width,
		    const char *want)
{
	char *got = wrapped(text, col, indent, width);

	ck_assert_str_eq(got, want);
	free(got);
}

/* Words go to the next line, under the note's column (10). */
START_TEST(test_wrap_english)
{
	wrap_is("the kernel carries on without a descriptor", 10, 10, 30,
		"the kernel carries\n"
		"          on without a\n"
		"          descriptor");
}
END_TEST

/* Between any two CJK characters, two columns each, but never before
 * a closing mark: "，" stays with the character before it. */
START_TEST(test_wrap_chinese)
{
	wrap_is("内核继续处理连接，没有描述符", 0, 4, 16,
		"内核继续处理连\n"
		"    接，没有描述\n"
		"    符");
}
END_TEST

START_TEST(test_wrap_mixed)
{
	wrap_is("等待 accept() 取走连接", 0, 2, 14,
		"等待 accept()\n"
		"  取走连接");
	wrap_is("等待accept()取走", 0, 0, 13,
		"等待accept()\n"
		"取走");
	/* after a wide closing mark, a break even before a Latin word */
	wrap_is("accept()；Send-Q：backlog 1", 0, 0, 20,
		"accept()；Send-Q：\n"
		"backlog 1");
	/* never after an opening mark: it goes with what follows it */
	wrap_is("通过套接字（socket）和网络", 0, 0, 14,
		"通过套接字\n"
		"（socket）和网\n"
		"络");
	wrap_is("通过套接字（SYN 队列）", 0, 0, 12,
		"通过套接字\n"
		"（SYN 队列）");
}
END_TEST

/* A word wider than a line is cut; the rest goes on under the column. */
START_TEST(test_wrap_long_word)
{
	wrap_is("see 127.0.0.1:41517 now", 0, 2, 14,
		"see\n"
		"  127.0.0.1:41\n"
		"  517 now");
}
END_TEST

/* An escape sequence takes no columns and is never split. */
START_TEST(test_wrap_escape)
{
	wrap_is("aaaa \033[31mbbbbbbbb\033[0m", 0, 0, 12,
		"aaaa\n\033[31mbbbbbbbb\033[0m");
	wrap_is("\033[31mabcdefghijklmn\033[0m", 0, 0, 12,
		"\033[31mabcdefghijkl\nmn\033[0m");
}
END_TEST

/* Width 0 (no terminal), or too narrow a column: the note as it is. */
START_TEST(test_wrap_off)
{
	wrap_is("a note  with two spaces", 0, 0, 0, "a note  with two spaces");
	wrap_is("a note that is long", 50, 50, 60, "a note that is long");
}
END_TEST

/* sbuf_addf writes plain conversions itself and leaves the rest to
 * vsnprintf: either way, what snprintf writes. */
#define FORMAT_IS(...) do { \
	struct sbuf b_ = SBUF_INIT; \
	char want_[256]; \
	sbuf_add(&b_, "<"); \
	sbuf_addf(&b_, __VA_ARGS__); \
	snprintf(want_, sizeof(want_), __VA_ARGS__); \
	ck_assert_str_eq(sbuf_str(&b_) + 1, want_); \
	sbuf_free(&b_); \
} while (0)

START_TEST(test_format_plain)
{
	FORMAT_IS("plain text, no conversion");
	FORMAT_IS("%s", "");
	FORMAT_IS("  %s%s as expected (=> %s)%s", "\x1b[32m", "ok", "0", "");
	FORMAT_IS("%d %d %u", 0, -2147483647 - 1, 4294967295U);
	FORMAT_IS("%ld|%lu", -9223372036854775807L - 1, 18446744073709551615UL);
	FORMAT_IS("%zu %zd", (size_t)123456789012, (ssize_t)-5);
	FORMAT_IS("100%% of %s, %%s stays", "it");
	FORMAT_IS("%%%d%%", 7);
	FORMAT_IS("ends with a sign %%");
	/* vsnprintf's: width, precision, position, other conversions */
	FORMAT_IS("%5d|%-3s|%.2s|%x|%c", 42, "a", "abc", 255, 'z');
	FORMAT_IS("%2$s %1$s", "world", "hello");
	FORMAT_IS("%s and %.*s", "x", 3, "abcdef");
	FORMAT_IS("%lld %hhu %ls", 1LL, 300, L"w");
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
	tcase_add_test(tc, test_format_plain);
	suite_add_tcase(su, tc);
	tc = tcase_create("wrap");
	tcase_add_test(tc, test_wrap_english);
	tcase_add_test(tc, test_wrap_chinese);
	tcase_add_test(tc, test_wrap_mixed);
	tcase_add_test(tc, test_wrap_long_word);
	tcase_add_test(tc, test_wrap_escape);
	tcase_add_test(tc, test_wrap_off);
	suite_add_tcase(su, tc);
	return su;
}
