/* check_soak.c - the soak test: a long random session (tests/soak/gen.c)
 * run through cmd_execute(), the session's invariants checked after every
 * command.
 *
 * The invariants: the shell is alive (it did not crash or quit); what it
 * printed is text (UTF-8, no control bytes but newline, tab, ESC); every
 * descriptor the session lists is open (poll(2)), listed once, and
 * a socket of the listed type and domain (asked of the kernel when the
 * entry is new or changed, and again every SOAK_REVERIFY commands); no
 * other descriptor is open but the test's own (open before the session
 * began, and unchanged) and sockrepl's netlink socket, so nothing leaks
 * and nothing foreign is touched; the heap stays under SOAK_MEM_MAX, and
 * after each drain (the table back to its closed names) it is within
 * SOAK_MEM_GROWTH of what it was after the first.
 *
 * A second session (seed + 1, a quarter as many lines) runs with
 * SOCKREPL_NO_NETLINK=1, so that the /proc/net fallback is soaked too.
 *
 * check_soak                     make check: seed SOAK_SEED, SOAK_COUNT lines
 * check_soak --seed N --count M  a longer or another run (make soak)
 * check_soak --seed N --count M --write FILE
 *                                write that session as a script instead,
 *                                to replay by hand: src/sockrepl FILE
 *
 * On a failure it prints the seed, the command number, the line, the last
 * SOAK_RING lines and the output of the failing one; a crash prints the
 * same from a signal handler (or ASan's death callback). */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "session.h"
#include "sig.h"
#include "soak/gen.h"

#define SOAK_SEED 20261201ULL	/* make check's fixed session */
#define SOAK_COUNT 20000L
#define SOAK_MEM_MAX (64L << 20)	/* heap bytes in use, at most */
#define SOAK_MEM_GROWTH (1L << 20)	/* from one drain to a later one */
#define SOAK_RING 20		/* lines shown before a failure */
#define SOAK_TIMEOUT_MS 100	/* a call that blocks gives up after it */
#define SOAK_MAX_CMDS 256	/* entries in the command table, at most */
#define SOAK_FD_LIMIT 2048	/* RLIMIT_NOFILE during the run */

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif

#ifdef SOAK_ASAN
/* From <sanitizer/allocator_interface.h> and common_interface_defs.h,
 * which not every compiler installs. */
size_t __sanitizer_get_current_allocated_bytes(void);
void __sanitizer_set_death_callback(void (*callback)(void));
#endif

static struct {
	uint64_t seed;
	long count;
	const char *write;
} opt = { SOAK_SEED, SOAK_COUNT, NULL };

/* A descriptor open before the session began: the test's own. */
struct own_fd {
	int fd;
	dev_t dev;
	ino_t ino;
};

/* What the checks know of one descriptor number. */
struct fd_info {
	long listed;		/* listed by the session after command n */
	long open;		/* in /proc/self/fd after command n */
	long verified;		/* type and domain asked of the kernel */
	int type, domain;	/* as listed then */
};

/* A socket listed without a change is asked about again after this many
 * commands: with 1,000 sockets, two getsockopt calls each after every
 * command would be most of the run. /proc/self/fd still shows after
 * every command that it is open. */
#define SOAK_REVERIFY 16

struct soak {
	uint64_t seed;
	const char *how;		/* "netlink" or the fallback */
	int no_netlink;			/* SOCKREPL_NO_NETLINK is set */
	struct session s;
	struct soak_gen gen;
	char dir[64];
	char cwd[4096];		/* where to go back to */
	struct sbuf line;
	long cmd;			/* number of the line being run */
	char *ring[SOAK_RING];		/* the last lines, by cmd */
	char *out;			/* what the last line printed */
	size_t outlen;
	enum exec_status status;
	struct own_fd *own;
	size_t nown;
	struct fd_info *fds;		/* by descriptor number */
	struct pollfd *poll;		/* one for every number we can open */
	size_t npoll;
	size_t nfds;
	struct sbuf why;		/* the invariant that broke */
	long max_open, blocked;		/* for the summary */
	size_t max_mem;
	size_t drained_mem;		/* heap after the first drain */
	size_t last_drained_mem;	/* and after the last one */
	size_t entries;			/* entries, open or closed */
	int accepting;			/* the last line ran accept */
	unsigned char accept_at[4096];	/* accept grew a table this big */
	const struct cmd_entry *ran[SOAK_MAX_CMDS];	/* commands run */
	size_t nran;
};

/* The run a crash report describes. */
static struct soak *crash_ctx;

/* --- the session's sockets --- */

typedef int (*sock_fn)(const struct sock *sk, struct soak *k);

/* Call fn on every socket the session lists, open or remembered. The
 * only code here that knows how the session keeps its table. */
static int each_sock(struct soak *k, sock_fn fn)
{
	const struct sock *sk;
	size_t i;

	for (i = 0; (sk = session_at(&k->s, i)) != NULL; i++)
		if (fn(sk, k) < 0)
			return -1;
	return 0;
}

/* --- memory --- */

/* Bytes the allocator has handed out and not taken back; without glibc's
 * mallinfo2() or ASan, the resident set instead. */
static size_t heap_in_use(void)
{
#if defined(SOAK_ASAN)
	return __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#else
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, rss = 0;

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (size_t)sysconf(_SC_PAGESIZE);
#endif
}

/* --- invariants --- */

static int broken(struct soak *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int broken(struct soak *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&k->why, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_own(const struct soak *k, int fd)
{
	size_t i;

	for (i = 0; i < k->nown; i++)
		if (k->own[i].fd == fd)
			return 1;
	return 0;
}

static int sockopt_int(int fd, int opt_name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, opt_name, &v, &len) < 0)
		return -1;
	return v;
}

static struct fd_info *fd_info(struct soak *k, int fd)
{
	if ((size_t)fd >= k->nfds) {
		size_t n = (size_t)fd * 2 + 64;

		k->fds = xrealloc(k->fds, n * sizeof(*k->fds));
		memset(k->fds + k->nfds, 0, (n - k->nfds) * sizeof(*k->fds));
		k->nfds = n;
	}
	return &k->fds[fd];
}

/* Ask the kernel whether fd is an open socket of the listed kind. */
static int verify_sock(const struct sock *sk, struct soak *k)
{
	int type, domain;

	/* getsockopt fails with EBADF when it is not open, ENOTSOCK when it
	 * is not a socket. */
	type = sockopt_int(sk->fd, SO_TYPE);
	if (type < 0)
		return broken(k, "the session lists fd %d (%s), but it is not an open socket: %s",
			      sk->fd, sk->name, strerror(errno));
	domain = sockopt_int(sk->fd, SO_DOMAIN);
	if (type != sk->type || domain != sk->domain)
		return broken(k, "fd %d (%s) is listed as domain %d type %d, the kernel says %d %d",
			      sk->fd, sk->name, sk->domain, sk->type, domain,
			      type);
	return 0;
}

static int check_sock(const struct sock *sk, struct soak *k)
{
	struct fd_info *fi;
	int fd = sk->fd, same;

	k->entries++;
	if (fd < 0)
		return 0;	/* closed, its name remembered */
	if (is_own(k, fd) || fd == k->s.nlfd)
		return broken(k, "the session lists fd %d (%s), which it did not create",
			      fd, sk->name);
	fi = fd_info(k, fd);
	if (fi->listed == k->cmd)
		return broken(k, "the session lists fd %d twice", fd);
	same = fi->listed == k->cmd - 1 && fi->type == sk->type &&
	       fi->domain == sk->domain;
	fi->listed = k->cmd;
	fi->type = sk->type;
	fi->domain = sk->domain;
	if (same && k->cmd - fi->verified < SOAK_REVERIFY)
		return 0;
	fi->verified = k->cmd;
	return verify_sock(sk, k);
}

static int check_own(struct soak *k)
{
	struct stat st;
	size_t i;

	for (i = 0; i < k->nown; i++) {
		const struct own_fd *o = &k->own[i];

		if (fstat(o->fd, &st) < 0 || st.st_dev != o->dev ||
		    st.st_ino != o->ino)
			return broken(k, "fd %d, the test's own, was closed or replaced",
				    o->fd);
	}
	if (k->s.nlfd >= 0 && sockopt_int(k->s.nlfd, SO_DOMAIN) != AF_NETLINK)
		return broken(k, "the netlink descriptor %d is not a netlink socket",
			    k->s.nlfd);
	return 0;
}

/* Every open descriptor is the test's, the netlink one or listed. */
/* Every open descriptor is the test's, the netlink one or listed. One
 * poll(2) over every number below the descriptor limit finds them all
 * (POLLNVAL marks the closed ones), five times cheaper than reading
 * /proc/self/fd with 1,000 sockets open. */
static int check_open_fds(struct soak *k)
{
	long n = 0;
	size_t i;

	for (i = 0; i < k->npoll; i++) {
		k->poll[i].fd = (int)i;
		k->poll[i].events = 0;
	}
	if (poll(k->poll, (nfds_t)k->npoll, 0) < 0)
		return broken(k, "poll: %s", strerror(errno));
	for (i = 0; i < k->npoll; i++) {
		int fd = (int)i;

		if ((k->poll[i].revents & POLLNVAL) || is_own(k, fd) ||
		    fd == k->s.nlfd)
			continue;
		n++;
		if (i >= k->nfds || k->fds[i].listed != k->cmd)
			return broken(k, "fd %d is open but the session does not list it",
				      fd);
		k->fds[i].open = k->cmd;
	}
	if (n > k->max_open)
		k->max_open = n;
	return 0;
}

/* After check_open_fds(): every listed descriptor was open. */
static int check_listed_open(const struct sock *sk, struct soak *k)
{
	if (sk->fd >= 0 && k->fds[sk->fd].open != k->cmd)
		return broken(k, "the session lists fd %d (%s), but it is not open",
			      sk->fd, sk->name);
	return 0;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 if invalid: the
 * test's own check, independent of the shell's utf8_len(). */
static size_t seq_len(const unsigned char *p, size_t n)
{
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 :
	      p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	if (len == 0 || len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* What the learner's terminal gets is text: UTF-8, no control bytes but
 * newline, tab and the escape of colours. Freed memory shown as a name
 * would break it. */
static int check_output(struct soak *k)
{
	const unsigned char *p = (const unsigned char *)(k->out ? k->out : "");
	size_t n = strlen((const char *)p), off = 0, len;

	for (; off < n; off += len) {
		len = seq_len(p + off, n - off);
		if (len == 0)
			return broken(k, "its output has a byte that is not UTF-8 at offset %zu",
				      off);
		if (len == 1 && ((p[off] < 0x20 && p[off] != '\n' &&
				  p[off] != '\t' && p[off] != 0x1b) ||
				 p[off] == 0x7f))
			return broken(k, "its output has control byte 0x%02x at offset %zu",
				      p[off], off);
	}
	if (k->outlen != n)
		return broken(k, "its output has a NUL byte at offset %zu", n);
	return 0;
}

static int check_invariants(struct soak *k)
{
	size_t mem;

	if (k->status == EXEC_QUIT || k->s.quit)
		return broken(k, "the shell quit");
	if (check_output(k) < 0)
		return -1;
	k->entries = 0;
	if (each_sock(k, check_sock) < 0 || check_own(k) < 0 ||
	    check_open_fds(k) < 0 || each_sock(k, check_listed_open) < 0)
		return -1;
	mem = heap_in_use();
	if (mem > k->max_mem)
		k->max_mem = mem;
	if (mem > (size_t)SOAK_MEM_MAX)
		return broken(k, "%zu bytes of heap in use (at most %ld)", mem,
			    SOAK_MEM_MAX);
	/* After a drain the session is back to the same few names: what
	 * grows from one to the next is a leak, however slow. */
	if (strncmp(sbuf_str(&k->line), GEN_DRAINED, GEN_DRAINED_LEN) != 0)
		return 0;
	k->last_drained_mem = mem;
	if (k->drained_mem == 0)
		k->drained_mem = mem;
	else if (mem > k->drained_mem + (size_t)SOAK_MEM_GROWTH)
		return broken(k, "after a drain %zu bytes of heap are in use, %zu after the first",
			      mem, k->drained_mem);
	return 0;
}

/* --- reports --- */

static void put(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_num(int fd, long long v)
{
	char buf[24], *p = buf + sizeof(buf);

	*--p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && p > buf);
	put(fd, p);
}

/* Seed, command number, the last lines: write(2) only, so that a signal
 * handler may call it. */
static void report_context(const struct soak *k)
{
	long i = k->cmd - SOAK_RING + 1;

	put(2, "soak: seed ");
	put_num(2, (long long)k->seed);
	put(2, " (");
	put(2, k->how);
	put(2, "), command ");
	put_num(2, k->cmd);
	put(2, ", the last lines (replay: tests/check_soak --seed ");
	put_num(2, (long long)k->seed);
	put(2, " --count ");
	put_num(2, k->cmd);
	put(2, " --write FILE; src/sockrepl FILE");
	if (k->no_netlink)
		put(2, " with SOCKREPL_NO_NETLINK=1");
	put(2, "):\n");
	for (i = i < 1 ? 1 : i; i <= k->cmd; i++) {
		put(2, i == k->cmd ? "=> " : "   ");
		put_num(2, i);
		put(2, ": ");
		put(2, k->ring[i % SOAK_RING] ? k->ring[i % SOAK_RING] : "");
		put(2, "\n");
	}
}

/* The private directory's socket files are DIR/sN, N below upath: a
 * crash removes them with unlink(2) and rmdir(2) alone. */
static void remove_paths(const struct soak *k)
{
	char path[sizeof(k->dir) + 16], *p;
	unsigned int i, n;
	size_t len = strlen(k->dir);

	memcpy(path, k->dir, len);
	path[len] = '/';
	path[len + 1] = 's';
	for (i = 0; i < k->gen.upath; i++) {
		char digits[12];
		size_t nd = 0;

		n = i;
		do {
			digits[nd++] = (char)('0' + n % 10);
			n /= 10;
		} while (n > 0);
		p = path + len + 2;
		while (nd > 0)
			*p++ = digits[--nd];
		*p = '\0';
		unlink(path);
	}
	rmdir(k->dir);
}

static void on_crash(int signo)
{
	if (crash_ctx) {
		put(2, "soak: the shell died (signal ");
		put_num(2, signo);
		put(2, ")\n");
		report_context(crash_ctx);
		remove_paths(crash_ctx);
	}
	signal(signo, SIG_DFL);
	raise(signo);
}

#ifdef SOAK_ASAN
static void on_asan_death(void)
{
	if (crash_ctx) {
		report_context(crash_ctx);
		remove_paths(crash_ctx);
	}
}
#endif

static void catch_crashes(void)
{
#ifdef SOAK_ASAN
	__sanitizer_set_death_callback(on_asan_death);
#else
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], on_crash);
#endif
}

static void report_failure(const struct soak *k)
{
	fprintf(stderr, "soak: invariant broken after command %ld: %s\n",
		k->cmd, sbuf_str(&k->why));
	fflush(stderr);
	report_context(k);
	fprintf(stderr, "soak: its output:\n%s\n", k->out ? k->out : "");
}

/* --- the run --- */

static void remember_own_fds(struct soak *k)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	struct stat st;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd == dirfd(d) || fstat(fd, &st))
			continue;
		k->own = xrealloc(k->own, (k->nown + 1) * sizeof(*k->own));
		k->own[k->nown].fd = fd;
		k->own[k->nown].dev = st.st_dev;
		k->own[k->nown].ino = st.st_ino;
		k->nown++;
	}
	closedir(d);
}

/* Room for GEN_MAX_OPEN sockets and ours, if the hard limit allows, and
 * no more: check_open_fds() polls every number below the limit. */
static void set_fd_limit(struct soak *k)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max != RLIM_INFINITY &&
			      rl.rlim_max < SOAK_FD_LIMIT ? rl.rlim_max
							  : SOAK_FD_LIMIT;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	k->npoll = SOAK_FD_LIMIT;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < k->npoll)
		k->npoll = (size_t)rl.rlim_cur;
	k->poll = xcalloc(k->npoll, sizeof(*k->poll));
}

/* A private directory for AF_UNIX paths, short enough for sun_path.
 * Returns 0, or -1 with errno. */
static int make_dir(char *dir, size_t n)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, n, "%s/soak.XXXXXX", tmp);
	return mkdtemp(dir) ? 0 : -1;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(dir);
}

/* lesson lists the source tree's lessons, as src/sockrepl would: this
 * binary is not src/sockrepl, so tell it where they are (make check
 * exports top_srcdir). */
static void use_tree_lessons(void)
{
	const char *top = getenv("top_srcdir");
	struct sbuf dir = SBUF_INIT;

	if (top == NULL || *top == '\0' || getenv("SOCKREPL_LESSONS"))
		return;
	sbuf_addf(&dir, "%s/lessons", top);
	setenv("SOCKREPL_LESSONS", sbuf_str(&dir), 0);
	sbuf_free(&dir);
}

static void soak_start(struct soak *k, uint64_t seed, const char *how)
{
	char tag[32];

	memset(k, 0, sizeof(*k));
	k->seed = seed;
	k->how = how;
	k->no_netlink = getenv("SOCKREPL_NO_NETLINK") != NULL;
	use_tree_lessons();
	ck_assert_msg(make_dir(k->dir, sizeof(k->dir)) == 0, "mkdtemp %s: %s",
		      k->dir, strerror(errno));
	/* An address word taken as a relative AF_UNIX path ("bind u
	 * 127.0.0.1 0" on a unix socket) lands there too, not in the tree. */
	ck_assert_ptr_nonnull(getcwd(k->cwd, sizeof(k->cwd)));
	ck_assert_int_eq(chdir(k->dir), 0);
	snprintf(tag, sizeof(tag), "%ld-%" PRIx64, (long)getpid(), seed);
	soak_gen_init(&k->gen, seed, k->dir, tag);
	set_fd_limit(k);
	remember_own_fds(k);
	session_init(&k->s, stdout);
	k->s.opt.block_timeout_ms = SOAK_TIMEOUT_MS;
	sig_init();
	crash_ctx = k;
	catch_crashes();
}

static void soak_end(struct soak *k)
{
	size_t i;

	crash_ctx = NULL;
	session_free(&k->s);
	soak_gen_free(&k->gen);
	ck_assert_int_eq(chdir(k->cwd), 0);
	remove_dir(k->dir);
	for (i = 0; i < SOAK_RING; i++)
		free(k->ring[i]);
	free(k->out);
	free(k->own);
	free(k->fds);
	free(k->poll);
	sbuf_free(&k->line);
	sbuf_free(&k->why);
}

static int has_run(const struct soak *k, const struct cmd_entry *e)
{
	size_t i;

	for (i = 0; i < k->nran; i++)
		if (k->ran[i] == e)
			return 1;
	return 0;
}

static void note_ran(struct soak *k, const struct cmd_entry *e)
{
	if (!has_run(k, e) && k->nran < SOAK_MAX_CMDS)
		k->ran[k->nran++] = e;
}

/* The families of the command table no command of which ran; the
 * commands that did not run are listed in missed. */
static int families_missed(const struct soak *k, struct sbuf *missed)
{
	const struct cmd_family *f;
	int n = 0;
	size_t j;

	for (f = cmd_families; f->title; f++) {
		int any = 0;

		for (j = 0; f->entries[j]; j++) {
			if (has_run(k, f->entries[j]))
				any = 1;
			else
				sbuf_addf(missed, " %s", f->entries[j]->name);
		}
		n += f->entries[0] && !any;
	}
	return n;
}

/* Run the next line, its output kept for a report. */
static void run_line(struct soak *k)
{
	struct exec_result res;
	char *buf = NULL;
	size_t size = 0;

	soak_gen_next(&k->gen, &k->line);
	free(k->ring[k->cmd % SOAK_RING]);
	k->ring[k->cmd % SOAK_RING] = xstrdup(sbuf_str(&k->line));
	k->s.out = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(k->s.out);
	exec_result_init(&res);
	cmd_execute(&k->s, sbuf_str(&k->line), k->line.len, &res);
	fclose(k->s.out);
	k->s.out = stdout;
	free(k->out);
	k->out = buf;
	k->outlen = size;
	k->status = res.status;
	if (res.interrupted && k->blocked++ < 5)	/* a generator's slip */
		printf("soak: command %ld blocked until the time-out: %s\n",
		       k->cmd, sbuf_str(&k->line));
	k->accepting = res.entry && strcmp(res.entry->name, "accept") == 0;
	if (res.entry)
		note_ran(k, res.entry);
	exec_result_free(&res);
}

/* What the run covered: the reader of a log sees that the session went
 * where the generator says it goes. */
static void summary(const struct soak *k)
{
	size_t i, sizes = 0;
	struct sbuf miss = SBUF_INIT;

	for (i = 0; i < sizeof(k->accept_at); i++)
		sizes += k->accept_at[i];
	/* The table grows when an entry is added to 8, 16, 32, ... */
	for (i = 8; i <= 512; i *= 2)
		if (!k->accept_at[i])
			sbuf_addf(&miss, " %zu", i);
	printf("soak: seed %" PRIu64 " (%s): %ld commands, at most %ld sockets open, heap at most %zu KiB, %ld interrupted by the time-out\n"
	       "soak: accept added a socket to %zu table sizes; at the growths 8 to 512: %s%s\n",
	       k->seed, k->how, k->cmd - 1, k->max_open, k->max_mem >> 10,
	       k->blocked, sizes, miss.len ? "missed" : "all",
	       sbuf_str(&miss));
	if (k->drained_mem)
		printf("soak: heap after the first drain %zu KiB, after the last %zu KiB\n",
		       k->drained_mem >> 10, k->last_drained_mem >> 10);
	sbuf_reset(&miss);
	families_missed(k, &miss);
	printf("soak: %zu commands of the table ran; not run:%s\n", k->nran,
	       miss.len ? sbuf_str(&miss) : " none");
	sbuf_free(&miss);
}

/* Run count lines of seed's session, checking after every one. */
static void soak_run(uint64_t seed, long count, const char *how)
{
	struct soak k;
	struct sbuf miss = SBUF_INIT;
	char why[512] = "";
	int ok = 1;

	soak_start(&k, seed, how);
	for (k.cmd = 1; ok && k.cmd <= count; k.cmd++) {
		size_t before = k.entries;

		run_line(&k);
		if (check_invariants(&k) < 0) {
			report_failure(&k);
			ok = 0;
		} else if (k.accepting && k.entries > before &&
			   before < sizeof(k.accept_at)) {
			k.accept_at[before] = 1;
		}
	}
	summary(&k);
	if (ok && count >= SOAK_COUNT && families_missed(&k, &miss) > 0) {
		/* The generator must learn every family the table has. */
		sbuf_addf(&k.why, "a family of commands never ran (not run:%s)",
			  sbuf_str(&miss));
		ok = 0;
	}
	sbuf_free(&miss);
	snprintf(why, sizeof(why), "%s", sbuf_str(&k.why));
	soak_end(&k);
	ck_assert_msg(ok, "seed %" PRIu64 ", command %ld: %s", seed,
		      k.cmd - 1, why);
}

START_TEST(test_soak)
{
	soak_run(opt.seed, opt.count, "netlink");
}
END_TEST

/* Another session, a quarter as long, with the /proc/net fallback in
 * place of netlink: it opens files for every state line and command. */
START_TEST(test_soak_fallback)
{
	setenv("SOCKREPL_NO_NETLINK", "1", 1);
	soak_run(opt.seed + 1, opt.count / 4, "/proc/net fallback");
	unsetenv("SOCKREPL_NO_NETLINK");
}
END_TEST

/* The same seed writes the same session; another seed another one. */
START_TEST(test_gen_deterministic)
{
	struct soak_gen a, b, c;
	struct sbuf la = SBUF_INIT, lb = SBUF_INIT, lc = SBUF_INIT;
	int i, differ = 0;

	soak_gen_init(&a, 7, "/tmp/d", "t");
	soak_gen_init(&b, 7, "/tmp/d", "t");
	soak_gen_init(&c, 8, "/tmp/d", "t");
	for (i = 0; i < 5000; i++) {
		soak_gen_next(&a, &la);
		soak_gen_next(&b, &lb);
		soak_gen_next(&c, &lc);
		ck_assert_str_eq(sbuf_str(&la), sbuf_str(&lb));
		ck_assert_ptr_null(memchr(la.s, '\n', la.len));
		ck_assert_uint_lt(la.len, 16384);
		differ += strcmp(sbuf_str(&la), sbuf_str(&lc)) != 0;
	}
	ck_assert_int_gt(differ, 0);
	soak_gen_free(&a);
	soak_gen_free(&b);
	soak_gen_free(&c);
	sbuf_free(&la);
	sbuf_free(&lb);
	sbuf_free(&lc);
}
END_TEST

static Suite *soak_suite(void)
{
	Suite *s = suite_create("soak");
	TCase *tc = tcase_create("soak");

	/* Not a timed assertion: only a bound for a hung run. */
	tcase_set_timeout(tc, 120 + (double)opt.count / 50);
	tcase_add_test(tc, test_gen_deterministic);
	tcase_add_test(tc, test_soak);
	tcase_add_test(tc, test_soak_fallback);	/* last: it sets an env */
	suite_add_tcase(s, tc);
	return s;
}

/* --- the program --- */

static int write_script(const char *path)
{
	struct soak_gen g;
	struct sbuf line = SBUF_INIT;
	char dir[64], tag[32];
	FILE *f = fopen(path, "w");
	long i;

	if (f == NULL || make_dir(dir, sizeof(dir)) < 0) {
		fprintf(stderr, "check_soak: %s: %s\n", f ? dir : path,
			strerror(errno));
		return EXIT_FAILURE;
	}
	snprintf(tag, sizeof(tag), "%ld-%" PRIx64, (long)getpid(), opt.seed);
	soak_gen_init(&g, opt.seed, dir, tag);
	for (i = 0; i < opt.count; i++) {
		soak_gen_next(&g, &line);
		fprintf(f, "%s\n", sbuf_str(&line));
	}
	soak_gen_free(&g);
	sbuf_free(&line);
	if (fclose(f) != 0) {
		fprintf(stderr, "check_soak: %s: %s\n", path, strerror(errno));
		return EXIT_FAILURE;
	}
	fprintf(stderr, "check_soak: %ld lines in %s; its AF_UNIX paths go to %s (remove it afterwards)\n",
		opt.count, path, dir);
	return EXIT_SUCCESS;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: check_soak [--seed N] [--count LINES] [--write FILE]\n"
		   "Run a random sockrepl session of LINES lines (default %ld) made from\n"
		   "seed N (default %llu), checking the session's invariants after\n"
		   "every line; --write FILE writes the session instead, to replay with\n"
		   "src/sockrepl FILE.\n",
		SOAK_COUNT, (unsigned long long)SOAK_SEED);
}

static int parse_opts(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "write", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "s:n:w:h", lo, NULL)) != -1) {
		errno = 0;
		if (c == 's')
			opt.seed = strtoull(optarg, &end, 0);
		else if (c == 'n')
			opt.count = strtol(optarg, &end, 0);
		else if (c == 'w')
			opt.write = optarg;
		else
			return c == 'h' ? 1 : -1;
		if ((c == 's' || c == 'n') &&
		    (errno || *end || end == optarg || opt.count < 1))
			return -1;
	}
	return optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int st = parse_opts(argc, argv), failed;

	if (st != 0) {
		usage(st > 0 ? stdout : stderr);
		return st > 0 ? EXIT_SUCCESS : 2;
	}
	if (opt.write)
		return write_script(opt.write);
	sr = srunner_create(soak_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
