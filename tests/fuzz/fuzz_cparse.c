/* fuzz_cparse.c - libFuzzer harness: one input is C text, fed to the C
 * subset's parser and, when it parses and makes no socket (which could
 * wait), run on a fresh session, as a learner's paste would be. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cexec.h"
#include "cparse.h"
#include "session.h"
#include "sig.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf err = SBUF_INIT;
	struct exec_result res;
	struct cprog prog;
	struct session s;
	enum cparse_status st;
	char *text;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		if (devnull == NULL)
			abort();
		sig_init();
	}
	text = xstrndup((const char *)data, size);	/* as a line is */
	st = cparse(text, strlen(text), &prog, &err);
	cprog_free(&prog);
	cparse_is_c(text);
	if (st == CPARSE_OK && !strstr(text, "socket") &&
	    !strstr(text, "accept")) {
		session_init(&s, devnull);
		s.opt.block_timeout_ms = 50;
		exec_result_init(&res);
		cexec_run(&s, text, strlen(text), &res);
		exec_result_free(&res);
		session_free(&s);
	}
	free(text);
	sbuf_free(&err);
	return 0;
}
