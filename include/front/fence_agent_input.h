/*
 * front/fence_agent_input.h - reading the fence-agent interface's input:
 * "name=value" lines on stdin (what Pacemaker's fencer writes) or the
 * options on the command line (--name=value, --name value, -x value,
 * switches).  Pure apart from the FILE it is given; values are kept as
 * text for the configuration (front/fence_agent_config.h) to check.
 */
#ifndef IPL_FRONT_FENCE_AGENT_INPUT_H
#define IPL_FRONT_FENCE_AGENT_INPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

#include "engine/result.h"
#include "front/fence_agent_opts.h"

/* Longest input accepted on stdin, in bytes. */
#define FA_STDIN_MAX 65536

/* What was given; zero-initialize, free with fa_input_clear. */
struct fa_input {
	char *val[FA_NSLOTS];      /* the last value given, g_malloc'd */
	bool as_alias[FA_NSLOTS];  /* given under its alias            */
	unsigned int verbose;      /* -v count on the command line     */
	GPtrArray *warnings;       /* g_malloc'd lines, or NULL        */
};

/*
 * Read name=value lines from f: blank lines and lines starting with '#'
 * are skipped, surrounding whitespace and one pair of double quotes around
 * the value are dropped, names with '-' or '_' are the same.  Unknown
 * names are ignored with a warning (the value is not shown); Pacemaker's
 * nodename and nodeid silently.  IPL_ERR_CONFIG for input over
 * FA_STDIN_MAX bytes, a NUL byte, or a line without '='.
 */
ipl_rc fa_input_read(struct fa_input *in, FILE *f, ipl_status *st);

/*
 * Parse argv[1..argc-1].  IPL_ERR_CONFIG for an unknown option, a missing
 * value, or a word that is not an option.
 */
ipl_rc fa_input_argv(struct fa_input *in, int argc,
		     const char *const argv[], ipl_status *st);

/* The value of slot, or NULL. */
const char *fa_input_get(const struct fa_input *in, int slot);

/* The name slot was given under (its alias or its name). */
const char *fa_input_name(const struct fa_input *in, int slot);

/* Wipe and free every value and warning; in may be reused. */
void fa_input_clear(struct fa_input *in);

#endif
