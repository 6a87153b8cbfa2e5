/*
 * date: day numbers from and to civil dates (Howard Hinnant's algorithm),
 * strict parsing, and the written forms used in reports.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

date_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t t, int *y, int *m, int *d)
{
    int z = t + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

int date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse(const char *s, date_t *out)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
        digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

int date_parse_epoch(const char *s, date_t *out)
{
    const int64_t last = date_from_ymd(2999, 12, 31);
    int64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v / 86400 > last)   /* also keeps v far from overflowing */
            return -1;
    }
    *out = (date_t)(v / 86400);
    return 0;
}

char *date_iso(date_t t, char *out, size_t n)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d", y, m, d);
    return out;
}

char *date_dmy(date_t t, char *out, size_t n)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    snprintf(out, n, "%02d/%02d/%04d", d, m, y);
    return out;
}

char *date_vn_short(date_t t, char *out, size_t n)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    snprintf(out, n, "%02d/%s%d/%d", d, m <= 2 ? "0" : "", m, y);
    return out;
}

char *date_vn_long(date_t t, char *out, size_t n)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    snprintf(out, n, "ngày %02d tháng %s%d năm %d", d, m <= 2 ? "0" : "", m, y);
    return out;
}
