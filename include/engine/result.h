/*
 * engine/result.h - the one result convention used inside the engine.
 *
 * Every engine function that can fail returns an ipl_rc and, when it
 * fails, fills an ipl_status with a human-readable reason.  Each front end
 * maps it once to its own codes (the stonith front end to cluster-glue's
 * S_* codes in src/stonith/stonith_rc.c).
 */
#ifndef IPL_ENGINE_RESULT_H
#define IPL_ENGINE_RESULT_H

#include <stddef.h>
#include <glib.h>

typedef enum {
	IPL_OK = 0,
	IPL_ERR_CONFIG,    /* a parameter is missing or invalid            */
	IPL_ERR_ACCESS,    /* authentication or privilege refused          */
	IPL_ERR_TIMEOUT,   /* the BMC did not answer before the deadline   */
	IPL_ERR_REFUSED,   /* the BMC answered a command with an error     */
	IPL_ERR_POWER,     /* the power state never reached the target     */
	IPL_ERR_BADHOST,   /* the node is not one this device fences       */
	IPL_ERR_INVAL,     /* a request this plugin does not support       */
	IPL_ERR_PROTOCOL,  /* the BMC's answer could not be understood     */
	IPL_ERR_SYSTEM,    /* out of memory or an operating-system failure */
} ipl_rc;

#define IPL_STATUS_MSG_LEN 256

/* A result code and the reason for it; msg is empty on success. */
typedef struct {
	ipl_rc rc;
	char msg[IPL_STATUS_MSG_LEN];
} ipl_status;

/* Reset st to success with an empty message. */
void ipl_status_clear(ipl_status *st);

/*
 * Record a failure in st (which may be NULL) and return rc, so that callers
 * can write "return ipl_fail(st, IPL_ERR_CONFIG, ...)".
 */
ipl_rc ipl_fail(ipl_status *st, ipl_rc rc, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/* A short stable name for rc ("timeout", "access", ...). */
const char *ipl_rc_name(ipl_rc rc);

#endif
