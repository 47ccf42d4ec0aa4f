/*
 * engine/lanp_params.h - the parameter list handed to OpenIPMI's
 * ipmi_lanp_setup_con for one connection attempt, built from a
 * configuration.  Pure: no OpenIPMI call, so it is unit-tested.
 */
#ifndef IPL_ENGINE_LANP_PARAMS_H
#define IPL_ENGINE_LANP_PARAMS_H

#include <OpenIPMI/ipmi_lan.h>

#include "engine/config.h"
#include "engine/result.h"

#define IPL_LANP_MAX 16
/* How long a close may take, at most (the session's bound). */
#define IPL_LANP_CLOSE_MS 2000u
/* Requests OpenIPMI may have in flight at once: copies of a read the
 * session repeats, and answers it gave up on, stay outstanding. */
#define IPL_LANP_OUTSTANDING 60

/*
 * The list and what it points to.  Holds pointers into the configuration
 * (user name, password, K_g): use it while the configuration lives and
 * wipe it right after ipmi_lanp_setup_con, which copies what it needs.
 */
struct ipl_lanp_params {
	ipmi_lanp_parm_t parm[IPL_LANP_MAX];
	unsigned int n;
	char port[8];
	/* One address and port; OpenIPMI 2.0.33 reads MAX_IP_ADDR (2)
	 * entries of the port list whatever the count, so the second is
	 * NULL ("the default"), never whatever follows on the stack. */
	char *addrs[2];
	char *ports[2];
};

/*
 * Fill lp for an attempt on iface (lanplus or lan) to the numeric address
 * of family, proposing cipher suite suite (lanplus; one of cfg's).  try_ms
 * (the session's retry interval: ipl_config_retry_ms, a sixth of
 * msg_timeout, longer after an attempt that got no answer at all) is
 * OpenIPMI's per-try timeout of the messages it sends without the
 * side-effects option: its own, the handshake (and its connection audit);
 * messages sent with the side-effects option (every command of the
 * session) get one longer than the operation, so OpenIPMI never resends
 * them.  Returns IPL_ERR_CONFIG when the suite cannot be run.
 */
ipl_rc ipl_lanp_params_build(struct ipl_lanp_params *lp,
			     const struct ipl_config *cfg, const char *numeric,
			     int family, enum ipl_iface iface, int suite,
			     unsigned int try_ms, ipl_status *st);

/* The entry for parameter id, or NULL (for tests and checks). */
const ipmi_lanp_parm_t *ipl_lanp_params_find(const struct ipl_lanp_params *lp,
					     int id);

/* Forget everything lp points to. */
void ipl_lanp_params_wipe(struct ipl_lanp_params *lp);

#endif
