/*
 * engine/chassis.h - decoding of the IPMI chassis messages the engine
 * uses.  Pure functions: no I/O, no allocation.
 */
#ifndef IPL_ENGINE_CHASSIS_H
#define IPL_ENGINE_CHASSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "engine/result.h"

#define IPL_NETFN_CHASSIS            0x00
#define IPL_CMD_GET_CHASSIS_STATUS   0x01
#define IPL_CMD_CHASSIS_CONTROL      0x02

/* Chassis Control request byte (IPMI 2.0, table 28-4). */
enum ipl_chassis_ctl {
	IPL_CTL_POWER_DOWN = 0,
	IPL_CTL_POWER_UP = 1,
	IPL_CTL_POWER_CYCLE = 2,
	IPL_CTL_HARD_RESET = 3,
	IPL_CTL_DIAG_INTERRUPT = 4,
	IPL_CTL_SOFT_SHUTDOWN = 5,
};

/* Name of a control for log lines ("power down", "hard reset", ...). */
const char *ipl_chassis_ctl_name(enum ipl_chassis_ctl ctl);

/* The text the IPMI specification gives a completion code. */
const char *ipl_cc_text(uint8_t cc);

/* What Get Chassis Status reports (IPMI 2.0, table 28-3). */
struct ipl_chassis_state {
	bool on;              /* current power state, bit 0: power is on   */
	bool power_fault;     /* bit 3: fault in the main power subsystem  */
	bool control_fault;   /* bit 4: the power control failed           */
};

/*
 * Decode a Get Chassis Status response (rsp[0] is the completion code).
 * On success stores whether main power is on.
 */
ipl_rc ipl_chassis_decode_status(const uint8_t *rsp, size_t len,
				 bool *power_on, ipl_status *st);
/* The same, with the fault bits. */
ipl_rc ipl_chassis_decode_state(const uint8_t *rsp, size_t len,
				struct ipl_chassis_state *cs, ipl_status *st);

/*
 * Decode a Chassis Control response.  IPL_OK means the BMC accepted the
 * request, not that power changed.
 */
ipl_rc ipl_chassis_decode_control(enum ipl_chassis_ctl ctl,
				  const uint8_t *rsp, size_t len,
				  ipl_status *st);

#endif
