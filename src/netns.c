/* netns.c - run the shell in a private user + network namespace
 * (--netns), or join one (--join PID): packet capture without root. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "i18n.h"
#include "netns.h"
#include "trace.h"

#define NETNS_SCAN_MAX (1 << 20)	/* bytes of a file scanned for trace on */

/* Write text to a /proc file (uid_map, gid_map, setgroups). */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;
	size_t n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n)
		ret = -1;
	if (close(fd) < 0)
		ret = -1;
	return ret;
}

/* A new network namespace has its loopback interface down. */
static int lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

static void why_userns(struct sbuf *err)
{
	enum trace_userns u = trace_userns();

	if (u == USERNS_NO_CLONE)
		sbuf_add(err, _(": user namespaces are disabled for ordinary users (sysctl kernel.unprivileged_userns_clone = 0)"));
	else if (u == USERNS_NO_MAX)
		sbuf_add(err, _(": user namespaces are disabled (sysctl user.max_user_namespaces = 0)"));
	else
		sbuf_addf(err, ": %s", strerror(errno));
}

int netns_enter(struct sbuf *err)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
		sbuf_add(err, _("cannot make a network namespace"));
		why_userns(err);
		return -1;
	}
	/* Our own ids inside as outside: files we write keep their owner.
	 * setgroups must be denied before an unprivileged gid_map. */
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		goto fail;
	if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		goto fail;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0)
		goto fail;
	if (lo_up() < 0)
		goto fail;
	return 0;
fail:
	sbuf_addf(err, _("cannot set up the network namespace: %s"),
		  strerror(errno));
	return -1;
}

/* Does the line (leading blanks gone) run "trace on"? */
static int traces(const char *l)
{
	static const char *const prompts[] = { "sock> ", "your turn> " };
	size_t i, n;

	for (i = 0; i < sizeof(prompts) / sizeof(prompts[0]); i++) {
		n = strlen(prompts[i]);
		if (strncmp(l, prompts[i], n) == 0)
			l += n + strspn(l + n, " \t");
	}
	return strncmp(l, "trace", 5) == 0 && strchr(" \t", l[5]) &&
	       strncmp(l + 5 + strspn(l + 5, " \t"), "on", 2) == 0 &&
	       strchr(" \t\r\n#=", l[7 + strspn(l + 5, " \t")]);
}

int netns_file_traces(const char *path)
{
	char line[512];
	struct stat st;
	size_t seen = 0;
	FILE *f;
	int found = 0;

	/* Only a plain file, and only its head: not /dev/zero for ever. */
	if (strcmp(path, "-") == 0 || (f = fopen(path, "re")) == NULL)
		return 0;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		while (!found && seen < NETNS_SCAN_MAX &&
		       fgets(line, sizeof(line), f)) {
			seen += strlen(line) + 1;
			found = traces(line + strspn(line, " \t"));
		}
	fclose(f);
	return found;
}

/* Enter the namespace of kind ("user", "net") of pid. */
static int join_one(pid_t pid, const char *kind, int type)
{
	char path[64];
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/%ld/ns/%s", (long)pid, kind);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = setns(fd, type);
	close(fd);
	return ret;
}

int netns_join(pid_t pid, struct sbuf *err)
{
	char self[64], other[64], path[64];
	ssize_t n, m;

	/* Already in its user namespace (root, or a second join): setns
	 * would refuse to enter it again. */
	snprintf(path, sizeof(path), "/proc/%ld/ns/user", (long)pid);
	m = readlink(path, other, sizeof(other) - 1);
	n = readlink("/proc/self/ns/user", self, sizeof(self) - 1);
	if (m < 0) {
		sbuf_addf(err, _("cannot join process %ld: %s"), (long)pid,
			  strerror(errno));
		return -1;
	}
	if ((n != m || memcmp(self, other, (size_t)n) != 0) &&
	    join_one(pid, "user", CLONE_NEWUSER) < 0)
		goto fail;
	if (join_one(pid, "net", CLONE_NEWNET) < 0)
		goto fail;
	return 0;
fail:
	sbuf_addf(err, _("cannot join the namespaces of process %ld: %s"),
		  (long)pid, strerror(errno));
	return -1;
}
