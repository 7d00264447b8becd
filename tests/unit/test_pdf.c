/* pdf: fonts, measuring, failing cleanly, writing a document. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-"

static const char *const noto[PDF_FACES] = {
	NOTO "Regular.ttf", NOTO "Bold.ttf", NOTO "Italic.ttf"
};

static struct pdf *open_noto(void)
{
	struct pdf_meta m = { "Tiến độ", "Bộ Ngoại giao", NULL, "tiendo test",
			      true, 1701388800 };
	char *err = NULL;
	struct pdf *p = pdf_new(noto, &m, &err);

	cr_assert_not_null(p, "%s", err ? err : "");
	return p;
}

Test(pdf, widths_come_from_the_font_advances)
{
	struct pdf *p = open_noto();
	double w = pdf_text_width(p, PDF_REGULAR, 10, "Hội nhập", strlen("Hội nhập"));
	double bold = pdf_text_width(p, PDF_BOLD, 10, "Hội nhập", strlen("Hội nhập"));

	/* libharu's HPDF_Font_TextWidth gives 4276/1000 em for this text */
	cr_assert_float_eq(w, 42.76, 0.001);
	cr_assert_gt(bold, w);
	cr_assert_float_eq(pdf_text_width(p, PDF_REGULAR, 20, "Hội nhập",
					  strlen("Hội nhập")), 2 * w, 0.001);
	cr_assert_float_eq(pdf_text_width(p, PDF_REGULAR, 10, "", 0), 0, 0.0);
	/* a broken byte is skipped, not read past */
	cr_assert_float_eq(pdf_text_width(p, PDF_REGULAR, 10, "\xe1\xbb", 2), 0, 0.0);
	pdf_free(p);
}

Test(pdf, a_missing_font_is_named)
{
	const char *const paths[PDF_FACES] = { NOTO "Regular.ttf",
					       "/no/such/Font-Bold.ttf",
					       NOTO "Italic.ttf" };
	struct pdf_meta m = { 0 };
	char *err = NULL;

	cr_assert_null(pdf_new(paths, &m, &err));
	cr_assert_not_null(err);
	cr_assert(strstr(err, "/no/such/Font-Bold.ttf"), "%s", err);
	free(err);
}

Test(pdf, a_file_that_is_not_a_font_fails_without_a_crash)
{
	const char *const paths[PDF_FACES] = { "templates/report.json",
					       NOTO "Bold.ttf", NOTO "Italic.ttf" };
	struct pdf_meta m = { 0 };
	char *err = NULL;

	cr_assert_null(pdf_new(paths, &m, &err));
	cr_assert(strstr(err, "templates/report.json"), "%s", err);
	free(err);
}

Test(pdf, a_document_is_written_whole)
{
	struct pdf *p = open_noto();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(pdf_add_page(p, 595, 842), 0);
	pdf_text(p, PDF_BOLD, 12, (struct rgb){ 0, 0, 0 }, 50, 700,
		 "Quốc tế", strlen("Quốc tế"));
	cr_assert_eq(pdf_bookmark(p, -1, "Mục lục", 700), 0);
	cr_assert_eq(pdf_add_page(p, 595, 842), 1);
	cr_assert_eq(pdf_page_count(p), 2);
	cr_assert_eq(pdf_save(p, f), 0);
	cr_assert_null(pdf_error(p));
	fclose(f);
	cr_assert_gt(len, 1000);
	cr_assert_eq(memcmp(buf, "%PDF-", 5), 0);
	cr_assert_not_null(memmem(buf, len, "%%EOF", 5));
	/* the Info dictionary is UTF-16 with the date of the metadata */
	cr_assert_not_null(memmem(buf, len, "D:20231201000000Z", 17));
	pdf_free(p);
	free(buf);
}
