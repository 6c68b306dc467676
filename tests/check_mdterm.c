/* check_mdterm.c - unit tests of the Markdown rendering for a terminal. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mdterm.h"
#include "suites.h"

static char *old_ctype;
static struct sbuf out;

/* Display widths are the UTF-8 locale's: a CJK character takes two. */
static void setup(void)
{
	old_ctype = xstrdup(setlocale(LC_CTYPE, NULL));
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	sbuf_init(&out);
}

static void teardown(void)
{
	setlocale(LC_CTYPE, old_ctype);
	free(old_ctype);
	sbuf_free(&out);
}

/* md rendered with width, colour and UTF-8 as given. */
static const char *render(const char *md, size_t width, int color, int utf8)
{
	struct md_style st = { .width = width, .color = color, .utf8 = utf8 };

	sbuf_reset(&out);
	ck_assert_int_eq(md_render(md, strlen(md), &st, &out), 0);
	return sbuf_str(&out);
}

/* The widest line of s, in display columns. */
static size_t widest(const char *s)
{
	char line[1024];
	size_t n, w, max = 0;

	while (*s) {
		n = strcspn(s, "\n");
		ck_assert_uint_lt(n, sizeof(line));
		memcpy(line, s, n);
		line[n] = '\0';
		if ((w = i18n_width(line)) > max)
			max = w;
		s += n + (s[n] == '\n');
	}
	return max;
}

START_TEST(test_paragraph_wrap)
{
	const char *md = "A bound socket is not yet a server. `listen()` turns\n"
			 "it into a *listening* socket: from now on the kernel\n"
			 "answers connection requests on its own.\n";

	ck_assert_str_eq(render(md, 30, 0, 1),
			 "A bound socket is not yet a\n"
			 "server. listen() turns it into\n"
			 "a listening socket: from now\n"
			 "on the kernel answers\n"
			 "connection requests on its\n"
			 "own.\n");
	/* No width: the lines as written, still without markup. */
	ck_assert_str_eq(render("one `two`\n**three**\n", 0, 0, 1),
			 "one two\nthree\n");
}
END_TEST

START_TEST(test_blocks_separated)
{
	ck_assert_str_eq(render("\n\nFirst.\n\n\nSecond.\n\n", 40, 0, 1),
			 "First.\n\nSecond.\n");
}
END_TEST

START_TEST(test_headings)
{
	ck_assert_str_eq(render("## The two queues\n\nText.\n", 40, 0, 1),
			 "The two queues\n"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\n"
			 "\n"
			 "Text.\n");
	ck_assert_str_eq(render("# Title\n", 40, 0, 0), "Title\n=====\n");
	ck_assert_str_eq(render("### Small\n", 40, 0, 0), "Small\n");
	ck_assert_str_eq(render("## 两个队列\n", 40, 0, 0),
			 "两个队列\n--------\n");
	ck_assert_str_eq(render("## Two\n", 40, 1, 0),
			 "\033[1mTwo\033[0m\n---\n");
}
END_TEST

START_TEST(test_inline_colour)
{
	ck_assert_str_eq(render("a **b** `c` *d*\n", 40, 1, 1),
			 "a \033[1mb\033[0m \033[36mc\033[0m \033[3md\033[0m\n");
	/* Nested: bold code keeps both, and ends them together. */
	ck_assert_str_eq(render("**`x`**\n", 40, 1, 1), "\033[1;36mx\033[0m\n");
	ck_assert_str_eq(render("~~old~~ new\n", 40, 1, 1),
			 "\033[9mold\033[0m new\n");
	ck_assert_str_eq(render("~~old~~ _new_\n", 40, 0, 1), "old new\n");
	/* A style never opens on a line break: the space is plain. */
	ck_assert_str_eq(render("a **b**\n`c`\n", 40, 1, 1),
			 "a \033[1mb\033[0m \033[36mc\033[0m\n");
}
END_TEST

START_TEST(test_no_colour_no_escape)
{
	const char *md = "# T\n\n**b** `c`\n\n- x\n\n> q\n\n```c\nint a;\n```\n"
			 "\n| a | b |\n| - | - |\n| 1 | 2 |\n";

	ck_assert_ptr_null(strchr(render(md, 60, 0, 1), '\033'));
	ck_assert_ptr_null(strpbrk(render(md, 60, 0, 1), "*`#>"));
	ck_assert_ptr_nonnull(strchr(render(md, 60, 1, 1), '\033'));
}
END_TEST

/* A style open across a line break is closed at the line's end and
 * opened again on the next line, after the prefix. */
START_TEST(test_style_across_lines)
{
	ck_assert_str_eq(render("> **one two three four five six**\n", 20,
				1, 0),
			 "\033[2m|\033[0m \033[1mone two three four\033[0m\n"
			 "\033[2m|\033[0m \033[1mfive six\033[0m\n");
}
END_TEST

START_TEST(test_lists_nested)
{
	const char *md = "- one\n"
			 "- two, which is long enough to wrap\n"
			 "  - inner\n"
			 "    - deeper\n"
			 "- three\n"
			 "\n"
			 "After.\n";

	ck_assert_str_eq(render(md, 24, 0, 1),
			 "\u2022 one\n"
			 "\u2022 two, which is long\n"
			 "  enough to wrap\n"
			 "  \u25e6 inner\n"
			 "    \u25aa deeper\n"
			 "\u2022 three\n"
			 "\n"
			 "After.\n");
	ck_assert_str_eq(render("- a\n  - b\n", 24, 0, 0), "- a\n  * b\n");
	ck_assert_str_eq(render("3. c\n4. d\n", 24, 0, 0), "3. c\n4. d\n");
}
END_TEST

START_TEST(test_list_loose)
{
	ck_assert_str_eq(render("- a\n\n- b\n", 24, 0, 0), "- a\n\n- b\n");
}
END_TEST

START_TEST(test_quote)
{
	ck_assert_str_eq(render("Before.\n\n> quoted text that wraps here\n>\n"
				"> again\n\nAfter.\n",
				20, 0, 1),
			 "Before.\n"
			 "\n"
			 "\u2502 quoted text that\n"
			 "\u2502 wraps here\n"
			 "\u2502\n"
			 "\u2502 again\n"
			 "\n"
			 "After.\n");
	ck_assert_str_eq(render("> a\n", 20, 0, 0), "| a\n");
}
END_TEST

START_TEST(test_code_block)
{
	const char *md = "```c\n"
			 "if (listen(lfd, 2) == -1)\n"
			 "\tperror(\"listen\"); // why\n"
			 "```\n";

	/* Never wrapped; tabs as spaces; no colour: as written. */
	ck_assert_str_eq(render(md, 20, 0, 1),
			 "    if (listen(lfd, 2) == -1)\n"
			 "        perror(\"listen\"); // why\n");
	ck_assert_str_eq(render(md, 20, 1, 1),
			 "    \033[1;34mif\033[0m (listen(lfd, 2) == -1)\n"
			 "        perror(\033[32m\"listen\"\033[0m); "
			 "\033[2m// why\033[0m\n");
	/* A comment over lines stays a comment. */
	ck_assert_str_eq(render("```c\n/* a\nint b */ int\n```\n", 0, 1, 1),
			 "    \033[2m/* a\033[0m\n"
			 "    \033[2mint b */\033[0m \033[1;34mint\033[0m\n");
	/* Not C: code colour, no keywords. */
	ck_assert_str_eq(render("```\nif x\n```\n", 0, 1, 1),
			 "    \033[36mif x\033[0m\n");
	ck_assert_str_eq(render("Text:\n\n    $ nc host 1\n", 0, 0, 1),
			 "Text:\n\n    $ nc host 1\n");
}
END_TEST

static const char table_md[] =
	"| | C/S | B/S |\n"
	"| --- | --- | ---: |\n"
	"| 部署 | 每台机器装客户端 | 浏览器 |\n"
	"| updates | each client | 1 |\n";

START_TEST(test_table)
{
	ck_assert_str_eq(render(table_md, 80, 0, 1),
			 "        \u2502 C/S              \u2502    B/S\n"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
			 "\u253c"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
			 "\u253c"
			 "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
			 "部署    \u2502 每台机器装客户端 \u2502 浏览器\n"
			 "updates \u2502 each client      \u2502      1\n");
	ck_assert_str_eq(render(table_md, 80, 0, 0),
			 "        | C/S              |    B/S\n"
			 "--------+------------------+-------\n"
			 "部署    | 每台机器装客户端 | 浏览器\n"
			 "updates | each client      |      1\n");
}
END_TEST

/* Too wide for the terminal: the widest column wraps (by display width),
 * each line still aligned, and rules part the rows. */
START_TEST(test_table_narrow)
{
	const char *md = "| aspect | C/S | B/S |\n"
			 "| --- | --- | --- |\n"
			 "| 部署 | 每台电脑都要安装客户端程序，"
			 "升级时也要一台一台地更新 | 只要有浏览器 |\n"
			 "| security | good | good |\n";
	const char *r = render(md, 40, 0, 0);

	ck_assert_uint_le(widest(r), 40);
	ck_assert_str_eq(r, "aspect   | C/S            | B/S\n"
			    "---------+----------------+-------------\n"
			    "部署     | 每台电脑都要安 | 只要有浏览器\n"
			    "         | 装客户端程序， |\n"
			    "         | 升级时也要一台 |\n"
			    "         | 一台地更新     |\n"
			    "---------+----------------+-------------\n"
			    "security | good           | good\n");
}
END_TEST

START_TEST(test_cjk_wrap)
{
	/* The source's line break between two CJK characters is no space. */
	const char *md = "- `lfd` 仍然是**监听套接字**，仍然处于 `LISTEN` 状\n"
			 "  态；它从不传输数据。\n";
	const char *r = render(md, 30, 0, 1);

	ck_assert_str_eq(r, "\u2022 lfd 仍然是监听套接字，仍然处\n"
			    "  于 LISTEN 状态；它从不传输数\n"
			    "  据。\n");
	ck_assert_uint_le(widest(r), 30);
	/* Between a Latin word and a CJK one the break is a space. */
	ck_assert_str_eq(render("用 `AF_INET`\n表示 IPv4\n", 40, 0, 1),
			 "用 AF_INET 表示 IPv4\n");
}
END_TEST

/* A 60-column terminal: nothing wider, whatever the construct. */
START_TEST(test_narrow_width)
{
	const char *md =
		"## 当全连接队列满了的时候\n\n"
		"三个连接，而 backlog 只有 2？Linux 允许全连接队列增长到 "
		"**backlog + 1** 才认为它满了。现在它满了。第四个客户端会怎样？\n\n"
		"- the **half-open queue** (SYN queue): a client's SYN has "
		"arrived, the kernel has answered SYN+ACK and waits\n"
		"  - nested: 客户端停留在 `SYN-SENT` 状态并重传它的 SYN\n\n"
		"> A quote that is longer than sixty columns, so that it "
		"has to wrap.\n";

	ck_assert_uint_le(widest(render(md, 60, 0, 1)), 60);
	ck_assert_uint_le(widest(render(md, 60, 0, 0)), 60);
}
END_TEST

START_TEST(test_entities_links_html)
{
	ck_assert_str_eq(render("a &amp; b &lt;fd&gt; &#20013; &#x4e2d;\n", 0,
				0, 1),
			 "a & b <fd> 中 中\n");
	ck_assert_str_eq(render("&#xd800; &#0; &#x110000; &#xe9;\n", 0, 0, 0),
			 "? ? ? ?\n");
	ck_assert_str_eq(render("&#xd800; &#xe9;\n", 0, 0, 1), "? \u00e9\n");
	ck_assert_str_eq(render("connect <addr> <b>x</b>\n", 0, 0, 1),
			 "connect <addr> <b>x</b>\n");
	ck_assert_str_eq(render("see [ss(8)](https://man7.org/ss.8)\n", 0, 0,
				1),
			 "see ss(8) (https://man7.org/ss.8)\n");
	ck_assert_str_eq(render("<https://a.b/>\n", 0, 0, 1),
			 "https://a.b/\n");
}
END_TEST

START_TEST(test_hr_and_ascii)
{
	ck_assert_str_eq(render("a\n\n---\n\nb\n", 10, 0, 0),
			 "a\n\n----------\n\nb\n");
	ck_assert_str_eq(render("- x\n", 10, 0, 0), "- x\n");
}
END_TEST

/* Deep nesting and odd input: no crash, text kept. */
START_TEST(test_hostile)
{
	struct sbuf md = SBUF_INIT;
	int i;

	for (i = 0; i < 40; i++)
		sbuf_add(&md, "> - ");
	sbuf_add(&md, "deep\n");
	ck_assert_ptr_nonnull(strstr(render(sbuf_str(&md), 60, 1, 1),
				     "deep"));
	sbuf_free(&md);
	ck_assert_str_eq(render("", 60, 0, 1), "");
	/* The file's own control characters never reach the terminal. */
	ck_assert_str_eq(render("a\033[2Jb\tc\n\n```\n\033]0;x\a\n```\n", 60,
				0, 1),
			 "a?[2Jb c\n\n    ?]0;x?\n");
	/* A row with a cell too many: the cell is dropped, not read past. */
	ck_assert_str_eq(render("|a|b|\n|---|---|\n|c|d|e|\n|f|\n", 60, 0, 0),
			 "a | b\n--+--\nc | d\nf |\n");
}
END_TEST

Suite *mdterm_suite(void)
{
	Suite *s = suite_create("mdterm");
	TCase *tc = tcase_create("render");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_paragraph_wrap);
	tcase_add_test(tc, test_blocks_separated);
	tcase_add_test(tc, test_headings);
	tcase_add_test(tc, test_inline_colour);
	tcase_add_test(tc, test_no_colour_no_escape);
	tcase_add_test(tc, test_style_across_lines);
	tcase_add_test(tc, test_lists_nested);
	tcase_add_test(tc, test_list_loose);
	tcase_add_test(tc, test_quote);
	tcase_add_test(tc, test_code_block);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_table_narrow);
	tcase_add_test(tc, test_cjk_wrap);
	tcase_add_test(tc, test_narrow_width);
	tcase_add_test(tc, test_entities_links_html);
	tcase_add_test(tc, test_hr_and_ascii);
	tcase_add_test(tc, test_hostile);
	suite_add_tcase(s, tc);
	return s;
}
