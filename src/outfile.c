/*
 * outfile: temporary file, fsync, rename. See outfile.h.
 */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

struct outfile {
	char *path, *tmp;
	FILE *fp;
};

struct outfile *outfile_open(const char *path)
{
	struct outfile *o = xcalloc(1, sizeof(*o));
	int fd;

	o->path = xstrdup(path);
	o->tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		free(o);
		errno = e;
		return NULL;
	}
	return o;
}

FILE *outfile_stream(struct outfile *o)
{
	return o->fp;
}

int outfile_commit(struct outfile *o)
{
	int rc = 0, e = 0;

	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		rc = -1;
		e = errno ? errno : EIO;
	}
	if (fclose(o->fp) != 0 && !rc) {
		rc = -1;
		e = errno;
	}
	if (!rc && rename(o->tmp, o->path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc)
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
	fclose(o->fp);
	unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o);
}
