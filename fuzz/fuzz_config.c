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
 *
 * The secrets check.  Every input is run twice: as given, and as its twin,
 * in which every secret the input gives - the value of a secret parameter
 * (password, kg) wherever it comes from (by name, positional, a name=value
 * word after reset_method, the environment) and the content of a secret
 * file - is replaced by a text of the same length and the same character
 * classes (twin_text below), so that every rule that looks at a secret
 * (length, hex digits, "0x", "-") decides the same.  Non-secret values stay
 * as they are.  Every log line and the final message (st.msg) of the two
 * runs must then be identical: a line that differs carries something of a
 * secret, and the target aborts.  A text that is also a non-secret value of
 * the input (which may be echoed legitimately) is echoed alike in both runs,
 * and a secret that happens to match a message's own words ("password",
 * "0x") leaves it alike too, so neither aborts.  A secret without letters
 * or digits has no distinct twin and is not checked.
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
#include "engine/parse.h"

#define MAX_WORDS 64

static char *env_words[MAX_WORDS];
static size_t env_n;

/* The run in progress is the twin: secrets enter transformed. */
static bool twin;
/* This run's log lines, then its final message. */
static GPtrArray *lines;

/* c moved by k within the n characters from base. */
static char
rotate(char c, char base, int n, int k)
{
	return (char)(base + (c - base + k) % n);
}

/*
 * The twin of a secret: each digit, hex letter and other letter replaced
 * by another of its class and case; everything else, and a leading "0x",
 * kept, and no "0x" made where the secret has none.  g_free the result.
 */
static char *
twin_text(const char *s)
{
	char *t = g_strdup(s);
	size_t i = (t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) ? 2 : 0;

	for (; t[i] != '\0'; i++) {
		char c = t[i];

		if (c >= '0' && c <= '9') {
			t[i] = rotate(c, '0', 10, 3);
		} else if (c >= 'a' && c <= 'f') {
			t[i] = rotate(c, 'a', 6, 3);
		} else if (c >= 'A' && c <= 'F') {
			t[i] = rotate(c, 'A', 6, 3);
		} else if (c >= 'g' && c <= 'z') {
			t[i] = rotate(c, 'g', 20, 7);
		} else if (c >= 'G' && c <= 'Z') {
			t[i] = rotate(c, 'G', 20, 7);
		}
	}
	if (s[0] != '0' && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
		/* "7q" would become "0x": a hex prefix the secret lacks. */
		t[1] = (char)(t[1] + 1);
	}
	return t;
}

static bool
is_secret_name(const char *name, size_t len)
{
	char *n = g_strndup(name, len);
	const struct ipl_param_info *p = ipl_param_find(n);

	g_free(n);
	return p != NULL && p->secret;
}

/* value as this run sees it: its twin in the twin run.  The string is
 * kept in owned. */
static const char *
secret_value(const char *value, GPtrArray *owned)
{
	char *t;

	if (!twin || value == NULL) {
		return value;
	}
	t = twin_text(value);
	g_ptr_array_add(owned, t);
	return t;
}

/* A reset_method value with the values of its secret name=value words
 * (kg=...) after the method word transformed in the twin run; separators
 * kept.  The first word is the method, never a secret, even when it reads
 * "kg=...". */
static const char *
reset_method_value(const char *value, GPtrArray *owned)
{
	GString *out;
	const char *p = value;
	bool method = true;

	if (!twin || value == NULL) {
		return value;
	}
	out = g_string_new(NULL);
	while (*p != '\0') {
		size_t sep = strspn(p, " \t\r\n");
		size_t len;
		const char *eq;

		g_string_append_len(out, p, (gssize)sep);
		p += sep;
		len = strcspn(p, " \t\r\n");
		eq = memchr(p, '=', len);
		if (len > 0 && method) {
			method = false;
			eq = NULL;
		}
		if (eq != NULL && is_secret_name(p, (size_t)(eq - p))) {
			char *v = g_strndup(eq + 1, len - (size_t)(eq + 1 - p));
			char *t = twin_text(v);

			g_string_append_len(out, p, eq + 1 - p);
			g_string_append(out, t);
			g_free(t);
			g_free(v);
		} else {
			g_string_append_len(out, p, (gssize)len);
		}
		p += len;
	}
	g_ptr_array_add(owned, out->str);
	return g_string_free(out, FALSE);
}

/* Set list[k] to name=value as this run sees it; *rm_seen: the effective
 * reset_method (the first with a value) was set already. */
static void
set_entry(struct ipl_nv *e, const char *name, const char *value,
	  bool *rm_seen, GPtrArray *owned)
{
	const struct ipl_param_info *p = name != NULL ? ipl_param_find(name)
				       : NULL;

	e->name = name;
	e->value = value;
	if (p != NULL && p->secret) {
		e->value = secret_value(value, owned);
	} else if (p != NULL && strcmp(p->name, "reset_method") == 0
		   && value != NULL && !*rm_seen) {
		*rm_seen = true;
		e->value = reset_method_value(value, owned);
	}
}

/* An environment word NAME=VALUE as this run sees it. */
static char *
env_word(char *word, GPtrArray *owned)
{
	char *eq = strchr(word, '=');
	char *t, *w;

	if (!twin || eq == NULL || !is_secret_name(word, (size_t)(eq - word))) {
		return word;
	}
	t = twin_text(eq + 1);
	w = g_strdup_printf("%.*s=%s", (int)(eq - word), word, t);
	g_free(t);
	g_ptr_array_add(owned, w);
	return w;
}

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

/* s with its bytes in reverse order (g_free it). */
static char *
reversed(const char *s)
{
	size_t n = strlen(s);
	char *r = g_malloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		r[i] = s[n - 1 - i];
	}
	r[n] = '\0';
	return r;
}

/*
 * The secret reader: the file's content is its path's text after the last
 * '/', reversed, so that the content (a secret) is not the path (which may
 * be echoed) and the check above can see it; the twin's content is its
 * twin_text, for the same path.
 */
static ipl_rc
fuzz_read_secret(const char *param, const char *path, char *buf, size_t cap,
		 size_t *len, ipl_status *st)
{
	const char *tail = path != NULL ? strrchr(path, '/') : NULL;
	char *content;
	size_t n;

	*len = 0;
	if (tail == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: not an absolute path",
				param);
	}
	content = reversed(tail + 1);
	if (twin) {
		char *t = twin_text(content);

		g_free(content);
		content = t;
	}
	n = strlen(content);
	if (n + 1 > cap) {
		g_free(content);
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: line too long", param);
	}
	memcpy(buf, content, n + 1);
	*len = n;
	memset(content, 0, n);
	g_free(content);
	return IPL_OK;
}

static void
sink(ipl_log_level level, const char *msg, void *ud)
{
	(void)ud;
	g_ptr_array_add(lines, g_strdup_printf("log %d: %s", (int)level, msg));
}

static void
add_result(ipl_rc rc, const ipl_status *st)
{
	g_ptr_array_add(lines, g_strdup_printf("rc %d: %s", (int)rc,
					       rc != IPL_OK ? st->msg : ""));
}

/* Each word through every strict parser: only kg and password take a
 * secret; the others see the word as given in both runs. */
static void
parsers(const char *w)
{
	const char *kw = twin ? twin_text(w) : w;
	ipl_status st;
	int i = 0;
	bool b = false;
	unsigned int u = 0;
	enum ipl_reset_method m;
	enum ipl_iface f;
	unsigned char kg[IPL_MAX_KG];
	char pw[IPL_MAX_PASSWORD + 1];
	size_t kl = 0;

	add_result(ipl_parse_auth(w, &i, &st), &st);
	add_result(ipl_parse_priv(w, &i, &st), &st);
	add_result(ipl_parse_reset_method(w, &m, &st), &st);
	add_result(ipl_parse_iface(w, &f, &st), &st);
	add_result(ipl_parse_bool("b", w, &b, &st), &st);
	add_result(ipl_parse_uint("u", w, 0, 65535, &u, &st), &st);
	add_result(ipl_parse_uint("u", w, 1, 4294967295u, &u, &st), &st);
	add_result(ipl_parse_seconds("s", w, 100, 3600000, &u, &st), &st);
	add_result(ipl_parse_kg(kw, kg, &kl, &st), &st);
	add_result(ipl_parse_password(kw, pw, &kl, &st), &st);
	ipl_param_find(w);
	if (kw != w) {
		g_free((char *)kw);
	}
}

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

/* The rules every accepted configuration obeys. */
static void
check_accepted(const struct ipl_config *cfg)
{
	char *d = ipl_config_describe(cfg);

	ipl_config_has_host(cfg, "node1");
	ipl_config_has_host(cfg, d);
	if (cfg->password_len > IPL_MAX_PASSWORD || cfg->kg_len > IPL_MAX_KG
	    || cfg->hosts == NULL || cfg->ipaddr == NULL
	    || cfg->msg_timeout_ms > cfg->timeout_ms
	    || !ciphers_allowed(cfg)) {
		abort();   /* a configuration the rules forbid */
	}
	g_ptr_array_add(lines, d);
}

/* Build this run's list from the words and assemble the configuration. */
static void
run_config(char **words, size_t n, unsigned int shape, GPtrArray *owned)
{
	const char *const *names = ipl_config_names();
	struct ipl_nv list[MAX_WORDS + 1];
	struct ipl_config cfg;
	bool rm_seen = false;
	ipl_status st;
	size_t i, k = 0;
	ipl_rc rc;

	env_n = 0;
	if (shape == 0) {
		for (i = 0; i < n; i++) {
			char *eq = strchr(words[i], '=');
			char *name = g_strndup(words[i], eq != NULL ?
					       (gsize)(eq - words[i])
					       : strlen(words[i]));

			g_ptr_array_add(owned, name);
			set_entry(&list[k++], name, eq != NULL ? eq + 1 : NULL,
				  &rm_seen, owned);
		}
	} else {
		for (i = 0; i < 8; i++) {
			set_entry(&list[k++], names[i], i < n ? words[i] : NULL,
				  &rm_seen, owned);
		}
		for (i = 8; shape == 2 && i < n; i++) {
			env_words[env_n++] = env_word(words[i], owned);
		}
	}
	list[k].name = NULL;
	list[k].value = NULL;
	memset(&cfg, 0, sizeof(cfg));
	rc = ipl_config_parse(&cfg, list, fuzz_getenv, fuzz_read_secret, &st);
	if (rc == IPL_OK) {
		check_accepted(&cfg);
	} else if (st.msg[0] == '\0') {
		abort();   /* a failure must say why */
	}
	add_result(rc, &st);
	ipl_config_clear(&cfg);
	env_n = 0;
}

/* One run over the input's words; returns its lines. */
static GPtrArray *
run(char **words, size_t n, unsigned int shape, bool as_twin)
{
	GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
	size_t i;

	twin = as_twin;
	lines = g_ptr_array_new_with_free_func(g_free);
	if (shape == 3) {
		for (i = 0; i < n; i++) {
			parsers(words[i]);
		}
	} else {
		run_config(words, n, shape, owned);
	}
	g_ptr_array_free(owned, TRUE);
	twin = false;
	return lines;
}

/* The two runs must have said exactly the same. */
static void
compare_runs(const GPtrArray *a, const GPtrArray *b)
{
	guint i;

	for (i = 0; i < a->len || i < b->len; i++) {
		const char *x = i < a->len ? g_ptr_array_index(a, i) : "(none)";
		const char *y = i < b->len ? g_ptr_array_index(b, i) : "(none)";

		if (strcmp(x, y) != 0) {
			fprintf(stderr, "fuzz_config: a secret reached a "
				"message or log line (line %u differs when only "
				"the secrets change):\n  %s\n  %s\n", i, x, y);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GPtrArray *a, *b;
	char *text;
	char **words;
	unsigned int shape;
	size_t n;

	if (size == 0) {
		return 0;
	}
	ipl_log_set_sink(sink, NULL);
	ipl_log_set_debug(1);
	shape = data[0] % 4;
	text = g_strndup((const char *)data + 1, size - 1);
	words = g_strsplit(text, "\n", MAX_WORDS);
	n = g_strv_length(words);
	a = run(words, n, shape, false);
	b = run(words, n, shape, true);
	compare_runs(a, b);
	g_ptr_array_free(a, TRUE);
	g_ptr_array_free(b, TRUE);
	lines = NULL;
	g_free(ipl_metadata_parameters());
	g_strfreev(words);
	g_free(text);
	return 0;
}
