/*
 * bmc_lan.c - the power policy's BMC operations over an IPMI-over-LAN
 * session (engine/bmc_lan.h).
 */
#include "config.h"

#include "engine/bmc_lan.h"
#include "engine/log.h"

static ipl_rc
lan_open(void *ctx, const struct ipl_deadline *dl, bool persist,
	 ipl_status *st)
{
	struct ipl_bmc_lan *lan = ctx;

	return ipl_session_open(lan->ref, lan->cfg, dl, persist,
				&lan->session, st);
}

static ipl_rc
lan_chassis_status(void *ctx, const struct ipl_deadline *dl, uint8_t *rsp,
		   size_t cap, size_t *len, ipl_status *st)
{
	struct ipl_bmc_lan *lan = ctx;

	return ipl_session_request(lan->session, IPL_NETFN_CHASSIS,
				   IPL_CMD_GET_CHASSIS_STATUS, NULL, 0, true,
				   dl, rsp, cap, len, st);
}

static ipl_rc
lan_chassis_control(void *ctx, enum ipl_chassis_ctl ctl,
		    const struct ipl_deadline *dl, uint8_t *rsp, size_t cap,
		    size_t *len, ipl_status *st)
{
	struct ipl_bmc_lan *lan = ctx;
	uint8_t req = (uint8_t)ctl;

	ipl_log(IPL_LOG_DEBUG, "ipmilan: sending Chassis Control (%s) to %s",
		ipl_chassis_ctl_name(ctl), ipl_session_where(lan->session));
	return ipl_session_request(lan->session, IPL_NETFN_CHASSIS,
				   IPL_CMD_CHASSIS_CONTROL, &req, 1, false, dl,
				   rsp, cap, len, st);
}

static void
lan_close(void *ctx)
{
	struct ipl_bmc_lan *lan = ctx;

	ipl_session_close(lan->session);
	lan->session = NULL;
}

static const char *
lan_where(void *ctx)
{
	struct ipl_bmc_lan *lan = ctx;

	return lan->session != NULL ? ipl_session_where(lan->session)
				    : lan->cfg->ipaddr;
}

static const struct ipl_bmc_ops lan_ops = {
	lan_open,
	lan_chassis_status,
	lan_chassis_control,
	lan_close,
	lan_where,
};

void
ipl_bmc_lan_init(struct ipl_bmc_lan *lan, struct ipl_runtime_ref *ref,
		 const struct ipl_config *cfg, struct ipl_bmc *bmc)
{
	lan->ref = ref;
	lan->cfg = cfg;
	lan->session = NULL;
	bmc->ops = &lan_ops;
	bmc->ctx = lan;
}
