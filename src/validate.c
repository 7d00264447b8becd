/*
 * validate: the Table Schema engine and the file driver.
 *
 * A file is read record by record: the header is mapped to fields by name
 * or title (header.c: ignoring case, spaces, '_' and '-', in any order),
 * then each row is typed and checked and forgotten. What stays is
 * bounded by the keys that must stay unique: values are interned per key
 * column and a row's primary key is packed from the interned ids into 64
 * bits.
 */
#include "validate.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cell.h"
#include "date.h"
#include "hashmap.h"
#include "header.h"
#include "pattern.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* files from this size on are read and parsed in threads of their own
   (csv_reader_open_async); 0: all, for the builds that test them */
#ifndef PIPE_MIN_BYTES
#define PIPE_MIN_BYTES (1L << 20)
#endif
#define VALUE_SHOWN 80  /* characters of a value shown in a message */
#define ID_BITS 21      /* bits of an interned id in a packed key */

#define COL_IGNORED (-1L) /* a column not in the schema */
#define COL_BLANK (-2L)   /* a column with an empty label */

struct table {
	const struct schema *s;
	const char *file;
	const struct diag_sink *sink;
	const struct fk_resolver *fk;
	const struct validate_hooks *hooks;
	struct table_stats *stats;

	size_t ncols;
	long *col_field;        /* per column: field index, or COL_* */
	long *field_col;        /* per field: column, or -1 */
	bool blank_label_warned;

	char ***enum_keys;      /* per field: label keys of its enum */
	char **enum_shown;      /* per field: the allowed values, for messages */

	struct strmap **unique; /* per unique field: value -> line */
	struct strmap **pk_ids; /* per primary key field: value -> id + 1 */
	struct u64map *pk_packed;
	struct strmap *pk_joined;
	char *pk_names;         /* "period, agency_code, task_id" */
	struct strbuf pk_text;  /* the current row's key, joined */
	struct {                /* the last id of each key column */
		char text[32];
		size_t len;
		uint64_t id;
	} pk_last[3];
	bool has_key, key_fits; /* the current row's key, packed */
	uint64_t key_packed;

	struct cell *cells;
	bool *missing;          /* per field: the row has no cell for it */
	const struct csv_record *rec;
	bool row_error;

	/* the key's parts: per primary key field, where its id comes from */
	enum { KEY_TEXT, KEY_FOREIGN, KEY_MONTH } *key_src;
	bool key_free;          /* no part is interned: any thread can pack */
	uint32_t *fk_id;        /* per field: the row's foreign key id, or 0 */
	struct pattern_scratch *ps;

	struct fk_result {      /* per foreign key: the row's lookup */
		bool usable, found;
		uint32_t id;
		const char *what, *where;
	} *fk_res;
	struct strmap **self_refs; /* per foreign key on the table itself
				      (resource ""): the referenced values
				      of the rows so far */
	bool has_self;

	bool has_unique;        /* a field must be unique */
	size_t *missing_len;    /* of each of the schema's missingValues */
	bool clean;             /* the row's own checks found nothing */

	/* a precheck's copy of the table: reports only noted */
	bool quiet, reported;
	struct table *frozen;   /* what the copies are made from */
};

/*
 * What a precheck leaves for the caller's thread, per row: whether the
 * row's own checks found anything to say, and its key when it could be
 * packed there; its cells follow (pre_cells()).
 */
struct pre_row {
	bool clean;             /* nothing to say at all */
	bool cells_clean;       /* nothing from the schema's checks (the
				   row_local hook may have something) */
	bool key_ready, has_key, key_fits;
	uint64_t key;
};

/* ---- reporting ---------------------------------------------------------- */

char *diag_shorten(const char *v, size_t max)
{
	size_t i = 0, chars = 0;

	while (v[i] && chars < max) {
		i++;
		while (((unsigned char)v[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!v[i])
		return xstrdup(v);
	return xasprintf("%.*s…", (int)i, v);
}

static void vreport(const struct diag_sink *sink, bool decisive,
		    enum severity sev, const char *code, const char *constraint,
		    const char *file, unsigned long line, unsigned long col,
		    const char *field, const char *value, enum msg_id id,
		    va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char *shown;
	struct diag d = { sev, code, constraint, file, line, col, field,
			  NULL, NULL, decisive };

	if (!decisive && sink->full && sink->full(sink->ctx)) {
		/* nothing more will be shown: count it, spare the formatting */
		sink->emit(sink->ctx, &d);
		return;
	}
	shown = value ? diag_shorten(value, VALUE_SHOWN) : NULL;
	d.value = shown;
	strbuf_vaddf(&sb, msg(sink->lang, id), ap);
	d.message = sb.buf;
	sink->emit(sink->ctx, &d);
	strbuf_release(&sb);
	free(shown);
}

void diag_report(const struct diag_sink *sink, enum severity sev,
		 const char *code, const char *constraint, const char *file,
		 unsigned long line, unsigned long col, const char *field,
		 const char *value, enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vreport(sink, false, sev, code, constraint, file, line, col, field,
		value, id, ap);
	va_end(ap);
}

static void count(struct table_stats *st, enum severity sev)
{
	if (sev == SEV_ERROR)
		st->errors++;
	else
		st->warnings++;
}

void table_report(struct table *t, size_t field, enum severity sev,
		  const char *code, const char *constraint, enum msg_id id, ...)
{
	const struct cell *c = field < t->s->nfields ? &t->cells[field] : NULL;
	unsigned long line = c && c->line ? c->line : t->rec->line;
	unsigned long col = c && c->col ? c->col : 1;
	char *value = NULL;
	va_list ap;

	if (t->quiet) {
		/* a precheck: the caller's thread will say it, in order,
		   from the cells as they stand (none is changed here) */
		t->reported = true;
		if (sev == SEV_ERROR)
			t->row_error = true;
		return;
	}
	if (c && c->present && !t->missing[field])
		value = (char *)t->rec->fields[t->field_col[field]].value;
	va_start(ap, id);
	vreport(t->sink, false, sev, code, constraint, t->file, line, col,
		c ? t->s->fields[field].name : NULL, value, id, ap);
	va_end(ap);
	count(t->stats, sev);
	if (sev == SEV_ERROR) {
		t->row_error = true;
		if (c)
			t->cells[field].valid = false;
	}
}

void table_report_file(struct table *t, enum severity sev, const char *code,
		       enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vreport(t->sink, false, sev, code, NULL, t->file, 1, 1, NULL, NULL, id,
		ap);
	va_end(ap);
	count(t->stats, sev);
}

/*
 * A report not tied to a table: reader errors, headers. Once the file is
 * known to be rejected whole (st says so), the report tells why: it is
 * shown whatever --max-errors says.
 */
static void file_report(const struct diag_sink *sink, struct table_stats *st,
			enum severity sev, const char *code, const char *file,
			unsigned long line, unsigned long col, const char *field,
			const char *value, enum msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	vreport(sink, (st->unreadable || st->missing) && sev == SEV_ERROR, sev,
		code, NULL, file, line, col, field, value, id, ap);
	va_end(ap);
	count(st, sev);
}

bool table_row_has_error(const struct table *t)
{
	return t->row_error;
}

bool table_row_all_valid(const struct table *t)
{
	size_t i;

	if (t->row_error)
		return false;
	if (t->clean)
		return true; /* nothing said: every cell is valid */
	for (i = 0; i < t->s->nfields; i++)
		if (!t->cells[i].valid)
			return false;
	return true;
}

const struct schema *table_schema(const struct table *t)
{
	return t->s;
}

const char *table_file(const struct table *t)
{
	return t->file;
}

enum lang table_lang(const struct table *t)
{
	return t->sink->lang;
}

/* ---- the table ---------------------------------------------------------- */

static char *allowed_values(const struct field *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < f->nenum; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", f->enum_values[i]);
	for (i = 0; i < f->naliases; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : " (", f->aliases[i].label);
	if (f->naliases)
		strbuf_addch(&sb, ')');
	return strbuf_detach(&sb, NULL);
}

/*
 * Where a key field's id comes from: the row a foreign key of that field
 * alone finds (when the resolver numbers rows), the month of a yearmonth
 * (YYYY-MM, one text a month), else the text, interned as read. Each is
 * one id per value, as the text is.
 */
static int key_source(const struct table *t, size_t field)
{
	const struct schema *s = t->s;
	size_t k;

	for (k = 0; t->fk && t->fk->ids && k < s->nfkeys; k++)
		if (s->fkeys[k].nfields == 1 && s->fkeys[k].fields[0] == field &&
		    s->fkeys[k].resource[0])
			return KEY_FOREIGN;
	if (s->fields[field].type == FT_YEARMONTH)
		return KEY_MONTH;
	return KEY_TEXT;
}

static struct table *table_new(const struct schema *s, const char *file,
			       const struct diag_sink *sink,
			       const struct fk_resolver *fk,
			       const struct validate_hooks *hooks,
			       struct table_stats *stats)
{
	struct table *t = xcalloc(1, sizeof(*t));
	struct strbuf names = STRBUF_INIT;
	size_t i, k;

	t->s = s;
	t->file = file;
	t->sink = sink;
	t->fk = fk;
	t->hooks = hooks;
	t->stats = stats;
	t->field_col = xcalloc(s->nfields, sizeof(*t->field_col));
	t->cells = xcalloc(s->nfields, sizeof(*t->cells));
	t->missing = xcalloc(s->nfields, sizeof(*t->missing));
	t->enum_keys = xcalloc(s->nfields, sizeof(*t->enum_keys));
	t->enum_shown = xcalloc(s->nfields, sizeof(*t->enum_shown));
	t->unique = xcalloc(s->nfields, sizeof(*t->unique));
	strbuf_init(&t->pk_text);
	for (i = 0; i < s->nfields; i++) {
		const struct field *f = &s->fields[i];

		t->field_col[i] = -1;
		if (f->nenum) {
			t->enum_keys[i] = xcalloc(f->nenum, sizeof(char *));
			for (k = 0; k < f->nenum; k++)
				t->enum_keys[i][k] = text_label_key(f->enum_values[k]);
			t->enum_shown[i] = allowed_values(f);
		}
		if (f->unique) {
			t->unique[i] = strmap_new();
			t->has_unique = true;
		}
	}
	t->missing_len = xcalloc(s->nmissing ? s->nmissing : 1,
				 sizeof(*t->missing_len));
	for (i = 0; i < s->nmissing; i++)
		t->missing_len[i] = strlen(s->missing[i]);
	t->fk_id = xcalloc(s->nfields, sizeof(*t->fk_id));
	t->fk_res = xcalloc(s->nfkeys ? s->nfkeys : 1, sizeof(*t->fk_res));
	t->self_refs = xcalloc(s->nfkeys ? s->nfkeys : 1,
			       sizeof(*t->self_refs));
	for (k = 0; k < s->nfkeys; k++)
		if (!s->fkeys[k].resource[0]) {
			t->self_refs[k] = strmap_new();
			t->has_self = true;
		}
	t->ps = pattern_scratch_new();
	if (s->npk) {
		t->pk_ids = xcalloc(s->npk, sizeof(*t->pk_ids));
		t->key_src = xcalloc(s->npk, sizeof(*t->key_src));
		t->key_free = true;
		for (k = 0; k < s->npk; k++) {
			t->pk_ids[k] = strmap_new();
			t->key_src[k] = key_source(t, s->primary_key[k]);
			t->key_free &= t->key_src[k] != KEY_TEXT;
			strbuf_addf(&names, "%s%s", k ? ", " : "",
				    s->fields[s->primary_key[k]].name);
		}
		t->pk_packed = u64map_new();
		t->pk_joined = strmap_new();
	}
	t->pk_names = strbuf_detach(&names, NULL);
	return t;
}

static void table_free(struct table *t)
{
	size_t i, k;

	if (!t)
		return;
	for (i = 0; i < t->s->nfields; i++) {
		if (t->enum_keys[i])
			for (k = 0; k < t->s->fields[i].nenum; k++)
				free(t->enum_keys[i][k]);
		free(t->enum_keys[i]);
		free(t->enum_shown[i]);
		strmap_free(t->unique[i]);
	}
	for (k = 0; k < t->s->npk; k++)
		strmap_free(t->pk_ids[k]);
	free(t->pk_ids);
	free(t->key_src);
	free(t->fk_id);
	free(t->fk_res);
	for (k = 0; k < t->s->nfkeys; k++)
		strmap_free(t->self_refs[k]);
	free(t->self_refs);
	free(t->missing_len);
	free(t->frozen);
	pattern_scratch_free(t->ps);
	u64map_free(t->pk_packed);
	strmap_free(t->pk_joined);
	free(t->pk_names);
	strbuf_release(&t->pk_text);
	free(t->enum_keys);
	free(t->enum_shown);
	free(t->unique);
	free(t->col_field);
	free(t->field_col);
	free(t->cells);
	free(t->missing);
	free(t);
}

/* Map the header; false when the file cannot be processed. */
static bool table_header(struct table *t, const struct csv_record *hdr)
{
	const struct schema *s = t->s;
	bool ok = true;
	size_t i;

	t->ncols = hdr->nfields;
	t->col_field = xcalloc(t->ncols ? t->ncols : 1, sizeof(*t->col_field));
	for (i = 0; i < hdr->nfields; i++) {
		const struct csv_field *h = &hdr->fields[i];
		char *key = text_name_key(h->value);
		long f = *key ? header_field(s, key) : COL_BLANK;

		free(key);
		if (f == COL_BLANK) {
			t->col_field[i] = COL_BLANK;
		} else if (f < 0) {
			t->col_field[i] = COL_IGNORED;
			file_report(t->sink, t->stats, SEV_WARNING, "extra-label",
				    t->file, h->line, h->col, NULL, h->value,
				    M_EXTRA_LABEL, h->value);
		} else if (t->field_col[f] >= 0) {
			t->col_field[i] = COL_IGNORED;
			t->stats->unreadable = true; /* said whatever the limit */
			file_report(t->sink, t->stats, SEV_ERROR,
				    "duplicate-label", t->file, h->line, h->col,
				    s->fields[f].name, h->value,
				    M_DUPLICATE_LABEL, h->value,
				    (unsigned long)t->field_col[f] + 1);
			ok = false;
		} else {
			t->col_field[i] = f;
			t->field_col[f] = (long)i;
		}
	}
	for (i = 0; i < s->nfields; i++) {
		const struct field *f = &s->fields[i];

		if (t->field_col[i] < 0 && f->required) {
			t->stats->unreadable = true;
			file_report(t->sink, t->stats, SEV_ERROR, "missing-label",
				    t->file, hdr->line, hdr->end_col, f->name,
				    NULL, M_MISSING_LABEL, f->name,
				    field_title(f, t->sink->lang));
			ok = false;
		}
	}
	return ok;
}

/* ---- cells -------------------------------------------------------------- */

/* A plain number: cell.c reads numbers, in one way. */
bool validate_number(const char *s, const char *decimal_chars, double *out)
{
	return cell_number(s, decimal_chars, NULL, true, true, out);
}

/* The message kind of a type read by M_TYPE_VALUE, or 0. */
static enum msg_id kind_of(const struct field *f)
{
	switch (f->type) {
	case FT_TIME: return M_KIND_TIME;
	case FT_DATETIME: return M_KIND_DATETIME;
	case FT_YEAR: return M_KIND_YEAR;
	case FT_DURATION: return M_KIND_DURATION;
	case FT_OBJECT: return M_KIND_OBJECT;
	case FT_ARRAY: return M_KIND_ARRAY;
	case FT_GEOPOINT: return M_KIND_GEOPOINT;
	case FT_GEOJSON: return M_KIND_GEOJSON;
	case FT_STRING:
		return f->format == FMT_URI ? M_KIND_URI :
		       f->format == FMT_BINARY ? M_KIND_BINARY :
		       f->format == FMT_UUID ? M_KIND_UUID : 0;
	default: return 0;
	}
}

/* Give the cell its type; report a type-error when it has none. */
static bool type_cell(struct table *t, size_t i)
{
	const struct field *f = &t->s->fields[i];
	struct cell *c = &t->cells[i];
	const char *v = c->text;
	enum msg_id kind;

	if (f->type == FT_STRING && f->format == FMT_DEFAULT)
		return true;
	if (field_read(f, v, c->len, &c->v))
		return true;
	switch (f->type) {
	case FT_NUMBER:
		table_report(t, i, SEV_ERROR, "type-error", NULL,
			     M_TYPE_NUMBER, v);
		break;
	case FT_INTEGER:
		table_report(t, i, SEV_ERROR, "type-error", NULL,
			     M_TYPE_INTEGER, v);
		break;
	case FT_DATE: {
		/* a day of the right form but a year out of range says so */
		int32_t d;

		if (date_check_iso(v, &d) == DATE_OUT_OF_RANGE ||
		    date_check_dmy(v, &d) == DATE_OUT_OF_RANGE)
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_DATE_RANGE, v, DATE_MIN_YEAR,
				     DATE_MAX_YEAR);
		else
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_TYPE_DATE, v, f->forms_text);
		break;
	}
	case FT_YEARMONTH: {
		int ym;

		if (ym_check(v, &ym) == DATE_OUT_OF_RANGE)
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_YEARMONTH_RANGE, v, DATE_MIN_YEAR,
				     DATE_MAX_YEAR);
		else
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_TYPE_YEARMONTH, v);
		break;
	}
	case FT_BOOLEAN:
		table_report(t, i, SEV_ERROR, "type-error", NULL,
			     M_TYPE_BOOLEAN, v, f->true_values[0],
			     f->false_values[0]);
		break;
	default:
		kind = kind_of(f);
		if (!kind)
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_TYPE_EMAIL, v);
		else
			table_report(t, i, SEV_ERROR, "type-error", NULL,
				     M_TYPE_VALUE, v,
				     msg(t->sink->lang, kind), f->forms_text);
		break;
	}
	return false;
}

/* The numeric form of a typed cell, for minimum and maximum. */
static double numeric(const struct field *f, const struct cell *c)
{
	switch (f->type) {
	case FT_INTEGER: case FT_YEAR:
		return (double)c->v.integer;
	case FT_DATE:
		return c->v.date;
	case FT_YEARMONTH:
		return c->v.ym;
	default:
		return c->v.num;
	}
}

static void check_cell(struct table *t, size_t i)
{
	const struct field *f = &t->s->fields[i];
	struct cell *c = &t->cells[i];
	size_t k;

	if (!type_cell(t, i))
		return;
	if (f->nenum && f->type != FT_STRING) {
		if (!field_in_enum(f, c->text, c->len, &c->v)) {
			table_report(t, i, SEV_ERROR, "constraint-error", "enum",
				     M_ENUM, c->text, t->enum_shown[i]);
			return;
		}
	} else if (f->nenum) {
		const char *canon = NULL;
		char *key;

		/* the exact value or label first: folding costs more */
		for (k = 0; !canon && k < f->nenum; k++)
			if (f->enum_values[k][0] == c->text[0] &&
			    strcmp(f->enum_values[k], c->text) == 0)
				canon = f->enum_values[k];
		for (k = 0; !canon && k < f->naliases; k++)
			if (f->aliases[k].label[0] == c->text[0] &&
			    strcmp(f->aliases[k].label, c->text) == 0)
				canon = f->aliases[k].value;
		key = canon ? NULL : text_label_key(c->text);
		for (k = 0; !canon && k < f->naliases; k++)
			if (strcmp(f->aliases[k].key, key) == 0)
				canon = f->aliases[k].value;
		for (k = 0; !canon && k < f->nenum; k++)
			if (strcmp(t->enum_keys[i][k], key) == 0)
				canon = f->enum_values[k];
		free(key);
		if (!canon) {
			table_report(t, i, SEV_ERROR, "constraint-error", "enum",
				     M_ENUM, c->text, t->enum_shown[i]);
			return;
		}
		c->text = canon;
		c->len = strlen(canon);
	}
	if (f->min_length >= 0 ||
	    (f->max_length >= 0 && (f->type != FT_STRING ||
				    c->len > (size_t)f->max_length))) {
		/* characters <= bytes: only a long value needs counting;
		   an object, array or geojson counts members or items */
		size_t len = f->type != FT_STRING ? (size_t)c->v.integer :
			     text_length(c->text, c->len);

		bool text = f->type == FT_STRING;

		if (f->min_length >= 0 && len < (size_t)f->min_length)
			table_report(t, i, SEV_ERROR, "constraint-error",
				     "minLength", text ? M_MIN_LENGTH :
				     M_MIN_ITEMS, (unsigned long)len,
				     f->min_length, len == 1 ? "" : "s");
		if (f->max_length >= 0 && len > (size_t)f->max_length)
			table_report(t, i, SEV_ERROR, "constraint-error",
				     "maxLength", text ? M_MAX_LENGTH :
				     M_MAX_ITEMS, (unsigned long)len,
				     f->max_length, len == 1 ? "" : "s");
	}
	if (f->pattern) {
		enum pattern_result pr = pattern_match(f->pattern, t->ps,
						       c->text, c->len);
		const char *desc = f->description[t->sink->lang];

		if (pr == PATTERN_NO_MATCH)
			table_report(t, i, SEV_ERROR, "constraint-error",
				     "pattern", M_PATTERN, c->text,
				     desc && *desc ? desc :
				     pattern_source(f->pattern));
		else if (pr != PATTERN_MATCH)
			table_report(t, i, SEV_ERROR, "constraint-error",
				     "pattern", M_PATTERN_LIMIT, c->text);
	}
	/* NaN is within no bounds */
	if (f->has_minimum && !(numeric(f, c) >= f->minimum))
		table_report(t, i, SEV_ERROR, "constraint-error", "minimum",
			     M_MINIMUM, c->text, f->minimum_text);
	if (f->has_maximum && !(numeric(f, c) <= f->maximum))
		table_report(t, i, SEV_ERROR, "constraint-error", "maximum",
			     M_MAXIMUM, c->text, f->maximum_text);
}

/*
 * Lay out the cells of rec; report cells missing or in excess. Cells point
 * into the reader's record (already trimmed), valid until the next row.
 */
static void fill_cells(struct table *t, const struct csv_record *rec)
{
	const struct schema *s = t->s;
	size_t i;
	bool reported_missing = false;

	for (i = 0; i < s->nfields; i++) {
		long col = t->field_col[i];
		struct cell *c = &t->cells[i];
		const struct csv_field *cf;

		memset(c, 0, sizeof(*c));
		t->missing[i] = false;
		c->text = "";
		c->line = rec->line;
		c->col = 1;
		if (col < 0) {
			c->null = true;
			c->valid = true;
			continue;
		}
		c->present = true;
		if ((size_t)col >= rec->nfields) {
			c->null = true;
			c->line = rec->end_line;
			c->col = rec->end_col;
			t->missing[i] = true;
			if (!reported_missing) {
				reported_missing = true;
				table_report(t, i, SEV_ERROR, "missing-cell", NULL,
					     M_MISSING_CELL, s->fields[i].name,
					     field_title(&s->fields[i],
							 t->sink->lang));
			}
			continue;
		}
		cf = &rec->fields[col];
		c->line = cf->line;
		c->col = cf->col;
		c->text = cf->value;
		c->len = cf->len;
	}
	for (i = 0; i < rec->nfields; i++) {
		const struct csv_field *cf = &rec->fields[i];

		if (!cf->len)
			continue;
		if (i >= t->ncols && t->quiet) {
			t->reported = t->row_error = true;
			break;
		}
		if (i >= t->ncols) {
			diag_report(t->sink, SEV_ERROR, "extra-cell", NULL, t->file,
				    cf->line, cf->col, NULL, cf->value,
				    M_EXTRA_CELL, cf->value);
			count(t->stats, SEV_ERROR);
			t->row_error = true;
			break;
		}
		if (t->col_field[i] == COL_BLANK && t->quiet) {
			t->reported = true; /* said once a file: in order */
		} else if (t->col_field[i] == COL_BLANK && !t->blank_label_warned) {
			t->blank_label_warned = true;
			diag_report(t->sink, SEV_WARNING, "blank-label", NULL,
				    t->file, cf->line, cf->col, NULL, cf->value,
				    M_BLANK_LABEL);
			count(t->stats, SEV_WARNING);
		}
	}
}

/* (by length first: a long text is not read for this) */
static bool is_missing_value(const struct table *t, const char *v, size_t len)
{
	const struct schema *s = t->s;
	size_t i;

	for (i = 0; i < s->nmissing; i++)
		if (t->missing_len[i] == len &&
		    memcmp(s->missing[i], v, len) == 0)
			return true;
	return false;
}

/* Report a value an accepted row already holds in a unique column. */
static void check_unique(struct table *t, size_t i)
{
	struct cell *c = &t->cells[i];
	struct strmap_entry *e;

	if (!t->unique[i] || c->null || !c->valid)
		return;
	e = strmap_get(t->unique[i], c->text, c->len);
	if (e)
		table_report(t, i, SEV_ERROR, "unique-error", NULL, M_UNIQUE,
			     c->text, (unsigned long)e->value);
}

/* Like primary keys, only accepted rows hold their unique values. */
static void register_unique(struct table *t, size_t i)
{
	struct cell *c = &t->cells[i];

	if (!t->unique[i] || c->null || !c->valid || t->row_error)
		return;
	strmap_put(t->unique[i], c->text, c->len, NULL)->value = c->line;
}

/*
 * The row's primary key, packed from the parts' ids (key_source) when it
 * fits in 64 bits, else joined into t->pk_text. Returns false when the row
 * has no key to check: a key cell empty or invalid, or a foreign value
 * nothing refers to (no accepted row can hold it).
 */
static bool row_key(struct table *t, uint64_t *packed, bool *fits)
{
	const struct schema *s = t->s;
	size_t k;

	*packed = 0;
	*fits = s->npk <= 3;
	strbuf_reset(&t->pk_text);
	for (k = 0; k < s->npk; k++) {
		const struct cell *c = &t->cells[s->primary_key[k]];

		if (c->null || !c->valid)
			return false;
	}
	for (k = 0; k < s->npk; k++) {
		const struct cell *c = &t->cells[s->primary_key[k]];
		struct strmap_entry *e;
		bool added;
		uint64_t id;

		if (t->key_src[k] == KEY_MONTH) {
			id = (uint64_t)c->v.ym + 1;
		} else if (t->key_src[k] == KEY_FOREIGN) {
			id = t->fk_id[s->primary_key[k]];
			if (!id)
				return false;
		} else if (k < 3 && t->pk_last[k].len == c->len && c->len < 32 &&
			   memcmp(t->pk_last[k].text, c->text, c->len) == 0) {
			/* a key column often repeats from row to row */
			id = t->pk_last[k].id;
		} else {
			e = strmap_put(t->pk_ids[k], c->text, c->len, &added);
			if (added)
				e->value = strmap_count(t->pk_ids[k]);
			id = e->value;
			if (k < 3 && c->len < 32) {
				memcpy(t->pk_last[k].text, c->text, c->len);
				t->pk_last[k].len = c->len;
				t->pk_last[k].id = id;
			}
		}
		if (id >= (1u << ID_BITS))
			*fits = false;
		*packed |= id << (k * ID_BITS);
	}
	/* the joined text only when the ids do not fit */
	for (k = 0; !*fits && k < s->npk; k++) {
		const struct cell *c = &t->cells[s->primary_key[k]];

		strbuf_add(&t->pk_text, c->text, c->len);
		strbuf_addch(&t->pk_text, '\x1f');
	}
	return true;
}

/* Report a row whose key (found by row_key) an accepted row holds. */
static void check_key(struct table *t)
{
	const struct schema *s = t->s;
	unsigned long first = 0;
	uint32_t line;

	if (!t->has_key)
		return;
	if (t->key_fits) {
		if (u64map_get(t->pk_packed, t->key_packed, &line))
			first = line;
	} else {
		struct strmap_entry *e = strmap_get(t->pk_joined, t->pk_text.buf,
						    t->pk_text.len);
		if (e)
			first = (unsigned long)e->value;
	}
	/* point at the last key column: the one that usually tells rows apart */
	if (first)
		table_report(t, s->primary_key[s->npk - 1], SEV_ERROR,
			     "primary-key-error", NULL, M_PRIMARY_KEY,
			     t->pk_names, first);
}

static void check_primary_key(struct table *t)
{
	t->has_key = row_key(t, &t->key_packed, &t->key_fits);
	check_key(t);
}

/* Only accepted rows hold a key: a rejected row is no original. */
static void register_primary_key(struct table *t)
{
	uint32_t line;

	if (!t->has_key || t->row_error)
		return;
	if (t->key_fits)
		u64map_add(t->pk_packed, t->key_packed, (uint32_t)t->rec->line,
			   &line);
	else
		strmap_put(t->pk_joined, t->pk_text.buf, t->pk_text.len,
			   NULL)->value = t->rec->line;
}

/*
 * The row's values of names (fields of the table), joined, into sb; false
 * when one is empty or not valid.
 */
static bool joined_values(struct table *t, char *const *names,
			  const size_t *idx, size_t n, struct strbuf *sb)
{
	size_t j;

	strbuf_reset(sb);
	for (j = 0; j < n; j++) {
		long f = idx ? (long)idx[j] : schema_field_index(t->s, names[j]);
		const struct cell *c = &t->cells[f];

		if (f < 0 || c->null || !c->valid)
			return false;
		strbuf_add(sb, c->text, c->len);
		strbuf_addch(sb, '\x1f');
	}
	return true;
}

/*
 * A foreign key on the table itself: the row's referenced values join
 * those of the rows before it, then its own values are looked for there
 * (a row may refer to itself or to a row above it).
 */
static void resolve_self(struct table *t, size_t k)
{
	const struct foreign_key *fk = &t->s->fkeys[k];
	struct fk_result *r = &t->fk_res[k];
	struct strbuf sb = STRBUF_INIT;

	if (joined_values(t, fk->ref_fields, NULL, fk->nfields, &sb))
		strmap_put(t->self_refs[k], sb.buf, sb.len, NULL);
	r->id = 0;
	r->what = t->sink->lang == LANG_VI ? "các dòng phía trên của bảng" :
		  "the rows above in the table";
	r->where = t->file;
	r->usable = joined_values(t, NULL, fk->fields, fk->nfields, &sb);
	r->found = r->usable &&
		   strmap_get(t->self_refs[k], sb.buf, sb.len) != NULL;
	strbuf_release(&sb);
}

/* Look the row's foreign keys up (their ids serve the primary key). */
static void resolve_foreign_keys(struct table *t)
{
	const struct schema *s = t->s;
	size_t k, j;

	for (k = 0; k < s->nfkeys; k++) {
		const struct foreign_key *fk = &s->fkeys[k];
		struct fk_result *r = &t->fk_res[k];
		const char *values[8];

		if (t->self_refs[k]) {
			resolve_self(t, k);
			continue;
		}
		r->usable = t->fk && t->fk->lookup && fk->nfields <= 8;
		for (j = 0; r->usable && j < fk->nfields; j++) {
			const struct cell *c = &t->cells[fk->fields[j]];

			r->usable = !c->null && c->valid;
			values[j] = c->text;
		}
		r->id = 0;
		r->what = r->where = "";
		r->found = r->usable &&
			   t->fk->lookup(t->fk->ctx, fk, values, t->sink->lang,
					 &r->what, &r->where, &r->id);
		if (fk->nfields == 1)
			t->fk_id[fk->fields[0]] = r->found ? r->id : 0;
	}
}

/* Report the values no row of their resource holds. */
static void report_foreign_keys(struct table *t)
{
	const struct schema *s = t->s;
	size_t k, j;

	for (k = 0; k < s->nfkeys; k++) {
		const struct foreign_key *fk = &s->fkeys[k];
		const struct fk_result *r = &t->fk_res[k];
		bool usable = r->usable && !r->found;

		/* a cell found wrong since (a repeated key) is not looked at */
		for (j = 0; usable && j < fk->nfields; j++)
			usable = t->cells[fk->fields[j]].valid;
		if (usable)
			table_report(t, fk->fields[0], SEV_ERROR,
				     "foreign-key-error", NULL, M_FOREIGN_KEY,
				     t->cells[fk->fields[0]].text, r->what,
				     r->where);
	}
}

static bool row_is_blank(const struct csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i].len)
			return false;
	return true;
}

/* Lay out and check the cells of rec, each on its own. */
static void row_cells(struct table *t, const struct csv_record *rec)
{
	const struct schema *s = t->s;
	size_t i;

	t->rec = rec;
	t->row_error = false;
	fill_cells(t, rec);
	for (i = 0; i < s->nfields; i++) {
		struct cell *c = &t->cells[i];
		long col = t->field_col[i];

		if (!c->present || t->missing[i])
			continue;
		c->valid = true;
		if (rec->fields[col].truncated) {
			table_report(t, i, SEV_ERROR, "constraint-error",
				     "maxLength", M_MAX_LENGTH_HUGE,
				     s->fields[i].max_length >= 0 ?
				     s->fields[i].max_length : (long)CSV_FIELD_CAP);
			continue;
		}
		if (is_missing_value(t, c->text, c->len)) {
			c->null = true;
			if (s->fields[i].required)
				table_report(t, i, SEV_ERROR, "constraint-error",
					     "required", M_REQUIRED,
					     field_title(&s->fields[i], t->sink->lang));
			continue;
		}
		check_cell(t, i);
	}
}

/* What every row ends with: its keys kept if accepted, the stats. */
static void row_done(struct table *t)
{
	size_t i;

	if (t->s->npk)
		register_primary_key(t);
	for (i = 0; t->has_unique && i < t->s->nfields; i++)
		register_unique(t, i);
	if (t->row_error)
		t->stats->rejected++;
	else
		t->stats->accepted++;
}

/* Check one non-blank row; the outcome goes into the stats. */
static void table_row(struct table *t, const struct csv_record *rec)
{
	const struct schema *s = t->s;
	size_t i;

	t->stats->rows++;
	row_cells(t, rec);
	for (i = 0; t->has_unique && i < s->nfields; i++)
		check_unique(t, i);
	resolve_foreign_keys(t);
	if (s->npk)
		check_primary_key(t);
	report_foreign_keys(t);
	if (t->hooks && t->hooks->row)
		t->hooks->row(t->hooks->ctx, t, t->cells, rec);
	row_done(t);
}

/* ---- prechecks: the row's own checks, in the reader's threads --------- */

static struct validate_knobs knobs; /* for tests (validate.h) */

void validate_set_knobs(const struct validate_knobs *k)
{
	knobs = *k;
}

/*
 * A precheck writes, for each record, a struct pre_row then the cells as
 * row_cells() and the hooks leave them: the caller's thread checks a
 * clean row from there (a clean row misses no cell, and its raw text is
 * in the record).
 */
static size_t pre_size(const struct schema *s)
{
	return sizeof(struct pre_row) + s->nfields * sizeof(struct cell);
}

static struct cell *pre_cells(struct pre_row *pr)
{
	return (struct cell *)(void *)(pr + 1);
}

/* A thread's copy of the table, made from the frozen one: quiet. */
static void *pre_new(void *ctx)
{
	const struct table *frozen = ctx;
	struct table *c = xmalloc(sizeof(*c));

	*c = *frozen;
	c->quiet = true;
	c->stats = NULL;
	c->fk_id = xcalloc(c->s->nfields, sizeof(*c->fk_id));
	c->missing = xcalloc(c->s->nfields, sizeof(*c->missing));
	c->fk_res = xcalloc(c->s->nfkeys ? c->s->nfkeys : 1, sizeof(*c->fk_res));
	c->ps = pattern_scratch_new();
	strbuf_init(&c->pk_text);
	return c;
}

static void pre_free(void *state)
{
	struct table *c = state;

	free(c->fk_id);
	free(c->missing);
	free(c->fk_res);
	pattern_scratch_free(c->ps);
	strbuf_release(&c->pk_text);
	free(c);
}

static void pre_check(void *state, const struct csv_record *rec, void *out)
{
	struct table *t = state;
	struct pre_row *pr = out;

	t->cells = pre_cells(pr);
	memset(pr, 0, sizeof(*pr));
	if (row_is_blank(rec))
		return;
	t->reported = false;
	row_cells(t, rec);
	resolve_foreign_keys(t);
	report_foreign_keys(t);
	pr->cells_clean = !t->reported;
	if (pr->cells_clean && t->hooks && t->hooks->row_local)
		t->hooks->row_local(t->hooks->ctx, t, t->cells, rec);
	pr->clean = pr->cells_clean && !t->reported;
	if (pr->cells_clean && t->s->npk && t->key_free) {
		pr->has_key = row_key(t, &pr->key, &pr->key_fits);
		pr->key_ready = !pr->has_key || pr->key_fits;
	}
}

/* Check the records parsed from now on in the reader's threads. */
static void start_prechecks(struct table *t, struct csv_reader *r)
{
	struct csv_precheck pc;

	if (knobs.no_prechecks || t->has_self)
		return; /* (a reference to the table itself needs the rows
			   above it: rows in order) */
	if (t->hooks && (t->hooks->row || t->hooks->row_local ||
			 t->hooks->row_ordered) &&
	    !(t->hooks->row_local && t->hooks->row_ordered))
		return; /* a hook that cannot be split */
	t->frozen = xmalloc(sizeof(*t->frozen));
	*t->frozen = *t;
	pc.new_state = pre_new;
	pc.check = pre_check;
	pc.free_state = pre_free;
	pc.ctx = t->frozen;
	pc.out_size = pre_size(t->s);
	csv_reader_set_precheck(r, &pc);
}

/*
 * A row whose cells its precheck found clean: what depends on the rows
 * before it; then row_ordered() when the row_local() hook had nothing to
 * say either, else the whole row() hook, which says it in its order.
 */
static void table_row_pre(struct table *t, const struct csv_record *rec,
			  struct pre_row *pr)
{
	const struct schema *s = t->s;
	struct cell *cells = t->cells;
	size_t i;

	t->cells = pre_cells(pr);
	memset(t->missing, 0, s->nfields * sizeof(*t->missing));
	t->rec = rec;
	t->row_error = false;
	t->clean = true;
	t->stats->rows++;
	for (i = 0; t->has_unique && i < s->nfields; i++)
		check_unique(t, i);
	/* (a unique cell found repeated leaves the row without a key: the
	   key made in the precheck is only good without unique fields) */
	if (s->npk && pr->key_ready && !t->has_unique) {
		t->has_key = pr->has_key;
		t->key_packed = pr->key;
		t->key_fits = true;
		check_key(t);
	} else if (s->npk) {
		resolve_foreign_keys(t); /* the ids of the key's parts */
		check_primary_key(t);
	}
	if (pr->clean && t->hooks && t->hooks->row_ordered)
		t->hooks->row_ordered(t->hooks->ctx, t, t->cells, rec);
	else if (!pr->clean && t->hooks && t->hooks->row)
		t->hooks->row(t->hooks->ctx, t, t->cells, rec);
	row_done(t);
	t->clean = false;
	t->cells = cells;
}

/* ---- the file driver ---------------------------------------------------- */

/* Report a reader error; returns true when the file must be dropped. */
static bool reader_failed(struct csv_reader *r, const char *file,
			  const struct diag_sink *sink, struct table_stats *st,
			  bool in_data)
{
	const struct csv_error *e = csv_reader_error(r);

	switch (e->kind) {
	case CSV_ERR_IO:
		/* the common causes in the reader's language, others as the
		   system words them */
		st->missing = true;
		if (msg_of_open_errno(e->sys_errno) != M_IO_OPEN)
			file_report(sink, st, SEV_ERROR, "source-error", file, 0,
				    0, NULL, NULL,
				    msg_of_open_errno(e->sys_errno));
		else
			file_report(sink, st, SEV_ERROR, "source-error", file, 0,
				    0, NULL, NULL, M_IO_OPEN,
				    strerror(e->sys_errno));
		return true;
	case CSV_ERR_ENCODING:
		st->unreadable = true;
		if (csv_reader_utf16(r)) /* decoded: a broken character */
			file_report(sink, st, SEV_ERROR, "encoding-error", file,
				    e->line, e->col, NULL, NULL, M_UTF16_BROKEN);
		else
			file_report(sink, st, SEV_ERROR, "encoding-error", file,
				    e->line, e->col, NULL, NULL, M_ENCODING,
				    e->byte);
		return true;
	case CSV_ERR_UTF16:
		st->unreadable = true;
		file_report(sink, st, SEV_ERROR, "encoding-error", file, 1, 1,
			    NULL, NULL, M_UTF16);
		return true;
	case CSV_ERR_WORKBOOK:
		st->unreadable = true;
		file_report(sink, st, SEV_ERROR, "source-error", file, 1, 1,
			    NULL, NULL, M_WORKBOOK);
		return true;
	case CSV_ERR_BINARY:
		st->unreadable = true;
		file_report(sink, st, SEV_ERROR, "source-error", file, e->line,
			    e->col, NULL, NULL, M_BINARY, e->byte);
		return true;
	case CSV_ERR_QUOTE:
	case CSV_ERR_AFTER_QUOTE:
		st->unreadable = !in_data; /* a header that cannot be read */
		file_report(sink, st, SEV_ERROR, "source-error", file, e->line,
			    e->col, NULL, NULL, e->kind == CSV_ERR_QUOTE ?
			    M_STRAY_QUOTE : M_AFTER_QUOTE);
		if (!in_data)
			return true;
		st->rows++;
		st->rejected++;
		return false;
	case CSV_ERR_UNCLOSED:
		st->unreadable = !in_data;
		file_report(sink, st, SEV_ERROR, "source-error", file, e->line,
			    e->col, NULL, NULL, M_UNCLOSED_QUOTE);
		if (in_data) {
			st->rows++;
			st->rejected++;
		}
		return true;
	case CSV_ERR_TOO_BIG:
		file_report(sink, st, SEV_ERROR, "source-error", file, e->line,
			    e->col, NULL, NULL, M_RECORD_TOO_BIG);
		st->rows++;
		st->rejected++;
		return false;
	case CSV_ERR_NONE:
		break;
	}
	return false;
}

/*
 * A file that is no CSV at all (an image, a PDF, an archive, a binary
 * file), as its beginning tells: reported, and true.
 */
static bool not_a_csv(struct csv_reader *r, const char *file,
		      const struct diag_sink *sink, struct table_stats *st)
{
	enum csv_format f = csv_reader_format(r);

	if (f == CSV_FMT_TEXT || f == CSV_FMT_WORKBOOK)
		return false; /* a workbook: the reader's own error says so */
	st->unreadable = true;
	if (f == CSV_FMT_PNG || f == CSV_FMT_JPEG || f == CSV_FMT_GIF)
		file_report(sink, st, SEV_ERROR, "source-error", file, 1, 1,
			    NULL, NULL, M_NOT_CSV_IMAGE, f == CSV_FMT_PNG ? "PNG" :
			    f == CSV_FMT_JPEG ? "JPEG" : "GIF");
	else
		file_report(sink, st, SEV_ERROR, "source-error", file, 1, 1,
			    NULL, NULL, f == CSV_FMT_PDF ? M_NOT_CSV_PDF :
			    f == CSV_FMT_ZIP ? M_NOT_CSV_ZIP : M_NOT_CSV_BINARY);
	return true;
}

/* Read r (then closed) against the schemas. */
static int run(struct csv_reader *r, const char *file,
	       const struct schema *const *schemas, size_t nschemas,
	       const struct diag_sink *sink, const struct fk_resolver *fk,
	       const struct validate_hooks *hooks, struct table_stats *st,
	       const struct schema **chosen)
{
	const struct csv_record *rec;
	const struct schema *s;
	struct table *t = NULL;
	unsigned long *blank = NULL, last_end, k;
	size_t nblank = 0, blank_cap = 0, i;
	int rc, ret = 0;
	bool first;

	memset(st, 0, sizeof(*st));
	if (chosen)
		*chosen = NULL;
	if (knobs.chunk)
		csv_reader_set_limits(r, knobs.chunk, knobs.job_bytes,
				      knobs.solo_bytes);
	/* the header */
	for (first = true;; first = false) {
		rc = csv_reader_next(r, &rec);
		if (first && not_a_csv(r, file, sink, st)) {
			ret = 1;
			goto out;
		}
		if (rc == 0) {
			st->unreadable = true;
			file_report(sink, st, SEV_ERROR, "source-error", file, 1, 1,
				    NULL, NULL, M_EMPTY_FILE);
			ret = 1;
			goto out;
		}
		if (rc > 0 && !row_is_blank(rec))
			break;
		if (rc < 0 && csv_reader_error(r)->kind == CSV_ERR_TOO_BIG) {
			/* thousands of columns: no header of a report */
			st->unreadable = true;
			file_report(sink, st, SEV_ERROR, "source-error", file,
				    csv_reader_error(r)->line, 1, NULL, NULL,
				    M_HEADER_TOO_BIG);
			ret = 1;
			goto out;
		}
		if (rc < 0 && reader_failed(r, file, sink, st, false)) {
			ret = st->missing ? -1 : 1;
			goto out;
		}
	}
	s = header_kind(schemas, nschemas, rec);
	if (!s) {
		char *missing = NULL;
		const struct schema *near = header_closest(schemas, nschemas,
							   rec, &missing);
		char *kinds = header_kinds_text(schemas, nschemas);

		st->unreadable = true;
		if (near && *missing)
			file_report(sink, st, SEV_ERROR, "missing-label", file,
				    rec->line, 1, NULL, NULL,
				    M_UNKNOWN_KIND_NEAR, near->title ?
				    near->title : near->path, missing);
		else
			file_report(sink, st, SEV_ERROR, "missing-label", file,
				    rec->line, 1, NULL, NULL, M_UNKNOWN_KIND,
				    kinds);
		free(kinds);
		free(missing);
		ret = 1;
		goto out;
	}
	if (chosen)
		*chosen = s;
	t = table_new(s, file, sink, fk, hooks, st);
	if (!table_header(t, rec) ||
	    (hooks && hooks->header && !hooks->header(hooks->ctx, t))) {
		st->unreadable = true;
		ret = 1;
		goto out;
	}
	start_prechecks(t, r);
	/* the rows; last_end is the last line read, 0 when unknown */
	last_end = rec->end_line;
	for (;;) {
		rc = csv_reader_next(r, &rec);
		if (rc == 0)
			break;
		if (rc < 0) {
			const struct csv_error *e = csv_reader_error(r);

			/* a malformed row is skipped to the end of its line */
			last_end = e->kind == CSV_ERR_QUOTE ||
				   e->kind == CSV_ERR_AFTER_QUOTE ? e->line : 0;
			if (reader_failed(r, file, sink, st, true))
				break;
			continue;
		}
		/* blank rows are reported once data follows them: Excel
		   leaves some at the end, and those are not worth a word.
		   Lines of white space give no record: the lines skipped
		   before one are those */
		for (k = last_end + 1; last_end && k < rec->line; k++) {
			XGROW(blank, nblank + 1, blank_cap);
			blank[nblank++] = k;
		}
		last_end = rec->end_line;
		if (row_is_blank(rec)) {
			XGROW(blank, nblank + 1, blank_cap);
			blank[nblank++] = rec->line;
			continue;
		}
		for (i = 0; i < nblank; i++)
			file_report(sink, st, SEV_WARNING, "blank-row", file,
				    blank[i], 1, NULL, NULL, M_BLANK_ROW);
		nblank = 0;
		if (s->npk) {
			/* the next row's key: its slot, while this row is
			   checked */
			const struct pre_row *nx = csv_reader_peek_pre(r);

			if (nx && nx->key_ready && nx->has_key)
				u64map_prefetch(t->pk_packed, nx->key);
		}
		if (rec->pre && ((struct pre_row *)rec->pre)->cells_clean)
			table_row_pre(t, rec, rec->pre);
		else
			table_row(t, rec);
	}
	free(blank);
	if (st->unreadable) {
		/* rejected whole: the rows read before the fault count for
		   nothing either */
		st->rejected += st->accepted;
		st->accepted = 0;
		ret = 1;
	}
out:
	/* no reader thread may still be checking with t */
	csv_reader_close(r);
	table_free(t);
	return ret;
}

int validate_file(const char *path, const struct schema *const *schemas,
		  size_t nschemas, const struct diag_sink *sink,
		  const struct fk_resolver *fk, const struct validate_hooks *hooks,
		  struct table_stats *stats, const struct schema **chosen)
{
	struct stat sb;
	struct csv_reader *r;

	/* a big file is read and parsed in threads while its rows are
	   checked; a small one (a month's submission) is over before a
	   thread would pay for itself */
	if (!knobs.async && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size < PIPE_MIN_BYTES)
		r = csv_reader_open(path);
	else
		r = csv_reader_open_async(path);
	return run(r, path, schemas, nschemas, sink, fk, hooks, stats, chosen);
}

int validate_mem(const void *data, size_t n, const char *name,
		 const struct schema *const *schemas, size_t nschemas,
		 const struct diag_sink *sink, const struct fk_resolver *fk,
		 const struct validate_hooks *hooks, struct table_stats *stats,
		 const struct schema **chosen)
{
	return run(csv_reader_open_mem(data, n), name, schemas, nschemas, sink,
		   fk, hooks, stats, chosen);
}
