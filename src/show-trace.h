/* show-trace.h - the words of a packet trace: one line per segment,
 * the ladder diagram, and the trace command's facts. */
#ifndef SOCKREPL_SHOW_TRACE_H
#define SOCKREPL_SHOW_TRACE_H

#include "record.h"
#include "session.h"
#include "trace.h"

/* One segment as a line, without indent or newline:
 * "c → lfd  SYN      seq 0             win 65495  mss 65495 ...".
 * arrow is "→" or "->". */
void show_trace_seg(struct sbuf *out, const struct trace_seg *g,
		    const char *arrow);
/* Print the record's segments that arrived early (1: while the shell
 * waited) or during the command (0), indented, one a line. */
void show_trace_segs(struct session *s, const struct record *r, int early);
/* Word a fact of the trace family (FACT_TRACE_STATUS ...). */
void show_trace_fact(struct sbuf *out, const struct fact *f);

#endif
