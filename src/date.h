/*
 * date: calendar dates as day numbers, and their written forms.
 *
 * A date_t counts days from 1970-01-01 (proleptic Gregorian), so windows
 * and deadlines are plain integer comparisons.
 */
#ifndef BAOCAO_DATE_H
#define BAOCAO_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;

date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t t, int *y, int *m, int *d);
int date_days_in_month(int y, int m);

/* Strict YYYY-MM-DD (years 1900-2999); 0 on success, -1 otherwise. */
int date_parse(const char *s, date_t *out);

/* Seconds since 1970-01-01 00:00 UTC, written with digits only (as in
 * SOURCE_DATE_EPOCH), as the day they fall in; 0 on success, -1 when s is
 * not such a number or the day is after 2999-12-31, the last day
 * date_parse accepts. */
int date_parse_epoch(const char *s, date_t *out);

/* "2025-09-05" (out: 11 bytes or more). */
char *date_iso(date_t t, char *out, size_t n);
/* "05/09/2025" */
char *date_dmy(date_t t, char *out, size_t n);
/* "ngày 05 tháng 9 năm 2025" (Decree 30: days below 10 and months 1 and 2
 * take a leading zero, other months do not). */
char *date_vn_long(date_t t, char *out, size_t n);
/* "05/9/2025", "15/02/2025": the same rule in figures, as official text
 * writes a date ("Kế hoạch số 53/KH-UBND ngày 03/3/2023"). */
char *date_vn_short(date_t t, char *out, size_t n);

#endif
