/*
 * render_doc: what the PDF renderers share.
 *
 * The documents of a month (summary, agency reports, letters) are drawn
 * from the same inputs: the summary of the aggregation stage, the
 * roadmap, the template and what the run learnt of each file. This
 * header describes those inputs and the helpers every renderer uses:
 * opening a document on a template's page, the common text styles, and
 * figures written the way a reader of the language expects them.
 */
#ifndef TIENDO_RENDER_DOC_H
#define TIENDO_RENDER_DOC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aggregate.h"
#include "layout.h"
#include "roadmap.h"
#include "template.h"

/** A problem found in a file, kept for the agency's report. */
struct doc_problem {
	bool error;                  /* else a warning */
	unsigned long line, col;
	char *code, *field, *message;
};

/**
 * A row of a file that was rejected, kept for the agency's to-do: what it
 * was about and the figure it would have set. The problems of the file
 * with a line from line to end_line are the row's.
 */
struct doc_row {
	bool indicator;              /* else a progress row */
	unsigned long line, end_line;
	char *key;                   /* task or indicator id as written, or
					NULL */
	bool has_figure;             /* figure: its percent, or value */
	double figure;
	char *figure_text;           /* that cell as written, or NULL */
};

/** A file of the period, as the run saw it. */
struct doc_file {
	char *name;                  /* base name, escaped (escape_name()) */
	char *agency;                /* or NULL when unknown */
	int64_t received;            /* local seconds */
	struct table_stats stats;
	struct doc_problem *problems; /* the first ones, in file order */
	size_t nproblems;
	unsigned long more;          /* problems not kept */
	struct doc_row *rejected;    /* its first rejected rows, file order */
	size_t nrejected;
	unsigned long rejected_more; /* rejected rows not kept */
};

/** Everything the documents of a month are drawn from. */
struct doc_input {
	const struct summary *sum;
	const struct roadmap *rm;
	const struct report_template *tpl;
	enum lang lang;
	const char *version;         /* tiendo's */
	bool has_date;               /* SOURCE_DATE_EPOCH, or the run's time */
	int64_t date;                /* seconds since the epoch (UTC) */
	const struct doc_file *files; /* the period's files, received order */
	size_t nfiles;
};

/** A document being drawn: its pdf, its layout and its styles. */
struct doc {
	const struct doc_input *in;
	const struct page_setup *ps;
	struct pdf *pdf;
	struct layout lay;
	struct style title, h1, h2, body, bold, small, muted;
	/* samples table columns must fit: the longest task id and agency
	 * code, a date, a percent */
	char *fit_id, *fit_code, *fit_date, *fit_percent, *fit_rating;
	char *header;                /* the running header, or NULL */
};

/**
 * Open a document on page setup ps with metadata title and subject.
 * Returns 0, or -1 with *err set (the caller frees it).
 */
int doc_open(struct doc *d, const struct doc_input *in,
	     const struct page_setup *ps, const char *title,
	     const char *subject, char **err);

/**
 * Give the document a running header: text names it on every page but
 * the first (doc_save() draws it in the top margin, small and muted,
 * over a thin rule). Call it once, after doc_open(); NULL for none.
 */
void doc_header(struct doc *d, const char *text);

/**
 * doc_header() with the label id filled in: {period}, {month} and {year}
 * of the summary's period, {agency} (may be NULL).
 */
void doc_header_label(struct doc *d, enum label_id id, const char *agency);

/**
 * Draw the running header, number the pages, write the document to f
 * and close it. Returns 0, or -1 with *err set. The document is closed
 * either way.
 */
int doc_save(struct doc *d, FILE *f, const char *page_label, int first,
	     bool top, char **err);

const char *doc_label(const struct doc *d, enum label_id id);

/** An rgb from a template colour. */
struct rgb doc_rgb(struct colour c);

/** The colour and word of a rating. */
struct rgb doc_rag_rgb(const struct doc *d, enum rag r);
const char *doc_rag_word(const struct doc *d, enum rag r);

/** A status and a compliance status in words. */
const char *doc_status_word(const struct doc *d, enum status s);
const char *doc_comp_word(const struct doc *d, enum comp_status c);
struct rgb doc_comp_rgb(const struct doc *d, enum comp_status c);

/**
 * What to do about rejected row r of file f: the messages of the errors
 * found on its lines, one a line, in file order; NULL when none was kept.
 * The caller frees.
 */
char *doc_row_fix(const struct doc_file *f, const struct doc_row *r);

/** A pillar's name (its code when the template has none). */
const char *doc_pillar_name(const struct doc *d, const char *code);

/** An agency's name in the document's language (its code if unknown). */
const char *doc_agency_name(const struct doc *d, const char *code);

/** A task's title in the document's language. */
const char *doc_task_title(const struct doc *d, const struct task *t);

/**
 * Figures as the language writes them, for people (never for JSON or
 * CSV data): thousands grouped, "4.110" and "45,5 %" (a no-break space,
 * U+00A0, before the sign) in Vietnamese, "4,110" and "45.5%" in
 * English. doc_percent has one decimal place, doc_percent_places as
 * many as asked. buf must hold 32 bytes; each returns buf.
 */
char *doc_percent(const struct doc *d, double v, char *buf);
char *doc_percent_places(const struct doc *d, double v, int decimals,
			 char *buf);
char *doc_number(const struct doc *d, double v, int decimals, char *buf);
char *doc_count(const struct doc *d, unsigned long v, char *buf);

/** A date, a month, a received time; the caller frees. */
char *doc_date(const struct doc *d, int32_t day);
char *doc_period(const struct doc *d, int ym);
char *doc_datetime(const struct doc *d, int64_t secs);

/** Agency code's submission for the summary's period, or NULL. */
const struct compliance *doc_comp(const struct summary *s, const char *code);

/*
 * Who owes what, decided once for the letters and the summary's decision
 * page.
 */

/** The day the documents are dated (in->date, local), else the as-of day. */
int32_t doc_issue_day(const struct doc_input *in);

/** The last day the period's report was due (the template's deadline day
    of the next month). */
int32_t doc_deadline(const struct summary *s);

/** The deadline the documents ask for: the first report deadline after
    both the figures' day and the documents' date (doc_issue_day()). */
int32_t doc_next_deadline(const struct doc_input *in);

/** Whether task figures f are led by agency code and red or overdue. */
bool doc_task_lags(const struct task_figures *f, const char *code);

/**
 * Whether submission c (may be NULL) owes the period's report: rejected,
 * or missing once the deadline has passed on the documents' day. A
 * pending submission owes nothing yet.
 */
bool doc_owes_report(const struct doc_input *in, const struct compliance *c);

/**
 * Whether agency code is sent an urging letter for the period: it owes
 * the report (doc_owes_report()) or leads a red or overdue task; never
 * the ministry that signs the letters (the issuer_code label).
 */
bool doc_letter_due(const struct doc_input *in, const char *code);

/** A line chart of planned and actual percent over the trend months. */
void doc_trend_chart(struct doc *d, const int *periods,
		     const double *planned, const double *actual,
		     const bool *has, size_t n, double height);

/** A key figure box: a big value over its label, at (x, top). */
void doc_card(struct doc *d, double x, double top, double w, double h,
	      const char *value, const char *label, struct rgb accent);

#endif
