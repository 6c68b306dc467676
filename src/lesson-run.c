/* lesson-run.c - run lessons interactively (stub until issue 5). */
#include "config.h"

#include <stdio.h>

#include "lesson.h"

const char *lesson_name_at(size_t i)
{
	(void)i;
	return NULL;
}

int lesson_run(struct session *s, const char *which, const char *lang)
{
	(void)s;
	(void)lang;
	fprintf(stderr, "sockrepl: lesson %s: lessons are not available yet\n",
		which);
	return 2;
}

int lesson_list(FILE *out, const char *lang)
{
	(void)lang;
	fputs("no lessons yet\n", out);
	return 0;
}

int lesson_offer(struct session *s, const char *lang)
{
	(void)s;
	(void)lang;
	return 0;
}
