/*
 * secret_file.c - reading a password or K_g from a file: the engine's only
 * file I/O.  The configuration never calls it directly: a front end hands
 * it in as the secret reader (engine/config.h), so that parsing stays pure
 * and a fuzzer can give a reader that opens nothing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/secret_file.h"
#include "engine/text.h"

/*
 * Open path for reading: absolute, a regular file, not accessible by group
 * or others.  Returns the descriptor in *fd, or IPL_ERR_CONFIG.
 */
static ipl_rc
open_private(const char *param, const char *path, int *fd, ipl_status *st)
{
	struct ipl_quoted_path q;
	struct stat sb;
	int e;

	if (path == NULL || path[0] != '/') {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not an absolute path; give the full "
				"path of the file, starting with /", param,
				ipl_quote_path(&q, path));
	}
	/* O_NONBLOCK: a FIFO planted at the path must not hang set_config. */
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0) {
		e = errno;
		return ipl_fail(st, IPL_ERR_CONFIG, "%s: cannot open %s: %s",
				param, ipl_quote_path(&q, path), strerror(e));
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s is not a regular file", param,
				ipl_quote_path(&q, path));
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(*fd);
		return ipl_fail(st, IPL_ERR_CONFIG,
				"%s: %s has mode %04o: it is accessible by group "
				"or others; make it readable by its owner only "
				"(chmod 600)", param, ipl_quote_path(&q, path),
				(unsigned int)(sb.st_mode & 07777));
	}
	return IPL_OK;
}

/*
 * Read fd byte by byte up to the first line end (nothing past it is read)
 * into buf (cap bytes); *n receives the length.  On failure buf is wiped.
 */
static ipl_rc
read_first_line(const char *param, const char *path, int fd, char *buf,
		size_t cap, size_t *n, ipl_status *st)
{
	struct ipl_quoted_path q;
	char c;
	ssize_t r;
	int e;

	for (*n = 0;; ipl_wipe(&c, sizeof(c))) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0) {
			e = errno;
			ipl_wipe(buf, cap);
			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: cannot read %s: %s", param,
					ipl_quote_path(&q, path), strerror(e));
		}
		if (r == 0 || c == '\n') {
			ipl_wipe(&c, sizeof(c));
			return IPL_OK;
		}
		if (*n + 1 >= cap) {
			ipl_wipe(buf, cap);
			ipl_wipe(&c, sizeof(c));
			return ipl_fail(st, IPL_ERR_CONFIG,
					"%s: the first line of %s is longer than "
					"%zu bytes (value not shown)", param,
					ipl_quote_path(&q, path), cap - 1);
		}
		buf[(*n)++] = c;
	}
}

ipl_rc
ipl_read_secret_file(const char *param, const char *path, char *buf,
		     size_t cap, size_t *len, ipl_status *st)
{
	size_t n = 0;
	ipl_rc rc;
	int fd = -1;

	*len = 0;
	if (cap > 0) {
		buf[0] = '\0';
	}
	rc = open_private(param, path, &fd, st);
	if (rc != IPL_OK) {
		return rc;
	}
	rc = read_first_line(param, path, fd, buf, cap, &n, st);
	close(fd);
	if (rc != IPL_OK) {
		return rc;
	}
	if (n > 0 && buf[n - 1] == '\r') {
		n--;
	}
	buf[n] = '\0';
	*len = n;
	return IPL_OK;
}
