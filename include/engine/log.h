/*
 * engine/log.h - logging for every module of the engine.
 *
 * Messages go to one sink, installed by the front end (the PILS logger for
 * the stonith module, src/stonith/stonith_abi.c) or by a unit test's
 * capture function.  The engine never writes to stdout or stderr itself.  Callers must never
 * pass a password or a K_g to these functions.
 */
#ifndef IPL_ENGINE_LOG_H
#define IPL_ENGINE_LOG_H

#include <glib.h>

/* Same numbers as PILLogLevel, so the sink can pass them straight on. */
typedef enum {
	IPL_LOG_CRIT = 2,
	IPL_LOG_WARN = 3,
	IPL_LOG_INFO = 4,
	IPL_LOG_DEBUG = 5,
} ipl_log_level;

typedef void (*ipl_log_sink)(ipl_log_level level, const char *msg, void *ud);

/* Install (or with NULL remove) the sink; returns nothing, never fails. */
void ipl_log_set_sink(ipl_log_sink sink, void *ud);

/* Messages at IPL_LOG_DEBUG are dropped unless the debug level is > 0. */
void ipl_log_set_debug(int level);
int ipl_log_debug_level(void);

void ipl_log(ipl_log_level level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void ipl_logv(ipl_log_level level, const char *fmt, va_list ap)
	G_GNUC_PRINTF(2, 0);

#endif
