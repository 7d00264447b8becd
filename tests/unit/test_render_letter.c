/*
 * render_letter: where a letter's body breaks so that the request and the
 * closing stand with the signature, and with body text before them.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "render_letter.h"

#define LH 18.0                 /* a line of 14 pt at 1.3 */
#define PAGE (40 * LH)          /* forty lines to a page */
#define FOOT (8 * LH)           /* the recipients and the signature */

/*
 * A body of paragraphs of the given line counts (0 ends the list), 3 pt
 * above every paragraph but the first; *keep is set to the first line of
 * the paragraph index kp. Returns the lines; the caller frees them.
 */
static struct letter_line *body(const int *paras, int kp, size_t *n,
				size_t *keep)
{
	struct letter_line *v = calloc(200, sizeof(*v));

	*n = 0;
	for (int p = 0; paras[p]; p++) {
		if (p == kp)
			*keep = *n;
		for (int j = 0; j < paras[p]; j++, (*n)++) {
			v[*n].skip = j || !p ? 0 : 3;
			v[*n].height = LH;
			v[*n].para_start = j == 0;
		}
	}
	return v;
}

Test(render_letter, a_short_letter_flows_as_it_comes)
{
	/* intro 6, tasks intro 2, two tasks of 3, request 3, closing 1 */
	static const int paras[] = { 6, 2, 3, 3, 3, 1, 0 };
	size_t n, keep;
	struct letter_line *v = body(paras, 4, &n, &keep);

	cr_assert_eq(letter_keep_break(v, n, keep, 3, 30 * LH, PAGE, FOOT), n);
	free(v);
}

Test(render_letter, the_signature_never_stands_alone_on_a_page)
{
	/* the body overfills page 1 (30 lines of room) by its closing: the
	   closing and the foot would stand alone on page 2 */
	static const int paras[] = { 6, 2, 3, 3, 3, 3, 3, 3, 3, 1, 0 };
	size_t n, keep, b;
	struct letter_line *v = body(paras, 8, &n, &keep);

	cr_assert_eq(n, 30);
	cr_assert_eq(keep, 26);
	b = letter_keep_break(v, n, keep, 3, 30 * LH, PAGE, FOOT);
	/* a new page before the last task (lines 23 to 25): it, the
	   request and the closing go with the signature */
	cr_assert_eq(b, 23);
	cr_assert(v[b].para_start);
	free(v);
}

Test(render_letter, a_short_paragraph_before_the_request_takes_one_more)
{
	/* the last paragraph before the request is 2 lines: the task before
	   it goes too, so that at least 3 lines stand with the closing */
	static const int paras[] = { 6, 2, 3, 3, 3, 3, 3, 2, 3, 1, 0 };
	size_t n, keep, b;
	struct letter_line *v = body(paras, 8, &n, &keep);

	b = letter_keep_break(v, n, keep, 3, 30 * LH, PAGE, FOOT);
	cr_assert_eq(keep - b, 5);  /* the 3 lines of the last task, the 2
				       of the missing report */
	free(v);
}

Test(render_letter, the_closing_line_alone_never_spills)
{
	/* the request ends page 1 exactly: the closing's line would open
	   page 2 alone before the foot */
	static const int paras[] = { 6, 2, 3, 3, 3, 3, 1, 0 };
	size_t n, keep;
	struct letter_line *v = body(paras, 5, &n, &keep);

	/* lines 0 to 19 and their skips fill 20 * LH + 15 */
	cr_assert_eq(letter_keep_break(v, n, keep, 3, 20 * LH + 15, PAGE,
				       FOOT), 14);
	free(v);
}

Test(render_letter, room_for_the_body_but_not_for_the_foot)
{
	static const int paras[] = { 6, 2, 3, 3, 3, 1, 0 };
	size_t n, keep;
	struct letter_line *v = body(paras, 4, &n, &keep);

	/* the body fits page 1 with 61 points to spare, the foot needs
	   144: the task before the request goes over with it */
	cr_assert_eq(letter_keep_break(v, n, keep, 3, 400, PAGE, FOOT), 11);
	/* with room for the foot, nothing moves */
	cr_assert_eq(letter_keep_break(v, n, keep, 3, 500, PAGE, FOOT), n);
	free(v);
}

Test(render_letter, the_heading_page_keeps_body_text)
{
	/* a body that is one long intro paragraph and the closing: the
	   break falls inside it rather than before it */
	static const int paras[] = { 28, 3, 1, 0 };
	size_t n, keep, b;
	struct letter_line *v = body(paras, 1, &n, &keep);

	b = letter_keep_break(v, n, keep, 3, 30 * LH, PAGE, FOOT);
	cr_assert_eq(b, keep - 3);
	cr_assert_gt(b, 0);
	free(v);
}

Test(render_letter, nothing_carried_fits_so_the_flow_stays)
{
	/* a request longer than a page with the foot: no break helps */
	static const int paras[] = { 6, 3, 38, 1, 0 };
	size_t n, keep;
	struct letter_line *v = body(paras, 2, &n, &keep);

	cr_assert_eq(letter_keep_break(v, n, keep, 3, 30 * LH, PAGE, FOOT), n);
	cr_assert_eq(letter_keep_break(v, 0, 0, 3, 30 * LH, PAGE, FOOT), 0);
	free(v);
}
