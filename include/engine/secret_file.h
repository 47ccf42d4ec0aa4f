/*
 * engine/secret_file.h - the secret-file reader: the engine's only file
 * I/O, handed to the configuration as its reader by each front end.
 */
#ifndef IPL_ENGINE_SECRET_FILE_H
#define IPL_ENGINE_SECRET_FILE_H

#include <stddef.h>
#include "engine/result.h"

/*
 * Read the first line of the secret file at path (absolute) into buf (cap
 * bytes, NUL-terminated; a trailing "\n" or "\r\n" removed) and its length
 * into *len.  Refuses, with IPL_ERR_CONFIG and a message naming param and
 * the path (never the content): a relative path, a file that cannot be
 * opened or read, one that is not a regular file, one accessible by group
 * or others (the mode is shown), and a first line of cap bytes or more.
 * A FIFO at the path does not block.  buf is wiped on failure; the caller
 * wipes it after use.  Has the type ipl_secret_reader_fn.
 */
ipl_rc ipl_read_secret_file(const char *param, const char *path, char *buf,
			    size_t cap, size_t *len, ipl_status *st);

#endif
