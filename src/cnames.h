/* cnames.h - the C variables a call's set-up declares ("struct
 * sockaddr_storage peer;", "char buf[100];"), renamed where they would
 * clash with a name of the learner's, so that the C shown and exported
 * stays C. */
#ifndef SOCKREPL_CNAMES_H
#define SOCKREPL_CNAMES_H

#include <stddef.h>

#include "record.h"

/* Every whole word from in sb renamed to, never inside a string or
 * character literal; with first_kept, the text up to the first comma
 * keeps its words (a call's socket argument). */
void cnames_rename_in(struct sbuf *sb, const char *from, const char *to,
		      int first_kept);

/* The variable that the set-up line at *p declares (the word after its
 * type: "socklen_t len = ..." gives len): its start in *name and length
 * in *n (0: none), and *p moved to the next line. 0 once *p is at the
 * end. */
int cnames_next_decl(const char **p, const char **name, size_t *n);

/* Who the learner's names are, for cnames_record(). */
struct cnames_who {
	char *const *lhs;		/* the names the line assigns */
	int nlhs;
	const char *const *socks;	/* the sockets the call names */
	int nsocks;
	/* 1 if name is another of the learner's (a socket of the session) */
	int (*known)(const char *name, void *data);
	void *data;
};

/* In r's set-up, arguments but the first (the socket keeps its name) and
 * after lines: each declared variable that is also one of the learner's
 * names is renamed NAME_ (NAME__ if that is taken too), never inside a
 * string literal. Where the same word could mean the learner's socket
 * (it is used in the set-up: "int flags = fcntl(flags, F_GETFL)") or a
 * name the line assigns (in the after lines: "int sv = sv[0]"), it is
 * left as it is. */
void cnames_record(struct record *r, const struct cnames_who *w);

#endif
