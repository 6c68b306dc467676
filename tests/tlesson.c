/* tlesson.c - a lesson parsed from text, for the unit tests. */
#include "config.h"

#include <string.h>

#include "tlesson.h"

struct lesson *tl;
struct sbuf tl_err;

int tl_parse(const char *text)
{
	lesson_free(tl);
	tl = NULL;
	sbuf_reset(&tl_err);
	return lesson_parse("t.md", text, strlen(text), &tl, &tl_err);
}

void tl_teardown(void)
{
	lesson_free(tl);
	tl = NULL;
	sbuf_free(&tl_err);
}
