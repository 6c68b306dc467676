/* cmd-c.c - the commands of the C bridge: vars lists the C variables,
 * export writes the session as a C program. */
#include "config.h"

#include "cexec.h"
#include "cmd.h"
#include "export.h"
#include "i18n.h"

static int vars_exec(struct cmd_ctx *ctx)
{
	cexec_list_vars(ctx->s, &ctx->rec->out);
	if (ctx->rec->out.len == 0)
		sbuf_add(&ctx->rec->out, _("(no C variables yet: declare one, as in int n = 0;)"));
	return CMD_OK;
}

static const struct cmd_entry vars_entry = {
	.name = "vars",
	.summary = N_("the C variables and #defines, with their types and values"),
	.help = N_("C typed at the prompt declares variables (int lfd = socket(...);,\n"
		"char buf[1024];, struct sockaddr_in a;); vars lists them, a struct\n"
		"sockaddr as its address, a char array as the text it holds. A\n"
		"socket's name is shared: the C variable lfd and the command's lfd\n"
		"are the same descriptor."),
	.args = cmd_no_args,
	.exec = vars_exec,
};

static const struct cmd_arg export_args[] = {
	{ .kind = ARG_WORD, .name = "FILE.c" },
	{ .kind = ARG_FLAG, .name = "--split" },
	{ .kind = ARG_END },
};

static int export_exec(struct cmd_ctx *ctx)
{
	struct sbuf names = SBUF_INIT;
	int rc;

	rc = export_write(ctx->s, ctx->arg[0].str, (int)ctx->arg[1].num,
			  &names, ctx->err);
	if (rc == 0)
		sbuf_addf(&ctx->rec->out, _("wrote %s: build with cc -std=c11 -Wall -Wextra -Werror -pedantic"),
			  sbuf_str(&names));
	sbuf_free(&names);
	return rc == 0 ? CMD_OK : CMD_ERROR;
}

static const struct cmd_entry export_entry = {
	.name = "export",
	.summary = N_("write the session so far as a C program"),
	.help = N_("export prog.c writes every call of the session as it ran, with your\n"
		"names, the check of what happened (perror on a failure, errno for\n"
		"an expected one, the bytes a recv got) and the state lines as\n"
		"comments; a port the kernel picked is read back with getsockname,\n"
		"so the program runs again anywhere. --split writes prog-server.c\n"
		"and prog-client.c: the calls on the listening and accepted sockets,\n"
		"and those on the connecting ones."),
	.args = export_args,
	.exec = export_exec,
};

const struct cmd_entry *const cmd_c_entries[] = {
	&vars_entry,
	&export_entry,
	NULL,
};
