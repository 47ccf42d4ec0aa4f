/*
 * config.c - assembling a device's configuration (engine/config.h): values
 * from the list, the tail of reset_method and the environment, in that
 * order; every row parsed by the table (engine/params.h); secret files read
 * through the reader the front end gives; checks across values.
 *
 * Secret values (password, kg) are never formatted into a message: their
 * parsers and cross-checks report lengths and rules only.
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <OpenIPMI/ipmi_auth.h>

#include "engine/cipher.h"
#include "engine/config.h"
#include "engine/log.h"
#include "engine/params.h"
#include "engine/parse.h"
#include "engine/text.h"

/* Longest first line read from a secret file: room for a hex K_g. */
#define SECRET_LINE_MAX 64

/* True when list is exactly the eight positional names, in order. */
static bool
list_is_positional_shape(const struct ipl_nv *list)
{
	size_t i;

	if (list == NULL) {
		return false;
	}
	for (i = 0; i < IPL_NPOSITIONAL; i++) {
		if (list[i].name == NULL ||
		    strcmp(list[i].name, ipl_param_at(i)->name) != 0) {
			return false;
		}
	}
	return list[IPL_NPOSITIONAL].name == NULL;
}

/*
 * Split reset_method's value into the method word and the name=value words
 * after it.  *words receives the whitespace-separated words (wipe and free
 * them with wipe_strfreev: a tail may hold a kg).  val[] entries still
 * unset are filled from the tail, first occurrence first.  The method word
 * replaces val[IPL_P_RESET_METHOD]; an all-blank value is left to the method
 * parser to refuse.
 */
static ipl_rc
split_reset_method(const char *val[IPL_P_COUNT], char ***words, ipl_status *st)
{
	char **w;
	size_t n = 0;
	size_t i;
	struct ipl_quoted q;

	*words = g_strsplit_set(val[IPL_P_RESET_METHOD], " \t\r\n", -1);
	/* squeeze out the empty strings between repeated separators */
	w = *words;
	for (i = 0; w[i] != NULL; i++) {
		if (w[i][0] == '\0') {
			g_free(w[i]);
		} else {
			w[n++] = w[i];
		}
	}
	w[n] = NULL;
	if (n == 0) {
		return IPL_OK;
	}
	val[IPL_P_RESET_METHOD] = w[0];
	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '=');
		int idx;

		if (eq == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"reset_method: %s after the method is not "
					"a name=value word; use name=value with "
					"one of " IPL_OPTIONAL_NAMES,
					ipl_quote(&q, w[i]));
		}
		*eq = '\0';
		idx = ipl_param_index(w[i]);
		if (idx < 0 || ipl_param_at((size_t)idx)->positional) {
			ipl_fail(st, IPL_ERR_CONFIG,
				 "reset_method: %s=... after the method names "
				 "no optional parameter; use name=value with "
				 "one of " IPL_OPTIONAL_NAMES, ipl_quote(&q, w[i]));
			*eq = '=';
			return IPL_ERR_CONFIG;
		}
		if (val[idx] == NULL) {
			val[idx] = eq + 1;
		}
	}
	return IPL_OK;
}

/*
 * Exactly one of password and password_file; at most one of kg and kg_file.
 * A positional line cannot leave the password word out: there "-" stands
 * for "no password here" when password_file is given.
 */
static ipl_rc
secrets_given_once(const char *val[IPL_P_COUNT], bool positional, ipl_status *st)
{
	if (val[IPL_P_PASSWORD_FILE] != NULL && val[IPL_P_PASSWORD] != NULL) {
		if (positional && strcmp(val[IPL_P_PASSWORD], "-") == 0) {
			val[IPL_P_PASSWORD] = NULL;
		} else {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"password_file: given together with "
					"password; give only one of them (on a "
					"positional line write - as the "
					"password)");
		}
	}
	if (val[IPL_P_PASSWORD_FILE] == NULL && val[IPL_P_PASSWORD] == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"password: missing; give password or "
				"password_file");
	}
	if (val[IPL_P_KG_FILE] != NULL && val[IPL_P_KG] != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"kg_file: given together with kg; give only "
				"one of them");
	}
	return IPL_OK;
}

/* Checks that need more than one value. */
static ipl_rc
cross_check(const struct ipl_config *cfg, const bool given[IPL_P_COUNT],
	    ipl_status *st)
{
	char a[32], b[32];

	if (cfg->iface == IPL_IFACE_LAN) {
		if (cfg->password_len > IPL_MAX_PASSWORD_15) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"password: %zu bytes long; at most 16 "
					"allowed with interface=lan (IPMI 1.5)",
					cfg->password_len);
		}
		if (given[IPL_P_KG] || given[IPL_P_KG_FILE]) {
			const char *k = given[IPL_P_KG] ? "kg" : "kg_file";

			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: not allowed with interface=lan: K_g "
					"exists only in IPMI 2.0 RMCP+; use "
					"interface=lanplus or auto, or drop %s",
					k, k);
		}
		if (given[IPL_P_CIPHER]) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"cipher: \"%s\" is not allowed with "
					"interface=lan: cipher suites exist only "
					"in IPMI 2.0 RMCP+; use interface=lanplus "
					"or auto, or drop cipher",
					ipl_cipher_text(&cfg->ciphers, a,
							sizeof(a)));
		}
	}
	if (ipl_cipher_is_zero(&cfg->ciphers) && !cfg->allow_cipher0) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"cipher: \"0\" is refused: cipher suite 0 means "
				"no authentication, many BMCs accept any "
				"password; set allow_insecure_cipher0=true to "
				"use it anyway, or use auto or one of "
				IPL_CIPHER_LIST);
	}
	if (cfg->msg_timeout_ms > cfg->timeout_ms) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"msg_timeout: \"%s\" is longer than timeout (%s "
				"s); use at most the timeout",
				ipl_ms_text(a, sizeof(a), cfg->msg_timeout_ms),
				ipl_ms_text(b, sizeof(b), cfg->timeout_ms));
	}
	return IPL_OK;
}

/*
 * password_file: the first line of the file, read with read_secret, is the
 * password.  The message names the file, never the content.
 */
static ipl_rc
read_password_file(const char *path, ipl_secret_reader_fn read_secret,
		   struct ipl_config *cfg, ipl_status *st)
{
	const char *param = ipl_param_at(IPL_P_PASSWORD_FILE)->name;
	char buf[SECRET_LINE_MAX + 1];
	struct ipl_quoted_path q;
	size_t len = 0;
	ipl_rc rc;

	rc = read_secret(param, path, buf, sizeof(buf), &len, st);
	if (rc == IPL_OK && len > IPL_MAX_PASSWORD) {
		rc = ipl_fail(st, IPL_ERR_CONFIG,
			      "%s: the password in %s is %zu bytes long; at "
			      "most 20 allowed (16 for IPMI 1.5 / "
			      "interface=lan)", param, ipl_quote_path(&q, path),
			      len);
	} else if (rc == IPL_OK) {
		memcpy(cfg->password, buf, len + 1);
		cfg->password_len = len;
	}
	ipl_wipe(buf, sizeof(buf));
	return rc;
}

/* kg_file: the first line of the file is a K_g in the forms kg takes. */
static ipl_rc
read_kg_file(const char *path, ipl_secret_reader_fn read_secret,
	     struct ipl_config *cfg, ipl_status *st)
{
	const char *param = ipl_param_at(IPL_P_KG_FILE)->name;
	char buf[SECRET_LINE_MAX + 1];
	char reason[IPL_STATUS_MSG_LEN];
	struct ipl_quoted_path q;
	size_t len = 0;
	ipl_rc rc;

	rc = read_secret(param, path, buf, sizeof(buf), &len, st);
	if (rc == IPL_OK) {
		rc = ipl_parse_kg(buf, cfg->kg, &cfg->kg_len, st);
		if (rc != IPL_OK && st != NULL) {
			/* Say where the bad K_g came from; the reason stays. */
			g_strlcpy(reason, st->msg, sizeof(reason));
			ipl_fail(st, rc, "%s: %s: %s", param,
				 ipl_quote_path(&q, path), reason);
		}
	}
	ipl_wipe(buf, sizeof(buf));
	return rc;
}

/* Both secret files, when given; a missing reader refuses them. */
static ipl_rc
read_secret_files(const char *val[IPL_P_COUNT],
		  ipl_secret_reader_fn read_secret, struct ipl_config *cfg,
		  ipl_status *st)
{
	static const enum ipl_param_id files[] = {
		IPL_P_PASSWORD_FILE, IPL_P_KG_FILE
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(files); i++) {
		if (val[files[i]] != NULL && read_secret == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG, "%s: secret files "
					"cannot be read here",
					ipl_param_at(files[i])->name);
		}
	}
	if (val[IPL_P_PASSWORD_FILE] != NULL &&
	    read_password_file(val[IPL_P_PASSWORD_FILE], read_secret, cfg,
			       st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	if (val[IPL_P_KG_FILE] != NULL &&
	    read_kg_file(val[IPL_P_KG_FILE], read_secret, cfg, st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	return IPL_OK;
}

/*
 * The environment, for the positional shape (stonith -E, which Pacemaker's
 * fence_legacy uses): optional parameters by name, and any parameter by
 * its alias (libstonith reads only the names, so "ipport=" in a CIB would
 * otherwise be lost).
 */
static void
fill_from_env(ipl_getenv_fn getenv_fn, const char *val[IPL_P_COUNT])
{
	const struct ipl_param_info *p;
	size_t i;

	for (i = 0; i < IPL_P_COUNT; i++) {
		p = ipl_param_at(i);
		if (val[i] == NULL && i >= IPL_NPOSITIONAL) {
			val[i] = getenv_fn(p->name);
		}
		if (val[i] == NULL && p->alias != NULL) {
			val[i] = getenv_fn(p->alias);
		}
	}
}

/*
 * Steps 1 to 3 of the precedence: the list (known names and aliases, first
 * non-NULL value wins), the name=value words after the method, and the
 * environment for the positional shape.  *tail_words owns the tail's
 * words (wipe and free them with ipl_wipe_strfreev).
 */
static ipl_rc
collect_values(const struct ipl_nv *list, ipl_getenv_fn getenv_fn,
	       const char *val[IPL_P_COUNT], char ***tail_words,
	       ipl_status *st)
{
	size_t i;

	for (i = 0; list != NULL && list[i].name != NULL; i++) {
		int idx = ipl_param_index(list[i].name);

		if (idx >= 0 && list[i].value != NULL && val[idx] == NULL) {
			val[idx] = list[i].value;
		}
	}
	if (val[IPL_P_RESET_METHOD] != NULL &&
	    split_reset_method(val, tail_words, st) != IPL_OK) {
		return IPL_ERR_CONFIG;
	}
	if (getenv_fn != NULL && list_is_positional_shape(list)) {
		fill_from_env(getenv_fn, val);
	}
	return IPL_OK;
}

/* Required names present, and secrets given exactly once. */
static ipl_rc
check_presence(const char *val[IPL_P_COUNT], bool positional, ipl_status *st)
{
	size_t i;

	for (i = 0; i < IPL_P_COUNT; i++) {
		if (ipl_param_at(i)->required && val[i] == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: missing; hostname, ipaddr, login "
					"and password (or password_file) are "
					"required", ipl_param_at(i)->name);
		}
	}
	return secrets_given_once(val, positional, st);
}

/* Every row: its value, or its default; given[] says which were given. */
static ipl_rc
parse_rows(const char *val[IPL_P_COUNT], bool given[IPL_P_COUNT],
	   struct ipl_config *cfg, ipl_status *st)
{
	size_t i;

	for (i = 0; i < IPL_P_COUNT; i++) {
		const char *v = val[i] != NULL ? val[i]
			: ipl_param_at(i)->default_value;

		given[i] = val[i] != NULL;
		if (v != NULL && ipl_param_parse((enum ipl_param_id)i, v, cfg,
						 st) != IPL_OK) {
			return IPL_ERR_CONFIG;
		}
	}
	return IPL_OK;
}

/* A configuration that works but is weak says so once, when it is set. */
static void
warn_weak(const struct ipl_config *cfg)
{
	if (ipl_cipher_is_zero(&cfg->ciphers) && cfg->iface != IPL_IFACE_LAN) {
		ipl_log(IPL_LOG_WARN, "ipmilan %s: cipher suite 0 allowed: "
			"RMCP+ sessions have no authentication", cfg->ipaddr);
	}
	if (cfg->iface == IPL_IFACE_LAN &&
	    (cfg->auth == IPMI_AUTHTYPE_NONE ||
	     cfg->auth == IPMI_AUTHTYPE_STRAIGHT)) {
		ipl_log(IPL_LOG_WARN, "ipmilan %s: auth=%s sends the password "
			"%s", cfg->ipaddr, ipl_auth_name(cfg->auth),
			cfg->auth == IPMI_AUTHTYPE_NONE ? "not at all"
							: "in clear text");
	}
}

ipl_rc
ipl_config_parse(struct ipl_config *cfg, const struct ipl_nv *list,
		 ipl_getenv_fn getenv_fn, ipl_secret_reader_fn read_secret,
		 ipl_status *st)
{
	const char *val[IPL_P_COUNT] = { NULL };
	bool given[IPL_P_COUNT] = { false };
	char **tail_words = NULL;
	ipl_rc rc = IPL_ERR_CONFIG;

	ipl_config_clear(cfg);
	ipl_status_clear(st);
	if (collect_values(list, getenv_fn, val, &tail_words, st) == IPL_OK
	    && check_presence(val, list_is_positional_shape(list), st)
	       == IPL_OK
	    && parse_rows(val, given, cfg, st) == IPL_OK
	    && read_secret_files(val, read_secret, cfg, st) == IPL_OK
	    && cross_check(cfg, given, st) == IPL_OK) {
		warn_weak(cfg);
		rc = IPL_OK;
	}
	ipl_wipe_strfreev(tail_words);
	if (rc != IPL_OK) {
		ipl_config_clear(cfg);
	}
	return rc;
}

void
ipl_config_clear(struct ipl_config *cfg)
{
	if (cfg == NULL) {
		return;
	}
	g_strfreev(cfg->hosts);
	g_free(cfg->ipaddr);
	ipl_wipe(cfg->password, sizeof(cfg->password));
	ipl_wipe(cfg->kg, sizeof(cfg->kg));
	ipl_wipe(cfg, sizeof(*cfg));
}

/* ------------------------------------------------------------------ */
/* Describing a configuration                                         */

char *
ipl_config_describe(const struct ipl_config *cfg)
{
	GString *s;
	size_t i;

	if (cfg == NULL || cfg->hosts == NULL || cfg->ipaddr == NULL) {
		return g_strdup("ipmilan (not configured)");
	}
	s = g_string_new(NULL);
	for (i = 0; cfg->hosts[i] != NULL; i++) {
		g_string_append_printf(s, "%s%s", i > 0 ? "," : "",
				       cfg->hosts[i]);
	}
	if (strchr(cfg->ipaddr, ':') != NULL) {
		g_string_append_printf(s, " via [%s]:%u", cfg->ipaddr,
				       cfg->port);
	} else {
		g_string_append_printf(s, " via %s:%u", cfg->ipaddr, cfg->port);
	}
	if (cfg->iface != IPL_IFACE_AUTO) {
		g_string_append_printf(s, " (%s)", ipl_iface_name(cfg->iface));
	}
	return g_string_free(s, FALSE);
}

bool
ipl_config_has_host(const struct ipl_config *cfg, const char *node)
{
	size_t i;

	if (cfg == NULL || cfg->hosts == NULL || node == NULL) {
		return false;
	}
	for (i = 0; cfg->hosts[i] != NULL; i++) {
		if (strcmp(cfg->hosts[i], node) == 0) {
			return true;
		}
	}
	return false;
}

unsigned int
ipl_config_retry_ms(const struct ipl_config *cfg)
{
	unsigned int ms = cfg->msg_timeout_ms / 6u;

	if (ms < IPL_RETRY_MIN_MS) {
		ms = IPL_RETRY_MIN_MS;
	}
	return ms < cfg->msg_timeout_ms ? ms : cfg->msg_timeout_ms;
}
