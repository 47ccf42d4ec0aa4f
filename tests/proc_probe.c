/*
 * proc_probe.c - what the test programs ask /proc about their own process.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "proc_probe.h"

bool
proc_maps_contain(const char *needle)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	bool found = false;

	if (f == NULL) {
		return false;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, needle) != NULL) {
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted, de-duplicated lines of a, joined (frees a). */
static char *
join_unique(GPtrArray *a)
{
	GString *out = g_string_new(NULL);
	const char *prev = NULL;
	guint i;

	g_ptr_array_sort(a, cmp_str);
	for (i = 0; i < a->len; i++) {
		const char *p = g_ptr_array_index(a, i);

		if (prev == NULL || strcmp(prev, p) != 0) {
			g_string_append_printf(out, "%s\n", p);
		}
		prev = p;
	}
	g_ptr_array_free(a, TRUE);
	return g_string_free(out, FALSE);
}

char *
proc_maps_files(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	GPtrArray *paths;
	char line[1024];

	if (f == NULL) {
		return NULL;
	}
	paths = g_ptr_array_new_with_free_func(g_free);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *slash = strchr(line, '/');

		if (slash != NULL) {
			slash[strcspn(slash, "\n")] = '\0';
			g_ptr_array_add(paths, g_strdup(slash));
		}
	}
	fclose(f);
	return join_unique(paths);
}

static gint
cmp_fd_line(gconstpointer a, gconstpointer b)
{
	int x = proc_fd_of_line(*(const char *const *)a);
	int y = proc_fd_of_line(*(const char *const *)b);

	return (x > y) - (x < y);
}

char *
proc_fd_table(void)
{
	DIR *d = opendir("/proc/self/fd");
	GPtrArray *lines;
	GString *out;
	struct dirent *e;
	guint i;

	if (d == NULL) {
		return NULL;
	}
	lines = g_ptr_array_new_with_free_func(g_free);
	while ((e = readdir(d)) != NULL) {
		char path[300], target[512];
		ssize_t n;

		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d)) {
			continue;
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		g_ptr_array_add(lines, g_strdup_printf("%s -> %s", e->d_name,
						       target));
	}
	closedir(d);
	g_ptr_array_sort(lines, cmp_fd_line);
	out = g_string_new(NULL);
	for (i = 0; i < lines->len; i++) {
		g_string_append_printf(out, "%s\n",
				       (char *)g_ptr_array_index(lines, i));
	}
	g_ptr_array_free(lines, TRUE);
	return g_string_free(out, FALSE);
}

char *
proc_lines_added(const char *before, const char *after)
{
	char **b = g_strsplit(before, "\n", -1);
	char **a = g_strsplit(after, "\n", -1);
	GString *out = g_string_new(NULL);
	size_t i;

	for (i = 0; a[i] != NULL; i++) {
		if (a[i][0] != '\0' && !g_strv_contains((const char *const *)b,
							 a[i])) {
			g_string_append_printf(out, "%s\n", a[i]);
		}
	}
	g_strfreev(a);
	g_strfreev(b);
	return g_string_free(out, FALSE);
}

int
proc_fd_of_line(const char *line)
{
	return atoi(line);
}
