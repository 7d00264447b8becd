/* layout: wrapping on measured widths, page labels, tables over pages. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "text.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-"

static struct pdf *pdf;
static struct layout lay;
static const struct style body = { PDF_REGULAR, 10, { 0, 0, 0 } };

static void setup(void)
{
	static const char *const noto[PDF_FACES] = {
		NOTO "Regular.ttf", NOTO "Bold.ttf", NOTO "Italic.ttf"
	};
	struct pdf_meta m = { 0 };
	char *err = NULL;

	pdf = pdf_new(noto, &m, &err);
	cr_assert_not_null(pdf, "%s", err ? err : "");
	lay_init(&lay, pdf, 595, 842, 50, 50, 50, 50);
}

static void teardown(void)
{
	pdf_free(pdf);
}

TestSuite(layout, .init = setup, .fini = teardown);

static double width_of(const char *s, const struct span *sp)
{
	return pdf_text_width(pdf, PDF_REGULAR, 10, s + sp->off, sp->len);
}

Test(layout, lines_break_at_spaces_within_the_width)
{
	const char *s = "Rà soát việc thực thi cam kết EVFTA và CPTPP, đánh giá "
			"tác động sau các năm thực hiện";
	struct lines ls = { 0 };
	size_t n = lay_wrap(&lay, &body, s, strlen(s), 120, &ls);

	cr_assert_gt(n, 2);
	for (size_t i = 0; i < n; i++) {
		cr_assert_leq(width_of(s, &ls.v[i]), 120.0);
		/* no line starts or ends with a space */
		cr_assert_neq(s[ls.v[i].off], ' ');
		cr_assert_neq(s[ls.v[i].off + ls.v[i].len - 1], ' ');
		/* and the line after could not have taken its first word */
		if (i + 1 < n) {
			const char *next = s + ls.v[i + 1].off;
			size_t w = strcspn(next, " ");
			struct span grown = { ls.v[i].off,
					      (size_t)(next - (s + ls.v[i].off)) + w };

			cr_assert_gt(width_of(s, &grown), 120.0);
		}
	}
	lines_release(&ls);
}

Test(layout, a_word_wider_than_the_box_is_broken_between_characters)
{
	const char *s = "Ngắn Đâylàmộttừrấtdàikhôngcókhoảngtrắngnàocảđểthửngắtdòng x";
	struct lines ls = { 0 };
	size_t n = lay_wrap(&lay, &body, s, strlen(s), 60, &ls);

	cr_assert_gt(n, 3);
	for (size_t i = 0; i < n; i++) {
		cr_assert_leq(width_of(s, &ls.v[i]), 60.0);
		/* whole UTF-8 characters only */
		cr_assert_eq(text_invalid_at(s + ls.v[i].off, ls.v[i].len),
			     ls.v[i].len);
	}
	cr_assert_eq(strncmp(s + ls.v[0].off, "Ngắn", ls.v[0].len), 0);
	lines_release(&ls);
}

Test(layout, newlines_break_and_empty_text_is_one_line)
{
	const char *s = "Khó khăn:\r\n- thiếu nhân lực\n\n- chậm số liệu";
	struct lines ls = { 0 };

	cr_assert_eq(lay_wrap(&lay, &body, s, strlen(s), 400, &ls), 4);
	cr_assert_eq(strncmp(s + ls.v[0].off, "Khó khăn:", ls.v[0].len), 0);
	cr_assert_eq(ls.v[2].len, 0);
	cr_assert_eq(lay_wrap(&lay, &body, "", 0, 400, &ls), 1);
	cr_assert_eq(lay_wrap(&lay, &body, NULL, 0, 400, &ls), 1);
	lines_release(&ls);
}

Test(layout, page_labels_fill_page_and_pages)
{
	char *s = lay_page_label("Trang {page}/{pages}", 3, 12);

	cr_assert_str_eq(s, "Trang 3/12");
	free(s);
	s = lay_page_label("{page}", 2, 2);
	cr_assert_str_eq(s, "2");
	free(s);
}

Test(layout, a_line_too_long_is_cut_with_an_ellipsis)
{
	const char *s = "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp (UBQLV) "
			"· Báo cáo tiến độ tháng 11/2023";
	double full = pdf_text_width(pdf, PDF_REGULAR, 10, s, strlen(s));
	char *fit = lay_fit_line(&lay, &body, s, full);
	char *cut = lay_fit_line(&lay, &body, s, full / 2);
	size_t n = strlen(cut);

	cr_assert_str_eq(fit, s);      /* it fits: whole */
	cr_assert_leq(pdf_text_width(pdf, PDF_REGULAR, 10, cut, n), full / 2);
	cr_assert_gt(pdf_text_width(pdf, PDF_REGULAR, 10, cut, n), full / 3);
	cr_assert_str_eq(cut + n - 3, "…");
	cr_assert_eq(strncmp(cut, s, n - 3), 0);
	cr_assert_neq(cut[n - 4], ' ');
	/* whole UTF-8 characters only */
	cr_assert_eq(text_invalid_at(cut, n), n);
	free(fit);
	free(cut);
}

Test(layout, a_running_header_sits_in_the_top_margin_above_the_body)
{
	double asc, desc, base, rule;

	pdf_font_metrics(pdf, PDF_REGULAR, 10, &asc, &desc);
	lay_header_place(&lay, &body, &base, &rule);
	/* the body begins at 842 - 50: the rule above it, the text above
	   the rule, all on the page */
	cr_assert_gt(rule, 842 - 50);
	cr_assert_gt(base + desc, rule);
	cr_assert_lt(base + asc, 842);
	/* a narrow margin pushes the text up, never the rule down */
	lay_init(&lay, pdf, 595, 842, 50, 50, 12, 50);
	lay_header_place(&lay, &body, &base, &rule);
	cr_assert_geq(rule, 842 - 12 + 2);
	cr_assert_gt(base + desc, rule);
}

struct rows { int pages_seen; };

static void cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	(void)ctx;
	if (col == 0)
		snprintf(c->buf, sizeof(c->buf), "NV-%04zu", row);
	else
		snprintf(c->buf, sizeof(c->buf), "Nhiệm vụ số %zu về hội nhập quốc tế "
			 "trong lĩnh vực kinh tế và văn hóa", row);
	c->text = c->buf;
}

Test(layout, a_long_table_runs_over_pages_and_never_past_the_margin)
{
	struct table_col cols[] = { { "Mã", 1, ALIGN_LEFT, "NV-0000" },
				    { "Nhiệm vụ", 3, ALIGN_LEFT, NULL } };
	struct table t = { cols, 2, 300, body, body, { 0, 0, 0 }, { 1, 1, 1 },
			   { .5, .5, .5 }, { .9, .9, .9 }, 3, cell, NULL, NULL,
			   NULL, 0, PDF_REGULAR };

	lay_new_page(&lay);
	lay_table(&lay, &t);
	/* 300 one-line rows of 13 pt + 6 pt padding, under a header, on
	 * pages of 742 pt: at least 300 * 19 / 742 > 7.6 pages, and the
	 * header repeated costs less than one page more */
	cr_assert_geq(pdf_page_count(pdf), 8);
	cr_assert_leq(pdf_page_count(pdf), 9);
	cr_assert_geq(lay.y, lay.bottom);
}

/* The height a table of n rows of cells cell_fn takes on a fresh page. */
static double table_height(const struct table_col *cols, size_t ncols,
			   size_t n, void (*cell_fn)(void *, size_t, size_t,
						     struct cell_out *),
			   char *(*detail)(void *, size_t))
{
	struct table t = { cols, ncols, n, body, body, { 0, 0, 0 },
			   { 1, 1, 1 }, { .5, .5, .5 }, { .9, .9, .9 }, 3,
			   cell_fn, NULL, NULL, detail, 1, PDF_ITALIC };
	double top;

	lay_new_page(&lay);
	top = lay.y;
	lay_table(&lay, &t);
	return top - lay.y;
}

static void figure_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	(void)ctx;
	if (col == 1)
		c->text = row == 2 ? "1234567,5 %" : "5 %";
	else
		c->text = "Nhiệm vụ";
}

Test(layout, a_column_of_figures_is_as_wide_as_its_widest_cell)
{
	/* a share of 1 in 100 would wrap "1234567,5 %": the widest cell
	 * sets the width, so every row stays one line */
	struct table_col cols[] = { { "Nhiệm vụ", 99, ALIGN_LEFT, NULL },
				    { "Số", 1, ALIGN_RIGHT, LAY_FIT_CELLS } };
	double lh = lay_line_height(&lay, &body);

	cr_assert_float_eq(table_height(cols, 2, 4, figure_cell, NULL),
			   5 * (lh + 6), 0.01);
}

static void wide_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	(void)ctx;
	(void)row;
	snprintf(c->buf, sizeof(c->buf), "%zu-0000000000-0000000000", col);
	c->text = c->buf;
}

Test(layout, figures_wider_than_the_page_are_narrowed_not_drawn_past_it)
{
	/* five samples of about 140 pt on a body of 495 pt: narrowed in
	 * proportion, they wrap rather than run past the margin */
	struct table_col cols[5];
	double lh = lay_line_height(&lay, &body);

	for (int i = 0; i < 5; i++) {
		cols[i].head = "H";
		cols[i].width = 1;
		cols[i].align = ALIGN_LEFT;
		cols[i].fit = LAY_FIT_CELLS;
	}
	cr_assert_gt(table_height(cols, 5, 1, wide_cell, NULL), 2 * (lh + 6));
}

static char *title_under(void *ctx, size_t row)
{
	(void)ctx;
	return row == 0 ? strdup("Dòng thứ nhất\nDòng thứ hai") : NULL;
}

Test(layout, a_row_s_detail_adds_its_lines_under_the_cells)
{
	struct table_col cols[] = { { "Mã", 1, ALIGN_LEFT, LAY_FIT_CELLS },
				    { "Số", 1, ALIGN_RIGHT, LAY_FIT_CELLS } };
	double lh = lay_line_height(&lay, &body);

	/* header, a row of 1 + 2 lines, a row of 1 */
	cr_assert_float_eq(table_height(cols, 2, 2, figure_cell, title_under),
			   (lh + 6) + (3 * lh + 6) + (lh + 6), 0.01);
}

Test(layout, paragraph_lines_keep_to_the_measure)
{
	const char *s = "Khó khăn, vướng mắc: thời gian chuẩn bị ngắn, khối "
			"lượng công việc lớn; cán bộ chuyên trách còn mỏng, "
			"kiêm nhiệm nhiều việc trong cả năm.";
	double lh = lay_line_height(&lay, &body), top;

	/* about 560 pt of text: two lines across 495 pt, three at 25 ems */
	lay_new_page(&lay);
	top = lay.y;
	lay_paragraph(&lay, &body, s, 0, ALIGN_LEFT);
	cr_assert_float_eq(top - lay.y, 2 * lh, 0.01);
	lay.measure = 25;
	top = lay.y;
	lay_paragraph(&lay, &body, s, 0, ALIGN_LEFT);
	cr_assert_float_eq(top - lay.y, 3 * lh, 0.01);
}

Test(layout, a_heading_keeps_a_table_s_header_and_first_three_rows)
{
	struct table_col cols[] = { { "Mã", 1, ALIGN_LEFT, LAY_FIT_CELLS },
				    { "Số", 1, ALIGN_RIGHT, LAY_FIT_CELLS } };
	struct table t = { cols, 2, 10, body, body, { 0, 0, 0 }, { 1, 1, 1 },
			   { .5, .5, .5 }, { .9, .9, .9 }, 3, figure_cell, NULL,
			   NULL, NULL, 0, PDF_REGULAR };
	double lh = lay_line_height(&lay, &body);

	lay_new_page(&lay);
	cr_assert_float_eq(lay_table_keep(&lay, &t), 4 * (lh + 6), 0.01);
}
