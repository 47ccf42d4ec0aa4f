/*
 * tests/rmcpp_frame.h - RMCP+ datagram headers built byte by byte for the
 * unit tests that feed datagrams to the engine (check_rmcpp_guard,
 * check_engine's wire watch and pace cases).
 */
#ifndef IPL_TESTS_RMCPP_FRAME_H
#define IPL_TESTS_RMCPP_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* An RMCP+ header into d (16 bytes): payload type byte pt (flags
 * included), session id sid, n payload bytes.  Returns its length. */
static inline size_t
put_header(uint8_t *d, uint8_t pt, uint32_t sid, size_t n)
{
	memset(d, 0, 16);
	d[0] = 0x06;          /* RMCP version 1.0 */
	d[2] = 0xff;          /* no RMCP ACK      */
	d[3] = 0x07;          /* class IPMI       */
	d[4] = 0x06;          /* format RMCP+     */
	d[5] = pt;
	d[6] = (uint8_t)sid;
	d[7] = (uint8_t)(sid >> 8);
	d[8] = (uint8_t)(sid >> 16);
	d[9] = (uint8_t)(sid >> 24);
	d[14] = (uint8_t)n;
	d[15] = (uint8_t)(n >> 8);
	return 16;
}

#endif
