/*
 * resolve.c - the BMC's address, resolved once per operation before
 * OpenIPMI sees it (engine/resolve.h).
 */
#include "config.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "engine/resolve.h"

ipl_rc
ipl_resolve_bmc(const struct ipl_config *cfg, char *numeric,
		size_t numeric_len, int *family, ipl_status *st)
{
	struct addrinfo hints;
	struct addrinfo *res = NULL;
	char port[8];
	int rv;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	snprintf(port, sizeof(port), "%u", cfg->port);
	rv = getaddrinfo(cfg->ipaddr, port, &hints, &res);
	if (rv != 0 || res == NULL) {
		if (res != NULL) {
			freeaddrinfo(res);
		}
		return ipl_fail(st, rv == EAI_AGAIN ? IPL_ERR_TIMEOUT
				: IPL_ERR_CONFIG,
				"ipaddr: cannot resolve \"%s\": %s",
				cfg->ipaddr, gai_strerror(rv));
	}
	rv = getnameinfo(res->ai_addr, res->ai_addrlen, numeric,
			 (socklen_t)numeric_len, NULL, 0, NI_NUMERICHOST);
	*family = res->ai_family;
	freeaddrinfo(res);
	if (rv != 0) {
		return ipl_fail(st, IPL_ERR_CONFIG,
				"ipaddr: cannot use the address of \"%s\": %s",
				cfg->ipaddr, gai_strerror(rv));
	}
	return IPL_OK;
}
