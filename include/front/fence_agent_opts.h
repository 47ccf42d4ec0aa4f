/*
 * front/fence_agent_opts.h - every name the fence agent accepts, on stdin
 * (name=value) and on the command line (--name, -x): the engine's
 * parameter table (engine/params.h, each row's fence_* fields) followed by
 * the few parameters of the fence-agent interface itself (action, plug,
 * delay, ...) and fence_ipmilan's spellings that the agent translates
 * (lanplus, hexadecimal_kg, password_script).
 *
 * A parameter is a "slot": slots 0 .. IPL_P_COUNT-1 are the engine's rows
 * (same index as enum ipl_param_id), then the agent's own.
 */
#ifndef IPL_FRONT_FENCE_AGENT_OPTS_H
#define IPL_FRONT_FENCE_AGENT_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include "engine/params.h"

/* The program's name: fence_ipmilan's interface, a name fence-agents does
 * not ship. */
#define FA_AGENT_NAME "fence_ipmi_native"

/* The agent's own parameters, after the engine's rows. */
enum fa_agent_param {
	FA_ACTION,          /* what to do (option: an old spelling)       */
	FA_PLUG,            /* the node asked for (port: fence-agents')   */
	FA_PASSWORD_SCRIPT, /* a program printing the password            */
	FA_LANPLUS,         /* fence_ipmilan's switch: interface=lanplus  */
	FA_HEX_KG,          /* fence_ipmilan's K_g in hex: kg=0x...       */
	FA_DELAY,           /* seconds to wait before off, reboot, diag   */
	FA_VERBOSE,
	FA_QUIET,
	FA_VERSION,
	FA_HELP,
	FA_AGENT_COUNT
};

#define FA_SLOT(a) (IPL_P_COUNT + (int)(a))
#define FA_NSLOTS (IPL_P_COUNT + FA_AGENT_COUNT)

/* How one slot looks in this interface. */
struct fa_param {
	int slot;
	const char *name;         /* canonical name (underscores)            */
	const char *alias;        /* older spelling, deprecated, or NULL     */
	char short_opt;           /* fence_ipmilan's letter, or 0            */
	const char *meta_type;    /* "string", "integer", "boolean", "second" */
	bool flag;                /* a switch on the command line: no value  */
	bool required;
	bool secret;              /* never shown                             */
	const char *default_value;/* NULL: none                              */
	const char *shortdesc;
};

/* Fill *p for slot; false when the slot is not offered by the agent. */
bool fa_param_get(int slot, struct fa_param *p);

/*
 * The slot of name (canonical or alias; '-' and '_' are the same), or -1.
 * *as_alias (may be NULL) says whether the alias matched.
 */
int fa_param_lookup(const char *name, bool *as_alias);

/* The slot of a short option letter, or -1. */
int fa_param_by_short(char c);

/* True for names Pacemaker passes to every agent that this one ignores
 * silently (nodename, nodeid). */
bool fa_param_ignored(const char *name);

/* Why name (one of fence_ipmilan's) is refused rather than ignored, or
 * NULL: target would bridge to another controller, which this agent does
 * not do; ignoring it would act on the wrong one. */
const char *fa_param_refused(const char *name);

#endif
