/* tfile.h - files and directories of a test's own, for the unit tests and
 * the pseudo-terminal tests alike. Failures fail the test (check). */
#ifndef SOCKREPL_TEST_TFILE_H
#define SOCKREPL_TEST_TFILE_H

#include <stddef.h>

/* Make a new directory $TMPDIR/sockrepl-TAG-XXXXXX (make check gives each
 * test its own TMPDIR; /tmp without one) and put its path in dir. */
void tfile_mkdtemp(char *dir, size_t size, const char *tag);
/* Remove dir and everything in it. */
void tfile_rmrf(const char *dir);
/* Make the directory dir/name. */
void tfile_mkdir(const char *dir, const char *name);
/* Write text to the file dir/name, replacing it. */
void tfile_write(const char *dir, const char *name, const char *text);

#endif
