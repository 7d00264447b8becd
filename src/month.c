/*
 * month: one month end to end, written into a folder that appears whole.
 *
 * The run reads through batch.c (which feeds the aggregator), listens to
 * every problem (kept per file for the agency reports, streamed to the
 * validation CSV), then draws the documents through the render modules.
 * Each file is written with outfile.c into a staging folder; the staging
 * folder is exchanged with the month's folder at the end. A stale staging
 * folder (a run killed earlier) is removed first; the caller holds the
 * lock that makes this safe.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "date.h"
#include "emit.h"
#include "escape.h"
#include "infile.h"
#include "month.h"
#include "outfile.h"
#include "render_data.h"
#include "render_letter.h"
#include "render_agency.h"
#include "render_summary.h"
#include "sha256.h"
#include "xalloc.h"

#define KEEP_PROBLEMS 500        /* per file, for its agency's report */

struct collect {
	const struct month_opts *o;
	struct month_result *res;
	struct emitter *csv;         /* validation-YYYY-MM.csv, or NULL */
	struct diag_sink csv_sink;
	struct doc_file *files;
	char **paths;                /* of files[i] */
	size_t nfiles;
	struct held {                /* problems of a file not yet done */
		char *path;
		struct doc_problem p;
	} *held;
	size_t nheld;
	struct input {               /* a file read, for the manifest */
		char *path;
		const char *role;        /* "submission", "schema", ... */
		bool in_input;           /* found in the input folder */
	} *inputs;
	size_t ninputs;
	char *held_path;             /* the file whose problems are held */
	size_t held_count;           /* held for it */
	unsigned long held_more;     /* beyond KEEP_PROBLEMS, not held */
	bool forward;                /* pass problems on to o->sink */
};

static void add_input(struct collect *c, const char *path, const char *role,
		      bool in_input)
{
	for (size_t i = 0; i < c->ninputs; i++)
		if (strcmp(c->inputs[i].path, path) == 0)
			return;
	c->inputs = xreallocarray(c->inputs, c->ninputs + 1, sizeof(*c->inputs));
	c->inputs[c->ninputs].path = xstrdup(path);
	c->inputs[c->ninputs].role = role;
	c->inputs[c->ninputs++].in_input = in_input;
}

/* Every file a month of the trend read, the receipt logs too. */
static void on_input(void *ctx, const char *path, bool receipts)
{
	add_input(ctx, path, receipts ? "receipts" : "submission", true);
}

static void keep(struct doc_file *f, const struct doc_problem *p)
{
	if (f->nproblems >= KEEP_PROBLEMS) {
		f->more++;
		free(p->code);
		free(p->field);
		free(p->message);
		return;
	}
	f->problems = xreallocarray(f->problems, f->nproblems + 1,
				    sizeof(*f->problems));
	f->problems[f->nproblems++] = *p;
}

static void on_problem(void *ctx, const struct diag *d)
{
	struct collect *c = ctx;
	struct doc_problem p;
	size_t i;

	if (d->severity == SEV_ERROR)
		c->res->errors++;
	else
		c->res->warnings++;
	if (c->o->sink && c->forward)
		c->o->sink->emit(c->o->sink->ctx, d);
	if (c->csv)
		c->csv_sink.emit(c->csv_sink.ctx, d);
	memset(&p, 0, sizeof(p));
	p.error = d->severity == SEV_ERROR;
	p.line = d->line;
	p.col = d->col;
	p.code = xstrdup(d->code);
	p.field = d->field ? xstrdup(d->field) : NULL;
	p.message = xstrdup(d->message ? d->message : "");
	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->paths[i], d->file) == 0) {
			keep(&c->files[i], &p);
			return;
		}
	/* a file being checked: keep its first problems, count the rest */
	if (c->held_path && strcmp(c->held_path, d->file) == 0 &&
	    c->held_count >= KEEP_PROBLEMS) {
		c->held_more++;
		free(p.code);
		free(p.field);
		free(p.message);
		return;
	}
	if (!c->held_path || strcmp(c->held_path, d->file) != 0) {
		free(c->held_path);
		c->held_path = xstrdup(d->file);
		c->held_count = 0;
		c->held_more = 0;
	}
	c->held_count++;
	c->held = xreallocarray(c->held, c->nheld + 1, sizeof(*c->held));
	c->held[c->nheld].path = xstrdup(d->file);
	c->held[c->nheld++].p = p;
}

/*
 * A later file of the same agency reported these tasks and was accepted:
 * its figures count, so the rows rejected for them in earlier files are
 * owed no more (their problems stay listed with their files).
 */
static void drop_superseded(struct collect *c, const struct batch_file *bf)
{
	for (size_t i = 0; bf->agency && i < c->nfiles; i++) {
		struct doc_file *f = &c->files[i];
		size_t k = 0;

		if (!f->agency || strcmp(f->agency, bf->agency) != 0)
			continue;
		for (size_t j = 0; j < f->nrejected; j++) {
			struct doc_row *r = &f->rejected[j];
			bool gone = false;

			for (size_t a = 0; !r->indicator && r->key &&
			     a < bf->naccepted && !gone; a++)
				gone = strcmp(bf->accepted[a].task, r->key) == 0;
			if (gone) {
				free(r->key);
				free(r->figure_text);
			} else {
				f->rejected[k++] = *r;
			}
		}
		f->nrejected = k;
	}
}

static void on_file(void *ctx, const struct batch_file *bf)
{
	struct collect *c = ctx;
	struct doc_file *f;
	size_t i, k = 0;

	drop_superseded(c, bf);
	c->files = xreallocarray(c->files, c->nfiles + 1, sizeof(*c->files));
	c->paths = xreallocarray(c->paths, c->nfiles + 1, sizeof(*c->paths));
	f = &c->files[c->nfiles];
	memset(f, 0, sizeof(*f));
	f->name = escape_name_dup(bf->name);  /* as every output shows it */
	f->agency = bf->agency ? xstrdup(bf->agency) : NULL;
	f->received = bf->received;
	f->stats = bf->res.stats;
	c->paths[c->nfiles++] = xstrdup(bf->path);
	/* the problems it had while being checked */
	for (i = 0; i < c->nheld; i++) {
		if (strcmp(c->held[i].path, bf->path) == 0) {
			keep(f, &c->held[i].p);
			free(c->held[i].path);
		} else {
			c->held[k++] = c->held[i];
		}
	}
	c->nheld = k;
	/* the rows it had rejected, the first ones */
	for (i = 0; i < bf->nrejected; i++) {
		const struct rejected_row *r = &bf->rejected[i];
		struct doc_row *w;

		if (f->nrejected >= KEEP_PROBLEMS) {
			f->rejected_more++;
			continue;
		}
		f->rejected = xreallocarray(f->rejected, f->nrejected + 1,
					    sizeof(*f->rejected));
		w = &f->rejected[f->nrejected++];
		w->indicator = r->kind == SUB_INDICATOR;
		w->line = r->line;
		w->end_line = r->end_line;
		w->key = r->key ? xstrdup(r->key) : NULL;
		w->has_figure = r->has_figure;
		w->figure = r->figure;
		w->figure_text = r->figure_text ? xstrdup(r->figure_text) : NULL;
	}
	if (c->held_path && strcmp(c->held_path, bf->path) == 0) {
		f->more += c->held_more;
		free(c->held_path);
		c->held_path = NULL;
		c->held_count = 0;
		c->held_more = 0;
	}
}

static void collect_release(struct collect *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		struct doc_file *f = &c->files[i];

		for (size_t j = 0; j < f->nproblems; j++) {
			free(f->problems[j].code);
			free(f->problems[j].field);
			free(f->problems[j].message);
		}
		free(f->problems);
		for (size_t j = 0; j < f->nrejected; j++) {
			free(f->rejected[j].key);
			free(f->rejected[j].figure_text);
		}
		free(f->rejected);
		free(f->name);
		free(f->agency);
		free(c->paths[i]);
	}
	for (size_t i = 0; i < c->nheld; i++) {
		free(c->held[i].path);
		free(c->held[i].p.code);
		free(c->held[i].p.field);
		free(c->held[i].p.message);
	}
	for (size_t i = 0; i < c->ninputs; i++)
		free(c->inputs[i].path);
	free(c->inputs);
	free(c->held_path);
	free(c->held);
	free(c->files);
	free(c->paths);
}

/* ---- folders ---------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char was = *s;

			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = was;
			if (!was)
				break;
		}
	}
	free(p);
	return rc;
}

/* Staging folders of runs that did not finish (".YYYY-MM.tmp.PID"). */
static void remove_stale(const char *output, const char *ym)
{
	DIR *dir = opendir(output);
	struct dirent *e;
	char prefix[32];

	if (!dir)
		return;
	snprintf(prefix, sizeof(prefix), ".%s.tmp.", ym);
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			char *p = xasprintf("%s/%s", output, e->d_name);

			remove_tree(p);
			free(p);
		}
	}
	closedir(dir);
}

/* ---- writing ---------------------------------------------------------------- */

static int fail(struct month_result *r, enum month_fail f, const char *what,
		int err)
{
	if (err == ENOSPC || err == EDQUOT)
		f = MONTH_NOSPACE;
	if (r->fail == MONTH_OK) {
		r->fail = f;
		r->what = xstrdup(what);
		r->err = err;
	}
	return -1;
}

enum doc_kind { DOC_SUMMARY, DOC_AGENCY, DOC_LETTER };

/* What the names of a language's files end in, before the extension. */
static const char *lang_suffix(enum lang lang)
{
	return lang == LANG_EN ? "-en" : "";
}

static int write_doc(const struct doc_input *in, enum doc_kind kind,
		     const char *code, const char *path, struct month_result *r)
{
	struct outfile *of = outfile_open(path);
	char *err = NULL;
	int rc;

	if (!of)
		return fail(r, MONTH_CANTCREAT, path, errno);
	if (kind == DOC_SUMMARY)
		rc = render_summary_pdf(in, outfile_stream(of), &err);
	else if (kind == DOC_AGENCY)
		rc = render_agency_pdf(in, code, outfile_stream(of), &err);
	else
		rc = render_letter_pdf(in, code, outfile_stream(of), &err);
	if (rc < 0 && outfile_error(of)) {
		/* a full disk, not a broken document */
		int e = outfile_error(of);

		outfile_abort(of);
		free(err);
		return fail(r, MONTH_CANTCREAT, path, e);
	}
	if (rc < 0) {
		char *what = xasprintf("%s: %s", path, err);

		outfile_abort(of);
		fail(r, MONTH_RENDER, what, 0);
		free(what);
		free(err);
		return -1;
	}
	if (outfile_commit(of) < 0)
		return fail(r, MONTH_CANTCREAT, path, errno);
	return 0;
}

/* The agencies that get a report: those that lead tasks or owe a file. */
static size_t report_agencies(const struct summary *s,
			      const struct roadmap *rm, const char **out)
{
	size_t n = 0;

	for (size_t i = 0; i < rm->nagencies; i++) {
		const char *code = rm->agencies[i].code;
		bool in = false;

		for (size_t k = 0; k < s->nagencies && !in; k++)
			in = strcmp(s->agencies[k].key, code) == 0;
		for (size_t k = 0; k < s->ncompliance && !in; k++)
			in = s->compliance[k].period == s->period &&
			     strcmp(s->compliance[k].agency, code) == 0;
		if (in)
			out[n++] = code;
	}
	return n;
}

/*
 * One file of the manifest. An input that cannot be read again (an entry
 * of a month folder that is no file: its error is in the validation
 * list) is listed with why, and the run goes on; an output must be there.
 */
static void json_file(FILE *f, const char *path, const char *name,
		      const char *role, const char *root, bool last,
		      struct month_result *r)
{
	char hex[65], *shown;
	uint64_t size = 0;

	fputs("    {\"path\": ", f);
	shown = escape_name_dup(name);  /* valid JSON whatever the name holds */
	escape_json_string(f, shown);
	free(shown);
	if (role) {
		fputs(", \"role\": ", f);
		escape_json_string(f, role);
	}
	if (sha256_file(path, root, hex, &size) < 0) {
		if (!role) {
			fail(r, MONTH_CANTCREAT, path, errno);
			return;
		}
		fputs(", \"bytes\": null, \"sha256\": null, \"error\": ", f);
		escape_json_string(f, infile_reason(errno));
		fprintf(f, "}%s\n", last ? "" : ",");
		return;
	}
	fprintf(f, ", \"bytes\": %llu, \"sha256\": \"%s\"}%s\n",
		(unsigned long long)size, hex, last ? "" : ",");
}

static int write_manifest(const struct month_opts *o, const char *stage,
			  const char *path, struct collect *c,
			  char *const *outputs, size_t nout,
			  const struct summary *s)
{
	struct outfile *of = outfile_open(path);
	struct month_result *r = c->res;
	FILE *f;
	char ym[8], asof[11], when[32];
	time_t t = (time_t)o->date;
	struct tm tm;

	if (!of)
		return fail(r, MONTH_CANTCREAT, path, errno);
	f = outfile_stream(of);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "{\n  \"tool\": \"tiendo\",\n  \"version\": \"%s\",\n"
		"  \"period\": \"%s\",\n  \"as_of\": \"%s\",\n"
		"  \"generated\": \"%s\",\n",
		TIENDO_VERSION, ym_format(o->period, ym),
		date_format(o->as_of, asof), when);
	fputs("  \"inputs\": [\n", f);
	for (size_t i = 0; i < c->ninputs; i++)
		json_file(f, c->inputs[i].path, c->inputs[i].path,
			  c->inputs[i].role,
			  c->inputs[i].in_input ? o->input : NULL,
			  i + 1 == c->ninputs, r);
	fputs("  ],\n  \"outputs\": [\n", f);
	for (size_t i = 0; i < nout; i++) {
		char *p = xasprintf("%s/%s", stage, outputs[i]);

		json_file(f, p, outputs[i], NULL, NULL, i + 1 == nout, r);
		free(p);
	}
	fprintf(f, "  ],\n  \"counts\": {\"files\": %lu, \"unreadable_files\": %lu, "
		"\"rows\": %lu, \"accepted\": %lu, \"rejected\": %lu, "
		"\"errors\": %lu, \"warnings\": %lu, \"tasks\": %zu, "
		"\"agency_reports\": %u, \"letters\": %u}\n}\n",
		s->totals.files, s->totals.unreadable, s->totals.rows,
		s->totals.accepted, s->totals.rejected, r->errors, r->warnings,
		s->ntasks, r->agency_reports, r->letters);
	if (r->fail != MONTH_OK) {
		outfile_abort(of);
		return -1;
	}
	if (outfile_commit(of) < 0)
		return fail(r, MONTH_CANTCREAT, path, errno);
	return 0;
}

static void add_output(char ***outputs, size_t *n, char *name)
{
	*outputs = xreallocarray(*outputs, *n + 1, sizeof(**outputs));
	(*outputs)[(*n)++] = name;
}

/* A document to draw, and how it went. */
struct job {
	enum doc_kind kind;
	const char *code;
	char *name;                  /* relative to the month folder */
	char *path;                  /* in the staging folder */
	struct month_result res;     /* its own failure, if any */
};

struct workers {
	const struct doc_input *in;
	struct job *jobs;
	size_t njobs, next;
	pthread_mutex_t lock;
	bool stop;                   /* a job failed: take no more */
};

static void *worker(void *arg)
{
	struct workers *w = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&w->lock);
		j = !w->stop && w->next < w->njobs ? &w->jobs[w->next++] : NULL;
		pthread_mutex_unlock(&w->lock);
		if (!j)
			return NULL;
		if (write_doc(w->in, j->kind, j->code, j->path, &j->res) < 0) {
			pthread_mutex_lock(&w->lock);
			w->stop = true;
			pthread_mutex_unlock(&w->lock);
		}
	}
}

/*
 * Draw the jobs on up to two threads: libharu keeps no state outside a
 * document, and each job has its own. Returns 0, or -1 with the first
 * failure (in job order) copied to res.
 */
static int run_jobs(const struct doc_input *in, struct job *jobs, size_t n,
		    struct month_result *res)
{
	struct workers w = { in, jobs, n, 0, PTHREAD_MUTEX_INITIALIZER, false };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t helper;
	bool two = cpus > 1 && n > 1 &&
		   pthread_create(&helper, NULL, worker, &w) == 0;

	worker(&w);
	if (two)
		pthread_join(helper, NULL);
	pthread_mutex_destroy(&w.lock);
	for (size_t i = 0; i < n; i++)
		if (jobs[i].res.fail != MONTH_OK) {
			fail(res, jobs[i].res.fail, jobs[i].res.what,
			     jobs[i].res.err);
			return -1;
		}
	return 0;
}

static void add_job(struct job **jobs, size_t *n, const char *stage,
		    enum doc_kind kind, const char *code, char *name)
{
	struct job *j;

	*jobs = xreallocarray(*jobs, *n + 1, sizeof(**jobs));
	j = &(*jobs)[(*n)++];
	memset(j, 0, sizeof(*j));
	j->kind = kind;
	j->code = code;
	j->name = name;
	j->path = xasprintf("%s/%s", stage, name);
}

/* Every document of the month into stage; names relative to it. */
static int write_all(const struct month_opts *o, const char *stage,
		     const struct doc_input *in, struct collect *c,
		     char ***outputs, size_t *nout)
{
	const struct summary *s = in->sum;
	const char **codes = xcalloc(o->rm->nagencies + 1, sizeof(*codes));
	size_t n = report_agencies(s, o->rm, codes), njobs = 0;
	struct job *jobs = NULL;
	const char *sfx = lang_suffix(o->lang);
	char ym[8], *path;
	struct outfile *of;
	int rc = -1;

	ym_format(o->period, ym);
	path = xasprintf("%s/summary-%s%s.json", stage, ym, sfx);
	if (!(of = outfile_open(path))) {
		fail(c->res, MONTH_CANTCREAT, path, errno);
		goto out;
	}
	render_summary_json(outfile_stream(of), s, o->rm);
	if (outfile_commit(of) < 0) {
		fail(c->res, MONTH_CANTCREAT, path, errno);
		goto out;
	}
	add_output(outputs, nout, xasprintf("summary-%s%s.json", ym, sfx));
	add_job(&jobs, &njobs, stage, DOC_SUMMARY, NULL,
		xasprintf("summary-%s%s.pdf", ym, sfx));
	for (int kind = DOC_AGENCY; kind <= DOC_LETTER; kind++) {
		const char *dir = kind == DOC_AGENCY ? "agencies" : "letters";
		char *d = xasprintf("%s/%s", stage, dir);

		if (mkdir(d, 0777) < 0 && errno != EEXIST) {
			fail(c->res, MONTH_CANTCREAT, d, errno);
			free(d);
			goto out;
		}
		free(d);
		for (size_t i = 0; i < n; i++) {
			if (kind == DOC_LETTER && !doc_letter_due(in, codes[i]))
				continue;
			add_job(&jobs, &njobs, stage, kind, codes[i],
				xasprintf("%s/%s-%s%s.pdf", dir, codes[i], ym,
					  sfx));
			if (kind == DOC_AGENCY)
				c->res->agency_reports++;
			else
				c->res->letters++;
		}
	}
	if (run_jobs(in, jobs, njobs, c->res) < 0)
		goto out;
	for (size_t i = 0; i < njobs; i++) {
		add_output(outputs, nout, jobs[i].name);
		jobs[i].name = NULL;
	}
	rc = 0;
out:
	for (size_t i = 0; i < njobs; i++) {
		free(jobs[i].name);
		free(jobs[i].path);
		month_result_release(&jobs[i].res);
	}
	free(jobs);
	free(path);
	free(codes);
	return rc;
}

/* ---- the other language's files ------------------------------------------ */

/*
 * Whether name, in the month folder's sub-folder dir ("" at the top),
 * is a file a run in lang writes: "summary-YYYY-MM-en.pdf",
 * "agencies/CODE-YYYY-MM.pdf", ...
 */
static bool lang_owns(const char *dir, const char *name, const char *ym,
		      enum lang lang)
{
	static const char *const top[] = {
		"summary-%s%s.pdf", "summary-%s%s.json", "validation-%s%s.csv",
		"manifest-%s%s.json"
	};
	const char *sfx = lang_suffix(lang);
	char tail[48];
	size_t n, t;

	if (!*dir) {
		for (size_t i = 0; i < sizeof(top) / sizeof(*top); i++) {
			char want[48];

			snprintf(want, sizeof(want), top[i], ym, sfx);
			if (strcmp(name, want) == 0)
				return true;
		}
		return false;
	}
	/* CODE-YYYY-MM.pdf: a code holds no '-', so the languages' names
	   never meet */
	snprintf(tail, sizeof(tail), "-%s%s.pdf", ym, sfx);
	n = strlen(name);
	t = strlen(tail);
	if (n <= t || strcmp(name + n - t, tail) != 0)
		return false;
	for (size_t i = 0; i < n - t; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return false;
	return true;
}

/* A copy of from at to, whole or not at all; 0, or -1 with errno. */
static int copy_file(const char *from, const char *to)
{
	struct outfile *of;
	char buf[65536];
	size_t got;
	FILE *in = fopen(from, "rb");
	int e;

	if (!in)
		return -1;
	if (!(of = outfile_open(to))) {
		e = errno;
		fclose(in);
		errno = e;
		return -1;
	}
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, got, outfile_stream(of)) != got)
			break;
	if (ferror(in) || got > 0) {
		e = ferror(in) ? EIO : outfile_error(of) ? outfile_error(of) :
		    EIO;
		fclose(in);
		outfile_abort(of);
		errno = e;
		return -1;
	}
	fclose(in);
	return outfile_commit(of);
}

/*
 * The files the other language's last run wrote, from the live folder
 * into stage, so that the swap keeps them: a run in one language
 * replaces its own files only. Each is a hard link to the same bytes
 * (a copy where the file system has none); the live folder is only
 * read, so a run that stops here leaves it whole.
 */
static int carry_other(const struct month_opts *o, const char *folder,
		       const char *stage, struct month_result *r)
{
	static const char *const dirs[] = { "", "agencies", "letters" };
	enum lang other = o->lang == LANG_EN ? LANG_VI : LANG_EN;
	char ym[8];

	ym_format(o->period, ym);
	for (size_t k = 0; k < sizeof(dirs) / sizeof(*dirs); k++) {
		char *from_dir = *dirs[k] ?
				 xasprintf("%s/%s", folder, dirs[k]) :
				 xstrdup(folder);
		DIR *dir = opendir(from_dir);
		struct dirent *e;
		int rc = 0;

		if (!dir) {
			free(from_dir);
			continue;        /* no folder: nothing to keep */
		}
		while (rc == 0 && (e = readdir(dir))) {
			char *from, *to;
			struct stat st;

			if (!lang_owns(dirs[k], e->d_name, ym, other))
				continue;
			from = xasprintf("%s/%s", from_dir, e->d_name);
			to = *dirs[k] ? xasprintf("%s/%s/%s", stage, dirs[k],
						  e->d_name) :
				       xasprintf("%s/%s", stage, e->d_name);
			/* a regular file only, never through a link */
			if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(to, F_OK) < 0 &&
			    linkat(AT_FDCWD, from, AT_FDCWD, to, 0) < 0 &&
			    errno != ENOENT &&  /* gone meanwhile: nothing */
			    ((errno != EPERM && errno != EXDEV &&
			      errno != EMLINK && errno != EOPNOTSUPP) ||
			     copy_file(from, to) < 0))
				rc = fail(r, MONTH_CANTCREAT, to, errno);
			free(from);
			free(to);
		}
		closedir(dir);
		free(from_dir);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * Put stage in the place of folder, whole. The folder it replaces is
 * kept as ".YYYY-MM.prev" beside it until the next run (files a person
 * put there are not lost at once); the one before that is removed.
 */
static int swap_in(const char *stage, const char *folder, const char *prev,
		   struct month_result *r)
{
	struct stat st;

	remove_tree(prev);
	if (renameat2(AT_FDCWD, stage, AT_FDCWD, folder, RENAME_EXCHANGE) == 0) {
		/* stage now holds the previous run's files */
		if (rename(stage, prev) < 0)
			remove_tree(stage);
		return 0;
	}
	if (errno != ENOENT && errno != EINVAL && errno != ENOSYS)
		return fail(r, MONTH_CANTCREAT, folder, errno);
	/* no folder yet, or a file system without the exchange (NFS):
	 * the old one moves aside first, so a failure in between leaves
	 * both whole */
	if (stat(folder, &st) == 0 && rename(folder, prev) < 0)
		return fail(r, MONTH_CANTCREAT, folder, errno);
	if (rename(stage, folder) < 0) {
		int e = errno;

		rename(prev, folder);
		return fail(r, MONTH_CANTCREAT, folder, e);
	}
	return 0;
}

static void fill_input(struct doc_input *in, const struct month_opts *o,
		       const struct summary *s, const struct collect *c)
{
	memset(in, 0, sizeof(*in));
	in->sum = s;
	in->rm = o->rm;
	in->tpl = o->tpl;
	in->lang = o->lang;
	in->version = TIENDO_VERSION;
	in->has_date = o->has_date;
	in->date = o->date;
	in->files = c->files;
	in->nfiles = c->nfiles;
}

/* What shaped the month besides its submissions: reference files,
   schemas, the template and its fonts. */
static void add_inputs(const struct month_opts *o, struct collect *c)
{
	static const char *const refs[] = {
		"agencies.csv", "roadmap/tasks.csv", "roadmap/milestones.csv",
		"roadmap/indicators.csv"
	};
	static const char *const schemas[] = {
		"progress", "indicator", "received", "agencies", "tasks",
		"milestones", "indicators"
	};

	for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++) {
		char *p = xasprintf("%s/%s", o->input, refs[i]);

		if (access(p, F_OK) == 0)
			add_input(c, p, "reference", false);
		free(p);
	}
	for (size_t i = 0; o->templates && i < sizeof(schemas) / sizeof(*schemas);
	     i++) {
		char *p = xasprintf("%s/%s.schema.json", o->templates, schemas[i]);

		if (access(p, F_OK) == 0)
			add_input(c, p, "schema", false);
		free(p);
	}
	if (o->template_path)
		add_input(c, o->template_path, "template", false);
	for (int f = 0; o->tpl && f < TEMPLATE_FACES; f++) {
		if (o->tpl->report.fonts[f])
			add_input(c, o->tpl->report.fonts[f], "font", false);
		if (!o->summary_only && o->tpl->letter.fonts[f])
			add_input(c, o->tpl->letter.fonts[f], "font", false);
	}
}

/* Disk space taken by the tree at path (0 if none). */
static uint64_t tree_bytes;

static int add_size(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)path;
	(void)flag;
	(void)ftw;
	tree_bytes += (uint64_t)st->st_blocks * 512;
	return 0;
}

static uint64_t tree_size(const char *path)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	uint64_t n;

	pthread_mutex_lock(&lock);
	tree_bytes = 0;
	nftw(path, add_size, 16, FTW_PHYS);
	n = tree_bytes;
	pthread_mutex_unlock(&lock);
	return n;
}

static uint64_t free_space(const char *path)
{
	struct statvfs v;

	if (statvfs(path, &v) < 0)
		return UINT64_MAX;
	return (uint64_t)v.f_bavail * v.f_frsize;
}

static int run_once(const struct month_opts *o, struct month_result *res,
		    bool forward);

/*
 * The month, with room made if it must be: the folder of the run before
 * last (".prev") goes first when the disk is short of what the last run
 * took, or when this run filled the disk; the live folder never does.
 */
int month_run(const struct month_opts *o, struct month_result *res)
{
	char ym[8], *folder, *prev;
	struct stat st;
	uint64_t last;
	int rc;

	if (o->summary_only)
		return run_once(o, res, true);
	ym_format(o->period, ym);
	folder = xasprintf("%s/%s", o->output, ym);
	prev = xasprintf("%s/.%s.prev", o->output, ym);
	last = tree_size(folder);
	if (lstat(prev, &st) == 0 && free_space(o->output) < last + last / 4)
		remove_tree(prev);
	rc = run_once(o, res, true);
	if (rc < 0 && res->fail == MONTH_NOSPACE && lstat(prev, &st) == 0) {
		/* the same problems again: the caller heard them once */
		month_result_release(res);
		remove_tree(prev);
		rc = run_once(o, res, false);
	}
	if (rc < 0 && res->fail == MONTH_NOSPACE) {
		res->space_needed = res->space_written > last ?
				    res->space_written : last;
		res->space_free = free_space(o->output);
	}
	free(folder);
	free(prev);
	return rc;
}

static int run_once(const struct month_opts *o, struct month_result *res,
		    bool forward)
{
	struct collect c;
	struct diag_sink sink = { on_problem, NULL, o->lang, NULL };
	struct aggregator *agg = agg_new(o->rm, &o->tpl->settings, o->period,
					 o->as_of, &sink);
	struct summary *s = NULL;
	struct batch_opts bo;
	struct batch_result br;
	struct doc_input in;
	struct outfile *csv = NULL;
	char ym[8], *stage = NULL, *folder = NULL, *path = NULL;
	char **outputs = NULL;
	size_t nout = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.res = res;
	c.forward = forward;
	sink.ctx = &c;
	ym_format(o->period, ym);
	folder = xasprintf("%s/%s", o->output, ym);
	if (make_dirs(o->output) < 0) {
		fail(res, MONTH_CANTCREAT, o->output, errno);
		goto out;
	}
	if (o->summary_only) {
		stage = xstrdup(folder);
		if (make_dirs(stage) < 0) {
			fail(res, MONTH_CANTCREAT, stage, errno);
			goto out;
		}
	} else {
		remove_stale(o->output, ym);
		stage = xasprintf("%s/.%s.tmp.%ld", o->output, ym, (long)getpid());
		if (mkdir(stage, 0777) < 0) {
			fail(res, MONTH_CANTCREAT, stage, errno);
			goto out;
		}
		path = xasprintf("%s/validation-%s%s.csv", stage, ym,
				 lang_suffix(o->lang));
		if (!(csv = outfile_open(path))) {
			fail(res, MONTH_CANTCREAT, path, errno);
			goto out;
		}
		c.csv = emit_open(outfile_stream(csv), EMIT_CSV, o->lang, 0);
		c.csv_sink = emit_sink(c.csv);
	}
	add_inputs(o, &c);

	memset(&bo, 0, sizeof(bo));
	bo.input = o->input;
	bo.rm = o->rm;
	bo.ss = o->ss;
	bo.received = o->received;
	bo.period = o->period;
	bo.sink = &sink;
	bo.agg = agg;
	bo.received_by = o->received_by;
	agg_set_moment(agg, o->moment);
	bo.allow_other_agency = o->tpl->allow_other_agency_rows;
	bo.on_file = on_file;
	bo.on_input = on_input;
	bo.ctx = &c;
	if (batch_run(&bo, &br) < 0) {
		fail(res, MONTH_NOINPUT, br.unreadable, errno);
		goto out;
	}
	res->period_folder = br.period_folder;
	res->after = br.after;
	s = agg_finish(agg);
	agg_free(agg);      /* the summary stands alone: memory for the PDFs */
	agg = NULL;
	res->totals = s->totals;
	fill_input(&in, o, s, &c);

	if (o->summary_only) {
		free(path);
		/* a name of its own: the run's summary stays as its
		 * manifest lists it */
		{
			char day[11];

			path = xasprintf("%s/summary-%s-as-of-%s%s.pdf", stage, ym,
					 date_format(o->as_of, day),
					 o->lang == LANG_EN ? "-en" : "");
		}
		if (write_doc(&in, DOC_SUMMARY, NULL, path, res) < 0)
			goto out;
		res->folder = path;
		path = NULL;
		rc = 0;
		goto out;
	}
	emit_close(c.csv);
	c.csv = NULL;
	if (outfile_commit(csv) < 0) {
		csv = NULL;
		fail(res, MONTH_CANTCREAT, path, errno);
		goto out;
	}
	csv = NULL;
	add_output(&outputs, &nout, xasprintf("validation-%s%s.csv", ym,
					      lang_suffix(o->lang)));
	if (write_all(o, stage, &in, &c, &outputs, &nout) < 0)
		goto out;
	free(path);
	path = xasprintf("%s/manifest-%s%s.json", stage, ym,
			 lang_suffix(o->lang));
	if (write_manifest(o, stage, path, &c, outputs, nout, s) < 0)
		goto out;
	if (carry_other(o, folder, stage, res) < 0)
		goto out;
	free(path);
	path = xasprintf("%s/.%s.prev", o->output, ym);
	if (swap_in(stage, folder, path, res) < 0)
		goto out;
	res->folder = folder;
	folder = NULL;
	rc = 0;
out:
	if (c.csv)
		emit_close(c.csv);
	outfile_abort(csv);
	if (rc < 0 && stage && !o->summary_only) {
		if (res->fail == MONTH_NOSPACE)
			res->space_written = tree_size(stage);
		remove_tree(stage);
	}
	for (size_t i = 0; i < nout; i++)
		free(outputs[i]);
	free(outputs);
	free(stage);
	free(folder);
	free(path);
	summary_free(s);
	agg_free(agg);
	collect_release(&c);
	return rc;
}

void month_result_release(struct month_result *res)
{
	free(res->what);
	free(res->folder);
	res->what = res->folder = NULL;
}
