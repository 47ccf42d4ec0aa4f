/*
 * engine/bmc_addr.h - resolving the BMC's configured name or address once
 * per operation, to the numeric address every connection attempt of that
 * operation uses (so that a fallback never lands on another address).
 */
#ifndef IPL_ENGINE_BMC_ADDR_H
#define IPL_ENGINE_BMC_ADDR_H

#include <stddef.h>
#include "engine/config.h"
#include "engine/result.h"

/*
 * cfg->ipaddr and cfg->port as a numeric address (into numeric, room for
 * numeric_len bytes; NI_MAXHOST is enough) and its address family.
 * Returns IPL_OK, IPL_ERR_TIMEOUT when the resolver could not answer now
 * (EAI_AGAIN), else IPL_ERR_CONFIG naming the value.
 */
ipl_rc ipl_bmc_resolve(const struct ipl_config *cfg, char *numeric,
		       size_t numeric_len, int *family, ipl_status *st);

#endif
