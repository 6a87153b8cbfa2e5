/*
 * test_agg: the aggregation stage, on a small plan and small submissions
 * built in memory.
 *
 * The plan (PLAN_XML_UNITS and PLAN_XML_TARGETS below) has two departments that exist throughout (DA,
 * DB), a district (DI) that ends on 30/06/2025 and hands over to the
 * communes (XA, from 01/07/2025), and two departments (M1, M2) merged into
 * MG on 01/03/2025; measures of every kind; and one indicator per way of
 * computing it (plus variants for comparators and baselines). Cut-off day
 * 14, due 3 days after a quarter's window and 5 after a year's.
 *
 * Each table row is a set of submissions, the period asked for and the
 * expected result, every figure written out exactly. Rows report every
 * mismatch and the test fails once at the end (fixtures.h).
 */
#include "fixtures.h"

#include <math.h>

#include "agg.h"
#include "batch.h"
#include "buf.h"
#include "num.h"
#include "period.h"
#include "plan.h"
#include "submission.h"

/* in two literals, each under the 4095 characters C guarantees */
static const char PLAN_XML_UNITS[] =
    "<plan version=\"1\">\n"
    " <identity number=\"T/KH\" date=\"2023-01-02\" from-year=\"2023\" to-year=\"2025\">\n"
    "  <issuer>Issuer</issuer><province>Province</province><title>Test plan</title>\n"
    " </identity>\n"
    " <calendar cutoff-day=\"14\">\n"
    "  <report period=\"quarter\" due-days=\"3\"/><report period=\"half\" due-days=\"3\"/>\n"
    "  <report period=\"nine-months\" due-days=\"3\"/><report period=\"year\" due-days=\"5\"/>\n"
    " </calendar>\n"
    " <units>\n"
    "  <unit code=\"DA\" kind=\"department\" from=\"2020-01-01\"><name>Dept A</name><short>A</short></unit>\n"
    "  <unit code=\"DB\" kind=\"department\" from=\"2020-01-01\"><name>Dept B</name><short>B</short></unit>\n"
    "  <unit code=\"DI\" kind=\"district\" from=\"2020-01-01\" to=\"2025-06-30\" successor=\"XA\"><name>District</name><short>D</short></unit>\n"
    "  <unit code=\"XA\" kind=\"commune\" from=\"2025-07-01\"><name>Communes</name><short>X</short></unit>\n"
    "  <unit code=\"M1\" kind=\"department\" from=\"2020-01-01\" to=\"2025-02-28\" successor=\"MG\"><name>Merged 1</name><short>M1</short></unit>\n"
    "  <unit code=\"M2\" kind=\"department\" from=\"2020-01-01\" to=\"2025-02-28\" successor=\"MG\"><name>Merged 2</name><short>M2</short></unit>\n"
    "  <unit code=\"MG\" kind=\"department\" from=\"2025-03-01\"><name>Merger</name><short>MG</short></unit>\n"
    /* OLD hands over to DA, which exists before and after (as SKHDT to STC) */
    "  <unit code=\"OLD\" kind=\"other\" from=\"2020-01-01\" to=\"2025-02-28\" successor=\"DA\"><name>Old</name><short>O</short></unit>\n"
    " </units>\n"
    " <measures>\n"
    "  <measure code=\"AMT\" kind=\"amount\" uom=\"u\" reporters=\"DA DB\"><name>Amount</name></measure>\n"
    "  <measure code=\"DEN\" kind=\"amount\" uom=\"u\" reporters=\"DA\"><name>Denominator</name></measure>\n"
    "  <measure code=\"STK\" kind=\"stock\" uom=\"u\" reporters=\"DA DI M1 M2 OLD\"><name>Stock</name></measure>\n"
    "  <measure code=\"ITM\" kind=\"items\" uom=\"u\" reporters=\"DA DI\"><name>Items</name></measure>\n"
    "  <measure code=\"APP\" kind=\"amount\" uom=\"u\" reporters=\"DA\"><name>Applications</name></measure>\n"
    "  <measure code=\"MOD\" kind=\"amount\" uom=\"u\" reporters=\"DI\"><name>Models</name></measure>\n"
    "  <measure code=\"AM2\" kind=\"amount\" uom=\"u\" reporters=\"DA OLD\"><name>A2</name></measure>\n"
    "  <measure code=\"IT2\" kind=\"items\" uom=\"u\" reporters=\"DB\"><name>Items 2</name></measure>\n"
    " </measures>\n"
    ;
static const char PLAN_XML_TARGETS[] =
    " <indicators>\n"
    "  <indicator code=\"S\" section=\"1\" compute=\"sum\" comparator=\"ge\" target=\"100\" target-year=\"2025\" uom=\"u\"><name>Sum</name><numerator measures=\"AMT\"/></indicator>\n"
    "  <indicator code=\"RAT\" section=\"2\" compute=\"ratio\" comparator=\"ge\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio ge</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"RGT\" section=\"2\" compute=\"ratio\" comparator=\"gt\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio gt</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"RLE\" section=\"2\" compute=\"ratio\" comparator=\"le\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio le</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"MUL\" section=\"3\" compute=\"multiple\" comparator=\"ge\" target=\"1.5\" target-year=\"2025\" uom=\"x\"><name>Multiple</name><numerator measures=\"STK\"/><baseline year=\"2020\" value=\"20\" source=\"given\"/></indicator>\n"
    "  <indicator code=\"MNP\" section=\"3\" compute=\"multiple\" comparator=\"ge\" target=\"1.5\" target-year=\"2025\" uom=\"x\"><name>Multiple, no baseline</name><numerator measures=\"STK\"/><baseline year=\"2020\" provided=\"false\" source=\"not in the plan\"/></indicator>\n"
    "  <indicator code=\"MZ\" section=\"3\" compute=\"multiple\" comparator=\"ge\" target=\"1.5\" target-year=\"2025\" uom=\"x\"><name>Multiple, zero baseline</name><numerator measures=\"STK\"/><baseline year=\"2020\" value=\"0\" source=\"given\"/></indicator>\n"
    "  <indicator code=\"GRO\" section=\"4\" compute=\"growth\" comparator=\"ge\" target=\"2\" target-year=\"2025\" uom=\"%/y\"><name>Growth</name><numerator measures=\"APP\"/><baseline year=\"2022\" value=\"420\" source=\"given\"/></indicator>\n"
    "  <indicator code=\"FAL\" section=\"4\" compute=\"growth\" comparator=\"le\" target=\"-5\" target-year=\"2025\" uom=\"%/y\"><name>Fall</name><numerator measures=\"APP\"/><baseline year=\"2022\" value=\"420\" source=\"given\"/></indicator>\n"
    "  <indicator code=\"CNT\" section=\"5\" compute=\"count\" comparator=\"ge\" target=\"4\" target-year=\"2025\" uom=\"n\"><name>Count</name><numerator measures=\"ITM\"/></indicator>\n"
    "  <indicator code=\"C3\" section=\"5\" compute=\"count\" comparator=\"ge\" target=\"3\" target-year=\"2025\" uom=\"n\"><name>Count of 3</name><numerator measures=\"ITM\"/></indicator>\n"
    "  <indicator code=\"C2M\" section=\"5\" compute=\"count\" comparator=\"ge\" target=\"2\" target-year=\"2025\" uom=\"n\"><name>Count of two measures</name><numerator measures=\"ITM IT2\"/></indicator>\n"
    "  <indicator code=\"GZ\" section=\"4\" compute=\"growth\" comparator=\"ge\" target=\"2\" target-year=\"2025\" uom=\"%/y\"><name>Growth, zero baseline</name><numerator measures=\"APP\"/><baseline year=\"2022\" value=\"0\" source=\"given\"/></indicator>\n"
    "  <indicator code=\"REQ\" section=\"2\" compute=\"ratio\" comparator=\"eq\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio eq</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"RLT\" section=\"2\" compute=\"ratio\" comparator=\"lt\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio lt</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"RLS\" section=\"2\" compute=\"ratio\" comparator=\"le\" target=\"0.000001\" target-year=\"2025\" uom=\"%\"><name>Ratio le, smallest target</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/></indicator>\n"
    "  <indicator code=\"GLE\" section=\"4\" compute=\"growth\" comparator=\"le\" target=\"5\" target-year=\"2025\" uom=\"%/y\"><name>Growth capped</name><numerator measures=\"APP\"/><baseline year=\"2022\" value=\"420\" source=\"given\"/></indicator>\n"
    " </indicators>\n"
    " <tasks><group code=\"G\" title=\"Group\"><task code=\"T1\" lead=\"DA\" support=\"DB\"><text>Task</text></task>"
    "<task code=\"T2\" lead=\"DB\" support=\"DA\"><text>Task 2</text></task></group></tasks>\n"
    "</plan>\n";

static plan *P;

static int setup(void **state)
{
    (void)state;
    buf xml;
    buf_init(&xml, 0);
    buf_puts(&xml, PLAN_XML_UNITS);
    buf_puts(&xml, PLAN_XML_TARGETS);
    P = fx_plan_from_string(xml.data);
    buf_release(&xml);
    return P ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plan_free(P);
    return 0;
}

/* ---- building a run ---- */

#define MAXSUBS 10

/* One submission file; sent NULL means the last day of the period's window
 * (on time). The body goes on line 2 (lines after it count on). */
struct sub_spec {
    const char *path, *unit, *period;
    int rev;
    const char *sent;
    const char *body; /* a path that begins with "sample-" is sent with sample="true" */
};

#define VALS(x) "<values>" x "</values>"
#define V(m, v) "<value measure=\"" m "\">" v "</value>"
#define ITEMS(x) "<items>" x "</items>"
#define IT(m, id, date) "<item measure=\"" m "\" id=\"" id "\" date=\"" date "\"><name>" id "</name></item>"

struct emitted {
    char file[64];
    enum diag_id id;
    unsigned long line;
    char text[512];
};

struct world {
    agg *a;
    agg_report *r;
    struct emitted diags[32];
    size_t ndiags;
    const struct sub_spec *subs;  /* the run, for reread */
    const struct sub_spec *edited; /* when set: what its path reads as the second time */
    char reread[MAXSUBS][64];     /* the files read again, in order */
    size_t nreread;
};

static void capture(void *ctx, diag_list *d)
{
    struct world *w = ctx;
    for (size_t i = 0; i < d->n && w->ndiags < FX_COUNT(w->diags); i++) {
        struct emitted *e = &w->diags[w->ndiags++];
        snprintf(e->file, sizeof e->file, "%s", d->file ? d->file : "");
        e->id = d->v[i].id;
        e->line = d->v[i].line;
        snprintf(e->text, sizeof e->text, "%s", d->v[i].text);
    }
}

static period per_of(const char *code)
{
    period p;
    if (period_parse(code, &p) != 0)
        fail_msg("bad period %s", code);
    return p;
}

static submission *make_sub(const struct sub_spec *s)
{
    char sent[16], xml[8192];
    if (s->sent) {
        snprintf(sent, sizeof sent, "%s", s->sent);
    } else {
        period p = per_of(s->period);
        date_t from, to;
        period_window(&p, P->cutoff_day, &from, &to);
        date_iso(to, sent, sizeof sent);
    }
    snprintf(xml, sizeof xml,
             "<submission version=\"1\" plan=\"T/KH\" unit=\"%s\" period=\"%s\" revision=\"%d\" "
             "sent=\"%s\"%s>\n%s\n</submission>\n",
             s->unit, s->period, s->rev ? s->rev : 1, sent,
             strncmp(s->path, "sample-", 7) == 0 ? " sample=\"true\"" : "",
             s->body ? s->body : "");
    diag_list d;
    diag_list_init(&d, s->path);
    enum xml_status st;
    xml_doc *doc = xml_read_memory(xml, strlen(xml), s->path, "submission", NULL,
                                   &xml_default_limits, &d, &st);
    submission *sub = doc ? submission_from_xml(xml_root(doc), s->path, P, &d) : NULL;
    if (!sub || d.errors) {
        fx_dump(&d);
        fail_msg("test submission %s was not accepted", s->path);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    return sub;
}

static size_t nsubs(const struct sub_spec *subs)
{
    size_t n = 0;
    while (n < MAXSUBS && subs[n].path)
        n++;
    return n;
}

/* agg_resolve's reader: the file's spec, or w->edited for its path. */
static submission *reread(void *ctx, size_t file, const char *on_disk)
{
    struct world *w = ctx;
    if (file >= nsubs(w->subs))
        fail_msg("file %zu read again: not one of the run", file);
    const char *path = w->subs[file].path;
    if (strcmp(on_disk, path) != 0)
        fail_msg("file %zu read again as \"%s\", not by its name \"%s\"", file, on_disk, path);
    if (w->nreread < MAXSUBS)
        snprintf(w->reread[w->nreread++], sizeof w->reread[0], "%s", path);
    if (w->edited && strcmp(w->edited->path, path) == 0)
        return w->edited->unit ? make_sub(w->edited) : NULL;
    return make_sub(&w->subs[file]);
}

/* At most this many rows in the collector's memory; 0: its default. main
 * runs every test twice: with the default, in which the tests' few files
 * stay in memory, and with 1, in which every row but the newest is read
 * back from the temporary file. */
static size_t rows_in_memory;

/* Adds the files in order, settles them and computes `per`.
 * texts: keep the texts of task reports and remarks only for this period
 * (agg_keep_texts_for), or NULL to keep them all. edited: NULL, or a file
 * of the run as it reads when read again (changed during the run; with no
 * unit, removed: it reads as nothing). */
static void world_run(struct world *w, const struct sub_spec *subs, const char *per,
                      const char *texts, const struct sub_spec *edited)
{
    memset(w, 0, sizeof *w);
    w->subs = subs;
    w->edited = edited;
    w->a = agg_new(P);
    if (rows_in_memory)
        agg_rows_in_memory(w->a, rows_in_memory);
    if (texts) {
        period t = per_of(texts);
        agg_keep_texts_for(w->a, &t);
    }
    for (size_t i = 0; i < nsubs(subs); i++) {
        batch_file f;
        memset(&f, 0, sizeof f);
        f.path = subs[i].path; /* static: outlives the collector */
        diag_list_init(&f.diags, f.path);
        f.sub = make_sub(&subs[i]);
        agg_add(w->a, &f);
        if (f.sub != NULL)
            fail_msg("agg_add did not take the submission");
        diag_list_release(&f.diags);
    }
    agg_resolve(w->a, reread, w, capture, w);
    period p = per_of(per);
    w->r = agg_compute(w->a, &p);
    if (!w->r)
        fail_msg("agg_compute returned NULL");
}

static void world_build_texts(struct world *w, const struct sub_spec *subs, const char *per,
                              const char *texts)
{
    world_run(w, subs, per, texts, NULL);
}

static void world_build(struct world *w, const struct sub_spec *subs, const char *per)
{
    world_build_texts(w, subs, per, NULL);
}

static void world_free(struct world *w)
{
    agg_report_free(w->r);
    agg_free(w->a);
}

static int M(const char *code)
{
    int m = plan_measure_find(P, code);
    if (m < 0)
        fail_msg("measure %s not in the plan", code);
    return m;
}

static int U(const char *code)
{
    int u = plan_unit_find(P, code);
    if (u < 0)
        fail_msg("unit %s not in the plan", code);
    return u;
}

static num_t N(const char *s)
{
    num_t v;
    if (num_parse(s, &v, NULL, 0) != NUM_OK)
        fail_msg("bad number %s", s);
    return v;
}

static const agg_indicator *IND(const agg_report *r, const char *code)
{
    for (size_t k = 0; k < r->nindicators; k++)
        if (strcmp(P->indicators[r->indicators[k].indicator].code, code) == 0)
            return &r->indicators[k];
    fail_msg("indicator %s not in the report", code);
    return NULL;
}

/* A unit's figure for measure m in r->measures, or NULL. */
static const agg_figure *unit_fig(const agg_measure *am, int unit)
{
    for (size_t k = 0; k < am->nunits; k++)
        if (am->units[k].unit == unit)
            return &am->units[k].fig;
    return NULL;
}

/* Every file's row (a copy, in one static array: the tests add at most
 * FILES_MAX files), as agg_each_file gives them; each must be what
 * agg_file_at and agg_file_path give too. */
#define FILES_MAX 8192
static agg_file files_v[FILES_MAX];
static char files_path[FILES_MAX][96];  /* f->path is valid during the call only */

struct files_read {
    const agg *a;
    size_t n;
};

/* Copies a row, after asking for the path of the file it names, as the
 * run log does, which must leave f as it was. */
static void file_copy(void *ctx, size_t i, const agg_file *f)
{
    struct files_read *fr = ctx;
    size_t *n = &fr->n;
    if (f->other >= 0)
        assert_non_null(agg_file_path(fr->a, (size_t)f->other));
    assert_int_equal(i, *n);
    assert_true(i < FILES_MAX && strlen(f->path) < sizeof files_path[0]);
    files_v[*n] = *f;
    files_v[*n].path = strcpy(files_path[*n], f->path);
    (*n)++;
}

static const agg_file *files_of(const agg *a, size_t *n)
{
    struct files_read fr = {a, 0};
    agg_each_file(a, file_copy, &fr);
    *n = fr.n;
    assert_int_equal(*n, agg_nfiles(a));
    for (size_t i = 0; i < *n; i++) {
        agg_file f = agg_file_at(a, i), *g = &files_v[i];
        assert_string_equal(f.path, g->path);
        assert_string_equal(agg_file_path(a, i), g->path);
        assert_true(f.fate == g->fate && f.unit == g->unit && period_same_span(&f.per, &g->per) &&
                    f.revision == g->revision && f.sent == g->sent && f.due == g->due &&
                    f.other == g->other && f.errors == g->errors &&
                    f.warnings == g->warnings && f.line == g->line && f.nids == g->nids &&
                    memcmp(f.ids, g->ids, sizeof f.ids) == 0 && f.late == g->late &&
                    f.sample == g->sample);
    }
    return files_v;
}

static int file_index(const agg *a, const char *path)
{
    size_t n;
    const agg_file *f = files_of(a, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].path, path) == 0)
            return (int)i;
    fail_msg("file %s not recorded", path);
    return -1;
}

static int near(long double a, long double b)
{
    long double scale = fabsl(b) > 1 ? fabsl(b) : 1;
    return fabsl(a - b) <= 1e-12L * scale;
}

static const char *numstr(num_t v, char *out, size_t n)
{
    return num_format(v, -1, NUM_PLAIN, out, n);
}

/* ---- figures: amounts and stocks ---- */

struct fig_case {
    const char *name;
    struct sub_spec subs[MAXSUBS];
    const char *period, *measure, *unit; /* unit NULL: the province total */
    int known;
    const char *value;
    enum agg_rule rule;
    int partial;
    size_t nrefs;
};

#define Q(path, unit, per, body) {path, unit, per, 1, NULL, body}

static const struct fig_case fig_cases[] = {
    {"a year from its quarters (0.1+0.2+0.3+0.4 exactly 1)",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "0.3"))), Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4")))},
     "2024", "AMT", "DA", 1, "1", RULE_SUM, 0, 4},
    {"a year submitted directly wins over its quarters",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "0.3"))), Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4"))),
      Q("ay", "DA", "2024", VALS(V("AMT", "5")))},
     "2024", "AMT", "DA", 1, "5", RULE_SUBMITTED, 0, 1},
    {"nine months from three quarters",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "0.3"))), Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4")))},
     "2024-9M", "AMT", "DA", 1, "0.6", RULE_SUM, 0, 3},
    {"first half from two quarters",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "0.3")))},
     "2024-H1", "AMT", "DA", 1, "0.3", RULE_SUM, 0, 2},
    {"first half submitted directly wins",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("ah", "DA", "2024-H1", VALS(V("AMT", "7")))},
     "2024-H1", "AMT", "DA", 1, "7", RULE_SUBMITTED, 0, 1},
    {"the whole plan from a year and quarters: 10 + (0.1+0.2+0.3+0.4) + (1+2+3+4) = 21",
     {Q("y23", "DA", "2023", VALS(V("AMT", "10"))),
      Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "0.3"))), Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4"))),
      Q("b1", "DA", "2025-Q1", VALS(V("AMT", "1"))), Q("b2", "DA", "2025-Q2", VALS(V("AMT", "2"))),
      Q("b3", "DA", "2025-Q3", VALS(V("AMT", "3"))), Q("b4", "DA", "2025-Q4", VALS(V("AMT", "4")))},
     "2023-2025", "AMT", NULL, 1, "21", RULE_SUM, 0, 9},
    {"a year with a quarter missing is partial: 0.1+0.2+0.4",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4")))},
     "2024", "AMT", "DA", 1, "0.7", RULE_SUM, 1, 3},
    {"the province total is partial when a unit's figure is",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "0.1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "0.2"))),
      Q("a4", "DA", "2024-Q4", VALS(V("AMT", "0.4"))), Q("by", "DB", "2024", VALS(V("AMT", "100")))},
     "2024", "AMT", NULL, 1, "100.7", RULE_SUM, 1, 4},
    {"two units summed: 1.5 + 2.25",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "1.5"))), Q("b1", "DB", "2024-Q1", VALS(V("AMT", "2.25")))},
     "2024-Q1", "AMT", NULL, 1, "3.75", RULE_SUM, 0, 2},
    {"a unit's own quarter figure is submitted",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "1.5"))), Q("b1", "DB", "2024-Q1", VALS(V("AMT", "2.25")))},
     "2024-Q1", "AMT", "DB", 1, "2.25", RULE_SUBMITTED, 0, 1},
    {"no figure for a quarter nobody reported",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "1.5")))},
     "2024-Q2", "AMT", NULL, 0, "0", RULE_NONE, 0, 0},
    {"a stock: the latest figure up to the period's end (Q1 for Q2), partial: "
     "DA was to report Q2",
     {Q("s1", "DA", "2024-Q1", VALS(V("STK", "5"))), Q("s3", "DA", "2024-Q3", VALS(V("STK", "7")))},
     "2024-Q2", "STK", "DA", 1, "5", RULE_LATEST, 1, 1},
    {"a stock's province total is partial when a unit's figure is older than the period",
     {Q("s1", "DA", "2024-Q1", VALS(V("STK", "5"))), Q("d2", "DI", "2024-Q2", VALS(V("STK", "3")))},
     "2024-Q2", "STK", NULL, 1, "8", RULE_LATEST, 1, 2},
    {"a stock of the period's last quarter is not partial, though earlier ones are missing",
     {Q("s4", "DA", "2024-Q4", VALS(V("STK", "5")))},
     "2024", "STK", "DA", 1, "5", RULE_LATEST, 0, 1},
    {"a stock for a year is its last figure (partial: Q4 is missing)",
     {Q("s1", "DA", "2024-Q1", VALS(V("STK", "5"))), Q("s3", "DA", "2024-Q3", VALS(V("STK", "7")))},
     "2024", "STK", "DA", 1, "7", RULE_LATEST, 1, 1},
    {"a stock submitted for the period itself",
     {Q("s1", "DA", "2024-Q1", VALS(V("STK", "5"))), Q("s3", "DA", "2024-Q3", VALS(V("STK", "7")))},
     "2024-Q3", "STK", "DA", 1, "7", RULE_SUBMITTED, 0, 1},
    {"a stock from an earlier year is used (RULE_LATEST; partial: 2024-Q1 and Q2 missing)",
     {Q("s0", "DA", "2023-Q4", VALS(V("STK", "4")))},
     "2024-Q2", "STK", NULL, 1, "4", RULE_LATEST, 1, 1},
    {"stocks of two units are summed: 5 + 3",
     {Q("s1", "DA", "2024-Q2", VALS(V("STK", "5"))), Q("d1", "DI", "2024-Q2", VALS(V("STK", "3")))},
     "2024-Q2", "STK", NULL, 1, "8", RULE_LATEST, 0, 2},
    {"the exact period's stock wins over a longer period ending the same quarter",
     {Q("sy", "DA", "2024", VALS(V("STK", "10"))), Q("s4", "DA", "2024-Q4", VALS(V("STK", "12")))},
     "2024-Q4", "STK", "DA", 1, "12", RULE_SUBMITTED, 0, 1},
    {"the year's own stock figure for the year",
     {Q("sy", "DA", "2024", VALS(V("STK", "10"))), Q("s4", "DA", "2024-Q4", VALS(V("STK", "12")))},
     "2024", "STK", "DA", 1, "10", RULE_SUBMITTED, 0, 1},
    {"later, of a year and its last quarter (ending the same day) the year's figure is the "
     "latest, carried over a quarter DA should have reported (partial)",
     {Q("sy", "DA", "2024", VALS(V("STK", "10"))), Q("s4", "DA", "2024-Q4", VALS(V("STK", "12")))},
     "2025-Q1", "STK", "DA", 1, "10", RULE_LATEST, 1, 1},
    {"the same with a half-year and its second quarter, and a later quarter after them "
     "(partial: no third quarter)",
     {Q("sh", "DA", "2024-H1", VALS(V("STK", "20"))), Q("s2", "DA", "2024-Q2", VALS(V("STK", "22"))),
      Q("s4", "DA", "2024-Q4", VALS(V("STK", "30")))},
     "2024-Q3", "STK", "DA", 1, "20", RULE_LATEST, 1, 1},
    {"a dissolved unit's stock is not counted beside its successor's: 9, not 6 + 9",
     {Q("d2", "DI", "2025-Q2", VALS(V("STK", "6"))), Q("x3", "XA", "2025-Q3", VALS(V("STK", "9")))},
     "2025-Q3", "STK", NULL, 1, "9", RULE_LATEST, 0, 1},
    {"the dissolved unit's own figure is still listed",
     {Q("d2", "DI", "2025-Q2", VALS(V("STK", "6"))), Q("x3", "XA", "2025-Q3", VALS(V("STK", "9")))},
     "2025-Q3", "STK", "DI", 1, "6", RULE_LATEST, 0, 1},
    {"a successor that has not reported yet holds its predecessor's stock",
     {Q("d2", "DI", "2025-Q2", VALS(V("STK", "6")))},
     "2025-Q3", "STK", NULL, 1, "6", RULE_LATEST, 0, 1},
    {"before the merger both departments' stocks count: 5 + 3",
     {Q("m1", "M1", "2024-Q4", VALS(V("STK", "5"))), Q("m2", "M2", "2024-Q4", VALS(V("STK", "3")))},
     "2024-Q4", "STK", NULL, 1, "8", RULE_LATEST, 0, 2},
    {"after the merger, before the merged department reports: 5 + 3 are its stock",
     {Q("m1", "M1", "2024-Q4", VALS(V("STK", "5"))), Q("m2", "M2", "2024-Q4", VALS(V("STK", "3")))},
     "2025-Q1", "STK", NULL, 1, "8", RULE_LATEST, 0, 2},
    {"before the hand-over, a successor that already exists does not count its "
     "predecessor's stock a second time",
     {Q("o", "OLD", "2024-Q4", VALS(V("STK", "5")))},
     "2024-Q4", "STK", NULL, 1, "5", RULE_LATEST, 0, 1},
    {"after the hand-over, the existing successor without a figure holds the predecessor's",
     {Q("o", "OLD", "2024-Q4", VALS(V("STK", "5")))},
     "2025-Q2", "STK", NULL, 1, "5", RULE_LATEST, 0, 1},
    {"after the merger the merged department's own figure replaces both",
     {Q("m1", "M1", "2024-Q4", VALS(V("STK", "5"))), Q("m2", "M2", "2024-Q4", VALS(V("STK", "3"))),
      Q("mg", "MG", "2025-Q1", VALS(V("STK", "9")))},
     "2025-Q1", "STK", NULL, 1, "9", RULE_LATEST, 0, 1},
    {"nine months from a submitted half-year and the third quarter: 50 + 10",
     {Q("h1", "DA", "2024-H1", VALS(V("AMT", "50"))), Q("q3", "DA", "2024-Q3", VALS(V("AMT", "10")))},
     "2024-9M", "AMT", "DA", 1, "60", RULE_SUM, 0, 2},
    {"a year from a submitted nine months and the fourth quarter",
     {Q("n", "DA", "2024-9M", VALS(V("AMT", "30"))), Q("q4", "DA", "2024-Q4", VALS(V("AMT", "5")))},
     "2024", "AMT", "DA", 1, "35", RULE_SUM, 0, 2},
    {"a district's year after it ended: the quarters it was not expected in are not missing",
     {Q("d1", "DI", "2025-Q1", VALS(V("AMT", "1"))), Q("d2", "DI", "2025-Q2", VALS(V("AMT", "2")))},
     "2025", "AMT", "DI", 1, "3", RULE_SUM, 0, 2},
    {"a figure of a unit that does not report the measure is listed but not counted",
     {Q("b", "DB", "2024-Q1", VALS(V("STK", "1000")))},
     "2024-Q1", "STK", NULL, 0, "0", RULE_NONE, 0, 0},
    {"a successor's own figure older than its predecessor's end adds to it "
     "(partial: DA's figure is of 2024-Q3)",
     {Q("mg", "DA", "2024-Q3", VALS(V("STK", "7"))), Q("o", "OLD", "2024-Q4", VALS(V("STK", "5")))},
     "2025-Q2", "STK", NULL, 1, "12", RULE_LATEST, 1, 2},
    {"a successor's year begun before it existed includes its predecessor's quarters: 7, not 3 + 7",
     {Q("d1", "DI", "2025-Q1", VALS(V("MOD", "1"))), Q("d2", "DI", "2025-Q2", VALS(V("MOD", "2"))),
      Q("xy", "XA", "2025", VALS(V("MOD", "7")))},
     "2025", "MOD", NULL, 1, "7", RULE_SUM, 0, 1},
    {"the predecessor's own figure is still listed whole",
     {Q("d1", "DI", "2025-Q1", VALS(V("MOD", "1"))), Q("d2", "DI", "2025-Q2", VALS(V("MOD", "2"))),
      Q("xy", "XA", "2025", VALS(V("MOD", "7")))},
     "2025", "MOD", "DI", 1, "3", RULE_SUM, 0, 2},
    {"a successor's quarters of its own time add to its predecessor's: 1 + 2 + 3 + 4",
     {Q("d1", "DI", "2025-Q1", VALS(V("MOD", "1"))), Q("d2", "DI", "2025-Q2", VALS(V("MOD", "2"))),
      Q("x3", "XA", "2025-Q3", VALS(V("MOD", "3"))), Q("x4", "XA", "2025-Q4", VALS(V("MOD", "4")))},
     "2025", "MOD", NULL, 1, "10", RULE_SUM, 0, 4},
    {"over the whole plan the predecessor's earlier years still count: 5 + 10 + 7",
     {Q("d3", "DI", "2023", VALS(V("MOD", "5"))), Q("d4", "DI", "2024", VALS(V("MOD", "10"))),
      Q("d1", "DI", "2025-Q1", VALS(V("MOD", "1"))), Q("d2", "DI", "2025-Q2", VALS(V("MOD", "2"))),
      Q("xy", "XA", "2025", VALS(V("MOD", "7")))},
     "2023-2025", "MOD", NULL, 1, "22", RULE_SUM, 0, 3},
    {"a successor that existed before the hand-over speaks only for itself: 5 + 7",
     {Q("o", "OLD", "2024", VALS(V("AM2", "5"))), Q("a", "DA", "2024", VALS(V("AM2", "7")))},
     "2024", "AM2", NULL, 1, "12", RULE_SUM, 0, 2},
    {"a successor's quarter begun after it existed leaves its predecessor's year: 6 + 4 "
     "(partial: XA's third quarter is missing)",
     {Q("dy", "DI", "2025", VALS(V("MOD", "6"))), Q("x4", "XA", "2025-Q4", VALS(V("MOD", "4")))},
     "2025", "MOD", NULL, 1, "10", RULE_SUM, 1, 2},
    {"a predecessor's nine months only partly covered still count: 9 + 3 + 4",
     {Q("d9", "DI", "2025-9M", VALS(V("MOD", "9"))), Q("x3", "XA", "2025-Q3", VALS(V("MOD", "3"))),
      Q("x4", "XA", "2025-Q4", VALS(V("MOD", "4")))},
     "2025", "MOD", NULL, 1, "16", RULE_SUM, 0, 3},
    {"a successor's quarter begun before it existed covers its predecessor's same quarter: 5, "
     "not 2 + 5",
     {Q("d3", "DI", "2025-Q3", VALS(V("MOD", "2"))), Q("x3", "XA", "2025-Q3", VALS(V("MOD", "5")))},
     "2025-Q3", "MOD", NULL, 1, "5", RULE_SUM, 0, 1},
    {"in a quarter the successor's year does not fit, the predecessor's quarter counts",
     {Q("d1", "DI", "2025-Q1", VALS(V("MOD", "1"))), Q("xy", "XA", "2025", VALS(V("MOD", "7")))},
     "2025-Q1", "MOD", NULL, 1, "1", RULE_SUM, 0, 1},
    {"a successor's own figure after its predecessor's end replaces it",
     {Q("o", "OLD", "2024-Q4", VALS(V("STK", "5"))), Q("mg", "DA", "2025-Q2", VALS(V("STK", "7")))},
     "2025-Q2", "STK", NULL, 1, "7", RULE_LATEST, 0, 1},
};

static void test_figures(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(fig_cases); i++) {
        const struct fig_case *c = &fig_cases[i];
        struct world w;
        world_build(&w, c->subs, c->period);
        const agg_measure *am = &w.r->measures[M(c->measure)];
        const agg_figure *f = c->unit ? unit_fig(am, U(c->unit)) : &am->total;
        agg_figure none = {0};
        if (!f)
            f = &none;
        char got[48], want[48];
        num_t v = N(c->value);
        if (f->known != c->known || (c->known && f->value != v) || f->rule != c->rule ||
            f->partial != c->partial || f->nrefs != c->nrefs)
            ROW_FAIL("row %zu (%s): expected known=%d value=%s rule=%s partial=%d refs=%zu, "
                     "got known=%d value=%s rule=%s partial=%d refs=%zu",
                     i, c->name, c->known, numstr(v, want, sizeof want), agg_rule_name(c->rule),
                     c->partial, c->nrefs, f->known, numstr(f->value, got, sizeof got),
                     agg_rule_name(f->rule), f->partial, f->nrefs);
        world_free(&w);
    }
    ROWS_DONE();
}

/* The sources of a figure are the files and lines it came from. */
static void test_figure_sources(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"y23.xml", "DA", "2023", 1, NULL, "\n" VALS("\n" V("AMT", "10"))},
        {"a1.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1"))},
        {"b1.xml", "DB", "2024-Q1", 1, NULL, "\n\n\n" VALS(V("AMT", "2"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    const agg_measure *cm = &w.r->cumulative[M("AMT")];
    /* cumulative 2023-Q1 .. 2024-Q1: 10 + 1 + 2 */
    assert_true(cm->total.known);
    assert_int_equal(cm->total.value, N("13"));
    assert_int_equal(cm->total.nrefs, 3);
    /* units in plan order, each with its own file and line */
    assert_int_equal(cm->total.refs[0].file, file_index(w.a, "y23.xml"));
    assert_int_equal(cm->total.refs[0].line, 4);
    assert_int_equal(cm->total.refs[1].file, file_index(w.a, "a1.xml"));
    assert_int_equal(cm->total.refs[1].line, 2);
    assert_int_equal(cm->total.refs[2].file, file_index(w.a, "b1.xml"));
    assert_int_equal(cm->total.refs[2].line, 5);
    const agg_measure *am = &w.r->measures[M("AMT")];
    assert_int_equal(am->nunits, 2);
    assert_int_equal(am->units[0].unit, U("DA"));
    assert_int_equal(am->units[1].unit, U("DB"));
    assert_int_equal(am->total.value, N("3"));
    world_free(&w);
}

/* ---- distinct items ---- */

static void test_items_counted_once(void **state)
{
    (void)state;
    /* GI-1 reported by DA in 2023-Q3 and again by DI in 2024-Q2 (a double
     * report across units and years); GI-2 by DA in 2024-Q2. */
    static const struct sub_spec subs[MAXSUBS] = {
        {"da-2023-Q3.xml", "DA", "2023-Q3", 1, NULL, ITEMS("\n" IT("ITM", "GI-1", "2023-07-01"))},
        {"di-2024-Q2.xml", "DI", "2024-Q2", 1, NULL,
         ITEMS("\n\n" IT("ITM", "GI-1", "2024-04-01"))},
        {"da-2024-Q2.xml", "DA", "2024-Q2", 1, NULL,
         ITEMS("\n" IT("ITM", "GI-2", "2024-05-01") "\n" IT("ITM", "GI-3", "2024-05-02"))},
    };
    struct world w;
    world_build(&w, subs, "2024");
    const agg_indicator *c = IND(w.r, "CNT");
    /* cumulative 2023..2024: GI-1, GI-2, GI-3 = 3 */
    assert_true(c->cumulative.known);
    assert_true(c->cumulative.v == 3);
    assert_true(c->judged.known);
    assert_true(c->judged.v == 3);
    assert_int_equal(w.r->nitems, 3);
    const agg_item *it = &w.r->items[0];
    assert_int_equal(it->measure, M("ITM"));
    assert_string_equal(it->id, "GI-1");
    assert_string_equal(it->name, "GI-1");
    assert_int_equal(it->in_period, 0); /* first reported in 2023 */
    assert_int_equal(it->nreports, 2);
    assert_int_equal(it->reports[0].unit, U("DA"));
    assert_int_equal(it->reports[0].file, file_index(w.a, "da-2023-Q3.xml"));
    assert_int_equal(it->reports[0].line, 3);
    assert_int_equal(it->reports[1].unit, U("DI"));
    assert_int_equal(it->reports[1].file, file_index(w.a, "di-2024-Q2.xml"));
    assert_int_equal(it->reports[1].line, 4);
    assert_string_equal(w.r->items[1].id, "GI-2");
    assert_int_equal(w.r->items[1].in_period, 1);
    assert_int_equal(w.r->items[1].nreports, 1);
    assert_int_equal(w.r->items[1].reports[0].line, 3);
    assert_string_equal(w.r->items[2].id, "GI-3");
    assert_int_equal(w.r->items[2].reports[0].line, 4);
    date_t d;
    date_parse("2023-07-01", &d);
    assert_int_equal(w.r->items[0].date, d);
    world_free(&w);
}

/* An item first reported in an earlier year is not new in this one: the
 * period's count takes only items first reported within the period, so
 * the yearly counts add up to the cumulative one. */
static void test_items_period_count(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"da-2023-Q3.xml", "DA", "2023-Q3", 1, NULL, ITEMS(IT("ITM", "GI-1", "2023-07-01"))},
        {"di-2024-Q2.xml", "DI", "2024-Q2", 1, NULL, ITEMS(IT("ITM", "GI-1", "2024-04-01"))},
        {"da-2024-Q2.xml", "DA", "2024-Q2", 1, NULL, ITEMS(IT("ITM", "GI-2", "2024-05-01"))},
    };
    struct world w;
    world_build(&w, subs, "2024");
    const agg_indicator *c = IND(w.r, "CNT");
    assert_true(c->cumulative.known);
    assert_true(c->cumulative.v == 2);
    assert_true(c->value.known);
    if (c->value.v != 1)
        fail_msg("the 2024 count is %Lg; expected 1 (GI-2; GI-1 was first reported in 2023)",
                 c->value.v);
    world_free(&w);
}

/* Items are new where their earliest report lies, whatever order the files
 * come in, and an identifier is an item only within its measure. */
static void test_items_files_out_of_order(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"a.xml", "DA", "2024-Q2", 1, NULL, ITEMS(IT("ITM", "GI-1", "2024-04-01"))},
        {"b.xml", "DB", "2024-Q1", 1, NULL, ITEMS(IT("IT2", "GI-1", "2024-01-20"))},
        {"d.xml", "DB", "2024-Q2", 1, NULL, ITEMS(IT("IT2", "GI-2", "2024-04-02"))},
        {"c.xml", "DA", "2023-Q3", 1, NULL, ITEMS(IT("ITM", "GI-1", "2023-07-01"))},
    };
    struct world w;
    world_build(&w, subs, "2024");
    const agg_indicator *c = IND(w.r, "CNT"), *c2 = IND(w.r, "C2M");
    /* ITM GI-1 was first reported in 2023 */
    assert_true(c->value.known && c->value.v == 0);
    assert_true(c->cumulative.known && c->cumulative.v == 1);
    /* and IT2 GI-1 is another item, new in 2024 with IT2 GI-2 */
    assert_true(c2->value.known && c2->value.v == 2);
    assert_true(c2->cumulative.known && c2->cumulative.v == 3);
    world_free(&w);
}

/* Reports of an item in the same period are listed in file order, then by
 * line, whatever lines they are on; the item's date is its first report's. */
static void test_item_reports_in_file_order(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"x.xml", "DA", "2024-Q3", 1, NULL, ITEMS("\n\n" IT("ITM", "GI-5", "2024-07-01"))},
        {"y.xml", "DI", "2024-Q3", 1, NULL, ITEMS(IT("ITM", "GI-5", "2024-07-02"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q3");
    assert_int_equal(w.r->nitems, 1);
    const agg_item *it = &w.r->items[0];
    assert_int_equal(it->nreports, 2);
    assert_int_equal(it->reports[0].file, file_index(w.a, "x.xml"));
    assert_int_equal(it->reports[0].line, 4);
    assert_int_equal(it->reports[1].file, file_index(w.a, "y.xml"));
    assert_int_equal(it->reports[1].line, 2);
    date_t d;
    date_parse("2024-07-01", &d);
    assert_int_equal(it->date, d);
    world_free(&w);
}

/* An item in a unit's Q4 report and again in another unit's report for
 * the whole year is new in Q4, whatever the files are called (files come
 * in name order): no report of it ends before Q4 begins. */
static void test_items_year_and_quarter(void **state)
{
    (void)state;
    static const struct sub_spec year = {"da-2024.xml", "DA", "2024", 1, NULL,
                                         ITEMS(IT("ITM", "GI-9", "2024-11-01"))};
    static const struct sub_spec quarter = {"di-2024-Q4.xml", "DI", "2024-Q4", 1, NULL,
                                            ITEMS(IT("ITM", "GI-9", "2024-11-01"))};
    static const struct {
        const char *per;
        int known;
        long double count;
        int cum_known;
        long double cum;
    } want[] = {
        {"2024-Q4", 1, 1, 1, 1},
        {"2024", 1, 1, 1, 1},
        {"2024-Q3", 0, 0, 0, 0}, /* no report lies within 2023-Q1 .. 2024-Q3 */
    };
    ROWS_BEGIN();
    for (int order = 0; order < 2; order++) {
        struct sub_spec subs[MAXSUBS];
        memset(subs, 0, sizeof subs);
        subs[0] = order ? quarter : year;
        subs[1] = order ? year : quarter;
        for (size_t i = 0; i < FX_COUNT(want); i++) {
            struct world w;
            world_build(&w, subs, want[i].per);
            const agg_indicator *c = IND(w.r, "CNT");
            if (c->value.known != want[i].known || (want[i].known && c->value.v != want[i].count))
                ROW_FAIL("%s first: count for %s is %s%Lg, expected %s%Lg", subs[0].path,
                         want[i].per, c->value.known ? "" : "unknown ", c->value.v,
                         want[i].known ? "" : "unknown ", want[i].count);
            if (c->cumulative.known != want[i].cum_known ||
                (want[i].cum_known && c->cumulative.v != want[i].cum))
                ROW_FAIL("%s first: cumulative count to %s is %s%Lg, expected %s%Lg",
                         subs[0].path, want[i].per, c->cumulative.known ? "" : "unknown ",
                         c->cumulative.v, want[i].cum_known ? "" : "unknown ", want[i].cum);
            world_free(&w);
        }
    }
    ROWS_DONE();
}

/* ---- indicators ---- */

#define SKIP (-999) /* a field not checked in this row */

struct ind_case {
    const char *name;
    struct sub_spec subs[MAXSUBS];
    const char *period, *indicator;
    enum agg_status status;
    int value_known;      /* 1, 0, or SKIP */
    long double value;
    int judged_known;
    long double judged;
    int judged_year;      /* or SKIP */
    int percent_known;
    long double percent;
    int expected_known;
    long double expected;
    int projection_known;
    long double projection;
    const char *note;     /* NULL: no note expected */
};

#define DA24(x) Q("da24", "DA", "2024", VALS(x))

static const struct ind_case ind_cases[] = {
    /* ratio, exact */
    {"ratio 1 / 100 is exactly 1%: ge -> achieved, not exceeded",
     {DA24(V("AMT", "1") V("DEN", "100"))}, "2024", "RAT", STATUS_ACHIEVED,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio exactly 1% with gt -> behind",
     {DA24(V("AMT", "1") V("DEN", "100"))}, "2024", "RGT", STATUS_BEHIND,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio exactly 1% with le -> achieved",
     {DA24(V("AMT", "1") V("DEN", "100"))}, "2024", "RLE", STATUS_ACHIEVED,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio 0.3 / 30 = 1% from decimals: still exactly achieved",
     {DA24(V("AMT", "0.3") V("DEN", "30"))}, "2024", "RAT", STATUS_ACHIEVED,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio 1.000001 / 100 is above 1%: exceeded",
     {DA24(V("AMT", "1.000001") V("DEN", "100"))}, "2024", "RAT", STATUS_EXCEEDED,
     1, 1.000001L, 1, 1.000001L, 0, SKIP, 0, 0, 0, 0, 0, NULL},
    {"ratio 0.999999 / 100 is below 1%: behind (a level target is never on track)",
     {DA24(V("AMT", "0.999999") V("DEN", "100"))}, "2024", "RAT", STATUS_BEHIND,
     1, 0.999999L, 1, 0.999999L, 0, SKIP, 0, 0, 0, 0, 0, NULL},
    {"ratio 2% exceeds ge 1",
     {DA24(V("AMT", "2") V("DEN", "100"))}, "2024", "RAT", STATUS_EXCEEDED,
     1, 2, 1, 2, 0, 1, 200, 0, 0, 0, 0, NULL},
    {"ratio 2% with gt 1 -> achieved",
     {DA24(V("AMT", "2") V("DEN", "100"))}, "2024", "RGT", STATUS_ACHIEVED,
     1, 2, 1, 2, 0, 1, 200, 0, 0, 0, 0, NULL},
    {"ratio 0.5% with le 1 -> exceeded, percent = 1 / 0.5 = 200",
     {DA24(V("AMT", "0.5") V("DEN", "100"))}, "2024", "RLE", STATUS_EXCEEDED,
     1, 0.5L, 1, 0.5L, 0, 1, 200, 0, 0, 0, 0, NULL},
    {"ratio 2% with le 1 -> behind",
     {DA24(V("AMT", "2") V("DEN", "100"))}, "2024", "RLE", STATUS_BEHIND,
     1, 2, 1, 2, 0, 1, 50, 0, 0, 0, 0, NULL},
    {"ratio with a zero denominator: unknown, with a note",
     {DA24(V("AMT", "1") V("DEN", "0"))}, "2024", "RAT", STATUS_NO_DATA,
     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "the denominator is zero"},
    {"ratio with no denominator reported",
     {DA24(V("AMT", "1"))}, "2024", "RAT", STATUS_NO_DATA,
     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "no figures were reported for the denominator"},
    {"ratio of quarters summed: (1+2) / (100+200) = 1%",
     {Q("q1", "DA", "2024-Q1", VALS(V("AMT", "1") V("DEN", "100"))),
      Q("q2", "DA", "2024-Q2", VALS(V("AMT", "2") V("DEN", "200")))},
     "2024-H1", "RAT", STATUS_ACHIEVED, 1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    /* level target over several years: judged on the last year */
    {"a level target over 2023-2025 is judged on 2025: 1 / 200 = 0.5%, and the target "
     "year is over: not achieved",
     {Q("y23", "DA", "2023", VALS(V("AMT", "5") V("DEN", "100"))),
      Q("y25", "DA", "2025", VALS(V("AMT", "1") V("DEN", "200")))},
     "2023-2025", "RAT", STATUS_NOT_ACHIEVED, 1, 2 /* (5+1)/(100+200) */, 1, 0.5L, 2025, 1, 50,
     0, 0, 0, 0, NULL},
    {"ratio exactly 1% with eq 1 -> achieved",
     {DA24(V("AMT", "1") V("DEN", "100"))}, "2024", "REQ", STATUS_ACHIEVED,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio 2% with eq 1 -> behind",
     {DA24(V("AMT", "2") V("DEN", "100"))}, "2024", "REQ", STATUS_BEHIND,
     1, 2, 1, 2, 0, 1, 200, 0, 0, 0, 0, NULL},
    {"ratio 0.5% with lt 1 -> achieved (lt is never exceeded), percent = 1 / 0.5 = 200",
     {DA24(V("AMT", "0.5") V("DEN", "100"))}, "2024", "RLT", STATUS_ACHIEVED,
     1, 0.5L, 1, 0.5L, 0, 1, 200, 0, 0, 0, 0, NULL},
    {"ratio exactly 1% with lt 1 -> behind",
     {DA24(V("AMT", "1") V("DEN", "100"))}, "2024", "RLT", STATUS_BEHIND,
     1, 1, 1, 1, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"ratio 0.0000001% under a cap of 0.000001: exceeded, percent 100 * t / v = 1000",
     {DA24(V("AMT", "0.000001") V("DEN", "1000"))}, "2024", "RLS", STATUS_EXCEEDED,
     1, 0.0000001L, 1, 0.0000001L, 0, 1, 1000, 0, 0, 0, 0, NULL},
    {"a level target over 2023-2025 with no figure in 2025: no data, and why",
     {Q("y23", "DA", "2023", VALS(V("AMT", "5") V("DEN", "100")))},
     "2023-2025", "RAT", STATUS_NO_DATA, 1, 5, 0, 0, 2025, 0, 0, 0, 0, 0, 0,
     "no figures were reported"},
    /* multiple of a baseline */
    {"stock 30 over baseline 20 = 1.5 exactly: achieved",
     {Q("s", "DA", "2024-Q4", VALS(V("STK", "30")))}, "2024", "MUL", STATUS_ACHIEVED,
     1, 1.5L, 1, 1.5L, 0, 1, 100, 0, 0, 0, 0, NULL},
    {"stock 31 over baseline 20 = 1.55: exceeded",
     {Q("s", "DA", "2024-Q4", VALS(V("STK", "31")))}, "2024", "MUL", STATUS_EXCEEDED,
     1, 1.55L, 1, 1.55L, 0, SKIP, 0, 0, 0, 0, 0, NULL},
    {"stock 29.999999 over 20 is below 1.5: behind",
     {Q("s", "DA", "2024-Q4", VALS(V("STK", "29.999999")))}, "2024", "MUL", STATUS_BEHIND,
     1, 1.49999995L, 1, 1.49999995L, 0, SKIP, 0, 0, 0, 0, 0, NULL},
    {"multiple with the baseline not provided: no data",
     {Q("s", "DA", "2024-Q4", VALS(V("STK", "30")))}, "2024", "MNP", STATUS_NO_DATA,
     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "the baseline is not provided"},
    {"multiple with a zero baseline: no data",
     {Q("s", "DA", "2024-Q4", VALS(V("STK", "30")))}, "2024", "MZ", STATUS_NO_DATA,
     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "the baseline is zero"},
    /* compound growth against 2022 = 420 */
    {"growth 420 -> 441 over two years: (sqrt(1.05) - 1) * 100",
     {DA24(V("APP", "441"))}, "2024", "GRO", STATUS_EXCEEDED,
     1, 2.46950765959598383221L, 1, 2.46950765959598383221L, 2024, 1,
     123.475382979799191610L, 0, 0, 0, 0, NULL},
    {"growth of 2024 is what a 2025-Q2 report judges",
     {DA24(V("APP", "441"))}, "2025-Q2", "GRO", STATUS_EXCEEDED,
     1, 2.46950765959598383221L, 1, 2.46950765959598383221L, 2024, SKIP, 0, 0, 0, 0, 0, NULL},
    {"growth exactly 2% a year (420 * 1.02^2 = 436.968): achieved",
     {DA24(V("APP", "436.968"))}, "2024", "GRO", STATUS_ACHIEVED,
     1, 2, 1, 2, 2024, SKIP, 0, 0, 0, 0, 0, NULL},
    {"a fall of exactly 5% a year (420 * 0.95^2 = 379.05): achieved, 100% of the target",
     {DA24(V("APP", "379.05"))}, "2024", "FAL", STATUS_ACHIEVED,
     1, -5, 1, -5, 2024, 1, 100, 0, 0, 0, 0, NULL},
    {"a rise where a fall of 5% was wanted: behind, no share of the target",
     {DA24(V("APP", "441"))}, "2024", "FAL", STATUS_BEHIND,
     1, 2.46950765959598383221L, 1, 2.46950765959598383221L, 2024, 0, 0, 0, 0, 0, 0, NULL},
    {"a fall where growth of 2% was wanted (420 -> 378.99 over two years): behind, no share",
     {DA24(V("APP", "378.99"))}, "2024", "GRO", STATUS_BEHIND,
     1, -5.00751909455449656859L, 1, -5.00751909455449656859L, 2024, 0, 0, 0, 0, 0, 0, NULL},
    {"growth 2.47% a year under a cap of 5: exceeded, percent 100 * 5 / 2.4695...",
     {DA24(V("APP", "441"))}, "2024", "GLE", STATUS_EXCEEDED,
     1, 2.46950765959598383221L, 1, 2.46950765959598383221L, 2024, 1,
     202.469507659595983832L, 0, 0, 0, 0, NULL},
    {"growth before a whole year after the baseline has ended",
     {Q("q", "DA", "2023-Q2", VALS(V("APP", "100")))}, "2023-Q2", "GRO", STATUS_NO_DATA,
     0, 0, 0, 0, 2022, 0, 0, 0, 0, 0, 0, "no whole year after the baseline year has ended"},
    {"growth over three years from quarters of 2025: 420 -> 420 is 0%",
     {Q("a", "DA", "2025-Q1", VALS(V("APP", "100"))), Q("b", "DA", "2025-Q2", VALS(V("APP", "100"))),
      Q("c", "DA", "2025-Q3", VALS(V("APP", "100"))), Q("d", "DA", "2025-Q4", VALS(V("APP", "120")))},
     "2025", "GRO", STATUS_NOT_ACHIEVED, 1, 0, 1, 0, 2025, 1, 0, 0, 0, 0, 0, NULL},
    {"a target not met in a quarter of its target year with time left: behind",
     {Q("q", "DA", "2025-Q3", VALS(V("AMT", "1") V("DEN", "200")))},
     "2025-Q3", "RAT", STATUS_BEHIND, 1, 0.5L, 1, 0.5L, 0, 1, 50, 0, 0, 0, 0, NULL},
    {"the same in the target year's last quarter: not achieved",
     {Q("q", "DA", "2025-Q4", VALS(V("AMT", "1") V("DEN", "200")))},
     "2025-Q4", "RAT", STATUS_NOT_ACHIEVED, 1, 0.5L, 1, 0.5L, 0, 1, 50, 0, 0, 0, 0, NULL},
    /* accumulating targets: counts and sums of amounts, 2024-Q2 = 6/12 */
    {"count 2 of 4 at 2024-Q2 (6 of 12 quarters, 50%): on track, projection 4",
     {Q("i", "DA", "2024-Q2", ITEMS(IT("ITM", "A", "2024-04-01") IT("ITM", "B", "2024-04-02")))},
     "2024-Q2", "CNT", STATUS_ON_TRACK, 1, 2, 1, 2, 0, 1, 50, 1, 50, 1, 4, NULL},
    {"count 1 of 4 in the plan's first quarter (1 of 12): on track, projection 12",
     {Q("i", "DA", "2023-Q1", ITEMS(IT("ITM", "A", "2023-01-01")))},
     "2023-Q1", "CNT", STATUS_ON_TRACK, 1, 1, 1, 1, 0, 1, 25, 1, 100.0L / 12, 1, 12, NULL},
    {"count 1 of 4 at 2024-Q2: 25% < 50% behind, projection 2",
     {Q("i", "DA", "2024-Q2", ITEMS(IT("ITM", "A", "2024-04-01")))},
     "2024-Q2", "CNT", STATUS_BEHIND, 1, 1, 1, 1, 0, 1, 25, 1, 50, 1, 2, NULL},
    {"count 4 of 4: achieved",
     {Q("i", "DA", "2024-Q2",
        ITEMS(IT("ITM", "A", "2024-04-01") IT("ITM", "B", "2024-04-02") IT("ITM", "C", "2024-04-03")
                  IT("ITM", "D", "2024-04-04")))},
     "2024-Q2", "CNT", STATUS_ACHIEVED, 1, 4, 1, 4, 0, 1, 100, 1, 50, 1, 8, NULL},
    {"count 5 of 4: exceeded",
     {Q("i", "DA", "2024-Q2",
        ITEMS(IT("ITM", "A", "2024-04-01") IT("ITM", "B", "2024-04-02") IT("ITM", "C", "2024-04-03")
                  IT("ITM", "D", "2024-04-04") IT("ITM", "E", "2024-04-05")))},
     "2024-Q2", "CNT", STATUS_EXCEEDED, 1, 5, 1, 5, 0, 1, 125, 1, 50, 1, 10, NULL},
    {"count 1 of 3 at 2023-Q4 (4 of 12 quarters): exactly on schedule, on track",
     {Q("i", "DA", "2023-Q4", ITEMS(IT("ITM", "A", "2023-10-01")))},
     "2023-Q4", "C3", STATUS_ON_TRACK, 1, 1, 1, 1, 0, SKIP, 0, SKIP, 0, 1, 3, NULL},
    {"a reporter with no items: count 0, behind",
     {Q("i", "DA", "2024-Q2", VALS(V("AMT", "1")))},
     "2024-Q2", "CNT", STATUS_BEHIND, 1, 0, 1, 0, 0, 1, 0, 1, 50, 1, 0, NULL},
    {"sum 30 + 10 + 10 = 50 of 100 at 2024-Q2: on track, projection 100",
     {Q("y", "DA", "2023", VALS(V("AMT", "30"))), Q("q1", "DA", "2024-Q1", VALS(V("AMT", "10"))),
      Q("q2", "DB", "2024-Q2", VALS(V("AMT", "10")))},
     "2024-Q2", "S", STATUS_ON_TRACK, 1, 10, 1, 50, 0, 1, 50, 1, 50, 1, 100, NULL},
    {"sum 49.999999 of 100 at 2024-Q2: just behind",
     {Q("y", "DA", "2023", VALS(V("AMT", "29.999999"))), Q("q1", "DA", "2024-Q1", VALS(V("AMT", "10"))),
      Q("q2", "DB", "2024-Q2", VALS(V("AMT", "10")))},
     "2024-Q2", "S", STATUS_BEHIND, 1, 10, 1, 49.999999L, 0, SKIP, 0, 1, 50, SKIP, 0, NULL},
    /* a count over two measures: each measure's reporters and items count */
    {"count over two measures, only the second's reporter sent a report: 1 of 2, on track",
     {Q("b", "DB", "2024-Q2", ITEMS(IT("IT2", "Z", "2024-04-01")))},
     "2024-Q2", "C2M", STATUS_ON_TRACK, 1, 1, 1, 1, 0, 1, 50, 1, 50, 1, 2, NULL},
    {"count over two measures: 1 + 1 items of 2: achieved",
     {Q("a", "DA", "2024-Q2", ITEMS(IT("ITM", "A", "2024-04-01"))),
      Q("b", "DB", "2024-Q2", ITEMS(IT("IT2", "Z", "2024-04-01")))},
     "2024-Q2", "C2M", STATUS_ACHIEVED, 1, 2, 1, 2, 0, 1, 100, 1, 50, 1, 4, NULL},
    {"growth over a zero baseline: no data",
     {DA24(V("APP", "441"))}, "2024", "GZ", STATUS_NO_DATA,
     0, 0, 0, 0, 2024, 0, 0, 0, 0, 0, 0, "the baseline is zero"},
    {"sum at the end of the plan: 12 quarters, expected 100%, nothing left to estimate",
     {Q("y", "DA", "2023", VALS(V("AMT", "60"))), Q("y2", "DA", "2025", VALS(V("AMT", "40")))},
     "2025-Q4", "S", STATUS_ACHIEVED, 0, 0, 1, 100, 0, 1, 100, 1, 100, 0, 0,
     "no figures were reported" /* for the quarter itself */},
};

static int check_real(const char *what, agg_real got, int known, long double want,
                      size_t row, const char *name)
{
    if (known == SKIP)
        return 1;
    if (got.known != known || (known && !near(got.v, want))) {
        print_error("row %zu (%s): %s expected %s%.12Lg, got %s%.12Lg\n", row, name, what,
                    known ? "" : "unknown ", want, got.known ? "" : "unknown ", got.v);
        return 0;
    }
    return 1;
}

static void test_indicators(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(ind_cases); i++) {
        const struct ind_case *c = &ind_cases[i];
        struct world w;
        world_build(&w, c->subs, c->period);
        const agg_indicator *x = IND(w.r, c->indicator);
        int ok = 1;
        ok &= check_real("value", x->value, c->value_known, c->value, i, c->name);
        ok &= check_real("judged", x->judged, c->judged_known, c->judged, i, c->name);
        ok &= check_real("percent", x->percent, c->percent_known, c->percent, i, c->name);
        ok &= check_real("expected", x->expected, c->expected_known, c->expected, i, c->name);
        ok &= check_real("projection", x->projection, c->projection_known, c->projection, i,
                         c->name);
        if (c->judged_year != SKIP && x->judged_year != c->judged_year) {
            print_error("row %zu (%s): judged_year expected %d, got %d\n", i, c->name,
                        c->judged_year, x->judged_year);
            ok = 0;
        }
        if (x->status != c->status) {
            print_error("row %zu (%s): status expected %s, got %s\n", i, c->name,
                        agg_status_name(c->status), agg_status_name(x->status));
            ok = 0;
        }
        if (strcmp(c->note ? c->note : "", agg_note_text(x->note)) != 0) {
            print_error("row %zu (%s): note expected \"%s\", got \"%s\"\n", i, c->name,
                        c->note ? c->note : "(none)", agg_note_text(x->note));
            ok = 0;
        }
        if (!ok)
            ROW_FAIL("row %zu failed", i);
        world_free(&w);
    }
    ROWS_DONE();
}

/* An indicator is partial when the figures of its value, its cumulative
 * value or the value judged are: the numerator's or the denominator's, a
 * sum's, the growth year's. */
static void test_indicator_partial(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        struct sub_spec subs[MAXSUBS];
        const char *period, *indicator;
        int partial;
    } rows[] = {
        {"ratio, every quarter there",
         {Q("y3", "DA", "2023", VALS(V("AMT", "1") V("DEN", "100"))),
          Q("y", "DA", "2024", VALS(V("AMT", "1") V("DEN", "100")))}, "2024", "RAT", 0},
        {"ratio, the year whole but not 2023, which the cumulative value needs",
         {Q("y", "DA", "2024", VALS(V("AMT", "1") V("DEN", "100")))}, "2024", "RAT", 1},
        {"ratio, the numerator's third quarter missing",
         {Q("q1", "DA", "2024-Q1", VALS(V("AMT", "1"))), Q("q2", "DA", "2024-Q2", VALS(V("AMT", "1"))),
          Q("q4", "DA", "2024-Q4", VALS(V("AMT", "1"))), Q("y", "DA", "2024", VALS(V("DEN", "100")))},
         "2024", "RAT", 1},
        {"ratio, the denominator's third quarter missing",
         {Q("q1", "DA", "2024-Q1", VALS(V("DEN", "10"))), Q("q2", "DA", "2024-Q2", VALS(V("DEN", "10"))),
          Q("q4", "DA", "2024-Q4", VALS(V("DEN", "10"))), Q("y", "DA", "2024", VALS(V("AMT", "1")))},
         "2024", "RAT", 1},
        {"sum, a quarter missing",
         {Q("q1", "DA", "2024-Q1", VALS(V("AMT", "1"))), Q("q2", "DA", "2024-Q2", VALS(V("AMT", "1"))),
          Q("q4", "DA", "2024-Q4", VALS(V("AMT", "1")))},
         "2024", "S", 1},
        {"growth, the year's third quarter missing",
         {Q("q1", "DA", "2024-Q1", VALS(V("APP", "100"))), Q("q2", "DA", "2024-Q2", VALS(V("APP", "100"))),
          Q("q4", "DA", "2024-Q4", VALS(V("APP", "300")))},
         "2024", "GRO", 1},
        {"growth, the whole year",
         {DA24(V("APP", "500"))}, "2024", "GRO", 0},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        struct world w;
        world_build(&w, rows[i].subs, rows[i].period);
        const agg_indicator *x = IND(w.r, rows[i].indicator);
        if (!x->judged.known)
            ROW_FAIL("%s: no judged value", rows[i].name);
        else if (x->partial != rows[i].partial)
            ROW_FAIL("%s: partial %d, expected %d", rows[i].name, x->partial, rows[i].partial);
        world_free(&w);
    }
    ROWS_DONE();
}

/* Which indicators accumulate, and the trend of an accumulating one. */
static void test_accumulates_and_trend(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"y", "DA", "2023", 1, NULL, VALS(V("AMT", "30"))},
        {"q1", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "10"))},
        {"q2", "DB", "2024-Q2", 1, NULL, VALS(V("AMT", "10"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q2");
    static const struct {
        const char *code;
        int acc;
    } acc[] = {{"S", 1}, {"RAT", 0}, {"RGT", 0}, {"RLE", 0}, {"MUL", 0},
               {"MNP", 0}, {"MZ", 0},  {"GRO", 0}, {"CNT", 1}, {"C3", 1},
               {"C2M", 1}, {"GZ", 0}, {"REQ", 0}, {"RLT", 0}, {"RLS", 0}, {"GLE", 0}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(acc); i++)
        if (IND(w.r, acc[i].code)->accumulates != acc[i].acc)
            ROW_FAIL("%s: accumulates expected %d", acc[i].code, acc[i].acc);
    ROWS_DONE();
    const agg_indicator *s = IND(w.r, "S");
    /* 2024-Q2 is the 6th of the 12 quarters to the target year 2025 */
    char e[32];
    assert_string_equal(agg_format(s->expected, 1, NUM_PLAIN, e, sizeof e), "50.0");
    /* 2023 as a year: the quarters of 2023 alone have no figure; the year
     * counts from 2023-Q4 on (the end of the year) */
    assert_int_equal(s->ntrend, 6);
    assert_true(s->trend[3].known);
    assert_true(s->trend[3].v == 30);
    assert_true(s->trend[4].v == 40);
    assert_true(s->trend[5].v == 50);
    assert_true(s->cumulative.known && s->cumulative.v == 50);
    assert_true(s->value.known && s->value.v == 10);
    world_free(&w);

    /* the same files in a review of the whole plan, made before its end:
     * the trend stops at 2024-Q2, the last quarter any file reaches */
    world_build(&w, subs, "2023-2025");
    s = IND(w.r, "S");
    assert_int_equal(s->ntrend, 12);
    assert_true(s->trend[5].known && s->trend[5].v == 50);
    for (size_t k = 6; k < s->ntrend; k++)
        assert_false(s->trend[k].known);
    world_free(&w);
}

/* With texts kept only for the report's period, as the command keeps
 * them, a unit's texts are kept for the file that may speak for it, in
 * whatever order the files come: the third quarter read between the first
 * and the second, the nine months read last. */
static void test_texts_kept_for_speakers(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"a-1.xml", "DA", "2025-Q1", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">a q1</task></tasks>"},
        {"a-2.xml", "DA", "2025-Q3", 1, NULL,
         "<tasks><task code=\"T1\" status=\"done\">a q3</task></tasks>"},
        {"a-3.xml", "DA", "2025-Q2", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">a q2</task></tasks>"},
        {"b-1.xml", "DB", "2025-Q3", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">b q3</task></tasks>"},
        {"b-2.xml", "DB", "2025-9M", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">b 9m</task></tasks>"},
        {"b-3.xml", "DB", "2025-Q2", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">b q2</task></tasks>"},
    };
    struct world w;
    world_build_texts(&w, subs, "2025-9M", "2025-9M");
    const agg_task *t = &w.r->tasks[0];
    assert_int_equal(t->nreports, 2);
    for (size_t i = 0; i < t->nreports; i++)
        assert_string_equal(t->reports[i].text, t->reports[i].unit == U("DA") ? "a q3" : "b 9m");
    world_free(&w);
}

/* A ratio whose denominator was not reported for the period: the note says
 * so (not "no figures"), and the cumulative ratio, which then misses that
 * quarter below the line, is marked as resting on missing quarters. */
static void test_ratio_without_denominator(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"q1", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1") V("DEN", "100"))},
        {"q2", "DA", "2024-Q2", 1, NULL, VALS(V("AMT", "1"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q2");
    const agg_indicator *r = IND(w.r, "RAT");
    assert_false(r->value.known);
    assert_int_equal(r->note, NOTE_NO_DENOMINATOR);
    assert_string_equal(agg_note_text(r->note), "no figures were reported for the denominator");
    assert_true(r->cumulative.known);
    assert_int_equal(r->partial, 1);
    world_free(&w);
}

/* A ratio that is exactly a half at the last decimal rounds away from zero
 * (100 * 201 / 20000 = 1.005 -> 1.01), which a binary 1.005 would not. */
static void test_exact_rounding(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        Q("a", "DA", "2024-Q1", VALS(V("AMT", "201") V("DEN", "20000")))};
    struct world w;
    world_build(&w, subs, "2024-Q1");
    const agg_indicator *x = IND(w.r, "RAT");
    char out[32];
    assert_string_equal(agg_format(x->value, 2, NUM_PLAIN, out, sizeof out), "1.01");
    assert_string_equal(agg_format(x->value, 2, NUM_VIETNAMESE, out, sizeof out), "1,01");
    assert_string_equal(agg_format(x->percent, 1, NUM_PLAIN, out, sizeof out), "100.5");
    assert_int_equal(x->status, STATUS_EXCEEDED);
    world_free(&w);
}

/* Items: what is "new in the period" is the same for the count and the
 * list (an item reported in a year's file and in its last quarter's). */
static void test_items_in_period_agree(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        Q("a", "DA", "2024", ITEMS(IT("ITM", "GI-7", "2024-10-01"))),
        Q("b", "DI", "2024-Q4", ITEMS(IT("ITM", "GI-7", "2024-10-01")))};
    struct world w;
    world_build(&w, subs, "2024-Q4");
    const agg_indicator *x = IND(w.r, "CNT");
    assert_true(x->value.known);
    assert_true(x->value.v == 1);
    assert_int_equal(w.r->nitems, 1);
    assert_true(w.r->items[0].in_period);
    world_free(&w);
}

/* No submissions at all: nothing is known, every indicator has no data. */
static void test_no_data_at_all(void **state)
{
    (void)state;
    static const struct sub_spec none[MAXSUBS] = {{NULL, NULL, NULL, 0, NULL, NULL}};
    static const char *const periods[] = {"2023-Q1", "2024-Q2", "2024", "2025-9M", "2023-2025"};
    ROWS_BEGIN();
    for (size_t k = 0; k < FX_COUNT(periods); k++) {
        struct world w;
        world_build(&w, none, periods[k]);
        assert_int_equal(w.r->nindicators, P->nindicators);
        for (size_t i = 0; i < w.r->nindicators; i++) {
            const agg_indicator *x = &w.r->indicators[i];
            if (x->status != STATUS_NO_DATA)
                ROW_FAIL("%s, indicator %s: status %s, expected no-data", periods[k],
                         P->indicators[x->indicator].code, agg_status_name(x->status));
        }
        for (size_t m = 0; m < w.r->nmeasures; m++)
            if (w.r->measures[m].total.known || w.r->measures[m].nunits)
                ROW_FAIL("%s: measure %zu has a figure", periods[k], m);
        assert_int_equal(w.r->nitems, 0);
        assert_int_equal(w.r->files_total, 0);
        /* every expected unit is missing */
        for (size_t i = 0; i < w.r->ncoverage; i++)
            if (w.r->coverage[i].status != COV_MISSING || w.r->coverage[i].file != -1)
                ROW_FAIL("%s: unit %s not missing", periods[k],
                         P->units[w.r->coverage[i].unit].code);
        world_free(&w);
    }
    ROWS_DONE();
}

/* ---- revisions, duplicates, conflicts, deadlines ---- */

static const struct emitted *find_diag(const struct world *w, const char *file, enum diag_id id)
{
    for (size_t i = 0; i < w->ndiags; i++)
        if (w->diags[i].id == id && strcmp(w->diags[i].file, file) == 0)
            return &w->diags[i];
    return NULL;
}

static void test_highest_revision_wins(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"da-r1.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1"))},
        {"da-r3.xml", "DA", "2024-Q1", 3, NULL, VALS(V("AMT", "3"))},
        {"da-r2.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "2"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    assert_int_equal(n, 3);
    int r3 = file_index(w.a, "da-r3.xml");
    assert_int_equal(f[r3].fate, FATE_ACCEPTED);
    assert_int_equal(f[r3].other, -1);
    assert_int_equal(f[file_index(w.a, "da-r1.xml")].fate, FATE_SUPERSEDED);
    assert_int_equal(f[file_index(w.a, "da-r1.xml")].other, r3);
    assert_int_equal(f[file_index(w.a, "da-r2.xml")].fate, FATE_SUPERSEDED);
    assert_int_equal(f[file_index(w.a, "da-r2.xml")].other, r3);
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("3"));
    assert_int_equal(w.ndiags, 0);
    assert_int_equal(w.r->files_accepted, 1);
    assert_int_equal(w.r->files_superseded, 2);
    assert_int_equal(w.r->files_rejected, 0);
    assert_int_equal(w.r->files_total, 3);
    world_free(&w);
}

/* Files of several units and periods, revisions interleaved: each unit and
 * period is settled on its own (a year, its first half and its first quarter
 * start together and are still three periods). */
static void test_revisions_interleaved(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"da-y-r1.xml", "DA", "2024", 1, NULL, VALS(V("AMT", "1000"))},
        {"db-q1-r1.xml", "DB", "2024-Q1", 1, NULL, VALS(V("AMT", "10"))},
        {"da-q1-r1.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1"))},
        {"db-q2-r1.xml", "DB", "2024-Q2", 1, NULL, VALS(V("AMT", "40"))},
        {"da-h1-r1.xml", "DA", "2024-H1", 1, NULL, VALS(V("AMT", "300"))},
        {"db-q1-r2.xml", "DB", "2024-Q1", 2, NULL, VALS(V("AMT", "20"))},
        {"da-y-r2.xml", "DA", "2024", 2, NULL, VALS(V("AMT", "2000"))},
        {"da-q1-r2.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "2"))},
    };
    static const struct {
        const char *path;
        enum agg_fate fate;
        const char *other;
    } want[] = {
        {"da-y-r1.xml", FATE_SUPERSEDED, "da-y-r2.xml"},
        {"db-q1-r1.xml", FATE_SUPERSEDED, "db-q1-r2.xml"},
        {"da-q1-r1.xml", FATE_SUPERSEDED, "da-q1-r2.xml"},
        {"da-h1-r1.xml", FATE_ACCEPTED, NULL},
        {"db-q1-r2.xml", FATE_ACCEPTED, NULL},
        {"da-y-r2.xml", FATE_ACCEPTED, NULL},
        {"da-q1-r2.xml", FATE_ACCEPTED, NULL},
        {"db-q2-r1.xml", FATE_ACCEPTED, NULL},
    };
    struct world w;
    world_build(&w, subs, "2024-H1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        const agg_file *x = &f[file_index(w.a, want[i].path)];
        int other = want[i].other ? file_index(w.a, want[i].other) : -1;
        if (x->fate != want[i].fate || x->other != other)
            ROW_FAIL("%s: fate %s, other %d; expected %s, %d", want[i].path,
                     agg_fate_name(x->fate), x->other, agg_fate_name(want[i].fate), other);
    }
    ROWS_DONE();
    /* DA's half-year as submitted, DB's from its quarters: 300 + 20 + 40 */
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("360"));
    assert_int_equal(w.r->files_accepted, 5);
    assert_int_equal(w.r->files_superseded, 3);
    world_free(&w);
}

static void test_duplicate(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"copy-b.xml", "DA", "2024-Q1", 1, "2024-03-10", VALS(V("AMT", "1"))},
        {"copy-a.xml", "DA", "2024-Q1", 1, "2024-03-10", VALS(V("AMT", "1"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int a = file_index(w.a, "copy-a.xml"), b = file_index(w.a, "copy-b.xml");
    /* the first by name is kept */
    assert_int_equal(f[a].fate, FATE_ACCEPTED);
    assert_int_equal(f[b].fate, FATE_DUPLICATE);
    assert_int_equal(f[b].other, a);
    assert_int_equal(w.ndiags, 1);
    const struct emitted *e = find_diag(&w, "copy-b.xml", DIAG_SUB_DUPLICATE);
    assert_non_null(e);
    if (e) {
        assert_int_equal(e->line, 1);
        assert_non_null(strstr(e->text, "this file repeats copy-a.xml"));
    }
    assert_int_equal(f[b].warnings, 1);
    /* counted once */
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("1"));
    assert_int_equal(w.r->files_accepted, 1);
    assert_int_equal(w.r->files_superseded, 1);
    world_free(&w);
}

/* Identical copies sent on different days: the first sent counts, so a
 * copy sent again after the deadline does not make the unit late. */
static void test_duplicate_sent_again_late(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"copy-a.xml", "DA", "2024-Q1", 1, "2024-03-28", VALS(V("AMT", "1"))},
        {"copy-b.xml", "DA", "2024-Q1", 1, "2024-03-10", VALS(V("AMT", "1"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int a = file_index(w.a, "copy-a.xml"), b = file_index(w.a, "copy-b.xml");
    assert_int_equal(f[b].fate, FATE_ACCEPTED);
    assert_int_equal(f[b].late, 0);
    assert_int_equal(f[a].fate, FATE_DUPLICATE);
    assert_int_equal(f[a].other, b);
    assert_non_null(find_diag(&w, "copy-a.xml", DIAG_SUB_DUPLICATE));
    assert_null(find_diag(&w, "copy-a.xml", DIAG_SUB_LATE));
    assert_null(find_diag(&w, "copy-b.xml", DIAG_SUB_LATE));
    assert_int_equal(w.ndiags, 1);
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("1"));
    world_free(&w);
}

/* Of three identical copies the one sent first counts, wherever it sorts. */
static void test_duplicate_three_copies(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"copy-1.xml", "DA", "2024-Q1", 1, "2024-03-12", VALS(V("AMT", "1"))},
        {"copy-2.xml", "DA", "2024-Q1", 1, "2024-03-14", VALS(V("AMT", "1"))},
        {"copy-3.xml", "DA", "2024-Q1", 1, "2024-03-05", VALS(V("AMT", "1"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int c1 = file_index(w.a, "copy-1.xml"), c2 = file_index(w.a, "copy-2.xml"),
        c3 = file_index(w.a, "copy-3.xml");
    assert_int_equal(f[c3].fate, FATE_ACCEPTED);
    assert_int_equal(f[c1].fate, FATE_DUPLICATE);
    assert_int_equal(f[c1].other, c3);
    assert_int_equal(f[c2].fate, FATE_DUPLICATE);
    assert_int_equal(f[c2].other, c3);
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("1"));
    world_free(&w);
}

static void test_conflict(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"c0.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "4"))},
        {"c1.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "5"))},
        {"c2.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "6"))},
        {"other.xml", "DB", "2024-Q1", 2, NULL, VALS(V("AMT", "10"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int c0 = file_index(w.a, "c0.xml"), c1 = file_index(w.a, "c1.xml"),
        c2 = file_index(w.a, "c2.xml");
    assert_int_equal(f[c1].fate, FATE_CONFLICT);
    assert_int_equal(f[c2].fate, FATE_CONFLICT);
    assert_int_equal(f[c1].other, c2);
    assert_int_equal(f[c2].other, c1);
    /* then the next lower revision wins */
    assert_int_equal(f[c0].fate, FATE_ACCEPTED);
    assert_int_equal(f[c0].other, -1);
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("14"));
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da)
        assert_int_equal(da->value, N("4"));
    assert_int_equal(w.ndiags, 2);
    const struct emitted *e1 = find_diag(&w, "c1.xml", DIAG_SUB_CONFLICT);
    const struct emitted *e2 = find_diag(&w, "c2.xml", DIAG_SUB_CONFLICT);
    assert_non_null(e1);
    assert_non_null(e2);
    if (e1 && e2) {
        assert_non_null(strstr(e1->text, "revision 2 but different content (c2.xml)"));
        assert_non_null(strstr(e2->text, "revision 2 but different content (c1.xml)"));
    }
    assert_int_equal(f[c1].errors, 1);
    assert_int_equal(f[c2].errors, 1);
    assert_int_equal(w.r->files_accepted, 2);
    assert_int_equal(w.r->files_rejected, 2);
    assert_int_equal(w.r->files_superseded, 0);
    world_free(&w);
}

/* Of a unit and span's revisions the collector holds the facts of one,
 * the highest so far, whatever order they come in: the highest counts,
 * with its items and task report only, and no file is read again. */
static void test_revisions_held_one_a_span(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"r2.xml", "DA", "2024-Q1", 2, NULL,
         VALS(V("AMT", "2")) ITEMS(IT("ITM", "GI-2", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"in-progress\">r2</task></tasks>"},
        {"r4.xml", "DA", "2024-Q1", 4, NULL,
         VALS(V("AMT", "4")) ITEMS(IT("ITM", "GI-4", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"in-progress\">r4</task></tasks>"},
        {"r1.xml", "DA", "2024-Q1", 1, NULL,
         VALS(V("AMT", "1")) ITEMS(IT("ITM", "GI-1", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"in-progress\">r1</task></tasks>"},
        {"r3.xml", "DA", "2024-Q1", 3, NULL,
         VALS(V("AMT", "3")) ITEMS(IT("ITM", "GI-3", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"in-progress\">r3</task></tasks>"},
    };
    struct world w;
    world_build_texts(&w, subs, "2024-Q1", "2024-Q1");
    assert_int_equal(w.nreread, 0);
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da) {
        assert_int_equal(da->value, N("4"));
        assert_int_equal(da->nrefs, 1);
        assert_int_equal(da->refs[0].file, file_index(w.a, "r4.xml"));
    }
    assert_int_equal(w.r->nitems, 1);
    assert_string_equal(w.r->items[0].id, "GI-4");
    assert_int_equal(w.r->tasks[0].nreports, 1);
    assert_string_equal(w.r->tasks[0].reports[0].text, "r4");
    world_free(&w);
}

/* When the highest revision conflicts after the collector let go of a
 * lower one, the one that wins is read again, and only it: its figures,
 * items and task report count. */
static void test_conflict_reads_the_winner_again(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"r1.xml", "DA", "2024-Q1", 1, NULL,
         VALS(V("AMT", "1")) ITEMS(IT("ITM", "GI-1", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"in-progress\">r1</task></tasks>"},
        {"r3a.xml", "DA", "2024-Q1", 3, NULL, VALS(V("AMT", "5"))},
        {"r2.xml", "DA", "2024-Q1", 2, NULL,
         VALS(V("AMT", "7")) ITEMS(IT("ITM", "GI-2", "2024-02-01"))
         "<tasks><task code=\"T1\" status=\"done\">r2</task></tasks>"},
        {"r3b.xml", "DA", "2024-Q1", 3, NULL, VALS(V("AMT", "6"))},
        {"b.xml", "DB", "2024-Q1", 1, NULL, VALS(V("AMT", "10"))},
    };
    struct world w;
    world_build_texts(&w, subs, "2024-Q1", "2024-Q1");
    assert_int_equal(w.nreread, 1);
    assert_string_equal(w.reread[0], "r2.xml");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    assert_int_equal(f[file_index(w.a, "r2.xml")].fate, FATE_ACCEPTED);
    assert_int_equal(f[file_index(w.a, "r1.xml")].fate, FATE_SUPERSEDED);
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("17"));
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da) {
        assert_int_equal(da->value, N("7"));
        assert_int_equal(da->refs[0].file, file_index(w.a, "r2.xml"));
        assert_int_equal(da->refs[0].line, 2);
    }
    assert_int_equal(w.r->nitems, 1);
    assert_string_equal(w.r->items[0].id, "GI-2");
    assert_int_equal(w.r->tasks[0].nreports, 1);
    assert_string_equal(w.r->tasks[0].reports[0].text, "r2");
    assert_int_equal(w.r->tasks[0].status, TASK_DONE);
    world_free(&w);
}

/* The file read again no longer reads as it did (someone saved over it
 * during the run): it is set aside with file-changed, not counted with
 * figures the first reading did not check. */
static void test_file_changed_when_read_again(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"r1.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1"))},
        {"r2a.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "5"))},
        {"r2b.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "6"))},
    };
    static const struct sub_spec edited = {"r1.xml", "DA", "2024-Q1", 1, NULL,
                                           VALS(V("AMT", "100"))};
    struct world w;
    world_run(&w, subs, "2024-Q1", NULL, &edited);
    assert_int_equal(w.nreread, 1);
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int r1 = file_index(w.a, "r1.xml");
    assert_int_equal(f[r1].fate, FATE_REJECTED);
    assert_int_equal(f[r1].errors, 1);
    const struct emitted *e = find_diag(&w, "r1.xml", DIAG_SUB_CHANGED);
    assert_non_null(e);
    assert_null(unit_fig(&w.r->measures[M("AMT")], U("DA")));
    assert_false(w.r->measures[M("AMT")].total.known);
    world_free(&w);

    /* the same figures, sent on another day: changed too (its lateness
     * was judged on the first reading's date) */
    static const struct sub_spec redated = {"r1.xml", "DA", "2024-Q1", 1, "2024-05-02",
                                            VALS(V("AMT", "1"))};
    world_run(&w, subs, "2024-Q1", NULL, &redated);
    assert_non_null(find_diag(&w, "r1.xml", DIAG_SUB_CHANGED));
    world_free(&w);
    /* removed before it is read again: changed too */
    static const struct sub_spec removed = {"r1.xml", NULL, NULL, 0, NULL, NULL};
    world_run(&w, subs, "2024-Q1", NULL, &removed);
    assert_int_equal(w.nreread, 1);
    assert_non_null(find_diag(&w, "r1.xml", DIAG_SUB_CHANGED));
    assert_null(unit_fig(&w.r->measures[M("AMT")], U("DA")));
    world_free(&w);
    /* read again as it was: counted */
    world_run(&w, subs, "2024-Q1", NULL, NULL);
    assert_int_equal(w.nreread, 1);
    assert_null(find_diag(&w, "r1.xml", DIAG_SUB_CHANGED));
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da)
        assert_int_equal(da->value, N("1"));
    world_free(&w);
}

/* A file whose name had to be made printable (a Latin-1 byte) is read
 * again: the reader is handed its number, by which the caller finds its
 * name on disk, not the printable one that the run log shows (the e2e
 * suite aggregate.sh reads such a file again through the binary). */
static void test_read_again_by_the_name_on_disk(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"r1-\xe9.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "1"))},
        {"r2a.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "5"))},
        {"r2b.xml", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "6"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    assert_int_equal(w.nreread, 1);
    assert_string_equal(w.reread[0], "r1-\xe9.xml");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int r1 = file_index(w.a, "r1-\\xe9.xml");
    assert_int_equal(f[r1].fate, FATE_ACCEPTED);
    assert_null(find_diag(&w, "r1-\\xe9.xml", DIAG_SUB_CHANGED));
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da) {
        assert_int_equal(da->value, N("1"));
        assert_int_equal(da->refs[0].file, r1);
    }
    world_free(&w);
}

/* Of identical copies the one sent first counts, in whatever order they
 * come; the collector holds that one's facts, so none is read again. */
static void test_copy_sent_first_held(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"a.xml", "DA", "2024-Q1", 1, "2024-04-20", VALS(V("AMT", "3"))},
        {"b.xml", "DA", "2024-Q1", 1, "2024-04-05", "\n" VALS(V("AMT", "3"))},
        {"c.xml", "DA", "2024-Q1", 1, "2024-04-05", "\n\n" VALS(V("AMT", "3"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    assert_int_equal(w.nreread, 0);
    const agg_figure *da = unit_fig(&w.r->measures[M("AMT")], U("DA"));
    assert_non_null(da);
    if (da) {
        assert_int_equal(da->refs[0].file, file_index(w.a, "b.xml"));
        assert_int_equal(da->refs[0].line, 3);
    }
    world_free(&w);
}

/* ---- revisions: one property over many random runs ---- */

/* The runs come from a fixed seed (xorshift64*), so every run of the test
 * sees the same cases. */
static uint64_t prop_state;

static int prop_next(int n)
{
    prop_state ^= prop_state >> 12;
    prop_state ^= prop_state << 25;
    prop_state ^= prop_state >> 27;
    return (int)((prop_state * UINT64_C(0x2545F4914F6CDD1D)) >> 33) % n;
}

/* The sent dates and the names are in order (names by strcmp); the names
 * are static, as the collector keeps the batch list's paths. */
static const char *const prop_units[] = {"DA", "DB"};
static const char *const prop_spans[] = {"2024-Q4", "2024"};
static const char *const prop_sent[] = {"2025-01-05", "2025-01-10", "2025-01-20"};
static const char *const prop_names[MAXSUBS] = {"n0.xml", "n1.xml", "n2.xml", "n3.xml", "n4.xml",
                                                "n5.xml", "n6.xml", "n7.xml", "n8.xml", "n9.xml"};

struct prop_file {
    int unit, span, rev, content, sent, name; /* unit, span, sent, name: indices of the tables */
};

/* What the rule says, worked out from the files alone: for each unit and
 * span, the revisions highest first; a revision whose files do not all
 * have the same content is a conflict (each names the first file by name
 * whose content differs from the first file's by name, or that first
 * file), and the next lower counts; of identical copies the one sent first
 * counts, the first by name among those sent the same day, the others are
 * duplicates of it; lower revisions are superseded by the one that counts. */
static void prop_expect(const struct prop_file *fs, int n, int *fate, int *other,
                        int winner[2][2])
{
    for (int u = 0; u < 2; u++) {
        for (int s = 0; s < 2; s++) {
            winner[u][s] = -1;
            for (int rev = 4; rev >= 1; rev--) {
                int g[MAXSUBS], ng = 0;
                for (int name = 0; name < MAXSUBS; name++) /* by name */
                    for (int i = 0; i < n; i++)
                        if (fs[i].name == name && fs[i].unit == u && fs[i].span == s &&
                            fs[i].rev == rev)
                            g[ng++] = i;
                if (ng == 0)
                    continue;
                if (winner[u][s] >= 0) {
                    for (int k = 0; k < ng; k++) {
                        fate[g[k]] = FATE_SUPERSEDED;
                        other[g[k]] = winner[u][s];
                    }
                    continue;
                }
                int differ = -1;
                for (int k = 1; k < ng && differ < 0; k++)
                    if (fs[g[k]].content != fs[g[0]].content)
                        differ = g[k];
                if (differ >= 0) {
                    for (int k = 0; k < ng; k++) {
                        fate[g[k]] = FATE_CONFLICT;
                        other[g[k]] = fs[g[k]].content == fs[g[0]].content ? differ : g[0];
                    }
                    continue;
                }
                int win = g[0];
                for (int k = 1; k < ng; k++)
                    if (fs[g[k]].sent < fs[win].sent)
                        win = g[k];
                for (int k = 0; k < ng; k++) {
                    fate[g[k]] = g[k] == win ? FATE_ACCEPTED : FATE_DUPLICATE;
                    other[g[k]] = g[k] == win ? -1 : win;
                }
                winner[u][s] = win;
            }
        }
    }
}

static int prop_value(const struct prop_file *f)
{
    return 1000 * (f->unit + 1) + 100 * f->span + 10 * f->rev + f->content;
}

static void prop_print(const struct prop_file *fs, int n)
{
    for (int i = 0; i < n; i++)
        print_message("  added %d: %s %s %s revision %d value %d sent %s\n", i,
                      prop_names[fs[i].name], prop_units[fs[i].unit], prop_spans[fs[i].span],
                      fs[i].rev, prop_value(&fs[i]), prop_sent[fs[i].sent]);
}

/* Whether unit u's AMT in r is file `expect`'s value (expect -1: none). */
static int prop_figure_ok(const agg_report *r, const struct prop_file *fs, int u, int expect)
{
    const agg_figure *fig = unit_fig(&r->measures[M("AMT")], U(prop_units[u]));
    if (expect < 0)
        return !fig || !fig->known;
    char v[16];
    snprintf(v, sizeof v, "%d", prop_value(&fs[expect]));
    return fig && fig->known && fig->value == N(v) && fig->nrefs >= 1 &&
           fig->refs[0].file == expect;
}

/* Whether unit u's report on task T1 in r is file `expect`'s (-1: none). */
static int prop_speaker_ok(const agg_report *r, const struct prop_file *fs, int u, int expect)
{
    const agg_task *t = &r->tasks[0];
    const agg_task_report *found = NULL;
    for (size_t k = 0; k < t->nreports; k++)
        if (t->reports[k].unit == U(prop_units[u]))
            found = &t->reports[k];
    if (expect < 0)
        return !found;
    char text[16];
    snprintf(text, sizeof text, "t%d", prop_value(&fs[expect]));
    return found && found->ref.file == expect && strcmp(found->text, text) == 0;
}

/* Settles a run of files keeping the texts for `texts` (NULL: all) and
 * checks it against the rule: every file's fate and the file it names, each
 * unit's figure and the file that speaks for it for the fourth quarter (all
 * texts kept only) and for the year, and the files read again. */
static int prop_run(const struct prop_file *fs, int n, const struct sub_spec *subs,
                    const char *texts, int run)
{
    int fate[MAXSUBS], other[MAXSUBS], winner[2][2];
    prop_expect(fs, n, fate, other, winner);
    struct world w;
    world_run(&w, subs, "2024-Q4", texts, NULL);
    period year = per_of("2024");
    agg_report *ry = agg_compute(w.a, &year);
    size_t nf;
    const agg_file *af = files_of(w.a, &nf);
    int ok = nf == (size_t)n;
    for (int i = 0; ok && i < n; i++)
        ok = strcmp(af[i].path, prop_names[fs[i].name]) == 0 && (int)af[i].fate == fate[i] &&
             af[i].other == other[i];
    for (int u = 0; ok && u < 2; u++) {
        int q4 = winner[u][0], y = winner[u][1] >= 0 ? winner[u][1] : q4;
        ok = prop_figure_ok(w.r, fs, u, q4) && prop_figure_ok(ry, fs, u, y) &&
             prop_speaker_ok(ry, fs, u, y) && (texts || prop_speaker_ok(w.r, fs, u, q4));
    }
    /* read again, once each, the files that count below their span's
     * highest revision (the collector held that revision's facts); with
     * texts kept for a period, the file that speaks too */
    int reread[MAXSUBS], nreread = 0;
    for (int i = 0; i < n; i++) {
        reread[i] = 0;
        for (int j = 0; j < n; j++)
            if (fs[j].unit == fs[i].unit && fs[j].span == fs[i].span && fs[j].rev > fs[i].rev)
                reread[i] = winner[fs[i].unit][fs[i].span] == i;
        nreread += reread[i];
    }
    ok = ok && (texts ? w.nreread >= (size_t)nreread : w.nreread == (size_t)nreread);
    for (size_t k = 0; ok && k < w.nreread; k++) {
        int i = file_index(w.a, w.reread[k]);
        ok = reread[i] || (texts && winner[fs[i].unit][fs[i].span] == i);
        reread[i] = 0;
    }
    for (int i = 0; ok && i < n; i++)
        ok = !reread[i];
    for (size_t k = 0; ok && k < w.ndiags; k++)
        ok = w.diags[k].id != DIAG_SUB_CHANGED;
    if (!ok) {
        print_message("run %d, texts kept for %s, files in the order added:\n", run,
                      texts ? texts : "all");
        prop_print(fs, n);
        for (int i = 0; i < n && i < (int)nf; i++)
            print_message("  %s: %s other %d, expected %s other %d\n", af[i].path,
                          agg_fate_name(af[i].fate), af[i].other,
                          agg_fate_name((enum agg_fate)fate[i]), other[i]);
        for (size_t k = 0; k < w.nreread; k++)
            print_message("  read again: %s\n", w.reread[k]);
    }
    agg_report_free(ry);
    world_free(&w);
    return ok;
}

/* Random runs of one or two units and one or two spans, revisions 1 to 4,
 * identical copies, conflicts, sent dates and names in any order: the
 * collector, which holds one file's facts a unit and span while files are
 * added and reads a winner again when it let go of its facts, settles
 * every run as the rule does, whether it keeps every file's texts or
 * those of the year's only. */
static void test_revisions_any_order(void **state)
{
    (void)state;
    prop_state = UINT64_C(0x9E3779B97F4A7C15);
    static char bodies[MAXSUBS][256];
    for (int run = 0; run < 2000; run++) {
        struct prop_file fs[MAXSUBS];
        struct sub_spec subs[MAXSUBS];
        memset(subs, 0, sizeof subs);
        int units = 1 + prop_next(3), spans = 1 + prop_next(3); /* bit sets */
        int n = 1 + prop_next(MAXSUBS);
        int names[MAXSUBS];
        for (int i = 0; i < MAXSUBS; i++)
            names[i] = i;
        for (int i = MAXSUBS - 1; i > 0; i--) {
            int j = prop_next(i + 1), t = names[i];
            names[i] = names[j];
            names[j] = t;
        }
        for (int i = 0; i < n; i++) {
            struct prop_file *f = &fs[i];
            do
                f->unit = prop_next(2);
            while (!(units >> f->unit & 1));
            do
                f->span = prop_next(2);
            while (!(spans >> f->span & 1));
            f->rev = 1 + prop_next(4);
            f->content = prop_next(4) < 3 ? 0 : 1 + prop_next(2);
            f->sent = prop_next(3);
            f->name = names[i];
            /* copies may differ in layout, not content */
            snprintf(bodies[i], sizeof bodies[i],
                     "%s" VALS(V("AMT", "%d"))
                     "<tasks><task code=\"T1\" status=\"in-progress\">t%d</task></tasks>",
                     prop_next(2) ? "\n" : "", prop_value(f), prop_value(f));
            subs[i] = (struct sub_spec){prop_names[f->name], prop_units[f->unit],
                                        prop_spans[f->span], f->rev, prop_sent[f->sent],
                                        bodies[i]};
        }
        if (!prop_run(fs, n, subs, NULL, run) || !prop_run(fs, n, subs, "2024", run))
            fail_msg("run %d is not settled as the rule says", run);
    }
}

/* Two identical copies and a third file that differs: each names a file
 * whose content differs from its own, never its identical twin. */
static void test_conflict_names_a_different_file(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"a.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "5"))},
        {"b.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "5"))},
        {"c.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "6"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    int a = file_index(w.a, "a.xml"), b = file_index(w.a, "b.xml"), c = file_index(w.a, "c.xml");
    assert_int_equal(f[a].fate, FATE_CONFLICT);
    assert_int_equal(f[b].fate, FATE_CONFLICT);
    assert_int_equal(f[c].fate, FATE_CONFLICT);
    assert_int_equal(f[a].other, c);
    assert_int_equal(f[b].other, c);
    assert_int_equal(f[c].other, a);
    const struct emitted *eb = find_diag(&w, "b.xml", DIAG_SUB_CONFLICT);
    assert_non_null(eb);
    if (eb)
        assert_non_null(strstr(eb->text, "different content (c.xml)"));
    world_free(&w);
}

/* Who speaks for a unit's tasks and remarks in a nine-month report: its
 * file for the nine months when it sent one, else its latest file within
 * them (the third quarter's, whatever the files' names), and not a unit
 * that ended before the period's end. */
static void test_speakers(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"a-1-q3.xml", "DA", "2025-Q3", 1, NULL,
         "<tasks><task code=\"T1\" status=\"done\">q3 words</task></tasks>"
         "<remarks><difficulty>a in q3</difficulty></remarks>"},
        {"a-2-q2.xml", "DA", "2025-Q2", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">q2 words</task></tasks>"
         "<remarks><difficulty>a in q2</difficulty></remarks>"},
        {"a-3-q1.xml", "DA", "2025-Q1", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">q1 words</task></tasks>"},
        {"b-1-q3.xml", "DB", "2025-Q3", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">b q3</task></tasks>"},
        {"b-2-9m.xml", "DB", "2025-9M", 1, NULL,
         "<tasks><task code=\"T1\" status=\"in-progress\">b nine months</task></tasks>"},
        {"d-q2.xml", "DI", "2025-Q2", 1, NULL,
         "<remarks><difficulty>a district that ended</difficulty></remarks>"},
    };
    struct world w;
    world_build(&w, subs, "2025-9M");
    const agg_task *t = &w.r->tasks[0];
    assert_int_equal(t->nreports, 2);
    assert_int_equal(t->has_lead_report, 1);
    assert_int_equal(t->status, TASK_DONE);
    for (size_t i = 0; i < t->nreports; i++) {
        const agg_task_report *tr = &t->reports[i];
        if (tr->unit == U("DA")) {
            assert_string_equal(tr->text, "q3 words");
            assert_int_equal(tr->ref.file, file_index(w.a, "a-1-q3.xml"));
        } else {
            assert_int_equal(tr->unit, U("DB"));
            assert_string_equal(tr->text, "b nine months");
        }
    }
    assert_int_equal(w.r->nremarks, 1);
    assert_string_equal(w.r->remarks[0].text, "a in q3");
    world_free(&w);
}

/* A conflict with no lower revision leaves the unit without figures. */
static void test_conflict_only(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"c1.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "5"))},
        {"c2.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "6"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    assert_false(w.r->measures[M("AMT")].total.known);
    for (size_t i = 0; i < w.r->ncoverage; i++)
        if (w.r->coverage[i].unit == U("DA"))
            assert_int_equal(w.r->coverage[i].status, COV_MISSING);
    world_free(&w);
}

/* In a year report, a unit's year file beats its quarters' for the texts,
 * but when the year's revisions all conflict, its fourth quarter speaks,
 * whichever order the files come in; the collector had let go of that
 * file's texts, or not kept them, and reads them again. */
static void test_texts_when_the_year_conflicts(void **state)
{
    (void)state;
#define T1(text) "<tasks><task code=\"T1\" status=\"in-progress\">" text "</task></tasks>"
    static const struct sub_spec q4 = {"q4.xml", "DA", "2024-Q4", 1, NULL, T1("a q4")};
    static const struct sub_spec q3 = {"q3.xml", "DA", "2024-Q3", 1, NULL, T1("a q3")};
    static const struct sub_spec ya = {"ya.xml", "DA", "2024", 1, NULL, T1("a year")};
    static const struct sub_spec yb = {"yb.xml", "DA", "2024", 1, NULL, T1("a year, again")};
#undef T1
    const struct sub_spec runs[][MAXSUBS] = {
        {q4, ya, yb},
        {q4, ya, yb, q3},
        {ya, q4, yb},
        {q3, ya, q4, yb},
        {ya, yb, q4, q3},
    };
    for (size_t k = 0; k < FX_COUNT(runs); k++) {
        struct world w;
        world_build_texts(&w, runs[k], "2024", "2024");
        const agg_task *t = &w.r->tasks[0];
        if (t->nreports != 1 || strcmp(t->reports[0].text, "a q4") != 0 ||
            t->reports[0].ref.file != file_index(w.a, "q4.xml"))
            fail_msg("run %zu: DA's task report is %s, not its fourth quarter's", k,
                     t->nreports ? t->reports[0].text : "missing");
        world_free(&w);
    }
}

static void test_late(void **state)
{
    (void)state;
    /* 2024-Q1: window 15/12/2023 - 14/03/2024, due 3 days later: 17/03/2024 */
    static const struct sub_spec subs[MAXSUBS] = {
        {"on-due.xml", "DA", "2024-Q1", 1, "2024-03-17", VALS(V("AMT", "1"))},
        {"late.xml", "DB", "2024-Q1", 1, "2024-03-18", VALS(V("AMT", "2"))},
        {"year-late.xml", "DA", "2023", 1, "2023-12-20", VALS(V("AMT", "3"))},
        {"year-ok.xml", "DB", "2023", 1, "2023-12-19", VALS(V("AMT", "3"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    size_t n;
    const agg_file *f = files_of(w.a, &n);
    date_t due, due_y;
    date_parse("2024-03-17", &due);
    date_parse("2023-12-19", &due_y);
    int ok = file_index(w.a, "on-due.xml"), late = file_index(w.a, "late.xml");
    assert_int_equal(f[ok].late, 0);
    assert_int_equal(f[ok].due, due);
    assert_int_equal(f[late].late, 1);
    assert_int_equal(f[late].due, due);
    assert_int_equal(f[late].fate, FATE_ACCEPTED);
    assert_int_equal(f[file_index(w.a, "year-late.xml")].late, 1);
    assert_int_equal(f[file_index(w.a, "year-late.xml")].due, due_y);
    assert_int_equal(f[file_index(w.a, "year-ok.xml")].late, 0);
    assert_int_equal(w.ndiags, 2);
    const struct emitted *e = find_diag(&w, "late.xml", DIAG_SUB_LATE);
    assert_non_null(e);
    if (e) {
        assert_int_equal(e->line, 1);
        assert_non_null(strstr(e->text, "sent on 18/03/2024, after the deadline 17/03/2024 (2024-Q1)"));
    }
    e = find_diag(&w, "year-late.xml", DIAG_SUB_LATE);
    assert_non_null(e);
    if (e)
        assert_non_null(strstr(e->text, "sent on 20/12/2023, after the deadline 19/12/2023 (2023)"));
    /* late figures are used */
    assert_int_equal(w.r->measures[M("AMT")].total.value, N("3"));
    /* the report's own deadline */
    assert_int_equal(w.r->due, due);
    world_free(&w);
}

/* Diagnostics about files come one list per file, in file order. */
static void test_resolve_diagnostics_in_file_order(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"1-late.xml", "DB", "2024-Q1", 1, "2024-03-20", VALS(V("AMT", "2"))},
        {"2-conflict.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "5"))},
        {"3-conflict.xml", "DA", "2024-Q1", 1, NULL, VALS(V("AMT", "6"))},
    };
    struct world w;
    world_build(&w, subs, "2024-Q1");
    assert_int_equal(w.ndiags, 3);
    assert_string_equal(w.diags[0].file, "1-late.xml");
    assert_string_equal(w.diags[1].file, "2-conflict.xml");
    assert_string_equal(w.diags[2].file, "3-conflict.xml");
    world_free(&w);
}

/* ---- coverage ---- */

struct cov_want {
    const char *unit;
    enum coverage_status status;
    const char *file; /* NULL: none */
};

struct cov_case {
    const char *name;
    struct sub_spec subs[MAXSUBS];
    const char *period;
    struct cov_want want[8]; /* the whole list, in plan order */
};

static const struct cov_case cov_cases[] = {
    {"a quarter: on time, late, missing; units not yet created are not listed",
     {{"da.xml", "DA", "2024-Q1", 1, "2024-03-16", VALS(V("AMT", "1"))},
      {"db.xml", "DB", "2024-Q1", 1, "2024-03-18", VALS(V("AMT", "1"))}},
     "2024-Q1",
     {{"DA", COV_ON_TIME, "da.xml"}, {"DB", COV_LATE, "db.xml"}, {"DI", COV_MISSING, NULL},
      {"M1", COV_MISSING, NULL}, {"M2", COV_MISSING, NULL}, {"OLD", COV_MISSING, NULL}}},
    {"a year: derived from four quarters, or submitted",
     {Q("a1", "DA", "2024-Q1", VALS(V("AMT", "1"))), Q("a2", "DA", "2024-Q2", VALS(V("AMT", "1"))),
      Q("a3", "DA", "2024-Q3", VALS(V("AMT", "1"))), Q("a4", "DA", "2024-Q4", VALS(V("AMT", "1"))),
      Q("by", "DB", "2024", VALS(V("AMT", "1"))),
      Q("d1", "DI", "2024-Q1", VALS(V("STK", "1"))), Q("d2", "DI", "2024-Q2", VALS(V("STK", "1")))},
     "2024",
     {{"DA", COV_DERIVED, NULL}, {"DB", COV_ON_TIME, "by"}, {"DI", COV_MISSING, NULL},
      {"M1", COV_MISSING, NULL}, {"M2", COV_MISSING, NULL}, {"OLD", COV_MISSING, NULL}}},
    {"2025-Q1: the merged departments end inside the window and are not expected",
     {Q("m1", "M1", "2025-Q1", VALS(V("STK", "1")))},
     "2025-Q1",
     {{"DA", COV_MISSING, NULL}, {"DB", COV_MISSING, NULL}, {"DI", COV_MISSING, NULL},
      {"MG", COV_MISSING, NULL}}},
    {"2025-Q3: the district ends inside the window: not expected, the communes are",
     {Q("d3", "DI", "2025-Q3", VALS(V("STK", "6")))},
     "2025-Q3",
     {{"DA", COV_MISSING, NULL}, {"DB", COV_MISSING, NULL}, {"XA", COV_MISSING, NULL},
      {"MG", COV_MISSING, NULL}}},
    {"a whole-plan report covers its last year",
     {Q("da25", "DA", "2025", VALS(V("AMT", "1")))},
     "2023-2025",
     {{"DA", COV_ON_TIME, "da25"}, {"DB", COV_MISSING, NULL}, {"XA", COV_MISSING, NULL},
      {"MG", COV_MISSING, NULL}}},
};

static void test_coverage(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(cov_cases); i++) {
        const struct cov_case *c = &cov_cases[i];
        struct world w;
        world_build(&w, c->subs, c->period);
        size_t nwant = 0;
        while (nwant < FX_COUNT(c->want) && c->want[nwant].unit)
            nwant++;
        if (w.r->ncoverage != nwant) {
            ROW_FAIL("row %zu (%s): %zu units listed, expected %zu", i, c->name,
                     w.r->ncoverage, nwant);
            for (size_t k = 0; k < w.r->ncoverage; k++)
                print_error("    listed %s %s\n", P->units[w.r->coverage[k].unit].code,
                            agg_coverage_name(w.r->coverage[k].status));
        } else {
            for (size_t k = 0; k < nwant; k++) {
                const agg_coverage *g = &w.r->coverage[k];
                int file = c->want[k].file ? file_index(w.a, c->want[k].file) : -1;
                if (g->unit != U(c->want[k].unit) || g->status != c->want[k].status ||
                    g->file != file)
                    ROW_FAIL("row %zu (%s), entry %zu: expected %s %s file %d, got %s %s file %d",
                             i, c->name, k, c->want[k].unit,
                             agg_coverage_name(c->want[k].status), file,
                             P->units[g->unit].code, agg_coverage_name(g->status), g->file);
            }
        }
        world_free(&w);
    }
    ROWS_DONE();
}

/* The dissolved district's figures for 2025-Q3 are kept though it is not
 * expected to report. */
static void test_dissolved_unit_figures_kept(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"d3.xml", "DI", "2025-Q3", 1, NULL, VALS(V("STK", "6"))},
    };
    struct world w;
    world_build(&w, subs, "2025-Q3");
    const agg_measure *am = &w.r->measures[M("STK")];
    const agg_figure *f = unit_fig(am, U("DI"));
    assert_non_null(f);
    if (f) {
        assert_int_equal(f->value, N("6"));
        assert_int_equal(f->rule, RULE_SUBMITTED);
    }
    assert_true(am->total.known);
    assert_int_equal(am->total.value, N("6"));
    assert_int_equal(w.r->files_accepted, 1);
    world_free(&w);
}

/* A report is marked sample when a file it rests on is one (a winner: a
 * sample superseded by real figures is not), or an indicator's baseline is;
 * wherever they come in their lists. */
static void test_sample_flag(void **state)
{
    (void)state;
    static const char sample_ind[] =
        "  <indicator code=\"SB\" section=\"3\" compute=\"multiple\" comparator=\"ge\" target=\"1.5\" "
        "target-year=\"2025\" uom=\"x\"><name>Multiple, sample baseline</name><numerator measures=\"STK\"/>"
        "<baseline year=\"2020\" provided=\"false\" source=\"not in the plan\"><sample value=\"20\" "
        "note=\"sample figure\"/></baseline></indicator>\n";
    static const struct {
        const char *name;
        struct sub_spec subs[MAXSUBS];
        int where; /* the sample indicator: 0 none, 1 first, 2 last */
        int want;
    } rows[] = {
        {"no sample anywhere", {Q("a", "DA", "2024-Q1", VALS(V("AMT", "1")))}, 0, 0},
        {"a sample file", {Q("sample-a", "DA", "2024-Q1", VALS(V("AMT", "1")))}, 0, 1},
        {"a sample file after a real one",
         {Q("b", "DB", "2024-Q1", VALS(V("AMT", "1"))),
          Q("sample-a", "DA", "2024-Q1", VALS(V("AMT", "1")))}, 0, 1},
        {"a sample file superseded by a real one",
         {Q("sample-a1", "DA", "2024-Q1", VALS(V("AMT", "1"))),
          {"a2", "DA", "2024-Q1", 2, NULL, VALS(V("AMT", "2"))}}, 0, 0},
        {"a sample baseline, first indicator", {{NULL, NULL, NULL, 0, NULL, NULL}}, 1, 1},
        {"a sample baseline, last indicator", {{NULL, NULL, NULL, 0, NULL, NULL}}, 2, 1},
    };
    plan *saved = P;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        plan *alt = NULL;
        if (rows[i].where) {
            const char *open = strstr(PLAN_XML_TARGETS, " <indicators>\n") + strlen(" <indicators>\n");
            const char *close = strstr(PLAN_XML_TARGETS, " </indicators>\n");
            const char *at = rows[i].where == 1 ? open : close;
            buf xml;
            buf_init(&xml, 0);
            buf_puts(&xml, PLAN_XML_UNITS);
            buf_put(&xml, PLAN_XML_TARGETS, (size_t)(at - PLAN_XML_TARGETS));
            buf_puts(&xml, sample_ind);
            buf_puts(&xml, at);
            alt = fx_plan_from_string(xml.data);
            buf_release(&xml);
            if (!alt) {
                ROW_FAIL("%s: the plan does not load", rows[i].name);
                continue;
            }
            P = alt;
        }
        struct world w;
        world_build(&w, rows[i].subs, "2024-Q1");
        if (w.r->sample != rows[i].want)
            ROW_FAIL("%s: sample %d, expected %d", rows[i].name, w.r->sample, rows[i].want);
        world_free(&w);
        P = saved;
        plan_free(alt);
    }
    ROWS_DONE();
}

/* Items reported for periods that begin with the plan are listed too. */
static void test_items_at_the_plan_start(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"q1.xml", "DA", "2023-Q1", 1, NULL, ITEMS(IT("ITM", "GI-1", "2023-01-20"))},
        {"y.xml", "DI", "2023", 1, NULL, ITEMS(IT("ITM", "GI-2", "2023-05-20"))},
    };
    static const struct {
        const char *per;
        size_t nitems;
    } want[] = {{"2023-Q1", 1}, {"2023", 2}, {"2023-2025", 2}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        struct world w;
        world_build(&w, subs, want[i].per);
        if (w.r->nitems != want[i].nitems)
            ROW_FAIL("%s: %zu items listed, expected %zu", want[i].per, w.r->nitems,
                     want[i].nitems);
        for (size_t k = 0; k < w.r->nitems; k++)
            if (w.r->items[k].nreports != 1 || !w.r->items[k].in_period)
                ROW_FAIL("%s: item %s has %zu reports, in period %d", want[i].per,
                         w.r->items[k].id, w.r->items[k].nreports, w.r->items[k].in_period);
        world_free(&w);
    }
    ROWS_DONE();
}

/* Every task report and remark of the files that speak for the period is
 * kept, with the lead's status, not only the first of a file. */
static void test_tasks_and_remarks(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        Q("da", "DA", "2024-Q2",
          "<tasks><task code=\"T1\" status=\"done\">a1</task>"
          "<task code=\"T2\" status=\"in-progress\">a2</task></tasks>"
          "<remarks><difficulty>d1</difficulty><proposal>p1</proposal></remarks>"),
        Q("db", "DB", "2024-Q2",
          "<tasks><task code=\"T1\" status=\"in-progress\">b1</task>"
          "<task code=\"T2\" status=\"stopped\">b2</task></tasks>"),
        Q("old", "DA", "2024-Q1", "<remarks><difficulty>not this quarter</difficulty></remarks>"),
    };
    struct world w;
    world_build(&w, subs, "2024-Q2");
    assert_int_equal(w.r->ntasks, 2);
    static const struct {
        size_t task;
        int lead, status;
        const char *text[2];
    } want[] = {{0, 1, TASK_DONE, {"a1", "b1"}}, {1, 1, TASK_STOPPED, {"a2", "b2"}}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        const agg_task *t = &w.r->tasks[want[i].task];
        if (t->has_lead_report != want[i].lead || (int)t->status != want[i].status)
            ROW_FAIL("task %zu: lead report %d, status %d", i, t->has_lead_report, (int)t->status);
        if (t->nreports != 2) {
            ROW_FAIL("task %zu: %zu reports, expected 2", i, t->nreports);
            continue;
        }
        for (size_t k = 0; k < 2; k++)
            if (strcmp(t->reports[k].text, want[i].text[k]) != 0)
                ROW_FAIL("task %zu, report %zu: \"%s\"", i, k, t->reports[k].text);
    }
    ROWS_DONE();
    assert_int_equal(w.r->nremarks, 2);
    assert_string_equal(w.r->remarks[0].text, "d1");
    assert_int_equal(w.r->remarks[0].kind, REMARK_DIFFICULTY);
    assert_string_equal(w.r->remarks[1].text, "p1");
    assert_int_equal(w.r->remarks[1].kind, REMARK_PROPOSAL);
    world_free(&w);
}

/* The same hand-overs with the predecessor listed first in the plan (unit
 * 0): the order of the units does not decide whose figures count. */
static void test_first_unit_hands_over(void **state)
{
    (void)state;
    const char *units = strstr(PLAN_XML_UNITS, " <units>\n") + strlen(" <units>\n");
    const char *old = strstr(PLAN_XML_UNITS, "  <unit code=\"OLD\"");
    const char *old_end = strstr(old, "</unit>\n") + strlen("</unit>\n");
    buf xml;
    buf_init(&xml, 0);
    buf_put(&xml, PLAN_XML_UNITS, (size_t)(units - PLAN_XML_UNITS));
    buf_put(&xml, old, (size_t)(old_end - old));
    buf_put(&xml, units, (size_t)(old - units));
    buf_puts(&xml, old_end);
    buf_puts(&xml, PLAN_XML_TARGETS);
    plan *saved = P;
    P = fx_plan_from_string(xml.data);
    buf_release(&xml);
    if (!P) {
        P = saved;
        fail_msg("the reordered plan does not load");
    }
    static const struct {
        const char *name;
        struct sub_spec subs[MAXSUBS];
        const char *period, *measure, *value;
    } rows[] = {
        {"the successor without a figure holds its predecessor's stock",
         {Q("o", "OLD", "2024-Q4", VALS(V("STK", "5")))}, "2025-Q2", "STK", "5"},
        {"the successor's own older figure adds to it",
         {Q("mg", "DA", "2024-Q3", VALS(V("STK", "7"))), Q("o", "OLD", "2024-Q4", VALS(V("STK", "5")))},
         "2025-Q2", "STK", "12"},
        {"the successor's own figure after the hand-over replaces it",
         {Q("o", "OLD", "2024-Q4", VALS(V("STK", "5"))), Q("mg", "DA", "2025-Q2", VALS(V("STK", "7")))},
         "2025-Q2", "STK", "7"},
    };
    ROWS_BEGIN();
    if (plan_unit_find(P, "OLD") != 0)
        ROW_FAIL("OLD is not the plan's first unit");
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        struct world w;
        world_build(&w, rows[i].subs, rows[i].period);
        const agg_figure *t = &w.r->measures[M(rows[i].measure)].total;
        char got[64];
        if (!t->known || t->value != N(rows[i].value))
            ROW_FAIL("%s: total %s%s, expected %s", rows[i].name, t->known ? "" : "unknown ",
                     numstr(t->value, got, sizeof got), rows[i].value);
        world_free(&w);
    }
    plan_free(P);
    P = saved;
    ROWS_DONE();
}

/* A unit that ended is marked in_successor exactly when its successor's
 * figure covers some of the same periods, for the period and cumulatively. */
static void test_in_successor_flag(void **state)
{
    (void)state;
    static const struct sub_spec subs[MAXSUBS] = {
        {"d1.xml", "DI", "2025-Q1", 1, NULL, VALS(V("MOD", "1"))},
        {"d2.xml", "DI", "2025-Q2", 1, NULL, VALS(V("MOD", "2"))},
        {"xy.xml", "XA", "2025", 1, NULL, VALS(V("MOD", "7"))},
    };
    static const struct {
        const char *period;
        int di;               /* DI's figure for the period and cumulative */
        const char *cumulative;
    } rows[] = {{"2025", 1, "7"},      /* 7, not 1 + 2 + 7 */
                {"2025-Q1", 0, "1"},   /* XA's year fits neither */
                {"2025-H1", 0, "3"}};
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        struct world w;
        world_build(&w, subs, rows[i].period);
        const agg_measure *am = &w.r->measures[M("MOD")], *cm = &w.r->cumulative[M("MOD")];
        const agg_unit_figure *di = agg_measure_unit(am, U("DI")), *dc = agg_measure_unit(cm, U("DI"));
        const agg_unit_figure *xa = agg_measure_unit(cm, U("XA"));
        assert_non_null(di);
        assert_non_null(dc);
        if (di && dc) {
            assert_int_equal(di->counted, 1);
            assert_int_equal(di->in_successor, rows[i].di);
            assert_int_equal(dc->in_successor, rows[i].di);
        }
        assert_true(xa ? !xa->in_successor : !rows[i].di);
        assert_int_equal(cm->total.value, N(rows[i].cumulative));
        world_free(&w);
    }
}

/* The report's window and deadline, for each kind of period. */
static void test_report_window(void **state)
{
    (void)state;
    static const struct {
        const char *per, *cov, *from, *to, *due;
    } rows[] = {
        {"2025-Q3", "2025-Q3", "2025-06-15", "2025-09-14", "2025-09-17"},
        {"2024-H1", "2024-H1", "2023-12-15", "2024-06-14", "2024-06-17"},
        {"2024-9M", "2024-9M", "2023-12-15", "2024-09-14", "2024-09-17"},
        {"2024", "2024", "2023-12-15", "2024-12-14", "2024-12-19"},
        {"2023-2025", "2025", "2024-12-15", "2025-12-14", "2025-12-19"},
    };
    static const struct sub_spec none[MAXSUBS] = {{NULL, NULL, NULL, 0, NULL, NULL}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        struct world w;
        world_build(&w, none, rows[i].per);
        char cov[16], from[16], to[16], due[16];
        period_code(&w.r->coverage_period, cov, sizeof cov);
        date_iso(w.r->from, from, sizeof from);
        date_iso(w.r->to, to, sizeof to);
        date_iso(w.r->due, due, sizeof due);
        if (strcmp(cov, rows[i].cov) || strcmp(from, rows[i].from) || strcmp(to, rows[i].to) ||
            strcmp(due, rows[i].due))
            ROW_FAIL("%s: got coverage %s window %s..%s due %s", rows[i].per, cov, from, to,
                     due);
        world_free(&w);
    }
    ROWS_DONE();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_figure_sources),
        cmocka_unit_test(test_items_counted_once),
        cmocka_unit_test(test_items_period_count),
        cmocka_unit_test(test_items_files_out_of_order),
        cmocka_unit_test(test_item_reports_in_file_order),
        cmocka_unit_test(test_items_year_and_quarter),
        cmocka_unit_test(test_indicators),
        cmocka_unit_test(test_indicator_partial),
        cmocka_unit_test(test_accumulates_and_trend),
        cmocka_unit_test(test_no_data_at_all),
        cmocka_unit_test(test_exact_rounding),
        cmocka_unit_test(test_items_in_period_agree),
        cmocka_unit_test(test_highest_revision_wins),
        cmocka_unit_test(test_revisions_interleaved),
        cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_duplicate_sent_again_late),
        cmocka_unit_test(test_duplicate_three_copies),
        cmocka_unit_test(test_conflict),
        cmocka_unit_test(test_revisions_held_one_a_span),
        cmocka_unit_test(test_conflict_reads_the_winner_again),
        cmocka_unit_test(test_file_changed_when_read_again),
        cmocka_unit_test(test_copy_sent_first_held),
        cmocka_unit_test(test_read_again_by_the_name_on_disk),
        cmocka_unit_test(test_revisions_any_order),
        cmocka_unit_test(test_conflict_names_a_different_file),
        cmocka_unit_test(test_conflict_only),
        cmocka_unit_test(test_speakers),
        cmocka_unit_test(test_ratio_without_denominator),
        cmocka_unit_test(test_texts_kept_for_speakers),
        cmocka_unit_test(test_texts_when_the_year_conflicts),
        cmocka_unit_test(test_late),
        cmocka_unit_test(test_resolve_diagnostics_in_file_order),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_dissolved_unit_figures_kept),
        cmocka_unit_test(test_in_successor_flag),
        cmocka_unit_test(test_first_unit_hands_over),
        cmocka_unit_test(test_sample_flag),
        cmocka_unit_test(test_tasks_and_remarks),
        cmocka_unit_test(test_items_at_the_plan_start),
        cmocka_unit_test(test_report_window),
    };
    int failed = cmocka_run_group_tests_name("rows in memory", tests, setup, teardown);
    rows_in_memory = 1;
    return failed + cmocka_run_group_tests_name("rows in a temporary file", tests, setup,
                                                teardown);
}
