/*
 * cipher.c - the RMCP+ cipher suites the engine runs, as OpenIPMI
 * algorithm numbers, and the cipher parameter's parser.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <OpenIPMI/ipmi_lan.h>

#include "engine/cipher.h"
#include "engine/parse.h"
#include "engine/rmcpp_sha256.h"
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
	/* 15 to 17: the engine's own algorithms (engine/sha256_algs.h), as
	 * the IPMI 2.0 errata define the suites: 16 is HMAC-SHA256-128
	 * without encryption (not xRC4). */
	{ 15, IPL_SHA256_AUTH_ALG,
	      IPMI_LANP_INTEGRITY_ALGORITHM_NONE,
	      IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 16, IPL_SHA256_AUTH_ALG, IPL_SHA256_INTEG_ALG,
	      IPMI_LANP_CONFIDENTIALITY_ALGORITHM_NONE },
	{ 17, IPL_SHA256_AUTH_ALG, IPL_SHA256_INTEG_ALG,
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

/*
 * One suite number tok of value (the whole parameter, for the message).
 * Suite 0 is accepted here; whether it is allowed is a cross-check.
 */
static ipl_rc
parse_one(const char *tok, const char *value, int *suite, ipl_status *st)
{
	unsigned int v = 0;
	struct ipl_quoted q, qt;

	if (ipl_parse_uint("cipher", tok, 0, 255, &v, NULL) != IPL_OK) {
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s: %s is not a "
				"cipher suite; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value), ipl_quote(&qt, tok));
	}
	if (ipl_cipher_lookup((int)v) != NULL) {
		*suite = (int)v;
		return IPL_OK;
	}
	switch (v) {
	case 4: case 5: case 9: case 10: case 13: case 14:
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s: suite %u uses "
				"xRC4 encryption, which OpenIPMI does not "
				"implement; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value), v);
	default:
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s: %u is not a "
				"cipher suite; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value), v);
	}
}

/* Add suite to c: distinct, at most IPL_CIPHER_MAX, 0 only alone. */
static ipl_rc
add_suite(struct ipl_cipher_choice *c, int suite, const char *value,
	  ipl_status *st)
{
	struct ipl_quoted q;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (c->suites[i] == suite) {
			return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s names "
					"suite %d twice; " IPL_CIPHER_ALLOWED,
					ipl_quote(&q, value), suite);
		}
	}
	if (c->n == IPL_CIPHER_MAX) {
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s names more "
				"than %d suites; " IPL_CIPHER_ALLOWED,
				ipl_quote(&q, value), IPL_CIPHER_MAX);
	}
	c->suites[c->n++] = suite;
	if (c->n > 1 && (c->suites[0] == 0 || suite == 0)) {
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s: suite 0 "
				"(no authentication) cannot be a fallback; "
				IPL_CIPHER_ALLOWED, ipl_quote(&q, value));
	}
	return IPL_OK;
}

ipl_rc
ipl_parse_cipher(const char *value, struct ipl_cipher_choice *out,
		 ipl_status *st)
{
	struct ipl_cipher_choice c;
	char buf[64];
	char *tok, *next;
	struct ipl_quoted q;
	int suite = 0;

	memset(&c, 0, sizeof(c));
	if (g_ascii_strcasecmp(value, "auto") == 0) {
		c.suites[0] = IPL_CIPHER_AUTO_FIRST;
		c.suites[1] = IPL_CIPHER_AUTO_THEN;
		c.n = 2;
		c.is_auto = true;
		*out = c;
		return IPL_OK;
	}
	if (g_strlcpy(buf, value, sizeof(buf)) >= sizeof(buf)) {
		return ipl_fail(st, IPL_ERR_CONFIG, "cipher: %s is too long; "
				IPL_CIPHER_ALLOWED, ipl_quote(&q, value));
	}
	for (tok = buf; tok != NULL; tok = next) {
		next = strchr(tok, ',');
		if (next != NULL) {
			*next++ = '\0';
		}
		if (parse_one(tok, value, &suite, st) != IPL_OK
		    || add_suite(&c, suite, value, st) != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
	}
	*out = c;
	return IPL_OK;
}

const char *
ipl_cipher_text(const struct ipl_cipher_choice *c, char *buf, size_t len)
{
	size_t at = 0;
	unsigned int i;

	buf[0] = '\0';
	if (c->is_auto) {
		g_strlcpy(buf, "auto", len);
		return buf;
	}
	for (i = 0; i < c->n && at < len; i++) {
		at += (size_t)snprintf(buf + at, len - at, "%s%d",
				       i > 0 ? "," : "", c->suites[i]);
	}
	return buf;
}

bool
ipl_cipher_is_zero(const struct ipl_cipher_choice *c)
{
	return c->n == 1 && c->suites[0] == 0;
}
