/*
 * runtime.c - the engine's process-wide OpenIPMI runtime
 * (engine/runtime.h): created lazily, reference counted across devices,
 * rebuilt after fork, serialized by one mutex.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "engine/log.h"
#include "engine/runtime.h"
#include "engine/sha256_algs.h"

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

/* Run whatever is ready on os without waiting. */
static void
pump_ready(os_handler_t *os)
{
	struct timeval tv = { 0, 0 };

	os->perform_one_op(os, &tv);
}

/*
 * Register RAKP-HMAC-SHA256 and HMAC-SHA256-128 (cipher suites 15 to 17)
 * after ipmi_init and before any connection.  Without them those suites
 * fail at connection setup (ENOSYS), with the reason logged here.
 */
static void
runtime_register_sha256(void)
{
	int rv;

	if (rt.oi.sha256_missing != NULL) {
		ipl_log(IPL_LOG_WARN, "ipmilan: cipher suites 15 to 17 are "
			"unavailable: %s not found", rt.oi.sha256_missing);
		return;
	}
	rv = ipl_sha256_register(&rt.oi.sha256);
	if (rv == EAGAIN) {
		ipl_log(IPL_LOG_DEBUG, "ipmilan: OpenIPMI has its own "
			"SHA-256 RMCP+ algorithms");
	} else if (rv != 0) {
		ipl_log(IPL_LOG_WARN, "ipmilan: cipher suites 15 to 17 are "
			"unavailable: cannot register the SHA-256 algorithms: "
			"%s", strerror(rv));
	}
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
	/* No connection is left; OpenIPMI must drop its pointers into the
	 * engine before the library or the plugin can be unloaded. */
	ipl_sha256_unregister();
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

/* Load OpenIPMI and create the handler; the caller holds ipl_mutex. */
static ipl_rc
runtime_create(pid_t me, ipl_status *st)
{
	os_handler_t *os;
	int rv;

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
	/* ipmi_init registers a check for Intel ATCA shelves that costs
	 * every session a PICMG Get Address Info round trip before it is up.
	 * Chassis commands to a server's BMC need none of it; ipmi_shutdown's
	 * own call to this is a no-op. */
	if (rt.oi.atca_conn_shutdown != NULL) {
		rt.oi.atca_conn_shutdown();
	}
	runtime_register_sha256();
	rt.os = os;
	rt.pid = me;
	rt.users = 0;
	return IPL_OK;
}

/* Take a hold for ref in this process; the caller holds ipl_mutex. */
static ipl_rc
runtime_hold(struct ipl_runtime_ref *ref, ipl_status *st)
{
	pid_t me = getpid();

	runtime_forget_inherited();
	if (ref->held && ref->pid == me && rt.os != NULL) {
		return IPL_OK;
	}
	if (rt.os == NULL && runtime_create(me, st) != IPL_OK) {
		return IPL_ERR_SYSTEM;
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

ipl_rc
ipl_runtime_enter(struct ipl_runtime_ref *ref, const struct ipl_deadline *dl,
		  ipl_status *st)
{
	int rv;

	/* Another thread's operation may hold the engine: wait for it only
	 * until this operation's own deadline. */
	rv = pthread_mutex_clocklock(&ipl_mutex, CLOCK_MONOTONIC, &dl->at);
	if (rv != 0) {
		return ipl_fail(st, rv == ETIMEDOUT ? IPL_ERR_TIMEOUT
				: IPL_ERR_SYSTEM,
				"the IPMI engine stayed busy with another "
				"operation of this process until the deadline");
	}
	if (runtime_hold(ref, st) != IPL_OK) {
		pthread_mutex_unlock(&ipl_mutex);
		return IPL_ERR_SYSTEM;
	}
	return IPL_OK;
}

void
ipl_runtime_leave(void)
{
	pthread_mutex_unlock(&ipl_mutex);
}

const struct ipl_openipmi *
ipl_runtime_oi(void)
{
	return &rt.oi;
}

os_handler_t *
ipl_runtime_os(void)
{
	return rt.os;
}

void
ipl_runtime_pump_ready(void)
{
	pump_ready(rt.os);
}

bool
ipl_runtime_pump_once(const struct ipl_deadline *dl)
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

bool
ipl_runtime_pump_until(const bool *flag, const struct ipl_deadline *dl)
{
	while (!*flag) {
		if (!ipl_runtime_pump_once(dl)) {
			return false;
		}
	}
	return true;
}
