/*
 * template: the report template (templates/report.json), the settings
 * by which figures are measured and, for the documents, how they look.
 *
 * Like a schema, a template is configuration: any key tiendo does not
 * know or any value out of range is an error naming the file and key.
 */
#ifndef TIENDO_TEMPLATE_H
#define TIENDO_TEMPLATE_H

#include "aggregate.h"
#include "msg.h"

struct report_template {
	char *path;
	struct agg_settings settings;   /* "settings" */
};

/**
 * Load the template at path; keys left out take agg_defaults. Returns
 * NULL with *err set (the caller frees it) when the file cannot be read
 * or is broken. Free with template_free().
 */
struct report_template *template_load(const char *path, enum lang lang,
				      char **err);

/** Same from a string; name stands for the file in messages. */
struct report_template *template_load_string(const char *json,
					     const char *name, enum lang lang,
					     char **err);

void template_free(struct report_template *t);

#endif
