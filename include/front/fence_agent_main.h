/*
 * front/fence_agent_main.h - the fence agent program (fence_ipmi_native):
 * the fence-agent interface of Pacemaker's RHCS fencing path over the
 * engine.  Input on the command line, or name=value lines on stdin when
 * there is no argument; stdout carries only what the interface asks for
 * (the status line, the metadata, --help and --version); every warning
 * and the reason of a failure go to stderr, one line each, never with a
 * secret.
 *
 * Exit status: 0 done (status: power on), 2 status: power off, 1 failure.
 */
#ifndef IPL_FRONT_FENCE_AGENT_MAIN_H
#define IPL_FRONT_FENCE_AGENT_MAIN_H

/* Exit statuses of the fence-agent interface. */
#define FA_EXIT_OK 0
#define FA_EXIT_FAIL 1
#define FA_EXIT_OFF 2

/* The whole run: read the input, act, return the exit status. */
int fa_main(int argc, char **argv);

#endif
