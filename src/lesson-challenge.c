/* lesson-challenge.c - a lesson's challenge: the commands run while it is
 * being solved, and its checks on the kernel's state and on results. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cexec.h"
#include "cmd.h"
#include "expect.h"
#include "i18n.h"
#include "lesson.h"
#include "parse.h"

#define RAN_PREFIX "ran "

/* The n-th line (0-based) of text joined by '\n', malloc'd; NULL past the
 * end. */
char *lesson_nth_line(const char *text, size_t n)
{
	const char *nl;

	while (text && n--) {
		nl = strchr(text, '\n');
		text = nl ? nl + 1 : NULL;
	}
	if (text == NULL)
		return NULL;
	nl = strchr(text, '\n');
	return xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
}

/* A "ran CMD => RESULT" check, parsed: the command it names and the
 * result it asks for. */
struct ran_check {
	const struct cmd_entry *entry;
	struct expect e;
	int ok;
};

static void ran_parse(const char *check, struct ran_check *rc)
{
	struct sbuf err = SBUF_INIT;
	struct line l;
	const char *t = check + strlen(RAN_PREFIX);

	memset(rc, 0, sizeof(*rc));
	if (parse_line(t, strlen(t), &l, &err) == 0 && l.nwords &&
	    l.has_expect && (rc->entry = cmd_lookup(l.words[0].s, &err)) &&
	    expect_parse(l.expect, l.nexpect, &rc->e, &err) == 0)
		rc->ok = 1;
	line_free(&l);
	sbuf_free(&err);
}

/* The k-th "ran" line of the challenge's checks, malloc'd, or NULL. */
static char *nth_ran(const struct lesson_step *st, size_t k)
{
	char *line;
	size_t i;

	for (i = 0; (line = lesson_nth_line(st->check, i)) != NULL; i++) {
		if (strncmp(line, RAN_PREFIX, strlen(RAN_PREFIX)) == 0 &&
		    k-- == 0)
			return line;
		free(line);
	}
	return NULL;
}

void lesson_challenge_begin(struct lesson_challenge *c,
			    const struct lesson_step *st)
{
	c->st = st;
	c->ran = 0;
}

enum exec_status lesson_challenge_run(struct lesson_challenge *c,
				      struct session *s, const char *line,
				      struct exec_result *res)
{
	char *ran = nth_ran(c->st, c->ran);
	struct ran_check rc;
	enum exec_status st;

	memset(&rc, 0, sizeof(rc));
	if (ran)
		ran_parse(ran, &rc);
	exec_result_init(res);
	if (rc.ok)
		res->probe = &rc.e;
	st = cparse_is_c(line) ? cexec_run(s, line, strlen(line), res) :
				 cmd_execute(s, line, strlen(line), res);
	/* "ran" checks are met in their order: this command may meet the
	 * next one only. */
	if (rc.ok && res->entry == rc.entry && res->probe_held)
		c->ran++;
	res->probe = NULL;
	if (rc.ok)
		expect_free(&rc.e);
	free(ran);
	return st;
}

/* One check that is a command ("expect queue lfd 3"): 1 if it holds. */
static int check_command(struct session *s, const char *line,
			 struct sbuf *why)
{
	struct exec_result res;
	int ok;

	exec_result_init(&res);
	cmd_execute(s, line, strlen(line), &res);
	ok = res.status == EXEC_OK && !res.interrupted;
	if (res.status == EXEC_MISMATCH)
		sbuf_addf(why, _("%s: expected %s, got %s\n"), line,
			  sbuf_str(&res.expected), sbuf_str(&res.got));
	else if (!ok)
		sbuf_addf(why, _("%s: this check could not be run\n"), line);
	exec_result_free(&res);
	return ok;
}

/* Say which result of which command a "ran CMD => RESULT" check still
 * waits for, without the check's own syntax. */
static void ran_unmet(const char *line, struct sbuf *why)
{
	const char *cmd = line + strlen(RAN_PREFIX), *res = strstr(cmd, "=>");
	char *name = xstrndup(cmd, strcspn(cmd, " \t"));

	res += 2;
	res += strspn(res, " \t");
	sbuf_addf(why, _("not yet seen: a %s that returns %s\n"), name, res);
	free(name);
}

int lesson_challenge_verify(struct lesson_challenge *c, struct session *s,
			    struct sbuf *why)
{
	char *line;
	size_t i, k = 0;
	int ok = 1;

	for (i = 0; (line = lesson_nth_line(c->st->check, i)) != NULL; i++) {
		if (strncmp(line, RAN_PREFIX, strlen(RAN_PREFIX)) == 0) {
			if (k++ >= c->ran) {
				ran_unmet(line, why);
				ok = 0;
			}
		} else if (!check_command(s, line, why)) {
			ok = 0;
		}
		free(line);
	}
	return ok;
}
