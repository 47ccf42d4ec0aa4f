/*
 * rmcpp_sha256.c - the pure half of RAKP-HMAC-SHA256 and HMAC-SHA256-128
 * (engine/rmcpp_sha256.h): keys, codes, message checks and integrity over
 * an HMAC-SHA256 that the caller hands in.
 */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rmcpp_sha256.h"

/* ------------------------------------------------------------------ */
/* Byte helpers                                                       */

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
		| (uint32_t)p[3] << 24;
}

/* Compare n bytes in time that does not depend on where they differ. */
static bool
same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		diff |= (uint8_t)(a[i] ^ b[i]);
	}
	return diff == 0;
}

/* ------------------------------------------------------------------ */
/* Pure functions                                                     */

bool
ipl_sha256_hmac(const struct ipl_sha256_crypto *c, const uint8_t *key,
		size_t key_len, const uint8_t *data, size_t len,
		uint8_t out[IPL_SHA256_LEN])
{
	size_t got = 0;

	if (c != NULL && c->q_mac != NULL
	    && c->q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, key_len,
			data, len, out, IPL_SHA256_LEN, &got) != NULL
	    && got == IPL_SHA256_LEN) {
		return true;
	}
	explicit_bzero(out, IPL_SHA256_LEN);
	return false;
}

void
ipl_sha256_warm_up(const struct ipl_sha256_crypto *c)
{
	static const uint8_t nothing[1];
	uint8_t out[IPL_SHA256_LEN];

	if (c != NULL && c->q_mac != NULL) {
		(void)ipl_sha256_hmac(c, nothing, sizeof(nothing), nothing,
				      sizeof(nothing), out);
	}
}

bool
ipl_sha256_secret20(const uint8_t *secret, size_t len,
		    uint8_t out[IPL_SHA256_SECRET_LEN])
{
	memset(out, 0, IPL_SHA256_SECRET_LEN);
	if (len > IPL_SHA256_SECRET_LEN || (len > 0 && secret == NULL)) {
		return false;
	}
	if (len > 0) {
		memcpy(out, secret, len);
	}
	return true;
}

/* Append ROLE, ULEN and UNAME at buf + at; returns the new length. */
static size_t
put_role_name(uint8_t *buf, size_t at, const struct ipl_rakp_params *p)
{
	buf[at++] = p->role;
	buf[at++] = p->ulen;
	memcpy(buf + at, p->uname, p->ulen);
	return at + p->ulen;
}

/*
 * HMAC-SHA256 with K_UID over in[0..at) followed by ROLE ULEN UNAME (in
 * has room for the longest name after at) into out; in is wiped.  False,
 * out wiped, when the name is too long.
 */
static bool
uid_code(const struct ipl_sha256_crypto *c, const struct ipl_rakp_params *p,
	 uint8_t *in, size_t in_size, size_t at, uint8_t out[IPL_SHA256_LEN])
{
	bool ok = false;

	if (p->ulen <= IPL_SHA256_NAME_MAX) {
		ok = ipl_sha256_hmac(c, p->kuid, IPL_SHA256_SECRET_LEN, in,
				     put_role_name(in, at, p), out);
	} else {
		explicit_bzero(out, IPL_SHA256_LEN);
	}
	explicit_bzero(in, in_size);
	return ok;
}

bool
ipl_sha256_rakp2_code(const struct ipl_sha256_crypto *c,
		      const struct ipl_rakp_params *p,
		      uint8_t out[IPL_SHA256_LEN])
{
	/* SIDm SIDc Rm Rc GUIDc ROLE ULEN UNAME */
	uint8_t in[58 + IPL_SHA256_NAME_MAX];

	put_le32(in, p->sid_m);
	put_le32(in + 4, p->sid_c);
	memcpy(in + 8, p->rm, IPL_SHA256_RAND_LEN);
	memcpy(in + 24, p->rc, IPL_SHA256_RAND_LEN);
	memcpy(in + 40, p->guid_c, IPL_SHA256_RAND_LEN);
	return uid_code(c, p, in, sizeof(in), 56, out);
}

bool
ipl_sha256_rakp3_code(const struct ipl_sha256_crypto *c,
		      const struct ipl_rakp_params *p,
		      uint8_t out[IPL_SHA256_LEN])
{
	/* Rc SIDm ROLE ULEN UNAME */
	uint8_t in[22 + IPL_SHA256_NAME_MAX];

	memcpy(in, p->rc, IPL_SHA256_RAND_LEN);
	put_le32(in + 16, p->sid_m);
	return uid_code(c, p, in, sizeof(in), 20, out);
}

bool
ipl_sha256_session_keys(const struct ipl_sha256_crypto *c,
			const struct ipl_rakp_params *p,
			struct ipl_sha256_keys *k)
{
	/* SIK input: Rm Rc ROLE ULEN UNAME; K1/K2 input: 20 x 01h / 02h. */
	uint8_t in[34 + IPL_SHA256_NAME_MAX];
	uint8_t c1[IPL_SHA256_SECRET_LEN];
	uint8_t c2[IPL_SHA256_SECRET_LEN];
	size_t n;
	bool ok = false;

	if (p->ulen <= IPL_SHA256_NAME_MAX) {
		memcpy(in, p->rm, IPL_SHA256_RAND_LEN);
		memcpy(in + 16, p->rc, IPL_SHA256_RAND_LEN);
		n = put_role_name(in, 32, p);
		memset(c1, 0x01, sizeof(c1));
		memset(c2, 0x02, sizeof(c2));
		ok = ipl_sha256_hmac(c, p->kg, IPL_SHA256_SECRET_LEN, in, n,
				     k->sik)
			&& ipl_sha256_hmac(c, k->sik, IPL_SHA256_LEN, c1,
					   sizeof(c1), k->k1)
			&& ipl_sha256_hmac(c, k->sik, IPL_SHA256_LEN, c2,
					   sizeof(c2), k->k2);
		explicit_bzero(in, sizeof(in));
	}
	if (!ok) {
		explicit_bzero(k, sizeof(*k));
	}
	return ok;
}

bool
ipl_sha256_rakp4_icv(const struct ipl_sha256_crypto *c,
		     const struct ipl_rakp_params *p,
		     const uint8_t sik[IPL_SHA256_LEN],
		     uint8_t out[IPL_SHA256_TRUNC_LEN])
{
	/* Rm SIDc GUIDc */
	uint8_t in[36];
	uint8_t full[IPL_SHA256_LEN];
	bool ok;

	memcpy(in, p->rm, IPL_SHA256_RAND_LEN);
	put_le32(in + 16, p->sid_c);
	memcpy(in + 20, p->guid_c, IPL_SHA256_RAND_LEN);
	ok = ipl_sha256_hmac(c, sik, IPL_SHA256_LEN, in, sizeof(in), full);
	memcpy(out, full, IPL_SHA256_TRUNC_LEN);
	explicit_bzero(full, sizeof(full));
	return ok;
}

bool
ipl_sha256_authcode(const struct ipl_sha256_crypto *c,
		    const uint8_t k1[IPL_SHA256_LEN], const uint8_t *data,
		    size_t len, uint8_t out[IPL_SHA256_TRUNC_LEN])
{
	uint8_t full[IPL_SHA256_LEN];
	bool ok;

	ok = ipl_sha256_hmac(c, k1, IPL_SHA256_LEN, data, len, full);
	memcpy(out, full, IPL_SHA256_TRUNC_LEN);
	explicit_bzero(full, sizeof(full));
	return ok;
}

size_t
ipl_sha256_rakp1_build(const struct ipl_rakp_params *p, uint8_t tag,
		       uint8_t out[IPL_SHA256_RAKP1_MAX])
{
	if (p->ulen > IPL_SHA256_NAME_MAX) {
		return 0;
	}
	memset(out, 0, IPL_SHA256_RAKP1_MAX);
	out[0] = tag;
	put_le32(out + 4, p->sid_c);
	memcpy(out + 8, p->rm, IPL_SHA256_RAND_LEN);
	out[24] = p->role;
	out[27] = p->ulen;
	memcpy(out + 28, p->uname, p->ulen);
	return 28u + p->ulen;
}

/*
 * The checks every BMC answer gets before its own: a 1-byte answer is
 * OpenIPMI's completion code, byte 1 the RMCP+ status, then the exact
 * length and our session ID in bytes 4..7.
 */
static enum ipl_sha256_rc
answer_check(const uint8_t *msg, size_t len, size_t want, uint32_t sid_m,
	     unsigned int *code)
{
	*code = 0;
	if (msg == NULL || len == 0) {
		return IPL_SHA256_E_LENGTH;
	}
	if (len == 1) {
		*code = msg[0];
		return IPL_SHA256_E_IPMI;
	}
	if (msg[1] != 0) {
		*code = msg[1];
		return IPL_SHA256_E_STATUS;
	}
	if (len != want) {
		return IPL_SHA256_E_LENGTH;
	}
	if (get_le32(msg + 4) != sid_m) {
		return IPL_SHA256_E_SESSION;
	}
	return IPL_SHA256_OK;
}

/* IPL_SHA256_OK when the n bytes at got equal want (which is wiped), else
 * IPL_SHA256_E_AUTH. */
static enum ipl_sha256_rc
code_matches(uint8_t *want, const uint8_t *got, size_t n)
{
	enum ipl_sha256_rc rc = same_bytes(want, got, n) ? IPL_SHA256_OK
		: IPL_SHA256_E_AUTH;

	explicit_bzero(want, n);
	return rc;
}

enum ipl_sha256_rc
ipl_sha256_rakp2_check(const struct ipl_sha256_crypto *c, const uint8_t *msg,
		       size_t len, struct ipl_rakp_params *p,
		       unsigned int *code)
{
	uint8_t want[IPL_SHA256_LEN];
	enum ipl_sha256_rc rc;

	rc = answer_check(msg, len, IPL_SHA256_RAKP2_LEN, p->sid_m, code);
	if (rc != IPL_SHA256_OK) {
		return rc;
	}
	memcpy(p->rc, msg + 8, IPL_SHA256_RAND_LEN);
	memcpy(p->guid_c, msg + 24, IPL_SHA256_RAND_LEN);
	if (!ipl_sha256_rakp2_code(c, p, want)) {
		return IPL_SHA256_E_CRYPTO;
	}
	return code_matches(want, msg + 40, IPL_SHA256_LEN);
}

size_t
ipl_sha256_rakp3_build(const struct ipl_sha256_crypto *c,
		       const struct ipl_rakp_params *p, uint8_t tag,
		       uint8_t status, uint8_t out[IPL_SHA256_RAKP3_LEN])
{
	memset(out, 0, IPL_SHA256_RAKP3_LEN);
	out[0] = tag;
	out[1] = status;
	put_le32(out + 4, p->sid_c);
	if (status != 0) {
		return 8;
	}
	if (!ipl_sha256_rakp3_code(c, p, out + 8)) {
		return 0;
	}
	return IPL_SHA256_RAKP3_LEN;
}

enum ipl_sha256_rc
ipl_sha256_rakp4_check(const struct ipl_sha256_crypto *c, const uint8_t *msg,
		       size_t len, const struct ipl_rakp_params *p,
		       const uint8_t sik[IPL_SHA256_LEN], unsigned int *code)
{
	uint8_t want[IPL_SHA256_TRUNC_LEN];
	enum ipl_sha256_rc rc;

	rc = answer_check(msg, len, IPL_SHA256_RAKP4_LEN, p->sid_m, code);
	if (rc != IPL_SHA256_OK) {
		return rc;
	}
	if (!ipl_sha256_rakp4_icv(c, p, sik, want)) {
		return IPL_SHA256_E_CRYPTO;
	}
	return code_matches(want, msg + 8, IPL_SHA256_TRUNC_LEN);
}

int
ipl_sha256_integ_pad(uint8_t *pkt, unsigned int *len, unsigned int max)
{
	unsigned int l = *len;
	uint8_t count = 0;

	if (l > max) {
		return E2BIG;
	}
	/* The pad length and Next Header bytes follow; together they end
	 * on a multiple of 4 (the 4-byte RMCP header keeps the alignment). */
	while ((l + 2u) % 4u != 0) {
		if (l == max) {
			return E2BIG;
		}
		pkt[l++] = 0xff;
		count++;
	}
	if (l == max) {
		return E2BIG;
	}
	pkt[l++] = count;
	*len = l;
	return 0;
}

int
ipl_sha256_integ_add(const struct ipl_sha256_crypto *c,
		     const uint8_t k1[IPL_SHA256_LEN], uint8_t *pkt,
		     unsigned int *len, unsigned int max)
{
	unsigned int l = *len;

	if (l < 4 || l > max || max - l < 1u + IPL_SHA256_TRUNC_LEN) {
		return E2BIG;
	}
	pkt[l++] = 0x07; /* Next Header */
	if (!ipl_sha256_authcode(c, k1, pkt + 4, l - 4u, pkt + l)) {
		return EINVAL;
	}
	*len = l + IPL_SHA256_TRUNC_LEN;
	return 0;
}

int
ipl_sha256_integ_check(const struct ipl_sha256_crypto *c,
		       const uint8_t k1[IPL_SHA256_LEN], const uint8_t *pkt,
		       unsigned int len, unsigned int total)
{
	uint8_t want[IPL_SHA256_TRUNC_LEN];
	int rv;

	if (pkt == NULL || len < 5 || total < len
	    || total - len != 1u + IPL_SHA256_TRUNC_LEN) {
		return EINVAL;
	}
	/* Covered: from pkt[4] through the Next Header byte at pkt[len]. */
	if (!ipl_sha256_authcode(c, k1, pkt + 4, len - 3u, want)) {
		return EINVAL;
	}
	rv = same_bytes(want, pkt + len + 1, IPL_SHA256_TRUNC_LEN) ? 0
		: EINVAL;
	explicit_bzero(want, sizeof(want));
	return rv;
}
