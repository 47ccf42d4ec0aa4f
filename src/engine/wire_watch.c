/*
 * wire_watch.c - the kinds and times of the datagrams a BMC sends during a
 * connection attempt (engine/wire_watch.h).
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "engine/wire_watch.h"


int
ipl_wire_kind(const uint8_t *d, size_t n)
{
	/* RMCP header: version 6, reserved, sequence, class 7 (IPMI). */
	if (n < 5 || d[0] != 0x06 || (d[3] & 0x1f) != 0x07) {
		return IPL_WIRE_OTHER;
	}
	if (d[4] != 0x06) {
		/* Any other authentication type is an IPMI 1.5 session. */
		return IPL_WIRE_IPMI15;
	}
	if (n < 6) {
		return IPL_WIRE_OTHER;
	}
	/* Encrypted or authenticated: a payload inside a session. */
	return (int)(d[5] & 0x3f)
		| ((d[5] & 0xc0) != 0 ? IPL_WIRE_IN_SESSION : 0);
}

enum ipl_wire_authcap
ipl_wire_authcap(const uint8_t *d, size_t n)
{
	size_t m;

	/* RMCP header (4), IPMI 1.5 session header: authentication type,
	 * sequence (4), session ID (4), an authentication code (16) unless
	 * the type is none, the message length. */
	if (ipl_wire_kind(d, n) != IPL_WIRE_IPMI15) {
		return IPL_AUTHCAP_NONE;
	}
	m = d[4] == 0x00 ? 14 : 30;
	/* The message: requester, App response (netFn 07h), checksum,
	 * responder, sequence, command 38h, completion code, data. */
	if (n < m + 7 || (d[m + 1] >> 2) != 0x07 || d[m + 5] != 0x38) {
		return IPL_AUTHCAP_NONE;
	}
	if (d[m + 6] != 0x00 || n < m + 11) {
		return IPL_AUTHCAP_NO_RMCPP;
	}
	/* Data byte 2 bit 7: extended capabilities reported; byte 4 bit 1:
	 * IPMI 2.0 (RMCP+) supported (IPMI 2.0, table 22-15). */
	return (d[m + 8] & 0x80) != 0 && (d[m + 10] & 0x02) != 0
		? IPL_AUTHCAP_RMCPP : IPL_AUTHCAP_NO_RMCPP;
}

void
ipl_wire_start(struct ipl_wire_watch *w, const struct timespec *now)
{
	memset(w, 0, sizeof(*w));
	w->armed = true;
	w->last = *now;
	w->min_gap_ms = UINT_MAX;
}

static unsigned int
gap_ms(const struct timespec *from, const struct timespec *to)
{
	long long ms = (long long)(to->tv_sec - from->tv_sec) * 1000
		+ (to->tv_nsec - from->tv_nsec) / 1000000;

	return ms < 0 ? 0u : ms > UINT_MAX ? UINT_MAX : (unsigned int)ms;
}

void
ipl_wire_note(struct ipl_wire_watch *w, const uint8_t *d, size_t n,
	      const struct timespec *now)
{
	unsigned int gap;
	int kind;

	if (!w->armed) {
		return;
	}
	gap = gap_ms(&w->last, now);
	if (gap < w->min_gap_ms) {
		w->min_gap_ms = gap;
	}
	w->count++;
	kind = ipl_wire_kind(d, n);
	if (kind == IPL_WIRE_IPMI15) {
		enum ipl_wire_authcap a = ipl_wire_authcap(d, n);

		w->authcap_rmcpp |= a == IPL_AUTHCAP_RMCPP;
		w->authcap_no_rmcpp |= a == IPL_AUTHCAP_NO_RMCPP;
	} else if (kind == IPL_WIRE_RAKP2) {
		w->rakp2_seen = true;
	} else if (kind == IPL_WIRE_RAKP4) {
		w->rakp4_seen = true;
	} else if (kind == (IPL_WIRE_RAKP4 | IPL_WIRE_IN_SESSION)
		   && !w->rakp4_seen) {
		w->rakp4_in_session = true;
	}
	w->last = *now;
}

bool
ipl_wire_rakp3_futile(const struct ipl_wire_watch *w)
{
	return w->armed && w->rakp4_in_session;
}

bool
ipl_wire_denied_rmcpp(const struct ipl_wire_watch *w)
{
	return w->armed && w->authcap_no_rmcpp && !w->authcap_rmcpp;
}
