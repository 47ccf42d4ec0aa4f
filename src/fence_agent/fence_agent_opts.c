/*
 * fence_agent_opts.c - the names of the fence agent (front/fence_agent_opts.h):
 * the engine's rows under their fence-agent names, then the agent's own.
 */
#include "config.h"

#include <string.h>

#include "front/fence_agent_opts.h"

/* One of the agent's own parameters. */
struct agent_row {
	const char *name;
	const char *alias;
	char short_opt;
	const char *meta_type;
	bool flag;
	bool required;
	bool secret;
	const char *default_value;
	const char *shortdesc;
};

static const struct agent_row agent_rows[FA_AGENT_COUNT] = {
	[FA_ACTION] = {
		"action", "option", 'o', "string", false, false, false, "reboot",
		"Fencing action: on, off, reboot, status, monitor, diag, "
		"metadata or validate-all" },
	[FA_PLUG] = {
		"plug", "port", 'n', "string", false, false, false, NULL,
		"Node to act on; one node per BMC, so it is only checked "
		"against hostname when hostname is given" },
	[FA_PASSWORD_SCRIPT] = {
		"password_script", "passwd_script", 'S', "string", false, false,
		false, NULL,
		"Program (run without a shell) whose first line of output is "
		"the password" },
	[FA_LANPLUS] = {
		"lanplus", NULL, 'P', "boolean", true, false, false, NULL,
		"1: interface=lanplus (IPMI 2.0 RMCP+ only); 0: interface=auto "
		"(RMCP+, IPMI 1.5 only when the BMC has no RMCP+)" },
	[FA_HEX_KG] = {
		"hexadecimal_kg", NULL, 0, "string", false, false, true, NULL,
		"K_g BMC key as hex digits (as ipmitool -y); same as kg=0x..." },
	[FA_DELAY] = {
		"delay", NULL, 0, "second", false, false, false, "0",
		"Seconds to wait before off, reboot or diag" },
	[FA_VERBOSE] = {
		"verbose", NULL, 'v', "boolean", true, false, false, NULL,
		"Log each step on stderr (twice on the command line: also "
		"the IPMI messages)" },
	[FA_QUIET] = {
		"quiet", NULL, 'q', "boolean", true, false, false, NULL,
		"No warnings on stderr; the reason of a failure is still "
		"written" },
	[FA_VERSION] = {
		"version", NULL, 'V', "boolean", true, false, false, NULL,
		"Display version information and exit" },
	[FA_HELP] = {
		"help", NULL, 'h', "boolean", true, false, false, NULL,
		"Display help and exit" },
};

static void
engine_param(int slot, const struct ipl_param_info *r, struct fa_param *p)
{
	p->slot = slot;
	p->name = r->fence_name;
	p->alias = r->fence_alias;
	p->short_opt = r->fence_short;
	p->meta_type = ipl_param_type_name(r->type);
	p->flag = r->type == IPL_PT_BOOLEAN;
	p->required = r->fence_required;
	p->secret = r->secret;
	p->default_value = r->default_value;
	p->shortdesc = r->shortdesc;
}

bool
fa_param_get(int slot, struct fa_param *p)
{
	const struct agent_row *a;

	if (slot < 0 || slot >= FA_NSLOTS) {
		return false;
	}
	if (slot < IPL_P_COUNT) {
		const struct ipl_param_info *r = ipl_param_at((size_t)slot);

		if (r == NULL || r->fence_name == NULL) {
			return false;
		}
		engine_param(slot, r, p);
		return true;
	}
	a = &agent_rows[slot - IPL_P_COUNT];
	p->slot = slot;
	p->name = a->name;
	p->alias = a->alias;
	p->short_opt = a->short_opt;
	p->meta_type = a->meta_type;
	p->flag = a->flag;
	p->required = a->required;
	p->secret = a->secret;
	p->default_value = a->default_value;
	p->shortdesc = a->shortdesc;
	return true;
}

/* a and b equal, with '-' and '_' the same. */
static bool
same_name(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a == '-' ? '_' : *a;
		char y = *b == '-' ? '_' : *b;

		if (x != y) {
			return false;
		}
	}
	return *a == *b;
}

int
fa_param_lookup(const char *name, bool *as_alias)
{
	struct fa_param p;
	int slot;

	if (name == NULL) {
		return -1;
	}
	for (slot = 0; slot < FA_NSLOTS; slot++) {
		if (!fa_param_get(slot, &p)) {
			continue;
		}
		if (same_name(p.name, name) ||
		    (p.alias != NULL && same_name(p.alias, name))) {
			if (as_alias != NULL) {
				*as_alias = !same_name(p.name, name);
			}
			return slot;
		}
	}
	return -1;
}

int
fa_param_by_short(char c)
{
	struct fa_param p;
	int slot;

	for (slot = 0; c != 0 && slot < FA_NSLOTS; slot++) {
		if (fa_param_get(slot, &p) && p.short_opt == c) {
			return slot;
		}
	}
	return -1;
}

bool
fa_param_ignored(const char *name)
{
	return name != NULL &&
	       (strcmp(name, "nodename") == 0 || strcmp(name, "nodeid") == 0);
}

const char *
fa_param_refused(const char *name)
{
	if (name != NULL && same_name(name, "target")) {
		return "IPMI bridging is not supported by " FA_AGENT_NAME
		       " (it would act on the BMC in front of the target); "
		       "keep this device on fence_ipmilan";
	}
	return NULL;
}
