/*
 * cli: the commands of tiendo, their options, what they print and the exit
 * status they end with. Library modules report through sinks and return
 * codes; this is where those become text on a terminal and an exit code.
 */
#include "cli.h"
#include "cli_shared.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "date.h"
#include "emit.h"
#include "escape.h"
#include "exitcode.h"
#include "month.h"
#include "outfile.h"
#include "pdf.h"
#include "render_data.h"
#include "render_form.h"
#include "roadmap.h"
#include "strbuf.h"
#include "submission.h"
#include "template.h"
#include "xalloc.h"

static const char usage_text[] =
"usage: tiendo validate [--schema FILE] [--input DIR] [--format text|json|csv]\n"
"                       [--lang vi|en] [--max-errors N] [--template FILE]\n"
"                       FILE...\n"
"       tiendo summary  --period YYYY-MM [--as-of YYYY-MM-DD] [--input DIR]\n"
"                       [--format json|csv] [--table NAME] [--template FILE]\n"
"                       [--output FILE] [--date YYYY-MM-DD]\n"
"       tiendo report   --period YYYY-MM [--as-of YYYY-MM-DD] [--input DIR]\n"
"                       [--output DIR] [--template FILE] [--lang vi|en]\n"
"                       [--date YYYY-MM-DD]\n"
"       tiendo run      [--period YYYY-MM] [--input DIR] [--output DIR]\n"
"                       [--template FILE] [--lang vi|en] [--date YYYY-MM-DD]\n"
"       tiendo form     --agency CODE --period YYYY-MM [--input DIR]\n"
"                       [--output FILE] [--lang vi|en]\n"
"       tiendo token    add CODE | add --admin NAME | list | revoke CODE\n"
"                       [--tokens FILE] [--input DIR]\n"
"       tiendo serve    [--listen ADDR:PORT] [--input DIR] [--tokens FILE]\n"
"                       [--template FILE] [--port-file FILE] [--max-upload N]\n"
"                       [--tls-cert FILE --tls-key FILE] [--max-connections N]\n"
"                       [--max-per-ip N] [--idle-timeout S]\n"
"                       [--request-timeout S] [--rate N] [--max-memory N]\n"
"       tiendo --help | --version\n";

const char cli_help_text[] =
"tiendo: monitors progress on the roadmap of the review of Resolution 22-NQ/TW.\n"
"\n"
"Commands:\n"
"  validate FILE...   check monthly submissions (CSV) field by field and print\n"
"                     every problem as FILE:LINE:COL: error: [code] message\n"
"  summary            the month's figures against the roadmap (tasks, agencies,\n"
"                     pillars, compliance, trend, indicators) as JSON or CSV\n"
"  report             the summary PDF for the Steering Committee, written to\n"
"                     DIR/YYYY-MM/summary-YYYY-MM.pdf (default DIR: output)\n"
"  run                the monthly job: checks every file of the month, writes\n"
"                     DIR/YYYY-MM/ whole: summary PDF, agency reports, urging\n"
"                     letters, figures (JSON), validation CSV, manifest;\n"
"                     the period defaults to last month\n"
"  form               write the pre-filled CSV form of one agency for a month\n"
"  token              the intake service's credentials: 'add CODE' (an agency\n"
"                     of agencies.csv) or 'add --admin NAME' (the secretariat)\n"
"                     prints a new token once; 'list' shows role, name,\n"
"                     created and a short digest; 'revoke NAME' removes\n"
"                     every token of NAME. Only SHA-256 digests are kept\n"
"                     (in a file of mode 0600)\n"
"  serve              the intake service: agencies check and hand in their\n"
"                     file over HTTP (JSON API and a page at /), stored in\n"
"                     DIR/submissions/YYYY-MM/ with a line in received.csv;\n"
"                     SIGHUP reads the tokens file again, SIGTERM stops\n"
"\n"
"Options:\n"
"  --input DIR        the data folder: agencies.csv, roadmap/, submissions/\n"
"                     (default: input)\n"
"  --schema FILE      validate against this Table Schema instead of the\n"
"                     progress and indicator schemas\n"
"  --format FMT       text (default), json or csv\n"
"  --lang LANG        vi (default) or en\n"
"  --max-errors N     list at most N problems (default 1000; 0: no limit)\n"
"  --agency CODE      (form) the agency\n"
"  --period YYYY-MM   (form, summary, report, run) the month\n"
"  --as-of DATE       (summary, report) measure the plan on this day (default:\n"
"                     the period's last day) and count only the files\n"
"                     received by its end\n"
"  --date DATE        (summary, report, run) the documents' date: the letters'\n"
"                     date, what is still pending (default: SOURCE_DATE_EPOCH,\n"
"                     else the clock); run's default period is the month\n"
"                     before it\n"
"  --table NAME       (summary, csv) tasks, agencies, pillars, overall,\n"
"                     compliance, trend or indicators (default tasks)\n"
"  --template FILE    (validate, summary, report, run) the report template:\n"
"                     settings (time zone, thresholds), layout, fonts,\n"
"                     palette, sections, labels (default report.json)\n"
"  --output FILE      (form, summary) write there instead of standard output\n"
"  --output DIR       (report, run) where the month folders go (default output)\n"
"  --tokens FILE      (token) the tokens file (default: DIR/.tokens of --input)\n"
"  --admin NAME       (token) an admin's token, for the secretariat\n"
"  --listen ADDR:PORT (serve) where to listen (default 127.0.0.1:8080; port 0:\n"
"                     any free port, see --port-file)\n"
"  --port-file FILE   (serve) write the port listened on there\n"
"  --tls-cert FILE, --tls-key FILE  (serve) HTTPS with this PEM pair\n"
"  --max-upload N     (serve) largest file in bytes (default 10485760)\n"
"  --max-connections N, --max-per-ip N  (serve) connections at once\n"
"                     (default 256, 64 from one address)\n"
"  --idle-timeout S, --request-timeout S  (serve) seconds without a byte\n"
"                     (default 15), for a whole request (default 60)\n"
"  --rate N           (serve) requests a minute per token (default 600)\n"
"  --max-memory N     (serve) bytes of uploads held at once, all together\n"
"                     (default 8 x --max-upload, 64 MiB at least): past it, 503\n"
"\n"
"SOURCE_DATE_EPOCH, when set, dates the documents: the same input and the same\n"
"value give byte-identical files.\n"
"Every civil time (received times, deadlines, the documents' date) is\n"
"read in the template's settings.time_zone (default Asia/Ho_Chi_Minh),\n"
"whatever TZ is.\n"
"\n"
"Exit status: 0 all good, 1 data errors found, 64 usage, 66 input missing,\n"
"69 serve cannot listen, 73 output cannot be written, 75 locked, 78 schema, template, roadmap or\n"
"tokens file broken (or a tokens file others may read).\n"
"Templates are read from $TIENDO_TEMPLATES, ./templates, the folder beside the\n"
"program, ../share/tiendo/templates from it, or " TIENDO_DATADIR "/templates.\n";

/*
 * Say on stderr, prefixed "tiendo: ", what went wrong. The names and
 * values in it are shown with their control characters and bytes that
 * are not UTF-8 escaped (escape_text()): a file name holding a newline
 * or an ESC cannot fake a line or drive the terminal.
 */
static void vcomplain(const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, shown = STRBUF_INIT;

	strbuf_vaddf(&raw, fmt, ap);
	escape_text(&shown, raw.buf);
	fprintf(stderr, "tiendo: %s\n", shown.buf);
	strbuf_release(&raw);
	strbuf_release(&shown);
}

void complain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
}

int usage(const char *fmt, const char *arg)
{
	if (fmt) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, fmt, arg ? arg : "");
		complain("%s", sb.buf);
		strbuf_release(&sb);
	}
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static bool has_schema(const char *dir)
{
	char *p = xasprintf("%s/progress.schema.json", dir);
	bool ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

/* Where the templates are; the caller frees. */
char *find_templates(void)
{
	const char *env = getenv("TIENDO_TEMPLATES");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	if (has_schema("templates"))
		return xstrdup("templates");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *dir;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			dir = xasprintf("%s/templates", exe);
			if (has_schema(dir))
				return dir;
			free(dir);
			/* an installed tree moved as a whole: bin/../share */
			dir = xasprintf("%s/../share/tiendo/templates", exe);
			if (has_schema(dir))
				return dir;
			free(dir);
		}
	}
	return xstrdup(TIENDO_DATADIR "/templates");
}

/* A period of an option; true (and said why) when it is not one. */
static bool bad_period(const char *cmd, const char *s, int *ym)
{
	switch (ym_check(s, ym)) {
	case DATE_OK:
		return false;
	case DATE_OUT_OF_RANGE:
		complain("%s: the period '%s' is outside the "
			"months tiendo supports: give one from %d-01 to %d-12",
			cmd, s, DATE_MIN_YEAR, DATE_MAX_YEAR);
		return true;
	default:
		complain("%s: the period '%s' is not a month "
			"written YYYY-MM (month 01 to 12)", cmd, s);
		return true;
	}
}

/*
 * Every civil time in the template's zone, whatever TZ the server has:
 * localtime_r() then gives it (modification times, the documents' day,
 * "last month"). Called before any thread starts.
 */
static void use_zone(const struct report_template *t)
{
	setenv("TZ", t->time_zone, 1);
	tzset();
}

/* The template at path (or the default); 0 or the exit status. */
static int load_template(const char *templates, const char *given,
			 enum lang lang, char **path,
			 struct report_template **tpl)
{
	char *err = NULL;

	*path = given ? xstrdup(given) : xasprintf("%s/report.json", templates);
	*tpl = template_load(*path, lang, &err);
	if (!*tpl) {
		complain("%s", err);
		free(err);
		return access(*path, R_OK) ? EXIT_NOINPUT : EXIT_CONFIG;
	}
	use_zone(*tpl);
	return 0;
}

/* received.schema.json, with the columns a run reads; 0 or the status. */
static int load_received(const char *templates, enum lang lang,
			 struct schema **out)
{
	static const char *const needs[] = { "file", "received_at", NULL };
	char *rpath = xasprintf("%s/received.schema.json", templates);
	char *err = NULL;
	const char *lacks;

	*out = schema_load(rpath, lang, &err);
	if (*out && (lacks = schema_lacks(*out, needs))) {
		char *m = xasprintf(msg(lang, M_SCHEMA_NEEDS), lacks);

		err = xasprintf("%s: %s", rpath, m);
		free(m);
		schema_free(*out);
		*out = NULL;
	}
	free(rpath);
	if (*out)
		return 0;
	complain("%s", err);
	free(err);
	return EXIT_CONFIG;
}

/* ---- validate ------------------------------------------------------------ */

/* received.csv, the log of when each file came in, has its own schema. */
static bool is_receipt_log(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcasecmp(base ? base + 1 : path, "received.csv") == 0;
}


static int parse_common(int argc, char **argv, struct options *o,
			const char *cmd)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "schema", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "agency", required_argument, NULL, 'a' },
		{ "period", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'A' },
		{ "table", required_argument, NULL, 't' },
		{ "template", required_argument, NULL, 'T' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->input = "input";
	o->format = EMIT_TEXT;
	o->lang = LANG_VI;
	o->max_errors = 1000;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:s:f:l:m:a:p:o:A:t:T:D:h", longopts,
				NULL)) != -1) {
		char *end;

		switch (c) {
		case 'i': o->input = optarg; break;
		case 's': o->schema = optarg; break;
		case 'a': o->agency = optarg; break;
		case 'p': o->period = optarg; break;
		case 'o': o->output = optarg; break;
		case 'A': o->as_of = optarg; break;
		case 't': o->table = optarg; break;
		case 'T': o->template = optarg; break;
		case 'D': o->date = optarg; break;
		case 'f':
			o->format_given = true;
			if (strcmp(optarg, "text") == 0)
				o->format = EMIT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = EMIT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o->format = EMIT_CSV;
			else
				return usage("unknown format '%s': use text, json or csv",
					     optarg);
			break;
		case 'l':
			if (!lang_parse(optarg, &o->lang))
				return usage("unknown language '%s': use vi or en",
					     optarg);
			break;
		case 'm':
			o->max_errors_given = true;
			errno = 0;
			o->max_errors = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-')
				return usage("--max-errors needs a whole number, not '%s'",
					     optarg);
			break;
		case 'h':
			fputs(cli_help_text, stdout);
			return -1;
		default:
			if (optopt)
				complain("%s: option '-%c' needs a value or is unknown",
					cmd, optopt);
			else
				complain("%s: unknown option '%s'",
					cmd, argv[optind - 1]);
			return usage(NULL, NULL);
		}
	}
	return 0;
}

static int cmd_validate(int argc, char **argv)
{
	struct options o;
	struct submission_schemas ss = { NULL, NULL };
	struct schema *custom = NULL, *received = NULL;
	struct report_template *tpl = NULL;
	char *tpl_path = NULL;
	struct roadmap *rm = NULL;
	struct history *hist = NULL;
	struct emitter *em;
	struct diag_sink sink;
	char *templates = NULL, *err = NULL;
	bool missing = false, need_roadmap;
	int rc = parse_common(argc, argv, &o, "validate"), status = EXIT_OK;
	int i;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return usage("validate: name at least one CSV file", NULL);
	templates = find_templates();
	if (o.schema) {
		custom = schema_load(o.schema, o.lang, &err);
		if (!custom) {
			complain("%s", err);
			free(err);
			free(templates);
			return access(o.schema, R_OK) ? EXIT_NOINPUT : EXIT_CONFIG;
		}
	} else if (submission_schemas_load(&ss, templates, o.lang, &err) < 0) {
		complain("%s", err);
		free(err);
		free(templates);
		return EXIT_CONFIG;
	}
	need_roadmap = !custom;
	for (size_t k = 0; custom && k < custom->nfkeys; k++)
		need_roadmap |= custom->fkeys[k].resource[0] != '\0';
	if (!custom) {
		/* the template: its time zone and its rule on other agencies */
		if ((status = load_received(templates, o.lang, &received)) ||
		    (status = load_template(templates, o.template, o.lang,
					    &tpl_path, &tpl))) {
			schema_free(received);
			free(tpl_path);
			submission_schemas_release(&ss);
			free(templates);
			return status;
		}
	}

	em = emit_open(stdout, o.format, o.lang, o.max_errors);
	sink = emit_sink(em);
	if (need_roadmap) {
		emit_begin_roadmap(em);
		rm = roadmap_load(o.input, templates, &sink, &missing);
		emit_end_roadmap(em, rm == NULL);
		if (!rm) {
			emit_close(em);
			complain(missing ?
				"cannot read the roadmap under '%s' (agencies.csv, roadmap/tasks.csv): "
				"give the data folder with --input" :
				"the roadmap under '%s' is broken: correct the errors above",
				o.input);
			status = missing ? EXIT_NOINPUT : EXIT_CONFIG;
			goto out;
		}
	}
	if (!custom)
		hist = batch_history(o.input, rm, &ss, received,
				     tpl->allow_other_agency_rows);
	for (i = optind; i < argc; i++) {
		const char *file = argv[i];
		struct submission_result res;
		const char *kind = NULL;

		emit_begin_file(em, file);
		if (custom) {
			const struct schema *one[1] = { custom };
			struct fk_resolver fk = roadmap_resolver(rm);

			memset(&res, 0, sizeof(res));
			validate_file(file, one, 1, &sink, rm ? &fk : NULL, NULL,
				      &res.stats, NULL);
			kind = "custom";
		} else if (is_receipt_log(file)) {
			/* the rule a run applies to it, no other */
			memset(&res, 0, sizeof(res));
			submission_check_receipts(file, received, rm, &sink,
						  NULL, NULL, &res.stats);
			kind = "received";
		} else {
			struct submission_opts so;
			struct batch_receipt br;

			memset(&so, 0, sizeof(so));
			so.rm = rm;
			so.folder_period = submission_folder_period(file);
			so.history = hist;

			/* what a run would know of it before reading it */
			so.has_received = batch_receipt_of(file, rm, received,
							   &br);
			so.received_day = br.received_day;
			so.agency = br.agency;
			so.agency_from = br.from;
			so.allow_other_agency = tpl->allow_other_agency_rows;
			submission_check(file, &ss, &so, &sink, &res);
			kind = res.kind == SUB_PROGRESS ? "progress" :
			       res.kind == SUB_INDICATOR ? "indicator" : NULL;
		}
		emit_end_file(em, file, kind, res.agency, &res.stats);
		if (res.stats.missing)
			status = EXIT_NOINPUT;
		else if (res.stats.errors && status == EXIT_OK)
			status = EXIT_DATA;
	}
	emit_close(em);
out:
	fflush(stdout);
	if (ferror(stdout) && status < EXIT_CANTCREAT) {
		complain("cannot write the report: %s",
			strerror(errno));
		status = EXIT_CANTCREAT;
	}
	history_free(hist);
	roadmap_free(rm);
	schema_free(custom);
	schema_free(received);
	template_free(tpl);
	free(tpl_path);
	submission_schemas_release(&ss);
	free(templates);
	return status;
}

/* ---- form ------------------------------------------------------------------ */

static int cmd_form(int argc, char **argv)
{
	struct options o;
	struct submission_schemas ss = { NULL, NULL };
	struct roadmap *rm = NULL;
	struct emitter *em = NULL;
	struct diag_sink sink;
	struct outfile *of = NULL;
	const struct agency *a;
	char *templates = NULL, *err = NULL, code[16], *p;
	bool missing = false;
	int rc = parse_common(argc, argv, &o, "form"), period, status = EXIT_OK;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.agency || !o.period)
		return usage("form: give --agency CODE and --period YYYY-MM", NULL);
	if (bad_period("form", o.period, &period))
		return usage(NULL, NULL);
	if (optind < argc)
		return usage("form: unexpected argument '%s'", argv[optind]);
	/* problems with the roadmap go to stderr, the form to stdout */
	em = emit_open(stderr, EMIT_TEXT, o.lang, 0);
	sink = emit_sink(em);
	snprintf(code, sizeof(code), "%s", o.agency);
	templates = find_templates();
	if (submission_schemas_load(&ss, templates, o.lang, &err) < 0) {
		complain("%s", err);
		free(err);
		status = EXIT_CONFIG;
		goto out;
	}
	rm = roadmap_load(o.input, templates, &sink, &missing);
	if (!rm) {
		status = missing ? EXIT_NOINPUT : EXIT_CONFIG;
		goto out;
	}
	for (p = code; *p && p - code < (long)sizeof(code) - 1; p++)
		*p = (char)toupper((unsigned char)*p);
	a = roadmap_agency(rm, code);
	if (!a) {
		complain("form: there is no agency '%s' in %s/agencies.csv",
			o.agency, o.input);
		status = EXIT_USAGE;
		goto out;
	}
	if (!agency_valid_between(a, ym_first_day(period), ym_last_day(period))) {
		if (a->successor && a->valid_to < ym_first_day(period))
			complain("form: the agency '%s' no longer exists in %s: "
				"its tasks passed to '%s'", a->code, o.period,
				a->successor);
		else
			complain("form: the agency '%s' does not exist in %s "
				"(see agencies.csv)", a->code, o.period);
		status = EXIT_USAGE;
		goto out;
	}
	of = outfile_open(o.output ? o.output : "-");
	if (!of) {
		complain("cannot write '%s': %s", o.output,
			strerror(errno));
		status = EXIT_CANTCREAT;
		goto out;
	}
	render_form(outfile_stream(of), rm, ss.progress, a->code, period,
		    o.lang);
	if (outfile_commit(of) < 0) {
		complain("cannot write '%s': %s",
			o.output ? o.output : "standard output", strerror(errno));
		status = EXIT_CANTCREAT;
	}
out:
	emit_close(em);
	roadmap_free(rm);
	submission_schemas_release(&ss);
	free(templates);
	return status;
}

/* ---- what summary, report and run share --------------------------------- */

/* Load the roadmap, saying why not; returns 0 or the exit status. */
int load_roadmap(const char *input, const char *templates,
			const struct diag_sink *sink, struct roadmap **rm)
{
	bool missing = false;

	*rm = roadmap_load(input, templates, sink, &missing);
	if (*rm)
		return 0;
	complain(missing ?
		"cannot read the roadmap under '%s' (agencies.csv, roadmap/tasks.csv): "
		"give the data folder with --input" :
		"the roadmap under '%s' is broken: correct the errors above",
		input);
	return missing ? EXIT_NOINPUT : EXIT_CONFIG;
}


/* The template's fonts must load before a page is drawn. */
static int check_fonts(const struct report_template *t, bool letters)
{
	static const char *const faces[] = { "regular", "bold", "italic",
					     "bold_italic" };

	for (int w = 0; w < (letters ? 2 : 1); w++)
		for (int i = 0; i < TEMPLATE_FACES; i++) {
			const char *f = w ? t->letter.fonts[i] : t->report.fonts[i];
			char *err = NULL;

			if (f && pdf_check_font(f, &err) < 0) {
				complain("%s: %s.fonts.%s: %s (scripts/"
					"install-deps.sh installs fonts-noto-core and "
					"fonts-liberation2)", t->path,
					w ? "letter" : "report", faces[i], err);
				free(err);
				return EXIT_CONFIG;
			}
		}
	return 0;
}

int setup_load(struct setup *su, const struct options *o)
{
	char *err = NULL;
	int rc;

	memset(su, 0, sizeof(*su));
	su->templates = find_templates();
	if ((rc = load_template(su->templates, o->template, o->lang,
				&su->template_path, &su->tpl)))
		return rc;
	if (submission_schemas_load(&su->ss, su->templates, o->lang, &err) < 0)
		goto broken;
	if ((rc = load_received(su->templates, o->lang, &su->received)))
		return rc;
	su->em = emit_open(stderr, EMIT_TEXT, o->lang, 0);
	su->shown = emit_sink(su->em);
	return load_roadmap(o->input, su->templates, &su->shown, &su->rm);
broken:
	complain("%s", err);
	free(err);
	return EXIT_CONFIG;
}

void setup_release(struct setup *su)
{
	emit_close(su->em);
	roadmap_free(su->rm);
	schema_free(su->received);
	submission_schemas_release(&su->ss);
	template_free(su->tpl);
	free(su->template_path);
	free(su->templates);
}

struct tally {                  /* problems in the period's files */
	unsigned long errors, warnings;
	struct diag_sink shown;     /* where those validate does not list go */
};

/* Problems only a run finds: validate, on one file, cannot show them. */
static bool run_only(const struct diag *d)
{
	const char *base = strrchr(d->file, '/');

	return strcmp(d->code, "duplicate-report") == 0 ||
	       strncmp(d->code, "receipt-", 8) == 0 ||
	       strcmp(d->code, "unknown-agency") == 0 ||
	       strcasecmp(base ? base + 1 : d->file, "received.csv") == 0;
}

static void tally(void *ctx, const struct diag *d)
{
	struct tally *t = ctx;

	if (d->severity == SEV_ERROR)
		t->errors++;
	else
		t->warnings++;
	if (d->message && run_only(d))
		t->shown.emit(t->shown.ctx, d);
}

static struct diag_sink tally_sink(struct tally *t, const struct setup *su,
				   enum lang lang)
{
	struct diag_sink s = { tally, t, lang, NULL };

	memset(t, 0, sizeof(*t));
	t->shown = su->shown;
	return s;  /* messages are formatted: some are shown */
}

/* The period and as-of date of options; 0 or the exit status. */
static int period_of(const struct options *o, const char *cmd, int *period,
		     int32_t *as_of)
{
	if (bad_period(cmd, o->period, period))
		return usage(NULL, NULL);
	*as_of = ym_last_day(*period);
	if (o->as_of) {
		enum date_fault f = date_check_iso(o->as_of, as_of);

		if (f == DATE_OUT_OF_RANGE) {
			complain("%s: the date '%s' is outside the "
				"years tiendo supports: give a day from %d-01-01 "
				"to %d-12-31", cmd, o->as_of, DATE_MIN_YEAR,
				DATE_MAX_YEAR);
			return usage(NULL, NULL);
		}
		if (f != DATE_OK) {
			complain("%s: the date '%s' is not a day "
				"written YYYY-MM-DD", cmd, o->as_of);
			return usage(NULL, NULL);
		}
	}
	if (*as_of < ym_first_day(*period)) {
		complain("%s: --as-of %s is before the period",
			cmd, o->as_of);
		return usage(NULL, NULL);
	}
	return 0;
}

static void say_errors(const char *cmd, const char *period,
		       unsigned long errors, unsigned long warnings,
		       const char *where)
{
	complain("%s: the files of %s hold %lu error%s and "
		"%lu warning%s; %s", cmd, period, errors,
		errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
		where);
}

/* ---- summary --------------------------------------------------------------- */

static int document_date(const struct options *o, const char *cmd,
			 int64_t *date);
static void judging(const struct options *o, int32_t as_of, int64_t date,
		    int64_t *moment, int64_t *received_by);

static int cmd_summary(int argc, char **argv)
{
	struct options o;
	struct setup su;
	struct aggregator *agg = NULL;
	struct summary *sum = NULL;
	struct outfile *of = NULL;
	struct tally counts;
	struct diag_sink psink;
	struct batch_opts bo;
	struct batch_result br;
	enum data_table table = TABLE_TASKS;
	int rc = parse_common(argc, argv, &o, "summary"), period, status;
	int32_t as_of;
	int64_t date, moment, bo_received_by;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.period)
		return usage("summary: give --period YYYY-MM", NULL);
	if ((status = period_of(&o, "summary", &period, &as_of)))
		return status;
	if (!o.format_given)
		o.format = EMIT_JSON;
	if (o.format == EMIT_TEXT)
		return usage("summary: --format is json or csv", NULL);
	if (o.table && o.format != EMIT_CSV)
		return usage("summary: --table '%s' goes with --format csv", o.table);
	if (o.table && !data_table_parse(o.table, &table)) {
		complain("summary: there is no table '%s'; the tables are %s",
			o.table, data_table_names());
		return EXIT_USAGE;
	}
	if (optind < argc)
		return usage("summary: unexpected argument '%s'", argv[optind]);
	if (o.agency || o.schema || o.max_errors_given)
		return usage("summary: %s is not an option of summary",
			     o.agency ? "--agency" : o.schema ? "--schema" :
			     "--max-errors");

	/* --date is read in the template's zone: after setup_load() */
	if ((status = setup_load(&su, &o)) ||
	    (status = document_date(&o, "summary", &date)))
		goto out;
	psink = tally_sink(&counts, &su, o.lang);
	agg = agg_new(su.rm, &su.tpl->settings, period, as_of, &psink);
	judging(&o, as_of, date, &moment, &bo_received_by);
	agg_set_moment(agg, moment);
	memset(&bo, 0, sizeof(bo));
	bo.received_by = bo_received_by;
	bo.input = o.input;
	bo.rm = su.rm;
	bo.ss = &su.ss;
	bo.received = su.received;
	bo.period = period;
	bo.sink = &psink;
	bo.agg = agg;
	bo.allow_other_agency = su.tpl->allow_other_agency_rows;
	if (batch_run(&bo, &br) < 0) {
		complain("summary: cannot read the folder '%s': %s; "
			"no figures were written", br.unreadable, strerror(errno));
		status = EXIT_NOINPUT;
		goto out;
	}
	if (br.after)
		complain("summary: %lu file%s received after %s left out: the "
			 "figures are as of that day", br.after,
			 br.after == 1 ? "" : "s", o.as_of);
	sum = agg_finish(agg);

	of = outfile_open(o.output ? o.output : "-");
	if (!of) {
		complain("cannot write '%s': %s", o.output,
			strerror(errno));
		status = EXIT_CANTCREAT;
		goto out;
	}
	if (o.format == EMIT_JSON)
		render_summary_json(outfile_stream(of), sum, su.rm);
	else
		render_summary_csv(outfile_stream(of), sum, su.rm, table);
	if (outfile_commit(of) < 0) {
		complain("cannot write '%s': %s",
			o.output ? o.output : "standard output", strerror(errno));
		status = EXIT_CANTCREAT;
		goto out;
	}
	if (!br.period_folder)
		complain("summary: there is no folder %s/submissions/%s: "
			"no submission counts for that month", o.input, o.period);
	if (counts.errors) {
		char *where = xasprintf("'tiendo validate --input %s %s/submissions/%s/*.csv' "
					"lists them", o.input, o.input, o.period);

		say_errors("summary", o.period, counts.errors, counts.warnings,
			   where);
		free(where);
		status = EXIT_DATA;
	}
out:
	summary_free(sum);
	agg_free(agg);
	setup_release(&su);
	return status;
}

/* ---- report and run ---------------------------------------------------------- */

/*
 * The documents' date: --date (the start of that day in the template's
 * zone, which must be set), else SOURCE_DATE_EPOCH, else the clock; 0 or
 * the exit status.
 */
static int document_date(const struct options *o, const char *cmd,
			 int64_t *date)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (o->date) {
		int32_t day;
		int y, m, d;
		struct tm tm;

		if (date_check_iso(o->date, &day) != DATE_OK) {
			complain("%s: --date '%s' is not a day written "
				 "YYYY-MM-DD from %d-01-01 to %d-12-31", cmd,
				 o->date, DATE_MIN_YEAR, DATE_MAX_YEAR);
			return EXIT_USAGE;
		}
		date_to_civil(day, &y, &m, &d);
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
		tm.tm_isdst = -1;
		*date = (int64_t)mktime(&tm);
		return 0;
	}
	if (!e || !*e) {
		*date = (int64_t)time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoll(e, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL) {
		complain("SOURCE_DATE_EPOCH must be a number of "
			"seconds since 1970-01-01, not '%s'", e);
		return EXIT_USAGE;
	}
	*date = v;
	return 0;
}

/*
 * Where path really is, though its last parts may not exist yet: the
 * real path of the deepest folder that exists, and the rest as given
 * ("." and ".." of the rest are taken literally, as mkdir would).
 */
static char *real_place(const char *path)
{
	char *p = xstrdup(path), *rest = NULL, *real, *out;

	for (;;) {
		char *slash;

		if ((real = realpath(*p ? p : "/", NULL)))
			break;
		slash = strrchr(p, '/');
		if (!slash) {
			real = realpath(".", NULL);
			rest = rest ? xasprintf("%s/%s", p, rest) : xstrdup(p);
			break;
		}
		{
			char *r = rest ? xasprintf("%s/%s", slash + 1, rest) :
				  xstrdup(slash + 1);

			free(rest);
			rest = r;
		}
		*slash = '\0';
	}
	if (!real)
		real = xstrdup(path);
	out = rest && *rest ? xasprintf("%s/%s", strcmp(real, "/") ? real : "",
					rest) : xstrdup(real);
	free(real);
	free(rest);
	free(p);
	return out;
}

/* Is a the folder b or inside it? */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 &&
	       (a[n] == '\0' || a[n] == '/' || (n == 1 && b[0] == '/'));
}

/*
 * The output folder may be neither the input folder, nor inside it, nor
 * hold it: a run moves the old month aside and removes the one before,
 * and would take the month's submissions with it. 0 or the exit status.
 */
static int apart(const char *cmd, const char *input, const char *output)
{
	char *in = real_place(input), *out = real_place(output);
	int rc = 0;

	if (within(out, in) || within(in, out)) {
		complain("%s: the output folder '%s' and the "
			"input folder '%s' %s: nothing was written; give an "
			"--output folder apart from the input (the default is "
			"'output' beside 'input')", cmd, output, input,
			strcmp(in, out) == 0 ? "are the same folder" :
			within(out, in) ? "overlap: the output is inside the input" :
			"overlap: the input is inside the output");
		rc = EXIT_USAGE;
	}
	free(in);
	free(out);
	return rc;
}

/* The lock that keeps two runs apart; -1 and the exit status in *status. */
static int take_lock(const char *output, const char *cmd, int *status)
{
	char *dir = xstrdup(output), *path;
	int fd;

	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0777);
			*p = '/';
		}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		complain("%s: cannot make the folder '%s': %s",
			cmd, dir, strerror(errno));
		free(dir);
		*status = EXIT_CANTCREAT;
		return -1;
	}
	free(dir);
	path = xasprintf("%s/.tiendo.lock", output);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		complain("%s: cannot write in the output folder "
			"'%s' (its lock file '%s'): %s", cmd, output, path,
			strerror(errno));
		*status = EXIT_CANTCREAT;
	} else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		complain("%s: another run holds the lock '%s'; "
			"nothing was written: try again when it has finished",
			cmd, path);
		close(fd);
		fd = -1;
		*status = EXIT_TEMPFAIL;
	}
	free(path);
	return fd;
}

/* Documents dated further than this after their period's end are said. */
#define FAR_DAYS 62

/* The last full month before the documents' date, in the template's
   zone (use_zone). */
static int last_month(int64_t date)
{
	return ym_of((int32_t)(datetime_local(date) / 86400)) - 1;
}

/*
 * When submissions are judged and which files count: at the documents'
 * moment, or at the end of an explicit as-of day when that is earlier
 * (pending before the deadline); with an explicit as-of day, only the
 * files received by its end count (a meeting report as of 20/12 does not
 * count a file that came on 05/01).
 */
static void judging(const struct options *o, int32_t as_of, int64_t date,
		    int64_t *moment, int64_t *received_by)
{
	*moment = datetime_local(date);
	*received_by = 0;
	if (o->as_of) {
		int64_t end = (int64_t)as_of * 86400 + 86399;

		*received_by = end;
		if (end < *moment)
			*moment = end;
	}
}

/* Say so when the documents are dated far from their period. */
static void check_date(const char *cmd, int period, int64_t date)
{
	int32_t day = (int32_t)(datetime_local(date) / 86400);
	int32_t end = ym_last_day(period);
	char ym[8], when[11];

	if (day >= ym_first_day(period) && day <= end + FAR_DAYS)
		return;
	complain("%s: warning: the documents are dated %s, %s the period "
		 "%s: their date, the letters' date and deadline and what is "
		 "pending follow it; give --date YYYY-MM-DD for the day they "
		 "are meant for", cmd, date_format(day, when),
		 day < end ? "before the end of" : "long after", ym_format(period,
		 ym));
}

static int cmd_month(int argc, char **argv, const char *cmd, bool run)
{
	struct options o;
	struct setup su;
	struct tally counts;
	struct diag_sink psink;
	struct month_opts mo;
	struct month_result mr;
	char ym[8];
	int rc = parse_common(argc, argv, &o, cmd), status, lock = -1, period;
	int32_t as_of;
	int64_t date;

	memset(&su, 0, sizeof(su));
	memset(&mr, 0, sizeof(mr));
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.period && !run)
		return usage("report: give --period YYYY-MM", NULL);
	/* without --period, last month in the template's zone: below */
	if (o.period && (status = period_of(&o, cmd, &period, &as_of)))
		return status;
	if (optind < argc) {
		complain("%s: unexpected argument '%s'", cmd,
			argv[optind]);
		return usage(NULL, NULL);
	}
	if (o.agency || o.schema || o.max_errors_given || o.format_given ||
	    o.table || (run && o.as_of)) {
		complain("%s: %s is not an option of %s", cmd,
			o.agency ? "--agency" : o.schema ? "--schema" :
			o.max_errors_given ? "--max-errors" : o.format_given ?
			"--format" : o.table ? "--table" : "--as-of", cmd);
		return usage(NULL, NULL);
	}
	/* checked now; computed again once the template's zone is set */
	if ((status = document_date(&o, cmd, &date)))
		return status;
	if (!o.output)
		o.output = "output";
	if (!*o.output) {
		complain("%s: --output needs a folder", cmd);
		return usage(NULL, NULL);
	}
	if ((status = apart(cmd, o.input, o.output)))
		return status;
	if ((status = setup_load(&su, &o)) ||
	    (status = check_fonts(su.tpl, run)) ||
	    (status = document_date(&o, cmd, &date)))
		goto out;
	if (!o.period) {
		o.period = ym_format(last_month(date), ym);
		if ((status = period_of(&o, cmd, &period, &as_of)))
			goto out;
	}
	if (run) {
		/* no folder is no intake, not every agency late: no letters */
		char *dir = xasprintf("%s/submissions/%s", o.input, o.period);
		struct stat st;

		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			complain("run: there is no folder '%s': nothing "
				"was written; the month's files go there (or give "
				"--period for another month)", dir);
			free(dir);
			status = EXIT_NOINPUT;
			goto out;
		}
		free(dir);
	}
	if ((lock = take_lock(o.output, cmd, &status)) < 0)
		goto out;
	psink = tally_sink(&counts, &su, o.lang);
	memset(&mo, 0, sizeof(mo));
	mo.input = o.input;
	mo.output = o.output;
	mo.template_path = su.template_path;
	mo.templates = su.templates;
	mo.rm = su.rm;
	mo.ss = &su.ss;
	mo.received = su.received;
	mo.tpl = su.tpl;
	mo.lang = o.lang;
	mo.period = period;
	mo.as_of = as_of;
	mo.has_date = true;
	mo.date = date;
	judging(&o, as_of, date, &mo.moment, &mo.received_by);
	check_date(cmd, period, date);
	mo.summary_only = !run;
	mo.sink = &psink;
	if (month_run(&mo, &mr) < 0) {
		switch (mr.fail) {
		case MONTH_NOINPUT:
			complain("%s: cannot read '%s': %s; nothing "
				"was written", cmd, mr.what, strerror(mr.err));
			status = EXIT_NOINPUT;
			break;
		case MONTH_RENDER:
			complain("%s: %s; the files of the last run "
				"are as they were", cmd, mr.what);
			status = EXIT_CANTCREAT;
			break;
		case MONTH_NOSPACE: {
			char last[80] = "";

			if (mr.space_needed > mr.space_written)
				snprintf(last, sizeof(last), " (the last run of "
					 "this month took %.1f MB)",
					 mr.space_needed / 1e6);
			complain("%s: no space left on device in "
				"'%s': %.1f MB were written before the disk was "
				"full%s, %.1f MB are free now: make at least %.1f MB "
				"free and run again; the files of the last run are "
				"as they were", cmd, o.output,
				mr.space_written / 1e6, last, mr.space_free / 1e6,
				(mr.space_needed + mr.space_needed / 4) / 1e6);
			status = EXIT_CANTCREAT;
			break;
		}
		default:
			complain("%s: cannot write '%s': %s; the files "
				"of the last run are as they were", cmd, mr.what,
				strerror(mr.err));
			status = EXIT_CANTCREAT;
			break;
		}
		goto out;
	}
	if (mr.after)
		complain("%s: %lu file%s received after %s left out: the "
			 "figures are as of that day", cmd, mr.after,
			 mr.after == 1 ? "" : "s", o.as_of);
	if (!mr.period_folder)
		complain("%s: there is no folder %s/submissions/%s: "
			"every agency expected is counted as missing", cmd,
			o.input, o.period);
	if (run)
		complain("run %s: %lu file%s, %lu row%s (%lu accepted, "
			"%lu rejected); wrote %s/: the summary, %u agency report%s, "
			"%u urging letter%s, the figures, the validation list and "
			"the manifest", o.period, mr.totals.files,
			mr.totals.files == 1 ? "" : "s", mr.totals.rows,
			mr.totals.rows == 1 ? "" : "s", mr.totals.accepted,
			mr.totals.rejected, mr.folder,
			mr.agency_reports, mr.agency_reports == 1 ? "" : "s",
			mr.letters, mr.letters == 1 ? "" : "s");
	else
		complain("report %s: wrote %s", o.period,
			mr.folder);
	if (counts.errors) {
		char *where = run ?
			xasprintf("%s/validation-%s%s.csv lists them",
				  mr.folder, o.period,
				  o.lang == LANG_EN ? "-en" : "") :
			xasprintf("'tiendo validate --input %s %s/submissions/%s/*.csv' "
				  "lists them", o.input, o.input, o.period);

		say_errors(cmd, o.period, counts.errors, counts.warnings, where);
		free(where);
		status = EXIT_DATA;
	}
out:
	month_result_release(&mr);
	if (lock >= 0)
		close(lock);
	setup_release(&su);
	return status;
}

/* ---- dispatch -------------------------------------------------------------- */

int cli_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage(NULL, NULL);
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		fputc('\n', stdout);
		fputs(cli_help_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("tiendo %s\n", TIENDO_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "validate") == 0)
		return cmd_validate(argc - 1, argv + 1);
	if (strcmp(cmd, "form") == 0)
		return cmd_form(argc - 1, argv + 1);
	if (strcmp(cmd, "summary") == 0)
		return cmd_summary(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_month(argc - 1, argv + 1, "report", false);
	if (strcmp(cmd, "run") == 0)
		return cmd_month(argc - 1, argv + 1, "run", true);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "token") == 0)
		return cmd_token(argc - 1, argv + 1);
	return usage("unknown command '%s'", cmd);
}
