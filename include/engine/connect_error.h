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
	unsigned int elapsed_ms;    /* from start_con to the error         */
	unsigned int msg_timeout_ms;/* one try                             */
	unsigned int tries;         /* OpenIPMI's tries per message        */
	const char *text;           /* OpenIPMI's own text for the error   */
	/* What OpenIPMI logged during the attempt (engine/runtime.h): */
	bool open_unanswered;       /* it made up the Open Session answer  */
	const char *unanswered;     /* "RAKP 1" or "RAKP 3" got no answer  */
};

/* What the BMC said beyond the result. */
struct ipl_connect_verdict {
	bool no_rmcpp;   /* it offers no RMCP+ (interface=auto may use 1.5) */
	bool busy;       /* out of session slots: worth a later attempt     */
	bool no_suite;   /* no such algorithm / no matching suite (RMCP+
			  * status 04h, 05h, 10h, 11h)                      */
};

/*
 * The result for OpenIPMI error err (IPMI_IS_RMCPP_ERR, IPMI_IS_IPMI_ERR
 * or an errno), with st's message, decided from what the BMC said (never
 * from elapsed time, except telling "no RMCP+" from silence, which
 * OpenIPMI reports alike).  An authentication failure is IPL_ERR_ACCESS:
 * final, never worth another attempt (BMCs lock accounts out).
 */
ipl_rc ipl_connect_error(int err, const struct ipl_connect_ctx *c,
			 struct ipl_connect_verdict *v, ipl_status *st);

#endif
