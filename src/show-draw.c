/* show-draw.c - draw a picture (draw, state FD --draw) as text: a
 * listener's two queues as a tree, a connection as two boxes side by
 * side. Box-drawing characters and arrows on a UTF-8 terminal, plain
 * ASCII otherwise; cells padded by display width (CJK takes two). */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "addr.h"
#include "draw.h"
#include "i18n.h"
#include "show.h"

#define QUEUE_SHOWN 8		/* queue members drawn; the rest counted */
#define BOX_GAP 8		/* columns between the two boxes */

struct glyphs {
	const char *tee, *last, *bar;	/* the listener's tree */
	const char *to, *from, *both;	/* arrows */
	const char *tl, *tr, *bl, *br, *h, *v;	/* a box */
	const char *link, *syn;		/* between two boxes, BOX_GAP wide */
	const char *vlink, *vsyn;	/* the same between stacked boxes */
};

static const struct glyphs utf8_glyphs = {
	"\u251c\u2500 ", "\u2514\u2500 ", "\u2502  ",
	"\u2192", "\u2190", "\u2194",
	"\u250c", "\u2510", "\u2514", "\u2518", "\u2500", "\u2502",
	" \u2190\u2500\u2500\u2500\u2500\u2192 ", " \u2500SYN\u2500\u2192 ",
	"    \u2195", "    \u2193 SYN",
};

static const struct glyphs ascii_glyphs = {
	"|- ", "`- ", "|  ",
	"->", "<-", "<->",
	"+", "+", "+", "+", "-", "|",
	" <----> ", " -SYN-> ",
	"    |", "    | SYN",
};

/* A note under a picture: indented, wrapped to columns (0: as it is). */
static void note(struct sbuf *out, const char *text, size_t columns)
{
	sbuf_add(out, "  ");
	i18n_wrap(out, text, 2, 4, columns);
	sbuf_addc(out, '\n');
}

/* ---- a listener -------------------------------------------------------- */

static const char *const group_titles[DRAW_NGROUPS] = {
	[DRAW_SYN_QUEUE] = N_("SYN queue (half-open):"),
	[DRAW_ACCEPT_QUEUE] = N_("accept queue (complete):"),
	[DRAW_ACCEPTED] = N_("accepted:"),
	[DRAW_DROPPED] = N_("SYN dropped:"),
	[DRAW_LEFTOVER] = N_("left over:"),
};

/* A queue as boxes of its members: "[c1] [c2]", "[ ]" when empty. A
 * member is called by its client, the socket the learner made. */
static void queue_cell(struct sbuf *c, const struct draw *d,
		       enum draw_group g)
{
	size_t i;

	if (d->n[g] == 0)
		sbuf_add(c, "[ ]");
	for (i = 0; i < d->n[g] && i < QUEUE_SHOWN; i++) {
		const struct draw_item *it = &d->items[g][i];

		sbuf_addf(c, "%s[%s]", i ? " " : "",
			  it->peer[0] ? it->peer : it->label);
	}
	if (d->n[g] > QUEUE_SHOWN)
		sbuf_addf(c, _(" and %zu more"), d->n[g] - QUEUE_SHOWN);
}

/* What the accept queue line adds: "2 of 2: full → accept()". */
static void accept_words(struct sbuf *c, const struct draw *d,
			 const struct glyphs *gl)
{
	const struct state_row *l = &d->main.row;

	if (!(l->d.unknown & (DIAG_NO_ACCEPTQ | DIAG_NO_BACKLOG))) {
		/* Linux queues backlog + 1 connections. */
		if (state_row_full(l))
			sbuf_addf(c, _("%u of %u: full"), l->d.rqueue,
				  l->d.wqueue + 1);
		else
			sbuf_addf(c, _("%u of %u"), l->d.rqueue,
				  l->d.wqueue + 1);
		sbuf_add(c, "  ");
	}
	sbuf_addf(c, "%s accept()", gl->to);
	/* The queue is drawn oldest first: the one accept() takes next. */
	if (d->n[DRAW_ACCEPT_QUEUE]) {
		const struct draw_item *it = &d->items[DRAW_ACCEPT_QUEUE][0];

		sbuf_addf(c, " %s %s", gl->to,
			  it->peer[0] ? it->peer : it->label);
	}
}

/* "cfd ↔ c0  ESTABLISHED": a connection by its two ends. */
static void conn_words(struct sbuf *c, const struct draw_item *it,
		       const struct glyphs *gl)
{
	const struct state_row *r = &it->row;

	if (r->kind == STATE_KERNEL)
		sbuf_add(c, _("(no fd)"));
	else
		sbuf_add(c, it->label);
	sbuf_addf(c, " %s ", gl->both);
	if (it->peer[0])
		sbuf_add(c, it->peer);
	else
		addr_format(c, (const void *)&r->d.peer, r->d.peer_len);
	sbuf_addf(c, "  %s", state_row_state(r));
}

/* The cells of group g, one a line. */
static size_t group_lines(const struct draw *d, enum draw_group g,
			  const struct glyphs *gl, struct sbuf *cells,
			  size_t max)
{
	size_t i, n = 0;

	if (g == DRAW_SYN_QUEUE || g == DRAW_ACCEPT_QUEUE) {
		queue_cell(&cells[n++], d, g);
		return n;
	}
	for (i = 0; i < d->n[g] && n < max; i++) {
		const struct draw_item *it = &d->items[g][i];

		if (g == DRAW_DROPPED)
			sbuf_addf(&cells[n++], "%s  %s", it->label,
				  _("SYN-SENT, retrying"));
		else
			conn_words(&cells[n++], it, gl);
	}
	return n;
}

static void listener_head(struct sbuf *out, const struct draw *d)
{
	const struct state_row *l = &d->main.row;

	sbuf_addf(out, "%s  LISTEN  ", d->main.label);
	addr_format(out, (const void *)&l->d.local, l->d.local_len);
	sbuf_add(out, "  ");
	state_row_backlog(l, out);
	sbuf_addc(out, '\n');
}

static void draw_listener(struct sbuf *out, const struct draw *d,
			  const struct glyphs *gl)
{
	enum draw_group g, last = DRAW_ACCEPT_QUEUE;
	size_t tw = 0, qw = 0, w;
	struct sbuf q[2] = { SBUF_INIT, SBUF_INIT };

	listener_head(out, d);
	for (g = 0; g < DRAW_NGROUPS; g++) {
		if (g > DRAW_ACCEPT_QUEUE && d->n[g] == 0)
			continue;
		last = g;
		if ((w = i18n_width(_(group_titles[g]))) > tw)
			tw = w;
	}
	/* The two queues line up, and their arrows too. */
	queue_cell(&q[0], d, DRAW_SYN_QUEUE);
	queue_cell(&q[1], d, DRAW_ACCEPT_QUEUE);
	qw = i18n_width(sbuf_str(&q[0]));
	if ((w = i18n_width(sbuf_str(&q[1]))) > qw)
		qw = w;
	for (g = 0; g < DRAW_NGROUPS; g++) {
		struct sbuf cells[16];
		size_t n, i;

		if (g > DRAW_ACCEPT_QUEUE && d->n[g] == 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(cells); i++)
			sbuf_init(&cells[i]);
		n = group_lines(d, g, gl, cells, ARRAY_SIZE(cells));
		if (g == DRAW_SYN_QUEUE || g == DRAW_ACCEPT_QUEUE) {
			sbuf_reset(&cells[0]);
			i18n_pad(&cells[0], sbuf_str(&q[g]), qw, 0);
			sbuf_add(&cells[0], "  ");
			if (g == DRAW_SYN_QUEUE)
				sbuf_addf(&cells[0], "%s SYN-RECV", gl->from);
			else
				accept_words(&cells[0], d, gl);
		}
		for (i = 0; i < n; i++) {
			sbuf_add(out, " ");
			sbuf_add(out, i ? (g == last ? "   " : gl->bar)
					: (g == last ? gl->last : gl->tee));
			i18n_pad(out, i ? "" : _(group_titles[g]), tw, 0);
			sbuf_addf(out, "  %s\n", sbuf_str(&cells[i]));
			sbuf_free(&cells[i]);
		}
		if (d->n[g] > n && g > DRAW_ACCEPT_QUEUE)
			sbuf_addf(out, _("     ... and %zu more\n"), d->n[g] - n);
	}
	sbuf_free(&q[0]);
	sbuf_free(&q[1]);
}

/* ---- a connection ------------------------------------------------------ */

#define BOX_LINES 4

/* "client c": what the box of one end is titled. */
static void role_title(struct sbuf *out, enum draw_role r, const char *label)
{
	switch (r) {
	case DRAW_CLIENT:
		/* TRANSLATORS: above a box: "client c". */
		sbuf_addf(out, _("client %s"), label);
		break;
	case DRAW_SERVER:
		sbuf_addf(out, _("server %s"), label);
		break;
	case DRAW_LISTENING:
		sbuf_addf(out, _("listener %s"), label);
		break;
	default:
		sbuf_add(out, label);
	}
}

/* The lines inside the box of one end. */
static void box_lines(const struct draw_item *it, struct sbuf *ln)
{
	const struct state_row *r = &it->row;
	const struct diag_sock *d = &r->d;

	if (r->kind == STATE_OPEN)
		sbuf_addf(&ln[0], "fd %d", r->fd);
	else if (r->kind == STATE_CLOSED)
		sbuf_add(&ln[0], _("closed: no fd"));
	else if (draw_is_request(d->state))
		sbuf_addf(&ln[0], _("no fd yet: in %s's SYN queue"),
			  r->owner);
	else if (r->in_queue)
		sbuf_addf(&ln[0], _("no fd yet: in %s's accept queue"),
			  r->owner);
	else
		sbuf_add(&ln[0], _("no fd: the kernel's alone"));
	if (d->local_len && addr_port((const void *)&d->local) > 0)
		addr_format(&ln[1], (const void *)&d->local, d->local_len);
	else
		sbuf_add(&ln[1], "*");
	sbuf_add(&ln[2], state_row_state(r));
	if (!r->found)
		sbuf_add(&ln[3], "Recv-Q -  Send-Q -");
	else if (d->state == TCP_LISTEN) {
		state_row_backlog(r, &ln[3]);
		if (!(d->unknown & DIAG_NO_ACCEPTQ))
			sbuf_addf(&ln[3], _(", accept queue %u"), d->rqueue);
	} else
		sbuf_addf(&ln[3], "Recv-Q %u  Send-Q %u", d->rqueue,
			  d->wqueue);
}

/* One box, as BOX_LINES + 2 lines of exactly its width + 4 columns. */
static size_t box(const struct draw_item *it, enum draw_role role,
		  const struct glyphs *gl, struct sbuf *rows)
{
	struct sbuf ln[BOX_LINES], title = SBUF_INIT;
	size_t w, i, k, tw;

	for (i = 0; i < BOX_LINES; i++)
		sbuf_init(&ln[i]);
	box_lines(it, ln);
	/* A kernel-side end has no name: its label is its client's
	 * address, which the other box already shows. */
	role_title(&title, role, it->row.kind == STATE_KERNEL ? _("(no fd)")
							      : it->label);
	tw = i18n_width(sbuf_str(&title));
	w = tw + 2;
	for (i = 0; i < BOX_LINES; i++)
		if (i18n_width(sbuf_str(&ln[i])) > w)
			w = i18n_width(sbuf_str(&ln[i]));
	/* The title sits in the top border: "┌─ client c ──┐". */
	sbuf_addf(&rows[0], "%s%s %s ", gl->tl, gl->h, sbuf_str(&title));
	for (k = tw + 1; k < w; k++)
		sbuf_add(&rows[0], gl->h);
	sbuf_add(&rows[0], gl->tr);
	for (i = 0; i < BOX_LINES; i++) {
		sbuf_addf(&rows[i + 1], "%s ", gl->v);
		i18n_pad(&rows[i + 1], sbuf_str(&ln[i]), w, 0);
		sbuf_addf(&rows[i + 1], " %s", gl->v);
		sbuf_free(&ln[i]);
	}
	sbuf_add(&rows[BOX_LINES + 1], gl->bl);
	for (k = 0; k < w + 2; k++)
		sbuf_add(&rows[BOX_LINES + 1], gl->h);
	sbuf_add(&rows[BOX_LINES + 1], gl->br);
	sbuf_free(&title);
	return w + 4;
}

/* The other end when the session does not know it: its address. */
static void stranger(struct sbuf *out, const struct draw *d)
{
	const struct diag_sock *m = &d->main.row.d;

	addr_format(out, (const void *)&m->peer, m->peer_len);
	sbuf_add(out, _(" (not a socket of this session)"));
}

/* What is between the boxes on each line: the link on the address
 * line; without the other end's box, its address after the link. */
static void between(struct sbuf *out, const struct draw *d, size_t line,
		    const struct glyphs *gl)
{
	const struct diag_sock *m = &d->main.row.d;

	if (line != 2) {
		if (d->has_peer)
			sbuf_addf(out, "%*s", BOX_GAP, "");
		return;
	}
	if (d->has_peer) {
		sbuf_add(out, d->peer_role == DRAW_LISTENING ? gl->syn
							     : gl->link);
	} else if (m->peer_len && addr_port((const void *)&m->peer) > 0) {
		sbuf_add(out, gl->link);
		stranger(out, d);
	}
}

/* ---- the life of a connection ------------------------------------------ */

/* An end as the life lines call it: its label, "(no fd)" for a
 * kernel-side socket. */
static const char *end_name(const struct draw_item *it)
{
	return it->row.kind == STATE_KERNEL ? _("(no fd)") : it->label;
}

enum closer { CLOSER_UNKNOWN, CLOSER_ACTIVE, CLOSER_PASSIVE };

static enum closer closer_of(const struct state_row *r)
{
	if (!r->found)
		return CLOSER_UNKNOWN;
	switch (r->d.state) {
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_TIME_WAIT:
	case TCP_CLOSING:
		return CLOSER_ACTIVE;
	case TCP_CLOSE_WAIT:
	case TCP_LAST_ACK:
		return CLOSER_PASSIVE;
	}
	return CLOSER_UNKNOWN;
}

/* The states an end passes, the one it is in bracketed: "SYN-SENT →
 * [ESTABLISHED] → FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT → CLOSED". */
static void life_line(struct sbuf *out, const struct draw_item *it,
		      enum draw_role role, enum closer how, size_t lw,
		      const struct glyphs *gl, size_t columns)
{
	const char *path[8];
	const char *now = state_row_state(&it->row);
	size_t n = 0, i;
	int seen = 0;
	struct sbuf p = SBUF_INIT;

	if (role == DRAW_CLIENT)
		path[n++] = "SYN-SENT";
	else if (role == DRAW_SERVER)
		path[n++] = "SYN-RECV";
	path[n++] = "ESTABLISHED";
	if (how == CLOSER_ACTIVE) {
		path[n++] = "FIN-WAIT-1";
		path[n++] = it->row.found && it->row.d.state == TCP_CLOSING
				    ? "CLOSING" : "FIN-WAIT-2";
		path[n++] = "TIME-WAIT";
	} else if (how == CLOSER_PASSIVE) {
		path[n++] = "CLOSE-WAIT";
		path[n++] = "LAST-ACK";
	}
	if (how != CLOSER_UNKNOWN || strcmp(now, "CLOSED") == 0)
		path[n++] = "CLOSED";
	sbuf_add(out, "  ");
	i18n_pad(out, end_name(it), lw, 0);
	sbuf_add(out, "  ");
	for (i = 0; i < n; i++) {
		int here = !seen && strcmp(path[i], now) == 0;

		seen |= here;
		sbuf_addf(&p, "%s%s%s%s", i ? " " : "", i ? gl->to : "",
			  i ? " " : "", here ? "[" : "");
		sbuf_addf(&p, "%s%s", path[i], here ? "]" : "");
	}
	if (!seen)
		sbuf_addf(&p, "  (%s)", now);
	/* Wrapped, the path goes on under its start. */
	i18n_wrap(out, sbuf_str(&p), lw + 4, lw + 4, columns);
	sbuf_addc(out, '\n');
	sbuf_free(&p);
}

static void life(struct sbuf *out, const struct draw *d,
		 const struct glyphs *gl, size_t columns)
{
	enum closer a = closer_of(&d->main.row), b = CLOSER_UNKNOWN;
	int two = d->has_peer && d->peer_role != DRAW_LISTENING;
	size_t lw = i18n_width(end_name(&d->main));

	if (two) {
		b = closer_of(&d->peer.row);
		if (i18n_width(end_name(&d->peer)) > lw)
			lw = i18n_width(end_name(&d->peer));
	}
	/* One end's close decides the other's way. */
	if (a == CLOSER_UNKNOWN && b != CLOSER_UNKNOWN)
		a = b == CLOSER_ACTIVE ? CLOSER_PASSIVE : CLOSER_ACTIVE;
	if (b == CLOSER_UNKNOWN && a != CLOSER_UNKNOWN && two)
		b = a == CLOSER_ACTIVE ? CLOSER_PASSIVE : CLOSER_ACTIVE;
	life_line(out, &d->main, d->main_role, a, lw, gl, columns);
	if (two)
		life_line(out, &d->peer, d->peer_role, b, lw, gl, columns);
	if (a == CLOSER_UNKNOWN && d->main.row.found &&
	    d->main.row.d.state == TCP_ESTABLISHED)
		note(out, _("the end that calls close() first goes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the other CLOSE-WAIT, LAST-ACK"),
		     columns);
}

/* The boxes side by side, the link between them on the address line. */
static void side_by_side(struct sbuf *out, const struct draw *d,
			 const struct glyphs *gl, struct sbuf *left,
			 struct sbuf *right)
{
	size_t i;

	for (i = 0; i < BOX_LINES + 2; i++) {
		sbuf_add(out, sbuf_str(&left[i]));
		between(out, d, i, gl);
		sbuf_add(out, sbuf_str(&right[i]));
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sbuf_addc(out, '\n');
	}
}

/* For a terminal too narrow for that: one box above the other. */
static void stacked(struct sbuf *out, const struct draw *d,
		    const struct glyphs *gl, struct sbuf *left,
		    struct sbuf *right)
{
	const struct diag_sock *m = &d->main.row.d;
	size_t i;

	for (i = 0; i < BOX_LINES + 2; i++)
		sbuf_addf(out, "%s\n", sbuf_str(&left[i]));
	if (d->has_peer) {
		sbuf_addf(out, "%s\n", d->peer_role == DRAW_LISTENING ?
			  gl->vsyn : gl->vlink);
		for (i = 0; i < BOX_LINES + 2; i++)
			sbuf_addf(out, "%s\n", sbuf_str(&right[i]));
	} else if (m->peer_len && addr_port((const void *)&m->peer) > 0) {
		sbuf_addf(out, "%s ", gl->vlink);
		stranger(out, d);
		sbuf_addc(out, '\n');
	}
}

static void draw_connection(struct sbuf *out, const struct draw *d,
			    const struct glyphs *gl, size_t columns)
{
	struct sbuf left[BOX_LINES + 2], right[BOX_LINES + 2], b = SBUF_INIT;
	size_t i, w;

	for (i = 0; i < BOX_LINES + 2; i++) {
		sbuf_init(&left[i]);
		sbuf_init(&right[i]);
	}
	w = box(&d->main, d->main_role, gl, left) + BOX_GAP;
	if (d->has_peer)
		w += box(&d->peer, d->peer_role, gl, right);
	else if (d->main.row.d.peer_len)
		stranger(&b, d);
	w += i18n_width(sbuf_str(&b));
	if (columns && w > columns)
		stacked(out, d, gl, left, right);
	else
		side_by_side(out, d, gl, left, right);
	for (i = 0; i < BOX_LINES + 2; i++) {
		sbuf_free(&left[i]);
		sbuf_free(&right[i]);
	}
	sbuf_free(&b);
	if (d->has_peer && d->peer_role == DRAW_LISTENING &&
	    state_row_full(&d->peer.row)) {
		sbuf_init(&b);
		sbuf_addf(&b, _("%s's accept queue is full: the kernel drops the SYN, and the client sends it again later"),
			  d->peer.label);
		note(out, sbuf_str(&b), columns);
		sbuf_free(&b);
	} else if (!d->main.row.d.peer_len) {
		note(out, _("not connected: no other end to draw"), columns);
	}
	if (d->main.row.d.peer_len)
		life(out, d, gl, columns);
}

void show_draw(struct sbuf *out, const struct draw *d, int utf8,
	       size_t columns)
{
	const struct glyphs *gl = utf8 ? &utf8_glyphs : &ascii_glyphs;

	if (d->kind == DRAW_LISTENER)
		draw_listener(out, d, gl);
	else
		draw_connection(out, d, gl, columns);
}
