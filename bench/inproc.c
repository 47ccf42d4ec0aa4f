/*
 * inproc.c - the benchmark's in-process driver: the ipmilan module loaded
 * once through the real libstonith/libpils, as a long-lived daemon (R2
 * stonithd, pacemaker-fenced) holds it, then timed operations with no
 * process start-up in them.
 *
 * Built only by "make bench" (EXTRA_PROGRAMS); run by bench/run, which
 * starts the simulated BMCs.  The plugin path shim (tests/plugin_path_shim.c,
 * linked in) makes libstonith load $IPMILAN_TEST_PLUGIN_ROOT/stonith2/
 * ipmilan.so, the module of the build tree.
 *
 * Usage: inproc [options] MODE
 *   -a ADDR      BMC address (127.0.0.1)
 *   -p PORTS     comma-separated BMC ports, one device per port
 *   -u USER      BMC user
 *   -f FILE      file whose first line is the password (never argv)
 *   -c NAME=VAL  an extra plugin parameter (interface=lan, cipher=3, ...)
 *   -n N         operations (loop) or rounds (sweep)
 *   -o OP        status, off, on or reboot (loop, fork)
 *   -P FILE      the first BMC's power-state file: loop mode writes the
 *                start state of each operation there, untimed
 * Modes:
 *   loop   N times OP on the first device; prints "sample OP USEC"
 *   sweep  N rounds of status over every device in turn; prints
 *          "sweep DEVICES ROUND USEC"
 *   fork   configure every device here, then fork one child per device,
 *          each doing OP at once; prints "fork DEVICES USEC FAILED"
 *   mem    one status per device, devices added one by one; prints the
 *          heap in use and the RSS before any device, after the first
 *          (the shared runtime is up then) and after the last
 * Always prints "peak_rss_kb KB" last: VmHWM, the high-water mark of this
 * program's own address space (getrusage's ru_maxrss would also count the
 * process it was forked from, since Linux keeps it across exec).  Exits 0 when every operation
 * returned S_OK, 1 when one failed, 2 on a usage error.
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stonith/stonith.h>

#define MAX_DEVICES 256
#define MAX_EXTRA 16

struct bench_opts {
	const char *addr;
	const char *user;
	char password[64];
	const char *ports[MAX_DEVICES];
	size_t nports;
	const char *extra_name[MAX_EXTRA];
	const char *extra_value[MAX_EXTRA];
	size_t nextra;
	unsigned long n;
	const char *op;
	const char *power_file;
};

/* Warnings and errors of the module, to stderr; debug and info dropped. */
static void
bench_log(PILLogLevel level, const char *fmt, ...)
{
	va_list ap;

	if (level > PIL_WARN) {
		return;
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Current resident set size in KiB, from /proc/self/statm. */
static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, res = 0;

	if (f == NULL) {
		return -1;
	}
	if (fscanf(f, "%ld %ld", &size, &res) != 2) {
		res = -1;
	}
	fclose(f);
	return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Peak resident set size in KiB (VmHWM), -1 when unknown. */
static long
peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL) {
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmHWM: %ld", &kb) == 1) {
			break;
		}
	}
	fclose(f);
	return kb;
}

static size_t
heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* Read the first line of path into buf (without the newline). */
static int
read_password(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "inproc: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (fgets(buf, (int)cap, f) == NULL) {
		fclose(f);
		fprintf(stderr, "inproc: %s is empty\n", path);
		return -1;
	}
	fclose(f);
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	return 0;
}

/* Write "1" or "0" to the simulator's power-state file. */
static void
set_power(const char *path, int on)
{
	FILE *f;

	if (path == NULL) {
		return;
	}
	f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "inproc: cannot write %s\n", path);
		return;
	}
	fprintf(f, "%d\n", on);
	fclose(f);
}

/* A configured device for node "node<i>" on ports[i]; NULL on failure. */
static Stonith *
make_device(const struct bench_opts *o, size_t i)
{
	StonithNVpair nv[8 + MAX_EXTRA];
	char node[32];
	Stonith *s;
	size_t n = 0, k;
	int rc;

	s = stonith_new("ipmilan");
	if (s == NULL) {
		fprintf(stderr, "inproc: stonith_new(ipmilan) failed\n");
		return NULL;
	}
	stonith_set_log(s, bench_log);
	snprintf(node, sizeof(node), "node%zu", i + 1);
	nv[n].s_name = (char *)"hostname"; nv[n++].s_value = node;
	nv[n].s_name = (char *)"ipaddr"; nv[n++].s_value = (char *)o->addr;
	nv[n].s_name = (char *)"port"; nv[n++].s_value = (char *)o->ports[i];
	nv[n].s_name = (char *)"login"; nv[n++].s_value = (char *)o->user;
	nv[n].s_name = (char *)"password";
	nv[n++].s_value = (char *)o->password;
	for (k = 0; k < o->nextra; k++) {
		nv[n].s_name = (char *)o->extra_name[k];
		nv[n++].s_value = (char *)o->extra_value[k];
	}
	nv[n].s_name = NULL;
	nv[n].s_value = NULL;
	rc = stonith_set_config(s, nv);
	if (rc != S_OK) {
		fprintf(stderr, "inproc: set_config failed: %d\n", rc);
		stonith_delete(s);
		return NULL;
	}
	return s;
}

/* One operation on device s (node<i>); returns the S_* code. */
static int
do_op(Stonith *s, size_t i, const char *op)
{
	char node[32];

	snprintf(node, sizeof(node), "node%zu", i + 1);
	if (strcmp(op, "status") == 0) {
		return stonith_get_status(s);
	}
	if (strcmp(op, "off") == 0) {
		return stonith_req_reset(s, ST_POWEROFF, node);
	}
	if (strcmp(op, "on") == 0) {
		return stonith_req_reset(s, ST_POWERON, node);
	}
	return stonith_req_reset(s, ST_GENERIC_RESET, node);
}

static int
run_loop(const struct bench_opts *o)
{
	Stonith *s = make_device(o, 0);
	unsigned long i;
	int failed = 0;

	if (s == NULL) {
		return 1;
	}
	for (i = 0; i < o->n; i++) {
		long long t0, t1;
		int rc;

		/* off starts from on, on from off, reboot from on: untimed. */
		set_power(o->power_file, strcmp(o->op, "on") != 0);
		t0 = now_us();
		rc = do_op(s, 0, o->op);
		t1 = now_us();
		if (rc != S_OK) {
			fprintf(stderr, "inproc: %s failed: %d\n", o->op, rc);
			failed = 1;
		}
		printf("sample %s %lld\n", o->op, t1 - t0);
	}
	stonith_delete(s);
	return failed;
}

static int
run_sweep(const struct bench_opts *o)
{
	Stonith *dev[MAX_DEVICES];
	unsigned long r;
	size_t i;
	int failed = 0;

	for (i = 0; i < o->nports; i++) {
		dev[i] = make_device(o, i);
		if (dev[i] == NULL) {
			while (i-- > 0) {
				stonith_delete(dev[i]);
			}
			return 1;
		}
	}
	for (r = 0; r < o->n; r++) {
		long long t0 = now_us();

		for (i = 0; i < o->nports; i++) {
			if (stonith_get_status(dev[i]) != S_OK) {
				fprintf(stderr, "inproc: status of device "
					"%zu failed\n", i + 1);
				failed = 1;
			}
		}
		printf("sweep %zu %lu %lld\n", o->nports, r, now_us() - t0);
	}
	for (i = 0; i < o->nports; i++) {
		stonith_delete(dev[i]);
	}
	return failed;
}

static int
run_fork(const struct bench_opts *o)
{
	Stonith *dev[MAX_DEVICES];
	pid_t pid[MAX_DEVICES];
	size_t i, started = 0, bad = 0;
	long long t0;

	/* Configured in the parent, as R2 stonithd does; acted in children. */
	for (i = 0; i < o->nports; i++) {
		dev[i] = make_device(o, i);
		if (dev[i] == NULL) {
			while (i-- > 0) {
				stonith_delete(dev[i]);
			}
			return 1;
		}
	}
	fflush(stdout);
	t0 = now_us();
	for (i = 0; i < o->nports; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			_exit(do_op(dev[i], i, o->op));
		}
		if (pid[i] < 0) {
			fprintf(stderr, "inproc: fork: %s\n", strerror(errno));
			bad++;
			continue;
		}
		started++;
	}
	for (i = 0; i < o->nports; i++) {
		int status = 0;

		if (pid[i] <= 0) {
			continue;
		}
		if (waitpid(pid[i], &status, 0) != pid[i]
		    || !WIFEXITED(status) || WEXITSTATUS(status) != S_OK) {
			bad++;
		}
	}
	printf("fork %zu %lld %zu\n", started, now_us() - t0, bad);
	for (i = 0; i < o->nports; i++) {
		stonith_delete(dev[i]);
	}
	return bad != 0;
}

static int
run_mem(const struct bench_opts *o)
{
	Stonith *dev[MAX_DEVICES];
	size_t i, heap0 = heap_in_use(), heap1 = 0;
	long rss0 = rss_kb(), rss1 = 0;
	int failed = 0;

	for (i = 0; i < o->nports; i++) {
		dev[i] = make_device(o, i);
		if (dev[i] == NULL || stonith_get_status(dev[i]) != S_OK) {
			fprintf(stderr, "inproc: device %zu failed\n", i + 1);
			failed = 1;
			if (dev[i] == NULL) {
				break;
			}
		}
		if (i == 0) {
			/* The shared runtime is up now: the baseline. */
			heap1 = heap_in_use();
			rss1 = rss_kb();
		}
	}
	if (!failed) {
		printf("mem devices %zu heap_start %zu heap_first %zu "
		       "heap_last %zu rss_start_kb %ld rss_first_kb %ld "
		       "rss_last_kb %ld\n", o->nports, heap0, heap1,
		       heap_in_use(), rss0, rss1, rss_kb());
	}
	while (i-- > 0) {
		stonith_delete(dev[i]);
	}
	return failed;
}

static void
usage(void)
{
	fprintf(stderr, "usage: inproc [-a ADDR] -p PORTS -u USER -f PASSFILE "
		"[-c NAME=VALUE]... [-n N] [-o OP] [-P POWERFILE] "
		"loop|sweep|fork|mem\n");
}

/* Split a comma-separated list of ports in place into o->ports. */
static int
split_ports(struct bench_opts *o, char *list)
{
	char *save = NULL, *tok;

	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nports == MAX_DEVICES) {
			fprintf(stderr, "inproc: at most %d ports\n",
				MAX_DEVICES);
			return -1;
		}
		o->ports[o->nports++] = tok;
	}
	return o->nports > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct bench_opts o;
	const char *mode, *pass_file = NULL;
	char *eq, *end;
	int c, rc;

	memset(&o, 0, sizeof(o));
	o.addr = "127.0.0.1";
	o.n = 30;
	o.op = "status";
	while ((c = getopt(argc, argv, "a:p:u:f:c:n:o:P:")) != -1) {
		switch (c) {
		case 'a': o.addr = optarg; break;
		case 'p':
			if (split_ports(&o, optarg) != 0) {
				usage();
				return 2;
			}
			break;
		case 'u': o.user = optarg; break;
		case 'f': pass_file = optarg; break;
		case 'c':
			eq = strchr(optarg, '=');
			if (eq == NULL || o.nextra == MAX_EXTRA) {
				usage();
				return 2;
			}
			*eq = '\0';
			o.extra_name[o.nextra] = optarg;
			o.extra_value[o.nextra++] = eq + 1;
			break;
		case 'n':
			errno = 0;
			o.n = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || o.n == 0) {
				usage();
				return 2;
			}
			break;
		case 'o': o.op = optarg; break;
		case 'P': o.power_file = optarg; break;
		default:
			usage();
			return 2;
		}
	}
	if (optind + 1 != argc || o.nports == 0 || o.user == NULL
	    || pass_file == NULL
	    || read_password(pass_file, o.password, sizeof(o.password)) != 0) {
		usage();
		return 2;
	}
	if (strcmp(o.op, "status") != 0 && strcmp(o.op, "off") != 0
	    && strcmp(o.op, "on") != 0 && strcmp(o.op, "reboot") != 0) {
		usage();
		return 2;
	}
	mode = argv[optind];
	if (strcmp(mode, "loop") == 0) {
		rc = run_loop(&o);
	} else if (strcmp(mode, "sweep") == 0) {
		rc = run_sweep(&o);
	} else if (strcmp(mode, "fork") == 0) {
		rc = run_fork(&o);
	} else if (strcmp(mode, "mem") == 0) {
		rc = run_mem(&o);
	} else {
		usage();
		rc = 2;
	}
	memset(o.password, 0, sizeof(o.password));
	printf("peak_rss_kb %ld\n", peak_rss_kb());
	return rc;
}
