/*
 * report: composes the report document from a template and the figures.
 *
 * This is where figures meet words: the template (template.h) gives the
 * order and the wording, the aggregation (agg.h) gives the figures, and
 * the result is a doc (doc.h) that layout and pdf turn into pages. Numbers
 * are formatted the Vietnamese way here, at the moment of display
 * (num_format with NUM_VIETNAMESE), and nowhere earlier.
 *
 * Every text that comes from an input file is checked against the report
 * font's character set before it is placed: a character the font lacks is
 * a warning naming the file and line, and is printed as '?', never as an
 * empty box.
 */
#ifndef BAOCAO_REPORT_H
#define BAOCAO_REPORT_H

#include "agg.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "plan.h"
#include "template.h"

typedef struct report_input {
    const plan *p;
    const agg *a;
    const agg_report *r;
    const tpl *t;
    date_t date;          /* the report date */
    const char *number;   /* the document number, "" when not yet given */
    const fonts_set *fonts; /* for the character check; NULL: no check */
} report_input;

/* Document information for the PDF, owned by the caller's buffers. */
typedef struct report_meta {
    char *title, *author, *subject, *keywords; /* malloc'd; report_meta_release */
} report_meta;

/* Builds the document; diagnostics (characters the font lacks, column
 * widths in the template that do not fit a table) go to lists handed to
 * emit(ctx, list). NULL when the template has such an error. Free the
 * result with doc_free. */
doc *report_compose(const report_input *in, report_meta *meta,
                    void (*emit)(void *ctx, diag_list *d), void *ctx);
void report_meta_release(report_meta *m);

#endif
