/*
 * plan: the plan being reported on, read from its XML file.
 *
 * The tool has no plan built in: units, measures, indicators, goals, tasks
 * and the reporting calendar all come from the file (templates/plan-v1.xsd).
 * plan_load reads it through the xml module, checks what the schema cannot
 * (duplicate codes, references to undefined codes, dates, indicators that
 * cannot be computed, targets and baselines that mean nothing for their
 * computation) and builds the model below. Everything in a plan is
 * owned by it and freed by plan_free.
 *
 * Units change: a unit that ends hands its duties (the measures it reports,
 * the tasks it leads or supports) to its successor from the day after it
 * ends. plan_holder() follows that chain; every question of the form "does
 * unit U report measure M on date t" goes through it.
 */
#ifndef BAOCAO_PLAN_H
#define BAOCAO_PLAN_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "num.h"
#include "period.h"
#include "xml.h"

#define PLAN_DATE_OPEN INT32_MAX /* a unit with no end date */

enum unit_kind { UNIT_DEPARTMENT, UNIT_DISTRICT, UNIT_COMMUNE, UNIT_OTHER };

typedef struct plan_unit {
    char *code, *name, *short_name;
    enum unit_kind kind;
    date_t from, to;  /* first and last day it exists; to = PLAN_DATE_OPEN */
    int successor;    /* index of the unit taking over after `to`, or -1 */
    unsigned long line;
} plan_unit;

enum measure_kind { MEASURE_AMOUNT, MEASURE_STOCK, MEASURE_ITEMS };

typedef struct plan_measure {
    char *code, *name, *uom;
    enum measure_kind kind;
    int is_signed;    /* whether values below zero make sense */
    int is_whole;     /* whether values are whole numbers (counts of things) */
    int *reporters;   /* unit indexes */
    size_t nreporters;
    unsigned long line;
} plan_measure;

enum ind_compute { IND_SUM, IND_RATIO, IND_MULTIPLE, IND_GROWTH, IND_COUNT };
enum ind_cmp { CMP_GE, CMP_GT, CMP_LE, CMP_LT, CMP_EQ };

typedef struct plan_indicator {
    char *code, *section, *name, *uom;
    enum ind_compute compute;
    enum ind_cmp cmp;
    num_t target;
    int target_year;
    int *num, *den;            /* measure indexes */
    size_t nnum, nden;
    int has_baseline;
    int baseline_year;
    int baseline_known;        /* a value is there (given, or a sample) */
    int baseline_is_sample;    /* the value is sample data, not the plan's */
    num_t baseline_value;
    char *baseline_source;     /* the plan's words on where it comes from */
    char *baseline_note;       /* the sample's label, or NULL */
    unsigned long line;
} plan_indicator;

typedef struct plan_goal {
    char *section, *text;
} plan_goal;

typedef struct plan_group {
    char *code, *title;
} plan_group;

typedef struct plan_task {
    char *code, *text;
    int group;                 /* index into groups */
    int lead;                  /* unit index */
    int *support;              /* unit indexes */
    size_t nsupport;
    unsigned long line;
} plan_task;

typedef struct plan {
    char *path;
    char *number, *issuer, *province, *signer, *title;
    date_t date;
    int from_year, to_year;
    int cutoff_day;
    int due_days[PERIOD_RANGE]; /* by enum period_kind; -1: not reported */

    plan_unit *units;           size_t nunits;
    plan_measure *measures;     size_t nmeasures;
    plan_indicator *indicators; size_t nindicators;
    plan_goal *goals;           size_t ngoals;
    plan_group *groups;         size_t ngroups;
    plan_task *tasks;           size_t ntasks;

    /* lookup by code: indexes sorted by code */
    int *unit_order, *measure_order, *task_order;

    /* derived once loaded, so that a unit's duties are found without a
     * pass over every reporter: the units each unit succeeded, as lists
     * (pred_first[u], then pred_next[v], -1 ending them), and bit k of
     * named[u * named_stride + k / 8]: the plan names unit u as a reporter
     * of measure k (k < nmeasures) or a supporter of task k - nmeasures */
    int *pred_first, *pred_next;
    unsigned char *named;
    size_t named_stride;
} plan;

/* Reads and checks a plan; NULL (with diagnostics) when it is not usable.
 * *io_error is set when the file could not be read at all. */
plan *plan_load(const char *path, const xml_schema *schema, const xml_limits *lim,
                diag_list *d, int *io_error);
/* Builds a plan from an already-read tree (used by plan_load and tests). */
plan *plan_from_xml(const xml_node *root, const char *path, diag_list *d);
void plan_free(plan *p);

/* Index of the code, or -1. O(log n). */
int plan_unit_find(const plan *p, const char *code);
int plan_measure_find(const plan *p, const char *code);
int plan_task_find(const plan *p, const char *code);

/* The whole plan as a period (2023-2025). */
period plan_period(const plan *p);

/* The deadline for reports of a period: the end of its window plus the
 * calendar's due-days for its kind (plus nothing for a kind the calendar
 * does not list, which has no deadline: *has_deadline is then 0). */
date_t plan_deadline(const plan *p, const period *per, int *has_deadline);

/* Whether the unit exists on some day of [from, to]. */
int plan_unit_exists_during(const plan *p, int unit, date_t from, date_t to);
/* Whether the unit exists on day t. */
int plan_unit_exists_on(const plan *p, int unit, date_t t);

/* The unit that holds `unit`'s duties on day t: itself while it exists,
 * then its successor's holder; -1 when it ended with no successor. */
int plan_holder(const plan *p, int unit, date_t t);

/* Whether `unit` reports measure m on day t (itself or as a successor). */
int plan_unit_reports(const plan *p, int unit, int m, date_t t);

enum task_role { ROLE_NONE, ROLE_LEAD, ROLE_SUPPORT };
enum task_role plan_task_role(const plan *p, int unit, int task, date_t t);

/* Whether the unit has any duty (a measure or a task) on day t. */
int plan_unit_has_duties(const plan *p, int unit, date_t t);

/* Whether the unit is expected to report for the period: it exists on the
 * last day of the period's window and has duties then. */
int plan_unit_expected(const plan *p, int unit, const period *per);

const char *plan_unit_kind_name(enum unit_kind k);
const char *plan_measure_kind_name(enum measure_kind k);
const char *plan_compute_name(enum ind_compute c);
const char *plan_cmp_name(enum ind_cmp c);

#endif
