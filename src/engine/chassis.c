/*
 * chassis.c - decoding of Get Chassis Status and Chassis Control
 * responses.  Pure functions, unit-tested without a network.
 */
#include "config.h"

#include <stdio.h>

#include "engine/chassis.h"

const char *
ipl_chassis_ctl_name(enum ipl_chassis_ctl ctl)
{
	switch (ctl) {
	case IPL_CTL_POWER_DOWN:     return "power down";
	case IPL_CTL_POWER_UP:       return "power up";
	case IPL_CTL_POWER_CYCLE:    return "power cycle";
	case IPL_CTL_HARD_RESET:     return "hard reset";
	case IPL_CTL_DIAG_INTERRUPT: return "diagnostic interrupt";
	case IPL_CTL_SOFT_SHUTDOWN:  return "soft shutdown";
	}
	return "unknown control";
}

const char *
ipl_cc_text(uint8_t cc)
{
	switch (cc) {
	case 0x00: return "success";
	case 0xC0: return "node busy";
	case 0xC1: return "invalid command";
	case 0xC2: return "command invalid for given LUN";
	case 0xC3: return "timeout while processing command";
	case 0xC4: return "out of space";
	case 0xC5: return "reservation cancelled or invalid";
	case 0xC6: return "request data truncated";
	case 0xC7: return "request data length invalid";
	case 0xC8: return "request data field length limit exceeded";
	case 0xC9: return "parameter out of range";
	case 0xCA: return "cannot return number of requested data bytes";
	case 0xCB: return "requested sensor, data, or record not present";
	case 0xCC: return "invalid data field in request";
	case 0xCD: return "command illegal for specified sensor or record type";
	case 0xCE: return "command response could not be provided";
	case 0xCF: return "cannot execute duplicated request";
	case 0xD0: return "SDR repository in update mode";
	case 0xD1: return "device in firmware update mode";
	case 0xD2: return "BMC initialization in progress";
	case 0xD3: return "destination unavailable";
	case 0xD4: return "insufficient privilege level";
	case 0xD5: return "command not supported in present state";
	case 0xD6: return "command sub-function disabled or unavailable";
	case 0xFF: return "unspecified error";
	}
	if (cc >= 0x01 && cc <= 0x7E) {
		return "device-specific (OEM) completion code";
	}
	if (cc >= 0x80 && cc <= 0xBE) {
		return "command-specific completion code";
	}
	return "reserved completion code";
}

/* Classify a non-zero completion code of a chassis command. */
static ipl_rc
cc_failure(const char *what, uint8_t cc, ipl_status *st)
{
	if (cc == 0xD4) {
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC refused %s: completion code 0x%02X (%s); "
				"the account needs operator or administrator "
				"privilege", what, cc, ipl_cc_text(cc));
	}
	return ipl_fail(st, IPL_ERR_REFUSED,
			"BMC refused %s: completion code 0x%02X (%s)",
			what, cc, ipl_cc_text(cc));
}

ipl_rc
ipl_chassis_decode_status(const uint8_t *rsp, size_t len, bool *power_on,
			  ipl_status *st)
{
	struct ipl_chassis_state cs = { false, false, false };
	ipl_rc rc = ipl_chassis_decode_state(rsp, len, &cs, st);

	if (rc == IPL_OK) {
		*power_on = cs.on;
	}
	return rc;
}

ipl_rc
ipl_chassis_decode_state(const uint8_t *rsp, size_t len,
			 struct ipl_chassis_state *cs, ipl_status *st)
{
	if (rsp == NULL || len < 1) {
		return ipl_fail(st, IPL_ERR_PROTOCOL,
				"empty Get Chassis Status response");
	}
	if (rsp[0] != 0x00) {
		return cc_failure("Get Chassis Status", rsp[0], st);
	}
	/* CC, current power state, last power event, misc state (+ optional). */
	if (len < 4) {
		return ipl_fail(st, IPL_ERR_PROTOCOL,
				"Get Chassis Status response too short: "
				"%zu bytes, at least 4 expected", len);
	}
	cs->on = (rsp[1] & 0x01) != 0;
	cs->power_fault = (rsp[1] & 0x08) != 0;
	cs->control_fault = (rsp[1] & 0x10) != 0;
	return IPL_OK;
}

ipl_rc
ipl_chassis_decode_control(enum ipl_chassis_ctl ctl, const uint8_t *rsp,
			   size_t len, ipl_status *st)
{
	char what[64];

	snprintf(what, sizeof(what), "Chassis Control (%s)",
		 ipl_chassis_ctl_name(ctl));
	if (rsp == NULL || len < 1) {
		return ipl_fail(st, IPL_ERR_PROTOCOL, "empty %s response", what);
	}
	if (rsp[0] != 0x00) {
		return cc_failure(what, rsp[0], st);
	}
	return IPL_OK;
}
