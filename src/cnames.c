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

/* The end of the string or character literal that starts at p. */
static const char *literal_end(const char *p)
{
	char q = *p++;

	while (*p && *p != q)
		p += p[0] == '\\' && p[1] ? 2 : 1;
	return *p ? p + 1 : p;
}

/* Whether a whole word from (n bytes) starts at p, text beginning at
 * text. */
static int word_at(const char *text, const char *p, const char *from,
		   size_t n)
{
	return strncmp(p, from, n) == 0 &&
	       (p == text || !is_ident_char(p[-1])) && !is_ident_char(p[n]);
}

/* text with every whole word from replaced by to, added to out. */
static void rename_word(struct sbuf *out, const char *text, const char *from,
			const char *to)
{
	size_t n = strlen(from);
	const char *p = text, *e;

	while (*p) {
		if (*p == '"' || *p == '\'') {	/* literals keep their text */
			e = literal_end(p);
			sbuf_addn(out, p, (size_t)(e - p));
			p = e;
		} else if (word_at(text, p, from, n)) {
			sbuf_add(out, to);
			p += n;
		} else {
			sbuf_addc(out, *p++);
		}
	}
}

/* How often the word from occurs in text outside literals; with
 * as_socket, only where it stands for a socket: after ".fd = " (a
 * struct pollfd) or "fcntl(". */
static int count_word(const char *text, const char *from, int as_socket)
{
	size_t n = strlen(from);
	const char *p = text;
	int k = 0;

	while (*p) {
		if (*p == '"' || *p == '\'') {
			p = literal_end(p);
		} else if (word_at(text, p, from, n)) {
			if (!as_socket ||
			    (p - text >= 6 && strncmp(p - 6, ".fd = ", 6) == 0) ||
			    (p - text >= 6 && strncmp(p - 6, "fcntl(", 6) == 0))
				k++;
			p += n;
		} else {
			p++;
		}
	}
	return k;
}

int cnames_next_decl(const char **p, const char **name, size_t *n)
{
	static const char *const quals[] = { "const ", "struct ",
					     "unsigned " };
	const char *w = *p, *nl;
	size_t i;

	if (*w == '\0')
		return 0;
	for (i = 0; i < sizeof(quals) / sizeof(quals[0]); i++)
		if (strncmp(w, quals[i], strlen(quals[i])) == 0) {
			w += strlen(quals[i]);
			i = (size_t)-1;	/* "const struct": again */
		}
	w += strspn(w, "abcdefghijklmnopqrstuvwxyz_0123456789");
	if (*w == ' ')
		w++;
	*name = w;
	*n = strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
	nl = strchr(w, '\n');
	*p = nl ? nl + 1 : w + strlen(w);
	return 1;
}

void cnames_rename_in(struct sbuf *sb, const char *from, const char *to,
		      int first_kept)
{
	const char *s = sbuf_str(sb);
	const char *comma = first_kept ? strchr(s, ',') : s;
	struct sbuf b = SBUF_INIT;

	if (comma == NULL)
		return;
	sbuf_addn(&b, s, (size_t)(comma - s));
	rename_word(&b, comma, from, to);
	sbuf_free(sb);
	*sb = b;
}

static int in_list(const char *const *v, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return 1;
	return 0;
}

/* Whether the variable from may be renamed, and in the after lines too.
 * Where the same word also stands for the learner's socket in the
 * set-up ("int flags = fcntl(flags, F_GETFL)", ".fd = pfd"), or for a
 * name the line assigns in the after lines ("int sv = sv[0]"), it stays
 * as it is: which is which cannot be told apart. */
static int may_rename(const struct record *r, const struct cnames_who *w,
		      const char *from, int *in_after)
{
	int lhs = in_list((const char *const *)w->lhs, w->nlhs, from);

	*in_after = !lhs;
	/* Most variables clash with no name: the cheap test first. */
	if (!lhs && !in_list(w->socks, w->nsocks, from) &&
	    !w->known(from, w->data))
		return 0;
	if (lhs && count_word(sbuf_str(&r->after), from, 0) != 0)
		return 0;
	return count_word(sbuf_str(&r->setup), from, 1) == 0;
}

void cnames_record(struct record *r, const struct cnames_who *w)
{
	const char *p = sbuf_str(&r->setup), *name;
	char from[PARSE_NAME_MAX + 1], to[PARSE_NAME_MAX + 8];
	size_t n;
	int in_after;

	while (cnames_next_decl(&p, &name, &n)) {
		if (n == 0 || n >= sizeof(from))
			continue;
		memcpy(from, name, n);
		from[n] = '\0';
		if (!may_rename(r, w, from, &in_after))
			continue;
		memcpy(to, from, n);
		to[n] = '_';
		to[n + 1] = '\0';
		while (strlen(to) < sizeof(to) - 1 &&
		       (in_list((const char *const *)w->lhs, w->nlhs, to) ||
			in_list(w->socks, w->nsocks, to) ||
			w->known(to, w->data)))
			strcat(to, "_");
		cnames_rename_in(&r->setup, from, to, 0);
		if (in_after)
			cnames_rename_in(&r->after, from, to, 0);
		cnames_rename_in(&r->args, from, to, 1);
		/* The set-up changed under p: look again from its start (a
		 * renamed variable clashes no more, so this ends). */
		p = sbuf_str(&r->setup);
	}
}
