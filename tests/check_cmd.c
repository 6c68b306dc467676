/* check_cmd.c - unit tests of the command table's argument declarations:
 * for each kind of argument, parsing, its error message and its
 * completion candidates; and the synopsis, usage errors and help that
 * are generated from the declarations. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "consts.h"
#include "diag.h"
#include "i18n.h"
#include "state.h"
#include "suites.h"

static struct session s;
static struct sbuf err, cands;
static struct line line;
static struct cmd_ctx ctx;
static int have_line;

static void setup(void)
{
	session_init(&s, stdout);
}

static void teardown(void)
{
	if (have_line)
		line_free(&line);
	have_line = 0;
	session_free(&s);
	sbuf_free(&err);
	sbuf_free(&cands);
}

/* A socket of the session called name: its descriptor. */
static int add_sock(const char *name, int type)
{
	int fd = socket(AF_INET, type, 0);

	ck_assert_int_ge(fd, 0);
	session_add(&s, fd, name, AF_INET, type, 0);
	return fd;
}

/* Parse text ("t ARGS...") as e declares its arguments. */
static int parse(const struct cmd_entry *e, const char *text)
{
	if (have_line)
		line_free(&line);
	sbuf_reset(&err);
	ck_assert_int_eq(parse_line(text, strlen(text), &line, &err), 0);
	have_line = 1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.s = &s;
	ctx.entry = e;
	ctx.argc = line.nwords - 1;
	ctx.argv = line.words + 1;
	ctx.err = &err;
	return cmd_parse_args(&ctx);
}

#define PARSE_OK(e, text) \
	ck_assert_msg(parse((e), (text)) == CMD_OK, "%s: %s", (text), \
		      sbuf_str(&err))
#define PARSE_ERR(e, text, want) \
	do { \
		ck_assert_int_eq(parse((e), (text)), CMD_ERROR); \
		ck_assert_msg(strstr(sbuf_str(&err), (want)) != NULL, \
			      "%s: \"%s\" not in \"%s\"", (text), (want), \
			      sbuf_str(&err)); \
	} while (0)

static void cand(void *data, const char *c)
{
	(void)data;
	sbuf_addf(&cands, " %s ", c);
}

/* The candidates of the next word after the words of text. */
static const char *complete(const struct cmd_entry *e, const char *text,
			    const char *cont)
{
	char *copy = xstrdup(text), *words[16], *save, *w;
	int n = 0;

	for (w = strtok_r(copy, " ", &save); w && n < 16;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	sbuf_reset(&cands);
	cmd_complete(&s, e, words, n, cont, cand, NULL);
	free(copy);
	return sbuf_str(&cands);
}

#define HAS(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, \
		      "\"%s\" not in \"%s\"", (needle), (hay))
#define HASNT(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) == NULL, \
		      "\"%s\" in \"%s\"", (needle), (hay))

static const char *synopsis(const struct cmd_entry *e)
{
	sbuf_reset(&cands);
	cmd_synopsis(e, &cands);
	return sbuf_str(&cands);
}

static int ok_exec(struct cmd_ctx *c)
{
	(void)c;
	return CMD_OK;
}

/* ---- descriptor -------------------------------------------------------- */

static const struct cmd_entry fd_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

static const struct cmd_entry closed_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD", .flags = ARG_CLOSED },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_fd)
{
	int fd = add_sock("a", SOCK_STREAM);
	char num[16];

	PARSE_OK(&fd_cmd, "t a");
	ck_assert_int_eq(ctx.arg[0].given, 1);
	ck_assert_int_eq(ctx.arg[0].sock->fd, fd);
	snprintf(num, sizeof(num), "t %d", fd);
	PARSE_OK(&fd_cmd, num);
	ck_assert_int_eq(ctx.arg[0].sock->fd, fd);
	PARSE_ERR(&fd_cmd, "t nosuch", "no socket is called 'nosuch'");
	PARSE_ERR(&fd_cmd, "t 0", "refusing to touch fd 0");
	snprintf(num, sizeof(num), " %d ", fd);
	HAS(complete(&fd_cmd, "", NULL), " a ");
	HAS(complete(&fd_cmd, "", NULL), num);
	ck_assert_str_eq(synopsis(&fd_cmd), "FD");
}
END_TEST

START_TEST(test_fd_closed)
{
	add_sock("a", SOCK_STREAM);
	ck_assert_int_eq(close(session_find_name(&s, "a")->fd), 0);
	session_closed(&s, session_find_name(&s, "a")->id);
	PARSE_ERR(&fd_cmd, "t a", "a");
	PARSE_OK(&closed_cmd, "t a");
	ck_assert_int_eq(ctx.arg[0].sock->fd, -1);
	/* a quoted word is data, never a name */
	PARSE_ERR(&closed_cmd, "t \"a\"", "a");
	HASNT(complete(&fd_cmd, "", NULL), " a ");
}
END_TEST

/* ---- address ----------------------------------------------------------- */

static const struct cmd_entry addr_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD" },
		{ .kind = ARG_ADDR, .name = "ADDR PORT", .flags = ARG_TARGET },
		{ .kind = ARG_FLAG, .name = "--no-htons" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_addr)
{
	const struct sockaddr_in *sin;

	add_sock("a", SOCK_STREAM);
	PARSE_OK(&addr_cmd, "t a 127.0.0.1 8000");
	sin = (const void *)&ctx.arg[1].addr.ss;
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_int_eq(ntohs(sin->sin_port), 8000);
	ck_assert_int_eq(ctx.arg[2].given, 0);
	PARSE_OK(&addr_cmd, "t a 127.0.0.1:8000");
	ck_assert_uint_eq(ctx.arg[1].addr.typed_port, 8000);
	/* the flag may stand anywhere, and stores the port unconverted */
	PARSE_OK(&addr_cmd, "t a --no-htons 127.0.0.1 8000");
	ck_assert_int_eq(ctx.arg[2].num, 1);
	sin = (const void *)&ctx.arg[1].addr.ss;
	ck_assert_int_eq(sin->sin_port, 8000);
	PARSE_ERR(&addr_cmd, "t a 127.0.0.1", "missing port");
	PARSE_ERR(&addr_cmd, "t a --no-htons", "missing address: write ADDR PORT");
	PARSE_ERR(&addr_cmd, "t a 127.0.0.1 1 2",
		  "t: too many arguments\nusage: t FD ADDR PORT [--no-htons]");
	HAS(complete(&addr_cmd, "a", NULL), " 127.0.0.1 ");
	HAS(complete(&addr_cmd, "a", NULL), " [::1] ");
	HAS(complete(&addr_cmd, "a", NULL), " a ");
	ck_assert_str_eq(complete(&addr_cmd, "a 127.0.0.1", NULL), "");
	HAS(complete(&addr_cmd, "a 127.0.0.1 80", NULL), " --no-htons ");
	ck_assert_str_eq(synopsis(&addr_cmd), "FD ADDR PORT [--no-htons]");
}
END_TEST

/* A socket's name stands for its address (a loopback one: tests bind
 * nothing else). */
START_TEST(test_addr_name)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	const struct sockaddr_in *got;
	int b;

	add_sock("a", SOCK_STREAM);
	b = add_sock("b", SOCK_STREAM);
	PARSE_ERR(&addr_cmd, "t a b", "b has no address yet: bind it first");
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(b, (struct sockaddr *)&sin, sizeof(sin)), 0);
	PARSE_OK(&addr_cmd, "t a b");
	got = (const void *)&ctx.arg[1].addr.ss;
	ck_assert_uint_eq(ntohl(got->sin_addr.s_addr), INADDR_LOOPBACK);
	ck_assert_int_ne(got->sin_port, 0);
	ck_assert_uint_eq(ctx.arg[1].addr.typed_port, ntohs(got->sin_port));
	PARSE_ERR(&addr_cmd, "t a \"b\"", "b");	/* quoted: not a name */
}
END_TEST

/* ---- constant ---------------------------------------------------------- */

static const struct cmd_entry const_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_CONST, .name = "DOMAIN", .set = &consts_domain },
		{ .kind = ARG_CONST, .name = "TYPE", .set = &consts_type },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_const)
{
	PARSE_OK(&const_cmd, "t inet SOCK_STREAM");
	ck_assert_int_eq(ctx.arg[0].num, AF_INET);
	ck_assert_int_eq(ctx.arg[1].num, SOCK_STREAM);
	PARSE_OK(&const_cmd, "t AF_INET6 stream|nonblock");
	ck_assert_int_eq(ctx.arg[0].num, AF_INET6);
	ck_assert_int_eq(ctx.arg[1].num, SOCK_STREAM | SOCK_NONBLOCK);
	PARSE_ERR(&const_cmd, "t bogus stream", "unknown domain 'bogus'");
	PARSE_ERR(&const_cmd, "t inet", "t: missing argument\nusage: t DOMAIN TYPE");
	HAS(complete(&const_cmd, "", NULL), " AF_INET ");
	HAS(complete(&const_cmd, "", NULL), " inet6 ");
	HAS(complete(&const_cmd, "inet", NULL), " SOCK_DGRAM ");
	/* "stream|": the same argument goes on */
	HAS(complete(&const_cmd, "inet", "stream"), " SOCK_NONBLOCK ");
}
END_TEST

/* ---- integer ----------------------------------------------------------- */

static const struct cmd_entry int_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_INT, .name = "N", .min = -1, .max = 10,
		  .what = "count", .flags = ARG_OPTIONAL },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_int)
{
	PARSE_OK(&int_cmd, "t 10");
	ck_assert_int_eq(ctx.arg[0].num, 10);
	ck_assert_int_eq(ctx.arg[0].given, 1);
	PARSE_OK(&int_cmd, "t -1");
	ck_assert_int_eq(ctx.arg[0].num, -1);
	PARSE_OK(&int_cmd, "t");
	ck_assert_int_eq(ctx.arg[0].given, 0);
	PARSE_ERR(&int_cmd, "t 11",
		  "bad count '11': expected a whole number from -1 to 10");
	PARSE_ERR(&int_cmd, "t x", "bad count 'x'");
	PARSE_ERR(&int_cmd, "t 1 2", "usage: t [N]");
	ck_assert_str_eq(complete(&int_cmd, "", NULL), "");
}
END_TEST

/* ---- data and words ---------------------------------------------------- */

static const struct cmd_entry word_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_DATA, .name = "DATA" },
		{ .kind = ARG_WORD, .name = "MODE", .words = "on off" },
		{ .kind = ARG_WORD, .name = "STATE", .complete = "state" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_data_word)
{
	PARSE_OK(&word_cmd, "t \"a\\0b\" on LISTEN");
	ck_assert_uint_eq(ctx.arg[0].len, 3);
	ck_assert_int_eq(memcmp(ctx.arg[0].str, "a\0b", 3), 0);
	ck_assert_str_eq(ctx.arg[1].str, "on");
	ck_assert_str_eq(ctx.arg[2].str, "LISTEN");
	PARSE_ERR(&word_cmd, "t x", "t: missing argument\nusage: t DATA MODE STATE");
	ck_assert_str_eq(complete(&word_cmd, "", NULL), "");
	ck_assert_str_eq(complete(&word_cmd, "x", NULL), " on  off ");
	HAS(complete(&word_cmd, "x on", NULL), " TIME-WAIT ");
	HAS(complete(&word_cmd, "x on", NULL), " UNCONN ");
	HAS(complete(&word_cmd, "x on", NULL), " SYN-RECV ");
}
END_TEST

/* ---- options, pairs, repeats ------------------------------------------- */

static const struct cmd_entry opt_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_CONST, .name = "inet|inet6", .set = &consts_domain,
		  .flags = ARG_OPTIONAL },
		{ .kind = ARG_WORD, .name = "TEXT" },
		{ .kind = ARG_WORD, .name = "OPTION",
		  .flags = ARG_OPTIONAL | ARG_PAIR },
		{ .kind = ARG_WORD, .name = "VALUE", .flags = ARG_OPTIONAL },
		{ .kind = ARG_FLAG, .name = "--all" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_optional)
{
	ck_assert_str_eq(synopsis(&opt_cmd),
			 "[inet|inet6] TEXT [OPTION VALUE] [--all]");
	/* an optional argument before a required one is taken only when
	 * there are words enough */
	PARSE_OK(&opt_cmd, "t ::1");
	ck_assert_int_eq(ctx.arg[0].given, 0);
	ck_assert_str_eq(ctx.arg[1].str, "::1");
	PARSE_OK(&opt_cmd, "t inet6 ::1 --all");
	ck_assert_int_eq(ctx.arg[0].num, AF_INET6);
	ck_assert_int_eq(ctx.arg[4].given, 1);
	PARSE_OK(&opt_cmd, "t inet x color on");
	ck_assert_str_eq(ctx.arg[2].str, "color");
	ck_assert_str_eq(ctx.arg[3].str, "on");
	/* a pair is both or neither */
	PARSE_ERR(&opt_cmd, "t inet x color", "t: missing argument");
	PARSE_ERR(&opt_cmd, "t inet x color on y", "t: too many arguments");
	PARSE_ERR(&opt_cmd, "t", "usage: t [inet|inet6] TEXT [OPTION VALUE] [--all]");
}
END_TEST

static const struct cmd_entry repeat_cmd = {
	.name = "t",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_WORD, .name = "FD[:EVENTS]", .flags = ARG_REPEAT,
		  .complete = "pollfd" },
		{ .kind = ARG_INT, .name = "MS", .flags = ARG_OPTIONAL,
		  .min = -1, .max = 1000, .what = "timeout" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

START_TEST(test_repeat)
{
	add_sock("a", SOCK_DGRAM);
	ck_assert_str_eq(synopsis(&repeat_cmd), "FD[:EVENTS]... [MS]");
	PARSE_OK(&repeat_cmd, "t a b:out c");
	ck_assert_int_eq(ctx.arg[0].nwords, 3);
	ck_assert_str_eq(ctx.arg[0].words[2].s, "c");
	ck_assert_int_eq(ctx.arg[1].given, 0);
	/* a trailing number is the optional one after it */
	PARSE_OK(&repeat_cmd, "t a b 100");
	ck_assert_int_eq(ctx.arg[0].nwords, 2);
	ck_assert_int_eq(ctx.arg[1].num, 100);
	PARSE_OK(&repeat_cmd, "t 100");		/* but never all of them */
	ck_assert_int_eq(ctx.arg[0].nwords, 1);
	PARSE_ERR(&repeat_cmd, "t a 5000", "bad timeout '5000'");
	PARSE_ERR(&repeat_cmd, "t", "t: missing argument");
	HAS(complete(&repeat_cmd, "", NULL), " a:in|out ");
	HAS(complete(&repeat_cmd, "a b c", NULL), " a:out ");
	/* "a:in|": more events */
	HAS(complete(&repeat_cmd, "", "a:in"), " POLLOUT ");
	HASNT(complete(&repeat_cmd, "", "a:in"), " a ");
}
END_TEST

/* ---- sub-commands ------------------------------------------------------ */

static const struct cmd_entry sub_one = {
	.name = "one",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

static const struct cmd_entry sub_two = {
	.name = "two",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_WORD, .name = "X", .words = "x1 x2" },
		{ .kind = ARG_INT, .name = "N", .min = 0, .max = 9,
		  .what = "n" },
		{ .kind = ARG_END },
	},
	.exec = ok_exec,
};

static const struct cmd_entry sub_cmd = {
	.name = "t",
	.subs = (const struct cmd_entry *const[]){ &sub_one, &sub_two,
						   NULL },
};

START_TEST(test_subs)
{
	add_sock("a", SOCK_STREAM);
	ck_assert_str_eq(synopsis(&sub_cmd), "one FD | two X N");
	PARSE_OK(&sub_cmd, "t two x1 3");
	ck_assert_ptr_eq(ctx.sub, &sub_two);
	ck_assert_int_eq(ctx.arg[1].num, 3);
	PARSE_OK(&sub_cmd, "t one a");
	ck_assert_ptr_eq(ctx.sub, &sub_one);
	PARSE_ERR(&sub_cmd, "t three", "t what? one or two (not 'three')");
	PARSE_ERR(&sub_cmd, "t one a b",
		  "t one: too many arguments\nusage: t one FD");
	PARSE_ERR(&sub_cmd, "t two x1 10", "bad n '10'");
	ck_assert_str_eq(complete(&sub_cmd, "", NULL), " one  two ");
	HAS(complete(&sub_cmd, "one", NULL), " a ");
	ck_assert_str_eq(complete(&sub_cmd, "two", NULL), " x1  x2 ");
	ck_assert_str_eq(complete(&sub_cmd, "three", NULL), "");
}
END_TEST

/* ---- the real table ---------------------------------------------------- */

/* An entry's arguments fit what ctx->arg holds, and each is complete. */
static void check_declared(const struct cmd_entry *e)
{
	const struct cmd_arg *a;

	ck_assert_msg(e->args || e->subs, "%s declares nothing", e->name);
	ck_assert_msg(e->subs || e->exec, "%s has no handler", e->name);
	for (a = e->args; a && a->kind != ARG_END; a++) {
		ck_assert_msg(a - e->args < CMD_MAX_ARGS,
			      "%s: too many arguments", e->name);
		ck_assert_ptr_nonnull(a->name);
		ck_assert(a->kind != ARG_CONST || a->set);
		ck_assert(!(a->flags & ARG_PAIR) ||
			  (a[1].flags & ARG_OPTIONAL));
	}
}

START_TEST(test_table_declared)
{
	const struct cmd_entry *e;
	size_t i, j;

	for (i = 0; (e = cmd_at(i)) != NULL; i++) {
		check_declared(e);
		for (j = 0; e->subs && e->subs[j]; j++)
			check_declared(e->subs[j]);
	}
}
END_TEST

/* Usage errors and help come from the declarations: sendto's synopsis
 * was once a hand-copied string without [--no-htons]. */
START_TEST(test_generated_usage)
{
	const struct cmd_entry *e = cmd_lookup("sendto", &err);
	struct sbuf help = SBUF_INIT;

	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(synopsis(e), "FD DATA ADDR PORT [--no-htons]");
	cmd_help_one(e, &help);
	HAS(sbuf_str(&help), "usage: sendto FD DATA ADDR PORT [--no-htons]\n");
	sbuf_reset(&help);
	cmd_help_man(&help);
	HAS(sbuf_str(&help),
	    "\\fBsendto\\fR \\fIFD DATA ADDR PORT [\\-\\-no\\-htons]\\fR\n");
	HAS(sbuf_str(&help), "\\fBexpect\\fR \\fIstate FD STATE | queue LFD N");
	sbuf_reset(&help);
	cmd_help_all(&help);
	HAS(sbuf_str(&help), "  poll FD[:EVENTS]... [TIMEOUT_MS]");
	sbuf_free(&help);
	add_sock("u", SOCK_DGRAM);
	PARSE_ERR(cmd_lookup("sendto", &err), "sendto u x 127.0.0.1 1 2",
		  "sendto: too many arguments\nusage: sendto FD DATA ADDR PORT [--no-htons]");
	PARSE_ERR(cmd_lookup("bind", &err), "bind u 127.0.0.1 1 x",
		  "bind: too many arguments\nusage: bind FD ADDR PORT [--no-htons]");
	PARSE_ERR(cmd_lookup("set", &err), "set color",
		  "set: missing argument\nusage: set [OPTION VALUE]");
}
END_TEST

/* What Tab offers comes from the declarations too. */
START_TEST(test_table_completion)
{
	add_sock("lfd", SOCK_STREAM);
	HAS(complete(cmd_lookup("set", &err), "", NULL), " timeout ");
	ck_assert_str_eq(complete(cmd_lookup("set", &err), "color", NULL),
			 " on  off ");
	ck_assert_str_eq(complete(cmd_lookup("expect", &err), "", NULL),
			 " state  queue  recv  trace ");
	HAS(complete(cmd_lookup("expect", &err), "state lfd", NULL),
	    " CLOSE-WAIT ");
	HAS(complete(cmd_lookup("help", &err), "", NULL), " socketpair ");
	HAS(complete(cmd_lookup("setsockopt", &err), "lfd", NULL),
	    " SOL_SOCKET ");
	HAS(complete(cmd_lookup("setsockopt", &err), "lfd", NULL),
	    " SO_REUSEADDR ");
	HAS(complete(cmd_lookup("htonl", &err), "", NULL), " INADDR_ANY ");
	HAS(complete(cmd_lookup("shutdown", &err), "lfd", NULL), " SHUT_WR ");
	HAS(complete(cmd_lookup("recv", &err), "lfd 10", NULL), " MSG_PEEK ");
	HAS(complete(cmd_lookup("state", &err), "lfd", NULL), " --all ");
}
END_TEST

/* A listener lfd on 127.0.0.1 and c connected to it, in the session:
 * the state lines from before the connect to after it. */
static void queue_lines(struct sbuf *out)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	struct state_snap *before, *after;
	int lfd = add_sock("lfd", SOCK_STREAM), c;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	session_refresh(&s, session_find_fd(&s, lfd));	/* as listen_exec */
	before = state_capture(&s);
	c = add_sock("c", SOCK_STREAM);
	ck_assert_int_eq(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	/* As connect_exec does: the session reads back the addresses a
	 * call changed, and the snapshot goes by them. */
	session_refresh(&s, session_find_fd(&s, c));
	after = state_capture(&s);
	state_report(&s, before, after, NULL, out);
	state_snap_free(before);
	state_snap_free(after);
}

/* HAS and HASNT for a long text (help, the man page): check's failure
 * message has a size limit, so only the needle is shown. */
#define HAS_LONG(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "\"%s\" missing", \
		      (needle))
#define HASNT_LONG(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) == NULL, "\"%s\" found", \
		      (needle))

/* help, a usage error, an unknown command and the state lines speak
 * Chinese under zh_CN (the man page stays English), and English
 * byte for byte under C.UTF-8. */
START_TEST(test_messages_zh)
{
	struct sbuf out = SBUF_INIT;

	if (check_lang_zh(1) < 0) {
		printf("SKIP: test_messages_zh: no NLS or no UTF-8 locale\n");
		return;
	}
	cmd_help_all(&out);
	HAS_LONG(sbuf_str(&out), "套接字：\n");
	HAS_LONG(sbuf_str(&out), "  listen FD [BACKLOG]            让套接字被动打开");
	HAS_LONG(sbuf_str(&out), "输入 help COMMAND 查看详情。");
	sbuf_reset(&out);
	cmd_help_one(cmd_lookup("listen", &err), &out);
	HAS_LONG(sbuf_str(&out), "用法：listen FD [BACKLOG]\n");
	HAS_LONG(sbuf_str(&out), "  把 FD 标记为监听套接字。");
	ck_assert_str_eq(_(diag_state_help(IPPROTO_TCP, TCP_LISTEN)),
			 "等待连接；内核完成三次握手，并把连接放入全连接队列等待 accept()");
	sbuf_reset(&out);
	cmd_help_man(&out);
	HAS_LONG(sbuf_str(&out), ".SS Sockets\n");
	HAS_LONG(sbuf_str(&out), "make a socket passive");
	HASNT_LONG(sbuf_str(&out), "套接字");
	sbuf_reset(&out);
	add_sock("u", SOCK_DGRAM);
	PARSE_ERR(cmd_lookup("bind", &err), "bind u 127.0.0.1 1 x",
		  "bind：参数太多\n用法：bind FD ADDR PORT [--no-htons]");
	PARSE_ERR(cmd_lookup("listen", &err), "listen u x",
		  "backlog 'x' 无效：应为 -1 到 2147483647 之间的整数");
	sbuf_reset(&err);
	ck_assert_ptr_null(cmd_lookup("nosuch", &err));
	ck_assert_str_eq(sbuf_str(&err), "未知命令 'nosuch'（输入 help 查看命令列表）");
	queue_lines(&out);
	HAS_LONG(sbuf_str(&out), " c  ESTABLISHED  127.0.0.1:");
	HAS_LONG(sbuf_str(&out), "  （新）\n");
	HAS_LONG(sbuf_str(&out), "  （lfd 的全连接队列）  ESTABLISHED  ");
	HAS_LONG(sbuf_str(&out), "  在 lfd 的全连接队列中等待：accept() 之前没有 fd\n");
	HAS_LONG(sbuf_str(&out), "  backlog 4，全连接队列 0 -> 1\n");
	ck_assert_int_eq(check_lang_zh(0), 0);
	sbuf_reset(&out);
	cmd_help_all(&out);
	HAS_LONG(sbuf_str(&out), "Sockets:\n");
	HAS_LONG(sbuf_str(&out), "  listen FD [BACKLOG]            make a socket passive");
	sbuf_reset(&err);
	cmd_lookup("nosuch", &err);
	ck_assert_str_eq(sbuf_str(&err), "unknown command 'nosuch' (type help for the list)");
	sbuf_free(&out);
}
END_TEST

/* The state lines in English, as the transcripts show them. */
START_TEST(test_state_lines_en)
{
	struct sbuf out = SBUF_INIT;

	check_lang_zh(0);
	queue_lines(&out);
	HAS(sbuf_str(&out), "  (lfd's accept queue)  ESTABLISHED  ");
	HAS(sbuf_str(&out), "  waits in lfd's accept queue: no fd until accept()\n");
	HAS(sbuf_str(&out), "  (new)\n");
	HAS(sbuf_str(&out), "  backlog 4, accept queue 0 -> 1\n");
	sbuf_free(&out);
}
END_TEST

/* The display columns before needle's line's first occurrence of needle
 * in text (CJK characters take two): where a table's column starts. */
static size_t column_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle), *bol;
	char *prefix;
	size_t w;

	ck_assert_msg(at != NULL, "\"%s\" missing", needle);
	for (bol = at; bol > text && bol[-1] != '\n'; bol--)
		;
	prefix = strndup(bol, (size_t)(at - bol));
	w = i18n_width(prefix);
	free(prefix);
	return w;
}

/* The state table pads by display width: its Chinese titles stay over
 * their columns. */
START_TEST(test_state_table_zh)
{
	static const char *const lines[] = {
		"lfd = socket inet stream", "bind lfd 127.0.0.1 0 => 0",
		"listen lfd 1", "state",
	};
	struct session z;
	struct exec_result res;
	char *buf = NULL;
	size_t size = 0, i;

	if (check_lang_zh(1) < 0) {
		printf("SKIP: test_state_table_zh: no NLS or no UTF-8 locale\n");
		return;
	}
	session_init(&z, open_memstream(&buf, &size));
	z.opt.show_state = 0;
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		exec_result_init(&res);
		cmd_execute(&z, lines[i], strlen(lines[i]), &res);
		ck_assert_int_eq(res.status, EXEC_OK);
		exec_result_free(&res);
	}
	session_free(&z);
	fclose(z.out);
	check_lang_zh(0);
	HAS_LONG(buf, "fd  名字  协议  状态    本地地址");
	HAS_LONG(buf, " 符合预期（=> 0）\n");
	ck_assert_uint_eq(column_of(buf, "协议"), column_of(buf, "tcp"));
	ck_assert_uint_eq(column_of(buf, "状态"), column_of(buf, "LISTEN"));
	ck_assert_uint_eq(column_of(buf, "说明"),
			  column_of(buf, "Recv-Q：0 个等待 accept()"));
	free(buf);
}
END_TEST

Suite *cmd_suite(void)
{
	Suite *su = suite_create("cmd");
	TCase *tc = tcase_create("args");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fd);
	tcase_add_test(tc, test_fd_closed);
	tcase_add_test(tc, test_addr);
	tcase_add_test(tc, test_addr_name);
	tcase_add_test(tc, test_const);
	tcase_add_test(tc, test_int);
	tcase_add_test(tc, test_data_word);
	tcase_add_test(tc, test_optional);
	tcase_add_test(tc, test_repeat);
	tcase_add_test(tc, test_subs);
	tcase_add_test(tc, test_table_declared);
	tcase_add_test(tc, test_generated_usage);
	tcase_add_test(tc, test_table_completion);
	tcase_add_test(tc, test_messages_zh);
	tcase_add_test(tc, test_state_lines_en);
	tcase_add_test(tc, test_state_table_zh);
	suite_add_tcase(su, tc);
	return su;
}
