/* check_pty_lesson.c - drives a lesson interactively on a pseudo-terminal
 * (stub until the lesson runner lands). */
#include "config.h"

#include <stdlib.h>

int main(void)
{
	return 77;	/* skipped: automake's code for SKIP */
}
