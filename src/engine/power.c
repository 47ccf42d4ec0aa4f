/*
 * power.c - the power policy: what status, on, off and reset mean for a
 * node, carried out through the BMC operations (engine/bmc.h) and verified
 * with Get Chassis Status polls, all before cfg->timeout_ms.
 *
 * The rules (doc/design.md, section 6):
 * - "done" only on evidence from the BMC: off seen for off, on for on, off
 *   and then on for a reset by onoff or power cycle;
 * - a Chassis Control is sent once per request; power on and power off are
 *   idempotent and may be sent again after the state was read anew, a power
 *   cycle or hard reset never: when its answer is lost, the outcome is
 *   learnt from Get Chassis Status, or the request fails;
 * - a session that fails in the middle (a lost answer, a garbled one) is
 *   replaced by a new one while the deadline allows, and the request goes
 *   on from what it has seen so far.
 */
#include "config.h"

#include "engine/chassis.h"
#include "engine/log.h"
#include "engine/power.h"

#define IPL_RSP_MAX 64
/* Sends of power on or power off in one request, at most: each after the
 * state read anew showed that the one before had no effect and no answer
 * came (on a network losing 30 % of the datagrams each way, 3 sends are
 * all lost in 2.7 % of the requests, 8 in 0.007 %). */
#define IPL_MAX_ONOFF_SENDS 8u
/* The first wait before a poll for a power change (then doubling up to
 * power_wait). */
#define IPL_FIRST_POLL_MS 100u
/* Poll interval while waiting for the off phase of a power cycle (IPMI
 * keeps the node off for at least 1 s). */
#define IPL_CYCLE_POLL_MS 200u
/* How long the answer to a Chassis Control is waited for, at least, before
 * its outcome is learnt from Get Chassis Status instead. */
#define IPL_CONTROL_WAIT_MIN_MS 2000u
/* Time kept back from the operation for closing the session. */
#define IPL_CLOSE_RESERVE_MAX_MS 1000u
/* Pause before a new session after a failed one: doubles from the first
 * to the last. */
#define IPL_SESSION_PAUSE_FIRST_MS 100u
#define IPL_SESSION_PAUSE_MAX_MS 1600u

const char *
ipl_power_request_name(enum ipl_power_request req)
{
	switch (req) {
	case IPL_POWER_ON:    return "on";
	case IPL_POWER_OFF:   return "off";
	case IPL_POWER_RESET: return "reset";
	}
	return "unknown";
}

/* One request, across the sessions it takes. */
struct run {
	const struct ipl_bmc *b;
	const struct ipl_config *cfg;
	enum ipl_power_request req;
	struct ipl_deadline dl;          /* for the work; the close comes after */
	unsigned int onoff_sends;        /* power on / off sent               */
	bool control_sent;               /* any control sent in this request  */
	bool restart_sent;               /* the cycle or hard reset (once!)   */
	bool restart_unknown;            /* ... and its answer was lost       */
	bool off_done;                   /* onoff: the node was seen off      */
	bool seen_off;                   /* off seen after the restart        */
	bool retry;                      /* the failure was the session's     */
	struct ipl_chassis_state last;   /* the last state read               */
	unsigned int polls;
};

static const char *
where(const struct run *r)
{
	return r->b->ops->where(r->b->ctx);
}

/*
 * One Get Chassis Status into r->last.  A lost or garbled answer, or a
 * completion code other than "insufficient privilege" (a BMC answers 0xD5
 * to a session OpenIPMI re-opened under it), marks the failure as the
 * session's: a new session may do better.
 */
static ipl_rc
read_state(struct run *r, ipl_status *st)
{
	uint8_t rsp[IPL_RSP_MAX];
	size_t len = 0;
	ipl_rc rc;

	rc = r->b->ops->chassis_status(r->b->ctx, &r->dl, rsp, sizeof(rsp),
				       &len, st);
	if (rc == IPL_OK) {
		rc = ipl_chassis_decode_state(rsp, len, &r->last, st);
	}
	if (rc == IPL_OK) {
		r->polls++;
		if (!r->last.on) {
			r->seen_off = true;
		}
	} else if (rc != IPL_ERR_ACCESS) {
		r->retry = true;
	}
	return rc;
}

/* After a control of this request: a fault the BMC reports is a failure. */
static ipl_rc
check_faults(const struct run *r, ipl_status *st)
{
	if (!r->control_sent) {
		return IPL_OK;
	}
	if (r->last.control_fault) {
		return ipl_fail(st, IPL_ERR_POWER, "BMC %s reports a power "
				"control fault (Get Chassis Status): the power "
				"control failed", where(r));
	}
	if (r->last.power_fault) {
		return ipl_fail(st, IPL_ERR_POWER, "BMC %s reports a fault in "
				"the main power subsystem (Get Chassis Status)",
				where(r));
	}
	return IPL_OK;
}

/*
 * How long the answer to Chassis Control ctl is waited for.  A power cycle:
 * one message timeout, since its evidence (the off phase, 1 s at least)
 * must be watched for while it happens.  A hard reset: a few message
 * timeouts (its outcome cannot be learnt otherwise).  Power on and off:
 * one message timeout (how long one message may take: a refusal must be
 * seen as one), not more, since their outcome is read from Get Chassis
 * Status anyway (and they may be sent again after that read).
 */
static unsigned int
control_wait_ms(const struct run *r, enum ipl_chassis_ctl ctl)
{
	unsigned int ms;

	switch (ctl) {
	case IPL_CTL_POWER_CYCLE:
	case IPL_CTL_POWER_UP:
	case IPL_CTL_POWER_DOWN:
		return r->cfg->msg_timeout_ms;
	default:
		ms = 4u * r->cfg->msg_timeout_ms;
		return ms < IPL_CONTROL_WAIT_MIN_MS ? IPL_CONTROL_WAIT_MIN_MS
						    : ms;
	}
}

/*
 * Send Chassis Control ctl once and wait for its answer (control_wait_ms).
 * IPL_OK: accepted.  IPL_ERR_TIMEOUT: no answer yet, the outcome is unknown
 * (the caller learns it from Get Chassis Status).  *cc (may be NULL)
 * receives the completion code of an answer.
 */
static ipl_rc
send_control(struct run *r, enum ipl_chassis_ctl ctl, uint8_t *cc,
	     ipl_status *st)
{
	unsigned int wait_ms = control_wait_ms(r, ctl);
	struct ipl_deadline answer_by;
	uint8_t rsp[IPL_RSP_MAX];
	size_t len = 0;
	ipl_rc rc;

	ipl_deadline_in(&answer_by, wait_ms);
	ipl_deadline_min(&answer_by, &answer_by, &r->dl);
	r->control_sent = true;
	rc = r->b->ops->chassis_control(r->b->ctx, ctl, &answer_by, rsp,
					sizeof(rsp), &len, st);
	if (rc == IPL_ERR_TIMEOUT) {
		ipl_log(IPL_LOG_WARN, "ipmilan: no answer from %s to Chassis "
			"Control (%s) within %u ms; not sending it again, "
			"reading the power state instead", where(r),
			ipl_chassis_ctl_name(ctl), wait_ms);
		ipl_status_clear(st);
		return IPL_ERR_TIMEOUT;
	}
	if (rc != IPL_OK) {
		return rc;
	}
	if (cc != NULL && len >= 1) {
		*cc = rsp[0];
	}
	return ipl_chassis_decode_control(ctl, rsp, len, st);
}

/*
 * Sleep until the next poll: interval_ms, but leave one message timeout
 * for the last poll before the deadline; once less than that is left, the
 * interval still passes between polls (capped by the deadline).
 */
static void
pause_before_poll(const struct run *r, unsigned int interval_ms)
{
	unsigned int left = ipl_deadline_left_ms(&r->dl);
	unsigned int keep = r->cfg->msg_timeout_ms;

	if (left > keep && interval_ms > left - keep) {
		interval_ms = left - keep;
	}
	ipl_deadline_sleep(interval_ms, &r->dl);
}

/* The failure of a wait for want_on that ran out of time. */
static ipl_rc
power_not_reached(const struct run *r, bool want_on, ipl_status *st)
{
	return ipl_fail(st, IPL_ERR_POWER, "BMC %s still reports power %s "
			"after %u poll(s); the %u ms timeout ran out waiting "
			"for power %s", where(r), r->last.on ? "on" : "off",
			r->polls, r->cfg->timeout_ms, want_on ? "on" : "off");
}

/*
 * Poll until the BMC reports want_on or the deadline passes: the first
 * poll IPL_FIRST_POLL_MS after the last read, each next one after twice
 * the wait before it, up to interval_ms (a node whose power changes at
 * once is seen at once, a slow one is polled every interval_ms).  A poll
 * that finds no answer once the BMC has answered before is the time
 * running out, not the session failing.
 */
static ipl_rc
wait_for(struct run *r, bool want_on, unsigned int interval_ms,
	 ipl_status *st)
{
	unsigned int gap_ms = interval_ms < IPL_FIRST_POLL_MS
		? interval_ms : IPL_FIRST_POLL_MS;
	ipl_rc rc;

	for (;;) {
		rc = check_faults(r, st);
		if (rc != IPL_OK) {
			return rc;
		}
		if (r->last.on == want_on) {
			ipl_log(IPL_LOG_DEBUG, "ipmilan: %s reports power %s "
				"after %u poll(s)", where(r),
				want_on ? "on" : "off", r->polls);
			return IPL_OK;
		}
		if (ipl_deadline_passed(&r->dl)) {
			return power_not_reached(r, want_on, st);
		}
		pause_before_poll(r, gap_ms);
		gap_ms = 2u * gap_ms < interval_ms ? 2u * gap_ms : interval_ms;
		rc = read_state(r, st);
		if (rc == IPL_ERR_TIMEOUT && ipl_deadline_passed(&r->dl)) {
			r->retry = false;
			return power_not_reached(r, want_on, st);
		}
		if (rc != IPL_OK) {
			return rc;
		}
	}
}

/*
 * Power on (want_on) or off, verified.  The node's state was just read: if
 * it is there already, nothing is sent.  Power on and off are idempotent:
 * when the answer to one was lost and the state read anew right after
 * shows no change (the request itself may have been lost), it is sent
 * again, IPL_MAX_ONOFF_SENDS times per request at most, the last one then
 * given until the deadline; a new session may send it again too, after
 * reading the state.
 */
static ipl_rc
drive(struct run *r, bool want_on, ipl_status *st)
{
	enum ipl_chassis_ctl ctl = want_on ? IPL_CTL_POWER_UP
					   : IPL_CTL_POWER_DOWN;
	bool lost;
	ipl_rc rc;

	while (r->last.on != want_on) {
		if (r->onoff_sends >= IPL_MAX_ONOFF_SENDS) {
			return ipl_fail(st, IPL_ERR_POWER, "BMC %s: power %s "
					"was sent %u times without effect",
					where(r), want_on ? "up" : "down",
					r->onoff_sends);
		}
		r->onoff_sends++;
		rc = send_control(r, ctl, NULL, st);
		if (rc != IPL_OK && rc != IPL_ERR_TIMEOUT) {
			return rc;
		}
		lost = rc == IPL_ERR_TIMEOUT;
		rc = read_state(r, st);
		if (rc == IPL_OK) {
			rc = check_faults(r, st);
		}
		if (rc != IPL_OK) {
			return rc;
		}
		if (!lost || r->onoff_sends >= IPL_MAX_ONOFF_SENDS) {
			return wait_for(r, want_on, r->cfg->power_wait_ms, st);
		}
	}
	return wait_for(r, want_on, r->cfg->power_wait_ms, st);
}

/* reset_method=onoff: off verified, then on verified. */
static ipl_rc
reset_onoff(struct run *r, ipl_status *st)
{
	ipl_rc rc;

	if (!r->off_done) {
		rc = drive(r, false, st);
		if (rc != IPL_OK) {
			return rc;
		}
		r->off_done = true;
	}
	return drive(r, true, st);
}

/*
 * The evidence of a restart: for a power cycle, the node seen off (polled
 * fast: the off phase may be short) and then on; a hard reset leaves the
 * node on and cannot be observed, so it is reported unverified.
 */
static ipl_rc
restart_evidence(struct run *r, enum ipl_chassis_ctl ctl, ipl_status *st)
{
	unsigned int fast = r->cfg->power_wait_ms < IPL_CYCLE_POLL_MS
		? r->cfg->power_wait_ms : IPL_CYCLE_POLL_MS;
	ipl_rc rc;

	if (ctl == IPL_CTL_HARD_RESET) {
		if (r->restart_unknown) {
			return ipl_fail(st, IPL_ERR_POWER, "BMC %s: the answer "
					"to the hard reset was lost; a hard reset "
					"cannot be observed, so its outcome is "
					"unknown (it is never sent twice)",
					where(r));
		}
		ipl_log(IPL_LOG_WARN, "ipmilan: %s accepted the hard reset; "
			"it cannot be verified (the node stays on through a "
			"hard reset): use reset_method=onoff for a verified "
			"reset", where(r));
		return wait_for(r, true, r->cfg->power_wait_ms, st);
	}
	if (!r->seen_off) {
		rc = wait_for(r, false, fast, st);
		if (rc == IPL_ERR_POWER && !r->seen_off && !r->retry) {
			return ipl_fail(st, IPL_ERR_POWER, "BMC %s %s the power "
					"cycle, but the node was never seen off "
					"in %u poll(s): no evidence that it "
					"was power cycled", where(r),
					r->restart_unknown ? "did not answer"
							   : "accepted",
					r->polls);
		}
		if (rc != IPL_OK) {
			return rc;
		}
	}
	return wait_for(r, true, r->cfg->power_wait_ms, st);
}

/*
 * reset_method=power_cycle or hard_reset: the control is sent once.  A
 * node that is off is powered on (it is off: that is the fence).  0xD5
 * ("not in the present state"): the state is read anew; off, it is
 * powered on; on, the reset falls back to off and on.
 */
static ipl_rc
reset_restart(struct run *r, enum ipl_chassis_ctl ctl, ipl_status *st)
{
	uint8_t cc = 0;
	ipl_rc rc;

	if (!r->restart_sent) {
		if (!r->last.on) {
			ipl_log(IPL_LOG_INFO, "ipmilan: %s reports power off; "
				"a reset powers it on", where(r));
			return drive(r, true, st);
		}
		r->restart_sent = true;
		rc = send_control(r, ctl, &cc, st);
		if (rc == IPL_ERR_REFUSED && cc == 0xD5) {
			ipl_log(IPL_LOG_INFO, "ipmilan: %s refused %s in the "
				"present state (0xD5); reading the state and "
				"powering off and on instead", where(r),
				ipl_chassis_ctl_name(ctl));
			ipl_status_clear(st);
			rc = read_state(r, st);
			return rc != IPL_OK ? rc : reset_onoff(r, st);
		}
		if (rc == IPL_ERR_TIMEOUT) {
			r->restart_unknown = true;
		} else if (rc != IPL_OK) {
			return rc;
		}
		r->seen_off = false;
		rc = read_state(r, st);
		if (rc != IPL_OK) {
			return rc;
		}
	}
	return restart_evidence(r, ctl, st);
}

/* The request in one open session, going on from what r has seen. */
static ipl_rc
run_in_session(struct run *r, ipl_status *st)
{
	ipl_rc rc;

	r->retry = false;
	rc = read_state(r, st);
	if (rc != IPL_OK) {
		return rc;
	}
	switch (r->req) {
	case IPL_POWER_OFF:
		return drive(r, false, st);
	case IPL_POWER_ON:
		return drive(r, true, st);
	case IPL_POWER_RESET:
		switch (r->cfg->reset_method) {
		case IPL_RESET_ONOFF:
			return reset_onoff(r, st);
		case IPL_RESET_POWER_CYCLE:
			return reset_restart(r, IPL_CTL_POWER_CYCLE, st);
		case IPL_RESET_HARD_RESET:
			return reset_restart(r, IPL_CTL_HARD_RESET, st);
		}
		break;
	}
	return ipl_fail(st, IPL_ERR_INVAL, "unsupported power request %d",
			(int)r->req);
}

/* The deadline of the work: the operation's, less time for the close. */
static void
work_deadline(struct ipl_deadline *dl, const struct ipl_config *cfg)
{
	unsigned int reserve = cfg->timeout_ms / 10u;

	if (reserve > IPL_CLOSE_RESERVE_MAX_MS) {
		reserve = IPL_CLOSE_RESERVE_MAX_MS;
	}
	ipl_deadline_in(dl, cfg->timeout_ms - reserve);
}

ipl_rc
ipl_power_status(const struct ipl_bmc *b, const struct ipl_config *cfg,
		 bool *power_on, ipl_status *st)
{
	struct run r = { .b = b, .cfg = cfg };
	ipl_rc rc;

	work_deadline(&r.dl, cfg);
	rc = b->ops->open(b->ctx, &r.dl, false, st);
	if (rc != IPL_OK) {
		return rc;
	}
	rc = read_state(&r, st);
	b->ops->close(b->ctx);
	if (rc == IPL_OK && power_on != NULL) {
		*power_on = r.last.on;
	}
	return rc;
}

ipl_rc
ipl_power_request(const struct ipl_bmc *b, const struct ipl_config *cfg,
		  enum ipl_power_request req, ipl_status *st)
{
	struct run r = { .b = b, .cfg = cfg, .req = req };
	char last[IPL_STATUS_MSG_LEN];
	unsigned int pause_ms = IPL_SESSION_PAUSE_FIRST_MS;
	unsigned int sessions;
	ipl_rc rc;

	if (req != IPL_POWER_ON && req != IPL_POWER_OFF
	    && req != IPL_POWER_RESET) {
		return ipl_fail(st, IPL_ERR_INVAL,
				"unsupported power request %d", (int)req);
	}
	work_deadline(&r.dl, cfg);
	for (sessions = 1;; sessions++) {
		rc = b->ops->open(b->ctx, &r.dl, true, st);
		if (rc != IPL_OK) {
			return rc;
		}
		rc = run_in_session(&r, st);
		b->ops->close(b->ctx);
		if (rc == IPL_OK || !r.retry) {
			return rc;
		}
		g_strlcpy(last, st != NULL ? st->msg : "", sizeof(last));
		if (ipl_deadline_passed(&r.dl)) {
			return ipl_fail(st, IPL_ERR_TIMEOUT, "the %u ms timeout "
					"ran out after %u session(s); the last "
					"one failed: %s", cfg->timeout_ms,
					sessions, last);
		}
		ipl_log(IPL_LOG_INFO, "ipmilan: session %u with %s failed "
			"(%s); going on in a new session", sessions, where(&r),
			last);
		ipl_status_clear(st);
		ipl_deadline_sleep(pause_ms, &r.dl);
		if (pause_ms < IPL_SESSION_PAUSE_MAX_MS) {
			pause_ms *= 2;
		}
	}
}
