/*
 * parse.c - the strict parsers of configuration values (engine/parse.h):
 * words through lookup tables, numbers with range and trailing-garbage
 * checks, node names, addresses, user names, passwords and K_g.
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <OpenIPMI/ipmi_auth.h>

#include "engine/parse.h"
#include "engine/text.h"

#define KG_HEX_MAX          (2 * IPL_MAX_KG)
#define KG_ALLOWED \
	"use 0x followed by an even number of 2 to 40 hex digits, " \
	"or 1 to 20 bytes of text"
#define HOST_ALLOWED \
	"use node names of letters, digits, '.', '_' and '-', " \
	"separated by spaces or commas"

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
/* Strict parsers                                                     */

ipl_rc
ipl_parse_auth(const char *value, int *auth, ipl_status *st)
{
	const struct word *w = word_find(auth_words, value);
	struct ipl_quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"auth: %s is not allowed; use none, md2, md5 or "
				"straight (alias password, key), or the IPMI "
				"codes 0, 1, 2, 4", ipl_quote(&q, value));
	}
	*auth = w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_priv(const char *value, int *priv, ipl_status *st)
{
	const struct word *w = word_find(priv_words, value);
	struct ipl_quoted q;

	if (w != NULL) {
		*priv = w->value;
		return IPL_OK;
	}
	if (word_find(priv_refused_words, value) != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"priv: %s cannot control power (Chassis Control "
				"needs operator or admin); use operator or admin "
				"(alias administrator), or the IPMI codes 3, 4",
				ipl_quote(&q, value));
	}
	return ipl_fail(st, IPL_ERR_CONFIG,
			"priv: %s is not allowed; use operator or admin (alias "
			"administrator), or the IPMI codes 3, 4",
			ipl_quote(&q, value));
}

ipl_rc
ipl_parse_reset_method(const char *value, enum ipl_reset_method *m,
		       ipl_status *st)
{
	const struct word *w = word_find(reset_words, value);
	struct ipl_quoted q;

	if (w == NULL && value != NULL && strchr(value, '=') != NULL) {
		/* A name=value word where the method should be (the method
		 * forgotten on a positional line): it may be kg=... */
		return ipl_fail(st, IPL_ERR_CONFIG,
				"reset_method: the first word is a name=value "
				"word (value not shown), not a method; write the "
				"method first: onoff, power_cycle or hard_reset");
	}
	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"reset_method: %s is not allowed; use onoff "
				"(alias on_off, on-off), power_cycle (alias "
				"cycle) or hard_reset (alias reset)",
				ipl_quote(&q, value));
	}
	*m = (enum ipl_reset_method)w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_iface(const char *value, enum ipl_iface *iface, ipl_status *st)
{
	const struct word *w = word_find(iface_words, value);
	struct ipl_quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"interface: %s is not allowed; use auto, lanplus "
				"or lan", ipl_quote(&q, value));
	}
	*iface = (enum ipl_iface)w->value;
	return IPL_OK;
}

ipl_rc
ipl_parse_bool(const char *param, const char *value, bool *out,
	       ipl_status *st)
{
	const struct word *w = word_find(bool_words, value);
	struct ipl_quoted q;

	if (w == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not allowed; use true or false (also "
				"yes/no, on/off, 1/0)", param, ipl_quote(&q, value));
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
	struct ipl_quoted q;

	if (p == NULL || scan_digits(&p, max, &v) == 0 || *p != '\0') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not a decimal integer; use an integer "
				"from %u to %u", param, ipl_quote(&q, value), min, max);
	}
	if (v < min || v > max) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is out of range; use an integer from %u "
				"to %u", param, ipl_quote(&q, value), min, max);
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
	struct ipl_quoted q;

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
				param, ipl_quote(&q, value),
				ipl_ms_text(lo, sizeof(lo), min_ms),
				ipl_ms_text(hi, sizeof(hi), max_ms));
	}
	while (ndec < 3) {
		frac *= 10;
		ndec++;
	}
	ms = whole * 1000 + frac;
	if (ms < min_ms || ms > max_ms) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is out of range; use seconds from %s to %s",
				param, ipl_quote(&q, value),
				ipl_ms_text(lo, sizeof(lo), min_ms),
				ipl_ms_text(hi, sizeof(hi), max_ms));
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
/* Names, addresses, users                                            */

/* One node name: letters, digits, '.', '_', '-'. */
static ipl_rc
check_host_name(const char *name, ipl_status *st)
{
	struct ipl_quoted q;
	const char *s;

	if (ipl_has_control_char(name)) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"hostname: %s contains a control character; "
				HOST_ALLOWED, ipl_quote(&q, name));
	}
	if (strchr(name, '=') != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"hostname: %s contains '='; " HOST_ALLOWED,
				ipl_quote(&q, name));
	}
	for (s = name; *s != '\0'; s++) {
		if (!g_ascii_isalnum(*s) && *s != '.' && *s != '_' &&
		    *s != '-') {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"hostname: %s is not allowed; "
					HOST_ALLOWED, ipl_quote(&q, name));
		}
	}
	return IPL_OK;
}

ipl_rc
ipl_parse_hosts(const char *value, char ***hosts_out, ipl_status *st)
{
	char **words = g_strsplit_set(value, " ,", -1);
	GPtrArray *hosts = g_ptr_array_new();
	struct ipl_quoted q;
	size_t i;

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
			 ipl_quote(&q, value));
		goto fail;
	}
	g_ptr_array_add(hosts, NULL);
	*hosts_out = (char **)g_ptr_array_free(hosts, FALSE);
	g_strfreev(words);
	return IPL_OK;

fail:
	g_ptr_array_set_free_func(hosts, g_free);
	g_ptr_array_free(hosts, TRUE);
	g_strfreev(words);
	return IPL_ERR_CONFIG;
}

ipl_rc
ipl_parse_ipaddr(const char *value, char **ipaddr, ipl_status *st)
{
	const char *start = value;
	size_t len = strlen(value);
	struct ipl_quoted q;
	size_t i;

	if (len >= 2 && value[0] == '[' && value[len - 1] == ']') {
		start = value + 1;
		len -= 2;
		if (memchr(start, ':', len) == NULL) {
			goto bad;
		}
	}
	if (len == 0 || len > IPL_MAX_IPADDR) {
		goto bad;
	}
	for (i = 0; i < len; i++) {
		char c = start[i];

		if (!g_ascii_isalnum(c) && c != '.' && c != ':' && c != '%' &&
		    c != '_' && c != '-') {
			goto bad;
		}
	}
	*ipaddr = g_strndup(start, len);
	return IPL_OK;

bad:
	return ipl_fail(st, IPL_ERR_CONFIG,
			"ipaddr: %s (%zu characters) is not allowed; use a host "
			"name, IPv4 or IPv6 address ([brackets] allowed) of at "
			"most 253 letters, digits and . : %% _ -",
			ipl_quote(&q, value), strlen(value));
}

ipl_rc
ipl_parse_login(const char *value, char *login, ipl_status *st)
{
	size_t len = strlen(value);
	struct ipl_quoted q;

	if (len == 0 || len > IPL_MAX_LOGIN || ipl_has_control_char(value)) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"login: %s (%zu bytes) is not allowed; use 1 to "
				"16 bytes without control characters",
				ipl_quote(&q, value), len);
	}
	memcpy(login, value, len + 1);
	return IPL_OK;
}

ipl_rc
ipl_parse_password(const char *value, char *password, size_t *len_out,
		   ipl_status *st)
{
	size_t len = strlen(value);

	if (len > IPL_MAX_PASSWORD) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"password: %zu bytes long; at most 20 allowed "
				"(16 for IPMI 1.5 / interface=lan)", len);
	}
	memcpy(password, value, len + 1);
	*len_out = len;
	return IPL_OK;
}

