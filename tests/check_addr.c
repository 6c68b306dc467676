/* check_addr.c - unit tests of address parsing, printing and C set-up. */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include <sys/un.h>

#include "addr.h"
#include "suites.h"

static struct addr a;
static struct sbuf err, out;

static int parse2(const char *w0, const char *w1, int family, int no_htons)
{
	const char *w[2] = { w0, w1 };

	sbuf_reset(&err);
	sbuf_reset(&out);
	return addr_parse(w, w1 ? 2 : 1, family, no_htons, &a, &err);
}

static const char *fmt(void)
{
	sbuf_reset(&out);
	addr_format(&out, (struct sockaddr *)&a.ss, a.len);
	return sbuf_str(&out);
}

static void teardown(void)
{
	sbuf_free(&err);
	sbuf_free(&out);
}

START_TEST(test_ipv4_forms)
{
	ck_assert_int_eq(parse2("0.0.0.0", "8001", AF_INET, 0), 2);
	ck_assert_str_eq(fmt(), "0.0.0.0:8001");
	ck_assert_uint_eq(a.len, sizeof(struct sockaddr_in));
	ck_assert_int_eq(parse2("127.0.0.1:8001", NULL, AF_UNSPEC, 0), 1);
	ck_assert_str_eq(fmt(), "127.0.0.1:8001");
	ck_assert_int_eq(parse2("any", "0", AF_INET, 0), 2);
	ck_assert_str_eq(fmt(), "0.0.0.0:0");
	ck_assert_int_eq(parse2("INADDR_ANY", "1", AF_INET, 0), 2);
	ck_assert_str_eq(fmt(), "0.0.0.0:1");
	ck_assert_int_eq(parse2("localhost", "65535", AF_INET, 0), 2);
	ck_assert_str_eq(fmt(), "127.0.0.1:65535");
	ck_assert_int_eq(parse2("255.255.255.255:9", "x", AF_INET, 0), 1);
	ck_assert_str_eq(fmt(), "255.255.255.255:9");
}
END_TEST

START_TEST(test_ipv6_forms)
{
	ck_assert_int_eq(parse2("[::1]:8001", NULL, AF_INET6, 0), 1);
	ck_assert_str_eq(fmt(), "[::1]:8001");
	ck_assert_int_eq(parse2("::1", "7", AF_UNSPEC, 0), 2);
	ck_assert_str_eq(fmt(), "[::1]:7");
	ck_assert_int_eq(parse2("localhost", "7", AF_INET6, 0), 2);
	ck_assert_str_eq(fmt(), "[::1]:7");
	ck_assert_int_eq(parse2("any", "7", AF_INET6, 0), 2);
	ck_assert_str_eq(fmt(), "[::]:7");
	ck_assert_int_eq(parse2("[::ffff:1.2.3.4]:80", NULL, AF_INET6, 0), 1);
	ck_assert_str_eq(fmt(), "[::ffff:1.2.3.4]:80");
}
END_TEST

/* A scope id: an interface name (lo only: the one every host has) or
 * index, after '%'. */
START_TEST(test_ipv6_scope)
{
	const struct sockaddr_in6 *in6 = (const void *)&a.ss;

	ck_assert_int_eq(parse2("[::1%lo]:8001", NULL, AF_UNSPEC, 0), 1);
	ck_assert_uint_eq(in6->sin6_scope_id, if_nametoindex("lo"));
	ck_assert_str_eq(a.scope, "lo");
	ck_assert_str_eq(fmt(), "[::1%lo]:8001");
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, ".sin6_addr = in6addr_loopback, .sin6_scope_id = if_nametoindex(\"lo\") };"));
	ck_assert_int_eq(parse2("fe80::1%lo", "0", AF_INET6, 0), 2);
	ck_assert_uint_eq(in6->sin6_scope_id, if_nametoindex("lo"));
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "htons(0), .sin6_scope_id = if_nametoindex(\"lo\") };\ninet_pton(AF_INET6, \"fe80::1\", &addr.sin6_addr);"));
	ck_assert_int_eq(parse2("[fe80::1%7]:80", NULL, AF_UNSPEC, 0), 1);
	ck_assert_uint_eq(in6->sin6_scope_id, 7);
	ck_assert_str_eq(a.scope, "");
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, ".sin6_scope_id = 7 };"));
	ck_assert_int_eq(parse2("127.0.0.1%lo", "80", AF_UNSPEC, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "belongs to an IPv6 address"));
	ck_assert_int_eq(parse2("[::1%no-such-if]:80", NULL, AF_INET6, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "no such network interface"));
	ck_assert_int_eq(parse2("[::1%0]:80", NULL, AF_INET6, 0), -1);
	ck_assert_int_eq(parse2("[::1%]:80", NULL, AF_INET6, 0), -1);
}
END_TEST

START_TEST(test_unix_forms)
{
	ck_assert_int_eq(parse2("/tmp/x.sock", NULL, AF_UNIX, 0), 1);
	ck_assert_str_eq(fmt(), "/tmp/x.sock");
	ck_assert_uint_eq(a.len, offsetof(struct sockaddr_un, sun_path) + 12);
	ck_assert_int_eq(parse2("@hidden", NULL, AF_UNSPEC, 0), 1);
	ck_assert_str_eq(fmt(), "@hidden");
	ck_assert_uint_eq(a.len, offsetof(struct sockaddr_un, sun_path) + 7);
}
END_TEST

START_TEST(test_bad)
{
	char longpath[200];

	ck_assert_int_eq(parse2("300.1.1.1", "80", AF_INET, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "bad address"));
	ck_assert_int_eq(parse2("1.2.3", "80", AF_INET, 0), -1);
	ck_assert_int_eq(parse2("127.0.0.1", "70000", AF_INET, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "0 to 65535"));
	ck_assert_int_eq(parse2("127.0.0.1", "-1", AF_INET, 0), -1);
	ck_assert_int_eq(parse2("127.0.0.1", "http", AF_INET, 0), -1);
	ck_assert_int_eq(parse2("127.0.0.1", NULL, AF_INET, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "missing port"));
	ck_assert_int_eq(parse2("[::1", "80", AF_INET6, 0), -1);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(parse2(longpath, NULL, AF_UNIX, 0), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "too long"));
}
END_TEST

START_TEST(test_no_htons)
{
	ck_assert_int_eq(parse2("127.0.0.1", "8001", AF_INET, 1), 2);
	/* 8001 = 0x1f41 stored as is reads back as 0x411f = 16671 */
	ck_assert_int_eq(addr_port((struct sockaddr *)&a.ss), 16671);
	sbuf_reset(&out);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "no htons()"));
}
END_TEST

START_TEST(test_c_setup)
{
	ck_assert_int_eq(parse2("0.0.0.0", "8001", AF_INET, 0), 2);
	addr_c_setup(&out, &a, "addr");
	ck_assert_str_eq(out.s, "struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(8001), .sin_addr.s_addr = htonl(INADDR_ANY) };\n");
	ck_assert_int_eq(parse2("192.168.10.128", "80", AF_INET, 0), 2);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "inet_pton(AF_INET, \"192.168.10.128\", &addr.sin_addr);"));
	ck_assert_int_eq(parse2("::1", "80", AF_INET6, 0), 2);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "in6addr_loopback"));
}
END_TEST

/* The C must bind the name the shell bound: an abstract name is all the
 * bytes up to the length passed, so sizeof(addr) would be another one. */
START_TEST(test_c_unix_exact)
{
	ck_assert_int_eq(parse2("@ab", NULL, AF_UNIX, 0), 1);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "memcpy(addr.sun_path, \"\\0ab\", 3);"));
	sbuf_reset(&out);
	addr_c_len(&out, &a, "addr");
	ck_assert_str_eq(out.s, "offsetof(struct sockaddr_un, sun_path) + 3");
	/* a name starting with digits: "\0" "12", not the octal "\012" */
	ck_assert_int_eq(parse2("@12", NULL, AF_UNIX, 0), 1);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "\"\\0\"\"12\", 3);"));
	ck_assert_int_eq(parse2("/tmp/a\"b\\c", NULL, AF_UNIX, 0), 1);
	addr_c_setup(&out, &a, "addr");
	ck_assert_ptr_nonnull(strstr(out.s, "strcpy(addr.sun_path, \"/tmp/a\\\"b\\\\c\");"));
	sbuf_reset(&out);
	addr_c_len(&out, &a, "addr");
	ck_assert_str_eq(out.s, "sizeof(addr)");
}
END_TEST

START_TEST(test_wildcard_to_loopback)
{
	ck_assert_int_eq(parse2("0.0.0.0", "5", AF_INET, 0), 2);
	addr_wildcard_to_loopback(&a.ss);
	ck_assert_str_eq(fmt(), "127.0.0.1:5");
	ck_assert_int_eq(parse2("[::]:5", NULL, AF_INET6, 0), 1);
	addr_wildcard_to_loopback(&a.ss);
	ck_assert_str_eq(fmt(), "[::1]:5");
}
END_TEST

Suite *addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_ipv4_forms);
	tcase_add_test(tc, test_ipv6_forms);
	tcase_add_test(tc, test_ipv6_scope);
	tcase_add_test(tc, test_unix_forms);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_no_htons);
	tcase_add_test(tc, test_c_setup);
	tcase_add_test(tc, test_c_unix_exact);
	tcase_add_test(tc, test_wildcard_to_loopback);
	suite_add_tcase(s, tc);
	return s;
}
