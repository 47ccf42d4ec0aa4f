/*
 * proc_probe.c - what the test programs ask /proc about their own process.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "proc_probe.h"

bool
proc_maps_contain(const char *needle)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	bool found = false;

	if (f == NULL) {
		return false;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, needle) != NULL) {
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}
