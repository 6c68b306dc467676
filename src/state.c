/* state.c - snapshots of the session's sockets (stub until issue 3). */
#include "config.h"

#include <stdlib.h>

#include "state.h"

struct state_snap *state_capture(struct session *s)
{
	(void)s;
	return NULL;
}

void state_report(struct session *s, const struct state_snap *before,
		  const struct state_snap *after, const struct record *rec,
		  struct sbuf *out)
{
	(void)s;
	(void)before;
	(void)after;
	(void)rec;
	(void)out;
}

void state_snap_free(struct state_snap *snap)
{
	free(snap);
}
