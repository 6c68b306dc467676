/* show-facts.h - the words for the facts a handler records (record.h). */
#ifndef SOCKREPL_SHOW_FACTS_H
#define SOCKREPL_SHOW_FACTS_H

#include "record.h"
#include "util.h"

/* Append fact f to out as the learner reads it, translated; lines are
 * indented, the last one ends without a newline (bytes: with one). */
void show_fact(struct sbuf *out, const struct fact *f);

#endif
