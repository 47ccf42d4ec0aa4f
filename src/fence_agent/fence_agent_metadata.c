/*
 * fence_agent_metadata.c - metadata XML and --help from the agent's
 * parameter list (front/fence_agent_metadata.h).
 *
 * Each parameter appears under its name and, when it has an older
 * spelling, once more under that one with deprecated="1" (the first
 * carrying obsoletes="..."), as fence-agents describes its own aliases:
 * pcs and Pacemaker then accept both.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "front/fence_agent_actions.h"
#include "front/fence_agent_metadata.h"
#include "front/fence_agent_opts.h"

#define AGENT_SHORTDESC "Fence agent for IPMI over LAN (native, no ipmitool)"
#define AGENT_URL "https://www.intel.com/content/www/us/en/products/docs/" \
	"servers/ipmi/ipmi-second-gen-interface-spec-v2-rev1-1.html"
#define AGENT_LONGDESC \
	FA_AGENT_NAME " fences a node through its baseboard management " \
	"controller (BMC) with IPMI over LAN: IPMI 2.0 RMCP+ (lanplus) or " \
	"IPMI 1.5, spoken directly through OpenIPMI, one session per action, " \
	"without ipmitool. It accepts fence_ipmilan's parameters (ip, " \
	"ipport, username, password, password_script, lanplus, cipher, " \
	"privlvl, hexadecimal_kg, method, power_wait, power_timeout, delay, " \
	"plug), so a fence_ipmilan device moves to it by changing the " \
	"agent's name. off, on and reboot succeed only once the BMC reports " \
	"the new power state; every action ends within timeout. Security: " \
	"use interface=lanplus (lanplus=1) with the default cipher=auto " \
	"(suite 17, else 3), an OPERATOR " \
	"account dedicated to fencing and password_file or password_script, " \
	"and keep BMCs on an isolated network. See " FA_AGENT_NAME "(8)."

/* The order of the parameters in the metadata and --help; slots not
 * named here (none today) follow in table order. */
static const int param_order[] = {
	FA_SLOT(FA_ACTION), FA_SLOT(FA_PLUG), IPL_P_IPADDR, IPL_P_PORT,
	IPL_P_LOGIN, IPL_P_PASSWORD, IPL_P_PASSWORD_FILE,
	FA_SLOT(FA_PASSWORD_SCRIPT), FA_SLOT(FA_LANPLUS), IPL_P_INTERFACE,
	IPL_P_AUTH, IPL_P_CIPHER, IPL_P_ALLOW_CIPHER0, IPL_P_PRIV, IPL_P_KG,
	IPL_P_KG_FILE, FA_SLOT(FA_HEX_KG), IPL_P_RESET_METHOD, IPL_P_HOSTNAME,
	IPL_P_TIMEOUT, IPL_P_MSG_TIMEOUT, IPL_P_POWER_WAIT, FA_SLOT(FA_DELAY),
	FA_SLOT(FA_VERBOSE), FA_SLOT(FA_QUIET), FA_SLOT(FA_VERSION),
	FA_SLOT(FA_HELP),
};

/* True when slot is in param_order. */
static bool
in_order(int slot)
{
	size_t j;

	for (j = 0; j < G_N_ELEMENTS(param_order); j++) {
		if (param_order[j] == slot) {
			return true;
		}
	}
	return false;
}

/* The i-th slot to show (i from 0), or -1 past the end. */
static int
nth_slot(int i)
{
	int rest = i - (int)G_N_ELEMENTS(param_order);
	int slot;

	if (rest < 0) {
		return param_order[i];
	}
	for (slot = 0; slot < FA_NSLOTS; slot++) {
		if (!in_order(slot) && rest-- == 0) {
			return slot;
		}
	}
	return -1;
}

static void
add_escaped(GString *b, const char *s)
{
	char *e = g_markup_escape_text(s, -1);

	g_string_append(b, e);
	g_free(e);
}

/* "-a, --ip=[ip]", "-P, --lanplus" or "--delay=[seconds]". */
static char *
option_text(const struct fa_param *p)
{
	GString *b = g_string_new(NULL);
	char *lng = g_strdelimit(g_strdup(p->name), "_", '-');

	if (p->short_opt != 0) {
		g_string_append_printf(b, "-%c, ", p->short_opt);
	}
	g_string_append_printf(b, "--%s", lng);
	if (!p->flag) {
		g_string_append_printf(b, "=[%s]",
				       strcmp(p->meta_type, "second") == 0
				       ? "seconds" : p->name);
	}
	g_free(lng);
	return g_string_free(b, FALSE);
}

/* One <parameter>: under name, or (deprecated) under alias. */
static void
add_parameter(GString *b, const struct fa_param *p, bool as_alias)
{
	char *opt = option_text(p);

	g_string_append(b, "\t<parameter name=\"");
	add_escaped(b, as_alias ? p->alias : p->name);
	g_string_append_printf(b, "\" unique=\"0\" required=\"%d\"",
			       p->required && !as_alias ? 1 : 0);
	if (as_alias) {
		g_string_append(b, " deprecated=\"1\"");
	} else if (p->alias != NULL) {
		g_string_append(b, " obsoletes=\"");
		add_escaped(b, p->alias);
		g_string_append(b, "\"");
	}
	g_string_append(b, ">\n\t\t<getopt mixed=\"");
	add_escaped(b, opt);
	g_string_append_printf(b, "\" />\n\t\t<content type=\"%s\"",
			       p->meta_type);
	if (p->default_value != NULL) {
		g_string_append(b, " default=\"");
		add_escaped(b, p->default_value);
		g_string_append(b, "\"");
	}
	g_string_append(b, " />\n\t\t<shortdesc lang=\"en\">");
	add_escaped(b, p->shortdesc);
	g_string_append(b, "</shortdesc>\n\t</parameter>\n");
	g_free(opt);
}

static void
add_actions(GString *b)
{
	int i;

	g_string_append(b, "<actions>\n");
	for (i = 0; i < FA_ACT_COUNT; i++) {
		g_string_append_printf(b, "\t<action name=\"%s\"%s />\n",
				       fa_action_name((enum fa_action)i),
				       i == FA_ACT_ON ? " automatic=\"0\"" : "");
	}
	g_string_append(b, "</actions>\n");
}

char *
fa_metadata_xml(void)
{
	GString *b = g_string_new("<?xml version=\"1.0\" ?>\n");
	struct fa_param p;
	int i, slot;

	g_string_append(b, "<resource-agent name=\"" FA_AGENT_NAME
			"\" shortdesc=\"");
	add_escaped(b, AGENT_SHORTDESC);
	g_string_append(b, "\" >\n<longdesc>");
	add_escaped(b, AGENT_LONGDESC);
	g_string_append(b, "</longdesc>\n<vendor-url>");
	add_escaped(b, AGENT_URL);
	g_string_append(b, "</vendor-url>\n<parameters>\n");
	for (i = 0; (slot = nth_slot(i)) >= 0; i++) {
		if (fa_param_get(slot, &p)) {
			add_parameter(b, &p, false);
			if (p.alias != NULL) {
				add_parameter(b, &p, true);
			}
		}
	}
	g_string_append(b, "</parameters>\n");
	add_actions(b);
	g_string_append(b, "</resource-agent>\n");
	return g_string_free(b, FALSE);
}

char *
fa_usage_text(void)
{
	GString *b = g_string_new(NULL);
	struct fa_param p;
	int i, slot;

	g_string_append(b,
		"Usage: " FA_AGENT_NAME " [OPTION]...\n"
		"       " FA_AGENT_NAME " < FILE   (name=value lines, "
		"without options)\n\n" AGENT_SHORTDESC ".\n\nOptions:\n");
	for (i = 0; (slot = nth_slot(i)) >= 0; i++) {
		char *opt;

		if (!fa_param_get(slot, &p)) {
			continue;
		}
		opt = option_text(&p);
		g_string_append_printf(b, "  %-34s %s", opt, p.shortdesc);
		if (p.default_value != NULL) {
			g_string_append_printf(b, " (default %s)",
					       p.default_value);
		}
		if (p.alias != NULL) {
			g_string_append_printf(b, " [also %s]", p.alias);
		}
		g_string_append_c(b, '\n');
		g_free(opt);
	}
	g_string_append(b,
		"\nOn stdin the same names (with _ or -) as name=value lines.\n"
		"Exit status: 0 done (status: power on), 2 status: power off,"
		" 1 failure\n(the reason on stderr).\n");
	return g_string_free(b, FALSE);
}
