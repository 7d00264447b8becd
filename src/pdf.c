/*
 * pdf: libharu behind a small drawing interface.
 *
 * Fonts are TrueType files embedded as subsets with libharu's UTF-8
 * encoder: text is written as 16-bit Unicode code points (Identity-H,
 * with a CIDToGIDMap). libharu 2.3.0 gives such a font a ToUnicode CMap
 * that poppler rejects ("Invalid 'begincidrange' operator"); since the
 * codes are the code points themselves, this module replaces it with an
 * identity bfrange map, so that every reader can copy the text.
 *
 * Widths come from the fonts' advance widths, cached per code point.
 * libharu's errors reach error_handler(), which marks the document failed
 * and jumps back to the public function that called into libharu.
 */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf.h"

/* the ToUnicode repair reaches into libharu's objects as 2.3.0 has them */
#if HPDF_VERSION_ID != 20300
#error "pdf.c was written for libharu 2.3.0: check write_identity_cmap() and load_face() against this version"
#endif
#include "infile.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define WIDTH_CACHE 0x3000      /* Latin, Vietnamese, punctuation, arrows */

struct face {
	HPDF_Font font;
	int ascent, descent;         /* 1/1000 em */
	int16_t *widths;             /* WIDTH_CACHE entries, -1 unknown */
};

struct pdf {
	HPDF_Doc doc;
	jmp_buf jb;
	bool failed;
	char err[256];
	struct face faces[PDF_FACES];
	char *paths[PDF_FACES];      /* faces are loaded when first used */
	HPDF_Page *pages;
	int npages, cur;
	HPDF_Outline *marks;
	int nmarks;
	struct strbuf line;          /* NUL-terminated copy of text to draw */
	/* the current page's graphics state, so that nothing is set twice */
	int font;                    /* face, or -1 unknown */
	double font_size;
	bool has_fill;
	struct rgb fill;
};

/*
 * Enter libharu: on an error jump back here and return ret. (setjmp
 * stands alone as an if's condition, one of the places C allows it.)
 */
#define GUARD(p, ...) \
	do { \
		if ((p)->failed) \
			return __VA_ARGS__; \
		if (setjmp((p)->jb)) \
			return __VA_ARGS__; \
	} while (0)

static void error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;

	if (!p->failed) {
		p->failed = true;
		if (!p->err[0])
			snprintf(p->err, sizeof(p->err),
				 "libharu error 0x%04X (detail %u)",
				 (unsigned)error, (unsigned)detail);
	}
	longjmp(p->jb, 1);
}

static void fail(struct pdf *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	p->failed = true;
}

/*
 * A ToUnicode CMap for fonts whose codes are BMP code points: one bfrange
 * per 256 codes (surrogates left out), at most 100 to a block.
 */
static void write_identity_cmap(HPDF_Stream s)
{
	static const char head[] =
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n"
		"/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
	static const char tail[] =
		"endcmap\n"
		"CMapName currentdict /CMap defineresource pop\n"
		"end\nend\n";
	int hi[256], n = 0;
	char buf[64];

	for (int h = 0; h < 256; h++)
		if (h < 0xD8 || h > 0xDF)
			hi[n++] = h;
	HPDF_Stream_WriteStr(s, head);
	for (int i = 0; i < n; i += 100) {
		int k = n - i < 100 ? n - i : 100;

		snprintf(buf, sizeof(buf), "%d beginbfrange\n", k);
		HPDF_Stream_WriteStr(s, buf);
		for (int j = i; j < i + k; j++) {
			snprintf(buf, sizeof(buf), "<%02X00> <%02XFF> <%02X00>\n",
				 hi[j], hi[j], hi[j]);
			HPDF_Stream_WriteStr(s, buf);
		}
		HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(s, tail);
}

static int load_face(struct pdf *p, enum pdf_face f, const char *path)
{
	const char *name;
	HPDF_Dict cmap;

	GUARD(p, -1);
	name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	p->faces[f].font = HPDF_GetFont(p->doc, name, "UTF-8");
	cmap = HPDF_Dict_GetItem((HPDF_Dict)p->faces[f].font, "ToUnicode",
				 HPDF_OCLASS_DICT);
	if (!cmap || !cmap->stream) {
		fail(p, "the font '%s' has no ToUnicode map to correct", path);
		return -1;
	}
	HPDF_MemStream_FreeData(cmap->stream);
	write_identity_cmap(cmap->stream);
	p->faces[f].ascent = HPDF_Font_GetAscent(p->faces[f].font);
	p->faces[f].descent = HPDF_Font_GetDescent(p->faces[f].font);
	p->faces[f].widths = xmalloc(WIDTH_CACHE * sizeof(int16_t));
	memset(p->faces[f].widths, 0xff, WIDTH_CACHE * sizeof(int16_t));
	return 0;
}

/*
 * A face, loaded on first use: libharu parses and embeds each font it
 * loads, and a document that never writes in italics need not pay for
 * it. NULL once the document has failed.
 */
static struct face *face_of(struct pdf *p, enum pdf_face f)
{
	if (p->failed)
		return NULL;
	if (p->faces[f].font)
		return &p->faces[f];
	/* a face that is another's file (bold standing for bold italic)
	   shares its font: one embedded copy */
	for (int g = 0; g < PDF_FACES; g++)
		if (g != (int)f && p->faces[g].font &&
		    strcmp(p->paths[g], p->paths[f]) == 0) {
			p->faces[f] = p->faces[g];
			p->faces[f].widths = xmalloc(WIDTH_CACHE *
						     sizeof(int16_t));
			memcpy(p->faces[f].widths, p->faces[g].widths,
			       WIDTH_CACHE * sizeof(int16_t));
			return &p->faces[f];
		}
	if (load_face(p, f, p->paths[f]) < 0)
		return NULL;
	return &p->faces[f];
}

static void set_meta(struct pdf *p, const struct pdf_meta *m)
{
	GUARD(p);
	if (m->title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, m->title);
	if (m->author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, m->author);
	if (m->subject)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, m->subject);
	if (m->creator)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, m->creator);
	if (m->has_date) {
		time_t t = (time_t)m->date;
		struct tm tm;
		HPDF_Date d;

		gmtime_r(&t, &tm);
		memset(&d, 0, sizeof(d));
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = 'Z';
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
	}
}

static int start(struct pdf *p)
{
	GUARD(p, -1);
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	return 0;
}

static int new_doc(struct pdf *p)
{
	GUARD(p, -1);   /* libharu may report while it starts */
	p->doc = HPDF_New(error_handler, p);
	return 0;
}

struct pdf *pdf_new(const char *const paths[PDF_FACES],
		    const struct pdf_meta *meta, char **err)
{
	struct pdf *p = xcalloc(1, sizeof(*p));

	strbuf_init(&p->line);
	if (new_doc(p) < 0 || !p->doc) {
		*err = xstrdup("libharu cannot start a document (out of memory)");
		pdf_free(p);
		return NULL;
	}
	if (start(p) < 0)
		goto fail;
	for (int f = 0; f < PDF_FACES; f++) {
		/* a template from before the bold italic face: bold */
		const char *path = !paths[f] && f == PDF_BOLD_ITALIC ?
				   paths[PDF_BOLD] : paths[f];

		/* libharu opens the file itself: a FIFO or a device must
		   be refused before it can hold the run */
		if (infile_check(path, NULL) < 0) {
			*err = xasprintf("cannot read the font '%s' (%s): "
					 "install its Debian package or "
					 "correct the template", path,
					 infile_reason(errno));
			pdf_free(p);
			return NULL;
		}
		p->paths[f] = xstrdup(path);
	}
	/* the regular face now, so that a broken font file shows at once */
	if (load_face(p, PDF_REGULAR, paths[PDF_REGULAR]) < 0) {
		*err = xasprintf("cannot load the font '%s': it is not a "
				 "TrueType font that libharu can read (%s)",
				 paths[PDF_REGULAR], p->err);
		pdf_free(p);
		return NULL;
	}
	set_meta(p, meta);
	if (p->failed)
		goto fail;
	return p;
fail:
	*err = xasprintf("cannot start the document: %s", p->err);
	pdf_free(p);
	return NULL;
}

int pdf_check_font(const char *path, char **err)
{
	const char *paths[PDF_FACES] = { path, path, path, path };
	struct pdf_meta meta = { 0 };
	struct pdf *p = pdf_new(paths, &meta, err);
	int rc = p ? 0 : -1;

	pdf_free(p);
	return rc;
}

void pdf_free(struct pdf *p)
{
	if (!p)
		return;
	if (p->doc)
		HPDF_Free(p->doc);
	for (int f = 0; f < PDF_FACES; f++) {
		free(p->faces[f].widths);
		free(p->paths[f]);
	}
	free(p->pages);
	free(p->marks);
	strbuf_release(&p->line);
	free(p);
}

int pdf_add_page(struct pdf *p, double w, double h)
{
	HPDF_Page page;

	GUARD(p, -1);
	page = HPDF_AddPage(p->doc);
	HPDF_Page_SetWidth(page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(page, (HPDF_REAL)h);
	p->pages = xreallocarray(p->pages, (size_t)p->npages + 1,
				 sizeof(*p->pages));
	p->pages[p->npages] = page;
	p->cur = p->npages;
	p->font = -1;
	p->has_fill = false;
	return p->npages++;
}

void pdf_use_page(struct pdf *p, int index)
{
	if (index >= 0 && index < p->npages && index != p->cur) {
		p->cur = index;
		/* its state is where its drawing left it: set it again */
		p->font = -1;
		p->has_fill = false;
	}
}

/* Set the fill colour unless it is already (libharu must be guarded). */
static void set_fill(struct pdf *p, HPDF_Page page, struct rgb c)
{
	if (p->has_fill && p->fill.r == c.r && p->fill.g == c.g &&
	    p->fill.b == c.b)
		return;
	HPDF_Page_SetRGBFill(page, c.r, c.g, c.b);
	p->fill = c;
	p->has_fill = true;
}

int pdf_page_count(const struct pdf *p)
{
	return p->npages;
}

static HPDF_Page page_of(struct pdf *p)
{
	return p->npages ? p->pages[p->cur] : NULL;
}

static int code_width(struct pdf *p, struct face *f, int32_t cp)
{
	GUARD(p, 0);
	if (cp >= 0 && cp < WIDTH_CACHE) {
		if (f->widths[cp] < 0)
			f->widths[cp] = (int16_t)HPDF_Font_GetUnicodeWidth(
				f->font, (HPDF_UNICODE)cp);
		return f->widths[cp];
	}
	if (cp > 0xFFFF)
		return 0;             /* libharu draws only the BMP */
	return HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)cp);
}

double pdf_text_width(struct pdf *p, enum pdf_face face, double size,
		      const char *s, size_t n)
{
	struct face *f = face_of(p, face);
	const unsigned char *u = (const unsigned char *)s;
	long units = 0;
	size_t i = 0;

	if (!f)
		return 0;
	while (i < n) {
		int32_t cp;
		int len;

		if (u[i] < 0x80) {
			cp = u[i];
			len = 1;
			if (f->widths[cp] >= 0) {
				units += f->widths[cp];
				i++;
				continue;
			}
		} else {
			len = text_decode(u + i, n - i, &cp);
			if (len <= 0) {
				i++;
				continue;
			}
		}
		units += code_width(p, f, cp);
		i += (size_t)len;
	}
	return (double)units * size / 1000.0;
}

void pdf_font_metrics(struct pdf *p, enum pdf_face face, double size,
		      double *ascent, double *descent)
{
	struct face *f = face_of(p, face);

	*ascent = f ? f->ascent * size / 1000.0 : size * 0.8;
	*descent = f ? f->descent * size / 1000.0 : -size * 0.2;
}

void pdf_text(struct pdf *p, enum pdf_face face, double size, struct rgb c,
	      double x, double y, const char *s, size_t n)
{
	HPDF_Page page = page_of(p);
	struct face *f = face_of(p, face);

	if (!page || !n || !f)
		return;
	strbuf_reset(&p->line);
	strbuf_add(&p->line, s, n);
	/* a tab or another control character would show as a box */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p->line.buf[i] < 0x20)
			p->line.buf[i] = ' ';
	GUARD(p);
	HPDF_Page_BeginText(page);
	if (p->font != (int)face || p->font_size != size) {
		HPDF_Page_SetFontAndSize(page, f->font, (HPDF_REAL)size);
		p->font = (int)face;
		p->font_size = size;
	}
	set_fill(p, page, c);
	HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, p->line.buf);
	HPDF_Page_EndText(page);
}

void pdf_fill_rect(struct pdf *p, double x, double y, double w, double h,
		   struct rgb c)
{
	HPDF_Page page = page_of(p);

	if (!page)
		return;
	GUARD(p);
	set_fill(p, page, c);
	HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
			    (HPDF_REAL)h);
	HPDF_Page_Fill(page);
}

void pdf_fill_polygon(struct pdf *p, const double *xs, const double *ys,
		      size_t n, struct rgb c)
{
	HPDF_Page page = page_of(p);

	if (!page || n < 3)
		return;
	GUARD(p);
	set_fill(p, page, c);
	HPDF_Page_MoveTo(page, (HPDF_REAL)xs[0], (HPDF_REAL)ys[0]);
	for (size_t i = 1; i < n; i++)
		HPDF_Page_LineTo(page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
	HPDF_Page_ClosePath(page);
	HPDF_Page_Fill(page);
}

static void stroke_style(HPDF_Page page, double width, struct rgb c,
			 double dash)
{
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
	HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
	if (dash > 0) {
		HPDF_UINT16 d = (HPDF_UINT16)(dash < 1 ? 1 : dash);

		HPDF_Page_SetDash(page, &d, 1, 0);
	}
}

void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2,
	      double width, struct rgb c, double dash)
{
	double xs[2] = { x1, x2 }, ys[2] = { y1, y2 };

	pdf_polyline(p, xs, ys, 2, width, c, dash);
}

void pdf_polyline(struct pdf *p, const double *xs, const double *ys,
		  size_t n, double width, struct rgb c, double dash)
{
	HPDF_Page page = page_of(p);

	if (!page || n < 2)
		return;
	GUARD(p);
	stroke_style(page, width, c, dash);
	HPDF_Page_MoveTo(page, (HPDF_REAL)xs[0], (HPDF_REAL)ys[0]);
	for (size_t i = 1; i < n; i++)
		HPDF_Page_LineTo(page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
	HPDF_Page_Stroke(page);
	if (dash > 0)
		HPDF_Page_SetDash(page, NULL, 0, 0);
}

int pdf_bookmark(struct pdf *p, int parent, const char *title, double y)
{
	HPDF_Page page = page_of(p);
	HPDF_Outline o, up;
	HPDF_Destination d;

	if (!page)
		return -1;
	GUARD(p, -1);
	up = parent >= 0 && parent < p->nmarks ? p->marks[parent] : NULL;
	o = HPDF_CreateOutline(p->doc, up, title,
			       HPDF_GetEncoder(p->doc, "UTF-8"));
	HPDF_Outline_SetOpened(o, HPDF_TRUE);
	d = HPDF_Page_CreateDestination(page);
	HPDF_Destination_SetFitH(d, (HPDF_REAL)y);
	HPDF_Outline_SetDestination(o, d);
	p->marks = xreallocarray(p->marks, (size_t)p->nmarks + 1,
				 sizeof(*p->marks));
	p->marks[p->nmarks] = o;
	return p->nmarks++;
}

static int save_stream(struct pdf *p)
{
	GUARD(p, -1);
	HPDF_SaveToStream(p->doc);
	HPDF_ResetStream(p->doc);
	return 0;
}

static int read_chunk(struct pdf *p, HPDF_BYTE *buf, HPDF_UINT32 *size)
{
	HPDF_STATUS st;

	/* the end of the stream is reported as an error: no handler jump */
	HPDF_SetErrorHandler(p->doc, NULL);
	st = HPDF_ReadFromStream(p->doc, buf, size);
	HPDF_SetErrorHandler(p->doc, error_handler);
	if (st != HPDF_OK && st != HPDF_STREAM_EOF) {
		fail(p, "libharu error 0x%04X while writing", (unsigned)st);
		return -1;
	}
	HPDF_ResetError(p->doc);
	return st == HPDF_STREAM_EOF ? 1 : 0;
}

int pdf_save(struct pdf *p, FILE *f)
{
	HPDF_BYTE buf[65536];

	if (p->failed || save_stream(p) < 0)
		return -1;
	for (;;) {
		HPDF_UINT32 size = sizeof(buf);
		int end = read_chunk(p, buf, &size);

		if (end < 0)
			return -1;
		if (size && fwrite(buf, 1, size, f) != size) {
			fail(p, "the output stream refused the document");
			return -1;
		}
		if (end)
			return 0;
	}
}

const char *pdf_error(const struct pdf *p)
{
	return p->failed ? p->err : NULL;
}
