/*
 * engine/parse.h - the strict parsers of configuration values: words
 * through lookup tables, numbers with range and trailing-garbage checks,
 * node names, addresses, user names and K_g.  Pure: no I/O, no global
 * state; the only allocations are the parsed host list and address, owned
 * by the caller.
 *
 * Each parser returns IPL_OK, or IPL_ERR_CONFIG with st naming the
 * parameter, the value (never a secret) and what is allowed.
 */
#ifndef IPL_ENGINE_PARSE_H
#define IPL_ENGINE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include "engine/result.h"

#define IPL_MAX_LOGIN        16  /* IPMI user name, bytes            */
#define IPL_MAX_PASSWORD     20  /* RMCP+ password, bytes            */
#define IPL_MAX_PASSWORD_15  16  /* IPMI 1.5 password, bytes         */
#define IPL_MAX_KG           20  /* K_g (BMC key), bytes             */
#define IPL_MAX_IPADDR      253  /* host name or address, characters */

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

/* Words: auth and priv give OpenIPMI's IPMI_AUTHTYPE_* and
 * IPMI_PRIVILEGE_* numbers. */
ipl_rc ipl_parse_auth(const char *value, int *auth, ipl_status *st);
ipl_rc ipl_parse_priv(const char *value, int *priv, ipl_status *st);
ipl_rc ipl_parse_reset_method(const char *value, enum ipl_reset_method *m,
			      ipl_status *st);
ipl_rc ipl_parse_iface(const char *value, enum ipl_iface *iface,
		       ipl_status *st);
ipl_rc ipl_parse_bool(const char *param, const char *value, bool *out,
		      ipl_status *st);

/* Decimal integer in [min, max]; no sign, no leading zero, no garbage. */
ipl_rc ipl_parse_uint(const char *param, const char *value, unsigned int min,
		      unsigned int max, unsigned int *out, ipl_status *st);
/* Seconds with up to three decimals ("2", "0.5") into milliseconds. */
ipl_rc ipl_parse_seconds(const char *param, const char *value,
			 unsigned int min_ms, unsigned int max_ms,
			 unsigned int *out_ms, ipl_status *st);
/* "0x" followed by 2..40 hex digits, or 1..20 bytes of text, into kg (room
 * for IPL_MAX_KG bytes).  The value is never shown. */
ipl_rc ipl_parse_kg(const char *value, unsigned char *kg, size_t *len,
		    ipl_status *st);

/* Node names separated by spaces or commas, lowercased, duplicates
 * dropped, into a NULL-terminated vector (*hosts, g_strfreev). */
ipl_rc ipl_parse_hosts(const char *value, char ***hosts, ipl_status *st);
/* A host name or address ([brackets] around IPv6 dropped), g_free. */
ipl_rc ipl_parse_ipaddr(const char *value, char **ipaddr, ipl_status *st);
/* 1..16 bytes without control characters, into login (IPL_MAX_LOGIN+1). */
ipl_rc ipl_parse_login(const char *value, char *login, ipl_status *st);
/* 0..20 bytes into password (IPL_MAX_PASSWORD+1); never shown. */
ipl_rc ipl_parse_password(const char *value, char *password, size_t *len,
			  ipl_status *st);

/* Canonical words, for messages ("md5", "operator", ...). */
const char *ipl_auth_name(int auth);
const char *ipl_priv_name(int priv);
const char *ipl_reset_method_name(enum ipl_reset_method m);
const char *ipl_iface_name(enum ipl_iface iface);

#endif
