/* tsession.h - a session that prints into memory, for unit tests that
 * run lines through the command table and read what they print. */
#ifndef SOCKREPL_TSESSION_H
#define SOCKREPL_TSESSION_H

#include <stddef.h>

#include "cmd.h"
#include "session.h"

struct tsession {
	struct session s;
	char *buf;		/* everything printed so far */
	size_t size;
};

/* A fresh session writing to memory: no colour, ASCII arrows. */
void tsession_open(struct tsession *t);
/* Close its sockets and free the memory. */
void tsession_close(struct tsession *t);
/* Run line; its status goes to *st (if st). Returns what the line
 * printed, valid until the next call. */
const char *tsession_run(struct tsession *t, const char *line,
			 enum exec_status *st);

#endif
