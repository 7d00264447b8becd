/*
 * render_form: writes the monthly form with libcsv's quoting (through
 * escape_csv_cell(), so a title Excel would run as a formula gets a
 * leading apostrophe), in the column order of the progress schema.
 */
#include "render_form.h"

#include <string.h>

#include "date.h"
#include "escape.h"
#include "strbuf.h"

size_t render_form(FILE *out, const struct roadmap *rm,
		   const struct schema *progress, const char *agency,
		   int period, enum lang lang)
{
	struct strbuf line = STRBUF_INIT;
	int32_t end = ym_last_day(period);
	char ym[8];
	size_t i, f, rows = 0;

	ym_format(period, ym);
	fputs("\xEF\xBB\xBF", out);
	for (f = 0; f < progress->nfields; f++) {
		if (f)
			strbuf_addch(&line, ',');
		escape_csv_cell(&line, progress->fields[f].name);
	}
	fprintf(out, "%s\r\n", line.buf);
	for (i = 0; i < rm->ntasks; i++) {
		const struct task *t = &rm->tasks[i];

		if (t->start > end || !task_involves(rm, t, agency))
			continue;
		strbuf_reset(&line);
		for (f = 0; f < progress->nfields; f++) {
			const char *name = progress->fields[f].name;
			const char *v = "";

			if (strcmp(name, "period") == 0)
				v = ym;
			else if (strcmp(name, "agency_code") == 0)
				v = agency;
			else if (strcmp(name, "task_id") == 0)
				v = t->id;
			else if (strcmp(name, "task_title") == 0)
				v = lang == LANG_EN ? t->title_en : t->title_vi;
			if (f)
				strbuf_addch(&line, ',');
			escape_csv_cell(&line, v);
		}
		fprintf(out, "%s\r\n", line.buf);
		rows++;
	}
	strbuf_release(&line);
	return rows;
}
