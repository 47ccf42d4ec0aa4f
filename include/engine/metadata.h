/*
 * engine/metadata.h - the parameter table as metadata XML: a well-formed
 * <parameters> element describing every row, in the form cluster-glue's
 * ST_CONF_XML and Pacemaker expect.
 */
#ifndef IPL_ENGINE_METADATA_H
#define IPL_ENGINE_METADATA_H

/* The <parameters> fragment, complete whatever its size; g_malloc'd, the
 * caller frees it with g_free. */
char *ipl_metadata_parameters(void);

#endif
