/*
 * engine/config.h - a device's configuration, assembled from name/value
 * pairs by the parameter table (engine/params.h) and checked as a whole.
 *
 * Assembly is pure: the environment and secret files are reached only
 * through the functions the front end passes in.  It creates no OpenIPMI
 * state and does no network I/O.
 */
#ifndef IPL_ENGINE_CONFIG_H
#define IPL_ENGINE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "engine/cipher.h"
#include "engine/parse.h"
#include "engine/result.h"

/* A parsed, validated device configuration.  Owned by the device. */
struct ipl_config {
	char **hosts;            /* NULL-terminated, lowercased (g_strfreev) */
	char *ipaddr;            /* host name or address, no brackets (g_free) */
	unsigned int port;       /* 1..65535                                  */
	int auth;                /* IPMI_AUTHTYPE_NONE/MD2/MD5/STRAIGHT (1.5) */
	int priv;                /* IPMI_PRIVILEGE_OPERATOR or _ADMIN         */
	char login[IPL_MAX_LOGIN + 1];
	char password[IPL_MAX_PASSWORD + 1];
	size_t password_len;
	enum ipl_reset_method reset_method;
	enum ipl_iface iface;
	struct ipl_cipher_choice ciphers; /* RMCP+ suites, in proposal order  */
	bool allow_cipher0;      /* allow_insecure_cipher0=true was given     */
	unsigned char kg[IPL_MAX_KG];
	size_t kg_len;           /* 0: no K_g (the BMC key is all zeros)      */
	unsigned int timeout_ms;     /* whole operation                       */
	unsigned int msg_timeout_ms; /* one try of one message                */
	unsigned int power_wait_ms;  /* between power-state polls             */
};

/* One name/value pair; a list ends with a NULL name. */
struct ipl_nv {
	const char *name;
	const char *value;
};

/* Looks a name up outside the list (the environment); NULL if unset. */
typedef const char *(*ipl_getenv_fn)(const char *name);

/* Reads the first line of a secret file (engine/secret_file.h). */
typedef ipl_rc (*ipl_secret_reader_fn)(const char *param, const char *path,
				       char *buf, size_t cap, size_t *len,
				       ipl_status *st);

/*
 * Parse list into cfg (which is cleared first).
 *
 * The password comes from exactly one of password and password_file
 * (the file's first line, read with read_secret), the K_g from at most one
 * of kg and kg_file; giving both of a pair is an error, except that on the
 * positional shape a password of "-" means "none here" when password_file
 * is given.  read_secret NULL refuses every *_file parameter.
 *
 * Values come from, in order of precedence: the list itself (names or
 * aliases; unknown names are ignored), key=value words after the method in
 * reset_method (the tail of an old positional line), and - only when the list
 * has exactly the eight positional names, as "-p", "-F" and "-E" of the
 * stonith command produce - getenv_fn for the optional parameters (NULL:
 * nothing more).
 *
 * Returns IPL_OK or IPL_ERR_CONFIG with st naming the parameter, the value
 * (never a secret) and what is allowed.  On failure cfg holds nothing.
 */
ipl_rc ipl_config_parse(struct ipl_config *cfg, const struct ipl_nv *list,
			ipl_getenv_fn getenv_fn,
			ipl_secret_reader_fn read_secret, ipl_status *st);

/* Free everything cfg owns and wipe its secrets; cfg may be reused. */
void ipl_config_clear(struct ipl_config *cfg);

/* One-line description: node(s), BMC address, interface.  g_malloc'd. */
char *ipl_config_describe(const struct ipl_config *cfg);

/* True when node (already lowercased) is one of cfg->hosts. */
bool ipl_config_has_host(const struct ipl_config *cfg, const char *node);

/*
 * The retry interval: how long one copy of a message is waited for before
 * another is sent (OpenIPMI's per-try timeout of the handshake, the
 * session's first repeat of a read), a sixth of msg_timeout, so that
 * OpenIPMI's 7 tries still span more than msg_timeout; at least
 * IPL_RETRY_MIN_MS (never more than msg_timeout).  An answer is still
 * taken when it comes later: msg_timeout is how long one may take.  On a
 * lossy network this is what a lost datagram costs.
 */
#define IPL_RETRY_MIN_MS 100u
unsigned int ipl_config_retry_ms(const struct ipl_config *cfg);

#endif
