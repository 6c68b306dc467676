/* lesson-goal.c - compare a learner's answer with a your-turn step's goal,
 * argument by argument, and say precisely what differs. */
#include "config.h"

#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "consts.h"
#include "i18n.h"
#include "lesson.h"
#include "lesson-goal.h"
#include "parse.h"

/* A line read as the command table reads it, without running it. */
struct typed {
	struct line ln;
	const struct cmd_entry *e;
	struct cmd_ctx ctx;
	struct record rec;
	struct sbuf err;
	int parsed;		/* its arguments parse */
};

/*
 * What to say when an argument differs, by the kind of argument: the
 * first entry that fits the command, the kind and (for constants) the
 * table wins. {mine} is what the learner gave, {goal} what the step asks
 * for, {what} the argument's name in the synopsis.
 */
struct goal_msg {
	const char *cmd;	/* this command only; NULL: any */
	enum cmd_arg_kind kind;
	const char *set;	/* ARG_CONST: this table only; NULL: any */
	const char *text;
};

static const struct goal_msg goal_msgs[] = {
	{ "socket", ARG_CONST, "domain",
	  N_("you made an {mine} socket; this step asks for an {goal} socket") },
	{ "socket", ARG_CONST, "type",
	  N_("you made a {mine} socket; this step asks for a {goal} socket") },
	{ "close", ARG_FD, NULL,
	  N_("you closed {mine}; this step asks to close {goal}") },
	{ NULL, ARG_FD, NULL,
	  N_("you used the socket {mine}; this step uses {goal}") },
	{ NULL, ARG_ADDR, NULL,
	  N_("you gave the address {mine}; this step asks for {goal}") },
	{ NULL, ARG_CONST, NULL,
	  N_("you gave {what} {mine}; this step asks for {goal}") },
	{ NULL, ARG_INT, NULL,
	  N_("you gave {what} {mine}; this step asks for {goal}") },
	{ NULL, ARG_DATA, NULL,
	  N_("you gave the data {mine}; this step asks for {goal}") },
	{ NULL, ARG_WORD, NULL,
	  N_("you wrote {mine}; this step asks for {goal}") },
	{ NULL, ARG_FLAG, NULL,
	  N_("you gave {what} as {mine}; this step asks for {goal}") },
};

/* Append template t with each {key} replaced by its value. */
static void subst(struct sbuf *out, const char *t, const char *const *kv)
{
	const char *const *p;
	size_t n = 0;

	while (*t) {
		for (p = kv; *p; p += 2) {
			n = strlen(*p);
			if (strncmp(t, *p, n) == 0)
				break;
		}
		if (*p) {
			sbuf_add(out, p[1] ? p[1] : "");
			t += n;
		} else {
			sbuf_addc(out, *t++);
		}
	}
}

static const struct cmd_arg *args_of(const struct cmd_ctx *ctx)
{
	return ctx->sub ? ctx->sub->args : ctx->entry->args;
}

/* Parse text and, when its command is known, its arguments. 0, or -1
 * when the line cannot be read or names no command. */
static int typed_read(struct typed *t, struct session *s, const char *text)
{
	if (parse_line(text, strlen(text), &t->ln, &t->err) < 0 ||
	    t->ln.nwords == 0)
		return -1;
	t->e = cmd_lookup(t->ln.words[0].s, &t->err);
	if (t->e == NULL)
		return -1;
	t->ctx.s = s;
	t->ctx.entry = t->e;
	t->ctx.argc = t->ln.nwords - 1;
	t->ctx.argv = t->ln.words + 1;
	t->ctx.names = t->ln.names;
	t->ctx.nnames = t->ln.nnames;
	t->ctx.rec = &t->rec;
	t->ctx.err = &t->err;
	t->parsed = t->e->args != NULL || t->e->subs != NULL ?
			    cmd_parse_args(&t->ctx) == CMD_OK : 0;
	return 0;
}

static void typed_init(struct typed *t)
{
	memset(t, 0, sizeof(*t));
	record_init(&t->rec);
}

static void typed_free(struct typed *t)
{
	line_free(&t->ln);
	record_free(&t->rec);
	sbuf_free(&t->err);
}

/* The command as the learner would say it: "expect state". */
static void command_name(const struct typed *t, struct sbuf *out)
{
	sbuf_add(out, t->e->name);
	if (t->ctx.sub)
		sbuf_addf(out, " %s", t->ctx.sub->name);
}

static int is_loose(unsigned long loose, int pos)
{
	return pos >= 1 && pos <= LESSON_LOOSE_MAX && (loose >> pos) & 1;
}

static int addr_same(const struct addr *a, const struct addr *b, int host,
		     int port)
{
	const struct sockaddr_in *a4 = (const void *)&a->ss,
				 *b4 = (const void *)&b->ss;
	const struct sockaddr_in6 *a6 = (const void *)&a->ss,
				  *b6 = (const void *)&b->ss;

	if (a->ss.ss_family != b->ss.ss_family)
		return !host && !port;
	switch (a->ss.ss_family) {
	case AF_INET:
		return (!host || a4->sin_addr.s_addr == b4->sin_addr.s_addr) &&
		       (!port || a4->sin_port == b4->sin_port);
	case AF_INET6:
		return (!host ||
			(memcmp(&a6->sin6_addr, &b6->sin6_addr,
				sizeof(a6->sin6_addr)) == 0 &&
			 a6->sin6_scope_id == b6->sin6_scope_id)) &&
		       (!port || a6->sin6_port == b6->sin6_port);
	default:
		return !host ||
		       (a->len == b->len && memcmp(&a->ss, &b->ss, a->len) == 0);
	}
}

/* Words match in any case, and numbers by value (0x10 is 16). */
static int word_same(const char *x, const char *y)
{
	long a, b;

	if (parse_long(x, LONG_MIN, LONG_MAX, &a) == 0 &&
	    parse_long(y, LONG_MIN, LONG_MAX, &b) == 0)
		return a == b;
	return strcasecmp(x, y) == 0;
}

static int words_same(const struct cmd_val *x, const struct cmd_val *y)
{
	int i;

	if (x->nwords != y->nwords)
		return 0;
	for (i = 0; i < x->nwords; i++)
		if (!word_same(x->words[i].s, y->words[i].s))
			return 0;
	return 1;
}

/* 1 if argument a has the same value in x (the reference, its first word
 * at position pos) and y, loose positions aside. */
static int val_same(const struct cmd_arg *a, const struct cmd_val *x,
		    const struct cmd_val *y, unsigned long loose, int pos)
{
	int host = !is_loose(loose, pos), port = host;

	if (x->nword == 2)
		port = !is_loose(loose, pos + 1);
	if (a->flags & ARG_REPEAT)
		return !host || words_same(x, y);
	if (!host && !port)
		return 1;
	switch (a->kind) {
	case ARG_FD:
		return x->sock->id == y->sock->id;
	case ARG_ADDR:
		return addr_same(&x->addr, &y->addr, host, port);
	case ARG_DATA:
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	case ARG_WORD:
		return word_same(x->str, y->str);
	default:	/* ARG_CONST, ARG_INT, ARG_FLAG */
		return x->num == y->num;
	}
}

/* Append the value of argument a as the learner would read it. */
static void describe(struct sbuf *out, const struct cmd_arg *a,
		     const struct cmd_val *v)
{
	char buf[32];
	int i;

	if (a->flags & ARG_REPEAT) {
		for (i = 0; i < v->nwords; i++)
			sbuf_addf(out, "%s%s", i ? " " : "", v->words[i].s);
		return;
	}
	switch (a->kind) {
	case ARG_FD:
		sbuf_add(out, session_label(v->sock, buf, sizeof(buf)));
		break;
	case ARG_ADDR:
		addr_format(out, (const struct sockaddr *)&v->addr.ss,
			    v->addr.len);
		break;
	case ARG_CONST:
		consts_format(a->set, v->num, out);
		break;
	case ARG_DATA:
		sbuf_addc(out, '"');
		parse_quote_c(out, v->str, v->len);
		sbuf_addc(out, '"');
		break;
	case ARG_WORD:
		sbuf_add(out, v->str);
		break;
	default:
		sbuf_addf(out, "%ld", v->num);
		break;
	}
}

/* The meaning of a constant, for "...: datagrams (UDP)"; NULL if none. */
static const char *meaning(const struct cmd_arg *a, const struct cmd_val *v)
{
	size_t i;

	if (a->kind != ARG_CONST)
		return NULL;
	for (i = 0; i < a->set->n; i++)
		if (a->set->defs[i].value == v->num)
			return consts_help(&a->set->defs[i]);
	return NULL;
}

static const char *msg_for(const char *cmd, const struct cmd_arg *a)
{
	const struct goal_msg *m;

	for (m = goal_msgs; m < goal_msgs + ARRAY_SIZE(goal_msgs); m++)
		if ((m->cmd == NULL || strcmp(m->cmd, cmd) == 0) &&
		    m->kind == a->kind &&
		    (m->set == NULL ||
		     (a->set && strcmp(m->set, a->set->kind) == 0)))
			return _(m->text);
	return _("you gave {mine}; this step asks for {goal}");
}

/* One line on argument a: given by both but different, or by one only. */
static void say_diff(struct sbuf *why, const char *cmd,
		     const struct cmd_arg *a, const struct cmd_val *x,
		     const struct cmd_val *y)
{
	struct sbuf mv = SBUF_INIT, gv = SBUF_INIT, line = SBUF_INIT;
	const char *mean = x->given ? meaning(a, x) : NULL;
	const char *kv[] = { "{mine}", NULL, "{goal}", NULL,
			     "{what}", a->name, "{meaning}", mean, NULL };

	if (y->given)
		describe(&mv, a, y);
	if (x->given)
		describe(&gv, a, x);
	kv[1] = sbuf_str(&mv);
	kv[3] = sbuf_str(&gv);
	if (!y->given)
		subst(&line, _("you left out {what}; this step gives {goal}"),
		      kv);
	else if (!x->given)
		subst(&line, _("you added {what} {mine}; this step leaves it out"),
		      kv);
	else
		subst(&line, msg_for(cmd, a), kv);
	if (mean)
		subst(&line, _(": {meaning}"), kv);
	sbuf_addf(why, _("Not yet: %s.\n"), sbuf_str(&line));
	sbuf_free(&mv);
	sbuf_free(&gv);
	sbuf_free(&line);
}

/* A left-out optional number stands for 0: socket's protocol, flags. */
static int zero_default(const struct cmd_arg *a, const struct cmd_val *v)
{
	return (a->kind == ARG_CONST || a->kind == ARG_INT ||
		a->kind == ARG_FLAG) && v->num == 0;
}

/* Compare the arguments of two lines of the same command. */
static int args_differ(const struct typed *ref, const struct typed *mine,
		       unsigned long loose, struct sbuf *why)
{
	const struct cmd_arg *a, *args = args_of(&ref->ctx);
	const struct cmd_val *x, *y;
	int base = ref->ctx.sub ? 2 : 1, n = 0;

	for (a = args; a->kind != ARG_END; a++) {
		x = &ref->ctx.arg[a - args];
		y = &mine->ctx.arg[a - args];
		if (!x->given && !y->given)
			continue;
		if (x->given != y->given) {
			if (is_loose(loose, base + (x->given ? x->word :
							     y->word)) ||
			    zero_default(a, x->given ? x : y))
				continue;
		} else if (val_same(a, x, y, loose, base + x->word)) {
			continue;
		}
		say_diff(why, ref->e->name, a, x, y);
		n++;
	}
	return n;
}

/* When the reference's own arguments do not parse now (a socket it names
 * is made later), compare the words as typed. */
static int words_differ(const struct typed *ref, const struct typed *mine,
			unsigned long loose, struct sbuf *why)
{
	const struct line *x = &ref->ln, *y = &mine->ln;
	int i;

	for (i = 1; i < x->nwords || i < y->nwords; i++) {
		if (is_loose(loose, i) || (i < x->nwords && i < y->nwords &&
					   strcasecmp(x->words[i].s,
						      y->words[i].s) == 0))
			continue;
		if (i < y->nwords)
			sbuf_addf(why, _("Not yet: %s is not what this step asks for.\n"),
				  y->words[i].s);
		else
			sbuf_addf(why, _("Not yet: this step's %s takes more arguments.\n"),
				  x->words[0].s);
		return 1;
	}
	return 0;
}

static int names_differ(const struct line *ref, const struct line *mine,
			struct sbuf *why)
{
	struct sbuf names = SBUF_INIT;
	int i, differ = ref->nnames && ref->nnames != mine->nnames;

	for (i = 0; i < ref->nnames && !differ; i++)
		differ = strcmp(ref->names[i], mine->names[i]) != 0;
	if (!differ)
		return 0;
	for (i = 0; i < ref->nnames; i++)
		sbuf_addf(&names, "%s%s", i ? " " : "", ref->names[i]);
	sbuf_addf(why, _("Almost: the lesson calls the result '%s' and later steps use that name. Start the line with it: %s = ..."),
		  sbuf_str(&names), sbuf_str(&names));
	sbuf_addc(why, '\n');
	sbuf_free(&names);
	return 1;
}

static int commands_differ(const struct typed *ref, const struct typed *mine,
			   struct sbuf *why)
{
	struct sbuf r = SBUF_INIT, m = SBUF_INIT;
	int differ = ref->e != mine->e ||
		     (ref->parsed && mine->parsed &&
		      ref->ctx.sub != mine->ctx.sub);

	if (differ) {
		command_name(ref, &r);
		command_name(mine, &m);
		sbuf_addf(why, _("Not yet: this step wants a '%s' command; you ran '%s'."),
			  sbuf_str(&r), sbuf_str(&m));
		sbuf_addc(why, '\n');
	}
	sbuf_free(&r);
	sbuf_free(&m);
	return differ;
}

/* Same command: the arguments, then the names. A line whose arguments do
 * not parse is unreadable: running it says why. */
static enum goal_verdict other_args(const struct typed *r,
				    const struct typed *m, unsigned long loose,
				    struct sbuf *why)
{
	int args = 0, names;

	if (loose != LESSON_LOOSE_ALL && m->parsed)
		args = r->parsed ? args_differ(r, m, loose, why) :
				   words_differ(r, m, loose, why);
	names = names_differ(&r->ln, &m->ln, why);
	if (loose != LESSON_LOOSE_ALL && !m->parsed)
		return GOAL_UNREADABLE;
	if (args)
		return GOAL_DIFFERS;
	return names ? GOAL_NAMES : GOAL_SAME;
}

enum goal_verdict lesson_goal_compare(struct session *s, const char *ref,
				      const char *mine, unsigned long loose,
				      struct sbuf *why)
{
	struct typed r, m;
	enum goal_verdict v = GOAL_SAME;

	typed_init(&r);
	typed_init(&m);
	if (typed_read(&m, s, mine) < 0) {
		v = GOAL_UNREADABLE;
	} else if (typed_read(&r, s, ref) < 0) {
		v = GOAL_SAME;	/* a broken reference judges nothing */
	} else if (commands_differ(&r, &m, why)) {
		v = GOAL_DIFFERS;
	} else {
		v = other_args(&r, &m, loose, why);
	}
	typed_free(&m);
	typed_free(&r);
	return v;
}
