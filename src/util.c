/* util.c - allocation wrappers that abort on failure, and a growable string. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static void *check_alloc(void *p)
{
	if (p == NULL) {
		fputs("sockrepl: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t n)
{
	return check_alloc(malloc(n ? n : 1));
}

void *xcalloc(size_t nmemb, size_t size)
{
	return check_alloc(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check_alloc(realloc(p, n ? n : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	return check_alloc(strndup(s, n));
}

void sbuf_init(struct sbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	sbuf_init(b);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void sbuf_addn(struct sbuf *b, const void *p, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_addn(b, &c, 1);
}

/* u in decimal, after a minus sign when neg. */
static void add_decimal(struct sbuf *b, unsigned long u, int neg)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (neg)
		*--p = '-';
	sbuf_addn(b, p, (size_t)(buf + sizeof(buf) - p));
}

void sbuf_addnum(struct sbuf *b, long v)
{
	add_decimal(b, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v,
		    v < 0);
}

/* The conversion at p (just after a '%') if sbuf_vaddf writes it itself:
 * 's', 'd', 'u' or '%', with 'l' or 'z' before d and u ("ld", "zu"); its
 * length in *n. 0 for anything else: a flag, a width, a precision, a
 * position ("%1$s"), another conversion -- left to vsnprintf. */
static char plain_conv(const char *p, int *n)
{
	int size = p[0] == 'l' || p[0] == 'z';

	*n = size + 1;
	if (p[size] == 'd' || p[size] == 'u')
		return p[size];
	return !size && (p[0] == 's' || p[0] == '%') ? p[0] : 0;
}

/* fmt written out without vsnprintf, when it has no conversion but
 * plain_conv's: most of the shell's messages ("%s", "%ld" and a few
 * words), a few times per command. 0 if fmt needs vsnprintf. */
static int add_plain(struct sbuf *b, const char *fmt, va_list ap)
{
	const char *p, *q;
	int n;

	for (p = strchr(fmt, '%'); p; p = strchr(p + 1 + n, '%'))
		if (!plain_conv(p + 1, &n))
			return 0;
	for (p = fmt; (q = strchr(p, '%')) != NULL; p = q + 1 + n) {
		char c = plain_conv(q + 1, &n);
		int size = n == 2 ? q[1] : 0;

		sbuf_addn(b, p, (size_t)(q - p));
		if (c == '%') {
			sbuf_addc(b, '%');
		} else if (c == 's') {
			const char *v = va_arg(ap, const char *);

			sbuf_add(b, v ? v : "(null)");
		} else if (c == 'd') {
			long v = size == 'l' ? va_arg(ap, long)
				 : size == 'z' ? (long)va_arg(ap, ssize_t)
					       : va_arg(ap, int);

			sbuf_addnum(b, v);
		} else {
			unsigned long v = size == 'l' ? va_arg(ap, unsigned long)
					  : size == 'z' ? va_arg(ap, size_t)
							: va_arg(ap, unsigned int);

			add_decimal(b, v, 0);
		}
	}
	sbuf_add(b, p);
	return 1;
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = add_plain(b, fmt, aq);
	va_end(aq);
	if (n)
		return;

	/* Formatted once into the room there is; again only when it did
	 * not fit. */
	sbuf_grow(b, 63);
	va_copy(aq, ap);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		sbuf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *sbuf_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t')
		return -1;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	unsigned int cp;

	if (*p < 0x80)
		return 1;
	if ((*p & 0xe0) == 0xc0) {
		n = 2;
		cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 3;
		cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 4;
		cp = *p & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

char *build_tree_dir(const char *const *rel, size_t n)
{
	char exe[PATH_MAX], *slash;
	struct sbuf dir = SBUF_INIT;
	struct stat st;
	size_t len, i;

	if (realpath("/proc/self/exe", exe) == NULL ||
	    (slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	len = strlen(exe);
	if (len < 4 || strcmp(exe + len - 4, "/src") != 0)
		return NULL;
	for (i = 0; i < n; i++) {
		sbuf_reset(&dir);
		sbuf_addf(&dir, "%s%s", exe, rel[i]);
		if (stat(dir.s, &st) == 0 && S_ISDIR(st.st_mode))
			return dir.s;
	}
	sbuf_free(&dir);
	return NULL;
}
