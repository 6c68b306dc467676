/* lesson-progress.c - where the learner stopped in each lesson, by identity. */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "parse.h"
#include "repl.h"

/* A line of the progress file is "v2 HASH STEP PATH": the FNV-1a hash of
 * the lesson's text in hex, a step index or "done", and the resolved
 * path, last because it may hold blanks. Lines of any other form (0.1.0
 * keyed progress by file name: "05-accept 8") are kept but never match. */
#define PROGRESS_TAG "v2"

struct progress_line {
	uint64_t hash;
	long step;
	const char *path;	/* into the line */
};

/* The lesson's key: its resolved path (malloc'd); NULL if it cannot be
 * written on one line. */
static char *identity(const struct lesson *l)
{
	char *path = realpath(l->path, NULL);

	if (path == NULL)
		path = xstrdup(l->path);
	if (strchr(path, '\n')) {
		free(path);
		return NULL;
	}
	return path;
}

/* Split a v2 line (its newline removed); 0, or -1 for any other line. */
static int parse_progress(char *line, struct progress_line *pl)
{
	char *f[3], *save = NULL, *rest;
	int i;

	if (strncmp(line, PROGRESS_TAG " ", strlen(PROGRESS_TAG) + 1) != 0)
		return -1;
	rest = line + strlen(PROGRESS_TAG) + 1;
	for (i = 0; i < 2; i++) {
		f[i] = strtok_r(i ? NULL : rest, " ", &save);
		if (f[i] == NULL)
			return -1;
	}
	f[2] = strtok_r(NULL, "", &save);
	if (f[2] == NULL || sscanf(f[0], "%" SCNx64, &pl->hash) != 1)
		return -1;
	if (strcmp(f[1], "done") == 0)
		pl->step = LESSON_PROGRESS_DONE;
	else if (parse_long(f[1], 0, LONG_MAX, &pl->step) < 0)
		return -1;
	pl->path = f[2];
	return 0;
}

static void chomp(char *line)
{
	size_t n = strlen(line);

	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
}

long lesson_progress_get(const struct lesson *l)
{
	char *path = repl_state_path("progress"), *id = identity(l);
	char *line = NULL;
	size_t cap = 0;
	long step = LESSON_PROGRESS_NEW;
	struct progress_line pl;
	FILE *f = path && id ? fopen(path, "re") : NULL;

	while (f && getline(&line, &cap, f) > 0) {
		chomp(line);
		if (parse_progress(line, &pl) < 0 || strcmp(pl.path, id) != 0)
			continue;
		step = pl.hash == l->hash ? pl.step : LESSON_PROGRESS_CHANGED;
	}
	if (f)
		fclose(f);
	free(line);
	free(id);
	free(path);
	return step;
}

/* The progress file's lines but l's, into text. */
static void other_lines(const char *path, const char *id, struct sbuf *text)
{
	struct progress_line pl;
	char *line = NULL, *copy;
	size_t cap = 0;
	FILE *f = fopen(path, "re");
	int mine;

	while (f && getline(&line, &cap, f) > 0) {
		copy = xstrdup(line);
		chomp(copy);
		mine = parse_progress(copy, &pl) == 0 &&
		       strcmp(pl.path, id) == 0;
		free(copy);
		if (mine)
			continue;
		sbuf_add(text, line);
		if (strchr(line, '\n') == NULL)
			sbuf_addc(text, '\n');
	}
	if (f)
		fclose(f);
	free(line);
}

/* Write text to path aside and rename: a crash never leaves half a file. */
static int replace_file(const char *path, const struct sbuf *text)
{
	struct sbuf tmp = SBUF_INIT;
	FILE *f;
	int ok = 0;

	sbuf_addf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	f = fopen(tmp.s, "we");
	if (f) {
		ok = fwrite(text->len ? text->s : "", 1, text->len, f) ==
		     text->len;
		if (fclose(f) != 0 || !ok || rename(tmp.s, path) != 0) {
			unlink(tmp.s);
			ok = 0;
		}
	}
	sbuf_free(&tmp);
	return ok ? 0 : -1;
}

int lesson_progress_set(const struct lesson *l, long step)
{
	char *path = repl_state_path("progress"), *id = identity(l);
	struct sbuf text = SBUF_INIT;
	int r = -1;

	if (path && id) {
		other_lines(path, id, &text);
		if (step == LESSON_PROGRESS_DONE)
			sbuf_addf(&text, PROGRESS_TAG " %016" PRIx64 " done %s\n",
				  l->hash, id);
		else if (step >= 0)
			sbuf_addf(&text, PROGRESS_TAG " %016" PRIx64 " %ld %s\n",
				  l->hash, step, id);
		r = replace_file(path, &text);
	}
	sbuf_free(&text);
	free(id);
	free(path);
	return r;
}
