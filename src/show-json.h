/* show-json.h - render a command's record as one JSON object per line
 * (JSON Lines, --format=json), with json-c. The schema is in sockrepl(1),
 * JSON OUTPUT. */
#ifndef SOCKREPL_SHOW_JSON_H
#define SOCKREPL_SHOW_JSON_H

#include <stdio.h>

#include "cmd.h"

/* The object of a command that ran: input line text (len bytes), its
 * parsed line l, the record, the expectation's verdict in res, status st.
 * Written to s->json_out. */
void show_json_record(struct session *s, const char *text, size_t len,
		      const struct line *l, const struct record *r,
		      const struct exec_result *res, enum exec_status st);
/* The object of a traced program's call (--run --format=json): pid,
 * call, c, result, data, state before and after, facts; a process's end
 * is an object with call null and its fact. */
void show_json_traced(struct session *s, long pid, const struct record *r);
/* The object of a line that could not be run: status "error", message
 * msg; e is the command looked up, or NULL. */
void show_json_error(struct session *s, const char *text, size_t len,
		     const struct cmd_entry *e, const char *msg);
/* The last object of a --check run: {"summary": {...}}. */
void show_json_summary(FILE *out, int expectations, int files, int passed,
		       int not_run);

#endif
