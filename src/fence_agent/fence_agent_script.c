/*
 * fence_agent_script.c - running password_script (front/fence_agent_script.h).
 *
 * The program is started with g_spawn (no shell; stdin /dev/null, stderr
 * inherited), its stdout read through a
 * pipe with poll() against one deadline, and the child is always reaped:
 * killed with SIGKILL when the deadline passes.  The password travels only
 * through the pipe and this process's memory.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "engine/deadline.h"
#include "engine/text.h"
#include "front/fence_agent_script.h"

/* Read into buf until a line end, EOF, cap-1 bytes or the deadline.
 * Returns the bytes read, or -1 (timeout), -2 (line too long). */
static long
read_first_line(int fd, char *buf, size_t cap, const struct ipl_deadline *dl)
{
	size_t n = 0;

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t r;
		int left = (int)ipl_deadline_left_ms(dl);

		if (memchr(buf, '\n', n) != NULL) {
			return (long)n;
		}
		if (n + 1 >= cap) {
			return -2;
		}
		if (left == 0 || poll(&pfd, 1, left) == 0) {
			return -1;
		}
		r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return (long)n;
		}
		n += (size_t)r;
	}
}

/* Read and discard the rest of the output until EOF or dl, so that a
 * program printing more than one line is not killed by SIGPIPE. */
static void
drain(int fd, const struct ipl_deadline *dl)
{
	char junk[512];

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int left = (int)ipl_deadline_left_ms(dl);
		ssize_t r;

		if (left == 0 || poll(&pfd, 1, left) == 0) {
			break;
		}
		r = read(fd, junk, sizeof(junk));
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
	}
	ipl_wipe(junk, sizeof(junk));
}

/* Wait for pid until dl, then kill it; the exit status, or -1 if killed. */
static int
reap(GPid pid, const struct ipl_deadline *dl)
{
	int status = 0;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (ipl_deadline_passed(dl)) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		ipl_deadline_sleep(10, dl);
	}
	if (WIFEXITED(status)) {
		return WEXITSTATUS(status);
	}
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The line in buf (n bytes) cut at its end; its length. */
static size_t
cut_line(char *buf, size_t n)
{
	char *nl = memchr(buf, '\n', n);
	size_t len = nl != NULL ? (size_t)(nl - buf) : n;

	if (len > 0 && buf[len - 1] == '\r') {
		len--;
	}
	ipl_wipe(buf + len, n - len);
	buf[len] = '\0';
	return len;
}

/* Start argv; its stdout in *out_fd. */
static ipl_rc
start(const char *param, char **argv, GPid *pid, int *out_fd,
      ipl_status *st)
{
	struct ipl_quoted_path q;
	GError *err = NULL;

	if (!g_spawn_async_with_pipes(NULL, argv, NULL,
				      G_SPAWN_SEARCH_PATH |
				      G_SPAWN_DO_NOT_REAP_CHILD,
				      NULL, NULL, pid, NULL, out_fd, NULL,
				      &err)) {
		ipl_fail(st, IPL_ERR_CONFIG, "%s: cannot run %s: %s", param,
			 ipl_quote_path(&q, argv[0]), err->message);
		g_error_free(err);
		return IPL_ERR_CONFIG;
	}
	return IPL_OK;
}

/* The result of a run that read n (or -1, -2) bytes and exited status. */
static ipl_rc
judge(const char *param, const char *prog, long n, int status,
      ipl_status *st)
{
	struct ipl_quoted_path q;

	if (n == -1 || status == -1) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: %s did not finish "
				"within %u s (killed)", param,
				ipl_quote_path(&q, prog),
				FA_SCRIPT_TIMEOUT_MS / 1000);
	}
	if (n == -2) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: the first line %s "
				"prints is too long for a password", param,
				ipl_quote_path(&q, prog));
	}
	if (status != 0) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: %s exited with "
				"status %d", param, ipl_quote_path(&q, prog),
				status);
	}
	if (n == 0) {
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: %s printed nothing",
				param, ipl_quote_path(&q, prog));
	}
	return IPL_OK;
}

ipl_rc
fa_script_read_secret(const char *param, const char *cmdline, char *buf,
		      size_t cap, size_t *len, ipl_status *st)
{
	struct ipl_deadline dl;
	char **argv = NULL;
	GError *err = NULL;
	GPid pid;
	int fd = -1;
	long n;
	int status;
	ipl_rc rc;

	if (!g_shell_parse_argv(cmdline, NULL, &argv, &err)) {
		ipl_fail(st, IPL_ERR_CONFIG, "%s: cannot split the command "
			 "into words: %s", param, err->message);
		g_error_free(err);
		return IPL_ERR_CONFIG;
	}
	rc = start(param, argv, &pid, &fd, st);
	if (rc == IPL_OK) {
		ipl_deadline_in(&dl, FA_SCRIPT_TIMEOUT_MS);
		memset(buf, 0, cap);
		n = read_first_line(fd, buf, cap, &dl);
		drain(fd, &dl);
		close(fd);
		status = reap(pid, &dl);
		g_spawn_close_pid(pid);
		rc = judge(param, argv[0], n, status, st);
		if (rc == IPL_OK) {
			*len = cut_line(buf, (size_t)n);
		}
	}
	if (rc != IPL_OK) {
		ipl_wipe(buf, cap);
	}
	g_strfreev(argv);
	return rc;
}
