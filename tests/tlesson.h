/* tlesson.h - a lesson parsed from text, for the unit tests of lessons
 * and challenges. */
#ifndef SOCKREPL_TEST_TLESSON_H
#define SOCKREPL_TEST_TLESSON_H

#include "lesson.h"
#include "util.h"

/* The lesson the last tl_parse made (NULL when it failed), and the
 * parser's error then. */
extern struct lesson *tl;
extern struct sbuf tl_err;

/* Parse text as the lesson file t.md into tl; lesson_parse's result. */
int tl_parse(const char *text);
/* A fixture's teardown: free tl and tl_err. */
void tl_teardown(void);

#endif
