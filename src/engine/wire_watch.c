/*
 * wire_watch.c - the kinds and times of the datagrams a BMC sends during a
 * connection attempt, peeked at on OpenIPMI's sockets (engine/wire_watch.h).
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include "engine/wire_watch.h"

/* Sockets watched at once (OpenIPMI opens one per address family). */
#define IPL_WIRE_SLOTS 8
/* Bytes of a datagram needed to tell its kind. */
#define IPL_WIRE_PEEK 16

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

void
ipl_wire_start(struct ipl_wire_watch *w, const struct timespec *now)
{
	memset(w, 0, sizeof(*w));
	w->armed = true;
	w->last_kind = IPL_WIRE_OTHER;
	w->start = *now;
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

	if (!w->armed) {
		return;
	}
	gap = gap_ms(&w->last, now);
	if (gap < w->min_gap_ms) {
		w->min_gap_ms = gap;
	}
	w->count++;
	w->last_kind = ipl_wire_kind(d, n);
	if (w->last_kind == IPL_WIRE_RAKP4) {
		w->rakp4_seen = true;
	} else if (w->last_kind == (IPL_WIRE_RAKP4 | IPL_WIRE_IN_SESSION)
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

/* ---- the process's watch and the sockets' trampolines ---- */

struct slot {
	bool used;
	os_data_ready_t ready;
	void *data;
	os_fd_data_freed_t freed;
};

/* Written only by the thread holding the engine mutex (OpenIPMI calls the
 * callbacks from the pump, which only that thread runs). */
static struct ipl_wire_watch current;
static struct slot slots[IPL_WIRE_SLOTS];

void
ipl_wire_arm(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ipl_wire_start(&current, &now);
}

void
ipl_wire_disarm(void)
{
	current.armed = false;
}

const struct ipl_wire_watch *
ipl_wire_current(void)
{
	return &current;
}

static void
ready_peek(int fd, void *cb_data, os_hnd_fd_id_t *id)
{
	struct slot *sl = cb_data;
	uint8_t buf[IPL_WIRE_PEEK];
	struct timespec now;
	ssize_t n;

	if (current.armed) {
		n = recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
		if (n > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			ipl_wire_note(&current, buf, (size_t)n, &now);
		}
	}
	sl->ready(fd, sl->data, id);
}

static void
freed_peek(int fd, void *data)
{
	struct slot *sl = data;
	os_fd_data_freed_t freed = sl->freed;
	void *orig = sl->data;

	memset(sl, 0, sizeof(*sl));
	if (freed != NULL) {
		freed(fd, orig);
	}
}

void
ipl_wire_wrap(os_data_ready_t *ready, void **data, os_fd_data_freed_t *freed)
{
	size_t i;

	for (i = 0; i < IPL_WIRE_SLOTS; i++) {
		if (!slots[i].used) {
			slots[i].used = true;
			slots[i].ready = *ready;
			slots[i].data = *data;
			slots[i].freed = *freed;
			*ready = ready_peek;
			*data = &slots[i];
			*freed = freed_peek;
			return;
		}
	}
}

void
ipl_wire_unwrap(void *data)
{
	size_t i;

	for (i = 0; i < IPL_WIRE_SLOTS; i++) {
		if (data == &slots[i]) {
			memset(&slots[i], 0, sizeof(slots[i]));
		}
	}
}

void
ipl_wire_reset(void)
{
	memset(slots, 0, sizeof(slots));
	memset(&current, 0, sizeof(current));
}
