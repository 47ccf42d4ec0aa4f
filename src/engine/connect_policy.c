/*
 * connect_policy.c - the order of an operation's connection attempts
 * (engine/connect_policy.h).
 */
#include "config.h"

#include "engine/connect_policy.h"
#include "engine/log.h"

/* Why the next listed suite is proposed after suite. */
static void
next_suite_log(const struct ipl_connect_plan *p, int suite, int next,
	       const struct ipl_connect_verdict *v, const ipl_status *st)
{
	const char *why = st != NULL ? st->msg : "";

	if (v->other_algs) {
		ipl_log(IPL_LOG_INFO, "ipmilan: %s; taken as a refusal of "
			"cipher suite %d, proposing suite %d", why, suite,
			next);
	} else if (v->suite_refused) {
		ipl_log(IPL_LOG_INFO, "ipmilan: BMC %s has no cipher suite %d "
			"(RMCP+ status 0x%02x); proposing suite %d", p->where,
			suite, v->status, next);
	} else {
		ipl_log(IPL_LOG_WARN, "ipmilan: %s; proposing cipher suite %d",
			why, next);
	}
}

/* RMCP+ with the configured cipher suites in order. */
static ipl_rc
run_lanplus(const struct ipl_connect_plan *p, struct ipl_connect_verdict *v,
	    ipl_status *st)
{
	const struct ipl_cipher_choice *cc = &p->cfg->ciphers;
	unsigned int i;
	ipl_rc rc;

	for (i = 0;; i++) {
		rc = p->attempt(p->ctx, IPL_IFACE_LANPLUS, cc->suites[i], v,
				st);
		if (rc == IPL_OK || i + 1 >= cc->n
		    || ipl_deadline_passed(p->dl)
		    || !(v->suite_refused || v->suite_unavailable)) {
			return rc;
		}
		next_suite_log(p, cc->suites[i], cc->suites[i + 1], v, st);
		ipl_status_clear(st);
	}
}

/* The configured interface; interface=auto falls back to IPMI 1.5 only
 * when the BMC answers that it has no RMCP+. */
static ipl_rc
run_any(const struct ipl_connect_plan *p, struct ipl_connect_verdict *v,
	ipl_status *st)
{
	const struct ipl_config *cfg = p->cfg;
	ipl_rc rc;

	if (cfg->iface == IPL_IFACE_LAN) {
		return p->attempt(p->ctx, IPL_IFACE_LAN, 0, v, st);
	}
	rc = run_lanplus(p, v, st);
	if (rc == IPL_OK || !v->no_rmcpp || cfg->iface != IPL_IFACE_AUTO
	    || ipl_deadline_passed(p->dl)) {
		return rc;
	}
	ipl_log(IPL_LOG_WARN, "ipmilan: BMC %s offers no RMCP+; falling back "
		"to IPMI 1.5 with %s authentication (set interface=lanplus to "
		"forbid this)", p->where, ipl_auth_name(cfg->auth));
	ipl_status_clear(st);
	rc = p->attempt(p->ctx, IPL_IFACE_LAN, 0, v, st);
	if (rc == IPL_ERR_TIMEOUT && !ipl_deadline_passed(p->dl)) {
		/* The BMC answered the RMCP+ probe, so its silence now is a
		 * refused session. */
		rc = ipl_fail(st, IPL_ERR_ACCESS, "BMC %s answers but never "
			      "accepted the IPMI 1.5 session: wrong password "
			      "for user \"%s\" (or %s authentication "
			      "refused)", p->where, cfg->login,
			      ipl_auth_name(cfg->auth));
	}
	return rc;
}

/*
 * With persist, again while time is left after silence (a datagram lost
 * in the handshake ends OpenIPMI's attempt early) or a BMC out of session
 * slots, RMCP+ 0x01 or 0x0b (after a pause that doubles, from 250 ms).
 */
ipl_rc
ipl_connect_run(const struct ipl_connect_plan *p, ipl_status *st)
{
	struct ipl_connect_verdict v;
	unsigned int pause_ms = 250;
	unsigned int attempt;
	ipl_rc rc;

	for (attempt = 1;; attempt++) {
		rc = run_any(p, &v, st);
		if ((rc != IPL_ERR_TIMEOUT && !v.busy) || !p->persist
		    || ipl_deadline_passed(p->dl)) {
			return rc;
		}
		ipl_log(IPL_LOG_INFO, "ipmilan: attempt %u to open a session "
			"with BMC %s failed (%s); trying again within the "
			"timeout", attempt, p->where, st != NULL ? st->msg : "");
		ipl_status_clear(st);
		if (v.busy) {
			ipl_deadline_sleep(pause_ms, p->dl);
			pause_ms *= 2;
		}
	}
}
