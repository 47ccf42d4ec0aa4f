/*
 * stonith_abi.c - the stonith front end: the cluster-glue ABI, the PILS
 * entry point and the eight stonith_ops over the engine (src/engine/).
 * This is the only file that knows PILS imports and StonithPlugin; S_*
 * codes come from the engine's results in one place (stonith_rc.c).
 *
 * new, get_info, get_confignames and set_config do no network I/O, create
 * no OpenIPMI state and write nothing: Pacemaker calls them inside its
 * fencing daemon, and Heartbeat configures in one process and acts in
 * forked children.  Each status or reset builds the OpenIPMI runtime and
 * tears it down before it returns (engine/runtime.h).  A refused
 * set_config leaves the device unconfigured.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PIL_PLUGINTYPE        stonith2
#define PIL_PLUGINTYPE_S      "stonith2"
#define PIL_PLUGIN            ipmilan
#define PIL_PLUGIN_S          "ipmilan"
#define PIL_PLUGINLICENSE     LICENSE_LGPL
#define PIL_PLUGINLICENSEURL  URL_LGPL

#include <pils/plugin.h>
#include <stonith/stonith.h>
#include <stonith/stonith_plugin.h>

#include "engine/bmc_lan.h"
#include "engine/config.h"
#include "engine/log.h"
#include "engine/metadata.h"
#include "engine/params.h"
#include "engine/power.h"
#include "engine/result.h"
#include "engine/runtime.h"
#include "engine/secret_file.h"
#include "front/stonith_rc.h"

#define IPL_DEVICE_ID "IPMI over LAN (IPMI 1.5 and IPMI 2.0 RMCP+)"
#define IPL_DEVICE_URL "https://www.intel.com/content/www/us/en/products/docs/servers/ipmi/ipmi-second-gen-interface-spec-v2-rev1-1.html"
#define IPL_DEVICE_DESCR \
	"Fences a node through its baseboard management controller (BMC) " \
	"with IPMI over LAN: IPMI 2.0 RMCP+ (lanplus) or IPMI 1.5, through " \
	"OpenIPMI. Power off and on are reported done only once the BMC " \
	"reports the new power state; every operation ends within its " \
	"timeout. Security: use interface=lanplus with cipher suites that " \
	"authenticate and encrypt (the default, auto, proposes 17, then 3 " \
	"if the BMC lacks 17), never cipher 0; use " \
	"an OPERATOR-privilege account dedicated to fencing with a long " \
	"random password (RMCP+ lets anyone collect a crackable password " \
	"hash, CVE-2013-4786); keep BMCs on an isolated management network. " \
	"IPMI 1.5 'straight' and 'none' authentication send the password in " \
	"clear or not at all."

/* One device: everything it uses is owned here. */
struct ipl_device {
	StonithPlugin sp;              /* must come first (cluster-glue ABI) */
	const char *pluginid;          /* identifies our objects             */
	bool configured;
	bool refused;                  /* the last set_config failed         */
	char refused_why[160];         /* its reason (no secrets in it)      */
	struct ipl_config cfg;
	char *devname;                 /* DEVICENAME, g_malloc'd             */
	char *conf_xml;                /* CONF_XML, g_malloc'd on first use  */
	struct ipl_runtime_ref runtime;
};

static const char ipl_pluginid[] = "ipmilan-stonith-device";

/* Set once by the init function; read on every use, never cached. */
static const PILPluginImports *PluginImports;
static StonithImports *OurImports;
static PILPlugin *OurPlugin;
static PILInterface *OurInterface;
static int ipl_debug_level;

/* ---- logging through the PILS logger ---- */

/*
 * True when this process runs under Pacemaker's fencer (fence_legacy runs
 * "stonith -E" with the fencer's environment).  The stonith command logs to
 * syslog there, which does not reach pacemaker.log; the fencer logs what
 * its agents write to stderr.
 */
static bool
under_fencer(void)
{
	const char *svc = getenv("PCMK_service");

	return svc != NULL && strcmp(svc, "pacemaker-fenced") == 0;
}

/*
 * Every line goes to the PILS logger.  Under the fencer a failure's reason
 * (level CRIT) is also written to stderr, in one write, so that it reaches
 * the cluster's own log.  Never stdout (the fencer parses stonith -l
 * there); the messages never hold a secret (engine/log.h).
 */
static void
pils_log_sink(ipl_log_level level, const char *msg, void *ud)
{
	char line[IPL_STATUS_MSG_LEN + 64];
	int n;

	(void)ud;
	if (PluginImports != NULL && PluginImports->log != NULL) {
		PILCallLog(PluginImports->log, (PILLogLevel)level, "%s", msg);
	}
	if (level == IPL_LOG_CRIT && under_fencer()) {
		n = snprintf(line, sizeof(line), "%s\n", msg);
		if (n > 0) {
			ssize_t w = write(STDERR_FILENO, line,
					  (size_t)n < sizeof(line) ? (size_t)n
					  : sizeof(line) - 1);
			(void)w;
		}
	}
}

/* ---- PILS plugin operations ---- */

static const char *
plugin_version(void)
{
	return PACKAGE_VERSION;
}

static int
plugin_get_debug(void)
{
	return ipl_debug_level;
}

static void
plugin_set_debug(int level)
{
	ipl_debug_level = level;
	ipl_log_set_debug(level);
}

static const char *
plugin_license(void)
{
	return LICENSE_LGPL;
}

static const char *
plugin_license_url(void)
{
	return URL_LGPL;
}

static void
plugin_close(PILPlugin *plugin)
{
	(void)plugin;
	ipl_log_set_sink(NULL, NULL);
}

static PILPluginOps plugin_ops = {
	plugin_version,
	plugin_get_debug,
	plugin_set_debug,
	plugin_license,
	plugin_license_url,
	plugin_close,
};

/* ---- stonith_ops ---- */

static struct ipl_device *
as_device(StonithPlugin *sp)
{
	struct ipl_device *dev = (struct ipl_device *)sp;

	if (dev == NULL || dev->pluginid != ipl_pluginid) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: called with an object that is "
			"not an ipmilan device");
		return NULL;
	}
	return dev;
}

static StonithPlugin *ipl_new(const char *subplugin);
static void ipl_destroy(StonithPlugin *sp);
static const char *ipl_get_info(StonithPlugin *sp, int reqtype);
static const char *const *ipl_get_confignames(StonithPlugin *sp);
static int ipl_set_config(StonithPlugin *sp, StonithNVpair *list);
static int ipl_get_status(StonithPlugin *sp);
static int ipl_req_reset(StonithPlugin *sp, int request, const char *node);
static char **ipl_get_hostlist(StonithPlugin *sp);

static struct stonith_ops ipl_ops = {
	ipl_new,
	ipl_destroy,
	ipl_get_info,
	ipl_get_confignames,
	ipl_set_config,
	ipl_get_status,
	ipl_req_reset,
	ipl_get_hostlist,
};

static StonithPlugin *
ipl_new(const char *subplugin)
{
	struct ipl_device *dev;

	(void)subplugin;
	dev = calloc(1, sizeof(*dev));
	if (dev == NULL) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: out of memory");
		return NULL;
	}
	dev->pluginid = ipl_pluginid;
	dev->sp.s_ops = &ipl_ops;
	return &dev->sp;
}

static void
ipl_destroy(StonithPlugin *sp)
{
	struct ipl_device *dev = as_device(sp);

	if (dev == NULL) {
		return;
	}
	ipl_runtime_release(&dev->runtime);
	ipl_config_clear(&dev->cfg);
	g_free(dev->devname);
	g_free(dev->conf_xml);
	dev->pluginid = NULL;
	/* sp.s.stype belongs to the library, which frees it. */
	free(dev);
}

static const char *
ipl_get_info(StonithPlugin *sp, int reqtype)
{
	struct ipl_device *dev = as_device(sp);

	if (dev == NULL) {
		return NULL;
	}
	switch (reqtype) {
	case ST_DEVICEID:
		return IPL_DEVICE_ID;
	case ST_DEVICENAME:
		return dev->devname != NULL ? dev->devname : IPL_DEVICE_ID;
	case ST_DEVICEDESCR:
		return IPL_DEVICE_DESCR;
	case ST_DEVICEURL:
		return IPL_DEVICE_URL;
	case ST_CONF_XML:
		if (dev->conf_xml == NULL) {
			dev->conf_xml = ipl_metadata_parameters();
		}
		return dev->conf_xml;
	default:
		return NULL;
	}
}

static const char *const *
ipl_get_confignames(StonithPlugin *sp)
{
	(void)sp;
	return ipl_config_names();
}

/* The environment, for the optional parameters "stonith -E" leaves out. */
static const char *
env_lookup(const char *name)
{
	return getenv(name);
}

/* libstonith's list as the engine's name/value pairs (g_free the array;
 * the strings stay the library's). */
static struct ipl_nv *
nv_from_stonith(const StonithNVpair *list)
{
	struct ipl_nv *nv;
	size_t n = 0;
	size_t i;

	while (list != NULL && list[n].s_name != NULL) {
		n++;
	}
	nv = g_new0(struct ipl_nv, n + 1);
	for (i = 0; i < n; i++) {
		nv[i].name = list[i].s_name;
		nv[i].value = list[i].s_value;
	}
	return nv;
}

/*
 * A refused configuration leaves the device unconfigured: it must not keep
 * fencing with the parameters it had before (a reconfiguration usually
 * means they are wrong now), so they are wiped and every operation fails
 * until a configuration is accepted.
 */
static void
unconfigure(struct ipl_device *dev, const char *why)
{
	ipl_config_clear(&dev->cfg);
	g_free(dev->devname);
	dev->devname = NULL;
	dev->configured = false;
	dev->refused = true;
	g_strlcpy(dev->refused_why, why, sizeof(dev->refused_why));
}

static int
ipl_set_config(StonithPlugin *sp, StonithNVpair *list)
{
	struct ipl_device *dev = as_device(sp);
	struct ipl_config cfg;
	struct ipl_nv *nv;
	ipl_status st;
	ipl_rc rc;

	if (dev == NULL) {
		return S_OOPS;
	}
	memset(&cfg, 0, sizeof(cfg));
	ipl_status_clear(&st);
	nv = nv_from_stonith(list);
	rc = ipl_config_parse(&cfg, nv, env_lookup, ipl_read_secret_file, &st);
	g_free(nv);
	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: invalid configuration: %s%s",
			st.msg, dev->configured ? "; the device's previous "
			"configuration is dropped: it is not configured now"
			: "");
		unconfigure(dev, st.msg);
		return ipl_rc_to_stonith(rc, 0);
	}
	ipl_config_clear(&dev->cfg);
	dev->cfg = cfg;
	memset(&cfg, 0, sizeof(cfg));
	g_free(dev->devname);
	dev->devname = ipl_config_describe(&dev->cfg);
	dev->configured = true;
	dev->refused = false;
	dev->refused_why[0] = '\0';
	return S_OK;
}

/*
 * True when dev may run an operation; otherwise logs why not (what names
 * the operation).  S_OOPS, not S_BADCONFIG, is the caller's answer then:
 * set_config already reported the bad parameters; this request itself has
 * none, it came in the wrong state.
 */
static bool
usable(const struct ipl_device *dev, const char *what)
{
	if (dev->configured) {
		return true;
	}
	if (dev->refused) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: %s refused: the device is not "
			"configured because its last configuration was refused "
			"(%s)", what, dev->refused_why);
	} else {
		ipl_log(IPL_LOG_CRIT, "ipmilan: %s requested before the "
			"device was configured", what);
	}
	return false;
}

static int
ipl_get_status(StonithPlugin *sp)
{
	struct ipl_device *dev = as_device(sp);
	struct ipl_bmc_lan lan;
	struct ipl_bmc bmc;
	ipl_status st;
	bool on = false;
	ipl_rc rc;

	if (dev == NULL) {
		return S_OOPS;
	}
	if (!usable(dev, "status")) {
		return S_OOPS;
	}
	ipl_status_clear(&st);
	ipl_bmc_lan_init(&lan, &dev->runtime, &dev->cfg, &bmc);
	rc = ipl_power_status(&bmc, &dev->cfg, &on, &st);
	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: status of %s failed (%s): %s",
			dev->devname, ipl_rc_name(rc), st.msg);
		return ipl_rc_to_stonith(rc, 0);
	}
	ipl_log(IPL_LOG_INFO, "ipmilan: %s: BMC answers, power is %s",
		dev->devname, on ? "on" : "off");
	return S_OK;
}

static int
ipl_req_reset(StonithPlugin *sp, int request, const char *node)
{
	struct ipl_device *dev = as_device(sp);
	enum ipl_power_request req;
	struct ipl_bmc_lan lan;
	struct ipl_bmc bmc;
	ipl_status st;
	ipl_rc rc;

	if (dev == NULL) {
		return S_OOPS;
	}
	if (!usable(dev, "reset")) {
		return S_OOPS;
	}
	if (node == NULL || !ipl_config_has_host(&dev->cfg, node)) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: node \"%s\" is not fenced by "
			"this device (%s); nothing was done",
			node != NULL ? node : "(null)", dev->devname);
		return S_BADHOST;
	}
	switch (request) {
	case ST_POWERON:
		req = IPL_POWER_ON;
		break;
	case ST_POWEROFF:
		req = IPL_POWER_OFF;
		break;
	case ST_GENERIC_RESET:
		req = IPL_POWER_RESET;
		break;
	default:
		ipl_log(IPL_LOG_CRIT, "ipmilan: request %d is not supported "
			"(on, off and reset are)", request);
		return S_INVAL;
	}
	ipl_status_clear(&st);
	ipl_bmc_lan_init(&lan, &dev->runtime, &dev->cfg, &bmc);
	rc = ipl_power_request(&bmc, &dev->cfg, req, &st);
	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: %s of node %s failed (%s): %s",
			ipl_power_request_name(req), node, ipl_rc_name(rc),
			st.msg);
		return ipl_rc_to_stonith(rc, 1);
	}
	ipl_log(IPL_LOG_INFO, "ipmilan: %s of node %s done: the BMC reports "
		"power %s", ipl_power_request_name(req), node,
		req == IPL_POWER_OFF ? "off" : "on");
	return S_OK;
}

static char **
ipl_get_hostlist(StonithPlugin *sp)
{
	struct ipl_device *dev = as_device(sp);

	if (dev == NULL || !dev->configured || OurImports == NULL) {
		return NULL;
	}
	/* Allocated with the library's allocator; the library frees it. */
	return OurImports->CopyHostList((const char *const *)dev->cfg.hosts);
}

/* ---- the one exported symbol ---- */

__attribute__((visibility("default")))
PIL_rc PIL_PLUGIN_INIT(PILPlugin *us, const PILPluginImports *imports,
		       void *user_data);

PIL_rc
PIL_PLUGIN_INIT(PILPlugin *us, const PILPluginImports *imports,
		void *user_data)
{
	PIL_rc rc;

	(void)user_data;
	PluginImports = imports;
	OurPlugin = us;
	ipl_log_set_sink(pils_log_sink, NULL);
	rc = imports->register_plugin(us, &plugin_ops);
	if (rc != PIL_OK) {
		return rc;
	}
	return imports->register_interface(us, PIL_PLUGINTYPE_S, PIL_PLUGIN_S,
					   &ipl_ops, NULL, &OurInterface,
					   (void **)&OurImports, NULL);
}
