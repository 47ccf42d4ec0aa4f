/*
 * engine/rmcpp_guard.h - an RMCP+ session runs the algorithms the engine
 * proposed, or it does not run at all.
 *
 * A BMC's Open Session Response names the authentication, integrity and
 * confidentiality algorithms it chose.  OpenIPMI 2.0.33 does not compare
 * them with its request: it runs whatever the answer names (a lying BMC, or
 * anyone on the path, can move a suite-3 session down to suite 0, where no
 * password is checked).  The guard screens every datagram OpenIPMI is about
 * to read from its sockets (it sits in the engine's os_handler, between the
 * selector and OpenIPMI's read handler), before OpenIPMI sees it:
 *
 *   - an Open Session Response with status 0 from the BMC's address whose
 *     algorithms differ from the proposal is taken off the socket unread by
 *     OpenIPMI and vetoes the attempt: no RAKP message, no command follows,
 *     and the session fails with IPL_ERR_ACCESS naming what the BMC chose;
 *   - an in-session datagram (RMCP+, session ID not 0) without the
 *     protection the proposal asked for (authenticated when the integrity
 *     algorithm is not none, encrypted when confidentiality is not none) is
 *     dropped: OpenIPMI would accept it unchecked;
 *   - a session that comes up without one Open Session Response the guard
 *     approved is refused (fail closed);
 *   - the managed system session IDs of the acceptances (status 0) are
 *     counted: a BMC answers every copy of the Open Session Request, and
 *     one that answered after the retry interval may have opened a
 *     session for each copy, of which OpenIPMI runs one; the others hold
 *     one of the BMC's session slots until its own timeout, and the
 *     session logs how many (ipl_rmcpp_guard_log_unclosable);
 *   - an Open Session Response with a non-zero status (a refusal) is noted
 *     and passed on.  OpenIPMI finds the connection an answer belongs to by
 *     the console session ID in its payload; a BMC that refuses with the
 *     tag and the status only (ipmi_sim: 2 bytes, status 04h for suite 17)
 *     is dropped by OpenIPMI, which retransmits until its tries end, so
 *     without the note the refusal would look like 7 tries of silence.
 *
 * Every datagram it lets through is also noted, with its arrival time, in
 * the attempt's wire watch (engine/wire_watch.h), which the session's pace
 * reads.
 *
 * A refused suite, or one answered with other algorithms, is what lets
 * cipher=auto and lists propose the next suite (engine/session.c); the
 * other algorithms themselves are never run.
 *
 * The pure part (ipl_rmcpp_guard_init, _inspect, _check) is unit-tested on
 * byte strings; the screen (ipl_rmcpp_guard_arm) on real sockets.
 */
#ifndef IPL_ENGINE_RMCPP_GUARD_H
#define IPL_ENGINE_RMCPP_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <OpenIPMI/os_handler.h>

#include "engine/config.h"
#include "engine/result.h"
#include "engine/wire_watch.h"

/* The three algorithm numbers of an RMCP+ session (6 bits each). */
struct ipl_rmcpp_algs {
	uint8_t auth;   /* IPMI_LANP_AUTHENTICATION_ALGORITHM_*   */
	uint8_t integ;  /* IPMI_LANP_INTEGRITY_ALGORITHM_*        */
	uint8_t conf;   /* IPMI_LANP_CONFIDENTIALITY_ALGORITHM_*  */
};

/* How many distinct BMC session IDs one attempt tells apart. */
#define IPL_GUARD_SIDS 8

/* One connection attempt's guard.  Owned by the session. */
struct ipl_rmcpp_guard {
	bool rmcpp;                   /* an RMCP+ attempt: want is set     */
	struct ipl_rmcpp_algs want;   /* what the engine proposed          */
	struct sockaddr_storage bmc;  /* where answers must come from      */
	socklen_t bmc_len;            /* 0: any address (unit tests)       */
	unsigned int agreed;          /* Open Session Responses approved   */
	bool vetoed;                  /* a response chose other algorithms */
	struct ipl_rmcpp_algs got;    /* the first such response's choice  */
	unsigned int dropped;         /* unprotected in-session datagrams  */
	unsigned int refused;         /* the first refusal's RMCP+ status  */
	uint32_t sids[IPL_GUARD_SIDS];/* BMC session IDs it accepted with  */
	unsigned int nsids;           /* how many distinct (may pass 8)    */
	struct ipl_wire_watch wire;   /* what OpenIPMI was let read, when  */
};

enum ipl_guard_verdict {
	IPL_GUARD_PASS,   /* OpenIPMI may read it            */
	IPL_GUARD_DROP,   /* take it off the socket unread   */
};

/*
 * Reset g for an attempt: RMCP+ proposing *want, or IPMI 1.5 (want NULL:
 * nothing to check).  Any answering address is accepted until arm sets it.
 */
void ipl_rmcpp_guard_init(struct ipl_rmcpp_guard *g,
			  const struct ipl_rmcpp_algs *want);

/* Judge one datagram from the BMC (len bytes); updates g. */
enum ipl_guard_verdict ipl_rmcpp_guard_inspect(struct ipl_rmcpp_guard *g,
					       const uint8_t *d, size_t len);

/* True once a response chose other algorithms than proposed. */
bool ipl_rmcpp_guard_vetoed(const struct ipl_rmcpp_guard *g);

/* The RMCP+ status of the first Open Session Response from the BMC that
 * refused the proposal (OpenIPMI may have dropped it), else 0. */
unsigned int ipl_rmcpp_guard_refusal(const struct ipl_rmcpp_guard *g);

/* How many sessions the BMC opened for this attempt's Open Session
 * Requests: the distinct managed system session IDs of its acceptances
 * (from IPL_GUARD_SIDS on, every further acceptance counts as one). */
unsigned int ipl_rmcpp_guard_bmc_sessions(const struct ipl_rmcpp_guard *g);

/* At info, when there are any: the sessions the BMC opened for the attempt
 * that the plugin will not close (all of them when it failed, all but the
 * one it runs when it connected); the BMC frees their slots at its own
 * session timeout. */
void ipl_rmcpp_guard_log_unclosable(const struct ipl_rmcpp_guard *g,
				    const char *where, bool connected);

/*
 * IPL_OK, or IPL_ERR_ACCESS with st naming what the BMC at where chose and
 * what was proposed; with up (the connection reported itself up) also when
 * no response was approved on an RMCP+ attempt.
 */
ipl_rc ipl_rmcpp_guard_check(const struct ipl_rmcpp_guard *g,
			     const char *where, bool up, ipl_status *st);

/* "suite 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128)" or, for a set of
 * algorithms that is no standard suite, the three names only. */
void ipl_rmcpp_algs_describe(const struct ipl_rmcpp_algs *a, char *out,
			     size_t cap);

/*
 * Make g the guard of the next connection on os: put the screen into os
 * (once per os_handler: every runtime has a new one), reset g for the
 * proposal on iface (lanplus: the algorithms of cipher suite suite; lan:
 * none) and accept answers only from numeric:cfg->port.  Call it before
 * ipmi_lanp_setup_con.  IPL_ERR_CONFIG when suite has no algorithms,
 * IPL_ERR_SYSTEM when numeric is no numeric address.
 */
ipl_rc ipl_rmcpp_guard_arm(struct ipl_rmcpp_guard *g, os_handler_t *os,
			   const struct ipl_config *cfg, enum ipl_iface iface,
			   int suite, const char *numeric, ipl_status *st);

/* g is no longer screened (call before freeing it). */
void ipl_rmcpp_guard_disarm(struct ipl_rmcpp_guard *g);

#endif
