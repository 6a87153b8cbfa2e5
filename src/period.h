/*
 * period: reporting periods and their data cut-off windows.
 *
 * Every period is a span of calendar quarters: 2025-Q3 is one quarter,
 * 2025-H1 two, 2025-9M three, 2025 four, and the whole plan 2023-2025
 * twelve. Its data cut-off window (Decree 09/2019/NĐ-CP) runs from day
 * cutoff+1 of the month before its first quarter to day `cutoff` of its
 * last quarter's last month: with cutoff 14, 2025-Q3 is 15/06/2025 –
 * 14/09/2025 and the year 2025 is 15/12/2024 – 14/12/2025.
 */
#ifndef BAOCAO_PERIOD_H
#define BAOCAO_PERIOD_H

#include <stddef.h>

#include "date.h"

enum period_kind {
    PERIOD_QUARTER,
    PERIOD_HALF,        /* first half-year, "H1" */
    PERIOD_NINE_MONTHS, /* "9M" */
    PERIOD_YEAR,
    PERIOD_RANGE,       /* whole years, e.g. the plan 2023-2025 */
};

typedef struct period {
    enum period_kind kind;
    int first; /* first quarter, as year * 4 + (quarter - 1) */
    int last;  /* last quarter, same numbering */
} period;

/* "2025-Q3", "2025-H1", "2025-9M", "2025", "2023-2025"; 0 or -1. */
int period_parse(const char *s, period *p);
period period_quarter(int year, int quarter);
period period_year(int year);

int period_year_of(const period *p);      /* year of the last quarter */
int period_quarter_of(int q);             /* 1..4 of a quarter number */
int period_year_of_quarter(int q);

/* "2025-Q3" etc. */
char *period_code(const period *p, char *out, size_t n);
/* "quý III năm 2025", "6 tháng đầu năm 2025", "9 tháng năm 2025",
 * "năm 2025", "giai đoạn 2023 - 2025". */
char *period_label(const period *p, char *out, size_t n);
/* The word for the kind in the plan's calendar: quarter, half, ... */
const char *period_kind_name(enum period_kind k);

void period_window(const period *p, int cutoff_day, date_t *from, date_t *to);

/* Whether `inner` lies within `outer` (as spans of quarters). */
int period_within(const period *inner, const period *outer);
int period_equal(const period *a, const period *b);
/* Whether a and b cover the same quarters, whatever their kinds. */
int period_same_span(const period *a, const period *b);

#endif
