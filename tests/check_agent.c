/*
 * check_agent.c - unit tests of the fence agent's pure parts
 * (src/fence_agent/): its names, the stdin and command-line input, the
 * translation of fence_ipmilan's spellings into an engine configuration,
 * the messages, password_script, and the metadata as XML.  No network, no
 * OpenIPMI runtime.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <check.h>
#include <glib.h>

#include "engine/config.h"
#include "engine/params.h"
#include "engine/parse.h"
#include "front/fence_agent_actions.h"
#include "front/fence_agent_config.h"
#include "front/fence_agent_input.h"
#include "front/fence_agent_metadata.h"
#include "front/fence_agent_opts.h"
#include "front/fence_agent_script.h"

/* A distinctive password: no message may contain it. */
#define PW "Zq7-aGeNt-pw"
#define BASE "ip=127.0.0.1\nusername=fencer\npassword=" PW "\n"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

static ipl_rc
read_text(struct fa_input *in, const char *text, ipl_status *st)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	ipl_rc rc;

	ck_assert_ptr_nonnull(f);
	memset(in, 0, sizeof(*in));
	ipl_status_clear(st);
	rc = fa_input_read(in, f, st);
	fclose(f);
	return rc;
}

/* The configuration of BASE plus extra lines; the message never holds
 * the password. */
static ipl_rc
conf_from(const char *extra, struct fa_conf *c, ipl_status *st)
{
	char *text = g_strconcat(BASE, extra, NULL);
	struct fa_input in;
	ipl_rc rc = read_text(&in, text, st);

	ck_assert_int_eq(rc, IPL_OK);
	memset(c, 0, sizeof(*c));
	rc = fa_conf_build(c, &in, st);
	ck_assert_ptr_null(strstr(st->msg, PW));
	fa_input_clear(&in);
	g_free(text);
	return rc;
}

/* conf_from must fail, with a message starting with prefix. */
static void
expect_refused(const char *extra, const char *prefix)
{
	struct fa_conf c;
	ipl_status st;

	ck_assert_int_eq(conf_from(extra, &c, &st), IPL_ERR_CONFIG);
	if (strncmp(st.msg, prefix, strlen(prefix)) != 0) {
		ck_abort_msg("for [%s] expected a message starting [%s], got "
			     "[%s]", extra, prefix, st.msg);
	}
	fa_conf_clear(&c);
}

/* ------------------------------------------------------------------ */
/* Names                                                              */

START_TEST(names_unique_and_found)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	int slot;

	for (slot = 0; slot < FA_NSLOTS; slot++) {
		struct fa_param p;
		bool alias = true;

		ck_assert_msg(fa_param_get(slot, &p), "slot %d not offered",
			      slot);
		ck_assert_msg(g_hash_table_add(seen, (gpointer)p.name),
			      "name %s twice", p.name);
		ck_assert_int_eq(fa_param_lookup(p.name, &alias), slot);
		ck_assert(!alias);
		if (p.alias != NULL) {
			ck_assert_msg(g_hash_table_add(seen, (gpointer)p.alias),
				      "alias %s twice", p.alias);
			ck_assert_int_eq(fa_param_lookup(p.alias, &alias), slot);
			ck_assert(alias);
		}
		if (p.short_opt != 0) {
			ck_assert_int_eq(fa_param_by_short(p.short_opt), slot);
		}
		ck_assert_ptr_nonnull(p.shortdesc);
	}
	g_hash_table_destroy(seen);
}
END_TEST

START_TEST(names_fence_ipmilan)
{
	/* fence_ipmilan's names, and '-' for '_' */
	ck_assert_int_eq(fa_param_lookup("ip", NULL), IPL_P_IPADDR);
	ck_assert_int_eq(fa_param_lookup("ipaddr", NULL), IPL_P_IPADDR);
	ck_assert_int_eq(fa_param_lookup("ipport", NULL), IPL_P_PORT);
	ck_assert_int_eq(fa_param_lookup("port", NULL), FA_SLOT(FA_PLUG));
	ck_assert_int_eq(fa_param_lookup("username", NULL), IPL_P_LOGIN);
	ck_assert_int_eq(fa_param_lookup("passwd", NULL), IPL_P_PASSWORD);
	ck_assert_int_eq(fa_param_lookup("privlvl", NULL), IPL_P_PRIV);
	ck_assert_int_eq(fa_param_lookup("method", NULL), IPL_P_RESET_METHOD);
	ck_assert_int_eq(fa_param_lookup("power_timeout", NULL), IPL_P_TIMEOUT);
	ck_assert_int_eq(fa_param_lookup("power-wait", NULL), IPL_P_POWER_WAIT);
	ck_assert_int_eq(fa_param_lookup("hexadecimal-kg", NULL),
			 FA_SLOT(FA_HEX_KG));
	ck_assert_int_eq(fa_param_lookup("passwd_script", NULL),
			 FA_SLOT(FA_PASSWORD_SCRIPT));
	ck_assert_int_eq(fa_param_lookup("reset_method", NULL), -1);
	ck_assert_int_eq(fa_param_lookup("nodename", NULL), -1);
	ck_assert(fa_param_ignored("nodename"));
	ck_assert_int_eq(fa_param_by_short('a'), IPL_P_IPADDR);
	ck_assert_int_eq(fa_param_by_short('P'), FA_SLOT(FA_LANPLUS));
	ck_assert_int_eq(fa_param_by_short('Z'), -1);
}
END_TEST

START_TEST(actions_parse)
{
	enum fa_action a;
	int i;

	for (i = 0; i < FA_ACT_COUNT; i++) {
		ck_assert(fa_action_parse(fa_action_name((enum fa_action)i), &a));
		ck_assert_int_eq(a, i);
	}
	ck_assert(fa_action_parse("META-DATA", &a));
	ck_assert_int_eq(a, FA_ACT_METADATA);
	ck_assert(fa_action_parse("Reboot", &a));
	ck_assert_int_eq(a, FA_ACT_REBOOT);
	ck_assert(!fa_action_parse("list", &a));
	ck_assert(!fa_action_parse("cycle", &a));
	ck_assert(fa_action_delayed(FA_ACT_OFF) && fa_action_delayed(FA_ACT_DIAG));
	ck_assert(!fa_action_delayed(FA_ACT_ON) && !fa_action_delayed(FA_ACT_STATUS));
	ck_assert(!fa_action_needs_bmc(FA_ACT_VALIDATE));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Input                                                              */

START_TEST(stdin_lines)
{
	struct fa_input in;
	ipl_status st;

	ck_assert_int_eq(read_text(&in,
		"# comment\n\n  action = off \nipaddr=\"10.0.0.1\"\n"
		"ip=127.0.0.2\nlogin=fencer\npassword-script=/bin/true\n"
		"nodename=node2\nport=node2\nbogus_name=" PW "\nlanplus=1",
		&st), IPL_OK);
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_ACTION)), "off");
	/* the last of two spellings wins */
	ck_assert_str_eq(fa_input_get(&in, IPL_P_IPADDR), "127.0.0.2");
	ck_assert_str_eq(fa_input_name(&in, IPL_P_IPADDR), "ip");
	ck_assert_str_eq(fa_input_name(&in, IPL_P_LOGIN), "login");
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_PLUG)), "node2");
	ck_assert_str_eq(fa_input_name(&in, FA_SLOT(FA_PLUG)), "port");
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_PASSWORD_SCRIPT)),
			 "/bin/true");
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_LANPLUS)), "1");
	/* one warning, for bogus_name, without its value */
	ck_assert_ptr_nonnull(in.warnings);
	ck_assert_uint_eq(in.warnings->len, 1);
	ck_assert_ptr_nonnull(strstr(g_ptr_array_index(in.warnings, 0),
				     "bogus_name"));
	ck_assert_ptr_null(strstr(g_ptr_array_index(in.warnings, 0), PW));
	fa_input_clear(&in);
}
END_TEST

START_TEST(stdin_refused)
{
	struct fa_input in;
	ipl_status st;
	char *big;

	ck_assert_int_eq(read_text(&in, "ip=1\njunk line\n", &st),
			 IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "line 2"));
	fa_input_clear(&in);
	big = g_strnfill(FA_STDIN_MAX + 1, 'x');
	ck_assert_int_eq(read_text(&in, big, &st), IPL_ERR_CONFIG);
	fa_input_clear(&in);
	g_free(big);
}
END_TEST

START_TEST(argv_forms)
{
	const char *argv[] = {
		"agent", "--ip=127.0.0.1", "--username", "fencer", "-p" PW,
		"-o", "status", "-vvP", "--power-timeout=5", "--plug", "n1",
		"--allow-insecure-cipher0", NULL
	};
	struct fa_input in;
	ipl_status st;

	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(fa_input_argv(&in, 12, argv, &st), IPL_OK);
	ck_assert_str_eq(fa_input_get(&in, IPL_P_IPADDR), "127.0.0.1");
	ck_assert_str_eq(fa_input_get(&in, IPL_P_LOGIN), "fencer");
	ck_assert_str_eq(fa_input_get(&in, IPL_P_PASSWORD), PW);
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_ACTION)), "status");
	ck_assert_str_eq(fa_input_get(&in, FA_SLOT(FA_LANPLUS)), "1");
	ck_assert_uint_eq(in.verbose, 2);
	ck_assert_str_eq(fa_input_get(&in, IPL_P_TIMEOUT), "5");
	ck_assert_str_eq(fa_input_name(&in, IPL_P_TIMEOUT), "power_timeout");
	ck_assert_str_eq(fa_input_get(&in, IPL_P_ALLOW_CIPHER0), "1");
	fa_input_clear(&in);
}
END_TEST

START_TEST(argv_refused)
{
	const char *unknown[] = { "agent", "--ipp=1", NULL };
	const char *novalue[] = { "agent", "--ip", NULL };
	const char *noshort[] = { "agent", "-a", NULL };
	const char *word[] = { "agent", "status", NULL };
	const char *secret[] = { "agent", "--bogus=" PW, NULL };
	struct fa_input in;
	ipl_status st;

	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(fa_input_argv(&in, 2, unknown, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "--ipp"));
	ck_assert_int_eq(fa_input_argv(&in, 2, novalue, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "needs a value"));
	ck_assert_int_eq(fa_input_argv(&in, 2, noshort, &st), IPL_ERR_CONFIG);
	ck_assert_int_eq(fa_input_argv(&in, 2, word, &st), IPL_ERR_CONFIG);
	ck_assert_int_eq(fa_input_argv(&in, 2, secret, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_null(strstr(st.msg, PW));
	fa_input_clear(&in);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Configuration                                                      */

START_TEST(conf_defaults)
{
	struct fa_conf c;
	ipl_status st;

	ck_assert_int_eq(conf_from("", &c, &st), IPL_OK);
	ck_assert_int_eq(c.cfg.iface, IPL_IFACE_AUTO);
	ck_assert_uint_eq(c.cfg.port, 623);
	/* the plugin's default: auto, 17 then 3 */
	ck_assert(c.cfg.ciphers.is_auto);
	ck_assert_uint_eq(c.cfg.ciphers.n, 2);
	ck_assert_int_eq(c.cfg.ciphers.suites[0], 17);
	ck_assert_int_eq(c.cfg.ciphers.suites[1], 3);
	ck_assert_uint_eq(c.cfg.timeout_ms, 20000);
	ck_assert_int_eq(c.cfg.reset_method, IPL_RESET_ONOFF);
	ck_assert_str_eq(c.cfg.password, PW);
	ck_assert_str_eq(c.cfg.login, "fencer");
	ck_assert(!c.have_hosts);
	ck_assert_uint_eq(c.delay_ms, 0);
	ck_assert_ptr_null(c.plug);
	fa_conf_clear(&c);
}
END_TEST

START_TEST(conf_translations)
{
	struct fa_conf c;
	ipl_status st;

	ck_assert_int_eq(conf_from("lanplus=1\nprivlvl=administrator\n"
				   "method=cycle\npower_timeout=7\n"
				   "hexadecimal_kg=0A0b\ndelay=2.5\nport=Node2\n",
				   &c, &st), IPL_OK);
	ck_assert_int_eq(c.cfg.iface, IPL_IFACE_LANPLUS);
	ck_assert_int_eq(c.cfg.reset_method, IPL_RESET_POWER_CYCLE);
	ck_assert_uint_eq(c.cfg.timeout_ms, 7000);
	ck_assert_uint_eq(c.cfg.kg_len, 2);
	ck_assert_uint_eq(c.cfg.kg[0], 0x0a);
	ck_assert_uint_eq(c.cfg.kg[1], 0x0b);
	ck_assert_uint_eq(c.delay_ms, 2500);
	ck_assert_str_eq(c.plug, "node2");
	fa_conf_clear(&c);
	/* lanplus=0 stays auto: not a downgrade to IPMI 1.5 */
	ck_assert_int_eq(conf_from("lanplus=no\n", &c, &st), IPL_OK);
	ck_assert_int_eq(c.cfg.iface, IPL_IFACE_AUTO);
	fa_conf_clear(&c);
	ck_assert_int_eq(conf_from("interface=lan\nauth=password\n", &c, &st),
			 IPL_OK);
	ck_assert_int_eq(c.cfg.iface, IPL_IFACE_LAN);
	fa_conf_clear(&c);
}
END_TEST

/* The agent takes the plugin's cipher values: one suite, 15-17, lists. */
START_TEST(conf_cipher_values)
{
	static const struct {
		const char *in;
		unsigned int n;
		int first, second;
	} want[] = {
		{ "cipher=17\n", 1, 17, 0 },
		{ "cipher=15\n", 1, 15, 0 },
		{ "cipher=16\nlanplus=1\n", 1, 16, 0 },
		{ "cipher=17,3\n", 2, 17, 3 },
		{ "cipher=3,17\n", 2, 3, 17 },
		{ "cipher=AUTO\n", 2, 17, 3 },
	};
	struct fa_conf c;
	ipl_status st;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_msg(conf_from(want[i].in, &c, &st) == IPL_OK,
			      "%s: %s", want[i].in, st.msg);
		ck_assert_uint_eq(c.cfg.ciphers.n, want[i].n);
		ck_assert_int_eq(c.cfg.ciphers.suites[0], want[i].first);
		if (want[i].n > 1) {
			ck_assert_int_eq(c.cfg.ciphers.suites[1],
					 want[i].second);
		}
		fa_conf_clear(&c);
	}
	expect_refused("cipher=17,0\n", "cipher: \"17,0\": suite 0 (no "
		       "authentication) cannot be a fallback");
	expect_refused("cipher=3,3\n", "cipher: \"3,3\" names suite 3 twice");
	expect_refused("cipher=4\n", "cipher: \"4\": suite 4 uses xRC4");
}
END_TEST

START_TEST(conf_messages_use_the_users_names)
{
	expect_refused("privlvl=user\n", "privlvl: \"user\" cannot control");
	expect_refused("cipher=99\n", "cipher: \"99\": 99 is not a cipher "
		       "suite; use auto");
	expect_refused("ipport=0\n", "ipport: \"0\" is out of range");
	expect_refused("power_timeout=0\n", "power_timeout: \"0\"");
	expect_refused("timeout=abc\n", "timeout: \"abc\"");
	expect_refused("method=bogus\n", "method: \"bogus\"");
	expect_refused("method=onoff timeout=3\n", "method: \"onoff timeout=3\"");
	expect_refused("auth=sha\n", "auth: \"sha\"");
	expect_refused("lanplus=maybe\n", "lanplus: \"maybe\"");
	expect_refused("delay=-1\n", "delay: \"-1\"");
	expect_refused("hexadecimal_kg=zz\n", "hexadecimal_kg: not hex");
	expect_refused("hexadecimal_kg=abc\n", "hexadecimal_kg: 0x followed");
	expect_refused("hexadecimal_kg=ab\nkg=x\n", "hexadecimal_kg: given together");
	expect_refused("lanplus=1\ninterface=lan\n", "lanplus: given together");
	expect_refused("interface=lan\ncipher=3\n", "cipher: \"3\" is not allowed");
	expect_refused("password_file=/nonexistent\n", "password_file: given");
	expect_refused("password_script=/bin/true\n",
		       "password_script: given together with password");
	expect_refused("login=abcdefghijklmnopq\n", "login: \"abcdefghijklmnopq\"");
	expect_refused("username=abcdefghijklmnopq\n", "username: ");
	expect_refused("ip=\n", "ip: ");
	expect_refused("msg_timeout=30\n", "msg_timeout: \"30\" is longer");
}
END_TEST

START_TEST(conf_missing)
{
	struct fa_input in;
	struct fa_conf c;
	ipl_status st;

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(read_text(&in, "username=u\npassword=p\n", &st), IPL_OK);
	ck_assert_int_eq(fa_conf_build(&c, &in, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "ip: missing"));
	fa_input_clear(&in);
	ck_assert_int_eq(read_text(&in, "ip=h\nusername=u\n", &st), IPL_OK);
	ck_assert_int_eq(fa_conf_build(&c, &in, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "password: missing"));
	fa_input_clear(&in);
	ck_assert_int_eq(read_text(&in, "ip=h\npassword=p\n", &st), IPL_OK);
	ck_assert_int_eq(fa_conf_build(&c, &in, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "username: missing"));
	fa_input_clear(&in);
}
END_TEST

START_TEST(conf_plug_and_hostname)
{
	struct fa_conf c;
	ipl_status st;

	ck_assert_int_eq(conf_from("hostname=node1,node2\nplug=NODE2\n", &c,
				   &st), IPL_OK);
	ck_assert(c.have_hosts);
	ck_assert_int_eq(fa_conf_check_plug(&c, &st), IPL_OK);
	fa_conf_clear(&c);
	ck_assert_int_eq(conf_from("hostname=node1\nplug=node3\n", &c, &st),
			 IPL_OK);
	ck_assert_int_eq(fa_conf_check_plug(&c, &st), IPL_ERR_BADHOST);
	ck_assert_ptr_nonnull(strstr(st.msg, "\"node3\" is not one of "
				     "hostname (node1)"));
	fa_conf_clear(&c);
	/* without hostname any plug is the node this BMC controls */
	ck_assert_int_eq(conf_from("plug=whatever\n", &c, &st), IPL_OK);
	ck_assert_int_eq(fa_conf_check_plug(&c, &st), IPL_OK);
	fa_conf_clear(&c);
}
END_TEST

START_TEST(conf_switches)
{
	struct fa_input in;
	ipl_status st;
	bool v, q;

	ck_assert_int_eq(read_text(&in, "verbose=yes\nquiet=0\n", &st), IPL_OK);
	ck_assert_int_eq(fa_conf_log_switches(&in, &v, &q, &st), IPL_OK);
	ck_assert(v && !q);
	fa_input_clear(&in);
	ck_assert_int_eq(read_text(&in, "quiet=sometimes\n", &st), IPL_OK);
	ck_assert_int_eq(fa_conf_log_switches(&in, &v, &q, &st),
			 IPL_ERR_CONFIG);
	fa_input_clear(&in);
}
END_TEST

/* ------------------------------------------------------------------ */
/* password_script                                                    */

START_TEST(script_first_line)
{
	struct fa_conf c;
	ipl_status st;
	char buf[32];
	size_t len = 0;

	ck_assert_int_eq(fa_script_read_secret("password_script",
		"printf 'l1\\r\\nl2\\n'", buf, sizeof(buf), &len, &st),
		IPL_OK);
	ck_assert_str_eq(buf, "l1");
	ck_assert_uint_eq(len, 2);
	/* through the configuration: quoted words, no shell */
	{
		struct fa_input in;

		ck_assert_int_eq(read_text(&in, "ip=h\nusername=u\n"
			"passwd_script=echo 'S3cr t'\n", &st), IPL_OK);
		memset(&c, 0, sizeof(c));
		ck_assert_int_eq(fa_conf_build(&c, &in, &st), IPL_OK);
		ck_assert_str_eq(c.cfg.password, "S3cr t");
		fa_conf_clear(&c);
		fa_input_clear(&in);
	}
}
END_TEST

START_TEST(script_failures)
{
	ipl_status st;
	char buf[16];
	size_t len = 0;

	ck_assert_int_eq(fa_script_read_secret("password_script", "false",
		buf, sizeof(buf), &len, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "exited with status 1"));
	ck_assert_int_eq(fa_script_read_secret("password_script",
		"/nonexistent/prog", buf, sizeof(buf), &len, &st),
		IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "cannot run"));
	ck_assert_int_eq(fa_script_read_secret("password_script", "true",
		buf, sizeof(buf), &len, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "printed nothing"));
	ck_assert_int_eq(fa_script_read_secret("password_script",
		"echo 0123456789abcdef", buf, sizeof(buf), &len, &st),
		IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "too long"));
	ck_assert_ptr_null(strstr(st.msg, "0123"));
	ck_assert_int_eq(fa_script_read_secret("password_script",
		"echo 'unterminated", buf, sizeof(buf), &len, &st),
		IPL_ERR_CONFIG);
	/* no shell: a pipe is an argument of echo, not a pipe */
	ck_assert_int_eq(fa_script_read_secret("password_script",
		"echo a | cat", buf, sizeof(buf), &len, &st), IPL_OK);
	ck_assert_str_eq(buf, "a | cat");
}
END_TEST

START_TEST(script_killed)
{
	ipl_status st;
	char buf[8];
	size_t len = 0;
	gint64 t0 = g_get_monotonic_time();

	ck_assert_int_eq(fa_script_read_secret("password_script",
		"sleep 60", buf, sizeof(buf), &len, &st), IPL_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(st.msg, "killed"));
	ck_assert_int_lt(g_get_monotonic_time() - t0,
			 (FA_SCRIPT_TIMEOUT_MS + 3000) * (gint64)1000);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Metadata                                                           */

struct xml_seen {
	GHashTable *params;
	unsigned int actions;
};

static void
xml_start(GMarkupParseContext *ctx, const char *el, const char **names,
	  const char **values, gpointer ud, GError **err)
{
	struct xml_seen *s = ud;
	size_t i;

	(void)ctx;
	(void)err;
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(el, "parameter") == 0 && strcmp(names[i], "name") == 0) {
			g_hash_table_add(s->params, g_strdup(values[i]));
		}
	}
	s->actions += strcmp(el, "action") == 0;
}

START_TEST(metadata_every_name)
{
	GMarkupParser parser = { xml_start, NULL, NULL, NULL, NULL };
	struct xml_seen seen = { g_hash_table_new_full(g_str_hash, g_str_equal,
						       g_free, NULL), 0 };
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0,
							      &seen, NULL);
	char *xml = fa_metadata_xml();
	GError *err = NULL;
	int slot;

	ck_assert_msg(g_markup_parse_context_parse(ctx, xml, -1, &err) &&
		      g_markup_parse_context_end_parse(ctx, &err),
		      "metadata not well-formed: %s", err ? err->message : "");
	for (slot = 0; slot < FA_NSLOTS; slot++) {
		struct fa_param p;

		ck_assert(fa_param_get(slot, &p));
		ck_assert_msg(g_hash_table_contains(seen.params, p.name),
			      "%s not in the metadata", p.name);
		ck_assert(p.alias == NULL ||
			  g_hash_table_contains(seen.params, p.alias));
	}
	ck_assert_uint_eq(seen.actions, 8);
	ck_assert_ptr_nonnull(strstr(xml, "<action name=\"diag\""));
	ck_assert_ptr_null(strstr(xml, "<action name=\"list\""));
	g_markup_parse_context_free(ctx);
	g_hash_table_destroy(seen.params);
	g_free(xml);
	xml = fa_usage_text();
	ck_assert_ptr_nonnull(strstr(xml, "-a, --ip=[ip]"));
	ck_assert_ptr_nonnull(strstr(xml, "--hexadecimal-kg="));
	g_free(xml);
}
END_TEST

static Suite *
agent_suite(void)
{
	Suite *s = suite_create("agent");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, names_unique_and_found);
	tcase_add_test(tc, names_fence_ipmilan);
	tcase_add_test(tc, actions_parse);
	tcase_add_test(tc, metadata_every_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("input");
	tcase_add_test(tc, stdin_lines);
	tcase_add_test(tc, stdin_refused);
	tcase_add_test(tc, argv_forms);
	tcase_add_test(tc, argv_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("config");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, conf_defaults);
	tcase_add_test(tc, conf_translations);
	tcase_add_test(tc, conf_cipher_values);
	tcase_add_test(tc, conf_messages_use_the_users_names);
	tcase_add_test(tc, conf_missing);
	tcase_add_test(tc, conf_plug_and_hostname);
	tcase_add_test(tc, conf_switches);
	suite_add_tcase(s, tc);
	tc = tcase_create("script");
	tcase_set_timeout(tc, (FA_SCRIPT_TIMEOUT_MS / 1000) * 3);
	tcase_add_test(tc, script_first_line);
	tcase_add_test(tc, script_failures);
	tcase_add_test(tc, script_killed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(agent_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
