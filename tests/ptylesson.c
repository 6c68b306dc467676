/* ptylesson.c - sockrepl on a pseudo-terminal with lessons of a test's
 * own. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ptylesson.h"

char ptyl_top[256];
const char *ptyl_lang = "C.UTF-8";
static int offer_wanted;

void ptyl_setup(const char *tag)
{
	tfile_mkdtemp(ptyl_top, sizeof(ptyl_top), tag);
	tfile_mkdir(ptyl_top, "lessons");
}

void ptyl_teardown(void)
{
	tfile_rmrf(ptyl_top);
}

void ptyl_write(const char *name, const char *text)
{
	tfile_write(ptyl_top, name, text);
}

void ptyl_mkdir(const char *name)
{
	tfile_mkdir(ptyl_top, name);
}

/* In the child: the test's lessons and state, its language, no other
 * locale variable, and the newcomer's offer only if wanted. */
static void child_env(void *arg)
{
	char lessons[300], state[300];

	(void)arg;
	snprintf(lessons, sizeof(lessons), "%s/lessons", ptyl_top);
	snprintf(state, sizeof(state), "%s/state", ptyl_top);
	setenv("XDG_STATE_HOME", state, 1);
	setenv("SOCKREPL_LESSONS", lessons, 1);
	setenv("LANG", ptyl_lang, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	if (offer_wanted)
		unsetenv("SOCKREPL_NO_OFFER");
	else
		setenv("SOCKREPL_NO_OFFER", "1", 1);
}

void ptyl_start(struct pty *p, const char *a1, const char *a2, int offer)
{
	char *argv[] = { NULL, (char *)"--color=never", (char *)a1,
			 (char *)a2, NULL };

	offer_wanted = offer;
	pty_spawn(p, argv, child_env, NULL);
}

void ptyl_lesson(struct pty *p, const char *which)
{
	ptyl_start(p, "--lesson", which, 0);
}

void ptyl_enter(struct pty *p, int n)
{
	while (n-- > 0) {
		EXPECT(p, "sock> ");
		pty_send(p, "\r");
	}
}

int ptyl_finish(struct pty *p, int in_shell)
{
	ssize_t n;

	/* Wait for the shell's prompt: a Ctrl-D typed before Readline has
	 * the terminal is lost in the switch to raw mode. */
	if (in_shell)
		EXPECT(p, "sock> ");
	else
		pty_expect(p, "sock> ");
	n = write(p->fd, "\004", 1);	/* fails if already gone */
	(void)n;
	return pty_wait(p);
}
