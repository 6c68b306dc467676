/* pcap-dl.h - libpcap, loaded when trace is first turned on. Linked at
 * start-up it would bring in libdbus, libsystemd and libgcrypt with it:
 * four times the start-up time and 1.3 MiB more memory for a shell that
 * mostly never traces. */
#ifndef SOCKREPL_PCAP_DL_H
#define SOCKREPL_PCAP_DL_H

#include <stddef.h>
#include <pcap/pcap.h>

struct pcap_api {
	pcap_t *(*create)(const char *, char *);
	int (*set_snaplen)(pcap_t *, int);
	int (*set_immediate_mode)(pcap_t *, int);
	int (*set_timeout)(pcap_t *, int);
	int (*activate)(pcap_t *);
	char *(*geterr)(pcap_t *);
	int (*setnonblock)(pcap_t *, int, char *);
	int (*datalink)(pcap_t *);
	void (*close)(pcap_t *);
	int (*compile)(pcap_t *, struct bpf_program *, const char *, int,
		       bpf_u_int32);
	int (*setfilter)(pcap_t *, struct bpf_program *);
	void (*freecode)(struct bpf_program *);
	int (*get_selectable_fd)(pcap_t *);
	int (*dispatch)(pcap_t *, int, pcap_handler, u_char *);
};

/* The functions, once pcap_api_load() has succeeded. */
extern struct pcap_api pcap_api;

/* Load libpcap (once). 0, or -1 with why it could not be loaded in
 * err (n bytes). */
int pcap_api_load(char *err, size_t n);

#endif
