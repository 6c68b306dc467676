/* cnames.c - the C variables a call's set-up declares, renamed where
 * they would clash with a name of the learner's (cnames.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnames.h"
#include "parse.h"
#include "util.h"

static int is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

char *cnames_rename_word(const char *text, const char *from, const char *to)
{
	struct sbuf b = SBUF_INIT;
	size_t n = strlen(from);
	const char *p = text;

	while (*p) {
		if (strncmp(p, from, n) == 0 &&
		    (p == text || !is_ident_char(p[-1])) &&
		    !is_ident_char(p[n])) {
			sbuf_add(&b, to);
			p += n;
		} else {
			sbuf_addc(&b, *p++);
		}
	}
	return b.s ? b.s : xstrdup("");	/* the buffer is the result */
}

int cnames_next_decl(const char **p, const char **name, size_t *n)
{
	const char *w = *p, *nl;

	if (*w == '\0')
		return 0;
	if (strncmp(w, "struct ", 7) == 0)
		w += 7;
	w += strspn(w, "abcdefghijklmnopqrstuvwxyz_0123456789");
	if (*w == ' ')
		w++;
	*name = w;
	*n = strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
	nl = strchr(w, '\n');
	*p = nl ? nl + 1 : w + strlen(w);
	return 1;
}

/* sb with from renamed to; first_kept: the text up to the first comma
 * keeps its words (a call's socket argument). */
static void rename_in(struct sbuf *sb, const char *from, const char *to,
		      int first_kept)
{
	const char *s = sbuf_str(sb);
	const char *comma = first_kept ? strchr(s, ',') : s;
	struct sbuf b = SBUF_INIT;
	char *t;

	if (comma == NULL)
		return;
	sbuf_addn(&b, s, (size_t)(comma - s));
	t = cnames_rename_word(comma, from, to);
	sbuf_add(&b, t);
	free(t);
	sbuf_free(sb);
	*sb = b;
}

void cnames_record(struct record *r, cnames_clash_fn *clash, void *data)
{
	const char *p = sbuf_str(&r->setup), *name;
	char from[PARSE_NAME_MAX + 1], to[PARSE_NAME_MAX + 8];
	size_t n;

	while (cnames_next_decl(&p, &name, &n)) {
		if (n == 0 || n >= sizeof(from) || !clash(name, n, data))
			continue;
		snprintf(from, sizeof(from), "%.*s", (int)n, name);
		memcpy(to, from, n);
		to[n] = '_';
		to[n + 1] = '\0';
		while (strlen(to) < sizeof(to) - 1 && clash(to, strlen(to), data))
			strcat(to, "_");
		rename_in(&r->setup, from, to, 0);
		rename_in(&r->after, from, to, 0);
		rename_in(&r->args, from, to, 1);
		/* The set-up changed under p: look again from its start (a
		 * renamed variable clashes no more, so this ends). */
		p = sbuf_str(&r->setup);
	}
}
