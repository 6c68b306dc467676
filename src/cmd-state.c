/* cmd-state.c - state, fds and expect: the kernel's view of the session's
 * sockets as a table, and checks of it in scripts. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "addr.h"
#include "cmd.h"
#include "diag.h"
#include "draw.h"
#include "i18n.h"
#include "kernel.h"
#include "state.h"

/* How long an expect command lets the kernel catch up (a FIN or ACK on
 * its way over loopback) before it reports a mismatch. */
#define EXPECT_SETTLE_MS 1000
#define EXPECT_STEP_MS 10

/* ---- a table with aligned columns -------------------------------------- */

enum { COL_FD, COL_NAME, COL_PROTO, COL_STATE, COL_LOCAL, COL_PEER,
       COL_RQ, COL_SQ, COL_NOTE, NCOLS };

static const char *const col_titles[NCOLS] = {
	N_("fd"), N_("name"), N_("proto"), N_("state"), N_("local"),
	N_("peer"), N_("Recv-Q"), N_("Send-Q"), N_("note"),
};

struct table {
	struct sbuf (*rows)[NCOLS];
	size_t n, cap;
};

static struct sbuf *table_row(struct table *t)
{
	size_t i;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	for (i = 0; i < NCOLS; i++)
		sbuf_init(&t->rows[t->n][i]);
	return t->rows[t->n++];
}

/* Cell c padded to w columns, on the right or the left, and the gap:
 * measured in columns, as a CJK title takes two per character. */
static void table_cell(struct sbuf *out, const char *c, size_t w, int right)
{
	i18n_pad(out, c, w, right);
	sbuf_add(out, "  ");
}

#define TABLE_NOTE_MIN 16	/* columns a note needs beside its row */
#define TABLE_NOTE_INDENT 4	/* a note under its row */

/* End the row begun at start (its padding dropped) and put note c on
 * the lines under it, indented and wrapped to columns. */
static void note_below(struct sbuf *out, size_t start, const char *c,
		       size_t columns)
{
	while (out->len > start && out->s[out->len - 1] == ' ')
		out->s[--out->len] = '\0';
	sbuf_addf(out, "\n%*s", TABLE_NOTE_INDENT, "");
	i18n_wrap(out, c, TABLE_NOTE_INDENT, TABLE_NOTE_INDENT, columns);
}

/* Print the table, columns padded to their widest cell; numbers right.
 * The note, last, wraps under its column to fit columns (0: as it is),
 * or, where its column leaves too little room, under its row. */
static void table_print(struct table *t, struct sbuf *out, size_t columns)
{
	size_t w[NCOLS], i, j, cw, note_col = 0;
	int below;

	for (j = 0; j < NCOLS; j++)
		w[j] = i18n_width(_(col_titles[j]));
	for (i = 0; i < t->n; i++)
		for (j = 0; j < NCOLS; j++)
			if ((cw = i18n_width(sbuf_str(&t->rows[i][j]))) > w[j])
				w[j] = cw;
	for (j = 0; j < COL_NOTE; j++)
		note_col += w[j] + 2;
	/* Too little room right of the table: each note goes on a line of
	 * its own under its row, indented, rather than being cut by the
	 * terminal at column 0. */
	below = columns && note_col + TABLE_NOTE_MIN > columns;
	for (i = 0; i <= t->n; i++) {
		size_t start = out->len;

		for (j = 0; j < NCOLS; j++) {
			const char *c = i ? sbuf_str(&t->rows[i - 1][j])
					  : _(col_titles[j]);
			int right = j == COL_FD || j == COL_RQ || j == COL_SQ;

			if (j != COL_NOTE)
				table_cell(out, c, w[j], right);
			else if (!below)
				i18n_wrap(out, c, note_col, note_col, columns);
			else if (i && *c)
				note_below(out, start, c, columns);
		}
		while (out->len > start && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sbuf_addc(out, '\n');
	}
	for (i = 0; i < t->n; i++)
		for (j = 0; j < NCOLS; j++)
			sbuf_free(&t->rows[i][j]);
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}

static void peer_cell(const struct state_snap *snap, const struct state_row *r,
		      struct sbuf *c)
{
	const struct diag_sock *d = &r->d;

	if (d->family == AF_UNIX && d->unix_peer_inode)
		state_unix_peer(snap, r, c);
	else if (d->peer_len && (d->family == AF_UNIX ||
				 addr_port((const void *)&d->peer) > 0))
		addr_format(c, (const void *)&d->peer, d->peer_len);
	else
		sbuf_add(c, "*");
}

static void add_row(struct table *t, const struct state_snap *snap,
		    const struct state_row *r, const char *owner)
{
	struct sbuf *c = table_row(t);
	const struct diag_sock *d = &r->d;

	if (r->kind == STATE_OPEN)
		sbuf_addf(&c[COL_FD], "%d", r->fd);
	else
		sbuf_add(&c[COL_FD], "-");
	sbuf_add(&c[COL_NAME], r->name);
	sbuf_add(&c[COL_PROTO], state_row_proto(r));
	sbuf_add(&c[COL_STATE], state_row_state(r));
	if (d->local_len && (d->family == AF_UNIX ||
			     addr_port((const void *)&d->local) > 0))
		addr_format(&c[COL_LOCAL], (const void *)&d->local,
			    d->local_len);
	else
		sbuf_add(&c[COL_LOCAL], "*");
	peer_cell(snap, r, &c[COL_PEER]);
	if (r->found) {
		/* What /proc/net does not show of a listener: "?". */
		if (d->state == TCP_LISTEN && (d->unknown & DIAG_NO_ACCEPTQ))
			sbuf_add(&c[COL_RQ], "?");
		else
			sbuf_addf(&c[COL_RQ], "%u", d->rqueue);
		if (d->state == TCP_LISTEN && (d->unknown & DIAG_NO_BACKLOG))
			sbuf_add(&c[COL_SQ], "?");
		else
			sbuf_addf(&c[COL_SQ], "%u", d->wqueue);
	} else {
		sbuf_add(&c[COL_RQ], "-");
		sbuf_add(&c[COL_SQ], "-");
	}
	state_row_note(snap, r, &c[COL_NOTE]);
	if (owner)
		sbuf_addf(&c[COL_NOTE], "%s%s", c[COL_NOTE].len ? _("; ") : "",
			  owner);
}

/* ---- state --------------------------------------------------------------- */

static void ms_words(struct sbuf *out, unsigned int us)
{
	if (us < 10000)
		sbuf_addf(out, _("%.2f ms"), us / 1000.0);
	else
		sbuf_addf(out, _("%u ms"), us / 1000);
}

/* The TCP_INFO figures of one connection, in plain words. */
static void tcp_details(const struct diag_sock *d, struct sbuf *out)
{
	const struct diag_tcpinfo *ti = &d->ti;

	sbuf_add(out, _("  round trip: "));
	ms_words(out, ti->rtt_us);
	sbuf_add(out, _(" (varies by "));
	ms_words(out, ti->rttvar_us);
	sbuf_add(out, _("); a lost segment is sent again after "));
	ms_words(out, ti->rto_us);
	sbuf_addf(out, _("\n  congestion window: %u segments of up to %u bytes may be in flight unacknowledged\n"),
		  ti->snd_cwnd, ti->snd_mss);
	sbuf_addf(out, _("  sent %llu bytes ("), ti->bytes_sent);
	state_unacked(d, out);
	sbuf_addf(out, _("), received %llu bytes; segments: %u out, %u in\n"),
		  ti->bytes_received, ti->segs_out, ti->segs_in);
	sbuf_addf(out, _("  retransmitted %u segments in all; %u retries pending now, %u segments unacknowledged\n"),
		  ti->total_retrans, ti->retransmits, ti->unacked);
	sbuf_addf(out, _("  last data sent %u ms ago, last data received %u ms ago\n"),
		  ti->last_data_sent_ms, ti->last_data_recv_ms);
}

/* The accept queue of a listener read without netlink: what is known. */
static void listen_unknown(const struct state_row *r, struct sbuf *out)
{
	if (r->d.unknown & DIAG_NO_ACCEPTQ)
		sbuf_add(out, _("  accept queue: unknown; "));
	else
		sbuf_addf(out, _("  accept queue: %u connections wait for accept(); "),
			  r->d.rqueue);
	state_row_backlog(r, out);
	sbuf_add(out, _(" (netlink would show both; /proc/net does not)\n"));
}

/* What `state FD` adds under the table: the state in words, queues,
 * timers, TCP_INFO. */
static void details(const struct state_snap *snap, const struct state_row *r,
		    struct sbuf *out)
{
	const struct diag_sock *d = &r->d;
	const char *help = r->found ? diag_state_help(d->protocol, d->state)
				    : NULL;

	sbuf_addf(out, _("%s: %s\n"), state_row_state(r),
		  help ? _(help) : _("not in the kernel's tables (no connection)"));
	if (r->found && d->state == TCP_LISTEN &&
	    !(d->unknown & (DIAG_NO_BACKLOG | DIAG_NO_ACCEPTQ)))
		sbuf_addf(out, _("  accept queue: %u of at most %u%s connections wait for accept()\n"),
			  d->rqueue, d->wqueue + (d->family != AF_UNIX),
			  d->family != AF_UNIX ? _(" (backlog + 1 on Linux)") : "");
	else if (r->found && d->state == TCP_LISTEN)
		listen_unknown(r, out);
	if (d->family == AF_UNIX && d->unix_peer_inode) {
		sbuf_add(out, _("  connected to "));
		state_unix_peer(snap, r, out);
		sbuf_addc(out, '\n');
	}
	if (r->found && d->timer == 3)
		sbuf_addf(out, _("  the TIME-WAIT timer ends in %u ms\n"),
			  d->expires_ms);
	else if (r->found && d->timer == 1 && d->retrans)
		sbuf_addf(out, _("  retransmission timer: fires in %u ms, %u retries so far\n"),
			  d->expires_ms, d->retrans);
	if (r->found && d->state == TCP_SYN_SENT) {
		char when[256];

		kernel_syn_words(r->fd, when, sizeof(when));
		sbuf_addf(out, _("  unanswered, this kernel sends the SYN again %s\n"),
			  when);
	}
	if (r->found && d->has_tcpinfo && d->state != TCP_LISTEN)
		tcp_details(d, out);
	if (r->found && d->inode)
		sbuf_addf(out, _("  inode %lu, uid %u\n"), d->inode, d->uid);
}

/* The ports the session's inet sockets are on, or talk to. */
static size_t ports_involved(const struct state_snap *snap,
			     unsigned short *ports, int *protos, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < snap->n; i++) {
		const struct diag_sock *d = &snap->rows[i].d;
		int p[2], k;

		if (d->family != AF_INET && d->family != AF_INET6)
			continue;
		p[0] = d->local_len ? addr_port((const void *)&d->local) : -1;
		p[1] = d->peer_len ? addr_port((const void *)&d->peer) : -1;
		for (k = 0; k < 2; k++) {
			if (p[k] <= 0)
				continue;
			for (j = 0; j < n; j++)
				if (ports[j] == p[k] &&
				    protos[j] == d->protocol)
					break;
			if (j == n && n < max) {
				ports[n] = (unsigned short)p[k];
				protos[n++] = d->protocol;
			}
		}
	}
	return n;
}

static int in_snap(const struct state_snap *snap, const struct diag_sock *d)
{
	size_t i;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];

		if (r->found && diag_same_sock(&r->d, d))
			return 1;
	}
	return 0;
}

/* Who holds inode: "process nc(1234)", or why nobody can be named. */
static void owner_of(unsigned long inode, char *buf, size_t n)
{
	char who[64];

	if (inode == 0)
		snprintf(buf, n, "%s", _("no process: the kernel's alone"));
	else if (diag_owner(inode, who, sizeof(who)) == 0)
		snprintf(buf, n, _("process %s"), who);
	else
		snprintf(buf, n, _("another user's process (inode %lu)"), inode);
}

/* --all: every other socket on the ports involved, with its owner. */
static void other_rows(struct session *s, const struct state_snap *snap,
		       struct table *t)
{
	static const int families[] = { AF_INET, AF_INET6 };
	unsigned short ports[64];
	int protos[64];
	size_t np = ports_involved(snap, ports, protos, 64), i, f;
	int nl = session_nlfd(s);
	struct state_snap seen = { NULL, 0, 0 };

	for (i = 0; i < np; i++) {
		for (f = 0; f < 2; f++) {
			struct diag_sock *v;
			int n, k;

			n = diag_list_port(nl, families[f], protos[i],
					   ports[i], 1, &v);
			for (k = 0; k < n; k++) {
				struct state_row r;
				char owner[80];

				if (in_snap(snap, &v[k]) ||
				    in_snap(&seen, &v[k]))
					continue;
				memset(&r, 0, sizeof(r));
				r.kind = STATE_KERNEL;
				r.fd = -1;
				r.found = 1;
				r.d = v[k];
				owner_of(v[k].inode, owner, sizeof(owner));
				add_row(t, snap, &r, owner);
				if (seen.n == seen.cap) {
					seen.cap = seen.cap ? 2 * seen.cap : 8;
					seen.rows = xrealloc(seen.rows,
						seen.cap * sizeof(r));
				}
				seen.rows[seen.n++] = r;
			}
			free(v);
		}
	}
	free(seen.rows);
}

/* The label kernel rows use for their listener: its name, or its fd. */
static void owner_label(const struct state_row *r, char *buf, size_t n)
{
	if (r->name[0])
		snprintf(buf, n, "%s", r->name);
	else
		snprintf(buf, n, "%d", r->fd);
}

/* The session's rows (only one, with it) in order, each listener
 * followed by the kernel-side sockets on its port. */
static void session_rows(struct table *t, const struct state_snap *snap,
			 const struct state_row *only)
{
	char label[PARSE_NAME_MAX + 1];
	size_t i, j;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];

		if (r->kind == STATE_KERNEL || (only && r != only))
			continue;
		add_row(t, snap, r, NULL);
		if (r->kind != STATE_OPEN)
			continue;
		owner_label(r, label, sizeof(label));
		for (j = 0; j < snap->n; j++)
			if (snap->rows[j].kind == STATE_KERNEL &&
			    strcmp(snap->rows[j].owner, label) == 0)
				add_row(t, snap, &snap->rows[j], NULL);
	}
}

/* ---- draw ---------------------------------------------------------------- */

/* The picture of sk from a snapshot with the kernel-side sockets, put
 * on the record for show-draw.c; an error for a socket with nothing to
 * draw. */
static int draw_sock(struct cmd_ctx *ctx, const struct sock *sk)
{
	struct state_snap *snap = state_capture_all(ctx->s);
	const struct state_row *r = state_find(snap, sk);
	char lbuf[16];
	const char *label = session_label(sk, lbuf, sizeof(lbuf));
	int rc = CMD_OK;

	if (r == NULL || (ctx->rec->draw = draw_build(snap, r)) == NULL)
		rc = cmd_error(ctx, _("draw pictures TCP sockets: %s is %s (try state %s)"),
			       label, r ? state_row_proto(r) : "?", label);
	else
		draw_order_queue(ctx->rec->draw, session_nlfd(ctx->s));
	state_snap_free(snap);
	return rc;
}

static int draw_exec(struct cmd_ctx *ctx)
{
	return draw_sock(ctx, ctx->arg[0].sock);
}

static const struct cmd_entry draw_entry = {
	.name = "draw",
	.summary = N_("a picture of a listener's queues, or of one connection"),
	.help = N_("draw LFD pictures a listening socket as the kernel reports it: its\n"
		"SYN queue (half-open connections, SYN-RECV), its accept queue\n"
		"(handshake done, waiting for accept()) with the client of each,\n"
		"the connections accept() took out, the clients whose SYN was\n"
		"dropped (SYN-SENT) and what is left of ended connections\n"
		"(TIME-WAIT). draw FD of any other TCP socket pictures its\n"
		"connection: both ends side by side (names, addresses, states,\n"
		"queues) and the states each end passes in its life. Box-drawing\n"
		"characters on a UTF-8 terminal, ASCII otherwise. Same as\n"
		"state FD --draw."),
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD", .flags = ARG_CLOSED },
		{ .kind = ARG_END },
	},
	.exec = draw_exec,
};

/* ---- state (the table) --------------------------------------------------- */

static const struct cmd_arg state_args[] = {
	{ .kind = ARG_FD, .name = "FD", .flags = ARG_OPTIONAL | ARG_CLOSED },
	{ .kind = ARG_FLAG, .name = "--all" },
	{ .kind = ARG_FLAG, .name = "--draw" },
	{ .kind = ARG_END },
};

static int state_exec(struct cmd_ctx *ctx)
{
	struct sock *sk = ctx->arg[0].sock;	/* NULL: all of them */
	int all = (int)ctx->arg[1].num;
	struct sbuf *out = &ctx->rec->out;
	struct state_snap *snap;
	struct table t = { NULL, 0, 0 };
	const struct state_row *one = NULL;

	if (ctx->arg[2].num && sk == NULL)
		return cmd_error(ctx, _("state --draw takes the socket to draw: state FD --draw"));
	if (ctx->arg[2].num)
		return draw_sock(ctx, sk);
	snap = state_capture_all(ctx->s);
	if (sk)
		one = state_find(snap, sk);
	session_rows(&t, snap, one);
	if (all)
		other_rows(ctx->s, snap, &t);
	if (t.n == 0)
		sbuf_add(out, _("no sockets yet: try lfd = socket inet stream"));
	else
		table_print(&t, out, (size_t)ctx->s->opt.columns);
	if (one)
		details(snap, one, out);
	state_snap_free(snap);
	if (out->len && out->s[out->len - 1] == '\n')
		out->s[--out->len] = '\0';
	return CMD_OK;
}

static const struct cmd_entry state_entry = {
	.name = "state",
	.alias = "ss netstat",
	.summary = N_("the kernel's view of your sockets, as ss/netstat show it"),
	.help = N_("A table of this session's sockets as the kernel sees them (asked\n"
		"through NETLINK_SOCK_DIAG, like ss): state, addresses, queues. It\n"
		"also shows the connections waiting in a listener's accept queue\n"
		"(the handshake is done; accept() only takes them out) and what is\n"
		"left of closed ones (FIN-WAIT, TIME-WAIT). For a LISTEN socket\n"
		"Recv-Q is the accept queue and Send-Q the backlog. state FD adds\n"
		"TCP_INFO details in words; --all adds every other socket on the\n"
		"ports involved (an nc in another terminal) with its process."),
	.args = state_args,
	.exec = state_exec,
};

/* ---- fds ----------------------------------------------------------------- */

static int fds_exec(struct cmd_ctx *ctx)
{
	struct sbuf *out = &ctx->rec->out;
	struct state_snap *snap = state_capture(ctx->s);
	size_t i;
	int any = 0;

	for (i = 0; i < snap->n; i++) {
		const struct state_row *r = &snap->rows[i];
		const struct sock *sk = session_find_fd(ctx->s, r->fd);
		size_t start = out->len;

		if (r->kind != STATE_OPEN || sk == NULL)
			continue;
		sbuf_addf(out, "%3d  %-8s %-6s %-12s ", r->fd,
			  r->name[0] ? r->name : "-", state_row_proto(r),
			  state_row_state(r));
		state_row_addrs(snap, r, out);
		while (out->len > start && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sbuf_addc(out, '\n');
		any = 1;
	}
	state_snap_free(snap);
	if (!any)
		sbuf_add(out, _("no descriptors open: try lfd = socket inet stream"));
	if (out->len && out->s[out->len - 1] == '\n')
		out->s[--out->len] = '\0';
	return CMD_OK;
}

static const struct cmd_entry fds_entry = {
	.name = "fds",
	.summary = N_("the descriptors this session holds"),
	.help = N_("Lists the open descriptors the session created: number, name,\n"
		"protocol, state and addresses. Closed names are not listed (state\n"
		"shows what became of them)."),
	.args = cmd_no_args,
	.exec = fds_exec,
};

/* ---- expect ------------------------------------------------------------- */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The state name as shown, from what the learner typed: "estab",
 * "time_wait" -> "ESTABLISHED", "TIME-WAIT"; NULL if unknown. */
static const char *canonical_state(const char *word)
{
	int v = diag_state_value(word);

	if (v < 0)
		return NULL;
	if (strcasecmp(word, "UNCONN") == 0)
		return "UNCONN";
	return diag_state_name(IPPROTO_TCP, v);
}

/* Check fd's state against want, giving the kernel a moment; fills got. */
static int state_holds(struct session *s, const struct sock *sk,
		       const char *want, struct sbuf *got)
{
	int waited;

	for (waited = 0;; waited += EXPECT_STEP_MS) {
		struct state_snap *snap = state_capture_sock(s, sk);
		const struct state_row *r = state_find(snap, sk);
		const char *st = r ? state_row_state(r) : "CLOSED";
		int ok = strcmp(st, want) == 0;

		sbuf_reset(got);
		sbuf_add(got, st);
		state_snap_free(snap);
		if (ok || waited >= EXPECT_SETTLE_MS)
			return ok;
		sleep_ms(EXPECT_STEP_MS);
	}
}

/* The accept-queue length of a listener, giving the kernel a moment. */
static int queue_holds(struct session *s, const struct sock *sk, long want,
		       struct sbuf *got)
{
	int waited;

	for (waited = 0;; waited += EXPECT_STEP_MS) {
		struct state_snap *snap = state_capture_sock(s, sk);
		const struct state_row *r = state_find(snap, sk);
		int ok = 0;

		sbuf_reset(got);
		if (r && r->found && r->d.state == TCP_LISTEN &&
		    (r->d.unknown & DIAG_NO_ACCEPTQ)) {
			sbuf_add(got, "unknown (no netlink)");
		} else if (r && r->found && r->d.state == TCP_LISTEN) {
			sbuf_addf(got, "%u waiting", r->d.rqueue);
			ok = r->d.rqueue == (unsigned long)want;
		} else {
			sbuf_addf(got, "not listening (%s)",
				  r ? state_row_state(r) : "CLOSED");
		}
		state_snap_free(snap);
		if (ok || waited >= EXPECT_SETTLE_MS)
			return ok;
		sleep_ms(EXPECT_STEP_MS);
	}
}

/* Report an expect command that did not hold, for --check ("expected
 * state TIME-WAIT, got state ESTABLISHED"); one that holds records its
 * fact instead. */
static void expect_failed(struct record *r, const char *expected,
			  const char *got)
{
	r->check_failed = 1;
	sbuf_add(&r->expected, expected);
	sbuf_add(&r->got, got);
}

static int expect_state(struct cmd_ctx *ctx)
{
	struct sock *sk = ctx->arg[0].sock;
	struct sbuf got = SBUF_INIT, b = SBUF_INIT;
	const char *want = canonical_state(ctx->arg[1].str);
	char lbuf[16];

	if (want == NULL)
		return cmd_error(ctx, _("unknown state '%s': LISTEN, SYN-SENT, SYN-RECV, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSE-WAIT, LAST-ACK, CLOSING, CLOSED or UNCONN"),
				 ctx->arg[1].str);
	if (state_holds(ctx->s, sk, want, &got)) {
		/* want is one of canonical_state()'s constant names. */
		record_fact(ctx->rec, FACT_EXPECT_STATE, FP_SOCK,
			    session_label(sk, lbuf, sizeof(lbuf)), sk->fd,
			    FP_BYTES, (const unsigned char *)want,
			    strlen(want), -1);
		sbuf_free(&got);
		return CMD_OK;
	}
	sbuf_addf(&b, "state %s", sbuf_str(&got));
	sbuf_reset(&got);
	sbuf_addf(&got, "state %s", want);
	expect_failed(ctx->rec, sbuf_str(&got), sbuf_str(&b));
	sbuf_free(&b);
	sbuf_free(&got);
	return CMD_OK;
}

static int expect_queue(struct cmd_ctx *ctx)
{
	struct sock *sk = ctx->arg[0].sock;
	struct sbuf got = SBUF_INIT, e = SBUF_INIT;
	long want = ctx->arg[1].num;
	char lbuf[16];

	if (queue_holds(ctx->s, sk, want, &got)) {
		record_fact(ctx->rec, FACT_EXPECT_QUEUE, FP_INT, want, FP_SOCK,
			    session_label(sk, lbuf, sizeof(lbuf)), sk->fd, -1);
		sbuf_free(&got);
		return CMD_OK;
	}
	sbuf_addf(&e, "%ld waiting", want);
	expect_failed(ctx->rec, sbuf_str(&e), sbuf_str(&got));
	sbuf_free(&e);
	sbuf_free(&got);
	return CMD_OK;
}

/* expect recv FD "text": receive exactly as many bytes as text has
 * (MSG_WAITALL) and compare; a real recv() call, shown as such. */
static int expect_recv(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	struct sock *sk = ctx->arg[0].sock;
	const struct cmd_val *want = &ctx->arg[1];
	struct sbuf e = SBUF_INIT;
	char lbuf[16], why[128];
	const char *label;
	ssize_t n;

	if (want->len == 0)
		return cmd_error(ctx, _("expect recv: give the bytes expected, as \"text\""));
	label = session_label(sk, lbuf, sizeof(lbuf));
	r->call = "recv";
	r->ret_type = "ssize_t";
	sbuf_addf(&r->setup, "char buf[%zu];", want->len);
	sbuf_addf(&r->args, "%s, buf, sizeof(buf), MSG_WAITALL", label);
	r->changes_state = 1;
	r->data = xmalloc(want->len);
	snprintf(why, sizeof(why), _("nothing has arrived on %s yet"), label);
	cmd_block_begin(ctx, sk->fd, POLLIN, why);
	n = recv(sk->fd, r->data, want->len, MSG_WAITALL);
	record_result(r, n, errno);
	cmd_block_end(ctx);
	record_touch(r, sk->fd);
	r->datalen = n > 0 ? (size_t)n : 0;
	cmd_io_show_data(r, label);
	sbuf_addc(&e, '"');
	parse_quote_c(&e, want->str, want->len);
	sbuf_addc(&e, '"');
	if (n >= 0 && (size_t)n == want->len &&
	    memcmp(r->data, want->str, want->len) == 0) {
		record_fact(r, FACT_EXPECT_RECV, FP_BYTES, r->data,
			    r->datalen, -1);
	} else {
		r->check_failed = 1;
		sbuf_add(&r->expected, sbuf_str(&e));
		sbuf_addf(&r->got, "%zd", n);
		if (n < 0)
			sbuf_addf(&r->got, " (%s)", strerror(r->err));
		else {
			sbuf_add(&r->got, " \"");
			parse_quote_c(&r->got, r->data, r->datalen);
			sbuf_addc(&r->got, '"');
		}
	}
	sbuf_free(&e);
	return CMD_OK;
}

static const struct cmd_entry expect_state_entry = {
	.name = "state",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD", .flags = ARG_CLOSED },
		{ .kind = ARG_WORD, .name = "STATE", .complete = "state" },
		{ .kind = ARG_END },
	},
	.exec = expect_state,
};

static const struct cmd_entry expect_queue_entry = {
	.name = "queue",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "LFD" },
		{ .kind = ARG_INT, .name = "N", .min = 0, .max = 1L << 30,
		  .what = N_("queue length") },
		{ .kind = ARG_END },
	},
	.exec = expect_queue,
};

static const struct cmd_entry expect_recv_entry = {
	.name = "recv",
	.args = (const struct cmd_arg[]){
		{ .kind = ARG_FD, .name = "FD" },
		{ .kind = ARG_DATA, .name = "\"TEXT\"" },
		{ .kind = ARG_END },
	},
	.exec = expect_recv,
};

static const struct cmd_entry expect_entry = {
	.name = "expect",
	.summary = N_("check the kernel's view in a script (--check fails otherwise)"),
	.help = N_("expect state FD STATE: FD (or a closed name) is in STATE as the\n"
		"kernel reports it: LISTEN, SYN-SENT, ESTABLISHED, TIME-WAIT, ...,\n"
		"CLOSED, UNCONN (ss's ESTAB and netstat's TIME_WAIT work too).\n"
		"expect queue LFD N: N connections wait in LFD's accept queue.\n"
		"expect recv FD \"TEXT\": receive exactly TEXT (recv with\n"
		"MSG_WAITALL). The kernel gets up to a second to settle before a\n"
		"mismatch is reported."),
	.flags = CMD_STATE | CMD_BLOCKS | CMD_CHECK,
	.subs = (const struct cmd_entry *const[]){
		&expect_state_entry, &expect_queue_entry, &expect_recv_entry,
		&cmd_expect_trace_entry, NULL,
	},
};

const struct cmd_entry *const cmd_state_entries[] = {
	&state_entry, &draw_entry, &fds_entry, &expect_entry, NULL,
};
