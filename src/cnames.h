/* cnames.h - the C variables a call's set-up declares ("struct
 * sockaddr_storage peer;", "char buf[100];"), renamed where they would
 * clash with a name of the learner's, so that the C shown and exported
 * stays C. */
#ifndef SOCKREPL_CNAMES_H
#define SOCKREPL_CNAMES_H

#include <stddef.h>

#include "record.h"

/* text with every whole word from replaced by to; malloc'd. */
char *cnames_rename_word(const char *text, const char *from,
			 const char *to);

/* The variable that the set-up line at *p declares (the word after its
 * type: "socklen_t len = ..." gives len): its start in *name and length
 * in *n (0: none), and *p moved to the next line. 0 once *p is at the
 * end. */
int cnames_next_decl(const char **p, const char **name, size_t *n);

/* 1 if name (n bytes) is one of the learner's. */
typedef int cnames_clash_fn(const char *name, size_t n, void *data);

/* In r's set-up, after lines and arguments but the first (the socket
 * keeps its name): each declared variable for which clash() says 1 is
 * renamed NAME_ (NAME__ if that clashes too). */
void cnames_record(struct record *r, cnames_clash_fn *clash, void *data);

#endif
