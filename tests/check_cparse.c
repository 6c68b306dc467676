/* check_cparse.c - unit tests of the C subset: its parser (cparse.c) and
 * running it (cexec.c), with C and commands sharing names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cexec.h"
#include "cparse.h"
#include "sig.h"
#include "suites.h"
#include "tsession.h"

static struct cprog prog;
static struct sbuf err;

static enum cparse_status parse(const char *text)
{
	cprog_free(&prog);
	sbuf_free(&err);
	return cparse(text, strlen(text), &prog, &err);
}

static void teardown(void)
{
	cprog_free(&prog);
	sbuf_free(&err);
}

START_TEST(test_declarations)
{
	const struct cstmt *s;

	ck_assert_int_eq(parse("struct sockaddr_in serAddr, cliAddr;"),
			 CPARSE_OK);
	ck_assert_int_eq(prog.n, 1);
	s = prog.list[0];
	ck_assert_int_eq(s->kind, CS_DECL);
	ck_assert_int_eq(s->ndecls, 2);
	ck_assert_str_eq(s->decls[1].name, "cliAddr");
	ck_assert_int_eq(s->decls[0].type.base, CT_SA_IN);
	ck_assert_str_eq(s->decls[0].type.spelled, "struct sockaddr_in");
	ck_assert_int_eq(parse("char buf[1024]; unsigned long n = 5;"),
			 CPARSE_OK);
	ck_assert_int_eq(prog.n, 2);
	ck_assert_int_eq(prog.list[0]->decls[0].type.arr, 1024);
	ck_assert_int_eq(prog.list[1]->decls[0].type.base, CT_ULONG);
	ck_assert_int_eq(parse("socklen_t len = sizeof(struct sockaddr_in);"),
			 CPARSE_OK);
	ck_assert_int_eq(prog.list[0]->decls[0].init->kind, CE_SIZEOF_TYPE);
}
END_TEST

START_TEST(test_expressions)
{
	const struct cexpr *e;

	ck_assert_int_eq(parse("bind(lfd, (struct sockaddr *)&a, sizeof(a));"),
			 CPARSE_OK);
	e = prog.list[0]->e;
	ck_assert_int_eq(e->kind, CE_CALL);
	ck_assert_str_eq(e->str, "bind");
	ck_assert_int_eq(e->nargs, 3);
	ck_assert_int_eq(e->args[1]->kind, CE_CAST);
	ck_assert_int_eq(e->args[1]->type.ptr, 1);
	ck_assert_int_eq(e->args[1]->a->kind, CE_UNARY);
	ck_assert_int_eq(e->args[2]->kind, CE_SIZEOF_EXPR);
	ck_assert_int_eq(parse("a.sin_addr.s_addr = htonl(INADDR_ANY);"),
			 CPARSE_OK);
	e = prog.list[0]->e;
	ck_assert_int_eq(e->kind, CE_ASSIGN);
	ck_assert_int_eq(e->a->kind, CE_MEMBER);
	ck_assert_str_eq(e->a->str, "s_addr");
	ck_assert_str_eq(e->a->a->str, "sin_addr");
	/* precedence: 1 + 2 * 3 < 7 && !x */
	ck_assert_int_eq(parse("1 + 2 * 3 < 7 && !x;"), CPARSE_OK);
	e = prog.list[0]->e;
	ck_assert_int_eq(e->op, OP_AND);
	ck_assert_int_eq(e->a->op, '<');
	ck_assert_int_eq(e->a->a->op, '+');
	ck_assert_int_eq(e->a->a->b->op, '*');
	ck_assert_int_eq(parse("\"ab\" \"c\";"), CPARSE_OK);
	ck_assert_int_eq(prog.list[0]->e->len, 3);
}
END_TEST

START_TEST(test_control_and_expect)
{
	const struct cstmt *s;

	ck_assert_int_eq(parse("if (n < 0) { perror(\"x\"); } else n = 1;"),
			 CPARSE_OK);
	s = prog.list[0];
	ck_assert_int_eq(s->kind, CS_IF);
	ck_assert_int_eq(s->body->kind, CS_BLOCK);
	ck_assert_int_eq(s->els->kind, CS_EXPR);
	ck_assert_int_eq(parse("for (int i = 0; i < 3; i++) break;"),
			 CPARSE_OK);
	ck_assert_int_eq(prog.list[0]->init->kind, CS_DECL);
	ck_assert_int_eq(prog.list[0]->body->kind, CS_BREAK);
	ck_assert_int_eq(parse("close(c); // => 0\nclose(d); // a note\n"),
			 CPARSE_OK);
	ck_assert_str_eq(prog.list[0]->e->expect, "=> 0");
	ck_assert_ptr_null(prog.list[1]->e->expect);
	/* the first socket call of its line, wherever it stands */
	ck_assert_int_eq(parse("if (bind(s, NULL, 0) < 0) perror(\"x\"); // => -1\n"),
			 CPARSE_OK);
	ck_assert_str_eq(prog.list[0]->e->a->expect, "=> -1");
	ck_assert_int_eq(parse("#include <stdio.h>\n#define PORT 8001\n"
			       "int main(int argc, char *argv[])\n{\n"
			       "\treturn 0;\n}\n"), CPARSE_OK);
	ck_assert_int_eq(prog.n, 2);
	ck_assert_int_eq(prog.list[0]->kind, CS_DEFINE);
	ck_assert_str_eq(prog.list[0]->name, "PORT");
	ck_assert_int_eq(prog.list[1]->kind, CS_MAIN);
	/* a statement typed at the prompt may leave out its ';' */
	ck_assert_int_eq(parse("close(c)"), CPARSE_OK);
}
END_TEST

START_TEST(test_incomplete)
{
	ck_assert_int_eq(parse("while (1) {"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("if (n < 0)"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("/* a comment"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("int main(void)"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("bind(lfd,"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("{ close(c)"), CPARSE_INCOMPLETE);
	ck_assert_int_eq(parse("do { n++; }"), CPARSE_INCOMPLETE);
}
END_TEST

/* Outside the subset: an error naming the construct and what to do. */
START_TEST(test_outside_subset)
{
	static const char *const bad[][2] = {
		{ "switch (n) { }", "switch" },
		{ "int f(int x) { return x; }", "defining function f" },
		{ "struct foo x;", "unknown struct foo" },
		{ "#ifdef X", "#ifdef" },
		{ "#define F(x) x", "parameters" },
		{ "a = 1, b = 2;", "comma operator" },
		{ "double d;", "floating point" },
		{ "x = \"abc;", "missing closing" },
		{ "n = 09;", "bad number" },
		{ "x @ y;", "unexpected character" },
		{ "} else {", "closes nothing" },
		{ "struct sockaddr_in a = { .sin_port = 1 };", "designated" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i][0]) == CPARSE_ERROR, "%s", bad[i][0]);
		ck_assert_msg(strstr(err.s, bad[i][1]) != NULL, "%s: %s",
			      bad[i][0], err.s);
	}
}
END_TEST

/* Nothing a learner or a fuzzer types crashes or recurses without end. */
START_TEST(test_deep_nesting)
{
	char *deep = malloc(20001);

	memset(deep, '(', 20000);
	deep[20000] = '\0';
	ck_assert_int_eq(parse(deep), CPARSE_ERROR);
	memset(deep, '{', 20000);
	ck_assert_int_eq(parse(deep), CPARSE_ERROR);
	memset(deep, '!', 20000);
	ck_assert_int_eq(parse(deep), CPARSE_ERROR);
	free(deep);
}
END_TEST

START_TEST(test_is_c)
{
	ck_assert(cparse_is_c("int lfd = socket(AF_INET, SOCK_STREAM, 0);"));
	ck_assert(cparse_is_c("close(lfd)"));
	ck_assert(cparse_is_c("  a.sin_port = htons(8001);"));
	ck_assert(cparse_is_c("#include <stdio.h>"));
	ck_assert(cparse_is_c("// a comment"));
	ck_assert(cparse_is_c("}"));
	ck_assert(!cparse_is_c("lfd = socket inet stream"));
	ck_assert(!cparse_is_c("# a comment of the shell"));
	ck_assert(!cparse_is_c("sockaddr [::1]:8001 => *"));
	ck_assert(cparse_is_c("serAddr.sin_port = htons(8001)"));
	ck_assert(cparse_is_c("buf[0] = 'a'"));
	ck_assert(!cparse_is_c("sockaddr 127.0.0.1 80"));
	ck_assert(cparse_is_c("n = read(cfd, buf, sizeof(buf)); // => 0"));
	ck_assert(!cparse_is_c("send c \"a;//b\""));
	ck_assert(!cparse_is_c("trace --draw"));
	ck_assert(!cparse_is_c("bind lfd 127.0.0.1 8001 --no-htons"));
	ck_assert(cparse_is_c("n--"));
	ck_assert(cparse_is_c("turns++"));
	ck_assert(!cparse_is_c("bind lfd 127.0.0.1 0 => 0"));
}
END_TEST

/* Lines collected until the C is complete; after an error inside an open
 * block, its remaining lines are dropped with it, not read as new C. */
START_TEST(test_feed_lines)
{
	struct cinput in = { SBUF_INIT, 0, 0 };

	ck_assert(!cexec_wants(&in, "bind lfd 127.0.0.1 0"));
	ck_assert(cexec_wants(&in, "while (1) {"));
	ck_assert_int_eq(cexec_feed(&in, "while (1) {", &err), CPARSE_INCOMPLETE);
	ck_assert(cexec_wants(&in, "bind lfd 127.0.0.1 0"));	/* collecting */
	ck_assert_int_eq(cexec_feed(&in, "  n = read(c, buf, 10);", &err),
			 CPARSE_INCOMPLETE);
	ck_assert_int_eq(cexec_feed(&in, "}", &err), CPARSE_OK);
	ck_assert_int_eq(in.lines, 3);
	cinput_reset(&in);
	ck_assert_int_eq(cexec_feed(&in, "if (x) {", &err), CPARSE_INCOMPLETE);
	ck_assert_int_eq(cexec_feed(&in, "  goto out; /* { */", &err),
			 CPARSE_ERROR);
	ck_assert_msg(strstr(err.s, "goto"), "%s", err.s);
	ck_assert(cexec_wants(&in, "  if (y) {"));
	ck_assert_int_eq(cexec_feed(&in, "  if (y) { \"}\" ", &err),
			 CPARSE_INCOMPLETE);
	ck_assert_int_eq(cexec_feed(&in, "  }", &err), CPARSE_INCOMPLETE);
	ck_assert(cexec_wants(&in, "}"));
	ck_assert_int_eq(cexec_feed(&in, "}", &err), CPARSE_INCOMPLETE);
	ck_assert(!cexec_wants(&in, "bind lfd 127.0.0.1 0"));	/* done */
	cinput_reset(&in);
}
END_TEST

/* ---- running C -------------------------------------------------------- */

static struct tsession ts;

static void run_setup(void)
{
	tsession_open(&ts);
}

static void run_teardown(void)
{
	tsession_close(&ts);
}

static const char *run_c(const char *text, enum exec_status *st)
{
	struct exec_result res;
	size_t before = ts.size;

	exec_result_init(&res);
	fflush(ts.s.out);
	before = ts.size;
	*st = cexec_run(&ts.s, text, strlen(text), &res);
	exec_result_free(&res);
	fflush(ts.s.out);
	return ts.buf + before;
}

/* A C statement shows the record the command shows. */
START_TEST(test_same_record_as_command)
{
	enum exec_status st;
	const char *out;

	out = run_c("int lfd = socket(AF_INET, SOCK_STREAM, 0);", &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_msg(strstr(out, "int lfd = socket(AF_INET, SOCK_STREAM, 0);   -> "),
		      "%s", out);
	ck_assert_msg(strstr(out, " lfd  CLOSED"), "%s", out);
	/* the name is shared: the command finds the C's lfd */
	out = tsession_run(&ts, "listen lfd 5", &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_msg(strstr(out, "listen(lfd, 5);   -> 0"), "%s", out);
	/* and C finds a command's c */
	tsession_run(&ts, "c = socket inet stream", &st);
	out = run_c("connect(c, NULL, 0);", &st);
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "the address is NULL"), "%s", out);
}
END_TEST

START_TEST(test_values_and_perror)
{
	enum exec_status st;
	const char *out;

	out = run_c("struct sockaddr_in a;\nmemset(&a, 0, sizeof(a));\n"
		    "a.sin_family = AF_INET;\na.sin_port = htons(8001);\n"
		    "printf(\"%d %x %zu\\n\", ntohs(a.sin_port), a.sin_port, sizeof(a));",
		    &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_str_eq(out, "8001 411f 16\n");
	out = run_c("int fd = socket(AF_INET, 999, 0);\n"
		    "if (fd < 0) { perror(\"socket error\"); }", &st);
	ck_assert_msg(strstr(out, "socket error: Invalid argument\n"), "%s",
		      out);
	out = run_c("sizeof(struct sockaddr_in6)", &st);
	ck_assert_str_eq(out, "= 28\n");
	out = run_c("char buf[4];\nstrcpy(buf, \"hello\");", &st);
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "overflow"), "%s", out);
	out = run_c("undeclared + 1;", &st);
	ck_assert_msg(strstr(out, "'undeclared' is not declared"), "%s", out);
	out = run_c("fork();", &st);
	ck_assert_msg(strstr(out, "fork() is outside the subset"), "%s", out);
	/* a struct stands for its address in a command, once it has one */
	run_c("struct sockaddr_in sa;", &st);
	out = tsession_run(&ts, "sockaddr sa", &st);
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "the struct sa holds no address yet"), "%s",
		      out);
	run_c("sa.sin_family = AF_INET; sa.sin_port = htons(80);", &st);
	out = tsession_run(&ts, "sockaddr sa", &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_msg(strstr(out, "htons(80)"), "%s", out);
}
END_TEST

START_TEST(test_loops_and_vars)
{
	enum exec_status st;
	const char *out;

	out = run_c("int i, sum = 0;\n"
		    "for (i = 0; i < 10; i++) { if (i == 5) break; sum += i; }\n"
		    "while (sum < 100) sum = sum * 2;\n"
		    "printf(\"%d %d\\n\", i, sum);", &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_str_eq(out, "5 160\n");
	out = tsession_run(&ts, "vars", &st);
	ck_assert_msg(strstr(out, "int sum = 160"), "%s", out);
	/* a replayed loop that never ends is stopped, and the shell goes on */
	out = run_c("int k = 0;\nwhile (1) k++;", &st);
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "the loop ran 100000 turns"), "%s", out);
	out = run_c("printf(\"%d\\n\", k);", &st);
	ck_assert_str_eq(out, "100000\n");
	out = run_c("int main(void) { printf(\"in main\\n\"); return 3; printf(\"never\"); }",
		    &st);
	ck_assert_msg(strstr(out, "in main\n") && !strstr(out, "never") &&
		      strstr(out, "return 3"), "%s", out);
}
END_TEST

/* The replay's time-out in a call ends the loop it is in, and only that
 * loop: a loop after it runs. */
START_TEST(test_loop_time_out)
{
	enum exec_status st;
	const char *out;

	sig_init();	/* the time-out's timer, as main() sets it up */
	tsession_run(&ts, "set timeout 50", &st);
	out = run_c("int l = socket(AF_INET, SOCK_STREAM, 0);\n"
		    "listen(l, 1);\n"
		    "int turns = 0;\n"
		    "while (1) { turns++; accept(l, NULL, NULL); }\n"
		    "for (int i = 0; i < 3; i++) turns++;\n"
		    "printf(\"turns %d\\n\", turns);", &st);
	ck_assert_msg(strstr(out, "-1 EINTR"), "%s", out);
	ck_assert_msg(strstr(out, "the replay gave up waiting: the loop stopped"),
		      "%s", out);
	ck_assert_msg(strstr(out, "turns 4\n"), "%s", out);
}
END_TEST

/* "// => RESULT" checks the call of its line, as "=> RESULT" does. */
START_TEST(test_expectations)
{
	enum exec_status st;
	const char *out;

	out = run_c("int s = socket(AF_INET, SOCK_DGRAM, 0); // => *", &st);
	ck_assert_int_eq(st, EXEC_OK);
	out = run_c("close(s); // => 0", &st);
	ck_assert_int_eq(st, EXEC_OK);
	ck_assert_msg(strstr(out, "as expected (=> 0)"), "%s", out);
	out = run_c("close(s);", &st);	/* the command refuses it */
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "s is closed"), "%s", out);
	out = run_c("int u = socket(AF_INET, SOCK_DGRAM, 0);\n"
		    "listen(u, 1); // => 0", &st);
	ck_assert_int_eq(st, EXEC_MISMATCH);
	ck_assert_msg(strstr(out, "EOPNOTSUPP"), "%s", out);
	out = run_c("int n = htons(1); // => 0", &st);
	ck_assert_int_eq(st, EXEC_ERROR);
	ck_assert_msg(strstr(out, "makes none"), "%s", out);
}
END_TEST

Suite *cparse_suite(void)
{
	Suite *s = suite_create("cparse");
	TCase *tc = tcase_create("parse"), *run = tcase_create("run");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_declarations);
	tcase_add_test(tc, test_expressions);
	tcase_add_test(tc, test_control_and_expect);
	tcase_add_test(tc, test_incomplete);
	tcase_add_test(tc, test_outside_subset);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_is_c);
	tcase_add_test(tc, test_feed_lines);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(run, run_setup, run_teardown);
	tcase_add_test(run, test_same_record_as_command);
	tcase_add_test(run, test_values_and_perror);
	tcase_add_test(run, test_loops_and_vars);
	tcase_add_test(run, test_expectations);
	tcase_add_test(run, test_loop_time_out);
	suite_add_tcase(s, run);
	return s;
}
