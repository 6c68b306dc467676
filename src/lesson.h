/* lesson.h - lessons: executable Markdown, parsed, listed, run. */
#ifndef SOCKREPL_LESSON_H
#define SOCKREPL_LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "session.h"
#include "util.h"

enum lesson_step_kind {
	LESSON_RUN,		/* "    sock> CMD": run it */
	LESSON_YOUR_TURN,	/* "    your turn> CMD => EXPECT": learner */
	LESSON_CHALLENGE,	/* "    challenge> TASK": solved unaided */
	LESSON_OUTSIDE,		/* "    outside> nc HOST PORT", "type TEXT",
				 * "close": the learner's other terminal */
};

struct lesson_step {
	enum lesson_step_kind kind;
	int lineno;		/* 1-based line in the file */
	char *command;		/* the text after the prompt, with "=> ..." */
	char *hint;		/* "hint:" lines joined by '\n', or NULL */
	char *before;		/* narration since the previous step */
	/* A your-turn step's goal (lesson-goal.c): */
	char *goal;		/* "goal:" text, or NULL */
	unsigned long loose;	/* "loose:": bit N, argument N may differ;
				 * LESSON_LOOSE_ALL: any arguments */
	/* A "sock> expect" step right after a your-turn step (and its
	 * goal, loose and hint lines) belongs to it: the runner checks it
	 * with the learner's answer. Replays run it as any step. */
	int attached;
	/* A challenge's "solution>" and "check>" lines, each joined by
	 * '\n'; NULL for other steps. */
	char *solution;
	char *check;
};

#define LESSON_LOOSE_ALL (~0UL)
#define LESSON_LOOSE_MAX 63	/* the highest argument "loose:" takes */

struct lesson {
	char *path;
	uint64_t hash;		/* FNV-1a 64 of the file: its identity */
	char *title;		/* the first "# " heading, without "# " */
	struct lesson_step *steps;
	size_t nsteps;
	char *after;		/* narration after the last step */
};

#define LESSON_MAX_SIZE (1 << 20)	/* bytes in a lesson file: 1 MiB */

/* Parse lesson text. Returns 0, or -1 with "PATH:LINE: message" in err
 * (a your-turn step without "=>", a hint with no your-turn or challenge
 * before it, a goal or loose line with no your-turn before it, a bad
 * loose line, a challenge without solution> or check> lines, a solution>
 * or check> line with no challenge before it, an outside> step that is
 * not nc HOST PORT, type TEXT or close, no
 * title, no steps, a line longer than PARSE_MAX_LINE). A UTF-8
 * byte-order mark before the title is skipped. *out is set only on
 * success; free with lesson_free. */
int lesson_parse(const char *path, const char *text, size_t len,
		 struct lesson **out, struct sbuf *err);
/* Read and parse the file at path. Returns 0; -1 as lesson_parse, or
 * "PATH: larger than ..." past LESSON_MAX_SIZE bytes; -2 with "PATH:
 * strerror" when the file cannot be read (missing, a directory, no
 * permission). */
int lesson_load(const char *path, struct lesson **out, struct sbuf *err);
void lesson_free(struct lesson *l);
/* 1 if path names a Markdown lesson (ends in .md). */
int lesson_is_markdown(const char *path);

/* FNV-1a, 64 bits, of len bytes at p. */
uint64_t lesson_hash(const void *p, size_t len);

/* Progress (lesson-progress.c), kept in $XDG_STATE_HOME/sockrepl/progress
 * and keyed by the lesson's identity: its resolved path and the hash of
 * its text. Another file of the same name, or the same file edited, has
 * no progress. */
#define LESSON_PROGRESS_NEW (-1L)	/* never started */
#define LESSON_PROGRESS_DONE (-2L)	/* finished */
#define LESSON_PROGRESS_CHANGED (-3L)	/* started, but the file changed */
/* The step to resume l at, or one of LESSON_PROGRESS_*. */
long lesson_progress_get(const struct lesson *l);
/* Record step (or LESSON_PROGRESS_DONE) for l, keeping every other line of
 * the file. Returns 0, or -1 when it could not be saved. */
int lesson_progress_set(const struct lesson *l, long step);

/* Challenges (lesson-challenge.c). */
/* The n-th line (0-based) of text joined by '\n', malloc'd; NULL past the
 * end or when text is NULL. */
char *lesson_nth_line(const char *text, size_t n);
/* A challenge being solved: how many of its "ran" checks the commands
 * run so far met, in their order. */
struct lesson_challenge {
	const struct lesson_step *st;
	size_t ran;
};
void lesson_challenge_begin(struct lesson_challenge *c,
			    const struct lesson_step *st);
/* Run line (the learner's, or a solution> line) as cmd_execute does,
 * into res (initialised here; free it), noting whether it met the next
 * "ran" check. */
enum exec_status lesson_challenge_run(struct lesson_challenge *c,
				      struct session *s, const char *line,
				      struct exec_result *res);
/* Run the challenge's checks (the command checks print to s->out as any
 * command does). 1 when all hold; else 0 with one line a failed check
 * in why. */
int lesson_challenge_verify(struct lesson_challenge *c, struct session *s,
			    struct sbuf *why);

/* The two-terminal experiment (lesson-outside.c). The stand-in client
 * plays the learner's nc when asked, and always in a replay. */
struct lesson_outside {
	int fd;			/* the stand-in's socket, -1 when none */
	unsigned int port;	/* the port the last nc step named */
};
void lesson_outside_init(struct lesson_outside *o);
/* Close the stand-in's socket, if any. */
void lesson_outside_done(struct lesson_outside *o);
/* Append cmd to out with each "{port NAME}" replaced by the local port
 * of session socket NAME. 0, or -1 with a message in err. */
int lesson_outside_expand(struct session *s, const char *cmd,
			  struct sbuf *out, struct sbuf *err);
/* Do an (expanded) outside step with the stand-in: nc connects a socket
 * of the runner's own (a high descriptor), type sends TEXT and a
 * newline, close closes it. 0, or -1 with a message in err. */
int lesson_outside_standin(struct lesson_outside *o, const char *cmd,
			   struct sbuf *err);
enum lesson_wait {
	WAIT_ARRIVED,		/* the kernel shows what the learner did */
	WAIT_STANDIN,		/* Enter or skip: the stand-in instead */
	WAIT_STOPPED,		/* Ctrl-C */
	WAIT_TIMEOUT,
	WAIT_QUIT,		/* quit, or end of input */
	WAIT_NOTHING,		/* no socket of the session to wait on */
};
/* Wait, at most timeout_s seconds with a countdown on s->out, until the
 * session's sockets show that the learner did the (expanded) outside
 * step cmd in another terminal: nc: a listener on that port can accept;
 * type: a connection accepted on the port (of the last nc) has data;
 * close: it has the peer's end of file or reset. */
enum lesson_wait lesson_outside_wait(struct session *s,
				     struct lesson_outside *o,
				     const char *cmd, int timeout_s);

/* Lesson runner (lesson-run.c). */
/* The i-th lesson's short name ("03-bind") for completion, NULL past the
 * end. */
const char *lesson_name_at(size_t i);
/* Run lesson which (a number or a name) interactively; lang NULL picks by
 * locale. Returns an exit status. */
int lesson_run(struct session *s, const char *which, const char *lang);
/* Print every lesson with its title and the learner's progress. */
int lesson_list(FILE *out, const char *lang);
/* On a newcomer's first start, offer lesson 1; 1 if a lesson ran. */
int lesson_offer(struct session *s, const char *lang);

#endif
