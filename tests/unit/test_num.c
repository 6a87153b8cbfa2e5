/*
 * Unit tests of num: exact decimals (scaled int64, millionths), the
 * Vietnamese-form hint, sums with overflow checks, and the one rounding
 * rule (half away from zero) of num_format and num_format_real.
 * Cases are tables of {input, expected}, in the manner of jq's tests/jq.test.
 */
#include "fixtures.h"

#include <math.h>

#include "num.h"

static const char *status_name(enum num_status s)
{
    switch (s) {
    case NUM_OK: return "NUM_OK";
    case NUM_INVALID: return "NUM_INVALID";
    case NUM_VIETNAMESE_FORM: return "NUM_VIETNAMESE_FORM";
    case NUM_TOO_LARGE: return "NUM_TOO_LARGE";
    case NUM_COMMA_AMBIGUOUS: return "NUM_COMMA_AMBIGUOUS";
    }
    return "?";
}

/* ---- parsing ---- */

static const struct {
    const char *in;
    num_t want;
} parse_ok[] = {
    {"0", 0},
    {"-0", 0},
    {"1", 1000000},
    {"-3", -3000000},
    {"1234.5", 1234500000},
    {"0.000001", 1},
    {"-0.000001", -1},
    {"0.1", 100000},
    {"12.50", 12500000},
    {"007", 7000000},
    {"1.234", 1234000}, /* a plain decimal, not "one thousand ..." */
    {"-1.234", -1234000},
    {"999999999999", INT64_C(999999999999000000)},        /* 12 digits */
    {"123456789012.123456", INT64_C(123456789012123456)}, /* 12 + 6 */
    {"-999999999999.999999", -INT64_C(999999999999999999)},
    {"000000000001", 1000000},
};

static void test_parse_plain(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(parse_ok); i++) {
        num_t v = 12345;
        char hint[64] = "untouched";
        enum num_status st = num_parse(parse_ok[i].in, &v, hint, sizeof hint);
        if (st != NUM_OK)
            ROW_FAIL("num_parse(\"%s\") = %s, want NUM_OK", parse_ok[i].in, status_name(st));
        else if (v != parse_ok[i].want)
            ROW_FAIL("num_parse(\"%s\") = %lld, want %lld", parse_ok[i].in, (long long)v,
                     (long long)parse_ok[i].want);
        /* the same without a hint buffer */
        num_t w = 0;
        if (num_parse(parse_ok[i].in, &w, NULL, 0) != NUM_OK || w != parse_ok[i].want)
            ROW_FAIL("num_parse(\"%s\", hint NULL) differs", parse_ok[i].in);
    }
    ROWS_DONE();
}

static const struct {
    const char *in;
    enum num_status want;
    const char *hint; /* for NUM_VIETNAMESE_FORM */
} parse_bad[] = {
    {"", NUM_INVALID, NULL},
    {"-", NUM_INVALID, NULL},
    {"1e309", NUM_INVALID, NULL},
    {"1E5", NUM_INVALID, NULL},
    {"1.5e3", NUM_INVALID, NULL},
    {"NaN", NUM_INVALID, NULL},
    {"nan", NUM_INVALID, NULL},
    {"inf", NUM_INVALID, NULL},
    {"-Infinity", NUM_INVALID, NULL},
    {"0x10", NUM_INVALID, NULL},
    {"12abc", NUM_INVALID, NULL},
    {"abc", NUM_INVALID, NULL},
    {"+5", NUM_INVALID, NULL},
    {".5", NUM_INVALID, NULL},
    {"-.5", NUM_INVALID, NULL},
    {"1.", NUM_INVALID, NULL},
    {"1..2", NUM_INVALID, NULL},
    {"--1", NUM_INVALID, NULL},
    {" 5", NUM_INVALID, NULL},
    {"5 ", NUM_INVALID, NULL},
    {"1 234", NUM_INVALID, NULL},
    {"1,234.5", NUM_INVALID, NULL}, /* English grouping: not a suggestion we make */
    {"1.234.56", NUM_INVALID, NULL},
    {"12,", NUM_INVALID, NULL},
    {",5", NUM_INVALID, NULL},
    {"1.23.456", NUM_INVALID, NULL},
    {"mười hai", NUM_INVALID, NULL},
    {"123456789012345678901234567890", NUM_TOO_LARGE, NULL}, /* 30 digits */
    {"1234567890123", NUM_TOO_LARGE, NULL},                  /* 13 digits */
    {"0000000000001", NUM_TOO_LARGE, NULL},                  /* 13 digits, as the schema */
    {"0.1234567", NUM_TOO_LARGE, NULL},                      /* 7 decimals */
    {"-1.0000000", NUM_TOO_LARGE, NULL},
    {"99999999999999999999.5", NUM_TOO_LARGE, NULL},
    {"1.234,5", NUM_VIETNAMESE_FORM, "1234.5"},
    {"12,5", NUM_VIETNAMESE_FORM, "12.5"},
    {"0,25", NUM_VIETNAMESE_FORM, "0.25"},
    {"1234,5", NUM_VIETNAMESE_FORM, "1234.5"},
    {"1.234.567", NUM_VIETNAMESE_FORM, "1234567"},
    {"1.234.567,89", NUM_VIETNAMESE_FORM, "1234567.89"},
    {"-1.234,5", NUM_VIETNAMESE_FORM, "-1234.5"},
    {"-12,5", NUM_VIETNAMESE_FORM, "-12.5"},
    {"12.345.678.901", NUM_VIETNAMESE_FORM, "12345678901"},
    /* one comma, three digits after it, no dot: 19 thousand or 19 and a bit */
    {"19,077", NUM_COMMA_AMBIGUOUS, "19.077"},
    {"-1,500", NUM_COMMA_AMBIGUOUS, "-1.500"},
    {"1.019,077", NUM_VIETNAMESE_FORM, "1019.077"}, /* the dot groups: decimals */
    {"19,0770", NUM_VIETNAMESE_FORM, "19.0770"},
};

static void test_parse_rejects(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(parse_bad); i++) {
        num_t v = 777;
        char hint[64] = "untouched";
        enum num_status st = num_parse(parse_bad[i].in, &v, hint, sizeof hint);
        if (st != parse_bad[i].want) {
            ROW_FAIL("num_parse(\"%s\") = %s, want %s", parse_bad[i].in, status_name(st),
                     status_name(parse_bad[i].want));
            continue;
        }
        if (v != 777)
            ROW_FAIL("num_parse(\"%s\") wrote %lld on failure", parse_bad[i].in, (long long)v);
        if (parse_bad[i].hint && strcmp(hint, parse_bad[i].hint) != 0)
            ROW_FAIL("num_parse(\"%s\") hint \"%s\", want \"%s\"", parse_bad[i].in, hint,
                     parse_bad[i].hint);
        /* without a hint buffer the Vietnamese form is just not a number */
        if (parse_bad[i].want == NUM_VIETNAMESE_FORM &&
            num_parse(parse_bad[i].in, &v, NULL, 0) != NUM_INVALID)
            ROW_FAIL("num_parse(\"%s\", hint NULL) is not NUM_INVALID", parse_bad[i].in);
    }
    ROWS_DONE();
}

static void test_hint_truncated_to_buffer(void **state)
{
    (void)state;
    num_t v;
    char hint[5];
    memset(hint, 'X', sizeof hint);
    assert_int_equal(num_parse("1.234.567,5", &v, hint, sizeof hint), NUM_VIETNAMESE_FORM);
    assert_string_equal(hint, "1234"); /* 4 bytes + NUL, no overflow */
}

/* ---- sums ---- */

static void test_sums_are_exact(void **state)
{
    (void)state;
    num_t a, b, c, sum;
    assert_int_equal(num_parse("0.1", &a, NULL, 0), NUM_OK);
    assert_int_equal(num_parse("0.2", &b, NULL, 0), NUM_OK);
    assert_int_equal(num_parse("0.3", &c, NULL, 0), NUM_OK);
    assert_int_equal(num_add(a, b, &sum), 0);
    assert_true(sum == c);

    /* ten times 0.1 is exactly 1, a million times 0.000001 too */
    num_t acc = 0;
    for (int i = 0; i < 10; i++)
        assert_int_equal(num_add(acc, a, &acc), 0);
    assert_true(acc == num_from_int(1));
    num_t tiny, acc2 = 0;
    assert_int_equal(num_parse("0.000001", &tiny, NULL, 0), NUM_OK);
    for (int i = 0; i < 1000000; i++)
        num_add(acc2, tiny, &acc2);
    assert_true(acc2 == NUM_SCALE);

    assert_true(num_from_int(0) == 0);
    assert_true(num_from_int(-7) == -7 * NUM_SCALE);
    assert_true(num_to_real(1500000) == 1.5L);
    assert_true(num_to_real(-1) == -0.000001L);
}

static void test_add_overflow(void **state)
{
    (void)state;
    static const struct {
        num_t a, b;
        int ret;
        num_t sum;
    } rows[] = {
        {INT64_MAX, 0, 0, INT64_MAX},
        {INT64_MAX, 1, -1, 0},
        {INT64_MAX - 5, 5, 0, INT64_MAX},
        {INT64_MAX - 5, 6, -1, 0},
        {INT64_MIN, 0, 0, INT64_MIN},
        {INT64_MIN, -1, -1, 0},
        {INT64_MIN + 1, -1, 0, INT64_MIN},
        {INT64_MIN, INT64_MAX, 0, -1},
        {INT64_MAX, INT64_MIN, 0, -1},
        {INT64_MIN, INT64_MIN, -1, 0},
        {INT64_MAX, INT64_MAX, -1, 0},
        {-5, 3, 0, -2},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        num_t out = 424242;
        int r = num_add(rows[i].a, rows[i].b, &out);
        if (r != rows[i].ret)
            ROW_FAIL("num_add(%lld, %lld) returned %d, want %d", (long long)rows[i].a,
                     (long long)rows[i].b, r, rows[i].ret);
        else if (r == 0 && out != rows[i].sum)
            ROW_FAIL("num_add(%lld, %lld) = %lld", (long long)rows[i].a, (long long)rows[i].b,
                     (long long)out);
        else if (r != 0 && out != 424242)
            ROW_FAIL("num_add(%lld, %lld) wrote the result on overflow", (long long)rows[i].a,
                     (long long)rows[i].b);
    }
    ROWS_DONE();
}

/* ---- formatting ---- */

static const struct {
    num_t v;
    int decimals;
    enum num_style style;
    const char *want;
} format_rows[] = {
    /* plain and Vietnamese forms */
    {INT64_C(1234567500000), 1, NUM_PLAIN, "1234567.5"},
    {INT64_C(1234567500000), 1, NUM_VIETNAMESE, "1.234.567,5"},
    {INT64_C(1234567500000), 0, NUM_VIETNAMESE, "1.234.568"},
    {INT64_C(1234567500000), 2, NUM_VIETNAMESE, "1.234.567,50"},
    {-INT64_C(1234567500000), 1, NUM_VIETNAMESE, "-1.234.567,5"},
    {INT64_C(999000000), 0, NUM_VIETNAMESE, "999"},
    {INT64_C(1000000000), 0, NUM_VIETNAMESE, "1.000"},
    {INT64_C(100000000000), 0, NUM_VIETNAMESE, "100.000"},
    {INT64_C(999999999999000000), 0, NUM_VIETNAMESE, "999.999.999.999"},
    {12500000, 1, NUM_VIETNAMESE, "12,5"},
    {0, 0, NUM_PLAIN, "0"},
    {0, 2, NUM_VIETNAMESE, "0,00"},
    {1, 6, NUM_PLAIN, "0.000001"},
    {-1, 6, NUM_PLAIN, "-0.000001"},
    /* half away from zero at 0, 1 and 2 decimals */
    {2500000, 0, NUM_PLAIN, "3"},
    {-2500000, 0, NUM_PLAIN, "-3"},
    {1500000, 0, NUM_PLAIN, "2"},
    {-1500000, 0, NUM_PLAIN, "-2"},
    {500000, 0, NUM_PLAIN, "1"},
    {-500000, 0, NUM_PLAIN, "-1"},
    {2499999, 0, NUM_PLAIN, "2"},
    {-2499999, 0, NUM_PLAIN, "-2"},
    {499999, 0, NUM_PLAIN, "0"},
    {-499999, 0, NUM_PLAIN, "0"}, /* no "-0" */
    {250000, 1, NUM_PLAIN, "0.3"},
    {-250000, 1, NUM_PLAIN, "-0.3"},
    {350000, 1, NUM_PLAIN, "0.4"},
    {249999, 1, NUM_PLAIN, "0.2"},
    {-49999, 1, NUM_PLAIN, "0.0"},
    {125000, 2, NUM_PLAIN, "0.13"},
    {-125000, 2, NUM_PLAIN, "-0.13"},
    {135000, 2, NUM_PLAIN, "0.14"},
    {124999, 2, NUM_PLAIN, "0.12"},
    {-1000, 2, NUM_PLAIN, "0.00"},
    {-5000, 2, NUM_PLAIN, "-0.01"},
    {9995000, 2, NUM_PLAIN, "10.00"}, /* carry into the integer part */
    {-9995000, 2, NUM_VIETNAMESE, "-10,00"},
    {999999500000, 0, NUM_VIETNAMESE, "1.000.000"},
    {1234567, 6, NUM_PLAIN, "1.234567"},
    {1234567, 7, NUM_PLAIN, "1.234567"}, /* more than 6: 6 */
    /* trimmed (decimals < 0) */
    {1500000, -1, NUM_PLAIN, "1.5"},
    {2000000, -1, NUM_PLAIN, "2"},
    {1, -1, NUM_PLAIN, "0.000001"},
    {-120000, -1, NUM_PLAIN, "-0.12"},
    {0, -1, NUM_PLAIN, "0"},
    {INT64_C(1234500000), -1, NUM_VIETNAMESE, "1.234,5"},
    {INT64_C(1234000000), -1, NUM_VIETNAMESE, "1.234"},
    {INT64_C(123456789012123456), -1, NUM_PLAIN, "123456789012.123456"},
    /* the extremes of the type */
    {INT64_MAX, 6, NUM_PLAIN, "9223372036854.775807"},
    {INT64_MIN, 6, NUM_PLAIN, "-9223372036854.775808"},
    {INT64_MIN, 0, NUM_VIETNAMESE, "-9.223.372.036.855"},
};

static void test_format_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(format_rows); i++) {
        char out[64];
        memset(out, 'X', sizeof out);
        char *r = num_format(format_rows[i].v, format_rows[i].decimals, format_rows[i].style,
                             out, sizeof out);
        if (r != out)
            ROW_FAIL("num_format does not return out");
        if (strcmp(out, format_rows[i].want) != 0)
            ROW_FAIL("num_format(%lld, %d, %s) = \"%s\", want \"%s\"",
                     (long long)format_rows[i].v, format_rows[i].decimals,
                     format_rows[i].style == NUM_PLAIN ? "PLAIN" : "VIETNAMESE", out,
                     format_rows[i].want);
    }
    ROWS_DONE();
}

/* ---- exact fractions ---- */

#define W(x) ((num_wide)(x))
#define P2(n) (W(1) << (n))

static const struct {
    num_wide num, den;
    int decimals;
    enum num_style style;
    const char *want;
} ratio_rows[] = {
    {1, 3, 2, NUM_PLAIN, "0.33"},
    {2, 3, 2, NUM_VIETNAMESE, "0,67"},
    {201, 200, 2, NUM_PLAIN, "1.01"}, /* 1.005: half away from zero, exactly */
    {-201, 200, 2, NUM_PLAIN, "-1.01"},
    {1, -4, 2, NUM_PLAIN, "-0.25"}, /* the sign of the denominator counts */
    {-1, -4, 2, NUM_PLAIN, "0.25"},
    {0, 5, 1, NUM_PLAIN, "0.0"},
    {-1, 3000, 2, NUM_PLAIN, "0.00"}, /* no "-0.00" */
    {1234567, 2, 1, NUM_VIETNAMESE, "617.283,5"},
    /* trimmed (decimals < 0): 6 decimals at most, trailing zeros dropped */
    {1, 3, -1, NUM_PLAIN, "0.333333"},
    {1, 4, -1, NUM_PLAIN, "0.25"},
    {1, 3, 7, NUM_PLAIN, "0.333333"}, /* more than 6: 6 */
    /* the edges of the exact path: the largest numerator and integer part */
    {P2(100), 3 * P2(36), 0, NUM_PLAIN, "6148914691236517205"},
    {(P2(64) - 1) * 100 + 25, 100, 2, NUM_PLAIN, "18446744073709551615.25"},
    /* past them, the long double form (exact here: powers of two) */
    {P2(101), 1, 0, NUM_PLAIN, "2535301200456458802993406410752"},
    {P2(101), 1, -1, NUM_PLAIN, "2535301200456458802993406410752"},
    {P2(110), P2(60), 6, NUM_PLAIN, "1125899906842624.000000"},
    {1, 0, 2, NUM_PLAIN, ""}, /* no value */
};

static void test_format_ratio_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(ratio_rows); i++) {
        char out[64];
        memset(out, 'X', sizeof out);
        char *r = num_format_ratio(ratio_rows[i].num, ratio_rows[i].den, ratio_rows[i].decimals,
                                   ratio_rows[i].style, out, sizeof out);
        if (r != out)
            ROW_FAIL("row %zu: num_format_ratio does not return out", i);
        else if (strcmp(out, ratio_rows[i].want) != 0)
            ROW_FAIL("row %zu: num_format_ratio(.., %d) = \"%s\", want \"%s\"", i,
                     ratio_rows[i].decimals, out, ratio_rows[i].want);
    }
    ROWS_DONE();
}

/* Parse then format gives back a canonical input. */
static void test_parse_format_round_trip(void **state)
{
    (void)state;
    static const char *const ins[] = {"0", "1", "-1", "0.5", "-0.5", "1234.5", "0.000001",
                                      "999999999999.999999", "-999999999999.999999", "10.01"};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(ins); i++) {
        num_t v;
        char out[64];
        if (num_parse(ins[i], &v, NULL, 0) != NUM_OK) {
            ROW_FAIL("\"%s\" does not parse", ins[i]);
            continue;
        }
        num_format(v, -1, NUM_PLAIN, out, sizeof out);
        if (strcmp(out, ins[i]) != 0)
            ROW_FAIL("round trip of \"%s\" gives \"%s\"", ins[i], out);
    }
    ROWS_DONE();
}

static const struct {
    long double v;
    int decimals;
    enum num_style style;
    const char *want;
} real_rows[] = {
    {2.5L, 0, NUM_PLAIN, "3"},
    {-2.5L, 0, NUM_PLAIN, "-3"},
    {3.5L, 0, NUM_PLAIN, "4"},
    {0.5L, 0, NUM_PLAIN, "1"},
    {-0.5L, 0, NUM_PLAIN, "-1"},
    {0.49L, 0, NUM_PLAIN, "0"},
    {-0.4L, 0, NUM_PLAIN, "0"},
    {0.25L, 1, NUM_PLAIN, "0.3"},
    {-0.25L, 1, NUM_PLAIN, "-0.3"},
    {0.125L, 2, NUM_PLAIN, "0.13"},
    {-0.125L, 2, NUM_PLAIN, "-0.13"},
    {0.375L, 2, NUM_VIETNAMESE, "0,38"},
    {12.5L, 1, NUM_VIETNAMESE, "12,5"},
    {1234567.5L, 1, NUM_VIETNAMESE, "1.234.567,5"},
    {1234567.5L, 0, NUM_VIETNAMESE, "1.234.568"},
    {9.995L, 0, NUM_PLAIN, "10"},
    {99.96L, 1, NUM_PLAIN, "100.0"},
    {-0.0L, 2, NUM_PLAIN, "0.00"},
    {-0.001L, 2, NUM_PLAIN, "0.00"},
    {1.5L, -1, NUM_PLAIN, "1.5"},
    {2.0L, -1, NUM_PLAIN, "2"},
    {0.03125L, -1, NUM_PLAIN, "0.03125"},
    {-1234.5L, -1, NUM_VIETNAMESE, "-1.234,5"},
    {1.0L / 3.0L, 4, NUM_PLAIN, "0.3333"},
    {2.0L / 3.0L, 2, NUM_VIETNAMESE, "0,67"},
    {150.0L, 1, NUM_PLAIN, "150.0"},
    /* large derived values keep every digit asked for */
    {123456789012.5L, 0, NUM_VIETNAMESE, "123.456.789.013"},
    {50000000000000.0L, 2, NUM_PLAIN, "50000000000000.00"},
    {50000000000000.0L, -1, NUM_PLAIN, "50000000000000"},
    {20000000000000.25L, 6, NUM_PLAIN, "20000000000000.250000"},
    /* past 64-bit integers (1.8e19): grouped, signed, and trimmed all the same */
    {1e20L, 0, NUM_VIETNAMESE, "100.000.000.000.000.000.000"},
    {-1e20L, 1, NUM_VIETNAMESE, "-100.000.000.000.000.000.000,0"},
    {-1e20L, 2, NUM_PLAIN, "-100000000000000000000.00"},
    {36893488147419103232.0L, 0, NUM_VIETNAMESE, "36.893.488.147.419.103.232"}, /* 2^65 */
    {1e20L, -1, NUM_PLAIN, "100000000000000000000"},
    {-1e20L, -1, NUM_VIETNAMESE, "-100.000.000.000.000.000.000"},
};

static void test_format_real_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(real_rows); i++) {
        char out[64];
        memset(out, 'X', sizeof out);
        num_format_real(real_rows[i].v, real_rows[i].decimals, real_rows[i].style, out,
                        sizeof out);
        if (strcmp(out, real_rows[i].want) != 0)
            ROW_FAIL("num_format_real(%.10Lg, %d, %s) = \"%s\", want \"%s\"", real_rows[i].v,
                     real_rows[i].decimals,
                     real_rows[i].style == NUM_PLAIN ? "PLAIN" : "VIETNAMESE", out,
                     real_rows[i].want);
    }
    ROWS_DONE();
}

/* num_format and num_format_real agree wherever the value is exact. */
static void test_format_real_agrees_with_exact(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (num_t v = -3000000; v <= 3000000; v += 62500) { /* steps of 1/16: exact in binary */
        for (int d = -1; d <= 4; d++) {
            char a[64], b[64];
            num_format(v, d, NUM_VIETNAMESE, a, sizeof a);
            num_format_real(num_to_real(v), d, NUM_VIETNAMESE, b, sizeof b);
            if (strcmp(a, b) != 0)
                ROW_FAIL("v=%lld d=%d: exact \"%s\", real \"%s\"", (long long)v, d, a, b);
        }
    }
    ROWS_DONE();
}

static void test_format_real_non_finite(void **state)
{
    (void)state;
    char out[64];
    strcpy(out, "garbage");
    assert_string_equal(num_format_real((long double)INFINITY, 2, NUM_PLAIN, out, sizeof out),
                        "");
    strcpy(out, "garbage");
    assert_string_equal(num_format_real(-(long double)INFINITY, 0, NUM_VIETNAMESE, out,
                                        sizeof out),
                        "");
    strcpy(out, "garbage");
    assert_string_equal(num_format_real((long double)NAN, 1, NUM_PLAIN, out, sizeof out), "");
    strcpy(out, "garbage");
    assert_string_equal(num_format_real(0.0L / 0.0L, -1, NUM_PLAIN, out, sizeof out), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_hint_truncated_to_buffer),
        cmocka_unit_test(test_sums_are_exact),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_format_table),
        cmocka_unit_test(test_format_ratio_table),
        cmocka_unit_test(test_parse_format_round_trip),
        cmocka_unit_test(test_format_real_table),
        cmocka_unit_test(test_format_real_agrees_with_exact),
        cmocka_unit_test(test_format_real_non_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
