/*
 * engine/connect_error.h - what a failed session set-up means: one table
 * from the error OpenIPMI reports (an RMCP+ status code, an IPMI
 * completion code or an errno) to a result and a message for the
 * administrator.  Pure.
 */
#ifndef IPL_ENGINE_CONNECT_ERROR_H
#define IPL_ENGINE_CONNECT_ERROR_H

#include <stdbool.h>
#include "engine/parse.h"
#include "engine/result.h"

/* What the classification may name in its message. */
struct ipl_connect_ctx {
	const char *where;          /* "address:port" of the BMC           */
	const char *login;          /* the user name                       */
	int priv;                   /* IPMI_PRIVILEGE_*                    */
	int auth;                   /* IPMI_AUTHTYPE_* (IPMI 1.5)          */
	int cipher;                 /* the RMCP+ suite proposed            */
	enum ipl_iface iface;       /* lanplus or lan: the attempt's       */
	const char *text;           /* OpenIPMI's own text for the error   */
	/* What the BMC said during the attempt (engine/wire_watch.h): */
	bool rmcpp_denied;          /* that it offers no RMCP+, never that
				     * it does                             */
	bool rakp2_seen;            /* a RAKP 2 (its answer to RAKP 1)     */
	/* What OpenIPMI logged during the attempt (engine/runtime.h): */
	bool open_unanswered;       /* it made up the Open Session answer  */
	const char *unanswered;     /* "RAKP 1" or "RAKP 3" got no answer  */
};

/* What a failure allows the next attempt to do. */
struct ipl_connect_verdict {
	bool no_rmcpp;       /* the BMC said it offers no RMCP+: the one case
			      * interface=auto falls back to IPMI 1.5      */
	bool busy;           /* out of session slots: worth a later attempt */
	bool suite_refused;  /* the BMC refused the suite's algorithms (RMCP+
			      * status 04h, 05h, 10h or 11h): the one case
			      * the next listed cipher suite is proposed    */
	unsigned int status; /* that RMCP+ status                          */
	bool suite_unavailable; /* set by the caller, not here: this engine
				 * cannot run the suite (OpenIPMI's ENOSYS) */
	bool other_algs;     /* set by the caller, not here: the BMC answered
			      * with other algorithms than proposed (with
			      * suite_refused: a refusal of the suite)     */
};

/*
 * The result for OpenIPMI error err (IPMI_IS_RMCPP_ERR, IPMI_IS_IPMI_ERR
 * or an errno), with st's message, decided from what the BMC said, never
 * from elapsed time ("no RMCP+" and silence, which OpenIPMI reports alike,
 * are told apart by rmcpp_denied).  An authentication failure is IPL_ERR_ACCESS:
 * final, never worth another attempt (BMCs lock accounts out).  *v is
 * cleared first.
 */
ipl_rc ipl_connect_error(int err, const struct ipl_connect_ctx *c,
			 struct ipl_connect_verdict *v, ipl_status *st);

#endif
