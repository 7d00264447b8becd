/*
 * outfile: temporary file, fsync, rename. See outfile.h.
 *
 * Only a regular file (or a name not yet taken) is replaced by rename: a
 * device such as /dev/stdout is written in place, a symbolic link is
 * followed so that its target gets the new contents, and a file we may not
 * write is refused rather than replaced.
 */
#define _GNU_SOURCE
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

struct outfile {
	char *path, *tmp;       /* tmp NULL: written in place */
	FILE *fp;
	int fd;                 /* of tmp, under fp */
	int werr;               /* the first write's errno (ENOSPC), or 0 */
};

/*
 * The temporary file is written through a stream of our own, so that
 * why a write failed (a full disk) is kept, whatever errno says later.
 */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
	struct outfile *o = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(o->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!o->werr)
				o->werr = w < 0 ? errno : EIO;
			errno = o->werr;
			return 0;   /* fopencookie(3): 0, never -1, on error */
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
	struct outfile *o = cookie;

	return close(o->fd);
}

/*
 * The process's umask, read once: reading it means setting it, and files
 * are written from two threads at a time.
 */
static pthread_once_t mask_once = PTHREAD_ONCE_INIT;
static mode_t process_umask;

static void read_umask(void)
{
	process_umask = umask(0);
	umask(process_umask);
}

static struct outfile *fail(struct outfile *o, int e)
{
	free(o->path);
	free(o->tmp);
	free(o);
	errno = e;
	return NULL;
}

struct outfile *outfile_open(const char *path)
{
	struct outfile *o = xcalloc(1, sizeof(*o));
	struct stat st;
	char real[PATH_MAX];
	int fd;

	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	if (realpath(path, real))
		path = real;    /* an existing file, through any links */
	else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* a link to a file not there yet: create it through the link */
		o->fp = fopen(path, "wb");
		return o->fp ? o : fail(o, errno);
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			/* a device or a pipe: write into it */
			o->fp = fopen(path, "wb");
			return o->fp ? o : fail(o, errno);
		}
		if (access(path, W_OK) != 0)
			return fail(o, errno);
	}
	o->path = xstrdup(path);
	o->tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0)
		return fail(o, errno);
	/* mkstemp makes 0600; give the file the mode a new file would have */
	pthread_once(&mask_once, read_umask);
	o->fd = fd;
	if (fchmod(fd, 0666 & ~process_umask) != 0 ||
	    !(o->fp = fopencookie(o, "wb", (cookie_io_functions_t){
			NULL, cookie_write, NULL, cookie_close }))) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		return fail(o, e);
	}
	return o;
}

FILE *outfile_stream(struct outfile *o)
{
	return o->fp;
}

int outfile_error(const struct outfile *o)
{
	return o->werr;
}

int outfile_commit(struct outfile *o)
{
	int rc = 0, e = 0;

	if (fflush(o->fp) != 0 || ferror(o->fp) ||
	    (o->tmp && fsync(o->fd) != 0)) {
		rc = -1;
		e = o->werr ? o->werr : errno ? errno : EIO;
	}
	if (o->fp != stdout && fclose(o->fp) != 0 && !rc) {
		rc = -1;
		e = errno;
	}
	if (!rc && o->tmp && rename(o->tmp, o->path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc && o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o);
	errno = e;
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (!o)
		return;
	if (o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o);
}
