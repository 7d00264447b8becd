/* schema: what a Table Schema may say, and what it may not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static struct schema *load(const char *json, char **err)
{
	*err = NULL;
	return schema_load_string(json, "t.json", LANG_EN, err);
}

Test(schema, full_field_description_loads)
{
	char *err;
	struct schema *s = load(
		"{\"fields\": [{\"name\": \"p\", \"type\": \"number\", \"decimalChar\": \".,\","
		" \"title\": {\"vi\": \"Tiến độ\", \"en\": \"Percent\"},"
		" \"constraints\": {\"required\": true, \"minimum\": 0, \"maximum\": 100}},"
		" {\"name\": \"s\", \"enum\": [\"a\", \"b\"], \"constraints\": {\"enum\": [\"a\", \"b\"]}}"
		"], \"primaryKey\": \"p\"}", &err);

	/* "enum" outside constraints is not a field key */
	cr_assert_null(s);
	cr_assert_not_null(strstr(err, "\"enum\""), "%s", err);
	free(err);
	s = load("{\"fields\": [{\"name\": \"p\", \"type\": \"number\", \"decimalChar\": \".,\","
		 " \"title\": {\"vi\": \"Tiến độ\", \"en\": \"Percent\"},"
		 " \"constraints\": {\"required\": true, \"minimum\": 0, \"maximum\": 100}}],"
		 " \"primaryKey\": \"p\"}", &err);
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(s->nfields, 1);
	cr_assert_eq(s->fields[0].type, FT_NUMBER);
	cr_assert_str_eq(s->fields[0].decimal_chars, ".,");
	cr_assert(s->fields[0].required);
	cr_assert_eq(s->fields[0].maximum, 100);
	cr_assert_str_eq(field_title(&s->fields[0], LANG_VI), "Tiến độ");
	cr_assert_str_eq(field_title(&s->fields[0], LANG_EN), "Percent");
	cr_assert_eq(s->npk, 1);
	cr_assert_eq(s->nmissing, 1);
	schema_free(s);
}

Test(schema, unsupported_constraint_is_an_error)
{
	char *err;

	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"constraints\": {\"exclusiveMaximum\": 3}}]}", &err));
	cr_assert_not_null(strstr(err, "exclusiveMaximum"));
	free(err);
}

Test(schema, wrong_types_are_errors)
{
	char *err;

	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"datetime\"}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"string\", \"constraints\": {\"minimum\": 3}}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"integer\", \"constraints\": {\"maxLength\": 3}}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\"}, {\"name\": \"X\"}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\"}], \"primaryKey\": \"y\"}", &err));
	cr_assert_not_null(strstr(err, "\"y\""));
	free(err);
}

Test(schema, bad_pattern_names_its_place)
{
	char *err;

	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"constraints\": {\"pattern\": \"(a\"}}]}", &err));
	cr_assert_not_null(strstr(err, "fields[0] \"x\".constraints"), "%s", err);
	free(err);
}

Test(schema, json_syntax_error_has_line_and_column)
{
	char *err;

	cr_assert_null(load("{\n  \"fields\": [,]\n}", &err));
	cr_assert_not_null(strstr(err, "t.json:2:"), "%s", err);
	free(err);
}

Test(schema, aliases_must_name_enum_values)
{
	char *err;
	struct schema *s;

	cr_assert_null(load("{\"fields\": [{\"name\": \"s\", \"constraints\": {\"enum\": [\"a\"]},"
			    " \"x-aliases\": {\"Một\": \"b\"}}]}", &err));
	free(err);
	s = load("{\"fields\": [{\"name\": \"s\", \"constraints\": {\"enum\": [\"a\"]},"
		 " \"x-aliases\": {\"Một\": \"a\"}}]}", &err);
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(s->fields[0].naliases, 1);
	schema_free(s);
}

Test(schema, shipped_schemas_load)
{
	static const char *const names[] = {
		"progress", "indicator", "agencies", "tasks", "milestones",
		"indicators", "received"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char path[128], *err = NULL;
		struct schema *s;

		snprintf(path, sizeof(path), "templates/%s.schema.json", names[i]);
		s = schema_load(path, LANG_VI, &err);
		cr_assert_not_null(s, "%s: %s", path, err);
		schema_free(s);
	}
}
