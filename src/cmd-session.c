/* cmd-session.c - help, history, set, sleep, quit: the shell itself. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "i18n.h"
#include "sig.h"

static const struct cmd_arg help_args[] = {
	{ .kind = ARG_WORD, .name = "COMMAND", .flags = ARG_OPTIONAL,
	  .complete = "cmd" },
	{ .kind = ARG_END },
};

static int help_exec(struct cmd_ctx *ctx)
{
	const struct cmd_entry *e;

	if (!ctx->arg[0].given) {
		cmd_help_all(&ctx->rec->out);
		return CMD_OK;
	}
	e = cmd_lookup(ctx->arg[0].str, ctx->err);
	if (e == NULL)
		return CMD_ERROR;
	cmd_help_one(e, &ctx->rec->out);
	return CMD_OK;
}

static const struct cmd_entry help_entry = {
	.name = "help",
	.alias = "?",
	.summary = N_("list the commands, or explain one"),
	.help = N_("help alone lists every command by group; help COMMAND shows its\n"
		"arguments and what it teaches. Tab completes commands, constants\n"
		"and socket names."),
	.args = help_args,
	.exec = help_exec,
};

static int history_exec(struct cmd_ctx *ctx)
{
	/* The driver lists it: the commands do not know Readline. */
	if (!ctx->s->opt.interactive || ctx->s->list_history == NULL)
		sbuf_add(&ctx->rec->out, _("(no history when replaying a script)"));
	else
		ctx->s->list_history(&ctx->rec->out);
	return CMD_OK;
}

static const struct cmd_entry history_entry = {
	.name = "history",
	.summary = N_("the commands typed so far"),
	.help = N_("Interactive history is kept in $XDG_STATE_HOME/sockrepl/history\n"
		"(default ~/.local/state/sockrepl/history); Up and Ctrl-R search it."),
	.args = cmd_no_args,
	.exec = history_exec,
};

struct option_def {
	const char *name;
	const char *help;
	int *(*field)(struct options *o);
};

static int *opt_color(struct options *o) { return &o->color; }
static int *opt_c(struct options *o) { return &o->show_c; }
static int *opt_state(struct options *o) { return &o->show_state; }
static int *opt_explain(struct options *o) { return &o->explain; }

static const struct option_def option_defs[] = {
	{ "color", N_("colour the output"), opt_color },
	{ "c", N_("show the C statement of each call"), opt_c },
	{ "state", N_("show kernel state changes after each call"), opt_state },
	{ "explain", N_("explain errno values"), opt_explain },
};

static void show_options(struct session *s, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(option_defs); i++)
		sbuf_addf(out, "  %-8s %-4s %s\n", option_defs[i].name,
			  *option_defs[i].field(&s->opt) ? "on" : "off",
			  _(option_defs[i].help));
	sbuf_addf(out, _("  %-8s %-4ld ms a blocking call or sleep may wait in a replay (0: forever)"),
		  "timeout", s->opt.block_timeout_ms);
}

/* set alone lists the options; set OPTION VALUE changes one. */
static const struct cmd_arg set_args[] = {
	{ .kind = ARG_WORD, .name = "OPTION",
	  .words = "color c state explain timeout",
	  .flags = ARG_OPTIONAL | ARG_PAIR },
	{ .kind = ARG_WORD, .name = "VALUE", .words = "on off",
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_END },
};

static int set_exec(struct cmd_ctx *ctx)
{
	const char *name = ctx->arg[0].str, *val = ctx->arg[1].str;
	size_t i;
	long ms;

	if (!ctx->arg[0].given) {
		show_options(ctx->s, &ctx->rec->out);
		return CMD_OK;
	}
	if (strcmp(name, "timeout") == 0) {
		if (cmd_long(ctx, 1, 0, 3600000, N_("timeout"), &ms) < 0)
			return CMD_ERROR;
		ctx->s->opt.block_timeout_ms = ms;
		return CMD_OK;
	}
	for (i = 0; i < ARRAY_SIZE(option_defs); i++) {
		if (strcmp(name, option_defs[i].name) != 0)
			continue;
		if (strcmp(val, "on") != 0 && strcmp(val, "off") != 0)
			return cmd_error(ctx, _("set %s: the value is on or off"),
					 name);
		*option_defs[i].field(&ctx->s->opt) = strcmp(val, "on") == 0;
		return CMD_OK;
	}
	return cmd_error(ctx, _("unknown option '%s': color, c, state, explain or timeout"),
			 name);
}

static const struct cmd_entry set_entry = {
	.name = "set",
	.summary = N_("change how sockrepl shows things"),
	.help = N_("set color on|off, set c on|off (the C statement), set state on|off\n"
		"(state lines), set explain on|off (errno explanations), set timeout\n"
		"MS (how long a replayed script lets a call block or sleep). set\n"
		"alone lists the options."),
	.args = set_args,
	.exec = set_exec,
};

static const struct cmd_arg sleep_args[] = {
	{ .kind = ARG_INT, .name = "MS", .min = 0, .max = 3600000,
	  .what = N_("milliseconds") },
	{ .kind = ARG_END },
};

static int sleep_exec(struct cmd_ctx *ctx)
{
	struct session *s = ctx->s;
	long ms = ctx->arg[0].num, wait;
	long limit = s->opt.interactive ? 0 : s->opt.block_timeout_ms;
	struct timespec ts;

	/* A replay never waits longer than a blocked call may. */
	wait = limit > 0 && ms > limit ? limit : ms;
	ts.tv_sec = wait / 1000;
	ts.tv_nsec = (wait % 1000) * 1000000;
	cmd_flush(s);	/* what came before shows while it waits */
	sig_block_begin(0);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !sig_int_pending)
		;
	sig_block_end();
	if (sig_int_pending)
		record_fact(ctx->rec, FACT_SLEEP_INTERRUPTED, -1);
	else if (wait < ms)
		record_fact(ctx->rec, FACT_SLEEP_GAVE_UP, FP_INT, limit, -1);
	if (s->opt.interactive)
		sig_int_pending = 0;	/* a replay stops after the sleep */
	return CMD_OK;
}

static const struct cmd_entry sleep_entry = {
	.name = "sleep",
	.summary = N_("wait MS milliseconds (let the network move)"),
	.help = N_("Useful in scripts: after a close, give the peer's RST or FIN a moment\n"
		"to arrive before the next call. Ctrl-C cuts it short; in a replay it\n"
		"waits at most the replay time-out (set timeout)."),
	.flags = CMD_STATE | CMD_TIME,
	.args = sleep_args,
	.exec = sleep_exec,
};

static int quit_exec(struct cmd_ctx *ctx)
{
	ctx->s->quit = 1;
	return CMD_OK;
}

static const struct cmd_entry quit_entry = {
	.name = "quit",
	.alias = "exit",
	.summary = N_("leave sockrepl (closing every socket)"),
	.help = N_("Closes every descriptor the session created and exits. Ctrl-D at an\n"
		"empty prompt does the same."),
	.args = cmd_no_args,
	.exec = quit_exec,
};

const struct cmd_entry *const cmd_session_entries[] = {
	&help_entry, &history_entry, &set_entry, &sleep_entry, &quit_entry,
	NULL,
};
