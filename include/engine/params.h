/*
 * engine/params.h - the parameter table: one row per parameter, driving
 * the names a front end advertises, the parsing (each row has its parser),
 * the defaults (parsed by the same parser) and the metadata
 * (engine/metadata.h), so that they cannot disagree.
 */
#ifndef IPL_ENGINE_PARAMS_H
#define IPL_ENGINE_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include "engine/result.h"

struct ipl_config;

/* Row indices; the first IPL_NPOSITIONAL are the old positional names. */
enum ipl_param_id {
	IPL_P_HOSTNAME,
	IPL_P_IPADDR,
	IPL_P_PORT,
	IPL_P_AUTH,
	IPL_P_PRIV,
	IPL_P_LOGIN,
	IPL_P_PASSWORD,
	IPL_P_RESET_METHOD,
	IPL_P_INTERFACE,
	IPL_P_CIPHER,
	IPL_P_ALLOW_CIPHER0,
	IPL_P_KG,
	IPL_P_TIMEOUT,
	IPL_P_MSG_TIMEOUT,
	IPL_P_POWER_WAIT,
	IPL_P_PASSWORD_FILE,
	IPL_P_KG_FILE,
	IPL_P_COUNT
};

#define IPL_NPOSITIONAL 8

/* The optional names, as the messages list them. */
#define IPL_OPTIONAL_NAMES \
	"interface, cipher, allow_insecure_cipher0, kg, timeout, " \
	"msg_timeout, power_wait, password_file, kg_file"

/* How a parameter is described in the metadata. */
enum ipl_param_type { IPL_PT_STRING, IPL_PT_INTEGER, IPL_PT_BOOLEAN };

/* One row of the parameter table, read-only. */
struct ipl_param_info {
	const char *name;
	const char *alias;        /* accepted synonym, or NULL                */
	enum ipl_param_type type;
	bool required;            /* required when given by name              */
	bool positional;          /* one of the eight old positional names    */
	bool secret;              /* never logged, never echoed               */
	bool unique;              /* unique="1" in the metadata               */
	const char *default_value;/* NULL when required or when it has none   */
	const char *shortdesc;
	const char *longdesc;
	/* The fence-agent front end (src/fence_agent/): the row's name there
	 * (NULL: not offered), an older spelling it also accepts (listed as
	 * deprecated there, as fence_ipmilan lists its own), fence_ipmilan's
	 * short option letter (0: long option only), and whether it is
	 * required there (hostname is not: one node per BMC). */
	const char *fence_name;
	const char *fence_alias;
	char fence_short;
	bool fence_required;
};

/* The eight positional names in the old order, NULL-terminated. */
const char *const *ipl_config_names(void);

/* Number of rows in the parameter table, and row i (NULL past the end). */
size_t ipl_param_count(void);
const struct ipl_param_info *ipl_param_at(size_t i);

/* The metadata's name of a type: "integer", "boolean" or "string". */
const char *ipl_param_type_name(enum ipl_param_type t);

/* Look a parameter up by name or alias (case-sensitive); NULL if unknown. */
const struct ipl_param_info *ipl_param_find(const char *name);
/* The same as a row index, or -1. */
int ipl_param_index(const char *name);

/*
 * Parse value (never NULL) as row id into cfg with the row's own parser.
 * Rows whose value is a file (password_file, kg_file) have no parser here:
 * the configuration reads them through its secret reader, and this returns
 * IPL_OK without touching cfg.
 */
ipl_rc ipl_param_parse(enum ipl_param_id id, const char *value,
		       struct ipl_config *cfg, ipl_status *st);

#endif
