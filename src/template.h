/*
 * template: the report template (templates/report.json), the settings
 * by which figures are measured and, for the documents, how they look.
 *
 * Like a schema, a template is configuration: any key tiendo does not
 * know or any value out of range is an error naming the file and key.
 */
#ifndef TIENDO_TEMPLATE_H
#define TIENDO_TEMPLATE_H

#include "aggregate.h"
#include "msg.h"

/* Every label a document uses: X(identifier, key in "labels"). */
#define TEMPLATE_LABELS(X) \
	X(DOC_TITLE, "doc_title") X(DOC_SUBTITLE, "doc_subtitle") \
	X(COVER_FOR, "cover_for") X(COVER_PERIOD, "cover_period") \
	X(COVER_AS_OF, "cover_as_of") X(COVER_ISSUER, "cover_issuer") \
	X(COVER_MADE, "cover_made") X(PERIOD_FMT, "period_fmt") \
	X(DATE_FMT, "date_fmt") X(PAGE_FMT, "page_fmt") \
	X(HEADER_SUMMARY, "header_summary") X(HEADER_AGENCY, "header_agency") \
	X(SEC_KEY_FIGURES, "sec_key_figures") X(SEC_PILLARS, "sec_pillars") \
	X(SEC_AGENCIES, "sec_agencies") X(SEC_RED_TASKS, "sec_red_tasks") \
	X(SEC_TREND, "sec_trend") X(SEC_INDICATORS, "sec_indicators") \
	X(SEC_COMPLIANCE, "sec_compliance") X(SEC_VALIDATION, "sec_validation") \
	X(SEC_APPENDIX, "sec_appendix") \
	X(KF_ACTUAL, "kf_actual") X(KF_PLANNED, "kf_planned") \
	X(KF_INDEX, "kf_index") X(KF_TASKS, "kf_tasks") \
	X(KF_OVERDUE, "kf_overdue") X(KF_SUBMISSIONS, "kf_submissions") \
	X(KF_RATINGS, "kf_ratings") X(KF_INDEX_NOTE, "kf_index_note") \
	X(RAG_COMPLETED, "rag_completed") X(RAG_GREEN, "rag_green") \
	X(RAG_AMBER, "rag_amber") X(RAG_RED, "rag_red") X(RAG_GREY, "rag_grey") \
	X(RAG_NOT_STARTED, "rag_not_started") X(RAG_CANCELLED, "rag_cancelled") \
	X(ST_NOT_STARTED, "status_not_started") \
	X(ST_IN_PROGRESS, "status_in_progress") \
	X(ST_COMPLETED, "status_completed") X(ST_DELAYED, "status_delayed") \
	X(ST_CANCELLED, "status_cancelled") \
	X(COMP_ON_TIME, "comp_on_time") X(COMP_LATE, "comp_late") \
	X(COMP_REJECTED, "comp_rejected") X(COMP_MISSING, "comp_missing") \
	X(COMP_NOT_DUE, "comp_not_due") X(COMP_PENDING, "comp_pending") \
	X(PILLAR_POL, "pillar_POL") X(PILLAR_ECO, "pillar_ECO") \
	X(PILLAR_DEF, "pillar_DEF") X(PILLAR_CUL, "pillar_CUL") \
	X(PILLAR_SCI, "pillar_SCI") X(PILLAR_INS, "pillar_INS") \
	X(PILLAR_LOC, "pillar_LOC") \
	X(COL_AGENCY, "col_agency") X(COL_TASKS, "col_tasks") \
	X(COL_PLANNED, "col_planned") X(COL_ACTUAL, "col_actual") \
	X(COL_VARIANCE, "col_variance") X(COL_INDEX, "col_index") \
	X(COL_RATING, "col_rating") X(COL_OVERDUE, "col_overdue") \
	X(COL_SUBMISSION, "col_submission") X(COL_TASK, "col_task") \
	X(COL_TITLE, "col_title") X(COL_LEAD, "col_lead") \
	X(COL_DUE, "col_due") X(COL_STATUS, "col_status") \
	X(COL_FORECAST, "col_forecast") X(COL_DIFFICULTIES, "col_difficulties") \
	X(COL_PROPOSALS, "col_proposals") X(COL_INDICATOR, "col_indicator") \
	X(COL_BASELINE, "col_baseline") X(COL_TARGET, "col_target") \
	X(COL_VALUE, "col_value") X(COL_PROGRESS, "col_progress") \
	X(COL_EXPECTED, "col_expected") X(COL_ON_COURSE, "col_on_course") \
	X(COL_FILE, "col_file") X(COL_ROWS, "col_rows") \
	X(COL_ACCEPTED, "col_accepted") X(COL_REJECTED, "col_rejected") \
	X(COL_ERRORS, "col_errors") X(COL_WARNINGS, "col_warnings") \
	X(COL_RECEIVED, "col_received") X(COL_PLACE, "col_place") \
	X(COL_CODE, "col_code") X(COL_MESSAGE, "col_message") \
	X(COL_MONTH, "col_month") X(COL_PILLAR, "col_pillar") \
	X(LEGEND_ACTUAL, "legend_actual") X(LEGEND_PLANNED, "legend_planned") \
	X(YES, "yes") X(NO, "no") X(UNKNOWN, "unknown") \
	X(MISSES_DUE, "misses_due") X(STALE, "stale") \
	X(NONE_RED, "none_red") X(NONE_ERRORS, "none_errors") \
	X(NONE_FILES, "none_files") X(MORE_ERRORS, "more_errors") \
	X(TOTALS_LINE, "totals_line") \
	X(AGENCY_TITLE, "agency_title") X(SEC_AGENCY_SUMMARY, "sec_agency_summary") \
	X(SEC_AGENCY_TASKS, "sec_agency_tasks") \
	X(SEC_AGENCY_TRAJECTORY, "sec_agency_trajectory") \
	X(SEC_AGENCY_SUBMISSION, "sec_agency_submission") \
	X(SEC_AGENCY_ERRORS, "sec_agency_errors") \
	X(SEC_AGENCY_TODO, "sec_agency_todo") X(TODO_NOTHING, "todo_nothing") \
	X(TODO_MISSING, "todo_missing") X(TODO_PENDING, "todo_pending") \
	X(TODO_FILE_REJECTED, "todo_file_rejected") \
	X(TODO_RESEND, "todo_resend") X(TODO_ROWS, "todo_rows") \
	X(TODO_ROW_FIX, "todo_row_fix") X(TODO_LATE, "todo_late") \
	X(COL_ROW_SAYS, "col_row_says") X(COL_COUNTED, "col_counted") \
	X(COL_FIX, "col_fix") X(TODO_SEE_CSV, "todo_see_csv") \
	X(SUPPORTING, "supporting") \
	X(LETTER_ISSUER_PARENT, "letter_issuer_parent") \
	X(LETTER_ISSUER, "letter_issuer") X(LETTER_NUMBER, "letter_number") \
	X(LETTER_NATION, "letter_nation") X(LETTER_MOTTO, "letter_motto") \
	X(LETTER_PLACE_DATE, "letter_place_date") \
	X(LETTER_SUBJECT, "letter_subject") X(LETTER_TO, "letter_to") \
	X(LETTER_INTRO, "letter_intro") X(LETTER_TASKS_INTRO, "letter_tasks_intro") \
	X(LETTER_TASK_LINE, "letter_task_line") \
	X(LETTER_OVERDUE_LINE, "letter_overdue_line") \
	X(LETTER_OVERDUE_UNREPORTED, "letter_overdue_unreported") \
	X(LETTER_MISSING, "letter_missing") X(LETTER_REJECTED, "letter_rejected") \
	X(LETTER_REQUEST, "letter_request") X(LETTER_CLOSING, "letter_closing") \
	X(LETTER_RECIPIENTS_TITLE, "letter_recipients_title") \
	X(LETTER_RECIPIENTS, "letter_recipients") \
	X(LETTER_SIGNER_PLACEHOLDER, "letter_signer_placeholder") \
	X(MONTH_NAMES, "month_names") X(LETTER_DATE_FMT, "letter_date_fmt") \
	X(LETTER_DOC_TITLE, "letter_doc_title") \
	X(LETTER_REQUEST_REPORT, "letter_request_report") \
	X(ISSUER_CODE, "issuer_code") \
	X(DECISION_VERDICT, "decision_verdict") \
	X(DECISION_ACT, "decision_act") X(DECISION_NONE, "decision_none") \
	X(DECISION_MORE, "decision_more") X(ACT_MISSING, "act_missing") \
	X(ACT_REJECTED, "act_rejected") X(ACT_TASKS, "act_tasks") \
	X(ACT_OVERDUE, "act_overdue") X(SINCE_DUE, "since_due") \
	X(SINCE_RED, "since_red") X(SINCE_DEADLINE, "since_deadline") \
	X(COL_TO_DO, "col_to_do") X(COL_SINCE, "col_since") \
	X(COL_LETTER, "col_letter") X(COL_CHANGE, "col_change") \
	X(CHANGE_WORSE, "change_worse") X(CHANGE_BETTER, "change_better") \
	X(CHANGE_SAME, "change_same") X(CHANGE_NEW, "change_new")

enum label_id {
#define LABEL_ENUM(id, key) L_##id,
	TEMPLATE_LABELS(LABEL_ENUM)
#undef LABEL_ENUM
	LABEL_COUNT
};

/* The sections a document is made of, in the order the template lists. */
enum section_kind {
	/* SEC_COVER: page 1, the decision page ("decision"; "cover" in
	 * older templates) */
	SEC_COVER, SEC_KEY_FIGURES, SEC_PILLARS, SEC_AGENCIES, SEC_RED_TASKS,
	SEC_TREND, SEC_INDICATORS, SEC_COMPLIANCE, SEC_VALIDATION, SEC_APPENDIX,
	SEC_AGENCY_SUMMARY, SEC_AGENCY_TASKS, SEC_AGENCY_TRAJECTORY,
	SEC_AGENCY_SUBMISSION, SEC_AGENCY_ERRORS, SEC_AGENCY_TODO
};

struct section {
	enum section_kind kind;
	bool page_break;            /* "new_page": start on a new page */
	int max_rows;               /* "max_rows": 0 for all */
};

struct colour {
	float r, g, b;
};

/* Colours by name: the ratings first, in enum rag order. */
#define TEMPLATE_COLOURS(X) \
	X(completed) X(green) X(amber) X(red) X(grey) X(not_started) \
	X(cancelled) \
	X(text) X(muted) X(accent) X(rule) X(stripe) X(head_fill) \
	X(head_text) X(planned) X(bar_back)

struct palette {
#define COLOUR_FIELD(name) struct colour name;
	TEMPLATE_COLOURS(COLOUR_FIELD)
#undef COLOUR_FIELD
};

/* The faces of a page, in pdf.h's enum pdf_face order. */
#define TEMPLATE_FACES 4

/** A page and the fonts on it; lengths in points. */
struct page_setup {
	double width, height;
	double top, right, bottom, left;
	/* regular, bold, italic, bold italic: TrueType files (bold italic
	 * NULL when the template names none: bold stands for it) */
	char *fonts[TEMPLATE_FACES];
	double title, h1, h2, body, small;  /* font sizes */
};

/**
 * Who signs the letters ("signer"), each field in [LANG_VI, LANG_EN]:
 * in the template a text for both languages or {"vi": ..., "en": ...}.
 */
struct signer {
	char *authority[2];         /* "KT. BỘ TRƯỞNG": on whose behalf the
				       signer signs; "" when in their own
				       name */
	char *title[2];             /* "THỨ TRƯỞNG"; lines split at '\n' */
	char *name[2];              /* "" until the template names the
				       signer: the letter then shows the
				       letter_signer_placeholder label */
};

struct report_template {
	char *path;
	struct agg_settings settings;   /* "settings" */
	char *time_zone;                /* settings.time_zone: a tzdata name
					   every civil time is in */
	bool allow_other_agency_rows;   /* settings.allow_other_agency_rows */
	struct page_setup report;       /* "report": summary and agency PDFs */
	struct page_setup letter;       /* "letter" */
	struct palette palette;         /* "palette" */
	struct signer signer;           /* "signer" */
	struct section *sections;       /* "sections": the summary */
	size_t nsections;
	struct section *agency_sections; /* "agency_sections" */
	size_t nagency_sections;
	char *labels[LABEL_COUNT][2];   /* "labels": [id][LANG_VI, LANG_EN] */
};

/** The label id in lang. */
const char *template_label(const struct report_template *t, enum lang lang,
			   enum label_id id);

/**
 * The name of month m (1 to 12) in lang, from the month_names label
 * (twelve names separated by '|'), into buf of size n; returns buf.
 */
char *template_month_name(const struct report_template *t, enum lang lang,
			  int m, char *buf, size_t n);

/** A placeholder and its value for template_fill(). */
struct fill {
	const char *name, *value;
};

/**
 * s with every "{name}" replaced by its value among vars; a name not
 * among them is left as written (templates are checked at load for
 * names tiendo knows). "{name|one|other}" is replaced by the word one
 * when name's value is "1", by other otherwise: English plurals, "{rows}
 * {rows|row|rows}". The caller frees the result.
 */
char *template_fill(const char *s, const struct fill *vars, size_t n);

/** The time zone of civil times when the template names none. */
#define TEMPLATE_TIME_ZONE "Asia/Ho_Chi_Minh"

/**
 * Whether name is a time zone of the tzdata installed ($TZDIR, else
 * /usr/share/zoneinfo): a relative name with a file there.
 */
bool template_zone_exists(const char *name);

/**
 * Load the template at path; keys left out take agg_defaults. Returns
 * NULL with *err set (the caller frees it) when the file cannot be read
 * or is broken. Free with template_free().
 */
struct report_template *template_load(const char *path, enum lang lang,
				      char **err);

/** Same from a string; name stands for the file in messages. */
struct report_template *template_load_string(const char *json,
					     const char *name, enum lang lang,
					     char **err);

void template_free(struct report_template *t);

#endif
