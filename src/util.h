/* util.h - allocation wrappers that abort on failure, and a growable string. */
#ifndef SOCKREPL_UTIL_H
#define SOCKREPL_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Like malloc/calloc/realloc/strdup, but abort with a message on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable NUL-terminated byte string; s may hold NUL bytes. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};

#define SBUF_INIT { NULL, 0, 0 }

void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
/* Empty the string, keeping its memory. */
void sbuf_reset(struct sbuf *b);
void sbuf_addn(struct sbuf *b, const void *p, size_t n);
void sbuf_add(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
/* A number in decimal, as %ld would write it, without printf's cost. */
void sbuf_addnum(struct sbuf *b, long v);
/* printf into the buffer; %s, %d, %u (with l or z) and %% are written
 * without vsnprintf, anything else by it. */
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The string, "" when nothing was added yet (never NULL). */
const char *sbuf_str(const struct sbuf *b);

/* Strict decimal/hex/octal integer in [min, max]; 0 on success, -1 if the
 * word is not a whole number or is out of range. */
int parse_long(const char *s, long min, long max, long *out);

/* Length of the UTF-8 sequence at p (p < end), or 0 if it is not valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF are not). */
size_t utf8_len(const unsigned char *p, const unsigned char *end);

/* When this binary is DIR/src/sockrepl of a build tree: the first of
 * DIR/src + rel[i] that is a directory (malloc'd), else NULL. Found from
 * /proc/self/exe, so that no build path is compiled in. */
char *build_tree_dir(const char *const *rel, size_t n);

#endif
