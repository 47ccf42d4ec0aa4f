/*
 * check_plugin.c - the module loaded in-process through the real
 * libstonith/libpils, against a simulated BMC (ipmi_sim) started by
 * tests/inproc_plugin.sh.  Lifetimes are the point here: a second device,
 * a hundred create/destroy cycles, configure-then-fork, a refused
 * reconfiguration, and that nothing of OpenIPMI (mapping or descriptor) is
 * left between operations, that what it opens during one is close-on-exec
 * (an exec'd child inherits none of it), and that a child forked while
 * another thread is in an operation works.  The script runs this program
 * under valgrind.
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
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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

/* Called (in the process that set it) with each log line that contains
 * mid_op_marker: a point inside an operation, with its session open. */
static void (*mid_op_hook)(void);
static pid_t mid_op_pid;
static const char mid_op_marker[] = "ipmilan: session open to ";

static void
capture_log(PILLogLevel level, const char *fmt, ...)
{
	va_list ap;
	size_t start = log_text->len;

	(void)level;
	va_start(ap, fmt);
	g_string_append_vprintf(log_text, fmt, ap);
	va_end(ap);
	g_string_append_c(log_text, '\n');
	if (mid_op_hook != NULL && mid_op_pid == getpid()
	    && strstr(log_text->str + start, mid_op_marker) != NULL) {
		mid_op_hook();
	}
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

/* What this process had mapped and open before, for back_to(). */
struct proc_state {
	char *maps;
	char *fds;
};

static void
proc_state_take(struct proc_state *p)
{
	p->maps = proc_maps_files();
	p->fds = proc_fd_table();
	ck_assert_ptr_nonnull(p->maps);
	ck_assert_ptr_nonnull(p->fds);
}

static void
proc_state_free(struct proc_state *p)
{
	g_free(p->maps);
	g_free(p->fds);
}

/*
 * Nothing of an operation is left: the same descriptors (numbers and
 * targets) as in p, and the same mappings, except libcrypto: it is linked
 * with -z nodelete (its ELF FLAGS_1 say NODELETE), so once OpenIPMI has
 * pulled it in it stays mapped; it holds no descriptor.
 */
static void
back_to(const struct proc_state *p, const char *when)
{
	struct proc_state now;
	char *gone_maps, *new_maps, *gone_fds, *new_fds;
	char **line;
	char **lines;

	proc_state_take(&now);
	new_fds = proc_lines_added(p->fds, now.fds);
	gone_fds = proc_lines_added(now.fds, p->fds);
	ck_assert_msg(new_fds[0] == '\0' && gone_fds[0] == '\0', "%s: "
		      "descriptors changed; new:\n%sgone:\n%s", when, new_fds,
		      gone_fds);
	new_maps = proc_lines_added(p->maps, now.maps);
	gone_maps = proc_lines_added(now.maps, p->maps);
	ck_assert_msg(gone_maps[0] == '\0', "%s: unmapped:\n%s", when,
		      gone_maps);
	lines = g_strsplit(new_maps, "\n", -1);
	for (line = lines; *line != NULL; line++) {
		ck_assert_msg(**line == '\0' || strstr(*line, "/libcrypto.so")
			      != NULL, "%s: still mapped: %s", when, *line);
	}
	g_strfreev(lines);
	g_free(new_fds);
	g_free(gone_fds);
	g_free(new_maps);
	g_free(gone_maps);
	proc_state_free(&now);
}

START_TEST(test_nothing_between_operations)
{
	Stonith *s = device("node1", port, NULL, NULL);
	Stonith *bad = device("node1", port, NULL, NULL);
	StonithNVpair wrong[] = {
		{ (char *)"hostname", (char *)"node1" },
		{ (char *)"ipaddr", (char *)"127.0.0.1" },
		{ (char *)"port", (char *)port },
		{ (char *)"login", (char *)user },
		{ (char *)"password", (char *)"not-the-password" },
		{ NULL, NULL },
	};
	struct proc_state before;

	ck_assert_int_eq(stonith_set_config(bad, wrong), S_OK);
	/* set_config (above) loaded nothing; this is "before the first
	 * operation". */
	ck_assert(!proc_maps_contain("libOpenIPMI"));
	proc_state_take(&before);
	sim_set_power(1);
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	back_to(&before, "after a status");
	ck_assert_int_eq(stonith_req_reset(s, ST_POWEROFF, "node1"), S_OK);
	back_to(&before, "after an off");
	ck_assert_int_eq(stonith_req_reset(s, ST_POWERON, "node1"), S_OK);
	back_to(&before, "after an on");
	ck_assert_int_eq(stonith_req_reset(s, ST_GENERIC_RESET, "node1"), S_OK);
	back_to(&before, "after a reset");
	/* A failed operation leaves nothing either. */
	ck_assert_int_eq(stonith_get_status(bad), S_ACCESS);
	back_to(&before, "after a refused session");
	ck_assert_int_eq(sim_power(), 1);
	stonith_delete(bad);
	stonith_delete(s);
	ck_assert(!proc_maps_contain("libOpenIPMI"));
	proc_state_free(&before);
}
END_TEST

/* ---- an exec'd child of a process in the middle of an operation ---- */

static struct {
	char *fds_before;     /* this process's descriptors before the op  */
	bool ran;
	int new_fds;          /* descriptors the operation opened          */
	bool saw_epoll;       /* one of them is an epoll instance          */
	bool saw_socket;      /* and one a socket                          */
	int inheritable;      /* of them, without FD_CLOEXEC               */
	char child_out[8192]; /* ls -l /proc/self/fd of the exec'd child   */
	char control[64];     /* "-> pipe:[N]" of a deliberately inherited fd */
	char leaked[512];     /* what of the operation the child had        */
} mid;

/* Run /bin/ls -l /proc/self/fd in an exec'd child; its output goes to
 * mid.child_out. */
static void
exec_ls_fds(void)
{
	int out[2];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) != 0) {
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		execl("/bin/ls", "ls", "-l", "/proc/self/fd", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	while (pid > 0 && got < sizeof(mid.child_out) - 1
	       && (n = read(out[0], mid.child_out + got,
			    sizeof(mid.child_out) - 1 - got)) > 0) {
		got += (size_t)n;
	}
	mid.child_out[got] = '\0';
	close(out[0]);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
	}
}

/* Inside the operation: look at what it opened, then fork and exec. */
static void
look_mid_operation(void)
{
	char *now = proc_fd_table();
	char *added = proc_lines_added(mid.fds_before, now);
	char **lines = g_strsplit(added, "\n", -1);
	char **l;
	int control[2];

	mid.ran = true;
	for (l = lines; *l != NULL && **l != '\0'; l++) {
		const char *target = strstr(*l, "-> ");
		int fd = proc_fd_of_line(*l);
		int flags = fcntl(fd, F_GETFD);

		mid.new_fds++;
		mid.saw_epoll |= strstr(*l, "anon_inode:[eventpoll]") != NULL;
		mid.saw_socket |= strstr(*l, "socket:[") != NULL;
		if (flags < 0 || (flags & FD_CLOEXEC) == 0) {
			mid.inheritable++;
		}
		if (target != NULL) {
			/* checked against the child's listing below */
			g_strlcat(mid.leaked, target, sizeof(mid.leaked));
			g_strlcat(mid.leaked, "\n", sizeof(mid.leaked));
		}
	}
	/* The control: a pipe left inheritable must show in the child. */
	if (pipe(control) == 0) {
		char path[64];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", control[0]);
		memcpy(mid.control, "-> ", 3);
		n = readlink(path, mid.control + 3, sizeof(mid.control) - 4);
		mid.control[n > 0 ? 3 + n : 3] = '\0';
		exec_ls_fds();
		close(control[0]);
		close(control[1]);
	}
	g_strfreev(lines);
	g_free(added);
	g_free(now);
}

START_TEST(test_exec_child_inherits_nothing)
{
	Stonith *s = device("node1", port, NULL, NULL);
	char **targets;
	char **t;

	stonith_set_debug(s, 10);
	memset(&mid, 0, sizeof(mid));
	mid.fds_before = proc_fd_table();
	mid_op_pid = getpid();
	mid_op_hook = look_mid_operation;
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	mid_op_hook = NULL;
	stonith_delete(s);
	g_free(mid.fds_before);
	ck_assert_msg(mid.ran, "no \"%s\" line: the probe never ran",
		      mid_op_marker);
	ck_assert_msg(mid.saw_epoll && mid.saw_socket, "the probe did not see "
		      "OpenIPMI's descriptors mid-operation:\n%s", mid.leaked);
	ck_assert_msg(mid.inheritable == 0, "%d of the %d descriptors open "
		      "mid-operation are not close-on-exec:\n%s",
		      mid.inheritable, mid.new_fds, mid.leaked);
	ck_assert_msg(strstr(mid.child_out, mid.control) != NULL, "the exec'd "
		      "child's listing misses the inheritable control pipe "
		      "(%s):\n%s", mid.control, mid.child_out);
	targets = g_strsplit(mid.leaked, "\n", -1);
	for (t = targets; *t != NULL; t++) {
		ck_assert_msg(**t == '\0' || strstr(mid.child_out, *t) == NULL,
			      "the exec'd child inherited \"%s\":\n%s", *t,
			      mid.child_out);
	}
	g_strfreev(targets);
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
	/* Each operation builds its own runtime: b works after a is gone. */
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

/* ---- a fork while another thread is in an operation ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool in_op;        /* the worker reached the middle of its operation */
	bool forked;       /* the main thread has forked                     */
	int worker_rc;
} fk = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false,
	 -1 };

/* Wait (at most 20 s) until *flag is set; false on timeout. */
static bool
fk_wait(const bool *flag)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 20;
	pthread_mutex_lock(&fk.lock);
	while (!*flag && pthread_cond_timedwait(&fk.cond, &fk.lock, &until)
	       == 0) {
		/* woken */
	}
	ok = *flag;
	pthread_mutex_unlock(&fk.lock);
	return ok;
}

static void
fk_set(bool *flag)
{
	pthread_mutex_lock(&fk.lock);
	*flag = true;
	pthread_cond_broadcast(&fk.cond);
	pthread_mutex_unlock(&fk.lock);
}

/* In the worker's operation, session open: let the main thread fork. */
static void
hold_for_fork(void)
{
	fk_set(&fk.in_op);
	(void)fk_wait(&fk.forked);
}

static void *
fk_worker(void *arg)
{
	fk.worker_rc = stonith_get_status(arg);
	return NULL;
}

/* The forked child: an operation of its own must work (and say that it
 * discarded what it inherited); 100 + n when a check failed. */
static int
fk_child(Stonith *s)
{
	int rc;

	mid_op_hook = NULL;
	g_string_truncate(log_text, 0);
	rc = stonith_get_status(s);
	if (rc != S_OK) {
		return rc;
	}
	if (strstr(log_text->str, "discarding the OpenIPMI state it "
		   "inherited") == NULL) {
		return 101;
	}
	if (proc_maps_contain("libOpenIPMI")) {
		return 102;
	}
	return stonith_req_reset(s, ST_POWERON, "node1");
}

/*
 * The child reports its result through a pipe and ends with SIGKILL: the
 * OpenIPMI state it inherited is abandoned by design (shutting it down would
 * unregister the parent's socket from the epoll set they share), and the
 * libraries holding its roots are unloaded, so valgrind would count that
 * memory as lost at the child's exit.  The parent's own paths stay checked.
 */
static void
fk_spawn(Stonith *s, pid_t *pid, int *result_fd)
{
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	*pid = fork();
	if (*pid == 0) {
		unsigned char rc;

		close(p[0]);
		rc = (unsigned char)fk_child(s);
		if (write(p[1], &rc, 1) != 1) {
			_exit(99);
		}
		raise(SIGKILL);
	}
	close(p[1]);
	*result_fd = p[0];
}

START_TEST(test_fork_mid_operation)
{
	Stonith *s = device("node1", port, "timeout", "10");
	Stonith *other = device("node1", port, NULL, NULL);
	unsigned char rc = 0xff;
	struct timespec t0;
	pthread_t worker;
	double secs;
	int status = 0;
	int result_fd;
	pid_t pid;

	stonith_set_debug(s, 10);
	sim_set_power(1);
	ck_assert_int_eq(stonith_get_status(other), S_OK);
	fk.in_op = fk.forked = false;
	mid_op_pid = getpid();
	mid_op_hook = hold_for_fork;
	ck_assert_int_eq(pthread_create(&worker, NULL, fk_worker, s), 0);
	ck_assert_msg(fk_wait(&fk.in_op), "the worker never got its session");
	/* Destroying a device never waits for another thread's operation
	 * (here one that waits for this thread: waiting would deadlock). */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	stonith_delete(other);
	secs = seconds_since(&t0);
	fk_spawn(s, &pid, &result_fd);
	fk_set(&fk.forked);
	ck_assert_int_eq(pthread_join(worker, NULL), 0);
	mid_op_hook = NULL;
	ck_assert_int_ne(pid, -1);
	ck_assert_int_eq(read(result_fd, &rc, 1), 1);
	close(result_fd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(secs < 1.0, "destroying a device waited %.2f s for "
		      "another thread's operation", secs);
	/* The parent's operation was not disturbed by the child's. */
	ck_assert_int_eq(fk.worker_rc, S_OK);
	ck_assert_msg(rc == S_OK, "the child forked mid-operation failed: %d "
		      "(%s)", rc, rc == S_TIMEOUT ? "engine mutex still held?"
		      : rc == 101 ? "no discard logged" : rc == 102 ?
		      "OpenIPMI still mapped" : "see fk_child");
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	stonith_delete(s);
}
END_TEST

/* ---- a refused reconfiguration ---- */

START_TEST(test_refused_reconfiguration)
{
	Stonith *s = device("node1", port, NULL, NULL);
	StonithNVpair refused[] = {
		{ (char *)"hostname", (char *)"node1" },
		{ (char *)"ipaddr", (char *)"127.0.0.1" },
		{ (char *)"port", (char *)port },
		{ (char *)"login", (char *)user },
		{ (char *)"password", (char *)password },
		{ (char *)"cipher", (char *)"99" },
		{ NULL, NULL },
	};
	const char *name;

	sim_set_power(1);
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	ck_assert_int_ne(stonith_set_config(s, refused), S_OK);
	g_string_truncate(log_text, 0);
	/* The old parameters are gone: nothing reaches the BMC. */
	ck_assert_int_eq(stonith_get_status(s), S_OOPS);
	ck_assert_int_eq(stonith_req_reset(s, ST_POWEROFF, "node1"), S_OOPS);
	ck_assert_int_eq(stonith_req_reset(s, ST_GENERIC_RESET, "node1"),
			 S_OOPS);
	ck_assert_int_eq(sim_power(), 1);
	ck_assert_ptr_null(stonith_get_hostlist(s));
	ck_assert_msg(strstr(log_text->str, "not configured because its last "
			     "configuration was refused") != NULL,
		      "no clear log line: %s", log_text->str);
	ck_assert_msg(strstr(log_text->str, "cipher") != NULL, "the reason "
		      "is not in the log line: %s", log_text->str);
	name = stonith_get_info(s, ST_DEVICENAME);
	ck_assert_msg(name == NULL || strstr(name, "node1") == NULL,
		      "the device still describes its old BMC: %s", name);
	ck_assert(!proc_maps_contain("libOpenIPMI"));
	/* An accepted configuration makes it usable again. */
	refused[5].s_value = (char *)"3";
	ck_assert_int_eq(stonith_set_config(s, refused), S_OK);
	ck_assert_int_eq(stonith_get_status(s), S_OK);
	ck_assert_ptr_nonnull(strstr(stonith_get_info(s, ST_DEVICENAME),
				     "node1"));
	stonith_delete(s);
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
	tcase_add_test(tc, test_nothing_between_operations);
	tcase_add_test(tc, test_exec_child_inherits_nothing);
	tcase_add_test(tc, test_fork_mid_operation);
	tcase_add_test(tc, test_refused_reconfiguration);
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
