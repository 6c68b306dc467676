/* fuzz_parse.c - libFuzzer harness: one input is one command line, fed to
 * the parser, the expectation parser and, for commands that cannot make a
 * socket or wait, to the whole execute path on a fresh session. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "expect.h"
#include "parse.h"
#include "session.h"
#include "sig.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

/* Commands the harness never executes: they create descriptors, sleep,
 * or drive a lesson (which reads the terminal and writes progress). */
static int fuzz_executable(const struct cmd_entry *e)
{
	static const char *const skip[] = { "socket", "socketpair", "sleep",
					    "lesson", "lessons", NULL };
	size_t i;

	if (e->flags & CMD_LESSON)
		return 0;
	for (i = 0; skip[i]; i++)
		if (strcmp(e->name, skip[i]) == 0)
			return 0;
	return 1;
}

/* Parse the line; if it parses, its expectation too (formatted back);
 * returns the entry to execute or NULL. */
static const struct cmd_entry *fuzz_parse(const char *text, size_t len)
{
	const struct cmd_entry *e = NULL;
	struct sbuf err = SBUF_INIT, out = SBUF_INIT;
	struct expect ex;
	struct line l;

	if (parse_line(text, len, &l, &err) == 0) {
		if (l.has_expect &&
		    expect_parse(l.expect, l.nexpect, &ex, &err) == 0) {
			expect_format(&out, &ex);
			expect_free(&ex);
		}
		if (l.nwords > 0)
			e = cmd_lookup(l.words[0].s, &err);
	}
	line_free(&l);
	sbuf_free(&err);
	sbuf_free(&out);
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cmd_entry *e;
	struct exec_result res;
	struct session s;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		if (devnull == NULL)
			abort();
		sig_init();
	}
	e = fuzz_parse((const char *)data, size);
	if (e == NULL || !fuzz_executable(e))
		return 0;
	session_init(&s, devnull);
	s.opt.block_timeout_ms = 50;
	exec_result_init(&res);
	cmd_execute(&s, (const char *)data, size, &res);
	exec_result_free(&res);
	session_free(&s);
	return 0;
}
