/*
 * period: parsing, naming and windows of reporting periods (see period.h).
 */
#include "period.h"

#include <stdio.h>
#include <string.h>

static int year4(const char *s, int *y)
{
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return *y >= 1900 && *y <= 2999 ? 0 : -1;
}

period period_quarter(int year, int quarter)
{
    int q = year * 4 + quarter - 1;
    return (period){PERIOD_QUARTER, q, q};
}

period period_year(int year)
{
    return (period){PERIOD_YEAR, year * 4, year * 4 + 3};
}

int period_parse(const char *s, period *p)
{
    int y, y2;
    size_t n = strlen(s);
    if (n < 4 || year4(s, &y) < 0)
        return -1;
    if (n == 4) {
        *p = period_year(y);
        return 0;
    }
    if (n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
        *p = period_quarter(y, s[6] - '0');
        return 0;
    }
    if (n == 7 && strcmp(s + 4, "-H1") == 0) {
        *p = (period){PERIOD_HALF, y * 4, y * 4 + 1};
        return 0;
    }
    if (n == 7 && strcmp(s + 4, "-9M") == 0) {
        *p = (period){PERIOD_NINE_MONTHS, y * 4, y * 4 + 2};
        return 0;
    }
    if (n == 9 && s[4] == '-' && year4(s + 5, &y2) == 0 && y2 > y) {
        *p = (period){PERIOD_RANGE, y * 4, y2 * 4 + 3};
        return 0;
    }
    return -1;
}

int period_quarter_of(int q) { return q % 4 + 1; }
int period_year_of_quarter(int q) { return q / 4; }
int period_year_of(const period *p) { return p->last / 4; }

char *period_code(const period *p, char *out, size_t n)
{
    int y = p->last / 4;
    switch (p->kind) {
    case PERIOD_QUARTER: snprintf(out, n, "%d-Q%d", y, p->last % 4 + 1); break;
    case PERIOD_HALF: snprintf(out, n, "%d-H1", y); break;
    case PERIOD_NINE_MONTHS: snprintf(out, n, "%d-9M", y); break;
    case PERIOD_YEAR: snprintf(out, n, "%d", y); break;
    case PERIOD_RANGE: snprintf(out, n, "%d-%d", p->first / 4, y); break;
    }
    return out;
}

char *period_label(const period *p, char *out, size_t n)
{
    static const char *roman[] = {"I", "II", "III", "IV"};
    int y = p->last / 4;
    switch (p->kind) {
    case PERIOD_QUARTER: snprintf(out, n, "quý %s năm %d", roman[p->last % 4], y); break;
    case PERIOD_HALF: snprintf(out, n, "6 tháng đầu năm %d", y); break;
    case PERIOD_NINE_MONTHS: snprintf(out, n, "9 tháng năm %d", y); break;
    case PERIOD_YEAR: snprintf(out, n, "năm %d", y); break;
    case PERIOD_RANGE: snprintf(out, n, "giai đoạn %d - %d", p->first / 4, y); break;
    }
    return out;
}

const char *period_kind_name(enum period_kind k)
{
    switch (k) {
    case PERIOD_QUARTER: return "quarter";
    case PERIOD_HALF: return "half";
    case PERIOD_NINE_MONTHS: return "nine-months";
    case PERIOD_YEAR: return "year";
    case PERIOD_RANGE: return "range";
    }
    return "?";
}

void period_window(const period *p, int cutoff_day, date_t *from, date_t *to)
{
    /* first month of the first quarter, then the month before it */
    int fy = p->first / 4, fm = (p->first % 4) * 3 + 1;
    fm -= 1;
    if (fm == 0) {
        fm = 12;
        fy -= 1;
    }
    *from = date_from_ymd(fy, fm, cutoff_day) + 1;
    int ly = p->last / 4, lm = (p->last % 4) * 3 + 3;
    *to = date_from_ymd(ly, lm, cutoff_day);
}

int period_within(const period *inner, const period *outer)
{
    return inner->first >= outer->first && inner->last <= outer->last;
}

int period_equal(const period *a, const period *b)
{
    return a->kind == b->kind && a->first == b->first && a->last == b->last;
}

int period_same_span(const period *a, const period *b)
{
    return a->first == b->first && a->last == b->last;
}
