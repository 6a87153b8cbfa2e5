/*
 * Unit tests of text: UTF-8 checks with the offset of the first bad byte,
 * NUL detection, NFC of decomposed Vietnamese, upper case and lengths.
 * Byte strings are written with \x escapes so the tests do not depend on
 * how this file itself is normalised.
 */
#include "fixtures.h"

#include "text.h"

/* "Việt" composed: V i U+1EC7 t */
#define VIET_NFC "Vi\xE1\xBB\x87t"
/* "Lạng Sơn" composed: U+1EA1 (a with dot below), U+01A1 (o with horn) */
#define LANGSON_NFC "L\xE1\xBA\xA1ng S\xC6\xA1n"
/* decomposed: a + U+0323, o + U+031B */
#define LANGSON_NFD "La\xCC\xA3ng So\xCC\x9Bn"

static const struct {
    const char *name;
    const char *s;
    size_t n;
    enum text_status want;
    size_t offset;
} checks[] = {
    {"empty", "", 0, TEXT_OK, 0},
    {"ascii", "abc", 3, TEXT_OK, 0},
    {"vietnamese", VIET_NFC, 6, TEXT_OK, 0},
    {"4-byte emoji", "a\xF0\x9F\x98\x80", 5, TEXT_OK, 0},
    {"U+10FFFF", "\xF4\x8F\xBF\xBF", 4, TEXT_OK, 0},
    {"latin-1 e acute", "caf\xE9", 4, TEXT_INVALID_UTF8, 3},
    {"latin-1 in the middle", "ab\xE9" "cd", 5, TEXT_INVALID_UTF8, 2},
    {"TCVN3-like byte", "Vi\xD6t Nam", 8, TEXT_INVALID_UTF8, 2},
    {"truncated 3-byte at end", "Vi\xE1\xBB", 4, TEXT_INVALID_UTF8, 2},
    {"truncated 3-byte before ASCII", "Vi\xE1\xBBt", 5, TEXT_INVALID_UTF8, 2},
    {"truncated 2-byte", "x\xC3", 2, TEXT_INVALID_UTF8, 1},
    {"overlong slash", "\xC0\xAF", 2, TEXT_INVALID_UTF8, 0},
    {"overlong after text", "ok\xC1\x81", 4, TEXT_INVALID_UTF8, 2},
    {"overlong 3-byte", "\xE0\x80\xAF", 3, TEXT_INVALID_UTF8, 0},
    {"surrogate D800", "\xED\xA0\x80", 3, TEXT_INVALID_UTF8, 0},
    {"surrogate after text", "abc\xED\xBF\xBF", 6, TEXT_INVALID_UTF8, 3},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 4, TEXT_INVALID_UTF8, 0},
    {"lone continuation", "a\x80", 2, TEXT_INVALID_UTF8, 1},
    {"0xFF", "\xFF", 1, TEXT_INVALID_UTF8, 0},
    {"0xFE", "ab\xFE", 3, TEXT_INVALID_UTF8, 2},
    {"first bad byte counts", "\xC3\xA9\xE9\xFF", 4, TEXT_INVALID_UTF8, 2},
    {"NUL", "a\0b", 3, TEXT_NUL, 1},
    {"NUL first", "\0", 1, TEXT_NUL, 0},
    {"NUL after multibyte", VIET_NFC "\0", 7, TEXT_NUL, 6},
    {"n stops before bad byte", "abc\xFF", 3, TEXT_OK, 0},
};

static void test_check_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(checks); i++) {
        size_t off = 999;
        enum text_status st = text_check(checks[i].s, checks[i].n, &off);
        if (st != checks[i].want)
            ROW_FAIL("%s: status %d, want %d", checks[i].name, (int)st, (int)checks[i].want);
        else if (st != TEXT_OK && off != checks[i].offset)
            ROW_FAIL("%s: offset %zu, want %zu", checks[i].name, off, checks[i].offset);
    }
    ROWS_DONE();
}

static const struct {
    const char *name;
    const char *in;
    const char *want;
} nfc_rows[] = {
    {"ascii unchanged", "Lang Son 2025", "Lang Son 2025"},
    {"composed unchanged", VIET_NFC, VIET_NFC},
    {"e + dot below + circumflex", "Vie\xCC\xA3\xCC\x82t", VIET_NFC},
    {"e + circumflex + dot below (reordered)", "Vie\xCC\x82\xCC\xA3t", VIET_NFC},
    {"e-circumflex + dot below", "Vi\xC3\xAA\xCC\xA3t", VIET_NFC},
    {"Lạng Sơn", LANGSON_NFD, LANGSON_NFC},
    /* "Độc lập": D-stroke has no decomposition; o + U+0302 + U+0323, a + U+0323 + U+0302 */
    {"Độc lập", "\xC4\x90o\xCC\x82\xCC\xA3" "c la\xCC\xA3\xCC\x82p",
     "\xC4\x90\xE1\xBB\x99" "c l\xE1\xBA\xAD" "p"},
    /* "Hữu Lũng": u + U+031B + U+0303, u + U+0303 */
    {"Hữu Lũng", "Hu\xCC\x9B\xCC\x83u Lu\xCC\x83ng", "H\xE1\xBB\xAFu L\xC5\xA9ng"},
    {"angstrom sign (singleton)", "\xE2\x84\xAB", "\xC3\x85"},
    {"no compatibility mapping: fi ligature kept", "\xEF\xAC\x81", "\xEF\xAC\x81"},
    {"no compatibility mapping: roman numeral IV kept", "\xE2\x85\xA3", "\xE2\x85\xA3"},
    {"lone combining mark kept", "\xCC\x81" "a", "\xCC\x81" "a"},
    {"empty", "", ""},
};

static void test_nfc_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(nfc_rows); i++) {
        char *out = text_nfc(nfc_rows[i].in, strlen(nfc_rows[i].in));
        if (strcmp(out, nfc_rows[i].want) != 0)
            ROW_FAIL("%s: NFC gives a different byte string", nfc_rows[i].name);
        /* NFC is idempotent */
        char *again = text_nfc(out, strlen(out));
        if (strcmp(again, out) != 0)
            ROW_FAIL("%s: NFC of NFC differs", nfc_rows[i].name);
        free(again);
        free(out);
    }
    ROWS_DONE();
}

/* The fast check says yes exactly where text.c promises (below U+0300,
 * U+1E00-U+1EFF, U+2010-U+205E, ASCII), so that common Vietnamese text skips
 * utf8proc, and no elsewhere (a combining mark, a singleton, 4 bytes). */
static const struct {
    const char *name;
    const char *s;
    int want;
} fast_rows[] = {
    {"empty", "", 1},
    {"ascii", "Lang Son 2025", 1},
    {"U+1EC7", VIET_NFC, 1},
    {"U+1EA1 and U+01A1", LANGSON_NFC, 1},
    {"two composed letters in a row", "\xE1\xBB\x87\xE1\xBB\x87", 1},
    {"U+0110 (D with stroke)", "\xC4\x90", 1},
    {"U+02FF, the last below U+0300", "\xCB\xBF", 1},
    {"U+0300, a combining mark", "a\xCC\x80", 0},
    {"decomposed Vietnamese", LANGSON_NFD, 0},
    {"U+1E00, the first of its block", "\xE1\xB8\x80", 1},
    {"U+1DFF, a combining mark before it", "\xE1\xB7\xBF", 0},
    {"U+1EFF, the last of its block", "\xE1\xBB\xBF", 1},
    {"U+1F00, after it", "\xE1\xBC\x80", 0},
    {"U+2010, the first punctuation", "\xE2\x80\x90", 1},
    {"U+200F, before it", "\xE2\x80\x8F", 0},
    {"U+205E, the last punctuation", "\xE2\x81\x9E", 1},
    {"U+205F, after it", "\xE2\x81\x9F", 0},
    {"en dash and quotes", "\xE2\x80\x93 \xE2\x80\x9C" "a\xE2\x80\x9D", 1},
    {"U+212B, a singleton", "\xE2\x84\xAB", 0},
    {"a 4-byte character", "a\xF0\x9F\x98\x80", 0},
    {"a combining mark after composed letters", VIET_NFC "\xCC\x81", 0},
};

static void test_nfc_fast_table(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(fast_rows); i++) {
        int got = text_is_nfc_fast(fast_rows[i].s, strlen(fast_rows[i].s));
        if (got != fast_rows[i].want)
            ROW_FAIL("%s: text_is_nfc_fast %d, want %d", fast_rows[i].name, got, fast_rows[i].want);
        /* a yes is only ever said of a string NFC leaves as it is */
        char *nfc = text_nfc(fast_rows[i].s, strlen(fast_rows[i].s));
        if (fast_rows[i].want && strcmp(nfc, fast_rows[i].s) != 0)
            ROW_FAIL("%s: said to be NFC, but NFC changes it", fast_rows[i].name);
        free(nfc);
    }
    ROWS_DONE();
}

static void test_nfc_uses_length(void **state)
{
    (void)state;
    char *a = text_nfc("abcdef", 3);
    assert_string_equal(a, "abc");
    free(a);
    /* the decomposed "Việt" is 8 bytes; the rest must be ignored */
    char *b = text_nfc("Vie\xCC\xA3\xCC\x82t and more", 8);
    assert_string_equal(b, VIET_NFC);
    free(b);
    /* composed and decomposed input end up byte-equal: they can be compared */
    char *c = text_nfc(LANGSON_NFD, strlen(LANGSON_NFD));
    char *d = text_nfc(LANGSON_NFC, strlen(LANGSON_NFC));
    assert_string_equal(c, d);
    assert_int_equal(strlen(c), strlen(LANGSON_NFC));
    free(c);
    free(d);
}

static void test_upper(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } rows[] = {
        /* "Độc lập" -> "ĐỘC LẬP" */
        {"\xC4\x90\xE1\xBB\x99" "c l\xE1\xBA\xAD" "p", "\xC4\x90\xE1\xBB\x98" "C L\xE1\xBA\xAC" "P"},
        /* "đ" -> "Đ" */
        {"\xC4\x91", "\xC4\x90"},
        /* "Sở Khoa học và Công nghệ" -> "SỞ KHOA HỌC VÀ CÔNG NGHỆ" */
        {"S\xE1\xBB\x9F Khoa h\xE1\xBB\x8D" "c v\xC3\xA0 C\xC3\xB4ng ngh\xE1\xBB\x87",
         "S\xE1\xBB\x9E KHOA H\xE1\xBB\x8C" "C V\xC3\x80 C\xC3\x94NG NGH\xE1\xBB\x86"},
        /* decomposed input comes out composed: "lạ" -> "LẠ" */
        {"la\xCC\xA3", "L\xE1\xBA\xA0"},
        {"ubnd t\xE1\xBB\x89nh 2025", "UBND T\xE1\xBB\x88NH 2025"},
        {"", ""},
        {"ABC", "ABC"},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *up = text_upper(rows[i].in);
        if (strcmp(up, rows[i].want) != 0)
            ROW_FAIL("text_upper row %zu: got \"%s\", want \"%s\"", i, up, rows[i].want);
        free(up);
    }
    ROWS_DONE();
}

static void test_length_and_next(void **state)
{
    (void)state;

    const char *s = "a" VIET_NFC "\xF0\x9F\x98\x80";
    size_t n = strlen(s), i = 0;
    static const int32_t want[] = {'a', 'V', 'i', 0x1EC7, 't', 0x1F600};
    for (size_t k = 0; k < FX_COUNT(want); k++)
        assert_int_equal(text_next(s, n, &i), want[k]);
    assert_int_equal(i, n);
    assert_int_equal(text_next(s, n, &i), -1);

    /* nothing is read at or past n, ASCII or not */
    size_t m = 0;
    assert_int_equal(text_next("ab", 1, &m), 'a');
    assert_int_equal(text_next("ab", 1, &m), -1);
    assert_int_equal(m, 1);
    m = 0;
    assert_int_equal(text_next(VIET_NFC, 0, &m), -1);

    /* a bad byte stops the walk and does not advance */
    size_t j = 1;
    assert_int_equal(text_next("a\xFF" "b", 3, &j), -1);
    assert_int_equal(j, 1);
}

/* File names from outside: text_escaped escapes what cannot be printed as it
 * is, and text_printable says exactly when it would change nothing. */
static void test_valid_and_printable(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } rows[] = {
        {"", ""},
        {"input/STC-2025-Q3.xml", "input/STC-2025-Q3.xml"},
        {"b" "\xC3\xA1" "o c" "\xC3\xA1" "o.xml", "b" "\xC3\xA1" "o c" "\xC3\xA1" "o.xml"},
        {"b\xE1o.xml", "b\\xe1o.xml"},                  /* Latin-1 */
        {"tab\there", "tab\\there"},                      /* control characters */
        {"a\nb\rc\x01" "d", "a\\nb\\rc\\x01d"},
        {"del\x7F", "del\\x7f"},
        {"nel\xC2\x85", "nel\\u0085"},                    /* a C1 control */
        {"cut\xE1\xBB", "cut\\xe1\\xbb"},               /* a truncated sequence */
        {"back\\slash", "back\\slash"},                  /* left as it is */
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
    };
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *v = text_escaped(rows[i].in);
        assert_string_equal(v, rows[i].want);
        assert_int_equal(text_printable(rows[i].in), strcmp(rows[i].in, rows[i].want) == 0);
        assert_true(text_printable(v));
        free(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_table),
        cmocka_unit_test(test_nfc_table),
        cmocka_unit_test(test_nfc_fast_table),
        cmocka_unit_test(test_nfc_uses_length),
        cmocka_unit_test(test_upper),
        cmocka_unit_test(test_length_and_next),
        cmocka_unit_test(test_valid_and_printable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
