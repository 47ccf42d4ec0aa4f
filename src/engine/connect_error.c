/*
 * connect_error.c - classifying a failed session set-up
 * (engine/connect_error.h).  Each row's message is a template: {w} the
 * BMC, {u} the user, {p} the privilege, {a} the IPMI 1.5 authentication,
 * {c} the cipher suite, {x} the code in hex.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <OpenIPMI/ipmi_err.h>

#include "engine/connect_error.h"

/* Completion code OpenIPMI synthesizes for a request that got no answer. */
#define CC_TIMEOUT 0xC3

struct code_row {
	unsigned int code;
	ipl_rc rc;
	const char *msg;
	bool suite_refused;  /* the code refuses the suite's algorithms */
};

#define MSG_NO_SUITE "BMC {w} refuses cipher suite {c} (RMCP+ status {x}); " \
	"choose a suite the BMC offers"

/* RMCP+ status codes of Open Session and RAKP messages (IPMI 2.0, 13.24).
 * 04h, 05h, 10h and 11h say the BMC has no such algorithm or suite; 06h
 * and 07h ("no matching payload") are about the request's shape. */
static const struct code_row rmcpp_rows[] = {
	{ 0x0d, IPL_ERR_ACCESS, "BMC {w}: unknown user \"{u}\" (RMCP+ status "
	  "0x0d, unauthorized name)", false },
	{ 0x09, IPL_ERR_ACCESS, "BMC {w}: user \"{u}\" may not open a session "
	  "at {p} privilege (RMCP+ status {x})", false },
	{ 0x0a, IPL_ERR_ACCESS, "BMC {w}: user \"{u}\" may not open a session "
	  "at {p} privilege (RMCP+ status {x})", false },
	{ 0x0b, IPL_ERR_REFUSED, "BMC {w} has no free session slot at {p} "
	  "privilege (RMCP+ status 0x0b, insufficient resources)", false },
	{ 0x0f, IPL_ERR_ACCESS, "BMC {w}: authentication failed: wrong "
	  "password or K_g (RMCP+ status 0x0f, invalid integrity check "
	  "value)", false },
	{ 0x04, IPL_ERR_ACCESS, MSG_NO_SUITE, true },
	{ 0x05, IPL_ERR_ACCESS, MSG_NO_SUITE, true },
	{ 0x06, IPL_ERR_ACCESS, MSG_NO_SUITE, false },
	{ 0x07, IPL_ERR_ACCESS, MSG_NO_SUITE, false },
	{ 0x10, IPL_ERR_ACCESS, MSG_NO_SUITE, true },
	{ 0x11, IPL_ERR_ACCESS, MSG_NO_SUITE, true },
	{ 0x01, IPL_ERR_REFUSED, "BMC {w} has no free session slot (RMCP+ "
	  "status 0x01, insufficient resources)", false },
};
static const struct code_row rmcpp_other = {
	0, IPL_ERR_ACCESS, "BMC {w} refused the RMCP+ session (status {x})",
	false
};

/* Completion codes of IPMI 1.5 session set-up and Set Session Privilege. */
static const struct code_row cc_rows[] = {
	{ 0x81, IPL_ERR_ACCESS, "BMC {w}: unknown user \"{u}\" or no session "
	  "slot (completion code 0x81)", false },
	{ 0x82, IPL_ERR_ACCESS, "BMC {w}: no session slot for user \"{u}\" "
	  "(completion code 0x82)", false },
	{ 0x80, IPL_ERR_ACCESS, "BMC {w}: user \"{u}\" may not use {p} "
	  "privilege (completion code {x})", false },
	{ 0x83, IPL_ERR_ACCESS, "BMC {w}: user \"{u}\" may not use {p} "
	  "privilege (completion code {x})", false },
	{ 0x86, IPL_ERR_ACCESS, "BMC {w}: user \"{u}\" may not use {p} "
	  "privilege (completion code {x})", false },
	{ 0xD4, IPL_ERR_ACCESS, "BMC {w}: insufficient privilege (completion "
	  "code 0xD4)", false },
};
static const struct code_row cc_other = {
	0, IPL_ERR_ACCESS, "BMC {w} refused the session: completion code {x}",
	false
};

/* Messages of the errno and timeout cases, chosen in ipl_connect_error. */
static const char msg_silent[] = "no answer from BMC {w}";
static const char msg_silent_15[] = "no answer from BMC {w} while opening "
	"an IPMI 1.5 session (a BMC may also stay silent on a wrong password)";
static const char msg_silent_rmcpp[] = "no answer from BMC {w} while "
	"opening the RMCP+ session";
static const char msg_silent_rakp1[] = "no answer from BMC {w} to RAKP 1: "
	"it may not know user \"{u}\" (some BMCs stay silent for an unknown "
	"user name), or the network lost the answers";
static const char msg_silent_rakp3[] = "no answer from BMC {w} to RAKP 3: "
	"it may have refused the password or K_g (some BMCs stay silent), or "
	"the network lost the answers";
/* Silence after a SHA-256 proposal: some BMCs ignore what they lack. */
static const char msg_silent_sha256[] = "no answer from BMC {w} while "
	"opening the RMCP+ session with cipher suite {c} (a BMC without "
	"SHA-256 suites may ignore such a request instead of refusing it; if "
	"this one answers suite 3, set cipher=3)";
static const char msg_no_rmcpp[] = "BMC {w} does not offer IPMI 2.0 RMCP+ "
	"(try interface=lan)";
static const char msg_bad_open_rsp[] = "BMC {w}: its Open Session "
	"Response cannot be used (OpenIPMI's log line says why); the "
	"password was never checked";
static const char msg_bad_password[] = "BMC {w}: authentication failed: "
	"wrong password or K_g for user \"{u}\"";
static const char msg_auth_type[] = "BMC {w}: authentication type {a} is "
	"not offered for {p} privilege";

/* Append the value of template field key to out (room for cap bytes). */
static void
put_field(char *out, size_t cap, char key, unsigned int code,
	  const struct ipl_connect_ctx *c)
{
	size_t n = strlen(out);

	switch (key) {
	case 'w': g_strlcat(out, c->where, cap); break;
	case 'u': g_strlcat(out, c->login, cap); break;
	case 'p': g_strlcat(out, ipl_priv_name(c->priv), cap); break;
	case 'a': g_strlcat(out, ipl_auth_name(c->auth), cap); break;
	case 'c': snprintf(out + n, cap - n, "%d", c->cipher); break;
	case 'x': snprintf(out + n, cap - n, "0x%02x", code); break;
	default: break;
	}
}

/* Fill st from template msg with rc. */
static ipl_rc
fail_with(ipl_status *st, ipl_rc rc, const char *msg, unsigned int code,
	  const struct ipl_connect_ctx *c)
{
	char out[IPL_STATUS_MSG_LEN] = "";
	size_t n;

	for (; *msg != '\0'; msg++) {
		if (msg[0] == '{' && msg[1] != '\0' && msg[2] == '}') {
			put_field(out, sizeof(out), msg[1], code, c);
			msg += 2;
			continue;
		}
		n = strlen(out);
		if (n + 1 < sizeof(out)) {
			out[n] = *msg;
			out[n + 1] = '\0';
		}
	}
	return ipl_fail(st, rc, "%s", out);
}

static const struct code_row *
find_row(const struct code_row *rows, size_t n, unsigned int code,
	 const struct code_row *other)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (rows[i].code == code) {
			return &rows[i];
		}
	}
	return other;
}

/* The message for a handshake step that got no answer. */
static const char *
silent_msg(const struct ipl_connect_ctx *c)
{
	if (c->iface == IPL_IFACE_LAN) {
		return msg_silent_15;
	}
	if (c->unanswered != NULL && strcmp(c->unanswered, "RAKP 1") == 0) {
		return msg_silent_rakp1;
	}
	if (c->unanswered != NULL && strcmp(c->unanswered, "RAKP 3") == 0) {
		return msg_silent_rakp3;
	}
	return c->cipher >= 15 ? msg_silent_sha256 : msg_silent;
}

/* The message for a BMC silent on the Open Session Request. */
static const char *
silent_open_msg(const struct ipl_connect_ctx *c, const char *otherwise)
{
	return c->cipher >= 15 ? msg_silent_sha256 : otherwise;
}

/* The errno cases: ENOENT and EINVAL each mean one of two things. */
static ipl_rc
errno_failure(int err, const struct ipl_connect_ctx *c,
	      struct ipl_connect_verdict *v, ipl_status *st)
{
	bool lanplus = c->iface == IPL_IFACE_LANPLUS;

	if (err == ENOENT && lanplus) {
		/* OpenIPMI reports both "no RMCP+" and "no answer" this way:
		 * only the BMC's own answer says which. */
		if (!c->rmcpp_denied) {
			return fail_with(st, IPL_ERR_TIMEOUT,
					 silent_open_msg(c, msg_silent), 0, c);
		}
		v->no_rmcpp = true;
		return fail_with(st, IPL_ERR_ACCESS, msg_no_rmcpp, 0, c);
	}
	if (err == EINVAL) {
		/* A lost Open Session Request also ends in EINVAL: OpenIPMI
		 * hands its RMCP+ code the 1-byte 0xC3 answer it made up after
		 * the last retry, and logs "Message data too short: 1".  An
		 * Open Session Response OpenIPMI cannot use does too (it logs
		 * why).  Only after a RAKP 2 is it the RAKP 2 or RAKP 4 check
		 * failing: the password or K_g. */
		if (lanplus && c->open_unanswered) {
			return fail_with(st, IPL_ERR_TIMEOUT,
					 silent_open_msg(c, msg_silent_rmcpp),
					 0, c);
		}
		if (lanplus && !c->rakp2_seen) {
			return fail_with(st, IPL_ERR_PROTOCOL,
					 msg_bad_open_rsp, 0, c);
		}
		return fail_with(st, IPL_ERR_ACCESS,
				 lanplus ? msg_bad_password : msg_auth_type,
				 0, c);
	}
	return ipl_fail(st, IPL_ERR_ACCESS, "cannot open a session to BMC "
			"%s: %s", c->where, c->text != NULL ? c->text : "");
}

ipl_rc
ipl_connect_error(int err, const struct ipl_connect_ctx *c,
		  struct ipl_connect_verdict *v, ipl_status *st)
{
	const struct code_row *r;
	unsigned int code;

	memset(v, 0, sizeof(*v));
	if (IPMI_IS_RMCPP_ERR(err)) {
		code = IPMI_GET_RMCPP_ERR(err);
		r = find_row(rmcpp_rows, G_N_ELEMENTS(rmcpp_rows), code,
			     &rmcpp_other);
		v->busy = code == 0x01 || code == 0x0b;
		v->suite_refused = r->suite_refused;
		v->status = r->suite_refused ? code : 0;
		return fail_with(st, r->rc, r->msg, code, c);
	}
	if (IPMI_IS_IPMI_ERR(err)) {
		code = IPMI_GET_IPMI_ERR(err);
		if (code == CC_TIMEOUT) {
			return fail_with(st, IPL_ERR_TIMEOUT, silent_msg(c),
					 code, c);
		}
		/* 0x81 is not retried: Activate Session answers it for "no
		 * free slot", but Get Session Challenge for "unknown user",
		 * and OpenIPMI does not say which step it was. */
		r = find_row(cc_rows, G_N_ELEMENTS(cc_rows), code, &cc_other);
		return fail_with(st, r->rc, r->msg, code, c);
	}
	return errno_failure(err, c, v, st);
}
