/*
 * header: a file's header read against the schemas: which field each
 * label names, which schema (the kind of file: a progress report, the
 * agencies, the tasks...) the header is, and for a header no schema takes,
 * the kind it looks closest to and what it lacks. validate.c maps the
 * columns and reports; this module only reads.
 */
#include "header.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

long header_field(const struct schema *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nfields; i++) {
		const struct field *f = &s->fields[i];

		if (strcmp(f->name_key, key) == 0 ||
		    (f->title_key[LANG_VI] &&
		     strcmp(f->title_key[LANG_VI], key) == 0) ||
		    (f->title_key[LANG_EN] &&
		     strcmp(f->title_key[LANG_EN], key) == 0))
			return (long)i;
	}
	return -1;
}

/* True when the header hdr has a column for field f of s. */
static bool header_has(const struct schema *s, size_t f,
		       const struct csv_record *hdr)
{
	size_t h;
	bool found = false;

	for (h = 0; !found && h < hdr->nfields; h++) {
		char *key = text_name_key(hdr->fields[h].value);

		found = header_field(s, key) == (long)f;
		free(key);
	}
	return found;
}

const struct schema *header_closest(const struct schema *const *schemas,
				    size_t n, const struct csv_record *hdr,
				    char **missing)
{
	const struct schema *best = NULL;
	size_t i, k, most = 0;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		size_t known = 0;

		for (k = 0; k < schemas[i]->nfields; k++)
			known += header_has(schemas[i], k, hdr);
		if (known > most) {
			most = known;
			best = schemas[i];
		}
	}
	if (!best)
		return NULL;
	for (k = 0; k < best->nfields; k++) {
		bool needed = best->fields[k].required;

		for (i = 0; !needed && i < best->npk; i++)
			needed = best->primary_key[i] == k;
		if (needed && !header_has(best, k, hdr))
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
				    best->fields[k].name);
	}
	*missing = strbuf_detach(&sb, NULL);
	return best;
}

const struct schema *header_kind(const struct schema *const *schemas,
				 size_t n, const struct csv_record *hdr)
{
	size_t i, k;

	if (n == 1)
		return schemas[0];
	for (i = 0; i < n; i++) {
		const struct schema *s = schemas[i];
		bool all = s->npk > 0;

		for (k = 0; all && k < s->npk; k++)
			all = header_has(s, s->primary_key[k], hdr);
		if (all)
			return s;
	}
	return NULL;
}

char *header_kinds_text(const struct schema *const *schemas, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct schema *s = schemas[i];

		strbuf_addf(&sb, "%s%s: ", i ? "; " : "",
			    s->title ? s->title : s->path);
		for (k = 0; k < s->npk; k++)
			strbuf_addf(&sb, "%s%s", k ? ", " : "",
				    s->fields[s->primary_key[k]].name);
	}
	return strbuf_detach(&sb, NULL);
}
