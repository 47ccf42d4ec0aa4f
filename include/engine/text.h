/*
 * engine/text.h - small text helpers for messages and secrets: quoting a
 * value for a log line, wiping memory, seconds as text.  Pure; no
 * allocation.
 */
#ifndef IPL_ENGINE_TEXT_H
#define IPL_ENGINE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Room for a quoted, escaped, possibly cut value in a message. */
#define IPL_QUOTE_SHOW 40
struct ipl_quoted {
	char s[IPL_QUOTE_SHOW * 4 + 8];
};
/* The same for a file path, shown longer. */
#define IPL_QUOTE_PATH_SHOW 160
struct ipl_quoted_path {
	char s[IPL_QUOTE_PATH_SHOW * 4 + 8];
};

/*
 * v in double quotes, bytes outside printable ASCII and the characters "
 * and \ escaped, cut with "..." after IPL_QUOTE_SHOW (or _PATH_SHOW) bytes.
 * NULL reads as "".  The result lives in *q.  Never call it with a secret.
 */
const char *ipl_quote(struct ipl_quoted *q, const char *v);
const char *ipl_quote_path(struct ipl_quoted_path *q, const char *v);

/* Overwrite n bytes of p with zeros in a way the compiler cannot drop. */
void ipl_wipe(void *p, size_t n);

/* Wipe each string of a NULL-terminated vector, then g_strfreev it. */
void ipl_wipe_strfreev(char **v);

/* True when s holds a byte below 0x20 or 0x7f. */
bool ipl_has_control_char(const char *s);

/* ms as seconds, no trailing zeros ("1", "0.5", "0.25"), into buf. */
const char *ipl_ms_text(char *buf, size_t len, unsigned int ms);

#endif
