/*
 * test_names: strings kept in 64-byte rows, in memory or on disk.
 */
#include "fixtures.h"

#include "names.h"

/* A string of length len whose bytes say where they are. */
static char *text_of(size_t len, size_t seed)
{
    char *s = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        s[i] = (char)('a' + (i * 7 + seed) % 26);
    s[len] = '\0';
    return s;
}

/* Lengths around the row boundaries: the first row holds 59 bytes, the
 * others 64. */
static const size_t lens[] = {0, 1, 58, 59, 60, 122, 123, 124, 200, 4095, 3, 59};

static void round_trip(size_t mem)
{
    name_table n;
    names_init(&n, mem);
    size_t at[FX_COUNT(lens)];
    for (size_t k = 0; k < FX_COUNT(lens); k++) {
        char *s = text_of(lens[k], k);
        at[k] = names_add(&n, s, (unsigned char)(k * 3));
        free(s);
    }
    /* in order, each string's `next` the next one's place */
    size_t pos = 0;
    for (size_t k = 0; k < FX_COUNT(lens); k++) {
        assert_int_equal(pos, at[k]);
        unsigned char flag;
        char *want = text_of(lens[k], k);
        assert_string_equal(names_get(&n, pos, &flag, &pos), want);
        assert_int_equal(flag, (unsigned char)(k * 3));
        free(want);
    }
    assert_int_equal(pos, rows_count(n.r));   /* the last string ends the rows */
    /* backwards: any string by its place */
    for (size_t k = FX_COUNT(lens); k-- > 0;) {
        char *want = text_of(lens[k], k);
        assert_string_equal(names_get(&n, at[k], NULL, NULL), want);
        free(want);
    }
    names_release(&n);
}

static void test_round_trip_in_memory(void **state)
{
    (void)state;
    round_trip(1024);
}

static void test_round_trip_on_disk(void **state)
{
    (void)state;
    round_trip(1);   /* every row but the newest in the temporary file */
    round_trip(3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_in_memory),
        cmocka_unit_test(test_round_trip_on_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
