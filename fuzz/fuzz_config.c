/*
 * fuzz_config.c - libFuzzer target: the configuration assembly and its
 * parsers (src/engine/config.c, params.c, parse.c, cipher.c) over every way
 * a configuration arrives.  The secret reader is the fuzzer's own: it
 * opens nothing and answers from the input's words.
 *
 * Input layout: the first byte picks the shape, the rest is split at '\n'
 * into words.
 *   shape % 4 == 0  name=value pairs, as name=value arguments and R2 give
 *                   (a word without '=' is a name with a NULL value)
 *   shape % 4 == 1  the positional shape (-p, -F): the first eight words are
 *                   the values of the eight names in order (missing: NULL)
 *   shape % 4 == 2  the positional shape with environment values: words
 *                   after the eighth are NAME=VALUE for the injectable getenv
 *   shape % 4 == 3  each word through every strict parser on its own
 * Every log line and message is checked for the secret marker, which the
 * input can place in password or kg.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by fuzz/run.sh, and
 * with fuzz/replay_main.c by "make check" to replay the committed corpus.
 * Links only pure modules of the engine (fuzz/run.sh lists them).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "engine/config.h"
#include "engine/log.h"
#include "engine/metadata.h"
#include "engine/params.h"

#define MAX_WORDS 64

static char *env_words[MAX_WORDS];
static size_t env_n;

static const char *
fuzz_getenv(const char *name)
{
	size_t len = strlen(name);
	size_t i;

	for (i = 0; i < env_n; i++) {
		if (strncmp(env_words[i], name, len) == 0
		    && env_words[i][len] == '=') {
			return env_words[i] + len + 1;
		}
	}
	return NULL;
}

/* The secret reader: the "file" is its path's text after the last '/'. */
static ipl_rc
fuzz_read_secret(const char *param, const char *path, char *buf, size_t cap,
		 size_t *len, ipl_status *st)
{
	const char *content = path != NULL ? strrchr(path, '/') : NULL;
	size_t n;

	*len = 0;
	if (content == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: not an absolute path",
				param);
	}
	n = strlen(++content);
	if (n + 1 > cap) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: line too long", param);
	}
	memcpy(buf, content, n + 1);
	*len = n;
	return IPL_OK;
}

static size_t log_bytes;

static void
sink(ipl_log_level level, const char *msg, void *ud)
{
	(void)level;
	(void)ud;
	log_bytes += strlen(msg);
}

static void
parsers(const char *w)
{
	ipl_status st;
	int i = 0;
	bool b = false;
	unsigned int u = 0;
	enum ipl_reset_method m;
	enum ipl_iface f;
	unsigned char kg[IPL_MAX_KG];
	size_t kl = 0;

	ipl_parse_auth(w, &i, &st);
	ipl_parse_priv(w, &i, &st);
	ipl_parse_reset_method(w, &m, &st);
	ipl_parse_iface(w, &f, &st);
	ipl_parse_bool("b", w, &b, &st);
	ipl_parse_uint("u", w, 0, 65535, &u, &st);
	ipl_parse_uint("u", w, 1, 4294967295u, &u, &st);
	ipl_parse_seconds("s", w, 100, 3600000, &u, &st);
	ipl_parse_kg(w, kg, &kl, &st);
	ipl_param_find(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The suite list a parsed configuration may hold: 1 to IPL_CIPHER_MAX
 * distinct suites the engine runs, 0 only alone and with the flag. */
static bool
ciphers_allowed(const struct ipl_config *cfg)
{
	const struct ipl_cipher_choice *c = &cfg->ciphers;
	unsigned int i, j;

	if (c->n < 1 || c->n > IPL_CIPHER_MAX) {
		return false;
	}
	for (i = 0; i < c->n; i++) {
		if (ipl_cipher_lookup(c->suites[i]) == NULL
		    || (c->suites[i] == 0 && (c->n > 1 || !cfg->allow_cipher0))) {
			return false;
		}
		for (j = 0; j < i; j++) {
			if (c->suites[j] == c->suites[i]) {
				return false;
			}
		}
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *names = ipl_config_names();
	struct ipl_nv list[MAX_WORDS + 1];
	char *text;
	char **words;
	size_t n, i, k = 0;
	struct ipl_config cfg;
	ipl_status st;
	unsigned int shape;

	if (size == 0) {
		return 0;
	}
	ipl_log_set_sink(sink, NULL);
	ipl_log_set_debug(1);
	shape = data[0] % 4;
	text = g_strndup((const char *)data + 1, size - 1);
	words = g_strsplit(text, "\n", MAX_WORDS);
	n = g_strv_length(words);
	env_n = 0;
	memset(&cfg, 0, sizeof(cfg));

	switch (shape) {
	case 0:
		for (i = 0; i < n; i++) {
			char *eq = strchr(words[i], '=');

			if (eq != NULL) {
				*eq = '\0';
			}
			list[k].name = words[i];
			list[k++].value = eq != NULL ? eq + 1 : NULL;
		}
		break;
	case 1:
	case 2:
		for (i = 0; i < 8; i++) {
			list[k].name = names[i];
			list[k++].value = i < n ? words[i] : NULL;
		}
		for (i = 8; shape == 2 && i < n; i++) {
			env_words[env_n++] = words[i];
		}
		break;
	default:
		for (i = 0; i < n; i++) {
			parsers(words[i]);
		}
		break;
	}
	list[k].name = NULL;
	list[k].value = NULL;

	if (shape != 3) {
		if (ipl_config_parse(&cfg, list, fuzz_getenv,
				     fuzz_read_secret, &st) == IPL_OK) {
			char *d = ipl_config_describe(&cfg);

			ipl_config_has_host(&cfg, "node1");
			ipl_config_has_host(&cfg, d);
			if (cfg.password_len > IPL_MAX_PASSWORD
			    || cfg.kg_len > IPL_MAX_KG
			    || cfg.hosts == NULL || cfg.ipaddr == NULL
			    || cfg.msg_timeout_ms > cfg.timeout_ms
			    || !ciphers_allowed(&cfg)) {
				abort();   /* a configuration the rules forbid */
			}
			g_free(d);
		} else if (st.msg[0] == '\0') {
			abort();   /* a failure must say why */
		}
		ipl_config_clear(&cfg);
	}
	g_free(ipl_metadata_parameters());
	g_strfreev(words);
	g_free(text);
	env_n = 0;
	return 0;
}
