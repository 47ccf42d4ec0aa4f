/*
 * engine/bmc.h - the seam between the power policy and a BMC: the few
 * operations the policy needs, as a table.  engine/bmc_lan.h implements it
 * over a real IPMI-over-LAN session; tests/check_power.c implements
 * scripted BMCs with it.
 */
#ifndef IPL_ENGINE_BMC_H
#define IPL_ENGINE_BMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/chassis.h"
#include "engine/deadline.h"
#include "engine/result.h"

/*
 * Every operation gets the implementation's ctx.  The chassis operations
 * return IPL_OK when the BMC answered; rsp then holds the answer,
 * completion code first, for the policy to decode (engine/chassis.h).
 */
struct ipl_bmc_ops {
	/* Open a session, by dl; persist: retry a handshake that went
	 * silent while time is left.  On failure nothing is open. */
	ipl_rc (*open)(void *ctx, const struct ipl_deadline *dl, bool persist,
		       ipl_status *st);
	/* Get Chassis Status; may be sent again while its answer is late. */
	ipl_rc (*chassis_status)(void *ctx, const struct ipl_deadline *dl,
				 uint8_t *rsp, size_t cap, size_t *len,
				 ipl_status *st);
	/* Chassis Control with the one request byte ctl, sent exactly once:
	 * IPL_ERR_TIMEOUT means its outcome is unknown. */
	ipl_rc (*chassis_control)(void *ctx, enum ipl_chassis_ctl ctl,
				  const struct ipl_deadline *dl, uint8_t *rsp,
				  size_t cap, size_t *len, ipl_status *st);
	/* Close what open opened (Close Session is sent). */
	void (*close)(void *ctx);
	/* "address:port" of the BMC, for messages. */
	const char *(*where)(void *ctx);
};

/* A BMC: its operations and their context (owned by the caller). */
struct ipl_bmc {
	const struct ipl_bmc_ops *ops;
	void *ctx;
};

#endif
