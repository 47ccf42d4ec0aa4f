/*
 * config_table.c - the parameter table and the strict configuration parser.
 *
 * One table (param_rows) drives ipl_config_names(), ipl_param_at/find, the
 * defaults (each default is parsed by the row's own parser), the parsing and
 * ipl_config_xml(), so they cannot disagree.  Parsing does no I/O.
 *
 * Secret values (password, kg) are never formatted into a message: their
 * parsers and cross-checks report lengths and rules only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/ipmi_lan.h>

#include "ipl_config.h"
#include "ipl_log.h"

/* Row indices; the first IPL_NPOSITIONAL are the old positional names. */
enum {
	P_HOSTNAME,
	P_IPADDR,
	P_PORT,
	P_AUTH,
	P_PRIV,
	P_LOGIN,
	P_PASSWORD,
	P_RESET_METHOD,
	P_INTERFACE,
	P_CIPHER,
	P_ALLOW_CIPHER0,
	P_KG,
	P_TIMEOUT,
	P_MSG_TIMEOUT,
	P_POWER_WAIT,
	P_PASSWORD_FILE,
	P_KG_FILE,
	P_COUNT
};

#define IPL_NPOSITIONAL 8

#define PORT_MIN 1U
#define PORT_MAX 65535U
#define TIMEOUT_MIN_MS      1000U
#define TIMEOUT_MAX_MS      3600000U
#define MSG_TIMEOUT_MIN_MS  100U
#define MSG_TIMEOUT_MAX_MS  60000U
#define POWER_WAIT_MIN_MS   100U
#define POWER_WAIT_MAX_MS   60000U
#define IPADDR_MAX          253U
#define KG_HEX_MAX          (2 * IPL_MAX_KG)

#define OPTIONAL_NAMES \
	"interface, cipher, allow_insecure_cipher0, kg, timeout, " \
	"msg_timeout, power_wait, password_file, kg_file"
#define CIPHER_LIST "1, 2, 3, 6, 7, 8, 11 or 12"
#define CIPHER_ALLOWED \
	"use " CIPHER_LIST " (0 only with allow_insecure_cipher0=true)"
#define KG_ALLOWED \
	"use 0x followed by an even number of 2 to 40 hex digits, " \
	"or 1 to 20 bytes of text"
#define HOST_ALLOWED \
	"use node names of letters, digits, '.', '_' and '-', " \
	"separated by spaces or commas"

/* Parses one value (never NULL) of row p into cfg. */
typedef ipl_rc (*row_parse_fn)(const struct ipl_param_info *p,
			       const char *value, struct ipl_config *cfg,
			       ipl_status *st);

struct param_row {
	struct ipl_param_info info;
	/* unique="1" in the XML.  No row sets it: one BMC address may serve
	 * several devices (one port each, as with VirtualBMC), and one node may
	 * have two devices (two BMC paths); crmsh refuses duplicates of a
	 * unique parameter. */
	bool unique;
	row_parse_fn parse;
};

static ipl_rc row_hostname(const struct ipl_param_info *, const char *,
			   struct ipl_config *, ipl_status *);
static ipl_rc row_ipaddr(const struct ipl_param_info *, const char *,
			 struct ipl_config *, ipl_status *);
static ipl_rc row_port(const struct ipl_param_info *, const char *,
		       struct ipl_config *, ipl_status *);
static ipl_rc row_auth(const struct ipl_param_info *, const char *,
		       struct ipl_config *, ipl_status *);
static ipl_rc row_priv(const struct ipl_param_info *, const char *,
		       struct ipl_config *, ipl_status *);
static ipl_rc row_login(const struct ipl_param_info *, const char *,
			struct ipl_config *, ipl_status *);
static ipl_rc row_password(const struct ipl_param_info *, const char *,
			   struct ipl_config *, ipl_status *);
static ipl_rc row_reset_method(const struct ipl_param_info *, const char *,
			       struct ipl_config *, ipl_status *);
static ipl_rc row_interface(const struct ipl_param_info *, const char *,
			    struct ipl_config *, ipl_status *);
static ipl_rc row_cipher(const struct ipl_param_info *, const char *,
			 struct ipl_config *, ipl_status *);
static ipl_rc row_allow_cipher0(const struct ipl_param_info *, const char *,
				struct ipl_config *, ipl_status *);
static ipl_rc row_kg(const struct ipl_param_info *, const char *,
		     struct ipl_config *, ipl_status *);
static ipl_rc row_timeout(const struct ipl_param_info *, const char *,
			  struct ipl_config *, ipl_status *);
static ipl_rc row_msg_timeout(const struct ipl_param_info *, const char *,
			      struct ipl_config *, ipl_status *);
static ipl_rc row_power_wait(const struct ipl_param_info *, const char *,
			     struct ipl_config *, ipl_status *);
static ipl_rc row_password_file(const struct ipl_param_info *, const char *,
				struct ipl_config *, ipl_status *);
static ipl_rc row_kg_file(const struct ipl_param_info *, const char *,
			  struct ipl_config *, ipl_status *);

/*
 * The table.  Order matters: the positional rows come first, in the order
 * of the old plugin's lines.  The XML adds "Also accepted as <alias>." and
 * "Default: <default_value>." itself, so the longdescs do not repeat them.
 */
static const struct param_row param_rows[P_COUNT] = {
	[P_HOSTNAME] = { {
		"hostname", NULL, IPL_PT_STRING, true, true, false, NULL,
		"Node names this BMC fences",
		"One or more names of the cluster nodes whose power this BMC "
		"controls, separated by spaces or commas. A name may contain "
		"letters, digits, '.', '_' and '-'; names are compared in lower "
		"case. Required; value 1 of a positional line." },
		false, row_hostname },
	[P_IPADDR] = { {
		"ipaddr", NULL, IPL_PT_STRING, true, true, false, NULL,
		"BMC address",
		"Host name, IPv4 address or IPv6 address of the BMC (an IPv6 "
		"address may be written in [brackets]; a zone may follow '%'). "
		"At most 253 characters. The name is resolved when the plugin "
		"connects, not when it is configured. Required; value 2 of a "
		"positional line." },
		false, row_ipaddr },
	[P_PORT] = { {
		"port", "ipport", IPL_PT_INTEGER, false, true, false, "623",
		"BMC UDP port",
		"UDP port of the BMC's IPMI-over-LAN (RMCP/RMCP+) service, an "
		"integer from 1 to 65535. Value 3 of a positional line." },
		false, row_port },
	[P_AUTH] = { {
		"auth", NULL, IPL_PT_STRING, false, true, false, "md5",
		"IPMI 1.5 authentication type",
		"Authentication type of IPMI 1.5 sessions only: used with "
		"interface=lan, or with interface=auto when the BMC offers no "
		"RMCP+; RMCP+ (IPMI 2.0) sessions use the cipher suite instead. "
		"One of none, md2, md5 or straight (aliases password and key), "
		"in any case; the IPMI codes 0, 1, 2 and 4 mean the same. "
		"Security: straight sends the password in clear text and none "
		"sends no password at all; do not use them on a network others "
		"can reach. Value 4 of a positional line." },
		false, row_auth },
	[P_PRIV] = { {
		"priv", NULL, IPL_PT_STRING, false, true, false, "operator",
		"Session privilege level",
		"Privilege level requested for the session: operator or admin "
		"(alias administrator), in any case; the IPMI codes 3 and 4 mean "
		"the same. callback and user (codes 1 and 2) are refused: they "
		"cannot control power, Chassis Control needs operator or admin. "
		"Value 5 of a positional line." },
		false, row_priv },
	[P_LOGIN] = { {
		"login", NULL, IPL_PT_STRING, true, true, false, NULL,
		"BMC user name",
		"IPMI user name on the BMC, 1 to 16 bytes without control "
		"characters. Required; value 6 of a positional line." },
		false, row_login },
	[P_PASSWORD] = { {
		"password", NULL, IPL_PT_STRING, false, true, true, NULL,
		"BMC password",
		"Password of the IPMI user: 0 to 20 bytes, and at most 16 bytes "
		"with interface=lan (IPMI 1.5). It is never logged or shown in "
		"messages. Give exactly one of password and password_file. "
		"Value 7 of a positional line; with password_file in the tail, "
		"write - there." },
		false, row_password },
	[P_RESET_METHOD] = { {
		"reset_method", NULL, IPL_PT_STRING, false, true, false, "onoff",
		"How a node is reset",
		"onoff (aliases on_off, on-off) powers the node off, checks that "
		"it is off, powers it on and checks that it is on; power_cycle "
		"(alias cycle) sends a Chassis Control power cycle and hard_reset "
		"(alias reset) a Chassis Control hard reset, then each checks "
		"that the node is on. Case does not matter. Value 8, the last, of "
		"a positional line: there it may be followed by optional "
		"parameters as name=value words separated by spaces, for example "
		"'power_cycle interface=lanplus cipher=3'. Allowed there: "
		OPTIONAL_NAMES "." },
		false, row_reset_method },
	[P_INTERFACE] = { {
		"interface", NULL, IPL_PT_STRING, false, false, false, "auto",
		"IPMI LAN protocol",
		"auto tries IPMI 2.0 RMCP+ first and uses IPMI 1.5 (with auth) "
		"only when the BMC offers no RMCP+; lanplus uses RMCP+ only; lan "
		"uses IPMI 1.5 only, which has weak or no encryption. Case does "
		"not matter. Optional: give it by name, as an environment "
		"variable with stonith -E, or as interface=... after "
		"reset_method in a positional line." },
		false, row_interface },
	[P_CIPHER] = { {
		"cipher", NULL, IPL_PT_INTEGER, false, false, false, "3",
		"RMCP+ cipher suite",
		"IPMI 2.0 (RMCP+) cipher suite: 1, 2, 3, 6, 7, 8, 11 or 12. "
		"3 (HMAC-SHA1 authentication and integrity, AES-128 encryption) "
		"is recommended; 8 and 12 also encrypt, 1, 2, 6, 7 and 11 do not. "
		"Security: suite 0 has no authentication at all and many BMCs "
		"then accept any password, so it is refused unless "
		"allow_insecure_cipher0 is true. Suites 4, 5, 9, 10, 13 and 14 "
		"use xRC4 encryption, which OpenIPMI does not implement; 15 to 17 "
		"use SHA-256, which OpenIPMI does not support. Not allowed with "
		"interface=lan." },
		false, row_cipher },
	[P_ALLOW_CIPHER0] = { {
		"allow_insecure_cipher0", NULL, IPL_PT_BOOLEAN, false, false,
		false, "false",
		"Permit cipher suite 0",
		"true lets cipher=0 be used. Security: suite 0 has no "
		"authentication, integrity or encryption; many BMCs then accept "
		"any password, so anyone who can reach the BMC can control the "
		"node's power. Leave it false unless the BMC supports nothing "
		"else. true/false, yes/no, on/off or 1/0, in any case." },
		false, row_allow_cipher0 },
	[P_KG] = { {
		"kg", NULL, IPL_PT_STRING, false, false, true, NULL,
		"K_g BMC key",
		"The BMC key (K_g) of RMCP+ sessions, when one is set on the BMC: "
		"0x followed by an even number of 2 to 40 hex digits, or 1 to 20 "
		"bytes of text (a value starting with 0x is always read as hex). "
		"It is never logged or shown in messages. Not allowed with "
		"interface=lan. Default: none (no K_g)." },
		false, row_kg },
	[P_TIMEOUT] = { {
		"timeout", NULL, IPL_PT_STRING, false, false, false, "20",
		"Time limit of one operation, in seconds",
		"Seconds that one status, reset, on or off may take in all, "
		"connecting and waiting for the power state included: 1 to 3600, "
		"with at most 3 decimals (for example 2 or 2.5). Keep it below "
		"the cluster manager's own timeout for the operation." },
		false, row_timeout },
	[P_MSG_TIMEOUT] = { {
		"msg_timeout", NULL, IPL_PT_STRING, false, false, false, "1",
		"Time limit of one message try, in seconds",
		"Seconds to wait for the answer to one try of one IPMI message "
		"before retrying: 0.1 to 60, with at most 3 decimals, and not "
		"more than timeout." },
		false, row_msg_timeout },
	[P_POWER_WAIT] = { {
		"power_wait", NULL, IPL_PT_STRING, false, false, false, "0.5",
		"Power-state polling interval, in seconds",
		"Seconds between Get Chassis Status polls while waiting for the "
		"node's power state to change: 0.1 to 60, with at most 3 "
		"decimals." },
		false, row_power_wait },
	[P_PASSWORD_FILE] = { {
		"password_file", NULL, IPL_PT_STRING, false, false, false, NULL,
		"File holding the BMC password",
		"Absolute path of a regular file whose first line (without the "
		"line end) is the password, so that it appears in no command "
		"line, environment or CIB. The file must not be accessible by "
		"group or others (chmod 600): otherwise the configuration is "
		"refused. It is read when the device is configured. Give exactly "
		"one of password and password_file; on a positional line write "
		"- as the password and password_file=PATH after reset_method." },
		false, row_password_file },
	[P_KG_FILE] = { {
		"kg_file", NULL, IPL_PT_STRING, false, false, false, NULL,
		"File holding the K_g BMC key",
		"Absolute path of a regular file whose first line (without the "
		"line end) is the K_g, in the same forms as kg. The file must "
		"not be accessible by group or others (chmod 600). Give at most "
		"one of kg and kg_file. Not allowed with interface=lan." },
		false, row_kg_file },
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

/* Room for a quoted, escaped, possibly cut value in a message. */
#define QUOTE_SHOW 40
struct quoted {
	char s[QUOTE_SHOW * 4 + 8];
};
/* The same for a file path, shown longer. */
#define QUOTE_PATH_SHOW 160
struct quoted_path {
	char s[QUOTE_PATH_SHOW * 4 + 8];
};

/*
 * v into out (room for show * 4 + 8 bytes): in double quotes, bytes outside
 * printable ASCII and the characters " and \ escaped, cut after show bytes
 * with "...".  Never call it with a secret.
 */
static const char *
quote_into(char *out, size_t show, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	size_t i;

	if (v == NULL) {
		v = "";
	}
	out[o++] = '"';
	for (i = 0; v[i] != '\0' && i < show; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20 || c >= 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	if (v[i] != '\0') {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}

static const char *
quote(struct quoted *q, const char *v)
{
	return quote_into(q->s, QUOTE_SHOW, v);
}

static const char *
quote_path(struct quoted_path *q, const char *v)
{
	return quote_into(q->s, QUOTE_PATH_SHOW, v);
}

/* Overwrite n bytes in a way the compiler cannot drop. */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *b = p;

	while (n-- > 0) {
		*b++ = 0;
	}
}

/* Wipe each string of a NULL-terminated vector, then free it. */
static void
wipe_strfreev(char **v)
{
	size_t i;

	if (v == NULL) {
		return;
	}
	for (i = 0; v[i] != NULL; i++) {
		wipe(v[i], strlen(v[i]));
	}
	g_strfreev(v);
}

static bool
has_control_char(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f) {
			return true;
		}
	}
	return false;
}

/*
 * Read a run of decimal digits at *p (advancing it): at least one, no
 * leading zero unless the run is "0".  The value saturates at cap + 1 so
 * that no input can overflow.  Returns the number of digits, 0 on syntax
 * error (no digit, or a leading zero).
 */
static size_t
scan_digits(const char **p, unsigned long long cap, unsigned long long *val)
{
	const char *s = *p;
	unsigned long long v = 0;
	size_t n = 0;

	while (*s >= '0' && *s <= '9') {
		if (v <= cap) {
			v = v * 10 + (unsigned long long)(*s - '0');
		}
		s++;
		n++;
	}
	if (n == 0 || (n > 1 && **p == '0')) {
		return 0;
	}
	*p = s;
	*val = v > cap ? cap + 1 : v;
	return n;
}

/* "1", "0.5", "0.25", "3600": ms as seconds, no trailing zeros. */
static const char *
ms_text(char *buf, size_t len, unsigned int ms)
{
	unsigned int frac = ms % 1000;

	if (frac == 0) {
		snprintf(buf, len, "%u", ms / 1000);
	} else if (frac % 100 == 0) {
		snprintf(buf, len, "%u.%u", ms / 1000, frac / 100);
	} else if (frac % 10 == 0) {
		snprintf(buf, len, "%u.%02u", ms / 1000, frac / 10);
	} else {
		snprintf(buf, len, "%u.%03u", ms / 1000, frac);
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* Word tables                                                        */

struct word {
	const char *word;
	int value;
};

static const struct word auth_words[] = {
	{ "none",     IPMI_AUTHTYPE_NONE },
	{ "md2",      IPMI_AUTHTYPE_MD2 },
	{ "md5",      IPMI_AUTHTYPE_MD5 },
	{ "straight", IPMI_AUTHTYPE_STRAIGHT },
	{ "password", IPMI_AUTHTYPE_STRAIGHT },
	{ "key",      IPMI_AUTHTYPE_STRAIGHT },
	{ "0",        IPMI_AUTHTYPE_NONE },
	{ "1",        IPMI_AUTHTYPE_MD2 },
	{ "2",        IPMI_AUTHTYPE_MD5 },
	{ "4",        IPMI_AUTHTYPE_STRAIGHT },
	{ NULL, 0 }
};

static const struct word priv_words[] = {
	{ "operator",      IPMI_PRIVILEGE_OPERATOR },
	{ "admin",         IPMI_PRIVILEGE_ADMIN },
	{ "administrator", IPMI_PRIVILEGE_ADMIN },
	{ "3",             IPMI_PRIVILEGE_OPERATOR },
	{ "4",             IPMI_PRIVILEGE_ADMIN },
	{ NULL, 0 }
};

/* Levels that exist but cannot send Chassis Control. */
static const struct word priv_refused_words[] = {
	{ "callback", IPMI_PRIVILEGE_CALLBACK },
	{ "user",     IPMI_PRIVILEGE_USER },
	{ "1",        IPMI_PRIVILEGE_CALLBACK },
	{ "2",        IPMI_PRIVILEGE_USER },
	{ NULL, 0 }
};

static const struct word reset_words[] = {
	{ "onoff",       IPL_RESET_ONOFF },
	{ "on_off",      IPL_RESET_ONOFF },
	{ "on-off",      IPL_RESET_ONOFF },
	{ "power_cycle", IPL_RESET_POWER_CYCLE },
	{ "cycle",       IPL_RESET_POWER_CYCLE },
	{ "hard_reset",  IPL_RESET_HARD_RESET },
	{ "reset",       IPL_RESET_HARD_RESET },
	{ NULL, 0 }
};

static const struct word iface_words[] = {
	{ "auto",    IPL_IFACE_AUTO },
	{ "lanplus", IPL_IFACE_LANPLUS },
	{ "lan",     IPL_IFACE_LAN },
	{ NULL, 0 }
};

static const struct word bool_words[] = {
	{ "true", 1 }, { "yes", 1 }, { "on", 1 }, { "1", 1 },
	{ "false", 0 }, { "no", 0 }, { "off", 0 }, { "0", 0 },
	{ NULL, 0 }
};

/* Case-insensitive lookup; the row, or NULL. */
static const struct word *
word_find(const struct word *table, const char *value)
{
	if (value == NULL) {
		return NULL;
	}
	for (; table->word != NULL; table++) {
		if (g_ascii_strcasecmp(table->word, value) == 0) {
			return table;
		}
	}
	return NULL;
}

/* The first (canonical) word of table for value, or "unknown". */
static const char *
word_name(const struct word *table, int value)
{
	for (; table->word != NULL; table++) {
		if (table->value == value) {
			return table->word;
		}
	}
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Public strict parsers                                              */

ipl_rc
ipl_parse_auth(const char *value, int *auth, ipl_status *st)
{
	const struct word *w = word_find(auth_words, value);
	struct quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"auth: %s is not allowed; use none, md2, md5 or "
				"straight (alias password, key), or the IPMI "
				"codes 0, 1, 2, 4", quote(&q, value));
	}
	*auth = w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_priv(const char *value, int *priv, ipl_status *st)
{
	const struct word *w = word_find(priv_words, value);
	struct quoted q;

	if (w != NULL) {
		*priv = w->value;
		return IPL_OK;
	}
	if (word_find(priv_refused_words, value) != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"priv: %s cannot control power (Chassis Control "
				"needs operator or admin); use operator or admin "
				"(alias administrator), or the IPMI codes 3, 4",
				quote(&q, value));
	}
	return ipl_fail(st, IPL_ERR_CONFIG,
			"priv: %s is not allowed; use operator or admin (alias "
			"administrator), or the IPMI codes 3, 4",
			quote(&q, value));
}

ipl_rc
ipl_parse_reset_method(const char *value, enum ipl_reset_method *m,
		       ipl_status *st)
{
	const struct word *w = word_find(reset_words, value);
	struct quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"reset_method: %s is not allowed; use onoff "
				"(alias on_off, on-off), power_cycle (alias "
				"cycle) or hard_reset (alias reset)",
				quote(&q, value));
	}
	*m = (enum ipl_reset_method)w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_iface(const char *value, enum ipl_iface *iface, ipl_status *st)
{
	const struct word *w = word_find(iface_words, value);
	struct quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"interface: %s is not allowed; use auto, lanplus "
				"or lan", quote(&q, value));
	}
	*iface = (enum ipl_iface)w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_bool(const char *param, const char *value, bool *out,
	       ipl_status *st)
{
	const struct word *w = word_find(bool_words, value);
	struct quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not allowed; use true or false (also "
				"yes/no, on/off, 1/0)", param, quote(&q, value));
	}
	*out = w->value != 0;
	return IPL_OK;
}

ipl_rc
ipl_parse_uint(const char *param, const char *value, unsigned int min,
	       unsigned int max, unsigned int *out, ipl_status *st)
{
	const char *p = value;
	unsigned long long v = 0;
	struct quoted q;

	if (p == NULL || scan_digits(&p, max, &v) == 0 || *p != '\0') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not a decimal integer; use an integer "
				"from %u to %u", param, quote(&q, value), min, max);
	}
	if (v < min || v > max) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is out of range; use an integer from %u "
				"to %u", param, quote(&q, value), min, max);
	}
	*out = (unsigned int)v;
	return IPL_OK;
}

ipl_rc
ipl_parse_seconds(const char *param, const char *value, unsigned int min_ms,
		  unsigned int max_ms, unsigned int *out_ms, ipl_status *st)
{
	const char *p = value;
	unsigned long long whole = 0;
	unsigned long long frac = 0;
	unsigned long long ms;
	size_t ndec = 0;
	char lo[32], hi[32];
	struct quoted q;

	if (p == NULL) {
		p = value = "";
	}
	if (scan_digits(&p, max_ms / 1000, &whole) > 0) {
		if (*p == '.') {
			const char *d = ++p;

			/* the fraction may have leading zeros: scan by hand */
			while (*p >= '0' && *p <= '9' && ndec < 4) {
				frac = frac * 10 + (unsigned long long)(*p - '0');
				p++;
				ndec++;
			}
			if (p == d) {
				ndec = 4; /* "5." : no digit after the point */
			}
		}
	} else {
		ndec = 4;
	}
	if (ndec > 3 || *p != '\0') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not allowed; use seconds from %s to %s "
				"with at most 3 decimals, e.g. 2 or 0.5",
				param, quote(&q, value),
				ms_text(lo, sizeof(lo), min_ms),
				ms_text(hi, sizeof(hi), max_ms));
	}
	while (ndec < 3) {
		frac *= 10;
		ndec++;
	}
	ms = whole * 1000 + frac;
	if (ms < min_ms || ms > max_ms) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is out of range; use seconds from %s to %s",
				param, quote(&q, value),
				ms_text(lo, sizeof(lo), min_ms),
				ms_text(hi, sizeof(hi), max_ms));
	}
	*out_ms = (unsigned int)ms;
	return IPL_OK;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* kg must have room for IPL_MAX_KG bytes.  The value is never shown. */
ipl_rc
ipl_parse_kg(const char *value, unsigned char *kg, size_t *len,
	     ipl_status *st)
{
	size_t n;
	size_t i;

	if (value == NULL || value[0] == '\0') {
		return ipl_fail(st, IPL_ERR_CONFIG, "kg: empty; " KG_ALLOWED);
	}
	n = strlen(value);
	if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
		const char *h = value + 2;

		n -= 2;
		if (n == 0 || n % 2 != 0 || n > KG_HEX_MAX) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"kg: 0x followed by %zu characters (value "
					"not shown) is not allowed; " KG_ALLOWED, n);
		}
		for (i = 0; i < n; i++) {
			if (hex_value(h[i]) < 0) {
				return ipl_fail(st, IPL_ERR_CONFIG,
						"kg: character %zu after 0x is not "
						"a hex digit (value not shown); "
						KG_ALLOWED, i + 1);
			}
		}
		for (i = 0; i < n / 2; i++) {
			kg[i] = (unsigned char)(hex_value(h[2 * i]) * 16 +
						hex_value(h[2 * i + 1]));
		}
		*len = n / 2;
		return IPL_OK;
	}
	if (n > IPL_MAX_KG) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"kg: %zu bytes of text (value not shown); at "
				"most 20 allowed; " KG_ALLOWED, n);
	}
	memcpy(kg, value, n);
	*len = n;
	return IPL_OK;
}

/* ------------------------------------------------------------------ */
/* Names                                                              */

const char *
ipl_auth_name(int auth)
{
	return word_name(auth_words, auth);
}

const char *
ipl_priv_name(int priv)
{
	return word_name(priv_words, priv);
}

const char *
ipl_reset_method_name(enum ipl_reset_method m)
{
	return word_name(reset_words, (int)m);
}

const char *
ipl_iface_name(enum ipl_iface iface)
{
	return word_name(iface_words, (int)iface);
}

/* ------------------------------------------------------------------ */
/* Cipher suites                                                      */

static const struct ipl_cipher_suite cipher_suites[] = {
	{ 0, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_NONE,
	     IPMI_LANP_INTEGRITY_ALGORITHM_NONE,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 1, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_SHA1,
	     IPMI_LANP_INTEGRITY_ALGORITHM_NONE,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 2, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_SHA1,
	     IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_SHA1_96,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 3, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_SHA1,
	     IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_SHA1_96,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128 },
	{ 6, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5,
	     IPMI_LANP_INTEGRITY_ALGORITHM_NONE,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 7, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5,
	     IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_MD5_128,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 8, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5,
	     IPMI_LANP_INTEGRITY_ALGORITHM_HMAC_MD5_128,
	     IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128 },
	{ 11, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5,
	      IPMI_LANP_INTEGRITY_ALGORITHM_MD5_128,
	      IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 12, IPMI_LANP_AUTHENTICATION_ALGORITHM_RAKP_HMAC_MD5,
	      IPMI_LANP_INTEGRITY_ALGORITHM_MD5_128,
	      IPMI_LANP_CONFIDENTIALITY_ALGORITHM_AES_CBC_128 },
};

const struct ipl_cipher_suite *
ipl_cipher_lookup(int suite)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cipher_suites); i++) {
		if (cipher_suites[i].suite == suite) {
			return &cipher_suites[i];
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Row parsers                                                        */

/* One node name: letters, digits, '.', '_', '-'. */
static ipl_rc
check_host_name(const char *name, ipl_status *st)
{
	struct quoted q;
	const char *s;

	if (has_control_char(name)) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"hostname: %s contains a control character; "
				HOST_ALLOWED, quote(&q, name));
	}
	if (strchr(name, '=') != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"hostname: %s contains '='; " HOST_ALLOWED,
				quote(&q, name));
	}
	for (s = name; *s != '\0'; s++) {
		if (!g_ascii_isalnum(*s) && *s != '.' && *s != '_' &&
		    *s != '-') {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"hostname: %s is not allowed; "
					HOST_ALLOWED, quote(&q, name));
		}
	}
	return IPL_OK;
}

static ipl_rc
row_hostname(const struct ipl_param_info *p, const char *value,
	     struct ipl_config *cfg, ipl_status *st)
{
	char **words = g_strsplit_set(value, " ,", -1);
	GPtrArray *hosts = g_ptr_array_new();
	struct quoted q;
	size_t i;

	(void)p;
	for (i = 0; words[i] != NULL; i++) {
		char *lower;
		size_t j;
		bool dup = false;

		if (words[i][0] == '\0') {
			continue;
		}
		if (check_host_name(words[i], st) != IPL_OK) {
			goto fail;
		}
		lower = g_ascii_strdown(words[i], -1);
		for (j = 0; j < hosts->len; j++) {
			if (strcmp(g_ptr_array_index(hosts, j), lower) == 0) {
				dup = true;
				break;
			}
		}
		if (dup) {
			g_free(lower);
		} else {
			g_ptr_array_add(hosts, lower);
		}
	}
	if (hosts->len == 0) {
		ipl_fail(st, IPL_ERR_CONFIG,
			 "hostname: %s names no node; " HOST_ALLOWED,
			 quote(&q, value));
		goto fail;
	}
	g_ptr_array_add(hosts, NULL);
	cfg->hosts = (char **)g_ptr_array_free(hosts, FALSE);
	g_strfreev(words);
	return IPL_OK;

fail:
	g_ptr_array_set_free_func(hosts, g_free);
	g_ptr_array_free(hosts, TRUE);
	g_strfreev(words);
	return IPL_ERR_CONFIG;
}

static ipl_rc
row_ipaddr(const struct ipl_param_info *p, const char *value,
	   struct ipl_config *cfg, ipl_status *st)
{
	const char *start = value;
	size_t len = strlen(value);
	struct quoted q;
	size_t i;

	(void)p;
	if (len >= 2 && value[0] == '[' && value[len - 1] == ']') {
		start = value + 1;
		len -= 2;
		if (memchr(start, ':', len) == NULL) {
			goto bad;
		}
	}
	if (len == 0 || len > IPADDR_MAX) {
		goto bad;
	}
	for (i = 0; i < len; i++) {
		char c = start[i];

		if (!g_ascii_isalnum(c) && c != '.' && c != ':' && c != '%' &&
		    c != '_' && c != '-') {
			goto bad;
		}
	}
	cfg->ipaddr = g_strndup(start, len);
	return IPL_OK;

bad:
	return ipl_fail(st, IPL_ERR_CONFIG,
			"ipaddr: %s (%zu characters) is not allowed; use a host "
			"name, IPv4 or IPv6 address ([brackets] allowed) of at "
			"most 253 letters, digits and . : %% _ -",
			quote(&q, value), strlen(value));
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
	size_t len = strlen(value);
	struct quoted q;

	(void)p;
	if (len == 0 || len > IPL_MAX_LOGIN || has_control_char(value)) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"login: %s (%zu bytes) is not allowed; use 1 to "
				"16 bytes without control characters",
				quote(&q, value), len);
	}
	memcpy(cfg->login, value, len + 1);
	return IPL_OK;
}

static ipl_rc
row_password(const struct ipl_param_info *p, const char *value,
	     struct ipl_config *cfg, ipl_status *st)
{
	size_t len = strlen(value);

	(void)p;
	if (len > IPL_MAX_PASSWORD) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"password: %zu bytes long; at most 20 allowed "
				"(16 for IPMI 1.5 / interface=lan)", len);
	}
	memcpy(cfg->password, value, len + 1);
	cfg->password_len = len;
	return IPL_OK;
}

/*
 * Only the method word reaches here: ipl_config_parse splits the tail off
 * first (see split_reset_method).
 */
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

/* Suite 0 is accepted here; whether it is allowed is a cross-check. */
static ipl_rc
row_cipher(const struct ipl_param_info *p, const char *value,
	   struct ipl_config *cfg, ipl_status *st)
{
	const char *s = value;
	unsigned long long v = 0;
	struct quoted q;

	(void)p;
	if (scan_digits(&s, 255, &v) == 0 || *s != '\0') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s is not a cipher suite; " CIPHER_ALLOWED,
				quote(&q, value));
	}
	switch (v) {
	case 0: case 1: case 2: case 3: case 6: case 7: case 8: case 11:
	case 12:
		cfg->cipher = (int)v;
		return IPL_OK;
	case 4: case 5: case 9: case 10: case 13: case 14:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s uses xRC4 encryption, which OpenIPMI "
				"does not implement; " CIPHER_ALLOWED,
				quote(&q, value));
	case 15: case 16: case 17:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s: SHA-256 suites are not supported by "
				"OpenIPMI; " CIPHER_ALLOWED, quote(&q, value));
	default:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s is not a cipher suite; " CIPHER_ALLOWED,
				quote(&q, value));
	}
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
/* Secrets from files                                                 */

ipl_rc
ipl_read_secret_file(const char *param, const char *path, char *buf,
		     size_t cap, size_t *len, ipl_status *st)
{
	struct quoted_path q;
	struct stat sb;
	size_t n = 0;
	bool eol = false;
	int fd;

	*len = 0;
	if (cap > 0) {
		buf[0] = '\0';
	}
	if (path == NULL || path[0] != '/') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not an absolute path; give the full "
				"path of the file, starting with /", param,
				quote_path(&q, path));
	}
	/* O_NONBLOCK: a FIFO planted at the path must not hang set_config. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		return ipl_fail(st, IPL_ERR_CONFIG, "%s: cannot open %s: %s",
				param, quote_path(&q, path), strerror(e));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not a regular file", param,
				quote_path(&q, path));
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(fd);
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s has mode %04o: it is accessible by group "
				"or others; make it readable by its owner only "
				"(chmod 600)", param, quote_path(&q, path),
				(unsigned int)(sb.st_mode & 07777));
	}
	/* Byte by byte up to the first line end: nothing past it is read. */
	while (!eol) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0) {
			int e = errno;

			if (e == EINTR) {
				continue;
			}
			close(fd);
			wipe(buf, cap);
			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: cannot read %s: %s", param,
					quote_path(&q, path), strerror(e));
		}
		if (r == 0 || c == '\n') {
			eol = true;
		} else if (n + 1 >= cap) {
			close(fd);
			wipe(buf, cap);
			wipe(&c, sizeof(c));
			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: the first line of %s is longer than "
					"%zu bytes (value not shown)", param,
					quote_path(&q, path), cap - 1);
		} else {
			buf[n++] = c;
		}
		wipe(&c, sizeof(c));
	}
	close(fd);
	if (n > 0 && buf[n - 1] == '\r') {
		n--;
	}
	buf[n] = '\0';
	*len = n;
	return IPL_OK;
}

/* Longest first line read from a secret file: room for a hex K_g. */
#define SECRET_LINE_MAX 64

static ipl_rc
row_password_file(const struct ipl_param_info *p, const char *value,
		  struct ipl_config *cfg, ipl_status *st)
{
	char buf[SECRET_LINE_MAX + 1];
	struct quoted_path q;
	size_t len = 0;
	ipl_rc rc;

	rc = ipl_read_secret_file(p->name, value, buf, sizeof(buf), &len, st);
	if (rc == IPL_OK && len > IPL_MAX_PASSWORD) {
		rc = ipl_fail(st, IPL_ERR_CONFIG,
			      "%s: the password in %s is %zu bytes long; at "
			      "most 20 allowed (16 for IPMI 1.5 / "
			      "interface=lan)", p->name, quote_path(&q, value),
			      len);
	} else if (rc == IPL_OK) {
		memcpy(cfg->password, buf, len + 1);
		cfg->password_len = len;
	}
	wipe(buf, sizeof(buf));
	return rc;
}

static ipl_rc
row_kg_file(const struct ipl_param_info *p, const char *value,
	    struct ipl_config *cfg, ipl_status *st)
{
	char buf[SECRET_LINE_MAX + 1];
	struct quoted_path q;
	size_t len = 0;
	ipl_rc rc;

	rc = ipl_read_secret_file(p->name, value, buf, sizeof(buf), &len, st);
	if (rc == IPL_OK) {
		rc = ipl_parse_kg(buf, cfg->kg, &cfg->kg_len, st);
		if (rc != IPL_OK) {
			/* Say where the bad K_g came from; the reason stays. */
			char reason[IPL_STATUS_MSG_LEN];

			g_strlcpy(reason, st->msg, sizeof(reason));
			ipl_fail(st, rc, "%s: %s: %s", p->name,
				 quote_path(&q, value), reason);
		}
	}
	wipe(buf, sizeof(buf));
	return rc;
}

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

size_t
ipl_param_count(void)
{
	return P_COUNT;
}

const struct ipl_param_info *
ipl_param_at(size_t i)
{
	return i < P_COUNT ? &param_rows[i].info : NULL;
}

/* Row index of name or alias, or -1. */
static int
param_index(const char *name)
{
	int i;

	if (name == NULL) {
		return -1;
	}
	for (i = 0; i < P_COUNT; i++) {
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
	int i = param_index(name);

	return i < 0 ? NULL : &param_rows[i].info;
}

/* ------------------------------------------------------------------ */
/* Parsing a whole configuration                                      */

/* True when list is exactly the eight positional names, in order. */
static bool
list_is_positional_shape(const StonithNVpair *list)
{
	size_t i;

	if (list == NULL) {
		return false;
	}
	for (i = 0; i < IPL_NPOSITIONAL; i++) {
		if (list[i].s_name == NULL ||
		    strcmp(list[i].s_name, param_rows[i].info.name) != 0) {
			return false;
		}
	}
	return list[IPL_NPOSITIONAL].s_name == NULL;
}

/*
 * Split reset_method's value into the method word and the name=value words
 * after it.  *words receives the whitespace-separated words (wipe and free
 * them with wipe_strfreev: a tail may hold a kg).  val[] entries still
 * unset are filled from the tail, first occurrence first.  The method word
 * replaces val[P_RESET_METHOD]; an all-blank value is left to the method
 * parser to refuse.
 */
static ipl_rc
split_reset_method(const char *val[P_COUNT], char ***words, ipl_status *st)
{
	char **w;
	size_t n = 0;
	size_t i;
	struct quoted q;

	*words = g_strsplit_set(val[P_RESET_METHOD], " \t\r\n", -1);
	/* squeeze out the empty strings between repeated separators */
	w = *words;
	for (i = 0; w[i] != NULL; i++) {
		if (w[i][0] == '\0') {
			g_free(w[i]);
		} else {
			w[n++] = w[i];
		}
	}
	w[n] = NULL;
	if (n == 0) {
		return IPL_OK;
	}
	val[P_RESET_METHOD] = w[0];
	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '=');
		int idx;

		if (eq == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"reset_method: %s after the method is not "
					"a name=value word; use name=value with "
					"one of " OPTIONAL_NAMES,
					quote(&q, w[i]));
		}
		*eq = '\0';
		idx = param_index(w[i]);
		if (idx < 0 || param_rows[idx].info.positional) {
			ipl_fail(st, IPL_ERR_CONFIG,
				 "reset_method: %s=... after the method names "
				 "no optional parameter; use name=value with "
				 "one of " OPTIONAL_NAMES, quote(&q, w[i]));
			*eq = '=';
			return IPL_ERR_CONFIG;
		}
		if (val[idx] == NULL) {
			val[idx] = eq + 1;
		}
	}
	return IPL_OK;
}

/*
 * Exactly one of password and password_file; at most one of kg and kg_file.
 * A positional line cannot leave the password word out: there "-" stands
 * for "no password here" when password_file is given.
 */
static ipl_rc
secrets_given_once(const char *val[P_COUNT], bool positional, ipl_status *st)
{
	if (val[P_PASSWORD_FILE] != NULL && val[P_PASSWORD] != NULL) {
		if (positional && strcmp(val[P_PASSWORD], "-") == 0) {
			val[P_PASSWORD] = NULL;
		} else {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"password_file: given together with "
					"password; give only one of them (on a "
					"positional line write - as the "
					"password)");
		}
	}
	if (val[P_PASSWORD_FILE] == NULL && val[P_PASSWORD] == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"password: missing; give password or "
				"password_file");
	}
	if (val[P_KG_FILE] != NULL && val[P_KG] != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"kg_file: given together with kg; give only "
				"one of them");
	}
	return IPL_OK;
}

/* Checks that need more than one value. */
static ipl_rc
cross_check(const struct ipl_config *cfg, const bool given[P_COUNT],
	    ipl_status *st)
{
	char a[32], b[32];

	if (cfg->iface == IPL_IFACE_LAN) {
		if (cfg->password_len > IPL_MAX_PASSWORD_15) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"password: %zu bytes long; at most 16 "
					"allowed with interface=lan (IPMI 1.5)",
					cfg->password_len);
		}
		if (given[P_KG] || given[P_KG_FILE]) {
			const char *k = given[P_KG] ? "kg" : "kg_file";

			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: not allowed with interface=lan: K_g "
					"exists only in IPMI 2.0 RMCP+; use "
					"interface=lanplus or auto, or drop %s",
					k, k);
		}
		if (given[P_CIPHER]) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"cipher: \"%d\" is not allowed with "
					"interface=lan: cipher suites exist only "
					"in IPMI 2.0 RMCP+; use interface=lanplus "
					"or auto, or drop cipher", cfg->cipher);
		}
	}
	if (cfg->cipher == 0 && !cfg->allow_cipher0) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: \"0\" is refused: cipher suite 0 means "
				"no authentication, many BMCs accept any "
				"password; set allow_insecure_cipher0=true to "
				"use it anyway, or use " CIPHER_LIST);
	}
	if (cfg->msg_timeout_ms > cfg->timeout_ms) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"msg_timeout: \"%s\" is longer than timeout (%s "
				"s); use at most the timeout",
				ms_text(a, sizeof(a), cfg->msg_timeout_ms),
				ms_text(b, sizeof(b), cfg->timeout_ms));
	}
	return IPL_OK;
}

ipl_rc
ipl_config_parse(struct ipl_config *cfg, const StonithNVpair *list,
		 ipl_getenv_fn getenv_fn, ipl_status *st)
{
	const char *val[P_COUNT] = { NULL };
	bool given[P_COUNT] = { false };
	char **tail_words = NULL;
	ipl_rc rc = IPL_ERR_CONFIG;
	size_t i;

	ipl_config_clear(cfg);
	ipl_status_clear(st);

	/* 1. the list: known names and aliases, first non-NULL value wins */
	for (i = 0; list != NULL && list[i].s_name != NULL; i++) {
		int idx = param_index(list[i].s_name);

		if (idx >= 0 && list[i].s_value != NULL && val[idx] == NULL) {
			val[idx] = list[i].s_value;
		}
	}

	/* 2. name=value words after the method in reset_method */
	if (val[P_RESET_METHOD] != NULL &&
	    split_reset_method(val, &tail_words, st) != IPL_OK) {
		goto out;
	}

	/* 3. the environment, only for the shape -p, -F and -E produce */
	if (list_is_positional_shape(list)) {
		for (i = IPL_NPOSITIONAL; i < P_COUNT; i++) {
			if (val[i] == NULL) {
				val[i] = getenv_fn != NULL
					? getenv_fn(param_rows[i].info.name)
					: getenv(param_rows[i].info.name);
			}
		}
	}

	/* 4. required names, and secrets given exactly once */
	for (i = 0; i < P_COUNT; i++) {
		if (param_rows[i].info.required && val[i] == NULL) {
			ipl_fail(st, IPL_ERR_CONFIG,
				 "%s: missing; hostname, ipaddr, login and "
				 "password (or password_file) are required",
				 param_rows[i].info.name);
			goto out;
		}
	}
	if (secrets_given_once(val, list_is_positional_shape(list), st)
	    != IPL_OK) {
		goto out;
	}

	/* 5. every row: its value, or its default */
	for (i = 0; i < P_COUNT; i++) {
		const struct param_row *r = &param_rows[i];
		const char *v = val[i] != NULL ? val[i] : r->info.default_value;

		given[i] = val[i] != NULL;
		if (v != NULL && r->parse(&r->info, v, cfg, st) != IPL_OK) {
			goto out;
		}
	}

	/* 6. checks across values */
	if (cross_check(cfg, given, st) != IPL_OK) {
		goto out;
	}

	if (cfg->cipher == 0 && cfg->iface != IPL_IFACE_LAN) {
		ipl_log(IPL_LOG_WARN, "ipmilan %s: cipher suite 0 allowed: "
			"RMCP+ sessions have no authentication", cfg->ipaddr);
	}
	if (cfg->iface == IPL_IFACE_LAN &&
	    (cfg->auth == IPMI_AUTHTYPE_NONE ||
	     cfg->auth == IPMI_AUTHTYPE_STRAIGHT)) {
		ipl_log(IPL_LOG_WARN, "ipmilan %s: auth=%s sends the password "
			"%s", cfg->ipaddr, ipl_auth_name(cfg->auth),
			cfg->auth == IPMI_AUTHTYPE_NONE ? "not at all"
							: "in clear text");
	}
	rc = IPL_OK;

out:
	wipe_strfreev(tail_words);
	if (rc != IPL_OK) {
		ipl_config_clear(cfg);
	}
	return rc;
}

void
ipl_config_clear(struct ipl_config *cfg)
{
	if (cfg == NULL) {
		return;
	}
	g_strfreev(cfg->hosts);
	g_free(cfg->ipaddr);
	wipe(cfg->password, sizeof(cfg->password));
	wipe(cfg->kg, sizeof(cfg->kg));
	wipe(cfg, sizeof(*cfg));
}

/* ------------------------------------------------------------------ */
/* CONF_XML                                                           */

/*
 * Large enough for the whole table with room to spare; a unit test checks
 * that the fragment is complete.  Static storage (not heap) so that nothing
 * outlives the module when PILS unloads it.
 */
#define XML_CAP 16384

struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool overflow;
};

static void
sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->overflow || n >= b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->buf + b->len, s, n + 1);
	b->len += n;
}

/* s with & < > " ' escaped. */
static void
sb_add_escaped(struct sbuf *b, const char *s)
{
	char one[2] = { '\0', '\0' };

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':  sb_add(b, "&amp;");  break;
		case '<':  sb_add(b, "&lt;");   break;
		case '>':  sb_add(b, "&gt;");   break;
		case '"':  sb_add(b, "&quot;"); break;
		case '\'': sb_add(b, "&apos;"); break;
		default:
			one[0] = *s;
			sb_add(b, one);
			break;
		}
	}
}

static const char *
type_name(enum ipl_param_type t)
{
	switch (t) {
	case IPL_PT_INTEGER: return "integer";
	case IPL_PT_BOOLEAN: return "boolean";
	case IPL_PT_STRING:  return "string";
	}
	return "string";
}

static void
xml_build(struct sbuf *b)
{
	size_t i;

	sb_add(b, "<parameters>\n");
	for (i = 0; i < P_COUNT; i++) {
		const struct ipl_param_info *p = &param_rows[i].info;

		sb_add(b, "<parameter name=\"");
		sb_add_escaped(b, p->name);
		sb_add(b, param_rows[i].unique ? "\" unique=\"1\""
					       : "\" unique=\"0\"");
		sb_add(b, p->required ? " required=\"1\">\n"
				      : " required=\"0\">\n");
		sb_add(b, "<content type=\"");
		sb_add(b, type_name(p->type));
		if (p->default_value != NULL) {
			sb_add(b, "\" default=\"");
			sb_add_escaped(b, p->default_value);
		}
		sb_add(b, "\"/>\n<shortdesc lang=\"en\">");
		sb_add_escaped(b, p->shortdesc);
		sb_add(b, "</shortdesc>\n<longdesc lang=\"en\">");
		sb_add_escaped(b, p->longdesc);
		if (p->alias != NULL) {
			sb_add(b, " Also accepted as ");
			sb_add_escaped(b, p->alias);
			sb_add(b, ".");
		}
		if (p->default_value != NULL) {
			sb_add(b, " Default: ");
			sb_add_escaped(b, p->default_value);
			sb_add(b, ".");
		}
		sb_add(b, "</longdesc>\n</parameter>\n");
	}
	sb_add(b, "</parameters>\n");
}

const char *
ipl_config_xml(void)
{
	static char xml[XML_CAP];
	static gsize done;

	if (g_once_init_enter(&done)) {
		struct sbuf b = { xml, 0, sizeof(xml), false };

		xml_build(&b);
		if (b.overflow) {
			ipl_log(IPL_LOG_CRIT, "ipmilan: parameter metadata does "
				"not fit in %u bytes", (unsigned int)XML_CAP);
			g_strlcpy(xml, "<parameters>\n</parameters>\n",
				  sizeof(xml));
		}
		g_once_init_leave(&done, 1);
	}
	return xml;
}

/* ------------------------------------------------------------------ */
/* Describing a configuration                                         */

char *
ipl_config_describe(const struct ipl_config *cfg)
{
	GString *s;
	size_t i;

	if (cfg == NULL || cfg->hosts == NULL || cfg->ipaddr == NULL) {
		return g_strdup("ipmilan (not configured)");
	}
	s = g_string_new(NULL);
	for (i = 0; cfg->hosts[i] != NULL; i++) {
		g_string_append_printf(s, "%s%s", i > 0 ? "," : "",
				       cfg->hosts[i]);
	}
	if (strchr(cfg->ipaddr, ':') != NULL) {
		g_string_append_printf(s, " via [%s]:%u", cfg->ipaddr,
				       cfg->port);
	} else {
		g_string_append_printf(s, " via %s:%u", cfg->ipaddr, cfg->port);
	}
	if (cfg->iface != IPL_IFACE_AUTO) {
		g_string_append_printf(s, " (%s)", ipl_iface_name(cfg->iface));
	}
	return g_string_free(s, FALSE);
}

bool
ipl_config_has_host(const struct ipl_config *cfg, const char *node)
{
	size_t i;

	if (cfg == NULL || cfg->hosts == NULL || node == NULL) {
		return false;
	}
	for (i = 0; cfg->hosts[i] != NULL; i++) {
		if (strcmp(cfg->hosts[i], node) == 0) {
			return true;
		}
	}
	return false;
}
