/* show.h - all output of a session: records, state lines, errors, bytes.
 * Colour, arrows and quiet options live here and only here. */
#ifndef SOCKREPL_SHOW_H
#define SOCKREPL_SHOW_H

#include "record.h"
#include "session.h"

enum show_style { STYLE_PLAIN, STYLE_CODE, STYLE_OK, STYLE_ERR, STYLE_NOTE,
		  STYLE_STATE, STYLE_DIM, STYLE_BOLD, STYLE_PROMPT };

/* Print the record of one command: C statement with its result, the
 * errno name, text and explanation, then its further lines. lhs is the
 * name the result is assigned to (or NULL). */
void show_record(struct session *s, const struct record *r, const char *lhs);
/* The teaching text for a failed call (NULL: none): the replay time-out,
 * or the errno's meaning for this call and its arguments. Translated. */
const char *show_explanation(const struct record *r);
/* The call as a C statement: "int lfd = socket(AF_INET, SOCK_STREAM, 0);"
 * (lhs: the name assigned, else the record's own result variable). */
void show_c_call(struct sbuf *out, const struct record *r, const char *lhs);
/* Print the kernel state lines of a command (one per socket). */
void show_state_lines(struct session *s, const char *lines);
/* Print a shell error (bad usage, parse error): "error: ...". */
void show_error(struct session *s, const char *msg);
/* Print a note for the learner, dimmed: "note: ...". */
void show_note(struct session *s, const char *msg);
/* Print Markdown (a lesson's narration) rendered for the terminal,
 * between blank lines: wrapped to s->opt.columns (80 when unknown, 100 at
 * most), in colour when colour is on, with ASCII marks when not UTF-8. */
void show_markdown(struct session *s, const char *md);
/* A wait in progress at a terminal, redrawn in place on one line:
 * "waiting: 12 s left", then what the kernel does next (next, or NULL:
 * "c4 sends its SYN again in 3 s"). left_s < 0: no time limit.
 * show_wait_end clears the line. */
void show_wait(struct session *s, long left_s, const char *next);
void show_wait_end(struct session *s);
/* Print text in a style (colour only when enabled). */
void show_styled(struct session *s, enum show_style st, const char *text);
/* The escape sequence starting a style, "" when colour is off. */
const char *show_color(const struct session *s, enum show_style st);
const char *show_reset(const struct session *s);
/* "→" on a UTF-8 terminal, "->" otherwise. */
const char *show_arrow(const struct session *s);
/* Append bytes for a learner: a C-escaped line, and for binary data a hex
 * dump (offset, hex, ASCII), indented by two spaces. */
void show_bytes(struct sbuf *out, const void *p, size_t n);
struct draw;
/* Append picture d (draw.h) as text: box-drawing characters and arrows
 * when utf8, else ASCII; fitted to a terminal of columns (0: any width:
 * nothing wraps). show-draw.c. */
void show_draw(struct sbuf *out, const struct draw *d, int utf8,
	       size_t columns);

#endif
