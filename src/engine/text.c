/*
 * text.c - quoting values for messages, wiping secrets, seconds as text.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "engine/text.h"

/* v into out (room for show * 4 + 8 bytes); see ipl_quote. */
static const char *
quote_into(char *out, size_t show, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	size_t i;

	if (v == NULL) {
		v = "";
	}
	out[o++] = '"';
	for (i = 0; v[i] != '\0' && i < show; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20 || c >= 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	if (v[i] != '\0') {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}

const char *
ipl_quote(struct ipl_quoted *q, const char *v)
{
	return quote_into(q->s, IPL_QUOTE_SHOW, v);
}

const char *
ipl_quote_path(struct ipl_quoted_path *q, const char *v)
{
	return quote_into(q->s, IPL_QUOTE_PATH_SHOW, v);
}

void
ipl_wipe(void *p, size_t n)
{
	volatile unsigned char *b = p;

	while (n-- > 0) {
		*b++ = 0;
	}
}

void
ipl_wipe_strfreev(char **v)
{
	size_t i;

	if (v == NULL) {
		return;
	}
	for (i = 0; v[i] != NULL; i++) {
		ipl_wipe(v[i], strlen(v[i]));
	}
	g_strfreev(v);
}

bool
ipl_has_control_char(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f) {
			return true;
		}
	}
	return false;
}

const char *
ipl_ms_text(char *buf, size_t len, unsigned int ms)
{
	unsigned int frac = ms % 1000;

	if (frac == 0) {
		snprintf(buf, len, "%u", ms / 1000);
	} else if (frac % 100 == 0) {
		snprintf(buf, len, "%u.%u", ms / 1000, frac / 100);
	} else if (frac % 10 == 0) {
		snprintf(buf, len, "%u.%02u", ms / 1000, frac / 10);
	} else {
		snprintf(buf, len, "%u.%03u", ms / 1000, frac);
	}
	return buf;
}
