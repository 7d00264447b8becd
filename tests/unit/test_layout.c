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
			   { .5, .5, .5 }, { .9, .9, .9 }, 3, cell, NULL, NULL };

	lay_new_page(&lay);
	lay_table(&lay, &t);
	/* 300 one-line rows of 13 pt + 6 pt padding, under a header, on
	 * pages of 742 pt: at least 300 * 19 / 742 > 7.6 pages, and the
	 * header repeated costs less than one page more */
	cr_assert_geq(pdf_page_count(pdf), 8);
	cr_assert_leq(pdf_page_count(pdf), 9);
	cr_assert_geq(lay.y, lay.bottom);
}
