/*
 * bare_pdf: the baseline for the appendix benchmark. A plain libharu
 * program that draws the same table as tiendo's appendix: one row per
 * line of a TSV file (task, title, lead, due, planned, actual, rating,
 * status, forecast), Noto Sans 7.5 pt in the same nine columns, cells
 * wrapped with libharu's own HPDF_Page_MeasureText, the header on every
 * page, a page number at the foot, compression on, saved to a file.
 *
 *   bare_pdf ROWS.tsv OUT.pdf
 */
#include <hpdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-"
#define NCOL 9

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)u;
	fprintf(stderr, "bare_pdf: libharu error 0x%04X (%u)\n", (unsigned)e,
		(unsigned)d);
	exit(1);
}

static const double share[NCOL] = { 15, 28, 9, 11, 9, 9, 12, 11, 12 };
static const char *const head[NCOL] = { "Mã NV", "Nhiệm vụ", "Chủ trì", "Hạn",
	"Kế hoạch", "Thực tế", "Đánh giá", "Trạng thái", "Dự báo hoàn thành" };

/* Lines of text wrapped to width by libharu; draws them when draw. */
static int cell(HPDF_Page p, const char *s, double x, double top, double w,
		bool draw)
{
	int lines = 0;

	while (*s) {
		HPDF_REAL used;
		HPDF_UINT n = HPDF_Page_MeasureText(p, s, (HPDF_REAL)w, HPDF_TRUE,
						    &used);
		char buf[1024];

		if (n == 0)   /* a word wider than the cell: take it whole */
			n = (HPDF_UINT)strcspn(s, " ");
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		if (draw) {
			memcpy(buf, s, n);
			buf[n] = '\0';
			HPDF_Page_BeginText(p);
			HPDF_Page_TextOut(p, (HPDF_REAL)x,
					  (HPDF_REAL)(top - 9.75 * (lines + 1) + 2), buf);
			HPDF_Page_EndText(p);
		}
		s += n;
		while (*s == ' ')
			s++;
		lines++;
	}
	return lines ? lines : 1;
}

int main(int argc, char **argv)
{
	HPDF_Doc pdf;
	HPDF_Font reg, bold;
	HPDF_Page page = NULL;
	FILE *in;
	char line[8192];
	double x[NCOL], w[NCOL], total = 0, left = 51, body = 595.28 - 51 - 42.5;
	double y = 0, bottom = 51;
	int pages = 0;

	if (argc != 3 || !(in = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: bare_pdf ROWS.tsv OUT.pdf\n");
		return 2;
	}
	for (int i = 0; i < NCOL; i++)
		total += share[i];
	for (int i = 0; i < NCOL; i++) {
		w[i] = body * share[i] / total;
		x[i] = i ? x[i - 1] + w[i - 1] : left;
	}
	pdf = HPDF_New(on_error, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	reg = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, NOTO "Regular.ttf",
			   HPDF_TRUE), "UTF-8");
	bold = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, NOTO "Bold.ttf",
			    HPDF_TRUE), "UTF-8");
	while (fgets(line, sizeof(line), in)) {
		char *f[NCOL], *s = line;
		int most = 1;

		line[strcspn(line, "\n")] = '\0';
		for (int i = 0; i < NCOL; i++) {
			f[i] = s;
			s = s ? strchr(s, '\t') : NULL;
			if (s)
				*s++ = '\0';
			if (!f[i])
				f[i] = "";
		}
		for (int pass = 0; pass < 2; pass++) {
			if (page) {
				HPDF_Page_SetFontAndSize(page, reg, 7.5);
				for (int i = 0; i < NCOL; i++) {
					int n = cell(page, f[i], x[i] + 3, y - 3,
						     w[i] - 6, false);
					if (n > most)
						most = n;
				}
			}
			if (page && y - 9.75 * most - 6 >= bottom)
				break;
			/* a new page with its header and number */
			page = HPDF_AddPage(pdf);
			HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
			pages++;
			y = 841.89 - 51;
			HPDF_Page_SetRGBFill(page, 0.04f, 0.24f, 0.57f);
			HPDF_Page_Rectangle(page, (HPDF_REAL)left, (HPDF_REAL)(y - 24),
					    (HPDF_REAL)body, 24);
			HPDF_Page_Fill(page);
			HPDF_Page_SetRGBFill(page, 1, 1, 1);
			HPDF_Page_SetFontAndSize(page, bold, 7);
			for (int i = 0; i < NCOL; i++)
				cell(page, head[i], x[i] + 3, y - 3, w[i] - 6, true);
			y -= 24;
			HPDF_Page_SetRGBFill(page, 0.1f, 0.1f, 0.1f);
			HPDF_Page_SetFontAndSize(page, reg, 7);
			{
				char num[32];

				snprintf(num, sizeof(num), "Trang %d", pages);
				HPDF_Page_BeginText(page);
				HPDF_Page_TextOut(page, 280, 20, num);
				HPDF_Page_EndText(page);
			}
		}
		HPDF_Page_SetFontAndSize(page, reg, 7.5);
		for (int i = 0; i < NCOL; i++)
			cell(page, f[i], x[i] + 3, y - 3, w[i] - 6, true);
		y -= 9.75 * most + 6;
		HPDF_Page_SetLineWidth(page, 0.4f);
		HPDF_Page_MoveTo(page, (HPDF_REAL)left, (HPDF_REAL)y);
		HPDF_Page_LineTo(page, (HPDF_REAL)(left + body), (HPDF_REAL)y);
		HPDF_Page_Stroke(page);
	}
	fclose(in);
	if (HPDF_SaveToFile(pdf, argv[2]) != HPDF_OK)
		return 1;
	HPDF_Free(pdf);
	printf("pages=%d\n", pages);
	return 0;
}
