/* batch: month folders read in order, files in the order received. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
	char agencies[16][16];
	bool logged[16];
	unsigned long accepted[16], errors[16];
	char rejected[16][64];   /* "line key figure;" of each rejected row */
	size_t naccepted[16];    /* progress rows handed on with it */
	size_t n;
};

static void on_file(void *ctx, const struct batch_file *f)
{
	struct seen *s = ctx;

	if (s->n < 16) {
		snprintf(s->names[s->n], 64, "%s", f->name);
		snprintf(s->agencies[s->n], 16, "%s", f->agency ? f->agency : "");
		s->logged[s->n] = f->logged;
		s->accepted[s->n] = f->res.stats.accepted;
		s->errors[s->n] = f->res.stats.errors;
		s->naccepted[s->n] = f->naccepted;
		s->rejected[s->n][0] = '\0';
		for (size_t i = 0; i < f->nrejected; i++) {
			size_t k = strlen(s->rejected[s->n]);

			snprintf(s->rejected[s->n] + k, 64 - k, "%lu %s %g;",
				 f->rejected[i].line, f->rejected[i].key,
				 f->rejected[i].has_figure ?
				 f->rejected[i].figure : -1);
		}
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
	/* a rejected row comes with its task and the figure it would have
	   set; a file rejected whole with none (it is rejected itself) */
	cr_assert_str_eq(seen.rejected[5], "3 BCT-ECO-002 150;");
	cr_assert_str_eq(seen.rejected[3], "");
	cr_assert_str_eq(seen.rejected[4], "");
	/* and its accepted progress rows, none for a file rejected whole */
	cr_assert_eq(seen.naccepted[5], 1);
	cr_assert_eq(seen.naccepted[3], 0);
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

/* A month folder dir/submissions/2024-02 for the cases below. */
static void month_dir(char *dir, char *path, size_t n)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, n, "%s/submissions", dir);
	mkdir(path, 0777);
	snprintf(path, n, "%s/submissions/2024-02", dir);
	mkdir(path, 0777);
}

static const char bng_row[] = "period,agency_code,task_id,status,"
	"percent_complete,report_date,output_document,difficulties,"
	"proposals,contact_name,contact_email,contact_phone\n"
	"2024-02,BNG,BNG-POL-001,in_progress,25,2024-03-02,,,,An,"
	"an@mofa.gov.vn,\n";

Test(batch, a_files_agency_is_the_logs_then_its_names_then_its_rows)
{
	char dir[] = "/tmp/tiendo-batch-XXXXXX", path[256];
	struct seen seen = { .n = 0 };
	struct summary *s;
	size_t i;

	month_dir(dir, path, sizeof(path));
	snprintf(path, sizeof(path), "%s/submissions/2024-02/received.csv", dir);
	put(path, "file,received_at,agency\n"
	    "baocao.csv,2024-03-02 09:00,BTP\n"
	    "BCT_x.csv,2024-03-02 10:00,\n"
	    "z.csv,2024-03-02 11:00,\n", 1709280000);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/baocao.csv", dir);
	put(path, bng_row, 1709280000);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/BCT_x.csv", dir);
	put(path, bng_row, 1709280000);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/z.csv", dir);
	put(path, bng_row, 1709280000);
	s = run(dir, 2024 * 12 + 1, &seen);
	cr_assert_eq(seen.n, 3);
	cr_assert_str_eq(seen.agencies[0], "BTP");   /* the log's */
	cr_assert_str_eq(seen.agencies[1], "BCT");   /* its name's */
	cr_assert_str_eq(seen.agencies[2], "BNG");   /* its first row's */
	for (i = 0; i < 2; i++) {
		cr_assert_eq(seen.accepted[i], 0, "%zu", i);
		cr_assert_eq(seen.errors[i], 1, "%zu", i);
	}
	cr_assert_eq(seen.accepted[2], 1);
	summary_free(s);
	snprintf(path, sizeof(path), "rm -r '%s'", dir);
	cr_assert_eq(system(path), 0);
}

Test(batch, one_file_is_known_as_a_run_knows_it)
{
	char dir[] = "/tmp/tiendo-batch-XXXXXX", path[256], when[17];
	struct batch_receipt br;

	/* civil times in Hanoi's zone, as cli.c sets it */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	month_dir(dir, path, sizeof(path));
	snprintf(path, sizeof(path), "%s/submissions/2024-02/received.csv", dir);
	put(path, "file,received_at,agency\nBaoCao.csv,2024-03-02 09:00,BTP\n",
	    1709280000);
	snprintf(path, sizeof(path), "%s/submissions/2024-02/baocao.csv", dir);
	put(path, bng_row, 1709280000);
	cr_assert(batch_receipt_of(path, rm, received, &br));
	cr_assert(br.logged);
	cr_assert_str_eq(br.agency, "BTP");
	cr_assert_eq(br.from, AGENCY_FROM_LOG);
	cr_assert_eq(br.received_day, date_from_civil(2024, 3, 2));
	/* not in the log: its modification time, 2024-03-05 20:00 UTC */
	snprintf(path, sizeof(path), "%s/submissions/2024-02/BCT_t2.csv", dir);
	put(path, bng_row, 1709668800);
	cr_assert(batch_receipt_of(path, rm, received, &br));
	cr_assert_not(br.logged);
	cr_assert_str_eq(datetime_format(br.received, when), "2024-03-06 03:00");
	cr_assert_eq(br.received_day, date_from_civil(2024, 3, 6));
	cr_assert_str_eq(br.agency, "BCT");
	cr_assert_eq(br.from, AGENCY_FROM_NAME);
	/* outside a month folder, no log is read */
	snprintf(path, sizeof(path), "%s/baocao.csv", dir);
	put(path, bng_row, 1709668800);
	cr_assert(batch_receipt_of(path, rm, received, &br));
	cr_assert_null(br.agency);
	cr_assert_eq(br.from, AGENCY_FROM_ROWS);
	unsetenv("TZ");
	tzset();
	snprintf(path, sizeof(path), "rm -r '%s'", dir);
	cr_assert_eq(system(path), 0);
}
