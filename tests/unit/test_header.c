/* header: which field a label names, and which kind of file a header is. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "text.h"

static struct schema *report, *agencies;

static void setup(void)
{
	char *err = NULL;

	report = schema_load_string(
		"{\"title\": \"Report\", \"fields\": ["
		"{\"name\": \"period\", \"title\": \"Kỳ báo cáo\"},"
		"{\"name\": \"task_id\"},"
		"{\"name\": \"note\", \"constraints\": {\"required\": true}},"
		"{\"name\": \"extra\"}],"
		" \"primaryKey\": [\"period\", \"task_id\"]}",
		"r.json", LANG_EN, &err);
	cr_assert_not_null(report, "%s", err);
	agencies = schema_load_string(
		"{\"title\": \"Agencies\", \"fields\": [{\"name\": \"code\"}],"
		" \"primaryKey\": \"code\"}", "a.json", LANG_EN, &err);
	cr_assert_not_null(agencies, "%s", err);
}

static void teardown(void)
{
	schema_free(report);
	schema_free(agencies);
}

TestSuite(header, .init = setup, .fini = teardown);

/* A header of the labels given, each a field of its own. */
static struct csv_record record(const char *const *labels, size_t n,
				struct csv_field *fields)
{
	struct csv_record rec;
	size_t i;

	memset(&rec, 0, sizeof(rec));
	for (i = 0; i < n; i++) {
		memset(&fields[i], 0, sizeof(fields[i]));
		fields[i].value = labels[i];
		fields[i].len = strlen(labels[i]);
	}
	rec.fields = fields;
	rec.nfields = n;
	return rec;
}

static long field_of(const struct schema *s, const char *label)
{
	char *key = text_name_key(label);
	long f = header_field(s, key);

	free(key);
	return f;
}

Test(header, a_label_names_a_field_by_name_or_title)
{
	cr_assert_eq(field_of(report, "period"), 0);
	cr_assert_eq(field_of(report, "Task ID"), 1);
	cr_assert_eq(field_of(report, "kỳ báo cáo"), 0);
	cr_assert_eq(field_of(report, "agency"), -1);
}

Test(header, the_kind_is_the_schema_whose_key_is_there)
{
	static const char *const rep[] = { "note", "task_id", "Period" };
	static const char *const ag[] = { "code" };
	static const char *const none[] = { "period", "code_x" };
	const struct schema *both[2] = { report, agencies };
	struct csv_field fields[3];
	struct csv_record rec;

	rec = record(rep, 3, fields);
	cr_assert_eq(header_kind(both, 2, &rec), report);
	rec = record(ag, 1, fields);
	cr_assert_eq(header_kind(both, 2, &rec), agencies);
	rec = record(none, 2, fields);
	cr_assert_null(header_kind(both, 2, &rec));
	/* the only schema, whatever the header */
	cr_assert_eq(header_kind(both, 1, &rec), report);
}

Test(header, a_header_of_no_kind_is_told_the_closest_and_its_lacks)
{
	static const char *const near[] = { "period", "extra", "x" };
	static const char *const far[] = { "x", "y" };
	const struct schema *both[2] = { agencies, report };
	struct csv_field fields[3];
	struct csv_record rec;
	char *missing = NULL, *kinds;

	rec = record(near, 3, fields);
	cr_assert_eq(header_closest(both, 2, &rec, &missing), report);
	cr_assert_str_eq(missing, "task_id, note");
	free(missing);
	missing = NULL;
	rec = record(far, 2, fields);
	cr_assert_null(header_closest(both, 2, &rec, &missing));
	cr_assert_null(missing);
	kinds = header_kinds_text(both, 2);
	cr_assert_str_eq(kinds, "Agencies: code; Report: period, task_id");
	free(kinds);
}
