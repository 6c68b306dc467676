/* show-json.c - render a command's record as one JSON object per line
 * (JSON Lines, --format=json), with json-c: never hand-built strings. */
#include "config.h"

#include <arpa/inet.h>
#include <json.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/un.h>

#include "consts.h"
#include "draw.h"
#include "expect.h"
#include "i18n.h"
#include "show-facts.h"
#include "show-json.h"
#include "trace.h"
#include "show.h"
#include "state.h"

/* Short names for what every object is built with. */
static void put(json_object *o, const char *key, json_object *val)
{
	json_object_object_add(o, key, val);
}

static json_object *jnum(int64_t n)
{
	return json_object_new_int64(n);
}

/* Bytes as a JSON string: a byte that is not UTF-8 becomes U+FFFD (JSON
 * text is Unicode); *valid says whether any did. */
static json_object *jstr(const void *s, size_t len, int *valid)
{
	const unsigned char *p = s, *end = p + len;
	struct sbuf b = SBUF_INIT;
	json_object *o;
	size_t n;
	int ok = 1;

	for (; p < end; p += n ? n : 1) {
		n = utf8_len(p, end);
		if (n)
			sbuf_addn(&b, (const char *)p, n);
		else
			sbuf_add(&b, "\xef\xbf\xbd");
		ok &= n != 0;
	}
	o = json_object_new_string_len(sbuf_str(&b), (int)b.len);
	sbuf_free(&b);
	if (valid)
		*valid = ok;
	return o;
}

static json_object *jtext(const char *s)
{
	return s ? jstr(s, strlen(s), NULL) : NULL;
}

/* Bytes as a string under key, and as hex under hexkey too when they are
 * not UTF-8. */
static void add_bytes(json_object *o, const char *key, const char *hexkey,
		      const void *p, size_t n)
{
	const unsigned char *b = p;
	struct sbuf hex = SBUF_INIT;
	int valid;
	size_t i;

	put(o, key, jstr(p, n, &valid));
	if (valid)
		return;
	for (i = 0; i < n; i++)
		sbuf_addf(&hex, "%02x", b[i]);
	put(o, hexkey, json_object_new_string(sbuf_str(&hex)));
	sbuf_free(&hex);
}

static json_object *jaddr(const struct sockaddr_storage *ss, socklen_t len)
{
	const char *fam = consts_name(&consts_domain, ss->ss_family);
	json_object *o = json_object_new_object();
	char buf[INET6_ADDRSTRLEN];
	struct sbuf path = SBUF_INIT;
	const struct sockaddr_in *v4 = (const void *)ss;
	const struct sockaddr_in6 *v6 = (const void *)ss;
	const void *in = ss->ss_family == AF_INET ?
		(const void *)&v4->sin_addr : (const void *)&v6->sin6_addr;

	put(o, "family", jtext(fam));
	if (ss->ss_family == AF_INET || ss->ss_family == AF_INET6) {
		if (inet_ntop(ss->ss_family, in, buf, sizeof(buf)) == NULL)
			buf[0] = '\0';
		put(o, "addr", json_object_new_string(buf));
		put(o, "port",
		    json_object_new_int(addr_port((const void *)ss)));
	} else {
		addr_format(&path, (const struct sockaddr *)ss, len);
		put(o, "path", jtext(sbuf_str(&path)));
		sbuf_free(&path);
	}
	return o;
}

static json_object *jfd(int fd, const char *name)
{
	json_object *o = json_object_new_object();

	put(o, "fd", fd >= 0 ? json_object_new_int(fd) : NULL);
	put(o, "name", *name ? jtext(name) : NULL);
	return o;
}

static const char *const kind_names[] = {
	[ARG_FD] = "fd",     [ARG_ADDR] = "addr", [ARG_CONST] = "const",
	[ARG_INT] = "int",   [ARG_DATA] = "data", [ARG_WORD] = "word",
	[ARG_FLAG] = "flag",
};

/* The value of one typed argument. */
static void add_value(json_object *o, const struct record_arg *a)
{
	struct sbuf c = SBUF_INIT;

	switch (a->kind) {
	case ARG_FD: put(o, "value", jfd(a->fd, a->sock_name)); break;
	case ARG_ADDR: put(o, "value", jaddr(&a->addr.ss, a->addr.len)); break;
	case ARG_CONST:
		consts_format(a->set, a->num, &c);
		put(o, "value", jtext(sbuf_str(&c)));
		put(o, "number", jnum(a->num));
		sbuf_free(&c);
		break;
	case ARG_INT: put(o, "value", jnum(a->num)); break;
	case ARG_FLAG: put(o, "value", json_object_new_boolean(1)); break;
	default: /* ARG_DATA, ARG_WORD */
		add_bytes(o, "value", "hex", a->str, a->len);
		break;
	}
}

/* A repeated argument ("poll a:in b:out"): its words as typed. */
static void add_words(json_object *o, const struct record_arg *a)
{
	json_object *w = json_object_new_array();
	int i;

	for (i = 0; i < a->nwords; i++)
		json_object_array_add(w, jstr(a->words[i].s, a->words[i].len,
					      NULL));
	put(o, "value", w);
}

static json_object *jargs(const struct record *r)
{
	json_object *arr = json_object_new_array(), *o;
	const struct record_arg *a;

	for (a = r->typed; a < r->typed + r->ntyped; a++) {
		o = json_object_new_object();
		put(o, "name", jtext(a->name));
		put(o, "kind", jtext(kind_names[a->kind]));
		if (a->nwords > 1)
			add_words(o, a);
		else
			add_value(o, a);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The C statements as the transcript shows them. */
static json_object *jc(const struct record *r, const char *lhs)
{
	struct sbuf c = SBUF_INIT;
	json_object *o;

	if (r->call == NULL)
		return NULL;
	sbuf_add(&c, sbuf_str(&r->setup));
	if (r->setup.len && c.s[c.len - 1] != '\n')
		sbuf_addc(&c, '\n');
	show_c_call(&c, r, lhs);
	if (r->after.len)
		sbuf_addf(&c, "\n%s", sbuf_str(&r->after));
	o = jtext(sbuf_str(&c));
	sbuf_free(&c);
	return o;
}

/* Text as an array of its lines. */
static json_object *jlines(const char *text)
{
	json_object *arr = json_object_new_array();
	const char *nl;

	while (*text) {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		json_object_array_add(arr, jstr(text, (size_t)(nl - text),
						NULL));
		text = *nl ? nl + 1 : nl;
	}
	return arr;
}

/* One parameter of a fact, typed as the fact recorded it. */
static json_object *jparam(const struct fact_param *p)
{
	json_object *o;

	switch (p->kind) {
	case FP_INT:
		return jnum(p->num);
	case FP_SOCK:
		return jfd((int)p->num, p->label);
	case FP_ADDR:
		return jaddr(&p->ss, p->len);
	case FP_BYTES:
		o = json_object_new_object();
		add_bytes(o, "bytes", "hex", p->bytes, p->n);
		return o;
	}
	return NULL;
}

/* The facts of the record, each its stable name, its parameters and its
 * words (translated, as the transcript shows them); and "output", the
 * lines the transcript shows besides the call and the state: the facts'
 * words, then any other lines. Each fact is worded once. */
static void add_facts(json_object *o, const struct record *r, int utf8)
{
	json_object *arr = json_object_new_array(), *f, *params;
	struct sbuf b = SBUF_INIT, lines = SBUF_INIT;
	int i, j;

	for (i = 0; i < r->nfacts; i++) {
		f = json_object_new_object();
		put(f, "name", jtext(fact_name(r->facts[i].id)));
		params = json_object_new_array();
		for (j = 0; j < r->facts[i].nparam; j++)
			json_object_array_add(params, jparam(&r->facts[i].p[j]));
		put(f, "params", params);
		sbuf_reset(&b);
		show_fact(&b, &r->facts[i]);
		put(f, "text", jtext(sbuf_str(&b)));
		json_object_array_add(arr, f);
		sbuf_add(&lines, sbuf_str(&b));
		if (b.len && b.s[b.len - 1] != '\n')
			sbuf_addc(&lines, '\n');
	}
	if (r->draw)
		show_draw(&lines, r->draw, utf8, 0);
	sbuf_add(&lines, sbuf_str(&r->out));
	put(o, "facts", arr);
	put(o, "output", jlines(sbuf_str(&lines)));
	sbuf_free(&lines);
	sbuf_free(&b);
}

static json_object *jaddr_or_null(const struct sockaddr_storage *ss,
				  socklen_t len)
{
	struct sbuf b = SBUF_INIT;
	json_object *o;

	if (len == 0)
		return NULL;
	addr_format(&b, (const struct sockaddr *)ss, len);
	o = jtext(sbuf_str(&b));
	sbuf_free(&b);
	return o;
}

static json_object *jrow(const struct state_snap *snap,
			 const struct state_row *w)
{
	static const char *const kinds[] = {
		[STATE_OPEN] = "open",
		[STATE_CLOSED] = "closed",
		[STATE_KERNEL] = "kernel",
	};
	json_object *o = json_object_new_object();
	struct sbuf peer = SBUF_INIT;

	put(o, "fd", w->fd >= 0 ? json_object_new_int(w->fd) : NULL);
	put(o, "name", *w->name ? jtext(w->name) : NULL);
	put(o, "kind", jtext(kinds[w->kind]));
	put(o, "proto", jtext(state_row_proto(w)));
	put(o, "state", jtext(state_row_state(w)));
	put(o, "local", jaddr_or_null(&w->d.local, w->d.local_len));
	if (w->d.peer_len == 0 && w->d.unix_peer_inode) {
		state_unix_peer(snap, w, &peer);
		put(o, "peer", jtext(sbuf_str(&peer)));
	} else {
		put(o, "peer", jaddr_or_null(&w->d.peer, w->d.peer_len));
	}
	put(o, "recv_q", jnum(w->d.rqueue));
	put(o, "send_q", jnum(w->d.wqueue));
	sbuf_free(&peer);
	return o;
}

/* One socket of a picture: its row, what the picture calls it, and the
 * other end of its connection when the session knows it. */
static json_object *jitem(const struct draw_item *it)
{
	json_object *o = jrow(NULL, &it->row);

	put(o, "label", jtext(it->label));
	put(o, "peer_label", it->peer[0] ? jtext(it->peer) : NULL);
	return o;
}

/* draw: the picture's data, as show-draw.c draws it. */
static json_object *jdraw(const struct draw *d)
{
	json_object *o, *arr;
	int g;
	size_t i;

	if (d == NULL)
		return NULL;
	o = json_object_new_object();
	put(o, "kind", json_object_new_string(d->kind == DRAW_LISTENER ?
					      "listener" : "connection"));
	put(o, "socket", jitem(&d->main));
	put(o, "role", jtext(draw_role_name(d->main_role)));
	if (d->kind == DRAW_CONNECTION) {
		put(o, "peer", d->has_peer ? jitem(&d->peer) : NULL);
		put(o, "peer_role", d->has_peer ?
			jtext(draw_role_name(d->peer_role)) : NULL);
		return o;
	}
	put(o, "full", json_object_new_boolean(state_row_full(&d->main.row)));
	for (g = 0; g < DRAW_NGROUPS; g++) {
		arr = json_object_new_array();
		for (i = 0; i < d->n[g]; i++)
			json_object_array_add(arr, jitem(&d->items[g][i]));
		put(o, draw_group_name((enum draw_group)g), arr);
	}
	return o;
}

/* state_before and state_after: the rows of the sockets involved. */
static void add_state(json_object *o, const struct record *r)
{
	json_object *before, *after;
	const struct state_row *a, *b;
	size_t i;

	if (r->snap_before == NULL || r->snap_after == NULL) {
		put(o, "state_before", NULL);
		put(o, "state_after", NULL);
		return;
	}
	before = json_object_new_array();
	after = json_object_new_array();
	for (i = 0; i < r->snap_after->n; i++) {
		a = &r->snap_after->rows[i];
		if (!state_row_involved(r->snap_before, r->snap_after, r, a,
					&b))
			continue;
		if (b)
			json_object_array_add(before, jrow(r->snap_before, b));
		json_object_array_add(after, jrow(r->snap_after, a));
	}
	put(o, "state_before", before);
	put(o, "state_after", after);
}

static void add_result(json_object *o, const struct record *r)
{
	int failed = r->has_ret && r->ret == -1;

	put(o, "ret", r->has_ret ? jnum(r->ret) : NULL);
	put(o, "errno", failed ? jtext(consts_errno_name(r->err)) : NULL);
	put(o, "error_text", failed ? jtext(strerror(r->err)) : NULL);
	put(o, "explanation", jtext(show_explanation(r)));
	put(o, "note", r->note.len ? jtext(sbuf_str(&r->note)) : NULL);
}

/* The verdict of the line's "=> ..." or of a check command (expect). */
static json_object *jexpect(const char *text, size_t len,
			    const struct line *l, const struct record *r,
			    const struct exec_result *res, enum exec_status st)
{
	const struct sbuf *want = res->expected.len ? &res->expected :
						      &r->expected;
	json_object *o;

	if (!res->has_expect)
		return NULL;
	o = json_object_new_object();
	put(o, "text", l->has_expect ? jtext(sbuf_str(&res->expected)) :
				       jstr(text, len, NULL));
	put(o, "ok", json_object_new_boolean(st != EXEC_MISMATCH));
	put(o, "expected", want->len ? jtext(sbuf_str(want)) : NULL);
	put(o, "got", res->got.len ? jtext(sbuf_str(&res->got)) : NULL);
	return o;
}

/* line, input, command: what every object starts with. */
static json_object *jline(struct session *s, const char *text, size_t len,
			  const struct cmd_entry *e)
{
	json_object *o = json_object_new_object();

	put(o, "line", s->lineno ? json_object_new_int(s->lineno) : NULL);
	put(o, "input", jstr(text, len, NULL));
	put(o, "command", e ? jtext(e->name) : NULL);
	return o;
}

static void emit(struct session *s, json_object *o)
{
	FILE *out = s->json_out ? s->json_out : s->out;

	fprintf(out, "%s\n",
		json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN |
				   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* One captured segment: its ends, as named and as addresses, and what
 * it carried. */
static json_object *jseg(const struct trace_seg *g)
{
	const struct pkt *p = &g->p;
	json_object *o = json_object_new_object();
	char f[32];

	put(o, "from", jtext(g->from));
	put(o, "to", jtext(g->to));
	put(o, "src", jaddr(&p->src, sizeof(p->src)));
	put(o, "dst", jaddr(&p->dst, sizeof(p->dst)));
	put(o, "proto", json_object_new_string(p->proto == PKT_TCP ? "tcp" :
					       p->proto == PKT_UDP ? "udp" :
								     "icmp"));
	put(o, "early", json_object_new_boolean(g->early));
	if (p->proto == PKT_TCP) {
		put(o, "flags", jtext(pkt_flag_words(p->flags, f, sizeof(f))));
		put(o, "seq", jnum(p->rseq));
		put(o, "ack", (p->flags & PKT_ACK) ? jnum(p->rack) : NULL);
		put(o, "win", jnum(p->win));
		put(o, "mss", p->mss >= 0 ? jnum(p->mss) : NULL);
		put(o, "wscale", p->wscale >= 0 ? jnum(p->wscale) : NULL);
		put(o, "sack_ok", json_object_new_boolean(p->sack_ok));
		put(o, "retransmission", json_object_new_boolean(p->retrans));
		put(o, "retransmission_ms",
		    p->retrans ? jnum(p->retrans_usec / 1000) : NULL);
	}
	if (p->proto == PKT_ICMP) {
		put(o, "icmp", json_object_new_string(
				       "port unreachable"));
		put(o, "for_from", jtext(g->orig_from));
		put(o, "for_to", jtext(g->orig_to));
		return o;
	}
	put(o, "len", jnum((int64_t)p->paylen));
	add_bytes(o, "data", "data_hex", p->preview, p->previewlen);
	return o;
}

/* The segments captured with the command (trace on), else null. */
static void add_trace(json_object *o, const struct record *r)
{
	json_object *a;
	size_t i;

	if (r->nsegs == 0) {
		put(o, "trace", NULL);
		return;
	}
	a = json_object_new_array();
	for (i = 0; i < r->nsegs; i++)
		json_object_array_add(a, jseg(&r->segs[i]));
	put(o, "trace", a);
}

/* After the result, for a command and for a traced program's call: the
 * bytes received, the kernel's state before and after, the facts. */
static void add_outcome(const struct session *s, json_object *o,
			const struct record *r)
{
	if (r->has_data)
		add_bytes(o, "data", "data_hex", r->data, r->datalen);
	else
		put(o, "data", NULL);
	add_state(o, r);
	add_facts(o, r, s->opt.utf8);
}

void show_json_record(struct session *s, const char *text, size_t len,
		      const struct line *l, const struct record *r,
		      const struct exec_result *res, enum exec_status st)
{
	json_object *o = jline(s, text, len, res->entry), *names;
	int i;

	names = json_object_new_array();
	for (i = 0; i < l->nnames; i++)
		json_object_array_add(names, jtext(l->names[i]));
	put(o, "names", names);
	put(o, "call", jtext(r->call));
	put(o, "args", jargs(r));
	put(o, "c", jc(r, l->nnames ? l->names[0] : NULL));
	add_result(o, r);
	add_outcome(s, o, r);
	put(o, "draw", jdraw(r->draw));
	add_trace(o, r);
	put(o, "expect", jexpect(text, len, l, r, res, st));
	put(o, "status",
	    json_object_new_string(st == EXEC_MISMATCH ? "mismatch" : "ok"));
	emit(s, o);
}

void show_json_traced(struct session *s, long pid, const struct record *r)
{
	json_object *o = json_object_new_object();

	put(o, "pid", jnum(pid));
	put(o, "call", jtext(r->call));
	put(o, "c", jc(r, NULL));
	if (r->call)
		add_result(o, r);
	add_outcome(s, o, r);
	emit(s, o);
}

void show_json_error(struct session *s, const char *text, size_t len,
		     const struct cmd_entry *e, const char *msg)
{
	json_object *o = jline(s, text, len, e);

	put(o, "status", json_object_new_string("error"));
	put(o, "message", jtext(msg));
	emit(s, o);
}

void show_json_summary(FILE *out, int expectations, int files, int passed,
		       int not_run)
{
	json_object *o = json_object_new_object(), *sum;

	sum = json_object_new_object();
	put(sum, "expectations", json_object_new_int(expectations));
	put(sum, "files", json_object_new_int(files));
	put(sum, "passed", json_object_new_int(passed));
	put(sum, "failed", json_object_new_int(files - passed));
	put(sum, "not_run", json_object_new_int(not_run));
	put(o, "summary", sum);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}
