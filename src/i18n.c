/* i18n.c - choose the message language and find the message catalog. */
#include "config.h"

#include <langinfo.h>
#include <stdint.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "util.h"

int i18n_want_zh(const char *lang)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL",
					    "LC_MESSAGES", "LANG" };
	const char *v = NULL;
	size_t i;

	if (lang)
		return strncmp(lang, "zh", 2) == 0;
	for (i = 0; i < ARRAY_SIZE(vars) && (v == NULL || *v == '\0'); i++)
		v = getenv(vars[i]);
	return v && strncmp(v, "zh", 2) == 0;
}

size_t i18n_width(const char *s)
{
	size_t n, len = strlen(s), w = 0;
	mbstate_t ps;
	wchar_t wc;
	int cw;

	memset(&ps, 0, sizeof(ps));
	while (len) {
		/* ASCII, most of what is measured: a column per byte. */
		if (*s >= 0x20 && *s < 0x7f) {
			s++;
			len--;
			w++;
			continue;
		}
		n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof(ps));
			n = 1;
			cw = 1;
		} else if ((cw = wcwidth(wc)) < 0) {
			cw = 1;
		}
		w += (size_t)cw;
		s += n;
		len -= n;
	}
	return w;
}

/* Fewer columns than this for a note: wrapping would not help. */
#define WRAP_MIN 12

/* The marks that close a phrase, which no line starts with: ， 。 ； ：
 * 、 ） 》 」 』 ！ ？ and their ASCII kin. */
static int closing(wchar_t wc)
{
	static const wchar_t marks[] = {
		0xff0c, 0x3002, 0xff1b, 0xff1a, 0x3001, 0xff09, 0x300b,
		0x300d, 0x300f, 0xff01, 0xff1f, ',', '.', ';', ':', ')',
		'!', '?', 0
	};

	return wc != 0 && wcschr(marks, wc) != NULL;
}

/* The marks that open a phrase, which no line ends with: （ 《 「 『 【
 * “ ‘. */
static int opening(wchar_t wc)
{
	static const wchar_t marks[] = { 0xff08, 0x300a, 0x300c, 0x300e,
					 0x3010, 0x201c, 0x2018, 0 };

	return wc != 0 && wcschr(marks, wc) != NULL;
}

/* The character at s (len bytes): its bytes; its columns in *w. An
 * escape sequence (ESC [ ... final byte) is one, of no columns, so that
 * no line break falls inside it. */
static size_t char_at(const char *s, size_t len, int *w, wchar_t *wc)
{
	mbstate_t ps;
	size_t n;

	*wc = 0;
	*w = 0;
	if (s[0] == '\033') {
		n = 1;
		if (len > 1 && s[1] == '[') {
			for (n = 2; n < len && (s[n] < 0x40 || s[n] > 0x7e); n++)
				;
			n += n < len;
		}
		return n;
	}
	memset(&ps, 0, sizeof(ps));
	n = mbrtowc(wc, s, len, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = (unsigned char)s[0];
		*w = 1;
		return 1;
	}
	if ((*w = wcwidth(*wc)) < 0)
		*w = 1;
	return n;
}

/* The unit of s that no line break splits: one CJK character, or a run
 * of others up to a space or a CJK character; either with the closing
 * marks after it, up to a wide one, and the opening marks before it.
 * Its bytes; its columns in *uw. */
static size_t unit_at(const char *s, size_t *uw)
{
	size_t n = 0, k, len = strlen(s);
	int w, cjk = 0, open = 0;
	wchar_t wc;

	*uw = 0;
	while (n < len && s[n] != ' ' && s[n] != '\n') {
		k = char_at(s + n, len - n, &w, &wc);
		if (n > 0 && !open && !closing(wc) && (cjk || w == 2))
			break;
		cjk |= w == 2;	/* a break may follow a wide closing mark */
		if (w > 0 && (open = opening(wc)))
			cjk = 0;	/* the unit goes on as what follows */
		n += k;
		*uw += (size_t)w;
	}
	return n;
}

static void new_line(struct sbuf *out, size_t indent)
{
	sbuf_addf(out, "\n%*s", (int)indent, "");
}

/* A word wider than a line, cut between characters: the column after. */
static size_t cut(struct sbuf *out, const char *s, size_t n, size_t col,
		  size_t indent, size_t width)
{
	size_t k;
	int w;
	wchar_t wc;

	while (n) {
		k = char_at(s, n, &w, &wc);
		if (col + (size_t)w > width && col > indent) {
			new_line(out, indent);
			col = indent;
		}
		sbuf_addn(out, s, k);
		col += (size_t)w;
		s += k;
		n -= k;
	}
	return col;
}

void i18n_wrap(struct sbuf *out, const char *s, size_t col, size_t indent,
	       size_t width)
{
	size_t spaces, n, uw;

	if (width == 0 || indent + WRAP_MIN > width) {
		sbuf_add(out, s);
		return;
	}
	while (*s) {
		if (*s == '\n') {
			new_line(out, indent);
			col = indent;
			s++;
			continue;
		}
		spaces = strspn(s, " ");
		s += spaces;
		if (*s == '\0' || *s == '\n')
			continue;	/* spaces ending a line: dropped */
		n = unit_at(s, &uw);
		if (col + spaces + uw > width && col > indent) {
			new_line(out, indent);
			col = indent;
			spaces = 0;
		}
		sbuf_addf(out, "%*s", (int)spaces, "");
		col += spaces;
		if (col + uw <= width) {
			sbuf_addn(out, s, n);
			col += uw;
		} else {
			col = cut(out, s, n, col, indent, width);
		}
		s += n;
	}
}

void i18n_pad(struct sbuf *out, const char *s, size_t w, int right)
{
	size_t sw = i18n_width(s);
	int pad = (int)(w > sw ? w - sw : 0);

	if (right)
		sbuf_addf(out, "%*s", pad, "");
	sbuf_add(out, s);
	if (!right)
		sbuf_addf(out, "%*s", pad, "");
}

#if ENABLE_NLS
/* The build tree's catalogs (DIR/locale, made by make from po/) when this
 * is DIR/src/sockrepl of a build tree, else the installed ones. */
static char *locale_dir(void)
{
	static const char *const rel[] = { "/../locale" };
	char *dir = build_tree_dir(rel, ARRAY_SIZE(rel));

	return dir ? dir : xstrdup(LOCALEDIR);
}

/* A UTF-8 LC_CTYPE, also in the environment: Readline sets LC_CTYPE
 * again from LC_ALL, LC_CTYPE or LANG when it starts. 0 or -1. */
static int utf8_ctype(void)
{
	static const char *const names[] = { "C.UTF-8", "zh_CN.UTF-8" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (setlocale(LC_CTYPE, names[i]) == NULL)
			continue;
		unsetenv("LC_ALL");	/* setlocale has read it already */
		setenv("LC_CTYPE", names[i], 1);
		return 0;
	}
	return -1;
}

/* Chinese messages whatever the locale: glibc ignores LANGUAGE when
 * LC_MESSAGES is "C", and converts the UTF-8 catalog to the codeset of
 * LC_CTYPE (to question marks for ASCII), so both move to C.UTF-8 when
 * they are plain C. forced: --lang asked for it, over LANGUAGE. */
static void speak_zh(int forced)
{
	const char *m = setlocale(LC_MESSAGES, NULL);
	const char *v = getenv("LANGUAGE");

	if (forced || v == NULL || strncmp(v, "zh", 2) != 0)
		setenv("LANGUAGE", "zh_CN", 1);
	if (m == NULL || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0)
		if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
			setlocale(LC_MESSAGES, "zh_CN.UTF-8");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && utf8_ctype() < 0)
		bind_textdomain_codeset(PACKAGE, "UTF-8");
}

/* Entries of the translation cache; a power of two. */
#define I18N_CACHE 1024

static unsigned int lang_gen = 1;	/* bumped when the language changes */

void i18n_forget(void)
{
	lang_gen++;
}

const char *i18n_gettext(const char *msgid)
{
	static struct {
		const char *id, *text;
		unsigned int gen;
	} cache[I18N_CACHE];
	size_t h = ((uintptr_t)msgid >> 3) & (I18N_CACHE - 1);

	if (cache[h].id != msgid || cache[h].gen != lang_gen) {
		cache[h].text = gettext(msgid);
		cache[h].id = msgid;
		cache[h].gen = lang_gen;
	}
	return cache[h].text;
}

void i18n_init(void)
{
	char *dir;

	setlocale(LC_ALL, "");
	if (i18n_want_zh(NULL))
		speak_zh(0);
	dir = locale_dir();
	bindtextdomain(PACKAGE, dir);
	free(dir);
	textdomain(PACKAGE);
	i18n_forget();
}

void i18n_set_lang(const char *lang)
{
	if (i18n_want_zh(lang))
		speak_zh(1);
	else
		setenv("LANGUAGE", "en", 1);	/* English: the msgids */
	textdomain(PACKAGE);	/* gettext reads LANGUAGE anew */
	i18n_forget();
}
#else
void i18n_init(void)
{
	setlocale(LC_ALL, "");
}

void i18n_set_lang(const char *lang)
{
	(void)lang;
}
#endif
