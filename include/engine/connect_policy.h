/*
 * engine/connect_policy.h - which connection attempts an operation makes,
 * in what order, over an attempt function (engine/session.c hands the real
 * one; tests/check_engine.c scripted BMCs):
 *
 *   - the interface: lan or lanplus as configured; interface=auto tries
 *     RMCP+ and IPMI 1.5 only when the BMC answered that it has no RMCP+;
 *   - the cipher suites of cfg->ciphers in order (cipher=auto is 17,3): the
 *     next one only when the BMC refused this one (RMCP+ 04h, 05h, 10h,
 *     11h), answered it naming other algorithms (never run: the next suite
 *     gets a fresh Open Session), or the engine cannot run it; never after
 *     silence, and never past the deadline;
 *   - with persist (a fence), the whole again after silence or a BMC out of
 *     session slots while the deadline allows; never after an
 *     authentication failure (BMCs lock accounts out).
 */
#ifndef IPL_ENGINE_CONNECT_POLICY_H
#define IPL_ENGINE_CONNECT_POLICY_H

#include <stdbool.h>
#include "engine/config.h"
#include "engine/connect_error.h"
#include "engine/deadline.h"
#include "engine/result.h"

/*
 * One attempt on iface proposing cipher suite suite (lanplus; 0 for lan).
 * Returns IPL_OK with the session up, or a failure with st saying why and
 * *v what the BMC said.
 */
typedef ipl_rc (*ipl_attempt_fn)(void *ctx, enum ipl_iface iface, int suite,
				 struct ipl_connect_verdict *v,
				 ipl_status *st);

struct ipl_connect_plan {
	const struct ipl_config *cfg;
	const char *where;              /* "address:port", for log lines  */
	const struct ipl_deadline *dl;
	bool persist;                   /* try again after silence         */
	ipl_attempt_fn attempt;
	void *ctx;                      /* handed to attempt               */
};

/* Run p's attempts until one succeeds or the policy stops; the result
 * and st are those of the last attempt. */
ipl_rc ipl_connect_run(const struct ipl_connect_plan *p, ipl_status *st);

#endif
