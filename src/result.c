/*
 * result.c - the internal result convention and its one mapping to the
 * S_* codes of cluster-glue.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stonith/stonith.h>

#include "ipl_result.h"

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

int
ipl_rc_to_stonith(ipl_rc rc, int reset_request)
{
	switch (rc) {
	case IPL_OK:          return S_OK;
	case IPL_ERR_CONFIG:  return S_BADCONFIG;
	case IPL_ERR_ACCESS:  return S_ACCESS;
	case IPL_ERR_TIMEOUT: return S_TIMEOUT;
	case IPL_ERR_BADHOST: return S_BADHOST;
	case IPL_ERR_INVAL:   return S_INVAL;
	case IPL_ERR_REFUSED:
	case IPL_ERR_POWER:
	case IPL_ERR_PROTOCOL:
		return reset_request ? S_RESETFAIL : S_OOPS;
	case IPL_ERR_SYSTEM:
		return reset_request ? S_RESETFAIL : S_OOPS;
	}
	return S_OOPS;
}
