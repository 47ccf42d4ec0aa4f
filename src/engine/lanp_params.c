/*
 * lanp_params.c - the ipmi_lanp_setup_con parameter list for one attempt
 * (engine/lanp_params.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <OpenIPMI/ipmi_auth.h>

#include "engine/cipher.h"
#include "engine/lanp_params.h"
#include "engine/text.h"

static void
add_val(struct ipl_lanp_params *lp, int id, int val)
{
	lp->parm[lp->n].parm_id = id;
	lp->parm[lp->n].parm_val = val;
	lp->n++;
}

static void
add_data(struct ipl_lanp_params *lp, int id, const void *data,
	 unsigned int len)
{
	lp->parm[lp->n].parm_id = id;
	lp->parm[lp->n].parm_data = (void *)data;
	lp->parm[lp->n].parm_data_len = len;
	lp->n++;
}

/* RMCP+ only: the suite's algorithms and the K_g. */
static ipl_rc
add_rmcpp(struct ipl_lanp_params *lp, const struct ipl_config *cfg,
	  int number, ipl_status *st)
{
	const struct ipl_cipher_suite *suite = ipl_cipher_lookup(number);

	if (suite == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: suite %d is not available", number);
	}
	add_val(lp, IPMI_LANP_PARMID_AUTHTYPE, IPMI_AUTHTYPE_RMCP_PLUS);
	add_val(lp, IPMI_LANP_AUTHENTICATION_ALGORITHM, (int)suite->auth_alg);
	add_val(lp, IPMI_LANP_INTEGRITY_ALGORITHM, (int)suite->integ_alg);
	add_val(lp, IPMI_LANP_CONFIDENTIALITY_ALGORITHM, (int)suite->conf_alg);
	if (cfg->kg_len > 0) {
		add_data(lp, IPMI_LANP_BMC_KEY, cfg->kg,
			 (unsigned int)cfg->kg_len);
	}
	return IPL_OK;
}

/*
 * The per-try timeout of messages sent with the side-effects option: longer
 * than any operation and its close, so that OpenIPMI never resends them
 * (each of its resends carries a new sequence number, which a BMC takes
 * for a new request).  The session sends every command that way and
 * repeats only idempotent reads itself.  At most INT_MAX microseconds.
 */
static int
no_resend_us(const struct ipl_config *cfg)
{
	unsigned long long us = ((unsigned long long)cfg->timeout_ms
				 + IPL_LANP_CLOSE_MS + 1000ull) * 1000ull;

	return us > 2000000000ull ? 2000000000 : (int)us;
}

ipl_rc
ipl_lanp_params_build(struct ipl_lanp_params *lp,
		      const struct ipl_config *cfg, const char *numeric,
		      int family, enum ipl_iface iface, int suite,
		      unsigned int try_ms,
		      ipl_status *st)
{
	int try_us = (int)(try_ms * 1000u);

	memset(lp, 0, sizeof(*lp));
	snprintf(lp->port, sizeof(lp->port), "%u", cfg->port);
	lp->addrs[0] = (char *)numeric;
	lp->ports[0] = lp->port;
	add_data(lp, IPMI_LANP_PARMID_ADDRS, lp->addrs, 1);
	add_data(lp, IPMI_LANP_PARMID_PORTS, lp->ports, 1);
	add_val(lp, IPMI_LANP_ADDRESS_FAMILY, family);
	add_val(lp, IPMI_LANP_PARMID_PRIVILEGE, cfg->priv);
	add_data(lp, IPMI_LANP_PARMID_USERNAME, cfg->login,
		 (unsigned int)strlen(cfg->login));
	add_data(lp, IPMI_LANP_PARMID_PASSWORD, cfg->password,
		 (unsigned int)cfg->password_len);
	add_val(lp, IPMI_LANP_DEFAULT_TIMEOUT, try_us);
	add_val(lp, IPMI_LANP_DEFAULT_SIDEEFFECT_TIMEOUT, no_resend_us(cfg));
	add_val(lp, IPMI_LANP_MAX_OUTSTANDING_MSG_COUNT, IPL_LANP_OUTSTANDING);
	if (iface == IPL_IFACE_LANPLUS) {
		return add_rmcpp(lp, cfg, suite, st);
	}
	add_val(lp, IPMI_LANP_PARMID_AUTHTYPE, cfg->auth);
	return IPL_OK;
}

const ipmi_lanp_parm_t *
ipl_lanp_params_find(const struct ipl_lanp_params *lp, int id)
{
	unsigned int i;

	for (i = 0; i < lp->n; i++) {
		if (lp->parm[i].parm_id == id) {
			return &lp->parm[i];
		}
	}
	return NULL;
}

void
ipl_lanp_params_wipe(struct ipl_lanp_params *lp)
{
	ipl_wipe(lp, sizeof(*lp));
}
