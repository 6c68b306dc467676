/* netns.h - run the shell in a private user + network namespace
 * (--netns), or join one (--join PID): packet capture without root. */
#ifndef SOCKREPL_NETNS_H
#define SOCKREPL_NETNS_H

#include <sys/types.h>

#include "util.h"

/*
 * Move this process into new user and network namespaces (it must be
 * single-threaded): map its own uid and gid, bring the namespace's
 * loopback interface up. Returns 0, or -1 with errno set and a
 * translated one-line reason in err.
 */
int netns_enter(struct sbuf *err);
/* 1 if the script or lesson at path turns trace on (a line "trace on",
 * "sock> trace on" or "your turn> trace on"): its replay is to run in a
 * namespace of its own. 0 otherwise, or when it cannot be read. */
int netns_file_traces(const char *path);
/* Join the user and network namespaces of process pid (a sockrepl
 * --netns). Returns 0, or -1 with a translated reason in err. */
int netns_join(pid_t pid, struct sbuf *err);

#endif
