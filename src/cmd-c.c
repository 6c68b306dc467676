/* cmd-c.c - the commands of C input: vars lists the C variables. */
#include "config.h"

#include "cexec.h"
#include "cmd.h"
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

const struct cmd_entry *const cmd_c_entries[] = {
	&vars_entry,
	NULL,
};
