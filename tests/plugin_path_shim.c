/*
 * plugin_path_shim.c - LD_PRELOAD shim: load STONITH plugins from a test tree.
 *
 * libpils compiles its plugin search path in (STONITH_MODULES) and no
 * environment variable changes it.  This shim wraps NewPILPluginUniv() and
 * puts the directory named by IPMILAN_TEST_PLUGIN_ROOT in front of the path,
 * so that $IPMILAN_TEST_PLUGIN_ROOT/stonith2/ipmilan.so is found before the
 * installed plugin of the same name.  Without the variable (or with an empty
 * or relative one) the call is passed through unchanged.
 *
 * Used only by the tests (tests/lib.sh, run_stonith); never installed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libpils' type is opaque here; only the pointer is passed through. */
typedef struct PILPluginUniv_s PILPluginUniv;
typedef PILPluginUniv *(*new_univ_fn)(const char *basepluginpath);

#define ROOT_ENV "IPMILAN_TEST_PLUGIN_ROOT"

PILPluginUniv *NewPILPluginUniv(const char *basepluginpath);

/*
 * Same contract as libpils' NewPILPluginUniv: returns the new universe, or
 * NULL.  basepluginpath is a ':'-separated list of absolute directories.
 */
PILPluginUniv *
NewPILPluginUniv(const char *basepluginpath)
{
	new_univ_fn real;
	const char *root = getenv(ROOT_ENV);
	PILPluginUniv *univ;
	char *path;
	size_t len;

	real = (new_univ_fn)dlsym(RTLD_NEXT, "NewPILPluginUniv");
	if (real == NULL) {
		fprintf(stderr, "plugin_path_shim: NewPILPluginUniv not found: %s\n",
			dlerror());
		abort();
	}
	if (root == NULL || root[0] != '/' || basepluginpath == NULL)
		return real(basepluginpath);

	len = strlen(root) + 1 + strlen(basepluginpath) + 1;
	path = malloc(len);
	if (path == NULL)
		return NULL;
	snprintf(path, len, "%s:%s", root, basepluginpath);
	/* libpils copies the path (g_strdup_printf, then g_strsplit). */
	univ = real(path);
	free(path);
	return univ;
}
