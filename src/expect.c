/* expect.c - "=> RESULT" expectations: parse, match against a record. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consts.h"
#include "expect.h"
#include "i18n.h"

static int parse_errno(const char *name, int *err, struct sbuf *msg)
{
	*err = consts_errno_value(name);
	if (*err < 0) {
		sbuf_addf(msg, _("unknown errno name '%s' in expectation (like EADDRINUSE)"),
			  name);
		return -1;
	}
	return 0;
}

/* One alternative from w[*i...]; advances *i past it. */
static int parse_alt(const struct word *w, int n, int *i,
		     struct expect_alt *a, struct sbuf *err)
{
	const struct word *x = &w[*i];
	long v;

	memset(a, 0, sizeof(*a));
	(*i)++;
	if (x->quoted) {
		a->kind = EXPECT_DATA;
		a->data = xmalloc(x->len + 1);
		memcpy(a->data, x->s, x->len + 1);
		a->len = x->len;
		return 0;
	}
	if (strcmp(x->s, "*") == 0) {
		a->kind = EXPECT_ANY;
		return 0;
	}
	if (x->s[0] == 'E') {
		a->kind = EXPECT_FAIL;
		a->value = -1;
		return parse_errno(x->s, &a->err, err);
	}
	if (parse_long(x->s, -1, 4294967295L, &v) < 0) {
		sbuf_addf(err, _("bad expectation '%s': write a number, -1 ENAME, \"data\" or *"),
			  x->s);
		return -1;
	}
	if (v != -1) {
		a->kind = EXPECT_VALUE;
		a->value = v;
		return 0;
	}
	a->kind = EXPECT_FAIL;
	a->value = -1;
	if (*i < n && !w[*i].quoted && w[*i].s[0] == 'E') {
		(*i)++;
		return parse_errno(w[*i - 1].s, &a->err, err);
	}
	return 0;
}

int expect_parse(const struct word *w, int n, struct expect *out,
		 struct sbuf *err)
{
	int i = 0;

	memset(out, 0, sizeof(*out));
	while (i < n) {
		if (out->nalts == EXPECT_MAX_ALTS) {
			sbuf_addf(err, _("too many alternatives (at most %d)"),
				  EXPECT_MAX_ALTS);
			goto fail;
		}
		if (parse_alt(w, n, &i, &out->alt[out->nalts++], err) < 0)
			goto fail;
		if (i == n)
			return 0;
		if (w[i].quoted || strcmp(w[i].s, "|") != 0) {
			sbuf_addf(err, _("unexpected '%s' in expectation: join alternatives with ' | '"),
				  w[i].s);
			goto fail;
		}
		if (++i == n) {
			sbuf_add(err, _("expectation ends with '|'"));
			goto fail;
		}
	}
	return 0;
fail:
	expect_free(out);
	return -1;
}

void expect_free(struct expect *e)
{
	int i;

	for (i = 0; i < e->nalts; i++)
		free(e->alt[i].data);
	memset(e, 0, sizeof(*e));
}

static int alt_match(const struct expect_alt *a, const struct record *r)
{
	switch (a->kind) {
	case EXPECT_ANY:
		return 1;
	case EXPECT_VALUE:
		return r->has_ret && r->ret == a->value;
	case EXPECT_FAIL:
		return r->has_ret && r->ret == -1 &&
		       (a->err == 0 || r->err == a->err);
	case EXPECT_DATA:
		return r->has_data && r->datalen == a->len &&
		       memcmp(r->data, a->data, a->len) == 0;
	}
	return 0;
}

int expect_match(const struct expect *e, const struct record *r)
{
	int i;

	if (r->check_failed)
		return 0;
	for (i = 0; i < e->nalts; i++)
		if (alt_match(&e->alt[i], r))
			return 1;
	return 0;
}

static void format_errno(struct sbuf *out, int err)
{
	const char *name = consts_errno_name(err);

	if (name)
		sbuf_addf(out, " %s", name);
	else
		sbuf_addf(out, " errno %d", err);
}

void expect_format(struct sbuf *out, const struct expect *e)
{
	int i;

	for (i = 0; i < e->nalts; i++) {
		const struct expect_alt *a = &e->alt[i];

		if (i)
			sbuf_add(out, " | ");
		switch (a->kind) {
		case EXPECT_ANY:
			sbuf_add(out, "*");
			break;
		case EXPECT_VALUE:
			sbuf_addnum(out, a->value);
			break;
		case EXPECT_FAIL:
			sbuf_add(out, "-1");
			if (a->err)
				format_errno(out, a->err);
			break;
		case EXPECT_DATA:
			sbuf_addc(out, '"');
			parse_quote_c(out, a->data, a->len);
			sbuf_addc(out, '"');
			break;
		}
	}
}

void expect_format_got(struct sbuf *out, const struct record *r)
{
	if (r->check_failed) {
		sbuf_add(out, sbuf_str(&r->got));
		return;
	}
	if (!r->has_ret && r->has_data) {
		sbuf_addc(out, '"');
		parse_quote_c(out, r->data, r->datalen);
		sbuf_addc(out, '"');
		return;
	}
	if (!r->has_ret) {
		sbuf_add(out, _("no result (this command makes no call)"));
		return;
	}
	sbuf_addnum(out, r->ret);
	if (r->ret == -1)
		format_errno(out, r->err);
	if (r->has_data) {
		sbuf_add(out, " \"");
		parse_quote_c(out, r->data, r->datalen);
		sbuf_addc(out, '"');
	}
}
