/*
 * front/stonith_rc.h - the stonith front end's one mapping from the
 * engine's results to cluster-glue's S_* codes.
 */
#ifndef IPL_FRONT_STONITH_RC_H
#define IPL_FRONT_STONITH_RC_H

#include "engine/result.h"

/*
 * The S_* code cluster-glue expects for rc.  reset_request is true when the
 * result belongs to req_reset, where any failure to act is S_RESETFAIL.
 */
int ipl_rc_to_stonith(ipl_rc rc, int reset_request);

#endif
