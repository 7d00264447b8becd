/* render_doc: what the renderers share, the parts that need no PDF. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "render_doc.h"

/* The fix of a rejected row: the errors on its lines, one a line. */
Test(render_doc, a_rejected_rows_fix_is_the_errors_on_its_lines)
{
	struct doc_problem p[] = {
		{ true, 2, 5, "type-error", "a", "before the row" },
		{ true, 3, 9, "missing-cell", "b", "add the phone" },
		{ false, 3, 4, "percent-decrease", "c", "a warning" },
		{ true, 4, 1, "type-error", "d", "fix the e-mail" },
		{ true, 4, 2, "type-error", "e", "" },
		{ true, 5, 1, "type-error", "f", "after the row" },
	};
	struct doc_file f = { 0 };
	struct doc_row r = { 0 };
	char *s;

	f.problems = p;
	f.nproblems = sizeof(p) / sizeof(*p);
	r.line = 3;
	r.end_line = 4;              /* a record over two lines */
	s = doc_row_fix(&f, &r);
	cr_assert_str_eq(s, "add the phone\nfix the e-mail");
	free(s);
	/* none kept for the row: NULL, the caller says where to look */
	r.line = r.end_line = 9;
	cr_assert_null(doc_row_fix(&f, &r));
}
