/*
 * Unit tests of plan: the real plan (input/plan.xml, with its schema) read
 * into the model, its lookups and the questions about units that change
 * (the merger of 1 March 2025, the end of the districts on 1 July 2025);
 * then small invalid plans built in memory, one per plan diagnostic, each
 * expected to give exactly that message at the right line.
 */
#include "fixtures.h"

#include "buf.h"
#include "plan.h"

static plan *P;

static int setup(void **state)
{
    (void)state;
    xml_schema *s = fx_schema(FX_PLAN_XSD);
    if (!s)
        return -1;
    diag_list d;
    diag_list_init(&d, FX_PLAN_PATH);
    int io = 0;
    P = plan_load(FX_PLAN_PATH, s, &xml_default_limits, &d, &io);
    if (!P || d.n)
        fx_dump(&d);
    diag_list_release(&d);
    xml_schema_free(s);
    return P ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plan_free(P);
    return 0;
}

static int U(const char *code)
{
    int u = plan_unit_find(P, code);
    if (u < 0)
        fail_msg("unit %s not in the plan", code);
    return u;
}

static int M(const char *code)
{
    int m = plan_measure_find(P, code);
    if (m < 0)
        fail_msg("measure %s not in the plan", code);
    return m;
}

static int T(const char *code)
{
    int t = plan_task_find(P, code);
    if (t < 0)
        fail_msg("task %s not in the plan", code);
    return t;
}

static date_t D(const char *iso)
{
    date_t t;
    if (date_parse(iso, &t) != 0)
        fail_msg("bad date %s", iso);
    return t;
}

/* ---- the real plan ---- */

static void test_real_plan_identity_and_counts(void **state)
{
    (void)state;
    assert_string_equal(P->path, FX_PLAN_PATH);
    assert_string_equal(P->number, "53/KH-UBND");
    assert_string_equal(P->province, "L\xE1\xBA\xA1ng S\xC6\xA1n");
    assert_string_equal(P->issuer, "\xE1\xBB\xA6y ban nh\xC3\xA2n d\xC3\xA2n t\xE1\xBB\x89nh "
                                   "L\xE1\xBA\xA1ng S\xC6\xA1n");
    assert_int_equal(P->date, D("2023-03-03"));
    assert_int_equal(P->from_year, 2023);
    assert_int_equal(P->to_year, 2025);
    assert_int_equal(P->cutoff_day, 14);
    assert_int_equal(P->due_days[PERIOD_QUARTER], 3);
    assert_int_equal(P->due_days[PERIOD_HALF], 3);
    assert_int_equal(P->due_days[PERIOD_NINE_MONTHS], 3);
    assert_int_equal(P->due_days[PERIOD_YEAR], 5);

    assert_int_equal(P->nunits, 34); /* 7 + 5 merged/new departments + 11 districts + 11 clusters */
    assert_int_equal(P->nmeasures, 11);
    assert_int_equal(P->nindicators, 7);
    assert_int_equal(P->ngoals, 8);
    assert_int_equal(P->ngroups, 5);
    assert_int_equal(P->ntasks, 11);

    period whole = plan_period(P);
    char code[16];
    assert_string_equal(period_code(&whole, code, sizeof code), "2023-2025");
    assert_int_equal(whole.kind, PERIOD_RANGE);

    /* kinds by unit */
    size_t dept = 0, dist = 0, comm = 0;
    for (size_t i = 0; i < P->nunits; i++) {
        dept += P->units[i].kind == UNIT_DEPARTMENT;
        dist += P->units[i].kind == UNIT_DISTRICT;
        comm += P->units[i].kind == UNIT_COMMUNE;
    }
    assert_int_equal(dept, 12);
    assert_int_equal(dist, 11);
    assert_int_equal(comm, 11);
}

static void test_real_plan_lookups(void **state)
{
    (void)state;
    static const char *const units[] = {"SKHCN", "STC", "SKHDT", "STTTT", "SNNMT",
                                        "UBND_TPLS", "UBND_DL", "XA_TD", "XA_DL", "BQLKKT"};
    for (size_t i = 0; i < FX_COUNT(units); i++) {
        int u = plan_unit_find(P, units[i]);
        assert_true(u >= 0);
        assert_string_equal(P->units[u].code, units[i]);
    }
    assert_int_equal(plan_unit_find(P, "SKHCN"), 0); /* first in the file */
    assert_int_equal(plan_unit_find(P, "NOPE"), -1);
    assert_int_equal(plan_unit_find(P, ""), -1);
    assert_int_equal(plan_unit_find(P, "skhcn"), -1); /* codes are case-sensitive */
    assert_int_equal(plan_unit_find(P, "SKHCN "), -1);

    static const char *const measures[] = {"CHI_KHCN", "CHI_NSNN", "DN_KHCN", "DN_KNST",
                                           "DN_DMST",  "DN_TONG",  "CDDL",    "NHTT",
                                           "DON_NH",   "HTNH",     "MH_UD"};
    for (size_t i = 0; i < FX_COUNT(measures); i++)
        assert_int_equal(plan_measure_find(P, measures[i]), (int)i); /* file order */
    assert_int_equal(plan_measure_find(P, "II.4"), -1);

    static const char *const tasks[] = {"III.1.1", "III.1.2", "III.1.3", "III.1.4",
                                        "III.1.5", "III.1.6", "III.1.7", "III.2.1",
                                        "III.3.1", "III.4.1", "III.5.1"};
    for (size_t i = 0; i < FX_COUNT(tasks); i++)
        assert_int_equal(plan_task_find(P, tasks[i]), (int)i);
    assert_int_equal(plan_task_find(P, "III.1"), -1);
    assert_int_equal(plan_task_find(P, "III.1.8"), -1);

    const plan_unit *skhdt = &P->units[U("SKHDT")];
    assert_int_equal(skhdt->from, D("2020-01-01"));
    assert_int_equal(skhdt->to, D("2025-02-28"));
    assert_int_equal(skhdt->successor, U("STC"));
    assert_string_equal(skhdt->name, "S\xE1\xBB\x9F K\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch v\xC3\xA0 "
                                     "\xC4\x90\xE1\xBA\xA7u t\xC6\xB0");
    assert_int_equal(P->units[U("SKHCN")].to, PLAN_DATE_OPEN);
    assert_int_equal(P->units[U("SKHCN")].successor, -1);
    assert_int_equal(P->units[U("UBND_TD")].successor, U("XA_TD"));
    assert_int_equal(P->units[U("XA_TD")].from, D("2025-07-01"));

    const plan_measure *dn = &P->measures[M("DN_TONG")];
    assert_int_equal(dn->kind, MEASURE_STOCK);
    assert_int_equal(dn->nreporters, 1);
    assert_int_equal(dn->reporters[0], U("SKHDT"));
    assert_false(dn->is_signed);
    assert_true(dn->is_whole);                               /* counts enterprises */
    assert_false(P->measures[M("CHI_KHCN")].is_whole);      /* millions of dong */
    assert_int_equal(P->measures[M("NHTT")].kind, MEASURE_ITEMS);
    assert_int_equal(P->measures[M("NHTT")].nreporters, 13);
    assert_int_equal(P->measures[M("CHI_KHCN")].kind, MEASURE_AMOUNT);
    assert_string_equal(P->measures[M("CHI_KHCN")].uom, "tri\xE1\xBB\x87u \xC4\x91\xE1\xBB\x93ng");
}

static void test_real_plan_indicators(void **state)
{
    (void)state;
    const plan_indicator *x = &P->indicators[0];
    assert_string_equal(x->code, "II.4");
    assert_int_equal(x->compute, IND_RATIO);
    assert_int_equal(x->cmp, CMP_GE);
    assert_true(x->target == num_from_int(1));
    assert_int_equal(x->target_year, 2025);
    assert_int_equal(x->nnum, 1);
    assert_int_equal(x->num[0], M("CHI_KHCN"));
    assert_int_equal(x->nden, 1);
    assert_int_equal(x->den[0], M("CHI_NSNN"));
    assert_false(x->has_baseline);

    x = &P->indicators[1];
    assert_string_equal(x->code, "II.6a");
    assert_int_equal(x->compute, IND_MULTIPLE);
    assert_true(x->target == 1500000);
    assert_int_equal(x->nnum, 2);
    assert_int_equal(x->num[0], M("DN_KHCN"));
    assert_int_equal(x->num[1], M("DN_KNST"));
    assert_true(x->has_baseline);
    assert_int_equal(x->baseline_year, 2020);
    assert_true(x->baseline_known);
    assert_true(x->baseline_is_sample);
    assert_true(x->baseline_value == num_from_int(20));
    REQUIRE(x->baseline_note);
    REQUIRE(strstr(x->baseline_note, "m\xE1\xBA\xABu")); /* "mẫu" */

    x = &P->indicators[2];
    assert_string_equal(x->code, "II.6b");
    assert_int_equal(x->cmp, CMP_GT);
    assert_true(x->target == num_from_int(10));

    x = &P->indicators[3];
    assert_string_equal(x->code, "II.8a");
    assert_int_equal(x->compute, IND_COUNT);
    assert_true(x->has_baseline);
    assert_true(x->baseline_known);
    assert_false(x->baseline_is_sample);
    assert_true(x->baseline_value == 0);
    assert_null(x->baseline_note);

    x = &P->indicators[5];
    assert_string_equal(x->code, "II.8c");
    assert_int_equal(x->compute, IND_GROWTH);
    assert_int_equal(x->baseline_year, 2022);
    assert_true(x->baseline_is_sample);
    assert_true(x->baseline_value == num_from_int(420));
    assert_string_equal(P->indicators[6].code, "II.8d");

    assert_string_equal(P->goals[0].section, "II.1");
    assert_string_equal(P->goals[7].section, "II.8");
    assert_string_equal(P->groups[2].code, "III.3");
    assert_int_equal(P->tasks[T("III.3.1")].group, 2);

    assert_string_equal(plan_compute_name(IND_GROWTH), "growth");
    assert_string_equal(plan_cmp_name(CMP_GT), "gt");
    assert_string_equal(plan_unit_kind_name(UNIT_COMMUNE), "commune");
    assert_string_equal(plan_measure_kind_name(MEASURE_ITEMS), "items");
}

static void test_real_plan_merger_and_districts(void **state)
{
    (void)state;
    int skhdt = U("SKHDT"), stc = U("STC"), stttt = U("STTTT"), skhcn = U("SKHCN");
    int td = U("UBND_TD"), xa_td = U("XA_TD"), snnmt = U("SNNMT");
    int dn_tong = M("DN_TONG");
    static const struct {
        const char *unit, *date, *holder; /* holder NULL: -1 */
    } holders[] = {
        {"SKHDT", "2025-03-01", "STC"},   {"SKHDT", "2025-02-28", "SKHDT"},
        {"SKHDT", "2024-06-14", "SKHDT"}, {"SKHDT", "2019-12-31", NULL},
        {"STTTT", "2025-03-01", "SKHCN"}, {"SNNPTNT", "2025-06-14", "SNNMT"},
        {"STNMT", "2025-06-14", "SNNMT"}, {"UBND_TD", "2025-06-30", "UBND_TD"},
        {"UBND_TD", "2025-07-01", "XA_TD"}, {"XA_TD", "2025-06-30", NULL},
        {"XA_TD", "2025-07-01", "XA_TD"}, {"STC", "2025-03-01", "STC"},
        {"SNNMT", "2025-02-28", NULL},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(holders); i++) {
        int want = holders[i].holder ? U(holders[i].holder) : -1;
        int got = plan_holder(P, U(holders[i].unit), D(holders[i].date));
        if (got != want)
            ROW_FAIL("plan_holder(%s, %s) = %s, want %s", holders[i].unit, holders[i].date,
                     got >= 0 ? P->units[got].code : "-1",
                     holders[i].holder ? holders[i].holder : "-1");
    }
    ROWS_DONE();

    assert_true(plan_unit_reports(P, stc, dn_tong, D("2025-06-14")));
    assert_false(plan_unit_reports(P, stc, dn_tong, D("2024-06-14")));
    assert_true(plan_unit_reports(P, skhdt, dn_tong, D("2024-06-14")));
    assert_false(plan_unit_reports(P, skhdt, dn_tong, D("2025-06-14")));
    assert_true(plan_unit_reports(P, stc, M("CHI_KHCN"), D("2024-06-14")));
    assert_false(plan_unit_reports(P, skhcn, M("CHI_KHCN"), D("2024-06-14")));
    assert_true(plan_unit_reports(P, xa_td, M("MH_UD"), D("2025-09-14")));
    assert_false(plan_unit_reports(P, xa_td, M("MH_UD"), D("2025-06-14")));
    assert_true(plan_unit_reports(P, td, M("MH_UD"), D("2025-06-14")));
    assert_true(plan_unit_reports(P, snnmt, M("CDDL"), D("2025-06-14")));
    assert_false(plan_unit_reports(P, snnmt, M("CDDL"), D("2024-06-14")));
    (void)stttt;

    /* districts exist until 30/06/2025 */
    assert_true(plan_unit_exists_on(P, td, D("2025-06-30")));
    assert_false(plan_unit_exists_on(P, td, D("2025-07-01")));
    assert_true(plan_unit_exists_on(P, td, D("2020-01-01")));
    assert_false(plan_unit_exists_on(P, td, D("2019-12-31")));
    assert_true(plan_unit_exists_during(P, td, D("2025-06-15"), D("2025-09-14")));
    assert_false(plan_unit_exists_during(P, td, D("2025-07-01"), D("2025-09-14")));
    assert_false(plan_unit_exists_during(P, xa_td, D("2025-03-15"), D("2025-06-14")));
    assert_true(plan_unit_exists_during(P, xa_td, D("2025-06-15"), D("2025-09-14")));
}

static void test_real_plan_expected(void **state)
{
    (void)state;
    static const struct {
        const char *unit, *period;
        int expected;
    } rows[] = {
        {"UBND_TD", "2025-Q2", 1}, {"UBND_TD", "2025-Q3", 0}, {"UBND_TD", "2025-H1", 1},
        {"UBND_TD", "2025", 0},    {"UBND_TD", "2024", 1},    {"XA_TD", "2025-Q3", 1},
        {"XA_TD", "2025-Q2", 0},   {"XA_TD", "2025-9M", 1},   {"XA_TD", "2025", 1},
        {"SKHDT", "2024-Q4", 1},   {"SKHDT", "2025-Q1", 0},   {"STC", "2025-Q1", 1},
        {"STTTT", "2025-Q1", 0},   {"SNNMT", "2025-Q1", 1},   {"SNNMT", "2024-Q4", 0},
        {"SKHCN", "2023-Q1", 1},   {"SYT", "2025-Q3", 1},     {"SNV", "2025-Q3", 1},
        {"BQLKKT", "2025-Q3", 1},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        period per;
        if (period_parse(rows[i].period, &per) != 0) {
            ROW_FAIL("bad period %s", rows[i].period);
            continue;
        }
        int got = plan_unit_expected(P, U(rows[i].unit), &per);
        if (!!got != rows[i].expected)
            ROW_FAIL("plan_unit_expected(%s, %s) = %d, want %d", rows[i].unit, rows[i].period,
                     got, rows[i].expected);
    }
    ROWS_DONE();
}

static void test_real_plan_task_roles(void **state)
{
    (void)state;
    static const struct {
        const char *unit, *task, *date;
        enum task_role role;
    } rows[] = {
        {"SKHCN", "III.1.1", "2024-06-14", ROLE_LEAD},
        {"SKHCN", "III.1.1", "2025-06-14", ROLE_LEAD}, /* also holds STTTT's support */
        {"STTTT", "III.1.1", "2024-06-14", ROLE_SUPPORT},
        {"STTTT", "III.1.1", "2025-06-14", ROLE_NONE},
        {"UBND_TD", "III.1.1", "2024-06-14", ROLE_SUPPORT},
        {"XA_TD", "III.1.1", "2025-09-14", ROLE_SUPPORT},
        {"XA_TD", "III.1.1", "2025-06-14", ROLE_NONE},
        {"SKHDT", "III.1.2", "2024-06-14", ROLE_LEAD},
        {"STC", "III.1.2", "2024-06-14", ROLE_SUPPORT},
        {"STC", "III.1.2", "2025-06-14", ROLE_LEAD}, /* inherited lead wins */
        {"STC", "III.2.1", "2025-06-14", ROLE_SUPPORT},
        {"STC", "III.2.1", "2024-06-14", ROLE_NONE},
        {"SNNMT", "III.1.3", "2025-06-14", ROLE_SUPPORT},
        {"SNNMT", "III.1.3", "2024-06-14", ROLE_NONE},
        {"SNNMT", "III.3.1", "2025-06-14", ROLE_SUPPORT}, /* from both predecessors */
        {"SYT", "III.1.1", "2025-06-14", ROLE_NONE},
        {"SYT", "III.1.6", "2025-06-14", ROLE_SUPPORT},
        {"SNV", "III.1.5", "2023-03-14", ROLE_SUPPORT},
        {"BQLKKT", "III.5.1", "2023-03-14", ROLE_SUPPORT},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        enum task_role got = plan_task_role(P, U(rows[i].unit), T(rows[i].task), D(rows[i].date));
        if (got != rows[i].role)
            ROW_FAIL("plan_task_role(%s, %s, %s) = %d, want %d", rows[i].unit, rows[i].task,
                     rows[i].date, (int)got, (int)rows[i].role);
    }
    ROWS_DONE();
    const plan_task *t = &P->tasks[T("III.1.2")];
    assert_int_equal(t->lead, U("SKHDT"));
    assert_int_equal(t->nsupport, 3);
    assert_int_equal(t->support[0], U("STC"));

    assert_true(plan_unit_has_duties(P, U("SYT"), D("2025-06-14")));
    assert_false(plan_unit_has_duties(P, U("SKHDT"), D("2025-06-14")));
    assert_false(plan_unit_has_duties(P, U("XA_TD"), D("2025-06-14")));
    assert_true(plan_unit_has_duties(P, U("XA_TD"), D("2025-09-14")));
}

/* ---- invalid plans, in memory ---- */

#define UNITS_DEFAULT                                                                      \
    "<unit code=\"A\" kind=\"department\" from=\"2020-01-01\"><name>Unit A</name><short>A</short></unit>\n" \
    "<unit code=\"B\" kind=\"department\" from=\"2020-01-01\"><name>Unit B</name><short>B</short></unit>\n"
#define MEASURES_DEFAULT                                                                   \
    "<measure code=\"M1\" kind=\"amount\" uom=\"u\" reporters=\"A\"><name>m1</name></measure>\n" \
    "<measure code=\"M2\" kind=\"amount\" uom=\"u\" reporters=\"B\"><name>m2</name></measure>\n" \
    "<measure code=\"IT\" kind=\"items\" uom=\"u\" reporters=\"A B\"><name>it</name></measure>\n"
#define IND(attrs, body)                                                                   \
    "<indicator code=\"I1\" section=\"II.1\" comparator=\"ge\" target=\"1\" uom=\"u\" " attrs \
    ">\n<name>i</name>\n" body "</indicator>\n"
/* The same with the comparator and the target given. */
#define INDT(cmp, target, attrs, body)                                                     \
    "<indicator code=\"I1\" section=\"II.1\" comparator=\"" cmp "\" target=\"" target        \
    "\" uom=\"u\" " attrs ">\n<name>i</name>\n" body "</indicator>\n"
#define BASE2020 "<baseline year=\"2020\" value=\"10\" source=\"s\"/>\n"
#define INDICATORS_DEFAULT IND("compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n")
#define TASKS_DEFAULT                                                                      \
    "<group code=\"G\" title=\"g\">\n<task code=\"T1\" lead=\"A\" support=\"B\"><text>t</text></task>\n</group>\n"
#define IDENTITY_DEFAULT                                                                   \
    "<identity number=\"1/KH\" date=\"2023-01-01\" from-year=\"2023\" to-year=\"2025\">"  \
    "<issuer>X</issuer><province>Y</province><title>T</title></identity>\n"
#define CALENDAR_DEFAULT "<calendar cutoff-day=\"14\"><report period=\"quarter\" due-days=\"3\"/></calendar>\n"

static char *make_plan(const char *identity, const char *calendar, const char *units,
                       const char *measures, const char *indicators, const char *tasks)
{
    buf b;
    buf_init(&b, 0);
    buf_printf(&b,
               "<plan version=\"1\">\n%s%s<units>\n%s</units>\n<measures>\n%s</measures>\n"
               "<indicators>\n%s</indicators>\n<tasks>\n%s</tasks>\n</plan>\n",
               identity ? identity : IDENTITY_DEFAULT, calendar ? calendar : CALENDAR_DEFAULT,
               units ? units : UNITS_DEFAULT, measures ? measures : MEASURES_DEFAULT,
               indicators ? indicators : INDICATORS_DEFAULT, tasks ? tasks : TASKS_DEFAULT);
    return buf_detach(&b);
}

/* Line of the nth (1-based) occurrence of marker in s; 0 when absent. */
static unsigned long line_of(const char *s, const char *marker, int nth)
{
    const char *p = s;
    for (int k = 0; k < nth; k++) {
        p = strstr(k ? p + 1 : p, marker);
        if (!p)
            return 0;
    }
    unsigned long line = 1;
    for (const char *q = s; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Builds the plan from the tree, without a schema. */
static plan *plan_from_string(const char *xml, diag_list *d)
{
    enum xml_status st;
    xml_doc *doc = fx_read(xml, "plan", NULL, d, &st);
    if (!doc) {
        fx_dump(d);
        fail_msg("the test plan is not well-formed");
    }
    plan *p = plan_from_xml(xml_root(doc), "mem.xml", d);
    xml_doc_free(doc);
    return p;
}

static void test_small_plan_valid(void **state)
{
    (void)state;
    char *xml = make_plan(NULL, NULL, NULL, NULL, NULL, NULL);
    plan *p = fx_plan_from_string(xml);   /* NULL, said why, on any diagnostic */
    REQUIRE(p);
    assert_int_equal(p->nunits, 2);
    assert_int_equal(p->nmeasures, 3);
    assert_int_equal(p->nindicators, 1);
    assert_int_equal(p->ntasks, 1);
    assert_int_equal(p->ngoals, 0);
    assert_int_equal(p->due_days[PERIOD_YEAR], -1); /* not in the calendar */
    assert_int_equal(p->due_days[PERIOD_QUARTER], 3);
    assert_int_equal(p->tasks[0].lead, plan_unit_find(p, "A"));
    plan_free(p);
    plan_free(NULL);
    free(xml);
}

/* Duties pass down a chain of successors two deep (A, then B, then C),
 * and merge (D into C): whoever holds a named unit's place on a day has
 * its duties that day, and nobody else. */
static void test_duties_down_a_chain(void **state)
{
    (void)state;
    char *xml = make_plan(NULL, NULL,
        "<unit code=\"A\" kind=\"district\" from=\"2020-01-01\" to=\"2024-06-30\" successor=\"B\"><name>a</name><short>a</short></unit>\n"
        "<unit code=\"B\" kind=\"district\" from=\"2024-07-01\" to=\"2025-06-30\" successor=\"C\"><name>b</name><short>b</short></unit>\n"
        "<unit code=\"C\" kind=\"commune\" from=\"2025-07-01\"><name>c</name><short>c</short></unit>\n"
        "<unit code=\"D\" kind=\"department\" from=\"2020-01-01\" to=\"2025-06-30\" successor=\"C\"><name>d</name><short>d</short></unit>\n"
        "<unit code=\"E\" kind=\"department\" from=\"2020-01-01\"><name>e</name><short>e</short></unit>\n",
        "<measure code=\"M1\" kind=\"amount\" uom=\"u\" reporters=\"A\"><name>m1</name></measure>\n"
        "<measure code=\"M2\" kind=\"amount\" uom=\"u\" reporters=\"D E\"><name>m2</name></measure>\n"
        "<measure code=\"IT\" kind=\"items\" uom=\"u\" reporters=\"E\"><name>it</name></measure>\n",
        NULL,
        "<group code=\"G\" title=\"g\">\n<task code=\"T1\" lead=\"E\" support=\"A\"><text>t</text></task>\n</group>\n");
    plan *p = fx_plan_from_string(xml);   /* NULL, said why, on any diagnostic */
    REQUIRE(p);
    int a = plan_unit_find(p, "A"), b = plan_unit_find(p, "B"), c = plan_unit_find(p, "C"),
        dd = plan_unit_find(p, "D"), e = plan_unit_find(p, "E");
    int m1 = plan_measure_find(p, "M1"), m2 = plan_measure_find(p, "M2");
    static const struct {
        const char *day;
        int holder_m1;       /* 0 A, 1 B, 2 C */
    } rows[] = {{"2024-06-14", 0}, {"2024-09-14", 1}, {"2025-09-14", 2}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        date_t t = D(rows[i].day);
        int units[3] = {a, b, c};
        for (int k = 0; k < 3; k++) {
            int want = k == rows[i].holder_m1;
            if (plan_unit_reports(p, units[k], m1, t) != want)
                ROW_FAIL("%s: M1 by %c should be %d", rows[i].day, "ABC"[k], want);
            if ((plan_task_role(p, units[k], 0, t) == ROLE_SUPPORT) != want)
                ROW_FAIL("%s: T1 support by %c should be %d", rows[i].day, "ABC"[k], want);
        }
        if (plan_unit_reports(p, e, m1, t) || plan_task_role(p, e, 0, t) != ROLE_LEAD)
            ROW_FAIL("%s: E reports M1 or does not lead T1", rows[i].day);
    }
    ROWS_DONE();
    assert_true(plan_unit_reports(p, dd, m2, D("2025-06-14")));
    assert_false(plan_unit_reports(p, c, m2, D("2025-06-14")));
    assert_true(plan_unit_reports(p, c, m2, D("2025-09-14")));   /* D merged into C */
    assert_true(plan_unit_reports(p, e, m2, D("2025-09-14")));
    assert_false(plan_unit_reports(p, a, m2, D("2024-06-14")));
    assert_false(plan_unit_reports(p, -1, m1, D("2024-06-14")));
    plan_free(p);
    free(xml);
}

/* Targets that mean something are accepted: positive ones with every
 * comparator, a fall (negative growth) with le or lt, no growth at all. */
static void test_small_plan_targets_valid(void **state)
{
    (void)state;
    static const char *const rows[] = {
        INDT("ge", "0.5", "compute=\"ratio\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n<denominator measures=\"M2\"/>\n"),
        INDT("le", "5", "compute=\"ratio\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n<denominator measures=\"M2\"/>\n"),
        INDT("lt", "1000", "compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"),
        INDT("eq", "4", "compute=\"count\" target-year=\"2025\"", "<numerator measures=\"IT\"/>\n"),
        INDT("ge", "4.000000", "compute=\"count\" target-year=\"2025\"", "<numerator measures=\"IT\"/>\n"),
        INDT("ge", "0.000001", "compute=\"multiple\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n" BASE2020),
        INDT("le", "-2", "compute=\"growth\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n" BASE2020),
        INDT("lt", "-99.9", "compute=\"growth\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n" BASE2020),
        INDT("ge", "0", "compute=\"growth\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n" BASE2020),
        INDT("le", "3", "compute=\"growth\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n" BASE2020),
        /* a baseline inside the plan, before the target year */
        INDT("ge", "2", "compute=\"growth\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n<baseline year=\"2024\" value=\"10\" source=\"s\"/>\n"),
        INDT("ge", "1.5", "compute=\"multiple\" target-year=\"2025\"",
             "<numerator measures=\"M1\"/>\n<baseline year=\"2023\" provided=\"false\" source=\"s\"/>\n"),
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *xml = make_plan(NULL, NULL, NULL, NULL, rows[i], NULL);
        diag_list d;
        diag_list_init(&d, "mem.xml");
        plan *p = plan_from_string(xml, &d);
        if (!p || d.n) {
            fx_dump(&d);
            ROW_FAIL("row %zu: refused: %s", i, rows[i]);
        }
        plan_free(p);
        diag_list_release(&d);
        free(xml);
    }
    ROWS_DONE();
}

struct bad_plan {
    const char *name;
    const char *identity, *calendar, *units, *measures, *indicators, *tasks;
    enum diag_id id;
    const char *needle;
    const char *marker; /* the diagnostic is on the line of this text */
    int nth;            /* ...its nth occurrence */
};

#define UNIT(code, extra)                                                                  \
    "<unit code=\"" code "\" kind=\"department\" " extra "><name>n</name><short>s</short></unit>\n"

static const struct bad_plan bad_plans[] = {
    /* duplicates */
    {"duplicate unit", NULL, NULL, UNITS_DEFAULT UNIT("A", "from=\"2021-01-01\""), NULL, NULL,
     NULL, DIAG_PLAN_DUPLICATE, "unit code 'A' is defined twice", "code=\"A\"", 2},
    {"duplicate measure", NULL, NULL, NULL,
     MEASURES_DEFAULT "<measure code=\"M1\" kind=\"stock\" uom=\"u\" reporters=\"B\"><name>again</name></measure>\n",
     NULL, NULL, DIAG_PLAN_DUPLICATE, "measure code 'M1' is defined twice", "code=\"M1\"", 2},
    {"duplicate task", NULL, NULL, NULL, NULL, NULL,
     TASKS_DEFAULT "<group code=\"H\" title=\"h\">\n<task code=\"T1\" lead=\"B\"><text>u</text></task>\n</group>\n",
     DIAG_PLAN_DUPLICATE, "task code 'T1' is defined twice", "code=\"T1\"", 2},
    {"duplicate indicator", NULL, NULL, NULL, NULL,
     INDICATORS_DEFAULT INDICATORS_DEFAULT, NULL, DIAG_PLAN_DUPLICATE,
     "indicator code 'I1' is defined twice", "<indicator code", 2},
    /* unknown references */
    {"unknown reporter", NULL, NULL, NULL,
     MEASURES_DEFAULT "<measure code=\"M3\" kind=\"amount\" uom=\"u\" reporters=\"A ZZ\"><name>m</name></measure>\n",
     NULL, NULL, DIAG_PLAN_UNKNOWN_REF, "unknown unit code 'ZZ'", "code=\"M3\"", 1},
    {"unknown successor", NULL, NULL,
     UNITS_DEFAULT UNIT("C", "from=\"2020-01-01\" to=\"2024-12-31\" successor=\"ZZ\""), NULL,
     NULL, NULL, DIAG_PLAN_UNKNOWN_REF, "unknown successor unit code 'ZZ'", "code=\"C\"", 1},
    {"unknown lead", NULL, NULL, NULL, NULL, NULL,
     "<group code=\"G\" title=\"g\">\n<task code=\"T1\" lead=\"ZZ\"><text>t</text></task>\n</group>\n",
     DIAG_PLAN_UNKNOWN_REF, "unknown lead unit code 'ZZ'", "code=\"T1\"", 1},
    {"unknown support", NULL, NULL, NULL, NULL, NULL,
     "<group code=\"G\" title=\"g\">\n<task code=\"T1\" lead=\"A\" support=\"B ZZ\"><text>t</text></task>\n</group>\n",
     DIAG_PLAN_UNKNOWN_REF, "unknown unit code 'ZZ'", "code=\"T1\"", 1},
    {"unknown numerator measure", NULL, NULL, NULL, NULL,
     IND("compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1 NOPE\"/>\n"), NULL,
     DIAG_PLAN_UNKNOWN_REF, "unknown measure code 'NOPE'", "<numerator", 1},
    {"unknown denominator measure", NULL, NULL, NULL, NULL,
     IND("compute=\"ratio\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<denominator measures=\"M2 NOPE\"/>\n"),
     NULL, DIAG_PLAN_UNKNOWN_REF, "unknown measure code 'NOPE'", "<denominator", 1},
    /* dates */
    {"unit ends before it begins", NULL, NULL,
     UNITS_DEFAULT UNIT("C", "from=\"2025-01-01\" to=\"2024-12-31\""), NULL, NULL, NULL,
     DIAG_PLAN_BAD_DATES, "the unit ends before it begins", "code=\"C\"", 1},
    {"successor without end date", NULL, NULL,
     UNITS_DEFAULT UNIT("C", "from=\"2020-01-01\" successor=\"A\""), NULL, NULL, NULL,
     DIAG_PLAN_BAD_DATES, "a unit with a successor needs an end date (to)", "code=\"C\"", 1},
    {"unit date not a date", NULL, NULL, UNITS_DEFAULT UNIT("C", "from=\"2025-13-01\""), NULL,
     NULL, NULL, DIAG_PLAN_BAD_DATES, "a unit's from or to is not a date", "code=\"C\"", 1},
    {"plan date not a date",
     "<identity number=\"1/KH\" date=\"03/03/2023\" from-year=\"2023\" to-year=\"2025\">"
     "<issuer>X</issuer><province>Y</province><title>T</title></identity>\n",
     NULL, NULL, NULL, NULL, NULL, DIAG_PLAN_BAD_DATES, "the plan's date is not a date",
     "<identity", 1},
    {"from-year not a plausible year",
     "<identity number=\"1/KH\" date=\"2023-01-01\" from-year=\"1800\" to-year=\"2025\">"
     "<issuer>X</issuer><province>Y</province><title>T</title></identity>\n",
     NULL, NULL, NULL, NULL, NULL, DIAG_PLAN_BAD_DATES, "from-year <= to-year", "<identity", 1},
    {"cutoff-day 28", NULL, "<calendar cutoff-day=\"28\"><report period=\"quarter\" due-days=\"3\"/></calendar>\n",
     NULL, NULL, NULL, NULL, DIAG_PLAN_BAD_DATES, "cutoff-day must be 1 to 27", "<calendar", 1},
    /* successor loops */
    {"successor loop", NULL, NULL,
     UNIT("A", "from=\"2020-01-01\" to=\"2024-12-31\" successor=\"B\"")
     UNIT("B", "from=\"2020-01-01\" to=\"2025-06-30\" successor=\"A\""),
     NULL, NULL, NULL, DIAG_PLAN_SUCCESSOR_LOOP, "the successors of unit 'A' lead back to it",
     "code=\"A\"", 1},
    {"successor of itself", NULL, NULL,
     UNIT("A", "from=\"2020-01-01\" to=\"2024-12-31\" successor=\"A\"") UNIT("B", "from=\"2020-01-01\""),
     NULL, NULL, NULL, DIAG_PLAN_SUCCESSOR_LOOP, "the successors of unit 'A' lead back to it",
     "code=\"A\"", 1},
    /* indicators: each rule of check_indicator and of the baseline */
    {"ratio without denominator", NULL, NULL, NULL, NULL,
     IND("compute=\"ratio\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "indicator I1: compute=\"ratio\" needs a <denominator>",
     "<indicator code", 1},
    {"denominator on a sum", NULL, NULL, NULL, NULL,
     IND("compute=\"sum\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<denominator measures=\"M2\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "only compute=\"ratio\" takes a <denominator>",
     "<indicator code", 1},
    {"items denominator", NULL, NULL, NULL, NULL,
     IND("compute=\"ratio\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<denominator measures=\"IT\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a denominator cannot be an items measure", "<indicator code", 1},
    {"count over non-items", NULL, NULL, NULL, NULL,
     IND("compute=\"count\" target-year=\"2025\"", "<numerator measures=\"IT M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "its numerator must name only items measures", "<indicator code", 1},
    {"items in a sum", NULL, NULL, NULL, NULL,
     IND("compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1 IT\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "items measures can only be counted: use compute=\"count\"",
     "<indicator code", 1},
    {"growth without baseline", NULL, NULL, NULL, NULL,
     IND("compute=\"growth\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "compute=\"multiple\" and \"growth\" need a <baseline>",
     "<indicator code", 1},
    {"multiple without baseline", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "compute=\"multiple\" and \"growth\" need a <baseline>",
     "<indicator code", 1},
    {"growth baseline in the last year", NULL, NULL, NULL, NULL,
     IND("compute=\"growth\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2025\" value=\"10\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "the baseline year of a multiple or growth target must come before its target-year",
     "<indicator code", 1},
    {"growth baseline in the target year, before the plan's last", NULL, NULL, NULL, NULL,
     IND("compute=\"growth\" target-year=\"2024\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2024\" value=\"10\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "the baseline year of a multiple or growth target must come before its target-year",
     "<indicator code", 1},
    {"multiple baseline after the target year", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2030\" value=\"10\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "indicator I1: the baseline year of a multiple or growth target must come before its target-year",
     "<indicator code", 1},
    {"multiple baseline in the target year (not provided)", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2025\" provided=\"false\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "the baseline year of a multiple or growth target must come before its target-year",
     "<indicator code", 1},
    /* targets that mean nothing for their computation */
    {"negative ratio target", NULL, NULL, NULL, NULL,
     INDT("ge", "-1", "compute=\"ratio\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n<denominator measures=\"M2\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "indicator I1: the target of compute=\"ratio\" must be above zero",
     "<indicator code", 1},
    {"zero sum target", NULL, NULL, NULL, NULL,
     INDT("ge", "0", "compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "the target of compute=\"sum\" must be above zero",
     "<indicator code", 1},
    {"negative sum target, at most", NULL, NULL, NULL, NULL,
     INDT("le", "-3", "compute=\"sum\" target-year=\"2025\"", "<numerator measures=\"M1\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "the target of compute=\"sum\" must be above zero",
     "<indicator code", 1},
    {"zero multiple target", NULL, NULL, NULL, NULL,
     INDT("ge", "0.000", "compute=\"multiple\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n" BASE2020),
     NULL, DIAG_PLAN_BAD_INDICATOR, "the target of compute=\"multiple\" must be above zero",
     "<indicator code", 1},
    {"negative count target", NULL, NULL, NULL, NULL,
     INDT("ge", "-4", "compute=\"count\" target-year=\"2025\"", "<numerator measures=\"IT\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "the target of compute=\"count\" must be a whole number above zero", "<indicator code", 1},
    {"count target with a fraction", NULL, NULL, NULL, NULL,
     INDT("ge", "2.5", "compute=\"count\" target-year=\"2025\"", "<numerator measures=\"IT\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "the target of compute=\"count\" must be a whole number above zero", "<indicator code", 1},
    {"negative growth target, at least", NULL, NULL, NULL, NULL,
     INDT("ge", "-2", "compute=\"growth\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n" BASE2020),
     NULL, DIAG_PLAN_BAD_INDICATOR,
     "indicator I1: a negative growth target (a fall) needs comparator=\"le\" or \"lt\"",
     "<indicator code", 1},
    {"negative growth target, over", NULL, NULL, NULL, NULL,
     INDT("gt", "-0.5", "compute=\"growth\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n" BASE2020),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a negative growth target (a fall) needs comparator",
     "<indicator code", 1},
    {"negative growth target, exactly", NULL, NULL, NULL, NULL,
     INDT("eq", "-2", "compute=\"growth\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n" BASE2020),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a negative growth target (a fall) needs comparator",
     "<indicator code", 1},
    {"growth target of -100", NULL, NULL, NULL, NULL,
     INDT("le", "-100", "compute=\"growth\" target-year=\"2025\"",
          "<numerator measures=\"M1\"/>\n" BASE2020),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a growth target must be above -100 (% a year)",
     "<indicator code", 1},
    {"baseline provided without value", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2020\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a baseline needs a value, or provided=\"false\"",
     "<baseline", 1},
    {"baseline provided=true without value", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2020\" provided=\"true\" source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a baseline needs a value, or provided=\"false\"",
     "<baseline", 1},
    {"sample with a provided baseline", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2020\" value=\"5\" source=\"s\">\n"
         "<sample value=\"1\" note=\"n\"/>\n</baseline>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "<sample> is only for a baseline the plan does not provide",
     "<sample", 1},
    {"not provided but a value", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2020\" provided=\"false\" value=\"5\" "
         "source=\"s\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a baseline with provided=\"false\" cannot have a value",
     "<baseline", 1},
    {"not provided, no source", NULL, NULL, NULL, NULL,
     IND("compute=\"multiple\" target-year=\"2025\"",
         "<numerator measures=\"M1\"/>\n<baseline year=\"2020\" provided=\"false\" source=\"\"/>\n"),
     NULL, DIAG_PLAN_BAD_INDICATOR, "a baseline that is not provided must say why in source",
     "<indicator code", 1},
    {"target-year after the plan", NULL, NULL, NULL, NULL,
     IND("compute=\"sum\" target-year=\"2026\"", "<numerator measures=\"M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "target-year lies outside the plan's years", "<indicator code", 1},
    {"target-year before the plan", NULL, NULL, NULL, NULL,
     IND("compute=\"sum\" target-year=\"2022\"", "<numerator measures=\"M1\"/>\n"), NULL,
     DIAG_PLAN_BAD_INDICATOR, "target-year lies outside the plan's years", "<indicator code", 1},
    {"target not a number", NULL, NULL, NULL, NULL,
     "<indicator code=\"I1\" section=\"II.1\" comparator=\"ge\" target=\"1,5\" uom=\"u\" "
     "compute=\"sum\" target-year=\"2025\">\n<name>i</name>\n<numerator measures=\"M1\"/>\n</indicator>\n",
     NULL, DIAG_PLAN_BAD_INDICATOR, "indicator I1: target is not a number", "<indicator code", 1},
};

static void test_small_plans_invalid(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(bad_plans); i++) {
        const struct bad_plan *r = &bad_plans[i];
        char *xml = make_plan(r->identity, r->calendar, r->units, r->measures, r->indicators,
                              r->tasks);
        unsigned long line = line_of(xml, r->marker, r->nth);
        if (!line) {
            ROW_FAIL("%s: marker %s not found (test bug)", r->name, r->marker);
            free(xml);
            continue;
        }
        diag_list d;
        diag_list_init(&d, "mem.xml");
        plan *p = plan_from_string(xml, &d);
        if (p) {
            ROW_FAIL("%s: the plan was accepted", r->name);
            plan_free(p);
        }
        if (!fx_only(&d, r->id, line, r->needle))
            ROW_FAIL("%s: wrong diagnostics", r->name);
        diag_list_release(&d);
        free(xml);
    }
    ROWS_DONE();
}

/* All of a plan's problems are listed at once, not only the first. */
static void test_small_plan_all_problems(void **state)
{
    (void)state;
    char *xml = make_plan(NULL, NULL, UNITS_DEFAULT UNIT("A", "from=\"2021-01-01\""),
                          MEASURES_DEFAULT "<measure code=\"M3\" kind=\"amount\" uom=\"u\" "
                                           "reporters=\"QQ\"><name>m</name></measure>\n",
                          IND("compute=\"ratio\" target-year=\"2025\"",
                              "<numerator measures=\"M1\"/>\n"),
                          "<group code=\"G\" title=\"g\">\n<task code=\"T1\" lead=\"YY\"><text>t"
                          "</text></task>\n</group>\n");
    diag_list d;
    diag_list_init(&d, "mem.xml");
    plan *p = plan_from_string(xml, &d);
    assert_null(p);
    if (d.n != 4)
        fx_dump(&d);
    assert_int_equal(d.n, 4);
    assert_int_equal(fx_count_id(&d, DIAG_PLAN_DUPLICATE), 1);
    assert_int_equal(fx_count_id(&d, DIAG_PLAN_UNKNOWN_REF), 2);
    assert_int_equal(fx_count_id(&d, DIAG_PLAN_BAD_INDICATOR), 1);
    diag_list_release(&d);
    free(xml);
}

/* A chain of successors that ends is not a loop, whatever its length. */
static void test_small_plan_successor_chain(void **state)
{
    (void)state;
    char *xml = make_plan(NULL, NULL,
                          UNIT("A", "from=\"2020-01-01\" to=\"2021-12-31\" successor=\"B\"")
                          UNIT("B", "from=\"2022-01-01\" to=\"2022-12-31\" successor=\"C\"")
                          UNIT("C", "from=\"2023-01-01\" to=\"2023-12-31\" successor=\"D\"")
                          UNIT("D", "from=\"2024-01-01\""),
                          "<measure code=\"M1\" kind=\"amount\" uom=\"u\" reporters=\"A\"><name>m"
                          "</name></measure>\n",
                          NULL, NULL);
    plan *p = fx_plan_from_string(xml);   /* NULL, said why, on any diagnostic */
    REQUIRE(p);
    int a = plan_unit_find(p, "A"), dd = plan_unit_find(p, "D");
    date_t t;
    date_parse("2025-06-01", &t);
    assert_int_equal(plan_holder(p, a, t), dd);
    assert_true(plan_unit_reports(p, dd, 0, t));
    date_parse("2021-06-01", &t);
    assert_false(plan_unit_reports(p, dd, 0, t));
    assert_true(plan_unit_reports(p, a, 0, t));
    plan_free(p);
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_plan_identity_and_counts),
        cmocka_unit_test(test_real_plan_lookups),
        cmocka_unit_test(test_real_plan_indicators),
        cmocka_unit_test(test_real_plan_merger_and_districts),
        cmocka_unit_test(test_real_plan_expected),
        cmocka_unit_test(test_real_plan_task_roles),
        cmocka_unit_test(test_small_plan_valid),
        cmocka_unit_test(test_duties_down_a_chain),
        cmocka_unit_test(test_small_plan_targets_valid),
        cmocka_unit_test(test_small_plans_invalid),
        cmocka_unit_test(test_small_plan_all_problems),
        cmocka_unit_test(test_small_plan_successor_chain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
