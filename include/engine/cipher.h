/*
 * engine/cipher.h - RMCP+ cipher suites: which ones the engine can run, the
 * OpenIPMI algorithm numbers of each, and the parser of the cipher
 * parameter (auto, one suite, or an ordered list to try).  Pure data and
 * functions.
 */
#ifndef IPL_ENGINE_CIPHER_H
#define IPL_ENGINE_CIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include "engine/result.h"

/* The suites the cipher parameter accepts, as the messages name them. */
#define IPL_CIPHER_LIST "1, 2, 3, 6, 7, 8, 11, 12, 15, 16 or 17"
#define IPL_CIPHER_ALLOWED \
	"use auto, one of " IPL_CIPHER_LIST ", or several of them in the " \
	"order to try, separated by commas (0 only alone and with " \
	"allow_insecure_cipher0=true)"
/* What cipher=auto tries, in order: the strongest suite first, then the
 * one nearly every BMC has (README "Cipher suites"). */
#define IPL_CIPHER_AUTO_FIRST 17
#define IPL_CIPHER_AUTO_THEN  3
/* Most suites one cipher value may list. */
#define IPL_CIPHER_MAX 6

/* RMCP+ cipher suite -> OpenIPMI algorithm numbers. */
struct ipl_cipher_suite {
	int suite;
	unsigned int auth_alg;   /* IPMI_LANP_AUTHENTICATION_ALGORITHM_*     */
	unsigned int integ_alg;  /* IPMI_LANP_INTEGRITY_ALGORITHM_*          */
	unsigned int conf_alg;   /* IPMI_LANP_CONFIDENTIALITY_ALGORITHM_*    */
};

/*
 * The suites a session may use, in the order they are proposed.  The
 * engine moves to the next only when the BMC explicitly refuses the
 * algorithms of one (RMCP+ status 04h, 05h, 10h or 11h), never after
 * silence, and never to a suite that is not listed.
 */
struct ipl_cipher_choice {
	int suites[IPL_CIPHER_MAX];
	unsigned int n;          /* >= 1 once parsed                         */
	bool is_auto;            /* written as "auto"                        */
};

/* The suite's algorithms, or NULL when the engine cannot run that suite. */
const struct ipl_cipher_suite *ipl_cipher_lookup(int suite);

/*
 * The cipher parameter: "auto" (17, then 3), one suite number the engine
 * can run (0 included: whether suite 0 is allowed is the configuration's
 * cross-check), or a comma-separated list of distinct such suites without
 * 0.  Refuses with IPL_ERR_CONFIG and a message naming the value and the
 * reason; *c is untouched then.
 */
ipl_rc ipl_parse_cipher(const char *value, struct ipl_cipher_choice *c,
			ipl_status *st);

/* c as the parameter's canonical text ("auto", "17,3"), into buf. */
const char *ipl_cipher_text(const struct ipl_cipher_choice *c, char *buf,
			    size_t len);

/* True when c is exactly suite 0 (the one suite without authentication). */
bool ipl_cipher_is_zero(const struct ipl_cipher_choice *c);

#endif
