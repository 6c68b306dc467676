/* check_byteorder.c - unit tests of byteorder.c (filled by issue 4). */
#include "config.h"

#include <arpa/inet.h>

#include "suites.h"

START_TEST(test_htons_bytes)
{
	unsigned short n = htons(8001);
	const unsigned char *b = (const unsigned char *)&n;

	ck_assert_uint_eq(b[0], 0x1f);
	ck_assert_uint_eq(b[1], 0x41);
}
END_TEST

Suite *byteorder_suite(void)
{
	Suite *s = suite_create("byteorder");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_htons_bytes);
	suite_add_tcase(s, tc);
	return s;
}
