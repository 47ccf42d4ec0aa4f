/*
 * fence_agent_main.c - the fence agent program (front/fence_agent_main.h):
 * input, the early answers (help, version, metadata), the configuration,
 * validate-all, delay, the action and its exit status.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "engine/deadline.h"
#include "engine/log.h"
#include "engine/text.h"
#include "front/fence_agent_actions.h"
#include "front/fence_agent_config.h"
#include "front/fence_agent_input.h"
#include "front/fence_agent_main.h"
#include "front/fence_agent_metadata.h"

/* What the log sink shows. */
struct sink_levels {
	bool quiet;      /* no warnings                       */
	bool verbose;    /* info lines too                    */
};

static struct sink_levels sink_levels;

/* Every line to stderr, prefixed with the program's name; the engine's
 * own "ipmilan: " prefix is dropped. */
static void
stderr_sink(ipl_log_level level, const char *msg, void *ud)
{
	const struct sink_levels *lv = ud;

	if ((level == IPL_LOG_WARN && lv->quiet) ||
	    (level >= IPL_LOG_INFO && !lv->verbose)) {
		return;
	}
	if (strncmp(msg, "ipmilan: ", 9) == 0) {
		msg += 9;
	}
	fprintf(stderr, FA_AGENT_NAME ": %s\n", msg);
	fflush(stderr);
}

/* Read the input and set up logging; FA_EXIT_OK to go on. */
static int
read_input(struct fa_input *in, int argc, char **argv)
{
	ipl_status st;
	ipl_rc rc;
	guint i;

	ipl_status_clear(&st);
	sink_levels.quiet = false;
	sink_levels.verbose = false;
	ipl_log_set_sink(stderr_sink, &sink_levels);
	rc = argc > 1 ? fa_input_argv(in, argc,
				       (const char *const *)argv, &st)
		      : fa_input_read(in, stdin, &st);
	if (rc == IPL_OK) {
		rc = fa_conf_log_switches(in, &sink_levels.verbose,
					  &sink_levels.quiet, &st);
	}
	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "%s", st.msg);
		return FA_EXIT_FAIL;
	}
	/* -vv, or verbose on stdin with verbose_level-like use: the
	 * engine's debug lines (each IPMI message) too. */
	ipl_log_set_debug(in->verbose >= 2 ? 1 : 0);
	for (i = 0; in->warnings != NULL && i < in->warnings->len; i++) {
		ipl_log(IPL_LOG_WARN, "%s",
			(const char *)g_ptr_array_index(in->warnings, i));
	}
	return FA_EXIT_OK;
}

/* The action asked for; FA_EXIT_FAIL (said why) for an unknown one. */
static int
choose_action(const struct fa_input *in, enum fa_action *act)
{
	const char *word = fa_input_get(in, FA_SLOT(FA_ACTION));
	struct ipl_quoted q;

	if (word == NULL) {
		word = "reboot";
	}
	if (fa_action_parse(word, act)) {
		return FA_EXIT_OK;
	}
	if (g_ascii_strcasecmp(word, "list") == 0 ||
	    g_ascii_strcasecmp(word, "list-status") == 0) {
		ipl_log(IPL_LOG_CRIT, "%s: %s is not supported: a BMC controls "
			"one node and has no list of them (Pacemaker checks "
			"with status, or pcmk_host_list)",
			fa_input_name(in, FA_SLOT(FA_ACTION)), ipl_quote(&q, word));
	} else {
		ipl_log(IPL_LOG_CRIT, "%s: %s is not supported; use on, off, "
			"reboot, status, monitor, diag, metadata or "
			"validate-all", fa_input_name(in, FA_SLOT(FA_ACTION)),
			ipl_quote(&q, word));
	}
	return FA_EXIT_FAIL;
}

/* help, version and metadata: answered before any check.  True when
 * one of them was asked for. */
static bool
early_answer(const struct fa_input *in, const enum fa_action *act)
{
	char *text = NULL;

	if (fa_input_get(in, FA_SLOT(FA_HELP)) != NULL) {
		text = fa_usage_text();
	} else if (fa_input_get(in, FA_SLOT(FA_VERSION)) != NULL) {
		text = g_strdup(FA_AGENT_NAME " " PACKAGE_VERSION "\n");
	} else if (act != NULL && *act == FA_ACT_METADATA) {
		text = fa_metadata_xml();
	}
	if (text == NULL) {
		return false;
	}
	fputs(text, stdout);
	g_free(text);
	return true;
}

/* The outcome of an action as the exit status, with its one line. */
static int
report(const struct fa_conf *c, enum fa_action act, ipl_rc rc, bool on,
       const ipl_status *st)
{
	const char *node = c->plug != NULL ? c->plug : "the node";

	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "%s of %s failed (%s): %s",
			fa_action_name(act), node, ipl_rc_name(rc), st->msg);
		return FA_EXIT_FAIL;
	}
	if (act == FA_ACT_STATUS) {
		printf("Status: %s\n", on ? "ON" : "OFF");
		return on ? FA_EXIT_OK : FA_EXIT_OFF;
	}
	ipl_log(IPL_LOG_INFO, "%s of %s done%s", fa_action_name(act), node,
		act == FA_ACT_MONITOR ? ": the BMC answers"
		: act == FA_ACT_OFF ? ": the BMC reports power off"
		: ": the BMC reports power on");
	return FA_EXIT_OK;
}

/* Configure, then validate or act. */
static int
configure_and_act(const struct fa_input *in, enum fa_action act)
{
	struct fa_conf c;
	struct ipl_deadline dl;
	ipl_status st;
	bool on = false;
	ipl_rc rc;

	memset(&c, 0, sizeof(c));
	rc = fa_conf_build(&c, in, &st);
	if (rc != IPL_OK) {
		ipl_log(IPL_LOG_CRIT, "invalid configuration: %s", st.msg);
		return FA_EXIT_FAIL;
	}
	if (act == FA_ACT_VALIDATE) {
		ipl_log(IPL_LOG_INFO, "the configuration is valid");
		fa_conf_clear(&c);
		return FA_EXIT_OK;
	}
	rc = fa_conf_check_plug(&c, &st);
	if (rc == IPL_OK && fa_action_delayed(act) && c.delay_ms > 0) {
		ipl_log(IPL_LOG_INFO, "waiting %u ms (delay) before %s",
			c.delay_ms, fa_action_name(act));
		ipl_deadline_in(&dl, c.delay_ms);
		ipl_deadline_sleep(c.delay_ms, &dl);
	}
	if (rc == IPL_OK) {
		rc = fa_action_run(&c, act, &on, &st);
	}
	rc = report(&c, act, rc, on, &st);
	fa_conf_clear(&c);
	return rc;
}

int
fa_main(int argc, char **argv)
{
	struct fa_input in;
	enum fa_action act = FA_ACT_REBOOT;
	int ex;

	memset(&in, 0, sizeof(in));
	ex = read_input(&in, argc, argv);
	if (ex == FA_EXIT_OK && !early_answer(&in, NULL)) {
		ex = choose_action(&in, &act);
		if (ex == FA_EXIT_OK && !early_answer(&in, &act)) {
			ex = configure_and_act(&in, act);
		}
	}
	fa_input_clear(&in);
	ipl_log_set_sink(NULL, NULL);
	if (fflush(stdout) != 0 && ex == FA_EXIT_OK) {
		ex = FA_EXIT_FAIL;
	}
	return ex;
}

int
main(int argc, char **argv)
{
	return fa_main(argc, argv);
}
