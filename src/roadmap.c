/*
 * roadmap: loading the plan through the validation engine, then holding
 * it in arrays with hash indexes. Every string lives once in an interning
 * map, so the whole roadmap is freed in a few calls.
 */
#include "roadmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "hashmap.h"
#include "strbuf.h"
#include "xalloc.h"

enum { P_AGENCIES, P_TASKS, P_MILESTONES, P_INDICATORS };

static const char *const file_names[4] = {
	"agencies.csv", "roadmap/tasks.csv", "roadmap/milestones.csv",
	"roadmap/indicators.csv"
};
static const char *const schema_names[4] = {
	"agencies.schema.json", "tasks.schema.json", "milestones.schema.json",
	"indicators.schema.json"
};
/* the fields the row hooks below read, by file */
static const char *const needs[4][11] = {
	{ "code", "name_vi", "name_en", "valid_from", "valid_to", "successor",
	  NULL },
	{ "task_id", "pillar", "title_vi", "title_en", "lead_agency",
	  "support_agencies", "start_date", "due_date", "weight",
	  "source_document", NULL },
	{ "task_id", "date", "planned_percent", NULL },
	{ "indicator_id", "pillar", "name_vi", "name_en", "unit",
	  "owner_agency", "baseline_date", "baseline_value", "target_date",
	  "target_value", NULL },
};

struct staged_milestone {
	size_t task;
	struct milestone m;
	unsigned long line, col_date, col_pct;
};

struct pos {
	unsigned long line, col;
};

struct loading {
	struct roadmap *rm;
	const struct diag_sink *outer;
	struct diag_sink sink;       /* forwards to outer, counting errors */
	unsigned long errors;
	size_t agencies_cap, tasks_cap, indicators_cap;
	struct pos *successor_at;    /* per agency */
	struct staged_milestone *ms;
	size_t nms, ms_cap;
	const char *file;
	char *header;                /* the file's expected header line */
};

static void counting_emit(void *ctx, const struct diag *d)
{
	struct loading *ld = ctx;

	if (d->severity == SEV_ERROR)
		ld->errors++;
	if (d->field && strcmp(d->code, "missing-label") == 0) {
		/* the engine's message sends a clerk to the report form */
		struct diag own = *d;
		char *m = xasprintf(msg(ld->sink.lang, M_ROADMAP_MISSING_LABEL),
				    d->field, ld->header ? ld->header : "?");

		own.message = m;
		ld->outer->emit(ld->outer->ctx, &own);
		free(m);
		return;
	}
	ld->outer->emit(ld->outer->ctx, d);
}

static const char *intern(struct roadmap *rm, const char *s)
{
	if (!s)
		return NULL;
	return strmap_put(rm->strings, s, strlen(s), NULL)->key;
}

static const struct cell *cell(struct table *t, const struct cell *cells,
			       const char *name)
{
	long i = schema_field_index(table_schema(t), name);

	return i >= 0 ? &cells[i] : NULL;
}

static size_t fidx(struct table *t, const char *name)
{
	long i = schema_field_index(table_schema(t), name);

	return i >= 0 ? (size_t)i : (size_t)-1;
}

static const char *text(struct table *t, const struct cell *cells,
			const char *name)
{
	const struct cell *c = cell(t, cells, name);

	return c && !c->null ? c->text : NULL;
}

static bool usable(struct table *t, const struct cell *cells, const char *name)
{
	const struct cell *c = cell(t, cells, name);

	return c && c->valid;
}

/* ---- lookups ------------------------------------------------------------- */

static long find(const struct strmap *m, const char *key)
{
	const struct strmap_entry *e;

	if (!key)
		return -1;
	e = strmap_get(m, key, strlen(key));
	return e ? (long)e->value - 1 : -1;
}

/*
 * A row looks its agency and task up several times (foreign key, period,
 * assignment): the last answer of each is kept, per thread (documents are
 * drawn on two threads) and per roadmap (its serial number; a roadmap
 * loaded later at the same address is another one).
 */
struct memo {
	unsigned long owner;        /* the roadmap's serial, 0: empty */
	char key[2][24];
	long idx[2];
};

static _Thread_local struct memo memo;
static atomic_ulong serials;

static void memo_forget(void)
{
	memset(&memo, 0, sizeof(memo));
}

static long find_memo(const struct roadmap *rm, int which,
		      const struct strmap *m, const char *key)
{
	struct memo *mm = &memo;
	size_t n;

	if (!key)
		return -1;
	if (mm->owner != rm->serial) {
		memo_forget();
		mm->owner = rm->serial;
	}
	n = strlen(key);
	if (n < sizeof(mm->key[which]) && memcmp(mm->key[which], key, n + 1) == 0)
		return mm->idx[which];
	mm->idx[which] = find(m, key);
	if (n < sizeof(mm->key[which]))
		memcpy(mm->key[which], key, n + 1);
	else
		mm->key[which][0] = '\0';
	return mm->idx[which];
}

const struct agency *roadmap_agency(const struct roadmap *rm, const char *code)
{
	long i = find_memo(rm, 0, rm->agency_idx, code);

	return i >= 0 ? &rm->agencies[i] : NULL;
}

const struct task *roadmap_task(const struct roadmap *rm, const char *id)
{
	long i = find_memo(rm, 1, rm->task_idx, id);

	return i >= 0 ? &rm->tasks[i] : NULL;
}

const struct indicator *roadmap_indicator(const struct roadmap *rm,
					  const char *id)
{
	long i = find(rm->indicator_idx, id);

	return i >= 0 ? &rm->indicators[i] : NULL;
}

bool agency_valid_between(const struct agency *a, int32_t from, int32_t to)
{
	return a->valid_from <= to && a->valid_to >= from;
}

bool agency_is_or_succeeds(const struct roadmap *rm, const char *who,
			   const char *code)
{
	int hops;

	for (hops = 0; who && hops < 16; hops++) {
		const struct agency *a;

		if (strcmp(who, code) == 0)
			return true;
		a = roadmap_agency(rm, who);
		who = a ? a->successor : NULL;
	}
	return false;
}

/* Set bits for who and the agencies that succeeded it. */
static uint64_t chain_bits(const struct roadmap *rm, const char *who)
{
	uint64_t bits = 0;
	int hops;

	for (hops = 0; who && hops < 16; hops++) {
		long i = find(rm->agency_idx, who);

		if (i < 0)
			break;
		bits |= 1ull << i;
		who = rm->agencies[i].successor;
	}
	return bits;
}

/* Each task's involved bits, so that a row's check reads one word. */
static void settle_involvement(struct roadmap *rm)
{
	size_t i, k;

	rm->masks = rm->nagencies <= 64;
	for (i = 0; rm->masks && i < rm->ntasks; i++) {
		struct task *t = &rm->tasks[i];

		t->involved = chain_bits(rm, t->lead);
		for (k = 0; k < t->nsupport; k++)
			t->involved |= chain_bits(rm, t->support[k]);
	}
}

bool task_involves(const struct roadmap *rm, const struct task *t,
		   const char *agency)
{
	size_t i;

	const struct agency *a = roadmap_agency(rm, agency);

	if (a && rm->masks)
		return (t->involved >> (size_t)(a - rm->agencies)) & 1;

	/* the agency itself first, by its interned code; successions only
	   when that fails */
	if (a) {
		if (t->lead == a->code)
			return true;
		for (i = 0; i < t->nsupport; i++)
			if (t->support[i] == a->code)
				return true;
	}
	if (agency_is_or_succeeds(rm, t->lead, agency))
		return true;
	for (i = 0; i < t->nsupport; i++)
		if (agency_is_or_succeeds(rm, t->support[i], agency))
			return true;
	return false;
}

/* Foreign keys of submissions and of the roadmap's own files; a row's id
   is its place in the roadmap's list, plus one. */
static bool resolve(void *ctx, const struct foreign_key *fk,
		    const char *const *values, enum lang lang,
		    const char **what, const char **where, uint32_t *id)
{
	const struct roadmap *rm = ctx;
	long i = -1;

	if (fk->resource[0] == 'a' && strcmp(fk->resource, "agencies") == 0) {
		*what = lang == LANG_VI ? "danh mục cơ quan" : "the list of agencies";
		*where = rm->paths[P_AGENCIES];
		i = find_memo(rm, 0, rm->agency_idx, values[0]);
	} else if (fk->resource[0] == 't' && strcmp(fk->resource, "tasks") == 0) {
		*what = lang == LANG_VI ? "lộ trình" : "the roadmap";
		*where = rm->paths[P_TASKS];
		i = find_memo(rm, 1, rm->task_idx, values[0]);
		/* the row's checks read the task soon: bring it in meanwhile */
		if (i >= 0)
			__builtin_prefetch(&rm->tasks[i]);
	} else if (strcmp(fk->resource, "indicators") == 0) {
		*what = lang == LANG_VI ? "danh mục chỉ số" : "the list of indicators";
		*where = rm->paths[P_INDICATORS];
		i = find(rm->indicator_idx, values[0]);
	} else {
		*what = fk->resource;
		*where = "?";
	}
	*id = i >= 0 ? (uint32_t)i + 1 : 0;
	return i >= 0;
}

struct fk_resolver roadmap_resolver(const struct roadmap *rm)
{
	struct fk_resolver r = { resolve, (void *)rm, true };

	return r;
}

/* ---- row hooks ----------------------------------------------------------- */

static void on_agency(void *ctx, struct table *t, const struct cell *cells,
		      const struct csv_record *rec)
{
	struct loading *ld = ctx;
	struct roadmap *rm = ld->rm;
	const struct cell *from = cell(t, cells, "valid_from");
	const struct cell *to = cell(t, cells, "valid_to");
	const struct cell *succ = cell(t, cells, "successor");
	struct agency *a;

	if (from->valid && to->valid && !to->null && to->v.date < from->v.date)
		table_report(t, fidx(t, "valid_to"), SEV_ERROR, "date-order-error",
			     NULL, M_DATE_ORDER, "valid_to", to->text,
			     "valid_from", from->text);
	if (!usable(t, cells, "code") || !from->valid || !to->valid ||
	    !succ->valid || find(rm->agency_idx, text(t, cells, "code")) >= 0)
		return;
	XGROW(rm->agencies, rm->nagencies + 1, ld->agencies_cap);
	ld->successor_at = xreallocarray(ld->successor_at, ld->agencies_cap,
					 sizeof(*ld->successor_at));
	a = &rm->agencies[rm->nagencies];
	a->code = intern(rm, text(t, cells, "code"));
	a->name_vi = intern(rm, text(t, cells, "name_vi"));
	a->name_en = intern(rm, text(t, cells, "name_en"));
	a->valid_from = from->v.date;
	a->valid_to = to->null ? DATE_OPEN : to->v.date;
	a->successor = intern(rm, text(t, cells, "successor"));
	ld->successor_at[rm->nagencies].line = succ->line;
	ld->successor_at[rm->nagencies].col = succ->col;
	strmap_put(rm->agency_idx, a->code, strlen(a->code), NULL)->value =
		++rm->nagencies;
	memo_forget();
	(void)rec;
}

static void on_task(void *ctx, struct table *t, const struct cell *cells,
		    const struct csv_record *rec)
{
	struct loading *ld = ctx;
	struct roadmap *rm = ld->rm;
	const struct cell *start = cell(t, cells, "start_date");
	const struct cell *due = cell(t, cells, "due_date");
	const char *id = text(t, cells, "task_id");
	const char *pillar = text(t, cells, "pillar");
	const char *lead = text(t, cells, "lead_agency");
	const char *support = text(t, cells, "support_agencies");
	struct task *tk;
	const char **list = NULL;
	size_t nlist = 0, cap = 0;

	if (start->valid && due->valid && !start->null && !due->null &&
	    due->v.date < start->v.date)
		table_report(t, fidx(t, "due_date"), SEV_ERROR, "date-order-error",
			     NULL, M_ROADMAP_DUE_BEFORE_START, due->text,
			     start->text);
	if (usable(t, cells, "task_id") && usable(t, cells, "pillar") && id &&
	    pillar && strncmp(strchr(id, '-') + 1, pillar, 3) != 0)
		table_report(t, fidx(t, "task_id"), SEV_ERROR, "pillar-mismatch",
			     NULL, M_ROADMAP_PILLAR_ID, id, pillar);
	if (usable(t, cells, "lead_agency") && start->valid && lead) {
		const struct agency *a = roadmap_agency(rm, lead);

		if (a && !agency_valid_between(a, start->v.date, start->v.date))
			table_report(t, fidx(t, "lead_agency"), SEV_ERROR,
				     "foreign-key-error", NULL,
				     M_ROADMAP_LEAD_INVALID, lead, start->text);
	}
	if (support && usable(t, cells, "support_agencies")) {
		char *copy = xstrdup(support), *tok, *save = NULL;

		for (tok = strtok_r(copy, ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			char *code = tok;

			while (*code == ' ')
				code++;
			code[strcspn(code, " ")] = '\0';
			if (!roadmap_agency(rm, code)) {
				table_report(t, fidx(t, "support_agencies"),
					     SEV_ERROR, "foreign-key-error", NULL,
					     M_ROADMAP_SUPPORT, code);
				continue;
			}
			XGROW(list, nlist + 1, cap);
			list[nlist++] = intern(rm, code);
		}
		free(copy);
	}
	(void)rec;
	if (!id || find(rm->task_idx, id) >= 0 || !start->valid || !due->valid ||
	    !usable(t, cells, "weight") || !pillar || !lead) {
		free(list);
		return;
	}
	XGROW(rm->tasks, rm->ntasks + 1, ld->tasks_cap);
	tk = &rm->tasks[rm->ntasks];
	memset(tk, 0, sizeof(*tk));
	tk->id = intern(rm, id);
	tk->pillar = intern(rm, pillar);
	tk->title_vi = intern(rm, text(t, cells, "title_vi"));
	tk->title_en = intern(rm, text(t, cells, "title_en"));
	tk->lead = intern(rm, lead);
	tk->support = list;
	tk->nsupport = nlist;
	tk->start = start->v.date;
	tk->due = due->v.date;
	tk->weight = cell(t, cells, "weight")->v.num;
	tk->source_document = intern(rm, text(t, cells, "source_document"));
	strmap_put(rm->task_idx, tk->id, strlen(tk->id), NULL)->value =
		++rm->ntasks;
	memo_forget();
}

static void on_milestone(void *ctx, struct table *t, const struct cell *cells,
			 const struct csv_record *rec)
{
	struct loading *ld = ctx;
	const struct cell *date = cell(t, cells, "date");
	const struct cell *pct = cell(t, cells, "planned_percent");
	long task = find(ld->rm->task_idx, text(t, cells, "task_id"));
	struct staged_milestone *s;

	(void)rec;
	if (task < 0 || !date->valid || !pct->valid)
		return;
	XGROW(ld->ms, ld->nms + 1, ld->ms_cap);
	s = &ld->ms[ld->nms++];
	s->task = (size_t)task;
	s->m.date = date->v.date;
	s->m.percent = pct->v.num;
	s->line = date->line;
	s->col_date = date->col;
	s->col_pct = pct->col;
}

static void on_indicator(void *ctx, struct table *t, const struct cell *cells,
			 const struct csv_record *rec)
{
	struct loading *ld = ctx;
	struct roadmap *rm = ld->rm;
	const struct cell *bd = cell(t, cells, "baseline_date");
	const struct cell *td = cell(t, cells, "target_date");
	const char *id = text(t, cells, "indicator_id");
	struct indicator *in;
	size_t i;

	(void)rec;
	if (bd->valid && td->valid && td->v.date < bd->v.date)
		table_report(t, fidx(t, "target_date"), SEV_ERROR,
			     "date-order-error", NULL, M_DATE_ORDER, "target_date",
			     td->text, "baseline_date", bd->text);
	for (i = 0; i < table_schema(t)->nfields; i++)
		if (!cells[i].valid)
			return;
	if (!id || find(rm->indicator_idx, id) >= 0)
		return;
	XGROW(rm->indicators, rm->nindicators + 1, ld->indicators_cap);
	in = &rm->indicators[rm->nindicators];
	in->id = intern(rm, id);
	in->pillar = intern(rm, text(t, cells, "pillar"));
	in->name_vi = intern(rm, text(t, cells, "name_vi"));
	in->name_en = intern(rm, text(t, cells, "name_en"));
	in->unit = intern(rm, text(t, cells, "unit"));
	/* optional: a schema or a file without it falls back to unit */
	in->unit_en = intern(rm, text(t, cells, "unit_en"));
	in->owner = intern(rm, text(t, cells, "owner_agency"));
	in->baseline_date = bd->v.date;
	in->target_date = td->v.date;
	in->baseline = cell(t, cells, "baseline_value")->v.num;
	in->target = cell(t, cells, "target_value")->v.num;
	strmap_put(rm->indicator_idx, in->id, strlen(in->id), NULL)->value =
		++rm->nindicators;
}

/* ---- after the files ------------------------------------------------------ */

/*
 * Whether the successors from agency i come back to it; each cycle is
 * told once, at its member first in the file, with the chain in *chain.
 */
static bool cycle_from(const struct roadmap *rm, size_t i, struct strbuf *chain)
{
	size_t hops;
	long j = (long)i;

	for (hops = 0; hops < rm->nagencies; hops++) {
		j = find(rm->agency_idx, rm->agencies[j].successor);
		if (j < 0 || (size_t)j < i)
			return false;  /* an end, or told at an earlier one */
		if ((size_t)j == i)
			break;
	}
	if ((size_t)j != i)
		return false;   /* leads into a cycle it is not part of */
	strbuf_addstr(chain, rm->agencies[i].code);
	j = (long)i;
	do {
		j = find(rm->agency_idx, rm->agencies[j].successor);
		strbuf_addstr(chain, " → ");
		strbuf_addstr(chain, rm->agencies[j].code);
	} while ((size_t)j != i);
	return true;
}

static void check_successors(struct loading *ld)
{
	struct roadmap *rm = ld->rm;
	size_t i;
	bool dangling = false;

	for (i = 0; i < rm->nagencies; i++) {
		const struct agency *a = &rm->agencies[i];

		if (a->successor && !roadmap_agency(rm, a->successor)) {
			dangling = true;
			diag_report(&ld->sink, SEV_ERROR, "foreign-key-error", NULL,
				    rm->paths[P_AGENCIES], ld->successor_at[i].line,
				    ld->successor_at[i].col, "successor",
				    a->successor, M_FOREIGN_KEY, a->successor,
				    ld->sink.lang == LANG_VI ? "danh mục cơ quan" :
				    "the list of agencies", rm->paths[P_AGENCIES]);
		}
	}
	for (i = 0; !dangling && i < rm->nagencies; i++) {
		const struct agency *a = &rm->agencies[i];
		struct strbuf chain = STRBUF_INIT;

		if (a->successor && cycle_from(rm, i, &chain))
			diag_report(&ld->sink, SEV_ERROR, "successor-cycle",
				    NULL, rm->paths[P_AGENCIES],
				    ld->successor_at[i].line,
				    ld->successor_at[i].col, "successor",
				    a->successor, M_ROADMAP_SUCCESSOR_CYCLE,
				    a->code, chain.buf);
		strbuf_release(&chain);
	}
}

static int by_task_then_date(const void *a, const void *b)
{
	const struct staged_milestone *x = a, *y = b;

	if (x->task != y->task)
		return x->task < y->task ? -1 : 1;
	if (x->m.date != y->m.date)
		return x->m.date < y->m.date ? -1 : 1;
	return 0;
}

static void settle_milestones(struct loading *ld)
{
	struct roadmap *rm = ld->rm;
	size_t i = 0, j;
	char b1[11], b2[11], p1[32], p2[32];

	if (ld->nms)
		qsort(ld->ms, ld->nms, sizeof(*ld->ms), by_task_then_date);
	while (i < ld->nms) {
		struct task *tk = &rm->tasks[ld->ms[i].task];
		double prev = 0;

		for (j = i; j < ld->nms && ld->ms[j].task == ld->ms[i].task; j++)
			;
		tk->milestones = xcalloc(j - i, sizeof(*tk->milestones));
		for (; i < j; i++) {
			const struct staged_milestone *s = &ld->ms[i];

			if (s->m.date <= tk->start || s->m.date >= tk->due) {
				char b0[11];

				diag_report(&ld->sink, SEV_ERROR,
					    "milestone-out-of-span", NULL,
					    rm->paths[P_MILESTONES], s->line,
					    s->col_date, "date",
					    date_format(s->m.date, b0),
					    M_ROADMAP_MILESTONE_RANGE,
					    date_format(s->m.date, b0),
					    date_format(tk->start, b1),
					    date_format(tk->due, b2));
				continue;
			}
			if (s->m.percent < prev) {
				snprintf(p1, sizeof(p1), "%g", s->m.percent);
				snprintf(p2, sizeof(p2), "%g", prev);
				diag_report(&ld->sink, SEV_ERROR,
					    "milestone-not-increasing", NULL,
					    rm->paths[P_MILESTONES], s->line,
					    s->col_pct, "planned_percent", p1,
					    M_ROADMAP_MILESTONE_ORDER, p1, p2);
				continue;
			}
			prev = s->m.percent;
			tk->milestones[tk->nmilestones++] = s->m;
		}
	}
}

/* ---- loading ------------------------------------------------------------- */

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* True when the file holds nothing but blanks, separators and a BOM. */
static bool blank_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	int c;
	bool blank = true;

	if (!f)
		return false;  /* validate_file() says why */
	while (blank && (c = getc(f)) != EOF)
		blank = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
			c == ',' || c == ';' || c == 0xEF || c == 0xBB ||
			c == 0xBF;
	if (ferror(f))
		blank = false;  /* a folder, say: validate_file() says why */
	fclose(f);
	return blank;
}

/* "a,b,c": the header line a schema expects; the caller frees. */
static char *header_of(const struct schema *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->nfields; i++) {
		if (i)
			strbuf_addstr(&sb, ",");
		strbuf_addstr(&sb, s->fields[i].name);
	}
	return strbuf_detach(&sb, NULL);
}

/* Validate one roadmap file; false when it is missing (and required). */
static bool load_file(struct loading *ld, int which, const char *templates,
		      void (*row)(void *, struct table *, const struct cell *,
				  const struct csv_record *),
		      bool with_fk, bool required, bool *missing)
{
	struct roadmap *rm = ld->rm;
	char *spath = xasprintf("%s/%s", templates, schema_names[which]);
	char *err = NULL;
	struct schema *s = schema_load(spath, ld->sink.lang, &err);
	struct validate_hooks hooks = { row, NULL, ld, NULL, NULL };
	struct fk_resolver fk = roadmap_resolver(rm);
	struct table_stats st;
	const struct schema *one[1];
	const char *lacks = s ? schema_lacks(s, needs[which]) : NULL;

	if (lacks) {
		schema_free(s);
		s = NULL;
		err = xasprintf(msg(ld->sink.lang, M_SCHEMA_NEEDS), lacks);
	}
	if (!s) {
		struct diag d = { SEV_ERROR, "schema-error", NULL, spath, 0, 0,
				  NULL, NULL, err, true };

		ld->sink.emit(ld->sink.ctx, &d);
		free(err);
		free(spath);
		return true;
	}
	free(spath);
	if (!exists(rm->paths[which])) {
		schema_free(s);
		if (!required)
			return true;
		*missing = true;
		diag_report(&ld->sink, SEV_ERROR, "source-error", NULL,
			    rm->paths[which], 0, 0, NULL, NULL, M_IO_OPEN,
			    strerror(ENOENT));
		return false;
	}
	if (blank_file(rm->paths[which])) {
		/* not the report form's message: this is no report */
		char *header = header_of(s);

		diag_report(&ld->sink, SEV_ERROR, "source-error", NULL,
			    rm->paths[which], 1, 1, NULL, NULL,
			    M_ROADMAP_EMPTY_FILE, header);
		free(header);
		schema_free(s);
		return true;
	}
	one[0] = s;
	ld->header = header_of(s);
	if (validate_file(rm->paths[which], one, 1, &ld->sink,
			  with_fk ? &fk : NULL, &hooks, &st, NULL) < 0)
		*missing = true; /* there, but cannot be opened or read */
	free(ld->header);
	ld->header = NULL;
	schema_free(s);
	return !*missing;
}

struct roadmap *roadmap_load(const char *input_dir, const char *templates_dir,
			     const struct diag_sink *sink, bool *missing)
{
	struct roadmap *rm = xcalloc(1, sizeof(*rm));
	struct loading ld;
	int i;

	*missing = false;
	memset(&ld, 0, sizeof(ld));
	ld.rm = rm;
	ld.outer = sink;
	ld.sink.emit = counting_emit;
	ld.sink.ctx = &ld;
	ld.sink.lang = sink->lang;
	rm->serial = atomic_fetch_add(&serials, 1) + 1;
	memo_forget();
	rm->strings = strmap_new();
	rm->agency_idx = strmap_new();
	rm->task_idx = strmap_new();
	rm->indicator_idx = strmap_new();
	for (i = 0; i < 4; i++)
		rm->paths[i] = xasprintf("%s/%s", input_dir, file_names[i]);

	if (load_file(&ld, P_AGENCIES, templates_dir, on_agency, false, true,
		      missing))
		check_successors(&ld);
	if (!*missing) {
		unsigned long before = ld.errors;

		load_file(&ld, P_TASKS, templates_dir, on_task, true, true,
			  missing);
		/* a header and no row: a run would measure nothing */
		if (!*missing && ld.errors == before && !rm->ntasks)
			diag_report(&ld.sink, SEV_ERROR, "roadmap-empty", NULL,
				    rm->paths[P_TASKS], 1, 1, NULL, NULL,
				    M_ROADMAP_NO_TASKS);
	}
	if (!*missing) {
		load_file(&ld, P_MILESTONES, templates_dir, on_milestone, true,
			  false, missing);
		settle_milestones(&ld);
		load_file(&ld, P_INDICATORS, templates_dir, on_indicator, true,
			  false, missing);
	}
	free(ld.successor_at);
	free(ld.ms);
	if (*missing || ld.errors) {
		roadmap_free(rm);
		return NULL;
	}
	settle_involvement(rm);
	return rm;
}

void roadmap_free(struct roadmap *rm)
{
	size_t i;

	if (!rm)
		return;
	for (i = 0; i < rm->ntasks; i++) {
		free(rm->tasks[i].support);
		free(rm->tasks[i].milestones);
	}
	free(rm->agencies);
	free(rm->tasks);
	free(rm->indicators);
	strmap_free(rm->strings);
	strmap_free(rm->agency_idx);
	strmap_free(rm->task_idx);
	strmap_free(rm->indicator_idx);
	for (i = 0; i < 4; i++)
		free(rm->paths[i]);
	free(rm);
}
