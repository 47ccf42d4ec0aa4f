/*
 * engine/cipher.h - RMCP+ cipher suites: which ones the engine can run, the
 * OpenIPMI algorithm numbers of each, and the parser of the cipher
 * parameter.  Pure data and functions.
 */
#ifndef IPL_ENGINE_CIPHER_H
#define IPL_ENGINE_CIPHER_H

#include "engine/result.h"

/* The suites the cipher parameter accepts, as the messages name them. */
#define IPL_CIPHER_LIST "1, 2, 3, 6, 7, 8, 11 or 12"
#define IPL_CIPHER_ALLOWED \
	"use " IPL_CIPHER_LIST " (0 only with allow_insecure_cipher0=true)"

/* RMCP+ cipher suite -> OpenIPMI algorithm numbers. */
struct ipl_cipher_suite {
	int suite;
	unsigned int auth_alg;   /* IPMI_LANP_AUTHENTICATION_ALGORITHM_*     */
	unsigned int integ_alg;  /* IPMI_LANP_INTEGRITY_ALGORITHM_*          */
	unsigned int conf_alg;   /* IPMI_LANP_CONFIDENTIALITY_ALGORITHM_*    */
};

/* The suite's algorithms, or NULL when the engine cannot run that suite. */
const struct ipl_cipher_suite *ipl_cipher_lookup(int suite);

/*
 * The cipher parameter: a suite number the engine can run (0 included:
 * whether suite 0 is allowed is the configuration's cross-check).  Refuses
 * with IPL_ERR_CONFIG and a message naming the value and the reason.
 */
ipl_rc ipl_parse_cipher(const char *value, int *suite, ipl_status *st);

#endif
