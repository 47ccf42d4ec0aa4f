/*
 * ipl_config.h - the parameter table and the device configuration.
 *
 * One table (config_table.c) drives get_confignames, parsing, defaults and
 * the CONF_XML metadata, so they cannot disagree.  Parsing does no I/O and
 * creates no OpenIPMI state.
 */
#ifndef IPL_CONFIG_H
#define IPL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stonith/stonith.h>
#include "ipl_result.h"

#define IPL_MAX_LOGIN        16  /* IPMI user name, bytes            */
#define IPL_MAX_PASSWORD     20  /* RMCP+ password, bytes            */
#define IPL_MAX_PASSWORD_15  16  /* IPMI 1.5 password, bytes         */
#define IPL_MAX_KG           20  /* K_g (BMC key), bytes             */

enum ipl_iface {
	IPL_IFACE_AUTO,     /* RMCP+ first, IPMI 1.5 only if the BMC has no RMCP+ */
	IPL_IFACE_LANPLUS,  /* IPMI 2.0 RMCP+ only                                */
	IPL_IFACE_LAN,      /* IPMI 1.5 only                                      */
};

enum ipl_reset_method {
	IPL_RESET_ONOFF,       /* off, verify off, on, verify on      */
	IPL_RESET_POWER_CYCLE, /* Chassis Control cycle, verify on    */
	IPL_RESET_HARD_RESET,  /* Chassis Control hard reset, verify on */
};

/* A parsed, validated device configuration.  Owned by the device. */
struct ipl_config {
	char **hosts;            /* NULL-terminated, lowercased (g_strfreev) */
	char *ipaddr;            /* host name or address, no brackets (g_free) */
	unsigned int port;       /* 1..65535                                  */
	int auth;                /* IPMI_AUTHTYPE_NONE/MD2/MD5/STRAIGHT (1.5) */
	int priv;                /* IPMI_PRIVILEGE_OPERATOR or _ADMIN         */
	char login[IPL_MAX_LOGIN + 1];
	char password[IPL_MAX_PASSWORD + 1];
	size_t password_len;
	enum ipl_reset_method reset_method;
	enum ipl_iface iface;
	int cipher;              /* RMCP+ cipher suite                        */
	bool allow_cipher0;      /* allow_insecure_cipher0=true was given     */
	unsigned char kg[IPL_MAX_KG];
	size_t kg_len;           /* 0: no K_g (the BMC key is all zeros)      */
	unsigned int timeout_ms;     /* whole operation                       */
	unsigned int msg_timeout_ms; /* one try of one message                */
	unsigned int power_wait_ms;  /* between power-state polls             */
};

/* How a parameter is described in CONF_XML. */
enum ipl_param_type { IPL_PT_STRING, IPL_PT_INTEGER, IPL_PT_BOOLEAN };

/* One row of the parameter table, read-only. */
struct ipl_param_info {
	const char *name;
	const char *alias;        /* accepted synonym, or NULL                */
	enum ipl_param_type type;
	bool required;            /* required when given by name              */
	bool positional;          /* one of the eight old positional names    */
	bool secret;              /* never logged, never echoed               */
	const char *default_value;/* NULL when required or when it has none   */
	const char *shortdesc;
	const char *longdesc;
};

/* The eight positional names in the old order, NULL-terminated. */
const char *const *ipl_config_names(void);

/* Number of rows in the parameter table, and row i (NULL past the end). */
size_t ipl_param_count(void);
const struct ipl_param_info *ipl_param_at(size_t i);

/* Look a parameter up by name or alias (case-sensitive); NULL if unknown. */
const struct ipl_param_info *ipl_param_find(const char *name);

/* Reads an environment variable; getenv by default, replaceable in tests. */
typedef const char *(*ipl_getenv_fn)(const char *name);

/*
 * Parse a configuration list into cfg (which is cleared first).
 *
 * The password comes from exactly one of password and password_file
 * (the file's first line), the K_g from at most one of kg and kg_file;
 * giving both of a pair is an error, except that on the positional shape
 * a password of "-" means "none here" when password_file is given.
 *
 * Values come from, in order of precedence: the list itself (names or
 * aliases; unknown names are ignored), key=value words after the method in
 * reset_method (the tail of an old positional line), and - only when the list
 * has exactly the eight positional names, as "-p", "-F" and "-E" produce -
 * environment variables named after the optional parameters.  getenv_fn may
 * be NULL for getenv.
 *
 * Returns IPL_OK or IPL_ERR_CONFIG with st naming the parameter, the value
 * (never a secret) and what is allowed.  On failure cfg holds nothing.
 */
ipl_rc ipl_config_parse(struct ipl_config *cfg, const StonithNVpair *list,
			ipl_getenv_fn getenv_fn, ipl_status *st);

/* Free everything cfg owns and wipe its secrets; cfg may be reused. */
void ipl_config_clear(struct ipl_config *cfg);

/*
 * The CONF_XML fragment: a well-formed <parameters> element describing
 * every row of the table.  Static storage, built on first use.
 */
const char *ipl_config_xml(void);

/* One-line description for DEVICENAME: node(s), BMC address, interface.
 * Returns a g_malloc'd string. */
char *ipl_config_describe(const struct ipl_config *cfg);

/* True when node (already lowercased) is one of cfg->hosts. */
bool ipl_config_has_host(const struct ipl_config *cfg, const char *node);

/* ---- The lookup tables and strict parsers, exposed for unit tests ---- */

ipl_rc ipl_parse_auth(const char *value, int *auth, ipl_status *st);
ipl_rc ipl_parse_priv(const char *value, int *priv, ipl_status *st);
ipl_rc ipl_parse_reset_method(const char *value, enum ipl_reset_method *m,
			      ipl_status *st);
ipl_rc ipl_parse_iface(const char *value, enum ipl_iface *iface,
		       ipl_status *st);
ipl_rc ipl_parse_bool(const char *param, const char *value, bool *out,
		      ipl_status *st);
/* Decimal integer in [min, max]; no sign unless min < 0, no garbage. */
ipl_rc ipl_parse_uint(const char *param, const char *value, unsigned int min,
		      unsigned int max, unsigned int *out, ipl_status *st);
/* Seconds with up to three decimals ("2", "0.5") into milliseconds. */
ipl_rc ipl_parse_seconds(const char *param, const char *value,
			 unsigned int min_ms, unsigned int max_ms,
			 unsigned int *out_ms, ipl_status *st);
/* "0x" followed by 2..40 hex digits, or 1..20 bytes of text. */
ipl_rc ipl_parse_kg(const char *value, unsigned char *kg, size_t *len,
		    ipl_status *st);

/*
 * Read the first line of the secret file at path (absolute) into buf (cap
 * bytes, NUL-terminated; a trailing "\n" or "\r\n" removed) and its length
 * into *len.  Refuses, with IPL_ERR_CONFIG and a message naming param and
 * the path (never the content): a relative path, a file that cannot be
 * opened or read, one that is not a regular file, one accessible by group
 * or others (the mode is shown), and a first line of cap bytes or more.
 * buf is wiped on failure; the caller wipes it after use.
 */
ipl_rc ipl_read_secret_file(const char *param, const char *path, char *buf,
			    size_t cap, size_t *len, ipl_status *st);

const char *ipl_auth_name(int auth);
const char *ipl_priv_name(int priv);
const char *ipl_reset_method_name(enum ipl_reset_method m);
const char *ipl_iface_name(enum ipl_iface iface);

/* RMCP+ cipher suite -> OpenIPMI algorithm numbers. */
struct ipl_cipher_suite {
	int suite;
	unsigned int auth_alg;   /* IPMI_LANP_AUTHENTICATION_ALGORITHM_*     */
	unsigned int integ_alg;  /* IPMI_LANP_INTEGRITY_ALGORITHM_*          */
	unsigned int conf_alg;   /* IPMI_LANP_CONFIDENTIALITY_ALGORITHM_*    */
};
/* The suite's algorithms, or NULL when OpenIPMI cannot do that suite. */
const struct ipl_cipher_suite *ipl_cipher_lookup(int suite);

#endif
