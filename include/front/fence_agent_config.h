/*
 * front/fence_agent_config.h - the fence agent's input as an engine
 * configuration: fence_ipmilan's spellings translated (lanplus, privlvl,
 * method, hexadecimal_kg, password_script, power_timeout), every value
 * then checked by the engine's parameter table (engine/config.h), so that
 * the checks, defaults and messages are the stonith plugin's.  Messages
 * name the parameter as the user wrote it.
 */
#ifndef IPL_FRONT_FENCE_AGENT_CONFIG_H
#define IPL_FRONT_FENCE_AGENT_CONFIG_H

#include <stdbool.h>
#include "engine/config.h"
#include "engine/result.h"
#include "front/fence_agent_input.h"

/* The checked configuration of one run; free with fa_conf_clear. */
struct fa_conf {
	struct ipl_config cfg;
	bool have_hosts;        /* hostname was given                     */
	char *plug;             /* lowercased, g_malloc'd, or NULL        */
	unsigned int delay_ms;  /* before off, reboot and diag            */
};

/* verbose and quiet as switches (absent: false); IPL_ERR_CONFIG for a
 * value that is not a boolean. */
ipl_rc fa_conf_log_switches(const struct fa_input *in, bool *verbose,
			    bool *quiet, ipl_status *st);

/*
 * Check everything that can be checked without the BMC, running
 * password_script when it is given, and fill c.  IPL_ERR_CONFIG with one
 * message naming the parameter, the value (never a secret) and what is
 * allowed.  On failure c holds nothing.
 */
ipl_rc fa_conf_build(struct fa_conf *c, const struct fa_input *in,
		     ipl_status *st);

/* IPL_OK unless hostname was given and plug is not one of its names
 * (IPL_ERR_BADHOST): then this device does not fence that node. */
ipl_rc fa_conf_check_plug(const struct fa_conf *c, ipl_status *st);

/* Wipe and free; c may be reused. */
void fa_conf_clear(struct fa_conf *c);

#endif
