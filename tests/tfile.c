/* tfile.c - files and directories of a test's own. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tfile.h"

void tfile_mkdtemp(char *dir, size_t size, const char *tag)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, size, "%s/sockrepl-%s-XXXXXX", t && *t ? t : "/tmp",
		 tag);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

void tfile_rmrf(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

void tfile_mkdir(const char *dir, const char *name)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_msg(mkdir(path, 0700) == 0, "%s: %s", path, strerror(errno));
}

void tfile_write(const char *dir, const char *name, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}
