/* check_main.c - runs every unit-test suite of sockrepl. */
#include "config.h"

#include <stdlib.h>

#include "suites.h"

int main(void)
{
	Suite *(*const suites[])(void) = {
		addr_suite, byteorder_suite, challenge_suite, cmd_suite,
		consts_suite, cparse_suite,
		diag_suite, errno_suite, expect_suite, facts_suite, goal_suite,
		io_suite,
		json_suite,
		draw_suite,
		lesson_suite, mdterm_suite, parse_suite, pkt_suite, session_suite,
		show_suite,
	};
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
