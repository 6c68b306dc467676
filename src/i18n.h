/* i18n.h - translated messages (GNU gettext): _(), N_() and the language. */
#ifndef SOCKREPL_I18N_H
#define SOCKREPL_I18N_H

#include <stddef.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s) i18n_gettext(s)
/*
 * gettext(msgid), remembered by the msgid's address: a command words
 * dozens of messages, and glibc looks for the catalog each time. Every
 * msgid is a string of the program's (a literal or a table's N_()), so
 * its address names it. i18n_init() and i18n_set_lang() forget what was
 * remembered; code that changes the language otherwise (a test) calls
 * i18n_forget().
 */
const char *i18n_gettext(const char *msgid)
	__attribute__((format_arg(1)));
void i18n_forget(void);
#else
#define _(s) ((const char *)(s))
#define ngettext(one, many, n) ((n) == 1 ? (one) : (many))
/* The columns s takes on a terminal: two for a CJK character (wcwidth);
 * a byte that is no character in the locale counts one. */
size_t i18n_width(const char *s);

#endif
/* A message marked for translation where it is defined (a table), and
 * translated with _() where it is used. */
#define N_(s) s

/* Set the locale and the message language from the environment; bind
 * the catalog, the build tree's when this is the build tree's binary.
 * Start-up code, once. */
void i18n_init(void);
/* --lang: the messages in lang ("en", "zh_CN"), so that they and the
 * lessons speak the same language. After i18n_init(). */
void i18n_set_lang(const char *lang);

/* 1 when lang, or with lang NULL the environment (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG, as gettext reads them), asks for Chinese. */
int i18n_want_zh(const char *lang);

/* The columns s takes on a terminal: two for a CJK character (wcwidth);
 * a byte that is no character in the locale counts one. */
size_t i18n_width(const char *s);

struct sbuf;

/* Append s to out padded with spaces to w display columns, on the left
 * (right-aligned) or on the right. */
void i18n_pad(struct sbuf *out, const char *s, size_t w, int right);

/* Append s to out, wrapped to width columns, for a note in a column of
 * its own: s starts at column col, each further line at column indent
 * (spaces). It breaks at spaces and between CJK characters (never before
 * a closing punctuation mark), never inside an escape sequence, and cuts
 * only a word wider than a whole line. width 0: s as it is. */
void i18n_wrap(struct sbuf *out, const char *s, size_t col, size_t indent,
	       size_t width);

#endif
