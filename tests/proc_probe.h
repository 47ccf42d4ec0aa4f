/*
 * proc_probe.h - what the test programs ask /proc about their own process.
 */
#ifndef IPL_TEST_PROC_PROBE_H
#define IPL_TEST_PROC_PROBE_H

#include <stdbool.h>

/*
 * True when a mapping of this process has a path containing needle
 * (e.g. "libOpenIPMI", "ipmilan.so"); false also when /proc cannot be read.
 */
bool proc_maps_contain(const char *needle);

/* The files mapped into this process, one path per line, sorted and
 * without repeats (g_free it).  NULL when /proc cannot be read. */
char *proc_maps_files(void);

/* The open file descriptors of this process, one "FD -> TARGET" line each
 * ("7 -> socket:[1234]"), sorted by number, without the descriptor that
 * reads the list (g_free it).  NULL when /proc cannot be read. */
char *proc_fd_table(void);

/* The lines of after that are not lines of before, in after's order, one
 * per line; "" when there are none (g_free it). */
char *proc_lines_added(const char *before, const char *after);

/* The descriptor number of a line of proc_fd_table ("7 -> ..." gives 7). */
int proc_fd_of_line(const char *line);

#endif
