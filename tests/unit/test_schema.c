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
		"{\"fields\": [{\"name\": \"p\", \"type\": \"number\", \"x-decimalChars\": \".,\","
		" \"title\": \"Tiến độ\", \"x-title-en\": \"Percent\","
		" \"constraints\": {\"required\": true, \"minimum\": 0, \"maximum\": 100}},"
		" {\"name\": \"s\", \"enum\": [\"a\", \"b\"], \"constraints\": {\"enum\": [\"a\", \"b\"]}}"
		"], \"primaryKey\": \"p\"}", &err);

	/* "enum" outside constraints is not a field key */
	cr_assert_null(s);
	cr_assert_not_null(strstr(err, "\"enum\""), "%s", err);
	free(err);
	s = load("{\"fields\": [{\"name\": \"p\", \"type\": \"number\", \"x-decimalChars\": \".,\","
		 " \"title\": \"Tiến độ\", \"x-title-en\": \"Percent\","
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

	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"datetim\"}]}", &err));
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

static struct schema *one(const char *field_json)
{
	char json[1024], *err = NULL;
	struct schema *s;

	snprintf(json, sizeof(json), "{\"fields\": [%s]}", field_json);
	s = load(json, &err);
	cr_assert_not_null(s, "%s: %s", field_json, err);
	return s;
}

static bool reads(const struct schema *s, const char *text,
		  union field_value *v)
{
	return field_read(&s->fields[0], text, strlen(text), v);
}

Test(schema, titles_are_strings_the_english_in_x_title_en)
{
	char *err;
	struct schema *s;

	cr_assert_null(load("{\"fields\": [{\"name\": \"p\", \"title\": {\"vi\": \"A\", \"en\": \"B\"}}]}", &err));
	cr_assert_not_null(strstr(err, "x-title-en"), "%s", err);
	free(err);
	s = one("{\"name\": \"p\", \"title\": \"Tiến độ\", \"x-title-en\": \"Percent\","
		" \"description\": \"phần trăm\", \"x-description-en\": \"percent\"}");
	cr_assert_str_eq(field_title(&s->fields[0], LANG_VI), "Tiến độ");
	cr_assert_str_eq(field_title(&s->fields[0], LANG_EN), "Percent");
	cr_assert_str_eq(s->fields[0].description[LANG_EN], "percent");
	schema_free(s);
	/* no English: the title serves both */
	s = one("{\"name\": \"p\", \"title\": \"Tiến độ\"}");
	cr_assert_str_eq(field_title(&s->fields[0], LANG_EN), "Tiến độ");
	schema_free(s);
}

Test(schema, custom_keys_pass_misspelt_ones_do_not)
{
	char *err;
	struct schema *s;

	s = load("{\"x-owner\": 1, \"fields\": [{\"name\": \"a\", \"x-note\": [1],"
		 " \"constraints\": {\"x-why\": \"\"}}]}", &err);
	cr_assert_not_null(s, "%s", err);
	schema_free(s);
	cr_assert_null(load("{\"fields\": [{\"name\": \"a\", \"type\": \"number\", \"bareNumbr\": false}]}", &err));
	cr_assert_not_null(strstr(err, "bareNumbr"), "%s", err);
	free(err);
}

Test(schema, every_standard_type_and_key_loads)
{
	char *err;
	struct schema *s = load(
		"{\"fields\": ["
		"{\"name\": \"a\", \"type\": \"number\", \"bareNumber\": false, \"groupChar\": \" \", \"decimalChar\": \",\", \"rdfType\": \"http://schema.org/Number\"},"
		"{\"name\": \"b\", \"type\": \"integer\", \"bareNumber\": true, \"constraints\": {\"enum\": [1, 2]}},"
		"{\"name\": \"c\", \"type\": \"datetime\", \"format\": \"any\", \"constraints\": {\"minimum\": \"2020-01-01T00:00:00Z\"}},"
		"{\"name\": \"d\", \"type\": \"time\", \"format\": \"%H:%M\"},"
		"{\"name\": \"e\", \"type\": \"year\", \"constraints\": {\"minimum\": 2000, \"maximum\": \"2030\"}},"
		"{\"name\": \"f\", \"type\": \"duration\"},"
		"{\"name\": \"g\", \"type\": \"geopoint\", \"format\": \"array\"},"
		"{\"name\": \"h\", \"type\": \"geojson\", \"format\": \"topojson\"},"
		"{\"name\": \"i\", \"type\": \"object\", \"constraints\": {\"minLength\": 1}},"
		"{\"name\": \"j\", \"type\": \"array\"},"
		"{\"name\": \"k\", \"type\": \"any\", \"format\": \"default\", \"constraints\": {\"enum\": [\"x\", 1]}},"
		"{\"name\": \"l\", \"type\": \"boolean\", \"trueValues\": [\"có\"], \"falseValues\": [\"không\"], \"constraints\": {\"enum\": [true]}},"
		"{\"name\": \"m\", \"type\": \"string\", \"format\": \"uuid\"},"
		"{\"name\": \"n\", \"type\": \"date\", \"format\": \"%d/%m/%Y\", \"x-formats\": [\"default\", \"%d/%m/%Y\"]}"
		"], \"primaryKey\": [\"b\"],"
		" \"foreignKeys\": [{\"fields\": [\"b\"], \"reference\": {\"resource\": \"\", \"fields\": [\"b\"]}}]}",
		&err);

	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(s->fields[2].type, FT_DATETIME);
	cr_assert_eq(s->fields[7].format, FMT_TOPOJSON);
	cr_assert_eq(s->fields[13].nforms, 2);
	cr_assert_str_eq(s->fkeys[0].resource, "");
	cr_assert_str_eq(s->fields[13].forms_text,
			 "DD/MM/YYYY (05/10/2023) / YYYY-MM-DD (2023-10-05)");
	schema_free(s);
}

Test(schema, keys_on_the_wrong_type_are_errors)
{
	char *err;

	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"string\", \"groupChar\": \",\"}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"date\", \"format\": \"%Q\"}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"date\", \"x-formats\": [\"%d/%m/%Y\"]}]}", &err));
	cr_assert_not_null(strstr(err, "x-formats"), "%s", err);
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"geopoint\", \"constraints\": {\"minimum\": 1}}]}", &err));
	free(err);
	cr_assert_null(load("{\"fields\": [{\"name\": \"x\", \"type\": \"year\", \"constraints\": {\"enum\": [\"20x\"]}}]}", &err));
	free(err);
}

/* field_read() hands the field's keys to the readers of cell.c. */
Test(schema, cells_read_as_the_field_keys_say)
{
	union field_value v;
	struct schema *s = one("{\"name\": \"n\", \"type\": \"number\", \"bareNumber\": false,"
			       " \"decimalChar\": \",\", \"groupChar\": \".\"}");

	cr_assert(reads(s, "1.234.567,5", &v));
	cr_assert_float_eq(v.num, 1234567.5, 1e-9);
	schema_free(s);
	s = one("{\"name\": \"d\", \"type\": \"date\", \"format\": \"%d %B %Y\", \"x-formats\": [\"%d %B %Y\", \"default\"]}");
	cr_assert(reads(s, "5 October 2023", &v));
	cr_assert(reads(s, "2023-10-05", &v));
	cr_assert(!reads(s, "05/10/2023", &v));
	schema_free(s);
	s = one("{\"name\": \"s\", \"type\": \"string\", \"format\": \"uuid\"}");
	cr_assert(!reads(s, "not-a-uuid", &v));
	schema_free(s);
}

Test(schema, geopoints_and_json_values)
{
	union field_value v;
	struct schema *s = one("{\"name\": \"g\", \"type\": \"geopoint\"}");

	cr_assert(reads(s, "105.85, 21.03", &v));
	cr_assert(reads(s, "105.85,21.03", &v));
	cr_assert(!reads(s, "21.03, 105.85, 1", &v));
	cr_assert(!reads(s, "105.85, 91", &v));
	schema_free(s);
	s = one("{\"name\": \"g\", \"type\": \"geopoint\", \"format\": \"object\"}");
	cr_assert(reads(s, "{\"lon\": 105.85, \"lat\": \"21.03\"}", &v));
	cr_assert(!reads(s, "[105.85, 21.03]", &v));
	schema_free(s);
	s = one("{\"name\": \"o\", \"type\": \"array\", \"constraints\": {\"enum\": [[1, 2], \"[3]\"]}}");
	cr_assert(reads(s, "[1, 2]", &v) && v.integer == 2);
	cr_assert(field_in_enum(&s->fields[0], "[1,2]", 5, &v));
	cr_assert(reads(s, "[4]", &v));
	cr_assert(!field_in_enum(&s->fields[0], "[4]", 3, &v));
	cr_assert(!reads(s, "{}", &v));
	schema_free(s);
}
