/* cmd-trace.c - trace on|off: the segments each command causes, and
 * expect trace, which checks them in scripts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "show-trace.h"
#include "trace.h"

/* How long expect trace lets a segment arrive (a delayed ACK, a
 * retransmission's timer) before it reports a mismatch. */
#define EXPECT_TRACE_MS 1000
#define EXPECT_TRACE_STEP_MS 10

static void status(struct cmd_ctx *ctx)
{
	struct session *s = ctx->s;

	record_fact(ctx->rec, FACT_TRACE_STATUS, FP_INT,
		    (long)trace_active(s), FP_INT, (long)s->opt.netns, FP_INT,
		    (long)trace_count(s), -1);
}

/* Why capturing fails, with what to do: libpcap's message kept in the
 * record's data. */
static void denied(struct cmd_ctx *ctx, enum trace_denied why,
		   const char *msg)
{
	struct record *r = ctx->rec;

	free(r->data);
	r->data = (unsigned char *)xstrdup(msg);
	r->datalen = strlen(msg);
	record_fact(r, FACT_TRACE_DENIED, FP_INT, (long)why, FP_INT,
		    (long)trace_userns(), FP_INT, (long)geteuid(), FP_BYTES,
		    r->data, r->datalen, -1);
}

/* 1 if g goes between the ends of first, either way. */
static int same_pair(const struct trace_seg *g, const struct trace_seg *first)
{
	const struct pkt *a = &g->p, *b = &first->p;

	return a->proto == b->proto &&
	       ((pkt_same_endpoint(&a->src, &b->src) &&
		 pkt_same_endpoint(&a->dst, &b->dst)) ||
		(pkt_same_endpoint(&a->src, &b->dst) &&
		 pkt_same_endpoint(&a->dst, &b->src)));
}

/* trace --draw: the last connection's segments, from its first, for the
 * renderer to draw as a ladder. */
static void draw(struct cmd_ctx *ctx)
{
	const struct trace_seg *log, *last = NULL, *first = NULL;
	size_t n = trace_log(ctx->s, &log), i;

	for (i = n; i-- > 0 && last == NULL;)
		if (log[i].p.proto != PKT_ICMP)
			last = &log[i];
	for (i = 0; last && i < n; i++) {
		if (!same_pair(&log[i], last))
			continue;
		/* The same ports again: a new connection starts. */
		if (first == NULL || ((log[i].p.flags & PKT_SYN) &&
				      !(log[i].p.flags & PKT_ACK) &&
				      !log[i].p.retrans)) {
			first = &log[i];
			ctx->rec->nsegs = 0;
		}
		record_add_seg(ctx->rec, &log[i]);
		ctx->rec->segs[ctx->rec->nsegs - 1].early = 0;
	}
	ctx->rec->draw_segs = 1;
}

static int trace_exec(struct cmd_ctx *ctx)
{
	const char *w = ctx->arg[0].given ? ctx->arg[0].str : "";
	enum trace_denied why;
	char msg[256];

	if (strcmp(w, "off") == 0) {
		trace_stop(ctx->s);
	} else if (strcmp(w, "--draw") == 0) {
		if (trace_active(ctx->s) && trace_count(ctx->s) > 0) {
			draw(ctx);
			return CMD_OK;
		}
	} else if (strcmp(w, "on") == 0 || *w == '\0') {
		/* trace alone, when off, finds out whether on would work. */
		int probe = *w == '\0' && !trace_active(ctx->s);

		if (!(*w == '\0' && trace_active(ctx->s)) &&
		    trace_start(ctx->s, &why, msg, sizeof(msg)) < 0) {
			status(ctx);
			denied(ctx, why, msg);
			return CMD_OK;
		}
		if (probe)
			trace_stop(ctx->s);
	} else {
		return cmd_error(ctx, _("trace: '%s' is not on, off, --draw or nothing"),
				 w);
	}
	status(ctx);
	return CMD_OK;
}

static const struct cmd_entry trace_entry = {
	.name = "trace",
	.summary = N_("show the segments each command makes the kernel send"),
	.help = N_("trace on: from now on, under each command, one line per TCP\n"
		"segment, UDP datagram or ICMP error it caused on loopback, its\n"
		"ends named by the session's sockets (an accept-queue child of\n"
		"lfd is lfd#1): flags, relative seq and ack, window and options\n"
		"on SYNs, payload, retransmissions. Segments that arrive while\n"
		"the shell waits appear above the prompt. trace off stops;\n"
		"trace alone says whether it is on, or why it cannot work.\n"
		"trace --draw draws the last connection's segments so far as a\n"
		"ladder diagram, time going down.\n"
		"Capturing needs CAP_NET_RAW: run as root, or start\n"
		"sockrepl --netns (no privilege needed).\n"
		"In scripts: expect trace FROM -> TO FLAGS [\"DATA\"]\n"
		"[retransmission]: such a segment went from FROM to TO since the\n"
		"last expect trace (lfd also matches lfd#1; * matches any end);\n"
		"it gets a second to arrive."),
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_WORD, .name = "on|off|--draw",
		  .words = "on off --draw",
		  .flags = ARG_OPTIONAL },
		{ .kind = ARG_END },
	},
	.exec = trace_exec,
};

const struct cmd_entry *const cmd_trace_entries[] = {
	&trace_entry, NULL,
};

/* ---- expect trace ------------------------------------------------------- */

struct seg_want {
	const char *from, *to, *what;
	const struct word *text;	/* "TEXT": the payload, or NULL */
	int retrans;			/* "retransmission" given */
};

/* Does a segment's end (lfd#1) answer to the word (lfd#1, lfd, *)? */
static int end_matches(const char *label, const char *word)
{
	size_t n = strlen(word);

	return strcmp(word, "*") == 0 || strcmp(label, word) == 0 ||
	       (strncmp(label, word, n) == 0 && label[n] == '#');
}

static int seg_matches(const struct trace_seg *g, const struct seg_want *w)
{
	char f[32];
	const char *what = g->p.proto == PKT_UDP    ? "UDP" :
			   g->p.proto == PKT_ICMP   ? "ICMP" :
			   pkt_flag_words(g->p.flags, f, sizeof(f));

	if (!end_matches(g->from, w->from) || !end_matches(g->to, w->to) ||
	    strcasecmp(what, w->what) != 0 || (w->retrans && !g->p.retrans))
		return 0;
	return w->text == NULL ||
	       (w->text->len == g->p.paylen &&
		w->text->len <= g->p.previewlen &&
		memcmp(w->text->s, g->p.preview, w->text->len) == 0);
}

/* FROM [->] TO WHAT ["TEXT"] [retransmission]; -1 after cmd_error(). */
static int parse_want(struct cmd_ctx *ctx, struct seg_want *w)
{
	const struct word *v = ctx->arg[0].words;
	int n = ctx->arg[0].nwords, i = 0;

	memset(w, 0, sizeof(*w));
	if (n >= 1)
		w->from = v[i++].s;
	if (i < n && (strcmp(v[i].s, "->") == 0 ||
		      strcmp(v[i].s, "\xe2\x86\x92") == 0))
		i++;
	if (i < n)
		w->to = v[i++].s;
	if (i < n)
		w->what = v[i++].s;
	for (; i < n; i++) {
		if (v[i].quoted && w->text == NULL)
			w->text = &v[i];
		else if (strcmp(v[i].s, "retransmission") == 0)
			w->retrans = 1;
		else
			break;
	}
	if (w->what == NULL || i < n)
		return cmd_error(ctx, _("expect trace: write the segment as FROM -> TO FLAGS [\"DATA\"] [retransmission], e.g. expect trace c -> lfd SYN"));
	return 0;
}

/* Look in the log from the cursor on; move past the segment found. */
static const struct trace_seg *find(struct session *s,
				    const struct seg_want *w)
{
	const struct trace_seg *log;
	size_t n = trace_log(s, &log), *cur = trace_cursor(s), i;

	for (i = *cur; i < n; i++)
		if (seg_matches(&log[i], w)) {
			*cur = i + 1;
			return &log[i];
		}
	return NULL;
}

static void want_text(struct sbuf *b, const struct seg_want *w)
{
	sbuf_addf(b, "segment %s -> %s %s", w->from, w->to, w->what);
	if (w->text) {
		sbuf_add(b, " \"");
		parse_quote_c(b, w->text->s, w->text->len);
		sbuf_addc(b, '"');
	}
	if (w->retrans)
		sbuf_add(b, " retransmission");
}

/* What came instead: the segments after the cursor, the last few. */
static void got_text(struct session *s, struct sbuf *b)
{
	const struct trace_seg *log;
	size_t n = trace_log(s, &log), i = *trace_cursor(s);

	if (i >= n) {
		sbuf_add(b, "no further segment");
		return;
	}
	if (n - i > 4) {
		sbuf_addf(b, "%zu segments, the last: ", n - i);
		i = n - 4;
	}
	for (; i < n; i++) {
		show_trace_seg(b, &log[i], "->");
		if (i + 1 < n)
			sbuf_add(b, "; ");
	}
}

static void expect_found(struct cmd_ctx *ctx, const struct trace_seg *g,
			 const struct seg_want *w)
{
	struct record *r = ctx->rec;
	size_t lf = strlen(g->from) + 1, lt = strlen(g->to) + 1;
	size_t lw = strlen(w->what);

	free(r->data);
	r->data = xmalloc(lf + lt + lw + 1);
	memcpy(r->data, g->from, lf);
	memcpy(r->data + lf, g->to, lt);
	memcpy(r->data + lf + lt, w->what, lw + 1);
	record_fact(r, FACT_EXPECT_TRACE, FP_BYTES, r->data, lf - 1, FP_BYTES,
		    r->data + lf, lt - 1, FP_BYTES, r->data + lf + lt, lw,
		    FP_INT, (long)ctx->s->opt.utf8, -1);
}

static int expect_trace(struct cmd_ctx *ctx)
{
	struct session *s = ctx->s;
	struct seg_want w;
	const struct trace_seg *g;
	int waited = 0;

	if (parse_want(ctx, &w) < 0)
		return CMD_ERROR;
	if (!trace_active(s))
		return cmd_error(ctx, _("expect trace: trace is off: 'trace on' first"));
	trace_take(s, ctx->rec, 0);
	while ((g = find(s, &w)) == NULL && waited < EXPECT_TRACE_MS) {
		/* Not there yet: the segment may still be on its way. */
		trace_wait(s, EXPECT_TRACE_STEP_MS);
		waited += EXPECT_TRACE_STEP_MS;
		trace_take(s, ctx->rec, 0);
	}
	if (g) {
		expect_found(ctx, g, &w);
		return CMD_OK;
	}
	ctx->rec->check_failed = 1;
	want_text(&ctx->rec->expected, &w);
	got_text(s, &ctx->rec->got);
	return CMD_OK;
}

const struct cmd_entry cmd_expect_trace_entry = {
	.name = "trace",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_WORD, .name = "FROM [->] TO FLAGS [\"DATA\"]",
		  .flags = ARG_REPEAT },
		{ .kind = ARG_END },
	},
	.exec = expect_trace,
};
