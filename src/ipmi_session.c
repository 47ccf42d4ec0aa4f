/*
 * ipmi_session.c - IPMI-over-LAN sessions on the plugin's private OpenIPMI
 * runtime, using the non-deprecated raw connection API
 * (ipmi_lanp_setup_con, send_command, close_connection_done).
 *
 * The runtime is the only mutable file-scope state in the plugin: one
 * unthreaded os_handler with its own selector, initialized with ipmi_init,
 * reference counted across devices and torn down when the last hold goes.
 * One mutex serializes every use of OpenIPMI: it is held from
 * ipl_session_open to ipl_session_close, and around runtime changes.
 *
 * Lifetime of callback data: the connection-change handler, the response
 * handlers and the close handler all receive the ipl_session.  The session
 * is freed only after its connection reported closed (which delivers every
 * outstanding response first), so no callback can outlive it.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <OpenIPMI/ipmi_addr.h>
#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/ipmi_conn.h>
#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_lan.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/os_handler.h>

#include "ipl_log.h"
#include "ipl_openipmi.h"
#include "ipl_session.h"

/* How long a close may take before the session is abandoned (it is local). */
#define IPL_CLOSE_GRACE_MS 2000u
/* OpenIPMI sends each message at most this many times (fixed in 2.0.33). */
#define IPL_OPENIPMI_TRIES 7u
/* Completion codes OpenIPMI synthesizes for a lost or cancelled request. */
#define IPL_CC_TIMEOUT 0xC3
#define IPL_CC_UNSPECIFIED 0xFF

/* ------------------------------------------------------------------ */
/* Deadlines on CLOCK_MONOTONIC                                        */
/* ------------------------------------------------------------------ */

void
ipl_deadline_in(struct ipl_deadline *dl, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, &dl->at);
	dl->at.tv_sec += ms / 1000u;
	dl->at.tv_nsec += (long)(ms % 1000u) * 1000000L;
	if (dl->at.tv_nsec >= 1000000000L) {
		dl->at.tv_sec += 1;
		dl->at.tv_nsec -= 1000000000L;
	}
}

unsigned int
ipl_deadline_left_ms(const struct ipl_deadline *dl)
{
	struct timespec now;
	long long left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = (long long)(dl->at.tv_sec - now.tv_sec) * 1000LL
		+ (dl->at.tv_nsec - now.tv_nsec) / 1000000L;
	if (left <= 0) {
		/* Sub-millisecond remainders count as passed. */
		return 0;
	}
	return left > 0x7fffffffLL ? 0x7fffffffu : (unsigned int)left;
}

bool
ipl_deadline_passed(const struct ipl_deadline *dl)
{
	return ipl_deadline_left_ms(dl) == 0;
}

/* Milliseconds between two points of CLOCK_MONOTONIC. */
static unsigned int
elapsed_ms_since(const struct timespec *start)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - start->tv_sec) * 1000LL
		+ (now.tv_nsec - start->tv_nsec) / 1000000L;
	return ms < 0 ? 0u : (unsigned int)ms;
}

/* ------------------------------------------------------------------ */
/* The shared runtime                                                  */
/* ------------------------------------------------------------------ */

static pthread_mutex_t ipl_mutex = PTHREAD_MUTEX_INITIALIZER;

static struct {
	struct ipl_openipmi oi; /* the loaded library's functions    */
	os_handler_t *os;    /* NULL when there is no runtime        */
	pid_t pid;           /* process that created it              */
	unsigned int users;  /* holds taken in that process          */
} rt;

/* OpenIPMI's log lines, routed to ours.  They never carry secrets. */
static void
openipmi_log(os_handler_t *handler, const char *format,
	     enum ipmi_log_type_e log_type, va_list ap)
{
	char line[400];
	ipl_log_level level;

	(void)handler;
	switch (log_type) {
	case IPMI_LOG_WARNING:
		level = IPL_LOG_WARN;
		break;
	case IPMI_LOG_SEVERE:
	case IPMI_LOG_FATAL:
		level = IPL_LOG_CRIT;
		break;
	case IPMI_LOG_ERR_INFO:
		level = IPL_LOG_INFO;
		break;
	default:
		level = IPL_LOG_DEBUG;
		break;
	}
	vsnprintf(line, sizeof(line), format, ap);
	ipl_log(level, "OpenIPMI: %s", line);
}

/* Run whatever is ready (timers, deferred frees) without waiting. */
static void
pump_ready(os_handler_t *os)
{
	struct timeval tv = { 0, 0 };

	os->perform_one_op(os, &tv);
}

/* Tear the runtime down; the caller holds ipl_mutex. */
static void
runtime_destroy(void)
{
	os_handler_t *os = rt.os;

	if (os == NULL) {
		return;
	}
	rt.oi.shutdown();
	pump_ready(os);
	os->free_os_handler(os);
	ipl_openipmi_unload(&rt.oi);
	rt.os = NULL;
	rt.users = 0;
	rt.pid = 0;
}

/*
 * A runtime inherited through fork() belongs to the parent: its epoll set is
 * shared with it.  No session is open between operations, so nothing of it
 * is registered there; shut it down in this process's memory and build anew.
 */
static void
runtime_forget_inherited(void)
{
	if (rt.os != NULL && rt.pid != getpid()) {
		ipl_log(IPL_LOG_DEBUG,
			"ipmilan: discarding OpenIPMI state inherited from "
			"process %ld", (long)rt.pid);
		runtime_destroy();
	}
}

/* Take a hold for ref in this process; the caller holds ipl_mutex. */
static ipl_rc
runtime_hold(struct ipl_runtime_ref *ref, ipl_status *st)
{
	pid_t me = getpid();
	os_handler_t *os;
	int rv;

	runtime_forget_inherited();
	if (ref->held && ref->pid == me && rt.os != NULL) {
		return IPL_OK;
	}
	if (rt.os == NULL) {
		if (ipl_openipmi_load(&rt.oi, st) != IPL_OK) {
			return IPL_ERR_SYSTEM;
		}
		os = rt.oi.posix_setup_os_handler();
		if (os == NULL) {
			ipl_openipmi_unload(&rt.oi);
			return ipl_fail(st, IPL_ERR_SYSTEM,
					"cannot create the OpenIPMI os handler");
		}
		os->set_log_handler(os, openipmi_log);
		rv = rt.oi.init(os);
		if (rv != 0) {
			os->free_os_handler(os);
			ipl_openipmi_unload(&rt.oi);
			return ipl_fail(st, IPL_ERR_SYSTEM,
					"OpenIPMI initialization failed: %s",
					strerror(rv));
		}
		/* ipmi_init registers a check for Intel ATCA shelves that
		 * costs every session a PICMG Get Address Info round trip
		 * before it is up.  Chassis commands to a server's BMC need
		 * none of it; ipmi_shutdown's own call to this is a no-op. */
		if (rt.oi.atca_conn_shutdown != NULL) {
			rt.oi.atca_conn_shutdown();
		}
		rt.os = os;
		rt.pid = me;
		rt.users = 0;
	}
	rt.users++;
	ref->held = true;
	ref->pid = me;
	return IPL_OK;
}

void
ipl_runtime_release(struct ipl_runtime_ref *ref)
{
	pthread_mutex_lock(&ipl_mutex);
	if (ref->held && ref->pid == getpid() && rt.os != NULL
	    && rt.pid == ref->pid) {
		if (--rt.users == 0) {
			runtime_destroy();
		}
	} else {
		/* A hold from another process, or state from the parent. */
		runtime_forget_inherited();
	}
	ref->held = false;
	ref->pid = 0;
	pthread_mutex_unlock(&ipl_mutex);
}

unsigned int
ipl_runtime_users(void)
{
	unsigned int n;

	pthread_mutex_lock(&ipl_mutex);
	n = (rt.os != NULL && rt.pid == getpid()) ? rt.users : 0;
	pthread_mutex_unlock(&ipl_mutex);
	return n;
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

struct ipl_session {
	ipmi_con_t *con;
	enum ipl_iface iface;
	char where[80];           /* "addr:port" for messages            */
	unsigned int msg_timeout_ms;

	/* Set by con_changed. */
	bool con_reported;
	bool con_up;
	int con_err;

	/* Set by close_done. */
	bool closed;

	/* The one outstanding request, set by rsp_done. */
	unsigned long req_gen;
	bool req_done;
	uint8_t rsp[IPMI_MAX_MSG_LENGTH];
	size_t rsp_len;
};

static void
con_changed(ipmi_con_t *ipmi, int err, unsigned int port_num,
	    int any_port_up, void *cb_data)
{
	struct ipl_session *s = cb_data;

	(void)ipmi;
	(void)port_num;
	s->con_reported = true;
	if (err != 0 && s->con_err == 0) {
		s->con_err = err;
	}
	if (err == 0 && any_port_up) {
		s->con_up = true;
	}
}

static void
close_done(ipmi_con_t *ipmi, void *cb_data)
{
	struct ipl_session *s = cb_data;

	(void)ipmi;
	s->closed = true;
}

/*
 * Runs exactly once per sent request: with the answer, with a synthesized
 * 0xC3 after OpenIPMI's last retry, or with 0xFF (and ipmi NULL) when the
 * connection closes first.  Answers to an abandoned request are dropped.
 */
static int
rsp_done(ipmi_con_t *ipmi, ipmi_msgi_t *rspi)
{
	struct ipl_session *s = rspi->data1;
	unsigned long gen = (unsigned long)(uintptr_t)rspi->data2;
	size_t n;

	(void)ipmi;
	if (s != NULL && gen == s->req_gen && !s->req_done) {
		n = rspi->msg.data_len;
		if (n > sizeof(s->rsp)) {
			n = sizeof(s->rsp);
		}
		if (n > 0 && rspi->msg.data != NULL) {
			memcpy(s->rsp, rspi->msg.data, n);
		}
		s->rsp_len = n;
		s->req_done = true;
	}
	return IPMI_MSG_ITEM_NOT_USED;
}

/*
 * Run the selector for one event, waiting at most until dl.  Returns false
 * (without waiting) once dl has passed.
 */
static bool
pump_once(const struct ipl_deadline *dl)
{
	unsigned int left = ipl_deadline_left_ms(dl);
	struct timeval tv;

	if (left == 0) {
		return false;
	}
	tv.tv_sec = left / 1000u;
	tv.tv_usec = (suseconds_t)(left % 1000u) * 1000;
	rt.os->perform_one_op(rt.os, &tv);
	return true;
}

/* Run the selector until *flag is set (true) or dl passes (false). */
static bool
pump_until(const bool *flag, const struct ipl_deadline *dl)
{
	while (!*flag) {
		if (!pump_once(dl)) {
			return false;
		}
	}
	return true;
}

/* As pump_until, for the connection coming up or failing. */
static bool
pump_until_connected(struct ipl_session *s, const struct ipl_deadline *dl)
{
	while (!s->con_up && s->con_err == 0) {
		if (!pump_once(dl)) {
			return false;
		}
	}
	return true;
}

/*
 * Close s->con (if any) and wait for OpenIPMI to report it closed.  Returns
 * false when the close did not complete: then s must not be freed.
 */
static bool
close_connection(struct ipl_session *s)
{
	struct ipl_deadline grace;
	int rv;

	if (s->con == NULL) {
		return true;
	}
	s->con->remove_con_change_handler(s->con, con_changed, s);
	s->closed = false;
	rv = s->con->close_connection_done(s->con, close_done, s);
	if (rv != 0) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: closing the session to %s "
			"failed: %s", s->where, strerror(rv));
		return false;
	}
	ipl_deadline_in(&grace, IPL_CLOSE_GRACE_MS);
	if (!pump_until(&s->closed, &grace)) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: the session to %s did not "
			"close within %u ms", s->where, IPL_CLOSE_GRACE_MS);
		return false;
	}
	/* The socket's state is freed by a deferred runner. */
	pump_ready(rt.os);
	s->con = NULL;
	return true;
}

static void
session_free(struct ipl_session *s)
{
	if (s->con == NULL || close_connection(s)) {
		memset(s, 0, sizeof(*s));
		free(s);
	}
	/* else: OpenIPMI may still call back into s; leaving it allocated
	 * is the only safe choice, and it was logged. */
}

/* Resolve cfg->ipaddr to a numeric address string and its family. */
static ipl_rc
resolve_bmc(const struct ipl_config *cfg, char *numeric, size_t numeric_len,
	    int *family, ipl_status *st)
{
	struct addrinfo hints;
	struct addrinfo *res = NULL;
	char port[8];
	int rv;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	snprintf(port, sizeof(port), "%u", cfg->port);
	rv = getaddrinfo(cfg->ipaddr, port, &hints, &res);
	if (rv != 0 || res == NULL) {
		if (res != NULL) {
			freeaddrinfo(res);
		}
		return ipl_fail(st, rv == EAI_AGAIN ? IPL_ERR_TIMEOUT
				: IPL_ERR_CONFIG,
				"ipaddr: cannot resolve \"%s\": %s",
				cfg->ipaddr, gai_strerror(rv));
	}
	rv = getnameinfo(res->ai_addr, res->ai_addrlen, numeric,
			 (socklen_t)numeric_len, NULL, 0, NI_NUMERICHOST);
	*family = res->ai_family;
	freeaddrinfo(res);
	if (rv != 0) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"ipaddr: cannot use the address of \"%s\": %s",
				cfg->ipaddr, gai_strerror(rv));
	}
	return IPL_OK;
}

/* What an RMCP+ status code in a failed connect means to an operator. */
static ipl_rc
rmcpp_failure(struct ipl_session *s, const struct ipl_config *cfg,
	      unsigned int code, ipl_status *st)
{
	switch (code) {
	case 0x0d:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: unknown user \"%s\" (RMCP+ status "
				"0x0d, unauthorized name)", s->where,
				cfg->login);
	case 0x09:
	case 0x0a:
	case 0x0b:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: user \"%s\" may not open a session at "
				"%s privilege (RMCP+ status 0x%02x)",
				s->where, cfg->login, ipl_priv_name(cfg->priv),
				code);
	case 0x0f:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: authentication failed: wrong password "
				"or K_g (RMCP+ status 0x0f, invalid integrity "
				"check value)", s->where);
	case 0x04:
	case 0x05:
	case 0x06:
	case 0x07:
	case 0x10:
	case 0x11:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s refuses cipher suite %d (RMCP+ status "
				"0x%02x); choose a suite the BMC offers",
				s->where, cfg->cipher, code);
	case 0x01:
		return ipl_fail(st, IPL_ERR_REFUSED,
				"BMC %s has no free session slot (RMCP+ status "
				"0x01)", s->where);
	default:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s refused the RMCP+ session (status "
				"0x%02x)", s->where, code);
	}
}

/* What an IPMI completion code in a failed connect means. */
static ipl_rc
ipmi_cc_failure(struct ipl_session *s, const struct ipl_config *cfg,
		unsigned int cc, ipl_status *st)
{
	switch (cc) {
	case IPL_CC_TIMEOUT:
		if (s->iface == IPL_IFACE_LAN) {
			return ipl_fail(st, IPL_ERR_TIMEOUT,
					"no answer from BMC %s while opening an "
					"IPMI 1.5 session (a BMC may also stay "
					"silent on a wrong password)",
					s->where);
		}
		return ipl_fail(st, IPL_ERR_TIMEOUT,
				"no answer from BMC %s", s->where);
	case 0x81:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: unknown user \"%s\" or no session "
				"slot (completion code 0x81)", s->where,
				cfg->login);
	case 0x82:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: no session slot for user \"%s\" "
				"(completion code 0x82)", s->where,
				cfg->login);
	case 0x80:
	case 0x83:
	case 0x86:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: user \"%s\" may not use %s privilege "
				"(completion code 0x%02x)", s->where,
				cfg->login, ipl_priv_name(cfg->priv), cc);
	case 0xD4:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: insufficient privilege (completion "
				"code 0xD4)", s->where);
	default:
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s refused the session: completion code "
				"0x%02x", s->where, cc);
	}
}

/*
 * True when a connect error arrived only after OpenIPMI's last retry, which
 * means the BMC went silent: an answer, even after a few lost datagrams,
 * comes well before that.
 */
static bool
after_all_retries(const struct ipl_session *s, unsigned int elapsed_ms)
{
	return elapsed_ms + s->msg_timeout_ms
		>= (IPL_OPENIPMI_TRIES - 1u) * s->msg_timeout_ms;
}

/* Turn a connect error into a result; *no_rmcpp when lanplus is absent. */
static ipl_rc
connect_failure(struct ipl_session *s, const struct ipl_config *cfg,
		int err, unsigned int elapsed_ms, bool *no_rmcpp,
		ipl_status *st)
{
	char text[160];

	*no_rmcpp = false;
	if (IPMI_IS_RMCPP_ERR(err)) {
		return rmcpp_failure(s, cfg, IPMI_GET_RMCPP_ERR(err), st);
	}
	if (IPMI_IS_IPMI_ERR(err)) {
		return ipmi_cc_failure(s, cfg, IPMI_GET_IPMI_ERR(err), st);
	}
	if (err == ENOENT && s->iface == IPL_IFACE_LANPLUS) {
		/* OpenIPMI reports both "no RMCP+" and "no answer" this way. */
		if (after_all_retries(s, elapsed_ms)) {
			return ipl_fail(st, IPL_ERR_TIMEOUT,
					"no answer from BMC %s", s->where);
		}
		*no_rmcpp = true;
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s does not offer IPMI 2.0 RMCP+ "
				"(try interface=lan)", s->where);
	}
	if (err == EINVAL) {
		/* A lost Open Session Request also ends in EINVAL: OpenIPMI
		 * hands its RMCP+ code the 1-byte 0xC3 answer of the last
		 * retry ("Message data too short").  A wrong password fails
		 * at once; EINVAL after all the retries is silence. */
		if (s->iface == IPL_IFACE_LANPLUS
		    && after_all_retries(s, elapsed_ms)) {
			return ipl_fail(st, IPL_ERR_TIMEOUT,
					"no answer from BMC %s while opening "
					"the RMCP+ session", s->where);
		}
		if (s->iface == IPL_IFACE_LANPLUS) {
			return ipl_fail(st, IPL_ERR_ACCESS,
					"BMC %s: authentication failed: wrong "
					"password or K_g for user \"%s\"",
					s->where, cfg->login);
		}
		return ipl_fail(st, IPL_ERR_ACCESS,
				"BMC %s: authentication type %s is not "
				"offered for %s privilege", s->where,
				ipl_auth_name(cfg->auth),
				ipl_priv_name(cfg->priv));
	}
	rt.oi.get_error_string((unsigned int)err, text, sizeof(text));
	return ipl_fail(st, IPL_ERR_ACCESS, "cannot open a session to BMC "
			"%s: %s", s->where, text);
}

/*
 * One attempt to connect on iface.  On failure the session is left with no
 * connection and st says why.
 */
static ipl_rc
connect_once(struct ipl_session *s, const struct ipl_config *cfg,
	     const char *numeric, int family, enum ipl_iface iface,
	     const struct ipl_deadline *dl, bool *no_rmcpp, ipl_status *st)
{
	ipmi_lanp_parm_t parms[16];
	unsigned int n = 0;
	char port[8];
	char *addrs[1];
	char *ports[1];
	const struct ipl_cipher_suite *suite;
	struct timespec start;
	ipl_rc rc;
	int rv;

	*no_rmcpp = false;
	if (s->con != NULL) {
		/* An earlier attempt's connection never closed. */
		return ipl_fail(st, IPL_ERR_SYSTEM, "the previous connection "
				"to BMC %s is still closing", s->where);
	}
	s->iface = iface;
	s->con_reported = false;
	s->con_up = false;
	s->con_err = 0;
	snprintf(port, sizeof(port), "%u", cfg->port);
	addrs[0] = (char *)numeric;
	ports[0] = port;

	memset(parms, 0, sizeof(parms));
	parms[n].parm_id = IPMI_LANP_PARMID_ADDRS;
	parms[n].parm_data = addrs;
	parms[n++].parm_data_len = 1;
	parms[n].parm_id = IPMI_LANP_PARMID_PORTS;
	parms[n].parm_data = ports;
	parms[n++].parm_data_len = 1;
	parms[n].parm_id = IPMI_LANP_ADDRESS_FAMILY;
	parms[n++].parm_val = family;
	parms[n].parm_id = IPMI_LANP_PARMID_PRIVILEGE;
	parms[n++].parm_val = cfg->priv;
	parms[n].parm_id = IPMI_LANP_PARMID_USERNAME;
	parms[n].parm_data = (void *)cfg->login;
	parms[n++].parm_data_len = (unsigned int)strlen(cfg->login);
	parms[n].parm_id = IPMI_LANP_PARMID_PASSWORD;
	parms[n].parm_data = (void *)cfg->password;
	parms[n++].parm_data_len = (unsigned int)cfg->password_len;
	parms[n].parm_id = IPMI_LANP_DEFAULT_TIMEOUT;
	parms[n++].parm_val = (int)(cfg->msg_timeout_ms * 1000u);
	parms[n].parm_id = IPMI_LANP_DEFAULT_SIDEEFFECT_TIMEOUT;
	parms[n++].parm_val = (int)(cfg->msg_timeout_ms * 1000u);
	if (iface == IPL_IFACE_LANPLUS) {
		suite = ipl_cipher_lookup(cfg->cipher);
		if (suite == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"cipher: suite %d is not available",
					cfg->cipher);
		}
		parms[n].parm_id = IPMI_LANP_PARMID_AUTHTYPE;
		parms[n++].parm_val = IPMI_AUTHTYPE_RMCP_PLUS;
		parms[n].parm_id = IPMI_LANP_AUTHENTICATION_ALGORITHM;
		parms[n++].parm_val = (int)suite->auth_alg;
		parms[n].parm_id = IPMI_LANP_INTEGRITY_ALGORITHM;
		parms[n++].parm_val = (int)suite->integ_alg;
		parms[n].parm_id = IPMI_LANP_CONFIDENTIALITY_ALGORITHM;
		parms[n++].parm_val = (int)suite->conf_alg;
		if (cfg->kg_len > 0) {
			parms[n].parm_id = IPMI_LANP_BMC_KEY;
			parms[n].parm_data = (void *)cfg->kg;
			parms[n++].parm_data_len = (unsigned int)cfg->kg_len;
		}
	} else {
		parms[n].parm_id = IPMI_LANP_PARMID_AUTHTYPE;
		parms[n++].parm_val = cfg->auth;
	}

	rv = rt.oi.lanp_setup_con(parms, n, rt.os, NULL, &s->con);
	/* OpenIPMI copied what it needs; no secret stays in parms. */
	memset(parms, 0, sizeof(parms));
	if (rv != 0) {
		s->con = NULL;
		/* EINVAL: OpenIPMI refused a parameter; anything else is the
		 * system (memory, sockets). */
		return ipl_fail(st, rv == EINVAL ? IPL_ERR_CONFIG
				: IPL_ERR_SYSTEM,
				"cannot set up a connection to BMC %s: %s",
				s->where, strerror(rv));
	}
	rv = s->con->add_con_change_handler(s->con, con_changed, s);
	if (rv == 0) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		rv = s->con->start_con(s->con);
	}
	if (rv != 0) {
		close_connection(s);
		return ipl_fail(st, IPL_ERR_SYSTEM,
				"cannot start the connection to BMC %s: %s",
				s->where, strerror(rv));
	}

	if (!pump_until_connected(s, dl)) {
		rc = ipl_fail(st, IPL_ERR_TIMEOUT,
			      "no session with BMC %s within the timeout",
			      s->where);
	} else if (s->con_err != 0) {
		rc = connect_failure(s, cfg, s->con_err,
				     elapsed_ms_since(&start), no_rmcpp, st);
	} else {
		return IPL_OK;
	}
	/* Fail fast: never leave OpenIPMI retrying in the background.
	 * A connection that will not close stays owned by s (logged). */
	close_connection(s);
	return rc;
}

/*
 * Connect on the configured interface; with interface=auto, RMCP+ first and
 * IPMI 1.5 only when the BMC answers that it has no RMCP+.
 */
static ipl_rc
connect_any(struct ipl_session *s, const struct ipl_config *cfg,
	    const char *numeric, int family, const struct ipl_deadline *dl,
	    ipl_status *st)
{
	bool no_rmcpp = false;
	ipl_rc rc;

	if (cfg->iface == IPL_IFACE_LAN) {
		return connect_once(s, cfg, numeric, family, IPL_IFACE_LAN,
				    dl, &no_rmcpp, st);
	}
	rc = connect_once(s, cfg, numeric, family, IPL_IFACE_LANPLUS, dl,
			  &no_rmcpp, st);
	if (rc == IPL_OK || !no_rmcpp || cfg->iface != IPL_IFACE_AUTO
	    || ipl_deadline_passed(dl)) {
		return rc;
	}
	ipl_log(IPL_LOG_WARN, "ipmilan: BMC %s offers no RMCP+; falling back "
		"to IPMI 1.5 with %s authentication (set interface=lanplus to "
		"forbid this)", s->where, ipl_auth_name(cfg->auth));
	ipl_status_clear(st);
	rc = connect_once(s, cfg, numeric, family, IPL_IFACE_LAN, dl,
			  &no_rmcpp, st);
	if (rc == IPL_ERR_TIMEOUT && !ipl_deadline_passed(dl)) {
		/* The BMC answered the RMCP+ probe, so its silence now is a
		 * refused session. */
		rc = ipl_fail(st, IPL_ERR_ACCESS, "BMC %s answers but never "
			      "accepted the IPMI 1.5 session: wrong password "
			      "for user \"%s\" (or %s authentication "
			      "refused)", s->where, cfg->login,
			      ipl_auth_name(cfg->auth));
	}
	return rc;
}

ipl_rc
ipl_session_open(struct ipl_runtime_ref *ref, const struct ipl_config *cfg,
		 const struct ipl_deadline *dl, bool persist,
		 struct ipl_session **out, ipl_status *st)
{
	struct ipl_session *s;
	char numeric[NI_MAXHOST];
	int family = AF_UNSPEC;
	unsigned int attempt;
	ipl_rc rc;
	int rv;

	*out = NULL;
	rc = resolve_bmc(cfg, numeric, sizeof(numeric), &family, st);
	if (rc != IPL_OK) {
		return rc;
	}

	/* Another thread's operation may hold the engine: wait for it only
	 * until this operation's own deadline. */
	rv = pthread_mutex_clocklock(&ipl_mutex, CLOCK_MONOTONIC, &dl->at);
	if (rv != 0) {
		return ipl_fail(st, rv == ETIMEDOUT ? IPL_ERR_TIMEOUT
				: IPL_ERR_SYSTEM,
				"the IPMI engine stayed busy with another "
				"operation of this process until the deadline");
	}
	rc = runtime_hold(ref, st);
	if (rc != IPL_OK) {
		pthread_mutex_unlock(&ipl_mutex);
		return rc;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		pthread_mutex_unlock(&ipl_mutex);
		return ipl_fail(st, IPL_ERR_SYSTEM, "out of memory");
	}
	s->msg_timeout_ms = cfg->msg_timeout_ms;
	snprintf(s->where, sizeof(s->where),
		 family == AF_INET6 ? "[%s]:%u" : "%s:%u", numeric, cfg->port);

	for (attempt = 1;; attempt++) {
		rc = connect_any(s, cfg, numeric, family, dl, st);
		if (rc != IPL_ERR_TIMEOUT || !persist
		    || ipl_deadline_left_ms(dl) < cfg->msg_timeout_ms) {
			break;
		}
		/* Silence, and time left: a datagram lost in the handshake
		 * ends OpenIPMI's attempt early; start the session again. */
		ipl_log(IPL_LOG_INFO, "ipmilan: attempt %u to open a session "
			"with BMC %s failed (%s); trying again within the "
			"timeout", attempt, s->where, st != NULL ? st->msg : "");
		ipl_status_clear(st);
	}
	if (rc != IPL_OK) {
		session_free(s);
		pthread_mutex_unlock(&ipl_mutex);
		return rc;
	}
	ipl_log(IPL_LOG_DEBUG, "ipmilan: session open to %s over %s as %s "
		"at %s privilege", s->where, ipl_iface_name(s->iface),
		cfg->login, ipl_priv_name(cfg->priv));
	*out = s;
	return IPL_OK;
}

ipl_rc
ipl_session_request(struct ipl_session *s, uint8_t netfn, uint8_t cmd,
		    const uint8_t *data, size_t data_len, bool side_effects,
		    const struct ipl_deadline *dl, uint8_t *rsp,
		    size_t rsp_cap, size_t *rsp_len, ipl_status *st)
{
	ipmi_system_interface_addr_t si;
	ipmi_con_option_t opts[2];
	ipmi_msg_t msg;
	ipmi_msgi_t *item;
	uint8_t buf[IPMI_MAX_MSG_LENGTH];
	int rv;

	*rsp_len = 0;
	if (data_len > sizeof(buf)) {
		return ipl_fail(st, IPL_ERR_SYSTEM, "request too long");
	}
	if (ipl_deadline_passed(dl)) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "no time left to send "
				"command 0x%02x to BMC %s", cmd, s->where);
	}
	memset(&si, 0, sizeof(si));
	si.addr_type = IPMI_SYSTEM_INTERFACE_ADDR_TYPE;
	si.channel = IPMI_BMC_CHANNEL;
	si.lun = 0;
	if (data_len > 0) {
		memcpy(buf, data, data_len);
	}
	msg.netfn = netfn;
	msg.cmd = cmd;
	msg.data = buf;
	msg.data_len = (unsigned short)data_len;

	item = rt.oi.alloc_msg_item();
	if (item == NULL) {
		return ipl_fail(st, IPL_ERR_SYSTEM, "out of memory");
	}
	s->req_gen++;
	s->req_done = false;
	s->rsp_len = 0;
	item->data1 = s;
	item->data2 = (void *)(uintptr_t)s->req_gen;

	if (side_effects && s->con->send_command_option != NULL) {
		opts[0].option = IPMI_CON_MSG_OPTION_SIDE_EFFECTS;
		opts[0].ival = 1;
		opts[1].option = IPMI_CON_OPTION_LIST_END;
		opts[1].ival = 0;
		rv = s->con->send_command_option(s->con, (ipmi_addr_t *)&si,
						 sizeof(si), &msg, opts,
						 rsp_done, item);
	} else {
		rv = s->con->send_command(s->con, (ipmi_addr_t *)&si,
					  sizeof(si), &msg, rsp_done, item);
	}
	if (rv != 0) {
		/* No callback will come for a refused send. */
		rt.oi.free_msg_item(item);
		return ipl_fail(st, IPL_ERR_SYSTEM, "cannot send command "
				"0x%02x to BMC %s: %s", cmd, s->where,
				strerror(rv));
	}
	if (!pump_until(&s->req_done, dl)) {
		/* Abandon it: its handler will still run, before close ends. */
		s->req_gen++;
		return ipl_fail(st, IPL_ERR_TIMEOUT, "no answer from BMC %s "
				"to command 0x%02x within the timeout",
				s->where, cmd);
	}
	if (s->rsp_len == 1 && s->rsp[0] == IPL_CC_TIMEOUT) {
		return ipl_fail(st, IPL_ERR_TIMEOUT, "no answer from BMC %s "
				"to command 0x%02x after %u tries of %u ms",
				s->where, cmd, IPL_OPENIPMI_TRIES,
				s->msg_timeout_ms);
	}
	if (s->rsp_len == 0) {
		return ipl_fail(st, IPL_ERR_PROTOCOL, "empty answer from BMC "
				"%s to command 0x%02x", s->where, cmd);
	}
	*rsp_len = s->rsp_len < rsp_cap ? s->rsp_len : rsp_cap;
	memcpy(rsp, s->rsp, *rsp_len);
	return IPL_OK;
}

enum ipl_iface
ipl_session_iface(const struct ipl_session *s)
{
	return s->iface;
}

const char *
ipl_session_where(const struct ipl_session *s)
{
	return s->where;
}

void
ipl_session_close(struct ipl_session *s)
{
	if (s == NULL) {
		return;
	}
	session_free(s);
	pthread_mutex_unlock(&ipl_mutex);
}
