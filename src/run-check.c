/* run-check.c - --run --check FILE: a traced program's calls checked
 * against expectations in a file, one "CALL => RESULT" a line, in order
 * (a teacher's check of a student's server). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "i18n.h"
#include "run.h"

struct run_expect {
	char *call;		/* "bind" */
	int lineno;
	struct expect e;
	int has_expect;		/* else any result: the call was made */
};

struct run_check {
	struct run_expect *v;
	size_t n, next;		/* next: the first not yet met */
	int failed;
};

/* Read one expectation line into rc; -1 with a message in err. */
static int add_line(struct run_check *rc, const char *text, int lineno,
		    struct sbuf *err)
{
	struct run_expect *x;
	struct line l;
	int ret = 0;

	if (parse_line(text, strlen(text), &l, err) < 0) {
		line_free(&l);
		return -1;
	}
	if (l.nwords == 0) {
		line_free(&l);
		return 0;
	}
	rc->v = xrealloc(rc->v, (rc->n + 1) * sizeof(*rc->v));
	x = &rc->v[rc->n];
	memset(x, 0, sizeof(*x));
	x->call = xstrdup(l.words[0].s);
	x->lineno = lineno;
	x->has_expect = l.has_expect;
	if (l.nwords != 1)
		/* TRANSLATORS: --run --check's file; %s is the call. */
		sbuf_addf(err, _("one call name a line, then => RESULT: %s"),
			  l.words[1].s), ret = -1;
	else if (l.has_expect && expect_parse(l.expect, l.nexpect, &x->e,
					      err) < 0)
		ret = -1;
	if (ret == 0)
		rc->n++;
	else
		free(x->call);
	line_free(&l);
	return ret;
}

struct run_check *run_check_load(const char *path)
{
	struct run_check *rc = xcalloc(1, sizeof(*rc));
	struct sbuf err = SBUF_INIT;
	char buf[PARSE_MAX_LINE + 2];
	int lineno = 0;
	FILE *f = fopen(path, "re");

	if (f == NULL) {
		fprintf(stderr, "sockrepl: %s: %s\n", path, strerror(errno));
		free(rc);
		return NULL;
	}
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (add_line(rc, buf, ++lineno, &err) < 0) {
			fprintf(stderr, "sockrepl: %s:%d: %s\n", path, lineno,
				sbuf_str(&err));
			sbuf_free(&err);
			fclose(f);
			run_check_free(rc);
			return NULL;
		}
	}
	fclose(f);
	return rc;
}

void run_check_free(struct run_check *rc)
{
	size_t i;

	if (rc == NULL)
		return;
	for (i = 0; i < rc->n; i++) {
		free(rc->v[i].call);
		if (rc->v[i].has_expect)
			expect_free(&rc->v[i].e);
	}
	free(rc->v);
	free(rc);
}

void run_check_call(struct run_check *rc, const struct record *r,
		    struct sbuf *out, int utf8)
{
	struct run_expect *x;
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;

	if (rc->next == rc->n || r->call == NULL ||
	    strcmp(rc->v[rc->next].call, r->call) != 0)
		return;
	x = &rc->v[rc->next++];
	if (x->has_expect)
		expect_format(&want, &x->e);
	else
		sbuf_add(&want, "*");
	expect_format_got(&got, r);
	if (!x->has_expect || expect_match(&x->e, r)) {
		sbuf_addf(out, _("  %s%s as expected (=> %s)%s\n"), "",
			  utf8 ? "\xe2\x9c\x93" : "ok", sbuf_str(&want), "");
	} else {
		rc->failed++;
		sbuf_addf(out, _("  %s%s expected %s, got %s%s\n"), "",
			  utf8 ? "\xe2\x9c\x97" : "MISMATCH:", sbuf_str(&want),
			  sbuf_str(&got), "");
	}
	sbuf_free(&want);
	sbuf_free(&got);
}

int run_check_done(const struct run_check *rc, const char *path, FILE *out)
{
	size_t i;

	for (i = rc->next; i < rc->n; i++)
		/* TRANSLATORS: --run --check: file:line, the call expected. */
		fprintf(out, _("%s:%d: %s was never called\n"), path,
			rc->v[i].lineno, rc->v[i].call);
	fprintf(out, ngettext("%d expectation checked", "%d expectations checked",
			      (int)rc->n), (int)rc->n);
	fputc('\n', out);
	fprintf(out, _("check: %d passed, %d failed"),
		(int)(rc->next - (size_t)rc->failed),
		(int)(rc->failed + (rc->n - rc->next)));
	fputc('\n', out);
	return rc->failed == 0 && rc->next == rc->n ? 0 : 1;
}
