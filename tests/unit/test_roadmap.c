/* roadmap: loading the test roadmap, lookups, mergers, broken roadmaps. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "roadmap.h"

static int errors;

static void count(void *ctx, const struct diag *d)
{
	(void)ctx;
	errors += d->severity == SEV_ERROR;
}

static struct roadmap *load(const char *dir, bool *missing)
{
	struct diag_sink sink = { count, NULL, LANG_EN, NULL };

	errors = 0;
	return roadmap_load(dir, "templates", &sink, missing);
}

Test(roadmap, loads_agencies_tasks_milestones_indicators)
{
	bool missing;
	struct roadmap *rm = load("tests/data/input", &missing);
	const struct task *t;

	cr_assert_not_null(rm);
	cr_assert_eq(rm->nagencies, 6);
	cr_assert_eq(rm->ntasks, 7);
	cr_assert_eq(rm->nindicators, 2);
	t = roadmap_task(rm, "BCT-ECO-001");
	cr_assert_not_null(t);
	cr_assert_eq(t->nsupport, 2);
	cr_assert_eq(t->nmilestones, 2);
	cr_assert_eq(t->milestones[1].percent, 70);
	cr_assert_eq(t->weight, 3);
	cr_assert_str_eq(roadmap_agency(rm, "BKHDT")->successor, "BTC");
	cr_assert_null(roadmap_task(rm, "NOPE-XXX-000"));
	roadmap_free(rm);
}

Test(roadmap, successor_takes_over_tasks_after_a_merger)
{
	bool missing;
	struct roadmap *rm = load("tests/data/input", &missing);
	const struct task *t = roadmap_task(rm, "BKHDT-ECO-001");
	const struct agency *a = roadmap_agency(rm, "BKHDT");

	cr_assert(task_involves(rm, t, "BKHDT"));
	cr_assert(task_involves(rm, t, "BTC"));   /* successor */
	cr_assert(task_involves(rm, t, "BCT"));   /* supporter */
	cr_assert_not(task_involves(rm, t, "BTP"));
	cr_assert(agency_valid_between(a, date_from_civil(2025, 2, 1),
				       date_from_civil(2025, 2, 28)));
	cr_assert_not(agency_valid_between(a, date_from_civil(2025, 3, 1),
					   date_from_civil(2025, 3, 31)));
	roadmap_free(rm);
}

Test(roadmap, broken_roadmap_is_refused_with_every_error)
{
	bool missing;

	cr_assert_null(load("tests/data/input-broken", &missing));
	cr_assert_not(missing);
	cr_assert_geq(errors, 4);
}

Test(roadmap, missing_folder_is_missing)
{
	bool missing;

	cr_assert_null(load("tests/data/does-not-exist", &missing));
	cr_assert(missing);
}

Test(roadmap, a_roadmap_file_that_cannot_be_read_is_missing)
{
	char dir[] = "/tmp/tiendo-rm-XXXXXX";
	char cmd[256];
	bool missing;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp tests/data/input/agencies.csv %s/ && "
		 "mkdir -p %s/roadmap/tasks.csv", dir, dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_null(load(dir, &missing));
	cr_assert(missing);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

/*
 * A task's involved bits say what the walk of leads, supporters and their
 * successors says, for every task and agency (the mergers of 2025 among
 * them), of the test roadmap and of input/.
 */
Test(roadmap, involved_bits_agree_with_the_successor_walk)
{
	static const char *const dirs[] = { "tests/data/input", "tests/data/agg",
					    "input" };
	size_t d, i, k, yes = 0;

	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		bool missing;
		struct roadmap *rm = load(dirs[d], &missing);

		cr_assert_not_null(rm, "%s", dirs[d]);
		cr_assert(rm->masks);
		for (i = 0; i < rm->ntasks; i++) {
			for (k = 0; k < rm->nagencies; k++) {
				const char *code = rm->agencies[k].code;
				bool fast, slow;

				rm->masks = true;
				fast = task_involves(rm, &rm->tasks[i], code);
				rm->masks = false;
				slow = task_involves(rm, &rm->tasks[i], code);
				rm->masks = true;
				cr_assert_eq(fast, slow, "%s %s in %s", rm->tasks[i].id,
					     code, dirs[d]);
				yes += fast;
			}
		}
		roadmap_free(rm);
	}
	cr_assert_gt(yes, 100);
}

struct code_count {
	const char *code;
	int n;                  /* errors with that code */
	unsigned long line;     /* of the last one */
};

static void count_code(void *ctx, const struct diag *d)
{
	struct code_count *cc = ctx;

	if (d->severity == SEV_ERROR && strcmp(d->code, cc->code) == 0) {
		cc->n++;
		cc->line = d->line;
	}
}

/* The roadmap of tests/data/agg, copied to /tmp, with agencies.csv
   ending in extra and tasks.csv replaced by tasks (NULL: kept). */
static struct roadmap *load_variant(const char *extra, const char *tasks,
				    bool *missing, struct code_count *cc)
{
	char dir[] = "/tmp/tiendo-rm-XXXXXX", path[96], cmd[256];
	struct diag_sink sink = { count_code, cc, LANG_EN, NULL };
	struct roadmap *rm;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r tests/data/agg/agencies.csv "
		 "tests/data/agg/roadmap %s/", dir);
	cr_assert_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/agencies.csv", dir);
	cr_assert_not_null(f = fopen(path, "a"));
	fputs(extra, f);
	fclose(f);
	if (tasks) {
		snprintf(path, sizeof(path), "%s/roadmap/tasks.csv", dir);
		cr_assert_not_null(f = fopen(path, "w"));
		fputs(tasks, f);
		fclose(f);
	}
	rm = roadmap_load(dir, "templates", &sink, missing);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	return rm;
}

Test(roadmap, successor_cycles_are_refused_once_each_at_their_first_line)
{
	static const struct { const char *extra; int n; unsigned long line; }
	cases[] = {
		{ "BQP,Q,Q,2013-01-01,2025-01-01,BQP\n", 1, 8 },
		{ "BQP,Q,Q,2013-01-01,2025-01-01,BCA\n"
		  "BCA,C,C,2013-01-01,2025-01-01,BQP\n", 1, 8 },
		{ "BQP,Q,Q,2013-01-01,2025-01-01,BCA\n"
		  "BCA,C,C,2013-01-01,2025-01-01,BNV\n"
		  "BNV,N,N,2013-01-01,2025-01-01,BQP\n", 1, 8 },
		/* a chain into a cycle: the cycle is told, not the chain */
		{ "BNV,N,N,2013-01-01,2025-01-01,BQP\n"
		  "BQP,Q,Q,2013-01-01,2025-01-01,BCA\n"
		  "BCA,C,C,2013-01-01,2025-01-01,BQP\n", 1, 9 },
		/* two cycles */
		{ "BQP,Q,Q,2013-01-01,2025-01-01,BQP\n"
		  "BCA,C,C,2013-01-01,2025-01-01,BCA\n", 2, 9 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct code_count cc = { "successor-cycle", 0, 0 };
		bool missing;

		cr_assert_null(load_variant(cases[i].extra, NULL, &missing, &cc),
			       "case %zu", i);
		cr_assert_not(missing);
		cr_assert_eq(cc.n, cases[i].n, "case %zu: %d", i, cc.n);
		cr_assert_eq(cc.line, cases[i].line, "case %zu: line %lu", i,
			     cc.line);
	}
}

Test(roadmap, a_successor_chain_without_a_cycle_loads)
{
	struct code_count cc = { "successor-cycle", 0, 0 };
	bool missing;
	struct roadmap *rm = load_variant("BQP,Q,Q,2013-01-01,2025-01-01,BCA\n"
					  "BCA,C,C,2013-01-01,2025-01-01,BNG\n",
					  NULL, &missing, &cc);

	cr_assert_not_null(rm);
	cr_assert(agency_is_or_succeeds(rm, "BQP", "BNG"));
	roadmap_free(rm);
}

Test(roadmap, a_roadmap_of_no_task_is_refused)
{
	struct code_count cc = { "roadmap-empty", 0, 0 };
	struct code_count blank = { "source-error", 0, 0 };
	bool missing;

	cr_assert_null(load_variant("", "task_id,pillar,title_vi,title_en,"
				    "lead_agency,support_agencies,start_date,"
				    "due_date,weight,source_document\r\n\r\n",
				    &missing, &cc));
	cr_assert_not(missing);
	cr_assert_eq(cc.n, 1);
	cr_assert_eq(cc.line, 1);
	cr_assert_null(load_variant("", "\xEF\xBB\xBF\n", &missing, &blank));
	cr_assert_not(missing);
	cr_assert_eq(blank.n, 1);
}
