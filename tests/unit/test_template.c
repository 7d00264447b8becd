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

/* The shipped template, with the first "from" replaced by "to". */
static char *variant(const char *from, const char *to)
{
	FILE *f = fopen("templates/report.json", "rb");
	static char text[1 << 16];
	size_t n;
	char *at, *out;

	cr_assert_not_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	at = strstr(text, from);
	cr_assert_not_null(at, "no '%s' in the template", from);
	out = malloc(n + strlen(to) + 1);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

/* The shipped template with its "settings" object replaced by obj. */
static char *with_settings(const char *obj)
{
	char *base = variant("\"settings\"", "\"old_settings\""), *out;
	char *a = strstr(base, "\"old_settings\"");
	char *b = strchr(a, '}');

	out = malloc(strlen(base) + strlen(obj) + 32);
	memcpy(out, base, (size_t)(a - base));
	sprintf(out + (a - base), "\"settings\": %s%s", obj, b + 1);
	free(base);
	return out;
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
	cr_assert_str_eq(t->time_zone, "Asia/Ho_Chi_Minh");
	cr_assert_not(t->allow_other_agency_rows);
	template_free(t);
}

Test(template, keys_left_out_take_the_defaults)
{
	char *err, *json = with_settings("{\"submission_deadline_day\": 10}");
	struct report_template *t = from(json, &err);

	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_eq(t->settings.deadline_day, 10);
	cr_assert_eq(t->settings.green_min_variance, agg_defaults.green_min_variance);
	template_free(t);
	free(json);
	json = with_settings("{}");
	t = from(json, &err);
	cr_assert_not_null(t);
	cr_assert_eq(t->settings.trend_months, 12);
	template_free(t);
	free(json);
}

static void settings_refused(const char *obj, const char *needle)
{
	char *json = with_settings(obj);

	refused(json, needle);
	free(json);
}

Test(template, unknown_keys_and_bad_values_are_refused)
{
	char *json = variant("\"settings\"", "\"setings\"");

	refused(json, "\"setings\"");
	free(json);
	settings_refused("{\"green\": -5}", "\"green\"");
	settings_refused("{\"green_min_variance\": 5}", "-100 to 0");
	settings_refused("{\"green_min_variance\": \"-5\"}", "green_min_variance");
	settings_refused("{\"submission_deadline_day\": 5.5}", "1 to 28");
	settings_refused("{\"submission_deadline_day\": 31}", "1 to 28");
	settings_refused("{\"green_min_variance\": -10, \"amber_min_variance\": -5}",
			 "not above green_min_variance");
	settings_refused("[]", "an object");
	refused("[]", "an object");
}

Test(template, broken_json_names_line_and_column)
{
	refused("{\n  \"settings\": {\n    \"trend_months\": 12,\n  }\n}", "t.json:4:");
	refused("{\"settings\": {}, \"settings\": {}}", "t.json:1:");
}

Test(template, the_shipped_layout_pages_fonts_sections_and_labels)
{
	char *err = NULL;
	struct report_template *t = template_load("templates/report.json",
						  LANG_VI, &err);

	cr_assert_not_null(t, "%s", err ? err : "");
	/* A4 in points, Decree 30 margins for letters (left 30 mm) */
	cr_assert_float_eq(t->report.width, 595.28, 0.01);
	cr_assert_float_eq(t->report.height, 841.89, 0.01);
	cr_assert_float_eq(t->letter.left, 30 * 72 / 25.4, 0.01);
	cr_assert(strstr(t->report.fonts[0], "NotoSans-Regular.ttf"));
	cr_assert(strstr(t->letter.fonts[0], "LiberationSerif-Regular.ttf"));
	cr_assert_geq(t->letter.body, 13);
	cr_assert_leq(t->letter.body, 14);
	cr_assert_eq(t->sections[0].kind, SEC_COVER);
	cr_assert_eq(t->sections[t->nsections - 1].kind, SEC_APPENDIX);
	cr_assert_eq(t->nagency_sections, 6);
	/* an agency's report opens with what it must do */
	cr_assert_eq(t->agency_sections[0].kind, SEC_AGENCY_TODO);
	cr_assert_str_eq(template_label(t, LANG_VI, L_PAGE_FMT), "Trang {page}/{pages}");
	cr_assert_str_eq(template_label(t, LANG_EN, L_PAGE_FMT), "Page {page}/{pages}");
	cr_assert_str_eq(template_label(t, LANG_VI, L_LETTER_NATION),
			 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	cr_assert_float_eq(t->palette.red.r, 0xC0 / 255.0, 0.001);
	template_free(t);
}

Test(template, layout_mistakes_are_named)
{
	static const struct { const char *from, *to, *needle; } cases[] = {
		{ "\"doc_title\"", "\"doc_titel\"", "\"doc_titel\"" },
		{ "\"kf_tasks\": { \"vi\"", "\"kf_tasks\": { \"fr\"", "\"fr\"" },
		{ "Trang {page}/{pages}", "Trang {trang}", "{trang}" },
		{ "\"#C0262D\"", "\"red\"", "#RRGGBB" },
		{ "\"type\": \"trend\"", "\"type\": \"trends\"", "one of cover" },
		{ "\"type\": \"agency_tasks\"", "\"type\": \"appendix\"", "agency_summary" },
		{ "[210, 297]", "[21, 29.7]", "100 to 1000" },
		{ "\"italic\": \"/usr/share/fonts/truetype/noto", "\"oblique\": \"/usr", "\"oblique\"" },
		{ "\"new_page\": true", "\"new_page\": 1", "true or false" },
		{ "\"max_rows\": 200", "\"max_rows\": -1", "whole number" },
		{ "\"palette\"", "\"colours\"", "\"colours\"" },
		{ "[210, 297]", "[210, 110]", "80 mm" },  /* 110 - 36 mm of margins */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *json = variant(cases[i].from, cases[i].to);

		refused(json, cases[i].needle);
		free(json);
	}
}

Test(template, a_missing_label_is_named)
{
	char *json = variant("\"doc_title\": {", "\"x\": 1, \"unused\": {");
	char *err;

	/* the unknown key is reported first, then (once removed) the gap */
	refused(json, "\"x\"");
	free(json);
	json = variant("\"legend_actual\"", "\"cover_made\"");
	cr_assert_null(from(json, &err));
	cr_assert(strstr(err, "t.json:"), "%s", err);
	free(err);
	free(json);
}

Test(template, fill_replaces_known_names_and_keeps_the_rest)
{
	struct fill f[] = { { "agency", "Bộ Công Thương" }, { "period", "tháng 11/2023" } };
	char *s = template_fill("Kính gửi: {agency}, {period}; {other} {", f, 2);

	cr_assert_str_eq(s, "Kính gửi: Bộ Công Thương, tháng 11/2023; {other} {");
	free(s);
}

Test(template, fill_picks_the_word_for_the_count)
{
	struct fill one[] = { { "rows", "1" }, { "errors", "1" } };
	struct fill many[] = { { "rows", "1,204" }, { "errors", "0" } };
	const char *s = "{rows} {rows|row|rows}, {errors} {errors|error|errors}"
			" {errors|only}";
	char *a = template_fill(s, one, 2), *b = template_fill(s, many, 2);

	cr_assert_str_eq(a, "1 row, 1 error only");
	cr_assert_str_eq(b, "1,204 rows, 0 errors only");
	free(a);
	free(b);
	/* a name without its value stays as written */
	a = template_fill("{files|file|files}", one, 2);
	cr_assert_str_eq(a, "{files|file|files}");
	free(a);
}

Test(template, a_count_word_names_a_known_placeholder)
{
	char *json = variant("{errors} {errors|error|errors}",
			     "{errors} {mistakes|error|errors}");
	char *err;

	cr_assert_null(from(json, &err));
	cr_assert(strstr(err, "{mistakes}"), "%s", err);
	free(err);
	free(json);
}

Test(template, the_time_zone_and_other_agency_rows_are_settings)
{
	char *err, *json = with_settings("{\"time_zone\": \"America/New_York\", "
					 "\"allow_other_agency_rows\": true}");
	struct report_template *t = from(json, &err);

	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_str_eq(t->time_zone, "America/New_York");
	cr_assert(t->allow_other_agency_rows);
	template_free(t);
	free(json);
	json = with_settings("{}");
	t = from(json, &err);
	cr_assert_not_null(t);
	cr_assert_str_eq(t->time_zone, TEMPLATE_TIME_ZONE);
	template_free(t);
	free(json);
	settings_refused("{\"time_zone\": \"Asia/Hanoi\"}", "time_zone");
	settings_refused("{\"time_zone\": \"../../etc/passwd\"}", "tzdata");
	settings_refused("{\"time_zone\": \"/usr/share/zoneinfo/UTC\"}",
			 "tzdata");
	settings_refused("{\"time_zone\": 7}", "time_zone");
	settings_refused("{\"allow_other_agency_rows\": 1}", "true or false");
	cr_assert(template_zone_exists("UTC"));
	cr_assert(template_zone_exists("Asia/Ho_Chi_Minh"));
	cr_assert_not(template_zone_exists("Asia"));   /* a folder */
	cr_assert_not(template_zone_exists(""));
}

Test(template, the_signer_and_month_names)
{
	char *err = NULL;
	struct report_template *t = template_load("templates/report.json",
						  LANG_VI, &err);
	char *json;
	char buf[64];

	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_str_eq(t->signer.authority[0], "KT. BỘ TRƯỞNG");
	cr_assert_str_eq(t->signer.title[1], "DEPUTY MINISTER");
	cr_assert_str_eq(t->signer.name[0], "");   /* the placeholder shows */
	cr_assert_str_eq(template_month_name(t, LANG_EN, 1, buf, sizeof(buf)),
			 "January");
	cr_assert_str_eq(template_month_name(t, LANG_EN, 12, buf, sizeof(buf)),
			 "December");
	cr_assert_str_eq(template_month_name(t, LANG_VI, 2, buf, sizeof(buf)),
			 "tháng 02");
	cr_assert(strstr(t->letter.fonts[3], "LiberationSerif-BoldItalic.ttf"));
	template_free(t);

	/* a name for both languages; no authority: in one's own name */
	json = variant("\"authority\": { \"vi\": \"KT. BỘ TRƯỞNG\", \"en\": "
		       "\"FOR THE MINISTER\" },\n    \"title\": { \"vi\": "
		       "\"THỨ TRƯỞNG\", \"en\": \"DEPUTY MINISTER\" },\n    "
		       "\"name\": \"\"",
		       "\"title\": \"BỘ TRƯỞNG\", \"name\": \"Bùi Thanh Sơn\"");
	t = from(json, &err);
	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_str_eq(t->signer.authority[1], "");
	cr_assert_str_eq(t->signer.name[1], "Bùi Thanh Sơn");
	cr_assert_str_eq(t->signer.title[0], "BỘ TRƯỞNG");
	template_free(t);
	free(json);

	json = variant("\"signer\"", "\"signatory\"");
	refused(json, "signatory");
	free(json);
	json = variant("\"name\": \"\"", "\"name\": \"\", \"seal\": true");
	refused(json, "seal");
	free(json);
	json = variant("January|February", "January");
	refused(json, "month_names");
	free(json);
	/* a template from before the face: bold stands for it */
	json = variant(",\n      \"bold_italic\": "
		       "\"/usr/share/fonts/truetype/liberation2/"
		       "LiberationSerif-BoldItalic.ttf\"", "");
	t = from(json, &err);
	cr_assert_not_null(t, "%s", err ? err : "");
	cr_assert_null(t->letter.fonts[3]);
	template_free(t);
	free(json);
}
