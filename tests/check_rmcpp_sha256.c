/*
 * check_rmcpp_sha256.c - unit tests of the RAKP-HMAC-SHA256 and
 * HMAC-SHA256-128 code (src/engine/rmcpp_sha256.c).
 *
 * The expected values are computed while the test runs, by Python's
 * hashlib/hmac in tests/sha256_vectors.py, from the same inputs and the
 * IPMI 2.0 formulas; none is copied from this code's output.  libcrypto
 * is reached as the plugin reaches it: EVP_Q_mac through dlsym, here on
 * dlopen("libcrypto.so.3").  The registration tests use the installed
 * libOpenIPMI (loaded as the plugin loads it) and need no BMC.
 */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/sha256_algs.h"

#ifndef IPL_TEST_SRCDIR
#define IPL_TEST_SRCDIR "."
#endif

/* The fixed inputs (hex); the role has the name-only-lookup bit set. */
#define IN_SIDM "a1b2c3d4"
#define IN_SIDC "0badf00d"
#define IN_RM   "000102030405060708090a0b0c0d0e0f"
#define IN_RC   "f0e1d2c3b4a5968778695a4b3c2d1e0f"
#define IN_GUID "44454c4c300010108030b1c04f4e3332"
#define IN_ROLE "14"
#define IN_USER "61646d696e"                    /* "admin"            */
#define IN_PASS "73757065722d7365637265742070773f" /* 16 bytes        */
#define IN_KG   "4b672d30313233343536373839616263646566" /* 19 bytes  */
#define IN_TAG  "2a"
#define IN_HKEY "4a656665"                      /* RFC 4231 case 2    */
#define IN_HDATA "7768617420646f2079612077616e7420666f72206e6f7468696e673f"

/* Integrity bodies: session header (12 bytes) + 2..5 payload bytes, so
 * that the pad is 0, 3, 2 and 1 bytes. */
static const char *const bodies[] = {
	"06c0d4c3b2a10100000002000102",
	"06c0d4c3b2a1020000000300aabbcc",
	"06c0d4c3b2a10300000004000018c3d5",
	"06c0d4c3b2a1040000000500ff00ff00ff",
};
#define N_BODIES (sizeof(bodies) / sizeof(bodies[0]))

#define MAX_VECS 32
struct vec {
	char name[32];
	char *hex;
};
struct vecset {
	struct vec v[MAX_VECS];
	size_t n;
};

static struct vecset plain;   /* no K_g */
static struct vecset with_kg; /* K_g set */
static struct ipl_sha256_crypto crypto;
static void *libcrypto;

/* Decode hex into out; returns the length or -1. */
static int
unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int byte;

	while (*hex != '\0' && *hex != '\n') {
		if (n == max || sscanf(hex, "%2x", &byte) != 1) {
			return -1;
		}
		out[n++] = (uint8_t)byte;
		hex += 2;
	}
	return (int)n;
}

/* The expected value name of set into out; its length (asserted > 0). */
static size_t
expect(const struct vecset *set, const char *name, uint8_t *out, size_t max)
{
	size_t i;
	int n;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i].name, name) == 0) {
			n = unhex(set->v[i].hex, out, max);
			ck_assert_msg(n > 0, "bad vector %s", name);
			return (size_t)n;
		}
	}
	ck_abort_msg("no vector %s", name);
	return 0;
}

/* Write the inputs to a file for the Python helper. */
static void
write_inputs(FILE *f, bool kg)
{
	size_t i;

	fprintf(f, "sidm=%s\nsidc=%s\nrm=%s\nrc=%s\nguid=%s\nrole=%s\n",
		IN_SIDM, IN_SIDC, IN_RM, IN_RC, IN_GUID, IN_ROLE);
	fprintf(f, "uname=%s\npassword=%s\ntag=%s\nhkey=%s\nhdata=%s\n",
		IN_USER, IN_PASS, IN_TAG, IN_HKEY, IN_HDATA);
	if (kg) {
		fprintf(f, "kg=%s\n", IN_KG);
	}
	for (i = 0; i < N_BODIES; i++) {
		fprintf(f, "body%zu=%s\n", i, bodies[i]);
	}
}

/* Read "name=hex" lines from the helper into set; false on any error. */
static bool
read_vectors(FILE *p, struct vecset *set)
{
	char line[512];
	char *eq;

	while (fgets(line, sizeof(line), p) != NULL) {
		eq = strchr(line, '=');
		if (eq == NULL || set->n == MAX_VECS
		    || (size_t)(eq - line) >= sizeof(set->v[0].name)) {
			return false;
		}
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\n")] = '\0';
		memcpy(set->v[set->n].name, line, (size_t)(eq - line) + 1);
		set->v[set->n].hex = strdup(eq + 1);
		if (set->v[set->n].hex == NULL) {
			return false;
		}
		set->n++;
	}
	return set->n > 0;
}

/* Run the helper (inputs in a file: no secret on a command line). */
static bool
load_vectors(struct vecset *set, bool kg)
{
	char path[] = "/tmp/check_rmcpp_sha256.XXXXXX";
	char cmd[1024];
	const char *srcdir = getenv("srcdir");
	FILE *f;
	FILE *p;
	bool ok;
	int fd;

	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		return false;
	}
	write_inputs(f, kg);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/sha256_vectors.py' '%s'",
		 srcdir != NULL ? srcdir : IPL_TEST_SRCDIR, path);
	p = popen(cmd, "r");
	ok = p != NULL && read_vectors(p, set);
	if (p != NULL && pclose(p) != 0) {
		ok = false;
	}
	unlink(path);
	return ok;
}

static void
free_vectors(struct vecset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].hex);
	}
	set->n = 0;
}

/* The RAKP parameters of the fixed inputs, as the module fills them. */
static void
params(struct ipl_rakp_params *p, bool kg)
{
	uint8_t b[32];
	int n;

	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(unhex(IN_SIDM, b, 4), 4);
	p->sid_m = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16
		| (uint32_t)b[2] << 8 | b[3];
	ck_assert_int_eq(unhex(IN_SIDC, b, 4), 4);
	p->sid_c = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16
		| (uint32_t)b[2] << 8 | b[3];
	ck_assert_int_eq(unhex(IN_RM, p->rm, 16), 16);
	ck_assert_int_eq(unhex(IN_RC, p->rc, 16), 16);
	ck_assert_int_eq(unhex(IN_GUID, p->guid_c, 16), 16);
	ck_assert_int_eq(unhex(IN_ROLE, &p->role, 1), 1);
	n = unhex(IN_USER, p->uname, sizeof(p->uname));
	ck_assert_int_gt(n, 0);
	p->ulen = (uint8_t)n;
	n = unhex(IN_PASS, b, sizeof(b));
	ck_assert(ipl_sha256_secret20(b, (size_t)n, p->kuid));
	if (kg) {
		n = unhex(IN_KG, b, sizeof(b));
		ck_assert(ipl_sha256_secret20(b, (size_t)n, p->kg));
	} else {
		memcpy(p->kg, p->kuid, sizeof(p->kg));
	}
}

#define ck_assert_bytes(a, b, n) ck_assert_mem_eq((a), (b), (n))

START_TEST(test_hmac_matches_python)
{
	uint8_t key[8], data[64], want[32], got[32];
	int kl = unhex(IN_HKEY, key, sizeof(key));
	int dl = unhex(IN_HDATA, data, sizeof(data));

	ck_assert_uint_eq(expect(&plain, "hmac", want, sizeof(want)), 32);
	ck_assert(ipl_sha256_hmac(&crypto, key, (size_t)kl, data, (size_t)dl,
				  got));
	ck_assert_bytes(got, want, 32);
}
END_TEST

START_TEST(test_hmac_without_libcrypto_fails)
{
	const struct ipl_sha256_crypto none = { NULL };
	uint8_t out[32];

	memset(out, 0x5a, sizeof(out));
	ck_assert(!ipl_sha256_hmac(&none, (const uint8_t *)"k", 1,
				   (const uint8_t *)"d", 1, out));
	ck_assert_uint_eq(out[0] | out[31], 0);
}
END_TEST

START_TEST(test_secret20)
{
	uint8_t out[20];
	uint8_t zero[20] = { 0 };
	uint8_t s[21];

	memset(s, 'x', sizeof(s));
	ck_assert(ipl_sha256_secret20(s, 3, out));
	ck_assert_bytes(out, s, 3);
	ck_assert_bytes(out + 3, zero, 17);
	ck_assert(ipl_sha256_secret20(s, 20, out));
	ck_assert_bytes(out, s, 20);
	ck_assert(ipl_sha256_secret20(NULL, 0, out));
	ck_assert_bytes(out, zero, 20);
	ck_assert(!ipl_sha256_secret20(s, 21, out));
	ck_assert_bytes(out, zero, 20);
}
END_TEST

START_TEST(test_rakp_codes)
{
	struct ipl_rakp_params p;
	uint8_t want[32], got[32];

	params(&p, false);
	expect(&plain, "rakp2_code", want, sizeof(want));
	ck_assert(ipl_sha256_rakp2_code(&crypto, &p, got));
	ck_assert_bytes(got, want, 32);
	expect(&plain, "rakp3_code", want, sizeof(want));
	ck_assert(ipl_sha256_rakp3_code(&crypto, &p, got));
	ck_assert_bytes(got, want, 32);
	p.ulen = 17;
	ck_assert(!ipl_sha256_rakp2_code(&crypto, &p, got));
	ck_assert(!ipl_sha256_rakp3_code(&crypto, &p, got));
}
END_TEST

/* SIK, K1, K2 and the RAKP 4 ICV, without and with K_g. */
static void
check_keys(const struct vecset *set, bool kg)
{
	struct ipl_rakp_params p;
	struct ipl_sha256_keys k;
	uint8_t want[32], icv[16];

	params(&p, kg);
	ck_assert(ipl_sha256_session_keys(&crypto, &p, &k));
	ck_assert_uint_eq(expect(set, "sik", want, sizeof(want)), 32);
	ck_assert_bytes(k.sik, want, 32);
	expect(set, "k1", want, sizeof(want));
	ck_assert_bytes(k.k1, want, 32);
	expect(set, "k2", want, sizeof(want));
	ck_assert_bytes(k.k2, want, 32);
	ck_assert_uint_eq(expect(set, "rakp4_icv", want, sizeof(want)), 16);
	ck_assert(ipl_sha256_rakp4_icv(&crypto, &p, k.sik, icv));
	ck_assert_bytes(icv, want, 16);
}

START_TEST(test_session_keys)
{
	struct ipl_rakp_params p;
	struct ipl_sha256_keys a, b;

	check_keys(&plain, false);
	check_keys(&with_kg, true);
	/* K_g changes the keys but not the RAKP 2 code (that is Kuid's). */
	params(&p, false);
	ck_assert(ipl_sha256_session_keys(&crypto, &p, &a));
	params(&p, true);
	ck_assert(ipl_sha256_session_keys(&crypto, &p, &b));
	ck_assert(memcmp(a.sik, b.sik, 32) != 0);
	p.ulen = 17;
	ck_assert(!ipl_sha256_session_keys(&crypto, &p, &b));
	ck_assert_uint_eq(b.sik[0] | b.k1[0] | b.k2[31], 0);
}
END_TEST

START_TEST(test_rakp1_and_rakp3_messages)
{
	struct ipl_rakp_params p;
	uint8_t want[64], got[IPL_SHA256_RAKP1_MAX], r3[IPL_SHA256_RAKP3_LEN];
	size_t n;

	params(&p, false);
	n = expect(&plain, "rakp1", want, sizeof(want));
	ck_assert_uint_eq(ipl_sha256_rakp1_build(&p, 0x2a, got), n);
	ck_assert_bytes(got, want, n);
	n = expect(&plain, "rakp3_msg", want, sizeof(want));
	ck_assert_uint_eq(n, IPL_SHA256_RAKP3_LEN);
	ck_assert_uint_eq(ipl_sha256_rakp3_build(&crypto, &p, 0x2a, 0, r3), n);
	ck_assert_bytes(r3, want, n);
	/* An error RAKP 3: header only, with the status. */
	ck_assert_uint_eq(ipl_sha256_rakp3_build(&crypto, &p, 0x2a, 0x0f, r3),
			  8);
	ck_assert_uint_eq(r3[1], 0x0f);
	ck_assert_bytes(r3 + 4, want + 4, 4);
	p.ulen = 17;
	ck_assert_uint_eq(ipl_sha256_rakp1_build(&p, 0, got), 0);
}
END_TEST

START_TEST(test_rakp2_check_accepts_the_bmc)
{
	struct ipl_rakp_params p, ref;
	uint8_t msg[80];
	unsigned int code = 99;
	size_t n;

	params(&ref, false);
	params(&p, false);
	memset(p.rc, 0, sizeof(p.rc));
	memset(p.guid_c, 0, sizeof(p.guid_c));
	n = expect(&plain, "rakp2_msg", msg, sizeof(msg));
	ck_assert_uint_eq(n, IPL_SHA256_RAKP2_LEN);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, msg, n, &p, &code),
			 IPL_SHA256_OK);
	ck_assert_uint_eq(code, 0);
	ck_assert_bytes(p.rc, ref.rc, 16);
	ck_assert_bytes(p.guid_c, ref.guid_c, 16);
}
END_TEST

START_TEST(test_rakp2_check_refuses)
{
	struct ipl_rakp_params p;
	uint8_t msg[80], bad[80];
	const uint8_t timeout[] = { 0xc3 };
	const uint8_t status[] = { 0x2a, 0x0d, 0, 0, 0xd4, 0xc3, 0xb2, 0xa1 };
	unsigned int code;
	size_t n, i;

	params(&p, false);
	n = expect(&plain, "rakp2_msg", msg, sizeof(msg));
	for (i = 8; i < n; i++) { /* any byte of Rc, GUID or the code */
		memcpy(bad, msg, n);
		bad[i] ^= 0x01;
		ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, bad, n, &p,
							&code),
				 IPL_SHA256_E_AUTH);
	}
	memcpy(bad, msg, n);
	bad[4] ^= 0x80;
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, bad, n, &p, &code),
			 IPL_SHA256_E_SESSION);
	/* Suite 3's 20-byte code, one byte short, one byte long, empty. */
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, msg, 60, &p, &code),
			 IPL_SHA256_E_LENGTH);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, msg, n - 1, &p,
						&code), IPL_SHA256_E_LENGTH);
	memset(msg + n, 0, 1);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, msg, n + 1, &p,
						&code), IPL_SHA256_E_LENGTH);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, NULL, 0, &p, &code),
			 IPL_SHA256_E_LENGTH);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, timeout, 1, &p,
						&code), IPL_SHA256_E_IPMI);
	ck_assert_uint_eq(code, 0xc3);
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, status,
						sizeof(status), &p, &code),
			 IPL_SHA256_E_STATUS);
	ck_assert_uint_eq(code, 0x0d);
	/* A wrong password: another Kuid. */
	p.kuid[0] ^= 0x01;
	ck_assert_int_eq(ipl_sha256_rakp2_check(&crypto, msg, n, &p, &code),
			 IPL_SHA256_E_AUTH);
}
END_TEST

START_TEST(test_rakp4_check)
{
	struct ipl_rakp_params p;
	struct ipl_sha256_keys k;
	uint8_t msg[40], bad[40];
	unsigned int code;
	size_t n, i;

	params(&p, true);
	ck_assert(ipl_sha256_session_keys(&crypto, &p, &k));
	n = expect(&with_kg, "rakp4_msg", msg, sizeof(msg));
	ck_assert_uint_eq(n, IPL_SHA256_RAKP4_LEN);
	ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, msg, n, &p, k.sik,
						&code), IPL_SHA256_OK);
	for (i = 8; i < n; i++) {
		memcpy(bad, msg, n);
		bad[i] ^= 0x40;
		ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, bad, n, &p,
							k.sik, &code),
				 IPL_SHA256_E_AUTH);
	}
	memcpy(bad, msg, n);
	bad[7] ^= 0x01;
	ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, bad, n, &p, k.sik,
						&code), IPL_SHA256_E_SESSION);
	ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, msg, 20, &p, k.sik,
						&code), IPL_SHA256_E_LENGTH);
	ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, msg, 40, &p, k.sik,
						&code), IPL_SHA256_E_LENGTH);
	/* The BMC has a K_g we were not given: its ICV does not match. */
	params(&p, false);
	ck_assert(ipl_sha256_session_keys(&crypto, &p, &k));
	ck_assert_int_eq(ipl_sha256_rakp4_check(&crypto, msg, n, &p, k.sik,
						&code), IPL_SHA256_E_AUTH);
}
END_TEST

/* Pad and add body i as OpenIPMI would; compare with Python's packet. */
static void
check_protect(size_t i, const uint8_t k1[32])
{
	uint8_t want[96], pkt[96];
	unsigned int len, plen;
	char name[16];
	size_t n;
	int bl;

	snprintf(name, sizeof(name), "packet%zu", i);
	n = expect(&plain, name, want, sizeof(want));
	memcpy(pkt, "\x06\x00\xff\x07", 4);
	bl = unhex(bodies[i], pkt + 4, sizeof(pkt) - 4);
	ck_assert_int_gt(bl, 0);
	len = 4u + (unsigned int)bl;
	ck_assert_int_eq(ipl_sha256_integ_pad(pkt, &len, sizeof(pkt)), 0);
	ck_assert_uint_eq((len + 1u) % 4, 0); /* + Next Header */
	plen = len;
	ck_assert_int_eq(ipl_sha256_integ_add(&crypto, k1, pkt, &len,
					      sizeof(pkt)), 0);
	ck_assert_uint_eq(len, n);
	ck_assert_bytes(pkt, want, n);
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, want, plen,
						(unsigned int)n), 0);
}

START_TEST(test_integrity_matches_python)
{
	uint8_t k1[32];
	size_t i;

	ck_assert_uint_eq(expect(&plain, "k1", k1, sizeof(k1)), 32);
	for (i = 0; i < N_BODIES; i++) {
		check_protect(i, k1);
	}
}
END_TEST

START_TEST(test_integrity_refuses)
{
	uint8_t k1[32], want[96], bad[97];
	unsigned int n, plen, i;

	expect(&plain, "k1", k1, sizeof(k1));
	n = (unsigned int)expect(&plain, "packet1", want, sizeof(want));
	plen = n - 17u;
	for (i = 4; i < n; i++) { /* all the AuthCode covers, and itself */
		memcpy(bad, want, n);
		bad[i] ^= 0x08;
		ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, bad, plen,
							n), EINVAL);
	}
	for (i = 0; i < 4; i++) { /* the RMCP header is not covered */
		memcpy(bad, want, n);
		bad[i] ^= 0x08;
		ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, bad, plen,
							n), 0);
	}
	memcpy(bad, want, n);
	bad[n] = 0;
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, bad, plen, n + 1),
			 EINVAL);
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, want, plen, n - 1),
			 EINVAL);
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, want, n, n),
			 EINVAL);
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, want, 4, 21),
			 EINVAL);
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, NULL, plen, n),
			 EINVAL);
	k1[31] ^= 0x01; /* all 32 bytes of K1 are the key */
	ck_assert_int_eq(ipl_sha256_integ_check(&crypto, k1, want, plen, n),
			 EINVAL);
}
END_TEST

START_TEST(test_integrity_room)
{
	uint8_t k1[32] = { 1 }, pkt[64];
	unsigned int len;

	memset(pkt, 0, sizeof(pkt));
	len = 17; /* needs 1 FFh and the pad length */
	ck_assert_int_eq(ipl_sha256_integ_pad(pkt, &len, 18), E2BIG);
	ck_assert_int_eq(ipl_sha256_integ_pad(pkt, &len, 17), E2BIG);
	ck_assert_int_eq(ipl_sha256_integ_pad(pkt, &len, 10), E2BIG);
	ck_assert_uint_eq(len, 17);
	ck_assert_int_eq(ipl_sha256_integ_pad(pkt, &len, 19), 0);
	ck_assert_uint_eq(len, 19);
	ck_assert_uint_eq(pkt[17], 0xff);
	ck_assert_uint_eq(pkt[18], 1);
	ck_assert_int_eq(ipl_sha256_integ_add(&crypto, k1, pkt, &len, 35),
			 E2BIG);
	ck_assert_uint_eq(len, 19);
	ck_assert_int_eq(ipl_sha256_integ_add(&crypto, k1, pkt, &len, 36), 0);
	ck_assert_uint_eq(len, 36);
	ck_assert_uint_eq(pkt[19], 0x07);
	len = 3;
	ck_assert_int_eq(ipl_sha256_integ_add(&crypto, k1, pkt, &len, 64),
			 E2BIG);
}
END_TEST

/* ---- the table and registration, with the installed libOpenIPMI ---- */

static void *
dl_lookup(void *ctx, const char *name)
{
	return dlsym(ctx, name);
}

static const char *lookup_refuses;

static void *
dl_lookup_but(void *ctx, const char *name)
{
	return strcmp(name, lookup_refuses) == 0 ? NULL : dlsym(ctx, name);
}

static void *
open_openipmi(void)
{
	void *h = dlopen(IPL_OPENIPMI_SONAME,
			 RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);

	ck_assert_msg(h != NULL, "dlopen %s: %s", IPL_OPENIPMI_SONAME,
		      dlerror());
	return h;
}

START_TEST(test_ops_fill_from_openipmi)
{
	struct ipl_sha256_ops ops;
	uint8_t key[8], data[64], want[32], got[32];
	int kl = unhex(IN_HKEY, key, sizeof(key));
	int dl = unhex(IN_HDATA, data, sizeof(data));
	void *h = open_openipmi();

	ck_assert_ptr_null(ipl_sha256_ops_fill(&ops, dl_lookup, h));
	ck_assert_ptr_nonnull(ops.send_command_forceip);
	ck_assert_ptr_nonnull(ops.get_k2);
	/* libcrypto as found in libOpenIPMI's dependency tree. */
	expect(&plain, "hmac", want, sizeof(want));
	ck_assert(ipl_sha256_hmac(&ops.crypto, key, (size_t)kl, data,
				  (size_t)dl, got));
	ck_assert_bytes(got, want, 32);
	dlclose(h);
}
END_TEST

START_TEST(test_ops_fill_names_the_missing_symbol)
{
	struct ipl_sha256_ops ops;
	void *h = open_openipmi();

	lookup_refuses = "ipmi_lan_send_command_forceip";
	ck_assert_str_eq(ipl_sha256_ops_fill(&ops, dl_lookup_but, h),
			 "ipmi_lan_send_command_forceip");
	ck_assert_ptr_null(ops.register_authentication);
	lookup_refuses = "EVP_Q_mac";
	ck_assert_str_eq(ipl_sha256_ops_fill(&ops, dl_lookup_but, h),
			 "EVP_Q_mac");
	ck_assert_ptr_null(ipl_sha256_ops_fill(&ops, dl_lookup, h));
	ops.get_k1 = NULL;
	ck_assert_int_eq(ipl_sha256_register(&ops), EINVAL);
	ck_assert_int_eq(ipl_sha256_register(NULL), EINVAL);
	dlclose(h);
}
END_TEST

START_TEST(test_register_and_unregister)
{
	static ipmi_rmcpp_authentication_t other_auth;
	static ipmi_rmcpp_integrity_t other_integ;
	struct ipl_sha256_ops ops;
	void *h = open_openipmi();

	ck_assert_ptr_null(ipl_sha256_ops_fill(&ops, dl_lookup, h));
	ck_assert_int_eq(ipl_sha256_register(&ops), 0);
	ck_assert_int_eq(ipl_sha256_register(&ops), EBUSY);
	/* OpenIPMI's slots 03h and 04h are taken now... */
	ck_assert_int_eq(ops.register_authentication(3, &other_auth), EAGAIN);
	ck_assert_int_eq(ops.register_integrity(4, &other_integ), EAGAIN);
	ipl_sha256_unregister();
	ipl_sha256_unregister();
	/* ...and free again. */
	ck_assert_int_eq(ops.register_authentication(3, &other_auth), 0);
	/* Someone else's 03h: nothing of ours is registered, 04h stays free. */
	ck_assert_int_eq(ipl_sha256_register(&ops), EAGAIN);
	ck_assert_int_eq(ops.register_integrity(4, &other_integ), 0);
	ck_assert_int_eq(ops.register_integrity(4, NULL), 0);
	ck_assert_int_eq(ops.register_authentication(3, NULL), 0);
	/* Someone else's 04h: 03h is given back. */
	ck_assert_int_eq(ops.register_integrity(4, &other_integ), 0);
	ck_assert_int_eq(ipl_sha256_register(&ops), EAGAIN);
	ck_assert_int_eq(ops.register_authentication(3, &other_auth), 0);
	ck_assert_int_eq(ops.register_authentication(3, NULL), 0);
	ck_assert_int_eq(ops.register_integrity(4, NULL), 0);
	dlclose(h);
}
END_TEST

static Suite *
sha256_suite(void)
{
	Suite *s = suite_create("rmcpp_sha256");
	TCase *tc = tcase_create("pure");
	TCase *reg = tcase_create("openipmi");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_hmac_matches_python);
	tcase_add_test(tc, test_hmac_without_libcrypto_fails);
	tcase_add_test(tc, test_secret20);
	tcase_add_test(tc, test_rakp_codes);
	tcase_add_test(tc, test_session_keys);
	tcase_add_test(tc, test_rakp1_and_rakp3_messages);
	tcase_add_test(tc, test_rakp2_check_accepts_the_bmc);
	tcase_add_test(tc, test_rakp2_check_refuses);
	tcase_add_test(tc, test_rakp4_check);
	tcase_add_test(tc, test_integrity_matches_python);
	tcase_add_test(tc, test_integrity_refuses);
	tcase_add_test(tc, test_integrity_room);
	suite_add_tcase(s, tc);
	tcase_set_timeout(reg, 20);
	tcase_add_test(reg, test_ops_fill_from_openipmi);
	tcase_add_test(reg, test_ops_fill_names_the_missing_symbol);
	tcase_add_test(reg, test_register_and_unregister);
	suite_add_tcase(s, reg);
	return s;
}

int
main(void)
{
	SRunner *sr;
	void *sym;
	int failed;

	libcrypto = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
	sym = libcrypto != NULL ? dlsym(libcrypto, "EVP_Q_mac") : NULL;
	if (sym == NULL) {
		fprintf(stderr, "no EVP_Q_mac in libcrypto.so.3: %s\n",
			dlerror());
		return 99;
	}
	memcpy(&crypto.q_mac, &sym, sizeof(sym));
	if (!load_vectors(&plain, false) || !load_vectors(&with_kg, true)) {
		fprintf(stderr, "tests/sha256_vectors.py gave no vectors\n");
		return 99;
	}
	sr = srunner_create(sha256_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free_vectors(&plain);
	free_vectors(&with_kg);
	dlclose(libcrypto);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
