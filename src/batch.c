/*
 * batch: reading the submission folders in the order a run needs.
 *
 * Months in calendar order; in a month, files in the order received, so
 * that of two files from one agency the later one wins. A file's rows are
 * held until it has been read to the end (a file found unreadable half-way
 * gives nothing), then handed on. Each month's accepted percents join the
 * history only when the month is done, so that two files of one month are
 * each compared with the months before, not with each other.
 */
#include "batch.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "infile.h"
#include "xalloc.h"

/* ---- folders ------------------------------------------------------------- */

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Sorted names in dir that pass keep(); free with free_names(). A folder
 * that does not exist has no names; one that cannot be read sets *failed
 * (errno kept).
 */
static char **list_dir(const char *dir,
		       bool (*keep)(const char *dir, const char *name),
		       size_t *n, bool *failed)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d) {
		if (errno != ENOENT)
			*failed = true;
		return NULL;
	}
	while ((de = readdir(d))) {
		if (!keep(dir, de->d_name))
			continue;
		XGROW(names, *n + 1, cap);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), by_name);
	return names;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool is_month_dir(const char *dir, const char *name)
{
	int ym;
	char *p;
	bool ok;

	if (!ym_parse(name, &ym))
		return false;
	p = xasprintf("%s/%s", dir, name);
	ok = is_dir(p);
	free(p);
	return ok;
}

/*
 * Every entry of a month folder is something an agency sent, whatever
 * its name: a workbook, a .txt export or "x.csv " with a trailing space
 * is a submission in the wrong form, rejected with the way to export it
 * again, never passed over (the agency would be counted missing and sent
 * a letter). Left out: hidden names, the receipt log, and the litter of
 * desktops (Office's "~$" owner files, Thumbs.db, desktop.ini).
 */
static bool is_submission(const char *dir, const char *name)
{
	(void)dir;
	return name[0] != '.' && strncmp(name, "~$", 2) != 0 &&
	       strcasecmp(name, "received.csv") != 0 &&
	       strcasecmp(name, "Thumbs.db") != 0 &&
	       strcasecmp(name, "desktop.ini") != 0;
}

const char *batch_agency_from_name(const struct roadmap *rm,
				   const char *name)
{
	char word[16];
	const char *p = name;

	while (*p) {
		size_t n = 0;
		const struct agency *a;

		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p)) {
			if (n < sizeof(word) - 1)
				word[n++] = (char)toupper((unsigned char)*p);
			p++;
		}
		word[n] = '\0';
		if (n && n < sizeof(word) - 1 && (a = roadmap_agency(rm, word)))
			return a->code;
	}
	return NULL;
}

/* The one error of an entry that is not a file tiendo may read (res may
   be NULL). */
static void refuse_entry(const char *path, int err,
			 const struct diag_sink *sink,
			 struct submission_result *res)
{
	enum msg_id id = msg_of_open_errno(err);

	if (res) {
		memset(res, 0, sizeof(*res));
		res->stats.unreadable = true;
		res->stats.errors = 1;
	}
	if (id == M_IO_OPEN)
		diag_report(sink, SEV_ERROR, "source-error", NULL, path, 0, 0,
			    NULL, NULL, id, strerror(err));
	else
		diag_report(sink, SEV_ERROR, "source-error", NULL, path, 0, 0,
			    NULL, NULL, id);
}

/* ---- the receipt log ----------------------------------------------------- */

struct receipt {
	char *file;
	int64_t at;
	const char *agency;          /* the roadmap's code, or NULL */
	unsigned long line;
	bool used;                   /* names a file of the folder */
};

struct receipts {
	struct receipt *v;
	size_t n, cap;
	const struct roadmap *rm;
	bool present;                /* the folder has a receipt log */
};

static void receipt_row(void *ctx, const struct receipt_row *row)
{
	struct receipts *r = ctx;
	const struct agency *a = row->agency ?
				 roadmap_agency(r->rm, row->agency) : NULL;

	XGROW(r->v, r->n + 1, r->cap);
	r->v[r->n].file = xstrdup(row->file);
	r->v[r->n].at = row->at;
	r->v[r->n].agency = a ? a->code : NULL;
	r->v[r->n].line = row->line;
	r->v[r->n].used = false;
	r->n++;
}

/* Read mdir/received.csv into r; returns its path (the caller frees). */
static char *read_receipts(const char *mdir, const char *root,
			   const struct schema *s, const struct roadmap *rm,
			   const struct diag_sink *sink, struct receipts *r)
{
	char *path = xasprintf("%s/received.csv", mdir);
	struct table_stats st;
	struct stat sb;

	memset(r, 0, sizeof(*r));
	r->rm = rm;
	r->present = s && schema_field_index(s, "file") >= 0 &&
		     schema_field_index(s, "received_at") >= 0 &&
		     stat(path, &sb) == 0;
	/* a log out of the input folder is not the month's log */
	if (r->present && infile_check(path, root) < 0 && errno == EXDEV) {
		refuse_entry(path, errno, sink, NULL);
		r->present = false;
	}
	if (r->present)
		submission_check_receipts(path, s, rm, sink, receipt_row, r,
					  &st);
	return path;
}

/* The line of r for a file name; Windows mail clients change the case
   of names. */
static struct receipt *receipt_for(struct receipts *r, const char *name)
{
	size_t j;

	for (j = 0; j < r->n; j++)
		if (strcasecmp(r->v[j].file, name) == 0)
			return &r->v[j];
	return NULL;
}

static void free_receipts(struct receipts *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].file);
	free(r->v);
}

/*
 * Local clock seconds of a file's modification time: the civil time of
 * the process's zone, which cli.c sets to the template's (use_zone()).
 */
static bool mtime_of(const char *path, int64_t *secs)
{
	struct stat st;
	struct tm tm;

	if (stat(path, &st) != 0 || !localtime_r(&st.st_mtime, &tm))
		return false;
	*secs = (int64_t)date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
					 tm.tm_mday) * 86400 +
		tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return true;
}

/* ---- one month ----------------------------------------------------------- */

struct mfile {
	char *name, *path;
	int64_t received;
	bool logged;
	bool known;                   /* received is known (log or mtime) */
	const char *agency;           /* from the log, or NULL */
};

/* Days of local seconds, rounding down. */
static int32_t day_of(int64_t secs)
{
	return (int32_t)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
}

/*
 * The file's agency before its rows are read: the receipt log's, else a
 * word of its name (NULL: its first row's, in submission_check()).
 */
static void attribute(struct submission_opts *so, const struct roadmap *rm,
		      const char *log_agency, const char *name)
{
	so->agency = log_agency;
	so->agency_from = AGENCY_FROM_LOG;
	if (!so->agency) {
		so->agency = batch_agency_from_name(rm, name);
		so->agency_from = so->agency ? AGENCY_FROM_NAME :
				  AGENCY_FROM_ROWS;
	}
}

static int by_received(const void *x, const void *y)
{
	const struct mfile *a = x, *b = y;

	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	return strcmp(a->name, b->name);
}

struct held {                  /* a file's accepted rows, copied */
	struct progress_row *p;
	size_t np, capp;
	struct indicator_row *i;
	size_t ni, capi;
	struct rejected_row *r;       /* rejected rows, for on_file */
	size_t nr, capr;
};

static const char *opt_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void hold_progress(void *ctx, const struct progress_row *r)
{
	struct held *h = ctx;
	struct progress_row *c;

	XGROW(h->p, h->np + 1, h->capp);
	c = &h->p[h->np++];
	*c = *r;
	c->agency = xstrdup(r->agency);
	c->task = xstrdup(r->task);
	c->output_document = opt_dup(r->output_document);
	c->difficulties = opt_dup(r->difficulties);
	c->proposals = opt_dup(r->proposals);
	/* the aggregator keeps no contact: not copied */
	c->contact_name = c->contact_email = c->contact_phone = NULL;
}

static void hold_indicator(void *ctx, const struct indicator_row *r)
{
	struct held *h = ctx;
	struct indicator_row *c;

	XGROW(h->i, h->ni + 1, h->capi);
	c = &h->i[h->ni++];
	*c = *r;
	c->agency = xstrdup(r->agency);
	c->indicator = xstrdup(r->indicator);
	c->source_document = opt_dup(r->source_document);
	c->note = opt_dup(r->note);
}

static void hold_rejected(void *ctx, const struct rejected_row *r)
{
	struct held *h = ctx;
	struct rejected_row *c;

	XGROW(h->r, h->nr + 1, h->capr);
	c = &h->r[h->nr++];
	*c = *r;
	c->key = opt_dup(r->key);
	c->figure_text = opt_dup(r->figure_text);
}

static void release_rejected(struct held *h)
{
	for (size_t k = 0; k < h->nr; k++) {
		free((char *)h->r[k].key);
		free((char *)h->r[k].figure_text);
	}
	free(h->r);
	h->r = NULL;
	h->nr = h->capr = 0;
}

static void release_held(struct held *h)
{
	size_t k;

	for (k = 0; k < h->np; k++) {
		struct progress_row *c = &h->p[k];

		free((char *)c->agency);
		free((char *)c->task);
		free((char *)c->output_document);
		free((char *)c->difficulties);
		free((char *)c->proposals);
	}
	for (k = 0; k < h->ni; k++) {
		struct indicator_row *c = &h->i[k];

		free((char *)c->agency);
		free((char *)c->indicator);
		free((char *)c->source_document);
		free((char *)c->note);
	}
	release_rejected(h);
	free(h->p);
	free(h->i);
	memset(h, 0, sizeof(*h));
}

struct month {
	const struct batch_opts *o;
	struct history *hist;
	struct held pending;          /* accepted percents for the history */
	bool failed;                  /* a folder could not be read */
	unsigned long after;          /* files received after received_by */
	char *failed_dir;             /* the first such */
};

static void discard(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

static bool always_full(void *ctx)
{
	(void)ctx;
	return true;
}

static const struct diag_sink quiet = { discard, NULL, LANG_EN, always_full };

static void check_file(struct month *mo, const struct mfile *mf, int period,
		       const struct diag_sink *sink)
{
	const struct batch_opts *o = mo->o;
	struct held h;
	struct submission_opts so;
	struct batch_file bf;
	struct agg_file af;
	const struct agency *ag;
	size_t k;

	memset(&h, 0, sizeof(h));
	memset(&so, 0, sizeof(so));
	so.rm = o->rm;
	so.folder_period = period;
	/* a falling percent is only a warning: earlier months, read for
	   their figures, need not look for it */
	so.history = period == o->period ? mo->hist : NULL;
	so.on_progress = hold_progress;
	so.on_indicator = hold_indicator;
	so.ctx = &h;
	attribute(&so, o->rm, mf->agency, mf->name);
	so.allow_other_agency = o->allow_other_agency;
	so.has_received = mf->known;
	so.received_day = day_of(mf->received);
	/* the period's rejected rows, for its agency's report */
	if (o->on_file && period == o->period)
		so.on_rejected = hold_rejected;
	memset(&bf, 0, sizeof(bf));
	/* a folder, a FIFO, a device, a link to nothing or out of the
	   input folder: one error for the entry, and the run goes on */
	if (infile_check(mf->path, o->input) < 0)
		refuse_entry(mf->path, errno, sink, &bf.res);
	else
		submission_check(mf->path, o->ss, &so, sink, &bf.res);
	/* gone or swapped since it was listed: received, but unreadable */
	if (bf.res.stats.missing) {
		bf.res.stats.missing = false;
		bf.res.stats.unreadable = true;
	}
	bf.path = mf->path;
	bf.name = mf->name;
	bf.received = mf->received;
	bf.logged = mf->logged;
	ag = bf.res.agency[0] ? roadmap_agency(o->rm, bf.res.agency) : NULL;
	bf.agency = so.agency ? so.agency : ag ? ag->code : NULL;
	if (bf.res.stats.unreadable)
		release_held(&h);
	bf.rejected = h.r;
	bf.nrejected = h.nr;
	bf.accepted = h.p;
	bf.naccepted = h.np;
	if (!bf.agency && !bf.res.stats.missing)
		diag_report(sink, SEV_WARNING, "unknown-agency", NULL, mf->path,
			    0, 0, NULL, NULL, M_FILE_NO_AGENCY);
	if (o->agg) {
		memset(&af, 0, sizeof(af));
		af.name = mf->path;
		af.kind = bf.res.kind;
		af.agency = bf.agency;
		af.received = mf->received;
		af.stats = bf.res.stats;
		agg_add_file(o->agg, &af, h.p, h.np, h.i, h.ni);
	}
	if (o->on_file && period == o->period)
		o->on_file(o->ctx, &bf);
	/* the percents wait for the month's end to join the history */
	for (k = 0; k < h.np; k++) {
		struct progress_row *c = &h.p[k];

		XGROW(mo->pending.p, mo->pending.np + 1, mo->pending.capp);
		memset(&mo->pending.p[mo->pending.np], 0, sizeof(*c));
		mo->pending.p[mo->pending.np].agency = c->agency;
		mo->pending.p[mo->pending.np].task = c->task;
		mo->pending.p[mo->pending.np].period = c->period;
		mo->pending.p[mo->pending.np].percent = c->percent;
		mo->pending.np++;
		c->agency = c->task = NULL;  /* moved */
	}
	release_held(&h);
}

int batch_month_lock(const char *mdir, bool exclusive, bool create)
{
	char *path = xasprintf("%s/" BATCH_MONTH_LOCK, mdir);
	int fd = open(path, (create ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC |
		      O_NOFOLLOW, 0644);

	free(path);
	if (fd < 0)
		return !create && errno == ENOENT ? -2 : -1;
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
		if (errno != EINTR) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
	}
	return fd;
}

static void read_month(struct month *mo, const char *root, const char *name)
{
	const struct batch_opts *o = mo->o;
	char *mdir = xasprintf("%s/%s", root, name), *log;
	int period, lock;
	const struct diag_sink *sink;
	struct receipts rc;
	struct receipt *rp;
	struct mfile *files;
	size_t n, i, j;
	char **names;
	char when[17];

	ym_parse(name, &period);
	/* intake may be storing a file: each whole with its line, or not */
	lock = batch_month_lock(mdir, false, false);
	sink = period == o->period && o->sink ? o->sink : &quiet;
	if (o->agg)
		agg_begin_month(o->agg, period);
	log = read_receipts(mdir, o->input, o->received, o->rm, sink, &rc);
	names = list_dir(mdir, is_submission, &n, &mo->failed);
	if (lock == -2 && (lock = batch_month_lock(mdir, false, false)) >= 0) {
		/* intake made the lock while the month was read: it may
		   have named a file whose line was not yet written. Read
		   again under the lock (quietly: the lines it added are
		   its own, and the others were reported above). */
		free_receipts(&rc);
		free_names(names, n);
		free(log);
		log = read_receipts(mdir, o->input, o->received, o->rm,
				    &quiet, &rc);
		names = list_dir(mdir, is_submission, &n, &mo->failed);
	}
	if (rc.present && o->on_input)
		o->on_input(o->ctx, log, true);
	if (mo->failed && !mo->failed_dir)
		mo->failed_dir = xstrdup(mdir);
	files = xcalloc(n + 1, sizeof(*files));
	for (i = 0; i < n; i++) {
		files[i].name = names[i];
		files[i].path = xasprintf("%s/%s", mdir, names[i]);
		if ((rp = receipt_for(&rc, names[i]))) {
			files[i].received = rp->at;
			files[i].logged = files[i].known = true;
			files[i].agency = rp->agency;
			rp->used = true;
			continue;
		}
		files[i].known = mtime_of(files[i].path, &files[i].received);
		if (!files[i].known)
			files[i].received = 0;
		if (rc.present)
			diag_report(sink, SEV_WARNING, "receipt-missing", NULL,
				    files[i].path, 0, 0, NULL, NULL,
				    M_RECEIPT_MISSING,
				    datetime_format(files[i].received, when));
	}
	for (j = 0; j < rc.n; j++)
		if (!rc.v[j].used)
			diag_report(sink, SEV_WARNING, "receipt-unknown-file", NULL,
				    log, rc.v[j].line, 1, "file", rc.v[j].file,
				    M_RECEIPT_UNKNOWN_FILE, rc.v[j].file);
	if (n)
		qsort(files, n, sizeof(*files), by_received);
	for (i = 0; i < n; i++) {
		if (o->received_by && files[i].received > o->received_by) {
			mo->after++;   /* not there yet on the as-of day */
			continue;
		}
		check_file(mo, &files[i], period, sink);
		if (o->on_input)
			o->on_input(o->ctx, files[i].path, false);
	}
	if (mo->hist) {
		for (i = 0; i < mo->pending.np; i++)
			history_record(mo->hist, mo->pending.p[i].agency,
				       mo->pending.p[i].task,
				       mo->pending.p[i].period,
				       mo->pending.p[i].percent);
	}
	release_held(&mo->pending);
	for (i = 0; i < n; i++)
		free(files[i].path);
	free(files);
	free_names(names, n);
	free_receipts(&rc);
	free(log);
	free(mdir);
	if (lock >= 0)
		close(lock);
}

static void walk(struct month *mo, const char *input, int upto,
		 struct batch_result *res)
{
	char *root = xasprintf("%s/submissions", input);
	size_t nm, i;
	char **months = list_dir(root, is_month_dir, &nm, &mo->failed);

	if (mo->failed && !mo->failed_dir)
		mo->failed_dir = xstrdup(root);
	for (i = 0; i < nm; i++) {
		int m;

		ym_parse(months[i], &m);
		if (m > upto)
			break;
		read_month(mo, root, months[i]);
		if (res) {
			res->months++;
			res->period_folder |= m == upto;
		}
	}
	free_names(months, nm);
	free(root);
}

int batch_run(const struct batch_opts *o, struct batch_result *res)
{
	struct month mo;

	memset(res, 0, sizeof(*res));
	memset(&mo, 0, sizeof(mo));
	mo.o = o;
	mo.hist = history_new_newest();
	walk(&mo, o->input, o->period, res);
	res->after = mo.after;
	history_free(mo.hist);
	if (mo.failed) {
		snprintf(res->unreadable, sizeof(res->unreadable), "%s",
			 mo.failed_dir);
		free(mo.failed_dir);
		return -1;
	}
	return 0;
}

struct history *batch_history(const char *input, const struct roadmap *rm,
			      const struct submission_schemas *ss,
			      const struct schema *received,
			      bool allow_other_agency)
{
	struct batch_opts o;
	struct month mo;

	memset(&o, 0, sizeof(o));
	o.input = input;
	o.rm = rm;
	o.ss = ss;
	o.received = received;
	o.allow_other_agency = allow_other_agency;
	o.period = INT32_MAX;
	memset(&mo, 0, sizeof(mo));
	mo.o = &o;
	mo.hist = history_new();
	walk(&mo, input, INT32_MAX, NULL);
	free(mo.failed_dir);  /* the files named are checked on their own */
	return mo.hist;
}

bool batch_receipt_of(const char *path, const struct roadmap *rm,
		      const struct schema *received, struct batch_receipt *out)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	struct receipts rc;
	struct receipt *rp;
	char *dir, *log;

	memset(out, 0, sizeof(*out));
	memset(&rc, 0, sizeof(rc));
	log = NULL;
	if (submission_folder_period(path) >= 0) {
		dir = slash ? xstrndup(path, (size_t)(slash - path)) :
		      xstrdup(".");
		log = read_receipts(dir, NULL, received, rm, &quiet, &rc);
		free(dir);
	}
	if ((rp = receipt_for(&rc, name))) {
		out->received = rp->at;
		out->known = out->logged = true;
		out->agency = rp->agency;
	} else {
		out->known = mtime_of(path, &out->received);
	}
	free_receipts(&rc);
	free(log);
	out->from = AGENCY_FROM_LOG;
	if (!out->agency) {
		out->agency = rm ? batch_agency_from_name(rm, name) : NULL;
		out->from = out->agency ? AGENCY_FROM_NAME : AGENCY_FROM_ROWS;
	}
	out->received_day = day_of(out->received);
	return out->known;
}
