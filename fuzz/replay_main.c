/*
 * replay_main.c - a main() for the fuzz targets without libFuzzer: feeds
 * every file named on the command line (directories: every file in them)
 * to LLVMFuzzerTestOneInput once.  "make check" builds each target with it
 * and replays the committed corpus (tests/fuzz_replay.sh), so that every
 * input a fuzzer ever crashed on stays a regression test.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long replayed;

static int
replay_file(const char *path)
{
	gchar *buf = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &buf, &len, NULL)) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	g_free(buf);
	replayed++;
	return 0;
}

int
main(int argc, char **argv)
{
	int bad = 0;
	int i;

	for (i = 1; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			GDir *d = g_dir_open(argv[i], 0, NULL);
			const char *name;

			while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
				char *p = g_build_filename(argv[i], name, NULL);

				bad |= replay_file(p);
				g_free(p);
			}
			if (d != NULL) {
				g_dir_close(d);
			}
		} else {
			bad |= replay_file(argv[i]);
		}
	}
	printf("replayed %lu inputs\n", replayed);
	return bad;
}
