/*
 * rmcpp_watch.c - peeking at the RMCP+ Open Session Responses OpenIPMI
 * drops (engine/rmcpp_watch.h).
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rmcpp_watch.h"

/* RMCP header, session header and the two bytes a refusal needs. */
#define RMCPP_HDR_LEN 16u
#define PAYLOAD_OPEN_SESSION_RESPONSE 0x11u

/*
 * One socket registered while armed: OpenIPMI's own callback and data,
 * and the handler whose user_data says whether to look.  Freed when the
 * handler frees the socket's registration (hook_freed).
 */
struct fd_hook {
	os_handler_t *os;
	os_data_ready_t ready;
	void *data;
	os_fd_data_freed_t freed;
};

unsigned int
ipl_rmcpp_open_refusal(const uint8_t *p, size_t len)
{
	size_t plen;

	if (p == NULL || len < RMCPP_HDR_LEN + 2u
	    || p[0] != 0x06 || p[2] != 0xff || p[3] != 0x07 /* RMCP, IPMI */
	    || p[4] != 0x06                                 /* RMCP+      */
	    || (p[5] & 0x3fu) != PAYLOAD_OPEN_SESSION_RESPONSE
	    || (p[6] | p[7] | p[8] | p[9]) != 0) {          /* session 0  */
		return 0;
	}
	plen = (size_t)p[14] | (size_t)p[15] << 8;
	if (plen < 2 || RMCPP_HDR_LEN + plen > len) {
		return 0;
	}
	return p[RMCPP_HDR_LEN + 1];
}

/* True when from is w's BMC (address and port; an IPv6 zone aside). */
static bool
from_bmc(const struct sockaddr_storage *from, const struct ipl_rmcpp_watch *w)
{
	const struct sockaddr_in *a4 = (const void *)from;
	const struct sockaddr_in *b4 = (const void *)&w->bmc;
	const struct sockaddr_in6 *a6 = (const void *)from;
	const struct sockaddr_in6 *b6 = (const void *)&w->bmc;

	if (from->ss_family != w->bmc.ss_family) {
		return false;
	}
	if (from->ss_family == AF_INET) {
		return a4->sin_port == b4->sin_port
			&& a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	}
	return from->ss_family == AF_INET6 && a6->sin6_port == b6->sin6_port
		&& memcmp(&a6->sin6_addr, &b6->sin6_addr,
			  sizeof(a6->sin6_addr)) == 0;
}

/* Look at the next datagram on fd without taking it. */
static void
peek(int fd, struct ipl_rmcpp_watch *w)
{
	uint8_t buf[128];
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	unsigned int status;
	ssize_t n;

	memset(&from, 0, sizeof(from));
	n = recvfrom(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	if (n <= 0 || !from_bmc(&from, w)) {
		return;
	}
	status = ipl_rmcpp_open_refusal(buf, (size_t)n);
	if (status != 0 && w->status == 0) {
		w->status = status;
	}
}

static void
hook_ready(int fd, void *cb_data, os_hnd_fd_id_t *id)
{
	struct fd_hook *h = cb_data;
	struct ipl_rmcpp_watch *w = h->os->user_data;

	if (w != NULL) {
		peek(fd, w);
	}
	h->ready(fd, h->data, id);
}

static void
hook_freed(int fd, void *cb_data)
{
	struct fd_hook *h = cb_data;

	if (h->freed != NULL) {
		h->freed(fd, h->data);
	}
	free(h);
}

/* The handler's add_fd_to_wait_for while armed (os->user_data is w). */
static int
hook_add(os_handler_t *os, int fd, os_data_ready_t ready, void *data,
	 os_fd_data_freed_t freed, os_hnd_fd_id_t **id)
{
	struct ipl_rmcpp_watch *w = os->user_data;
	struct fd_hook *h = malloc(sizeof(*h));
	int rv;

	if (h == NULL) {
		/* Unwatched, but working. */
		return w->orig_add(os, fd, ready, data, freed, id);
	}
	h->os = os;
	h->ready = ready;
	h->data = data;
	h->freed = freed;
	rv = w->orig_add(os, fd, hook_ready, h, hook_freed, id);
	if (rv != 0) {
		free(h);
	}
	return rv;
}

int
ipl_rmcpp_watch_arm(struct ipl_rmcpp_watch *w, os_handler_t *os,
		    const char *numeric, unsigned int port)
{
	struct addrinfo hints, *res = NULL;
	char service[8];

	memset(w, 0, sizeof(*w));
	if (os->user_data != NULL) {
		return EBUSY;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(numeric, service, &hints, &res) != 0 || res == NULL
	    || res->ai_addrlen > sizeof(w->bmc)) {
		if (res != NULL) {
			freeaddrinfo(res);
		}
		return EINVAL;
	}
	memcpy(&w->bmc, res->ai_addr, res->ai_addrlen);
	w->bmc_len = (socklen_t)res->ai_addrlen;
	freeaddrinfo(res);
	w->orig_add = os->add_fd_to_wait_for;
	os->add_fd_to_wait_for = hook_add;
	os->user_data = w;
	return 0;
}

void
ipl_rmcpp_watch_sockets_done(struct ipl_rmcpp_watch *w, os_handler_t *os)
{
	if (os->user_data == w && w->orig_add != NULL
	    && os->add_fd_to_wait_for == hook_add) {
		os->add_fd_to_wait_for = w->orig_add;
	}
	if (os->user_data == w) {
		w->orig_add = NULL;
	}
}

void
ipl_rmcpp_watch_disarm(struct ipl_rmcpp_watch *w, os_handler_t *os)
{
	ipl_rmcpp_watch_sockets_done(w, os);
	if (os->user_data == w) {
		os->user_data = NULL;
	}
}
