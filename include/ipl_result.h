/*
 * ipl_result.h - the one result convention used inside the plugin.
 *
 * Every internal function that can fail returns an ipl_rc and, when it
 * fails, fills an ipl_status with a human-readable reason.  The mapping to
 * cluster-glue's S_* codes happens once, at the stonith_ops boundary
 * (ipl_rc_to_stonith in result.c).
 */
#ifndef IPL_RESULT_H
#define IPL_RESULT_H

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

/*
 * The S_* code cluster-glue expects for rc.  reset_request is true when the
 * result belongs to req_reset, where any failure to act is S_RESETFAIL.
 */
int ipl_rc_to_stonith(ipl_rc rc, int reset_request);

#endif
