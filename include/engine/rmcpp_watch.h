/*
 * engine/rmcpp_watch.h - sees the RMCP+ status of an Open Session
 * Response that OpenIPMI itself drops.
 *
 * Why: OpenIPMI 2.0.33 finds the connection an Open Session Response
 * belongs to by the console session ID in bytes 4 to 7 of its payload.
 * A BMC that refuses the proposal may answer with the tag and the status
 * only (ipmi_sim does: 2 bytes, status 04h for suite 17), which OpenIPMI
 * discards, retransmitting until its tries end: the refusal looks like 7
 * msg_timeouts of silence.  The IPMI 2.0 errata have the console session
 * ID in every answer; BMCs that send it are handled by OpenIPMI alone.
 *
 * How: around the ipmi_lanp_setup_con call of an attempt (and only then)
 * the handler's add_fd_to_wait_for is wrapped, so that the socket OpenIPMI
 * creates for the attempt is registered through us; while the attempt is
 * armed, each datagram from the BMC's address is peeked at (MSG_PEEK)
 * before OpenIPMI reads it.  Nothing is consumed, changed or sent.  The
 * wrapper is in place only during that call, so it stacks with any other
 * wrapper installed before or after (the guard of engine/rmcpp_guard, for
 * one).  os_handler_t.user_data ("the user may use this for whatever they
 * like") points at the armed watch; nothing else of the engine uses it.
 */
#ifndef IPL_ENGINE_RMCPP_WATCH_H
#define IPL_ENGINE_RMCPP_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <OpenIPMI/os_handler.h>

/* One connection attempt's watch; it lives in the session. */
struct ipl_rmcpp_watch {
	struct sockaddr_storage bmc;   /* where the answers must come from */
	socklen_t bmc_len;
	unsigned int status;           /* non-zero: the status of a refused
					* Open Session Response seen      */
	/* The handler's function while wrapped, restored by sockets_done. */
	int (*orig_add)(os_handler_t *handler, int fd,
			os_data_ready_t data_ready, void *cb_data,
			os_fd_data_freed_t freed, os_hnd_fd_id_t **id);
};

/*
 * The non-zero RMCP+ status of pkt (one whole datagram) when it is an
 * Open Session Response outside a session, else 0.  Pure.
 */
unsigned int ipl_rmcpp_open_refusal(const uint8_t *pkt, size_t len);

/*
 * Arm w on os for an attempt to numeric (a numeric address) and port,
 * right before ipmi_lanp_setup_con creates the attempt's socket, and call
 * ipl_rmcpp_watch_sockets_done right after it.  Returns 0, or an errno
 * (the address does not parse, os is already armed): the attempt then runs
 * without the watch.  Serialized by the engine mutex.
 */
int ipl_rmcpp_watch_arm(struct ipl_rmcpp_watch *w, os_handler_t *os,
			const char *numeric, unsigned int port);

/* The attempt's socket exists: stop wrapping add_fd_to_wait_for (w stays
 * armed and keeps looking at that socket's datagrams). */
void ipl_rmcpp_watch_sockets_done(struct ipl_rmcpp_watch *w, os_handler_t *os);

/* Stop looking (sockets_done included); a no-op when w is not armed on
 * os.  The attempt's socket keeps working, its datagrams passed on. */
void ipl_rmcpp_watch_disarm(struct ipl_rmcpp_watch *w, os_handler_t *os);

#endif
