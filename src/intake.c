/*
 * intake: checking and storing a file handed in to the intake service.
 *
 * The check is validate's (submission_check_mem() with what a run would
 * know of the file: its month, its agency from the token, the day it
 * came). Storing is the CLI's way of writing (temporary name, fsync,
 * rename) plus one line in the month's received.csv, both under the
 * month's lock so that a run never sees one without the other.
 */
#define _GNU_SOURCE  /* renameat2() */
#include "intake.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "date.h"
#include "emit.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

#define TEMP_PREFIX ".intake-"
#define LOG_HEADER "file,received_at,agency,sha256"
#define LOG_MAX ((off_t)64 << 20)    /* a receipt log read back, at most */

char *intake_name(char buf[64], const char *agency, int period, int64_t t,
		  unsigned n)
{
	int y, m, d;
	int64_t s = ((t % 86400) + 86400) % 86400;
	char ym[8], more[16] = "";

	date_to_civil((int32_t)((t - s) / 86400), &y, &m, &d);
	if (n > 1)
		snprintf(more, sizeof(more), "-%u", n);
	snprintf(buf, 64, "%.8s-%s-%04d%02d%02dT%02d%02d%02d%s.csv", agency,
		 ym_format(period, ym), y, m, d, (int)(s / 3600),
		 (int)(s / 60 % 60), (int)(s % 60), more);
	return buf;
}

/* n characters of p that pass is(). */
static bool run_of(const char *p, size_t n, int (*is)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!p[i] || !is((unsigned char)p[i]))
			return false;
	return true;
}

static int is_code(int c)
{
	return isupper(c) || isdigit(c);
}

bool intake_is_name(const char *name)
{
	const char *p = name, *dash;
	size_t n;

	dash = strchr(p, '-');
	if (!dash || dash == p || dash - p > 8 || !run_of(p, dash - p, is_code))
		return false;
	p = dash + 1;
	/* YYYY-MM-YYYYMMDDTHHMMSS */
	if (!run_of(p, 4, isdigit) || p[4] != '-' ||
	    !run_of(p + 5, 2, isdigit) || p[7] != '-' ||
	    !run_of(p + 8, 8, isdigit) || p[16] != 'T' ||
	    !run_of(p + 17, 6, isdigit))
		return false;
	p += 23;
	if (*p == '-') {
		p++;
		n = strspn(p, "0123456789");
		if (!n || *p == '0')
			return false;
		p += n;
	}
	return strcmp(p, ".csv") == 0;
}

/* ---- the history, cached ------------------------------------------------ */

/*
 * A history shared by the checks under way: freed by the last one to let
 * go of it once a newer one replaced it. Its signature is taken from the
 * name, size and modification time of every entry of every month folder,
 * so that a file added, replaced or edited by hand is seen.
 */
struct shared_history {
	struct history *h;
	unsigned refs;
	uint64_t sig;
};

struct intake_cache {
	pthread_mutex_t lock;
	struct shared_history *cur;
};

struct intake_cache *intake_cache_new(void)
{
	struct intake_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void let_go(struct shared_history *sh)
{
	if (sh && --sh->refs == 0) {
		history_free(sh->h);
		free(sh);
	}
}

void intake_cache_free(struct intake_cache *c)
{
	if (!c)
		return;
	let_go(c->cur);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* The signature of every entry under input/submissions/YYYY-MM/. */
static uint64_t tree_sig(const char *input)
{
	char *root = xasprintf("%s/submissions", input);
	DIR *d = opendir(root), *md;
	struct dirent *de, *fe;
	uint64_t h = 14695981039346656037ull;
	struct stat sb;
	int ym;

	while (d && (de = readdir(d))) {
		char *mdir;

		if (!ym_parse(de->d_name, &ym))
			continue;
		mdir = xasprintf("%s/%s", root, de->d_name);
		h = fnv(h, de->d_name, strlen(de->d_name) + 1);
		if ((md = opendir(mdir))) {
			int fd = dirfd(md);

			while ((fe = readdir(md))) {
				if (fe->d_name[0] == '.' && (!fe->d_name[1] ||
				    strncmp(fe->d_name, TEMP_PREFIX,
					    strlen(TEMP_PREFIX)) == 0 ||
				    strcmp(fe->d_name, BATCH_MONTH_LOCK) == 0 ||
				    strcmp(fe->d_name, "..") == 0))
					continue;
				h = fnv(h, fe->d_name, strlen(fe->d_name) + 1);
				if (fstatat(fd, fe->d_name, &sb, 0) < 0)
					continue;
				h = fnv(h, &sb.st_size, sizeof(sb.st_size));
				h = fnv(h, &sb.st_mtim, sizeof(sb.st_mtim));
				h = fnv(h, &sb.st_ino, sizeof(sb.st_ino));
			}
			closedir(md);
		}
		free(mdir);
	}
	if (d)
		closedir(d);
	free(root);
	return h;
}

static struct shared_history *history_get(const struct intake *in)
{
	struct intake_cache *c = in->cache;
	struct shared_history *sh;
	uint64_t sig;

	if (!c) {
		sh = xcalloc(1, sizeof(*sh));
		sh->refs = 1;
		sh->h = batch_history(in->input, in->rm, in->ss, in->received,
				      in->allow_other_agency);
		return sh;
	}
	sig = tree_sig(in->input);
	pthread_mutex_lock(&c->lock);
	if (!c->cur || c->cur->sig != sig) {
		/* read under the lock: one reader, the others wait for it */
		sh = xcalloc(1, sizeof(*sh));
		sh->refs = 1;  /* the cache's */
		sh->sig = sig;
		sh->h = batch_history(in->input, in->rm, in->ss, in->received,
				      in->allow_other_agency);
		let_go(c->cur);
		c->cur = sh;
	}
	sh = c->cur;
	sh->refs++;
	pthread_mutex_unlock(&c->lock);
	return sh;
}

static void history_put(const struct intake *in, struct shared_history *sh)
{
	if (in->cache)
		pthread_mutex_lock(&in->cache->lock);
	let_go(sh);
	if (in->cache)
		pthread_mutex_unlock(&in->cache->lock);
}

/* ---- checking -------------------------------------------------------- */

static char *read_log(int fd, off_t size);

/* What a run would know of the file before reading it. */
static void opts_for(const struct intake *in, struct submission_opts *so,
		     struct history *hist, const char *agency, int period,
		     int64_t now)
{
	memset(so, 0, sizeof(*so));
	so->rm = in->rm;
	so->folder_period = period;
	so->history = hist;
	so->agency = agency;
	so->agency_from = agency ? AGENCY_FROM_TOKEN : AGENCY_FROM_ROWS;
	so->allow_other_agency = in->allow_other_agency;
	so->has_received = true;
	so->received_day = (int32_t)(datetime_local(now) / 86400);
}

static const char *kind_of(const struct submission_result *res)
{
	return res->kind == SUB_PROGRESS ? "progress" :
	       res->kind == SUB_INDICATOR ? "indicator" : NULL;
}

int intake_check(const struct intake *in, const void *data, size_t n,
		 const char *name, const char *agency, int period,
		 int64_t now, enum lang lang, FILE *out,
		 struct submission_result *res)
{
	struct shared_history *hist = history_get(in);
	struct emitter *em = emit_open(out, EMIT_JSON, lang, in->max_problems);
	struct diag_sink sink = emit_sink(em);
	struct submission_opts so;
	int rc;

	opts_for(in, &so, hist->h, agency, period, now);
	emit_begin_roadmap(em);
	emit_end_roadmap(em, false);
	emit_begin_file(em, name);
	rc = submission_check_mem(data, n, name, in->ss, &so, &sink, res);
	emit_end_file(em, name, kind_of(res), res->agency, &res->stats);
	emit_close(em);
	history_put(in, hist);
	return rc;
}

int intake_submit(const struct intake *in, const void *data, size_t n,
		  const char *agency, int period, int64_t now, enum lang lang,
		  FILE *out, struct intake_stored *st,
		  struct submission_result *res, char **err)
{
	struct shared_history *hist;
	struct emitter *em;
	struct diag_sink sink;
	struct submission_opts so;
	struct emit_receipt r;
	char ym[8];

	if (intake_store(in->input, data, n, agency, period, now, st, err) < 0)
		return -1;
	hist = history_get(in);
	em = emit_open(out, EMIT_RECEIPT, lang, in->max_problems);
	sink = emit_sink(em);
	opts_for(in, &so, hist->h, agency, period, now);
	r.agency = agency;
	r.period = ym_format(period, ym);
	r.file = st->file;
	r.received_at = st->received_at;
	r.sha256 = st->sha256;
	emit_begin_receipt(em, &r);
	submission_check_mem(data, n, st->file, in->ss, &so, &sink, res);
	emit_end_receipt(em, kind_of(res), &res->stats);
	emit_close(em);
	history_put(in, hist);
	return 0;
}

int intake_check_stored(const struct intake *in, int period,
			const char *name, enum lang lang, FILE *out,
			struct submission_result *res)
{
	char ym[8], *path, *data = NULL;
	struct batch_receipt br;
	struct shared_history *hist;
	struct emitter *em;
	struct diag_sink sink;
	struct submission_opts so;
	struct stat sb;
	int fd, rc = -1;

	path = xasprintf("%s/submissions/%s/%s", in->input,
			 ym_format(period, ym), name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    !(data = read_log(fd, sb.st_size)))
		goto out;
	hist = history_get(in);
	/* what a run knows of it, as validate finds it */
	memset(&so, 0, sizeof(so));
	so.rm = in->rm;
	so.folder_period = period;
	so.history = hist->h;
	so.has_received = batch_receipt_of(path, in->rm, in->received, &br);
	so.received_day = br.received_day;
	so.agency = br.agency;
	so.agency_from = br.from;
	so.allow_other_agency = in->allow_other_agency;
	em = emit_open(out, EMIT_JSON, lang, in->max_problems);
	sink = emit_sink(em);
	emit_begin_roadmap(em);
	emit_end_roadmap(em, false);
	emit_begin_file(em, name);
	rc = submission_check_mem(data, (size_t)sb.st_size, name, in->ss, &so,
				  &sink, res);
	emit_end_file(em, name, kind_of(res), res->agency, &res->stats);
	emit_close(em);
	history_put(in, hist);
out:
	if (fd >= 0)
		close(fd);
	free(data);
	free(path);
	return rc;
}

/* ---- storing --------------------------------------------------------- */

static int fail(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(char **err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*err = strbuf_detach(&sb, NULL);
	return -1;
}

/* mkdir -p of dir; 0 or -1 (errno). */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				rc = -1;
			*s = '/';
		}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	else
		rc = 0;
	free(p);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Move tmp to dir/name without replacing a file there. */
static int move_in(const char *tmp, const char *final)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* a file system without RENAME_NOREPLACE: link() does not replace */
	if (link(tmp, final) < 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* The columns of a receipt log's header line (BOM, quotes and CR off). */
struct log_cols {
	int n;
	int file, at, agency, sha;   /* their indexes, or -1 */
	bool crlf;
};

static void map_header(const char *line, size_t len, struct log_cols *c)
{
	const char *p = line, *end = line + len;

	memset(c, 0, sizeof(*c));
	c->file = c->at = c->agency = c->sha = -1;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (end > p && end[-1] == '\r') {
		c->crlf = true;
		end--;
	}
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end, *s = p;
		size_t k;

		while (s < e && (*s == ' ' || *s == '"'))
			s++;
		k = (size_t)(e - s);
		while (k && (s[k - 1] == ' ' || s[k - 1] == '"'))
			k--;
		if (k == 4 && memcmp(s, "file", 4) == 0)
			c->file = c->n;
		else if (k == 11 && memcmp(s, "received_at", 11) == 0)
			c->at = c->n;
		else if (k == 6 && memcmp(s, "agency", 6) == 0)
			c->agency = c->n;
		else if (k == 6 && memcmp(s, "sha256", 6) == 0)
			c->sha = c->n;
		c->n++;
		if (!comma)
			break;
		p = comma + 1;
	}
}

/* The whole text of the log at fd (size bytes); the caller frees. */
static char *read_log(int fd, off_t size)
{
	char *buf = xmalloc((size_t)size + 1);
	off_t got = 0;

	while (got < size) {
		ssize_t r = pread(fd, buf + got, (size_t)(size - got), got);

		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		got += r;
	}
	buf[size] = '\0';
	return buf;
}

/*
 * Append the line of st to mdir/received.csv with one write(), the header
 * first when the log is new; its columns in the order of the log's own
 * header. On failure the log is as it was (cut back). 0, or -1 and *err.
 */
static int log_line(const char *mdir, const char *agency,
		    const struct intake_stored *st, char **err)
{
	char *path = xasprintf("%s/received.csv", mdir), *old = NULL;
	struct strbuf line = STRBUF_INIT;
	struct log_cols c;
	struct stat sb;
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC |
		      O_NOFOLLOW, 0644), rc = -1;

	if (fd < 0 || fstat(fd, &sb) < 0) {
		fail(err, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (sb.st_size == 0) {
		strbuf_addstr(&line, LOG_HEADER "\n");
		map_header(LOG_HEADER, strlen(LOG_HEADER), &c);
	} else {
		const char *nl;

		if (!(old = read_log(fd, sb.st_size))) {
			fail(err, "cannot read '%s': %s", path,
			     strerror(errno));
			goto out;
		}
		nl = strchr(old, '\n');
		map_header(old, nl ? (size_t)(nl - old) : strlen(old), &c);
		if (c.file < 0 || c.at < 0) {
			fail(err, "'%s' has no columns file and received_at in "
			     "its first line: correct it by hand", path);
			goto out;
		}
		if (old[sb.st_size - 1] != '\n')  /* a hand-kept last line */
			strbuf_addstr(&line, c.crlf ? "\r\n" : "\n");
	}
	for (int i = 0; i < c.n; i++) {
		if (i)
			strbuf_addch(&line, ',');
		if (i == c.file)
			strbuf_addstr(&line, st->file);
		else if (i == c.at)
			strbuf_addstr(&line, st->received_at);
		else if (i == c.agency)
			strbuf_addstr(&line, agency);
		else if (i == c.sha)
			strbuf_addstr(&line, st->sha256);
	}
	strbuf_addstr(&line, c.crlf ? "\r\n" : "\n");
	{
		ssize_t w = write(fd, line.buf, line.len);

		if (w != (ssize_t)line.len || fsync(fd) < 0) {
			int e = w < 0 ? errno : ENOSPC;

			if (ftruncate(fd, sb.st_size) == 0)
				fsync(fd);
			fail(err, "cannot write '%s': %s", path, strerror(e));
			goto out;
		}
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&line);
	free(old);
	free(path);
	return rc;
}

int intake_store(const char *input, const void *data, size_t n,
		 const char *agency, int period, int64_t now,
		 struct intake_stored *st, char **err)
{
	char ym[8], *mdir, *tmp = NULL, *final = NULL;
	struct sha256 h;
	int fd = -1, lock = -1, rc = -1;
	int64_t t = datetime_local(now);
	bool moved = false;

	memset(st, 0, sizeof(*st));
	mdir = xasprintf("%s/submissions/%s", input, ym_format(period, ym));
	if (make_dirs(mdir) < 0) {
		fail(err, "cannot make the folder '%s': %s", mdir,
		     strerror(errno));
		goto out;
	}
	sha256_init(&h);
	sha256_update(&h, data, n);
	sha256_final_hex(&h, st->sha256);
	{
		char day[17];

		snprintf(st->received_at, sizeof(st->received_at), "%s:%02d",
			 datetime_format(t, day), (int)(((t % 60) + 60) % 60));
	}

	/* the bytes, whole, under a name no run reads */
	tmp = xasprintf("%s/" TEMP_PREFIX "XXXXXX", mdir);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		fail(err, "cannot write in '%s': %s", mdir, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0644) < 0 || write_all(fd, data, n) < 0 ||
	    fsync(fd) < 0) {
		fail(err, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		fail(err, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;

	/* named and logged at once, as a run sees it */
	lock = batch_month_lock(mdir, true, true);
	if (lock < 0) {
		fail(err, "cannot lock '%s': %s", mdir, strerror(errno));
		goto out;
	}
	for (unsigned k = 1; ; k++) {
		intake_name(st->file, agency, period, t, k);
		free(final);
		final = xasprintf("%s/%s", mdir, st->file);
		if (move_in(tmp, final) == 0)
			break;
		if (errno != EEXIST || k >= 999) {
			fail(err, "cannot name '%s': %s", final,
			     strerror(errno));
			goto out;
		}
	}
	moved = true;
	if (fsync_dir(mdir) < 0) {
		fail(err, "cannot write in '%s': %s", mdir, strerror(errno));
		goto out;
	}
	if (log_line(mdir, agency, st, err) < 0)
		goto out;
	snprintf(st->path, sizeof(st->path), "%s", final);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && moved) {
		unlink(final);
		fsync_dir(mdir);
	} else if (rc < 0 && tmp) {
		unlink(tmp);
	}
	if (lock >= 0)
		close(lock);
	free(final);
	free(tmp);
	free(mdir);
	return rc;
}

/* ---- the log, read back ------------------------------------------------- */

/* The cell i of a log line (quotes taken off) into buf. */
static void cell_of(const char *line, size_t len, int i, char *buf,
		    size_t cap)
{
	const char *p = line, *end = line + len;
	size_t k;

	buf[0] = '\0';
	if (i < 0)
		return;
	while (i-- > 0) {
		const char *comma = memchr(p, ',', (size_t)(end - p));

		if (!comma)
			return;
		p = comma + 1;
	}
	{
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end;

		while (e > p && (e[-1] == '\r' || e[-1] == '"' || e[-1] == ' '))
			e--;
		while (p < e && (*p == '"' || *p == ' '))
			p++;
		k = (size_t)(e - p);
		if (k >= cap)
			k = cap - 1;
		memcpy(buf, p, k);
		buf[k] = '\0';
	}
}

bool intake_logged(const char *mdir, const char *name, struct intake_line *l)
{
	char *path = xasprintf("%s/received.csv", mdir), *text = NULL;
	const char *p, *nl;
	struct log_cols c;
	struct stat sb;
	bool found = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (l)
		memset(l, 0, sizeof(*l));
	if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size == 0 ||
	    sb.st_size > LOG_MAX || !(text = read_log(fd, sb.st_size)))
		goto out;
	nl = strchr(text, '\n');
	map_header(text, nl ? (size_t)(nl - text) : strlen(text), &c);
	for (p = nl ? nl + 1 : NULL; p && *p && !found;
	     p = nl ? nl + 1 : NULL) {
		char cell[256];
		size_t len;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		cell_of(p, len, c.file, cell, sizeof(cell));
		if (strcmp(cell, name) == 0) {
			found = true;
			if (!l)
				break;
			cell_of(p, len, c.agency, l->agency, sizeof(l->agency));
			cell_of(p, len, c.at, l->received_at,
				sizeof(l->received_at));
			cell_of(p, len, c.sha, l->sha256, sizeof(l->sha256));
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(path);
	return found;
}

/* ---- sweeping -------------------------------------------------------- */

/* Does the month folder hold something to sweep? With doit, sweep it. */
static unsigned sweep_month(const char *mdir, bool doit,
			    void (*each)(void *ctx, const char *path),
			    void *ctx)
{
	DIR *d = opendir(mdir);
	struct dirent *de;
	unsigned n = 0;
	char *log = xasprintf("%s/received.csv", mdir);
	struct stat sb;
	/* a log that is gone, or cannot be read whole, tells nothing: then
	   no stored file is taken for one a killed server left */
	bool log_ok = stat(log, &sb) == 0 && S_ISREG(sb.st_mode) &&
		      sb.st_size <= LOG_MAX && access(log, R_OK) == 0;

	free(log);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		bool temp = strncmp(de->d_name, TEMP_PREFIX,
				    strlen(TEMP_PREFIX)) == 0;

		if (!temp && !(log_ok && intake_is_name(de->d_name) &&
			       !intake_logged(mdir, de->d_name, NULL)))
			continue;
		n++;
		if (doit) {
			char *p = xasprintf("%s/%s", mdir, de->d_name);

			if (unlink(p) == 0 && each)
				each(ctx, p);
			free(p);
		}
	}
	closedir(d);
	return n;
}

int intake_sweep(const char *input, void (*each)(void *ctx, const char *path),
		 void *ctx, unsigned *removed, char **err)
{
	char *root = xasprintf("%s/submissions", input);
	DIR *d = opendir(root);
	struct dirent *de;
	unsigned n = 0;
	int rc = 0;

	if (!d) {
		free(root);
		if (removed)
			*removed = 0;
		return 0;  /* no submission yet: nothing to sweep */
	}
	while ((de = readdir(d))) {
		char *mdir;
		int ym, lock;

		if (!ym_parse(de->d_name, &ym))
			continue;
		mdir = xasprintf("%s/%s", root, de->d_name);
		if (sweep_month(mdir, false, NULL, NULL)) {
			lock = batch_month_lock(mdir, true, true);
			if (lock < 0) {
				if (rc == 0)
					fail(err, "cannot lock '%s': %s", mdir,
					     strerror(errno));
				rc = -1;
			} else {
				n += sweep_month(mdir, true, each, ctx);
				fsync_dir(mdir);
				close(lock);
			}
		}
		free(mdir);
	}
	closedir(d);
	free(root);
	if (removed)
		*removed = n;
	return rc;
}
