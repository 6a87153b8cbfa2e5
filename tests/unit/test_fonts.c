/*
 * test_fonts: fontconfig lookup and glyph coverage.
 *
 * Needs fonts-liberation2 (or Times New Roman). The error path uses a
 * family name that cannot exist: fontconfig then offers DejaVu or similar,
 * which must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fonts.h"

static void test_find_default(void **state)
{
    (void)state;
    fonts_set s;
    assert_int_equal(fonts_find(NULL, &s), FONTS_OK);
    assert_non_null(s.family);
    assert_true(strcasecmp(s.family, "Liberation Serif") == 0 ||
                strcasecmp(s.family, "Times New Roman") == 0);
    for (int f = 0; f < FONTS_FACES; f++) {
        assert_non_null(s.path[f]);
        assert_int_equal(access(s.path[f], R_OK), 0);
        for (int g = 0; g < f; g++)
            assert_string_not_equal(s.path[f], s.path[g]);   /* real faces */
    }
    fonts_release(&s);
    assert_null(s.family);
    fonts_release(&s);   /* twice is harmless */
    fonts_release(NULL);
}

static void test_find_rejects_substitute(void **state)
{
    (void)state;
    fonts_set s;
    assert_int_equal(fonts_find("No Such Font Family 4711", &s),
                     FONTS_ERR_NOT_FOUND);
    assert_null(s.family);
    assert_null(s.path[0]);
    fonts_release(&s);
}

static void test_lacks(void **state)
{
    (void)state;
    fonts_set s;
    assert_int_equal(fonts_find("Times New Roman", &s), FONTS_OK);
    const char *vi = "Cộng hòa xã hội chủ nghĩa Việt Nam – “Độc lập” ỹ Ự\n";
    uint32_t cp = 0;
    size_t off = 99;
    for (int f = 0; f < FONTS_FACES; f++)
        assert_int_equal(fonts_lacks(&s, f, vi, strlen(vi), &cp, &off), 0);
    const char *cjk = "ab中c";
    assert_int_equal(fonts_lacks(&s, 0, cjk, strlen(cjk), &cp, &off), 1);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(off, 2);
    const char *emoji = "x\xF0\x9F\x98\x80";       /* U+1F600: beyond the BMP */
    assert_int_equal(fonts_lacks(&s, 3, emoji, strlen(emoji), &cp, &off), 1);
    assert_int_equal(cp, 0x1F600);
    const char *bad = "ok\xC3(";
    assert_int_equal(fonts_lacks(&s, 0, bad, strlen(bad), &cp, &off),
                     -FONTS_ERR_UTF8);
    assert_int_equal(off, 2);
    const char *surrogate = "\xED\xA0\x80";        /* U+D800 encoded */
    assert_int_equal(fonts_lacks(&s, 0, surrogate, 3, &cp, &off), -FONTS_ERR_UTF8);
    fonts_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_default),
        cmocka_unit_test(test_find_rejects_substitute),
        cmocka_unit_test(test_lacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
