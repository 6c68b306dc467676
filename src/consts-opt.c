/* consts-opt.c - socket option and poll event tables (filled by issue 4). */
#include "config.h"

#include <poll.h>
#include <sys/socket.h>

#include "consts.h"

static const struct const_def opt_socket_defs[] = {
	{ "SO_REUSEADDR", "reuseaddr", SO_REUSEADDR, "reuse a local address" },
};
const struct const_table consts_opt_socket = {
	"sockopt", opt_socket_defs, ARRAY_SIZE(opt_socket_defs), 0
};
const struct const_table consts_opt_tcp = { "tcpopt", NULL, 0, 0 };
const struct const_table consts_opt_ip = { "ipopt", NULL, 0, 0 };
const struct const_table consts_opt_ipv6 = { "ipv6opt", NULL, 0, 0 };
static const struct const_def poll_defs[] = {
	{ "POLLIN", "in", POLLIN, "data or a connection to read" },
	{ "POLLOUT", "out", POLLOUT, "room to write" },
};
const struct const_table consts_poll = {
	"poll", poll_defs, ARRAY_SIZE(poll_defs), 1
};
