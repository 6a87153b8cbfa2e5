/*
 * Unit tests of form: the blank submission for a unit and a period. The
 * form must list exactly the measures and tasks the unit holds on the last
 * day of the period's window (duties inherited from merged or abolished
 * units included), be well-formed, and, once filled in, validate against
 * templates/submission-v1.xsd and pass the checks against the plan with no
 * diagnostic at all.
 */
#include "fixtures.h"

#include "buf.h"
#include "form.h"
#include "plan.h"
#include "submission.h"

static plan *P;
static xml_schema *SUB_XSD;

static int setup(void **state)
{
    (void)state;
    SUB_XSD = fx_schema(FX_SUB_XSD);
    P = fx_real_plan();
    return P && SUB_XSD ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plan_free(P);
    xml_schema_free(SUB_XSD);
    return 0;
}

/* The form as a string (malloc'd). */
static char *form_string(const plan *p, const char *unit, const char *per)
{
    period pr;
    if (period_parse(per, &pr) != 0)
        fail_msg("bad period %s", per);
    int u = plan_unit_find(p, unit);
    if (u < 0)
        fail_msg("unknown unit %s", unit);
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    REQUIRE(f);
    assert_int_equal(form_write(p, u, &pr, f), 0);
    fclose(f);
    return s;
}

/* "A B C" from the attribute `attr` of the children named `child` of `parent`. */
static void list_codes(const xml_node *root, const char *parent, const char *child,
                       const char *attr, buf *out)
{
    const xml_node *p = xml_child(root, parent);
    for (const xml_node *c = p ? xml_child(p, child) : NULL; c; c = xml_next_same(c)) {
        const char *v = xml_attr_get(c, attr);
        buf_printf(out, "%s%s", out->len ? " " : "", v ? v : "?");
    }
}

/* The items measures, which the form names only in comments. */
static void list_item_examples(const char *text, buf *out)
{
    const char *key = "<item measure=\"";
    for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
        p += strlen(key);
        size_t n = strcspn(p, "\"");
        buf_printf(out, "%s%.*s", out->len ? " " : "", (int)n, p);
    }
}

static const struct {
    const char *unit, *period, *sent;
    const char *values; /* measure codes of <value>, in plan order */
    const char *items;  /* measure codes of the item examples */
    const char *tasks;  /* task codes */
    const char *roles;  /* "L" lead / "S" support, one per task */
    const char *window; /* as written in the header comment */
} forms[] = {
    {"SKHCN", "2025-Q3", "2025-09-15", "DN_KHCN DN_KNST DN_DMST DON_NH", "CDDL NHTT HTNH",
     "III.1.1 III.1.3 III.1.4 III.1.5 III.1.6 III.1.7 III.2.1 III.3.1 III.4.1 III.5.1",
     "LLLLLLLLLL", "15/06/2025 \xC4\x91\xE1\xBA\xBFn 14/09/2025"},
    {"UBND_TD", "2024-Q2", "2024-06-15", "MH_UD", "NHTT HTNH", "III.1.1 III.1.3 III.3.1", "SSS",
     "15/03/2024 \xC4\x91\xE1\xBA\xBFn 14/06/2024"},
    {"XA_TD", "2025-Q3", "2025-09-15", "MH_UD", "NHTT HTNH", "III.1.1 III.1.3 III.3.1", "SSS",
     "15/06/2025 \xC4\x91\xE1\xBA\xBFn 14/09/2025"},
    /* STC inherits DN_TONG, the lead of III.1.2 and the support of III.2.1 and III.5.1 */
    {"STC", "2025-Q1", "2025-03-15", "CHI_KHCN CHI_NSNN DN_TONG", "",
     "III.1.2 III.1.4 III.1.7 III.2.1 III.4.1 III.5.1", "LSSSSS",
     "15/12/2024 \xC4\x91\xE1\xBA\xBFn 14/03/2025"},
    {"STC", "2024-Q4", "2024-12-15", "CHI_KHCN CHI_NSNN", "", "III.1.2 III.1.4 III.1.7 III.4.1",
     "SSSS", "15/09/2024 \xC4\x91\xE1\xBA\xBFn 14/12/2024"},
    {"SKHDT", "2024", "2024-12-16", "DN_TONG", "", "III.1.2 III.1.7 III.2.1 III.4.1 III.5.1",
     "LSSSS", "15/12/2023 \xC4\x91\xE1\xBA\xBFn 14/12/2024"},
    /* SNNMT holds the duties of SNNPTNT and STNMT */
    {"SNNMT", "2025-H1", "2025-06-15", "MH_UD", "CDDL NHTT", "III.1.3 III.1.6 III.3.1", "SSS",
     "15/12/2024 \xC4\x91\xE1\xBA\xBFn 14/06/2025"},
    {"SYT", "2025-9M", "2025-09-15", "", "", "III.1.6 III.3.1", "SS",
     "15/12/2024 \xC4\x91\xE1\xBA\xBFn 14/09/2025"},
    /* a district for the quarter in which it ended: its own duties */
    {"UBND_DL", "2025-Q3", "2025-09-15", "MH_UD", "NHTT HTNH", "III.1.1 III.1.3 III.3.1", "SSS",
     "15/06/2025 \xC4\x91\xE1\xBA\xBFn 14/09/2025"},
};

static void test_form_lists_duties(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(forms); i++) {
        char *text = form_string(P, forms[i].unit, forms[i].period);
        diag_list d;
        diag_list_init(&d, "form.xml");
        enum xml_status st;
        xml_doc *doc = fx_read(text, "submission", NULL, &d, &st);
        if (!doc) {
            ROW_FAIL("%s %s: the form is not well-formed", forms[i].unit, forms[i].period);
            fx_dump(&d);
            diag_list_release(&d);
            free(text);
            continue;
        }
        const xml_node *r = xml_root(doc);
        const char *want_attrs[][2] = {{"version", "1"},          {"plan", "53/KH-UBND"},
                                       {"unit", forms[i].unit},   {"period", forms[i].period},
                                       {"revision", "1"},         {"sent", ""}};
        for (size_t k = 0; k < FX_COUNT(want_attrs); k++) {
            const char *v = xml_attr_get(r, want_attrs[k][0]);
            if (!v || strcmp(v, want_attrs[k][1]) != 0)
                ROW_FAIL("%s %s: %s=\"%s\", want \"%s\"", forms[i].unit, forms[i].period,
                         want_attrs[k][0], v ? v : "(none)", want_attrs[k][1]);
        }
        buf values, items, tasks;
        buf_init(&values, 0);
        buf_init(&items, 0);
        buf_init(&tasks, 0);
        list_codes(r, "values", "value", "measure", &values);
        list_item_examples(text, &items);
        list_codes(r, "tasks", "task", "code", &tasks);
        if (strcmp(values.data, forms[i].values) != 0)
            ROW_FAIL("%s %s: values \"%s\", want \"%s\"", forms[i].unit, forms[i].period,
                     values.data, forms[i].values);
        if (strcmp(items.data, forms[i].items) != 0)
            ROW_FAIL("%s %s: items \"%s\", want \"%s\"", forms[i].unit, forms[i].period,
                     items.data, forms[i].items);
        if (strcmp(tasks.data, forms[i].tasks) != 0)
            ROW_FAIL("%s %s: tasks \"%s\", want \"%s\"", forms[i].unit, forms[i].period,
                     tasks.data, forms[i].tasks);
        /* empty sections are left out */
        if (!!xml_child(r, "values") != (forms[i].values[0] != '\0'))
            ROW_FAIL("%s %s: <values> present/absent wrongly", forms[i].unit, forms[i].period);
        if (!!xml_child(r, "items") != (forms[i].items[0] != '\0'))
            ROW_FAIL("%s %s: <items> present/absent wrongly", forms[i].unit, forms[i].period);
        /* the role of each task, in its comment */
        const char *t = forms[i].tasks;
        for (const char *role = forms[i].roles; *role; role++) {
            size_t n = strcspn(t, " ");
            char want[96];
            snprintf(want, sizeof want, "<!-- %.*s (%s): ", (int)n, t,
                     *role == 'L' ? "ch\xE1\xBB\xA7 tr\xC3\xAC" : "ph\xE1\xBB\x91i h\xE1\xBB\xA3p");
            if (!strstr(text, want))
                ROW_FAIL("%s %s: no comment \"%s\"", forms[i].unit, forms[i].period, want);
            t += n;
            t += *t == ' ';
        }
        /* the header names the unit, the window and the plan */
        const char *name = P->units[plan_unit_find(P, forms[i].unit)].name;
        if (!strstr(text, name))
            ROW_FAIL("%s %s: the unit's name is not in the header", forms[i].unit,
                     forms[i].period);
        if (!strstr(text, forms[i].window))
            ROW_FAIL("%s %s: the window \"%s\" is not in the header", forms[i].unit,
                     forms[i].period, forms[i].window);
        if (!strstr(text, "theo 53/KH-UBND"))
            ROW_FAIL("%s %s: the plan number is not in the header", forms[i].unit,
                     forms[i].period);
        buf_release(&values);
        buf_release(&items);
        buf_release(&tasks);
        xml_doc_free(doc);
        diag_list_release(&d);
        free(text);
    }
    ROWS_DONE();
}

/* Fills the blanks as a unit would. */
static char *fill_in(const char *form, const char *sent)
{
    char sent_attr[40];
    snprintf(sent_attr, sizeof sent_attr, "sent=\"%s\"", sent);
    char *a = fx_replace(form, "sent=\"\"", sent_attr);
    char *b = fx_replace(a, "name=\"\" title=\"\"",
                         "name=\"Nguy\xE1\xBB\x85n V\xC4\x83n A\" title=\"Chuy\xC3\xAAn vi\xC3\xAAn\"");
    char *c = fx_replace(b, "\"></value>", "\">12</value>");
    char *e = fx_replace(c, "status=\"\"></task>",
                         "status=\"in-progress\">\xC4\x90" "ang th\xE1\xBB\xB1" "c hi\xE1\xBB\x87n</task>");
    free(a);
    free(b);
    free(c);
    return e;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p;) {
        p += strspn(p, " ");
        if (!*p)
            break;
        n++;
        p += strcspn(p, " ");
    }
    return n;
}

static void test_filled_form_is_valid(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(forms); i++) {
        char *text = form_string(P, forms[i].unit, forms[i].period);
        char *filled = fill_in(text, forms[i].sent);
        diag_list d;
        diag_list_init(&d, "filled.xml");
        enum xml_status st = XML_INVALID;
        xml_doc *doc = fx_read(filled, "submission", SUB_XSD, &d, &st);
        if (!doc || st != XML_OK || d.n) {
            ROW_FAIL("%s %s: the filled form does not validate", forms[i].unit, forms[i].period);
            fx_dump(&d);
        }
        submission *s = doc ? submission_from_xml(xml_root(doc), "filled.xml", P, &d) : NULL;
        if (!s || d.n) {
            ROW_FAIL("%s %s: the filled form is not accepted cleanly", forms[i].unit,
                     forms[i].period);
            fx_dump(&d);
        } else {
            if (s->nvalues != count_words(forms[i].values))
                ROW_FAIL("%s %s: %zu values", forms[i].unit, forms[i].period, s->nvalues);
            if (s->ntasks != count_words(forms[i].tasks))
                ROW_FAIL("%s %s: %zu tasks", forms[i].unit, forms[i].period, s->ntasks);
            for (size_t k = 0; k < s->nvalues; k++)
                if (s->values[k].value != 12000000)
                    ROW_FAIL("%s %s: value %zu is %lld", forms[i].unit, forms[i].period, k,
                             (long long)s->values[k].value);
            for (size_t k = 0; k < s->ntasks; k++)
                if (s->tasks[k].status != TASK_IN_PROGRESS)
                    ROW_FAIL("%s %s: task %zu status %d", forms[i].unit, forms[i].period, k,
                             (int)s->tasks[k].status);
            if (s->nremarks != 0)
                ROW_FAIL("%s %s: %zu remarks from an empty form", forms[i].unit,
                         forms[i].period, s->nremarks);
        }
        submission_free(s);
        xml_doc_free(doc);
        diag_list_release(&d);
        free(filled);
        free(text);
    }
    ROWS_DONE();
}

/* The blank form itself fails the schema only where blanks are left. */
static void test_blank_form_needs_filling(void **state)
{
    (void)state;
    char *text = form_string(P, "SKHCN", "2025-Q3");
    diag_list d;
    diag_list_init(&d, "blank.xml");
    enum xml_status st = XML_OK;
    xml_doc *doc = fx_read(text, "submission", SUB_XSD, &d, &st);
    REQUIRE(doc);
    assert_int_equal(st, XML_INVALID);
    assert_true(d.errors >= 1);
    for (size_t i = 0; i < d.n; i++)
        assert_int_equal(d.v[i].id, DIAG_SCHEMA);
    xml_doc_free(doc);
    diag_list_release(&d);
    free(text);
}

/* Texts of the plan with "--", '&', '<' and '"' must not break the form. */
static void test_form_escapes_plan_texts(void **state)
{
    (void)state;
    const char *xml =
        "<plan version=\"1\">\n"
        "<identity number=\"5&amp;6/&quot;KH&quot;&lt;x&gt;\" date=\"2023-01-01\" from-year=\"2023\" "
        "to-year=\"2025\"><issuer>X</issuer><province>Y</province><title>T</title></identity>\n"
        "<calendar cutoff-day=\"14\"><report period=\"quarter\" due-days=\"3\"/></calendar>\n"
        "<units><unit code=\"A\" kind=\"department\" from=\"2020-01-01\"><name>Unit -- A-</name>"
        "<short>A</short></unit></units>\n"
        "<measures><measure code=\"M1\" kind=\"amount\" uom=\"u--v-\" reporters=\"A\">"
        "<name>m1 --&gt; end</name></measure>"
        "<measure code=\"IT\" kind=\"items\" uom=\"u\" reporters=\"A\"><name>it---</name></measure>"
        "</measures>\n"
        "<indicators><indicator code=\"I1\" section=\"II.1\" comparator=\"ge\" target=\"1\" uom=\"u\" "
        "compute=\"sum\" target-year=\"2025\"><name>i</name><numerator measures=\"M1\"/></indicator>"
        "</indicators>\n"
        "<tasks><group code=\"G\" title=\"g\"><task code=\"T1\" lead=\"A\"><text>a -- b - -- "
        "-</text></task></group></tasks>\n"
        "</plan>\n";
    diag_list d;
    diag_list_init(&d, "mem.xml");
    enum xml_status st;
    xml_doc *pdoc = fx_read(xml, "plan", NULL, &d, &st);
    REQUIRE(pdoc);
    plan *p = plan_from_xml(xml_root(pdoc), "mem.xml", &d);
    xml_doc_free(pdoc);
    if (!p)
        fx_dump(&d);
    REQUIRE(p);
    assert_string_equal(p->number, "5&6/\"KH\"<x>");

    char *text = form_string(p, "A", "2024-Q2");
    xml_doc *doc = fx_read(text, "submission", NULL, &d, &st);
    if (!doc) {
        fx_dump(&d);
    }
    REQUIRE(doc);
    assert_int_equal(d.n, 0);
    assert_string_equal(xml_attr_get(xml_root(doc), "plan"), "5&6/\"KH\"<x>");
    /* the filled form is accepted against this plan */
    char *filled = fill_in(text, "2024-06-15");
    xml_doc *fdoc = fx_read(filled, "submission", SUB_XSD, &d, &st);
    REQUIRE(fdoc);
    if (d.n)
        fx_dump(&d);
    assert_int_equal(d.n, 0);
    submission *s = submission_from_xml(xml_root(fdoc), "filled.xml", p, &d);
    if (d.n)
        fx_dump(&d);
    REQUIRE(s);
    assert_int_equal(s->nvalues, 1);
    assert_int_equal(s->ntasks, 1);
    submission_free(s);
    xml_doc_free(fdoc);
    free(filled);
    xml_doc_free(doc);
    free(text);
    plan_free(p);
    diag_list_release(&d);
}

/* Codes may contain "--" (the schemas' code pattern allows it); the form
 * names task and items-measure codes inside comments. */
static void test_form_codes_with_double_hyphen(void **state)
{
    (void)state;
    const char *xml =
        "<plan version=\"1\">\n"
        "<identity number=\"1/KH\" date=\"2023-01-01\" from-year=\"2023\" to-year=\"2025\">"
        "<issuer>X</issuer><province>Y</province><title>T</title></identity>\n"
        "<calendar cutoff-day=\"14\"><report period=\"quarter\" due-days=\"3\"/></calendar>\n"
        "<units><unit code=\"A\" kind=\"department\" from=\"2020-01-01\"><name>A</name>"
        "<short>A</short></unit></units>\n"
        "<measures><measure code=\"M--1\" kind=\"amount\" uom=\"u\" reporters=\"A\"><name>m</name>"
        "</measure><measure code=\"IT--1\" kind=\"items\" uom=\"u\" reporters=\"A\"><name>it"
        "</name></measure></measures>\n"
        "<indicators><indicator code=\"I1\" section=\"II.1\" comparator=\"ge\" target=\"1\" uom=\"u\" "
        "compute=\"sum\" target-year=\"2025\"><name>i</name><numerator measures=\"M--1\"/>"
        "</indicator></indicators>\n"
        "<tasks><group code=\"G\" title=\"g\"><task code=\"III--1\" lead=\"A\"><text>t</text>"
        "</task></group></tasks>\n"
        "</plan>\n";
    diag_list d;
    diag_list_init(&d, "mem.xml");
    enum xml_status st;
    xml_doc *pdoc = fx_read(xml, "plan", NULL, &d, &st);
    REQUIRE(pdoc);
    plan *p = plan_from_xml(xml_root(pdoc), "mem.xml", &d);
    xml_doc_free(pdoc);
    REQUIRE(p);
    char *text = form_string(p, "A", "2024-Q2");
    xml_doc *doc = fx_read(text, "submission", NULL, &d, &st);
    int ok = doc != NULL;
    if (!ok) {
        fx_dump(&d);
    }
    xml_doc_free(doc);
    free(text);
    plan_free(p);
    diag_list_release(&d);
    assert_true(ok);
}

static void test_form_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0); /* make the write itself fail */
    period per = period_quarter(2025, 3);
    assert_int_equal(form_write(P, plan_unit_find(P, "SKHCN"), &per, f), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_lists_duties),
        cmocka_unit_test(test_filled_form_is_valid),
        cmocka_unit_test(test_blank_form_needs_filling),
        cmocka_unit_test(test_form_escapes_plan_texts),
        cmocka_unit_test(test_form_codes_with_double_hyphen),
        cmocka_unit_test(test_form_write_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
