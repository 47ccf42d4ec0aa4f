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

#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "engine/connect_error.h"
#include "engine/lanp_params.h"
#include "engine/log.h"
#include "engine/pace.h"
#include "engine/resolve.h"
#include "engine/session.h"
#include "engine/wire_watch.h"

/* How long a close may take before the session is abandoned (it is local). */
#define IPL_CLOSE_GRACE_MS IPL_LANP_CLOSE_MS
/* Copies of one repeatable request, at most (engine/session.h).  Fewer than
 * 11: OpenIPMI numbers them one after the other, and an answer whose
 * sequence number is off by a few must never match another copy. */
#define IPL_READ_COPIES 10u
/* OpenIPMI sends each message at most this many times (fixed in 2.0.33). */
#define IPL_OPENIPMI_TRIES 7u

struct ipl_session {
	ipmi_con_t *con;
	enum ipl_iface iface;
	char where[80];           /* "addr:port" for messages            */
	unsigned int msg_timeout_ms;
	struct ipl_pace pace;     /* the timing of tries (engine/pace.h) */

	/* Set by con_changed. */
	bool con_up;
	int con_err;              /* the first error reported, 0 if none */

	/* Set by close_done. */
	bool closed;

	/* The one outstanding request, set by rsp_done. */
	unsigned long req_gen;
	bool req_done;
	uint8_t rsp[IPMI_MAX_MSG_LENGTH];
	size_t rsp_len;
};

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
 * Runs exactly once per sent request: with the answer, with a synthesized
 * 0xC3 after OpenIPMI's last retry, or with 0xFF (and ipmi NULL) when the
 * connection closes first.  Answers to an abandoned request are dropped.
 */
static int
rsp_done(ipmi_con_t *ipmi, ipmi_msgi_t *rspi)
{
	struct ipl_session *s = rspi->data1;
	unsigned long gen = (unsigned long)(uintptr_t)rspi->data2;
	size_t n;

	(void)ipmi;
	if (s != NULL && gen == s->req_gen && !s->req_done) {
		n = rspi->msg.data_len;
		if (n > sizeof(s->rsp)) {
			n = sizeof(s->rsp);
		}
		if (n > 0 && rspi->msg.data != NULL) {
			memcpy(s->rsp, rspi->msg.data, n);
		}
		s->rsp_len = n;
		s->req_done = true;
	}
	return IPMI_MSG_ITEM_NOT_USED;
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
		unsigned int elapsed_ms, unsigned int mark,
		struct ipl_connect_verdict *v, ipl_status *st)
{
	char text[160];
	struct ipl_connect_ctx c = {
		.where = s->where, .login = cfg->login, .priv = cfg->priv,
		.auth = cfg->auth, .cipher = cfg->cipher, .iface = s->iface,
		.elapsed_ms = elapsed_ms, .msg_timeout_ms = s->pace.retry_ms,
		.tries = IPL_OPENIPMI_TRIES, .text = text,
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

/* Create the connection of one attempt on iface and start it. */
static ipl_rc
start_connection(struct ipl_session *s, const struct ipl_config *cfg,
		 const char *numeric, int family, enum ipl_iface iface,
		 ipl_status *st)
{
	struct ipl_lanp_params lp;
	ipl_rc rc;
	int rv;

	rc = ipl_lanp_params_build(&lp, cfg, numeric, family, iface,
				   s->pace.retry_ms, st);
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
		s->con = NULL;
		/* EINVAL: OpenIPMI refused a parameter; anything else is the
		 * system (memory, sockets). */
		return ipl_fail(st, rv == EINVAL ? IPL_ERR_CONFIG
				: IPL_ERR_SYSTEM,
				"cannot set up a connection to BMC %s: %s",
				s->where, strerror(rv));
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

/*
 * Pump until con_changed set con_up or con_err, or dl passes, or the pace
 * (engine/pace.h) ends the attempt early: then its verdict.
 */
static enum ipl_pace_verdict
await_connection(struct ipl_session *s, const struct ipl_deadline *dl)
{
	struct ipl_deadline by;
	enum ipl_pace_verdict pv;

	while (!s->con_up && s->con_err == 0) {
		pv = ipl_pace_check(&s->pace, ipl_wire_current(), dl, &by);
		if (pv != IPL_PACE_WAIT) {
			return pv;
		}
		if (!ipl_runtime_pump_once(&by) && ipl_deadline_passed(dl)) {
			break;
		}
	}
	return IPL_PACE_WAIT;
}

/* The failure of an attempt that con_changed did not end. */
static ipl_rc
attempt_cut(struct ipl_session *s, enum ipl_pace_verdict pv, ipl_status *st)
{
	if (pv == IPL_PACE_FUTILE) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "BMC %s answers RAKP 3 "
				"inside the session it activated (its first "
				"RAKP 4 was lost); starting a new handshake",
				s->where);
	}
	return ipl_fail(st, IPL_ERR_TIMEOUT,
			"no session with BMC %s within the timeout", s->where);
}

/*
 * One attempt to connect on iface.  On failure the session is left with no
 * connection and st says why.
 */
static ipl_rc
connect_once(struct ipl_session *s, const struct ipl_config *cfg,
	     const char *numeric, int family, enum ipl_iface iface,
	     const struct ipl_deadline *dl, struct ipl_connect_verdict *v,
	     ipl_status *st)
{
	unsigned int mark = ipl_runtime_said_mark();
	enum ipl_pace_verdict pv;
	struct timespec start;
	ipl_rc rc;

	memset(v, 0, sizeof(*v));
	if (s->con != NULL) {
		/* An earlier attempt's connection never closed. */
		return ipl_fail(st, IPL_ERR_SYSTEM, "the previous connection "
				"to BMC %s is still closing", s->where);
	}
	s->iface = iface;
	s->con_up = false;
	s->con_err = 0;
	clock_gettime(CLOCK_MONOTONIC, &start);
	ipl_wire_arm();
	rc = start_connection(s, cfg, numeric, family, iface, st);
	if (rc != IPL_OK) {
		ipl_wire_disarm();
		return rc;
	}
	pv = await_connection(s, dl);
	if (s->con_err != 0 && pv == IPL_PACE_WAIT) {
		rc = connect_failure(s, cfg, ipl_elapsed_ms(&start), mark, v,
				     st);
		if (rc == IPL_ERR_TIMEOUT) {
			ipl_pace_after_no_answer(&s->pace);
		}
	} else if (!s->con_up || pv != IPL_PACE_WAIT) {
		rc = attempt_cut(s, pv, st);
	} else {
		ipl_pace_connected(&s->pace, ipl_wire_current());
		ipl_wire_disarm();
		return IPL_OK;
	}
	ipl_wire_disarm();
	/* Fail fast: never leave OpenIPMI retrying in the background.
	 * A connection that will not close stays owned by s (logged). */
	close_connection(s);
	return rc;
}

/*
 * Connect on the configured interface; with interface=auto, RMCP+ first and
 * IPMI 1.5 only when the BMC answers that it has no RMCP+.
 */
static ipl_rc
connect_any(struct ipl_session *s, const struct ipl_config *cfg,
	    const char *numeric, int family, const struct ipl_deadline *dl,
	    struct ipl_connect_verdict *v, ipl_status *st)
{
	ipl_rc rc;

	if (cfg->iface == IPL_IFACE_LAN) {
		return connect_once(s, cfg, numeric, family, IPL_IFACE_LAN,
				    dl, v, st);
	}
	rc = connect_once(s, cfg, numeric, family, IPL_IFACE_LANPLUS, dl, v,
			  st);
	if (rc == IPL_OK || !v->no_rmcpp || cfg->iface != IPL_IFACE_AUTO
	    || ipl_deadline_passed(dl)) {
		return rc;
	}
	ipl_log(IPL_LOG_WARN, "ipmilan: BMC %s offers no RMCP+; falling back "
		"to IPMI 1.5 with %s authentication (set interface=lanplus to "
		"forbid this)", s->where, ipl_auth_name(cfg->auth));
	ipl_status_clear(st);
	rc = connect_once(s, cfg, numeric, family, IPL_IFACE_LAN, dl, v, st);
	if (rc == IPL_ERR_TIMEOUT && !ipl_deadline_passed(dl)) {
		/* The BMC answered the RMCP+ probe, so its silence now is a
		 * refused session. */
		rc = ipl_fail(st, IPL_ERR_ACCESS, "BMC %s answers but never "
			      "accepted the IPMI 1.5 session: wrong password "
			      "for user \"%s\" (or %s authentication "
			      "refused)", s->where, cfg->login,
			      ipl_auth_name(cfg->auth));
	}
	return rc;
}

/*
 * Connect, and with persist try again while time is left after silence (a
 * datagram lost in the handshake ends OpenIPMI's attempt early) or a BMC
 * out of session slots, RMCP+ 0x01 or 0x0b (after a pause that doubles, from 250 ms).  An
 * authentication failure is never tried again: BMCs lock accounts out.
 */
static ipl_rc
connect_retrying(struct ipl_session *s, const struct ipl_config *cfg,
		 const char *numeric, int family,
		 const struct ipl_deadline *dl, bool persist, ipl_status *st)
{
	struct ipl_connect_verdict v;
	unsigned int pause_ms = 250;
	unsigned int attempt;
	ipl_rc rc;

	for (attempt = 1;; attempt++) {
		rc = connect_any(s, cfg, numeric, family, dl, &v, st);
		if ((rc != IPL_ERR_TIMEOUT && !v.busy) || !persist
		    || ipl_deadline_passed(dl)) {
			return rc;
		}
		ipl_log(IPL_LOG_INFO, "ipmilan: attempt %u to open a session "
			"with BMC %s failed (%s); trying again within the "
			"timeout", attempt, s->where, st != NULL ? st->msg : "");
		ipl_status_clear(st);
		if (v.busy) {
			ipl_deadline_sleep(pause_ms, dl);
			pause_ms *= 2;
		}
	}
}

ipl_rc
ipl_session_open(struct ipl_runtime_ref *ref, const struct ipl_config *cfg,
		 const struct ipl_deadline *dl, bool persist,
		 struct ipl_session **out, ipl_status *st)
{
	struct ipl_session *s;
	char numeric[NI_MAXHOST];
	int family = AF_UNSPEC;
	ipl_rc rc;

	*out = NULL;
	rc = ipl_resolve_bmc(cfg, numeric, sizeof(numeric), &family, st);
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
	rc = connect_retrying(s, cfg, numeric, family, dl, persist, st);
	if (rc != IPL_OK) {
		session_free(s);
		ipl_runtime_leave();
		return rc;
	}
	ipl_log(IPL_LOG_DEBUG, "ipmilan: session open to %s over %s as %s "
		"at %s privilege", s->where, ipl_iface_name(s->iface),
		cfg->login, ipl_priv_name(cfg->priv));
	*out = s;
	return IPL_OK;
}

/*
 * Hand msg to OpenIPMI for the BMC itself, as one copy of the current
 * request (s->req_gen); IPL_OK when it was sent.  Always with the
 * side-effects option, whose per-try timeout outlasts the operation
 * (engine/lanp_params.h): OpenIPMI never resends it.
 */
static ipl_rc
send_copy(struct ipl_session *s, ipmi_msg_t *msg, ipl_status *st)
{
	const struct ipl_openipmi *oi = ipl_runtime_oi();
	ipmi_system_interface_addr_t si;
	ipmi_con_option_t opts[2];
	ipmi_msgi_t *item;
	int rv;

	memset(&si, 0, sizeof(si));
	si.addr_type = IPMI_SYSTEM_INTERFACE_ADDR_TYPE;
	si.channel = IPMI_BMC_CHANNEL;
	si.lun = 0;
	item = oi->alloc_msg_item();
	if (item == NULL) {
		return ipl_fail(st, IPL_ERR_SYSTEM, "out of memory");
	}
	item->data1 = s;
	item->data2 = (void *)(uintptr_t)s->req_gen;
	opts[0].option = IPMI_CON_MSG_OPTION_SIDE_EFFECTS;
	opts[0].ival = 1;
	opts[1].option = IPMI_CON_OPTION_LIST_END;
	opts[1].ival = 0;
	rv = s->con->send_command_option(s->con, (ipmi_addr_t *)&si,
					 sizeof(si), msg, opts, rsp_done,
					 item);
	if (rv != 0) {
		/* No callback will come for a refused send. */
		oi->free_msg_item(item);
		return ipl_fail(st, IPL_ERR_SYSTEM, "cannot send command "
				"0x%02x to BMC %s: %s", msg->cmd, s->where,
				strerror(rv));
	}
	return IPL_OK;
}

/*
 * Wait for the answer to the current request by dl.  With repeat, send a
 * new copy (a new sequence number, the same request) each time the wait
 * since the last one ends (engine/pace.h), at most
 * IPL_READ_COPIES in all: the first answer to any copy is the answer.
 * Returns true when an answer arrived.
 */
static bool
await_answer(struct ipl_session *s, ipmi_msg_t *msg, bool repeat,
	     const struct ipl_deadline *dl, unsigned int *copies)
{
	struct ipl_deadline next;
	unsigned int wait_ms = ipl_pace_first_repeat_ms(&s->pace);

	for (;;) {
		next = *dl;
		if (repeat) {
			/* After the last copy, msg_timeout for its answer:
			 * then the session has failed (a new one may do). */
			ipl_deadline_in(&next, *copies < IPL_READ_COPIES
					? wait_ms : s->msg_timeout_ms);
			ipl_deadline_min(&next, &next, dl);
		}
		if (ipl_runtime_pump_until(&s->req_done, &next)) {
			return true;
		}
		if (ipl_deadline_passed(dl) || !repeat
		    || *copies >= IPL_READ_COPIES
		    || send_copy(s, msg, NULL) != IPL_OK) {
			return false;
		}
		(*copies)++;
		wait_ms = ipl_pace_next_repeat_ms(&s->pace, wait_ms);
	}
}

ipl_rc
ipl_session_request(struct ipl_session *s, uint8_t netfn, uint8_t cmd,
		    const uint8_t *data, size_t data_len, bool repeatable,
		    const struct ipl_deadline *dl, uint8_t *rsp,
		    size_t rsp_cap, size_t *rsp_len, ipl_status *st)
{
	uint8_t buf[IPMI_MAX_MSG_LENGTH];
	unsigned int copies = 1;
	ipmi_msg_t msg;
	ipl_rc rc;

	*rsp_len = 0;
	if (data_len > sizeof(buf)) {
		return ipl_fail(st, IPL_ERR_SYSTEM, "request too long");
	}
	if (ipl_deadline_passed(dl)) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "no time left to send "
				"command 0x%02x to BMC %s", cmd, s->where);
	}
	if (data_len > 0) {
		memcpy(buf, data, data_len);
	}
	msg.netfn = netfn;
	msg.cmd = cmd;
	msg.data = buf;
	msg.data_len = (unsigned short)data_len;
	s->req_gen++;
	s->req_done = false;
	s->rsp_len = 0;
	rc = send_copy(s, &msg, st);
	if (rc != IPL_OK) {
		return rc;
	}
	if (repeatable && s->pace.persist
	    && send_copy(s, &msg, NULL) == IPL_OK) {
		/* In a fence a read goes out twice at once: on a lossy
		 * network one of two round trips gets through far more
		 * often than one. */
		copies++;
	}
	if (!await_answer(s, &msg, repeatable, dl, &copies)) {
		/* Abandon it: its handlers still run, before close ends. */
		s->req_gen++;
		return ipl_fail(st, IPL_ERR_TIMEOUT, "no answer from BMC %s "
				"to command 0x%02x (%u %s) within the time "
				"allowed", s->where, cmd, copies,
				copies == 1 ? "copy" : "copies");
	}
	if (s->rsp_len == 0) {
		return ipl_fail(st, IPL_ERR_PROTOCOL, "empty answer from BMC "
				"%s to command 0x%02x", s->where, cmd);
	}
	*rsp_len = s->rsp_len < rsp_cap ? s->rsp_len : rsp_cap;
	memcpy(rsp, s->rsp, *rsp_len);
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
