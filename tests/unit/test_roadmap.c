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
