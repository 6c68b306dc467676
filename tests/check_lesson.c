/* check_lesson.c - unit tests of the lesson parser and of progress. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "suites.h"

static struct lesson *l;
static struct sbuf err;

static int parse(const char *text)
{
	lesson_free(l);
	l = NULL;
	sbuf_reset(&err);
	return lesson_parse("t.md", text, strlen(text), &l, &err);
}

static void teardown(void)
{
	lesson_free(l);
	l = NULL;
	sbuf_free(&err);
}

START_TEST(test_steps)
{
	ck_assert_int_eq(parse("# 1. Hello\n"
			       "\n"
			       "Some prose\nover two lines.\n"
			       "\n"
			       "    sock> lfd = socket inet stream\n"
			       "    sock> bind lfd 127.0.0.1 0 => 0\n"
			       "\n"
			       "Now you.\n"
			       "\n"
			       "    your turn> listen lfd 8 => 0\n"
			       "    hint: listen takes the socket and a backlog\n"
			       "    hint: listen lfd 8\n"
			       "\n"
			       "The end.\n"), 0);
	ck_assert_str_eq(l->title, "1. Hello");
	ck_assert_uint_eq(l->nsteps, 3);
	ck_assert_int_eq(l->steps[0].kind, LESSON_RUN);
	ck_assert_int_eq(l->steps[0].lineno, 6);
	ck_assert_str_eq(l->steps[0].command, "lfd = socket inet stream");
	ck_assert_str_eq(l->steps[0].before, "Some prose\nover two lines.");
	ck_assert_str_eq(l->steps[1].before, "");
	ck_assert_int_eq(l->steps[2].kind, LESSON_YOUR_TURN);
	ck_assert_str_eq(l->steps[2].command, "listen lfd 8 => 0");
	ck_assert_str_eq(l->steps[2].hint,
			 "listen takes the socket and a backlog\nlisten lfd 8");
	ck_assert_str_eq(l->steps[2].before, "Now you.");
	ck_assert_str_eq(l->after, "The end.");
}
END_TEST

START_TEST(test_tab_indent_and_other_code)
{
	ck_assert_int_eq(parse("# T\n\tsock> endian\n    int a = 1;\n"), 0);
	ck_assert_uint_eq(l->nsteps, 1);
	ck_assert_str_eq(l->after, "    int a = 1;");
	/* not indented: prose, not a step */
	ck_assert_int_eq(parse("# T\nsock> endian\n    sock> fds\n"), 0);
	ck_assert_uint_eq(l->nsteps, 1);
	ck_assert_str_eq(l->steps[0].command, "fds");
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_int_eq(parse("# T\n    your turn> listen lfd 8\n"), -1);
	ck_assert_str_eq(err.s, "t.md:2: a 'your turn>' step needs an expectation: your turn> CMD => RESULT");
	ck_assert_int_eq(parse("# T\n    sock> fds\n    hint: no\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "t.md:3:"));
	ck_assert_int_eq(parse("no title\n    sock> fds\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "title"));
	ck_assert_int_eq(parse("# T\nonly prose\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "at least one"));
	ck_assert_int_eq(parse("# T\n    sock>    \n"), -1);
	ck_assert_ptr_null(l);
}
END_TEST

/* goal:, loose: and the expect lines that belong to a your-turn step. */
START_TEST(test_goal_lines)
{
	ck_assert_int_eq(parse("# T\n"
			       "    your turn> u = socket inet dgram => *\n"
			       "    goal: make a UDP socket u\n"
			       "    loose: 3 1\n"
			       "    hint: one\n"
			       "    hint: two\n"
			       "    sock> expect state u UNCONN\n"
			       "\n"
			       "    sock> expect queue u 0\n"
			       "\n"
			       "Prose.\n"
			       "\n"
			       "    sock> expect state u UNCONN\n"
			       "    your turn> close u => 0\n"
			       "    loose: all\n"),
			 0);
	ck_assert_uint_eq(l->nsteps, 5);
	ck_assert_str_eq(l->steps[0].goal, "make a UDP socket u");
	ck_assert_uint_eq(l->steps[0].loose, (1UL << 3) | (1UL << 1));
	ck_assert_str_eq(l->steps[0].hint, "one\ntwo");
	ck_assert_int_eq(l->steps[0].attached, 0);
	ck_assert_int_eq(l->steps[1].attached, 1);	/* right after */
	ck_assert_int_eq(l->steps[2].attached, 1);	/* a blank between */
	ck_assert_int_eq(l->steps[3].attached, 0);	/* prose between */
	ck_assert_ptr_null(l->steps[4].goal);
	ck_assert_uint_eq(l->steps[4].loose, LESSON_LOOSE_ALL);

	ck_assert_int_eq(parse("# T\n    sock> fds\n    goal: no\n"), -1);
	ck_assert_str_eq(err.s, "t.md:3: 'goal:' must follow a 'your turn>' step");
	ck_assert_int_eq(parse("# T\n    sock> fds\n    loose: 1\n"), -1);
	ck_assert_str_eq(err.s, "t.md:3: 'loose:' must follow a 'your turn>' step");
	ck_assert_int_eq(parse("# T\n    your turn> fds => 0\n    goal: a\n"
			       "    goal: b\n"), -1);
	ck_assert_ptr_nonnull(strstr(err.s, "t.md:4: "));
	ck_assert_int_eq(parse("# T\n    your turn> fds => 0\n    loose: x\n"),
			 -1);
	ck_assert_ptr_nonnull(strstr(err.s, "t.md:3: 'loose:' takes"));
	ck_assert_int_eq(parse("# T\n    your turn> fds => 0\n    loose: 0\n"),
			 -1);
	ck_assert_int_eq(parse("# T\n    your turn> fds => 0\n    loose: 64\n"),
			 -1);
	ck_assert_int_eq(parse("# T\n    your turn> fds => 0\n    loose:\n"),
			 -1);
	/* A sock> expect after a plain step is an ordinary step. */
	ck_assert_int_eq(parse("# T\n    sock> fds\n    sock> expect queue a 0\n"),
			 0);
	ck_assert_int_eq(l->steps[1].attached, 0);
}
END_TEST

START_TEST(test_is_markdown)
{
	ck_assert(lesson_is_markdown("lessons/01-x.md"));
	ck_assert(!lesson_is_markdown("x.sr"));
	ck_assert(!lesson_is_markdown(".md"));
}
END_TEST

START_TEST(test_hash)
{
	/* FNV-1a 64 test vectors */
	ck_assert_uint_eq(lesson_hash("", 0), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(lesson_hash("a", 1), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(lesson_hash("foobar", 6), 0x85944171f73967e8ULL);
	ck_assert_int_eq(parse("# T\n    sock> fds\n"), 0);
	ck_assert_uint_eq(l->hash, lesson_hash("# T\n    sock> fds\n", 18));
}
END_TEST

static void same_lesson(const struct lesson *a, const struct lesson *b)
{
	size_t i;

	ck_assert_str_eq(a->title, b->title);
	ck_assert_uint_eq(a->nsteps, b->nsteps);
	for (i = 0; i < a->nsteps; i++) {
		ck_assert_int_eq(a->steps[i].kind, b->steps[i].kind);
		ck_assert_int_eq(a->steps[i].lineno, b->steps[i].lineno);
		ck_assert_str_eq(a->steps[i].command, b->steps[i].command);
		ck_assert_str_eq(a->steps[i].before, b->steps[i].before);
		ck_assert_pstr_eq(a->steps[i].hint, b->steps[i].hint);
	}
	ck_assert_str_eq(a->after, b->after);
}

/* The lesson at path, and a copy with CRLF line ends, parse alike. */
static void crlf_alike(const char *path)
{
	struct lesson *lf;
	struct sbuf text = SBUF_INIT;
	FILE *f = fopen(path, "r");
	int c;

	ck_assert_msg(f != NULL, "%s", path);
	ck_assert_int_eq(lesson_load(path, &lf, &err), 0);
	while ((c = getc(f)) != EOF) {
		if (c == '\n')
			sbuf_addc(&text, '\r');
		sbuf_addc(&text, (char)c);
	}
	fclose(f);
	lesson_free(l);
	l = NULL;
	ck_assert_int_eq(lesson_parse(path, sbuf_str(&text), text.len, &l,
				      &err), 0);
	ck_assert_ptr_null(strchr(l->title, '\r'));
	same_lesson(lf, l);
	lesson_free(lf);
	sbuf_free(&text);
}

/* Every lesson of the tree, English and Chinese, as a CRLF file. */
START_TEST(test_crlf)
{
	static const char *const dirs[] = { "lessons", "lessons/zh_CN" };
	const char *top = getenv("top_srcdir");
	char path[1024];
	struct dirent *e;
	DIR *d;
	size_t i;
	int n = 0;

	ck_assert_int_eq(parse("# 1. Title\r\n\r\nProse.\r\n\r\n"
			       "    your turn> fds => 0\r\n"
			       "    hint: type fds\r\n\r\nEnd.\r\n"), 0);
	ck_assert_str_eq(l->title, "1. Title");
	ck_assert_str_eq(l->steps[0].before, "Prose.");
	ck_assert_str_eq(l->steps[0].command, "fds => 0");
	ck_assert_str_eq(l->steps[0].hint, "type fds");
	ck_assert_str_eq(l->after, "End.");
	for (i = 0; top && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", top, dirs[i]);
		d = opendir(path);
		ck_assert_msg(d != NULL, "%s", path);
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] < '0' || e->d_name[0] > '9' ||
			    !lesson_is_markdown(e->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", top, dirs[i],
				 e->d_name);
			crlf_alike(path);
			n++;
		}
		closedir(d);
	}
	ck_assert_msg(top == NULL || n > 0, "no lessons under %s", top);
}
END_TEST

/* A state directory of the test's own, and two lesson files. */
static char tmp[512];

static void write_text(const char *name, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static struct lesson *load(const char *name)
{
	char path[600];
	struct lesson *x;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	ck_assert_int_eq(lesson_load(path, &x, &err), 0);
	return x;
}

/* Progress belongs to a file and its text, not to a file name. */
START_TEST(test_progress_identity)
{
	static const char text[] = "# 5. X\n    sock> fds\n    sock> fds\n";
	const char *t = getenv("TMPDIR");
	struct lesson *a, *b;
	char cmd[1200];

	snprintf(tmp, sizeof(tmp), "%s/lesson-XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	setenv("XDG_STATE_HOME", tmp, 1);
	snprintf(cmd, sizeof(cmd), "mkdir '%s/a' '%s/b'", tmp, tmp);
	ck_assert_int_eq(system(cmd), 0);
	write_text("a/05-x.md", text);
	write_text("b/05-x.md", text);	/* same name, same text */
	a = load("a/05-x.md");
	b = load("b/05-x.md");
	ck_assert_int_eq(lesson_progress_get(a), LESSON_PROGRESS_NEW);
	ck_assert_int_eq(lesson_progress_set(a, 1), 0);
	ck_assert_int_eq(lesson_progress_get(a), 1);
	ck_assert_int_eq(lesson_progress_get(b), LESSON_PROGRESS_NEW);
	ck_assert_int_eq(lesson_progress_set(b, LESSON_PROGRESS_DONE), 0);
	ck_assert_int_eq(lesson_progress_get(a), 1);
	ck_assert_int_eq(lesson_progress_get(b), LESSON_PROGRESS_DONE);
	lesson_free(a);
	write_text("a/05-x.md", "# 5. X\n    sock> endian\n");
	a = load("a/05-x.md");
	ck_assert_int_eq(lesson_progress_get(a), LESSON_PROGRESS_CHANGED);
	lesson_free(a);
	lesson_free(b);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("parser");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_steps);
	tcase_add_test(tc, test_tab_indent_and_other_code);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_goal_lines);
	tcase_add_test(tc, test_is_markdown);
	tcase_add_test(tc, test_hash);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_progress_identity);
	suite_add_tcase(s, tc);
	return s;
}
