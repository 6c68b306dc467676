/* check_errno.c - unit tests for errno names and explanations. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <wchar.h>
#if ENABLE_NLS
#include <libintl.h>
#endif

#include "consts.h"
#include "i18n.h"
#include "suites.h"

/* Every call sockrepl explains, as show.c passes it (record.call). */
static const char *const calls[] = {
	"socket", "bind", "listen", "accept", "connect", "send", "recv",
	"read", "write", "sendto", "recvfrom", "close", "shutdown",
	"getsockname", "getpeername", "setsockopt", "getsockopt",
	"socketpair", "fcntl", "poll", "inet_pton",
};

/* The errors each call documents in its Linux man page (ERRORS), plus
 * those of ip(7), unix(7) and tcp(7) it can give and ones seen on a
 * real kernel (listen EINVAL, socket ESOCKTNOSUPPORT). 0 ends a row. */
struct man_errors {
	const char *call;
	int errs[32];
};

#define SEND_ERRS EACCES, EAGAIN, EWOULDBLOCK, EALREADY, EBADF, \
	ECONNRESET, EDESTADDRREQ, EFAULT, EINTR, EINVAL, EISCONN, EMSGSIZE, \
	ENOBUFS, ENOMEM, ENOTCONN, ENOTSOCK, EOPNOTSUPP, EPIPE, ECONNREFUSED
#define RECV_ERRS EAGAIN, EWOULDBLOCK, EBADF, ECONNREFUSED, EFAULT, EINTR, \
	EINVAL, ENOMEM, ENOTCONN, ENOTSOCK, ECONNRESET, ETIMEDOUT
#define SOCKOPT_ERRS EBADF, EFAULT, EINVAL, ENOPROTOOPT, ENOTSOCK

static const struct man_errors man_errors[] = {
	{ "socket", { EACCES, EAFNOSUPPORT, EINVAL, EMFILE, ENFILE, ENOBUFS,
		      ENOMEM, EPROTONOSUPPORT, ESOCKTNOSUPPORT, 0 } },
	{ "bind", { EACCES, EADDRINUSE, EBADF, EINVAL, ENOTSOCK,
		    EADDRNOTAVAIL, EFAULT, ELOOP, ENAMETOOLONG, ENOENT, ENOMEM,
		    ENOTDIR, EROFS, EAFNOSUPPORT, 0 } },
	{ "listen", { EADDRINUSE, EBADF, ENOTSOCK, EOPNOTSUPP, EINVAL, 0 } },
	{ "accept", { EAGAIN, EWOULDBLOCK, EBADF, ECONNABORTED, EFAULT, EINTR,
		      EINVAL, EMFILE, ENFILE, ENOBUFS, ENOMEM, ENOTSOCK,
		      EOPNOTSUPP, EPERM, EPROTO, ENOSR, ESOCKTNOSUPPORT,
		      EPROTONOSUPPORT, ETIMEDOUT, 0 } },
	{ "connect", { EACCES, EPERM, EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT,
		       EAGAIN, EALREADY, EBADF, ECONNREFUSED, EFAULT,
		       EINPROGRESS, EINTR, EISCONN, ENETUNREACH, ENOTSOCK,
		       EPROTOTYPE, ETIMEDOUT, ENOENT, EHOSTUNREACH, EINVAL,
		       0 } },
	{ "send", { SEND_ERRS, 0 } },
	{ "sendto", { SEND_ERRS, EHOSTUNREACH, ENETUNREACH, 0 } },
	{ "recv", { RECV_ERRS, 0 } },
	{ "recvfrom", { RECV_ERRS, 0 } },
	{ "read", { EAGAIN, EWOULDBLOCK, EBADF, EFAULT, EINTR, EINVAL, EIO,
		    EISDIR, ECONNRESET, ENOTCONN, ETIMEDOUT, 0 } },
	{ "write", { EAGAIN, EWOULDBLOCK, EBADF, EDESTADDRREQ, EDQUOT, EFAULT,
		     EFBIG, EINTR, EINVAL, EIO, ENOSPC, EPERM, EPIPE,
		     ECONNRESET, ENOTCONN, 0 } },
	{ "close", { EBADF, EINTR, EIO, ENOSPC, EDQUOT, 0 } },
	{ "shutdown", { EBADF, EINVAL, ENOTCONN, ENOTSOCK, 0 } },
	{ "getsockname", { EBADF, EFAULT, EINVAL, ENOBUFS, ENOTSOCK, 0 } },
	{ "getpeername", { EBADF, EFAULT, EINVAL, ENOBUFS, ENOTCONN, ENOTSOCK,
			   0 } },
	{ "setsockopt", { SOCKOPT_ERRS, EPERM, 0 } },
	{ "getsockopt", { SOCKOPT_ERRS, 0 } },
	{ "socketpair", { EAFNOSUPPORT, EFAULT, EMFILE, ENFILE, EOPNOTSUPP,
			  EPROTONOSUPPORT, 0 } },
	{ "fcntl", { EACCES, EAGAIN, EBADF, EBUSY, EDEADLK, EFAULT, EINTR,
		     EINVAL, EMFILE, ENOLCK, ENOTDIR, EPERM, 0 } },
	{ "poll", { EFAULT, EINTR, EINVAL, ENOMEM, 0 } },
	{ "inet_pton", { EAFNOSUPPORT, 0 } },
};

/* Pairs that must have their own text, not the generic one. */
static const struct {
	const char *call;
	int err;
	const char *must_mention;
} specific[] = {
	{ "bind", EADDRINUSE, "SO_REUSEADDR" },
	{ "bind", EACCES, "1024" },
	{ "bind", EINVAL, "already bound" },
	{ "connect", ECONNREFUSED, "listen" },
	{ "connect", EISCONN, "already connected" },
	{ "connect", ETIMEDOUT, "SYN" },
	{ "connect", EADDRNOTAVAIL, "port" },
	{ "connect", EAFNOSUPPORT, "family" },
	{ "listen", EOPNOTSUPP, "UDP" },
	{ "listen", EINVAL, "connected" },
	{ "accept", EAGAIN, "poll" },
	{ "accept", EINVAL, "listen" },
	{ "accept", EINTR, "Ctrl-C" },
	{ "accept", EMFILE, "ulimit -n" },
	{ "send", EPIPE, "MSG_NOSIGNAL" },
	{ "send", EAGAIN, "POLLOUT" },
	{ "write", EPIPE, "SIGPIPE" },
	{ "recv", EAGAIN, "SO_RCVTIMEO" },
	{ "recv", ECONNREFUSED, "ICMP" },
	{ "recv", ENOTCONN, "accept" },
	{ "close", EBADF, "already closed" },
	{ "close", EINTR, "do not close it again" },
	{ "shutdown", ENOTCONN, "not connected" },
	{ "socket", EINVAL, "SOCK_NONBLOCK" },
	{ "socketpair", EOPNOTSUPP, "AF_UNIX" },
	{ "getpeername", ENOTCONN, "not connected" },
};

/* Messages in Simplified Chinese (zh 1), from the build tree's catalog
 * (top_builddir/locale, as make check exports it), or in English (zh 0:
 * C.UTF-8). 0 on success, -1 when NLS is off or the locale is missing. */
int check_lang_zh(int zh)
{
#if ENABLE_NLS
	const char *top = getenv("top_builddir");
	struct sbuf dir = SBUF_INIT;

	sbuf_addf(&dir, "%s/locale", top && *top ? top : ".");
	bindtextdomain(PACKAGE, sbuf_str(&dir));
	textdomain(PACKAGE);
	sbuf_free(&dir);
	i18n_forget();	/* the language changes below */
	if (!zh) {
		unsetenv("LANGUAGE");
		return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
	}
	/* LANGUAGE wins over LC_MESSAGES, but only in a locale that is not
	 * plain C; zh_CN.UTF-8 itself may not be installed. */
	setenv("LANGUAGE", "zh_CN", 1);
	if (setlocale(LC_ALL, "zh_CN.UTF-8") || setlocale(LC_ALL, "C.UTF-8"))
		return 0;
	return -1;
#else
	(void)zh;
	return -1;
#endif
}

/* Display columns of the n bytes at s (UTF-8; a CJK character takes 2). */
static int columns(const char *s, size_t n)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int w = 0;

	memset(&st, 0, sizeof(st));
	while (n > 0 && (k = mbrtowc(&wc, s, n, &st)) > 0 &&
	       k != (size_t)-1 && k != (size_t)-2) {
		w += wcwidth(wc) > 0 ? wcwidth(wc) : 0;
		s += k;
		n -= k;
	}
	ck_assert_msg(n == 0, "not UTF-8: %s", s);
	return w;
}

/* tr is en in Chinese: as many lines, each under 76 columns, not the
 * English text (an untranslated msgid comes back as itself). */
static void check_zh(const char *what, const char *en, const char *tr)
{
	const char *p = tr, *nl, *c;
	int lines = 0, en_lines = 1;

	ck_assert_msg(tr != NULL, "%s: no text", what);
	ck_assert_msg(strcmp(en, tr) != 0, "%s: not translated: %s", what, en);
	for (c = en; (c = strchr(c, '\n')) != NULL; c++)
		en_lines++;
	do {
		size_t len;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		ck_assert_msg(len > 0 && columns(p, len) < 76,
			      "%s: line %d too wide: %s", what, lines + 1, tr);
		lines++;
		p = nl + 1;
	} while (nl);
	ck_assert_msg(lines == en_lines, "%s: %d lines, English %d: %s",
		      what, lines, en_lines, tr);
}

/* A well-formed explanation: 1 or 2 non-empty lines under 76 columns,
 * printable ASCII, no stray blanks, ending a sentence. */
static void check_text(const char *call, int err, const char *text)
{
	const char *p = text, *nl;
	size_t len, n = strlen(text);
	int lines = 0;

	ck_assert_msg(n > 1, "%s/%d: empty text", call, err);
	for (;;) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		lines++;
		ck_assert_msg(len > 0 && len < 76,
			      "%s/%s: line %d has %zu columns", call,
			      consts_errno_name(err), lines, len);
		ck_assert_msg(p[0] != ' ' && p[len - 1] != ' ',
			      "%s/%s: stray blank", call,
			      consts_errno_name(err));
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	ck_assert_msg(lines <= 2, "%s/%s: %d lines", call,
		      consts_errno_name(err), lines);
	for (p = text; *p; p++)
		ck_assert_msg(*p == '\n' || (*p >= 0x20 && *p < 0x7f),
			      "%s/%s: byte 0x%02x is not printable ASCII",
			      call, consts_errno_name(err),
			      (unsigned char)*p);
	ck_assert_msg(text[n - 1] == '.' || text[n - 1] == '?' ||
			      (text[n - 1] == ')' && text[n - 2] == '.'),
		      "%s/%s: does not end a sentence: %s", call,
		      consts_errno_name(err), text);
}

START_TEST(test_errno_round_trip)
{
	const char *name;
	size_t i;
	int v;

	for (i = 0; (name = consts_errno_at(i)) != NULL; i++) {
		v = consts_errno_value(name);
		ck_assert_msg(v > 0, "%s does not parse", name);
		ck_assert_ptr_nonnull(consts_errno_name(v));
		/* An alias prints as its canonical name, of the same value. */
		ck_assert_int_eq(consts_errno_value(consts_errno_name(v)), v);
		ck_assert_msg(strncmp(name, "E", 1) == 0, "%s", name);
	}
	/* EPERM .. EHWPOISON, minus the two numbers Linux leaves unused. */
	ck_assert_uint_ge(i, 131);
	ck_assert_str_eq(consts_errno_name(EPERM), "EPERM");
	ck_assert_str_eq(consts_errno_name(EADDRINUSE), "EADDRINUSE");
	ck_assert_int_eq(consts_errno_value("ECONNREFUSED"), ECONNREFUSED);
#ifdef EHWPOISON
	ck_assert_str_eq(consts_errno_name(EHWPOISON), "EHWPOISON");
#endif
}
END_TEST

/* glibc knows every errno name too: each one it names, we name alike. */
START_TEST(test_errno_matches_libc)
{
#if defined(__GLIBC__) && \
	(__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	const char *libc;
	int e, n = 0;

	for (e = 1; e < 512; e++) {
		libc = strerrorname_np(e);
		if (libc == NULL)
			continue;
		n++;
		ck_assert_msg(consts_errno_name(e) != NULL, "%s missing", libc);
		ck_assert_str_eq(consts_errno_name(e), libc);
		ck_assert_int_eq(consts_errno_value(libc), e);
	}
	ck_assert_int_ge(n, 100);
#else
	ck_assert_str_eq(consts_errno_name(EINTR), "EINTR");
#endif
}
END_TEST

START_TEST(test_errno_aliases)
{
	ck_assert_int_eq(consts_errno_value("EAGAIN"), EAGAIN);
	ck_assert_int_eq(consts_errno_value("EWOULDBLOCK"), EWOULDBLOCK);
	ck_assert_str_eq(consts_errno_name(EWOULDBLOCK), "EAGAIN");
	ck_assert_int_eq(consts_errno_value("EDEADLK"), EDEADLK);
	ck_assert_int_eq(consts_errno_value("EDEADLOCK"), EDEADLOCK);
	ck_assert_str_eq(consts_errno_name(EDEADLOCK),
			 EDEADLOCK == EDEADLK ? "EDEADLK" : "EDEADLOCK");
	ck_assert_int_eq(consts_errno_value("ENOTSUP"), ENOTSUP);
	ck_assert_str_eq(consts_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
}
END_TEST

START_TEST(test_errno_unknown)
{
	ck_assert_ptr_null(consts_errno_name(0));
	ck_assert_ptr_null(consts_errno_name(-1));
	ck_assert_ptr_null(consts_errno_name(4096));
	ck_assert_ptr_null(consts_errno_name(INT_MAX));
	ck_assert_ptr_null(consts_errno_name(INT_MIN));
	ck_assert_int_eq(consts_errno_value(""), -1);
	ck_assert_int_eq(consts_errno_value("eaddrinuse"), -1);
	ck_assert_int_eq(consts_errno_value("EADDRINUSE "), -1);
	ck_assert_int_eq(consts_errno_value("EADDR"), -1);
	ck_assert_int_eq(consts_errno_value("EADDRINUSEX"), -1);
	ck_assert_int_eq(consts_errno_value("98"), -1);
	ck_assert_int_eq(consts_errno_value(NULL), -1);
	ck_assert_ptr_null(consts_errno_explain("bind", 0));
	ck_assert_ptr_null(consts_errno_explain(NULL, 0));
	ck_assert_ptr_null(consts_errno_explain("connect", 4096));
}
END_TEST

START_TEST(test_errno_specific)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(specific); i++) {
		const char *call = specific[i].call;
		int err = specific[i].err;
		const char *t = consts_errno_explain(call, err);

		ck_assert_msg(t != NULL, "%s/%s: no text", call,
			      consts_errno_name(err));
		ck_assert_msg(t != consts_errno_explain(NULL, err),
			      "%s/%s: only the generic text", call,
			      consts_errno_name(err));
		ck_assert_msg(strstr(t, specific[i].must_mention) != NULL,
			      "%s/%s does not mention '%s': %s", call,
			      consts_errno_name(err),
			      specific[i].must_mention, t);
	}
	/* The key lessons, spelled out. */
	ck_assert_ptr_nonnull(strstr(consts_errno_explain("bind", EADDRINUSE),
				     "TIME-WAIT"));
	ck_assert_ptr_nonnull(strstr(consts_errno_explain("connect",
							  EINPROGRESS),
				     "SO_ERROR"));
	ck_assert_ptr_nonnull(strstr(consts_errno_explain("send", EPIPE),
				     "sockrepl ignores"));
}
END_TEST

START_TEST(test_errno_fallback)
{
	const char *generic = consts_errno_explain(NULL, EBADF);

	ck_assert_ptr_nonnull(generic);
	/* No bind-specific EBADF: the generic text. */
	ck_assert_ptr_eq(consts_errno_explain("bind", EBADF), generic);
	/* Unknown and missing calls fall back too. */
	ck_assert_ptr_eq(consts_errno_explain("frobnicate", EBADF), generic);
	ck_assert_ptr_eq(consts_errno_explain("", EADDRINUSE),
			 consts_errno_explain(NULL, EADDRINUSE));
	/* The generic EADDRINUSE is not the bind lesson... */
	ck_assert_ptr_ne(consts_errno_explain("bind", EADDRINUSE),
			 consts_errno_explain(NULL, EADDRINUSE));
	/* ...and is a text of its own about the same error. */
	ck_assert_ptr_nonnull(strstr(consts_errno_explain(NULL, EADDRINUSE),
				     "port"));
	/* Siblings borrow: sendto from send, recvfrom and read from recv. */
	ck_assert_ptr_eq(consts_errno_explain("sendto", EPIPE),
			 consts_errno_explain("send", EPIPE));
	ck_assert_ptr_eq(consts_errno_explain("recvfrom", EAGAIN),
			 consts_errno_explain("recv", EAGAIN));
	ck_assert_ptr_eq(consts_errno_explain("read", ECONNRESET),
			 consts_errno_explain("recv", ECONNRESET));
	ck_assert_ptr_eq(consts_errno_explain("getsockopt", EINVAL),
			 consts_errno_explain("setsockopt", EINVAL));
	/* ...unless they have their own: write cannot pass MSG_NOSIGNAL. */
	ck_assert_ptr_ne(consts_errno_explain("write", EPIPE),
			 consts_errno_explain("send", EPIPE));
	/* Obscure errors no socket call gives have no text. */
#ifdef EBFONT
	ck_assert_ptr_null(consts_errno_explain("bind", EBFONT));
#endif
#ifdef ECHRNG
	ck_assert_ptr_null(consts_errno_explain(NULL, ECHRNG));
#endif
}
END_TEST

/* socket()'s explanation for these arguments: it contains want and, if
 * avoid is not NULL, not avoid. */
static void socket_says(int err, long domain, long type, long proto,
			const char *want, const char *avoid)
{
	const long arg[3] = { domain, type, proto };
	const char *t = consts_errno_explain_args("socket", err, arg, 3);

	ck_assert_msg(t && strstr(t, want), "socket(%ld, %ld, %ld) %s: %s",
		      domain, type, proto, consts_errno_name(err), t);
	ck_assert_msg(!avoid || !strstr(t, avoid),
		      "socket(%ld, %ld, %ld) %s says '%s': %s", domain, type,
		      proto, consts_errno_name(err), avoid, t);
	check_text("socket", err, t);
}

/* An explanation fits the call's arguments, not only the errno: "pass 0"
 * to a raw socket that passed 0 was wrong. */
START_TEST(test_errno_socket_args)
{
	static const long none[1];

	/* Raw sockets need a protocol; the kernel says EPROTONOSUPPORT. */
	socket_says(EPROTONOSUPPORT, AF_INET, SOCK_RAW, 0, "IPPROTO_ICMP",
		    "Pass 0");
	socket_says(EPROTONOSUPPORT, AF_INET6, SOCK_RAW | SOCK_NONBLOCK, 0,
		    "CAP_NET_RAW", "Pass 0");
	socket_says(EPERM, AF_INET, SOCK_RAW, IPPROTO_ICMP, "CAP_NET_RAW",
		    NULL);
	/* SCTP not loaded: EPROTONOSUPPORT for SOCK_STREAM (TCP is there),
	 * ESOCKTNOSUPPORT for SOCK_SEQPACKET (nothing is). */
	socket_says(EPROTONOSUPPORT, AF_INET, SOCK_STREAM, IPPROTO_SCTP,
		    "modprobe sctp", "Pass 0");
	socket_says(EPROTONOSUPPORT, AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP,
		    "modprobe sctp", NULL);
	socket_says(ESOCKTNOSUPPORT, AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP,
		    "modprobe sctp", NULL);
	socket_says(ESOCKTNOSUPPORT, AF_INET6, SOCK_SEQPACKET, 0, "SCTP",
		    NULL);
	socket_says(EACCES, AF_INET, SOCK_DGRAM, IPPROTO_ICMP,
		    "ping_group_range", NULL);
	socket_says(EPROTONOSUPPORT, AF_UNIX, SOCK_STREAM, IPPROTO_TCP,
		    "protocol 0", "Pass 0");
	socket_says(EPROTONOSUPPORT, AF_PACKET, SOCK_DGRAM, 0, "0 already",
		    "Pass 0");
	/* A protocol that does not fit the type: pass 0 is the advice. */
	socket_says(EPROTONOSUPPORT, AF_INET, SOCK_DGRAM, IPPROTO_TCP,
		    "Pass 0", NULL);
	ck_assert_ptr_eq(consts_errno_explain_args("socket", EPROTONOSUPPORT,
						   (const long[]){ AF_INET,
							SOCK_DGRAM,
							IPPROTO_TCP }, 3),
			 consts_errno_explain("socket", EPROTONOSUPPORT));
	/* Other calls, and no arguments: as before. */
	ck_assert_ptr_eq(consts_errno_explain_args("socket", EPERM, none, 0),
			 consts_errno_explain("socket", EPERM));
	ck_assert_ptr_eq(consts_errno_explain_args("bind", EACCES, none, 0),
			 consts_errno_explain("bind", EACCES));
}
END_TEST

/* Every text any call can get, for every known errno, is well formed. */
START_TEST(test_errno_text_format)
{
	const char *name, *t;
	size_t i, c, ncalls = ARRAY_SIZE(calls);
	int n = 0;

	for (i = 0; (name = consts_errno_at(i)) != NULL; i++) {
		int err = consts_errno_value(name);

		for (c = 0; c <= ncalls; c++) {
			const char *call = c < ncalls ? calls[c] : NULL;

			t = consts_errno_explain(call, err);
			if (t == NULL)
				continue;
			check_text(call ? call : "(any)", err, t);
			n++;
		}
	}
	ck_assert_int_gt(n, 300);
}
END_TEST

/* Every error a call's man page lists has an explanation. */
START_TEST(test_errno_man_coverage)
{
	size_t i, j, c, ncalls = ARRAY_SIZE(calls);
	int found;

	for (i = 0; i < ARRAY_SIZE(man_errors); i++) {
		const struct man_errors *m = &man_errors[i];

		for (j = 0; m->errs[j] != 0; j++)
			ck_assert_msg(consts_errno_explain(m->call,
							   m->errs[j]) != NULL,
				      "%s(2) %s has no explanation", m->call,
				      consts_errno_name(m->errs[j]));
	}
	/* ...and the table above names every call sockrepl explains. */
	for (c = 0; c < ncalls; c++) {
		found = 0;
		for (i = 0; i < ARRAY_SIZE(man_errors); i++)
			if (strcmp(man_errors[i].call, calls[c]) == 0)
				found = 1;
		ck_assert_msg(found, "no man-page row for %s", calls[c]);
	}
}
END_TEST

/* The socket() calls whose errno texts depend on the arguments. */
static const struct {
	int err;
	long arg[3];
} socket_cases[] = {
	{ EPROTONOSUPPORT, { AF_INET, SOCK_STREAM, IPPROTO_SCTP } },
	{ EPROTONOSUPPORT, { AF_INET, SOCK_RAW, 0 } },
	{ EPROTONOSUPPORT, { AF_UNIX, SOCK_STREAM, IPPROTO_TCP } },
	{ EPROTONOSUPPORT, { AF_INET, SOCK_STREAM, 0 } },
	{ ESOCKTNOSUPPORT, { AF_INET, SOCK_SEQPACKET, 0 } },
	{ EPERM, { AF_INET, SOCK_RAW, IPPROTO_ICMP } },
	{ EACCES, { AF_INET, SOCK_DGRAM, IPPROTO_ICMP } },
};

/* The explanation for case i (< ncalls + 1 + socket cases) of err, in
 * the current language: each call, any call, each socket argument case. */
static const char *explain_case(size_t i, int err)
{
	size_t ncalls = ARRAY_SIZE(calls);

	if (i < ncalls)
		return consts_errno_explain(calls[i], err);
	if (i == ncalls)
		return consts_errno_explain(NULL, err);
	i -= ncalls + 1;
	if (socket_cases[i].err != err)
		return NULL;
	return consts_errno_explain_args("socket", err, socket_cases[i].arg,
					 3);
}

/* Every explanation any call can get has its Simplified Chinese
 * translation in po/zh_CN.po, as wide as the English at most. */
START_TEST(test_errno_zh_complete)
{
	size_t e, i, ncases = ARRAY_SIZE(calls) + 1 + ARRAY_SIZE(socket_cases);
	const char *name;
	char what[64];
	int n = 0;

	for (e = 0; (name = consts_errno_at(e)) != NULL; e++) {
		int err = consts_errno_value(name);

		for (i = 0; i < ncases; i++) {
			const char *en, *tr;

			ck_assert_int_eq(check_lang_zh(0), 0);
			en = explain_case(i, err);
			if (en == NULL)
				continue;
			ck_assert_int_eq(check_lang_zh(1), 0);
			tr = explain_case(i, err);
			snprintf(what, sizeof(what), "%s/%s",
				 i < ARRAY_SIZE(calls) ? calls[i]
				 : i == ARRAY_SIZE(calls) ? "(any)"
							  : "socket(args)",
				 name);
			check_zh(what, en, tr);
			n++;
		}
	}
	ck_assert_int_gt(n, 300);
	check_lang_zh(0);
}
END_TEST

/* The lesson texts a learner meets first, in both languages: Chinese
 * under zh_CN, byte for byte the English under C.UTF-8. */
START_TEST(test_errno_zh_sample)
{
	const char *t;

	ck_assert_int_eq(check_lang_zh(1), 0);
	t = consts_errno_explain("connect", ECONNREFUSED);
	ck_assert_msg(strstr(t, "没有程序在监听") && strstr(t, "RST"),
		      "connect/ECONNREFUSED: %s", t);
	t = consts_errno_explain("bind", EADDRINUSE);
	ck_assert_msg(strstr(t, "TIME-WAIT") && strstr(t, "SO_REUSEADDR") &&
			      strstr(t, "端口"),
		      "bind/EADDRINUSE: %s", t);
	ck_assert_int_eq(check_lang_zh(0), 0);
	ck_assert_str_eq(consts_errno_explain("connect", ECONNREFUSED),
			 "Nothing listens on that address:port, so the kernel "
			 "answered with RST.\n"
			 "Start the server first (socket, bind, listen), or "
			 "check the port.");
	ck_assert_str_eq(consts_errno_explain("bind", EADDRINUSE),
			 "Another socket holds this address:port: a running "
			 "server, or an old\n"
			 "connection in TIME-WAIT (set SO_REUSEADDR before "
			 "bind). Or use port 0.");
}
END_TEST

/* A path is not a port: an AF_UNIX address gets texts about socket
 * files, in both languages; an AF_INET one keeps the usual text. */
START_TEST(test_errno_unix_family)
{
	static const struct { const char *call; int err; } c[] = {
		{ "connect", ECONNREFUSED }, { "sendto", ECONNREFUSED },
		{ "bind", EADDRINUSE },
	};
	const char *t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		ck_assert_ptr_null(consts_errno_explain_family(c[i].call,
							       c[i].err,
							       AF_INET));
		t = consts_errno_explain_family(c[i].call, c[i].err, AF_UNIX);
		ck_assert_ptr_nonnull(t);
		ck_assert_msg(strstr(t, "path") && !strstr(t, "port") &&
				      !strstr(t, "RST"),
			      "%s/%d: %s", c[i].call, c[i].err, t);
		ck_assert_int_eq(check_lang_zh(1), 0);
		t = consts_errno_explain_family(c[i].call, c[i].err, AF_UNIX);
		ck_assert_msg(strstr(t, "路径") != NULL, "%s", t);
		ck_assert_int_eq(check_lang_zh(0), 0);
	}
	ck_assert_ptr_null(consts_errno_explain_family("connect", ENOENT,
						       AF_UNIX));
}
END_TEST

Suite *errno_suite(void)
{
	Suite *s = suite_create("errno");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, test_errno_round_trip);
	tcase_add_test(tc, test_errno_matches_libc);
	tcase_add_test(tc, test_errno_aliases);
	tcase_add_test(tc, test_errno_unknown);
	suite_add_tcase(s, tc);
	tc = tcase_create("explain");
	tcase_add_test(tc, test_errno_specific);
	tcase_add_test(tc, test_errno_fallback);
	tcase_add_test(tc, test_errno_text_format);
	tcase_add_test(tc, test_errno_man_coverage);
	tcase_add_test(tc, test_errno_socket_args);
	tcase_add_test(tc, test_errno_unix_family);
	suite_add_tcase(s, tc);
	tc = tcase_create("zh_CN");
	tcase_add_test(tc, test_errno_zh_complete);
	tcase_add_test(tc, test_errno_zh_sample);
	suite_add_tcase(s, tc);
	return s;
}
