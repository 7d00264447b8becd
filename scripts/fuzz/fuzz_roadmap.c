/*
 * libFuzzer target: arbitrary bytes as a roadmap through roadmap_load(),
 * under AddressSanitizer and UBSan. The input is cut at its 0x1E bytes
 * (ASCII record separator) into agencies.csv, roadmap/tasks.csv,
 * roadmap/milestones.csv and roadmap/indicators.csv, written to a private
 * folder; files past the last piece are left out (missing). A roadmap
 * that loads answers every lookup and checks a submission of
 * tests/data/input against itself. Run from the repository root.
 */
#include "fuzz_util.h"
#include "roadmap.h"
#include "submission.h"

#define SEP 0x1e

static const char *const files[4] = {
	"agencies.csv", "roadmap/tasks.csv", "roadmap/milestones.csv",
	"roadmap/indicators.csv"
};
static char paths[4][4200];
static struct submission_schemas ss;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_private_dir();
	char sub[4200];
	char *err = NULL;
	int i;

	(void)argc;
	(void)argv;
	snprintf(sub, sizeof sub, "%s/roadmap", dir);
	if (mkdir(sub, 0700) != 0)
		abort();
	for (i = 0; i < 4; i++)
		snprintf(paths[i], sizeof paths[i], "%s/%s", dir, files[i]);
	if (submission_schemas_load(&ss, "templates", LANG_VI, &err) < 0)
		abort();
	return 0;
}

static void row_fn(void *ctx, const struct progress_row *r)
{
	(void)ctx;
	fuzz_sunk += strlen(r->agency) + strlen(r->task);
}

/* Every lookup of a loaded roadmap, a few hundred at most. */
static void use(const struct roadmap *rm)
{
	static const char sub[] =
		"tests/data/input/submissions/2023-09/BCT_t9.csv";
	struct submission_opts o;
	struct submission_result res;
	size_t i, j;

	memset(&o, 0, sizeof(o));
	o.rm = rm;
	o.folder_period = submission_folder_period(sub);
	o.on_progress = row_fn;

	for (i = 0; i < rm->nagencies && i < 32; i++) {
		const struct agency *a = &rm->agencies[i];

		if (roadmap_agency(rm, a->code) != a)
			abort();
		fuzz_sunk += agency_valid_between(a, a->valid_from, DATE_OPEN);
		for (j = 0; j < rm->nagencies && j < 32; j++) {
			const char *b = rm->agencies[j].code;

			fuzz_sunk += agency_is_or_succeeds(rm, a->code, b);
		}
	}
	for (i = 0; i < rm->ntasks && i < 32; i++) {
		const struct task *t = &rm->tasks[i];

		if (roadmap_task(rm, t->id) != t)
			abort();
		for (j = 0; j < rm->nagencies && j < 32; j++)
			fuzz_sunk += task_involves(rm, t, rm->agencies[j].code);
		fuzz_sunk += t->nmilestones + t->nsupport;
	}
	for (i = 0; i < rm->nindicators; i++)
		if (roadmap_indicator(rm, rm->indicators[i].id) !=
		    &rm->indicators[i])
			abort();
	fuzz_sunk += roadmap_agency(rm, "") != NULL;
	submission_check(sub, &ss, &o, &fuzz_sink, &res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct roadmap *rm;
	bool missing;
	int i;

	for (i = 0; i < 4; i++) {
		const uint8_t *q;

		if (!p) {
			unlink(paths[i]);
			continue;
		}
		q = memchr(p, SEP, (size_t)(end - p));
		fuzz_put(paths[i], p, (size_t)((q ? q : end) - p));
		p = q ? q + 1 : NULL;
	}
	rm = roadmap_load(fuzz_private_dir(), "templates", &fuzz_sink,
			  &missing);
	if (rm) {
		use(rm);
		roadmap_free(rm);
	}
	return 0;
}
