/*
 * libFuzzer target: arbitrary bytes as a month's receipt log
 * (received.csv) read by a run through batch_run(), under AddressSanitizer
 * and UBSan. The month folder, in a private folder, holds the log and
 * three submissions of tests/data/agg (whose roadmap it is checked
 * against); the files must come to the aggregator in the order received
 * and each exactly once, whatever the log says. Run from the repository
 * root.
 */
#include "batch.h"
#include "date.h"
#include "fuzz_util.h"

#define PERIOD (2024 * 12 + 1)   /* 2024-02 */

static const char *const subs[] = { "BNG_t2.csv", "BCT_t2a.csv",
				    "BNG_chiso_t2.csv" };
#define NSUBS (sizeof subs / sizeof *subs)
static struct roadmap *rm;
static struct submission_schemas ss;
static struct schema *received;
static char log_path[4200];

/* Copy tests/data/agg/submissions/2024-02/name into mdir. */
static void copy_sub(const char *mdir, const char *name)
{
	char from[256], to[4200], buf[4096];
	FILE *f;
	size_t n;

	snprintf(from, sizeof from, "tests/data/agg/submissions/2024-02/%s",
		 name);
	snprintf(to, sizeof to, "%s/%s", mdir, name);
	if (!(f = fopen(from, "rb")))
		abort();
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	fuzz_put(to, buf, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_private_dir();
	char mdir[4200];
	char *err = NULL;
	bool missing;
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(mdir, sizeof mdir, "%s/submissions", dir);
	if (mkdir(mdir, 0700) != 0)
		abort();
	snprintf(mdir, sizeof mdir, "%s/submissions/2024-02", dir);
	if (mkdir(mdir, 0700) != 0)
		abort();
	for (i = 0; i < NSUBS; i++)
		copy_sub(mdir, subs[i]);
	snprintf(log_path, sizeof log_path, "%s/received.csv", mdir);
	rm = roadmap_load("tests/data/agg", "templates", &fuzz_sink, &missing);
	if (!rm || submission_schemas_load(&ss, "templates", LANG_VI, &err) < 0)
		abort();
	received = schema_load("templates/received.schema.json", LANG_VI,
			       &err);
	if (!received)
		abort();
	return 0;
}

struct seen {
	int64_t last;
	unsigned files;
};

static void on_file(void *ctx, const struct batch_file *f)
{
	struct seen *s = ctx;

	if (s->files && f->received < s->last)
		abort();  /* out of the order received */
	s->last = f->received;
	s->files++;
	fuzz_sunk += strlen(f->path) + strlen(f->name) +
		     (f->agency ? strlen(f->agency) : 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aggregator *a = agg_new(rm, NULL, PERIOD, ym_last_day(PERIOD),
				       &fuzz_sink);
	struct seen seen = { 0, 0 };
	struct batch_opts o;
	struct batch_result res;

	fuzz_put(log_path, data, size);
	memset(&o, 0, sizeof(o));
	o.input = fuzz_private_dir();
	o.rm = rm;
	o.ss = &ss;
	o.received = received;
	o.period = PERIOD;
	o.sink = &fuzz_sink;
	o.agg = a;
	o.on_file = on_file;
	o.ctx = &seen;
	if (batch_run(&o, &res) != 0 || res.months != 1 || seen.files != NSUBS)
		abort();
	summary_free(agg_finish(a));
	agg_free(a);
	return 0;
}
