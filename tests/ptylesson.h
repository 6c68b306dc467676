/* ptylesson.h - sockrepl on a pseudo-terminal with lessons of a test's
 * own: one temporary directory per test, with lessons/ (SOCKREPL_LESSONS)
 * and state/ (XDG_STATE_HOME), for the lesson, challenge and trace tests. */
#ifndef SOCKREPL_TEST_PTYLESSON_H
#define SOCKREPL_TEST_PTYLESSON_H

#include "ptyshell.h"
#include "tfile.h"

/* The test's directory, made by ptyl_setup. */
extern char ptyl_top[256];
/* LANG for the sockrepl that ptyl_start starts: C.UTF-8 unless a test
 * sets it (and sets it back). */
extern const char *ptyl_lang;

/* A fixture: make the test's directory ($TMPDIR/sockrepl-TAG-XXXXXX) and
 * its lessons/; ptyl_teardown removes it. */
void ptyl_setup(const char *tag);
void ptyl_teardown(void);
/* Write text to the file name under the test's directory. */
void ptyl_write(const char *name, const char *text);
/* Make the directory name under the test's directory. */
void ptyl_mkdir(const char *name);

/* Start sockrepl --color=never with up to two arguments (NULL for none)
 * on the test's lessons and state, in ptyl_lang; offer: let it offer
 * lesson 1 to a newcomer. */
void ptyl_start(struct pty *p, const char *a1, const char *a2, int offer);
/* ptyl_start(p, "--lesson", which, 0). */
void ptyl_lesson(struct pty *p, const char *which);
/* Press Enter at each of the next n prompts that end in "sock> ". */
void ptyl_enter(struct pty *p, int n);
/* Leave with Ctrl-D at the shell's prompt, which follows a finished
 * lesson; the exit status. in_shell: the prompt must come (a test fails
 * without it); else sockrepl may have ended already, after quit. */
int ptyl_finish(struct pty *p, int in_shell);

#endif
