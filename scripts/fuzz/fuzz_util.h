/*
 * fuzz_util: what the libFuzzer targets of scripts/fuzz share: a file of
 * no name for a loader that reads a path, a private folder for loaders
 * that read a folder (removed at exit; scripts/fuzz/run.sh also points
 * TMPDIR at a folder of its own that it removes, for runs that crash),
 * and a sink that reads every string of a problem, as an emitter would.
 * Included once by each target; everything here is static.
 */
#ifndef TIENDO_FUZZ_UTIL_H
#define TIENDO_FUZZ_UTIL_H

#include <fcntl.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long fuzz_sunk;

static void fuzz_sink_fn(void *ctx, const struct diag *d)
{
	(void)ctx;
	fuzz_sunk += strlen(d->file) + strlen(d->code) +
		     (d->constraint ? strlen(d->constraint) : 0) +
		     (d->field ? strlen(d->field) : 0) +
		     (d->message ? strlen(d->message) : 0) +
		     (d->value ? strlen(d->value) : 0);
}

static const struct diag_sink fuzz_sink = { fuzz_sink_fn, NULL, LANG_VI,
					    NULL };

/* The bytes in a file that no run leaves behind: its /proc/self/fd path. */
static inline const char *fuzz_anon_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		const char *tmp = getenv("TMPDIR");
		char name[4096];

		snprintf(name, sizeof name, "%s/tiendo-fuzz-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(name)) < 0 || unlink(name) != 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 ||
	    (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	return path;
}

static char fuzz_dir[4096];

/* Remove path and, if a folder, everything under it. */
static void fuzz_rm(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char sub[4200];

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		fuzz_rm(sub);
	}
	if (d)
		closedir(d);
	remove(path);
}

static void fuzz_rm_dir(void)
{
	if (fuzz_dir[0])
		fuzz_rm(fuzz_dir);
}

/* A private folder, made once and removed at exit. */
static inline const char *fuzz_private_dir(void)
{
	if (!fuzz_dir[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/tiendo-fuzz-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(fuzz_rm_dir);
	}
	return fuzz_dir;
}

/* Write size bytes at data to path (under the private folder). */
static inline void fuzz_put(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    close(fd) != 0)
		abort();
}

#endif
