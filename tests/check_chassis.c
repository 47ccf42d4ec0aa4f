/*
 * check_chassis.c - unit tests of the pure parts below the session:
 * chassis message decoding (src/engine/chassis.c) and the one mapping of
 * engine results to cluster-glue's S_* codes (src/stonith/stonith_rc.c).
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stonith/stonith.h>

#include "engine/chassis.h"
#include "engine/result.h"
#include "front/stonith_rc.h"

START_TEST(test_status_on_and_off)
{
	const uint8_t on[] = { 0x00, 0x01, 0x00, 0x00 };
	const uint8_t off[] = { 0x00, 0x60, 0x10, 0x40, 0x00 };
	ipl_status st;
	bool power = false;

	ck_assert_int_eq(ipl_chassis_decode_status(on, sizeof(on), &power,
						   &st), IPL_OK);
	ck_assert(power);
	ck_assert_int_eq(ipl_chassis_decode_status(off, sizeof(off), &power,
						   &st), IPL_OK);
	ck_assert(!power);
}
END_TEST

START_TEST(test_status_short_or_empty)
{
	const uint8_t shortrsp[] = { 0x00, 0x01 };
	ipl_status st;
	bool power = true;

	ck_assert_int_eq(ipl_chassis_decode_status(shortrsp, sizeof(shortrsp),
						   &power, &st),
			 IPL_ERR_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(st.msg, "too short"));
	ck_assert_int_eq(ipl_chassis_decode_status(NULL, 0, &power, &st),
			 IPL_ERR_PROTOCOL);
	ck_assert_int_eq(ipl_chassis_decode_status(shortrsp, 0, &power, &st),
			 IPL_ERR_PROTOCOL);
	/* A failed decode never changes the caller's value. */
	ck_assert(power);
}
END_TEST

START_TEST(test_status_completion_codes)
{
	uint8_t rsp[] = { 0xD4, 0x01, 0x00, 0x00 };
	ipl_status st;
	bool power = false;

	ck_assert_int_eq(ipl_chassis_decode_status(rsp, sizeof(rsp), &power,
						   &st), IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, "0xD4"));
	ck_assert_ptr_nonnull(strstr(st.msg, "privilege"));
	rsp[0] = 0xC1;
	ck_assert_int_eq(ipl_chassis_decode_status(rsp, sizeof(rsp), &power,
						   &st), IPL_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(st.msg, "invalid command"));
	ck_assert(!power);
}
END_TEST

START_TEST(test_control_results)
{
	const uint8_t ok[] = { 0x00 };
	const uint8_t unspecified[] = { 0xFF };
	const uint8_t state[] = { 0xD5 };
	const uint8_t timeout[] = { 0xC3 };
	ipl_status st;

	ck_assert_int_eq(ipl_chassis_decode_control(IPL_CTL_POWER_DOWN, ok, 1,
						    &st), IPL_OK);
	/* 0xC3 and 0xFF were "success" in the old plugin: never again. */
	ck_assert_int_eq(ipl_chassis_decode_control(IPL_CTL_HARD_RESET,
						    unspecified, 1, &st),
			 IPL_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(st.msg, "hard reset"));
	ck_assert_ptr_nonnull(strstr(st.msg, "0xFF"));
	ck_assert_int_eq(ipl_chassis_decode_control(IPL_CTL_POWER_DOWN,
						    timeout, 1, &st),
			 IPL_ERR_REFUSED);
	ck_assert_int_eq(ipl_chassis_decode_control(IPL_CTL_POWER_CYCLE,
						    state, 1, &st),
			 IPL_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(st.msg, "present state"));
	ck_assert_int_eq(ipl_chassis_decode_control(IPL_CTL_POWER_UP, NULL, 0,
						    &st), IPL_ERR_PROTOCOL);
}
END_TEST

START_TEST(test_names_and_cc_text)
{
	ck_assert_str_eq(ipl_chassis_ctl_name(IPL_CTL_POWER_CYCLE),
			 "power cycle");
	ck_assert_str_eq(ipl_chassis_ctl_name((enum ipl_chassis_ctl)9),
			 "unknown control");
	ck_assert_str_eq(ipl_cc_text(0xC3), "timeout while processing command");
	ck_assert_str_eq(ipl_cc_text(0x20),
			 "device-specific (OEM) completion code");
	ck_assert_str_eq(ipl_cc_text(0x81), "command-specific completion code");
	ck_assert_str_eq(ipl_cc_text(0xE0), "reserved completion code");
}
END_TEST

START_TEST(test_result_mapping)
{
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_OK, 0), S_OK);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_CONFIG, 0), S_BADCONFIG);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_ACCESS, 1), S_ACCESS);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_TIMEOUT, 1), S_TIMEOUT);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_BADHOST, 1), S_BADHOST);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_INVAL, 1), S_INVAL);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_REFUSED, 1), S_RESETFAIL);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_POWER, 1), S_RESETFAIL);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_PROTOCOL, 1), S_RESETFAIL);
	ck_assert_int_eq(ipl_rc_to_stonith(IPL_ERR_REFUSED, 0), S_OOPS);
	ck_assert_int_eq(ipl_rc_to_stonith((ipl_rc)77, 0), S_OOPS);
}
END_TEST

START_TEST(test_fail_formats)
{
	ipl_status st;

	ipl_status_clear(&st);
	ck_assert_int_eq(st.rc, IPL_OK);
	ck_assert_str_eq(st.msg, "");
	ck_assert_int_eq(ipl_fail(&st, IPL_ERR_TIMEOUT, "after %d s", 3),
			 IPL_ERR_TIMEOUT);
	ck_assert_int_eq(st.rc, IPL_ERR_TIMEOUT);
	ck_assert_str_eq(st.msg, "after 3 s");
	ck_assert_int_eq(ipl_fail(NULL, IPL_ERR_POWER, "x"), IPL_ERR_POWER);
	ck_assert_str_eq(ipl_rc_name(IPL_ERR_ACCESS), "access denied");
}
END_TEST

static Suite *
chassis_suite(void)
{
	Suite *s = suite_create("chassis");
	TCase *tc = tcase_create("decode");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_status_on_and_off);
	tcase_add_test(tc, test_status_short_or_empty);
	tcase_add_test(tc, test_status_completion_codes);
	tcase_add_test(tc, test_control_results);
	tcase_add_test(tc, test_names_and_cc_text);
	tcase_add_test(tc, test_result_mapping);
	tcase_add_test(tc, test_fail_formats);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(chassis_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
