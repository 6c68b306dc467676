/* repl.h - the interactive driver: GNU Readline, history, completion. */
#ifndef SOCKREPL_REPL_H
#define SOCKREPL_REPL_H

#include "session.h"
#include "util.h"

/* Run the interactive shell on the terminal until quit or EOF. Returns
 * the exit status. */
int repl_run(struct session *s);
/* Read one line with Readline: prompt, line editing, completion, with
 * prefill already on the line (NULL for none). Ctrl-C clears the line.
 * A paste of several lines comes back one line a call, each shown after
 * its prompt as if typed. Returns a malloc'd line (added to history when
 * not blank), or NULL at EOF. */
char *repl_readline(struct session *s, const char *prompt,
		    const char *prefill);
/* Ask a question on the terminal: as repl_readline, but the answer is not
 * kept in the history. */
char *repl_ask(struct session *s, const char *question);
/* Have line run at the next prompt, shown and kept in history as if the
 * learner had typed it there. */
void repl_push_line(const char *line);
/* Append the history, numbered, one entry a line. */
void repl_history(struct sbuf *out);
/* The terminal's width now (the learner may have resized it), also kept
 * in s->opt.columns; 0 when the output is no terminal, or JSON. */
int repl_columns(struct session *s);
/* Set up Readline (completion, history file) once; idempotent. */
void repl_init(struct session *s);
/* Save the history file; harmless if the state directory is unwritable. */
void repl_done(void);
/* $XDG_STATE_HOME/sockrepl/NAME (default ~/.local/state/...), creating
 * the directory; NULL when there is nowhere to keep state. malloc'd. */
char *repl_state_path(const char *name);

#endif
