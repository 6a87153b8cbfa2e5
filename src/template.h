/*
 * template: report templates (templates/report-template-v1.xsd).
 *
 * A template holds the words and the order of a report: header, title,
 * subject, sections of blocks, signature, recipients and appendices. Texts
 * may hold placeholders ({period}, {from}, ...): the vocabulary is
 * TPL_VARS below, checked when the template is read, so a misspelt
 * placeholder is a diagnostic with its line, not a surprise in a signed
 * report. The report module supplies a value for every variable.
 */
#ifndef BAOCAO_TEMPLATE_H
#define BAOCAO_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "xml.h"

#define TPL_VARS(X) \
    X(PERIOD, "period") X(PERIOD_CODE, "period_code") X(YEAR, "year") \
    X(FROM, "from") X(TO, "to") X(DEADLINE, "deadline") X(DATE, "date") \
    X(DATE_SHORT, "date_short") X(NUMBER, "number") X(PLAN_NUMBER, "plan_number") \
    X(PLAN_DATE, "plan_date") X(PLAN_TITLE, "plan_title") X(PLAN_ISSUER, "plan_issuer") \
    X(PROVINCE, "province") X(PLAN_YEARS, "plan_years") \
    X(UNITS_EXPECTED, "units_expected") X(UNITS_ON_TIME, "units_on_time") \
    X(UNITS_LATE, "units_late") X(UNITS_MISSING, "units_missing") \
    X(UNITS_BY_STATUS, "units_by_status") \
    X(INDICATORS_TOTAL, "indicators_total") X(INDICATORS_MET, "indicators_met") \
    X(INDICATORS_ON_TRACK, "indicators_on_track") X(INDICATORS_BEHIND, "indicators_behind") \
    X(INDICATORS_NO_DATA, "indicators_no_data") \
    X(INDICATORS_NOT_ACHIEVED, "indicators_not_achieved") \
    X(INDICATORS_BY_STATUS, "indicators_by_status") X(TASKS_TOTAL, "tasks_total") \
    X(TASKS_DONE, "tasks_done") X(TASKS_IN_PROGRESS, "tasks_in_progress") \
    X(TASKS_NOT_REPORTED, "tasks_not_reported") X(TASKS_BY_STATUS, "tasks_by_status") \
    X(FILES_ACCEPTED, "files_accepted") \
    X(FILES_REJECTED, "files_rejected")

#define TPL_VAR_ENUM_(e, name) TPL_VAR_##e,
enum tpl_var { TPL_VARS(TPL_VAR_ENUM_) TPL_VAR__COUNT };
#undef TPL_VAR_ENUM_

enum tpl_block_kind {
    TPL_P,
    TPL_HEADING,
    TPL_INDICATOR_TABLE,
    TPL_PROGRESS_CHART,
    TPL_TREND_CHART,
    TPL_TASK_TABLE,
    TPL_COVERAGE_TABLE,
    TPL_REMARKS,
    TPL_GOALS,
    TPL_UNIT_FIGURES,
    TPL_ITEMS,
};

enum tpl_orientation { TPL_AUTO, TPL_PORTRAIT, TPL_LANDSCAPE };

typedef struct tpl_block {
    enum tpl_block_kind kind;
    char *text;          /* p and heading: the text; charts: the title;
                            remarks and goals: what to say when there are
                            none; or NULL */
    int remark_kind;     /* remarks: enum remark_kind */
    char *widths;        /* tables: column widths as written, or NULL */
    unsigned long line;
} tpl_block;

typedef struct tpl_section {
    char *title;         /* NULL for untitled sections */
    char *attached;      /* appendices: "(Kèm theo Báo cáo số ...)" */
    enum tpl_orientation orientation;
    tpl_block *blocks;
    size_t nblocks;
    unsigned long line;
} tpl_section;

typedef struct tpl {
    char *path;
    double top, bottom, left, right; /* margins, mm */
    char *font;
    char *parent, *issuer, *number, *nation, *motto, *place_date;
    char *title, *subject, *sample_notice;
    tpl_section *sections;   size_t nsections;
    char **authority;        size_t nauthority;
    char *signer;
    char **recipients;       size_t nrecipients;
    tpl_section *appendices; size_t nappendices;
} tpl;

/* Reads and checks a template; NULL with diagnostics when unusable. */
tpl *tpl_load(const char *path, const xml_schema *schema, const xml_limits *lim,
              diag_list *d, int *io_error);
tpl *tpl_from_xml(const xml_node *root, const char *path, diag_list *d);
void tpl_free(tpl *t);

/* Replaces the placeholders of text using value(ctx, var) into out.
 * Unknown placeholders are copied as they are (tpl_load rejects them). */
void tpl_expand(const char *text, const char *(*value)(void *ctx, enum tpl_var v), void *ctx,
                buf *out);

const char *tpl_var_name(enum tpl_var v);

#endif
