/* check_consts.c - unit tests of the constant tables. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "consts.h"
#include "suites.h"

static long parse_ok(const struct const_table *t, const char *w)
{
	struct sbuf err = SBUF_INIT;
	long v = -12345;

	ck_assert_msg(consts_parse(t, w, &v, &err) == 0, "%s: %s", w,
		      sbuf_str(&err));
	sbuf_free(&err);
	return v;
}

START_TEST(test_names_and_short_forms)
{
	ck_assert_int_eq(parse_ok(&consts_domain, "AF_INET"), AF_INET);
	ck_assert_int_eq(parse_ok(&consts_domain, "inet6"), AF_INET6);
	ck_assert_int_eq(parse_ok(&consts_domain, "INET"), AF_INET);
	ck_assert_int_eq(parse_ok(&consts_type, "stream"), SOCK_STREAM);
	ck_assert_int_eq(parse_ok(&consts_type, "SOCK_DGRAM"), SOCK_DGRAM);
	ck_assert_int_eq(parse_ok(&consts_proto, "0"), 0);
	ck_assert_int_eq(parse_ok(&consts_proto, "tcp"), IPPROTO_TCP);
	ck_assert_int_eq(parse_ok(&consts_shut, "SHUT_WR"), SHUT_WR);
	ck_assert_int_eq(parse_ok(&consts_level, "SOL_SOCKET"), SOL_SOCKET);
	ck_assert_int_eq(parse_ok(&consts_domain, "2"), 2);
}
END_TEST

START_TEST(test_flags)
{
	struct sbuf out = SBUF_INIT;

	ck_assert_int_eq(parse_ok(&consts_type, "SOCK_STREAM|SOCK_NONBLOCK"),
			 SOCK_STREAM | SOCK_NONBLOCK);
	ck_assert_int_eq(parse_ok(&consts_msg, "MSG_PEEK|dontwait"),
			 MSG_PEEK | MSG_DONTWAIT);
	consts_format(&consts_type, SOCK_STREAM | SOCK_NONBLOCK, &out);
	ck_assert_str_eq(out.s, "SOCK_STREAM|SOCK_NONBLOCK");
	sbuf_reset(&out);
	consts_format(&consts_type, SOCK_RAW | SOCK_CLOEXEC, &out);
	ck_assert_str_eq(out.s, "SOCK_RAW|SOCK_CLOEXEC");
	sbuf_reset(&out);
	consts_format(&consts_msg, 0, &out);
	ck_assert_str_eq(out.s, "0");
	sbuf_reset(&out);
	consts_format(&consts_msg, MSG_PEEK | 0x40000000, &out);
	ck_assert_str_eq(out.s, "MSG_PEEK|1073741824");
	sbuf_reset(&out);
	consts_format(&consts_domain, 9999, &out);
	ck_assert_str_eq(out.s, "9999");
	sbuf_free(&out);
}
END_TEST

START_TEST(test_unknown)
{
	struct sbuf err = SBUF_INIT;
	long v;

	ck_assert_int_eq(consts_parse(&consts_domain, "AF_BOGUS", &v, &err),
			 -1);
	ck_assert_ptr_nonnull(strstr(err.s, "unknown domain 'AF_BOGUS'"));
	ck_assert_ptr_nonnull(strstr(err.s, "AF_INET"));
	sbuf_reset(&err);
	ck_assert_int_eq(consts_parse(&consts_domain, "inet|inet6", &v, &err),
			 -1);
	sbuf_reset(&err);
	ck_assert_int_eq(consts_parse(&consts_msg, "MSG_PEEK|", &v, &err), -1);
	sbuf_reset(&err);
	ck_assert_int_eq(consts_parse(&consts_domain, "99999999999", &v,
				      &err), -1);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_registry)
{
	size_t i;
	const struct const_table *t;

	ck_assert_ptr_eq(consts_by_kind("domain"), &consts_domain);
	ck_assert_ptr_eq(consts_by_kind("msg"), &consts_msg);
	ck_assert_ptr_null(consts_by_kind("nope"));
	for (i = 0; (t = consts_table_at(i)) != NULL; i++)
		ck_assert_ptr_nonnull(t->kind);
	ck_assert_uint_ge(i, 6);
}
END_TEST

/* TCP_SYNCNT's help is true on Linux 6.5 and later too: the kernel adds
 * tcp_syn_linear_timeouts retries to it. */
START_TEST(test_syncnt_help)
{
	const struct const_def *d = NULL;
	size_t i;

	for (i = 0; i < consts_opt_tcp.n; i++)
		if (consts_opt_tcp.defs[i].value == TCP_SYNCNT)
			d = &consts_opt_tcp.defs[i];
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(strstr(d->help, "tcp_syn_linear_timeouts"));
}
END_TEST

/* Names that read the same in every language: their Chinese is
 * their English. */
static int same_in_zh(const char *help)
{
	static const char *const names[] = { "IPv4", "IPv6", "TCP", "UDP",
					     "SCTP", "ICMP", "ICMPv6",
					     "127.0.0.1", "255.255.255.255" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(help, names[i]) == 0)
			return 1;
	return 0;
}

/* Every constant's help, in every table (AF_*, SOCK_*, MSG_*, ... as
 * well as the options and poll events), has its Chinese text, shown
 * through consts_help(); in English it is the table's own. */
START_TEST(test_help_zh)
{
	const struct const_table *t;
	size_t i, j;

	for (i = 0; (t = consts_table_at(i)) != NULL; i++) {
		for (j = 0; j < t->n; j++) {
			const struct const_def *d = &t->defs[j];

			ck_assert_int_eq(check_lang_zh(0), 0);
			ck_assert_ptr_nonnull(d->help);
			ck_assert_str_eq(consts_help(d), d->help);
			if (same_in_zh(d->help))
				continue;
			ck_assert_int_eq(check_lang_zh(1), 0);
			ck_assert_msg(strcmp(consts_help(d), d->help) != 0,
				      "%s: not translated: %s", d->name,
				      d->help);
		}
	}
	ck_assert_int_eq(check_lang_zh(1), 0);
	for (j = 0; j < consts_opt_tcp.n; j++)
		if (consts_opt_tcp.defs[j].value == TCP_NODELAY)
			ck_assert_pstr_eq(consts_help(&consts_opt_tcp.defs[j]),
					  "关闭 Nagle 算法：小的写入立即发出，"
					  "而不是等待之前数据的 ACK");
	check_lang_zh(0);
}
END_TEST

Suite *consts_suite(void)
{
	Suite *s = suite_create("consts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names_and_short_forms);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_syncnt_help);
	tcase_add_test(tc, test_help_zh);
	suite_add_tcase(s, tc);
	return s;
}
