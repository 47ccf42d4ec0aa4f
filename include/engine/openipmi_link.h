/*
 * engine/openipmi_link.h - the OpenIPMI functions the engine uses, loaded with
 * dlopen(RTLD_DEEPBIND).
 *
 * Why not link OpenIPMI directly: every program that loads STONITH plugins
 * (stonith, heartbeat, pacemaker-fenced through libstonith) has
 * cluster-glue's libplumb in its global symbol scope, and libplumb exports
 * an MD5-only HMAC() with a signature unlike OpenSSL's.  A directly linked
 * libOpenIPMI binds its RMCP+ HMAC() calls to libplumb's and crashes on the
 * first RAKP message.  Loaded with RTLD_DEEPBIND, libOpenIPMI resolves
 * HMAC() in its own dependencies (libcrypto) first.
 */
#ifndef IPL_ENGINE_OPENIPMI_LINK_H
#define IPL_ENGINE_OPENIPMI_LINK_H

#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_lan.h>
#include <OpenIPMI/os_handler.h>

#include "engine/result.h"
#include "engine/sha256_algs.h"

struct ipl_openipmi {
	os_handler_t *(*posix_setup_os_handler)(void);
	int (*init)(os_handler_t *handler);
	void (*shutdown)(void);
	int (*lanp_setup_con)(ipmi_lanp_parm_t *parms, unsigned int num_parms,
			      os_handler_t *handlers, void *user_data,
			      ipmi_con_t **new_con);
	ipmi_msgi_t *(*alloc_msg_item)(void);
	void (*free_msg_item)(ipmi_msgi_t *item);
	char *(*get_error_string)(unsigned int err, char *buf,
				  unsigned int len);
	/* Optional (NULL when absent): removes the ATCA connection check,
	 * a PICMG Get Address Info round trip on every session. */
	void (*atca_conn_shutdown)(void);
	/* Optional: what engine/sha256_algs needs for cipher suites 15 to 17
	 * (OpenIPMI's RMCP+ calls and libcrypto's EVP_Q_mac, all looked up
	 * in libOpenIPMI's handle).  sha256_missing names the first symbol
	 * not found, NULL when every one was; without them those suites are
	 * unavailable. */
	struct ipl_sha256_ops sha256;
	const char *sha256_missing;
};

/*
 * Load the libraries and fill *oi.  Returns IPL_OK, or IPL_ERR_SYSTEM with
 * st naming the library or symbol that is missing.  Each successful load
 * must be paired with ipl_openipmi_unload.
 */
ipl_rc ipl_openipmi_load(struct ipl_openipmi *oi, ipl_status *st);

/* Unload what ipl_openipmi_load loaded and clear *oi. */
void ipl_openipmi_unload(struct ipl_openipmi *oi);

#endif
