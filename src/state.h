/* state.h - the kernel's view of the session's sockets around a command:
 * snapshots before and after, and the transition lines between them. */
#ifndef SOCKREPL_STATE_H
#define SOCKREPL_STATE_H

#include "record.h"
#include "session.h"

struct state_snap;

/* Snapshot every socket of the session (open, and closed names with
 * their remembered addresses) and the kernel-side sockets tied to them.
 * NULL if the kernel cannot be asked. */
struct state_snap *state_capture(struct session *s);
/* Append one line per socket whose state changed between before and
 * after, or that rec touched: "fd 3 lfd  CLOSED → LISTEN  0.0.0.0:8001
 * backlog 64". */
void state_report(struct session *s, const struct state_snap *before,
		  const struct state_snap *after, const struct record *rec,
		  struct sbuf *out);
void state_snap_free(struct state_snap *snap);

#endif
