/*
 * session.c - IPMI-over-LAN sessions on the engine's OpenIPMI runtime,
 * with the non-deprecated raw connection API (ipmi_lanp_setup_con,
 * send_command, close_connection_done).
 *
 * Lifetime of callback data: the connection-change handler, the response
 * handlers and the close handler all receive the ipl_session.  The session
 * is freed only after its connection reported closed (which delivers every
 * outstanding response first), so no callback can outlive it.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_err.h>

#include "engine/bmc_addr.h"
#include "engine/connect_error.h"
#include "engine/connect_policy.h"
#include "engine/lanp_params.h"
#include "engine/log.h"
#include "engine/pace.h"
#include "engine/rmcpp_guard.h"
#include "engine/rmcpp_sha256.h"
#include "engine/session.h"
#include "engine/session_request.h"
#include "engine/wire_watch.h"

/* How long a close may take before the session is abandoned (it is local). */
#define IPL_CLOSE_GRACE_MS IPL_LANP_CLOSE_MS

/* Only sets flags: OpenIPMI calls it under its own lock, maybe twice. */
static void
con_changed(ipmi_con_t *ipmi, int err, unsigned int port_num,
	    int any_port_up, void *cb_data)
{
	struct ipl_session *s = cb_data;

	(void)ipmi;
	(void)port_num;
	if (err != 0 && s->con_err == 0) {
		s->con_err = err;
	}
	if (err != 0 && s->con_up) {
		s->lost = true;
	}
	if (err == 0 && any_port_up) {
		s->con_up = true;
	}
}

static void
close_done(ipmi_con_t *ipmi, void *cb_data)
{
	struct ipl_session *s = cb_data;

	(void)ipmi;
	s->closed = true;
}

/*
 * Close s->con (if any) and wait for OpenIPMI to report it closed.  Returns
 * false when the close did not complete: then s must not be freed.
 */
static bool
close_connection(struct ipl_session *s)
{
	struct ipl_deadline grace;
	int rv;

	if (s->con == NULL) {
		return true;
	}
	s->con->remove_con_change_handler(s->con, con_changed, s);
	s->closed = false;
	rv = s->con->close_connection_done(s->con, close_done, s);
	if (rv != 0) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: closing the session to %s "
			"failed: %s", s->where, strerror(rv));
		return false;
	}
	ipl_deadline_in(&grace, IPL_CLOSE_GRACE_MS);
	if (!ipl_runtime_pump_until(&s->closed, &grace)) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: the session to %s did not "
			"close within %u ms", s->where, IPL_CLOSE_GRACE_MS);
		return false;
	}
	/* The socket's state is freed by a deferred runner. */
	ipl_runtime_pump_ready();
	s->con = NULL;
	return true;
}

static void
session_free(struct ipl_session *s)
{
	if (s->con == NULL || close_connection(s)) {
		ipl_rmcpp_guard_disarm(&s->guard);
		memset(s, 0, sizeof(*s));
		free(s);
	}
	/* else: OpenIPMI may still call back into s; leaving it allocated
	 * is the only safe choice, and it was logged. */
}

/*
 * Turn the connect error the BMC caused into a result, with what OpenIPMI
 * logged since mark (which step got no answer).
 */
static ipl_rc
connect_failure(struct ipl_session *s, const struct ipl_config *cfg,
		unsigned int mark, struct ipl_connect_verdict *v,
		ipl_status *st)
{
	char text[160];
	struct ipl_connect_ctx c = {
		.where = s->where, .login = cfg->login, .priv = cfg->priv,
		.auth = cfg->auth, .cipher = s->suite, .iface = s->iface,
		.text = text,
		.rmcpp_denied = ipl_wire_denied_rmcpp(&s->guard.wire),
		.rakp2_seen = s->guard.wire.rakp2_seen,
		.open_unanswered = ipl_runtime_said_since(
			mark, "open_session_rsp): Message data too short: 1"),
		.unanswered = ipl_runtime_said_since(mark, "handle_rakp2")
			? "RAKP 1"
			: ipl_runtime_said_since(mark, "handle_rakp4")
			? "RAKP 3" : NULL,
	};

	ipl_runtime_oi()->get_error_string((unsigned int)s->con_err, text,
					   sizeof(text));
	return ipl_connect_error(s->con_err, &c, v, st);
}

/* ipmi_lanp_setup_con refused: rv as a result (ENOSYS: a suite whose
 * algorithms OpenIPMI does not have, noted in *v). */
static ipl_rc
setup_failure(struct ipl_session *s, int rv, struct ipl_connect_verdict *v,
	      ipl_status *st)
{
	s->con = NULL;
	if (rv == ENOSYS && s->iface == IPL_IFACE_LANPLUS) {
		v->suite_unavailable = true;
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: suite %d is not "
				"available: OpenIPMI has no algorithm for it "
				"(see the plugin's warnings)", s->suite);
	}
	/* EINVAL: OpenIPMI refused a parameter; anything else is the
	 * system (memory, sockets). */
	return ipl_fail(st, rv == EINVAL ? IPL_ERR_CONFIG : IPL_ERR_SYSTEM,
			"cannot set up a connection to BMC %s: %s", s->where,
			strerror(rv));
}

/* Create the connection of one attempt (s->iface, s->suite), start it. */
static ipl_rc
start_connection(struct ipl_session *s, const struct ipl_config *cfg,
		 const char *numeric, int family,
		 struct ipl_connect_verdict *v, ipl_status *st)
{
	struct ipl_lanp_params lp;
	ipl_rc rc;
	int rv = 0;

	rc = ipl_lanp_params_build(&lp, cfg, numeric, family, s->iface,
				   s->suite, s->pace.retry_ms, st);
	if (rc == IPL_OK) {
		rc = ipl_rmcpp_guard_arm(&s->guard, ipl_runtime_os(), cfg,
					 s->iface, s->suite, numeric, st);
	}
	if (rc == IPL_OK) {
		rv = ipl_runtime_oi()->lanp_setup_con(lp.parm, lp.n,
						      ipl_runtime_os(), NULL,
						      &s->con);
	}
	/* OpenIPMI copied what it needs; no secret stays in lp. */
	ipl_lanp_params_wipe(&lp);
	if (rc != IPL_OK) {
		return rc;
	}
	if (rv != 0) {
		return setup_failure(s, rv, v, st);
	}
	rv = s->con->add_con_change_handler(s->con, con_changed, s);
	if (rv == 0) {
		rv = s->con->start_con(s->con);
	}
	if (rv != 0) {
		close_connection(s);
		return ipl_fail(st, IPL_ERR_SYSTEM,
				"cannot start the connection to BMC %s: %s",
				s->where, strerror(rv));
	}
	return IPL_OK;
}

/* Pump until con_changed reports the connection up or failed, the guard
 * vetoed the BMC's algorithms or saw it refuse the Open Session (OpenIPMI
 * may drop that answer: the refusal is the error), the pace finds that the
 * attempt cannot finish (its verdict is returned), or dl passes. */
static enum ipl_pace_verdict
wait_connected(struct ipl_session *s, const struct ipl_deadline *dl)
{
	enum ipl_pace_verdict pv = IPL_PACE_WAIT;
	unsigned int refused = 0;

	while (!s->con_up && s->con_err == 0
	       && !ipl_rmcpp_guard_vetoed(&s->guard)
	       && (refused = ipl_rmcpp_guard_refusal(&s->guard)) == 0) {
		pv = ipl_pace_check(&s->pace, &s->guard.wire);
		if (pv != IPL_PACE_WAIT || !ipl_runtime_pump_once(dl)) {
			break;
		}
	}
	if (!s->con_up && s->con_err == 0 && refused != 0) {
		s->con_err = IPMI_RMCPP_ERR_VAL(refused);
	}
	return pv;
}

/* The failure of an attempt that con_changed did not end. */
static ipl_rc
attempt_cut(struct ipl_session *s, enum ipl_pace_verdict pv, ipl_status *st)
{
	return ipl_fail(st, IPL_ERR_TIMEOUT, pv == IPL_PACE_FUTILE
			? "BMC %s answers RAKP 3 inside the session it "
			"activated (its first RAKP 4 was lost); starting a "
			"new handshake"
			: "no session with BMC %s within the timeout",
			s->where);
}

/*
 * One attempt to connect on iface with cipher suite suite (lanplus).  On
 * failure the session is left with no connection, st says why and *v what
 * the next attempt may do.
 */
static ipl_rc
connect_once(struct ipl_session *s, const struct ipl_config *cfg,
	     const char *numeric, int family, enum ipl_iface iface,
	     int suite, const struct ipl_deadline *dl,
	     struct ipl_connect_verdict *v, ipl_status *st)
{
	unsigned int mark = ipl_runtime_said_mark();
	enum ipl_pace_verdict pv = IPL_PACE_WAIT;
	ipl_rc rc;

	memset(v, 0, sizeof(*v));
	if (s->con != NULL) {
		/* An earlier attempt's connection never closed. */
		return ipl_fail(st, IPL_ERR_SYSTEM, "the previous connection "
				"to BMC %s is still closing", s->where);
	}
	s->iface = iface;
	s->suite = suite;
	s->con_up = false;
	s->con_err = 0;
	rc = start_connection(s, cfg, numeric, family, v, st);
	if (rc != IPL_OK) {
		return rc;
	}
	/* The first datagram is out: set libcrypto up meanwhile (RMCP+ only:
	 * IPMI 1.5 never calls libcrypto). */
	if (iface == IPL_IFACE_LANPLUS) {
		ipl_sha256_warm_up(&ipl_runtime_oi()->sha256.crypto);
	}
	pv = wait_connected(s, dl);
	rc = ipl_rmcpp_guard_check(&s->guard, s->where, s->con_up, st);
	if (rc != IPL_OK) {
		/* Other algorithms than proposed: never run them, and for a
		 * list of suites count it as a refusal of this one.  (Up
		 * without an approved answer is no refusal: fail closed.) */
		v->other_algs = ipl_rmcpp_guard_vetoed(&s->guard);
		v->suite_refused = v->other_algs;
	} else if (s->con_err != 0 && pv == IPL_PACE_WAIT) {
		rc = connect_failure(s, cfg, mark, v, st);
		if (rc == IPL_ERR_TIMEOUT) {
			ipl_pace_after_no_answer(&s->pace);
		}
	} else if (!s->con_up || pv != IPL_PACE_WAIT) {
		rc = attempt_cut(s, pv, st);
	} else {
		ipl_pace_connected(&s->pace, &s->guard.wire);
		ipl_rmcpp_guard_log_unclosable(&s->guard, s->where, true);
		return IPL_OK;
	}
	ipl_rmcpp_guard_log_unclosable(&s->guard, s->where, false);
	/* Fail fast: never leave OpenIPMI retrying in the background.
	 * A connection that will not close stays owned by s (logged). */
	close_connection(s);
	return rc;
}

/* What one attempt of the connect policy needs (engine/connect_policy.h). */
struct attempt_ctx {
	struct ipl_session *s;
	const struct ipl_config *cfg;
	const char *numeric;
	int family;
	const struct ipl_deadline *dl;
};

static ipl_rc
attempt_once(void *ctx, enum ipl_iface iface, int suite,
	     struct ipl_connect_verdict *v, ipl_status *st)
{
	struct attempt_ctx *a = ctx;

	return connect_once(a->s, a->cfg, a->numeric, a->family, iface,
			    suite, a->dl, v, st);
}

/* The session's protocol, and with RMCP+ its cipher suite, at info. */
static void
session_opened_log(const struct ipl_session *s, const struct ipl_config *cfg)
{
	char how[64];

	if (s->iface == IPL_IFACE_LANPLUS) {
		snprintf(how, sizeof(how), "lanplus with cipher suite %d",
			 s->suite);
	} else {
		snprintf(how, sizeof(how), "lan (IPMI 1.5, %s authentication)",
			 ipl_auth_name(cfg->auth));
	}
	ipl_log(IPL_LOG_INFO, "ipmilan: session open to %s over %s as %s at "
		"%s privilege", s->where, how, cfg->login,
		ipl_priv_name(cfg->priv));
}

ipl_rc
ipl_session_open(struct ipl_runtime_ref *ref, const struct ipl_config *cfg,
		 const struct ipl_deadline *dl, bool persist,
		 struct ipl_session **out, ipl_status *st)
{
	struct ipl_session *s;
	struct attempt_ctx actx;
	struct ipl_connect_plan plan;
	char numeric[NI_MAXHOST];
	int family = AF_UNSPEC;
	ipl_rc rc;

	*out = NULL;
	rc = ipl_bmc_resolve(cfg, numeric, sizeof(numeric), &family, st);
	if (rc == IPL_OK) {
		rc = ipl_runtime_enter(ref, dl, st);
	}
	if (rc != IPL_OK) {
		return rc;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		ipl_runtime_leave();
		return ipl_fail(st, IPL_ERR_SYSTEM, "out of memory");
	}
	s->msg_timeout_ms = cfg->msg_timeout_ms;
	ipl_pace_init(&s->pace, cfg, persist);
	snprintf(s->where, sizeof(s->where),
		 family == AF_INET6 ? "[%s]:%u" : "%s:%u", numeric, cfg->port);
	actx = (struct attempt_ctx){ s, cfg, numeric, family, dl };
	plan = (struct ipl_connect_plan){ cfg, s->where, dl, persist,
					  attempt_once, &actx };
	rc = ipl_connect_run(&plan, st);
	if (rc != IPL_OK) {
		session_free(s);
		ipl_runtime_leave();
		return rc;
	}
	session_opened_log(s, cfg);
	*out = s;
	return IPL_OK;
}

enum ipl_iface
ipl_session_iface(const struct ipl_session *s)
{
	return s->iface;
}

const char *
ipl_session_where(const struct ipl_session *s)
{
	return s->where;
}

void
ipl_session_close(struct ipl_session *s)
{
	if (s == NULL) {
		return;
	}
	session_free(s);
	ipl_runtime_leave();
}
