/* expect.h - "=> RESULT" expectations: parse, match against a record. */
#ifndef SOCKREPL_EXPECT_H
#define SOCKREPL_EXPECT_H

#include "parse.h"
#include "record.h"

#define EXPECT_MAX_ALTS 4

enum expect_kind {
	EXPECT_ANY,		/* => * */
	EXPECT_VALUE,		/* => 3 */
	EXPECT_FAIL,		/* => -1 EADDRINUSE, => EADDRINUSE, => -1 */
	EXPECT_DATA,		/* => "nihao\n": the bytes received */
};

struct expect_alt {
	enum expect_kind kind;
	long value;
	int err;		/* 0 with EXPECT_FAIL: any errno */
	char *data;
	size_t len;
};

struct expect {
	struct expect_alt alt[EXPECT_MAX_ALTS];	/* joined by " | " */
	int nalts;
};

/* Parse the words after "=>". 0, or -1 with a message in err. */
int expect_parse(const struct word *w, int n, struct expect *out,
		 struct sbuf *err);
void expect_free(struct expect *e);
/* 1 if the record satisfies any alternative. */
int expect_match(const struct expect *e, const struct record *r);
/* Append the expectation as it would be written: "-1 EADDRINUSE". */
void expect_format(struct sbuf *out, const struct expect *e);
/* Append what the record gave, in the same notation. */
void expect_format_got(struct sbuf *out, const struct record *r);

#endif
