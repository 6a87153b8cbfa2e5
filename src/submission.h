/*
 * submission: one unit's report for one period, read and checked.
 *
 * Reading is in two layers. The xml module checks the bytes and the schema
 * (templates/submission-v1.xsd); this module then checks the content against
 * the plan: codes, periods, which unit reports what, numbers. Every problem
 * of a file is reported, not only the first. A file with any error is
 * rejected whole (NULL); warnings keep it.
 */
#ifndef BAOCAO_SUBMISSION_H
#define BAOCAO_SUBMISSION_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "diag.h"
#include "num.h"
#include "period.h"
#include "plan.h"
#include "xml.h"

enum task_status { TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_DONE, TASK_STOPPED };

typedef struct sub_value {
    int measure;
    num_t value;
    char *note;          /* NULL when none */
    unsigned long line;
} sub_value;

typedef struct sub_item {
    int measure;
    char *id, *name, *note; /* note NULL when none */
    date_t date;
    unsigned long line;
} sub_item;

typedef struct sub_task {
    int task;
    enum task_status status;
    char *text;
    unsigned long line;
} sub_task;

enum remark_kind { REMARK_DIFFICULTY, REMARK_PROPOSAL };

typedef struct sub_remark {
    enum remark_kind kind;
    char *text;
    unsigned long line;
} sub_remark;

typedef struct submission {
    char *path;
    unsigned long line;   /* of the root element */
    int unit;
    period per;
    int revision;
    date_t sent;
    int sample;           /* sample="true": made-up figures */
    char *resp_name, *resp_title, *resp_phone, *resp_email; /* "" when absent */
    sub_value *values;    size_t nvalues;
    sub_item *items;      size_t nitems;
    sub_task *tasks;      size_t ntasks;
    sub_remark *remarks;  size_t nremarks;
    uint64_t content_hash; /* of the figures, items, tasks and remarks */
} submission;

/* Reads `path` and checks it against the plan. Returns NULL when the file
 * is rejected; diagnostics (on d, the file's own list) say why.
 * *io_error is set when the file could not be read at all. */
submission *submission_read(const char *path, const plan *p, const xml_schema *schema,
                            const xml_limits *lim, diag_list *d, int *io_error);
/* The same from a tree already read (tests). */
submission *submission_from_xml(const xml_node *root, const char *path, const plan *p,
                                diag_list *d);
void submission_free(submission *s);
/* Frees the figures and items of s (once copied elsewhere), keeping the
 * rest: task reports, remarks, who answers for it. */
void submission_drop_figures(submission *s);

const char *submission_status_name(enum task_status s);

#endif
