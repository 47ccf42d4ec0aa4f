/*
 * check_rmcpp_guard.c - unit tests of the RMCP+ guard
 * (src/engine/rmcpp_guard.c): the judge on datagrams built here byte by
 * byte, the messages, and the screen in an os_handler on real loopback UDP
 * sockets (a "BMC" socket sends, the screened socket receives).  No
 * OpenIPMI runtime: the os_handler is a minimal one of this test.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "engine/rmcpp_guard.h"
#include "rmcpp_frame.h"

static const struct ipl_rmcpp_algs suite3 = { 1, 1, 1 };
static const struct ipl_rmcpp_algs suite17 = { 3, 4, 1 };

/* An Open Session Response with status st naming algorithms a, i, c. */
static size_t
open_rsp(uint8_t *d, uint8_t st, uint8_t a, uint8_t i, uint8_t c)
{
	uint8_t *p = d + put_header(d, 0x11, 0, 36);

	memset(p, 0, 36);
	p[1] = st;
	p[2] = 4;
	p[4] = 1;          /* console session id */
	p[8] = 0x44;       /* BMC session id     */
	p[12] = 0; p[15] = 8; p[16] = a;
	p[20] = 1; p[23] = 8; p[24] = i;
	p[28] = 2; p[31] = 8; p[32] = c;
	return 16 + 36;
}

static size_t
in_session(uint8_t *d, uint8_t flags)
{
	return put_header(d, (uint8_t)(0x00 | flags), 2, 8) + 8;
}

/* ---- the judge ---- */

START_TEST(test_downgrades_are_vetoed)
{
	static const struct ipl_rmcpp_algs picks[] = {
		{ 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { 2, 2, 1 }, { 1, 2, 1 },
	};
	struct ipl_rmcpp_guard g;
	uint8_t d[64];
	size_t n, i;

	for (i = 0; i < G_N_ELEMENTS(picks); i++) {
		ipl_rmcpp_guard_init(&g, &suite3);
		n = open_rsp(d, 0, picks[i].auth, picks[i].integ,
			     picks[i].conf);
		ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n),
				 IPL_GUARD_DROP);
		ck_assert(ipl_rmcpp_guard_vetoed(&g));
		ck_assert_uint_eq(g.agreed, 0);
		ck_assert_uint_eq(g.got.auth, picks[i].auth);
		ck_assert_uint_eq(g.got.integ, picks[i].integ);
		ck_assert_uint_eq(g.got.conf, picks[i].conf);
	}
}
END_TEST

START_TEST(test_the_proposal_passes)
{
	struct ipl_rmcpp_guard g;
	ipl_status st;
	uint8_t d[64];
	size_t n;

	ipl_rmcpp_guard_init(&g, &suite3);
	ck_assert_int_eq(ipl_rmcpp_guard_check(&g, "b", true, &st),
			 IPL_ERR_ACCESS);   /* up, but nothing approved */
	ck_assert_ptr_nonnull(strstr(st.msg, "without an Open Session"));
	n = open_rsp(d, 0, 1, 1, 1);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));
	ck_assert_uint_eq(g.agreed, 1);
	ck_assert_int_eq(ipl_rmcpp_guard_check(&g, "b", true, &st), IPL_OK);
	/* A later answer that differs still vetoes (a re-run handshake). */
	n = open_rsp(d, 0, 0, 0, 0);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	ck_assert_int_eq(ipl_rmcpp_guard_check(&g, "b", true, &st),
			 IPL_ERR_ACCESS);
}
END_TEST

/* Every acceptance of a copy of the Open Session Request may be a session
 * the BMC opened: counted by its BMC session ID, a repeated answer once. */
START_TEST(test_bmc_sessions_counted)
{
	struct ipl_rmcpp_guard g;
	uint8_t d[64];
	size_t n;
	unsigned int i;

	ipl_rmcpp_guard_init(&g, &suite3);
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 0);
	n = open_rsp(d, 0x01, 0, 0, 0);          /* a refusal opens none */
	ipl_rmcpp_guard_inspect(&g, d, n);
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 0);
	n = open_rsp(d, 0, 1, 1, 1);
	ipl_rmcpp_guard_inspect(&g, d, n);
	ipl_rmcpp_guard_inspect(&g, d, n);       /* the same answer again */
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 1);
	d[16 + 9] = 0x01;                        /* a second BMC session */
	ipl_rmcpp_guard_inspect(&g, d, n);
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 2);
	n = open_rsp(d, 0, 0, 0, 0);             /* vetoed, still opened */
	d[16 + 10] = 0x02;
	ipl_rmcpp_guard_inspect(&g, d, n);
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 3);
	/* past the IDs it tells apart, every acceptance counts */
	for (i = 0; i < IPL_GUARD_SIDS + 2; i++) {
		d[16 + 11] = (uint8_t)(0x10 + i);
		ipl_rmcpp_guard_inspect(&g, d, n);
	}
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g),
			  3 + IPL_GUARD_SIDS + 2);
	/* a new attempt starts from none */
	ipl_rmcpp_guard_init(&g, &suite3);
	ck_assert_uint_eq(ipl_rmcpp_guard_bmc_sessions(&g), 0);
}
END_TEST

START_TEST(test_messages_name_both_sides)
{
	struct ipl_rmcpp_guard g;
	ipl_status st;
	uint8_t d[64];
	size_t n;

	ipl_rmcpp_guard_init(&g, &suite3);
	n = open_rsp(d, 0, 0, 0, 0);
	ipl_rmcpp_guard_inspect(&g, d, n);
	n = open_rsp(d, 0, 1, 0, 0);   /* the first choice is reported */
	ipl_rmcpp_guard_inspect(&g, d, n);
	ck_assert_int_eq(ipl_rmcpp_guard_check(&g, "127.0.0.1:623", false,
					       &st), IPL_ERR_ACCESS);
	ck_assert_int_eq(st.rc, IPL_ERR_ACCESS);
	ck_assert_ptr_nonnull(strstr(st.msg, "BMC 127.0.0.1:623 chose suite 0 "
				     "(RAKP-none, no integrity, no "
				     "encryption), not the proposed suite 3 "
				     "(RAKP-HMAC-SHA1, HMAC-SHA1-96, "
				     "AES-CBC-128)"));

	ipl_rmcpp_guard_init(&g, &suite17);
	n = open_rsp(d, 0, 1, 1, 1);
	ipl_rmcpp_guard_inspect(&g, d, n);
	ipl_rmcpp_guard_check(&g, "b", false, &st);
	ck_assert_ptr_nonnull(strstr(st.msg, "chose suite 3 "));
	ck_assert_ptr_nonnull(strstr(st.msg, "proposed suite 17 "
				     "(RAKP-HMAC-SHA256, HMAC-SHA256-128, "
				     "AES-CBC-128)"));
}
END_TEST

START_TEST(test_describe_unusual_sets)
{
	struct ipl_rmcpp_algs a = { 1, 0, 1 };
	char out[120];

	ipl_rmcpp_algs_describe(&a, out, sizeof(out));
	ck_assert_str_eq(out, "no standard suite (RAKP-HMAC-SHA1, no "
			 "integrity, AES-CBC-128)");
	a.auth = 0x30;
	a.integ = 9;
	a.conf = 0x3f;
	ipl_rmcpp_algs_describe(&a, out, sizeof(out));
	ck_assert_str_eq(out, "no standard suite (authentication 0x30, "
			 "integrity 0x09, confidentiality 0x3f)");
	ipl_rmcpp_algs_describe(&a, out, 12);   /* truncates, terminated */
	ck_assert_uint_eq(strlen(out), 11);
}
END_TEST

/* Answers OpenIPMI itself refuses, and foreign datagrams, are left to it. */
START_TEST(test_left_to_openipmi)
{
	struct ipl_rmcpp_guard g;
	uint8_t d[64];
	size_t n;

	ipl_rmcpp_guard_init(&g, &suite3);
	n = open_rsp(d, 0x11, 0, 0, 0);          /* error status */
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	n = open_rsp(d, 0, 0, 0, 0);
	d[16 + 15] = 4;                          /* bad record length */
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	n = open_rsp(d, 0, 0, 0, 0);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n - 1),
			 IPL_GUARD_PASS);        /* payload length too long */
	n = open_rsp(d, 0, 0, 0, 0);
	d[14] = 20;                              /* payload too short */
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	n = open_rsp(d, 0, 0, 0, 0);
	d[4] = 0x00;                             /* IPMI 1.5 framing */
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, 10), IPL_GUARD_PASS);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));
	/* An IPMI 1.5 attempt proposes no algorithms: nothing is judged. */
	ipl_rmcpp_guard_init(&g, NULL);
	n = open_rsp(d, 0, 0, 0, 0);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	n = in_session(d, 0);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));
}
END_TEST

/* The 6-bit numbers are compared, as OpenIPMI runs them. */
START_TEST(test_numbers_as_openipmi_reads_them)
{
	struct ipl_rmcpp_guard g;
	uint8_t d[64];
	size_t n;

	ipl_rmcpp_guard_init(&g, &suite3);
	n = open_rsp(d, 0, 0x41, 0x81, 0xc1);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert_uint_eq(g.agreed, 1);
	n = open_rsp(d, 0, 0x40, 0x01, 0x01);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	ck_assert_uint_eq(g.got.auth, 0);
}
END_TEST

START_TEST(test_in_session_protection)
{
	static const struct ipl_rmcpp_algs suite2 = { 1, 1, 0 };
	static const struct ipl_rmcpp_algs suite0 = { 0, 0, 0 };
	struct ipl_rmcpp_guard g;
	uint8_t d[64];
	size_t n;

	ipl_rmcpp_guard_init(&g, &suite3);
	n = in_session(d, 0x00);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	n = in_session(d, 0x40);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	n = in_session(d, 0x80);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	n = in_session(d, 0xc0);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert_uint_eq(g.dropped, 3);
	/* OEM explicit payloads carry the session id 6 bytes later. */
	n = put_header(d, 0x02, 0, 8) + 8;
	memset(d + 6, 0, 10);
	d[12] = 2;
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n + 6),
			 IPL_GUARD_DROP);
	/* Session-less answers (session id 0) are not in a session. */
	n = put_header(d, 0x00, 0, 8) + 8;
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));

	ipl_rmcpp_guard_init(&g, &suite2);
	n = in_session(d, 0x40);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	n = in_session(d, 0x80);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_DROP);
	ipl_rmcpp_guard_init(&g, &suite0);
	n = in_session(d, 0x00);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
}
END_TEST

/* ---- the screen, on real sockets ---- */

/* What the minimal os_handler recorded of the one registration. */
static struct {
	int calls;
	os_data_ready_t ready;
	void *cb_data;
	os_fd_data_freed_t freed;
} reg;

/* What OpenIPMI's stand-in read handler saw. */
static struct {
	int calls;
	ssize_t got;
	int freed;
} inner;

static int
fake_add(os_handler_t *os, int fd, os_data_ready_t ready, void *cb_data,
	 os_fd_data_freed_t freed, os_hnd_fd_id_t **id)
{
	(void)os;
	(void)fd;
	reg.calls++;
	reg.ready = ready;
	reg.cb_data = cb_data;
	reg.freed = freed;
	*id = NULL;
	return 0;
}

static void
inner_ready(int fd, void *cb_data, os_hnd_fd_id_t *id)
{
	uint8_t buf[512];

	(void)id;
	ck_assert_ptr_eq(cb_data, &inner);
	inner.calls++;
	inner.got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
}

static void
inner_freed(int fd, void *cb_data)
{
	(void)fd;
	ck_assert_ptr_eq(cb_data, &inner);
	inner.freed++;
}

static int
udp_on(const char *addr, unsigned int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	ck_assert_int_eq(inet_pton(AF_INET, addr, &a.sin_addr), 1);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void
send_to(int from, unsigned int port, const uint8_t *d, size_t n)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	ck_assert_int_eq(sendto(from, d, n, 0, (struct sockaddr *)&a,
				sizeof(a)), (ssize_t)n);
}

/* Deliver one readiness event to the screened socket, as the selector
 * would; returns how often the inner handler ran. */
static int
deliver(int fd)
{
	int before = inner.calls;

	usleep(20000);   /* loopback delivery is immediate; be generous */
	reg.ready(fd, reg.cb_data, NULL);
	return inner.calls - before;
}

static bool
socket_empty(int fd)
{
	uint8_t b[8];

	return recv(fd, b, sizeof(b), MSG_DONTWAIT) < 0 && errno == EAGAIN;
}

START_TEST(test_screen_on_sockets)
{
	struct ipl_rmcpp_guard g;
	struct ipl_config cfg;
	os_handler_t os;
	os_hnd_fd_id_t *id;
	ipl_status st;
	unsigned int bmc_port, me_port, other_port;
	int bmc, me, other;
	uint8_t d[64];
	size_t n;

	memset(&os, 0, sizeof(os));
	memset(&cfg, 0, sizeof(cfg));
	memset(&reg, 0, sizeof(reg));
	memset(&inner, 0, sizeof(inner));
	os.add_fd_to_wait_for = fake_add;
	bmc = udp_on("127.0.0.1", &bmc_port);
	me = udp_on("127.0.0.1", &me_port);
	other = udp_on("127.0.0.2", &other_port);
	cfg.port = bmc_port;
	ck_assert_int_eq(ipl_rmcpp_guard_arm(&g, &os, &cfg, IPL_IFACE_LANPLUS,
					     3, "127.0.0.1", &st), IPL_OK);
	/* Arming again keeps one screen (no screen around the screen). */
	ck_assert_int_eq(ipl_rmcpp_guard_arm(&g, &os, &cfg, IPL_IFACE_LANPLUS,
					     3, "127.0.0.1", &st), IPL_OK);
	ck_assert_int_eq(os.add_fd_to_wait_for(&os, me, inner_ready, &inner,
					       inner_freed, &id), 0);
	ck_assert_int_eq(reg.calls, 1);
	ck_assert_ptr_ne(reg.cb_data, &inner);

	/* A downgrade from another address: OpenIPMI's to drop, no veto. */
	n = open_rsp(d, 0, 0, 0, 0);
	send_to(other, me_port, d, n);
	ck_assert_int_eq(deliver(me), 1);
	ck_assert_int_eq(inner.got, (ssize_t)n);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));

	/* The proposal from the BMC reaches the handler. */
	n = open_rsp(d, 0, 1, 1, 1);
	send_to(bmc, me_port, d, n);
	ck_assert_int_eq(deliver(me), 1);
	ck_assert_int_eq(inner.got, (ssize_t)n);
	ck_assert_uint_eq(g.agreed, 1);

	/* A downgrade from the BMC never reaches it and is consumed. */
	n = open_rsp(d, 0, 0, 0, 0);
	send_to(bmc, me_port, d, n);
	ck_assert_int_eq(deliver(me), 0);
	ck_assert(socket_empty(me));
	ck_assert(ipl_rmcpp_guard_vetoed(&g));

	/* Disarmed, the screen lets everything through. */
	ipl_rmcpp_guard_disarm(&g);
	send_to(bmc, me_port, d, n);
	ck_assert_int_eq(deliver(me), 1);

	/* Removal frees the screen's record and calls OpenIPMI's. */
	reg.freed(me, reg.cb_data);
	ck_assert_int_eq(inner.freed, 1);
	close(bmc);
	close(me);
	close(other);
}
END_TEST

START_TEST(test_arm_refusals)
{
	struct ipl_rmcpp_guard g;
	struct ipl_config cfg;
	os_handler_t os;
	ipl_status st;

	memset(&os, 0, sizeof(os));
	memset(&cfg, 0, sizeof(cfg));
	os.add_fd_to_wait_for = fake_add;
	cfg.port = 623;
	/* xRC4: no algorithms in the engine */
	ck_assert_int_eq(ipl_rmcpp_guard_arm(&g, &os, &cfg, IPL_IFACE_LANPLUS,
					     4, "127.0.0.1", &st),
			 IPL_ERR_CONFIG);
	ck_assert_int_eq(ipl_rmcpp_guard_arm(&g, &os, &cfg, IPL_IFACE_LANPLUS,
					     3, "bmc.example", &st),
			 IPL_ERR_SYSTEM);
	ck_assert_int_eq(ipl_rmcpp_guard_arm(&g, &os, &cfg, IPL_IFACE_LAN,
					     0, "::1", &st), IPL_OK);
	ck_assert(!g.rmcpp);
	ipl_rmcpp_guard_disarm(&g);
}
END_TEST

/* Refusals are noted and passed on; ipmi_sim's 2-byte one as well, which
 * OpenIPMI drops (it names no console session). */
static unsigned int
refusal_of(const uint8_t *d, size_t n)
{
	struct ipl_rmcpp_guard g;

	ipl_rmcpp_guard_init(&g, &suite17);
	ck_assert_int_eq(ipl_rmcpp_guard_inspect(&g, d, n), IPL_GUARD_PASS);
	ck_assert(!ipl_rmcpp_guard_vetoed(&g));
	return ipl_rmcpp_guard_refusal(&g);
}

START_TEST(test_refusals_are_noted)
{
	/* ipmi_sim's answer to a suite 17 proposal: tag and status only */
	static const uint8_t sim[] = {
		0x06, 0x00, 0xff, 0x07, 0x06, 0x11, 0, 0, 0, 0, 0, 0, 0, 0,
		0x02, 0x00, 0x02, 0x04,
	};
	struct ipl_rmcpp_guard g;
	uint8_t p[64];
	size_t n;

	ck_assert_uint_eq(refusal_of(sim, sizeof(sim)), 0x04);
	ck_assert_uint_eq(refusal_of(sim, sizeof(sim) - 1), 0);
	memcpy(p, sim, sizeof(sim));
	p[17] = 0x00;                  /* status 0: not a refusal */
	ck_assert_uint_eq(refusal_of(p, sizeof(sim)), 0);
	memcpy(p, sim, sizeof(sim));
	p[5] = 0x13;                   /* RAKP 2, not Open Session Response */
	ck_assert_uint_eq(refusal_of(p, sizeof(sim)), 0);
	memcpy(p, sim, sizeof(sim));
	p[4] = 0x00;                   /* IPMI 1.5 framing */
	ck_assert_uint_eq(refusal_of(p, sizeof(sim)), 0);
	memcpy(p, sim, sizeof(sim));
	p[14] = 0x08;                  /* claims more than the datagram */
	ck_assert_uint_eq(refusal_of(p, sizeof(sim)), 0);
	/* a whole refusal (what OpenIPMI itself reads) counts as well */
	n = open_rsp(p, 0x11, 0, 0, 0);
	ck_assert_uint_eq(refusal_of(p, n), 0x11);
	/* the first refusal is kept; IPMI 1.5 attempts note none */
	ipl_rmcpp_guard_init(&g, &suite3);
	ipl_rmcpp_guard_inspect(&g, sim, sizeof(sim));
	ipl_rmcpp_guard_inspect(&g, p, n);
	ck_assert_uint_eq(ipl_rmcpp_guard_refusal(&g), 0x04);
	ipl_rmcpp_guard_init(&g, NULL);
	ipl_rmcpp_guard_inspect(&g, sim, sizeof(sim));
	ck_assert_uint_eq(ipl_rmcpp_guard_refusal(&g), 0);
}
END_TEST

static Suite *
guard_suite(void)
{
	Suite *s = suite_create("rmcpp_guard");
	TCase *tc = tcase_create("judge");

	tcase_add_test(tc, test_downgrades_are_vetoed);
	tcase_add_test(tc, test_the_proposal_passes);
	tcase_add_test(tc, test_bmc_sessions_counted);
	tcase_add_test(tc, test_messages_name_both_sides);
	tcase_add_test(tc, test_describe_unusual_sets);
	tcase_add_test(tc, test_left_to_openipmi);
	tcase_add_test(tc, test_numbers_as_openipmi_reads_them);
	tcase_add_test(tc, test_in_session_protection);
	tcase_add_test(tc, test_refusals_are_noted);
	suite_add_tcase(s, tc);
	tc = tcase_create("screen");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_screen_on_sockets);
	tcase_add_test(tc, test_arm_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(guard_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
