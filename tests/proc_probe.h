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

#endif
