/* show-trace.c - the words of a packet trace: one line per segment,
 * the ladder diagram, and the trace command's facts. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "parse.h"
#include "show.h"
#include "show-trace.h"

#define LABEL_COL 14	/* "c → lfd" padded to this many columns */
#define LADDER_W 36	/* columns between the ladder's two sides */

/* "5 bytes "hello"" (the preview escaped, "..." when cut). */
static void payload(struct sbuf *out, const struct pkt *p)
{
	sbuf_addf(out, ngettext("%zu byte", "%zu bytes", p->paylen),
		  p->paylen);
	sbuf_add(out, " \"");
	parse_quote_c(out, p->preview, p->previewlen);
	sbuf_addf(out, "\"%s", p->previewlen < p->paylen ? "..." : "");
}

/* Add a field padded to w columns (none when w is 0). */
static void field(struct sbuf *out, const char *text, size_t w)
{
	sbuf_add(out, "  ");
	i18n_pad(out, text, w, 0);
}

/* Why a RST, when the segments before it tell. */
static void rst_note(struct sbuf *out, int why)
{
	if (why == RST_NO_LISTENER)
		sbuf_add(out, _("  (nothing listens on that port: the kernel refuses the connection)"));
	else if (why == RST_AFTER_CLOSE)
		sbuf_add(out, _("  (the socket was closed: what still comes to it is refused)"));
	else if (why == RST_ABORT)
		sbuf_add(out, _("  (an abort: close() with received data unread, or with SO_LINGER 0)"));
}

static void tcp_fields(struct sbuf *out, const struct pkt *p)
{
	char f[32];

	pkt_flag_words(p->flags, f, sizeof(f));
	i18n_pad(out, f, 7, 0);
	if (p->flags & (PKT_SYN | PKT_FIN | PKT_RST) || p->paylen)
		snprintf(f, sizeof(f), "seq %u", p->rseq);
	else
		f[0] = '\0';
	field(out, f, 6);
	if (p->flags & PKT_ACK)
		snprintf(f, sizeof(f), "ack %u", p->rack);
	else
		f[0] = '\0';
	field(out, f, 6);
	if (p->flags & PKT_SYN || p->win == 0)
		sbuf_addf(out, "  win %u", p->win);
	if (p->mss >= 0)
		sbuf_addf(out, "  mss %d", p->mss);
	if (p->sack_ok)
		sbuf_add(out, "  sack");
	if (p->wscale >= 0)
		sbuf_addf(out, "  wscale %d", p->wscale);
	if (p->paylen) {
		sbuf_add(out, "  ");
		payload(out, p);
	}
	if (p->flags & PKT_RST)
		rst_note(out, p->rst_why);
	if (p->retrans)
		/* TRANSLATORS: a segment sent again; seconds since the copy
		 * before. */
		sbuf_addf(out, _("  (retransmission, %.1f s after the last)"),
			  (double)p->retrans_usec / 1e6);
}

void show_trace_seg(struct sbuf *out, const struct trace_seg *g,
		    const char *arrow)
{
	struct sbuf ends = SBUF_INIT;

	sbuf_addf(&ends, "%s %s %s", g->from, arrow, g->to);
	i18n_pad(out, sbuf_str(&ends), LABEL_COL, 0);
	sbuf_add(out, "  ");
	switch (g->p.proto) {
	case PKT_TCP:
		tcp_fields(out, &g->p);
		break;
	case PKT_UDP:
		sbuf_add(out, "UDP      ");
		payload(out, &g->p);
		break;
	case PKT_ICMP:
		sbuf_add(out, "ICMP     ");
		/* TRANSLATORS: the datagram it answers, from and to. */
		sbuf_addf(out, _("port unreachable (for %s %s %s: nothing receives on that port)"),
			  g->orig_from, arrow, g->orig_to);
		break;
	}
	while (out->len && out->s[out->len - 1] == ' ')
		out->s[--out->len] = '\0';
	sbuf_free(&ends);
}

/* What a rung of the ladder says: "SYN seq 0", "ACK ack 1", "PSH-ACK 5
 * bytes". */
static void rung_label(struct sbuf *out, const struct pkt *p)
{
	char f[32];

	if (p->proto == PKT_UDP) {
		sbuf_add(out, "UDP ");
		sbuf_addf(out, ngettext("%zu byte", "%zu bytes", p->paylen),
			  p->paylen);
		return;
	}
	sbuf_add(out, pkt_flag_words(p->flags, f, sizeof(f)));
	if (p->flags & (PKT_SYN | PKT_FIN | PKT_RST) || p->paylen)
		sbuf_addf(out, " seq %u", p->rseq);
	if (p->flags & PKT_ACK)
		sbuf_addf(out, " ack %u", p->rack);
	if (p->paylen) {
		sbuf_addc(out, ' ');
		sbuf_addf(out, ngettext("%zu byte", "%zu bytes", p->paylen),
			  p->paylen);
	}
}

/* One rung: |---- label --->| or |<--- label ----|, then what is worth a
 * note: a retransmission, an end now called otherwise (lfd#1, cfd). */
static void rung(struct sbuf *out, const struct trace_seg *g, int right,
		 const struct trace_seg *first)
{
	struct sbuf l = SBUF_INIT;
	size_t w, before, i;

	rung_label(&l, &g->p);
	w = i18n_width(sbuf_str(&l)) + 2;
	if (w > LADDER_W - 4)
		w = LADDER_W - 4;
	before = (LADDER_W - w) / 2;
	sbuf_add(out, right ? "|" : "|<");
	for (i = right ? 0 : 1; i < before; i++)
		sbuf_addc(out, '-');
	sbuf_addf(out, " %s ", sbuf_str(&l));
	for (i = before + w; i < LADDER_W - (right ? 1 : 0); i++)
		sbuf_addc(out, '-');
	sbuf_add(out, right ? ">|" : "|");
	if (strcmp(right ? g->to : g->from, first->to) != 0)
		sbuf_addf(out, "  %s", right ? g->to : g->from);
	if (strcmp(right ? g->from : g->to, first->from) != 0)
		sbuf_addf(out, "  %s", right ? g->from : g->to);
	if (g->p.retrans)
		sbuf_addf(out, _("  (retransmission, %.1f s after the last)"),
			  (double)g->p.retrans_usec / 1e6);
	sbuf_free(&l);
}

/* The ladder diagram: the first segment's sender on the left, time going
 * down, one rung per segment. */
static void draw(struct session *s, const struct record *r)
{
	const struct trace_seg *first = &r->segs[0];
	struct sbuf b = SBUF_INIT;
	size_t i;

	sbuf_add(&b, "  ");
	i18n_pad(&b, first->from, LADDER_W / 2 + 1, 0);
	i18n_pad(&b, first->to, LADDER_W / 2 + 2, 1);
	fprintf(s->out, "%s\n", sbuf_str(&b));
	for (i = 0; i < r->nsegs; i++) {
		sbuf_reset(&b);
		rung(&b, &r->segs[i],
		     pkt_same_endpoint(&r->segs[i].p.src, &first->p.src),
		     first);
		fprintf(s->out, "  %s\n", sbuf_str(&b));
	}
	sbuf_free(&b);
}

void show_trace_segs(struct session *s, const struct record *r, int early)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	if (r->draw_segs && !early && r->nsegs) {
		draw(s, r);
		return;
	}
	for (i = 0; i < r->nsegs; i++) {
		if (r->segs[i].early != early)
			continue;
		sbuf_reset(&b);
		show_trace_seg(&b, &r->segs[i], show_arrow(s));
		fprintf(s->out, "  %s%s%s\n", show_color(s, STYLE_DIM),
			sbuf_str(&b), show_reset(s));
	}
	sbuf_free(&b);
}

static void status_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;

	if (!p[0].num) {
		sbuf_add(out, _("trace: off. 'trace on' shows, under each command, the segments it made the kernel send."));
		return;
	}
	sbuf_addf(out, ngettext("trace: on, capturing this session's ports on the loopback interface (%ld segment so far).",
				"trace: on, capturing this session's ports on the loopback interface (%ld segments so far).",
				p[2].num),
		  p[2].num);
	if (p[1].num)
		sbuf_add(out, _(" The shell runs in a network namespace of its own (--netns): only its own traffic is there."));
}

static void userns_advice(struct sbuf *out, long userns)
{
	if (userns == USERNS_NO_CLONE)
		sbuf_add(out, _("User namespaces are disabled for ordinary users on this machine (sysctl kernel.unprivileged_userns_clone = 0), so --netns cannot help either: run sockrepl as root, or ask the administrator for 'sysctl -w kernel.unprivileged_userns_clone=1'."));
	else if (userns == USERNS_NO_MAX)
		sbuf_add(out, _("User namespaces are disabled on this machine (sysctl user.max_user_namespaces = 0), so --netns cannot help either: run sockrepl as root, or ask the administrator for 'sysctl -w user.max_user_namespaces=10000'."));
	else
		sbuf_add(out, _("Start 'sockrepl --netns' instead: the shell then runs in a private network namespace of its own, where it may capture without any privilege. Or run sockrepl as root."));
}

static void denied_fact(struct sbuf *out, const struct fact *f)
{
	const struct fact_param *p = f->p;
	struct sbuf msg = SBUF_INIT;

	if (p[0].num == TRACE_NO_PRIVILEGE) {
		sbuf_addf(out, _("trace: cannot capture packets: capturing needs the CAP_NET_RAW capability, which root has, and this shell runs as uid %ld without it.\n"),
			  p[2].num);
		userns_advice(out, p[1].num);
		return;
	}
	sbuf_addn(&msg, p[3].bytes, p[3].n);
	sbuf_addf(out, _("trace: cannot capture on the loopback interface: %s"),
		  sbuf_str(&msg));
	sbuf_free(&msg);
}

void show_trace_fact(struct sbuf *out, const struct fact *f)
{
	struct sbuf seg = SBUF_INIT;

	switch (f->id) {
	case FACT_TRACE_STATUS:
		status_fact(out, f);
		break;
	case FACT_TRACE_DENIED:
		denied_fact(out, f);
		break;
	default:
		/* from, to, flags; the arrow as UTF-8 or not. */
		sbuf_addn(&seg, f->p[0].bytes, f->p[0].n);
		sbuf_add(&seg, f->p[3].num ? " \xe2\x86\x92 " : " -> ");
		sbuf_addn(&seg, f->p[1].bytes, f->p[1].n);
		sbuf_addc(&seg, ' ');
		sbuf_addn(&seg, f->p[2].bytes, f->p[2].n);
		sbuf_addf(out, _("  segment %s seen, as expected"),
			  sbuf_str(&seg));
		sbuf_free(&seg);
	}
}
