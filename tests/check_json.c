/* check_json.c - unit tests of --format=json (show-json.c): a
 * representative session replayed with the JSON renderer, each object
 * parsed with json-c and its fields checked. */
#include "config.h"

#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "script.h"
#include "session.h"
#include "suites.h"
#include "tsession.h"

static struct tsession t;
static json_object *last;

static void setup(void)
{
	tsession_open(&t);
	t.s.opt.show_state = 1;
	t.s.opt.json = 1;
}

static void teardown(void)
{
	json_object_put(last);
	last = NULL;
	tsession_close(&t);
}

/* Parse text, which must be exactly one JSON object on one line. */
static json_object *parse_one(const char *text)
{
	const char *nl = strchr(text, '\n');
	json_object *o;

	ck_assert_msg(nl && nl[1] == '\0', "not one line:\n%s", text);
	o = json_tokener_parse(text);
	ck_assert_msg(o && json_object_is_type(o, json_type_object),
		      "not a JSON object: %s", text);
	return o;
}

/* Run line with status want; return its object (valid until the next
 * call). */
static json_object *run(const char *line, enum exec_status want)
{
	enum exec_status st;
	const char *out = tsession_run(&t, line, &st);

	ck_assert_msg(st == want, "%s: status %d, want %d:\n%s", line, st,
		      want, out);
	json_object_put(last);
	last = parse_one(out);
	return last;
}

/* The member at a path of keys and array indexes: "args.1.value.port". */
static json_object *at(json_object *o, const char *path)
{
	char key[64], *end;
	const char *p = path;
	size_t n;

	while (*p) {
		n = strcspn(p, ".");
		ck_assert_uint_lt(n, sizeof(key));
		memcpy(key, p, n);
		key[n] = '\0';
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, strtoul(key, &end,
								  10));
		else if (!json_object_object_get_ex(o, key, &o))
			ck_abort_msg("no member %s (of %s)", key, path);
		p += n + (p[n] == '.');
	}
	return o;
}

static const char *str(json_object *o, const char *path)
{
	json_object *v = at(o, path);

	ck_assert_msg(json_object_is_type(v, json_type_string),
		      "%s is not a string", path);
	return json_object_get_string(v);
}

static long num(json_object *o, const char *path)
{
	json_object *v = at(o, path);

	ck_assert_msg(json_object_is_type(v, json_type_int),
		      "%s is not a number", path);
	return (long)json_object_get_int64(v);
}

#define STR(o, path, want) ck_assert_str_eq(str(o, path), want)
#define NUM(o, path, want) ck_assert_int_eq(num(o, path), want)
#define IS_NULL(o, path) ck_assert_msg(at(o, path) == NULL, "%s not null", \
				       path)
#define IS_TRUE(o, path, want) \
	ck_assert_int_eq(json_object_get_boolean(at(o, path)), want)

/* The port lfd is bound to, from its row in state_after. */
static long bound_port(json_object *o)
{
	const char *local = str(o, "state_after.0.local");

	return strtol(strrchr(local, ':') + 1, NULL, 10);
}

static void check_socket(void)
{
	json_object *o = run("lfd = socket AF_INET SOCK_STREAM 0", EXEC_OK);

	STR(o, "command", "socket");
	STR(o, "names.0", "lfd");
	STR(o, "call", "socket");
	STR(o, "args.0.kind", "const");
	STR(o, "args.0.value", "AF_INET");
	NUM(o, "args.0.number", 2);
	STR(o, "args.1.value", "SOCK_STREAM");
	STR(o, "c", "int lfd = socket(AF_INET, SOCK_STREAM, 0);");
	ck_assert_int_ge(num(o, "ret"), 3);
	IS_NULL(o, "errno");
	IS_NULL(o, "explanation");
	IS_NULL(o, "expect");
	STR(o, "state_after.0.name", "lfd");
	STR(o, "state_after.0.state", "CLOSED");
	STR(o, "status", "ok");
}

START_TEST(test_session)
{
	json_object *o;
	long port;

	check_socket();
	o = run("bind lfd 127.0.0.1 0 => 0", EXEC_OK);
	STR(o, "args.0.kind", "fd");
	NUM(o, "args.0.value.fd", num(o, "state_after.0.fd"));
	STR(o, "args.0.value.name", "lfd");
	STR(o, "args.1.kind", "addr");
	STR(o, "args.1.value.family", "AF_INET");
	STR(o, "args.1.value.addr", "127.0.0.1");
	NUM(o, "args.1.value.port", 0);
	NUM(o, "ret", 0);
	STR(o, "expect.text", "0");
	IS_TRUE(o, "expect.ok", 1);
	STR(o, "state_before.0.local", "0.0.0.0:0");
	port = bound_port(o);
	ck_assert_int_gt(port, 0);
	/* What the kernel did, as data and in words. */
	STR(o, "facts.0.name", "port_picked");
	STR(o, "facts.0.params.0.name", "lfd");
	NUM(o, "facts.0.params.1", port);
	ck_assert_ptr_nonnull(strstr(str(o, "facts.0.text"), "kernel picked"));
	ck_assert_ptr_nonnull(strstr(str(o, "output.0"), "kernel picked"));
	o = run("listen lfd 8", EXEC_OK);
	STR(o, "args.1.kind", "int");
	NUM(o, "args.1.value", 8);
	STR(o, "state_before.0.state", "CLOSED");
	STR(o, "state_after.0.state", "LISTEN");
	STR(o, "state_after.0.proto", "tcp");
	run("c = socket inet stream", EXEC_OK);
	o = run("connect c lfd => 0", EXEC_OK);
	NUM(o, "args.1.value.port", port);
	STR(o, "args.1.value.addr", "127.0.0.1");
	o = run("cfd = accept lfd", EXEC_OK);
	STR(o, "names.0", "cfd");
	STR(o, "call", "accept");
	ck_assert_int_ge(num(o, "ret"), 3);
}
END_TEST

/* draw: the picture's data (who waits in which queue), and its lines. */
START_TEST(test_draw)
{
	json_object *o;

	check_socket();
	run("bind lfd 127.0.0.1 0", EXEC_OK);
	run("listen lfd 0", EXEC_OK);
	o = run("draw lfd", EXEC_OK);
	STR(o, "command", "draw");
	STR(o, "draw.kind", "listener");
	STR(o, "draw.socket.name", "lfd");
	STR(o, "draw.socket.state", "LISTEN");
	IS_TRUE(o, "draw.full", 0);
	ck_assert_int_eq(json_object_array_length(at(o, "draw.accept_queue")),
			 0);
	ck_assert_ptr_nonnull(strstr(str(o, "output.1"), "SYN queue"));
	run("c = socket inet stream", EXEC_OK);
	run("connect c lfd => 0", EXEC_OK);
	run("expect queue lfd 1", EXEC_OK);
	o = run("draw lfd", EXEC_OK);
	IS_TRUE(o, "draw.full", 1);
	STR(o, "draw.accept_queue.0.peer_label", "c");
	STR(o, "draw.accept_queue.0.kind", "kernel");
	STR(o, "draw.accept_queue.0.state", "ESTABLISHED");
	ck_assert_int_eq(json_object_array_length(at(o, "draw.syn_queue")), 0);
	o = run("draw c", EXEC_OK);
	STR(o, "draw.kind", "connection");
	STR(o, "draw.role", "client");
	STR(o, "draw.peer_role", "server");
	STR(o, "draw.peer.kind", "kernel");
	o = run("draw 0", EXEC_ERROR);
	STR(o, "status", "error");
}
END_TEST

/* The accept queue in the order accept() takes it: the kernel's age of
 * each connection, not the order the clients were made. */
START_TEST(test_draw_queue_order)
{
	json_object *o;

	check_socket();
	run("bind lfd 127.0.0.1 0", EXEC_OK);
	run("listen lfd 8", EXEC_OK);
	run("late = socket inet stream", EXEC_OK);
	run("early = socket inet stream", EXEC_OK);
	run("connect early lfd => 0", EXEC_OK);
	/* Longer than a tick of the kernel's clock (1 to 10 ms). */
	run("sleep 50", EXEC_OK);
	run("connect late lfd => 0", EXEC_OK);
	run("expect queue lfd 2", EXEC_OK);
	o = run("draw lfd", EXEC_OK);
	STR(o, "draw.accept_queue.0.peer_label", "early");
	STR(o, "draw.accept_queue.1.peer_label", "late");
	ck_assert_ptr_nonnull(strstr(str(o, "output.2"), "-> accept() -> early"));
}
END_TEST

/* Bytes: as text, and in hex too when they are not UTF-8. */
START_TEST(test_data)
{
	json_object *o;

	run("a b = socketpair AF_UNIX SOCK_STREAM 0", EXEC_OK);
	o = run("send a \"hi\\xff\" => 3", EXEC_OK);
	STR(o, "args.1.kind", "data");
	STR(o, "args.1.hex", "6869ff");
	STR(o, "args.1.value", "hi\xef\xbf\xbd");
	IS_NULL(o, "data");
	NUM(o, "state_after.1.recv_q", 3);
	o = run("recv b 10 => \"hi\\xff\"", EXEC_OK);
	STR(o, "data", "hi\xef\xbf\xbd");
	STR(o, "data_hex", "6869ff");
	run("send a \"nihao\\n\" => 6", EXEC_OK);
	o = run("recv b 10", EXEC_OK);
	STR(o, "data", "nihao\n");
	ck_assert(!json_object_object_get_ex(o, "data_hex", NULL));
	STR(o, "output.0", "  \"nihao\\n\"  (6 bytes)");
}
END_TEST

/* Byte order: the value and its bytes are facts, with their words. */
START_TEST(test_byteorder)
{
	json_object *o = run("htons 8001 => 16671", EXEC_OK);

	STR(o, "facts.0.name", "conv");
	NUM(o, "facts.0.params.1", 8001);
	ck_assert_ptr_nonnull(strstr(str(o, "facts.0.text"), "41 1f"));
	ck_assert_ptr_nonnull(strstr(str(o, "output.0"), "8001"));
	o = run("inet_pton inet 192.168.10.128 => 1", EXEC_OK);
	STR(o, "facts.0.name", "addr_bytes");
	STR(o, "facts.0.params.0.addr", "192.168.10.128");
}
END_TEST

/* A replayed sleep longer than the time-out says so, as a fact. */
START_TEST(test_sleep)
{
	json_object *o;

	run("set timeout 1", EXEC_OK);
	o = run("sleep 1000", EXEC_OK);
	STR(o, "facts.0.name", "sleep_gave_up");
	NUM(o, "facts.0.params.0", 1);
	ck_assert_ptr_nonnull(strstr(str(o, "output.0"), "gave up waiting after 1 ms"));
}
END_TEST

/* A failing call: errno, its text and the teaching explanation. */
START_TEST(test_failed_call)
{
	json_object *o;

	check_socket();
	run("bind lfd 127.0.0.1 0", EXEC_OK);
	o = run("bind lfd 127.0.0.1 0 => -1 EINVAL", EXEC_OK);
	NUM(o, "ret", -1);
	STR(o, "errno", "EINVAL");
	STR(o, "error_text", strerror(EINVAL));
	ck_assert_ptr_nonnull(strstr(str(o, "explanation"), "already bound"));
	STR(o, "expect.expected", "-1 EINVAL");
	STR(o, "expect.got", "-1 EINVAL");
	STR(o, "status", "ok");
}
END_TEST

/* An expectation that fails: status mismatch, what was wanted and got. */
START_TEST(test_mismatch)
{
	json_object *o;

	run("a b = socketpair AF_UNIX SOCK_STREAM 0", EXEC_OK);
	o = run("send a \"x\" => 5", EXEC_MISMATCH);
	STR(o, "status", "mismatch");
	IS_TRUE(o, "expect.ok", 0);
	STR(o, "expect.expected", "5");
	STR(o, "expect.got", "1");
	o = run("expect state a LISTEN", EXEC_MISMATCH);
	STR(o, "command", "expect");
	STR(o, "expect.text", "expect state a LISTEN");
	STR(o, "expect.got", "state ESTABLISHED");
	o = run("expect state a ESTABLISHED", EXEC_OK);
	IS_TRUE(o, "expect.ok", 1);
	STR(o, "facts.0.name", "expect_state");
	STR(o, "facts.0.params.0.name", "a");
	STR(o, "facts.0.params.1.bytes", "ESTABLISHED");
	STR(o, "facts.0.text", "  a is ESTABLISHED, as expected");
}
END_TEST

/* Lines that cannot be run: one error object each, with the message;
 * blank lines and comments: nothing. */
START_TEST(test_errors)
{
	enum exec_status st;
	json_object *o;

	check_socket();
	o = run("listen lfd 1 2 3", EXEC_ERROR);
	STR(o, "command", "listen");
	STR(o, "status", "error");
	ck_assert_ptr_nonnull(strstr(str(o, "message"), "too many arguments"));
	o = run("nosuchcmd 1", EXEC_ERROR);
	IS_NULL(o, "command");
	STR(o, "input", "nosuchcmd 1");
	o = run("send \"unterminated", EXEC_ERROR);
	STR(o, "status", "error");
	o = run("bind nosuch 127.0.0.1 0", EXEC_ERROR);
	STR(o, "command", "bind");
	ck_assert_str_eq(tsession_run(&t, "  # a comment", &st), "");
	ck_assert_int_eq(st, EXEC_EMPTY);
}
END_TEST

/* The replayer: no echo nor narration, the file's line numbers. */
START_TEST(test_script_lines)
{
	static const char text[] = "# narration\n\nx = socket inet dgram\n"
				   "bind x 127.0.0.1 0 => 0\n";
	struct script_opts opts = { 0, 0, 0 };
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	int fd, nexpect = 0;
	json_object *o;
	char *nl;

	snprintf(path, sizeof(path), "%s/check_json.XXXXXX",
		 tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1),
			 (long)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(script_run(&t.s, path, &opts, &nexpect), 0);
	unlink(path);
	fflush(t.s.out);
	ck_assert_int_eq(nexpect, 1);
	nl = strchr(t.buf, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	o = json_tokener_parse(t.buf);
	NUM(o, "line", 3);
	STR(o, "command", "socket");
	json_object_put(o);
	last = parse_one(nl + 1);
	NUM(last, "line", 4);
	STR(last, "args.1.value.addr", "127.0.0.1");
}
END_TEST

Suite *json_suite(void)
{
	Suite *su = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_session);
	tcase_add_test(tc, test_data);
	tcase_add_test(tc, test_draw);
	tcase_add_test(tc, test_draw_queue_order);
	tcase_add_test(tc, test_byteorder);
	tcase_add_test(tc, test_sleep);
	tcase_add_test(tc, test_failed_call);
	tcase_add_test(tc, test_mismatch);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_script_lines);
	suite_add_tcase(su, tc);
	return su;
}
