/*
 * rmcpp_sha256.h - RAKP-HMAC-SHA256 (authentication algorithm 03h) and
 * HMAC-SHA256-128 (integrity algorithm 04h) for OpenIPMI 2.0.33, which
 * registers only the SHA-1 and MD5 RMCP+ algorithms.  With these two
 * registered, cipher suites 15 (03h, no integrity, no confidentiality),
 * 16 (03h/04h, none) and 17 (03h/04h/AES-CBC-128, OpenIPMI's own AES code)
 * work (IPMI 2.0 errata table 22-20, as ipmitool's lanplus has them).
 *
 * Two layers:
 *  - here, pure functions (key derivation, RAKP codes, the RAKP 4 ICV,
 *    message checks, integrity pad/add/check) that need only an
 *    HMAC-SHA256, given as OpenSSL 3's EVP_Q_mac in struct
 *    ipl_sha256_crypto.  They touch no OpenIPMI state and are unit-tested
 *    without it.
 *  - engine/sha256_algs.h: the OpenIPMI algorithms, registered by
 *    ipl_sha256_register() with a table of OpenIPMI and libcrypto functions
 *    that the loader looked up in the dlopen(RTLD_DEEPBIND) handle of
 *    libOpenIPMI.
 *
 * Why a table: libcrypto must be reached through libOpenIPMI's own
 * dependency scope, never through the host's global scope, where
 * cluster-glue's libplumb exports an MD5-only HMAC().  The plugin does not
 * link libcrypto and calls no symbol named HMAC.
 *
 * Sizes (IPMI 2.0 cipher suite 17): RAKP 2 and RAKP 3 codes, SIK, K1 and K2
 * are 32 bytes; the RAKP 4 ICV and the session AuthCode are the first 16
 * bytes of their HMAC.  K1 and K2 are HMAC(SIK, twenty 01h / 02h bytes).
 * Kuid is the password zero-padded to 20 bytes; K_g, when set, replaces it
 * as the key of the SIK.
 */
#ifndef IPL_RMCPP_SHA256_H
#define IPL_RMCPP_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPL_SHA256_AUTH_ALG   0x03u /* RAKP-HMAC-SHA256                   */
#define IPL_SHA256_INTEG_ALG  0x04u /* HMAC-SHA256-128                    */
#define IPL_SHA256_LEN        32u   /* SHA-256 output, SIK, K1, K2        */
#define IPL_SHA256_TRUNC_LEN  16u   /* RAKP 4 ICV and session AuthCode    */
#define IPL_SHA256_SECRET_LEN 20u   /* Kuid and K_g (zero-padded)         */
#define IPL_SHA256_NAME_MAX   16u   /* user name                          */
#define IPL_SHA256_RAND_LEN   16u   /* Rm, Rc and the BMC's GUID          */

/* Exact lengths of the BMC's messages with status 0 (RMCP+ payloads). */
#define IPL_SHA256_RAKP2_LEN  (40u + IPL_SHA256_LEN)
#define IPL_SHA256_RAKP4_LEN  (8u + IPL_SHA256_TRUNC_LEN)
/* Longest RAKP 1 and the RAKP 3 this module builds. */
#define IPL_SHA256_RAKP1_MAX  (28u + IPL_SHA256_NAME_MAX)
#define IPL_SHA256_RAKP3_LEN  (8u + IPL_SHA256_LEN)

/* OpenSSL 3's EVP_Q_mac; the struct tags are OpenSSL's own. */
struct ossl_lib_ctx_st;
struct ossl_param_st;
typedef unsigned char *(*ipl_evp_q_mac_fn)(struct ossl_lib_ctx_st *libctx,
					   const char *name, const char *propq,
					   const char *subalg,
					   const struct ossl_param_st *params,
					   const void *key, size_t keylen,
					   const unsigned char *data,
					   size_t datalen, unsigned char *out,
					   size_t outsize, size_t *outlen);

struct ipl_sha256_crypto {
	ipl_evp_q_mac_fn q_mac;
};

/* What a check of a BMC message or a computation found. */
enum ipl_sha256_rc {
	IPL_SHA256_OK = 0,
	IPL_SHA256_E_IPMI,    /* a 1-byte answer: OpenIPMI's completion code
			       * (0xC3 after the last retry)              */
	IPL_SHA256_E_STATUS,  /* the BMC answered with an RMCP+ status    */
	IPL_SHA256_E_LENGTH,  /* a length that is not the suite's         */
	IPL_SHA256_E_SESSION, /* not our session ID                       */
	IPL_SHA256_E_AUTH,    /* a code or ICV that does not match        */
	IPL_SHA256_E_CRYPTO,  /* the HMAC itself failed                   */
};

/* Everything the RAKP HMACs cover; IDs as numbers, sent little-endian. */
struct ipl_rakp_params {
	uint32_t sid_m;                        /* console's session ID  */
	uint32_t sid_c;                        /* BMC's session ID      */
	uint8_t rm[IPL_SHA256_RAND_LEN];       /* console's random      */
	uint8_t rc[IPL_SHA256_RAND_LEN];       /* BMC's random          */
	uint8_t guid_c[IPL_SHA256_RAND_LEN];   /* BMC's GUID            */
	uint8_t role;                          /* whole RAKP 1 byte     */
	uint8_t ulen;                          /* <= 16                 */
	uint8_t uname[IPL_SHA256_NAME_MAX];
	uint8_t kuid[IPL_SHA256_SECRET_LEN];   /* RAKP 2/3 key          */
	uint8_t kg[IPL_SHA256_SECRET_LEN];     /* SIK key (= kuid when no K_g) */
};

struct ipl_sha256_keys {
	uint8_t sik[IPL_SHA256_LEN];
	uint8_t k1[IPL_SHA256_LEN];
	uint8_t k2[IPL_SHA256_LEN];
};

/* ---- pure functions ------------------------------------------------ */

/* out = HMAC-SHA256(key, data); false when libcrypto fails. */
bool ipl_sha256_hmac(const struct ipl_sha256_crypto *c, const uint8_t *key,
		     size_t key_len, const uint8_t *data, size_t len,
		     uint8_t out[IPL_SHA256_LEN]);

/*
 * One throw-away HMAC through c's libcrypto, for its side effect: OpenSSL
 * 3 sets itself up (configuration, default provider: milliseconds of CPU)
 * on its first MAC or digest in a process, whoever asks, OpenIPMI's own
 * SHA-1 RAKP included.  The engine calls it while the first datagrams of an
 * RMCP+ connection attempt are in flight, so that the set-up overlaps the
 * round trips instead of delaying the RAKP 2 check; never for IPMI 1.5,
 * which does not use libcrypto (OpenIPMI's own MD5).  No-op without q_mac.
 */
void ipl_sha256_warm_up(const struct ipl_sha256_crypto *c);

/* Zero-pad secret (len <= 20) into out; false (out zeroed) when longer. */
bool ipl_sha256_secret20(const uint8_t *secret, size_t len,
			 uint8_t out[IPL_SHA256_SECRET_LEN]);

/* The RAKP 2 key exchange auth code the BMC must send (HMAC with Kuid). */
bool ipl_sha256_rakp2_code(const struct ipl_sha256_crypto *c,
			   const struct ipl_rakp_params *p,
			   uint8_t out[IPL_SHA256_LEN]);

/* The RAKP 3 key exchange auth code the console sends (HMAC with Kuid). */
bool ipl_sha256_rakp3_code(const struct ipl_sha256_crypto *c,
			   const struct ipl_rakp_params *p,
			   uint8_t out[IPL_SHA256_LEN]);

/* SIK (keyed with K_g), K1 and K2; on failure *k is wiped. */
bool ipl_sha256_session_keys(const struct ipl_sha256_crypto *c,
			     const struct ipl_rakp_params *p,
			     struct ipl_sha256_keys *k);

/* The RAKP 4 integrity check value the BMC must send (16 bytes). */
bool ipl_sha256_rakp4_icv(const struct ipl_sha256_crypto *c,
			  const struct ipl_rakp_params *p,
			  const uint8_t sik[IPL_SHA256_LEN],
			  uint8_t out[IPL_SHA256_TRUNC_LEN]);

/* Session AuthCode: the first 16 bytes of HMAC-SHA256(K1 (32), data). */
bool ipl_sha256_authcode(const struct ipl_sha256_crypto *c,
			 const uint8_t k1[IPL_SHA256_LEN], const uint8_t *data,
			 size_t len, uint8_t out[IPL_SHA256_TRUNC_LEN]);

/* RAKP 1 for p (tag in byte 0) into out; returns its length. */
size_t ipl_sha256_rakp1_build(const struct ipl_rakp_params *p, uint8_t tag,
			      uint8_t out[IPL_SHA256_RAKP1_MAX]);

/*
 * Check a RAKP 2 answer (msg, len as OpenIPMI delivers it) for p->sid_m,
 * copy Rc and the GUID into p and verify the auth code.  *code gets the
 * completion code (E_IPMI) or RMCP+ status (E_STATUS), else 0.
 */
enum ipl_sha256_rc ipl_sha256_rakp2_check(const struct ipl_sha256_crypto *c,
					  const uint8_t *msg, size_t len,
					  struct ipl_rakp_params *p,
					  unsigned int *code);

/* RAKP 3 with status (0: with the auth code) into out; returns its length,
 * 0 when the HMAC failed. */
size_t ipl_sha256_rakp3_build(const struct ipl_sha256_crypto *c,
			      const struct ipl_rakp_params *p, uint8_t tag,
			      uint8_t status,
			      uint8_t out[IPL_SHA256_RAKP3_LEN]);

/* Check a RAKP 4 answer against p and sik; *code as for RAKP 2. */
enum ipl_sha256_rc ipl_sha256_rakp4_check(const struct ipl_sha256_crypto *c,
					  const uint8_t *msg, size_t len,
					  const struct ipl_rakp_params *p,
					  const uint8_t sik[IPL_SHA256_LEN],
					  unsigned int *code);

/*
 * Integrity on a whole RMCP packet (pkt starts at the RMCP header; the
 * AuthCode covers pkt[4] .. Next Header), as OpenIPMI's integ_pad,
 * integ_add and integ_check callbacks see it.  Each returns 0, E2BIG when
 * max is too small, or EINVAL (bad length, bad AuthCode, HMAC failure).
 *  pad:   FFh bytes and the pad length, so that the part before the
 *         AuthCode ends on a multiple of 4.
 *  add:   Next Header (07h) and the 16-byte AuthCode.
 *  check: len covers the packet up to the pad length byte; total the whole
 *         packet, which must hold exactly the Next Header and AuthCode more.
 */
int ipl_sha256_integ_pad(uint8_t *pkt, unsigned int *len, unsigned int max);
int ipl_sha256_integ_add(const struct ipl_sha256_crypto *c,
			 const uint8_t k1[IPL_SHA256_LEN], uint8_t *pkt,
			 unsigned int *len, unsigned int max);
int ipl_sha256_integ_check(const struct ipl_sha256_crypto *c,
			   const uint8_t k1[IPL_SHA256_LEN], const uint8_t *pkt,
			   unsigned int len, unsigned int total);

#endif
