/*
 * front/fence_agent_metadata.h - the fence agent's self-description, built
 * from its parameter list (front/fence_agent_opts.h): the metadata XML of
 * the fence-agent interface (fence-agents' metadata.rng) and --help.
 */
#ifndef IPL_FRONT_FENCE_AGENT_METADATA_H
#define IPL_FRONT_FENCE_AGENT_METADATA_H

/* The <resource-agent> document; g_malloc'd, g_free it. */
char *fa_metadata_xml(void);

/* The --help text; g_malloc'd, g_free it. */
char *fa_usage_text(void);

#endif
