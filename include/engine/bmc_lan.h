/*
 * engine/bmc_lan.h - the BMC operations (engine/bmc.h) over a real
 * IPMI-over-LAN session (engine/session.h).
 */
#ifndef IPL_ENGINE_BMC_LAN_H
#define IPL_ENGINE_BMC_LAN_H

#include "engine/bmc.h"
#include "engine/config.h"
#include "engine/runtime.h"
#include "engine/session.h"

/* One device's way to its BMC; lives on the caller's stack for one
 * operation.  ref and cfg must outlive it. */
struct ipl_bmc_lan {
	struct ipl_runtime_ref *ref;
	const struct ipl_config *cfg;
	struct ipl_session *session;   /* NULL unless open */
};

/* Set lan up for cfg through ref and point bmc at it. */
void ipl_bmc_lan_init(struct ipl_bmc_lan *lan, struct ipl_runtime_ref *ref,
		      const struct ipl_config *cfg, struct ipl_bmc *bmc);

#endif
