/*
 * fence_agent_input.c - stdin lines and command-line options into a
 * struct fa_input (front/fence_agent_input.h).
 *
 * Values may be secrets (password, kg): they are never put in a message,
 * and every buffer that held one is wiped.
 */
#include "config.h"

#include <string.h>

#include "engine/text.h"
#include "front/fence_agent_input.h"

static void
warn(struct fa_input *in, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(struct fa_input *in, const char *fmt, ...)
{
	va_list ap;

	if (in->warnings == NULL) {
		in->warnings = g_ptr_array_new_with_free_func(g_free);
	}
	va_start(ap, fmt);
	g_ptr_array_add(in->warnings, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* Store value (copied) for slot; the previous value is wiped. */
static void
set_value(struct fa_input *in, int slot, const char *value, bool as_alias)
{
	char *old = in->val[slot];

	if (old != NULL) {
		ipl_wipe(old, strlen(old));
		g_free(old);
	}
	in->val[slot] = g_strdup(value);
	in->as_alias[slot] = as_alias;
}

/* Drop one pair of double quotes around v (in place). */
static char *
unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

/* One stdin line (modified in place). */
static ipl_rc
read_line(struct fa_input *in, char *line, unsigned int lineno,
	  ipl_status *st)
{
	struct ipl_quoted q;
	bool as_alias = false;
	char *eq;
	int slot;

	line = g_strstrip(line);
	if (line[0] == '\0' || line[0] == '#') {
		return IPL_OK;
	}
	eq = strchr(line, '=');
	if (eq == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "stdin line %u: %s is not "
				"name=value", lineno, ipl_quote(&q, line));
	}
	*eq = '\0';
	g_strchomp(line);
	slot = fa_param_lookup(line, &as_alias);
	if (slot < 0 && fa_param_refused(line) != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: %s", line,
				fa_param_refused(line));
	}
	if (slot < 0) {
		if (!fa_param_ignored(line)) {
			warn(in, "ignoring unknown parameter %s (stdin line %u)",
			     ipl_quote(&q, line), lineno);
		}
		return IPL_OK;
	}
	set_value(in, slot, unquote(g_strchug(eq + 1)), as_alias);
	return IPL_OK;
}

/* All of f into a buffer of at most FA_STDIN_MAX bytes. */
static ipl_rc
slurp(FILE *f, GString *buf, ipl_status *st)
{
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf->len + n > FA_STDIN_MAX) {
			ipl_wipe(chunk, sizeof(chunk));
			return ipl_fail(st, IPL_ERR_CONFIG, "stdin: more than "
					"%d bytes", FA_STDIN_MAX);
		}
		g_string_append_len(buf, chunk, (gssize)n);
	}
	ipl_wipe(chunk, sizeof(chunk));
	if (ferror(f)) {
		return ipl_fail(st, IPL_ERR_SYSTEM, "stdin: read error");
	}
	if (memchr(buf->str, '\0', buf->len) != NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "stdin: holds a NUL byte");
	}
	return IPL_OK;
}

ipl_rc
fa_input_read(struct fa_input *in, FILE *f, ipl_status *st)
{
	GString *buf = g_string_new(NULL);
	unsigned int lineno = 0;
	char *line, *next;
	ipl_rc rc;

	rc = slurp(f, buf, st);
	for (line = buf->str; rc == IPL_OK && line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
		}
		rc = read_line(in, line, ++lineno, st);
	}
	ipl_wipe(buf->str, buf->allocated_len);
	g_string_free(buf, TRUE);
	return rc;
}

/* "--name=value", "--name value", or a switch "--name" ("1"). */
static ipl_rc
long_option(struct fa_input *in, int argc, const char *const argv[],
	    int *i, ipl_status *st)
{
	const char *eq = strchr(argv[*i], '=');
	/* only the name is copied: the value may be a secret */
	char *opt = eq != NULL ? g_strndup(argv[*i], (gsize)(eq - argv[*i]))
			       : g_strdup(argv[*i]);
	const char *value = eq != NULL ? eq + 1 : NULL;
	struct ipl_quoted q;
	struct fa_param p;
	bool as_alias = false;
	int slot = fa_param_lookup(opt + 2, &as_alias);

	if (slot < 0 && fa_param_refused(opt + 2) != NULL) {
		ipl_fail(st, IPL_ERR_CONFIG, "%s: %s", opt + 2,
			 fa_param_refused(opt + 2));
		g_free(opt);
		return IPL_ERR_CONFIG;
	}
	if (slot < 0 || !fa_param_get(slot, &p)) {
		ipl_fail(st, IPL_ERR_CONFIG, "unknown option %s; see --help",
			 ipl_quote(&q, opt));
		g_free(opt);
		return IPL_ERR_CONFIG;
	}
	g_free(opt);
	if (value == NULL && p.flag) {
		value = "1";
		in->verbose += slot == FA_SLOT(FA_VERBOSE);
	} else if (value == NULL && *i + 1 < argc) {
		value = argv[++*i];
	} else if (value == NULL) {
		return ipl_fail(st, IPL_ERR_CONFIG, "option --%s needs a value",
				p.name);
	}
	set_value(in, slot, value, as_alias);
	return IPL_OK;
}

/* "-x VALUE", "-xVALUE" or a group of switches ("-vv", "-Pv"). */
static ipl_rc
short_options(struct fa_input *in, int argc, const char *const argv[],
	      int *i, ipl_status *st)
{
	const char *s;

	for (s = argv[*i] + 1; *s != '\0'; s++) {
		int slot = fa_param_by_short(*s);
		struct fa_param p;

		if (slot < 0 || !fa_param_get(slot, &p)) {
			return ipl_fail(st, IPL_ERR_CONFIG, "unknown option "
					"-%c; see --help",
					g_ascii_isprint(*s) ? *s : '?');
		}
		if (p.flag) {
			in->verbose += slot == FA_SLOT(FA_VERBOSE);
			set_value(in, slot, "1", false);
		} else if (s[1] != '\0') {
			set_value(in, slot, s + 1, false);
			return IPL_OK;
		} else if (*i + 1 < argc) {
			set_value(in, slot, argv[++*i], false);
			return IPL_OK;
		} else {
			return ipl_fail(st, IPL_ERR_CONFIG, "option -%c (--%s) "
					"needs a value", *s, p.name);
		}
	}
	return IPL_OK;
}

ipl_rc
fa_input_argv(struct fa_input *in, int argc, const char *const argv[],
	      ipl_status *st)
{
	struct ipl_quoted q;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		ipl_rc rc;

		if (a[0] == '-' && a[1] == '-' && a[2] != '\0') {
			rc = long_option(in, argc, argv, &i, st);
		} else if (a[0] == '-' && a[1] != '\0' && a[1] != '-') {
			rc = short_options(in, argc, argv, &i, st);
		} else {
			rc = ipl_fail(st, IPL_ERR_CONFIG, "unexpected argument "
				      "%s: options only (see --help), or no "
				      "argument and name=value lines on stdin",
				      ipl_quote(&q, a));
		}
		if (rc != IPL_OK) {
			return rc;
		}
	}
	return IPL_OK;
}

const char *
fa_input_get(const struct fa_input *in, int slot)
{
	return slot >= 0 && slot < FA_NSLOTS ? in->val[slot] : NULL;
}

const char *
fa_input_name(const struct fa_input *in, int slot)
{
	struct fa_param p;

	if (!fa_param_get(slot, &p)) {
		return "?";
	}
	return in->as_alias[slot] && p.alias != NULL ? p.alias : p.name;
}

void
fa_input_clear(struct fa_input *in)
{
	int i;

	for (i = 0; i < FA_NSLOTS; i++) {
		if (in->val[i] != NULL) {
			ipl_wipe(in->val[i], strlen(in->val[i]));
			g_free(in->val[i]);
		}
	}
	if (in->warnings != NULL) {
		g_ptr_array_free(in->warnings, TRUE);
	}
	memset(in, 0, sizeof(*in));
}
