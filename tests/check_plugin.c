/*
 * check_plugin.c - the module loaded in-process through the real
 * libstonith/libpils, against a simulated BMC (ipmi_sim) started by
 * tests/inproc_plugin.sh.  Lifetimes are the point here: a second device,
 * a hundred create/destroy cycles, configure-then-fork, and that nothing
 * of OpenIPMI is loaded before the first operation or after the last
 * device is gone.  The script runs this program under valgrind.
 *
 * Environment (set by the script): IPMILAN_TEST_PLUGIN_ROOT (a directory
 * whose stonith2/ipmilan.so is the module under test; the plugin path
 * shim, linked into this program, puts it first), IPL_TEST_PORT,
 * IPL_TEST_USER, IPL_TEST_PASSWORD, IPL_TEST_STATE (the simulator's power
 * state directory), IPL_TEST_DEAD_PORT (a port where nothing answers).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stonith/stonith.h>

#include "proc_probe.h"

static const char *port, *user, *password, *state_dir, *dead_port;

/* Every log line the module wrote, for the secrets check. */
static GString *log_text;

static void
capture_log(PILLogLevel level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	g_string_append_vprintf(log_text, fmt, ap);
	va_end(ap);
	g_string_append_c(log_text, '\n');
}

/* The power state the simulator holds: 1 on, 0 off. */
static int
sim_power(void)
{
	char path[512];
	FILE *f;
	int c;

	snprintf(path, sizeof(path), "%s/power", state_dir);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	c = fgetc(f);
	fclose(f);
	return c == '1';
}

static void
sim_set_power(int on)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/power", state_dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%d\n", on);
	fclose(f);
}

/* A configured device for hosts on the simulator (or on bmc_port). */
static Stonith *
device(const char *hosts, const char *bmc_port, const char *extra_name,
       const char *extra_value)
{
	StonithNVpair nv[16];
	Stonith *s;
	int n = 0;
	int rc;

	s = stonith_new("ipmilan");
	ck_assert_msg(s != NULL, "stonith_new(ipmilan) failed");
	stonith_set_log(s, capture_log);
	nv[n].s_name = (char *)"hostname"; nv[n++].s_value = (char *)hosts;
	nv[n].s_name = (char *)"ipaddr"; nv[n++].s_value = (char *)"127.0.0.1";
	nv[n].s_name = (char *)"port"; nv[n++].s_value = (char *)bmc_port;
	nv[n].s_name = (char *)"login"; nv[n++].s_value = (char *)user;
	nv[n].s_name = (char *)"password"; nv[n++].s_value = (char *)password;
	nv[n].s_name = (char *)"interface"; nv[n++].s_value = (char *)"lanplus";
	if (extra_name != NULL) {
		nv[n].s_name = (char *)extra_name;
		nv[n++].s_value = (char *)extra_value;
	}
	nv[n].s_name = NULL;
	nv[n].s_value = NULL;
	rc = stonith_set_config(s, nv);
	ck_assert_int_eq(rc, S_OK);
	return s;
}

static void
setup(void)
{
	port = getenv("IPL_TEST_PORT");
	user = getenv("IPL_TEST_USER");
	password = getenv("IPL_TEST_PASSWORD");
	state_dir = getenv("IPL_TEST_STATE");
	dead_port = getenv("IPL_TEST_DEAD_PORT");
	ck_assert_msg(port && user && password && state_dir && dead_port,
		      "run through tests/inproc_plugin.sh");
	if (log_text == NULL) {
		log_text = g_string_new(NULL);
	}
}

START_TEST(test_configuration_touches_nothing)
{
	Stonith *s = stonith_new("ipmilan");
	const char *xml;

	ck_assert_ptr_nonnull(s);
	/* Ours, not cluster-glue's old plugin: it knows "cipher". */
	xml = stonith_get_info(s, ST_CONF_XML);
	ck_assert_ptr_nonnull(xml);
	ck_assert_ptr_nonnull(strstr(xml, "name=\"cipher\""));
	ck_assert_ptr_nonnull(stonith_get_info(s, ST_DEVICEID));
	ck_assert_ptr_nonnull(stonith_get_info(s, ST_DEVICEDESCR));
	ck_assert_ptr_nonnull(stonith_get_info(s, ST_DEVICEURL));
	stonith_delete(s);

	s = device("node1", port, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(stonith_get_info(s, ST_DEVICENAME),
				     "node1"));
	/* new, get_info and set_config load no OpenIPMI at all. */
	ck_assert_msg(!proc_maps_contain("libOpenIPMI"),
		      "OpenIPMI loaded before any operation");
	stonith_delete(s);
}
END_TEST

START_TEST(test_last_device_unloads_openipmi)
{
	Stonith *s = device("node1", port, NULL, NULL);

	ck_assert_int_eq(stonith_get_status(s), S_OK);
	ck_assert_msg(proc_maps_contain("libOpenIPMI"), "status ran without OpenIPMI?");
	stonith_delete(s);
	ck_assert_msg(!proc_maps_contain("libOpenIPMI"),
		      "OpenIPMI still loaded after the last device went");
}
END_TEST

START_TEST(test_two_devices)
{
	Stonith *a = device("node1", port, NULL, NULL);
	Stonith *b = device("node2", port, NULL, NULL);
	char **hosts;

	sim_set_power(1);
	ck_assert_int_eq(stonith_get_status(a), S_OK);
	ck_assert_int_eq(stonith_get_status(b), S_OK);
	ck_assert_int_eq(stonith_req_reset(a, ST_POWEROFF, "node1"), S_OK);
	ck_assert_int_eq(sim_power(), 0);
	/* b does not fence node1, and touches nothing when asked to. */
	ck_assert_int_eq(stonith_req_reset(b, ST_POWERON, "node1"), S_BADHOST);
	ck_assert_int_eq(sim_power(), 0);
	ck_assert_int_eq(stonith_req_reset(b, ST_POWERON, "node2"), S_OK);
	ck_assert_int_eq(sim_power(), 1);
	hosts = stonith_get_hostlist(b);
	ck_assert_ptr_nonnull(hosts);
	ck_assert_str_eq(hosts[0], "node2");
	ck_assert_ptr_null(hosts[1]);
	stonith_free_hostlist(hosts);
	stonith_delete(a);
	/* The runtime outlives the first device, serving the second. */
	ck_assert_int_eq(stonith_get_status(b), S_OK);
	stonith_delete(b);
	ck_assert(!proc_maps_contain("libOpenIPMI"));
}
END_TEST

START_TEST(test_hundred_lifetimes)
{
	int i;

	for (i = 0; i < 100; i++) {
		Stonith *s = device("node1", port, NULL, NULL);

		ck_assert_int_eq(stonith_get_status(s), S_OK);
		stonith_delete(s);
	}
	ck_assert(!proc_maps_contain("libOpenIPMI"));
}
END_TEST

START_TEST(test_bad_requests)
{
	Stonith *s = device("node1,node3", port, NULL, NULL);

	sim_set_power(1);
	ck_assert_int_eq(stonith_req_reset(s, ST_POWEROFF, "node2"),
			 S_BADHOST);
	ck_assert_int_eq(sim_power(), 1);
	ck_assert_int_eq(stonith_req_reset(s, 42, "node1"), S_INVAL);
	ck_assert_int_eq(sim_power(), 1);
	stonith_delete(s);
}
END_TEST

START_TEST(test_fork_children_act)
{
	Stonith *s = device("node1", port, NULL, NULL);
	int i;

	/* The parent has used OpenIPMI: the children must not reuse it. */
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	for (i = 0; i < 10; i++) {
		int want = i % 2;
		int status = 0;
		pid_t pid = fork();

		ck_assert_int_ne(pid, -1);
		if (pid == 0) {
			int rc = stonith_get_status(s);

			if (rc == S_OK) {
				rc = stonith_req_reset(s, want ? ST_POWERON
						       : ST_POWEROFF, "node1");
			}
			stonith_delete(s);
			_exit(rc);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), S_OK);
		ck_assert_int_eq(sim_power(), want);
		/* The parent's runtime still works after each child. */
		ck_assert_int_eq(stonith_get_status(s), S_OK);
	}
	stonith_delete(s);
}
END_TEST

/* Seconds since t0 on the monotonic clock. */
static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec)
		+ (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(test_dead_bmc_times_out)
{
	Stonith *s = device("node1", dead_port, "timeout", "2");
	struct timespec t0;
	double secs;

	/* Status tries once: OpenIPMI's 7 tries of 1 s are cut at 2 s. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(stonith_get_status(s), S_TIMEOUT);
	secs = seconds_since(&t0);
	ck_assert_msg(secs < 3.0, "dead-BMC status took %.2f s", secs);
	/* A fence keeps trying until its deadline, and not past it: the
	 * work stops a close reserve (a tenth of timeout) before it. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(stonith_req_reset(s, ST_POWEROFF, "node1"),
			 S_TIMEOUT);
	secs = seconds_since(&t0);
	ck_assert_msg(secs >= 1.75 && secs < 3.0,
		      "dead-BMC power off took %.2f s (timeout 2 s)", secs);
	stonith_delete(s);
}
END_TEST

START_TEST(test_wrong_password_is_access)
{
	Stonith *s = device("node1", port, NULL, NULL);
	StonithNVpair nv[] = {
		{ (char *)"hostname", (char *)"node1" },
		{ (char *)"ipaddr", (char *)"127.0.0.1" },
		{ (char *)"port", (char *)port },
		{ (char *)"login", (char *)user },
		{ (char *)"password", (char *)"not-the-password" },
		{ NULL, NULL },
	};

	ck_assert_int_eq(stonith_set_config(s, nv), S_OK);
	ck_assert_int_eq(stonith_get_status(s), S_ACCESS);
	stonith_delete(s);
}
END_TEST

START_TEST(test_secrets_never_logged)
{
	Stonith *s = device("node1", port, "debug_marker", "x");

	stonith_set_debug(s, 10);
	sim_set_power(1);
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	ck_assert_int_eq(stonith_req_reset(s, ST_GENERIC_RESET, "node1"), S_OK);
	stonith_delete(s);
	ck_assert_msg(log_text->len > 0, "no log lines captured");
	ck_assert_msg(strstr(log_text->str, password) == NULL,
		      "the password reached a log line");
}
END_TEST

static Suite *
plugin_suite(void)
{
	Suite *s = suite_create("plugin");
	TCase *tc = tcase_create("lifetimes");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_configuration_touches_nothing);
	tcase_add_test(tc, test_last_device_unloads_openipmi);
	tcase_add_test(tc, test_two_devices);
	tcase_add_test(tc, test_hundred_lifetimes);
	tcase_add_test(tc, test_bad_requests);
	tcase_add_test(tc, test_fork_children_act);
	tcase_add_test(tc, test_dead_bmc_times_out);
	tcase_add_test(tc, test_wrong_password_is_access);
	tcase_add_test(tc, test_secrets_never_logged);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(plugin_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (log_text != NULL) {
		g_string_free(log_text, TRUE);
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
