/*
 * msg: every sentence tiendo says to a person, in Vietnamese and English.
 *
 * Messages are printf formats looked up by id; both languages take the
 * same arguments in the same order. Vietnamese is the default.
 */
#ifndef TIENDO_MSG_H
#define TIENDO_MSG_H

#include <stdbool.h>

enum lang { LANG_VI, LANG_EN };

enum msg_id {
	/* reading the file */
	M_IO_OPEN,          /* %s strerror */
	M_IO_NOENT,
	M_IO_ACCES,
	M_IO_ISDIR,
	M_IO_SPECIAL,       /* a FIFO, device or socket */
	M_IO_DANGLING,      /* a link to nothing */
	M_IO_LOOP,          /* links that loop */
	M_IO_OUTSIDE,       /* a link out of the input folder */
	M_ENCODING,         /* %02X byte */
	M_UTF16,
	M_WORKBOOK,
	M_BINARY,           /* %02X byte */
	M_STRAY_QUOTE,
	M_AFTER_QUOTE,
	M_UNCLOSED_QUOTE,
	M_EMPTY_FILE,
	M_RECORD_TOO_BIG,
	M_UNKNOWN_KIND,     /* %s the key columns of each kind */
	M_UNKNOWN_KIND_NEAR, /* %s the kind's title, %s its missing columns */
	M_UTF16_BROKEN,     /* a lone surrogate or an odd last byte */
	M_NOT_CSV_IMAGE,    /* %s PNG, JPEG, GIF */
	M_NOT_CSV_PDF,
	M_NOT_CSV_ZIP,
	M_NOT_CSV_BINARY,
	M_HEADER_TOO_BIG,
	/* the closing lines of a check; the trailing %s are English plurals */
	M_SUM_FILE,         /* file rows accepted rejected errors warnings, s s s */
	M_SUM_REJECTED,     /* file errors, s */
	M_SUM_HIDDEN,       /* shown hidden, s */
	M_SUM_TOTAL,        /* files rejected missing rows accepted rejected
			       errors warnings, s s s */
	/* header */
	M_DUPLICATE_LABEL,  /* %s label, %lu first column */
	M_MISSING_LABEL,    /* %s name, %s title */
	M_EXTRA_LABEL,      /* %s label */
	M_BLANK_LABEL,
	/* rows */
	M_BLANK_ROW,
	M_MISSING_CELL,     /* %s name, %s title */
	M_EXTRA_CELL,       /* %s value */
	M_TYPE_NUMBER,      /* %s value */
	M_TYPE_INTEGER,     /* %s value */
	M_TYPE_DATE,        /* %s value, %s forms */
	M_TYPE_YEARMONTH,   /* %s value */
	M_DATE_RANGE,       /* %s value, %d first year, %d last year */
	M_YEARMONTH_RANGE,  /* %s value, %d first year, %d last year */
	M_TYPE_BOOLEAN,     /* %s value, %s a true value, %s a false one */
	M_TYPE_EMAIL,       /* %s value */
	M_TYPE_VALUE,       /* %s value, %s kind (an M_KIND_*), %s forms */
	M_KIND_TIME,        /* the kinds of value, as M_TYPE_VALUE names them */
	M_KIND_DATETIME,
	M_KIND_YEAR,
	M_KIND_DURATION,
	M_KIND_OBJECT,
	M_KIND_ARRAY,
	M_KIND_GEOPOINT,
	M_KIND_GEOJSON,
	M_KIND_URI,
	M_KIND_BINARY,
	M_KIND_UUID,
	M_REQUIRED,         /* %s title */
	M_MINIMUM,          /* %s value, %s minimum */
	M_MAXIMUM,          /* %s value, %s maximum */
	M_MIN_LENGTH,       /* %lu length, %ld minimum, s */
	M_MAX_LENGTH,       /* %lu length, %ld maximum, s */
	M_MIN_ITEMS,        /* %lu items, %ld minimum, s (object, array) */
	M_MAX_ITEMS,        /* %lu items, %ld maximum, s (object, array) */
	M_MAX_LENGTH_HUGE,  /* %ld maximum */
	M_PATTERN,          /* %s value, %s description */
	M_PATTERN_LIMIT,    /* %s value */
	M_ENUM,             /* %s value, %s allowed */
	M_UNIQUE,           /* %s value, %lu line */
	M_PRIMARY_KEY,      /* %s key, %lu line */
	M_FOREIGN_KEY,      /* %s value, %s what, %s file */
	/* our own cross-field and cross-reference rules */
	M_PERIOD_MISMATCH,  /* %s period, %s folder */
	M_AGENCY_NOT_YET,   /* %s code, %s period, %s valid_from */
	M_AGENCY_ENDED,     /* %s code, %s period, %s valid_to */
	M_AGENCY_ENDED_SUCC,/* %s code, %s period, %s valid_to, %s successor */
	M_AGENCY_MISMATCH,  /* %s code, %s first code, %lu line */
	M_AGENCY_NOT_SENDER_LOG,  /* %s code, %s the file's agency */
	M_AGENCY_NOT_SENDER_NAME, /* %s code, %s the file's agency */
	M_AGENCY_NOT_SENDER_TOKEN, /* %s code, %s the token's agency */
	M_AGENCY_OTHER_ALLOWED,   /* %s code, %s the file's agency */
	M_REPORT_DATE_FUTURE,     /* %s report date, %s day received */
	M_TASK_NOT_ASSIGNED,/* %s task, %s agency, %s lead */
	M_INDICATOR_OWNER,  /* %s indicator, %s agency, %s owner */
	M_COMPLETED_NOT_100,/* %s percent */
	M_100_NOT_COMPLETED,/* %s status */
	M_NOT_STARTED_NOT_0,/* %s percent */
	M_PERCENT_DECREASE, /* %s percent, %s earlier, %s period */
	M_TASK_NOT_STARTED_YET, /* %s task, %s start */
	/* aggregation */
	M_DUPLICATE_REPORT, /* %s task, %s earlier file, %s its received time */
	M_DUPLICATE_INDICATOR, /* %s indicator, %s earlier file, %s received */
	M_RECEIPT_MISSING,  /* %s the modification time used */
	M_RECEIPT_UNKNOWN_FILE, /* %s file */
	M_FILE_NO_AGENCY,
	/* schemas and the roadmap */
	M_SCHEMA_JSON,      /* %s jansson's message */
	M_SCHEMA_KEY,       /* %s where, %s key */
	M_SCHEMA_VALUE,     /* %s where, %s key, %s expected */
	M_SCHEMA_PATTERN,   /* %s where, %s pcre2 message, %lu offset */
	M_TEMPLATE_MISSING, /* %s where, %s key */
	M_TEMPLATE_PLACEHOLDER, /* %s where, %s name */
	M_SCHEMA_FIELD_REF, /* %s where, %s name */
	M_SCHEMA_NEEDS,     /* %s name */
	M_ROADMAP_MILESTONE_RANGE,  /* %s date, %s start, %s due */
	M_ROADMAP_MILESTONE_ORDER,  /* %s percent, %s earlier */
	M_ROADMAP_DUE_BEFORE_START, /* %s due, %s start */
	M_DATE_ORDER,               /* %s field, %s date, %s field, %s date */
	M_ROADMAP_PILLAR_ID,        /* %s task, %s pillar */
	M_ROADMAP_SUPPORT,          /* %s code */
	M_ROADMAP_LEAD_INVALID,     /* %s code, %s start */
	M_ROADMAP_SUCCESSOR_CYCLE,  /* %s code, %s the chain */
	M_ROADMAP_EMPTY_FILE,       /* %s the header line expected */
	M_ROADMAP_NO_TASKS,
	M_ROADMAP_MISSING_LABEL,    /* %s name, %s the header line */
	M_RECEIVED_AT,              /* %s value */
	/* the intake service (serve) */
	M_HTTP_NO_TOKEN,
	M_HTTP_BAD_TOKEN,
	M_HTTP_CSRF,
	M_HTTP_ADMIN_ONLY,
	M_HTTP_AGENCY_ONLY,
	M_HTTP_NOT_YOURS,           /* %s file */
	M_HTTP_NOT_FOUND,           /* %s path */
	M_HTTP_NO_FILE,             /* %s file, %s period */
	M_HTTP_METHOD,              /* %s path, %s method */
	M_HTTP_TOO_LARGE,           /* %s limit, as "10 MB" */
	M_HTTP_RATE,
	M_HTTP_BAD_PERIOD,          /* %s value */
	M_HTTP_BAD_NAME,            /* %s value */
	M_HTTP_BAD_AGENCY,          /* %s value */
	M_HTTP_NO_PERIOD,
	M_HTTP_NO_NAME,
	M_HTTP_NO_AGENCY,
	M_HTTP_OTHER_AGENCY,        /* %s asked, %s the token's */
	M_HTTP_STORE,               /* %s strerror */
	M_HTTP_TIMEOUT,
	M_HTTP_BUSY,
	M_MSG_COUNT
};

/** The printf format of message id in lang. */
const char *msg(enum lang lang, enum msg_id id);

/**
 * The message for a file that could not be opened with this errno (the
 * meanings infile.h gives them), or M_IO_OPEN when the system's own words
 * (strerror) must do.
 */
enum msg_id msg_of_open_errno(int err);

/** Parse "vi" or "en"; false for anything else. */
bool lang_parse(const char *s, enum lang *out);

#endif
