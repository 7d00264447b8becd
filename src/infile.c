/*
 * infile: regular files only, opened without waiting on a FIFO or a
 * device, and never outside the folder they were found in.
 */
#define _GNU_SOURCE
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* errno for a file of this mode that is not a regular file */
static int kind_errno(mode_t m)
{
	return S_ISDIR(m) ? EISDIR : ENODEV;
}

/* Why stat() failed, told apart from lstat(): a link to nothing. */
static int stat_errno(const char *path, int e)
{
	struct stat l;

	if (e == ENOENT && lstat(path, &l) == 0 && S_ISLNK(l.st_mode))
		return ENOLINK;
	return e;
}

/* Is the real place of path inside root? 0, or -1 with errno. */
static int inside(const char *path, const char *root)
{
	char *rp = realpath(path, NULL), *rr = realpath(root, NULL);
	int rc = -1;
	size_t n;

	if (!rp || !rr) {
		errno = stat_errno(path, errno);
		goto out;
	}
	n = strlen(rr);
	if (strncmp(rp, rr, n) == 0 &&
	    (rp[n] == '/' || rp[n] == '\0' || (n == 1 && rr[0] == '/')))
		rc = 0;
	else
		errno = EXDEV;
out:
	free(rp);
	free(rr);
	return rc;
}

int infile_check(const char *path, const char *root)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		errno = stat_errno(path, errno);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = kind_errno(st.st_mode);
		return -1;
	}
	if (root && inside(path, root) < 0)
		return -1;
	if (access(path, R_OK) < 0)
		return -1;
	return 0;
}

int infile_open(const char *path, const char *root)
{
	struct stat st;
	int fd, flags, e;

	if (infile_check(path, root) < 0)
		return -1;
	/* a FIFO swapped in after the check must not hold the open */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		errno = stat_errno(path, errno);
		return -1;
	}
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = kind_errno(st.st_mode);
		goto fail;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

FILE *infile_fopen(const char *path, const char *root)
{
	int fd = infile_open(path, root), e;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "rb"))) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

const char *infile_reason(int err)
{
	switch (err) {
	case EISDIR: return "a folder, not a file";
	case ENODEV: return "not a regular file (a FIFO, a device or a socket)";
	case ENOLINK: return "a symbolic link to a file that does not exist";
	case ELOOP: return "symbolic links in a loop";
	case EXDEV: return "a symbolic link out of the input folder";
	case ENOENT: return "no such file";
	case EACCES: return "no permission to read it";
	default: return strerror(err);
	}
}

FILE *infile_fopen_said(const char *what, const char *path, char **err)
{
	FILE *f = infile_fopen(path, NULL);

	if (!f)
		*err = xasprintf("cannot read the %s '%s': %s", what, path,
				 infile_reason(errno));
	return f;
}
