/* byteorder.c - byte order and address layout, formatted for learners. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "byteorder.h"
#include "i18n.h"

#define BYTES_PER_ROW 8	/* bytes per line in the sockaddr table */

void byteorder_hex(struct sbuf *out, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		sbuf_addf(out, "%s%02x", i ? " " : "", b[i]);
}

int byteorder_little_endian(void)
{
	union {
		int a;
		char c;
	} u;

	u.a = 1;
	return u.c == 1;
}

static const char *order_name(void)
{
	return byteorder_little_endian() ? _("little-endian") : _("big-endian");
}

static int fn_is16(enum byteorder_fn fn)
{
	return fn == BO_HTONS || fn == BO_NTOHS;
}

static int fn_is_hton(enum byteorder_fn fn)
{
	return fn == BO_HTONS || fn == BO_HTONL;
}

const char *byteorder_fn_name(enum byteorder_fn fn)
{
	static const char *const names[] = { "htons", "htonl", "ntohs",
					     "ntohl" };

	return names[fn];
}

unsigned long byteorder_fn_max(enum byteorder_fn fn)
{
	return fn_is16(fn) ? 0xffffUL : 0xffffffffUL;
}

unsigned long byteorder_apply(enum byteorder_fn fn, unsigned long v)
{
	switch (fn) {
	case BO_HTONS: return htons((uint16_t)v);
	case BO_NTOHS: return ntohs((uint16_t)v);
	case BO_HTONL: return htonl((uint32_t)v);
	case BO_NTOHL: return ntohl((uint32_t)v);
	}
	return v;
}

/* The bytes of v as a uint16_t or uint32_t stored in this host's memory. */
static void value_bytes(struct sbuf *out, int is16, unsigned long v)
{
	uint16_t s = (uint16_t)v;
	uint32_t l = (uint32_t)v;

	if (is16)
		byteorder_hex(out, &s, sizeof(s));
	else
		byteorder_hex(out, &l, sizeof(l));
}

/* "8001 = 0x1f41" with the width's digits. */
static void value_text(struct sbuf *out, int is16, unsigned long v)
{
	sbuf_addf(out, "%lu = 0x%0*lx", v, is16 ? 4 : 8, v);
}

/* What the kernel reads if v is stored without htons/htonl. */
static void forgotten(struct sbuf *out, int is16, unsigned long v)
{
	uint16_t s = (uint16_t)v;
	uint32_t l = (uint32_t)v;
	const unsigned char *b = (const void *)&l;

	if (is16) {
		sbuf_add(out, _("  forget htons() and the kernel reads the bytes "));
		byteorder_hex(out, &s, sizeof(s));
		sbuf_addf(out, _(" in network order: port %u, not %lu"),
			  ntohs(s), v);
		return;
	}
	sbuf_add(out, _("  forget htonl() and the kernel reads the bytes "));
	byteorder_hex(out, &l, sizeof(l));
	sbuf_addf(out, _(" in network order: address %u.%u.%u.%u, not %lu.%lu.%lu.%lu"),
		  b[0], b[1], b[2], b[3], (unsigned long)(l >> 24),
		  (unsigned long)(l >> 16) & 0xff, (unsigned long)(l >> 8) & 0xff,
		  (unsigned long)l & 0xff);
}

void byteorder_explain_fn(struct sbuf *out, enum byteorder_fn fn,
			  unsigned long v, const char *arrow)
{
	int is16 = fn_is16(fn), hton = fn_is_hton(fn);
	unsigned long r = byteorder_apply(fn, v);
	const char *name = byteorder_fn_name(fn);

	sbuf_add(out, _("  before: "));
	value_text(out, is16, v);
	sbuf_addf(out, _("  bytes in memory: "));
	value_bytes(out, is16, v);
	sbuf_addf(out, hton ? _("  (host order, %s)\n")
			    : _("  (as stored in a network-order field)\n"),
		  order_name());
	sbuf_add(out, _("  after:  "));
	value_text(out, is16, r);
	sbuf_addf(out, _("  bytes in memory: "));
	value_bytes(out, is16, r);
	sbuf_add(out, hton ? _("  (network order: most significant byte first)\n")
			   : _("  (host order)\n"));
	if (!byteorder_little_endian()) {
		sbuf_addf(out, _("  this host is big-endian: host order already is network order, so %s changes nothing"),
			  name);
		return;
	}
	if (r == v) {
		sbuf_addf(out, _("  the value 0x%0*lx reads the same in both orders: its bytes are symmetric"),
			  is16 ? 4 : 8, v);
		return;
	}
	sbuf_addf(out, _("  the value 0x%0*lx %s 0x%0*lx (= %lu when read back in host order): %s swapped the bytes\n"),
		  is16 ? 4 : 8, v, arrow, is16 ? 4 : 8, r, r, name);
	if (hton)
		forgotten(out, is16, v);
	else
		sbuf_addf(out, _("  a network-order field holding the bytes of %lu means %lu: %s gives the number to print"),
			  v, r, name);
}

void byteorder_range_error(struct sbuf *out, enum byteorder_fn fn, long v)
{
	int is16 = fn_is16(fn);
	unsigned long max = byteorder_fn_max(fn);

	sbuf_addf(out, _("%s takes a %s, a whole number from 0 to %lu: "),
		  byteorder_fn_name(fn), is16 ? "uint16_t" : "uint32_t", max);
	if (v < 0)
		sbuf_addf(out, _("%ld is negative; C would silently convert it to %lu = 0x%0*lx"),
			  v, (unsigned long)v & max, is16 ? 4 : 8,
			  (unsigned long)v & max);
	else
		sbuf_addf(out, _("%ld does not fit in %d bits; C would silently keep the low bits, %lu = 0x%0*lx"),
			  v, is16 ? 16 : 32, (unsigned long)v & max,
			  is16 ? 4 : 8, (unsigned long)v & max);
	if (is16)
		sbuf_add(out, _("\n(a port is 16 bits: 0 to 65535)"));
}

void byteorder_explain_endian(struct sbuf *out)
{
	union {
		int a;
		char c;
		unsigned char b[sizeof(int)];
	} u;
	uint32_t pic = 0x01020304;
	unsigned char be[4] = { 1, 2, 3, 4 }, le[4] = { 4, 3, 2, 1 };
	int little;

	memset(&u, 0, sizeof(u));
	u.a = 1;
	little = u.c == 1;
	sbuf_add(out, "  union { int a; char c; } u;\n  u.a = 1;\n");
	sbuf_add(out, _("  bytes of u in memory, lowest address first: "));
	byteorder_hex(out, u.b, sizeof(u.b));
	sbuf_addf(out, _("\n  u.c = %d: c shares the first byte of a, which holds %s byte\n"),
		  u.c, little ? _("the least significant") : _("the most significant"));
	sbuf_addf(out, _("  verdict: this host is %s\n"), order_name());
	sbuf_add(out, _("  0x01020304 stored at address p:\n"));
	sbuf_add(out, "                  p+0 p+1 p+2 p+3\n");
	sbuf_addf(out, _("  little-endian:  %02x  %02x  %02x  %02x   least significant byte first%s\n"),
		  le[0], le[1], le[2], le[3], little ? _(" (this host)") : "");
	sbuf_addf(out, _("  big-endian:     %02x  %02x  %02x  %02x   most significant byte first = network byte order%s\n"),
		  be[0], be[1], be[2], be[3], little ? "" : _(" (this host)"));
	sbuf_add(out, _("  here: "));
	byteorder_hex(out, &pic, sizeof(pic));
	sbuf_add(out, _("\n  so every port and address in a sockaddr goes through htons/htonl"));
}

/* What is special about an IPv4 address, as a short note, or NULL. */
static const char *in4_note(uint32_t h)
{
	if (h == INADDR_ANY)
		return _("INADDR_ANY: bind to every local address");
	if (h == INADDR_BROADCAST)
		return _("INADDR_BROADCAST; inet_addr() also returns this value (INADDR_NONE) for bad text, one reason to prefer inet_pton");
	if ((h >> 24) == 127)
		return _("a loopback address (127.0.0.0/8): this host only");
	if ((h >> 28) == 0xe)
		return _("a multicast address (224.0.0.0/4)");
	if ((h >> 24) == 10 || (h >> 20) == 0xac1 || (h >> 16) == 0xc0a8)
		return _("a private address (RFC 1918)");
	return NULL;
}

static const char *in6_note(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_UNSPECIFIED(a))
		return _("in6addr_any (::): bind to every local address");
	if (IN6_IS_ADDR_LOOPBACK(a))
		return _("in6addr_loopback (::1): this host only");
	if (IN6_IS_ADDR_V4MAPPED(a))
		return _("IPv4-mapped (::ffff:a.b.c.d): how an AF_INET6 socket sees an IPv4 peer; the last 4 bytes are the IPv4 address");
	if (IN6_IS_ADDR_LINKLOCAL(a))
		return _("link-local (fe80::/10): needs sin6_scope_id, the interface");
	if (IN6_IS_ADDR_MULTICAST(a))
		return _("multicast (ff00::/8)");
	return NULL;
}

static void explain_in4(struct sbuf *out, const unsigned char *bin)
{
	uint32_t s;
	const char *note;

	memcpy(&s, bin, sizeof(s));
	sbuf_add(out, _("  struct in_addr, 4 bytes in memory: "));
	byteorder_hex(out, bin, 4);
	sbuf_addf(out, _("  (network order: %u first)\n"), bin[0]);
	sbuf_addf(out, _("  s_addr as a host-order integer:    %lu = 0x%08lx  (what printf(\"%%u\", addr.s_addr) shows on this %s host)\n"),
		  (unsigned long)s, (unsigned long)s, order_name());
	sbuf_addf(out, _("  s_addr as a network-order integer: %lu = 0x%08lx  (ntohl(addr.s_addr): %u<<24 | %u<<16 | %u<<8 | %u)"),
		  (unsigned long)ntohl(s), (unsigned long)ntohl(s), bin[0],
		  bin[1], bin[2], bin[3]);
	note = in4_note(ntohl(s));
	if (note)
		sbuf_addf(out, "\n  %s", note);
}

static void explain_in6(struct sbuf *out, const unsigned char *bin)
{
	struct in6_addr a;
	const char *note;
	int i;

	memcpy(&a, bin, sizeof(a));
	sbuf_add(out, _("  struct in6_addr, 16 bytes in memory: "));
	byteorder_hex(out, bin, 8);
	sbuf_add(out, "\n                                       ");
	byteorder_hex(out, bin + 8, 8);
	sbuf_add(out, _("\n  as eight 16-bit groups, network order: "));
	for (i = 0; i < 8; i++)
		sbuf_addf(out, "%s%02x%02x", i ? ":" : "", bin[2 * i],
			  bin[2 * i + 1]);
	note = in6_note(&a);
	if (note)
		sbuf_addf(out, "\n  %s", note);
	if (IN6_IS_ADDR_V4MAPPED(&a))
		sbuf_addf(out, " (%u.%u.%u.%u)", bin[12], bin[13], bin[14],
			  bin[15]);
}

void byteorder_explain_addr(struct sbuf *out, int af, const void *bin)
{
	if (af == AF_INET)
		explain_in4(out, bin);
	else if (af == AF_INET6)
		explain_in6(out, bin);
}

/* Why text is not a dotted quad: the first problem found. */
static void why_in4(struct sbuf *out, const char *text)
{
	const char *p = text;
	int parts = 0;

	if (*text == '\0') {
		sbuf_add(out, _("  the text is empty"));
		return;
	}
	if (strchr(text, ':')) {
		sbuf_add(out, _("  this looks like IPv6 text: use inet_pton inet6 (AF_INET6)"));
		return;
	}
	while (*p) {
		const char *start = p;
		unsigned long v = 0;

		while (isdigit((unsigned char)*p)) {
			if (v <= 1000)
				v = v * 10 + (unsigned long)(*p - '0');
			p++;
		}
		if (*p != '.' && *p != '\0') {
			sbuf_addf(out, _("  '%c' is not a digit or a dot: inet_pton reads only dotted decimal (resolve names with getaddrinfo)"),
				  *p);
			return;
		}
		if (p == start) {
			sbuf_add(out, _("  an empty part: every part between the dots must be a number"));
			return;
		}
		if (v > 255) {
			sbuf_addf(out, _("  %.*s is more than 255: each part is one byte (0 to 255)"),
				  (int)(p - start), start);
			return;
		}
		if (*start == '0' && p - start > 1) {
			sbuf_addf(out, _("  %.*s has a leading zero: inet_pton refuses it (it could mean octal)"),
				  (int)(p - start), start);
			return;
		}
		parts++;
		if (*p == '.')
			p++;
	}
	if (p[-1] == '.')
		sbuf_add(out, _("  the text ends with a dot: an empty last part"));
	else if (parts != 4)
		sbuf_addf(out,
			  ngettext("  %d part, but inet_pton wants exactly four, a.b.c.d (the old inet_aton would read 1.2.3 as 1.2.0.3)",
				   "  %d parts, but inet_pton wants exactly four, a.b.c.d (the old inet_aton would read 1.2.3 as 1.2.0.3)",
				   (unsigned long)parts),
			  parts);
	else
		sbuf_add(out, _("  not a dotted-decimal IPv4 address"));
}

static void why_in6(struct sbuf *out, const char *text)
{
	const char *p, *dc = strstr(text, "::");
	size_t run = 0;

	if (*text == '\0') {
		sbuf_add(out, _("  the text is empty"));
		return;
	}
	if (strchr(text, ':') == NULL && strchr(text, '.')) {
		sbuf_add(out, _("  this looks like IPv4 text: use inet_pton inet (AF_INET), or write it IPv4-mapped, ::ffff:1.2.3.4"));
		return;
	}
	if (dc && strstr(dc + 1, "::")) {
		sbuf_add(out, _("  '::' appears twice: it may stand for one run of zero groups only"));
		return;
	}
	for (p = text; *p; p++) {
		if (*p == ':') {
			run = 0;
		} else if (*p == '.') {
			break;	/* IPv4 tail: see the general text */
		} else if (!isxdigit((unsigned char)*p)) {
			sbuf_addf(out, _("  '%c' is not a hex digit, ':' or '.': write IPv6 without brackets or port (::1, not [::1]:80)"),
				  *p);
			return;
		} else if (++run > 4) {
			sbuf_add(out, _("  a group has more than 4 hex digits: each group is 16 bits"));
			return;
		}
	}
	sbuf_add(out, _("  not a valid IPv6 address: eight groups of up to 4 hex digits joined by ':', one '::' for a run of zeros, an IPv4 tail allowed (::ffff:1.2.3.4)"));
}

void byteorder_pton_why(struct sbuf *out, int af, const char *text)
{
	if (af == AF_INET)
		why_in4(out, text);
	else
		why_in6(out, text);
}

/* Keep the hex digits of word; 0 if anything else but separators. */
static int hex_digits(const char *word, char *digits, size_t cap)
{
	size_t n = 0;
	const char *p = word;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; *p; p++) {
		if (strchr(" :-._", *p))
			continue;
		if (!isxdigit((unsigned char)*p) || n + 1 >= cap)
			return 0;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	return 1;
}

static int all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int byteorder_parse_bin(const char *word, int af, unsigned char *bin,
			struct sbuf *err)
{
	size_t want = af == AF_INET ? 4 : 16, i;
	char digits[80], pair[3] = { 0 };
	int is_int = all_digits(word) ||
		     (word[0] == '0' && (word[1] == 'x' || word[1] == 'X'));

	if (af == AF_INET && is_int) {
		long v;
		uint32_t s;

		if (parse_long(word, 0, 0xffffffffL, &v) < 0) {
			sbuf_addf(err, _("bad address number '%s': an IPv4 address is a 32-bit number, 0 to 4294967295 (0xffffffff)"),
				  word);
			return -1;
		}
		s = htonl((uint32_t)v);
		memcpy(bin, &s, sizeof(s));
		return 0;
	}
	if (!hex_digits(word, digits, sizeof(digits)) ||
	    strlen(digits) != 2 * want) {
		if (af == AF_INET)
			sbuf_addf(err, _("bad address '%s': give a number (3232238208 or 0xc0a80a80) or the 4 bytes in hex (c0a80a80, \"c0 a8 0a 80\")"),
				  word);
		else
			sbuf_addf(err, _("bad address '%s': give the 16 bytes as 32 hex digits (00000000000000000000ffff01020304)"),
				  word);
		return -1;
	}
	for (i = 0; i < want; i++) {
		pair[0] = digits[2 * i];
		pair[1] = digits[2 * i + 1];
		bin[i] = (unsigned char)strtoul(pair, NULL, 16);
	}
	return 1;
}

/* One table row: field, offset, size, bytes (8 per line), meaning. */
static void row(struct sbuf *out, const char *field, size_t off, size_t size,
		const unsigned char *base, size_t shown, const char *meaning)
{
	size_t i, n;

	sbuf_addf(out, "\n  %-16s %6zu %5zu  ", field, off, size);
	for (i = 0; i < shown || i == 0; i += BYTES_PER_ROW) {
		n = shown - i < BYTES_PER_ROW ? shown - i : BYTES_PER_ROW;
		if (i)
			sbuf_addf(out, "\n  %-16s %6s %5s  ", "", "", "");
		byteorder_hex(out, base + off + i, n);
		if (i == 0 && meaning && *meaning)
			sbuf_addf(out, "%*s  %s",
				  (int)(3 * BYTES_PER_ROW - 1 - (3 * n - 1)),
				  "", meaning);
	}
}

/* The titles of the sockaddr table, padded by display width (a CJK
 * character takes two columns). */
static void table_head(struct sbuf *out, const char *type, socklen_t len)
{
	sbuf_addf(out, _("  struct %s, %u bytes, as bind/connect would pass it:\n"),
		  type, (unsigned int)len);
	sbuf_add(out, "  ");
	i18n_pad(out, _("field"), 16, 0);
	sbuf_addc(out, ' ');
	i18n_pad(out, _("offset"), 6, 1);
	sbuf_addc(out, ' ');
	i18n_pad(out, _("size"), 5, 1);
	sbuf_add(out, "  ");
	i18n_pad(out, _("bytes"), 23, 0);
	sbuf_add(out, "  ");
	sbuf_add(out, _("meaning"));
}

/* The line on what a forgotten (or deliberate) missing htons() does. */
static void port_lines(struct sbuf *out, const unsigned char *portp,
		       int no_htons)
{
	uint16_t field, typed, wrong;

	memcpy(&field, portp, sizeof(field));
	typed = no_htons ? field : ntohs(field);
	wrong = ntohs(typed);	/* the typed number stored in host order */
	if (typed == 0) {
		sbuf_add(out, _("\n  port 0: the kernel picks a free port; byte order cannot matter for 0"));
		return;
	}
	if (no_htons) {
		sbuf_addf(out, _("\n  stored without htons(): the field holds %u in host order, bytes "),
			  typed);
		byteorder_hex(out, &field, sizeof(field));
		sbuf_addf(out, _(";\n  the kernel reads the field in network order, so it uses port %u%s"),
			  wrong, wrong == typed ? _(" (the same: symmetric bytes)")
						: _(", not the one you meant"));
		return;
	}
	sbuf_addf(out, _("\n  without htons() the field would hold bytes "));
	byteorder_hex(out, &typed, sizeof(typed));
	sbuf_addf(out, _(" and the kernel would use port %u%s"), wrong,
		  wrong == typed ? _(" (the same: symmetric bytes)")
				 : _(" instead of ") );
	if (wrong != typed)
		sbuf_addf(out, "%u", typed);
}

static void layout_in4(struct sbuf *out, const struct sockaddr_in *in,
		       socklen_t len, int no_htons)
{
	const unsigned char *b = (const void *)in;
	char buf[96], ip[INET_ADDRSTRLEN];
	uint16_t port = no_htons ? in->sin_port : ntohs(in->sin_port);

	table_head(out, "sockaddr_in", len);
	snprintf(buf, sizeof(buf), _("AF_INET = %d, host order"), AF_INET);
	row(out, "sin_family", offsetof(struct sockaddr_in, sin_family),
	    sizeof(in->sin_family), b, sizeof(in->sin_family), buf);
	snprintf(buf, sizeof(buf), no_htons ? _("%u, no htons(): host order!")
					    : _("htons(%u): network order"),
		 port);
	row(out, "sin_port", offsetof(struct sockaddr_in, sin_port),
	    sizeof(in->sin_port), b, sizeof(in->sin_port), buf);
	inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
	snprintf(buf, sizeof(buf), _("%s, network order"), ip);
	row(out, "sin_addr.s_addr", offsetof(struct sockaddr_in, sin_addr),
	    sizeof(in->sin_addr), b, sizeof(in->sin_addr), buf);
	row(out, "sin_zero", offsetof(struct sockaddr_in, sin_zero),
	    sizeof(in->sin_zero), b, sizeof(in->sin_zero),
	    _("padding, must be zero"));
	port_lines(out, b + offsetof(struct sockaddr_in, sin_port), no_htons);
}

static void layout_in6(struct sbuf *out, const struct sockaddr_in6 *in6,
		       socklen_t len, int no_htons)
{
	const unsigned char *b = (const void *)in6;
	char buf[96], ip[INET6_ADDRSTRLEN];
	uint16_t port = no_htons ? in6->sin6_port : ntohs(in6->sin6_port);

	table_head(out, "sockaddr_in6", len);
	snprintf(buf, sizeof(buf), _("AF_INET6 = %d, host order"), AF_INET6);
	row(out, "sin6_family", offsetof(struct sockaddr_in6, sin6_family),
	    sizeof(in6->sin6_family), b, sizeof(in6->sin6_family), buf);
	snprintf(buf, sizeof(buf), no_htons ? _("%u, no htons(): host order!")
					    : _("htons(%u): network order"),
		 port);
	row(out, "sin6_port", offsetof(struct sockaddr_in6, sin6_port),
	    sizeof(in6->sin6_port), b, sizeof(in6->sin6_port), buf);
	row(out, "sin6_flowinfo", offsetof(struct sockaddr_in6, sin6_flowinfo),
	    sizeof(in6->sin6_flowinfo), b, sizeof(in6->sin6_flowinfo),
	    _("flow label, usually 0"));
	inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
	snprintf(buf, sizeof(buf), "%s", ip);
	row(out, "sin6_addr", offsetof(struct sockaddr_in6, sin6_addr),
	    sizeof(in6->sin6_addr), b, sizeof(in6->sin6_addr), buf);
	if (in6->sin6_scope_id)
		snprintf(buf, sizeof(buf), _("interface %u, host order"),
			 in6->sin6_scope_id);
	else
		snprintf(buf, sizeof(buf), _("interface, for link-local"));
	row(out, "sin6_scope_id", offsetof(struct sockaddr_in6, sin6_scope_id),
	    sizeof(in6->sin6_scope_id), b, sizeof(in6->sin6_scope_id), buf);
	port_lines(out, b + offsetof(struct sockaddr_in6, sin6_port),
		   no_htons);
}

static void layout_un(struct sbuf *out, const struct sockaddr_un *un,
		      socklen_t len)
{
	const unsigned char *b = (const void *)un;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	size_t used = len > off ? len - off : 0;
	char buf[64];

	table_head(out, "sockaddr_un", (socklen_t)sizeof(*un));
	snprintf(buf, sizeof(buf), _("AF_UNIX = %d, host order"), AF_UNIX);
	row(out, "sun_family", offsetof(struct sockaddr_un, sun_family),
	    sizeof(un->sun_family), b, sizeof(un->sun_family), buf);
	row(out, "sun_path", off, sizeof(un->sun_path), b, used,
	    used && un->sun_path[0] == '\0' ? _("abstract: a NUL, then the name")
					    : _("the path, ending in NUL"));
	sbuf_addf(out, _("\n  addrlen = %u: offsetof(struct sockaddr_un, sun_path) + %zu bytes used; the other %zu are not looked at"),
		  (unsigned int)len, used, sizeof(un->sun_path) - used);
	sbuf_add(out, _("\n  no port and no byte order here: a path names the socket"));
}

void byteorder_explain_sockaddr(struct sbuf *out, const struct sockaddr *sa,
				socklen_t len, int no_htons)
{
	switch (sa->sa_family) {
	case AF_INET:
		layout_in4(out, (const void *)sa, len, no_htons);
		break;
	case AF_INET6:
		layout_in6(out, (const void *)sa, len, no_htons);
		break;
	case AF_UNIX:
		layout_un(out, (const void *)sa, len);
		break;
	default:
		sbuf_addf(out, _("  (family %d: no layout known)"), sa->sa_family);
	}
}
