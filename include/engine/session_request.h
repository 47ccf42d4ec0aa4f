/*
 * engine/session_request.h - the state of one session, shared by the two
 * halves of engine/session.h: src/engine/session.c opens and closes it
 * (the connection, its handshake, the guard), src/engine/session_request.c
 * runs requests in it (copies, answers, a session OpenIPMI lost).  Nothing
 * else includes this header; everyone else sees struct ipl_session only
 * through engine/session.h.
 */
#ifndef IPL_ENGINE_SESSION_REQUEST_H
#define IPL_ENGINE_SESSION_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "engine/config.h"
#include "engine/pace.h"
#include "engine/rmcpp_guard.h"

struct ipl_session {
	ipmi_con_t *con;
	enum ipl_iface iface;
	int suite;                /* RMCP+ cipher suite of the attempt   */
	char where[80];           /* "addr:port" for messages            */
	unsigned int msg_timeout_ms;
	struct ipl_pace pace;     /* the timing of tries (engine/pace.h) */

	/* Set by con_changed. */
	bool con_up;
	int con_err;              /* the first error reported, 0 if none */
	bool lost;                /* reported down after it was up       */

	/* Set by close_done. */
	bool closed;

	/* The RMCP+ algorithms OpenIPMI runs are the proposed ones, and
	 * the refusals OpenIPMI drops are seen. */
	struct ipl_rmcpp_guard guard;

	/* The one outstanding request, set by rsp_done. */
	unsigned long req_gen;
	bool req_done;
	bool rsp_after_loss;      /* the answer came after lost was set  */
	uint8_t rsp[IPMI_MAX_MSG_LENGTH];
	size_t rsp_len;
};

#endif
