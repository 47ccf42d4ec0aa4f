/*
 * engine/sha256_algs.h - RAKP-HMAC-SHA256 (authentication algorithm 03h)
 * and HMAC-SHA256-128 (integrity algorithm 04h) registered with OpenIPMI
 * 2.0.33, which has only the SHA-1 and MD5 ones: with them, cipher suites
 * 15, 16 and 17 run (engine/rmcpp_sha256.h has the arithmetic and the
 * sizes).  The functions they call come in a table the loader fills from
 * libOpenIPMI's dlopen(RTLD_DEEPBIND) handle (engine/openipmi_link.h), so
 * that libcrypto is reached through libOpenIPMI's own dependency scope.
 */
#ifndef IPL_ENGINE_SHA256_ALGS_H
#define IPL_ENGINE_SHA256_ALGS_H

#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_lan.h>

#include "engine/rmcpp_sha256.h"

/*
 * The functions the algorithms call, each found by the loader under the
 * symbol name in its comment, in libOpenIPMI's dlopen handle (libcrypto's
 * EVP_Q_mac too: it is in that handle's dependency tree).
 */
struct ipl_sha256_ops {
	int (*register_authentication)(unsigned int num,
				       ipmi_rmcpp_authentication_t *auth);
		/* ipmi_rmcpp_register_authentication */
	int (*register_integrity)(unsigned int num,
				  ipmi_rmcpp_integrity_t *integ);
		/* ipmi_rmcpp_register_integrity */
	int (*send_command_forceip)(ipmi_con_t *ipmi, int addr_num,
				    ipmi_addr_t *addr, unsigned int addr_len,
				    ipmi_msg_t *msg,
				    ipmi_ll_rsp_handler_t rsp_handler,
				    ipmi_msgi_t *rspi);
		/* ipmi_lan_send_command_forceip */
	ipmi_msgi_t *(*alloc_msg_item)(void);     /* ipmi_alloc_msg_item */
	void (*free_msg_item)(ipmi_msgi_t *item); /* ipmi_free_msg_item */
	/* ipmi_rmcpp_auth_get_<name> / ipmi_rmcpp_auth_set_<name>: */
	uint32_t (*get_my_session_id)(ipmi_rmcpp_auth_t *a);
	uint32_t (*get_mgsys_session_id)(ipmi_rmcpp_auth_t *a);
	uint8_t (*get_role)(ipmi_rmcpp_auth_t *a);
	const unsigned char *(*get_username)(ipmi_rmcpp_auth_t *a,
					     unsigned int *max);
	unsigned int (*get_username_len)(ipmi_rmcpp_auth_t *a);
	const unsigned char *(*get_password)(ipmi_rmcpp_auth_t *a,
					     unsigned int *max);
	unsigned int (*get_password_len)(ipmi_rmcpp_auth_t *a);
	const unsigned char *(*get_bmc_key)(ipmi_rmcpp_auth_t *a,
					    unsigned int *max);
	unsigned int (*get_bmc_key_len)(ipmi_rmcpp_auth_t *a);
	unsigned char *(*get_my_rand)(ipmi_rmcpp_auth_t *a, unsigned int *max);
	void (*set_my_rand_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	unsigned char *(*get_mgsys_rand)(ipmi_rmcpp_auth_t *a,
					 unsigned int *max);
	void (*set_mgsys_rand_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	unsigned char *(*get_mgsys_guid)(ipmi_rmcpp_auth_t *a,
					 unsigned int *max);
	void (*set_mgsys_guid_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	unsigned char *(*get_sik)(ipmi_rmcpp_auth_t *a, unsigned int *max);
	void (*set_sik_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	unsigned char *(*get_k1)(ipmi_rmcpp_auth_t *a, unsigned int *max);
	void (*set_k1_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	unsigned char *(*get_k2)(ipmi_rmcpp_auth_t *a, unsigned int *max);
	void (*set_k2_len)(ipmi_rmcpp_auth_t *a, unsigned int len);
	struct ipl_sha256_crypto crypto;          /* EVP_Q_mac */
};

/*
 * Fill *ops by calling lookup(ctx, symbol) for every symbol named above
 * (the loader passes a dlsym on libOpenIPMI's handle).  Returns NULL when
 * all were found, else the first missing name (*ops is then zeroed).
 */
const char *ipl_sha256_ops_fill(struct ipl_sha256_ops *ops,
				void *(*lookup)(void *ctx, const char *name),
				void *ctx);

/*
 * Register algorithms 03h and 04h with OpenIPMI, keeping a copy of *ops.
 * Call after ipmi_init() and before any ipmi_lanp_setup_con() that asks for
 * them; serialize with every other OpenIPMI call (the plugin mutex).
 * Returns 0; EAGAIN when either number is already registered (nothing of
 * ours is then registered); EINVAL when ops has a NULL entry; or the
 * register call's error.  Each 0 must be paired with ipl_sha256_unregister.
 */
int ipl_sha256_register(const struct ipl_sha256_ops *ops);

/*
 * Take the algorithms back out of OpenIPMI (no-op when not registered).
 * Call with no connection left (after ipmi_shutdown is fine) and before
 * libOpenIPMI is unloaded: OpenIPMI keeps pointers into this module.
 */
void ipl_sha256_unregister(void);

/*
 * Forget a registration without calling OpenIPMI: for a child of fork()
 * that discards the runtime it inherited (engine/runtime.h), whose
 * registration is the parent's.
 */
void ipl_sha256_forget(void);

#endif
