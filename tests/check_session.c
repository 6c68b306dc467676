/* check_session.c - unit tests of the descriptor and name table. */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd.h"
#include "session.h"
#include "suites.h"
#include "tsession.h"

START_TEST(test_names_and_refusals)
{
	struct session s;
	struct sbuf err = SBUF_INIT;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char num[16];

	ck_assert_int_ge(fd, 0);
	session_init(&s, stdout);
	session_add(&s, fd, "lfd", AF_INET, SOCK_STREAM, 0);
	ck_assert_ptr_eq(session_resolve(&s, "lfd", &err), &s.socks[0]);
	snprintf(num, sizeof(num), "%d", fd);
	ck_assert_ptr_eq(session_resolve(&s, num, &err), &s.socks[0]);
	ck_assert_ptr_null(session_resolve(&s, "0", &err));
	ck_assert_ptr_nonnull(strstr(err.s, "standard input"));
	sbuf_reset(&err);
	ck_assert_ptr_null(session_resolve(&s, "2", &err));
	ck_assert_ptr_nonnull(strstr(err.s, "standard error"));
	sbuf_reset(&err);
	ck_assert_ptr_null(session_resolve(&s, "999", &err));
	ck_assert_ptr_nonnull(strstr(err.s, "not a socket this session created"));
	sbuf_reset(&err);
	ck_assert_ptr_null(session_resolve(&s, "nope", &err));
	ck_assert_ptr_nonnull(strstr(err.s, "no socket is called 'nope'"));
	ck_assert_ptr_nonnull(strstr(err.s, "lfd"));
	sbuf_reset(&err);
	ck_assert_ptr_null(session_resolve(&s, "-3", &err));
	session_free(&s);
	/* session_free closed it */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_closed_names_remembered)
{
	struct session s;
	struct sbuf err = SBUF_INIT;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sock *sk;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	session_init(&s, stdout);
	sk = session_sock(&s, session_add(&s, fd, "t", AF_INET, SOCK_STREAM,
					   0));
	ck_assert_uint_eq(sk->local_len, sizeof(sin));
	close(fd);
	session_closed(&s, sk->id);
	sk = session_find_name(&s, "t");
	ck_assert_ptr_nonnull(sk);
	ck_assert_int_eq(sk->fd, -1);
	ck_assert_uint_eq(sk->local_len, sizeof(sin));
	ck_assert_ptr_null(session_resolve(&s, "t", &err));
	ck_assert_ptr_nonnull(strstr(err.s, "t is closed"));
	/* A new socket taking the name drops the closed one. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	session_add(&s, fd, "t", AF_INET, SOCK_DGRAM, 0);
	ck_assert_uint_eq(s.nsocks, 1);
	ck_assert_int_eq(s.socks[0].fd, fd);
	session_free(&s);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_name_moves_and_unnamed_close)
{
	struct session s;
	int a = socket(AF_INET, SOCK_STREAM, 0);
	int b = socket(AF_INET, SOCK_STREAM, 0);
	struct sock *sk;

	session_init(&s, stdout);
	session_add(&s, a, "c", AF_INET, SOCK_STREAM, 0);
	session_add(&s, b, "c", AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(session_find_name(&s, "c")->fd, b);
	sk = session_find_fd(&s, a);
	ck_assert_str_eq(sk->name, "");
	close(a);
	session_closed(&s, sk->id);
	ck_assert_ptr_null(session_find_fd(&s, a));
	ck_assert_uint_eq(s.nsocks, 1);
	session_free(&s);
}
END_TEST

/* The table lists the type the kernel made, not the one asked for:
 * AF_UNIX makes SOCK_RAW a SOCK_DGRAM (found by the soak test). */
START_TEST(test_type_from_kernel)
{
	static const char *const lines[] = {
		"r = socket unix SOCK_RAW", "a b = socketpair unix SOCK_RAW",
		"t = socket inet stream|SOCK_NONBLOCK",
	};
	static const char *const names[] = { "r", "a", "b" };
	struct exec_result res;
	struct session s;
	FILE *out = fopen("/dev/null", "w");
	size_t i;

	ck_assert_ptr_nonnull(out);
	session_init(&s, out);
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		exec_result_init(&res);
		ck_assert_int_eq(cmd_execute(&s, lines[i], strlen(lines[i]),
					     &res), EXEC_OK);
		exec_result_free(&res);
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		ck_assert_int_eq(session_find_name(&s, names[i])->type,
				 SOCK_DGRAM);
	ck_assert_int_eq(session_find_name(&s, "t")->type, SOCK_STREAM);
	session_free(&s);
	fclose(out);
}
END_TEST

/* A socket socket() has just made is entered with the addresses the
 * kernel would give (session_add asks getsockname and getpeername):
 * the family's, no port or path, no peer; raw ones are asked. */
START_TEST(test_new_socket_addresses)
{
	static const int kinds[][3] = {
		{ AF_INET, SOCK_STREAM, 0 }, { AF_INET, SOCK_DGRAM, 0 },
		{ AF_INET6, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET6, SOCK_DGRAM, 0 }, { AF_UNIX, SOCK_STREAM, 0 },
		{ AF_UNIX, SOCK_DGRAM, 0 },
		{ AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0 },
	};
	struct session s;
	size_t i;

	session_init(&s, stdout);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		int a = socket(kinds[i][0], kinds[i][1], kinds[i][2]);
		int b = socket(kinds[i][0], kinds[i][1], kinds[i][2]);
		const struct sock *new, *asked;

		ck_assert_int_ge(a, 0);
		ck_assert_int_ge(b, 0);
		session_add_new(&s, a, NULL, kinds[i][0], kinds[i][1] & 0xf,
				kinds[i][2]);
		session_add(&s, b, NULL, kinds[i][0], kinds[i][1] & 0xf,
			    kinds[i][2]);
		new = session_find_fd(&s, a);
		asked = session_find_fd(&s, b);
		ck_assert_int_eq(new->local_len, asked->local_len);
		ck_assert_int_eq(new->peer_len, asked->peer_len);
		ck_assert_int_eq(memcmp(&new->local, &asked->local,
					new->local_len), 0);
		ck_assert_uint_eq(new->ident.inode != 0, 1);
	}
	session_free(&s);
}
END_TEST

/* A handle names the same socket however the table grows and whatever
 * names are reused; a forgotten socket's handle finds nothing. */
START_TEST(test_handles_stable)
{
	struct session s;
	sock_id first, gone, id[40];
	int i, fd;

	session_init(&s, stdout);
	first = session_add(&s, socket(AF_INET, SOCK_STREAM, 0), "lfd",
			    AF_INET, SOCK_STREAM, 0);
	gone = session_add(&s, socket(AF_INET, SOCK_DGRAM, 0), NULL, AF_INET,
			   SOCK_DGRAM, 0);
	fd = session_sock(&s, gone)->fd;
	close(fd);
	session_closed(&s, gone);
	ck_assert_ptr_null(session_sock(&s, gone));
	ck_assert_ptr_null(session_sock(&s, 0));
	for (i = 0; i < 40; i++) {
		id[i] = session_add(&s, socket(AF_INET, SOCK_STREAM, 0),
				    i % 2 ? "x" : NULL, AF_INET, SOCK_STREAM,
				    0);
		ck_assert_uint_ne(id[i], gone);	/* never given out twice */
		ck_assert_str_eq(session_sock(&s, first)->name, "lfd");
	}
	for (i = 0; i < 40; i++)
		ck_assert_int_ge(session_sock(&s, id[i])->fd, 0);
	ck_assert_str_eq(session_find_name(&s, "x")->name, "x");
	ck_assert_uint_eq(session_find_name(&s, "x")->id, id[39]);
	session_free(&s);
}
END_TEST

/* Run lines in a fresh session; returns the transcript (malloc'd). */
static char *run_lines(const char *const *lines, size_t n)
{
	struct tsession t;
	enum exec_status st;
	char *out;
	size_t i;

	tsession_open(&t);
	t.s.opt.show_state = 0;
	for (i = 0; i < n; i++) {
		tsession_run(&t, lines[i], &st);
		ck_assert_int_eq(st, EXEC_OK);
	}
	out = xstrdup(t.buf ? t.buf : "");
	tsession_close(&t);
	return out;
}

/* Regression: accept kept a pointer to the listener across adding the
 * new descriptor, so the 9th socket (the table growing) printed garbage,
 * and a reused closed name shifted the table under it. */
START_TEST(test_accept_at_table_growth)
{
	static const char *const setup[] = {
		"lfd = socket inet stream", "bind lfd 127.0.0.1 0",
		"listen lfd 64",
	};
	const char *lines[64];
	char conn[48][32];
	size_t n = 0, i, k = 0;
	const char *p;
	char *out;

	for (i = 0; i < 3; i++)
		lines[n++] = setup[i];
	/* lfd and 3 clients make 7 with the accepted ones: the accept of the
	 * 4th client is the 9th entry, where the table grows; then 17. */
	for (i = 0; i < 8; i++) {
		snprintf(conn[3 * i], 32, "c%zu = socket inet stream", i);
		snprintf(conn[3 * i + 1], 32, "connect c%zu lfd", i);
		snprintf(conn[3 * i + 2], 32, "a%zu = accept lfd", i);
		lines[n++] = conn[3 * i];
		lines[n++] = conn[3 * i + 1];
		lines[n++] = conn[3 * i + 2];
	}
	out = run_lines(lines, n);
	ck_assert_ptr_null(strstr(out, "error"));
	for (p = out; (p = strstr(p, "lfd still listens")) != NULL; p++)
		k++;
	ck_assert_uint_eq(k, 8);
	free(out);
}
END_TEST

START_TEST(test_accept_after_name_reuse)
{
	static const char *const lines[] = {
		"x = socket inet stream", "close x",
		"lfd = socket inet stream", "bind lfd 127.0.0.1 0",
		"listen lfd 8", "c = socket inet stream", "connect c lfd",
		"x = accept lfd",
	};
	char *out = run_lines(lines, ARRAY_SIZE(lines));

	ck_assert_msg(strstr(out, "lfd still listens") != NULL, "%s", out);
	ck_assert_ptr_null(strstr(out, "c still listens"));
	free(out);
}
END_TEST

/* The C shown says which descriptor each name of a socketpair is. */
START_TEST(test_socketpair_names_in_c)
{
	static const char *const lines[] = { "a b = socketpair unix stream" };
	char *out = run_lines(lines, ARRAY_SIZE(lines));

	ck_assert_msg(strstr(out, "int a = sv[0], b = sv[1];\n") != NULL, "%s",
		      out);
	free(out);
}
END_TEST

static void fake_history(struct sbuf *out)
{
	sbuf_add(out, "    1  socket inet stream");
}

/* history lists what the driver hands the session, and nothing when the
 * driver keeps none: the command does not reach into Readline. */
START_TEST(test_history_from_driver)
{
	struct tsession t;

	tsession_open(&t);
	t.s.opt.interactive = 1;
	ck_assert_str_eq(tsession_run(&t, "history", NULL),
			 "(no history when replaying a script)\n");
	t.s.list_history = fake_history;
	ck_assert_str_eq(tsession_run(&t, "history", NULL),
			 "    1  socket inet stream\n");
	tsession_close(&t);
}
END_TEST

/* A wrong name among a thousand sockets is one short line, not all of
 * them. */
START_TEST(test_resolve_error_short)
{
	struct session s;
	struct sbuf err = SBUF_INIT;
	int i;

	session_init(&s, stdout);
	for (i = 0; i < 40; i++)
		session_add(&s, socket(AF_INET, SOCK_DGRAM, 0), NULL, AF_INET,
			    SOCK_DGRAM, 0);
	ck_assert_ptr_null(session_resolve(&s, "nope", &err));
	ck_assert_msg(strstr(err.s, " and 28 more: fds lists them)") != NULL,
		      "%s", err.s);
	ck_assert_uint_lt(err.len, 200);
	session_free(&s);
	sbuf_free(&err);
}
END_TEST


/* The sockets with local (peer: 1) port port, counted. */
static int on_port(struct session *s, unsigned short port, int peer,
		   sock_id want, int *found)
{
	unsigned int cur = 0;
	sock_id id;
	int n = 0;

	*found = 0;
	while ((id = session_port_next(s, port, peer, &cur)) != 0) {
		n++;
		*found |= id == want;
	}
	return n;
}

/* The port index follows every change of the table: bind, connect,
 * accept, a name moved, a closed name forgotten; and a forgotten
 * connection is remembered as a ghost. */
START_TEST(test_port_index)
{
	struct session s;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c, f, found;
	unsigned short lport, cport;
	sock_id lid, cid, fid;

	session_init(&s, stdout);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(l, 4), 0);
	lid = session_add(&s, l, "lfd", AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(getsockname(l, (struct sockaddr *)&a, &len), 0);
	lport = ntohs(a.sin_port);
	ck_assert_int_eq(on_port(&s, lport, 0, lid, &found), 1);
	ck_assert(found);
	/* Its identity was taken once, from how it was made. */
	ck_assert_uint_ne(session_sock(&s, lid)->ident.inode, 0);
	ck_assert_int_eq(session_sock(&s, lid)->ident.protocol, IPPROTO_TCP);

	c = socket(AF_INET, SOCK_STREAM, 0);
	cid = session_add(&s, c, "c", AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	session_refresh(&s, session_sock(&s, cid));
	cport = session_key(&s, 1)->lport;
	ck_assert_int_ne(cport, 0);
	ck_assert_int_eq(on_port(&s, lport, 1, cid, &found), 1);
	ck_assert(found);
	f = accept(l, NULL, NULL);
	fid = session_add(&s, f, "cfd", AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(on_port(&s, lport, 0, fid, &found), 2);
	ck_assert(found);
	ck_assert_int_eq(on_port(&s, cport, 1, fid, &found), 1);
	ck_assert(found);

	/* cfd closed and its name given to a new socket: forgotten, a
	 * ghost, and out of the index. */
	ck_assert_int_eq(close(f), 0);
	session_closed(&s, fid);
	ck_assert_int_eq(on_port(&s, lport, 0, fid, &found), 2);
	ck_assert_uint_eq(s.nghosts, 0);
	session_add(&s, socket(AF_INET, SOCK_DGRAM, 0), "cfd", AF_INET,
		    SOCK_DGRAM, 0);
	ck_assert_ptr_null(session_sock(&s, fid));
	ck_assert_int_eq(on_port(&s, lport, 0, fid, &found), 1);
	ck_assert(!found);
	ck_assert_uint_eq(s.nghosts, 1);
	ck_assert_int_eq(ntohs(((struct sockaddr_in *)&s.ghosts[0].local)
				       ->sin_port), lport);
	session_ghost_drop(&s, 0);
	ck_assert_uint_eq(s.nghosts, 0);
	session_free(&s);
}
END_TEST

Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names_and_refusals);
	tcase_add_test(tc, test_port_index);
	tcase_add_test(tc, test_closed_names_remembered);
	tcase_add_test(tc, test_name_moves_and_unnamed_close);
	tcase_add_test(tc, test_handles_stable);
	tcase_add_test(tc, test_accept_at_table_growth);
	tcase_add_test(tc, test_accept_after_name_reuse);
	tcase_add_test(tc, test_type_from_kernel);
	tcase_add_test(tc, test_new_socket_addresses);
	tcase_add_test(tc, test_socketpair_names_in_c);
	tcase_add_test(tc, test_resolve_error_short);
	tcase_add_test(tc, test_history_from_driver);
	suite_add_tcase(s, tc);
	return s;
}
