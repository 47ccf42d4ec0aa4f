/*
 * check_engine.c - unit tests of the engine's pure pieces below the
 * session: deadlines (src/engine/deadline.c), the ipmi_lanp_setup_con
 * parameter list (lanp_params.c) and the classification of connect errors
 * (connect_error.c).  No network, no OpenIPMI runtime.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_lan.h>

#include "engine/connect_error.h"
#include "engine/connect_policy.h"
#include "engine/deadline.h"
#include "engine/lanp_params.h"
#include "engine/pace.h"
#include "engine/session.h"
#include "engine/session_request.h"
#include "engine/wire_watch.h"
#include "rmcpp_frame.h"

/* ---- deadlines ---- */

START_TEST(test_deadline_after_carries)
{
	struct timespec from = { 10, 999000000L };
	struct ipl_deadline dl;

	ipl_deadline_after(&dl, &from, 1);
	ck_assert_int_eq(dl.at.tv_sec, 11);
	ck_assert_int_eq(dl.at.tv_nsec, 0);
	ipl_deadline_after(&dl, &from, 2500);
	ck_assert_int_eq(dl.at.tv_sec, 13);
	ck_assert_int_eq(dl.at.tv_nsec, 499000000L);
}
END_TEST

START_TEST(test_deadline_left_and_passed)
{
	struct ipl_deadline dl, past, early;
	unsigned int left;

	ipl_deadline_in(&dl, 5000);
	left = ipl_deadline_left_ms(&dl);
	ck_assert_uint_le(left, 5000);
	ck_assert_uint_gt(left, 3000);   /* generous on a loaded machine */
	ck_assert(!ipl_deadline_passed(&dl));
	ipl_deadline_in(&past, 0);
	ck_assert_uint_eq(ipl_deadline_left_ms(&past), 0);
	ck_assert(ipl_deadline_passed(&past));
	ipl_deadline_min(&early, &dl, &past);
	ck_assert_int_eq(early.at.tv_sec, past.at.tv_sec);
	ck_assert_int_eq(early.at.tv_nsec, past.at.tv_nsec);
	ipl_deadline_min(&early, &past, &dl);
	ck_assert_int_eq(early.at.tv_nsec, past.at.tv_nsec);
}
END_TEST

START_TEST(test_deadline_sleep_is_bounded)
{
	struct ipl_deadline dl;
	struct timespec start;
	unsigned int took;

	/* asked for 2 s, the deadline is 150 ms away: sleeps ~150 ms */
	clock_gettime(CLOCK_MONOTONIC, &start);
	ipl_deadline_in(&dl, 150);
	ipl_deadline_sleep(2000, &dl);
	took = ipl_elapsed_ms(&start);
	ck_assert_uint_ge(took, 149);
	ck_assert_uint_lt(took, 1500);
	ck_assert(ipl_deadline_passed(&dl));
	/* a passed deadline: no sleep at all */
	clock_gettime(CLOCK_MONOTONIC, &start);
	ipl_deadline_sleep(2000, &dl);
	ck_assert_uint_lt(ipl_elapsed_ms(&start), 500);
}
END_TEST

/* ---- the OpenIPMI parameter list ---- */

static void
base_config(struct ipl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 6230;
	cfg->priv = IPMI_PRIVILEGE_OPERATOR;
	cfg->auth = IPMI_AUTHTYPE_MD5;
	strcpy(cfg->login, "fence");
	strcpy(cfg->password, "pw-1234");
	cfg->password_len = 7;
	cfg->ciphers.suites[0] = 3;
	cfg->ciphers.n = 1;
	cfg->msg_timeout_ms = 1500;
	cfg->timeout_ms = 20000;
}

static int
val_of(const struct ipl_lanp_params *lp, int id)
{
	const ipmi_lanp_parm_t *p = ipl_lanp_params_find(lp, id);

	ck_assert_msg(p != NULL, "parameter %d missing", id);
	return p->parm_val;
}

START_TEST(test_lanp_lanplus)
{
	struct ipl_config cfg;
	struct ipl_lanp_params lp;
	const ipmi_lanp_parm_t *p;
	ipl_status st;

	base_config(&cfg);
	cfg.kg[0] = 0x42;
	cfg.kg_len = 1;
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "127.0.0.1", 2,
					       IPL_IFACE_LANPLUS, 3,
					       ipl_config_retry_ms(&cfg), &st),
			 IPL_OK);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_PARMID_AUTHTYPE),
			 IPMI_AUTHTYPE_RMCP_PLUS);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_AUTHENTICATION_ALGORITHM),
			 IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_SHA1);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_INTEGRITY_ALGORITHM),
			 IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_SHA1_96);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_CONFIDENTIALITY_ALGORITHM),
			 IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_PARMID_PRIVILEGE),
			 IPMI_PRIVILEGE_OPERATOR);
	/* OpenIPMI's per-try timeout (of the handshake), in microseconds:
	 * the retry interval, a sixth of msg_timeout (1.5 s) */
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_DEFAULT_TIMEOUT), 250000);
	/* the outstanding requests OpenIPMI allows: every unanswered copy
	 * of a read stays outstanding; OpenIPMI's own limit is 60 */
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_MAX_OUTSTANDING_MSG_COUNT), 60);
	/* commands are never resent by OpenIPMI within the operation and
	 * its close: their per-try timeout outlasts both */
	ck_assert_int_ge(val_of(&lp, IPMI_LANP_DEFAULT_SIDEEFFECT_TIMEOUT),
			 (20000 + 2000) * 1000);
	ck_assert_int_ge(val_of(&lp, IPMI_LANP_MAX_OUTSTANDING_MSG_COUNT), 8);
	cfg.timeout_ms = 3600000;
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "127.0.0.1", 2,
					       IPL_IFACE_LANPLUS, 3,
					       ipl_config_retry_ms(&cfg), &st), IPL_OK);
	ck_assert_int_gt(val_of(&lp, IPMI_LANP_DEFAULT_SIDEEFFECT_TIMEOUT),
			 1999999999);
	cfg.timeout_ms = 20000;
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "127.0.0.1", 2,
					       IPL_IFACE_LANPLUS, 3,
					       ipl_config_retry_ms(&cfg), &st), IPL_OK);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_ADDRESS_FAMILY), 2);
	p = ipl_lanp_params_find(&lp, IPMI_LANP_PARMID_PORTS);
	ck_assert_uint_eq(p->parm_data_len, 1);
	ck_assert_str_eq(((char **)p->parm_data)[0], "6230");
	/* OpenIPMI reads two entries of the port list: the second is NULL */
	ck_assert_ptr_null(((char **)p->parm_data)[1]);
	p = ipl_lanp_params_find(&lp, IPMI_LANP_PARMID_ADDRS);
	ck_assert_str_eq(((char **)p->parm_data)[0], "127.0.0.1");
	ck_assert_ptr_null(((char **)p->parm_data)[1]);
	p = ipl_lanp_params_find(&lp, IPMI_LANP_BMC_KEY);
	ck_assert_uint_eq(p->parm_data_len, 1);
	p = ipl_lanp_params_find(&lp, IPMI_LANP_PARMID_PASSWORD);
	ck_assert_uint_eq(p->parm_data_len, 7);
	ipl_lanp_params_wipe(&lp);
	ck_assert_uint_eq(lp.n, 0);
	ck_assert_ptr_null(ipl_lanp_params_find(&lp, IPMI_LANP_PARMID_PASSWORD));
}
END_TEST

START_TEST(test_lanp_lan_and_bad_suite)
{
	struct ipl_config cfg;
	struct ipl_lanp_params lp;
	ipl_status st;

	base_config(&cfg);
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "::1", 10,
					       IPL_IFACE_LAN, 0,
					       250, &st), IPL_OK);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_PARMID_AUTHTYPE),
			 IPMI_AUTHTYPE_MD5);
	/* the session's retry interval of this attempt, as given */
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_DEFAULT_TIMEOUT), 250000);
	ck_assert_ptr_null(ipl_lanp_params_find(
		&lp, IPMI_LANP_AUTHENTICATION_ALGORITHM));
	ck_assert_ptr_null(ipl_lanp_params_find(&lp, IPMI_LANP_BMC_KEY));
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "::1", 10,
					       IPL_IFACE_LANPLUS, 4,
					       ipl_config_retry_ms(&cfg), &st),
			 IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "suite 4"));
	ipl_lanp_params_wipe(&lp);
}
END_TEST

/* The suite is the attempt's, not the configuration's first: 17 runs the
 * engine's SHA-256 algorithms (03h, 04h) with OpenIPMI's AES. */
START_TEST(test_lanp_suite_17)
{
	struct ipl_config cfg;
	struct ipl_lanp_params lp;
	ipl_status st;

	base_config(&cfg);
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "127.0.0.1", 2,
					       IPL_IFACE_LANPLUS, 17, 1000, &st),
			 IPL_OK);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_AUTHENTICATION_ALGORITHM), 3);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_INTEGRITY_ALGORITHM), 4);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_CONFIDENTIALITY_ALGORITHM),
			 IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128);
	ck_assert_int_eq(ipl_lanp_params_build(&lp, &cfg, "127.0.0.1", 2,
					       IPL_IFACE_LANPLUS, 16, 1000, &st),
			 IPL_OK);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_INTEGRITY_ALGORITHM), 4);
	ck_assert_int_eq(val_of(&lp, IPMI_LANP_CONFIDENTIALITY_ALGORITHM),
			 IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE);
	ipl_lanp_params_wipe(&lp);
}
END_TEST

/* ---- connect errors ---- */

static struct ipl_connect_ctx
ctx(enum ipl_iface iface)
{
	struct ipl_connect_ctx c = {
		.where = "127.0.0.1:623", .login = "fence",
		.priv = IPMI_PRIVILEGE_OPERATOR, .auth = IPMI_AUTHTYPE_MD5,
		.cipher = 3, .iface = iface, .text = "text",
	};

	return c;
}

/* A monotonic time ms after an arbitrary start. */
static void
at_ms(struct timespec *t, unsigned int ms)
{
	t->tv_sec = 100 + ms / 1000u;
	t->tv_nsec = (long)(ms % 1000u) * 1000000L;
}

START_TEST(test_wire_kind)
{
	uint8_t d[16];

	put_header(d, 0x13, 0, 0);
	ck_assert_int_eq(ipl_wire_kind(d, sizeof(d)), IPL_WIRE_RAKP2);
	/* encrypted and authenticated: inside the session */
	put_header(d, 0xc0 | 0x15, 0, 0);
	ck_assert_int_eq(ipl_wire_kind(d, sizeof(d)),
			 IPL_WIRE_RAKP4 | IPL_WIRE_IN_SESSION);
	put_header(d, 0x15, 0, 0);
	ck_assert_int_eq(ipl_wire_kind(d, 5), IPL_WIRE_OTHER);
	d[4] = 0x02; /* MD5: an IPMI 1.5 session */
	ck_assert_int_eq(ipl_wire_kind(d, sizeof(d)), IPL_WIRE_IPMI15);
	d[0] = 0x07;
	ck_assert_int_eq(ipl_wire_kind(d, sizeof(d)), IPL_WIRE_OTHER);
}
END_TEST

/* An answer to Get Channel Authentication Capabilities into d, as a BMC
 * sends it outside a session (authentication type none): completion code
 * cc, data byte 2 (authentication types; bit 7: extended capabilities)
 * auth, byte 4 (bit 1: IPMI 2.0) ext.  Returns its length. */
static size_t
put_authcap(uint8_t *d, uint8_t cc, uint8_t auth, uint8_t ext)
{
	static const uint8_t head[] = {
		0x06, 0x00, 0xff, 0x07,     /* RMCP, class IPMI          */
		0x00, 0, 0, 0, 0, 0, 0, 0, 0, /* IPMI 1.5, no session  */
		16,                         /* message length            */
		0x81, 0x07 << 2, 0x00, 0x20, 0x04, 0x38,
	};

	memset(d, 0, 64);
	memcpy(d, head, sizeof(head));
	d[sizeof(head)] = cc;
	d[sizeof(head) + 1] = 0x01;     /* channel 1 */
	d[sizeof(head) + 2] = auth;
	d[sizeof(head) + 4] = ext;
	return sizeof(head) + 10;       /* 8 data bytes, 1 checksum */
}

/* The BMC's word on RMCP+ is read from its answer, not from timing. */
START_TEST(test_wire_authcap)
{
	uint8_t d[64];
	size_t n = put_authcap(d, 0x00, 0x80 | 0x16, 0x02);
	struct ipl_wire_watch w;
	struct timespec t;

	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_RMCPP);
	/* cut inside the data: no word on RMCP+; before the completion
	 * code: not recognisable as that answer */
	ck_assert_int_eq(ipl_wire_authcap(d, 24), IPL_AUTHCAP_NO_RMCPP);
	ck_assert_int_eq(ipl_wire_authcap(d, 20), IPL_AUTHCAP_NONE);
	n = put_authcap(d, 0x00, 0x16, 0x02);   /* no extended bit */
	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_NO_RMCPP);
	n = put_authcap(d, 0x00, 0x80 | 0x16, 0x01);   /* IPMI 1.5 only */
	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_NO_RMCPP);
	n = put_authcap(d, 0xCC, 0x80 | 0x16, 0x02);   /* refused */
	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_NO_RMCPP);
	n = put_authcap(d, 0x00, 0x80 | 0x16, 0x02);
	d[19] = 0x39;   /* Get Session Challenge: another command */
	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_NONE);
	d[19] = 0x38;
	d[15] = 0x06 << 2;   /* a request (netFn App), not an answer */
	ck_assert_int_eq(ipl_wire_authcap(d, n), IPL_AUTHCAP_NONE);
	put_header(d, 0x11, 0, 0);   /* an RMCP+ Open Session Response */
	ck_assert_int_eq(ipl_wire_authcap(d, 16), IPL_AUTHCAP_NONE);

	/* the watch: a denial counts unless an answer offered RMCP+ */
	at_ms(&t, 0);
	ipl_wire_start(&w, &t);
	ck_assert(!ipl_wire_denied_rmcpp(&w));   /* silence */
	n = put_authcap(d, 0x00, 0x16, 0x00);
	ipl_wire_note(&w, d, n, &t);
	ck_assert(ipl_wire_denied_rmcpp(&w));
	n = put_authcap(d, 0x00, 0x80 | 0x16, 0x02);
	ipl_wire_note(&w, d, n, &t);
	ck_assert(!ipl_wire_denied_rmcpp(&w));
	w.armed = false;
	ck_assert(!ipl_wire_denied_rmcpp(&w));
	/* a RAKP 2 outside the session: RAKP 1 was answered */
	ipl_wire_start(&w, &t);
	ck_assert(!w.rakp2_seen);
	put_header(d, 0x13, 0, 0);
	ipl_wire_note(&w, d, 16, &t);
	ck_assert(w.rakp2_seen);
}
END_TEST

/* Arm w at 0 ms and feed it the answers of the first handshake steps,
 * gap_ms apart: Get Channel Authentication Capabilities (an IPMI 1.5
 * frame), Open Session Response, RAKP 2. */
static void
feed_to_rakp2(struct ipl_wire_watch *w, unsigned int gap_ms)
{
	uint8_t d[16];
	struct timespec t;

	at_ms(&t, 0);
	ipl_wire_start(w, &t);
	put_header(d, 0, 0, 0);
	d[4] = 0x00;
	at_ms(&t, gap_ms);
	ipl_wire_note(w, d, sizeof(d), &t);
	put_header(d, IPL_WIRE_OPEN_RSP, 0, 0);
	at_ms(&t, 2 * gap_ms);
	ipl_wire_note(w, d, sizeof(d), &t);
	put_header(d, IPL_WIRE_RAKP2, 0, 0);
	at_ms(&t, 3 * gap_ms);
	ipl_wire_note(w, d, sizeof(d), &t);
}

START_TEST(test_wire_rakp3_rule)
{
	struct ipl_wire_watch w;
	uint8_t d[16];
	struct timespec t;

	memset(&w, 0, sizeof(w));
	ck_assert(!ipl_wire_rakp3_futile(&w));
	feed_to_rakp2(&w, 2);
	ck_assert_uint_eq(w.count, 3);
	ck_assert_uint_eq(w.min_gap_ms, 2);
	ck_assert(!ipl_wire_rakp3_futile(&w));
	/* the resend answered inside the session first: futile */
	put_header(d, 0xc0 | IPL_WIRE_RAKP4, 0, 0);
	at_ms(&t, 300);
	ipl_wire_note(&w, d, sizeof(d), &t);
	ck_assert(ipl_wire_rakp3_futile(&w));
	/* RAKP 4 came outside the session first: an in-session one after
	 * it (a late answer to a resend) changes nothing */
	feed_to_rakp2(&w, 1500);
	ck_assert_uint_eq(w.min_gap_ms, 1500);
	put_header(d, IPL_WIRE_RAKP4, 0, 0);
	at_ms(&t, 5000);
	ipl_wire_note(&w, d, sizeof(d), &t);
	put_header(d, 0xc0 | IPL_WIRE_RAKP4, 0, 0);
	at_ms(&t, 5001);
	ipl_wire_note(&w, d, sizeof(d), &t);
	ck_assert(!ipl_wire_rakp3_futile(&w));
	/* disarmed: nothing is recorded, nothing is futile */
	w.armed = false;
	ipl_wire_note(&w, d, sizeof(d), &t);
	ck_assert_uint_eq(w.count, 5);
	ck_assert(!ipl_wire_rakp3_futile(&w));
}
END_TEST

START_TEST(test_pace_rakp3_and_growth)
{
	struct ipl_config cfg;
	struct ipl_wire_watch w;
	struct ipl_pace p;
	struct timespec now;
	uint8_t d[16];

	base_config(&cfg);
	cfg.msg_timeout_ms = 1500;
	/* RAKP 2 came long ago, no RAKP 4: left to OpenIPMI's retries */
	clock_gettime(CLOCK_MONOTONIC, &now);
	ipl_wire_start(&w, &now);
	put_header(d, IPL_WIRE_RAKP2, 0, 0);
	ipl_wire_note(&w, d, sizeof(d), &now);
	w.last.tv_sec -= 5;
	ipl_pace_init(&p, &cfg, true);
	ck_assert_uint_eq(p.retry_ms, 250);
	ck_assert_int_eq(ipl_pace_check(&p, &w), IPL_PACE_WAIT);
	/* a RAKP 4 inside the session first: futile at once */
	put_header(d, 0xc0 | IPL_WIRE_RAKP4, 0, 0);
	ipl_wire_note(&w, d, sizeof(d), &now);
	ck_assert_int_eq(ipl_pace_check(&p, &w), IPL_PACE_FUTILE);
	/* a status (no persist) never ends an attempt early, and keeps
	 * msg_timeout per try */
	ipl_pace_init(&p, &cfg, false);
	ck_assert_uint_eq(p.retry_ms, 1500);
	ck_assert_int_eq(ipl_pace_check(&p, &w), IPL_PACE_WAIT);
	/* no answer at all to 7 tries: retry half as often, up to
	 * msg_timeout */
	ipl_pace_init(&p, &cfg, true);
	ipl_pace_after_no_answer(&p);
	ck_assert_uint_eq(p.retry_ms, 500);
	ipl_pace_after_no_answer(&p);
	ck_assert_uint_eq(p.retry_ms, 1000);
	ipl_pace_after_no_answer(&p);
	ck_assert_uint_eq(p.retry_ms, 1500);
}
END_TEST

START_TEST(test_pace_repeats)
{
	struct ipl_config cfg;
	struct ipl_wire_watch w;
	struct ipl_pace p;
	struct timespec t;

	base_config(&cfg);
	cfg.msg_timeout_ms = 1500;
	ipl_pace_init(&p, &cfg, true);
	/* a fast BMC: the retry interval, growing to twice it */
	feed_to_rakp2(&w, 3);
	ipl_pace_connected(&p, &w);
	ck_assert_uint_eq(p.answer_ms, 3);
	ck_assert_uint_eq(ipl_pace_first_repeat_ms(&p), 250);
	ck_assert_uint_eq(ipl_pace_next_repeat_ms(&p, 250), 375);
	ck_assert_uint_eq(ipl_pace_next_repeat_ms(&p, 375), 500);
	ck_assert_uint_eq(ipl_pace_next_repeat_ms(&p, 500), 500);
	/* a BMC that took 1.5 s per answer (counted as msg_timeout at
	 * most): 2.25 s before the first copy, never less */
	feed_to_rakp2(&w, 1500);
	ipl_pace_connected(&p, &w);
	ck_assert_uint_eq(p.answer_ms, 1500); /* at most msg_timeout */
	ck_assert_uint_eq(ipl_pace_first_repeat_ms(&p), 2250);
	ck_assert_uint_eq(ipl_pace_next_repeat_ms(&p, 2250), 2250);
	/* nothing seen: no change */
	at_ms(&t, 0);
	ipl_wire_start(&w, &t);
	ipl_pace_connected(&p, &w);
	ck_assert_uint_eq(p.answer_ms, 1500);
}
END_TEST

START_TEST(test_config_retry_ms)
{
	struct ipl_config cfg;

	base_config(&cfg);
	cfg.msg_timeout_ms = 1000;
	ck_assert_uint_eq(ipl_config_retry_ms(&cfg), 166);
	cfg.msg_timeout_ms = 500;
	ck_assert_uint_eq(ipl_config_retry_ms(&cfg), IPL_RETRY_MIN_MS);
	cfg.msg_timeout_ms = 100;
	ck_assert_uint_eq(ipl_config_retry_ms(&cfg), 100);
	cfg.msg_timeout_ms = 60000;
	ck_assert_uint_eq(ipl_config_retry_ms(&cfg), 10000);
}
END_TEST

START_TEST(test_connect_error_rmcpp_rows)
{
	static const struct {
		unsigned int code;
		ipl_rc rc;
		const char *has;
		bool refused;   /* the next listed suite may be proposed */
	} want[] = {
		{ 0x0d, IPL_ERR_ACCESS, "unknown user \"fence\"", false },
		{ 0x09, IPL_ERR_ACCESS, "operator privilege (RMCP+ status 0x09)",
		  false },
		{ 0x0f, IPL_ERR_ACCESS, "wrong password or K_g", false },
		{ 0x04, IPL_ERR_ACCESS, "refuses cipher suite 3 (RMCP+ status "
		  "0x04)", true },
		{ 0x05, IPL_ERR_ACCESS, "refuses cipher suite 3", true },
		{ 0x06, IPL_ERR_ACCESS, "refuses cipher suite 3", false },
		{ 0x07, IPL_ERR_ACCESS, "refuses cipher suite 3", false },
		{ 0x10, IPL_ERR_ACCESS, "refuses cipher suite 3", true },
		{ 0x11, IPL_ERR_ACCESS, "refuses cipher suite 3 (RMCP+ status "
		  "0x11)", true },
		{ 0x01, IPL_ERR_REFUSED, "no free session slot", false },
		{ 0x0b, IPL_ERR_REFUSED, "no free session slot at operator",
		  false },
		{ 0x33, IPL_ERR_ACCESS, "refused the RMCP+ session (status "
		  "0x33)", false },
	};
	struct ipl_connect_ctx c = ctx(IPL_IFACE_LANPLUS);
	struct ipl_connect_verdict v;
	ipl_status st;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		unsigned int code = want[i].code;

		v.no_rmcpp = true;
		v.suite_refused = !want[i].refused;
		ck_assert_int_eq(ipl_connect_error(IPMI_RMCPP_ERR_VAL(code),
						   &c, &v, &st), want[i].rc);
		ck_assert_msg(strstr(st.msg, want[i].has) != NULL,
			      "\"%s\" lacks \"%s\"", st.msg, want[i].has);
		ck_assert_msg(strstr(st.msg, "127.0.0.1:623") != NULL, "%s",
			      st.msg);
		ck_assert(!v.no_rmcpp);
		ck_assert(v.busy == (code == 0x01 || code == 0x0b));
		ck_assert_msg(v.suite_refused == want[i].refused,
			      "status 0x%02x", code);
	}
}
END_TEST

/* Silence is never a refusal; after a SHA-256 proposal it says what a BMC
 * that ignores such requests needs. */
START_TEST(test_connect_error_silent_sha256)
{
	struct ipl_connect_ctx slow = ctx(IPL_IFACE_LANPLUS);
	struct ipl_connect_verdict v;
	ipl_status st;

	slow.cipher = 17;
	slow.open_unanswered = true;   /* OpenIPMI made the answer up */
	ck_assert_int_eq(ipl_connect_error(EINVAL, &slow, &v, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert(!v.suite_refused);
	ck_assert_ptr_nonnull(strstr(st.msg, "cipher suite 17"));
	ck_assert_ptr_nonnull(strstr(st.msg, "set cipher=3"));
	ck_assert_int_eq(ipl_connect_error(IPMI_IPMI_ERR_VAL(0xC3), &slow, &v,
					   &st), IPL_ERR_TIMEOUT);
	ck_assert(!v.suite_refused);
	ck_assert_ptr_nonnull(strstr(st.msg, "set cipher=3"));
	ck_assert_int_eq(ipl_connect_error(ENOENT, &slow, &v, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert(!v.suite_refused && !v.no_rmcpp);
	slow.cipher = 3;
	ck_assert_int_eq(ipl_connect_error(EINVAL, &slow, &v, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert_ptr_null(strstr(st.msg, "cipher=3"));
}
END_TEST

START_TEST(test_connect_error_cc_and_errno)
{
	struct ipl_connect_ctx lan = ctx(IPL_IFACE_LAN);
	struct ipl_connect_ctx denied = ctx(IPL_IFACE_LANPLUS);
	struct ipl_connect_ctx slow = ctx(IPL_IFACE_LANPLUS);
	struct ipl_connect_ctx lost = ctx(IPL_IFACE_LANPLUS);
	struct ipl_connect_verdict v;
	ipl_status st;

	ck_assert_int_eq(ipl_connect_error(IPMI_IPMI_ERR_VAL(0xC3), &lan,
					   &v, &st), IPL_ERR_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(st.msg, "IPMI 1.5 session"));
	ck_assert_int_eq(ipl_connect_error(IPMI_IPMI_ERR_VAL(0x86), &lan,
					   &v, &st), IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, "may not use operator privilege "
				     "(completion code 0x86)"));
	ck_assert(v.busy == false);
	ck_assert_int_eq(ipl_connect_error(IPMI_IPMI_ERR_VAL(0x81), &lan,
					   &v, &st), IPL_ERR_ACCESS);
	/* ambiguous (unknown user or no slot): final, never retried */
	ck_assert(!v.busy);
	/* ENOENT: "no RMCP+" only when the BMC said so, whenever it came;
	 * without such an answer it is OpenIPMI's made-up one: silence
	 * (a lost answer to Get Channel Authentication Capabilities) */
	denied.rmcpp_denied = true;
	ck_assert_int_eq(ipl_connect_error(ENOENT, &denied, &v, &st),
			 IPL_ERR_ACCESS);
	ck_assert(v.no_rmcpp);
	ck_assert_ptr_nonnull(strstr(st.msg, "does not offer IPMI 2.0"));
	ck_assert_int_eq(ipl_connect_error(ENOENT, &slow, &v, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert(!v.no_rmcpp);
	ck_assert_ptr_nonnull(strstr(st.msg, "no answer from BMC"));
	/* EINVAL after a RAKP 2: its check (or RAKP 4's) failed, the
	 * password or K_g, whenever it came */
	denied.rakp2_seen = true;
	ck_assert_int_eq(ipl_connect_error(EINVAL, &denied, &v, &st),
			 IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, "wrong password or K_g for user "
				     "\"fence\""));
	/* before any RAKP 2: an Open Session Response OpenIPMI could not
	 * use, never a password (none was checked) */
	ck_assert_int_eq(ipl_connect_error(EINVAL, &slow, &v, &st),
			 IPL_ERR_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(st.msg, "password was never checked"));
	ck_assert(!v.busy && !v.no_rmcpp && !v.suite_refused);
	lost.open_unanswered = true;
	ck_assert_int_eq(ipl_connect_error(EINVAL, &lost, &v, &st),
			 IPL_ERR_TIMEOUT);
	lost.open_unanswered = false;
	lost.unanswered = "RAKP 1";
	ck_assert_int_eq(ipl_connect_error(IPMI_IPMI_ERR_VAL(0xC3), &lost,
					   &v, &st), IPL_ERR_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(st.msg, "may not know user \"fence\""));
	ck_assert_int_eq(ipl_connect_error(EINVAL, &lan, &v, &st),
			 IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, "authentication type md5"));
	ck_assert_int_eq(ipl_connect_error(EIO, &denied, &v, &st),
			 IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, ": text"));
}
END_TEST

/* ---- a session OpenIPMI lost ---- */

/* Once OpenIPMI has reported the connection down after it was up, it
 * would send a request outside any session, unauthenticated: nothing is
 * sent (the session has no connection here, so a send would crash), and
 * the request fails as a lost answer, which lets a fence go on in a new
 * session.  A repeatable read and a control alike. */
START_TEST(test_session_lost_sends_nothing)
{
	static const uint8_t off[] = { 0x00 };
	struct ipl_session s;
	struct ipl_deadline dl;
	uint8_t rsp[8];
	size_t n = 99;
	ipl_status st;

	memset(&s, 0, sizeof(s));
	g_strlcpy(s.where, "127.0.0.1:623", sizeof(s.where));
	ipl_rmcpp_guard_init(&s.guard, NULL);
	s.con_up = true;
	s.lost = true;
	ipl_deadline_in(&dl, 1000);
	ck_assert_int_eq(ipl_session_request(&s, 0x00, 0x01, NULL, 0, true,
					     &dl, rsp, sizeof(rsp), &n, &st),
			 IPL_ERR_TIMEOUT);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(strstr(st.msg, "OpenIPMI lost the session with "
				     "BMC 127.0.0.1:623"));
	ck_assert_ptr_nonnull(strstr(st.msg, "command 0x01 got no answer in "
				     "it, and nothing more is sent in it"));
	ck_assert_int_eq(ipl_session_request(&s, 0x00, 0x02, off, sizeof(off),
					     false, &dl, rsp, sizeof(rsp), &n,
					     &st), IPL_ERR_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(st.msg, "command 0x02"));
	ck_assert_uint_eq(s.req_gen, 2);   /* two requests, no copy sent */
}
END_TEST

/* ---- the connect policy, over scripted BMCs ---- */

/* One scripted answer: the result and what the BMC said. */
struct scripted {
	ipl_rc rc;
	bool refused, other_algs, no_rmcpp, busy;
};

struct script {
	const struct scripted *answers;
	unsigned int n, calls;
	enum ipl_iface iface[8];
	int suite[8];
};

static ipl_rc
scripted_attempt(void *ctx, enum ipl_iface iface, int suite,
		 struct ipl_connect_verdict *v, ipl_status *st)
{
	struct script *sc = ctx;
	const struct scripted *a;

	ck_assert_uint_lt(sc->calls, sc->n);
	ck_assert_uint_lt(sc->calls, 8);
	a = &sc->answers[sc->calls];
	sc->iface[sc->calls] = iface;
	sc->suite[sc->calls] = suite;
	sc->calls++;
	memset(v, 0, sizeof(*v));
	v->suite_refused = a->refused;
	v->other_algs = a->other_algs;
	v->no_rmcpp = a->no_rmcpp;
	v->busy = a->busy;
	return a->rc == IPL_OK ? IPL_OK
		: ipl_fail(st, a->rc, "scripted failure %u", sc->calls);
}

static ipl_rc
run_script(const char *cipher, enum ipl_iface iface, bool persist,
	   const struct scripted *answers, unsigned int n, struct script *sc)
{
	struct ipl_config cfg;
	struct ipl_deadline dl;
	struct ipl_connect_plan p;
	ipl_status st;

	base_config(&cfg);
	cfg.iface = iface;
	cfg.msg_timeout_ms = 50;
	ck_assert_int_eq(ipl_parse_cipher(cipher, &cfg.ciphers, &st), IPL_OK);
	memset(sc, 0, sizeof(*sc));
	sc->answers = answers;
	sc->n = n;
	ipl_deadline_in(&dl, 5000);
	p = (struct ipl_connect_plan){ &cfg, "127.0.0.1:623", &dl, persist,
				       scripted_attempt, sc };
	return ipl_connect_run(&p, &st);
}

START_TEST(test_policy_other_algorithms_move_to_the_next_suite)
{
	/* pyghmi: a proposal of 17 answered with suite 3's algorithms */
	static const struct scripted pyghmi[] = {
		{ IPL_ERR_ACCESS, true, true, false, false },
		{ IPL_OK, false, false, false, false },
	};
	static const struct scripted silent[] = {
		{ IPL_ERR_TIMEOUT, false, false, false, false },
	};
	static const struct scripted wrong_pw[] = {
		{ IPL_ERR_ACCESS, false, false, false, false },
	};
	struct script sc;

	ck_assert_int_eq(run_script("auto", IPL_IFACE_AUTO, true, pyghmi, 2,
				    &sc), IPL_OK);
	ck_assert_uint_eq(sc.calls, 2);
	ck_assert_int_eq(sc.suite[0], 17);
	ck_assert_int_eq(sc.suite[1], 3);
	ck_assert_int_eq(sc.iface[1], IPL_IFACE_LANPLUS);
	ck_assert_int_eq(run_script("16,3,17", IPL_IFACE_LANPLUS, false,
				    pyghmi, 2, &sc), IPL_OK);
	ck_assert_int_eq(sc.suite[1], 3);
	/* one suite: other algorithms are the end, nothing else is tried */
	ck_assert_int_eq(run_script("17", IPL_IFACE_AUTO, true, pyghmi, 2,
				    &sc), IPL_ERR_ACCESS);
	ck_assert_uint_eq(sc.calls, 1);
	/* the last suite of a list, likewise */
	ck_assert_int_eq(run_script("3,17", IPL_IFACE_AUTO, false, pyghmi, 2,
				    &sc), IPL_OK);
	ck_assert_int_eq(sc.suite[1], 17);
	/* silence and a wrong password are no refusal of the suite */
	ck_assert_int_eq(run_script("auto", IPL_IFACE_LANPLUS, false, silent,
				    1, &sc), IPL_ERR_TIMEOUT);
	ck_assert_uint_eq(sc.calls, 1);
	ck_assert_int_eq(run_script("auto", IPL_IFACE_AUTO, true, wrong_pw, 1,
				    &sc), IPL_ERR_ACCESS);
	ck_assert_uint_eq(sc.calls, 1);
}
END_TEST

START_TEST(test_policy_interface_and_retries)
{
	static const struct scripted no_rmcpp[] = {
		{ IPL_ERR_ACCESS, false, false, true, false },
		{ IPL_OK, false, false, false, false },
	};
	static const struct scripted busy_then_ok[] = {
		{ IPL_ERR_REFUSED, false, false, false, true },
		{ IPL_OK, false, false, false, false },
	};
	struct script sc;

	ck_assert_int_eq(run_script("auto", IPL_IFACE_AUTO, false, no_rmcpp,
				    2, &sc), IPL_OK);
	ck_assert_int_eq(sc.iface[0], IPL_IFACE_LANPLUS);
	ck_assert_int_eq(sc.iface[1], IPL_IFACE_LAN);
	ck_assert_int_eq(sc.suite[1], 0);
	ck_assert_int_eq(run_script("auto", IPL_IFACE_LANPLUS, false,
				    no_rmcpp, 2, &sc), IPL_ERR_ACCESS);
	ck_assert_uint_eq(sc.calls, 1);
	/* out of session slots: again with persist, not without */
	ck_assert_int_eq(run_script("3", IPL_IFACE_LANPLUS, true,
				    busy_then_ok, 2, &sc), IPL_OK);
	ck_assert_uint_eq(sc.calls, 2);
	ck_assert_int_eq(run_script("3", IPL_IFACE_LANPLUS, false,
				    busy_then_ok, 2, &sc), IPL_ERR_REFUSED);
	ck_assert_uint_eq(sc.calls, 1);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("pure");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_deadline_after_carries);
	tcase_add_test(tc, test_deadline_left_and_passed);
	tcase_add_test(tc, test_deadline_sleep_is_bounded);
	tcase_add_test(tc, test_lanp_lanplus);
	tcase_add_test(tc, test_lanp_lan_and_bad_suite);
	tcase_add_test(tc, test_lanp_suite_17);
	tcase_add_test(tc, test_wire_kind);
	tcase_add_test(tc, test_wire_authcap);
	tcase_add_test(tc, test_session_lost_sends_nothing);
	tcase_add_test(tc, test_wire_rakp3_rule);
	tcase_add_test(tc, test_config_retry_ms);
	tcase_add_test(tc, test_pace_rakp3_and_growth);
	tcase_add_test(tc, test_pace_repeats);
	tcase_add_test(tc, test_connect_error_rmcpp_rows);
	tcase_add_test(tc, test_connect_error_cc_and_errno);
	tcase_add_test(tc, test_connect_error_silent_sha256);
	tcase_add_test(tc, test_policy_other_algorithms_move_to_the_next_suite);
	tcase_add_test(tc, test_policy_interface_and_retries);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
