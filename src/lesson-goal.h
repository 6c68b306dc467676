/* lesson-goal.h - does the learner's line do what a your-turn step asks? */
#ifndef SOCKREPL_LESSON_GOAL_H
#define SOCKREPL_LESSON_GOAL_H

#include "session.h"
#include "util.h"

enum goal_verdict {
	GOAL_SAME,		/* command, names and arguments match */
	GOAL_DIFFERS,		/* they do not: why says how */
	GOAL_NAMES,		/* it names its result otherwise than the
				 * step, whose later steps use the name */
	GOAL_UNREADABLE,	/* mine cannot be read (a parse error, an
				 * unknown command or socket): running it
				 * says why */
};

/*
 * Compare the learner's line mine with a your-turn step's reference line
 * ref, before mine runs, against the sockets of s: the command (by its
 * table entry, so an alias or a prefix counts), the names assigned, and
 * each argument by value: constants in any spelling (dgram, SOCK_DGRAM),
 * sockets by handle (a name or its number), addresses, numbers and bytes
 * by value. An argument whose word position (1: the first word after the
 * command) is set in loose (bit N) may differ; LESSON_LOOSE_ALL leaves
 * only the command and the names. An optional argument left out matches
 * a reference value of 0. The result and the step's expect lines are
 * not compared here: running tells them.
 *
 * Appends one translated line per difference found, each ending in '\n',
 * to why (for GOAL_UNREADABLE, a name that differs).
 */
enum goal_verdict lesson_goal_compare(struct session *s, const char *ref,
				      const char *mine, unsigned long loose,
				      struct sbuf *why);

#endif
