/* template: the report template's settings, and every way it can be wrong. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

static struct report_template *from(const char *json, char **err)
{
	*err = NULL;
	return template_load_string(json, "t.json", LANG_EN, err);
}

static void refused(const char *json, const char *needle)
{
	char *err;
	struct report_template *t = from(json, &err);

	cr_assert_null(t, "accepted: %s", json);
	cr_assert_not_null(err);
	cr_assert(strstr(err, needle), "'%s' lacks '%s'", err, needle);
	free(err);
}

Test(template, the_shipped_template_holds_the_spec_defaults)
{
	char *err = NULL;
	struct report_template *t = template_load("templates/report.json",
						  LANG_EN, &err);

	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_eq(t->settings.green_min_variance, -5.0);
	cr_assert_eq(t->settings.amber_min_variance, -15.0);
	cr_assert_eq(t->settings.deadline_day, 5);
	cr_assert_eq(t->settings.trend_months, 12);
	cr_assert_eq(t->settings.forecast_points, 3);
	template_free(t);
}

Test(template, keys_left_out_take_the_defaults)
{
	char *err;
	struct report_template *t = from("{\"settings\": {\"submission_deadline_day\": 10}}",
					 &err);

	cr_assert_not_null(t);
	cr_assert_eq(t->settings.deadline_day, 10);
	cr_assert_eq(t->settings.green_min_variance, agg_defaults.green_min_variance);
	template_free(t);
	t = from("{}", &err);
	cr_assert_not_null(t);
	cr_assert_eq(t->settings.trend_months, 12);
	template_free(t);
}

Test(template, unknown_keys_and_bad_values_are_refused)
{
	refused("{\"setings\": {}}", "\"setings\"");
	refused("{\"settings\": {\"green\": -5}}", "\"green\"");
	refused("{\"settings\": {\"green_min_variance\": 5}}", "-100 to 0");
	refused("{\"settings\": {\"green_min_variance\": \"-5\"}}", "green_min_variance");
	refused("{\"settings\": {\"submission_deadline_day\": 5.5}}", "1 to 28");
	refused("{\"settings\": {\"submission_deadline_day\": 31}}", "1 to 28");
	refused("{\"settings\": {\"green_min_variance\": -10, \"amber_min_variance\": -5}}",
		"not above green_min_variance");
	refused("{\"settings\": []}", "an object");
	refused("[]", "an object");
}

Test(template, broken_json_names_line_and_column)
{
	refused("{\n  \"settings\": {\n    \"trend_months\": 12,\n  }\n}", "t.json:4:");
	refused("{\"settings\": {}, \"settings\": {}}", "t.json:1:");
}
