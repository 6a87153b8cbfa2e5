/*
 * Unit tests of period: parsing, codes and Vietnamese labels, the Decree 09
 * cut-off windows, and the span relations (within, equal, compare).
 */
#include "fixtures.h"

#include "period.h"

#define Q(y, q) ((y) * 4 + (q) - 1)

static const struct {
    const char *in;
    enum period_kind kind;
    int first, last;
    const char *label;
} parse_ok[] = {
    {"2025-Q1", PERIOD_QUARTER, Q(2025, 1), Q(2025, 1), "quý I năm 2025"},
    {"2025-Q2", PERIOD_QUARTER, Q(2025, 2), Q(2025, 2), "quý II năm 2025"},
    {"2025-Q3", PERIOD_QUARTER, Q(2025, 3), Q(2025, 3), "quý III năm 2025"},
    {"2025-Q4", PERIOD_QUARTER, Q(2025, 4), Q(2025, 4), "quý IV năm 2025"},
    {"2023-Q1", PERIOD_QUARTER, Q(2023, 1), Q(2023, 1), "quý I năm 2023"},
    {"2025-H1", PERIOD_HALF, Q(2025, 1), Q(2025, 2), "6 tháng đầu năm 2025"},
    {"2025-9M", PERIOD_NINE_MONTHS, Q(2025, 1), Q(2025, 3), "9 tháng năm 2025"},
    {"2025", PERIOD_YEAR, Q(2025, 1), Q(2025, 4), "năm 2025"},
    {"2023-2025", PERIOD_RANGE, Q(2023, 1), Q(2025, 4), "giai đoạn 2023 - 2025"},
    {"2024-2025", PERIOD_RANGE, Q(2024, 1), Q(2025, 4), "giai đoạn 2024 - 2025"},
    {"1900", PERIOD_YEAR, Q(1900, 1), Q(1900, 4), "năm 1900"},
    {"2999-Q4", PERIOD_QUARTER, Q(2999, 4), Q(2999, 4), "quý IV năm 2999"},
};

static void test_parse_code_label(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(parse_ok); i++) {
        period p = {PERIOD_RANGE, -1, -1};
        if (period_parse(parse_ok[i].in, &p) != 0) {
            ROW_FAIL("period_parse(\"%s\") failed", parse_ok[i].in);
            continue;
        }
        if (p.kind != parse_ok[i].kind || p.first != parse_ok[i].first ||
            p.last != parse_ok[i].last)
            ROW_FAIL("period_parse(\"%s\") = {%d, %d, %d}, want {%d, %d, %d}", parse_ok[i].in,
                     (int)p.kind, p.first, p.last, (int)parse_ok[i].kind, parse_ok[i].first,
                     parse_ok[i].last);
        char code[32], label[64];
        if (strcmp(period_code(&p, code, sizeof code), parse_ok[i].in) != 0)
            ROW_FAIL("period_code(%s) = \"%s\"", parse_ok[i].in, code);
        if (strcmp(period_label(&p, label, sizeof label), parse_ok[i].label) != 0)
            ROW_FAIL("period_label(%s) = \"%s\", want \"%s\"", parse_ok[i].in, label,
                     parse_ok[i].label);
    }
    ROWS_DONE();
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2025-Q5", "2025-Q0", "25-Q1",     "2025-H2",   "2025-q3",   "2026-2025", "2025-2025",
        "",        "2025-",   "2025-Q",    "2025-Q34",  "2025-h1",   "2025-9m",   "2025-6M",
        "Q3-2025", "2025Q3",  "2025 ",     " 2025",     "2025-Q3 ",  "1899",      "3000",
        "abcd",    "202",     "20255",     "2023-20255", "2023/2025", "2023-1899", "2025-H1x",
        "2023-3000", "２０２５",
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(bad); i++) {
        period p = {PERIOD_QUARTER, 1234, 1234};
        if (period_parse(bad[i], &p) != -1)
            ROW_FAIL("period_parse(\"%s\") accepted: {%d, %d, %d}", bad[i], (int)p.kind, p.first,
                     p.last);
    }
    ROWS_DONE();
}

static void test_constructors_and_parts(void **state)
{
    (void)state;
    period q = period_quarter(2025, 3), y = period_year(2024), p;
    assert_int_equal(period_parse("2025-Q3", &p), 0);
    assert_true(period_equal(&q, &p));
    assert_int_equal(period_parse("2024", &p), 0);
    assert_true(period_equal(&y, &p));
    assert_int_equal(period_year_of(&q), 2025);
    assert_int_equal(period_year_of(&y), 2024);
    assert_int_equal(period_quarter_of(q.last), 3);
    assert_int_equal(period_year_of_quarter(q.last), 2025);
    assert_int_equal(period_quarter_of(Q(2024, 4)), 4);
    assert_int_equal(period_year_of_quarter(Q(2024, 4)), 2024);
    assert_int_equal(period_quarter_of(Q(2025, 1)), 1);
    assert_string_equal(period_kind_name(PERIOD_QUARTER), "quarter");
    assert_string_equal(period_kind_name(PERIOD_HALF), "half");
    assert_string_equal(period_kind_name(PERIOD_NINE_MONTHS), "nine-months");
    assert_string_equal(period_kind_name(PERIOD_YEAR), "year");
    assert_string_equal(period_kind_name(PERIOD_RANGE), "range");
}

static const struct {
    const char *period;
    int cutoff;
    const char *from, *to;
} windows[] = {
    {"2025-Q3", 14, "2025-06-15", "2025-09-14"},
    {"2025-Q1", 14, "2024-12-15", "2025-03-14"},
    {"2025-Q2", 14, "2025-03-15", "2025-06-14"},
    {"2025-Q4", 14, "2025-09-15", "2025-12-14"},
    {"2025-H1", 14, "2024-12-15", "2025-06-14"},
    {"2025-9M", 14, "2024-12-15", "2025-09-14"},
    {"2025", 14, "2024-12-15", "2025-12-14"},
    {"2023-2025", 14, "2022-12-15", "2025-12-14"},
    {"2024-Q1", 14, "2023-12-15", "2024-03-14"},
    {"2024-Q2", 14, "2024-03-15", "2024-06-14"},
    {"2025-Q1", 27, "2024-12-28", "2025-03-27"},
    {"2025-Q1", 1, "2024-12-02", "2025-03-01"},
    {"2024-Q1", 27, "2023-12-28", "2024-03-27"},
};

static void test_windows(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(windows); i++) {
        period p;
        if (period_parse(windows[i].period, &p) != 0) {
            ROW_FAIL("period_parse(\"%s\") failed", windows[i].period);
            continue;
        }
        date_t from = 0, to = 0;
        period_window(&p, windows[i].cutoff, &from, &to);
        char a[16], b[16];
        date_iso(from, a, sizeof a);
        date_iso(to, b, sizeof b);
        if (strcmp(a, windows[i].from) != 0 || strcmp(b, windows[i].to) != 0)
            ROW_FAIL("window(%s, cutoff %d) = %s..%s, want %s..%s", windows[i].period,
                     windows[i].cutoff, a, b, windows[i].from, windows[i].to);
    }
    ROWS_DONE();
}

/* Consecutive quarters' windows tile the calendar: no gap, no overlap. */
static void test_quarter_windows_tile(void **state)
{
    (void)state;
    for (int cutoff = 1; cutoff <= 27; cutoff++) {
        date_t prev_to = 0;
        for (int q = Q(2022, 1); q <= Q(2026, 4); q++) {
            period p = {PERIOD_QUARTER, q, q};
            date_t from, to;
            period_window(&p, cutoff, &from, &to);
            if (q > Q(2022, 1) && from != prev_to + 1)
                fail_msg("cutoff %d: quarter %d starts %ld, previous ended %ld", cutoff, q,
                         (long)from, (long)prev_to);
            prev_to = to;
        }
    }
}

static void test_within_equal(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int within; /* a within b */
    } rows[] = {
        {"2025-Q3", "2025", 1},     {"2025-Q3", "2025-9M", 1},
        {"2025-Q4", "2025-9M", 0},   {"2025-Q1", "2025-H1", 1},
        {"2025-Q2", "2025-H1", 1},  {"2025-Q3", "2025-H1", 0},
        {"2025-H1", "2025-9M", 1},  {"2025-9M", "2025", 1},
        {"2025", "2023-2025", 1},   {"2022-Q4", "2023-2025", 0},
        {"2026-Q1", "2023-2025", 0}, {"2023-Q1", "2023-2025", 1},
        {"2025-Q4", "2023-2025", 1}, {"2023-2025", "2023-2025", 1},
        {"2025-Q3", "2025-Q3", 1},   {"2025", "2025-Q4", 0},
        {"2024", "2025-Q1", 0},      {"2024-Q4", "2025-Q1", 0},
        {"2025-9M", "2025-Q3", 0},   {"2023-2025", "2025", 0},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        period a, b;
        if (period_parse(rows[i].a, &a) || period_parse(rows[i].b, &b)) {
            ROW_FAIL("parse failed: %s / %s", rows[i].a, rows[i].b);
            continue;
        }
        if (!!period_within(&a, &b) != rows[i].within)
            ROW_FAIL("period_within(%s, %s) = %d, want %d", rows[i].a, rows[i].b,
                     period_within(&a, &b), rows[i].within);
        if (!!period_equal(&a, &b) != (strcmp(rows[i].a, rows[i].b) == 0))
            ROW_FAIL("period_equal(%s, %s) = %d", rows[i].a, rows[i].b, period_equal(&a, &b));
    }
    ROWS_DONE();
    /* same span, different kind: not equal (a year is not the range 2025-2025) */
    period y = period_year(2025), r = {PERIOD_RANGE, Q(2025, 1), Q(2025, 4)};
    assert_false(period_equal(&y, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_code_label),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_constructors_and_parts),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_quarter_windows_tile),
        cmocka_unit_test(test_within_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
