/*
 * runtime.c - the engine's OpenIPMI runtime (engine/runtime.h): loaded,
 * initialized, shut down and unloaded inside every operation, under one
 * mutex; its file descriptors close-on-exec; discarded untouched by a
 * child forked while it was up.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <glib.h>

#include "engine/log.h"
#include "engine/runtime.h"
#include "engine/wire_watch.h"

/* Descriptors of OpenIPMI tracked at once: its epoll fd, one LAN socket per
 * address family in use, and room to spare.  Past this they are still made
 * close-on-exec, only not closed by a child that discards the runtime. */
#define IPL_RT_MAX_FDS 8

typedef int (*add_fd_fn)(os_handler_t *, int, os_data_ready_t, void *,
			 os_fd_data_freed_t, os_hnd_fd_id_t **);
typedef int (*remove_fd_fn)(os_handler_t *, os_hnd_fd_id_t *);

struct tracked_fd {
	int fd;
	os_hnd_fd_id_t *id;   /* the handler's id; NULL for the selector's */
};

static pthread_mutex_t ipl_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/*
 * Everything here is written only by the thread holding ipl_mutex, except
 * current_op, which ipl_runtime_release reads without it.
 */
static struct {
	struct ipl_openipmi oi;    /* the loaded library's functions      */
	bool loaded;               /* oi (and the libraries) are loaded   */
	os_handler_t *os;          /* the handler, NULL when there is none */
	pid_t pid;                 /* process that created this state     */
	bool busy;                 /* an operation holds ipl_mutex        */
	pthread_t owner;           /* its thread, while busy              */
	unsigned long op_seq;      /* operations started in this process  */
	unsigned long current_op;  /* the running one, 0 between them     */
	add_fd_fn add_fd;          /* the handler's own fd functions      */
	remove_fd_fn remove_fd;
	struct tracked_fd fds[IPL_RT_MAX_FDS];
	size_t nfds;
} rt;

/* OpenIPMI's last log lines, numbered, for the session's diagnosis of a
 * failed handshake (engine/runtime.h).  Written under ipl_mutex. */
#define SAID_LINES 8u
static struct {
	unsigned int count;             /* lines so far                  */
	char line[SAID_LINES][160];     /* line n is at n % SAID_LINES   */
} said;

static void
remember_said(const char *line)
{
	g_strlcpy(said.line[said.count % SAID_LINES], line,
		  sizeof(said.line[0]));
	said.count++;
}

unsigned int
ipl_runtime_said_mark(void)
{
	return said.count;
}

bool
ipl_runtime_said_since(unsigned int mark, const char *needle)
{
	unsigned int n;

	if (said.count - mark > SAID_LINES) {
		mark = said.count - SAID_LINES;
	}
	for (n = mark; n != said.count; n++) {
		if (strstr(said.line[n % SAID_LINES], needle) != NULL) {
			return true;
		}
	}
	return false;
}

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
	remember_said(line);
	ipl_log(level, "OpenIPMI: %s", line);
}

/* ---- file descriptors ---- */

static void
set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags >= 0 && (flags & FD_CLOEXEC) == 0) {
		(void)fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	}
}

static void
track_fd(int fd, os_hnd_fd_id_t *id)
{
	if (rt.nfds < IPL_RT_MAX_FDS) {
		rt.fds[rt.nfds].fd = fd;
		rt.fds[rt.nfds].id = id;
		rt.nfds++;
	}
}

/*
 * Every socket OpenIPMI's LAN code opens is registered through this (it
 * calls the handler passed to ipmi_init): make it close-on-exec before the
 * handler sees it.  OpenIPMI opens it without SOCK_CLOEXEC; the window
 * between its socket() and this call is the one left to a fork+exec in
 * another thread.
 */
static int
add_fd_cloexec(os_handler_t *os, int fd, os_data_ready_t ready, void *data,
	       os_fd_data_freed_t freed, os_hnd_fd_id_t **id)
{
	int rv;

	set_cloexec(fd);
	/* What arrives is peeked at for the handshake's progress. */
	ipl_wire_wrap(&ready, &data, &freed);
	rv = rt.add_fd(os, fd, ready, data, freed, id);
	if (rv == 0) {
		track_fd(fd, *id);
	} else {
		ipl_wire_unwrap(data);
	}
	return rv;
}

/* OpenIPMI removes a socket from the handler before closing it: forget it
 * first, so that a child never closes a number that is reused by then. */
static int
remove_fd_tracked(os_handler_t *os, os_hnd_fd_id_t *id)
{
	size_t i;

	for (i = 0; i < rt.nfds; i++) {
		if (rt.fds[i].id == id) {
			rt.fds[i] = rt.fds[rt.nfds - 1];
			rt.nfds--;
			break;
		}
	}
	return rt.remove_fd(os, id);
}

struct fd_list {
	int *fd;
	size_t n;
};

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a;
	int y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The open descriptors of this process, sorted; false if /proc is not
 * readable or memory ran out. */
static bool
fd_list_read(struct fd_list *l)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	size_t cap = 0;
	int self;

	l->fd = NULL;
	l->n = 0;
	if (d == NULL) {
		return false;
	}
	self = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9') {
			continue;
		}
		fd = atoi(e->d_name);
		if (fd == self) {
			continue;
		}
		if (l->n == cap) {
			int *more = realloc(l->fd, (cap + 64) * sizeof(int));

			if (more == NULL) {
				break;
			}
			l->fd = more;
			cap += 64;
		}
		l->fd[l->n++] = fd;
	}
	closedir(d);
	if (l->n > 0) {
		qsort(l->fd, l->n, sizeof(int), cmp_int);
	}
	return e == NULL;
}

/* True when fd is an epoll instance (what OpenIPMI's selector opens). */
static bool
is_epoll_fd(int fd)
{
	char path[32];
	char link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0) {
		return false;
	}
	link[n] = '\0';
	return strcmp(link, "anon_inode:[eventpoll]") == 0;
}

/*
 * The selector's epoll descriptor: the epoll instance open now that was not
 * in before.  Only epoll instances are claimed, so that a descriptor another
 * thread of the host opened meanwhile is left alone.
 */
static void
claim_selector_fd(const struct fd_list *before)
{
	struct fd_list now;
	size_t i;

	if (!fd_list_read(&now)) {
		ipl_log(IPL_LOG_WARN, "ipmilan: cannot list /proc/self/fd: "
			"OpenIPMI's selector descriptor may stay inheritable "
			"across exec");
	}
	for (i = 0; i < now.n; i++) {
		bool old = before->n > 0
			   && bsearch(&now.fd[i], before->fd, before->n,
				      sizeof(int), cmp_int) != NULL;

		if (!old && is_epoll_fd(now.fd[i])) {
			set_cloexec(now.fd[i]);
			track_fd(now.fd[i], NULL);
		}
	}
	free(now.fd);
}

/* ---- creating and destroying ---- */

/* Route OpenIPMI's use of the handler through the descriptor wrappers. */
static void
hook_handler(os_handler_t *os)
{
	rt.add_fd = os->add_fd_to_wait_for;
	rt.remove_fd = os->remove_fd_to_wait_for;
	os->add_fd_to_wait_for = add_fd_cloexec;
	os->remove_fd_to_wait_for = remove_fd_tracked;
	os->set_log_handler(os, openipmi_log);
}

/* Tear the runtime down; the caller holds ipl_mutex. */
static void
runtime_destroy(void)
{
	os_handler_t *os = rt.os;

	if (os != NULL) {
		rt.oi.shutdown();
		os->perform_one_op(os, &(struct timeval){ 0, 0 });
		/* The selector's descriptor goes with the handler. */
		rt.nfds = 0;
		os->free_os_handler(os);
		rt.os = NULL;
	}
	if (rt.loaded) {
		ipl_openipmi_unload(&rt.oi);
		rt.loaded = false;
	}
	rt.nfds = 0;
	rt.pid = 0;
	ipl_wire_reset();
}

/* Create the handler and ipmi_init it; the libraries are loaded. */
static ipl_rc
handler_create(ipl_status *st)
{
	struct fd_list before;
	bool listed = fd_list_read(&before);
	os_handler_t *os;
	int rv;

	os = rt.oi.posix_setup_os_handler();
	if (os != NULL && listed) {
		claim_selector_fd(&before);
	} else if (os != NULL) {
		ipl_log(IPL_LOG_WARN, "ipmilan: cannot list /proc/self/fd: "
			"OpenIPMI's selector descriptor stays inheritable "
			"across exec");
	}
	free(before.fd);
	if (os == NULL) {
		return ipl_fail(st, IPL_ERR_SYSTEM,
				"cannot create the OpenIPMI os handler");
	}
	hook_handler(os);
	rv = rt.oi.init(os);
	if (rv != 0) {
		rt.nfds = 0;
		os->free_os_handler(os);
		return ipl_fail(st, IPL_ERR_SYSTEM,
				"OpenIPMI initialization failed: %s",
				strerror(rv));
	}
	rt.os = os;
	return IPL_OK;
}

/* Load OpenIPMI and create the handler; the caller holds ipl_mutex. */
static ipl_rc
runtime_create(ipl_status *st)
{
	if (ipl_openipmi_load(&rt.oi, st) != IPL_OK) {
		return IPL_ERR_SYSTEM;
	}
	rt.loaded = true;
	rt.pid = getpid();
	if (handler_create(st) != IPL_OK) {
		runtime_destroy();
		return IPL_ERR_SYSTEM;
	}
	/* ipmi_init registers a check for Intel ATCA shelves that costs
	 * every session a PICMG Get Address Info round trip before it is up.
	 * Chassis commands to a server's BMC need none of it; ipmi_shutdown's
	 * own call to this is a no-op. */
	if (rt.oi.atca_conn_shutdown != NULL) {
		rt.oi.atca_conn_shutdown();
	}
	return IPL_OK;
}

/*
 * A runtime inherited through fork() (another thread of the parent was in
 * an operation) belongs to the parent: its epoll set and LAN socket are
 * shared with it, so shutting it down here would take the parent's socket
 * out of the parent's epoll set (and the parent's selector aborts when
 * epoll_ctl fails).  Call nothing of it: close this process's copies of its
 * descriptors, unload the libraries, and let its memory go.
 */
static void
runtime_drop_inherited(void)
{
	size_t i;

	ipl_log(IPL_LOG_WARN, "ipmilan: this process was forked while process "
		"%ld was in an operation; discarding the OpenIPMI state it "
		"inherited without using it", (long)rt.pid);
	for (i = 0; i < rt.nfds; i++) {
		(void)close(rt.fds[i].fd);
	}
	if (rt.loaded) {
		ipl_openipmi_unload(&rt.oi);
	}
	memset(&rt, 0, sizeof(rt));
	ipl_wire_reset();
}

/*
 * In the child of a fork: the mutex may be held by a thread that does not
 * exist here.  Unless the forking thread itself is inside an operation (a
 * log sink that forks), reset it; the runtime, if any, is left for
 * ipl_runtime_enter to discard (its pid is the parent's).
 */
static void
atfork_child(void)
{
	if (rt.busy && pthread_equal(rt.owner, pthread_self())) {
		return;
	}
	pthread_mutex_init(&ipl_mutex, NULL);
	rt.busy = false;
	rt.current_op = 0;
}

static void
atfork_register(void)
{
	/* glibc drops the handler when the module is unloaded. */
	(void)pthread_atfork(NULL, NULL, atfork_child);
}

/* ---- the interface ---- */

void
ipl_runtime_release(struct ipl_runtime_ref *ref)
{
	/* No lock: the runtime lives only inside an operation, so a destroy
	 * has nothing to tear down and never waits for another thread. */
	unsigned long op = __atomic_load_n(&ref->op, __ATOMIC_ACQUIRE);

	if (op != 0 && ref->pid == getpid()
	    && __atomic_load_n(&rt.current_op, __ATOMIC_ACQUIRE) == op) {
		ipl_log(IPL_LOG_CRIT, "ipmilan: a device was destroyed while "
			"its own operation was running in another thread");
	}
	__atomic_store_n(&ref->op, 0, __ATOMIC_RELEASE);
	ref->pid = 0;
}

ipl_rc
ipl_runtime_enter(struct ipl_runtime_ref *ref, const struct ipl_deadline *dl,
		  ipl_status *st)
{
	int rv;

	(void)pthread_once(&atfork_once, atfork_register);
	/* Another thread's operation may hold the engine: wait for it only
	 * until this operation's own deadline. */
	rv = pthread_mutex_clocklock(&ipl_mutex, CLOCK_MONOTONIC, &dl->at);
	if (rv != 0) {
		return ipl_fail(st, rv == ETIMEDOUT ? IPL_ERR_TIMEOUT
				: IPL_ERR_SYSTEM,
				"the IPMI engine stayed busy with another "
				"operation of this process until the deadline");
	}
	if (rt.pid != 0 && rt.pid != getpid()) {
		runtime_drop_inherited();
	}
	rt.busy = true;
	rt.owner = pthread_self();
	if (runtime_create(st) != IPL_OK) {
		ipl_runtime_leave();
		return IPL_ERR_SYSTEM;
	}
	ref->pid = rt.pid;
	rt.op_seq++;
	__atomic_store_n(&ref->op, rt.op_seq, __ATOMIC_RELEASE);
	__atomic_store_n(&rt.current_op, rt.op_seq, __ATOMIC_RELEASE);
	return IPL_OK;
}

void
ipl_runtime_leave(void)
{
	runtime_destroy();
	__atomic_store_n(&rt.current_op, 0, __ATOMIC_RELEASE);
	rt.busy = false;
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
	rt.os->perform_one_op(rt.os, &(struct timeval){ 0, 0 });
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
