/*
 * front/fence_agent_script.h - password_script: run a program, without a
 * shell, and take the first line of its standard output as the password.
 */
#ifndef IPL_FRONT_FENCE_AGENT_SCRIPT_H
#define IPL_FRONT_FENCE_AGENT_SCRIPT_H

#include <stddef.h>
#include "engine/result.h"

/* How long the program may run, in milliseconds. */
#define FA_SCRIPT_TIMEOUT_MS 10000U

/*
 * Split cmdline into words as a shell would (quotes, backslashes; no
 * expansion, no pipes), run the first word (searched in PATH when it has
 * no '/') with the rest as arguments, stdin from /dev/null and stderr
 * inherited, and read the first line of its stdout into buf (cap bytes,
 * NUL-terminated, the line end removed).  The program must exit 0 within
 * FA_SCRIPT_TIMEOUT_MS (it is killed otherwise) and print a line shorter
 * than cap.  Messages name param and the program, never its output.  buf
 * is wiped on failure; the caller wipes it after use.
 */
ipl_rc fa_script_read_secret(const char *param, const char *cmdline,
			     char *buf, size_t cap, size_t *len,
			     ipl_status *st);

#endif
