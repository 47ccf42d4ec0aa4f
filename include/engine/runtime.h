/*
 * engine/runtime.h - the engine's OpenIPMI runtime: libOpenIPMI loaded with
 * dlopen, one unthreaded os_handler with its own epoll selector, ipmi_init.
 * It exists only inside an operation: ipl_runtime_enter takes the engine
 * mutex (waiting only until the caller's deadline) and builds it;
 * ipl_runtime_leave shuts it down, unloads the libraries and releases the
 * mutex.  Between operations the engine holds no OpenIPMI mapping, memory
 * or file descriptor, so a process that forks between operations (Heartbeat
 * runs status in its main process) hands its children nothing.  While it is
 * up, every descriptor OpenIPMI opens (the selector's, the LAN sockets) is
 * close-on-exec.
 *
 * This is the engine's mutable file-scope state, with what lives inside
 * it and only under the same mutex while an operation runs:
 * engine/rmcpp_guard.c's screen (the os_handler's own add_fd_to_wait_for
 * and the guard of the session being set up) and engine/sha256_algs.c's
 * registration (registered after ipmi_init, unregistered after
 * ipmi_shutdown, in every runtime).  A child forked
 * while another thread was in an operation finds the mutex reset and the
 * inherited runtime unused: ipl_runtime_enter discards it without calling
 * into it (that would disturb the epoll set it shares with the parent) and
 * builds its own.
 */
#ifndef IPL_ENGINE_RUNTIME_H
#define IPL_ENGINE_RUNTIME_H

#include <stdbool.h>
#include <sys/types.h>
#include <OpenIPMI/os_handler.h>

#include "engine/deadline.h"
#include "engine/openipmi_link.h"
#include "engine/result.h"

/*
 * A device's hold: which operation of which process last ran for it (set
 * by ipl_runtime_enter).  Holds are per operation: the runtime never
 * outlives the operation that built it.  Zero-initialize it.
 */
struct ipl_runtime_ref {
	pid_t pid;          /* process of that operation             */
	unsigned long op;   /* its number in that process, 0 for none */
};

/*
 * The device is going away.  Takes no lock and never waits: there is no
 * runtime to tear down between operations.  A device destroyed while its
 * own operation runs in another thread (a host bug) is logged.
 */
void ipl_runtime_release(struct ipl_runtime_ref *ref);

/*
 * Take the engine mutex (waiting at most until dl), then load OpenIPMI and
 * create the runtime, recording the operation in ref.  On IPL_OK the caller
 * may use OpenIPMI until ipl_runtime_leave; on failure nothing is held.
 */
ipl_rc ipl_runtime_enter(struct ipl_runtime_ref *ref,
			 const struct ipl_deadline *dl, ipl_status *st);

/* Shut the runtime down, unload OpenIPMI, release the engine mutex.  Every
 * connection must have been closed (engine/session.h does it). */
void ipl_runtime_leave(void);

/* Between enter and leave: the loaded OpenIPMI functions and the handler. */
const struct ipl_openipmi *ipl_runtime_oi(void);
os_handler_t *ipl_runtime_os(void);

/*
 * What OpenIPMI logged: a mark before a step, then whether a line logged
 * since (of the last 8) contains needle.  OpenIPMI reports a silent BMC
 * and a refusing one with the same error numbers; its log lines tell them
 * apart ("Message data too short: 1" is the answer it makes up for a
 * request that got none).  Between enter and leave only.
 */
unsigned int ipl_runtime_said_mark(void);
bool ipl_runtime_said_since(unsigned int mark, const char *needle);

/* Run whatever is ready (timers, deferred frees) without waiting. */
void ipl_runtime_pump_ready(void);

/* Run the selector for one event, waiting at most until dl; false
 * (without waiting) once dl has passed. */
bool ipl_runtime_pump_once(const struct ipl_deadline *dl);

/* Run the selector until *flag is set (true) or dl passes (false). */
bool ipl_runtime_pump_until(const bool *flag, const struct ipl_deadline *dl);

#endif
