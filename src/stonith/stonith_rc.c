/*
 * stonith_rc.c - the engine's results as cluster-glue's S_* codes: the one
 * place where they meet (doc/design.md, section 7).
 */
#include "config.h"

#include <stonith/stonith.h>

#include "front/stonith_rc.h"

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
	case IPL_ERR_SYSTEM:
		return reset_request ? S_RESETFAIL : S_OOPS;
	}
	return S_OOPS;
}
