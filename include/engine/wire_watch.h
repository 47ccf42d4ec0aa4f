/*
 * engine/wire_watch.h - what arrives from the BMC during a connection
 * attempt, seen on OpenIPMI's own sockets: the kind of each datagram (the
 * RMCP+ payload type) and when it came.  The runtime (engine/runtime.h)
 * routes every socket OpenIPMI registers through ipl_wire_wrap; the session
 * arms the watch at the start of each connection attempt and reads it to
 * tell a handshake that is still moving from one that cannot move any more.
 *
 * Why: OpenIPMI 2.0.33 resends a RAKP 3 whose answer was lost, and a BMC
 * that activated the session on the first copy (ipmi_sim does) answers the
 * copy inside the session, which OpenIPMI drops: the attempt then waits out
 * all its retries.  A new handshake is the faster way on.
 *
 * The datagram is only peeked at (MSG_PEEK), never consumed or changed.
 */
#ifndef IPL_ENGINE_WIRE_WATCH_H
#define IPL_ENGINE_WIRE_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <OpenIPMI/os_handler.h>

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
	int last_kind;             /* kind of the last one (IPL_WIRE_*)  */
	bool rakp4_seen;           /* a RAKP 4 came (RAKP 3 is answered) */
	bool rakp4_in_session;     /* before it, one inside the session  */
	struct timespec start;     /* when armed                         */
	struct timespec last;      /* when the last one came (or start)  */
	unsigned int min_gap_ms;   /* shortest wait for one, UINT_MAX: none */
};

/* The kind of datagram d (n bytes): its RMCP+ payload type 0..63 (plus
 * IPL_WIRE_IN_SESSION when encrypted or authenticated), or IPL_WIRE_IPMI15
 * or IPL_WIRE_OTHER.  Pure. */
int ipl_wire_kind(const uint8_t *d, size_t n);

/* Start w afresh at now. */
void ipl_wire_start(struct ipl_wire_watch *w, const struct timespec *now);

/* Record datagram d arriving at now (nothing when w is not armed). */
void ipl_wire_note(struct ipl_wire_watch *w, const uint8_t *d, size_t n,
		   const struct timespec *now);

/*
 * True when a RAKP 4 came inside the session before any came outside it:
 * the BMC activated the session on an earlier copy of RAKP 3 (whose answer
 * was lost) and answers the resends where OpenIPMI never looks (ipmi_sim
 * does this).  The attempt cannot succeed any more.
 */
bool ipl_wire_rakp3_futile(const struct ipl_wire_watch *w);

/* ---- the process's watch, fed by the runtime's sockets ---- */

/* Arm the watch at the start of a connection attempt; disarm it after. */
void ipl_wire_arm(void);
void ipl_wire_disarm(void);
const struct ipl_wire_watch *ipl_wire_current(void);

/*
 * Route a socket's callbacks through the watch: *ready and *data are
 * replaced by a peeking trampoline and its slot, *freed by one that gives
 * the original data back.  When no slot is free, nothing is changed (the
 * socket is just not watched).
 */
void ipl_wire_wrap(os_data_ready_t *ready, void **data,
		   os_fd_data_freed_t *freed);

/* Give back the slot of data (a wrapped socket the handler refused). */
void ipl_wire_unwrap(void *data);

/* Forget every slot (the handler that held them is gone). */
void ipl_wire_reset(void);

#endif
