/*
 * fence_agent_actions.c - the fence agent's actions over the engine
 * (front/fence_agent_actions.h).
 *
 * on, off, reboot, status and monitor are the engine's power policy, as
 * the stonith plugin uses it.  diag is the one action of this front end
 * alone: Chassis Control 04h, "pulse diagnostic interrupt" (an NMI on
 * most servers; IPMI 2.0 table 28-4, ipmitool's "chassis power diag"),
 * sent in one session between two Get Chassis Status.  (05h, "soft
 * shutdown", would ask the operating system to power off: not a
 * diagnostic interrupt.)
 */
#include "config.h"

#include <glib.h>

#include "engine/bmc_lan.h"
#include "engine/chassis.h"
#include "engine/deadline.h"
#include "engine/power.h"
#include "engine/runtime.h"
#include "front/fence_agent_actions.h"

#define RSP_MAX 64

static const char *const action_names[FA_ACT_COUNT] = {
	[FA_ACT_ON] = "on",
	[FA_ACT_OFF] = "off",
	[FA_ACT_REBOOT] = "reboot",
	[FA_ACT_STATUS] = "status",
	[FA_ACT_MONITOR] = "monitor",
	[FA_ACT_DIAG] = "diag",
	[FA_ACT_METADATA] = "metadata",
	[FA_ACT_VALIDATE] = "validate-all",
};

bool
fa_action_parse(const char *word, enum fa_action *act)
{
	int i;

	if (word == NULL) {
		return false;
	}
	if (g_ascii_strcasecmp(word, "meta-data") == 0) {
		*act = FA_ACT_METADATA;
		return true;
	}
	for (i = 0; i < FA_ACT_COUNT; i++) {
		if (g_ascii_strcasecmp(word, action_names[i]) == 0) {
			*act = (enum fa_action)i;
			return true;
		}
	}
	return false;
}

const char *
fa_action_name(enum fa_action act)
{
	return (int)act >= 0 && act < FA_ACT_COUNT ? action_names[act] : "?";
}

bool
fa_action_needs_bmc(enum fa_action act)
{
	return act != FA_ACT_METADATA && act != FA_ACT_VALIDATE;
}

bool
fa_action_delayed(enum fa_action act)
{
	return act == FA_ACT_OFF || act == FA_ACT_REBOOT || act == FA_ACT_DIAG;
}

/* One Get Chassis Status in the open session. */
static ipl_rc
read_power(const struct ipl_bmc *b, const struct ipl_deadline *dl,
	   bool *on, ipl_status *st)
{
	uint8_t rsp[RSP_MAX];
	size_t len = 0;
	ipl_rc rc;

	rc = b->ops->chassis_status(b->ctx, dl, rsp, sizeof(rsp), &len, st);
	return rc != IPL_OK ? rc
			    : ipl_chassis_decode_status(rsp, len, on, st);
}

/* status on, 04h accepted with completion code 0, status still on. */
static ipl_rc
diag_in_session(const struct ipl_bmc *b, const struct ipl_deadline *dl,
		ipl_status *st)
{
	uint8_t rsp[RSP_MAX];
	size_t len = 0;
	bool on = false;
	ipl_rc rc;

	rc = read_power(b, dl, &on, st);
	if (rc == IPL_OK && !on) {
		return ipl_fail(st, IPL_ERR_POWER, "BMC %s reports power off: "
				"no diagnostic interrupt was sent (it needs a "
				"running node)", b->ops->where(b->ctx));
	}
	if (rc == IPL_OK) {
		rc = b->ops->chassis_control(b->ctx, IPL_CTL_DIAG_INTERRUPT, dl,
					     rsp, sizeof(rsp), &len, st);
	}
	if (rc == IPL_OK) {
		rc = ipl_chassis_decode_control(IPL_CTL_DIAG_INTERRUPT, rsp,
						len, st);
	}
	if (rc == IPL_OK) {
		rc = read_power(b, dl, &on, st);
	}
	if (rc == IPL_OK && !on) {
		return ipl_fail(st, IPL_ERR_POWER, "BMC %s accepted the "
				"diagnostic interrupt, then reported power off",
				b->ops->where(b->ctx));
	}
	return rc;
}

static ipl_rc
run_diag(const struct ipl_bmc *b, const struct ipl_config *cfg,
	 ipl_status *st)
{
	struct ipl_deadline dl;
	ipl_rc rc;

	ipl_deadline_in(&dl, cfg->timeout_ms);
	rc = b->ops->open(b->ctx, &dl, true, st);
	if (rc != IPL_OK) {
		return rc;
	}
	rc = diag_in_session(b, &dl, st);
	b->ops->close(b->ctx);
	return rc;
}

static ipl_rc
dispatch(const struct ipl_bmc *b, const struct ipl_config *cfg,
	 enum fa_action act, bool *power_on, ipl_status *st)
{
	switch (act) {
	case FA_ACT_ON:
		return ipl_power_request(b, cfg, IPL_POWER_ON, st);
	case FA_ACT_OFF:
		return ipl_power_request(b, cfg, IPL_POWER_OFF, st);
	case FA_ACT_REBOOT:
		return ipl_power_request(b, cfg, IPL_POWER_RESET, st);
	case FA_ACT_STATUS:
	case FA_ACT_MONITOR:
		return ipl_power_status(b, cfg, power_on, st);
	case FA_ACT_DIAG:
		return run_diag(b, cfg, st);
	case FA_ACT_METADATA:
	case FA_ACT_VALIDATE:
	case FA_ACT_COUNT:
		break;
	}
	return ipl_fail(st, IPL_ERR_INVAL, "%s does not talk to the BMC",
			fa_action_name(act));
}

ipl_rc
fa_action_run(const struct fa_conf *c, enum fa_action act, bool *power_on,
	      ipl_status *st)
{
	struct ipl_runtime_ref ref = { false, 0 };
	struct ipl_bmc_lan lan;
	struct ipl_bmc bmc;
	bool on = false;
	ipl_rc rc;

	ipl_bmc_lan_init(&lan, &ref, &c->cfg, &bmc);
	rc = dispatch(&bmc, &c->cfg, act, &on, st);
	/* The process ends soon, but nothing of OpenIPMI outlives the
	 * action: valgrind sees a clean exit. */
	ipl_runtime_release(&ref);
	if (power_on != NULL) {
		*power_on = on;
	}
	return rc;
}
