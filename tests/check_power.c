/*
 * check_power.c - unit tests of the power policy (src/engine/power.c)
 * through its BMC seam (engine/bmc.h), against scripted BMCs: no network,
 * no OpenIPMI.  Each scripted BMC keeps a power state, answers Get Chassis
 * Status and Chassis Control as its script says, and records what it was
 * sent, so that every success rule is asserted on what reached the BMC.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bmc.h"
#include "engine/config.h"
#include "engine/power.h"

/* A scripted BMC. */
struct script {
	bool on;                  /* the node's power                       */
	ipl_rc open_rc;           /* what open answers                      */
	bool stuck;               /* controls accepted, power never changes */
	unsigned int lag;         /* status reads before a change shows     */
	unsigned int off_reads;   /* reads a cycle keeps the node off       */
	uint8_t control_cc;       /* completion code of every control       */
	uint8_t cycle_cc;         /* completion code of cycle / hard reset  */
	bool silent_status;       /* Get Chassis Status never answered      */
	bool control_lost;        /* controls carried out, answers lost     */
	bool control_dropped;     /* controls lost: neither done nor answered */
	bool drop_first;          /* the first control only is lost so     */
	unsigned int lose_read;   /* this status read (1-based) is lost     */
	unsigned int d5_read;     /* this status read answers 0xD5          */
	bool fault_after_control; /* power fault bit once a control came    */
	/* What it saw. */
	unsigned int opens, closes, status_reads;
	unsigned int controls[6]; /* by control byte                        */
	unsigned int controls_total;
	bool pending;             /* a change is on its way                 */
	bool pending_on;
	unsigned int pending_reads;
	bool was_off;             /* the node was seen off at some read     */
};

static ipl_rc
s_open(void *ctx, const struct ipl_deadline *dl, bool persist,
       ipl_status *st)
{
	struct script *s = ctx;

	(void)dl;
	(void)persist;
	s->opens++;
	if (s->open_rc != IPL_OK) {
		return ipl_fail(st, s->open_rc, "scripted open failure");
	}
	return IPL_OK;
}

static ipl_rc
s_status(void *ctx, const struct ipl_deadline *dl, uint8_t *rsp,
	 size_t cap, size_t *len, ipl_status *st)
{
	struct script *s = ctx;

	(void)dl;
	ck_assert_uint_ge(cap, 4);
	s->status_reads++;
	if (s->silent_status || s->status_reads == s->lose_read) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "scripted silence");
	}
	if (s->status_reads == s->d5_read) {
		rsp[0] = 0xD5;
		*len = 1;
		return IPL_OK;
	}
	if (s->pending && s->pending_reads-- == 0) {
		s->on = s->pending_on;
		s->pending = false;
	}
	if (!s->on) {
		s->was_off = true;
	}
	rsp[0] = 0x00;
	rsp[1] = (uint8_t)((s->on ? 0x01 : 0x00)
			   | (s->fault_after_control && s->controls_total
			      ? 0x08 : 0x00));
	rsp[2] = 0x00;
	rsp[3] = 0x00;
	*len = 4;
	return IPL_OK;
}

/* Schedule power to become on after reads status reads. */
static void
s_change(struct script *s, bool on, unsigned int reads)
{
	if (s->stuck) {
		return;
	}
	s->pending = true;
	s->pending_on = on;
	s->pending_reads = reads;
}

static ipl_rc
s_control(void *ctx, enum ipl_chassis_ctl ctl, const struct ipl_deadline *dl,
	  uint8_t *rsp, size_t cap, size_t *len, ipl_status *st)
{
	struct script *s = ctx;
	bool restart = ctl == IPL_CTL_POWER_CYCLE || ctl == IPL_CTL_HARD_RESET;
	uint8_t cc = restart && s->cycle_cc != 0 ? s->cycle_cc : s->control_cc;

	(void)dl;
	ck_assert_uint_ge(cap, 1);
	ck_assert_uint_lt((unsigned int)ctl, 6);
	s->controls[ctl]++;
	s->controls_total++;
	if (s->control_dropped || (s->drop_first && s->controls_total == 1)) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "scripted loss");
	}
	rsp[0] = cc;
	*len = 1;
	if (cc != 0) {
		return IPL_OK;
	}
	if (ctl == IPL_CTL_POWER_UP || ctl == IPL_CTL_POWER_DOWN) {
		s_change(s, ctl == IPL_CTL_POWER_UP, s->lag);
	} else if (ctl == IPL_CTL_POWER_CYCLE && !s->stuck) {
		/* off at once, on again after off_reads reads */
		s->on = false;
		s_change(s, true, s->off_reads);
	}
	if (s->control_lost) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "scripted lost answer");
	}
	return IPL_OK;
}

static void
s_close(void *ctx)
{
	((struct script *)ctx)->closes++;
}

static const char *
s_where(void *ctx)
{
	(void)ctx;
	return "scripted:623";
}

static const struct ipl_bmc_ops script_ops = {
	s_open, s_status, s_control, s_close, s_where,
};

static struct ipl_config cfg;
static struct script sc;
static struct ipl_bmc bmc;

static void
setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.timeout_ms = 1500;
	cfg.msg_timeout_ms = 500;
	cfg.power_wait_ms = 100;
	cfg.reset_method = IPL_RESET_ONOFF;
	memset(&sc, 0, sizeof(sc));
	sc.open_rc = IPL_OK;
	sc.off_reads = 2;
	bmc.ops = &script_ops;
	bmc.ctx = &sc;
}

static unsigned int
controls_sent(void)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < 6; i++) {
		n += sc.controls[i];
	}
	return n;
}

START_TEST(test_status_reads_once)
{
	ipl_status st;
	bool on = false;

	sc.on = true;
	ck_assert_int_eq(ipl_power_status(&bmc, &cfg, &on, &st), IPL_OK);
	ck_assert(on);
	ck_assert_uint_eq(sc.status_reads, 1);
	ck_assert_uint_eq(controls_sent(), 0);
	ck_assert_uint_eq(sc.opens, 1);
	ck_assert_uint_eq(sc.closes, 1);
}
END_TEST

START_TEST(test_open_failure_sends_nothing)
{
	ipl_status st;

	sc.open_rc = IPL_ERR_ACCESS;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_ERR_ACCESS);
	ck_assert_uint_eq(sc.status_reads, 0);
	ck_assert_uint_eq(controls_sent(), 0);
	ck_assert_uint_eq(sc.closes, 0);
}
END_TEST

START_TEST(test_off_verified)
{
	ipl_status st;

	sc.on = true;
	sc.lag = 2;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert(!sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
	ck_assert_uint_eq(controls_sent(), 1);
	/* the first read, then polls until the lag is over */
	ck_assert_uint_eq(sc.status_reads, 1 + 3);
	ck_assert_uint_eq(sc.closes, 1);
}
END_TEST

START_TEST(test_off_when_off_sends_nothing)
{
	ipl_status st;

	sc.on = false;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert_uint_eq(controls_sent(), 0);
}
END_TEST

START_TEST(test_stuck_is_a_power_failure)
{
	ipl_status st;

	sc.on = true;
	sc.stuck = true;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_ERR_POWER);
	ck_assert(sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
	ck_assert_ptr_nonnull(strstr(st.msg, "still reports power on"));
	ck_assert_uint_eq(sc.closes, 1);
}
END_TEST

START_TEST(test_refused_control)
{
	ipl_status st;

	sc.on = false;
	sc.control_cc = 0xD4;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_ON, &st),
			 IPL_ERR_ACCESS);
	sc.control_cc = 0xC1;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_ON, &st),
			 IPL_ERR_REFUSED);
	ck_assert(!sc.on);
}
END_TEST

START_TEST(test_reset_onoff_sees_off_then_on)
{
	ipl_status st;

	sc.on = true;
	sc.lag = 1;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert(sc.on);
	ck_assert(sc.was_off);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_UP], 1);
	ck_assert_uint_eq(controls_sent(), 2);
}
END_TEST

START_TEST(test_reset_of_off_node_powers_on)
{
	ipl_status st;

	sc.on = false;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert(sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 0);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_UP], 1);
}
END_TEST

START_TEST(test_cycle_sent_once)
{
	ipl_status st;

	sc.on = true;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert(sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 1);
	ck_assert_uint_eq(controls_sent(), 1);
}
END_TEST

START_TEST(test_restart_refused_d5_falls_back_to_onoff)
{
	ipl_status st;

	sc.on = true;
	sc.cycle_cc = 0xD5;
	cfg.reset_method = IPL_RESET_HARD_RESET;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert_uint_eq(sc.controls[IPL_CTL_HARD_RESET], 1);
	/* refused with the node on: off verified, then on verified */
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_UP], 1);
	ck_assert(sc.was_off);
	ck_assert_str_eq(st.msg, "");
}
END_TEST

START_TEST(test_off_answer_lost_learnt_from_status)
{
	ipl_status st;

	sc.on = true;
	sc.control_lost = true;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert(!sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
	ck_assert_uint_eq(sc.opens, 1);
}
END_TEST

START_TEST(test_off_request_lost_sent_again)
{
	ipl_status st;

	/* the power down itself is lost: off is idempotent, so once the
	 * state read right after shows no change it is sent again */
	cfg.timeout_ms = 6000;
	sc.on = true;
	sc.drop_first = true;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert(!sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 2);
	ck_assert_uint_eq(sc.opens, 1);
}
END_TEST

START_TEST(test_off_every_request_lost_three_sends)
{
	struct timespec start;
	ipl_status st;

	/* every power down lost: sent again each time the state read right
	 * after shows no change, 8 times in all; the last is then waited for
	 * until the deadline, not sent a 9th time */
	cfg.timeout_ms = 4000;
	sc.on = true;
	sc.control_dropped = true;
	clock_gettime(CLOCK_MONOTONIC, &start);
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_ERR_POWER);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 8);
	ck_assert_uint_eq(sc.controls_total, 8);
	ck_assert(sc.on);
	ck_assert_ptr_nonnull(strstr(st.msg, "still reports power on"));
	ck_assert_uint_ge(ipl_elapsed_ms(&start), 3500);
}
END_TEST

START_TEST(test_cycle_request_lost_not_resent)
{
	ipl_status st;

	/* the cycle itself is lost: never sent again, a failure */
	sc.on = true;
	sc.drop_first = true;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_ERR_POWER);
	ck_assert_uint_eq(sc.controls_total, 1);
}
END_TEST

START_TEST(test_cycle_answer_lost_not_resent)
{
	ipl_status st;

	/* carried out, answer lost: the off phase is the evidence */
	sc.on = true;
	sc.control_lost = true;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert(sc.was_off && sc.on);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
}
END_TEST

START_TEST(test_cycle_lost_entirely_fails)
{
	ipl_status st;

	/* neither done nor answered: sent once, never again, a failure */
	sc.on = true;
	sc.control_dropped = true;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_ERR_POWER);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
	ck_assert_ptr_nonnull(strstr(st.msg, "never seen off"));
}
END_TEST

START_TEST(test_cycle_accepted_never_off_fails)
{
	ipl_status st;

	sc.on = true;
	sc.stuck = true;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_ERR_POWER);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
	ck_assert_ptr_nonnull(strstr(st.msg, "accepted the power cycle, but "
				     "the node was never seen off"));
	ck_assert_uint_gt(sc.status_reads, 3);
}
END_TEST

START_TEST(test_hard_reset_answer_lost_fails)
{
	ipl_status st;

	sc.on = true;
	sc.control_lost = true;
	cfg.reset_method = IPL_RESET_HARD_RESET;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_ERR_POWER);
	ck_assert_uint_eq(sc.controls[IPL_CTL_HARD_RESET], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
	ck_assert_ptr_nonnull(strstr(st.msg, "outcome is unknown"));
}
END_TEST

START_TEST(test_hard_reset_accepted_is_unverified_ok)
{
	ipl_status st;

	sc.on = true;
	cfg.reset_method = IPL_RESET_HARD_RESET;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert_uint_eq(sc.controls[IPL_CTL_HARD_RESET], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
}
END_TEST

START_TEST(test_lost_poll_new_session)
{
	ipl_status st;

	/* the 3rd read (a poll after the power down) is lost: a new
	 * session reads the state and goes on without sending again */
	sc.on = true;
	sc.lag = 3;
	sc.lose_read = 3;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert(!sc.on);
	ck_assert_uint_eq(sc.opens, 2);
	ck_assert_uint_eq(sc.closes, 2);
	ck_assert_uint_le(sc.controls[IPL_CTL_POWER_DOWN], 2);
}
END_TEST

START_TEST(test_cycle_survives_lost_poll)
{
	ipl_status st;

	/* a cycle whose evidence is gathered across two sessions: never
	 * sent twice */
	sc.on = true;
	sc.off_reads = 4;
	sc.lose_read = 3;
	cfg.reset_method = IPL_RESET_POWER_CYCLE;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_RESET, &st),
			 IPL_OK);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_CYCLE], 1);
	ck_assert_uint_eq(sc.controls_total, 1);
	ck_assert_uint_eq(sc.opens, 2);
}
END_TEST

START_TEST(test_status_d5_is_an_artefact)
{
	ipl_status st;

	sc.on = true;
	sc.d5_read = 1;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_OK);
	ck_assert(!sc.on);
	ck_assert_uint_eq(sc.opens, 2);
	ck_assert_uint_eq(sc.controls[IPL_CTL_POWER_DOWN], 1);
}
END_TEST

START_TEST(test_power_fault_fails)
{
	ipl_status st;

	sc.on = true;
	sc.lag = 2;
	sc.fault_after_control = true;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_ERR_POWER);
	ck_assert_ptr_nonnull(strstr(st.msg, "fault"));
	ck_assert_uint_eq(sc.controls_total, 1);
}
END_TEST

START_TEST(test_silent_status_is_a_timeout)
{
	ipl_status st;

	/* Each session fails at once: new sessions, paced, until the
	 * deadline (1.5 s less the close reserve); then a timeout. */
	sc.silent_status = true;
	ck_assert_int_eq(ipl_power_request(&bmc, &cfg, IPL_POWER_OFF, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert_uint_eq(controls_sent(), 0);
	ck_assert_uint_ge(sc.opens, 2);
	ck_assert_uint_le(sc.opens, 6);
	ck_assert_uint_eq(sc.closes, sc.opens);
	ck_assert_ptr_nonnull(strstr(st.msg, "timeout ran out after"));
}
END_TEST

START_TEST(test_bad_request)
{
	ipl_status st;

	ck_assert_int_eq(ipl_power_request(&bmc, &cfg,
					   (enum ipl_power_request)9, &st),
			 IPL_ERR_INVAL);
	ck_assert_uint_eq(sc.opens, 0);
}
END_TEST

static Suite *
power_suite(void)
{
	Suite *s = suite_create("power");
	TCase *tc = tcase_create("policy");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_status_reads_once);
	tcase_add_test(tc, test_open_failure_sends_nothing);
	tcase_add_test(tc, test_off_verified);
	tcase_add_test(tc, test_off_when_off_sends_nothing);
	tcase_add_test(tc, test_stuck_is_a_power_failure);
	tcase_add_test(tc, test_refused_control);
	tcase_add_test(tc, test_reset_onoff_sees_off_then_on);
	tcase_add_test(tc, test_reset_of_off_node_powers_on);
	tcase_add_test(tc, test_cycle_sent_once);
	tcase_add_test(tc, test_restart_refused_d5_falls_back_to_onoff);
	tcase_add_test(tc, test_off_answer_lost_learnt_from_status);
	tcase_add_test(tc, test_off_request_lost_sent_again);
	tcase_add_test(tc, test_off_every_request_lost_three_sends);
	tcase_add_test(tc, test_cycle_request_lost_not_resent);
	tcase_add_test(tc, test_cycle_answer_lost_not_resent);
	tcase_add_test(tc, test_cycle_lost_entirely_fails);
	tcase_add_test(tc, test_cycle_accepted_never_off_fails);
	tcase_add_test(tc, test_hard_reset_answer_lost_fails);
	tcase_add_test(tc, test_hard_reset_accepted_is_unverified_ok);
	tcase_add_test(tc, test_lost_poll_new_session);
	tcase_add_test(tc, test_cycle_survives_lost_poll);
	tcase_add_test(tc, test_status_d5_is_an_artefact);
	tcase_add_test(tc, test_power_fault_fails);
	tcase_add_test(tc, test_silent_status_is_a_timeout);
	tcase_add_test(tc, test_bad_request);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(power_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
