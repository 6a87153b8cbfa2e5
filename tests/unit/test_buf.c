/*
 * Unit tests of buf: the growable, always NUL-terminated, capped buffer.
 * The cap refuses a whole write and leaves the buffer exactly as it was.
 */
#include "fixtures.h"

#include "buf.h"

static void assert_buf(const buf *b, const char *want)
{
    assert_int_equal(b->len, strlen(want));
    assert_memory_equal(b->data, want, strlen(want) + 1); /* NUL included */
}

static void test_init_is_empty_string(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    REQUIRE(b.data);
    assert_buf(&b, "");
    assert_int_equal(b.cap, 0);
    buf_clear(&b); /* on a never-written buffer */
    assert_buf(&b, "");
    buf_release(&b);
    assert_buf(&b, "");
}

static void test_put_puts_putc(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    assert_int_equal(buf_puts(&b, "Lạng"), 0);
    assert_int_equal(buf_putc(&b, ' '), 0);
    assert_int_equal(buf_put(&b, "Sơn!!!", strlen("Sơn")), 0);
    assert_int_equal(buf_put(&b, "ignored", 0), 0);
    assert_buf(&b, "Lạng Sơn");
    buf_clear(&b);
    assert_buf(&b, "");
    assert_int_equal(buf_puts(&b, "x"), 0);
    assert_buf(&b, "x");
    buf_release(&b);
}

static void test_put_binary_keeps_bytes(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    const char bytes[] = {'a', '\0', 'b'};
    assert_int_equal(buf_put(&b, bytes, 3), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, bytes, 3);
    assert_int_equal(b.data[3], '\0');
    buf_release(&b);
}

static void test_grows_over_many_writes(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 100000);
    assert_true(b.cap > b.len);
    for (int i = 0; i < 100000; i++)
        if (b.data[i] != (char)('a' + i % 26))
            fail_msg("byte %d is %c", i, b.data[i]);
    assert_int_equal(b.data[100000], '\0');
    buf_release(&b);
}

static void test_cap_refuses_whole_write(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 5);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    /* 3 + 3 > 5: nothing of "def" is written */
    assert_int_equal(buf_puts(&b, "def"), -1);
    assert_buf(&b, "abc");
    /* filling exactly to the cap is allowed */
    assert_int_equal(buf_puts(&b, "de"), 0);
    assert_buf(&b, "abcde");
    assert_int_equal(buf_putc(&b, 'f'), -1);
    assert_int_equal(buf_put(&b, "f", 1), -1);
    assert_buf(&b, "abcde");
    /* an empty write at the cap is fine */
    assert_int_equal(buf_put(&b, "", 0), 0);
    assert_buf(&b, "abcde");
    buf_release(&b);
    assert_int_equal(b.max, 5); /* release keeps the cap */
}

static void test_cap_refuses_oversized_first_write(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 4);
    assert_int_equal(buf_puts(&b, "12345"), -1);
    assert_buf(&b, "");
    assert_int_equal(b.cap, 0); /* nothing allocated either */
    /* huge n must not overflow the check */
    assert_int_equal(buf_put(&b, "x", SIZE_MAX), -1);
    assert_buf(&b, "");
    assert_int_equal(buf_puts(&b, "1234"), 0);
    assert_buf(&b, "1234");
    buf_release(&b);
}

static void test_printf(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    assert_int_equal(buf_printf(&b, "%s:%d", "plan.xml", 12), 0);
    assert_int_equal(buf_printf(&b, " [%05.1f]", 3.14159), 0);
    assert_int_equal(buf_printf(&b, "%s", ""), 0);
    assert_buf(&b, "plan.xml:12 [003.1]");
    /* a long formatted write grows the buffer */
    char big[3000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(buf_printf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, strlen("plan.xml:12 [003.1]") + 2 + 2999);
    assert_int_equal(b.data[b.len - 1], '>');
    assert_int_equal(b.data[b.len], '\0');
    buf_release(&b);
}

static void test_printf_respects_cap(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_printf(&b, "%d", 12345), 0);
    assert_int_equal(buf_printf(&b, "%d", 123456), -1); /* 5 + 6 > 10 */
    assert_buf(&b, "12345");
    assert_int_equal(buf_printf(&b, "%s", "abcde"), 0); /* exactly 10 */
    assert_buf(&b, "12345abcde");
    assert_int_equal(buf_printf(&b, "%s", "x"), -1);
    assert_buf(&b, "12345abcde");
    buf_release(&b);
}

static void test_detach(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_puts(&b, "Việt Nam"), 0);
    char *s = buf_detach(&b);
    assert_string_equal(s, "Việt Nam");
    /* b is empty again, and usable, with its cap */
    assert_buf(&b, "");
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 100);
    assert_int_equal(buf_puts(&b, "again"), 0);
    assert_buf(&b, "again");
    assert_string_equal(s, "Việt Nam"); /* the detached bytes are untouched */
    free(s);
    buf_release(&b);

    /* detaching a buffer never written gives a free()-able "" */
    buf e;
    buf_init(&e, 0);
    char *t = buf_detach(&e);
    REQUIRE(t);
    assert_string_equal(t, "");
    free(t);
}

/* A sink that keeps what it gets, and can be told to fail. */
struct collect {
    buf got;
    size_t calls, smallest;
    int fail;
};

static int collect_sink(void *ctx, const char *data, size_t len)
{
    struct collect *c = ctx;
    c->calls++;
    if (len < c->smallest)
        c->smallest = len;
    buf_put(&c->got, data, len);
    return c->fail ? -1 : 0;
}

static void test_spill(void **state)
{
    (void)state;
    struct collect c = { .smallest = (size_t)-1 };
    buf_init(&c.got, 0);
    buf b;
    buf_init(&b, 0);
    buf_spill_to(&b, collect_sink, &c);
    buf want;
    buf_init(&want, 0);
    for (int i = 0; i < 20000; i++) {   /* ~300 KB, by printf and by putc */
        assert_int_equal(buf_printf(&b, "dòng %d", i), 0);
        assert_int_equal(buf_putc(&b, '\t'), 0);
        buf_printf(&want, "dòng %d\t", i);
        assert_true(b.len < BUF_SPILL);  /* never more held than that */
    }
    /* spills are whole chunks of at least BUF_SPILL bytes */
    assert_true(c.calls >= 3 && c.calls <= want.len / BUF_SPILL);
    assert_true(c.smallest >= BUF_SPILL);
    assert_int_equal(buf_flush(&b), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(c.got.len, want.len);
    assert_memory_equal(c.got.data, want.data, want.len);
    size_t calls = c.calls;
    assert_int_equal(buf_flush(&b), 0);  /* nothing left: no call */
    assert_int_equal(c.calls, calls);
    for (int i = 0; i < 3 * BUF_SPILL; i++) {   /* putc alone spills too */
        assert_int_equal(buf_putc(&b, 'x'), 0);
        assert_true(b.len < BUF_SPILL);
    }
    for (int i = 0; i < 3 * BUF_SPILL; i++) {   /* and put */
        assert_int_equal(buf_put(&b, "y", 1), 0);
        assert_true(b.len < BUF_SPILL);
    }
    assert_int_equal(buf_flush(&b), 0);
    assert_int_equal(c.got.len, want.len + 6 * BUF_SPILL);
    /* a failing sink is remembered until the end */
    c.fail = 1;
    for (int i = 0; i < 30000; i++)   /* ~170 KB: spills while failing */
        buf_printf(&b, "x%d", i);
    c.fail = 0;
    assert_int_equal(buf_flush(&b), -1);
    buf_release(&b);
    buf_release(&want);
    buf_release(&c.got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_empty_string),
        cmocka_unit_test(test_put_puts_putc),
        cmocka_unit_test(test_put_binary_keeps_bytes),
        cmocka_unit_test(test_grows_over_many_writes),
        cmocka_unit_test(test_cap_refuses_whole_write),
        cmocka_unit_test(test_cap_refuses_oversized_first_write),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_printf_respects_cap),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_spill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
