/*
 * result.c - the engine's one result convention: an ipl_rc and, on
 * failure, a reason.  Front ends map it to their own codes (for cluster-glue
 * see src/stonith/stonith_rc.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/result.h"

void
ipl_status_clear(ipl_status *st)
{
	if (st != NULL) {
		st->rc = IPL_OK;
		st->msg[0] = '\0';
	}
}

ipl_rc
ipl_fail(ipl_status *st, ipl_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (st != NULL) {
		st->rc = rc;
		va_start(ap, fmt);
		vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
		va_end(ap);
	}
	return rc;
}

const char *
ipl_rc_name(ipl_rc rc)
{
	switch (rc) {
	case IPL_OK:           return "ok";
	case IPL_ERR_CONFIG:   return "bad configuration";
	case IPL_ERR_ACCESS:   return "access denied";
	case IPL_ERR_TIMEOUT:  return "timeout";
	case IPL_ERR_REFUSED:  return "refused by BMC";
	case IPL_ERR_POWER:    return "power state not reached";
	case IPL_ERR_BADHOST:  return "unknown node";
	case IPL_ERR_INVAL:    return "unsupported request";
	case IPL_ERR_PROTOCOL: return "protocol error";
	case IPL_ERR_SYSTEM:   return "system error";
	}
	return "unknown result";
}
