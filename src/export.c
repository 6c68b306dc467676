/* export.c - the session as a C program: each call of the session as the
 * C it showed, in a block of its own, with the check of what happened,
 * and the state lines the learner saw as comments. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consts.h"
#include "cnames.h"
#include "export.h"
#include "i18n.h"
#include "parse.h"
#include "show.h"

#define EXPORT_MAX_PORTS 64
/* A session's program is kept up to this size: memory stays bounded in a
 * session of any length (the soak test's), and a program of thousands of
 * calls is no longer one to read. */
#define EXPORT_MAX_BYTES (256 * 1024)

/* What one command adds to the program. */
struct xentry {
	char *code;		/* the C block, indented one tab */
	char label[PARSE_NAME_MAX + 1];	/* its socket ("": none), whose
					 * role picks its program in a split */
};

enum { ROLE_BOTH, ROLE_SERVER, ROLE_CLIENT };

/* A port the kernel chose: later C that used it reads it back. */
struct xport {
	char var[PARSE_NAME_MAX + 8];	/* "lfd_port" */
	char label[PARSE_NAME_MAX + 1];	/* its socket */
	long port;
};

/* A socket of the session and its role in a split. */
struct xsock {
	char label[PARSE_NAME_MAX + 1];
	int role;
};

struct journal {
	struct xentry *e;
	size_t n;
	char **names;		/* the learner's names: int NAME = -1; */
	size_t nnames;
	struct xport ports[EXPORT_MAX_PORTS];
	int nports;
	struct xsock *socks;
	size_t nsocks;
	int ncalls;
	size_t bytes;		/* of code kept */
	long dropped;		/* calls past EXPORT_MAX_BYTES */
};

static void journal_free(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		free(j->e[i].code);
	for (i = 0; i < j->nnames; i++)
		free(j->names[i]);
	free(j->e);
	free(j->names);
	free(j->socks);
	free(j);
}

static void journal_free_hook(struct journal *j)
{
	journal_free(j);
}

static struct journal *journal_of(struct session *s)
{
	if (s->journal == NULL) {
		s->journal = xcalloc(1, sizeof(*s->journal));
		s->journal_free = journal_free_hook;
	}
	return s->journal;
}

static void add_name(struct journal *j, const char *name)
{
	size_t i;

	for (i = 0; i < j->nnames; i++)
		if (strcmp(j->names[i], name) == 0)
			return;
	j->names = xrealloc(j->names, (j->nnames + 1) * sizeof(*j->names));
	j->names[j->nnames++] = xstrdup(name);
}

static int is_name_known(const struct journal *j, const char *name,
			 size_t n)
{
	size_t i;

	for (i = 0; i < j->nnames; i++)
		if (strlen(j->names[i]) == n &&
		    strncmp(j->names[i], name, n) == 0)
			return 1;
	return 0;
}

/* ---- roles, for --split ---------------------------------------------- */

static struct xsock *sock_role(struct journal *j, const char *label)
{
	size_t i;

	for (i = 0; i < j->nsocks; i++)
		if (strcmp(j->socks[i].label, label) == 0)
			return &j->socks[i];
	j->socks = xrealloc(j->socks, (j->nsocks + 1) * sizeof(*j->socks));
	memset(&j->socks[j->nsocks], 0, sizeof(*j->socks));
	snprintf(j->socks[j->nsocks].label, sizeof(j->socks->label), "%s",
		 label);
	return &j->socks[j->nsocks++];
}

/* The first argument of a call on a socket is its label ("lfd, ..."). */
static void first_label(const struct record *r, char *buf, size_t n)
{
	size_t len = strcspn(sbuf_str(&r->args), ",");

	snprintf(buf, n, "%.*s", (int)len, sbuf_str(&r->args));
}

/* listen and accept make the server's sockets, connect the client's;
 * label gets the socket the call is on, whose role (known once the
 * session is over) picks the program of a split the call goes to. */
static void entry_role(struct journal *j, const struct record *r,
		       const char *lhs, char *label, size_t n)
{
	struct xsock *sk;

	if (strcmp(r->call, "socket") == 0 ||
	    strcmp(r->call, "socketpair") == 0) {
		snprintf(label, n, "%s", lhs ? lhs : "");
		return;
	}
	first_label(r, label, n);
	if (r->ret_var || !*label)
		return;		/* htons(8001): on no socket */
	sk = sock_role(j, label);
	if (strcmp(r->call, "listen") == 0 || strcmp(r->call, "accept") == 0)
		sk->role = ROLE_SERVER;
	else if (strcmp(r->call, "connect") == 0 && sk->role == ROLE_BOTH)
		sk->role = ROLE_CLIENT;
	if (strcmp(r->call, "accept") == 0 && lhs)
		sock_role(j, lhs)->role = ROLE_SERVER;
}

static int label_role(struct journal *j, const char *label)
{
	size_t i;

	for (i = 0; *label && i < j->nsocks; i++)
		if (strcmp(j->socks[i].label, label) == 0)
			return j->socks[i].role;
	return ROLE_BOTH;
}

/* ---- the C of one call ----------------------------------------------- */

/* Append text, each line indented by ind, with the ports the kernel chose
 * replaced by the variables that read them back. */
/* A new variable for the port of socket label: "lfd_port", "port_5";
 * "c_port2", "c_port3" when the name was given to another socket whose
 * port is kept too (a name reused in a loop of connections). */
static void port_var_name(const struct journal *j, const char *label,
			  char *var, size_t n)
{
	int k, same = 0;

	for (k = 0; k < j->nports; k++)
		same += strcmp(j->ports[k].label, label) == 0;
	if (parse_is_name(label))
		snprintf(var, n, same ? "%s_port%d" : "%s_port", label,
			 same + 1);
	else
		snprintf(var, n, same ? "port_%s_%d" : "port_%s", label,
			 same + 1);
}

/* The variable that holds kernel-chosen port port, or NULL. */
static const char *port_var(const struct journal *j, long port)
{
	int i;

	for (i = 0; i < j->nports; i++)
		if (j->ports[i].port == port)
			return j->ports[i].var;
	return NULL;
}

/* Append one line of code, each htons(PORT) of a port the kernel chose
 * written as htons(its variable): one pass over the line. */
static void add_line(const struct journal *j, struct sbuf *out,
		     const char *p, size_t len)
{
	const char *end = p + len, *h, *d;
	const char *var;
	long port;

	while ((h = memmem(p, (size_t)(end - p), "htons(", 6)) != NULL) {
		for (d = h + 6, port = 0; d < end && *d >= '0' && *d <= '9' &&
					  port < 100000; d++)
			port = port * 10 + (*d - '0');
		if (d > h + 6 && d < end && *d == ')' &&
		    (var = port_var(j, port)) != NULL) {
			sbuf_addn(out, p, (size_t)(h - p));
			sbuf_addf(out, "htons(%s)", var);
			p = d + 1;
		} else {
			sbuf_addn(out, p, (size_t)(h + 6 - p));
			p = h + 6;
		}
	}
	sbuf_addn(out, p, (size_t)(end - p));
}

static void add_code(struct journal *j, struct sbuf *out, const char *text,
		     const char *ind)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		sbuf_add(out, ind);
		add_line(j, out, p, nl ? (size_t)(nl - p) : strlen(p));
		sbuf_addc(out, '\n');
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* "int a = sv[0], b = sv[1];" assigns the names declared at the top. */
static void add_after(struct journal *j, struct sbuf *out, const char *text)
{
	const char *p = text, *nl;
	struct sbuf line = SBUF_INIT;
	size_t n;

	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		sbuf_reset(&line);
		sbuf_addn(&line, p, n);
		if (strncmp(line.s, "int ", 4) == 0 &&
		    is_name_known(j, line.s + 4, strcspn(line.s + 4, " "))) {
			char *c;

			sbuf_reset(&line);
			sbuf_addn(&line, p + 4, n - 4);
			while ((c = strstr(line.s, ", ")) != NULL)
				c[0] = ';', c[1] = '\n';
		}
		add_code(j, out, sbuf_str(&line), "\t\t");
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	sbuf_free(&line);
}

static int counts_bytes(const char *call)
{
	static const char *const calls[] = { "send", "recv", "read", "write",
					     "sendto", "recvfrom", NULL };
	int i;

	for (i = 0; calls[i]; i++)
		if (strcmp(call, calls[i]) == 0)
			return 1;
	return 0;
}

/* The check of what happened in the session: a success is checked with
 * perror, a count and received bytes against the session's, and a
 * failure by its errno. ret is the C of the result. */
static void add_check(struct sbuf *out, const struct record *r,
		      const char *ret, const char *buf)
{
	const char *ename = consts_errno_name(r->err);
	/* inet_ntop returns a pointer: NULL is its failure */
	const char *fail = r->ret_type && strchr(r->ret_type, '*') ? "NULL" :
			   "-1";

	if (r->ret == -1) {
		sbuf_addf(out, "\t\tif (%s != %s || errno != %s) {\n", ret,
			  fail, ename ? ename : "0");
		sbuf_addf(out, "\t\t\tfprintf(stderr, \"%s: expected -1 %s\\n\");\n",
			  r->call, ename ? ename : "");
		sbuf_add(out, "\t\t\treturn 1;\n\t\t}\n");
		return;
	}
	sbuf_addf(out, "\t\tif (%s == %s) {\n\t\t\tperror(\"%s\");\n"
		  "\t\t\treturn 1;\n\t\t}\n", ret, fail, r->call);
	if (!counts_bytes(r->call))
		return;
	sbuf_addf(out, "\t\tif (%s != %ld", ret, r->ret);
	if (r->data && r->datalen && (strcmp(r->call, "recv") == 0 ||
				      strcmp(r->call, "read") == 0 ||
				      strcmp(r->call, "recvfrom") == 0)) {
		sbuf_addf(out, " || memcmp(%s, \"", buf);
		parse_quote_c(out, r->data, r->datalen);
		sbuf_addf(out, "\", %zu) != 0", r->datalen);
	}
	sbuf_addf(out, ") {\n\t\t\tfprintf(stderr, \"%s: not what the session got (%ld)\\n\");\n"
		  "\t\t\treturn 1;\n\t\t}\n", r->call, r->ret);
}

/* Where a server split from the session says its port, for the
 * client's command line (write_program() puts the printf there). */
#define PORT_MARK "\t\t/*@port@*/"

/* The ports the kernel chose in this call: read back after it. */
static void add_port_readback(struct journal *j, struct sbuf *out,
			      const struct record *r)
{
	const struct fact *f;
	struct xport *xp;
	int i;

	for (i = 0; i < r->nfacts; i++) {
		f = &r->facts[i];
		if ((f->id != FACT_PORT_PICKED && f->id != FACT_EPHEMERAL_PORT) ||
		    f->nparam < 2 || j->nports == EXPORT_MAX_PORTS)
			continue;
		xp = &j->ports[j->nports];
		port_var_name(j, f->p[0].label, xp->var, sizeof(xp->var));
		xp->port = f->p[1].kind == FP_INT ? f->p[1].num :
			   addr_port((const struct sockaddr *)&f->p[1].ss);
		snprintf(xp->label, sizeof(xp->label), "%s", f->p[0].label);
		if (xp->port <= 0)
			continue;
		j->nports++;
		sbuf_addf(out, "\t\t/* the kernel picked the port: read it back, "
			  "for the calls that use it */\n"
			  "\t\tstruct sockaddr_storage picked;\n"
			  "\t\tsocklen_t picked_len = sizeof(picked);\n"
			  "\t\tif (getsockname(%s, (struct sockaddr *)&picked, &picked_len) == -1) {\n"
			  "\t\t\tperror(\"getsockname\");\n\t\t\treturn 1;\n\t\t}\n"
			  "\t\t%s = ntohs(picked.ss_family == AF_INET6 ?\n"
			  "\t\t\t((struct sockaddr_in6 *)&picked)->sin6_port :\n"
			  "\t\t\t((struct sockaddr_in *)&picked)->sin_port);\n"
			  "%s%s\n",
			  f->p[0].label, xp->var, PORT_MARK, xp->var);
	}
}

/* The state lines as comments (a comment cannot hold its own end). */
static void add_comment(struct sbuf *out, const char *lines)
{
	const char *p = lines, *nl;
	size_t n, i;

	while (p && *p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		sbuf_add(out, "\t\t/*");
		for (i = 0; i < n; i++) {
			size_t run = 0;

			/* Plain text goes in runs. */
			while (i + run < n && p[i + run] != '*' &&
			       p[i + run] != '\033')
				run++;
			sbuf_addn(out, p + i, run);
			i += run;
			if (i == n)
				break;
			if (p[i] == '*' && i + 1 < n && p[i + 1] == '/')
				sbuf_add(out, "* ");
			else if (p[i] == '\033')	/* colour */
				while (i < n && p[i] != 'm')
					i++;
			else
				sbuf_addc(out, p[i]);
		}
		sbuf_add(out, " */\n");
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/*
 * The C of a call in the program: its set-up, arguments and after lines,
 * with each variable the set-up declares that is also one of the
 * learner's names ("peer = accept srv": the set-up's struct
 * sockaddr_storage peer) renamed to NAME_, so that the learner's variable
 * stays in reach. The first argument (the socket) keeps its name.
 */
struct xcode {
	struct sbuf setup, args, after;
	char buf[PARSE_NAME_MAX + 8];	/* what recv's buffer is called */
};

static void xcode_rename(struct xcode *x, const char *from)
{
	char to[PARSE_NAME_MAX + 8];

	snprintf(to, sizeof(to), "%s_", from);
	cnames_rename_in(&x->setup, from, to, 0);
	cnames_rename_in(&x->after, from, to, 0);
	cnames_rename_in(&x->args, from, to, 1);
	if (strcmp(x->buf, from) == 0)
		snprintf(x->buf, sizeof(x->buf), "%s", to);
}

static void xcode_init(struct journal *j, struct xcode *x,
		       const struct record *r)
{
	const char *p, *w;
	size_t n;

	memset(x, 0, sizeof(*x));
	sbuf_add(&x->setup, sbuf_str(&r->setup));
	sbuf_add(&x->args, sbuf_str(&r->args));
	sbuf_add(&x->after, sbuf_str(&r->after));
	snprintf(x->buf, sizeof(x->buf), "buf");
	/* "struct sockaddr_storage peer;", "socklen_t len = ...": the
	 * declared name is the word after the type */
	p = sbuf_str(&r->setup);
	while (cnames_next_decl(&p, &w, &n))
		if (n && is_name_known(j, w, n)) {
			char name[PARSE_NAME_MAX + 1];

			snprintf(name, sizeof(name), "%.*s", (int)n, w);
			xcode_rename(x, name);
		}
}

static void xcode_free(struct xcode *x)
{
	sbuf_free(&x->setup);
	sbuf_free(&x->args);
	sbuf_free(&x->after);
}

static void keep_call(struct journal *j, const struct record *r,
		      char *const *names, int nnames, const char *lines,
		      struct sbuf *c)
{
	const char *lhs = nnames == 1 ? names[0] : NULL;
	char ret[PARSE_NAME_MAX + 8];
	struct xcode x;
	int i;

	for (i = 0; i < nnames; i++)
		add_name(j, names[i]);
	if (r->interrupted) {
		sbuf_addf(c, "\t/* %s(%s); was interrupted in the session (Ctrl-C or\n"
			  "\t * the replay time-out): here it would block. */\n",
			  r->call, sbuf_str(&r->args));
		return;
	}
	j->ncalls++;
	xcode_init(j, &x, r);
	sbuf_add(c, "\t{\n");
	if (x.setup.len)
		add_code(j, c, sbuf_str(&x.setup), "\t\t");
	if (r->ret_var && !lhs) {	/* htons(8001): a value, no errno */
		struct sbuf call = SBUF_INIT;

		show_c_call(&call, r, NULL);
		add_code(j, c, sbuf_str(&call), "\t\t");
		sbuf_addf(c, "\t\t(void)%s;\n", r->ret_var);
		if (x.after.len)
			add_after(j, c, sbuf_str(&x.after));
		add_comment(c, lines);
		sbuf_add(c, "\t}\n");
		sbuf_free(&call);
		xcode_free(&x);
		return;
	}
	if (lhs) {	/* int lfd = socket(...): lfd is declared above */
		snprintf(ret, sizeof(ret), "%s", lhs);
		sbuf_addf(c, "\t\t%s = %s(", lhs, r->call);
	} else {
		snprintf(ret, sizeof(ret), "ret");
		sbuf_addf(c, "\t\t%s ret = %s(",
			  r->ret_type ? r->ret_type : "long", r->call);
	}
	{
		struct sbuf args = SBUF_INIT;

		add_code(j, &args, sbuf_str(&x.args), "");
		if (args.len)
			args.s[--args.len] = '\0';
		sbuf_addf(c, "%s);\n", sbuf_str(&args));
		sbuf_free(&args);
	}
	if (x.after.len)
		add_after(j, c, sbuf_str(&x.after));
	add_check(c, r, ret, x.buf);
	add_port_readback(j, c, r);
	add_comment(c, lines);
	sbuf_add(c, "\t}\n");
	xcode_free(&x);
}

void export_keep(struct session *s, const struct record *r,
		 char *const *names, int nnames, const char *lines,
		 long sleep_ms)
{
	const char *lhs = nnames ? names[0] : NULL;
	struct journal *j = journal_of(s);
	struct sbuf c = SBUF_INIT;
	struct xentry *e;

	if (j->bytes >= EXPORT_MAX_BYTES) {
		j->dropped += sleep_ms > 0 || (r->call && r->has_ret);
		return;
	}
	if (sleep_ms > 0) {
		sbuf_addf(&c, "\tnanosleep(&(struct timespec){ .tv_sec = %ld, "
			  ".tv_nsec = %ld }, NULL);\n", sleep_ms / 1000,
			  (sleep_ms % 1000) * 1000000);
	} else if (r->call && r->has_ret) {
		keep_call(j, r, names, nnames, lines, &c);
	} else {
		return;
	}
	j->e = xrealloc(j->e, (j->n + 1) * sizeof(*j->e));
	e = &j->e[j->n++];
	e->label[0] = '\0';
	if (sleep_ms <= 0)
		entry_role(j, r, lhs, e->label, sizeof(e->label));
	e->code = xstrdup(sbuf_str(&c));
	j->bytes += c.len + sizeof(*e);
	sbuf_free(&c);
}

/* ---- the program ----------------------------------------------------- */

static const char prologue[] =
	"/* %s - written by sockrepl's export: the calls of a session, each\n"
	" * as it ran, checked against what happened then. Build and run:\n"
	" *   cc -std=c11 -Wall -Wextra -Werror -pedantic -o prog %s && ./prog\n"
	" */\n"
	"#define _GNU_SOURCE\n"
	"#include <arpa/inet.h>\n#include <errno.h>\n#include <fcntl.h>\n"
	"#include <net/if.h>\n#include <netinet/in.h>\n"
	"#include <netinet/tcp.h>\n#include <poll.h>\n#include <signal.h>\n"
	"#include <stddef.h>\n"
	"#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	"#include <sys/socket.h>\n"
	"#include <sys/time.h>\n#include <sys/un.h>\n#include <time.h>\n"
	"#include <unistd.h>\n\n"
	"int main(%s)\n{\n"
	"\t/* as in sockrepl: a send to a closed peer returns -1 EPIPE\n"
	"\t * instead of killing the program with SIGPIPE */\n"
	"\tsignal(SIGPIPE, SIG_IGN);\n";

/* One block of code: a server says the ports it listens on. */
static void add_entry(struct sbuf *out, const char *code, int role)
{
	const char *p = code, *m;
	size_t n = strlen(PORT_MARK), v;

	while ((m = strstr(p, PORT_MARK)) != NULL) {
		sbuf_addn(out, p, (size_t)(m - p));
		v = strcspn(m + n, "\n");
		if (role == ROLE_SERVER)
			sbuf_addf(out, "\t\tprintf(\"%.*s %%u\\n\", %.*s);\n"
				  "\t\tfflush(stdout);\n", (int)v, m + n,
				  (int)v, m + n);
		p = m + n + v + 1;
	}
	sbuf_add(out, p);
}

/* The client of a split takes the server's ports from its command line,
 * as the server printed them. */
static void client_ports(struct journal *j, struct sbuf *out)
{
	int k, argi = 0;

	for (k = 0; k < j->nports; k++) {
		if (label_role(j, j->ports[k].label) != ROLE_SERVER)
			continue;
		argi++;
		sbuf_addf(out, "\tif (argc < %d) {\n"
				  "\t\tfprintf(stderr, \"usage: %%s PORT... "
				  "(the ports the server printed)\\n\", argv[0]);\n"
				  "\t\treturn 2;\n\t}\n"
				  "\t%s = (unsigned short)atoi(argv[%d]);\n",
				  argi + 1, j->ports[k].var, argi);
	}
	if (argi == 0)
		sbuf_add(out, "\t(void)argc;\n\t(void)argv;\n");
}

static void write_program(struct journal *j, int role, const char *file,
			  struct sbuf *out)
{
	size_t i;
	int k, r;

	sbuf_addf(out, prologue, file, file,
		  role == ROLE_CLIENT ? "int argc, char *argv[]" : "void");
	for (i = 0; i < j->nnames; i++)
		sbuf_addf(out, "\tint %s = -1;\n", j->names[i]);
	for (k = 0; k < j->nports; k++)
		sbuf_addf(out, "\tunsigned short %s = 0;\n", j->ports[k].var);
	if (j->nnames || j->nports)
		sbuf_addc(out, '\n');
	if (role == ROLE_CLIENT)
		client_ports(j, out);
	for (i = 0; i < j->n; i++) {
		r = label_role(j, j->e[i].label);
		if (role == ROLE_BOTH || r == ROLE_BOTH || r == role)
			add_entry(out, j->e[i].code, role);
	}
	if (j->dropped)
		sbuf_addf(out, "\t/* the session went on for %ld more calls: export\n"
			  "\t * keeps a program of up to %d KiB */\n",
			  j->dropped, EXPORT_MAX_BYTES / 1024);
	for (i = 0; i < j->nnames; i++)	/* used, if only here */
		sbuf_addf(out, "\t(void)%s;\n", j->names[i]);
	for (k = 0; k < j->nports; k++)
		sbuf_addf(out, "\t(void)%s;\n", j->ports[k].var);
	sbuf_add(out, "\treturn 0;\n}\n");
}

int export_program(struct session *s, int split, const char *path,
		   struct sbuf *out, struct sbuf *out2, struct sbuf *err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct sbuf f1 = SBUF_INIT, f2 = SBUF_INIT;
	size_t n = strlen(base);
	struct journal *j = journal_of(s);
	size_t i;
	int server = 0, client = 0;

	if (!split) {
		write_program(j, ROLE_BOTH, base, out);
		return j->ncalls;
	}
	for (i = 0; i < j->nsocks; i++) {
		server |= j->socks[i].role == ROLE_SERVER;
		client |= j->socks[i].role == ROLE_CLIENT;
	}
	if (!server || !client) {
		sbuf_add(err, _("export --split needs a server (listen, accept) and a client (connect) in the session"));
		return -1;
	}
	if (n > 2 && strcmp(base + n - 2, ".c") == 0)
		n -= 2;
	sbuf_addf(&f1, "%.*s-server.c", (int)n, base);
	sbuf_addf(&f2, "%.*s-client.c", (int)n, base);
	write_program(j, ROLE_SERVER, f1.s, out);
	write_program(j, ROLE_CLIENT, f2.s, out2);
	sbuf_free(&f1);
	sbuf_free(&f2);
	return j->ncalls;
}

static int write_file(const char *path, const struct sbuf *text,
		      struct sbuf *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		sbuf_addf(err, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	fwrite(text->s ? text->s : "", 1, text->len, f);
	if (fclose(f) != 0) {
		sbuf_addf(err, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

int export_write(struct session *s, const char *path, int split,
		 struct sbuf *names, struct sbuf *err)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, p1 = SBUF_INIT,
		    p2 = SBUF_INIT;
	size_t n = strlen(path);
	int rc = -1;

	if (n < 3 || strcmp(path + n - 2, ".c") != 0) {
		sbuf_addf(err, _("export writes C: give a file name ending in .c, not '%s'"),
			  path);
		return -1;
	}
	if (export_program(s, split, path, &a, &b, err) < 0)
		goto out;
	if (!split) {
		rc = write_file(path, &a, err);
		sbuf_add(names, path);
		goto out;
	}
	sbuf_addf(&p1, "%.*s-server.c", (int)(n - 2), path);
	sbuf_addf(&p2, "%.*s-client.c", (int)(n - 2), path);
	rc = write_file(p1.s, &a, err);
	if (rc == 0)
		rc = write_file(p2.s, &b, err);
	if (rc == 0)
		sbuf_addf(names, _("%s and %s"), p1.s, p2.s);
out:
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&p1);
	sbuf_free(&p2);
	return rc;
}
