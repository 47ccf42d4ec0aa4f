/*
 * rmcpp_guard.c - the RMCP+ algorithms OpenIPMI runs are the ones the
 * engine proposed, and a refusal is seen even when OpenIPMI drops it
 * (engine/rmcpp_guard.h).
 *
 * Why a screen on the socket and not a check inside OpenIPMI: OpenIPMI
 * 2.0.33 (lib/ipmi_lan.c, got_rmcpp_open_session_rsp) looks up the
 * algorithms the BMC named in its own tables and runs them; it keeps the
 * choice in private state with no accessor, its algorithm tables have no
 * getter (so a registered wrapper could not call the algorithm it
 * replaces), and integrity and confidentiality 0 ("none") cannot be
 * registered at all.  The os_handler, however, is ours: OpenIPMI reads
 * each datagram in the read handler it registers with
 * add_fd_to_wait_for, one recvfrom per call.  The screen wraps that
 * handler, peeks at the datagram first, and either lets OpenIPMI read it or
 * takes it off the socket itself.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <glib.h>

#include "engine/cipher.h"
#include "engine/log.h"
#include "engine/rmcpp_guard.h"

/* RMCP+ framing (IPMI 2.0, 13.6 and 13.8). */
#define RMCP_HDR_LEN        4
#define AUTHTYPE_RMCPP      0x06
#define PT_FLAG_ENCRYPTED   0x80
#define PT_FLAG_AUTHENTICATED 0x40
#define PT_MASK             0x3f
#define PT_OEM_EXPLICIT     0x02
#define PT_OPEN_SESSION_RSP 0x11
#define RMCPP_HDR_LEN       16   /* RMCP, auth type .. payload length   */
#define OPEN_RSP_MIN        36   /* what OpenIPMI requires of the answer */
/* OpenIPMI reads at most this much of a datagram (IPMI_MAX_LAN_LEN). */
#define LAN_READ_MAX        (256 + 128)

/* ---- names ---- */

static const char *const auth_names[] = {
	"RAKP-none", "RAKP-HMAC-SHA1", "RAKP-HMAC-MD5", "RAKP-HMAC-SHA256",
};
static const char *const integ_names[] = {
	"no integrity", "HMAC-SHA1-96", "HMAC-MD5-128", "MD5-128",
	"HMAC-SHA256-128",
};
static const char *const conf_names[] = {
	"no encryption", "AES-CBC-128", "xRC4-128", "xRC4-40",
};

/* The standard cipher suites 0-17 (IPMI 2.0 table 22-20 and its errata). */
static const struct ipl_rmcpp_algs std_suites[] = {
	{ 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 1, 2 },
	{ 1, 1, 3 }, { 2, 0, 0 }, { 2, 2, 0 }, { 2, 2, 1 }, { 2, 2, 2 },
	{ 2, 2, 3 }, { 2, 3, 0 }, { 2, 3, 1 }, { 2, 3, 2 }, { 2, 3, 3 },
	{ 3, 0, 0 }, { 3, 4, 0 }, { 3, 4, 1 },
};

static void
put_name(char *out, size_t cap, const char *const *names, size_t n,
	 unsigned int v, const char *kind)
{
	size_t len = strlen(out);

	if (v < n) {
		g_strlcat(out, names[v], cap);
	} else if (len < cap) {
		snprintf(out + len, cap - len, "%s 0x%02x", kind, v);
	}
}

static bool
algs_equal(const struct ipl_rmcpp_algs *a, const struct ipl_rmcpp_algs *b)
{
	return a->auth == b->auth && a->integ == b->integ
		&& a->conf == b->conf;
}

void
ipl_rmcpp_algs_describe(const struct ipl_rmcpp_algs *a, char *out,
			size_t cap)
{
	size_t i, len;

	out[0] = '\0';
	for (i = 0; i < G_N_ELEMENTS(std_suites); i++) {
		if (algs_equal(a, &std_suites[i])) {
			snprintf(out, cap, "suite %u (", (unsigned int)i);
			break;
		}
	}
	if (out[0] == '\0') {
		g_strlcpy(out, "no standard suite (", cap);
	}
	put_name(out, cap, auth_names, G_N_ELEMENTS(auth_names), a->auth,
		 "authentication");
	g_strlcat(out, ", ", cap);
	put_name(out, cap, integ_names, G_N_ELEMENTS(integ_names), a->integ,
		 "integrity");
	g_strlcat(out, ", ", cap);
	put_name(out, cap, conf_names, G_N_ELEMENTS(conf_names), a->conf,
		 "confidentiality");
	len = strlen(out);
	if (len + 1 < cap) {
		out[len] = ')';
		out[len + 1] = '\0';
	}
}

/* ---- the pure judge ---- */

void
ipl_rmcpp_guard_init(struct ipl_rmcpp_guard *g,
		     const struct ipl_rmcpp_algs *want)
{
	struct timespec now;

	memset(g, 0, sizeof(*g));
	clock_gettime(CLOCK_MONOTONIC, &now);
	ipl_wire_start(&g->wire, &now);
	if (want != NULL) {
		g->rmcpp = true;
		g->want = *want;
	}
}

/* Note the BMC session ID of an acceptance (p: its payload), once. */
static void
note_bmc_session(struct ipl_rmcpp_guard *g, const uint8_t *p)
{
	uint32_t sid = (uint32_t)p[8] | ((uint32_t)p[9] << 8)
		       | ((uint32_t)p[10] << 16) | ((uint32_t)p[11] << 24);
	unsigned int i, known = g->nsids < IPL_GUARD_SIDS ? g->nsids
							  : IPL_GUARD_SIDS;

	for (i = 0; i < known; i++) {
		if (g->sids[i] == sid) {
			return;
		}
	}
	if (g->nsids < IPL_GUARD_SIDS) {
		g->sids[g->nsids] = sid;
	}
	g->nsids++;
}

/*
 * An Open Session Response (p: its payload, n bytes), judged exactly where
 * OpenIPMI acts on it: an error status or a malformed answer fails the
 * attempt in OpenIPMI itself, so only a well-formed acceptance is compared,
 * with the 6-bit numbers OpenIPMI would run.
 */
static enum ipl_guard_verdict
judge_open_response(struct ipl_rmcpp_guard *g, const uint8_t *p, size_t n)
{
	struct ipl_rmcpp_algs got;

	if (n < OPEN_RSP_MIN || p[1] != 0
	    || p[12] != 0 || p[15] != 8 || p[20] != 1 || p[23] != 8
	    || p[28] != 2 || p[31] != 8) {
		return IPL_GUARD_PASS;
	}
	note_bmc_session(g, p);
	got.auth = p[16] & PT_MASK;
	got.integ = p[24] & PT_MASK;
	got.conf = p[32] & PT_MASK;
	if (algs_equal(&got, &g->want)) {
		g->agreed++;
		return IPL_GUARD_PASS;
	}
	if (!g->vetoed) {
		g->vetoed = true;
		g->got = got;
	}
	return IPL_GUARD_DROP;
}

enum ipl_guard_verdict
ipl_rmcpp_guard_inspect(struct ipl_rmcpp_guard *g, const uint8_t *d,
			size_t len)
{
	size_t sid_at, plen;
	unsigned int need = 0;
	uint8_t type;

	if (!g->rmcpp) {
		return IPL_GUARD_PASS;   /* IPMI 1.5: no algorithms proposed */
	}
	if (len < RMCPP_HDR_LEN || d[0] != 0x06 || d[2] != 0xff
	    || d[3] != 0x07 || (d[4] & 0x0f) != AUTHTYPE_RMCPP) {
		return IPL_GUARD_PASS;   /* not RMCP+: OpenIPMI's to judge */
	}
	type = d[5] & PT_MASK;
	sid_at = type == PT_OEM_EXPLICIT ? 12 : 6;
	if (len < sid_at + 10) {
		return IPL_GUARD_PASS;   /* OpenIPMI drops it as too short */
	}
	if ((d[sid_at] | d[sid_at + 1] | d[sid_at + 2]
			 | d[sid_at + 3]) != 0) {
		/* Inside a session: the proposal's protection or nothing. */
		need |= g->want.integ != 0 ? PT_FLAG_AUTHENTICATED : 0u;
		need |= g->want.conf != 0 ? PT_FLAG_ENCRYPTED : 0u;
		if ((d[5] & need) != need) {
			g->dropped++;
			return IPL_GUARD_DROP;
		}
		return IPL_GUARD_PASS;
	}
	if (type != PT_OPEN_SESSION_RSP) {
		return IPL_GUARD_PASS;
	}
	plen = (size_t)d[14] | ((size_t)d[15] << 8);
	if (plen + RMCPP_HDR_LEN > len) {
		return IPL_GUARD_PASS;   /* OpenIPMI drops it: bad length */
	}
	if (plen >= 2 && d[RMCPP_HDR_LEN + 1] != 0) {
		/* A refusal: OpenIPMI reads it, or drops it when it is too
		 * short to name the console session; noted either way. */
		if (g->refused == 0) {
			g->refused = d[RMCPP_HDR_LEN + 1];
		}
		return IPL_GUARD_PASS;
	}
	return judge_open_response(g, d + RMCPP_HDR_LEN, plen);
}

bool
ipl_rmcpp_guard_vetoed(const struct ipl_rmcpp_guard *g)
{
	return g->vetoed;
}

unsigned int
ipl_rmcpp_guard_refusal(const struct ipl_rmcpp_guard *g)
{
	return g->refused;
}

unsigned int
ipl_rmcpp_guard_bmc_sessions(const struct ipl_rmcpp_guard *g)
{
	return g->nsids;
}

void
ipl_rmcpp_guard_log_unclosable(const struct ipl_rmcpp_guard *g,
			       const char *where, bool connected)
{
	unsigned int opened = g->nsids;
	unsigned int left = connected && opened > 0 ? opened - 1 : opened;

	if (left == 0) {
		return;
	}
	ipl_log(IPL_LOG_INFO, "ipmilan: BMC %s may keep %u session(s) of "
		"this attempt that the plugin cannot close (it opened %u for "
		"copies of the Open Session Request%s); each holds a session "
		"slot until the BMC's own timeout", where, left, opened,
		connected ? ", the plugin runs one" : "");
}

ipl_rc
ipl_rmcpp_guard_check(const struct ipl_rmcpp_guard *g, const char *where,
		      bool up, ipl_status *st)
{
	char got[96], want[96];

	if (g->vetoed) {
		ipl_rmcpp_algs_describe(&g->got, got, sizeof(got));
		ipl_rmcpp_algs_describe(&g->want, want, sizeof(want));
		return ipl_fail(st, IPL_ERR_ACCESS, "BMC %s chose %s, not the "
				"proposed %s: session refused (a BMC without "
				"that suite, or tampering; a list such as 17,3 "
				"falls back)",
				where, got, want);
	}
	if (up && g->rmcpp && g->agreed == 0) {
		return ipl_fail(st, IPL_ERR_ACCESS, "BMC %s: the RMCP+ "
				"session came up without an Open Session "
				"Response the plugin could check: session "
				"refused", where);
	}
	return IPL_OK;
}

/* ---- the screen in the os_handler ---- */

/* One socket OpenIPMI waits on: its own handler and data. */
struct screened_fd {
	os_data_ready_t ready;
	void *cb_data;
	os_fd_data_freed_t freed;
};

/*
 * The os_handler's own registration function, and the guard of the
 * connection being set up or used.  File-scope because OpenIPMI's handlers
 * carry no room for it; used only under the engine mutex, like everything
 * of OpenIPMI (engine/runtime.h), and armed only while a session lives.
 */
static int (*os_add_fd)(os_handler_t *, int, os_data_ready_t, void *,
			os_fd_data_freed_t, os_hnd_fd_id_t **);
static struct ipl_rmcpp_guard *armed;

static bool
from_bmc(const struct ipl_rmcpp_guard *g, const struct sockaddr_storage *a)
{
	const struct sockaddr_in *x4, *y4;
	const struct sockaddr_in6 *x6, *y6;

	if (g->bmc_len == 0) {
		return true;
	}
	if (a->ss_family != g->bmc.ss_family) {
		return false;
	}
	if (a->ss_family == AF_INET) {
		x4 = (const struct sockaddr_in *)a;
		y4 = (const struct sockaddr_in *)&g->bmc;
		return x4->sin_port == y4->sin_port
			&& x4->sin_addr.s_addr == y4->sin_addr.s_addr;
	}
	x6 = (const struct sockaddr_in6 *)a;
	y6 = (const struct sockaddr_in6 *)&g->bmc;
	return x6->sin6_port == y6->sin6_port
		&& memcmp(&x6->sin6_addr, &y6->sin6_addr,
			  sizeof(x6->sin6_addr)) == 0;
}

/* Peek at the next datagram on fd; consume it when g says drop. */
static enum ipl_guard_verdict
screen_datagram(struct ipl_rmcpp_guard *g, int fd)
{
	uint8_t buf[LAN_READ_MAX];
	struct sockaddr_storage from;
	socklen_t from_len = sizeof(from);
	struct timespec now;
	ssize_t n;

	memset(&from, 0, sizeof(from));
	n = recvfrom(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT,
		     (struct sockaddr *)&from, &from_len);
	if (n < 0 || !from_bmc(g, &from)) {
		return IPL_GUARD_PASS;   /* OpenIPMI's read fails or drops */
	}
	if (ipl_rmcpp_guard_inspect(g, buf, (size_t)n) == IPL_GUARD_PASS) {
		/* What OpenIPMI gets to read is what the pace judges. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		ipl_wire_note(&g->wire, buf, (size_t)n, &now);
		return IPL_GUARD_PASS;
	}
	/* The head of the queue is the datagram just judged: one thread
	 * reads this socket, and only here and in OpenIPMI's handler. */
	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	(void)n;
	ipl_log(IPL_LOG_DEBUG, "ipmilan: dropped a datagram from the BMC "
		"(%s)", g->vetoed ? "other algorithms than proposed"
		: "in-session datagram without the session's protection");
	return IPL_GUARD_DROP;
}

static void
screen_ready(int fd, void *cb_data, os_hnd_fd_id_t *id)
{
	struct screened_fd *w = cb_data;

	if (armed != NULL && screen_datagram(armed, fd) == IPL_GUARD_DROP) {
		return;
	}
	w->ready(fd, w->cb_data, id);
}

static void
screen_freed(int fd, void *cb_data)
{
	struct screened_fd *w = cb_data;

	if (w->freed != NULL) {
		w->freed(fd, w->cb_data);
	}
	free(w);
}

static int
screen_add_fd(os_handler_t *os, int fd, os_data_ready_t ready,
	      void *cb_data, os_fd_data_freed_t freed, os_hnd_fd_id_t **id)
{
	struct screened_fd *w = calloc(1, sizeof(*w));
	int rv;

	if (w == NULL) {
		return ENOMEM;
	}
	w->ready = ready;
	w->cb_data = cb_data;
	w->freed = freed;
	rv = os_add_fd(os, fd, screen_ready, w, screen_freed, id);
	if (rv != 0) {
		free(w);
	}
	return rv;
}

/* Put the screen into os once (a new runtime has a new os_handler). */
static void
attach(os_handler_t *os)
{
	if (os->add_fd_to_wait_for != screen_add_fd) {
		os_add_fd = os->add_fd_to_wait_for;
		os->add_fd_to_wait_for = screen_add_fd;
	}
}

/* numeric:port as a socket address in g. */
static ipl_rc
set_bmc_address(struct ipl_rmcpp_guard *g, const char *numeric,
		unsigned int port, ipl_status *st)
{
	struct addrinfo hints, *res = NULL;
	char serv[8];
	int rv;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(serv, sizeof(serv), "%u", port);
	rv = getaddrinfo(numeric, serv, &hints, &res);
	if (rv != 0 || res == NULL || res->ai_addrlen > sizeof(g->bmc)) {
		if (res != NULL) {
			freeaddrinfo(res);
		}
		return ipl_fail(st, IPL_ERR_SYSTEM, "cannot use the BMC "
				"address %s: %s", numeric, gai_strerror(rv));
	}
	memcpy(&g->bmc, res->ai_addr, res->ai_addrlen);
	g->bmc_len = (socklen_t)res->ai_addrlen;
	freeaddrinfo(res);
	return IPL_OK;
}

ipl_rc
ipl_rmcpp_guard_arm(struct ipl_rmcpp_guard *g, os_handler_t *os,
		    const struct ipl_config *cfg, enum ipl_iface iface,
		    int suite, const char *numeric, ipl_status *st)
{
	const struct ipl_cipher_suite *cs;
	struct ipl_rmcpp_algs want;

	if (iface == IPL_IFACE_LANPLUS) {
		cs = ipl_cipher_lookup(suite);
		if (cs == NULL) {
			return ipl_fail(st, IPL_ERR_CONFIG, "cipher: suite %d "
					"is not available", suite);
		}
		want.auth = (uint8_t)cs->auth_alg;
		want.integ = (uint8_t)cs->integ_alg;
		want.conf = (uint8_t)cs->conf_alg;
		ipl_rmcpp_guard_init(g, &want);
	} else {
		ipl_rmcpp_guard_init(g, NULL);
	}
	if (set_bmc_address(g, numeric, cfg->port, st) != IPL_OK) {
		return IPL_ERR_SYSTEM;
	}
	attach(os);
	armed = g;
	return IPL_OK;
}

void
ipl_rmcpp_guard_disarm(struct ipl_rmcpp_guard *g)
{
	if (armed == g) {
		armed = NULL;
	}
}
