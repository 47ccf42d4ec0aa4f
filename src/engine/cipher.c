/*
 * cipher.c - the RMCP+ cipher suites the engine runs, as OpenIPMI
 * algorithm numbers, and the cipher parameter's parser.
 */
#include "config.h"

#include <glib.h>
#include <OpenIPMI/ipmi_lan.h>

#include "engine/cipher.h"
#include "engine/parse.h"
#include "engine/text.h"

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

/* Suite 0 is accepted here; whether it is allowed is a cross-check. */
ipl_rc
ipl_parse_cipher(const char *value, int *suite, ipl_status *st)
{
	unsigned int v = 0;
	struct ipl_quoted q;

	if (ipl_parse_uint("cipher", value, 0, 255, &v, NULL) != IPL_OK) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s is not a cipher suite; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value));
	}
	if (ipl_cipher_lookup((int)v) != NULL) {
		*suite = (int)v;
		return IPL_OK;
	}
	switch (v) {
	case 4: case 5: case 9: case 10: case 13: case 14:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s uses xRC4 encryption, which OpenIPMI "
				"does not implement; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value));
	case 15: case 16: case 17:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s: SHA-256 suites are not supported by "
				"OpenIPMI; " IPL_CIPHER_ALLOWED, ipl_quote(&q, value));
	default:
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: %s is not a cipher suite; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value));
	}
}

