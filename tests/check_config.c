/*
 * check_config.c - unit tests of the parameter table, the strict parsers,
 * the secret-file reader and the configuration assembly (src/engine/
 * params.c, parse.c, cipher.c, secret_file.c, config.c).  No network, no
 * OpenIPMI runtime; the environment is a fake getenv unless a test says
 * otherwise.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <check.h>
#include <glib.h>
#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/ipmi_lan.h>

#include "engine/cipher.h"
#include "engine/config.h"
#include "engine/log.h"
#include "engine/metadata.h"
#include "engine/params.h"
#include "engine/parse.h"
#include "engine/secret_file.h"

/* Distinctive secrets: no message or log line may ever contain them. */
#define PW      "Zq7-sEcReT-pw"
#define KG_TEXT "Kg-xYzzY-9"
#define KG_HEX  "0x5eC7e7a1"

/* ------------------------------------------------------------------ */
/* Fixtures: a fake environment and a log capture                     */

#define MAX_ENV 16
static const char *env_names[MAX_ENV];
static const char *env_values[MAX_ENV];
static size_t env_count;
static unsigned int env_lookups;

static void
env_set(const char *name, const char *value)
{
	ck_assert_uint_lt(env_count, MAX_ENV);
	env_names[env_count] = name;
	env_values[env_count] = value;
	env_count++;
}

static const char *
fake_getenv(const char *name)
{
	size_t i;

	env_lookups++;
	for (i = 0; i < env_count; i++) {
		if (strcmp(env_names[i], name) == 0) {
			return env_values[i];
		}
	}
	return NULL;
}

/* The process environment, as the stonith front end reads it. */
static const char *
real_getenv(const char *name)
{
	return getenv(name);
}

static GString *log_text;

static void
capture_log(ipl_log_level level, const char *msg, void *ud)
{
	(void)ud;
	g_string_append_printf(log_text, "%d %s\n", (int)level, msg);
}

static void
setup(void)
{
	env_count = 0;
	env_lookups = 0;
	log_text = g_string_new(NULL);
	ipl_log_set_sink(capture_log, NULL);
	ipl_log_set_debug(1);
}

static void
teardown(void)
{
	ck_assert_msg(strstr(log_text->str, PW) == NULL, "password logged");
	ck_assert_msg(strstr(log_text->str, KG_TEXT) == NULL, "kg logged");
	ck_assert_msg(g_strrstr(log_text->str, "5eC7e7a1") == NULL,
		      "hex kg logged");
	ipl_log_set_sink(NULL, NULL);
	ipl_log_set_debug(0);
	g_string_free(log_text, TRUE);
	log_text = NULL;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

/* Assert that msg contains every string of the NULL-terminated list. */
static void
assert_has(const char *msg, ...)
{
	va_list ap;
	const char *want;

	va_start(ap, msg);
	while ((want = va_arg(ap, const char *)) != NULL) {
		ck_assert_msg(strstr(msg, want) != NULL,
			      "message \"%s\" lacks \"%s\"", msg, want);
	}
	va_end(ap);
}

static void
assert_no_secret(const char *msg)
{
	ck_assert_msg(strstr(msg, PW) == NULL, "password in \"%s\"", msg);
	ck_assert_msg(strstr(msg, KG_TEXT) == NULL, "kg in \"%s\"", msg);
	ck_assert_msg(strstr(msg, "5eC7e7a1") == NULL, "kg in \"%s\"", msg);
}

/* True when the n bytes at mem contain needle. */
static bool
mem_has(const void *mem, size_t n, const char *needle)
{
	const unsigned char *m = mem;
	size_t len = strlen(needle);
	size_t i;

	for (i = 0; len <= n && i <= n - len; i++) {
		if (memcmp(m + i, needle, len) == 0) {
			return true;
		}
	}
	return false;
}

static bool
cfg_is_zero(const struct ipl_config *cfg)
{
	static const struct ipl_config zero;

	return memcmp(cfg, &zero, sizeof(zero)) == 0;
}

/*
 * Parse a list given as name, value, ..., NULL (a value may be NULL).
 * The base names hostname, ipaddr, login and password are appended after
 * the given pairs unless base is false; being later, they lose to the
 * given pairs (first occurrence wins).
 */
static ipl_rc
vparse(struct ipl_config *cfg, ipl_status *st, bool base, va_list ap)
{
	struct ipl_nv list[40];
	size_t n = 0;
	const char *name;
	ipl_rc rc;

	while ((name = va_arg(ap, const char *)) != NULL) {
		ck_assert_uint_lt(n, 30);
		list[n].name = name;
		list[n].value = va_arg(ap, const char *);
		n++;
	}
	if (base) {
		static const char *const b[][2] = {
			{ "hostname", "node1" }, { "ipaddr", "10.0.0.5" },
			{ "login", "root" }, { "password", PW },
		};
		size_t i;

		for (i = 0; i < G_N_ELEMENTS(b); i++) {
			list[n].name = b[i][0];
			list[n].value = b[i][1];
			n++;
		}
	}
	list[n].name = NULL;
	list[n].value = NULL;
	rc = ipl_config_parse(cfg, list, fake_getenv, ipl_read_secret_file, st);
	ck_assert_int_eq(rc, st->rc);
	if (rc != IPL_OK) {
		ck_assert_int_eq(rc, IPL_ERR_CONFIG);
		ck_assert_msg(cfg_is_zero(cfg), "cfg not cleared on failure");
		ck_assert_msg(st->msg[0] != '\0', "no message");
		assert_no_secret(st->msg);
	} else {
		ck_assert_str_eq(st->msg, "");
	}
	return rc;
}

/* Parse base values plus name, value, ..., NULL. */
static ipl_rc
parse_with(struct ipl_config *cfg, ipl_status *st, ...)
{
	va_list ap;
	ipl_rc rc;

	va_start(ap, st);
	rc = vparse(cfg, st, true, ap);
	va_end(ap);
	return rc;
}

/* Parse exactly name, value, ..., NULL. */
static ipl_rc
parse_only(struct ipl_config *cfg, ipl_status *st, ...)
{
	va_list ap;
	ipl_rc rc;

	va_start(ap, st);
	rc = vparse(cfg, st, false, ap);
	va_end(ap);
	return rc;
}

/* The positional shape: the eight names in order, as -p/-F/-E give. */
static ipl_rc
parse_positional(struct ipl_config *cfg, ipl_status *st,
		 const char *const v[8])
{
	const char *const *names = ipl_config_names();
	struct ipl_nv list[9];
	size_t i;
	ipl_rc rc;

	for (i = 0; i < 8; i++) {
		list[i].name = names[i];
		list[i].value = v[i];
	}
	list[8].name = NULL;
	list[8].value = NULL;
	rc = ipl_config_parse(cfg, list, fake_getenv, ipl_read_secret_file, st);
	if (rc != IPL_OK) {
		ck_assert_msg(cfg_is_zero(cfg), "cfg not cleared on failure");
		assert_no_secret(st->msg);
	}
	return rc;
}

/* Expect param=value (with base values) to fail naming all of wants. */
#define EXPECT_FAIL(param, value, ...) do {                               \
	struct ipl_config c_ = { 0 };                                     \
	ipl_status s_;                                                    \
	ck_assert_int_eq(parse_with(&c_, &s_, param, value, NULL),        \
			 IPL_ERR_CONFIG);                                 \
	assert_has(s_.msg, param, __VA_ARGS__, NULL);                     \
} while (0)

/* Expect param=value to fail with a message holding all of wants. */
#define EXPECT_FAIL_MSG(param, value, ...) do {                           \
	struct ipl_config c_ = { 0 };                                     \
	ipl_status s_;                                                    \
	ck_assert_int_eq(parse_with(&c_, &s_, param, value, NULL),        \
			 IPL_ERR_CONFIG);                                 \
	assert_has(s_.msg, __VA_ARGS__, NULL);                            \
} while (0)

/* ------------------------------------------------------------------ */
/* The table                                                          */

static const char *const positional[] = {
	"hostname", "ipaddr", "port", "auth", "priv", "login", "password",
	"reset_method",
};
static const char *const optional[] = {
	"interface", "cipher", "allow_insecure_cipher0", "kg", "timeout",
	"msg_timeout", "power_wait", "password_file", "kg_file",
};

START_TEST(test_names_in_order)
{
	const char *const *names = ipl_config_names();
	size_t i;

	for (i = 0; i < 8; i++) {
		ck_assert_ptr_nonnull(names[i]);
		ck_assert_str_eq(names[i], positional[i]);
	}
	ck_assert_ptr_null(names[8]);
	ck_assert_ptr_eq(ipl_config_names(), names);
}
END_TEST

START_TEST(test_table_rows)
{
	size_t i;

	ck_assert_uint_eq(ipl_param_count(), 17);
	for (i = 0; i < ipl_param_count(); i++) {
		const struct ipl_param_info *p = ipl_param_at(i);

		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->name, i < 8 ? positional[i]
					       : optional[i - 8]);
		ck_assert_int_eq(p->positional, i < 8);
		ck_assert_ptr_nonnull(p->shortdesc);
		ck_assert_ptr_nonnull(p->longdesc);
		ck_assert_ptr_eq(ipl_param_find(p->name), p);
		if (p->required) {
			ck_assert_ptr_null(p->default_value);
		}
		ck_assert_int_eq(p->required,
				 strcmp(p->name, "hostname") == 0 ||
				 strcmp(p->name, "ipaddr") == 0 ||
				 strcmp(p->name, "login") == 0);
		ck_assert_int_eq(p->secret,
				 strcmp(p->name, "password") == 0 ||
				 strcmp(p->name, "kg") == 0);
	}
	ck_assert_ptr_null(ipl_param_at(17));
	ck_assert_ptr_null(ipl_param_at((size_t)-1));
}
END_TEST

START_TEST(test_param_find)
{
	const struct ipl_param_info *port = ipl_param_find("port");

	ck_assert_ptr_nonnull(port);
	ck_assert_str_eq(port->alias, "ipport");
	ck_assert_ptr_eq(ipl_param_find("ipport"), port);
	ck_assert_ptr_null(ipl_param_find("Port"));
	ck_assert_ptr_null(ipl_param_find("nodename"));
	ck_assert_ptr_null(ipl_param_find(""));
	ck_assert_ptr_null(ipl_param_find(NULL));
}
END_TEST

START_TEST(test_table_defaults)
{
	static const char *const want[][2] = {
		{ "port", "623" }, { "auth", "md5" }, { "priv", "operator" },
		{ "reset_method", "onoff" }, { "interface", "auto" },
		{ "cipher", "auto" }, { "allow_insecure_cipher0", "false" },
		{ "timeout", "20" }, { "msg_timeout", "1" },
		{ "power_wait", "0.5" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct ipl_param_info *p = ipl_param_find(want[i][0]);

		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->default_value, want[i][1]);
	}
	ck_assert_ptr_null(ipl_param_find("kg")->default_value);
	ck_assert_ptr_null(ipl_param_find("hostname")->default_value);
	ck_assert_ptr_null(ipl_param_find("password")->default_value);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Word tables                                                        */

struct word_case {
	const char *word;
	int value;
};

static const struct word_case auth_ok[] = {
	{ "none", IPMI_AUTHTYPE_NONE }, { "NONE", IPMI_AUTHTYPE_NONE },
	{ "md2", IPMI_AUTHTYPE_MD2 }, { "Md2", IPMI_AUTHTYPE_MD2 },
	{ "md5", IPMI_AUTHTYPE_MD5 }, { "MD5", IPMI_AUTHTYPE_MD5 },
	{ "straight", IPMI_AUTHTYPE_STRAIGHT },
	{ "StRaIgHt", IPMI_AUTHTYPE_STRAIGHT },
	{ "password", IPMI_AUTHTYPE_STRAIGHT },
	{ "PASSWORD", IPMI_AUTHTYPE_STRAIGHT },
	{ "key", IPMI_AUTHTYPE_STRAIGHT }, { "Key", IPMI_AUTHTYPE_STRAIGHT },
	{ "0", IPMI_AUTHTYPE_NONE }, { "1", IPMI_AUTHTYPE_MD2 },
	{ "2", IPMI_AUTHTYPE_MD5 }, { "4", IPMI_AUTHTYPE_STRAIGHT },
};

START_TEST(test_auth_accepts)
{
	const struct word_case *c = &auth_ok[_i];
	struct ipl_config cfg = { 0 };
	ipl_status st;
	int auth = -1;

	ck_assert_int_eq(ipl_parse_auth(c->word, &auth, &st), IPL_OK);
	ck_assert_int_eq(auth, c->value);
	ck_assert_int_eq(parse_with(&cfg, &st, "auth", c->word, NULL), IPL_OK);
	ck_assert_int_eq(cfg.auth, c->value);
	ipl_config_clear(&cfg);
}
END_TEST

static const char *const auth_bad[] = {
	"sha1", "", "3", "5", "6", "00", "02", " md5", "md5 ", "m d5", "md55",
	"-1", "rmcp+", "straight\n",
};

START_TEST(test_auth_rejects)
{
	ipl_status st;
	int auth = 77;
	char quoted[64];

	ck_assert_int_eq(ipl_parse_auth(auth_bad[_i], &auth, &st),
			 IPL_ERR_CONFIG);
	ck_assert_int_eq(st.rc, IPL_ERR_CONFIG);
	ck_assert_int_eq(auth, 77);
	if (strchr(auth_bad[_i], '\n') == NULL) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", auth_bad[_i]);
	} else {
		snprintf(quoted, sizeof(quoted), "\"straight\\x0a\"");
	}
	assert_has(st.msg, "auth:", quoted, "none, md2, md5 or straight",
		   "password, key", "0, 1, 2, 4", NULL);
	EXPECT_FAIL("auth", auth_bad[_i], quoted, "md5");
}
END_TEST

START_TEST(test_auth_example_message)
{
	ipl_status st;
	int auth;

	ipl_parse_auth("sha1", &auth, &st);
	ck_assert_str_eq(st.msg, "auth: \"sha1\" is not allowed; use none, "
			 "md2, md5 or straight (alias password, key), or the "
			 "IPMI codes 0, 1, 2, 4");
}
END_TEST

static const struct word_case priv_ok[] = {
	{ "operator", IPMI_PRIVILEGE_OPERATOR },
	{ "OPERATOR", IPMI_PRIVILEGE_OPERATOR },
	{ "admin", IPMI_PRIVILEGE_ADMIN }, { "Admin", IPMI_PRIVILEGE_ADMIN },
	{ "administrator", IPMI_PRIVILEGE_ADMIN },
	{ "ADMINISTRATOR", IPMI_PRIVILEGE_ADMIN },
	{ "3", IPMI_PRIVILEGE_OPERATOR }, { "4", IPMI_PRIVILEGE_ADMIN },
};

START_TEST(test_priv_accepts)
{
	const struct word_case *c = &priv_ok[_i];
	struct ipl_config cfg = { 0 };
	ipl_status st;
	int priv = -1;

	ck_assert_int_eq(ipl_parse_priv(c->word, &priv, &st), IPL_OK);
	ck_assert_int_eq(priv, c->value);
	ck_assert_int_eq(parse_with(&cfg, &st, "priv", c->word, NULL), IPL_OK);
	ck_assert_int_eq(cfg.priv, c->value);
	ipl_config_clear(&cfg);
}
END_TEST

static const char *const priv_refused[] = {
	"callback", "CALLBACK", "user", "User", "1", "2",
};

START_TEST(test_priv_refuses_weak_levels)
{
	char quoted[32];

	snprintf(quoted, sizeof(quoted), "\"%s\"", priv_refused[_i]);
	EXPECT_FAIL("priv", priv_refused[_i], quoted, "cannot control power",
		    "Chassis Control needs operator or admin",
		    "use operator or admin");
}
END_TEST

static const char *const priv_bad[] = {
	"root", "", "0", "5", "oem", "03", " admin", "operator,",
};

START_TEST(test_priv_rejects)
{
	char quoted[32];

	snprintf(quoted, sizeof(quoted), "\"%s\"", priv_bad[_i]);
	EXPECT_FAIL("priv", priv_bad[_i], quoted, "is not allowed",
		    "operator or admin", "administrator", "3, 4");
}
END_TEST

static const struct word_case reset_ok[] = {
	{ "onoff", IPL_RESET_ONOFF }, { "ONOFF", IPL_RESET_ONOFF },
	{ "on_off", IPL_RESET_ONOFF }, { "on-off", IPL_RESET_ONOFF },
	{ "On-Off", IPL_RESET_ONOFF },
	{ "power_cycle", IPL_RESET_POWER_CYCLE },
	{ "Power_Cycle", IPL_RESET_POWER_CYCLE },
	{ "cycle", IPL_RESET_POWER_CYCLE }, { "CYCLE", IPL_RESET_POWER_CYCLE },
	{ "hard_reset", IPL_RESET_HARD_RESET },
	{ "HARD_RESET", IPL_RESET_HARD_RESET },
	{ "reset", IPL_RESET_HARD_RESET }, { "Reset", IPL_RESET_HARD_RESET },
};

START_TEST(test_reset_method_accepts)
{
	const struct word_case *c = &reset_ok[_i];
	struct ipl_config cfg = { 0 };
	enum ipl_reset_method m = (enum ipl_reset_method)99;
	ipl_status st;

	ck_assert_int_eq(ipl_parse_reset_method(c->word, &m, &st), IPL_OK);
	ck_assert_int_eq(m, c->value);
	ck_assert_int_eq(parse_with(&cfg, &st, "reset_method", c->word, NULL),
			 IPL_OK);
	ck_assert_int_eq(cfg.reset_method, c->value);
	ipl_config_clear(&cfg);
}
END_TEST

static const char *const reset_bad[] = {
	"off", "powercycle", "hard-reset", "0", "", "   ", "soft",
};

START_TEST(test_reset_method_rejects)
{
	char quoted[32];

	snprintf(quoted, sizeof(quoted), "\"%s\"", reset_bad[_i]);
	EXPECT_FAIL("reset_method", reset_bad[_i], quoted, "onoff",
		    "on_off, on-off", "power_cycle (alias cycle)",
		    "hard_reset (alias reset)");
}
END_TEST

static const struct word_case iface_ok[] = {
	{ "auto", IPL_IFACE_AUTO }, { "AUTO", IPL_IFACE_AUTO },
	{ "lanplus", IPL_IFACE_LANPLUS }, { "LanPlus", IPL_IFACE_LANPLUS },
	{ "lan", IPL_IFACE_LAN }, { "LAN", IPL_IFACE_LAN },
};

START_TEST(test_interface_accepts)
{
	const struct word_case *c = &iface_ok[_i];
	struct ipl_config cfg = { 0 };
	enum ipl_iface iface = (enum ipl_iface)99;
	ipl_status st;

	ck_assert_int_eq(ipl_parse_iface(c->word, &iface, &st), IPL_OK);
	ck_assert_int_eq(iface, c->value);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", c->word, NULL),
			 IPL_OK);
	ck_assert_int_eq(cfg.iface, c->value);
	ipl_config_clear(&cfg);
}
END_TEST

static const char *const iface_bad[] = {
	"lan+", "ipmi2", "", "open", "lanplus ", "2.0",
};

START_TEST(test_interface_rejects)
{
	char quoted[32];

	snprintf(quoted, sizeof(quoted), "\"%s\"", iface_bad[_i]);
	EXPECT_FAIL("interface", iface_bad[_i], quoted,
		    "auto, lanplus or lan");
}
END_TEST

static const struct word_case bool_ok[] = {
	{ "true", 1 }, { "TRUE", 1 }, { "True", 1 }, { "yes", 1 },
	{ "YES", 1 }, { "on", 1 }, { "On", 1 }, { "1", 1 },
	{ "false", 0 }, { "FALSE", 0 }, { "no", 0 }, { "No", 0 },
	{ "off", 0 }, { "OFF", 0 }, { "0", 0 },
};

START_TEST(test_bool_accepts)
{
	const struct word_case *c = &bool_ok[_i];
	struct ipl_config cfg = { 0 };
	ipl_status st;
	bool b = !c->value;

	ck_assert_int_eq(ipl_parse_bool("flag", c->word, &b, &st), IPL_OK);
	ck_assert_int_eq(b, c->value);
	ck_assert_int_eq(parse_with(&cfg, &st, "allow_insecure_cipher0",
				    c->word, NULL), IPL_OK);
	ck_assert_int_eq(cfg.allow_cipher0, c->value);
	ipl_config_clear(&cfg);
}
END_TEST

static const char *const bool_bad[] = {
	"", "2", "y", "n", "t", "enable", " true", "true ", "01",
};

START_TEST(test_bool_rejects)
{
	char quoted[32];

	snprintf(quoted, sizeof(quoted), "\"%s\"", bool_bad[_i]);
	EXPECT_FAIL("allow_insecure_cipher0", bool_bad[_i], quoted,
		    "true or false", "yes/no", "on/off", "1/0");
}
END_TEST

START_TEST(test_names_canonical)
{
	ck_assert_str_eq(ipl_auth_name(IPMI_AUTHTYPE_NONE), "none");
	ck_assert_str_eq(ipl_auth_name(IPMI_AUTHTYPE_MD2), "md2");
	ck_assert_str_eq(ipl_auth_name(IPMI_AUTHTYPE_MD5), "md5");
	ck_assert_str_eq(ipl_auth_name(IPMI_AUTHTYPE_STRAIGHT), "straight");
	ck_assert_str_eq(ipl_auth_name(99), "unknown");
	ck_assert_str_eq(ipl_priv_name(IPMI_PRIVILEGE_OPERATOR), "operator");
	ck_assert_str_eq(ipl_priv_name(IPMI_PRIVILEGE_ADMIN), "admin");
	ck_assert_str_eq(ipl_priv_name(IPMI_PRIVILEGE_USER), "unknown");
	ck_assert_str_eq(ipl_reset_method_name(IPL_RESET_ONOFF), "onoff");
	ck_assert_str_eq(ipl_reset_method_name(IPL_RESET_POWER_CYCLE),
			 "power_cycle");
	ck_assert_str_eq(ipl_reset_method_name(IPL_RESET_HARD_RESET),
			 "hard_reset");
	ck_assert_str_eq(ipl_iface_name(IPL_IFACE_AUTO), "auto");
	ck_assert_str_eq(ipl_iface_name(IPL_IFACE_LANPLUS), "lanplus");
	ck_assert_str_eq(ipl_iface_name(IPL_IFACE_LAN), "lan");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Numbers                                                            */

START_TEST(test_uint_accepts)
{
	struct ipl_config cfg = { 0 };
	unsigned int v = 0;
	ipl_status st;

	ck_assert_int_eq(ipl_parse_uint("port", "623", 1, 65535, &v, &st),
			 IPL_OK);
	ck_assert_uint_eq(v, 623);
	ck_assert_int_eq(ipl_parse_uint("port", "1", 1, 65535, &v, &st),
			 IPL_OK);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ipl_parse_uint("port", "65535", 1, 65535, &v, &st),
			 IPL_OK);
	ck_assert_uint_eq(v, 65535);
	ck_assert_int_eq(ipl_parse_uint("n", "0", 0, 5, &v, &st), IPL_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(ipl_parse_uint("n", "4294967295", 0, 4294967295U,
					&v, &st), IPL_OK);
	ck_assert_uint_eq(v, 4294967295U);
	ck_assert_int_eq(parse_with(&cfg, &st, "port", "6230", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 6230);
	ck_assert_int_eq(parse_with(&cfg, &st, "ipport", "624", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 624);
	ipl_config_clear(&cfg);
}
END_TEST

struct num_case {
	const char *value;
	const char *why;
};

static const struct num_case port_bad[] = {
	{ "", "not a decimal integer" },
	{ " 623", "not a decimal integer" },
	{ "623 ", "not a decimal integer" },
	{ "+623", "not a decimal integer" },
	{ "-1", "not a decimal integer" },
	{ "0", "out of range" },
	{ "65536", "out of range" },
	{ "623x", "not a decimal integer" },
	{ "0x10", "not a decimal integer" },
	{ "0623", "not a decimal integer" },
	{ "6.5", "not a decimal integer" },
	{ "99999999999999999999999999999", "out of range" },
	{ "18446744073709551617", "out of range" },
	{ "4294967919", "out of range" },
	{ "6 23", "not a decimal integer" },
};

START_TEST(test_uint_rejects)
{
	const struct num_case *c = &port_bad[_i];
	unsigned int v = 42;
	ipl_status st;
	char quoted[64];

	ck_assert_int_eq(ipl_parse_uint("port", c->value, 1, 65535, &v, &st),
			 IPL_ERR_CONFIG);
	ck_assert_uint_eq(v, 42);
	snprintf(quoted, sizeof(quoted), "\"%s\"", c->value);
	assert_has(st.msg, "port:", quoted, c->why, "from 1 to 65535", NULL);
	EXPECT_FAIL("port", c->value, quoted, c->why, "1 to 65535");
	/* under the alias, the message still names the parameter */
	{
		struct ipl_config cfg = { 0 };

		ck_assert_int_eq(parse_with(&cfg, &st, "ipport", c->value,
					    NULL), IPL_ERR_CONFIG);
		assert_has(st.msg, "port:", quoted, c->why, NULL);
	}
}
END_TEST

struct sec_case {
	const char *value;
	unsigned int ms;
};

static const struct sec_case seconds_ok[] = {
	{ "2", 2000 }, { "2.5", 2500 }, { "0.25", 250 }, { "0.5", 500 },
	{ "1.250", 1250 }, { "1.001", 1001 }, { "0.001", 1 }, { "0", 0 },
	{ "0.0", 0 }, { "3600", 3600000 }, { "3600.000", 3600000 },
	{ "10.05", 10050 },
};

START_TEST(test_seconds_accepts)
{
	const struct sec_case *c = &seconds_ok[_i];
	unsigned int ms = 77;
	ipl_status st;

	ck_assert_int_eq(ipl_parse_seconds("t", c->value, 0, 3600000, &ms,
					   &st), IPL_OK);
	ck_assert_uint_eq(ms, c->ms);
}
END_TEST

/* ".5" and "5." are refused: a digit is needed on both sides of '.' */
static const char *const seconds_bad[] = {
	"", "1.2345", ".5", "5.", "1e3", "+1", "-1", " 1", "1 ", "1,5",
	"01", "00.5", "1..5", "1.5s", "0x10", "inf", "nan", "1.-5",
	"99999999999999999999999",
};

START_TEST(test_seconds_rejects)
{
	const char *v = seconds_bad[_i];
	unsigned int ms = 77;
	ipl_status st;
	char quoted[64];

	ck_assert_int_eq(ipl_parse_seconds("timeout", v, 1000, 3600000, &ms,
					   &st), IPL_ERR_CONFIG);
	ck_assert_uint_eq(ms, 77);
	snprintf(quoted, sizeof(quoted), "\"%s\"", v);
	assert_has(st.msg, "timeout:", quoted, "1 to 3600", NULL);
	EXPECT_FAIL("timeout", v, quoted, "seconds from 1 to 3600");
	EXPECT_FAIL("msg_timeout", v, quoted, "0.1 to 60");
	EXPECT_FAIL("power_wait", v, quoted, "0.1 to 60");
}
END_TEST

START_TEST(test_seconds_message_mentions_decimals)
{
	EXPECT_FAIL("timeout", "1.2345", "\"1.2345\"", "at most 3 decimals");
}
END_TEST

START_TEST(test_seconds_ranges)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	EXPECT_FAIL("timeout", "0.999", "out of range", "1 to 3600");
	EXPECT_FAIL("timeout", "3600.001", "out of range", "1 to 3600");
	EXPECT_FAIL("timeout", "0", "\"0\"", "1 to 3600");
	EXPECT_FAIL("msg_timeout", "0.099", "\"0.099\"", "0.1 to 60");
	EXPECT_FAIL("msg_timeout", "60.001", "\"60.001\"", "0.1 to 60");
	EXPECT_FAIL("power_wait", "0.05", "\"0.05\"", "0.1 to 60");
	EXPECT_FAIL("power_wait", "61", "\"61\"", "0.1 to 60");

	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "3600",
				    "msg_timeout", "60", "power_wait", "60",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 3600000);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 60000);
	ck_assert_uint_eq(cfg.power_wait_ms, 60000);
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "1",
				    "msg_timeout", "0.1", "power_wait", "0.1",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 1000);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 100);
	ck_assert_uint_eq(cfg.power_wait_ms, 100);
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "2.5",
				    "msg_timeout", "0.25", "power_wait", "1.250",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 2500);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 250);
	ck_assert_uint_eq(cfg.power_wait_ms, 1250);
	ipl_config_clear(&cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Cipher suites                                                      */

/* The one suite cfg proposes (a configuration of one suite). */
static int
only_suite(const struct ipl_config *cfg)
{
	ck_assert_uint_eq(cfg->ciphers.n, 1);
	ck_assert(!cfg->ciphers.is_auto);
	return cfg->ciphers.suites[0];
}

/* auto: 17, then 3 (the default). */
static void
assert_auto(const struct ipl_config *cfg)
{
	ck_assert(cfg->ciphers.is_auto);
	ck_assert_uint_eq(cfg->ciphers.n, 2);
	ck_assert_int_eq(cfg->ciphers.suites[0], 17);
	ck_assert_int_eq(cfg->ciphers.suites[1], 3);
}

START_TEST(test_cipher_accepts)
{
	static const int ok[] = { 1, 2, 3, 6, 7, 8, 11, 12, 15, 16, 17 };
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char v[8];
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(ok); i++) {
		snprintf(v, sizeof(v), "%d", ok[i]);
		ck_assert_int_eq(parse_with(&cfg, &st, "cipher", v, NULL),
				 IPL_OK);
		ck_assert_int_eq(only_suite(&cfg), ok[i]);
		ck_assert_ptr_nonnull(ipl_cipher_lookup(ok[i]));
	}
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_cipher_xrc4_refused)
{
	static const char *const v[] = { "4", "5", "9", "10", "13", "14",
					 "17,4" };
	char quoted[16];
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(v); i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", v[i]);
		EXPECT_FAIL("cipher", v[i], quoted,
			    "uses xRC4 encryption, which OpenIPMI does not "
			    "implement", "1, 2, 3, 6, 7, 8, 11, 12, 15, 16 or 17");
	}
}
END_TEST

/* auto and ordered lists; the order is kept, each suite once, 0 never in
 * a list, at most IPL_CIPHER_MAX of them. */
START_TEST(test_cipher_lists)
{
	static const struct { const char *v; int n; int s[4]; } ok[] = {
		{ "17,3", 2, { 17, 3 } }, { "3,17", 2, { 3, 17 } },
		{ "17,16,15,3", 4, { 17, 16, 15, 3 } }, { "12,8", 2, { 12, 8 } },
	};
	static const struct { const char *v; const char *why; } bad[] = {
		{ "17,17", "names suite 17 twice" },
		{ "17,0", "suite 0 (no authentication) cannot be a fallback" },
		{ "0,3", "suite 0 (no authentication) cannot be a fallback" },
		{ "17,", "\"\" is not a cipher suite" },
		{ "17,,3", "\"\" is not a cipher suite" },
		{ ",3", "\"\" is not a cipher suite" },
		{ "17, 3", "\" 3\" is not a cipher suite" },
		{ "17;3", "not a cipher suite" },
		{ "1,2,3,6,7,8,11", "more than 6 suites" },
		{ "autox", "not a cipher suite" },
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char text[32];
	size_t i;
	int j;

	ck_assert_int_eq(parse_with(&cfg, &st, NULL), IPL_OK);
	assert_auto(&cfg);
	ck_assert_str_eq(ipl_cipher_text(&cfg.ciphers, text, sizeof(text)),
			 "auto");
	ck_assert_int_eq(parse_with(&cfg, &st, "cipher", "AUTO", NULL), IPL_OK);
	assert_auto(&cfg);
	for (i = 0; i < G_N_ELEMENTS(ok); i++) {
		ck_assert_int_eq(parse_with(&cfg, &st, "cipher", ok[i].v, NULL),
				 IPL_OK);
		ck_assert(!cfg.ciphers.is_auto);
		ck_assert_uint_eq(cfg.ciphers.n, (unsigned int)ok[i].n);
		for (j = 0; j < ok[i].n; j++) {
			ck_assert_int_eq(cfg.ciphers.suites[j], ok[i].s[j]);
		}
		ck_assert_str_eq(ipl_cipher_text(&cfg.ciphers, text,
						 sizeof(text)), ok[i].v);
	}
	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		EXPECT_FAIL("cipher", bad[i].v, bad[i].why, "use auto");
	}
	/* suite 0 alone still needs the flag; in a list even with it */
	ck_assert_int_eq(parse_with(&cfg, &st, "cipher", "0,3",
				    "allow_insecure_cipher0", "true", NULL),
			 IPL_ERR_CONFIG);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_cipher_not_a_suite)
{
	static const char *const v[] = {
		"18", "255", "256", "99999999999999999999", "-3", "+3", "",
		"3 ", "03", "aes", "0x3",
	};
	char quoted[40];
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(v); i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", v[i]);
		EXPECT_FAIL("cipher", v[i], quoted, "not a cipher suite",
			    "1, 2, 3, 6, 7, 8, 11, 12, 15, 16 or 17",
			    "allow_insecure_cipher0");
	}
}
END_TEST

START_TEST(test_cipher0_needs_flag)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	EXPECT_FAIL("cipher", "0", "\"0\"", "no authentication",
		    "any password", "allow_insecure_cipher0");
	ck_assert_int_eq(parse_with(&cfg, &st, "cipher", "0",
				    "allow_insecure_cipher0", "false", NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "allow_insecure_cipher0", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "cipher", "0",
				    "allow_insecure_cipher0", "true", NULL),
			 IPL_OK);
	ck_assert_int_eq(only_suite(&cfg), 0);
	ck_assert(cfg.allow_cipher0);
	/* the insecure choice is logged as a warning */
	ck_assert_ptr_nonnull(strstr(log_text->str, "cipher suite 0"));
	/* the flag alone changes nothing */
	ck_assert_int_eq(parse_with(&cfg, &st, "allow_insecure_cipher0", "yes",
				    NULL), IPL_OK);
	assert_auto(&cfg);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_cipher_lookup_table)
{
	/* IPMI 2.0 Table 22-20 and its errata, in the numbers sent on the
	 * wire (Table 13-17 to 13-19): authentication 0 none, 1 RAKP-HMAC-SHA1,
	 * 2 RAKP-HMAC-MD5, 3 RAKP-HMAC-SHA256; integrity 0 none,
	 * 1 HMAC-SHA1-96, 2 HMAC-MD5-128, 3 MD5-128, 4 HMAC-SHA256-128;
	 * confidentiality 0 none, 1 AES-CBC-128.  Written from the
	 * specification, not from the table under test. */
	static const struct ipl_cipher_suite want[] = {
		{ 0, 0, 0, 0 },  { 1, 1, 0, 0 },  { 2, 1, 1, 0 },
		{ 3, 1, 1, 1 },  { 6, 2, 0, 0 },  { 7, 2, 2, 0 },
		{ 8, 2, 2, 1 },  { 11, 2, 3, 0 }, { 12, 2, 3, 1 },
		{ 15, 3, 0, 0 }, { 16, 3, 4, 0 }, { 17, 3, 4, 1 },
	};
	static const int none[] = {
		-1, 4, 5, 9, 10, 13, 14, 18, 255, 256,
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct ipl_cipher_suite *s =
			ipl_cipher_lookup(want[i].suite);

		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(s->suite, want[i].suite);
		ck_assert_uint_eq(s->auth_alg, want[i].auth_alg);
		ck_assert_uint_eq(s->integ_alg, want[i].integ_alg);
		ck_assert_uint_eq(s->conf_alg, want[i].conf_alg);
	}
	for (i = 0; i < G_N_ELEMENTS(none); i++) {
		ck_assert_ptr_null(ipl_cipher_lookup(none[i]));
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* K_g                                                                */

START_TEST(test_kg_hex)
{
	static const unsigned char want[] = { 0x5e, 0xc7, 0xe7, 0xa1 };
	struct ipl_config cfg = { 0 };
	unsigned char kg[IPL_MAX_KG];
	char hex40[43];
	size_t len = 0;
	ipl_status st;
	size_t i;

	ck_assert_int_eq(ipl_parse_kg(KG_HEX, kg, &len, &st), IPL_OK);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(kg, want, 4);
	ck_assert_int_eq(ipl_parse_kg("0X00", kg, &len, &st), IPL_OK);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(kg[0], 0);

	strcpy(hex40, "0x");
	for (i = 0; i < 40; i++) {
		hex40[2 + i] = "0123456789abcdefABCDEF"[i % 22];
	}
	hex40[42] = '\0';
	ck_assert_int_eq(parse_with(&cfg, &st, "kg", hex40, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, 20);
	ck_assert_uint_eq(cfg.kg[0], 0x01);
	ck_assert_uint_eq(cfg.kg[5], 0xab);
	ck_assert_uint_eq(cfg.kg[7], 0xef);
	ck_assert_uint_eq(cfg.kg[8], 0xAB);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_kg_text)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "kg", KG_TEXT, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, strlen(KG_TEXT));
	ck_assert_mem_eq(cfg.kg, KG_TEXT, strlen(KG_TEXT));
	ck_assert_int_eq(parse_with(&cfg, &st, "kg", "k", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, 1);
	ck_assert_int_eq(parse_with(&cfg, &st, "kg", "abcdefghij0123456789",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, 20);
	/* "0" alone, "x1" and "00x1" are text, not hex */
	ck_assert_int_eq(parse_with(&cfg, &st, "kg", "00x1", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, 4);
	ipl_config_clear(&cfg);
}
END_TEST

struct kg_bad {
	const char *value;
	const char *why;
};

static const struct kg_bad kg_bad[] = {
	{ "", "empty" },
	{ KG_TEXT "-far-too-long!", "24 bytes of text" },
	{ "0x", "0x followed by 0 characters" },
	{ "0x5eC7e7a1f", "0x followed by 9 characters" },     /* odd */
	{ "0x5eC7e7a1g0", "not a hex digit" },
	{ "0x 5eC7e7a1", "0x followed by 9 characters" },
	{ "0x5eC7e7a15eC7e7a15eC7e7a15eC7e7a15eC7e7a1ab",
	  "0x followed by 42 characters" },
};

START_TEST(test_kg_rejects)
{
	const struct kg_bad *c = &kg_bad[_i];
	unsigned char kg[IPL_MAX_KG];
	size_t len = 99;
	ipl_status st;

	ck_assert_int_eq(ipl_parse_kg(c->value, kg, &len, &st),
			 IPL_ERR_CONFIG);
	ck_assert_uint_eq(len, 99);
	assert_has(st.msg, "kg:", c->why, "2 to 40 hex digits",
		   "1 to 20 bytes of text", NULL);
	assert_no_secret(st.msg);
	if (strlen(c->value) > 4) {
		ck_assert_msg(strstr(st.msg, c->value + 2) == NULL,
			      "kg value shown in \"%s\"", st.msg);
	}
	EXPECT_FAIL("kg", c->value, c->why, "hex digits");
}
END_TEST

/* ------------------------------------------------------------------ */
/* hostname, ipaddr, login, password                                  */

START_TEST(test_hostname_split_lower_dedupe)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "hostname",
				    " Node1, node2 NODE1,,node3 ,node-4.x_y",
				    NULL), IPL_OK);
	ck_assert_uint_eq(g_strv_length(cfg.hosts), 4);
	ck_assert_str_eq(cfg.hosts[0], "node1");
	ck_assert_str_eq(cfg.hosts[1], "node2");
	ck_assert_str_eq(cfg.hosts[2], "node3");
	ck_assert_str_eq(cfg.hosts[3], "node-4.x_y");
	ck_assert(ipl_config_has_host(&cfg, "node1"));
	ck_assert(ipl_config_has_host(&cfg, "node-4.x_y"));
	ck_assert(!ipl_config_has_host(&cfg, "Node1"));
	ck_assert(!ipl_config_has_host(&cfg, "node"));
	ck_assert(!ipl_config_has_host(&cfg, "node10"));
	ck_assert(!ipl_config_has_host(&cfg, ""));
	ck_assert(!ipl_config_has_host(&cfg, NULL));
	ck_assert(!ipl_config_has_host(NULL, "node1"));

	ck_assert_int_eq(parse_with(&cfg, &st, "hostname", "solo", NULL),
			 IPL_OK);
	ck_assert_uint_eq(g_strv_length(cfg.hosts), 1);
	ck_assert_str_eq(cfg.hosts[0], "solo");
	ipl_config_clear(&cfg);
	ck_assert(!ipl_config_has_host(&cfg, "solo"));
}
END_TEST

struct str_bad {
	const char *value;
	const char *shown;
	const char *why;
};

static const struct str_bad host_bad[] = {
	{ "", "\"\"", "names no node" },
	{ " , ,", "\" , ,\"", "names no node" },
	{ "node1 a=b", "\"a=b\"", "contains '='" },
	{ "node\001x", "\"node\\x01x\"", "control character" },
	{ "node\tx", "\"node\\x09x\"", "control character" },
	{ "n\xc3\xa9ud", "\"n\\xc3\\xa9ud\"", "is not allowed" },
	{ "node/1", "\"node/1\"", "is not allowed" },
	{ "node1;reboot", "\"node1;reboot\"", "is not allowed" },
};

START_TEST(test_hostname_rejects)
{
	const struct str_bad *c = &host_bad[_i];

	EXPECT_FAIL("hostname", c->value, c->shown, c->why,
		    "letters, digits, '.', '_' and '-'",
		    "spaces or commas");
}
END_TEST

START_TEST(test_ipaddr_accepts)
{
	static const char *const ok[][2] = {
		{ "10.0.0.5", "10.0.0.5" },
		{ "bmc-1.example.com", "bmc-1.example.com" },
		{ "bmc_1", "bmc_1" },
		{ "fd00::5", "fd00::5" },
		{ "[fd00::5]", "fd00::5" },
		{ "[::1]", "::1" },
		{ "fe80::1%eth0", "fe80::1%eth0" },
		{ "[fe80::1%eth0]", "fe80::1%eth0" },
	};
	struct ipl_config cfg = { 0 };
	char long_ok[254];
	ipl_status st;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(ok); i++) {
		ck_assert_int_eq(parse_with(&cfg, &st, "ipaddr", ok[i][0], NULL),
				 IPL_OK);
		ck_assert_str_eq(cfg.ipaddr, ok[i][1]);
	}
	memset(long_ok, 'a', 253);
	long_ok[253] = '\0';
	ck_assert_int_eq(parse_with(&cfg, &st, "ipaddr", long_ok, NULL),
			 IPL_OK);
	ck_assert_uint_eq(strlen(cfg.ipaddr), 253);
	ipl_config_clear(&cfg);
}
END_TEST

static const struct str_bad ipaddr_bad[] = {
	{ "", "\"\"", "host name, IPv4 or IPv6" },
	{ "10.0.0.5 ", "\"10.0.0.5 \"", "host name, IPv4 or IPv6" },
	{ " 10.0.0.5", "\" 10.0.0.5\"", "at most 253" },
	{ "10.0.0.5\n", "\"10.0.0.5\\x0a\"", "at most 253" },
	{ "[fd00::5", "\"[fd00::5\"", "[brackets]" },
	{ "fd00::5]", "\"fd00::5]\"", "[brackets]" },
	{ "[]", "\"[]\"", "[brackets]" },
	{ "[10.0.0.5]", "\"[10.0.0.5]\"", "[brackets]" },
	{ "[[::1]]", "\"[[::1]]\"", "[brackets]" },
	{ "bmc/1", "\"bmc/1\"", "letters, digits and . : % _ -" },
	{ "http://bmc", "\"http://bmc\"", "letters, digits and . : % _ -" },
	{ "a b", "\"a b\"", "letters, digits and . : % _ -" },
};

START_TEST(test_ipaddr_rejects)
{
	const struct str_bad *c = &ipaddr_bad[_i];

	EXPECT_FAIL("ipaddr", c->value, c->shown, c->why);
}
END_TEST

START_TEST(test_ipaddr_too_long)
{
	char v[255];

	memset(v, 'b', 254);
	v[254] = '\0';
	EXPECT_FAIL("ipaddr", v, "\"bbbbbbbbbb", "254 characters",
		    "at most 253");
}
END_TEST

START_TEST(test_login)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "login", "0123456789abcdef",
				    NULL), IPL_OK);
	ck_assert_str_eq(cfg.login, "0123456789abcdef");
	ck_assert_int_eq(parse_with(&cfg, &st, "login", "a", NULL), IPL_OK);
	ck_assert_str_eq(cfg.login, "a");
	ck_assert_int_eq(parse_with(&cfg, &st, "login", "ops user", NULL),
			 IPL_OK);
	ck_assert_str_eq(cfg.login, "ops user");
	ipl_config_clear(&cfg);

	EXPECT_FAIL("login", "0123456789abcdefg", "\"0123456789abcdefg\"",
		    "17 bytes", "1 to 16 bytes");
	EXPECT_FAIL("login", "", "\"\"", "0 bytes", "1 to 16 bytes");
	EXPECT_FAIL("login", "ro\001ot", "\"ro\\x01ot\"",
		    "without control characters");
}
END_TEST

START_TEST(test_password)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "password", "", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.password_len, 0);
	ck_assert_str_eq(cfg.password, "");
	ck_assert_int_eq(parse_with(&cfg, &st, "password",
				    PW "-123456", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.password_len, 20);
	ck_assert_str_eq(cfg.password, PW "-123456");
	ck_assert_int_eq(parse_with(&cfg, &st, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.password_len, strlen(PW));
	ck_assert_mem_eq(cfg.password, PW, strlen(PW) + 1);
	ipl_config_clear(&cfg);

	ck_assert_int_eq(parse_with(&cfg, &st, "password", PW "-123456789",
				    NULL), IPL_ERR_CONFIG);
	ck_assert_str_eq(st.msg, "password: 23 bytes long; at most 20 allowed "
			 "(16 for IPMI 1.5 / interface=lan)");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Whole configurations                                               */

START_TEST(test_defaults_applied)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, NULL), IPL_OK);
	ck_assert_uint_eq(g_strv_length(cfg.hosts), 1);
	ck_assert_str_eq(cfg.hosts[0], "node1");
	ck_assert_str_eq(cfg.ipaddr, "10.0.0.5");
	ck_assert_uint_eq(cfg.port, 623);
	ck_assert_int_eq(cfg.auth, IPMI_AUTHTYPE_MD5);
	ck_assert_int_eq(cfg.priv, IPMI_PRIVILEGE_OPERATOR);
	ck_assert_str_eq(cfg.login, "root");
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_ONOFF);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_AUTO);
	assert_auto(&cfg);
	ck_assert(!cfg.allow_cipher0);
	ck_assert_uint_eq(cfg.kg_len, 0);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 1000);
	ck_assert_uint_eq(cfg.power_wait_ms, 500);
	ck_assert_uint_eq(env_lookups, 0);   /* not the positional shape */
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_all_by_name)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "port", "6230", "auth", "md2",
				    "priv", "admin", "reset_method", "cycle",
				    "interface", "lanplus", "cipher", "17"
				    , NULL), IPL_OK);
	ck_assert_int_eq(only_suite(&cfg), 17);
	ck_assert_int_eq(parse_with(&cfg, &st, "port", "6230", "auth", "md2",
				    "priv", "admin", "reset_method", "cycle",
				    "interface", "lanplus", "cipher", "8",
				    "allow_insecure_cipher0", "on",
				    "kg", KG_HEX, "timeout", "30",
				    "msg_timeout", "2.5", "power_wait", "0.25",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 6230);
	ck_assert_int_eq(cfg.auth, IPMI_AUTHTYPE_MD2);
	ck_assert_int_eq(cfg.priv, IPMI_PRIVILEGE_ADMIN);
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_POWER_CYCLE);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LANPLUS);
	ck_assert_int_eq(only_suite(&cfg), 8);
	ck_assert(cfg.allow_cipher0);
	ck_assert_uint_eq(cfg.kg_len, 4);
	ck_assert_uint_eq(cfg.timeout_ms, 30000);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 2500);
	ck_assert_uint_eq(cfg.power_wait_ms, 250);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_positional_with_tail)
{
	const char *const v[8] = {
		"node1,NODE2", "[fd00::5]", "623", "md5", "admin", "root", PW,
		"power_cycle interface=lanplus cipher=3",
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *d;

	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_str_eq(cfg.hosts[0], "node1");
	ck_assert_str_eq(cfg.hosts[1], "node2");
	ck_assert_str_eq(cfg.ipaddr, "fd00::5");
	ck_assert_int_eq(cfg.auth, IPMI_AUTHTYPE_MD5);
	ck_assert_int_eq(cfg.priv, IPMI_PRIVILEGE_ADMIN);
	ck_assert_str_eq(cfg.login, "root");
	ck_assert_str_eq(cfg.password, PW);
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_POWER_CYCLE);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LANPLUS);
	ck_assert_int_eq(only_suite(&cfg), 3);
	d = ipl_config_describe(&cfg);
	ck_assert_str_eq(d, "node1,node2 via [fd00::5]:623 (lanplus)");
	g_free(d);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_positional_old_line)
{
	/* an existing Heartbeat R1 line, unchanged */
	const char *const v[8] = {
		"node1", "10.0.0.5", "623", "md5", "admin", "root", PW,
		"power_cycle",
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *d;

	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_POWER_CYCLE);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_AUTO);
	d = ipl_config_describe(&cfg);
	ck_assert_str_eq(d, "node1 via 10.0.0.5:623");
	g_free(d);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_tail_all_optionals)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "reset_method",
				    "  hard_reset\tinterface=lan  timeout=2.5 "
				    "msg_timeout=0.5 power_wait=1 ", NULL),
			 IPL_OK);
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_HARD_RESET);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LAN);
	ck_assert_uint_eq(cfg.timeout_ms, 2500);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 500);
	ck_assert_uint_eq(cfg.power_wait_ms, 1000);
	ck_assert_int_eq(parse_with(&cfg, &st, "reset_method",
				    "onoff cipher=0 allow_insecure_cipher0=yes "
				    "kg=" KG_TEXT, NULL), IPL_OK);
	ck_assert_int_eq(only_suite(&cfg), 0);
	ck_assert_uint_eq(cfg.kg_len, strlen(KG_TEXT));
	/* first occurrence in the tail wins */
	ck_assert_int_eq(parse_with(&cfg, &st, "reset_method",
				    "onoff timeout=6 timeout=8", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 6000);
	ipl_config_clear(&cfg);
}
END_TEST

static const struct str_bad tail_bad[] = {
	{ "onoff lanplus", "\"lanplus\"", "not a name=value word" },
	{ "power_cycle interface lanplus", "\"interface\"",
	  "not a name=value word" },
	{ "onoff bogus=1", "\"bogus\"=...", "names no optional parameter" },
	{ "onoff port=624", "\"port\"=...", "names no optional parameter" },
	{ "onoff ipport=624", "\"ipport\"=...",
	  "names no optional parameter" },
	{ "onoff =5", "\"\"=...", "names no optional parameter" },
	{ "onoff password=" PW, "\"password\"=...",
	  "names no optional parameter" },
	{ "onoff Timeout=5", "\"Timeout\"=...",
	  "names no optional parameter" },
	{ "onoff reset_method=cycle", "\"reset_method\"=...",
	  "names no optional parameter" },
};

START_TEST(test_tail_rejects)
{
	const struct str_bad *c = &tail_bad[_i];

	EXPECT_FAIL("reset_method", c->value, c->shown, c->why,
		    "interface, cipher, allow_insecure_cipher0, kg, timeout, "
		    "msg_timeout, power_wait");
}
END_TEST

START_TEST(test_tail_values_checked)
{
	EXPECT_FAIL_MSG("reset_method", "onoff timeout=abc", "timeout:",
		    "\"abc\"");
	EXPECT_FAIL_MSG("reset_method", "onoff timeout=", "timeout:", "\"\"");
	EXPECT_FAIL_MSG("reset_method", "onoff interface=ipmi", "interface:",
		    "\"ipmi\"");
	EXPECT_FAIL_MSG("reset_method", "onoff kg=0x123", "kg:",
		    "0x followed by 3");
	EXPECT_FAIL_MSG("reset_method", "hardreset interface=lan",
		    "\"hardreset\"", "power_cycle");
}
END_TEST

START_TEST(test_env_in_positional_shape)
{
	const char *const v[8] = {
		"node1", "10.0.0.5", NULL, NULL, NULL, "root", PW, NULL,
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;

	env_set("interface", "lanplus");
	env_set("cipher", "8");
	env_set("kg", KG_TEXT);
	env_set("timeout", "9");
	env_set("msg_timeout", "0.75");
	env_set("power_wait", "2");
	env_set("allow_insecure_cipher0", "no");
	env_set("port", "999");       /* positional: never from the environment */
	env_set("reset_method", "cycle");
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LANPLUS);
	ck_assert_int_eq(only_suite(&cfg), 8);
	ck_assert_uint_eq(cfg.kg_len, strlen(KG_TEXT));
	ck_assert_uint_eq(cfg.timeout_ms, 9000);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 750);
	ck_assert_uint_eq(cfg.power_wait_ms, 2000);
	ck_assert_uint_eq(cfg.port, 623);
	ck_assert_int_eq(cfg.reset_method, IPL_RESET_ONOFF);
	ipl_config_clear(&cfg);
}
END_TEST

/* fence_legacy passes every CIB attribute in the environment and
 * libstonith reads only the names: an alias (ipport) comes from there. */
START_TEST(test_env_alias_in_positional_shape)
{
	const char *const v[8] = {
		"node1", "10.0.0.5", NULL, NULL, NULL, "root", PW, NULL,
	};
	const char *const given[8] = {
		"node1", "10.0.0.5", "624", NULL, NULL, "root", PW, NULL,
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;

	env_set("ipport", "6230");
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_uint_eq(cfg.port, 6230);
	ipl_config_clear(&cfg);
	/* the list's own value wins over the alias in the environment */
	ck_assert_int_eq(parse_positional(&cfg, &st, given), IPL_OK);
	ck_assert_uint_eq(cfg.port, 624);
	ipl_config_clear(&cfg);
	env_count = 0;
	env_set("ipport", "0");
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "port"));
}
END_TEST

START_TEST(test_env_values_checked)
{
	const char *const v[8] = {
		"node1", "10.0.0.5", NULL, NULL, NULL, "root", PW, NULL,
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;

	env_set("timeout", "forever");
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_ERR_CONFIG);
	assert_has(st.msg, "timeout:", "\"forever\"", "1 to 3600", NULL);
}
END_TEST

START_TEST(test_env_not_in_other_shapes)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	env_set("timeout", "9");
	env_set("interface", "lan");
	/* the four required names only */
	ck_assert_int_eq(parse_with(&cfg, &st, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	/* eight names, but one of them an alias */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n1", "ipaddr", "h",
				    "ipport", "623", "auth", "md5", "priv",
				    "admin", "login", "root", "password", PW,
				    "reset_method", "onoff", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	/* eight names in another order */
	ck_assert_int_eq(parse_only(&cfg, &st, "ipaddr", "h", "hostname", "n1",
				    "port", "623", "auth", "md5", "priv",
				    "admin", "login", "root", "password", PW,
				    "reset_method", "onoff", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	/* nine names: the eight plus an unknown one */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n1", "ipaddr", "h",
				    "port", "623", "auth", "md5", "priv",
				    "admin", "login", "root", "password", PW,
				    "reset_method", "onoff", "nodename", "n1",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	/* seven names */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n1", "ipaddr", "h",
				    "port", "623", "auth", "md5", "priv",
				    "admin", "login", "root", "password", PW,
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	ck_assert_uint_eq(env_lookups, 0);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_env_real_getenv)
{
	const char *const names[8] = {
		"hostname", "ipaddr", "port", "auth", "priv", "login",
		"password", "reset_method",
	};
	const char *const v[8] = {
		"node1", "10.0.0.5", NULL, NULL, NULL, "root", PW, NULL,
	};
	struct ipl_nv list[9];
	struct ipl_config cfg = { 0 };
	ipl_status st;
	size_t i;

	for (i = 0; i < 8; i++) {
		list[i].name = names[i];
		list[i].value = v[i];
	}
	list[8].name = NULL;
	list[8].value = NULL;
	ck_assert_int_eq(setenv("power_wait", "3.5", 1), 0);
	ck_assert_int_eq(ipl_config_parse(&cfg, list, real_getenv,
					  ipl_read_secret_file, &st), IPL_OK);
	unsetenv("power_wait");
	ck_assert_uint_eq(cfg.power_wait_ms, 3500);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_precedence)
{
	const char *const v[8] = {
		"node1", "10.0.0.5", NULL, NULL, NULL, "root", PW,
		"onoff timeout=6 interface=lanplus",
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;

	/* list > tail */
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "5", "reset_method",
				    "onoff timeout=6", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 5000);
	ck_assert_int_eq(parse_with(&cfg, &st, "reset_method",
				    "onoff timeout=6", "timeout", "5", NULL),
			 IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 5000);
	/* tail > environment */
	env_set("timeout", "7");
	env_set("interface", "lan");
	env_set("power_wait", "4");
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 6000);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LANPLUS);
	ck_assert_uint_eq(cfg.power_wait_ms, 4000);
	/* a value in the list is not overridden by a bad tail value later */
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan",
				    "reset_method", "onoff interface=bogus",
				    NULL), IPL_OK);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LAN);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_missing_required)
{
	static const char *const req[] = {
		"hostname", "ipaddr", "login", "password",
	};
	struct ipl_config cfg = { 0 };
	ipl_status st;
	const char *v[4] = { "node1", "10.0.0.5", "root", PW };
	size_t k;

	for (k = 0; k < 4; k++) {
		const char *save = v[k];
		char want[32];

		v[k] = NULL;     /* NULL value: absent, as -E gives */
		ck_assert_int_eq(parse_only(&cfg, &st, req[0], v[0], req[1],
					    v[1], req[2], v[2], req[3], v[3],
					    NULL), IPL_ERR_CONFIG);
		snprintf(want, sizeof(want), "%s: missing", req[k]);
		assert_has(st.msg, want, NULL);
		ck_assert_msg(strncmp(st.msg, req[k], strlen(req[k])) == 0,
			      "\"%s\" does not start with %s", st.msg, req[k]);
		v[k] = save;
	}
	ck_assert_int_eq(parse_only(&cfg, &st, NULL), IPL_ERR_CONFIG);
	ck_assert_str_eq(st.msg, "hostname: missing; hostname, ipaddr, login "
			 "and password (or password_file) are required");
	ck_assert_int_eq(ipl_config_parse(&cfg, NULL, fake_getenv,
					  ipl_read_secret_file, &st),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "hostname: missing", NULL);
	ck_assert(cfg_is_zero(&cfg));
}
END_TEST

START_TEST(test_unknown_and_null_values)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	/* unknown names (R2 passes every attribute) are ignored */
	ck_assert_int_eq(parse_with(&cfg, &st, "nodename", "x=y", "plugin",
				    "ipmilan", "Timeout", "bogus", "", "",
				    "stonith-timeout", "60s", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.timeout_ms, 20000);
	/* a NULL value is absent: the default, or a later value, applies */
	ck_assert_int_eq(parse_with(&cfg, &st, "port", NULL, "timeout", NULL,
				    "kg", NULL, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 623);
	ck_assert_uint_eq(cfg.kg_len, 0);
	ck_assert_int_eq(parse_with(&cfg, &st, "port", NULL, "port", "624",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 624);
	/* first occurrence wins, whether by name or alias */
	ck_assert_int_eq(parse_with(&cfg, &st, "ipport", "700", "port", "800",
				    NULL), IPL_OK);
	ck_assert_uint_eq(cfg.port, 700);
	ck_assert_int_eq(parse_with(&cfg, &st, "hostname", "first", NULL),
			 IPL_OK);
	ck_assert_str_eq(cfg.hosts[0], "first");
	/* an empty value is given, not absent */
	ck_assert_int_eq(parse_with(&cfg, &st, "port", "", NULL),
			 IPL_ERR_CONFIG);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_cross_checks)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	/* lan: IPMI 1.5 passwords are at most 16 bytes */
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", "password",
				    PW "1234", NULL), IPL_ERR_CONFIG);
	assert_has(st.msg, "password:", "17 bytes", "at most 16",
		   "interface=lan", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", "password",
				    PW "123", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.password_len, 16);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "auto",
				    "password", PW "1234567", NULL), IPL_OK);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lanplus",
				    "password", PW "1234567", NULL), IPL_OK);
	/* lan: no K_g, no cipher suite */
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", "kg",
				    KG_TEXT, NULL), IPL_ERR_CONFIG);
	assert_has(st.msg, "kg:", "interface=lan", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", "cipher",
				    "3", NULL), IPL_ERR_CONFIG);
	assert_has(st.msg, "cipher:", "\"3\"", "interface=lan", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", NULL),
			 IPL_OK);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LAN);
	/* msg_timeout <= timeout */
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "2", "msg_timeout",
				    "5", NULL), IPL_ERR_CONFIG);
	assert_has(st.msg, "msg_timeout:", "\"5\"", "timeout (2 s)", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "msg_timeout", "30", NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "msg_timeout:", "\"30\"", "timeout (20 s)", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "2.5", "msg_timeout",
				    "2.5", NULL), IPL_OK);
	ck_assert_uint_eq(cfg.msg_timeout_ms, 2500);
	ck_assert_int_eq(parse_with(&cfg, &st, "timeout", "1", NULL), IPL_OK);
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_insecure_auth_warns)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "interface", "lan", "auth",
				    "straight", NULL), IPL_OK);
	ck_assert_ptr_nonnull(strstr(log_text->str, "clear text"));
	ipl_config_clear(&cfg);
}
END_TEST

START_TEST(test_failure_clears_previous)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;

	ck_assert_int_eq(parse_with(&cfg, &st, "kg", KG_TEXT, NULL), IPL_OK);
	ck_assert_ptr_nonnull(cfg.hosts);
	/* a second parse into the same cfg frees the first (valgrind) */
	ck_assert_int_eq(parse_with(&cfg, &st, "hostname", "a b", NULL),
			 IPL_OK);
	ck_assert_uint_eq(g_strv_length(cfg.hosts), 2);
	ck_assert_int_eq(parse_with(&cfg, &st, "port", "x", NULL),
			 IPL_ERR_CONFIG);
	ck_assert(cfg_is_zero(&cfg));
	/* a failure late in the parse (a cross-check) clears too */
	ck_assert_int_eq(parse_with(&cfg, &st, "cipher", "0", NULL),
			 IPL_ERR_CONFIG);
	ck_assert(cfg_is_zero(&cfg));
}
END_TEST

START_TEST(test_clear_wipes_secrets)
{
	struct ipl_config cfg = { 0 };
	const unsigned char *raw = (const unsigned char *)&cfg;
	ipl_status st;
	size_t i;

	ck_assert_int_eq(parse_with(&cfg, &st, "kg", KG_TEXT, NULL), IPL_OK);
	ck_assert(mem_has(&cfg, sizeof(cfg), PW));
	ck_assert(mem_has(&cfg, sizeof(cfg), KG_TEXT));
	ipl_config_clear(&cfg);
	for (i = 0; i < sizeof(cfg.password); i++) {
		ck_assert_uint_eq((unsigned char)cfg.password[i], 0);
	}
	for (i = 0; i < sizeof(cfg.kg); i++) {
		ck_assert_uint_eq(cfg.kg[i], 0);
	}
	for (i = 0; i < sizeof(cfg); i++) {
		ck_assert_uint_eq(raw[i], 0);
	}
	ck_assert(!mem_has(&cfg, sizeof(cfg), PW));
	ck_assert_ptr_null(cfg.hosts);
	ck_assert_ptr_null(cfg.ipaddr);
	/* clearing twice, or NULL, is harmless */
	ipl_config_clear(&cfg);
	ipl_config_clear(NULL);
}
END_TEST

START_TEST(test_describe)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *d;

	ck_assert_int_eq(parse_with(&cfg, &st, NULL), IPL_OK);
	d = ipl_config_describe(&cfg);
	ck_assert_str_eq(d, "node1 via 10.0.0.5:623");
	g_free(d);
	ck_assert_int_eq(parse_with(&cfg, &st, "hostname", "node1 node2",
				    "ipaddr", "[fd00::5]", "interface",
				    "lanplus", NULL), IPL_OK);
	d = ipl_config_describe(&cfg);
	ck_assert_str_eq(d, "node1,node2 via [fd00::5]:623 (lanplus)");
	g_free(d);
	ck_assert_int_eq(parse_with(&cfg, &st, "ipaddr", "bmc.example", "port",
				    "6230", "interface", "lan", NULL), IPL_OK);
	d = ipl_config_describe(&cfg);
	ck_assert_str_eq(d, "node1 via bmc.example:6230 (lan)");
	g_free(d);
	ipl_config_clear(&cfg);
	d = ipl_config_describe(&cfg);
	ck_assert_ptr_nonnull(d);
	g_free(d);
	d = ipl_config_describe(NULL);
	ck_assert_ptr_nonnull(d);
	g_free(d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CONF_XML                                                           */

/* Run xmllint with args on the XML in a temporary file; its stdout. */
static char *
run_xmllint(const char *xml, const char *const *args, int *status)
{
	char *lint = g_find_program_in_path("xmllint");
	char *path = NULL;
	char *out = NULL;
	GError *err = NULL;
	GPtrArray *argv;
	int fd;

	ck_assert_msg(lint != NULL, "xmllint not found (install "
		      "libxml2-utils): the XML cannot be checked");
	fd = g_file_open_tmp("check_config_XXXXXX.xml", &path, &err);
	ck_assert_msg(fd >= 0, "temp file: %s", err ? err->message : "?");
	ck_assert_int_eq(write(fd, xml, strlen(xml)), (ssize_t)strlen(xml));
	close(fd);
	argv = g_ptr_array_new();
	g_ptr_array_add(argv, lint);
	for (; *args != NULL; args++) {
		g_ptr_array_add(argv, (char *)*args);
	}
	g_ptr_array_add(argv, path);
	g_ptr_array_add(argv, NULL);
	ck_assert_msg(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
				   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
				   &out, NULL, status, &err),
		      "xmllint: %s", err ? err->message : "?");
	g_ptr_array_free(argv, TRUE);
	unlink(path);
	g_free(path);
	g_free(lint);
	return out;
}

START_TEST(test_xml_well_formed)
{
	static const char *const noout[] = { "--noout", NULL };
	char *xml = ipl_metadata_parameters();
	char *again = ipl_metadata_parameters();
	int status = -1;
	char *out;

	ck_assert_str_eq(again, xml);
	g_free(again);
	ck_assert(g_str_has_prefix(xml, "<parameters>"));
	ck_assert(g_str_has_suffix(xml, "</parameters>\n"));
	out = run_xmllint(xml, noout, &status);
	ck_assert_msg(g_spawn_check_wait_status(status, NULL),
		      "xmllint --noout refused the CONF_XML:\n%s", xml);
	g_free(out);
	g_free(xml);
}
END_TEST

/* Assert that xmllint --xpath prints the number want for expr. */
static void
xpath_count(const char *xml, const char *expr, unsigned long want)
{
	const char *args[] = { "--xpath", expr, NULL };
	int status = -1;
	char *out = run_xmllint(xml, args, &status);
	char *w = g_strdup_printf("%lu", want);

	ck_assert_msg(g_spawn_check_wait_status(status, NULL),
		      "xmllint --xpath %s failed", expr);
	ck_assert_msg(strcmp(g_strstrip(out), w) == 0,
		      "%s is %s, not %s", expr, out, w);
	g_free(w);
	g_free(out);
}

START_TEST(test_xml_structure)
{
	char *xml = ipl_metadata_parameters();

	xpath_count(xml, "count(/parameters)", 1);
	xpath_count(xml, "count(/parameters/parameter)", ipl_param_count());
	xpath_count(xml, "count(//parameter[not(shortdesc) "
		    "or not(longdesc) or not(content)])", 0);
	xpath_count(xml, "count(//shortdesc[@lang='en' and "
		    "string-length(.) > 0])", ipl_param_count());
	xpath_count(xml, "count(//longdesc[@lang='en' and "
		    "string-length(.) > 20])", ipl_param_count());
	/* Nothing is unique: a BMC address may serve several devices and a
	 * node may have two; crmsh refuses duplicates of unique parameters. */
	xpath_count(xml, "count(//parameter[@unique='1'])", 0);
	xpath_count(xml, "count(//parameter[@name='hostname'"
		    " and @unique='0' and @required='1'])", 1);
	xpath_count(xml, "count(//parameter[@name='ipaddr'"
		    " and @unique='0' and @required='1'])", 1);
	/* password is not required: password_file may stand for it */
	xpath_count(xml, "count(//parameter[@required='1'])", 3);
	xpath_count(xml, "count(//content[not(@type='string'"
		    " or @type='integer' or "
		    "@type='boolean')])", 0);
	xpath_count(xml, "count(//parameter[@name='port']/"
		    "content[@type='integer' and "
		    "@default='623'])", 1);
	xpath_count(xml, "count(//parameter["
		    "@name='allow_insecure_cipher0']/content"
		    "[@type='boolean' and @default='false'])", 1);
	xpath_count(xml, "count(//parameter[@name='kg']/"
		    "content[@default])", 0);
	g_free(xml);
}
END_TEST

START_TEST(test_xml_names_match_table)
{
	const char *const *names = ipl_config_names();
	char *xml = ipl_metadata_parameters();
	const char *p = xml;
	size_t n = 0;

	while ((p = strstr(p, "<parameter name=\"")) != NULL) {
		const struct ipl_param_info *info = ipl_param_at(n);
		const char *end;
		char *name;

		p += strlen("<parameter name=\"");
		end = strchr(p, '"');
		ck_assert_ptr_nonnull(end);
		name = g_strndup(p, (gsize)(end - p));
		ck_assert_ptr_nonnull(info);
		ck_assert_str_eq(name, info->name);
		if (n < 8) {
			ck_assert_str_eq(name, names[n]);
		}
		g_free(name);
		n++;
	}
	ck_assert_uint_eq(n, ipl_param_count());
	g_free(xml);
}
END_TEST

START_TEST(test_xml_defaults_and_advice)
{
	char *xml = ipl_metadata_parameters();
	size_t i;

	/* every default is stated, in the attribute and in the text */
	for (i = 0; i < ipl_param_count(); i++) {
		const struct ipl_param_info *p = ipl_param_at(i);
		char *attr, *text;

		if (p->default_value == NULL) {
			continue;
		}
		attr = g_strdup_printf("default=\"%s\"", p->default_value);
		text = g_strdup_printf("Default: %s.", p->default_value);
		ck_assert_msg(strstr(xml, attr) != NULL, "no %s", attr);
		ck_assert_msg(strstr(xml, text) != NULL, "no %s", text);
		g_free(attr);
		g_free(text);
	}
	assert_has(xml, "IPMI 1.5", "allow_insecure_cipher0", "any password",
		   "clear text", "Also accepted as ipport.",
		   "aliases password and key", "alias administrator",
		   "aliases on_off, on-off", "alias cycle", "alias reset",
		   "xRC4", "SHA-256", "Default: none", NULL);
	/* the longdescs are escaped */
	ck_assert_ptr_null(strstr(xml, "'.'"));
	ck_assert_ptr_nonnull(strstr(xml, "&apos;.&apos;"));
	g_free(xml);
}
END_TEST


/* ------------------------------------------------------------------ */
/* password_file and kg_file                                          */

static char *secret_dir;

static void
secret_setup(void)
{
	setup();
	secret_dir = g_dir_make_tmp("ipl-check-config-XXXXXX", NULL);
	ck_assert_ptr_nonnull(secret_dir);
}

static void
secret_teardown(void)
{
	GDir *d = g_dir_open(secret_dir, 0, NULL);
	const char *name;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *f = g_build_filename(secret_dir, name, NULL);

		chmod(f, 0700);
		if (remove(f) != 0) {
			rmdir(f);
		}
		g_free(f);
	}
	if (d != NULL) {
		g_dir_close(d);
	}
	rmdir(secret_dir);
	g_free(secret_dir);
	secret_dir = NULL;
	teardown();
}

/* A file name in the test's directory holding content with mode. */
static char *
secret_file(const char *name, const char *content, mode_t mode)
{
	char *path = g_build_filename(secret_dir, name, NULL);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(content, 1, strlen(content), f),
			  strlen(content));
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

/* Parse with password_file=path (and no password) plus the extra pairs. */
static ipl_rc
parse_pwfile(struct ipl_config *cfg, ipl_status *st, const char *path,
	     const char *n1, const char *v1)
{
	return parse_only(cfg, st, "hostname", "node1", "ipaddr", "10.0.0.5",
			  "login", "root", "password_file", path, n1, v1,
			  NULL);
}

static const struct {
	const char *content;
	const char *want;
} pwfile_ok[] = {
	{ PW "\n", PW },
	{ PW, PW },                       /* no line end                  */
	{ PW "\r\n", PW },                /* CRLF                         */
	{ PW "\nsecond line\n", PW },     /* only the first line counts   */
	{ "\n", "" },                     /* empty password               */
	{ "", "" },                       /* empty file                   */
	{ " sp ace\t\n", " sp ace\t" },   /* nothing else is stripped     */
	{ PW "-123456\n", PW "-123456" }, /* 20 bytes                     */
};

START_TEST(test_password_file_accepts)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *path = secret_file("pw", pwfile_ok[_i].content, 0600);

	ck_assert_int_eq(parse_pwfile(&cfg, &st, path, NULL, NULL), IPL_OK);
	ck_assert_str_eq(cfg.password, pwfile_ok[_i].want);
	ck_assert_uint_eq(cfg.password_len, strlen(pwfile_ok[_i].want));
	/* owner read-only is fine too */
	ck_assert_int_eq(chmod(path, 0400), 0);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, path, NULL, NULL), IPL_OK);
	ck_assert_str_eq(cfg.password, pwfile_ok[_i].want);
	ipl_config_clear(&cfg);
	g_free(path);
}
END_TEST

static const mode_t pwfile_bad_modes[] = {
	0640, 0604, 0644, 0660, 0606, 0610, 0601, 0620, 0602, 0666, 0777,
};

START_TEST(test_password_file_mode_refused)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	mode_t m = pwfile_bad_modes[_i];
	char *path = secret_file("pw", PW "\n", m);
	char mode[16];

	ck_assert_int_eq(parse_pwfile(&cfg, &st, path, NULL, NULL),
			 IPL_ERR_CONFIG);
	snprintf(mode, sizeof(mode), "mode %04o", (unsigned int)m);
	assert_has(st.msg, "password_file: ", path, mode, "group or others",
		   "chmod 600", NULL);
	ipl_config_clear(&cfg);
	g_free(path);
}
END_TEST

START_TEST(test_password_file_unusable)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *missing = g_build_filename(secret_dir, "nonexistent", NULL);
	char *dir = g_build_filename(secret_dir, "adir", NULL);
	char *fifo = g_build_filename(secret_dir, "afifo", NULL);
	char *longp = secret_file("long", PW "-1234567\n", 0600);
	char *huge = secret_file("huge", "0123456789012345678901234567890123"
				 "456789012345678901234567890123456789\n", 0600);

	ck_assert_int_eq(parse_pwfile(&cfg, &st, missing, NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "password_file: cannot open ", missing,
		   "No such file", NULL);

	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, dir, NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "password_file: ", dir, "not a regular file",
		   NULL);

	/* A FIFO nobody writes to must not hang the configuration. */
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, fifo, NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "not a regular file", NULL);

	ck_assert_int_eq(parse_pwfile(&cfg, &st, "relative/pw", NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "password_file: \"relative/pw\" is not an "
		   "absolute path", NULL);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, "", NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "not an absolute path", NULL);

	ck_assert_int_eq(parse_pwfile(&cfg, &st, longp, NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "password_file: the password in ", longp,
		   "21 bytes long; at most 20", NULL);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, huge, NULL, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "longer than 64 bytes", NULL);
	ck_assert_msg(strstr(st.msg, "0123456789") == NULL, "content shown");

	/* 17 bytes: fine for RMCP+, too long for IPMI 1.5 */
	g_free(longp);
	longp = secret_file("pw17", PW "1234\n", 0600);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, longp, NULL, NULL), IPL_OK);
	ck_assert_int_eq(parse_pwfile(&cfg, &st, longp, "interface", "lan"),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "at most 16", NULL);
	ipl_config_clear(&cfg);
	g_free(missing);
	g_free(dir);
	g_free(fifo);
	g_free(longp);
	g_free(huge);
}
END_TEST

START_TEST(test_password_file_conflicts)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *path = secret_file("pw", PW "\n", 0600);
	char *tail = g_strdup_printf("onoff interface=lanplus password_file=%s",
				     path);
	const char *v[8] = {
		"node1", "10.0.0.5", "623", "md5", "operator", "root", "-", tail,
	};

	/* both by name: refused, whichever comes first */
	ck_assert_int_eq(parse_with(&cfg, &st, "password_file", path, NULL),
			 IPL_ERR_CONFIG);
	ck_assert_str_eq(st.msg, "password_file: given together with "
			 "password; give only one of them (on a positional "
			 "line write - as the password)");
	/* neither */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n", "ipaddr", "h",
				    "login", "root", NULL), IPL_ERR_CONFIG);
	ck_assert_str_eq(st.msg, "password: missing; give password or "
			 "password_file");
	/* a positional line: "-" in the password slot, the file in the tail */
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_str_eq(cfg.password, PW);
	ck_assert_int_eq(cfg.iface, IPL_IFACE_LANPLUS);
	/* ... but a real password there conflicts */
	v[6] = "x";
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_ERR_CONFIG);
	assert_has(st.msg, "given together with password", NULL);
	/* "-" without password_file is just a one-byte password */
	v[6] = "-";
	v[7] = "onoff";
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_str_eq(cfg.password, "-");
	/* -E with no password variable: password_file from the environment */
	v[6] = NULL;
	env_set("password_file", path);
	ck_assert_int_eq(parse_positional(&cfg, &st, v), IPL_OK);
	ck_assert_str_eq(cfg.password, PW);
	/* "-" is special only in the positional shape */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n", "ipaddr", "h",
				    "login", "root", "password", "-",
				    "password_file", path, NULL),
			 IPL_ERR_CONFIG);
	ipl_config_clear(&cfg);
	g_free(tail);
	g_free(path);
}
END_TEST

START_TEST(test_kg_file)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *hex = secret_file("kghex", KG_HEX "\n", 0600);
	char *text = secret_file("kgtext", KG_TEXT "\r\n", 0600);
	char *bad = secret_file("kgbad", "0x5eC7e7a1ZZ\n", 0600);
	char *open_mode = secret_file("kgopen", KG_HEX "\n", 0644);

	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", hex, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, 4);
	ck_assert_uint_eq(cfg.kg[0], 0x5e);
	ck_assert_uint_eq(cfg.kg[3], 0xa1);
	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", text, NULL), IPL_OK);
	ck_assert_uint_eq(cfg.kg_len, strlen(KG_TEXT));
	ck_assert_mem_eq(cfg.kg, KG_TEXT, strlen(KG_TEXT));
	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", bad, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "kg_file: ", bad, "not a hex digit",
		   "value not shown", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", open_mode, NULL),
			 IPL_ERR_CONFIG);
	assert_has(st.msg, "kg_file: ", open_mode, "mode 0644", NULL);
	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", hex, "kg", KG_TEXT,
				    NULL), IPL_ERR_CONFIG);
	ck_assert_str_eq(st.msg, "kg_file: given together with kg; give only "
			 "one of them");
	ck_assert_int_eq(parse_with(&cfg, &st, "kg_file", hex, "interface",
				    "lan", NULL), IPL_ERR_CONFIG);
	assert_has(st.msg, "kg_file: not allowed with interface=lan", NULL);
	/* both files at once */
	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n", "ipaddr", "h",
				    "login", "root", "password_file", text,
				    "kg_file", hex, NULL), IPL_OK);
	ck_assert_str_eq(cfg.password, KG_TEXT);
	ck_assert_uint_eq(cfg.kg_len, 4);
	ipl_config_clear(&cfg);
	g_free(hex);
	g_free(text);
	g_free(bad);
	g_free(open_mode);
}
END_TEST

START_TEST(test_secret_files_wiped)
{
	struct ipl_config cfg = { 0 };
	ipl_status st;
	char *pw = secret_file("pw", PW "\n", 0600);
	char *kg = secret_file("kg", KG_TEXT "\n", 0600);

	ck_assert_int_eq(parse_only(&cfg, &st, "hostname", "n", "ipaddr", "h",
				    "login", "root", "password_file", pw,
				    "kg_file", kg, NULL), IPL_OK);
	ck_assert(mem_has(&cfg, sizeof(cfg), PW));
	ck_assert(mem_has(&cfg, sizeof(cfg), KG_TEXT));
	ipl_config_clear(&cfg);
	ck_assert(cfg_is_zero(&cfg));
	g_free(pw);
	g_free(kg);
}
END_TEST

START_TEST(test_read_secret_file_api)
{
	char buf[8];
	size_t len = 99;
	ipl_status st;
	char *f = secret_file("s", "abcdefg\n", 0600);
	char *g = secret_file("t", "abcdefgh\n", 0600);

	ipl_status_clear(&st);
	ck_assert_int_eq(ipl_read_secret_file("p", f, buf, sizeof(buf), &len,
					      &st), IPL_OK);
	ck_assert_str_eq(buf, "abcdefg");
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(ipl_read_secret_file("p", g, buf, sizeof(buf), &len,
					      &st), IPL_ERR_CONFIG);
	ck_assert_uint_eq(len, 0);
	/* wiped on failure */
	ck_assert_msg(memchr(buf, 'a', sizeof(buf)) == NULL, "not wiped");
	assert_has(st.msg, "p: the first line of ", g, "longer than 7 bytes",
		   NULL);
	g_free(f);
	g_free(g);
}
END_TEST
/* ------------------------------------------------------------------ */

static void
add_loop(Suite *s, const char *name, const TTest *t, int n)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, t, 0, n);
	suite_add_tcase(s, tc);
}

static void
add_one(Suite *s, const char *name, const TTest *t)
{
	add_loop(s, name, t, 1);
}

/* The secret-file tests, with a private directory per test. */
static void
add_secret(Suite *s, const char *name, const TTest *t, int n)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, secret_setup, secret_teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, t, 0, n);
	suite_add_tcase(s, tc);
}

static void
add_secret_cases(Suite *s)
{
	add_secret(s, "password_file_accepts", test_password_file_accepts,
		   (int)G_N_ELEMENTS(pwfile_ok));
	add_secret(s, "password_file_mode_refused",
		   test_password_file_mode_refused,
		   (int)G_N_ELEMENTS(pwfile_bad_modes));
	add_secret(s, "password_file_unusable", test_password_file_unusable,
		   1);
	add_secret(s, "password_file_conflicts", test_password_file_conflicts,
		   1);
	add_secret(s, "kg_file", test_kg_file, 1);
	add_secret(s, "secret_files_wiped", test_secret_files_wiped, 1);
	add_secret(s, "read_secret_file_api", test_read_secret_file_api, 1);
}

#define LOOP(s, t, table) add_loop(s, #t, t, (int)G_N_ELEMENTS(table))
#define ONE(s, t) add_one(s, #t, t)

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");

	ONE(s, test_names_in_order);
	ONE(s, test_table_rows);
	ONE(s, test_param_find);
	ONE(s, test_table_defaults);
	LOOP(s, test_auth_accepts, auth_ok);
	LOOP(s, test_auth_rejects, auth_bad);
	ONE(s, test_auth_example_message);
	LOOP(s, test_priv_accepts, priv_ok);
	LOOP(s, test_priv_refuses_weak_levels, priv_refused);
	LOOP(s, test_priv_rejects, priv_bad);
	LOOP(s, test_reset_method_accepts, reset_ok);
	LOOP(s, test_reset_method_rejects, reset_bad);
	LOOP(s, test_interface_accepts, iface_ok);
	LOOP(s, test_interface_rejects, iface_bad);
	LOOP(s, test_bool_accepts, bool_ok);
	LOOP(s, test_bool_rejects, bool_bad);
	ONE(s, test_names_canonical);
	ONE(s, test_uint_accepts);
	LOOP(s, test_uint_rejects, port_bad);
	LOOP(s, test_seconds_accepts, seconds_ok);
	LOOP(s, test_seconds_rejects, seconds_bad);
	ONE(s, test_seconds_message_mentions_decimals);
	ONE(s, test_seconds_ranges);
	ONE(s, test_cipher_accepts);
	ONE(s, test_cipher_xrc4_refused);
	ONE(s, test_cipher_lists);
	ONE(s, test_cipher_not_a_suite);
	ONE(s, test_cipher0_needs_flag);
	ONE(s, test_cipher_lookup_table);
	ONE(s, test_kg_hex);
	ONE(s, test_kg_text);
	LOOP(s, test_kg_rejects, kg_bad);
	ONE(s, test_hostname_split_lower_dedupe);
	LOOP(s, test_hostname_rejects, host_bad);
	ONE(s, test_ipaddr_accepts);
	LOOP(s, test_ipaddr_rejects, ipaddr_bad);
	ONE(s, test_ipaddr_too_long);
	ONE(s, test_login);
	ONE(s, test_password);
	ONE(s, test_defaults_applied);
	ONE(s, test_all_by_name);
	ONE(s, test_positional_with_tail);
	ONE(s, test_positional_old_line);
	ONE(s, test_tail_all_optionals);
	LOOP(s, test_tail_rejects, tail_bad);
	ONE(s, test_tail_values_checked);
	ONE(s, test_env_in_positional_shape);
	ONE(s, test_env_values_checked);
	ONE(s, test_env_not_in_other_shapes);
	ONE(s, test_env_real_getenv);
	ONE(s, test_env_alias_in_positional_shape);
	ONE(s, test_precedence);
	ONE(s, test_missing_required);
	ONE(s, test_unknown_and_null_values);
	ONE(s, test_cross_checks);
	ONE(s, test_insecure_auth_warns);
	ONE(s, test_failure_clears_previous);
	ONE(s, test_clear_wipes_secrets);
	ONE(s, test_describe);
	ONE(s, test_xml_well_formed);
	ONE(s, test_xml_structure);
	ONE(s, test_xml_names_match_table);
	ONE(s, test_xml_defaults_and_advice);
	add_secret_cases(s);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
