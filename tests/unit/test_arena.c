/*
 * test_arena: pieces are aligned (or packed, for bytes), never move, larger
 * pieces than a block get their own, and release frees all and leaves the
 * arena usable (ASan and valgrind in `make sanitize` and valgrind.sh see
 * any leak or overrun).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "arena.h"

static void test_pieces(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 64);
    char *s = arena_strndup(&a, "Lạng Sơn, xyz", strlen("Lạng Sơn"));
    assert_string_equal(s, "Lạng Sơn");
    char *b = arena_bytes(&a, 3);
    assert_ptr_equal(b, s + strlen(s) + 1);   /* bytes are packed */
    void *p = arena_alloc(&a, 8);
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
    memset(p, 0xAB, 8);
    /* past the block: a new block, the old pieces stay where they were */
    char *big = arena_alloc(&a, 1000);
    memset(big, 1, 1000);
    assert_int_equal((uintptr_t)big % alignof(max_align_t), 0);
    char *after = arena_strndup(&a, "sau", 3);
    assert_string_equal(s, "Lạng Sơn");
    assert_string_equal(after, "sau");
    for (int i = 0; i < 200; i++) {   /* many blocks */
        char *t = arena_strndup(&a, "0123456789", 10);
        assert_string_equal(t, "0123456789");
    }
    arena_release(&a);
    assert_null(a.blocks);
    assert_string_equal(arena_strndup(&a, "lại", strlen("lại")), "lại");
    arena_release(&a);
    arena_release(&a);   /* twice: nothing to free */
}

static void test_zeroed_is_empty(void **state)
{
    (void)state;
    arena a = { 0 };   /* the default block size */
    char *p = arena_alloc(&a, 70 * 1024);   /* more than a default block */
    p[70 * 1024 - 1] = 1;
    assert_non_null(arena_alloc(&a, 1));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_zeroed_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
