/*
 * engine/wire_watch.h - what arrives from the BMC during a connection
 * attempt: the kind of each datagram (the RMCP+ payload type) and when it
 * came.  The guard's screen (engine/rmcpp_guard.h), which peeks at every
 * datagram OpenIPMI is about to read, feeds the watch of its attempt; the
 * session's pace (engine/pace.h) reads it to tell a handshake that is still
 * moving from one that cannot move any more.
 *
 * Why: OpenIPMI 2.0.33 resends a RAKP 3 whose answer was lost, and a BMC
 * that activated the session on the first copy (ipmi_sim does) answers the
 * copy inside the session, which OpenIPMI drops: the attempt then waits out
 * all its retries.  A new handshake is the faster way on.
 *
 * Pure: datagrams and times are handed in.
 */
#ifndef IPL_ENGINE_WIRE_WATCH_H
#define IPL_ENGINE_WIRE_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* RMCP+ payload types of the answers of the session set-up (IPMI 2.0,
 * table 13-16). */
#define IPL_WIRE_OPEN_RSP 0x11
#define IPL_WIRE_RAKP2 0x13
#define IPL_WIRE_RAKP4 0x15
/* Kinds that are not RMCP+ payload types. */
#define IPL_WIRE_IPMI15 (-2)     /* an IPMI 1.5 (or RMCP) datagram */
#define IPL_WIRE_OTHER (-1)      /* too short, or not RMCP at all  */
/* Added to the payload type of an encrypted or authenticated payload. */
#define IPL_WIRE_IN_SESSION 0x100

/* One attempt's view.  Times are CLOCK_MONOTONIC. */
struct ipl_wire_watch {
	bool armed;
	unsigned int count;        /* datagrams since armed              */
	bool rakp2_seen;           /* a RAKP 2 came (RAKP 1 is answered) */
	bool rakp4_seen;           /* a RAKP 4 came (RAKP 3 is answered) */
	bool rakp4_in_session;     /* before it, one inside the session  */
	struct timespec last;      /* when the last one came, or armed   */
	unsigned int min_gap_ms;   /* shortest wait for one, UINT_MAX: none */
	/* Answers to Get Channel Authentication Capabilities: */
	bool authcap_rmcpp;        /* one said the BMC offers RMCP+      */
	bool authcap_no_rmcpp;     /* one said it does not (or refused)  */
};

/* What an IPMI 1.5 datagram d (n bytes) is: IPL_AUTHCAP_RMCPP, an answer
 * to Get Channel Authentication Capabilities (completion code 0) that
 * reports the extended capabilities with IPMI 2.0 support;
 * IPL_AUTHCAP_NO_RMCPP, any other answer to that command (an error, or
 * no IPMI 2.0); IPL_AUTHCAP_NONE, anything else.  Pure. */
enum ipl_wire_authcap {
	IPL_AUTHCAP_NONE,
	IPL_AUTHCAP_NO_RMCPP,
	IPL_AUTHCAP_RMCPP,
};
enum ipl_wire_authcap ipl_wire_authcap(const uint8_t *d, size_t n);

/* The kind of datagram d (n bytes): its RMCP+ payload type 0..63 (plus
 * IPL_WIRE_IN_SESSION when encrypted or authenticated), or IPL_WIRE_IPMI15
 * or IPL_WIRE_OTHER.  Pure. */
int ipl_wire_kind(const uint8_t *d, size_t n);

/* Start w afresh at now. */
void ipl_wire_start(struct ipl_wire_watch *w, const struct timespec *now);

/* Record datagram d arriving at now (nothing when w is not armed). */
void ipl_wire_note(struct ipl_wire_watch *w, const uint8_t *d, size_t n,
		   const struct timespec *now);

/* True when the attempt saw the BMC say it offers no RMCP+ and never say
 * it does: OpenIPMI reports that, and its own made-up answer after the
 * last unanswered try, with the same ENOENT. */
bool ipl_wire_denied_rmcpp(const struct ipl_wire_watch *w);

/*
 * True when a RAKP 4 came inside the session before any came outside it:
 * the BMC activated the session on an earlier copy of RAKP 3 (whose answer
 * was lost) and answers the resends where OpenIPMI never looks (ipmi_sim
 * does this).  The attempt cannot succeed any more.
 */
bool ipl_wire_rakp3_futile(const struct ipl_wire_watch *w);

#endif
