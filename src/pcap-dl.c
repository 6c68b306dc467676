/* pcap-dl.c - libpcap, loaded when trace is first turned on. */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>

#include "pcap-dl.h"

struct pcap_api pcap_api;

/* The library's names, newest first: Debian's soname, then others'. */
static const char *const names[] = {
	"libpcap.so.0.8", "libpcap.so.1", "libpcap.so",
};

/* Each function by name, where pcap_api keeps it. */
#define API(f) { "pcap_" #f, (void **)&pcap_api.f }
static const struct {
	const char *name;
	void **slot;
} funcs[] = {
	API(create), API(set_snaplen), API(set_immediate_mode),
	API(set_timeout), API(activate), API(geterr), API(setnonblock),
	API(datalink), API(close), API(compile), API(setfilter),
	API(freecode), API(get_selectable_fd), API(dispatch),
};

int pcap_api_load(char *err, size_t n)
{
	static void *lib;
	size_t i;

	if (lib)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !lib; i++)
		lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		snprintf(err, n, "cannot load libpcap: %s", dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		*funcs[i].slot = dlsym(lib, funcs[i].name);
		if (*funcs[i].slot == NULL) {
			snprintf(err, n, "libpcap lacks %s", funcs[i].name);
			dlclose(lib);
			lib = NULL;
			return -1;
		}
	}
	return 0;
}
