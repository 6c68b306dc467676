/* cmd-byteorder.c - endian, htons/htonl/ntohs/ntohl, inet_pton, inet_ntop,
 * sockaddr: byte order and address layout made visible. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "addr.h"
#include "byteorder.h"
#include "cmd.h"
#include "consts.h"
#include "i18n.h"

/* Keep a copy of bytes as the record's data, for => "\x1f\x41". */
static void set_data(struct record *r, const void *p, size_t n)
{
	r->data = xmalloc(n ? n : 1);
	memcpy(r->data, p, n);
	r->datalen = n;
	r->has_data = 1;
}

/* A binary address of family af as an address fact's parameter. */
static void addr_fact(struct record *r, int af, const unsigned char *bin)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (void *)&ss;
	struct sockaddr_in6 *in6 = (void *)&ss;
	socklen_t len = af == AF_INET ? sizeof(*in) : sizeof(*in6);

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	if (af == AF_INET)
		memcpy(&in->sin_addr, bin, 4);
	else
		memcpy(&in6->sin6_addr, bin, 16);
	record_fact(r, FACT_ADDR_BYTES, FP_ADDR, &ss, len, -1);
}

static int endian_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;

	record_fact(r, FACT_ENDIAN, -1);
	/* u.c: 1 on a little-endian host, so "endian => 1" checks it. */
	record_result(r, byteorder_little_endian(), 0);
	return CMD_OK;
}

static const struct cmd_entry endian_entry = {
	.name = "endian",
	.summary = N_("is this host little- or big-endian? the union { int a; char c; } test"),
	.help = N_("Stores 1 in an int that shares its memory with a char, and reads\n"
		"the char back: 1 means the low-order byte comes first in memory\n"
		"(little-endian: x86, most ARM), 0 means big-endian, the order the\n"
		"network uses. Shows the union's bytes and 0x01020304 both ways.\n"
		"Its result is u.c, so a script can check: endian => 1."),
	.args = cmd_no_args,
	.exec = endian_exec,
};

/* N of htons, ntohs, ntohl: a number, parsed by conv_exec() for its
 * messages; htonl's also takes INADDR_ANY and the like. */
static const struct cmd_arg conv_args[] = {
	{ .kind = ARG_WORD, .name = "N" },
	{ .kind = ARG_END },
};

static const struct cmd_arg htonl_args[] = {
	{ .kind = ARG_WORD, .name = "N", .complete = "inaddr" },
	{ .kind = ARG_END },
};

static int conv_exec(struct cmd_ctx *ctx, enum byteorder_fn fn)
{
	struct record *r = ctx->rec;
	const char *name = byteorder_fn_name(fn), *word = ctx->arg[0].str;
	int is16 = fn == BO_HTONS || fn == BO_NTOHS;
	unsigned long res;
	uint16_t s;
	uint32_t l;
	long v;
	int named = 0;

	if (parse_long(word, LONG_MIN, LONG_MAX, &v) < 0 &&
	    (is16 || !(named = consts_name_value(&consts_inaddr, word,
						 &v) == 0)))
		return cmd_error(ctx, _("bad number '%s': write it in decimal (8001) or hex (0x1f41)%s"),
				 word,
				 is16 ? "" : ", or INADDR_ANY, INADDR_LOOPBACK");
	if (v < 0 || (unsigned long)v > byteorder_fn_max(fn)) {
		byteorder_range_error(ctx->err, fn, v);
		return CMD_ERROR;
	}
	res = byteorder_apply(fn, (unsigned long)v);
	r->call = name;
	r->ret_type = is16 ? "uint16_t" : "uint32_t";
	r->ret_var = fn == BO_HTONS || fn == BO_HTONL ? "net" : "host";
	sbuf_add(&r->args, named ? consts_name(&consts_inaddr, v) : word);
	record_result(r, (long)res, 0);
	s = (uint16_t)res;
	l = (uint32_t)res;
	if (is16)
		set_data(r, &s, sizeof(s));
	else
		set_data(r, &l, sizeof(l));
	record_fact(r, FACT_CONV, FP_INT, (long)fn, FP_INT, v, FP_INT,
		    (long)ctx->s->opt.utf8, -1);
	return CMD_OK;
}

static int htons_exec(struct cmd_ctx *ctx)
{
	return conv_exec(ctx, BO_HTONS);
}

static int htonl_exec(struct cmd_ctx *ctx)
{
	return conv_exec(ctx, BO_HTONL);
}

static int ntohs_exec(struct cmd_ctx *ctx)
{
	return conv_exec(ctx, BO_NTOHS);
}

static int ntohl_exec(struct cmd_ctx *ctx)
{
	return conv_exec(ctx, BO_NTOHL);
}

/* Each help says it whole: gettext sees no macro (CONV_HELP was one). */
static const struct cmd_entry htons_entry = {
	.name = "htons",
	.summary = N_("host to network order, 16 bits: what a port needs before bind"),
	.help = N_("Shows N (0 to 65535, decimal or 0x hex) in decimal and hex and its\n"
		"two bytes in memory, before and after htons(). On a little-endian\n"
		"host htons(8001) swaps 41 1f into 1f 41; forget it and the server\n"
		"listens on port 16671. "
		"Its result is the converted value (=> 16671); its bytes in memory\n"
		"can be checked too (=> \"\\x1f\\x41\")."),
	.args = conv_args,
	.exec = htons_exec,
};

static const struct cmd_entry htonl_entry = {
	.name = "htonl",
	.summary = N_("host to network order, 32 bits: for s_addr (htonl(INADDR_ANY))"),
	.help = N_("Shows N (0 to 4294967295, decimal or 0x hex) and its four bytes in\n"
		"memory before and after htonl(). "
		"Its result is the converted value (=> 16671); its bytes in memory\n"
		"can be checked too (=> \"\\x1f\\x41\")."),
	.args = htonl_args,
	.exec = htonl_exec,
};

static const struct cmd_entry ntohs_entry = {
	.name = "ntohs",
	.summary = N_("network to host order, 16 bits: read a port out of a sockaddr"),
	.help = N_("N is the value of a network-order field as this host reads it\n"
		"(addr.sin_port); ntohs() gives the port a person means. "
		"Its result is the converted value (=> 16671); its bytes in memory\n"
		"can be checked too (=> \"\\x1f\\x41\")."),
	.args = conv_args,
	.exec = ntohs_exec,
};

static const struct cmd_entry ntohl_entry = {
	.name = "ntohl",
	.summary = N_("network to host order, 32 bits: read s_addr as a number"),
	.help = N_("N is the value of a network-order field as this host reads it\n"
		"(addr.sin_addr.s_addr); ntohl() gives the number the address stands\n"
		"for. "
		"Its result is the converted value (=> 16671); its bytes in memory\n"
		"can be checked too (=> \"\\x1f\\x41\")."),
	.args = conv_args,
	.exec = ntohl_exec,
};

/* [inet|inet6] TEXT of inet_pton, [inet|inet6] NUMBER of inet_ntop: the
 * family is guessed when left out. */
static const struct cmd_arg pton_args[] = {
	{ .kind = ARG_CONST, .name = "inet|inet6", .set = &consts_domain,
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_DATA, .name = "TEXT" },
	{ .kind = ARG_END },
};

static const struct cmd_arg ntop_args[] = {
	{ .kind = ARG_CONST, .name = "inet|inet6", .set = &consts_domain,
	  .flags = ARG_OPTIONAL },
	{ .kind = ARG_WORD, .name = "NUMBER|HEXBYTES" },
	{ .kind = ARG_END },
};

static int pton_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	const struct cmd_val *text = &ctx->arg[1];
	unsigned char bin[16];
	long af = ctx->arg[0].given ? ctx->arg[0].num
		  : strchr(text->str, ':') ? AF_INET6 : AF_INET;
	int ret;

	r->call = "inet_pton";
	r->ret_type = "int";
	sbuf_add(&r->setup, af == AF_INET ? "struct in_addr addr;"
			    : af == AF_INET6 ? "struct in6_addr addr;"
					     : "unsigned char addr[16];");
	consts_format(&consts_domain, af, &r->args);
	sbuf_add(&r->args, ", \"");
	parse_quote_c(&r->args, text->str, text->len);
	sbuf_add(&r->args, "\", &addr");
	memset(bin, 0, sizeof(bin));
	ret = inet_pton((int)af, text->str, bin);
	record_result(r, ret, errno);
	if (ret == 1) {
		set_data(r, bin, af == AF_INET ? 4 : 16);
		addr_fact(r, (int)af, bin);
	} else if (ret == 0) {
		record_fact(r, FACT_PTON_ZERO, FP_INT, af, FP_BYTES,
			    (const unsigned char *)text->str,
			    strlen(text->str), -1);
	}
	return CMD_OK;
}

static const struct cmd_entry pton_entry = {
	.name = "inet_pton",
	.alias = "pton",
	.summary = N_("text to binary address: its bytes and s_addr as integers"),
	.help = N_("Converts 192.168.10.128 (or ::1, ::ffff:1.2.3.4) into the struct\n"
		"in_addr (in6_addr) a sockaddr holds, and shows its bytes in memory\n"
		"(network order) and s_addr read as a host-order and a network-order\n"
		"integer. Returns 1; 0 for text that is not an address (explained),\n"
		"-1 EAFNOSUPPORT for a family other than inet and inet6. The family\n"
		"is guessed from the text when left out. => \"\\xc0\\xa8\\x0a\\x80\"\n"
		"checks the bytes."),
	.args = pton_args,
	.exec = pton_exec,
};

/* The C that builds the binary address the way the argument gave it. */
static void ntop_setup(struct record *r, int af, int form,
		       const unsigned char *bin)
{
	size_t n = af == AF_INET ? 4 : 16, i;
	uint32_t s;

	if (af == AF_INET && form == 0) {
		memcpy(&s, bin, sizeof(s));
		sbuf_addf(&r->setup, "struct in_addr addr = { .s_addr = htonl(0x%08lx) };\n",
			  (unsigned long)ntohl(s));
	} else {
		sbuf_addf(&r->setup, "struct %s addr;\nmemcpy(&addr, \"",
			  af == AF_INET ? "in_addr" : "in6_addr");
		for (i = 0; i < n; i++)
			sbuf_addf(&r->setup, "\\x%02x", bin[i]);
		sbuf_addf(&r->setup, "\", %zu);\n", n);
	}
	sbuf_addf(&r->setup, "char buf[%s];",
		  af == AF_INET ? "INET_ADDRSTRLEN" : "INET6_ADDRSTRLEN");
}

static int ntop_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	const char *val = ctx->arg[1].str;
	unsigned char bin[16];
	char buf[INET6_ADDRSTRLEN];
	struct sbuf scratch = SBUF_INIT;
	const char *p;
	long af = ctx->arg[0].given ? ctx->arg[0].num : AF_INET;
	int form;

	memset(bin, 0, sizeof(bin));
	if (!ctx->arg[0].given && byteorder_parse_bin(val, AF_INET6, bin,
						  &scratch) == 1)
		af = AF_INET6;	/* 32 hex digits: sixteen bytes */
	sbuf_free(&scratch);
	if (af != AF_INET && af != AF_INET6) {
		/* Let the real call refuse the family: EAFNOSUPPORT. */
		form = byteorder_parse_bin(val, AF_INET, bin, &scratch);
		if (form < 0)
			form = byteorder_parse_bin(val, AF_INET6, bin,
						   &scratch);
		sbuf_free(&scratch);
	} else {
		form = byteorder_parse_bin(val, (int)af, bin, ctx->err);
		if (form < 0)
			return CMD_ERROR;
	}
	r->call = "inet_ntop";
	r->ret_type = "const char *";
	ntop_setup(r, af == AF_INET ? AF_INET : AF_INET6, form, bin);
	consts_format(&consts_domain, af, &r->args);
	sbuf_add(&r->args, ", &addr, buf, sizeof(buf)");
	p = inet_ntop((int)af, bin, buf, sizeof(buf));
	if (p == NULL) {
		record_result(r, -1, errno);
		sbuf_add(&r->note, _("(returns NULL, errno set)"));
		return CMD_OK;
	}
	set_data(r, buf, strlen(buf));
	sbuf_addf(&r->note, "buf = \"%s\"", buf);
	addr_fact(r, (int)af, bin);
	if (af == AF_INET && form == 0)
		record_fact(r, FACT_NTOP_NUMBER, -1);
	return CMD_OK;
}

static const struct cmd_entry ntop_entry = {
	.name = "inet_ntop",
	.alias = "ntop",
	.summary = N_("binary address to text: 0xc0a80a80 or c0a80a80 -> 192.168.10.128"),
	.help = N_("Builds a struct in_addr (in6_addr) and converts it to text. For\n"
		"IPv4 give a number (3232238208 or 0xc0a80a80: the address's value,\n"
		"stored with htonl) or its 4 bytes in memory order as 8 hex digits\n"
		"(c0a80a80, \"c0 a8 0a 80\"); for IPv6 the 16 bytes as 32 hex\n"
		"digits. Try the s_addr a little-endian host prints (2148182208) to\n"
		"see what a missing ntohl does. => \"192.168.10.128\" checks the text."),
	.args = ntop_args,
	.exec = ntop_exec,
};

static const struct cmd_arg sockaddr_args[] = {
	{ .kind = ARG_ADDR, .name = "ADDR PORT" },
	{ .kind = ARG_FLAG, .name = "--no-htons" },
	{ .kind = ARG_END },
};

static int sockaddr_exec(struct cmd_ctx *ctx)
{
	struct record *r = ctx->rec;
	const struct addr *a = &ctx->arg[0].addr;
	int no_htons = (int)ctx->arg[1].num;

	/* The scope's name as typed ("lo"), from the record's own copy of
	 * the argument, which lives as long as the fact. */
	record_fact(r, FACT_SOCKADDR, FP_ADDR, &a->ss, a->len, FP_INT,
		    (long)no_htons, FP_INT, (long)a->typed_port, FP_BYTES,
		    (const unsigned char *)r->typed[0].addr.scope,
		    strlen(r->typed[0].addr.scope), -1);
	set_data(r, &a->ss, a->len);
	return CMD_OK;
}

static const struct cmd_entry sockaddr_entry = {
	.name = "sockaddr",
	.summary = N_("the bytes of the struct sockaddr_in/_in6/_un bind and connect pass"),
	.help = N_("Builds the address as a C program would (ADDR PORT, ADDR:PORT,\n"
		"[::1]:PORT, a path, @abstract, or a socket's name) and shows each\n"
		"field: offset, size, bytes in memory, meaning. It also shows the\n"
		"port the kernel would use had the port been stored without htons();\n"
		"--no-htons stores it that way. => \"\\x02\\x00...\" checks the bytes."),
	.args = sockaddr_args,
	.exec = sockaddr_exec,
};

const struct cmd_entry *const cmd_byteorder_entries[] = {
	&endian_entry, &htons_entry, &htonl_entry, &ntohs_entry,
	&ntohl_entry, &pton_entry, &ntop_entry, &sockaddr_entry, NULL,
};
