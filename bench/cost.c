/*
 * cost.c - where the plugin's fixed cost goes, step by step, in a fresh
 * process each time (what every `stonith` CLI run pays before and around
 * its session): loading libOpenIPMI (and libcrypto, its dependency) and
 * libOpenIPMIposix with the engine's own loader, creating the os_handler,
 * ipmi_init, registering the SHA-256 algorithms, libcrypto's first HMAC
 * (OpenSSL 3 reads its configuration and sets up its default provider
 * then; OpenIPMI's SHA-1 RAKP pays the same on its first HMAC), a second
 * HMAC, libcrypto's first AES-CBC-128 encryption (OpenIPMI's first
 * encrypted message: OpenSSL 3 builds its table of cipher implementations
 * then, the same for whoever asks first), and the teardown (unregister,
 * ipmi_shutdown, free, unload).
 *
 * Built only by "make bench-ciphers" (EXTRA_PROGRAMS).  Usage:
 *   cost [-n RUNS]
 * Prints "step NAME USEC" once per step and run; each run is a child
 * process, so every run is a first run.  No network, no secret.
 */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/openipmi_link.h"
#include "engine/sha256_algs.h"

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long mark;

/* Print the time since the last mark under name, and mark again. */
static void
step(const char *name)
{
	long long t = now_us();

	printf("step %s %lld\n", name, t - mark);
	mark = t;
}

/* libcrypto's EVP calls, found in the copy OpenIPMI loaded (no header:
 * bench/cost, like the plugin, does not link libcrypto). */
typedef void *(*ctx_new_fn)(void);
typedef const void *(*cipher_fn)(void);
typedef int (*init_fn)(void *ctx, const void *cipher, void *engine,
		       const unsigned char *key, const unsigned char *iv);
typedef int (*update_fn)(void *ctx, unsigned char *out, int *outl,
			 const unsigned char *in, int inl);
typedef void (*ctx_free_fn)(void *ctx);

static void *
sym(void *h, const char *name)
{
	return h != NULL ? dlsym(h, name) : NULL;
}

/* What OpenIPMI's AES-CBC-128 confidentiality does per message. */
static int
first_aes(void)
{
	void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_NOLOAD);
	ctx_new_fn ctx_new = (ctx_new_fn)sym(h, "EVP_CIPHER_CTX_new");
	cipher_fn aes = (cipher_fn)sym(h, "EVP_aes_128_cbc");
	init_fn init = (init_fn)sym(h, "EVP_EncryptInit_ex");
	update_fn update = (update_fn)sym(h, "EVP_EncryptUpdate");
	ctx_free_fn ctx_free = (ctx_free_fn)sym(h, "EVP_CIPHER_CTX_free");
	unsigned char key[16] = { 1 }, iv[16] = { 2 }, in[16] = { 3 },
		out[32];
	void *ctx;
	int len = 0, ok;

	if (ctx_new == NULL || aes == NULL || init == NULL || update == NULL
	    || ctx_free == NULL || (ctx = ctx_new()) == NULL) {
		fprintf(stderr, "cost: libcrypto's EVP cipher calls missing\n");
		return 0;
	}
	ok = init(ctx, aes(), NULL, key, iv) == 1
	     && update(ctx, out, &len, in, sizeof(in)) == 1;
	ctx_free(ctx);
	dlclose(h);
	return ok;
}

static int
one_run(void)
{
	struct ipl_openipmi oi;
	ipl_status st;
	os_handler_t *os;
	uint8_t key[32] = { 1 }, out[32];

	mark = now_us();
	if (ipl_openipmi_load(&oi, &st) != IPL_OK) {
		fprintf(stderr, "cost: %s\n", st.msg);
		return 1;
	}
	step("load_openipmi_libcrypto");
	os = oi.posix_setup_os_handler();
	if (os == NULL) {
		return 1;
	}
	step("os_handler");
	if (oi.init(os) != 0) {
		return 1;
	}
	if (oi.atca_conn_shutdown != NULL) {
		oi.atca_conn_shutdown();
	}
	step("ipmi_init");
	if (oi.sha256_missing != NULL || ipl_sha256_register(&oi.sha256) != 0) {
		return 1;
	}
	step("sha256_register");
	if (!ipl_sha256_hmac(&oi.sha256.crypto, key, sizeof(key),
			     (const uint8_t *)"x", 1, out)) {
		return 1;
	}
	step("first_hmac_openssl_init");
	if (!ipl_sha256_hmac(&oi.sha256.crypto, key, sizeof(key),
			     (const uint8_t *)"y", 1, out)) {
		return 1;
	}
	step("next_hmac");
	if (!first_aes()) {
		return 1;
	}
	step("first_aes_cbc_openssl_fetch");
	oi.shutdown();
	ipl_sha256_unregister();
	os->free_os_handler(os);
	ipl_openipmi_unload(&oi);
	step("teardown");
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long n = 20, i;
	int status;
	pid_t pid;

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		n = strtoul(argv[2], NULL, 10);
	} else if (argc != 1) {
		fprintf(stderr, "usage: cost [-n RUNS]\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			_exit(one_run());
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid
		    || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			return 1;
		}
	}
	return 0;
}
