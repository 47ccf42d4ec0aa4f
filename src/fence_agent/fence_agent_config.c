/*
 * fence_agent_config.c - the fence agent's input as an engine configuration
 * (front/fence_agent_config.h).
 *
 * The agent checks only what the engine cannot know: which of its own
 * spellings go together, delay, lanplus, hexadecimal_kg, password_script.
 * Everything else is handed to ipl_config_parse under the engine's names,
 * so the stonith plugin and this agent refuse the same values with the
 * same words; the one difference is the parameter's name at the start of
 * the message, which becomes the name the user wrote.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "engine/parse.h"
#include "engine/secret_file.h"
#include "engine/text.h"
#include "front/fence_agent_config.h"
#include "front/fence_agent_script.h"

/* The node list handed to the engine when hostname is not given: one BMC
 * controls one node, whatever its name. */
#define ANY_NODE "any-node"
#define DELAY_MAX_MS 3600000U
#define SECRET_MAX 64

#define PASSWORD_SOURCES "password, password_file and password_script"

/* What goes to the engine, and under which name each value came. */
struct handover {
	const char *val[IPL_P_COUNT];
	const char *from[IPL_P_COUNT];
	char *kg;                       /* "0x" + hexadecimal_kg, g_malloc'd */
	char password[SECRET_MAX + 1];  /* from password_script              */
};

ipl_rc
fa_conf_log_switches(const struct fa_input *in, bool *verbose, bool *quiet,
		     ipl_status *st)
{
	const char *v = fa_input_get(in, FA_SLOT(FA_VERBOSE));
	const char *q = fa_input_get(in, FA_SLOT(FA_QUIET));

	*verbose = false;
	*quiet = false;
	if (v != NULL && ipl_parse_bool("verbose", v, verbose, st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	if (q != NULL && ipl_parse_bool("quiet", q, quiet, st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	return IPL_OK;
}

/* At most one of the slots a and b. */
static ipl_rc
not_both(const struct fa_input *in, int a, int b, ipl_status *st)
{
	if (fa_input_get(in, a) != NULL && fa_input_get(in, b) != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: given together with "
				"%s; give only one of them",
				fa_input_name(in, a), fa_input_name(in, b));
	}
	return IPL_OK;
}

/* The names that must be there, and the ones that exclude each other. */
static ipl_rc
check_presence(const struct fa_input *in, ipl_status *st)
{
	static const int excl[][2] = {
		{ FA_SLOT(FA_PASSWORD_SCRIPT), IPL_P_PASSWORD },
		{ FA_SLOT(FA_PASSWORD_SCRIPT), IPL_P_PASSWORD_FILE },
		{ IPL_P_PASSWORD_FILE, IPL_P_PASSWORD },
		{ FA_SLOT(FA_LANPLUS), IPL_P_INTERFACE },
		{ FA_SLOT(FA_HEX_KG), IPL_P_KG },
		{ FA_SLOT(FA_HEX_KG), IPL_P_KG_FILE },
	};
	size_t i;

	if (fa_input_get(in, IPL_P_IPADDR) == NULL ||
	    fa_input_get(in, IPL_P_LOGIN) == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: missing; ip and "
				"username are required, and one of "
				PASSWORD_SOURCES,
				fa_input_get(in, IPL_P_IPADDR) == NULL
				? "ip" : "username");
	}
	if (fa_input_get(in, IPL_P_PASSWORD) == NULL &&
	    fa_input_get(in, IPL_P_PASSWORD_FILE) == NULL &&
	    fa_input_get(in, FA_SLOT(FA_PASSWORD_SCRIPT)) == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "password: missing; give "
				"one of " PASSWORD_SOURCES);
	}
	for (i = 0; i < G_N_ELEMENTS(excl); i++) {
		if (not_both(in, excl[i][0], excl[i][1], st) != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
	}
	return IPL_OK;
}

/* method: one word (the engine's reset_method also reads a tail of
 * name=value words, which belongs to the stonith plugin's lines). */
static ipl_rc
check_method(const struct fa_input *in, ipl_status *st)
{
	const char *m = fa_input_get(in, IPL_P_RESET_METHOD);
	struct ipl_quoted q;

	if (m != NULL && (m[0] == '\0' || strpbrk(m, " \t\r\n") != NULL)) {
		return ipl_fail(st, IPL_ERR_CONFIG, "method: %s is not allowed; "
				"use onoff, cycle (alias power_cycle) or "
				"hard_reset, one word", ipl_quote(&q, m));
	}
	return IPL_OK;
}

/* hexadecimal_kg: hex digits, "0x" in front optional, into "0x...". */
static ipl_rc
hex_kg(const char *v, char **out, ipl_status *st)
{
	const char *s = v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	if (s[0] == '\0' || strspn(s, "0123456789abcdefABCDEF") != strlen(s)) {
		return ipl_fail(st, IPL_ERR_CONFIG, "hexadecimal_kg: not hex "
				"digits (value not shown); use an even number "
				"of 2 to 40 hex digits");
	}
	*out = g_strconcat("0x", s, NULL);
	return IPL_OK;
}

/* The agent's own values: delay, lanplus, hexadecimal_kg, the script. */
static ipl_rc
agent_values(const struct fa_input *in, struct handover *h,
	     struct fa_conf *c, ipl_status *st)
{
	const char *delay = fa_input_get(in, FA_SLOT(FA_DELAY));
	const char *lanplus = fa_input_get(in, FA_SLOT(FA_LANPLUS));
	const char *hex = fa_input_get(in, FA_SLOT(FA_HEX_KG));
	const char *script = fa_input_get(in, FA_SLOT(FA_PASSWORD_SCRIPT));
	bool plus = false;
	size_t len = 0;

	if (delay != NULL && ipl_parse_seconds("delay", delay, 0, DELAY_MAX_MS,
					       &c->delay_ms, st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	if (lanplus != NULL) {
		if (ipl_parse_bool("lanplus", lanplus, &plus, st) != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
		/* lanplus=0 is not IPMI 1.5 here: auto still reaches a BMC
		 * that has only IPMI 1.5, and RMCP+ where there is one. */
		h->val[IPL_P_INTERFACE] = plus ? "lanplus" : "auto";
		h->from[IPL_P_INTERFACE] = "lanplus";
	}
	if (hex != NULL) {
		if (hex_kg(hex, &h->kg, st) != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
		h->val[IPL_P_KG] = h->kg;
		h->from[IPL_P_KG] = "hexadecimal_kg";
	}
	if (script != NULL) {
		const char *name = fa_input_name(in, FA_SLOT(FA_PASSWORD_SCRIPT));

		if (fa_script_read_secret(name, script, h->password,
					  sizeof(h->password), &len, st)
		    != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
		h->val[IPL_P_PASSWORD] = h->password;
		h->from[IPL_P_PASSWORD] = name;
	}
	return IPL_OK;
}

/* The engine's message names its own parameter first ("priv: ..."); put
 * the name the user wrote there instead ("privlvl: ..."). */
static void
rename_param(ipl_status *st, const char *const from[IPL_P_COUNT])
{
	char msg[IPL_STATUS_MSG_LEN];
	size_t i;

	for (i = 0; i < IPL_P_COUNT; i++) {
		const struct ipl_param_info *r = ipl_param_at(i);
		const char *user = from[i] != NULL ? from[i] : r->fence_name;
		size_t n = strlen(r->name);

		if (strncmp(st->msg, r->name, n) == 0 && st->msg[n] == ':') {
			if (user != NULL && strcmp(user, r->name) != 0) {
				g_snprintf(msg, sizeof(msg), "%s%s", user,
					   st->msg + n);
				g_strlcpy(st->msg, msg, sizeof(st->msg));
			}
			return;
		}
	}
}

/* Hand the values to the engine's parser. */
static ipl_rc
engine_parse(const struct fa_input *in, struct handover *h,
	     struct fa_conf *c, ipl_status *st)
{
	struct ipl_nv nv[IPL_P_COUNT + 1];
	size_t i, n = 0;
	ipl_rc rc;

	for (i = 0; i < IPL_P_COUNT; i++) {
		if (h->val[i] == NULL && fa_input_get(in, (int)i) != NULL) {
			h->val[i] = fa_input_get(in, (int)i);
			h->from[i] = fa_input_name(in, (int)i);
		}
	}
	c->have_hosts = h->val[IPL_P_HOSTNAME] != NULL;
	if (!c->have_hosts) {
		h->val[IPL_P_HOSTNAME] = ANY_NODE;
	}
	for (i = 0; i < IPL_P_COUNT; i++) {
		if (h->val[i] != NULL) {
			nv[n].name = ipl_param_at(i)->name;
			nv[n++].value = h->val[i];
		}
	}
	nv[n].name = NULL;
	nv[n].value = NULL;
	rc = ipl_config_parse(&c->cfg, nv, NULL, ipl_read_secret_file, st);
	if (rc != IPL_OK && st != NULL) {
		rename_param(st, h->from);
	}
	return rc;
}

ipl_rc
fa_conf_build(struct fa_conf *c, const struct fa_input *in, ipl_status *st)
{
	struct handover h;
	const char *plug = fa_input_get(in, FA_SLOT(FA_PLUG));
	ipl_rc rc;

	memset(&h, 0, sizeof(h));
	fa_conf_clear(c);
	ipl_status_clear(st);
	rc = check_presence(in, st);
	if (rc == IPL_OK) {
		rc = check_method(in, st);
	}
	if (rc == IPL_OK) {
		rc = agent_values(in, &h, c, st);
	}
	if (rc == IPL_OK) {
		rc = engine_parse(in, &h, c, st);
	}
	if (rc == IPL_OK && plug != NULL) {
		c->plug = g_ascii_strdown(plug, -1);
	}
	if (h.kg != NULL) {
		ipl_wipe(h.kg, strlen(h.kg));
		g_free(h.kg);
	}
	ipl_wipe(h.password, sizeof(h.password));
	if (rc != IPL_OK) {
		fa_conf_clear(c);
	}
	return rc;
}

ipl_rc
fa_conf_check_plug(const struct fa_conf *c, ipl_status *st)
{
	struct ipl_quoted q;
	char *list;
	ipl_rc rc;

	if (!c->have_hosts || c->plug == NULL ||
	    ipl_config_has_host(&c->cfg, c->plug)) {
		return IPL_OK;
	}
	list = g_strjoinv(", ", c->cfg.hosts);
	rc = ipl_fail(st, IPL_ERR_BADHOST, "plug: %s is not one of hostname "
		      "(%s): this device does not fence it; nothing was done",
		      ipl_quote(&q, c->plug), list);
	g_free(list);
	return rc;
}

void
fa_conf_clear(struct fa_conf *c)
{
	if (c == NULL) {
		return;
	}
	ipl_config_clear(&c->cfg);
	g_free(c->plug);
	memset(c, 0, sizeof(*c));
}
