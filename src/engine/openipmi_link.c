/*
 * openipmi_link.c - load OpenIPMI with its own symbol scope first.
 * See engine/openipmi_link.h for why the plugin does not link it directly.
 */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

#include "engine/openipmi_link.h"

/* The handles; they live from a load to its unload (the runtime's life). */
static void *lib_core;
static void *lib_posix;

static void *
open_lib(const char *soname, ipl_status *st)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);

	if (h == NULL) {
		const char *why = dlerror();

		ipl_fail(st, IPL_ERR_SYSTEM, "cannot load %s: %s", soname,
			 why != NULL ? why : "unknown error");
	}
	return h;
}

/* Look name up in h and store it in *slot; false (and st) when missing. */
static bool
find_sym(void *h, const char *soname, const char *name, void *slot,
	 ipl_status *st)
{
	void *sym;

	dlerror();
	sym = dlsym(h, name);
	if (sym == NULL) {
		ipl_fail(st, IPL_ERR_SYSTEM, "%s has no symbol %s", soname,
			 name);
		return false;
	}
	/* Function pointers and void * have the same representation on every
	 * platform dlsym works on (POSIX requires it). */
	memcpy(slot, &sym, sizeof(sym));
	return true;
}

/* ipl_sha256_ops_fill's lookup: dlsym on a handle searches the library
 * and its dependencies (libcrypto), never the host's global scope. */
static void *
handle_lookup(void *h, const char *name)
{
	dlerror();
	return dlsym(h, name);
}

ipl_rc
ipl_openipmi_load(struct ipl_openipmi *oi, ipl_status *st)
{
	memset(oi, 0, sizeof(*oi));
	lib_core = open_lib(IPL_OPENIPMI_SONAME, st);
	if (lib_core == NULL) {
		return IPL_ERR_SYSTEM;
	}
	lib_posix = open_lib(IPL_OPENIPMI_POSIX_SONAME, st);
	if (lib_posix == NULL) {
		ipl_openipmi_unload(oi);
		return IPL_ERR_SYSTEM;
	}
	if (!find_sym(lib_posix, IPL_OPENIPMI_POSIX_SONAME,
		      "ipmi_posix_setup_os_handler",
		      &oi->posix_setup_os_handler, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME, "ipmi_init",
			 &oi->init, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME, "ipmi_shutdown",
			 &oi->shutdown, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME, "ipmi_lanp_setup_con",
			 &oi->lanp_setup_con, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME, "ipmi_alloc_msg_item",
			 &oi->alloc_msg_item, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME, "ipmi_free_msg_item",
			 &oi->free_msg_item, st)
	    || !find_sym(lib_core, IPL_OPENIPMI_SONAME,
			 "ipmi_get_error_string", &oi->get_error_string, st)) {
		ipl_openipmi_unload(oi);
		return IPL_ERR_SYSTEM;
	}
	/* Not needed: without it every session costs one more round trip. */
	if (!find_sym(lib_core, IPL_OPENIPMI_SONAME,
		      "ipmi_oem_atca_conn_shutdown", &oi->atca_conn_shutdown,
		      NULL)) {
		oi->atca_conn_shutdown = NULL;
	}
	oi->sha256_missing = ipl_sha256_ops_fill(&oi->sha256, handle_lookup,
						 lib_core);
	return IPL_OK;
}

void
ipl_openipmi_unload(struct ipl_openipmi *oi)
{
	if (lib_posix != NULL) {
		dlclose(lib_posix);
		lib_posix = NULL;
	}
	if (lib_core != NULL) {
		dlclose(lib_core);
		lib_core = NULL;
	}
	memset(oi, 0, sizeof(*oi));
}
