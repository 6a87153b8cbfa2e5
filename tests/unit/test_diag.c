/*
 * Unit tests of diag: the message table (each format takes exactly nargs
 * %s and nothing else; ids unique, lowercase-kebab), long values cut, the
 * printed form (one line, control characters escaped), the stable sort by
 * line, quiet mode and diag_drop's bookkeeping.
 */
#include "fixtures.h"

#include "buf.h"
#include "diag.h"

/* Prints the list into a malloc'd string. */
static char *print_to_string(diag_list *l, int quiet)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    REQUIRE(f);
    diag_print(l, f, quiet);
    fclose(f);
    return s;
}

static void test_table_formats_take_nargs_strings(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (int i = 0; i < DIAG__COUNT; i++) {
        enum diag_id id = (enum diag_id)i;
        const char *f = diag_id_format(id);
        int strings = 0;
        for (const char *p = f; *p; p++) {
            if (*p != '%')
                continue;
            if (p[1] == 's') {
                strings++;
                p++;
            } else {
                ROW_FAIL("[%s] has a %% directive other than %%s: \"%s\"", diag_id_name(id), f);
            }
        }
        if (strings != diag_id_nargs(id))
            ROW_FAIL("[%s] nargs is %d but the format has %d %%s: \"%s\"", diag_id_name(id),
                     diag_id_nargs(id), strings, f);
        if (diag_id_nargs(id) < 0 || diag_id_nargs(id) > 3)
            ROW_FAIL("[%s] nargs %d out of range", diag_id_name(id), diag_id_nargs(id));
        if (!*f || f[strlen(f) - 1] == '.' || f[strlen(f) - 1] == ' ')
            ROW_FAIL("[%s] format is empty or ends in '.' or ' '", diag_id_name(id));
        enum diag_severity s = diag_id_severity(id);
        if (s != DIAG_NOTE && s != DIAG_WARNING && s != DIAG_ERROR)
            ROW_FAIL("[%s] bad severity %d", diag_id_name(id), (int)s);
    }
    ROWS_DONE();
}

static int is_kebab(const char *s)
{
    /* [a-z0-9]+(-[a-z0-9]+)* */
    int prev_dash = 1;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s == '-') {
            if (prev_dash)
                return 0;
            prev_dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            prev_dash = 0;
        } else {
            return 0;
        }
    }
    return !prev_dash;
}

static void test_table_ids_unique_kebab(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (int i = 0; i < DIAG__COUNT; i++) {
        const char *a = diag_id_name((enum diag_id)i);
        if (!is_kebab(a))
            ROW_FAIL("id \"%s\" (entry %d) is not lowercase-kebab", a, i);
        for (int j = i + 1; j < DIAG__COUNT; j++)
            if (strcmp(a, diag_id_name((enum diag_id)j)) == 0)
                ROW_FAIL("id \"%s\" is used by entries %d and %d", a, i, j);
    }
    ROWS_DONE();
}

/* The severities that the rest of the program relies on. */
static void test_table_severities(void **state)
{
    (void)state;
    static const struct {
        enum diag_id id;
        enum diag_severity sev;
        const char *name;
    } rows[] = {
        {DIAG_SUB_MEASURE_NOT_REPORTED, DIAG_WARNING, "measure-not-assigned"},
        {DIAG_SUB_ITEM_DATE, DIAG_WARNING, "item-date-outside"},
        {DIAG_SUB_TASK_NOT_ASSIGNED, DIAG_WARNING, "task-not-assigned"},
        {DIAG_SUB_SENT_BEFORE, DIAG_WARNING, "sent-before-period"},
        {DIAG_NOT_XML_NAME, DIAG_WARNING, "not-xml-file"},
        {DIAG_SCHEMA, DIAG_ERROR, "schema"},
        {DIAG_DOCTYPE, DIAG_ERROR, "doctype"},
        {DIAG_NUM_VIETNAMESE, DIAG_ERROR, "number-vietnamese"},
        {DIAG_SUB_MEASURE_TWICE, DIAG_ERROR, "measure-twice"},
        {DIAG_PLAN_DUPLICATE, DIAG_ERROR, "plan-duplicate-code"},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        if (diag_id_severity(rows[i].id) != rows[i].sev)
            ROW_FAIL("[%s] severity %d, want %d", rows[i].name,
                     (int)diag_id_severity(rows[i].id), (int)rows[i].sev);
        if (strcmp(diag_id_name(rows[i].id), rows[i].name) != 0)
            ROW_FAIL("id of %s is %s", rows[i].name, diag_id_name(rows[i].id));
    }
    ROWS_DONE();
}

static void test_add_formats_and_counts(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "a.xml");
    assert_string_equal(l.file, "a.xml");
    assert_int_equal(l.n, 0);
    assert_int_equal(l.worst, DIAG_NOTE);

    diag_add(&l, 3, DIAG_SUB_ITEM_TWICE, "00123", "CDDL", "2");
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].text,
                        "item '00123' of measure 'CDDL' is listed twice (first on line 2); list "
                        "it once");
    assert_int_equal(l.v[0].line, 3);
    assert_int_equal(l.v[0].id, DIAG_SUB_ITEM_TWICE);
    assert_int_equal(l.errors, 1);
    assert_int_equal(l.warnings, 0);
    assert_int_equal(l.worst, DIAG_ERROR);

    diag_add(&l, 0, DIAG_NOT_XML_NAME);
    assert_string_equal(l.v[1].text, "skipped: the name does not end in .xml");
    assert_int_equal(l.warnings, 1);
    assert_int_equal(l.worst, DIAG_ERROR);

    /* arguments are inserted as they are: no second round of formatting */
    diag_add(&l, 9, DIAG_NUM_INVALID, "%s%n%d");
    assert_string_equal(l.v[2].text,
                        "'%s%n%d' is not a number; write the figure alone, without a unit or "
                        "words, as a plain decimal such as 1234.5");
    /* a NULL argument does not crash */
    diag_add(&l, 9, DIAG_SUB_UNIT, (const char *)NULL);
    assert_string_equal(l.v[3].text, "unknown unit code '(null)'; use the code the plan gives "
                                     "your unit (baocao form --unit CODE)");
    assert_int_equal(l.errors, 3);
    diag_list_release(&l);

    diag_list w;
    diag_list_init(&w, NULL);
    assert_null(w.file);
    diag_add(&w, 0, DIAG_SUB_SENT_BEFORE, "01/05/2025", "2025-Q3");
    assert_int_equal(w.worst, DIAG_WARNING);
    assert_int_equal(w.errors, 0);
    assert_int_equal(w.warnings, 1);
    diag_list_release(&w);
}

/* n copies of the UTF-8 character c, in a malloc'd string. */
static char *repeat(const char *c, size_t n)
{
    size_t k = strlen(c);
    char *s = malloc(n * k + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * k, c, k);
    s[n * k] = '\0';
    return s;
}

#define ELLIPSIS "\xE2\x80\xA6"

/*
 * A value echoed from the input (its placeholder quoted in the format) is
 * cut after DIAG_VALUE_MAX characters, never inside one, so that the reason
 * after it always shows; other arguments keep their start and their end
 * past DIAG_TEXT_MAX characters.
 */
static void test_add_cuts_long_values(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "a.xml");
    char *x80 = repeat("X", DIAG_VALUE_MAX), *x81 = repeat("X", DIAG_VALUE_MAX + 1);
    char *x5000 = repeat("X", 5000), *x1m = repeat("X", 1000000);
    char *e81 = repeat("\xE1\xBB\x87", DIAG_VALUE_MAX + 1); /* ệ, 3 bytes */
    char *e80 = repeat("\xE1\xBB\x87", DIAG_VALUE_MAX);
    buf want;
    buf_init(&want, 0);

    diag_add(&l, 1, DIAG_SUB_UNIT, x80); /* exactly the limit: whole */
    buf_printf(&want, "unknown unit code '%s'; use the code the plan gives your unit "
                      "(baocao form --unit CODE)", x80);
    assert_string_equal(l.v[0].text, want.data);
    char *values[] = {x81, x5000, x1m};
    for (size_t i = 0; i < FX_COUNT(values); i++) {
        diag_add(&l, 1, DIAG_SUB_UNIT, values[i]);
        buf_clear(&want);
        buf_printf(&want, "unknown unit code '%s" ELLIPSIS "'; use the code the plan gives your "
                          "unit (baocao form --unit CODE)", x80);
        assert_string_equal(l.v[l.n - 1].text, want.data);
    }
    /* characters, not bytes */
    diag_add(&l, 1, DIAG_NUM_INVALID, e81);
    buf_clear(&want);
    buf_printf(&want, "'%s" ELLIPSIS "' is not a number; write the figure alone, without a unit "
                      "or words, as a plain decimal such as 1234.5",
               e80);
    assert_string_equal(l.v[l.n - 1].text, want.data);
    /* every quoted form: '%s', <%s>, {%s}, "%s"; the unquoted one untouched */
    diag_add(&l, 1, DIAG_WRONG_ROOT, x5000, "submission");
    assert_non_null(strstr(l.v[l.n - 1].text, "X" ELLIPSIS ">, expected <submission>;"));
    diag_add(&l, 1, DIAG_TPL_PLACEHOLDER, x5000);
    assert_non_null(strstr(l.v[l.n - 1].text, "X" ELLIPSIS "}; the placeholders"));
    diag_add(&l, 1, DIAG_TPL_WIDTHS, x5000, "3");
    assert_non_null(strstr(l.v[l.n - 1].text, "X" ELLIPSIS "\" does not fit this table of 3"));
    diag_add(&l, 1, DIAG_SUB_ITEM_TWICE, x5000, "CDDL", "2");
    assert_true(strlen(l.v[l.n - 1].text) < 200);
    /* a long path or reason keeps its start and its end */
    char *half = repeat("X", DIAG_TEXT_MAX / 2);
    buf path;
    buf_init(&path, 0);
    buf_printf(&path, "/start/%s/end.xml", x5000);
    diag_add(&l, 0, DIAG_SUB_DUPLICATE, path.data);
    buf_clear(&want);
    buf_printf(&want, "this file repeats /start/%s" ELLIPSIS "%s/end.xml (same unit, period, "
                      "revision and content); it is counted once",
               half + 7, half + 8);
    assert_string_equal(l.v[l.n - 1].text, want.data);
    buf_clear(&path);
    buf_putc(&path, '/');
    for (int i = 0; i < DIAG_TEXT_MAX - 1; i++)
        buf_putc(&path, 'Y');
    diag_add(&l, 0, DIAG_SUB_DUPLICATE, path.data); /* DIAG_TEXT_MAX characters: whole */
    assert_non_null(strstr(l.v[l.n - 1].text, path.data));
    buf_release(&path);

    /* diag_put_value, for messages made elsewhere */
    buf b;
    buf_init(&b, 0);
    diag_put_value(&b, e81, strlen(e81));
    buf_clear(&want);
    buf_printf(&want, "%s" ELLIPSIS, e80);
    assert_string_equal(b.data, want.data);
    buf_clear(&b);
    diag_put_value(&b, "short", 5);
    assert_string_equal(b.data, "short");
    buf_release(&b);

    buf_release(&want);
    free(half);
    free(x80);
    free(x81);
    free(x5000);
    free(x1m);
    free(e81);
    free(e80);
    diag_list_release(&l);
}

static void test_print_forms(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "in/SKHCN-2025-Q3.xml");
    diag_add(&l, 12, DIAG_SUB_UNIT, "SXYZ");
    diag_add(&l, 0, DIAG_NOT_XML_NAME);
    char *out = print_to_string(&l, 0);
    assert_string_equal(out, "in/SKHCN-2025-Q3.xml: warning: skipped: the name does not end "
                             "in .xml [not-xml-file]\n"
                             "in/SKHCN-2025-Q3.xml:12: error: unknown unit code 'SXYZ'; use "
                             "the code the plan gives your unit (baocao form --unit CODE) "
                             "[unknown-unit]\n");
    free(out);
    diag_list_release(&l);

    diag_list r;
    diag_list_init(&r, NULL);
    diag_add(&r, 0, DIAG_USAGE, "unknown option --frobnicate");
    out = print_to_string(&r, 0);
    assert_string_equal(out, "baocao: error: unknown option --frobnicate; see baocao --help "
                             "[usage]\n");
    free(out);
    diag_list_release(&r);
}

/*
 * A file name may hold any byte but '/' and NUL: its control characters
 * are escaped, in the name and in arguments (a path in a message), so that
 * each diagnostic stays one line and the terminal is not driven. UTF-8 and
 * bytes that are not UTF-8 are printed as they are.
 */
static void test_print_escapes_control_characters(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "in/a\nb\tc\rd\x01" "e\x1b[31mf\x7fg\xc2\x85h.xml");
    diag_add(&l, 0, DIAG_EMPTY_FILE);
    diag_add(&l, 2, DIAG_SUB_DUPLICATE, "in/other\n.xml");
    diag_add(&l, 3, DIAG_SUB_UNIT, "X\nY");
    char *out = print_to_string(&l, 0);
    assert_string_equal(out, "in/a\\nb\\tc\\rd\\x01e\\x1b[31mf\\x7fg\\u0085h.xml: error: the file "
                             "is empty; send the filled-in form again [empty-file]\n"
                             "in/a\\nb\\tc\\rd\\x01e\\x1b[31mf\\x7fg\\u0085h.xml:2: warning: this "
                             "file repeats in/other\\n.xml (same unit, period, revision and "
                             "content); it is counted once [duplicate-file]\n"
                             "in/a\\nb\\tc\\rd\\x01e\\x1b[31mf\\x7fg\\u0085h.xml:3: error: unknown "
                             "unit code 'X\\nY'; use the code the plan gives your unit (baocao "
                             "form --unit CODE) [unknown-unit]\n");
    free(out);
    diag_list_release(&l);

    /* Vietnamese as it is; a Latin-1 byte, which is not UTF-8, escaped */
    diag_list_init(&l, "in/S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh caf\xe9.xml");
    diag_add(&l, 0, DIAG_EMPTY_FILE);
    out = print_to_string(&l, 0);
    assert_string_equal(out, "in/S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh caf\\xe9.xml: error: the "
                             "file is empty; send the filled-in form again [empty-file]\n");
    free(out);
    diag_list_release(&l);
}

static void test_print_sorts_by_line_stably(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "f.xml");
    static const struct {
        unsigned long line;
        const char *arg;
    } adds[] = {{5, "e1"}, {0, "z"}, {3, "c1"}, {5, "e2"}, {3, "c2"}, {70001, "big"},
                {1, "a"},  {5, "e3"}, {3, "c3"}};
    for (size_t i = 0; i < FX_COUNT(adds); i++)
        diag_add(&l, adds[i].line, DIAG_SUB_TASK, adds[i].arg);
    char *out = print_to_string(&l, 0);
    const char *want[] = {"f.xml: error: unknown task code 'z'",
                          "f.xml:1: error: unknown task code 'a'",
                          "f.xml:3: error: unknown task code 'c1'",
                          "f.xml:3: error: unknown task code 'c2'",
                          "f.xml:3: error: unknown task code 'c3'",
                          "f.xml:5: error: unknown task code 'e1'",
                          "f.xml:5: error: unknown task code 'e2'",
                          "f.xml:5: error: unknown task code 'e3'",
                          "f.xml:70001: error: unknown task code 'big'"};
    const char *p = out;
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        if (strncmp(p, want[i], strlen(want[i])) != 0)
            fail_msg("line %zu of the output is not \"%s\":\n%s", i, want[i], out);
        p = strchr(p, '\n');
        REQUIRE(p);
        p++;
    }
    assert_string_equal(p, "");
    free(out);
    diag_list_release(&l);
}

static void test_print_quiet_hides_warnings(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "q.xml");
    diag_add(&l, 2, DIAG_SUB_TASK_NOT_ASSIGNED, "SYT", "III.1.1");
    diag_add(&l, 4, DIAG_SUB_TASK, "III.9");
    diag_add(&l, 1, DIAG_SUB_ITEM_DATE, "05/01/2025", "15/06/2025 - 14/09/2025");
    char *quiet = print_to_string(&l, 1);
    assert_string_equal(quiet, "q.xml:4: error: unknown task code 'III.9'; use the task codes "
                               "of the form (baocao form) [unknown-task]\n");
    free(quiet);
    char *all = print_to_string(&l, 0);
    assert_string_equal(all,
                        "q.xml:1: warning: item dated 05/01/2025 lies outside the period's "
                        "window 15/06/2025 - 14/09/2025; check the date or the period "
                        "[item-date-outside]\n"
                        "q.xml:2: warning: unit 'SYT' neither leads nor supports task "
                        "'III.1.1'; check the task code [task-not-assigned]\n"
                        "q.xml:4: error: unknown task code 'III.9'; use the task codes of the "
                        "form (baocao form) [unknown-task]\n");
    free(all);
    diag_list_release(&l);
}

static void test_drop_only_matching(void **state)
{
    (void)state;
    diag_list l;
    diag_list_init(&l, "d.xml");
    diag_add(&l, 2, DIAG_SCHEMA, "Element 'submission', attribute 'period': bad", "x.xsd"); /* 0 */
    diag_add(&l, 2, DIAG_SCHEMA, "Element 'submission': other", "x.xsd");                   /* 1 */
    diag_add(&l, 3, DIAG_SCHEMA, "Element 'submission', attribute 'period': bad", "x.xsd"); /* 2 */
    diag_add(&l, 2, DIAG_SUB_PERIOD, "'period'");                                            /* 3 */
    diag_add(&l, 2, DIAG_SUB_SENT_BEFORE, "'period'", "2025");                               /* 4 */
    assert_int_equal(l.errors, 4);
    assert_int_equal(l.warnings, 1);

    diag_drop(&l, 2, DIAG_SCHEMA, "'period'");
    assert_int_equal(l.n, 5); /* a mark only, until applied */
    diag_apply_drops(&l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.errors, 3);
    assert_int_equal(l.warnings, 1);
    assert_int_equal(l.worst, DIAG_ERROR);
    assert_string_equal(l.v[0].text, "Element 'submission': other; check the file against x.xsd");
    assert_int_equal(l.v[1].line, 3);
    assert_int_equal(l.v[1].id, DIAG_SCHEMA);
    assert_int_equal(l.v[2].id, DIAG_SUB_PERIOD);
    assert_int_equal(l.v[3].id, DIAG_SUB_SENT_BEFORE);

    /* nothing matches: nothing changes */
    diag_drop(&l, 7, DIAG_SCHEMA, "'period'");
    diag_drop(&l, 3, DIAG_SCHEMA, "no such text");
    diag_apply_drops(&l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.errors, 3);

    /* drop every error: worst falls to warning, then to note */
    diag_drop(&l, 2, DIAG_SCHEMA, "");
    diag_drop(&l, 3, DIAG_SCHEMA, "");
    diag_drop(&l, 2, DIAG_SUB_PERIOD, "");
    diag_apply_drops(&l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.errors, 0);
    assert_int_equal(l.warnings, 1);
    assert_int_equal(l.worst, DIAG_WARNING);
    diag_drop(&l, 2, DIAG_SUB_SENT_BEFORE, "01");
    diag_apply_drops(&l);
    assert_int_equal(l.n, 1); /* "01" is not in the text */
    diag_drop(&l, 2, DIAG_SUB_SENT_BEFORE, "2025");
    diag_apply_drops(&l);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.warnings, 0);
    assert_int_equal(l.worst, DIAG_NOTE);

    /* the list is still usable and sorted stably after drops */
    diag_add(&l, 5, DIAG_SUB_TASK, "b");
    diag_add(&l, 5, DIAG_SUB_TASK, "c");
    diag_add(&l, 1, DIAG_SUB_TASK, "a");
    char *out = print_to_string(&l, 0);
    REQUIRE(strstr(out, "'a'"));
    assert_true(strstr(out, "'a'") < strstr(out, "'b'"));
    assert_true(strstr(out, "'b'") < strstr(out, "'c'"));
    free(out);
    diag_list_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_formats_take_nargs_strings),
        cmocka_unit_test(test_table_ids_unique_kebab),
        cmocka_unit_test(test_table_severities),
        cmocka_unit_test(test_add_formats_and_counts),
        cmocka_unit_test(test_add_cuts_long_values),
        cmocka_unit_test(test_print_forms),
        cmocka_unit_test(test_print_escapes_control_characters),
        cmocka_unit_test(test_print_sorts_by_line_stably),
        cmocka_unit_test(test_print_quiet_hides_warnings),
        cmocka_unit_test(test_drop_only_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
