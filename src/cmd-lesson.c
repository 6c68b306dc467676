/* cmd-lesson.c - lesson: start or resume a guided lesson from the shell;
 * next, back, repeat, hint, retry, reset: the words a running lesson
 * answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "i18n.h"
#include "lesson.h"

static const struct cmd_arg lesson_args[] = {
	{ .kind = ARG_WORD, .name = "N|NAME", .flags = ARG_OPTIONAL,
	  .complete = "lesson" },
	{ .kind = ARG_END },
};

static int lesson_exec(struct cmd_ctx *ctx)
{
	struct session *s = ctx->s;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem;

	if (!ctx->arg[0].given) {
		mem = open_memstream(&buf, &size);
		if (mem == NULL)
			return cmd_error(ctx, _("lesson: out of memory"));
		lesson_list(mem, NULL);
		fclose(mem);
		while (size && buf[size - 1] == '\n')
			size--;
		sbuf_addn(&ctx->rec->out, buf, size);
		free(buf);
		return CMD_OK;
	}
	if (s->lesson)
		return cmd_error(ctx, _("you are in a lesson already: quit leaves it (your place is saved)"));
	if (!s->opt.interactive)
		return cmd_error(ctx, _("a lesson needs a person at a terminal; to replay one as a script, run: sockrepl LESSON.md"));
	/* Unknown lessons are reported, with the list, by lesson_run(). */
	lesson_run(s, ctx->arg[0].str, NULL);
	s->quit = 0;	/* leaving a lesson started here returns to the shell */
	return CMD_OK;
}

static const struct cmd_entry lesson_entry = {
	.name = "lesson",
	.alias = "lessons",
	.summary = N_("start or resume a guided lesson"),
	.help = N_("lesson alone lists the lessons with your progress. lesson 3, lesson\n"
		"03-bind or lesson bind starts that lesson, or resumes it where you\n"
		"left it. Each step explains an idea, then puts the next command on\n"
		"the line: Enter runs it, or edit it first. At a 'your turn>' prompt\n"
		"you type the command yourself, and the lesson checks it against the\n"
		"step's goal. Inside a lesson, next (or skip), back, repeat, hint,\n"
		"retry, reset and quit steer it."),
	.args = lesson_args,
	.exec = lesson_exec,
};

/* Outside a lesson these words only explain themselves; a running lesson
 * reads them before the command table is consulted. */
static int word_exec(struct cmd_ctx *ctx)
{
	return cmd_error(ctx, _("%s works inside a lesson: start one with lesson N (lesson alone lists them)"),
			 ctx->entry->name);
}

static const struct cmd_entry next_entry = {
	.name = "next",
	.alias = "skip",
	.summary = N_("in a lesson: skip this step"),
	.help = N_("The lesson runs the step's own command for you, so that the steps\n"
		"after it still work, and moves on."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

static const struct cmd_entry back_entry = {
	.name = "back",
	.summary = N_("in a lesson: go back one step"),
	.help = N_("Shows the previous step again. The kernel state is not undone: the\n"
		"sockets made since stay as they are."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

static const struct cmd_entry repeat_entry = {
	.name = "repeat",
	.summary = N_("in a lesson: show this step's explanation again"),
	.help = N_("Prints the narration of the current step once more and puts its\n"
		"command back on the line."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

static const struct cmd_entry hint_entry = {
	.name = "hint",
	.summary = N_("in a lesson: a hint for this step"),
	.help = N_("At a 'your turn>' step or a challenge, shows the lesson's next hint:\n"
		"one more each time, the last one is the answer. A wrong try (or a\n"
		"done that is not yet solved) shows the next one too.\n"
		"quit leaves a lesson, saving your place."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

static const struct cmd_entry retry_entry = {
	.name = "retry",
	.summary = N_("in a lesson: try this step again"),
	.help = N_("When a step did not go as the lesson expects, the lesson stops; retry\n"
		"puts the step's command back on the line."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

static const struct cmd_entry reset_entry = {
	.name = "reset",
	.summary = N_("in a lesson: start afresh at this step"),
	.help = N_("Closes the sockets made in the lesson and runs the steps before this\n"
		"one again, quietly, so that the kernel's state is what this step\n"
		"needs; at a challenge, the challenge starts again."),
	.flags = CMD_LESSON,
	.args = cmd_no_args,
	.exec = word_exec,
};

const struct cmd_entry *const cmd_lesson_entries[] = {
	&lesson_entry, &next_entry, &back_entry, &repeat_entry, &hint_entry,
	&retry_entry, &reset_entry, NULL,
};
