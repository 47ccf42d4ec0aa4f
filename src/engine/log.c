/*
 * log.c - the plugin's single log path.  The sink is installed once by the
 * module's init function (the PILS logger) or by a unit test.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "engine/log.h"

#define IPL_LOG_LINE 512

static ipl_log_sink log_sink;
static void *log_sink_ud;
static int log_debug;

void
ipl_log_set_sink(ipl_log_sink sink, void *ud)
{
	log_sink = sink;
	log_sink_ud = ud;
}

void
ipl_log_set_debug(int level)
{
	log_debug = level;
}

int
ipl_log_debug_level(void)
{
	return log_debug;
}

void
ipl_logv(ipl_log_level level, const char *fmt, va_list ap)
{
	char line[IPL_LOG_LINE];

	if (log_sink == NULL || (level >= IPL_LOG_DEBUG && log_debug <= 0)) {
		return;
	}
	vsnprintf(line, sizeof(line), fmt, ap);
	log_sink(level, line, log_sink_ud);
}

void
ipl_log(ipl_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_logv(level, fmt, ap);
	va_end(ap);
}
