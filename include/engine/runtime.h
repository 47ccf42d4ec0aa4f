/*
 * engine/runtime.h - the engine's process-wide OpenIPMI runtime: one
 * unthreaded os_handler with its own selector plus ipmi_init, created
 * lazily in the process that uses it, shared by every device through a
 * reference count and torn down when the last hold goes.
 *
 * This is the only mutable file-scope state of the engine.  One mutex
 * serializes every use of OpenIPMI: ipl_runtime_enter takes it (waiting
 * only until the caller's deadline) and ipl_runtime_leave releases it.  A
 * hold inherited across fork() is never used: the child builds its own.
 */
#ifndef IPL_ENGINE_RUNTIME_H
#define IPL_ENGINE_RUNTIME_H

#include <stdbool.h>
#include <sys/types.h>
#include <OpenIPMI/os_handler.h>

#include "engine/deadline.h"
#include "engine/openipmi_link.h"
#include "engine/result.h"

/* A device's hold on the shared runtime.  Zero-initialize it. */
struct ipl_runtime_ref {
	bool held;
	pid_t pid;   /* process that took the hold */
};

/* Drop the hold (if taken in this process); the last one tears down. */
void ipl_runtime_release(struct ipl_runtime_ref *ref);

/* Number of holds on the runtime in this process (for tests). */
unsigned int ipl_runtime_users(void);

/*
 * Take the engine mutex (waiting at most until dl) and, if ref has none in
 * this process, a hold on the runtime (creating it on first use).  On
 * IPL_OK the caller may use OpenIPMI until ipl_runtime_leave.
 */
ipl_rc ipl_runtime_enter(struct ipl_runtime_ref *ref,
			 const struct ipl_deadline *dl, ipl_status *st);

/* Release the engine mutex taken by ipl_runtime_enter. */
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
