/* suites.h - every unit-test suite, one per module (tests/check_X.c). */
#ifndef SOCKREPL_SUITES_H
#define SOCKREPL_SUITES_H

#include <check.h>

/* Messages in Chinese (zh 1) or English (0): 0, or -1 (check_errno.c). */
int check_lang_zh(int zh);

Suite *addr_suite(void);
Suite *byteorder_suite(void);
Suite *challenge_suite(void);
Suite *cmd_suite(void);
Suite *consts_suite(void);
Suite *cparse_suite(void);
Suite *diag_suite(void);
Suite *draw_suite(void);
Suite *errno_suite(void);
Suite *expect_suite(void);
Suite *facts_suite(void);
Suite *goal_suite(void);
Suite *io_suite(void);
Suite *json_suite(void);
Suite *lesson_suite(void);
Suite *mdterm_suite(void);
Suite *parse_suite(void);
Suite *pkt_suite(void);
Suite *session_suite(void);
Suite *show_suite(void);

#endif
