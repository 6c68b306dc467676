/* cmd-udp.c - commands of this family (stub until its issue lands). */
#include "config.h"

#include "cmd.h"

const struct cmd_entry *const cmd_udp_entries[] = {
	NULL,
};
