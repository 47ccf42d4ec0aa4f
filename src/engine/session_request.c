/*
 * session_request.c - one request in an open session (engine/session.h):
 * sent as copies where it is repeatable, its first answer taken, nothing
 * sent or believed once OpenIPMI has lost the session.  The session's
 * state is shared with session.c through engine/session_request.h.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "engine/deadline.h"
#include "engine/pace.h"
#include "engine/rmcpp_guard.h"
#include "engine/runtime.h"
#include "engine/session.h"
#include "engine/session_request.h"

/* Copies of a repeatable request, at most (engine/session.h); fewer than 11,
 * so an answer whose sequence number is off by a few matches no copy. */
#define IPL_READ_COPIES 10u

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
		s->rsp_after_loss = s->lost;
		s->req_done = true;
	}
	return IPMI_MSG_ITEM_NOT_USED;
}

/*
 * OpenIPMI reported the connection down after it was up (a message of its
 * own went unanswered through all its tries).  It then forgets the session
 * and sends what it is given outside any session, unauthenticated, while it
 * opens a new one under the same connection: a BMC refuses such a request
 * (ipmi_sim: 0xD4, insufficient privilege) and anyone on the wire could
 * answer it.  So nothing more is sent in it, and no answer that came after
 * the loss is believed: the request fails as a lost answer, and the caller
 * may go on in a new session of its own.
 */
static ipl_rc
session_lost(const struct ipl_session *s, uint8_t cmd, bool answered,
	     ipl_status *st)
{
	return ipl_fail(st, IPL_ERR_TIMEOUT, "OpenIPMI lost the session with "
			"BMC %s (its own messages went unanswered); command "
			"0x%02x %s", s->where, cmd, answered
			? "was answered only after that: the answer is not used"
			: "got no answer in it, and nothing more is sent in it");
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

	if (ipl_rmcpp_guard_check(&s->guard, s->where, true, st) != IPL_OK) {
		return IPL_ERR_ACCESS;   /* no command in a refused session */
	}
	if (s->lost) {
		return session_lost(s, msg->cmd, false, st);
	}
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
 * since the last one ends (engine/pace.h), at most IPL_READ_COPIES in
 * all: the first answer to any copy is the answer.  Returns true when an
 * answer arrived.
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

/* Why the request for cmd, sent as copies copies, got no answer. */
static ipl_rc
no_answer(const struct ipl_session *s, uint8_t cmd, unsigned int copies,
	  ipl_status *st)
{
	if (ipl_rmcpp_guard_vetoed(&s->guard)) {
		return ipl_rmcpp_guard_check(&s->guard, s->where, true, st);
	}
	if (s->lost) {
		return session_lost(s, cmd, false, st);
	}
	return ipl_fail(st, IPL_ERR_TIMEOUT, "no answer from BMC %s to "
			"command 0x%02x (%u %s) within the time allowed",
			s->where, cmd, copies, copies == 1 ? "copy" : "copies");
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
		return no_answer(s, cmd, copies, st);
	}
	if (s->rsp_after_loss) {
		return session_lost(s, cmd, true, st);
	}
	if (s->rsp_len == 0) {
		return ipl_fail(st, IPL_ERR_PROTOCOL, "empty answer from BMC "
				"%s to command 0x%02x", s->where, cmd);
	}
	*rsp_len = s->rsp_len < rsp_cap ? s->rsp_len : rsp_cap;
	memcpy(rsp, s->rsp, *rsp_len);
	return IPL_OK;
}
