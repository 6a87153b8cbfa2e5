/*
 * Unit tests of date: day numbers (round trips over 1900-2999, leap years),
 * strict YYYY-MM-DD parsing, SOURCE_DATE_EPOCH's seconds, and the written
 * forms, among them the Decree 30 long form whose leading zeros are easy to
 * get wrong.
 */
#include "fixtures.h"

#include "date.h"

static void test_known_day_numbers(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        date_t t;
    } rows[] = {
        {1970, 1, 1, 0},       {1970, 1, 2, 1},       {1969, 12, 31, -1},
        {2000, 1, 1, 10957},   {2000, 3, 1, 11017},   {2025, 9, 5, 20336},
        {1900, 1, 1, -25567},  {2999, 12, 31, 376199}, {2024, 2, 29, 19782},
        {2025, 3, 1, 20148},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        date_t t = date_from_ymd(rows[i].y, rows[i].m, rows[i].d);
        if (t != rows[i].t)
            ROW_FAIL("date_from_ymd(%d, %d, %d) = %ld, want %ld", rows[i].y, rows[i].m,
                     rows[i].d, (long)t, (long)rows[i].t);
        int y, m, d;
        date_to_ymd(rows[i].t, &y, &m, &d);
        if (y != rows[i].y || m != rows[i].m || d != rows[i].d)
            ROW_FAIL("date_to_ymd(%ld) = %d-%d-%d", (long)rows[i].t, y, m, d);
    }
    ROWS_DONE();
}

/* Every day from 1900-01-01 to 2999-12-31: consecutive numbers, the
 * calendar advancing by one day, and iso -> parse giving the day back. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    date_t first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2999, 12, 31);
    int y = 1900, m = 1, d = 1;
    long days = 0;
    for (date_t t = first; t <= last; t++, days++) {
        if (date_from_ymd(y, m, d) != t)
            fail_msg("date_from_ymd(%d, %d, %d) != %ld", y, m, d, (long)t);
        int yy, mm, dd;
        date_to_ymd(t, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("date_to_ymd(%ld) = %d-%d-%d, want %d-%d-%d", (long)t, yy, mm, dd, y, m, d);
        char iso[16];
        date_iso(t, iso, sizeof iso);
        date_t back = -99999;
        if (date_parse(iso, &back) != 0 || back != t)
            fail_msg("date_parse(\"%s\") does not give %ld back", iso, (long)t);
        /* next civil day */
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 3000);
    /* 1100 years, 267 of them leap (of the century years only 2000, 2400, 2800) */
    assert_int_equal(days, 1100L * 365 + 267);
}

static void test_leap_years(void **state)
{
    (void)state;
    static const struct {
        int y, m, days;
    } rows[] = {
        {2024, 2, 29}, {2025, 2, 28}, {2000, 2, 29}, {1900, 2, 28}, {2100, 2, 28},
        {2400, 2, 29}, {2023, 2, 28}, {2025, 1, 31}, {2025, 4, 30}, {2025, 12, 31},
        {2025, 6, 30}, {2025, 9, 30}, {2025, 11, 30}, {2025, 7, 31}, {2025, 8, 31},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++)
        if (date_days_in_month(rows[i].y, rows[i].m) != rows[i].days)
            ROW_FAIL("date_days_in_month(%d, %d) = %d, want %d", rows[i].y, rows[i].m,
                     date_days_in_month(rows[i].y, rows[i].m), rows[i].days);
    ROWS_DONE();
    date_t t;
    assert_int_equal(date_parse("2024-02-29", &t), 0);
    assert_int_equal(t, date_from_ymd(2024, 2, 29));
    assert_int_equal(date_parse("2000-02-29", &t), 0);
    assert_int_equal(date_parse("1900-02-29", &t), -1);
    assert_int_equal(date_parse("2100-02-29", &t), -1);
    /* 28 Feb + 1 day */
    char iso[16];
    assert_string_equal(date_iso(date_from_ymd(2024, 2, 28) + 1, iso, sizeof iso), "2024-02-29");
    assert_string_equal(date_iso(date_from_ymd(2025, 2, 28) + 1, iso, sizeof iso), "2025-03-01");
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2025-02-29", "2025-13-01", "2025-1-01",   "20250101",    "2025-00-10",
        "2025-01-00", "2025-04-31", "2025-06-31",  "2025-01-32",  "1899-12-31",
        "3000-01-01", "0000-01-01", "2025-01-01 ", " 2025-01-01", "2025/01/01",
        "2025-01-1",  "25-01-01",   "",            "2025-01-0a",  "+025-01-01",
        "2025-01-01T00:00:00",      "2025-1-1",    "२०२५-01-01",  "-2025-01-01",
        "2025--1-01", "2025-+1-01", "2025- 1-01",  "01/09/2025",
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(bad); i++) {
        date_t t = 4242;
        if (date_parse(bad[i], &t) != -1)
            ROW_FAIL("date_parse(\"%s\") accepted (%ld)", bad[i], (long)t);
        else if (t != 4242)
            ROW_FAIL("date_parse(\"%s\") wrote the output on failure", bad[i]);
    }
    ROWS_DONE();
    date_t t;
    assert_int_equal(date_parse("1900-01-01", &t), 0);
    assert_int_equal(t, date_from_ymd(1900, 1, 1));
    assert_int_equal(date_parse("2999-12-31", &t), 0);
    assert_int_equal(t, date_from_ymd(2999, 12, 31));
}

/* SOURCE_DATE_EPOCH: digits only, and the same last day as date_parse. */
static void test_parse_epoch(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
        date_t t;
    } rows[] = {
        {"0", 1, 0},
        {"86399", 1, 0},
        {"86400", 1, 1},
        {"1767571200", 1, 20458},           /* 2026-01-05 */
        {"0001767571200", 1, 20458},
        {"32503679999", 1, 376199},         /* 2999-12-31 23:59:59 */
        {"32503680000", 0, 0},              /* 3000-01-01 */
        {"99999999999999", 0, 0},           /* year 3170843 */
        {"9223372036854775807", 0, 0},
        {"99999999999999999999999999", 0, 0},
        {"", 0, 0},
        {"-1", 0, 0},
        {"+5", 0, 0},
        {" 5", 0, 0},
        {"5 ", 0, 0},
        {"1e9", 0, 0},
        {"yesterday", 0, 0},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        date_t t = 4242;
        int r = date_parse_epoch(rows[i].s, &t);
        if (rows[i].ok && (r != 0 || t != rows[i].t))
            ROW_FAIL("date_parse_epoch(\"%s\") = %d, %ld; want 0, %ld", rows[i].s, r, (long)t,
                     (long)rows[i].t);
        else if (!rows[i].ok && (r != -1 || t != 4242))
            ROW_FAIL("date_parse_epoch(\"%s\") accepted (%ld) or wrote the output", rows[i].s,
                     (long)t);
    }
    ROWS_DONE();
    assert_int_equal(date_from_ymd(2026, 1, 5), 20458);
}

static void test_written_forms(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        const char *iso, *dmy, *vn, *vn_short;
    } rows[] = {
        {2025, 9, 5, "2025-09-05", "05/09/2025", "ngày 05 tháng 9 năm 2025", "05/9/2025"},
        {2025, 2, 15, "2025-02-15", "15/02/2025", "ngày 15 tháng 02 năm 2025", "15/02/2025"},
        {2026, 1, 1, "2026-01-01", "01/01/2026", "ngày 01 tháng 01 năm 2026", "01/01/2026"},
        {2025, 12, 10, "2025-12-10", "10/12/2025", "ngày 10 tháng 12 năm 2025", "10/12/2025"},
        {2023, 3, 3, "2023-03-03", "03/03/2023", "ngày 03 tháng 3 năm 2023", "03/3/2023"},
        {2025, 10, 9, "2025-10-09", "09/10/2025", "ngày 09 tháng 10 năm 2025", "09/10/2025"},
        {2025, 11, 30, "2025-11-30", "30/11/2025", "ngày 30 tháng 11 năm 2025", "30/11/2025"},
        {2024, 2, 29, "2024-02-29", "29/02/2024", "ngày 29 tháng 02 năm 2024", "29/02/2024"},
        {1999, 7, 31, "1999-07-31", "31/07/1999", "ngày 31 tháng 7 năm 1999", "31/7/1999"},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        date_t t = date_from_ymd(rows[i].y, rows[i].m, rows[i].d);
        char a[16], b[16], c[64];
        if (strcmp(date_iso(t, a, sizeof a), rows[i].iso) != 0)
            ROW_FAIL("date_iso = \"%s\", want \"%s\"", a, rows[i].iso);
        if (strcmp(date_dmy(t, b, sizeof b), rows[i].dmy) != 0)
            ROW_FAIL("date_dmy = \"%s\", want \"%s\"", b, rows[i].dmy);
        if (strcmp(date_vn_long(t, c, sizeof c), rows[i].vn) != 0)
            ROW_FAIL("date_vn_long = \"%s\", want \"%s\"", c, rows[i].vn);
        if (strcmp(date_vn_short(t, b, sizeof b), rows[i].vn_short) != 0)
            ROW_FAIL("date_vn_short = \"%s\", want \"%s\"", b, rows[i].vn_short);
    }
    ROWS_DONE();
}

static void test_written_forms_truncate_safely(void **state)
{
    (void)state;
    char small[6];
    memset(small, 'X', sizeof small);
    date_iso(date_from_ymd(2025, 9, 5), small, sizeof small);
    assert_string_equal(small, "2025-");
    char vn[8];
    date_vn_long(date_from_ymd(2025, 9, 5), vn, sizeof vn);
    assert_int_equal(vn[sizeof vn - 1], '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_epoch),
        cmocka_unit_test(test_written_forms),
        cmocka_unit_test(test_written_forms_truncate_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
