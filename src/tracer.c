/* tracer.c - follow a real program's system calls with ptrace, stopping
 * only at the socket calls (a seccomp filter, or every call when
 * attached); registers through PTRACE_GET_SYSCALL_INFO, memory through
 * process_vm_readv, so that x86_64 and aarch64 share the code. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer.h"
#include "util.h"

#if defined(__x86_64__)
#define TRACER_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TRACER_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "--run supports x86_64 and aarch64"
#endif

#define TRACER_OPTIONS                                                      \
	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
	 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP)

/* The calls stopped, by number; fd_first: only when the first argument
 * (a descriptor) is above 2, for the calls that files and terminals make
 * far more often than sockets. */
struct call_def {
	long nr;
	const char *name;
	int fd_first;
};

static const struct call_def calls[] = {
	{ __NR_socket, "socket", 0 },
	{ __NR_socketpair, "socketpair", 0 },
	{ __NR_bind, "bind", 0 },
	{ __NR_listen, "listen", 0 },
#ifdef __NR_accept
	{ __NR_accept, "accept", 0 },
#endif
	{ __NR_accept4, "accept4", 0 },
	{ __NR_connect, "connect", 0 },
	{ __NR_sendto, "sendto", 0 },
	{ __NR_recvfrom, "recvfrom", 0 },
	{ __NR_sendmsg, "sendmsg", 0 },
	{ __NR_recvmsg, "recvmsg", 0 },
	{ __NR_shutdown, "shutdown", 0 },
	{ __NR_setsockopt, "setsockopt", 0 },
	{ __NR_getsockopt, "getsockopt", 0 },
	{ __NR_getsockname, "getsockname", 0 },
	{ __NR_getpeername, "getpeername", 0 },
#ifdef __NR_poll
	{ __NR_poll, "poll", 0 },
#endif
	{ __NR_ppoll, "ppoll", 0 },
#ifdef __NR_select
	{ __NR_select, "select", 0 },
#endif
	{ __NR_pselect6, "pselect6", 0 },
#ifdef __NR_epoll_wait
	{ __NR_epoll_wait, "epoll_wait", 0 },
#endif
	{ __NR_epoll_pwait, "epoll_pwait", 0 },
	{ __NR_read, "read", 1 },
	{ __NR_write, "write", 1 },
	{ __NR_readv, "readv", 1 },
	{ __NR_writev, "writev", 1 },
	{ __NR_close, "close", 1 },
	/* Not shown: they change what a descriptor is behind the back of
	 * the tracer's cache of which descriptors are sockets. */
#ifdef __NR_dup2
	{ __NR_dup2, "dup2", 0 },
#endif
	{ __NR_dup3, "dup3", 0 },
#ifdef __NR_close_range
	{ __NR_close_range, "close_range", 0 },
#endif
	/* A poll cut short by a signal goes on as this call. */
	{ __NR_restart_syscall, "restart_syscall", 0 },
};

#define NCALLS (sizeof(calls) / sizeof(calls[0]))

const char *tracer_call_name(long nr)
{
	size_t i;

	for (i = 0; i < NCALLS; i++)
		if (calls[i].nr == nr)
			return calls[i].name;
	return NULL;
}

/*
 * The filter: another architecture's calls, and every call not in the
 * table, run without a stop; the table's calls stop the program for the
 * tracer (SECCOMP_RET_TRACE). Layout: the arch check (3), the number
 * load (1), then per call a compare jumping to TRACE, or for fd_first
 * calls to the descriptor check; ALLOW; the descriptor check (2); TRACE;
 * ALLOW (BPF jumps only forward).
 */
static int install_filter(void)
{
	struct sock_filter f[4 + NCALLS + 5];
	struct sock_fprog prog;
	size_t i, n = 0, fdchk, trace, end;

	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      TRACER_AUDIT_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	/* Instruction numbers after the compares. */
	fdchk = n + NCALLS + 1;
	trace = fdchk + 2;
	end = trace + 2;
	for (i = 0; i < NCALLS; i++, n++)
		f[n] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)calls[i].nr,
			(unsigned char)((calls[i].fd_first ? fdchk : trace) -
					n - 1),
			0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	/* The low 32 bits of the first argument: a descriptor is an int. */
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args));
	f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 2, 0, 1);
	n++;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_TRACE);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	if (n != end)
		abort();
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static struct tracer_thread *thread_find(struct tracer *tr, pid_t tid)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (tr->t[i].tid == tid)
			return &tr->t[i];
	return NULL;
}

/* The thread group of tid, from /proc (tid itself if unknown). */
static pid_t tgid_of(pid_t tid)
{
	char path[64], line[128];
	FILE *f;
	long v = tid;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (f == NULL)
		return tid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %ld", &v) == 1)
			break;
	fclose(f);
	return (pid_t)v;
}

static struct tracer_thread *thread_add(struct tracer *tr, pid_t tid)
{
	struct tracer_thread *t;
	size_t i;
	int seen = 0;

	if ((t = thread_find(tr, tid)) != NULL)
		return t;
	if (tr->n == tr->cap) {
		tr->cap = tr->cap ? 2 * tr->cap : 8;
		tr->t = xrealloc(tr->t, tr->cap * sizeof(*tr->t));
	}
	t = &tr->t[tr->n++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->pid = tgid_of(tid);
	for (i = 0; i + 1 < tr->n; i++)
		seen |= tr->t[i].pid == t->pid;
	if (!seen)
		tr->nprocs_seen++;
	return t;
}

static void thread_drop(struct tracer *tr, pid_t tid)
{
	struct tracer_thread *t = thread_find(tr, tid);

	if (t)
		*t = tr->t[--tr->n];
}

/* Child side of tracer_spawn: wait for the tracer, filter, exec. A
 * filter the kernel refuses (no seccomp) is said on the pipe back, and
 * the tracer stops every call instead. */
static void __attribute__((noreturn))
child(int go, int back, char *const *argv)
{
	const char *no = getenv("SOCKREPL_NO_SECCOMP");
	char c;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	close(go);
	if ((no && strcmp(no, "0") != 0) || install_filter() < 0) {
		c = 'n';
		if (write(back, &c, 1) != 1)
			_exit(127);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "sockrepl: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int tracer_spawn(struct tracer *tr, char *const *argv)
{
	int go[2], back[2] = { -1, -1 }, e;
	pid_t pid;
	char c = 0;

	memset(tr, 0, sizeof(*tr));
	tr->mode = TRACER_SECCOMP;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(back, O_CLOEXEC) < 0)
		goto fail;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		close(go[1]);
		close(back[0]);
		child(go[0], back[1], argv);
	}
	close(go[0]);
	close(back[1]);
	/* The child waits on the pipe: seized before its exec. */
	if (ptrace(PTRACE_SEIZE, pid, 0L,
		   (long)(TRACER_OPTIONS | PTRACE_O_EXITKILL)) < 0) {
		e = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(go[1]);
		close(back[0]);
		errno = e;
		return -1;
	}
	tr->main_pid = pid;
	thread_add(tr, pid)->started = 1;
	close(go[1]);	/* go */
	/* A byte: no filter; end of file: its exec closed the pipe. */
	while (read(back[0], &c, 1) < 0 && errno == EINTR)
		;
	if (c == 'n')
		tr->mode = TRACER_SYSCALL;
	close(back[0]);
	return 0;
fail:
	e = errno;
	close(go[0]);
	close(go[1]);
	if (back[0] >= 0) {
		close(back[0]);
		close(back[1]);
	}
	errno = e;
	return -1;
}

/* Seize one thread and stop it, so that its next stop can be steered. */
static int seize(struct tracer *tr, pid_t tid)
{
	if (ptrace(PTRACE_SEIZE, tid, 0L, (long)TRACER_OPTIONS) < 0)
		return -1;
	thread_add(tr, tid);
	return ptrace(PTRACE_INTERRUPT, tid, 0L, 0L);
}

int tracer_attach(struct tracer *tr, pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int e;

	memset(tr, 0, sizeof(*tr));
	tr->mode = TRACER_SYSCALL;
	tr->attached = 1;
	tr->main_pid = pid;
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return seize(tr, pid);
	while ((de = readdir(d)) != NULL) {
		long tid = strtol(de->d_name, NULL, 10);

		if (tid > 0 && seize(tr, (pid_t)tid) < 0 && tid == pid) {
			e = errno;
			closedir(d);
			errno = e;
			return -1;
		}
	}
	closedir(d);
	return 0;
}

/* Let a thread run: to its next filtered call, or its next call. */
static void run_on(struct tracer *tr, pid_t tid, int sig)
{
	ptrace(tr->mode == TRACER_SECCOMP ? PTRACE_CONT : PTRACE_SYSCALL, tid,
	       0L, (long)sig);
}

void tracer_resume(struct tracer *tr, const struct tracer_event *ev,
		  int want_exit)
{
	struct tracer_thread *t = thread_find(tr, ev->tid);

	if (t == NULL)
		return;
	if (ev->kind == TRACER_ENTRY && want_exit) {
		t->in_call = 1;
		ptrace(PTRACE_SYSCALL, ev->tid, 0L, 0L);
		return;
	}
	t->in_call = 0;
	if (ev->kind == TRACER_ENTRY && tr->mode == TRACER_SYSCALL)
		t->skip_exit = 1;
	run_on(tr, ev->tid, 0);
}

/* A syscall or seccomp stop: fill ev; 1 if it is to be reported. */
static int syscall_stop(struct tracer_thread *t, struct tracer_event *ev)
{
	struct __ptrace_syscall_info si;
	long n;

	memset(&si, 0, sizeof(si));
	n = ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(si), &si);
	if (n <= 0)
		return 0;
	ev->tid = t->tid;
	ev->pid = t->pid;
	switch (si.op) {
	case PTRACE_SYSCALL_INFO_SECCOMP:
	case PTRACE_SYSCALL_INFO_ENTRY:
		ev->kind = TRACER_ENTRY;
		ev->nr = (long)si.entry.nr;
		memcpy(ev->args, si.entry.args, sizeof(ev->args));
		if (tracer_call_name(ev->nr) == NULL)
			return 0;
		return 1;
	case PTRACE_SYSCALL_INFO_EXIT:
		if (t->skip_exit || !t->in_call) {
			t->skip_exit = 0;
			return 0;
		}
		ev->kind = TRACER_EXIT;
		ev->ret = si.exit.rval;
		ev->is_error = si.exit.is_error;
		return 1;
	}
	return 0;
}

/* A stop that is no call of interest: deal with it and run on. */
static void other_stop(struct tracer *tr, struct tracer_thread *t, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;
	unsigned long msg;

	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg) == 0)
			thread_add(tr, (pid_t)msg);
		break;
	case PTRACE_EVENT_EXEC:
		tr->execs++;	/* close-on-exec descriptors are gone */
		/* Another thread's exec may have taken over this tid. */
		t->pid = tgid_of(t->tid);
		t->in_call = 0;
		break;
	case PTRACE_EVENT_STOP:
		if (t->started && (sig == SIGSTOP || sig == SIGTSTP ||
				   sig == SIGTTIN || sig == SIGTTOU)) {
			ptrace(PTRACE_LISTEN, t->tid, 0L, 0L);	/* group-stop */
			return;
		}
		t->started = 1;
		break;
	case 0:
		/* A signal for the program: deliver it. */
		run_on(tr, t->tid, sig);
		return;
	}
	run_on(tr, t->tid, 0);
}

int tracer_wait(struct tracer *tr, struct tracer_event *ev)
{
	struct tracer_thread *t;
	int status;
	pid_t tid;

	for (;;) {
		memset(ev, 0, sizeof(*ev));
		if (tr->n == 0) {
			ev->kind = TRACER_DONE;
			return 0;
		}
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0 && errno == EINTR)
			return -1;
		if (tid < 0) {
			ev->kind = TRACER_DONE;
			return 0;
		}
		t = thread_add(tr, tid);
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			ev->kind = TRACER_EXITED;
			ev->tid = tid;
			ev->pid = t->pid;
			ev->status = status;
			thread_drop(tr, tid);
			if (tid == ev->pid)
				return 0;
			continue;	/* a thread: its process goes on */
		}
		if (!WIFSTOPPED(status))
			continue;
		if ((WSTOPSIG(status) == (SIGTRAP | 0x80) ||
		     status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) &&
		    t->started) {
			if (syscall_stop(t, ev))
				return 0;
			run_on(tr, tid, 0);
			continue;
		}
		other_stop(tr, t, status);
	}
}

void tracer_detach_all(struct tracer *tr)
{
	size_t i;

	for (i = 0; i < tr->n; i++) {
		if (!tr->attached) {
			kill(tr->t[i].tid, SIGKILL);
			continue;
		}
		/* A running thread must be stopped to be detached. */
		if (ptrace(PTRACE_DETACH, tr->t[i].tid, 0L, 0L) < 0 &&
		    errno == ESRCH) {
			int st;

			ptrace(PTRACE_INTERRUPT, tr->t[i].tid, 0L, 0L);
			if (waitpid(tr->t[i].tid, &st, __WALL) > 0 &&
			    WIFSTOPPED(st))
				ptrace(PTRACE_DETACH, tr->t[i].tid, 0L, 0L);
		}
	}
	tr->n = 0;
}

void tracer_free(struct tracer *tr)
{
	free(tr->t);
	tr->t = NULL;
	tr->n = tr->cap = 0;
}

ssize_t tracer_read(pid_t pid, unsigned long long addr, void *buf, size_t n)
{
	struct iovec local = { buf, n };
	struct iovec remote = { (void *)(uintptr_t)addr, n };

	if (addr == 0) {
		errno = EFAULT;
		return -1;
	}
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}
