/* cmd.c - the command table: lookup, arity, and executing one line. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "addr.h"
#include "closeout.h"
#include "cmd.h"
#include "cnames.h"
#include "consts.h"
#include "diag.h"
#include "draw.h"
#include "expect.h"
#include "export.h"
#include "i18n.h"
#include "lesson.h"
#include "show.h"
#include "show-json.h"
#include "sig.h"
#include "state.h"
#include "show-trace.h"
#include "trace.h"

/* The one command table: families in the order help lists them. */
const struct cmd_family cmd_families[] = {
	{ N_("Sockets"), cmd_socket_entries },
	{ N_("Sending and receiving"), cmd_io_entries },
	{ N_("UDP"), cmd_udp_entries },
	{ N_("Options, non-blocking I/O and poll"), cmd_opt_entries },
	{ N_("Byte order and addresses"), cmd_byteorder_entries },
	{ N_("Kernel state"), cmd_state_entries },
	{ N_("Packets"), cmd_trace_entries },
	{ N_("Lessons"), cmd_lesson_entries },
	{ N_("Session"), cmd_session_entries },
	{ N_("C statements"), cmd_c_entries },
	{ NULL, NULL },
};

const struct cmd_arg cmd_no_args[] = {
	{ .kind = ARG_END },
};

void record_init(struct record *r)
{
	memset(r, 0, RECORD_HEAD);
}

void record_free(struct record *r)
{
	sbuf_free(&r->setup);
	sbuf_free(&r->args);
	sbuf_free(&r->note);
	sbuf_free(&r->after);
	sbuf_free(&r->out);
	sbuf_free(&r->expected);
	sbuf_free(&r->got);
	free(r->data);
	free(r->segs);
	state_snap_free(r->snap_before);
	state_snap_free(r->snap_after);
	draw_free(r->draw);
	memset(r, 0, RECORD_HEAD);
}

void record_touch(struct record *r, int fd)
{
	int i;

	for (i = 0; i < r->nfds; i++)
		if (r->fds[i] == fd)
			return;
	if (r->nfds < RECORD_MAX_FDS)
		r->fds[r->nfds++] = fd;
}

void record_result(struct record *r, long ret, int err)
{
	r->has_ret = 1;
	r->ret = ret;
	r->err = ret == -1 ? err : 0;
	if (r->err == EINTR && r->interrupted == 0)
		r->interrupted = 1;
}

const struct cmd_entry *cmd_at(size_t i)
{
	const struct cmd_family *f;
	size_t j;

	for (f = cmd_families; f->title; f++)
		for (j = 0; f->entries[j]; j++)
			if (i-- == 0)
				return f->entries[j];
	return NULL;
}

static int has_alias(const struct cmd_entry *e, const char *name)
{
	const char *p = e->alias;
	size_t n = strlen(name);

	while (p && *p) {
		size_t len = strcspn(p, " ");

		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

const struct cmd_entry *cmd_lookup(const char *name, struct sbuf *err)
{
	const struct cmd_entry *e, *found = NULL;
	size_t i, n = strlen(name), nfound = 0;
	struct sbuf cands = SBUF_INIT;

	for (i = 0; (e = cmd_at(i)) != NULL; i++)
		if (strcmp(e->name, name) == 0 || has_alias(e, name))
			return e;
	for (i = 0; n && (e = cmd_at(i)) != NULL; i++) {
		if (strncmp(e->name, name, n) != 0)
			continue;
		sbuf_addf(&cands, "%s%s", nfound ? ", " : "", e->name);
		found = e;
		nfound++;
	}
	if (nfound == 1) {
		sbuf_free(&cands);
		return found;
	}
	if (nfound > 1)
		sbuf_addf(err, _("ambiguous command: %s, could be: %s"), name,
			  sbuf_str(&cands));
	else
		sbuf_addf(err, _("unknown command '%s' (type help for the list)"),
			  name);
	sbuf_free(&cands);
	return NULL;
}

int cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(ctx->err, fmt, ap);
	va_end(ap);
	return CMD_ERROR;
}

struct sock *cmd_sock(struct cmd_ctx *ctx, int i)
{
	return session_resolve(ctx->s, ctx->argv[i].s, ctx->err);
}

int cmd_long(struct cmd_ctx *ctx, int i, long min, long max,
	     const char *what, long *out)
{
	if (parse_long(ctx->argv[i].s, min, max, out) == 0)
		return 0;
	cmd_error(ctx, _("bad %s '%s': expected a whole number from %ld to %ld"),
		  _(what), ctx->argv[i].s, min, max);
	return -1;
}

/* A name must not read as something else where addresses or constants
 * are expected ("any", "inet", "tcp", ...). */
static int name_clashes(const char *name)
{
	static const char *const words[] = { "any", "localhost", "loopback" };
	const struct const_table *t;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strcasecmp(name, words[i]) == 0)
			return 1;
	for (i = 0; (t = consts_table_at(i)) != NULL; i++)
		for (j = 0; j < t->n; j++)
			if (strcmp(t->defs[j].name, name) == 0 ||
			    (t->defs[j].short_name &&
			     strcasecmp(t->defs[j].short_name, name) == 0))
				return 1;
	return 0;
}

static int check_names(const struct cmd_entry *e, const struct line *l,
		       struct sbuf *err)
{
	int i;

	if (l->nnames == 0)
		return 0;
	if (!(e->flags & (CMD_NAMES | CMD_NAMES2))) {
		sbuf_addf(err, _("'%s' makes no descriptor to name: only socket, accept and socketpair results take a name"),
			  e->name);
		return -1;
	}
	if (l->nnames == 2 && !(e->flags & CMD_NAMES2)) {
		sbuf_addf(err, _("'%s' makes one descriptor: give one name"),
			  e->name);
		return -1;
	}
	for (i = 0; i < l->nnames; i++)
		if (name_clashes(l->names[i])) {
			sbuf_addf(err, _("'%s' is a constant or keyword; pick another name, like lfd or c"),
				  l->names[i]);
			return -1;
		}
	if (l->nnames == 2 && strcmp(l->names[0], l->names[1]) == 0) {
		sbuf_add(err, _("give the two descriptors different names"));
		return -1;
	}
	return 0;
}

/* The words a declared argument takes: at least lo, at most hi. */
static void arg_words(const struct cmd_arg *a, int *lo, int *hi)
{
	*hi = a->flags & ARG_REPEAT ? -1 : a->kind == ARG_ADDR ? 2 : 1;
	*lo = (a->flags & ARG_OPTIONAL) || a->kind == ARG_FLAG ? 0 : 1;
}

/* How many words e takes: from min to max (-1: no limit). */
static void cmd_arity(const struct cmd_entry *e, int *min, int *max)
{
	const struct cmd_arg *a;
	size_t i;
	int lo, hi;

	if (e->subs) {
		int unlimited = 0;

		*min = *max = -1;
		for (i = 0; e->subs[i]; i++) {
			cmd_arity(e->subs[i], &lo, &hi);
			if (*min < 0 || lo < *min)
				*min = lo;
			if (hi > *max)
				*max = hi;
			unlimited |= hi < 0;
		}
		++*min;
		*max = unlimited ? -1 : *max + 1;
		return;
	}
	*min = *max = 0;
	for (a = e->args; a->kind != ARG_END; a++) {
		arg_words(a, &lo, &hi);
		*min += lo;
		*max = *max < 0 || hi < 0 ? -1 : *max + hi;
	}
}

/* "bind: too many arguments\nusage: bind FD ADDR PORT [--no-htons]"; of a
 * sub-command (e is "expect", sub "state") for that one alone. */
static void usage_error(const struct cmd_entry *e,
			const struct cmd_entry *sub, const char *what,
			struct sbuf *err)
{
	struct sbuf name = SBUF_INIT, syn = SBUF_INIT;

	sbuf_add(&name, e->name);
	if (sub)
		sbuf_addf(&name, " %s", sub->name);
	cmd_synopsis(sub ? sub : e, &syn);
	/* TRANSLATORS: the command, what is wrong, the command again, a
	 * space and its synopsis (C-like, not translated). */
	sbuf_addf(err, _("%s: %s\nusage: %s%s%s"), sbuf_str(&name), _(what),
		  sbuf_str(&name), syn.len ? " " : "", sbuf_str(&syn));
	sbuf_free(&syn);
	sbuf_free(&name);
}

static int check_arity(const struct cmd_entry *e, int argc, struct sbuf *err)
{
	int min, max;

	cmd_arity(e, &min, &max);
	if (argc >= min && (max < 0 || argc <= max))
		return 0;
	usage_error(e, NULL,
		    argc < min ? N_("missing argument") :
				 N_("too many arguments"), err);
	return -1;
}

void cmd_synopsis(const struct cmd_entry *e, struct sbuf *out)
{
	const struct cmd_arg *a;
	size_t i;

	for (i = 0; e->subs && e->subs[i]; i++) {
		sbuf_addf(out, "%s%s", i ? " | " : "", e->subs[i]->name);
		if (e->subs[i]->args && e->subs[i]->args->kind != ARG_END)
			sbuf_addc(out, ' ');
		cmd_synopsis(e->subs[i], out);
	}
	if (e->subs)
		return;
	for (a = e->args; a->kind != ARG_END; a++) {
		int opt = (a->flags & ARG_OPTIONAL) || a->kind == ARG_FLAG;
		int open = opt && !(a > e->args && (a[-1].flags & ARG_PAIR));
		int close = opt && !(a->flags & ARG_PAIR);

		sbuf_addf(out, "%s%s%s%s%s", a == e->args ? "" : " ",
			  open ? "[" : "", a->name, close ? "]" : "",
			  a->flags & ARG_REPEAT ? "..." : "");
	}
}

/* The arguments being parsed: the command's or its sub-command's. */
static const struct cmd_arg *ctx_args(const struct cmd_ctx *ctx)
{
	return (ctx->sub ? ctx->sub : ctx->entry)->args;
}

/* An address is of the family of the socket before it, if any. */
static int addr_family(const struct cmd_ctx *ctx, const struct cmd_val *v)
{
	while (v-- > ctx->arg)
		if (v->sock)
			return v->sock->domain;
	return AF_UNSPEC;
}

static int addr_flags(const struct cmd_ctx *ctx, const struct cmd_arg *a)
{
	const struct cmd_arg *f, *args = ctx_args(ctx);
	int flags = a->flags & ARG_TARGET ? CMD_ADDR_TARGET : 0;

	for (f = args; f->kind != ARG_END; f++)
		if (f->kind == ARG_FLAG && ctx->arg[f - args].given &&
		    strcmp(f->name, "--no-htons") == 0)
			flags |= CMD_ADDR_NO_HTONS;
	return flags;
}

/* A descriptor; with ARG_CLOSED a closed socket's name too. */
static struct sock *arg_sock(struct cmd_ctx *ctx, const struct cmd_arg *a,
			     int i)
{
	struct sock *sk = NULL;

	if ((a->flags & ARG_CLOSED) && !ctx->argv[i].quoted)
		sk = session_find_name(ctx->s, ctx->argv[i].s);
	return sk ? sk : cmd_sock(ctx, i);
}

/* Parse one word (two for an address) at *i as a declares it into v. */
static int parse_arg(struct cmd_ctx *ctx, const struct cmd_arg *a, int *i,
		     struct cmd_val *v)
{
	const struct word *w = &ctx->argv[*i];
	int n = 1;

	switch (a->kind) {
	case ARG_FD:
		v->sock = arg_sock(ctx, a, *i);
		if (v->sock == NULL)
			return CMD_ERROR;
		break;
	case ARG_ADDR:
		n = cmd_addr(ctx, *i, addr_family(ctx, v), addr_flags(ctx, a),
			     &v->addr);
		if (n < 0)
			return CMD_ERROR;
		break;
	case ARG_CONST:
		if (consts_parse(a->set, w->s, &v->num, ctx->err) < 0)
			return CMD_ERROR;
		break;
	case ARG_INT:
		if (cmd_long(ctx, *i, a->min, a->max, a->what, &v->num) < 0)
			return CMD_ERROR;
		break;
	default:	/* ARG_DATA, ARG_WORD */
		v->str = w->s;
		v->len = w->len;
		break;
	}
	v->given = 1;
	v->word = *i;
	v->nword = n;
	*i += n;
	return CMD_OK;
}

/* Take the option words out first: they may stand anywhere. */
static void take_flags(struct cmd_ctx *ctx)
{
	const struct cmd_arg *a, *args = ctx_args(ctx);

	for (a = args; a->kind != ARG_END; a++)
		if (a->kind == ARG_FLAG)
			ctx->arg[a - args].num = ctx->arg[a - args].given =
				cmd_take_flag(ctx, a->name);
}

/* The fewest words the arguments from a on need. */
static int min_words(const struct cmd_arg *a)
{
	int n = 0, lo, hi;

	for (; a->kind != ARG_END; a++) {
		arg_words(a, &lo, &hi);
		n += lo;
	}
	return n;
}

/* The words a repeated argument at i takes: all but those the arguments
 * after it need, and but a last one that reads as the optional number
 * after it ("poll a b:out 1000"). */
static int repeat_words(const struct cmd_ctx *ctx, const struct cmd_arg *a,
			int i)
{
	const struct word *last = &ctx->argv[ctx->argc - 1];
	int n = ctx->argc - i - min_words(a + 1);
	long v;

	if (n > 1 && a[1].kind == ARG_INT && (a[1].flags & ARG_OPTIONAL) &&
	    !last->quoted && parse_long(last->s, LONG_MIN, LONG_MAX, &v) == 0)
		n--;
	return n;
}

/* Each word of a repeated argument must parse, then it takes them all. */
static int parse_repeat(struct cmd_ctx *ctx, const struct cmd_arg *a,
			int *i, struct cmd_val *v)
{
	int n = repeat_words(ctx, a, *i), j = *i, end = *i + n;

	v->words = &ctx->argv[*i];
	v->nwords = n;
	while (j < end)
		if (parse_arg(ctx, a, &j, v) < 0)
			return CMD_ERROR;
	v->word = *i;
	v->nword = n;
	v->str = v->words->s;
	v->len = v->words->len;
	*i = end;
	return CMD_OK;
}

/* An optional argument is there when more words are left than the ones
 * after it need: "inet_pton ::1" leaves out the family, "recv c 10"
 * gives LEN. A pair is both there (its second then required) or both
 * left out. */
static int optional_given(const struct cmd_ctx *ctx, const struct cmd_arg *a,
			  int i)
{
	return ctx->argc - i > min_words(a + ((a->flags & ARG_PAIR) ? 2 : 1));
}

static int parse_args(struct cmd_ctx *ctx)
{
	const struct cmd_arg *a, *args = ctx_args(ctx);
	int i = 0, pair = 0;

	take_flags(ctx);
	for (a = args; a->kind != ARG_END; a++) {
		if (a->kind == ARG_FLAG)
			continue;
		if ((a->flags & ARG_OPTIONAL) && !pair &&
		    !optional_given(ctx, a, i)) {
			a += (a->flags & ARG_PAIR) ? 1 : 0;
			continue;
		}
		pair = (a->flags & ARG_PAIR) != 0;
		if (i >= ctx->argc && a->kind == ARG_ADDR)	/* says more */
			return cmd_addr(ctx, i, AF_UNSPEC, 0,
					&ctx->arg[a - args].addr);
		if (i >= ctx->argc) {
			usage_error(ctx->entry, ctx->sub, N_("missing argument"),
				    ctx->err);
			return CMD_ERROR;
		}
		if (((a->flags & ARG_REPEAT) ? parse_repeat : parse_arg)(
			    ctx, a, &i, &ctx->arg[a - args]) < 0)
			return CMD_ERROR;
	}
	if (i < ctx->argc) {
		usage_error(ctx->entry, ctx->sub, N_("too many arguments"),
			    ctx->err);
		return CMD_ERROR;
	}
	return CMD_OK;
}

/* The first word picks the sub-command; the rest are its arguments. */
static int pick_sub(struct cmd_ctx *ctx)
{
	const struct cmd_entry *const *sub, *e = ctx->entry;
	const char *w = ctx->argc ? ctx->argv[0].s : "";
	size_t i;

	for (sub = e->subs; *sub; sub++)
		if (strcmp((*sub)->name, w) == 0)
			break;
	if (*sub == NULL) {
		sbuf_addf(ctx->err, _("%s what? "), e->name);
		for (i = 0; e->subs[i]; i++)
			sbuf_addf(ctx->err, "%s%s", i == 0 ? "" :
				  e->subs[i + 1] ? _(", ") : _(" or "),
				  e->subs[i]->name);
		sbuf_addf(ctx->err, _(" (not '%s')"), w);
		return CMD_ERROR;
	}
	ctx->sub = *sub;
	ctx->argv++;
	ctx->argc--;
	return CMD_OK;
}

int cmd_parse_args(struct cmd_ctx *ctx)
{
	memset(ctx->arg, 0, sizeof(ctx->arg));
	ctx->sub = NULL;
	if (ctx->entry->subs && pick_sub(ctx) < 0)
		return CMD_ERROR;
	return parse_args(ctx);
}

void exec_result_init(struct exec_result *r)
{
	memset(r, 0, sizeof(*r));
}

void exec_result_free(struct exec_result *r)
{
	sbuf_free(&r->expected);
	sbuf_free(&r->got);
	memset(r, 0, sizeof(*r));
}

/* Compare and report the expectation; returns EXEC_OK or EXEC_MISMATCH. */
static enum exec_status check_expect(struct session *s,
				     const struct expect *e,
				     const struct record *rec,
				     struct exec_result *res)
{
	int ok = rec->check_failed ? 0 : e == NULL || expect_match(e, rec);

	if (e == NULL && !rec->check_failed)
		return EXEC_OK;
	if (e)
		expect_format(&res->expected, e);
	else
		sbuf_add(&res->expected, sbuf_str(&rec->expected));
	expect_format_got(&res->got, rec);
	/* "=> *" is the lesson's test syntax: a learner has no use for it. */
	if (ok && s->lesson && strcmp(sbuf_str(&res->expected), "*") == 0)
		return EXEC_OK;
	if (ok) {
		fprintf(s->out, _("  %s%s as expected (=> %s)%s\n"),
			show_color(s, STYLE_DIM), s->opt.utf8 ? "\xe2\x9c\x93" : "ok",
			sbuf_str(&res->expected), show_reset(s));
		return EXEC_OK;
	}
	/* TRANSLATORS: the colour, a mark (a cross or "MISMATCH:"), what was
	 * expected, what came, the colour's end. */
	fprintf(s->out, _("  %s%s expected %s, got %s%s\n"),
		show_color(s, STYLE_ERR), s->opt.utf8 ? "\xe2\x9c\x97" : "MISMATCH:",
		sbuf_str(&res->expected), sbuf_str(&res->got), show_reset(s));
	return EXEC_MISMATCH;
}

/* Copy the given arguments into the record while their sockets are
 * valid: the handler may change the table. */
static void record_args(struct cmd_ctx *ctx)
{
	const struct cmd_arg *a, *args = ctx_args(ctx);
	struct record *r = ctx->rec;
	const struct cmd_val *v;
	struct record_arg *t;

	for (a = args; a->kind != ARG_END && r->ntyped < RECORD_MAX_ARGS;
	     a++) {
		v = &ctx->arg[a - args];
		if (!v->given)
			continue;
		t = &r->typed[r->ntyped++];
		memset(t, 0, sizeof(*t));
		t->kind = a->kind;
		t->name = a->name;
		t->fd = v->sock ? v->sock->fd : -1;
		if (v->sock)
			memcpy(t->sock_name, v->sock->name,
			       sizeof(t->sock_name));
		t->addr = v->addr;
		t->set = a->set;
		t->num = v->num;
		t->str = v->str;
		t->len = v->len;
		t->words = v->words;
		t->nwords = v->nwords;
	}
}

/* With trace on: take what arrived while the shell waited, and capture
 * the ports the command names (a connect's target) too. */
static void trace_args(struct cmd_ctx *ctx)
{
	const struct sockaddr_storage *addrs[CMD_MAX_ARGS];
	const struct cmd_arg *a, *args = ctx_args(ctx);
	int n = 0;

	if (!trace_active(ctx->s))
		return;
	for (a = args; a->kind != ARG_END && n < CMD_MAX_ARGS; a++)
		if (a->kind == ARG_ADDR && ctx->arg[a - args].given)
			addrs[n++] = &ctx->arg[a - args].addr.ss;
	trace_before(ctx->s, ctx->rec, addrs, n);
}

const char *cmd_c_var(struct cmd_ctx *ctx, const char *want, char *buf,
		      size_t n)
{
	size_t len;
	int i, taken;

	snprintf(buf, n, "%s", want);
	do {
		taken = session_find_name(ctx->s, buf) != NULL;
		for (i = 0; i < ctx->nnames && !taken; i++)
			taken = strcmp(ctx->names[i], buf) == 0;
		len = strlen(buf);
		if (taken && len + 1 < n) {
			buf[len] = '_';
			buf[len + 1] = '\0';
		}
	} while (taken && len + 1 < n);
	return buf;
}

/* Whether name is a socket of the session's (open, or a closed name). */
static int session_name(const char *name, void *data)
{
	return session_find_name(data, name) != NULL;
}

/* The variables the call's C declares ("struct sockaddr_storage peer;")
 * renamed where the learner has a name alike ("peer = accept lfd"), so
 * that every C shown, exported or in JSON declares no name twice. */
static void c_names_apart(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	const char *socks[RECORD_MAX_ARGS];
	struct cnames_who w = { ctx->names, ctx->nnames, socks, 0,
				session_name, ctx->s };
	int i;

	if (r->call == NULL || r->setup.len == 0)
		return;
	for (i = 0; i < r->ntyped; i++)	/* copied before the call */
		if (r->typed[i].kind == ARG_FD && r->typed[i].sock_name[0])
			socks[w.nsocks++] = r->typed[i].sock_name;
	cnames_record(r, &w);
}

/* Run the handler between kernel snapshots and show what happened. */
static enum exec_status run(struct cmd_ctx *ctx, const struct line *l,
			    const struct expect *e, struct exec_result *res)
{
	struct session *s = ctx->s;
	struct record *rec = ctx->rec;
	struct sbuf lines = SBUF_INIT;
	struct state_watch watch = { { NULL, 0, 0, 0 }, 0 };
	enum exec_status st;

	/* Bad arguments are refused before the kernel is asked anything. */
	if (cmd_parse_args(ctx) != CMD_OK)
		return EXEC_ERROR;	/* cmd_execute() shows ctx->err */
	record_args(ctx);
	trace_args(ctx);
	if ((ctx->entry->flags & CMD_STATE) && s->opt.show_state)
		rec->snap_before = state_before(
			s, rec, (ctx->entry->flags & CMD_TIME) != 0, &watch);
	if ((ctx->sub ? ctx->sub : ctx->entry)->exec(ctx) != CMD_OK) {
		free(watch.set.ids);
		return EXEC_ERROR;
	}
	c_names_apart(ctx);
	if (rec->snap_before)
		rec->snap_after = state_after(s, rec, &watch,
					      rec->snap_before);
	trace_after(s, rec);
	/* With --format=json the record is rendered as JSON instead (by
	 * execute_line): no transcript to word and throw away. */
	if (!s->opt.json) {
		state_report(s, rec->snap_before, rec->snap_after, rec,
			     &lines);
		show_trace_segs(s, rec, 1);
		show_record(s, ctx->rec, l->nnames ? l->names[0] : NULL);
		show_trace_segs(s, rec, 0);
		if (lines.len)
			show_state_lines(s, sbuf_str(&lines));
	}
	/* A command that lets time pass (sleep) waits its first argument's
	 * milliseconds in the program too. */
	export_keep(s, rec, l->names, l->nnames, sbuf_str(&lines),
		    (ctx->entry->flags & CMD_TIME) ? ctx->arg[0].num : 0);
	sbuf_free(&lines);
	res->interrupted = ctx->rec->interrupted;
	if (res->probe)
		res->probe_held = expect_match(res->probe, ctx->rec);
	st = check_expect(s, e, ctx->rec, res);
	return s->quit ? EXEC_QUIT : st;
}

static enum exec_status execute_line(struct session *s, const char *text,
				     size_t len, const struct line *l,
				     struct exec_result *res,
				     struct sbuf *err, struct record *keep)
{
	struct cmd_ctx ctx;
	struct record rec;
	struct expect e;
	enum exec_status st;

	memset(&ctx, 0, sizeof(ctx));
	ctx.entry = res->entry = cmd_lookup(l->words[0].s, err);
	if (ctx.entry == NULL || check_names(ctx.entry, l, err) < 0 ||
	    check_arity(ctx.entry, l->nwords - 1, err) < 0)
		return EXEC_ERROR;
	if (l->has_expect && expect_parse(l->expect, l->nexpect, &e, err) < 0)
		return EXEC_ERROR;
	res->has_expect = l->has_expect || (ctx.entry->flags & CMD_CHECK);
	record_init(&rec);
	ctx.s = s;
	ctx.argc = l->nwords - 1;
	ctx.argv = l->words + 1;
	ctx.names = l->names;
	ctx.nnames = l->nnames;
	ctx.rec = &rec;
	ctx.err = err;
	st = run(&ctx, l, l->has_expect ? &e : NULL, res);
	if (st != EXEC_ERROR && s->opt.json)
		show_json_record(s, text, len, l, &rec, res, st);
	if (l->has_expect)
		expect_free(&e);
	if (keep && st != EXEC_ERROR)
		*keep = rec;	/* the caller frees it */
	else
		record_free(&rec);
	return st;
}

/* With --format=json the transcript of a line goes to a buffer that is
 * dropped, and its JSON object to the real output, s->json_out. */
struct json_sink {
	FILE *out;
	char *buf;
	size_t size;
};

static void json_begin(struct session *s, struct json_sink *j)
{
	FILE *buf;

	memset(j, 0, sizeof(*j));
	j->out = s->json_out = s->out;
	if (!s->opt.json)
		return;
	buf = open_memstream(&j->buf, &j->size);
	if (buf)
		s->out = buf;
}

/* Drop the transcript; a line that could not be run gets its object,
 * with the command it names if there is one. */
static void json_end(struct session *s, struct json_sink *j,
		     const char *text, size_t len,
		     const struct exec_result *res, const char *err)
{
	if (s->out != j->out) {
		fclose(s->out);
		s->out = j->out;
	}
	free(j->buf);
	if (s->opt.json && res->status == EXEC_ERROR)
		show_json_error(s, text, len, res->entry, err);
	s->json_out = NULL;
}

enum exec_status cmd_execute(struct session *s, const char *text, size_t len,
			     struct exec_result *res)
{
	struct line l;
	struct sbuf err = SBUF_INIT;
	enum exec_status st;
	struct json_sink sink;
	int parsed;

	json_begin(s, &sink);
	parsed = parse_line(text, len, &l, &err) == 0;
	if (!parsed)
		st = EXEC_ERROR;
	else if (l.nwords == 0)
		st = EXEC_EMPTY;
	else
		st = execute_line(s, text, len, &l, res, &err, NULL);
	if (err.len)
		show_error(s, sbuf_str(&err));
	res->status = st;
	json_end(s, &sink, text, len, res, sbuf_str(&err));
	line_free(&l);
	sbuf_free(&err);
	out_check(s->out);	/* the driver stops when nobody reads */
	return st;
}

enum exec_status cmd_execute_line(struct session *s, const char *text,
				  size_t len, struct line *l,
				  struct exec_result *res, struct record *keep)
{
	struct sbuf err = SBUF_INIT;
	enum exec_status st;
	struct json_sink sink;

	json_begin(s, &sink);
	st = l->nwords ? execute_line(s, text, len, l, res, &err, keep) :
			 EXEC_EMPTY;
	if (err.len)
		show_error(s, sbuf_str(&err));
	res->status = st;
	json_end(s, &sink, text, len, res, sbuf_str(&err));
	sbuf_free(&err);
	out_check(s->out);
	return st;
}

int cmd_would_block(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int fl;

	/* Ready: no call blocks, whatever O_NONBLOCK says, and the flag
	 * need not be asked (one system call less for most calls). */
	if (poll(&p, 1, 0) != 0)
		return 0;
	fl = fcntl(fd, F_GETFL);
	return fl >= 0 && !(fl & O_NONBLOCK);
}

void cmd_block_begin(struct cmd_ctx *ctx, int fd, short events,
		     const char *why)
{
	struct session *s = ctx->s;
	int sure = (events & CMD_BLOCK_READY) != 0;
	int would;
	char msg[768];

	events = (short)(events & ~CMD_BLOCK_READY);
	would = (why || sure) && cmd_would_block(fd, events);
	if (why && would) {
		if (s->opt.interactive)
			snprintf(msg, sizeof(msg),
				 _("%s.\nThis call blocks until then: press Ctrl-C to interrupt it."),
				 why);
		else if (s->opt.block_timeout_ms > 0)
			snprintf(msg, sizeof(msg),
				 _("%s.\nThis call blocks until then (a replay gives up after %ld ms)."),
				 why, s->opt.block_timeout_ms);
		else	/* --timeout=0: wait for ever */
			snprintf(msg, sizeof(msg),
				 _("%s.\nThis call blocks until then (no time-out: Ctrl-C stops the replay)."),
				 why);
		show_note(s, msg);
		cmd_flush(s);
	}
	/* Ready, and the call cannot block: no timer to arm and disarm. A
	 * call that may block shows what came before while it waits. */
	if (s->opt.interactive || (sure && !would)) {
		sig_block_begin(0);
		return;
	}
	cmd_flush(s);
	sig_block_begin(s->opt.block_timeout_ms);
}

void cmd_flush(struct session *s)
{
	fflush(s->out);
	if (s->json_out && s->json_out != s->out)
		fflush(s->json_out);	/* the objects of the lines before */
}

ssize_t cmd_send(struct cmd_ctx *ctx, int fd, const void *buf, size_t len,
		 int flags, const struct sockaddr *to, socklen_t tolen)
{
	const struct session *s = ctx->s;
	ssize_t done = 0, n;
	int e, fl;

	/* Only where the replay's time-out would be armed around it. */
	if (!s->opt.interactive && s->opt.block_timeout_ms > 0 &&
	    !(flags & MSG_DONTWAIT)) {
		n = sendto(fd, buf, len, flags | MSG_DONTWAIT, to, tolen);
		if (n == (ssize_t)len ||
		    (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			return n;
		/* A non-blocking socket answers no more than that. */
		e = errno;
		fl = fcntl(fd, F_GETFL);
		errno = e;
		if (fl < 0 || (fl & O_NONBLOCK))
			return n;
		done = n > 0 ? n : 0;
	}
	cmd_block_begin(ctx, fd, 0, NULL);
	n = sendto(fd, (const char *)buf + done, len - (size_t)done, flags, to,
		   tolen);
	e = errno;
	cmd_block_end(ctx);
	errno = e;
	/* A blocking send that took part of the data before an error or
	 * an interruption returns what it took. */
	if (done > 0)
		return n > 0 ? done + n : done;
	return n;
}

/* What the kernel does next for the polled sockets, for the countdown:
 * when a socket in SYN-SENT sends its SYN again (its retransmission
 * timer, as the kernel reports it). "" when nothing is due. */
static void poll_next(struct session *s, const struct pollfd *p, int n,
		      struct sbuf *out)
{
	struct diag_sock d;
	struct sock *sk;
	char label[PARSE_NAME_MAX + 16];
	int i;

	for (i = 0; i < n; i++) {
		if (diag_lookup_fd(session_nlfd(s), p[i].fd, &d) < 0 ||
		    d.state != TCP_SYN_SENT || d.timer != 1)
			continue;
		sk = session_find_fd(s, p[i].fd);
		if (out->len)
			sbuf_add(out, "; ");
		sbuf_addf(out, _("%s sends its SYN again in %u s"),
			  sk ? session_label(sk, label, sizeof(label)) : "?",
			  (d.expires_ms + 999) / 1000);
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cmd_poll(struct cmd_ctx *ctx, struct pollfd *p, int n, long timeout)
{
	struct session *s = ctx->s;
	struct sbuf next = SBUF_INIT;
	long end = now_ms() + timeout, left = timeout;
	int ret, saved;

	if (!s->opt.interactive || (timeout >= 0 && timeout < 2000))
		return poll(p, (nfds_t)n, (int)timeout);
	for (;;) {
		sbuf_reset(&next);
		poll_next(s, p, n, &next);
		show_wait(s, timeout < 0 ? -1 : (left + 999) / 1000,
			  next.len ? sbuf_str(&next) : NULL);
		ret = poll(p, (nfds_t)n, timeout < 0 || left > 1000 ?
					     1000 : (int)left);
		if (ret != 0)
			break;
		left = end - now_ms();
		if (timeout >= 0 && left <= 0)
			break;
	}
	saved = errno;	/* the poll's, not the countdown's */
	show_wait_end(s);
	sbuf_free(&next);
	errno = saved;
	return ret;
}

void cmd_block_end(struct cmd_ctx *ctx)
{
	if (sig_block_end())
		ctx->rec->interrupted = 2;
	/* Interactively Ctrl-C ends only the call; a replay stops after it
	 * (script.c sees the flag). */
	if (ctx->s->opt.interactive)
		sig_int_pending = 0;
}

/* The address words were read as C strings: a NUL inside one would cut
 * it short, and the shell would use (and show) another address. */
static int addr_words_have_nul(struct cmd_ctx *ctx, int i, int n)
{
	const struct word *w;

	for (w = &ctx->argv[i]; w < &ctx->argv[i + n]; w++)
		if (strlen(w->s) != w->len) {
			cmd_error(ctx, _("bad address: \\0 inside '%s...': an address, path or abstract name here cannot hold a NUL byte"),
				  w->s);
			return 1;
		}
	return 0;
}

int cmd_addr(struct cmd_ctx *ctx, int i, int family, int flags,
	     struct addr *a)
{
	const char *words[2];
	struct sock *sk;
	int n;

	if (i >= ctx->argc)
		return cmd_error(ctx, _("missing address: write ADDR PORT, ADDR:PORT or a socket's name"));
	sk = ctx->argv[i].quoted ? NULL :
	     session_find_name(ctx->s, ctx->argv[i].s);
	if (sk) {
		/* A listener's address no longer changes; another socket's
		 * may have (a port given on connect or sendto). */
		if (!sk->listened || sk->local_len == 0)
			session_refresh(ctx->s, sk);
		if (sk->local_len <= offsetof(struct sockaddr_un, sun_path) ||
		    (sk->domain != AF_UNIX &&
		     addr_port((void *)&sk->local) == 0))
			return cmd_error(ctx, _("%s has no address yet: bind it first (port 0 lets the kernel pick one)"),
					 sk->name);
		memset(a, 0, sizeof(*a));
		a->ss = sk->local;
		a->len = sk->local_len;
		if (flags & CMD_ADDR_TARGET)
			addr_wildcard_to_loopback(&a->ss);
		a->typed_port = (unsigned int)addr_port((void *)&a->ss);
		return 1;
	}
	/* A C variable (struct sockaddr_in serAddr) stands for what it
	 * holds. */
	n = !ctx->argv[i].quoted && ctx->s->c_addr ?
	    ctx->s->c_addr(ctx->s, ctx->argv[i].s, a) : -1;
	if (n == 0)
		return 1;
	if (n == -2)
		return cmd_error(ctx, _("the struct %s holds no address yet: set its sin_family (sin6_family, sun_family) first"),
				 ctx->argv[i].s);
	words[0] = ctx->argv[i].s;
	words[1] = i + 1 < ctx->argc ? ctx->argv[i + 1].s : NULL;
	n = addr_parse(words, words[1] ? 2 : 1, family,
		       flags & CMD_ADDR_NO_HTONS, a, ctx->err);
	if (n < 0)
		return CMD_ERROR;
	return addr_words_have_nul(ctx, i, n) ? CMD_ERROR : n;
}

int cmd_take_flag(struct cmd_ctx *ctx, const char *flag)
{
	/* The words belong to the line being run; the flag is rotated to
	 * the end, out of argc, so that line_free() still frees it. */
	struct word *v = (struct word *)ctx->argv, tmp;
	int i;

	for (i = 0; i < ctx->argc; i++) {
		if (v[i].quoted || strcmp(v[i].s, flag) != 0)
			continue;
		tmp = v[i];
		memmove(v + i, v + i + 1,
			sizeof(*v) * (size_t)(ctx->argc - i - 1));
		v[--ctx->argc] = tmp;
		return 1;
	}
	return 0;
}

void cmd_help_all(struct sbuf *out)
{
	const struct cmd_family *f;
	size_t j;

	for (f = cmd_families; f->title; f++) {
		if (f->entries[0] == NULL)
			continue;
		sbuf_addf(out, _("%s:\n"), _(f->title));
		for (j = 0; f->entries[j]; j++) {
			const struct cmd_entry *e = f->entries[j];
			struct sbuf syn = SBUF_INIT;
			int w;

			cmd_synopsis(e, &syn);
			w = (int)(strlen(e->name) + 1 + syn.len);
			if (w < 30)
				sbuf_addf(out, "  %s %s%*s %s\n", e->name,
					  sbuf_str(&syn), 30 - w, "",
					  _(e->summary));
			else	/* a long synopsis gets a line of its own */
				sbuf_addf(out, "  %s %s\n%33s%s\n", e->name,
					  sbuf_str(&syn), "", _(e->summary));
			sbuf_free(&syn);
		}
	}
	sbuf_add(out, _("Type help COMMAND for more. Name a new socket: lfd = socket inet stream.\n"
			"End a line with => RESULT to check it (=> 0, => -1 ECONNREFUSED, => *)."));
}

void cmd_help_one(const struct cmd_entry *e, struct sbuf *out)
{
	struct sbuf syn = SBUF_INIT;

	cmd_synopsis(e, &syn);
	sbuf_addf(out, _("usage: %s%s%s\n  %s\n"), e->name, syn.len ? " " : "",
		  sbuf_str(&syn), _(e->summary));
	sbuf_free(&syn);
	if (e->alias)
		sbuf_addf(out, _("  also called: %s\n"), e->alias);
	if (e->help && *e->help) {
		const char *p = _(e->help), *nl;

		sbuf_addc(out, '\n');
		while (*p) {
			nl = strchr(p, '\n');
			sbuf_add(out, "  ");
			sbuf_addn(out, p, nl ? (size_t)(nl - p) : strlen(p));
			sbuf_addc(out, '\n');
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	if (out->len && out->s[out->len - 1] == '\n')
		out->s[--out->len] = '\0';
}

/* troff needs backslashes doubled and leading dots protected. */
static void man_escape(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_add(out, "\\e");
		else if (*s == '-')
			sbuf_add(out, "\\-");
		else
			sbuf_addc(out, *s);
	}
}

void cmd_help_man(struct sbuf *out)
{
	const struct cmd_family *f;
	size_t j;

	for (f = cmd_families; f->title; f++) {
		if (f->entries[0] == NULL)
			continue;
		sbuf_add(out, ".SS ");
		man_escape(out, f->title);
		sbuf_addc(out, '\n');
		for (j = 0; f->entries[j]; j++) {
			const struct cmd_entry *e = f->entries[j];
			struct sbuf syn = SBUF_INIT;

			/* The tag is one line: the name, then its synopsis. */
			sbuf_addf(out, ".TP\n\\fB%s\\fR", e->name);
			cmd_synopsis(e, &syn);
			if (syn.len) {
				sbuf_add(out, " \\fI");
				man_escape(out, sbuf_str(&syn));
				sbuf_add(out, "\\fR");
			}
			sbuf_free(&syn);
			sbuf_addc(out, '\n');
			man_escape(out, e->summary);
			sbuf_add(out, e->summary[strlen(e->summary) - 1] == '.'
				      ? "\n" : ".\n");
			if (e->alias) {
				sbuf_add(out, "Also: ");
				man_escape(out, e->alias);
				sbuf_add(out, ".\n");
			}
		}
	}
}

/* ---- completion -------------------------------------------------------- */

/* What an address completes to, besides the sockets' names. */
static const char addr_words[] = "127.0.0.1 0.0.0.0 any localhost ::1 [::1]";

static void cand_words(const char *words, cmd_cand_fn *add, void *data)
{
	char w[64];
	size_t n;

	while (*words) {
		n = strcspn(words, " ");
		snprintf(w, sizeof(w), "%.*s", (int)n, words);
		add(data, w);
		words += n;
		words += strspn(words, " ");
	}
}

static void cand_table(const struct const_table *t, cmd_cand_fn *add,
		       void *data)
{
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		add(data, t->defs[i].name);
		if (t->defs[i].short_name)
			add(data, t->defs[i].short_name);
	}
}

static void cand_sockets(struct session *s, int with_closed,
			 cmd_cand_fn *add, void *data)
{
	struct sock *sk;
	char num[16];
	size_t i;

	for (i = 0; (sk = session_at(s, i)) != NULL; i++) {
		if (sk->fd < 0 && !with_closed)
			continue;
		if (sk->name[0])
			add(data, sk->name);
		if (sk->fd >= 0) {
			snprintf(num, sizeof(num), "%d", sk->fd);
			add(data, num);
		}
	}
}

/* poll's FD[:EVENTS]: each open socket, alone and with its events. */
static void cand_pollfds(struct session *s, cmd_cand_fn *add, void *data)
{
	static const char *const evs[] = { "in", "out", "in|out" };
	char ev[PARSE_NAME_MAX + 8];
	struct sock *sk;
	size_t i, j;

	cand_sockets(s, 0, add, data);
	for (i = 0; (sk = session_at(s, i)) != NULL; i++) {
		if (sk->fd < 0 || sk->name[0] == '\0')
			continue;
		for (j = 0; j < ARRAY_SIZE(evs); j++) {
			snprintf(ev, sizeof(ev), "%s:%s", sk->name, evs[j]);
			add(data, ev);
		}
	}
}

/* The state names expect state takes, as the kernel's table shows them. */
static void cand_states(cmd_cand_fn *add, void *data)
{
	int st;

	for (st = TCP_ESTABLISHED; st <= TCP_CLOSING; st++)
		add(data, diag_state_name(IPPROTO_TCP, st));
	add(data, diag_state_name(IPPROTO_UDP, TCP_CLOSE));
}

void cmd_complete_kind(struct session *s, const char *k, cmd_cand_fn *add,
		       void *data)
{
	const struct cmd_entry *e;
	size_t i;

	if (strcmp(k, "fd") == 0) {
		cand_sockets(s, 0, add, data);
	} else if (strcmp(k, "addr") == 0) {
		cand_sockets(s, 1, add, data);
		cand_words(addr_words, add, data);
	} else if (strcmp(k, "cmd") == 0) {
		for (i = 0; (e = cmd_at(i)) != NULL; i++)
			add(data, e->name);
	} else if (strcmp(k, "lesson") == 0) {
		for (i = 0; lesson_name_at(i); i++)
			add(data, lesson_name_at(i));
	} else if (strcmp(k, "errno") == 0) {
		for (i = 0; consts_errno_at(i); i++)
			add(data, consts_errno_at(i));
	} else if (strcmp(k, "state") == 0) {
		cand_states(add, data);
	} else if (strcmp(k, "pollfd") == 0) {
		cand_pollfds(s, add, data);
	} else if (strcmp(k, "level") == 0) {
		cand_table(&consts_level, add, data);	/* may be left out */
		cmd_complete_kind(s, "sockopt", add, data);
	} else if (strcmp(k, "sockopt") == 0) {
		cand_table(&consts_opt_socket, add, data);
		cand_table(&consts_opt_tcp, add, data);
		cand_table(&consts_opt_ip, add, data);
		cand_table(&consts_opt_ipv6, add, data);
	} else {
		cand_table(consts_by_kind(k), add, data);
	}
}

/* The completion kind of a declared argument. */
static const char *arg_kind(const struct cmd_arg *a)
{
	if (a->complete)
		return a->complete;
	switch (a->kind) {
	case ARG_FD:
		return "fd";
	case ARG_ADDR:
		return "addr";
	case ARG_CONST:
		return a->set->kind;
	default:
		return "-";
	}
}

/* The candidates of one declared argument; cont as for cmd_complete(). */
static void complete_arg(struct session *s, const struct cmd_arg *a,
			 const char *cont, cmd_cand_fn *add, void *data)
{
	const char *kind = arg_kind(a);

	if (cont && strchr(cont, ':') && strcmp(kind, "pollfd") == 0)
		cand_table(&consts_poll, add, data);	/* "poll a:in|" */
	else if (a->words)
		cand_words(a->words, add, data);
	else
		cmd_complete_kind(s, kind, add, data);
}

/* Which declared argument word argi falls on: an address may take two
 * words (ADDR PORT), the second of which completes to nothing; a
 * repeated one takes the rest; past the others come the option words. */
static void complete_args(struct session *s, const struct cmd_entry *e,
			  int argi, const char *cont, cmd_cand_fn *add,
			  void *data)
{
	const struct cmd_arg *a;

	for (a = e->args; a->kind != ARG_END; a++) {
		if (a->kind == ARG_FLAG)
			continue;
		if (argi == 0 || (a->flags & ARG_REPEAT)) {
			complete_arg(s, a, cont, add, data);
			return;
		}
		if (a->kind == ARG_ADDR && argi-- == 1)
			return;		/* the PORT of ADDR PORT */
		argi--;
	}
	for (a = e->args; a->kind != ARG_END; a++)
		if (a->kind == ARG_FLAG)
			add(data, a->name);
}

void cmd_complete(struct session *s, const struct cmd_entry *e,
		  char *const *words, int nwords, const char *cont,
		  cmd_cand_fn *add, void *data)
{
	size_t i;

	if (e->subs && nwords == 0) {
		for (i = 0; e->subs[i]; i++)
			add(data, e->subs[i]->name);
	} else if (e->subs) {
		for (i = 0; e->subs[i]; i++)
			if (strcmp(e->subs[i]->name, words[0]) == 0)
				cmd_complete(s, e->subs[i], words + 1,
					     nwords - 1, cont, add, data);
	} else {
		complete_args(s, e, nwords, cont, add, data);
	}
}
