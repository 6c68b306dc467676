/* main.c - command-line options and the choice of mode; nothing else. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closeout.h"
#include "cmd.h"
#include "export.h"
#include "i18n.h"
#include "lesson.h"
#include "repl.h"
#include "run.h"
#include "script.h"
#include "netns.h"
#include "session.h"
#include "show-json.h"
#include "sig.h"

#define REPLAY_TIMEOUT_MS 5000

enum mode { MODE_AUTO, MODE_CHECK, MODE_STEP, MODE_LESSON, MODE_LIST };

struct args {
	enum mode mode;
	int color;		/* enum color_mode */
	int verbose;
	int json;		/* --format=json */
	long timeout_ms;
	const char *lesson;
	const char *lang;
	const char *file;	/* -f FILE */
	const char *commands;	/* --commands=FORMAT */
	const char *export;	/* --export=FILE.c */
	int run;		/* --run: argv[optind] is the program */
	long pid;		/* --pid PID, else 0 */
	const char *run_check;	/* --run --check FILE */
	int help, version;
	int netns;		/* --netns */
	long join;		/* --join PID; 0: none */
};

static void usage(FILE *f)
{
	fputs(_("Usage: sockrepl [OPTION]... [FILE]...\n"
		"An interactive teaching shell for the Linux socket API: every command\n"
		"makes the real system call and shows the C statement, the result, the\n"
		"errno explanation and the kernel's socket state.\n"
		"\n"), f);
	fputs(_("With no FILE and a terminal, start the interactive shell (a newcomer is\n"
		"offered lesson 1). FILE, or standard input when it is not a terminal\n"
		"(or FILE is -), is replayed as a transcript; a .md lesson runs its steps.\n"
		"\n"), f);
	fputs(_("  -f, --file=FILE        replay FILE\n"
		"  -c, --check            replay FILE... quietly and verify every\n"
		"                           '=> RESULT' and 'expect' line; exit 1 at the\n"
		"                           first that fails\n"
		"  -v, --verbose          with --check, print the transcript too\n"
		"  -s, --step             replay, waiting for Enter before each command\n"
		"  -l, --lesson=N|NAME|FILE  start or resume a guided lesson (progress\n"
		"                           is kept per lesson file and its text)\n"
		"  -L, --list-lessons     list the lessons and your progress\n"), f);
	fputs(_("  -r, --run PROG [ARG]...  run PROG and show each of its socket calls\n"
		"                           (C, result, errno explanation, kernel state);\n"
		"                           with --step, wait for Enter before each one;\n"
		"                           with --check FILE, check its calls against\n"
		"                           FILE's 'CALL => RESULT' lines, in order\n"
		"  -p, --pid=PID          the same for the running process PID\n"), f);
	fputs(_("      --format=FORMAT    output of a replay: text (default), or json:\n"
		"                           one JSON object per command (JSON Lines,\n"
		"                           see JSON OUTPUT in sockrepl(1))\n"), f);
	fputs(_("      --export=FILE.c    write the session (of FILE, or the shell's at\n"
		"                           its end) as a C program that makes the same\n"
		"                           calls and checks their results\n"), f);
	fputs(_("      --netns            run in a private user and network namespace of\n"
		"                           its own (loopback only): trace works without\n"
		"                           root\n"
		"      --join=PID         a second shell inside the namespaces of the\n"
		"                           sockrepl --netns with process id PID\n"), f);
	fputs(_("      --lang=LANG        language of the lessons and the messages: en\n"
		"                           or zh_CN (default: the locale)\n"
		"      --color[=WHEN]     colour output: auto (default), always, never;\n"
		"                           NO_COLOR in the environment means never\n"
		"  -t, --timeout=MS       in a replay, give up a blocking call (or a sleep)\n"
		"                           after MS milliseconds (default 5000; 0: wait\n"
		"                           forever)\n"
		"      --commands=FORMAT  print the command list (list or man) and exit\n"
		"  -h, --help             display this help and exit\n"
		"  -V, --version          output version information and exit\n"
		"\n"), f);
	fputs(_("Inside the shell, type help. Example session:\n"), f);
	fputs("  sock> lfd = socket AF_INET SOCK_STREAM 0\n"
	      "  sock> bind lfd 127.0.0.1 0\n"
	      "  sock> listen lfd 8\n"
	      "  sock> c = socket inet stream\n"
	      "  sock> connect c lfd => 0\n"
	      "\n", f);
	fputs(_("C runs too, mixed with commands: a line such as\n"
		"int lfd = socket(AF_INET, SOCK_STREAM, 0); or a pasted main() runs\n"
		"as C, each socket call shown as its command shows it (C STATEMENTS\n"
		"in sockrepl(1)); vars lists the C variables.\n"
		"\n"), f);
	fputs(_("Exit status: 0 success; 1 an expectation failed or a line could not be\n"
		"run (or was longer than 16384 bytes), or a write error; 2 bad usage or\n"
		"unreadable file; 130 a replay interrupted by Ctrl-C; 128+N ended by signal\n"
		"N (SIGHUP: the terminal closed, SIGTERM): the shell's history saved, a\n"
		"replay's transcript written out.\n"
		"\n"), f);
	/* TRANSLATORS: %s is the address to send bug reports to. */
	fprintf(f, _("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static void version(void)
{
	fputs(PACKAGE_NAME " " PACKAGE_VERSION "\n"
	      "Copyright (C) 2026 the sockrepl authors.\n", stdout);
	fputs(_("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
		"This is free software: you are free to change and redistribute it.\n"
		"There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

static int print_commands(const char *format)
{
	struct sbuf out = SBUF_INIT;
	const struct cmd_entry *e;
	size_t i;

	if (strcmp(format, "man") == 0) {
		cmd_help_man(&out);
	} else if (strcmp(format, "list") == 0) {
		for (i = 0; (e = cmd_at(i)) != NULL; i++)
			sbuf_addf(&out, "%s\n", e->name);
	} else {
		fputs(_("sockrepl: --commands: use list or man\n"), stderr);
		return 2;
	}
	fputs(sbuf_str(&out), stdout);
	sbuf_free(&out);
	return 0;
}

static int parse_color(const char *v)
{
	if (v == NULL || strcmp(v, "always") == 0 || strcmp(v, "yes") == 0)
		return COLOR_ALWAYS;
	if (strcmp(v, "never") == 0 || strcmp(v, "no") == 0)
		return COLOR_NEVER;
	if (strcmp(v, "auto") == 0)
		return COLOR_AUTO;
	return -1;
}

/* The languages sockrepl has lessons and messages in: en and zh, with
 * or without a territory (en_US, zh_CN.UTF-8). */
static int known_lang(const char *v)
{
	return (strncmp(v, "en", 2) == 0 || strncmp(v, "zh", 2) == 0) &&
	       (v[2] == '\0' || v[2] == '_' || v[2] == '.');
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "step", no_argument, NULL, 's' },
		{ "lesson", required_argument, NULL, 'l' },
		{ "list-lessons", no_argument, NULL, 'L' },
		{ "lang", required_argument, NULL, 'g' },
		{ "color", optional_argument, NULL, 'C' },
		{ "colour", optional_argument, NULL, 'C' },
		{ "timeout", required_argument, NULL, 't' },
		{ "commands", required_argument, NULL, 'K' },
		{ "format", required_argument, NULL, 'F' },
		{ "export", required_argument, NULL, 'X' },
		{ "netns", no_argument, NULL, 'N' },
		{ "join", required_argument, NULL, 'J' },
		{ "run", no_argument, NULL, 'r' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* After --run, the first word that is no option is PROG: it and
	 * the rest are the program's command line. */
	while (!(a->run && optind < argc && argv[optind][0] != '-') &&
	       (c = getopt_long(argc, argv, "f:cvsl:Lt:rp:hV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'r': a->run = 1; break;
		case 'p':
			if (parse_long(optarg, 1, 0x7fffffff, &a->pid) < 0) {
				fputs(_("sockrepl: --pid: a process id\n"),
				      stderr);
				return 2;
			}
			break;
		case 'f': a->file = optarg; break;
		case 'c':
			if (a->run && optind < argc) {	/* --run --check FILE */
				a->run_check = argv[optind++];
				break;
			}
			a->mode = MODE_CHECK;
			break;
		case 'v': a->verbose = 1; break;
		case 's': a->mode = MODE_STEP; break;
		case 'l': a->mode = MODE_LESSON; a->lesson = optarg; break;
		case 'L': a->mode = MODE_LIST; break;
		case 'g':
			if (!known_lang(optarg)) {
				fputs(_("sockrepl: --lang: use en or zh_CN\n"),
				      stderr);
				return 2;
			}
			a->lang = optarg;
			i18n_set_lang(a->lang);	/* for the errors that follow */
			break;
		case 'C':
			a->color = parse_color(optarg);
			if (a->color < 0) {
				fputs(_("sockrepl: --color: use auto, always or never\n"),
				      stderr);
				return 2;
			}
			break;
		case 't':
			if (parse_long(optarg, 0, 3600000, &a->timeout_ms) < 0) {
				fputs(_("sockrepl: --timeout: milliseconds from 0 to 3600000\n"),
				      stderr);
				return 2;
			}
			break;
		case 'K': a->commands = optarg; break;
		case 'F':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				fputs(_("sockrepl: --format: use text or json\n"),
				      stderr);
				return 2;
			}
			a->json = strcmp(optarg, "json") == 0;
			break;
		case 'X':
			if (strlen(optarg) < 3 ||
			    strcmp(optarg + strlen(optarg) - 2, ".c") != 0) {
				fputs(_("sockrepl: --export: give a file name ending in .c\n"),
				      stderr);
				return 2;
			}
			a->export = optarg;
			break;
		case 'N': a->netns = 1; break;
		case 'J':
			if (parse_long(optarg, 1, 1L << 30, &a->join) < 0) {
				fputs(_("sockrepl: --join: give the process id of a sockrepl --netns\n"),
				      stderr);
				return 2;
			}
			break;
		case 'h': a->help = 1; break;
		case 'V': a->version = 1; break;
		default:
			fputs(_("Try 'sockrepl --help' for more information.\n"),
			      stderr);
			return 2;
		}
	}
	return 0;
}

/* --help, --version or --commands, after --lang wherever it was given;
 * the exit status. */
static int info_option(const struct args *a)
{
	if (a->help) {
		usage(stdout);
		return 0;
	}
	if (a->version) {
		version();
		return 0;
	}
	return print_commands(a->commands);
}

/* A replay moved into a network namespace (replay_netns). */
static int replay_in_netns;

static void setup_session(struct session *s, const struct args *a,
			  int interactive)
{
	const char *term = getenv("TERM");
	int tty = isatty(STDOUT_FILENO);

	session_init(s, stdout);
	s->opt.interactive = interactive;
	s->opt.netns = a->netns || a->join || replay_in_netns;
	s->opt.block_timeout_ms = a->timeout_ms;
	s->opt.json = a->json;
	if (a->color == COLOR_ALWAYS)
		s->opt.color = 1;
	else if (a->color == COLOR_AUTO)
		s->opt.color = tty && getenv("NO_COLOR") == NULL &&
			       !(term && strcmp(term, "dumb") == 0);
}

/* --export: write the session as C; 0, or 1 after saying why. */
static int export_session(struct session *s, const char *path)
{
	struct sbuf names = SBUF_INIT, err = SBUF_INIT;
	int rc = export_write(s, path, 0, &names, &err);

	if (rc < 0)
		fprintf(stderr, "sockrepl: %s\n", sbuf_str(&err));
	sbuf_free(&names);
	sbuf_free(&err);
	return rc < 0 ? 1 : 0;
}

/* --netns or --join, before anything opens a socket; the exit status. */
static int enter_netns(const struct args *a)
{
	struct sbuf err = SBUF_INIT;
	long pid = (long)getpid();

	if (a->netns && a->join) {
		fputs(_("sockrepl: --netns makes a namespace, --join enters one: give one of them\n"),
		      stderr);
		return 2;
	}
	if ((a->netns ? netns_enter(&err) : netns_join((pid_t)a->join,
							&err)) < 0) {
		fprintf(stderr, "sockrepl: %s\n", sbuf_str(&err));
		sbuf_free(&err);
		return 1;
	}
	if (a->netns && isatty(STDIN_FILENO)) {
		printf(_("A network namespace of this shell's own (--netns): only its loopback, and trace on works without root.\n"
			 "  a second shell inside it:  sockrepl --join %ld\n"
			 "  a program inside it:       nsenter --preserve-credentials -U -n -t %ld nc 127.0.0.1 PORT\n"),
		       pid, pid);
	}
	return 0;
}

/* A file that turns trace on is replayed in a network namespace of its
 * own, as --netns, so that its checks hold for any user and see no other
 * traffic; the files after it stay there. Where none can be made, it runs
 * on the host, where trace on says why it cannot capture, if it cannot. */
static void replay_netns(const struct args *a, const char *file)
{
	struct sbuf err = SBUF_INIT;

	if (a->netns || a->join || replay_in_netns ||
	    !netns_file_traces(file))
		return;
	replay_in_netns = netns_enter(&err) == 0;
	sbuf_free(&err);
}

/* --run PROG or --pid PID: follow a real program. */
static int run_prog(char **argv, const struct args *a)
{
	struct run_opts o = { .step = a->mode == MODE_STEP,
			      .check = a->run_check };
	struct session s;
	int st;

	if (a->file || (a->mode != MODE_AUTO && !o.step) ||
	    (a->json && o.step) ||
	    (a->run && a->pid) || (a->run && argv[0] == NULL) ||
	    (a->pid && argv[0] != NULL)) {
		fputs(_("sockrepl: use --run PROG [ARG]... or --pid PID, with --step at most\n"),
		      stderr);
		return 2;
	}
	o.argv = a->run ? argv : NULL;
	o.pid = (pid_t)a->pid;
	setup_session(&s, a, 0);
	st = run_program(&s, &o);
	session_free(&s);
	return st;
}

/* Replay or check each file in a fresh session of its own. */
static int run_files(char **files, int n, const struct args *a)
{
	struct script_opts o = { a->mode == MODE_CHECK, a->mode == MODE_STEP,
				 a->verbose };
	struct session s;
	int ran, st, status = 0, passed = 0, nexpect = 0;

	/* SIGTERM and SIGHUP stop a replay after its line, as Ctrl-C does:
	 * the transcript so far is written out (a replay of a file holds it
	 * in a buffer), then the signal ends the run. */
	sig_catch_exit();
	for (ran = 0; ran < n;) {
		replay_netns(a, files[ran]);
		setup_session(&s, a, 0);
		st = script_run(&s, files[ran++], &o, &nexpect);
		if (a->export && st < 2 && export_session(&s, a->export) &&
		    st == 0)
			st = 1;
		session_free(&s);
		if (st == 0)
			passed++;
		if (st > status)
			status = st;
		if (out_check(stdout) < 0)
			break;	/* close_stdout() says why */
		if (st == 130 || sig_exit_pending)
			break;	/* Ctrl-C ends the whole run */
	}
	sig_exit_now();
	if (a->mode == MODE_CHECK && a->json)
		show_json_summary(stdout, nexpect, ran, passed, n - ran);
	else if (a->mode == MODE_CHECK) {
		/* TRANSLATORS: followed by " in N files". */
		printf(ngettext("%d expectation checked",
				"%d expectations checked", nexpect), nexpect);
		printf(ngettext(" in %d file\n", " in %d files\n", ran), ran);
		printf(_("check: %d passed, %d failed"), passed, ran - passed);
		if (ran < n)
			printf(_(", %d not run"), n - ran);
		putchar('\n');
	}
	return status;
}

int main(int argc, char **argv)
{
	struct args a = { .mode = MODE_AUTO, .color = COLOR_AUTO,
			  .timeout_ms = REPLAY_TIMEOUT_MS };
	struct session s;
	char *stdin_only[] = { (char *)"-" };
	int st;

	i18n_init();	/* usage errors in the locale's language */
	atexit(close_stdout);	/* --help >/dev/full is an error too */
	if ((st = parse_args(argc, argv, &a)) != 0)
		return st;
	if (a.help || a.version || a.commands)
		return info_option(&a);
	if (a.json && !a.run && !a.pid &&
	    (a.mode == MODE_STEP || a.mode == MODE_LESSON ||
		       (!a.file && optind == argc && isatty(STDIN_FILENO)))) {
		fputs(_("sockrepl: --format=json replays a FILE or standard input, without --step or --lesson\n"),
		      stderr);
		return 2;
	}
	if ((a.netns || a.join) && (st = enter_netns(&a)) != 0)
		return st;
	sig_init();
	if (a.export && (a.file ? optind != argc : optind + 1 < argc)) {
		fputs(_("sockrepl: --export writes one session: give one FILE\n"),
		      stderr);
		return 2;
	}
	if (a.run || a.pid)
		return run_prog(argv + optind, &a);
	if (a.file) {
		if (optind != argc) {
			fputs(_("sockrepl: -f takes one FILE; give others without -f\n"),
			      stderr);
			return 2;
		}
		return run_files((char **)&a.file, 1, &a);
	}
	if (a.mode == MODE_LIST)
		return lesson_list(stdout, a.lang);
	if ((a.mode == MODE_CHECK || a.mode == MODE_STEP) && optind == argc) {
		/* TRANSLATORS: %s is the option, check or step. */
		fprintf(stderr, _("sockrepl: --%s needs a FILE\n"),
			a.mode == MODE_CHECK ? "check" : "step");
		return 2;
	}
	if (optind < argc)
		return run_files(argv + optind, argc - optind, &a);
	if (a.mode != MODE_LESSON && !isatty(STDIN_FILENO))
		return run_files(stdin_only, 1, &a);
	setup_session(&s, &a, isatty(STDIN_FILENO));
	if (a.mode == MODE_LESSON)
		st = lesson_run(&s, a.lesson, a.lang);
	else
		lesson_offer(&s, a.lang);
	/* After a lesson the learner stays in the shell, unless they quit. */
	if (st == 0 && !s.quit && s.opt.interactive)
		st = repl_run(&s);
	if (a.export && export_session(&s, a.export) && st == 0)
		st = 1;
	repl_done();	/* a lesson run without the shell added history too */
	session_free(&s);
	return st;
}
