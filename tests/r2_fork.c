/*
 * r2_fork.c - the Heartbeat R2 stonithd pattern, many times over: one device
 * configured once in a long-lived parent with every CIB attribute (unknown
 * names included), then status, host list and reset each run in a forked
 * child - several at once - while the parent itself never runs an
 * operation.  Run by tests/r2_fork.sh against a simulated BMC.
 *
 * What must hold:
 *   - every child's operation succeeds and the power ends where it should
 *     (the simulator's state file), round after round;
 *   - the parent never loads OpenIPMI (set_config does no I/O and creates
 *     no OpenIPMI state), so nothing of OpenIPMI can cross a fork; after
 *     the children it is still not loaded, and the device still works in
 *     the parent's later children;
 *   - children that exit without stonith_delete() and children that delete
 *     the device both leave the parent's device usable;
 *   - a reconfiguration that is refused (stonithd reconfigures the device
 *     in place when the CIB changes) leaves the device unconfigured: the
 *     next children's status and reset fail with S_OOPS and touch nothing,
 *     until a configuration is accepted again.
 *
 * Environment: IPMILAN_TEST_PLUGIN_ROOT (read by the linked-in path shim),
 * IPL_TEST_PORT, IPL_TEST_USER, IPL_TEST_PASSWORD, IPL_TEST_STATE (the
 * simulator's power state directory), IPL_TEST_ROUNDS (default 50).
 * Prints one line per failed check and a summary; exits 0 when all passed,
 * 1 otherwise, 99 when the set-up failed.
 */
#include "config.h"

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

static int checks;
static int failures;

static void
check(bool cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (cond) {
		return;
	}
	failures++;
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Log lines of the module: kept quiet, except warnings and errors, and two
 * kinds of info line: how many sessions the BMC may keep that the plugin
 * cannot close (tests/r2_fork.sh allows as many unclosed sessions), and a
 * handshake tried again (reported beside them).  No secrets in them:
 * tests/r2_fork.sh checks the output for the password. */
static void
quiet_log(PILLogLevel level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (level > PIL_INFO) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (level > PIL_WARN && strstr(line, "to open a session") == NULL
	    && strstr(line, "the plugin cannot close") == NULL) {
		return;
	}
	printf("  [log] %s\n", line);
	fflush(stdout);
}

static const char *
need_env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || v[0] == '\0') {
		fprintf(stderr, "r2_fork: %s is not set (run tests/r2_fork.sh)\n",
			name);
		exit(99);
	}
	return v;
}

static const char *state_dir;

/* The simulator's power: 1 on, 0 off, -1 unreadable. */
static int
sim_power(void)
{
	char path[1024];
	FILE *f;
	int c;

	snprintf(path, sizeof(path), "%s/power", state_dir);
	f = fopen(path, "r");
	if (f == NULL) {
		return -1;
	}
	c = fgetc(f);
	fclose(f);
	return c == '1' ? 1 : c == '0' ? 0 : -1;
}

enum child_op { OP_STATUS, OP_HOSTLIST, OP_ON, OP_OFF, OP_RESET };

static const char *const op_name[] = { "status", "hostlist", "on", "off", "reset" };

/* In the child: run op on s; the exit code is the S_* result (or 90 when
 * the host list is wrong).  Odd children delete the device first. */
static int
child_body(Stonith *s, enum child_op op, bool delete_after)
{
	int rc = S_OK;
	char **hl;

	switch (op) {
	case OP_STATUS:
		rc = stonith_get_status(s);
		break;
	case OP_HOSTLIST:
		hl = stonith_get_hostlist(s);
		if (hl == NULL || hl[0] == NULL || hl[1] == NULL || hl[2] != NULL
		    || strcmp(hl[0], "node1") != 0 || strcmp(hl[1], "node2") != 0) {
			rc = 90;
		}
		if (hl != NULL) {
			stonith_free_hostlist(hl);
		}
		break;
	case OP_ON:
		rc = stonith_req_reset(s, ST_POWERON, "node1");
		break;
	case OP_OFF:
		rc = stonith_req_reset(s, ST_POWEROFF, "node1");
		break;
	case OP_RESET:
		/* The node name arrives as the cluster wrote it. */
		rc = stonith_req_reset(s, ST_GENERIC_RESET, "NODE1");
		break;
	}
	if (delete_after) {
		stonith_delete(s);
	}
	return rc;
}

static pid_t
spawn(Stonith *s, enum child_op op, bool delete_after)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		check(false, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		_exit(child_body(s, op, delete_after));
	}
	return pid;
}

static void reap_want(pid_t pid, enum child_op op, int round, int want);

/* Wait for pid (bounded by the test script's overall time limit) and check
 * that it exited with S_OK. */
static void
reap(pid_t pid, enum child_op op, int round)
{
	reap_want(pid, op, round, S_OK);
}

static void
reap_want(pid_t pid, enum child_op op, int round, int want)
{
	int status = 0;

	if (pid == -1) {
		return;
	}
	if (waitpid(pid, &status, 0) != pid) {
		check(false, "round %d: waitpid(%s child): %s", round, op_name[op],
		      strerror(errno));
		return;
	}
	check(WIFEXITED(status), "round %d: %s child died (status 0x%x)", round,
	      op_name[op], (unsigned)status);
	if (WIFEXITED(status)) {
		check(WEXITSTATUS(status) == want, "round %d: %s child exited "
		      "%d, not %d", round, op_name[op], WEXITSTATUS(status),
		      want);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * stonithd reconfigures the device in place; this configuration is refused
 * (a cipher suite that does not exist).  The children forked afterwards must
 * not fence with the old parameters; after a good configuration they work.
 * nv is the accepted configuration; its "cipher" entry is swapped.
 */
static void
refused_reconfiguration(Stonith *s, StonithNVpair *nv, int round)
{
	StonithNVpair *cipher = NULL;
	int power = sim_power();
	int i;

	for (i = 0; nv[i].s_name != NULL; i++) {
		if (strcmp(nv[i].s_name, "cipher") == 0) {
			cipher = &nv[i];
		}
	}
	if (cipher == NULL) {
		check(false, "no cipher parameter to change");
		return;
	}
	cipher->s_value = (char *)"99";
	check(stonith_set_config(s, nv) == S_BADCONFIG,
	      "a configuration with cipher 99 was not refused");
	reap_want(spawn(s, OP_STATUS, false), OP_STATUS, round, S_OOPS);
	reap_want(spawn(s, OP_RESET, true), OP_RESET, round, S_OOPS);
	reap_want(spawn(s, OP_OFF, false), OP_OFF, round, S_OOPS);
	check(sim_power() == power, "the refused device changed the power "
	      "(%d, was %d)", sim_power(), power);
	printf("r2_fork: after a refused reconfiguration, status, reset and "
	       "off were refused in the children\n");
	cipher->s_value = (char *)"3";
	check(stonith_set_config(s, nv) == S_OK, "reconfiguring with cipher 3");
	reap(spawn(s, OP_STATUS, false), OP_STATUS, round + 1);
}

int
main(void)
{
	const char *port = need_env("IPL_TEST_PORT");
	const char *user = need_env("IPL_TEST_USER");
	const char *password = need_env("IPL_TEST_PASSWORD");
	const char *rounds_env = getenv("IPL_TEST_ROUNDS");
	long rounds = 50;
	StonithNVpair nv[] = {
		/* What R2's stonithd passes: every attribute of the resource. */
		{ (char *)"hostname", (char *)"node1,node2" },
		{ (char *)"ipaddr", (char *)"127.0.0.1" },
		{ (char *)"port", (char *)port },
		{ (char *)"login", (char *)user },
		{ (char *)"password", (char *)password },
		{ (char *)"interface", (char *)"lanplus" },
		{ (char *)"cipher", (char *)"3" },
		{ (char *)"timeout", (char *)"15" },
		{ (char *)"reset_method", (char *)"onoff" },
		{ (char *)"target_role", (char *)"started" },
		{ (char *)"CRM_meta_timeout", (char *)"60000" },
		{ (char *)"pcmk_host_list", (char *)"node1 node2" },
		{ NULL, NULL },
	};
	Stonith *s;
	double t0, t1;
	long r;
	int resets = 0, ons = 0;

	state_dir = need_env("IPL_TEST_STATE");
	if (rounds_env != NULL) {
		char *end = NULL;

		errno = 0;
		rounds = strtol(rounds_env, &end, 10);
		if (errno != 0 || end == rounds_env || *end != '\0' || rounds < 1
		    || rounds > 10000) {
			fprintf(stderr, "r2_fork: bad IPL_TEST_ROUNDS\n");
			return 99;
		}
	}

	s = stonith_new("ipmilan");
	if (s == NULL) {
		fprintf(stderr, "r2_fork: stonith_new(ipmilan) failed\n");
		return 99;
	}
	stonith_set_log(s, quiet_log);
	check(strstr(stonith_get_info(s, ST_CONF_XML), "name=\"cipher\"") != NULL,
	      "the module loaded is not ours (no cipher parameter)");
	check(stonith_set_config(s, nv) == S_OK, "set_config with every CIB attribute");
	check(!proc_maps_contain("libOpenIPMI"),
	      "the parent has OpenIPMI loaded after set_config");

	t0 = now();
	for (r = 1; r <= rounds; r++) {
		/* A monitor, a host list and a fencing request at the same time,
		 * as stonithd may run them; then the power must be right. */
		enum child_op op = (r % 3 == 1) ? OP_RESET : (r % 3 == 2) ? OP_OFF : OP_ON;
		bool del = (r % 2) == 0;
		pid_t a = spawn(s, OP_STATUS, del);
		pid_t b = spawn(s, OP_HOSTLIST, !del);
		pid_t c = spawn(s, op, del);

		reap(a, OP_STATUS, (int)r);
		reap(b, OP_HOSTLIST, (int)r);
		reap(c, op, (int)r);
		if (op == OP_RESET) {
			resets++;
		} else if (op == OP_ON) {
			ons++;
		}
		check(sim_power() == (op == OP_OFF ? 0 : 1),
		      "round %ld: after %s the power is %d", r, op_name[op], sim_power());
	}
	/* Four monitors at once. */
	{
		pid_t p[4];
		int i;

		for (i = 0; i < 4; i++) {
			p[i] = spawn(s, OP_STATUS, i % 2 == 0);
		}
		for (i = 0; i < 4; i++) {
			reap(p[i], OP_STATUS, (int)rounds + 1);
		}
	}
	t1 = now();
	refused_reconfiguration(s, nv, (int)rounds + 2);

	check(!proc_maps_contain("libOpenIPMI"),
	      "the parent has OpenIPMI loaded after %ld rounds of children", rounds);
	stonith_delete(s);

	printf("r2_fork: %ld rounds (status + hostlist + on/off/reset in 3 children "
	       "at once) in %.2f s; %d resets, %d ons\n", rounds, t1 - t0, resets, ons);
	printf("r2_fork: expected boots: %d\n", resets + ons);
	printf("r2_fork: %d checks, %d failed\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
