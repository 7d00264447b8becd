/*
 * libFuzzer target: arbitrary bytes as a Table Schema through
 * schema_load(), under AddressSanitizer and UBSan. The bytes after the
 * first NUL (JSON holds none) are a CSV file, validated against the
 * schema when it loads, with the foreign keys resolved against the
 * roadmap of tests/data/input: a schema can ask anything of the
 * validator that its loader lets through. Run from the repository root.
 */
#include "fuzz_util.h"
#include "roadmap.h"
#include "schema.h"

static struct roadmap *rm;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	bool missing;

	(void)argc;
	(void)argv;
	rm = roadmap_load("tests/data/input", "templates", &fuzz_sink,
			  &missing);
	if (!rm)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "agency", "task", NULL };
	const uint8_t *nul = memchr(data, '\0', size);
	size_t jlen = nul ? (size_t)(nul - data) : size;
	enum lang lang = size % 2 ? LANG_EN : LANG_VI;
	char *err = NULL;
	struct schema *s;
	size_t i;

	s = schema_load(fuzz_anon_file(data, jlen), lang, &err);
	if (!s) {
		if (!err)
			abort();  /* a broken schema must say why */
		fuzz_sunk += strlen(err);
		free(err);
		return 0;
	}
	for (i = 0; i < s->nfields; i++) {
		fuzz_sunk += strlen(field_title(&s->fields[i], lang));
		if (schema_field_index(s, s->fields[i].name) < 0)
			abort();
	}
	fuzz_sunk += schema_lacks(s, names) != NULL;
	if (nul) {
		const struct schema *one[1] = { s };
		struct fk_resolver fk = roadmap_resolver(rm);
		struct diag_sink sink = fuzz_sink;
		struct table_stats st;

		sink.lang = lang;
		validate_mem(nul + 1, size - jlen - 1, "fuzz.csv", one, 1,
			     &sink, &fk, NULL, &st, NULL);
	}
	schema_free(s);
	return 0;
}
