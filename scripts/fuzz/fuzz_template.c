/*
 * libFuzzer target: arbitrary bytes as the report template
 * (templates/report.json) through template_load(), under AddressSanitizer
 * and UBSan. A template that loads has every label read in both
 * languages and filled in; one that does not has its message read.
 */
#include "fuzz_util.h"
#include "template.h"

/* some of the placeholders a document fills in, and one it does not */
static const struct fill vars[] = {
	{ "period", "12/2023" }, { "date", "05/01/2024" }, { "page", "3" },
	{ "pages", "9" }, { "agency", "Bộ Công Thương" }, { "count", "42" },
	{ "task", "NQ22-ECO-001" }, { "due", "31/12/2023" }, { "x", "{x}" }
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum lang lang = size % 2 ? LANG_EN : LANG_VI;
	char *err = NULL;
	struct report_template *t;
	size_t i;
	int l;

	t = template_load(fuzz_anon_file(data, size), lang, &err);
	if (!t) {
		if (!err)
			abort();  /* a broken template must say why */
		fuzz_sunk += strlen(err);
		free(err);
		return 0;
	}
	for (i = 0; i < LABEL_COUNT; i++)
		for (l = 0; l < 2; l++) {
			const char *s = template_label(t, (enum lang)l,
						       (enum label_id)i);
			char *f = template_fill(s, vars,
						sizeof vars / sizeof *vars);

			fuzz_sunk += strlen(s) + strlen(f);
			free(f);
		}
	for (i = 0; i < t->nsections; i++)
		fuzz_sunk += (unsigned long)t->sections[i].max_rows;
	for (i = 0; i < t->nagency_sections; i++)
		fuzz_sunk += (unsigned long)t->agency_sections[i].max_rows;
	for (l = 0; l < 3; l++)
		fuzz_sunk += strlen(t->report.fonts[l]) +
			     strlen(t->letter.fonts[l]);
	template_free(t);
	return 0;
}
