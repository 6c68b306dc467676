/* i18n.c - choose the message language and find the message catalog. */
#include "config.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

#if ENABLE_NLS
/* The build tree's catalogs (DIR/locale, made by make from po/) when this
 * is DIR/src/sockrepl of a build tree, else the installed ones. Found
 * from /proc/self/exe, so that no build path is compiled in. */
static char *locale_dir(void)
{
	char exe[PATH_MAX], *slash;
	struct sbuf dir = SBUF_INIT;
	struct stat st;
	size_t n;

	if (realpath("/proc/self/exe", exe) == NULL ||
	    (slash = strrchr(exe, '/')) == NULL)
		return xstrdup(LOCALEDIR);
	*slash = '\0';
	n = strlen(exe);
	if (n >= 4 && strcmp(exe + n - 4, "/src") == 0) {
		sbuf_addf(&dir, "%s/../locale", exe);
		if (stat(dir.s, &st) == 0 && S_ISDIR(st.st_mode))
			return dir.s;
		sbuf_free(&dir);
	}
	return xstrdup(LOCALEDIR);
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

void i18n_init(const char *lang)
{
	char *dir;

	setlocale(LC_ALL, "");
	if (i18n_want_zh(lang))
		speak_zh(lang != NULL);
	else if (lang)
		setenv("LANGUAGE", "en", 1);	/* English: the msgids */
	dir = locale_dir();
	bindtextdomain(PACKAGE, dir);
	free(dir);
	textdomain(PACKAGE);
}
#else
void i18n_init(const char *lang)
{
	(void)lang;
	setlocale(LC_ALL, "");
}
#endif
