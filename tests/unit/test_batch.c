/* batch: month folders read in order, files in the order received. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "batch.h"
#include "date.h"

static struct roadmap *rm;
static struct submission_schemas ss;
static struct schema *received;

static void ignore(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

static void setup(void)
{
	struct diag_sink quiet = { ignore, NULL, LANG_EN, NULL };
	bool missing;
	char *err = NULL;

	rm = roadmap_load("tests/data/agg", "templates", &quiet, &missing);
	cr_assert_not_null(rm);
	cr_assert_eq(submission_schemas_load(&ss, "templates", LANG_EN, &err), 0);
	received = schema_load("templates/received.schema.json", LANG_EN, &err);
	cr_assert_not_null(received);
}

static void teardown(void)
{
	schema_free(received);
	submission_schemas_release(&ss);
	roadmap_free(rm);
}

TestSuite(batch, .init = setup, .fini = teardown);

struct seen {
	char names[16][64];
	char agencies[16][8];
	bool logged[16];
	size_t n;
};

static void on_file(void *ctx, const struct batch_file *f)
{
	struct seen *s = ctx;

	if (s->n < 16) {
		snprintf(s->names[s->n], 64, "%s", f->name);
		snprintf(s->agencies[s->n], 8, "%s", f->agency ? f->agency : "");
		s->logged[s->n] = f->logged;
		s->n++;
	}
}

static struct summary *run(const char *input, int period, struct seen *seen)
{
	struct aggregator *a = agg_new(rm, NULL, period, ym_last_day(period),
				       NULL);
	struct batch_opts o;
	struct batch_result res;
	struct summary *s;

	memset(&o, 0, sizeof(o));
	o.input = input;
	o.rm = rm;
	o.ss = &ss;
	o.received = received;
	o.period = period;
	o.agg = a;
	o.on_file = on_file;
	o.ctx = seen;
	cr_assert_eq(batch_run(&o, &res), 0);
	s = agg_finish(a);
	agg_free(a);
	return s;
}

Test(batch, files_come_in_the_order_of_the_receipt_log)
{
	struct seen seen = { .n = 0 };
	struct summary *s = run("tests/data/agg", 2024 * 12 + 1, &seen);
	static const char *const order[] = {
		"BNG_t2.csv", "BNG_chiso_t2.csv", "BYT_t2.csv",
		"BTP_thang2.csv", "BCT_t2a.csv", "BCT_t2b.csv"
	};
	size_t i;

	cr_assert_eq(seen.n, 6);
	for (i = 0; i < 6; i++) {
		cr_assert_str_eq(seen.names[i], order[i]);
		cr_assert(seen.logged[i]);
	}
	/* the unreadable file's agency comes from its name */
	cr_assert_str_eq(seen.agencies[3], "BTP");
	summary_free(s);
}

static void put(const char *path, const char *text, time_t mtime)
{
	FILE *f = fopen(path, "w");
	struct utimbuf ut = { mtime, mtime };

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	cr_assert_eq(utime(path, &ut), 0);
}

Test(batch, without_a_log_the_modification_time_orders_the_files)
{
	char dir[] = "/tmp/tiendo-batch-XXXXXX", path[256];
	static const char head[] = "period,agency_code,task_id,status,"
		"percent_complete,report_date,output_document,difficulties,"
		"proposals,contact_name,contact_email,contact_phone\n";
	char text[512];
	struct seen seen = { .n = 0 };
	struct summary *s;
	size_t i;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/submissions", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/submissions/2024-02", dir);
	mkdir(path, 0777);
	/* "a" is newer than "b": a's figure wins */
	snprintf(text, sizeof(text), "%s2024-02,BNG,BNG-POL-001,in_progress,25,"
		 "2024-03-02,,,,An,an@mofa.gov.vn,\n", head);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/a.csv", dir);
	put(path, text, 1709370000);
	snprintf(text, sizeof(text), "%s2024-02,BNG,BNG-POL-001,in_progress,15,"
		 "2024-03-01,,,,An,an@mofa.gov.vn,\n", head);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/b.csv", dir);
	put(path, text, 1709280000);
	s = run(dir, 2024 * 12 + 1, &seen);
	cr_assert_eq(seen.n, 2);
	cr_assert_str_eq(seen.names[0], "b.csv");
	cr_assert_str_eq(seen.names[1], "a.csv");
	cr_assert_not(seen.logged[0]);
	for (i = 0; i < s->ntasks; i++)
		if (strcmp(s->tasks[i].task->id, "BNG-POL-001") == 0)
			cr_assert_eq(s->tasks[i].actual, 25.0);
	summary_free(s);
	snprintf(path, sizeof(path), "rm -r '%s'", dir);
	cr_assert_eq(system(path), 0);
}

Test(batch, agency_codes_are_found_as_words_of_a_file_name)
{
	cr_assert_str_eq(batch_agency_from_name(rm, "BCT_baocao_T10.csv"), "BCT");
	cr_assert_str_eq(batch_agency_from_name(rm, "Bao cao btp thang 2.csv"), "BTP");
	cr_assert_str_eq(batch_agency_from_name(rm, "2024-02 - BKHDT.csv"), "BKHDT");
	cr_assert_null(batch_agency_from_name(rm, "BCTX_t10.csv"));
	cr_assert_null(batch_agency_from_name(rm, "report.csv"));
}
