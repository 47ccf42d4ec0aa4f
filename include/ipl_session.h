/*
 * ipl_session.h - one authenticated IPMI-over-LAN session to a BMC, on the
 * plugin's private OpenIPMI runtime.
 *
 * The runtime (one unthreaded os_handler with its own selector, plus
 * ipmi_init) is created lazily in the process that uses it, shared by all
 * devices through a reference count, and torn down when the last device
 * releases it.  All OpenIPMI use is serialized by one mutex, held from
 * ipl_session_open to ipl_session_close.  A reference inherited across
 * fork() is never used: the child builds its own runtime.
 */
#ifndef IPL_SESSION_H
#define IPL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "ipl_config.h"
#include "ipl_result.h"

/* An absolute point on CLOCK_MONOTONIC. */
struct ipl_deadline {
	struct timespec at;
};

/* A deadline ms milliseconds from now. */
void ipl_deadline_in(struct ipl_deadline *dl, unsigned int ms);
/* Milliseconds left, 0 once passed. */
unsigned int ipl_deadline_left_ms(const struct ipl_deadline *dl);
bool ipl_deadline_passed(const struct ipl_deadline *dl);

/* A device's hold on the shared runtime.  Zero-initialize it. */
struct ipl_runtime_ref {
	bool held;
	pid_t pid;   /* process that took the hold */
};

/* Drop the hold (if taken in this process); the last one tears down. */
void ipl_runtime_release(struct ipl_runtime_ref *ref);

/* Number of holds on the runtime in this process (for tests). */
unsigned int ipl_runtime_users(void);

struct ipl_session;

/*
 * Resolve cfg->ipaddr, connect and authenticate, by dl.  With persist, a
 * BMC that went silent during the handshake is tried again while time is
 * left (fencing); without it one attempt decides (a status check that must
 * answer quickly).  Takes a runtime hold through ref if it has none in this
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
 * side_effects marks a command that must not be blindly retransmitted.
 * IPL_OK means a response arrived (its completion code is the caller's to
 * judge); IPL_ERR_TIMEOUT that none did.
 */
ipl_rc ipl_session_request(struct ipl_session *s, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t data_len,
			   bool side_effects, const struct ipl_deadline *dl,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
			   ipl_status *st);

/* The interface the session runs on (lanplus or lan). */
enum ipl_iface ipl_session_iface(const struct ipl_session *s);

/* "address:port" of the BMC, for messages. */
const char *ipl_session_where(const struct ipl_session *s);

/* Close the session (Close Session is sent), free it, release the mutex. */
void ipl_session_close(struct ipl_session *s);

#endif
