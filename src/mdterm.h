/* mdterm.h - Markdown (a lesson's narration) rendered for a terminal. */
#ifndef SOCKREPL_MDTERM_H
#define SOCKREPL_MDTERM_H

#include <stddef.h>

#include "util.h"

struct md_style {
	size_t width;	/* columns to wrap to; 0: the lines as written */
	int color;	/* escape sequences: bold, code, C highlighting */
	int utf8;	/* bullets and box-drawing characters; else ASCII */
};

/* Append the Markdown md (len bytes, CommonMark with GitHub's tables) to
 * out as terminal text: headings, emphasis, code spans, fenced and
 * indented code (C highlighted lightly when colour is on), nested lists,
 * block quotes and tables with columns aligned by display width, wrapped
 * to st->width by display width (two columns for a CJK character). No
 * Markdown markup is left, and without colour no escape sequence is
 * written. Every line ends with '\n'; no blank line leads or trails.
 * Returns 0; -1 when md4c failed, and out then holds md as it is. */
int md_render(const char *md, size_t len, const struct md_style *st,
	      struct sbuf *out);

#endif
