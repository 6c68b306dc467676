/* cmd-opt.c - commands of this family (stub until its issue lands). */
#include "config.h"

#include "cmd.h"

const struct cmd_entry *const cmd_opt_entries[] = {
	NULL,
};
