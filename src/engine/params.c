/*
 * params.c - the parameter table (engine/params.h): every parameter's
 * name, alias, type, default and descriptions, and the parser that puts
 * its value into a configuration.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "engine/cipher.h"
#include "engine/config.h"
#include "engine/params.h"
#include "engine/parse.h"

#define PORT_MIN 1U
#define PORT_MAX 65535U
#define TIMEOUT_MIN_MS      1000U
#define TIMEOUT_MAX_MS      3600000U
#define MSG_TIMEOUT_MIN_MS  100U
#define MSG_TIMEOUT_MAX_MS  60000U
#define POWER_WAIT_MIN_MS   100U
#define POWER_WAIT_MAX_MS   60000U

/* Parses one value (never NULL) of row p into cfg. */
typedef ipl_rc (*row_parse_fn)(const struct ipl_param_info *p,
			       const char *value, struct ipl_config *cfg,
			       ipl_status *st);

struct param_row {
	struct ipl_param_info info;
	row_parse_fn parse;   /* NULL: a file the configuration reads */
};

/* ------------------------------------------------------------------ */
/* Row parsers: each hands its value to a strict parser               */

static ipl_rc
row_hostname(const struct ipl_param_info *p, const char *value,
	     struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_hosts(value, &cfg->hosts, st);
}

static ipl_rc
row_ipaddr(const struct ipl_param_info *p, const char *value,
	   struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_ipaddr(value, &cfg->ipaddr, st);
}

static ipl_rc
row_port(const struct ipl_param_info *p, const char *value,
	 struct ipl_config *cfg, ipl_status *st)
{
	return ipl_parse_uint(p->name, value, PORT_MIN, PORT_MAX, &cfg->port,
			      st);
}

static ipl_rc
row_auth(const struct ipl_param_info *p, const char *value,
	 struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_auth(value, &cfg->auth, st);
}

static ipl_rc
row_priv(const struct ipl_param_info *p, const char *value,
	 struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_priv(value, &cfg->priv, st);
}

static ipl_rc
row_login(const struct ipl_param_info *p, const char *value,
	  struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_login(value, cfg->login, st);
}

static ipl_rc
row_password(const struct ipl_param_info *p, const char *value,
	     struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_password(value, cfg->password, &cfg->password_len,
				  st);
}

/* Only the method word reaches here: the configuration splits the tail of
 * name=value words off first. */
static ipl_rc
row_reset_method(const struct ipl_param_info *p, const char *value,
		 struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_reset_method(value, &cfg->reset_method, st);
}

static ipl_rc
row_interface(const struct ipl_param_info *p, const char *value,
	      struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_iface(value, &cfg->iface, st);
}

static ipl_rc
row_cipher(const struct ipl_param_info *p, const char *value,
	   struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_cipher(value, &cfg->ciphers, st);
}

static ipl_rc
row_allow_cipher0(const struct ipl_param_info *p, const char *value,
		  struct ipl_config *cfg, ipl_status *st)
{
	return ipl_parse_bool(p->name, value, &cfg->allow_cipher0, st);
}

static ipl_rc
row_kg(const struct ipl_param_info *p, const char *value,
       struct ipl_config *cfg, ipl_status *st)
{
	(void)p;
	return ipl_parse_kg(value, cfg->kg, &cfg->kg_len, st);
}

static ipl_rc
row_timeout(const struct ipl_param_info *p, const char *value,
	    struct ipl_config *cfg, ipl_status *st)
{
	return ipl_parse_seconds(p->name, value, TIMEOUT_MIN_MS,
				 TIMEOUT_MAX_MS, &cfg->timeout_ms, st);
}

static ipl_rc
row_msg_timeout(const struct ipl_param_info *p, const char *value,
		struct ipl_config *cfg, ipl_status *st)
{
	return ipl_parse_seconds(p->name, value, MSG_TIMEOUT_MIN_MS,
				 MSG_TIMEOUT_MAX_MS, &cfg->msg_timeout_ms, st);
}

static ipl_rc
row_power_wait(const struct ipl_param_info *p, const char *value,
	       struct ipl_config *cfg, ipl_status *st)
{
	return ipl_parse_seconds(p->name, value, POWER_WAIT_MIN_MS,
				 POWER_WAIT_MAX_MS, &cfg->power_wait_ms, st);
}

/* ------------------------------------------------------------------ */
/* The table                                                          */

/* No row sets unique: one BMC address may serve several devices (one port
 * each, as with VirtualBMC), and one node may have two devices (two BMC
 * paths); crmsh refuses duplicates of a unique parameter. */
/*
 * The table.  Order matters: the positional rows come first, in the order
 * of the old plugin's lines.  The XML adds "Also accepted as <alias>." and
 * "Default: <default_value>." itself, so the longdescs do not repeat them.
 * The last four values of a row are its fence-agent names: fence_ipmilan's
 * where it has one (ip, ipport, username, privlvl, method, ...), so that a
 * configuration moves from fence_ipmilan by changing the agent's name.
 */
static const struct param_row param_rows[IPL_P_COUNT] = {
	[IPL_P_HOSTNAME] = { {
		"hostname", NULL, IPL_PT_STRING, true, true, false, false, NULL,
		"Node names this BMC fences",
		"One or more names of the cluster nodes whose power this BMC "
		"controls, separated by spaces or commas. A name may contain "
		"letters, digits, '.', '_' and '-'; names are compared in lower "
		"case. Required; value 1 of a positional line.",
		"hostname", NULL, 0, false },
		row_hostname },
	[IPL_P_IPADDR] = { {
		"ipaddr", NULL, IPL_PT_STRING, true, true, false, false, NULL,
		"BMC address",
		"Host name, IPv4 address or IPv6 address of the BMC (an IPv6 "
		"address may be written in [brackets]; a zone may follow '%'). "
		"At most 253 characters. The name is resolved when the plugin "
		"connects, not when it is configured. Required; value 2 of a "
		"positional line.",
		"ip", "ipaddr", 'a', true },
		row_ipaddr },
	[IPL_P_PORT] = { {
		"port", "ipport", IPL_PT_INTEGER, false, true, false, false, "623",
		"BMC UDP port",
		"UDP port of the BMC's IPMI-over-LAN (RMCP/RMCP+) service, an "
		"integer from 1 to 65535. Value 3 of a positional line.",
		"ipport", NULL, 'u', false },
		row_port },
	[IPL_P_AUTH] = { {
		"auth", NULL, IPL_PT_STRING, false, true, false, false, "md5",
		"IPMI 1.5 authentication type",
		"Authentication type of IPMI 1.5 sessions only: used with "
		"interface=lan, or with interface=auto when the BMC offers no "
		"RMCP+; RMCP+ (IPMI 2.0) sessions use the cipher suite instead. "
		"One of none, md2, md5 or straight (aliases password and key), "
		"in any case; the IPMI codes 0, 1, 2 and 4 mean the same. "
		"Security: straight sends the password in clear text and none "
		"sends no password at all; do not use them on a network others "
		"can reach. Value 4 of a positional line.",
		"auth", NULL, 'A', false },
		row_auth },
	[IPL_P_PRIV] = { {
		"priv", NULL, IPL_PT_STRING, false, true, false, false, "operator",
		"Session privilege level",
		"Privilege level requested for the session: operator or admin "
		"(alias administrator), in any case; the IPMI codes 3 and 4 mean "
		"the same. callback and user (codes 1 and 2) are refused: they "
		"cannot control power, Chassis Control needs operator or admin. "
		"Value 5 of a positional line.",
		"privlvl", NULL, 'L', false },
		row_priv },
	[IPL_P_LOGIN] = { {
		"login", NULL, IPL_PT_STRING, true, true, false, false, NULL,
		"BMC user name",
		"IPMI user name on the BMC, 1 to 16 bytes without control "
		"characters. Required; value 6 of a positional line.",
		"username", "login", 'l', true },
		row_login },
	[IPL_P_PASSWORD] = { {
		"password", NULL, IPL_PT_STRING, false, true, true, false, NULL,
		"BMC password",
		"Password of the IPMI user: 0 to 20 bytes, and at most 16 bytes "
		"with interface=lan (IPMI 1.5). It is never logged or shown in "
		"messages. Give exactly one of password and password_file. "
		"Value 7 of a positional line; with password_file in the tail, "
		"write - there.",
		"password", "passwd", 'p', false },
		row_password },
	[IPL_P_RESET_METHOD] = { {
		"reset_method", NULL, IPL_PT_STRING, false, true, false, false, "onoff",
		"How a node is reset",
		"onoff (aliases on_off, on-off) powers the node off, checks that "
		"it is off, powers it on and checks that it is on; power_cycle "
		"(alias cycle) sends one Chassis Control power cycle and checks "
		"that the node goes off and then on; hard_reset (alias reset) "
		"sends one Chassis Control hard reset and checks that the node "
		"is on, but is UNVERIFIED: the node stays powered, so nothing the "
		"BMC reports shows that it was reset (a warning is logged at "
		"each use). Case does not matter. Value 8, the last, of "
		"a positional line: there it may be followed by optional "
		"parameters as name=value words separated by spaces, for example "
		"'power_cycle interface=lanplus cipher=3'. Allowed there: "
		IPL_OPTIONAL_NAMES ".",
		"method", NULL, 'm', false },
		row_reset_method },
	[IPL_P_INTERFACE] = { {
		"interface", NULL, IPL_PT_STRING, false, false, false, false, "auto",
		"IPMI LAN protocol",
		"auto tries IPMI 2.0 RMCP+ first and uses IPMI 1.5 (with auth) "
		"only when the BMC offers no RMCP+; lanplus uses RMCP+ only; lan "
		"uses IPMI 1.5 only, which has weak or no encryption. Case does "
		"not matter. Optional: give it by name, as an environment "
		"variable with stonith -E, or as interface=... after "
		"reset_method in a positional line.",
		"interface", NULL, 0, false },
		row_interface },
	[IPL_P_CIPHER] = { {
		"cipher", NULL, IPL_PT_STRING, false, false, false, false, "auto",
		"RMCP+ cipher suite(s)",
		"IPMI 2.0 (RMCP+) cipher suites to propose, in order. auto "
		"proposes 17 (SHA-256: RAKP-HMAC-SHA256, HMAC-SHA256-128, "
		"AES-128) and, only when the BMC answers that it has no such "
		"algorithm or suite (RMCP+ status 04h, 05h, 10h or 11h) or "
		"accepts it naming other algorithms (never run: a fresh Open "
		"Session proposes the next suite), 3 (the same with SHA-1), "
		"which nearly every BMC has: one more Open Session for those "
		"BMCs, nothing more for the others. A BMC that "
		"does not answer a suite 17 request at all is not offered 3: set "
		"cipher=3 for it. One suite: " IPL_CIPHER_LIST "; or several in "
		"the order to try, separated by commas (for example 17,3), the "
		"next proposed only after such a refusal of the previous one (with "
		"one suite, other algorithms fail the operation). 3, "
		"8, 12 and 17 encrypt; 1, 2, 6, 7, 11, 15 and 16 do not. The "
		"suite a session uses is logged at info level. Security: suite 0 "
		"has no authentication at all and many BMCs then accept any "
		"password, so it is refused unless allow_insecure_cipher0 is "
		"true, and never part of a list. Suites 4, 5, 9, 10, 13 and 14 "
		"use xRC4 encryption, which OpenIPMI does not implement. Not "
		"allowed with interface=lan.",
		"cipher", NULL, 'C', false },
		row_cipher },
	[IPL_P_ALLOW_CIPHER0] = { {
		"allow_insecure_cipher0", NULL, IPL_PT_BOOLEAN, false, false,
		false, false, "false",
		"Permit cipher suite 0",
		"true lets cipher=0 be used. Security: suite 0 has no "
		"authentication, integrity or encryption; many BMCs then accept "
		"any password, so anyone who can reach the BMC can control the "
		"node's power. Leave it false unless the BMC supports nothing "
		"else. true/false, yes/no, on/off or 1/0, in any case.",
		"allow_insecure_cipher0", NULL, 0, false },
		row_allow_cipher0 },
	[IPL_P_KG] = { {
		"kg", NULL, IPL_PT_STRING, false, false, true, false, NULL,
		"K_g BMC key",
		"The BMC key (K_g) of RMCP+ sessions, when one is set on the BMC: "
		"0x followed by an even number of 2 to 40 hex digits, or 1 to 20 "
		"bytes of text (a value starting with 0x is always read as hex). "
		"It is never logged or shown in messages. Not allowed with "
		"interface=lan. Default: none (no K_g).",
		"kg", NULL, 0, false },
		row_kg },
	[IPL_P_TIMEOUT] = { {
		"timeout", NULL, IPL_PT_STRING, false, false, false, false, "20",
		"Time limit of one operation, in seconds",
		"Seconds that one status, reset, on or off may take in all, "
		"connecting and waiting for the power state included: 1 to 3600, "
		"with at most 3 decimals (for example 2 or 2.5). Keep it below "
		"the cluster manager's own timeout for the operation.",
		"timeout", "power_timeout", 0, false },
		row_timeout },
	[IPL_P_MSG_TIMEOUT] = { {
		"msg_timeout", NULL, IPL_PT_STRING, false, false, false, false, "1",
		"Time one IPMI message may take to be answered, in seconds",
		"Seconds one IPMI message may take to be answered: 0.1 to 60, "
		"with at most 3 decimals, and not more than timeout. A new copy "
		"is sent after a sixth of it (at least 0.1 s), a late answer "
		"still counts.",
		"msg_timeout", NULL, 0, false },
		row_msg_timeout },
	[IPL_P_POWER_WAIT] = { {
		"power_wait", NULL, IPL_PT_STRING, false, false, false, false, "0.5",
		"Power-state polling interval, in seconds",
		"Seconds between Get Chassis Status polls while waiting for the "
		"node's power state to change (the first polls come sooner: "
		"0.1 s after the command, then twice as long each time up to "
		"this): 0.1 to 60, with at most 3 decimals.",
		"power_wait", NULL, 0, false },
		row_power_wait },
	[IPL_P_PASSWORD_FILE] = { {
		"password_file", NULL, IPL_PT_STRING, false, false, false, false, NULL,
		"File holding the BMC password",
		"Absolute path of a regular file whose first line (without the "
		"line end) is the password, so that it appears in no command "
		"line, environment or CIB. The file must not be accessible by "
		"group or others (chmod 600): otherwise the configuration is "
		"refused. It is read when the device is configured. Give exactly "
		"one of password and password_file; on a positional line write "
		"- as the password and password_file=PATH after reset_method.",
		"password_file", NULL, 0, false },
		NULL },
	[IPL_P_KG_FILE] = { {
		"kg_file", NULL, IPL_PT_STRING, false, false, false, false, NULL,
		"File holding the K_g BMC key",
		"Absolute path of a regular file whose first line (without the "
		"line end) is the K_g, in the same forms as kg. The file must "
		"not be accessible by group or others (chmod 600). Give at most "
		"one of kg and kg_file. Not allowed with interface=lan.",
		"kg_file", NULL, 0, false },
		NULL },
};


/* ------------------------------------------------------------------ */
/* The table's public face                                            */

const char *const *
ipl_config_names(void)
{
	static const char *names[IPL_NPOSITIONAL + 1];
	static gsize done;

	if (g_once_init_enter(&done)) {
		size_t i;

		for (i = 0; i < IPL_NPOSITIONAL; i++) {
			names[i] = param_rows[i].info.name;
		}
		names[IPL_NPOSITIONAL] = NULL;
		g_once_init_leave(&done, 1);
	}
	return names;
}

const char *
ipl_param_type_name(enum ipl_param_type t)
{
	switch (t) {
	case IPL_PT_INTEGER: return "integer";
	case IPL_PT_BOOLEAN: return "boolean";
	case IPL_PT_STRING:  return "string";
	}
	return "string";
}

size_t
ipl_param_count(void)
{
	return IPL_P_COUNT;
}

const struct ipl_param_info *
ipl_param_at(size_t i)
{
	return i < IPL_P_COUNT ? &param_rows[i].info : NULL;
}

int
ipl_param_index(const char *name)
{
	int i;

	if (name == NULL) {
		return -1;
	}
	for (i = 0; i < IPL_P_COUNT; i++) {
		const struct ipl_param_info *p = &param_rows[i].info;

		if (strcmp(p->name, name) == 0 ||
		    (p->alias != NULL && strcmp(p->alias, name) == 0)) {
			return i;
		}
	}
	return -1;
}

const struct ipl_param_info *
ipl_param_find(const char *name)
{
	int i = ipl_param_index(name);

	return i < 0 ? NULL : &param_rows[i].info;
}

ipl_rc
ipl_param_parse(enum ipl_param_id id, const char *value,
		struct ipl_config *cfg, ipl_status *st)
{
	const struct param_row *r;

	if ((int)id < 0 || id >= IPL_P_COUNT) {
		return ipl_fail(st, IPL_ERR_CONFIG, "unknown parameter %d",
				(int)id);
	}
	r = &param_rows[id];
	return r->parse != NULL ? r->parse(&r->info, value, cfg, st) : IPL_OK;
}
