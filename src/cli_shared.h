/*
 * cli_shared: what the command files of the CLI share (cli.c: validate,
 * form, summary, report, run; cli_intake.c: token and serve). Not a module
 * of the library: only the two doors' files include it.
 */
#ifndef TIENDO_CLI_SHARED_H
#define TIENDO_CLI_SHARED_H

#include <stdbool.h>

#include "emit.h"
#include "roadmap.h"
#include "submission.h"
#include "template.h"

/* The options every command reads, each what it takes. */
struct options {
	const char *input, *schema, *agency, *period, *output;
	const char *as_of, *table, *template, *date;
	bool format_given, max_errors_given;
	enum emit_format format;
	enum lang lang;
	unsigned long max_errors;
};

/* Everything a month's figures are made with. */
struct setup {
	char *templates, *template_path;
	struct report_template *tpl;
	struct submission_schemas ss;
	struct schema *received;
	struct emitter *em;             /* text on stderr */
	struct diag_sink shown;
	struct roadmap *rm;
};

/** The text of --help. */
extern const char cli_help_text[];

/** "tiendo: " and the message, escaped, on stderr. */
void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Say fmt (with arg) if any, then the usage; returns EXIT_USAGE. */
int usage(const char *fmt, const char *arg);
/** Where the templates are; the caller frees. */
char *find_templates(void);
/** Load the roadmap, saying why not; returns 0 or the exit status. */
int load_roadmap(const char *input, const char *templates,
		 const struct diag_sink *sink, struct roadmap **rm);
/** The template, schemas, receipt log schema and roadmap of o; 0 or the
    exit status (su is released by setup_release() either way). */
int setup_load(struct setup *su, const struct options *o);
void setup_release(struct setup *su);

/** tiendo token (cli_intake.c). */
int cmd_token(int argc, char **argv);
/** tiendo serve (cli_intake.c). */
int cmd_serve(int argc, char **argv);

#endif
