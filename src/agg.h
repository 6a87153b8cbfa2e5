/*
 * agg: where the province stands on every target for a reporting period.
 *
 * The collector (agg) takes every file of a run with its fate, then
 * agg_resolve() settles revisions: for a unit and a period the highest
 * revision wins and earlier ones are superseded; two files with the same
 * unit, period and revision but different content are a conflict and both
 * are rejected (an identical copy is a duplicate and is set aside; of
 * identical copies the one sent first counts, for lateness). What
 * remains becomes facts: one per figure (unit, measure, period, value,
 * file, line) and one per reported item.
 *
 * agg_compute() then answers for a period R:
 *   - a measure's figure for a unit and a period is the figure submitted
 *     for exactly that period if there is one; otherwise, for amounts, the
 *     sum of submitted periods that tile it (at each quarter the longest
 *     one starting there: a year, nine months, a half-year, a quarter), a
 *     quarter left uncovered being missing when the unit was expected to
 *     report for it; for stocks, the latest figure submitted up to the
 *     period's end, missing quarters again when the unit was expected to
 *     report after that figure. Each figure says which rule gave it and which files it
 *     came from;
 *   - a unit's figure counts in the province total only when the unit
 *     reports the measure (a figure sent by another unit is listed, not
 *     added);
 *   - a stock's province total adds what every unit existing at the end of
 *     the period holds: its own latest figure, plus the holdings of the
 *     units it succeeded that had ended by then, unless its own figure is
 *     dated after they ended (and so already includes them);
 *   - likewise for an amount, a successor's figure for a period that began
 *     before it existed speaks for its whole area over that period: the
 *     figures of the units it succeeded for periods it covers wholly are
 *     listed but not added again (agg_unit_figure.in_successor);
 *   - task reports and remarks: a unit's file for exactly the coverage
 *     period speaks for it; a unit without one is spoken for by its latest
 *     file within that period (its third quarter's in a nine-month report);
 *   - items are counted once by (measure, identifier) across units, files
 *     and periods, as new in the period where their earliest report lies;
 *     every repeat is listed;
 *   - indicators as plan.h describes them, with percent of target, the
 *     progress expected by this date for accumulating targets (counts and
 *     sums of amounts: the share of the time to the target year that has
 *     passed), a status, a labelled linear projection to the target year,
 *     and a flag when they rest on figures with missing quarters.
 *
 * All sums are exact (num_t); ratios, multiples and percentages are kept as
 * exact fractions of them (num_wide), growth rates as long double. Nothing
 * is rounded here: agg_format applies num's one rule at display.
 */
#ifndef BAOCAO_AGG_H
#define BAOCAO_AGG_H

#include <stddef.h>

#include "batch.h"
#include "diag.h"
#include "num.h"
#include "period.h"
#include "plan.h"
#include "submission.h"

enum agg_fate {
    FATE_ACCEPTED,
    FATE_SUPERSEDED, /* a higher revision of the same unit and period exists */
    FATE_DUPLICATE,  /* identical to another file of the same revision */
    FATE_CONFLICT,   /* same unit, period, revision as another, different content */
    FATE_REJECTED,   /* errors in the file */
    FATE_UNREADABLE, /* could not be read */
    FATE_SKIPPED,    /* not a .xml file */
};

#define AGG_FILE_IDS 4
_Static_assert(DIAG__COUNT <= 256, "agg_file.ids holds a diagnostic id in a byte");

/* One row a file of the run (64 bytes, and the path as printed: the name
 * on disk, escaped where it is not printable). The collector keeps its
 * own copies of the rows and paths, those of a large run in temporary
 * files (rows.h, names.h): ask for them with agg_file_at, agg_file_path
 * or agg_each_file. */
typedef struct agg_file {
    const char *path;    /* valid UTF-8 without control characters */
    enum agg_fate fate;
    int unit;            /* -1 when unknown */
    period per;
    int revision;
    date_t sent;
    date_t due;
    int other;           /* the file that superseded, duplicated or conflicts, or -1 */
    unsigned errors, warnings;
    unsigned line;       /* of the root element, for diagnostics about the file */
    unsigned char ids[AGG_FILE_IDS]; /* the diagnostics' ids (enum diag_id), */
    unsigned char nids;              /* each once, the first few, for the run log */
    unsigned char late;  /* sent after the deadline of its period */
    unsigned char sample;
} agg_file;

typedef struct agg agg;

/* The plan must outlive the collector. */
agg *agg_new(const plan *p);
void agg_free(agg *a);

/* Keeps at most n files' rows in memory (by default 4096, about 100 bytes
 * each), and n rows of their paths (64 bytes each), the rest in temporary
 * files (rows.h, names.h). Call before agg_add. */
void agg_rows_in_memory(agg *a, size_t n);

/* Keeps the texts of task reports and remarks only for the submissions
 * within `per` (the coverage period of the report to be computed; NULL:
 * none), so that memory does not grow with the narratives of every file of
 * a large run. Without this call every text is kept. Call before agg_add. */
void agg_keep_texts_for(agg *a, const period *per);

/* Keeps no figures, items or texts: the collector then only settles
 * revisions and deadlines (what validate needs); agg_compute must not be
 * called. Call before agg_add. */
void agg_settle_only(agg *a);

/* Records a file read by batch; takes f->sub (sets it to NULL). The
 * collector keeps its own copy of f->path. */
void agg_add(agg *a, batch_file *f);

/* Reads file `file` again, as batch did: the submission, or NULL. Files
 * are numbered from 0 in the order agg_add took them; `path` is its name
 * on disk (batch_file.path), not the printable one of agg_file_at. */
typedef submission *(*agg_reader)(void *ctx, size_t file, const char *path);

/* Settles revisions and deadlines. Diagnostics about files (conflicts,
 * late submissions) are added to lists handed to emit(ctx, list), one
 * per file concerned, in file order.
 *
 * While files are added the collector holds the facts of one file a unit
 * and span: the highest revision so far. When that revision turns out to
 * conflict, the lower one that counts instead is read again through
 * reread(rctx, file); so is, when texts are kept for a period only
 * (agg_keep_texts_for), the file that speaks for a unit whose texts the
 * collector did not keep, as the file that beat it does not count. A file
 * that no longer reads as it did is set aside (file-changed). reread may
 * be NULL after agg_settle_only. */
void agg_resolve(agg *a, agg_reader reread, void *rctx,
                 void (*emit)(void *ctx, diag_list *d), void *ctx);

/* The number of files added; file i's row (a copy, whose path is valid
 * until the next call on the collector); and file i's path alone, quicker
 * for a file that counts: that one is valid as long as the collector, any
 * other until the next agg_file_path. */
size_t agg_nfiles(const agg *a);
agg_file agg_file_at(const agg *a, size_t i);
const char *agg_file_path(const agg *a, size_t i);
/* Calls fn(ctx, i, row) for each file in order: quicker than agg_file_at
 * for all. row and its path are valid during the call; fn may ask for
 * other files' rows and paths. */
void agg_each_file(const agg *a, void (*fn)(void *ctx, size_t i, const agg_file *f), void *ctx);
/* Once settled: the number of files that count (accepted), and the place
 * of file `file` among them, by number, or -1 when it does not count. */
size_t agg_ncounted(const agg *a);
int agg_counted_index(const agg *a, int file);
/* The files by fate, once settled: superseded counts duplicates too, and
 * rejected counts conflicts and unreadable files. */
void agg_count_fates(const agg *a, size_t *accepted, size_t *superseded, size_t *rejected,
                     size_t *skipped);

/* ---- results for one period ---- */

enum agg_rule {
    RULE_NONE,        /* no figure */
    RULE_SUBMITTED,   /* a submission for exactly this period */
    RULE_SUM,         /* the sum of shorter periods */
    RULE_LATEST,      /* a stock: the latest figure up to the period's end */
};

typedef struct agg_ref {
    int file;             /* a file that counts (agg_counted_index) */
    unsigned long line;
} agg_ref;

typedef struct agg_figure {
    int known;
    num_t value;
    enum agg_rule rule;
    int partial;          /* summed, or for a stock carried over, with some
                             quarters missing (in which the unit existed) */
    int overflow;         /* the sum passed the largest figure: not known */
    agg_ref *refs;        /* the files and lines it came from */
    size_t nrefs;
} agg_figure;

typedef struct agg_unit_figure {
    int unit;
    int assigned;         /* the unit reports the measure in the period */
    int counted;          /* part of the province total: the unit reports the
                             measure (and, for a stock, its figure is the one
                             that stands for its part of the province) */
    int in_successor;     /* an amount of a unit that ended: some of its
                             figure's periods are covered by periods its
                             successor sent figures for that began before
                             the successor existed, which speak for the
                             whole area and so include them; those are not
                             added to the province total again */
    agg_figure fig;
} agg_unit_figure;

typedef struct agg_measure {
    int measure;
    agg_figure total;           /* province total for the period */
    agg_unit_figure *units;     /* units with a figure, in plan order */
    size_t nunits;
} agg_measure;

/* A derived value: exact as the fraction num/den when `exact`, else v
 * (compound growth needs a root). Format it with agg_format. */
typedef struct agg_real {
    int known;
    int exact;
    num_wide num, den;
    long double v;
} agg_real;

/* Why an indicator has no value, or why it needs a word of caution. */
enum agg_note {
    NOTE_NONE,
    NOTE_NO_FIGURES,      /* nobody reported the measures */
    NOTE_NO_REPORT,       /* no unit that reports the items sent a report */
    NOTE_DEN_ZERO,        /* the denominator is zero */
    NOTE_NO_BASELINE,     /* the plan gives no baseline */
    NOTE_BASELINE_ZERO,
    NOTE_NO_WHOLE_YEAR,   /* no whole year after the baseline year yet */
    NOTE_YEAR_ZERO,       /* the year's figure is zero: no growth rate */
    NOTE_OVERFLOW,        /* a sum passed the largest figure */
    NOTE_NO_DENOMINATOR,  /* a ratio's numerator was reported, its denominator not */
};
const char *agg_note_text(enum agg_note n); /* English, for CSV and XML */

/* Formats a derived value with num's one rounding rule ("" when unknown). */
char *agg_format(agg_real v, int decimals, enum num_style style, char *out, size_t n);

enum agg_status {
    STATUS_NO_DATA,   /* chưa có số liệu */
    STATUS_NOT_ACHIEVED, /* chưa đạt: the target year is over and it was not met */
    STATUS_BEHIND,    /* chậm tiến độ */
    STATUS_ON_TRACK,  /* đúng tiến độ */
    STATUS_ACHIEVED,  /* đạt */
    STATUS_EXCEEDED,  /* vượt */
};

typedef struct agg_indicator {
    int indicator;
    int accumulates;          /* counts and sums of amounts */
    agg_real value;           /* for the period */
    agg_real cumulative;      /* plan start to the period's end */
    agg_real year_ago;        /* the same period a year earlier */
    agg_real baseline;
    agg_real judged;          /* the value the status is judged on */
    int judged_year;          /* the year of `judged` for level targets, or 0 */
    agg_real percent;         /* of target */
    agg_real expected;        /* progress expected by this date, % */
    agg_real projection;      /* estimate for the target year */
    enum agg_status status;
    enum agg_note note;       /* why a value is missing */
    int partial;              /* the value, the cumulative value or the one
                                 judged rest on figures with some quarters
                                 missing */
    /* cumulative value at the end of every quarter from the plan's start
     * to the period's end (for the trend chart) */
    agg_real *trend;
    size_t ntrend;
} agg_indicator;

/* COV_DERIVED: no file for the period itself (a half-year, nine months,
 * year), but one for every quarter of it in which the unit was expected
 * (a successor: the quarters from its start). */
enum coverage_status { COV_ON_TIME, COV_LATE, COV_MISSING, COV_DERIVED };

typedef struct agg_coverage {
    int unit;
    enum coverage_status status;
    int file;                 /* the accepted file, or -1 */
    date_t sent;
} agg_coverage;

typedef struct agg_item_report {
    int unit;
    int file;
    unsigned long line;
} agg_item_report;

typedef struct agg_item {
    int measure;
    const char *id, *name;    /* owned by the collector */
    date_t date;
    int in_period;            /* new in the period: one of its earliest
                                 reports lies within it */
    agg_item_report *reports; /* every report of it, first first */
    size_t nreports;
} agg_item;

typedef struct agg_task_report {
    int unit;
    enum task_role role;
    enum task_status status;
    const char *text;         /* owned by the collector */
    agg_ref ref;
} agg_task_report;

typedef struct agg_task {
    int task;
    int has_lead_report;
    enum task_status status;  /* the lead's, when reported */
    agg_task_report *reports;
    size_t nreports;
} agg_task;

typedef struct agg_remark {
    int unit;
    enum remark_kind kind;
    const char *text;         /* owned by the collector */
    agg_ref ref;
} agg_remark;

typedef struct agg_report {
    period per;
    period coverage_period;   /* the period whose submissions are counted */
    date_t from, to, due;     /* window and deadline of coverage_period; for
                                 a kind the plan's calendar sets no deadline
                                 for, that of its last quarter */
    int sample;               /* some figures come from sample data */
    agg_indicator *indicators;  size_t nindicators;
    agg_measure *measures;      size_t nmeasures;  /* for the period */
    agg_measure *cumulative;    size_t ncumulative; /* plan start to period end */
    agg_coverage *coverage;     size_t ncoverage;
    agg_item *items;            size_t nitems;     /* cumulative, distinct */
    agg_task *tasks;            size_t ntasks;
    agg_remark *remarks;        size_t nremarks;
    size_t files_accepted, files_superseded, files_rejected, files_skipped, files_total;
} agg_report;

/* The figure of `unit` among m's, or NULL (a binary search: m's units are in plan order). */
const agg_unit_figure *agg_measure_unit(const agg_measure *m, int unit);

/* Computes everything for period R. Free with agg_report_free. */
agg_report *agg_compute(const agg *a, const period *r);
/* The period whose submissions a report on r counts as sent, and whose
 * texts it quotes: r itself, or the last year of a range (the review). */
period agg_coverage_period(const period *r);
void agg_report_free(agg_report *r);

const char *agg_status_name(enum agg_status s);     /* "behind"... */
const char *agg_status_vn(enum agg_status s);       /* "chậm tiến độ"... */
const char *agg_fate_name(enum agg_fate f);
const char *agg_rule_name(enum agg_rule r);
const char *agg_coverage_name(enum coverage_status c);
const char *agg_coverage_vn(enum coverage_status c);

/* Decimals with which an indicator's value is shown and written. */
int agg_indicator_decimals(const plan_indicator *x);
#define AGG_PERCENT_DECIMALS 1

#endif
