/* sha256_algs.c - algorithms 03h and 04h for OpenIPMI, the table of what
 * they call, and their registration (engine/sha256_algs.h). */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_types.h>

#include "engine/sha256_algs.h"

_Static_assert(sizeof(void *) == sizeof(ipl_evp_q_mac_fn),
	       "function pointers are stored through void *");

/* ---- the table the loader fills ---- */

struct ops_sym {
	const char *name;
	size_t off;
};

#define OPS_SYM(field, name) { name, offsetof(struct ipl_sha256_ops, field) }
static const struct ops_sym ops_syms[] = {
	OPS_SYM(register_authentication, "ipmi_rmcpp_register_authentication"),
	OPS_SYM(register_integrity, "ipmi_rmcpp_register_integrity"),
	OPS_SYM(send_command_forceip, "ipmi_lan_send_command_forceip"),
	OPS_SYM(alloc_msg_item, "ipmi_alloc_msg_item"),
	OPS_SYM(free_msg_item, "ipmi_free_msg_item"),
	OPS_SYM(get_my_session_id, "ipmi_rmcpp_auth_get_my_session_id"),
	OPS_SYM(get_mgsys_session_id, "ipmi_rmcpp_auth_get_mgsys_session_id"),
	OPS_SYM(get_role, "ipmi_rmcpp_auth_get_role"),
	OPS_SYM(get_username, "ipmi_rmcpp_auth_get_username"),
	OPS_SYM(get_username_len, "ipmi_rmcpp_auth_get_username_len"),
	OPS_SYM(get_password, "ipmi_rmcpp_auth_get_password"),
	OPS_SYM(get_password_len, "ipmi_rmcpp_auth_get_password_len"),
	OPS_SYM(get_bmc_key, "ipmi_rmcpp_auth_get_bmc_key"),
	OPS_SYM(get_bmc_key_len, "ipmi_rmcpp_auth_get_bmc_key_len"),
	OPS_SYM(get_my_rand, "ipmi_rmcpp_auth_get_my_rand"),
	OPS_SYM(set_my_rand_len, "ipmi_rmcpp_auth_set_my_rand_len"),
	OPS_SYM(get_mgsys_rand, "ipmi_rmcpp_auth_get_mgsys_rand"),
	OPS_SYM(set_mgsys_rand_len, "ipmi_rmcpp_auth_set_mgsys_rand_len"),
	OPS_SYM(get_mgsys_guid, "ipmi_rmcpp_auth_get_mgsys_guid"),
	OPS_SYM(set_mgsys_guid_len, "ipmi_rmcpp_auth_set_mgsys_guid_len"),
	OPS_SYM(get_sik, "ipmi_rmcpp_auth_get_sik"),
	OPS_SYM(set_sik_len, "ipmi_rmcpp_auth_set_sik_len"),
	OPS_SYM(get_k1, "ipmi_rmcpp_auth_get_k1"),
	OPS_SYM(set_k1_len, "ipmi_rmcpp_auth_set_k1_len"),
	OPS_SYM(get_k2, "ipmi_rmcpp_auth_get_k2"),
	OPS_SYM(set_k2_len, "ipmi_rmcpp_auth_set_k2_len"),
	OPS_SYM(crypto.q_mac, "EVP_Q_mac"),
};

const char *
ipl_sha256_ops_fill(struct ipl_sha256_ops *ops,
		    void *(*lookup)(void *ctx, const char *name), void *ctx)
{
	size_t i;
	void *fn;

	memset(ops, 0, sizeof(*ops));
	for (i = 0; i < sizeof(ops_syms) / sizeof(ops_syms[0]); i++) {
		fn = lookup(ctx, ops_syms[i].name);
		if (fn == NULL) {
			memset(ops, 0, sizeof(*ops));
			return ops_syms[i].name;
		}
		/* one representation wherever dlsym works (POSIX) */
		memcpy((char *)ops + ops_syms[i].off, &fn, sizeof(fn));
	}
	return NULL;
}

/* True when every entry of *ops is set. */
static bool
ops_complete(const struct ipl_sha256_ops *ops)
{
	size_t i;
	void *fn;

	for (i = 0; i < sizeof(ops_syms) / sizeof(ops_syms[0]); i++) {
		memcpy(&fn, (const char *)ops + ops_syms[i].off, sizeof(fn));
		if (fn == NULL) {
			return false;
		}
	}
	return true;
}

/* ---- the OpenIPMI algorithms ---- */

/*
 * One RAKP exchange, from start_auth to the call of done.  Owned by the
 * response item of the message in flight (rspi->data1); freed (keys
 * wiped) by finish() once done has been called.
 */
struct handshake {
	ipmi_rmcpp_auth_t *ainfo;
	ipmi_rmcpp_set_info_cb set;
	ipmi_rmcpp_finish_auth_cb done;
	void *cb_data;
	uint8_t tag;
	struct ipl_rakp_params p;
	struct ipl_sha256_keys keys;
};

/* A connection's integrity key: K1, all 32 bytes.  Created by integ_init,
 * owned by OpenIPMI's connection, freed by integ_free. */
struct integ_key {
	uint8_t k1[IPL_SHA256_LEN];
};

/*
 * Module state, the only mutable file-scope data here: the loader's table
 * while the algorithms are registered, and the handshake whose K1
 * integ_init takes, set only while start_auth's set callback runs.  Used
 * only under the engine mutex (OpenIPMI calls these from our calls).
 */
static struct ipl_sha256_ops g_ops;
static bool g_registered;
static const struct handshake *g_in_set;

static void
handshake_free(struct handshake *hs)
{
	if (hs != NULL) {
		explicit_bzero(hs, sizeof(*hs));
		free(hs);
	}
}

/* Report err through done and free hs. */
static void
finish(struct handshake *hs, ipmi_con_t *ipmi, int addr_num, int err)
{
	hs->done(ipmi, err, addr_num, hs->cb_data);
	handshake_free(hs);
}

/* An OpenIPMI error value for a check's result. */
static int
rc_to_err(enum ipl_sha256_rc rc, unsigned int code)
{
	switch (rc) {
	case IPL_SHA256_OK:
		return 0;
	case IPL_SHA256_E_IPMI:
		return IPMI_IPMI_ERR_VAL(code);
	case IPL_SHA256_E_STATUS:
		return IPMI_RMCPP_ERR_VAL(code);
	case IPL_SHA256_E_CRYPTO:
		return EIO;
	default:
		return EINVAL; /* as OpenIPMI's SHA-1 code: authentication */
	}
}

/* The RMCP+ status a RAKP 3 sends back for a refused RAKP 2. */
static uint8_t
refusal_status(enum ipl_sha256_rc rc)
{
	switch (rc) {
	case IPL_SHA256_E_SESSION:
		return IPMI_RMCPP_INVALID_SESSION_ID;
	case IPL_SHA256_E_AUTH:
		return IPMI_RMCPP_INVALID_INTEGRITY_CHECK_VALUE;
	case IPL_SHA256_E_CRYPTO:
		return IPMI_RMCPP_INSUFFICIENT_RESOURCES_FOR_SESSION;
	default:
		return IPMI_RMCPP_ILLEGAL_PARAMETER;
	}
}

/* Send one RAKP message (OpenIPMI copies data); 0 or OpenIPMI's error,
 * in which case the handler is never called and rspi stays the caller's. */
static int
send_rakp(ipmi_con_t *ipmi, int addr_num, unsigned int payload_type,
	  uint8_t *data, size_t len, ipmi_ll_rsp_handler_t handler,
	  ipmi_msgi_t *rspi)
{
	ipmi_rmcpp_addr_t addr;
	ipmi_msg_t msg;

	memset(&addr, 0, sizeof(addr));
	memset(&msg, 0, sizeof(msg));
	addr.addr_type = (int)(IPMI_RMCPP_ADDR_START + payload_type);
	msg.netfn = IPMI_RMCPP_DUMMY_NETFN;
	msg.cmd = 0;
	msg.data = data;
	msg.data_len = (unsigned short)len;
	return g_ops.send_command_forceip(ipmi, addr_num, (ipmi_addr_t *)&addr,
					  sizeof(addr), &msg, handler, rspi);
}

/* Copy n <= max bytes of a secret accessor's value zero-padded to 20. */
static int
secret_from(const unsigned char *s, unsigned int max, unsigned int n,
	    uint8_t out[IPL_SHA256_SECRET_LEN])
{
	if (n > max || !ipl_sha256_secret20(s, n, out)) {
		return EINVAL;
	}
	return 0;
}

/* Fill p from OpenIPMI's session data; 0 or EINVAL (a length too long). */
static int
params_from_ainfo(struct ipl_rakp_params *p, ipmi_rmcpp_auth_t *a)
{
	const unsigned char *s;
	unsigned int max = 0;
	unsigned int n;

	p->sid_m = g_ops.get_my_session_id(a);
	p->sid_c = g_ops.get_mgsys_session_id(a);
	p->role = g_ops.get_role(a);
	n = g_ops.get_username_len(a);
	s = g_ops.get_username(a, &max);
	if (n > IPL_SHA256_NAME_MAX || n > max || (n > 0 && s == NULL)) {
		return EINVAL;
	}
	if (n > 0) {
		memcpy(p->uname, s, n);
	}
	p->ulen = (uint8_t)n;
	s = g_ops.get_password(a, &max);
	if (secret_from(s, max, g_ops.get_password_len(a), p->kuid) != 0) {
		return EINVAL;
	}
	/* OpenIPMI answers with the password when no K_g is set. */
	s = g_ops.get_bmc_key(a, &max);
	return secret_from(s, max, g_ops.get_bmc_key_len(a), p->kg);
}

/* Copy len bytes into an ainfo buffer of max bytes; false if too small. */
static bool
ainfo_put(unsigned char *dst, unsigned int max, const uint8_t *src,
	  unsigned int len)
{
	if (dst == NULL || max < len) {
		return false;
	}
	memcpy(dst, src, len);
	return true;
}

/* Wipe an ainfo key buffer: OpenIPMI's own SHA-1 and MD5 integrity
 * algorithms refuse a SIK of length 0, so they cannot run on our keys. */
static void
ainfo_wipe(unsigned char *buf, unsigned int max)
{
	if (buf != NULL) {
		explicit_bzero(buf, max);
	}
}

/* Random Rm into p and ainfo, and no stale keys in ainfo. */
static int
handshake_start_data(struct handshake *hs, ipmi_con_t *ipmi)
{
	ipmi_rmcpp_auth_t *a = hs->ainfo;
	unsigned int max = 0;
	unsigned char *buf;
	int rv;

	rv = params_from_ainfo(&hs->p, a);
	if (rv != 0) {
		return rv;
	}
	rv = ipmi->os_hnd->get_random(ipmi->os_hnd, hs->p.rm,
				      IPL_SHA256_RAND_LEN);
	if (rv != 0) {
		return rv;
	}
	buf = g_ops.get_my_rand(a, &max);
	if (!ainfo_put(buf, max, hs->p.rm, IPL_SHA256_RAND_LEN)) {
		return EINVAL;
	}
	g_ops.set_my_rand_len(a, IPL_SHA256_RAND_LEN);
	buf = g_ops.get_sik(a, &max);
	ainfo_wipe(buf, max);
	g_ops.set_sik_len(a, 0);
	buf = g_ops.get_k1(a, &max);
	ainfo_wipe(buf, max);
	g_ops.set_k1_len(a, 0);
	buf = g_ops.get_k2(a, &max);
	ainfo_wipe(buf, max);
	g_ops.set_k2_len(a, 0);
	return 0;
}

/* Rc, the GUID and K2 (for OpenIPMI's AES, which takes its first 16
 * bytes) into ainfo, as much of K2 as its buffer holds (20 bytes). */
static int
ainfo_store_keys(const struct handshake *hs)
{
	ipmi_rmcpp_auth_t *a = hs->ainfo;
	unsigned int max = 0;
	unsigned int n;
	unsigned char *buf;

	buf = g_ops.get_mgsys_rand(a, &max);
	if (!ainfo_put(buf, max, hs->p.rc, IPL_SHA256_RAND_LEN)) {
		return EINVAL;
	}
	g_ops.set_mgsys_rand_len(a, IPL_SHA256_RAND_LEN);
	buf = g_ops.get_mgsys_guid(a, &max);
	if (!ainfo_put(buf, max, hs->p.guid_c, IPL_SHA256_RAND_LEN)) {
		return EINVAL;
	}
	g_ops.set_mgsys_guid_len(a, IPL_SHA256_RAND_LEN);
	buf = g_ops.get_k2(a, &max);
	n = max < IPL_SHA256_LEN ? max : IPL_SHA256_LEN;
	if (n < 16 || !ainfo_put(buf, max, hs->keys.k2, n)) {
		return EINVAL;
	}
	g_ops.set_k2_len(a, n);
	return 0;
}

/* RAKP 2 was good: keys, ainfo, then OpenIPMI's set callback (which runs
 * integ_init and conf_init).  0 or the first error. */
static int
rakp2_accept(struct handshake *hs, ipmi_con_t *ipmi, int addr_num)
{
	int rv;

	if (!ipl_sha256_session_keys(&g_ops.crypto, &hs->p, &hs->keys)) {
		return EIO;
	}
	rv = ainfo_store_keys(hs);
	if (rv != 0) {
		return rv;
	}
	g_in_set = hs;
	rv = hs->set(ipmi, addr_num, hs->ainfo, hs->cb_data);
	g_in_set = NULL;
	return rv;
}

/*
 * End the handshake with err after telling the BMC with a RAKP 3 of the
 * given status (so that it frees the session).  Returns what the response
 * handler returns: whether rspi went with that RAKP 3.
 */
static int
rakp3_abort(struct handshake *hs, ipmi_con_t *ipmi, ipmi_msgi_t *rspi,
	    int addr_num, uint8_t status, int err)
{
	uint8_t msg[IPL_SHA256_RAKP3_LEN];
	size_t len;
	int used = IPMI_MSG_ITEM_NOT_USED;

	len = ipl_sha256_rakp3_build(&g_ops.crypto, &hs->p, hs->tag, status,
				     msg);
	/* No handler: the BMC does not answer an error RAKP 3, and OpenIPMI
	 * frees rspi when its retries end or the connection closes. */
	if (send_rakp(ipmi, addr_num, IPMI_RMCPP_PAYLOAD_TYPE_RAKP_3, msg,
		      len, NULL, rspi) == 0) {
		used = IPMI_MSG_ITEM_USED;
	}
	finish(hs, ipmi, addr_num, err);
	return used;
}

static int rakp4_handler(ipmi_con_t *ipmi, ipmi_msgi_t *rspi);

/* Response handler of RAKP 1: check RAKP 2, derive keys, send RAKP 3. */
static int
rakp2_handler(ipmi_con_t *ipmi, ipmi_msgi_t *rspi)
{
	struct handshake *hs = rspi->data1;
	int addr_num = (int)(intptr_t)rspi->data4;
	uint8_t msg[IPL_SHA256_RAKP3_LEN];
	enum ipl_sha256_rc rc;
	unsigned int code = 0;
	size_t len;
	int rv;

	if (ipmi == NULL) {
		finish(hs, NULL, addr_num, ECANCELED);
		return IPMI_MSG_ITEM_NOT_USED;
	}
	rc = ipl_sha256_rakp2_check(&g_ops.crypto, rspi->msg.data,
				    rspi->msg.data_len, &hs->p, &code);
	if (rc == IPL_SHA256_E_IPMI || rc == IPL_SHA256_E_STATUS) {
		/* Silence, or the BMC's own refusal: nothing to answer. */
		finish(hs, ipmi, addr_num, rc_to_err(rc, code));
		return IPMI_MSG_ITEM_NOT_USED;
	}
	if (rc != IPL_SHA256_OK) {
		return rakp3_abort(hs, ipmi, rspi, addr_num,
				   refusal_status(rc), rc_to_err(rc, code));
	}
	rv = rakp2_accept(hs, ipmi, addr_num);
	if (rv != 0) {
		return rakp3_abort(hs, ipmi, rspi, addr_num,
			IPMI_RMCPP_INSUFFICIENT_RESOURCES_FOR_SESSION, rv);
	}
	len = ipl_sha256_rakp3_build(&g_ops.crypto, &hs->p, hs->tag, 0, msg);
	rv = len == 0 ? EIO
		: send_rakp(ipmi, addr_num, IPMI_RMCPP_PAYLOAD_TYPE_RAKP_3,
			    msg, len, rakp4_handler, rspi);
	explicit_bzero(msg, sizeof(msg));
	if (rv != 0) {
		finish(hs, ipmi, addr_num, rv);
		return IPMI_MSG_ITEM_NOT_USED;
	}
	return IPMI_MSG_ITEM_USED;
}

/* Response handler of RAKP 3: check RAKP 4 and end the handshake. */
static int
rakp4_handler(ipmi_con_t *ipmi, ipmi_msgi_t *rspi)
{
	struct handshake *hs = rspi->data1;
	int addr_num = (int)(intptr_t)rspi->data4;
	unsigned int code = 0;
	int err = ECANCELED;

	if (ipmi != NULL) {
		err = rc_to_err(ipl_sha256_rakp4_check(&g_ops.crypto,
						       rspi->msg.data,
						       rspi->msg.data_len,
						       &hs->p, hs->keys.sik,
						       &code), code);
	}
	finish(hs, ipmi, addr_num, err);
	return IPMI_MSG_ITEM_NOT_USED;
}

/*
 * OpenIPMI's start_auth for algorithm 03h: send RAKP 1.  Returns 0 (done
 * is then called exactly once, from a response handler) or an error (done
 * is never called; nothing is left allocated).
 */
static int
sha256_start_auth(ipmi_con_t *ipmi, int addr_num, unsigned char msg_tag,
		  ipmi_rmcpp_auth_t *ainfo, ipmi_rmcpp_set_info_cb set,
		  ipmi_rmcpp_finish_auth_cb done, void *cb_data)
{
	uint8_t msg[IPL_SHA256_RAKP1_MAX];
	struct handshake *hs;
	ipmi_msgi_t *rspi = NULL;
	size_t len;
	int rv;

	if (!g_registered) {
		return ENOSYS;
	}
	hs = calloc(1, sizeof(*hs));
	if (hs == NULL) {
		return ENOMEM;
	}
	hs->ainfo = ainfo;
	hs->set = set;
	hs->done = done;
	hs->cb_data = cb_data;
	hs->tag = msg_tag;
	rv = handshake_start_data(hs, ipmi);
	if (rv == 0 && (rspi = g_ops.alloc_msg_item()) == NULL) {
		rv = ENOMEM;
	}
	if (rv == 0) {
		rspi->data1 = hs;
		len = ipl_sha256_rakp1_build(&hs->p, msg_tag, msg);
		rv = send_rakp(ipmi, addr_num, IPMI_RMCPP_PAYLOAD_TYPE_RAKP_1,
			       msg, len, rakp2_handler, rspi);
	}
	if (rv != 0) {
		if (rspi != NULL) {
			g_ops.free_msg_item(rspi);
		}
		handshake_free(hs);
	}
	return rv;
}

/* integ_init for 04h: take K1 from the handshake now in its set
 * callback; EINVAL when that is not ours (another auth algorithm). */
static int
sha256_integ_init(ipmi_con_t *ipmi, ipmi_rmcpp_auth_t *ainfo,
		  void **integ_data)
{
	struct integ_key *k;

	(void)ipmi;
	if (g_in_set == NULL || g_in_set->ainfo != ainfo) {
		return EINVAL;
	}
	k = malloc(sizeof(*k));
	if (k == NULL) {
		return ENOMEM;
	}
	memcpy(k->k1, g_in_set->keys.k1, IPL_SHA256_LEN);
	*integ_data = k;
	return 0;
}

static void
sha256_integ_free(ipmi_con_t *ipmi, void *integ_data)
{
	(void)ipmi;
	if (integ_data != NULL) {
		explicit_bzero(integ_data, sizeof(struct integ_key));
		free(integ_data);
	}
}

static int
sha256_integ_pad(ipmi_con_t *ipmi, void *integ_data, unsigned char *payload,
		 unsigned int *payload_len, unsigned int max_payload_len)
{
	(void)ipmi;
	(void)integ_data;
	return ipl_sha256_integ_pad(payload, payload_len, max_payload_len);
}

static int
sha256_integ_add(ipmi_con_t *ipmi, void *integ_data, unsigned char *payload,
		 unsigned int *payload_len, unsigned int max_payload_len)
{
	const struct integ_key *k = integ_data;

	(void)ipmi;
	return ipl_sha256_integ_add(&g_ops.crypto, k->k1, payload,
				    payload_len, max_payload_len);
}

static int
sha256_integ_check(ipmi_con_t *ipmi, void *integ_data,
		   unsigned char *payload, unsigned int payload_len,
		   unsigned int total_len)
{
	const struct integ_key *k = integ_data;

	(void)ipmi;
	return ipl_sha256_integ_check(&g_ops.crypto, k->k1, payload,
				      payload_len, total_len);
}

/* What OpenIPMI keeps pointers to while registered. */
static ipmi_rmcpp_authentication_t sha256_auth = { sha256_start_auth };
static ipmi_rmcpp_integrity_t sha256_integ = {
	sha256_integ_init, sha256_integ_free, sha256_integ_pad,
	sha256_integ_add, sha256_integ_check
};

int
ipl_sha256_register(const struct ipl_sha256_ops *ops)
{
	int rv;

	if (g_registered) {
		return EBUSY;
	}
	if (ops == NULL || !ops_complete(ops)) {
		return EINVAL;
	}
	g_ops = *ops;
	rv = g_ops.register_authentication(IPL_SHA256_AUTH_ALG, &sha256_auth);
	if (rv == 0) {
		rv = g_ops.register_integrity(IPL_SHA256_INTEG_ALG,
					      &sha256_integ);
		if (rv != 0) {
			g_ops.register_authentication(IPL_SHA256_AUTH_ALG,
						      NULL);
		}
	}
	if (rv != 0) {
		memset(&g_ops, 0, sizeof(g_ops));
		return rv;
	}
	g_registered = true;
	return 0;
}

void
ipl_sha256_forget(void)
{
	memset(&g_ops, 0, sizeof(g_ops));
	g_in_set = NULL;
	g_registered = false;
}

void
ipl_sha256_unregister(void)
{
	if (!g_registered) {
		return;
	}
	g_ops.register_integrity(IPL_SHA256_INTEG_ALG, NULL);
	g_ops.register_authentication(IPL_SHA256_AUTH_ALG, NULL);
	ipl_sha256_forget();
}
