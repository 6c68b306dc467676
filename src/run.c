/* run.c - the --run and --pid driver: follows a real program (tracer.c),
 * turns each socket call into a record (run-decode.c) with kernel
 * snapshots of its sockets around it (state-proc.c), and has show.c
 * render it, set apart from the program's own output by a gutter. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "closeout.h"
#include "i18n.h"
#include "run.h"
#include "show.h"
#include "show-json.h"
#include "state.h"
#include "tracer.h"

#define RUN_MAX_FDS 64		/* descriptors of a state or fds listing */
#define KIND_MAX 1024		/* descriptors whose kind is remembered */

/* Which descriptors of a process are sockets, as /proc last said: a
 * write to a file then costs the program one stop, not a readlink too.
 * Forgotten at close, dup2, dup3, close_range, and every exec. */
enum fd_kind { FD_UNKNOWN, FD_SOCKET, FD_OTHER };

struct fd_kinds {
	pid_t pid;
	unsigned char k[KIND_MAX];
};

/* A call between its entry and its exit, per thread. */
struct pending {
	pid_t tid;
	int interrupted;	/* cut short by a signal: may be restarted */
	struct run_call c;
	struct state_snap *before;
};

struct run {
	struct session *s;
	struct tracer tr;
	FILE *out;		/* where sockrepl's lines go */
	struct pending *p;
	size_t np;
	int step;		/* wait before each call */
	int quiet;		/* 'q' in --step: show no more */
	FILE *tty;		/* --step's terminal */
	struct fd_kinds *kinds;	/* per process */
	size_t nkinds;
	unsigned int execs;	/* tr.execs when the kinds were last valid */
	struct run_check *check;	/* --check's expectations, or NULL */
	int main_status;	/* waitpid status of the main process */
	int main_ended;
};

static volatile sig_atomic_t run_main_pid;
static volatile sig_atomic_t run_interrupted;

/* Ctrl-C at the terminal reaches the program itself (the same process
 * group); a SIGINT sent to sockrepl alone (kill) is passed on to it. */
static void on_sigint(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	run_interrupted = 1;
	if (si->si_code <= 0 && run_main_pid > 0)
		kill((pid_t)run_main_pid, sig);
}

static void catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigint;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: waitpid wakes */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGQUIT, SIG_IGN);	/* the program's to take */
}

/* Write what show.c wrote into buf, each line behind the gutter and,
 * once the program has more than one process, its pid. */
static void emit(struct run *run, pid_t pid, const char *text, size_t n)
{
	const char *gutter = run->s->opt.utf8 ? "\xe2\x94\x82 " : "| ";
	const char *p = text, *end = text + n, *nl;
	sigset_t intr, old;

	/* Ctrl-C's SIGINT (caught without SA_RESTART, so that waitpid
	 * wakes) must not interrupt a write to a terminal that is slow to
	 * read: stdio would take the EINTR for a write error, and sockrepl
	 * would end 1 instead of with the program's status. It comes after
	 * the lines. */
	sigemptyset(&intr);
	sigaddset(&intr, SIGINT);
	sigprocmask(SIG_BLOCK, &intr, &old);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		fprintf(run->out, "%s%s%s", show_color(run->s, STYLE_DIM),
			gutter, show_reset(run->s));
		if (run->tr.nprocs_seen > 1)
			fprintf(run->out, "[%d] ", (int)pid);
		fwrite(p, 1, (size_t)((nl ? nl + 1 : end) - p), run->out);
		if (nl == NULL)
			fputc('\n', run->out);
		p = nl ? nl + 1 : end;
	}
	/* Before the program runs on and writes. Output that cannot be
	 * written (a reader gone) ends sockrepl's: the program runs on,
	 * and sockrepl's exit says it (closeout.c). */
	if (out_check(run->out) < 0)
		run->quiet = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Render through show.c into a buffer, then emit it. */
static void render(struct run *run, pid_t pid, const struct record *r,
		   const char *state_lines)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mem;

	if (run->s->opt.json) {
		show_json_traced(run->s, (long)pid, r);
		if (out_check(run->out) < 0)	/* as in emit() */
			run->quiet = 1;
		return;
	}
	mem = open_memstream(&buf, &n);
	if (mem == NULL)
		return;
	run->s->out = mem;
	show_record(run->s, r, NULL);
	if (state_lines && *state_lines)
		show_state_lines(run->s, state_lines);
	fclose(mem);
	run->s->out = run->out;
	emit(run, pid, buf, n);
	free(buf);
}

static struct pending *pending_find(struct run *run, pid_t tid)
{
	size_t i;

	for (i = 0; i < run->np; i++)
		if (run->p[i].tid == tid)
			return &run->p[i];
	return NULL;
}

static struct pending *pending_add(struct run *run, pid_t tid)
{
	struct pending *p = pending_find(run, tid);

	if (p)
		return p;
	run->p = xrealloc(run->p, (run->np + 1) * sizeof(*run->p));
	p = &run->p[run->np++];
	memset(p, 0, sizeof(*p));
	p->tid = tid;
	return p;
}

static void pending_drop(struct run *run, struct pending *p)
{
	state_snap_free(p->before);
	*p = run->p[--run->np];
}

/* The descriptors a call speaks of at its entry (before it ran), at most
 * RUN_MAX_FDS. */
static size_t entry_fds(const struct run_call *c, int *fds)
{
	int p[2 * RUN_MAX_FDS];
	unsigned long long i, n = c->a[1] < RUN_MAX_FDS ? c->a[1] : RUN_MAX_FDS;

	if (strcmp(c->name, "poll") == 0 || strcmp(c->name, "ppoll") == 0) {
		/* struct pollfd: int fd, short events, revents. */
		if (tracer_read(c->pid, c->a[0], p, n * 8) < (ssize_t)(n * 8))
			return 0;
		for (i = 0; i < n; i++)
			fds[i] = p[2 * i];
		return (size_t)n;
	}
	if (strcmp(c->name, "select") == 0 || strcmp(c->name, "pselect6") == 0)
		return run_select_fds(c, fds, RUN_MAX_FDS);
	if (strcmp(c->name, "socket") == 0 ||
	    strcmp(c->name, "socketpair") == 0 ||
	    strncmp(c->name, "epoll_", 6) == 0)
		return 0;
	fds[0] = (int)c->a[0];
	return 1;
}

static struct fd_kinds *kinds_of(struct run *run, pid_t pid)
{
	size_t i;

	if (run->execs != run->tr.execs) {
		run->execs = run->tr.execs;
		run->nkinds = 0;
	}
	for (i = 0; i < run->nkinds; i++)
		if (run->kinds[i].pid == pid)
			return &run->kinds[i];
	run->kinds = xrealloc(run->kinds,
			      (run->nkinds + 1) * sizeof(*run->kinds));
	memset(&run->kinds[run->nkinds], 0, sizeof(*run->kinds));
	run->kinds[run->nkinds].pid = pid;
	return &run->kinds[run->nkinds++];
}

/* 1 if descriptor fd of process pid is a socket. */
static int fd_is_socket(struct run *run, pid_t pid, int fd)
{
	struct fd_kinds *k = kinds_of(run, pid);
	unsigned long ino;
	int sock;

	if (fd >= 0 && fd < KIND_MAX && k->k[fd] != FD_UNKNOWN)
		return k->k[fd] == FD_SOCKET;
	sock = state_proc_is_socket(pid, fd, &ino);
	if (fd >= 0 && fd < KIND_MAX)
		k->k[fd] = sock ? FD_SOCKET : FD_OTHER;
	return sock;
}

/* Forget what fd (all of them for -1) of process pid is. */
static void fd_forget(struct run *run, pid_t pid, int fd)
{
	struct fd_kinds *k = kinds_of(run, pid);

	if (fd < 0)
		memset(k->k, 0, sizeof(k->k));
	else if (fd < KIND_MAX)
		k->k[fd] = FD_UNKNOWN;
}

/* dup2, dup3, close_range and close change what descriptors are. */
static void forget_changed(struct run *run, const struct run_call *c)
{
	if (strcmp(c->name, "close_range") == 0)
		fd_forget(run, c->pid, -1);
	else if (strncmp(c->name, "dup", 3) == 0)
		fd_forget(run, c->pid, (int)c->a[1]);
	else if (strcmp(c->name, "close") == 0)
		fd_forget(run, c->pid, (int)c->a[0]);
}

/* 1 if a poll waits on at least one socket of the program. */
static int poll_on_socket(struct run *run, const struct run_call *c)
{
	int p[2 * 16];
	unsigned long long i, n = c->a[1] < 16 ? c->a[1] : 16;

	if (tracer_read(c->pid, c->a[0], p, n * 8) < (ssize_t)(n * 8))
		return 0;
	for (i = 0; i < n; i++)
		if (p[2 * i] >= 0 && fd_is_socket(run, c->pid, p[2 * i]))
			return 1;
	return 0;
}

/* 1 if a select waits on at least one socket of the program. */
static int select_on_socket(struct run *run, const struct run_call *c)
{
	int fds[RUN_MAX_FDS];
	size_t n = run_select_fds(c, fds, RUN_MAX_FDS), i;

	for (i = 0; i < n; i++)
		if (fd_is_socket(run, c->pid, fds[i]))
			return 1;
	return 0;
}

/* 1 if the epoll instance of an epoll_wait watches a socket: its
 * descriptors are the "tfd:" lines of /proc/PID/fdinfo/EPFD. */
static int epoll_on_socket(struct run *run, const struct run_call *c)
{
	char path[64], line[256];
	int fd, sock = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)c->pid,
		 (int)c->a[0]);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (!sock && fgets(line, sizeof(line), f))
		if (sscanf(line, "tfd: %d", &fd) == 1)
			sock = fd_is_socket(run, c->pid, fd);
	fclose(f);
	return sock;
}

/* 1 if call c is one to show. */
static int wanted(struct run *run, const struct run_call *c)
{
	int sock;

	if (strcmp(c->name, "restart_syscall") == 0)
		return 0;
	if (strncmp(c->name, "dup", 3) == 0 ||
	    strcmp(c->name, "close_range") == 0) {
		forget_changed(run, c);
		return 0;
	}
	if (run_call_on_fd(c->name)) {
		sock = fd_is_socket(run, c->pid, (int)c->a[0]);
		forget_changed(run, c);
		return sock;
	}
	if (strcmp(c->name, "poll") == 0 || strcmp(c->name, "ppoll") == 0)
		return poll_on_socket(run, c);
	if (strcmp(c->name, "select") == 0 || strcmp(c->name, "pselect6") == 0)
		return select_on_socket(run, c);
	if (strncmp(c->name, "epoll_", 6) == 0)
		return epoll_on_socket(run, c);
	return 1;
}

/* Every socket descriptor of process pid, into fds; the count. */
static size_t proc_sockets(pid_t pid, int *fds, size_t max)
{
	char path[64];
	struct dirent *de;
	unsigned long ino;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		int fd = atoi(de->d_name);

		if (de->d_name[0] != '.' && state_proc_is_socket(pid, fd, &ino))
			fds[n++] = fd;
	}
	closedir(d);
	return n;
}

/* --step's state: one line per socket of the program, as it is now. */
static void step_state(struct run *run, pid_t pid)
{
	int fds[RUN_MAX_FDS];
	size_t n = proc_sockets(pid, fds, RUN_MAX_FDS), i;
	struct state_snap *snap = state_capture_proc(run->s, pid, fds, n,
						     NULL);
	struct sbuf lines = SBUF_INIT;
	struct record r;

	record_init(&r);
	for (i = 0; i < snap->n; i++)
		if (snap->rows[i].kind == STATE_OPEN)
			record_touch(&r, snap->rows[i].fd);
	state_report(run->s, snap, snap, &r, &lines);
	render(run, pid, &r, sbuf_str(&lines));
	record_free(&r);
	state_snap_free(snap);
	sbuf_free(&lines);
}

/* --step: show the call about to run, as C with what its arguments hold
 * now, and wait for the learner's word. */
static void step_prompt(struct run *run, const struct run_call *c)
{
	struct run_call now = *c;
	char line[256];
	struct record r;
	struct sbuf b = SBUF_INIT;

	/* No result yet: decoded as a failed call, nothing is read back. */
	now.is_error = 1;
	now.ret = -EINVAL;
	record_init(&r);
	run_decode(&now, "", &r);
	show_c_call(&b, &r, NULL);
	for (;;) {
		/* TRANSLATORS: --step's prompt; %s is the call about to run. */
		fprintf(run->out, _("next: %s  [Enter: run it, c: continue, q: quiet, state] "),
			sbuf_str(&b));
		fflush(run->out);
		if (fgets(line, sizeof(line), run->tty) == NULL)
			line[0] = 'c';
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "state") == 0 || strcmp(line, "fds") == 0) {
			step_state(run, c->pid);
			continue;
		}
		if (strcmp(line, "c") == 0 || strcmp(line, "q") == 0)
			run->step = 0;
		if (strcmp(line, "q") == 0)
			run->quiet = 1;
		if (line[0] == '\0' || !run->step)
			break;
		fputs(_("Enter runs the call; c runs on without stopping; q runs on and shows\n"
			"nothing more; state (or fds) shows the program's sockets now.\n"),
		      run->out);

	}
	record_free(&r);
	sbuf_free(&b);
}

/* 1 if the call may change a socket's state (the shell's CMD_STATE):
 * the others get no state lines. */
static int changes_state(const char *name)
{
	return strncmp(name, "get", 3) != 0 && strcmp(name, "setsockopt") != 0;
}

static void finish(struct run *run, struct pending *p);

/* 1 if the entry ev is an interrupted call of its thread being run again
 * (the same call, or restart_syscall), which is then followed on as the
 * same call; else an interrupted call is shown as the program saw it,
 * -1 EINTR. */
static int restarted(struct run *run, const struct tracer_event *ev,
		     const struct run_call *c)
{
	struct pending *p = pending_find(run, ev->tid);

	if (p == NULL || !p->interrupted)
		return 0;
	if ((c->name && strcmp(c->name, "restart_syscall") == 0) ||
	    (c->nr == p->c.nr && memcmp(c->a, p->c.a, sizeof(c->a)) == 0)) {
		p->interrupted = 0;
		tracer_resume(&run->tr, ev, 1);
		return 1;
	}
	finish(run, p);
	return 0;
}

static void on_entry(struct run *run, const struct tracer_event *ev)
{
	struct run_call c;
	struct pending *p;
	int fds[RUN_MAX_FDS];
	size_t n;

	memset(&c, 0, sizeof(c));
	c.pid = ev->pid;
	c.nr = ev->nr;
	c.name = tracer_call_name(ev->nr);
	memcpy(c.a, ev->args, sizeof(c.a));
	if (restarted(run, ev, &c))
		return;
	if (run->quiet || c.name == NULL || !wanted(run, &c)) {
		tracer_resume(&run->tr, ev, 0);
		return;
	}
	if (run->step)
		step_prompt(run, &c);
	p = pending_add(run, ev->tid);
	p->c = c;
	state_snap_free(p->before);
	p->before = NULL;
	n = entry_fds(&c, fds);
	if (run->s->opt.show_state && changes_state(c.name))
		p->before = state_capture_proc(run->s, c.pid, fds, n, NULL);
	tracer_resume(&run->tr, ev, 1);
}

/* 1 if another traced process holds the socket with inode ino. */
static int held_elsewhere(struct run *run, pid_t pid, unsigned long ino)
{
	int fds[RUN_MAX_FDS];
	size_t i, j, n;
	unsigned long other;

	for (i = 0; i < run->tr.n; i++) {
		pid_t q = run->tr.t[i].pid;

		if (q == pid)
			continue;
		n = proc_sockets(q, fds, RUN_MAX_FDS);
		for (j = 0; j < n; j++)
			if (state_proc_is_socket(q, fds[j], &other) &&
			    other == ino)
				return 1;
	}
	return 0;
}

/* Show the finished call of p (its result in p->c) and forget it. */
static void finish(struct run *run, struct pending *p)
{
	struct sbuf lines = SBUF_INIT;
	struct record r;
	char label[16];

	snprintf(label, sizeof(label), "%d", (int)p->c.a[0]);
	record_init(&r);
	run_decode(&p->c, label, &r);
	if (p->before) {
		r.snap_before = p->before;
		p->before = NULL;
		r.snap_after = state_capture_proc(run->s, p->c.pid, r.fds,
						  (size_t)r.nfds, NULL);
		/* A close that left a fork's copy: no transition to show. */
		if (strcmp(p->c.name, "close") == 0 && r.ret == 0 &&
		    r.snap_before->n > 0 &&
		    held_elsewhere(run, p->c.pid, r.snap_before->rows[0].d.inode)) {
			record_fact(&r, FACT_RUN_SHARED, -1);
			r.snap_before->n = 0;
		}
		run_facts(&p->c, &r);
		state_report(run->s, r.snap_before, r.snap_after, &r, &lines);
	}
	if (run->check)
		run_check_call(run->check, &r, &lines, run->s->opt.utf8);
	render(run, p->c.pid, &r, sbuf_str(&lines));
	sbuf_free(&lines);
	record_free(&r);
	pending_drop(run, p);
}

static void on_exit_call(struct run *run, const struct tracer_event *ev)
{
	struct pending *p = pending_find(run, ev->tid);

	if (p == NULL) {
		tracer_resume(&run->tr, ev, 0);
		return;
	}
	p->c.ret = ev->ret;
	p->c.is_error = ev->is_error;
	/* A signal cut the call short (ERESTARTSYS ... ERESTART_RESTARTBLOCK):
	 * the kernel will most often run it again, unseen by the program
	 * (a window resized, SIGCHLD); shown only if it is not. */
	if (ev->is_error && -ev->ret >= 512 && -ev->ret <= 516) {
		p->interrupted = 1;
		tracer_resume(&run->tr, ev, 0);
		return;
	}
	finish(run, p);
	tracer_resume(&run->tr, ev, 0);
}

/* A process ended: the main one's status is sockrepl's. */
static void on_exited(struct run *run, const struct tracer_event *ev)
{
	struct record r;

	size_t i;

	if (ev->pid == run->tr.main_pid) {
		run->main_status = ev->status;
		run->main_ended = 1;
	}
	/* Where it was waiting when a signal ended it. */
	for (i = 0; i < run->np; i++)
		if (run->p[i].c.pid == ev->pid && run->p[i].interrupted) {
			finish(run, &run->p[i]);
			i = (size_t)-1;	/* the array changed: again */
		}
	record_init(&r);
	if (WIFSIGNALED(ev->status))
		record_fact(&r, FACT_RUN_KILLED, FP_INT, (long)ev->pid, FP_INT,
			    (long)WTERMSIG(ev->status), -1);
	else
		record_fact(&r, FACT_RUN_EXITED, FP_INT, (long)ev->pid, FP_INT,
			    (long)WEXITSTATUS(ev->status), -1);
	render(run, ev->pid, &r, NULL);
	record_free(&r);
}

static int start(struct run *run, const struct run_opts *o)
{
	int scope;
	FILE *f;

	if (o->argv) {
		if (tracer_spawn(&run->tr, o->argv) == 0)
			return 0;
		fprintf(stderr, _("sockrepl: cannot trace %s: %s\n"),
			o->argv[0], strerror(errno));
		return -1;
	}
	if (tracer_attach(&run->tr, o->pid) == 0) {
		fprintf(stderr, _("sockrepl: following process %d (Ctrl-C lets it go on alone)\n"),
			(int)o->pid);
		return 0;
	}
	fprintf(stderr, _("sockrepl: cannot attach to process %d: %s\n"),
		(int)o->pid, strerror(errno));
	if (errno != EPERM)
		return -1;
	f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	if (f && fscanf(f, "%d", &scope) == 1 && scope >= 1)
		fprintf(stderr, _("sockrepl: Yama's ptrace_scope is %d: only a parent may trace its\n"
				  "child. Start the program under sockrepl (--run PROG), or run sockrepl\n"
				  "as root, or (on a machine of your own) lower it:\n"
				  "  sudo sysctl kernel.yama.ptrace_scope=0\n"),
			scope);
	else
		fputs(_("sockrepl: only the process's owner (or root) may trace it.\n"),
		      stderr);
	if (f)
		fclose(f);
	return -1;
}

static void loop(struct run *run)
{
	struct tracer_event ev;

	for (;;) {
		/* Ctrl-C with --pid: let the program go and stop watching
		 * (however late in the loop it came). */
		if (run->tr.attached && run_interrupted) {
			tracer_detach_all(&run->tr);
			return;
		}
		if (tracer_wait(&run->tr, &ev) < 0)
			continue;	/* EINTR */
		switch (ev.kind) {
		case TRACER_ENTRY:
			on_entry(run, &ev);
			break;
		case TRACER_EXIT:
			on_exit_call(run, &ev);
			break;
		case TRACER_EXITED:
			on_exited(run, &ev);
			break;
		case TRACER_DONE:
			return;
		}
	}
}

int run_program(struct session *s, const struct run_opts *o)
{
	struct run run;
	size_t i;

	memset(&run, 0, sizeof(run));
	run.s = s;
	run.out = s->out;
	run.step = o->step;
	if (run.step) {
		run.tty = fopen("/dev/tty", "re");
		if (run.tty == NULL)
			run.tty = stdin;
	}
	if (o->check && (run.check = run_check_load(o->check)) == NULL)
		return 2;
	if (start(&run, o) < 0) {
		run_check_free(run.check);
		if (run.tty && run.tty != stdin)
			fclose(run.tty);
		return 2;
	}
	run_main_pid = run.tr.main_pid;
	catch_sigint();
	loop(&run);
	run_main_pid = 0;
	for (i = 0; i < run.np; i++)
		state_snap_free(run.p[i].before);
	free(run.p);
	free(run.kinds);
	tracer_free(&run.tr);
	if (run.tty && run.tty != stdin)
		fclose(run.tty);
	if (run.check) {
		int st = run_check_done(run.check, o->check, run.out);

		run_check_free(run.check);
		return st;
	}
	if (!run.main_ended)
		return 0;	/* detached */
	if (WIFSIGNALED(run.main_status))
		return 128 + WTERMSIG(run.main_status);
	return WEXITSTATUS(run.main_status);
}
