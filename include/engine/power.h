/*
 * engine/power.h - the power policy: what "status", "on", "off" and
 * "reset" mean, each in one session to a BMC (engine/bmc.h) and verified
 * with Get Chassis Status polls.
 */
#ifndef IPL_ENGINE_POWER_H
#define IPL_ENGINE_POWER_H

#include <stdbool.h>
#include "engine/bmc.h"
#include "engine/config.h"
#include "engine/result.h"

enum ipl_power_request {
	IPL_POWER_ON,
	IPL_POWER_OFF,
	IPL_POWER_RESET,   /* per cfg->reset_method */
};

/*
 * Ask the BMC for the chassis power state.  IPL_OK means an authenticated
 * Get Chassis Status was answered; *power_on (may be NULL) says on or off.
 */
ipl_rc ipl_power_status(const struct ipl_bmc *bmc,
			const struct ipl_config *cfg, bool *power_on,
			ipl_status *st);

/*
 * Carry out req and return IPL_OK only once the BMC reports the target
 * state (off for OFF; on for ON and RESET), all inside cfg->timeout_ms.
 */
ipl_rc ipl_power_request(const struct ipl_bmc *bmc,
			 const struct ipl_config *cfg,
			 enum ipl_power_request req, ipl_status *st);

const char *ipl_power_request_name(enum ipl_power_request req);

#endif
