/*
 * front/fence_agent_actions.h - the fence agent's actions and what each
 * does with the BMC, through the engine's power policy (engine/power.h)
 * over one IPMI-over-LAN session (engine/bmc_lan.h).
 */
#ifndef IPL_FRONT_FENCE_AGENT_ACTIONS_H
#define IPL_FRONT_FENCE_AGENT_ACTIONS_H

#include <stdbool.h>
#include "engine/result.h"
#include "front/fence_agent_config.h"

enum fa_action {
	FA_ACT_ON,
	FA_ACT_OFF,
	FA_ACT_REBOOT,
	FA_ACT_STATUS,
	FA_ACT_MONITOR,
	FA_ACT_DIAG,
	FA_ACT_METADATA,
	FA_ACT_VALIDATE,
	FA_ACT_COUNT
};

/* The action named word ("meta-data" is metadata), case-insensitive;
 * false for an unknown word. */
bool fa_action_parse(const char *word, enum fa_action *act);

/* The action's canonical name ("validate-all"). */
const char *fa_action_name(enum fa_action act);

/* True when the action talks to the BMC. */
bool fa_action_needs_bmc(enum fa_action act);

/* True for the actions fence-agents delays by "delay" (off, reboot, diag). */
bool fa_action_delayed(enum fa_action act);

/*
 * Carry out act (one that needs the BMC) for c.  IPL_OK means done and
 * verified: on/off/reboot as the power policy says; status and monitor an
 * authenticated answer (*power_on set); diag a Chassis Control "pulse
 * diagnostic interrupt" (04h) accepted with completion code 0 by a node
 * that was on, and still reported on afterwards.  Otherwise st says why.
 */
ipl_rc fa_action_run(const struct fa_conf *c, enum fa_action act,
		     bool *power_on, ipl_status *st);

#endif
