/* gen.h - the soak test's generator: a long random sockrepl session,
 * the same lines for the same seed. */
#ifndef SOCKREPL_SOAK_GEN_H
#define SOCKREPL_SOAK_GEN_H

#include <stdint.h>

#include "util.h"

#define GEN_NAMES 12		/* the pool of names random commands use */
#define GEN_MAX_OPEN 1000	/* sockets opened between two drains */
#define GEN_RAMP 600		/* the first grow: one a step up to here */
/* The comment that ends a drain: the table holds closed names only. */
#define GEN_DRAINED "# drained"
#define GEN_DRAINED_LEN (sizeof(GEN_DRAINED) - 1)

/* What the generator believes a pool name stands for. It never sees a
 * result, so this drifts from the truth; that only makes more commands
 * invalid, which a soak test wants too. */
struct gen_name {
	const char *name;
	int kind;		/* enum gen_kind, -1 never created */
	int open, bound, listening;
};

struct gen_fifo {
	char **lines;
	size_t head, n, cap;
};

struct soak_gen {
	uint64_t rng;
	char dir[128];		/* private directory for AF_UNIX paths */
	char tag[32];		/* makes abstract AF_UNIX names unique */
	struct gen_name names[GEN_NAMES];
	struct gen_fifo fifo;	/* lines of the action being written */
	long opened;		/* sockets made since the last drain */
	long line;		/* lines written so far */
	int phase, left;	/* the current phase and what is left of it */
	long target;		/* a grow phase stops at this many opened */
	long ramp;		/* until this many, one socket a step */
	int ngrow;		/* grow phases so far */
	int state_on;		/* "set state on" is in force */
	int state_left;		/* actions until it goes off */
	unsigned int upath;	/* AF_UNIX names handed out */
};

/* Start a generator for seed; dir holds AF_UNIX socket files (it must
 * exist and be short enough for sun_path), tag tells this run's abstract
 * names from a concurrent run's. */
void soak_gen_init(struct soak_gen *g, uint64_t seed, const char *dir,
		   const char *tag);
/* Replace the contents of line by the next command line (no newline; no
 * NUL, CR or LF in it, so that a script file replays it unchanged). */
void soak_gen_next(struct soak_gen *g, struct sbuf *line);
void soak_gen_free(struct soak_gen *g);

#endif
