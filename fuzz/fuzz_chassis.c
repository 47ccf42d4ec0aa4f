/*
 * fuzz_chassis.c - libFuzzer target: decoding of every BMC response the
 * plugin reads itself (src/engine/chassis.c: Get Chassis Status and Chassis
 * Control answers, completion-code texts) and the result mapping
 * (src/result.c).  The session layer below (RMCP/RMCP+ framing) belongs to
 * OpenIPMI and is exercised by tests/fault_hostile.sh instead.
 *
 * Input: byte 0 picks the Chassis Control request; the rest is the
 * response, completion code first, as ipl_session_request hands it over.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chassis.h"
#include "engine/result.h"
#include "front/stonith_rc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ipl_status st;
	bool on = false;
	ipl_rc rc;
	enum ipl_chassis_ctl ctl;
	const uint8_t *rsp;
	size_t len;

	if (size == 0) {
		return 0;
	}
	ctl = (enum ipl_chassis_ctl)(data[0] % 6);
	rsp = size > 1 ? data + 1 : NULL;
	len = size - 1;

	ipl_status_clear(&st);
	rc = ipl_chassis_decode_status(rsp, len, &on, &st);
	/* Success only for completion code 0 and at least 4 bytes. */
	if (rc == IPL_OK && (len < 4 || rsp[0] != 0
			     || on != ((rsp[1] & 1) != 0))) {
		abort();
	}
	if (rc != IPL_OK && st.msg[0] == '\0') {
		abort();
	}
	ipl_rc_to_stonith(rc, 0);
	ipl_rc_name(rc);

	ipl_status_clear(&st);
	rc = ipl_chassis_decode_control(ctl, rsp, len, &st);
	if (rc == IPL_OK && (len < 1 || rsp[0] != 0)) {
		abort();
	}
	if (rc != IPL_OK && st.msg[0] == '\0') {
		abort();
	}
	ipl_rc_to_stonith(rc, 1);
	ipl_chassis_ctl_name(ctl);
	if (len > 0 && ipl_cc_text(rsp[0]) == NULL) {
		abort();
	}
	return 0;
}
