/*
 * check_longlived.c - the module in a long-lived process, loaded through the
 * real libstonith/libpils against the simulated BMC, as a Heartbeat R2
 * stonithd or a test harness would keep it: thousands of operations in one
 * process, a thousand create/configure/destroy cycles, eight devices used
 * interleaved, configure in a parent and act in forked children, two
 * threads on two devices at once, and unloading and reloading the module.
 * After each operation: no error, open file descriptors back to where they
 * were before it, nothing of OpenIPMI mapped (it exists only inside an
 * operation); after the last device nothing of the module either; and RSS
 * flat across the long run.  tests/longlived.sh starts the BMC,
 * runs this program (bare with the full counts, and under valgrind with
 * small ones) and counts the BMC sessions opened and closed on the wire.
 *
 * Environment: as tests/check_plugin.c (IPMILAN_TEST_PLUGIN_ROOT,
 * IPL_TEST_PORT, IPL_TEST_USER, IPL_TEST_PASSWORD, IPL_TEST_STATE), plus
 * IPL_LONG_OPS (status operations, default 10000), IPL_LONG_CYCLES (1000),
 * IPL_LONG_CHILDREN (200), IPL_LONG_THREAD_OPS (200), IPL_LONG_REPORT (a
 * file that receives the measured numbers, one "name value" per line).
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <stonith/stonith.h>

#include "proc_probe.h"

static const char *port, *user, *password, *state_dir;
static FILE *report;

static void
quiet_log(PILLogLevel level, const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Failures are worth seeing; the secret never reaches a log line. */
	if (level <= PIL_WARN) {
		fprintf(stderr, "log: %s\n", line);
	}
	if (password != NULL && strstr(line, password) != NULL) {
		fprintf(stderr, "the password reached a log line\n");
		abort();
	}
}

static unsigned long
env_count(const char *name, unsigned long dflt)
{
	const char *v = getenv(name);

	return (v != NULL && *v != '\0') ? strtoul(v, NULL, 10) : dflt;
}

static void
note(const char *name, const char *fmt, ...)
{
	va_list ap;

	if (report == NULL) {
		return;
	}
	fprintf(report, "%s ", name);
	va_start(ap, fmt);
	vfprintf(report, fmt, ap);
	va_end(ap);
	fputc('\n', report);
	fflush(report);
}

/* Number of open file descriptors of this process. */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.') {
			n++;
		}
	}
	closedir(d);
	return n - 1;   /* the directory's own descriptor */
}

/* True when this process has an epoll descriptor open (this program opens
 * none itself: one is OpenIPMI's selector). */
static bool
has_epoll_fd(void)
{
	char *t = proc_fd_table();
	bool found = t != NULL && strstr(t, "anon_inode:[eventpoll]") != NULL;

	g_free(t);
	return found;
}

/* Resident set size in kB. */
static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) {
			break;
		}
	}
	fclose(f);
	return kb;
}

/* RSS means nothing under valgrind: the script says when to check it. */
static bool
rss_checked(void)
{
	return env_count("IPL_LONG_CHECK_RSS", 0) != 0;
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
sim_power(void)
{
	char path[512];
	FILE *f;
	int c;

	snprintf(path, sizeof(path), "%s/power", state_dir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	c = fgetc(f);
	fclose(f);
	return c == '1';
}

static Stonith *
device(const char *hosts)
{
	StonithNVpair nv[10];
	Stonith *s;
	int n = 0;

	s = stonith_new("ipmilan");
	ck_assert_msg(s != NULL, "stonith_new(ipmilan) failed");
	stonith_set_log(s, quiet_log);
	nv[n].s_name = (char *)"hostname"; nv[n++].s_value = (char *)hosts;
	nv[n].s_name = (char *)"ipaddr"; nv[n++].s_value = (char *)"127.0.0.1";
	nv[n].s_name = (char *)"port"; nv[n++].s_value = (char *)port;
	nv[n].s_name = (char *)"login"; nv[n++].s_value = (char *)user;
	nv[n].s_name = (char *)"password"; nv[n++].s_value = (char *)password;
	nv[n].s_name = (char *)"interface"; nv[n++].s_value = (char *)"lanplus";
	nv[n].s_name = (char *)"power_wait"; nv[n++].s_value = (char *)"0.1";
	nv[n].s_name = NULL;
	nv[n].s_value = NULL;
	ck_assert_int_eq(stonith_set_config(s, nv), S_OK);
	return s;
}

/* Nothing of OpenIPMI or of the module left, fds back to base. */
static void
assert_clean(int base_fds, const char *when)
{
	ck_assert_msg(!proc_maps_contain("libOpenIPMI"), "%s: OpenIPMI still mapped", when);
	ck_assert_msg(count_fds() == base_fds, "%s: %d fds open, %d before",
		      when, count_fds(), base_fds);
}

static void
setup(void)
{
	port = getenv("IPL_TEST_PORT");
	user = getenv("IPL_TEST_USER");
	password = getenv("IPL_TEST_PASSWORD");
	state_dir = getenv("IPL_TEST_STATE");
	ck_assert_msg(port && user && password && state_dir,
		      "run through tests/longlived.sh");
	if (report == NULL && getenv("IPL_LONG_REPORT") != NULL) {
		report = fopen(getenv("IPL_LONG_REPORT"), "a");
	}
}

/* After an operation: nothing of OpenIPMI mapped, no descriptor left. */
static void
assert_between(int base_fds, const char *what, unsigned long i)
{
	int fds = count_fds();

	ck_assert_msg(fds == base_fds, "after %s %lu: %d fds open, %d before "
		      "the first", what, i, fds, base_fds);
	ck_assert_msg(!proc_maps_contain("libOpenIPMI"), "after %s %lu: "
		      "OpenIPMI still mapped", what, i);
}

START_TEST(test_many_status_operations)
{
	unsigned long ops = env_count("IPL_LONG_OPS", 10000);
	unsigned long first = ops < 1000 ? ops / 10 : 1000;
	int base = count_fds();
	long rss_first = 0, rss_last;
	double t0, t1;
	unsigned long i;
	Stonith *s = device("node1");

	t0 = now_s();
	for (i = 1; i <= ops; i++) {
		int rc = stonith_get_status(s);

		ck_assert_msg(rc == S_OK, "status %lu of %lu: %d", i, ops, rc);
		/* nothing between operations, after every one of them */
		assert_between(base, "status", i);
		if (i == first) {
			rss_first = rss_kb();
		}
	}
	t1 = now_s();
	rss_last = rss_kb();
	note("status_ops", "%lu", ops);
	note("status_seconds", "%.1f", t1 - t0);
	note("status_ms_each", "%.2f", (t1 - t0) * 1000.0 / (double)ops);
	note("rss_kb_after_first", "%ld (after %lu)", rss_first, first);
	note("rss_kb_after_all", "%ld (after %lu)", rss_last, ops);
	note("fds", "%d before the first operation and after each of %lu "
	     "(OpenIPMI unmapped after each)", base, ops);
	/* Flat: at most 256 kB more after 10x the operations. */
	ck_assert_msg(!rss_checked() || rss_last - rss_first <= 256,
		      "RSS grew from %ld kB (after %lu) to %ld kB (after %lu)",
		      rss_first, first, rss_last, ops);
	stonith_delete(s);
	assert_clean(base, "after the status run");
}
END_TEST

START_TEST(test_create_configure_destroy_cycles)
{
	unsigned long cycles = env_count("IPL_LONG_CYCLES", 1000);
	int base = count_fds();
	long rss0 = 0;
	unsigned long i;

	for (i = 1; i <= cycles; i++) {
		Stonith *s = device("node1");

		/* every 10th lifetime also runs an operation */
		if (i % 10 == 0) {
			ck_assert_int_eq(stonith_get_status(s), S_OK);
		}
		stonith_delete(s);
		if (i == cycles / 10) {
			rss0 = rss_kb();
		}
	}
	note("cycles", "%lu", cycles);
	note("cycles_rss_kb", "%ld -> %ld", rss0, rss_kb());
	ck_assert_msg(!rss_checked() || rss_kb() - rss0 <= 256,
		      "RSS grew %ld -> %ld kB", rss0, rss_kb());
	assert_clean(base, "after the cycles");
	ck_assert_msg(!proc_maps_contain("ipmilan.so"), "the module is still mapped");
}
END_TEST

START_TEST(test_eight_devices_interleaved)
{
	Stonith *dev[8];
	char host[16];
	int base = count_fds();
	int round, k;

	for (k = 0; k < 8; k++) {
		snprintf(host, sizeof(host), "node%d", k + 1);
		dev[k] = device(host);
	}
	for (round = 0; round < 5; round++) {
		for (k = 0; k < 8; k++) {
			int want = (round + k) % 2;

			snprintf(host, sizeof(host), "node%d", k + 1);
			ck_assert_int_eq(stonith_get_status(dev[k]), S_OK);
			assert_between(base, "status of device", (unsigned long)k);
			ck_assert_int_eq(stonith_req_reset(dev[k], want ?
				ST_POWERON : ST_POWEROFF, host), S_OK);
			assert_between(base, "power change of device",
				       (unsigned long)k);
			ck_assert_int_eq(sim_power(), want);
			/* another device's node is refused, nothing done */
			snprintf(host, sizeof(host), "node%d", (k + 1) % 8 + 1);
			ck_assert_int_eq(stonith_req_reset(dev[k], ST_POWEROFF,
							   host), S_BADHOST);
			ck_assert_int_eq(sim_power(), want);
		}
	}
	for (k = 0; k < 8; k++) {
		stonith_delete(dev[k]);
	}
	assert_clean(base, "after eight devices");
}
END_TEST

START_TEST(test_fork_children)
{
	unsigned long children = env_count("IPL_LONG_CHILDREN", 200);
	const unsigned long batch = 4;   /* the BMC has 8 session slots */
	int base = count_fds();
	Stonith *s = device("node1");
	unsigned long i, j, failed = 0;
	double t0 = now_s();

	/* The parent has run an operation; it left nothing to inherit. */
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	assert_between(base, "the parent's status", 1);
	for (i = 0; i < children; i += batch) {
		pid_t pids[4];

		for (j = 0; j < batch && i + j < children; j++) {
			pids[j] = fork();
			ck_assert_int_ne(pids[j], -1);
			if (pids[j] == 0) {
				/* nothing of OpenIPMI came through the fork
				 * (valgrind changes a child's own fds: look
				 * for OpenIPMI's selector, not a count) */
				int rc = proc_maps_contain("libOpenIPMI")
					 || has_epoll_fd() ? 100
					 : stonith_get_status(s);

				stonith_delete(s);
				_exit(rc);
			}
		}
		for (j = 0; j < batch && i + j < children; j++) {
			int st = 0;

			ck_assert_int_eq(waitpid(pids[j], &st, 0), pids[j]);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != S_OK) {
				fprintf(stderr, "child %lu: status %#x\n",
					i + j, (unsigned int)st);
				failed++;
			}
		}
	}
	note("children", "%lu in %.1f s, %lu failed", children,
	     now_s() - t0, failed);
	ck_assert_msg(failed == 0, "%lu of %lu children failed", failed,
		      children);
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	stonith_delete(s);
	assert_clean(base, "after the children");
}
END_TEST

struct worker {
	Stonith *s;
	unsigned long ops;
	unsigned long bad;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	unsigned long i;

	for (i = 0; i < w->ops; i++) {
		if (stonith_get_status(w->s) != S_OK) {
			w->bad++;
		}
	}
	return NULL;
}

START_TEST(test_two_threads_two_devices)
{
	unsigned long ops = env_count("IPL_LONG_THREAD_OPS", 200);
	int base = count_fds();
	struct worker a = { device("node1"), ops, 0 };
	struct worker b = { device("node2"), ops, 0 };
	pthread_t ta, tb;
	double t0 = now_s();

	ck_assert_int_eq(pthread_create(&ta, NULL, work, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, work, &b), 0);
	ck_assert_int_eq(pthread_join(ta, NULL), 0);
	ck_assert_int_eq(pthread_join(tb, NULL), 0);
	note("threads", "2 x %lu status in %.1f s, %lu + %lu failed", ops,
	     now_s() - t0, a.bad, b.bad);
	ck_assert_uint_eq(a.bad, 0);
	ck_assert_uint_eq(b.bad, 0);
	stonith_delete(a.s);
	stonith_delete(b.s);
	assert_clean(base, "after two threads");
}
END_TEST

START_TEST(test_unload_reload)
{
	int base = count_fds();
	int round;

	for (round = 0; round < 3; round++) {
		Stonith *s = device("node1");

		ck_assert_msg(proc_maps_contain("ipmilan.so"), "module not loaded?");
		ck_assert_int_eq(stonith_get_status(s), S_OK);
		ck_assert(!proc_maps_contain("libOpenIPMI"));
		stonith_delete(s);
		/* PILS unloads the module with its last instance. */
		ck_assert_msg(!proc_maps_contain("ipmilan.so"),
			      "round %d: the module is still mapped", round);
		assert_clean(base, "after unloading");
	}
	note("reloads", "3 (module and OpenIPMI unmapped, fds %d)", base);
}
END_TEST

/*
 * True when needle is in a writable private mapping of this process that
 * is not a stack: the heap (brk and mmap'd arenas).  Reads /proc/self/mem.
 */
static bool
heap_has(const char *needle)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	FILE *mem = fopen("/proc/self/mem", "rb");
	size_t nlen = strlen(needle);
	char line[512];
	bool found = false;

	ck_assert_ptr_nonnull(maps);
	ck_assert_ptr_nonnull(mem);
	while (!found && fgets(line, sizeof(line), maps) != NULL) {
		unsigned long lo, hi;
		char perms[8] = "";
		char path[256] = "";
		char *buf;
		size_t len, got, i;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi,
			   perms, path) < 3) {
			continue;
		}
		if (perms[0] != 'r' || perms[1] != 'w' || perms[3] != 'p'
		    || (path[0] != '\0' && strcmp(path, "[heap]") != 0)) {
			continue;
		}
		len = hi - lo;
		buf = malloc(len);
		ck_assert_ptr_nonnull(buf);
		if (fseek(mem, (long)lo, SEEK_SET) == 0) {
			got = fread(buf, 1, len, mem);
			for (i = 0; nlen <= got && i <= got - nlen; i++) {
				if (memcmp(buf + i, needle, nlen) == 0) {
					found = true;
					break;
				}
			}
		}
		memset(buf, 0, len);
		free(buf);
		clearerr(mem);
	}
	fclose(maps);
	fclose(mem);
	return found;
}

/* The password leaves no copy in the heap once the device is destroyed:
 * the plugin wipes its configuration, OpenIPMI its connection parameters. */
START_TEST(test_secret_gone_after_destroy)
{
	Stonith *s = device("node1");

	ck_assert_int_eq(stonith_get_status(s), S_OK);
	/* The scan works: the live device holds the password. */
	ck_assert_msg(heap_has(password), "the scan cannot see the password "
		      "of a live device");
	stonith_delete(s);
	ck_assert_msg(!heap_has(password), "a copy of the password is left "
		      "in the heap after the device was destroyed");
	note("secret_scan", "password in the heap while the device lives, "
	     "gone after destroy");
}
END_TEST

static Suite *
longlived_suite(void)
{
	Suite *s = suite_create("longlived");
	TCase *tc = tcase_create("longlived");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, test_unload_reload);
	tcase_add_test(tc, test_many_status_operations);
	tcase_add_test(tc, test_create_configure_destroy_cycles);
	tcase_add_test(tc, test_eight_devices_interleaved);
	tcase_add_test(tc, test_fork_children);
	tcase_add_test(tc, test_two_threads_two_devices);
	suite_add_tcase(s, tc);
	/* Heap scans mean nothing under valgrind: tests/secrets_sweep.sh runs
	 * this case alone, bare (CK_RUN_CASE=secrets). */
	tc = tcase_create("secrets");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_secret_gone_after_destroy);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(longlived_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (report != NULL) {
		fclose(report);
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
