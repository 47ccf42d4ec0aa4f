/*
 * engine/session.h - one authenticated IPMI-over-LAN session to a BMC, on
 * the engine's OpenIPMI runtime (engine/runtime.h), whose mutex a session
 * holds from ipl_session_open to ipl_session_close.
 */
#ifndef IPL_ENGINE_SESSION_H
#define IPL_ENGINE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "engine/config.h"
#include "engine/deadline.h"
#include "engine/result.h"
#include "engine/runtime.h"

struct ipl_session;

/*
 * Resolve cfg->ipaddr, connect and authenticate, by dl.  With persist, a
 * BMC that went silent during the handshake is tried again while time is
 * left (fencing), and an attempt whose RAKP 3 the BMC answers only inside
 * the session it activated is ended at once for a new one (engine/pace.h);
 * without it one attempt decides (a status check that must answer
 * quickly).  Takes a runtime hold through ref if it has none in this
 * process, and takes the plugin mutex for the life of the session.  On
 * success *out must be passed to ipl_session_close; on failure nothing is
 * left open and st says why.
 */
ipl_rc ipl_session_open(struct ipl_runtime_ref *ref,
			const struct ipl_config *cfg,
			const struct ipl_deadline *dl, bool persist,
			struct ipl_session **out, ipl_status *st);

/*
 * Send one request to the BMC and wait for its response, by dl.  rsp
 * receives the response data, completion code first; *rsp_len its length.
 * OpenIPMI never resends a request of the session.  A repeatable request
 * (an idempotent read) goes out as two copies at once (in a fence: persist)
 * and is sent again by
 * the session, as a new copy, when its answer is late (engine/pace.h: after
 * the retry interval, or one and a half times the BMC's quickest answer of
 * the handshake if that is longer; then half as long again each time, up
 * to twice that; 10 copies at most, the last one waited for msg_timeout),
 * and the first answer to any copy counts; any other
 * request (a Chassis Control) is sent exactly once.  IPL_OK means a
 * response arrived (its completion code is the caller's to judge);
 * IPL_ERR_TIMEOUT that none did by dl: then the request is abandoned, and
 * whether the BMC carried it out is unknown.
 */
ipl_rc ipl_session_request(struct ipl_session *s, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t data_len,
			   bool repeatable, const struct ipl_deadline *dl,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
			   ipl_status *st);

/* The interface the session runs on (lanplus or lan). */
enum ipl_iface ipl_session_iface(const struct ipl_session *s);

/* "address:port" of the BMC, for messages. */
const char *ipl_session_where(const struct ipl_session *s);

/* Close the session (Close Session is sent), free it, release the mutex. */
void ipl_session_close(struct ipl_session *s);

#endif
