/* tsession.c - a session that prints into memory, for unit tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsession.h"

void tsession_open(struct tsession *t)
{
	t->buf = NULL;
	t->size = 0;
	session_init(&t->s, open_memstream(&t->buf, &t->size));
	t->s.opt.utf8 = 0;
	t->s.opt.color = 0;
}

void tsession_close(struct tsession *t)
{
	session_free(&t->s);
	fclose(t->s.out);
	free(t->buf);
	t->buf = NULL;
}

const char *tsession_run(struct tsession *t, const char *line,
			 enum exec_status *st)
{
	struct exec_result res;
	enum exec_status got;
	size_t start;

	fflush(t->s.out);
	start = t->size;
	exec_result_init(&res);
	got = cmd_execute(&t->s, line, strlen(line), &res);
	exec_result_free(&res);
	fflush(t->s.out);
	if (st)
		*st = got;
	return t->buf + start;
}
