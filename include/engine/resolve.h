/*
 * engine/resolve.h - the BMC's address for OpenIPMI: cfg->ipaddr resolved
 * with the system resolver to one numeric address and its family, with a
 * clear message when it cannot be (OpenIPMI's own lookup answers a bare
 * EINVAL).
 */
#ifndef IPL_ENGINE_RESOLVE_H
#define IPL_ENGINE_RESOLVE_H

#include <stddef.h>
#include "engine/config.h"
#include "engine/result.h"

/* Resolve cfg->ipaddr into numeric (numeric_len bytes) and *family.
 * IPL_ERR_TIMEOUT when the resolver could not answer now, IPL_ERR_CONFIG
 * when the name cannot be used. */
ipl_rc ipl_resolve_bmc(const struct ipl_config *cfg, char *numeric,
		       size_t numeric_len, int *family, ipl_status *st);

#endif
