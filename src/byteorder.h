/* byteorder.h - byte order and address layout, formatted for learners. */
#ifndef SOCKREPL_BYTEORDER_H
#define SOCKREPL_BYTEORDER_H

#include <stddef.h>
#include <sys/socket.h>

#include "util.h"

/* Append n bytes as lower-case hex pairs separated by spaces: "41 1f". */
void byteorder_hex(struct sbuf *out, const void *p, size_t n);

/* 1 on a little-endian host, 0 on a big-endian one: the union test. */
int byteorder_little_endian(void);

/* Which conversion: the width (16 or 32 bits) and the direction. */
enum byteorder_fn { BO_HTONS, BO_HTONL, BO_NTOHS, BO_NTOHL };

/* "htons" for BO_HTONS, and so on. */
const char *byteorder_fn_name(enum byteorder_fn fn);
/* The largest argument fn takes: 65535 or 4294967295. */
unsigned long byteorder_fn_max(enum byteorder_fn fn);
/* Apply fn to v (already in range) as the C library does on this host. */
unsigned long byteorder_apply(enum byteorder_fn fn, unsigned long v);
/* Append the lines that explain fn(v): the value in decimal and hex
 * before and after, and its bytes in memory in order. Each line starts
 * with two spaces; no trailing newline. arrow: "->" or a UTF-8 arrow. */
void byteorder_explain_fn(struct sbuf *out, enum byteorder_fn fn,
			  unsigned long v, const char *arrow);
/* Append why v is out of range for fn (what C would silently do). */
void byteorder_range_error(struct sbuf *out, enum byteorder_fn fn, long v);

/* Append the union { int a; char c; } test with a = 1: the union's bytes,
 * c's value, the verdict, and 0x01020304 little- and big-endian. */
void byteorder_explain_endian(struct sbuf *out);

/* Append the lines describing a binary address of family af (AF_INET:
 * struct in_addr, AF_INET6: struct in6_addr): its bytes, and for IPv4
 * s_addr as a host-order and as a network-order integer. */
void byteorder_explain_addr(struct sbuf *out, int af, const void *bin);
/* Append why text is not an address of family af: the reason
 * inet_pton() returned 0 (one line, two-space indent). */
void byteorder_pton_why(struct sbuf *out, int af, const char *text);

/* Parse an inet_ntop argument: for AF_INET an integer (decimal or 0x hex:
 * the address as a number, stored with htonl) or 8 hex digits (the bytes
 * in memory, separators ' ' ':' '-' '.' allowed); for AF_INET6 32 hex
 * digits. Fills bin (4 or 16 bytes). Returns 0 for the integer form, 1
 * for the bytes form, -1 with a one-line message in err. */
int byteorder_parse_bin(const char *word, int af, unsigned char *bin,
			struct sbuf *err);

/* Append the memory layout of a sockaddr_in, sockaddr_in6 or sockaddr_un
 * of len bytes: a table of field, offset, size, bytes and meaning, and
 * what the port would be if it were stored without htons() (no_htons:
 * sa's port already is stored that way). */
void byteorder_explain_sockaddr(struct sbuf *out, const struct sockaddr *sa,
				socklen_t len, int no_htons);

#endif
