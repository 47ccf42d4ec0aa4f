/*
 * power.c - the power policy: what status, on, off and reset mean for a
 * node, each carried out in one session through the BMC operations
 * (engine/bmc.h) and verified with Get Chassis Status polls inside that
 * same session, all before cfg->timeout_ms.
 *
 * A completion code only says the BMC accepted a request.  "Done" here
 * means the BMC reported the target power state afterwards.
 */
#include "config.h"

#include "engine/chassis.h"
#include "engine/log.h"
#include "engine/power.h"

#define IPL_RSP_MAX 64

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

/* One Get Chassis Status in the open session. */
static ipl_rc
read_power(const struct ipl_bmc *b, const struct ipl_deadline *dl,
	   bool *power_on, ipl_status *st)
{
	uint8_t rsp[IPL_RSP_MAX];
	size_t len = 0;
	ipl_rc rc;

	rc = b->ops->chassis_status(b->ctx, dl, rsp, sizeof(rsp), &len, st);
	if (rc != IPL_OK) {
		return rc;
	}
	return ipl_chassis_decode_status(rsp, len, power_on, st);
}

/*
 * One Chassis Control in the open session.  IPL_OK when the BMC accepted
 * it; *cc (may be NULL) receives the completion code of any answer.
 */
static ipl_rc
send_control(const struct ipl_bmc *b, enum ipl_chassis_ctl ctl,
	     const struct ipl_deadline *dl, uint8_t *cc, ipl_status *st)
{
	uint8_t rsp[IPL_RSP_MAX];
	size_t len = 0;
	ipl_rc rc;

	rc = b->ops->chassis_control(b->ctx, ctl, dl, rsp, sizeof(rsp), &len,
				     st);
	if (rc != IPL_OK) {
		return rc;
	}
	if (cc != NULL && len >= 1) {
		*cc = rsp[0];
	}
	return ipl_chassis_decode_control(ctl, rsp, len, st);
}

/*
 * Poll until the BMC reports want_on, starting after first_wait_ms.  Every
 * poll is one Get Chassis Status in the same session.
 */
static ipl_rc
wait_for_power(const struct ipl_bmc *b, const struct ipl_config *cfg,
	       bool want_on, unsigned int first_wait_ms,
	       const struct ipl_deadline *dl, ipl_status *st)
{
	unsigned int polls = 0;
	bool on = !want_on;
	ipl_rc rc;

	if (first_wait_ms > 0) {
		ipl_deadline_sleep(first_wait_ms, dl);
	}
	for (;;) {
		rc = read_power(b, dl, &on, st);
		if (rc == IPL_ERR_TIMEOUT && polls > 0) {
			/* The BMC has answered; what ran out is the time for
			 * the power to change. */
			return ipl_fail(st, IPL_ERR_POWER,
					"BMC %s still reported power %s at the "
					"last of %u poll(s); the %u ms timeout "
					"ran out waiting for power %s",
					b->ops->where(b->ctx), on ? "on" : "off",
					polls, cfg->timeout_ms,
					want_on ? "on" : "off");
		}
		if (rc != IPL_OK) {
			return rc;
		}
		polls++;
		if (on == want_on) {
			ipl_log(IPL_LOG_DEBUG, "ipmilan: %s reports power %s "
				"after %u poll(s)", b->ops->where(b->ctx),
				want_on ? "on" : "off", polls);
			return IPL_OK;
		}
		if (ipl_deadline_left_ms(dl) <= cfg->power_wait_ms) {
			return ipl_fail(st, IPL_ERR_POWER,
					"BMC %s still reports power %s after "
					"%u poll(s); the %u ms timeout ran out "
					"waiting for power %s",
					b->ops->where(b->ctx),
					on ? "on" : "off", polls,
					cfg->timeout_ms,
					want_on ? "on" : "off");
		}
		ipl_deadline_sleep(cfg->power_wait_ms, dl);
	}
}

/* Power up (on) or down, then poll until the BMC reports that state. */
static ipl_rc
do_power(const struct ipl_bmc *b, const struct ipl_config *cfg, bool on,
	 const struct ipl_deadline *dl, ipl_status *st)
{
	ipl_rc rc = send_control(b, on ? IPL_CTL_POWER_UP : IPL_CTL_POWER_DOWN,
				 dl, NULL, st);

	if (rc != IPL_OK) {
		return rc;
	}
	return wait_for_power(b, cfg, on, 0, dl, st);
}

/*
 * A control that leaves the node running (cycle, hard reset): send it,
 * then verify on after one poll interval.  A BMC that refuses it because
 * the node went off meanwhile (0xD5) gets a power up instead.
 */
static ipl_rc
do_restart(const struct ipl_bmc *b, const struct ipl_config *cfg,
	   enum ipl_chassis_ctl ctl, const struct ipl_deadline *dl,
	   ipl_status *st)
{
	uint8_t cc = 0;
	ipl_rc rc;

	rc = send_control(b, ctl, dl, &cc, st);
	if (rc == IPL_ERR_REFUSED && cc == 0xD5) {
		ipl_log(IPL_LOG_INFO, "ipmilan: %s refused %s in the present "
			"state (0xD5); powering on instead",
			b->ops->where(b->ctx), ipl_chassis_ctl_name(ctl));
		ipl_status_clear(st);
		return do_power(b, cfg, true, dl, st);
	}
	if (rc != IPL_OK) {
		return rc;
	}
	return wait_for_power(b, cfg, true, cfg->power_wait_ms, dl, st);
}

/* The whole request, in the open session. */
static ipl_rc
run_request(const struct ipl_bmc *b, const struct ipl_config *cfg,
	    enum ipl_power_request req, const struct ipl_deadline *dl,
	    ipl_status *st)
{
	bool on = false;
	ipl_rc rc;

	rc = read_power(b, dl, &on, st);
	if (rc != IPL_OK) {
		return rc;
	}
	switch (req) {
	case IPL_POWER_OFF:
		return on ? do_power(b, cfg, false, dl, st) : IPL_OK;
	case IPL_POWER_ON:
		return on ? IPL_OK : do_power(b, cfg, true, dl, st);
	case IPL_POWER_RESET:
		if (!on) {
			ipl_log(IPL_LOG_INFO, "ipmilan: %s reports power off; "
				"a reset powers it on",
				b->ops->where(b->ctx));
			return do_power(b, cfg, true, dl, st);
		}
		switch (cfg->reset_method) {
		case IPL_RESET_ONOFF:
			rc = do_power(b, cfg, false, dl, st);
			return rc != IPL_OK ? rc : do_power(b, cfg, true, dl, st);
		case IPL_RESET_POWER_CYCLE:
			return do_restart(b, cfg, IPL_CTL_POWER_CYCLE, dl, st);
		case IPL_RESET_HARD_RESET:
			return do_restart(b, cfg, IPL_CTL_HARD_RESET, dl, st);
		}
		break;
	}
	return ipl_fail(st, IPL_ERR_INVAL, "unsupported power request %d",
			(int)req);
}

ipl_rc
ipl_power_status(const struct ipl_bmc *b, const struct ipl_config *cfg,
		 bool *power_on, ipl_status *st)
{
	struct ipl_deadline dl;
	bool on = false;
	ipl_rc rc;

	ipl_deadline_in(&dl, cfg->timeout_ms);
	rc = b->ops->open(b->ctx, &dl, false, st);
	if (rc != IPL_OK) {
		return rc;
	}
	rc = read_power(b, &dl, &on, st);
	b->ops->close(b->ctx);
	if (rc == IPL_OK && power_on != NULL) {
		*power_on = on;
	}
	return rc;
}

ipl_rc
ipl_power_request(const struct ipl_bmc *b, const struct ipl_config *cfg,
		  enum ipl_power_request req, ipl_status *st)
{
	struct ipl_deadline dl;
	ipl_rc rc;

	if (req != IPL_POWER_ON && req != IPL_POWER_OFF
	    && req != IPL_POWER_RESET) {
		return ipl_fail(st, IPL_ERR_INVAL,
				"unsupported power request %d", (int)req);
	}
	ipl_deadline_in(&dl, cfg->timeout_ms);
	rc = b->ops->open(b->ctx, &dl, true, st);
	if (rc != IPL_OK) {
		return rc;
	}
	rc = run_request(b, cfg, req, &dl, st);
	b->ops->close(b->ctx);
	return rc;
}
