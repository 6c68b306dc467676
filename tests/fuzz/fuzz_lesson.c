/* fuzz_lesson.c - libFuzzer harness: one input is one lesson file, fed to
 * the Markdown lesson parser; every parsed step is walked. */
#include <stdint.h>
#include <string.h>

#include "lesson.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf err = SBUF_INIT;
	struct lesson *l = NULL;
	size_t i, sum = 0;

	if (lesson_parse("fuzz.md", (const char *)data, size, &l, &err) == 0) {
		/* Touch every string the parser produced. */
		sum += strlen(l->title);
		for (i = 0; i < l->nsteps; i++) {
			sum += strlen(l->steps[i].command);
			if (l->steps[i].hint)
				sum += strlen(l->steps[i].hint);
			if (l->steps[i].before)
				sum += strlen(l->steps[i].before);
		}
		if (l->after)
			sum += strlen(l->after);
		lesson_free(l);
	}
	sbuf_free(&err);
	return sum == (size_t)-1;
}
