/*
 * engine/pace.h - the timing of one session's tries: how long a copy of a
 * message is waited for before another is sent, when a handshake that can
 * no longer finish is given up for a new one, and how those waits adapt to
 * the BMC (a slow BMC is waited for, a lossy network is retried quickly).
 * Pure: it reads only the wire watch (engine/wire_watch.h) it is handed;
 * the session (engine/session.h) acts on it.
 */
#ifndef IPL_ENGINE_PACE_H
#define IPL_ENGINE_PACE_H

#include <stdbool.h>
#include "engine/config.h"
#include "engine/wire_watch.h"

struct ipl_pace {
	unsigned int msg_timeout_ms; /* how long one answer may take        */
	unsigned int retry_ms;       /* OpenIPMI's per-try timeout, for now */
	unsigned int answer_ms;      /* the BMC's quickest handshake answer */
	bool persist;                /* a fence: a stuck handshake restarts */
};

/* How a connection attempt stands, for ipl_pace_check. */
enum ipl_pace_verdict {
	IPL_PACE_WAIT,     /* nothing to do: wait for the attempt          */
	IPL_PACE_FUTILE,   /* RAKP 4 came inside the session: start anew    */
};

/* Start p for a session of cfg (persist: a fence, whose tries are one
 * retry interval apart; a status keeps msg_timeout per try). */
void ipl_pace_init(struct ipl_pace *p, const struct ipl_config *cfg,
		   bool persist);

/*
 * The attempt watched by w: wait for it, or give it up.  Only a fence
 * (persist) ends an attempt early, and only on evidence that it cannot
 * finish (ipl_wire_rakp3_futile): a RAKP 3 that is merely unanswered is
 * left to OpenIPMI's retries, since some BMCs stay silent at RAKP 3 on a
 * wrong password (every new handshake is another login, and BMCs lock
 * accounts out) and a loaded BMC may just be slow (an abandoned activated
 * session holds a slot until it times out).
 */
enum ipl_pace_verdict ipl_pace_check(const struct ipl_pace *p,
				     const struct ipl_wire_watch *w);

/* After an attempt that got no answer to all of OpenIPMI's 7 tries of one
 * message: a slow BMC rather than loss; the next retries half as often,
 * up to msg_timeout. */
void ipl_pace_after_no_answer(struct ipl_pace *p);

/* After a handshake done: note the BMC's quickest answer in it (w). */
void ipl_pace_connected(struct ipl_pace *p, const struct ipl_wire_watch *w);

/* The waits between copies of a repeated read: the first (the retry
 * interval, or one and a half times the BMC's quickest handshake answer
 * when that is longer), and each next one after wait_ms (half as long
 * again, up to twice the first, at most msg_timeout unless the first was
 * longer). */
unsigned int ipl_pace_first_repeat_ms(const struct ipl_pace *p);
unsigned int ipl_pace_next_repeat_ms(const struct ipl_pace *p,
				     unsigned int wait_ms);

#endif
