/* check_pty_lesson.c - drives a small lesson interactively on a
 * pseudo-terminal: the pre-filled prompt, a wrong then a right answer at a
 * your-turn step, quit, resume with the sockets replayed, the list, the
 * newcomer's offer and the lesson command inside the shell, a hang-up. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "ptylesson.h"

/* The lessons the tests run; their text is the tests' own, so that the
 * real lessons may change freely. */
static const char lesson1[] =
	"# 1. A test lesson\n"
	"\n"
	"First, a socket.\n"
	"\n"
	"    sock> a = socket inet stream => *\n"
	"\n"
	"Now give it an address.\n"
	"\n"
	"    your turn> bind a 127.0.0.1 0 => 0\n"
	"    hint: the loopback address and port 0: bind a 127.0.0.1 0\n"
	"\n"
	"Then listen.\n"
	"\n"
	"    sock> listen a 4 => 0\n"
	"\n"
	"That is all.\n";

static const char lesson2[] =
	"# 8. The second one\n"
	"\n"
	"One step, yours.\n"
	"\n"
	"    your turn> b = socket inet dgram => *\n";

static void setup(void)
{
	ptyl_setup("ptyl");
	ptyl_write("lessons/01-test.md", lesson1);
	ptyl_write("lessons/08-second.md", lesson2);
}

/* FNV-1a 64 of the file at path in hex, as sockrepl keys progress by; ""
 * if it cannot be read. */
static const char *file_hash(const char *path)
{
	static char hex[17];
	unsigned long long h = 0xcbf29ce484222325ULL;
	FILE *f = fopen(path, "r");
	int c;

	if (f == NULL)
		return "";
	while ((c = getc(f)) != EOF) {
		h ^= (unsigned char)c;
		h *= 0x100000001b3ULL;
	}
	fclose(f);
	snprintf(hex, sizeof(hex), "%016llx", h);
	return hex;
}

/* The progress file in short: a "NAME STEP" line ("01-test 2") for each
 * of its "v2 HASH STEP PATH" lines whose hash is that of the file at PATH,
 * and any other line as it is; "" when there is no file. */
static const char *progress(void)
{
	static char text[4096];
	char path[400], line[1024], hash[32], step[32], file[600];
	size_t n = 0;
	FILE *f;
	int w;

	snprintf(path, sizeof(path), "%s/state/sockrepl/progress", ptyl_top);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && n < sizeof(text) - 1) {
		w = 0;
		if (sscanf(line, "v2 %31s %31s %599[^\n]", hash, step, file) ==
			    3 &&
		    strcmp(hash, file_hash(file)) == 0 && strrchr(file, '/') &&
		    strlen(file) > 3) {
			file[strlen(file) - 3] = '\0';		/* .md */
			w = snprintf(text + n, sizeof(text) - n, "%s %s\n",
				     strrchr(file, '/') + 1, step);
		} else {
			w = snprintf(text + n, sizeof(text) - n, "%s", line);
		}
		n += (size_t)w < sizeof(text) - n ? (size_t)w :
						    sizeof(text) - 1 - n;
	}
	if (f)
		fclose(f);
	text[n] = '\0';
	return text;
}

/* Lesson 1 up to its last step: Enter, a wrong answer, the right one. */
static void first_two_steps(struct pty *p)
{
	/* The title is a heading, rendered: underlined, no "#". */
	TALK(p, "1. A test lesson\r\n\u2550\u2550\u2550\u2550",
	     "First, a socket.",
	     "sock> a = socket inet stream",	/* ready on the line */
	     KEYS("\r"),
	     "int a = socket(AF_INET, SOCK_STREAM, 0);",
	     "Now give it an address.",
	     "your turn> ", KEYS("getsockname a\r"),	/* not the goal: runs */
	     "getsockname(a,",
	     "this step wants a 'bind' command; you ran 'getsockname'",
	     "hint: the loopback address and port 0",
	     "your turn> ",
	     KEYS("bind a 10.255.255.1 0\r"),	/* another address */
	     "EADDRNOTAVAIL",
	     "Not yet: you gave the address 10.255.255.1:0; this step "
	     "asks for 127.0.0.1:0.",
	     "hint: the loopback address and port 0",
	     "your turn> ", KEYS("bind a 127.0.0.1 0\r"),
	     "Right: that was the goal",
	     "Then listen.",
	     "sock> listen a 4");
	ck_assert_ptr_null(strstr(p->buf, "# 1. A test lesson"));
}

START_TEST(test_step_quit_resume)
{
	struct pty p;

	ptyl_lesson(&p, "1");
	first_two_steps(&p);
	TALK(&p, KEYS("\025quit\r"),	/* Ctrl-U empties the line */
	     "Your place is saved (step 3 of 3)");
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_str_eq(progress(), "01-test 2\n");

	/* Resume by name: the socket a must exist again for listen. */
	ptyl_lesson(&p, "test");
	TALK(&p, "Resuming at step 3 of 3: replaying steps 1\u2013"
	     "2 quietly, so that your sockets exist again: socket, bind.",
	     "sock> listen a 4");
	ck_assert_ptr_null(strstr(p.buf, "bind(a,"));	/* replayed quietly */
	TALK(&p, KEYS("\r"),
	     "listen(a, 4)",
	     "LISTEN",
	     "That is all.",
	     "you finished \"A test lesson\"",
	     "Next: lesson 8, \"The second one\"");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
	ck_assert_str_eq(progress(), "01-test done\n");

	ptyl_start(&p, "--list-lessons", NULL, 0);
	TALK(&p, "1  done       A test lesson", "8  new        The second one");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

/* Closing the terminal in a lesson: the exit status says SIGHUP, and
 * the lesson resumes where it was. */
START_TEST(test_hangup_resume)
{
	struct pty p;

	ptyl_lesson(&p, "1");
	TALK(&p, "sock> a = socket inet stream", KEYS("\r"),
	     "int a = socket(AF_INET, SOCK_STREAM, 0);",
	     "your turn> ");
	pty_hangup(&p);
	ck_assert_int_eq(pty_wait(&p), 128 + SIGHUP);
	ck_assert_str_eq(progress(), "01-test 1\n");

	ptyl_lesson(&p, "1");
	TALK(&p, "Resuming at step 2 of 3",
	     "your turn> ", KEYS("\004"),
	     "Your place is saved (step 2 of 3)");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

/* Leave lesson 1 at its third step: progress "01-test 2". */
static void quit_at_step_3(void)
{
	struct pty p;

	ptyl_lesson(&p, "1");
	first_two_steps(&p);
	TALK(&p, KEYS("\025quit\r"), "Your place is saved (step 3 of 3)");
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_str_eq(progress(), "01-test 2\n");
}

/* Start lesson which; it must begin at step 1 (saying note, if any,
 * and never resuming); leave it there. */
static void starts_afresh(const char *which, const char *note)
{
	struct pty p;

	ptyl_lesson(&p, which);
	EXPECT(&p, "1. A test lesson");
	if (note)
		EXPECT(&p, note);
	TALK(&p, "sock> a = socket inet stream", KEYS("\025quit\r"),
	     "Your place is saved (step 1 of 3)");
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_ptr_null(strstr(p.buf, "Resuming"));
}

/* A lesson file of one's own with an official lesson's name (here even
 * its very text) is another lesson: it never resumes on that progress. */
START_TEST(test_own_file_same_name)
{
	char own[400];

	quit_at_step_3();
	ptyl_mkdir("own");
	ptyl_write("own/01-test.md", lesson1);
	snprintf(own, sizeof(own), "%s/own/01-test.md", ptyl_top);
	starts_afresh(own, NULL);
	/* Both are kept, each under its own file. */
	ck_assert_str_eq(progress(), "01-test 2\n01-test 0\n");
}
END_TEST

/* An edited lesson does not resume at a step that may mean another
 * thing now: it says so and starts again. */
START_TEST(test_edited_lesson)
{
	struct pty p;
	char text[sizeof(lesson1) + 32];

	quit_at_step_3();
	snprintf(text, sizeof(text), "%s\nOne more line.\n", lesson1);
	ptyl_write("lessons/01-test.md", text);
	ptyl_start(&p, "--list-lessons", NULL, 0);
	EXPECT(&p, "1  changed    A test lesson");
	ck_assert_int_eq(pty_wait(&p), 0);
	starts_afresh("1", "has changed since you last worked on it");
	ck_assert_str_eq(progress(), "01-test 0\n");
}
END_TEST

/* 0.1.0's progress lines (keyed by file name) and lines of unknown form
 * are kept, and never resume anything. */
START_TEST(test_old_progress_file)
{
	ptyl_mkdir("state");
	ptyl_mkdir("state/sockrepl");
	ptyl_write("state/sockrepl/progress",
		   "01-test 2\nv2 zz x\nv2 1 done\n\n08-second done\n");
	starts_afresh("1", NULL);
	ck_assert_str_eq(progress(), "01-test 2\nv2 zz x\nv2 1 done\n\n"
				     "08-second done\n01-test 0\n");
}
END_TEST

START_TEST(test_words)
{
	struct pty p;

	ptyl_lesson(&p, "01-test.md");
	TALK(&p, "sock> a = socket inet stream", KEYS("\025hint\r"),
	     "press Enter to run it",
	     "sock> a = socket inet stream",	/* wait for it */
	     KEYS("\025next\r"),	/* runs the step for us */
	     "Skipping",
	     "int a = socket(AF_INET, SOCK_STREAM, 0);",
	     "your turn> ", KEYS("hint\r"),
	     "hint: the loopback address and port 0",
	     "your turn> ", KEYS("back\r"),
	     "kernel state is not undone",
	     "First, a socket.",
	     "sock> a = socket inet stream", KEYS("\025skip\r"),
	     "Skipping",
	     "your turn> ", KEYS("repeat\r"),
	     "Now give it an address.",
	     "your turn> ", KEYS("skip\r"),
	     "bind(a,",
	     "sock> listen a 4",
	     KEYS("\004"),	/* Ctrl-D on a non-empty line deletes */
	     KEYS("\025\004"),	/* on an empty one, leaves */
	     "Your place is saved (step 3 of 3)");
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_str_eq(progress(), "01-test 2\n");
}
END_TEST

START_TEST(test_unknown_lesson)
{
	struct pty p;

	ptyl_lesson(&p, "nosuch");
	TALK(&p, "no lesson 'nosuch'", "01-test", "08-second");
	ck_assert_int_eq(pty_wait(&p), 2);
	ck_assert_str_eq(progress(), "");
}
END_TEST

/* A lesson by zero-padded number and by a prefix of its short name. */
START_TEST(test_lookup)
{
	static const char *const which[] = { "08", "sec", "08-second.md" };
	struct pty p;
	size_t i;

	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		ptyl_lesson(&p, which[i]);
		EXPECT(&p, "8. The second one");
		EXPECT(&p, "your turn> ");
		pty_send(&p, "\004");
		EXPECT(&p, "Your place is saved (step 1 of 1)");
		ck_assert_int_eq(pty_wait(&p), 0);
		ck_assert_str_eq(progress(), "08-second 0\n");
	}
}
END_TEST

START_TEST(test_offer_and_shell)
{
	struct pty p;

	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "New to sockrepl? Start lesson 1 now? [Y/n]", KEYS("n\r"),
	     "sock> ");
	/* From the shell: lesson alone lists, lesson NAME runs one. */
	TALK(&p, KEYS("lesson\r"),
	     "1  new        A test lesson",
	     "sock> ", KEYS("next\r"),
	     "next works inside a lesson",
	     "sock> ", KEYS("lesson 08\t\r"),	/* Tab completes 08-second */
	     "lesson 08-second",
	     "8. The second one",
	     "your turn> ",
	     KEYS("c = socket inet dgram\r"),	/* not the lesson's name */
	     "Almost: the lesson calls the result 'b'",
	     "your turn> ", KEYS("b = socket inet dgram\r"),
	     "int b = socket(AF_INET, SOCK_DGRAM, 0);",
	     "Right: that was the goal",
	     "you finished \"The second one\"",
	     "That was the last lesson",
	     "sock> ",	/* back in the shell, b still there */
	     KEYS("getsockname b\r"),
	     "getsockname(b,", KEYS("quit\r"));
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_str_eq(progress(), "08-second done\n");

	/* Asked once only: the progress file now exists. */
	ptyl_start(&p, NULL, NULL, 1);
	EXPECT(&p, "sock> ");
	ck_assert_ptr_null(strstr(p.buf, "New to sockrepl"));
	pty_send(&p, "quit\r");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

START_TEST(test_offer_accepted)
{
	struct pty p;

	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "Start lesson 1 now? [Y/n]", KEYS("\r"));
	first_two_steps(&p);
	TALK(&p, KEYS("\r"),
	     "you finished \"A test lesson\"",
	     "sock> ",	/* the shell follows the lesson */
	     KEYS("quit\r"));
	ck_assert_int_eq(pty_wait(&p), 0);
	ck_assert_str_eq(progress(), "01-test done\n");
}
END_TEST

/* Forget that the offer was made, so that it comes again. */
static void forget_offer(void)
{
	char path[400];

	snprintf(path, sizeof(path), "%s/state/sockrepl/progress", ptyl_top);
	ck_assert_int_eq(unlink(path), 0);
}

/* Only y, yes, n, no or nothing answer the offer, in any case; anything
 * else declines it and runs as a command typed at the shell's prompt. */
START_TEST(test_offer_typed_command)
{
	struct pty p;

	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "Start lesson 1 now? [Y/n]",
	     KEYS("lfd = socket inet stream\r"),
	     "Fine. help lists the commands",
	     "sock> lfd = socket inet stream",
	     "int lfd = socket(AF_INET, SOCK_STREAM, 0);",
	     "sock> ", KEYS("history\r"),
	     "1  lfd = socket inet stream",
	     "2  history",
	     "sock> ", KEYS("quit\r"));
	ck_assert_int_eq(pty_wait(&p), 0);

	forget_offer();		/* a word that starts with y is no yes */
	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "Start lesson 1 now? [Y/n]", KEYS("yikes\r"),
	     "sock> yikes",
	     "unknown command",
	     "sock> ");
	ck_assert_ptr_null(strstr(p.buf, "1. A test lesson"));
	pty_send(&p, "quit\r");
	ck_assert_int_eq(pty_wait(&p), 0);

	forget_offer();
	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "Start lesson 1 now? [Y/n]", KEYS(" No \r"),
	     "Fine. help lists the commands",
	     "sock> ", KEYS("history\r"),
	     "1  lfd = socket inet stream",	/* from the first run */
	     "4  yikes",
	     "5  quit",
	     "6  history",	/* the answers are not kept */
	     KEYS("quit\r"));
	ck_assert_int_eq(pty_wait(&p), 0);

	forget_offer();
	ptyl_start(&p, NULL, NULL, 1);
	TALK(&p, "Start lesson 1 now? [Y/n]", KEYS("YES\r"),
	     "1. A test lesson",
	     "sock> a = socket inet stream", KEYS("\025quit\r"),
	     "Your place is saved");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

static const char lesson1_zh[] =
	"# 1. 测试课\n"
	"\n"
	"先建一个套接字。\n"
	"\n"
	"    sock> a = socket inet stream => *\n";

/* Chinese lessons by --lang or LANG, English where one is missing, and
 * the runner's own words in Chinese. */
START_TEST(test_chinese)
{
	struct pty p;

	ptyl_mkdir("lessons/zh_CN");
	ptyl_write("lessons/zh_CN/01-test.md", lesson1_zh);
	ptyl_start(&p, "--lang=zh_CN", "--list-lessons", 0);
	/* The state column is 10 terminal columns wide: 未开始 takes 6. */
	TALK(&p, "1  未开始     测试课", "8  未开始     The second one");
	ck_assert_int_eq(pty_wait(&p), 0);
	ptyl_start(&p, "--lang=en", "--list-lessons", 0);
	EXPECT(&p, "1  new        A test lesson");
	ck_assert_int_eq(pty_wait(&p), 0);

	ptyl_lang = "zh_CN.UTF-8";
	ptyl_lesson(&p, "1");
	ptyl_lang = "C.UTF-8";
	TALK(&p, "1. 测试课",
	     "sock> a = socket inet stream", KEYS("\025hint\r"),
	     "提示：",
	     "sock> a = socket inet stream", KEYS("\r"),
	     "int a = socket(AF_INET, SOCK_STREAM, 0);",
	     "做得好",
	     "第 8 课《The second one》");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}
END_TEST

/* --lang=zh_CN in the plain C locale: the newcomer offer, the shell's
 * errors (session_resolve's) and the lesson list speak Chinese. */
START_TEST(test_chinese_shell)
{
	struct pty p;

	ptyl_lang = "C";
	ptyl_start(&p, "--lang=zh_CN", NULL, 1);
	ptyl_lang = "C.UTF-8";
	TALK(&p, "第一次用 sockrepl？现在开始第 1 课吗？[Y/n]", KEYS("n\r"),
	     "好的。help 列出命令；lesson 列出课程。",
	     "sock> ", KEYS("close nosuch\r"),
	     "错误：没有叫作 'nosuch' 的套接字"
	     "（你还没有套接字：试试 socket inet stream）",
	     "sock> ", KEYS("lesson\r"),
	     "1  未开始     A test lesson",
	     "开始或继续一课");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}
END_TEST

/* A lesson with goals: a goal line, two hints, an attached expect line, a
 * step a wrong answer can derail, and a check after it. */
static const char lesson_goal[] =
	"# 9. Goals\n"
	"\n"
	"A socket first.\n"
	"\n"
	"    sock> s = socket inet stream => *\n"
	"\n"
	"Make a UDP socket.\n"
	"\n"
	"    your turn> u = socket AF_INET SOCK_DGRAM 0 => *\n"
	"    goal: make a datagram (UDP) socket called u\n"
	"    hint: a datagram socket is SOCK_DGRAM\n"
	"    hint: u = socket AF_INET SOCK_DGRAM 0\n"
	"    sock> expect state u UNCONN\n"
	"\n"
	"Close it.\n"
	"\n"
	"    your turn> close u => 0\n"
	"    hint: close u\n"
	"\n"
	"Now s listens.\n"
	"\n"
	"    sock> bind s 127.0.0.1 0 => 0\n"
	"    sock> listen s 2 => 0\n"
	"    sock> expect state s LISTEN\n"
	"\n"
	"The end.\n";

static const char lesson_goal_zh[] =
	"# 9. 目标\n"
	"\n"
	"    sock> s = socket inet stream => *\n"
	"\n"
	"    your turn> u = socket AF_INET SOCK_DGRAM 0 => *\n"
	"    goal: 创建一个叫作 u 的报式（UDP）套接字\n"
	"    hint: 报式套接字是 SOCK_DGRAM\n"
	"    hint: u = socket AF_INET SOCK_DGRAM 0\n";

/* Start lesson 9 (lesson_goal) and run its first step. */
static void goal_start(struct pty *p)
{
	ptyl_write("lessons/09-goal.md", lesson_goal);
	ptyl_lesson(p, "9");
	TALK(p, "sock> s = socket inet stream", KEYS("\r"));
}

/* Everything after the last match so far. */
static const char *since_mark(const struct pty *p)
{
	return p->buf + p->mark;
}

/* A wrong answer is not praised: it runs, and the lesson says precisely
 * what differs; the hints come one at a time, the last the answer. */
START_TEST(test_goal_wrong_answer)
{
	struct pty p;

	goal_start(&p);
	TALK(&p, "int s = socket(AF_INET, SOCK_STREAM, 0);",
	     "Your turn (step 2 of 7): make a datagram (UDP) socket "
	     "called u",
	     "your turn> ", KEYS("u = socket AF_INET SOCK_STREAM 0\r"),
	     "int u = socket(AF_INET, SOCK_STREAM, 0);",	/* it ran */
	     "Not yet: you made a SOCK_STREAM socket; this step asks "
	     "for a SOCK_DGRAM socket: datagrams (UDP).",
	     "hint 1 of 2: a datagram socket is SOCK_DGRAM",
	     "your turn> ");
	/* Not praised, and only the first hint so far. */
	ck_assert_ptr_null(strstr(p.buf, "Right"));
	ck_assert_ptr_null(strstr(p.buf, "hint 2 of 2"));
	TALK(&p, KEYS("hint\r"),
	     "hint 2 of 2: u = socket AF_INET SOCK_DGRAM 0",
	     "your turn> ",
	     KEYS("u = socket inet dgram\r"),	/* another spelling */
	     "int u = socket(AF_INET, SOCK_DGRAM, 0);",
	     "sock> expect state u UNCONN",	/* the step's check */
	     "Right: that was the goal of this step.",
	     "Close it.",
	     "your turn> ", KEYS("close s\r"),
	     "close(s);",
	     "Not yet: you closed s; this step asks to close u.",
	     "type reset",
	     "hint: close u",
	     "your turn> ");
	ck_assert_ptr_null(strstr(since_mark(&p), "Right"));
	TALK(&p, KEYS("quit\r"), "Your place is saved (step 4 of 7)");
	ck_assert_int_eq(pty_wait(&p), 0);
	/* Test-only syntax is never shown: no "=> *", no check of it. */
	ck_assert_ptr_null(strstr(p.buf, "=> *"));
	ck_assert_ptr_null(strstr(p.buf, "as expected (=> *)"));
}
END_TEST

/* A wrong answer that derails: the next step's check fails, the lesson
 * stops and offers reset; after reset the lesson goes on correctly. */
START_TEST(test_goal_reset)
{
	struct pty p;

	goal_start(&p);
	TALK(&p, "your turn> ", KEYS("u = socket inet dgram\r"),
	     "Right: that was the goal of this step.",
	     "your turn> ", KEYS("close s\r"),	/* the wrong one: derails */
	     "Not yet: you closed s",
	     "your turn> ", KEYS("close u\r"),
	     "Right: that was the goal of this step.",
	     "sock> bind s 127.0.0.1 0", KEYS("\r"),
	     "This step did not go as the lesson expects",
	     "reset   start afresh",
	     "retry, reset, skip or quit> ");
	ck_assert_ptr_null(strstr(since_mark(&p), "listen"));	/* stopped */
	TALK(&p, KEYS("reset\r"),
	     "Starting afresh: the lesson's sockets are closed, and "
	     "steps 1\u20134 run again quietly: socket, socket, expect, "
	     "close.",
	     "sock> bind s 127.0.0.1 0", KEYS("\r"),
	     "bind(s,",
	     "sock> listen s 2", KEYS("\r"),
	     "sock> expect state s LISTEN", KEYS("\r"),
	     "s is LISTEN",
	     "The end.",
	     "Your steps: 1 on your own, 1 with hints, 0 skipped.",
	     "Well done: you finished \"Goals\".");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}
END_TEST

/* A failed check: retry puts the step back; skip goes on, and the end
 * is honest: no "Well done". */
START_TEST(test_goal_skip_honest)
{
	struct pty p;

	goal_start(&p);
	TALK(&p, "your turn> ", KEYS("skip\r"),
	     "Skipping",
	     "your turn> ", KEYS("close u\r"),
	     "Right",
	     "sock> bind s 127.0.0.1 0", KEYS("\r"),
	     "sock> listen s 2",
	     KEYS("\025close s\r"),	/* the learner's own line */
	     "close(s);",
	     "sock> expect state s LISTEN", KEYS("\r"),
	     "This step did not go as the lesson expects",
	     "retry, reset, skip or quit> ", KEYS("retry\r"),
	     "sock> expect state s LISTEN", KEYS("\r"),
	     "retry, reset, skip or quit> ", KEYS("skip\r"),
	     "Going on.",
	     "The end.",
	     "Your steps: 1 on your own, 0 with hints, 2 skipped.",
	     "not every step was yours");
	ck_assert_ptr_null(strstr(p.buf, "Well done"));
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}
END_TEST

/* The difference and the hints in Chinese. */
START_TEST(test_goal_chinese)
{
	struct pty p;

	ptyl_mkdir("lessons/zh_CN");
	ptyl_write("lessons/zh_CN/09-goal.md", lesson_goal_zh);
	ptyl_lang = "zh_CN.UTF-8";
	goal_start(&p);
	ptyl_lang = "C.UTF-8";
	TALK(&p, "轮到你了（第 2 步，共 2 步）：创建一个叫作 u 的报式（UDP）套接字",
	     "your turn> ", KEYS("u = socket inet stream\r"),
	     "还没有：你创建的是 SOCK_STREAM 套接字；这一步要的是 "
	     "SOCK_DGRAM 套接字：",
	     "提示 1/2：报式套接字是 SOCK_DGRAM",
	     "your turn> ");
	ck_assert_ptr_null(strstr(p.buf, "提示 2/2"));
	TALK(&p, KEYS("hint\r"),
	     "提示 2/2：u = socket AF_INET SOCK_DGRAM 0",
	     "your turn> ", KEYS("quit\r"));
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

/* Narration with every construct the runner renders, for a terminal of
 * NARROW columns, in English and in Chinese. */
#define NARROW 60
/* The code block and the step that end the lesson in both languages. */
#define RENDERED_CODE \
	"```c\n" \
	"if (listen(lfd, 2) == -1)\n" \
	"\tperror(\"listen\");\n" \
	"```\n" \
	"\n" \
	"    sock> a = socket inet stream => *\n"
static const char lesson_md_en[] =
	"# 3. Rendered\n"
	"\n"
	"## The two queues\n"
	"\n"
	"The **backlog** of `listen()` is about queues, and this sentence is\n"
	"long enough to need wrapping on a narrow terminal of sixty columns.\n"
	"\n"
	"- the **half-open queue**: SYN received, the final ACK awaited\n"
	"  - nested: `SYN-RECV`\n"
	"\n"
	"| | C/S | B/S |\n"
	"| --- | --- | --- |\n"
	"| deployment | a client program installed and updated on every "
	"machine | a browser |\n"
	"\n" RENDERED_CODE;

static const char lesson_md_zh[] =
	"# 3. 渲染\n"
	"\n"
	"## 两个队列\n"
	"\n"
	"`listen()` 的第二个参数 **backlog** 和队列有关。内核为每个监听套接字维护\n"
	"两个队列，这一段足够长，在六十列宽的窄终端上必须折行。\n"
	"\n"
	"- **半连接队列**（SYN 队列）：客户端的 SYN 已经到达\n"
	"  - 嵌套：`SYN-RECV`\n"
	"\n"
	"| | C/S | B/S |\n"
	"| --- | --- | --- |\n"
	"| 部署 | 每台机器都要安装客户端程序，升级时也要一台一台地更新 | "
	"浏览器 |\n"
	"\n" RENDERED_CODE;

/* The widest line of text (lines end in "\r\n"), in display columns. */
static size_t widest_line(const char *text)
{
	char line[1024];
	wchar_t wl[1024];
	size_t n, max = 0;
	int w;

	while (*text) {
		n = strcspn(text, "\r\n");
		ck_assert_uint_lt(n, sizeof(line));
		memcpy(line, text, n);
		line[n] = '\0';
		ck_assert_uint_ne(mbstowcs(wl, line, 1024), (size_t)-1);
		w = wcswidth(wl, 1024);
		ck_assert_int_ge(w, 0);
		if ((size_t)w > max)
			max = (size_t)w;
		text += n + strspn(text + n, "\r\n");
	}
	return max;
}

/* The narration of lesson 3 on a terminal of NARROW columns in lang
 * (LANG): heading, list, table and code rendered, no markup left, no
 * line wider than the terminal. */
static void narrow_lesson(const char *lang, const char *heading,
			  const char *rule, const char *const *lines)
{
	struct pty p;
	const char *start, *end;
	size_t i;

	ptyl_lang = lang;
	pty_columns = NARROW;
	ptyl_lesson(&p, "3");
	ptyl_lang = "C.UTF-8";
	pty_columns = 200;
	EXPECT(&p, heading);
	start = p.buf + p.mark - strlen(heading);
	EXPECT(&p, rule);
	for (i = 0; lines[i]; i++)
		EXPECT(&p, lines[i]);
	EXPECT(&p, "sock> a = socket inet stream");
	end = p.buf + p.mark - strlen("sock> a = socket inet stream");
	{
		char *text = strndup(start, (size_t)(end - start));
		char *old = strdup(setlocale(LC_CTYPE, NULL));

		ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
		ck_assert_uint_le(widest_line(text), NARROW);
		setlocale(LC_CTYPE, old);
		ck_assert_msg(strstr(text, "**") == NULL &&
				      strchr(text, '`') == NULL &&
				      strstr(text, "## ") == NULL &&
				      strstr(text, "| ---") == NULL,
			      "markup left in:\n%s", text);
		ck_assert_ptr_null(strchr(text, '\033'));
		free(old);
		free(text);
	}
	TALK(&p, KEYS("\r"), "int a = socket(AF_INET, SOCK_STREAM, 0);");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}

/* The lesson's own words (feedback, hints) are wrapped between words at
 * the terminal's width, as its narration is: a terminal would cut a
 * word in two. */
START_TEST(test_goal_narrow)
{
	struct pty p;
	const char *start;
	char *text, *old;

	pty_columns = 40;
	goal_start(&p);
	pty_columns = 200;
	TALK(&p, "your turn> ", KEYS("u = socket AF_INET SOCK_STREAM 0\r"),
	     "int u = socket(AF_INET, SOCK_STREAM, 0);");
	start = since_mark(&p);
	TALK(&p, "hint 1 of 2", "your turn> ");
	text = strndup(start, (size_t)(since_mark(&p) - start));
	old = strdup(setlocale(LC_CTYPE, NULL));
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	ck_assert_msg(widest_line(text) <= 40, "wider than 40:\n%s", text);
	setlocale(LC_CTYPE, old);
	ck_assert_msg(strstr(text, "SOCK_DGRAM") != NULL, "a word cut:\n%s",
		      text);
	free(old);
	free(text);
	TALK(&p, KEYS("quit\r"), "saved");
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

/* A lesson word typed after the command already on the line ("...0quit")
 * is the word: the learner quits, the command does not run. */
START_TEST(test_word_after_prefill)
{
	struct pty p;

	ptyl_write("lessons/09-goal.md", lesson_goal);
	ptyl_lesson(&p, "9");
	TALK(&p, "sock> s = socket inet stream", KEYS("quit\r"),
	     "Your place is saved (step 1 of 7)");
	ck_assert_ptr_null(strstr(p.buf, "int s = socket"));
	ck_assert_ptr_null(strstr(p.buf, "unknown"));
	ck_assert_int_eq(pty_wait(&p), 0);
}
END_TEST

START_TEST(test_render_narrow)
{
	static const char *const en[] = {
		"The backlog of listen() is about queues, and this sentence\r\n"
		"is long enough to need wrapping on a narrow terminal of\r\n"
		"sixty columns.\r\n",
		"\u2022 the half-open queue: SYN received, the final ACK awaited"
		"\r\n  \u25e6 nested: SYN-RECV\r\n",
		"           │ C/S                                 │ B/S\r\n"
		"───────────┼─────────────────────────────────────┼──────────\r\n"
		"deployment │ a client program installed and      │ a browser\r\n"
		"           │ updated on every machine            │\r\n",
		"    if (listen(lfd, 2) == -1)\r\n"
		"        perror(\"listen\");\r\n",
		NULL
	};

	ptyl_write("lessons/03-render.md", lesson_md_en);
	narrow_lesson("C.UTF-8", "The two queues\r\n",
		      "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
		      "\u2500\u2500\u2500\u2500\r\n",
		      en);
}
END_TEST

START_TEST(test_render_narrow_zh)
{
	static const char *const zh[] = {
		"listen() 的第二个参数 backlog 和队列有关。内核为每个监听套接\r\n"
		"字维护两个队列，这一段足够长，在六十列宽的窄终端上必须折行。\r\n",
		"• 半连接队列（SYN 队列）：客户端的 SYN 已经到达\r\n"
		"  ◦ 嵌套：SYN-RECV\r\n",
		"     │ C/S                                          │ B/S\r\n"
		"─────┼──────────────────────────────────────────────┼───────\r\n"
		"部署 │ 每台机器都要安装客户端程序，升级时也要一台一 │ 浏览器\r\n"
		"     │ 台地更新                                     │\r\n",
		"    if (listen(lfd, 2) == -1)\r\n"
		"        perror(\"listen\");\r\n",
		NULL
	};

	ptyl_mkdir("lessons/zh_CN");
	ptyl_write("lessons/03-render.md", lesson_md_en);
	ptyl_write("lessons/zh_CN/03-render.md", lesson_md_zh);
	narrow_lesson("zh_CN.UTF-8", "两个队列\r\n",
		      "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\r\n", zh);
}
END_TEST

/* A step that shares its paragraph with the one before shows it, done,
 * on repeat: without its expectation, which is for --check. */
START_TEST(test_done_without_expectation)
{
	struct pty p;

	ptyl_write("lessons/03-shared.md", "# 3. Shared\n"
					   "\n"
					   "Two sockets.\n"
					   "\n"
					   "    sock> a = socket inet stream => *\n"
					   "    sock> b = socket inet dgram => 4\n");
	ptyl_lesson(&p, "3");
	TALK(&p, "sock> a = socket inet stream", KEYS("\r"),
	     "int a = socket(AF_INET, SOCK_STREAM, 0);",
	     "sock> b = socket inet dgram", KEYS("\025repeat\r"),
	     "Two sockets.",
	     "sock> a = socket inet stream   (done)",
	     "sock> b = socket inet dgram", KEYS("\025quit\r"),
	     "Your place is saved");
	ck_assert_int_eq(ptyl_finish(&p, 0), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_step_quit_resume, test_hangup_resume, test_words,
		test_own_file_same_name, test_edited_lesson,
		test_old_progress_file, test_unknown_lesson, test_lookup,
		test_offer_and_shell, test_offer_accepted,
		test_offer_typed_command, test_chinese, test_chinese_shell,
		test_goal_wrong_answer, test_goal_reset, test_goal_skip_honest,
		test_goal_chinese, test_render_narrow, test_render_narrow_zh,
		test_done_without_expectation, test_goal_narrow,
		test_word_after_prefill, NULL
	};

	return pty_run_tests("pty_lesson", "lesson", tests, setup,
			     ptyl_teardown);
}
